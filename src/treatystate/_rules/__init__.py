"""The rules of the final clauses, one module per clause kind, each opening with the
legal text it implements (docs/architecture.md).

Every module ends with its ``RULE`` (see ``rule.py``); this list is the only place
that names them all. Adding a clause kind is adding a module, its tests and one line
here.
"""

from __future__ import annotations

from . import (
    armed_conflict,
    consent,
    duties,
    eligibility,
    entry_into_force,
    notice_window,
    participation,
    protocols,
    provisional_application,
    qualified_threshold,
    succession,
    term,
    term_expiry,
    termination,
    withdrawal,
    withdrawal_extension,
)
from .rule import EventKind, Rule

__all__ = ["EVENT_KINDS", "RULES"]

RULES: tuple[Rule, ...] = (
    termination.RULE,
    participation.RULE,
    eligibility.RULE,
    consent.RULE,
    entry_into_force.RULE,
    withdrawal.RULE,
    withdrawal_extension.RULE,
    notice_window.RULE,
    term.RULE,
    term_expiry.RULE,
    succession.RULE,
    armed_conflict.RULE,
    provisional_application.RULE,
    protocols.RULE,
    qualified_threshold.RULE,
    duties.RULE,
)

# Each input event type, as the rule that handles it declares it.
EVENT_KINDS: dict[str, EventKind] = {
    kind: event for rule in RULES for kind, event in rule.events.items()
}
