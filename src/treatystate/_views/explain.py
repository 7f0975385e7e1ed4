"""Why each derived date is what it is: the rule, its text, its causes, its arithmetic.

For every derived entry of an outcome's timeline (entry into force, for the treaty and
for each State, a withdrawal taking effect, termination, a duty's due date), an
:class:`Explanation` gathers:

- the rule: the ``cites`` the engine recorded, the clause of the treaty file that
  applies it, its date rule as written (``["+P12M"]``) and the clause's ``text``;
- the input events that caused it (the timeline's ``caused_by``), each named as the
  engine named it;
- the arithmetic: the engine's own account (the entry's ``detail``) and, with the
  treaty at hand, the date rule replayed step by step with the treaty's ``month_end``
  (``2028-02-29 +P12M → 2029-02-28``, and why a day that does not exist moved);
- for a threshold (``instruments = N``, a weight share, or every listed party), the
  instrument that completed the count and the one that completed the weight.

The engine decides; this module only reads what it recorded. The step-by-step replay
applies the same :class:`~treatystate._dates.periods.DateRule` steps the engine applied, and
says so when the engine's date differs from the bare rule (``not_before``, a later
date named in a notice, not before the treaty's own entry into force).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pendulum
from cattrs.gen import make_dict_unstructure_fn, override

from .._dates.periods import DateRule, MonthEnd
from .._model.clauses import Treaty
from .._model.records import TimelineEntry, TreatyRef, converter
from .thresholds import Cause, Requirement, Threshold, threshold

if TYPE_CHECKING:
    from .._model.outcome import Outcome

__all__ = [
    "ArithmeticStep",
    "Cause",
    "DateExplanation",
    "Explanation",
    "Requirement",
    "Threshold",
    "explain",
]


@attrs.frozen
class ArithmeticStep:
    """One step of a date rule: ``start step → result``, and any month-end note."""

    start: pendulum.Date
    step: str
    result: pendulum.Date
    note: str | None = None


@attrs.frozen
class DateExplanation:
    """The chain behind one derived date."""

    date: pendulum.Date
    kind: str
    party: str | None
    duty: str | None
    source: str
    status: str
    cites: str | None
    clause: str | None
    rule: tuple[str, ...] | None
    text: str | None
    caused_by: tuple[Cause, ...]
    detail: str
    start: pendulum.Date | None = None
    steps: tuple[ArithmeticStep, ...] = ()
    adjusted: str | None = None
    threshold: Threshold | None = None
    # Whether the engine's account is its arithmetic alone (no premise, nothing moved
    # the date): read from the basis, not from the account's words.
    plain: bool = attrs.field(default=False, repr=False)
    # On a State's entry into force: the first day it may give notice of withdrawal
    # (SPEC §8.8), while the treaty is in force for it.
    withdrawal_notice_from: pendulum.Date | None = None

    def listed_causes(self, most: int = 8, hint: str = " (see --json)") -> list[str]:
        """The causes for people: all of them, or with more than ``most`` the first
        two and the last ones (the last completed the condition)."""
        texts = [cause.description for cause in self.caused_by]
        if len(texts) <= most:
            return texts
        hidden = len(texts) - most + 1
        return [*texts[:2], f"… {hidden} more{hint}", *texts[-(most - 3):]]

    @property
    def account(self) -> str | None:
        """The engine's own account (``detail``) when it says more than the arithmetic."""
        if self.plain and self.arithmetic is not None:
            return None
        return self.detail or None

    @property
    def arithmetic(self) -> str | None:
        """``2028-02-29 +P12M → 2029-02-28 (...)``: the replayed rule in one line."""
        if self.start is None:
            return None
        text = str(self.start)
        for step in self.steps:
            text += f" {step.step} → {step.result}"
        if not self.steps:
            text += " (no steps: the same day)"
        # A month-end note starts "2028-02-29 + P12M: ...", which the trace already shows.
        notes = [step.note.split(": ", 1)[-1] for step in self.steps if step.note]
        if notes:
            text += f" ({'; '.join(notes)})"
        if self.adjusted:
            text += f"; {self.adjusted}"
        return text


# ``plain`` is how the account was chosen, not part of the explanation document.
converter.register_unstructure_hook(
    DateExplanation,
    make_dict_unstructure_fn(DateExplanation, converter, plain=override(omit=True)),
)


@attrs.frozen
class Explanation:
    """Every derived date of an outcome, with its chain (:func:`explain`).

    >>> import treatystate
    >>> scenario = treatystate.builtin_example()
    >>> explanation = scenario.run().explain(scenario)
    >>> [(d.kind, str(d.date)) for d in explanation.dates][:2]
    [('duty-due', '2025-07-02'), ('entry-into-force', '2026-01-02')]
    >>> print(explanation.to_text().splitlines()[1])
    month_end = last-day
    """

    treaty: TreatyRef
    as_of: pendulum.Date | None
    month_end: MonthEnd | None
    dates: tuple[DateExplanation, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready document: dates as ISO strings, every key present."""
        result: dict[str, Any] = converter.unstructure(self)
        for unstructured, explained in zip(result["dates"], self.dates, strict=True):
            unstructured["arithmetic"] = explained.arithmetic
        return result

    def to_json(self, indent: int | None = 2) -> str:
        """The explanation as the JSON document ``explain --json`` prints."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self, width: int = 96) -> str:
        """The chains as plain text, one block per derived date."""
        lines = [self.treaty.title]
        if self.as_of is not None:
            lines.append(f"as of {_day(self.as_of)}")
        if self.month_end is not None:
            lines.append(f"month_end = {self.month_end}")
        if not self.dates:
            lines.append("")
            lines.append("No derived dates yet.")
        quoted: set[str] = set()
        for item in self.dates:
            lines.append("")
            lines.extend(_block(item, width, quoted))
        return "\n".join(lines) + "\n"


def _day(date: pendulum.Date | None) -> str:
    return "—" if date is None else f"{date.isoformat()} {date.format('ddd')}"


def _block(item: DateExplanation, width: int, quoted: set[str]) -> list[str]:
    """One date's chain; a clause's text is quoted the first time only."""
    heading = f"{_day(item.date)}  {item.kind}"
    if item.duty:
        heading += f" '{item.duty}'"
    if item.party:
        heading += f"  {item.party}"
    state = item.status if item.status != "occurred" else item.source
    heading += f"  [{state}]"
    lines = [heading]
    label_width = 12

    def add(label: str, text: str, *, quote: bool = False) -> None:
        indent = " " * (2 + label_width)
        wrapped = textwrap.wrap(
            f"“{text}”" if quote else text, width=width - len(indent),
            break_long_words=False, break_on_hyphens=False,
        ) or [""]
        lines.append(f"  {label:<{label_width}}{wrapped[0]}")
        lines.extend(indent + rest for rest in wrapped[1:])

    rule = item.cites or "—"
    if item.clause:
        rule += f"; [{item.clause}]"
        if item.rule is not None:
            rule += f" {_rule_literal(item.rule)}"
    add("rule", rule)
    if item.text and item.text not in quoted:
        add("", item.text, quote=True)
        quoted.add(item.text)
    elif item.text:
        add("", "(clause text quoted above)")
    for position, text in enumerate(item.listed_causes()):
        add("because" if position == 0 else "", text)
    if item.account:
        add("why", item.account)
    if item.arithmetic:
        add("arithmetic", item.arithmetic)
    if item.withdrawal_notice_from is not None:
        add("withdrawal", f"notice from {_day(item.withdrawal_notice_from)} (the first day "
                          "a notice of withdrawal may be received)")
    threshold = item.threshold
    if threshold is not None:
        add("threshold", f"{threshold.condition}: {threshold.instruments} instrument"
                         f"{'s' if threshold.instruments != 1 else ''} counted")
        if threshold.count_completed_by is not None:
            add("", f"count {threshold.count_required} completed by "
                    f"{threshold.count_completed_by.description}")
        if threshold.weight_completed_by is not None:
            add("", f"weight '{threshold.weight}' reached {threshold.share_reached} "
                    f"(at least {threshold.share_required} required) with "
                    f"{threshold.weight_completed_by.description}")
        for part in threshold.including:
            if part.completed_by is not None:
                add("", f"{part.requirement} completed by {part.completed_by.description}")
        if threshold.completed_by is not None:
            add("", f"condition met by {threshold.completed_by.description}")
    return lines


def _rule_literal(steps: tuple[str, ...]) -> str:
    return "[" + ", ".join(f'"{step}"' for step in steps) + "]"


def _causes(inputs: Mapping[int, TimelineEntry], indexes: Iterable[int]
            ) -> tuple[Cause, ...]:
    causes = []
    for index in indexes:
        entry = inputs.get(index)
        if entry is None:
            causes.append(Cause(index, None, None, None, f"event {index}"))
            continue
        bits = [entry.kind]
        if entry.duty:
            bits.append(entry.duty)
        if entry.party:
            bits.append(entry.party)
        bits.append(str(entry.date))
        description = f"event {index} ({', '.join(bits)})"
        if entry.detail:
            description += f": {entry.detail}"
        causes.append(Cause(index, entry.date, entry.kind, entry.party, description))
    return tuple(causes)


def _replay(rule: DateRule, start: pendulum.Date, month_end: MonthEnd) -> list[ArithmeticStep]:
    steps = []
    current = start
    for step in rule.steps:
        adjusted = step.apply(current, month_end)
        steps.append(ArithmeticStep(current, str(step), adjusted.date, adjusted.note))
        current = adjusted.date
    return steps


def _explain_entry(
    entry: TimelineEntry, inputs: Mapping[int, TimelineEntry], treaty: Treaty | None
) -> DateExplanation:
    causes = _causes(inputs, entry.caused_by)
    basis = entry.basis
    base = DateExplanation(
        date=entry.date, kind=entry.kind, party=entry.party, duty=entry.duty,
        source=entry.source, status=entry.status, cites=entry.cites, clause=None, rule=None,
        text=None, caused_by=causes, detail=entry.detail,
    )
    if treaty is None or basis is None:
        return base
    arithmetic = basis.arithmetic
    changes: dict[str, Any] = {
        "clause": basis.clause, "text": basis.text,
        # The account of a rule of several steps writes them in one line, which the
        # step-by-step arithmetic does not repeat.
        "plain": basis.premise is None and not basis.adjustments
        and arithmetic is not None and len(arithmetic.rule.steps) <= 1,
    }
    if basis.terms is not None:
        changes["rule"] = basis.terms
    if entry.kind == "entry-into-force":
        changes["threshold"] = threshold(treaty.entry_into_force, treaty, causes)
    if arithmetic is not None:
        steps = _replay(arithmetic.rule, arithmetic.start, treaty.month_end)
        changes.setdefault("rule", tuple(arithmetic.rule.as_strings()))
        changes["start"] = arithmetic.start
        changes["steps"] = tuple(steps)
        bare = steps[-1].result if steps else arithmetic.start
        if bare != entry.date:
            changes["adjusted"] = f"the engine dates it {entry.date} (see why)"
    return attrs.evolve(base, **changes)


def _with_notice_from(item: DateExplanation, outcome: Outcome) -> DateExplanation:
    """A State's entry into force that stands, with the first day it may give notice
    of withdrawal (SPEC §8.8)."""
    if item.kind != "entry-into-force-for-party" or item.status != "occurred":
        return item
    record = outcome.parties.get(item.party or "")
    if record is None or record.in_force_from != item.date \
            or record.withdrawal_notice_from is None:
        return item
    return attrs.evolve(item, withdrawal_notice_from=record.withdrawal_notice_from)


def explain(outcome: Outcome, treaty: Treaty | None = None) -> Explanation:
    """Explain every derived date of ``outcome``.

    With the ``treaty`` the outcome came from, each date also gets its clause, the
    clause's ``text``, the date rule replayed step by step and, for the treaty's entry
    into force, the instruments that completed the threshold. Without it, the
    explanation holds what the outcome itself recorded (cites, causes, arithmetic).
    """
    inputs = {entry.event: entry for entry in outcome.timeline if entry.event is not None}
    dates = tuple(
        _with_notice_from(_explain_entry(entry, inputs, treaty), outcome)
        for entry in outcome.timeline if entry.source != "input"
    )
    return Explanation(
        treaty=outcome.treaty, as_of=outcome.as_of,
        month_end=treaty.month_end if treaty is not None else None, dates=dates,
    )
