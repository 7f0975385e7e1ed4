"""``[expect]``: what a scenario's outcome must show, and the comparison (SPEC §3).

Expected values are compared with the outcome document (``Outcome.to_dict()``), so a
date is compared as its ISO string. TOML has no null: write the string ``"null"``
for a date that must be absent (e.g. a revoked withdrawal's ``withdrawal_effective``).

An addition to the SPEC: ``[expect.refusal]`` states that the scenario must be
refused, with optional ``event`` (its index), ``error`` (the class name, e.g.
``"AmbiguousDate"``) and ``contains`` (a phrase the message must contain).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from .._dates.periods import quote
from ..errors import RefusedEvent, ScenarioFileError
from .suggest import did_you_mean

if TYPE_CHECKING:
    from .._model.clauses import Treaty
    from .._model.outcome import Outcome

__all__ = ["Expectations", "Mismatch", "Refusal", "compare", "parse_expectations"]

Value: TypeAlias = str | int | bool | float | None

TOP_KEYS = ("status", "entry_into_force", "terminated", "as_of", "threshold_reached")
PARTY_KEYS = (
    "status", "signed", "consent", "in_force_from", "withdrawal_notice",
    "withdrawal_effective", "withdrawal_revoked", "consent_revoked",
    "withdrawal_postponed", "provisional_from", "provisional_until", "withdrawal_notice_from",
)
DUTY_KEYS = ("id", "party", "trigger", "due", "done", "status", "cites", "due_extended_from")
PROTOCOL_KEYS = ("status", "condition_met", "entry_into_force", "cites")


@attrs.frozen
class Refusal:
    """The scenario must be refused: by event ``event``, with ``error``, saying ``contains``."""

    event: int | None = None
    error: str | None = None
    contains: str | None = None


@attrs.frozen
class Expectations:
    """A scenario's ``[expect]`` table: the outcome fields it states, by where they are
    (``top``, ``parties``, ``duties``, ``protocols``), or the ``refusal`` it expects.

    >>> import treatystate
    >>> expect = treatystate.builtin_example().expect
    >>> expect.top["entry_into_force"]
    '2026-01-02'
    """

    top: Mapping[str, Value] = attrs.field(factory=dict)
    parties: Mapping[str, Mapping[str, Value]] = attrs.field(factory=dict)
    duties: tuple[Mapping[str, Value], ...] = ()
    refusal: Refusal | None = None
    protocols: Mapping[str, Mapping[str, Value]] = attrs.field(factory=dict)


@attrs.frozen
class Mismatch:
    """One difference: where, what was expected, what the outcome has.

    >>> import treatystate
    >>> print(treatystate.Mismatch("entry_into_force", "2026-01-03", "2026-01-02"))
    entry_into_force: expected 2026-01-03, got 2026-01-02
    """

    where: str
    expected: Value
    actual: Value

    def __str__(self) -> str:
        return f"{self.where}: expected {_text(self.expected)}, got {_text(self.actual)}"


def _text(value: Value) -> str:
    return "null" if value is None else str(value)


def _value(value: object, source: str, where: str) -> Value:
    if isinstance(value, dt.datetime):
        raise _error(source, where, "expected a date, not a timestamp")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value == "null":
        return None
    if isinstance(value, str | int | bool | float):
        return value
    raise _error(source, where, f"expected a date, a string, a number or a boolean, got "
                                f"{quote(value)}")


def _refusal_names() -> tuple[str, ...]:
    """``RefusedEvent`` and its subclasses: the classes a refusal may be expected as."""
    found: list[str] = []
    pending: list[type[RefusedEvent]] = [RefusedEvent]
    while pending:
        kind = pending.pop(0)
        if kind.__name__ not in found:
            found.append(kind.__name__)
            pending.extend(kind.__subclasses__())
    return tuple(found)


def _error(source: str, where: str, message: str) -> ScenarioFileError:
    return ScenarioFileError(f"{source}: {where}: {message}", source=source, key=where)


def _scalars(table: object, allowed: tuple[str, ...], source: str, where: str
             ) -> dict[str, Value]:
    if not isinstance(table, dict):
        raise _error(source, where, f"expected a table, got {quote(table)}")
    result: dict[str, Value] = {}
    for key, value in table.items():
        if key not in allowed:
            raise _error(source, f"{where}.{key}", f"unknown key{did_you_mean(key, allowed)}; "
                         f"allowed: {', '.join(allowed)}")
        result[key] = _value(value, source, f"{where}.{key}")
    return result


def parse_expectations(data: Mapping[str, Any], source: str, treaty: Treaty) -> Expectations:
    top: dict[str, Value] = {}
    parties: dict[str, Mapping[str, Value]] = {}
    duties: list[Mapping[str, Value]] = []
    refusal = None
    protocols: dict[str, Mapping[str, Value]] = {}
    for key, value in data.items():
        where = f"expect.{key}"
        if key in TOP_KEYS:
            top[key] = _value(value, source, where)
        elif key == "parties":
            if not isinstance(value, dict):
                raise _error(source, where, "expected a table of parties")
            for code, record in value.items():
                if treaty.parties is not None and code not in treaty.parties:
                    raise _error(source, f"{where}.{code}", f"not a listed party of "
                                 f"'{treaty.id}' ({', '.join(treaty.parties)})")
                parties[code] = _scalars(record, PARTY_KEYS, source, f"{where}.{code}")
        elif key == "duties":
            if not isinstance(value, list):
                raise _error(source, where, "expected [[expect.duties]] tables")
            for index, item in enumerate(value):
                duty = _scalars(item, DUTY_KEYS, source, f"{where}[{index}]")
                if not isinstance(duty.get("id"), str) or treaty.duty(str(duty["id"])) is None:
                    raise _error(source, f"{where}[{index}].id", f"name one of the treaty's "
                                 f"duties ({', '.join(d.id for d in treaty.duties) or 'none'})")
                duties.append(duty)
        elif key == "protocols":
            if not isinstance(value, dict):
                raise _error(source, where, "expected a table of protocols by id")
            for protocol_id, record in value.items():
                if treaty.protocol(protocol_id) is None:
                    known = ", ".join(p.id for p in treaty.protocols) or "it has none"
                    raise _error(source, f"{where}.{protocol_id}",
                                 f"not a protocol of '{treaty.id}' ({known})")
                protocols[protocol_id] = _scalars(record, PROTOCOL_KEYS, source,
                                                  f"{where}.{protocol_id}")
        elif key == "refusal":
            fields = _scalars(value, ("event", "error", "contains"), source, where)
            event = fields.get("event")
            if event is not None and (not isinstance(event, int) or isinstance(event, bool)):
                raise _error(source, f"{where}.event", "expected an event index (0, 1, ...)")
            refusals = _refusal_names()
            if fields.get("error") is not None and fields["error"] not in refusals:
                raise _error(source, f"{where}.error", f"{quote(fields['error'])} is not a "
                             f"refusal; use one of {', '.join(refusals)}")
            refusal = Refusal(
                event=event if isinstance(event, int) else None,
                error=None if fields.get("error") is None else str(fields["error"]),
                contains=None if fields.get("contains") is None else str(fields["contains"]),
            )
        else:
            keys = (*TOP_KEYS, "parties", "duties", "protocols", "refusal")
            raise _error(source, where, f"unknown key{did_you_mean(key, keys)}; allowed: "
                         f"{', '.join(keys)}")
    return Expectations(top, parties, tuple(duties), refusal, protocols)


def compare(expect: Expectations, outcome: Outcome | None, refused: RefusedEvent | None
            ) -> list[Mismatch]:
    """Every difference between the expectations and what the run produced."""
    mismatches: list[Mismatch] = []
    if expect.refusal is not None:
        wanted = expect.refusal
        if refused is None:
            return [Mismatch("refusal", f"event {wanted.event} refused"
                             if wanted.event is not None else "a refusal", "no refusal")]
        if wanted.event is not None and refused.index != wanted.event:
            mismatches.append(Mismatch("refusal.event", wanted.event, refused.index))
        if wanted.error is not None and type(refused).__name__ != wanted.error:
            mismatches.append(Mismatch("refusal.error", wanted.error, type(refused).__name__))
        if wanted.contains is not None and wanted.contains not in str(refused):
            mismatches.append(Mismatch("refusal.contains", wanted.contains, str(refused)))
        return mismatches
    if refused is not None:
        raise refused
    assert outcome is not None
    document = outcome.to_dict()
    for key, value in expect.top.items():
        if document[key] != value:
            mismatches.append(Mismatch(key, value, document[key]))
    for code, record in expect.parties.items():
        actual = document["parties"].get(code)
        if actual is None:
            mismatches.append(Mismatch(f"parties.{code}", "a party record", None))
            continue
        for key, value in record.items():
            if actual[key] != value:
                mismatches.append(Mismatch(f"parties.{code}.{key}", value, actual[key]))
    for protocol_id, record in expect.protocols.items():
        actual = document["protocols"][protocol_id]
        for key, value in record.items():
            if actual[key] != value:
                mismatches.append(Mismatch(f"protocols.{protocol_id}.{key}", value, actual[key]))
    for wanted_duty in expect.duties:
        duty_id, party = wanted_duty["id"], wanted_duty.get("party")
        latest = None
        for candidate in document["duties"]:
            if candidate["id"] == duty_id and candidate["party"] == party:
                latest = candidate
        label = f"duties[{duty_id}{', ' + str(party) if party else ''}]"
        if latest is None:
            mismatches.append(Mismatch(label, "an instance", None))
            continue
        for key, value in wanted_duty.items():
            if latest[key] != value:
                mismatches.append(Mismatch(f"{label}.{key}", value, latest[key]))
    return mismatches
