"""The timeline as inline SVG: the status band, a lane per provision, breach markers, timer ticks, the tally's bars.

Colours are from the Okabe–Ito palette, which colour-blind readers tell apart, and never
carry meaning alone: states that weigh on the status are also hatched or dotted and
labelled; breaches differ in size and shape by severity; every band, marker, tick and bar
has a ``<title>`` (shown on hover) and an ``aria-label``, and markers take the keyboard focus
(``tabindex``), which shows their facts beside them. Every string is escaped for XML.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from .dates import day_bounds
from .narrate import span, status_words, when
from .timeline import Band, Lane, Marker, Tick, Timeline

__all__ = ["COLOURS", "SEVERITY_SHAPES", "svg"]

COLOURS = {"holding": "#009E73", "fragile": "#F0E442", "in_doubt": "#E69F00", "collapsed": "#D55E00", "pending": "#BBBBBB"}
"""The fill of a state or status band, by the status it stands for (Okabe–Ito)."""
SEVERITY_SHAPES = {"minor": ("circle", 5, "#56B4E9"), "major": ("square", 7, "#0072B2"), "critical": ("diamond", 10, "#CC79A7")}
"""A breach marker by severity: its shape, its half-size in pixels, its fill (Okabe–Ito)."""
PATTERNS = {"fragile": "dots", "in_doubt": "hatch", "collapsed": "cross", "pending": "lines"}

WIDTH, LEFT, RIGHT = 1100, 210, 30
PLOT = WIDTH - LEFT - RIGHT
ROW, LANE, GAP, BAR = 26, 30, 22, 60


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _defs() -> str:
    return ("<defs>"
            '<pattern id="p-dots" width="6" height="6" patternUnits="userSpaceOnUse"><circle cx="3" cy="3" r="1.2" fill="#000" opacity=".45"/></pattern>'
            '<pattern id="p-hatch" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<line x1="0" y1="0" x2="0" y2="7" stroke="#000" stroke-width="1.6" opacity=".4"/></pattern>'
            '<pattern id="p-cross" width="7" height="7" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<path d="M0 0V7M0 0H7" stroke="#000" stroke-width="1.6" opacity=".5"/></pattern>'
            '<pattern id="p-lines" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 3H6" stroke="#fff" stroke-width="1.5"/></pattern>'
            "</defs>")


class _Scale:
    def __init__(self, t: Timeline) -> None:
        self.start, self.total = t.start, max((t.end - t.start).total_seconds(), 1.0)
        self.year = int(t.explanation.as_of[:4]) if t.explanation.as_of else t.start.year
        self.zone = t.agreement.timezone

    def x(self, moment: datetime) -> float:
        return round(LEFT + (moment - self.start).total_seconds() / self.total * PLOT, 1)

    def words(self, moment: datetime) -> str:
        return when(moment.astimezone(self.zone).replace(microsecond=0).isoformat(), self.year)


def _band(band: Band, y: int, height: int, scale: _Scale, who: str, cls: str) -> str:
    x0, x1 = scale.x(band.start), scale.x(band.end)
    width = max(x1 - x0, 1.0)
    state = band.state if cls == "band" else status_words(band.state)
    label = f"{who}: {state} from {scale.words(band.start)} to {scale.words(band.end)} ({status_words(band.weight)})"
    parts = [f'<g class="{cls} weight-{_e(band.weight)}" data-state="{_e(band.state)}" role="img" aria-label="{_e(label)}">',
             f"<title>{_e(label)}</title>",
             f'<rect x="{x0}" y="{y}" width="{width}" height="{height}" fill="{COLOURS.get(band.weight, "#999")}"/>']
    if band.weight in PATTERNS:
        parts.append(f'<rect x="{x0}" y="{y}" width="{width}" height="{height}" fill="url(#p-{PATTERNS[band.weight]})"/>')
    if width > 7 * len(state) + 8:
        parts.append(f'<text class="label" x="{x0 + (14 if cls == "band" else 4)}" y="{y + height / 2 + 4}">{_e(state)}</text>')
    return "".join(parts) + "</g>"


def _shape(kind: str, x: float, y: float, r: int, fill: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}"/>'
    if kind == "square":
        return f'<rect x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" fill="{fill}"/>'
    return f'<path d="M{x} {y - r}L{x + r} {y}L{x} {y + r}L{x - r} {y}Z" fill="{fill}"/>'


def _facts(marker: Marker, scale: _Scale) -> list[str]:
    b = marker.breach
    where = f"line {b.line}" if b.line is not None else f"no line: a {b.kind}"
    lines = [f"{b.severity} breach of {b.provision}{' (uncertain)' if b.uncertain else ''}",
             f"{when(b.date, scale.year)}, {where}, party {b.party or 'not named'}"]
    if b.event_type:
        lines.append(f"{b.event_type} by {b.actor or 'an unknown actor'}" + (f" on {b.target}" if b.target else ""))
    facts = [f"at {b.location}" if b.location else "", f"{b.casualties} casualties" if b.casualties is not None else ""]
    facts += [f"{name} {getattr(b, name)}" for name in ("killed", "injured", "verification") if getattr(b, name, None) is not None]
    if any(facts):
        lines.append(", ".join(f for f in facts if f))
    lines.append(b.message)
    if b.source:
        lines.append(f"source: {b.source}")
    return [line if len(line) <= 90 else line[:89] + "…" for line in lines]


def _marker(marker: Marker, y: float, scale: _Scale, index: int) -> str:
    kind, r, fill = SEVERITY_SHAPES[marker.breach.severity]
    x = scale.x(marker.at)
    lines = _facts(marker, scale)
    text = "; ".join(lines)
    wide = 12 + 6.6 * max(len(line) for line in lines)
    tx = min(max(x - wide / 2, 2.0), WIDTH - wide - 2)
    ty = y + r + 6
    tip = "".join(f'<text x="{tx + 6}" y="{ty + 18 + 16 * i}">{_e(line)}</text>' for i, line in enumerate(lines))
    tip = f'<g class="tip" aria-hidden="true"><rect x="{tx}" y="{ty}" width="{wide:.0f}" height="{8 + 16 * len(lines)}" rx="3"/>{tip}</g>'
    b = marker.breach
    return (f'<g class="breach severity-{b.severity}" tabindex="0" role="img" aria-label="{_e(text)}" '
            f'data-provision="{_e(b.provision)}" data-line="{b.line or ""}" data-index="{index}"><title>{_e(text)}</title>'
            f"{_shape(kind, x, y, r, fill)}{tip}</g>")


def _tick(tick: Tick, y: int, scale: _Scale, who: str) -> str:
    x = scale.x(tick.at)
    length = f"{span(tick.span)} " if tick.span else ""  # a fixed date's deadline has no span
    what = f"the {length}{'deadline' if tick.kind == 'deadline' else tick.kind + ' period'} {tick.timer}"
    at = scale.words(tick.at)
    at = f"at {at}" if at.startswith("the end") else at
    label = f"{who}: {what}, {'due' if tick.kind == 'deadline' else 'ran out'} {at}: {tick.outcome}"
    dash = ' stroke-dasharray="3 2"' if tick.outcome in ("ahead", "met", "stopped") else ""
    left = x < LEFT + PLOT * 0.75  # the label to the right of the tick, else to its left
    anchor = "" if left else ' text-anchor="end"'
    return (f'<g class="tick tick-{tick.outcome}" role="img" aria-label="{_e(label)}"><title>{_e(label)}</title>'
            f'<line x1="{x}" y1="{y - 6}" x2="{x}" y2="{y + LANE + 4}"{dash}/>'
            f'<path d="M{x - 4} {y - 10}L{x + 4} {y - 10}L{x} {y - 4}Z"/>'
            f'<text class="ticklabel" x="{x + 5 if left else x - 5}" y="{y - 5}"{anchor}>{_e(tick.timer)} ({_e(tick.outcome)})</text></g>')


def _lane(lane: Lane, y: int, scale: _Scale) -> str:
    story = lane.story
    who = story.provision + (f" ({story.instance})" if story.instance else "")
    parts = [f'<g class="lane" data-provision="{_e(story.provision)}" role="group" aria-label="{_e(f"{who}: {story.title}")}">',
             f'<text class="name" x="{LEFT - 8}" y="{y + LANE / 2 + 4}">{_e(who)}</text>']
    parts += [_band(b, y, LANE, scale, who, "band") for b in lane.bands]
    parts += [_tick(t, y, scale, who) for t in lane.ticks]
    return "".join(parts) + "</g>"


def _markers(lane: Lane, y: int, scale: _Scale, first: int) -> str:
    """A lane's breaches; those within a few pixels of each other are staggered up and down."""
    parts, seen = [], {}  # type: ignore[var-annotated]
    for i, marker in enumerate(lane.markers):
        x = round(scale.x(marker.at) / 8)
        offset = seen[x] = seen.get(x, -1) + 1
        parts.append(_marker(marker, y + LANE / 2 + (0, 8, -8)[offset % 3], scale, first + i))
    return "".join(parts)


def _axis(t: Timeline, y: int, bottom: int, scale: _Scale) -> str:
    days = (t.end - t.start).days
    step = 1 if days <= 31 else 7 if days <= 120 else 14
    parts = ['<g class="axis" aria-hidden="true">']
    day = t.start.astimezone(scale.zone).date()
    while True:
        moment = day_bounds(day, scale.zone)[0]
        if moment > t.end:
            break
        x = scale.x(moment)
        parts.append(f'<line x1="{x}" y1="{y}" x2="{x}" y2="{bottom}"/>')
        if moment < t.end:
            parts.append(f'<text x="{x + 3}" y="{bottom + 14}">{day.day} {day:%b}</text>')
        day += timedelta(days=step)
    return "".join(parts) + "</g>"


def _tally(t: Timeline, y: int, scale: _Scale) -> tuple[str, int]:
    rows = t.tally.periods()
    parties = [r.party for r in t.tally.parties()]
    if not rows:
        return f'<text class="caption" x="{LEFT}" y="{y + 14}">No breach to count.</text>', y + 24
    top = max(r.breaches + r.alleged for r in rows) or 1
    parts = [f'<text class="caption" x="{LEFT}" y="{y + 14}">Breaches per party and {t.tally.per} (critical, major, minor stacked)</text>']
    y += 24
    for party in parties:
        name = party or "unattributed"
        parts.append(f'<g class="party" data-party="{_e(name)}" role="group" aria-label="{_e(f"breaches by {name} per {t.tally.per}")}">'
                     f'<text class="name" x="{LEFT - 8}" y="{y + BAR / 2 + 4}">{_e(name)}</text>'
                     f'<line class="base" x1="{LEFT}" y1="{y + BAR}" x2="{LEFT + PLOT}" y2="{y + BAR}"/>')
        for row in (r for r in rows if r.party == party):
            first = day_bounds(datetime.fromisoformat(row.period or "").date(), scale.zone)[0]
            x0, x1 = scale.x(max(first, t.start)), scale.x(min(first + timedelta(days=7 if t.tally.per == "week" else 1), t.end))
            base = y + BAR
            for severity in ("minor", "major", "critical"):
                count = getattr(row, severity)
                if not count:
                    continue
                height = count / top * (BAR - 8)
                base -= height
                label = f"{name}, {t.tally.per} of {when(row.period, scale.year)}: {count} {severity}"
                parts.append(f'<rect class="bar severity-{severity}" x="{x0 + 1}" y="{base:.1f}" width="{max(x1 - x0 - 2, 2)}" '
                             f'height="{height:.1f}" fill="{SEVERITY_SHAPES[severity][2]}" role="img" aria-label="{_e(label)}">'
                             f"<title>{_e(label)}</title></rect>")
            parts.append(f'<text class="count" x="{(x0 + x1) / 2}" y="{base - 2:.1f}">{row.breaches}</text>')
        parts.append("</g>")
        y += BAR + 10
    return "".join(parts), y


def svg(t: Timeline) -> str:
    """The whole picture of one log, as an ``<svg>`` element."""
    scale = _Scale(t)
    e = t.explanation
    y = 34
    status = [_band(b, y, ROW, scale, "the agreement", "status") for b in t.status]
    lanes_top = y + ROW + GAP + 8
    lanes = [_lane(lane, lanes_top + i * (LANE + GAP), scale) for i, lane in enumerate(t.lanes)]
    markers, count = [], 0
    for i, lane in enumerate(t.lanes):
        markers.append(_markers(lane, lanes_top + i * (LANE + GAP), scale, count))
        count += len(lane.markers)
    bottom = lanes_top + len(t.lanes) * (LANE + GAP) - GAP + 6
    tally, height = _tally(t, bottom + 34, scale)
    title = f"{e.agreement}: status {status_words(e.status)} as of {when(e.as_of, scale.year) if e.as_of else 'no event'}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {WIDTH} {height + 10}" width="{WIDTH}" '
            f'height="{height + 10}" role="group" aria-labelledby="svg-title"><title id="svg-title">{_e(title)}</title>{_defs()}'
            f'<text class="name" x="{LEFT - 8}" y="{y + ROW / 2 + 4}">status</text>'
            f'<g class="status-band" role="group" aria-label="the agreement\'s status over time">{"".join(status)}</g>'
            f"{_axis(t, y - 6, bottom, scale)}{''.join(lanes)}{tally}"
            f'<g class="markers" role="group" aria-label="breaches">{"".join(markers)}</g></svg>')
