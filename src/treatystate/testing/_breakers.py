"""Breakers of the rules :func:`scenarios` breaks with ``valid=False``.

Each looks, after the builder's valid prefix, for an event the engine refuses by the
check its rule names: the label :meth:`Possible.refusal` reports (``withdrawal.before-
earliest``), whose cites the refusal carries. A breaker knows only where to look (the
kinds of event, the days that matter, the States worth trying); what is refused, and
why, comes from the rule modules themselves, so a breaker cannot drift from them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeAlias

import attrs
import pendulum
from hypothesis import strategies as st

from .._engine.possible import Refusal
from .._model.events import Event, EventType
from .._model.outcome import Outcome
from ..errors import AmbiguousDate, TreatyStateError
from ._builder import _apply, _Builder, _gap, _index, _rotated
from ._dates import _Draw, _shift_days
from ._treaties import STATE_CODES

# The days to look on (a day before the prefix's last event is fine: the engine applies
# the bad event, the scenario's last, after every event of that day or before).
Days: TypeAlias = Callable[[_Draw, _Builder], Sequence[pendulum.Date]]
# The States worth trying, given the state as of that day.
Whose: TypeAlias = Callable[[_Builder, "Outcome | None"], Sequence[str]]
# The event as tried: a withdrawal with a named effective date.
Shape: TypeAlias = Callable[[_Draw, _Builder, Event], "Event | None"]

# Enough to find the event where one is refused as wanted, few enough to stay quick.
_MOST_TRIED = 24


def _live(draw: _Draw, builder: _Builder) -> list[pendulum.Date]:
    """A day drawn from the last event on, and that day itself."""
    day = draw(_gap(builder.today))
    return [day, builder.today] if day != builder.today else [day]


def _everyone(builder: _Builder, state: Outcome | None) -> Sequence[str]:
    return builder.codes(state)


def _outsiders(builder: _Builder, state: Outcome | None) -> Sequence[str]:
    return [c for c in STATE_CODES if c not in (builder.treaty.parties or ())]


def _in(*statuses: str) -> Whose:
    def whose(builder: _Builder, state: Outcome | None) -> Sequence[str]:
        return [c for c in builder.codes(state) if builder.status(state, c) in statuses]
    return whose


@attrs.frozen
class Search:
    """Break the check ``label`` with an event of one of ``kinds``, from one of the
    States ``whose``, on one of the ``days``; where none is refused as wanted and
    ``enable`` names a kind, a valid event of it joins the prefix first (an armed
    conflict to start twice, a provisional application to begin again)."""

    label: str
    kinds: tuple[EventType, ...]
    days: Days = _live
    whose: Whose = _everyone
    shape: Shape | None = None
    enable: EventType | None = None

    def __call__(self, draw: _Draw, builder: _Builder) -> tuple[Event, Refusal] | None:
        days = self.days(draw, builder)
        for day in days:
            found = self.search(draw, builder, day)
            if found is not None:
                return found
        if self.enable is None:
            return None
        for day in days:
            if day >= builder.today and self.enabled(draw, builder, day):
                return self.search(draw, builder, day)
        return None

    def search(self, draw: _Draw, builder: _Builder, day: pendulum.Date
               ) -> tuple[Event, Refusal] | None:
        then = builder.possible.until(day)
        state = then.outcome(day) if then.events else None
        candidates = list(then.candidates(day, self.whose(builder, state), self.kinds,
                                          machine=False))
        for candidate in _rotated(draw, candidates)[:_MOST_TRIED]:
            event: Event | None = candidate.event(len(builder.events), day)
            if self.shape is not None:
                assert event is not None
                event = self.shape(draw, builder, event)
            if event is None:
                continue
            # Asked as the next event of the run up to that day.
            refusal = then.refusal(attrs.evolve(event, index=len(then.events)))
            if refusal is not None and refusal.label == self.label and refusal.cites:
                return event, refusal
        return None

    def enabled(self, draw: _Draw, builder: _Builder, day: pendulum.Date) -> bool:
        """Whether a valid event of the kind ``enable`` joined the prefix on ``day``."""
        assert self.enable is not None
        state = builder.state(day)
        offered = list(builder.possible.candidates(day, builder.codes(state), (self.enable,)))
        for candidate in _rotated(draw, offered)[:_MOST_TRIED]:
            if builder.accept(candidate.event(len(builder.events), day)):
                return True
        return False


# ----------------------------------------------------------------- where to look


def _before_opening(draw: _Draw, builder: _Builder) -> list[pendulum.Date]:
    opened = builder.treaty.opened_for_signature
    return [] if opened is None else [_shift_days(opened, -draw(st.integers(1, 400)))]


def _before_first_signature(draw: _Draw, builder: _Builder) -> list[pendulum.Date]:
    signatures = [e.date for e in builder.events if e.type == "signature"]
    return [_shift_days(min(signatures), -1)] if signatures else _live(draw, builder)


def _pending_notice(draw: _Draw, builder: _Builder) -> list[pendulum.Date]:
    """The day of a notice of the prefix, and the last day before it takes effect."""
    notices = [e for e in builder.events if e.type == "withdrawal" and e.party is not None]
    if not notices:
        return []
    notice = notices[draw(_index(len(notices)))]
    state = builder.state(notice.date)
    assert state is not None and notice.party is not None
    effective = state.parties[notice.party].withdrawal_effective
    if effective is None or effective <= notice.date:
        return [notice.date]
    return [notice.date, _shift_days(effective, -1)]


def _before_earliest(draw: _Draw, builder: _Builder) -> list[pendulum.Date]:
    """Days between a party's entry into force and its earliest withdrawal day."""
    clause, final = builder.treaty.withdrawal, builder.final
    if clause.earliest is None or final is None:
        return []
    starts = sorted({r.in_force_from for r in final.parties.values()
                     if r.in_force_from is not None})
    if not starts:
        return []
    start = starts[draw(_index(len(starts)))]
    earliest = _apply(clause.earliest, start, builder.treaty.month_end)
    if earliest is None or earliest <= start:
        return []
    span = (earliest - start).days
    return [_shift_days(start, days) for days in
            dict.fromkeys((0, span - 1, draw(st.integers(0, span - 1))))]


def _after_withdrawal(draw: _Draw, builder: _Builder) -> list[pendulum.Date]:
    """The day a withdrawal took effect (or today, if later), and a later day."""
    final = builder.final
    effective = sorted({r.withdrawal_effective for r in (final.parties.values() if final
                                                          else ()) if r.status == "withdrawn"
                        and r.withdrawal_effective is not None})
    if not effective:
        return []
    day = max(effective[draw(_index(len(effective)))], builder.today)
    return [day, _shift_days(day, draw(st.integers(1, 100)))]


def _after_termination(draw: _Draw, builder: _Builder) -> list[pendulum.Date]:
    final = builder.final
    if final is None or final.terminated is None:
        return []
    day = max(final.terminated, builder.today)
    return [day, _shift_days(day, draw(st.integers(1, 500)))]


def _ambiguous(draw: _Draw, builder: _Builder) -> list[pendulum.Date]:
    """The first day, from today or a party's earliest withdrawal day, on which the
    withdrawal's date rule is ambiguous under strict month-end."""
    treaty, final = builder.treaty, builder.final
    if treaty.month_end != "strict" or final is None:
        return []
    day = builder.today
    parties = [r for r in final.parties.values() if r.in_force_from is not None]
    if treaty.withdrawal.earliest is not None and parties:
        start = parties[draw(_index(len(parties)))].in_force_from
        assert start is not None
        earliest = _apply(treaty.withdrawal.earliest, start, treaty.month_end)
        if earliest is None:
            return []
        day = max(day, earliest)
    for _ in range(1500):
        try:
            treaty.withdrawal.effective.apply(day, "strict")
        except AmbiguousDate:
            return [day]
        except TreatyStateError:
            return []
        day = _shift_days(day, 1)
    return []


def _signature_closed(draw: _Draw, builder: _Builder) -> list[pendulum.Date]:
    closes = builder.treaty.participation.signature_closes
    if isinstance(closes, pendulum.Date):
        later = _shift_days(closes, draw(st.sampled_from((1, 1, 30, 400))))
        return [max(later, builder.today)]
    return _live(draw, builder)


def _accession_not_open(draw: _Draw, builder: _Builder) -> list[pendulum.Date]:
    opens = builder.treaty.participation.accession_opens
    days = _live(draw, builder)
    if isinstance(opens, pendulum.Date):
        if builder.today >= opens:
            return []
        return [min(day, _shift_days(opens, -1)) for day in days]
    return days


def _earliest_too(draw: _Draw, builder: _Builder) -> list[pendulum.Date]:
    """Live days, and a party's earliest withdrawal day if later."""
    days = _live(draw, builder)
    clause, final = builder.treaty.withdrawal, builder.final
    starts = [r.in_force_from for r in (final.parties.values() if final else ())
              if r.in_force_from is not None]
    if clause.earliest is not None and starts:
        earliest = _apply(clause.earliest, starts[draw(_index(len(starts)))],
                          builder.treaty.month_end)
        if earliest is not None and earliest > builder.today:
            days.append(earliest)
    return days


def _named_effective(too_early: bool) -> Shape:
    """A withdrawal naming an effective date before (or on or after) the one the
    treaty's rule gives."""
    def shape(draw: _Draw, builder: _Builder, event: Event) -> Event | None:
        by_rule = _apply(builder.treaty.withdrawal.effective, event.date,
                         builder.treaty.month_end)
        if by_rule is None:
            return None
        days = -draw(st.integers(1, 400)) if too_early else draw(st.integers(0, 400))
        return attrs.evolve(event, effective=_shift_days(by_rule, days))
    return shape


def _signature_by_the_first(draw: _Draw, builder: _Builder, event: Event) -> Event:
    return attrs.evolve(event, parties=builder.treaty.parties[:1]
                        if builder.treaty.parties else event.parties)


_PARTY_EVENTS: tuple[EventType, ...] = ("consent", "withdrawal", "consent-revocation",
                                        "withdrawal-revocation")

BEFORE_OPENING = Search("participation.before-opening", ("signature",), _before_opening,
                        shape=_signature_by_the_first)
BEFORE_FIRST_SIGNATURE = Search("participation.closed-without-signature", ("consent",),
                                _before_first_signature)
UNLISTED = Search("participation.not-listed", _PARTY_EVENTS[:3], whose=_outsiders)
SIGNED_TWICE = Search("participation.signed-twice", ("signature",))
CONSENT_BEFORE_SIGNATURE = Search("consent.before-signature", ("consent",))
CONSENT_TWICE = Search("consent.twice", ("consent",))
REVOCATION_AFTER_ENTRY = Search("consent.revocation-after-entry", ("consent-revocation",))
REVOCATION_WITHOUT_CONSENT = Search("consent.revocation-without-consent",
                                    ("consent-revocation",))
WITHDRAWAL_NOT_ALLOWED = Search("withdrawal.not-allowed", ("withdrawal",))
# One check refuses both a notice from a State not bound and a second notice; the
# States tried tell them apart.
WITHDRAWAL_NOT_IN_FORCE = Search("withdrawal.not-a-party", ("withdrawal",), whose=_in(
    "negotiating", "signatory", "contracting", "withdrawn"))
SECOND_WITHDRAWAL = Search("withdrawal.not-a-party", ("withdrawal",), _pending_notice,
                           whose=_in("withdrawing"))
BEFORE_EARLIEST = Search("withdrawal.before-earliest", ("withdrawal",), _before_earliest)
NAMED_EFFECTIVE_NOT_ALLOWED = Search("withdrawal.date-fixed", ("withdrawal",), _earliest_too,
                                     shape=_named_effective(too_early=False))
NAMED_EFFECTIVE_TOO_EARLY = Search("withdrawal.named-date-early", ("withdrawal",),
                                   _earliest_too, shape=_named_effective(too_early=True))
REVOCATION_NOT_ALLOWED = Search("withdrawal.irrevocable", ("withdrawal-revocation",))
REVOCATION_TOO_LATE = Search("withdrawal.revocation-too-late", ("withdrawal-revocation",),
                             _after_withdrawal)
REVOCATION_WITHOUT_NOTICE = Search("withdrawal.revocation-without-notice",
                                   ("withdrawal-revocation",))
AFTER_TERMINATION = Search("termination.terminated", _PARTY_EVENTS, _after_termination)
STRICT_MONTH_END = Search("date.ambiguous", ("withdrawal",), _ambiguous)
DUTY_NOT_ARISEN = Search("duties.not-arisen", ("duty",))
DUTY_ALREADY_DONE = Search("duties.already-done", ("duty",))
# The clauses added to SPEC §2 (docs/treaty-format.md).
SIGNATURE_CLOSED = Search("participation.signature-closed", ("signature",), _signature_closed)
ACCESSION_NOT_OPEN = Search("participation.accession-not-open", ("consent",),
                            _accession_not_open)
CONFLICT_TWICE = Search("armed_conflict.already-engaged", ("armed-conflict-start",),
                        enable="armed-conflict-start")
CONFLICT_NOT_STARTED = Search("armed_conflict.not-engaged", ("armed-conflict-end",))
PROVISIONAL_RUNNING = Search("provisional_application.running", ("provisional-application",),
                             enable="provisional-application")
PROVISIONAL_IN_FORCE = Search("provisional_application.in-force",
                              ("provisional-application",))
PROVISIONAL_NOT_RUNNING = Search("provisional_application.not-running",
                                 ("provisional-application-end",))
PROTOCOL_WITHOUT_TREATY = Search("protocols.not-consented-to-treaty", ("protocol-consent",))
PROTOCOL_TWICE = Search("protocols.twice", ("protocol-consent",), enable="protocol-consent")
