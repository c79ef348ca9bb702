"""``ceasefire graph``: the provisions' state diagrams, drawn by ``transitions`` itself.

Each diagram comes from a machine built from the same definition as the engine's (see
``machines.py``), with ``transitions``' diagram extension: Mermaid needs nothing more; DOT
needs the ``graphviz`` Python package (the ``dot`` extra), not the Graphviz programs.
"""

from __future__ import annotations

from types import SimpleNamespace

from ..agreement import Agreement, Provision
from ..errors import UsageError
from ..machines import machine_config

__all__ = ["diagram"]


def _mermaid(provision: Provision, title: str) -> str:
    from transitions.extensions.diagrams import GraphMachine

    machine = GraphMachine(model=SimpleNamespace(), graph_engine="mermaid", title=title, **machine_config(provision))
    lines = machine.get_combined_graph(title=title).source.splitlines()  # type: ignore[attr-defined]
    # Front matter is YAML, so the title needs its key; the styling marks the model's current
    # state, and a pack's diagram has none; final states lead out.
    lines[1] = f'title: "{title}"'
    lines = [line for line in lines if not line.lstrip().startswith(("classDef ", "Class ")) and line.strip()]
    lines += [f"  {state} --> [*]" for state in provision.states if state in provision.final]
    return "\n".join(lines) + "\n"


def _dot(provision: Provision, title: str) -> str:
    try:
        import graphviz  # noqa: F401
    except ImportError:
        raise UsageError("--format dot needs the graphviz Python package: pip install 'ceasefire[dot]'") from None
    from transitions.extensions.diagrams import GraphMachine

    machine = GraphMachine(model=SimpleNamespace(), graph_engine="graphviz", title=title, **machine_config(provision))
    return machine.get_combined_graph(title=title).source  # type: ignore[attr-defined]  # a graphviz Digraph, typed as transitions' protocol


def diagram(agreement: Agreement, provision: str | None = None, format: str = "mermaid") -> str:
    """The diagram of one provision, or of each in turn (separated by a blank line).

    One Mermaid diagram is printed as it is, ready for ``mmdc``; several are Markdown, each
    in its own fenced ```` ```mermaid ```` block, since one Mermaid block holds one diagram:
    the output pastes into a README or an issue as it is.
    """
    chosen = agreement.provisions
    if provision is not None:
        chosen = tuple(p for p in agreement.provisions if p.id == provision)
        if not chosen:
            raise UsageError(f"agreement {agreement.id} has no provision {provision!r} "
                             f"(provisions: {', '.join(p.id for p in agreement.provisions)})")
    draw = _mermaid if format == "mermaid" else _dot
    drawn = [draw(p, f"{agreement.id}: {p.id}") for p in chosen]
    if format == "mermaid" and len(drawn) > 1:
        drawn = [f"```mermaid\n{text}```\n" for text in drawn]
    return "\n".join(drawn)
