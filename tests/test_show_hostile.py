"""Hostile logs through the new outputs: --explain, --tally, markdown, csv, html and watch never break, forge a line, or run."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from conftest import HEADER, cli
from test_page import parsed

from ceasefire.watch import Watcher

NASTY = st.text(alphabet=st.sampled_from(list("ab <>&\"'|*_[]()!#`\\:/=+-@\n\r\t\x1b\x00\u202e\u2028\ufeffwww.x")), max_size=30)
TYPES = ["attack.airstrike", "attack.shelling", "aid.delivered", "aid.convoy_attacked", "declaration.ceasefire_over", "statement",
         "jic.established", "cooperation.suspended"]
EVENTS = st.lists(st.fixed_dictionaries(
    {"date": st.sampled_from(["2016-09-11", "2016-09-13T10:00:00+03:00", "2016-09-15", "2016-09-16T20:00:00+03:00", "2016-09-21"]),
     "type": st.sampled_from(TYPES)},
    optional={"actor": st.sampled_from(["sy-gov", "ru", "us-coalition", "opposition", "un", "isil"]),
              "target": st.sampled_from(["sy-gov", "opposition", "un", "isil"]), "casualties": st.integers(0, 120),
              "location": NASTY, "source": NASTY, "note": NASTY, "id": NASTY}), max_size=8)


def _unsafe(text: str) -> list[str]:
    """Characters that could forge a line or a terminal sequence: controls (but the line break), separators, bidi."""
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


def _write(path, events: list[dict]) -> None:
    events = sorted(events, key=lambda e: e["date"][:10])
    path.write_text("".join(json.dumps(e) + "\n" for e in [HEADER, *events]), encoding="utf-8")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(events=EVENTS)
def test_hostile_events_through_every_new_output(tmp_path, events):
    """Exit 0, 1 or 2; no raw control or bidi character; no markup from the log in Markdown or HTML."""
    log = tmp_path / "log.jsonl"
    _write(log, events)
    for args in (["--explain", "--tally"], ["-f", "markdown"], ["-f", "csv", "--per", "week"]):
        result = cli("check", log, *args)
        assert result.exit_code in (0, 1, 2), result.output
        assert _unsafe(result.stdout) == [] and _unsafe(result.stderr) == []
        if args[-1] == "markdown":
            assert not re.search(r"(?<!\\)[<\[]", result.stdout.split("\n", 3)[-1].replace("\\<", "").replace("\\[", ""))
    page = cli("report", log)
    assert page.exit_code in (0, 2)
    if page.exit_code == 0:
        dom = parsed(page.stdout)
        assert dom.scripts == 0 and dom.fetches == []


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=30)
@given(events=EVENTS)
def test_hostile_events_through_the_watch(tmp_path, events):
    """The watch says each line safely and ends with a verdict, whatever the lines hold."""
    log = tmp_path / "live.jsonl"
    _write(log, events)
    out, err = io.StringIO(), io.StringIO()
    watcher = Watcher(log, now=lambda: datetime(2016, 9, 25, tzinfo=timezone.utc), out=out, err=err)
    watcher.step()
    assert watcher.stop() in (0, 1)
    assert _unsafe(out.getvalue()) == [] and _unsafe(err.getvalue()) == []
    assert "status" in out.getvalue()
