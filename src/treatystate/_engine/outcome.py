"""A run's state, as the frozen :class:`Outcome` it returns (SPEC §5)."""

from __future__ import annotations

import operator

from .._model.clauses import Protocol
from .._model.outcome import (
    DutyRecord,
    Outcome,
    PartyRecord,
    ProtocolRecord,
    ProtocolStatus,
)
from .._rules.notice_window import first_notice_day
from .state import ProtocolState, State

__all__ = ["outcome_of"]

_DATE = operator.attrgetter("date")


def outcome_of(run: State) -> Outcome:
    """The outcome of ``run``; its last use of ``run.happened``."""
    # The timeline runs by date; within a day, what happened in the order it happened,
    # then what did not (scheduled, revoked...) in the order it was scheduled.
    # ``happened`` and ``scheduled`` are in those orders already, so a stable sort by
    # date alone gives it (in linear time when already by date).
    timeline = run.happened
    for item in run.scheduled:
        if item.status != "occurred":
            timeline.append(item.entry())
    timeline.sort(key=_DATE)
    entry_date = run.entered
    if entry_date is None and run.entry is not None:
        entry_date = run.entry.date
    as_of, protocols = run.as_of, run.protocols
    # Positional, as the records below: a frozen attrs class builds faster so.
    return Outcome(
        run.plan.ref,
        as_of,
        run.model.state,  # type: ignore[arg-type]
        entry_date,
        run.terminated,
        {
            code: PartyRecord(
                party.state,  # type: ignore[arg-type]
                party.signed, party.consent, party.in_force_from,
                party.withdrawal_notice, party.withdrawal_effective,
                party.withdrawal_revoked, party.consent_revoked,
                party.withdrawal_postponed, party.provisional_from,
                party.provisional_until, first_notice_day(run, party),
            )
            for code, party in run.parties.items()
        },
        tuple([
            DutyRecord(i.duty.id, i.party, i.trigger, i.due, i.done, i.status(as_of),
                       i.duty.cites, i.extended_from)
            for i in run.duties
        ]),
        tuple(timeline),
        tuple(run.notes),
        run.condition_met_on,
        {protocol.id: _protocol_record(protocols, protocol, run.terminated is not None)
         for protocol in run.treaty.protocols} if protocols is not None else {},
    )


def _protocol_record(state: ProtocolState, protocol: Protocol, terminated: bool
                     ) -> ProtocolRecord:
    entered = state.entered.get(protocol.id)
    pending = state.entries.get(protocol.id)
    status: ProtocolStatus = "adopted"
    if entered is not None:
        status = "terminated" if terminated else "in-force"
    return ProtocolRecord(
        title=protocol.title,
        status=status,
        consents={code: date for code, (date, _) in state.consents[protocol.id].items()},
        condition_met=state.met.get(protocol.id),
        entry_into_force=entered if entered is not None else (
            pending.date if pending is not None and pending.status == "scheduled" else None
        ),
        cites=protocol.cites,
    )
