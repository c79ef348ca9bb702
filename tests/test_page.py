"""The timeline page: one self-contained HTML file, rendered by a real browser (headless Chromium) for each bundled example.

Without a browser these tests skip, except under CI (the CI variable set), where they fail:
``.ci/run`` installs Debian's chromium. ``CEASEFIRE_SCREENSHOT=1`` rewrites docs/timeline.png.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import HEADER, attack, cli

from ceasefire import check
from ceasefire.explain import explain

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
SCREENSHOT = ROOT / "docs" / "timeline.png"
DEBIAN = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--hide-scrollbars"]
PROBE = """<script>
const q = s => Array.from(document.querySelectorAll(s));
const out = {lanes: q("svg .lane").map(l => l.dataset.provision), bands: q("svg .lane .band").map(b => b.closest(".lane").dataset.provision),
  status: q("svg .status-band .status").map(b => b.dataset.state), breaches: q("svg .breach").length, ticks: q("svg .tick").length,
  focusable: q("svg .breach").every(b => b.tabIndex === 0 && b.getAttribute("role") === "img" && b.querySelector("title")),
  bars: q("svg .bar").length, titled: q("svg .band, svg .status, svg .tick, svg .bar").every(e => e.querySelector("title"))};
const box = document.querySelector("svg.timeline").getBoundingClientRect();
out.inside = q("svg .breach > title + *").every(m => {
  const r = m.getBoundingClientRect(); return r.left >= box.left - 1 && r.right <= box.right + 1 && r.width > 0; });
const marker = q("svg .breach")[0];
window.focus();
if (marker) { out.tipBefore = getComputedStyle(marker.querySelector(".tip")).display; marker.focus();
  out.focused = document.activeElement === marker; out.matches = marker.matches(":focus");
  out.tipFocused = getComputedStyle(marker.querySelector(".tip")).display; }
out.focusRule = Array.from(document.styleSheets[0].cssRules).some(r => r.selectorText && r.selectorText.includes(".breach:focus .tip")
  && r.style.display === "inline");
document.body.insertAdjacentHTML("beforeend", "<pre id='probe'>" + JSON.stringify(out) + "</pre>");
</script>"""


def browser() -> str:
    """Debian's chromium: a test without it fails under CI and skips elsewhere."""
    found = shutil.which("chromium") or shutil.which("chromium-browser") or (str(DEBIAN) if DEBIAN.exists() else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("headless Chromium is missing (apt-get install -y chromium): the timeline page cannot be tested")
        pytest.skip("headless Chromium is not installed (apt-get install -y chromium)")
    return found


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a fresh profile, its console messages on stderr."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([browser(), *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args],
                              capture_output=True, text=True, timeout=120)


def page_of(log: Path, folder: Path, *extra: str) -> Path:
    """Write a log's timeline page with ``ceasefire report`` and return its path."""
    out = folder / f"{log.stem}.html"
    result = cli("report", log, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


class Elements(HTMLParser):
    """Counts elements by class, and collects what a page would fetch or run."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: dict[str, int] = {}
        self.fetches: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in (found.get("class") or "").split():
            self.classes[name] = self.classes.get(name, 0) + 1
        self.scripts += tag == "script"
        self.fetches += [v for k, v in attrs if k in ("src", "href") and v and not v.startswith("#")]


def parsed(html: str) -> Elements:
    """The page parsed by the standard library's HTML parser."""
    elements = Elements()
    elements.feed(html)
    return elements


@pytest.mark.parametrize("log", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_page_renders_in_chromium_with_its_lanes_bands_and_markers(log, tmp_path):
    """The page Chromium loads has a lane per provision, bands in each, one marker per breach, ticks; and no console message."""
    report = check(log)
    page = page_of(log, tmp_path)
    loaded = chromium("--dump-dom", page.as_uri())
    assert loaded.returncode == 0
    assert [line for line in loaded.stderr.splitlines() if ":CONSOLE" in line] == []
    dom = parsed(loaded.stdout)
    lanes = [story.provision for story in explain(report).provisions]  # a provision's lane, then one per party or field
    assert set(lanes) == set(report.provisions)
    assert dom.classes["lane"] == len(lanes)
    assert dom.classes.get("breach", 0) == len(report.breaches)
    assert dom.classes["band"] >= len(report.provisions) and dom.classes["status"] >= 1
    assert dom.scripts == 0 and dom.fetches == []
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace('<meta http-equiv="Content-Security-Policy"', "<meta name=x")
                     .replace("</body>", PROBE + "</body>"), encoding="utf-8")
    probed = chromium("--dump-dom", probe.as_uri())
    assert [line for line in probed.stderr.splitlines() if ":CONSOLE" in line] == []
    facts = json.loads(probed.stdout.split("<pre id=\"probe\">", 1)[1].split("</pre>", 1)[0])
    assert facts["lanes"] == lanes
    assert set(facts["bands"]) == set(report.provisions)
    assert facts["breaches"] == len(report.breaches) and facts["focusable"] and facts["titled"] and facts["inside"]
    assert facts["status"][-1] == report.status
    assert facts["bars"] >= (1 if report.breaches else 0)
    assert facts["focusRule"]  # a focused marker shows its facts (checked live below when the headless window has the focus)
    if report.breaches:
        assert (facts["tipBefore"], facts["focused"]) == ("none", True)
        assert facts["tipFocused"] == ("inline" if facts["matches"] else "none")


def test_the_screenshot_is_taken_and_the_readme_shows_it(tmp_path):
    """Chromium takes a screenshot of the seed article's page (docs/timeline.png, rewritten with CEASEFIRE_SCREENSHOT=1)."""
    page = page_of(ROOT / "examples" / "syria-2016-09.jsonl", tmp_path)
    shot = SCREENSHOT if os.environ.get("CEASEFIRE_SCREENSHOT") else tmp_path / "timeline.png"
    taken = chromium("--window-size=1200,1000", f"--screenshot={shot}", page.as_uri())
    assert taken.returncode == 0
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == 1200
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "![The timeline page of examples/syria-2016-09.jsonl](docs/timeline.png)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_page_is_one_self_contained_file_with_no_script():
    """Inline CSS and SVG only: nothing fetched, nothing run, a content security policy that forbids both."""
    html = cli("report", ROOT / "examples" / "syria-2016-09-19.jsonl").stdout
    dom = parsed(html)
    assert html.startswith("<!DOCTYPE html>") and dom.scripts == 0 and dom.fetches == []
    assert "default-src 'none'" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert dom.classes["breach"] == 4 and dom.classes["lane"] == 7  # cessation, aid, castello and its two parties, jic, term
    assert 'class="status weight-in_doubt" data-state="in_doubt"' in html  # one party's declaration leaves it in doubt
    assert "@media print" in html


def test_a_hostile_log_cannot_put_markup_in_the_page(tmp_path):
    """A location holding HTML and a script is shown as text in the marker's facts and the breach table."""
    log = tmp_path / "log.jsonl"
    rows = [HEADER, attack("2016-09-13T10:00:00+03:00", location='<script>alert(1)</script>"><img src=x>')]
    log.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    html = cli("report", log).stdout
    dom = parsed(html)
    assert dom.scripts == 0 and dom.fetches == [] and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x&gt;" in html


def test_report_refuses_to_overwrite_its_log_and_writes_nothing_for_a_bad_log(tmp_path):
    """The page may not replace the log it draws; a log that cannot be checked exits 2 and leaves no page."""
    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps(HEADER) + "\n", encoding="utf-8")
    assert cli("report", log, "-o", log).exit_code == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"agreement": "syria-2016"}\n{"date": "nope", "type": "statement"}\n', encoding="utf-8")
    result = cli("report", bad, "-o", tmp_path / "page.html")
    assert result.exit_code == 2 and "bad.jsonl:2:" in result.stderr
    assert not (tmp_path / "page.html").exists()


def test_deadlines_show_as_ticks_with_what_became_of_them(tmp_path):
    """Minsk: the heavy weapons' withdrawal began late, for each party; the ceasefire's calm periods ran out three times."""
    html = cli("report", ROOT / "examples" / "minsk-2015-02.jsonl").stdout
    assert html.count('class="tick tick-missed"') == 5 and html.count('class="tick tick-fired"') == 3  # + the Rada's, from the signing
    assert "special_status_resolution: the deadline rada-resolution, due 15 March 00:00: missed" in html
    assert "heavy_weapons (dpr): the 14-day deadline withdrawal-end, due 3 March 00:00: met" in html  # from the start's due date
    assert "heavy_weapons (dpr): the 48-hour deadline withdrawal-start, due 17 February 00:00: missed" in html
    assert "ceasefire: the 72-hour calm period ceasefire-calm, ran out at the end of 24 February: fired" in html


def test_a_missing_browser_fails_under_ci_and_skips_elsewhere(monkeypatch, tmp_path):
    """With CI set, no browser is a failure, never a skip; without it, a skip."""
    import test_page

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(test_page, "DEBIAN", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="headless Chromium is missing"):
        browser()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        browser()
