"""Random valid treaties: the SPEC §2 vocabulary and the clauses added since."""

from __future__ import annotations

import datetime as dt
import functools
from fractions import Fraction

import attrs
import pendulum
from hypothesis import strategies as st

from .._dates.periods import (
    MONTH_END_POLICIES,
    AddPeriod,
    DateRule,
    MonthEnd,
    Period,
)
from .._model.clauses import (
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
from .._model.clauses import Protocol as AmendingProtocol
from ._dates import _LEGAL_PERIODS, ZONES, _forward_rule, _pdate, _shift_days, legal_dates

#: State codes the strategies use (ISO 3166-1 alpha-3).
STATE_CODES: tuple[str, ...] = (
    "CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB", "FRA", "DEU", "BRA", "IND", "USA", "JPN",
)
#: More ISO 3166-1 alpha-3 codes, for open treaties whose condition counts more States
#: than :data:`STATE_CODES` holds (the Rome Statute's 60, the Ottawa Convention's 40).
MORE_STATE_CODES: tuple[str, ...] = (
    "AFG", "ALB", "DZA", "AND", "AGO", "ARG", "ARM", "AUS", "AUT", "AZE", "BHS", "BHR",
    "BGD", "BRB", "BLR", "BEL", "BLZ", "BEN", "BTN", "BOL", "BIH", "BWA", "BRN", "BGR",
    "BFA", "BDI", "KHM", "CMR", "CAN", "CPV", "CAF", "TCD", "CHL", "COL", "COM", "COG",
    "CRI", "CIV", "HRV", "CUB", "CYP", "CZE", "DNK", "DJI", "DMA", "DOM", "ECU", "EGY",
    "SLV", "GNQ", "ERI", "EST", "SWZ", "ETH", "FJI", "FIN", "GAB", "GMB", "GEO", "GHA",
    "GRC", "GRD", "GTM", "GIN", "GNB", "GUY", "HTI", "HND", "HUN", "ISL", "IDN", "IRN",
    "IRQ", "IRL", "ISR", "ITA", "JAM", "JOR", "KEN", "KIR", "KWT", "LAO", "LVA", "LBN",
    "LSO", "LBR", "LBY", "LIE", "LTU", "LUX", "MDG", "MWI", "MYS", "MDV", "MLI", "MLT",
    "MHL", "MRT", "MUS", "MEX", "FSM", "MDA", "MCO", "MNG", "MNE", "MAR", "MOZ", "MMR",
    "NAM", "NRU", "NPL", "NLD", "NZL", "NIC", "NER", "NGA", "MKD", "NOR", "OMN", "PAK",
    "PLW", "PAN", "PNG", "PRY", "PER", "PHL", "POL", "PRT", "QAT", "KOR", "ROU", "RUS",
    "RWA", "KNA", "LCA", "VCT", "WSM", "SMR", "STP", "SAU", "SEN", "SRB", "SYC", "SLE",
    "SGP", "SVK", "SVN", "SLB", "SOM", "ZAF", "SSD", "ESP", "LKA", "SDN", "SUR", "SWE",
    "CHE", "SYR", "TZA", "THA", "TLS", "TGO", "TON", "TTO", "TUN", "TUR", "TUV", "UGA",
    "UKR", "ARE", "GBR", "URY", "VUT", "VEN", "VNM", "YEM", "ZMB", "ZWE",
)


# ----------------------------------------------------------------------- treaties


@functools.cache
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


# The strategies a treaty is drawn from, built once: Hypothesis checks each strategy
# object the first time it is drawn from, and a treaty is drawn again at every example
# and every shrinking step.
_LISTED = st.lists(st.sampled_from(STATE_CODES), min_size=2, max_size=6, unique=True)
_WEIGHED = st.lists(st.sampled_from(STATE_CODES), min_size=1, max_size=6, unique=True)
# Shares a treaty file can write (a decimal: two thirds cannot be).
_SHARES = st.sampled_from((Fraction(1, 2), Fraction(55, 100), Fraction(3, 4), Fraction(1),
                           Fraction(1, 10)))
_OPENED = st.one_of(st.none(), legal_dates(dt.date(1950, 1, 1), dt.date(2150, 12, 31)))
_FORWARD = _forward_rule()
_FORWARD_OR_NONE = st.one_of(st.none(), _FORWARD)
_EFFECTIVE = st.one_of(st.just(DateRule((AddPeriod(Period(months=12)),))), _FORWARD)
_EARLIEST = st.one_of(st.none(), _forward_rule(allow_empty=False))
_DUTY_LISTS = st.lists(
    st.tuples(st.sampled_from(DUTY_TRIGGERS), st.one_of(st.none(), _LEGAL_PERIODS)),
    max_size=4,
)


@functools.cache
def _below(most: int) -> st.SearchStrategy[int | None]:
    return st.one_of(st.none(), st.integers(1, most))


@st.composite
def _treaty(draw: st.DrawFn, closed: bool | None, month_end: MonthEnd | None) -> Treaty:
    is_closed = draw(st.booleans()) if closed is None else closed
    parties: tuple[str, ...] | None = None
    if is_closed:
        parties = tuple(draw(_LISTED))
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
            codes = parties or draw(_WEIGHED)
            table = {code: Fraction(draw(st.integers(0, 100))) for code in codes}
            if not any(table.values()):
                table[codes[0]] = Fraction(1)
            weights["weight"] = table
            weight = "weight"
            share = draw(_SHARES)
        condition = Instruments(count, weight, share)
    opened = draw(_OPENED)
    start = opened or pendulum.Date(2000, 1, 1)
    not_before = None
    if draw(st.integers(0, 3)) == 0:
        not_before = _pdate(start + dt.timedelta(days=draw(st.integers(0, 2000))))
    entry = EntryIntoForce(
        condition=condition,
        date=draw(_FORWARD),
        later=draw(_FORWARD_OR_NONE),
        not_before=not_before,
        cites=draw(_cites("Art. 20")),
    )
    withdrawal = Withdrawal(
        allowed=draw(st.sampled_from((True, True, True, True, False))),
        effective=draw(_EFFECTIVE),
        earliest=draw(_EARLIEST),
        later_date=draw(st.booleans()),
        revocable=draw(st.sampled_from((True, True, False))),
        cites=draw(_cites("Art. 21")),
    )
    termination = Termination(
        below=draw(_below(len(parties) if parties else 4)),
        cites=draw(_cites("Art. 22")),
    )
    duty_list = draw(_DUTY_LISTS)
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

    >>> import treatystate
    >>> from hypothesis import HealthCheck, given, settings
    >>> from treatystate import testing
    >>> @settings(max_examples=10, database=None, deadline=None,
    ...           suppress_health_check=list(HealthCheck))
    ... @given(testing.treaties(closed=True))
    ... def test_a_closed_treaty_lists_its_states(treaty):
    ...     assert treaty.closed and len(treaty.parties) >= 2
    ...     treatystate.Scenario(treaty).run()
    >>> test_a_closed_treaty_lists_its_states()
    """
    if added_clauses:
        return _treaty(closed, month_end).flatmap(_added_clauses)
    return _treaty(closed, month_end)
