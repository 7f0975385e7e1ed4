"""A pending withdrawal put off by a later decision: an exception to the withdrawal's
effective date (SPEC §8.5).

Treaty on European Union art. 50(3): "The Treaties shall cease to apply to the State
in question from the date of entry into force of the withdrawal agreement or, failing
that, two years after the notification referred to in paragraph 2, unless the European
Council, in agreement with the Member State concerned, unanimously decides to extend
this period."

A treaty whose ``[withdrawal]`` has ``extendable = true`` takes ``withdrawal-extension``
events: on ``date`` the period of the State's pending withdrawal is extended to
``effective``, which must be later than the pending effective date. The date it had
stays in the timeline as ``postponed``; the new one keeps the notice's arithmetic and
adds the extension, caused by the notice and every decision that extended it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._model.basis import Adjustment
from .._model.clauses import Treaty
from .._model.events import Event
from .rule import EventKind, Problem, Rule
from .withdrawal import takes_effect

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE"]

VCLT_AGREEMENT = "VCLT art. 54(b)"


def extend(run: Run, event: Event) -> None:
    """The period of ``party``'s pending withdrawal is extended to ``effective``."""
    party = run.party_of(event)
    clause = run.treaty.withdrawal
    cites = clause.cites or VCLT_AGREEMENT
    pending = party.pending_withdrawal
    if pending is None:
        why = ("its withdrawal is put off until an armed conflict ends, with no date to "
               "extend" if party.postponed is not None else f"it is {party.state}")
        raise run.refuse(
            event, "withdrawal_extension.not-pending",
            f"{party.code} has no pending withdrawal whose period could be extended ({why})",
            cites,
        )
    extended = event.effective
    if extended is None:
        raise _NO_DATE.refusal(run, event)
    if extended <= pending.date:
        raise run.refuse(
            event, "withdrawal_extension.not-later",
            f"{party.code}'s withdrawal takes effect on {pending.date}; an extension names "
            f"a later date, not {extended}", cites,
        )
    if not run.fire_party("extend_withdrawal", party):
        raise run.refuse(event, "withdrawal_extension.not-pending",
                         f"{party.code} has no pending withdrawal (it is {party.state})",
                         cites)
    run.fire_treaty("notice")
    pending.status = "postponed"
    basis = pending.basis
    party.withdrawal_effective = extended
    run.record_input(event, f"the period of {party.code}'s withdrawal is extended to "
                            f"{extended}", cites)
    party.pending_withdrawal = run.schedule(
        extended, "withdrawal-effective", party.code, (*pending.caused_by, event.index),
        basis._replace(rule="withdrawal_extension", cites=cites, adjustments=(
            *basis.adjustments, Adjustment("extended-by-decision", extended))),
        takes_effect,
    )


def _needs_clause(event: Event, treaty: Treaty) -> Problem | None:
    if not treaty.withdrawal.extendable:
        return Problem("type", f"treaty '{treaty.id}' does not provide for extending a "
                               "withdrawal's period: set [withdrawal] extendable = true "
                               "(e.g. TEU art. 50(3))")
    return _NO_DATE if event.effective is None else None


_NO_DATE = Problem("effective", "a withdrawal-extension needs `effective`, the new date on "
                                "which the withdrawal takes effect")


RULE = Rule(
    name="withdrawal_extension",
    events={"withdrawal-extension": EventKind(
        extend, frozenset({"party", "effective"}), trigger="extend_withdrawal",
        needs=_needs_clause)},
    refusals={
        "withdrawal_extension.not-pending": "an extension with no pending withdrawal",
        "withdrawal_extension.not-later":
            "an extension to a date not later than the pending one",
    },
)
