"""Differential tests: the engine against a small reference written here.

The reference below reads a treaty's clauses and a scenario's events as plain data and
recomputes, with nothing but ``datetime``, ``calendar`` and ``zoneinfo``, what SPEC §1
and §4 say must happen: the date rules (steps as written in the treaty file, month-end
policies), the depositary's date of a timestamp, entry into force (all, instruments,
weights, ``later``, ``not_before``, revocations that cancel it), withdrawals and their
revocation, termination (``below`` and fewer than two), lapsing, and duty instances with
their due dates and statuses. It imports nothing from the engine, the periods module or
the lifecycle machine; only the random scenarios come from ``treatystate.testing``.
On every random scenario both must agree, date for date and status for status.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import treatystate
from treatystate.testing import date_rules, legal_dates, scenarios, timestamps, treaties

# =========================================================== the reference: dates


class Ambiguous(Exception):
    """The day does not exist in the target month and the policy is strict."""


class OffCalendar(Exception):
    """The date left years 1..9999."""


_STEP = re.compile(r"([+-])P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")


def ref_add_months(day: dt.date, months: int, policy: str) -> dt.date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    if not 1 <= year <= 9999:
        raise OffCalendar
    last = calendar.monthrange(year, month)[1]
    if day.day <= last:
        return dt.date(year, month, day.day)
    if policy == "strict":
        raise Ambiguous
    if policy == "last-day":
        return dt.date(year, month, last)
    return dt.date(year, month, last) + dt.timedelta(days=1)


def ref_step(day: dt.date, text: str, policy: str) -> dt.date:
    try:
        if text == "start-of-month":
            return day.replace(day=1)
        if text == "start-of-next-month":
            return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        match = _STEP.fullmatch(text)
        assert match is not None, text
        sign, years, months, weeks, days = match.groups()
        direction = 1 if sign == "+" else -1
        total_months = 12 * int(years or 0) + int(months or 0)
        if total_months:
            day = ref_add_months(day, direction * total_months, policy)
        return day + dt.timedelta(days=direction * (7 * int(weeks or 0) + int(days or 0)))
    except OverflowError:
        raise OffCalendar from None


def ref_rule(day: dt.date, steps: Sequence[str], policy: str) -> dt.date:
    for text in steps:
        day = ref_step(day, text, policy)
    return day


def ref_legal_date(stamp: dt.datetime, zone: str) -> dt.date:
    return stamp.astimezone(ZoneInfo(zone)).date()


# ======================================================= the reference: lifecycle


@dataclass
class RefParty:
    status: str = "negotiating"
    signed: dt.date | None = None
    consent: dt.date | None = None
    in_force_from: dt.date | None = None
    withdrawal_notice: dt.date | None = None
    withdrawal_effective: dt.date | None = None
    withdrawal_revoked: dt.date | None = None
    consent_revoked: dt.date | None = None
    entry: list[Any] | None = None
    leaving: list[Any] | None = None


@dataclass
class RefDuty:
    id: str
    party: str | None
    trigger: dt.date
    due: dt.date | None
    done: dt.date | None = None


@dataclass
class Reference:
    """SPEC §4, for scenarios the engine accepted (it checks no refusal)."""

    clauses: dict[str, Any]
    as_of: dt.date | None
    status: str = "adopted"
    parties: dict[str, RefParty] = field(default_factory=dict)
    active: dict[str, None] = field(default_factory=dict)
    pending: list[list[Any]] = field(default_factory=list)  # [date, seq, kind, code, alive]
    seq: int = 0
    entry: list[Any] | None = None
    entered: dt.date | None = None
    met_on: dt.date | None = None
    terminated: dt.date | None = None
    terminating: bool = False
    signed_once: bool = False
    duties: list[RefDuty] = field(default_factory=list)

    def __post_init__(self) -> None:
        for code in self.clauses["parties"] or ():
            self.parties[code] = RefParty()

    # ----------------------------------------------------------------- running

    def run(self, events: list[dict[str, Any]]) -> Reference:
        for event in sorted(events, key=lambda e: (e["date"], e["index"])):
            if self.as_of is not None and event["date"] > self.as_of:
                break
            self.flush(event["date"])
            getattr(self, event["type"].replace("-", "_"))(event)
            self.flush(event["date"])
        self.flush(self.as_of or dt.date.max)
        return self

    def rule(self, day: dt.date, steps: Sequence[str]) -> dt.date:
        return ref_rule(day, steps, self.clauses["month_end"])

    def schedule(self, day: dt.date, kind: str, code: str | None) -> list[Any]:
        self.seq += 1
        item = [day, self.seq, kind, code, True]
        self.pending.append(item)
        return item

    def flush(self, until: dt.date) -> None:
        while True:
            due = [item for item in self.pending if item[4] and item[0] <= until]
            if not due:
                return
            item = min(due, key=lambda i: (i[0], i[1]))
            item[4] = False
            getattr(self, "on_" + item[2])(item[0], item[3])

    def party(self, code: str) -> RefParty:
        return self.parties.setdefault(code, RefParty())

    def duties_after(self, trigger: str, code: str | None, day: dt.date) -> None:
        for duty_id, after, within in self.clauses["duties"]:
            if after == trigger:
                due = self.rule(day, ["+" + within]) if within else None
                self.duties.append(RefDuty(duty_id, code, day, due))

    def condition_met(self) -> bool:
        kind, count, weights, share = self.clauses["when"]
        if kind == "all":
            return all(code in self.active for code in self.clauses["parties"])
        if len(self.active) < count:
            return False
        if weights is None:
            return True
        total = sum(weights.values(), Fraction(0))
        have = sum((weights.get(code, Fraction(0)) for code in self.active), Fraction(0))
        return total > 0 and have >= share * total

    # ---------------------------------------------------------------- inputs

    def signature(self, event: dict[str, Any]) -> None:
        for code in event["parties"] or self.clauses["parties"]:
            state = self.party(code)
            state.status, state.signed = "signatory", event["date"]
        if self.status == "adopted":
            self.status = "signed"
        if not self.signed_once:
            self.signed_once = True
            self.duties_after("signature", None, event["date"])

    def consent(self, event: dict[str, Any]) -> None:
        code, day = event["party"], event["date"]
        state = self.party(code)
        state.status, state.consent, state.consent_revoked = "contracting", day, None
        state.in_force_from = None
        state.withdrawal_notice = state.withdrawal_effective = state.withdrawal_revoked = None
        if self.status == "adopted":
            self.status = "signed"
        self.active.pop(code, None)
        self.active[code] = None
        if self.entered is not None or self.entry is not None:
            treaty_day = self.entered or self.entry[0]  # type: ignore[index]
            if self.entered is None and day == self.met_on:
                when = treaty_day
            else:
                when = max(self.rule(day, self.clauses["later"]), treaty_day)
            self.enter_party(code, when)
        elif self.condition_met():
            when = self.rule(day, self.clauses["date"])
            floor = self.clauses["not_before"]
            if floor is not None and when < floor:
                when = floor
            self.met_on = day
            self.entry = self.schedule(when, "entry", None)
            for member in self.active:
                self.enter_party(member, when)

    def enter_party(self, code: str, day: dt.date) -> None:
        state = self.parties[code]
        state.in_force_from = day
        state.entry = self.schedule(day, "party_entry", code)

    def consent_revocation(self, event: dict[str, Any]) -> None:
        state = self.party(event["party"])
        state.status = "signatory" if state.signed else "negotiating"
        state.consent_revoked, state.in_force_from = event["date"], None
        self.active.pop(event["party"], None)
        if state.entry is not None:
            state.entry[4] = False
            state.entry = None
        if self.entry is not None and self.entered is None and not self.condition_met():
            self.entry[4] = False
            self.entry, self.met_on = None, None
            self.drop_pending_entries()

    def drop_pending_entries(self) -> None:
        for state in self.parties.values():
            if state.entry is not None:
                state.entry[4] = False
                state.entry, state.in_force_from = None, None

    def withdrawal(self, event: dict[str, Any]) -> None:
        code, day = event["party"], event["date"]
        effective = event["effective"] or self.rule(day, self.clauses["effective"])
        state = self.parties[code]
        state.status, state.withdrawal_notice = "withdrawing", day
        state.withdrawal_effective, state.withdrawal_revoked = effective, None
        state.leaving = self.schedule(effective, "withdrawal_effect", code)
        self.duties_after("withdrawal", code, day)

    def withdrawal_revocation(self, event: dict[str, Any]) -> None:
        state = self.parties[event["party"]]
        assert state.leaving is not None
        state.leaving[4] = False
        state.status, state.leaving = "party", None
        state.withdrawal_effective, state.withdrawal_revoked = None, event["date"]

    def duty(self, event: dict[str, Any]) -> None:
        for instance in self.duties:
            if instance.id == event["duty"] and instance.done is None and (
                    event["party"] is None or instance.party == event["party"]):
                instance.done = event["date"]
                return
        raise AssertionError(f"no open instance for {event}")

    # --------------------------------------------------------------- derived

    def on_entry(self, day: dt.date, code: None) -> None:
        self.status, self.entered, self.entry = "in-force", day, None
        self.duties_after("entry-into-force", None, day)

    def on_party_entry(self, day: dt.date, code: str) -> None:
        state = self.parties[code]
        state.status, state.entry = "party", None

    def on_withdrawal_effect(self, day: dt.date, code: str) -> None:
        state = self.parties[code]
        state.status, state.leaving = "withdrawn", None
        self.active.pop(code, None)
        self.duties_after("withdrawal-effective", code, day)
        if self.terminating:
            return
        remaining = sum(1 for p in self.parties.values() if p.status in ("party", "withdrawing"))
        below = self.clauses["below"]
        if (below is not None and remaining < below) or remaining < 2:
            # Right after the withdrawal that caused it, before the day's other events.
            self.terminating = True
            self.on_termination(day, None)

    def on_termination(self, day: dt.date, code: None) -> None:
        self.status, self.terminated = "terminated", day
        for state in self.parties.values():
            if state.leaving is not None:
                state.leaving[4] = False
                state.leaving, state.withdrawal_effective = None, None
            if state.status in ("party", "withdrawing"):
                state.status = "terminated"
        if self.entry is not None:
            self.entry[4] = False
            self.entry = None
        self.drop_pending_entries()
        self.duties_after("termination", None, day)

    # --------------------------------------------------------------- results

    def entry_into_force(self) -> dt.date | None:
        return self.entered or (self.entry[0] if self.entry else None)

    def duty_status(self, duty: RefDuty) -> str:
        if duty.done is not None:
            return "late" if duty.due is not None and duty.done > duty.due else "done"
        if duty.due is None or (self.as_of is not None and self.as_of <= duty.due):
            return "pending"
        return "overdue"


def clauses_of(treaty: treatystate.Treaty) -> dict[str, Any]:
    """The treaty as the plain data a treaty file holds (steps as written)."""
    eif, condition = treaty.entry_into_force, treaty.entry_into_force.condition
    if isinstance(condition, treatystate.AllParties):
        when: tuple[Any, ...] = ("all", 0, None, None)
    else:
        weights = dict(treaty.weights[condition.weight]) if condition.weight else None
        when = ("instruments", condition.count, weights, condition.share)
    date_steps = [str(step) for step in eif.date.steps]
    return {
        "parties": treaty.parties,
        "month_end": treaty.month_end,
        "when": when,
        "date": date_steps,
        "later": [str(step) for step in eif.later.steps] if eif.later else date_steps,
        "not_before": eif.not_before,
        "effective": [str(step) for step in treaty.withdrawal.effective.steps],
        "below": treaty.termination.below,
        "duties": [(d.id, d.after, str(d.within) if d.within else None) for d in treaty.duties],
    }


def events_of(scenario: treatystate.Scenario) -> list[dict[str, Any]]:
    return [
        {"index": e.index, "type": e.type, "date": dt.date(e.date.year, e.date.month, e.date.day),
         "party": e.party, "parties": e.parties, "duty": e.duty, "effective": e.effective}
        for e in scenario.events
    ]


PARTY_FIELDS = ("status", "signed", "consent", "in_force_from", "withdrawal_notice",
                "withdrawal_effective", "withdrawal_revoked", "consent_revoked")


def assert_agree(scenario: treatystate.Scenario, as_of: dt.date | None) -> None:
    outcome = scenario.run(as_of)
    ref = Reference(clauses_of(scenario.treaty), as_of).run(events_of(scenario))
    assert (outcome.status, outcome.entry_into_force, outcome.terminated) == (
        ref.status, ref.entry_into_force(), ref.terminated)
    assert sorted(outcome.parties) == sorted(ref.parties)
    for code, record in outcome.parties.items():
        mine = ref.parties[code]
        assert {f: getattr(record, f) for f in PARTY_FIELDS} == {
            f: getattr(mine, f) for f in PARTY_FIELDS}, code
    assert [(d.id, d.party, d.trigger, d.due, d.done, d.status) for d in outcome.duties] == [
        (d.id, d.party, d.trigger, d.due, d.done, ref.duty_status(d)) for d in ref.duties]


# ========================================================================= the tests

# The reference models SPEC §1 and §4 only, so the treaties are those of SPEC §2: the
# clauses added since (term, armed conflict, provisional application, protocols,
# later_after, participation, depositary holidays) are left out, explicitly.
SPEC_TREATIES = treaties(added_clauses=False)


@settings(max_examples=200)
@given(scenarios(SPEC_TREATIES, min_events=1))
def test_engine_agrees_with_the_reference_on_random_scenarios(
    scenario: treatystate.Scenario
) -> None:
    """The engine and the reference give the same treaty status, entry into force,
    termination, party records and duty instances, for every random valid scenario
    over every kind of treaty."""
    assert_agree(scenario, None)


@settings(max_examples=100)
@given(scenarios(SPEC_TREATIES, min_events=1), st.data())
def test_engine_agrees_with_the_reference_as_of_any_day(
    scenario: treatystate.Scenario, data: st.DataObject
) -> None:
    """They also agree at the end of any day (``as_of``), including days between
    events and days on which derived events fall."""
    first, last = scenario.events[0].date, scenario.events[-1].date
    day = data.draw(legal_dates(first, last + dt.timedelta(days=1000)), label="as_of")
    assert_agree(scenario, dt.date(day.year, day.month, day.day))


@settings(max_examples=500)
@given(legal_dates(dt.date(1800, 1, 1), dt.date(2400, 12, 31)),
       date_rules(forward_only=False), st.sampled_from(("last-day", "next-day", "strict")))
def test_date_rules_agree_with_the_reference(
    start: Any, rule: treatystate.DateRule, month_end: treatystate.MonthEnd
) -> None:
    """Any list of steps, from any (month-end biased) day, under any policy: the same
    date, or both refuse (``AmbiguousDate`` exactly where the reference finds a missing
    day in strict mode)."""
    plain = dt.date(start.year, start.month, start.day)
    try:
        expected: Any = ref_rule(plain, [str(step) for step in rule.steps], month_end)
    except Ambiguous:
        expected = treatystate.AmbiguousDate
    except OffCalendar:
        expected = treatystate.DateOutOfRange
    if isinstance(expected, type):
        with pytest.raises(expected):
            rule.apply(start, month_end)
    else:
        assert rule.apply(start, month_end).date == expected


ZONE_NAMES = ("Asia/Shanghai", "UTC", "America/New_York", "Pacific/Kiritimati",
              "Pacific/Pago_Pago", "Asia/Kathmandu")


@settings(max_examples=500)
@given(timestamps(), st.sampled_from(ZONE_NAMES))
def test_legal_dates_agree_with_zoneinfo(stamp: dt.datetime, zone: str) -> None:
    """A timestamp in any zone or offset becomes the same calendar date at the
    depositary as ``zoneinfo`` computes."""
    date, _ = treatystate.legal_date(stamp, treatystate._dates.periods.timezone(zone))
    assert date == ref_legal_date(stamp, zone)


def test_the_reference_is_not_trivially_agreeing() -> None:
    """A deliberately wrong reference disagrees: the comparison can fail."""
    scenario = treatystate.builtin_example()
    clauses = clauses_of(scenario.treaty)
    clauses["effective"] = ["+P11M"]
    ref = Reference(clauses, None).run(events_of(scenario))
    outcome = scenario.run()
    assert any(outcome.parties[c].withdrawal_effective != ref.parties[c].withdrawal_effective
               for c in outcome.parties)
