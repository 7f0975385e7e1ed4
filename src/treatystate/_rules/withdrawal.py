"""Withdrawal: the notice, its effective date, and its revocation before it takes effect.

Seed treaty (China–Central Asia, 2025) art. 15: "Any Party has the right to withdraw
from this Treaty by written notification to the depositary through diplomatic
channels. This Treaty shall cease to have effect for the withdrawing Party 12 months
after the depositary receives the notification of withdrawal."

VCLT art. 56: "1. A treaty which contains no provision regarding its termination and
which does not provide for denunciation or withdrawal is not subject to denunciation or
withdrawal unless [...] 2. A party shall give not less than twelve months' notice of its
intention to denounce or withdraw from a treaty under paragraph 1."

VCLT art. 68: "A notification or instrument provided for in articles 65 or 67 may be
revoked at any time before it takes effect."

Paris Agreement art. 28 (``earliest`` and ``later_date``): "1. At any time after three
years from the date on which this Agreement has entered into force for a Party, that
Party may withdraw [...] 2. Any such withdrawal shall take effect upon expiry of one
year from the date of receipt by the Depositary of the notification of withdrawal, or
on such later date as may be specified in the notification of withdrawal."

Exceptions to the effective date live beside this module: ``term.py`` (a fixed term
dates it at the end of a period), ``armed_conflict.py`` (Ottawa art. 20(3) puts it off).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._engine.state import Party, Scheduled
from .._model.basis import Adjustment, Basis
from .._model.events import Event
from . import consent, duties, protocols, termination
from .notice_window import earliest_start
from .rule import EventKind, Rule
from .term import end_of_term

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE", "takes_effect"]

VCLT_WITHDRAWAL = "VCLT art. 56"
VCLT_REVOCATION = "VCLT art. 68"


def withdraw(run: Run, event: Event) -> None:
    """A party's notice of withdrawal (denunciation)."""
    party = run.party_of(event)
    clause = run.treaty.withdrawal
    cites = clause.cites or VCLT_WITHDRAWAL
    if not clause.allowed:
        raise run.refuse(event, "withdrawal.not-allowed",
                         "the treaty provides for no withdrawal, and none may be implied",
                         clause.cites or "VCLT art. 56(1)")
    if party.state != "party":
        raise run.refuse(event, "withdrawal.not-a-party", _why_not_a_party(party), cites)
    start = earliest_start(run, party) if clause.earliest is not None else None
    if clause.earliest is not None and start is not None:
        earliest = run.compute(clause.earliest, start, "the earliest withdrawal date",
                               cites).date
        if event.date < earliest:
            whose = "" if clause.earliest_from == "treaty" else f" for {party.code}"
            raise run.refuse(
                event, "withdrawal.before-earliest",
                f"a notice may be given from {earliest} "
                f"({clause.earliest.describe(start, earliest)}, counted from the "
                f"treaty's entry into force{whose}); this one is early",
                cites,
            )
    if run.treaty.term is not None and run.treaty.term.renews:
        cites = run.treaty.term.cites or cites
        date, basis = end_of_term(run, event, cites)
    else:
        adjusted = run.compute(clause.effective, event.date,
                               "the withdrawal's effective date", cites)
        date = adjusted.date
        basis = Basis("withdrawal", cites, "withdrawal.effective", clause.text, None,
                      run.plan.arithmetic("withdrawal.effective", clause.effective,
                                          event.date, adjusted))
    if event.effective is not None:
        if not clause.later_date:
            raise run.refuse(
                event, "withdrawal.date-fixed",
                f"the notice names an effective date ({event.effective}), but the treaty "
                f"fixes it at {date}; remove `effective` (later_date = false)", cites,
            )
        if event.effective < date:
            raise run.refuse(
                event, "withdrawal.named-date-early",
                f"the named effective date {event.effective} is earlier than the notice "
                f"period allows ({basis.detail()}); name {date} or later", cites,
            )
        date = event.effective
        basis = basis._replace(adjustments=(Adjustment("named-in-notice", date),))
    run.fire_party("withdraw", party)
    run.fire_treaty("notice")
    party.withdrawal_notice = event.date
    party.withdrawal_index = event.index
    party.withdrawal_effective = date
    party.withdrawal_revoked = party.withdrawal_postponed = party.postponed = None
    run.record_input(event, f"{party.code} gives notice of withdrawal", cites)
    party.pending_withdrawal = run.schedule(date, "withdrawal-effective", party.code,
                                            (event.index,), basis, takes_effect)
    duties.trigger_duties(run, "withdrawal", party.code, event.date, (event.index,))


def _why_not_a_party(party: Party) -> str:
    if party.state == "contracting":
        return (
            f"the treaty is not yet in force for {party.code} (its consent of "
            f"{party.consent} takes effect on {party.in_force_from or 'entry into force'}); "
            "to take back a consent that has not taken effect, use a "
            "`consent-revocation` event"
        )
    if party.state == "withdrawing":
        return (
            f"{party.code}'s notice of {party.withdrawal_notice} is pending and takes "
            f"effect on {party.withdrawal_effective}; a second withdrawal is not "
            "possible while one is pending (revoke it first)"
        )
    if party.state == "withdrawn":
        return f"{party.code}'s withdrawal already took effect on {party.withdrawal_effective}"
    return (
        f"the treaty is not in force for {party.code} (it is {party.state}); only a "
        "party may withdraw (a signatory or contracting State uses `consent-revocation` "
        "or simply does not ratify)"
    )


def takes_effect(run: Run, item: Scheduled) -> None:
    """The withdrawal takes effect, unless an exception of the treaty takes over."""
    party = run.parties[item.party or ""]
    for exception in run.plan.exceptions.get("withdrawal-effective", ()):
        if exception.hook(run, party, item):
            return
    run.fire_party("withdrawal_takes_effect", party)
    party.pending_withdrawal = None
    consent.uncount(run, party.code)
    run.effective_withdrawals.append(item.caused_by[0])
    duties.trigger_duties(run, "withdrawal-effective", party.code, item.date,
                          item.caused_by)
    if run.termination is not None:
        return
    protocols.check_protocols(run, item.date)
    termination.after_withdrawal(run, party, item)


def revoke(run: Run, event: Event) -> None:
    """A State revokes its notice of withdrawal before it takes effect (VCLT art. 68)."""
    party = run.party_of(event)
    clause = run.treaty.withdrawal
    if not clause.revocable:
        raise run.refuse(
            event, "withdrawal.irrevocable",
            "the treaty makes a withdrawal notice irrevocable (revocable = false): the "
            "notice takes effect as given", clause.cites or VCLT_WITHDRAWAL,
        )
    if party.state == "withdrawn":
        raise run.refuse(
            event, "withdrawal.revocation-too-late",
            f"{party.code}'s withdrawal took effect on {party.withdrawal_effective}; a "
            "notice may be revoked only before the day it takes effect", VCLT_REVOCATION,
        )
    if not run.fire_party("revoke_withdrawal", party):
        raise run.refuse(
            event, "withdrawal.revocation-without-notice",
            f"{party.code} has no pending withdrawal to revoke (it is {party.state}); a "
            "`withdrawal-revocation` takes back a notice received earlier that has not "
            "yet taken effect", VCLT_REVOCATION,
        )
    run.fire_treaty("notice")
    # A withdrawal put off by an armed conflict has no date waiting in the queue.
    if party.pending_withdrawal is not None:
        party.pending_withdrawal.status = "revoked"
        party.pending_withdrawal = None
    party.withdrawal_effective = None
    party.withdrawal_revoked = event.date
    run.record_input(event, f"{party.code} revokes its notice of withdrawal",
                     VCLT_REVOCATION)


_KEYS = frozenset({"party"})
RULE = Rule(
    name="withdrawal",
    events={
        "withdrawal": EventKind(withdraw, frozenset({"party", "effective"}),
                                trigger="withdraw"),
        "withdrawal-revocation": EventKind(revoke, _KEYS, trigger="revoke_withdrawal"),
    },
    refusals={
        "withdrawal.not-allowed": "a withdrawal from a treaty that allows none",
        "withdrawal.not-a-party": "a withdrawal of a State that is not a party",
        "withdrawal.before-earliest": "a notice before the earliest day it may be given",
        "withdrawal.date-fixed": "a named effective date where the treaty fixes it",
        "withdrawal.named-date-early": "a named effective date before the period ends",
        "withdrawal.irrevocable": "a revocation of an irrevocable notice",
        "withdrawal.revocation-too-late": "a revocation after the withdrawal took effect",
        "withdrawal.revocation-without-notice": "a revocation without a pending notice",
    },
)
