"""The Hypothesis plugin: strategies for ``st.from_type`` on treatystate's value types.

Hypothesis runs :func:`_hypothesis_setup_hook` through the ``hypothesis`` entry point at
every ``import hypothesis``, also while ``treatystate.testing`` itself is being imported
(it imports Hypothesis). So this module imports nothing at its top, the hook imports
only the value types it registers, and every strategy is built on first use.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


@functools.cache
def _registered() -> dict[type, SearchStrategy[Any]]:
    import pendulum
    from hypothesis import strategies as st

    from .._dates.periods import DateRule, Period
    from .._model.clauses import DUTY_TRIGGERS, Depositary, Duty, Treaty
    from .._model.outcome import Outcome
    from .._scenario import Scenario
    from ._dates import _LEGAL_PERIODS, ZONES, date_rules, legal_dates, periods
    from ._scenarios import scenarios
    from ._treaties import treaties
    from ._whatif_strategies import _whatif_strategies

    any_scenario = scenarios(treaties())
    return {
        pendulum.Date: legal_dates(),
        Period: periods(),
        DateRule: date_rules(),
        Treaty: treaties(),
        Scenario: any_scenario,
        Outcome: any_scenario.map(lambda s: s.run()),
        Depositary: st.builds(Depositary, st.just("the depositary"), st.sampled_from(ZONES)),
        Duty: st.builds(Duty, st.just("a-duty"), st.sampled_from(DUTY_TRIGGERS),
                        st.one_of(st.none(), _LEGAL_PERIODS)),
        **_whatif_strategies(),
    }


def _print_treaty(treaty: Any, printer: Any, cycle: bool) -> None:
    """How Hypothesis shows a drawn treaty in a falsifying example: as the code that
    gives it back, ``presets.get(id)`` for an unchanged preset, else its treaty file read
    by ``loads_treaty`` (as a scenario shows as its scenario file)."""
    from .._io.writer import is_unchanged_preset, reading_code, treaty_toml

    if is_unchanged_preset(treaty):
        printer.text(f"treatystate.presets.get({treaty.id!r})")
        return
    printer.text(reading_code("loads_treaty", treaty_toml(treaty)))


def _hypothesis_setup_hook() -> None:
    """Register strategies for ``st.from_type`` (run by Hypothesis's entry point), and
    how a falsifying example shows a treaty."""
    from hypothesis.vendor.pretty import for_type_by_name

    # By name: the treaty's module need not be imported for Hypothesis to know it.
    for_type_by_name("treatystate._model.clauses", "Treaty", _print_treaty)
    import pendulum
    from hypothesis import strategies as st

    from .._dates.periods import DateRule, Period
    from .._model.clauses import Depositary, Duty, Treaty
    from .._model.outcome import Outcome
    from .._scenario import Scenario
    from .._whatif import sweep, variants

    def on_first_use(kind: type) -> SearchStrategy[Any]:
        return st.deferred(lambda: _registered()[kind])

    # Change (a Protocol) draws any change; Distribution, a union, any registered member.
    kinds: tuple[type, ...] = (
        pendulum.Date, Period, DateRule, Treaty, Scenario, Outcome, Depositary, Duty,
        variants.ShiftEvents, variants.MoveEvent, variants.DropEvents, variants.AddEvent,
        variants.SetConsent, variants.SetMonthEnd, variants.SetWithdrawalEffective,
        variants.SetEntryCondition, variants.ChangeClause, variants.ReplaceTreaty,
        variants.Change, variants.EventMatch, variants.Variant, sweep.Uniform,
        sweep.Normal, sweep.LogNormal, sweep.Triangular, sweep.Exponential,
        sweep.DateRange, sweep.Values, sweep.Delays, sweep.Axis, sweep.Sweep)
    for kind in kinds:
        st.register_type_strategy(kind, on_first_use(kind))
