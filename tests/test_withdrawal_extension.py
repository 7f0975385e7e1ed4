"""SPEC §8.5: a pending withdrawal put off by a later decision (TEU art. 50(3))."""

from __future__ import annotations

from pathlib import Path

import attrs
import pendulum
import pytest

import treatystate
from treatystate import Event, Scenario
from treatystate._engine.possible import Possible

BREXIT = Path(__file__).parent.parent / "examples" / "teu_brexit_extensions.toml"
D = pendulum.Date


def _brexit(*extensions: tuple[str, str]) -> Scenario:
    """The example's treaty and events up to the notice, then ``extensions``."""
    scenario = treatystate.load(BREXIT)
    events = list(scenario.events[:5])
    for date, effective in extensions:
        events.append(Event(len(events), "withdrawal-extension", D.fromisoformat(date),
                            party="GBR", effective=D.fromisoformat(effective)))
    return Scenario(scenario.treaty, tuple(events))


def test_the_example_leaves_on_the_last_extended_date() -> None:
    scenario = treatystate.load(BREXIT)
    assert scenario.check().ok
    outcome = scenario.run()
    gbr = outcome.parties["GBR"]
    assert (gbr.status, gbr.withdrawal_effective) == ("withdrawn", D(2020, 1, 31))
    dates = [(e.date, e.status) for e in outcome.timeline if e.kind == "withdrawal-effective"]
    assert dates == [(D(2019, 3, 29), "postponed"), (D(2019, 4, 12), "postponed"),
                     (D(2019, 10, 31), "postponed"), (D(2020, 1, 31), "occurred")]
    [effective] = [e for e in outcome.timeline if e.kind == "withdrawal-effective"
                   and e.status == "occurred"]
    assert effective.caused_by == (4, 5, 6, 7)
    assert effective.detail.endswith("extended by decision to 2020-01-31")


def test_without_the_extensions_the_period_ends_after_two_years() -> None:
    gbr = _brexit().run().parties["GBR"]
    assert gbr.withdrawal_effective == D(2019, 3, 29)


def test_as_of_between_two_decisions_the_pending_date_is_the_last_decided() -> None:
    outcome = _brexit(("2019-03-22", "2019-04-12"), ("2019-04-11", "2019-10-31")).run(
        as_of="2019-06-01")
    gbr = outcome.parties["GBR"]
    assert (gbr.status, gbr.withdrawal_effective) == ("withdrawing", D(2019, 10, 31))


def test_an_extension_after_the_withdrawal_took_effect_is_refused() -> None:
    """The 2019-04-11 decision without the one of 2019-03-22: the period ended on
    2019-03-29, so there is no pending withdrawal left to extend."""
    with pytest.raises(treatystate.RefusedEvent) as refused:
        _brexit(("2019-04-11", "2019-10-31")).run()
    assert refused.value.refusal == "withdrawal_extension.not-pending"
    assert refused.value.rule == "TEU art. 50(3)"
    assert "GBR has no pending withdrawal" in str(refused.value)


def test_an_extension_to_a_date_not_later_is_refused() -> None:
    for effective in ("2019-03-29", "2019-03-01"):
        with pytest.raises(treatystate.RefusedEvent) as refused:
            _brexit(("2019-03-22", effective)).run()
        assert refused.value.refusal == "withdrawal_extension.not-later"
        assert "names a later date" in str(refused.value)


def test_an_extension_before_any_notice_is_refused() -> None:
    scenario = treatystate.load(BREXIT)
    events = (*scenario.events[:4], Event(4, "withdrawal-extension", D(2017, 1, 1),
                                          party="GBR", effective=D(2020, 1, 31)))
    with pytest.raises(treatystate.RefusedEvent) as refused:
        Scenario(scenario.treaty, events).run()
    assert refused.value.refusal == "withdrawal_extension.not-pending"


def test_a_treaty_without_the_clause_takes_no_extension() -> None:
    scenario = treatystate.load(BREXIT)
    fixed = attrs.evolve(scenario.treaty, withdrawal=attrs.evolve(
        scenario.treaty.withdrawal, extendable=False))
    with pytest.raises(treatystate.ScenarioFileError, match="extendable = true"):
        Scenario(fixed, _brexit(("2019-03-22", "2019-04-12")).events)


def test_an_extension_names_its_new_date() -> None:
    scenario = treatystate.load(BREXIT)
    events = (*scenario.events[:5], Event(5, "withdrawal-extension", D(2019, 3, 22),
                                          party="GBR"))
    with pytest.raises(treatystate.ScenarioFileError, match="needs `effective`"):
        Scenario(scenario.treaty, events)


def test_the_possible_events_offer_an_extension_only_while_a_withdrawal_is_pending() -> None:
    scenario = treatystate.load(BREXIT)
    possible = Possible(scenario.treaty, scenario.events[:4])
    assert "withdrawal-extension" not in {c.type for c in possible.candidates(D(2017, 1, 1))}
    possible.add(scenario.events[4])
    assert any(c.type == "withdrawal-extension" and c.party == "GBR"
               for c in possible.candidates(D(2019, 3, 22)))
    refusal = possible.refusal(Event(5, "withdrawal-extension", D(2019, 3, 22), party="GBR",
                                     effective=D(2019, 3, 1)))
    assert refusal is not None and refusal.label == "withdrawal_extension.not-later"
