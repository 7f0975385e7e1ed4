"""Every date of the reference file (tests/data/real-treaties.toml, a copy of the
team's reference/real-treaties.toml) is reproduced by a shipped example.

The test reads the reference file itself, so a date added there without an example
that reproduces it fails here. Examples are matched by the preset they run, not by
name: any example of that treaty whose outcome shows the date counts.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import treatystate
from treatystate import presets

ROOT = Path(__file__).parent.parent
REFERENCE = tomllib.loads((ROOT / "tests" / "data" / "real-treaties.toml").read_text("utf-8"))
PRESET_OF = {
    "Rome Statute": "rome-statute-1998",
    "Paris Agreement": "paris-agreement-2015",
    "United Nations Convention on the Law of the Sea": "unclos-1982",
    "Convention on the Prohibition of Anti-Personnel Mines": "ottawa-convention-1997",
    "Treaty on the Prohibition of Nuclear Weapons": "tpnw-2017",
    "Convention on the Prevention and Punishment of the Crime of Genocide":
        "genocide-convention-1948",
    "Convention on Cybercrime": "cybercrime-convention-2001",
    "Constitution of the United Nations Educational, Scientific and Cultural Organization":
        "unesco-constitution-1945",
    "New START": "new-start-2010",
}


def _preset(name: str) -> str:
    return next(preset for prefix, preset in PRESET_OF.items() if name.startswith(prefix))


def _iso(value: object) -> str | None:
    if value == "never":
        return None
    assert isinstance(value, dt.date)
    return value.isoformat()


@cache
def _runs(preset_id: str) -> tuple[tuple[str, dict[str, Any] | None, str | None], ...]:
    """(example, outcome document or None, refusal message or None) for every example
    built on the preset."""
    runs: list[tuple[str, dict[str, Any] | None, str | None]] = []
    for path in sorted((ROOT / "examples").glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        treaty = data["treaty"]
        if (treaty if isinstance(treaty, str) else treaty.get("extends")) != preset_id:
            continue
        scenario = treatystate.load(path)
        try:
            runs.append((path.name, scenario.run().to_dict(), None))
        except treatystate.RefusedEvent as error:
            runs.append((path.name, None, str(error)))
    return tuple(runs)


def _shown(preset_id: str, party: str | None, **wanted: str | None) -> list[str]:
    """The examples whose outcome (or party record) shows every wanted value."""
    found = []
    for name, document, _ in _runs(preset_id):
        if document is None:
            continue
        record = document if party is None else document["parties"].get(party)
        if record is not None and all(record[key] == value for key, value in wanted.items()):
            found.append(name)
    return found


TREATIES = [(t["name"], t) for t in REFERENCE["treaty"]]


@pytest.mark.parametrize(("name", "treaty"), TREATIES, ids=[n for n, _ in TREATIES])
def test_threshold_and_entry_into_force(name: str, treaty: dict[str, Any]) -> None:
    preset_id = _preset(name)
    assert presets.exists(preset_id)
    assert _shown(preset_id, None, threshold_reached=_iso(treaty["threshold_reached"]),
                  entry_into_force=_iso(treaty["entry_into_force"]))
    if "terminated" in treaty:
        assert _shown(preset_id, None, entry_into_force=_iso(treaty["entry_into_force"]),
                      terminated=_iso(treaty["terminated"]))


CONSENTS = [(t["name"], c) for t in REFERENCE["treaty"] for c in t.get("consent", [])]


@pytest.mark.parametrize(("name", "consent"), CONSENTS,
                         ids=[f"{c['party']}-{c['received']}" for _, c in CONSENTS])
def test_recorded_consent(name: str, consent: dict[str, Any]) -> None:
    assert _shown(_preset(name), consent["party"], consent=_iso(consent["received"]),
                  in_force_from=_iso(consent["in_force_from"]))


WITHDRAWALS = [(t["name"], w) for t in REFERENCE["treaty"] for w in t.get("withdrawal", [])]


@pytest.mark.parametrize(("name", "withdrawal"), WITHDRAWALS,
                         ids=[f"{w['party']}-{w['received']}" for _, w in WITHDRAWALS])
def test_recorded_withdrawal(name: str, withdrawal: dict[str, Any]) -> None:
    preset_id, party = _preset(name), withdrawal["party"]
    notice = _iso(withdrawal["received"])
    assert _shown(preset_id, party, withdrawal_notice=notice,
                  withdrawal_effective=_iso(withdrawal["effective"]))
    if "revoked" in withdrawal:
        assert _shown(preset_id, party, withdrawal_notice=notice,
                      withdrawal_revoked=_iso(withdrawal["revoked"]), status="party")
        assert _shown(preset_id, party, withdrawal_notice=notice,
                      withdrawal_effective=_iso(withdrawal["would_have_been_effective"]))
    if "in_force_for_party_from" in withdrawal:
        assert _shown(preset_id, party, withdrawal_notice=notice,
                      in_force_from=_iso(withdrawal["in_force_for_party_from"]))


EARLIEST = [(t["name"], w) for t in REFERENCE["treaty"] for w in t.get("withdrawal", [])
            if "earliest_notice" in w]


@pytest.mark.parametrize(("name", "withdrawal"), EARLIEST, ids=[w["party"] for _, w in EARLIEST])
def test_earliest_notice_rule(name: str, withdrawal: dict[str, Any]) -> None:
    """The notice was received on the first day the clause allows (the recorded
    "earliest_notice" + the preset's `earliest` rule), and an example shows a notice
    one day earlier refused, naming that day."""
    preset_id = _preset(name)
    rule = presets.get(preset_id).withdrawal.earliest
    assert rule is not None
    start = withdrawal["earliest_notice"]
    first_day = rule.apply(treatystate.legal_date(start, "UTC")[0], "strict").date
    assert first_day.isoformat() == _iso(withdrawal["received"])
    refusals = [message for _, document, message in _runs(preset_id) if message]
    assert any(f"a notice may be given from {first_day}" in message for message in refusals)


def test_synthetic_filler_is_marked() -> None:
    """Every example that invents States (codes SYN-...) says so at its top, so no
    invented instrument passes for a recorded one."""
    for path in sorted((ROOT / "examples").glob("*.toml")):
        text = path.read_text("utf-8")
        if '"SYN-' in text:
            header = text.split("\ntreaty", 1)[0].split("\ntitle", 1)[0]
            assert "SYNTHETIC" in header, f"{path.name}: synthetic States not marked"
