"""The basis of a derived date: which rule gave it, what it counted, how it was counted.

Every derived event carries one (``TimelineEntry.basis``). The timeline's ``detail``
and ``explain`` are both rendered from it, so nothing ever reads a date's reasons back
out of prose. The basis is not part of the outcome document (SPEC §5 is unchanged):
it is what the document's ``detail`` and ``cites`` were written from.
"""

from __future__ import annotations

from typing import NamedTuple

import pendulum

from .._dates.periods import DateRule

__all__ = ["ADJUSTMENTS", "Adjustment", "Arithmetic", "Basis"]


class Arithmetic(NamedTuple):
    """A date rule applied once: ``start`` and the rule's ``steps`` give ``result``.

    ``steps`` is the rule as written (``+P12M``), ``note`` the month-end adjustment
    when a day did not exist, ``noted`` whether the account repeats that note.
    """

    clause: str
    rule: DateRule
    start: pendulum.Date
    steps: str
    result: pendulum.Date
    note: str | None = None
    noted: bool = True

    def text(self) -> str:
        """``2028-02-29 +P12M → 2029-02-28 (2029-02-29 does not exist; ...)``."""
        if not self.steps:
            text = f"{self.start.isoformat()} (the same day)"
        else:
            text = f"{self.start.isoformat()} {self.steps} → {self.result.isoformat()}"
        if self.note and self.noted:
            text += f" ({self.note.split(': ', 1)[-1]})"
        return text


# What moves a date after its rule gave it, each with how the account says it.
ADJUSTMENTS: dict[str, str] = {
    "not-before": "not before {}",
    "not-before-treaty": "not before the treaty's entry into force {}",
    "named-in-notice": "later date named in the notice: {}",
    "next-working-day": "extended to {}, the next working day",
    "extended-by-decision": "extended by decision to {}",
}


class Adjustment(NamedTuple):
    """The date moved to ``date`` for the reason ``kind`` (a key of ADJUSTMENTS)."""

    kind: str
    date: pendulum.Date

    def text(self) -> str:
        return ADJUSTMENTS[self.kind].format(self.date)


class Basis(NamedTuple):
    """Why a derived event has its date.

    ``rule`` names the rule module that derived it (``withdrawal``), ``cites`` the
    article, ``clause`` the treaty file's key the date comes from
    (``withdrawal.effective``); the input events it counted are the derived event's
    ``caused_by`` (the last one completed it). ``premise`` is what had to hold (a
    condition met, a notice received in time), ``arithmetic`` the date rule applied,
    ``adjustments`` what moved the date after it; ``subject`` heads the account (a duty's id).
    """

    rule: str
    cites: str | None
    clause: str | None
    # The wording of the clause it applies (the treaty file's ``text``), if any.
    text: str | None = None
    premise: str | None = None
    arithmetic: Arithmetic | None = None
    adjustments: tuple[Adjustment, ...] = ()
    subject: str | None = None
    # The clause's own description when it is not a date rule (a fixed term's
    # ``initial``, ``renewal`` and ``notice``; a termination's ``below``).
    terms: tuple[str, ...] | None = None
    # Whether the account tells the arithmetic: a withdrawal put off by an armed
    # conflict keeps its notice period's arithmetic for explain, told by its premise.
    told: bool = True

    def detail(self) -> str:
        """The account as the timeline's ``detail`` shows it."""
        if self.arithmetic is None and not self.adjustments and self.subject is None:
            return self.premise or ""
        parts = [] if self.premise is None else [self.premise]
        if self.arithmetic is not None and self.told:
            parts.append(self.arithmetic.text())
        for adjustment in self.adjustments:
            parts.append(adjustment.text())
        text = "; ".join(parts)
        return text if self.subject is None else f"{self.subject}: {text}"
