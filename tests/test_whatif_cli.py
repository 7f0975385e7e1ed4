"""The what-if commands: run --variant, compare, sweep, and check of variants (issue 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from treatystate.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
SIX = str(EXAMPLES / "six_month_notice.toml")
LEAP = str(EXAMPLES / "leap_day_month_end.toml")
MONTE_CARLO = str(EXAMPLES / "central_asia_monte_carlo.toml")


def test_run_a_variant(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", SIX, "--variant", "six-month-notice", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["parties"]["TKM"]["withdrawal_effective"] == "2028-08-29"
    assert main(["run", SIX, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["parties"]["TKM"]["withdrawal_effective"] == \
        "2029-02-28"


def test_run_an_unknown_variant_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", SIX, "--variant", "nine-month-notice"]) == 2
    error = capsys.readouterr().err
    assert "no variant named 'nine-month-notice'" in error
    assert "six-month-notice, four-instruments, tkm-later" in error
    assert "Traceback" not in error


def test_compare_baseline_with_each_variant(capsys: pytest.CaptureFixture[str]) -> None:
    # The strict variant is refused: compare shows why, and exits 2 (issue 15).
    assert main(["compare", LEAP]) == 2
    out = capsys.readouterr().out
    assert "baseline → next-day" in out and "2029-03-01" in out
    assert "baseline → strict" in out and "refused:" in out
    assert main(["compare", LEAP, "--json"]) == 2
    diffs = json.loads(capsys.readouterr().out)
    assert [d["after"] for d in diffs] == ["next-day", "strict", "strict-a-day-later"]
    assert diffs[0]["changes"][0] == {"scope": "party", "subject": "TKM",
                                      "field": "withdrawal_effective",
                                      "before": "2029-02-28", "after": "2029-03-01"}
    assert "AmbiguousDate" not in diffs[1]["refused"]
    assert "2029-02-29 does not exist" in diffs[1]["refused"]


def test_compare_two_files(capsys: pytest.CaptureFixture[str]) -> None:
    first = str(EXAMPLES / "central_asia.toml")
    second = str(EXAMPLES / "leap_day_next_day.toml")
    assert main(["compare", first, second, "--json"]) == 0
    diff = json.loads(capsys.readouterr().out)
    assert diff["before"] == first and diff["after"] == second
    assert {"scope": "party", "subject": "TKM", "field": "withdrawal_effective",
            "before": "2029-02-28", "after": "2029-03-01"} in diff["changes"]
    assert main(["compare", first, first, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == []


def test_compare_a_file_without_variants_needs_a_second(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(EXAMPLES / "central_asia.toml")]) == 2
    assert "declares no [[variants]]" in capsys.readouterr().err


def test_check_reports_variant_mismatches(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    text = Path(SIX).read_text(encoding="utf-8").replace(
        "withdrawal_effective = 2028-08-29", "withdrawal_effective = 2028-08-30")
    broken = tmp_path / "broken.toml"
    broken.write_text(text, encoding="utf-8")
    assert main(["check", SIX, LEAP, MONTE_CARLO]) == 0
    capsys.readouterr()
    assert main(["check", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "variants.six-month-notice.parties.TKM.withdrawal_effective: expected 2028-08-30, " \
           "got 2028-08-29" in out


def test_sweep_rows_as_csv_and_json_lines(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", MONTE_CARLO, "--samples", "20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("row,consent.KGZ,consent.CHN")
    assert len(lines) == 21
    target = tmp_path / "rows.jsonl"
    assert main(["sweep", MONTE_CARLO, "--samples", "20", "--jobs", "2", "-o",
                 str(target)]) == 0
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 20
    assert [str(r["row"]) for r in records] == [line.split(",")[0] for line in lines[1:]]
    assert [r["entry_into_force"] for r in records] == [line.split(",")[8]
                                                        for line in lines[1:]]


def test_sweep_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", MONTE_CARLO, "--samples", "300", "--seed", "5", "--summary",
                 "--in-force-by", "2027-06-30", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 300
    assert set(summary["in_force_by"]) == {"2026-06-30", "2026-12-31", "2027-06-30"}
    assert summary["in_force_by"]["2026-06-30"] <= summary["in_force_by"]["2027-06-30"]
    assert summary["entry_into_force"]["quantiles"]["median"] >= "2025-12-01"
    assert main(["sweep", MONTE_CARLO, "--samples", "30", "--summary"]) == 0
    out = capsys.readouterr().out
    assert "entry into force: earliest" in out and "P(in force by 2026-12-31)" in out
    assert "consent.TKM" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["sweep", SIX], "has no [sweep] table"),
    (["sweep", MONTE_CARLO, "--jobs", "0"], "--jobs must be at least 1"),
    (["sweep", MONTE_CARLO, "--jobs", "1000"], "--jobs must be at most"),
    (["sweep", MONTE_CARLO, "--samples", "0"], "samples must be at least 1"),
    (["sweep", MONTE_CARLO, "--samples", "3", "-o", "/nonexistent/dir/rows.csv"],
     "cannot be written"),
])
def test_sweep_bad_input(argv: list[str], message: str,
                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error


def test_sweep_around_a_variant(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`sweep --variant NAME` varies the variant's scenario: here, the withdrawal date
    over the days around 29 February under a six-month notice period."""
    text = Path(LEAP).read_text(encoding="utf-8") + """
[[variants]]
name = "six-months"
treaty = { withdrawal = { effective = ["+P6M"] } }

[sweep]
fields = ["parties.TKM.withdrawal_effective"]
[[sweep.vary]]
event = { type = "withdrawal" }
dates = { from = 2028-02-28, to = 2028-03-01, step = "P1D" }
"""
    path = tmp_path / "around.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["sweep", str(path), "--format", "jsonl"]) == 0
    baseline = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["parties.TKM.withdrawal_effective"] for r in baseline] == [
        "2029-02-28", "2029-02-28", "2029-03-01"]
    assert main(["sweep", str(path), "--variant", "six-months", "--format", "jsonl"]) == 0
    varied = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["parties.TKM.withdrawal_effective"] for r in varied] == [
        "2028-08-28", "2028-08-29", "2028-09-01"]
