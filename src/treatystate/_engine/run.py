"""The run: a scenario's events, in order, through the lifecycle and the clause rules.

Time is data. Input events are applied in date order (file order within a day), each
by the handler its rule module registered (``_rules/``); derived events wait in the
scheduler's queue and are played out by their actions (SPEC §4). Simulating to a date
is playing the queue up to that date; nothing here reads a clock.

The run keeps a small mutable state and returns frozen values. A refused event
raises before anything is returned, so no caller ever sees a partial result, and the
scenario itself is never touched.
"""

from __future__ import annotations

import operator

import pendulum

from .._dates.periods import Adjusted, DateRule
from .._model.clauses import Treaty
from .._model.events import Event
from .._model.outcome import Outcome
from .._model.records import TimelineEntry
from ..errors import AmbiguousDate, DateOutOfRange, EventDateOutOfRange, RefusedEvent
from ..lifecycle import (
    PARTY_MACHINE,
    PARTY_UNCONDITIONAL,
    TREATY_MACHINE,
    TREATY_UNCONDITIONAL,
    fire,
)
from .outcome import outcome_of
from .plan import plan_of
from .scheduler import Scheduler
from .state import Party

__all__ = ["Run", "simulate"]

_END_OF_TIME = pendulum.Date(9999, 12, 31)
_DATE_THEN_INDEX = operator.attrgetter("date", "index")
# The states in which the treaty is in force for a State: it is bound.
_BOUND = frozenset({"party", "withdrawing"})
# The party triggers that may move a State into or out of the bound states, read from
# the machine: the others (sign, consent...) never change :attr:`State.bound`.
_BINDING_TRIGGERS = frozenset(
    trigger
    for trigger, transitions_of in PARTY_MACHINE.events.items()
    for source, transitions in transitions_of.transitions.items()
    for transition in transitions
    if (source in _BOUND) != ((source if transition.dest is None else transition.dest)
                              in _BOUND)
)


class Run(Scheduler):
    """One run of a scenario: the state, the queue, and how events go through them."""

    __slots__ = ()

    @classmethod
    def of(cls, treaty: Treaty, events: tuple[Event, ...], as_of: pendulum.Date | None
           ) -> Run:
        """A run of ``events`` against ``treaty`` to ``as_of``, with the treaty's plan."""
        return cls(treaty, plan_of(treaty), events, as_of)

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
        return outcome_of(self)

    def apply(self, event: Event) -> None:
        """Apply one input event: the checks every event passes, then its handler."""
        for gate in self.gates:
            gate(self, event)
        self.plan.handlers[event.type](self, event)
        if event.received and event.received[:10] != event.date.isoformat():
            self.note(
                f"{event.describe()}: received {event.received}, which is already "
                f"{event.date} at the depositary ({self.treaty.depositary.timezone}); the "
                "depositary's date counts (VCLT art. 78(b))"
            )

    # ------------------------------------------------------------ the machines

    def fire_party(self, trigger: str, party: Party) -> bool:
        """``fire(PARTY_MACHINE, trigger, party)``, keeping :attr:`bound` up to date."""
        dest = PARTY_UNCONDITIONAL.get((trigger, party.state))
        if dest is None:
            if not fire(PARTY_MACHINE, trigger, party):
                return False
            dest = party.state
        else:
            party.state = dest
        if trigger in _BINDING_TRIGGERS:
            if dest in _BOUND:
                self.bound.add(party.code)
            else:
                self.bound.discard(party.code)
        return True

    def fire_treaty(self, trigger: str) -> None:
        """``fire(TREATY_MACHINE, trigger, model)``; the rules ask the state first."""
        model = self.model
        dest = TREATY_UNCONDITIONAL.get((trigger, model.state))
        if dest is None:
            fire(TREATY_MACHINE, trigger, model)
        else:
            model.state = dest

    # --------------------------------------------------- what the rules call

    def party_of(self, event: Event, code: str | None = None) -> Party:
        """The State ``code`` (the event's party): a State not seen before joins an
        open treaty; a closed treaty refuses it (VCLT art. 15)."""
        code = code or event.party
        party = self.parties.get(code) if code is not None else None
        if party is None:
            if code is None:
                raise self.refuse(event, "participation.no-party",
                                  f"a {event.type} event needs `party`", "SPEC §3")
            if self.treaty.closed:
                raise self.refuse(
                    event, "participation.not-listed",
                    f"{code} is not a listed party; this closed treaty is between "
                    f"{', '.join(self.treaty.parties or ())}",
                    "VCLT art. 15",
                )
            party = self.parties[code] = Party(code, open_treaty=True)
        return party

    def record_input(self, event: Event, detail: str, cites: str | None = None) -> None:
        """The input event, as it happened, in the timeline."""
        party = event.party or (event.parties[0] if len(event.parties) == 1 else None)
        self.happened.append(TimelineEntry(
            event.date, event.type, party, "input", cites, (), "occurred", event.index,
            event.duty, detail,
        ))

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
            ambiguous = isinstance(error, AmbiguousDate)
            kind = AmbiguousDate if ambiguous else EventDateOutOfRange
            verb = "needs" if ambiguous else "cannot be computed:"
            raise kind(
                f"{named} refused: {what} {verb} {error} ({cites})",
                index=culprit.index if culprit else None, rule=cites,
                refusal="date.ambiguous" if ambiguous else "date.out-of-range",
            ) from None
        if adjusted.date < start:
            self.backwards(rule, start, adjusted.date, cites)
        if adjusted.note:
            self.notes[adjusted.note] = None
        return adjusted

    def backwards(self, rule: DateRule, start: pendulum.Date, result: pendulum.Date,
                  cites: str) -> None:
        """Refuse the event that needed ``rule`` when the rule must not land before its
        start and did (SPEC §8.7); a rule that may (a denunciation deadline) passes."""
        found = self.plan.forward.get(id(rule))
        if found is None:
            return
        key, counted = found
        culprit = self.culprit()
        named = culprit.describe() if culprit else "a derived event"
        raise RefusedEvent(
            f"{named} refused: the rule {key} = {rule.as_strings()} gives {result}, "
            f"before its start {start} ({counted}); a date rule may step back but never "
            f"land before its start ({cites})",
            index=culprit.index if culprit else None, rule=cites,
            refusal="date.before-start",
        )

    def culprit(self) -> Event | None:
        """The input event being applied, or the last cause of the derived event being
        played out (the input event that completed its condition)."""
        deriving = self.deriving
        if self.current is not None or deriving is None or not deriving.caused_by:
            return self.current
        cause = deriving.caused_by[-1]
        return next((event for event in self.events if event.index == cause), None)

    @staticmethod
    def refuse(event: Event, label: str, why: str, cites: str) -> RefusedEvent:
        """The refusal of ``event`` by the check ``label`` (see each Rule's refusals)."""
        return RefusedEvent(f"{event.describe()} refused: {why} ({cites})",
                            index=event.index, rule=cites, refusal=label)


def simulate(treaty: Treaty, events: tuple[Event, ...], as_of: pendulum.Date | None
             ) -> Outcome:
    """Run ``events`` against ``treaty`` up to ``as_of`` (or to the end) and return the
    outcome. Raises :class:`RefusedEvent` for the first event that breaks a rule."""
    return Run.of(treaty, events, as_of).run()
