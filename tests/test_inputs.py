"""Inputs at the edges: calendar limits, impossible file names, unreadable folders, one grammar of dates."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from ceasefire.dates import DATE_GRAMMAR, INTERVAL_GRAMMAR, UTC, parse_duration, parse_moment
from ceasefire.schemas import schema

from conftest import HEADER, cli

ROOT = Path(__file__).resolve().parent.parent
HEADER_LINE = json.dumps(HEADER) + "\n"


def one_error(result, where: str, message: str) -> None:
    """Exit 2, nothing on stdout, one `WHERE: message` line on stderr."""
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr.startswith(f"{where}: {message}"), result.stderr
    assert result.stderr.count("\n") == 1


# -- the edges of the calendar -----------------------------------------------------------------


def test_a_date_past_the_calendar_in_the_packs_zone_is_a_line_error(tmp_path):
    """`9999-12-31T22:00:00Z` is year 10000 in Damascus (UTC+3): `FILE:LINE: message`, exit 2."""
    log = tmp_path / "log.jsonl"
    log.write_text(HEADER_LINE + '{"date": "9999-12-31T22:00:00Z", "type": "statement"}\n')
    one_error(cli("check", log), f"{log}:2", "date '9999-12-31T22:00:00Z' is out of range in the pack's time zone")


@pytest.mark.parametrize("when", ["9999-12-31T10:00:00+03:00", "9999-12-30T21:00:00Z", "9999-12-31T10:00:00",
                                  "0001-01-01T10:00:00+03:00"])
def test_an_event_on_the_calendars_last_or_first_day_in_the_packs_zone_is_a_line_error(tmp_path, when):
    """An event on the calendar's last or first day in the pack's zone is a line error (exit 2), never an internal error."""
    # An attack on 31 December 9999 (or 1 January of year 1) in Damascus: its day cannot be closed, so the line is out of range,
    # as the bare date of that day is (`FILE:LINE: message`, exit 2).
    log = tmp_path / "log.jsonl"
    log.write_text(HEADER_LINE + f'{{"date": "{when}", "type": "attack.airstrike", "actor": "sy-gov"}}\n')
    one_error(cli("check", log), f"{log}:2", f"date '{when}' is out of range in the pack's time zone")


def test_an_event_on_the_day_before_the_calendars_last_is_checked(tmp_path):
    """30 December 9999 in Damascus is still a day the checker can close: the attack is a breach, exit 1."""
    log = tmp_path / "log.jsonl"
    log.write_text(HEADER_LINE + '{"date": "9999-12-30T20:59:59Z", "type": "attack.airstrike", "actor": "sy-gov"}\n')
    result = cli("check", log)
    assert result.exit_code == 1, result.output
    assert "9999-12-30T23:59:59+03:00" in result.stdout and "status fragile" in result.stdout


def test_an_as_of_past_the_calendar_is_an_error_naming_the_log(tmp_path):
    """`--as-of 9999-12-31T23:00:00Z` with a UTC+3 pack: exit 2, the log named, no traceback."""
    log = tmp_path / "log.jsonl"
    log.write_text(HEADER_LINE + '{"date": "2016-09-13T10:00:00+03:00", "type": "statement"}\n')
    one_error(cli("check", log, "--as-of", "9999-12-31T23:00:00Z"), str(log), "as-of: date '9999-12-31T23:00:00Z' is out of range")


@pytest.mark.parametrize("ref, message", [("\ud800", "cannot read: not a valid file name"), ("a" * 5000 + ".toml", "cannot read: File name too long")])
def test_a_header_naming_an_impossible_file_is_a_line_error(tmp_path, ref, message):
    """A header naming `"\\ud800"` or a 5,000-character file: `FILE:1: agreement ...: message`."""
    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps({"agreement": ref}) + "\n")
    result = cli("check", log)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{log}:1: agreement ") and result.stderr.rstrip().endswith(message)


def test_a_five_thousand_character_file_name_is_an_error(tmp_path):
    """A log named with 5,000 characters: exit 2 naming it, for a file and for --agreement."""
    name = str(tmp_path / ("x" * 5000 + ".jsonl"))
    one_error(cli("check", name), name, "cannot read: File name too long")
    result = cli("check", "--agreement", "y" * 5000 + ".toml", "-", input=HEADER_LINE)
    assert result.exit_code == 2 and "cannot read: File name too long" in result.stderr


# -- one grammar of dates ------------------------------------------------------------------------


def test_the_reader_and_the_schema_share_one_grammar():
    """The shipped `schema events` date patterns are the reader's grammar, character for character (a point, or an interval)."""
    fields = schema("events")["$defs"]["event"]["properties"]
    assert fields["date"]["pattern"] == f"^{INTERVAL_GRAMMAR}$"
    assert fields["date_end"]["pattern"] == fields["until"]["pattern"] == f"^{DATE_GRAMMAR}$"


@pytest.mark.parametrize(
    "text",
    ["2016-09-17\x0014:00:00", "2016-09-17é14:00:00", "2016-W37-6", "2016-W37", "20160917", "20160917T140000",
     "2016-09-17T14:00:00+03:00:00.5", "٢٠١٦-٠٩-١٧", "2016-09-17t14:00:00", "2016-09-17T14:00:00z", "2016-09-17\n"],
)
def test_dates_outside_the_grammar_are_refused_by_reader_and_schema(tmp_path, text):
    """NUL or é as separator, week dates, basic format, other digits: the reader refuses what the schema refuses."""
    assert re.fullmatch(DATE_GRAMMAR, text) is None
    with pytest.raises(ValueError, match="invalid date"):
        parse_moment(text, UTC)
    log = tmp_path / "log.jsonl"
    log.write_text(HEADER_LINE + json.dumps({"date": text, "type": "statement"}) + "\n")
    result = cli("check", log)
    assert result.exit_code == 2 and result.stderr.startswith(f"{log}:2: invalid date ")


@pytest.mark.parametrize("text", ["2016-09-17", "2016-09-17T14", "2016-09-17 14:00", "2016-09-17T14:00:00,5Z",
                                  "2016-09-17T14:00:00.123456789+03", "2016-09-17T14:00+0300", "2016-09-17T14:00:00-05:00:00"])
def test_dates_inside_the_grammar_are_accepted_by_both(text):
    """Every form the grammar allows is read."""
    assert re.fullmatch(DATE_GRAMMAR, text)
    parse_moment(text, UTC)


@pytest.mark.parametrize("text", ["٧٢h", "P٣D", "７２h", "72h\n"])
def test_durations_take_ascii_digits_only(text):
    """Arabic-Indic or full-width digits in a duration are refused."""
    with pytest.raises(ValueError, match="invalid duration"):
        parse_duration(text)


# -- folders that cannot be read -------------------------------------------------------------------


def test_an_unreadable_folder_under_a_walked_directory_is_an_error(tmp_path, monkeypatch):
    """A subfolder the walk cannot read: `PATH: cannot read this folder: ...`, exit 2, nothing printed."""
    logs = tmp_path / "logs"
    (logs / "secret").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "syria-2016-holding.jsonl", logs / "ok.jsonl")
    shutil.copy(ROOT / "examples" / "syria-2016-09.jsonl", logs / "secret" / "breach.jsonl")
    real = os.scandir

    def scandir(path="."):  # as a non-root user with `chmod 700` on someone else's folder
        if str(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    one_error(cli("check", logs), str(logs / "secret"), "cannot read this folder: Permission denied")


def test_an_unreadable_folder_as_another_user(tmp_path):
    """The same, for real: a user who may not enter a subfolder gets exit 2, not exit 0 with the breach hidden."""
    if os.geteuid() != 0 and not hasattr(os, "setuid"):
        pytest.skip("needs POSIX users")
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)
        (folder / "secret").mkdir()
        shutil.copy(ROOT / "examples" / "syria-2016-holding.jsonl", folder / "ok.jsonl")
        shutil.copy(ROOT / "examples" / "syria-2016-09.jsonl", folder / "secret" / "breach.jsonl")
        (folder / "ok.jsonl").chmod(0o644)
        (folder / "secret").chmod(0o700)
        command = [sys.executable, "-m", "ceasefire", "check", str(folder)]
        if os.geteuid() == 0:  # root reads everything: run as nobody
            if shutil.which("setpriv") is None:
                pytest.skip("setpriv is not installed")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
            os.chown(folder / "secret", 0, 0)
        done = subprocess.run(command, capture_output=True, text=True, cwd="/", timeout=60,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        if "No module named" in done.stderr:
            pytest.skip("the package is not readable by another user here")
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == f"{folder}/secret: cannot read this folder: Permission denied\n"
    finally:
        shutil.rmtree(folder)


def test_a_dangling_log_under_a_walked_directory_is_an_error(tmp_path):
    """A `*.jsonl` symlink whose target is gone is not skipped silently."""
    shutil.copy(ROOT / "examples" / "syria-2016-holding.jsonl", tmp_path / "ok.jsonl")
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    result = cli("check", tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path}/gone.jsonl: no such file" in result.stderr


# -- baselines are bounded like packs ------------------------------------------------------------


def test_a_baseline_that_never_ends_is_refused(tmp_path):
    """--baseline on a zero device (made in the test folder): read up to the cap, then exit 2."""
    from conftest import make_device

    zero = make_device(tmp_path, "zero")
    result = cli("check", ROOT / "examples" / "syria-2016-09.jsonl", "--baseline", zero)
    one_error(result, str(zero), "larger than 33554432 bytes: not a ceasefire baseline")


def test_a_hundred_megabyte_baseline_is_refused(tmp_path):
    """A 100 MB baseline is refused without being read whole."""
    big = tmp_path / "baseline.json"
    with open(big, "wb") as f:
        f.truncate(100_000_000)
    one_error(cli("check", ROOT / "examples" / "syria-2016-09.jsonl", "--baseline", big), str(big), "larger than 33554432 bytes")


def test_a_deeply_nested_baseline_is_refused(tmp_path):
    """A baseline nested 100,000 deep: exit 2, not a RecursionError."""
    deep = tmp_path / "baseline.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    one_error(cli("check", ROOT / "examples" / "syria-2016-09.jsonl", "--baseline", deep), str(deep), "not a ceasefire baseline: nested too deeply")
