"""``Scenario.to_toml()`` writes a scenario file that ``treatystate.loads`` reads back
to the same scenario and the same outcome: every example, and random scenarios of every
kind of treaty."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import treatystate
from treatystate import RefusedEvent, Scenario
from treatystate.testing import scenarios, treaties

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


def outcome_or_refusal(scenario: Scenario) -> object:
    try:
        return scenario.run().to_dict()
    except RefusedEvent as error:
        return type(error).__name__, error.rule, error.index


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_round_trips(path: Path) -> None:
    """An example written out and read back gives the same outcome (or the same
    refusal, for the examples that show one)."""
    scenario = treatystate.load(path)
    back = treatystate.loads(scenario.to_toml())
    assert back.events == scenario.events
    assert back.treaty == scenario.treaty
    assert outcome_or_refusal(back) == outcome_or_refusal(scenario)


def test_an_unchanged_preset_is_named_a_changed_one_inline() -> None:
    scenario = treatystate.builtin_example()
    assert 'treaty = "china-central-asia-2025"' in scenario.to_toml()
    changed = Scenario(attrs.evolve(scenario.treaty, month_end="next-day"), scenario.events)
    text = changed.to_toml()
    assert "[treaty]" in text and 'month_end = "next-day"' in text


@settings(max_examples=150)
@given(st.one_of(scenarios(treaties()), scenarios(treaties(added_clauses=True))),
       st.one_of(st.none(), st.text(max_size=40)))
def test_generated_scenarios_round_trip(scenario: Scenario, title: str | None) -> None:
    """Any valid scenario of any treaty, with any title (quotes, backslashes, newlines,
    control characters), reads back equal, and runs to the same outcome."""
    scenario = Scenario(scenario.treaty, scenario.events, title=title)
    back = treatystate.loads(scenario.to_toml())
    assert back.treaty == scenario.treaty
    assert back.events == scenario.events
    assert back.title == title
    assert back.run().to_dict() == scenario.run().to_dict()
