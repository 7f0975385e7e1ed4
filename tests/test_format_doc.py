"""docs/treaty-format.md documents every key and event type the loader accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from treatystate import presets
from treatystate._io.scenario_file import _EVENT_KEYS
from treatystate._io.treaty_file import TREATY_KEYS as _TREATY_KEYS
from treatystate._model.events import EVENT_TYPES

DOC = (Path(__file__).parent.parent / "docs" / "treaty-format.md").read_text("utf-8")


def _documented(key: str) -> bool:
    """Named as a key (`key`) or as a table ([key], [[key]], [key.NAME])."""
    return re.search(rf"`{key}`|\[\[?{key}[\].]", DOC) is not None


@pytest.mark.parametrize("key", sorted(_TREATY_KEYS))
def test_treaty_key_is_documented(key: str) -> None:
    assert _documented(key)


@pytest.mark.parametrize("kind", EVENT_TYPES)
def test_event_type_is_documented(kind: str) -> None:
    assert f"| `{kind}` " in DOC
    for key in _EVENT_KEYS[kind] - {"type"}:
        assert f"`{key}`" in DOC


def _keys_used_by_presets() -> set[str]:
    import tomllib

    used: set[str] = set()
    for preset_id in presets.ids():
        data = tomllib.loads(presets.text(preset_id))
        for name, value in data.items():
            used.add(name)
            tables = value if isinstance(value, list) else [value]
            for table in tables:
                if isinstance(table, dict) and name not in ("weights", "groups"):
                    used |= set(table)
    return used


@pytest.mark.parametrize("key", sorted(_keys_used_by_presets()))
def test_every_key_a_preset_uses_is_documented(key: str) -> None:
    assert _documented(key)
