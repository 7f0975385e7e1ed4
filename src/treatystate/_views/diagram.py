"""State diagrams of the lifecycle, drawn from the ``transitions`` machines themselves.

The two machines of ``lifecycle.py`` (treaty and party) are read state by state and
transition by transition into a ``transitions`` ``GraphMachine``, which draws them.
Nothing is listed by hand here, so a transition added to ``lifecycle.py`` appears in
the diagram (and in the README, whose copy ``tests/test_diagram.py`` keeps current).

Formats:

- ``mermaid``: GraphMachine's own Mermaid engine (no system binary). Mermaid state
  ids may not contain ``-``, so ``in-force`` gets the id ``in_force`` and keeps its
  name as the label.
- ``dot``: Graphviz DOT text, written by :class:`_DotGraph`, a GraphMachine graph
  engine of our own. transitions' Graphviz engines need the ``graphviz`` or
  ``pygraphviz`` package (the latter also a C library) only to *build* a text that is
  a few lines of DOT; emitting it from the same machine data costs no dependency, and
  rendering it stays with the user's ``dot``.

With an outcome, the states the treaty and the parties are in are highlighted, and
each party state is labelled with the States in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TypeAlias

from transitions import Machine, State
from transitions.extensions.diagrams import GraphMachine
from transitions.extensions.diagrams_base import BaseGraph

from .._model.outcome import Outcome
from ..lifecycle import PARTY_MACHINE, TREATY_MACHINE
from .escaping import one_line

__all__ = [
    "MACHINES",
    "DiagramFormat",
    "MachineName",
    "lifecycle_diagrams",
    "machine_diagram",
    "markdown",
]

DiagramFormat: TypeAlias = Literal["mermaid", "dot"]
MachineName: TypeAlias = Literal["treaty", "party"]
MACHINES: dict[MachineName, tuple[Machine, str]] = {
    "treaty": (TREATY_MACHINE, "The treaty's lifecycle"),
    "party": (PARTY_MACHINE, "A State's relation to the treaty"),
}
# A party-state label lists at most this many States, then says how many more.
_LISTED_STATES = 8


class _LabelledState(State):
    """A state with a display label (transitions' markup reads ``label`` if present)."""

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.label = label


class _DotGraph(BaseGraph):
    """A GraphMachine engine that writes Graphviz DOT text from the machine's markup."""

    def __init__(self, machine: GraphMachine) -> None:
        self.styles: dict[str, str] = {}
        super().__init__(machine)

    def generate(self) -> None:
        """Nothing to prepare: the text is written in :meth:`get_graph`."""

    def set_previous_transition(self, src: str, dst: str) -> None:
        self.styles[src] = "previous"

    def reset_styling(self) -> None:
        self.styles = {}

    def set_node_style(self, state: Any, style: str) -> None:
        self.styles[getattr(state, "name", state)] = style

    def get_graph(self, title: str | None = None, roi_state: str | None = None) -> Any:
        states, transitions = self._get_elements()
        node = self.machine.style_attributes["node"]
        assert isinstance(node, dict)
        lines = [
            f"digraph {_dot_id(self.machine.title)} {{",
            f"  label={_dot_id(title or self.machine.title)};",
            "  labelloc=t;",
            "  rankdir=LR;",
            "  node [shape=rectangle, style=\"rounded,filled\", fillcolor=white];",
            "  __start__ [shape=point, label=\"\"];",
        ]
        for state in states:
            attributes = {"label": state.get("label", state["name"])}
            style = node.get(self.styles.get(state["name"], ""))
            if isinstance(style, dict):
                attributes.update(style)
            rendered = ", ".join(f"{key}={_dot_id(str(value))}"
                                 for key, value in attributes.items())
            lines.append(f"  {_dot_id(state['name'])} [{rendered}];")
        lines.append(f"  __start__ -> {_dot_id(str(self.machine.initial))};")
        # One edge per pair of states, its triggers joined as Mermaid joins them.
        edges: dict[tuple[str, str], list[str]] = {}
        for transition in transitions:
            source = transition["source"]
            pair = (source, transition.get("dest", source))
            edges.setdefault(pair, []).append(self._transition_label(transition))
        for (source, dest), triggers in edges.items():
            lines.append(
                f"  {_dot_id(source)} -> {_dot_id(dest)} [label={_dot_id(' | '.join(triggers))}];"
            )
        lines.append("}")
        return _Drawn("\n".join(lines))


class _Drawn:
    """What ``get_graph`` returns: ``draw(None)`` gives the text, as for Mermaid."""

    def __init__(self, source: str) -> None:
        self.source = source

    def draw(self, filename: object, *args: object, **kwargs: object) -> str:
        return self.source


class _LifecycleGraphMachine(GraphMachine):
    state_cls = _LabelledState

    def _init_graphviz_engine(self, graph_engine: str) -> type[BaseGraph]:
        if graph_engine == "dot":
            return _DotGraph
        return super()._init_graphviz_engine(graph_engine)


class _Model:
    """The model GraphMachine needs before it draws (``model=None`` cannot draw)."""

    def __init__(self, state: str) -> None:
        self.state = state


def _dot_id(text: str) -> str:
    """A DOT quoted string: on one line, control characters written out, then the
    backslashes and quotes escaped."""
    return '"' + one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _mermaid_id(state: str) -> str:
    return state.replace("-", "_")


def _condition_name(function: object) -> str:
    return function if isinstance(function, str) else getattr(function, "__name__", str(function))


def _machine_config(
    machine: Machine, labels: Mapping[str, str], ids: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The states and transitions of ``machine``, as GraphMachine configuration."""
    states = [{"name": ids(name), "label": labels.get(name, name)} for name in machine.states]
    transitions: list[dict[str, Any]] = []
    for trigger, event in machine.events.items():
        for source, candidates in event.transitions.items():
            for transition in candidates:
                config: dict[str, Any] = {
                    "trigger": trigger,
                    "source": ids(source),
                    "dest": ids(transition.dest if transition.dest is not None else source),
                }
                met = [_condition_name(c.func) for c in transition.conditions if c.target]
                unmet = [_condition_name(c.func) for c in transition.conditions if not c.target]
                if met:
                    config["conditions"] = met
                if unmet:
                    config["unless"] = unmet
                transitions.append(config)
    return states, transitions


def machine_diagram(
    machine: Machine,
    title: str,
    *,
    fmt: DiagramFormat = "mermaid",
    occupants: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """One machine's state diagram in ``fmt``.

    ``occupants`` maps a state to who is in it (e.g. ``{"party": ["CHN", "KAZ"]}``, or
    ``{"in-force": []}`` for the treaty): those states are highlighted, and labelled
    with the occupants when there are any.
    """
    ids = _mermaid_id if fmt == "mermaid" else str
    occupants = occupants or {}
    labels = {state: _occupied_label(state, who) for state, who in occupants.items() if who}
    states, transitions = _machine_config(machine, labels, ids)
    model = _Model(ids(str(machine.initial)))
    graph_machine = _LifecycleGraphMachine(
        model=model,
        states=states,
        transitions=transitions,
        initial=ids(str(machine.initial)),
        auto_transitions=False,
        show_conditions=True,
        # Mermaid reads the text between the two "---" lines as YAML front matter.
        title=f"title: {one_line(title)}" if fmt == "mermaid" else title,
        graph_engine=fmt,  # type: ignore[arg-type]
    )
    graph = graph_machine.model_graphs[id(model)]
    graph.reset_styling()
    for state in occupants:
        graph.set_node_style(ids(state), "active")
    drawn = graph.get_graph()
    text = drawn.draw(None)
    assert isinstance(text, str)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def _occupied_label(state: str, who: Sequence[str]) -> str:
    listed = ", ".join(who[:_LISTED_STATES])
    if len(who) > _LISTED_STATES:
        listed += f" +{len(who) - _LISTED_STATES} more"
    return f"{state}: {listed}"


def _occupants(outcome: Outcome) -> dict[MachineName, dict[str, list[str]]]:
    by_state: dict[str, list[str]] = {}
    for code, record in outcome.parties.items():
        by_state.setdefault(record.status, []).append(code)
    return {"treaty": {outcome.status: []}, "party": by_state}


def lifecycle_diagrams(
    fmt: DiagramFormat = "mermaid",
    outcome: Outcome | None = None,
    machines: Iterable[MachineName] = ("treaty", "party"),
) -> list[str]:
    """The diagrams of ``machines``, highlighting ``outcome``'s states when given."""
    occupied = _occupants(outcome) if outcome is not None else None
    diagrams = []
    for name in machines:
        machine, title = MACHINES[name]
        if outcome is not None:
            title += f" in {outcome.treaty.id}" + (
                f" as of {outcome.as_of}" if outcome.as_of else ""
            )
        diagrams.append(machine_diagram(
            machine, title, fmt=fmt, occupants=occupied[name] if occupied else None
        ))
    return diagrams


def markdown(diagrams: Sequence[str]) -> str:
    """Mermaid diagrams as fenced Markdown blocks (GitHub and GitLab render them)."""
    return "\n".join(f"```mermaid\n{diagram}```\n" for diagram in diagrams)
