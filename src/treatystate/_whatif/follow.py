"""Duty events that keep their distance from what triggers them.

A scenario's duty event says when the depositary performed a duty ("notified entry
into force on 2026-01-09"). A variant that moves the trigger (a later consent, so a
later entry into force) would leave that event before the duty even arose. With
``duties = "follow-triggers"`` a variant re-dates each duty event it did not itself
change so that it comes as many days after the duty's new trigger as it came after
the old one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

import attrs

from .._engine.run import simulate
from .._model.events import Event
from ..errors import TreatyStateError

if TYPE_CHECKING:
    from .._model.outcome import Outcome
    from .._scenario import Scenario

__all__ = ["FOLLOW_TRIGGERS", "follow_triggers"]

FOLLOW_TRIGGERS = "follow-triggers"

_Instance = tuple[str, str | None]  # a duty's id and its State (None: the treaty's)


def _unindexed(event: Event) -> Event:
    return attrs.evolve(event, index=0)


def _triggers(outcome: Outcome) -> dict[_Instance, list[dt.date]]:
    """Each duty's instances in order: the day each arose."""
    found: dict[_Instance, list[dt.date]] = defaultdict(list)
    for record in outcome.duties:
        found[(record.id, record.party)].append(record.trigger)
    return found


def follow_triggers(baseline: Scenario, changed: Scenario) -> Scenario:
    """``changed`` with its untouched duty events re-dated after their moved triggers
    (see the module's text). Nothing moves when the baseline or the changed scenario
    without those events is refused: the refusal then speaks for itself."""
    try:
        before = simulate(baseline.treaty, baseline.events, baseline.as_of)
    except TreatyStateError:
        return changed
    performed: dict[tuple[str, str | None, dt.date], tuple[_Instance, int, dt.date]] = {}
    for instance, triggers in _triggers(before).items():
        for record in before.duties:
            if (record.id, record.party) == instance and record.done is not None:
                nth = triggers.index(record.trigger)
                performed.setdefault((record.id, record.party, record.done),
                                     (instance, nth, record.trigger))
    untouched = {_unindexed(e) for e in baseline.events if e.type == "duty"}
    dependent = [e for e in changed.events if e.type == "duty" and e.duty is not None
                 and _unindexed(e) in untouched and (e.duty, e.party, e.date) in performed]
    if not dependent:
        return changed
    moved = {e.index for e in dependent}
    others = tuple(e for e in changed.events if e.index not in moved)
    try:
        after = simulate(changed.treaty, others, changed.as_of)
    except TreatyStateError:
        return changed
    new_triggers = _triggers(after)
    events = list(changed.events)
    for event in dependent:
        assert event.duty is not None
        instance, nth, old_trigger = performed[(event.duty, event.party, event.date)]
        triggers = new_triggers.get(instance, [])
        if nth < len(triggers) and triggers[nth] != old_trigger:
            date = event.date + (triggers[nth] - old_trigger)
            events[event.index] = attrs.evolve(event, date=date, received=None)
    return attrs.evolve(changed, events=tuple(events))
