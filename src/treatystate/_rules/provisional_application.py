"""Provisional application pending entry into force.

VCLT art. 25: "1. A treaty or a part of a treaty is applied provisionally pending its
entry into force if: (a) the treaty itself so provides; or (b) the negotiating States
have in some other manner so agreed. 2. Unless the treaty otherwise provides or the
negotiating States have otherwise agreed, the provisional application of a treaty or a
part of a treaty with respect to a State shall be terminated if that State notifies the
other States between which the treaty is being applied provisionally of its intention
not to become a party to the treaty."

Arms Trade Treaty art. 23: "Any State may at the time of signature or the deposit of
instrument of its ratification, acceptance, approval or accession, declare that it will
apply provisionally Article 6 and Article 7 pending the entry into force of this Treaty
for that State." (``until = "entry-into-force-for-party"``)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._engine.state import Party, Scheduled
from .._model.basis import Basis
from .._model.clauses import Treaty
from .._model.events import Event
from .rule import EventKind, Problem, Rule

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE", "end"]

VCLT_PROVISIONAL = "VCLT art. 25(1)"


def apply_provisionally(run: Run, event: Event) -> None:
    """A State starts applying the treaty provisionally."""
    party = run.party_of(event)
    clause = run.treaty.provisional_application
    if clause is None:
        raise _missing(run.treaty).refusal(run, event)
    cites = clause.cites or VCLT_PROVISIONAL
    if party.provisional_from is not None and party.provisional_until is None:
        raise run.refuse(event, "provisional_application.running",
                         f"{party.code} has applied the treaty provisionally since "
                         f"{party.provisional_from}", cites)
    if party.state in ("party", "withdrawing"):
        raise run.refuse(
            event, "provisional_application.in-force",
            f"the treaty has been in force for {party.code} since {party.in_force_from}; "
            "provisional application is only pending entry into force", cites,
        )
    if clause.until == "entry-into-force" and run.entered is not None:
        raise run.refuse(
            event, "provisional_application.in-force",
            f"the treaty entered into force on {run.entered}; provisional application is "
            "only pending entry into force", cites,
        )
    party.provisional_from = event.date
    party.provisional_until = None
    run.record_input(event, f"{party.code} applies the treaty provisionally", cites)


def notify_end(run: Run, event: Event) -> None:
    """A State notifies its intention not to become a party (VCLT art. 25(2))."""
    party = run.party_of(event)
    clause = run.treaty.provisional_application
    if clause is None:
        raise _missing(run.treaty).refusal(run, event)
    if party.provisional_from is None or party.provisional_until is not None:
        raise run.refuse(
            event, "provisional_application.not-running",
            f"{party.code} does not apply the treaty provisionally; a "
            "`provisional-application-end` follows its `provisional-application`",
            clause.cites or VCLT_PROVISIONAL,
        )
    party.provisional_until = event.date
    run.record_input(event, f"{party.code} notifies its intention not to become a party: "
                            "provisional application ends", "VCLT art. 25(2)")


def end(run: Run, party: Party, item: Scheduled) -> None:
    """Entry into force (the treaty's or the State's, as the clause says) ends the
    State's provisional application, if it runs."""
    if party.provisional_from is None or party.provisional_until is not None:
        return
    clause = run.treaty.provisional_application
    assert clause is not None  # the plan calls this only for a treaty with the clause
    party.provisional_until = item.date
    whose = "the treaty's" if clause.until == "entry-into-force" else f"{party.code}'s"
    premise = (f"{whose} entry into force ends the provisional application begun on "
               f"{party.provisional_from}")
    run.schedule(item.date, "provisional-application-ends", party.code, item.caused_by,
                 Basis("provisional_application", clause.cites or VCLT_PROVISIONAL, None,
                       clause.text, premise), _ends)


def _ends(run: Run, item: Scheduled) -> None:
    """The end of a provisional application changes nothing more: it was recorded
    when scheduled."""


def _missing(treaty: Treaty) -> Problem:
    return Problem("type", f"treaty '{treaty.id}' provides for no provisional application: "
                           "add a [provisional_application] table (VCLT art. 25(1): the "
                           "treaty or the negotiating States must provide for it)")


def _needs_clause(event: Event, treaty: Treaty) -> Problem | None:
    return _missing(treaty) if treaty.provisional_application is None else None


_KEYS = frozenset({"party"})
RULE = Rule(
    name="provisional_application",
    events={
        "provisional-application": EventKind(apply_provisionally, _KEYS,
                                             needs=_needs_clause),
        "provisional-application-end": EventKind(notify_end, _KEYS, needs=_needs_clause),
    },
    refusals={
        "provisional_application.running": "a provisional application already running",
        "provisional_application.in-force":
            "a provisional application once the treaty is in force",
        "provisional_application.not-running":
            "the end of a provisional application that does not run",
    },
)
