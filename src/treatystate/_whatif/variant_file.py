"""``[[variants]]`` of a scenario file (docs/variants.md): each variant's changes read,
checked, and applied once to the baseline when the file is loaded.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs
import pendulum

from .._dates.periods import (
    legal_date,
    timezone,
)
from .._io.expect import parse_expectations
from .._io.reader import Reader, parse_period_at
from .._io.treaty_file import treaty_from_value
from .._model.events import EVENT_TYPES, EventType
from ..errors import (
    ScenarioFileError,
)
from .follow import FOLLOW_TRIGGERS

if TYPE_CHECKING:
    from .._scenario import Scenario
from .change import Change
from .event_changes import AddEvent, DropEvents, EventMatch, MoveEvent, SetConsent, ShiftEvents
from .treaty_changes import ReplaceTreaty
from .variants import Variant

__all__ = ["match_at", "parse_variants"]

_NAME = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")


_CHANGE_KEYS = {"shift", "move", "drop", "add", "consent"}


def parse_variants(
    value: object, source: str, base_dir: Path | None, baseline: Scenario, raw_treaty: object,
) -> tuple[Variant, ...]:
    """``[[variants]]`` of a scenario file (docs/variants.md), each applied once to the
    baseline here so that a change naming no event fails when the file is loaded."""
    top = Reader({"variants": value}, source, "", ScenarioFileError)
    variants: list[Variant] = []
    for item in top.tables("variants"):
        item.only({"name", "title", "treaty", "changes", "expect", "duties"},
                  "a [[variants]] table")
        name = item.string("name", required=True)
        if not _NAME.fullmatch(name):
            item.fail("name", f"{name!r} is not a variant name: use lowercase letters, digits "
                              "and single hyphens, e.g. 'six-month-notice'")
        if any(v.name == name for v in variants):
            item.fail("name", f"a variant named {name!r} is declared twice")
        changes: list[Change] = []
        treaty_table = item.table("treaty")
        if treaty_table is not None:
            changes.append(_treaty_table(treaty_table, raw_treaty, base_dir))
        treaty = changes[0].apply(baseline).treaty if changes else baseline.treaty
        zone = timezone(treaty.depositary.timezone)
        for change_item in item.tables("changes"):
            changes.append(_change(change_item, zone))
        duties = item.optional_string("duties") or "as-written"
        if duties not in ("as-written", FOLLOW_TRIGGERS):
            item.fail("duties", f"{duties!r}: use \"as-written\" (the default) or "
                                f"\"{FOLLOW_TRIGGERS}\" (duty events move with their trigger)")
        variant = Variant(name, tuple(changes), item.optional_string("title"),
                          follow_triggers=duties == FOLLOW_TRIGGERS)
        item.guard("changes", partial(variant.apply, baseline))
        expect_table = item.table("expect")
        if expect_table is not None:
            expect = parse_expectations(expect_table.data, f"{source}: {item.where('expect')}",
                                        treaty)
            variant = attrs.evolve(variant, expect=expect)
        variants.append(variant)
    return tuple(variants)


def _treaty_table(table: Reader, raw_treaty: object, base_dir: Path | None) -> ReplaceTreaty:
    """Merge the variant's treaty keys over the baseline's treaty, as ``extends`` does
    (tables merge key by key, other values are replaced), and read the result."""
    changes: dict[str, Any] = dict(table.data)
    if isinstance(raw_treaty, dict):
        merged = dict(raw_treaty)
        for key, value in changes.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    else:
        merged = {"extends": raw_treaty, **changes}
    treaty = treaty_from_value(merged, table.source, table.path, base_dir, ScenarioFileError)
    keys = ", ".join(
        f"{key}.{sub}" if isinstance(value, dict) else key
        for key, value in changes.items()
        for sub in (value if isinstance(value, dict) else [None])
    )
    return ReplaceTreaty(treaty, f"treaty: {keys} changed")


def match_at(reader: Reader, key: str) -> EventMatch:
    table = _table(reader, key)
    table.only({"type", "party", "duty", "index", "protocol"}, f"`{key}` (which events)")
    index = table.typed("index", int, "an event index", None)
    kind = table.optional_string("type")
    return table.guard("type", partial(EventMatch, cast(EventType | None, kind),
                                       table.optional_string("party"),
                                       table.optional_string("duty"), index,
                                       table.optional_string("protocol")))


def _table(reader: Reader, key: str) -> Reader:
    table = reader.table(key, required=True)
    assert table is not None
    return table


def _legal_day(value: object, zone: pendulum.Timezone) -> pendulum.Date:
    return legal_date(value, zone)[0]


def _change(item: Reader, zone: pendulum.Timezone) -> Change:
    actions = sorted(_CHANGE_KEYS & set(item.data))
    if len(actions) != 1:
        raise ScenarioFileError(
            f"{item.source}: {item.path}: a change needs exactly one of "
            f"{', '.join(sorted(_CHANGE_KEYS))}"
            + (f" (found {', '.join(actions)})" if actions else ""),
            source=item.source, key=item.path)
    action = actions[0]

    def date_at(reader: Reader, key: str) -> pendulum.Date:
        return reader.guard(key, partial(_legal_day, reader.need(key), zone))

    if action == "shift":
        item.only({"shift", "by"}, "a shift change")
        match = match_at(item, "shift")
        return item.guard("by", partial(ShiftEvents, match, item.need("by")))
    if action == "move":
        item.only({"move", "to"}, "a move change")
        return MoveEvent(match_at(item, "move"), date_at(item, "to"))
    if action == "drop":
        item.only({"drop"}, "a drop change")
        return DropEvents(match_at(item, "drop"))
    if action == "consent":
        item.only({"consent", "date"}, "a consent change")
        return SetConsent(item.string("consent", required=True), date_at(item, "date"))
    added = _table(item, "add")
    added.only({"type", "date", "party", "parties", "duty", "effective", "protocol", "until",
                "by"}, "an added event")
    kind = added.string("type", required=True)
    if kind not in EVENT_TYPES:
        added.fail("type", f"{kind!r} is not an event type; use one of {', '.join(EVENT_TYPES)}")
    parties = added.typed("parties", list, "a list of State codes", [])
    effective = date_at(added, "effective") if added.has("effective") else None
    until = date_at(added, "until") if added.has("until") else None
    by = parse_period_at(added, "by") if added.has("by") else None
    return AddEvent(kind, date_at(added, "date"),
                    added.optional_string("party"), tuple(parties),
                    added.optional_string("duty"), effective, added.optional_string("protocol"),
                    until, by)
