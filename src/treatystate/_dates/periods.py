"""Periods, date rules and legal dates (SPEC §1).

A *legal date* is a calendar date in the depositary's time zone. Timestamps are
converted to it once, here, at the boundary; a timestamp without an offset is
refused, because its legal date cannot be known.

Counting conventions (reference/rules.md §2-3):

* "the Nth day after D" is ``D + N days``: the day of the event is day 0
  (Regulation 1182/71 art. 3(1); Kyoto, Genocide, Paris, TPNW depositary practice);
* months and years are calendar months ending on the corresponding date; when the
  month lacks that day, the treaty's ``month_end`` setting decides (1972 European
  Convention on the Calculation of Time-Limits art. 4(2); Reg. 1182/71 art. 3(2)(c));
* in a mixed period, years and months are added first, then weeks and days
  (1972 European Convention art. 4(3));
* no weekend or holiday shifting of entry-into-force or effective dates, ever
  (1972 European Convention art. 5 applies to deadlines to perform an act only).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import reprlib
from collections.abc import Iterable
from typing import Literal, TypeAlias

import attrs
import pendulum

from ..errors import (
    AmbiguousDate,
    DateOutOfRange,
    InputError,
    InvalidDate,
    InvalidPeriod,
    NaiveTimestamp,
    UnknownTimezone,
)

__all__ = [
    "MONTH_END_POLICIES",
    "NAMED_STEPS",
    "AddPeriod",
    "DateRule",
    "EndOfMonth",
    "EndOfYear",
    "MonthEnd",
    "Period",
    "StartOfMonth",
    "StartOfNextMonth",
    "StartOfNextYear",
    "StartOfYear",
    "Step",
    "legal_date",
    "parse_iso_date",
    "parse_period",
    "parse_step",
    "timezone",
]

MonthEnd: TypeAlias = Literal["last-day", "next-day", "strict"]
MONTH_END_POLICIES: tuple[MonthEnd, ...] = ("last-day", "next-day", "strict")

# ASCII digits only: `\d` would also take other scripts' digits ("P１D").
_PERIOD = re.compile(r"P(?:([0-9]{1,6})Y)?(?:([0-9]{1,6})M)?(?:([0-9]{1,6})W)?(?:([0-9]{1,7})D)?")
_ONE_DAY = dt.timedelta(days=1)

# Error messages quote the offending value, but never a whole huge list or string.
_QUOTE = reprlib.Repr()
_QUOTE.maxstring = _QUOTE.maxother = 60
_QUOTE.maxlist = _QUOTE.maxtuple = _QUOTE.maxdict = 6


def quote(value: object) -> str:
    """``repr(value)``, shortened to a readable size for an error message."""
    return _QUOTE.repr(value)


@attrs.frozen
class Period:
    """An ISO 8601 duration with only Y, M, W and D parts (``P1Y6M``, ``P15D``).

    Months and years are calendar months, never "30 days"; days are never turned
    into months or back.

    >>> import treatystate
    >>> period = treatystate.parse_period("P1Y6M")
    >>> period
    Period(years=1, months=6, weeks=0, days=0)
    >>> str(period), period.total_months
    ('P1Y6M', 18)
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @property
    def total_months(self) -> int:
        """Years and months as months (``P1Y6M`` is 18)."""
        return 12 * self.years + self.months

    @property
    def total_days(self) -> int:
        """Weeks and days as days (``P2W1D`` is 15); months are never days."""
        return 7 * self.weeks + self.days

    def __str__(self) -> str:
        # Straight-line: the engine writes a period into every derived event's detail.
        text = "P"
        if self.years:
            text += f"{self.years}Y"
        if self.months:
            text += f"{self.months}M"
        if self.weeks:
            text += f"{self.weeks}W"
        if self.days:
            text += f"{self.days}D"
        return text if self.years or self.months or self.weeks or self.days else "P0D"


def parse_period(text: object) -> Period:
    """Parse ``P15D``, ``P6M``, ``P1Y6M``...; raise :class:`InvalidPeriod` otherwise.

    >>> import treatystate
    >>> treatystate.parse_period("P2W").total_days
    14
    """
    if not isinstance(text, str):
        raise InvalidPeriod(
            f"a period must be a string such as 'P15D' or 'P12M', got {quote(text)}"
        )
    match = _PERIOD.fullmatch(text)
    if match is None or text == "P":
        raise InvalidPeriod(
            f"{quote(text)} is not a period: write an ISO 8601 duration with only Y, M, W "
            "and D parts, such as 'P15D', 'P6M', 'P1Y6M' or 'P2W' (no time part, no "
            "fractions, no sign inside the period)"
        )
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    return Period(years=years, months=months, weeks=weeks, days=days)


@attrs.frozen
class Adjusted:
    """A date that month arithmetic had to move, and the note that says why."""

    date: pendulum.Date
    note: str | None


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]``, without the weekday it also computes."""
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month]


def _shift(start: pendulum.Date, period: Period, sign: int, month_end: MonthEnd) -> Adjusted:
    """``start`` plus (sign +1) or minus (sign -1) ``period``; months first, then days."""
    note: str | None = None
    # Plain numbers, and the stdlib's date addition: pendulum.Date + timedelta costs
    # ~2 µs, ``date.__add__`` ~0.2 µs and keeps the pendulum.Date type.
    year, month, day = start.year, start.month, start.day
    months = 12 * period.years + period.months
    if months:
        index = year * 12 + (month - 1) + sign * months
        year, month0 = divmod(index, 12)
        month = month0 + 1
        if not 1 <= year <= 9999:
            raise DateOutOfRange(
                f"{start} {'+' if sign > 0 else '-'} {period} leaves the calendar "
                "(years 1 to 9999)"
            )
        last = _days_in_month(year, month)
        if day > last:
            last_day = dt.date(year, month, last)
            last_text = last_day.isoformat()
            # ``day`` is above 28, so it has two digits: YYYY-MM- then the day.
            wanted = f"{last_text[:8]}{day}"
            applied = f"{start.isoformat()} {'+' if sign > 0 else '-'} {period}"
            if month_end == "strict":
                raise AmbiguousDate(
                    f"{applied}: {wanted} does not exist, and month_end = \"strict\" "
                    f"refuses to choose between {last_day} (last-day) "
                    f"and the first day of the next month (next-day); set month_end "
                    "to \"last-day\" or \"next-day\" in the treaty to decide"
                )
            if month_end == "last-day":
                result, result_text = last_day, last_text
            elif month_end == "next-day":
                result = last_day + _ONE_DAY
                result_text = result.isoformat()
            else:
                raise InputError(
                    f"{quote(month_end)} is not a month-end policy; use one of "
                    f"{', '.join(repr(p) for p in MONTH_END_POLICIES)}"
                )
            note = (f"{applied}: {wanted} does not exist; month_end = {month_end} gives "
                    f"{result_text}")
            year, month, day = result.year, result.month, result.day
    shifted = start if type(start) is pendulum.Date and not months \
        else pendulum.Date(year, month, day)
    days = 7 * period.weeks + period.days
    if days:
        try:
            shifted = _ADD_DAYS(shifted, dt.timedelta(sign * days))  # (days)
        except OverflowError:
            raise DateOutOfRange(
                f"{start} {'+' if sign > 0 else '-'} {period} leaves the calendar "
                "(years 1 to 9999)"
            ) from None
    return Adjusted(shifted, note)


_ADD_DAYS = dt.date.__add__


@attrs.frozen
class AddPeriod:
    """``+P12M`` or ``-P1D``: add or subtract a period."""

    period: Period
    sign: int = 1

    def apply(self, start: pendulum.Date, month_end: MonthEnd) -> Adjusted:
        return _shift(start, self.period, self.sign, month_end)

    def __str__(self) -> str:
        return f"{'+' if self.sign > 0 else '-'}{self.period}"


@attrs.frozen
class StartOfMonth:
    """``start-of-month``: the first day of the date's month."""

    def apply(self, start: pendulum.Date, month_end: MonthEnd) -> Adjusted:
        return Adjusted(pendulum.Date(start.year, start.month, 1), None)

    def __str__(self) -> str:
        return "start-of-month"


@attrs.frozen
class StartOfNextMonth:
    """``start-of-next-month``: the first day of the following month, even when the
    date already is a first day (Rome Statute art. 126: "the first day of the month
    after the 60th day")."""

    def apply(self, start: pendulum.Date, month_end: MonthEnd) -> Adjusted:
        if start.month == 12:
            if start.year == 9999:
                raise DateOutOfRange(f"the month after {start} leaves the calendar")
            return Adjusted(pendulum.Date(start.year + 1, 1, 1), None)
        return Adjusted(pendulum.Date(start.year, start.month + 1, 1), None)

    def __str__(self) -> str:
        return "start-of-next-month"


@attrs.frozen
class EndOfMonth:
    """``end-of-month``: the last day of the date's month (the same day when it already
    is the last), e.g. "on the last day of the month in which ..."."""

    def apply(self, start: pendulum.Date, month_end: MonthEnd) -> Adjusted:
        return Adjusted(pendulum.Date(start.year, start.month,
                                      _days_in_month(start.year, start.month)), None)

    def __str__(self) -> str:
        return "end-of-month"


@attrs.frozen
class StartOfYear:
    """``start-of-year``: 1 January of the date's year."""

    def apply(self, start: pendulum.Date, month_end: MonthEnd) -> Adjusted:
        return Adjusted(pendulum.Date(start.year, 1, 1), None)

    def __str__(self) -> str:
        return "start-of-year"


@attrs.frozen
class StartOfNextYear:
    """``start-of-next-year``: 1 January of the following year, even when the date
    already is a 1 January ("on the first day of January of the year following ...")."""

    def apply(self, start: pendulum.Date, month_end: MonthEnd) -> Adjusted:
        if start.year == 9999:
            raise DateOutOfRange(f"the year after {start} leaves the calendar")
        return Adjusted(pendulum.Date(start.year + 1, 1, 1), None)

    def __str__(self) -> str:
        return "start-of-next-year"


@attrs.frozen
class EndOfYear:
    """``end-of-year``: 31 December of the date's year. UNESCO Constitution art. II(6):
    "on 31 December of the year following that during which the notice was given" is
    ``["+P1Y", "end-of-year"]``."""

    def apply(self, start: pendulum.Date, month_end: MonthEnd) -> Adjusted:
        return Adjusted(pendulum.Date(start.year, 12, 31), None)

    def __str__(self) -> str:
        return "end-of-year"


Step: TypeAlias = (AddPeriod | StartOfMonth | StartOfNextMonth | EndOfMonth | StartOfYear
                   | StartOfNextYear | EndOfYear)

_NAMED_STEPS: dict[str, Step] = {
    "start-of-month": StartOfMonth(),
    "start-of-next-month": StartOfNextMonth(),
    "end-of-month": EndOfMonth(),
    "start-of-year": StartOfYear(),
    "start-of-next-year": StartOfNextYear(),
    "end-of-year": EndOfYear(),
}
NAMED_STEPS: tuple[str, ...] = tuple(_NAMED_STEPS)


def parse_step(text: object) -> Step:
    """Parse one step of a date rule: ``+P60D``, ``-P1D``, or a named step
    (:data:`NAMED_STEPS`: ``start-of-month``, ``start-of-next-month``, ``end-of-month``,
    ``start-of-year``, ``start-of-next-year``, ``end-of-year``).

    >>> import pendulum, treatystate
    >>> step = treatystate.parse_step("start-of-next-month")
    >>> step.apply(pendulum.Date(2025, 10, 3), "last-day").date
    Date(2025, 11, 1)
    """
    if isinstance(text, str):
        if text in _NAMED_STEPS:
            return _NAMED_STEPS[text]
        if text[:1] in "+-" and len(text) > 1:
            try:
                return AddPeriod(parse_period(text[1:]), -1 if text[0] == "-" else 1)
            except InvalidPeriod as error:
                raise InvalidPeriod(f"{quote(text)} is not a date step: {error}") from None
    raise InvalidPeriod(
        f"{quote(text)} is not a date step: use '+PERIOD' or '-PERIOD' (e.g. '+P60D', "
        f"'+P12M') or one of {', '.join(repr(name) for name in _NAMED_STEPS)}"
    )


@attrs.frozen
class DateRule:
    """Steps applied in order to a starting date; no steps means the date itself.

    >>> import pendulum, treatystate
    >>> rule = treatystate.DateRule.parse(["+P60D", "start-of-next-month"])
    >>> rule.apply(pendulum.Date(2002, 4, 11), "last-day").date     # Rome Statute art. 126
    Date(2002, 7, 1)
    >>> rule.as_strings()
    ['+P60D', 'start-of-next-month']
    """

    steps: tuple[Step, ...] = ()

    @classmethod
    def parse(cls, steps: Iterable[object]) -> DateRule:
        """``["+P60D", "start-of-next-month"]``; :class:`InvalidPeriod` for anything else."""
        if isinstance(steps, str | bytes | dict) or not isinstance(steps, Iterable):
            raise InvalidPeriod(
                f"a date rule is a list of steps such as [\"+P60D\", "
                f"\"start-of-next-month\"], got {quote(steps)}"
            )
        return cls(tuple(parse_step(step) for step in steps))

    def apply(self, start: pendulum.Date, month_end: MonthEnd) -> Adjusted:
        """The rule's date from ``start``; the note lists every month-end adjustment."""
        if type(start) is not pendulum.Date and (
            not isinstance(start, dt.date) or isinstance(start, dt.datetime)
        ):
            raise InvalidDate(f"a date rule starts from a date, got {quote(start)}")
        if len(self.steps) == 1:  # the common case: its note is already the rule's
            return self.steps[0].apply(start, month_end)
        notes: list[str] = []
        current = start
        for step in self.steps:
            adjusted = step.apply(current, month_end)
            current = adjusted.date
            if adjusted.note:
                notes.append(adjusted.note)
        return Adjusted(current, "; ".join(notes) if notes else None)

    def describe(self, start: pendulum.Date, result: pendulum.Date) -> str:
        """``2028-02-29 +P12M → 2029-02-28``: the arithmetic, for explanations."""
        if not self.steps:
            return f"{start.isoformat()} (the same day)"
        steps = " ".join([str(step) for step in self.steps])
        return f"{start.isoformat()} {steps} → {result.isoformat()}"

    def as_strings(self) -> list[str]:
        """The steps as a treaty file writes them: ``["+P12M"]``."""
        return [str(step) for step in self.steps]

    def lands_before_start(self, month_end: MonthEnd) -> tuple[pendulum.Date, pendulum.Date] | None:
        """A start this rule takes to an earlier day, as ``(start, result)``, or
        ``None`` when it never does (SPEC §8.7: a rule may step back, ``-P1D``, but
        never lands before its start).

        Only a rule with a step that goes back (``-PERIOD``, ``start-of-month``,
        ``start-of-year``) can; every other step lands on or after its start, and so
        does any sequence of them. Such a rule is tried from every day of a four-year
        cycle (2000 to 2003, a leap year first): the steps depend on a date only through
        its day, its month and whether its year is a leap year. The engine checks each
        date it computes all the same."""
        return _lands_before_start(self, month_end)


_BACKWARD_STEPS = (StartOfMonth, StartOfYear)


@functools.lru_cache(maxsize=256)
def _lands_before_start(rule: DateRule, month_end: MonthEnd) -> tuple[pendulum.Date,
                                                                      pendulum.Date] | None:
    if not any(isinstance(step, _BACKWARD_STEPS) or (isinstance(step, AddPeriod)
                                                     and step.sign < 0)
               for step in rule.steps):
        return None
    policy: MonthEnd = "last-day" if month_end == "strict" else month_end
    steps = [step.apply for step in rule.steps]
    start = pendulum.Date(2000, 1, 1)
    for _ in range(4 * 365 + 1):
        current = start
        for apply in steps:
            current = apply(current, policy).date
        if current < start:
            return start, current
        start = _ADD_DAYS(start, _ONE_DAY)
    return None


def timezone(name: object) -> pendulum.Timezone:
    """The IANA zone ``name``; an :class:`UnknownTimezone` for anything else."""
    if not isinstance(name, str) or not name:
        raise UnknownTimezone(
            f"a time zone must be an IANA name such as 'Asia/Shanghai', got {quote(name)}"
        )
    try:
        return _zone(name)
    except Exception:
        raise UnknownTimezone(
            f"{quote(name)} is not a known IANA time zone: use a name such as 'Asia/Shanghai', "
            "'America/New_York' or 'UTC'"
        ) from None


@functools.lru_cache(maxsize=1024)
def _zone(name: str) -> pendulum.Timezone:
    """``pendulum.timezone(name)``, which builds a new zone (~20 µs) at every call: a
    scenario run ``as_of`` a date looks its depositary's zone up each time. Zones are
    immutable, so one per name serves every caller; unknown names raise, uncached."""
    return pendulum.timezone(name)


def legal_date(
    value: object, zone: pendulum.Timezone | str
) -> tuple[pendulum.Date, str | None]:
    """Convert a date or a zoned timestamp to the depositary's legal date.

    A plain date is already the depositary's local date. A timestamp needs an offset
    or a zone and is converted to ``zone`` (a zone or its IANA name), then to its
    date; the second element is a note saying so when the day changed. A naive
    timestamp is refused (SPEC §1); so is one whose date at the depositary would
    leave the calendar (years 1 to 9999).

    >>> import treatystate
    >>> day, note = treatystate.legal_date("2025-12-31T22:30:00+05:00", "Asia/Shanghai")
    >>> day
    Date(2026, 1, 1)
    >>> note
    '2025-12-31T22:30:00+05:00 is 2026-01-01 01:30 in Asia/Shanghai: legal date 2026-01-01'
    """
    if not isinstance(zone, pendulum.Timezone):
        zone = timezone(zone)
    if isinstance(value, str):
        value = _parse_iso(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise NaiveTimestamp(
                f"the timestamp {value.isoformat()} has no offset or zone, so its date "
                f"at the depositary ({zone.name}) cannot be known: write the offset "
                f"(e.g. {value.isoformat()}+05:00) or give the depositary's date "
                f"({value.date().isoformat()})"
            )
        try:
            local = value.astimezone(zone)
        except OverflowError:
            raise InvalidDate(
                f"the timestamp {value.isoformat()} falls outside the calendar (years 1 "
                f"to 9999) once converted to the depositary's zone ({zone.name})"
            ) from None
        result = pendulum.Date(local.year, local.month, local.day)
        note = None
        if result != value.date():
            note = (
                f"{value.isoformat()} is {local.strftime('%Y-%m-%d %H:%M')} in {zone.name}: "
                f"legal date {result}"
            )
        return result, note
    if isinstance(value, dt.date):
        if isinstance(value, pendulum.Date):
            return value, None
        return pendulum.Date(value.year, value.month, value.day), None
    raise InvalidDate(
        f"expected a date (2025-10-03) or a timestamp with an offset "
        f"(2025-10-03T23:30:00+05:00), got {quote(value)}"
    )


# RFC 3339 / ISO 8601 extended format only: Python's ``fromisoformat`` also takes
# week dates ("2025-W26"), ordinal dates and the basic format ("20260101"), which a
# treaty file never means as a date.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})?"
)


def parse_iso_date(text: str) -> pendulum.Date:
    """``YYYY-MM-DD`` and nothing else; :class:`InvalidDate` otherwise."""
    value = _parse_iso(text)
    if isinstance(value, dt.datetime):
        raise InvalidDate(f"{quote(text)} is a timestamp, not a date: write 2025-10-03")
    return pendulum.Date(value.year, value.month, value.day)


def _parse_iso(text: str) -> dt.date | dt.datetime:
    try:
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        if _ISO_TIMESTAMP.fullmatch(text):
            return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    raise InvalidDate(
        f"{quote(text)} is not an ISO date or timestamp: write 2025-10-03 or "
        "2025-10-03T23:30:00+05:00"
    )
