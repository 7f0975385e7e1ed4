"""Variants that move a trigger (issue 15): duty events that follow it, the refusal
that names the fix, compare's exit code, and quick what-ifs on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest

import treatystate
from treatystate import EventMatch, ShiftEvents, Variant
from treatystate.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
BUILT_IN = str(EXAMPLES / "central_asia.toml")
LATER = str(EXAMPLES / "tajikistan_later.toml")
D = pendulum.Date


def _duty(outcome: treatystate.Outcome, duty: str) -> treatystate.DutyRecord:
    return next(record for record in outcome.duties if record.id == duty)


def test_duty_events_follow_a_moved_trigger() -> None:
    """Law: with follow_triggers, a duty event the changes left alone comes as many days
    after its duty's new trigger as after the old one; other events stay put."""
    baseline = treatystate.load(BUILT_IN)
    shift = ShiftEvents(EventMatch("consent", party="TJK"), "+P6M")
    with pytest.raises(treatystate.RefusedEvent, match="has not happened yet"):
        Variant("as-written", [shift]).apply(baseline).run()
    followed = Variant("later", [shift], follow_triggers=True).apply(baseline)
    outcome = followed.run()
    notify = _duty(outcome, "notify-entry-into-force")
    assert outcome.entry_into_force == D(2026, 6, 10)
    assert (notify.trigger, notify.done, notify.status) == (D(2026, 6, 10), D(2026, 6, 17),
                                                            "done")
    before = baseline.run()
    assert _duty(outcome, "inform-withdrawal") == _duty(before, "inform-withdrawal")
    moved = [(a.index, b.date) for a, b in zip(baseline.events, followed.events, strict=True)
             if a.date != b.date]
    assert moved == [(6, D(2026, 6, 10)), (8, D(2026, 6, 17))]
    # A duty event the variant moves itself stays where the variant puts it.
    own = Variant("own", [shift, ShiftEvents(EventMatch("duty", duty="notify-entry-into-force"),
                                             "+P6M")], follow_triggers=True)
    assert _duty(own.apply(baseline).run(), "notify-entry-into-force").done == D(2026, 7, 9)


def test_the_example_and_the_refusal_that_names_the_fix(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", LATER]) == 0
    capsys.readouterr()
    assert main(["compare", LATER, "--json"]) == 2
    captured = capsys.readouterr()
    diffs = json.loads(captured.out)
    assert diffs[0]["refused"] is None
    refused = diffs[1]["refused"]
    assert "event 8 (duty, notify-entry-into-force, 2026-01-09)" in refused
    assert 'add duties = "follow-triggers"' in refused and "2026-06-17" in refused
    assert captured.err == ("treatystate: error: refused: tjk-later-as-written (the reason "
                            "is above)\n")


def test_compare_exits_2_when_a_variant_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(EXAMPLES / "leap_day_month_end.toml")]) == 2
    assert "refused: strict" in capsys.readouterr().err
    assert main(["compare", str(EXAMPLES / "six_month_notice.toml")]) == 0


def test_quick_what_ifs_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", BUILT_IN, "--shift", "consent:TJK:+P6M", "--json"]) == 0
    [diff] = json.loads(capsys.readouterr().out)
    changes = {(c["scope"], c["subject"], c["field"]): c["after"] for c in diff["changes"]}
    assert changes[("treaty", None, "entry_into_force")] == "2026-06-10"
    assert changes[("duty", "notify-entry-into-force #1", "done")] == "2026-06-17"
    assert diff["after"] == "shift {type=consent, party=TJK} by +P6M"
    assert main(["compare", BUILT_IN, "--set-month-end", "next-day", "--json"]) == 0
    [diff] = json.loads(capsys.readouterr().out)
    assert {"scope": "party", "subject": "TKM", "field": "withdrawal_effective",
            "before": "2029-02-28", "after": "2029-03-01"} in diff["changes"]
    assert main(["compare", BUILT_IN, "--drop", "withdrawal:TKM", "--drop",
                 "duty:inform-withdrawal:TKM", "--json"]) == 0
    [diff] = json.loads(capsys.readouterr().out)
    assert {"scope": "party", "subject": "TKM", "field": "status", "before": "withdrawn",
            "after": "party"} in diff["changes"]


@pytest.mark.parametrize(("argv", "message"), [
    (["--shift", "consent:TJK"], "--shift consent:TJK:"),
    (["--shift", "consent:TJK:six months"], "--shift consent:TJK:six months:"),
    (["--shift", "ratification:TJK:+P6M"], "'ratification' is not an event type"),
    (["--drop", "consent:USA"], "no event matches"),
    ([BUILT_IN, "--shift", "consent:TJK:+P6M"], "not both"),
])
def test_bad_quick_what_ifs_are_one_line(argv: list[str], message: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", BUILT_IN, *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_bad_duties_setting_is_named() -> None:
    text = Path(LATER).read_text(encoding="utf-8").replace(
        'duties = "follow-triggers"', 'duties = "follow"')
    with pytest.raises(treatystate.InputError, match=r"variants\[0\]\.duties"):
        treatystate.loads(text)
