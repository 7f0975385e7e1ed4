"""Built-in treaties, shipped as treaty files (package data), not as code.

>>> from treatystate import presets
>>> presets.get("china-central-asia-2025").depositary.timezone
'Asia/Shanghai'
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..clauses import Treaty
from ..errors import UnknownPreset
from ..periods import quote

__all__ = ["exists", "get", "ids", "text"]


@cache
def ids() -> tuple[str, ...]:
    """The ids of the built-in treaties, sorted."""
    folder = resources.files(__name__)
    return tuple(sorted(
        entry.name.removesuffix(".toml") for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    ))


def exists(preset_id: str) -> bool:
    return preset_id in ids()


def text(preset_id: str) -> str:
    """The preset's treaty file, as shipped: copy it to start your own."""
    if not exists(preset_id):
        raise _unknown(preset_id)
    return resources.files(__name__).joinpath(f"{preset_id}.toml").read_text(encoding="utf-8")


def get(preset_id: str) -> Treaty:
    """The built-in treaty ``preset_id`` (see :func:`ids`); :class:`UnknownPreset` else."""
    if not exists(preset_id):
        raise _unknown(preset_id)
    return _parsed(preset_id)


def _unknown(preset_id: object) -> UnknownPreset:
    return UnknownPreset(
        f"no built-in treaty {quote(preset_id)}; the presets are: {', '.join(ids())}; "
        "`treatystate presets` lists them"
    )


@cache
def _parsed(preset_id: str) -> Treaty:
    from ..loader import parse_treaty

    return parse_treaty(text(preset_id), f"preset {preset_id}")
