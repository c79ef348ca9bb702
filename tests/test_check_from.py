"""`ceasefire check FILE --from acled|ucdp|gdelt`: a dataset replayed on the fly, through the pack's mapping."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import cli

SOURCES = Path(__file__).parent / "fixtures" / "sources"


def test_check_from_acled_cites_the_source_rows_and_accounts_for_every_row():
    """Breaches name the CSV's own line numbers; the rows' fates are on stderr; a malformed row makes it exit 2."""
    result = cli("check", SOURCES / "acled-hodeidah.csv", "--from", "acled", "-a", "hodeidah-2018", "-q")
    assert result.exit_code == 2
    assert "acled-hodeidah.csv:13: event_date must be a date such as" in result.stderr
    assert "rows:" in result.stderr and "imported" in result.stderr and "malformed" in result.stderr


def test_check_from_ucdp_gives_the_verdict_of_the_imported_log(tmp_path):
    """Checking the UCDP file on the fly gives the same breaches as importing it and checking the log."""
    log = tmp_path / "minsk.jsonl"
    assert cli("import", "ucdp", SOURCES / "ucdp-minsk-2015.csv", "-a", "minsk-2015", "-o", log).exit_code == 0
    direct = cli("check", SOURCES / "ucdp-minsk-2015.csv", "--from", "ucdp", "-a", "minsk-2015", "-f", "json")
    via_log = cli("check", log, "-f", "json")
    reports = [json.loads(r.stdout)["logs"][0] for r in (direct, via_log)]
    assert direct.exit_code == via_log.exit_code
    assert reports[0]["status"] == reports[1]["status"]
    assert [(b["rule"], b["date"]) for b in reports[0]["breaches"]] == [(b["rule"], b["date"]) for b in reports[1]["breaches"]]
    assert "7 rows: 4 imported, 2 out_of_scope (area 1, period 1), 1 unmapped, 0 malformed" in direct.stderr


def test_check_from_needs_an_agreement():
    """A dataset names no agreement: --from without --agreement is a usage error, exit 2."""
    result = cli("check", SOURCES / "acled-hodeidah.csv", "--from", "acled")
    assert result.exit_code == 2
    assert "--from needs --agreement" in result.stderr
