"""An armed conflict puts off a withdrawal: an exception to the withdrawal rule.

Ottawa Convention art. 20(3): "Such withdrawal shall only take effect six months after
the receipt of the instrument of withdrawal by the Depositary. If, however, on the
expiry of that six-month period, the withdrawing State Party is engaged in an armed
conflict, the withdrawal shall not take effect before the end of the armed conflict."
TPNW art. 17(3) says the same of its twelve months.

The events ``armed-conflict-start`` and ``armed-conflict-end`` say when a State is
engaged in one. This module qualifies ``withdrawal.py`` (Catala style, beside the rule
it qualifies): when the notice period of a State engaged in an armed conflict expires,
the withdrawal is postponed, and takes effect when the conflict ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._engine.state import Party, Scheduled
from .._model.basis import Basis
from .._model.clauses import Treaty
from .._model.events import Event
from . import withdrawal
from .rule import EventKind, Problem, Rule, RuleException

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE"]


def start(run: Run, event: Event) -> None:
    party = run.party_of(event)
    cites = run.treaty.withdrawal.cites or withdrawal.VCLT_WITHDRAWAL
    if party.in_conflict_since is not None:
        raise run.refuse(
            event, "armed_conflict.already-engaged",
            f"{party.code} has been engaged in an armed conflict since "
            f"{party.in_conflict_since}; end it first (`armed-conflict-end`)", cites,
        )
    party.in_conflict_since = event.date
    run.record_input(event, f"{party.code} is engaged in an armed conflict", cites)


def end(run: Run, event: Event) -> None:
    party = run.party_of(event)
    cites = run.treaty.withdrawal.cites or withdrawal.VCLT_WITHDRAWAL
    if party.in_conflict_since is None:
        raise run.refuse(
            event, "armed_conflict.not-engaged",
            f"no armed conflict of {party.code} has started; add an "
            "`armed-conflict-start` event before its end", cites,
        )
    party.in_conflict_since = None
    run.record_input(event, f"the armed conflict of {party.code} ends", cites)
    postponed = party.postponed
    if party.state == "withdrawing" and postponed is not None \
            and party.pending_withdrawal is None:
        party.withdrawal_effective = event.date
        party.postponed = None
        party.pending_withdrawal = run.schedule(
            event.date, "withdrawal-effective", party.code,
            (postponed.caused_by[0], event.index), Basis(
                "armed_conflict", cites, postponed.basis.clause, postponed.basis.text,
                f"the notice period expired on {party.withdrawal_postponed} during an "
                f"armed conflict; the withdrawal takes effect at its end, {event.date}",
                postponed.basis.arithmetic, terms=postponed.basis.terms, told=False,
            ), withdrawal.takes_effect,
        )


def _postpones(run: Run, party: Party, item: Scheduled) -> bool:
    """Whether the withdrawal due now is put off: the State is engaged in a conflict."""
    if party.in_conflict_since is None:
        return False
    item.status = "postponed"
    party.pending_withdrawal = None
    party.postponed = item
    party.withdrawal_postponed = item.date
    party.withdrawal_effective = None
    run.note(
        f"{party.code}'s withdrawal would have taken effect on {item.date}, but {party.code} "
        f"has been engaged in an armed conflict since {party.in_conflict_since}: it takes "
        f"effect when the conflict ends ({item.basis.cites})"
    )
    return True


def _has_clause(treaty: Treaty) -> bool:
    return treaty.withdrawal.postponed_by_armed_conflict


def _needs_clause(event: Event, treaty: Treaty) -> Problem | None:
    if not _has_clause(treaty):
        return Problem("type", f"treaty '{treaty.id}' has no armed-conflict clause: an "
                               "armed conflict changes nothing unless [withdrawal] has "
                               "postponed_by_armed_conflict = true (e.g. Ottawa Convention "
                               "art. 20(3))")
    return None


_KEYS = frozenset({"party"})
RULE = Rule(
    name="armed_conflict",
    events={
        "armed-conflict-start": EventKind(start, _KEYS, needs=_needs_clause),
        "armed-conflict-end": EventKind(end, _KEYS, needs=_needs_clause),
    },
    exceptions={"withdrawal-effective": RuleException(_has_clause, _postpones)},
    refusals={
        "armed_conflict.already-engaged": "a second start of an armed conflict",
        "armed_conflict.not-engaged": "the end of an armed conflict that did not start",
    },
)
