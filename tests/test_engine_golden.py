"""The engine's outcomes, byte for byte: a refactoring of the engine (for speed, say)
must leave every document it produces as it was.

The examples below cover the engine's paths (month-end arithmetic both ways, an
armed conflict postponing a withdrawal, a fixed term with tacit renewal, an amending
protocol, a revoked notice, a deadline moved past a holiday), each run to the end and
to the day of its middle event; ``test_fast_paths.py`` and ``test_differential.py``
cover random scenarios. After an intended change of the outcome,
regenerate with ``TREATYSTATE_REGENERATE=1`` (see ``golden_files.py``) and read the
diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import treatystate
from golden_files import assert_golden

EXAMPLES = Path(__file__).parent.parent / "examples"
COVERED = [
    "central_asia",
    "central_asia_holidays",
    "central_asia_protocol",
    "genocide_denunciation",
    "leap_day_next_day",
    "ottawa_armed_conflict",
    "revoked_withdrawal",
]


@pytest.mark.parametrize("name", COVERED)
def test_outcome_documents_are_unchanged(name: str) -> None:
    """Each example's outcome document, at the end and on the day of its middle event,
    is the golden one."""
    scenario = treatystate.load(EXAMPLES / f"{name}.toml")
    middle = sorted(event.date for event in scenario.events)[len(scenario.events) // 2]
    documents = [scenario.run().to_json(), scenario.run(as_of=middle).to_json()]
    assert_golden(f"outcomes/{name}.json", "[\n" + ",\n".join(documents) + "\n]\n")
