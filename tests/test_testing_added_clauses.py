"""The toolkit on the clause kinds added to SPEC §2 (docs/treaty-format.md): term with
tacit renewal, armed conflict, provisional application, protocols, ``later_after``,
participation, depositary holidays; and ``st.from_type`` on the what-if value types.

``treaties(added_clauses=True)`` generates each of them, as the loader would accept it;
``scenarios`` on such treaties uses their event types and reaches their outcomes;
``scenarios(valid=False)`` breaks each of their rules (and the SPEC §4 rules on such
treaties), and the engine refuses the bad event with the labelled citation."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant

import treatystate
from test_stateful import EngineLifecycle
from test_testing_toolkit import check_refused, collect, first
from treatystate import Outcome, Period, Scenario, Treaty, Withdrawal
from treatystate._dates.workdays import calendar_problem
from treatystate._whatif import sweep as sweeps
from treatystate._whatif import variants
from treatystate.testing import (
    ADDED_CLAUSE_RULES,
    HOLIDAY_CALENDARS,
    INVALID_RULES,
    InvalidScenario,
    scenarios,
    treaties,
)

ADDED = treaties(added_clauses=True)
_ID = re.compile(r"[a-z0-9-]+")


@settings(max_examples=150)
@given(ADDED)
def test_treaties_with_added_clauses_are_valid(treaty: Treaty) -> None:
    """What the loader checks of the added clauses: term periods longer than zero and
    no `withdrawal.effective` beside a term; accession only for open treaties; limits
    that are dates or "entry-into-force"; protocol ids well formed, unique, thresholds
    reachable; a known holiday calendar."""
    if treaty.term is not None:
        assert Period() not in (treaty.term.initial, treaty.term.renewal, treaty.term.notice)
        assert treaty.withdrawal.effective == Withdrawal().effective
    participation = treaty.participation
    if treaty.closed:
        assert participation.accession_opens is None
    for limit in (participation.signature_closes, participation.accession_opens):
        assert limit in (None, "entry-into-force") or isinstance(limit, pendulum.Date)
    ids = [p.id for p in treaty.protocols]
    assert len(ids) == len(set(ids)) and all(_ID.fullmatch(i) for i in ids)
    most = len(treaty.parties) if treaty.parties else 4
    for protocol in treaty.protocols:
        count = getattr(protocol.condition, "count", 1)
        assert 1 <= count <= most
    assert treaty.entry_into_force.later_after in ("threshold", "entry-into-force")
    if treaty.depositary.holidays is not None:
        assert treaty.depositary.holidays in HOLIDAY_CALENDARS
        assert calendar_problem(treaty.depositary.holidays) is None


ADDED_VOCABULARY: dict[str, Callable[[Treaty], object]] = {
    "term": lambda t: t.term is not None,
    "postponed_by_armed_conflict": lambda t: t.withdrawal.postponed_by_armed_conflict,
    "provisional until entry into force": lambda t: t.provisional_application is not None
    and t.provisional_application.until == "entry-into-force",
    "provisional until entry into force for the party":
        lambda t: t.provisional_application is not None
        and t.provisional_application.until == "entry-into-force-for-party",
    "protocol when all": lambda t: any(
        isinstance(p.condition, treatystate.AllParties) for p in t.protocols),
    "protocol when instruments": lambda t: any(
        isinstance(p.condition, treatystate.Instruments) for p in t.protocols),
    "two protocols": lambda t: len(t.protocols) == 2,
    "later_after entry-into-force": lambda t: t.entry_into_force.later_after
    == "entry-into-force",
    "signature closes on a date": lambda t: isinstance(
        t.participation.signature_closes, pendulum.Date),
    "signature closes at entry into force": lambda t: t.participation.signature_closes
    == "entry-into-force",
    "accession opens on a date": lambda t: isinstance(
        t.participation.accession_opens, pendulum.Date),
    "accession opens at entry into force": lambda t: t.participation.accession_opens
    == "entry-into-force",
    "depositary holidays": lambda t: t.depositary.holidays is not None,
}


@pytest.mark.parametrize("feature", sorted(ADDED_VOCABULARY))
def test_treaties_cover_the_added_clauses(feature: str) -> None:
    first(ADDED, ADDED_VOCABULARY[feature])


def test_added_clauses_are_opt_in() -> None:
    """The default stays within SPEC §2 (what the differential reference models)."""
    for treaty in collect(treaties(), 60):
        assert isinstance(treaty, Treaty)
        assert treaty.term is None and treaty.provisional_application is None
        assert not treaty.protocols and not treaty.withdrawal.postponed_by_armed_conflict
        assert treaty.participation == treatystate.Participation()
        assert treaty.depositary.holidays is None
        assert treaty.entry_into_force.later_after == "threshold"


@settings(max_examples=80)
@given(scenarios(ADDED, min_events=2, max_events=14))
def test_valid_scenarios_with_added_clauses_are_accepted_in_full(scenario: Scenario) -> None:
    assert [e.index for e in scenario.events] == list(range(len(scenario.events)))
    days = [e.date for e in scenario.events]
    assert days == sorted(days)
    scenario.run()


ADDED_EVENTS = {"armed-conflict-start", "armed-conflict-end", "provisional-application",
                "provisional-application-end", "protocol-consent"}

# What the added clauses produce in outcomes, each reached by some valid scenario.
ADDED_OUTCOMES: dict[str, Callable[[Scenario, Outcome], object]] = {
    "a denunciation under a term": lambda s, o: s.treaty.term is not None and any(
        e.kind == "withdrawal-effective" for e in o.timeline),
    "a withdrawal postponed by an armed conflict": lambda s, o: any(
        r.withdrawal_postponed is not None for r in o.parties.values()),
    "a provisional application ended by entry into force": lambda s, o: any(
        e.kind == "provisional-application-ends" for e in o.timeline),
    "a provisional application ended by notice": lambda s, o: any(
        e.kind == "provisional-application-end" for e in o.timeline),
    "a protocol in force": lambda s, o: any(
        p.status == "in-force" for p in o.protocols.values()),
    "a duty deadline moved past a holiday": lambda s, o: any(
        d.due_extended_from is not None for d in o.duties),
    "an accession": lambda s, o: s.treaty.participation.accession_opens is not None and any(
        r.signed is None and r.consent is not None for r in o.parties.values()),
}


def test_valid_scenarios_use_every_added_event_and_reach_their_outcomes() -> None:
    found = [s for s in collect(scenarios(ADDED, min_events=4), 250) if isinstance(s, Scenario)]
    kinds = {e.type for s in found for e in s.events}
    assert kinds >= ADDED_EVENTS, ADDED_EVENTS - kinds
    runs = [(s, s.run()) for s in found]
    missing = [name for name, reached in ADDED_OUTCOMES.items()
               if not any(reached(s, o) for s, o in runs)]
    assert not missing


def test_the_added_rules_are_among_the_rules() -> None:
    """Each is broken and refused as labelled by test_testing_toolkit.py::
    test_each_rule_can_be_broken_and_is_refused, parametrized over INVALID_RULES."""
    assert set(ADDED_CLAUSE_RULES) <= set(INVALID_RULES)
    assert len(ADDED_CLAUSE_RULES) == 9


@settings(max_examples=120)
@given(scenarios(ADDED, valid=False))
def test_every_rule_is_refused_as_labelled_on_treaties_with_added_clauses(
        invalid: InvalidScenario) -> None:
    """Every rule, SPEC §4 included, on treaties with the added clauses: a clause that
    is checked first (a closed signature, a term's cites) never makes the refusal cite
    another rule than the label's."""
    check_refused(invalid)


class AddedClausesLifecycle(EngineLifecycle):
    """The engine's lifecycle invariants hold on treaties with the added clauses too,
    with one restated: an armed conflict can postpone a withdrawal (Ottawa Convention
    art. 20(3)), so an effective date reported today is fixed only if no conflict
    postpones it later."""

    def treaty_strategy(self) -> Any:
        return ADDED

    @invariant()
    def the_end_of_time_extends_today(self) -> None:
        """As the base class's, except a withdrawal that a conflict going on at the end
        of its notice period postpones: its effective date moves to the conflict's end
        (`withdrawal_postponed` is then the day it would have taken effect)."""
        outcome = self.outcome
        if outcome is None:
            return
        final = self.scenario.run()
        assert final.entry_into_force == outcome.entry_into_force
        for code, record in outcome.parties.items():
            later = final.parties[code]
            assert (later.consent, later.withdrawal_notice, later.signed) == (
                record.consent, record.withdrawal_notice, record.signed)
            if final.terminated is not None:
                continue
            assert later.in_force_from == record.in_force_from
            if later.withdrawal_postponed is not None and record.withdrawal_postponed is None:
                assert later.withdrawal_postponed == record.withdrawal_effective
                assert later.withdrawal_effective is None \
                    or later.withdrawal_effective >= later.withdrawal_postponed
            else:
                assert later.withdrawal_effective == record.withdrawal_effective

    @invariant()
    def provisional_application_ends_by_entry_into_force(self) -> None:
        outcome = self.outcome
        if outcome is None or self.treaty is None or self.treaty.provisional_application \
                is None:
            return
        for record in outcome.parties.values():
            if record.provisional_until is not None:
                assert record.provisional_from is not None
                assert record.provisional_from <= record.provisional_until <= self.today


AddedClausesLifecycle.TestCase.settings = settings(max_examples=30, stateful_step_count=25)
TestAddedClausesLifecycle = AddedClausesLifecycle.TestCase


# ------------------------------------------------------------ what-if value types

WHATIF_TYPES: tuple[type, ...] = (
    variants.EventMatch, variants.ShiftEvents, variants.MoveEvent, variants.DropEvents,
    variants.AddEvent, variants.SetConsent, variants.SetMonthEnd,
    variants.SetWithdrawalEffective, variants.SetEntryCondition, variants.ChangeClause,
    variants.ReplaceTreaty, variants.Variant, sweeps.Uniform, sweeps.Normal,
    sweeps.LogNormal, sweeps.Triangular, sweeps.Exponential, sweeps.DateRange,
    sweeps.Values, sweeps.Delays, sweeps.Axis, sweeps.Sweep,
)


@pytest.mark.parametrize("kind", WHATIF_TYPES, ids=lambda kind: kind.__name__)
def test_from_type_builds_the_whatif_types(kind: type) -> None:
    assert type(first(st.from_type(kind), lambda value: True)) is kind


def test_from_type_builds_a_change_and_a_distribution() -> None:
    """``Change`` (a Protocol) and ``Distribution`` (a union) draw each of their kinds."""
    change_kinds = {type(c) for c in collect(st.from_type(variants.Change), 200)}
    assert len(change_kinds) == 10
    distribution_kinds = {type(d) for d in collect(st.from_type(sweeps.Distribution), 100)}
    assert distribution_kinds == {sweeps.Uniform, sweeps.Normal, sweeps.LogNormal,
                                  sweeps.Triangular, sweeps.Exponential}


BASELINE = treatystate.builtin_example()


@settings(max_examples=150)
@given(st.from_type(variants.Variant))
def test_a_random_variant_runs_or_is_refused_and_leaves_the_baseline(
        variant: variants.Variant) -> None:
    """Any variant the strategy draws, applied to the built-in example, gives a scenario
    that runs, or raises a TreatyStateError (a change that does not fit it); the
    baseline is untouched either way."""
    before = BASELINE.run().to_json()
    with contextlib.suppress(treatystate.TreatyStateError):
        variant.apply(BASELINE).run()
    assert BASELINE.run().to_json() == before


@settings(max_examples=40)
@given(st.from_type(sweeps.Sweep))
def test_a_random_sweep_gives_one_row_per_combination(sweep: sweeps.Sweep) -> None:
    """A random sweep of the built-in example gives ``len(sweep)`` rows, with a
    column per axis, or is refused with a TreatyStateError (e.g. a party it lacks)."""
    try:
        result = sweeps.run_sweep(BASELINE, sweep, progress=False)
    except treatystate.TreatyStateError:
        return
    assert len(result.rows) == len(sweep)
    assert all(axis.column in result.columns for axis in sweep.axes)
