"""Where a command writes: a file named by ``-o PATH``, or standard output for ``-o -``
(or no ``-o``).

A file is written whole or not at all: the text goes to a temporary file in the same
folder, which replaces the target only once everything was written and flushed to
disk. A failure (disk full, permission, an interrupted run) leaves the file that was
there before untouched, and two commands writing the same path leave one of the two
outputs whole, never a mix. Check a path with :func:`check_writable` before long work,
so that a bad ``-o`` is reported before a sweep is computed, not after.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal, overload

from .._views.escaping import json_dumps, json_escaped
from ..errors import OutputError

__all__ = [
    "STDOUT",
    "atomic_output",
    "check_writable",
    "dump_json",
    "is_stdout",
    "json_text",
    "write_output",
]

STDOUT = "-"


def is_stdout(path: str | None) -> bool:
    """``None`` and ``-`` both mean standard output."""
    return path is None or path == STDOUT


def check_writable(path: str | None) -> None:
    """Refuse, before any work, an output path that cannot be written."""
    if is_stdout(path):
        return
    assert path is not None
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"{path}: cannot be written: Is a directory")
    if not folder.is_dir():
        raise OutputError(f"{path}: cannot be written: No such file or directory (the folder "
                          f"{folder} does not exist)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: cannot be written: Permission denied (the folder {folder} "
                          "is not writable)")


@overload
def atomic_output(path: str | None, *, binary: Literal[False] = ...,
                  newline: str | None = ...) -> contextlib.AbstractContextManager[IO[str]]: ...


@overload
def atomic_output(path: str | None, *, binary: Literal[True],
                  newline: str | None = ...) -> contextlib.AbstractContextManager[IO[bytes]]: ...


def atomic_output(
    path: str | None, *, binary: bool = False, newline: str | None = None
) -> contextlib.AbstractContextManager[IO[str]] | contextlib.AbstractContextManager[IO[bytes]]:
    """A handle to write the whole output to; see the module's text."""
    if binary:
        return _atomic(path, "wb", newline=None)
    return _atomic(path, "w", newline=newline)


@contextlib.contextmanager
def _atomic(path: str | None, mode: str, newline: str | None) -> Iterator[IO]:  # type: ignore[type-arg]
    if is_stdout(path):
        if "b" in mode:
            sys.stdout.flush()  # text written before goes first
        stream = sys.stdout.buffer if "b" in mode else sys.stdout
        yield stream
        stream.flush()
        return
    assert path is not None
    check_writable(path)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.",
                                                 suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}") from None
    try:
        kwargs = {} if "b" in mode else {"encoding": "utf-8", "newline": newline}
        with os.fdopen(descriptor, mode, **kwargs) as handle:  # type: ignore[call-overload]
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            # Keep the permissions of the file being replaced (mkstemp makes it 0600).
            os.chmod(temporary, target.stat().st_mode & 0o7777 if target.exists()
                     else 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as error:
        _remove(temporary)
        raise OutputError(f"{path}: cannot be written: {error.strerror or error}; "
                          "the file that was there is unchanged") from None
    except BaseException:
        _remove(temporary)
        raise


def write_output(data: str | bytes, path: str | None) -> None:
    """Write ``data`` whole to ``path`` (or standard output)."""
    if isinstance(data, bytes):
        with atomic_output(path, binary=True) as handle:
            handle.write(data)
    else:
        with atomic_output(path) as text:
            text.write(data)


def dump_json(document: object, path: str | None) -> None:
    """Write ``document`` whole to ``path`` (``-`` or None: standard output) as JSON,
    readable whatever the console's encoding (see :func:`json_dumps`)."""
    with atomic_output(path) as handle:
        handle.write(json_dumps(document, handle) + "\n")


def json_text(document: str) -> bytes:
    """A JSON document as the bytes to write: UTF-8 whatever the console's encoding
    (JSON is UTF-8 by definition, RFC 8259 §8.1), escaped by :func:`json_escaped`."""
    return json_escaped(document).encode("utf-8")


def _remove(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
