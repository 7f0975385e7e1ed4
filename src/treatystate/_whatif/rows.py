"""Computing a sweep's rows: the unit of work an executor runs.

:func:`run_chunk` computes rows ``start`` to ``stop - 1`` from the scenario and the
sweep alone, so a chunk can run in any process or on any machine.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs
import pendulum

from .._engine.run import simulate
from .._model.clauses import Treaty
from .._model.events import Event
from ..errors import DateOutOfRange, TreatyStateError
from .axes import Cell, ConsentDate, EventDate, cell
from .definition import Sweep, field_path

if TYPE_CHECKING:
    from .._model.outcome import Outcome
    from .._scenario import Scenario

__all__ = ["Row", "run_chunk"]

Row: TypeAlias = tuple[Cell, ...]


def _extractor(names: Sequence[str], scenario: Scenario
               ) -> Callable[[Outcome], tuple[Cell, ...]]:
    """A function from an outcome to the cells of ``names``. Neighbouring fields of the
    same record are read with one ``attrgetter`` call: a sweep reads them once per row."""
    groups: list[tuple[str | None, list[str]]] = []
    for name in names:
        code, key = field_path(name, scenario)
        if groups and groups[-1][0] == code:
            groups[-1][1].append(key)
        else:
            groups.append((code, [key]))
    plan = [(code, attrgetter(*keys), len(keys)) for code, keys in groups]

    def extract(outcome: Outcome) -> tuple[Cell, ...]:
        values: list[Any] = []
        parties = outcome.parties
        for code, get, count in plan:
            record: Any = outcome if code is None else parties.get(code)
            if record is None:
                values.extend([None] * count)
            elif count == 1:
                values.append(get(record))
            else:
                values.extend(get(record))
        return tuple(v.isoformat() if type(v) is pendulum.Date else v for v in values)

    return extract


@attrs.frozen
class _Draft:
    """A scenario's treaty and events without the per-event checks a Scenario makes:
    a sweep's values were checked once, when the sweep was read."""

    treaty: Treaty
    events: tuple[Event, ...]
    source: str


def _slots(scenario: Scenario, sweep: Sweep) -> list[int] | None:
    """For a sweep that only moves dates: the position of the event each axis dates
    (a consent the baseline lacks is appended, as :class:`SetConsent` does), so that
    a row replaces a few events instead of rebuilding the scenario per change.
    ``None`` when some axis needs the general path."""
    slots: list[int] = []
    appended = len(scenario.events)
    for axis in sweep.axes:
        target = axis.target
        if isinstance(target, ConsentDate):
            found = [e.index for e in scenario.events
                     if e.type == "consent" and e.party == target.party]
            if not found:
                slots.append(appended)
                appended += 1
                continue
        elif isinstance(target, EventDate):
            found = [e.index for e in scenario.events if target.match.matches(e)]
        else:
            return None
        if len(found) != 1 or found[0] in slots:
            return None
        slots.append(found[0])
    return slots


@functools.lru_cache(maxsize=1 << 14)
def _redated(event: Event, date: pendulum.Date) -> Event:
    """``event`` on ``date`` (as :class:`MoveEvent` gives it), shared between the chunks
    a worker runs: a Monte Carlo draws the same few hundred days again and again."""
    return attrs.evolve(event, date=date, received=None)


def _vary(scenario: Scenario, sweep: Sweep, slots: list[int] | None, inputs: tuple[Any, ...],
          made: dict[tuple[int, Any], Event]) -> tuple[Treaty, tuple[Event, ...]]:
    """The treaty and events of one row: the same as applying each axis's change.
    ``made`` keeps the events already built for a slot and date (frozen, so shared)."""
    if slots is None:
        draft = _Draft(scenario.treaty, scenario.events, scenario.source)
        for axis, value in zip(sweep.axes, inputs, strict=True):
            draft = axis.target.change(value).apply(draft)
        return draft.treaty, draft.events
    events = list(scenario.events)
    for axis, slot, value in zip(sweep.axes, slots, inputs, strict=True):
        event = made.get((slot, value))
        if event is None:
            if slot < len(scenario.events):
                event = _redated(events[slot], value)
            else:
                assert isinstance(axis.target, ConsentDate)
                event = Event(slot, "consent", value, party=axis.target.party)
            made[(slot, value)] = event
        if slot < len(scenario.events):
            events[slot] = event
        else:
            events.append(event)
    return scenario.treaty, tuple(events)


def run_chunk(scenario: Scenario, sweep: Sweep, start: int, stop: int) -> list[Row]:
    """Rows ``start`` to ``stop - 1``: the unit of work sent to an executor."""
    names = sweep.field_names(scenario)
    extract = _extractor(names, scenario)
    empty: tuple[Cell, ...] = (None,) * len(names)
    grid = sweep.grid
    slots = _slots(scenario, sweep)
    made: dict[tuple[int, Any], Event] = {}
    rows: list[Row] = []
    for index in range(start, stop):
        try:
            inputs = sweep.inputs(index, grid)
        except DateOutOfRange as error:
            rows.append((index, *(None for _ in sweep.axes), *empty, str(error)))
            continue
        try:
            treaty, events = _vary(scenario, sweep, slots, inputs, made)
            outcome = simulate(treaty, events, scenario.as_of)
        except TreatyStateError as error:
            # A refused event, or a date beyond the calendar: this row has no outcome,
            # and says why; the other rows still count.
            rows.append((index, *map(cell, inputs), *empty, str(error)))
            continue
        rows.append((index, *map(cell, inputs), *extract(outcome), None))
    return rows
