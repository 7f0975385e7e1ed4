"""One validation of input events against a treaty, for the scenario-file loader and
for a ``Scenario`` built in Python alike: nothing the engine relies on is left to an
``assert``. Each event type's needs (a clause, a duty or protocol it names) come from
the rule module that handles it."""

from __future__ import annotations

import datetime as dt

from .._dates.periods import quote
from .._model.clauses import Treaty
from .._model.events import EVENT_TYPES, Event
from . import EVENT_KINDS
from .rule import Problem

__all__ = ["event_problem"]


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def event_problem(event: Event, treaty: Treaty) -> Problem | None:
    """What makes ``event`` unusable with ``treaty``, or ``None``."""
    kind = EVENT_KINDS.get(event.type) if isinstance(event.type, str) else None
    if kind is None:
        return Problem("type", f"{quote(event.type)} is not an event type; use one of "
                               f"{', '.join(EVENT_TYPES)}")
    if not _is_date(event.date):
        return Problem("date", f"`date` must be a date (pendulum.Date), got "
                               f"{quote(event.date)}")
    if event.effective is not None and not _is_date(event.effective):
        return Problem("effective", f"`effective` must be a date, got {quote(event.effective)}")
    if event.party is not None and not isinstance(event.party, str):
        return Problem("party", f"`party` must be a State code, got {quote(event.party)}")
    if not isinstance(event.parties, tuple) or not all(
            isinstance(code, str) for code in event.parties):
        return Problem("parties", f"`parties` must be a tuple of State codes, got "
                                  f"{quote(event.parties)}")
    if kind.party and event.party is None:
        return Problem("party", f"a {event.type} event needs `party` (the State's code)")
    for key, value in (("party", event.party), ("effective", event.effective),
                       ("duty", event.duty),
                       ("protocol", event.protocol), ("parties", event.parties),
                       ("until", event.until), ("by", event.by)):
        if value and key not in kind.keys:
            return Problem(key, f"a {event.type} event takes no `{key}`")
    return kind.needs(event, treaty) if kind.needs is not None else None
