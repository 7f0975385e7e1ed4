"""The preset treaty files shipped in ``treatystate/presets`` (package data): their ids
and texts. Reading them needs no parser, so the loader can resolve ``treaty = "id"``
and ``extends = "id"`` without importing :mod:`treatystate.presets`."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .._dates.periods import quote
from ..errors import UnknownPreset

if TYPE_CHECKING:
    from importlib.abc import Traversable

__all__ = ["exists", "ids", "text", "unknown"]

_PACKAGE = "treatystate.presets"


@cache
def ids() -> tuple[str, ...]:
    """The ids of the built-in treaties, sorted.

    >>> from treatystate import presets
    >>> "rome-statute-1998" in presets.ids()
    True
    """
    folder = _files()
    return tuple(sorted(
        entry.name.removesuffix(".toml") for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    ))


def exists(preset_id: str) -> bool:
    """Whether ``preset_id`` names a built-in treaty.

    >>> from treatystate import presets
    >>> presets.exists("rome-statute-1998"), presets.exists("rome-statute-1999")
    (True, False)
    """
    return preset_id in ids()


def text(preset_id: str) -> str:
    """The preset's treaty file, as shipped: copy it to start your own.

    >>> from treatystate import presets
    >>> 'id = "rome-statute-1998"' in presets.text("rome-statute-1998")
    True
    """
    if not exists(preset_id):
        raise unknown(preset_id)
    return _files().joinpath(f"{preset_id}.toml").read_text(encoding="utf-8")


def _files() -> Traversable:
    # importlib.resources brings tempfile, shutil and the compression modules: about a
    # tenth of `import treatystate`, for a listing most runs never make.
    from importlib import resources

    return resources.files(_PACKAGE)


def unknown(preset_id: object) -> UnknownPreset:
    """The error for an id that names no built-in treaty."""
    return UnknownPreset(
        f"no built-in treaty {quote(preset_id)}; the presets are: {', '.join(ids())}; "
        "`treatystate presets` lists them"
    )
