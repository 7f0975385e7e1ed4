"""Sweep benchmarks (issue 6): a 10,000-variant sweep of the seed scenario.

Run ``.venv/bin/python benchmarks/sweep.py`` (``--rows``, ``--repeat``, ``--jobs``;
``--check`` exits 1 when a target is missed). The sweep is a Monte Carlo of the seed
scenario: the notifications of Kyrgyzstan, Kazakhstan, Uzbekistan, Turkmenistan and
Tajikistan each drawn 0-190 days after signature, so every row is a valid run.

The rows, each the minimum over ``--repeat`` interleaved repeats (a shared machine
makes single timings noisy; the minimum is the least disturbed):

* **separate runs**: the user's loop without sweeps: apply each row's variant to the
  baseline, ``run()`` it and keep the same fields as the sweep's rows (the variants
  built beforehand, untimed);
* **run() only**: ``run()`` of each already-built variant scenario, keeping the same
  fields, for reference (the building of the variants is not timed here);
* **sweep, serial**: ``run_sweep`` in this process;
* **sweep, --jobs N**: ``run_sweep(jobs=N)``, process pool start-up included.

Targets: the serial sweep no slower than separate runs; with 2 jobs on a 2-core
machine at least 1.6x faster than serial. Serial cases are compared by the CPU time
of this process as well as wall-clock time, since other work on the machine inflates
wall-clock times unevenly; the speed-up is wall-clock by nature and needs the cores
free (the load average is printed). The script first checks that every executor
gives the same rows.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
from collections.abc import Callable

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
    charge the loops for memory the sweep never holds)."""
    return (outcome.status, outcome.entry_into_force, outcome.terminated,
            *((record.status, record.in_force_from) for record in outcome.parties.values()))


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of this process (the CPU time of a serial case is
    what a busy machine disturbs least)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def workers_cpu() -> float:
    """CPU seconds of the finished worker processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    baseline = treatystate.builtin_example()
    sweep = the_sweep(args.rows)
    variants = [sweep.variant(index) for index in range(args.rows)]
    scenarios = [variant.apply(baseline) for variant in variants]

    serial_rows = run_sweep(baseline, sweep, progress=False).rows
    parallel_rows = run_sweep(baseline, sweep, jobs=args.jobs, progress=False).rows
    assert serial_rows == parallel_rows, "a process pool gave other rows"
    refused = sum(1 for row in serial_rows if row[-1] is not None)
    assert refused == 0, f"{refused} rows refused: the benchmark sweep should be valid"

    cases: dict[str, Callable[[], object]] = {
        "separate runs (apply + run)": lambda: [fields(v.apply(baseline).run())
                                                for v in variants],
        "run() only (built variants)": lambda: [fields(s.run()) for s in scenarios],
        "sweep, serial": lambda: run_sweep(baseline, sweep, progress=False),
        f"sweep, --jobs {args.jobs}": lambda: run_sweep(baseline, sweep, jobs=args.jobs,
                                                        progress=False),
    }
    best = dict.fromkeys(cases, float("inf"))
    best_cpu = dict.fromkeys(cases, float("inf"))
    in_workers = float("inf")
    for _ in range(args.repeat):
        for name, action in cases.items():
            before = workers_cpu()
            wall, cpu = timed(action)
            best[name] = min(best[name], wall)
            best_cpu[name] = min(best_cpu[name], cpu)
            if name.startswith("sweep, --jobs"):
                in_workers = min(in_workers, workers_cpu() - before)

    print(f"{args.rows} rows, best of {args.repeat}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"  {'':<30} {'wall':>9} {'':>11} {'CPU (this process)':>20}")
    for name, seconds in best.items():
        print(f"  {name:<30} {seconds:7.3f} s {seconds / args.rows * 1e6:6.1f} µs/row"
              f" {best_cpu[name]:9.3f} s {best_cpu[name] / args.rows * 1e6:6.1f} µs/row")
    serial_cases = ("separate runs (apply + run)", "run() only (built variants)",
                    "sweep, serial")
    separate, floor, serial = (best[name] for name in serial_cases)
    separate_cpu, floor_cpu, serial_cpu = (best_cpu[name] for name in serial_cases)
    parallel = best[f"sweep, --jobs {args.jobs}"]
    print(f"  serial sweep / separate runs: {serial / separate:.2f} wall, "
          f"{serial_cpu / separate_cpu:.2f} CPU (target ≤ 1.00)")
    print(f"  serial sweep / run() only:    {serial / floor:.2f} wall, "
          f"{serial_cpu / floor_cpu:.2f} CPU (reference)")
    print(f"  speed-up with {args.jobs} jobs:       {serial / parallel:.2f}x wall "
          "(target ≥ 1.6x; needs the cores to be free: see the load average)")
    print(f"  CPU of the {args.jobs} workers together: {in_workers:.3f} s "
          f"({in_workers / serial_cpu:.2f}x the serial sweep's): the work the pool adds")
    missed = serial_cpu > separate_cpu or (args.jobs == 2 and serial / parallel < 1.6)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
