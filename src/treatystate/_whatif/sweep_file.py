"""``[sweep]`` of a scenario file (docs/variants.md), read into a :class:`Sweep`."""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any

import pendulum

from .._dates.periods import MONTH_END_POLICIES, DateRule, legal_date, parse_period, timezone
from .._io.reader import Reader
from ..errors import InputError, ScenarioFileError
from .axes import (
    Axis,
    ConsentDate,
    DateRange,
    Delays,
    EventDate,
    InstrumentsNeeded,
    MonthEndPolicy,
    Source,
    Target,
    Values,
    WithdrawalNotice,
)
from .definition import Sweep
from .distributions import DISTRIBUTIONS, Distribution
from .summary import ISO_DATE, SweepExpect
from .variant_file import match_at

if TYPE_CHECKING:
    from .._scenario import Scenario

__all__ = ["parse_sweep"]


def parse_sweep(value: object, source: str, scenario: Scenario) -> Sweep:
    """``[sweep]`` of a scenario file (docs/variants.md)."""
    top = Reader({"sweep": value}, source, "", ScenarioFileError)
    table = top.table("sweep")
    assert table is not None
    table.only({"samples", "seed", "fields", "in_force_by", "vary", "expect"}, "[sweep]")
    zone = timezone(scenario.treaty.depositary.timezone)
    axes: list[Axis] = []
    for item in table.tables("vary"):
        axes.extend(_axes(item, zone, scenario))
    if not axes:
        table.fail("vary", "a sweep needs at least one [[sweep.vary]] table")
    random_axes = any(axis.random for axis in axes)
    if random_axes and not table.has("samples"):
        table.fail("samples", "a sweep with random delays needs `samples` (how many draws)")
    samples = table.typed("samples", int, "a whole number of samples", 1)
    seed = table.typed("seed", int, "a whole number", 0)
    fields = table.typed("fields", list, "a list of outcome fields", None)
    in_force_by = tuple(
        table.guard("in_force_by", functools.partial(_legal_day, value, zone))
        for value in table.typed("in_force_by", list, "a list of dates", [])
    )
    expect_table = table.table("expect")
    expect = _expect(expect_table) if expect_table is not None else None
    try:
        sweep = Sweep(tuple(axes), samples, seed,
                      None if fields is None else tuple(map(str, fields)), in_force_by, expect)
    except InputError as error:
        raise ScenarioFileError(f"{source}: sweep: {error}", source=source, key="sweep"
                                ) from None
    table.guard("vary", lambda: sweep.check(scenario))
    return sweep


def _legal_day(value: object, zone: pendulum.Timezone) -> pendulum.Date:
    return legal_date(value, zone)[0]


def _table(reader: Reader, key: str) -> Reader:
    table = reader.table(key, required=True)
    assert table is not None
    return table


def _axes(item: Reader, zone: pendulum.Timezone, scenario: Scenario) -> list[Axis]:
    targets = sorted({"consent", "event", "set"} & set(item.data))
    sources = sorted({"values", "dates", "delay"} & set(item.data))
    item.only({"consent", "event", "set", "values", "dates", "delay", "name"},
              "a [[sweep.vary]] table")
    if len(targets) != 1:
        item.fail("consent", "name exactly one input to vary: `consent = \"KAZ\"`, "
                             "`event = { ... }` or `set = \"month_end\"`")
    if len(sources) != 1:
        item.fail("values", "give exactly one of `values = [...]`, "
                            "`dates = { from, to, step }` or `delay = { after, distribution, ...}`")
    kind = targets[0]
    found: list[Target] = []
    if kind == "consent":
        parties = item.raw("consent")
        codes = parties if isinstance(parties, list) else [parties]
        listed = scenario.treaty.parties
        for code in codes:
            if not isinstance(code, str) or (listed is not None and code not in listed):
                item.fail("consent", f"{code!r} is not a listed party"
                          + (f" ({', '.join(listed)})" if listed else ""))
            found.append(ConsentDate(code))
    elif kind == "event":
        found.append(EventDate(match_at(item, "event")))
    else:
        setting = item.string("set", required=True)
        chosen: dict[str, Target] = {"month_end": MonthEndPolicy(),
                                     "withdrawal.effective": WithdrawalNotice(),
                                     "entry_into_force.instruments": InstrumentsNeeded()}
        if setting not in chosen:
            item.fail("set", f"{setting!r} cannot be varied; use one of {', '.join(chosen)}")
        found.append(chosen[setting])
    source = _source(item, sources[0], zone, found[0])
    name = item.optional_string("name")
    if name is not None and len(found) > 1:
        item.fail("name", "a name needs a single input (give one table per party)")
    return [item.guard(sources[0], functools.partial(Axis, target, source, name))
            for target in found]


def _source(item: Reader, key: str, zone: pendulum.Timezone, target: Target) -> Source:
    def date(reader: Reader, key: str) -> pendulum.Date:
        return reader.guard(key, functools.partial(_legal_day, reader.need(key), zone))

    if key == "values":
        raw = item.typed("values", list, "a list of values", [])
        items: list[Any]
        if target.takes_dates:
            items = [item.guard("values", functools.partial(_legal_day, v, zone)) for v in raw]
        elif isinstance(target, MonthEndPolicy):
            for v in raw:
                if v not in MONTH_END_POLICIES:
                    item.fail("values", f"{v!r} is not a month-end policy; use one of "
                                        f"{', '.join(MONTH_END_POLICIES)}")
            items = list(raw)
        elif isinstance(target, WithdrawalNotice):
            items = [item.guard("values", functools.partial(
                DateRule.parse, [v] if isinstance(v, str) else v)) for v in raw]
        else:
            for v in raw:
                if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                    item.fail("values", f"expected whole numbers of instruments, got {v!r}")
            items = list(raw)
        return item.guard("values", functools.partial(Values, tuple(items)))
    if key == "dates":
        span = _table(item, "dates")
        span.only({"from", "to", "step"}, "`dates`")
        step = span.guard("step", functools.partial(parse_period, span.need("step")))
        start, stop = date(span, "from"), date(span, "to")
        return span.guard("to", functools.partial(DateRange, start, stop, step))
    delay = _table(item, "delay")
    name = delay.string("distribution", required=True)
    if name not in DISTRIBUTIONS:
        delay.fail("distribution", f"{name!r} is not a distribution; use one of "
                                   f"{', '.join(DISTRIBUTIONS)}")
    kind, params = DISTRIBUTIONS[name]
    delay.only({"after", "distribution", *params}, f"a {name} delay")
    numbers: list[float] = []
    for param in params:
        number = delay.need(param)
        if isinstance(number, bool) or not isinstance(number, int | float) \
                or not math.isfinite(number):
            delay.fail(param, f"expected a number of days, got {number!r}")
        numbers.append(float(number))
    distribution: Distribution = delay.guard(params[0], lambda: kind(*numbers))
    return Delays(date(delay, "after"), distribution)


def _expect(table: Reader) -> SweepExpect:
    table.only({"rows", "refused", "never", "earliest", "latest", "median", "in_force_by"},
               "[sweep.expect]")
    counts = {key: table.typed(key, int, "a whole number", None)
              for key in ("rows", "refused", "never")}
    dates: dict[str, str | None] = {}
    for key in ("earliest", "latest", "median"):
        value = table.raw(key)
        dates[key] = None if value is None else table.guard(
            key, functools.partial(_legal_day, value, pendulum.UTC)).isoformat()
    ranges: dict[str, tuple[float, float]] = {}
    by = table.table("in_force_by")
    if by is not None:
        for day, wanted in by.data.items():
            if not ISO_DATE.fullmatch(day):
                by.fail(day, "is not a date (write 2026-12-31 = [0.4, 0.6])")
            if isinstance(wanted, int | float) and not isinstance(wanted, bool):
                ranges[day] = (float(wanted), float(wanted))
            elif (isinstance(wanted, list) and len(wanted) == 2
                  and all(isinstance(w, int | float) and not isinstance(w, bool)
                          for w in wanted)):
                ranges[day] = (float(wanted[0]), float(wanted[1]))
            else:
                by.fail(day, f"expected a probability or [lowest, highest], got {wanted!r}")
    return SweepExpect(counts["rows"], counts["refused"], counts["never"], dates["earliest"],
                       dates["latest"], dates["median"], ranges)
