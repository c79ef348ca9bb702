"""The timeline page: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched).

Per log: the verdict, the explanation in words, the picture (``drawing``), a legend, the
breaches and the tally as tables (what a screen reader or a printer reads best). Readable
when printed: the colours are kept (``print-color-adjust``), tooltips are not printed, and
every log starts on a new page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .drawing import COLOURS, PATTERNS, SEVERITY_SHAPES, svg
from .escaping import printable
from .explain import Explanation
from .narrate import status_sentence, status_words, when
from .tally import Tally
from .timeline import Timeline

__all__ = ["page"]

CSS = """
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; }
body { margin: 1.5rem auto; max-width: 1120px; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.verdict { font-size: 1.05rem; } .status { font-weight: 700; padding: 0 .4em; border: 2px solid #000; border-radius: 3px; }
.why { font-size: 1.05rem; border-left: 4px solid #000; padding-left: .75rem; }
figure { margin: 1rem 0; overflow-x: auto; } svg.timeline { font-size: 12px; max-width: 100%; height: auto; }
svg .name { text-anchor: end; font-weight: 600; } svg .label { pointer-events: none; }
svg .label, svg .count, svg .ticklabel { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .count { text-anchor: middle; font-size: 11px; } svg .caption { font-weight: 600; }
svg .axis line { stroke: #000; stroke-opacity: .12; } svg .axis text { fill: #444; font-size: 11px; }
svg .tick line { stroke: #000; stroke-width: 1.5; } svg .tick path { fill: #000; } svg .ticklabel { font-size: 10px; }
svg .tick-met line, svg .tick-ahead line { stroke: #555; } svg .base { stroke: #000; }
svg .breach > :not(.tip) { stroke: #000; stroke-width: 1.5; } svg .breach { cursor: help; outline: none; }
svg .breach:focus > :not(.tip), svg .breach:hover > :not(.tip) { stroke-width: 3; }
svg .tip { display: none; pointer-events: none; } svg .tip rect { fill: #fff; stroke: #000; } svg .tip text { font-size: 12px; }
svg .breach:hover .tip, svg .breach:focus .tip { display: inline; }
svg .bar { stroke: #000; stroke-width: .5; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; } th, td { border: 1px solid #999; padding: .2rem .45rem; vertical-align: top; }
th { background: #eee; text-align: left; } td.n { text-align: right; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; font-size: .9rem; } .legend svg { vertical-align: middle; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; margin: 0; } section.log { break-before: page; } section.log:first-of-type { break-before: auto; }
  svg .tip { display: none !important; } figure { overflow: visible; } table { break-inside: auto; } tr { break-inside: avoid; }
}
"""


def _e(text: object) -> str:
    return escape(printable(str(text)), quote=True)


def _legend() -> str:
    items = []
    for weight in ("holding", "fragile", "in_doubt", "collapsed", "pending"):
        pattern = f'<rect width="28" height="14" fill="url(#l-{PATTERNS[weight]})"/>' if weight in PATTERNS else ""
        items.append(f'<span><svg width="28" height="14" aria-hidden="true"><rect width="28" height="14" fill="{COLOURS[weight]}"/>'
                     f"{pattern}</svg> {status_words(weight)}</span>")
    for severity, (shape, r, fill) in SEVERITY_SHAPES.items():
        mark = {"circle": f'<circle cx="11" cy="11" r="{r}"', "square": f'<rect x="{11 - r}" y="{11 - r}" width="{2 * r}" height="{2 * r}"',
                "diamond": f'<path d="M11 {11 - r}L{11 + r} 11L11 {11 + r}L{11 - r} 11Z"'}[shape]
        items.append(f'<span><svg width="22" height="22" aria-hidden="true">{mark} fill="{fill}" stroke="#000" stroke-width="1.5"/></svg> '
                     f"{severity} breach</span>")
    items.append('<span><svg width="14" height="22" aria-hidden="true"><path d="M3 2L11 2L7 8Z"/><line x1="7" y1="8" x2="7" y2="22" '
                 'stroke="#000" stroke-width="1.5"/></svg> deadline due (dashed: met or not yet due) or calm period run out</span>')
    defs = ('<svg width="0" height="0" aria-hidden="true" style="position:absolute"><defs>'
            '<pattern id="l-dots" width="6" height="6" patternUnits="userSpaceOnUse"><circle cx="3" cy="3" r="1.2" fill="#000" opacity=".45"/></pattern>'
            '<pattern id="l-hatch" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="7" '
            'stroke="#000" stroke-width="1.6" opacity=".4"/></pattern>'
            '<pattern id="l-cross" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><path d="M0 0V7M0 0H7" '
            'stroke="#000" stroke-width="1.6" opacity=".5"/></pattern>'
            '<pattern id="l-lines" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 3H6" stroke="#fff" stroke-width="1.5"/></pattern>'
            "</defs></svg>")
    return f'<div class="legend" role="note" aria-label="legend">{defs}{"".join(items)}</div>'


def _stories(e: Explanation) -> str:
    year = int(e.as_of[:4]) if e.as_of else None
    rows = []
    for s in e.provisions:
        who = s.provision + (f" ({s.instance})" if s.instance else "")
        since = when(s.since, year) if s.since else "the start"
        rows.append(f"<tr><td>{_e(who)}</td><td>{_e(s.title)}</td><td>{_e(s.state)}</td><td>{_e(status_words(s.weight))}</td>"
                    f"<td>{_e(since)}</td></tr>")
    return ("<table><caption>Each provision now</caption><thead><tr><th>provision</th><th>title</th><th>state</th><th>stands for</th>"
            f"<th>since</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _breaches(t: Timeline) -> str:
    rows = []
    year = int(t.explanation.as_of[:4]) if t.explanation.as_of else None
    for lane in t.lanes:
        for m in lane.markers:
            b = m.breach
            where = f"line {b.line}" if b.line is not None else f"no line ({b.kind})"
            rows.append((m.at, f"<tr><td>{_e(when(b.date, year))}</td><td>{_e(b.provision)}</td><td>{b.severity}</td>"
                               f"<td>{_e(b.party or '-')}</td><td>{where}</td><td>{_e(b.message)}{' (uncertain)' if b.uncertain else ''}</td></tr>"))
    if not rows:
        return "<p>No breach.</p>"
    body = "".join(row for _, row in sorted(rows, key=lambda r: r[0]))
    return ("<table><thead><tr><th>when</th><th>provision</th><th>severity</th><th>party</th><th>where</th><th>what</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _tally(tally: Tally) -> str:
    columns = ("critical", "major", "minor", "incidents", "casualties", "killed", "injured", "alleged")
    rows = "".join(f"<tr><td>{_e(r.party or 'unattributed')}</td>"
                   + "".join(f'<td class="n">{"-" if getattr(r, c) is None else getattr(r, c)}</td>' for c in columns) + "</tr>"
                   for r in tally.parties())
    head = "".join(f"<th>{c}</th>" for c in columns)
    return f"<table><thead><tr><th>party</th>{head}</tr></thead><tbody>{rows}</tbody></table>" if rows else "<p>No breach.</p>"


def _section(file: str, title: str, t: Timeline) -> str:
    e = t.explanation
    as_of = when(e.as_of) if e.as_of else "no event yet"
    return (f'<section class="log" aria-label="{_e(file)}"><h1>{_e(title)}</h1>'
            f'<p class="verdict">{_e(file)} ({_e(e.agreement)}), as of {_e(as_of)}: status '
            f'<span class="status" style="background:{COLOURS.get(e.status, "#fff")}">{_e(status_words(e.status))}</span></p>'
            f'<h2>Why</h2><p class="why">{_e(status_sentence(e))}</p>'
            f'<figure><figcaption class="sr">The truce over time: the status on top, a lane per provision, breaches as marks '
            f"(focus one with the Tab key to read its facts), deadlines as ticks, and below, breaches per party.</figcaption>"
            f"{svg(t)}{_legend()}</figure>{_stories(e)}<h2>Breaches</h2>{_breaches(t)}"
            f"<h2>Tally per party</h2>{_tally(t.tally)}</section>")


def page(logs: Sequence[tuple[str, str, Timeline]], heading: str) -> str:
    """The whole page: a section per (file, title, timeline)."""
    body = "".join(_section(file, title, t) for file, title, t in logs)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">'
            f"<title>{_e(heading)}</title><style>{CSS}</style></head><body><main>{body}</main></body></html>\n")
