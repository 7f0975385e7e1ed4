"""Entry into force: for the treaty when its condition is met, and for each State.

Seed treaty (China–Central Asia, 2025) art. 15: "This Treaty is valid indefinitely and
shall enter into force on the date when the depositary receives through diplomatic
channels the last written notification that the Parties have completed their internal
procedures for entry into force. The depositary shall notify all Parties of the date of
entry into force of this Treaty."

VCLT art. 24: "1. A treaty enters into force in such manner and upon such date as it
may provide or as the negotiating States may agree. 2. Failing any such provision or
agreement, a treaty enters into force as soon as consent to be bound by the treaty has
been established for all the negotiating States. 3. When the consent of a State to be
bound by a treaty is established on a date after the treaty has come into force, the
treaty enters into force for that State on that date, unless the treaty otherwise
provides."

UNCLOS art. 308 (a ``later`` rule): "2. For each State ratifying or acceding to this
Convention after the deposit of the sixtieth instrument [...], the Convention shall
enter into force on the thirtieth day following the deposit of its instrument [...]".
The States counted when the condition was met enter into force with the treaty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from .._engine.state import Party, Scheduled
from .._model.basis import Adjustment, Basis
from .._model.events import Event
from .._model.records import EntryStatus
from . import duties, protocols, provisional_application
from .rule import Rule

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE", "cancel_entry", "schedule_entry_into_force", "schedule_late_entry"]

def schedule_entry_into_force(run: Run, event: Event) -> None:
    """The condition is met by ``event``: schedule the treaty's entry into force, and
    each counted State's with it."""
    eif = run.treaty.entry_into_force
    cites = run.plan.eif_cites
    met = event.date
    adjusted = run.compute(eif.date, met, "the entry-into-force date", cites)
    date = adjusted.date
    moved: tuple[Adjustment, ...] = ()
    if eif.not_before is not None and date < eif.not_before:
        run.note(f"entry into force {date} is before not_before = {eif.not_before}: "
                 f"it is {eif.not_before}")
        date = eif.not_before
        moved = (Adjustment("not-before", date),)
    run.condition_met_on = met
    counted = tuple(run.counted.values())
    run.entry = run.schedule(date, "entry-into-force", None, counted, Basis(
        "entry_into_force", cites, "entry_into_force.date", eif.text,
        f"{run.plan.eif_condition} met on {met.isoformat()} by {event.describe()}",
        run.plan.arithmetic("entry_into_force.date", eif.date, met, adjusted), moved,
    ), enter_into_force)
    met_by = event.index
    for code, index in run.counted.items():
        schedule_party_entry(run, run.parties[code], date,
                             (index, met_by) if index != met_by else (index,))


def schedule_late_entry(run: Run, party: Party, event: Event) -> None:
    """A consent received once the condition was met: the State's own entry into force
    under the ``later`` rule, never before the treaty's."""
    eif = run.treaty.entry_into_force
    treaty_date = run.entered
    if treaty_date is None:
        assert run.entry is not None  # the caller checked one of them is set
        treaty_date = run.entry.date
        if event.date == run.condition_met_on or eif.later_after == "entry-into-force":
            schedule_party_entry(run, party, treaty_date, (event.index,))
            return
    adjusted = run.compute(eif.later_rule, event.date, "{}'s entry into force",
                           run.plan.eif_cites, party.code)
    date = max(adjusted.date, treaty_date)
    clause = f"entry_into_force.{'later' if eif.later is not None else 'date'}"
    schedule_party_entry(run, party, date, (event.index,), Basis(
        "entry_into_force", run.plan.eif_cites, clause, eif.text, None,
        run.plan.arithmetic(clause, eif.later_rule, event.date, adjusted),
        (Adjustment("not-before-treaty", treaty_date),) if date != adjusted.date else (),
    ))


def schedule_party_entry(run: Run, party: Party, date: pendulum.Date,
                         caused_by: tuple[int, ...], basis: Basis | None = None) -> None:
    """Schedule the treaty's entry into force for ``party`` on ``date``; without a
    basis, it enters into force with the treaty."""
    party.in_force_from = date
    party.pending_entry = run.schedule(
        date, "entry-into-force-for-party", party.code, caused_by,
        run.plan.with_the_treaty if basis is None else basis, party_enters_into_force,
    )


def cancel_entry(run: Run, status: EntryStatus) -> None:
    """The pending entry into force, the treaty's and each State's, will not happen."""
    if run.entry is not None and run.entered is None:
        run.entry.status = status
        run.entry = None
        run.condition_met_on = None
    for party in run.parties.values():
        if party.pending_entry is not None:
            party.pending_entry.status = status
            party.pending_entry = None
            party.in_force_from = None


def enter_into_force(run: Run, item: Scheduled) -> None:
    run.fire_treaty("enter_into_force")
    run.entered = item.date
    duties.trigger_duties(run, "entry-into-force", None, item.date, item.caused_by)
    if run.plan.provisional_until == "entry-into-force":
        for party in run.parties.values():
            provisional_application.end(run, party, item)
    if run.protocols is not None:
        protocols.check_protocols(run, item.date)
    for listener in run.plan.listeners.get("entry-into-force", ()):
        listener(run, item)


def party_enters_into_force(run: Run, item: Scheduled) -> None:
    party = run.parties[item.party or ""]
    run.fire_party("enter_into_force", party)
    party.pending_entry = None
    if run.plan.provisional_until == "entry-into-force-for-party":
        provisional_application.end(run, party, item)


RULE = Rule(name="entry_into_force")
