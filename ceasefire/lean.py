"""``transitions``' Machine, State and Transition, stepping without their per-step log calls when nobody listens.

A change of state in ``transitions`` makes ten calls to its logger (``debug`` and ``info``)
and goes through ``Machine.callbacks`` for each list of callbacks, even empty ones: about
half of what a move costs when the logger drops everything, as it does unless a user lowers
its level. These subclasses (the library's own extension points, ``state_cls`` and
``transition_cls``) take the same steps in the same order, each callback through the
machine's ``callback``; when the library's logger would print something, they are the
library's own steps, chatter included.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from itertools import chain
from typing import TYPE_CHECKING, Any

from transitions import Machine, State, Transition
from transitions.core import EventData

if TYPE_CHECKING:
    from .paths import Paths

__all__ = ["LeanMachine", "LeanState"]

_LOG = logging.getLogger("transitions.core")  # the logger transitions.core writes its steps to
_INFO = logging.INFO


def _run(machine: Machine, funcs: Iterable[Any], event_data: EventData) -> None:
    """Call each callback as ``Machine.callback`` does: a callable with the event data (``send_event``), anything else through it."""
    send = machine.send_event
    for func in funcs:
        if send and callable(func):  # a name (a string) is resolved by the machine
            func(event_data)
        else:
            machine.callback(func, event_data)


class LeanState(State):
    """A state whose entry and exit run their callbacks without the library's log calls (unless its logger listens)."""

    def enter(self, event_data: EventData) -> None:
        """Run the entry callbacks, in order."""
        if _LOG.isEnabledFor(_INFO):
            return super().enter(event_data)
        _run(event_data.machine, self.on_enter, event_data)
        return None

    def exit(self, event_data: EventData) -> None:
        """Run the exit callbacks, in order."""
        if _LOG.isEnabledFor(_INFO):
            return super().exit(event_data)
        _run(event_data.machine, self.on_exit, event_data)
        return None


class LeanTransition(Transition):
    """A transition executed as ``Transition.execute`` does (prepare, conditions, before, the change, after), without its log calls."""

    def execute(self, event_data: EventData) -> bool:
        """Execute the transition; True when its conditions held and it was taken."""
        if _LOG.isEnabledFor(_INFO):
            return super().execute(event_data)
        machine = event_data.machine
        if self.prepare:
            _run(machine, self.prepare, event_data)
        for cond in self.conditions:
            if not cond.check(event_data):
                return False
        if machine.before_state_change or self.before:
            _run(machine, chain(machine.before_state_change, self.before), event_data)
        if self.dest:  # None: an internal transition, no change of state
            self._change_state(event_data)
        _run(machine, chain(self.after, machine.after_state_change), event_data)
        return True


class LeanMachine(Machine):
    """A ``transitions`` Machine whose transitions step without log calls nobody reads."""

    paths: Paths  # its moves' steps, set by machines.machines_for (machines.direct asks whether it is)
    transition_cls = LeanTransition
    state_cls = LeanState
