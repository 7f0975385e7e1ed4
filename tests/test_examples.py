"""Every shipped example's [expect] holds, through the API and through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

import treatystate
from treatystate.cli import main

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 9


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_expectations_hold(path: Path) -> None:
    result = treatystate.load(path).check()
    assert result.ok, "\n".join(str(m) for m in result.mismatches)


def test_check_command_passes_on_all_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", *map(str, EXAMPLES)]) == 0


def test_builtin_example_is_the_example_file() -> None:
    shipped = treatystate.BUILTIN_EXAMPLE.read_text(encoding="utf-8")
    in_examples = (Path(__file__).parent.parent / "examples" / "central_asia.toml").read_text(
        encoding="utf-8"
    )
    assert shipped == in_examples
