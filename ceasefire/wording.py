"""Every sentence the program composes from facts: the engine and the report hold none.

Wording lives here, at the edge, so that a change of words changes no verdict and no
fingerprint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .agreement import Agreement, Rule, Timer
from .dates import show

if TYPE_CHECKING:
    from .report import Breach

__all__ = ["breach_message", "describe_pack", "listing_entry", "plural", "rule_text", "timer_text"]


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 breach``, ``2 breaches``: a count with its noun."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def breach_message(breach: Breach) -> str:
    """A breach in one sentence: the pack's note, then what the event was (timers: the note alone)."""
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
        effects.append(f"fires {rule.trigger}" + (f" (for {rule.trigger_from} breaches or worse)" if rule.trigger_from else ""))
    return f"{what}: {' and '.join(effects)} [rule {rule.id}]"


def _timer(timer: Timer, after: str) -> str:
    if timer.kind == "deadline":
        since = "the start" if timer.start == "start" else f"entering {(timer.start or '').replace('.', ' ')}"
        text = f"deadline: unless {' or '.join(sorted(timer.met_by))} within {after} of {since}"
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


def timer_text(timer: Timer) -> str:
    """What a timer waits for and does, in one sentence of words."""
    return _timer(timer, _span(timer.after.total_seconds()))


def _span(seconds: float) -> str:
    hours = int(seconds // 3600)
    if hours and hours % 24 == 0 and hours > 72:
        return f"{hours // 24} days"
    return f"{hours} hours" if hours else f"{int(seconds // 60)} minutes"


def describe_pack(a: Agreement) -> str:
    """The pack explained: parties, designated groups, each provision's states, moves, timers and status."""
    out = [f"{a.id}: {a.title}", ""]
    if a.summary:
        out += [a.summary.strip(), ""]
    out.append(f"In force from {show(a.start, a.timezone)}" + (f" until {show(a.end, a.timezone)}" if a.end else "")
               + f"; dates without an offset are read in {a.timezone}.")
    if a.source:
        out.append(f"Source: {a.source}")
    out += ["", "Parties:"] + [f"  {k}: {v}" for k, v in a.parties.items()]
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
        for t in p.transitions:
            out.append(f"  {t.trigger}: {' or '.join(t.source)} -> {t.dest}")
        rules = [r for r in a.rules if r.provision == p.id]
        if rules:
            out.append("  moved by events:")
            out += [f"    {_rule(r)}" for r in rules]
        if p.timers:
            out.append("  timers:")
            out += [f"    {_timer(t, _span(t.after.total_seconds()))}" for t in p.timers]
        weights = {s: p.status_of(s) for s in p.states}
        out.append("  status: " + ", ".join(f"{s} -> {w}" for s, w in weights.items()))
    out += ["", "The agreement's status: pending before the start; after it, the worst status any provision's state"
            " stands for" + (f", at least fragile once a {a.fragile_from} or worse breach is recorded." if a.fragile_from else ".")]
    return "\n".join(out) + "\n"
