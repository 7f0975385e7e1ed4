"""Calendars: parse the .ics back with icalendar and check every date and UID."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

import treatystate
from treatystate._views.calendar_export import to_ics
from treatystate.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
STAMP = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def events(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return list(calendar.walk("VEVENT"))


def export(name: str, as_of: str | None = None, stamp: dt.datetime = STAMP) -> tuple[
        treatystate.Outcome, list[icalendar.Event]]:
    scenario = treatystate.load(EXAMPLES / name)
    outcome = scenario.run(as_of=as_of)
    return outcome, events(to_ics(outcome, scenario.treaty, stamp=stamp))


def runnable() -> list[str]:
    names = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        try:
            treatystate.load(path).run()
        except treatystate.TreatyStateError:
            continue
        names.append(path.name)
    return names


@pytest.mark.parametrize("name", runnable())
def test_every_derived_date_is_an_all_day_event_on_that_date(name: str) -> None:
    """Law: one VEVENT per derived timeline entry, in order, all-day on the entry's
    date (DTEND the next day), every UID unique and every required property present."""
    outcome, parsed = export(name)
    derived = [e for e in outcome.timeline if e.source != "input"]
    assert len(parsed) == len(derived)
    for event, entry in zip(parsed, derived, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date  # all-day: VALUE=DATE
        assert start == dt.date(entry.date.year, entry.date.month, entry.date.day)
        assert end - start == dt.timedelta(days=1)
        assert event.decoded("DTSTAMP") == STAMP
        assert entry.kind in str(event["UID"])
        expected = {"occurred": "CONFIRMED", "scheduled": "CONFIRMED",
                    "postponed": "TENTATIVE"}.get(entry.status, "CANCELLED")
        assert str(event["STATUS"]) == expected
    uids = [str(event["UID"]) for event in parsed]
    assert len(set(uids)) == len(uids)


def test_uids_do_not_depend_on_the_clock() -> None:
    _, first = export("central_asia.toml", stamp=STAMP)
    _, later = export("central_asia.toml", stamp=STAMP + dt.timedelta(days=400))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in later]


def test_reimport_after_a_revocation_updates_the_same_event() -> None:
    """The withdrawal's effective date, exported while pending and again after the
    notice was revoked, has one UID: a calendar marks its event cancelled instead of
    keeping a stale copy."""
    _, pending = export("revoked_withdrawal.toml", as_of="2028-06-30")
    _, revoked = export("revoked_withdrawal.toml")
    [before] = [e for e in pending if "withdrawal-effective" in str(e["UID"])]
    [after] = [e for e in revoked if "withdrawal-effective" in str(e["UID"])]
    assert str(before["UID"]) == str(after["UID"])
    assert str(before["STATUS"]) == "CONFIRMED" and str(after["STATUS"]) == "CANCELLED"
    assert before.decoded("DTSTART") == after.decoded("DTSTART") == dt.date(2029, 2, 28)


def test_duty_deadline_summaries_say_late_and_overdue() -> None:
    _, late = export("duties_late.toml")
    _, never = export("duties_never_done.toml")
    assert any("(late 2025-07-03)" in str(e["SUMMARY"]) for e in late)
    assert any("(overdue)" in str(e["SUMMARY"]) for e in never)


def test_cli_ics_writes_a_parseable_file(tmp_path: Path) -> None:
    target = tmp_path / "treaty.ics"
    assert main(["ics", str(EXAMPLES / "central_asia.toml"), "-o", str(target)]) == 0
    parsed = events(target.read_bytes())
    assert {str(e.decoded("DTSTART")) for e in parsed} >= {"2026-01-02", "2029-02-28"}


def test_a_postponed_withdrawal_moves_its_event_to_the_day_it_takes_effect() -> None:
    """Ottawa art. 20(3): exported while the conflict lasts, the withdrawal is tentative
    on the day the notice period expired; exported after, the same UID holds the day
    the conflict ended, and the postponed day is kept apart as its own event."""
    _, during = export("ottawa_armed_conflict.toml", as_of="2026-06-30")
    _, after = export("ottawa_armed_conflict.toml")

    def withdrawal(parsed: list[icalendar.Event]) -> dict[str, icalendar.Event]:
        return {str(e["UID"]): e for e in parsed
                if "withdrawal-effective" in str(e["UID"]) and "SYN-001" in str(e["UID"])}

    [(uid_during, pending)] = withdrawal(during).items()
    assert str(pending["STATUS"]) == "TENTATIVE"
    final = withdrawal(after)[uid_during]
    assert final.decoded("DTSTART") == dt.date(2027, 3, 15)
    assert str(final["STATUS"]) == "CONFIRMED"


def test_missing_ics_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    def no_icalendar(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr("importlib.import_module", no_icalendar)
    assert main(["ics"]) == 2
    err = capsys.readouterr().err
    assert "treatystate[ics]" in err and "Traceback" not in err


def test_the_same_scenario_gives_the_same_calendar_bytes() -> None:
    """Law: without ``stamp``, the calendar depends on the scenario alone (DTSTAMP is the
    day the outcome describes, not the clock), and its DTSTAMP is that day."""
    scenario = treatystate.load(EXAMPLES / "central_asia.toml")
    outcome = scenario.run(as_of="2027-01-01")
    first = to_ics(outcome, scenario.treaty)
    assert first == to_ics(scenario.run(as_of="2027-01-01"), scenario.treaty)
    stamps = {event["DTSTAMP"].dt for event in icalendar.Calendar.from_ical(first).walk("VEVENT")}
    assert stamps == {dt.datetime(2027, 1, 1, tzinfo=dt.UTC)}
