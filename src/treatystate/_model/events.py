"""Input events: what States and the depositary do, dated the day the depositary
received it (VCLT arts. 16(b), 78(b))."""

from __future__ import annotations

from typing import Any, Literal, TypeAlias, get_args

import attrs
import pendulum

from .._dates.periods import Period

__all__ = ["EVENT_TYPES", "Event", "EventType"]

EventType: TypeAlias = Literal[
    "signature",
    "consent",
    "consent-revocation",
    "withdrawal",
    "withdrawal-revocation",
    "duty",
    # Additions to SPEC §3: an armed conflict of a party (Ottawa Convention art. 20(3)),
    # provisional application and its end (VCLT art. 25), consent to an amending
    # protocol (e.g. China–Central Asia treaty art. 13).
    "armed-conflict-start",
    "armed-conflict-end",
    "provisional-application",
    "provisional-application-end",
    "protocol-consent",
    # SPEC §8.4, §8.6: the parties agree to extend a fixed term; a notification of
    # succession (1978 Vienna Convention on Succession of States, arts. 17, 23).
    "term-extension",
    "succession",
    # SPEC §8.5: a pending withdrawal's period extended by a later decision.
    "withdrawal-extension",
]
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)


@attrs.frozen
class Event:
    """One input event.

    ``index`` is its 0-based position in the scenario (file order); ``date`` the legal
    date at the depositary; ``received`` the timestamp as written when one was given.
    ``parties`` is used by signatures (empty: every listed party), ``party`` by the
    others; ``duty`` names the duty a ``duty`` event performs, ``protocol`` the protocol
    a ``protocol-consent`` consents to; ``effective`` is a
    later effective date named in a withdrawal notice, or the date of a succession
    (from which the successor is bound). A ``term-extension`` extends the term
    ``until`` a date or ``by`` a period.

    >>> import treatystate
    >>> event = treatystate.builtin_example().events[0]
    >>> event.type, event.date, event.describe()
    ('signature', Date(2025, 6, 17), 'event 0 (signature, 2025-06-17)')
    """

    index: int
    type: EventType
    date: pendulum.Date
    party: str | None = None
    parties: tuple[str, ...] = ()
    duty: str | None = None
    effective: pendulum.Date | None = None
    received: str | None = None
    protocol: str | None = None
    until: pendulum.Date | None = None
    by: Period | None = None

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """How Hypothesis's stateful steps (and IPython) show an event."""
        printer.text(self.describe())

    def describe(self) -> str:
        """``event 3 (consent, TKM, 2026-01-01)``: how errors name an event."""
        bits: list[str] = [self.type]
        if self.duty:
            bits.append(self.duty)
        if self.protocol:
            bits.append(self.protocol)
        if self.party:
            bits.append(self.party)
        elif self.parties:
            bits.append(", ".join(self.parties))
        bits.append(self.date.isoformat())
        return f"event {self.index} ({', '.join(bits)})"
