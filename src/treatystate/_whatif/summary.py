"""What a sweep's rows say, counted as the rows go by.

Legal dates are whole days in a bounded calendar, so a :class:`Tally` keeps, per
column, how many rows hold each value (each day, for a date column). Quantiles and
probabilities are then exact, and the memory is proportional to the number of
distinct days, not to the number of rows.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import pendulum

from .._dates.periods import legal_date
from .._io.expect import Mismatch
from ..errors import InputError
from .axes import Cell, Kind

__all__ = ["DateStats", "SweepExpect", "SweepSummary", "Tally"]

_QUANTILES = (("q05", 0.05), ("q25", 0.25), ("median", 0.5), ("q75", 0.75), ("q95", 0.95))
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(text: str) -> pendulum.Date:
    return pendulum.Date(int(text[:4]), int(text[5:7]), int(text[8:10]))


@attrs.frozen
class DateStats:
    """Dates in a column: how many, the earliest, the latest and quantiles.

    Quantiles use the nearest-rank method, so each is a date that occurs in the rows.
    """

    count: int
    earliest: pendulum.Date
    latest: pendulum.Date
    quantiles: Mapping[str, pendulum.Date]

    @classmethod
    def of_counts(cls, counts: Mapping[str, int]) -> DateStats:
        """From the number of rows on each day (ISO dates as keys)."""
        days = sorted(counts)
        count = sum(counts.values())
        ranks = {name: min(count, max(1, math.ceil(q * count))) for name, q in _QUANTILES}
        quantiles: dict[str, pendulum.Date] = {}
        seen = 0
        for day in days:
            seen += counts[day]
            for name, rank in ranks.items():
                if name not in quantiles and seen >= rank:
                    quantiles[name] = _date(day)
        ordered = {name: quantiles[name] for name, _ in _QUANTILES}
        return cls(count, _date(days[0]), _date(days[-1]), ordered)

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "earliest": self.earliest.isoformat(),
                "latest": self.latest.isoformat(),
                "quantiles": {name: day.isoformat() for name, day in self.quantiles.items()}}


@attrs.frozen
class SweepSummary:
    """What a sweep's rows say: how many rows were ``refused`` (an event refused, or a
    date beyond the calendar: no outcome), entry into force (earliest, latest,
    quantiles; rows where it ``never`` happens), the probability of being in force by
    given dates (among rows not refused), and per column (each party's dates and
    statuses, each varied input) date statistics or counts of values. ``identical``:
    groups of columns that hold the same value in every row; ``empty``: columns that
    hold nothing (a printed summary shows each group once and lists the empty ones).

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
    >>> summary = treatystate.run_sweep(scenario).summary(["2026-06-30"])
    >>> summary.rows, summary.refused, summary.never, summary.in_force_by
    (20, 0, 0, {Date(2026, 6, 30): 0.7})
    """

    rows: int
    refused: int
    never: int
    entry_into_force: DateStats | None
    in_force_by: Mapping[pendulum.Date, float]
    columns: Mapping[str, DateStats | Mapping[str, int]]
    identical: tuple[tuple[str, ...], ...] = ()
    empty: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON values: dates as ISO strings."""
        return {
            "rows": self.rows, "refused": self.refused, "never": self.never,
            "entry_into_force": (self.entry_into_force.to_dict()
                                 if self.entry_into_force is not None else None),
            "in_force_by": {day.isoformat(): p for day, p in self.in_force_by.items()},
            "columns": {name: stats.to_dict() if isinstance(stats, DateStats) else dict(stats)
                        for name, stats in self.columns.items()},
            "identical": [list(group) for group in self.identical],
            "empty": list(self.empty),
        }


class Tally:
    """Counts of a sweep's rows, chunk by chunk, in memory bounded by the number of
    distinct values (see the module's text). The same rows in any chunks give the
    same counts."""

    def __init__(self, columns: Sequence[str], kinds: Sequence[Kind]) -> None:
        self.columns = tuple(columns)
        self.kinds = tuple(kinds)
        self.rows = 0
        self.refused = 0
        # Every column but the row number and the refusal message.
        self._counted = tuple(range(1, len(self.columns) - 1))
        self.counts: dict[str, Counter[Cell]] = {self.columns[p]: Counter()
                                                 for p in self._counted}
        self._classes: list[list[int]] = [list(self._counted)]

    def add(self, rows: Sequence[tuple[Cell, ...]]) -> None:
        if not rows:
            return
        self.rows += len(rows)
        cells = list(zip(*rows, strict=True))
        self.refused += len(rows) - cells[-1].count(None)
        for position in self._counted:
            self.counts[self.columns[position]].update(cells[position])
        refined: list[list[int]] = []
        for members in self._classes:
            groups: dict[tuple[Cell, ...], list[int]] = {}
            for position in members:
                groups.setdefault(cells[position], []).append(position)
            refined.extend(groups.values())
        self._classes = refined

    def day_counts(self, column: str) -> dict[pendulum.Date, int]:
        """How many rows hold each date of a date column (days in order)."""
        counts = self.counts[column]
        return {_date(day): counts[day] for day in sorted(d for d in counts if isinstance(d, str))}

    def summary(self, in_force_by: Iterable[pendulum.Date | str] = ()) -> SweepSummary:
        ran = self.rows - self.refused
        entry = {k: n for k, n in self.counts.get("entry_into_force", Counter()).items()
                 if isinstance(k, str)}
        has_entry = "entry_into_force" in self.counts
        by: dict[pendulum.Date, float] = {}
        for day in in_force_by:
            key = legal_date(day, pendulum.UTC)[0]  # InvalidDate if no date
            if not has_entry:
                raise InputError("the probability of being in force needs the "
                                 "entry_into_force field")
            text = key.isoformat()
            by[key] = sum(n for d, n in entry.items() if d <= text) / ran if ran else 0.0
        columns: dict[str, DateStats | Mapping[str, int]] = {}
        empty: list[str] = []
        for position in self._counted:
            name = self.columns[position]
            values = {k: n for k, n in self.counts[name].items() if k is not None}
            if not values:
                empty.append(name)
            if values and self.kinds[position] == "date":
                columns[name] = DateStats.of_counts({str(k): n for k, n in values.items()})
            else:
                columns[name] = dict(sorted((str(k), n) for k, n in values.items()))
        identical = tuple(tuple(self.columns[p] for p in members) for members in self._classes
                          if len(members) > 1 and self.columns[members[0]] not in empty)
        return SweepSummary(self.rows, self.refused, ran - sum(entry.values()) if has_entry else 0,
                            DateStats.of_counts(entry) if entry else None, by, columns,
                            identical, tuple(empty))


@attrs.frozen
class SweepExpect:
    """Asserted summaries (``[sweep.expect]``): exact counts and dates of entry into
    force, and ranges (inclusive) for the probability of being in force by a date."""

    rows: int | None = None
    refused: int | None = None
    never: int | None = None
    earliest: str | None = None
    latest: str | None = None
    median: str | None = None
    in_force_by: Mapping[str, tuple[float, float]] = attrs.field(factory=dict)

    def compare(self, summary: SweepSummary) -> list[Mismatch]:
        stats = summary.entry_into_force
        actual: dict[str, str | int | None] = {
            "rows": summary.rows, "refused": summary.refused, "never": summary.never,
            "earliest": stats.earliest.isoformat() if stats else None,
            "latest": stats.latest.isoformat() if stats else None,
            "median": stats.quantiles["median"].isoformat() if stats else None,
        }
        found: list[Mismatch] = []
        for key, value in actual.items():
            wanted = getattr(self, key)
            if wanted is not None and wanted != value:
                found.append(Mismatch(f"sweep.{key}", wanted, value))
        by = {day.isoformat(): p for day, p in summary.in_force_by.items()}
        for day, (low, high) in self.in_force_by.items():
            probability = by.get(day)
            if probability is None or not low <= probability <= high:
                wanted_text = f"{low}" if low == high else f"between {low} and {high}"
                found.append(Mismatch(f"sweep.in_force_by.{day}", wanted_text, probability))
        return found
