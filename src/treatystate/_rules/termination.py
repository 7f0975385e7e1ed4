"""Termination: when too few parties remain, and what may still happen after it.

VCLT art. 2(1)(a): a treaty is "an international agreement concluded between States"
(so it needs at least two parties); art. 55: "Unless the treaty otherwise provides, a
multilateral treaty does not terminate by reason only of the fact that the number of
the parties falls below the number necessary for its entry into force."

Genocide Convention art. XV (a ``[termination] below`` clause): "If, as a result of
denunciations, the number of Parties to the present Convention should become less than
sixteen, the Convention shall cease to be in force as from the date on which the last
of these denunciations shall become effective." (English wording UNVERIFIED; meaning
confirmed by the Chinese text, rules.md §2.6.)

VCLT art. 70(1): termination "releases the parties from any obligation further to
perform the treaty"; the depositary's functions outlive it (art. 77), so after a
termination only its duties may still be performed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._engine.state import Party, Scheduled
from .._model.basis import Basis
from .._model.events import Event
from . import duties, entry_into_force
from .rule import Rule

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE", "after_withdrawal"]

FEWER_THAN_TWO = "VCLT art. 2(1)(a): a treaty needs at least two parties"


def _after_termination(run: Run, event: Event) -> None:
    """Once the treaty terminated, only the depositary's duties may be performed."""
    if event.type != "duty":
        raise run.refuse(
            event, "termination.terminated",
            f"the treaty terminated on {run.terminated}; after that only the "
            "depositary's duties may still be performed",
            run.termination.basis.cites or "VCLT art. 70"
            if run.termination is not None else "VCLT art. 70",
        )


def after_withdrawal(run: Run, party: Party, item: Scheduled) -> None:
    """After ``party``'s withdrawal took effect: schedule the treaty's termination when
    fewer parties remain than its clause (or two) requires."""
    remaining = len(run.bound)
    clause = run.treaty.termination
    below = clause.below
    if below is not None and remaining < below:
        cites = clause.cites or "treaty termination clause"
        why = f"{remaining} parties remain, fewer than {below}"
        basis = Basis("termination", cites, "termination.below", clause.text,
                      f"{why} after {party.code}'s withdrawal took effect",
                      terms=(f"below = {below}",))
    elif remaining < 2:
        why = f"{remaining} party remains" if remaining == 1 else "no party remains"
        basis = Basis("termination", FEWER_THAN_TWO, None, None,
                      f"{why} after {party.code}'s withdrawal took effect")
    else:
        return
    # Caused by this withdrawal taking effect, the termination happens right after it
    # (SPEC §4), before the day's other derived events: a State due to enter into force
    # later that day was not counted, so its entry lapses instead of being ended by a
    # termination it did not prevent.
    run.termination = run.schedule(item.date, "termination", None,
                                   tuple(run.effective_withdrawals), basis, terminate,
                                   right_after=item)


def terminate(run: Run, item: Scheduled) -> None:
    run.fire_treaty("terminate")
    run.terminated = item.date
    if run.expiry is not None and run.expiry is not item:
        # It terminated before its term would have ended.
        run.expiry.status = "lapsed"
    run.expiry = None
    run.gates = (*run.gates, _after_termination)
    for party in run.parties.values():
        if party.pending_withdrawal is not None:
            party.pending_withdrawal.status = "lapsed"
            party.pending_withdrawal = None
            party.withdrawal_effective = None
        run.fire_party("terminate", party)
    entry_into_force.cancel_entry(run, "lapsed")
    if run.protocols is not None:
        for pending in run.protocols.entries.values():
            if pending.status == "scheduled":
                pending.status = "lapsed"
    duties.trigger_duties(run, "termination", None, item.date, item.caused_by)


RULE = Rule(
    name="termination",
    refusals={"termination.terminated": "an event other than a duty after termination"},
)
