"""How ``run``, ``explain``, ``ics`` and ``timeline`` grow with the number of events.

Run ``.venv/bin/python benchmarks/scaling.py`` (``--sizes 1000,10000`` to choose the
sizes; the default is 1,000, 10,000 and 100,000 events). Each size is an open treaty
(benchmarks/run.py's scenario) that N - N/10 States join, a consent every three days,
after which the first N/10 withdraw: N input events, about 2N timeline entries. Each
stage is timed once per size in process CPU time, on the outcome of the stage before:

* **load**: ``treatystate.loads`` of the file's text;
* **run**: ``scenario.run()``;
* **table**: the tables ``treatystate run`` prints (rich, plain text);
* **explain**: ``outcome.explain(treaty)`` and its text;
* **ics**: ``to_ics`` (the RFC 5545 calendar, explain included);
* **timeline**: the Mermaid Gantt chart.

The figures that matter are the ratios between sizes: a linear stage takes about 10x
as long for 10x the events. A stage slower than ``--skip-after`` seconds at one size
is not run at the next (reported as skipped: a quadratic stage at 100,000 events would
take hours). The exit code is 1 when a ratio exceeds ``--bar`` (default 20: linear,
with room for n log n and a shared machine), else 0.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import itertools
import math
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import treatystate

HERE = Path(__file__).resolve().parent
STAGES = ("load", "run", "table", "explain", "ics", "timeline")


def _bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("treatystate_benchmarks_run", HERE / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def scenario_text(events: int) -> str:
    """An open treaty with ``events`` input events: consents, then withdrawals."""
    withdrawals = events // 10
    states = events - withdrawals
    text: str = _bench_module().scaling_text(states, min(60, states), withdrawals)
    return text


def _timed(function: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.process_time()
    result = function()
    return time.process_time() - start, result


def measure(events: int, stages: tuple[str, ...] = STAGES) -> dict[str, float]:
    """Seconds of CPU time for each stage at ``events`` events."""
    import io

    from rich.console import Console

    from treatystate._views.calendar_export import to_ics
    from treatystate._views.render import print_outcome
    from treatystate._views.timeline import chart, mermaid_gantt

    text = scenario_text(events)
    seconds: dict[str, float] = {}
    seconds["load"], scenario = _timed(lambda: treatystate.loads(text, source="<scaling>"))
    seconds["run"], outcome = _timed(scenario.run)
    assert len(outcome.parties) == events - events // 10
    work: dict[str, Callable[[], Any]] = {
        "table": lambda: print_outcome(outcome, Console(file=io.StringIO(), width=200,
                                                        no_color=True)),
        "explain": lambda: outcome.explain(scenario.treaty).to_text(),
        "ics": lambda: to_ics(outcome, scenario.treaty),
        "timeline": lambda: mermaid_gantt(chart(outcome)),
    }
    for stage in stages:
        if stage in work:
            seconds[stage], _ = _timed(work[stage])
    return {stage: seconds[stage] for stage in stages if stage in seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated numbers of events")
    parser.add_argument("--skip-after", type=float, default=20.0, metavar="SECONDS",
                        help="do not run a stage at the next size after it took this long")
    parser.add_argument("--bar", type=float, default=20.0,
                        help="the largest ratio per 10x events that passes")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"Machine: {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}")
    table: dict[int, dict[str, float]] = {}
    active = list(STAGES)
    for size in sizes:
        # run and load are needed by every later stage, so they always run.
        table[size] = measure(size, tuple(active))
        print(f"{size:>7} events: " + ", ".join(
            f"{stage} {seconds:.3f} s" for stage, seconds in table[size].items()), flush=True)
        active = [stage for stage in active
                  if stage in ("load", "run") or table[size][stage] <= args.skip_after]
    print()
    print(f"{'stage':<10}" + "".join(f"{size:>12,}" for size in sizes)
          + "".join(f"{f'{b:,}/{a:,}':>16}" for a, b in itertools.pairwise(sizes)))
    failed = False
    for stage in STAGES:
        row = [table[size].get(stage) for size in sizes]
        cells = "".join(f"{value:>11.3f}s" if value is not None else f"{'skipped':>12}"
                        for value in row)
        ratios = ""
        for (a, small), (b, large) in zip(zip(sizes, row, strict=True),
                                          zip(sizes[1:], row[1:], strict=True), strict=False):
            if small is None or large is None or small <= 0:
                ratios += f"{'-':>16}"
                continue
            ratio = large / small
            per_tenfold = ratio ** (1 / max(1e-9, math.log10(b / a)))
            failed |= per_tenfold > args.bar and small >= 0.01
            ratios += f"{ratio:>15.1f}x"
        print(f"{stage:<10}{cells}{ratios}")
    print("\nlinear: about 10x per 10x events" + ("; a ratio is over the bar" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
