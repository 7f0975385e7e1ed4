"""The toolkit tests itself: each strategy of ``treatystate.testing`` generates what it
promises, invalid scenarios are refused for the labelled rule, and the package still
works without Hypothesis."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import treatystate
from treatystate import (
    AllParties,
    DateRule,
    Instruments,
    Period,
    RefusedEvent,
    Scenario,
    Treaty,
    parse_period,
)
from treatystate._dates.periods import MONTH_END_POLICIES, StartOfMonth, StartOfNextMonth, timezone
from treatystate._rules import RULES
from treatystate.testing import (
    INVALID_RULES,
    InvalidRule,
    InvalidScenario,
    date_rules,
    legal_dates,
    periods,
    scenarios,
    timestamps,
    treaties,
)
from treatystate.testing._refusals import _BREAKERS

RULES_FROM = settings(max_examples=25, suppress_health_check=[HealthCheck.filter_too_much])


class _Found(Exception):
    def __init__(self, value: object) -> None:
        super().__init__()
        self.value = value


def first(strategy: st.SearchStrategy[Any], predicate: Callable[[Any], object],
          tries: int = 500) -> Any:
    """The first example satisfying ``predicate`` (``find`` without the costly shrink)."""

    @settings(max_examples=tries, database=None, phases=[Phase.generate])
    @given(strategy)
    def search(value: object) -> None:
        if predicate(value):
            raise _Found(value)

    try:
        search()
    except _Found as found:
        return found.value
    pytest.fail(f"no example in {tries} satisfies the predicate")


def collect(strategy: st.SearchStrategy[object], count: int) -> list[object]:
    """``count`` examples of ``strategy`` (deterministic under the CI profile)."""
    seen: list[object] = []

    @settings(max_examples=count, database=None)
    @given(strategy)
    def gather(value: object) -> None:
        seen.append(value)

    gather()
    return seen


# --------------------------------------------------------------------- legal_dates


@settings(max_examples=300)
@given(st.data())
def test_legal_dates_stay_within_bounds_and_are_pendulum_dates(data: st.DataObject) -> None:
    lo = data.draw(st.dates(dt.date(1, 1, 1), dt.date(9999, 1, 1)), label="lo")
    hi = data.draw(st.dates(lo, dt.date(9999, 12, 31)), label="hi")
    day = data.draw(legal_dates(lo, hi))
    assert type(day) is pendulum.Date
    assert lo <= day <= hi


def test_legal_dates_are_biased_toward_month_ends_leap_days_and_year_ends() -> None:
    """Uniform dates hit a month's last day about 1 time in 30, 29 February 1 in 1461
    and 31 December 1 in 365; the strategy promises far more of each."""
    days = [d for d in collect(legal_dates(), 600) if isinstance(d, dt.date)]
    share = {
        "month end": sum(d.day == calendar.monthrange(d.year, d.month)[1] for d in days),
        "29 February": sum((d.month, d.day) == (2, 29) for d in days),
        "31 December": sum((d.month, d.day) == (12, 31) for d in days),
        "28th to 31st": sum(d.day >= 28 for d in days),
    }
    n = len(days)
    assert share["month end"] / n > 0.15, share
    assert share["29 February"] / n > 0.03, share
    assert share["31 December"] / n > 0.03, share
    assert share["28th to 31st"] / n > 0.25, share


def test_legal_dates_find_a_leap_day_in_a_narrow_range() -> None:
    found = first(legal_dates(dt.date(2028, 1, 1), dt.date(2028, 12, 31)),
                 lambda d: (d.month, d.day) == (2, 29))
    assert found == pendulum.Date(2028, 2, 29)


def test_legal_dates_refuse_inverted_bounds() -> None:
    with pytest.raises(ValueError, match="after"):
        legal_dates(dt.date(2030, 1, 1), dt.date(2020, 1, 1))


def test_from_type_builds_pendulum_dates() -> None:
    day = first(st.from_type(pendulum.Date), lambda d: True)
    assert isinstance(day, pendulum.Date)


# ------------------------------------------------------------------------- periods


@settings(max_examples=300)
@given(periods(max_years=3, max_months=20, max_weeks=5, max_days=50))
def test_periods_are_non_empty_bounded_and_print_as_iso(period: Period) -> None:
    assert period.total_months or period.total_days
    assert period.years <= 3 and period.months <= 20 and period.weeks <= 5 and period.days <= 50
    assert parse_period(str(period)) == period


def test_periods_cover_every_shape() -> None:
    for shape in (lambda p: p.months and not (p.years or p.weeks or p.days),
                  lambda p: p.days and not (p.years or p.months or p.weeks),
                  lambda p: p.years and not (p.months or p.weeks or p.days),
                  lambda p: p.years and p.months and p.days):
        first(periods(), shape)
    first(periods(allow_zero=True), lambda p: p == Period())


# ---------------------------------------------------------------------- date_rules


@settings(max_examples=300)
@given(date_rules(), legal_dates(), st.sampled_from(("last-day", "next-day")))
def test_forward_rules_never_go_back(rule: DateRule, start: pendulum.Date, month_end: str
                                     ) -> None:
    assert rule.apply(start, month_end).date >= start  # type: ignore[arg-type]


def test_any_rules_include_subtractions_and_named_steps() -> None:
    first(date_rules(forward_only=False), lambda r: any(
        getattr(s, "sign", 1) < 0 for s in r.steps))
    first(date_rules(forward_only=False), lambda r: StartOfMonth() in r.steps)
    first(date_rules(), lambda r: r.steps[-2:] == (StartOfNextMonth(), treatystate.parse_step(
        "-P1D")))


# ---------------------------------------------------------------------- timestamps


@settings(max_examples=300)
@given(timestamps(dt.date(2000, 1, 1), dt.date(2050, 12, 31)))
def test_timestamps_are_aware_and_accepted(stamp: dt.datetime) -> None:
    assert stamp.tzinfo is not None and stamp.utcoffset() is not None
    assert dt.date(2000, 1, 1) <= stamp.date() <= dt.date(2050, 12, 31)
    treatystate.legal_date(stamp, timezone("Asia/Shanghai"))


def test_timestamps_reach_the_next_day_at_the_depositary() -> None:
    shanghai = timezone("Asia/Shanghai")
    first(timestamps(), lambda s: treatystate.legal_date(s, shanghai)[0] != s.date())


# ------------------------------------------------------------------------ treaties


@settings(max_examples=200)
@given(treaties())
def test_treaties_are_valid(treaty: Treaty) -> None:
    """What the loader would check: thresholds reachable, weight tables named, duty ids
    unique and well formed, a known zone and month-end policy."""
    condition = treaty.entry_into_force.condition
    if treaty.parties is not None:
        assert 2 <= len(treaty.parties) == len(set(treaty.parties))
    else:
        assert not isinstance(condition, AllParties)
    if isinstance(condition, Instruments):
        assert condition.count >= 0
        assert condition.count or condition.weight
        if treaty.parties is not None:
            assert condition.count <= len(treaty.parties)
        if condition.weight is not None:
            assert condition.share is not None and 0 < condition.share <= 1
            assert sum(treaty.weights[condition.weight].values()) > 0
    ids = [d.id for d in treaty.duties]
    assert len(ids) == len(set(ids))
    assert treaty.month_end in MONTH_END_POLICIES
    timezone(treaty.depositary.timezone)


VOCABULARY = {
    "closed": lambda t: t.closed,
    "open": lambda t: not t.closed,
    "when all": lambda t: isinstance(t.entry_into_force.condition, AllParties),
    "when instruments": lambda t: isinstance(t.entry_into_force.condition, Instruments)
    and t.entry_into_force.condition.weight is None,
    "when weighted": lambda t: getattr(t.entry_into_force.condition, "weight", None),
    "date steps": lambda t: len(t.entry_into_force.date.steps) >= 2,
    "later": lambda t: t.entry_into_force.later is not None,
    "not_before": lambda t: t.entry_into_force.not_before is not None,
    "withdrawal not allowed": lambda t: not t.withdrawal.allowed,
    "effective": lambda t: t.withdrawal.effective.as_strings() != ["+P12M"],
    "earliest": lambda t: t.withdrawal.earliest is not None,
    "later_date": lambda t: t.withdrawal.later_date,
    "irrevocable": lambda t: not t.withdrawal.revocable,
    "termination.below": lambda t: t.termination.below is not None,
    "duty with within": lambda t: any(d.within for d in t.duties),
    "duty without within": lambda t: any(d.within is None for d in t.duties),
    "month_end strict": lambda t: t.month_end == "strict",
    "month_end next-day": lambda t: t.month_end == "next-day",
    "opened_for_signature": lambda t: t.opened_for_signature is not None,
}


@pytest.mark.parametrize("feature", sorted(VOCABULARY))
def test_treaties_cover_the_whole_vocabulary(feature: str) -> None:
    first(treaties(), VOCABULARY[feature])


def test_treaties_can_be_pinned() -> None:
    for treaty in collect(treaties(closed=False, month_end="strict"), 30):
        assert isinstance(treaty, Treaty)
        assert (treaty.closed, treaty.month_end) == (False, "strict")


def test_from_type_builds_treaties_periods_rules_and_scenarios() -> None:
    assert isinstance(first(st.from_type(Treaty), lambda t: True), Treaty)
    assert isinstance(first(st.from_type(Period), lambda p: True), Period)
    assert isinstance(first(st.from_type(DateRule), lambda r: True), DateRule)
    scenario = first(st.from_type(Scenario), lambda s: len(s.events) >= 3)
    assert isinstance(scenario, Scenario)
    assert isinstance(first(st.from_type(treatystate.Outcome), lambda o: True),
                      treatystate.Outcome)


# ----------------------------------------------------------------------- scenarios


@settings(max_examples=100)
@given(scenarios(min_events=2, max_events=10))
def test_valid_scenarios_are_accepted_in_full(scenario: Scenario) -> None:
    assert 2 <= len(scenario.events) <= 10 or not _can_continue(scenario)
    assert [e.index for e in scenario.events] == list(range(len(scenario.events)))
    days = [e.date for e in scenario.events]
    assert days == sorted(days)
    if scenario.treaty.closed:
        assert scenario.events[0].type == "signature"
    scenario.run()


def _can_continue(scenario: Scenario) -> bool:
    """A scenario stops early only when its state allows nothing more."""
    outcome = scenario.run()
    return outcome.status != "terminated" or any(d.done is None for d in outcome.duties)


def test_valid_scenarios_reach_every_status() -> None:
    # Statuses at the last event: by the end of time every pending notice took effect.
    outcomes = [s.run(s.events[-1].date) for s in collect(scenarios(min_events=1), 150)
                if isinstance(s, Scenario)]
    party = {r.status for o in outcomes for r in o.parties.values()}
    treaty = {o.status for o in outcomes}
    duty = {d.status for o in outcomes for d in o.duties}
    assert {"signatory", "contracting", "party", "withdrawing", "withdrawn",
            "terminated"} <= party
    assert {"signed", "in-force", "terminated"} <= treaty
    assert {"done", "late", "overdue", "pending"} <= duty
    kinds = {e.type for o in collect(scenarios(min_events=1), 150)
             if isinstance(o, Scenario) for e in o.events}
    assert kinds == {"signature", "consent", "consent-revocation", "withdrawal",
                     "withdrawal-revocation", "duty"}


@settings(max_examples=30)
@given(scenarios(treatystate.presets.get("china-central-asia-2025"), min_events=3))
def test_scenarios_of_a_given_treaty_use_it(scenario: Scenario) -> None:
    assert scenario.treaty.id == "china-central-asia-2025"
    scenario.run()


def check_refused(invalid: InvalidScenario) -> None:
    with pytest.raises(RefusedEvent) as caught:
        invalid.scenario.run()
    error = caught.value
    assert (error.index, error.rule) == (invalid.bad_index, invalid.cites), str(error)
    assert error.refusal == invalid.refusal == _BREAKERS[invalid.rule].label
    assert invalid.cites in str(error)
    assert invalid.bad_index == len(invalid.scenario.events) - 1
    Scenario(invalid.scenario.treaty, invalid.scenario.events[:-1]).run()


@settings(max_examples=150)
@given(scenarios(valid=False))
def test_invalid_scenarios_are_refused_for_the_labelled_rule(invalid: InvalidScenario) -> None:
    """Every invalid scenario: its valid prefix runs; its one bad event is refused, and
    the refusal names that event and carries the labelled rule's citation."""
    check_refused(invalid)


@pytest.mark.parametrize("rule", INVALID_RULES)
def test_each_rule_can_be_broken_and_is_refused(rule: InvalidRule) -> None:
    @RULES_FROM
    @given(scenarios(valid=False, rules=[rule]))
    def broken(invalid: InvalidScenario) -> None:
        assert invalid.rule == rule
        check_refused(invalid)

    broken()


def test_invalid_scenarios_of_a_given_treaty_skip_rules_it_cannot_break() -> None:
    preset = treatystate.presets.get("china-central-asia-2025")
    for invalid in collect(scenarios(preset, valid=False), 40):
        assert isinstance(invalid, InvalidScenario)
        assert invalid.scenario.treaty == preset
        assert invalid.rule not in ("withdrawal-not-allowed", "revocation-not-allowed",
                                    "strict-month-end", "named-effective-too-early")
        check_refused(invalid)


def test_each_rule_is_broken_by_a_check_the_engine_declares() -> None:
    """A rule to break names the label of one of the rule modules' checks (or of the
    date arithmetic): the breakers look for an event the engine refuses by it."""
    declared = {label for rule in RULES for label in rule.refusals}
    labels = {rule: breaker.label for rule, breaker in _BREAKERS.items()}
    assert set(labels) == set(INVALID_RULES)
    assert {label for label in labels.values() if not label.startswith("date.")} <= declared
    assert labels["strict-month-end"] == "date.ambiguous"


def test_unknown_rules_are_refused() -> None:
    with pytest.raises(ValueError, match="second-consent"):
        scenarios(valid=False, rules=["no-such-rule"])  # type: ignore[call-overload]


# --------------------------------------------------------- packaging of the toolkit


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env={**os.environ, **env}, check=False)


def test_the_package_imports_without_hypothesis() -> None:
    result = run_python("""
        import sys
        sys.modules["hypothesis"] = None  # as if it were not installed
        import treatystate
        assert "treatystate.testing" not in sys.modules
        print(treatystate.builtin_example().run().entry_into_force)
        try:
            import treatystate.testing
        except ImportError as error:
            print(error)
    """)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2026-01-02"
    assert "pip install 'treatystate[testing]'" in lines[1]


def test_the_toolkit_imports_before_hypothesis() -> None:
    """``import treatystate.testing`` in a fresh interpreter, Hypothesis not imported yet:
    importing Hypothesis (from inside the toolkit) runs the entry point, which names the
    half-imported toolkit; it finds the hook, and every strategy works after."""
    result = run_python("""
        import sys
        assert "hypothesis" not in sys.modules
        import treatystate.testing
        from treatystate.testing import TreatyLifecycle, scenarios, treaties
        import pendulum
        from hypothesis import find, strategies as st
        print(type(find(st.from_type(pendulum.Date), lambda d: d.day == 31)).__name__)
        print(len(find(scenarios(treaties()), lambda s: len(s.events) > 2).events) > 2)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Date", "True"]


def test_the_entry_point_is_light_and_its_path_valid() -> None:
    """The installed entry point resolves to the hook, and ``import hypothesis`` (which
    runs it in every project where treatystate is installed) imports none of the
    toolkit's strategies: they are built on first use."""
    result = run_python("""
        import importlib.metadata, sys
        import hypothesis
        (entry,) = [e for e in importlib.metadata.entry_points(group="hypothesis")
                    if e.value.startswith("treatystate")]
        print(entry.load().__name__)
        print(sorted(m for m in sys.modules if m.startswith("treatystate.testing.")))
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "_hypothesis_setup_hook", "['treatystate.testing._registration']"]


def test_the_entry_point_registers_strategies_without_an_import() -> None:
    result = run_python("""
        import sys
        import pendulum
        from hypothesis import find, strategies as st
        assert "treatystate.testing" in sys.modules, "the entry point did not run"
        print(type(find(st.from_type(pendulum.Date), lambda d: d.day == 31)).__name__)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Date"


# --------------------------------------------------------------- falsifying examples


def _shown(value: object) -> str:
    """``value`` as Hypothesis prints it in a falsifying example."""
    from hypothesis.vendor.pretty import pretty

    return pretty(value)


@settings(max_examples=25)
@given(treaties())
def test_a_drawn_treaty_prints_as_the_code_that_gives_it_back(treaty: Treaty) -> None:
    """Law: a falsifying example shows a treaty as code to paste into a test, which
    gives back an equal treaty: ``presets.get(id)`` for an unchanged preset, else
    ``loads_treaty`` of its treaty file."""
    shown = _shown(treaty)
    assert shown.startswith(("treatystate.loads_treaty(", "treatystate.presets.get(")), shown
    assert eval(shown, {"treatystate": treatystate}) == treaty


def test_a_preset_prints_as_its_id() -> None:
    treaty = treatystate.presets.get("rome-statute-1998")
    assert _shown(treaty) == "treatystate.presets.get('rome-statute-1998')"


@settings(max_examples=15)
@given(scenarios(treaties()))
def test_a_drawn_scenario_prints_as_its_scenario_file(scenario: Any) -> None:
    """Law: a falsifying scenario shows as ``treatystate.loads`` of its scenario file,
    which reads back to the same treaty and events."""
    shown = _shown(scenario)
    assert shown.startswith('treatystate.loads("""'), shown
    again = eval(shown, {"treatystate": treatystate})
    assert (again.treaty, again.events) == (scenario.treaty, scenario.events)


def test_a_falsified_property_shows_the_treaty_as_a_treaty_file() -> None:
    """Law: the report of a property that fails on a drawn treaty names it as code, not
    as the treaty's long attrs repr."""
    @settings(max_examples=50, database=None, phases=[Phase.generate, Phase.shrink])
    @given(treaties())
    def never_a_depositary(treaty: Treaty) -> None:
        assert not treaty.depositary.timezone

    with pytest.raises(AssertionError) as failure:
        never_a_depositary()
    report = "\n".join(getattr(failure.value, "__notes__", []))
    assert "treatystate.loads_treaty(" in report or "treatystate.presets.get(" in report
    assert "Treaty(id=" not in report
