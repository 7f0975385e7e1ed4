"""A sweep's rows as files: CSV, JSON Lines, Parquet; and as an Arrow table.

Each writer takes rows chunk by chunk (``write``) and finishes with ``close``, so rows
reach the file as they are computed. In Parquet and Arrow, date columns are Arrow
``date32`` (days), whole numbers ``int64``, the rest strings; CSV and JSON Lines
write dates as ISO strings.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any, Protocol

from .._extras import require
from .._views.escaping import json_dumps
from .axes import Kind
from .rows import Row

__all__ = ["FORMATS", "RowWriter", "arrow_batches", "arrow_schema", "writer"]

FORMATS = ("csv", "jsonl", "parquet")
# Rows per Parquet row group: large groups compress and scan well, and bound memory.
_ROW_GROUP = 65_536


class RowWriter(Protocol):
    def write(self, rows: Sequence[Row]) -> None: ...

    def close(self) -> None: ...


class _Csv:
    def __init__(self, out: IO[str], columns: Sequence[str]) -> None:
        self._writer = csv.writer(out, lineterminator="\n")
        self._writer.writerow(columns)

    def write(self, rows: Sequence[Row]) -> None:
        self._writer.writerows(("" if cell is None else cell for cell in row) for row in rows)

    def close(self) -> None:
        pass


class _Jsonl:
    def __init__(self, out: IO[str], columns: Sequence[str]) -> None:
        self._out = out
        self._columns = tuple(columns)

    def write(self, rows: Sequence[Row]) -> None:
        columns = self._columns
        out = self._out
        out.writelines(json_dumps(dict(zip(columns, row, strict=True)), out, indent=None)
                       + "\n" for row in rows)

    def close(self) -> None:
        pass


# pyarrow has no type information: its values are typed Any here.
def _arrow() -> Any:
    return require("pyarrow", extra="parquet", feature="sweep rows as Parquet or Arrow")


def arrow_schema(columns: Sequence[str], kinds: Sequence[Kind]) -> Any:
    pa = _arrow()
    types = {"date": pa.date32(), "int": pa.int64(), "text": pa.string()}
    return pa.schema([pa.field(name, types[kind]) for name, kind in zip(columns, kinds,
                                                                         strict=True)])


def _batch(schema: Any, rows: Sequence[Row]) -> Any:
    pa = _arrow()
    arrays = []
    for position, field in enumerate(schema):
        values = [row[position] for row in rows]
        if field.type == pa.date32():
            # ISO strings to days: Arrow's own cast, exact for years 1 to 9999.
            arrays.append(pa.array(values, pa.string()).cast(pa.date32()))
        else:
            arrays.append(pa.array(values, field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def arrow_batches(columns: Sequence[str], kinds: Sequence[Kind], chunks: Iterable[Sequence[Row]]
                  ) -> Iterable[Any]:
    schema = arrow_schema(columns, kinds)
    for chunk in chunks:
        if chunk:
            yield _batch(schema, chunk)


class _Parquet:
    def __init__(self, out: IO[bytes], columns: Sequence[str], kinds: Sequence[Kind]) -> None:
        parquet = require("pyarrow.parquet", extra="parquet", feature="sweep --format parquet")
        self._schema = arrow_schema(columns, kinds)
        self._writer = parquet.ParquetWriter(out, self._schema)
        self._pending: list[Row] = []

    def write(self, rows: Sequence[Row]) -> None:
        self._pending.extend(rows)
        if len(self._pending) >= _ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._writer.write_batch(_batch(self._schema, self._pending))
            self._pending = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def writer(fmt: str, out: IO[str] | IO[bytes], columns: Sequence[str],
           kinds: Sequence[Kind]) -> RowWriter:
    """A writer of rows in ``fmt`` (one of :data:`FORMATS`) to ``out`` (binary for
    Parquet, text for the others)."""
    if fmt == "parquet":
        return _Parquet(out, columns, kinds)  # type: ignore[arg-type]
    if fmt == "jsonl":
        return _Jsonl(out, columns)  # type: ignore[arg-type]
    return _Csv(out, columns)  # type: ignore[arg-type]
