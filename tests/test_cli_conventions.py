"""One set of command-line conventions for every command: ``-o PATH`` (``-o -`` is
standard output), ``--json`` where a command reports, one-line errors with exit 2 for
bad input and for an output that cannot be written, names checked with a "did you
mean", ``validate``, ``--help`` with defaults and examples, shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import treatystate
from treatystate.cli import _parser, main

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
CENTRAL_ASIA = str(EXAMPLES / "central_asia.toml")
# Every variant of this file runs (compare exits 2 when one is refused).
VARIANTS = str(EXAMPLES / "six_month_notice.toml")
SWEEP = str(EXAMPLES / "central_asia_monte_carlo.toml")

# Every command that writes, with arguments that make it write.
WRITERS = {
    "run": ["run"],
    "run --json": ["run", "--json"],
    "check": ["check", CENTRAL_ASIA],
    "check --json": ["check", CENTRAL_ASIA, "--json"],
    "validate": ["validate", CENTRAL_ASIA],
    "validate --json": ["validate", CENTRAL_ASIA, "--json"],
    "presets": ["presets"],
    "presets --json": ["presets", "--json"],
    "show": ["show", "china-central-asia-2025"],
    "compare": ["compare", VARIANTS],
    "compare --json": ["compare", VARIANTS, "--json"],
    "sweep": ["sweep", SWEEP, "--samples", "2"],
    "explain": ["explain", "--party", "TKM"],
    "explain --json": ["explain", "--json"],
    "diagram": ["diagram"],
    "timeline": ["timeline"],
    "ics": ["ics"],
    "completion": ["completion", "bash"],
    "report": ["report"],
}


def _stamped(text: str) -> str:
    # A calendar's DTSTAMP is the moment it was written (RFC 5545 §3.8.7.2).
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith("DTSTAMP:"))


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writing_command_takes_dash_o(name: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """``-o PATH`` writes what standard output would show; ``-o -`` is standard output."""
    args = WRITERS[name]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert main([*args, "-o", "-"]) == 0
    assert _stamped(capsys.readouterr().out) == _stamped(printed)
    target = tmp_path / "out.txt"
    assert main([*args, "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    written = target.read_bytes().decode("utf-8")  # as written: a calendar's CRLF stays
    assert _stamped(written) == _stamped(printed)
    assert not (tmp_path / "-").exists()


def test_dash_o_dash_creates_no_file_named_dash(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "treatystate", "sweep", SWEEP, "--samples",
                           "2", "-o", "-"], cwd=tmp_path, check=False, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("row,")
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_is_exit_2_and_leaves_the_file(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    assert main(["show", "china-central-asia-2025", "-o", str(tmp_path / "no" / "x")]) == 2
    assert "cannot be written" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["presets"], ["check", CENTRAL_ASIA],
                                     ["validate", CENTRAL_ASIA]])
def test_reporting_commands_have_json(command: list[str],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert isinstance(document, list) and document


def test_check_json_gives_mismatches_and_the_exit_code(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    wrong = tmp_path / "wrong.toml"
    text = (EXAMPLES / "central_asia.toml").read_text(encoding="utf-8")
    assert "\nentry_into_force = 2026-01-02\n" in text
    wrong.write_text(text.replace("\nentry_into_force = 2026-01-02\n",
                                  "\nentry_into_force = 2026-01-03\n"), encoding="utf-8")
    assert main(["check", str(wrong), "--json"]) == 1
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["ok"] is False
    assert entry["mismatches"] == [{"where": "entry_into_force", "expected": "2026-01-03",
                                    "actual": "2026-01-02"}]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["run", "--json"], ["run"], ["presets"], ["diagram"]])
def test_a_full_disk_is_one_line_and_exit_2(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "treatystate", *command], stdout=full,
                              stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("treatystate: error: standard output: cannot be written")
    assert "Traceback" not in done.stderr


def test_a_closed_pipe_is_one_line_and_exit_2() -> None:
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before the first byte is written
    try:
        done = subprocess.run([sys.executable, "-m", "treatystate", "explain", "--json"],
                              stdout=writing, stderr=subprocess.PIPE, text=True, check=False)
    finally:
        os.close(writing)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Broken pipe" in done.stderr


def test_an_unknown_party_is_refused_with_a_suggestion(capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    assert main(["explain", "--party", "XYZ"]) == 2
    assert "--party XYZ: not a State of this scenario" in capsys.readouterr().err
    assert main(["explain", "--party", "tkm"]) == 2
    assert 'did you mean "TKM"?' in capsys.readouterr().err


SIGNATURE = 'treaty = "china-central-asia-2025"\n\n[[events]]\ntype = "signature"\n' \
            "date = 2025-06-17\n"


@pytest.mark.parametrize(("text", "message"), [
    (SIGNATURE + '\n[[events]]\ntpye = "consent"\nparty = "KAZ"\ndate = 2025-07-01\n',
     's.toml:8: events[1].tpye: unknown key in an event (did you mean "type"?)'),
    (SIGNATURE + 'partys = ["KAZ"]\n',
     's.toml:6: events[0].partys: unknown key in a signature event (did you mean "parties"?)'),
    ('treaty = "china-central-asia-2025"\n\n[[event]]\ntype = "signature"\n',
     's.toml:3: event: unknown key in a scenario (did you mean "events"?)'),
    (SIGNATURE + '\n[expect]\nentry_into_forse = "null"\n',
     'expect.entry_into_forse: unknown key (did you mean "entry_into_force"?)'),
])
def test_an_unknown_key_is_named_with_a_suggestion(text: str, message: str,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(treatystate.ScenarioFileError) as raised:
        treatystate.load(path)
    assert message in str(raised.value)


def test_a_treaty_file_given_as_a_scenario_is_recognised(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    treaty = tmp_path / "my-treaty.toml"
    treaty.write_text(treatystate.presets.text("rome-statute-1998"), encoding="utf-8")
    assert main(["run", str(treaty)]) == 2
    error = capsys.readouterr().err
    assert "is a treaty file, not a scenario" in error
    assert f"treatystate validate {treaty}" in error


def test_validate_checks_a_treaty_or_a_scenario_alone(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    treaty = tmp_path / "my-treaty.toml"
    text = treatystate.presets.text("rome-statute-1998")
    treaty.write_text(text, encoding="utf-8")
    assert main(["validate", str(treaty), CENTRAL_ASIA, "--json"]) == 0
    kinds = [(entry["kind"], entry["ok"]) for entry in json.loads(capsys.readouterr().out)]
    assert kinds == [("treaty", True), ("scenario", True)]
    treaty.write_text(text.replace('month_end = "last-day"', 'month_end = "never"')
                      if 'month_end = "last-day"' in text else text + 'month_end = "never"\n',
                      encoding="utf-8")
    assert main(["validate", str(treaty)]) == 2
    assert "month_end" in capsys.readouterr().err


def _subcommands() -> dict[str, object]:
    action = next(a for a in _parser()._actions if a.dest == "command")
    return dict(action.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_command_s_help_has_an_example(name: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([name, "--help"])
    shown = capsys.readouterr().out
    examples = shown.split("\nexamples:\n", 1)[1]
    assert examples.startswith("  ") and f"treatystate {name}" in examples


def test_help_shows_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["diagram", "--help"])
    assert "(default: mermaid)" in " ".join(capsys.readouterr().out.split())


def test_completion_names_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    for name in _subcommands():
        assert name in script


def test_completion_loads_no_extra_at_start_up() -> None:
    done = subprocess.run([sys.executable, "-c", "import sys, treatystate.cli; "
                           "print('shtab' in sys.modules)"], check=True,
                          capture_output=True, text=True)
    assert done.stdout.strip() == "False"
