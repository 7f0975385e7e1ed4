"""What a run keeps while it runs: the models of the lifecycle machines, each State's
record, duty instances and derived events, in the treaty's vocabulary.

Every class here has ``__slots__``: a run builds one record per State and one per
derived event, and slots keep each small and fixed (no per-instance dict), however
many fields a clause kind adds. The rule modules (``_rules/``) read and change these
records; nothing here knows a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Self, TypeAlias

import pendulum

from .._model.basis import Basis
from .._model.clauses import Duty
from .._model.events import Event
from .._model.records import DutyStatus, EntryStatus, Source, TimelineEntry

if TYPE_CHECKING:
    from .._model.clauses import Treaty
    from .plan import Plan
    from .run import Run

__all__ = ["Action", "DutyInstance", "Party", "ProtocolState", "Scheduled", "State",
           "TreatyModel"]

# What a derived event does when it is played out: a function of the run, not a bound
# method, so that no queued event refers back to the run and a run's objects are freed
# as soon as it returns (no reference cycle for the garbage collector).
Action: TypeAlias = "Callable[[Run, Scheduled], None]"


class Scheduled:
    """A derived event waiting in the queue (or one that occurred, or was cancelled)."""

    __slots__ = ("action", "basis", "caused_by", "date", "duty", "kind", "party", "seq",
                 "status")

    def __init__(self, date: pendulum.Date, seq: int, kind: str, party: str | None,
                 caused_by: tuple[int, ...], basis: Basis, action: Action,
                 duty: str | None = None) -> None:
        self.date = date
        self.seq = seq
        self.kind = kind
        self.party = party
        # The input events the rule counted, the one that completed it last.
        self.caused_by = caused_by
        self.basis = basis
        self.action = action
        self.duty = duty
        self.status: EntryStatus = "scheduled"

    def copy(self) -> Scheduled:
        """An independent copy (every field is an immutable value or a function)."""
        new = Scheduled.__new__(Scheduled)
        new.date, new.seq, new.kind, new.party = self.date, self.seq, self.kind, self.party
        new.caused_by, new.basis, new.action = self.caused_by, self.basis, self.action
        new.duty, new.status = self.duty, self.status
        return new

    def entry(self) -> TimelineEntry:
        """The timeline entry of this derived event as it stands."""
        basis, status = self.basis, self.status
        source: Source = "derived" if status != "scheduled" else "scheduled"
        return TimelineEntry(self.date, self.kind, self.party, source, basis.cites,
                             self.caused_by, status, None, self.duty, basis.detail(), basis)


class Party:
    """A State's relation to the treaty while the run runs; the model of ``PARTY_MACHINE``."""

    __slots__ = (
        "code",
        "consent",
        "consent_index",
        "consent_revoked",
        "in_conflict_since",
        "in_force_from",
        "open_treaty",
        "pending_entry",
        "pending_withdrawal",
        "postponed",
        "provisional_from",
        "provisional_until",
        "signed",
        "state",
        "withdrawal_effective",
        "withdrawal_index",
        "withdrawal_notice",
        "withdrawal_postponed",
        "withdrawal_revoked",
    )

    signed: pendulum.Date | None
    consent: pendulum.Date | None
    consent_index: int | None
    consent_revoked: pendulum.Date | None
    in_force_from: pendulum.Date | None
    withdrawal_notice: pendulum.Date | None
    withdrawal_index: int | None
    withdrawal_effective: pendulum.Date | None
    withdrawal_revoked: pendulum.Date | None
    pending_entry: Scheduled | None
    pending_withdrawal: Scheduled | None
    # The withdrawal whose notice period expired during an armed conflict, and when.
    postponed: Scheduled | None
    withdrawal_postponed: pendulum.Date | None
    in_conflict_since: pendulum.Date | None
    provisional_from: pendulum.Date | None
    provisional_until: pendulum.Date | None

    def __init__(self, code: str, open_treaty: bool) -> None:
        self.code = code
        self.state = "negotiating"
        self.open_treaty = open_treaty
        self.signed = self.consent = self.consent_index = self.consent_revoked = None
        self.in_force_from = self.withdrawal_notice = self.withdrawal_index = None
        self.withdrawal_effective = self.withdrawal_revoked = self.pending_entry = None
        self.pending_withdrawal = self.withdrawal_postponed = self.in_conflict_since = None
        self.provisional_from = self.provisional_until = self.postponed = None

    def copy(self, copied: dict[int, Scheduled]) -> Party:
        """An independent copy whose derived events are the copies in ``copied``
        (``id`` of the original -> its copy)."""
        new = Party.__new__(Party)
        new.code, new.state, new.open_treaty = self.code, self.state, self.open_treaty
        new.signed, new.consent = self.signed, self.consent
        new.consent_index, new.consent_revoked = self.consent_index, self.consent_revoked
        new.in_force_from, new.in_conflict_since = self.in_force_from, self.in_conflict_since
        new.withdrawal_notice, new.withdrawal_index = (self.withdrawal_notice,
                                                       self.withdrawal_index)
        new.withdrawal_effective = self.withdrawal_effective
        new.withdrawal_revoked = self.withdrawal_revoked
        new.withdrawal_postponed = self.withdrawal_postponed
        new.provisional_from, new.provisional_until = (self.provisional_from,
                                                       self.provisional_until)
        new.pending_entry = _copied(self.pending_entry, copied)
        new.pending_withdrawal = _copied(self.pending_withdrawal, copied)
        new.postponed = _copied(self.postponed, copied)
        return new

    # Conditions named in lifecycle.py's transitions.
    def may_accede(self) -> bool:
        return self.open_treaty

    def has_signed(self) -> bool:
        return self.signed is not None


class TreatyModel:
    """The model of ``TREATY_MACHINE``."""

    __slots__ = ("state",)

    def __init__(self) -> None:
        self.state = "adopted"


class DutyInstance:
    """One duty of the depositary that arose: for whom, when, by when, and if done."""

    __slots__ = ("caused_by", "done", "due", "duty", "extended_from", "party", "trigger")

    def __init__(self, duty: Duty, party: str | None, trigger: pendulum.Date,
                 due: pendulum.Date | None, caused_by: tuple[int, ...],
                 extended_from: pendulum.Date | None) -> None:
        self.duty = duty
        self.party = party
        self.trigger = trigger
        self.due = due
        self.caused_by = caused_by
        self.done: pendulum.Date | None = None
        self.extended_from = extended_from

    def copy(self) -> DutyInstance:
        new = DutyInstance.__new__(DutyInstance)
        new.duty, new.party, new.trigger, new.due = self.duty, self.party, self.trigger, self.due
        new.caused_by, new.done, new.extended_from = (self.caused_by, self.done,
                                                      self.extended_from)
        return new

    def status(self, as_of: pendulum.Date | None) -> DutyStatus:
        if self.done is not None:
            return "late" if self.due is not None and self.done > self.due else "done"
        if self.due is None:
            return "pending"
        if as_of is None or as_of > self.due:
            return "overdue"
        return "pending"


class ProtocolState:
    """The amending protocols while the run runs: consents (State -> (date, event
    index)), the day each condition was met, each scheduled and actual entry into force."""

    __slots__ = ("consents", "entered", "entries", "met")

    def __init__(self, treaty: Treaty) -> None:
        self.consents: dict[str, dict[str, tuple[pendulum.Date, int]]] = {
            protocol.id: {} for protocol in treaty.protocols
        }
        self.met: dict[str, pendulum.Date] = {}
        self.entries: dict[str, Scheduled] = {}
        self.entered: dict[str, pendulum.Date] = {}

    def copy(self, copied: dict[int, Scheduled]) -> ProtocolState:
        new = ProtocolState.__new__(ProtocolState)
        new.consents = {protocol: dict(consents)
                        for protocol, consents in self.consents.items()}
        new.met, new.entered = dict(self.met), dict(self.entered)
        new.entries = {protocol: copied[id(item)] for protocol, item in self.entries.items()}
        return new


class State:
    """The run's mutable state, by what it means for the treaty.

    ``bound`` holds the States for which the treaty is in force (``party`` or
    ``withdrawing``), kept as they move, so that no rule scans every State to count
    them; ``counted`` the consents counted toward entry into force (State -> event
    index, in the order received) and ``counted_weight`` their weight under the
    clause's table.
    """

    __slots__ = (
        "as_of",
        "bound",
        "condition_met_on",
        "counted",
        "counted_weight",
        "current",
        "deriving",
        "duties",
        "effective_withdrawals",
        "entered",
        "entry",
        "events",
        "expiry",
        "first_signature",
        "gates",
        "happened",
        "model",
        "notes",
        "parties",
        "plan",
        "protocols",
        "queue",
        "scheduled",
        "seq",
        "terminated",
        "termination",
        "total_weight",
        "treaty",
    )

    def __init__(self, treaty: Treaty, plan: Plan, events: tuple[Event, ...],
                 as_of: pendulum.Date | None) -> None:
        self.treaty = treaty
        self.plan = plan
        # The checks every input event passes now: the plan's, and those a rule adds
        # as the treaty changes (after its termination, only duties).
        self.gates = plan.gates
        self.events = events
        self.as_of = as_of
        self.model = TreatyModel()
        self.parties: dict[str, Party] = {}
        if treaty.parties is not None:
            for code in treaty.parties:
                self.parties[code] = Party(code, False)
        self.bound: set[str] = set()
        self.counted: dict[str, int] = {}
        self.counted_weight = Fraction(0)
        self.total_weight: Fraction | None = None
        # (date, position, item): tuples compare in C, and positions are unique.
        self.queue: list[tuple[pendulum.Date, int, Scheduled]] = []
        self.scheduled: list[Scheduled] = []
        self.seq = 0
        # What happened, as timeline entries in the order it happened: final once
        # recorded.
        self.happened: list[TimelineEntry] = []
        self.notes: dict[str, None] = {}
        self.duties: list[DutyInstance] = []
        self.current: Event | None = None
        # The derived event being played out, whose causes answer for its dates.
        self.deriving: Scheduled | None = None
        self.first_signature: Event | None = None
        self.entry: Scheduled | None = None
        self.entered: pendulum.Date | None = None
        self.condition_met_on: pendulum.Date | None = None
        self.terminated: pendulum.Date | None = None
        self.termination: Scheduled | None = None
        # The end of a fixed term that expires, while it is pending (SPEC §8.4).
        self.expiry: Scheduled | None = None
        self.effective_withdrawals: list[int] = []
        self.protocols = ProtocolState(treaty) if treaty.protocols else None

    # ------------------------------------------------- a copy to try an event on

    def copy(self) -> Self:
        """An independent copy of the run's state, to try an event on without changing
        this one (``_engine/possible.py``): what a rule may change is copied (each
        derived event once, every reference to it pointing to its copy); the treaty,
        the plan, the gates and the events, which no rule changes, are shared."""
        new = object.__new__(type(self))
        copied = {id(item): item.copy() for item in self.scheduled}
        new.scheduled = list(copied.values())
        new.queue = [(date, position, copied[id(item)]) for date, position, item in self.queue]
        new.treaty, new.plan, new.gates = self.treaty, self.plan, self.gates
        new.events, new.as_of, new.current = self.events, self.as_of, self.current
        new.model = TreatyModel()
        new.model.state = self.model.state
        new.parties = {code: party.copy(copied) for code, party in self.parties.items()}
        new.bound, new.counted = set(self.bound), dict(self.counted)
        new.counted_weight, new.total_weight = self.counted_weight, self.total_weight
        new.seq, new.happened, new.notes = self.seq, list(self.happened), dict(self.notes)
        new.duties = [duty.copy() for duty in self.duties]
        new.deriving = _copied(self.deriving, copied)
        new.first_signature, new.entered = self.first_signature, self.entered
        new.entry = _copied(self.entry, copied)
        new.condition_met_on, new.terminated = self.condition_met_on, self.terminated
        new.termination = _copied(self.termination, copied)
        new.expiry = _copied(self.expiry, copied)
        new.effective_withdrawals = list(self.effective_withdrawals)
        new.protocols = None if self.protocols is None else self.protocols.copy(copied)
        return new


def _copied(item: Scheduled | None, copied: dict[int, Scheduled]) -> Scheduled | None:
    return None if item is None else copied[id(item)]
