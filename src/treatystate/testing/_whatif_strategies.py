"""Strategies for the what-if value types (variants and sweeps)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any, get_args

from hypothesis import strategies as st

from .._dates.periods import (
    MONTH_END_POLICIES,
    Period,
)
from .._model.clauses import (
    AllParties,
    Condition,
    Instruments,
)
from .._model.events import EventType
from ._dates import _shift_days, date_rules, legal_dates
from ._treaties import STATE_CODES, treaties


@functools.cache
def _whatif_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """Strategies for the what-if value types (``variants.py``, ``sweep.py``): values
    their constructors accept, naming the States of :data:`STATE_CODES`. Applied to a
    scenario, a change may still not fit it (an event it does not have, a State it does
    not list): then it raises :class:`~treatystate.TreatyStateError`, as a hand-written
    one would."""
    from .._whatif import sweep, variants

    parties = st.sampled_from(STATE_CODES)
    dates = legal_dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
    event_types = st.sampled_from(get_args(EventType))
    matches = st.one_of(
        st.builds(variants.EventMatch, type=event_types,
                  party=st.one_of(st.none(), parties)),
        st.builds(variants.EventMatch, party=parties),
        st.builds(variants.EventMatch, type=event_types, index=st.integers(0, 15)),
    )
    # Rules as their strings, as a variant file writes them (the field converts).
    rules = date_rules()
    conditions: st.SearchStrategy[Condition] = st.one_of(
        st.just(AllParties()), st.integers(1, 6).map(Instruments))
    clause_values = st.one_of(
        st.builds(variants.ChangeClause, st.just("withdrawal"),
                  st.fixed_dictionaries({"revocable": st.booleans()},
                                        optional={"later_date": st.booleans()})),
        st.builds(variants.ChangeClause, st.just("termination"),
                  st.fixed_dictionaries({"below": st.one_of(st.none(), st.integers(1, 6))})),
        st.builds(variants.ChangeClause, st.just("treaty"),
                  st.fixed_dictionaries({"month_end": st.sampled_from(MONTH_END_POLICIES)})),
    )
    each_change: dict[type, st.SearchStrategy[Any]] = {
        variants.ShiftEvents: st.builds(variants.ShiftEvents, matches,
                                        date_rules(forward_only=False)),
        variants.MoveEvent: st.builds(variants.MoveEvent, matches, dates),
        variants.DropEvents: st.builds(variants.DropEvents, matches),
        variants.AddEvent: st.builds(
            variants.AddEvent, st.sampled_from(("consent", "withdrawal", "consent-revocation")),
            dates, parties),
        variants.SetConsent: st.builds(variants.SetConsent, parties, dates),
        variants.SetMonthEnd: st.builds(variants.SetMonthEnd,
                                        st.sampled_from(MONTH_END_POLICIES)),
        variants.SetWithdrawalEffective: st.builds(variants.SetWithdrawalEffective, rules),
        variants.SetEntryCondition: st.builds(variants.SetEntryCondition, conditions),
        variants.ChangeClause: clause_values,
        variants.ReplaceTreaty: st.builds(variants.ReplaceTreaty, treaties()),
    }
    changes = st.one_of(*each_change.values())
    names = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8})?", fullmatch=True)
    variant = st.builds(variants.Variant, names, st.lists(changes, max_size=3).map(tuple))

    def values_of(items: Sequence[Any]) -> sweep.Values:
        return sweep.Values(tuple(items))

    days = st.integers(0, 2000).map(float)
    each_distribution: dict[type, st.SearchStrategy[Any]] = {
        sweep.Uniform: st.builds(lambda a, b: sweep.Uniform(min(a, b), max(a, b)), days, days),
        sweep.Normal: st.builds(sweep.Normal, days, st.integers(0, 300).map(float)),
        sweep.LogNormal: st.builds(sweep.LogNormal, st.integers(1, 2000).map(float),
                                   st.sampled_from((0.1, 0.5, 1.0, 1.5))),
        sweep.Triangular: st.lists(days, min_size=3, max_size=3).map(sorted).map(
            lambda t: sweep.Triangular(*t)),
        sweep.Exponential: st.builds(sweep.Exponential, st.integers(1, 2000).map(float)),
    }
    distributions = st.one_of(*each_distribution.values())
    date_range = st.builds(
        lambda start, span, step: sweep.DateRange(start, _shift_days(start, span), step),
        dates, st.integers(0, 400),
        st.sampled_from((Period(days=1), Period(days=7), Period(months=1), Period(days=30))))
    delays = st.builds(sweep.Delays, dates, distributions)
    date_axis = st.builds(
        sweep.Axis,
        st.one_of(st.builds(sweep.ConsentDate, parties), st.builds(sweep.EventDate, matches)),
        st.one_of(date_range, delays,
                  st.lists(dates, min_size=1, max_size=4, unique=True).map(values_of)))
    value_axis = st.one_of(
        st.builds(sweep.Axis, st.just(sweep.MonthEndPolicy()), st.lists(
            st.sampled_from(MONTH_END_POLICIES), min_size=1, unique=True).map(values_of)),
        st.builds(sweep.Axis, st.just(sweep.WithdrawalNotice()), st.lists(
            st.sampled_from(("+P6M", "+P12M", "+P1Y", "+P90D")), min_size=1,
            unique=True).map(values_of)),
        st.builds(sweep.Axis, st.just(sweep.InstrumentsNeeded()), st.lists(
            st.integers(1, 6), min_size=1, max_size=4, unique=True).map(values_of)),
        st.builds(sweep.Axis, st.just(sweep.VariantChoice()), st.lists(
            variant, min_size=1, max_size=3, unique_by=lambda v: v.name).map(values_of)),
    )
    axes = st.lists(st.one_of(date_axis, value_axis), min_size=1, max_size=3,
                    unique_by=lambda axis: axis.column)

    @st.composite
    def sweeps(draw: st.DrawFn) -> sweep.Sweep:
        chosen = draw(axes)
        random = any(axis.random for axis in chosen)
        samples = draw(st.integers(1, 5)) if random else 1
        return sweep.Sweep(tuple(chosen), samples, draw(st.integers(0, 2**32 - 1)))

    return {
        **each_change, **each_distribution,
        variants.EventMatch: matches, variants.Variant: variant,
        sweep.DateRange: date_range, sweep.Delays: delays,
        sweep.Values: st.lists(dates, min_size=1, max_size=4).map(values_of),
        sweep.Axis: st.one_of(date_axis, value_axis), sweep.Sweep: sweeps(),
        variants.Change: changes,
    }
