"""Deadlines to perform an act, extended past weekends and public holidays.

1972 European Convention on the Calculation of Time-Limits (ETS No. 76) art. 5:
Saturdays, Sundays and public holidays count within a period, but "lorsque le « dies
ad quem » d'un délai avant l'expiration duquel un acte doit être accompli est un
samedi, un dimanche, un jour férié légal ou considéré comme tel, le délai est prolongé
de façon à englober le premier jour ouvrable qui suit" (reference/rules.md §3.1).
Only a deadline to *perform an act* moves: the engine calls this module for the due
dates of the depositary's duties and for nothing else. Entry-into-force and effective
dates are never moved (Regulation 1182/71 art. 4; SPEC §1).

The calendars are those of the ``holidays`` package (the ``holidays`` extra), imported
here and only when a treaty names one: ``[depositary] holidays = "CN"`` or, with a
subdivision, ``"US-NY"``. Working weekends (e.g. China's adjusted working Sundays) are
working days, as the package records them.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import pendulum

from .._extras import require
from ..errors import DateOutOfRange

__all__ = ["calendar_problem", "next_working_day"]

_FEATURE = "the business-day extension of duty deadlines ([depositary] holidays)"
_ONE_DAY = dt.timedelta(days=1)


def _holidays() -> Any:
    return require("holidays", extra="holidays", feature=_FEATURE)


def calendar_problem(name: str) -> str | None:
    """Why ``name`` ("CN", "US-NY") is not a calendar of the ``holidays`` package, or
    ``None`` when it is one."""
    country, _, subdivision = name.partition("-")
    supported: dict[str, list[str]] = _holidays().list_supported_countries()
    if country not in supported:
        return (f"{name!r} is not a country code of the holidays package (ISO 3166-1 "
                "alpha-2, e.g. \"CN\" or \"US-NY\")")
    if subdivision and subdivision not in supported[country]:
        return (f"{subdivision!r} is not a subdivision of {country} in the holidays package "
                f"(it has: {', '.join(supported[country][:12]) or 'none'})")
    return None


# Holiday names are written into notes, so they come in one language whatever the
# locale (the package otherwise follows LANG: English under C.UTF-8, Chinese under C).
_LANGUAGE = "en_US"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@cache
def _calendar(name: str) -> Any:
    country, _, subdivision = name.partition("-")
    module = _holidays()
    probe = module.country_holidays(country, subdiv=subdivision or None)
    languages = probe.supported_languages
    if not languages:  # names in one language only, not translated
        return probe
    # No English names: the calendar's own language, named rather than guessed.
    language = _LANGUAGE if _LANGUAGE in languages else probe.default_language
    return module.country_holidays(country, subdiv=subdivision or None, language=language)


def next_working_day(due: pendulum.Date, name: str) -> tuple[pendulum.Date, str | None]:
    """``due`` itself when it is a working day in calendar ``name``; otherwise the next
    working day, and a note naming each day skipped and why."""
    calendar = _calendar(name)
    day = dt.date(due.year, due.month, due.day)
    skipped: list[str] = []
    while not calendar.is_working_day(day):
        skipped.append(f"{day.isoformat()} ({calendar.get(day) or _WEEKDAYS[day.weekday()]})")
        if day == dt.date.max:
            raise DateOutOfRange(f"no working day follows {due} before the end of the "
                                 "calendar (year 9999)")
        day += _ONE_DAY
    if not skipped:
        return due, None
    moved = pendulum.Date(day.year, day.month, day.day)
    return moved, (
        f"the deadline {due} is not a working day in the {name} calendar "
        f"({', '.join(skipped)}): it moves to {moved} (1972 European Convention on the "
        "Calculation of Time-Limits art. 5)"
    )
