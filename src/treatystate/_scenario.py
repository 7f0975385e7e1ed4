"""Scenarios: a treaty and the events that happen to it (SPEC §3, §7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from ._dates.periods import MONTH_END_POLICIES, DateRule, Period, legal_date, quote, timezone
from ._engine.run import simulate
from ._io.expect import Expectations, Mismatch, compare
from ._io.final_clauses import treaty_problem as final_clauses_problem
from ._io.keylines import KeyLines, with_line
from ._io.reader import decode, read_file, read_toml
from ._io.scenario_file import parse_scenario_data
from ._model.clauses import (
    AllParties,
    Duty,
    EntryIntoForce,
    Instruments,
    Termination,
    Treaty,
    Withdrawal,
)
from ._model.events import Event
from ._model.outcome import Outcome
from ._rules.validate import event_problem
from ._whatif.sections import check_whatifs, has_whatif_expectations, with_whatifs
from .errors import InputError, RefusedEvent, ScenarioFileError, TreatyFileError

if TYPE_CHECKING:
    from ._whatif.sweep import Sweep
    from ._whatif.variants import Variant

__all__ = ["CheckResult", "Scenario", "load", "loads"]


def _well_formed(instance: Scenario, attribute: attrs.Attribute[Treaty], treaty: Treaty) -> None:
    """A treaty built in Python gets the checks of the loader that the engine relies on."""
    problem = _treaty_problem(treaty)
    if problem:
        name = f"treaty {treaty.id!r}" if isinstance(treaty, Treaty) else "the treaty"
        raise TreatyFileError(f"{name}: {problem}")


def _treaty_problem(treaty: object) -> str | None:
    """What makes ``treaty`` unusable by the engine, or ``None``."""
    if not isinstance(treaty, Treaty):
        return f"expected a Treaty (e.g. presets.get(...) or load_treaty(...)), got {quote(treaty)}"
    if treaty.month_end not in MONTH_END_POLICIES:
        return (f"month_end {quote(treaty.month_end)} is not one of "
                f"{', '.join(MONTH_END_POLICIES)}")
    if treaty.parties is not None and (not isinstance(treaty.parties, tuple) or not all(
            isinstance(code, str) for code in treaty.parties)):
        return f"`parties` must be a tuple of State codes or None, got {quote(treaty.parties)}"
    eif = treaty.entry_into_force
    if not isinstance(eif, EntryIntoForce) or not isinstance(eif.condition,
                                                             AllParties | Instruments):
        return f"`entry_into_force` must be an EntryIntoForce, got {quote(eif)}"
    if isinstance(eif.condition, AllParties) and treaty.parties is None:
        return "entry into force on everyone's consent needs the list of `parties`"
    for name, kind in (("withdrawal", Withdrawal), ("termination", Termination)):
        if not isinstance(getattr(treaty, name), kind):
            return f"`{name}` must be a {kind.__name__}, got {quote(getattr(treaty, name))}"
    if not isinstance(treaty.duties, tuple) or not all(isinstance(d, Duty)
                                                        for d in treaty.duties):
        return f"`duties` must be a tuple of Duty, got {quote(treaty.duties)}"
    for name, value, optional in (
        ("entry_into_force.date", eif.date, False), ("entry_into_force.later", eif.later, True),
        ("withdrawal.effective", treaty.withdrawal.effective, False),
        ("withdrawal.earliest", treaty.withdrawal.earliest, True),
    ):
        if not isinstance(value, DateRule) and not (optional and value is None):
            return f"`{name}` must be a DateRule (DateRule.parse([...])), got {quote(value)}"
    for duty in treaty.duties:
        if duty.within is not None and not isinstance(duty.within, Period):
            return (f"duty {quote(duty.id)}: `within` must be a Period (parse_period(...)), got "
                    f"{quote(duty.within)}")
    return final_clauses_problem(treaty)


def _indexed(instance: Scenario, attribute: attrs.Attribute[tuple[Event, ...]],
             events: tuple[Event, ...]) -> None:
    """Events built in Python get the checks the loader gives events read from a file,
    so that the engine only ever sees well-formed events."""
    if not isinstance(events, tuple):
        raise ScenarioFileError(f"a scenario's events are a tuple of Event, got {quote(events)}")
    for position, event in enumerate(events):
        if not isinstance(event, Event):
            raise ScenarioFileError(
                f"event at position {position} is not an Event: {quote(event)}"
            )
        if event.index != position:
            raise ScenarioFileError(
                f"event at position {position} has index {event.index}; an event's index "
                "is its 0-based position in the scenario"
            )
        problem = event_problem(event, instance.treaty)
        if problem:
            raise ScenarioFileError(
                f"event {position} ({quote(event.type)}): {problem.message}")


@attrs.frozen
class CheckResult:
    """The result of checking a scenario's ``[expect]``.

    >>> import treatystate
    >>> result = treatystate.builtin_example().check()
    >>> result.ok, result.mismatches
    (True, ())
    """

    source: str
    mismatches: tuple[Mismatch, ...]
    outcome: Outcome | None

    @property
    def ok(self) -> bool:
        """Whether the outcome met every expectation."""
        return not self.mismatches


@attrs.frozen
class Scenario:
    """A treaty and its input events, with an optional ``as_of`` and ``[expect]``.

    >>> import treatystate
    >>> scenario = treatystate.builtin_example()
    >>> len(scenario.events), scenario.treaty.id
    (11, 'china-central-asia-2025')
    >>> scenario.run(as_of="2025-12-31").entry_into_force is None
    True
    """

    treaty: Treaty = attrs.field(validator=_well_formed)
    events: tuple[Event, ...] = attrs.field(default=(), validator=_indexed)
    title: str | None = None
    as_of: pendulum.Date | None = None
    expect: Expectations | None = None
    source: str = "<scenario>"
    # The line of each event's [[events]] header in the source, for error messages.
    event_lines: tuple[int | None, ...] = attrs.field(default=(), eq=False, repr=False)
    # What-ifs declared with the scenario (docs/variants.md).
    variants: tuple[Variant, ...] = ()
    sweep: Sweep | None = None

    def variant(self, name: str) -> Scenario:
        """The scenario as changed by its variant ``name`` (this one is unchanged)."""
        for variant in self.variants:
            if variant.name == name:
                return variant.apply(self)
        known = ", ".join(v.name for v in self.variants) or "none declared"
        raise ScenarioFileError(f"{self.source}: no variant named {name!r} (variants: {known})")

    def run(self, as_of: dt.date | str | None = None) -> Outcome:
        """Play the events through the treaty's rules.

        ``as_of`` (a date, or an ISO string) counts only events up to and including
        that day; it wins over the scenario's own ``as_of``. Raises
        :class:`~treatystate.RefusedEvent` for an event that breaks a rule; its message
        starts with the file and the event's line (``central_asia.toml:42: event 9 ...``).
        """
        at = self._as_of(as_of)
        try:
            return simulate(self.treaty, self.events, at)
        except RefusedEvent as error:
            raise self._located(error) from None

    def to_toml(self) -> str:
        """This scenario as a self-contained scenario file: the treaty inline (a preset's
        id when it is the unchanged preset), the title, ``as_of`` and every event, with a
        timestamp as it was received. ``treatystate.loads`` reads it back to the same
        outcome. ``[expect]``, variants and sweeps are not written."""
        from ._io.writer import scenario_toml

        return scenario_toml(self.treaty, self.events, self.title, self.as_of)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """How Hypothesis's falsifying examples (and IPython) show a scenario: as the
        code that reads its scenario file, to paste into a test or save as a file."""
        from ._io.writer import reading_code

        printer.text(reading_code("loads", self.to_toml()))

    def _located(self, error: RefusedEvent) -> RefusedEvent:
        """``error`` with this scenario's file and the refused event's line in front."""
        if self.source == "<scenario>":
            return error
        line = None
        if error.index is not None and 0 <= error.index < len(self.event_lines):
            line = self.event_lines[error.index]
        where = f"{self.source}:{line}" if line is not None else self.source
        return type(error)(f"{where}: {error}", index=error.index, rule=error.rule,
                           refusal=error.refusal)

    def check(self, as_of: dt.date | str | None = None) -> CheckResult:
        """Run and compare with ``[expect]``; bad input still raises."""
        outcome: Outcome | None = None
        refused: RefusedEvent | None = None
        try:
            outcome = self.run(as_of)
        except RefusedEvent as error:
            refused = error
        if self.expect is None and not has_whatif_expectations(self):
            raise ScenarioFileError(f"{self.source}: has no [expect] table to check")
        if self.expect is None and refused is not None:
            raise refused  # nothing expects the baseline's refusal: it is bad input
        mismatches = [] if self.expect is None else compare(self.expect, outcome, refused)
        mismatches.extend(check_whatifs(self, as_of))
        return CheckResult(self.source, tuple(mismatches), outcome)

    def _as_of(self, as_of: dt.date | str | None) -> pendulum.Date | None:
        if as_of is None:
            return self.as_of
        return legal_date(as_of, timezone(self.treaty.depositary.timezone))[0]


def loads(text: str | bytes, *, base_dir: str | Path | None = None, source: str = "<string>"
          ) -> Scenario:
    """Read a scenario from TOML text (``bytes`` must be UTF-8); relative treaty paths
    resolve from ``base_dir``. An error names ``source``, the line and the key.

    >>> import treatystate
    >>> scenario = treatystate.loads('''
    ... treaty = "rome-statute-1998"
    ... [[events]]
    ... type = "consent"
    ... party = "SEN"
    ... date = 1999-02-02
    ... ''')
    >>> scenario.run().parties["SEN"].status
    'contracting'
    """
    text = decode(text, source, ScenarioFileError)
    try:
        data = read_toml(text, source, ScenarioFileError)
        base = Path(base_dir) if base_dir is not None else None
        treaty, title, as_of, events, expect = parse_scenario_data(data, source, base)
    except InputError as error:
        raise with_line(error, text, source) from None
    lines = KeyLines(text)
    event_lines = tuple(lines.line(("events", event.index)) for event in events)
    scenario = Scenario(treaty, events, title, as_of, expect, source, event_lines)
    try:
        return with_whatifs(scenario, data, base)
    except InputError as error:
        raise with_line(error, text, source) from None


def load(path: str | Path) -> Scenario:
    """Read a scenario file (SPEC §3).

    >>> import treatystate
    >>> from treatystate import BUILTIN_EXAMPLE
    >>> treatystate.load(BUILTIN_EXAMPLE).run().entry_into_force
    Date(2026, 1, 2)
    """
    return loads(read_file(path, ScenarioFileError), base_dir=Path(path).parent,
                 source=str(path))
