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

import hashlib
from pathlib import Path

import pytest

import treatystate
from golden_files import GOLDEN, REGENERATE, assert_golden

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


def _digest(path: Path) -> str:
    """A digest of what the example gives a treaty office: its outcome document and
    its explanation (every derived date's rule, text, premise and arithmetic), or the
    refusal it ends in."""
    scenario = treatystate.load(path)
    try:
        outcome = scenario.run()
        text = outcome.to_json() + outcome.explain(scenario.treaty).to_json()
    except treatystate.TreatyStateError as error:
        text = f"{type(error).__name__}: {str(error).replace(str(path), path.name)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_every_examples_outcome_and_explanation_are_unchanged() -> None:
    """Every example, not only the ones above: its outcome document and explanation,
    compared through a digest (the documents themselves are megabytes). On a change,
    compare `treatystate run --json` and `treatystate explain --json` of the examples
    named before and after it; regenerate with ``TREATYSTATE_REGENERATE=1`` if it is
    intended."""
    digests = "".join(f"{path.stem} {_digest(path)}\n"
                      for path in sorted(EXAMPLES.glob("*.toml")))
    if not REGENERATE:
        expected = dict(line.split() for line in (GOLDEN / "outcomes" / "digests.txt")
                        .read_text(encoding="utf-8").splitlines())
        actual = dict(line.split() for line in digests.splitlines())
        changed = sorted(name for name in expected.keys() | actual.keys()
                         if expected.get(name) != actual.get(name))
        assert not changed, f"these examples' outcome or explanation changed: {changed}"
    assert_golden("outcomes/digests.txt", digests)
