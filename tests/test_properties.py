"""The laws of issue 2, section 10, as Hypothesis properties.

Every date strategy here is biased toward month ends, 29 February and year ends
(:func:`treatystate.testing.legal_dates`). Each law is stated in its test's docstring
and catalogued in docs/properties.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from random import Random

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import treatystate
from treatystate import (
    AmbiguousDate,
    Event,
    MonthEnd,
    Outcome,
    RefusedEvent,
    Scenario,
    Treaty,
    presets,
)
from treatystate.testing import date_rules, legal_dates, scenarios, treaties

ROOT = Path(__file__).parent.parent
CENTRAL_ASIA = presets.get("china-central-asia-2025")
SIGNED = pendulum.Date(2025, 6, 17)
IN_FORCE_BY = pendulum.Date(2026, 1, 2)

HEAVY = settings(max_examples=100)
LIGHT = settings(max_examples=300)


def in_force_events(treaty: Treaty = CENTRAL_ASIA) -> list[Event]:
    """Signature, then the six consents, the last on 2026-01-02."""
    events = [Event(index=0, type="signature", date=SIGNED)]
    for n, code in enumerate(treaty.parties or ()):
        events.append(Event(index=n + 1, type="consent", party=code,
                            date=IN_FORCE_BY - dt.timedelta(days=n)))
    return events


def next_event(events: list[Event], kind: str, date: pendulum.Date, **fields: object) -> Event:
    return Event(index=len(events), type=kind, date=date, **fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- (a)


@st.composite
def consents_in_any_order(draw: st.DrawFn) -> tuple[Treaty, list[Event]]:
    treaty = attrs.evolve(
        CENTRAL_ASIA,
        month_end=draw(st.sampled_from(("last-day", "next-day"))),
        entry_into_force=attrs.evolve(CENTRAL_ASIA.entry_into_force, date=draw(date_rules())),
    )
    codes = list(treaty.parties or ())
    # From the day after signature: a same-day consent written before the signature
    # would (rightly) be refused.
    days = draw(st.lists(legal_dates(SIGNED.add(days=1), dt.date(2040, 12, 31)),
                         min_size=len(codes),
                         max_size=len(codes)))
    consents = [("consent", day, code) for code, day in zip(codes, days, strict=True)]
    rows = draw(st.permutations([("signature", SIGNED, None), *consents]))
    events = [Event(index=i, type=kind, date=day, party=party)  # type: ignore[arg-type]
              for i, (kind, day, party) in enumerate(rows)]
    return treaty, events


@LIGHT
@given(consents_in_any_order())
def test_a_all_enters_into_force_on_the_latest_consent(case: tuple[Treaty, list[Event]]) -> None:
    """(a) With ``when = "all"``, entry into force is the latest consent date (the date
    rule applied to it), whatever the order in which the consents arrive or are
    written; every State enters into force with the treaty."""
    treaty, events = case
    outcome = Scenario(treaty, tuple(events)).run()
    latest = max(e.date for e in events if e.type == "consent")
    expected = treaty.entry_into_force.date.apply(latest, treaty.month_end).date
    assert outcome.entry_into_force == expected
    assert {r.in_force_from for r in outcome.parties.values()} == {expected}
    if not treaty.entry_into_force.date.steps:
        assert outcome.entry_into_force == latest


# --------------------------------------------------------------------------- (b)


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@LIGHT
@given(legal_dates(IN_FORCE_BY, dt.date(2400, 12, 31)),
       st.sampled_from(("last-day", "next-day", "strict")))
def test_b_withdrawal_takes_effect_twelve_months_after_receipt(
    receipt: pendulum.Date, month_end: MonthEnd
) -> None:
    """(b) A withdrawal received on day R takes effect on the same day of the month
    twelve months later; where that month lacks the day (29 February), ``last-day``
    gives the month's last day, ``next-day`` the first of the next month, and
    ``strict`` refuses the notice with ``AmbiguousDate``. The effective day is never
    earlier than R + 365 days, and every adjustment is noted."""
    treaty = attrs.evolve(CENTRAL_ASIA, month_end=month_end)
    events = in_force_events(treaty)
    events.append(next_event(events, "withdrawal", receipt, party="KAZ"))
    year, month = receipt.year + 1, receipt.month
    exists = receipt.day <= last_day(year, month)
    scenario = Scenario(treaty, tuple(events))
    if not exists and month_end == "strict":
        with pytest.raises(AmbiguousDate) as caught:
            scenario.run()
        assert caught.value.index == len(events) - 1
        return
    outcome = scenario.run()
    effective = outcome.parties["KAZ"].withdrawal_effective
    assert effective is not None
    if exists:
        assert effective == pendulum.Date(year, month, receipt.day)
        assert not any("does not exist" in note for note in outcome.notes)
    else:
        clamp = pendulum.Date(year, month, last_day(year, month))
        assert effective == (clamp if month_end == "last-day" else clamp.add(days=1))
        assert any(str(receipt) in note and str(effective) in note for note in outcome.notes)
    assert effective >= receipt + dt.timedelta(days=365)
    assert effective <= receipt + dt.timedelta(days=366)


# --------------------------------------------------------------------------- (c)


@LIGHT
@given(legal_dates(IN_FORCE_BY, dt.date(2300, 12, 31)), st.data())
def test_c_a_timely_revocation_leaves_the_state_a_party(
    receipt: pendulum.Date, data: st.DataObject
) -> None:
    """(c) A withdrawal revocation received on any day from the notice's own day to
    the day before it takes effect leaves the State a party: no effective date, the
    revocation recorded; one received on or after the effective day is refused."""
    events = in_force_events()
    events.append(next_event(events, "withdrawal", receipt, party="TKM"))
    effective = Scenario(CENTRAL_ASIA, tuple(events)).run().parties["TKM"].withdrawal_effective
    assert effective is not None
    span = (effective - receipt).days
    offset = data.draw(st.one_of(st.sampled_from((0, span - 1)), st.integers(0, span - 1)),
                       label="days after the notice")
    revocation = receipt + dt.timedelta(days=offset)
    timely = Scenario(CENTRAL_ASIA, (*events, next_event(
        events, "withdrawal-revocation", revocation, party="TKM")))
    tkm = timely.run().parties["TKM"]
    assert (tkm.status, tkm.withdrawal_effective, tkm.withdrawal_revoked) == (
        "party", None, revocation)
    late_day = effective + dt.timedelta(days=data.draw(st.sampled_from((0, 0, 1, 400))))
    late = Scenario(CENTRAL_ASIA, (*events, next_event(
        events, "withdrawal-revocation", late_day, party="TKM")))
    with pytest.raises(RefusedEvent) as caught:
        late.run()
    assert (caught.value.index, caught.value.rule) == (len(events), "VCLT art. 68")


# --------------------------------------------------------------------------- (d)


@HEAVY
@given(scenarios(valid=False, max_events=10))
def test_d_a_refused_event_changes_nothing(invalid: treatystate.testing.InvalidScenario
                                          ) -> None:
    """(d) A refused event leaves the scenario and any earlier outcome unchanged: the
    run raises naming that event, the scenario still holds the same values, an outcome
    computed before stays byte-identical, and running without the event gives that
    same outcome again."""
    scenario = invalid.scenario
    prefix = Scenario(scenario.treaty, scenario.events[: invalid.bad_index])
    before = prefix.run()
    before_json = before.to_json()
    events_before = scenario.events
    with pytest.raises(RefusedEvent) as caught:
        scenario.run()
    assert caught.value.index == invalid.bad_index
    assert scenario.events == events_before
    assert before.to_json() == before_json
    assert prefix.run().to_json() == before_json


# --------------------------------------------------------------------------- (e)


@HEAVY
@given(scenarios(treaties(), min_events=1, max_events=12))
def test_e_outcome_json_is_deterministic_and_round_trips(scenario: Scenario) -> None:
    """(e) The outcome JSON is byte-identical across runs, and it round-trips: parsed
    back through the outcome's own types (``Outcome.from_dict``) it gives an equal
    outcome and the same bytes. Every key of SPEC §5 is present."""
    first = scenario.run()
    text = first.to_json()
    assert scenario.run().to_json() == text
    again = Outcome.from_dict(json.loads(text))
    assert again == first
    assert again.to_json() == text
    document = json.loads(text)
    assert {"treaty", "as_of", "status", "entry_into_force", "terminated", "parties",
            "duties", "timeline", "notes"} <= set(document)


@pytest.mark.parametrize("example", ["central_asia.toml", "five_withdraw.toml",
                                     "ashgabat_late_evening.toml"])
def test_e_json_is_byte_identical_across_processes(example: str) -> None:
    """(e) Across separate processes with different hash seeds, the same scenario gives
    the same bytes (no set or dict ordering leaks into the document)."""
    outputs = set()
    for seed in ("0", "1", "4242"):
        result = subprocess.run(
            [sys.executable, "-m", "treatystate.cli", "run", "--json",
             str(ROOT / "examples" / example)],
            capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


# --------------------------------------------------------------------------- (f)


@HEAVY
@given(scenarios(treaties(), min_events=1, max_events=12), st.data())
def test_f_as_of_ignores_later_events(scenario: Scenario, data: st.DataObject) -> None:
    """(f) ``run(as_of=d)`` depends only on the events received up to and including
    d: dropping every later event, or adding any later event at all (even one that
    would be refused), leaves it byte-identical."""
    days = sorted({e.date for e in scenario.events})
    day = data.draw(st.one_of(
        st.sampled_from(days),
        st.sampled_from(days).map(lambda d: d - dt.timedelta(days=1)),
        legal_dates(days[0], days[-1] + dt.timedelta(days=800)),
    ), label="as_of")
    expected = scenario.run(day).to_json()
    kept = tuple(e for e in scenario.events if e.date <= day)
    assert kept == scenario.events[: len(kept)]  # the strategy writes events in date order
    assert Scenario(scenario.treaty, kept).run(day).to_json() == expected
    stranger = next_event(list(scenario.events), "consent-revocation",
                          day + dt.timedelta(days=1), party=data.draw(
                              st.sampled_from(sorted(scenario.run().parties) or ["FRA"])))
    extended = Scenario(scenario.treaty, (*scenario.events, stranger))
    assert extended.run(day).to_json() == expected


@HEAVY
@given(scenarios(treaties(), min_events=2, max_events=12), st.randoms(use_true_random=False))
def test_file_order_matters_only_within_a_day(scenario: Scenario, random: Random) -> None:
    """Events are applied in date order: shuffling the file while keeping the order of
    each day's events changes no status, date or duty (only the events' indexes)."""
    by_day: dict[pendulum.Date, list[Event]] = {}
    for event in scenario.events:
        by_day.setdefault(event.date, []).append(event)
    queues = list(by_day.values())
    shuffled: list[Event] = []
    while queues:
        queue = random.choice(queues)
        shuffled.append(attrs.evolve(queue.pop(0), index=len(shuffled)))
        queues = [q for q in queues if q]
    original = scenario.run()
    moved = Scenario(scenario.treaty, tuple(shuffled)).run()
    assert (moved.status, moved.entry_into_force, moved.terminated, moved.parties) == (
        original.status, original.entry_into_force, original.terminated, original.parties)
    assert [(d.id, d.party, d.trigger, d.due, d.done, d.status) for d in moved.duties] == [
        (d.id, d.party, d.trigger, d.due, d.done, d.status) for d in original.duties]


@HEAVY
@given(scenarios(valid=False, max_events=10))
def test_f_a_refused_event_after_as_of_is_not_seen(invalid: treatystate.testing.InvalidScenario
                                                   ) -> None:
    """(f) A scenario whose only bad event comes after d runs to d without error, and
    gives the outcome of the events before it."""
    scenario = invalid.scenario
    bad = invalid.bad_event
    day = bad.date - dt.timedelta(days=1)
    prefix = Scenario(scenario.treaty, scenario.events[: invalid.bad_index])
    assert scenario.run(day).to_json() == prefix.run(day).to_json()
