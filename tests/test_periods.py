"""Unit tests for periods, date steps, month-end policies and legal dates (SPEC §1).

Where a real treaty confirms a convention, the test uses its recorded dates
(reference/real-treaties.toml).
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from treatystate import (
    AmbiguousDate,
    DateOutOfRange,
    DateRule,
    InputError,
    InvalidDate,
    InvalidPeriod,
    MonthEnd,
    NaiveTimestamp,
    Period,
    TreatyStateError,
    UnknownTimezone,
    legal_date,
    parse_period,
    parse_step,
)
from treatystate._dates.periods import (
    AddPeriod,
    StartOfMonth,
    StartOfNextMonth,
    parse_iso_date,
    timezone,
)

D = pendulum.Date
SHANGHAI = timezone("Asia/Shanghai")


def rule(*steps: str) -> DateRule:
    return DateRule.parse(steps)


# ------------------------------------------------------------------------ periods


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("P15D", Period(days=15)),
        ("P6M", Period(months=6)),
        ("P12M", Period(months=12)),
        ("P1Y", Period(years=1)),
        ("P3Y", Period(years=3)),
        ("P1Y6M", Period(years=1, months=6)),
        ("P2W", Period(weeks=2)),
        ("P1Y2M3W4D", Period(1, 2, 3, 4)),
    ],
)
def test_periods_parse_iso_durations(text: str, period: Period) -> None:
    assert parse_period(text) == period
    assert str(period) == text


@pytest.mark.parametrize(
    "text", ["", "P", "15D", "P1.5M", "PT12H", "P1DT2H", "P-1D", "p15d", "P15", "P1M1Y", 15, None]
)
def test_malformed_periods_are_refused_with_the_allowed_form(text: object) -> None:
    with pytest.raises(InputError, match="P15D"):
        parse_period(text)


def test_years_and_months_are_counted_together_weeks_and_days_together() -> None:
    assert Period(years=1, months=6).total_months == 18
    assert Period(weeks=2, days=1).total_days == 15


# --------------------------------------------------------------------------- steps


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("+P60D", AddPeriod(Period(days=60))),
        ("-P1D", AddPeriod(Period(days=1), -1)),
        ("+P12M", AddPeriod(Period(months=12))),
        ("start-of-month", StartOfMonth()),
        ("start-of-next-month", StartOfNextMonth()),
    ],
)
def test_steps_parse_and_print_back(text: str, step: object) -> None:
    assert parse_step(text) == step
    assert str(step) == text


@pytest.mark.parametrize("text", ["P60D", "+", "start-of-the-year", 60, ["+P1D"]])
def test_malformed_steps_are_refused(text: object) -> None:
    with pytest.raises(InputError, match="start-of-next-month"):
        parse_step(text)


def test_a_step_with_a_malformed_period_names_the_period_form() -> None:
    with pytest.raises(InputError, match="'60 days' is not a period"):
        parse_step("+60 days")


def test_empty_rule_is_the_starting_date_itself() -> None:
    assert rule().apply(D(2025, 6, 17), "last-day").date == D(2025, 6, 17)


def test_day_counting_treats_the_event_day_as_day_zero() -> None:
    """Art. 14(2): "within 15 days after" signature on 17 June 2025 is 2 July."""
    assert rule("+P15D").apply(D(2025, 6, 17), "last-day").date == D(2025, 7, 2)


def test_subtracting_days() -> None:
    assert rule("-P1D").apply(D(2025, 3, 1), "last-day").date == D(2025, 2, 28)
    assert rule("-P1D").apply(D(2024, 3, 1), "last-day").date == D(2024, 2, 29)


def test_weeks_are_seven_days() -> None:
    assert rule("+P2W").apply(D(2025, 12, 25), "last-day").date == D(2026, 1, 8)


def test_months_land_on_the_corresponding_day() -> None:
    assert rule("+P12M").apply(D(2016, 10, 27), "last-day").date == D(2017, 10, 27)
    assert rule("+P6M").apply(D(2025, 8, 15), "last-day").date == D(2026, 2, 15)
    assert rule("+P1Y").apply(D(2019, 11, 4), "last-day").date == D(2020, 11, 4)


def test_months_are_never_thirty_days() -> None:
    assert rule("+P1M").apply(D(2025, 2, 1), "last-day").date == D(2025, 3, 1)
    assert rule("+P1M").apply(D(2025, 7, 1), "last-day").date == D(2025, 8, 1)


@pytest.mark.parametrize(
    ("start", "steps", "month_end", "expected"),
    [
        (D(2028, 2, 29), ("+P12M",), "last-day", D(2029, 2, 28)),
        (D(2028, 2, 29), ("+P12M",), "next-day", D(2029, 3, 1)),
        (D(2028, 2, 29), ("+P1Y",), "last-day", D(2029, 2, 28)),
        (D(2028, 2, 29), ("+P48M",), "strict", D(2032, 2, 29)),
        (D(2025, 1, 31), ("+P1M",), "last-day", D(2025, 2, 28)),
        (D(2025, 1, 31), ("+P1M",), "next-day", D(2025, 3, 1)),
        (D(2024, 1, 31), ("+P1M",), "last-day", D(2024, 2, 29)),
        (D(2024, 1, 31), ("+P1M",), "next-day", D(2024, 3, 1)),
        (D(2025, 8, 31), ("+P1M",), "last-day", D(2025, 9, 30)),
        (D(2025, 8, 31), ("+P1M",), "next-day", D(2025, 10, 1)),
        (D(2025, 3, 31), ("-P1M",), "last-day", D(2025, 2, 28)),
        (D(2025, 1, 31), ("+P2M",), "strict", D(2025, 3, 31)),
        (D(2025, 12, 31), ("+P1M",), "strict", D(2026, 1, 31)),
    ],
)
def test_month_end_policies(
    start: pendulum.Date, steps: tuple[str, ...], month_end: str, expected: pendulum.Date
) -> None:
    adjusted = rule(*steps).apply(start, month_end)  # type: ignore[arg-type]
    assert adjusted.date == expected
    exists = expected.day == start.day
    assert (adjusted.note is None) == exists


def test_every_adjustment_is_noted_with_the_missing_day_and_the_policy() -> None:
    adjusted = rule("+P12M").apply(D(2028, 2, 29), "last-day")
    assert adjusted.note == (
        "2028-02-29 + P12M: 2029-02-29 does not exist; month_end = last-day gives 2029-02-28"
    )
    two = rule("+P1M", "+P1M").apply(D(2025, 1, 31), "next-day")
    assert two.date == D(2025, 4, 1)
    assert two.note is not None and two.note.count("does not exist") == 1


@pytest.mark.parametrize("start", [D(2028, 2, 29), D(2025, 1, 31), D(2025, 5, 31)])
def test_strict_refuses_a_missing_day_and_names_it(start: pendulum.Date) -> None:
    steps = "+P12M" if start.month == 2 else "+P1M"
    with pytest.raises(AmbiguousDate, match="does not exist") as caught:
        rule(steps).apply(start, "strict")
    assert isinstance(caught.value, TreatyStateError)


def test_mixed_period_adds_months_before_days() -> None:
    """1972 European Convention art. 4(3): years and months first, then days.
    31 Jan + P1M1D is 28 Feb + 1 day = 1 Mar (days first would give 1 Feb + 1M = 1 Mar
    too, so the telling case is 30 Jan: months first gives 28 Feb + 1 = 1 Mar, days
    first would give 31 Jan + 1M = 28 Feb)."""
    assert rule("+P1M1D").apply(D(2025, 1, 30), "last-day").date == D(2025, 3, 1)
    assert rule("+P1Y15D").apply(D(2027, 2, 28), "last-day").date == D(2028, 3, 14)


def test_start_of_month() -> None:
    assert rule("start-of-month").apply(D(2025, 6, 17), "strict").date == D(2025, 6, 1)
    assert rule("start-of-month").apply(D(2025, 6, 1), "strict").date == D(2025, 6, 1)


def test_start_of_next_month_even_from_a_first_day_and_across_years() -> None:
    assert rule("start-of-next-month").apply(D(2025, 6, 1), "strict").date == D(2025, 7, 1)
    assert rule("start-of-next-month").apply(D(2025, 12, 31), "strict").date == D(2026, 1, 1)
    assert rule("start-of-next-month").apply(D(2024, 2, 29), "strict").date == D(2024, 3, 1)


@pytest.mark.parametrize(
    ("steps", "start", "expected", "treaty"),
    [
        (("+P60D", "start-of-next-month"), D(2002, 4, 11), D(2002, 7, 1), "Rome art. 126(1)"),
        (("start-of-month", "+P6M"), D(1998, 9, 16), D(1999, 3, 1), "Ottawa art. 17(1)"),
        (("+P12M",), D(1993, 11, 16), D(1994, 11, 16), "UNCLOS art. 308(1)"),
        (("+P30D",), D(2016, 10, 5), D(2016, 11, 4), "Paris art. 21(1)"),
        (("+P30D",), D(2021, 1, 20), D(2021, 2, 19), "Paris art. 21(3), USA"),
        (("+P1Y",), D(2018, 3, 17), D(2019, 3, 17), "Rome art. 127, PHL (a Saturday)"),
        (("+P3Y",), D(2016, 11, 4), D(2019, 11, 4), "Paris art. 28(1), earliest"),
    ],
)
def test_real_treaty_dates(
    steps: tuple[str, ...], start: pendulum.Date, expected: pendulum.Date, treaty: str
) -> None:
    assert rule(*steps).apply(start, "last-day").date == expected, treaty


def test_no_weekend_shifting() -> None:
    """1 March 2025 is a Saturday: an effective date stays on it."""
    assert rule("+P12M").apply(D(2024, 3, 1), "last-day").date == D(2025, 3, 1)


def test_describe_shows_the_arithmetic() -> None:
    r = rule("+P60D", "start-of-next-month")
    assert r.describe(D(2002, 4, 11), D(2002, 7, 1)) == (
        "2002-04-11 +P60D start-of-next-month → 2002-07-01"
    )
    assert rule().describe(D(2002, 4, 11), D(2002, 4, 11)) == "2002-04-11 (the same day)"
    assert r.as_strings() == ["+P60D", "start-of-next-month"]


@pytest.mark.parametrize(
    ("steps", "start"),
    [(("+P1M",), D(9999, 12, 1)), (("+P2D",), D(9999, 12, 30)),
     (("start-of-next-month",), D(9999, 12, 5)), (("-P1M",), D(1, 1, 15))],
)
def test_leaving_the_calendar_is_a_clear_error(steps: tuple[str, ...],
                                                start: pendulum.Date) -> None:
    with pytest.raises(DateOutOfRange):
        rule(*steps).apply(start, "last-day")


# --------------------------------------------------------------------- legal dates


def test_a_plain_date_is_already_the_depositarys_date() -> None:
    assert legal_date(dt.date(2025, 10, 3), SHANGHAI) == (D(2025, 10, 3), None)
    assert legal_date("2025-10-03", SHANGHAI) == (D(2025, 10, 3), None)


@pytest.mark.parametrize(
    ("stamp", "expected", "noted"),
    [
        ("2025-12-31T22:30:00+05:00", D(2026, 1, 1), True),
        ("2025-12-31T20:00:00+05:00", D(2025, 12, 31), False),
        ("2025-12-31T20:59:59+05:00", D(2025, 12, 31), False),
        ("2025-12-31T21:00:00+05:00", D(2026, 1, 1), True),
        ("2026-01-01T00:30:00+09:00", D(2025, 12, 31), True),
        ("2025-06-30T16:00:00Z", D(2025, 7, 1), True),
    ],
)
def test_timestamps_become_the_depositarys_date(
    stamp: str, expected: pendulum.Date, noted: bool
) -> None:
    date, note = legal_date(stamp, SHANGHAI)
    assert date == expected
    assert (note is not None) == noted
    if note:
        assert "Asia/Shanghai" in note and str(expected) in note


def test_zoned_datetimes_are_converted() -> None:
    ashgabat = dt.datetime(2025, 12, 31, 22, 30, tzinfo=pendulum.timezone("Asia/Ashgabat"))
    assert legal_date(ashgabat, SHANGHAI)[0] == D(2026, 1, 1)


@pytest.mark.parametrize("value", ["2025-12-31T22:30:00", dt.datetime(2025, 12, 31, 22, 30)])
def test_naive_timestamps_are_refused(value: object) -> None:
    with pytest.raises(NaiveTimestamp, match="no offset"):
        legal_date(value, SHANGHAI)


@pytest.mark.parametrize("value", ["31/12/2025", "2025-13-01", 20251231, None])
def test_non_dates_are_refused(value: object) -> None:
    with pytest.raises(InputError):
        legal_date(value, SHANGHAI)


@pytest.mark.parametrize("name", ["Asia/Beijing", "", "UTC+8", 8])
def test_unknown_zones_are_refused(name: object) -> None:
    with pytest.raises(InputError, match="IANA"):
        timezone(name)


@pytest.mark.parametrize(
    ("step", "start", "result"),
    [
        ("start-of-year", D(2025, 6, 17), D(2025, 1, 1)),
        ("start-of-year", D(2025, 1, 1), D(2025, 1, 1)),
        ("start-of-next-year", D(2025, 6, 17), D(2026, 1, 1)),
        ("start-of-next-year", D(2025, 1, 1), D(2026, 1, 1)),
        ("start-of-next-year", D(2025, 12, 31), D(2026, 1, 1)),
        ("end-of-month", D(2028, 2, 3), D(2028, 2, 29)),
        ("end-of-month", D(2029, 2, 28), D(2029, 2, 28)),
        ("end-of-month", D(2025, 4, 1), D(2025, 4, 30)),
        ("end-of-year", D(2025, 6, 17), D(2025, 12, 31)),
        ("end-of-year", D(2025, 12, 31), D(2025, 12, 31)),
    ],
)
def test_year_and_month_end_steps(step: str, start: pendulum.Date, result: pendulum.Date) -> None:
    """SPEC §8.1; each step names itself back, and parses from its name."""
    parsed = parse_step(step)
    assert str(parsed) == step
    assert parsed.apply(start, "strict").date == result
    assert parsed.apply(start, "strict").note is None


def test_start_of_next_year_leaves_the_calendar_with_a_clear_error() -> None:
    with pytest.raises(DateOutOfRange, match="the year after 9999-06-01"):
        parse_step("start-of-next-year").apply(D(9999, 6, 1), "strict")


def test_unknown_named_step_lists_every_named_step() -> None:
    with pytest.raises(InputError) as error:
        parse_step("end-of-the-year")
    for name in ("start-of-month", "start-of-next-month", "end-of-month", "start-of-year",
                 "start-of-next-year", "end-of-year"):
        assert repr(name) in str(error.value)


# ------------------------------------------ what the mutation run showed was untested
# Each test below fails on a mutant that survived the tests above (docs/properties.md,
# "Mutation testing"): an error message that lost the value it quotes or its sign, a
# boundary year, a rule's type check, the notes of a rule of several steps.


def test_the_empty_period_prints_as_zero_days() -> None:
    assert str(Period()) == "P0D"
    assert str(parse_period("P0D")) == "P0D"


def test_a_refused_period_quotes_the_value_and_the_allowed_form() -> None:
    with pytest.raises(InvalidPeriod) as error:
        parse_period(15)
    assert str(error.value) == "a period must be a string such as 'P15D' or 'P12M', got 15"
    with pytest.raises(InvalidPeriod) as error:
        parse_period("P1.5M")
    assert str(error.value) == (
        "'P1.5M' is not a period: write an ISO 8601 duration with only Y, M, W and D parts, "
        "such as 'P15D', 'P6M', 'P1Y6M' or 'P2W' (no time part, no fractions, no sign "
        "inside the period)"
    )


@pytest.mark.parametrize(
    ("steps", "start", "result"),
    [(("-P1M",), D(2, 1, 15), D(1, 12, 15)), (("-P12M",), D(2, 12, 31), D(1, 12, 31)),
     (("+P1M",), D(9999, 11, 30), D(9999, 12, 30))],
)
def test_the_first_and_last_years_of_the_calendar_are_reachable(
    steps: tuple[str, ...], start: pendulum.Date, result: pendulum.Date
) -> None:
    assert rule(*steps).apply(start, "strict").date == result


@pytest.mark.parametrize(
    ("steps", "start", "message"),
    [
        (("+P1M",), D(9999, 12, 1), "9999-12-01 + P1M leaves the calendar (years 1 to 9999)"),
        (("-P1M",), D(1, 1, 15), "0001-01-15 - P1M leaves the calendar (years 1 to 9999)"),
        (("+P2D",), D(9999, 12, 30), "9999-12-30 + P2D leaves the calendar (years 1 to 9999)"),
        (("-P1D",), D(1, 1, 1), "0001-01-01 - P1D leaves the calendar (years 1 to 9999)"),
        (("start-of-next-month",), D(9999, 12, 5),
         "the month after 9999-12-05 leaves the calendar"),
    ],
)
def test_leaving_the_calendar_names_the_date_the_sign_and_the_period(
    steps: tuple[str, ...], start: pendulum.Date, message: str
) -> None:
    with pytest.raises(DateOutOfRange) as error:
        rule(*steps).apply(start, "last-day")
    assert str(error.value) == message


def test_a_month_end_note_names_a_subtraction_as_one() -> None:
    adjusted = rule("-P1M").apply(D(2029, 3, 31), "last-day")
    assert adjusted.date == D(2029, 2, 28)
    assert adjusted.note == (
        "2029-03-31 - P1M: 2029-02-31 does not exist; month_end = last-day gives 2029-02-28"
    )


def test_an_unknown_month_end_policy_lists_the_policies() -> None:
    with pytest.raises(InputError) as error:
        rule("+P1M").apply(D(2025, 1, 31), "end")  # type: ignore[arg-type]
    assert str(error.value) == (
        "'end' is not a month-end policy; use one of 'last-day', 'next-day', 'strict'"
    )


def test_a_rule_from_a_standard_library_date_gives_a_pendulum_date() -> None:
    for steps in (("+P15D",), ("+P1M",), ("+P15D", "end-of-month")):
        date = rule(*steps).apply(dt.date(2025, 6, 17), "last-day").date  # type: ignore[arg-type]
        assert type(date) is pendulum.Date


@pytest.mark.parametrize(
    "start", [dt.datetime(2025, 6, 17, 12, 0), pendulum.datetime(2025, 6, 17), "2025-06-17", None]
)
def test_a_rule_refuses_to_start_from_anything_but_a_date(start: object) -> None:
    for steps in ((), ("+P15D",), ("+P15D", "end-of-month")):
        with pytest.raises(InvalidDate) as error:
            rule(*steps).apply(start, "last-day")  # type: ignore[arg-type]
        assert str(error.value) == f"a date rule starts from a date, got {start!r}"


def test_a_rule_of_several_steps_joins_every_note_and_has_none_without_one() -> None:
    both = rule("+P1M", "end-of-month", "+P12M").apply(D(2024, 1, 31), "last-day")
    assert both.date == D(2025, 2, 28)
    assert both.note == (
        "2024-01-31 + P1M: 2024-02-31 does not exist; month_end = last-day gives 2024-02-29; "
        "2024-02-29 + P12M: 2025-02-29 does not exist; month_end = last-day gives 2025-02-28"
    )
    assert rule("+P60D", "start-of-next-month").apply(D(2002, 4, 11), "last-day").note is None


@pytest.mark.parametrize("steps", ["+P60D", b"+P60D", {"+P60D": 1}, 60])
def test_a_date_rule_is_a_list_not_a_string_or_a_table(steps: object) -> None:
    with pytest.raises(InvalidPeriod) as error:
        DateRule.parse(steps)  # type: ignore[arg-type]
    assert str(error.value) == (
        f'a date rule is a list of steps such as ["+P60D", "start-of-next-month"], '
        f"got {steps!r}"
    )


def test_refused_steps_quote_the_step() -> None:
    with pytest.raises(InvalidPeriod) as error:
        parse_step("+P")
    assert str(error.value).startswith("'+P' is not a date step: 'P' is not a period")
    for text in ("XP1D", "+", "P60D"):
        with pytest.raises(InvalidPeriod) as error:
            parse_step(text)
        assert str(error.value) == (
            f"{text!r} is not a date step: use '+PERIOD' or '-PERIOD' (e.g. '+P60D', "
            "'+P12M') or one of 'start-of-month', 'start-of-next-month', 'end-of-month', "
            "'start-of-year', 'start-of-next-year', 'end-of-year'"
        )


@pytest.mark.parametrize("month_end", ["last-day", "next-day", "strict"])
def test_a_rule_that_clamps_but_never_goes_back_is_found_under_every_policy(
    month_end: MonthEnd,
) -> None:
    """``+P1M -P1D`` clamps from 30 January, and never lands before its start;
    ``-P1M +P1M`` from 30 March lands on 29 March unless the policy moves on to 1 March.
    A strict treaty is checked as under last-day (the clamp's refusal comes later)."""
    assert rule("+P1M", "-P1D").lands_before_start(month_end) is None
    expected = None if month_end == "next-day" else (D(2000, 3, 30), D(2000, 3, 29))
    assert rule("-P1M", "+P1M").lands_before_start(month_end) == expected


def test_refused_zones_quote_the_value_and_suggest_names() -> None:
    with pytest.raises(UnknownTimezone) as error:
        timezone(8)
    assert str(error.value) == (
        "a time zone must be an IANA name such as 'Asia/Shanghai', got 8"
    )
    with pytest.raises(UnknownTimezone) as error:
        timezone("Asia/Beijing")
    assert str(error.value) == (
        "'Asia/Beijing' is not a known IANA time zone: use a name such as 'Asia/Shanghai', "
        "'America/New_York' or 'UTC'"
    )


def test_a_zone_named_by_its_iana_name_converts_and_notes_the_local_time() -> None:
    assert legal_date("2025-12-31T22:30:00+05:00", "Asia/Shanghai") == (
        D(2026, 1, 1),
        "2025-12-31T22:30:00+05:00 is 2026-01-01 01:30 in Asia/Shanghai: legal date 2026-01-01",
    )


def test_a_timestamp_that_leaves_the_calendar_at_the_depositary_is_refused() -> None:
    with pytest.raises(InvalidDate) as error:
        legal_date("9999-12-31T23:00:00+00:00", SHANGHAI)
    assert str(error.value) == (
        "the timestamp 9999-12-31T23:00:00+00:00 falls outside the calendar (years 1 to "
        "9999) once converted to the depositary's zone (Asia/Shanghai)"
    )


@pytest.mark.parametrize(("value", "shown"), [(20251231, "20251231"), (None, "None")])
def test_a_value_that_is_no_date_is_quoted(value: object, shown: str) -> None:
    with pytest.raises(InvalidDate) as error:
        legal_date(value, SHANGHAI)
    assert str(error.value) == (
        "expected a date (2025-10-03) or a timestamp with an offset "
        f"(2025-10-03T23:30:00+05:00), got {shown}"
    )


def test_a_malformed_date_text_shows_both_accepted_forms() -> None:
    with pytest.raises(InvalidDate) as error:
        legal_date("31/12/2025", SHANGHAI)
    assert str(error.value) == (
        "'31/12/2025' is not an ISO date or timestamp: write 2025-10-03 or "
        "2025-10-03T23:30:00+05:00"
    )


def test_an_iso_date_is_parsed_to_a_pendulum_date_and_a_timestamp_refused() -> None:
    date = parse_iso_date("2028-02-29")
    assert type(date) is pendulum.Date and date == D(2028, 2, 29)
    with pytest.raises(InvalidDate) as error:
        parse_iso_date("2025-10-03T12:00:00+05:00")
    assert str(error.value) == (
        "'2025-10-03T12:00:00+05:00' is a timestamp, not a date: write 2025-10-03"
    )
    with pytest.raises(InvalidDate):
        parse_iso_date("2025-W26")
