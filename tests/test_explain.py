"""Explanations: every derived date with its rule, text, causes and arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest

import treatystate
from golden_files import assert_golden
from treatystate._views.explain import Explanation
from treatystate.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"


def explained(name: str, as_of: str | None = None) -> tuple[treatystate.Outcome, Explanation]:
    scenario = treatystate.load(EXAMPLES / name)
    outcome = scenario.run(as_of=as_of)
    return outcome, outcome.explain(scenario.treaty)


def runnable_examples() -> list[str]:
    names = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        try:
            treatystate.load(path).run()
        except treatystate.TreatyStateError:
            continue  # an example of a refusal has no outcome to explain
        names.append(path.name)
    return names


@pytest.mark.parametrize("name", runnable_examples())
def test_every_derived_date_is_explained_with_its_rule(name: str) -> None:
    """Law: one explanation per derived timeline entry, in timeline order, each with
    the engine's cites and causes; a replayed rule ends on the engine's date unless the
    explanation says the engine moved it."""
    outcome, explanation = explained(name)
    derived = [e for e in outcome.timeline if e.source != "input"]
    assert [(d.date, d.kind, d.party) for d in explanation.dates] == [
        (e.date, e.kind, e.party) for e in derived
    ]
    for item, entry in zip(explanation.dates, derived, strict=True):
        assert item.cites == entry.cites
        assert tuple(c.index for c in item.caused_by) == entry.caused_by
        if item.steps:
            assert item.steps[0].start == item.start
            for before, after in zip(item.steps, item.steps[1:], strict=False):
                assert after.start == before.result
            assert item.steps[-1].result == item.date or item.adjusted is not None
    json.loads(explanation.to_json())


def test_leap_day_withdrawal_shows_rule_text_cause_and_month_end() -> None:
    _, explanation = explained("central_asia.toml")
    [item] = [d for d in explanation.dates if d.kind == "withdrawal-effective"]
    assert item.date == pendulum.Date(2029, 2, 28)
    assert item.cites == "Art. 15(3)-(4)"
    assert item.clause == "withdrawal.effective"
    assert item.rule == ("+P12M",)
    assert item.text is not None and "12 months after the depositary receives" in item.text
    assert [c.index for c in item.caused_by] == [9]
    assert item.caused_by[0].kind == "withdrawal" and item.caused_by[0].party == "TKM"
    assert item.arithmetic == (
        "2028-02-29 +P12M → 2029-02-28 (2029-02-29 does not exist; "
        "month_end = last-day gives 2029-02-28)"
    )


def test_two_step_rule_shows_the_intermediate_day() -> None:
    _, explanation = explained("rome_statute.toml")
    [item] = [d for d in explanation.dates if d.kind == "entry-into-force"]
    assert [(str(s.start), s.step, str(s.result)) for s in item.steps] == [
        ("2002-04-11", "+P60D", "2002-06-10"),
        ("2002-06-10", "start-of-next-month", "2002-07-01"),
    ]


def test_weighted_threshold_names_the_instrument_that_completed_each_limb() -> None:
    outcome, explanation = explained("paris_usa_returns.toml")
    [item] = [d for d in explanation.dates if d.kind == "entry-into-force"]
    threshold = item.threshold
    assert threshold is not None and threshold.weight == "emissions"
    assert threshold.count_required == 55
    assert threshold.count_completed_by == item.caused_by[54]
    # The weight limb: the first prefix of the counted instruments reaching 55 %.
    scenario = treatystate.load(EXAMPLES / "paris_usa_returns.toml")
    table = scenario.treaty.weights["emissions"]
    total = sum(table.values())
    running = 0
    crossing = None
    for cause in item.caused_by:
        running += table.get(cause.party or "", 0)
        if crossing is None and running >= total * 55 / 100:
            crossing = cause
    assert threshold.weight_completed_by == crossing
    assert threshold.completed_by == item.caused_by[-1]
    assert outcome.threshold_reached == item.caused_by[-1].date


def test_the_scenario_stands_for_its_treaty() -> None:
    scenario = treatystate.builtin_example()
    outcome = scenario.run()
    assert outcome.explain(scenario) == outcome.explain(scenario.treaty)


def test_without_the_treaty_the_outcome_alone_still_explains() -> None:
    outcome = treatystate.builtin_example().run()
    explanation = outcome.explain()
    assert explanation.month_end is None
    assert all(d.text is None and d.clause is None for d in explanation.dates)
    assert all(d.caused_by for d in explanation.dates)


def test_revoked_withdrawal_keeps_its_explanation_marked_revoked() -> None:
    _, explanation = explained("revoked_withdrawal.toml")
    [item] = [d for d in explanation.dates if d.kind == "withdrawal-effective"]
    assert item.status == "revoked"
    assert "[revoked]" in explanation.to_text()


def test_explain_text_golden() -> None:
    _, explanation = explained("central_asia.toml")
    assert_golden("explain_central_asia.txt", explanation.to_text())
    _, explanation = explained("rome_statute.toml")
    assert_golden("explain_rome_statute.txt", explanation.to_text())


def test_cli_explain_json_and_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(EXAMPLES / "central_asia.toml")
    assert main(["explain", path, "--json", "--as-of", "2028-06-30", "--party", "TKM"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["as_of"] == "2028-06-30"
    [withdrawal] = [d for d in document["dates"] if d["kind"] == "withdrawal-effective"]
    assert withdrawal["source"] == "scheduled"
    assert withdrawal["arithmetic"].startswith("2028-02-29 +P12M → 2029-02-28")
    assert {d["party"] for d in document["dates"]} <= {None, "TKM"}


def test_cli_explain_bad_file_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "no/such/file.toml"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_consents_in_force_with_the_treaty_have_no_arithmetic_of_their_own() -> None:
    """A State whose consent preceded entry into force joins on the treaty's day (no
    rule of its own, so no steps); a later consent follows `later` step by step."""
    _, explanation = explained("central_asia.toml")
    joined = [d for d in explanation.dates if d.kind == "entry-into-force-for-party"]
    assert len(joined) == 6
    assert all(not d.steps and d.start is None and d.account == "with the treaty"
               for d in joined)
    _, explanation = explained("paris_usa_returns.toml")
    [returned] = [d for d in explanation.dates if d.kind == "entry-into-force-for-party"
                  and d.party == "USA" and str(d.date) == "2021-02-19"]
    assert returned.clause == "entry_into_force.later"
    assert returned.arithmetic == "2021-01-20 +P30D → 2021-02-19"


class _CountingTimeline(tuple):  # type: ignore[type-arg]
    """A timeline that counts how many entries are read through it."""

    reads = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for entry in super().__iter__():
            type(self).reads += 1
            yield entry


def _consents(count: int) -> treatystate.Scenario:
    """An open treaty in force from its first consent, and ``count`` States joining."""
    text = "\n".join([
        '[treaty]', 'id = "open"', 'title = "Open"',
        '[treaty.entry_into_force]', 'when = { instruments = 1 }', 'date = ["+P30D"]',
        '[treaty.withdrawal]', 'effective = ["+P12M"]',
        '[treaty.depositary]', 'name = "UN"', 'timezone = "UTC"',
        *(f'[[events]]\ntype = "consent"\nparty = "S{i:04d}"\ndate = 2030-01-{1 + i % 28:02d}'
          for i in range(count)),
    ])
    return treatystate.loads(text)


def test_explaining_reads_the_timeline_a_fixed_number_of_times() -> None:
    """Explaining an outcome reads each timeline entry a bounded number of times,
    whatever its length (linear work: no scan of the timeline per derived date)."""
    import attrs

    per_entry = []
    for count in (20, 200):
        scenario = _consents(count)
        outcome = scenario.run()
        counted = attrs.evolve(outcome, timeline=_CountingTimeline(outcome.timeline))
        _CountingTimeline.reads = 0
        explanation = counted.explain(scenario.treaty)
        assert len(explanation.dates) == count + 1
        per_entry.append(_CountingTimeline.reads / len(outcome.timeline))
    assert per_entry[0] == per_entry[1] <= 2
