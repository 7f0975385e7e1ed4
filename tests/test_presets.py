"""The built-in treaties: they load, cite their articles, round-trip through
`treatystate show`, and reproduce the depositaries' recorded dates."""

from __future__ import annotations

import tomllib
from pathlib import Path

import attrs
import pytest

import treatystate
from treatystate import presets
from treatystate.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
REAL_TREATIES = (
    "rome-statute-1998",
    "paris-agreement-2015",
    "unclos-1982",
    "ottawa-convention-1997",
    "tpnw-2017",
    "genocide-convention-1948",
    "arms-trade-treaty-2013",
    "cybercrime-convention-2001",
    "unesco-constitution-1945",
    "new-start-2010",
)


def test_every_real_treaty_has_a_preset() -> None:
    assert set(REAL_TREATIES) <= set(presets.ids())


@pytest.mark.parametrize("preset_id", presets.ids())
def test_each_clause_cites_its_article_and_quotes_it(preset_id: str) -> None:
    """A reader finds the legal text behind every rule of a preset in one step."""
    data = tomllib.loads(presets.text(preset_id))
    treaty = presets.get(preset_id)
    assert treaty.entry_into_force.cites and treaty.entry_into_force.text
    if "withdrawal" in data:
        assert treaty.withdrawal.cites and treaty.withdrawal.text
    if "termination" in data:
        assert treaty.termination.cites and treaty.termination.text
    for duty in treaty.duties:
        assert duty.cites and duty.text


@pytest.mark.parametrize("preset_id", presets.ids())
def test_show_prints_a_treaty_file_that_loads_back(
    preset_id: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["show", preset_id]) == 0
    printed = capsys.readouterr().out
    copy = tmp_path / f"{preset_id}.toml"
    copy.write_text(printed, encoding="utf-8")
    assert treatystate.load_treaty(copy) == presets.get(preset_id)


def test_show_unknown_preset_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "rome-statute"]) == 2
    error = capsys.readouterr().err
    assert "no built-in treaty 'rome-statute'" in error
    assert "rome-statute-1998" in error


def test_presets_lists_every_preset_with_its_title(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(presets.ids())
    for preset_id, line in zip(presets.ids(), lines, strict=True):
        assert line.split()[0] == preset_id
        assert presets.get(preset_id).title in line


# Every date of reference/real-treaties.toml, and the example that reproduces it:
# (example, where in the outcome, recorded value).
RECORDED = [
    ("rome_statute.toml", "threshold_reached", "2002-04-11"),
    ("rome_statute.toml", "entry_into_force", "2002-07-01"),
    ("rome_statute.toml", "parties.PRT.consent", "2002-02-05"),
    ("rome_statute.toml", "parties.PRT.in_force_from", "2002-07-01"),
    ("rome_statute.toml", "parties.BDI.withdrawal_notice", "2016-10-27"),
    ("rome_statute.toml", "parties.BDI.withdrawal_effective", "2017-10-27"),
    ("rome_statute.toml", "parties.PHL.withdrawal_notice", "2018-03-17"),
    ("rome_statute.toml", "parties.PHL.withdrawal_effective", "2019-03-17"),
    ("rome_statute.toml", "parties.GMB.withdrawal_notice", "2016-11-10"),
    ("rome_statute.toml", "parties.GMB.withdrawal_revoked", "2017-02-10"),
    ("rome_statute.toml", "parties.GMB.withdrawal_effective", None),
    ("rome_gambia_pending.toml", "parties.GMB.withdrawal_effective", "2017-11-10"),
    ("paris_usa_withdrawal.toml", "threshold_reached", "2016-10-05"),
    ("paris_usa_withdrawal.toml", "entry_into_force", "2016-11-04"),
    ("paris_usa_withdrawal.toml", "parties.USA.in_force_from", "2016-11-04"),
    ("paris_usa_withdrawal.toml", "parties.USA.withdrawal_notice", "2019-11-04"),
    ("paris_usa_withdrawal.toml", "parties.USA.withdrawal_effective", "2020-11-04"),
    ("paris_usa_returns.toml", "parties.USA.consent", "2021-01-20"),
    ("paris_usa_returns.toml", "parties.USA.in_force_from", "2021-02-19"),
    ("unclos_entry_into_force.toml", "threshold_reached", "1993-11-16"),
    ("unclos_entry_into_force.toml", "entry_into_force", "1994-11-16"),
    ("ottawa_baltic_withdrawals.toml", "threshold_reached", "1998-09-16"),
    ("ottawa_baltic_withdrawals.toml", "entry_into_force", "1999-03-01"),
    ("ottawa_baltic_withdrawals.toml", "parties.LTU.withdrawal_notice", "2025-06-27"),
    ("ottawa_baltic_withdrawals.toml", "parties.LTU.withdrawal_effective", "2025-12-27"),
    ("ottawa_baltic_withdrawals.toml", "parties.LVA.withdrawal_notice", "2025-06-27"),
    ("ottawa_baltic_withdrawals.toml", "parties.LVA.withdrawal_effective", "2025-12-27"),
    ("ottawa_baltic_withdrawals.toml", "parties.EST.withdrawal_notice", "2025-06-27"),
    ("ottawa_baltic_withdrawals.toml", "parties.EST.withdrawal_effective", "2025-12-27"),
    ("tpnw_entry_into_force.toml", "threshold_reached", "2020-10-24"),
    ("tpnw_entry_into_force.toml", "entry_into_force", "2021-01-22"),
    ("genocide_entry_into_force.toml", "threshold_reached", "1950-10-14"),
    ("genocide_entry_into_force.toml", "entry_into_force", "1951-01-12"),
    # Recorded in reference/rules.md §2.2 (not in real-treaties.toml).
    ("rome_hungary_withdrawal.toml", "parties.HUN.withdrawal_effective", "2026-06-02"),
    ("ottawa_finland_withdrawal.toml", "parties.FIN.withdrawal_effective", "2026-01-10"),
    # The treaty encoded from the guide alone (not in real-treaties.toml).
    ("att_entry_into_force.toml", "threshold_reached", "2014-09-25"),
    ("att_entry_into_force.toml", "entry_into_force", "2014-12-24"),
]


def _lookup(document: dict[str, object], where: str) -> object:
    value: object = document
    for key in where.split("."):
        assert isinstance(value, dict)
        value = value[key]
    return value


@pytest.mark.parametrize(("example", "where", "recorded"), RECORDED,
                         ids=[f"{e}:{w}" for e, w, _ in RECORDED])
def test_recorded_date_is_reproduced(example: str, where: str, recorded: str | None) -> None:
    outcome = treatystate.load(EXAMPLES / example).run()
    assert _lookup(outcome.to_dict(), where) == recorded


def test_earliest_paris_notice_is_the_third_anniversary() -> None:
    """Paris art. 28(1): a notice received the day before the third anniversary of entry
    into force for that party is refused, and the refusal names the first good day."""
    result = treatystate.load(EXAMPLES / "paris_early_notice.toml").check()
    assert result.ok and result.outcome is None


def _preset_examples() -> list[Path]:
    chosen = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        treaty = data.get("treaty")
        base = treaty.get("extends") if isinstance(treaty, dict) else treaty
        if isinstance(base, str) and presets.exists(base) and "refusal" not in data.get(
                "expect", {}):
            chosen.append(path)
    return chosen


@pytest.mark.parametrize("path", _preset_examples(), ids=lambda p: p.name)
def test_strict_month_end_changes_no_recorded_date(path: Path) -> None:
    """The strict-mode audit: every preset scenario gives the same outcome with
    month_end = "strict", so no recorded date depends on the month-end convention
    (none of them meets a day the target month lacks). A scenario built to meet such
    a day (a leap-day withdrawal) is expected to be refused instead."""
    scenario = treatystate.load(path)
    strict = attrs.evolve(scenario, treaty=attrs.evolve(scenario.treaty, month_end="strict"))
    try:
        outcome = strict.run()
    except treatystate.AmbiguousDate:
        assert any("does not exist" in note for note in scenario.run().notes)
        return
    assert outcome.to_dict() == scenario.run().to_dict()


def test_strict_audit_covers_every_real_treaty() -> None:
    examples = [tomllib.loads(p.read_text(encoding="utf-8")) for p in _preset_examples()]
    used = {e["treaty"] if isinstance(e["treaty"], str) else e["treaty"]["extends"]
            for e in examples}
    assert set(REAL_TREATIES) <= used

