"""The result of a sweep: its summary, counted as it ran, and its rows on demand."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

import attrs
import pendulum

from .._extras import require
from .axes import Cell, Kind
from .definition import Sweep
from .formats import arrow_batches, arrow_schema, writer
from .rows import Row, run_chunk
from .summary import SweepSummary, Tally

if TYPE_CHECKING:
    from .._scenario import Scenario

__all__ = ["SweepResult"]

_REGENERATED_CHUNK = 1000


@attrs.frozen(eq=False)
class SweepResult:
    """A sweep's summary counts and, when ``keep_rows`` was asked, its rows.

    Rows are tuples in ``columns`` order, dates as ISO strings. A sweep may have
    millions of rows, so they are not kept by default: iterating the result, or
    :attr:`rows`, computes them again in this process, identical to the first time
    (row *i* depends on the scenario, the sweep and *i* only).

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
    >>> result = treatystate.run_sweep(scenario)
    >>> result.columns[:2], next(result.records())["status"]
    (('row', 'consent.CHN'), 'in-force')
    >>> result.to_csv().splitlines()[0][:30]
    'row,consent.CHN,consent.KAZ,co'
    """

    scenario: Scenario = attrs.field(repr=False)
    sweep: Sweep = attrs.field(repr=False)
    tally: Tally = attrs.field(repr=False)
    kept: list[Row] | None = attrs.field(default=None, repr=False)

    @property
    def columns(self) -> tuple[str, ...]:
        """The rows' columns, in order."""
        return self.tally.columns

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """What each column holds: ``"date"``, ``"int"`` or ``"text"``."""
        return self.tally.kinds

    def __len__(self) -> int:
        return self.tally.rows

    def chunks(self) -> Iterator[Sequence[Row]]:
        """The rows in chunks, in order (computed again unless they were kept)."""
        if self.kept is not None:
            for start in range(0, len(self.kept), _REGENERATED_CHUNK):
                yield self.kept[start:start + _REGENERATED_CHUNK]
            return
        total = len(self.sweep)
        for start in range(0, total, _REGENERATED_CHUNK):
            yield run_chunk(self.scenario, self.sweep, start,
                            min(start + _REGENERATED_CHUNK, total))

    def __iter__(self) -> Iterator[Row]:
        for chunk in self.chunks():
            yield from chunk

    @property
    def rows(self) -> list[Row]:
        """Every row, as a list (kept, or computed again)."""
        return self.kept if self.kept is not None else list(self)

    def records(self) -> Iterator[dict[str, Cell]]:
        """Each row as a dict by column name."""
        for row in self:
            yield dict(zip(self.columns, row, strict=True))

    def column(self, name: str) -> list[Cell]:
        """One column's values, row by row."""
        position = self.columns.index(name)
        return [row[position] for row in self]

    def day_counts(self, column: str = "entry_into_force") -> dict[pendulum.Date, int]:
        """How many rows hold each date of a date column, from the counts (exact)."""
        return self.tally.day_counts(column)

    def summary(self, in_force_by: Sequence[pendulum.Date | str] = ()) -> SweepSummary:
        """What the rows say (:class:`SweepSummary`), with the probability of being in
        force by each of ``in_force_by``."""
        return self.tally.summary(in_force_by)

    def write(self, out: IO[str] | IO[bytes], fmt: str = "csv") -> None:
        """Every row to ``out`` as ``csv``, ``jsonl`` (text) or ``parquet`` (binary)."""
        rows = writer(fmt, out, self.columns, self.kinds)
        for chunk in self.chunks():
            rows.write(chunk)
        rows.close()

    def write_csv(self, out: IO[str]) -> None:
        """Write the rows to ``out`` as CSV, with a header line."""
        self.write(out, "csv")

    def write_jsonl(self, out: IO[str]) -> None:
        """Write the rows to ``out`` as JSON Lines, one object a row."""
        self.write(out, "jsonl")

    def to_csv(self) -> str:
        """The rows as CSV text."""
        buffer = io.StringIO()
        self.write_csv(buffer)
        return buffer.getvalue()

    def to_arrow(self) -> Any:
        """The rows as a ``pyarrow.Table``: dates as ``date32``; needs the ``parquet``
        extra (pyarrow)."""
        pa: Any = require("pyarrow", extra="parquet", feature="SweepResult.to_arrow()")
        batches = list(arrow_batches(self.columns, self.kinds, self.chunks()))
        return pa.Table.from_batches(batches, schema=arrow_schema(self.columns, self.kinds))

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame, dates as :class:`datetime.date` values
        (``to_arrow().to_pandas(date_as_object=False)`` gives ``datetime64``); needs
        the ``dataframe`` extra (pandas, pyarrow)."""
        require("pandas", extra="dataframe", feature="SweepResult.to_pandas()")
        return self.to_arrow().to_pandas()
