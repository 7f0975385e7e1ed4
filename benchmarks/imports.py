"""Import and start-up cost of treatystate, as ratios to its core dependencies' own.

Run ``.venv/bin/python benchmarks/imports.py`` (``--quick`` for fewer rounds). Each
measurement is a fresh interpreter, so nothing is cached in ``sys.modules``; the
rounds interleave the measured statement and its baseline, so a busy machine slows
both alike. Reported: the minimum and the median over the rounds.

The rows (issue 13):

* **import**: ``import treatystate`` timed inside the fresh interpreter (its start-up
  excluded), against ``import attrs, cattrs, pendulum, transitions`` timed the same way
  (bar 1.5x);
* **CLI start-up**: the wall time of the whole ``treatystate --version`` and
  ``treatystate run`` processes (the built-in example, printed as a table), against
  a process that only imports the four dependencies (information).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

DEPENDENCIES = "import attrs, cattrs, pendulum, transitions"
PACKAGE = "import treatystate"
IMPORT_BAR = 1.5

_TIMED = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"


class Row(NamedTuple):
    name: str
    minimum: float
    median: float
    baseline_minimum: float
    baseline_name: str
    bar: float | None

    @property
    def ratio(self) -> float:
        return self.minimum / self.baseline_minimum

    @property
    def met(self) -> bool:
        return self.bar is None or self.ratio <= self.bar


def _environment() -> dict[str, str]:
    # Same hash seed in every round. Bytecode is cached, as for any installed package
    # (pip compiles it): the warm-up round writes it, even where the environment says
    # PYTHONDONTWRITEBYTECODE, which would otherwise time the compiler.
    environment = {**os.environ, "PYTHONHASHSEED": "0", "COLUMNS": "100"}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def import_time(statement: str) -> float:
    """Seconds that ``statement`` takes in a fresh interpreter, start-up excluded."""
    result = subprocess.run([sys.executable, "-c", _TIMED.format(statement=statement)],
                            check=True, capture_output=True, text=True, env=_environment())
    return float(result.stdout.strip().splitlines()[-1])


def process_time(command: Sequence[str]) -> float:
    """Wall seconds of the whole process ``command``, interpreter start-up included."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=_environment())
    return time.perf_counter() - start


def cli() -> list[str]:
    """The installed ``treatystate`` script beside this interpreter, or ``-m``."""
    script = Path(sys.executable).parent / "treatystate"
    if script.exists():
        return [str(script)]
    found = shutil.which("treatystate")
    return [found] if found else [sys.executable, "-m", "treatystate"]


def measure(rounds: int) -> list[Row]:
    samples: dict[str, list[float]] = {key: [] for key in
                                       ("deps", "package", "deps process", "version", "run")}
    import_time(PACKAGE)  # warm-up: writes the bytecode of a freshly edited tree
    for _ in range(max(rounds, 1)):
        samples["deps"].append(import_time(DEPENDENCIES))
        samples["package"].append(import_time(PACKAGE))
        samples["deps process"].append(process_time([sys.executable, "-c", DEPENDENCIES]))
        samples["version"].append(process_time([*cli(), "--version"]))
        samples["run"].append(process_time([*cli(), "run"]))

    def row(name: str, key: str, baseline: str, baseline_name: str,
            bar: float | None) -> Row:
        return Row(name, min(samples[key]), statistics.median(samples[key]),
                   min(samples[baseline]), baseline_name, bar)

    return [
        row(PACKAGE, "package", "deps", DEPENDENCIES, IMPORT_BAR),
        row("process: treatystate --version", "version", "deps process",
            f"process: python -c '{DEPENDENCIES}'", None),
        row("process: treatystate run", "run", "deps process",
            f"process: python -c '{DEPENDENCIES}'", None),
    ]


def render(rows: list[Row], rounds: int) -> str:
    lines = [f"| measured ({rounds} rounds) | min | median | against | min | ratio | bar | |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        bar = f"≤ {r.bar}x" if r.bar is not None else "information"
        verdict = "" if r.bar is None else "ok" if r.met else "OVER"
        lines.append(f"| {r.name} | {r.minimum * 1e3:.1f} ms | {r.median * 1e3:.1f} ms | "
                     f"{r.baseline_name} | {r.baseline_minimum * 1e3:.1f} ms | "
                     f"{r.ratio:.2f}x | {bar} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=20, help="fresh processes per row")
    parser.add_argument("--quick", action="store_true", help="5 rounds")
    parser.add_argument("--smoke", action="store_true",
                        help="one round: checks the script, measures nothing")
    args = parser.parse_args(argv)
    rounds = 1 if args.smoke else 5 if args.quick else args.rounds
    rows = measure(rounds)
    print(render(rows, rounds))
    print(f"\nMachine: {os.cpu_count()} CPUs, Python {platform.python_version()} "
          f"({platform.python_implementation()}), {platform.system()}")
    return 0 if all(r.met for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
