"""The fast paths decide exactly as the slow ones: the transition table as the machines,
the engine's running counts as a scan of its States."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from transitions import Machine

import treatystate
from treatystate._engine import run as engine
from treatystate._transition_table import TransitionTable, UnsupportedMachine
from treatystate.lifecycle import (
    PARTY_MACHINE,
    TREATY_MACHINE,
    fire,
    fire_through_machine,
    permitted,
)
from treatystate.testing import scenarios, treaties

MACHINES = {"treaty": TREATY_MACHINE, "party": PARTY_MACHINE}
EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


def _condition_names(machine: Machine) -> list[str]:
    return sorted({
        condition.func
        for event in machine.events.values()
        for transitions in event.transitions.values()
        for transition in transitions
        for condition in transition.conditions
    })


class _Model:
    """A model whose every condition answers from ``answers``, which a test may change."""

    def __init__(self, state: str, answers: dict[str, bool]) -> None:
        self.state = state
        self.answers = answers

    def __getattr__(self, name: str) -> object:
        answers = self.__dict__["answers"]
        if name in answers:
            return lambda: answers[name]
        raise AttributeError(name)


@st.composite
def _runs(draw: st.DrawFn, machine: Machine) -> tuple[str, list[tuple[str, dict[str, bool]]]]:
    """A start state, then steps: a trigger (known, or one the machine lacks) and what
    each condition answers at that moment."""
    triggers = [*machine.events, "no-such-trigger"]
    names = _condition_names(machine)
    answers = st.fixed_dictionaries({name: st.booleans() for name in names})
    start = draw(st.sampled_from(list(machine.states)))
    steps = draw(st.lists(st.tuples(st.sampled_from(triggers), answers), max_size=40))
    return start, steps


@pytest.mark.parametrize("name", MACHINES)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_table_and_machine_agree_on_random_event_sequences(name: str, data: st.DataObject) -> None:
    """For any start state and any sequence of triggers, with any answers from the
    conditions, firing through the derived table returns what the machine returns and
    leaves the model in the same state, step after step."""
    machine = MACHINES[name]
    start, steps = data.draw(_runs(machine))
    through_machine = _Model(start, {})
    through_table = _Model(start, {})
    for trigger, answers in steps:
        through_machine.answers = through_table.answers = answers
        expected = fire_through_machine(machine, trigger, through_machine)
        assert fire(machine, trigger, through_table) == expected, (trigger, answers)
        assert through_table.state == through_machine.state, (trigger, answers)


@pytest.mark.parametrize("name", MACHINES)
def test_table_permits_exactly_what_the_machine_permits(name: str) -> None:
    """Every (trigger, state) pair is permitted by the table iff the machine has a
    transition for it."""
    machine = MACHINES[name]
    table = TransitionTable.derive(machine)
    for trigger in [*machine.events, "no-such-trigger"]:
        for state in machine.states:
            assert table.permitted(machine, trigger, state) == permitted(machine, trigger, state)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_engine_outcomes_are_the_same_through_the_machine(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every example gives byte-identical JSON whether the engine fires through the
    table or through the transitions machine."""
    scenario = treatystate.load(path)

    def run() -> str:
        try:
            return scenario.run().to_json()
        except treatystate.TreatyStateError as error:
            return f"refused: {error}"

    fast = run()
    monkeypatch.setattr(engine, "fire", fire_through_machine)
    monkeypatch.setattr(engine, "PARTY_UNCONDITIONAL", {})
    monkeypatch.setattr(engine, "TREATY_UNCONDITIONAL", {})
    assert run() == fast


def _machine(**options: object) -> Machine:
    return Machine(model=None, states=["a", "b"], initial="a", auto_transitions=False,
                   transitions=[{"trigger": "go", "source": "a", "dest": "b"}], **options)


@pytest.mark.parametrize(
    "machine",
    [
        _machine(after_state_change="log"),
        _machine(send_event=True),
        Machine(model=None, states=[{"name": "a", "on_enter": "log"}, "b"], initial="a",
                auto_transitions=False,
                transitions=[{"trigger": "go", "source": "a", "dest": "b"}]),
        Machine(model=None, states=["a", "b"], initial="a", auto_transitions=False,
                transitions=[{"trigger": "go", "source": "a", "dest": "b", "after": "log"}]),
        Machine(model=None, states=["a", "b"], initial="a", auto_transitions=False,
                transitions=[{"trigger": "go", "source": "a", "dest": "b",
                              "conditions": lambda: True}]),
    ],
    ids=["machine callback", "send_event", "state callback", "transition callback",
         "callable condition"],
)
def test_a_machine_the_table_cannot_replay_is_refused(machine: Machine) -> None:
    """A machine feature the table would silently skip stops the derivation."""
    with pytest.raises(UnsupportedMachine):
        TransitionTable.derive(machine)
    with pytest.raises(UnsupportedMachine):
        fire(machine, "go", _Model("a", {}))


def test_an_internal_transition_keeps_the_state() -> None:
    """``dest=None`` (an internal transition) succeeds and leaves the state as it was,
    in the table as in the machine."""
    machine = Machine(model=None, states=["a"], initial="a", auto_transitions=False,
                      transitions=[{"trigger": "stay", "source": "a", "dest": None}])
    fast, slow = _Model("a", {}), _Model("a", {})
    assert TransitionTable.derive(machine).fire(machine, "stay", fast)
    assert fire_through_machine(machine, "stay", slow)
    assert fast.state == slow.state == "a"


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenario=scenarios())
def test_engine_outcomes_are_the_same_through_the_machine_on_random_scenarios(
    scenario: treatystate.Scenario,
) -> None:
    """For any valid scenario of any treaty, the engine firing through the derived
    tables and the engine firing through the transitions machines return the same
    JSON (both in one process, so a difference can only come from the fast path)."""
    fast = scenario.run().to_json()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "fire", fire_through_machine)
        patch.setattr(engine, "PARTY_UNCONDITIONAL", {})
        patch.setattr(engine, "TREATY_UNCONDITIONAL", {})
        assert scenario.run().to_json() == fast


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenario=scenarios())
def test_the_count_of_bound_states_is_the_count_of_their_states(
    scenario: treatystate.Scenario,
) -> None:
    """After any valid scenario, the number of States the engine counted as bound
    (kept incrementally, so that a withdrawal does not scan every State) equals the
    number of States whose lifecycle state is `party` or `withdrawing`."""
    simulation = engine.Run.of(scenario.treaty, scenario.events, scenario.as_of)
    simulation.run()
    assert len(simulation.bound) == sum(
        1 for party in simulation.parties.values() if party.state in ("party", "withdrawing")
    )
    assert simulation.bound == {
        code for code, party in simulation.parties.items()
        if party.state in ("party", "withdrawing")
    }


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenario=scenarios(treaties(closed=False)))
def test_the_weight_of_counted_consents_is_their_sum(scenario: treatystate.Scenario) -> None:
    """After any valid scenario of an open treaty (weighted thresholds among them), the
    weight the engine kept for the consents it counts (added and subtracted as they
    change) equals the sum of their weights in the treaty's table."""
    simulation = engine.Run.of(scenario.treaty, scenario.events, scenario.as_of)
    simulation.run()
    weights = simulation.plan.weights
    assert simulation.counted_weight == sum(
        (weights.get(code, Fraction(0)) for code in simulation.counted), Fraction(0)
    )


def test_a_machine_read_on_first_use_decides_like_itself() -> None:
    """A machine the table was not built with is read when first fired, and then
    decides as the machine does, refusals included."""
    machine = Machine(model=None, states=["a", "b"], initial="a", auto_transitions=False,
                      transitions=[{"trigger": "go", "source": "a", "dest": "b"}])
    fast, slow = _Model("a", {}), _Model("a", {})
    for trigger in ("go", "go", "no-such-trigger"):
        assert fire(machine, trigger, fast) == fire_through_machine(machine, trigger, slow)
        assert fast.state == slow.state


@pytest.mark.parametrize("name", MACHINES)
def test_the_unconditional_shortcuts_are_the_machines(name: str) -> None:
    """Every entry of the engine's one-lookup shortcut for a machine is a transition of
    that machine that has no condition and is the first one declared from that state;
    and every such transition is in the shortcut."""
    from treatystate.lifecycle import PARTY_UNCONDITIONAL, TREATY_UNCONDITIONAL

    machine = MACHINES[name]
    shortcut = {"treaty": TREATY_UNCONDITIONAL, "party": PARTY_UNCONDITIONAL}[name]
    assert shortcut
    for (trigger, state), dest in shortcut.items():
        first = machine.events[trigger].transitions[state][0]
        assert not first.conditions  # transitions keeps `unless` among its conditions
        assert (first.dest or state) == dest
    unconditional = {
        (trigger, state)
        for trigger, event in machine.events.items()
        for state, transitions in event.transitions.items()
        if transitions and not transitions[0].conditions
    }
    assert set(shortcut) == unconditional
