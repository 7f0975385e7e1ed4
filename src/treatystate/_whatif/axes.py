"""What a sweep varies: the inputs (targets) and their values.

An :class:`Axis` has a *target* (what it changes: a party's consent date, an event's
date, the ``month_end`` policy, the withdrawal notice period, the number of
instruments needed) and *values*: a :class:`DateRange` with a step, a set of
:class:`Values`, or random :class:`Delays` drawn from a stated distribution.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Literal, TypeAlias

import attrs
import pendulum

from .._dates.periods import AddPeriod, DateRule, Period
from .._model.clauses import Instruments
from ..errors import DateOutOfRange, InputError
from .distributions import Distribution, whole_days
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
)

__all__ = [
    "Axis",
    "Cell",
    "ConsentDate",
    "DateRange",
    "Delays",
    "EventDate",
    "InstrumentsNeeded",
    "Kind",
    "MonthEndPolicy",
    "Source",
    "Target",
    "Values",
    "VariantChoice",
    "WithdrawalNotice",
    "cell",
    "date_of",
]

Cell: TypeAlias = str | int | None
# What a column holds: dates (ISO strings in rows), whole numbers, or text.
Kind: TypeAlias = Literal["date", "int", "text"]


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

    How a draw becomes whole days is in :mod:`.distributions`: a uniform delay is
    uniform over the whole days of its range, a continuous one is rounded to the
    nearest day, and a negative draw counts as no delay (a State cannot act before
    the day the delay runs from).
    """

    after: pendulum.Date
    distribution: Distribution

    def draw(self, u: float) -> pendulum.Date:
        """The date for the uniform number ``u`` (0 < u < 1), by the inverse of the
        distribution's cumulative distribution function."""
        days = whole_days(self.distribution, u)
        ordinal = self.after.toordinal() + days
        if ordinal > _LAST_ORDINAL:
            raise DateOutOfRange(f"{self.after} + {days} days (a random delay) leaves the "
                                 "calendar (years 1 to 9999)")
        return date_of(ordinal)


_LAST_ORDINAL = dt.date.max.toordinal()


@functools.lru_cache(maxsize=1 << 16)
def date_of(ordinal: int) -> pendulum.Date:
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
    """One varied input: what it changes (``target``) and its values (``values``).

    >>> import treatystate
    >>> scenario = treatystate.loads('''
    ... treaty = "china-central-asia-2025"
    ... [[events]]
    ... type = "signature"
    ... date = 2025-06-17
    ... [sweep]
    ... samples = 20
    ... seed = 1
    ... [[sweep.vary]]
    ... consent = ["CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"]
    ... delay = { after = 2025-06-17, distribution = "uniform", low = 30, high = 400 }
    ... ''')
    >>> axis = scenario.sweep.axes[0]
    >>> axis.column, axis.random, axis.kind
    ('consent.CHN', True, 'date')
    """

    target: Target
    values: Source
    name: str | None = None

    def __attrs_post_init__(self) -> None:
        if isinstance(self.values, DateRange | Delays) and not self.target.takes_dates:
            raise InputError(f"{self.column}: date ranges and delays vary dates; give a set "
                             "of values instead")

    @property
    def column(self) -> str:
        """The axis's column in the rows: ``name``, else what it varies (``consent.TKM``)."""
        return self.name or self.target.column()

    @property
    def random(self) -> bool:
        """Whether the axis draws at random (a delay distribution) rather than listing values."""
        return isinstance(self.values, Delays)

    @property
    def kind(self) -> Kind:
        """What the axis's column holds: ``"date"``, ``"int"`` or ``"text"``."""
        if self.target.takes_dates:
            return "date"
        return "int" if isinstance(self.target, InstrumentsNeeded) else "text"


def cell(value: object) -> Cell:
    """A value as a row holds it: dates as ISO strings, variants by name, steps as text."""
    if type(value) is pendulum.Date:
        return value.isoformat()
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, Variant):
        return value.name
    if isinstance(value, DateRule):
        return " ".join(value.as_strings())
    return str(value)  # a datetime.date gives its ISO form too


