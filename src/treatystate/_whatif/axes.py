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
from .change import Change, S
from .distributions import Distribution, whole_days
from .variants import (
    EventMatch,
    MoveEvent,
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

    >>> import pendulum, treatystate
    >>> from treatystate.sweep import DateRange
    >>> months = DateRange(pendulum.Date(2026, 1, 31), pendulum.Date(2026, 4, 30),
    ...                    treatystate.parse_period("P1M"))
    >>> [str(day) for day in months.values()]
    ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']
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
        """Every date of the range, in order."""
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
    """A set of values, each tried in turn.

    >>> from treatystate.sweep import Values
    >>> Values(["last-day", "next-day"]).values()
    ('last-day', 'next-day')
    """

    items: tuple[Any, ...] = attrs.field(converter=tuple)

    def __attrs_post_init__(self) -> None:
        if not self.items:
            raise InputError("a set of values must not be empty")

    def values(self) -> tuple[Any, ...]:
        """The values, in the order given."""
        return self.items


@attrs.frozen
class Delays:
    """A random date: ``after`` plus a delay in whole days drawn from ``distribution``.

    How a draw becomes whole days is in :mod:`.distributions`: a uniform delay is
    uniform over the whole days of its range, a continuous one is rounded to the
    nearest day, and a negative draw counts as no delay (a State cannot act before
    the day the delay runs from).

    >>> import pendulum
    >>> from treatystate.sweep import Delays, Uniform
    >>> Delays(pendulum.Date(2025, 6, 17), Uniform(30, 400)).draw(0.5)
    Date(2026, 1, 18)
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
    """A party's consent date (added when the baseline has no consent for it).

    >>> import pendulum
    >>> from treatystate.sweep import ConsentDate
    >>> target = ConsentDate("TKM")
    >>> target.column(), target.change(pendulum.Date(2026, 3, 1))
    ('consent.TKM', SetConsent(party='TKM', date=Date(2026, 3, 1)))
    """

    party: str
    takes_dates = True

    def change(self, value: Any) -> Change:
        """The change that gives the party's consent the date ``value``."""
        return SetConsent(self.party, value)

    def column(self) -> str:
        """The column of the rows this target fills."""
        return f"consent.{self.party}"


@attrs.frozen
class EventDate:
    """The date of the one matching input event.

    >>> from treatystate import EventMatch
    >>> from treatystate.sweep import EventDate
    >>> EventDate(EventMatch("withdrawal", party="TKM")).column()
    'event.withdrawal.TKM'
    """

    match: EventMatch
    takes_dates = True

    def change(self, value: Any) -> Change:
        """The change that moves the matching event to the date ``value``."""
        return MoveEvent(self.match, value)

    def column(self) -> str:
        """The column of the rows this target fills."""
        bits = [str(v) for v in (self.match.type, self.match.party, self.match.duty,
                                 self.match.index) if v is not None]
        return "event." + ".".join(bits)


@attrs.frozen
class MonthEndPolicy:
    """The treaty's ``month_end`` policy.

    >>> from treatystate.sweep import MonthEndPolicy
    >>> MonthEndPolicy().change("next-day")
    SetMonthEnd(policy='next-day')
    """

    takes_dates = False

    def change(self, value: Any) -> Change:
        """The change that sets the policy ``value``."""
        return SetMonthEnd(value)

    def column(self) -> str:
        """The column of the rows this target fills."""
        return "month_end"


@attrs.frozen
class WithdrawalNotice:
    """The withdrawal notice period: date steps such as ``"+P6M"``.

    >>> from treatystate.sweep import WithdrawalNotice
    >>> WithdrawalNotice().column()
    'withdrawal.effective'
    """

    takes_dates = False

    def change(self, value: Any) -> Change:
        """The change that sets the notice period ``value`` (steps, or a DateRule)."""
        return SetWithdrawalEffective(value)

    def column(self) -> str:
        """The column of the rows this target fills."""
        return "withdrawal.effective"


@attrs.frozen
class InstrumentsNeeded:
    """``when = { instruments = N }``: the number of consents for entry into force.

    >>> from treatystate.sweep import InstrumentsNeeded
    >>> InstrumentsNeeded().change(4).condition.count
    4
    """

    takes_dates = False

    def change(self, value: Any) -> Change:
        """The change that makes ``value`` instruments enough for entry into force."""
        return SetEntryCondition(Instruments(int(value)))

    def column(self) -> str:
        """The column of the rows this target fills."""
        return "entry_into_force.instruments"


@attrs.frozen
class VariantChoice:
    """One of several named variants (the column shows its name).

    >>> import treatystate
    >>> from treatystate.sweep import Axis, Sweep, Values, VariantChoice
    >>> six = treatystate.Variant("six-month-notice",
    ...                           [treatystate.SetWithdrawalEffective("+P6M")])
    >>> both = Axis(VariantChoice(), Values([treatystate.Variant("as-written", []), six]))
    >>> result = treatystate.run_sweep(treatystate.builtin_example(), Sweep([both]))
    >>> [(row["variant"], row["status"]) for row in result.records()]
    [('as-written', 'in-force'), ('six-month-notice', 'in-force')]
    """

    column_name: str = "variant"
    takes_dates = False

    def change(self, value: Any) -> Change:
        """The changes of the variant ``value``."""
        if not isinstance(value, Variant):
            raise InputError(f"{value!r} is not a Variant: a variant axis chooses among "
                             "treatystate.Variant values")
        return _Composite(value)

    def column(self) -> str:
        """The column of the rows this target fills."""
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
        if isinstance(self.target, VariantChoice) and isinstance(self.values, Values):
            for value in self.values.items:
                self.target.change(value)  # refuses a value that is not a Variant

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


