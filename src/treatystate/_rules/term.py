"""A fixed term with tacit renewal: when a denunciation takes effect.

Genocide Convention art. XIV: "The present Convention shall remain in effect for a
period of ten years as from the date of its coming into force. It shall thereafter
remain in force for successive periods of five years for such Contracting Parties as
have not denounced it at least six months before the expiration of the current period.
Denunciation shall be effected by a written notification addressed to the
Secretary-General of the United Nations."

A denunciation received at least ``notice`` before the current period ends takes
effect when it ends; a later one when the next period ends. The periods run from the
treaty's entry into force, for every party alike. The current period is found by
bisection over the period ends (they only grow), not by counting the periods one by
one: a one-day renewal and a notice thousands of years away cost a few dozen dates.
This rule qualifies the withdrawal rule's effective date (``withdrawal.py`` asks it
when the treaty has a ``[term]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from .._dates.periods import AddPeriod, DateRule, MonthEnd
from .._model.basis import Basis
from .._model.clauses import Term
from .._model.events import Event
from ..errors import AmbiguousDate, DateOutOfRange
from .rule import Rule

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE", "current_period", "end_of_term"]


def end_of_term(run: Run, event: Event, cites: str) -> tuple[pendulum.Date, Basis]:
    """When the denunciation ``event`` takes effect, and why."""
    term = run.treaty.term
    entered = run.entered
    # withdraw() asks only then: a term that renews, in force.
    assert term is not None and term.notice is not None and entered is not None
    before = DateRule((AddPeriod(term.notice, sign=-1),))
    index = current_period(term, entered, event.date, run.treaty.month_end)
    end = run.compute(term.period_end(index), entered, "the end of the current period",
                      cites).date
    deadline = run.compute(before, end, "the last day for a denunciation", cites).date
    what = "the initial term" if index == 0 else f"renewal period {index}"
    if event.date <= deadline:
        date, premise = end, (
            f"received on or before {deadline} ({term.notice} before {what} ends on "
            f"{end}): effective when it ends"
        )
    else:
        date = run.compute(term.period_end(index + 1), entered,
                           "the end of the next period", cites).date
        premise = (
            f"received after {deadline}, less than {term.notice} before {what} ends on "
            f"{end}: the treaty is renewed for this party once more, effective {date}"
        )
    return date, Basis(
        "term", cites, "term", term.text, premise,
        terms=(f"initial = {term.initial}", f"renewal = {term.renewal}",
               f"notice = {term.notice}"),
    )


def current_period(term: Term, entered: pendulum.Date, date: pendulum.Date,
                   month_end: MonthEnd) -> int:
    """The first period (0: the initial term) that ends after ``date``, or the first
    whose end leaves the calendar (computing it then refuses the event)."""

    def ends_after(index: int) -> bool:
        rule = term.period_end(index)
        try:
            return rule.apply(entered, month_end).date > date
        except AmbiguousDate:  # strict: the order of the ends is that of "last-day"
            return rule.apply(entered, "last-day").date > date
        except DateOutOfRange:
            return True

    if term.renewal is None or ends_after(0):  # no renewal: the initial term is the only one
        return 0
    low, high = 0, 1  # ends_after(low) is false; grow high until ends_after(high)
    while not ends_after(high):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if ends_after(middle):
            high = middle
        else:
            low = middle
    return high


RULE = Rule(name="term")
