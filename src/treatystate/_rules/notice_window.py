"""From when a State may give notice of withdrawal.

Paris Agreement art. 28(1): "At any time after three years from the date on which this
Agreement has entered into force for a Party, that Party may withdraw from this
Agreement by giving written notification to the Depositary."

American Convention on Human Rights art. 78(1): "The States Parties may denounce this
Convention at the expiration of a five-year period from the date of its entry into
force and by means of notice given one year in advance."

``[withdrawal] earliest`` counts from the State's own entry into force
(``earliest_from = "party"``, the default, Paris) or from the treaty's
(``earliest_from = "treaty"``, the American Convention; SPEC §8.7). The withdrawal rule
asks this module where the count starts. For the outcome (SPEC §8.8), each State's
``withdrawal_notice_from`` is the first day a notice would be accepted: the day the
treaty entered into force for it, or ``earliest`` from its start, whichever is later;
none when the treaty allows no withdrawal, is not (or no longer) in force for the
State, or has terminated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from ..errors import AmbiguousDate, DateOutOfRange
from .rule import Rule

if TYPE_CHECKING:
    from .._engine.state import Party, State

__all__ = ["RULE", "earliest_start", "first_notice_day"]

# The States for which the treaty is in force.
_BOUND = frozenset({"party", "withdrawing"})


def earliest_start(run: State, party: Party) -> pendulum.Date | None:
    """The day ``earliest`` counts from for ``party``."""
    if run.treaty.withdrawal.earliest_from == "treaty":
        return run.entered
    return party.in_force_from


def first_notice_day(run: State, party: Party) -> pendulum.Date | None:
    """The first day the depositary may receive ``party``'s notice of withdrawal."""
    clause = run.treaty.withdrawal
    in_force = party.in_force_from
    if not clause.allowed or run.terminated is not None or party.state not in _BOUND \
            or in_force is None:
        return None
    if clause.earliest is None:
        return in_force
    start = earliest_start(run, party)
    if start is None:
        return None
    try:
        earliest = clause.earliest.apply(start, run.treaty.month_end).date
    except (AmbiguousDate, DateOutOfRange):
        # In strict mode every notice is refused: the first day cannot be computed.
        return None
    return max(earliest, in_force)


RULE = Rule(name="notice_window")
