"""Sweeps and Monte Carlo runs: many variants of one scenario, as rows of outcome fields.

One name for the pieces, which live by concern: the axes and their values
(``axes``), the random delays (``distributions``), the sweep itself
(``definition``), computing rows (``rows``), running them on an executor
(``execution``), counting them (``summary``), the result and its files (``result``,
``formats``), the picture (``plot``) and ``[sweep]`` of a scenario file
(``sweep_file``). The format of ``[sweep]`` is in ``docs/variants.md``.
"""

from __future__ import annotations

from .axes import (
    Axis,
    Cell,
    ConsentDate,
    DateRange,
    Delays,
    EventDate,
    InstrumentsNeeded,
    MonthEndPolicy,
    Values,
    VariantChoice,
    WithdrawalNotice,
)
from .definition import Sweep
from .distributions import (
    Distribution,
    Exponential,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
    row_uniforms,
)
from .execution import MAX_JOBS, run_sweep, sweep_rows
from .result import SweepResult
from .summary import DateStats, SweepExpect, SweepSummary
from .sweep_file import parse_sweep

__all__ = [
    "MAX_JOBS",
    "Axis",
    "Cell",
    "ConsentDate",
    "DateRange",
    "DateStats",
    "Delays",
    "Distribution",
    "EventDate",
    "Exponential",
    "InstrumentsNeeded",
    "LogNormal",
    "MonthEndPolicy",
    "Normal",
    "Sweep",
    "SweepExpect",
    "SweepResult",
    "SweepSummary",
    "Triangular",
    "Uniform",
    "Values",
    "VariantChoice",
    "WithdrawalNotice",
    "parse_sweep",
    "row_uniforms",
    "run_sweep",
    "sweep_rows",
]
