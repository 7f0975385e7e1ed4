"""Reading treaty and scenario files (SPEC §2-3) with precise errors.

Every value is checked where it is read, and an error names the source, the key
path (``events[3].date``), what was given and what is allowed. Timestamps become
legal dates here, once, in the depositary's zone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import tomllib
from collections.abc import Callable, Mapping
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar, cast

import pendulum

from .._dates.periods import (
    MONTH_END_POLICIES,
    DateRule,
    Period,
    legal_date,
    parse_period,
    quote,
    timezone,
)
from .._model.clauses import (
    DUTY_TRIGGERS,
    AllParties,
    Condition,
    Depositary,
    Duty,
    EntryIntoForce,
    Instruments,
    OnEntryIntoForce,
    Participation,
    Protocol,
    ProvisionalApplication,
    Term,
    Termination,
    Treaty,
    Withdrawal,
)
from .._model.events import EVENT_TYPES, Event, EventType
from .._rules import EVENT_KINDS
from .._rules.validate import event_problem
from ..errors import (
    DateOutOfRange,
    InputError,
    NaiveTimestamp,
    ScenarioFileError,
    TreatyFileError,
)
from . import preset_files as presets
from .expect import Expectations, parse_expectations
from .final_clauses import (
    backward_rule,
    check_eligible_including,
    check_extension,
    eligible_states,
    group_of,
    groups,
    including,
)
from .keylines import with_line
from .suggest import did_you_mean

__all__ = [
    "MAX_EXTENDS",
    "MAX_FILE_BYTES",
    "MAX_KEY_PARTS",
    "decode",
    "file_kind",
    "parse_treaty",
    "read_file",
    "read_toml",
    "treaty_from_value",
]

# Limits on what is read (docs/errors.md, "Limits"): a treaty or scenario with
# 100,000 events is about 8 MB; a file past these limits is refused before it is parsed.
MAX_FILE_BYTES = 32 * 1024 * 1024
# tomllib keeps every prefix of a dotted key: a 30,000-part key costs gigabytes.
MAX_KEY_PARTS = 32
MAX_EXTENDS = 32

T = TypeVar("T")
_TREATY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STATE_CODE = re.compile(r"[A-Z][A-Z0-9-]{1,31}")

_TREATY_KEYS = {
    "id", "title", "parties", "opened_for_signature", "month_end", "depositary",
    "entry_into_force", "withdrawal", "termination", "duties", "weights", "extends",
    "source", "text", "term", "provisional_application", "protocols", "participation",
    "groups",
}
# The keys of each event type: its rule module's, with `type` and `date`.
_EVENT_KEYS: dict[str, set[str]] = {
    kind: {"type", "date", *event.keys} for kind, event in EVENT_KINDS.items()
}


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
            self.fail(key, f"expected {what}, got {_show(value)}")
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
            self.fail(key, f"expected a table, got {_show(value)}")
        return Reader(value, self.source, self.where(key), self.error)

    def tables(self, key: str) -> list[Reader]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, f"expected an array of tables ([[{key}]]), got {_show(value)}")
        readers = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.fail(key, f"item {index} should be a table, got {_show(item)}")
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
                f"got {_show(value)}",
            )
        return self.guard(key, lambda: DateRule.parse(value))

    def plain_date(self, key: str) -> pendulum.Date | None:
        if key not in self.data:
            return None
        value = self.data[key]
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
            self.fail(key, f"expected a date such as 2025-06-17, got {_show(value)}")
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


def _show(value: object) -> str:
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


# --------------------------------------------------------------------- treaty


def treaty_from_value(
    value: object, source: str, key: str, base_dir: Path | None,
    error: type[InputError] = TreatyFileError,
) -> Treaty:
    """A scenario's ``treaty``: a preset id, a path relative to the file, or a table."""

    if isinstance(value, str):
        if presets.exists(value):
            return preset_treaty(value)
        path = (base_dir or Path.cwd()) / value
        if value.endswith(".toml") or "/" in value:
            if not _is_file(path):
                raise error(f"{source}: {key}: no treaty file at {quote(str(path))}",
                            source=source, key=key)
            return parse_treaty(read_file(path, error), str(path), base_dir=path.parent)
        raise error(
            f"{source}: {key}: {quote(value)} is neither a built-in preset "
            f"({', '.join(presets.ids())}) nor a path to a .toml treaty file",
            source=source, key=key,
        )
    if isinstance(value, dict):
        return _treaty(_resolve_extends(value, source, key, base_dir, error), source, key)
    raise error(
        f"{source}: {key}: expected a preset id, a path or an inline table, got {_show(value)}",
        source=source, key=key,
    )


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


def _is_file(path: Path) -> bool:
    """``path.is_file()``, but a name the system refuses (too long) is no file either."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def parse_treaty(text: str, source: str = "<treaty>", base_dir: Path | None = None) -> Treaty:
    """Parse treaty-file text (SPEC §2); an error names the line of the key at fault."""
    try:
        data = read_toml(text, source, TreatyFileError)
        return _treaty(_resolve_extends(data, source, "", base_dir, TreatyFileError), source, "")
    except InputError as error:
        raise with_line(error, text, source) from None


def _resolve_extends(
    data: dict[str, Any], source: str, key: str, base_dir: Path | None,
    error: type[InputError], chain: tuple[Path, ...] = (),
) -> dict[str, Any]:
    """``extends = "preset-or-path"``: start from that treaty's file and replace the
    tables and keys given here (tables merge key by key; arrays are replaced).
    ``chain`` holds the files already being extended, to refuse a cycle."""
    if "extends" not in data:
        return data

    base_ref = data["extends"]
    where = f"{key}.extends" if key else "extends"
    if not isinstance(base_ref, str):
        raise error(f"{source}: {where}: expected a preset id or a path, got {_show(base_ref)}",
                    source=source, key=where)
    if presets.exists(base_ref):
        base = read_toml(presets.text(base_ref), f"preset {base_ref}", error)
    else:
        path = (base_dir or Path.cwd()) / base_ref
        if not _is_file(path):
            raise error(
                f"{source}: {where}: {quote(base_ref)} is neither a preset "
                f"({', '.join(presets.ids())}) nor a treaty file",
                source=source, key=where,
            )
        file = path.resolve()
        if file in chain:
            cycle = " → ".join(str(link) for link in (*chain, file))
            raise error(f"{source}: {where}: extending {path} goes round in a circle "
                        f"({cycle}); a treaty cannot extend itself", source=source, key=where)
        if len(chain) >= MAX_EXTENDS:
            raise error(f"{source}: {where}: extending {path} makes a chain of more than "
                        f"{MAX_EXTENDS} treaty files (each extending the next); merge some "
                        "of them", source=source, key=where)
        base = _resolve_extends(
            read_toml(read_file(path, error), str(path), error), str(path), "",
            path.parent, error, (*chain, file),
        )
    merged = dict(base)
    for name, value in data.items():
        if name == "extends":
            continue
        if isinstance(value, dict) and isinstance(merged.get(name), dict):
            merged[name] = {**merged[name], **value}
        else:
            merged[name] = value
    return merged


def _treaty(data: dict[str, Any], source: str, path: str) -> Treaty:
    top = Reader(data, source, path, TreatyFileError)
    top.only(_TREATY_KEYS, "a treaty")
    treaty_id = top.string("id", required=True)
    if not _TREATY_ID.fullmatch(treaty_id):
        top.fail("id", f"{quote(treaty_id)} is not a valid id: use lowercase letters, digits and "
                       "single hyphens ([a-z0-9-]+), e.g. 'rome-statute-1998'")
    known_groups = groups(top)
    parties = _parties(top, known_groups)
    month_end = top.string("month_end", "last-day")
    if month_end not in MONTH_END_POLICIES:
        top.fail("month_end", f"{quote(month_end)} is not a month-end policy; use one of "
                              f"{', '.join(repr(p) for p in MONTH_END_POLICIES)}")
    depositary = top.table("depositary", required=True)
    assert depositary is not None
    depositary.only({"name", "timezone", "holidays"}, "[depositary]")
    holidays = depositary.optional_string("holidays")
    if holidays is not None:
        from .._dates.workdays import calendar_problem

        problem = depositary.guard("holidays", lambda: calendar_problem(holidays))
        if problem is not None:
            depositary.fail("holidays", problem)
    zone_name = depositary.string("timezone", required=True)
    depositary.guard("timezone", lambda: timezone(zone_name))
    weights = _weights(top)
    entry_into_force = _entry_into_force(top, parties, weights, known_groups)
    participation = _participation(top, parties, known_groups)
    if participation.eligible is not None and isinstance(entry_into_force.condition,
                                                         Instruments):
        section = top.table("participation")
        assert section is not None
        check_eligible_including(section, participation.eligible,
                                 entry_into_force.condition.including)
    treaty = Treaty(
        id=treaty_id,
        title=top.string("title", treaty_id),
        depositary=Depositary(depositary.string("name", "the depositary"), zone_name,
                              holidays),
        entry_into_force=entry_into_force,
        parties=parties,
        opened_for_signature=top.plain_date("opened_for_signature"),
        month_end=month_end,
        withdrawal=_withdrawal(top),
        termination=_termination(top),
        duties=_duties(top),
        weights=weights,
        term=_term(top),
        participation=participation,
        provisional_application=_provisional_application(top),
        protocols=_protocols(top, parties),
        groups=known_groups,
    )
    backward = backward_rule(treaty)
    if backward is not None:
        key, why = backward
        top.fail(key, why)
    return treaty


def _parties(top: Reader, known: Mapping[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    if not top.has("parties"):
        return None
    value = top.raw("parties")
    if isinstance(value, str) and not _STATE_CODE.fullmatch(value):
        value = list(group_of(top, "parties", value, known))
    if not isinstance(value, list) or not value:
        top.fail("parties", f"expected a non-empty list of State codes, got {_show(value)}")
    codes: list[str] = []
    for index, code in enumerate(value):
        if not isinstance(code, str) or not _STATE_CODE.fullmatch(code):
            top.fail("parties", f"item {index} ({_show(code)}) is not a State code: use "
                                "ISO 3166-1 alpha-3 such as 'KAZ' (uppercase)")
        if code in codes:
            top.fail("parties", f"{code} is listed twice")
        codes.append(code)
    if len(codes) < 2:
        top.fail("parties", "a treaty needs at least two parties (VCLT art. 2(1)(a))")
    return tuple(codes)


def _weights(top: Reader) -> dict[str, dict[str, Fraction]]:
    section = top.table("weights")
    if section is None:
        return {}
    tables: dict[str, dict[str, Fraction]] = {}
    for name in section.data:
        table = section.table(name)
        assert table is not None
        weights: dict[str, Fraction] = {}
        for code, weight in table.data.items():
            if not _STATE_CODE.fullmatch(code):
                table.fail(code, "is not a State code (uppercase, e.g. 'USA')")
            if isinstance(weight, bool) or not isinstance(weight, int | float) \
                    or not 0 <= weight < float("inf"):
                table.fail(code, f"expected a non-negative number, got {_show(weight)}")
            weights[code] = Fraction(repr(weight)) if isinstance(weight, float) else \
                Fraction(weight)
        tables[name] = weights
    return tables


def _entry_into_force(
    top: Reader, parties: tuple[str, ...] | None, weights: Mapping[str, object],
    known_groups: Mapping[str, tuple[str, ...]],
) -> EntryIntoForce:
    section = top.table("entry_into_force")
    if section is None:
        if parties is None:
            top.fail("entry_into_force", "is required for a treaty open to any State "
                                         "(there is no list of negotiating States to wait for)")
        return EntryIntoForce(AllParties(), cites="VCLT art. 24(2)")
    section.only({"when", "date", "later", "later_after", "not_before", "cites", "text"},
                 "[entry_into_force]")
    later_after = section.string("later_after", "threshold")
    if later_after not in ("threshold", "entry-into-force"):
        section.fail("later_after", f"{quote(later_after)} is not allowed; use \"threshold\" "
                                    "(consents after the day the condition was met, e.g. Rome "
                                    "Statute art. 126(2)) or \"entry-into-force\" (consents "
                                    "after entry into force, e.g. Arms Trade Treaty art. 22(2))")
    when = section.raw("when") if section.has("when") else ("all" if parties else None)
    condition: Condition
    if when == "all":
        if parties is None:
            section.fail("when", "\"all\" needs the list of negotiating States (`parties`); an "
                                 "open treaty uses { instruments = N }")
        condition = AllParties()
    elif isinstance(when, dict):
        limb = Reader(when, section.source, section.where("when"), TreatyFileError)
        limb.only({"instruments", "weight", "share", "including"}, "`when`")
        count = limb.typed("instruments", int, "a whole number of instruments", 0)
        if count < 0 or (count == 0 and not limb.has("weight")):
            limb.fail("instruments", "must be a whole number of at least 1")
        weight = limb.optional_string("weight")
        share_value = limb.raw("share")
        if (weight is None) != (share_value is None):
            limb.fail("share" if weight else "weight",
                      "`weight` and `share` go together (e.g. weight = \"emissions\", "
                      "share = 0.55)")
        share = None
        if weight is not None:
            if weight not in weights:
                limb.fail("weight", f"no weight table named {quote(weight)} under [weights]"
                          + (f" (there are: {', '.join(weights)})" if weights else ""))
            if isinstance(share_value, bool) or not isinstance(share_value, int | float) \
                    or not 0 < share_value <= 1:
                limb.fail("share", f"expected a fraction between 0 and 1 (e.g. 0.55), got "
                                   f"{_show(share_value)}")
            share = Fraction(repr(share_value)) if isinstance(share_value, float) else \
                Fraction(share_value)
        if parties is not None and count > len(parties):
            limb.fail("instruments", f"{count} instruments can never be reached with "
                                     f"{len(parties)} listed parties")
        required = including(limb, known_groups, parties) if limb.has("including") else ()
        condition = Instruments(count, weight, share, required)
    else:
        section.fail("when", f"expected \"all\" or a table such as {{ instruments = 60 }}, got "
                             f"{_show(when)}")
    return EntryIntoForce(
        condition=condition,
        date=section.rule("date", DateRule()) or DateRule(),
        later=section.rule("later", None),
        later_after="threshold" if later_after == "threshold" else "entry-into-force",
        not_before=section.plain_date("not_before"),
        cites=section.optional_string("cites"),
        text=section.optional_string("text"),
    )


def _withdrawal(top: Reader) -> Withdrawal:
    section = top.table("withdrawal")
    if section is None:
        return Withdrawal()
    section.only({"allowed", "effective", "earliest", "later_date", "revocable", "cites",
                  "text", "postponed_by_armed_conflict", "earliest_from", "extendable"},
                 "[withdrawal]")
    term = top.raw("term")
    if section.has("effective") and isinstance(term, dict) and "renewal" in term:
        section.fail("effective", "a treaty with a fixed [term] that renews fixes when a "
                                  "denunciation takes effect (the end of a period, e.g. "
                                  "Genocide Convention art. XIV); remove `effective`")
    earliest_from = section.string("earliest_from", "party")
    if earliest_from not in ("party", "treaty"):
        section.fail("earliest_from", f"{quote(earliest_from)} is not allowed; use \"party\" "
                                      "(`earliest` counts from the State's own entry into "
                                      "force, e.g. Paris Agreement art. 28(1)) or \"treaty\" "
                                      "(from the treaty's, e.g. American Convention on Human "
                                      "Rights art. 78(1))")
    if section.has("earliest_from") and not section.has("earliest"):
        section.fail("earliest_from", "says what `earliest` counts from, but there is no "
                                      "`earliest`: add it (e.g. earliest = [\"+P5Y\"]) or "
                                      "remove `earliest_from`")
    default = Withdrawal()
    return Withdrawal(
        allowed=section.boolean("allowed", True),
        effective=section.rule("effective", default.effective) or default.effective,
        earliest=section.rule("earliest", None),
        later_date=section.boolean("later_date", False),
        revocable=section.boolean("revocable", True),
        cites=section.optional_string("cites"),
        text=section.optional_string("text"),
        postponed_by_armed_conflict=section.boolean("postponed_by_armed_conflict", False),
        earliest_from="party" if earliest_from == "party" else "treaty",
        extendable=section.boolean("extendable", False),
    )


def _term(top: Reader) -> Term | None:
    """``[term]``: a fixed term, with tacit renewal (Genocide Convention art. XIV) or
    expiring at its end unless extended (New START art. XIV(2), SPEC §8.4)."""
    section = top.table("term")
    if section is None:
        return None
    section.only({"initial", "renewal", "notice", "max_extension", "cites", "text"}, "[term]")
    section.need("initial")
    if section.has("renewal") != section.has("notice"):
        given, missing = ("renewal", "notice") if section.has("renewal") else \
            ("notice", "renewal")
        section.fail(given, f"`renewal` and `notice` go together (a term that renews "
                            f"tacitly, with a denunciation window): add `{missing}`, or "
                            f"remove `{given}` for a term that expires")
    periods: dict[str, Period | None] = {}
    for key in ("initial", "renewal", "notice", "max_extension"):
        if not section.has(key):
            periods[key] = None
            continue
        period = parse_period_at(section, key)
        if period == Period():
            section.fail(key, "must be longer than zero (e.g. \"P10Y\")")
        periods[key] = period
    check_extension(section, periods["renewal"])
    initial = periods["initial"]
    assert initial is not None
    return Term(initial, periods["renewal"], periods["notice"],
                section.optional_string("cites"), section.optional_string("text"),
                max_extension=periods["max_extension"])


def _participation(top: Reader, parties: tuple[str, ...] | None,
                   known_groups: Mapping[str, tuple[str, ...]]) -> Participation:
    """``[participation]``: when signature closes and accession opens; which States
    may join (SPEC §8.3)."""
    section = top.table("participation")
    if section is None:
        return Participation()
    section.only({"signature_closes", "accession_opens", "eligible", "cites", "text"},
                 "[participation]")
    eligible = eligible_states(section, known_groups, parties)
    if parties is not None and section.has("accession_opens"):
        section.fail("accession_opens", "a closed treaty (with `parties`) is not open to "
                                        "accession; remove the key or the `parties` list")

    def limit(key: str) -> pendulum.Date | OnEntryIntoForce | None:
        if section.raw(key) == "entry-into-force":
            return "entry-into-force"
        if isinstance(section.raw(key), str):
            section.fail(key, f"expected a date such as 2000-12-31 or \"entry-into-force\", "
                              f"got {_show(section.raw(key))}")
        return section.plain_date(key)

    return Participation(limit("signature_closes"), limit("accession_opens"),
                         section.optional_string("cites"), section.optional_string("text"),
                         eligible=None if eligible is None else eligible[0],
                         eligible_group=None if eligible is None else eligible[1])


_PROVISIONAL_UNTIL = ("entry-into-force", "entry-into-force-for-party")


def _provisional_application(top: Reader) -> ProvisionalApplication | None:
    """``[provisional_application]``: States may apply the treaty before it binds them
    (VCLT art. 25)."""
    section = top.table("provisional_application")
    if section is None:
        return None
    section.only({"until", "cites", "text"}, "[provisional_application]")
    until = section.string("until", "entry-into-force")
    if until not in _PROVISIONAL_UNTIL:
        section.fail("until", f"{quote(until)} is not an end of provisional application; use "
                              f"{' or '.join(repr(u) for u in _PROVISIONAL_UNTIL)}")
    return ProvisionalApplication(
        until="entry-into-force" if until == "entry-into-force" else "entry-into-force-for-party",
        cites=section.optional_string("cites"), text=section.optional_string("text"),
    )


def _protocols(top: Reader, parties: tuple[str, ...] | None) -> tuple[Protocol, ...]:
    """``[[protocols]]``: amending protocols, each with its own consents and entry into
    force (default: every State for which the treaty is in force has consented)."""
    protocols: list[Protocol] = []
    for item in top.tables("protocols"):
        item.only({"id", "title", "when", "date", "cites", "text"}, "a [[protocols]] table")
        protocol_id = item.string("id", required=True)
        if not _TREATY_ID.fullmatch(protocol_id):
            item.fail("id", f"{quote(protocol_id)} is not a valid protocol id ([a-z0-9-]+)")
        if any(p.id == protocol_id for p in protocols):
            item.fail("id", f"protocol {quote(protocol_id)} is declared twice")
        when = item.raw("when") if item.has("when") else "all"
        condition: Condition
        if when == "all":
            condition = AllParties()
        elif isinstance(when, dict):
            limb = Reader(when, item.source, item.where("when"), TreatyFileError)
            limb.only({"instruments"}, "a protocol's `when`")
            count = limb.typed("instruments", int, "a whole number of instruments", 0)
            if count < 1:
                limb.fail("instruments", "must be a whole number of at least 1")
            if parties is not None and count > len(parties):
                limb.fail("instruments", f"{count} instruments can never be reached with "
                                         f"{len(parties)} listed parties")
            condition = Instruments(count)
        else:
            item.fail("when", f"expected \"all\" (every State for which the treaty is in "
                              f"force) or a table such as {{ instruments = 10 }}, got "
                              f"{_show(when)}")
        protocols.append(Protocol(
            id=protocol_id,
            title=item.string("title", protocol_id),
            condition=condition,
            date=item.rule("date", DateRule()) or DateRule(),
            cites=item.optional_string("cites"),
            text=item.optional_string("text"),
        ))
    return tuple(protocols)


def _termination(top: Reader) -> Termination:
    section = top.table("termination")
    if section is None:
        return Termination()
    section.only({"below", "cites", "text"}, "[termination]")
    below = section.typed("below", int, "a whole number of parties", None)
    if below is not None and below < 1:
        section.fail("below", f"must be at least 1, got {below}")
    return Termination(below, section.optional_string("cites"), section.optional_string("text"))


def _duties(top: Reader) -> tuple[Duty, ...]:
    duties: list[Duty] = []
    for item in top.tables("duties"):
        item.only({"id", "after", "within", "cites", "text"}, "a [[duties]] table")
        duty_id = item.string("id", required=True)
        if not _TREATY_ID.fullmatch(duty_id):
            item.fail("id", f"{quote(duty_id)} is not a valid duty id ([a-z0-9-]+)")
        if any(d.id == duty_id for d in duties):
            item.fail("id", f"duty {quote(duty_id)} is declared twice")
        after = item.string("after", required=True)
        if after not in DUTY_TRIGGERS:
            item.fail("after", f"{quote(after)} is not a trigger; use one of "
                               f"{', '.join(DUTY_TRIGGERS)}")
        within = None
        if item.has("within"):
            within = parse_period_at(item, "within")
        duties.append(Duty(duty_id, after, within,
                           item.optional_string("cites"), item.optional_string("text")))
    return tuple(duties)


def parse_period_at(table: Reader, key: str) -> Period:
    value = table.raw(key)
    return table.guard(key, lambda: parse_period(value))


# ------------------------------------------------------------------- scenario


def file_kind(data: Mapping[str, Any]) -> Literal["treaty", "scenario"]:
    """Whether a parsed TOML document is a treaty file (SPEC §2) or a scenario (§3):
    a scenario names its ``treaty`` or has ``[[events]]``; a treaty file has neither
    and has a treaty's own keys (``id``, ``entry_into_force``, ...)."""
    if "treaty" in data or "events" in data:
        return "scenario"
    return "treaty" if any(key in _TREATY_KEYS and key != "title" for key in data) else "scenario"


def parse_scenario_data(
    data: dict[str, Any], source: str, base_dir: Path | None
) -> tuple[Treaty, str | None, pendulum.Date | None, tuple[Event, ...], Expectations | None]:
    """The parts of a scenario document, validated (SPEC §3)."""
    if file_kind(data) == "treaty":
        raise ScenarioFileError(
            f"{source}: is a treaty file, not a scenario (it has no `treaty` and no "
            f"[[events]]); check it alone with `treatystate validate {source}`, or name it "
            f"in a scenario: treaty = \"{source}\"", source=source)
    top = Reader(data, source, "", ScenarioFileError)
    top.only({"treaty", "title", "as_of", "events", "expect", "variants", "sweep"},
             "a scenario")
    treaty = treaty_from_value(top.need("treaty"), source, "treaty", base_dir)
    zone = timezone(treaty.depositary.timezone)
    as_of = None
    if top.has("as_of"):
        as_of = top.guard("as_of", lambda: legal_date(top.raw("as_of"), zone))[0]
    events = tuple(
        _event(item, index, treaty, zone) for index, item in enumerate(top.tables("events"))
    )
    expect_section = top.table("expect")
    expect = parse_expectations(expect_section.data, source, treaty) if expect_section else None
    refused = expect.refusal.event if expect is not None and expect.refusal else None
    if refused is not None and not 0 <= refused < len(events):
        raise ScenarioFileError(
            f"{source}: expect.refusal.event: {refused} is not an event of this scenario; "
            f"events are numbered from 0 in file order (0 to {len(events) - 1})"
            if events else f"{source}: expect.refusal.event: this scenario has no events",
            source=source, key="expect.refusal.event")
    return treaty, top.optional_string("title"), as_of, events, expect


def _event(item: Reader, index: int, treaty: Treaty, zone: pendulum.Timezone) -> Event:
    if not item.has("type"):
        # A misspelt key (`tpye`) is the likelier mistake than a forgotten type: name it.
        item.only(set().union(*_EVENT_KEYS.values()), "an event")
    kind = item.string("type", required=True)
    if kind not in _EVENT_KEYS:
        item.fail("type", f"{quote(kind)} is not an event type; use one of "
                          f"{', '.join(EVENT_TYPES)}")
    item.only(_EVENT_KEYS[kind], f"a {kind} event")
    raw_date = item.need("date")
    date, _ = item.guard("date", lambda: legal_date(raw_date, zone))
    received = None
    if isinstance(raw_date, dt.datetime) or (isinstance(raw_date, str) and "T" in raw_date):
        received = raw_date.isoformat() if isinstance(raw_date, dt.datetime) else raw_date
    party = item.optional_string("party")
    listed = treaty.parties
    if party is not None:
        _check_code(item, "party", party, listed)
    parties: tuple[str, ...] = ()
    if kind == "signature":
        value = item.raw("parties")
        if value is None:
            if listed is None:
                item.fail("parties", "is required for a signature of a treaty open to any "
                                     "State (name who signs)")
        else:
            if not isinstance(value, list) or not value:
                item.fail("parties", f"expected a non-empty list of State codes, got "
                                     f"{_show(value)}")
            for code in value:
                _check_code(item, "parties", code, listed)
            if len(set(value)) != len(value):
                item.fail("parties", "a State is named twice")
            parties = tuple(value)
    duty_id = item.string("duty", required=True) if kind == "duty" else None
    protocol_id = (item.string("protocol", required=True) if kind == "protocol-consent"
                   else None)
    effective = None
    if item.has("effective"):
        effective = item.guard("effective", lambda: legal_date(item.raw("effective"), zone))[0]
    until = None
    if item.has("until"):
        until = item.guard("until", lambda: legal_date(item.raw("until"), zone))[0]
    by = parse_period_at(item, "by") if item.has("by") else None
    event = Event(index=index, type=cast(EventType, kind), date=date, party=party,
                  parties=parties, duty=duty_id, effective=effective, received=received,
                  protocol=protocol_id, until=until, by=by)
    problem = event_problem(event, treaty)
    if problem is not None:
        item.fail(problem.key, problem.message)
    return event


def _check_code(item: Reader, key: str, code: object, listed: tuple[str, ...] | None) -> None:
    if not isinstance(code, str) or not _STATE_CODE.fullmatch(code):
        item.fail(key, f"{_show(code)} is not a State code: use ISO 3166-1 alpha-3 such as "
                       "'KAZ' (uppercase)")
    if listed is not None and code not in listed:
        item.fail(key, f"{code} is not a party to this closed treaty (VCLT art. 15); the "
                       f"listed parties are {', '.join(listed)}")


def preset_treaty(preset_id: str) -> Treaty:
    """The built-in treaty ``preset_id``, parsed once (``presets.get``)."""
    if not isinstance(preset_id, str) or not presets.exists(preset_id):
        raise presets.unknown(preset_id)
    return _parsed_preset(preset_id)


@cache
def _parsed_preset(preset_id: str) -> Treaty:
    return parse_treaty(presets.text(preset_id), f"preset {preset_id}")
