"""Dates, periods, date rules and timestamps, biased to where treaty arithmetic is subtle."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import Protocol, TypeVar

import pendulum
from hypothesis import strategies as st

from .._dates.periods import (
    AddPeriod,
    DateRule,
    Period,
    StartOfMonth,
    StartOfNextMonth,
    Step,
)

#: Depositary zones: far east and far west of UTC, half- and quarter-hour offsets, DST.
ZONES: tuple[str, ...] = (
    "UTC", "Asia/Shanghai", "Asia/Ashgabat", "America/New_York", "Europe/Paris",
    "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu", "Australia/Lord_Howe",
)

T = TypeVar("T")


class _Draw(Protocol):
    """``st.DrawFn`` or ``st.DataObject.draw``: whatever draws from a strategy."""

    def __call__(self, strategy: st.SearchStrategy[T]) -> T: ...


_MIN = dt.date(1900, 1, 1)
_MAX = dt.date(2200, 12, 31)


def _pdate(value: dt.date) -> pendulum.Date:
    return pendulum.Date(value.year, value.month, value.day)



def _shift_days(day: pendulum.Date, days: int) -> pendulum.Date:
    return _pdate(day + dt.timedelta(days=days))



# ------------------------------------------------------------------------- dates


@st.composite
def _month_end_dates(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    """A day from the 28th to the last of a month (where month arithmetic clamps)."""
    index = draw(st.integers(lo.year * 12 + lo.month - 1, hi.year * 12 + hi.month - 1))
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    day = draw(st.sampled_from(sorted({last, 28, 29, 30, 31} & set(range(28, last + 1)),
                                      reverse=True)))
    return dt.date(year, month0 + 1, day)


@st.composite
def _leap_dates(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    """29 February of a leap year, or a day next to it."""
    leap_years = [y for y in range(max(lo.year, 1), hi.year + 1) if calendar.isleap(y)]
    if not leap_years:
        return draw(st.dates(lo, hi))
    year = draw(st.sampled_from(leap_years))
    day = dt.date(year, 2, 29) + dt.timedelta(days=draw(st.sampled_from((0, 0, 0, -1, 1))))
    return day


@st.composite
def _year_edges(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    year = draw(st.integers(lo.year, hi.year))
    return draw(st.sampled_from((dt.date(year, 12, 31), dt.date(year, 1, 1))))


def legal_dates(
    min_value: dt.date = _MIN, max_value: dt.date = _MAX
) -> st.SearchStrategy[pendulum.Date]:
    """``pendulum.Date`` values between ``min_value`` and ``max_value``, biased.

    The bias: about half the examples are uniform over the range; a quarter are the
    28th to the last day of a month (where ``Jan 31 + P1M`` and friends clamp); one in
    eight is 29 February of a leap year or a day beside it; one in eight is 31
    December or 1 January. Shrinks toward the uniform branch.

    >>> import pendulum
    >>> from hypothesis import HealthCheck, given, settings
    >>> from treatystate import testing
    >>> @settings(max_examples=25, database=None, deadline=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(testing.legal_dates(min_value=pendulum.Date(2020, 1, 1)))
    ... def test_a_legal_date_is_in_range(day):
    ...     assert day >= pendulum.Date(2020, 1, 1)
    >>> test_a_legal_date_is_in_range()
    """
    # Plain dates: st.dates() wants both bounds of one type, and pendulum.Date is a subclass.
    lo = dt.date(min_value.year, min_value.month, min_value.day)
    hi = dt.date(max_value.year, max_value.month, max_value.day)
    if lo > hi:
        raise ValueError(f"min_value {lo} is after max_value {hi}")
    in_range = (lambda d: lo <= d <= hi)  # noqa: E731 - a one-line filter
    special: st.SearchStrategy[dt.date] = st.one_of(
        _month_end_dates(lo, hi).filter(in_range),
        _month_end_dates(lo, hi).filter(in_range),
        _leap_dates(lo, hi).filter(in_range),
        _year_edges(lo, hi).filter(in_range),
    )
    uniform = st.dates(lo, hi)
    return st.one_of(uniform, special).map(_pdate)


def periods(
    *, max_years: int = 5, max_months: int = 36, max_weeks: int = 10, max_days: int = 400,
    allow_zero: bool = False,
) -> st.SearchStrategy[Period]:
    """``Period`` values: months only, days only, years only, or mixed (``P1Y6M2W3D``).

    Month-only periods (the ones month-end arithmetic is about) are drawn as often as
    the three other shapes together. Without ``allow_zero`` the period is never empty.

    >>> from hypothesis import HealthCheck, given, settings
    >>> from treatystate import testing
    >>> @settings(max_examples=25, database=None, deadline=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(testing.periods())
    ... def test_a_period_is_never_empty(period):
    ...     assert period.total_months or period.total_days
    >>> test_a_period_is_never_empty()
    """
    months = st.builds(Period, months=st.integers(0, max_months))
    years = st.builds(Period, years=st.integers(0, max_years))
    days = st.builds(Period, weeks=st.integers(0, max_weeks), days=st.integers(0, max_days))
    mixed = st.builds(
        Period, years=st.integers(0, max_years), months=st.integers(0, max_months),
        weeks=st.integers(0, max_weeks), days=st.integers(0, max_days),
    )
    strategy = st.one_of(months, months, years, days, mixed)
    if not allow_zero:
        strategy = strategy.filter(lambda p: p.total_months or p.total_days)
    return strategy


# Periods as treaties write them: P12M, P1Y, P60D, P15D, P1Y6M...
_LEGAL_PERIODS: st.SearchStrategy[Period] = st.one_of(
    st.sampled_from([Period(months=12), Period(years=1), Period(months=6), Period(months=1),
                     Period(months=3), Period(days=60), Period(days=90), Period(days=30),
                     Period(days=15), Period(weeks=2), Period(years=1, months=6),
                     Period(months=1, days=15)]),
    periods(max_years=3, max_months=24, max_weeks=4, max_days=120),
)


@st.composite
def _forward_rule(draw: st.DrawFn, *, allow_empty: bool = True) -> DateRule:
    """A date rule that never gives a day before its start, in the shapes treaties use:
    ``[]``, ``[+P]``, ``[+P, start-of-next-month]`` (Rome art. 126),
    ``[start-of-next-month]``, ``[start-of-month, +PnM]`` (Ottawa art. 17),
    ``[start-of-next-month, -P1D]`` (the last day of the month) and
    ``[+P, start-of-next-month, -P1D]``."""
    shapes = ["plus", "plus-next-month", "next-month", "month-start-plus", "month-last",
              "plus-month-last"]
    if allow_empty:
        shapes.append("same-day")
    shape = draw(st.sampled_from(shapes))
    steps: list[Step] = []
    if shape == "same-day":
        return DateRule()
    if shape == "month-start-plus":
        months = draw(st.integers(1, 24))
        return DateRule((StartOfMonth(), AddPeriod(Period(months=months))))
    if shape.startswith("plus"):
        steps.append(AddPeriod(draw(_LEGAL_PERIODS)))
    if shape in ("plus-next-month", "next-month", "month-last", "plus-month-last"):
        steps.append(StartOfNextMonth())
    if shape in ("month-last", "plus-month-last"):
        steps.append(AddPeriod(Period(days=1), -1))
    return DateRule(tuple(steps))


def date_rules(*, forward_only: bool = True) -> st.SearchStrategy[DateRule]:
    """``DateRule`` values. With ``forward_only`` (the default) only the shapes treaties
    use, none of which gives a day before its start; otherwise any list of zero to
    four steps, including subtractions.

    >>> import datetime
    >>> from hypothesis import HealthCheck, given, settings
    >>> from treatystate import testing
    >>> @settings(max_examples=25, database=None, deadline=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(testing.date_rules(), testing.legal_dates(max_value=datetime.date(9000, 1, 1)))
    ... def test_a_treaty_s_rule_never_goes_back(rule, start):
    ...     assert rule.apply(start, "last-day").date >= start
    >>> test_a_treaty_s_rule_never_goes_back()
    """
    if forward_only:
        return _forward_rule()
    step: st.SearchStrategy[Step] = st.one_of(
        st.builds(AddPeriod, periods(), st.sampled_from((1, -1))),
        st.just(StartOfMonth()),
        st.just(StartOfNextMonth()),
    )
    return st.lists(step, max_size=4).map(lambda steps: DateRule(tuple(steps)))


@st.composite
def _times_near_midnight(draw: st.DrawFn) -> dt.time:
    hour = draw(st.sampled_from((0, 23, 22, 1, *range(2, 22))))
    return dt.time(hour, draw(st.sampled_from((0, 30, 59, 15, 45, 1))), draw(st.integers(0, 59)))


def timestamps(
    min_value: dt.date = _MIN, max_value: dt.date = _MAX,
    zones: Sequence[str] | None = None,
) -> st.SearchStrategy[dt.datetime]:
    """Aware ``datetime`` values in any zone: IANA zones (``zones``, by default
    :data:`ZONES`) and fixed offsets from -12:00 to +14:00 in quarter hours.

    Never naive. Biased to the hours around midnight (where the depositary's date
    can differ from the sender's) and to the dates of :func:`legal_dates`.

    >>> from hypothesis import HealthCheck, given, settings
    >>> from treatystate import testing
    >>> @settings(max_examples=25, database=None, deadline=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(testing.timestamps())
    ... def test_a_timestamp_is_never_naive(moment):
    ...     assert moment.utcoffset() is not None
    >>> test_a_timestamp_is_never_naive()
    """
    names = tuple(zones) if zones is not None else ZONES
    fixed = st.integers(-48, 56).map(lambda q: dt.timezone(dt.timedelta(minutes=15 * q)))
    named = st.sampled_from(names).map(pendulum.timezone)
    zone: st.SearchStrategy[dt.tzinfo] = st.one_of(named, fixed)
    return st.builds(
        lambda day, time, tz: dt.datetime.combine(day, time, tzinfo=tz),
        legal_dates(min_value, max_value), _times_near_midnight(), zone,
    )
