"""Calendars (RFC 5545): effective dates and deadlines as all-day events.

Every derived date of an outcome becomes a ``VEVENT``: the treaty's entry into force,
each State's, each withdrawal taking effect, termination, and each duty's due date.
A date that was revoked, cancelled or lapsed stays in the calendar with ``STATUS:
CANCELLED``, so a calendar that imported it before learns that it is off.

UIDs are stable: made of the treaty id, the kind of date, the duty, the State and the
day the rule counted from (the notice, the consent, the duty's trigger), never of the
clock or of chance. Importing the calendar again after the scenario changed therefore
updates the events it already holds instead of adding copies. ``DTSTAMP`` (required
by RFC 5545) is midnight UTC of the day the outcome describes (its ``as_of``, or the
last date of its timeline), not the clock: the same scenario gives the same bytes, and
a changed scenario a later stamp. ``stamp`` fixes another moment.

Every text property (the calendar's name included) is RFC 5545 TEXT: icalendar
escapes line breaks, commas, semicolons and backslashes and folds long lines;
control characters, which TEXT may not hold, are written out first (``\x1b``).

icalendar is the ``ics`` extra, imported only here.
"""

from __future__ import annotations

import datetime as dt

import pendulum

from .._extras import require
from .._model.clauses import Treaty
from .._model.outcome import Outcome
from .._model.records import DutyRecord
from .escaping import visible
from .explain import DateExplanation, explain

__all__ = ["calendar_events", "to_ics"]

_SUMMARIES = {
    "entry-into-force": "entry into force",
    "entry-into-force-for-party": "enters into force for {party}",
    "withdrawal-effective": "withdrawal of {party} takes effect",
    "termination": "termination",
    "duty-due": "depositary duty '{duty}' due",
}
# A postponed date (Ottawa art. 20(3): the notice expired during an armed conflict)
# waits for a day not yet known; revoked, cancelled and lapsed dates are off.
_STATUS = {"occurred": "CONFIRMED", "scheduled": "CONFIRMED", "postponed": "TENTATIVE"}
_LIVE = ("occurred", "scheduled")
_PRODID = "-//treatystate//treaty dates//EN"
_LAST_DAY = pendulum.Date(9999, 12, 31)


def _trigger(item: DateExplanation) -> str:
    """The day the rule counted from: what makes two dates of one kind different."""
    if item.start is not None:
        return item.start.isoformat()
    if item.caused_by and item.caused_by[0].date is not None:
        return item.caused_by[0].date.isoformat()
    return "-"


def uid(treaty_id: str, item: DateExplanation) -> str:
    """``treaty/kind/duty/party/trigger@treatystate``: stable across exports."""
    parts = [treaty_id, item.kind]
    if item.duty:
        parts.append(item.duty)
    parts += [item.party or "treaty", _trigger(item)]
    return "/".join(parts) + "@treatystate"


def _unique_uids(treaty_id: str, items: list[DateExplanation]) -> list[str]:
    """One UID per item. When one chain produced several dates (a withdrawal postponed,
    then effective; an entry into force cancelled, then recomputed on the same day), the
    date that stands keeps the chain's UID, so a calendar moves its event there, and
    the superseded ones get their status and day appended."""
    base = [uid(treaty_id, item) for item in items]
    live = {identifier for identifier, item in zip(base, items, strict=True)
            if item.status in _LIVE}
    taken: set[str] = set()
    result = []
    for identifier, item in zip(base, items, strict=True):
        final = identifier
        if (identifier in live and item.status not in _LIVE) or final in taken:
            final = identifier.replace("@", f"/{item.status}-{item.date}@", 1)
        number = 2
        while final in taken:
            final = identifier.replace("@", f"/{item.status}-{item.date}-{number}@", 1)
            number += 1
        taken.add(final)
        result.append(final)
    return result


def calendar_events(outcome: Outcome, treaty: Treaty | None = None) -> list[DateExplanation]:
    """The dates a calendar holds: every derived date of the outcome."""
    return list(explain(outcome, treaty).dates)


_DutyKey = tuple[str | None, str | None, pendulum.Date | None]


def _summary(outcome: Outcome, item: DateExplanation, duties: dict[_DutyKey, DutyRecord]) -> str:
    template = _SUMMARIES.get(item.kind, item.kind.replace("-", " "))
    text = template.format(party=item.party or "", duty=item.duty or "")
    if item.kind == "duty-due":
        record = duties.get((item.duty, item.party, item.date))
        if item.party:
            text += f" ({item.party})"
        if record is not None and record.status != "pending":
            text += f" ({record.status}" + (f" {record.done})" if record.done else ")")
    if item.cites:
        text += f", {item.cites}"
    if item.status not in _LIVE:
        text += f" [{item.status}]"
    return f"{outcome.treaty.id}: {text}"


def _description(item: DateExplanation) -> str:
    lines = [text for text in (item.account, item.arithmetic) if text]
    lines += [f"because {text}" for text in item.listed_causes(hint="")]
    if item.text:
        lines.append(f"“{item.text}”")
    return "\n".join(lines)


def to_ics(
    outcome: Outcome, treaty: Treaty | None = None, *, stamp: dt.datetime | None = None
) -> bytes:
    """The outcome's dates as an RFC 5545 calendar (bytes, CRLF line ends)."""
    icalendar = require("icalendar", extra="ics", feature="a calendar export")
    moment = stamp if stamp is not None else _described_day(outcome)
    calendar = icalendar.Calendar()
    calendar.add("prodid", _PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", icalendar.vText(visible(outcome.treaty.title)))
    items = calendar_events(outcome, treaty)
    # The first record of a duty instance, as a lookup: one pass, not one per date.
    duties: dict[_DutyKey, DutyRecord] = {}
    for record in outcome.duties:
        duties.setdefault((record.id, record.party, record.due), record)
    for item, identifier in zip(items, _unique_uids(outcome.treaty.id, items), strict=True):
        event = icalendar.Event()
        event.add("uid", visible(identifier))
        event.add("dtstamp", moment)
        event.add("dtstart", _plain(item.date))
        if item.date < _LAST_DAY:
            event.add("dtend", _plain(item.date) + dt.timedelta(days=1))
        # else: an all-day DTSTART without DTEND lasts the one day (RFC 5545 §3.6.1);
        # the day after 9999-12-31 cannot be written.
        event.add("summary", visible(_summary(outcome, item, duties)))
        event.add("description", visible(_description(item)))
        event.add("status", _STATUS.get(item.status, "CANCELLED"))
        event.add("transp", "TRANSPARENT")
        event.add("categories", [item.kind])
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _plain(date: pendulum.Date) -> dt.date:
    """icalendar writes a ``VALUE=DATE`` (all-day) property for a plain ``date``."""
    return dt.date(date.year, date.month, date.day)


def _described_day(outcome: Outcome) -> dt.datetime:
    """Midnight UTC of the day the outcome describes: its ``as_of``, else its last date."""
    day = outcome.as_of or max((entry.date for entry in outcome.timeline), default=None)
    if day is None:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
