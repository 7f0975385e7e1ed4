"""The richer final clauses: fixed term with tacit renewal, postponement by armed
conflict, provisional application, amending protocols, business-day extension of duty
deadlines, and which consents the `later` rule governs."""

from __future__ import annotations

import datetime as dt
import sys
from textwrap import dedent

import attrs
import pendulum
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import treatystate
from treatystate import RefusedEvent, ScenarioFileError, TreatyFileError

OPEN_TREATY = """
[treaty]
id = "test-treaty"
opened_for_signature = 2000-01-01
[treaty.depositary]
timezone = "UTC"
[treaty.entry_into_force]
when = {{ instruments = 3 }}
date = ["+P30D"]
{clauses}
"""


def scenario(clauses: str, events: str, as_of: str = "") -> treatystate.Scenario:
    head = f"as_of = {as_of}\n" if as_of else ""
    return treatystate.loads(head + dedent(events) + OPEN_TREATY.format(clauses=dedent(clauses)))


THREE_CONSENTS = """
events = [
  { type = "consent", party = "AAA", date = 2001-01-10 },
  { type = "consent", party = "BBB", date = 2001-01-10 },
  { type = "consent", party = "CCC", date = 2001-01-10 },
"""


def events(*more: str) -> str:
    return THREE_CONSENTS + "".join(f"  {line},\n" for line in more) + "]\n"


def protocol_consent(party: str, date: str, protocol: str = "protocol-1") -> str:
    return f'{{ type = "protocol-consent", protocol = "{protocol}", party = "{party}", ' \
           f'date = {date} }}'


def day(text: str) -> pendulum.Date:
    return pendulum.Date.fromisoformat(text)


# ---------------------------------------------------------------------- [term]

TERM = """
[treaty.term]
initial = "P10Y"
renewal = "P5Y"
notice = "P6M"
cites = "Art. XIV"
"""


@pytest.mark.parametrize(("received", "effective"), [
    ("2010-08-09", "2011-02-09"),   # exactly six months before the first term ends
    ("2010-08-10", "2016-02-09"),   # one day late: the next period
    ("2011-02-09", "2016-02-09"),   # on the day the term ends: the new period is current
    ("2015-08-09", "2016-02-09"),
    ("2015-08-10", "2021-02-09"),
])
def test_denunciation_takes_effect_at_the_end_of_a_period(received: str, effective: str) -> None:
    """Genocide Convention art. XIV: received at least six months before the current
    period ends, effective when it ends; otherwise when the next one ends."""
    run = scenario(TERM, events(f'{{ type = "withdrawal", party = "AAA", date = {received} }}'))
    record = run.run().parties["AAA"]
    assert record.withdrawal_effective == day(effective)  # entry into force 2001-02-09


def test_a_denunciation_on_the_last_day_of_a_period_is_one_for_the_next_period() -> None:
    """The period current on the day the initial term ends is the first renewal: the
    notice is on time for its end, and the explanation says so (not "renewed once
    more")."""
    run = scenario(TERM, events('{ type = "withdrawal", party = "AAA", date = 2011-02-09 }'))
    [effect] = [e for e in run.run().timeline if e.kind == "withdrawal-effective"]
    assert (effect.date, effect.detail) == (day("2016-02-09"), (
        "received on or before 2015-08-09 (P6M before renewal period 1 ends on 2016-02-09): "
        "effective when it ends"))


def test_a_late_denunciation_in_a_later_renewal_period_is_for_the_period_after() -> None:
    run = scenario(TERM, events('{ type = "withdrawal", party = "AAA", date = 2025-12-01 }'))
    [effect] = [e for e in run.run().timeline if e.kind == "withdrawal-effective"]
    assert (effect.date, effect.detail) == (day("2031-02-09"), (
        "received after 2025-08-09, less than P6M before renewal period 3 ends on "
        "2026-02-09: the treaty is renewed for this party once more, effective 2031-02-09"))


def month_renewals(month_end: str, received: str) -> treatystate.Scenario:
    """In force 2000-01-31 for a term of two months renewed month by month: every other
    period ends on a day its month lacks (30 April, 30 June... under last-day)."""
    return treatystate.loads(dedent(f"""
        events = [
          {{ type = "consent", party = "AAA", date = 2000-01-31 }},
          {{ type = "consent", party = "BBB", date = 2000-01-31 }},
          {{ type = "withdrawal", party = "AAA", date = {received} }},
        ]
        [treaty]
        id = "test-treaty"
        month_end = "{month_end}"
        [treaty.depositary]
        timezone = "UTC"
        [treaty.entry_into_force]
        when = {{ instruments = 2 }}
        date = []
        [treaty.term]
        initial = "P2M"
        renewal = "P1M"
        notice = "P1D"
        """))


@pytest.mark.parametrize("month_end", ["last-day", "strict"])
def test_the_period_current_on_a_clamped_period_end_is_the_next(month_end: str) -> None:
    """The first renewal ends on 30 April under last-day (31 April does not exist), and
    is ordered so under strict as well: a notice received that day falls in the second
    renewal, which ends on 31 May, a day that exists, so even strict computes it."""
    record = month_renewals(month_end, "2000-04-30").run().parties["AAA"]
    assert record.withdrawal_effective == day("2000-05-31")
    if month_end == "last-day":  # strict refuses it (the next test)
        record = month_renewals(month_end, "2000-04-29").run().parties["AAA"]
        assert record.withdrawal_effective == day("2000-04-30")


def test_a_strict_term_refuses_a_period_end_its_month_lacks() -> None:
    with pytest.raises(treatystate.AmbiguousDate, match=(
            r"the end of the current period needs 2000-01-31 \+ P3M: 2000-04-31 does not "
            r"exist")):
        month_renewals("strict", "2000-04-29").run()


def test_a_denunciation_whose_period_ends_beyond_the_calendar_is_refused() -> None:
    document = dedent("""
        events = [
          { type = "consent", party = "AAA", date = 9990-01-01 },
          { type = "consent", party = "BBB", date = 9990-01-01 },
          { type = "withdrawal", party = "AAA", date = 9996-01-01 },
        ]
        [treaty]
        id = "test-treaty"
        [treaty.depositary]
        timezone = "UTC"
        [treaty.entry_into_force]
        when = { instruments = 2 }
        date = []
        [treaty.term]
        initial = "P5Y"
        renewal = "P5Y"
        notice = "P6M"
        """)
    with pytest.raises(treatystate.EventDateOutOfRange) as caught:
        treatystate.loads(document).run()
    assert str(caught.value).endswith(
        "event 2 (withdrawal, AAA, 9996-01-01) refused: the end of the current period cannot "
        "be computed: 9990-01-01 + P10Y leaves the calendar (years 1 to 9999) (VCLT art. 56)")


def test_term_and_a_notice_period_cannot_both_fix_the_date() -> None:
    clauses = TERM + '[treaty.withdrawal]\neffective = ["+P12M"]\n'
    with pytest.raises(TreatyFileError, match=r"withdrawal\.effective: a treaty with a fixed"):
        scenario(clauses, events())


def test_a_renewing_term_needs_its_notice_period() -> None:
    """`renewal` without `notice` is refused (SPEC §8.4: a term without both expires)."""
    with pytest.raises(TreatyFileError, match=r"term\.renewal: `renewal` and `notice` go "
                                              r"together .* add `notice`"):
        scenario('[treaty.term]\ninitial = "P10Y"\nrenewal = "P5Y"\n', events())


# ------------------------------------------------------------ armed conflict

CONFLICT = """
[treaty.withdrawal]
effective = ["+P6M"]
postponed_by_armed_conflict = true
cites = "Art. 20(3)"
"""


def test_withdrawal_waits_for_the_end_of_the_armed_conflict() -> None:
    run = scenario(CONFLICT, events(
        '{ type = "armed-conflict-start", party = "AAA", date = 2005-01-01 }',
        '{ type = "withdrawal", party = "AAA", date = 2005-03-01 }',
        '{ type = "armed-conflict-end", party = "AAA", date = 2006-05-05 }',
    ))
    record = run.run().parties["AAA"]
    assert (record.withdrawal_postponed, record.withdrawal_effective, record.status) == (
        day("2005-09-01"), day("2006-05-05"), "withdrawn")
    pending = run.run(as_of="2006-01-01").parties["AAA"]
    assert (pending.status, pending.withdrawal_effective) == ("withdrawing", None)


def test_a_conflict_ended_before_the_period_expires_changes_nothing() -> None:
    run = scenario(CONFLICT, events(
        '{ type = "armed-conflict-start", party = "AAA", date = 2005-01-01 }',
        '{ type = "withdrawal", party = "AAA", date = 2005-03-01 }',
        '{ type = "armed-conflict-end", party = "AAA", date = 2005-08-31 }',
    ))
    record = run.run().parties["AAA"]
    assert (record.withdrawal_postponed, record.withdrawal_effective) == (None, day("2005-09-01"))


def test_a_postponed_withdrawal_may_be_revoked_before_it_takes_effect() -> None:
    run = scenario(CONFLICT, events(
        '{ type = "armed-conflict-start", party = "AAA", date = 2005-01-01 }',
        '{ type = "withdrawal", party = "AAA", date = 2005-03-01 }',
        '{ type = "withdrawal-revocation", party = "AAA", date = 2006-01-01 }',
        '{ type = "armed-conflict-end", party = "AAA", date = 2006-05-05 }',
    ))
    record = run.run().parties["AAA"]
    assert (record.status, record.withdrawal_revoked, record.withdrawal_effective) == (
        "party", day("2006-01-01"), None)


def test_conflict_end_without_start_is_refused() -> None:
    end = '{ type = "armed-conflict-end", party = "AAA", date = 2005-01-01 }'
    run = scenario(CONFLICT, events(end))
    with pytest.raises(RefusedEvent, match="no armed conflict of AAA has started"):
        run.run()


def test_conflict_events_need_the_clause() -> None:
    with pytest.raises(ScenarioFileError, match="has no armed-conflict clause"):
        scenario("", events('{ type = "armed-conflict-start", party = "AAA", date = 2005-01-01 }'))


# ---------------------------------------------------- provisional application

def test_provisional_application_ends_at_entry_into_force() -> None:
    """VCLT art. 25(1) default: the interval ends when the treaty enters into force."""
    run = scenario("[treaty.provisional_application]\n", """
        events = [
          { type = "provisional-application", party = "DDD", date = 2000-06-01 },
        """ + THREE_CONSENTS.split("[", 1)[1] + "]\n")
    record = run.run().parties["DDD"]
    assert (record.provisional_from, record.provisional_until) == (
        day("2000-06-01"), day("2001-02-09"))
    assert run.run(as_of="2001-01-01").parties["DDD"].provisional_until is None


def test_provisional_application_for_party_runs_to_its_own_entry_into_force() -> None:
    clauses = '[treaty.provisional_application]\nuntil = "entry-into-force-for-party"\n'
    run = scenario(clauses, events(
        '{ type = "provisional-application", party = "DDD", date = 2001-01-01 }',
        '{ type = "consent", party = "DDD", date = 2002-01-01 }',
    ))
    assert run.run().parties["DDD"].provisional_until == day("2002-01-31")


def test_notice_not_to_become_a_party_ends_it_on_receipt() -> None:
    """VCLT art. 25(2): the notice ends the provisional application when received."""
    run = scenario("[treaty.provisional_application]\n", """
        events = [
          { type = "provisional-application", party = "DDD", date = 2000-06-01 },
          { type = "provisional-application-end", party = "DDD", date = 2000-09-30 },
        ]
        """)
    assert run.run().parties["DDD"].provisional_until == day("2000-09-30")


def test_provisional_application_after_entry_into_force_is_refused() -> None:
    run = scenario("[treaty.provisional_application]\n", events(
        '{ type = "provisional-application", party = "DDD", date = 2001-03-01 }'))
    with pytest.raises(RefusedEvent, match="only pending entry into force"):
        run.run()


def test_provisional_application_needs_the_clause() -> None:
    with pytest.raises(ScenarioFileError, match="provides for no provisional application"):
        scenario("", events(
            '{ type = "provisional-application", party = "DDD", date = 2000-06-01 }'))


# ------------------------------------------------------------------ protocols

PROTOCOL = """
[[treaty.protocols]]
id = "protocol-1"
title = "First protocol"
date = ["+P30D"]
cites = "Art. 13"
"""


def test_protocol_enters_into_force_when_every_party_consents() -> None:
    lines = [f'{{ type = "protocol-consent", protocol = "protocol-1", party = "{code}", '
             f'date = 2003-0{month}-01 }}' for month, code in enumerate(("AAA", "BBB", "CCC"), 1)]
    record = scenario(PROTOCOL, events(*lines)).run().protocols["protocol-1"]
    assert (record.status, record.condition_met, record.entry_into_force) == (
        "in-force", day("2003-03-01"), day("2003-03-31"))
    assert dict(record.consents) == {"AAA": day("2003-01-01"), "BBB": day("2003-02-01"),
                                     "CCC": day("2003-03-01")}


def test_a_holdout_leaving_the_treaty_completes_the_protocol_condition() -> None:
    run = scenario(PROTOCOL, events(
        protocol_consent("AAA", "2003-01-01"),
        protocol_consent("BBB", "2003-01-01"),
        '{ type = "withdrawal", party = "CCC", date = 2003-02-01 }',
    ))
    record = run.run().protocols["protocol-1"]
    assert record.condition_met == day("2004-02-01")   # CCC's withdrawal takes effect


def test_protocol_with_an_instrument_count() -> None:
    clauses = PROTOCOL.replace('date = ["+P30D"]', 'when = { instruments = 2 }')
    run = scenario(clauses, events(
        protocol_consent("AAA", "2003-01-01"),
        protocol_consent("CCC", "2003-05-01"),
    ))
    assert run.run().protocols["protocol-1"].entry_into_force == day("2003-05-01")


def test_only_a_state_bound_by_the_treaty_consents_to_its_protocol() -> None:
    run = scenario(PROTOCOL, events(
        protocol_consent("ZZZ", "2003-01-01")))
    with pytest.raises(RefusedEvent, match="only a State that has consented to the treaty"):
        run.run()


def test_second_protocol_consent_is_refused() -> None:
    line = protocol_consent("AAA", "2003-01-01")
    with pytest.raises(RefusedEvent, match="already consented to protocol 'protocol-1'"):
        scenario(PROTOCOL, events(line, line)).run()


def test_unknown_protocol_is_bad_input() -> None:
    with pytest.raises(ScenarioFileError, match="'protocol-9' is not a protocol"):
        scenario(PROTOCOL, events(
            protocol_consent("AAA", "2003-01-01", "protocol-9")))


# ------------------------------------------------------ later_after (ATT 22(2))

@pytest.mark.parametrize(("later_after", "in_force_from"), [
    ("threshold", "2001-03-01"),          # Rome-style: its own 30 days, never before EIF
    ("entry-into-force", "2001-02-09"),   # ATT-style: with the treaty
])
def test_consent_between_threshold_and_entry_into_force(later_after: str,
                                                        in_force_from: str) -> None:
    clauses = f'later_after = "{later_after}"\n'
    run = scenario(clauses, events('{ type = "consent", party = "DDD", date = 2001-01-30 }'))
    assert run.run().parties["DDD"].in_force_from == day(in_force_from)


# ------------------------------------------------ business days (duties only)

HOLIDAYS = """
[treaty.depositary]
timezone = "Asia/Shanghai"
holidays = "CN"
[treaty.withdrawal]
effective = ["+P12M"]
[[treaty.duties]]
id = "inform-withdrawal"
after = "withdrawal"
within = "P15D"
"""


def holiday_scenario(withdrawal: dt.date, holidays: bool = True) -> treatystate.Scenario:
    clauses = HOLIDAYS if holidays else HOLIDAYS.replace('holidays = "CN"\n', "")
    text = events(f'{{ type = "withdrawal", party = "AAA", date = {withdrawal.isoformat()} }}')
    return treatystate.loads(text + OPEN_TREATY.format(clauses="").replace(
        '[treaty.depositary]\ntimezone = "UTC"\n', "") + dedent(clauses))


def test_duty_deadline_on_a_holiday_moves_to_the_next_working_day() -> None:
    outcome = holiday_scenario(dt.date(2025, 9, 16)).run()   # + 15 days = National Day
    duty = outcome.duty("inform-withdrawal", "AAA")
    assert duty is not None
    assert (duty.due, duty.due_extended_from) == (day("2025-10-09"), day("2025-10-01"))
    assert any("National Day" in note for note in outcome.notes)


def test_a_working_sunday_is_a_working_day() -> None:
    """China's 2025-09-28 is a Sunday worked in exchange for a holiday: no extension."""
    duty = holiday_scenario(dt.date(2025, 9, 13)).run().duty("inform-withdrawal", "AAA")
    assert duty is not None and (duty.due, duty.due_extended_from) == (day("2025-09-28"), None)


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=dt.date(2001, 3, 1), max_value=dt.date(2030, 12, 31)))
def test_holidays_never_move_an_effective_or_entry_into_force_date(notice: dt.date) -> None:
    """Law: the business-day extension changes duty deadlines only; every party's
    entry-into-force and withdrawal dates are the same with or without a calendar."""
    with_calendar = holiday_scenario(notice).run()
    without = holiday_scenario(notice, holidays=False).run()
    assert with_calendar.parties == without.parties
    assert with_calendar.entry_into_force == without.entry_into_force
    duty = with_calendar.duty("inform-withdrawal", "AAA")
    plain = without.duty("inform-withdrawal", "AAA")
    assert duty is not None and plain is not None and duty.due is not None
    assert plain.due is not None and duty.due >= plain.due


def test_unknown_holiday_calendar_is_bad_input() -> None:
    with pytest.raises(TreatyFileError, match="'XX' is not a country code"):
        treatystate.loads_treaty(dedent("""
            id = "t"
            parties = ["AAA", "BBB"]
            [depositary]
            timezone = "UTC"
            holidays = "XX"
            """))


def test_missing_holidays_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from treatystate._dates import workdays

    monkeypatch.setitem(sys.modules, "holidays", None)   # import now fails
    with pytest.raises(treatystate.TreatyStateError, match=r"treatystate\[holidays\]"):
        workdays.calendar_problem("CN")


# ------------------------------------------------------------- property laws

TERM_ENTRY = dt.date(2001, 2, 9)   # the three consents of 2001-01-10 + 30 days


def _period_ends(count: int) -> list[dt.date]:
    base = pendulum.Date(2001, 2, 9)
    return [base.add(years=10 + 5 * index) for index in range(count)]


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(2001, 2, 9), max_value=dt.date(2060, 12, 31)))
def test_denunciation_law(received: dt.date) -> None:
    """Law (Genocide Convention art. XIV): a denunciation takes effect at the end of a
    period of the term; that end is at least six months after its receipt; and it is
    the first period end that is."""
    run = scenario(TERM, events(
        f'{{ type = "withdrawal", party = "AAA", date = {received.isoformat()} }}'))
    effective = run.run().parties["AAA"].withdrawal_effective
    assert effective is not None
    ends = _period_ends(15)
    assert effective in ends
    at_least = pendulum.Date(received.year, received.month, received.day).add(months=6)
    assert effective >= at_least
    earlier = [end for end in ends if end < effective]
    assert all(end < at_least for end in earlier)


@settings(max_examples=60, deadline=None)
@example(dt.date(2004, 3, 1), 200, 184)   # the conflict ends on the expiry day itself
@example(dt.date(2004, 3, 1), 384, 10)    # it begins on the expiry day itself
@given(st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2004, 12, 31)),
       st.integers(min_value=0, max_value=400), st.integers(min_value=1, max_value=800))
def test_armed_conflict_law(notice: dt.date, start_offset: int, length: int) -> None:
    """Law (Ottawa Convention art. 20(3)): with a conflict running from `start` to
    `end`, a withdrawal takes effect six months after receipt, unless the conflict is
    going on at the start of that day (begun on an earlier day, not ended on an
    earlier day: derived dates come before the day's input events, SPEC §4), in which
    case it takes effect the day the conflict ends."""
    start = notice + dt.timedelta(days=start_offset - 200)
    end = start + dt.timedelta(days=length)
    lines = [
        f'{{ type = "armed-conflict-start", party = "AAA", date = {start.isoformat()} }}',
        f'{{ type = "withdrawal", party = "AAA", date = {notice.isoformat()} }}',
        f'{{ type = "armed-conflict-end", party = "AAA", date = {end.isoformat()} }}',
    ]
    if start > notice:
        lines[0], lines[1] = lines[1], lines[0]
    record = scenario(CONFLICT, events(*lines)).run().parties["AAA"]
    six_months = pendulum.Date(notice.year, notice.month, notice.day).add(months=6)
    in_conflict = start < six_months <= end
    expected = pendulum.Date(end.year, end.month, end.day) if in_conflict else six_months
    assert record.withdrawal_effective == expected
    assert record.withdrawal_postponed == (six_months if in_conflict else None)


def test_no_working_day_before_the_end_of_the_calendar_is_a_clean_refusal() -> None:
    """9999-12-31 is a Friday, a weekend day in Afghanistan's calendar: no working day
    follows it, and the signature that needs one is refused."""
    run = treatystate.loads(dedent("""
        [treaty]
        extends = "china-central-asia-2025"
        [treaty.depositary]
        holidays = "AF"
        [[treaty.duties]]
        id = "copies"
        after = "signature"
        within = "P5D"
        [[events]]
        type = "signature"
        date = 9999-12-26
        """))
    with pytest.raises(treatystate.EventDateOutOfRange, match="cannot be extended"):
        run.run()


@pytest.mark.parametrize(("clauses", "message"), [
    ('later_after = "ratification"', r"entry_into_force\.later_after: 'ratification' is not"),
    ('[treaty.provisional_application]\nuntil = "signature"',
     r"provisional_application\.until: 'signature' is not an end"),
    ('[[treaty.protocols]]\nid = "p"\nwhen = "most"', r"protocols\[0\]\.when: expected \"all\""),
    ('[[treaty.protocols]]\nid = "p"\n[[treaty.protocols]]\nid = "p"',
     r"protocols\[1\]\.id: protocol 'p' is declared twice"),
    ('[treaty.term]\ninitial = "P0D"\nrenewal = "P5Y"\nnotice = "P6M"',
     r"term\.initial: must be longer than zero"),
    ('[treaty.term]\ninitial = "P10Y"\nrenewal = "P5Y"\nnotice = "P6M"\nlength = "P1Y"',
     r"term\.length: unknown key in \[term\]"),
])
def test_new_keys_are_validated_with_the_key_path(clauses: str, message: str) -> None:
    with pytest.raises(TreatyFileError, match=message):
        scenario(clauses, events())


def test_the_new_clauses_from_python() -> None:
    """The same rules through the Python API: a treaty value with a protocol, and
    events built in code."""
    base = treatystate.presets.get("china-central-asia-2025")
    treaty = attrs.evolve(base, protocols=(treatystate.Protocol("p1", "First protocol"),))
    codes = base.parties or ()
    events = [treatystate.Event(0, "signature", day("2025-06-17"))]
    events += [treatystate.Event(len(events) + i, "consent", day("2025-10-03"), party=code)
               for i, code in enumerate(codes)]
    events += [treatystate.Event(len(events) + i, "protocol-consent", day("2027-01-04"),
                                 party=code, protocol="p1") for i, code in enumerate(codes)]
    outcome = treatystate.Scenario(treaty, tuple(events)).run()
    assert outcome.protocols["p1"].entry_into_force == day("2027-01-04")
    assert outcome.to_dict()["protocols"]["p1"]["status"] == "in-force"


def test_explain_names_the_term_for_a_denunciation() -> None:
    from pathlib import Path

    from treatystate._views.explain import explain

    example = Path(__file__).parent.parent / "examples" / "genocide_denunciation.toml"
    loaded = treatystate.load(example)
    dates = explain(loaded.run(), loaded.treaty).dates
    denunciation = next(d for d in dates if d.kind == "withdrawal-effective")
    assert (denunciation.clause, denunciation.date) == ("term", day("2031-01-12"))


# ------------------------------------------------------------- [participation]

PARTICIPATION = """
[treaty.participation]
signature_closes = "entry-into-force"
accession_opens = "entry-into-force"
cites = "Art. 21"
"""


def test_accession_before_entry_into_force_is_refused() -> None:
    """Arms Trade Treaty art. 21(3): a State that has not signed accedes only after
    entry into force."""
    run = scenario(PARTICIPATION, """
        events = [{ type = "consent", party = "AAA", date = 2001-01-10 }]
        """)
    with pytest.raises(RefusedEvent, match=r"open to accession only after its entry into force"):
        run.run()


def test_signatories_ratify_and_others_accede_after_entry_into_force() -> None:
    run = scenario(PARTICIPATION, """
        events = [
          { type = "signature", parties = ["AAA", "BBB", "CCC"], date = 2000-06-01 },
          { type = "consent", party = "AAA", date = 2001-01-10 },
          { type = "consent", party = "BBB", date = 2001-01-10 },
          { type = "consent", party = "CCC", date = 2001-01-10 },
          { type = "consent", party = "DDD", date = 2001-02-09 },
        ]
        """)
    assert run.run().parties["DDD"].in_force_from == day("2001-03-11")


def test_signature_after_it_closed_is_refused() -> None:
    """Signature open "until its entry into force" (ATT art. 21(1)); Rome Statute art.
    125(1): until 31 December 2000."""
    late = events('{ type = "signature", parties = ["DDD"], date = 2001-02-09 }')
    with pytest.raises(RefusedEvent, match="open for signature until its entry into force"):
        scenario(PARTICIPATION.replace('accession_opens = "entry-into-force"\n', ""),
                 late).run()
    rome = treatystate.loads(dedent("""
        treaty = "rome-statute-1998"
        events = [{ type = "signature", parties = ["AAA"], date = 2001-01-01 }]
        """))
    with pytest.raises(RefusedEvent, match="open for signature until 2000-12-31"):
        rome.run()


def test_participation_keys_are_validated() -> None:
    with pytest.raises(TreatyFileError, match=r"participation\.signature_closes: expected a date"):
        scenario('[treaty.participation]\nsignature_closes = "never"', events())
    closed = dedent("""
        id = "t"
        parties = ["AAA", "BBB"]
        [depositary]
        timezone = "UTC"
        [participation]
        accession_opens = 2001-01-01
        """)
    with pytest.raises(TreatyFileError, match=r"a closed treaty .* is not open to accession"):
        treatystate.loads_treaty(closed)


# ------------------------------------------------------- termination, explained

TERMINATING = """
[treaty]
id = "test-treaty"
[treaty.depositary]
timezone = "UTC"
[treaty.entry_into_force]
when = {{ instruments = {instruments} }}
date = []
[treaty.withdrawal]
effective = ["+P1Y"]
{clauses}"""


def termination_explained(consents: str, clauses: str = "", instruments: int = 2
                          ) -> tuple[object, ...]:
    codes = consents.split()
    rows = [f'{{ type = "consent", party = "{code}", date = 2001-01-01 }}' for code in codes]
    rows.append(f'{{ type = "withdrawal", party = "{codes[0]}", date = 2002-01-01 }}')
    scenario = treatystate.loads(f"events = [{', '.join(rows)}]\n" + TERMINATING.format(
        instruments=instruments, clauses=dedent(clauses)))
    outcome = scenario.run()
    assert outcome.status == "terminated" and outcome.terminated == day("2003-01-01")
    [item] = [d for d in outcome.explain(scenario.treaty).dates if d.kind == "termination"]
    return (item.cites, item.clause, item.rule, item.text, item.detail)


def test_a_termination_below_the_clauses_number_cites_the_clause() -> None:
    clause = '[treaty.termination]\nbelow = 3\ncites = "Art. XV"\ntext = "... fewer than 3"\n'
    assert termination_explained("AAA BBB CCC", clause) == (
        "Art. XV", "termination.below", ("below = 3",), "... fewer than 3",
        "2 parties remain, fewer than 3 after AAA's withdrawal took effect")
    assert termination_explained("AAA BBB CCC", "[treaty.termination]\nbelow = 3\n")[:2] == (
        "treaty termination clause", "termination.below")


@pytest.mark.parametrize(("consents", "instruments", "remain"),
                         [("AAA BBB", 2, "1 party remains"), ("AAA", 1, "no party remains")])
def test_a_treaty_left_with_fewer_than_two_parties_terminates(
    consents: str, instruments: int, remain: str
) -> None:
    assert termination_explained(consents, instruments=instruments) == (
        "VCLT art. 2(1)(a): a treaty needs at least two parties", None, None, None,
        f"{remain} after AAA's withdrawal took effect")


def test_a_protocol_consented_to_before_the_treaty_enters_into_force_with_it() -> None:
    """Every party consented to the protocol before the treaty entered into force: the
    condition is met on that day, with the parties it binds (it used to wait for the
    next change of the parties, here a withdrawal two years later)."""
    run = scenario('[[treaty.protocols]]\nid = "protocol-1"\ncites = "Art. 13"\n', events(
        protocol_consent("AAA", "2001-01-20"), protocol_consent("BBB", "2001-01-21"),
        protocol_consent("CCC", "2001-01-22"),
        '{ type = "withdrawal", party = "AAA", date = 2003-01-01 }'))
    [entry] = [e for e in run.run().timeline if e.kind == "protocol-entry-into-force"]
    assert (entry.date, entry.status, entry.caused_by) == (day("2001-02-09"), "occurred",
                                                            (3, 4, 5))
    assert entry.detail.startswith("protocol 'protocol-1': every party's consent met on "
                                   "2001-02-09")
