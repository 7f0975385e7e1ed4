"""What a change to a scenario is: a pure function from a baseline to a new scenario.

Scenarios, treaties and events are frozen attrs values, so every change builds new
values with :func:`attrs.evolve`; the baseline is never touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

import attrs

from .._dates.periods import DateRule, parse_step
from .._model.clauses import Treaty
from .._model.events import Event

if TYPE_CHECKING:
    pass

__all__ = ["Change", "S", "Subject", "date_rule", "evolve", "with_events"]


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


def evolve(subject: S, **changes: Any) -> S:
    """``attrs.evolve`` for any subject (mypy's attrs plugin needs a concrete class)."""
    result: S = attrs.evolve(cast(Any, subject), **changes)
    return result


def with_events(scenario: S, events: Sequence[Event]) -> S:
    """The scenario with ``events``, renumbered so that each index is its position.

    A scenario read from a file knows each event's line (for error messages); an
    event keeps its line wherever it moves, and an added event has none."""
    renumbered = tuple(
        event if event.index == position else attrs.evolve(event, index=position)
        for position, event in enumerate(events)
    )
    lines: tuple[int | None, ...] = getattr(scenario, "event_lines", ())
    if not lines:
        return evolve(scenario, events=renumbered)
    moved = tuple(lines[e.index] if 0 <= e.index < len(lines) else None for e in events)
    return evolve(scenario, events=renumbered, event_lines=moved)


def date_rule(value: DateRule | str | Sequence[str]) -> DateRule:
    """Date steps as a change takes them (``"+P6M"``, a list, or a DateRule)."""
    if isinstance(value, DateRule):
        return value
    if isinstance(value, str):
        return DateRule((parse_step(value),))
    return DateRule.parse(value)
