"""Scenarios: a treaty and the events that happen to it (SPEC §3, §7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pendulum

from .clauses import Treaty
from .engine import simulate
from .errors import RefusedEvent, ScenarioFileError
from .events import Event
from .expect import Expectations, Mismatch, compare
from .loader import parse_scenario_data, read_toml
from .outcome import Outcome
from .periods import legal_date, timezone

__all__ = ["CheckResult", "Scenario", "load", "loads"]


def _indexed(instance: Scenario, attribute: attrs.Attribute[tuple[Event, ...]],
             events: tuple[Event, ...]) -> None:
    for position, event in enumerate(events):
        if event.index != position:
            raise ScenarioFileError(
                f"event at position {position} has index {event.index}; an event's index "
                "is its 0-based position in the scenario"
            )


@attrs.frozen
class CheckResult:
    """The result of checking a scenario's ``[expect]``."""

    source: str
    mismatches: tuple[Mismatch, ...]
    outcome: Outcome | None

    @property
    def ok(self) -> bool:
        return not self.mismatches


@attrs.frozen
class Scenario:
    """A treaty and its input events, with an optional ``as_of`` and ``[expect]``."""

    treaty: Treaty
    events: tuple[Event, ...] = attrs.field(default=(), validator=_indexed)
    title: str | None = None
    as_of: pendulum.Date | None = None
    expect: Expectations | None = None
    source: str = "<scenario>"

    def run(self, as_of: dt.date | str | None = None) -> Outcome:
        """Play the events through the treaty's rules.

        ``as_of`` (a date, or an ISO string) counts only events up to and including
        that day; it wins over the scenario's own ``as_of``. Raises
        :class:`~treatystate.RefusedEvent` for an event that breaks a rule.
        """
        return simulate(self.treaty, self.events, self._as_of(as_of))

    def check(self, as_of: dt.date | str | None = None) -> CheckResult:
        """Run and compare with ``[expect]``; bad input still raises."""
        outcome: Outcome | None = None
        refused: RefusedEvent | None = None
        try:
            outcome = self.run(as_of)
        except RefusedEvent as error:
            refused = error
        if self.expect is None:
            raise ScenarioFileError(f"{self.source}: has no [expect] table to check")
        mismatches = compare(self.expect, outcome, refused)
        return CheckResult(self.source, tuple(mismatches), outcome)

    def _as_of(self, as_of: dt.date | str | None) -> pendulum.Date | None:
        if as_of is None:
            return self.as_of
        return legal_date(as_of, timezone(self.treaty.depositary.timezone))[0]


def loads(text: str, *, base_dir: str | Path | None = None, source: str = "<string>"
          ) -> Scenario:
    """Read a scenario from TOML text; relative treaty paths resolve from ``base_dir``."""
    data = read_toml(text, source, ScenarioFileError)
    base = Path(base_dir) if base_dir is not None else None
    treaty, title, as_of, events, expect = parse_scenario_data(data, source, base)
    return Scenario(treaty, events, title, as_of, expect, source)


def load(path: str | Path) -> Scenario:
    """Read a scenario file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioFileError(f"{file}: cannot be read: {error}") from None
    return loads(text, base_dir=file.parent, source=str(file))
