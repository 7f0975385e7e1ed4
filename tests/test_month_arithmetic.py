"""The laws of month arithmetic, and its documented non-properties (docs/properties.md).

Calendar months are not a group: clamping to the month's end loses information. The
laws below hold for every day (month-end biased); the non-properties are documented
behaviour, each pinned by a counterexample and, where useful, by the exact condition
under which it fails.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treatystate import AmbiguousDate, DateRule, MonthEnd, Period
from treatystate._dates.periods import (
    AddPeriod,
    EndOfMonth,
    EndOfYear,
    StartOfMonth,
    StartOfNextMonth,
    StartOfNextYear,
    StartOfYear,
)
from treatystate.testing import legal_dates, periods

D = pendulum.Date
DAYS = legal_dates(dt.date(1800, 1, 1), dt.date(2400, 12, 31))
LENIENT = st.sampled_from(("last-day", "next-day"))
MONTHS = st.integers(0, 60)
MANY = settings(max_examples=400)


def plus(day: pendulum.Date, month_end: MonthEnd, *steps: str) -> pendulum.Date:
    return DateRule.parse(steps).apply(day, month_end).date


def months(n: int) -> AddPeriod:
    return AddPeriod(Period(months=n))


# ============================================================================ laws


@MANY
@given(DAYS, st.integers(0, 5), st.integers(0, 11), LENIENT)
def test_years_are_twelve_months(day: pendulum.Date, y: int, m: int, month_end: MonthEnd
                                 ) -> None:
    """+PyYmM is +P(12y+m)M: years and months are added together, then clamped once."""
    assert plus(day, month_end, f"+P{y}Y{m}M") == plus(day, month_end, f"+P{12 * y + m}M")


@MANY
@given(DAYS, periods(max_weeks=3, max_days=60), LENIENT)
def test_a_mixed_period_is_its_months_then_its_days(day: pendulum.Date, period: Period,
                                                    month_end: MonthEnd) -> None:
    """+PnMmD is +PnM followed by +PmD (1972 European Convention art. 4(3))."""
    whole = DateRule((AddPeriod(period),)).apply(day, month_end).date
    split = DateRule((AddPeriod(Period(years=period.years, months=period.months)),
                      AddPeriod(Period(weeks=period.weeks, days=period.days)))
                     ).apply(day, month_end).date
    assert whole == split


@MANY
@given(DAYS, MONTHS, MONTHS, st.sampled_from(("last-day", "next-day", "strict")))
def test_months_compose_when_nothing_is_clamped(
    day: pendulum.Date, a: int, b: int, month_end: MonthEnd
) -> None:
    """From a day that every month has (the 1st to the 28th), +aM then +bM is +(a+b)M,
    under every policy."""
    early = D(day.year, day.month, min(day.day, 28))
    twice = DateRule((months(a), months(b))).apply(early, month_end).date
    assert twice == DateRule((months(a + b),)).apply(early, month_end).date


@MANY
@given(DAYS, st.integers(0, 400), st.integers(1, 60), LENIENT)
def test_adding_months_is_monotone(day: pendulum.Date, gap: int, n: int, month_end: MonthEnd
                                   ) -> None:
    """A later start never gives an earlier result: d1 <= d2 implies d1 + nM <= d2 + nM."""
    later = day + dt.timedelta(days=gap)
    assert plus(day, month_end, f"+P{n}M") <= plus(later, month_end, f"+P{n}M")


@MANY
@given(DAYS, st.integers(1, 60), st.sampled_from(("last-day", "next-day", "strict")))
def test_policies_differ_only_where_the_day_is_missing(
    day: pendulum.Date, n: int, month_end: MonthEnd
) -> None:
    """Where the target month has the day, every policy gives it (and no note); where it
    lacks it, next-day is last-day plus one day and strict refuses."""
    rule = DateRule((months(n),))
    last = rule.apply(day, "last-day")
    missing = last.note is not None
    assert missing == (last.date.day != day.day)
    if month_end == "strict":
        if missing:
            with pytest.raises(AmbiguousDate):
                rule.apply(day, "strict")
        else:
            assert rule.apply(day, "strict").date == last.date
    elif month_end == "next-day":
        expected = last.date + dt.timedelta(days=1) if missing else last.date
        assert rule.apply(day, "next-day").date == expected


@MANY
@given(DAYS, st.integers(0, 3000))
def test_days_are_exact_and_invertible(day: pendulum.Date, n: int) -> None:
    """+PnD then -PnD is the identity, and +PnD is exactly n days later."""
    there = plus(day, "strict", f"+P{n}D")
    assert (there - day).days == n
    assert plus(there, "strict", f"-P{n}D") == day


@MANY
@given(DAYS)
def test_month_starts(day: pendulum.Date) -> None:
    """start-of-month is idempotent and never later; start-of-next-month is always a first
    day, always later, and never skips a month."""
    first = StartOfMonth().apply(day, "strict").date
    assert first.day == 1 and first <= day
    assert StartOfMonth().apply(first, "strict").date == first
    following = StartOfNextMonth().apply(day, "strict").date
    assert following.day == 1 and following > day
    assert (following - first).days == calendar.monthrange(day.year, day.month)[1]


@MANY
@given(DAYS)
def test_end_of_month(day: pendulum.Date) -> None:
    """end-of-month is idempotent, never earlier, lands in the same month, and the day
    after it is a first day."""
    last = EndOfMonth().apply(day, "strict").date
    assert (last.year, last.month) == (day.year, day.month) and last >= day
    assert EndOfMonth().apply(last, "strict").date == last
    assert (last + dt.timedelta(days=1)).day == 1
    assert last == plus(day, "strict", "start-of-next-month", "-P1D")


@MANY
@given(DAYS)
def test_year_steps(day: pendulum.Date) -> None:
    """start-of-year is idempotent, a 1 January of the same year, never later;
    start-of-next-year is always a 1 January strictly after the date, of the next year;
    end-of-year is idempotent, a 31 December of the same year, never earlier, and the
    day before the next year starts."""
    first = StartOfYear().apply(day, "strict").date
    assert (first.year, first.month, first.day) == (day.year, 1, 1) and first <= day
    assert StartOfYear().apply(first, "strict").date == first
    following = StartOfNextYear().apply(day, "strict").date
    assert (following.month, following.day) == (1, 1) and following > day
    assert following.year == day.year + 1
    last = EndOfYear().apply(day, "strict").date
    assert (last.year, last.month, last.day) == (day.year, 12, 31) and last >= day
    assert EndOfYear().apply(last, "strict").date == last
    assert last + dt.timedelta(days=1) == following
    assert (following - first).days == (366 if calendar.isleap(day.year) else 365)


def test_unesco_notice_takes_effect_on_31_december_of_the_following_year() -> None:
    """UNESCO Constitution art. II(6): "on 31 December of the year following that
    during which the notice was given": a notice of 12 October 2017 (the United States)
    takes effect on 31 December 2018, and so does one of 29 December 2017 (Israel); a
    notice of a 29 February too, whatever the month-end policy."""
    for notice in (D(2017, 10, 12), D(2017, 12, 29), D(2017, 1, 1)):
        assert plus(notice, "strict", "+P1Y", "end-of-year") == D(2018, 12, 31)
    for policy in ("last-day", "next-day"):
        assert plus(D(2028, 2, 29), policy, "+P1Y", "end-of-year") == D(2029, 12, 31)
    assert plus(D(2028, 2, 29), "strict", "start-of-next-year", "end-of-year") == D(2029, 12, 31)


# ================================================================= non-properties


def test_one_month_twice_is_not_two_months_from_january_31() -> None:
    """Clamping happens at each step: 31 Jan +1M +1M is 28 Mar, 31 Jan +2M is 31 Mar."""
    assert plus(D(2025, 1, 31), "last-day", "+P1M", "+P1M") == D(2025, 3, 28)
    assert plus(D(2025, 1, 31), "last-day", "+P2M") == D(2025, 3, 31)
    # next-day overshoots instead: 1 Mar, then 1 Apr.
    assert plus(D(2025, 1, 31), "next-day", "+P1M", "+P1M") == D(2025, 4, 1)


def test_adding_then_subtracting_a_month_is_not_the_identity() -> None:
    assert plus(D(2025, 1, 31), "last-day", "+P1M", "-P1M") == D(2025, 1, 28)
    assert plus(D(2025, 3, 31), "last-day", "-P1M", "+P1M") == D(2025, 3, 28)
    assert plus(D(2025, 1, 31), "next-day", "+P1M", "-P1M") == D(2025, 2, 1)


@MANY
@given(DAYS, st.integers(1, 24), LENIENT)
def test_add_then_subtract_fails_exactly_when_the_first_step_clamps(
    day: pendulum.Date, n: int, month_end: MonthEnd
) -> None:
    """+nM then -nM returns to the start unless the first step had to adjust (a day
    the target month lacks), and then never lands later than the start under last-day."""
    there = DateRule((months(n),)).apply(day, month_end)
    back = DateRule((AddPeriod(Period(months=n), -1),)).apply(there.date, month_end).date
    if there.note is None:
        assert back == day
    else:
        assert back != day
        if month_end == "last-day":
            assert back < day


def test_adding_months_is_not_injective() -> None:
    """28, 29, 30 and 31 January 2025 all become 28 February under last-day."""
    results = {plus(D(2025, 1, d), "last-day", "+P1M") for d in (28, 29, 30, 31)}
    assert results == {D(2025, 2, 28)}
    assert {plus(D(2025, 1, d), "next-day", "+P1M") for d in (29, 30, 31)} == {D(2025, 3, 1)}


def test_the_order_of_steps_matters() -> None:
    """+P1D then +P1M is not +P1M then +P1D (nor the mixed period +P1M1D)."""
    assert plus(D(2025, 1, 30), "last-day", "+P1D", "+P1M") == D(2025, 2, 28)
    assert plus(D(2025, 1, 30), "last-day", "+P1M", "+P1D") == D(2025, 3, 1)
    assert plus(D(2025, 1, 30), "last-day", "+P1M1D") == D(2025, 3, 1)


def test_a_month_is_not_a_fixed_number_of_days() -> None:
    lengths = {(plus(D(2025, m, 1), "strict", "+P1M") - D(2025, m, 1)).days for m in range(1, 13)}
    assert lengths == {28, 30, 31}
    assert plus(D(2025, 2, 1), "strict", "+P30D") != plus(D(2025, 2, 1), "strict", "+P1M")


def test_twelve_months_from_a_leap_day_is_365_or_366_days() -> None:
    """The only day where the policy changes the length of a year's notice."""
    start = D(2028, 2, 29)
    assert (plus(start, "last-day", "+P12M") - start).days == 365
    assert (plus(start, "next-day", "+P12M") - start).days == 366


def test_start_of_next_month_is_not_idempotent() -> None:
    assert plus(D(2025, 6, 17), "strict", "start-of-next-month", "start-of-next-month") == D(
        2025, 8, 1)


def test_day_differences_are_not_preserved_by_adding_months() -> None:
    """30 and 31 January are one day apart; a month later they are the same day."""
    a, b = D(2025, 1, 30), D(2025, 1, 31)
    assert (plus(b, "last-day", "+P1M") - plus(a, "last-day", "+P1M")).days == 0


def test_strict_can_refuse_a_subtraction_too() -> None:
    with pytest.raises(AmbiguousDate):
        plus(D(2025, 3, 31), "strict", "-P1M")
