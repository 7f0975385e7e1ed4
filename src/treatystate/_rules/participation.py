"""Participation: who may sign, and when; who may accede; what may happen before a
signature.

VCLT art. 24(4): "The provisions of a treaty regulating the authentication of its
text, the establishment of the consent of States to be bound by the treaty, the manner
or date of its entry into force, reservations, the functions of the depositary and
other matters arising necessarily before the entry into force of the treaty apply from
the time of the adoption of its text."

VCLT art. 12(1): "The consent of a State to be bound by a treaty is expressed by the
signature of its representative when [...] the treaty provides that signature shall
have that effect". Art. 15: consent by accession when "the treaty provides that such
consent may be expressed by that State by means of accession".

Arms Trade Treaty art. 20(1) (a ``[participation]`` clause): "This Treaty shall be
open for signature [...] by all States from 3 June 2013 until its entry into force."
Art. 21(3): "Following its entry into force, this Treaty shall be open for accession
by all States that have not signed the Treaty."
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from .._model.clauses import Treaty
from .._model.events import Event
from .duties import trigger_duties
from .rule import EventKind, Gate, Problem, Rule

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE", "check_accession"]


def _gate(treaty: Treaty) -> Gate | None:
    """The checks the first input event of ``treaty`` passes before its own rule. Once
    one passed, every later event would: events come in date order, and the first
    event of a closed treaty is its signature (which either stands or ends the run)."""
    opened = treaty.opened_for_signature
    if opened is None and not treaty.closed:
        return None

    def admit(run: Run, event: Event) -> None:
        if opened is not None and event.date < opened:
            raise run.refuse(
                event, "participation.before-opening",
                f"the treaty was opened for signature on {opened}; nothing can happen "
                "before that",
                "VCLT art. 24(4)",
            )
        if run.first_signature is None and run.plan.closed and event.type != "signature":
            raise run.refuse(
                event, "participation.closed-without-signature",
                "a closed treaty starts with its signature, and no State has signed yet: "
                "add a `signature` event on or before this date",
                "VCLT arts. 10-14",
            )
        run.gates = tuple(gate for gate in run.gates if gate is not admit)
    return admit


def sign(run: Run, event: Event) -> None:
    """Signature by one or more States (every listed party when none is named)."""
    treaty = run.treaty
    closes = treaty.participation.signature_closes
    if closes is not None:
        cites = treaty.participation.cites or "VCLT art. 12"
        if closes == "entry-into-force" and run.entered is not None:
            raise run.refuse(event, "participation.signature-closed",
                             f"the treaty was open for signature until its entry into "
                             f"force on {run.entered}", cites)
        if closes != "entry-into-force" and event.date > closes:
            raise run.refuse(event, "participation.signature-closed",
                             f"the treaty was open for signature until {closes}", cites)
    codes = event.parties or treaty.parties or ()
    signers = [run.party_of(event, code) for code in codes]
    for party in signers:
        if party.state != "negotiating":
            already = f"signed on {party.signed}" if party.signed else f"is {party.state}"
            raise run.refuse(event, "participation.signed-twice",
                             f"{party.code} already {already}; a State signs once",
                             "VCLT art. 12")
    run.fire_treaty("sign")
    for party in signers:
        run.fire_party("sign", party)
        party.signed = event.date
    run.record_input(event, f"{', '.join(codes)} sign")
    if run.first_signature is None:
        run.first_signature = event
        trigger_duties(run, "signature", None, event.date, (event.index,))


def check_accession(run: Run, event: Event, opens: pendulum.Date | str) -> None:
    """A State that has not signed accedes; the treaty may open accession only later
    (Arms Trade Treaty art. 21(3): "following its entry into force")."""
    cites = run.treaty.participation.cites or "VCLT art. 15"
    if opens == "entry-into-force" and run.entered is None:
        raise run.refuse(
            event, "participation.accession-not-open",
            f"{event.party} has not signed, and the treaty is open to accession only "
            "after its entry into force: sign first, or accede after it", cites,
        )
    if isinstance(opens, pendulum.Date) and event.date < opens:
        raise run.refuse(
            event, "participation.accession-not-open",
            f"{event.party} has not signed, and the treaty is open to accession from "
            f"{opens}", cites,
        )


def _signers(event: Event, treaty: Treaty) -> Problem | None:
    if not event.parties and treaty.parties is None:
        return Problem("parties", "a signature of a treaty open to any State needs "
                                  "`parties` (who signs)")
    return None


RULE = Rule(
    name="participation",
    events={"signature": EventKind(sign, frozenset({"parties"}), party=False,
                                   trigger="sign", needs=_signers)},
    gate=_gate,
    refusals={
        "participation.before-opening": "an event before the treaty opened for signature",
        "participation.closed-without-signature":
            "an event of a closed treaty before its first signature",
        "participation.signature-closed": "a signature after signature closed",
        "participation.signed-twice": "a second signature of a State",
        "participation.accession-not-open": "an accession before accession opens",
        "participation.not-listed": "a State that is not a listed party of a closed treaty",
        "participation.no-party": "an event that names no State",
    },
)
