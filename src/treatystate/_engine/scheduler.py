"""The date-ordered queue of derived events, and how they are played out (SPEC §4).

A derived event scheduled earlier happens at the start of its day, before that day's
input events; one caused by an input event on the same day happens right after it.
Within a day, derived events happen in the order they were scheduled, except one
scheduled ``right_after`` the derived event being played out (a termination caused by
a withdrawal taking effect), which takes that event's place and so happens next.
"""

from __future__ import annotations

import heapq

import pendulum

from .._model.basis import Basis
from .state import Action, Scheduled, State

__all__ = ["Scheduler"]

_push, _pop = heapq.heappush, heapq.heappop


class Scheduler(State):
    """The run's state with its queue of derived events."""

    __slots__ = ()

    def schedule(self, date: pendulum.Date, kind: str, party: str | None,
                 caused_by: tuple[int, ...], basis: Basis, action: Action,
                 duty: str | None = None, right_after: Scheduled | None = None
                 ) -> Scheduled:
        """Queue a derived event on ``date``, caused by the input events ``caused_by``;
        see the module docstring for its place in the queue."""
        self.seq = seq = self.seq + 1
        item = Scheduled(date, seq, kind, party, caused_by, basis, action, duty)
        _push(self.queue, (date, seq if right_after is None else right_after.seq, item))
        self.scheduled.append(item)
        return item

    def advance(self, until: pendulum.Date) -> None:
        """Play out, in order, the derived events due on or before ``until``."""
        queue, happened = self.queue, self.happened
        while queue and queue[0][0] <= until:
            item = _pop(queue)[2]
            if item.status != "scheduled":
                continue  # cancelled, revoked or lapsed since it was scheduled
            item.status = "occurred"
            # Left set after it: only read while no input event is being applied.
            self.deriving = item
            item.action(self, item)  # type: ignore[arg-type]
            # Only its own action may postpone an event that occurred; after it,
            # nothing changes its status, so its entry is final.
            if item.status == "occurred":
                happened.append(item.entry())
