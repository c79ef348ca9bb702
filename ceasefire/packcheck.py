"""Checks of a pack that need every provision at once, each in time linear in the pack's size.

- Timers that name other provisions name ones that exist, with states they have.
- No trigger takes a name the state-machine library keeps for itself (``state``, ``get_graph``).
- No timers move a provision in a loop with no event: two calm timers flipping two states, a
  deadline re-armed by the state its own trigger leads back to, provisions arming each other's
  deadlines. Such a pack would keep the checker firing timers until the end of time.
- Calm timers wait on each other (``requires``) at most ``MAX_REQUIRES_DEPTH`` provisions deep.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .agreement import Agreement, Provision
from .errors import PackError
from .values import frozen

__all__ = ["MAX_REQUIRES_DEPTH", "RESERVED_TRIGGERS", "PackCheckError", "TimerLoop", "check_agreement", "check_timer_references", "find_timer_loop"]

MAX_REQUIRES_DEPTH = 64
"""How many provisions deep calm timers may wait on each other (``requires``)."""

RESERVED_TRIGGERS = frozenset({"state", "trigger", "get_graph", "machine"})
"""Trigger names ``transitions`` gives its own meaning on a model."""

_Node = tuple[int, str]  # (provision index, state)
_N = TypeVar("_N", bound=Hashable)


class PackCheckError(PackError):
    """A pack that would load but loop, crash or overflow later; ``code`` names it in ``lint``."""

    def __init__(self, message: str, *, path: str, key: str | None = None, code: str) -> None:
        super().__init__(message, path=path, key=key)
        self.code = code


def _timer_loop_class() -> type[TimerLoop]:
    """``TimerLoop``, made (by attrs) when first asked for: no pack a check loads has a loop, so a check never makes it."""
    made = globals().get("_TIMER_LOOP")
    if made is None:

        class TimerLoop:
            """A loop of timer-driven moves: the key of its first timer and the loop in words."""

            key: str
            message: str

        TimerLoop.__qualname__ = TimerLoop.__name__  # pickled and shown as packcheck.TimerLoop, as a class made at the top
        made = globals()["_TIMER_LOOP"] = frozen(TimerLoop)
    return made  # type: ignore[return-value]  # the class made here is the TimerLoop declared below for type checkers


if TYPE_CHECKING:

    @frozen
    class TimerLoop:  # what _timer_loop_class makes, for type checkers
        key: str
        message: str


def __getattr__(name: str) -> Any:
    """``TimerLoop`` is made on first use (PEP 562)."""
    if name == "TimerLoop":
        return _timer_loop_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_timer_references(path: str, provisions: Sequence[Provision]) -> None:
    """Timers naming another provision (deadline ``start``, ``watch``, ``requires``) name real ones and states."""
    by_id = {p.id: p for p in provisions}
    known = ", ".join(by_id)
    for p in provisions:
        for index, timer in enumerate(p.timers):
            key = f"provisions.{p.id}.timers[{index}]"
            if timer.start is not None and "." in timer.start and not timer.start.startswith("due:"):
                other, _, state = timer.start.partition(".")
                if other not in by_id:
                    raise PackError(f"unknown provision {other!r} (expected one of: {known})", path=path, key=f"{key}.start")
                if state not in by_id[other].states:
                    raise PackError(f"provision {other!r} has no state {state!r}", path=path, key=f"{key}.start")
            for name in timer.watch:
                if name not in by_id:
                    raise PackError(f"unknown provision {name!r} (expected one of: {known})", path=path, key=f"{key}.watch")
            for name, allowed in timer.requires.items():
                if name not in by_id:
                    raise PackError(f"unknown provision {name!r} (expected one of: {known})", path=path, key=f"{key}.requires.{name}")
                for state in sorted(allowed):
                    if state not in by_id[name].states:
                        raise PackError(f"provision {name!r} has no state {state!r}", path=path, key=f"{key}.requires.{name}")


def check_agreement(agreement: Agreement, path: str) -> None:
    """Raise PackCheckError for a reserved trigger name, calm timers waiting too deep, or a timer loop."""
    for p in agreement.provisions:
        states = set(p.states)
        triggers = {t.trigger for t in p.transitions}
        for index, t in enumerate(p.transitions):
            name = t.trigger
            clash = (name in RESERVED_TRIGGERS or (name.startswith("__") and name.endswith("__"))
                     or (name.startswith(("is_", "to_")) and name[3:] in states)
                     or (name.startswith("may_") and name[4:] in triggers))
            if clash:
                raise PackCheckError(f"trigger name {name!r} is reserved by the state-machine library (transitions): choose another", path=path, key=f"provisions.{p.id}.transitions[{index}].trigger", code="reserved-trigger")
    _check_requires_depth(agreement, path)
    loop = find_timer_loop(agreement)
    if loop is not None:
        raise PackCheckError(loop.message, path=path, key=loop.key, code="timer-loop")


def _components(nodes: Iterable[_N], edges: Mapping[_N, Sequence[_N]]) -> list[list[_N]]:
    """Strongly connected components (Tarjan's algorithm, without recursion), each a list of nodes."""
    index: dict[_N, int] = {}
    low: dict[_N, int] = {}
    stack: list[_N] = []
    on_stack: set[_N] = set()
    out: list[list[_N]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    out.append(component)
    return out


def _check_requires_depth(agreement: Agreement, path: str) -> None:
    """Calm timers that wait on other provisions fire in a cascade: bound how deep it can go."""
    weight = {p.id: sum(1 for t in p.timers if t.kind == "calm" and t.requires) for p in agreement.provisions}
    edges = {p.id: sorted({q for t in p.timers if t.kind == "calm" for q in t.requires}) for p in agreement.provisions}
    depth: dict[str, int] = {}
    via: dict[str, str | None] = {}
    component_of: dict[str, int] = {}
    components = _components(list(edges), edges)  # in reverse topological order: dependencies first
    for number, component in enumerate(components):
        for member in component:
            component_of[member] = number
    for number, component in enumerate(components):
        own = sum(weight[m] for m in component)
        best, best_via = 0, None
        for member in component:
            for q in edges[member]:
                if component_of[q] != number and depth[q] > best:
                    best, best_via = depth[q], q
        for member in component:
            depth[member], via[member] = own + best, best_via
    p = max(agreement.provisions, key=lambda p: depth[p.id])  # the first of the deepest
    if depth[p.id] > MAX_REQUIRES_DEPTH:
        chain, node = [p.id], via[p.id]
        while node is not None and len(chain) < 4:
            chain.append(node)
            node = via[node]
        index = next(i for i, t in enumerate(p.timers) if t.kind == "calm" and t.requires)
        raise PackCheckError(f"calm timers wait on each other {depth[p.id]} provisions deep ({' -> '.join(chain)} -> ...): "
                             f"at most {MAX_REQUIRES_DEPTH}", path=path, key=f"provisions.{p.id}.timers[{index}].requires", code="requires-too-deep")


_Edge = tuple[_Node, _Node, tuple[int, int], _Node]  # from the state entered, to the state reached, by which timer, moving from


def _edges(provisions: Sequence[Provision]) -> list[_Edge]:
    """Timer-driven moves: entering a state leads, with no event, to a provision reaching another."""
    index = {p.id: i for i, p in enumerate(provisions)}
    edges: list[_Edge] = []
    for i, p in enumerate(provisions):
        moves: dict[str, list[tuple[str, str]]] = {}
        for t in p.transitions:
            moves.setdefault(t.trigger, []).extend((s, t.dest) for s in t.source if s != t.dest)
        for j, timer in enumerate(p.timers):
            targets = moves.get(timer.trigger or "", ())
            if timer.kind == "calm":
                edges += [((i, s), (i, d), (i, j), (i, s)) for s, d in targets if s in timer.states]
            elif timer.start is not None and timer.start != "start":  # a deadline armed at the start fires once
                other, _, state = timer.start.rpartition(".")
                origin = (index[other], state) if other else (i, state)
                if origin[0] != i or state not in timer.met_by:  # else met the moment it is armed
                    edges += [(origin, (i, d), (i, j), (i, s)) for s, d in targets if s not in timer.met_by]
    return edges


def _reach(starts: Iterable[_Node], graph: Mapping[_Node, list[_Node]]) -> set[_Node]:
    seen = set(starts)
    todo = list(seen)
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def find_timer_loop(agreement: Agreement) -> TimerLoop | None:
    """A loop of timer-driven moves with no event in it, or None.

    The search over-approximates, then sets aside what cannot repeat, until nothing changes:
    a move from a state that no loop leads back to, and a calm timer whose loop never leaves
    its states (it fires once each time its provision enters them).
    """
    provisions = agreement.provisions
    edges = _edges(provisions)
    while True:
        graph: dict[_Node, list[_Node]] = {}
        for origin, target, _, _ in edges:
            graph.setdefault(origin, []).append(target)
        cyclic = [set(c) for c in _components(list(graph), graph) if len(c) > 1 or c[0] in graph.get(c[0], [])]
        if not cyclic:
            return None
        live = _reach((node for c in cyclic for node in c), graph)
        within = {node: n for n, c in enumerate(cyclic) for node in c}
        spent = set()
        for n, component in enumerate(cyclic):
            for origin, target, key, _ in edges:
                if within.get(origin) == n == within.get(target):
                    timer = provisions[key[0]].timers[key[1]]
                    if timer.kind == "calm" and {state for i, state in component if i == key[0]} <= timer.states:
                        spent.add(key)
        kept = [e for e in edges if e[3] in live and e[2] not in spent]
        if len(kept) == len(edges):
            return _describe(provisions, edges, cyclic[0])
        edges = kept


def _describe(provisions: Sequence[Provision], edges: list[_Edge], members: set[_Node]) -> TimerLoop:
    """Walk the component from its first node until a node repeats: that is the loop to name."""
    out: dict[_Node, tuple[_Node, tuple[int, int]]] = {}
    for origin, target, key, _ in edges:
        if origin in members and target in members:
            out.setdefault(origin, (target, key))
    node = min(members)
    seen: dict[_Node, int] = {}
    path: list[tuple[_Node, tuple[int, int]]] = []
    while node not in seen:
        seen[node] = len(path)
        target, key = out[node]
        path.append((node, key))
        node = target
    loop = path[seen[node]:]
    words = [f"{provisions[i].id}.{state} -({provisions[k[0]].timers[k[1]].id})->" for (i, state), k in loop]
    first = loop[0][1]
    return _timer_loop_class()(f"provisions.{provisions[first[0]].id}.timers[{first[1]}]",
                     f"timers move provisions in a loop with no event: {' '.join(words)} {provisions[node[0]].id}.{node[1]}; "
                     "the checker would fire them for ever: let an event break the loop")
