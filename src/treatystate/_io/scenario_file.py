"""Reading a scenario file (SPEC §3): its treaty, ``as_of``, events and ``[expect]``.

Each event is checked where it is read, against its type's keys (its rule module's)
and against the treaty (``_rules/validate.py``, the one validation of events); a
timestamp becomes the depositary's legal date, and the timestamp is kept as received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, cast

import pendulum

from .._dates.periods import legal_date, quote, timezone
from .._model.clauses import Treaty
from .._model.events import EVENT_TYPES, Event, EventType
from .._rules import EVENT_KINDS
from .._rules.validate import event_problem
from ..errors import ScenarioFileError
from .expect import Expectations, parse_expectations
from .reader import STATE_CODE, Reader, parse_period_at, show
from .treaty_file import TREATY_KEYS, treaty_from_value

__all__ = ["file_kind", "parse_scenario_data"]

# The keys of each event type: its rule module's, with `type` and `date`.
_EVENT_KEYS: dict[str, set[str]] = {
    kind: {"type", "date", *event.keys} for kind, event in EVENT_KINDS.items()
}



def file_kind(data: Mapping[str, Any]) -> Literal["treaty", "scenario"]:
    """Whether a parsed TOML document is a treaty file (SPEC §2) or a scenario (§3):
    a scenario names its ``treaty`` or has ``[[events]]``; a treaty file has neither
    and has a treaty's own keys (``id``, ``entry_into_force``, ...)."""
    if "treaty" in data or "events" in data:
        return "scenario"
    return "treaty" if any(key in TREATY_KEYS and key != "title" for key in data) else "scenario"


def parse_scenario_data(
    data: dict[str, Any], source: str, base_dir: Path | None
) -> tuple[Treaty, str | None, pendulum.Date | None, tuple[Event, ...], Expectations | None]:
    """The parts of a scenario document, validated (SPEC §3)."""
    if file_kind(data) == "treaty":
        raise ScenarioFileError(
            f"{source}: is a treaty file, not a scenario (it has no `treaty` and no "
            f"[[events]]); check it alone with `treatystate validate {source}`, or name it "
            f"in a scenario: treaty = \"{source}\"", source=source)
    top = Reader(data, source, "", ScenarioFileError)
    top.only({"treaty", "title", "as_of", "events", "expect", "variants", "sweep"},
             "a scenario")
    treaty = treaty_from_value(top.need("treaty"), source, "treaty", base_dir)
    zone = timezone(treaty.depositary.timezone)
    as_of = None
    if top.has("as_of"):
        as_of = top.guard("as_of", lambda: legal_date(top.raw("as_of"), zone))[0]
    events = tuple(
        _event(item, index, treaty, zone) for index, item in enumerate(top.tables("events"))
    )
    expect_section = top.table("expect")
    expect = parse_expectations(expect_section.data, source, treaty) if expect_section else None
    refused = expect.refusal.event if expect is not None and expect.refusal else None
    if refused is not None and not 0 <= refused < len(events):
        raise ScenarioFileError(
            f"{source}: expect.refusal.event: {refused} is not an event of this scenario; "
            f"events are numbered from 0 in file order (0 to {len(events) - 1})"
            if events else f"{source}: expect.refusal.event: this scenario has no events",
            source=source, key="expect.refusal.event")
    return treaty, top.optional_string("title"), as_of, events, expect


def _event(item: Reader, index: int, treaty: Treaty, zone: pendulum.Timezone) -> Event:
    if not item.has("type"):
        # A misspelt key (`tpye`) is the likelier mistake than a forgotten type: name it.
        item.only(set().union(*_EVENT_KEYS.values()), "an event")
    kind = item.string("type", required=True)
    if kind not in _EVENT_KEYS:
        item.fail("type", f"{quote(kind)} is not an event type; use one of "
                          f"{', '.join(EVENT_TYPES)}")
    item.only(_EVENT_KEYS[kind], f"a {kind} event")
    raw_date = item.need("date")
    date, _ = item.guard("date", lambda: legal_date(raw_date, zone))
    received = None
    if isinstance(raw_date, dt.datetime) or (isinstance(raw_date, str) and "T" in raw_date):
        received = raw_date.isoformat() if isinstance(raw_date, dt.datetime) else raw_date
    party = item.optional_string("party")
    listed = treaty.parties
    if party is not None:
        _check_code(item, "party", party, listed)
    parties: tuple[str, ...] = ()
    if kind == "signature":
        value = item.raw("parties")
        if value is None:
            if listed is None:
                item.fail("parties", "is required for a signature of a treaty open to any "
                                     "State (name who signs)")
        else:
            if not isinstance(value, list) or not value:
                item.fail("parties", f"expected a non-empty list of State codes, got "
                                     f"{show(value)}")
            for code in value:
                _check_code(item, "parties", code, listed)
            if len(set(value)) != len(value):
                item.fail("parties", "a State is named twice")
            parties = tuple(value)
    duty_id = item.string("duty", required=True) if kind == "duty" else None
    protocol_id = (item.string("protocol", required=True) if kind == "protocol-consent"
                   else None)
    effective = None
    if item.has("effective"):
        effective = item.guard("effective", lambda: legal_date(item.raw("effective"), zone))[0]
    until = None
    if item.has("until"):
        until = item.guard("until", lambda: legal_date(item.raw("until"), zone))[0]
    by = parse_period_at(item, "by") if item.has("by") else None
    event = Event(index=index, type=cast(EventType, kind), date=date, party=party,
                  parties=parties, duty=duty_id, effective=effective, received=received,
                  protocol=protocol_id, until=until, by=by)
    problem = event_problem(event, treaty)
    if problem is not None:
        item.fail(problem.key, problem.message)
    return event


def _check_code(item: Reader, key: str, code: object, listed: tuple[str, ...] | None) -> None:
    if not isinstance(code, str) or not STATE_CODE.fullmatch(code):
        item.fail(key, f"{show(code)} is not a State code: use ISO 3166-1 alpha-3 such as "
                       "'KAZ' (uppercase)")
    if listed is not None and code not in listed:
        item.fail(key, f"{code} is not a party to this closed treaty (VCLT art. 15); the "
                       f"listed parties are {', '.join(listed)}")

