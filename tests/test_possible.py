"""The one place that says which events are possible: it answers as the engine does."""

from __future__ import annotations

from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings

import treatystate
from treatystate import Event, Scenario, presets
from treatystate._engine.possible import Possible
from treatystate.testing import scenarios

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))
D = pendulum.Date


def _in_date_order(scenario: Scenario) -> Scenario:
    """The same scenario with its events numbered in the order the engine applies them."""
    ordered = sorted(scenario.events, key=lambda event: (event.date, event.index))
    events = tuple(attrs.evolve(event, index=i) for i, event in enumerate(ordered))
    return Scenario(scenario.treaty, events, as_of=scenario.as_of)


def _replay(scenario: Scenario) -> str:
    """Add the events one by one; the outcome, or the engine's refusal as it reads."""
    possible = Possible(scenario.treaty)
    for event in scenario.events:
        if scenario.as_of is not None and event.date > scenario.as_of:
            break
        refusal = possible.refusal(event)
        if refusal is not None:
            return f"refused {refusal.label} {refusal.cites}: {refusal.message}"
        possible.add(event)
    return possible.outcome(scenario.as_of).to_json()


def _run(scenario: Scenario) -> str:
    try:
        return scenario.run().to_json()
    except treatystate.RefusedEvent as error:
        return f"refused {error.refusal} {error.rule}: {error}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_adding_the_events_one_by_one_is_running_them(path: Path) -> None:
    """For every example, adding its events one at a time (each first asked about)
    gives the run's outcome, or the run's refusal with the same label, cites and
    message."""
    scenario = _in_date_order(treatystate.load(path))
    assert _replay(scenario) == _run(scenario)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenario=scenarios())
def test_every_event_of_a_valid_scenario_was_possible(scenario: Scenario) -> None:
    """Along any valid scenario, each next event is among the possible ones on its day
    (the machine's filter never hides an event the rules accept), and the replay's
    outcome is the run's."""
    scenario = _in_date_order(scenario)
    possible = Possible(scenario.treaty)
    for event in scenario.events:
        if scenario.as_of is not None and event.date > scenario.as_of:
            break
        states = event.parties or ((event.party,) if event.party else None)
        listed = possible.possible(event.date, states)
        # A signature by several States at once is not a single candidate.
        if event.type != "signature" or len(event.parties) == 1:
            party = event.party or (event.parties[0] if event.parties else None)
            assert any(c.type == event.type and c.party == party and c.duty == event.duty
                       and c.protocol == event.protocol for c in listed), event
        possible.add(event)
    assert possible.outcome(scenario.as_of).to_json() == scenario.run().to_json()


def test_asking_changes_nothing() -> None:
    treaty = presets.get("china-central-asia-2025")
    possible = Possible(treaty, [Event(0, "signature", D(2025, 6, 17))])
    before = possible.outcome().to_json()
    for candidate in possible.candidates():
        possible.refusal(candidate.event(1, D(2025, 7, 1)))
    assert possible.outcome().to_json() == before


def test_a_refusal_names_its_check_and_its_article() -> None:
    treaty = presets.get("china-central-asia-2025")
    possible = Possible(treaty, [Event(0, "signature", D(2025, 6, 17))])
    refusal = possible.refusal(Event(1, "withdrawal", D(2025, 7, 1), party="KAZ"))
    assert refusal is not None
    assert refusal.label == "withdrawal.not-a-party"
    assert refusal.cites == "Art. 15(3)-(4)"
    missing = possible.refusal(Event(1, "provisional-application", D(2025, 7, 1),
                                     party="KAZ"))
    assert missing is not None and missing.label == "validation.type"
    assert [c.type for c in possible.possible(D(2025, 7, 1), ["KAZ"])] == ["consent", "duty"]
