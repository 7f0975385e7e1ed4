"""Qualified thresholds: a count of instruments that must include particular States.

Convention on Cybercrime (ETS No. 185) art. 36(3): "This Convention shall enter into
force on the first day of the month following the expiration of a period of three
months after the date on which five States, including at least three member States of
the Council of Europe, have expressed their consent to be bound by the Convention".

UN Charter art. 110(3): "The present Charter shall come into force upon the deposit of
ratifications by the Republic of China, France, the Union of Soviet Socialist
Republics, the United Kingdom of Great Britain and Northern Ireland, and the United
States of America, and by a majority of the other signatory states."

Each ``including`` requirement of the condition (SPEC §8.2) asks that at least
``at_least`` of its States be among the consents counted. The condition is met on the
first day on which the count, the weight and every requirement hold together; the
consent rule asks this module once the count and the weight hold, so a treaty without
``including`` never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._model.clauses import Including
from .rule import Rule

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE", "completed_by", "holds", "shortfall"]


def holds(run: Run, requirements: tuple[Including, ...]) -> bool:
    """Whether the consents counted now meet every requirement."""
    counted = run.counted
    return all(_tally(counted, requirement) >= requirement.at_least
               for requirement in requirements)


def shortfall(run: Run, requirements: tuple[Including, ...]) -> list[str]:
    """The requirements the consents counted now do not meet, in words."""
    counted = run.counted
    return [f"{requirement.describe()} ({_tally(counted, requirement)} so far)"
            for requirement in requirements
            if _tally(counted, requirement) < requirement.at_least]


def completed_by(requirement: Including, parties: Iterable[str | None]) -> int | None:
    """The position, among ``parties`` (the consents counted, in the order received),
    of the one that completed ``requirement``; ``None`` when they never do."""
    members = frozenset(requirement.states)
    found = 0
    for position, code in enumerate(parties):
        if code in members:
            found += 1
            if found == requirement.at_least:
                return position
    return None


def _tally(counted: Iterable[str], requirement: Including) -> int:
    members = frozenset(requirement.states)
    return sum(1 for code in counted if code in members)


RULE = Rule(name="qualified_threshold")
