"""Sweeps at scale (issue 15): exact day laws, streaming in bounded memory, Parquet and
Arrow with dates, folded summaries, the picture, a local Dask cluster, interrupts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import math
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest

import treatystate
from treatystate import Axis, Sweep, run_sweep
from treatystate._whatif.sweep import (
    ConsentDate,
    Delays,
    Distribution,
    Exponential,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
    sweep_rows,
)
from treatystate._whatif.variants import DropEvents, EventMatch, Variant
from treatystate.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
MONTE_CARLO = str(EXAMPLES / "central_asia_monte_carlo.toml")
D = pendulum.Date
SIGNATURE = D(2025, 6, 17)
CLI = [sys.executable, "-m", "treatystate.cli"]


def _phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


# ------------------------------------------------------- exact laws of the day draws

def _rounded(cdf: Callable[[float], float]) -> Callable[[int], float]:
    """The law of a continuous delay rounded to the nearest day, negative ones counted
    as none: P(0) = F(1/2), P(k) = F(k + 1/2) - F(k - 1/2)."""
    return lambda k: cdf(0.5) if k == 0 else cdf(k + 0.5) - cdf(k - 0.5)


def _triangular_cdf(low: float, mode: float, high: float) -> Callable[[float], float]:
    def cdf(x: float) -> float:
        if x <= low:
            return 0.0
        if x <= mode:
            return (x - low) ** 2 / ((high - low) * (mode - low))
        if x < high:
            return 1 - (high - x) ** 2 / ((high - low) * (high - mode))
        return 1.0
    return cdf


LAWS: list[tuple[Distribution, Callable[[int], float]]] = [
    (Uniform(0, 4), lambda k: 0.2 if 0 <= k <= 4 else 0.0),
    (Uniform(10, 60), lambda k: 1 / 51 if 10 <= k <= 60 else 0.0),
    (Normal(30, 10), _rounded(lambda x: _phi((x - 30) / 10))),
    (LogNormal(240, 0.5), _rounded(lambda x: _phi(math.log(x / 240) / 0.5) if x > 0 else 0.0)),
    (Triangular(0, 10, 40), _rounded(_triangular_cdf(0, 10, 40))),
    (Exponential(30), _rounded(lambda x: 1 - math.exp(-x / 30) if x > 0 else 0.0)),
]

# Upper 0.1 % points of the chi-square law, by degrees of freedom (standard tables).
CHI_SQUARE_999 = {1: 10.828, 2: 13.816, 3: 16.266, 4: 18.467, 5: 20.515, 6: 22.458,
                  7: 24.322, 8: 26.124, 9: 27.877, 10: 29.588, 11: 31.264, 12: 32.909}


def _cells(law: Callable[[int], float], days: int = 5000) -> list[tuple[int, int, float]]:
    """Consecutive day ranges [first, last] of probability about 1/10 each (the last
    one open-ended), with their probabilities: every cell expects many draws."""
    cells: list[tuple[int, int, float]] = []
    first, mass = 0, 0.0
    for day in range(days):
        mass += law(day)
        if mass >= 0.1 - 1e-12:
            cells.append((first, day, mass))
            first, mass = day + 1, 0.0
    rest = 1 - sum(p for _, _, p in cells)
    if rest > 1e-9:
        cells.append((first, 10**9, rest))
    return cells


def _chi_square(counts: Counter[int], law: Callable[[int], float]) -> tuple[float, int]:
    total = sum(counts.values())
    cells = _cells(law)
    statistic = 0.0
    for first, last, probability in cells:
        observed = sum(n for day, n in counts.items() if first <= day <= last)
        statistic += (observed - total * probability) ** 2 / (total * probability)
    return statistic, len(cells) - 1


def _day_counts(distribution: Distribution, draws: int) -> Counter[int]:
    sweep = Sweep([Axis(ConsentDate("KAZ"), Delays(SIGNATURE, distribution))],
                  samples=draws, seed=15)
    return Counter((sweep.inputs(index)[0] - SIGNATURE).days for index in range(draws))


@pytest.mark.parametrize(("distribution", "law"), LAWS, ids=lambda v: type(v).__name__)
def test_day_draws_follow_their_exact_law(distribution: Distribution,
                                          law: Callable[[int], float]) -> None:
    """Law: the whole days a delay gives follow the distribution's day law exactly (a
    uniform delay: every day of low..high equally likely, the ends included; a
    continuous one: rounded to the nearest day). Pearson's chi-square over cells of
    about 10 % each stays below the 0.1 % critical value. The same draws are
    rejected against a law one day wider, so the test can fail."""
    counts = _day_counts(distribution, 20_000)
    statistic, freedom = _chi_square(counts, law)
    assert statistic < CHI_SQUARE_999[freedom], (statistic, freedom, sorted(counts.items())[:8])
    if isinstance(distribution, Uniform) and distribution.high - distribution.low < 10:
        wider = Uniform(distribution.low, distribution.high + 1)
        other: Callable[[int], float] = lambda k: (  # noqa: E731
            1 / (wider.high - wider.low + 1) if wider.low <= k <= wider.high else 0.0)
        assert _chi_square(counts, other)[0] > CHI_SQUARE_999[_chi_square(counts, other)[1]]


def test_a_uniform_delay_gives_its_end_days_their_full_weight() -> None:
    """The case of the issue: uniform 0..4 over 50,000 rows, each day about 10,000."""
    counts = _day_counts(Uniform(0, 4), 50_000)
    assert sorted(counts) == [0, 1, 2, 3, 4]
    assert all(abs(n - 10_000) < 4 * math.sqrt(50_000 * 0.2 * 0.8) for n in counts.values())


def test_a_uniform_range_without_a_whole_day_is_refused() -> None:
    text = (EXAMPLES / "central_asia_monte_carlo.toml").read_text(encoding="utf-8").replace(
        "low = 10, high = 60", "low = 10.2, high = 10.7")
    with pytest.raises(treatystate.InputError, match="a whole day from low to high"):
        treatystate.loads(text)


# ------------------------------------------------------------- streaming, memory

@pytest.fixture(scope="module")
def open_ended() -> treatystate.Scenario:
    return Variant("x", [DropEvents(EventMatch("duty", duty="notify-entry-into-force"))]
                   ).apply(treatystate.builtin_example())


def _monte_carlo(samples: int) -> Sweep:
    return Sweep([Axis(ConsentDate(code), Delays(SIGNATURE, LogNormal(150, 0.4)))
                  for code in ("KGZ", "KAZ", "UZB", "TKM", "TJK")], samples=samples, seed=3)


def _peak(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_does_not_grow_with_the_rows(open_ended: treatystate.Scenario) -> None:
    """Ten times the rows, written out and summarised as they come: about the same peak
    (rows kept would take about 1 KB each, 9 MB more)."""
    def sweep(rows: int) -> Callable[[], object]:
        def action() -> object:
            out = io.StringIO()
            written = csv.writer(out)

            def write(chunk: object) -> None:
                written.writerows(chunk)  # type: ignore[arg-type]
                out.seek(0)
                out.truncate()
            return run_sweep(open_ended, _monte_carlo(rows), chunk_size=250, progress=False,
                             on_rows=write).summary()
        return action

    sweep(10_000)()  # warm the per-process caches of dates and events (bounded)
    small, large = _peak(sweep(1_000)), _peak(sweep(10_000))
    assert large < small * 1.3 + 300_000, (small, large)


def test_rows_stream_from_a_sweep_too_large_to_hold(open_ended: treatystate.Scenario) -> None:
    """The first rows of 10^15 arrive at once, computed chunk by chunk."""
    first = list(itertools.islice(sweep_rows(open_ended, _monte_carlo(10**15)), 5))
    assert [row[0] for row in first] == [0, 1, 2, 3, 4]
    assert first == list(run_sweep(open_ended, _monte_carlo(5), keep_rows=True,
                                   progress=False).rows)


def test_too_many_rows_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", MONTE_CARLO, "--samples", str(10**30)]) == 2
    err = capsys.readouterr().err
    assert "more than a sweep can number" in err and err.count("\n") == 1


def test_a_result_recomputes_its_rows_identically(open_ended: treatystate.Scenario) -> None:
    kept = run_sweep(open_ended, _monte_carlo(300), jobs=2, keep_rows=True, progress=False)
    again = run_sweep(open_ended, _monte_carlo(300), jobs=2, progress=False)
    assert again.kept is None and len(again) == 300
    assert list(again) == kept.rows
    assert again.summary() == kept.summary()


# ------------------------------------------------------------------ Parquet, Arrow

def test_arrow_and_pandas_hold_dates(open_ended: treatystate.Scenario) -> None:
    pa = pytest.importorskip("pyarrow")
    result = run_sweep(open_ended, _monte_carlo(50), keep_rows=True, progress=False)
    table = result.to_arrow()
    assert table.num_rows == 50
    assert table.schema.field("entry_into_force").type == pa.date32()
    assert table.schema.field("consent.KAZ").type == pa.date32()
    assert table.schema.field("row").type == pa.int64()
    assert table.schema.field("status").type == pa.string()
    entry = table.column("entry_into_force").to_pylist()
    assert entry == [dt.date.fromisoformat(str(v)) for v in result.column("entry_into_force")]
    pytest.importorskip("pandas")
    frame = result.to_pandas()
    assert list(frame.columns) == list(result.columns)
    assert frame["entry_into_force"].iloc[0] == entry[0]
    assert isinstance(frame["entry_into_force"].iloc[0], dt.date)


def test_parquet_rows_carry_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parquet = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    target = tmp_path / "rows.parquet"
    assert main(["sweep", MONTE_CARLO, "--samples", "40", "-o", str(target)]) == 0
    assert main(["sweep", MONTE_CARLO, "--samples", "40"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    table = parquet.read_table(target)
    assert table.schema.field("entry_into_force").type == pa.date32()
    assert table.schema.field("terminated").type == pa.date32()
    assert [d.isoformat() for d in table.column("entry_into_force").to_pylist()] == [
        r["entry_into_force"] for r in rows]
    assert table.column("terminated").null_count == 40


# --------------------------------------------------------------- printed summary

def test_the_summary_folds_identical_and_empty_columns(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", MONTE_CARLO, "--samples", "200", "--summary"]) == 0
    out = capsys.readouterr().out
    assert "entry_into_force = parties.{CHN,KAZ,KGZ,TJK,TKM,UZB}.in_force_from" in out
    assert "parties.KAZ.in_force_from  " not in out
    assert out.count("in_force_from") == 1
    assert "parties.{CHN,KAZ,KGZ,TJK,TKM,UZB}.status" in out
    assert "empty in every row: terminated" in out
    assert main(["sweep", MONTE_CARLO, "--samples", "200", "--summary", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert "parties.KAZ.in_force_from" in document["columns"]  # JSON keeps every column
    assert document["empty"] == ["terminated"]


# ------------------------------------------------------------------------ picture

def test_the_picture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    png, first, second = tmp_path / "p.png", tmp_path / "a.svg", tmp_path / "b.svg"
    assert main(["sweep", MONTE_CARLO, "--samples", "300", "--plot", str(png)]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    for path in (first, second):
        assert main(["sweep", MONTE_CARLO, "--samples", "300", "--summary", "--plot",
                     str(path)]) == 0
    svg = first.read_bytes()
    assert svg == second.read_bytes() and b"<dc:date>" not in svg
    assert main(["sweep", MONTE_CARLO, "--samples", "3", "--plot", str(tmp_path / "p.gif")]
                ) == 2
    assert "name a .png or .svg file" in capsys.readouterr().err


# ------------------------------------------------------------------- executors

def test_dask_local_gives_the_serial_rows(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    assert main(["sweep", MONTE_CARLO, "--samples", "120"]) == 0
    serial = capsys.readouterr().out
    assert main(["sweep", MONTE_CARLO, "--samples", "120", "--dask", "local:2"]) == 0
    assert capsys.readouterr().out == serial


def test_an_unreachable_dask_scheduler_fails_fast(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    started = time.monotonic()
    assert main(["sweep", MONTE_CARLO, "--samples", "3", "--dask", "tcp://127.0.0.1:9"]) == 2
    assert time.monotonic() - started < 15  # a 3-second connect timeout, not 30
    err = capsys.readouterr().err
    assert "cannot reach a Dask scheduler" in err and err.count("\n") == 1
    assert main(["sweep", MONTE_CARLO, "--samples", "3", "--dask", "local:0"]) == 2
    assert "local:N" in capsys.readouterr().err


def test_ctrl_c_stops_a_parallel_sweep_at_once(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group, as from a terminal: exit 130, one line,
    no worker traceback, and the -o file is not written."""
    target = tmp_path / "rows.csv"
    process = subprocess.Popen(
        [*CLI, "sweep", MONTE_CARLO, "--samples", "10000000", "--jobs", "2", "-o",
         str(target)], stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(4)
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    # The workers finish the chunks they hold (well under a second on free cores).
    assert time.monotonic() - started < 10
    assert err == "treatystate: interrupted: the sweep stopped (Ctrl-C)\n"
    assert not target.exists() and not list(tmp_path.iterdir())


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_NOFILE is POSIX")
def test_jobs_beyond_the_open_file_limit_fail_in_one_line(tmp_path: Path) -> None:
    """With 24 open files allowed, 4 or more workers are refused before any starts
    (a pool that runs out of files half-way never exits)."""
    import resource

    def low_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (24, resource.getrlimit(
            resource.RLIMIT_NOFILE)[1]))

    jobs = treatystate._whatif.sweep.MAX_JOBS  # at least 4
    process = subprocess.run(
        [*CLI, "sweep", MONTE_CARLO, "--samples", "5000", "--jobs", str(jobs), "-o",
         str(tmp_path / "rows.csv")], check=False, capture_output=True, text=True,
        timeout=60, preexec_fn=low_limit)
    assert process.returncode == 2, process.stderr
    assert process.stderr.count("\n") == 1 and "use fewer jobs" in process.stderr
    assert "the open-file limit (24" in process.stderr


def test_workers_never_start_by_forking_the_caller() -> None:
    """Law: a sweep's worker processes start from a fork server (or are spawned), never
    forked from the caller, whose threads (a Dask client, the caller's own) a forked
    child would inherit mid-step (Python 3.12 warns of deadlocks; 3.14 stops forking)."""
    import multiprocessing

    from treatystate._whatif.execution import process_pool

    with process_pool(1) as pool:
        method = pool._mp_context.get_start_method()  # type: ignore[attr-defined]
        assert pool.submit(sum, [1, 2]).result() == 3
    assert method != "fork"
    if "forkserver" in multiprocessing.get_all_start_methods():
        assert method == "forkserver"
