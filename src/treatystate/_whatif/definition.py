"""A sweep: axes to vary, samples, a seed and the outcome fields each row collects.

Fixed axes form a grid (their Cartesian product, the last varying fastest); random
axes are drawn ``samples`` times per grid point. Row ``i`` is a pure function of the
scenario, the sweep and ``i``: its random draws come from ``(seed, i)`` only
(:func:`.distributions.row_uniforms`).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from .._io.expect import PARTY_KEYS, TOP_KEYS
from ..errors import InputError
from .axes import Axis, ConsentDate, Delays, EventDate, Kind, Values, VariantChoice
from .distributions import row_uniforms
from .variants import Change, MoveEvent, SetConsent, Variant

if TYPE_CHECKING:
    from .._scenario import Scenario
    from .summary import SweepExpect

__all__ = ["MAX_ROWS", "Sweep", "field_path"]

# A sweep's rows are numbered by Python's index-sized integers (len(), range()).
MAX_ROWS = sys.maxsize


def _axis_tuple(axes: Iterable[Axis]) -> tuple[Axis, ...]:
    return tuple(axes)


@attrs.frozen
class Sweep:
    """Axes to vary, how many random samples per grid point, the seed, and the outcome
    fields to collect (``"entry_into_force"``, ``"parties.TKM.in_force_from"``...;
    default: status, entry into force, termination and each party's status and date
    of entry into force for it).

    >>> import treatystate
    >>> scenario = treatystate.loads('''
    ... treaty = "china-central-asia-2025"
    ... [[events]]
    ... type = "signature"
    ... date = 2025-06-17
    ... [sweep]
    ... samples = 20
    ... seed = 1
    ... [[sweep.vary]]
    ... consent = ["CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"]
    ... delay = { after = 2025-06-17, distribution = "uniform", low = 30, high = 400 }
    ... ''')
    >>> sweep = scenario.sweep
    >>> len(sweep), sweep.random_axes, sweep.columns(scenario)[:3]
    (20, 6, ('row', 'consent.CHN', 'consent.KAZ'))
    """

    axes: tuple[Axis, ...] = attrs.field(converter=_axis_tuple)
    samples: int = 1
    seed: int = 0
    fields: tuple[str, ...] | None = None
    in_force_by: tuple[pendulum.Date, ...] = ()
    expect: SweepExpect | None = None

    def __attrs_post_init__(self) -> None:
        if self.samples < 1:
            raise InputError(f"samples must be at least 1, got {self.samples}")
        if not self.random and self.samples != 1:
            raise InputError("samples repeat random draws; with no random axis use samples = 1")
        columns = [axis.column for axis in self.axes]
        duplicates = sorted({c for c in columns if columns.count(c) > 1})
        if duplicates:
            raise InputError(f"two axes vary the same input: {', '.join(duplicates)}")
        total = self.grid_points * self.samples
        if total > MAX_ROWS:
            raise InputError(f"samples: {self.samples} draws per grid point make {total} rows, "
                             f"more than a sweep can number (at most {MAX_ROWS})")

    @property
    def random(self) -> bool:
        """Whether any axis draws at random (then ``samples`` repeats the draws)."""
        return self.random_axes > 0

    @property
    def random_axes(self) -> int:
        """How many axes draw at random."""
        return sum(1 for axis in self.axes if axis.random)

    @property
    def grid(self) -> tuple[tuple[Any, ...], ...]:
        """The values of each grid (non-random) axis, in axis order."""
        return tuple(axis.values.values() for axis in self.axes
                     if not isinstance(axis.values, Delays))

    @property
    def grid_points(self) -> int:
        """How many points the grid axes make (1 with none)."""
        return math.prod(len(values) for values in self.grid)

    def __len__(self) -> int:
        return self.grid_points * self.samples

    def columns(self, scenario: Scenario) -> tuple[str, ...]:
        """The rows' columns: ``row``, one per axis, the fields, ``refused``."""
        return ("row", *(axis.column for axis in self.axes), *self.field_names(scenario),
                "refused")

    def kinds(self, scenario: Scenario) -> tuple[Kind, ...]:
        """What each of :meth:`columns` holds: ``row`` a whole number, each axis its
        values' kind, each field a date but statuses, ``refused`` text."""
        fields: list[Kind] = ["text" if field_path(name, scenario)[1] == "status" else "date"
                              for name in self.field_names(scenario)]
        return ("int", *(axis.kind for axis in self.axes), *fields, "text")

    def field_names(self, scenario: Scenario) -> tuple[str, ...]:
        """The outcome fields each row collects (``fields``, or the defaults)."""
        if self.fields is not None:
            return self.fields
        parties = scenario.treaty.parties or ()
        return ("status", "entry_into_force", "terminated",
                *(f"parties.{code}.{key}" for code in parties
                  for key in ("status", "in_force_from")))

    def inputs(self, index: int, grid: tuple[tuple[Any, ...], ...] | None = None
               ) -> tuple[Any, ...]:
        """The axis values of row ``index``: grid coordinates from the index (the last
        axis varies fastest), random draws from a generator seeded by (seed, index)."""
        fixed = self.grid if grid is None else grid
        grid_index = index // self.samples
        coordinates: list[Any] = []
        for values in reversed(fixed):
            grid_index, position = divmod(grid_index, len(values))
            coordinates.append(values[position])
        coordinates.reverse()
        uniforms = iter(row_uniforms(self.seed, index, self.random_axes)
                        if self.random_axes else ())
        chosen: list[Any] = []
        for axis in self.axes:
            if isinstance(axis.values, Delays):
                chosen.append(axis.values.draw(next(uniforms)))
            else:
                chosen.append(coordinates.pop(0))
        return tuple(chosen)

    def check(self, scenario: Scenario) -> None:
        """Raise :class:`InputError` unless every axis and field fits ``scenario``: a
        consent's party is listed and has at most one consent, an event axis matches
        one event, each variant offered applies, each field exists. (A row can still be
        refused by the engine: that is an answer, not an error.)"""
        for name in self.field_names(scenario):
            field_path(name, scenario)
        for axis in self.axes:
            target = axis.target
            if isinstance(target, ConsentDate):
                probe: Change = SetConsent(target.party, _PROBE_DATE)
                probe.apply(scenario)
            elif isinstance(target, EventDate):
                MoveEvent(target.match, _PROBE_DATE).apply(scenario)
            elif isinstance(target, VariantChoice) and isinstance(axis.values, Values):
                for value in axis.values.values():
                    if not isinstance(value, Variant):
                        raise InputError(f"{axis.column}: expected variants, got {value!r}")
                    value.apply(scenario)

    def variant(self, index: int) -> Variant:
        """Row ``index`` as a variant of the baseline."""
        inputs = self.inputs(index)
        return Variant(f"row-{index}",
                       tuple(axis.target.change(value) for axis, value in zip(self.axes, inputs,
                                                                              strict=True)))


# Any date will do to check that a change applies; its rows get their own dates.
_PROBE_DATE = pendulum.Date(2000, 1, 1)


def field_path(name: str, scenario: Scenario) -> tuple[str | None, str]:
    """``(None, key)`` for a top-level outcome key, ``(party, key)`` for
    ``parties.CODE.KEY``; an :class:`InputError` for anything else."""
    parts = name.split(".")
    if len(parts) == 1 and name in TOP_KEYS:
        return None, name
    if len(parts) == 3 and parts[0] == "parties" and parts[2] in PARTY_KEYS:
        listed = scenario.treaty.parties
        if listed is not None and parts[1] not in listed:
            raise InputError(f"field {name!r}: {parts[1]} is not a listed party "
                             f"({', '.join(listed)})")
        return parts[1], parts[2]
    raise InputError(
        f"{name!r} is not an outcome field; use one of {', '.join(TOP_KEYS)} or "
        f"parties.CODE.KEY with KEY one of {', '.join(PARTY_KEYS)}"
    )
