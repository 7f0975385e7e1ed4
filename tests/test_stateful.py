"""Stateful tests: random walks through random treaties' lives (TreatyLifecycle).

Each step proposes an event the current state allows, or lets time pass; after every
step the invariants below must hold for the outcome at the end of that day. The base
class itself checks that a refused event changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pendulum
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, run_state_machine_as_test

import treatystate
from treatystate import Outcome, Treaty
from treatystate._dates.periods import AddPeriod, DateRule, Period
from treatystate.testing import TreatyLifecycle, treaties

LIVE = ("party", "withdrawing")


class EngineLifecycle(TreatyLifecycle):
    """The engine's own laws, checked at the end of every day of the walk."""

    @property
    def now(self) -> Outcome | None:
        return self.outcome

    @invariant()
    def treaty_status_matches_its_dates(self) -> None:
        outcome = self.now
        if outcome is None:
            return
        entered, ended = outcome.entry_into_force, outcome.terminated
        if outcome.status == "adopted":
            assert all(r.status == "negotiating" for r in outcome.parties.values())
        if outcome.status in ("in-force", "terminated"):
            assert entered is not None and entered <= self.today
        if outcome.status == "signed":
            assert entered is None or entered > self.today
        assert (outcome.status == "terminated") == (ended is not None)
        if ended is not None:
            assert entered is not None and entered <= ended <= self.today

    @invariant()
    def party_records_are_consistent(self) -> None:
        outcome = self.now
        if outcome is None:
            return
        for code, record in outcome.parties.items():
            status = record.status
            if status in (*LIVE, "withdrawn", "terminated") or record.in_force_from:
                assert record.consent is not None, code
            if status in LIVE:
                assert record.in_force_from is not None and record.in_force_from <= self.today
                assert outcome.entry_into_force is not None
                assert record.in_force_from >= outcome.entry_into_force
                assert record.consent <= record.in_force_from  # type: ignore[operator]
            if status == "contracting" and record.in_force_from is not None:
                assert record.in_force_from > self.today
            if status == "withdrawing" and record.withdrawal_postponed is not None:
                # An armed conflict going on when the notice period ended put it off
                # until the conflict ends (added clauses): no effective date yet.
                assert record.withdrawal_effective is None
                assert record.withdrawal_notice is not None
                assert record.withdrawal_notice <= record.withdrawal_postponed <= self.today
            elif status == "withdrawing":
                assert record.withdrawal_notice is not None
                assert record.withdrawal_effective is not None
                assert record.withdrawal_notice <= self.today < record.withdrawal_effective
            if status == "withdrawn":
                assert record.withdrawal_effective is not None
                assert record.withdrawal_effective <= self.today
            if record.withdrawal_effective is not None:
                assert record.withdrawal_notice is not None
                assert record.withdrawal_effective >= record.withdrawal_notice
            if record.withdrawal_revoked is not None:
                assert record.withdrawal_effective is None
            if status == "terminated":
                assert outcome.status == "terminated"

    @invariant()
    def termination_follows_the_rules(self) -> None:
        outcome = self.now
        if outcome is None or outcome.terminated is None or self.treaty is None:
            return
        live = sum(1 for r in outcome.parties.values() if r.status in LIVE)
        assert live == 0
        ended_for = sum(1 for r in outcome.parties.values() if r.status == "terminated")
        below = self.treaty.termination.below
        assert ended_for < 2 or (below is not None and ended_for < below)

    @invariant()
    def duties_have_the_right_status(self) -> None:
        outcome = self.now
        if outcome is None:
            return
        for duty in outcome.duties:
            assert duty.trigger <= self.today
            if duty.done is not None:
                late = duty.due is not None and duty.done > duty.due
                assert duty.status == ("late" if late else "done")
            elif duty.due is not None and duty.due < self.today:
                assert duty.status == "overdue"
            else:
                assert duty.status == "pending"

    @invariant()
    def timeline_is_sorted_and_inputs_are_not_in_the_future(self) -> None:
        outcome = self.now
        if outcome is None:
            return
        days = [entry.date for entry in outcome.timeline]
        assert days == sorted(days)
        for entry in outcome.timeline:
            if entry.source == "input" or entry.status == "occurred":
                assert entry.date <= self.today
            if entry.source == "scheduled":
                assert entry.status == "scheduled" and entry.date > self.today

    @invariant()
    def outcome_is_deterministic_and_round_trips(self) -> None:
        outcome = self.now
        if outcome is None:
            return
        text = outcome.to_json()
        assert self.scenario.run(self.today).to_json() == text
        assert Outcome.from_dict(json.loads(text)) == outcome

    @invariant()
    def the_end_of_time_extends_today(self) -> None:
        """Running to the end only adds what is scheduled after today: the entry into
        force and every State's consent and notice dates are already those of today, and
        so are its entry into force and effective dates unless a termination to come
        makes them lapse."""
        outcome = self.now
        if outcome is None:
            return
        final = self.scenario.run()
        assert final.entry_into_force == outcome.entry_into_force
        for code, record in outcome.parties.items():
            later = final.parties[code]
            assert (later.consent, later.withdrawal_notice, later.signed) == (
                record.consent, record.withdrawal_notice, record.signed)
            if final.terminated is None:
                # Dates already fixed today are reported today (SPEC §5, as_of).
                assert (later.in_force_from, later.withdrawal_effective) == (
                    record.in_force_from, record.withdrawal_effective)


EngineLifecycle.TestCase.settings = settings(max_examples=60, stateful_step_count=25)
TestEngineLifecycle = EngineLifecycle.TestCase


class CentralAsiaLifecycle(EngineLifecycle):
    """The same walk on the seed treaty, which terminates when five withdraw: the
    always-available ``wait`` rule keeps the run going after termination."""

    def treaty_strategy(self) -> st.SearchStrategy[Treaty]:
        return st.just(treatystate.presets.get("china-central-asia-2025"))

    @invariant()
    def at_most_the_six_listed_states(self) -> None:
        if self.now is not None:
            assert set(self.now.parties) == {"CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"}

    @invariant()
    def entry_into_force_is_the_latest_consent(self) -> None:
        outcome = self.now
        if outcome is None or outcome.entry_into_force is None:
            return
        consents = [e for e in self.events if e.type == "consent"]
        assert outcome.entry_into_force in {e.date for e in consents}


CentralAsiaLifecycle.TestCase.settings = settings(max_examples=40, stateful_step_count=40)
TestCentralAsiaLifecycle = CentralAsiaLifecycle.TestCase


def test_a_terminated_treaty_does_not_stop_the_walk() -> None:
    """A treaty that terminates at once (``below`` above its size) reaches its terminal
    state early; the walk must still complete every step without "no progress"."""

    class QuickEnd(TreatyLifecycle):
        steps = 0
        after_termination = 0

        def treaty_strategy(self) -> st.SearchStrategy[Treaty]:
            return st.just(treatystate.loads_treaty("""
id = "quick-end"
[depositary]
timezone = "UTC"
[entry_into_force]
when = { instruments = 2 }
[withdrawal]
effective = []
[termination]
below = 99
"""))

        @invariant()
        def count(self) -> None:
            QuickEnd.steps += 1
            if self.outcome is not None and self.outcome.status == "terminated":
                QuickEnd.after_termination += 1

    run_state_machine_as_test(QuickEnd, settings=settings(max_examples=10,
                                                          stateful_step_count=30))
    assert QuickEnd.steps > 10 * 5
    assert QuickEnd.after_termination > 0


def test_refused_events_are_recorded() -> None:
    """The base class keeps the last refused event and its error."""
    refusals: list[tuple[treatystate.Event, treatystate.TreatyStateError]] = []

    # Proposals are drawn from what the state allows, so refusals are rare (a notice
    # before `earliest`, a strict month end); with `earliest` on every treaty, some
    # walks meet one whatever the examples drawn before.
    early = DateRule((AddPeriod(Period(years=3)),))

    class Recording(TreatyLifecycle):
        def treaty_strategy(self) -> st.SearchStrategy[Treaty]:
            return treaties().map(lambda t: attrs.evolve(t, withdrawal=attrs.evolve(
                t.withdrawal, allowed=True, earliest=early)))

        @invariant()
        def record(self) -> None:
            if self.refused is not None:
                refusals.append(self.refused)

    run_state_machine_as_test(Recording, settings=settings(max_examples=30,
                                                           stateful_step_count=30))
    assert refusals
    for event, error in refusals:
        assert isinstance(error, treatystate.RefusedEvent)
        assert error.index == event.index


def test_today_only_moves_forward() -> None:
    days: list[pendulum.Date] = []

    class Clock(TreatyLifecycle):
        @invariant()
        def tick(self) -> None:
            if self.builder is not None:
                days.append(self.today)

    run_state_machine_as_test(Clock, settings=settings(max_examples=5, stateful_step_count=20))
    assert days
    assert all(isinstance(day, dt.date) for day in days)
