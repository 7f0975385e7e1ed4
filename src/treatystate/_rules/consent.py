"""Consent to be bound, and its revocation before it takes effect.

VCLT art. 16: "Unless the treaty otherwise provides, instruments of ratification,
acceptance, approval or accession establish the consent of a State to be bound by a
treaty upon: [...] (b) their deposit with the depositary".

Seed treaty (China–Central Asia, 2025) art. 15: "This Treaty [...] shall enter into
force on the date when the depositary receives through diplomatic channels the last
written notification that the Parties have completed their internal procedures for
entry into force."

A consent is counted toward the entry-into-force condition while it stands; it stops
counting when revoked (a revocation takes back a consent that has not yet taken
effect: VCLT art. 68 read with art. 24) or when the State's withdrawal takes effect.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from .._model.clauses import Instruments
from .._model.events import Event
from . import entry_into_force, qualified_threshold
from .participation import check_accession
from .rule import EventKind, Rule

if TYPE_CHECKING:
    from .._engine.run import Run
    from .._engine.state import Party

__all__ = ["RULE", "accept", "condition_met", "consent_as", "uncount"]

_NO_WEIGHT = Fraction(0)


def consent(run: Run, event: Event) -> None:
    """A State's consent to be bound (ratification, acceptance, approval, accession)."""
    consent_as(run, event, f"{event.party} consents to be bound")


def consent_as(run: Run, event: Event, detail: str) -> None:
    """``event`` received as a consent (the timeline says ``detail``), and when it
    takes effect: with the treaty, or under its ``later`` rule."""
    party = accept(run, event, detail)
    if run.entered is not None or run.entry is not None:
        entry_into_force.schedule_late_entry(run, party, event)
    elif condition_met(run):
        entry_into_force.schedule_entry_into_force(run, event)


def accept(run: Run, event: Event, detail: str) -> Party:
    """Receive ``event`` as the State's consent, counted toward entry into force, or
    refuse it; ``detail`` says in the timeline what was received. When the consent
    takes effect is the caller's to schedule."""
    party = run.party_of(event)
    state, code = party.state, party.code
    if state in ("contracting", "party", "withdrawing"):
        raise run.refuse(
            event, "consent.twice",
            f"{code}'s consent was already received on {party.consent}; a second consent "
            "is not possible while the first stands (revoke it first with "
            "`consent-revocation` if it has not taken effect)",
            run.plan.eif_cites,
        )
    opens = run.plan.accession_opens
    if opens is not None and party.signed is None:
        check_accession(run, event, opens)
    if not run.fire_party("consent", party):
        raise run.refuse(
            event, "consent.before-signature",
            f"{code} has not signed; in a closed treaty a listed State consents after "
            "signing (add a `signature` event for it first)",
            "VCLT art. 14",
        )
    run.fire_treaty("consent")
    if party.consent is not None:
        # A consent again (after a revocation, or a withdrawal that took effect): what
        # followed the first one no longer holds. A first consent has none.
        party.consent_revoked = party.in_force_from = None
        party.withdrawal_notice = party.withdrawal_effective = None
        party.withdrawal_revoked = party.withdrawal_postponed = None
        party.withdrawal_index = party.postponed = None
    party.consent = event.date
    party.consent_index = event.index
    run.record_input(event, detail)
    counted = run.counted
    if run.plan.weights and code not in counted:
        run.counted_weight += run.plan.weights.get(code, _NO_WEIGHT)
    counted[code] = event.index
    return party


def condition_met(run: Run) -> bool:
    """Whether the consents counted now meet the entry-into-force condition."""
    if run.plan.all_parties:
        # Only listed States consent to a closed treaty (party_of), so all have when
        # there are as many consents as States: no scan per consent.
        return run.treaty.parties is None or len(run.counted) == len(run.parties)
    condition = run.treaty.entry_into_force.condition
    if not isinstance(condition, Instruments) or len(run.counted) < condition.count:
        return False
    if condition.weight is not None and condition.share is not None:
        if run.total_weight is None:
            run.total_weight = sum(run.treaty.weights[condition.weight].values(),
                                   Fraction(0))
        total = run.total_weight
        if not (total > 0 and run.counted_weight >= condition.share * total):
            return False
    return not condition.including or qualified_threshold.holds(run, condition.including)


def uncount(run: Run, code: str) -> None:
    """Stop counting ``code``'s consent (revoked, or its withdrawal took effect)."""
    if run.counted.pop(code, None) is not None and run.plan.weights:
        run.counted_weight -= run.plan.weights.get(code, _NO_WEIGHT)


def revoke_consent(run: Run, event: Event) -> None:
    """A State takes back a consent that has not yet taken effect."""
    party = run.party_of(event)
    cites = run.plan.eif_cites
    if party.state in ("party", "withdrawing"):
        raise run.refuse(
            event, "consent.revocation-after-entry",
            f"the treaty entered into force for {party.code} on {party.in_force_from}; a "
            "consent can no longer be revoked, use a `withdrawal` notice",
            cites,
        )
    if not run.fire_party("revoke_consent", party):
        raise run.refuse(
            event, "consent.revocation-without-consent",
            f"{party.code} has no consent to revoke (it is {party.state}); a "
            "`consent-revocation` takes back a consent that has not yet taken effect",
            cites,
        )
    run.fire_treaty("notice")
    party.consent_revoked = event.date
    party.in_force_from = None
    uncount(run, party.code)
    if party.pending_entry is not None:
        party.pending_entry.status = "cancelled"
        party.pending_entry = None
    run.record_input(event, f"{party.code} revokes its consent")
    if run.entry is not None and run.entered is None and not condition_met(run):
        entry_into_force.cancel_entry(run, "cancelled")


RULE = Rule(
    name="consent",
    events={
        "consent": EventKind(consent, frozenset({"party"}), trigger="consent"),
        "consent-revocation": EventKind(revoke_consent, frozenset({"party"}),
                                        trigger="revoke_consent"),
    },
    refusals={
        "consent.twice": "a second consent while the first stands",
        "consent.before-signature": "a listed State's consent before its signature",
        "consent.revocation-after-entry":
            "a revocation of a consent that took effect (withdraw instead)",
        "consent.revocation-without-consent": "a revocation without a consent to revoke",
    },
)
