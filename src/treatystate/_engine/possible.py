"""Which events are possible next: the one place that says so, for the engine's users
and the testing toolkit alike.

:class:`Possible` is a run that has applied some events, in date order, and is asked
about the next one. It answers from the engine itself, not from a second description
of the rules: the ``transitions`` machine (``lifecycle.permitted``) rules out an
event its State's lifecycle state forbids, then the candidate is tried on a copy of
the run (``State.copy``: the records a rule may change, not the treaty or the plan) by
the rule module that handles it, so a refusal's label and cites are those
the engine raises (``RefusedEvent.refusal`` and ``.rule``). Asking never changes the
run; :meth:`Possible.add` applies an event for good.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

import attrs
import pendulum

from .._model.clauses import Treaty
from .._model.events import Event, EventType
from .._model.outcome import Outcome
from .._rules import EVENT_KINDS
from .._rules.validate import event_problem
from ..errors import RefusedEvent, ScenarioFileError
from ..lifecycle import PARTY_MACHINE, permitted
from .outcome import outcome_of
from .plan import plan_of
from .run import Run

__all__ = ["Candidate", "Possible", "Refusal"]

_END_OF_TIME = pendulum.Date(9999, 12, 31)


@attrs.frozen
class Candidate:
    """An event that could be added: its type, and whom or what it names."""

    type: EventType
    party: str | None = None
    duty: str | None = None
    protocol: str | None = None

    def event(self, index: int, date: pendulum.Date, effective: pendulum.Date | None = None
              ) -> Event:
        """The candidate as the input event ``index`` on ``date`` (a signature names its
        State in ``parties``, as a scenario file does)."""
        signature = self.type == "signature"
        return Event(index, self.type, date, party=None if signature else self.party,
                     parties=(self.party,) if signature and self.party else (),
                     duty=self.duty, effective=effective, protocol=self.protocol)


@attrs.frozen
class Refusal:
    """Why an event would be refused: the check's stable ``label``
    (``"withdrawal.before-earliest"``; ``"validation.<key>"`` for an event the treaty
    cannot take at all), the ``cites`` of the rule, and the engine's message."""

    label: str
    cites: str | None
    message: str


def _provided_for(treaty: Treaty) -> frozenset[str]:
    """The event types the treaty's clauses provide for: not those whose rule refuses
    the type itself on this treaty (an armed conflict without the clause)."""
    provided = set()
    for name, kind in EVENT_KINDS.items():
        problem = None if kind.needs is None else kind.needs(
            Event(0, cast(EventType, name), _END_OF_TIME), treaty)
        if problem is None or problem.key != "type":
            provided.add(name)
    return frozenset(provided)


class Possible:
    """A run of ``treaty`` that has applied ``events`` (in date order), asked what may
    come next. See the module docstring."""

    def __init__(self, treaty: Treaty, events: Iterable[Event] = ()) -> None:
        self.treaty = treaty
        self._kinds = _provided_for(treaty)
        # The run after each event added (the first: before any). A run is never
        # changed once here: every question and every addition works on a copy.
        self._runs = [Run(treaty, plan_of(treaty), (), None)]
        self._events: list[Event] = []
        for event in events:
            self.add(event)

    @property
    def _run(self) -> Run:
        return self._runs[-1]

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(self._events)

    @property
    def last_date(self) -> pendulum.Date | None:
        return self._events[-1].date if self._events else None

    def copy(self) -> Possible:
        """An independent copy: adding to one leaves the other as it was."""
        return self._first(len(self._events))

    def until(self, date: pendulum.Date) -> Possible:
        """A copy with only the events added that are dated on or before ``date``: the
        run as it stands when an event of ``date`` added after them all is applied
        (the engine applies events in date order, file order within a day)."""
        kept = len(self._events)
        while kept and self._events[kept - 1].date > date:
            kept -= 1
        return self._first(kept)

    def _first(self, count: int) -> Possible:
        new = Possible.__new__(Possible)
        new.treaty, new._kinds, new._runs = self.treaty, self._kinds, self._runs[:count + 1]
        new._events = self._events[:count]
        return new

    def refusal(self, event: Event) -> Refusal | None:
        """How the engine would refuse ``event`` as the next event, or ``None`` if it
        accepts it. The run is unchanged either way."""
        problem = self._problem(event)
        if problem is not None:
            return problem
        try:
            self._applied(event)
        except RefusedEvent as error:
            return Refusal(error.refusal or "refused", error.rule, str(error))
        return None

    def add(self, event: Event) -> None:
        """Apply ``event`` for good; a refused event raises (``RefusedEvent``, or a
        ``ScenarioFileError`` for one the treaty cannot take) and changes nothing."""
        problem = self._problem(event)
        if problem is not None:
            raise ScenarioFileError(problem.message)
        self._runs.append(self._applied(event))
        self._events.append(event)

    def candidates(self, date: pendulum.Date | None = None,
                   states: Iterable[str] | None = None,
                   kinds: Iterable[EventType] | None = None, machine: bool = True
                   ) -> Iterator[Candidate]:
        """Every event the treaty's clauses provide for, for each State in ``states``
        (default: the listed parties, or the States seen so far), that the lifecycle
        machine allows from that State's state on ``date`` (once the derived events due
        by then happened; default: now), conditions aside. ``kinds``: only events of
        those types; ``machine=False``: whatever the machine says (to find an event
        the engine refuses)."""
        run, treaty = self._run, self.treaty
        if date is not None and run.queue and run.queue[0][0] <= date:
            run = self._run.copy()
            run.events = tuple(self._events)
            try:
                run.advance(date)
            except RefusedEvent:
                return  # a derived event due by then is refused: nothing can follow
        codes = list(states) if states is not None else list(treaty.parties or run.parties)
        wanted = None if kinds is None else set(kinds)
        for name, event_kind in EVENT_KINDS.items():
            kind = cast(EventType, name)
            if (wanted is not None and kind not in wanted) or kind not in self._kinds:
                continue
            if kind == "duty":
                for duty in treaty.duties:
                    for code in (codes if duty.per_party else [None]):
                        yield Candidate("duty", code, duty=duty.id)
                continue
            for code in codes:
                party = run.parties.get(code)
                state = party.state if party is not None else "negotiating"
                if machine and event_kind.trigger is not None and not permitted(
                        PARTY_MACHINE, event_kind.trigger, state):
                    continue
                if kind == "protocol-consent":
                    for protocol in treaty.protocols:
                        yield Candidate(kind, code, protocol=protocol.id)
                else:
                    yield Candidate(kind, code)

    def possible(self, date: pendulum.Date, states: Iterable[str] | None = None
                 ) -> list[Candidate]:
        """The candidates the engine would accept as the next event, on ``date``."""
        index = len(self._events)
        return [candidate for candidate in self.candidates(date, states)
                if self.refusal(candidate.event(index, date)) is None]

    def outcome(self, as_of: pendulum.Date | None = None) -> Outcome:
        """The outcome of the events added so far, as ``Scenario.run`` gives it."""
        run = self._run.copy()
        run.events = tuple(self._events)
        run.as_of = as_of
        run.advance(as_of if as_of is not None else _END_OF_TIME)
        return outcome_of(run)

    # ------------------------------------------------------------------------

    def _problem(self, event: Event) -> Refusal | None:
        if event.index != len(self._events):
            return Refusal("validation.index", None,
                           f"{event.describe()}: the next event has index "
                           f"{len(self._events)}")
        last = self.last_date
        if last is not None and event.date < last:
            return Refusal("validation.date", None,
                           f"{event.describe()}: events are added in date order (the last "
                           f"was on {last})")
        problem = event_problem(event, self.treaty)
        if problem is not None:
            return Refusal(f"validation.{problem.key}", None,
                           f"{event.describe()}: {problem.message}")
        return None

    def _applied(self, event: Event) -> Run:
        """A copy of the run with ``event`` applied as the run loop applies it."""
        run = self._run.copy()
        run.events = (*self._events, event)
        if run.queue and run.queue[0][0] <= event.date:
            run.advance(event.date)
        run.current = event
        run.apply(event)
        run.current = None
        if run.queue and run.queue[0][0] <= event.date:
            run.advance(event.date)
        return run
