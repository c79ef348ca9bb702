"""Markdown, for reports and for ``$GITHUB_STEP_SUMMARY``: per log, the verdict, why, the tally, the breaches.

A document written at the end of the run (after one with errors too, which it lists). Every
string from a log, a pack or a file name has its control characters shown escaped and its
Markdown punctuation backslash-escaped, so a log can neither break a table nor add a link,
an image or HTML to the page.
"""

from __future__ import annotations

import re

from ..escaping import printable
from ..explain import explain
from ..narrate import status_sentence, status_words, when
from ..tally import Tally
from ..verdicts import LogResult, Run
from ..wording import run_summary
from . import Format
from .csv import COLUMNS

__all__ = ["Output", "md"]

_ACTIVE = re.compile(r"([\\`*_\[\]<>|!~&#])")


def md(text: str) -> str:
    """Text shown as it is in Markdown: controls escaped, and the marks that make emphasis, links, images, HTML,
    headings or table cells backslash-escaped (so are ``://`` and ``www.``, which would make links)."""
    text = _ACTIVE.sub(r"\\\1", printable(text))
    return re.sub(r"(?i)(www)\.", r"\1\\.", text.replace("://", "\\://"))


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _log(log: LogResult, per: str) -> list[str]:
    report = log.report
    out = [f"## {md(log.file)}: {status_words(report.status)}", "",
           f"**{md(report.agreement)}** ({md(report.title)}), as of {md(report.as_of or 'no event yet')}: "
           f"status **{status_words(report.status)}**, {log.breaches} breach{'es' if log.breaches != 1 else ''}.", ""]
    breaches = [f.breach for f in log.findings]
    if report.pack is not None:
        explanation = explain(report, breaches)
        year = int(explanation.start[:4])
        out += [f"**Why:** {md(status_sentence(explanation))}", ""]
        rows = [[md(s.provision + (f" ({s.instance})" if s.instance else "")), md(s.state), status_words(s.weight),
                 md(when(s.since, year)) if s.since else "the start"] for s in explanation.provisions]
        out += _table(["provision", "state", "stands for", "since"], rows) + [""]
    tally = Tally(per, breaches)
    if tally:
        out += [f"### Tally per party (and per {per})", ""]
        rows = [[md(r.party or "unattributed")] + ["" if getattr(r, c) is None else str(getattr(r, c)) for c in COLUMNS]
                for r in tally.parties()]
        out += _table(["party", *COLUMNS], rows) + [""]
        rows = [[r.period or "", md(r.party or "unattributed")] + ["" if getattr(r, c) is None else str(getattr(r, c)) for c in COLUMNS]
                for r in tally.periods()]
        out += _table([per, "party", *COLUMNS], rows) + [""]
    if log.findings:
        out += ["### Breaches", ""]
        rows = []
        for f in log.findings:
            b = f.breach
            where = f"line {b.line}" if b.line is not None else f"no line ({b.kind})"
            flags = (" (uncertain)" if b.uncertain else "") + (" (known)" if f.known else "")
            rows.append([md(b.date), md(b.provision), b.severity, md(b.party or "-"), where, md(b.message) + flags])
        out += _table(["date", "provision", "severity", "party", "where", "what"], rows) + [""]
    if log.warnings:
        out += ["### Warnings", ""] + [f"- {md(w.render(log.file))}" for w in log.warnings] + [""]
    return out


class Output(Format):
    """Writes the Markdown document at the end of the run."""

    fingerprints = False
    writes_errors = True

    def end(self, run: Run) -> None:
        lines = ["# ceasefire", "", md(run_summary(run)), ""]
        for log in run.logs:
            lines += _log(log, self.view.per)
        if run.errors:
            lines += ["## Could not be checked", ""] + [f"- {md(str(e))}" for e in run.errors] + [""]
        self.out.write("\n".join(lines))
