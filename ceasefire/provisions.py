"""The provisions of one replay: one instance of each, or one per party (or per value of a field).

An instance is the model its provision's shared machine moves. A provision kept ``per``
party has an instance for each party it lists (every party by default); one kept per a
field (``per = "convoy"``) has the instances it lists and one more for each new value an
event names. The provision's status is the worst (or best) of its instances'.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .agreement import IMPLEMENTATIONS, STATUS_RANK, Agreement, Provision
from .events import Event
from .machines import Instance, Timers

__all__ = ["Provisions"]

_IMPLEMENTATION_RANK = {name: rank for rank, name in enumerate(IMPLEMENTATIONS)}


class Provisions:
    """Every instance of every provision of one replay, by slot and by key."""

    def __init__(self, agreement: Agreement, timers: Timers, changed: Callable[[Instance, str, str, dict[str, Any]], None]) -> None:
        self.agreement = agreement
        self._timers, self._changed = timers, changed
        self.models: list[list[Instance]] = []
        self.by_key: list[dict[str | None, Instance]] = []
        for i, p in enumerate(agreement.provisions):
            self.models.append([])
            self.by_key.append({})
            for key in (p.instances if p.per is not None else (None,)):
                self.add(i, key)

    def add(self, index: int, key: str | None) -> Instance:
        """A new instance of a provision, in its initial state (the engine enters it)."""
        provision = self.agreement.provisions[index]
        model = Instance(index, provision.initial, self._timers, self._changed, len(self.models[index]), key)
        self.models[index].append(model)
        self.by_key[index][key] = model
        return model

    def key_of(self, provision: Provision, event: Event) -> str | None:
        """Which instance of a per-party or per-field provision an event concerns (None: none)."""
        if provision.per == "party":
            for who in (event.party, event.actor, event.target):
                if who is not None and who in provision.instances:
                    return who
            return None
        value = event.fields.get(provision.per) if provision.per is not None else None
        return value if isinstance(value, str) and value else None

    def slots(self, index: int, model: Instance | None) -> list[int]:
        """The instances of provision ``index`` that a move of ``model`` concerns: its own party's, or all."""
        if model is not None and model.key is not None:
            same = self.by_key[index].get(model.key)
            here = self.agreement.provisions[index]
            there = self.agreement.provisions[model.index]
            if same is not None and here.per == there.per:
                return [same.slot]
        return [m.slot for m in self.models[index]]

    def state(self, index: int, slot: int) -> str:
        """An instance's state."""
        return self.models[index][slot].state

    def status_rank(self, index: int) -> int:
        """The status a provision stands for: the worst (or best) of its instances'."""
        provision = self.agreement.provisions[index]
        ranks = [STATUS_RANK[provision.status_of(m.state)] for m in self.models[index]] or [0]
        return min(ranks) if provision.combine == "best" else max(ranks)

    def implementation_rank(self, index: int) -> int:
        """How a provision weighs on implementation: the worst (or best) of its instances'."""
        provision = self.agreement.provisions[index]
        ranks = [_IMPLEMENTATION_RANK[provision.implementation_of(m.state)] for m in self.models[index]] or [0]
        return min(ranks) if provision.combine == "best" else max(ranks)

    def shown(self, index: int) -> str:
        """The state a report shows for a provision: the state of the instance that sets its status (then its implementation)."""
        provision = self.agreement.provisions[index]
        models = self.models[index]
        if not models:
            return provision.initial
        def weight(model: Instance) -> tuple[int, int]:
            return (STATUS_RANK[provision.status_of(model.state)], _IMPLEMENTATION_RANK[provision.implementation_of(model.state)])

        chosen = min(models, key=weight) if provision.combine == "best" else max(models, key=weight)
        return chosen.state

    def states(self) -> dict[str, str]:
        """Each provision's shown state, by provision id."""
        return {p.id: self.shown(i) for i, p in enumerate(self.agreement.provisions)}

    def instances(self) -> dict[str, dict[str, str]]:
        """Each per-party or per-field provision's instances and their states."""
        return {p.id: {m.key: m.state for m in self.models[i] if m.key is not None}
                for i, p in enumerate(self.agreement.provisions) if p.per is not None}

    def status(self) -> int:
        """The worst status rank over the provisions."""
        return max((self.status_rank(i) for i in range(len(self.models))), default=0)

    def implementation(self) -> str:
        """on_track, behind or stalled: the worst over the provisions."""
        return IMPLEMENTATIONS[max((self.implementation_rank(i) for i in range(len(self.models))), default=0)]

