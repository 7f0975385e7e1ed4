"""Milestones of a treaty's life: which ones a treaty's clauses allow, which ones an
outcome shows, and how many events a scenario needs to get there."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal, TypeAlias, get_args

from .._model.clauses import AllParties, Instruments, Treaty
from .._model.outcome import Outcome

Milestone: TypeAlias = Literal[
    "provisional-application",
    "entry-into-force-cancelled",
    "consent-revocation",
    "entry-into-force",
    "late-consent",
    "protocol-entry-into-force",
    "withdrawal",
    "withdrawal-revocation",
    "withdrawal-postponed",
    "withdrawal-effective",
    "terminated",
    "withdrawal-lapsed",
    "duty-late",
    "duty-overdue",
]
#: What ``scenarios(..., reaching=...)`` can ask for, in the order of a life: a
#: provisional application; a scheduled entry into force cancelled by a consent
#: revocation; a consent revoked; the treaty's entry into force; a State's after it (a
#: late consent, by the ``later`` rule); an amending protocol in force; a notice of
#: withdrawal; one revoked; one put off by an armed conflict; one that took effect; the
#: treaty terminated; a withdrawal still pending then (it lapses); a duty done late;
#: one never done past its due day.
MILESTONES: tuple[Milestone, ...] = get_args(Milestone)


def _timeline(kind: str, status: str = "occurred") -> Callable[[Outcome], bool]:
    return lambda outcome: any(e.kind == kind and e.status == status
                               for e in outcome.timeline)


def _late_consent(outcome: Outcome) -> bool:
    start = outcome.entry_into_force
    return start is not None and any(
        p.in_force_from is not None and p.in_force_from > start
        for p in outcome.parties.values())


def _duty(status: str) -> Callable[[Outcome], bool]:
    return lambda outcome: any(d.status == status for d in outcome.duties)


_SHOWN: dict[Milestone, Callable[[Outcome], bool]] = {
    "entry-into-force": _timeline("entry-into-force"),
    "entry-into-force-cancelled": _timeline("entry-into-force", "cancelled"),
    "late-consent": _late_consent,
    "consent-revocation": _timeline("consent-revocation"),
    "withdrawal": _timeline("withdrawal"),
    "withdrawal-effective": _timeline("withdrawal-effective"),
    "withdrawal-revocation": _timeline("withdrawal-revocation"),
    "withdrawal-postponed": lambda outcome: any(
        e.kind == "withdrawal-effective" and e.status == "postponed" for e in outcome.timeline
    ) or any(p.withdrawal_postponed is not None for p in outcome.parties.values()),
    "terminated": lambda outcome: outcome.terminated is not None,
    "withdrawal-lapsed": _timeline("withdrawal-effective", "lapsed"),
    "protocol-entry-into-force": _timeline("protocol-entry-into-force"),
    "provisional-application": _timeline("provisional-application"),
    "duty-late": _duty("late"),
    "duty-overdue": _duty("overdue"),
}


def reached(outcome: Outcome) -> frozenset[Milestone]:
    """The milestones ``outcome`` shows."""
    return frozenset(m for m, shown in _SHOWN.items() if shown(outcome))


def allowed(treaty: Treaty) -> tuple[Milestone, ...]:
    """The milestones the treaty's clauses make possible, in :data:`MILESTONES` order."""
    withdrawal = treaty.withdrawal
    possible: dict[Milestone, bool] = {
        "entry-into-force": True,
        "entry-into-force-cancelled": True,
        "late-consent": not treaty.closed or not isinstance(
            treaty.entry_into_force.condition, AllParties),
        "consent-revocation": True,
        "withdrawal": withdrawal.allowed,
        "withdrawal-effective": withdrawal.allowed,
        "withdrawal-revocation": withdrawal.allowed and withdrawal.revocable,
        "withdrawal-postponed": withdrawal.allowed and withdrawal.postponed_by_armed_conflict,
        "terminated": withdrawal.allowed or treaty.term is not None,
        "withdrawal-lapsed": withdrawal.allowed,
        "protocol-entry-into-force": bool(treaty.protocols),
        "provisional-application": treaty.provisional_application is not None,
        "duty-late": any(d.within is not None for d in treaty.duties),
        "duty-overdue": any(d.within is not None for d in treaty.duties),
    }
    return tuple(m for m in MILESTONES if possible[m])


def consents_needed(treaty: Treaty) -> int:
    """How many consents the entry-into-force condition needs, at least."""
    condition = treaty.entry_into_force.condition
    if isinstance(condition, Instruments):
        weighed = len(treaty.weights.get(condition.weight or "", {}))
        return max(condition.count, weighed if condition.share else 0, 1)
    return len(treaty.parties or ()) or 1


def withdrawals_to_terminate(treaty: Treaty, in_force: int) -> int:
    """How many withdrawals leave fewer parties than the treaty survives, from
    ``in_force`` parties: below ``termination.below``, or below two."""
    floor = max(treaty.termination.below or 0, 2)
    return max(in_force - floor + 1, 1)


# Beyond this many, a scenario would be too long to draw often: a treaty of 40
# instruments without `termination.below` needs 39 withdrawals to terminate.
_MOST_WITHDRAWALS = 10


def room(treaty: Treaty) -> int:
    """Events enough to reach every milestone: the signature, the consents the treaty
    needs, the withdrawals that terminate it, protocol consents, and a margin for duties,
    revocations and late consents."""
    consents = consents_needed(treaty)
    protocols = sum(consents if isinstance(p.condition, AllParties)
                    else max(getattr(p.condition, "count", 1), 1) for p in treaty.protocols)
    withdrawals = min(withdrawals_to_terminate(treaty, consents), _MOST_WITHDRAWALS)
    return max(16, 1 + consents + withdrawals + protocols + 8)


def check_names(names: Iterable[str]) -> tuple[Milestone, ...]:
    """The milestones named, or ``ValueError`` naming the unknown ones."""
    chosen = tuple(names)
    unknown = [n for n in chosen if n not in MILESTONES]
    if unknown or not chosen:
        raise ValueError(f"unknown milestones {unknown}; choose from {', '.join(MILESTONES)}")
    return chosen  # type: ignore[return-value]
