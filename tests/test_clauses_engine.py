"""The SPEC §8 clauses at work: qualified thresholds, eligible States, fixed terms that
expire and their extension, succession, `earliest_from`, rules that run backwards,
and the party key `withdrawal_notice_from`."""

from __future__ import annotations

import datetime as dt
import io
from textwrap import dedent

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

import treatystate
from treatystate import RefusedEvent
from treatystate._views.render import print_outcome

D = pendulum.Date

OPEN = """\
{events}
[treaty]
id = "t"
opened_for_signature = 1940-01-01
month_end = "last-day"
[treaty.depositary]
timezone = "UTC"
[treaty.entry_into_force]
when = {when}
date = {date}
{clauses}
"""


def scenario(events: str, when: str = "{ instruments = 3 }", clauses: str = "",
             date: str = "[]") -> treatystate.Scenario:
    return treatystate.loads(OPEN.format(events=dedent(events), when=when, date=date,
                                         clauses=dedent(clauses)))


def consents(*pairs: tuple[str, str]) -> str:
    lines = [f'  {{ type = "consent", party = "{code}", date = {day} }},' for code, day in pairs]
    return "events = [\n" + "\n".join(lines) + "\n]\n"


def day(text: str) -> pendulum.Date:
    return pendulum.Date.fromisoformat(text)


# ======================================================== §8.2 qualified thresholds

GROUPS = """
[treaty.groups]
members = ["MMA", "MMB", "MMC", "MMD"]
"""
QUALIFIED = '{ instruments = 3, including = { group = "members", at_least = 2 } }'


def test_the_count_alone_does_not_bring_a_qualified_threshold() -> None:
    """Three instruments by 2001-01-03, but the second member's only on 2001-01-05."""
    run = scenario(consents(("NNA", "2001-01-01"), ("MMA", "2001-01-02"),
                            ("NNB", "2001-01-03"), ("NNC", "2001-01-04"),
                            ("MMB", "2001-01-05")), QUALIFIED, GROUPS).run()
    assert run.threshold_reached == D(2001, 1, 5)
    assert run.entry_into_force == D(2001, 1, 5)
    assert {code: p.in_force_from for code, p in run.parties.items()} == dict.fromkeys(
        ("NNA", "MMA", "NNB", "NNC", "MMB"), D(2001, 1, 5))


def test_the_qualifier_alone_does_not_bring_it_either() -> None:
    run = scenario(consents(("MMA", "2001-01-01"), ("MMB", "2001-01-02"),
                            ("NNA", "2001-01-03")), QUALIFIED, GROUPS).run()
    assert run.threshold_reached == D(2001, 1, 3)
    never = scenario(consents(("MMA", "2001-01-01"), ("MMB", "2001-01-02")), QUALIFIED,
                     GROUPS).run()
    assert never.entry_into_force is None and never.status == "signed"


def test_named_states_must_all_be_among_the_consents() -> None:
    """UN Charter art. 110(3) style: the five named, and a count."""
    when = '{ instruments = 3, including = ["CHN", "FRA"] }'
    run = scenario(consents(("AAA", "2001-01-01"), ("CHN", "2001-01-02"),
                            ("BBB", "2001-01-03"), ("FRA", "2001-01-04")), when).run()
    assert run.threshold_reached == D(2001, 1, 4)


def test_a_mixed_requirement_needs_every_part() -> None:
    when = '{ instruments = 2, including = [{ group = "members", at_least = 1 }, "USA"] }'
    run = scenario(consents(("USA", "2001-01-01"), ("NNA", "2001-01-02"),
                            ("MMC", "2001-01-03")), when, GROUPS).run()
    assert run.threshold_reached == D(2001, 1, 3)


def test_a_revoked_member_consent_cancels_a_pending_entry_into_force() -> None:
    events = """\
    events = [
      { type = "consent", party = "MMA", date = 2001-01-01 },
      { type = "consent", party = "MMB", date = 2001-01-02 },
      { type = "consent", party = "NNA", date = 2001-01-03 },
      { type = "consent", party = "NNB", date = 2001-01-04 },
      { type = "consent-revocation", party = "MMB", date = 2001-01-10 },
      { type = "consent", party = "MMC", date = 2001-01-20 },
    ]
    """
    run = scenario(events, QUALIFIED, GROUPS, date='["+P30D"]').run()
    # met on 01-03 (due 02-02); MMB's revocation leaves 3 instruments but one member:
    # cancelled; MMC's consent meets it again on 01-20.
    assert run.threshold_reached == D(2001, 1, 20)
    assert run.entry_into_force == D(2001, 2, 19)
    assert [e.status for e in run.timeline if e.kind == "entry-into-force"] == [
        "cancelled", "occurred"]


def test_explain_names_the_instrument_that_completed_each_part() -> None:
    run = scenario(consents(("NNA", "2001-01-01"), ("MMA", "2001-01-02"),
                            ("NNB", "2001-01-03"), ("MMB", "2001-01-05")), QUALIFIED,
                   GROUPS)
    explanation = run.run().explain(run.treaty)
    entry = next(d for d in explanation.dates if d.kind == "entry-into-force")
    threshold = entry.threshold
    assert threshold is not None
    assert threshold.count_completed_by is not None
    assert threshold.count_completed_by.index == 2          # NNB, the third instrument
    assert [(part.requirement, part.completed_by.index if part.completed_by else None)
            for part in threshold.including] == [
        ("at least 2 of the group 'members'", 3)]           # MMB, the second member
    assert threshold.completed_by is not None and threshold.completed_by.index == 3
    text = explanation.to_text()
    assert "at least 2 of the group 'members' completed by event 3 (consent, MMB" in text


CODES = st.sampled_from(["MMA", "MMB", "MMC", "MMD", "NNA", "NNB", "NNC", "NND"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(CODES, st.integers(0, 40)), min_size=1, max_size=8,
                unique_by=lambda pair: pair[0]),
       st.integers(1, 5), st.integers(1, 4))
def test_a_qualified_threshold_is_never_met_earlier_than_the_count_alone(
        instruments: list[tuple[str, int]], count: int, at_least: int) -> None:
    """Law: adding an `including` requirement never brings the condition forward; and
    it is met on the first day on which both the count and the qualifier hold."""
    pairs = [(code, (dt.date(2001, 1, 1) + dt.timedelta(days=offset)).isoformat())
             for code, offset in instruments]
    events = consents(*pairs)
    plain = scenario(events, f"{{ instruments = {count} }}", GROUPS).run().threshold_reached
    qualified = scenario(
        events, f'{{ instruments = {count}, including = {{ group = "members", '
                f'at_least = {at_least} }} }}', GROUPS).run().threshold_reached
    if qualified is not None:
        assert plain is not None and qualified >= plain
    days = sorted({d for _, d in pairs})
    expected = next((day(d) for d in days
                     if sum(1 for _, x in pairs if x <= d) >= count
                     and sum(1 for c, x in pairs if x <= d and c.startswith("MM")) >= at_least),
                    None)
    assert qualified == expected


# =========================================================== §8.3 eligible States

ELIGIBLE = """
[treaty.groups]
annex-1 = ["AAA", "BBB", "CCC", "DDD"]
[treaty.participation]
eligible = "annex-1"
cites = "Art. 20"
"""


def test_only_eligible_states_may_consent() -> None:
    run = scenario(consents(("AAA", "2001-01-01"), ("BBB", "2001-01-02"),
                            ("CCC", "2001-01-03")), clauses=ELIGIBLE).run()
    assert run.entry_into_force == D(2001, 1, 3)
    with pytest.raises(RefusedEvent) as error:
        scenario(consents(("AAA", "2001-01-01"), ("ZZZ", "2001-01-02")),
                 clauses=ELIGIBLE).run()
    message = str(error.value)
    assert "event 1 (consent, ZZZ, 2001-01-02)" in message
    assert "Art. 20" in message and "ZZZ is not among the States eligible" in message
    assert "annex-1" in message


def test_only_eligible_states_may_sign() -> None:
    events = 'events = [{ type = "signature", parties = ["AAA", "XXX"], date = 2001-01-01 }]\n'
    with pytest.raises(RefusedEvent, match="XXX is not among the States eligible"):
        scenario(events, clauses=ELIGIBLE).run()


def test_eligible_states_listed_inline_cite_the_vclt_without_cites() -> None:
    clauses = '[treaty.participation]\neligible = ["AAA", "BBB", "CCC"]\n'
    with pytest.raises(RefusedEvent) as error:
        scenario(consents(("DDD", "2001-01-01")), clauses=clauses).run()
    assert "(VCLT arts. 12, 15)" in str(error.value) and "AAA, BBB, CCC" in str(error.value)


# ============================================== §8.4 fixed terms and their extension

TERM = """
[treaty.term]
initial = "P10Y"
max_extension = "P5Y"
cites = "Art. XIV(2)"
"""
IN_FORCE = '  { type = "consent", party = "AAA", date = 2011-02-05 },\n' \
           '  { type = "consent", party = "BBB", date = 2011-02-05 },\n'


def term_run(*more: str, clauses: str = TERM, as_of: str | None = None
             ) -> treatystate.Outcome:
    events = "events = [\n" + IN_FORCE + "".join(f"  {m},\n" for m in more) + "]\n"
    made = scenario(events, "{ instruments = 2 }", clauses)
    return made.run(as_of)


def test_a_term_without_renewal_expires() -> None:
    run = term_run()
    assert run.terminated == D(2021, 2, 5) and run.status == "terminated"
    assert {p.status for p in run.parties.values()} == {"terminated"}
    ending = next(e for e in run.timeline if e.kind == "termination")
    assert ending.cites == "Art. XIV(2)" and "2011-02-05 +P10Y" in (ending.detail or "")


def test_before_it_expires_the_end_of_the_term_is_already_known() -> None:
    run = term_run(as_of="2015-01-01")
    assert run.status == "in-force" and run.terminated is None
    assert next(e for e in run.timeline if e.kind == "termination").source == "scheduled"


@pytest.mark.parametrize(("extension", "end"), [
    ('until = 2026-02-05', D(2026, 2, 5)),
    ('by = "P5Y"', D(2026, 2, 5)),
    ('by = "P2Y"', D(2023, 2, 5)),
])
def test_an_extension_moves_the_end(extension: str, end: pendulum.Date) -> None:
    run = term_run(f'{{ type = "term-extension", date = 2021-02-03, {extension} }}')
    assert run.terminated == end
    statuses = [(e.kind, e.status) for e in run.timeline if e.kind == "termination"]
    assert statuses == [("termination", "cancelled"), ("termination", "occurred")]


def test_extensions_add_up_to_at_most_max_extension() -> None:
    run = term_run('{ type = "term-extension", date = 2021-02-03, by = "P2Y" }',
                   '{ type = "term-extension", date = 2022-06-01, by = "P3Y" }')
    assert run.terminated == D(2026, 2, 5)
    with pytest.raises(RefusedEvent) as error:
        term_run('{ type = "term-extension", date = 2021-02-03, by = "P2Y" }',
                 '{ type = "term-extension", date = 2022-06-01, until = 2026-02-06 }')
    message = str(error.value)
    assert "event 3 (term-extension, 2022-06-01)" in message and "Art. XIV(2)" in message
    assert "no more than P5Y" in message and "2026-02-05" in message


@pytest.mark.parametrize(("event", "clauses", "why"), [
    ('{ type = "term-extension", date = 2021-02-05, until = 2026-02-05 }', TERM,
     "the treaty terminated on 2021-02-05"),
    ('{ type = "term-extension", date = 2021-02-03, until = 2021-02-05 }', TERM,
     "not later than the end of the term, 2021-02-05"),
    ('{ type = "term-extension", date = 2021-02-03, until = 2026-02-05 }', "",
     "the treaty has no fixed [term] to extend"),
    ('{ type = "term-extension", date = 2021-02-03, until = 2026-02-05 }',
     '[treaty.term]\ninitial = "P10Y"\nrenewal = "P5Y"\nnotice = "P6M"\n',
     "renews tacitly"),
    ('{ type = "term-extension", date = 2010-02-03, until = 2026-02-05 }', TERM,
     "not yet in force"),
])
def test_refused_extensions(event: str, clauses: str, why: str) -> None:
    with pytest.raises(RefusedEvent) as error:
        term_run(event, clauses=clauses)
    assert why in str(error.value), str(error.value)


def test_a_term_extension_without_max_extension_has_no_bound() -> None:
    run = term_run('{ type = "term-extension", date = 2021-02-03, by = "P50Y" }',
                   clauses='[treaty.term]\ninitial = "P10Y"\n')
    assert run.terminated == D(2071, 2, 5)


def test_a_pending_withdrawal_lapses_when_the_term_expires() -> None:
    run = term_run('{ type = "withdrawal", party = "AAA", date = 2020-12-01 }')
    assert run.terminated == D(2021, 2, 5)
    assert run.parties["AAA"].withdrawal_effective is None
    assert run.parties["AAA"].status == "terminated"


# ====================================================================== §8.6 succession

GENOCIDE_LIKE = "{ instruments = 2 }"


def test_succession_binds_from_the_date_of_succession() -> None:
    events = consents(("AAA", "1950-10-14"), ("BBB", "1950-10-14")).replace(
        "]\n", '  { type = "succession", party = "BIH", date = 1992-12-29, '
               'effective = 1992-03-06 },\n]\n')
    run = scenario(events, GENOCIDE_LIKE, date='["+P90D"]').run()
    bih = run.parties["BIH"]
    assert (bih.status, bih.consent, bih.in_force_from) == (
        "party", D(1992, 12, 29), D(1992, 3, 6))
    derived = next(e for e in run.timeline if e.kind == "entry-into-force-for-party"
                   and e.party == "BIH")
    assert derived.date == D(1992, 3, 6) and derived.caused_by == (2,)


def test_succession_before_the_treaty_was_in_force_binds_from_its_entry_into_force() -> None:
    events = consents(("AAA", "1950-10-14"), ("BBB", "1950-10-14")).replace(
        "]\n", '  { type = "succession", party = "NEW", date = 1962-05-01, '
               'effective = 1950-01-01 },\n]\n')
    run = scenario(events, GENOCIDE_LIKE, date='["+P90D"]').run()
    assert run.entry_into_force == D(1951, 1, 12)
    assert run.parties["NEW"].in_force_from == D(1951, 1, 12)


def test_succession_before_entry_into_force_counts_as_a_consent_on_its_date() -> None:
    events = consents(("AAA", "1950-09-01")).replace(
        "]\n", '  { type = "succession", party = "NEW", date = 1950-10-14, '
               'effective = 1949-05-01 },\n]\n')
    run = scenario(events, GENOCIDE_LIKE, date='["+P90D"]').run()
    assert run.threshold_reached == D(1950, 10, 14)
    assert run.entry_into_force == D(1951, 1, 12)
    assert run.parties["NEW"].in_force_from == D(1951, 1, 12)
    assert run.parties["NEW"].consent == D(1950, 10, 14)


def test_a_second_consent_by_succession_is_refused() -> None:
    events = consents(("AAA", "1950-09-01"), ("BBB", "1950-09-02")).replace(
        "]\n", '  { type = "succession", party = "AAA", date = 1960-01-01, '
               'effective = 1959-01-01 },\n]\n')
    with pytest.raises(RefusedEvent, match="AAA's consent was already received"):
        scenario(events, GENOCIDE_LIKE).run()


# =========================================================== §8.7 earliest_from

ACHR = """
[treaty.withdrawal]
earliest = ["+P5Y"]
earliest_from = "{origin}"
effective = ["+P1Y"]
cites = "Art. 78(1)"
"""


@pytest.mark.parametrize(("origin", "first_day"), [("treaty", "1983-07-18"),
                                                   ("party", "1984-01-01")])
def test_earliest_counts_from_the_party_or_the_treaty(origin: str, first_day: str) -> None:
    """American Convention on Human Rights art. 78(1): "a five-year period from the
    date of its entry into force" (the Convention's, 18 July 1978)."""
    events = consents(("AAA", "1978-07-18"), ("BBB", "1978-07-18"), ("CCC", "1979-01-01"))
    made = scenario(events, "{ instruments = 2 }", ACHR.format(origin=origin))
    assert made.run().parties["CCC"].withdrawal_notice_from == day(first_day)
    late = events.replace("]\n", f'  {{ type = "withdrawal", party = "CCC", date = '
                                 f'{first_day} }},\n]\n')
    ran = scenario(late, "{ instruments = 2 }", ACHR.format(origin=origin)).run()
    assert ran.parties["CCC"].withdrawal_notice == day(first_day)
    before = (day(first_day) - dt.timedelta(days=1)).isoformat()
    early = events.replace("]\n", f'  {{ type = "withdrawal", party = "CCC", date = '
                                  f'{before} }},\n]\n')
    with pytest.raises(RefusedEvent, match=f"a notice may be given from {first_day}"):
        scenario(early, "{ instruments = 2 }", ACHR.format(origin=origin)).run()


# ================================================ §8.7 rules that run backwards at run time


def _backwards() -> tuple[treatystate.Scenario, treatystate.Treaty]:
    made = scenario(consents(("AAA", "2001-01-01"), ("BBB", "2001-01-02"),
                             ("CCC", "2001-01-03")).replace(
        "]\n", '  { type = "withdrawal", party = "AAA", date = 2001-03-15 },\n]\n'))
    backwards = attrs.evolve(made.treaty.withdrawal,
                             effective=treatystate.DateRule.parse(["start-of-month"]))
    return made, attrs.evolve(made.treaty, withdrawal=backwards)


def test_a_python_treaty_whose_rule_lands_before_its_start_is_refused() -> None:
    """The loader refuses such a rule; so does a Scenario built in Python."""
    made, treaty = _backwards()
    with pytest.raises(treatystate.TreatyFileError) as error:
        attrs.evolve(made, treaty=treaty)
    assert "`withdrawal.effective`: ['start-of-month'] lands before its start" in str(
        error.value)


def test_the_engine_refuses_a_date_before_its_start_at_run_time() -> None:
    """Below the scenario's checks, the engine's own: it names the rule and the event
    that needed it."""
    from treatystate._engine.run import simulate

    made, treaty = _backwards()
    with pytest.raises(RefusedEvent) as error:
        simulate(treaty, made.events, None)
    message = str(error.value)
    assert message.startswith("event 3 (withdrawal, AAA, 2001-03-15) refused: the rule "
                              "withdrawal.effective = ['start-of-month'] gives 2001-03-01, "
                              "before its start 2001-03-15")
    assert error.value.refusal == "date.before-start"


# =================================================== §8.8 withdrawal_notice_from

PARIS_LIKE = """
[treaty.withdrawal]
earliest = ["+P3Y"]
cites = "Art. 28(1)"
"""


def test_withdrawal_notice_from_in_the_outcome() -> None:
    run = scenario(consents(("AAA", "2016-10-05"), ("BBB", "2016-10-05"), ("CCC", "2016-10-05"),
                            ("DDD", "2018-01-01")), date='["+P30D"]', clauses=PARIS_LIKE).run()
    assert run.parties["AAA"].withdrawal_notice_from == D(2019, 11, 4)
    assert run.parties["DDD"].withdrawal_notice_from == D(2021, 1, 31)   # in force 2018-01-31
    assert run.to_dict()["parties"]["AAA"]["withdrawal_notice_from"] == "2019-11-04"


def test_withdrawal_notice_from_is_null_when_no_notice_could_be_given() -> None:
    pending = scenario(consents(("AAA", "2016-10-05")), date='["+P30D"]').run()
    assert pending.parties["AAA"].withdrawal_notice_from is None     # not in force
    closed = scenario(consents(("AAA", "2016-10-05"), ("BBB", "2016-10-05"),
                               ("CCC", "2016-10-05")),
                      clauses="[treaty.withdrawal]\nallowed = false\n").run()
    assert closed.parties["AAA"].withdrawal_notice_from is None     # no withdrawal
    expired = term_run()
    assert expired.parties["AAA"].withdrawal_notice_from is None    # terminated


def test_withdrawal_notice_from_without_earliest_is_the_day_in_force() -> None:
    run = scenario(consents(("AAA", "2016-10-05"), ("BBB", "2016-10-05"), ("CCC", "2016-10-05"),
                            ("DDD", "2018-01-01")), date='["+P30D"]').run()
    assert run.parties["DDD"].withdrawal_notice_from == D(2018, 1, 31)
    assert run.parties["AAA"].withdrawal_notice_from == D(2016, 11, 4)


EARLIEST_RULES = st.sampled_from([["+P3Y"], ["+P1Y6M"], ["+P5Y"], ["+P12M"],
                                  ["+P1Y", "start-of-next-month"], ["+P1Y", "end-of-year"]])


@settings(max_examples=40, deadline=None)
@given(EARLIEST_RULES, st.sampled_from(["party", "treaty"]), st.integers(0, 2000),
       st.integers(0, 3), st.sampled_from(["last-day", "next-day"]))
def test_withdrawal_notice_from_is_the_first_day_a_notice_is_accepted(
        earliest: list[str], origin: str, late_by: int, join_day: int, month_end: str,
) -> None:
    """Law: a notice received on `withdrawal_notice_from` is accepted, and one received
    the day before is refused."""
    joined = (dt.date(2016, 2, 26) + dt.timedelta(days=late_by)).isoformat()
    steps = ", ".join(f'"{s}"' for s in earliest)
    clauses = (f'[treaty.withdrawal]\nearliest = [{steps}]\nearliest_from = "{origin}"\n')
    base = consents(("AAA", "2016-02-26"), ("BBB", "2016-02-2" + str(6 + join_day % 3)),
                    ("CCC", "2016-02-29"), ("DDD", joined))
    text = OPEN.format(events=base, when="{ instruments = 3 }", date='["+P30D"]',
                       clauses=clauses).replace('month_end = "last-day"',
                                                f'month_end = "{month_end}"')
    first = treatystate.loads(text).run().parties["DDD"].withdrawal_notice_from
    assert first is not None
    for notice, accepted in ((first, True), (first - dt.timedelta(days=1), False)):
        with_notice = text.replace("\n]\n", f'\n  {{ type = "withdrawal", party = "DDD", '
                                            f'date = {notice.isoformat()} }},\n]\n', 1)
        try:
            outcome = treatystate.loads(with_notice).run()
        except RefusedEvent:
            assert not accepted
        else:
            assert accepted and outcome.parties["DDD"].withdrawal_notice == notice


def test_the_run_table_and_explain_show_withdrawal_notice_from() -> None:
    made = scenario(consents(("AAA", "2016-10-05"), ("BBB", "2016-10-05"), ("CCC", "2016-10-05")),
                    date='["+P30D"]', clauses=PARIS_LIKE)
    outcome = made.run()
    out = io.StringIO()
    print_outcome(outcome, Console(file=out, width=200, no_color=True))
    table = out.getvalue()
    assert "Notice from" in table and "2019-11-04 Mon" in table
    explained = outcome.explain(made.treaty).to_text()
    assert "notice from 2019-11-04 Mon" in explained


# ============================================================ from Python, not a file


def test_every_section_8_name_works_from_python() -> None:
    """The same clauses built as values: groups, including, eligible, an expiring term
    with max_extension, earliest_from, and the term-extension and succession events."""
    from treatystate import (
        DateRule,
        Depositary,
        EntryIntoForce,
        Event,
        Including,
        Instruments,
        Participation,
        Period,
        Scenario,
        Term,
        Treaty,
        Withdrawal,
    )

    treaty = Treaty(
        id="python-treaty", title="Built in Python",
        depositary=Depositary("the depositary", "UTC"),
        entry_into_force=EntryIntoForce(
            Instruments(2, including=(Including(("AAA", "BBB", "CCC"), 1, "members"),)),
            date=DateRule.parse(["+P1M", "end-of-month"])),
        groups={"members": ("AAA", "BBB", "CCC"), "all": ("AAA", "BBB", "CCC", "NNN", "NEW")},
        participation=Participation(eligible=("AAA", "BBB", "CCC", "NNN", "NEW"),
                                    eligible_group="all"),
        term=Term(Period(years=10), max_extension=Period(years=5)),
        withdrawal=Withdrawal(earliest=DateRule.parse(["+P2Y"]), earliest_from="treaty"),
    )
    events = (
        Event(0, "consent", D(2001, 1, 10), party="NNN"),
        Event(1, "consent", D(2001, 2, 10), party="AAA"),
        Event(2, "succession", D(2003, 6, 1), party="NEW", effective=D(2002, 5, 1)),
        Event(3, "term-extension", D(2011, 1, 1), by=Period(years=5)),
    )
    outcome = Scenario(treaty=treaty, events=events).run()
    assert outcome.threshold_reached == D(2001, 2, 10)
    assert outcome.entry_into_force == D(2001, 3, 31)       # +1 month, then its last day
    assert outcome.parties["NEW"].in_force_from == D(2002, 5, 1)
    assert outcome.parties["NNN"].withdrawal_notice_from is None   # terminated
    assert outcome.terminated == D(2016, 3, 31)
    during = Scenario(treaty=treaty, events=events).run(as_of=D(2005, 1, 1))
    assert during.parties["NEW"].withdrawal_notice_from == D(2003, 3, 31)  # counted from 2001
    with pytest.raises(RefusedEvent, match="ZZZ is not among the States eligible"):
        Scenario(treaty=treaty, events=(Event(0, "consent", D(2001, 1, 10), party="ZZZ"),)
                 ).run()
