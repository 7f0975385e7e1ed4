"""treatystate benchmarks: each cost as a ratio to a baseline measured in this process.

Run ``.venv/bin/python benchmarks/run.py`` (``--quick`` for fewer rounds). Every
timing is the minimum over rounds of ``timeit`` batches, after a warm-up, in process
CPU time, with the baselines timed in the same rounds, so the ratios stay stable on a
shared machine; absolute microseconds are printed too.

The rows (issue 5):

* **seed scenario**, as the issue defines it: the 2025 China-Central Asia treaty
  signed by all six, the certified copies sent, all six consent, then one leap-day
  withdrawal (9 events, written by :func:`seed_text` from the baseline's own inputs);
* **baseline**: a straight-line ``datetime`` function that computes the seed scenario's
  answers from pre-parsed inputs (certified-copies due date and status, entry into
  force, each party's in-force date, the withdrawal's effective date, statuses);
* **single run**: ``scenario.run()`` of the seed scenario, already loaded (bar 30x,
  goal 10x the baseline); an extra row, for information, runs the built-in example
  ``examples/central_asia.toml``, which adds two more duties the baseline does not
  compute (11 events);
* **scaling**: an open treaty with 193 States, a 60-instrument threshold, 193 consents
  and 20 withdrawals: ``run()`` cost per event over the seed scenario's (at most 1.5x);
* **loading**: ``treatystate.loads`` of the seed scenario over ``tomllib.loads`` of the
  same text (at most 20x);
* **memory**: the 193-State outcome's size, traced with ``tracemalloc`` (under 1 MB).

The script checks the answers before timing anything: the baseline must agree with
the engine, and the 193-State outcome must be the expected one.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import gc
import os
import platform
import sys
import time
import timeit
import tomllib
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import treatystate
from treatystate import Outcome, Scenario

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "central_asia.toml"
STATES = 193
THRESHOLD = 60
WITHDRAWALS = 20
CONSENTS_FROM = dt.date(2030, 1, 7)
WITHDRAWALS_FROM = dt.date(2032, 3, 1)


# ------------------------------------------------------------------ the baseline

class SeedInputs(NamedTuple):
    """The seed scenario, already parsed: what the baseline starts from."""

    signed: dt.date
    copies_sent: dt.date
    consents: dict[str, dt.date]
    withdrawing: str
    notice: dt.date


class SeedAnswers(NamedTuple):
    copies_due: dt.date
    copies_status: str
    entry_into_force: dt.date
    in_force_from: dict[str, dt.date]
    withdrawal_effective: dt.date
    statuses: dict[str, str]
    treaty_status: str


def seed_inputs() -> SeedInputs:
    return SeedInputs(
        signed=dt.date(2025, 6, 17),
        copies_sent=dt.date(2025, 6, 30),
        consents={
            "KGZ": dt.date(2025, 10, 3), "KAZ": dt.date(2025, 10, 28),
            "UZB": dt.date(2025, 11, 14), "TKM": dt.date(2025, 11, 20),
            "TJK": dt.date(2025, 12, 10), "CHN": dt.date(2026, 1, 2),
        },
        withdrawing="TKM",
        notice=dt.date(2028, 2, 29),
    )


_FIFTEEN_DAYS = dt.timedelta(days=15)


def baseline(inputs: SeedInputs) -> SeedAnswers:
    """The seed treaty's answers in straight-line ``datetime`` code (arts. 14(2), 15)."""
    copies_due = inputs.signed + _FIFTEEN_DAYS
    copies_status = "done" if inputs.copies_sent <= copies_due else "late"
    entry = max(inputs.consents.values())
    in_force_from = dict.fromkeys(inputs.consents, entry)
    notice = inputs.notice
    year = notice.year + 1
    last = calendar.monthrange(year, notice.month)[1]
    effective = dt.date(year, notice.month, min(notice.day, last))
    statuses = dict.fromkeys(inputs.consents, "party")
    statuses[inputs.withdrawing] = "withdrawn"
    return SeedAnswers(copies_due, copies_status, entry, in_force_from, effective, statuses,
                       "in-force")


def answers_of(outcome: Outcome, inputs: SeedInputs) -> SeedAnswers:
    """The same answers, read from the engine's outcome."""
    copies = outcome.duty("certified-copies")
    assert copies is not None and copies.due is not None and outcome.entry_into_force
    withdrawing = outcome.parties[inputs.withdrawing]
    assert withdrawing.withdrawal_effective is not None
    in_force = {}
    for code, record in outcome.parties.items():
        assert record.in_force_from is not None
        in_force[code] = _plain(record.in_force_from)
    return SeedAnswers(
        _plain(copies.due), copies.status, _plain(outcome.entry_into_force), in_force,
        _plain(withdrawing.withdrawal_effective),
        {code: record.status for code, record in outcome.parties.items()}, outcome.status,
    )


def _plain(value: dt.date) -> dt.date:
    return dt.date(value.year, value.month, value.day)


# -------------------------------------------------------------- the scenarios

def seed_text(inputs: SeedInputs | None = None) -> str:
    """The issue's scenario as a scenario file: the preset treaty, its signature by all
    six, the certified copies sent (art. 14(2)), the six consents, the withdrawal; the
    same facts the baseline starts from, so both answer the same question."""
    inputs = inputs or seed_inputs()
    lines = [
        'treaty = "china-central-asia-2025"',
        'title = "All six consent, then one leap-day withdrawal (issue 5)"',
        "", "[[events]]", 'type = "signature"', f"date = {inputs.signed.isoformat()}",
        "", "[[events]]", 'type = "duty"', 'duty = "certified-copies"',
        f"date = {inputs.copies_sent.isoformat()}",
    ]
    for code, date in inputs.consents.items():
        lines += ["", "[[events]]", 'type = "consent"', f'party = "{code}"',
                  f"date = {date.isoformat()}"]
    lines += ["", "[[events]]", 'type = "withdrawal"', f'party = "{inputs.withdrawing}"',
              f"date = {inputs.notice.isoformat()}"]
    return "\n".join(lines) + "\n"


def seed_scenario() -> Scenario:
    return treatystate.loads(seed_text(), source="<seed scenario>")


def example_scenario() -> Scenario:
    """The built-in example: the seed scenario plus two duties performed."""
    return treatystate.load(EXAMPLE)


def state_code(number: int) -> str:
    return f"S{number:03d}"


def consent_date(number: int) -> dt.date:
    """State ``number`` (1-based) deposits its instrument three days after the previous."""
    return CONSENTS_FROM + dt.timedelta(days=3 * (number - 1))


def scaling_text(states: int = STATES, threshold: int = THRESHOLD,
                 withdrawals: int = WITHDRAWALS) -> str:
    """An open treaty (any State may accede) in force 90 days after the ``threshold``-th
    instrument; every State consents, then the first ``withdrawals`` withdraw."""
    lines = [
        'title = "An open treaty with 193 States"',
        "",
        "[treaty]",
        'id = "open-193"',
        'title = "An open multilateral treaty"',
        'month_end = "last-day"',
        'depositary = { name = "Secretary-General of the United Nations", '
        'timezone = "America/New_York" }',
        f'entry_into_force = {{ when = {{ instruments = {threshold} }}, date = ["+P90D"], '
        'cites = "Art. 20(1)-(2)" }',
        'withdrawal = { effective = ["+P12M"], cites = "Art. 21" }',
        "duties = [",
        '  { id = "notify-entry-into-force", after = "entry-into-force", within = "P30D" },',
        '  { id = "circulate-withdrawal", after = "withdrawal", within = "P30D" },',
        "]",
    ]
    for number in range(1, states + 1):
        lines += ["", "[[events]]", 'type = "consent"', f'party = "{state_code(number)}"',
                  f"date = {consent_date(number).isoformat()}"]
    for number in range(1, withdrawals + 1):
        notice = WITHDRAWALS_FROM + dt.timedelta(days=5 * (number - 1))
        lines += ["", "[[events]]", 'type = "withdrawal"', f'party = "{state_code(number)}"',
                  f"date = {notice.isoformat()}"]
    return "\n".join(lines) + "\n"


def scaling_scenario() -> Scenario:
    return treatystate.loads(scaling_text(), source="<193 States>")


def check_scaling_outcome(outcome: Outcome) -> None:
    """The 193-State outcome is the one the treaty's clauses give (raises otherwise)."""
    entry = consent_date(THRESHOLD) + dt.timedelta(days=90)
    assert outcome.entry_into_force == entry, outcome.entry_into_force
    assert outcome.status == "in-force"
    assert len(outcome.parties) == STATES
    for number in range(1, STATES + 1):
        record = outcome.parties[state_code(number)]
        expected = "withdrawn" if number <= WITHDRAWALS else "party"
        assert record.status == expected, (number, record.status)
        assert record.in_force_from == max(entry, consent_date(number) + dt.timedelta(days=90))
    assert len(outcome.duties) == 1 + WITHDRAWALS


# ------------------------------------------------------------------- measuring

def best_of(functions: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Seconds per call of each function: the minimum over ``repeats`` rounds.

    Each function gets a batch size from ``timeit``'s ``autorange`` (batches of at least
    0.2 s, which also warms it up); then every round times one batch of each, in turn,
    so a burst of load on a shared machine hits a round, not one side of a ratio. The
    clock is the process's CPU time, which time spent waiting for a core does not inflate.
    ``repeats = 0`` times one call each: a smoke test of the script, not a measurement.
    """
    timers = {name: timeit.Timer(function, timer=time.process_time)
              for name, function in functions.items()}
    if repeats == 0:
        return {name: timer.timeit(1) for name, timer in timers.items()}
    numbers = {name: timer.autorange()[0] for name, timer in timers.items()}
    best = dict.fromkeys(timers, float("inf"))
    for _ in range(repeats):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name])
    return best


def traced_size(make: Callable[[], object]) -> tuple[int, int]:
    """Bytes still allocated while ``make()``'s result is alive, and the peak."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        result = make()
        gc.collect()
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return after - before, peak - before


class Row(NamedTuple):
    name: str
    measured: str
    against: str
    ratio: float
    target: float | None  # None: a row for information, with no target of its own
    goal: float | None = None

    @property
    def met(self) -> bool:
        return self.target is None or self.ratio <= self.target


def measure(repeats: int) -> list[Row]:
    inputs = seed_inputs()
    seed = seed_scenario()
    example = example_scenario()
    for scenario in (seed, example):
        if answers_of(scenario.run(), inputs) != baseline(inputs):
            raise SystemExit(f"the baseline and the engine disagree on {scenario.source}")
    scaling = scaling_scenario()
    check_scaling_outcome(scaling.run())
    text = seed_text()

    seconds = best_of({
        "baseline": lambda: baseline(inputs),
        "single": seed.run,
        "example": example.run,
        "large": scaling.run,
        "loads": lambda: treatystate.loads(text),
        "tomllib": lambda: tomllib.loads(text),
    }, repeats)
    base, single, large = seconds["baseline"], seconds["single"], seconds["large"]
    load, toml, full = seconds["loads"], seconds["tomllib"], seconds["example"]
    seed_events, large_events = len(seed.events), len(scaling.events)
    per_seed, per_large = single / seed_events, large / large_events
    kept, peak = traced_size(scaling.run)
    megabyte = 1024 * 1024
    micro = 1e6
    return [
        Row(f"single run: seed scenario ({seed_events} events)", f"{single * micro:.1f} µs",
            f"baseline {base * micro:.2f} µs", single / base, 30, 10),
        Row(f"extra: built-in example ({len(example.events)} events)",
            f"{full * micro:.1f} µs", f"baseline {base * micro:.2f} µs", full / base, None),
        Row(f"scaling: per event, {STATES} States", f"{per_large * micro:.2f} µs "
            f"({large_events} events, {large * micro:.0f} µs)",
            f"seed {per_seed * micro:.2f} µs ({seed_events} events)", per_large / per_seed, 1.5),
        Row("loading: treatystate.loads", f"{load * micro:.1f} µs",
            f"tomllib.loads {toml * micro:.1f} µs", load / toml, 20),
        Row(f"memory: {STATES}-State outcome", f"{kept / 1024:.0f} KiB "
            f"(peak {peak / 1024:.0f} KiB)", "1 MiB", kept / megabyte, 1),
    ]


def render(rows: list[Row]) -> str:
    header = ("benchmark", "measured", "against", "ratio", "target", "")
    table = [header] + [
        (row.name, row.measured, row.against, f"{row.ratio:.2f}x",
         "information" if row.target is None
         else f"≤ {row.target:g}x" + (f" (goal {row.goal:g}x)" if row.goal else ""),
         "" if row.target is None else "ok" if row.met else "MISSED")
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
             + " |" for line in table]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    return (f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()} "
            f"({platform.python_implementation()}), {platform.system()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds instead of 9")
    parser.add_argument("--smoke", action="store_true",
                        help="time each call once: checks the script, measures nothing")
    args = parser.parse_args(argv)
    rows = measure(0 if args.smoke else 3 if args.quick else 9)
    print(render(rows))
    print(f"\nMachine: {machine()}")
    return 0 if all(row.met for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
