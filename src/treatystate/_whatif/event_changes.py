"""Changes to a scenario's input events: shift, move, drop or add events, set a consent.

Each names the events it changes with an :class:`EventMatch` and builds a new scenario
(the events renumbered by position); a change that matches nothing it must change is
refused with :class:`~treatystate.VariantError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pendulum

from .._dates.periods import (
    DateRule,
    MonthEnd,
    Period,
)
from .._model.events import EVENT_TYPES, Event, EventType
from ..errors import (
    AmbiguousDate,
    DateOutOfRange,
    VariantError,
)

if TYPE_CHECKING:
    pass
from .change import S, Subject, date_rule, with_events

__all__ = ["AddEvent", "DropEvents", "EventMatch", "MoveEvent", "SetConsent", "ShiftEvents",
           "match_one"]


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
    by: DateRule = attrs.field(converter=date_rule)

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        chosen = {event.index for event in self.match.select(scenario)}
        policy = scenario.treaty.month_end
        return with_events(scenario, [
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


def match_one(match: EventMatch, scenario: Subject) -> Event:
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
        target = match_one(self.match, scenario).index
        return with_events(scenario, [
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
        return with_events(scenario, [e for e in scenario.events if e.index not in dropped])

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
        return with_events(scenario, [*scenario.events, event])

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

