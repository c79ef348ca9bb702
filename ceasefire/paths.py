"""A move's steps through a ``transitions`` machine, found once per trigger and state and remembered.

``transitions`` finds a move's transition and takes its steps through a dozen calls each time (the
event's table, ``Transition.execute``, the states' ``exit`` and ``enter``, ``get_state`` and
``set_state``, the callbacks' chains): a third of what a change of state costs. A machine that
``machines.machines_for`` built is never changed after, so from a state, by a trigger, the steps
are always the same: the first transition's conditions, the exit callbacks of the state left, the
state set, the entry callbacks of the state entered (and the machine's ``on_final`` for a final
one), the transition's and the machine's callbacks after. A ``Path`` remembers them and takes them
in that order with the same ``EventData``, as ``lean.LeanTransition`` would; a move that would take
other steps (preparation, callbacks before, a callback named rather than given, a transition or
state of another class) is not remembered, and the machine takes its own, as it does while its
logger listens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transitions import Machine, Transition
from transitions.core import EventData

from .lean import _INFO, _LOG, LeanState, LeanTransition

__all__ = ["Path", "Paths", "loud"]

loud = _LOG.isEnabledFor
"""Whether the machines' logger takes a level (``logging.INFO``: their steps' chatter): while it does, every move is the machine's own."""


class Path:
    """The remembered steps of one move: a state left by a trigger through its first transition.

    ``rest`` are the trigger's other transitions out of the state, tried in order (by the machine's
    own steps) when the first one's conditions do not hold.
    """

    __slots__ = ("conditions", "dest", "event", "exits", "rest", "source", "then", "transition", "value")

    def __init__(self, machine: Machine, event: Any, transitions: list[Transition]) -> None:
        self.transition = first = transitions[0]
        self.event, self.rest, self.conditions = event, tuple(transitions[1:]), tuple(first.conditions)
        self.source, self.dest = machine.states[first.source], machine.states[first.dest]  # type: ignore[index]  # _plain: a Path's move has a dest
        self.value = self.dest.value
        self.exits: tuple[Callable[[EventData], object], ...] = tuple(self.source.on_exit)  # type: ignore[arg-type]  # _plain: all callable
        self.then = (*self.dest.on_enter, *(machine.on_final if self.dest.final else ()), *first.after, *machine.after_state_change)

    def take(self, machine: Machine, model: Any, how: dict[str, Any]) -> None:
        """Move ``model`` (in the path's state) by the path's trigger with keyword arguments ``how``, as the machine would."""
        data = EventData(self.source, self.event, machine, model, (), how)
        data.transition = self.transition
        for condition in self.conditions:
            if not condition.check(data):
                for transition in self.rest:  # as transitions.Event._process: the first that executes wins
                    data.transition = transition
                    if transition.execute(data):
                        data.result = True
                        return
                return
        for func in self.exits:
            func(data)
        model.state = self.value
        data.state = self.dest
        for func in self.then:
            func(data)
        data.result = True


def _plain(machine: Machine, transition: Any) -> bool:
    """Whether the machine takes ``transition`` by the steps a ``Path`` remembers."""
    if type(transition) is not LeanTransition or transition.dest is None or transition.prepare or transition.before:
        return False
    source, dest = machine.states.get(transition.source), machine.states.get(transition.dest)
    if type(source) is not LeanState or type(dest) is not LeanState:
        return False
    funcs = (*source.on_exit, *dest.on_enter, *(machine.on_final if dest.final else ()), *transition.after, *machine.after_state_change)
    return all(callable(f) for f in funcs)  # a name would be resolved by the machine


class Paths(dict):  # of (trigger, state): Path | bool | None
    """A machine's moves by ``(trigger, state)``: False when none changes the state, None when the machine takes its own steps, else a ``Path``.

    Only for a machine never changed once built, with ``send_event``, the ``state`` attribute and no callback before any change.
    """

    def __init__(self, machine: Machine) -> None:
        super().__init__()
        self.machine = machine
        self.plain = bool(machine.send_event and machine.model_attribute == "state" and not machine.before_state_change)

    def __missing__(self, key: tuple[str, str]) -> Path | bool | None:
        trigger, state = key
        event = self.machine.events.get(trigger)
        moves = event.transitions.get(state) if event is not None else None
        if not moves or all(t.dest is None for t in moves):
            found: Path | bool | None = False  # internal transitions only, or none: nothing would change
        else:
            found = Path(self.machine, event, moves) if self.plain and _plain(self.machine, moves[0]) else None
        if len(self) < 4096:
            self[key] = found
        return found
