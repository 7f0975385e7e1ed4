"""Growing a valid event sequence one accepted event at a time."""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any, TypeAlias, TypeVar

import pendulum
from hypothesis import currently_in_test_context, event, reject, target
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from .._dates.periods import (
    DateRule,
    MonthEnd,
)
from .._engine.possible import Candidate, Possible
from .._model.clauses import (
    Treaty,
)
from .._model.events import Event, EventType
from .._model.outcome import Outcome
from .._scenario import Scenario
from ..errors import TreatyStateError
from ._dates import _Draw, _shift_days, legal_dates
from ._reach import MILESTONES, Milestone, allowed, consents_needed, reached, room
from ._treaties import MORE_STATE_CODES, STATE_CODES

T = TypeVar("T")


def _apply(rule_: DateRule, start: pendulum.Date, month_end: MonthEnd) -> pendulum.Date | None:
    """The rule's date, or ``None`` where strict month-end refuses or the calendar ends."""
    try:
        return rule_.apply(start, month_end).date
    except TreatyStateError:
        return None


@functools.cache
def _index(size: int) -> st.SearchStrategy[int]:
    return st.integers(0, size - 1)


def _pick(draw: _Draw, items: Sequence[T]) -> T:
    """``draw(st.sampled_from(items))`` without building and checking a strategy at
    every proposal (the builder draws thousands per test); it shrinks the same way."""
    return items[draw(_index(len(items)))]


def _rotated(draw: _Draw, items: Sequence[T]) -> list[T]:
    """``items`` from a drawn one on, wrapping around (shrinks toward the first)."""
    if not items:
        return []
    start = draw(_index(len(items)))
    return [*items[start:], *items[:start]]


@st.composite
def _gap(draw: st.DrawFn, today: pendulum.Date) -> pendulum.Date:
    """A day on or after ``today``: the same day, the next, a few days or weeks later,
    the end of the month, or about a year later (where notice periods end)."""
    kind = draw(st.sampled_from(("same", "next", "days", "month-end", "year", "long")))
    if kind == "same":
        days = 0
    elif kind == "next":
        days = 1
    elif kind == "days":
        days = draw(st.integers(2, 45))
    elif kind == "month-end":
        days = calendar.monthrange(today.year, today.month)[1] - today.day
    elif kind == "year":
        days = draw(st.integers(355, 370))
    else:
        days = draw(st.integers(46, 900))
    return _shift_days(today, days)


_ACTION_WEIGHTS: dict[EventType, int] = {
    "consent": 5, "withdrawal": 4, "signature": 2, "withdrawal-revocation": 2,
    "duty": 2, "consent-revocation": 1,
    # Only with the clauses that allow them (``treaties(added_clauses=True)``).
    "armed-conflict-start": 2, "armed-conflict-end": 2, "provisional-application": 2,
    # Possible only from the start of a provisional application to the State's entry
    # into force, often a short while.
    "provisional-application-end": 4, "protocol-consent": 3,
}

Weights: TypeAlias = dict[EventType, int]
# Before entry into force, an aim beyond it wants consents, not revocations of them.
# Nothing else on the way (an armed conflict would also put off every withdrawal).
_TOWARD_FORCE: Weights = {
    "consent": 8, "signature": 1, "consent-revocation": 0, "armed-conflict-start": 0,
    "armed-conflict-end": 0, "provisional-application": 0, "provisional-application-end": 0,
    "protocol-consent": 0}
# Every withdrawal counts; a consent after entry into force adds a party to remove.
_TOWARD_TERMINATION: Weights = {
    "withdrawal": 12, "withdrawal-revocation": 0, "consent": 0, "signature": 0,
    "armed-conflict-start": 0}
# What each milestone changes in the weights: before the treaty's entry into force,
# and after it.
_AIMS: dict[Milestone, tuple[Weights, Weights]] = {
    "entry-into-force": (_TOWARD_FORCE, {}),
    "late-consent": (_TOWARD_FORCE, {"consent": 10, "consent-revocation": 2}),
    "consent-revocation": ({"consent-revocation": 6}, {}),
    "withdrawal": (_TOWARD_FORCE, {"withdrawal": 10}),
    "withdrawal-effective": (_TOWARD_FORCE, {"withdrawal": 10, "withdrawal-revocation": 0}),
    "withdrawal-revocation": (_TOWARD_FORCE, {"withdrawal": 8, "withdrawal-revocation": 10}),
    "withdrawal-postponed": (_TOWARD_FORCE, {
        "withdrawal": 8, "withdrawal-revocation": 0, "armed-conflict-start": 8,
        "armed-conflict-end": 0}),
    "terminated": (_TOWARD_FORCE, _TOWARD_TERMINATION),
    "withdrawal-lapsed": (_TOWARD_FORCE, _TOWARD_TERMINATION),
    # Revocations are steered to the days between the condition met and the entry
    # into force (see propose); before, they would keep the condition from being met.
    "entry-into-force-cancelled": (_TOWARD_FORCE, {}),
    "protocol-entry-into-force": (_TOWARD_FORCE, {"protocol-consent": 10, "withdrawal": 1}),
    "provisional-application": ({"provisional-application": 8}, {}),
    "duty-late": ({"duty": 4}, {"duty": 4}),
    "duty-overdue": ({"duty": 0}, {"duty": 0}),
}


class _Builder:
    """Grows an event sequence one accepted event at a time.

    Which kinds of event a State may propose on a day comes from the lifecycle machine
    (:meth:`Possible.candidates`); whether the engine accepts the event, from a trial by
    its rule (:meth:`Possible.refusal`). The builder only steers: the weights of the
    kinds, the days that matter, the milestones to reach. So every prefix is a valid
    scenario, and no table here says which State may do what.
    """

    def __init__(self, treaty: Treaty, start: pendulum.Date, unsigned: str | None = None,
                 aims: frozenset[Milestone] = frozenset()) -> None:
        self.treaty = treaty
        self.possible = Possible(treaty)
        # The outcome, to the end, of the events accepted so far.
        self.final: Outcome | None = None
        # The last proposal the engine accepted, with the run it gives.
        self.tried: tuple[Event, Possible] | None = None
        self.refused_by = ""
        self.today = start
        # A listed State kept out of the treaty's life (to break "consent without
        # signature").
        self.unsigned = unsigned
        # The milestones to steer toward, one after the other in the order of a life
        # (:data:`MILESTONES`): the first not reached yet sets the weights of the kinds
        # of event; the duties' ones apply throughout.
        self.aims = tuple(m for m in MILESTONES if m in aims)
        self.reached: frozenset[Milestone] = frozenset()
        self.weighing: dict[tuple[Milestone | None, int], Weights] = {}
        # An open treaty needs as many States as its condition counts, and some more.
        self.known = list(treaty.parties or ())
        if not treaty.closed:
            weighed = {c for table in treaty.weights.values() for c in table}
            more = [c for c in MORE_STATE_CODES if c not in weighed]
            wanted = max(consents_needed(treaty) + 4 - len(STATE_CODES) - len(weighed), 0)
            self.known = [*STATE_CODES, *sorted(weighed - set(STATE_CODES)), *more[:wanted]]

    @property
    def events(self) -> tuple[Event, ...]:
        return self.possible.events

    @property
    def aim(self) -> Milestone | None:
        """The milestone steered toward now."""
        return next((m for m in self.aims if m not in self.reached and m not in _DUTY_AIMS),
                    None)

    def weights(self, phase: int) -> Weights:
        """The weights of the kinds of event, before entry into force (0) or after (1)."""
        key = (self.aim, phase)
        if key not in self.weighing:
            found = dict(_ACTION_WEIGHTS)
            for aim in (self.aim, *(m for m in self.aims if m in _DUTY_AIMS)):
                if aim is not None:
                    found.update(_AIMS[aim][phase])
            self.weighing[key] = found
        return self.weighing[key]

    def scenario(self, extra: Sequence[Event] = ()) -> Scenario:
        return Scenario(self.treaty, (*self.events, *extra))

    def state(self, day: pendulum.Date) -> Outcome | None:
        if not self.events:
            return None
        return self.possible.outcome(day)

    def event(self, kind: EventType, day: pendulum.Date, **fields: Any) -> Event:
        return Event(index=len(self.events), type=kind, date=day, **fields)

    def trial(self, event: Event) -> bool:
        """Whether the engine accepts ``event`` next; if so, it is kept as tried (if not,
        :attr:`refused_by` is the label of the check that refused it)."""
        branch = self.possible.copy()
        try:
            branch.add(event)
        except TreatyStateError as error:
            self.refused_by = getattr(error, "refusal", None) or type(error).__name__
            return False
        self.tried = (event, branch)
        return True

    def accept(self, event: Event) -> bool:
        """Add ``event`` if the engine accepts it and the scenario then runs to its end."""
        if (self.tried is None or self.tried[0] is not event) and not self.trial(event):
            return False
        assert self.tried is not None
        branch = self.tried[1]
        self.tried = None
        try:
            final = branch.outcome()
        except TreatyStateError:
            return False
        self.possible, self.final = branch, final
        if self.aims:
            self.reached = reached(final)
        self.today = event.date
        return True

    def signed_at_all(self) -> bool:
        return any(e.type == "signature" for e in self.events)

    def codes(self, state: Outcome | None) -> list[str]:
        return self.known + [c for c in (state.parties if state else ()) if c not in self.known]

    def status(self, state: Outcome | None, code: str) -> str:
        if state is None or code not in state.parties:
            return "negotiating"
        return state.parties[code].status

    def offered(self, state: Outcome | None, day: pendulum.Date, weights: Weights
                ) -> dict[EventType, list[Candidate]]:
        """The events of the weighted kinds the lifecycle machine allows on ``day``,
        by kind; a duty only as one of the duty instances still open."""
        codes = [c for c in self.codes(state) if c != self.unsigned]
        found: dict[EventType, list[Candidate]] = {}
        for candidate in self.possible.candidates(day, codes,
                                                  kinds=[k for k in weights if weights[k]]):
            found.setdefault(candidate.type, []).append(candidate)
        if "duty" in found:
            open_duties = {(d.id, d.party) for d in state.duties if d.done is None} \
                if state is not None else set()
            found["duty"] = [c for c in found["duty"] if (c.duty, c.party) in open_duties]
        return {kind: candidates for kind, candidates in found.items() if candidates}

    def propose(self, draw: _Draw, tried: bool = True) -> Event | None:
        """An event on a day drawn from today, of a kind the lifecycle machine allows
        (``None`` when it allows nothing). ``tried``: the kinds and States are tried
        until the engine accepts one (the first tried if none is); otherwise the first
        event drawn, which a rule may still refuse (a notice before ``earliest``)."""
        treaty = self.treaty
        day = draw(_gap(self.today))
        state = self.state(day)
        window = self.window_end(state)
        if window is not None and self.today < window <= day:
            # Stay within the days where the aim can still be reached.
            day = self.today
            state = self.state(day)
        if treaty.closed and not self.signed_at_all():
            listed = [code for code in treaty.parties or () if code != self.unsigned]
            everyone = () if self.unsigned is None else tuple(listed)
            # Usually every listed State signs at once, as at an adoption conference.
            signers = draw(st.one_of(st.just(everyone), st.just(everyone), st.just(everyone),
                                     st.lists(st.sampled_from(listed), min_size=1,
                                              unique=True).map(tuple)))
            return self.event("signature", day, parties=signers)
        weights = self.weights(1 if _in_force_on(state, day) else 0)
        if state is not None and state.entry_into_force is not None and \
                state.entry_into_force > day and self.aim == "entry-into-force-cancelled":
            # The condition is met, the day not yet come: revoking a consent cancels it.
            weights = {**weights, "consent-revocation": 20, "consent": 0}
        if "duty-overdue" not in self.aims and state is not None and any(
                d.done is None and d.due is not None and d.due >= self.today
                for d in state.duties):
            # A duty falling due: done in time, unless steering toward an overdue one.
            weights = {**weights, "duty": max(weights.get("duty", 0), 8)}
        offered = self.offered(state, day, weights)
        # The kind of event is drawn first, with fixed weights, whatever the number of
        # States that could do it: the treaty reaches entry into force often, and
        # withdrawals and revocations are not drowned by the many consents. Heaviest
        # first: the simplest draws (Hypothesis tries many) follow the aim too.
        heaviest = sorted(weights, key=lambda k: -weights[k])
        refused: Event | None = None
        # The checks that refused an event of a kind tried before: one that refuses
        # another kind too (the treaty terminated) is not asked again State by State.
        refusing: set[str] = set()
        while offered:
            kinds = [k for k in heaviest for _ in range(weights[k]) if k in offered]
            kind = _pick(draw, kinds)
            candidates = offered.pop(kind)
            if kind == "armed-conflict-start" and self.aim == "withdrawal-postponed":
                # A conflict postpones only a withdrawal pending when its notice
                # period ends.
                candidates = [c for c in candidates if c.party is not None and self.status(
                    state, c.party) == "withdrawing"] or candidates
            # A few of the States, from one drawn on: the machine allows them all, the
            # rule perhaps only one (the State whose provisional application runs).
            refused_here: set[str] = set()
            for candidate in _rotated(draw, candidates)[:_TRIES_PER_KIND]:
                proposal = self.shaped(draw, state, day, candidate)
                if proposal is None:
                    continue
                if not tried or self.trial(proposal):
                    return proposal
                refused = refused or proposal
                if self.refused_by in refusing:
                    break
                refused_here.add(self.refused_by)
            refusing |= refused_here
        return refused

    def shaped(self, draw: _Draw, state: Outcome | None, day: pendulum.Date,
               candidate: Candidate) -> Event | None:
        """``candidate`` as an event, on a day that matters."""
        kind, code = candidate.type, candidate.party
        if kind == "withdrawal":
            assert state is not None and code is not None
            return self.withdrawal(draw, state, code, day)
        if kind == "withdrawal-revocation":
            assert state is not None and code is not None
            effective = state.parties[code].withdrawal_effective
            if effective is None or effective <= self.today:
                return None
            last = _shift_days(effective, -1)
            return self.event(kind, draw(st.sampled_from((last, day if day < last else last))),
                              party=code)
        if kind == "duty":
            assert state is not None
            duty = next(d for d in state.duties if d.done is None and d.id == candidate.duty
                        and d.party == code)
            when = day
            if duty.due is not None:
                late = "duty-late" in self.aims
                around = _shift_days(duty.due, draw(st.integers(1, 30) if late
                                                    else st.integers(-2, 2)))
                when = max(self.today, around)
            return self.event("duty", when, duty=duty.id, party=duty.party)
        return candidate.event(len(self.events), day)

    def window_end(self, state: Outcome | None) -> pendulum.Date | None:
        """The first day on which the aim can no longer be reached from today: the
        scheduled entry into force (a consent revocation before it cancels it), the day a
        pending withdrawal takes effect (an armed conflict begun before it postpones it),
        the termination (a notice received before it lapses)."""
        if state is None:
            return None
        ends: list[pendulum.Date] = []
        if self.aim == "entry-into-force-cancelled" and state.entry_into_force is not None:
            ends.append(state.entry_into_force)
        if self.aim == "withdrawal-lapsed" and state.terminated is not None:
            ends.append(state.terminated)
        if self.aim == "withdrawal-postponed":
            ends.extend(p.withdrawal_effective for p in state.parties.values()
                        if p.withdrawal_effective is not None and p.withdrawal_notice
                        is not None and p.withdrawal_notice <= self.today)
        later = [end for end in ends if end > self.today]
        return min(later) if later else None

    def withdrawal(self, draw: _Draw, state: Outcome, code: str,
                   day: pendulum.Date) -> Event | None:
        clause, month_end = self.treaty.withdrawal, self.treaty.month_end
        record = state.parties[code]
        if clause.earliest is not None and record.in_force_from is not None:
            earliest = _apply(clause.earliest, record.in_force_from, month_end)
            if earliest is None:
                return None
            # Steering toward a withdrawal's consequences, never wait for nothing.
            if self.aim in _AFTER_WITHDRAWAL or draw(st.booleans()):
                day = max(day, earliest)
        effective = None
        if clause.later_date and draw(st.booleans()):
            by_rule = _apply(clause.effective, day, month_end)
            if by_rule is None:
                return None
            effective = _shift_days(by_rule, draw(st.sampled_from((0, 1, 30, 365))))
        return self.event("withdrawal", day, party=code, effective=effective)

    def grow(self, draw: _Draw, size: int) -> None:
        attempts = 0
        while len(self.events) < size and attempts < 3 * size + 3:
            attempts += 1
            proposal = self.propose(draw)
            if proposal is None:
                self.wait_for_change()
            else:
                self.accept(proposal)

    def wait_for_change(self) -> None:
        """Move today to the next day something scheduled happens (an entry into force, a
        withdrawal taking effect, a duty falling due): nothing may happen before it."""
        if self.final is None:
            return
        later = [e.date for e in self.final.timeline if e.date > self.today]
        if later:
            self.today = min(later)


# How many States of the kind drawn are tried before another kind is.
_TRIES_PER_KIND = 8
_DUTY_AIMS: frozenset[Milestone] = frozenset({"duty-late", "duty-overdue"})
_AFTER_WITHDRAWAL: frozenset[Milestone | None] = frozenset({
    "withdrawal", "withdrawal-effective", "withdrawal-revocation", "withdrawal-postponed",
    "terminated", "withdrawal-lapsed"})


def _in_force_on(state: Outcome | None, day: pendulum.Date) -> bool:
    """Whether the treaty had entered into force by ``day`` (derived events come before
    a day's input events, so an entry into force that day counts)."""
    return state is not None and state.entry_into_force is not None \
        and state.entry_into_force <= day


def _start(treaty: Treaty) -> st.SearchStrategy[pendulum.Date]:
    if treaty.opened_for_signature is not None:
        opened = treaty.opened_for_signature
        return st.sampled_from((opened, _shift_days(opened, 1), _shift_days(opened, 40)))
    return legal_dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))


def _sizes(least: int, most: int) -> st.SearchStrategy[int]:
    """Half the scenarios are as long as allowed: a treaty's life needs many events."""
    return st.one_of(st.integers(least, most), st.just(most))


def _report(possible: Sequence[Milestone], shown: frozenset[Milestone]) -> None:
    """Tell Hypothesis's statistics (``--hypothesis-show-statistics``) what was reached,
    and steer its targeted phase toward scenarios that reach more."""
    if not currently_in_test_context():
        return
    for milestone in possible:
        if milestone in shown:
            event(f"reached {milestone}")
    with contextlib.suppress(InvalidArgument):  # a second scenario in the same test
        target(float(len(shown)), label="milestones reached")


@st.composite
def _valid_scenario(draw: st.DrawFn, treaty: Treaty | st.SearchStrategy[Treaty],
                    min_events: int, max_events: int | None,
                    reaching: tuple[Milestone, ...]) -> Scenario:
    chosen = draw(treaty) if isinstance(treaty, st.SearchStrategy) else treaty
    possible = allowed(chosen)
    if reaching:
        if not set(reaching) <= set(possible):
            reject()  # a drawn treaty that cannot get there
        aims = frozenset(reaching)
    else:
        # Steer toward some of the milestones the treaty allows (none: an unbiased
        # life), each chosen by its own coin: in 100 examples every milestone is aimed at
        # some 20 to 40 times. (One draw among the milestones would not do: Hypothesis's
        # choices from a range cluster, and some milestone would go unvisited.)
        coins = draw(st.lists(st.booleans(), min_size=len(possible), max_size=len(possible)),
                     label="steering toward")
        aims = frozenset(m for m, chosen in zip(possible, coins, strict=True) if chosen)
    most = room(chosen) if max_events is None else max_events
    for _ in range(3 if reaching else 1):
        builder = _Builder(chosen, draw(_start(chosen)), aims=aims)
        # Steering needs room; an unbiased life is as long as drawn.
        builder.grow(draw, most if aims else draw(_sizes(min_events, most)))
        scenario = builder.scenario()
        shown = reached(scenario.run()) if scenario.events else frozenset()
        if set(reaching) <= shown:
            _report(possible, shown)
            return scenario
    reject()
