"""What-if variants: named, reusable changes applied to a baseline scenario.

A :class:`Variant` is to a scenario what an OpenFisca *reform* is to a tax and
benefit system: a named, reusable set of changes that derives a new scenario from a
baseline and never touches the baseline itself. Scenarios, treaties and events are
frozen attrs values, so every change builds new values with :func:`attrs.evolve`.

>>> import treatystate
>>> from treatystate._whatif.variants import SetWithdrawalEffective, Variant
>>> six = Variant("six-month-notice", [SetWithdrawalEffective("+P6M")])
>>> baseline = treatystate.builtin_example()
>>> str(six.apply(baseline).run().parties["TKM"].withdrawal_effective)
'2028-08-29'
>>> str(baseline.run().parties["TKM"].withdrawal_effective)
'2029-02-28'

Changes as data (``[[variants]]`` in a scenario file) are read by
:func:`parse_variants`; the format is documented in ``docs/variants.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

import attrs
import pendulum

from .._dates.periods import (
    MONTH_END_POLICIES,
    DateRule,
    MonthEnd,
    Period,
    legal_date,
    parse_step,
    timezone,
)
from .._io.expect import Expectations, parse_expectations
from .._io.reader import Reader, parse_period_at
from .._io.treaty_file import treaty_from_value
from .._model.clauses import AllParties, Condition, Instruments, Treaty
from .._model.events import EVENT_TYPES, Event, EventType
from ..errors import (
    AmbiguousDate,
    DateOutOfRange,
    ScenarioFileError,
    VariantError,
)
from .follow import FOLLOW_TRIGGERS, follow_triggers

if TYPE_CHECKING:
    from .._scenario import Scenario

__all__ = [
    "AddEvent",
    "Change",
    "ChangeClause",
    "DropEvents",
    "EventMatch",
    "MoveEvent",
    "ReplaceTreaty",
    "SetConsent",
    "SetEntryCondition",
    "SetMonthEnd",
    "SetWithdrawalEffective",
    "ShiftEvents",
    "Variant",
    "parse_variants",
]

_NAME = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")


class Subject(attrs.AttrsInstance, Protocol):
    """What a change reads and rebuilds: a :class:`~treatystate.Scenario`, or a sweep's
    lighter stand-in for one (an attrs value with these fields)."""

    @property
    def treaty(self) -> Treaty: ...

    @property
    def events(self) -> tuple[Event, ...]: ...

    @property
    def source(self) -> str: ...


S = TypeVar("S", bound=Subject)


class Change(Protocol):
    """One change to a scenario: a pure function from a baseline to a new scenario."""

    def apply(self, scenario: S) -> S: ...

    def describe(self) -> str: ...


def _evolve(subject: S, **changes: Any) -> S:
    """``attrs.evolve`` for any subject (mypy's attrs plugin needs a concrete class)."""
    result: S = attrs.evolve(cast(Any, subject), **changes)
    return result


def _with_events(scenario: S, events: Sequence[Event]) -> S:
    """The scenario with ``events``, renumbered so that each index is its position.

    A scenario read from a file knows each event's line (for error messages); an
    event keeps its line wherever it moves, and an added event has none."""
    renumbered = tuple(
        event if event.index == position else attrs.evolve(event, index=position)
        for position, event in enumerate(events)
    )
    lines: tuple[int | None, ...] = getattr(scenario, "event_lines", ())
    if not lines:
        return _evolve(scenario, events=renumbered)
    moved = tuple(lines[e.index] if 0 <= e.index < len(lines) else None for e in events)
    return _evolve(scenario, events=renumbered, event_lines=moved)


@attrs.frozen
class EventMatch:
    """Which input events a change applies to: every given field must match.

    ``index`` is the event's 0-based position in the baseline (file order).

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> match = treatystate.EventMatch("consent", party="CHN")
    >>> [event.index for event in baseline.events if match.matches(event)]
    [7]
    """

    type: EventType | None = None
    party: str | None = None
    duty: str | None = None
    index: int | None = None
    protocol: str | None = None

    def __attrs_post_init__(self) -> None:
        if all(value is None for value in (self.type, self.party, self.duty, self.index,
                                           self.protocol)):
            raise VariantError("an event match needs at least one of type, party, duty, "
                               "index, protocol")
        if self.type is not None and self.type not in EVENT_TYPES:
            raise VariantError(
                f"{self.type!r} is not an event type; use one of {', '.join(EVENT_TYPES)}"
            )

    def matches(self, event: Event) -> bool:
        """Whether ``event`` has every field this match gives."""
        return (
            (self.type is None or event.type == self.type)
            and (self.party is None or event.party == self.party
                 or self.party in event.parties)
            and (self.duty is None or event.duty == self.duty)
            and (self.index is None or event.index == self.index)
            and (self.protocol is None or event.protocol == self.protocol)
        )

    def select(self, scenario: Subject) -> list[Event]:
        """The matching events; none is an error, since a variant that silently does
        nothing would compare equal to its baseline for the wrong reason."""
        found = [event for event in scenario.events if self.matches(event)]
        if not found:
            raise VariantError(f"{scenario.source}: no event matches {self.describe()}")
        return found

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        bits = [f"{name}={value}" for name, value in (
            ("type", self.type), ("party", self.party), ("duty", self.duty),
            ("index", self.index), ("protocol", self.protocol)) if value is not None]
        return "{" + ", ".join(bits) + "}"


def _rule(value: DateRule | str | Sequence[str]) -> DateRule:
    if isinstance(value, DateRule):
        return value
    if isinstance(value, str):
        return DateRule((parse_step(value),))
    return DateRule.parse(value)


@attrs.frozen
class ShiftEvents:
    """Move every matching event by date steps (``"+P6M"``, ``"-P10D"``, or a list).

    Months follow the treaty's ``month_end`` policy, as every month arithmetic does
    (SPEC §1).

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> earlier = treatystate.ShiftEvents(treatystate.EventMatch("consent", party="CHN"), "-P1M")
    >>> earlier.apply(baseline).run().entry_into_force   # Tajikistan's is now the last
    Date(2025, 12, 10)
    """

    match: EventMatch
    by: DateRule = attrs.field(converter=_rule)

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        chosen = {event.index for event in self.match.select(scenario)}
        policy = scenario.treaty.month_end
        return _with_events(scenario, [
            attrs.evolve(event, date=self._moved(event, policy, scenario), received=None)
            if event.index in chosen else event
            for event in scenario.events
        ])

    def _moved(self, event: Event, policy: MonthEnd, scenario: Subject) -> pendulum.Date:
        """The event's new date; an error names the file, the shift and the event."""
        try:
            return self.by.apply(event.date, policy).date
        except AmbiguousDate as error:
            raise AmbiguousDate(f"{scenario.source}: {self.describe()}: {event.describe()} "
                                f"cannot be moved: {error}", index=event.index,
                                rule="month_end = \"strict\"") from None
        except DateOutOfRange as error:
            raise DateOutOfRange(f"{scenario.source}: {self.describe()}: "
                                 f"{event.describe()} cannot be moved: {error}") from None

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return f"shift {self.match.describe()} by {' '.join(self.by.as_strings())}"


def _one(match: EventMatch, scenario: Subject) -> Event:
    found = match.select(scenario)
    if len(found) > 1:
        raise VariantError(
            f"{scenario.source}: {match.describe()} matches {len(found)} events "
            f"({', '.join(str(e.index) for e in found)}); add `index` to pick one"
        )
    return found[0]


@attrs.frozen
class MoveEvent:
    """Give the one matching event a new date.

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> move = treatystate.MoveEvent(treatystate.EventMatch("consent", party="CHN"),
    ...                              pendulum.Date(2025, 12, 20))
    >>> move.apply(baseline).run().entry_into_force
    Date(2025, 12, 20)
    """

    match: EventMatch
    to: pendulum.Date

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        target = _one(self.match, scenario).index
        return _with_events(scenario, [
            attrs.evolve(event, date=self.to, received=None) if event.index == target
            else event
            for event in scenario.events
        ])

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return f"move {self.match.describe()} to {self.to}"


@attrs.frozen
class DropEvents:
    """Remove every matching event (the others keep their order).

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> drop = treatystate.DropEvents(treatystate.EventMatch("duty", duty="inform-withdrawal"))
    >>> drop.apply(baseline).run().duty("inform-withdrawal", "TKM").status
    'pending'
    """

    match: EventMatch

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        dropped = {event.index for event in self.match.select(scenario)}
        return _with_events(scenario, [e for e in scenario.events if e.index not in dropped])

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return f"drop {self.match.describe()}"


def _check_party(scenario: Subject, code: str | None) -> None:
    listed = scenario.treaty.parties
    if code is not None and listed is not None and code not in listed:
        raise VariantError(
            f"{scenario.source}: {code} is not a party to this closed treaty (VCLT art. 15); "
            f"the listed parties are {', '.join(listed)}"
        )


@attrs.frozen
class AddEvent:
    """Add an input event after the baseline's (so, on the same day, it comes last).

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> kaz = treatystate.AddEvent("withdrawal", pendulum.Date(2028, 1, 31), party="KAZ")
    >>> kaz.apply(baseline).run().parties["KAZ"].withdrawal_effective
    Date(2029, 1, 31)
    """

    type: EventType
    date: pendulum.Date
    party: str | None = None
    parties: tuple[str, ...] = ()
    duty: str | None = None
    effective: pendulum.Date | None = None
    protocol: str | None = None
    # A term-extension's new end (SPEC §8.4): a date, or a period added to the term.
    until: pendulum.Date | None = None
    by: Period | None = None

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        if self.type not in EVENT_TYPES:
            raise VariantError(
                f"{self.type!r} is not an event type; use one of {', '.join(EVENT_TYPES)}"
            )
        for code in (self.party, *self.parties):
            _check_party(scenario, code)
        if self.duty is not None and scenario.treaty.duty(self.duty) is None:
            raise VariantError(f"{scenario.source}: {self.duty!r} is not a duty of treaty "
                               f"'{scenario.treaty.id}'")
        if self.protocol is not None and scenario.treaty.protocol(self.protocol) is None:
            raise VariantError(f"{scenario.source}: {self.protocol!r} is not a protocol of "
                               f"treaty '{scenario.treaty.id}'")
        event = Event(len(scenario.events), self.type, self.date, self.party, self.parties,
                      self.duty, self.effective, protocol=self.protocol, until=self.until,
                      by=self.by)
        return _with_events(scenario, [*scenario.events, event])

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        who = self.party or ", ".join(self.parties) or self.duty or ""
        return f"add {self.type} {who} {self.date}".replace("  ", " ")


@attrs.frozen
class SetConsent:
    """Give a party's consent (instrument or notification) a new date, adding the
    consent when the baseline has none.

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> earlier = treatystate.SetConsent("CHN", pendulum.Date(2025, 12, 20))
    >>> earlier.apply(baseline).run().entry_into_force
    Date(2025, 12, 20)
    """

    party: str
    date: pendulum.Date

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        _check_party(scenario, self.party)
        consents = [e for e in scenario.events if e.type == "consent" and e.party == self.party]
        if not consents:
            return AddEvent("consent", self.date, party=self.party).apply(scenario)
        if len(consents) > 1:
            raise VariantError(
                f"{scenario.source}: {self.party} has {len(consents)} consents (events "
                f"{', '.join(str(e.index) for e in consents)}); move one by index instead"
            )
        return MoveEvent(EventMatch("consent", party=self.party), self.date).apply(scenario)

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return f"{self.party} consents on {self.date}"


def _treaty_change(scenario: S, treaty: Treaty) -> S:
    return _evolve(scenario, treaty=treaty)


@attrs.frozen
class SetMonthEnd:
    """Another ``month_end`` policy for the treaty (SPEC §1).

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> next_day = treatystate.SetMonthEnd("next-day").apply(baseline)
    >>> next_day.run().parties["TKM"].withdrawal_effective    # 2028-02-29 + 12 months
    Date(2029, 3, 1)
    """

    policy: MonthEnd

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        if self.policy not in MONTH_END_POLICIES:
            raise VariantError(f"{self.policy!r} is not a month-end policy; use one of "
                               f"{', '.join(MONTH_END_POLICIES)}")
        return _treaty_change(scenario, attrs.evolve(scenario.treaty, month_end=self.policy))

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return f"month_end = {self.policy}"


@attrs.frozen
class SetWithdrawalEffective:
    """Another notice period: the steps from receipt of a withdrawal notice to its
    effect (e.g. ``"+P6M"`` instead of art. 15(4)'s twelve months).

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> six = treatystate.SetWithdrawalEffective("+P6M").apply(baseline)
    >>> six.run().parties["TKM"].withdrawal_effective
    Date(2028, 8, 29)
    """

    effective: DateRule = attrs.field(converter=_rule)

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        treaty = scenario.treaty
        clause = attrs.evolve(treaty.withdrawal, effective=self.effective)
        return _treaty_change(scenario, attrs.evolve(treaty, withdrawal=clause))

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return f"withdrawal.effective = {self.effective.as_strings()}"


@attrs.frozen
class SetEntryCondition:
    """Another entry-into-force condition: ``Instruments(4)`` for ``{ instruments = 4 }``,
    ``AllParties()`` for ``"all"``.

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> four = treatystate.SetEntryCondition(treatystate.Instruments(4)).apply(baseline)
    >>> four.run().entry_into_force     # the fourth consent, Turkmenistan's
    Date(2025, 11, 20)
    """

    condition: Condition

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        treaty = scenario.treaty
        if isinstance(self.condition, AllParties) and treaty.parties is None:
            raise VariantError('when = "all" needs the list of negotiating States')
        if isinstance(self.condition, Instruments):
            if self.condition.weight is not None and self.condition.weight not in treaty.weights:
                raise VariantError(f"no weight table named {self.condition.weight!r}")
            if treaty.parties is not None and self.condition.count > len(treaty.parties):
                raise VariantError(f"{self.condition.count} instruments can never be reached "
                                   f"with {len(treaty.parties)} listed parties")
        clause = attrs.evolve(treaty.entry_into_force, condition=self.condition)
        return _treaty_change(scenario, attrs.evolve(treaty, entry_into_force=clause))

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return f"entry into force on the {self.condition.describe()}"


_CLAUSES = ("depositary", "entry_into_force", "withdrawal", "termination")


@attrs.frozen
class ChangeClause:
    """Replace fields of one clause (``withdrawal``, ``entry_into_force``, ``termination``,
    ``depositary``), or of the treaty itself (``clause = "treaty"``), by name.

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> six = treatystate.ChangeClause(
    ...     "withdrawal", {"effective": treatystate.DateRule.parse(["+P6M"])})
    >>> six.apply(baseline).run().parties["TKM"].withdrawal_effective
    Date(2028, 8, 29)
    """

    clause: str
    values: Mapping[str, Any] = attrs.field(converter=dict)

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        treaty = scenario.treaty
        if self.clause == "treaty":
            return _treaty_change(scenario, self._evolve(treaty))
        if self.clause not in _CLAUSES:
            raise VariantError(f"{self.clause!r} is not a clause; use treaty or one of "
                               f"{', '.join(_CLAUSES)}")
        changed = self._evolve(getattr(treaty, self.clause))
        return _treaty_change(scenario, attrs.evolve(treaty, **{self.clause: changed}))

    def _evolve(self, value: Any) -> Any:
        names = {field.name for field in attrs.fields(type(value))}
        unknown = sorted(set(self.values) - names)
        if unknown:
            raise VariantError(f"{self.clause} has no field {', '.join(unknown)}; its fields "
                               f"are {', '.join(sorted(names))}")
        return attrs.evolve(value, **self.values)

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return ", ".join(f"{self.clause}.{key} = {value}" for key, value in self.values.items())


@attrs.frozen
class ReplaceTreaty:
    """Use another treaty definition (how a file's ``[variants.treaty]`` table applies:
    its keys, merged over the baseline's treaty and validated like a treaty file).

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> treaty = treatystate.loads_treaty('''
    ... extends = "china-central-asia-2025"
    ... month_end = "next-day"
    ... ''')
    >>> treatystate.ReplaceTreaty(treaty).apply(baseline).run().parties["TKM"].withdrawal_effective
    Date(2029, 3, 1)
    """

    treaty: Treaty
    summary: str = "treaty replaced"

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        return _treaty_change(scenario, self.treaty)

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return self.summary


def _tuple(changes: Iterable[Change]) -> tuple[Change, ...]:
    return tuple(changes)


@attrs.frozen
class Variant:
    """A named, reusable what-if: changes applied in order to a baseline.

    ``expect`` (optional) is what the variant's outcome must show; it replaces the
    baseline's ``[expect]``, which describes the baseline only. ``follow_triggers``:
    each duty event the changes leave as it was keeps its distance from its duty's
    trigger when they move the trigger (``duties = "follow-triggers"`` in a file).
    Variants compose: ``a + b`` applies ``a``'s changes, then ``b``'s.

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> six = treatystate.Variant("six-month-notice", [treatystate.SetWithdrawalEffective("+P6M")])
    >>> six.describe()
    "withdrawal.effective = ['+P6M']"
    >>> six.apply(baseline).run().parties["TKM"].withdrawal_effective
    Date(2028, 8, 29)
    """

    name: str
    changes: tuple[Change, ...] = attrs.field(converter=_tuple)
    title: str | None = None
    expect: Expectations | None = None
    follow_triggers: bool = False

    def apply(self, baseline: Scenario) -> Scenario:
        """A new scenario; ``baseline`` is left exactly as it was."""
        scenario = baseline
        for change in self.changes:
            scenario = change.apply(scenario)
        if self.follow_triggers:
            scenario = follow_triggers(baseline, scenario)
        title = self.title or f"{baseline.title or baseline.treaty.title}: {self.name}"
        # Each event keeps its line in the baseline's file (see _with_events).
        return attrs.evolve(scenario, title=title, expect=self.expect, variants=(),
                            source=f"{baseline.source} [variant {self.name}]")

    def __add__(self, other: Variant) -> Variant:
        return Variant(f"{self.name}+{other.name}", (*self.changes, *other.changes),
                       follow_triggers=self.follow_triggers or other.follow_triggers)

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return "; ".join(change.describe() for change in self.changes) or "no change"


# ------------------------------------------------------------------ from files

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


def _match(reader: Reader, key: str) -> EventMatch:
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
        match = _match(item, "shift")
        return item.guard("by", partial(ShiftEvents, match, item.need("by")))
    if action == "move":
        item.only({"move", "to"}, "a move change")
        return MoveEvent(_match(item, "move"), date_at(item, "to"))
    if action == "drop":
        item.only({"drop"}, "a drop change")
        return DropEvents(_match(item, "drop"))
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
