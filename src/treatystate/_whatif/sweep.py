"""Sweeps and Monte Carlo runs: many variants of one scenario, as rows of outcome fields.

A :class:`Sweep` varies inputs along :class:`Axis` objects. Each axis has a *target*
(what it changes: a party's consent date, an event's date, the ``month_end`` policy,
the withdrawal notice period, the number of instruments needed) and *values*: a
:class:`DateRange` with a step, a set of :class:`Values`, or random :class:`Delays`
drawn from a stated distribution. Fixed axes form a grid (their Cartesian product);
random axes are drawn ``samples`` times per grid point.

Row ``i`` is a pure function of the scenario, the sweep and ``i``: its random draws
are uniform numbers hashed from ``(seed, i)`` and nothing else, each put through the
inverse of the distribution's cumulative distribution function. So the rows are
the same whether they run serially, in a process pool or on a Dask cluster, and in
whatever chunks. Any :class:`concurrent.futures.Executor` will do::

    with ProcessPoolExecutor(2) as pool:
        result = run_sweep(scenario, sweep, executor=pool)

    from dask.distributed import Client          # the `dask` extra
    with Client(address) as client:
        result = run_sweep(scenario, sweep, executor=client.get_executor())

The format of ``[sweep]`` in a scenario file is in ``docs/variants.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import math
import re
import struct
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from operator import attrgetter
from statistics import NormalDist
from typing import IO, TYPE_CHECKING, Any, TypeAlias

import attrs
import pendulum

from .._dates.periods import (
    MONTH_END_POLICIES,
    AddPeriod,
    DateRule,
    Period,
    legal_date,
    parse_period,
    timezone,
)
from .._engine.run import simulate
from .._io.expect import PARTY_KEYS, TOP_KEYS, Mismatch
from .._io.loader import Reader
from .._model.clauses import Instruments, Treaty
from .._model.events import Event
from ..errors import DateOutOfRange, InputError, ScenarioFileError, TreatyStateError
from .variants import (
    Change,
    EventMatch,
    MoveEvent,
    S,
    SetConsent,
    SetEntryCondition,
    SetMonthEnd,
    SetWithdrawalEffective,
    Variant,
    _match,
)

if TYPE_CHECKING:
    from .._model.outcome import Outcome
    from .._scenario import Scenario

__all__ = [
    "Axis",
    "ConsentDate",
    "DateRange",
    "DateStats",
    "Delays",
    "Distribution",
    "EventDate",
    "Exponential",
    "InstrumentsNeeded",
    "LogNormal",
    "MonthEndPolicy",
    "Normal",
    "Sweep",
    "SweepExpect",
    "SweepResult",
    "SweepSummary",
    "Triangular",
    "Uniform",
    "Values",
    "VariantChoice",
    "WithdrawalNotice",
    "parse_sweep",
    "run_sweep",
]

Cell: TypeAlias = str | int | None
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --------------------------------------------------------------- distributions


@attrs.frozen
class Uniform:
    """Every delay from ``low`` to ``high`` days equally likely."""

    low: float
    high: float

    def draw(self, u: float) -> float:
        return self.low + u * (self.high - self.low)


@attrs.frozen
class Normal:
    """A normal delay: ``mean`` and standard deviation ``sd``, in days."""

    mean: float
    sd: float

    def draw(self, u: float) -> float:
        return self.mean + self.sd * _STANDARD_NORMAL.inv_cdf(u)


@attrs.frozen
class LogNormal:
    """A log-normal delay: half the draws fall below ``median`` days; ``sigma`` is the
    standard deviation of its logarithm (a long right tail: some States take years)."""

    median: float
    sigma: float

    def draw(self, u: float) -> float:
        return self.median * math.exp(self.sigma * _STANDARD_NORMAL.inv_cdf(u))


@attrs.frozen
class Triangular:
    """At least ``low``, at most ``high``, most likely ``mode`` days."""

    low: float
    mode: float
    high: float

    def draw(self, u: float) -> float:
        low, mode, high = self.low, self.mode, self.high
        if high == low:
            return low
        if u < (mode - low) / (high - low):
            return low + math.sqrt(u * (high - low) * (mode - low))
        return high - math.sqrt((1 - u) * (high - low) * (high - mode))


@attrs.frozen
class Exponential:
    """A memoryless delay with the given ``mean`` in days."""

    mean: float

    def draw(self, u: float) -> float:
        return -self.mean * math.log(1 - u)


_STANDARD_NORMAL = NormalDist()

Distribution: TypeAlias = Uniform | Normal | LogNormal | Triangular | Exponential
_DISTRIBUTIONS: dict[str, tuple[type[Distribution], tuple[str, ...]]] = {
    "uniform": (Uniform, ("low", "high")),
    "normal": (Normal, ("mean", "sd")),
    "lognormal": (LogNormal, ("median", "sigma")),
    "triangular": (Triangular, ("low", "mode", "high")),
    "exponential": (Exponential, ("mean",)),
}


# ---------------------------------------------------------------------- values


@attrs.frozen
class DateRange:
    """``start``, ``start + step``, ... up to and including ``stop``.

    The n-th date is ``start + n × step`` (months added once, never step by step, so
    31 January with a one-month step gives 28/29 February, then 31 March).
    """

    start: pendulum.Date
    stop: pendulum.Date
    step: Period

    def __attrs_post_init__(self) -> None:
        if not (self.step.total_months or self.step.total_days):
            raise InputError("a date range needs a step longer than zero, such as 'P1D'")
        if self.stop < self.start:
            raise InputError(f"a date range must not end ({self.stop}) before it starts "
                             f"({self.start})")

    def values(self) -> tuple[pendulum.Date, ...]:
        dates: list[pendulum.Date] = []
        count = 0
        while True:
            multiple = Period(months=self.step.total_months * count,
                              days=self.step.total_days * count)
            try:
                date = AddPeriod(multiple).apply(self.start, "last-day").date
            except DateOutOfRange:
                return tuple(dates)  # past the end of the calendar, so past `stop`
            if date > self.stop:
                return tuple(dates)
            dates.append(date)
            count += 1


@attrs.frozen
class Values:
    """A set of values, each tried in turn."""

    items: tuple[Any, ...] = attrs.field(converter=tuple)

    def __attrs_post_init__(self) -> None:
        if not self.items:
            raise InputError("a set of values must not be empty")

    def values(self) -> tuple[Any, ...]:
        return self.items


@attrs.frozen
class Delays:
    """A random date: ``after`` plus a delay in whole days drawn from ``distribution``.

    A draw is rounded to the nearest day; a negative draw counts as no delay
    (a State cannot act before the day the delay runs from).
    """

    after: pendulum.Date
    distribution: Distribution

    def draw(self, u: float) -> pendulum.Date:
        """The date for the uniform number ``u`` (0 < u < 1), by the inverse of the
        distribution's cumulative distribution function."""
        days = max(0, round(self.distribution.draw(u)))
        ordinal = self.after.toordinal() + days
        if ordinal > _LAST_ORDINAL:
            raise DateOutOfRange(f"{self.after} + {days} days (a random delay) leaves the "
                                 "calendar (years 1 to 9999)")
        return _date_of(ordinal)


_LAST_ORDINAL = dt.date.max.toordinal()


@functools.lru_cache(maxsize=1 << 16)
def _date_of(ordinal: int) -> pendulum.Date:
    """The date of a day number, shared: draws fall on few distinct days, and pendulum's
    own day arithmetic costs more than a sweep's share of a run can afford."""
    day = dt.date.fromordinal(ordinal)
    return pendulum.Date(day.year, day.month, day.day)


Source: TypeAlias = DateRange | Values | Delays


# --------------------------------------------------------------------- targets


@attrs.frozen
class ConsentDate:
    """A party's consent date (added when the baseline has no consent for it)."""

    party: str
    takes_dates = True

    def change(self, value: Any) -> Change:
        return SetConsent(self.party, value)

    def column(self) -> str:
        return f"consent.{self.party}"


@attrs.frozen
class EventDate:
    """The date of the one matching input event."""

    match: EventMatch
    takes_dates = True

    def change(self, value: Any) -> Change:
        return MoveEvent(self.match, value)

    def column(self) -> str:
        bits = [str(v) for v in (self.match.type, self.match.party, self.match.duty,
                                 self.match.index) if v is not None]
        return "event." + ".".join(bits)


@attrs.frozen
class MonthEndPolicy:
    """The treaty's ``month_end`` policy."""

    takes_dates = False

    def change(self, value: Any) -> Change:
        return SetMonthEnd(value)

    def column(self) -> str:
        return "month_end"


@attrs.frozen
class WithdrawalNotice:
    """The withdrawal notice period: date steps such as ``"+P6M"``."""

    takes_dates = False

    def change(self, value: Any) -> Change:
        return SetWithdrawalEffective(value)

    def column(self) -> str:
        return "withdrawal.effective"


@attrs.frozen
class InstrumentsNeeded:
    """``when = { instruments = N }``: the number of consents for entry into force."""

    takes_dates = False

    def change(self, value: Any) -> Change:
        return SetEntryCondition(Instruments(int(value)))

    def column(self) -> str:
        return "entry_into_force.instruments"


@attrs.frozen
class VariantChoice:
    """One of several named variants (the column shows its name)."""

    column_name: str = "variant"
    takes_dates = False

    def change(self, value: Any) -> Change:
        assert isinstance(value, Variant)
        return _Composite(value)

    def column(self) -> str:
        return self.column_name


@attrs.frozen
class _Composite:
    variant: Variant

    def apply(self, scenario: S) -> S:
        for change in self.variant.changes:
            scenario = change.apply(scenario)
        return scenario

    def describe(self) -> str:
        return self.variant.describe()


Target: TypeAlias = (ConsentDate | EventDate | MonthEndPolicy | WithdrawalNotice
                     | InstrumentsNeeded | VariantChoice)


@attrs.frozen
class Axis:
    """One varied input: what it changes (``target``) and its values (``values``)."""

    target: Target
    values: Source
    name: str | None = None

    def __attrs_post_init__(self) -> None:
        if isinstance(self.values, DateRange | Delays) and not self.target.takes_dates:
            raise InputError(f"{self.column}: date ranges and delays vary dates; give a set "
                             "of values instead")

    @property
    def column(self) -> str:
        return self.name or self.target.column()

    @property
    def random(self) -> bool:
        return isinstance(self.values, Delays)


def _cell(value: object) -> Cell:
    if type(value) is pendulum.Date:
        return value.isoformat()
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, Variant):
        return value.name
    if isinstance(value, DateRule):
        return " ".join(value.as_strings())
    return str(value)  # a datetime.date gives its ISO form too


# ----------------------------------------------------------------------- sweep


@attrs.frozen
class SweepExpect:
    """Asserted summaries (``[sweep.expect]``): exact counts and dates of entry into
    force, and ranges (inclusive) for the probability of being in force by a date."""

    rows: int | None = None
    refused: int | None = None
    never: int | None = None
    earliest: str | None = None
    latest: str | None = None
    median: str | None = None
    in_force_by: Mapping[str, tuple[float, float]] = attrs.field(factory=dict)

    def compare(self, summary: SweepSummary) -> list[Mismatch]:
        stats = summary.entry_into_force
        actual: dict[str, str | int | None] = {
            "rows": summary.rows, "refused": summary.refused, "never": summary.never,
            "earliest": stats.earliest if stats else None,
            "latest": stats.latest if stats else None,
            "median": stats.quantiles.get("median") if stats else None,
        }
        found: list[Mismatch] = []
        for key, value in actual.items():
            wanted = getattr(self, key)
            if wanted is not None and wanted != value:
                found.append(Mismatch(f"sweep.{key}", wanted, value))
        for day, (low, high) in self.in_force_by.items():
            probability = summary.in_force_by.get(day)
            if probability is None or not low <= probability <= high:
                wanted_text = f"{low}" if low == high else f"between {low} and {high}"
                found.append(Mismatch(f"sweep.in_force_by.{day}", wanted_text, probability))
        return found


def _axis_tuple(axes: Iterable[Axis]) -> tuple[Axis, ...]:
    return tuple(axes)


@attrs.frozen
class Sweep:
    """Axes to vary, how many random samples per grid point, the seed, and the outcome
    fields to collect (``"entry_into_force"``, ``"parties.TKM.in_force_from"``...;
    default: status, entry into force, termination and each party's status and date
    of entry into force for it)."""

    axes: tuple[Axis, ...] = attrs.field(converter=_axis_tuple)
    samples: int = 1
    seed: int = 0
    fields: tuple[str, ...] | None = None
    in_force_by: tuple[pendulum.Date, ...] = ()
    expect: SweepExpect | None = None

    def __attrs_post_init__(self) -> None:
        if self.samples < 1:
            raise InputError(f"samples must be at least 1, got {self.samples}")
        if not self.random and self.samples != 1:
            raise InputError("samples repeat random draws; with no random axis use samples = 1")
        columns = [axis.column for axis in self.axes]
        duplicates = sorted({c for c in columns if columns.count(c) > 1})
        if duplicates:
            raise InputError(f"two axes vary the same input: {', '.join(duplicates)}")

    @property
    def random(self) -> bool:
        return self.random_axes > 0

    @property
    def random_axes(self) -> int:
        return sum(1 for axis in self.axes if axis.random)

    @property
    def grid(self) -> tuple[tuple[Any, ...], ...]:
        return tuple(axis.values.values() for axis in self.axes
                     if not isinstance(axis.values, Delays))

    def __len__(self) -> int:
        return math.prod(len(values) for values in self.grid) * self.samples

    def columns(self, scenario: Scenario) -> tuple[str, ...]:
        return ("row", *(axis.column for axis in self.axes), *self.field_names(scenario),
                "refused")

    def field_names(self, scenario: Scenario) -> tuple[str, ...]:
        if self.fields is not None:
            return self.fields
        parties = scenario.treaty.parties or ()
        return ("status", "entry_into_force", "terminated",
                *(f"parties.{code}.{key}" for code in parties
                  for key in ("status", "in_force_from")))

    def inputs(self, index: int, grid: tuple[tuple[Any, ...], ...] | None = None
               ) -> tuple[Any, ...]:
        """The axis values of row ``index``: grid coordinates from the index (the last
        axis varies fastest), random draws from a generator seeded by (seed, index)."""
        fixed = self.grid if grid is None else grid
        grid_index = index // self.samples
        coordinates: list[Any] = []
        for values in reversed(fixed):
            grid_index, position = divmod(grid_index, len(values))
            coordinates.append(values[position])
        coordinates.reverse()
        uniforms = iter(_row_uniforms(self.seed, index, self.random_axes)
                        if self.random_axes else ())
        chosen: list[Any] = []
        for axis in self.axes:
            if isinstance(axis.values, Delays):
                chosen.append(axis.values.draw(next(uniforms)))
            else:
                chosen.append(coordinates.pop(0))
        return tuple(chosen)

    def check(self, scenario: Scenario) -> None:
        """Raise :class:`InputError` unless every axis and field fits ``scenario``: a
        consent's party is listed and has at most one consent, an event axis matches
        one event, each variant offered applies, each field exists. (A row can still be
        refused by the engine: that is an answer, not an error.)"""
        for name in self.field_names(scenario):
            _field_path(name, scenario)
        for axis in self.axes:
            target = axis.target
            if isinstance(target, ConsentDate):
                probe: Change = SetConsent(target.party, _PROBE_DATE)
                probe.apply(scenario)
            elif isinstance(target, EventDate):
                MoveEvent(target.match, _PROBE_DATE).apply(scenario)
            elif isinstance(target, VariantChoice) and isinstance(axis.values, Values):
                for value in axis.values.values():
                    if not isinstance(value, Variant):
                        raise InputError(f"{axis.column}: expected variants, got {value!r}")
                    value.apply(scenario)

    def variant(self, index: int) -> Variant:
        """Row ``index`` as a variant of the baseline."""
        inputs = self.inputs(index)
        return Variant(f"row-{index}",
                       tuple(axis.target.change(value) for axis, value in zip(self.axes, inputs,
                                                                              strict=True)))


# Any date will do to check that a change applies; its rows get their own dates.
_PROBE_DATE = pendulum.Date(2000, 1, 1)


def _row_uniforms(seed: int, index: int, count: int) -> list[float]:
    """``count`` numbers in (0, 1) for one row, from the sweep's seed and the row's index
    only: BLAKE2b of ``"seed/index/block"``, eight 64-bit words per block, 53 bits of
    each (a double's precision), centred so that none is exactly 0 or 1. No generator
    state is shared between rows, and the numbers do not depend on the Python version."""
    numbers: list[float] = []
    block = 0
    while len(numbers) < count:
        digest = hashlib.blake2b(f"{seed}/{index}/{block}".encode(), digest_size=64).digest()
        numbers += [((word >> 11) + 0.5) * _TWO_TO_MINUS_53
                    for word in _EIGHT_WORDS.unpack(digest)]
        block += 1
    return numbers[:count]


_EIGHT_WORDS = struct.Struct(">8Q")
_TWO_TO_MINUS_53 = 2.0**-53


def _field_path(name: str, scenario: Scenario) -> tuple[str | None, str]:
    """``(None, key)`` for a top-level outcome key, ``(party, key)`` for
    ``parties.CODE.KEY``; an :class:`InputError` for anything else."""
    parts = name.split(".")
    if len(parts) == 1 and name in TOP_KEYS:
        return None, name
    if len(parts) == 3 and parts[0] == "parties" and parts[2] in PARTY_KEYS:
        listed = scenario.treaty.parties
        if listed is not None and parts[1] not in listed:
            raise InputError(f"field {name!r}: {parts[1]} is not a listed party "
                             f"({', '.join(listed)})")
        return parts[1], parts[2]
    raise InputError(
        f"{name!r} is not an outcome field; use one of {', '.join(TOP_KEYS)} or "
        f"parties.CODE.KEY with KEY one of {', '.join(PARTY_KEYS)}"
    )


def _extractor(names: Sequence[str], scenario: Scenario
               ) -> Callable[[Outcome], tuple[Cell, ...]]:
    """A function from an outcome to the cells of ``names``. Neighbouring fields of the
    same record are read with one ``attrgetter`` call: a sweep reads them once per row."""
    groups: list[tuple[str | None, list[str]]] = []
    for name in names:
        code, key = _field_path(name, scenario)
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


def _run_chunk(scenario: Scenario, sweep: Sweep, start: int, stop: int) -> list[tuple[Cell, ...]]:
    """Rows ``start`` to ``stop - 1``: the unit of work sent to an executor."""
    names = sweep.field_names(scenario)
    extract = _extractor(names, scenario)
    empty: tuple[Cell, ...] = (None,) * len(names)
    grid = sweep.grid
    slots = _slots(scenario, sweep)
    made: dict[tuple[int, Any], Event] = {}
    rows: list[tuple[Cell, ...]] = []
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
            rows.append((index, *map(_cell, inputs), *empty, str(error)))
            continue
        rows.append((index, *map(_cell, inputs), *extract(outcome), None))
    return rows


def _chunks(total: int, size: int) -> list[tuple[int, int]]:
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def run_sweep(
    scenario: Scenario,
    sweep: Sweep | None = None,
    *,
    executor: Executor | None = None,
    jobs: int | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
) -> SweepResult:
    """Run every row of ``sweep`` (default: the scenario's ``[sweep]``).

    ``executor``: any :class:`concurrent.futures.Executor` (a thread or process pool,
    Dask's ``Client.get_executor()``...); ``jobs``: run in a process pool of that
    many workers instead; neither: serially, in this process. Rows travel in chunks
    of ``chunk_size`` (default: the rows split in about 32 chunks, at most 1,000 rows
    each) so that sending work costs little next to doing it. ``progress``: show a
    progress bar (default: only when stderr is a terminal). The rows are identical
    in every case.
    """
    sweep = sweep if sweep is not None else scenario.sweep
    if sweep is None:
        raise ScenarioFileError(f"{scenario.source}: has no [sweep] table and no sweep was given")
    sweep.check(scenario)
    total = len(sweep)
    size = chunk_size or max(1, min(1000, -(-total // 32)))
    chunks = _chunks(total, size)
    show = sys.stderr.isatty() if progress is None else progress
    if executor is None and jobs is not None and jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            rows = _collect(scenario, sweep, chunks, pool, show, total)
    else:
        rows = _collect(scenario, sweep, chunks, executor, show, total)
    return SweepResult(sweep.columns(scenario), rows)


def _collect(scenario: Scenario, sweep: Sweep, chunks: list[tuple[int, int]],
             executor: Executor | None, show: bool, total: int) -> list[tuple[Cell, ...]]:
    def results() -> Iterator[list[tuple[Cell, ...]]]:
        if executor is None:
            for start, stop in chunks:
                yield _run_chunk(scenario, sweep, start, stop)
            return
        futures: list[Future[list[tuple[Cell, ...]]]] = [
            executor.submit(_run_chunk, scenario, sweep, start, stop) for start, stop in chunks
        ]
        for future in futures:
            yield future.result()

    rows: list[tuple[Cell, ...]] = []
    if not show:
        for chunk in results():
            rows.extend(chunk)
        return rows
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("sweep", total=total)
        for chunk in results():
            rows.extend(chunk)
            bar.advance(task, len(chunk))
    return rows


# ---------------------------------------------------------------------- result


@attrs.frozen
class DateStats:
    """Dates in a column: how many, the earliest, the latest and quantiles.

    Quantiles use the nearest-rank method, so each is a date that occurs in the rows.
    """

    count: int
    earliest: str
    latest: str
    quantiles: Mapping[str, str]


_QUANTILES = (("q05", 0.05), ("q25", 0.25), ("median", 0.5), ("q75", 0.75), ("q95", 0.95))


def _date_stats(values: Sequence[str]) -> DateStats:
    ordered = sorted(values)
    count = len(ordered)
    quantiles = {name: ordered[min(count - 1, max(0, math.ceil(q * count) - 1))]
                 for name, q in _QUANTILES}
    return DateStats(count, ordered[0], ordered[-1], quantiles)


@attrs.frozen
class SweepSummary:
    """What a sweep's rows say: how many rows were ``refused`` (an event refused, or a
    date beyond the calendar: no outcome), entry into force (earliest, latest,
    quantiles; rows where it ``never`` happens), the probability of being in force by
    given dates (among rows not refused), and per column (each party's dates and statuses, each
    varied input) date statistics or counts of values."""

    rows: int
    refused: int
    never: int
    entry_into_force: DateStats | None
    in_force_by: Mapping[str, float]
    columns: Mapping[str, DateStats | Mapping[str, int]]

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = attrs.asdict(self)
        return result


@attrs.frozen
class SweepResult:
    """The rows of a sweep (tuples in ``columns`` order; dates as ISO strings)."""

    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]

    def records(self) -> Iterator[dict[str, Cell]]:
        for row in self.rows:
            yield dict(zip(self.columns, row, strict=True))

    def column(self, name: str) -> list[Cell]:
        position = self.columns.index(name)
        return [row[position] for row in self.rows]

    def write_csv(self, out: IO[str]) -> None:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(("" if cell is None else cell for cell in row) for row in self.rows)

    def write_jsonl(self, out: IO[str]) -> None:
        for record in self.records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def to_csv(self) -> str:
        buffer = io.StringIO()
        self.write_csv(buffer)
        return buffer.getvalue()

    def summary(self, in_force_by: Sequence[pendulum.Date | str] = ()) -> SweepSummary:
        refused = sum(1 for value in self.column("refused") if value is not None)
        ran = len(self.rows) - refused
        entry = ([v for v in self.column("entry_into_force") if isinstance(v, str)]
                 if "entry_into_force" in self.columns else [])
        never = ran - len(entry) if "entry_into_force" in self.columns else 0
        by: dict[str, float] = {}
        for day in in_force_by:
            key = legal_date(day, pendulum.UTC)[0].isoformat()  # InvalidDate if no date
            if "entry_into_force" not in self.columns:
                raise InputError("the probability of being in force needs the "
                                 "entry_into_force field")
            by[key] = sum(1 for v in entry if v <= key) / ran if ran else 0.0
        columns: dict[str, DateStats | Mapping[str, int]] = {}
        for name in self.columns:
            if name in ("row", "refused"):
                continue
            values = [v for v in self.column(name) if v is not None]
            if values and all(isinstance(v, str) and _ISO_DATE.fullmatch(v) for v in values):
                columns[name] = _date_stats([str(v) for v in values])
            else:
                columns[name] = dict(sorted(Counter(str(v) for v in values).items()))
        return SweepSummary(len(self.rows), refused, never,
                            _date_stats(entry) if entry else None, by, columns)


# ------------------------------------------------------------------- from files


def parse_sweep(value: object, source: str, scenario: Scenario) -> Sweep:
    """``[sweep]`` of a scenario file (docs/variants.md)."""
    top = Reader({"sweep": value}, source, "", ScenarioFileError)
    table = top.table("sweep")
    assert table is not None
    table.only({"samples", "seed", "fields", "in_force_by", "vary", "expect"}, "[sweep]")
    zone = timezone(scenario.treaty.depositary.timezone)
    axes: list[Axis] = []
    for item in table.tables("vary"):
        axes.extend(_axes(item, zone, scenario))
    if not axes:
        table.fail("vary", "a sweep needs at least one [[sweep.vary]] table")
    random_axes = any(axis.random for axis in axes)
    if random_axes and not table.has("samples"):
        table.fail("samples", "a sweep with random delays needs `samples` (how many draws)")
    samples = table.typed("samples", int, "a whole number of samples", 1)
    seed = table.typed("seed", int, "a whole number", 0)
    fields = table.typed("fields", list, "a list of outcome fields", None)
    in_force_by = tuple(
        table.guard("in_force_by", functools.partial(_legal_day, value, zone))
        for value in table.typed("in_force_by", list, "a list of dates", [])
    )
    expect_table = table.table("expect")
    expect = _expect(expect_table) if expect_table is not None else None
    try:
        sweep = Sweep(tuple(axes), samples, seed,
                      None if fields is None else tuple(map(str, fields)), in_force_by, expect)
    except InputError as error:
        raise ScenarioFileError(f"{source}: sweep: {error}", source=source, key="sweep"
                                ) from None
    table.guard("vary", lambda: sweep.check(scenario))
    return sweep


def _legal_day(value: object, zone: pendulum.Timezone) -> pendulum.Date:
    return legal_date(value, zone)[0]


def _table(reader: Reader, key: str) -> Reader:
    table = reader.table(key, required=True)
    assert table is not None
    return table


def _axes(item: Reader, zone: pendulum.Timezone, scenario: Scenario) -> list[Axis]:
    targets = sorted({"consent", "event", "set"} & set(item.data))
    sources = sorted({"values", "dates", "delay"} & set(item.data))
    item.only({"consent", "event", "set", "values", "dates", "delay", "name"},
              "a [[sweep.vary]] table")
    if len(targets) != 1:
        item.fail("consent", "name exactly one input to vary: `consent = \"KAZ\"`, "
                             "`event = { ... }` or `set = \"month_end\"`")
    if len(sources) != 1:
        item.fail("values", "give exactly one of `values = [...]`, "
                            "`dates = { from, to, step }` or `delay = { after, distribution, ...}`")
    kind = targets[0]
    found: list[Target] = []
    if kind == "consent":
        parties = item.raw("consent")
        codes = parties if isinstance(parties, list) else [parties]
        listed = scenario.treaty.parties
        for code in codes:
            if not isinstance(code, str) or (listed is not None and code not in listed):
                item.fail("consent", f"{code!r} is not a listed party"
                          + (f" ({', '.join(listed)})" if listed else ""))
            found.append(ConsentDate(code))
    elif kind == "event":
        found.append(EventDate(_match(item, "event")))
    else:
        setting = item.string("set", required=True)
        chosen: dict[str, Target] = {"month_end": MonthEndPolicy(),
                                     "withdrawal.effective": WithdrawalNotice(),
                                     "entry_into_force.instruments": InstrumentsNeeded()}
        if setting not in chosen:
            item.fail("set", f"{setting!r} cannot be varied; use one of {', '.join(chosen)}")
        found.append(chosen[setting])
    source = _source(item, sources[0], zone, found[0])
    name = item.optional_string("name")
    if name is not None and len(found) > 1:
        item.fail("name", "a name needs a single input (give one table per party)")
    return [item.guard(sources[0], functools.partial(Axis, target, source, name))
            for target in found]


def _source(item: Reader, key: str, zone: pendulum.Timezone, target: Target) -> Source:
    def date(reader: Reader, key: str) -> pendulum.Date:
        return reader.guard(key, functools.partial(_legal_day, reader.need(key), zone))

    if key == "values":
        raw = item.typed("values", list, "a list of values", [])
        items: list[Any]
        if target.takes_dates:
            items = [item.guard("values", functools.partial(_legal_day, v, zone)) for v in raw]
        elif isinstance(target, MonthEndPolicy):
            for v in raw:
                if v not in MONTH_END_POLICIES:
                    item.fail("values", f"{v!r} is not a month-end policy; use one of "
                                        f"{', '.join(MONTH_END_POLICIES)}")
            items = list(raw)
        elif isinstance(target, WithdrawalNotice):
            items = [item.guard("values", functools.partial(
                DateRule.parse, [v] if isinstance(v, str) else v)) for v in raw]
        else:
            for v in raw:
                if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                    item.fail("values", f"expected whole numbers of instruments, got {v!r}")
            items = list(raw)
        return item.guard("values", functools.partial(Values, tuple(items)))
    if key == "dates":
        span = _table(item, "dates")
        span.only({"from", "to", "step"}, "`dates`")
        step = span.guard("step", functools.partial(parse_period, span.need("step")))
        start, stop = date(span, "from"), date(span, "to")
        return span.guard("to", functools.partial(DateRange, start, stop, step))
    delay = _table(item, "delay")
    name = delay.string("distribution", required=True)
    if name not in _DISTRIBUTIONS:
        delay.fail("distribution", f"{name!r} is not a distribution; use one of "
                                   f"{', '.join(_DISTRIBUTIONS)}")
    kind, params = _DISTRIBUTIONS[name]
    delay.only({"after", "distribution", *params}, f"a {name} delay")
    numbers: list[float] = []
    for param in params:
        number = delay.need(param)
        if isinstance(number, bool) or not isinstance(number, int | float) \
                or not math.isfinite(number):
            delay.fail(param, f"expected a number of days, got {number!r}")
        numbers.append(float(number))
    checks = {"uniform": lambda n: n[0] <= n[1], "normal": lambda n: n[1] >= 0,
              "lognormal": lambda n: n[0] > 0 and n[1] >= 0,
              "triangular": lambda n: n[0] <= n[1] <= n[2], "exponential": lambda n: n[0] > 0}
    if not checks[name](numbers):
        delay.fail(params[0], f"invalid {name} parameters {dict(zip(params, numbers, strict=True))}"
                              " (uniform: low ≤ high; normal: sd ≥ 0; lognormal: median > 0, "
                              "sigma ≥ 0; triangular: low ≤ mode ≤ high; exponential: mean > 0)")
    return Delays(date(delay, "after"), kind(*numbers))


def _expect(table: Reader) -> SweepExpect:
    table.only({"rows", "refused", "never", "earliest", "latest", "median", "in_force_by"},
               "[sweep.expect]")
    counts = {key: table.typed(key, int, "a whole number", None)
              for key in ("rows", "refused", "never")}
    dates: dict[str, str | None] = {}
    for key in ("earliest", "latest", "median"):
        value = table.raw(key)
        dates[key] = None if value is None else table.guard(
            key, functools.partial(_legal_day, value, pendulum.UTC)).isoformat()
    ranges: dict[str, tuple[float, float]] = {}
    by = table.table("in_force_by")
    if by is not None:
        for day, wanted in by.data.items():
            if not _ISO_DATE.fullmatch(day):
                by.fail(day, "is not a date (write 2026-12-31 = [0.4, 0.6])")
            if isinstance(wanted, int | float) and not isinstance(wanted, bool):
                ranges[day] = (float(wanted), float(wanted))
            elif (isinstance(wanted, list) and len(wanted) == 2
                  and all(isinstance(w, int | float) and not isinstance(w, bool)
                          for w in wanted)):
                ranges[day] = (float(wanted[0]), float(wanted[1]))
            else:
                by.fail(day, f"expected a probability or [lowest, highest], got {wanted!r}")
    return SweepExpect(counts["rows"], counts["refused"], counts["never"], dates["earliest"],
                       dates["latest"], dates["median"], ranges)
