"""The one place that says which events are possible: it answers as the engine does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import treatystate
from treatystate import Event, Scenario, presets
from treatystate._engine.possible import Possible
from treatystate._engine.run import Run
from treatystate._engine.state import (
    DutyInstance,
    Party,
    ProtocolState,
    Scheduled,
    State,
    TreatyModel,
)
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


# --------------------------------------------- the copy a question is tried on

_RECORDS = (State, Party, Scheduled, DutyInstance, ProtocolState, TreatyModel)


def _slots(record: object) -> list[str]:
    return [name for cls in type(record).__mro__ for name in getattr(cls, "__slots__", ())]


def _check_copied(original: Any, copied: Any, seen: dict[int, Any]) -> None:
    """``copied`` is ``original`` rebuilt: every record and container a rule may change
    is a new object (the same one wherever the original was referred to twice, as a
    derived event is from the queue and from its State), and every value in them is
    the original's own (immutable) value."""
    if id(original) in seen:
        assert seen[id(original)] is copied, "a record referred to twice was copied twice"
        return
    seen[id(original)] = copied
    if isinstance(original, _RECORDS):
        assert type(copied) is type(original) and copied is not original
        for name in _slots(original):
            _check_copied(getattr(original, name), getattr(copied, name), seen)
    elif isinstance(original, list | dict | set):
        assert type(copied) is type(original) and copied is not original
        if isinstance(original, set):
            assert copied == original
        elif isinstance(original, dict):
            assert list(copied) == list(original)
            for key, value in original.items():
                _check_copied(value, copied[key], seen)
        else:
            assert len(copied) == len(original)
            for before, after in zip(original, copied, strict=True):
                _check_copied(before, after, seen)
    elif type(original) is tuple and any(isinstance(item, _RECORDS) for item in original):
        for before, after in zip(original, copied, strict=True):  # a queue entry
            _check_copied(before, after, seen)
    else:
        assert copied is original, f"{original!r} is a value, shared as it is"


def _runs_midway(scenario: Scenario) -> list[Run]:
    """The run of ``scenario`` as it stands after each of its events."""
    possible, runs = Possible(scenario.treaty), []
    for event in scenario.events:
        if possible.refusal(event) is not None:
            break
        possible.add(event)
        runs.append(possible._run)
    return runs


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_a_copy_of_the_run_covers_every_slot_and_shares_nothing_that_changes(
        path: Path) -> None:
    """``State.copy`` (and each record's ``copy``) sets every slot of ``__slots__``, so a
    field added to a record and not to its copy fails here; what a rule may change is
    new, what it may not is shared."""
    for run in _runs_midway(_in_date_order(treatystate.load(path))):
        _check_copied(run, run.copy(), {})


def test_the_examples_fill_every_record_a_copy_must_cover() -> None:
    """The check above sees each kind of record at least once."""
    seen: set[type] = set()
    for path in EXAMPLES:
        for run in _runs_midway(_in_date_order(treatystate.load(path))):
            seen.add(type(run))
            seen.update(type(party) for party in run.parties.values())
            seen.update(type(item) for item in run.scheduled)
            seen.update(type(duty) for duty in run.duties)
            if run.protocols is not None:
                seen.add(type(run.protocols))
            seen.add(type(run.model))
    assert {Run, Party, Scheduled, DutyInstance, ProtocolState, TreatyModel} <= seen


def _from_scratch(treaty: treatystate.Treaty, events: tuple[Event, ...]) -> str:
    try:
        return Scenario(treaty, events).run().to_json()
    except treatystate.ScenarioFileError as error:
        return f"cannot take it: {error}"
    except treatystate.RefusedEvent as error:
        return f"refused {error.refusal} {error.rule}: {error}"


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenario=scenarios(), data=st.data())
def test_trying_an_event_on_the_copy_is_running_the_scenario_again(
        scenario: Scenario, data: st.DataObject) -> None:
    """Along a valid scenario, an event tried on the copy of the run (some the lifecycle
    allows on its day, and the scenario's own next one) is refused with the label,
    cites and message of a run of the whole scenario from scratch, or accepted with
    that run's outcome."""
    scenario = _in_date_order(scenario)
    treaty, possible = scenario.treaty, Possible(scenario.treaty)
    for event in scenario.events:
        index = len(possible.events)
        listed = list(possible.candidates(event.date))
        tried = [event, *(data.draw(st.sampled_from(listed)).event(index, event.date)
                          for _ in range(min(2, len(listed))))]
        for trial in tried:
            refusal = possible.refusal(trial)
            whole = _from_scratch(treaty, (*possible.events, trial))
            if refusal is None:
                branch = possible.copy()
                branch.add(trial)
                assert branch.outcome().to_json() == whole
            elif refusal.label.startswith("validation."):
                # The same problem, the event named as each names it.
                problem = refusal.message.split(": ", 1)[1]
                assert whole.startswith("cannot take it: ") and whole.endswith(problem)
            else:
                assert f"refused {refusal.label} {refusal.cites}: {refusal.message}" == whole
        possible.add(event)


@pytest.mark.parametrize("path", EXAMPLES[:12], ids=lambda p: p.name)
def test_until_a_day_is_the_run_of_the_events_up_to_it(path: Path) -> None:
    """``until(day)`` keeps the events dated on or before ``day``: its outcome is that
    of the scenario of those events, and the full run is unchanged."""
    scenario = _in_date_order(treatystate.load(path))
    possible = Possible(scenario.treaty)
    for event in scenario.events:
        if possible.refusal(event) is not None:
            break
        possible.add(event)
    whole = possible.outcome().to_json()
    for day in sorted({event.date for event in possible.events}):
        kept = tuple(event for event in possible.events if event.date <= day)
        assert possible.until(day).events == kept
        assert possible.until(day).outcome(day).to_json() == \
            Scenario(scenario.treaty, kept).run(as_of=day).to_json()
    assert possible.outcome().to_json() == whole


def test_a_signature_candidate_names_its_state_as_a_scenario_file_does() -> None:
    """A candidate signature is the event a scenario file holds (``parties``, no
    ``party``), so a generated scenario writes and reads back."""
    treaty = presets.get("china-central-asia-2025")
    signature = Possible(treaty).candidates(D(2025, 6, 17), ["KAZ"], ["signature"])
    event = next(signature).event(0, D(2025, 6, 17))
    assert (event.party, event.parties) == (None, ("KAZ",))
    assert treatystate.loads(Scenario(treaty, (event,)).to_toml()).events == (event,)
