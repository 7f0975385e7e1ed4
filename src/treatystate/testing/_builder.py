"""Growing a valid event sequence one accepted event at a time."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import Any

import pendulum
from hypothesis import strategies as st

from .._dates.periods import (
    DateRule,
    MonthEnd,
)
from .._model.clauses import (
    Treaty,
)
from .._model.events import Event, EventType
from .._model.outcome import Outcome
from .._scenario import Scenario
from ..errors import TreatyStateError
from ._dates import _Draw, _shift_days, legal_dates
from ._treaties import STATE_CODES


def _apply(rule_: DateRule, start: pendulum.Date, month_end: MonthEnd) -> pendulum.Date | None:
    """The rule's date, or ``None`` where strict month-end refuses or the calendar ends."""
    try:
        return rule_.apply(start, month_end).date
    except TreatyStateError:
        return None


@st.composite
def _gap(draw: st.DrawFn, today: pendulum.Date) -> pendulum.Date:
    """A day on or after ``today``: the same day, the next, a few days or weeks later,
    the end of the month, or about a year later (where notice periods end)."""
    kind = draw(st.sampled_from(("same", "next", "days", "month-end", "year", "long")))
    if kind == "same":
        days = 0
    elif kind == "next":
        days = 1
    elif kind == "days":
        days = draw(st.integers(2, 45))
    elif kind == "month-end":
        days = calendar.monthrange(today.year, today.month)[1] - today.day
    elif kind == "year":
        days = draw(st.integers(355, 370))
    else:
        days = draw(st.integers(46, 900))
    return _shift_days(today, days)


_ACTION_WEIGHTS: dict[EventType, int] = {
    "consent": 5, "withdrawal": 4, "signature": 2, "withdrawal-revocation": 2,
    "duty": 2, "consent-revocation": 1,
    # Only with the clauses that allow them (``treaties(added_clauses=True)``).
    "armed-conflict-start": 2, "armed-conflict-end": 2, "provisional-application": 2,
    "provisional-application-end": 1, "protocol-consent": 3,
}
_CONSENTED = frozenset({"contracting", "party", "withdrawing"})


class _Builder:
    """Grows an event sequence one accepted event at a time.

    Each proposal reads the state the engine reports at the proposed day and picks an
    event that state allows; the engine then runs the whole sequence, and the event is
    kept only if nothing is refused. So every prefix is a valid scenario.
    """

    def __init__(self, treaty: Treaty, start: pendulum.Date, unsigned: str | None = None
                 ) -> None:
        self.treaty = treaty
        self.events: list[Event] = []
        self.today = start
        # A listed State kept out of every signature (to break "consent without signature").
        self.unsigned = unsigned

    def scenario(self, extra: Sequence[Event] = ()) -> Scenario:
        return Scenario(self.treaty, (*self.events, *extra))

    def state(self, day: pendulum.Date) -> Outcome | None:
        if not self.events:
            return None
        return self.scenario().run(day)

    def event(self, kind: EventType, day: pendulum.Date, **fields: Any) -> Event:
        return Event(index=len(self.events), type=kind, date=day, **fields)

    def accept(self, event: Event) -> bool:
        try:
            self.scenario((event,)).run()
        except TreatyStateError:
            return False
        self.events.append(event)
        self.today = event.date
        return True

    def signed_at_all(self) -> bool:
        return any(e.type == "signature" for e in self.events)

    def in_conflict(self, code: str) -> bool:
        """Whether ``code``'s last armed-conflict event (all are on or before today)
        started a conflict."""
        last = [e.type for e in self.events if e.party == code
                and e.type in ("armed-conflict-start", "armed-conflict-end")]
        return bool(last) and last[-1] == "armed-conflict-start"

    def protocol_consents(self, code: str) -> set[str]:
        return {str(e.protocol) for e in self.events
                if e.type == "protocol-consent" and e.party == code}

    def added_actions(self, state: Outcome | None, code: str, status: str,
                      actions: dict[EventType, list[str]]) -> None:
        """The events of the clauses added to SPEC §2 that ``code`` may propose."""
        treaty = self.treaty
        if treaty.closed and treaty.parties is not None and code not in treaty.parties:
            return
        if treaty.withdrawal.postponed_by_armed_conflict:
            kind: EventType = "armed-conflict-end" if self.in_conflict(code) \
                else "armed-conflict-start"
            actions.setdefault(kind, []).append(code)
        if treaty.provisional_application is not None:
            record = state.parties.get(code) if state else None
            if record is not None and record.provisional_from is not None \
                    and record.provisional_until is None:
                actions.setdefault("provisional-application-end", []).append(code)
            elif status in ("negotiating", "signatory", "contracting", "withdrawn") \
                    and code != self.unsigned:
                actions.setdefault("provisional-application", []).append(code)
        if treaty.protocols and status in _CONSENTED and \
                len(self.protocol_consents(code)) < len(treaty.protocols):
            actions.setdefault("protocol-consent", []).append(code)

    def codes(self, state: Outcome | None) -> list[str]:
        known = list(self.treaty.parties or STATE_CODES)
        return known + [c for c in (state.parties if state else ()) if c not in known]

    def status(self, state: Outcome | None, code: str) -> str:
        if state is None or code not in state.parties:
            return "negotiating"
        return state.parties[code].status

    def propose(self, draw: _Draw) -> Event | None:
        treaty = self.treaty
        day = draw(_gap(self.today))
        state = self.state(day)
        if treaty.closed and not self.signed_at_all():
            listed = [code for code in treaty.parties or () if code != self.unsigned]
            everyone = () if self.unsigned is None else tuple(listed)
            # Usually every listed State signs at once, as at an adoption conference.
            signers = draw(st.one_of(st.just(everyone), st.just(everyone), st.just(everyone),
                                     st.lists(st.sampled_from(listed), min_size=1,
                                              unique=True).map(tuple)))
            return self.event("signature", day, parties=signers)
        # The kind of event is drawn first, with fixed weights, whatever the number of
        # States that could do it: the treaty reaches entry into force often, and
        # withdrawals and revocations are not drowned by the many consents.
        actions: dict[EventType, list[str]] = {}
        terminated = state is not None and state.terminated is not None \
            and state.terminated <= day
        added = treaty.withdrawal.postponed_by_armed_conflict or bool(treaty.protocols) \
            or treaty.provisional_application is not None
        if not terminated:
            for code in self.codes(state):
                status = self.status(state, code)
                if status == "negotiating" and code != self.unsigned:
                    actions.setdefault("signature", []).append(code)
                if status in ("signatory", "withdrawn") or (
                        status == "negotiating" and not treaty.closed
                        and code != self.unsigned):
                    actions.setdefault("consent", []).append(code)
                if status == "contracting":
                    actions.setdefault("consent-revocation", []).append(code)
                if status == "party" and treaty.withdrawal.allowed:
                    actions.setdefault("withdrawal", []).append(code)
                if status == "withdrawing" and treaty.withdrawal.revocable:
                    actions.setdefault("withdrawal-revocation", []).append(code)
                if added:
                    self.added_actions(state, code, status, actions)
        if state is not None and any(d.done is None for d in state.duties):
            actions["duty"] = [""]
        if not actions:
            return None
        kind = draw(st.sampled_from([k for k in _ACTION_WEIGHTS for _ in
                                     range(_ACTION_WEIGHTS[k]) if k in actions]))
        code = draw(st.sampled_from(actions[kind]))
        if kind == "signature":
            return self.event(kind, day, parties=(code,))
        if kind == "protocol-consent":
            left = [p.id for p in treaty.protocols if p.id not in self.protocol_consents(code)]
            return self.event(kind, day, party=code, protocol=draw(st.sampled_from(left)))
        if kind in ("consent", "consent-revocation", "armed-conflict-start",
                    "armed-conflict-end", "provisional-application",
                    "provisional-application-end"):
            return self.event(kind, day, party=code)
        assert state is not None
        if kind == "withdrawal":
            return self.withdrawal(draw, state, code, day)
        if kind == "withdrawal-revocation":
            effective = state.parties[code].withdrawal_effective
            if effective is None or effective <= self.today:
                return None
            last = _shift_days(effective, -1)
            return self.event(kind, draw(st.sampled_from((last, day if day < last else last))),
                              party=code)
        open_duties = [d for d in state.duties if d.done is None]
        duty = draw(st.sampled_from(open_duties))
        when = day
        if duty.due is not None:
            around = _shift_days(duty.due, draw(st.integers(-2, 2)))
            when = max(day, around)
        return self.event("duty", when, duty=duty.id, party=duty.party)

    def withdrawal(self, draw: _Draw, state: Outcome, code: str,
                   day: pendulum.Date) -> Event | None:
        clause, month_end = self.treaty.withdrawal, self.treaty.month_end
        record = state.parties[code]
        if clause.earliest is not None and record.in_force_from is not None:
            earliest = _apply(clause.earliest, record.in_force_from, month_end)
            if earliest is None:
                return None
            if draw(st.booleans()):
                day = max(day, earliest)
        effective = None
        if clause.later_date and draw(st.booleans()):
            by_rule = _apply(clause.effective, day, month_end)
            if by_rule is None:
                return None
            effective = _shift_days(by_rule, draw(st.sampled_from((0, 1, 30, 365))))
        return self.event("withdrawal", day, party=code, effective=effective)

    def grow(self, draw: _Draw, size: int) -> None:
        attempts = 0
        while len(self.events) < size and attempts < 3 * size + 3:
            attempts += 1
            proposal = self.propose(draw)
            if proposal is not None:
                self.accept(proposal)


def _start(treaty: Treaty) -> st.SearchStrategy[pendulum.Date]:
    if treaty.opened_for_signature is not None:
        opened = treaty.opened_for_signature
        return st.sampled_from((opened, _shift_days(opened, 1), _shift_days(opened, 40)))
    return legal_dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))


def _sizes(least: int, most: int) -> st.SearchStrategy[int]:
    """Half the scenarios are as long as allowed: a treaty's life needs many events."""
    return st.one_of(st.just(most), st.integers(least, most))


@st.composite
def _valid_scenario(draw: st.DrawFn, treaty: Treaty | st.SearchStrategy[Treaty],
                    min_events: int, max_events: int) -> Scenario:
    chosen = draw(treaty) if isinstance(treaty, st.SearchStrategy) else treaty
    builder = _Builder(chosen, draw(_start(chosen)))
    builder.grow(draw, draw(_sizes(min_events, max_events)))
    return builder.scenario()
