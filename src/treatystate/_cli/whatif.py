"""``treatystate compare`` and ``treatystate sweep``: the command-line side of what-ifs.

``cli.py`` declares the arguments and imports this module only when one of these
commands runs.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Executor
from typing import IO, cast

import attrs
from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from .._dates.periods import MonthEnd, legal_date
from .._extras import require
from .._model.events import EventType
from .._model.outcome import Outcome
from .._scenario import Scenario, load
from .._views.render import console
from .._whatif.diff import OutcomeDiff, diff_outcomes, diff_renderable
from .._whatif.execution import check_jobs
from .._whatif.follow import FOLLOW_TRIGGERS
from .._whatif.formats import writer
from .._whatif.plot import in_force_picture, plot_format
from .._whatif.sweep import MAX_JOBS, DateStats, SweepSummary, run_sweep
from .._whatif.variants import (
    Change,
    DropEvents,
    EventMatch,
    SetMonthEnd,
    ShiftEvents,
    Variant,
)
from ..errors import InputError, InvalidDate, RefusedEvent, ScenarioFileError
from .output import atomic_output, check_writable, dump_json, is_stdout, write_output

__all__ = ["compare", "sweep"]


def _hint(error: RefusedEvent, baseline: Scenario | None, variant: Variant | None) -> str:
    """For a duty event left before its moved trigger: which event, and the fix."""
    if error.refusal != "duties.not-arisen" or baseline is None or variant is None \
            or variant.follow_triggers or error.index is None:
        return ""
    followed = attrs.evolve(variant, follow_triggers=True).apply(baseline)
    moved = followed.events[error.index] if error.index < len(followed.events) else None
    where = f" (it would move to {moved.date})" if moved is not None else ""
    return (f"; the variant moved what triggers this duty event: add duties = "
            f"\"{FOLLOW_TRIGGERS}\" to [[variants]] name = \"{variant.name}\" so that duty "
            f"events keep their distance from their trigger{where}, or move the event too")


def _compared(before: Outcome, after: Scenario, as_of: str | None, before_label: str,
              after_label: str, baseline: Scenario | None = None,
              variant: Variant | None = None) -> OutcomeDiff:
    try:
        outcome = after.run(as_of)
    except RefusedEvent as error:
        return OutcomeDiff(before_label, after_label, (),
                           refused=str(error) + _hint(error, baseline, variant))
    return diff_outcomes(before, outcome, before_label=before_label, after_label=after_label)


def _match(spec: str, option: str) -> EventMatch:
    """``TYPE[:WHO]``: WHO is the State of a party's event, or ``DUTY[:STATE]`` of a
    duty event."""
    kind, *who = spec.split(":")
    try:
        if kind == "duty":
            return EventMatch("duty", duty=who[0] if who else None,
                              party=who[1] if len(who) > 1 else None)
        return EventMatch(cast(EventType, kind), party=who[0] if who else None)
    except InputError as error:
        raise InputError(f"{option} {spec}: {error}") from None


def quick_variant(args: argparse.Namespace) -> Variant | None:
    """The what-if of ``--shift``, ``--drop`` and ``--set-month-end``, if any; its duty
    events follow their triggers."""
    changes: list[Change] = []
    for spec in args.shift or ():
        target, _, steps = spec.rpartition(":")
        if not target:
            raise InputError(f"--shift {spec}: write TYPE[:WHO]:STEPS, e.g. consent:TJK:+P6M")
        try:
            changes.append(ShiftEvents(_match(target, "--shift"), steps))
        except InputError as error:
            raise InputError(f"--shift {spec}: {error}") from None
    changes.extend(DropEvents(_match(spec, "--drop")) for spec in args.drop or ())
    if args.set_month_end is not None:
        changes.append(SetMonthEnd(cast(MonthEnd, args.set_month_end)))
    if not changes:
        return None
    return Variant("command-line", changes, follow_triggers=True)


def comparisons(first: str, second: str | None, as_of: str | None,
                quick: Variant | None = None) -> list[OutcomeDiff]:
    """Baseline against each variant of ``first`` (or the command line's ``quick``
    one), or ``first`` against ``second``. The baseline must run; a refused variant
    (or second file) is reported as refused."""
    baseline = load(first)
    if second is not None:
        if quick is not None:
            raise InputError("compare: give a second file or --shift/--drop/--set-month-end, "
                             "not both")
        return [_compared(baseline.run(as_of), load(second), as_of, first, second)]
    variants = (quick,) if quick is not None else baseline.variants
    if not variants:
        raise ScenarioFileError(f"{first}: declares no [[variants]]; give a second file to "
                                "compare with (treatystate compare A B), or a change "
                                "(--shift consent:TJK:+P6M)")
    before = baseline.run(as_of)
    return [_compared(before, variant.apply(baseline), as_of, "baseline",
                      variant.describe() if variant is quick else variant.name, baseline,
                      variant)
            for variant in variants]


def compare(args: argparse.Namespace) -> int:
    """Exit 2 when a variant (or the second file) is refused."""
    check_writable(args.output)
    diffs = comparisons(args.file, args.other, args.as_of, quick_variant(args))
    if args.json:
        dump_json(diffs[0].to_dict() if args.other else [d.to_dict() for d in diffs],
                  args.output)
    else:
        with atomic_output(args.output) as handle:
            out = console() if is_stdout(args.output) else console(file=handle)
            for diff in diffs:
                out.print(diff_renderable(diff, plain=not out.is_terminal))
                out.print()
    refused = [diff.after for diff in diffs if diff.refused is not None]
    if refused:
        sys.stdout.flush()
        print(f"treatystate: error: refused: {', '.join(refused)} (the reason is above)",
              file=sys.stderr)
        return 2
    return 0


_DASK_CONNECT_SECONDS = 3


def _local_workers(spec: str) -> int | None:
    """``local`` (one worker per CPU) or ``local:N``; ``None`` for an address."""
    if spec != "local" and not spec.startswith("local:"):
        return None
    count = spec.partition(":")[2]
    if not count:
        return min(MAX_JOBS, os.cpu_count() or 1)
    if not count.isdigit() or not 1 <= int(count) <= MAX_JOBS:
        raise InputError(f"--dask {spec}: write local:N with N from 1 to {MAX_JOBS} workers")
    return int(count)


@contextlib.contextmanager
def _executor(args: argparse.Namespace) -> Iterator[tuple[Executor | None, int | None]]:
    """The Dask executor ``--dask`` asks for, and how many chunks to keep in flight."""
    if args.dask is None:
        yield None, None
        return
    distributed = require("distributed", extra="dask", feature="treatystate sweep --dask")
    workers = _local_workers(args.dask)
    with contextlib.ExitStack() as stack:
        if workers is not None:
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR))
            client = stack.enter_context(distributed.Client(cluster))
        else:
            try:
                client = distributed.Client(args.dask, timeout=_DASK_CONNECT_SECONDS)
            except (OSError, ValueError, TypeError) as error:  # unreachable, or not an address
                raise InputError(f"--dask {args.dask}: cannot reach a Dask scheduler there "
                                 f"({' '.join(str(error).split())})") from None
            stack.enter_context(client)
            workers = max(1, len(client.scheduler_info().get("workers", {})))
        yield client.get_executor(), 2 * workers + 2


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    path = (args.output or "").lower()
    if path.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return "parquet" if path.endswith((".parquet", ".pq")) else "csv"


def sweep(args: argparse.Namespace) -> int:
    try:
        return _sweep(args)
    except KeyboardInterrupt:
        # Rows already on stdout stay; a file named by -o is left as it was.
        print("treatystate: interrupted: the sweep stopped (Ctrl-C)", file=sys.stderr)
        return 130


def _sweep(args: argparse.Namespace) -> int:
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
    if args.jobs is not None:
        check_jobs(args.jobs)
    for day in args.in_force_by or ():  # before the sweep runs, not after
        try:
            legal_date(day, "UTC")
        except InputError as error:
            raise InvalidDate(f"--in-force-by: {error}") from None
    fmt = _format(args)
    write_rows = args.output is not None or not args.summary
    if fmt == "parquet" and write_rows:
        require("pyarrow.parquet", extra="parquet", feature="treatystate sweep --format parquet")
    check_writable(args.output)  # before the sweep runs, not after
    if args.plot is not None:
        plot_format(args.plot)
        require("matplotlib", extra="plot", feature="treatystate sweep --plot")
        check_writable(args.plot)
    days = sorted({*(d.isoformat() for d in definition.in_force_by), *(args.in_force_by or [])})
    with _executor(args) as (executor, in_flight), contextlib.ExitStack() as stack:
        on_rows = None
        if write_rows:
            out: IO[str] | IO[bytes]
            if fmt == "parquet":
                out = stack.enter_context(atomic_output(args.output, binary=True))
            else:
                out = stack.enter_context(atomic_output(args.output, newline=""))
            rows = writer(fmt, out, definition.columns(scenario), definition.kinds(scenario))
            on_rows = rows.write
        result = run_sweep(scenario, definition, executor=executor, in_flight=in_flight,
                           jobs=args.jobs if executor is None else None, on_rows=on_rows)
        if write_rows:
            rows.close()
    summary = result.summary(days)
    if args.plot is not None:
        write_output(in_force_picture(result.day_counts(), summary, title=scenario.title
                                      or scenario.treaty.title, fmt=plot_format(args.plot)),
                     args.plot)
    if args.summary:
        if args.json:
            dump_json(summary.to_dict(), None)
        else:
            out_console = console()
            out_console.print(summary_renderable(summary, plain=not out_console.is_terminal))
    return 0


def _label(names: tuple[str, ...]) -> str:
    """Columns identical in every row, named once: ``parties.{CHN,KAZ}.in_force_from``
    for the same key of several States."""
    codes: dict[str, list[str]] = {}  # a party key: the States, in column order
    order: list[tuple[bool, str]] = []  # (a party key?, the key or the column's name)
    for name in names:
        bits = name.split(".")
        if len(bits) == 3 and bits[0] == "parties":
            if bits[2] not in codes:
                order.append((True, bits[2]))
            codes.setdefault(bits[2], []).append(bits[1])
        else:
            order.append((False, name))
    return " = ".join(
        (f"parties.{codes[key][0]}.{key}" if len(codes[key]) == 1
         else f"parties.{{{','.join(codes[key])}}}.{key}") if party else key
        for party, key in order)


def summary_renderable(summary: SweepSummary, *, plain: bool) -> Group:
    """The summary as tables: entry into force, probabilities, then each column; columns
    identical in every row are shown once, columns that hold nothing are listed."""
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
        dates.add_column(column, no_wrap=column != "Column")
    counts = Table(title="Values", box=frame, title_justify="left", pad_edge=False)
    counts.add_column("Column")
    counts.add_column("Counts")
    groups = {group[0]: group for group in summary.identical}
    folded = {name for group in summary.identical for name in group[1:]}
    for name, stats_or_counts in summary.columns.items():
        if name in folded or name in summary.empty:
            continue
        label = _label(groups.get(name, (name,)))
        if isinstance(stats_or_counts, DateStats):
            q = stats_or_counts.quantiles
            dates.add_row(label, str(stats_or_counts.count), *(str(d) for d in (
                stats_or_counts.earliest, q["q05"], q["q25"], q["median"], q["q75"],
                q["q95"], stats_or_counts.latest)))
        else:
            counts.add_row(label, ", ".join(f"{value}: {n}"
                                            for value, n in stats_or_counts.items()))
    parts: list[Text | Table] = [Text("\n".join(lines))]
    if dates.row_count:
        parts.append(dates)
    if counts.row_count:
        parts.append(counts)
    if summary.empty:
        parts.append(Text(f"empty in every row: {', '.join(summary.empty)}"))
    return Group(*parts)
