"""``treatystate compare`` and ``treatystate sweep``: the command-line side of what-ifs.

``cli.py`` declares the arguments and imports this module only when one of these
commands runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from concurrent.futures import Executor

import attrs
from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from .._dates.periods import legal_date
from .._model.outcome import Outcome
from .._scenario import Scenario, load
from .._views.render import console
from .._whatif.diff import OutcomeDiff, diff_outcomes, diff_renderable
from .._whatif.sweep import DateStats, SweepSummary, run_sweep
from ..errors import InputError, InvalidDate, RefusedEvent, ScenarioFileError
from .output import atomic_output, check_writable

__all__ = ["compare", "sweep"]


def _compared(before: Outcome, after: Scenario, as_of: str | None, before_label: str,
              after_label: str) -> OutcomeDiff:
    try:
        outcome = after.run(as_of)
    except RefusedEvent as error:
        return OutcomeDiff(before_label, after_label, (), refused=str(error))
    return diff_outcomes(before, outcome, before_label=before_label, after_label=after_label)


def comparisons(first: str, second: str | None, as_of: str | None) -> list[OutcomeDiff]:
    """Baseline against each variant of ``first``, or ``first`` against ``second``. The
    baseline must run; a refused variant (or second file) is reported as refused."""
    baseline = load(first)
    if second is not None:
        return [_compared(baseline.run(as_of), load(second), as_of, first, second)]
    if not baseline.variants:
        raise ScenarioFileError(f"{first}: declares no [[variants]]; give a second file to "
                                "compare with (treatystate compare A B)")
    before = baseline.run(as_of)
    return [_compared(before, baseline.variant(variant.name), as_of, "baseline", variant.name)
            for variant in baseline.variants]


def compare(args: argparse.Namespace) -> int:
    diffs = comparisons(args.file, args.other, args.as_of)
    if args.json:
        document = diffs[0].to_dict() if args.other else [d.to_dict() for d in diffs]
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return 0
    out = console()
    for diff in diffs:
        out.print(diff_renderable(diff, plain=not out.is_terminal))
        out.print()
    return 0


@contextlib.contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Executor | None]:
    if args.dask is None:
        yield None
        return
    from .._extras import require

    distributed = require("distributed", extra="dask", feature="treatystate sweep --dask")
    try:
        client = distributed.Client(args.dask)
    except (OSError, ValueError, TypeError) as error:  # unreachable, or not an address
        raise InputError(f"--dask {args.dask}: cannot reach a Dask scheduler there "
                         f"({' '.join(str(error).split())})") from None
    with client:
        yield client.get_executor()


def sweep(args: argparse.Namespace) -> int:
    scenario = load(args.file)
    if args.variant:
        scenario = scenario.variant(args.variant)
    definition = scenario.sweep
    if definition is None:
        raise ScenarioFileError(f"{args.file}: has no [sweep] table (see docs/variants.md)")
    if args.samples is not None or args.seed is not None:
        try:
            definition = attrs.evolve(
                definition,
                samples=definition.samples if args.samples is None else args.samples,
                seed=definition.seed if args.seed is None else args.seed,
            )
        except InputError as error:
            raise InputError(f"{args.file}: {error}") from None
    if args.jobs is not None and args.jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {args.jobs}")
    for day in args.in_force_by or ():  # before the sweep runs, not after
        try:
            legal_date(day, "UTC")
        except InputError as error:
            raise InvalidDate(f"--in-force-by: {error}") from None
    check_writable(args.output)  # before the sweep runs, not after
    with _executor(args) as executor:
        result = run_sweep(scenario, definition, executor=executor,
                           jobs=args.jobs if executor is None else None)
    fmt = args.format or ("jsonl" if (args.output or "").endswith((".jsonl", ".ndjson"))
                          else "csv")
    if args.output is not None or not args.summary:
        with atomic_output(args.output, newline="") as out:
            result.write_jsonl(out) if fmt == "jsonl" else result.write_csv(out)
    if args.summary:
        days = [*(d.isoformat() for d in definition.in_force_by), *(args.in_force_by or [])]
        summary = result.summary(sorted(set(days)))
        if args.json:
            sys.stdout.write(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n")
        else:
            out_console = console()
            out_console.print(summary_renderable(summary, plain=not out_console.is_terminal))
    return 0


def summary_renderable(summary: SweepSummary, *, plain: bool) -> Group:
    """The summary as tables: entry into force, probabilities, then each column."""
    frame = None if plain else box.SIMPLE_HEAD
    lines = [f"rows: {summary.rows} · refused: {summary.refused} · never in force: "
             f"{summary.never}"]
    stats = summary.entry_into_force
    if stats is not None:
        lines.append(
            f"entry into force: earliest {stats.earliest} · median "
            f"{stats.quantiles['median']} · latest {stats.latest}"
        )
    for day, probability in summary.in_force_by.items():
        lines.append(f"P(in force by {day}) = {probability:.3f}")
    dates = Table(title="Dates", box=frame, title_justify="left", pad_edge=False)
    for column in ("Column", "Rows", "Earliest", "5%", "25%", "Median", "75%", "95%",
                   "Latest"):
        dates.add_column(column, no_wrap=True)
    counts = Table(title="Values", box=frame, title_justify="left", pad_edge=False)
    counts.add_column("Column", no_wrap=True)
    counts.add_column("Counts")
    for name, stats_or_counts in summary.columns.items():
        if isinstance(stats_or_counts, DateStats):
            q = stats_or_counts.quantiles
            dates.add_row(name, str(stats_or_counts.count), stats_or_counts.earliest,
                          q["q05"], q["q25"], q["median"], q["q75"], q["q95"],
                          stats_or_counts.latest)
        else:
            counts.add_row(name, ", ".join(f"{value}: {n}"
                                           for value, n in stats_or_counts.items()))
    parts: list[Text | Table] = [Text("\n".join(lines))]
    if dates.row_count:
        parts.append(dates)
    if counts.row_count:
        parts.append(counts)
    return Group(*parts)
