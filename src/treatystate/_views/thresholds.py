"""Which instruments completed an entry-into-force condition, for explanations: the
count, the weight share and each qualified requirement (SPEC §8.2)."""

from __future__ import annotations

from fractions import Fraction

import attrs
import pendulum

from .._model.clauses import AllParties, EntryIntoForce, Instruments, Treaty
from .._rules.qualified_threshold import completed_by

__all__ = ["Cause", "Requirement", "Threshold", "threshold"]


@attrs.frozen
class Cause:
    """An input event that a derived date counted (``caused_by``)."""

    index: int
    date: pendulum.Date | None
    kind: str | None
    party: str | None
    description: str


@attrs.frozen
class Requirement:
    """One ``including`` requirement of a qualified threshold (SPEC §8.2), and the
    instrument that completed it: the ``at_least``-th counted from its States."""

    requirement: str
    completed_by: Cause | None


@attrs.frozen
class Threshold:
    """Which instrument completed an entry-into-force condition.

    ``count_completed_by`` is the Nth instrument (or, for ``when = "all"``, the last
    listed party's); ``weight_completed_by`` the one whose weight brought the share to
    at least the required share; ``including`` each qualified requirement with the
    instrument that completed it; ``completed_by`` the last of them, on whose day the
    condition was met.
    """

    condition: str
    instruments: int
    count_required: int
    count_completed_by: Cause | None
    weight: str | None = None
    share_required: str | None = None
    share_reached: str | None = None
    weight_completed_by: Cause | None = None
    completed_by: Cause | None = None
    including: tuple[Requirement, ...] = ()



def _share(value: Fraction) -> str:
    return f"{float(value) * 100:.2f}%"


def threshold(
    eif: EntryIntoForce, treaty: Treaty, causes: tuple[Cause, ...]
) -> Threshold:
    """The threshold of ``eif``, the instruments ``causes`` counted (in order)."""
    condition = eif.condition
    completed = causes[-1] if causes else None
    if isinstance(condition, AllParties):
        required = len(treaty.parties or ())
        return Threshold(
            condition=condition.describe(), instruments=len(causes), count_required=required,
            count_completed_by=completed, completed_by=completed,
        )
    assert isinstance(condition, Instruments)
    by_count = causes[condition.count - 1] if 0 < condition.count <= len(causes) else None
    including = _requirements(condition, causes)
    if condition.weight is None or condition.share is None:
        return Threshold(
            condition=condition.describe(), instruments=len(causes),
            count_required=condition.count, count_completed_by=by_count, completed_by=completed,
            including=including,
        )
    table = treaty.weights.get(condition.weight, {})
    total = sum(table.values(), Fraction(0))
    reached = Fraction(0)
    by_weight = None
    for cause in causes:
        reached += table.get(cause.party or "", Fraction(0))
        if by_weight is None and total > 0 and reached >= condition.share * total:
            by_weight = cause
    return Threshold(
        condition=condition.describe(), instruments=len(causes),
        count_required=condition.count, count_completed_by=by_count,
        weight=condition.weight, share_required=_share(condition.share),
        share_reached=_share(reached / total) if total > 0 else None,
        weight_completed_by=by_weight, completed_by=completed, including=including,
    )


def _requirements(condition: Instruments, causes: tuple[Cause, ...]
                  ) -> tuple[Requirement, ...]:
    """Each ``including`` requirement, with the counted instrument that completed it."""
    parties = [cause.party for cause in causes]
    parts = []
    for requirement in condition.including:
        position = completed_by(requirement, parties)
        parts.append(Requirement(requirement.describe(),
                                 None if position is None else causes[position]))
    return tuple(parts)
