"""The provisions' state machines, built with ``transitions`` once per provision and shared.

A provision's machine declares everything about its states: the transitions, the condition
on each (a rule's severity threshold), and what entering or leaving a state does to the
timers (arm a deadline, meet one, start or stop a calm period). The engine only triggers it.

Models are ``Instance`` objects holding a ``state`` and the replay they belong to; they are
never added to the machine, so one machine serves every replay. Callbacks are callables
built here from the pack's data, never names looked up by ``transitions`` (which would
import a dotted string): nothing in a pack is resolved as code.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from transitions import Machine, State
from transitions.core import EventData

from .agreement import Agreement, Provision
from .lean import LeanMachine, LeanState
from .paths import _INFO, Paths, loud as _loud

if TYPE_CHECKING:
    from transitions.core import Callback, Transition

    class Moved(Protocol):
        """What ``transitions`` hands a callback of ours during a move (an ``EventData``, whose model it types ``object``)."""

        model: Instance
        kwargs: dict[str, Any]
        transition: Transition  # None only as enter_initial enters the first state, whose callbacks never read it

Ref = tuple[int, int]
"""A timer of an agreement: (provision index, timer index); an instance's model completes its key."""

__all__ = ["Instance", "Timers", "enter_initial", "machine_config", "machine_for", "machines_for", "can_move", "direct", "move"]

_log = logging.getLogger("transitions")
if _log.level == logging.NOTSET:
    _log.setLevel(logging.WARNING)  # its debug chatter is not ours to print; a user may still lower it

_MACHINES: weakref.WeakKeyDictionary[Agreement, tuple[Machine, ...]] = weakref.WeakKeyDictionary()


class Timers(Protocol):
    """What a machine's callbacks ask of the replay's scheduler."""

    def arm_deadline(self, model: Instance, ref: Ref, at: datetime) -> None: ...  # noqa: D102
    def meet_deadline(self, model: Instance, ref: Ref) -> None: ...  # noqa: D102
    def start_calm(self, model: Instance, ref: Ref, at: datetime) -> None: ...  # noqa: D102
    def stop_calm(self, model: Instance, ref: Ref) -> None: ...  # noqa: D102
    def arm_other(self, model: Instance, ref: Ref, at: datetime) -> None: ...  # noqa: D102


class Instance:
    """The state of one provision in one replay: the model its shared machine moves.

    ``changed`` is told of every change of state (the model, the state left, the state
    entered, and the trigger's keyword arguments, which say when and why).
    """

    __slots__ = ("changed", "index", "key", "slot", "state", "timers")

    def __init__(self, index: int, state: str, timers: Timers, changed: Callable[[Instance, str, str, dict[str, Any]], None],
                 slot: int = 0, key: str | None = None) -> None:
        self.index = index
        self.state = state
        self.timers = timers
        self.changed = changed
        self.slot = slot
        """The instance's number within its provision (0 for a provision kept once)."""
        self.key = key
        """The party or field value the instance keeps the provision for (None: kept once)."""


def _at(event: Moved) -> datetime:
    return event.kwargs["at"]


class _ArmDeadline:
    """On entering a state: arm this deadline of the provision (if not armed already)."""

    __slots__ = ("ref",)

    def __init__(self, ref: Ref) -> None:
        self.ref = ref

    def __call__(self, event: Moved) -> None:
        model = event.model
        model.timers.arm_deadline(model, self.ref, event.kwargs["at"])


class _ArmOther(_ArmDeadline):
    """On entering a state: arm another provision's deadline, unless it is met already."""

    def __call__(self, event: Moved) -> None:
        event.model.timers.arm_other(event.model, self.ref, _at(event))


class _MeetDeadline(_ArmDeadline):
    """On entering a state that meets a deadline: disarm it."""

    def __call__(self, event: Moved) -> None:
        event.model.timers.meet_deadline(event.model, self.ref)


class _StartCalm(_ArmDeadline):
    """On entering a state of a calm period: start counting (unless counting or spent)."""

    def __call__(self, event: Moved) -> None:
        event.model.timers.start_calm(event.model, self.ref, _at(event))


class _StopCalm:
    """On leaving a state of a calm period for a state outside it: stop counting."""

    __slots__ = ("ref", "states")

    def __init__(self, ref: Ref, states: frozenset[str]) -> None:
        self.ref, self.states = ref, states

    def __call__(self, event: Moved) -> None:
        if event.transition.dest not in self.states:
            event.model.timers.stop_calm(event.model, self.ref)


def _changed(event: Moved) -> None:
    """After every change of state: tell the replay, which keeps the provision's history."""
    transition = event.transition
    if transition is not None and transition.dest is not None:
        event.model.changed(event.model, transition.source, transition.dest, event.kwargs)


def _severe_enough(event: Moved) -> bool:
    """A transition's condition: the breach that triggers it reaches the rule's threshold."""
    return event.kwargs.get("rank", 0) >= event.kwargs.get("least", 0)


def machine_config(provision: Provision, callbacks: bool = False, index: int = 0, armed_by: Iterable[tuple[str, Ref]] = (),
                   thresholds: Collection[str] | None = None) -> dict[str, Any]:
    """The ``transitions`` configuration of a provision, shared by the engine's machine and its diagrams.

    With ``callbacks``, each state carries its timer behaviour (``index`` is the provision's
    place in its agreement; ``armed_by`` names the other provisions' deadlines that a state
    of this one arms, as ``(state, key)``). A transition back to its own state is internal
    (``dest`` None): the provision stays where it is and no timer is touched. ``thresholds``
    names the triggers a rule fires only from a severity (``trigger_from``): only their
    transitions carry the condition (None: every transition does, as diagrams show it).
    """
    enter: dict[str, list[Callback]] = {s: [] for s in provision.states}
    leave: dict[str, list[Callback]] = {s: [] for s in provision.states}
    if callbacks:
        for j, timer in enumerate(provision.timers):
            key = (index, j)
            if timer.kind == "deadline":
                for state in provision.states:
                    if state in timer.met_by:
                        enter[state].append(_MeetDeadline(key))
                    elif timer.start == state:
                        enter[state].append(_ArmDeadline(key))
            else:  # a calm period, or a quota active only in some states (start and stop alike)
                for state in timer.states:
                    enter[state].append(_StartCalm(key))
                    leave[state].append(_StopCalm(key, timer.states))
        for state, key in armed_by:
            enter[state].append(_ArmOther(key))
    kind = LeanState if callbacks else State
    states = [kind(s, on_enter=enter[s], on_exit=leave[s], final=s in provision.final) for s in provision.states]
    moves: list[dict[str, Any]] = []
    for t in provision.transitions:
        sources = list(t.source)
        conditions = [_severe_enough] if thresholds is None or t.trigger in thresholds else []
        if callbacks and t.dest in sources:
            sources.remove(t.dest)
            moves.append({"trigger": t.trigger, "source": t.dest, "dest": None, "conditions": conditions})
        if sources:
            moves.append({"trigger": t.trigger, "source": sources, "dest": t.dest, "conditions": conditions})
    return {
        "states": states,
        "initial": provision.initial,
        "transitions": moves,
        "auto_transitions": False,
        "ignore_invalid_triggers": True,
        "send_event": True,
        **({"after_state_change": [_changed]} if callbacks else {}),
    }


def machines_for(agreement: Agreement) -> tuple[Machine, ...]:
    """The shared machines of an agreement's provisions, in order, built on first use."""
    machines = _MACHINES.get(agreement)
    if machines is None:
        index = {p.id: i for i, p in enumerate(agreement.provisions)}
        armed_by: dict[str, list[tuple[str, Ref]]] = {}
        for i, p in enumerate(agreement.provisions):
            for j, timer in enumerate(p.timers):
                if timer.kind == "deadline" and timer.start is not None and "." in timer.start and not timer.start.startswith("due:"):
                    other, _, state = timer.start.partition(".")
                    armed_by.setdefault(other, []).append((state, (i, j)))
        thresholds: dict[str, set[str]] = {}  # provision -> the triggers its rules fire only from a severity
        for rule in agreement.rules:
            if rule.trigger_from is not None:
                thresholds.setdefault(rule.provision, set()).update(t for t in (rule.trigger, rule.trigger_partial) if t is not None)
        machines = tuple(
            LeanMachine(model=None, name=f"{p.id}: ", **machine_config(p, True, index[p.id], armed_by.get(p.id, ()), thresholds.get(p.id, set())))
            for p in agreement.provisions
        )
        for machine in machines:
            machine.paths = Paths(machine)  # its moves' steps, remembered (never changed once built)
        _MACHINES[agreement] = machines
    return machines


def machine_for(agreement: Agreement, provision: str) -> Machine:
    """The shared machine of one provision of an agreement."""
    return machines_for(agreement)[[p.id for p in agreement.provisions].index(provision)]


def can_move(machine: Machine, trigger: str, state: str) -> bool:
    """Whether ``trigger`` has a transition out of ``state`` that changes it, asked of the machine itself.

    An internal transition (back to the same state) changes nothing, so the engine need not
    call the machine for it: the provision stays violated through every further attack.
    """
    event = machine.events.get(trigger)
    if event is None:
        return False
    return any(t.dest is not None for t in event.transitions.get(state, ()))


def direct(machine: Machine) -> bool:
    """Whether ``move`` may execute the machine's transitions itself: no queue, no preparation, finalisation or exception callbacks.

    True of every machine ``machines_for`` builds (which remembers its moves' steps: ``paths``); asked once per machine, not per move.
    """
    return "paths" in vars(machine) and not (machine.has_queue or machine.prepare_event or machine.finalize_event or machine.on_exception)


def move(machine: Machine, trigger: str, model: Instance, how: dict[str, Any], is_direct: bool = False) -> bool:
    """Trigger ``trigger`` on ``model`` with keyword arguments ``how``, when it can change its state (``can_move``); True when it did.

    With ``is_direct`` (``direct(machine)``), the machine's own transitions out of the model's
    state are executed as ``transitions`` executes them (each transition's conditions, the exit
    and entry callbacks, the change of state and ``after_state_change``), without the trigger's
    envelope (a queue, preparation, finalisation and exception callbacks) that such a machine has none of:
    by the steps remembered for the trigger and state (``paths.Path``) when the move has a path.
    """
    before = model.state
    if is_direct:
        path = machine.paths[trigger, before]  # its steps, remembered (paths.Paths)
        if path is False:
            return False
        if path is not None and not _loud(_INFO):  # while transitions' logger listens, its own steps (and chatter)
            path.take(machine, model, how)
            return model.state != before
    event = machine.events.get(trigger)
    if event is None:
        return False
    moves = event.transitions.get(before)
    if not moves:
        return False
    for transition in moves:
        if transition.dest is not None:
            break
    else:  # internal transitions only: nothing would change
        return False
    if not is_direct:
        event.trigger(model, **how)
        return model.state != before
    data = EventData(machine.states[before], event, machine, model, args=(), kwargs=how)
    for transition in moves:  # as transitions.Event._process: the first that executes wins
        data.transition = transition
        if transition.execute(data):
            data.result = True
            break
    return model.state != before


def enter_initial(machine: Machine, model: Instance, at: datetime) -> None:
    """Run the initial state's entry behaviour, as the agreement starts (no transition leads there)."""
    state = machine.get_state(model.state)
    state.enter(EventData(state, None, machine, model, args=(), kwargs={"at": at}))
