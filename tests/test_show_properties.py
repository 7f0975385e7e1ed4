"""Properties of explanations, timelines and calendars over random scenarios
(strategies from ``treatystate.testing``)."""

from __future__ import annotations

import datetime as dt
import itertools

import icalendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import treatystate
from treatystate._views.calendar_export import to_ics
from treatystate._views.timeline import chart, mermaid_gantt
from treatystate.testing import scenarios

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
STAMP = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)


def outcome_of(scenario: treatystate.Scenario, cut: int) -> treatystate.Outcome:
    """The whole run, or the run as of one of its event days (``cut`` picks which)."""
    if not scenario.events or cut == 0:
        return scenario.run()
    days = sorted({event.date for event in scenario.events})
    return scenario.run(as_of=days[cut % len(days)])


@SETTINGS
@given(scenarios(), st.integers(0, 50))
def test_replayed_periods_end_in_the_engines_status(scenario: treatystate.Scenario,
                                                    cut: int) -> None:
    """Law: replaying each State's timeline through PARTY_MACHINE ends in the status
    the engine reports (an undrawn "negotiating" when no period is open), with periods
    in date order that touch unless the State was back to negotiating in between."""
    outcome = outcome_of(scenario, cut)
    data = chart(outcome)
    for code, record in outcome.parties.items():
        spans = data.parties[code]
        final = spans[-1].state if spans and spans[-1].open else "negotiating"
        assert final == record.status
        for before, after in itertools.pairwise(spans):
            assert before.start <= before.end <= after.start
            assert not before.open
    assert mermaid_gantt(data).startswith("gantt\n")


@SETTINGS
@given(scenarios(), st.integers(0, 50))
def test_every_derived_date_is_explained_and_its_rule_replays(
        scenario: treatystate.Scenario, cut: int) -> None:
    """Law: one explanation per derived date, with the engine's causes; a rule replayed
    step by step from its start ends on the engine's date, or the explanation says the
    engine moved it."""
    outcome = outcome_of(scenario, cut)
    explanation = outcome.explain(scenario.treaty)
    derived = [e for e in outcome.timeline if e.source != "input"]
    assert len(explanation.dates) == len(derived)
    for item, entry in zip(explanation.dates, derived, strict=True):
        assert tuple(c.index for c in item.caused_by) == entry.caused_by
        if item.start is not None:
            end = item.steps[-1].result if item.steps else item.start
            assert end == entry.date or item.adjusted is not None
    explanation.to_text()


@SETTINGS
@given(scenarios(), st.integers(0, 50))
def test_calendar_dates_match_and_uids_are_unique(scenario: treatystate.Scenario,
                                                  cut: int) -> None:
    """Law: the calendar holds every derived date on its day, each with its own UID."""
    outcome = outcome_of(scenario, cut)
    calendar = icalendar.Calendar.from_ical(to_ics(outcome, scenario.treaty, stamp=STAMP))
    events = list(calendar.walk("VEVENT"))
    derived = [e for e in outcome.timeline if e.source != "input"]
    assert [e.decoded("DTSTART") for e in events] == [
        dt.date(d.date.year, d.date.month, d.date.day) for d in derived
    ]
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
