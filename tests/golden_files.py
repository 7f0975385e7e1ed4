"""Golden files: text outputs compared byte for byte with ``tests/golden/``.

Regenerate after an intended change with::

    TREATYSTATE_REGENERATE=1 .venv/bin/python -m pytest tests/test_views.py tests/test_diagram.py

then read ``git diff tests/golden README.md`` before committing: the diff is the
change users will see.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("TREATYSTATE_REGENERATE") == "1"


def assert_golden(name: str, actual: str) -> None:
    """``actual`` equals ``tests/golden/<name>`` (or becomes it when regenerating)."""
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run with TREATYSTATE_REGENERATE=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from its golden file; if the change is intended, regenerate "
        "with TREATYSTATE_REGENERATE=1 and review `git diff tests/golden`"
    )
