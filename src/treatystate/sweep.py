"""The vocabulary of a sweep, to build one in Python as a ``[sweep]`` table does in a
scenario file (docs/variants.md): an :class:`Axis` pairs a *target* (what it varies)
with its *values* (a :class:`DateRange`, a set of :class:`Values`, or random
:class:`Delays` drawn from a distribution); a :class:`Sweep` holds the axes, the
samples per grid point and the seed; :func:`run_sweep` runs it.

>>> import pendulum, treatystate
>>> from treatystate.sweep import Axis, ConsentDate, Delays, LogNormal, Sweep, run_sweep
>>> signed = treatystate.loads('''
... treaty = "china-central-asia-2025"
... [[events]]
... type = "signature"
... date = 2025-06-17
... ''')
>>> ratify = [Axis(ConsentDate(code), Delays(pendulum.Date(2025, 6, 17), LogNormal(180, 0.6)))
...           for code in signed.treaty.parties]
>>> result = run_sweep(signed, Sweep(ratify, samples=200, seed=7))
>>> summary = result.summary(["2026-12-31"])
>>> 0 < summary.in_force_by[pendulum.Date(2026, 12, 31)] < 1
True

Every value is checked when it is built, as the file's are when they are read: a
distribution with impossible parameters, a date range that ends before it starts, or
two axes varying the same input raise :class:`~treatystate.errors.InputError`.
"""

from __future__ import annotations

from ._whatif.sweep import (
    Axis,
    ConsentDate,
    DateRange,
    Delays,
    EventDate,
    Exponential,
    InstrumentsNeeded,
    LogNormal,
    MonthEndPolicy,
    Normal,
    Sweep,
    SweepResult,
    SweepSummary,
    Triangular,
    Uniform,
    Values,
    VariantChoice,
    WithdrawalNotice,
    run_sweep,
)

__all__ = [
    "Axis",
    "ConsentDate",
    "DateRange",
    "Delays",
    "EventDate",
    "Exponential",
    "InstrumentsNeeded",
    "LogNormal",
    "MonthEndPolicy",
    "Normal",
    "Sweep",
    "SweepResult",
    "SweepSummary",
    "Triangular",
    "Uniform",
    "Values",
    "VariantChoice",
    "WithdrawalNotice",
    "run_sweep",
]
