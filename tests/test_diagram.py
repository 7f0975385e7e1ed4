"""The lifecycle diagrams are the machines: parse them back and compare."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from transitions import Machine

import treatystate
from golden_files import REGENERATE
from treatystate._views.diagram import MACHINES, lifecycle_diagrams, machine_diagram, markdown
from treatystate.cli import main
from treatystate.lifecycle import PARTY_MACHINE, TREATY_MACHINE

README = Path(__file__).parent.parent / "README.md"
BEGIN, END = "<!-- lifecycle-diagram:begin -->", "<!-- lifecycle-diagram:end -->"
EXAMPLES = Path(__file__).parent.parent / "examples"

Edge = tuple[str, str, str, tuple[str, ...]]


def machine_edges(machine: Machine) -> set[Edge]:
    """(source, trigger, dest, conditions) for every transition of the machine."""
    edges = set()
    for trigger, event in machine.events.items():
        for source, transitions in event.transitions.items():
            for transition in transitions:
                conditions = tuple(
                    ("" if c.target else "!") + str(c.func) for c in transition.conditions
                )
                edges.add((source, trigger, transition.dest or source, conditions))
    return edges


def parse_mermaid(text: str, machine: Machine) -> dict[str, object]:
    """A Mermaid stateDiagram-v2 read back: states (by machine name), labels, classes,
    edges and the initial state. Ids are mapped back to the machine's state names."""
    assert "stateDiagram-v2" in text
    by_id = {name.replace("-", "_"): name for name in machine.states}
    labels, classes, edges, initial = {}, {}, set(), None
    for raw in text.splitlines():
        line = raw.strip()
        if match := re.fullmatch(r'state "([^"]*)" as (\S+)', line):
            labels[by_id[match[2]]] = match[1]
        elif match := re.fullmatch(r"Class (\S+) s_(\w+)", line):
            classes[by_id[match[1]]] = match[2]
        elif match := re.fullmatch(r"\[\*\] --> (\S+)", line):
            initial = by_id[match[1]]
        elif match := re.fullmatch(r"(\S+) --> (\S+): (.+)", line):
            for label in match[3].split(" | "):
                trigger, _, rest = label.partition(" ")
                conditions = tuple(rest.strip("[]").split(" & ")) if rest else ()
                edges.add((by_id[match[1]], trigger, by_id[match[2]], conditions))
    for state_id in by_id:
        # Mermaid ids are the machine's names without "-": the grammar forbids it.
        assert "-" not in state_id
    return {"labels": labels, "classes": classes, "edges": edges, "initial": initial}


def parse_dot(text: str, machine: Machine) -> dict[str, object]:
    nodes = dict(re.findall(r'^  "([^"]+)" \[label="([^"]*)"', text, re.MULTILINE))
    edges = set()
    for source, dest, joined in re.findall(
        r'^  "([^"]+)" -> "([^"]+)" \[label="([^"]*)"\];', text, re.MULTILINE
    ):
        for label in joined.split(" | "):
            trigger, _, rest = label.partition(" ")
            conditions = tuple(rest.strip("[]").split(" & ")) if rest else ()
            edges.add((source, trigger, dest, conditions))
    initial = re.search(r'__start__ -> "([^"]+)"', text)
    assert initial is not None
    return {"nodes": nodes, "edges": edges, "initial": initial[1]}


@pytest.mark.parametrize("name", list(MACHINES))
def test_mermaid_has_exactly_the_machines_states_and_transitions(name: str) -> None:
    machine, title = MACHINES[name]
    text = machine_diagram(machine, title)
    parsed = parse_mermaid(text, machine)
    assert set(parsed["labels"]) == set(machine.states)  # type: ignore[arg-type]
    assert parsed["edges"] == machine_edges(machine)
    assert parsed["initial"] == machine.initial
    assert set(parsed["classes"].values()) == {"default"}  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", list(MACHINES))
def test_dot_has_exactly_the_machines_states_and_transitions(name: str) -> None:
    machine, title = MACHINES[name]
    parsed = parse_dot(machine_diagram(machine, title, fmt="dot"), machine)
    assert set(parsed["nodes"]) == set(machine.states)  # type: ignore[arg-type]
    assert parsed["edges"] == machine_edges(machine)
    assert parsed["initial"] == machine.initial


def test_a_transition_added_to_a_machine_appears_in_its_diagram() -> None:
    """Nothing is listed by hand: the diagram follows whatever the machine holds."""
    machine = Machine(model=None, states=["draft", "in-force"], initial="draft",
                      auto_transitions=False,
                      transitions=[{"trigger": "adopt", "source": "draft", "dest": "in-force"}])
    before = parse_mermaid(machine_diagram(machine, "toy"), machine)["edges"]
    machine.add_transition("suspend", "in-force", "draft", conditions="allowed")
    after = parse_mermaid(machine_diagram(machine, "toy"), machine)["edges"]
    assert after == before | {("in-force", "suspend", "draft", ("allowed",))}


def test_scenario_highlights_the_treaty_and_every_partys_state() -> None:
    outcome = treatystate.load(EXAMPLES / "five_withdraw.toml").run()
    treaty_text, party_text = lifecycle_diagrams("mermaid", outcome)
    treaty = parse_mermaid(treaty_text, TREATY_MACHINE)
    party = parse_mermaid(party_text, PARTY_MACHINE)
    active = {s for s, c in treaty["classes"].items() if c == "active"}  # type: ignore[attr-defined]
    assert active == {outcome.status}
    by_state: dict[str, list[str]] = {}
    for code, record in outcome.parties.items():
        by_state.setdefault(record.status, []).append(code)
    active = {s for s, c in party["classes"].items() if c == "active"}  # type: ignore[attr-defined]
    assert active == set(by_state)
    for state, codes in by_state.items():
        assert party["labels"][state] == f"{state}: {', '.join(codes)}"  # type: ignore[index]


def test_sixty_states_in_one_state_are_summarised_in_the_label() -> None:
    outcome = treatystate.load(EXAMPLES / "paris_usa_returns.toml").run()
    party = parse_mermaid(lifecycle_diagrams("mermaid", outcome, ["party"])[0], PARTY_MACHINE)
    label = party["labels"]["party"]  # type: ignore[index]
    assert re.fullmatch(r"party: (\S+, ){7}\S+ \+\d+ more", label), label


def test_readme_diagram_is_generated_from_the_machines() -> None:
    """The README's copy equals `treatystate diagram --markdown`; regenerate with
    TREATYSTATE_REGENERATE=1."""
    text = README.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, "README.md lacks the lifecycle-diagram markers"
    head, rest = text.split(BEGIN, 1)
    current, tail = rest.split(END, 1)
    expected = "\n" + markdown(lifecycle_diagrams())
    if REGENERATE and current != expected:
        README.write_text(head + BEGIN + expected + END + tail, encoding="utf-8")
        return
    assert current == expected, "README diagram is stale: TREATYSTATE_REGENERATE=1 pytest"


def test_cli_diagram_markdown_is_the_readme_block(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "--markdown"]) == 0
    assert capsys.readouterr().out == markdown(lifecycle_diagrams())
