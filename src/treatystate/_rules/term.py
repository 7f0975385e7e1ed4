"""A fixed term with tacit renewal: when a denunciation takes effect.

Genocide Convention art. XIV: "The present Convention shall remain in effect for a
period of ten years as from the date of its coming into force. It shall thereafter
remain in force for successive periods of five years for such Contracting Parties as
have not denounced it at least six months before the expiration of the current period.
Denunciation shall be effected by a written notification addressed to the
Secretary-General of the United Nations."

A denunciation received at least ``notice`` before the current period ends takes
effect when it ends; a later one when the next period ends. The periods run from the
treaty's entry into force, for every party alike. This rule qualifies the withdrawal
rule's effective date (``withdrawal.py`` asks it when the treaty has a ``[term]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from .._dates.periods import AddPeriod, DateRule
from .._model.basis import Basis
from .._model.events import Event
from .rule import Rule

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE", "end_of_term"]


def end_of_term(run: Run, event: Event, cites: str) -> tuple[pendulum.Date, Basis]:
    """When the denunciation ``event`` takes effect, and why."""
    term = run.treaty.term
    entered = run.entered
    # withdraw() asks only then: a term that renews, in force.
    assert term is not None and term.notice is not None and entered is not None
    before = DateRule((AddPeriod(term.notice, sign=-1),))
    index = 0
    while True:
        end = run.compute(term.period_end(index), entered,
                          "the end of the current period", cites).date
        if end > event.date:
            break
        index += 1
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


RULE = Rule(name="term")
