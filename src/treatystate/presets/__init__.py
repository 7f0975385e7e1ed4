"""Built-in treaties, shipped as treaty files (package data), not as code.

>>> from treatystate import presets
>>> presets.get("china-central-asia-2025").depositary.timezone
'Asia/Shanghai'
"""

from __future__ import annotations

from .._io.preset_files import exists, ids, text
from .._io.treaty_file import preset_treaty
from .._model.clauses import Treaty

__all__ = ["exists", "get", "ids", "text"]


def get(preset_id: str) -> Treaty:
    """The built-in treaty ``preset_id`` (see :func:`ids`); :class:`UnknownPreset` else.

    >>> from treatystate import presets
    >>> presets.get("paris-agreement-2015").depositary.name
    'Secretary-General of the United Nations'
    """
    return preset_treaty(preset_id)
