"""Every sentence the program composes from facts: the engine and the report hold none.

Wording lives here, at the edge, so that a change of words changes no verdict and no
fingerprint.
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import TYPE_CHECKING

from .agreement import Agreement, Rule, Timer
from .dates import show

if TYPE_CHECKING:
    from .areas import Area
    from .report import Breach, Extension
    from .verdicts import BaselineUse, LogResult, Run

__all__ = ["baseline_summary", "baseline_written", "breach_message", "describe_pack", "extension_text", "listing_entry", "log_summary",
           "plural", "area_text", "rule_text", "run_summary", "test_summary", "timer_text"]


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 breach``, ``2 breaches``: a count with its noun."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


# -- counts --------------------------------------------------------------------------------


def log_summary(result: LogResult, status: str) -> str:
    """A log's last line in the text report: breaches by severity, known, alleged, out of area, warnings, events and lines, ``status`` (as shown)."""
    counts = result.report.counts
    text = plural(result.breaches, "breach", "breaches")
    by_severity = ", ".join(f"{n} {s}" for s, n in result.by_severity.items() if n)
    if by_severity:
        text += f" ({by_severity})"
    if result.known:
        text += f", {result.known} known"
    if result.alleged:
        text += f", {result.alleged} alleged"
    if counts.out_of_area:
        text += f", {counts.out_of_area} out of area"
    if result.warning_count:
        text += f", {plural(result.warning_count, 'warning')}"
    return f"{text}; {plural(counts.events, 'event')} in {plural(counts.lines, 'line')} ({counts.skipped} skipped); status {status}"


def run_summary(run: Run) -> str:
    """The run in one line: logs (and, after errors, how many failed and how many are in error), breaches, warnings, statuses."""
    s = run.summary()
    head = plural(s["logs"] + len(run.errors), "log")
    if run.errors:  # then say how many were checked, failed, and could not be checked
        head += f" checked: {sum(log.fails for log in run.logs)} failed, {len(run.errors)} in error"
    detail = [f"{s['failing']} failing"]
    if s["known"]:
        detail.append(f"{s['known']} known")
    text = f"{head}{'; ' if run.errors else ', '}{plural(s['breaches'], 'breach', 'breaches')} ({', '.join(detail)})"
    if s["warnings"]:
        text += f"; {plural(s['warnings'], 'warning')}"
    statuses = ", ".join(f"{n} {status}" for status, n in s["by_status"].items())
    return f"{text}; status: {statuses or 'none'}"


def baseline_summary(use: BaselineUse) -> str:
    """How a run used its baseline, in one line: ``baseline FILE: 2 matched, 1 stale``."""
    return f"baseline {use.path}: {use.matched} matched, {use.stale} stale"


def baseline_written(count: int, shown: str, dropped: int | None) -> str:
    """What ``--write-baseline`` did: ``wrote 3 fingerprints to FILE`` (and how many stale entries it dropped)."""
    gone = "" if dropped is None else f" (dropped {dropped} stale)"
    return f"wrote {plural(count, 'fingerprint')} to {shown}{gone}"


def test_summary(passed: int, failed: int) -> str:
    """The tally of ``ceasefire test``: ``12 passed, 0 failed``."""
    return f"{passed} passed, {failed} failed"


def breach_message(breach: Breach) -> str:
    """A breach in one sentence: the pack's note, then what the event was (timers: the note alone)."""
    if breach.kind == "quota" and breach.needed is not None:
        return f"{breach.note}: {breach.count} of {breach.needed} ({breach.needed - breach.count} short)"
    if breach.kind != "event":
        return breach.note
    actor, target, location, casualties = breach.actor, breach.target, breach.location, breach.casualties
    text = f"{breach.event_type or 'event'} by {actor}" if actor else f"{breach.event_type or 'event'} by an unknown actor"
    if target:
        text = f"{text} on {target}"
    if location:
        text = f"{text} at {location}"
    if casualties is not None:
        text = f"{text} ({casualties} casualties)"
    if breach.claimed:
        text = f"{text}; {actor or 'the attacker'} claims it struck {breach.claimed}, a designated group"
    return f"{breach.note}: {text}" if breach.note else text


def extension_text(extension: Extension, file: str) -> str:
    """An extension as a line says it: what moved, from when to when, and the line that moved it."""
    what = "the agreement's end" if extension.timer == "end" else extension.timer
    if extension.instance is not None:
        what += f" ({extension.instance})"  # whose: each instance's deadline is its own
    where = f"{file}:{extension.line}" if extension.line is not None else file
    return f"{what} moved from {extension.before} to {extension.after} ({where})"


def listing_entry(a: Agreement) -> str:
    """One bundled pack in a few lines: id, title, start, provisions."""
    return (f"{a.id}\n  {a.title}\n  start: {show(a.start, a.timezone)} ({a.timezone})\n"
            f"  provisions: {', '.join(p.id for p in a.provisions)}\n")


# -- packs in words ------------------------------------------------------------------------


def _members(rule: Rule) -> str:
    words = []
    for field, verb in (("actor", "by"), ("actor_not", "not by"), ("target", "on"), ("target_not", "not on")):
        members = getattr(rule, field)
        if members is None:
            continue
        names = sorted(members.ids) + [g for g in ("party", "designated", "unknown", "other") if getattr(members, g)]
        names = [{"party": "a party", "designated": "a designated group", "unknown": "an unknown actor",
                  "other": "anyone else"}.get(n, n) for n in names]
        words.append(f"{verb} {' or '.join(names)}")
    if rule.casualties_min is not None:
        words.append(f"with at least {rule.casualties_min} casualties")
    if rule.casualties_max is not None:
        words.append(f"with at most {rule.casualties_max} casualties")
    return (" " + ", ".join(words)) if words else ""


def _rule(rule: Rule) -> str:
    what = f"{' or '.join(rule.types)}{_members(rule)}"
    effects = []
    if rule.severity:
        steps = "".join(f", {sev} from {n} casualties" for n, sev in rule.escalate)
        on = " on the actor" if rule.party == "actor" else f" on {rule.party}" if rule.party else ""
        effects.append(f"a {rule.severity} breach{steps}{on}")
    if rule.trigger:
        effects.append(f"fires {rule.trigger}" + (f" (for {rule.trigger_from} breaches or worse)" if rule.trigger_from else "")
                       + (f" once enough have declared the ceasefire over, else {rule.trigger_partial}" if rule.declares else ""))
    if rule.tally:
        effects.append(f"counts toward {rule.tally}")
    if rule.extend:
        effects.append(f"moves {rule.extend} to the event's 'until'" + (f" or {rule.extend_by} later" if rule.extend_by else ""))
    if rule.observation:
        effects.append("monitors lose sight of the provision" if rule.observation == "lost" else "monitors see the provision again")
    if rule.verify_move or rule.verify_breach:
        effects.append(f"needs verification {rule.verify_move or 'as the pack'} to move, {rule.verify_breach or 'as the pack'} to record a breach")
    if rule.area is not None:
        effects.append("only inside its own area")
    return f"{what}: {' and '.join(effects)} [rule {rule.id}]"


def _timer(timer: Timer, after: str, zone: tzinfo) -> str:
    if timer.kind == "deadline":
        start = timer.start or "start"
        since = ("the start" if start == "start" else "the signing" if start == "signed"
                 else f"the due date of {start[4:]}" if start.startswith("due:") else f"entering {start.replace('.', ' ')}")
        text = f"deadline: unless {' or '.join(sorted(timer.met_by))} within {after} of {since}"
        if timer.due is not None:
            text = f"deadline: unless {' or '.join(sorted(timer.met_by))} by {show(timer.due, zone)}"
    elif timer.kind == "quota":
        what = f"the sum of {timer.sum}" if timer.sum else "events"
        text = f"quota: at least {timer.at_least} ({what}) every {after}" + (f" while {' or '.join(sorted(timer.states))}" if timer.states else "")
    else:
        watched = ", ".join(timer.watch) or "its own"
        text = (f"calm period: {after} in {' or '.join(sorted(timer.states))} without a {timer.min_severity} "
                f"or worse breach of {watched}")
        if timer.requires:
            text += ", once " + " and ".join(f"{p} is {' or '.join(sorted(s))}" for p, s in timer.requires.items())
    effects = []
    if timer.breach:
        effects.append(f"a {timer.breach.severity} breach (\"{timer.breach.message}\")")
    if timer.trigger:
        effects.append(f"fires {timer.trigger}")
    return f"{text}: {' and '.join(effects)} [timer {timer.id}]"


def rule_text(rule: Rule) -> str:
    """What an event rule checks and does, in one sentence of words."""
    return _rule(rule)


def timer_text(timer: Timer, zone: tzinfo = UTC) -> str:
    """What a timer waits for and does, in one sentence of words; a fixed due date shown in ``zone`` (the pack's)."""
    return _timer(timer, _span(timer.after.total_seconds()), zone)


def _span(seconds: float) -> str:
    hours = int(seconds // 3600)
    if hours and hours % 24 == 0 and hours > 72:
        return f"{hours // 24} days"
    return f"{hours} hours" if hours else f"{int(seconds // 60)} minutes"


_GUARANTORS: dict[str | int, str] = {"any": "a guarantor's", "all": "every guarantor's"}
"""How many guarantors must declare the agreement over, in words (a number otherwise: ``collapse_guarantors`` is either)."""


def describe_pack(a: Agreement) -> str:
    """The pack explained: parties, designated groups, each provision's states, moves, timers and status."""
    out = [f"{a.id}: {a.title}", ""]
    if a.summary:
        out += [a.summary.strip(), ""]
    out.append(f"In force from {show(a.start, a.timezone)}" + (f" until {show(a.end, a.timezone)}" if a.end else "")
               + f"; dates without an offset are read in {a.timezone}.")
    if a.source:
        out.append(f"Source: {a.source}")
    if a.signed is not None:
        out.append(f"Signed {show(a.signed, a.timezone)}.")
    if a.area is not None:
        out.append(f"Applies in {area_text(a.area)}.")
    if (a.verify_move, a.verify_breach) != ("reported", "reported"):
        out.append(f"An event moves a provision when at least {a.verify_move}, records a breach when at least "
                   f"{a.verify_breach}; a claim short of that is an alleged breach.")
    out += ["", "Parties:"] + [f"  {k}: {v}" for k, v in a.parties.items()]
    if a.guarantors:
        out += ["Guarantors:"] + [f"  {k}: {v}" for k, v in a.guarantors.items()]
    if a.designated:
        out += ["Not protected (designated groups):"] + [f"  {k}: {v}" for k, v in a.designated.items()]
    if a.actors:
        out += ["Other known actors (not parties):"] + [f"  {k}: {v}" for k, v in a.actors.items()]
    if a.fields:
        out += ["Extra event fields:"] + [f"  {k}: {v}" for k, v in a.fields.items()]
    out += ["", "Event types:"] + [f"  {k}: {v}" for k, v in a.vocabulary.items()]
    for p in a.provisions:
        out += ["", f"Provision {p.id} ({p.title})", f"  states: {', '.join(p.states)}; starts {p.initial}"
                + (f"; final: {', '.join(sorted(p.final))}" if p.final else "")]
        if p.on_start:
            out.append(f"  at the start: {p.on_start}")
        if p.per is not None:
            out.append(f"  kept separately per {p.per}" + (f": {', '.join(p.instances)}" if p.instances else " (each value as it comes)")
                       + f"; its status is the {p.combine} of theirs")
        if p.in_force != "start":
            out.append(f"  in force from {'the signing' if p.in_force == 'signed' else p.in_force}")
        if p.area is not None:
            out.append(f"  applies in {area_text(p.area)}")
        if p.implementation:
            out.append("  implementation: " + ", ".join(f"{s} -> {w}" for s, w in p.implementation.items())
                       + ("; it weighs on the implementation alone (its breaches make nothing fragile)" if p.implementation_only else ""))
        for t in p.transitions:
            out.append(f"  {t.trigger}: {' or '.join(t.source)} -> {t.dest}")
        rules = [r for r in a.rules if r.provision == p.id]
        if rules:
            out.append("  moved by events:")
            out += [f"    {_rule(r)}" for r in rules]
        if p.timers:
            out.append("  timers:")
            out += [f"    {_timer(t, _span(t.after.total_seconds()), a.timezone)}" for t in p.timers]
        weights = {s: p.status_of(s) for s in p.states}
        out.append("  status: " + ", ".join(f"{s} -> {w}" for s, w in weights.items()))
    floor = ""
    if a.fragile_from:
        floor = f", at least fragile once a {a.fragile_from} or worse breach is recorded"
        floor += f", for {_span(a.fragile_for.total_seconds())} after the last one" if a.fragile_for is not None else ""
    collapse = {"any": "any party's", "all": "every party's", 0: "no party's"}.get(a.collapse_parties, f"{a.collapse_parties} parties'")
    if a.collapse_guarantors:
        collapse += " and " + _GUARANTORS.get(a.collapse_guarantors, f"{a.collapse_guarantors} guarantors'")
    out += ["", "The agreement's status: pending before the start; after it, the worst status any provision's state"
            f" stands for{floor}. A declaration that it is over needs {collapse} to collapse it.",
            "Its implementation (on_track, behind, stalled) is the worst any provision's state stands for, judged apart."]
    return "\n".join(out) + "\n"


def area_text(area: Area) -> str:
    """An area in words: its places, its polygons, and what an event with no place counts as."""
    places = [" with ".join(f"{key} {' or '.join(sorted(values))}" for key, values in place) for place in area.places]
    parts = (["; ".join(places)] if places else []) + ([f"the polygons of {area.source or 'the pack'}"] if area.polygons else [])
    return f"{' and '.join(parts) or 'nowhere'} (an event with no place counts as {area.unplaced})"
