"""Sweep benchmarks: throughput (serial, process pool, Dask) and memory against rows.

Run ``.venv/bin/python benchmarks/sweep.py`` (``--rows``, ``--repeat``, ``--jobs``,
``--memory-rows``, ``--no-dask``; ``--check`` exits 1 when a target is missed). The
sweep is a Monte Carlo of the seed scenario: the notifications of Kyrgyzstan,
Kazakhstan, Uzbekistan, Turkmenistan and Tajikistan each drawn 0-190 days after
signature, so every row is a valid run.

Throughput, each the minimum over ``--repeat`` interleaved repeats (a shared machine
makes single timings noisy; the minimum is the least disturbed), in rows per second:

* **separate runs**: the user's loop without sweeps: apply each row's variant to the
  baseline, ``run()`` it and keep the same fields as the sweep's rows (the variants
  built beforehand, untimed);
* **sweep, serial**: ``run_sweep`` in this process;
* **sweep, --jobs N**: ``run_sweep(jobs=N)``, process pool start-up included;
* **sweep, Dask local:N**: ``run_sweep`` on the executor of a ``distributed``
  ``LocalCluster`` of N worker processes, started beforehand (a cluster is started
  once for many sweeps; its start-up is printed apart).

The parallel efficiency is the parallel rows per second over N times the serial
ones (1.0: N workers do N times the work). It needs the cores free: the load average
is printed.

Memory: the peak resident set size of a fresh process that runs the sweep and writes
its rows to a CSV file, at each of ``--memory-rows`` (default 20,000 and 200,000),
and the ratio of the largest to the smallest: a streamed sweep's peak does not grow
with its rows.

Targets: the serial sweep no slower than separate runs (CPU time); with 2 jobs on a
2-core machine at least 1.6x faster than serial; peak memory at 10x the rows at most
1.25x. The script first checks that every executor gives the same rows.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from typing import Any

import pendulum

import treatystate
from treatystate._whatif.sweep import Axis, ConsentDate, Delays, Sweep, Uniform, run_sweep

SIGNATURE = pendulum.Date(2025, 6, 17)
EARLY_PARTIES = ("KGZ", "KAZ", "UZB", "TKM", "TJK")


def the_sweep(rows: int) -> Sweep:
    axes = [Axis(ConsentDate(code), Delays(SIGNATURE, Uniform(0, 190))) for code in EARLY_PARTIES]
    return Sweep(axes, samples=rows, seed=2025)


def fields(outcome: treatystate.Outcome) -> tuple[object, ...]:
    """What the sweep's rows hold, collected by hand (keeping whole outcomes alive would
    charge the loop for memory the sweep never holds)."""
    return (outcome.status, outcome.entry_into_force, outcome.terminated,
            *((record.status, record.in_force_from) for record in outcome.parties.values()))


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of this process."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


@contextlib.contextmanager
def dask_executor(workers: int) -> Iterator[tuple[Executor, float]]:
    import logging

    from distributed import Client, LocalCluster

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        client.wait_for_workers(workers)
        yield client.get_executor(), time.perf_counter() - started


def peak_memory(rows: int) -> int:
    """Peak RSS in bytes of a fresh process that sweeps ``rows`` rows into a CSV file."""
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            [sys.executable, __file__, "--measure-memory", str(rows), "--into",
             os.path.join(folder, "rows.csv")],
            check=True, capture_output=True, text=True)
    return int(result.stdout.split()[-1])


def _peak_rss() -> int:
    """This process's peak RSS in bytes. On Linux from VmHWM: getrusage's ru_maxrss
    survives exec, so a child would report its parent's peak at the fork."""
    with contextlib.suppress(OSError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def measure_memory(rows: int, path: str) -> None:
    """In the fresh process: run the sweep, stream its rows to ``path``, print the
    peak RSS."""
    baseline = treatystate.builtin_example()
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        run_sweep(baseline, the_sweep(rows), progress=False, on_rows=writer.writerows)
    print(_peak_rss())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--memory-rows", default="20000,200000",
                        help="row counts for the memory rows, comma-separated")
    parser.add_argument("--no-dask", action="store_true", help="leave the Dask row out")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--measure-memory", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--into", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_memory is not None:
        measure_memory(args.measure_memory, args.into)
        return 0

    baseline = treatystate.builtin_example()
    sweep = the_sweep(args.rows)
    variants = [sweep.variant(index) for index in range(args.rows)]
    with contextlib.ExitStack() as stack:
        dask: Executor | None = None
        if not args.no_dask:
            dask, startup = stack.enter_context(dask_executor(args.jobs))
        small = the_sweep(2000)
        serial_rows = run_sweep(baseline, small, keep_rows=True, progress=False).rows
        assert run_sweep(baseline, small, jobs=args.jobs, keep_rows=True,
                         progress=False).rows == serial_rows, "a process pool gave other rows"
        if dask is not None:
            assert run_sweep(baseline, small, executor=dask, keep_rows=True,
                             in_flight=2 * args.jobs + 2, progress=False).rows == serial_rows, \
                "Dask gave other rows"
        refused = sum(1 for row in serial_rows if row[-1] is not None)
        assert refused == 0, f"{refused} rows refused: the benchmark sweep should be valid"

        cases: dict[str, Callable[[], object]] = {
            "separate runs (apply + run)": lambda: [fields(v.apply(baseline).run())
                                                    for v in variants],
            "sweep, serial": lambda: run_sweep(baseline, sweep, progress=False),
            f"sweep, --jobs {args.jobs}": lambda: run_sweep(baseline, sweep, jobs=args.jobs,
                                                            progress=False),
        }
        if dask is not None:
            executor: Any = dask
            cases[f"sweep, Dask local:{args.jobs}"] = lambda: run_sweep(
                baseline, sweep, executor=executor, in_flight=2 * args.jobs + 2,
                progress=False)
        best = dict.fromkeys(cases, float("inf"))
        best_cpu = dict.fromkeys(cases, float("inf"))
        for _ in range(args.repeat):
            for name, action in cases.items():
                wall, cpu = timed(action)
                best[name] = min(best[name], wall)
                best_cpu[name] = min(best_cpu[name], cpu)

    print(f"{args.rows} rows, best of {args.repeat}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"  {'':<30} {'wall':>9} {'rows/s':>9} {'CPU here':>10} {'efficiency':>11}")
    serial = best["sweep, serial"]
    for name, seconds in best.items():
        parallel = name.startswith(("sweep, --jobs", "sweep, Dask"))
        efficiency = f"{serial / seconds / args.jobs:10.2f}x" if parallel else ""
        print(f"  {name:<30} {seconds:7.3f} s {args.rows / seconds:9.0f} "
              f"{best_cpu[name]:8.3f} s {efficiency:>11}")
    if not args.no_dask:
        print(f"  (Dask cluster start-up, not in the times: {startup:.1f} s)")
    separate_cpu, serial_cpu = best_cpu["separate runs (apply + run)"], best_cpu["sweep, serial"]
    speed_up = serial / best[f"sweep, --jobs {args.jobs}"]
    print(f"  serial sweep / separate runs: {serial_cpu / separate_cpu:.2f} CPU (target ≤ 1.00)")
    print(f"  speed-up with {args.jobs} jobs: {speed_up:.2f}x wall (target ≥ 1.6x on 2 free "
          "cores)")

    counts = [int(n) for n in args.memory_rows.split(",") if n]
    peaks = {rows: peak_memory(rows) for rows in counts}
    print("memory: peak RSS of a fresh process streaming the rows to a CSV file")
    for rows, peak in peaks.items():
        print(f"  {rows:>9} rows {peak / 2**20:8.1f} MiB")
    growth = peaks[max(counts)] / peaks[min(counts)] if len(counts) > 1 else 1.0
    print(f"  {max(counts)} / {min(counts)} rows: {growth:.2f}x the peak (target ≤ 1.25x)")
    missed = serial_cpu > separate_cpu or (args.jobs == 2 and speed_up < 1.6) or growth > 1.25
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
