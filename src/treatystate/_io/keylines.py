"""Where a key path (``events[3].date``) stands in a TOML text, for error messages.

``tomllib`` returns plain values with no positions, so the loader names what is wrong
by key path. This module finds the line of that path in the text with a light scan
of table headers (``[depositary]``, the Nth ``[[events]]``) and ``key = value`` lines.
It only ever *adds* a line number to a message: when it cannot tell (a multi-line
value, an inline table), it answers with the nearest enclosing table or with nothing.
"""

from __future__ import annotations

import re
from typing import TypeAlias, TypeVar

from ..errors import InputError

__all__ = ["KeyLines", "split_key_path", "with_line"]

E = TypeVar("E", bound=InputError)

Token: TypeAlias = str | int
Path: TypeAlias = tuple[Token, ...]

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\]|\\.)*"'
_LITERAL = r"'[^']*'"
_KEY_PART = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY_PART)
_INDEX = re.compile(r"\[(\d+)\]")
_STRING = re.compile(rf"{_BASIC}|{_LITERAL}")


def _brackets(text: str) -> int:
    """How many more arrays ``text`` opens than it closes (strings and comments aside)."""
    code = _STRING.sub("", text).split("#", 1)[0]
    return code.count("[") - code.count("]")


def _unquote(part: str) -> str:
    if part[:1] == "'":
        return part[1:-1]
    if part[:1] == '"':
        try:
            return part[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        except UnicodeDecodeError:
            return part[1:-1]
    return part


def _names(dotted: str) -> list[str]:
    return [_unquote(part) for part in _PART.findall(dotted)]


def split_key_path(key: str) -> Path:
    """``events[3].date`` → ``("events", 3, "date")``."""
    tokens: list[Token] = []
    for segment in key.split("."):
        name, _, rest = segment.partition("[")
        if name:
            tokens.append(name)
        tokens.extend(int(index) for index in _INDEX.findall("[" + rest if rest else ""))
    return tuple(tokens)


class KeyLines:
    """The lines of a TOML text's tables and keys, scanned once."""

    def __init__(self, text: str) -> None:
        self.lines: dict[Path, int] = {}
        counts: dict[tuple[str, ...], int] = {}
        table: Path = ()
        in_multiline: str | None = None
        # A multi-line array being read (`events = [` then one `{ ... }` a line): its
        # key, its bracket depth, and how many items it has had.
        array: Path | None = None
        depth = items = 0
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline is not None:
                if line.count(in_multiline) % 2:
                    in_multiline = None
                continue
            if array is not None:
                if depth == 1 and line.lstrip().startswith("{"):
                    self.lines.setdefault((*array, items), number)
                    items += 1
                depth += _brackets(line)
                if depth <= 0:
                    array = None
                continue
            header = _HEADER.match(line)
            if header is not None:
                names = _names(header.group(2))
                if header.group(1) == "[[":
                    index = counts.get(tuple(names), 0)
                    counts[tuple(names)] = index + 1
                    table = (*names, index)
                    # The array itself stands where its first table does (an unknown
                    # `[[event]]` is reported by its name, with no index).
                    self.lines.setdefault(tuple(names), number)
                else:
                    table = tuple(names)
                self.lines.setdefault(table, number)
                continue
            assign = _ASSIGN.match(line)
            if assign is not None:
                path = (*table, *_names(assign.group(1)))
                self.lines.setdefault(path, number)
                for quotes in ('"""', "'''"):
                    if line.count(quotes) % 2:
                        in_multiline = quotes
                value = line[assign.end():]
                if in_multiline is None and value.lstrip().startswith("[") \
                        and _brackets(value) > 0:
                    array, depth, items = path, _brackets(value), 0

    def line(self, key: str | Path) -> int | None:
        """The line of ``key``, else of its nearest enclosing table or key; ``None``
        when not even the first part of the path can be found."""
        path = split_key_path(key) if isinstance(key, str) else key
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


def with_line(error: E, text: str, source: str) -> E:
    """``error`` with the line of its key in ``text`` (the file ``source``) added to
    its message as ``file:line:``; ``error`` itself when there is nothing to add."""
    prefix = f"{source}: "
    message = str(error)
    if error.line is not None or error.key is None or error.source != source \
            or not message.startswith(prefix):
        return error
    line = KeyLines(text).line(error.key)
    if line is None:
        return error
    located = type(error)(f"{source}:{line}: {message.removeprefix(prefix)}",
                          source=source, key=error.key, line=line)
    return located
