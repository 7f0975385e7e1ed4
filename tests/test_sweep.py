"""Sweeps and Monte Carlo runs (issue 6): rows, seeds, executors, summaries, files."""

from __future__ import annotations

import io
import json
import math
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import treatystate
from treatystate import Axis, Sweep, run_sweep
from treatystate._whatif.sweep import (
    ConsentDate,
    DateRange,
    Delays,
    Distribution,
    EventDate,
    Exponential,
    InstrumentsNeeded,
    LogNormal,
    MonthEndPolicy,
    Normal,
    Triangular,
    Uniform,
    Values,
    VariantChoice,
    WithdrawalNotice,
    sweep_rows,
)
from treatystate._whatif.variants import DropEvents, EventMatch, SetMonthEnd, Variant

EXAMPLES = Path(__file__).parent.parent / "examples"
D = pendulum.Date
SIGNATURE = D(2025, 6, 17)


@pytest.fixture(scope="module")
def seed() -> treatystate.Scenario:
    return treatystate.builtin_example()


@pytest.fixture(scope="module")
def open_ended(seed: treatystate.Scenario) -> treatystate.Scenario:
    """The seed scenario without the depositary's notification of entry into force,
    which a late entry into force would put before the event it notifies."""
    return Variant("x", [DropEvents(EventMatch("duty", duty="notify-entry-into-force"))]
                   ).apply(seed)


def monte_carlo(samples: int = 200, seed: int = 7) -> Sweep:
    axes = [Axis(ConsentDate(code), Delays(SIGNATURE, LogNormal(150, 0.4)))
            for code in ("KGZ", "KAZ", "UZB", "TKM", "TJK")]
    return Sweep(axes, samples=samples, seed=seed)


def test_date_range_adds_multiples_of_the_step() -> None:
    """The n-th date is start + n × step: months never clamp step by step."""
    months = DateRange(D(2025, 1, 31), D(2025, 6, 30), treatystate.Period(months=1)).values()
    assert [str(d) for d in months] == ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30",
                                        "2025-05-31", "2025-06-30"]
    days = DateRange(D(2025, 1, 1), D(2025, 1, 10), treatystate.Period(days=4)).values()
    assert [d.day for d in days] == [1, 5, 9]
    with pytest.raises(treatystate.InputError, match="before it starts"):
        DateRange(D(2025, 2, 1), D(2025, 1, 1), treatystate.Period(days=1))


def test_a_grid_is_the_product_of_its_axes(seed: treatystate.Scenario) -> None:
    sweep = Sweep([
        Axis(MonthEndPolicy(), Values(["last-day", "next-day", "strict"])),
        Axis(EventDate(EventMatch("withdrawal")),
             DateRange(D(2028, 2, 28), D(2028, 3, 1), treatystate.Period(days=1))),
    ], fields=["parties.TKM.withdrawal_effective"])
    result = run_sweep(seed, sweep, progress=False)
    assert len(sweep) == 9 == len(result.rows)
    assert result.columns == ("row", "month_end", "event.withdrawal",
                              "parties.TKM.withdrawal_effective", "refused")
    table = {(r["month_end"], r["event.withdrawal"]): (r["parties.TKM.withdrawal_effective"],
                                                       r["refused"])
             for r in result.records()}
    assert table[("last-day", "2028-02-29")] == ("2029-02-28", None)
    assert table[("next-day", "2028-02-29")] == ("2029-03-01", None)
    effective, refused = table[("strict", "2028-02-29")]
    assert effective is None and refused is not None and "does not exist" in refused
    assert table[("strict", "2028-03-01")] == ("2029-03-01", None)
    assert [r["month_end"] for r in result.records()][:4] == ["last-day"] * 3 + ["next-day"]


def test_clause_axes(seed: treatystate.Scenario) -> None:
    sweep = Sweep([Axis(WithdrawalNotice(), Values(["+P6M", "+P12M"])),
                   Axis(InstrumentsNeeded(), Values([2, 6]))],
                  fields=["entry_into_force", "parties.TKM.withdrawal_effective"])
    rows = [(r["withdrawal.effective"], r["entry_into_force.instruments"], r["entry_into_force"],
             r["parties.TKM.withdrawal_effective"])
            for r in run_sweep(seed, sweep, progress=False).records()]
    assert rows == [("+P6M", 2, "2025-10-28", "2028-08-29"),
                    ("+P6M", 6, "2026-01-02", "2028-08-29"),
                    ("+P12M", 2, "2025-10-28", "2029-02-28"),
                    ("+P12M", 6, "2026-01-02", "2029-02-28")]


def test_each_row_is_its_variant_run(seed: treatystate.Scenario) -> None:
    """A sweep's fast path gives exactly what applying the row's variant and running it
    gives, for date axes (events replaced in place) and for mixed axes (the general path)."""
    for sweep in (monte_carlo(40), Sweep([
        Axis(ConsentDate("KAZ"), Delays(SIGNATURE, Uniform(0, 400))),
        Axis(MonthEndPolicy(), Values(["last-day", "next-day"])),
        Axis(VariantChoice(), Values([Variant("none", []),
                                      Variant("nd", [SetMonthEnd("next-day")])])),
    ], samples=5, seed=3)):
        result = run_sweep(seed, sweep, progress=False)
        fields = sweep.field_names(seed)
        for record in result.records():
            assert isinstance(record["row"], int)
            scenario = sweep.variant(record["row"]).apply(seed)
            try:
                document = scenario.run().to_dict()
            except treatystate.RefusedEvent:
                assert record["refused"] is not None
                continue
            for name in fields:
                value = document
                for part in name.split("."):
                    value = value[part]
                assert record[name] == value, (record["row"], name)


def test_same_seed_same_rows_whatever_the_chunks(seed: treatystate.Scenario) -> None:
    sweep = monte_carlo(120)
    reference = run_sweep(seed, sweep, keep_rows=True, progress=False).rows
    assert run_sweep(seed, sweep, chunk_size=7, keep_rows=True, progress=False).rows == reference
    assert run_sweep(seed, sweep, chunk_size=1000, keep_rows=True,
                     progress=False).rows == reference
    other = run_sweep(seed, monte_carlo(120, seed=8), progress=False).rows
    assert other != reference


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**40), st.integers(0, 300))
def test_a_row_depends_on_seed_and_index_only(seed_value: int, index: int) -> None:
    """Law: row i's draws are the same in a sweep of any length, so rows can be computed
    anywhere, in any order."""
    short, long = monte_carlo(index + 1, seed_value), monte_carlo(index + 50, seed_value)
    assert short.inputs(index) == long.inputs(index)


def test_thread_and_process_pools_give_the_same_rows(seed: treatystate.Scenario) -> None:
    sweep = monte_carlo(150)
    reference = run_sweep(seed, sweep, keep_rows=True, progress=False).rows
    with ThreadPoolExecutor(3) as threads:
        assert run_sweep(seed, sweep, executor=threads, chunk_size=11, keep_rows=True,
                         progress=False).rows == reference
    with ProcessPoolExecutor(2) as processes:
        assert run_sweep(seed, sweep, executor=processes, keep_rows=True,
                         in_flight=2, progress=False).rows == reference
    assert run_sweep(seed, sweep, jobs=2, keep_rows=True, progress=False).rows == reference
    assert list(sweep_rows(seed, sweep, jobs=2, chunk_size=13)) == reference
    # Not kept: the result's rows are computed again, the same.
    assert run_sweep(seed, sweep, jobs=2, progress=False).rows == reference


def test_a_dask_executor_gives_the_same_rows(seed: treatystate.Scenario) -> None:
    """The documented way beyond one machine: Client.get_executor() (extra `dask`)."""
    distributed = pytest.importorskip("distributed")
    sweep = monte_carlo(150)
    reference = run_sweep(seed, sweep, progress=False).rows
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        rows = run_sweep(seed, sweep, executor=client.get_executor(), chunk_size=20,
                         keep_rows=True, progress=False).rows
    assert rows == reference


def test_distributions_follow_their_inverse_cdf() -> None:
    """Each draw is the inverse CDF at a uniform number: check supports, medians and
    means against the stated parameters on an even grid of uniforms."""
    grid = [(k + 0.5) / 4000 for k in range(4000)]

    def median(distribution: Distribution) -> float:
        return sorted(distribution.draw(u) for u in grid)[2000]

    def mean(distribution: Distribution) -> float:
        return sum(distribution.draw(u) for u in grid) / len(grid)

    assert all(10 <= Uniform(10, 20).draw(u) <= 20 for u in grid)
    assert abs(mean(Uniform(10, 20)) - 15) < 0.01
    assert all(1 <= Triangular(1, 2, 5).draw(u) <= 5 for u in grid)
    assert abs(mean(Triangular(1, 2, 5)) - 8 / 3) < 0.01
    assert Triangular(3, 3, 3).draw(0.5) == 3
    assert all(Exponential(30).draw(u) >= 0 for u in grid)
    assert abs(mean(Exponential(30)) - 30) < 0.5
    assert abs(mean(Normal(100, 10)) - 100) < 0.01
    assert abs(median(LogNormal(90, 0.5)) - 90) < 0.1
    never_early = Delays(SIGNATURE, Normal(0, 30))
    assert all(never_early.draw(u) >= SIGNATURE for u in grid[::50])
    assert Delays(SIGNATURE, Uniform(10, 10)).draw(0.5) == D(2025, 6, 27)
    with pytest.raises(treatystate.DateOutOfRange, match="leaves the calendar"):
        Delays(D(9999, 12, 1), Uniform(100, 100)).draw(0.5)


def test_row_numbers_are_uniform_and_independent_of_length() -> None:
    """The uniforms of a row: in (0, 1), and the first k the same whatever the count."""
    from treatystate._whatif.sweep import row_uniforms

    twenty = row_uniforms(7, 3, 20)
    assert twenty[:5] == row_uniforms(7, 3, 5)
    assert all(0 < u < 1 for u in twenty)
    many = [u for index in range(2000) for u in row_uniforms(1, index, 3)]
    assert abs(sum(many) / len(many) - 0.5) < 0.01


def test_summary_quantiles_and_probabilities(open_ended: treatystate.Scenario) -> None:
    """The summary is counted as the rows go by, exactly: the same quantiles and shares
    as sorting the kept rows; its values are dates, not strings."""
    result = run_sweep(open_ended, monte_carlo(1000), keep_rows=True, chunk_size=37,
                       progress=False)
    summary = result.summary(["2025-12-31", D(2026, 1, 2), "2030-01-01"])
    entry = [str(v) for v in result.column("entry_into_force")]
    assert summary.rows == 1000 and summary.refused == 0 and summary.never == 0
    stats = summary.entry_into_force
    assert stats is not None
    assert type(stats.earliest) is pendulum.Date
    assert stats.earliest.isoformat() == min(entry) and stats.latest.isoformat() == max(entry)
    ordered = sorted(entry)
    assert stats.quantiles["median"].isoformat() == ordered[499]  # nearest rank: ceil(0.5n)
    assert stats.quantiles["q95"].isoformat() == ordered[949]
    assert stats.quantiles["q05"].isoformat() == ordered[49]
    assert summary.in_force_by[D(2030, 1, 1)] == 1.0
    share = sum(1 for v in entry if v <= "2025-12-31") / 1000
    assert summary.in_force_by[D(2025, 12, 31)] == share
    # China notifies on 2026-01-02 in the seed scenario: entry into force is never earlier,
    # and each other State's delay (median 150 days) is usually shorter than that.
    assert stats.earliest == D(2026, 1, 2)
    exact = math.prod([0.5 * (1 + math.erf(math.log(199 / 150) / 0.4 / math.sqrt(2)))] * 5)
    assert abs(summary.in_force_by[D(2026, 1, 2)] - exact) < 0.06
    kaz = summary.columns["consent.KAZ"]
    assert not isinstance(kaz, dict) and kaz.count == 1000
    assert summary.columns["parties.TKM.status"] == {"withdrawn": 1000}
    assert summary.to_dict()["entry_into_force"]["quantiles"]["median"] == ordered[499]
    # Identical columns and empty ones are found: China's in_force_from is entry into force.
    assert any({"entry_into_force", "parties.CHN.in_force_from"} <= set(group)
               for group in summary.identical)
    assert summary.empty == ("terminated",)


def test_refused_rows_are_counted_not_fatal(seed: treatystate.Scenario) -> None:
    sweep = Sweep([Axis(ConsentDate("CHN"),
                        Values([D(2025, 12, 31), D(2026, 1, 20), D(2026, 2, 1)]))])
    result = run_sweep(seed, sweep, progress=False)
    summary = result.summary(["2026-01-31"])
    # After 2026-01-09 the depositary's notification duty comes before entry into force.
    assert summary.refused == 2
    assert summary.in_force_by == {D(2026, 1, 31): 1.0}
    assert [r["refused"] is None for r in result.records()] == [True, False, False]


def test_csv_and_json_lines(open_ended: treatystate.Scenario) -> None:
    result = run_sweep(open_ended, monte_carlo(5), progress=False)
    text = result.to_csv()
    lines = text.splitlines()
    assert lines[0].startswith("row,consent.KGZ,consent.KAZ")
    assert lines[0].endswith(",refused")
    assert len(lines) == 6 and lines[1].endswith(",")  # refused: empty, not "None"
    out = io.StringIO()
    result.write_jsonl(out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records == list(result.records())
    assert records[0]["refused"] is None and records[0]["terminated"] is None


@pytest.mark.parametrize(("fields", "message"), [
    (["colour"], "not an outcome field"),
    (["parties.USA.status"], "USA is not a listed party"),
    (["parties.TKM.mood"], "not an outcome field"),
])
def test_bad_fields_are_named(seed: treatystate.Scenario, fields: list[str], message: str
                              ) -> None:
    with pytest.raises(treatystate.InputError, match=message):
        run_sweep(seed, Sweep([Axis(MonthEndPolicy(), Values(["last-day"]))],
                              fields=tuple(fields)), progress=False)


def test_bad_sweeps_are_refused() -> None:
    with pytest.raises(treatystate.InputError, match="date ranges and delays vary dates"):
        Axis(MonthEndPolicy(), Delays(SIGNATURE, Uniform(0, 1)))
    with pytest.raises(treatystate.InputError, match="no random axis"):
        Sweep([Axis(MonthEndPolicy(), Values(["last-day"]))], samples=3)
    with pytest.raises(treatystate.InputError, match="same input"):
        Sweep([Axis(ConsentDate("KAZ"), Values([SIGNATURE])),
               Axis(ConsentDate("KAZ"), Values([SIGNATURE]))])
    with pytest.raises(treatystate.InputError, match="must not be empty"):
        Values([])


# ---------------------------------------------------------------------- files


def test_the_monte_carlo_example() -> None:
    scenario = treatystate.load(EXAMPLES / "central_asia_monte_carlo.toml")
    assert scenario.sweep is not None and len(scenario.sweep) == 2000
    assert [axis.column for axis in scenario.sweep.axes] == [
        "consent.KGZ", "consent.CHN", "consent.KAZ", "consent.TJK", "consent.TKM",
        "consent.UZB"]
    result = scenario.check()
    assert result.ok, [str(m) for m in result.mismatches]


_BASE = """
treaty = "china-central-asia-2025"
[[events]]
type = "signature"
date = 2025-06-17
"""


def test_sweep_expectations_that_fail_are_reported() -> None:
    scenario = treatystate.loads(_BASE + """
[sweep]
samples = 50
[[sweep.vary]]
consent = ["CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"]
delay = { after = 2025-06-17, distribution = "uniform", low = 0, high = 100 }
[sweep.expect]
rows = 51
earliest = 2025-06-17
[sweep.expect.in_force_by]
2025-07-01 = [0.5, 1]
""")
    found = {m.where: (m.expected, m.actual) for m in scenario.check().mismatches}
    assert found["sweep.rows"] == (51, 50)
    assert "sweep.earliest" in found
    assert found["sweep.in_force_by.2025-07-01"][1] == 0.0


@pytest.mark.parametrize(("text", "message"), [
    ("[sweep]\nsamples = 3\n", "at least one [[sweep.vary]]"),
    ('[sweep]\n[[sweep.vary]]\nconsent = "KAZ"\ndelay = { after = 2025-06-17, '
     'distribution = "uniform", low = 0, high = 9 }\n', "sweep.samples: a sweep with random"),
    ('[sweep]\nsamples = 2\n[[sweep.vary]]\nconsent = "KAZ"\ndelay = { after = 2025-06-17, '
     'distribution = "gamma", shape = 2 }\n', "'gamma' is not a distribution"),
    ('[sweep]\nsamples = 2\n[[sweep.vary]]\nconsent = "KAZ"\ndelay = { after = 2025-06-17, '
     'distribution = "uniform", low = 9, high = 0 }\n', "invalid uniform parameters"),
    ('[sweep]\nsamples = 2\n[[sweep.vary]]\nconsent = "KAZ"\ndelay = { after = 2025-06-17, '
     'distribution = "normal", mean = 9 }\n', "sweep.vary[0].delay.sd: is required"),
    ('[sweep]\n[[sweep.vary]]\nconsent = "USA"\nvalues = [2025-07-01]\n', "not a listed party"),
    ('[sweep]\n[[sweep.vary]]\nset = "month_end"\nvalues = ["nearest"]\n',
     "not a month-end policy"),
    ('[sweep]\n[[sweep.vary]]\nset = "title"\nvalues = ["x"]\n', "cannot be varied"),
    ('[sweep]\n[[sweep.vary]]\nset = "month_end"\ndates = { from = 2025-01-01, '
     'to = 2025-02-01, step = "P1D" }\n', "date ranges and delays vary dates"),
    ('[sweep]\n[[sweep.vary]]\nconsent = "KAZ"\ndates = { from = 2025-01-01, '
     'to = 2025-02-01, step = "1 day" }\n', "sweep.vary[0].dates.step"),
    ('[sweep]\n[[sweep.vary]]\nconsent = "KAZ"\nvalues = [2025-07-01]\n'
     'fields = ["x"]\n', "unknown key"),
    ('[sweep]\nfields = ["x"]\n[[sweep.vary]]\nconsent = "KAZ"\nvalues = [2025-07-01]\n',
     "not an outcome field"),
    ('[sweep]\n[[sweep.vary]]\nconsent = "KAZ"\n', "give exactly one of"),
    ('[sweep]\n[[sweep.vary]]\nconsent = "KAZ"\nvalues = [2025-07-01]\n[sweep.expect]\n'
     'in_force_by = { 2026-01-01 = "likely" }\n', "expected a probability"),
])
def test_bad_sweep_tables_are_named(text: str, message: str) -> None:
    with pytest.raises(treatystate.InputError) as caught:
        treatystate.loads(_BASE + text)
    assert message in str(caught.value)


def test_progress_only_on_a_terminal(seed: treatystate.Scenario,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Not a terminal (as here): nothing on stderr; asking for the bar changes no row."""
    sweep = monte_carlo(60)
    quiet = run_sweep(seed, sweep, chunk_size=7)
    assert capsys.readouterr().err == ""
    assert run_sweep(seed, sweep, chunk_size=7, progress=True).rows == quiet.rows


def test_variants_and_a_sweep_in_one_file_are_checked_once_each() -> None:
    """[sweep.expect] describes the sweep around the baseline: a variant's check does
    not rerun it (a later consent would otherwise break the baseline's summary)."""
    scenario = treatystate.loads(_BASE + """
[[events]]
type = "consent"
party = "KGZ"
date = 2025-10-03

[[variants]]
name = "kgz-later"
[[variants.changes]]
consent = "KGZ"
date = 2026-10-03
[variants.expect.parties.KGZ]
consent = 2026-10-03

[sweep]
[[sweep.vary]]
consent = ["CHN", "KAZ", "TJK", "TKM", "UZB"]
values = [2025-12-01]
[sweep.expect]
rows = 1
earliest = 2025-12-01
""")
    assert scenario.check().ok, [str(m) for m in scenario.check().mismatches]


@pytest.mark.parametrize(("axis", "message"), [
    (Axis(ConsentDate("USA"), Values([SIGNATURE])), "USA is not a party"),
    (Axis(EventDate(EventMatch("consent")), Values([SIGNATURE])), "matches 6 events"),
    (Axis(EventDate(EventMatch("withdrawal", party="KAZ")), Values([SIGNATURE])),
     "no event matches"),
    (Axis(VariantChoice(), Values([Variant("x", [DropEvents(EventMatch(party="USA"))])])),
     "no event matches"),
])
def test_axes_that_cannot_apply_stop_the_sweep(seed: treatystate.Scenario, axis: Axis,
                                               message: str) -> None:
    with pytest.raises(treatystate.InputError, match=message):
        run_sweep(seed, Sweep([axis]), progress=False)


def test_a_sweep_built_from_the_public_vocabulary_is_the_files_sweep() -> None:
    """Law: the Monte Carlo example's [sweep], built in Python from ``treatystate.sweep``
    alone, is the same sweep and gives the same rows as the file's."""
    from treatystate import sweep as vocabulary

    scenario = treatystate.load(EXAMPLES / "central_asia_monte_carlo.toml")
    assert scenario.sweep is not None
    kgz = vocabulary.Axis(vocabulary.ConsentDate("KGZ"), vocabulary.Delays(
        pendulum.Date(2025, 9, 24), vocabulary.Uniform(10, 60)))
    others = [vocabulary.Axis(vocabulary.ConsentDate(code), vocabulary.Delays(
        pendulum.Date(2025, 6, 17), vocabulary.LogNormal(240, 0.5)))
        for code in ("CHN", "KAZ", "TJK", "TKM", "UZB")]
    built = vocabulary.Sweep([kgz, *others], samples=2000, seed=20250924,
                             in_force_by=scenario.sweep.in_force_by)
    assert built.axes == scenario.sweep.axes
    small = attrs.evolve(built, samples=40)
    assert list(run_sweep(scenario, small)) == list(
        run_sweep(scenario, attrs.evolve(scenario.sweep, samples=40, expect=None)))


@pytest.mark.parametrize(("make", "message"), [
    (lambda: Normal(90, -1), "invalid normal parameters (mean = 90, sd = -1): sd ≥ 0"),
    (lambda: LogNormal(0, 1), "median > 0"),
    (lambda: Triangular(30, 10, 20), "low ≤ mode ≤ high"),
    (lambda: Exponential(float("nan")), "invalid exponential parameters"),
    (lambda: Uniform(1.2, 1.8), "a whole day from low to high"),
    (lambda: Normal("90", 1), "invalid normal parameters"),  # type: ignore[arg-type]
    (lambda: Axis(VariantChoice(), Values(["six-month-notice"])), "is not a Variant"),
])
def test_the_vocabulary_refuses_what_the_file_reader_refuses(make: object, message: str
                                                             ) -> None:
    """Law: one validation for files and Python: a distribution or axis that a
    ``[[sweep.vary]]`` table could not hold is refused when built in Python too."""
    with pytest.raises(treatystate.InputError) as caught:
        make()  # type: ignore[operator]
    assert message in str(caught.value)
