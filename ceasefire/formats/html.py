"""HTML: the timeline page (``ceasefire report``), one self-contained file with a section per log.

A document written at the end of a run without errors, like ``json``: a failed run writes
no page. See ``page`` (the document), ``drawing`` (the SVG) and ``timeline`` (what is drawn).
"""

from __future__ import annotations

from ..explain import explain
from ..page import page
from ..timeline import timeline
from ..verdicts import Run
from . import Format

__all__ = ["Output"]


class Output(Format):
    """Writes the page at the end of the run."""

    fingerprints = False

    def end(self, run: Run) -> None:
        if run.errors:
            return
        logs = []
        for log in run.logs:
            report = log.report
            if report.pack is None:
                continue
            breaches = [f.breach for f in log.findings]
            logs.append((log.file, report.title, timeline(explain(report, breaches), report.pack, breaches, self.view.per)))
        heading = f"ceasefire: {logs[0][0]}" if len(logs) == 1 else f"ceasefire: {len(logs)} logs"
        self.out.write(page(logs, heading))
