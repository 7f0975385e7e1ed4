"""Writing scenarios back as TOML: the inverse of ``treaty_file.py`` and ``scenario_file.py``.

Values become the keys the loader reads (docs/treaty-format.md), and ``tomli_w``
writes the document, so quoting and escaping follow the TOML specification. A key is
left out where its value is the loader's default, so a written file reads like a
hand-written one; the treaty is inline unless it is an unchanged preset.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import attrs
import tomli_w

from .. import presets
from .._dates.periods import DateRule, Period
from .._model.clauses import (
    AllParties,
    Depositary,
    Duty,
    EntryIntoForce,
    Including,
    Instruments,
    Participation,
    Protocol,
    ProvisionalApplication,
    Term,
    Termination,
    Treaty,
    Withdrawal,
)
from .._model.events import Event

__all__ = ["is_unchanged_preset", "reading_code", "scenario_document", "scenario_toml",
           "treaty_toml", "treaty_value"]


def _rule(rule: DateRule) -> list[str]:
    return [str(step) for step in rule.steps]


def _period(period: Period) -> str:
    return str(period)


def _number(value: Fraction) -> int | float:
    """An integer where the fraction is one; else the float the loader reads back
    (``Fraction(repr(float))``): exact for the decimals treaties write (0.55, 17.89)."""
    return int(value) if value.denominator == 1 else float(value)


def _text(table: dict[str, Any], clause: Any) -> dict[str, Any]:
    """``cites`` and ``text``, where the clause has them."""
    for key in ("cites", "text"):
        value = getattr(clause, key, None)
        if value is not None:
            table[key] = value
    return table


def _unwritten(kind: type, written: set[str]) -> None:
    """Every field of a clause is written: a field added to the model and not to this
    writer is an error, not a silent loss (tests/test_scenario_toml.py)."""
    missing = {f.name for f in attrs.fields(kind)} - written
    if missing:
        raise AssertionError(f"the TOML writer does not write {kind.__name__}.{missing}")


def _condition(condition: AllParties | Instruments) -> str | dict[str, Any]:
    if isinstance(condition, AllParties):
        return "all"
    _unwritten(Instruments, {"count", "weight", "share", "including"})
    _unwritten(Including, {"states", "at_least", "group"})
    limb: dict[str, Any] = {}
    if condition.count:
        limb["instruments"] = condition.count
    if condition.weight is not None and condition.share is not None:
        limb["weight"] = condition.weight
        limb["share"] = _number(condition.share)
    if condition.including:
        required: list[Any] = []
        for need in condition.including:
            if need.group is not None:
                required.append({"group": need.group, "at_least": need.at_least})
            else:  # named States: each one required
                required.extend(need.states)
        limb["including"] = required
    return limb


def _entry_into_force(clause: EntryIntoForce) -> dict[str, Any]:
    _unwritten(EntryIntoForce, {"condition", "date", "later", "not_before", "cites", "text",
                                "later_after"})
    table: dict[str, Any] = {"when": _condition(clause.condition), "date": _rule(clause.date)}
    if clause.later is not None:
        table["later"] = _rule(clause.later)
    if clause.later_after != "threshold":
        table["later_after"] = clause.later_after
    if clause.not_before is not None:
        table["not_before"] = clause.not_before
    return _text(table, clause)


def _withdrawal(clause: Withdrawal, term: Term | None) -> dict[str, Any]:
    _unwritten(Withdrawal, {"allowed", "effective", "earliest", "later_date", "revocable",
                            "cites", "text", "postponed_by_armed_conflict", "earliest_from",
                            "extendable"})
    table: dict[str, Any] = {"allowed": clause.allowed}
    if term is None:  # a term fixes when a denunciation takes effect
        table["effective"] = _rule(clause.effective)
    if clause.earliest is not None:
        table["earliest"] = _rule(clause.earliest)
        if clause.earliest_from != "party":
            table["earliest_from"] = clause.earliest_from
    table["later_date"] = clause.later_date
    table["revocable"] = clause.revocable
    if clause.postponed_by_armed_conflict:
        table["postponed_by_armed_conflict"] = True
    if clause.extendable:
        table["extendable"] = True
    return _text(table, clause)


def _duty(duty: Duty) -> dict[str, Any]:
    table: dict[str, Any] = {"id": duty.id, "after": duty.after}
    if duty.within is not None:
        table["within"] = _period(duty.within)
    return _text(table, duty)


def _protocol(protocol: Protocol) -> dict[str, Any]:
    table: dict[str, Any] = {"id": protocol.id, "title": protocol.title,
                             "when": _condition(protocol.condition),
                             "date": _rule(protocol.date)}
    return _text(table, protocol)


def treaty_value(treaty: Treaty) -> dict[str, Any]:
    """The treaty as the table a treaty file (or a scenario's inline ``treaty``) holds."""
    _unwritten(Treaty, {"id", "title", "depositary", "entry_into_force", "parties",
                        "opened_for_signature", "month_end", "withdrawal", "termination",
                        "duties", "weights", "term", "participation",
                        "provisional_application", "protocols", "groups"})
    _unwritten(Depositary, {"name", "timezone", "holidays"})
    _unwritten(Duty, {"id", "after", "within", "cites", "text"})
    _unwritten(Protocol, {"id", "title", "condition", "date", "cites", "text"})
    _unwritten(Term, {"initial", "renewal", "notice", "cites", "text", "max_extension"})
    _unwritten(Termination, {"below", "cites", "text"})
    _unwritten(Participation, {"signature_closes", "accession_opens", "cites", "text",
                               "eligible", "eligible_group"})
    _unwritten(ProvisionalApplication, {"until", "cites", "text"})
    value: dict[str, Any] = {"id": treaty.id, "title": treaty.title}
    if treaty.parties is not None:
        value["parties"] = list(treaty.parties)
    if treaty.opened_for_signature is not None:
        value["opened_for_signature"] = treaty.opened_for_signature
    value["month_end"] = treaty.month_end
    depositary: dict[str, Any] = {"name": treaty.depositary.name,
                                  "timezone": treaty.depositary.timezone}
    if treaty.depositary.holidays is not None:
        depositary["holidays"] = treaty.depositary.holidays
    value["depositary"] = depositary
    value["entry_into_force"] = _entry_into_force(treaty.entry_into_force)
    value["withdrawal"] = _withdrawal(treaty.withdrawal, treaty.term)
    termination = treaty.termination
    if termination != Termination():
        value["termination"] = _text(
            {} if termination.below is None else {"below": termination.below}, termination)
    if treaty.term is not None:
        term = treaty.term
        periods = {key: getattr(term, key) for key in ("initial", "renewal", "notice",
                                                       "max_extension")}
        value["term"] = _text({key: _period(period) for key, period in periods.items()
                               if period is not None}, term)
    participation = treaty.participation
    if participation != Participation():
        limits = {key: getattr(participation, key) for key in ("signature_closes",
                                                               "accession_opens")}
        table = {k: v for k, v in limits.items() if v is not None}
        if participation.eligible is not None:
            table["eligible"] = participation.eligible_group or list(participation.eligible)
        value["participation"] = _text(table, participation)
    if treaty.provisional_application is not None:
        provisional = treaty.provisional_application
        value["provisional_application"] = _text({"until": provisional.until}, provisional)
    if treaty.groups:
        value["groups"] = {name: list(codes) for name, codes in treaty.groups.items()}
    if treaty.weights:
        value["weights"] = {name: {code: _number(w) for code, w in table.items()}
                            for name, table in treaty.weights.items()}
    if treaty.duties:
        value["duties"] = [_duty(duty) for duty in treaty.duties]
    if treaty.protocols:
        value["protocols"] = [_protocol(protocol) for protocol in treaty.protocols]
    return value


def _date_or_timestamp(event: Event) -> dt.date | dt.datetime:
    """The timestamp as received, where one was given: reading it again converts it to
    the depositary's date as the first reading did."""
    if event.received is not None:
        return dt.datetime.fromisoformat(event.received)
    return event.date


def _event(event: Event) -> dict[str, Any]:
    _unwritten(Event, {"index", "type", "date", "party", "parties", "duty", "effective",
                       "received", "protocol", "until", "by"})
    table: dict[str, Any] = {"type": event.type}
    if event.party is not None:
        table["party"] = event.party
    if event.parties:
        table["parties"] = list(event.parties)
    if event.duty is not None:
        table["duty"] = event.duty
    if event.protocol is not None:
        table["protocol"] = event.protocol
    table["date"] = _date_or_timestamp(event)
    if event.effective is not None:
        table["effective"] = event.effective
    if event.until is not None:
        table["until"] = event.until
    if event.by is not None:
        table["by"] = _period(event.by)
    return table


def is_unchanged_preset(treaty: Treaty) -> bool:
    """Whether ``treaty`` is a built-in preset exactly as shipped."""
    return presets.exists(treaty.id) and presets.get(treaty.id) == treaty


def scenario_document(treaty: Treaty, events: tuple[Event, ...], title: str | None,
                      as_of: dt.date | None) -> dict[str, Any]:
    """The scenario file's document: the treaty (a preset's id when unchanged), the
    title, ``as_of`` and the events in file order."""
    document: dict[str, Any] = {}
    if title is not None:
        document["title"] = title
    if as_of is not None:
        document["as_of"] = as_of
    document["treaty"] = treaty.id if is_unchanged_preset(treaty) else treaty_value(treaty)
    if events:
        document["events"] = [_event(event) for event in events]
    return document


def scenario_toml(treaty: Treaty, events: tuple[Event, ...], title: str | None,
                  as_of: dt.date | None) -> str:
    """The scenario file's text (see :func:`scenario_document`)."""
    return tomli_w.dumps(scenario_document(treaty, events, title, as_of))


def treaty_toml(treaty: Treaty) -> str:
    """The treaty file's text (SPEC §2), which ``treatystate.loads_treaty`` reads back
    to an equal treaty."""
    return tomli_w.dumps(treaty_value(treaty))


def reading_code(function: str, toml: str) -> str:
    """The call ``treatystate.<function>(\"\"\"...\"\"\")`` that reads ``toml`` back, its
    backslashes and triple quotes escaped: how a falsifying example shows a scenario
    (``loads``) or a treaty (``loads_treaty``)."""
    text = toml.replace("\\", "\\\\").replace('"""', '\\"""')
    return f'treatystate.{function}("""\n{text}""")'
