"""Comparing two outcomes: every date and status that changed, from → to.

The comparison is by treaty (its status and dates), by party (each field of its
record), by amending protocol (its status and dates, each party's consent to it) and
by duty instance (matched by duty id, party and occurrence: the first
``inform-withdrawal`` for TKM in one outcome against the first in the other). A duty
instance present in only one outcome shows each of its fields against ``null``.
The fields are read from the outcome's own record types, so a field added to them is
compared too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal, TypeAlias

import attrs
import pendulum
from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from .._model.outcome import DutyRecord, Outcome, PartyRecord, ProtocolRecord

__all__ = ["Difference", "OutcomeDiff", "diff_outcomes", "diff_renderable"]

Scope: TypeAlias = Literal["treaty", "party", "protocol", "duty"]
Cell: TypeAlias = str | None

# Not compared here: what identifies the treaty or a record, what only the input sets
# (as_of), and what holds records of its own (compared by their own scope) or history
# (the timeline and notes explain the differences rather than being them).
_NOT_TREATY_FIELDS = {"treaty", "as_of", "parties", "duties", "timeline", "notes", "protocols"}
_TREATY_FIELDS = tuple(field.name for field in attrs.fields(Outcome)
                       if field.name not in _NOT_TREATY_FIELDS)
_PARTY_FIELDS = tuple(field.name for field in attrs.fields(PartyRecord))
_PROTOCOL_FIELDS = tuple(field.name for field in attrs.fields(ProtocolRecord)
                         if field.name not in {"title", "cites", "consents"})
_DUTY_FIELDS = tuple(field.name for field in attrs.fields(DutyRecord)
                     if field.name not in {"id", "party", "cites"})


@attrs.frozen
class Difference:
    """One changed value. ``subject`` is the party's code, the protocol's id, or the
    duty instance (``"inform-withdrawal TKM #1"``); ``None`` for the treaty itself.

    >>> import treatystate
    >>> baseline = treatystate.builtin_example()
    >>> six = treatystate.Variant("six", [treatystate.SetWithdrawalEffective("+P6M")])
    >>> diff = treatystate.diff_outcomes(baseline.run(), six.apply(baseline).run(),
    ...                                  after_label="six")
    >>> change = diff.changes[0]
    >>> change.scope, change.subject, change.field, change.before, change.after
    ('party', 'TKM', 'withdrawal_effective', '2029-02-28', '2028-08-29')
    """

    scope: Scope
    subject: str | None
    field: str
    before: Cell
    after: Cell


@attrs.frozen
class OutcomeDiff:
    """The differences between two outcomes, in treaty, party, duty order.

    ``refused`` holds the error when the ``after`` scenario was refused (it then has
    no outcome to compare, and ``changes`` is empty).

    >>> import treatystate
    >>> baseline = treatystate.builtin_example()
    >>> six = treatystate.Variant("six", [treatystate.SetWithdrawalEffective("+P6M")])
    >>> diff = treatystate.diff_outcomes(baseline.run(), six.apply(baseline).run(),
    ...                                  after_label="six")
    >>> diff.before, diff.after, diff.empty, len(diff.changes)
    ('baseline', 'six', False, 2)
    >>> diff.to_dict()["changes"][0]["after"]
    '2028-08-29'
    """

    before: str
    after: str
    changes: tuple[Difference, ...]
    refused: str | None = None

    @property
    def empty(self) -> bool:
        """Whether nothing changed (and nothing was refused)."""
        return not self.changes and self.refused is None

    def __bool__(self) -> bool:
        return not self.empty

    def to_dict(self) -> dict[str, Any]:
        """The differences as the JSON document ``compare --json`` prints."""
        return {
            "before": self.before,
            "after": self.after,
            "changes": [attrs.asdict(change) for change in self.changes],
            "refused": self.refused,
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _text(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, pendulum.Date):
        return value.isoformat()
    return str(value)


def _duty_instances(outcome: Outcome) -> dict[tuple[str, str | None, int], DutyRecord]:
    seen: dict[tuple[str, str | None], int] = {}
    instances: dict[tuple[str, str | None, int], DutyRecord] = {}
    for record in outcome.duties:
        number = seen.get((record.id, record.party), 0) + 1
        seen[(record.id, record.party)] = number
        instances[(record.id, record.party, number)] = record
    return instances


def _changes(before: Outcome, after: Outcome) -> Iterator[Difference]:
    for name in _TREATY_FIELDS:
        old, new = _text(getattr(before, name)), _text(getattr(after, name))
        if old != new:
            yield Difference("treaty", None, name, old, new)
    codes = list(before.parties) + [c for c in after.parties if c not in before.parties]
    for code in codes:
        old_record, new_record = before.parties.get(code), after.parties.get(code)
        for name in _PARTY_FIELDS:
            old = _text(getattr(old_record, name)) if old_record else None
            new = _text(getattr(new_record, name)) if new_record else None
            if old != new:
                yield Difference("party", code, name, old, new)
    ids = list(before.protocols) + [p for p in after.protocols if p not in before.protocols]
    for protocol_id in ids:
        old_protocol = before.protocols.get(protocol_id)
        new_protocol = after.protocols.get(protocol_id)
        for name in _PROTOCOL_FIELDS:
            old = _text(getattr(old_protocol, name)) if old_protocol else None
            new = _text(getattr(new_protocol, name)) if new_protocol else None
            if old != new:
                yield Difference("protocol", protocol_id, name, old, new)
        old_consents = old_protocol.consents if old_protocol else {}
        new_consents = new_protocol.consents if new_protocol else {}
        for code in list(old_consents) + [c for c in new_consents if c not in old_consents]:
            old, new = _text(old_consents.get(code)), _text(new_consents.get(code))
            if old != new:
                yield Difference("protocol", protocol_id, f"consents.{code}", old, new)
    old_duties, new_duties = _duty_instances(before), _duty_instances(after)
    keys = list(old_duties) + [k for k in new_duties if k not in old_duties]
    for key in keys:
        duty_id, party, number = key
        subject = f"{duty_id}{' ' + party if party else ''} #{number}"
        old_duty, new_duty = old_duties.get(key), new_duties.get(key)
        for name in _DUTY_FIELDS:
            old = _text(getattr(old_duty, name)) if old_duty else None
            new = _text(getattr(new_duty, name)) if new_duty else None
            if old != new:
                yield Difference("duty", subject, name, old, new)


def diff_outcomes(before: Outcome, after: Outcome, *, before_label: str = "baseline",
                  after_label: str = "variant") -> OutcomeDiff:
    """Every date and status that differs between ``before`` and ``after``.

    >>> import treatystate
    >>> baseline = treatystate.builtin_example()
    >>> six = treatystate.Variant("six", [treatystate.SetWithdrawalEffective("+P6M")])
    >>> diff = treatystate.diff_outcomes(baseline.run(), six.apply(baseline).run(),
    ...                                  after_label="six")
    >>> [(change.subject, change.field) for change in diff.changes]
    [('TKM', 'withdrawal_effective'), ('notify-cessation TKM #1', 'trigger')]
    """
    for outcome in (before, after):
        if not isinstance(outcome, Outcome):
            from .._dates.periods import quote
            from ..errors import InputError

            raise InputError(f"diff_outcomes compares two Outcome values (from "
                             f"Scenario.run()), got {quote(outcome)}")
    return OutcomeDiff(before_label, after_label, tuple(_changes(before, after)))


def diff_renderable(diff: OutcomeDiff, *, plain: bool) -> Group:
    """The differences as a table: scope, subject, field, from, to."""
    heading = Text.assemble((f"{diff.before} → {diff.after}", "bold"))
    if diff.refused is not None:
        return Group(heading, Text(f"refused: {diff.refused}", style="" if plain else "red"))
    if diff.empty:
        return Group(heading, Text("no difference"))
    table = Table(box=None if plain else box.SIMPLE_HEAD, pad_edge=False)
    for column in ("Scope", "Subject", "Field", "From", "To"):
        table.add_column(column, no_wrap=True)
    for change in diff.changes:
        table.add_row(change.scope, change.subject or "", change.field,
                      change.before or "—", Text(change.after or "—",
                                                 style="" if plain else "bold"))
    return Group(heading, table)
