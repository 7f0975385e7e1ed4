"""The benchmark script runs, and the scenarios it times give the right answers.

Nothing here asserts on time: speed is measured by ``benchmarks/run.py`` only.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).parent.parent / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("treatystate_benchmarks", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_baseline_computes_what_the_engine_computes(bench: ModuleType) -> None:
    """The straight-line baseline is a fair one: same answers as the seed scenario's run."""
    inputs = bench.seed_inputs()
    outcome = bench.seed_scenario().run()
    assert bench.answers_of(outcome, inputs) == bench.baseline(inputs)


def test_the_baseline_applies_the_month_end_and_the_deadline(bench: ModuleType) -> None:
    import datetime as dt

    inputs = bench.seed_inputs()._replace(copies_sent=dt.date(2025, 7, 3),
                                          notice=dt.date(2028, 1, 31))
    answers = bench.baseline(inputs)
    assert answers.copies_due == dt.date(2025, 7, 2)
    assert answers.copies_status == "late"
    assert answers.withdrawal_effective == dt.date(2029, 1, 31)


def test_the_193_state_scenario_gives_the_treaty_s_dates(bench: ModuleType) -> None:
    """193 consents and 20 withdrawals under a 60-instrument clause: in force 90 days
    after the 60th, for later States 90 days after their own, 20 withdrawn."""
    scenario = bench.scaling_scenario()
    assert len(scenario.events) == bench.STATES + bench.WITHDRAWALS
    bench.check_scaling_outcome(scenario.run())


def test_the_script_prints_every_row(bench: ModuleType, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    bench.main(["--smoke"])  # its exit code reflects timings, so it is not asserted
    printed = capsys.readouterr().out
    for row in ("single run", "scaling", "loading", "memory", "Machine:"):
        assert row in printed


def test_the_seed_scenario_is_the_issue_s(bench: ModuleType) -> None:
    """The timed scenario is the one issue 5 defines: the six sign, the certified copies
    are sent, all six consent, then one withdrawal on a leap day; nothing the baseline
    does not compute (the built-in example's two further duties are a separate row)."""
    scenario = bench.seed_scenario()
    kinds = [event.type for event in scenario.events]
    assert kinds == ["signature", "duty"] + ["consent"] * 6 + ["withdrawal"]
    assert scenario.events[1].duty == "certified-copies"
    assert {event.party for event in scenario.events[2:8]} == set(scenario.treaty.parties or ())
    notice = scenario.events[-1].date
    assert (notice.month, notice.day) == (2, 29)
    assert len(bench.example_scenario().events) == len(scenario.events) + 2


def test_a_run_leaves_nothing_for_the_garbage_collector() -> None:
    """A run's objects are freed by reference counting when it returns: no reference
    cycle (a queued event holding a bound method of the simulation, say) leaves them
    for the collector, which would slow every sweep. Checked on every example."""
    import contextlib
    import gc

    import treatystate

    examples = sorted((SCRIPT.parent.parent / "examples").glob("*.toml"))
    scenarios = [treatystate.load(path) for path in examples]
    gc.collect()
    gc.disable()
    try:
        for scenario in scenarios:
            # An example expecting a refusal: the refusal must not leak either.
            with contextlib.suppress(treatystate.TreatyStateError):
                scenario.run()
            assert gc.collect() == 0, scenario.source
    finally:
        gc.enable()


def test_the_scaling_script_prints_every_stage(capsys: pytest.CaptureFixture[str]) -> None:
    """benchmarks/scaling.py runs at small sizes and reports each stage and ratio."""
    path = SCRIPT.parent / "scaling.py"
    spec = importlib.util.spec_from_file_location("treatystate_scaling", path)
    assert spec is not None and spec.loader is not None
    scaling = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scaling)
    scaling.main(["--sizes", "20,200"])  # its exit code reflects timings: not asserted
    printed = capsys.readouterr().out
    for stage in scaling.STAGES:
        assert stage in printed
    assert "200/20" in printed
    assert scaling.scenario_text(200).count("[[events]]") == 200
