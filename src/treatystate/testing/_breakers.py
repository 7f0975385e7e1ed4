"""Breakers of the SPEC §4 rules: each returns an event the rule refuses after the
builder's prefix, with the citation the refusal must carry, or ``None`` where it cannot."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import pendulum
from hypothesis import strategies as st

from .._model.clauses import (
    Treaty,
)
from .._model.events import Event, EventType
from .._model.outcome import Outcome
from ..errors import AmbiguousDate, TreatyStateError
from ._builder import _apply, _Builder, _gap, _in_force_on
from ._dates import _Draw, _shift_days
from ._treaties import STATE_CODES

_VCLT_ENTRY = "VCLT art. 24"
_VCLT_WITHDRAWAL = "VCLT art. 56"
_VCLT_REVOCATION = "VCLT art. 68"
_VCLT_DUTY = "VCLT art. 77"


# Each breaker returns the bad event and its citation, or None where the rule cannot be
# broken from this state.
Breaker: TypeAlias = Callable[[_Draw, _Builder], "tuple[Event, str] | None"]


def _parties_with(builder: _Builder, state: Outcome | None, statuses: set[str]) -> list[str]:
    return [c for c in builder.codes(state) if builder.status(state, c) in statuses]


def _live_day(draw: _Draw, builder: _Builder) -> pendulum.Date | None:
    """A day on or after the last event and before any termination."""
    day = draw(_gap(builder.today))
    final = builder.scenario().run() if builder.events else None
    if final is not None and final.terminated is not None and day >= final.terminated:
        if builder.today >= final.terminated:
            return None
        return builder.today
    return day


def _always(treaty: Treaty) -> bool:
    return True


def _party_event(kind: EventType, statuses: set[str], cites: Callable[[Treaty], str],
                 applies: Callable[[Treaty], bool] = _always) -> Breaker:
    """Breaks a rule with an event of ``kind`` from a State in one of ``statuses``, on a
    live day, for treaties where ``applies``."""

    def breaker(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
        treaty = builder.treaty
        if not applies(treaty) or (treaty.closed and not builder.signed_at_all()):
            return None
        day = _live_day(draw, builder)
        if day is None:
            return None
        state = builder.state(day)
        codes = _parties_with(builder, state, statuses)
        if not codes:
            return None
        code = draw(st.sampled_from(codes))
        if kind == "signature":
            if _signature_closed_on(treaty, state, day):
                return None  # refused for that first (participation)
            return builder.event(kind, day, parties=(code,)), cites(treaty)
        return builder.event(kind, day, party=code), cites(treaty)

    return breaker



def _signature_closed_on(treaty: Treaty, state: Outcome | None, day: pendulum.Date) -> bool:
    closes = treaty.participation.signature_closes
    if closes == "entry-into-force":
        return _in_force_on(state, day)
    return closes is not None and day > closes


def _eif_cites(treaty: Treaty) -> str:
    return treaty.entry_into_force.cites or _VCLT_ENTRY


def _withdrawal_cites(treaty: Treaty) -> str:
    return treaty.withdrawal.cites or _VCLT_WITHDRAWAL


def _before_opened(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    opened = builder.treaty.opened_for_signature
    if opened is None:
        return None
    day = _shift_days(opened, -draw(st.integers(1, 400)))
    return builder.event("signature", day, parties=builder.treaty.parties[:1]
                         if builder.treaty.parties else ("FRA",)), "VCLT art. 24(4)"


def _before_first_signature(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    treaty = builder.treaty
    if not treaty.closed:
        return None
    signatures = [e.date for e in builder.events if e.type == "signature"]
    floor = treaty.opened_for_signature
    if signatures:
        latest = _shift_days(min(signatures), -1)
        if floor is not None and latest < floor:
            return None
        day = latest
    else:
        day = draw(_gap(builder.today))
    assert treaty.parties is not None
    return builder.event("consent", day, party=draw(st.sampled_from(treaty.parties))), \
        "VCLT arts. 10-14"


def _unlisted(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    treaty = builder.treaty
    if not treaty.closed or not builder.signed_at_all():
        return None
    day = _live_day(draw, builder)
    outsiders = [c for c in STATE_CODES if c not in (treaty.parties or ())]
    if day is None or not outsiders:
        return None
    kinds: tuple[EventType, ...] = ("consent", "withdrawal", "consent-revocation")
    kind = draw(st.sampled_from(kinds))
    return builder.event(kind, day, party=draw(st.sampled_from(outsiders))), "VCLT art. 15"


def _withdrawal_not_allowed(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    treaty = builder.treaty
    if treaty.withdrawal.allowed or (treaty.closed and not builder.signed_at_all()):
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    code = draw(st.sampled_from(builder.codes(builder.state(day))))
    return builder.event("withdrawal", day, party=code), \
        treaty.withdrawal.cites or "VCLT art. 56(1)"


def _with_party(draw: _Draw, builder: _Builder, statuses: set[str]
                ) -> tuple[pendulum.Date, str, Outcome] | None:
    if not builder.events:
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    state = builder.state(day)
    assert state is not None
    codes = _parties_with(builder, state, statuses)
    if not codes:
        return None
    return day, draw(st.sampled_from(codes)), state


def _second_withdrawal(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A second notice while one of the prefix's notices is pending."""
    notices = [e for e in builder.events if e.type == "withdrawal"]
    if not notices or not builder.treaty.withdrawal.allowed:
        return None
    notice = draw(st.sampled_from(notices))
    assert notice.party is not None
    state = builder.state(notice.date)
    assert state is not None
    effective = state.parties[notice.party].withdrawal_effective
    if effective is None or effective <= notice.date:
        return None
    span = (effective - notice.date).days
    day = _shift_days(notice.date, draw(st.sampled_from((0, span - 1))))
    later = builder.state(day)
    assert later is not None
    if later.terminated or later.parties[notice.party].status != "withdrawing":
        return None
    return builder.event("withdrawal", day, party=notice.party), \
        _withdrawal_cites(builder.treaty)


def _earliest_of(builder: _Builder, state: Outcome, code: str) -> pendulum.Date | None:
    earliest = builder.treaty.withdrawal.earliest
    start = state.parties[code].in_force_from
    if earliest is None or start is None:
        return start
    return _apply(earliest, start, builder.treaty.month_end)


def _before_earliest(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A notice from a party on a day before its earliest withdrawal day; the day may
    fall among the prefix's events (the engine refuses it when it gets there)."""
    clause = builder.treaty.withdrawal
    if not clause.allowed or clause.earliest is None or not builder.events:
        return None
    final = builder.scenario().run()
    starts = [(code, record.in_force_from) for code, record in final.parties.items()
              if record.in_force_from is not None]
    if not starts:
        return None
    code, start = draw(st.sampled_from(starts))
    earliest = _apply(clause.earliest, start, builder.treaty.month_end)
    if earliest is None or earliest <= start:
        return None
    span = (earliest - start).days
    day = _shift_days(start, draw(st.sampled_from((0, span - 1, draw(st.integers(0, span - 1))))))
    state = builder.state(day)
    if state is None or state.parties[code].status != "party" or state.terminated:
        return None
    if state.parties[code].in_force_from != start:
        return None
    return builder.event("withdrawal", day, party=code), _withdrawal_cites(builder.treaty)


def _named_effective(too_early: bool) -> Breaker:
    def breaker(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
        clause, month_end = builder.treaty.withdrawal, builder.treaty.month_end
        if not clause.allowed or clause.later_date != too_early:
            return None
        term = builder.treaty.term
        if term is not None and too_early:
            return None  # the effective date is the end of a period, not `effective`
        found = _with_party(draw, builder, {"party"})
        if found is None:
            return None
        day, code, state = found
        earliest = _earliest_of(builder, state, code)
        if earliest is None or earliest > day:
            return None
        by_rule = _apply(clause.effective, day, month_end)
        if by_rule is None:
            return None
        if too_early:
            named = _shift_days(by_rule, -draw(st.integers(1, 400)))
        else:
            named = _shift_days(by_rule, draw(st.integers(0, 400)))
        cites = (term.cites if term else None) or _withdrawal_cites(builder.treaty)
        return builder.event("withdrawal", day, party=code, effective=named), cites
    return breaker


def _revocation_not_allowed(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    treaty = builder.treaty
    if treaty.withdrawal.revocable or (treaty.closed and not builder.signed_at_all()):
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    code = draw(st.sampled_from(builder.codes(builder.state(day))))
    return builder.event("withdrawal-revocation", day, party=code), _withdrawal_cites(treaty)


def _revocation_too_late(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    if not builder.treaty.withdrawal.revocable or not builder.events:
        return None
    final = builder.scenario().run()
    withdrawn = [
        (code, record.withdrawal_effective) for code, record in final.parties.items()
        if record.status == "withdrawn" and record.withdrawal_effective is not None
    ]
    if not withdrawn:
        return None
    code, effective = draw(st.sampled_from(withdrawn))
    day = max(effective, builder.today)
    day = draw(st.sampled_from((day, _shift_days(day, draw(st.integers(1, 100))))))
    if final.terminated is not None and day >= final.terminated:
        return None
    state = builder.state(day)
    if state is None or state.parties[code].status != "withdrawn":
        return None
    return builder.event("withdrawal-revocation", day, party=code), _VCLT_REVOCATION


def _after_termination(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    if not builder.events:
        return None
    final = builder.scenario().run()
    if final.terminated is None:
        return None
    day = max(final.terminated, builder.today)
    day = draw(st.sampled_from((day, _shift_days(day, draw(st.integers(1, 500))))))
    cites = next(e.cites for e in final.timeline if e.kind == "termination")
    code = draw(st.sampled_from(sorted(final.parties)))
    kinds: tuple[EventType, ...] = ("consent", "withdrawal", "withdrawal-revocation",
                                    "consent-revocation")
    kind = draw(st.sampled_from(kinds))
    return builder.event(kind, day, party=code), cites or "VCLT art. 70"


def _strict_month_end(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    clause, treaty = builder.treaty.withdrawal, builder.treaty
    if treaty.month_end != "strict" or not clause.allowed or treaty.term is not None:
        return None
    found = _with_party(draw, builder, {"party"})
    if found is None:
        return None
    day, code, state = found
    earliest = _earliest_of(builder, state, code)
    if earliest is None:
        return None
    final = builder.scenario().run()
    day = max(day, earliest)
    for _ in range(1500):
        if final.terminated is not None and day >= final.terminated:
            return None
        try:
            clause.effective.apply(day, "strict")
        except AmbiguousDate:
            return builder.event("withdrawal", day, party=code), _withdrawal_cites(treaty)
        except TreatyStateError:
            return None
        day = _shift_days(day, 1)
    return None


def _duty(done: bool) -> Breaker:
    def breaker(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
        treaty = builder.treaty
        if not treaty.duties or (treaty.closed and not builder.signed_at_all()):
            return None
        day = draw(_gap(builder.today))
        state = builder.state(day)
        instances = state.duties if state else ()
        candidates = []
        for duty in treaty.duties:
            parties: list[str | None] = [None]
            if duty.per_party:
                parties = list(builder.codes(state))
            for party in parties:
                mine = [d for d in instances if d.id == duty.id and d.party == party]
                if done and mine and all(d.done is not None for d in mine):
                    candidates.append((duty, party))
                if not done and not mine:
                    candidates.append((duty, party))
        if not candidates:
            return None
        duty, party = draw(st.sampled_from(candidates))
        return builder.event("duty", day, duty=duty.id, party=party), duty.cites or _VCLT_DUTY
    return breaker
