"""treatystate: simulate the lifecycle of international treaties and compute their
legally significant dates.

>>> import treatystate
>>> outcome = treatystate.builtin_example().run()
>>> str(outcome.entry_into_force)
'2026-01-02'
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _version, presets
from ._dates.periods import DateRule, MonthEnd, Period, legal_date, parse_period, parse_step
from ._io.expect import Expectations, Mismatch
from ._model.clauses import (
    AllParties,
    Depositary,
    Duty,
    EntryIntoForce,
    Including,
    Instruments,
    Participation,
    Protocol,
    ProvisionalApplication,
    Term,
    Termination,
    Treaty,
    Withdrawal,
)
from ._model.events import Event
from ._model.outcome import (
    DutyRecord,
    Outcome,
    PartyRecord,
    ProtocolRecord,
    TimelineEntry,
    TreatyRef,
)
from ._scenario import CheckResult, Scenario, load, loads
from .errors import (
    AmbiguousDate,
    DateOutOfRange,
    EventDateOutOfRange,
    InputError,
    InvalidDate,
    InvalidOutcome,
    InvalidPeriod,
    MissingExtra,
    NaiveTimestamp,
    OutputError,
    RefusedEvent,
    ScenarioFileError,
    TreatyFileError,
    TreatyStateError,
    UnknownPreset,
    UnknownTimezone,
    VariantError,
)

if TYPE_CHECKING:
    from ._views.explain import Explanation
    from ._whatif.diff import Difference, OutcomeDiff, diff_outcomes
    from ._whatif.sweep import Axis, Sweep, SweepResult, SweepSummary, run_sweep
    from ._whatif.variants import (
        AddEvent,
        ChangeClause,
        DropEvents,
        EventMatch,
        MoveEvent,
        ReplaceTreaty,
        SetConsent,
        SetEntryCondition,
        SetMonthEnd,
        SetWithdrawalEffective,
        ShiftEvents,
        Variant,
    )

# The what-if values and the explanation are loaded on first use (PEP 562): they bring
# in the process pool, rich and a few thousand lines that a run does not need, and
# `import treatystate` stays close to the cost of its core dependencies.
_LAZY = {
    **dict.fromkeys(("Explanation",), "._views.explain"),
    **dict.fromkeys(("Difference", "OutcomeDiff", "diff_outcomes"), "._whatif.diff"),
    **dict.fromkeys(("Axis", "Sweep", "SweepResult", "SweepSummary", "run_sweep"),
                    "._whatif.sweep"),
    **dict.fromkeys(("AddEvent", "ChangeClause", "DropEvents", "EventMatch", "MoveEvent",
                     "ReplaceTreaty", "SetConsent", "SetEntryCondition", "SetMonthEnd",
                     "SetWithdrawalEffective", "ShiftEvents", "Variant"),
                    "._whatif.variants"),
}

__version__: str = _version.__version__

if not TYPE_CHECKING:  # the type checker sees the imports above, not a catch-all

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})

__all__ = [
    "AddEvent",
    "AllParties",
    "AmbiguousDate",
    "Axis",
    "ChangeClause",
    "CheckResult",
    "DateOutOfRange",
    "DateRule",
    "Depositary",
    "Difference",
    "DropEvents",
    "Duty",
    "DutyRecord",
    "EntryIntoForce",
    "Event",
    "EventDateOutOfRange",
    "EventMatch",
    "Expectations",
    "Explanation",
    "Including",
    "InputError",
    "Instruments",
    "InvalidDate",
    "InvalidOutcome",
    "InvalidPeriod",
    "Mismatch",
    "MissingExtra",
    "MonthEnd",
    "MoveEvent",
    "NaiveTimestamp",
    "Outcome",
    "OutcomeDiff",
    "OutputError",
    "Participation",
    "PartyRecord",
    "Period",
    "Protocol",
    "ProtocolRecord",
    "ProvisionalApplication",
    "RefusedEvent",
    "ReplaceTreaty",
    "Scenario",
    "ScenarioFileError",
    "SetConsent",
    "SetEntryCondition",
    "SetMonthEnd",
    "SetWithdrawalEffective",
    "ShiftEvents",
    "Sweep",
    "SweepResult",
    "SweepSummary",
    "Term",
    "Termination",
    "TimelineEntry",
    "Treaty",
    "TreatyFileError",
    "TreatyRef",
    "TreatyStateError",
    "UnknownPreset",
    "UnknownTimezone",
    "Variant",
    "VariantError",
    "Withdrawal",
    "builtin_example",
    "diff_outcomes",
    "legal_date",
    "load",
    "load_treaty",
    "loads",
    "loads_treaty",
    "parse_period",
    "parse_step",
    "presets",
    "report",
    "run_sweep",
]

BUILTIN_EXAMPLE = Path(__file__).parent / "scenarios" / "central_asia.toml"


def builtin_example() -> Scenario:
    """The built-in scenario of the China–Central Asia treaty (``treatystate run``).

    >>> import treatystate
    >>> treatystate.builtin_example().run().parties["TKM"].withdrawal_effective
    Date(2029, 2, 28)
    """
    return load(BUILTIN_EXAMPLE)


def report(scenario: Scenario, as_of: dt.date | str | None = None) -> str:
    """The scenario's report as one self-contained HTML page (``treatystate report``):
    where the treaty stands as of ``as_of`` (default: the scenario's own as-of date,
    else its end), each State's dates, the timeline, the depositary's duties, what is
    scheduled next, every derived date explained, and its sweep and variants.

    >>> import treatystate
    >>> page = treatystate.report(treatystate.builtin_example())
    >>> page.startswith("<!DOCTYPE html>")
    True
    """
    from ._views.report import report as html_report

    return html_report(scenario, as_of)


def loads_treaty(text: str | bytes, *, source: str = "<treaty>") -> Treaty:
    """Read a treaty definition from TOML text (``bytes`` must be UTF-8) (SPEC §2).

    >>> import treatystate
    >>> treaty = treatystate.loads_treaty('''
    ... extends = "china-central-asia-2025"
    ... month_end = "next-day"
    ... ''')
    >>> treaty.month_end
    'next-day'
    """
    from ._io.reader import decode
    from ._io.treaty_file import parse_treaty

    return parse_treaty(decode(text, source, TreatyFileError), source)


def load_treaty(path: str | Path) -> Treaty:
    """Read a treaty file (SPEC §2): ``treatystate show ID`` writes one to start from.

    >>> import pathlib, tempfile, treatystate
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rome.toml"
    >>> _ = path.write_text(treatystate.presets.text("rome-statute-1998"), encoding="utf-8")
    >>> treatystate.load_treaty(path).entry_into_force.condition.count
    60
    """
    from ._io.reader import read_file
    from ._io.treaty_file import parse_treaty

    text = read_file(path, TreatyFileError)
    return parse_treaty(text, str(path), base_dir=Path(path).parent)
