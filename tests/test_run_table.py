"""The readable `run` table: golden text off a terminal, colour only on one."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

import treatystate
from golden_files import assert_golden
from treatystate._views.render import print_outcome
from treatystate.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
ANSI = re.compile(r"\x1b\[")


@pytest.mark.parametrize(("golden", "argv"), [
    ("run_builtin.txt", ["run"]),
    ("run_builtin_as_of.txt", ["run", "--as-of", "2028-06-30"]),
    ("run_duties_never_done.txt", ["run", str(EXAMPLES / "duties_never_done.toml")]),
])
def test_run_table_golden(golden: str, argv: list[str],
                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert not ANSI.search(out), "no colour codes when stdout is not a terminal"
    assert all(line == line.rstrip() for line in out.splitlines())
    assert_golden(golden, out)


def test_dates_carry_their_weekday_and_columns_align(capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    assert main(["run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines if re.match(r"\d{4}-\d{2}-\d{2} \w{3}  ", line)]
    assert rows and all(re.match(r"\d{4}-\d{2}-\d{2} (Mon|Tue|Wed|Thu|Fri|Sat|Sun)  ", r)
                        for r in rows)
    header = next(line for line in lines if line.startswith("Date "))
    column = header.index("Event")
    assert all(row[column - 1] == " " and row[column] != " " for row in rows)


def test_colour_on_a_terminal() -> None:
    buffer = io.StringIO()
    terminal = Console(file=buffer, force_terminal=True, color_system="standard", width=200)
    print_outcome(treatystate.builtin_example().run(), terminal)
    assert ANSI.search(buffer.getvalue())
