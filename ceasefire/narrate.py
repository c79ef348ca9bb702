"""Explanations in words: why the agreement has its status, and how each provision came to its state.

Every sentence is composed here from the facts ``explain`` derives (changes, breaches, timers);
nothing here decides anything. Dates read as a person says them, in the pack's zone:
``17 September 17:00``, the year only when it is not the verdict's.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .agreement import Timer
from .story import Explanation, Step, Story
from .report import Breach, Change

if TYPE_CHECKING:
    from .found import Facts

__all__ = ["change_cause", "explanation_lines", "implementation_sentence", "span", "status_sentence", "status_words", "when"]

_END = "23:59:59"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def status_words(status: str) -> str:
    """A status as a sentence says it: ``in doubt`` for ``in_doubt``."""
    return status.replace("_", " ")


def when(shown: str | None, year: int | None = None) -> str:
    """A report's date in words: ``17 September 17:00`` (a bare date: ``18 September``); the year unless it is ``year``."""
    if shown is None:
        return "the start"
    if "/" in shown:  # an interval: ``18 March 05:00–12:00``, ``2 March 06:00 to 3 March 12:00``, ``16 to 17 February``
        first, _, last = shown.partition("/")
        if first[11:19] == "00:00:00" and last[11:19] == _END:  # whole days
            first, last = first[:10], last[:10]
            if first == last:
                return when(first, year)
        begin, end = when(first, year), when(last, year)
        if first[:10] == last[:10] and len(first) > 10 and len(last) > 10:
            return f"{begin}–{end.rsplit(' ', 1)[1]}"
        return f"{begin} to {end}"
    if shown[11:19] == _END:  # the last instant of a day: a bare date counts then
        return f"the end of {when(shown[:10], year)}"
    try:
        moment: date = datetime.fromisoformat(shown) if len(shown) > 10 else date.fromisoformat(shown)
    except ValueError:
        return shown
    text = f"{moment.day} {_MONTHS[moment.month - 1]}"
    if moment.year != year:
        text += f" {moment.year}"
    if isinstance(moment, datetime):
        text += f" {moment:%H:%M}" + (f":{moment.second:02d}" if moment.second else "")
    return text


def span(after: timedelta) -> str:
    """A timer's span as an adjective: ``72-hour``, ``14-day``, ``30-minute``."""
    seconds = int(after.total_seconds())
    hours = seconds // 3600
    if hours and hours % 24 == 0 and hours > 72:
        return f"{hours // 24}-day"
    if hours and seconds % 3600 == 0:
        return f"{hours}-hour"
    return f"{seconds // 60}-minute" if seconds % 60 == 0 else f"{seconds}-second"


def _year(e: Explanation) -> int | None:
    for shown in (e.as_of, e.start):
        if shown:
            try:
                return int(shown[:4])
            except ValueError:
                pass
    return None


def _name(story: Story) -> str:
    return f"{story.provision} ({story.instance})" if story.instance else story.provision


def _timer(timer: Timer | None, name: str | None, anchor: str | None, year: int | None) -> str:
    """``the 72-hour deadline from the start``, ``the deadline of 14 September``, ``the 72-hour calm period from 13 September 10:00``."""
    if timer is None:
        return f"the timer {name}"
    if timer.kind != "deadline":
        return f"the {span(timer.after)} {timer.kind} period from {when(anchor, year)}"
    start = timer.start or "start"
    if timer.due is not None and start == "start":  # a fixed date: the timer's span is nothing, its anchor the date
        return f"the deadline {_due(anchor, year)}"
    if start == "start":
        since = "the start"
    elif start == "signed":
        since = "the signing"
    elif start.startswith("due:"):
        since = f"the due date of {start[4:]}, {when(anchor, year)}"
    elif "." in start:
        provision, state = start.split(".", 1)
        since = f"{provision} entering {state} on {when(anchor, year)}"
    else:
        since = f"entering {start} on {when(anchor, year)}"
    return f"the {span(timer.after)} deadline from {since}"


def _due(anchor: str | None, year: int | None) -> str:
    """``at the end of 14 September`` for a bare date's deadline (the next midnight), else ``of 14 September 12:00``."""
    try:
        moment = datetime.fromisoformat(anchor) if anchor else None
    except ValueError:
        moment = None
    if moment is not None and (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0):
        return f"at the end of {when((moment.date() - timedelta(days=1)).isoformat(), year)}"
    return f"of {when(anchor, year)}"


def change_cause(change: Change, timer: Timer | None = None, anchor: str | None = None, year: int | None = None) -> str:
    """What made a change: ``the attack at line 7``, ``the 72-hour deadline from the start``, ``the start``."""
    if change.cause == "event":
        where = f" at line {change.line}" if change.line is not None else ""
        return f"the {change.rule}{where}"
    if change.cause == "timer":
        return _timer(timer, change.timer, anchor, year)
    return "the start"


def _cause(story: Story, year: int | None) -> str:
    """One provision's part in the status: ``cessation violated by the attack at line 7 on 17 September 17:00``."""
    change = story.change
    head = f"{story.provision} ({', '.join(story.members)}) {story.state}" if story.members else f"{_name(story)} {story.state}"
    if change is None:
        return f"{head} since the start"
    if change.cause == "event":
        return f"{head} by {change_cause(change)} on {when(change.date, year)}"
    return f"{head} since {when(change.date, year)}, {change_cause(change, story.timer, story.anchor, year)}"


def _floor(breach: Breach, year: int | None) -> str:
    where = f" at line {breach.line}" if breach.line is not None else f" ({breach.rule})"
    return f"the {breach.severity} breach of {breach.provision}{where} on {when(breach.date, year)}"


def status_sentence(e: Explanation) -> str:
    """Why the agreement has its status, in one sentence: since when, and the provisions that make it so."""
    year = _year(e)
    if e.status == "pending":
        return f"pending: the agreement comes into force on {when(e.start, year)}"
    words = status_words(e.status)
    if not e.known:
        return f"{words}: how the provisions came to their states was not kept (streamed)"
    head = f"{words} since {when(e.since, year)}" if e.since is not None else words
    parts = [_cause(story, year) for story in e.causes]
    if e.floor is not None:
        parts.append(_floor(e.floor, year))
    if not parts and e.status == "holding" and e.since == e.start:
        head += ", the start"
    text = f"{head}: {'; '.join(parts)}" if parts else head
    if e.implementation and e.implementation != "on_track":
        lagging = "; ".join(_cause(story, year) for story in e.lagging)
        text += f" (implementation {status_words(e.implementation)}" + (f": {lagging})" if lagging else ")")
    return text


def implementation_sentence(e: Explanation) -> str:
    """Why the implementation is what it is: the provisions that hold it back, or that every one is on track."""
    if not e.lagging:
        return "every provision on track"
    return "; ".join(_cause(story, _year(e)) for story in e.lagging)


def _breach(breach: Facts | None) -> str:
    if breach is None:
        return ""
    by = f" by {breach.party}" if breach.party else ""
    return f": a {breach.severity} breach{by}" + (" (uncertain)" if breach.uncertain else "")


def explanation_lines(e: Explanation) -> list[str]:
    """The ``--explain`` section: the status sentence, then each provision's history with the cause of each change."""
    year = _year(e)
    lines = [f"why: {status_sentence(e)}", "", "history:"]
    for story in e.provisions:
        since = f" since {when(story.since, year)}" if story.since is not None else " since the start" if e.known else ""
        weighs = status_words(story.weight) + ("" if story.implementation == "on_track" else
                                               f", implementation {status_words(story.implementation)}")
        lines.append(f"  {_name(story)} ({story.title}): {story.state}{since} [{weighs}]")
        steps = story.history if e.kept else (Step(story.change, story.anchor, story.breach),) if story.change else ()
        for step in steps:
            change = step.change
            detail = ""
            if change.cause == "event":
                detail = f" ({change.event_type}" + (f", id {change.event_id}" if change.event_id is not None else "") + ")"
            lines.append(f"    {when(change.date, year)}  {change.before} -> {change.after}  "
                         f"{change_cause(change, story.timers.get(change.timer or ''), step.anchor, year)}{detail}{_breach(step.breach)}")
        if not e.kept and (story.change is not None or not e.known):
            lines.append("    (only the last change is kept)" if e.known else "    (history not kept)")
    return lines
