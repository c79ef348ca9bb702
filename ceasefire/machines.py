"""The provisions' state machines, built with ``transitions`` once per provision and shared.

Models are plain objects holding a ``state``; they are never bound to the machine, so one
machine serves every replay. The machines have no timeouts: time is the engine's business.
"""

from __future__ import annotations

import logging
import weakref
from typing import Any

from transitions import Machine, State

from .agreement import Provision

__all__ = ["Model", "machine_config", "machine_for", "moves_for"]

_log = logging.getLogger("transitions")
if _log.level == logging.NOTSET:
    _log.setLevel(logging.WARNING)  # its debug chatter is not ours to print; a user may still lower it

_MACHINES: weakref.WeakKeyDictionary[Provision, Machine] = weakref.WeakKeyDictionary()
_MOVES: weakref.WeakKeyDictionary[Provision, dict[tuple[str, str], str]] = weakref.WeakKeyDictionary()


class Model:
    """The state of one provision in one replay."""

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state


def machine_config(provision: Provision) -> dict[str, Any]:
    """The ``transitions`` configuration of a provision: the engine's machine and its diagrams share it."""
    return {
        "states": [State(name, final=name in provision.final) for name in provision.states],
        "initial": provision.initial,
        "transitions": [{"trigger": t.trigger, "source": list(t.source), "dest": t.dest} for t in provision.transitions],
        "auto_transitions": False,
        "ignore_invalid_triggers": True,
    }


def machine_for(provision: Provision) -> Machine:
    """The shared machine of a provision, built on first use."""
    machine = _MACHINES.get(provision)
    if machine is None:
        machine = Machine(model=None, name=f"{provision.id}: ", **machine_config(provision))
        _MACHINES[provision] = machine
    return machine


def moves_for(provision: Provision) -> dict[tuple[str, str], str]:
    """``(trigger, state) -> destination`` read off the machine, so the engine calls it only for real moves."""
    moves = _MOVES.get(provision)
    if moves is None:
        machine = machine_for(provision)
        moves = {
            (trigger, source): str(transitions[0].dest)
            for trigger, event in machine.events.items()
            for source, transitions in event.transitions.items()
            if transitions
        }
        _MOVES[provision] = moves
    return moves
