"""The engine: a scenario's events, in order, through the lifecycle and the clauses.

Time is data. Input events are applied in date order (file order within a day).
Derived events wait in a date-ordered queue: one scheduled earlier happens at the
start of its day, before that day's input events; one caused by an input event on
the same day happens right after it (SPEC §4). Simulating to a date is popping the
queue up to that date; nothing here reads a clock.

The engine keeps a small mutable state while it runs and returns frozen values. A
refused event raises before anything is returned, so no caller ever sees a partial
result, and the scenario itself is never touched.
"""

from __future__ import annotations

import heapq
import operator
import weakref
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TypeAlias

import pendulum

from .._dates.periods import AddPeriod, Adjusted, DateRule, MonthEnd
from .._model.clauses import AllParties, Duty, DutyTrigger, Instruments, Protocol, Treaty
from .._model.events import Event
from .._model.outcome import (
    DutyRecord,
    DutyStatus,
    EntryStatus,
    Outcome,
    PartyRecord,
    ProtocolRecord,
    ProtocolStatus,
    TimelineEntry,
    TreatyRef,
)
from ..errors import AmbiguousDate, DateOutOfRange, EventDateOutOfRange, RefusedEvent
from ..lifecycle import (
    PARTY_MACHINE,
    PARTY_STATES,
    PARTY_UNCONDITIONAL,
    TREATY_MACHINE,
    TREATY_UNCONDITIONAL,
    fire,
)

__all__ = ["simulate"]

_END_OF_TIME = pendulum.Date(9999, 12, 31)
VCLT_ENTRY = "VCLT art. 24"
VCLT_WITHDRAWAL = "VCLT art. 56"
VCLT_REVOCATION = "VCLT art. 68"
FEWER_THAN_TWO = "VCLT art. 2(1)(a): a treaty needs at least two parties"


# What a derived event does when it is played out: a function of the simulation, not
# a bound method, so that no queued event refers back to the simulation. Without that
# cycle a run's objects are freed as soon as it returns, rather than left to the
# garbage collector (about 80 objects a run).
Action: TypeAlias = "Callable[[_Simulation, _Scheduled], None]"


class _Scheduled:
    """A derived event waiting in the queue (or one that was cancelled)."""

    __slots__ = (
        "action",
        "caused_by",
        "cites",
        "date",
        "detail",
        "duty",
        "kind",
        "party",
        "seq",
        "status",
    )

    def __init__(
        self,
        date: pendulum.Date,
        seq: int,
        kind: str,
        party: str | None,
        cites: str | None,
        caused_by: tuple[int, ...],
        detail: str,
        action: Action,
        duty: str | None = None,
    ) -> None:
        self.date = date
        self.seq = seq
        self.kind = kind
        self.party = party
        self.cites = cites
        self.caused_by = caused_by
        self.detail = detail
        self.action = action
        self.duty = duty
        self.status: EntryStatus = "scheduled"


class _Party:
    """A State's mutable record while the engine runs; the model of ``PARTY_MACHINE``."""

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
    pending_entry: _Scheduled | None
    pending_withdrawal: _Scheduled | None
    withdrawal_postponed: pendulum.Date | None
    in_conflict_since: pendulum.Date | None
    provisional_from: pendulum.Date | None
    provisional_until: pendulum.Date | None

    def __init__(self, code: str, open_treaty: bool) -> None:
        self.code = code
        self.state = "negotiating"
        self.open_treaty = open_treaty
        # One chained store: a run makes one record per State.
        self.signed = self.consent = self.consent_index = self.consent_revoked = None
        self.in_force_from = self.withdrawal_notice = self.withdrawal_index = None
        self.withdrawal_effective = self.withdrawal_revoked = self.pending_entry = None
        self.pending_withdrawal = self.withdrawal_postponed = self.in_conflict_since = None
        self.provisional_from = self.provisional_until = None

    # Conditions named in lifecycle.py's transitions.
    def may_accede(self) -> bool:
        return self.open_treaty

    def has_signed(self) -> bool:
        return self.signed is not None


class _TreatyModel:
    """The model of ``TREATY_MACHINE``."""

    __slots__ = ("state",)

    def __init__(self) -> None:
        self.state = "adopted"


class _DutyInstance:
    __slots__ = ("caused_by", "done", "due", "duty", "extended_from", "party", "trigger")

    def __init__(
        self,
        duty: Duty,
        party: str | None,
        trigger: pendulum.Date,
        due: pendulum.Date | None,
        caused_by: tuple[int, ...],
        extended_from: pendulum.Date | None,
    ) -> None:
        self.duty = duty
        self.party = party
        self.trigger = trigger
        self.due = due
        self.caused_by = caused_by
        self.done: pendulum.Date | None = None
        self.extended_from = extended_from

    def status(self, as_of: pendulum.Date | None) -> DutyStatus:
        if self.done is not None:
            return "late" if self.due is not None and self.done > self.due else "done"
        if self.due is None:
            return "pending"
        if as_of is None or as_of > self.due:
            return "overdue"
        return "pending"


class _Plan:
    """What the engine reads from a treaty on every run, read once per treaty: the
    duties each trigger starts (with their deadline rules), the weight table of the
    entry-into-force condition, and the steps of each date rule as the explanations
    write them (``+P12M``)."""

    __slots__ = (
        "accession_opens",
        "all_parties",
        "appliers",
        "closed",
        "duties_after",
        "duty_by_id",
        "eif_cites",
        "eif_condition",
        "provisional_until",
        "ref",
        "rules",
        "steps",
        "weights",
    )

    def __init__(self, treaty: Treaty) -> None:
        self.closed = treaty.closed
        self.eif_cites = treaty.entry_into_force.cites or VCLT_ENTRY
        self.eif_condition = treaty.entry_into_force.condition.describe()
        self.all_parties = isinstance(treaty.entry_into_force.condition, AllParties)
        self.accession_opens = treaty.participation.accession_opens
        clause = treaty.provisional_application
        self.provisional_until = None if clause is None else clause.until
        # Frozen, so every outcome of the treaty may share it.
        self.ref = TreatyRef(treaty.id, treaty.title)
        # The first duty of each id, as Treaty.duty() finds it.
        self.duty_by_id: dict[str, Duty] = {}
        for duty in reversed(treaty.duties):
            self.duty_by_id[duty.id] = duty
        condition = treaty.entry_into_force.condition
        self.weights: Mapping[str, Fraction] = (
            treaty.weights.get(condition.weight, {})
            if isinstance(condition, Instruments) and condition.weight is not None else {}
        )
        duties_after: dict[str, list[tuple[Duty, DateRule | None, str]]] = {}
        for duty in treaty.duties:
            rule = None if duty.within is None else DateRule((AddPeriod(duty.within),))
            duties_after.setdefault(duty.after, []).append(
                (duty, rule, duty.cites or "VCLT art. 77")
            )
        self.duties_after = {after: tuple(duties) for after, duties in duties_after.items()}
        eif = treaty.entry_into_force
        # Held here so that their ids, the keys of ``steps``, stay theirs.
        self.rules = (
            eif.date, eif.later_rule, treaty.withdrawal.effective,
            *(rule for duties in self.duties_after.values() for _, rule, _ in duties
              if rule is not None),
            *(protocol.date for protocol in treaty.protocols),
        )
        self.steps = {id(rule): " ".join([str(step) for step in rule.steps])
                      for rule in self.rules if rule.steps}
        # A rule of one step is that step, and a rule of none the day itself: applied
        # directly, without DateRule.apply around them (the engine only ever starts a
        # rule from a pendulum.Date).
        self.appliers: dict[int, Callable[[pendulum.Date, MonthEnd], Adjusted]] = {
            id(rule): rule.steps[0].apply if rule.steps else _same_day
            for rule in self.rules if len(rule.steps) <= 1
        }

    def describe(self, rule: DateRule, start: pendulum.Date, result: pendulum.Date) -> str:
        """``rule.describe(start, result)``, with the steps' text written once."""
        steps = self.steps.get(id(rule))
        if steps is None:
            return rule.describe(start, result)
        return f"{start.isoformat()} {steps} → {result.isoformat()}"

    def arithmetic(self, rule: DateRule, start: pendulum.Date, adjusted: Adjusted) -> str:
        """``2028-02-29 +P12M → 2029-02-28 (2029-02-29 does not exist; ...)``."""
        steps = self.steps.get(id(rule))
        text = (rule.describe(start, adjusted.date) if steps is None
                else f"{start.isoformat()} {steps} → {adjusted.date.isoformat()}")
        if adjusted.note:
            text += f" ({adjusted.note.split(': ', 1)[-1]})"
        return text


# Plans by treaty identity (a treaty's hash would hash all its clauses): an entry
# leaves when its treaty is collected, before its id can be reused.
_PLANS: dict[int, tuple[weakref.ref[Treaty], _Plan]] = {}


def _plan_of(treaty: Treaty) -> _Plan:
    key = id(treaty)
    found = _PLANS.get(key)
    if found is not None and found[0]() is treaty:
        return found[1]
    plan = _Plan(treaty)
    _PLANS[key] = (weakref.ref(treaty, lambda _: _PLANS.pop(key, None)), plan)
    return plan


class _Simulation:
    # What starts empty and is rarely read: class defaults, so that a run does not
    # store them first (an assignment makes the instance's own). What every event
    # reads is stored in __init__: an instance attribute reads faster. Keep a run
    # under 30 instance attributes: CPython 3.11 stops sharing the keys of larger
    # instance dicts, which doubles the cost of building one and slows every read.
    total_weight: Fraction | None = None
    condition_met_on: pendulum.Date | None = None
    termination: _Scheduled | None = None
    current: Event | None = None
    # The derived event being played out, whose causes answer for its dates.
    deriving: _Scheduled | None = None
    # How many States the treaty is in force for (party or withdrawing), kept by
    # fire_party so that no withdrawal scans every State.
    bound = 0
    seq = 0
    consented_weight = Fraction(0)

    def __init__(self, treaty: Treaty, events: tuple[Event, ...], as_of: pendulum.Date | None):
        self.treaty = treaty
        self.plan = plan = _plan_of(treaty)
        self.events = events
        self.as_of = as_of
        self.model = _TreatyModel()
        self.parties: dict[str, _Party] = {}
        if treaty.parties is not None:
            for code in treaty.parties:
                self.parties[code] = _Party(code, False)
        # (date, seq, item): tuples compare in C, and seq is unique, so items never do.
        self.queue: list[tuple[pendulum.Date, int, _Scheduled]] = []
        self.scheduled: list[_Scheduled] = []
        # What happened (input events, and derived events that occurred), as timeline
        # entries in the order it happened: final once recorded.
        self.happened: list[TimelineEntry] = []
        self.notes: dict[str, None] = {}
        self.duties: list[_DutyInstance] = []
        # Consents counted for entry into force, in the order received, and their
        # weight under the clause's table (kept as they change: no sum per consent).
        self.active_consents: dict[str, int] = {}
        self.weights = plan.weights
        self.first_signature: Event | None = None
        self.entry: _Scheduled | None = None
        self.entered: pendulum.Date | None = None
        self.terminated: pendulum.Date | None = None
        self.effective_withdrawals: list[int] = []
        # Amending protocols: consents (State -> (date, event index)), the day each
        # condition was met, and each scheduled entry into force.
        self.protocol_consents: dict[str, dict[str, tuple[pendulum.Date, int]]] = {
            protocol.id: {} for protocol in treaty.protocols
        } if treaty.protocols else {}
        self.protocol_met: dict[str, pendulum.Date] = {}
        self.protocol_entries: dict[str, _Scheduled] = {}
        self.protocol_entered: dict[str, pendulum.Date] = {}

    # ----------------------------------------------------------------- running

    def run(self) -> Outcome:
        as_of, queue, apply, advance = self.as_of, self.queue, self.apply, self.advance
        for event in sorted(self.events, key=_DATE_THEN_INDEX):
            date = event.date
            if as_of is not None and date > as_of:
                break
            if queue and queue[0][0] <= date:
                advance(date)
            self.current = event
            apply(event)
            self.current = None
            if queue and queue[0][0] <= date:
                advance(date)
        advance(as_of if as_of is not None else _END_OF_TIME)
        return self.outcome()

    def advance(self, until: pendulum.Date) -> None:
        queue, happened, entry = self.queue, self.happened, TimelineEntry
        while queue and queue[0][0] <= until:
            item = _pop(queue)[2]
            if item.status != "scheduled":
                continue
            item.status = "occurred"
            # Left set after it: only read while no input event is being applied.
            self.deriving = item
            item.action(self, item)
            # Only its own action may postpone an event that occurred; after it, nothing
            # changes its status, so its entry is final.
            if item.status == "occurred":
                happened.append(entry(
                    item.date, item.kind, item.party, "derived", item.cites,
                    item.caused_by, "occurred", None, item.duty, item.detail,
                ))

    def fire_party(self, trigger: str, party: _Party) -> bool:
        """``fire(PARTY_MACHINE, trigger, party)``, keeping :attr:`bound` up to date."""
        source = party.state
        dest = PARTY_UNCONDITIONAL.get((trigger, source))
        if dest is None:
            if not fire(PARTY_MACHINE, trigger, party):
                return False
            dest = party.state
        else:
            party.state = dest
        if trigger in _BINDING_TRIGGERS:
            self.bound += _BOUND_STATES[dest] - _BOUND_STATES[source]
        return True

    def fire_treaty(self, trigger: str) -> None:
        """``fire(TREATY_MACHINE, trigger, model)``, with one lookup for the transitions
        that need no condition (nearly all: a consent or a notice keeps the state)."""
        model = self.model
        dest = TREATY_UNCONDITIONAL.get((trigger, model.state))
        if dest is None:
            fire(TREATY_MACHINE, trigger, model)
        else:
            model.state = dest

    def schedule(
        self,
        date: pendulum.Date,
        kind: str,
        party: str | None,
        cites: str | None,
        caused_by: tuple[int, ...],
        detail: str,
        action: Action,
        duty: str | None = None,
        right_after: _Scheduled | None = None,
    ) -> _Scheduled:
        """Queue a derived event; with ``right_after`` (the derived event being played
        out, on the same day), it takes that event's place in the queue, so it happens
        next, before the day's other derived events."""
        self.seq = seq = self.seq + 1
        item = _Scheduled(date, seq, kind, party, cites, caused_by, detail, action, duty)
        position = right_after.seq if right_after is not None else seq
        _push(self.queue, (date, position, item))
        self.scheduled.append(item)
        return item

    def note(self, text: str | None) -> None:
        if text:
            self.notes[text] = None

    def compute(self, rule: DateRule, start: pendulum.Date, what: str, cites: str,
                whose: str | None = None) -> Adjusted:
        """Apply a date rule; refuse the event that needed it when the date is
        ambiguous in strict mode, or beyond the calendar. ``what`` names the date in
        the refusal, with ``whose`` in place of its ``{}`` (written only then)."""
        try:
            apply = self.plan.appliers.get(id(rule))
            adjusted = (rule.apply if apply is None else apply)(start, self.treaty.month_end)
        except (AmbiguousDate, DateOutOfRange) as error:
            if whose is not None:
                what = what.format(whose)
            culprit = self.culprit()
            named = culprit.describe() if culprit else "a derived event"
            if culprit is not None and self.current is None and self.deriving is not None:
                what += f" (after the {self.deriving.kind} of {self.deriving.date} it caused)"
            kind = AmbiguousDate if isinstance(error, AmbiguousDate) else EventDateOutOfRange
            verb = "needs" if kind is AmbiguousDate else "cannot be computed:"
            raise kind(
                f"{named} refused: {what} {verb} {error} ({cites})",
                index=culprit.index if culprit else None,
                rule=cites,
            ) from None
        if adjusted.note:
            self.notes[adjusted.note] = None
        return adjusted

    def culprit(self) -> Event | None:
        """The input event being applied, or the last cause of the derived event being
        played out (the input event that completed its condition)."""
        if self.current is not None or self.deriving is None or not self.deriving.caused_by:
            return self.current
        cause = self.deriving.caused_by[-1]
        return next((event for event in self.events if event.index == cause), None)

    def refuse(self, event: Event, why: str, rule: str) -> RefusedEvent:
        return RefusedEvent(f"{event.describe()} refused: {why} ({rule})", index=event.index,
                            rule=rule)

    # ------------------------------------------------------------ input events

    def apply(self, event: Event) -> None:
        treaty = self.treaty
        if self.terminated is not None and event.type != "duty":
            raise self.refuse(
                event,
                f"the treaty terminated on {self.terminated}; after that only the "
                "depositary's duties may still be performed",
                self.termination.cites if self.termination and self.termination.cites
                else "VCLT art. 70",
            )
        if treaty.opened_for_signature is not None and event.date < treaty.opened_for_signature:
            raise self.refuse(
                event,
                f"the treaty was opened for signature on {treaty.opened_for_signature}; "
                "nothing can happen before that",
                "VCLT art. 24(4)",
            )
        if self.first_signature is None and self.plan.closed and event.type != "signature":
            raise self.refuse(
                event,
                "a closed treaty starts with its signature, and no State has signed yet: "
                "add a `signature` event on or before this date",
                "VCLT arts. 10-14",
            )
        _HANDLERS[event.type](self, event)
        if event.received and event.received[:10] != event.date.isoformat():
            self.note(
                f"{event.describe()}: received {event.received}, which is already "
                f"{event.date} at the depositary ({treaty.depositary.timezone}); the "
                "depositary's date counts (VCLT art. 78(b))"
            )

    def record_input(self, event: Event, detail: str, cites: str | None = None) -> None:
        party = event.party or (event.parties[0] if len(event.parties) == 1 else None)
        self.happened.append(TimelineEntry(
            event.date, event.type, party, "input", cites, (), "occurred", event.index,
            event.duty, detail,
        ))

    def party_of(self, event: Event, code: str | None = None) -> _Party:
        code = code or event.party
        assert code is not None
        party = self.parties.get(code)
        if party is None:
            if self.treaty.closed:
                raise self.refuse(
                    event,
                    f"{code} is not a listed party; this closed treaty is between "
                    f"{', '.join(self.treaty.parties or ())}",
                    "VCLT art. 15",
                )
            party = self.parties[code] = _Party(code, open_treaty=True)
        return party

    def sign(self, event: Event) -> None:
        closes = self.treaty.participation.signature_closes
        if closes is not None:
            cites = self.treaty.participation.cites or "VCLT art. 12"
            if closes == "entry-into-force" and self.entered is not None:
                raise self.refuse(event, f"the treaty was open for signature until its entry "
                                  f"into force on {self.entered}", cites)
            if closes != "entry-into-force" and event.date > closes:
                raise self.refuse(event, f"the treaty was open for signature until {closes}",
                                  cites)
        codes = event.parties or self.treaty.parties or ()
        parties, party_of = self.parties, self.party_of
        signers = [parties.get(code) or party_of(event, code) for code in codes]
        for party in signers:
            if party.state != "negotiating":
                already = (
                    f"signed on {party.signed}" if party.signed else f"is {party.state}"
                )
                raise self.refuse(
                    event, f"{party.code} already {already}; a State signs once", "VCLT art. 12"
                )
        self.fire_treaty("sign")
        # fire_party("sign", party) with its lookup written out (a signature never
        # changes :attr:`bound`, see _BINDING_TRIGGERS).
        signed, step = event.date, PARTY_UNCONDITIONAL.get
        for party in signers:
            dest = step(("sign", party.state))
            if dest is None:
                self.fire_party("sign", party)
            else:
                party.state = dest
            party.signed = signed
        self.record_input(event, f"{', '.join(codes)} sign")
        if self.first_signature is None:
            self.first_signature = event
            self.trigger_duties("signature", None, event.date, (event.index,))

    def consent(self, event: Event) -> None:
        assert event.party is not None
        party = self.parties.get(event.party) or self.party_of(event)
        state, code = party.state, party.code
        if state in ("contracting", "party", "withdrawing"):
            raise self.refuse(
                event,
                f"{party.code}'s consent was already received on {party.consent}; a "
                "second consent is not possible while the first stands (revoke it first "
                "with `consent-revocation` if it has not taken effect)",
                self.plan.eif_cites,
            )
        if state == "terminated":
            raise self.refuse(
                event, f"the treaty terminated for {party.code} (it was in force for it when "
                "the treaty terminated); a terminated treaty takes no new consent",
                self.plan.eif_cites,
            )
        opens = self.plan.accession_opens
        if opens is not None and party.signed is None:
            self.check_accession(event, opens)
        # fire_party("consent", party) with its lookup written out, in the handler run
        # most often (a consent never changes :attr:`bound`, see _BINDING_TRIGGERS).
        dest = PARTY_UNCONDITIONAL.get(("consent", state))
        if dest is not None:
            party.state = dest
        elif not self.fire_party("consent", party):
            raise self.refuse(
                event,
                f"{party.code} has not signed; in a closed treaty a listed State consents "
                "after signing (add a `signature` event for it first)",
                "VCLT art. 14",
            )
        model = self.model
        dest = TREATY_UNCONDITIONAL.get(("consent", model.state))
        if dest is None:
            self.fire_treaty("consent")
        else:
            model.state = dest
        if party.consent is not None:
            # A consent again (after a revocation, or a withdrawal that took effect):
            # what followed the first one no longer holds. A first consent has none.
            party.consent_revoked = None
            party.in_force_from = None
            party.withdrawal_notice = party.withdrawal_effective = None
            party.withdrawal_revoked = party.withdrawal_postponed = None
            party.withdrawal_index = None
        party.consent = event.date
        party.consent_index = index = event.index
        # record_input(), written out.
        self.happened.append(TimelineEntry(
            event.date, "consent", code, "input", None, (), "occurred", index, event.duty,
            f"{code} consents to be bound",
        ))
        # Counted toward entry into force, its weight added once.
        active = self.active_consents
        if self.weights and code not in active:
            self.consented_weight += self.weights.get(code, _NO_WEIGHT)
        active[code] = index
        if self.entered is not None or self.entry is not None:
            self.schedule_late_entry(party, event)
        # condition_met(), its "all parties" test written out (it runs at every consent).
        elif (self.treaty.parties is None or len(active) == len(self.parties)
              if self.plan.all_parties else self.condition_met()):
            self.schedule_entry_into_force(event)

    def check_accession(self, event: Event, opens: pendulum.Date | str) -> None:
        """A State that has not signed accedes; the treaty may open accession only
        later (e.g. Arms Trade Treaty art. 21(3): "following its entry into force")."""
        cites = self.treaty.participation.cites or "VCLT art. 15"
        if opens == "entry-into-force" and self.entered is None:
            raise self.refuse(
                event, f"{event.party} has not signed, and the treaty is open to accession "
                "only after its entry into force: sign first, or accede after it", cites,
            )
        if isinstance(opens, pendulum.Date) and event.date < opens:
            raise self.refuse(
                event, f"{event.party} has not signed, and the treaty is open to accession "
                f"from {opens}", cites,
            )

    def condition_met(self) -> bool:
        treaty = self.treaty
        if self.plan.all_parties:
            # Only listed States consent to a closed treaty (party_of), so all have
            # when there are as many consents as States: no scan per consent.
            return treaty.parties is None or len(self.active_consents) == len(self.parties)
        condition = treaty.entry_into_force.condition
        assert isinstance(condition, Instruments)
        if len(self.active_consents) < condition.count:
            return False
        if condition.weight is not None and condition.share is not None:
            if self.total_weight is None:
                self.total_weight = sum(treaty.weights[condition.weight].values(), Fraction(0))
            total = self.total_weight
            return total > 0 and self.consented_weight >= condition.share * total
        return True

    def uncount_consent(self, code: str) -> None:
        """Stop counting ``code``'s consent (revoked, or its withdrawal took effect)."""
        if self.active_consents.pop(code, None) is not None and self.weights:
            self.consented_weight -= self.weights.get(code, _NO_WEIGHT)

    def schedule_entry_into_force(self, event: Event) -> None:
        eif = self.treaty.entry_into_force
        cites = eif.cites or VCLT_ENTRY
        met = event.date
        adjusted = self.compute(eif.date, met, "the entry-into-force date", cites)
        date = adjusted.date
        detail = (
            f"{self.plan.eif_condition} met on {met.isoformat()} by {event.describe()}; "
            f"{self.plan.arithmetic(eif.date, met, adjusted)}"
        )
        if eif.not_before is not None and date < eif.not_before:
            self.note(
                f"entry into force {date} is before not_before = {eif.not_before}: "
                f"it is {eif.not_before}"
            )
            date = eif.not_before
            detail += f"; not before {eif.not_before}"
        self.condition_met_on = met
        counted = tuple(self.active_consents.values())
        self.entry = self.schedule(
            date, "entry-into-force", None, cites, counted, detail,
            _Simulation.enter_into_force,
        )
        # Each counted State with the treaty (schedule_party_entry, once per State):
        # schedule() written out, as this loop queues one event per State.
        parties, queue, scheduled, seq = self.parties, self.queue, self.scheduled, self.seq
        action = _Simulation.party_enters_into_force
        met_by = event.index
        for code, index in self.active_consents.items():
            seq += 1
            item = _Scheduled(
                date, seq, "entry-into-force-for-party", code, cites,
                (index, met_by) if index != met_by else (index,), "with the treaty", action,
            )
            _push(queue, (date, seq, item))
            scheduled.append(item)
            party = parties[code]
            party.in_force_from = date
            party.pending_entry = item
        self.seq = seq

    def schedule_late_entry(self, party: _Party, event: Event) -> None:
        eif = self.treaty.entry_into_force
        cites = eif.cites or VCLT_ENTRY
        treaty_date = self.entered if self.entered is not None else self.entry_date()
        if self.entered is None and (event.date == self.condition_met_on
                                     or eif.later_after == "entry-into-force"):
            self.schedule_party_entry(party, treaty_date, (event.index,), "with the treaty")
            return
        adjusted = self.compute(
            eif.later_rule, event.date, "{}'s entry into force", cites, party.code
        )
        date = max(adjusted.date, treaty_date)
        detail = self.plan.arithmetic(eif.later_rule, event.date, adjusted)
        if date != adjusted.date:
            detail += f"; not before the treaty's entry into force {treaty_date}"
        self.schedule_party_entry(party, date, (event.index,), detail)

    def entry_date(self) -> pendulum.Date:
        assert self.entry is not None
        return self.entry.date

    def schedule_party_entry(
        self, party: _Party, date: pendulum.Date, caused_by: tuple[int, ...], detail: str
    ) -> None:
        cites = self.treaty.entry_into_force.cites or VCLT_ENTRY
        party.in_force_from = date
        party.pending_entry = self.schedule(
            date, "entry-into-force-for-party", party.code, cites, caused_by, detail,
            _Simulation.party_enters_into_force,
        )

    def revoke_consent(self, event: Event) -> None:
        party = self.party_of(event)
        cites = self.treaty.entry_into_force.cites or VCLT_ENTRY
        if party.state in ("party", "withdrawing"):
            raise self.refuse(
                event,
                f"the treaty entered into force for {party.code} on {party.in_force_from}; "
                "a consent can no longer be revoked, use a `withdrawal` notice",
                cites,
            )
        if not self.fire_party("revoke_consent", party):
            raise self.refuse(
                event, f"{party.code} has no consent to revoke (it is {party.state}); a "
                "`consent-revocation` takes back a consent that has not yet taken effect",
                cites,
            )
        self.fire_treaty("notice")
        party.consent_revoked = event.date
        party.in_force_from = None
        self.uncount_consent(party.code)
        if party.pending_entry is not None:
            party.pending_entry.status = "cancelled"
            party.pending_entry = None
        self.record_input(event, f"{party.code} revokes its consent")
        if self.entry is not None and self.entered is None and not self.condition_met():
            self.cancel_entry("cancelled")

    def cancel_entry(self, status: EntryStatus) -> None:
        if self.entry is not None and self.entered is None:
            self.entry.status = status
            self.entry = None
            self.condition_met_on = None
        for party in self.parties.values():
            if party.pending_entry is not None:
                party.pending_entry.status = status
                party.pending_entry = None
                party.in_force_from = None

    def withdraw(self, event: Event) -> None:
        party = self.party_of(event)
        clause = self.treaty.withdrawal
        cites = clause.cites or VCLT_WITHDRAWAL
        if not clause.allowed:
            raise self.refuse(
                event,
                "the treaty provides for no withdrawal, and none may be implied",
                clause.cites or "VCLT art. 56(1)",
            )
        if party.state != "party":
            raise self.refuse(event, self.why_no_withdrawal(party), cites)
        if clause.earliest is not None:
            assert party.in_force_from is not None
            earliest = self.compute(
                clause.earliest, party.in_force_from, "the earliest withdrawal date", cites
            ).date
            if event.date < earliest:
                raise self.refuse(
                    event,
                    f"a notice may be given from {earliest} "
                    f"({clause.earliest.describe(party.in_force_from, earliest)}, counted from "
                    f"the treaty's entry into force for {party.code}); this one is early",
                    cites,
                )
        if self.treaty.term is not None:
            cites = self.treaty.term.cites or cites
            date, detail = self.end_of_term(event, cites)
        else:
            adjusted = self.compute(clause.effective, event.date,
                                    "the withdrawal's effective date", cites)
            date = adjusted.date
            detail = self.plan.arithmetic(clause.effective, event.date, adjusted)
        if event.effective is not None:
            if not clause.later_date:
                raise self.refuse(
                    event,
                    f"the notice names an effective date ({event.effective}), but the "
                    f"treaty fixes it at {date}; remove `effective` (later_date = false)",
                    cites,
                )
            if event.effective < date:
                raise self.refuse(
                    event,
                    f"the named effective date {event.effective} is earlier than the "
                    f"notice period allows ({detail}); name {date} or later",
                    cites,
                )
            date = event.effective
            detail += f"; later date named in the notice: {date}"
        self.fire_party("withdraw", party)
        self.fire_treaty("notice")
        party.withdrawal_notice = event.date
        party.withdrawal_index = event.index
        party.withdrawal_effective = date
        party.withdrawal_revoked = None
        party.withdrawal_postponed = None
        self.record_input(event, f"{party.code} gives notice of withdrawal", cites)
        party.pending_withdrawal = self.schedule(
            date, "withdrawal-effective", party.code, cites, (event.index,), detail,
            _Simulation.withdrawal_takes_effect,
        )
        self.trigger_duties("withdrawal", party.code, event.date, (event.index,))

    def end_of_term(self, event: Event, cites: str) -> tuple[pendulum.Date, str]:
        """When a denunciation takes effect under a fixed term with tacit renewal
        (Genocide Convention art. XIV): at the end of the current period if received at
        least ``notice`` before it ends, otherwise at the end of the next period. The
        periods run from the treaty's entry into force, for every party alike."""
        term = self.treaty.term
        assert term is not None and self.entered is not None
        before = DateRule((AddPeriod(term.notice, sign=-1),))
        index = 0
        while True:
            end = self.compute(term.period_end(index), self.entered,
                               "the end of the current period", cites).date
            if end > event.date:
                break
            index += 1
        deadline = self.compute(before, end, "the last day for a denunciation", cites).date
        what = "the initial term" if index == 0 else f"renewal period {index}"
        if event.date <= deadline:
            return end, (
                f"received on or before {deadline} ({term.notice} before {what} ends on "
                f"{end}): effective when it ends"
            )
        later = self.compute(term.period_end(index + 1), self.entered,
                             "the end of the next period", cites).date
        return later, (
            f"received after {deadline}, less than {term.notice} before {what} ends on "
            f"{end}: the treaty is renewed for this party once more, effective {later}"
        )

    def why_no_withdrawal(self, party: _Party) -> str:
        if party.state == "contracting":
            return (
                f"the treaty is not yet in force for {party.code} (its consent of "
                f"{party.consent} takes effect on {party.in_force_from or 'entry into force'}); "
                "to take back a consent that has not taken effect, use a "
                "`consent-revocation` event"
            )
        if party.state == "withdrawing":
            return (
                f"{party.code}'s notice of {party.withdrawal_notice} is pending and takes "
                f"effect on {party.withdrawal_effective}; a second withdrawal is not "
                "possible while one is pending (revoke it first)"
            )
        if party.state == "withdrawn":
            return f"{party.code}'s withdrawal already took effect on {party.withdrawal_effective}"
        return (
            f"the treaty is not in force for {party.code} (it is {party.state}); only a "
            "party may withdraw (a signatory or contracting State uses `consent-revocation` "
            "or simply does not ratify)"
        )

    def revoke_withdrawal(self, event: Event) -> None:
        party = self.party_of(event)
        clause = self.treaty.withdrawal
        cites = clause.cites or VCLT_WITHDRAWAL
        if not clause.revocable:
            raise self.refuse(
                event, "the treaty makes a withdrawal notice irrevocable (revocable = false): "
                "the notice takes effect as given", cites,
            )
        if party.state == "withdrawn":
            raise self.refuse(
                event,
                f"{party.code}'s withdrawal took effect on {party.withdrawal_effective}; a "
                "notice may be revoked only before the day it takes effect",
                VCLT_REVOCATION,
            )
        if not self.fire_party("revoke_withdrawal", party):
            raise self.refuse(
                event, f"{party.code} has no pending withdrawal to revoke (it is "
                f"{party.state}); a `withdrawal-revocation` takes back a notice received "
                "earlier that has not yet taken effect",
                VCLT_REVOCATION,
            )
        self.fire_treaty("notice")
        # A withdrawal postponed by an armed conflict has no date waiting in the queue.
        if party.pending_withdrawal is not None:
            party.pending_withdrawal.status = "revoked"
            party.pending_withdrawal = None
        party.withdrawal_effective = None
        party.withdrawal_revoked = event.date
        self.record_input(event, f"{party.code} revokes its notice of withdrawal",
                          VCLT_REVOCATION)

    def perform_duty(self, event: Event) -> None:
        assert event.duty is not None
        duty = self.plan.duty_by_id[event.duty]  # the loader checks duty ids
        self.fire_treaty("perform_duty")
        candidates = [
            instance for instance in self.duties
            if instance.duty.id == duty.id and instance.done is None
            and (event.party is None or instance.party == event.party)
        ]
        if duty.per_party and event.party is None and len({c.party for c in candidates}) > 1:
            raise self.refuse(
                event,
                f"duty '{duty.id}' is open for "
                f"{', '.join(sorted({str(c.party) for c in candidates}))}; "
                "name the one performed with `party = ...`",
                duty.cites or "VCLT art. 77",
            )
        if not candidates:
            done = [i for i in self.duties if i.duty.id == duty.id and
                    (event.party is None or i.party == event.party)]
            if done:
                why = (
                    f"every instance of duty '{duty.id}' is already done (last on "
                    f"{done[-1].done})"
                )
            else:
                why = (
                    f"duty '{duty.id}' arises after the {duty.after}"
                    + (f" of {event.party}" if event.party else "")
                    + ", which has not happened yet"
                )
            raise self.refuse(event, why, duty.cites or "VCLT art. 77")
        instance = candidates[0]
        instance.done = event.date
        self.record_input(event, f"the depositary performs '{duty.id}'", duty.cites)

    # ------------------------------------------------- richer final clauses

    def armed_conflict(self, event: Event) -> None:
        """Ottawa Convention art. 20(3), TPNW art. 17(3): the start and end of an armed
        conflict in which a State is engaged; a withdrawal whose notice period expires
        during it takes effect when it ends."""
        party = self.party_of(event)
        cites = self.treaty.withdrawal.cites or VCLT_WITHDRAWAL
        if event.type == "armed-conflict-start":
            if party.in_conflict_since is not None:
                raise self.refuse(
                    event, f"{party.code} has been engaged in an armed conflict since "
                    f"{party.in_conflict_since}; end it first (`armed-conflict-end`)", cites,
                )
            party.in_conflict_since = event.date
            self.record_input(event, f"{party.code} is engaged in an armed conflict", cites)
            return
        if party.in_conflict_since is None:
            raise self.refuse(
                event, f"no armed conflict of {party.code} has started; add an "
                "`armed-conflict-start` event before its end", cites,
            )
        party.in_conflict_since = None
        self.record_input(event, f"the armed conflict of {party.code} ends", cites)
        if party.state == "withdrawing" and party.withdrawal_postponed is not None \
                and party.pending_withdrawal is None:
            assert party.withdrawal_index is not None
            party.withdrawal_effective = event.date
            party.pending_withdrawal = self.schedule(
                event.date, "withdrawal-effective", party.code, cites,
                (party.withdrawal_index, event.index),
                f"the notice period expired on {party.withdrawal_postponed} during an armed "
                f"conflict; the withdrawal takes effect at its end, {event.date}",
                _Simulation.withdrawal_takes_effect,
            )

    def postpone_withdrawal(self, party: _Party, item: _Scheduled) -> None:
        item.status = "postponed"
        party.pending_withdrawal = None
        party.withdrawal_postponed = item.date
        party.withdrawal_effective = None
        self.note(
            f"{party.code}'s withdrawal would have taken effect on {item.date}, but {party.code} "
            f"has been engaged in an armed conflict since {party.in_conflict_since}: it takes "
            f"effect when the conflict ends ({item.cites})"
        )

    def provisional_application(self, event: Event) -> None:
        """VCLT art. 25: a State applies the treaty provisionally pending its entry into
        force, until then or until its notice that it will not become a party."""
        party = self.party_of(event)
        clause = self.treaty.provisional_application
        assert clause is not None, "the loader refuses these events without the clause"
        cites = clause.cites or "VCLT art. 25(1)"
        running = party.provisional_from is not None and party.provisional_until is None
        if event.type == "provisional-application-end":
            if not running:
                raise self.refuse(
                    event, f"{party.code} does not apply the treaty provisionally; a "
                    "`provisional-application-end` follows its `provisional-application`", cites
                )
            party.provisional_until = event.date
            self.record_input(
                event, f"{party.code} notifies its intention not to become a party: "
                "provisional application ends", "VCLT art. 25(2)",
            )
            return
        if running:
            raise self.refuse(
                event, f"{party.code} has applied the treaty provisionally since "
                f"{party.provisional_from}", cites,
            )
        if party.state in ("party", "withdrawing"):
            raise self.refuse(
                event, f"the treaty has been in force for {party.code} since "
                f"{party.in_force_from}; provisional application is only pending entry "
                "into force", cites,
            )
        if clause.until == "entry-into-force" and self.entered is not None:
            raise self.refuse(
                event, f"the treaty entered into force on {self.entered}; provisional "
                "application is only pending entry into force", cites,
            )
        party.provisional_from = event.date
        party.provisional_until = None
        self.record_input(event, f"{party.code} applies the treaty provisionally", cites)

    def end_provisional_application(self, party: _Party, item: _Scheduled) -> None:
        if party.provisional_from is None or party.provisional_until is not None:
            return
        clause = self.treaty.provisional_application
        assert clause is not None
        party.provisional_until = item.date
        whose = "the treaty's" if clause.until == "entry-into-force" else f"{party.code}'s"
        self.schedule(
            item.date, "provisional-application-ends", party.code,
            clause.cites or "VCLT art. 25(1)", item.caused_by,
            f"{whose} entry into force ends the provisional application begun on "
            f"{party.provisional_from}", _nothing,
        )

    def consent_to_protocol(self, event: Event) -> None:
        """Consent to an amending protocol: only a State that has consented to the
        treaty may give it (VCLT art. 40(3)-(4))."""
        party = self.party_of(event)
        assert event.protocol is not None
        protocol = self.treaty.protocol(event.protocol)
        assert protocol is not None, "the loader checks protocol ids"
        cites = protocol.cites or "VCLT art. 40"
        if party.state not in ("contracting", "party", "withdrawing"):
            raise self.refuse(
                event, f"{party.code} is {party.state}: only a State that has consented to "
                f"the treaty may consent to its protocol '{protocol.id}'", cites,
            )
        consents = self.protocol_consents[protocol.id]
        if party.code in consents:
            raise self.refuse(
                event, f"{party.code} already consented to protocol '{protocol.id}' on "
                f"{consents[party.code][0]}", cites,
            )
        self.fire_treaty("notice")
        consents[party.code] = (event.date, event.index)
        self.record_input(event, f"{party.code} consents to protocol '{protocol.id}'", cites)
        self.check_protocols(event.date)

    def check_protocols(self, today: pendulum.Date) -> None:
        """Schedule each protocol whose condition is now met: while the treaty is in
        force, every State for which it is in force has consented ("all"), or N States
        bound by the treaty have."""
        if self.entered is None or self.terminated is not None or not self.treaty.protocols:
            return
        bound = [code for code, party in self.parties.items()
                 if party.state in ("party", "withdrawing")]
        for protocol in self.treaty.protocols:
            if protocol.id in self.protocol_entries:
                continue
            consents = self.protocol_consents[protocol.id]
            if isinstance(protocol.condition, AllParties):
                met = bool(bound) and all(code in consents for code in bound)
                counted = [consents[code][1] for code in bound if code in consents]
            else:
                assert isinstance(protocol.condition, Instruments)
                counted = [index for code, (_, index) in consents.items()
                           if self.parties[code].state in ("contracting", "party",
                                                           "withdrawing")]
                met = len(counted) >= protocol.condition.count
            if not met:
                continue
            cites = protocol.cites or "VCLT art. 40"
            adjusted = self.compute(protocol.date, today,
                                    f"protocol '{protocol.id}' entry into force", cites)
            condition = (
                "every party's consent" if isinstance(protocol.condition, AllParties)
                else protocol.condition.describe()
            )
            self.protocol_met[protocol.id] = today
            self.protocol_entries[protocol.id] = self.schedule(
                adjusted.date, "protocol-entry-into-force", None, cites, tuple(sorted(counted)),
                f"protocol '{protocol.id}': {condition} met on {today}; "
                f"{self.plan.arithmetic(protocol.date, today, adjusted)}",
                _protocol_action(protocol.id),
            )

    # ---------------------------------------------------------- derived events

    def enter_into_force(self, item: _Scheduled) -> None:
        self.fire_treaty("enter_into_force")
        self.entered = item.date
        self.trigger_duties("entry-into-force", None, item.date, item.caused_by)
        clause = self.treaty.provisional_application
        if clause is not None and clause.until == "entry-into-force":
            for party in self.parties.values():
                self.end_provisional_application(party, item)
        if self.treaty.protocols:
            self.check_protocols(item.date)

    def party_enters_into_force(self, item: _Scheduled) -> None:
        assert item.party is not None
        party = self.parties[item.party]
        self.fire_party("enter_into_force", party)
        party.pending_entry = None
        if self.plan.provisional_until == "entry-into-force-for-party":
            self.end_provisional_application(party, item)

    def withdrawal_takes_effect(self, item: _Scheduled) -> None:
        assert item.party is not None
        party = self.parties[item.party]
        if self.treaty.withdrawal.postponed_by_armed_conflict and \
                party.in_conflict_since is not None:
            self.postpone_withdrawal(party, item)
            return
        self.fire_party("withdrawal_takes_effect", party)
        party.pending_withdrawal = None
        self.uncount_consent(party.code)
        self.effective_withdrawals.append(item.caused_by[0])
        self.trigger_duties("withdrawal-effective", party.code, item.date, item.caused_by)
        if self.termination is not None:
            return
        if self.treaty.protocols:
            self.check_protocols(item.date)
        remaining = self.bound
        below = self.treaty.termination.below
        if below is not None and remaining < below:
            cites = self.treaty.termination.cites or "treaty termination clause"
            why = f"{remaining} parties remain, fewer than {below}"
        elif remaining < 2:
            cites = FEWER_THAN_TWO
            why = f"{remaining} party remains" if remaining == 1 else "no party remains"
        else:
            return
        # Caused by this withdrawal taking effect, the termination happens right after
        # it (SPEC §4), before the day's other derived events: a State due to enter into
        # force later that day was not counted, so its entry lapses instead of being
        # ended by a termination it did not prevent.
        self.termination = self.schedule(
            item.date, "termination", None, cites, tuple(self.effective_withdrawals),
            f"{why} after {party.code}'s withdrawal took effect", _Simulation.terminate,
            right_after=item,
        )

    def terminate(self, item: _Scheduled) -> None:
        self.fire_treaty("terminate")
        self.terminated = item.date
        for party in self.parties.values():
            if party.pending_withdrawal is not None:
                party.pending_withdrawal.status = "lapsed"
                party.pending_withdrawal = None
                party.withdrawal_effective = None
            self.fire_party("terminate", party)
        self.cancel_entry("lapsed")
        for pending in self.protocol_entries.values():
            if pending.status == "scheduled":
                pending.status = "lapsed"
        self.trigger_duties("termination", None, item.date, item.caused_by)

    def trigger_duties(
        self, after: DutyTrigger, party: str | None, date: pendulum.Date,
        caused_by: tuple[int, ...],
    ) -> None:
        for duty, rule, cites in self.plan.duties_after.get(after, ()):
            due = extended_from = None
            if rule is not None:
                due = self.compute(rule, date, "the due date of duty '{}'", cites, duty.id).date
                detail = f"'{duty.id}': {self.plan.describe(rule, date, due)}"
                calendar = self.treaty.depositary.holidays
                if calendar is not None:
                    # A deadline to perform an act, never an entry-into-force or
                    # effective date (1972 European Convention art. 5).
                    moved, why = self.next_working_day(due, calendar, duty.id, cites)
                    if why is not None:
                        extended_from, due = due, moved
                        detail += f"; extended to {due}, the next working day"
                        self.note(f"duty '{duty.id}': {why}")
                self.schedule(due, "duty-due", party, cites, caused_by, detail, _nothing,
                              duty.id)
            self.duties.append(_DutyInstance(duty, party, date, due, caused_by, extended_from))

    def next_working_day(self, due: pendulum.Date, calendar: str, duty_id: str, cites: str
                         ) -> tuple[pendulum.Date, str | None]:
        from .._dates.workdays import next_working_day

        try:
            return next_working_day(due, calendar)
        except DateOutOfRange as error:
            culprit = self.culprit()
            raise EventDateOutOfRange(
                f"{culprit.describe() if culprit else 'a derived event'} refused: the "
                f"deadline of duty '{duty_id}' cannot be extended: {error} ({cites})",
                index=culprit.index if culprit else None, rule=cites,
            ) from None

    # ----------------------------------------------------------------- outcome

    def outcome(self) -> Outcome:
        # The timeline runs by date; within a day, what happened in the order it
        # happened, then what did not (scheduled, revoked...) in the order it was
        # scheduled. ``happened`` and ``scheduled`` are in those orders already, so a
        # stable sort by date alone gives it (in linear time when already by date).
        timeline = self.happened  # the last use of it
        for item in self.scheduled:
            if item.status != "occurred":
                timeline.append(TimelineEntry(
                    item.date, item.kind, item.party,
                    "scheduled" if item.status == "scheduled" else "derived", item.cites,
                    item.caused_by, item.status, None, item.duty, item.detail,
                ))
        timeline.sort(key=_DATE)
        entry_date = self.entered
        if entry_date is None and self.entry is not None:
            entry_date = self.entry.date
        # Positional, as the records below: a frozen attrs class builds faster so.
        return Outcome(
            self.plan.ref,
            self.as_of,
            self.model.state,  # type: ignore[arg-type]
            entry_date,
            self.terminated,
            {
                code: PartyRecord(
                    party.state,  # type: ignore[arg-type]
                    party.signed, party.consent, party.in_force_from,
                    party.withdrawal_notice, party.withdrawal_effective,
                    party.withdrawal_revoked, party.consent_revoked,
                    party.withdrawal_postponed, party.provisional_from,
                    party.provisional_until,
                )
                for code, party in self.parties.items()
            },
            tuple([
                DutyRecord(
                    i.duty.id, i.party, i.trigger, i.due, i.done, i.status(self.as_of),
                    i.duty.cites, i.extended_from,
                )
                for i in self.duties
            ]),
            tuple(timeline),
            tuple(self.notes),
            self.condition_met_on,
            {protocol.id: self.protocol_record(protocol) for protocol in self.treaty.protocols}
            if self.treaty.protocols else {},
        )

    def protocol_record(self, protocol: Protocol) -> ProtocolRecord:
        entered = self.protocol_entered.get(protocol.id)
        pending = self.protocol_entries.get(protocol.id)
        status: ProtocolStatus = "adopted"
        if entered is not None:
            status = "terminated" if self.terminated is not None else "in-force"
        return ProtocolRecord(
            title=protocol.title,
            status=status,
            consents={code: date for code, (date, _) in
                      self.protocol_consents[protocol.id].items()},
            condition_met=self.protocol_met.get(protocol.id),
            entry_into_force=entered if entered is not None else (
                pending.date if pending is not None and pending.status == "scheduled" else None
            ),
            cites=protocol.cites,
        )


_NO_WEIGHT = Fraction(0)
_HANDLERS: dict[str, Callable[[_Simulation, Event], None]] = {
    "signature": _Simulation.sign,
    "consent": _Simulation.consent,
    "consent-revocation": _Simulation.revoke_consent,
    "withdrawal": _Simulation.withdraw,
    "withdrawal-revocation": _Simulation.revoke_withdrawal,
    "duty": _Simulation.perform_duty,
    "armed-conflict-start": _Simulation.armed_conflict,
    "armed-conflict-end": _Simulation.armed_conflict,
    "provisional-application": _Simulation.provisional_application,
    "provisional-application-end": _Simulation.provisional_application,
    "protocol-consent": _Simulation.consent_to_protocol,
}
# 1 for the states in which the treaty is in force for a State (it is bound), else 0.
_BOUND_STATES: dict[str, int] = {
    state: int(state in ("party", "withdrawing")) for state in PARTY_STATES
}
# The party triggers that may move a State into or out of the bound states, read from
# the machine: the others (sign, consent...) never change :attr:`_Simulation.bound`.
_BINDING_TRIGGERS = frozenset(
    trigger
    for trigger, transitions_of in PARTY_MACHINE.events.items()
    for source, transitions in transitions_of.transitions.items()
    for transition in transitions
    if _BOUND_STATES[source]
    != _BOUND_STATES[source if transition.dest is None else transition.dest]
)
# sign() and consent() move a State without fire_party's check of these: neither
# may be one.
if _BINDING_TRIGGERS & {"sign", "consent"}:
    raise TypeError("the party machine's `sign` or `consent` now changes whether a State "
                    "is bound: sign() and consent() must go through fire_party")
_DATE_THEN_INDEX = operator.attrgetter("date", "index")
_push, _pop = heapq.heappush, heapq.heappop
_DATE = operator.attrgetter("date")


def _same_day(start: pendulum.Date, month_end: MonthEnd) -> Adjusted:
    """What ``DateRule(()).apply`` returns: the day itself, unadjusted."""
    return Adjusted(start, None)


def _nothing(simulation: _Simulation, item: _Scheduled) -> None:
    """A duty's due date changes no state; it only stands in the timeline."""


def _protocol_action(protocol_id: str) -> Action:
    def enters_into_force(simulation: _Simulation, item: _Scheduled) -> None:
        simulation.protocol_entered[protocol_id] = item.date
    return enters_into_force


def simulate(treaty: Treaty, events: tuple[Event, ...], as_of: pendulum.Date | None) -> Outcome:
    """Run ``events`` against ``treaty`` up to ``as_of`` (or to the end) and return the
    outcome. Raises :class:`RefusedEvent` for the first event that breaks a rule."""
    return _Simulation(treaty, events, as_of).run()
