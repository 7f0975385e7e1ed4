"""What a run reads from its treaty, read once per treaty and shared by all its runs.

The plan binds the rules (``_rules/``) to the treaty: the handler of each event type,
the checks every input event passes (gates), the exceptions that qualify a rule for
this treaty (e.g. Ottawa art. 20(3) on a withdrawal), the duties each trigger starts,
the weight table of the entry-into-force condition, and each date rule's steps as the
accounts write them (``+P12M``).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import NamedTuple

import pendulum

from .._dates.periods import AddPeriod, Adjusted, DateRule, MonthEnd
from .._model.basis import Arithmetic, Basis
from .._model.clauses import AllParties, Duty, Instruments, Treaty
from .._model.records import TreatyRef
from .._rules import RULES
from .._rules.rule import Gate, Handler, Listener, RuleException

__all__ = ["DutyPlan", "Plan", "plan_of"]

VCLT_ENTRY = "VCLT art. 24"


class DutyPlan(NamedTuple):
    """A duty as the engine reads it: its deadline rule, cites, and how its basis
    names it (the clause key, the account's subject, the rule as written)."""

    duty: Duty
    within: DateRule | None
    cites: str
    clause: str
    subject: str
    terms: tuple[str, ...]


class Plan:
    """A treaty as the engine reads it (see the module docstring)."""

    __slots__ = (
        "accession_opens",
        "all_parties",
        "appliers",
        "closed",
        "duties_after",
        "duty_by_id",
        "eif_cites",
        "eif_condition",
        "exceptions",
        "forward",
        "gates",
        "handlers",
        "listeners",
        "provisional_until",
        "ref",
        "rules",
        "steps",
        "weights",
        "with_the_treaty",
    )

    def __init__(self, treaty: Treaty) -> None:
        self.handlers: dict[str, Handler] = {
            kind: event.handler for rule in RULES for kind, event in rule.events.items()
        }
        gates = [rule.gate(treaty) for rule in RULES if rule.gate is not None]
        self.gates: tuple[Gate, ...] = tuple(gate for gate in gates if gate is not None)
        exceptions: dict[str, list[RuleException]] = {}
        for rule in RULES:
            for qualified, exception in rule.exceptions.items():
                if exception.applies(treaty):
                    exceptions.setdefault(qualified, []).append(exception)
        self.exceptions = {name: tuple(found) for name, found in exceptions.items()}
        listeners: dict[str, list[Listener]] = {}
        for rule in RULES:
            for kind, listen in rule.listeners.items():
                listener = listen(treaty)
                if listener is not None:
                    listeners.setdefault(kind, []).append(listener)
        self.listeners = {kind: tuple(found) for kind, found in listeners.items()}
        self.closed = treaty.closed
        condition = treaty.entry_into_force.condition
        self.eif_cites = treaty.entry_into_force.cites or VCLT_ENTRY
        self.eif_condition = condition.describe()
        self.all_parties = isinstance(condition, AllParties)
        self.accession_opens = treaty.participation.accession_opens
        # The basis of every State's entry into force on the treaty's own day.
        self.with_the_treaty = Basis("entry_into_force", self.eif_cites, "entry_into_force",
                                     treaty.entry_into_force.text, "with the treaty")
        clause = treaty.provisional_application
        self.provisional_until = None if clause is None else clause.until
        # Frozen, so every outcome of the treaty may share it.
        self.ref = TreatyRef(treaty.id, treaty.title)
        # The first duty of each id, as Treaty.duty() finds it.
        self.duty_by_id: dict[str, Duty] = {}
        for duty in reversed(treaty.duties):
            self.duty_by_id[duty.id] = duty
        self.weights: Mapping[str, Fraction] = (
            treaty.weights.get(condition.weight, {})
            if isinstance(condition, Instruments) and condition.weight is not None else {}
        )
        duties_after: dict[str, list[DutyPlan]] = {}
        for duty in treaty.duties:
            within = None if duty.within is None else DateRule((AddPeriod(duty.within),))
            duties_after.setdefault(duty.after, []).append(DutyPlan(
                duty, within, duty.cites or "VCLT art. 77", f"duties.{duty.id}.within",
                f"'{duty.id}'", (str(duty.within),),
            ))
        self.duties_after = {after: tuple(duties) for after, duties in duties_after.items()}
        eif = treaty.entry_into_force
        # Held here so that their ids, the keys of ``steps``, stay theirs.
        self.rules = (
            eif.date, eif.later_rule, treaty.withdrawal.effective,
            *(duty.within for duties in self.duties_after.values() for duty in duties
              if duty.within is not None),
            *(protocol.date for protocol in treaty.protocols),
        )
        # The rules that must never land before their start (SPEC §8.7), by id, with
        # the treaty file's key and what they count from.
        self.forward: dict[int, tuple[str, str]] = {
            id(rule): (key, start) for key, start, rule in (
                ("withdrawal.effective", "the day the notice was received",
                 treaty.withdrawal.effective),
                ("withdrawal.earliest", "the day the treaty entered into force",
                 treaty.withdrawal.earliest),
                ("entry_into_force.later", "the day the consent was received", eif.later),
                ("entry_into_force.date", "the day the condition was met", eif.date),
                *((f"protocols.{p.id}.date", "the day the protocol's condition was met",
                   p.date) for p in treaty.protocols),
            ) if rule is not None and rule.steps
        }
        self.steps = {id(rule): " ".join([str(step) for step in rule.steps])
                      for rule in self.rules if rule.steps}
        # A rule of one step is that step, and a rule of none the day itself: applied
        # directly (a run only ever starts a rule from a pendulum.Date).
        self.appliers: dict[int, Callable[[pendulum.Date, MonthEnd], Adjusted]] = {
            id(rule): rule.steps[0].apply if rule.steps else _same_day
            for rule in self.rules if len(rule.steps) <= 1
        }

    def arithmetic(self, clause: str, rule: DateRule, start: pendulum.Date,
                   adjusted: Adjusted, noted: bool = True) -> Arithmetic:
        """The basis's account of ``rule`` applied to ``start``."""
        steps = self.steps.get(id(rule))
        if steps is None:
            steps = " ".join([str(step) for step in rule.steps])
        return Arithmetic(clause, rule, start, steps, adjusted.date, adjusted.note, noted)


def _same_day(start: pendulum.Date, month_end: MonthEnd) -> Adjusted:
    """What ``DateRule(()).apply`` returns: the day itself, unadjusted."""
    return Adjusted(start, None)


# Plans by treaty identity (a treaty's hash would hash all its clauses): an entry
# leaves when its treaty is collected, before its id can be reused.
_PLANS: dict[int, tuple[weakref.ref[Treaty], Plan]] = {}


def plan_of(treaty: Treaty) -> Plan:
    key = id(treaty)
    found = _PLANS.get(key)
    if found is not None and found[0]() is treaty:
        return found[1]
    plan = Plan(treaty)
    _PLANS[key] = (weakref.ref(treaty, lambda _: _PLANS.pop(key, None)), plan)
    return plan
