"""Reading a TOML file safely, and the values in it with precise errors.

A file is read whole, as a regular file under a size cap, and parsed only once its
dotted keys are known to be short (docs/errors.md, "Limits"). Every value is then
checked where it is read (:class:`Reader`), and an error names the source, the key
path (``events[3].date``), what was given and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn, TypeVar, cast

import pendulum

from .._dates.periods import DateRule, Period, legal_date, parse_period, quote
from .._model.clauses import DUTY_TRIGGERS
from .._model.events import EVENT_TYPES
from ..errors import DateOutOfRange, InputError, NaiveTimestamp
from .suggest import did_you_mean

__all__ = [
    "MAX_EXTENDS",
    "MAX_FILE_BYTES",
    "MAX_KEY_PARTS",
    "STATE_CODE",
    "Reader",
    "decode",
    "is_file",
    "parse_period_at",
    "read_file",
    "read_toml",
    "show",
]

# Limits on what is read (docs/errors.md, "Limits"): a treaty or scenario with
# 100,000 events is about 8 MB; a file past these limits is refused before it is parsed.
MAX_FILE_BYTES = 32 * 1024 * 1024
# tomllib keeps every prefix of a dotted key: a 30,000-part key costs gigabytes.
MAX_KEY_PARTS = 32
MAX_EXTENDS = 32

T = TypeVar("T")
STATE_CODE = re.compile(r"[A-Z][A-Z0-9-]{1,31}")


class Reader:
    """Typed access to a TOML table, raising ``error`` with the key path on failure."""

    def __init__(
        self, data: Mapping[str, Any], source: str, path: str, error: type[InputError]
    ) -> None:
        self.data = data
        self.source = source
        self.path = path
        self.error = error

    def where(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str | int, message: str) -> NoReturn:
        where = self.where(key)
        raise self.error(f"{self.source}: {where}: {message}", source=self.source, key=where)

    def only(self, allowed: set[str], what: str) -> None:
        for key in self.data:
            if key not in allowed:
                self.fail(
                    key,
                    f"unknown key in {what}{did_you_mean(key, allowed)}; allowed keys are "
                    f"{', '.join(sorted(allowed))}",
                )

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def need(self, key: str) -> Any:
        if key not in self.data:
            self.fail(key, _required(key))
        return self.data[key]

    def typed(self, key: str, kind: type[T] | tuple[type, ...], what: str, default: T) -> T:
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)
                                           and kind in (int, float)):
            self.fail(key, f"expected {what}, got {show(value)}")
        return cast(T, value)

    def string(self, key: str, default: str | None = None, *, required: bool = False) -> str:
        if required:
            self.need(key)
        value = self.typed(key, str, "a string", default)
        if value is None:
            self.fail(key, _required(key))
        return value

    def optional_string(self, key: str) -> str | None:
        return self.typed(key, str, "a string", None)

    def boolean(self, key: str, default: bool) -> bool:
        return self.typed(key, bool, "true or false", default)

    def table(self, key: str, *, required: bool = False) -> Reader | None:
        if key not in self.data:
            if required:
                self.fail(key, _required(key))
            return None
        value = self.data[key]
        if not isinstance(value, dict):
            self.fail(key, f"expected a table, got {show(value)}")
        return Reader(value, self.source, self.where(key), self.error)

    def tables(self, key: str) -> list[Reader]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, f"expected an array of tables ([[{key}]]), got {show(value)}")
        readers = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.fail(key, f"item {index} should be a table, got {show(item)}")
            readers.append(Reader(item, self.source, f"{self.where(key)}[{index}]", self.error))
        return readers

    def rule(self, key: str, default: DateRule | None) -> DateRule | None:
        if key not in self.data:
            return default
        value = self.data[key]
        if not isinstance(value, list):
            self.fail(
                key,
                f"expected a list of date steps such as [\"+P60D\", \"start-of-next-month\"], "
                f"got {show(value)}",
            )
        return self.guard(key, lambda: DateRule.parse(value))

    def plain_date(self, key: str) -> pendulum.Date | None:
        if key not in self.data:
            return None
        value = self.data[key]
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
            self.fail(key, f"expected a date such as 2025-06-17, got {show(value)}")
        result, _ = self.guard(key, lambda: legal_date(value, pendulum.UTC))
        return result

    def guard(self, key: str | int, make: Callable[[], T]) -> T:
        try:
            return make()
        except NaiveTimestamp as error:
            where = self.where(key)
            raise NaiveTimestamp(f"{self.source}: {where}: {error}", source=self.source,
                                 key=where) from None
        except (InputError, DateOutOfRange) as error:
            # The message already names the key; it need not name the file twice.
            self.fail(key, str(error).removeprefix(f"{self.source}: "))


def show(value: object) -> str:
    kinds = {str: "a string", bool: "a boolean", int: "an integer", float: "a number",
             list: "an array", dict: "a table", dt.date: "a date"}
    if isinstance(value, dt.datetime):
        kind = "a timestamp"
    else:
        kind = next((name for cls, name in kinds.items() if type(value) is cls), "a value")
    text = quote(value) if not isinstance(value, dt.date) else value.isoformat()
    return f"{kind} ({text})"


# What a missing key should hold, for the "is required" message.
_REQUIRED = {
    "treaty": "a built-in preset id (`treatystate presets` lists them), a path to a "
              "treaty file, or an inline table in the treaty-file format",
    "id": "lowercase letters, digits and hyphens, e.g. id = \"rome-statute-1998\"",
    "depositary": "a [depositary] table with the depositary's `timezone` (IANA, e.g. "
                  "\"Asia/Shanghai\"), which fixes every legal date",
    "timezone": "the depositary's IANA time zone, e.g. timezone = \"Asia/Shanghai\"",
    "type": f"the event type, one of {', '.join(EVENT_TYPES)}",
    "date": "the day the depositary received it, e.g. date = 2025-10-03, or a timestamp "
            "with its offset, e.g. 2025-10-03T23:30:00+05:00",
    "duty": "the id of one of the treaty's [[duties]]",
    "after": f"what triggers the duty, one of {', '.join(DUTY_TRIGGERS)}",
}
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)$")


def _required(key: str) -> str:
    hint = _REQUIRED.get(key)
    return f"is required: {hint}" if hint else "is required"


_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_LONG_DOTTED_KEY = re.compile(rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART}){{{MAX_KEY_PARTS},}}")


def read_toml(text: str, source: str, error: type[InputError]) -> dict[str, Any]:
    """Parse TOML text; a syntax error names the source, line and column."""
    if len(text) > MAX_FILE_BYTES:
        raise error(f"{source}: cannot be read: {len(text):,} characters, more than the "
                    f"{MAX_FILE_BYTES:,} a treaty or scenario may have", source=source)
    # A cheap scan first: the parser's own cost for a long dotted key is quadratic. A
    # key lies on one line, so only lines with that many dots are searched.
    if text.count(".") >= MAX_KEY_PARTS:
        for number, content in enumerate(text.split("\n"), start=1):
            long_key = _LONG_DOTTED_KEY.search(content) \
                if content.count(".") >= MAX_KEY_PARTS else None
            if long_key is not None:
                raise error(f"{source}:{number}: cannot be read: a dotted key of more than "
                            f"{MAX_KEY_PARTS} parts ({quote(long_key.group())})",
                            source=source, line=number)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        position = _TOML_POSITION.search(str(exc))
        line = int(position.group(1)) if position else None
        where = f"{source}:{line}" if line is not None else source
        raise error(f"{where}: not valid TOML: {exc}", source=source, line=line) from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively.
        raise error(f"{source}: cannot be read: arrays or inline tables are nested too "
                    "deeply (a treaty or scenario needs at most four levels)",
                    source=source) from None


def decode(text: object, source: str, error: type[InputError]) -> str:
    """TOML text from ``text``: a ``str``, or UTF-8 ``bytes``."""
    if isinstance(text, bytes | bytearray):
        try:
            return bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise error(f"{source}: cannot be read: not UTF-8 text ({exc.reason} at byte "
                        f"{exc.start}); save the file as UTF-8", source=source) from None
    if not isinstance(text, str):
        raise error(f"{source}: expected TOML text (str or UTF-8 bytes), got {quote(text)}",
                    source=source)
    return text


def read_file(path: object, error: type[InputError]) -> str:
    """The text of the file at ``path``, which must be a regular file of UTF-8 text
    of at most :data:`MAX_FILE_BYTES` (a device, a FIFO or a directory is refused
    before it is read, so ``/dev/zero`` or a pipe nobody writes never hangs a run)."""
    if not isinstance(path, str | Path):
        raise error(f"expected a file path (str or pathlib.Path), got {quote(path)}")
    name = str(path) if len(str(path)) <= 200 else quote(str(path))
    try:
        data = _read_regular_file(os.fspath(path))
    except _NotRegular as exc:
        raise error(f"{name}: cannot be read: {exc}", source=str(path)) from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise error(f"{name}: cannot be read: {reason}", source=str(path)) from None
    return decode(data, str(path), error)


class _NotRegular(Exception):
    """The path names something that is not a regular file of a readable size."""


def _read_regular_file(path: str) -> bytes:
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. The
    # check is on the opened descriptor, so the file cannot be swapped in between.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                         | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = "a directory" if stat.S_ISDIR(status.st_mode) else \
                "not a regular file (a device, a pipe or a socket)"
            raise _NotRegular(f"{kind}; name a treaty or scenario file")
        if status.st_size > MAX_FILE_BYTES:
            raise _NotRegular(f"{status.st_size:,} bytes, more than the {MAX_FILE_BYTES:,} a "
                              "treaty or scenario file may have")
        # Read at most one byte past the limit: a file that grows meanwhile is caught too.
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = handle.read(MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise _NotRegular(f"more than the {MAX_FILE_BYTES:,} bytes a treaty or scenario "
                              "file may have")
        return b"".join(chunks)


def is_file(path: Path) -> bool:
    """``path.is_file()``, but a name the system refuses (too long) is no file either."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def parse_period_at(table: Reader, key: str) -> Period:
    value = table.raw(key)
    return table.guard(key, lambda: parse_period(value))
