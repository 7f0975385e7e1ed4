"""Variants (issue 6): named changes applied to a baseline, and the diff of outcomes."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import treatystate
from treatystate import (
    AddEvent,
    ChangeClause,
    DropEvents,
    EventMatch,
    Instruments,
    MoveEvent,
    SetConsent,
    SetEntryCondition,
    SetMonthEnd,
    SetWithdrawalEffective,
    ShiftEvents,
    Variant,
    VariantError,
    diff_outcomes,
)
from treatystate._whatif.diff import diff_renderable
from treatystate._whatif.variants import Change

EXAMPLES = Path(__file__).parent.parent / "examples"
D = pendulum.Date


@pytest.fixture(scope="module")
def seed() -> treatystate.Scenario:
    return treatystate.builtin_example()


def test_shift_moves_matching_events_by_calendar_months(seed: treatystate.Scenario) -> None:
    later = Variant("later", [ShiftEvents(EventMatch("consent", party="CHN"), "+P2M"),
                              ShiftEvents(EventMatch("duty", duty="notify-entry-into-force"),
                                          "+P2M")])
    outcome = later.apply(seed).run()
    assert outcome.entry_into_force == D(2026, 3, 2)
    assert seed.run().entry_into_force == D(2026, 1, 2)


def test_shift_follows_the_treaty_month_end_policy(seed: treatystate.Scenario) -> None:
    """A consent of 31 January shifted by one month lands on 28 February (last-day)."""
    moved = Variant("v", [MoveEvent(EventMatch("consent", party="CHN"), D(2026, 1, 31)),
                          ShiftEvents(EventMatch("consent", party="CHN"), "+P1M"),
                          DropEvents(EventMatch("duty", duty="notify-entry-into-force"))])
    assert moved.apply(seed).run().entry_into_force == D(2026, 2, 28)


def test_move_drop_add_and_consent(seed: treatystate.Scenario) -> None:
    variant = Variant("v", [
        DropEvents(EventMatch("withdrawal")),
        DropEvents(EventMatch("duty", duty="inform-withdrawal")),
        SetConsent("TKM", D(2025, 12, 1)),
        AddEvent("withdrawal", D(2027, 5, 31), party="KAZ"),
    ])
    scenario = variant.apply(seed)
    assert [e.index for e in scenario.events] == list(range(len(scenario.events)))
    outcome = scenario.run()
    assert outcome.parties["TKM"].status == "party"
    assert outcome.parties["TKM"].consent == D(2025, 12, 1)
    assert outcome.parties["KAZ"].withdrawal_effective == D(2028, 5, 31)
    assert scenario.expect is None  # the baseline's [expect] describes the baseline only


def test_set_consent_adds_a_missing_consent(seed: treatystate.Scenario) -> None:
    without = Variant("no-chn", [DropEvents(EventMatch("consent", party="CHN")),
                                 DropEvents(EventMatch(party="TKM")),
                                 DropEvents(EventMatch("duty", duty="notify-entry-into-force"))])
    assert without.apply(seed).run().entry_into_force is None
    again = without + Variant("chn", [SetConsent("CHN", D(2026, 2, 1))])
    assert again.name == "no-chn+chn"
    assert again.apply(seed).run().entry_into_force is None  # TKM's consent went too
    with_tkm = again + Variant("tkm", [SetConsent("TKM", D(2026, 3, 1))])
    assert with_tkm.apply(seed).run().entry_into_force == D(2026, 3, 1)
    assert [e.party for e in with_tkm.apply(seed).events][-2:] == ["CHN", "TKM"]


def test_treaty_clause_changes(seed: treatystate.Scenario) -> None:
    six = Variant("six", [SetWithdrawalEffective("+P6M")]).apply(seed).run()
    assert six.parties["TKM"].withdrawal_effective == D(2028, 8, 29)
    four = Variant("four", [SetEntryCondition(Instruments(4))]).apply(seed).run()
    assert four.entry_into_force == D(2025, 11, 20)
    next_day = Variant("nd", [SetMonthEnd("next-day")]).apply(seed).run()
    assert next_day.parties["TKM"].withdrawal_effective == D(2029, 3, 1)
    strict = Variant("strict", [SetMonthEnd("strict")]).apply(seed)
    with pytest.raises(treatystate.AmbiguousDate):
        strict.run()
    revocable = Variant("r", [ChangeClause("withdrawal", {"revocable": False})]).apply(seed)
    assert revocable.treaty.withdrawal.revocable is False
    assert seed.treaty.withdrawal.revocable is True


@pytest.mark.parametrize(("change", "message"), [
    (ShiftEvents(EventMatch("consent", party="USA"), "+P1M"), "no event matches"),
    (MoveEvent(EventMatch("consent"), D(2026, 1, 1)), "matches 6 events"),
    (SetConsent("USA", D(2026, 1, 1)), "not a party"),
    (AddEvent("duty", D(2026, 1, 1), duty="no-such-duty"), "not a duty"),
    (ChangeClause("withdrawal", {"notice": "P6M"}), "has no field notice"),
    (ChangeClause("preamble", {"x": 1}), "not a clause"),
    (SetEntryCondition(Instruments(7)), "can never be reached"),
    (SetMonthEnd("nearest"), "not a month-end policy"),  # type: ignore[arg-type]
])
def test_bad_changes_are_named(seed: treatystate.Scenario, change: Change, message: str) -> None:
    with pytest.raises(VariantError, match=message):
        Variant("bad", [change]).apply(seed)


def test_event_match_needs_a_field() -> None:
    with pytest.raises(VariantError, match="at least one"):
        EventMatch()
    with pytest.raises(VariantError, match="not an event type"):
        EventMatch("ratification")  # type: ignore[arg-type]


# ------------------------------------------------------------------ properties

_PARTIES = ("CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB")
_TYPES = ("signature", "consent", "withdrawal", "duty")
_changes = st.one_of(
    st.builds(ShiftEvents, st.builds(EventMatch, st.sampled_from(_TYPES),
                                      st.sampled_from((None, *_PARTIES))),
              st.sampled_from(("+P1D", "-P10D", "+P1M", "+P6M", "+P1Y"))),
    st.builds(MoveEvent, st.builds(EventMatch, index=st.integers(0, 10)),
              st.dates(D(2025, 6, 1), D(2031, 12, 31)).map(
                  lambda d: D(d.year, d.month, d.day))),
    st.builds(DropEvents, st.builds(EventMatch, st.sampled_from(_TYPES))),
    st.builds(SetConsent, st.sampled_from(_PARTIES),
              st.dates(D(2025, 6, 17), D(2027, 12, 31)).map(
                  lambda d: D(d.year, d.month, d.day))),
    st.builds(SetMonthEnd, st.sampled_from(("last-day", "next-day", "strict"))),
    st.builds(SetWithdrawalEffective, st.sampled_from(("+P1M", "+P6M", "+P12M", "+P1Y6M"))),
    st.builds(SetEntryCondition, st.builds(Instruments, st.integers(1, 6))),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_changes, min_size=1, max_size=5))
def test_a_variant_never_changes_its_baseline(changes: list[Change]) -> None:
    """Law: applying any variant, whether it succeeds, fails as bad input, or gives a
    scenario the engine refuses, leaves the baseline equal to what it was and its
    outcome byte-identical."""
    baseline = treatystate.builtin_example()
    before = copy.deepcopy(baseline)
    document = baseline.run().to_json()
    try:
        variant = Variant("v", changes).apply(baseline)
        variant.run()
    except treatystate.TreatyStateError:
        pass
    assert baseline == before
    assert baseline.events == before.events and baseline.treaty == before.treaty
    assert baseline.run().to_json() == document


@settings(max_examples=100, deadline=None)
@given(st.lists(_changes, min_size=0, max_size=4))
def test_the_diff_of_a_scenario_with_itself_is_empty(changes: list[Change]) -> None:
    """Law: whatever the scenario, comparing its outcome with the outcome of a second run
    finds no difference (and the diff is empty as JSON too)."""
    try:
        scenario = Variant("v", changes).apply(treatystate.builtin_example())
        first, second = scenario.run(), scenario.run()
    except treatystate.TreatyStateError:
        return
    diff = diff_outcomes(first, second)
    assert diff.empty and not diff
    assert json.loads(diff.to_json())["changes"] == []


@settings(max_examples=60, deadline=None)
@given(st.lists(_changes, min_size=1, max_size=3))
def test_the_diff_reversed_swaps_from_and_to(changes: list[Change]) -> None:
    """Law: diff(b, a) lists the same fields as diff(a, b), each from → to swapped."""
    baseline = treatystate.builtin_example()
    try:
        other = Variant("v", changes).apply(baseline).run()
    except treatystate.TreatyStateError:
        return
    forward = diff_outcomes(baseline.run(), other)
    backward = diff_outcomes(other, baseline.run())
    assert {(c.scope, c.subject, c.field, c.before, c.after) for c in forward.changes} == {
        (c.scope, c.subject, c.field, c.after, c.before) for c in backward.changes}


# ------------------------------------------------------------------------ diff


def test_diff_lists_treaty_party_and_duty_changes(seed: treatystate.Scenario) -> None:
    variant = Variant("tkm-later", [ShiftEvents(EventMatch("consent", party="TKM"), "+P6M"),
                                    DropEvents(EventMatch("duty",
                                                          duty="notify-entry-into-force"))])
    diff = diff_outcomes(seed.run(), variant.apply(seed).run(), after_label="tkm-later")
    found = {(c.scope, c.subject, c.field): (c.before, c.after) for c in diff.changes}
    assert found[("treaty", None, "entry_into_force")] == ("2026-01-02", "2026-05-20")
    assert found[("party", "TKM", "consent")] == ("2025-11-20", "2026-05-20")
    assert found[("party", "CHN", "in_force_from")] == ("2026-01-02", "2026-05-20")
    assert found[("duty", "notify-entry-into-force #1", "status")] == ("done", "pending")
    assert ("party", "TKM", "signed") not in found
    document = diff.to_dict()
    assert document["after"] == "tkm-later"
    assert {"scope": "treaty", "subject": None, "field": "entry_into_force",
            "before": "2026-01-02", "after": "2026-05-20"} in document["changes"]


def test_a_duty_instance_in_one_outcome_only(seed: treatystate.Scenario) -> None:
    """Without the withdrawal, its two duty instances show against null."""
    variant = Variant("stay", [DropEvents(EventMatch("withdrawal")),
                               DropEvents(EventMatch("duty", duty="inform-withdrawal"))])
    diff = diff_outcomes(seed.run(), variant.apply(seed).run())
    gone = [c for c in diff.changes if c.subject == "notify-cessation TKM #1"]
    assert {c.field for c in gone} == {"trigger", "status"}  # it was never done, no due date
    assert all(c.after is None for c in gone)


def test_diff_table_renders(seed: treatystate.Scenario) -> None:
    from rich.console import Console

    variant = Variant("six", [SetWithdrawalEffective("+P6M")])
    diff = diff_outcomes(seed.run(), variant.apply(seed).run(), after_label="six")
    console = Console(width=200, record=True)
    console.print(diff_renderable(diff, plain=True))
    text = console.export_text()
    assert "baseline → six" in text
    assert "withdrawal_effective" in text and "2029-02-28" in text and "2028-08-29" in text
    console = Console(width=200, record=True)
    console.print(diff_renderable(diff_outcomes(seed.run(), seed.run()), plain=True))
    assert "no difference" in console.export_text()


# ---------------------------------------------------------------------- files


def test_file_variants_and_their_expectations() -> None:
    scenario = treatystate.load(EXAMPLES / "six_month_notice.toml")
    assert [v.name for v in scenario.variants] == ["six-month-notice", "four-instruments",
                                                   "tkm-later"]
    six = scenario.variant("six-month-notice")
    assert six.title == "Withdrawal takes effect six months after the notice"
    assert six.run().parties["TKM"].withdrawal_effective == D(2028, 8, 29)
    assert scenario.run().parties["TKM"].withdrawal_effective == D(2029, 2, 28)
    assert scenario.check().ok
    with pytest.raises(treatystate.ScenarioFileError, match="no variant named 'nine'"):
        scenario.variant("nine")


_BASE = """
treaty = "china-central-asia-2025"
[[events]]
type = "signature"
date = 2025-06-17
[[events]]
type = "consent"
party = "KGZ"
date = 2025-10-03
"""


@pytest.mark.parametrize(("text", "message"), [
    ('[[variants]]\nname = "A b"\n', "not a variant name"),
    ('[[variants]]\nname = "a"\n[[variants]]\nname = "a"\n', "declared twice"),
    ('[[variants]]\nname = "a"\ncolour = 1\n', "variants[0].colour: unknown key"),
    ('[[variants]]\nname = "a"\n[[variants.changes]]\nshift = { party = "TKM" }\nby = "+P1M"\n',
     "no event matches {party=TKM}"),
    ('[[variants]]\nname = "a"\n[[variants.changes]]\nshift = { party = "KGZ" }\nby = "P1M"\n',
     "variants[0].changes[0].by"),
    ('[[variants]]\nname = "a"\n[[variants.changes]]\ndrop = { type = "consent" }\n'
     'move = { type = "consent" }\nto = 2025-10-04\n', "exactly one of"),
    ('[[variants]]\nname = "a"\n[variants.treaty]\nmonth_end = "nearest"\n',
     "variants[0].treaty.month_end"),
    ('[[variants]]\nname = "a"\n[variants.treaty.withdrawal]\neffective = "+P6M"\n',
     "variants[0].treaty.withdrawal.effective"),
    ('[[variants]]\nname = "a"\n[[variants.changes]]\nconsent = "USA"\ndate = 2025-11-01\n',
     "USA is not a party"),
    ('[[variants]]\nname = "a"\n[[variants.changes]]\nadd = { type = "consent", party = '
     '"TKM", date = 2025-11-01T10:00:00 }\n', "no offset"),
    ('[[variants]]\nname = "a"\n[variants.expect]\nstatus = 3.5\ncolour = 1\n',
     "variants[0].expect"),
])
def test_bad_variant_tables_are_named(text: str, message: str) -> None:
    with pytest.raises(treatystate.InputError, match=message.replace("{", r"\{")
                       .replace("[", r"\[").replace("]", r"\]")):
        treatystate.loads(_BASE + text)


def test_timestamps_in_variants_become_depositary_dates() -> None:
    scenario = treatystate.loads(_BASE + """
[[variants]]
name = "late-evening"
[[variants.changes]]
add = { type = "consent", party = "TKM", date = "2025-11-20T23:30:00+05:00" }
""")
    added = scenario.variant("late-evening").events[-1]
    assert added.date == D(2025, 11, 21)  # 02:30 the next day in Asia/Shanghai


def test_the_module_examples_run() -> None:
    import doctest

    import treatystate._whatif.variants

    results = doctest.testmod(treatystate._whatif.variants)
    assert results.attempted >= 5 and results.failed == 0


def test_a_refused_baseline_without_expect_is_still_bad_input() -> None:
    """Expectations on variants only do not make a refused baseline pass."""
    scenario = treatystate.loads(_BASE + """
[[events]]
type = "withdrawal"
party = "KGZ"
date = 2025-11-01

[[variants]]
name = "no-withdrawal"
[[variants.changes]]
drop = { type = "withdrawal" }
[variants.expect.parties.KGZ]
status = "contracting"
""")
    assert scenario.variant("no-withdrawal").check().ok
    with pytest.raises(treatystate.RefusedEvent, match="withdrawal"):
        scenario.check()


def test_a_bad_effective_date_in_an_added_event_names_its_key() -> None:
    with pytest.raises(treatystate.InputError,
                       match=r"variants\[0\]\.changes\[0\]\.add\.effective"):
        treatystate.loads(_BASE + """
[[variants]]
name = "a"
[[variants.changes]]
add = { type = "withdrawal", party = "KGZ", date = 2026-01-01, effective = "soon" }
""", source="x.toml")


def test_diff_covers_protocols_and_new_outcome_keys() -> None:
    """Without Uzbekistan's consent the protocol never enters into force."""
    scenario = treatystate.load(EXAMPLES / "central_asia_protocol.toml")
    without = Variant("no-uzb", [DropEvents(EventMatch("protocol-consent", party="UZB"))])
    diff = diff_outcomes(scenario.run(), without.apply(scenario).run())
    found = {(c.scope, c.subject, c.field): (c.before, c.after) for c in diff.changes}
    assert found[("protocol", "protocol-1", "consents.UZB")] == ("2028-03-02", None)
    assert found[("protocol", "protocol-1", "entry_into_force")] == ("2028-03-02", None)
    assert ("protocol", "protocol-1", "status") in found
    assert all(scope != "treaty" for scope, _, _ in found)
    four = Variant("four", [SetEntryCondition(Instruments(4))]).apply(treatystate.builtin_example())
    changes = diff_outcomes(treatystate.builtin_example().run(), four.run()).changes
    assert any(c.scope == "treaty" and c.field == "threshold_reached" for c in changes)


def test_protocol_consents_can_be_matched_and_added() -> None:
    scenario = treatystate.loads((EXAMPLES / "central_asia_protocol.toml").read_text(
        encoding="utf-8") + """
[[variants]]
name = "uzb-later"
[[variants.changes]]
drop = { protocol = "protocol-1", party = "UZB" }
[[variants.changes]]
add = { type = "protocol-consent", protocol = "protocol-1", party = "UZB", date = 2028-06-01 }
[variants.expect.protocols.protocol-1]
entry_into_force = 2028-06-01
""", base_dir=EXAMPLES)
    assert scenario.check().ok, [str(m) for m in scenario.check().mismatches]
    with pytest.raises(VariantError, match="not a protocol"):
        Variant("x", [AddEvent("protocol-consent", D(2028, 6, 1), party="UZB",
                               protocol="protocol-9")]).apply(scenario)


def test_an_added_term_extension_carries_its_new_end() -> None:
    """Law: ``add`` takes every key of an [[events]] table, a term-extension's
    ``until`` and ``by`` included: adding New START's extension of 2021-02-03 to the
    counterfactual without it gives the recorded end, 2026-02-05, from a file and from
    Python alike."""
    without = treatystate.load(EXAMPLES / "new_start_without_extension.toml")
    recorded = treatystate.load(EXAMPLES / "new_start_extension.toml").run()
    assert without.run().terminated == pendulum.Date(2021, 2, 5)
    by_date = AddEvent("term-extension", pendulum.Date(2021, 2, 3),
                       until=pendulum.Date(2026, 2, 5))
    by_period = AddEvent("term-extension", pendulum.Date(2021, 2, 3),
                         by=treatystate.parse_period("P5Y"))
    for change in (by_date, by_period):
        assert change.apply(without).run().terminated == recorded.terminated
    text = (EXAMPLES / "new_start_without_extension.toml").read_text(encoding="utf-8")
    text = text.replace("[expect]", '''[[variants]]
name = "extended"
[[variants.changes]]
add = { type = "term-extension", date = 2021-02-03, by = "P5Y" }

[expect]''')
    variant = treatystate.loads(text).variant("extended")
    assert variant.run().terminated == pendulum.Date(2026, 2, 5)
    assert variant.events[-1].by == treatystate.parse_period("P5Y")
