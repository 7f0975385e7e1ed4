"""Hypothesis strategies and a state machine for property-testing treaty date rules.

Install the extra: ``pip install 'treatystate[testing]'``. Plain ``st.dates()`` rarely
lands on the days where treaty arithmetic is subtle, so everything here is biased
toward them (month ends, 29 February, year ends, midnight at the depositary).

>>> from hypothesis import given
>>> from treatystate.testing import legal_dates, scenarios, treaties
>>> @given(scenarios(treaties()))
... def test_no_state_withdraws_before_it_consents(scenario): ...

What is here:

* :func:`legal_dates`, :func:`periods`, :func:`date_rules`, :func:`timestamps`: the
  building blocks of SPEC §1;
* :func:`treaties`: random valid :class:`~treatystate.Treaty` values across the whole
  treaty-file vocabulary of SPEC §2, and with ``added_clauses=True`` the clause kinds
  added since (term, armed conflict, provisional application, protocols,
  ``later_after``, participation, depositary holidays);
* :func:`scenarios`: event sequences the engine must accept (``valid=True``, with the
  added event types on treaties that allow them), or sequences whose last event must be
  refused (``valid=False``), labelled with the rule that event breaks
  (:class:`InvalidScenario`, :data:`INVALID_RULES`, :data:`ADDED_CLAUSE_RULES`);
* :class:`TreatyLifecycle`: a ``RuleBasedStateMachine`` to subclass with your own
  invariants;
* ``_hypothesis_setup_hook``: run by Hypothesis through the ``hypothesis`` entry
  point, so ``st.from_type(pendulum.Date)`` and ``st.from_type`` on the public value
  types (the what-if ones of ``variants`` and ``sweep`` included) work with no import.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, Literal, Protocol, TypeAlias, TypeVar, get_args, overload

try:
    from hypothesis import reject
    from hypothesis import strategies as st
    from hypothesis.stateful import RuleBasedStateMachine, initialize, rule
except ImportError as error:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "treatystate.testing needs Hypothesis: install the extra with "
        "pip install 'treatystate[testing]'"
    ) from error

import attrs
import pendulum

from ._dates.periods import (
    MONTH_END_POLICIES,
    AddPeriod,
    DateRule,
    MonthEnd,
    Period,
    StartOfMonth,
    StartOfNextMonth,
    Step,
)
from ._model.clauses import (
    DUTY_TRIGGERS,
    AllParties,
    Condition,
    Depositary,
    Duty,
    EntryIntoForce,
    Instruments,
    Participation,
    ProvisionalApplication,
    Term,
    Termination,
    Treaty,
    Withdrawal,
)
from ._model.clauses import Protocol as AmendingProtocol
from ._model.events import Event, EventType
from ._model.outcome import Outcome
from ._scenario import Scenario
from .errors import AmbiguousDate, TreatyStateError

__all__ = [
    "ADDED_CLAUSE_RULES",
    "HOLIDAY_CALENDARS",
    "INVALID_RULES",
    "STATE_CODES",
    "ZONES",
    "InvalidRule",
    "InvalidScenario",
    "TreatyLifecycle",
    "date_rules",
    "legal_dates",
    "periods",
    "scenarios",
    "timestamps",
    "treaties",
]

#: State codes the strategies use (ISO 3166-1 alpha-3).
STATE_CODES: tuple[str, ...] = (
    "CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB", "FRA", "DEU", "BRA", "IND", "USA", "JPN",
)
#: Depositary zones: far east and far west of UTC, half- and quarter-hour offsets, DST.
ZONES: tuple[str, ...] = (
    "UTC", "Asia/Shanghai", "Asia/Ashgabat", "America/New_York", "Europe/Paris",
    "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu", "Australia/Lord_Howe",
)

T = TypeVar("T")


class _Draw(Protocol):
    """``st.DrawFn`` or ``st.DataObject.draw``: whatever draws from a strategy."""

    def __call__(self, strategy: st.SearchStrategy[T]) -> T: ...


_MIN = dt.date(1900, 1, 1)
_MAX = dt.date(2200, 12, 31)


def _pdate(value: dt.date) -> pendulum.Date:
    return pendulum.Date(value.year, value.month, value.day)


# ------------------------------------------------------------------------- dates


@st.composite
def _month_end_dates(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    """A day from the 28th to the last of a month (where month arithmetic clamps)."""
    index = draw(st.integers(lo.year * 12 + lo.month - 1, hi.year * 12 + hi.month - 1))
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    day = draw(st.sampled_from(sorted({last, 28, 29, 30, 31} & set(range(28, last + 1)),
                                      reverse=True)))
    return dt.date(year, month0 + 1, day)


@st.composite
def _leap_dates(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    """29 February of a leap year, or a day next to it."""
    leap_years = [y for y in range(max(lo.year, 1), hi.year + 1) if calendar.isleap(y)]
    if not leap_years:
        return draw(st.dates(lo, hi))
    year = draw(st.sampled_from(leap_years))
    day = dt.date(year, 2, 29) + dt.timedelta(days=draw(st.sampled_from((0, 0, 0, -1, 1))))
    return day


@st.composite
def _year_edges(draw: st.DrawFn, lo: dt.date, hi: dt.date) -> dt.date:
    year = draw(st.integers(lo.year, hi.year))
    return draw(st.sampled_from((dt.date(year, 12, 31), dt.date(year, 1, 1))))


def legal_dates(
    min_value: dt.date = _MIN, max_value: dt.date = _MAX
) -> st.SearchStrategy[pendulum.Date]:
    """``pendulum.Date`` values between ``min_value`` and ``max_value``, biased.

    The bias: about half the examples are uniform over the range; a quarter are the
    28th to the last day of a month (where ``Jan 31 + P1M`` and friends clamp); one in
    eight is 29 February of a leap year or a day beside it; one in eight is 31
    December or 1 January. Shrinks toward the uniform branch.
    """
    # Plain dates: st.dates() wants both bounds of one type, and pendulum.Date is a subclass.
    lo = dt.date(min_value.year, min_value.month, min_value.day)
    hi = dt.date(max_value.year, max_value.month, max_value.day)
    if lo > hi:
        raise ValueError(f"min_value {lo} is after max_value {hi}")
    in_range = (lambda d: lo <= d <= hi)  # noqa: E731 - a one-line filter
    special: st.SearchStrategy[dt.date] = st.one_of(
        _month_end_dates(lo, hi).filter(in_range),
        _month_end_dates(lo, hi).filter(in_range),
        _leap_dates(lo, hi).filter(in_range),
        _year_edges(lo, hi).filter(in_range),
    )
    uniform = st.dates(lo, hi)
    return st.one_of(uniform, special).map(_pdate)


def periods(
    *, max_years: int = 5, max_months: int = 36, max_weeks: int = 10, max_days: int = 400,
    allow_zero: bool = False,
) -> st.SearchStrategy[Period]:
    """``Period`` values: months only, days only, years only, or mixed (``P1Y6M2W3D``).

    Month-only periods (the ones month-end arithmetic is about) are drawn as often as
    the three other shapes together. Without ``allow_zero`` the period is never empty.
    """
    months = st.builds(Period, months=st.integers(0, max_months))
    years = st.builds(Period, years=st.integers(0, max_years))
    days = st.builds(Period, weeks=st.integers(0, max_weeks), days=st.integers(0, max_days))
    mixed = st.builds(
        Period, years=st.integers(0, max_years), months=st.integers(0, max_months),
        weeks=st.integers(0, max_weeks), days=st.integers(0, max_days),
    )
    strategy = st.one_of(months, months, years, days, mixed)
    if not allow_zero:
        strategy = strategy.filter(lambda p: p.total_months or p.total_days)
    return strategy


# Periods as treaties write them: P12M, P1Y, P60D, P15D, P1Y6M...
_LEGAL_PERIODS: st.SearchStrategy[Period] = st.one_of(
    st.sampled_from([Period(months=12), Period(years=1), Period(months=6), Period(months=1),
                     Period(months=3), Period(days=60), Period(days=90), Period(days=30),
                     Period(days=15), Period(weeks=2), Period(years=1, months=6),
                     Period(months=1, days=15)]),
    periods(max_years=3, max_months=24, max_weeks=4, max_days=120),
)


@st.composite
def _forward_rule(draw: st.DrawFn, *, allow_empty: bool = True) -> DateRule:
    """A date rule that never gives a day before its start, in the shapes treaties use:
    ``[]``, ``[+P]``, ``[+P, start-of-next-month]`` (Rome art. 126),
    ``[start-of-next-month]``, ``[start-of-month, +PnM]`` (Ottawa art. 17),
    ``[start-of-next-month, -P1D]`` (the last day of the month) and
    ``[+P, start-of-next-month, -P1D]``."""
    shapes = ["plus", "plus-next-month", "next-month", "month-start-plus", "month-last",
              "plus-month-last"]
    if allow_empty:
        shapes.append("same-day")
    shape = draw(st.sampled_from(shapes))
    steps: list[Step] = []
    if shape == "same-day":
        return DateRule()
    if shape == "month-start-plus":
        months = draw(st.integers(1, 24))
        return DateRule((StartOfMonth(), AddPeriod(Period(months=months))))
    if shape.startswith("plus"):
        steps.append(AddPeriod(draw(_LEGAL_PERIODS)))
    if shape in ("plus-next-month", "next-month", "month-last", "plus-month-last"):
        steps.append(StartOfNextMonth())
    if shape in ("month-last", "plus-month-last"):
        steps.append(AddPeriod(Period(days=1), -1))
    return DateRule(tuple(steps))


def date_rules(*, forward_only: bool = True) -> st.SearchStrategy[DateRule]:
    """``DateRule`` values. With ``forward_only`` (the default) only the shapes treaties
    use, none of which gives a day before its start; otherwise any list of zero to
    four steps, including subtractions."""
    if forward_only:
        return _forward_rule()
    step: st.SearchStrategy[Step] = st.one_of(
        st.builds(AddPeriod, periods(), st.sampled_from((1, -1))),
        st.just(StartOfMonth()),
        st.just(StartOfNextMonth()),
    )
    return st.lists(step, max_size=4).map(lambda steps: DateRule(tuple(steps)))


@st.composite
def _times_near_midnight(draw: st.DrawFn) -> dt.time:
    hour = draw(st.sampled_from((0, 23, 22, 1, *range(2, 22))))
    return dt.time(hour, draw(st.sampled_from((0, 30, 59, 15, 45, 1))), draw(st.integers(0, 59)))


def timestamps(
    min_value: dt.date = _MIN, max_value: dt.date = _MAX,
    zones: Sequence[str] | None = None,
) -> st.SearchStrategy[dt.datetime]:
    """Aware ``datetime`` values in any zone: IANA zones (``zones``, by default
    :data:`ZONES`) and fixed offsets from -12:00 to +14:00 in quarter hours.

    Never naive. Biased to the hours around midnight (where the depositary's date
    can differ from the sender's) and to the dates of :func:`legal_dates`.
    """
    names = tuple(zones) if zones is not None else ZONES
    fixed = st.integers(-48, 56).map(lambda q: dt.timezone(dt.timedelta(minutes=15 * q)))
    named = st.sampled_from(names).map(pendulum.timezone)
    zone: st.SearchStrategy[dt.tzinfo] = st.one_of(named, fixed)
    return st.builds(
        lambda day, time, tz: dt.datetime.combine(day, time, tzinfo=tz),
        legal_dates(min_value, max_value), _times_near_midnight(), zone,
    )


# ----------------------------------------------------------------------- treaties


def _cites(article: str) -> st.SearchStrategy[str | None]:
    """Half the time the treaty cites an article, half the time the VCLT default applies."""
    return st.sampled_from((None, article))


#: Public-holiday calendars (of the ``holidays`` package) for ``[depositary] holidays``.
HOLIDAY_CALENDARS: tuple[str, ...] = ("US", "CN", "FR", "DE", "JP", "KZ", "US-NY")

# Terms as treaties write them (Genocide Convention art. XIV: P10Y, P5Y, P6M), and short
# ones, so that random lives cross several renewals.
_TERM_PERIODS: st.SearchStrategy[Period] = st.sampled_from(
    [Period(years=10), Period(years=5), Period(years=1), Period(months=6),
     Period(years=2, months=6), Period(months=18)])
_NOTICE_PERIODS: st.SearchStrategy[Period] = st.sampled_from(
    [Period(months=6), Period(months=3), Period(months=1), Period(days=30), Period(years=1)])


@st.composite
def _participation(draw: st.DrawFn, closed: bool, start: pendulum.Date) -> Participation:
    """Signature closing on a date or at entry into force (Rome Statute art. 125,
    Arms Trade Treaty art. 21(1)); accession opening on a date or at entry into force
    (Arms Trade Treaty art. 21(3), open treaties only)."""
    limits = st.one_of(
        st.none(), st.just("entry-into-force"),
        st.integers(0, 1500).map(lambda days: _shift_days(start, days)))
    closes = draw(limits)
    opens = None if closed else draw(limits)
    return Participation(closes, opens, draw(_cites("Art. 21")))  # type: ignore[arg-type]


@st.composite
def _protocols(draw: st.DrawFn, parties: tuple[str, ...] | None
               ) -> tuple[AmendingProtocol, ...]:
    count = draw(st.integers(1, 2))
    most = len(parties) if parties else 4
    found = []
    for n in range(count):
        condition: Condition = draw(st.one_of(
            st.just(AllParties()), st.integers(1, most).map(Instruments)))
        found.append(AmendingProtocol(
            f"protocol-{n + 1}", f"Protocol {n + 1}", condition, draw(_forward_rule()),
            draw(_cites("Art. 13"))))
    return tuple(found)


@st.composite
def _added_clauses(draw: st.DrawFn, treaty: Treaty) -> Treaty:
    """The clause kinds added to SPEC §2 (docs/treaty-format.md), each drawn about
    half the time: ``[term]``, ``withdrawal.postponed_by_armed_conflict``,
    ``[provisional_application]``, ``[[protocols]]``, ``entry_into_force.later_after``,
    ``[participation]``, ``[depositary] holidays``."""
    sometimes = st.booleans
    term = None
    withdrawal = treaty.withdrawal
    if draw(sometimes()):
        term = Term(draw(_TERM_PERIODS), draw(_TERM_PERIODS), draw(_NOTICE_PERIODS),
                    draw(_cites("Art. XIV")))
        # The term fixes when a denunciation takes effect; the loader refuses `effective`.
        withdrawal = attrs.evolve(withdrawal, effective=Withdrawal().effective)
    withdrawal = attrs.evolve(withdrawal, postponed_by_armed_conflict=draw(sometimes()))
    provisional = None
    if draw(sometimes()):
        provisional = ProvisionalApplication(
            draw(st.sampled_from(("entry-into-force", "entry-into-force-for-party"))),
            draw(_cites("Art. 23")))
    protocols = draw(_protocols(treaty.parties)) if draw(sometimes()) else ()
    entry = attrs.evolve(treaty.entry_into_force, later_after=draw(
        st.sampled_from(("threshold", "entry-into-force"))))
    participation = Participation()
    if draw(sometimes()):
        start = treaty.opened_for_signature or pendulum.Date(2000, 1, 1)
        participation = draw(_participation(treaty.closed, start))
    depositary = treaty.depositary
    if draw(sometimes()):
        depositary = attrs.evolve(depositary, holidays=draw(st.sampled_from(HOLIDAY_CALENDARS)))
    return attrs.evolve(
        treaty, term=term, withdrawal=withdrawal, provisional_application=provisional,
        protocols=protocols, entry_into_force=entry, participation=participation,
        depositary=depositary)


@st.composite
def _treaty(draw: st.DrawFn, closed: bool | None, month_end: MonthEnd | None) -> Treaty:
    is_closed = draw(st.booleans()) if closed is None else closed
    parties: tuple[str, ...] | None = None
    if is_closed:
        parties = tuple(draw(st.lists(st.sampled_from(STATE_CODES), min_size=2, max_size=6,
                                      unique=True)))
    weights: dict[str, dict[str, Fraction]] = {}
    kinds = ["instruments", "weighted"] + (["all", "all"] if is_closed else [])
    kind = draw(st.sampled_from(kinds))
    condition: Condition
    if kind == "all":
        condition = AllParties()
    else:
        most = len(parties) if parties else 4
        count = draw(st.integers(0 if kind == "weighted" else 1, most))
        weight = share = None
        if kind == "weighted":
            codes = parties or draw(st.lists(st.sampled_from(STATE_CODES), min_size=1,
                                             max_size=6, unique=True))
            table = {code: Fraction(draw(st.integers(0, 100))) for code in codes}
            if not any(table.values()):
                table[codes[0]] = Fraction(1)
            weights["weight"] = table
            weight = "weight"
            share = draw(st.sampled_from((Fraction(1, 2), Fraction(55, 100), Fraction(2, 3),
                                          Fraction(1), Fraction(1, 10))))
        condition = Instruments(count, weight, share)
    opened = draw(st.one_of(st.none(), legal_dates(dt.date(1950, 1, 1), dt.date(2150, 12, 31))))
    start = opened or pendulum.Date(2000, 1, 1)
    not_before = None
    if draw(st.integers(0, 3)) == 0:
        not_before = _pdate(start + dt.timedelta(days=draw(st.integers(0, 2000))))
    entry = EntryIntoForce(
        condition=condition,
        date=draw(_forward_rule()),
        later=draw(st.one_of(st.none(), _forward_rule())),
        not_before=not_before,
        cites=draw(_cites("Art. 20")),
    )
    withdrawal = Withdrawal(
        allowed=draw(st.sampled_from((True, True, True, True, False))),
        effective=draw(st.one_of(st.just(DateRule((AddPeriod(Period(months=12)),))),
                                 _forward_rule())),
        earliest=draw(st.one_of(st.none(), _forward_rule(allow_empty=False))),
        later_date=draw(st.booleans()),
        revocable=draw(st.sampled_from((True, True, False))),
        cites=draw(_cites("Art. 21")),
    )
    termination = Termination(
        below=draw(st.one_of(st.none(), st.integers(1, len(parties) if parties else 4))),
        cites=draw(_cites("Art. 22")),
    )
    duty_list = draw(st.lists(
        st.tuples(st.sampled_from(DUTY_TRIGGERS), st.one_of(st.none(), _LEGAL_PERIODS)),
        max_size=4,
    ))
    duties = tuple(
        Duty(f"{after}-duty-{n}", after, within, draw(_cites(f"Art. {30 + n}")))
        for n, (after, within) in enumerate(duty_list)
    )
    return Treaty(
        id="generated-treaty",
        title="A treaty generated by treatystate.testing",
        depositary=Depositary("the depositary", draw(st.sampled_from(ZONES))),
        entry_into_force=entry,
        parties=parties,
        opened_for_signature=opened,
        month_end=draw(st.sampled_from(MONTH_END_POLICIES)) if month_end is None else month_end,
        withdrawal=withdrawal,
        termination=termination,
        duties=duties,
        weights=weights,
    )


def treaties(
    *, closed: bool | None = None, month_end: MonthEnd | None = None,
    added_clauses: bool = False,
) -> st.SearchStrategy[Treaty]:
    """Random valid treaties across the SPEC §2 vocabulary.

    With ``added_clauses=True`` each also draws, about half the time each, the clause
    kinds added to SPEC §2 (docs/treaty-format.md): a fixed ``[term]`` with tacit
    renewal, ``postponed_by_armed_conflict``, ``[provisional_application]`` (either
    ``until``), one or two ``[[protocols]]`` (``all`` or ``{instruments = N}``),
    ``later_after``, ``[participation]`` (signature closing and, for open treaties,
    accession opening on a date or at entry into force) and ``[depositary] holidays``
    (a calendar of :data:`HOLIDAY_CALENDARS`; needs the ``holidays`` extra). It is
    opt-in: the default stays within SPEC §2, which is what tests comparing against a
    SPEC-only model (such as a reference implementation) need, and keeps the examples
    a given seed draws unchanged.

    Closed (2 to 6 listed States) or open; ``when`` = all, ``{instruments = N}`` or a
    weighted threshold with a ``[weights]`` table; entry-into-force ``date`` and
    ``later`` rules, ``not_before``; withdrawal ``allowed``, ``effective``,
    ``earliest``, ``later_date``, ``revocable``; ``termination.below``; zero to four
    duties on every trigger, with or without ``within``; every ``month_end`` policy;
    ``cites`` present or absent; depositaries in far-apart zones. Date rules are those
    of :func:`date_rules` (never earlier than their start). Pass ``closed`` or
    ``month_end`` to pin either.
    """
    if added_clauses:
        return _treaty(closed, month_end).flatmap(_added_clauses)
    return _treaty(closed, month_end)


# ----------------------------------------------------------------------- scenarios

InvalidRule: TypeAlias = Literal[
    "before-opened-for-signature",
    "before-first-signature",
    "unlisted-state",
    "second-signature",
    "consent-without-signature",
    "second-consent",
    "consent-revocation-after-entry-into-force",
    "consent-revocation-without-consent",
    "withdrawal-not-allowed",
    "withdrawal-not-in-force",
    "second-withdrawal",
    "withdrawal-before-earliest",
    "named-effective-not-allowed",
    "named-effective-too-early",
    "revocation-not-allowed",
    "revocation-on-or-after-effect",
    "revocation-without-notice",
    "after-termination",
    "strict-month-end",
    "duty-not-arisen",
    "duty-already-done",
    # The clauses added to SPEC §2 (docs/treaty-format.md).
    "signature-closed",
    "accession-not-open",
    "armed-conflict-already-started",
    "armed-conflict-not-started",
    "provisional-application-running",
    "provisional-application-in-force",
    "provisional-application-not-running",
    "protocol-consent-without-treaty-consent",
    "second-protocol-consent",
]
#: Every rule :func:`scenarios` can break with ``valid=False``: SPEC §4, then those of
#: the clauses added to SPEC §2 (:data:`ADDED_CLAUSE_RULES`): a signature after
#: ``signature_closes`` and an accession before ``accession_opens`` (participation cites,
#: else VCLT arts. 12, 15); an armed conflict started twice or ended without a start
#: (the withdrawal cites, else VCLT art. 56); a provisional application already running,
#: begun once the treaty is in force (for the State), or ended without one running
#: (VCLT art. 25(1)); a protocol consent from a State not bound by the treaty's consent,
#: or given twice (the protocol's cites, else VCLT art. 40).
INVALID_RULES: tuple[InvalidRule, ...] = get_args(InvalidRule)
#: The rules of the added clauses; with the default treaties, :func:`scenarios` breaks
#: them on ``treaties(added_clauses=True)`` given the clause the rule needs.
ADDED_CLAUSE_RULES: tuple[InvalidRule, ...] = INVALID_RULES[INVALID_RULES.index(
    "signature-closed"):]


@attrs.frozen
class InvalidScenario:
    """A scenario whose event ``bad_index`` (its last) must be refused.

    ``rule`` names the SPEC §4 rule the event breaks; ``cites`` is the citation the
    refusal must carry (``RefusedEvent.rule``): the treaty's own article where it has
    one, else the VCLT article. Every event before it is valid.
    """

    scenario: Scenario
    bad_index: int
    rule: InvalidRule
    cites: str

    @property
    def bad_event(self) -> Event:
        return self.scenario.events[self.bad_index]


_VCLT_ENTRY = "VCLT art. 24"
_VCLT_WITHDRAWAL = "VCLT art. 56"
_VCLT_REVOCATION = "VCLT art. 68"
_VCLT_DUTY = "VCLT art. 77"


def _shift_days(day: pendulum.Date, days: int) -> pendulum.Date:
    return _pdate(day + dt.timedelta(days=days))


def _apply(rule_: DateRule, start: pendulum.Date, month_end: MonthEnd) -> pendulum.Date | None:
    """The rule's date, or ``None`` where strict month-end refuses or the calendar ends."""
    try:
        return rule_.apply(start, month_end).date
    except TreatyStateError:
        return None


@st.composite
def _gap(draw: st.DrawFn, today: pendulum.Date) -> pendulum.Date:
    """A day on or after ``today``: the same day, the next, a few days or weeks later,
    the end of the month, or about a year later (where notice periods end)."""
    kind = draw(st.sampled_from(("same", "next", "days", "month-end", "year", "long")))
    if kind == "same":
        days = 0
    elif kind == "next":
        days = 1
    elif kind == "days":
        days = draw(st.integers(2, 45))
    elif kind == "month-end":
        days = calendar.monthrange(today.year, today.month)[1] - today.day
    elif kind == "year":
        days = draw(st.integers(355, 370))
    else:
        days = draw(st.integers(46, 900))
    return _shift_days(today, days)


_ACTION_WEIGHTS: dict[EventType, int] = {
    "consent": 5, "withdrawal": 4, "signature": 2, "withdrawal-revocation": 2,
    "duty": 2, "consent-revocation": 1,
    # Only with the clauses that allow them (``treaties(added_clauses=True)``).
    "armed-conflict-start": 2, "armed-conflict-end": 2, "provisional-application": 2,
    "provisional-application-end": 1, "protocol-consent": 3,
}
_CONSENTED = frozenset({"contracting", "party", "withdrawing"})


class _Builder:
    """Grows an event sequence one accepted event at a time.

    Each proposal reads the state the engine reports at the proposed day and picks an
    event that state allows; the engine then runs the whole sequence, and the event is
    kept only if nothing is refused. So every prefix is a valid scenario.
    """

    def __init__(self, treaty: Treaty, start: pendulum.Date, unsigned: str | None = None
                 ) -> None:
        self.treaty = treaty
        self.events: list[Event] = []
        self.today = start
        # A listed State kept out of every signature (to break "consent without signature").
        self.unsigned = unsigned

    def scenario(self, extra: Sequence[Event] = ()) -> Scenario:
        return Scenario(self.treaty, (*self.events, *extra))

    def state(self, day: pendulum.Date) -> Outcome | None:
        if not self.events:
            return None
        return self.scenario().run(day)

    def event(self, kind: EventType, day: pendulum.Date, **fields: Any) -> Event:
        return Event(index=len(self.events), type=kind, date=day, **fields)

    def accept(self, event: Event) -> bool:
        try:
            self.scenario((event,)).run()
        except TreatyStateError:
            return False
        self.events.append(event)
        self.today = event.date
        return True

    def signed_at_all(self) -> bool:
        return any(e.type == "signature" for e in self.events)

    def in_conflict(self, code: str) -> bool:
        """Whether ``code``'s last armed-conflict event (all are on or before today)
        started a conflict."""
        last = [e.type for e in self.events if e.party == code
                and e.type in ("armed-conflict-start", "armed-conflict-end")]
        return bool(last) and last[-1] == "armed-conflict-start"

    def protocol_consents(self, code: str) -> set[str]:
        return {str(e.protocol) for e in self.events
                if e.type == "protocol-consent" and e.party == code}

    def added_actions(self, state: Outcome | None, code: str, status: str,
                      actions: dict[EventType, list[str]]) -> None:
        """The events of the clauses added to SPEC §2 that ``code`` may propose."""
        treaty = self.treaty
        if treaty.closed and treaty.parties is not None and code not in treaty.parties:
            return
        if treaty.withdrawal.postponed_by_armed_conflict:
            kind: EventType = "armed-conflict-end" if self.in_conflict(code) \
                else "armed-conflict-start"
            actions.setdefault(kind, []).append(code)
        if treaty.provisional_application is not None:
            record = state.parties.get(code) if state else None
            if record is not None and record.provisional_from is not None \
                    and record.provisional_until is None:
                actions.setdefault("provisional-application-end", []).append(code)
            elif status in ("negotiating", "signatory", "contracting", "withdrawn") \
                    and code != self.unsigned:
                actions.setdefault("provisional-application", []).append(code)
        if treaty.protocols and status in _CONSENTED and \
                len(self.protocol_consents(code)) < len(treaty.protocols):
            actions.setdefault("protocol-consent", []).append(code)

    def codes(self, state: Outcome | None) -> list[str]:
        known = list(self.treaty.parties or STATE_CODES)
        return known + [c for c in (state.parties if state else ()) if c not in known]

    def status(self, state: Outcome | None, code: str) -> str:
        if state is None or code not in state.parties:
            return "negotiating"
        return state.parties[code].status

    def propose(self, draw: _Draw) -> Event | None:
        treaty = self.treaty
        day = draw(_gap(self.today))
        state = self.state(day)
        if treaty.closed and not self.signed_at_all():
            listed = [code for code in treaty.parties or () if code != self.unsigned]
            everyone = () if self.unsigned is None else tuple(listed)
            # Usually every listed State signs at once, as at an adoption conference.
            signers = draw(st.one_of(st.just(everyone), st.just(everyone), st.just(everyone),
                                     st.lists(st.sampled_from(listed), min_size=1,
                                              unique=True).map(tuple)))
            return self.event("signature", day, parties=signers)
        # The kind of event is drawn first, with fixed weights, whatever the number of
        # States that could do it: the treaty reaches entry into force often, and
        # withdrawals and revocations are not drowned by the many consents.
        actions: dict[EventType, list[str]] = {}
        terminated = state is not None and state.terminated is not None \
            and state.terminated <= day
        added = treaty.withdrawal.postponed_by_armed_conflict or bool(treaty.protocols) \
            or treaty.provisional_application is not None
        if not terminated:
            for code in self.codes(state):
                status = self.status(state, code)
                if status == "negotiating" and code != self.unsigned:
                    actions.setdefault("signature", []).append(code)
                if status in ("signatory", "withdrawn") or (
                        status == "negotiating" and not treaty.closed
                        and code != self.unsigned):
                    actions.setdefault("consent", []).append(code)
                if status == "contracting":
                    actions.setdefault("consent-revocation", []).append(code)
                if status == "party" and treaty.withdrawal.allowed:
                    actions.setdefault("withdrawal", []).append(code)
                if status == "withdrawing" and treaty.withdrawal.revocable:
                    actions.setdefault("withdrawal-revocation", []).append(code)
                if added:
                    self.added_actions(state, code, status, actions)
        if state is not None and any(d.done is None for d in state.duties):
            actions["duty"] = [""]
        if not actions:
            return None
        kind = draw(st.sampled_from([k for k in _ACTION_WEIGHTS for _ in
                                     range(_ACTION_WEIGHTS[k]) if k in actions]))
        code = draw(st.sampled_from(actions[kind]))
        if kind == "signature":
            return self.event(kind, day, parties=(code,))
        if kind == "protocol-consent":
            left = [p.id for p in treaty.protocols if p.id not in self.protocol_consents(code)]
            return self.event(kind, day, party=code, protocol=draw(st.sampled_from(left)))
        if kind in ("consent", "consent-revocation", "armed-conflict-start",
                    "armed-conflict-end", "provisional-application",
                    "provisional-application-end"):
            return self.event(kind, day, party=code)
        assert state is not None
        if kind == "withdrawal":
            return self.withdrawal(draw, state, code, day)
        if kind == "withdrawal-revocation":
            effective = state.parties[code].withdrawal_effective
            if effective is None or effective <= self.today:
                return None
            last = _shift_days(effective, -1)
            return self.event(kind, draw(st.sampled_from((last, day if day < last else last))),
                              party=code)
        open_duties = [d for d in state.duties if d.done is None]
        duty = draw(st.sampled_from(open_duties))
        when = day
        if duty.due is not None:
            around = _shift_days(duty.due, draw(st.integers(-2, 2)))
            when = max(day, around)
        return self.event("duty", when, duty=duty.id, party=duty.party)

    def withdrawal(self, draw: _Draw, state: Outcome, code: str,
                   day: pendulum.Date) -> Event | None:
        clause, month_end = self.treaty.withdrawal, self.treaty.month_end
        record = state.parties[code]
        if clause.earliest is not None and record.in_force_from is not None:
            earliest = _apply(clause.earliest, record.in_force_from, month_end)
            if earliest is None:
                return None
            if draw(st.booleans()):
                day = max(day, earliest)
        effective = None
        if clause.later_date and draw(st.booleans()):
            by_rule = _apply(clause.effective, day, month_end)
            if by_rule is None:
                return None
            effective = _shift_days(by_rule, draw(st.sampled_from((0, 1, 30, 365))))
        return self.event("withdrawal", day, party=code, effective=effective)

    def grow(self, draw: _Draw, size: int) -> None:
        attempts = 0
        while len(self.events) < size and attempts < 3 * size + 3:
            attempts += 1
            proposal = self.propose(draw)
            if proposal is not None:
                self.accept(proposal)


def _start(treaty: Treaty) -> st.SearchStrategy[pendulum.Date]:
    if treaty.opened_for_signature is not None:
        opened = treaty.opened_for_signature
        return st.sampled_from((opened, _shift_days(opened, 1), _shift_days(opened, 40)))
    return legal_dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))


def _sizes(least: int, most: int) -> st.SearchStrategy[int]:
    """Half the scenarios are as long as allowed: a treaty's life needs many events."""
    return st.one_of(st.just(most), st.integers(least, most))


@st.composite
def _valid_scenario(draw: st.DrawFn, treaty: Treaty | st.SearchStrategy[Treaty],
                    min_events: int, max_events: int) -> Scenario:
    chosen = draw(treaty) if isinstance(treaty, st.SearchStrategy) else treaty
    builder = _Builder(chosen, draw(_start(chosen)))
    builder.grow(draw, draw(_sizes(min_events, max_events)))
    return builder.scenario()


# Each breaker returns the bad event and its citation, or None where the rule cannot be
# broken from this state.
Breaker: TypeAlias = Callable[[_Draw, _Builder], "tuple[Event, str] | None"]


def _parties_with(builder: _Builder, state: Outcome | None, statuses: set[str]) -> list[str]:
    return [c for c in builder.codes(state) if builder.status(state, c) in statuses]


def _live_day(draw: _Draw, builder: _Builder) -> pendulum.Date | None:
    """A day on or after the last event and before any termination."""
    day = draw(_gap(builder.today))
    final = builder.scenario().run() if builder.events else None
    if final is not None and final.terminated is not None and day >= final.terminated:
        if builder.today >= final.terminated:
            return None
        return builder.today
    return day


def _always(treaty: Treaty) -> bool:
    return True


def _party_event(kind: EventType, statuses: set[str], cites: Callable[[Treaty], str],
                 applies: Callable[[Treaty], bool] = _always) -> Breaker:
    """Breaks a rule with an event of ``kind`` from a State in one of ``statuses``, on a
    live day, for treaties where ``applies``."""

    def breaker(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
        treaty = builder.treaty
        if not applies(treaty) or (treaty.closed and not builder.signed_at_all()):
            return None
        day = _live_day(draw, builder)
        if day is None:
            return None
        state = builder.state(day)
        codes = _parties_with(builder, state, statuses)
        if not codes:
            return None
        code = draw(st.sampled_from(codes))
        if kind == "signature":
            if _signature_closed_on(treaty, state, day):
                return None  # refused for that first (participation)
            return builder.event(kind, day, parties=(code,)), cites(treaty)
        return builder.event(kind, day, party=code), cites(treaty)

    return breaker


def _signature_closed_on(treaty: Treaty, state: Outcome | None, day: pendulum.Date) -> bool:
    closes = treaty.participation.signature_closes
    if closes == "entry-into-force":
        return _in_force_on(state, day)
    return closes is not None and day > closes


def _eif_cites(treaty: Treaty) -> str:
    return treaty.entry_into_force.cites or _VCLT_ENTRY


def _withdrawal_cites(treaty: Treaty) -> str:
    return treaty.withdrawal.cites or _VCLT_WITHDRAWAL


def _before_opened(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    opened = builder.treaty.opened_for_signature
    if opened is None:
        return None
    day = _shift_days(opened, -draw(st.integers(1, 400)))
    return builder.event("signature", day, parties=builder.treaty.parties[:1]
                         if builder.treaty.parties else ("FRA",)), "VCLT art. 24(4)"


def _before_first_signature(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    treaty = builder.treaty
    if not treaty.closed:
        return None
    signatures = [e.date for e in builder.events if e.type == "signature"]
    floor = treaty.opened_for_signature
    if signatures:
        latest = _shift_days(min(signatures), -1)
        if floor is not None and latest < floor:
            return None
        day = latest
    else:
        day = draw(_gap(builder.today))
    assert treaty.parties is not None
    return builder.event("consent", day, party=draw(st.sampled_from(treaty.parties))), \
        "VCLT arts. 10-14"


def _unlisted(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    treaty = builder.treaty
    if not treaty.closed or not builder.signed_at_all():
        return None
    day = _live_day(draw, builder)
    outsiders = [c for c in STATE_CODES if c not in (treaty.parties or ())]
    if day is None or not outsiders:
        return None
    kinds: tuple[EventType, ...] = ("consent", "withdrawal", "consent-revocation")
    kind = draw(st.sampled_from(kinds))
    return builder.event(kind, day, party=draw(st.sampled_from(outsiders))), "VCLT art. 15"


def _withdrawal_not_allowed(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    treaty = builder.treaty
    if treaty.withdrawal.allowed or (treaty.closed and not builder.signed_at_all()):
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    code = draw(st.sampled_from(builder.codes(builder.state(day))))
    return builder.event("withdrawal", day, party=code), \
        treaty.withdrawal.cites or "VCLT art. 56(1)"


def _with_party(draw: _Draw, builder: _Builder, statuses: set[str]
                ) -> tuple[pendulum.Date, str, Outcome] | None:
    if not builder.events:
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    state = builder.state(day)
    assert state is not None
    codes = _parties_with(builder, state, statuses)
    if not codes:
        return None
    return day, draw(st.sampled_from(codes)), state


def _second_withdrawal(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A second notice while one of the prefix's notices is pending."""
    notices = [e for e in builder.events if e.type == "withdrawal"]
    if not notices or not builder.treaty.withdrawal.allowed:
        return None
    notice = draw(st.sampled_from(notices))
    assert notice.party is not None
    state = builder.state(notice.date)
    assert state is not None
    effective = state.parties[notice.party].withdrawal_effective
    if effective is None or effective <= notice.date:
        return None
    span = (effective - notice.date).days
    day = _shift_days(notice.date, draw(st.sampled_from((0, span - 1))))
    later = builder.state(day)
    assert later is not None
    if later.terminated or later.parties[notice.party].status != "withdrawing":
        return None
    return builder.event("withdrawal", day, party=notice.party), \
        _withdrawal_cites(builder.treaty)


def _earliest_of(builder: _Builder, state: Outcome, code: str) -> pendulum.Date | None:
    earliest = builder.treaty.withdrawal.earliest
    start = state.parties[code].in_force_from
    if earliest is None or start is None:
        return start
    return _apply(earliest, start, builder.treaty.month_end)


def _before_earliest(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A notice from a party on a day before its earliest withdrawal day; the day may
    fall among the prefix's events (the engine refuses it when it gets there)."""
    clause = builder.treaty.withdrawal
    if not clause.allowed or clause.earliest is None or not builder.events:
        return None
    final = builder.scenario().run()
    starts = [(code, record.in_force_from) for code, record in final.parties.items()
              if record.in_force_from is not None]
    if not starts:
        return None
    code, start = draw(st.sampled_from(starts))
    earliest = _apply(clause.earliest, start, builder.treaty.month_end)
    if earliest is None or earliest <= start:
        return None
    span = (earliest - start).days
    day = _shift_days(start, draw(st.sampled_from((0, span - 1, draw(st.integers(0, span - 1))))))
    state = builder.state(day)
    if state is None or state.parties[code].status != "party" or state.terminated:
        return None
    if state.parties[code].in_force_from != start:
        return None
    return builder.event("withdrawal", day, party=code), _withdrawal_cites(builder.treaty)


def _named_effective(too_early: bool) -> Breaker:
    def breaker(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
        clause, month_end = builder.treaty.withdrawal, builder.treaty.month_end
        if not clause.allowed or clause.later_date != too_early:
            return None
        term = builder.treaty.term
        if term is not None and too_early:
            return None  # the effective date is the end of a period, not `effective`
        found = _with_party(draw, builder, {"party"})
        if found is None:
            return None
        day, code, state = found
        earliest = _earliest_of(builder, state, code)
        if earliest is None or earliest > day:
            return None
        by_rule = _apply(clause.effective, day, month_end)
        if by_rule is None:
            return None
        if too_early:
            named = _shift_days(by_rule, -draw(st.integers(1, 400)))
        else:
            named = _shift_days(by_rule, draw(st.integers(0, 400)))
        cites = (term.cites if term else None) or _withdrawal_cites(builder.treaty)
        return builder.event("withdrawal", day, party=code, effective=named), cites
    return breaker


def _revocation_not_allowed(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    treaty = builder.treaty
    if treaty.withdrawal.revocable or (treaty.closed and not builder.signed_at_all()):
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    code = draw(st.sampled_from(builder.codes(builder.state(day))))
    return builder.event("withdrawal-revocation", day, party=code), _withdrawal_cites(treaty)


def _revocation_too_late(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    if not builder.treaty.withdrawal.revocable or not builder.events:
        return None
    final = builder.scenario().run()
    withdrawn = [
        (code, record.withdrawal_effective) for code, record in final.parties.items()
        if record.status == "withdrawn" and record.withdrawal_effective is not None
    ]
    if not withdrawn:
        return None
    code, effective = draw(st.sampled_from(withdrawn))
    day = max(effective, builder.today)
    day = draw(st.sampled_from((day, _shift_days(day, draw(st.integers(1, 100))))))
    if final.terminated is not None and day >= final.terminated:
        return None
    state = builder.state(day)
    if state is None or state.parties[code].status != "withdrawn":
        return None
    return builder.event("withdrawal-revocation", day, party=code), _VCLT_REVOCATION


def _after_termination(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    if not builder.events:
        return None
    final = builder.scenario().run()
    if final.terminated is None:
        return None
    day = max(final.terminated, builder.today)
    day = draw(st.sampled_from((day, _shift_days(day, draw(st.integers(1, 500))))))
    cites = next(e.cites for e in final.timeline if e.kind == "termination")
    code = draw(st.sampled_from(sorted(final.parties)))
    kinds: tuple[EventType, ...] = ("consent", "withdrawal", "withdrawal-revocation",
                                    "consent-revocation")
    kind = draw(st.sampled_from(kinds))
    return builder.event(kind, day, party=code), cites or "VCLT art. 70"


def _strict_month_end(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    clause, treaty = builder.treaty.withdrawal, builder.treaty
    if treaty.month_end != "strict" or not clause.allowed or treaty.term is not None:
        return None
    found = _with_party(draw, builder, {"party"})
    if found is None:
        return None
    day, code, state = found
    earliest = _earliest_of(builder, state, code)
    if earliest is None:
        return None
    final = builder.scenario().run()
    day = max(day, earliest)
    for _ in range(1500):
        if final.terminated is not None and day >= final.terminated:
            return None
        try:
            clause.effective.apply(day, "strict")
        except AmbiguousDate:
            return builder.event("withdrawal", day, party=code), _withdrawal_cites(treaty)
        except TreatyStateError:
            return None
        day = _shift_days(day, 1)
    return None


def _duty(done: bool) -> Breaker:
    def breaker(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
        treaty = builder.treaty
        if not treaty.duties or (treaty.closed and not builder.signed_at_all()):
            return None
        day = draw(_gap(builder.today))
        state = builder.state(day)
        instances = state.duties if state else ()
        candidates = []
        for duty in treaty.duties:
            parties: list[str | None] = [None]
            if duty.per_party:
                parties = list(builder.codes(state))
            for party in parties:
                mine = [d for d in instances if d.id == duty.id and d.party == party]
                if done and mine and all(d.done is not None for d in mine):
                    candidates.append((duty, party))
                if not done and not mine:
                    candidates.append((duty, party))
        if not candidates:
            return None
        duty, party = draw(st.sampled_from(candidates))
        return builder.event("duty", day, duty=duty.id, party=party), duty.cites or _VCLT_DUTY
    return breaker


def _participation_cites(default: str) -> Callable[[Treaty], str]:
    return lambda treaty: treaty.participation.cites or default


def _in_force_on(state: Outcome | None, day: pendulum.Date) -> bool:
    """Whether the treaty had entered into force by ``day`` (derived events come before
    a day's input events, so an entry into force that day counts)."""
    return state is not None and state.entry_into_force is not None \
        and state.entry_into_force <= day


def _signature_closed(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A signature after ``signature_closes`` (a date, or entry into force): Rome Statute
    art. 125(1), Arms Trade Treaty art. 21(1). The closing is checked before anything
    else about the signing State."""
    treaty = builder.treaty
    closes = treaty.participation.signature_closes
    if closes is None:
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    if isinstance(closes, pendulum.Date) and day <= closes:
        day = _shift_days(closes, draw(st.sampled_from((1, 1, 30, 400))))
        final = builder.scenario().run() if builder.events else None
        if final is not None and final.terminated is not None and day >= final.terminated:
            return None
    elif closes == "entry-into-force" and not _in_force_on(builder.state(day), day):
        return None
    code = draw(st.sampled_from(builder.codes(builder.state(day))))
    return builder.event("signature", day, parties=(code,)), \
        _participation_cites("VCLT art. 12")(treaty)


def _accession_not_open(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A consent from a State that never signed before accession opens (Arms Trade
    Treaty art. 21(3))."""
    treaty = builder.treaty
    opens = treaty.participation.accession_opens
    if opens is None or treaty.closed:
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    if isinstance(opens, pendulum.Date):
        if builder.today >= opens:
            return None
        day = min(day, _shift_days(opens, -1))
    state = builder.state(day)
    if opens == "entry-into-force" and _in_force_on(state, day):
        return None
    signed = {code for e in builder.events if e.type == "signature" for code in e.parties}
    codes = [c for c in _parties_with(builder, state, {"negotiating"}) if c not in signed]
    if not codes:
        return None
    return builder.event("consent", day, party=draw(st.sampled_from(codes))), \
        _participation_cites("VCLT art. 15")(treaty)


def _live_codes(draw: _Draw, builder: _Builder, applies: bool
                ) -> tuple[pendulum.Date, Outcome | None, list[str]] | None:
    """A live day, the state then, and the States that may act (listed ones, once a
    closed treaty is signed)."""
    treaty = builder.treaty
    if not applies or (treaty.closed and not builder.signed_at_all()):
        return None
    day = _live_day(draw, builder)
    if day is None:
        return None
    state = builder.state(day)
    return day, state, builder.codes(state)


def _conflict_cites(treaty: Treaty) -> str:
    return _withdrawal_cites(treaty)


def _armed_conflict(started: bool) -> Breaker:
    """An ``armed-conflict-start`` while the State's conflict goes on (the prefix gets
    one if it has none), or an ``armed-conflict-end`` with none going on."""
    def breaker(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
        found = _live_codes(draw, builder,
                            builder.treaty.withdrawal.postponed_by_armed_conflict)
        if found is None:
            return None
        day, _, codes = found
        chosen = [c for c in codes if builder.in_conflict(c) == started]
        if started and not chosen:
            code = draw(st.sampled_from(codes))
            if not builder.accept(builder.event("armed-conflict-start", day, party=code)):
                return None
            chosen = [code]
        if not chosen:
            return None
        kind: EventType = "armed-conflict-start" if started else "armed-conflict-end"
        return builder.event(kind, day, party=draw(st.sampled_from(chosen))), \
            _conflict_cites(builder.treaty)
    return breaker


def _provisional_cites(treaty: Treaty) -> str:
    assert treaty.provisional_application is not None
    return treaty.provisional_application.cites or "VCLT art. 25(1)"


def _running(state: Outcome | None, code: str) -> bool:
    record = state.parties.get(code) if state else None
    return record is not None and record.provisional_from is not None \
        and record.provisional_until is None


def _provisional_running(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A second ``provisional-application`` while the first runs (the prefix gets one
    if it has none and the state allows it)."""
    found = _live_codes(draw, builder, builder.treaty.provisional_application is not None)
    if found is None:
        return None
    day, state, codes = found
    chosen = [c for c in codes if _running(state, c)]
    if not chosen:
        code = draw(st.sampled_from(codes))
        if not builder.accept(builder.event("provisional-application", day, party=code)):
            return None
        state, chosen = builder.state(day), [code]
        if not _running(state, code):
            return None
    return builder.event("provisional-application", day, party=draw(st.sampled_from(chosen))), \
        _provisional_cites(builder.treaty)


def _provisional_in_force(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A ``provisional-application`` once the treaty is in force for the State, or (with
    ``until = "entry-into-force"``) in force at all: VCLT art. 25(1), "pending its entry
    into force"."""
    clause = builder.treaty.provisional_application
    found = _live_codes(draw, builder, clause is not None)
    if found is None:
        return None
    assert clause is not None
    day, state, codes = found
    treaty_in_force = clause.until == "entry-into-force" and _in_force_on(state, day)
    chosen = [c for c in codes if not _running(state, c) and (
        treaty_in_force or builder.status(state, c) in ("party", "withdrawing"))]
    if not chosen:
        return None
    return builder.event("provisional-application", day, party=draw(st.sampled_from(chosen))), \
        _provisional_cites(builder.treaty)


def _provisional_not_running(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
    """A ``provisional-application-end`` from a State not applying the treaty."""
    found = _live_codes(draw, builder, builder.treaty.provisional_application is not None)
    if found is None:
        return None
    day, state, codes = found
    chosen = [c for c in codes if not _running(state, c)]
    if not chosen:
        return None
    return builder.event("provisional-application-end", day,
                         party=draw(st.sampled_from(chosen))), \
        _provisional_cites(builder.treaty)


def _protocol_consent(second: bool) -> Breaker:
    """A ``protocol-consent`` from a State that has not consented to the treaty, or a
    second one to the same protocol (the prefix gets a first one if needed): VCLT
    art. 40(3)-(4), or the protocol's own article."""
    def breaker(draw: _Draw, builder: _Builder) -> tuple[Event, str] | None:
        treaty = builder.treaty
        found = _live_codes(draw, builder, bool(treaty.protocols))
        if found is None:
            return None
        day, state, codes = found
        protocol = draw(st.sampled_from(treaty.protocols))
        if not second:
            chosen = [c for c in codes if builder.status(state, c) not in _CONSENTED]
        else:
            bound = [c for c in codes if builder.status(state, c) in _CONSENTED]
            chosen = [c for c in bound if protocol.id in builder.protocol_consents(c)]
            if not chosen and bound:
                code = draw(st.sampled_from(bound))
                if not builder.accept(builder.event("protocol-consent", day, party=code,
                                                    protocol=protocol.id)):
                    return None
                chosen = [code]
        if not chosen:
            return None
        return builder.event("protocol-consent", day, party=draw(st.sampled_from(chosen)),
                             protocol=protocol.id), protocol.cites or "VCLT art. 40"
    return breaker


def _fixed(cites: str) -> Callable[[Treaty], str]:
    return lambda treaty: cites


_BREAKERS: dict[InvalidRule, Breaker] = {
    "before-opened-for-signature": _before_opened,
    "before-first-signature": _before_first_signature,
    "unlisted-state": _unlisted,
    "second-signature": _party_event(
        "signature", {"signatory", "contracting", "party", "withdrawing", "withdrawn"},
        _fixed("VCLT art. 12")),
    "consent-without-signature": _party_event(
        "consent", {"negotiating"}, _fixed("VCLT art. 14"), lambda t: t.closed),
    "second-consent": _party_event(
        "consent", {"contracting", "party", "withdrawing"}, _eif_cites),
    "consent-revocation-after-entry-into-force": _party_event(
        "consent-revocation", {"party", "withdrawing"}, _eif_cites),
    "consent-revocation-without-consent": _party_event(
        "consent-revocation", {"negotiating", "signatory", "withdrawn"}, _eif_cites),
    "withdrawal-not-allowed": _withdrawal_not_allowed,
    "withdrawal-not-in-force": _party_event(
        "withdrawal", {"negotiating", "signatory", "contracting", "withdrawn"},
        _withdrawal_cites, lambda t: t.withdrawal.allowed),
    "second-withdrawal": _second_withdrawal,
    "withdrawal-before-earliest": _before_earliest,
    "named-effective-not-allowed": _named_effective(too_early=False),
    "named-effective-too-early": _named_effective(too_early=True),
    "revocation-not-allowed": _revocation_not_allowed,
    "revocation-on-or-after-effect": _revocation_too_late,
    "revocation-without-notice": _party_event(
        "withdrawal-revocation", {"negotiating", "signatory", "contracting", "party"},
        _fixed(_VCLT_REVOCATION), lambda t: t.withdrawal.revocable),
    "after-termination": _after_termination,
    "strict-month-end": _strict_month_end,
    "duty-not-arisen": _duty(done=False),
    "duty-already-done": _duty(done=True),
    "signature-closed": _signature_closed,
    "accession-not-open": _accession_not_open,
    "armed-conflict-already-started": _armed_conflict(started=True),
    "armed-conflict-not-started": _armed_conflict(started=False),
    "provisional-application-running": _provisional_running,
    "provisional-application-in-force": _provisional_in_force,
    "provisional-application-not-running": _provisional_not_running,
    "protocol-consent-without-treaty-consent": _protocol_consent(second=False),
    "second-protocol-consent": _protocol_consent(second=True),
}


def _allowing_withdrawal(treaty: Treaty, **changes: Any) -> Treaty:
    return attrs.evolve(treaty, withdrawal=attrs.evolve(treaty.withdrawal, allowed=True,
                                                        **changes))


def _unchanged(treaty: Treaty) -> Treaty:
    return treaty


# How a treaty drawn by the default strategy is adapted so that the rule can be broken
# (a treaty the caller gives is used as it is).
_ADAPT: dict[InvalidRule, Callable[[Treaty], Treaty]] = {
    "withdrawal-not-allowed": lambda t: attrs.evolve(
        t, withdrawal=attrs.evolve(t.withdrawal, allowed=False)),
    "withdrawal-not-in-force": _allowing_withdrawal,
    "second-withdrawal": _allowing_withdrawal,
    "withdrawal-before-earliest": lambda t: _allowing_withdrawal(
        t, earliest=t.withdrawal.earliest or DateRule((AddPeriod(Period(years=3)),))),
    "named-effective-not-allowed": lambda t: _allowing_withdrawal(t, later_date=False),
    "named-effective-too-early": lambda t: _allowing_withdrawal(
        t, later_date=True, effective=DateRule((AddPeriod(Period(months=12)),))),
    "revocation-not-allowed": lambda t: _allowing_withdrawal(t, revocable=False),
    "revocation-on-or-after-effect": lambda t: _allowing_withdrawal(t, revocable=True),
    "after-termination": lambda t: attrs.evolve(
        _allowing_withdrawal(t), termination=attrs.evolve(t.termination, below=99)),
    "strict-month-end": lambda t: attrs.evolve(_allowing_withdrawal(
        t, effective=DateRule((AddPeriod(Period(months=1)),)), earliest=None),
        month_end="strict"),
}


# The clause each rule of an added clause needs, given to a treaty drawn with
# ``treaties(added_clauses=True)`` that lacks it.
_NEEDS: dict[InvalidRule, Callable[[Treaty], Treaty]] = {
    "signature-closed": lambda t: t if t.participation.signature_closes is not None
    else attrs.evolve(t, participation=attrs.evolve(t.participation,
                                                    signature_closes="entry-into-force")),
    "accession-not-open": lambda t: t if t.participation.accession_opens is not None
    else attrs.evolve(t, participation=attrs.evolve(t.participation,
                                                    accession_opens="entry-into-force")),
    "armed-conflict-already-started": lambda t: attrs.evolve(
        t, withdrawal=attrs.evolve(t.withdrawal, postponed_by_armed_conflict=True)),
    "armed-conflict-not-started": lambda t: attrs.evolve(
        t, withdrawal=attrs.evolve(t.withdrawal, postponed_by_armed_conflict=True)),
    "provisional-application-running": lambda t: attrs.evolve(
        t, provisional_application=t.provisional_application or ProvisionalApplication()),
    "provisional-application-in-force": lambda t: attrs.evolve(
        t, provisional_application=t.provisional_application or ProvisionalApplication()),
    "provisional-application-not-running": lambda t: attrs.evolve(
        t, provisional_application=t.provisional_application or ProvisionalApplication()),
    "protocol-consent-without-treaty-consent": lambda t: t if t.protocols else attrs.evolve(
        t, protocols=(AmendingProtocol("protocol-1", "Protocol 1"),)),
    "second-protocol-consent": lambda t: t if t.protocols else attrs.evolve(
        t, protocols=(AmendingProtocol("protocol-1", "Protocol 1"),)),
}


@st.composite
def _invalid_scenario(draw: st.DrawFn, treaty: Treaty | st.SearchStrategy[Treaty] | None,
                      max_events: int, rules: tuple[InvalidRule, ...]) -> InvalidScenario:
    target = draw(st.sampled_from(rules), label="rule to break")
    unsigned = None
    if treaty is None:
        if target in _NEEDS:
            chosen = draw(treaties(closed=False if target == "accession-not-open" else None,
                                   added_clauses=True))
            chosen = _NEEDS[target](chosen)
        else:
            chosen = draw(treaties(
                closed=True if target == "consent-without-signature" else None))
            chosen = _ADAPT.get(target, _unchanged)(chosen)
        if target == "consent-without-signature":
            assert chosen.parties is not None
            unsigned = draw(st.sampled_from(chosen.parties))
    else:
        chosen = draw(treaty) if isinstance(treaty, st.SearchStrategy) else treaty
    builder = _Builder(chosen, draw(_start(chosen)), unsigned)
    builder.grow(draw, draw(_sizes(0, max_events)))
    others = draw(st.permutations([r for r in rules if r != target]), label="fallbacks")
    for name in (target, *others):
        broken = _BREAKERS[name](draw, builder)
        if broken is not None:
            event, cites = broken
            return InvalidScenario(builder.scenario((event,)), event.index, name, cites)
    # Nothing in ``rules`` can be broken after this prefix: try another.
    reject()


@overload
def scenarios(
    treaty: Treaty | st.SearchStrategy[Treaty] | None = ..., *, valid: Literal[True] = ...,
    min_events: int = ..., max_events: int = ..., rules: Sequence[InvalidRule] | None = ...,
) -> st.SearchStrategy[Scenario]: ...


@overload
def scenarios(
    treaty: Treaty | st.SearchStrategy[Treaty] | None = ..., *, valid: Literal[False],
    min_events: int = ..., max_events: int = ..., rules: Sequence[InvalidRule] | None = ...,
) -> st.SearchStrategy[InvalidScenario]: ...


def scenarios(
    treaty: Treaty | st.SearchStrategy[Treaty] | None = None, *, valid: bool = True,
    min_events: int = 0, max_events: int = 16, rules: Sequence[InvalidRule] | None = None,
) -> st.SearchStrategy[Scenario] | st.SearchStrategy[InvalidScenario]:
    """Event sequences for ``treaty`` (a value or a strategy; default :func:`treaties`).

    ``valid=True``: a :class:`~treatystate.Scenario` the engine accepts in full, with
    ``min_events`` to ``max_events`` events in date order (fewer when the treaty's
    state allows nothing more, e.g. after termination with every duty done). Events
    are proposed from the state the engine reports on the proposed day, biased toward
    the days that matter: the same day, month ends, the last day before a notice takes
    effect, the earliest withdrawal day, the days around a duty's deadline.

    ``valid=False``: an :class:`InvalidScenario`: a valid prefix of up to
    ``max_events`` events, then one event that must be refused, labelled with the rule
    it breaks (one of ``rules``, default :data:`INVALID_RULES`) and the citation the
    refusal must carry. The rule is drawn first; with the default treaties, the treaty
    is then adapted so that it can be broken (e.g. ``revocable = false`` for
    ``revocation-not-allowed``); a treaty you give is used as it is, and a rule it
    cannot break is skipped. The rules of the added clauses (:data:`ADDED_CLAUSE_RULES`)
    are broken, with the default treaties, on ``treaties(added_clauses=True)`` given the
    clause the rule needs (e.g. ``[provisional_application]``); where the prefix lacks
    what a rule needs (a conflict going on, a provisional application running, a first
    protocol consent), a valid event supplying it joins the prefix first. Timestamps
    without an offset and unknown keys or event types are refused by the loader, before
    any ``Scenario`` exists, so they are not here.

    With ``valid=True`` the added event types (``armed-conflict-start``/``-end``,
    ``provisional-application``/``-end``, ``protocol-consent``) are proposed only on a
    treaty whose clauses allow them, so scenarios of SPEC §2 treaties draw exactly as
    before.
    """
    if valid:
        return _valid_scenario(treaties() if treaty is None else treaty, min_events,
                               max_events)
    wanted = tuple(rules) if rules is not None else INVALID_RULES
    unknown = [name for name in wanted if name not in INVALID_RULES]
    if unknown or not wanted:
        raise ValueError(f"unknown rules {unknown}; choose from {', '.join(INVALID_RULES)}")
    return _invalid_scenario(treaty, max_events, wanted)


# -------------------------------------------------------------------- state machine


class TreatyLifecycle(RuleBasedStateMachine):
    """A random walk through a random treaty's life; subclass it with your invariants.

    Each step either proposes an event the current state allows (it may still be
    refused, e.g. a withdrawal before ``earliest``) or lets time pass (``wait``, the
    always-available rule, so a terminated treaty never stops the run with "no
    progress"). Accepted events join ``self.events``; a refused one is kept in
    ``self.refused`` and changes nothing. Available to invariants:

    * ``self.treaty``, ``self.events`` (accepted, in date order), ``self.today``;
    * ``self.scenario``: the accepted events as a :class:`~treatystate.Scenario`;
    * ``self.outcome``: ``self.scenario.run(as_of=self.today)`` (``None`` before the
      first event);
    * ``self.refused``: the last refused ``(event, error)``, or ``None``.

    Override :meth:`treaty_strategy` to explore one treaty or a family::

        class CentralAsia(TreatyLifecycle):
            def treaty_strategy(self):
                return st.just(treatystate.presets.get("china-central-asia-2025"))

            @invariant()
            def at_most_six_parties(self):
                ...

        TestCentralAsia = CentralAsia.TestCase
    """

    def __init__(self) -> None:
        super().__init__()
        self.treaty: Treaty | None = None
        self.builder: _Builder | None = None
        self.outcome: Outcome | None = None
        self.refused: tuple[Event, TreatyStateError] | None = None

    def treaty_strategy(self) -> st.SearchStrategy[Treaty]:
        """The treaties to explore; :func:`treaties` by default."""
        return treaties()

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(self.builder.events) if self.builder else ()

    @property
    def today(self) -> pendulum.Date:
        assert self.builder is not None
        return self.builder.today

    @property
    def scenario(self) -> Scenario:
        assert self.builder is not None
        return self.builder.scenario()

    @initialize(data=st.data())
    def choose_treaty(self, data: st.DataObject) -> None:
        self.treaty = data.draw(self.treaty_strategy(), label="treaty")
        self.builder = _Builder(self.treaty, data.draw(_start(self.treaty), label="start"))

    def _refresh(self) -> None:
        assert self.builder is not None
        self.outcome = self.builder.state(self.builder.today)

    @rule(data=st.data())
    def event(self, data: st.DataObject) -> None:
        """Propose an event the state allows, and play it."""
        assert self.builder is not None
        proposal = self.builder.propose(data.draw)
        if proposal is None:
            return
        before = self.outcome
        if self.builder.accept(proposal):
            self.refused = None
        else:
            try:
                self.builder.scenario((proposal,)).run()
            except TreatyStateError as error:
                self.refused = (proposal, error)
            assert self.builder.state(self.builder.today) == before
        self._refresh()

    @rule(data=st.data())
    def wait(self, data: st.DataObject) -> None:
        """Let time pass (always possible, even after termination)."""
        assert self.builder is not None
        self.builder.today = data.draw(_gap(self.builder.today), label="wait until")
        self._refresh()


# ------------------------------------------------------------------- registration


def _scenario_of_any_treaty() -> st.SearchStrategy[Scenario]:
    return scenarios(treaties())


@functools.cache
def _whatif_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """Strategies for the what-if value types (``variants.py``, ``sweep.py``): values
    their constructors accept, naming the States of :data:`STATE_CODES`. Applied to a
    scenario, a change may still not fit it (an event it does not have, a State it does
    not list): then it raises :class:`~treatystate.TreatyStateError`, as a hand-written
    one would."""
    from ._whatif import sweep, variants

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


def _whatif_types() -> tuple[type, ...]:
    from ._whatif import sweep, variants

    return (variants.ShiftEvents, variants.MoveEvent, variants.DropEvents, variants.AddEvent,
            variants.SetConsent, variants.SetMonthEnd, variants.SetWithdrawalEffective,
            variants.SetEntryCondition, variants.ChangeClause, variants.ReplaceTreaty,
            variants.Change, variants.EventMatch, variants.Variant, sweep.Uniform,
            sweep.Normal, sweep.LogNormal, sweep.Triangular, sweep.Exponential,
            sweep.DateRange, sweep.Values, sweep.Delays, sweep.Axis, sweep.Sweep)


def _deferred_whatif(kind: type) -> st.SearchStrategy[Any]:
    def build() -> st.SearchStrategy[Any]:
        return _whatif_strategies()[kind]
    return st.deferred(build)


def _hypothesis_setup_hook() -> None:
    """Register strategies for ``st.from_type`` (run by Hypothesis's entry point)."""
    st.register_type_strategy(pendulum.Date, legal_dates())
    st.register_type_strategy(Period, periods())
    st.register_type_strategy(DateRule, date_rules())
    st.register_type_strategy(Treaty, treaties())
    st.register_type_strategy(Scenario, st.deferred(_scenario_of_any_treaty))
    st.register_type_strategy(
        Outcome, st.deferred(_scenario_of_any_treaty).map(lambda s: s.run())
    )
    # Change (a Protocol) draws any change; Distribution, a union, any registered member.
    # Built on first use: the entry point runs at every `import hypothesis`.
    for kind in _whatif_types():
        st.register_type_strategy(kind, _deferred_whatif(kind))
    st.register_type_strategy(Depositary, st.builds(Depositary, st.just("the depositary"),
                                                     st.sampled_from(ZONES)))
    st.register_type_strategy(Duty, st.builds(
        Duty, st.just("a-duty"), st.sampled_from(DUTY_TRIGGERS),
        st.one_of(st.none(), _LEGAL_PERIODS),
    ))
