"""Breakers of the rules of the clauses added to SPEC §2 (docs/treaty-format.md)."""

from __future__ import annotations

from collections.abc import Callable

import pendulum
from hypothesis import strategies as st

from .._model.clauses import (
    Treaty,
)
from .._model.events import Event, EventType
from .._model.outcome import Outcome
from ._breakers import Breaker, _live_day, _parties_with, _withdrawal_cites
from ._builder import _CONSENTED, _Builder, _in_force_on
from ._dates import _Draw, _shift_days


def _participation_cites(default: str) -> Callable[[Treaty], str]:
    return lambda treaty: treaty.participation.cites or default



def _signature_closed(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A signature after ``signature_closes`` (a date, or entry into force): Rome Statute
    art. 125(1), Arms Trade Treaty art. 21(1). The closing is checked before anything
    else about the signing State."""
    treaty = builder.treaty
    closes = treaty.participation.signature_closes
    if closes is None:
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    if isinstance(closes, pendulum.Date) and day <= closes:
        day = _shift_days(closes, draw(st.sampled_from((1, 1, 30, 400))))
        final = builder.scenario().run() if builder.events else None
        if final is not None and final.terminated is not None and day >= final.terminated:
            return None
    elif closes == "entry-into-force" and not _in_force_on(builder.state(day), day):
        return None
    code = draw(st.sampled_from(builder.codes(builder.state(day))))
    return builder.event("signature", day, parties=(code,)), \
        _participation_cites("VCLT art. 12")(treaty)


def _accession_not_open(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A consent from a State that never signed before accession opens (Arms Trade
    Treaty art. 21(3))."""
    treaty = builder.treaty
    opens = treaty.participation.accession_opens
    if opens is None or treaty.closed:
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    if isinstance(opens, pendulum.Date):
        if builder.today >= opens:
            return None
        day = min(day, _shift_days(opens, -1))
    state = builder.state(day)
    if opens == "entry-into-force" and _in_force_on(state, day):
        return None
    signed = {code for e in builder.events if e.type == "signature" for code in e.parties}
    codes = [c for c in _parties_with(builder, state, {"negotiating"}) if c not in signed]
    if not codes:
        return None
    return builder.event("consent", day, party=draw(st.sampled_from(codes))), \
        _participation_cites("VCLT art. 15")(treaty)


def _live_codes(draw: _Draw, builder: _Builder, applies: bool
                ) -> tuple[pendulum.Date, Outcome | None, list[str]] | None:
    """A live day, the state then, and the States that may act (listed ones, once a
    closed treaty is signed)."""
    treaty = builder.treaty
    if not applies or (treaty.closed and not builder.signed_at_all()):
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    state = builder.state(day)
    return day, state, builder.codes(state)


def _conflict_cites(treaty: Treaty) -> str:
    return _withdrawal_cites(treaty)


def _armed_conflict(started: bool) -> Breaker:
    """An ``armed-conflict-start`` while the State's conflict goes on (the prefix gets
    one if it has none), or an ``armed-conflict-end`` with none going on."""
    def breaker(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
        found = _live_codes(draw, builder,
                            builder.treaty.withdrawal.postponed_by_armed_conflict)
        if found is None:
            return None
        day, _, codes = found
        chosen = [c for c in codes if builder.in_conflict(c) == started]
        if started and not chosen:
            code = draw(st.sampled_from(codes))
            if not builder.accept(builder.event("armed-conflict-start", day, party=code)):
                return None
            chosen = [code]
        if not chosen:
            return None
        kind: EventType = "armed-conflict-start" if started else "armed-conflict-end"
        return builder.event(kind, day, party=draw(st.sampled_from(chosen))), \
            _conflict_cites(builder.treaty)
    return breaker


def _provisional_cites(treaty: Treaty) -> str:
    assert treaty.provisional_application is not None
    return treaty.provisional_application.cites or "VCLT art. 25(1)"


def _running(state: Outcome | None, code: str) -> bool:
    record = state.parties.get(code) if state else None
    return record is not None and record.provisional_from is not None \
        and record.provisional_until is None


def _provisional_running(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A second ``provisional-application`` while the first runs (the prefix gets one
    if it has none and the state allows it)."""
    found = _live_codes(draw, builder, builder.treaty.provisional_application is not None)
    if found is None:
        return None
    day, state, codes = found
    chosen = [c for c in codes if _running(state, c)]
    if not chosen:
        code = draw(st.sampled_from(codes))
        if not builder.accept(builder.event("provisional-application", day, party=code)):
            return None
        state, chosen = builder.state(day), [code]
        if not _running(state, code):
            return None
    return builder.event("provisional-application", day, party=draw(st.sampled_from(chosen))), \
        _provisional_cites(builder.treaty)


def _provisional_in_force(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A ``provisional-application`` once the treaty is in force for the State, or (with
    ``until = "entry-into-force"``) in force at all: VCLT art. 25(1), "pending its entry
    into force"."""
    clause = builder.treaty.provisional_application
    found = _live_codes(draw, builder, clause is not None)
    if found is None:
        return None
    assert clause is not None
    day, state, codes = found
    treaty_in_force = clause.until == "entry-into-force" and _in_force_on(state, day)
    chosen = [c for c in codes if not _running(state, c) and (
        treaty_in_force or builder.status(state, c) in ("party", "withdrawing"))]
    if not chosen:
        return None
    return builder.event("provisional-application", day, party=draw(st.sampled_from(chosen))), \
        _provisional_cites(builder.treaty)


def _provisional_not_running(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A ``provisional-application-end`` from a State not applying the treaty."""
    found = _live_codes(draw, builder, builder.treaty.provisional_application is not None)
    if found is None:
        return None
    day, state, codes = found
    chosen = [c for c in codes if not _running(state, c)]
    if not chosen:
        return None
    return builder.event("provisional-application-end", day,
                         party=draw(st.sampled_from(chosen))), \
        _provisional_cites(builder.treaty)


def _protocol_consent(second: bool) -> Breaker:
    """A ``protocol-consent`` from a State that has not consented to the treaty, or a
    second one to the same protocol (the prefix gets a first one if needed): VCLT
    art. 40(3)-(4), or the protocol's own article."""
    def breaker(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
        treaty = builder.treaty
        found = _live_codes(draw, builder, bool(treaty.protocols))
        if found is None:
            return None
        day, state, codes = found
        protocol = draw(st.sampled_from(treaty.protocols))
        if not second:
            chosen = [c for c in codes if builder.status(state, c) not in _CONSENTED]
        else:
            bound = [c for c in codes if builder.status(state, c) in _CONSENTED]
            chosen = [c for c in bound if protocol.id in builder.protocol_consents(c)]
            if not chosen and bound:
                code = draw(st.sampled_from(bound))
                if not builder.accept(builder.event("protocol-consent", day, party=code,
                                                    protocol=protocol.id)):
                    return None
                chosen = [code]
        if not chosen:
            return None
        return builder.event("protocol-consent", day, party=draw(st.sampled_from(chosen)),
                             protocol=protocol.id), protocol.cites or "VCLT art. 40"
    return breaker
