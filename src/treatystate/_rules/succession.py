"""Succession of States: a new State bound from the date of the succession.

Vienna Convention on Succession of States in respect of Treaties (1978) art. 17(1): "a
newly independent State may, by a notification of succession, establish its status as
a party to any multilateral treaty which at the date of the succession of States was
in force in respect of the territory to which the succession of States relates."
Art. 23(1): "a newly independent State which makes a notification of succession under
article 17 [...] shall be considered a party to the treaty from the date of the
succession of States or from the date of entry into force of the treaty, whichever is
the later date." Art. 22(1): "A notification of succession [...] shall be made in
writing." Art. 22(2) makes it effective on its receipt by the depositary.

A ``succession`` event (SPEC §8.6) is dated the day the depositary received the
notification; its ``effective`` is the date of the succession. Once the treaty is in
force, the successor's ``in_force_from`` is the later of ``effective`` and the
treaty's entry into force, a day that may lie before the notification: the timeline
shows that entry into force on its own day. Before entry into force, a notification
counts as a consent received on its date (it is counted toward the threshold, and the
successor enters into force as any consenting State would).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .._model.basis import Basis
from .._model.clauses import Treaty
from .._model.events import Event
from . import consent, entry_into_force
from .rule import EventKind, Problem, Rule

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE"]

VIENNA_1978 = "1978 Vienna Convention on Succession of States in respect of Treaties art. 23"


def succeed(run: Run, event: Event) -> None:
    """A notification of succession, received on ``event.date``."""
    effective = event.effective
    assert effective is not None  # the event's needs
    detail = f"{event.party} notifies its succession, as of {effective}"
    if run.entered is None:
        consent.consent_as(run, event, detail)
        return
    party = consent.accept(run, event, detail)
    date = max(effective, run.entered)
    premise = (f"succession of {effective}, notified on {event.date}: a party from the "
               "later of the date of succession and the treaty's entry into force "
               f"({run.entered})")
    entry_into_force.schedule_party_entry(run, party, date, (event.index,), Basis(
        "succession", VIENNA_1978, None, None, premise,
    ))


def _dated(event: Event, treaty: Treaty) -> Problem | None:
    effective = event.effective
    if effective is None:
        return Problem("effective", "a succession needs `effective`: the date of the "
                                    "succession, from which the successor is bound (e.g. "
                                    "its independence), e.g. effective = 1992-03-06")
    if isinstance(effective, dt.date) and isinstance(event.date, dt.date) \
            and effective > event.date:
        return Problem("effective", f"the date of succession ({effective}) is after the "
                                    f"notification was received ({event.date}): a "
                                    "notification of succession follows the succession "
                                    "(1978 Vienna Convention arts. 17, 22)")
    return None


RULE = Rule(
    name="succession",
    events={"succession": EventKind(succeed, frozenset({"party", "effective"}),
                                    trigger="consent", needs=_dated)},
)
