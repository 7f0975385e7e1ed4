"""Reading the SPEC §8 keys: [groups], `including`, `eligible`, a [term] that expires
with `max_extension`, `earliest_from`, and the `term-extension` and `succession`
events. Every bad value is refused with one line naming the file, the line, the key
and what is allowed."""

from __future__ import annotations

import re
from textwrap import dedent

import attrs
import pendulum
import pytest

import treatystate
from treatystate import Including, Period, ScenarioFileError, TreatyFileError

TREATY = """\
id = "test-treaty"
{top}
[depositary]
timezone = "UTC"
[entry_into_force]
when = {when}
date = []
{clauses}
"""


def treaty(when: str = "{ instruments = 3 }", clauses: str = "",
           top: str = "") -> treatystate.Treaty:
    text = TREATY.format(when=when, clauses=dedent(clauses), top=dedent(top))
    return treatystate.loads_treaty(text, source="t.toml")


def refused(message: str, **parts: str) -> str:
    with pytest.raises(TreatyFileError) as error:
        treaty(**parts)
    text = str(error.value)
    assert "\n" not in text
    assert message in text, text
    return text


GROUPS = """
[groups]
member-states = ["ALB", "AND", "ARM", "AUT"]
annex-2 = ["CHN", "FRA"]
"""


# --------------------------------------------------------------------- groups


def test_groups_are_named_lists_of_states() -> None:
    assert treaty(clauses=GROUPS).groups == {"member-states": ("ALB", "AND", "ARM", "AUT"),
                                             "annex-2": ("CHN", "FRA")}
    assert treaty().groups == {}


@pytest.mark.parametrize(("body", "message"), [
    ('Members = ["ALB"]', "t.toml:9: groups.Members: 'Members' is not a group name"),
    ('members = []', "groups.members: expected a non-empty list of State codes"),
    ('members = "ALB"', "groups.members: expected a non-empty list of State codes"),
    ('members = ["ALB", "alb"]', "groups.members: item 1 ('alb') is not a State code"),
    ('members = ["ALB", "ALB"]', "groups.members: ALB is listed twice"),
])
def test_bad_groups_are_refused(body: str, message: str) -> None:
    refused(message, clauses=f"[groups]\n{body}\n")


def test_parties_may_be_a_group() -> None:
    closed = treaty(when='"all"', top='parties = "annex-2"', clauses=GROUPS)
    assert closed.parties == ("CHN", "FRA")
    refused("parties: no group named 'annex-3' under [groups] (there are: member-states, "
            "annex-2)", when='"all"', top='parties = "annex-3"', clauses=GROUPS)


# ------------------------------------------------------------------ including


def test_including_a_group_with_at_least() -> None:
    condition = treaty('{ instruments = 3, including = { group = "member-states", '
                       'at_least = 2 } }', GROUPS).entry_into_force.condition
    assert isinstance(condition, treatystate.Instruments)
    assert condition.including == (Including(("ALB", "AND", "ARM", "AUT"), 2,
                                             "member-states"),)
    assert condition.describe() == ("3 instruments, including at least 2 of the group "
                                    "'member-states'")


def test_including_named_states_requires_all_of_them() -> None:
    condition = treaty('{ instruments = 3, including = ["CHN", "FRA"] }').entry_into_force \
        .condition
    assert isinstance(condition, treatystate.Instruments)
    assert condition.including == (Including(("CHN", "FRA"), 2),)


def test_including_mixes_groups_and_named_states() -> None:
    condition = treaty('{ instruments = 3, including = [{ group = "member-states", '
                       'at_least = 2 }, "USA", { group = "annex-2", at_least = 1 }] }',
                       GROUPS).entry_into_force.condition
    assert isinstance(condition, treatystate.Instruments)
    assert condition.including == (
        Including(("ALB", "AND", "ARM", "AUT"), 2, "member-states"),
        Including(("CHN", "FRA"), 1, "annex-2"),
        Including(("USA",), 1),
    )


@pytest.mark.parametrize(("when", "message"), [
    ('{ instruments = 3, including = { group = "members", at_least = 2 } }',
     "entry_into_force.when.including: no group named 'members' under [groups] (there "
     "are: member-states, annex-2)"),
    ('{ instruments = 3, including = { group = "member-states" } }',
     "`at_least` must be a whole number of at least 1"),
    ('{ instruments = 3, including = { group = "member-states", at_least = 0 } }',
     "`at_least` must be a whole number of at least 1"),
    ('{ instruments = 3, including = { group = "member-states", at_least = true } }',
     "`at_least` must be a whole number of at least 1"),
    ('{ instruments = 3, including = { group = "member-states", at_least = 5 } }',
     "at least 5 of group 'member-states' can never be reached: only 4 States"),
    ('{ instruments = 3, including = { at_least = 2 } }', "`group` is required"),
    ('{ instruments = 3, including = { group = "annex-2", at_least = 1, of = 2 } }',
     "unknown key 'of' in an `including` table; allowed keys are at_least, group"),
    ('{ instruments = 3, including = [] }', "expected a requirement, got an empty list"),
    ('{ instruments = 3, including = ["CHN", "CHN"] }', "CHN is named twice"),
    ('{ instruments = 3, including = ["chn"] }',
     "expected { group = \"...\", at_least = N } or a State code such as \"CHN\""),
    ('{ instruments = 3, including = "annex-2" }',
     "'annex-2' is a group: write { group = \"annex-2\", at_least = N }"),
    ('{ instruments = 3, including = 5 }', "got an integer (5)"),
])
def test_bad_including_is_refused(when: str, message: str) -> None:
    text = refused(message, when=when, clauses=GROUPS)
    assert text.startswith("t.toml:6: entry_into_force.when")


def test_including_in_a_closed_treaty_names_listed_parties_only() -> None:
    refused("including: USA is not a party to this closed treaty",
            when='{ instruments = 2, including = ["USA"] }', top='parties = ["CHN", "FRA"]')
    refused("at least 2 of group 'member-states' can never be reached: only 1 of its "
            "States are listed parties", top='parties = ["ALB", "FRA"]', clauses=GROUPS,
            when='{ instruments = 2, including = { group = "member-states", at_least = 2 } }')


# ------------------------------------------------------------------- eligible


def test_eligible_is_a_group_or_a_list() -> None:
    by_group = treaty(clauses=GROUPS + '[participation]\neligible = "member-states"\n')
    assert by_group.participation.eligible == ("ALB", "AND", "ARM", "AUT")
    assert by_group.participation.eligible_group == "member-states"
    by_list = treaty(clauses='[participation]\neligible = ["ALB", "AND", "ARM"]\n')
    assert by_list.participation.eligible == ("ALB", "AND", "ARM")
    assert by_list.participation.eligible_group is None
    assert treaty().participation.eligible is None


@pytest.mark.parametrize(("body", "message"), [
    ('eligible = "members"', "participation.eligible: no group named 'members'"),
    ('eligible = []', "participation.eligible: expected a [groups] name or a non-empty list"),
    ('eligible = 3', "participation.eligible: expected a [groups] name or a non-empty list"),
    ('eligible = ["ALB", "ALB"]', "participation.eligible: ALB is listed twice"),
    ('eligible = ["ALB", 3]', "participation.eligible: item 1 (3) is not a State code"),
])
def test_bad_eligible_is_refused(body: str, message: str) -> None:
    refused(message, clauses=GROUPS + f"[participation]\n{body}\n")


def test_eligible_needs_an_open_treaty() -> None:
    refused("participation.eligible: a closed treaty's `parties` already says which States "
            "may join", when='"all"', top='parties = ["ALB", "AND"]',
            clauses=GROUPS + '[participation]\neligible = "member-states"\n')


def test_a_threshold_no_eligible_state_can_meet_is_refused() -> None:
    refused("participation.eligible: entry into force needs CHN, but CHN may not join "
            "under `eligible`: the threshold could never be met",
            when='{ instruments = 2, including = ["CHN"] }',
            clauses=GROUPS + '[participation]\neligible = "member-states"\n')


# ----------------------------------------------------------------------- term


def test_a_term_without_renewal_expires_and_may_bound_its_extension() -> None:
    term = treaty(clauses='[term]\ninitial = "P10Y"\nmax_extension = "P5Y"\n').term
    assert term is not None and not term.renews
    assert (term.initial, term.renewal, term.notice, term.max_extension) == (
        Period(years=10), None, None, Period(years=5))
    renewing = treaty(clauses='[term]\ninitial = "P10Y"\nrenewal = "P5Y"\nnotice = "P6M"\n')
    assert renewing.term is not None and renewing.term.renews


@pytest.mark.parametrize(("body", "message"), [
    ('renewal = "P5Y"', "term.initial: is required"),
    ('initial = "P10Y"\nrenewal = "P5Y"', "term.renewal: `renewal` and `notice` go together"),
    ('initial = "P10Y"\nnotice = "P6M"', "term.notice: `renewal` and `notice` go together"),
    ('initial = "P10Y"\nmax_extension = "P0D"', "term.max_extension: must be longer than zero"),
    ('initial = "P10Y"\nmax_extension = "5 years"', "term.max_extension: '5 years' is not a "
                                                    "period"),
    ('initial = "P10Y"\nrenewal = "P5Y"\nnotice = "P6M"\nmax_extension = "P5Y"',
     "term.max_extension: a term that renews tacitly (`renewal`) is not extended by "
     "agreement"),
])
def test_bad_terms_are_refused(body: str, message: str) -> None:
    refused(message, clauses=f"[term]\n{body}\n")


def test_a_term_without_renewal_leaves_the_withdrawal_period_to_the_treaty() -> None:
    """New START art. XIV(3): three months from receipt of the notice."""
    expiring = treaty(clauses='[term]\ninitial = "P10Y"\n[withdrawal]\neffective = ["+P3M"]\n')
    assert expiring.withdrawal.effective.as_strings() == ["+P3M"]
    refused("withdrawal.effective: a treaty with a fixed [term] that renews",
            clauses='[term]\ninitial = "P10Y"\nrenewal = "P5Y"\nnotice = "P6M"\n'
                    '[withdrawal]\neffective = ["+P3M"]\n')


# -------------------------------------------------------------- earliest_from


def test_earliest_from_party_or_treaty() -> None:
    assert treaty().withdrawal.earliest_from == "party"
    counted = treaty(clauses='[withdrawal]\nearliest = ["+P5Y"]\nearliest_from = "treaty"\n')
    assert counted.withdrawal.earliest_from == "treaty"
    refused("withdrawal.earliest_from: 'state' is not allowed; use \"party\"",
            clauses='[withdrawal]\nearliest = ["+P5Y"]\nearliest_from = "state"\n')
    refused("withdrawal.earliest_from: says what `earliest` counts from, but there is no "
            "`earliest`", clauses='[withdrawal]\nearliest_from = "treaty"\n')


# --------------------------------------------------------------------- events

SCENARIO = """\
treaty = {{ id = "t", depositary = {{ timezone = "UTC" }}, term = {{ initial = "P10Y" }}, \
entry_into_force = {{ when = {{ instruments = 1 }} }} }}
[[events]]
type = "consent"
party = "AAA"
date = 2011-02-05
[[events]]
{event}
"""


def event(body: str) -> treatystate.Event:
    scenario = treatystate.loads(SCENARIO.format(event=dedent(body)), source="s.toml")
    return scenario.events[1]


def event_refused(body: str, message: str) -> str:
    with pytest.raises(ScenarioFileError) as error:
        event(body)
    text = str(error.value)
    assert message in text and "\n" not in text, text
    return text


def test_term_extension_until_or_by() -> None:
    until = event('type = "term-extension"\ndate = 2021-02-03\nuntil = 2026-02-05')
    assert (until.type, until.until, until.by, until.party) == (
        "term-extension", pendulum.Date(2026, 2, 5), None, None)
    by = event('type = "term-extension"\ndate = 2021-02-03\nby = "P5Y"')
    assert (by.until, by.by) == (None, Period(years=5))


@pytest.mark.parametrize(("body", "message"), [
    ('type = "term-extension"\ndate = 2021-02-03',
     "s.toml:6: events[1].until: a term-extension needs `until`"),
    ('type = "term-extension"\ndate = 2021-02-03\nuntil = 2026-02-05\nby = "P5Y"',
     "events[1].until: a term-extension names either `until`"),
    ('type = "term-extension"\ndate = 2021-02-03\nby = "five years"',
     "events[1].by: 'five years' is not a period"),
    ('type = "term-extension"\ndate = 2021-02-03\nby = "P0D"',
     "events[1].by: must be a period longer than zero"),
    ('type = "term-extension"\ndate = 2021-02-03\nuntil = "soon"',
     "events[1].until: 'soon' is not an ISO date"),
    ('type = "term-extension"\ndate = 2021-02-03\nuntil = 2026-02-05\nparty = "AAA"',
     "events[1].party: unknown key in a term-extension event; allowed keys are by, date, "
     "type, until"),
])
def test_bad_term_extensions_are_refused(body: str, message: str) -> None:
    event_refused(body, message)


def test_succession_is_effective_from_the_date_of_succession() -> None:
    succession = event('type = "succession"\nparty = "BIH"\ndate = 1994-12-29\n'
                       'effective = 1992-03-06')
    assert (succession.type, succession.party, succession.date, succession.effective) == (
        "succession", "BIH", pendulum.Date(1994, 12, 29), pendulum.Date(1992, 3, 6))


@pytest.mark.parametrize(("body", "message"), [
    ('type = "succession"\nparty = "BIH"\ndate = 1994-12-29',
     "events[1].effective: a succession needs `effective`"),
    ('type = "succession"\ndate = 1994-12-29\neffective = 1992-03-06',
     "events[1].party: a succession event needs `party`"),
    ('type = "succession"\nparty = "BIH"\ndate = 1994-12-29\neffective = 1995-01-01',
     "events[1].effective: the date of succession (1995-01-01) is after the notification "
     "was received (1994-12-29)"),
])
def test_bad_successions_are_refused(body: str, message: str) -> None:
    event_refused(body, message)


# ------------------------------------------------ rules that run backwards (§8.7)


@pytest.mark.parametrize(("clauses", "when", "message"), [
    ("", '{ instruments = 3 }\ndate = ["-P1D"]',
     "entry_into_force.date: ['-P1D'] lands before its start: from 2000-01-01 it gives "
     "1999-12-31"),
    ("", '{ instruments = 3 }\nlater = ["start-of-month"]',
     "entry_into_force.later: ['start-of-month'] lands before its start: from 2000-01-02"),
    ('[withdrawal]\neffective = ["+P10D", "start-of-month", "+P12D"]', "{ instruments = 3 }",
     "withdrawal.effective: ['+P10D', 'start-of-month', '+P12D'] lands before its start: "
     "from 2000-01-14 it gives 2000-01-13"),
    ('[withdrawal]\nearliest = ["start-of-year"]', "{ instruments = 3 }",
     "withdrawal.earliest: ['start-of-year'] lands before its start"),
])
def test_a_rule_that_lands_before_its_start_is_refused(clauses: str, when: str,
                                                       message: str) -> None:
    """SPEC §8.7: decidable when the file is read, because the steps depend on a date
    only through its place in a four-year cycle; the message names the rule and a day
    it goes back from."""
    text = TREATY.format(when=when, clauses=clauses, top="").replace("date = []\n", "", 1) \
        if "date =" in when else TREATY.format(when=when, clauses=clauses, top="")
    with pytest.raises(TreatyFileError) as error:
        treatystate.loads_treaty(text, source="t.toml")
    assert message in str(error.value), str(error.value)
    assert "never land before" in str(error.value)


@pytest.mark.parametrize("steps", [
    ["-P1D", "+P2D"], ["start-of-next-month", "-P1D"], ["start-of-month", "+P6M"],
    ["+P60D", "start-of-next-month"], ["+P1Y", "end-of-year"], ["start-of-next-year", "-P1D"],
    ["+P3M", "start-of-next-month"], ["end-of-month"], [],
])
def test_a_rule_that_steps_back_but_never_lands_before_its_start_is_fine(
        steps: list[str]) -> None:
    rule = treatystate.DateRule.parse(steps)
    for policy in ("last-day", "next-day", "strict"):
        assert rule.lands_before_start(policy) is None
    effective = ", ".join(f'"{step}"' for step in steps)
    assert treaty(clauses=f"[withdrawal]\neffective = [{effective}]\n").withdrawal.effective == rule


# ------------------------------------------------------- Python construction


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: attrs.evolve(t, groups={"members": []}), "`groups` must map names"),
    (lambda t: attrs.evolve(t, entry_into_force=attrs.evolve(
        t.entry_into_force, condition=treatystate.Instruments(3, including=(
            Including(("AAA",), 2),)))), "`at_least` must be a whole number from 1 to"),
    (lambda t: attrs.evolve(t, parties=("AAA", "BBB"), participation=attrs.evolve(
        t.participation, eligible=("AAA",))), "a closed treaty's `parties` already says"),
    (lambda t: attrs.evolve(t, term=treatystate.Term(Period(years=10), Period(years=5))),
     "`term.renewal` and `term.notice` go together"),
    (lambda t: attrs.evolve(t, withdrawal=attrs.evolve(
        t.withdrawal, effective=treatystate.DateRule.parse(["-P1D"]))),
     "`withdrawal.effective`: ['-P1D'] lands before its start"),
])
def test_a_scenario_built_in_python_gets_the_same_checks(change: object, message: str) -> None:
    assert callable(change)
    with pytest.raises(TreatyFileError, match=re.escape(message)):
        treatystate.Scenario(treaty=change(treaty(clauses=GROUPS)))
