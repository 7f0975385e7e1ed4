"""The lifecycle, declared once: which event may happen in which state.

Two shared ``transitions`` machines, built at import with ``model=None``: one for the
treaty (``adopted → signed → in-force → terminated``) and one for each State's
relation to it, in the VCLT art. 2(1)(f)-(g) vocabulary of SPEC §5. Models are the
engine's small mutable records; an event is fired with
``machine.events[name].trigger(model)`` (the pattern transitions' FAQ recommends for
many models), so no Machine is built per scenario or per party.

This module is the single source of truth for *state* legality. The date rules
(notice periods, earliest withdrawal, revocation before effect) live in the engine,
next to the clause they apply, and are checked before the machine is asked.
"""

from __future__ import annotations

from typing import Literal, Protocol, TypeAlias

from transitions import Machine, MachineError

from ._transition_table import TransitionTable

__all__ = [
    "PARTY_MACHINE",
    "PARTY_STATES",
    "PARTY_UNCONDITIONAL",
    "TREATY_MACHINE",
    "TREATY_STATES",
    "TREATY_UNCONDITIONAL",
    "PartyState",
    "TreatyState",
    "fire",
    "fire_through_machine",
    "permitted",
]

TreatyState: TypeAlias = Literal["adopted", "signed", "in-force", "terminated"]
TREATY_STATES: tuple[TreatyState, ...] = ("adopted", "signed", "in-force", "terminated")

PartyState: TypeAlias = Literal[
    "negotiating", "signatory", "contracting", "party", "withdrawing", "withdrawn", "terminated"
]
PARTY_STATES: tuple[PartyState, ...] = (
    "negotiating",
    "signatory",
    "contracting",
    "party",
    "withdrawing",
    "withdrawn",
    "terminated",
)


class Stateful(Protocol):
    state: str


_TREATY_TRANSITIONS: list[dict[str, object]] = [
    # An act of signature or consent moves an adopted text to "signed" (VCLT arts. 10-16);
    # it is allowed while the treaty lives, never after it terminated.
    {"trigger": "sign", "source": "adopted", "dest": "signed"},
    {"trigger": "sign", "source": ["signed", "in-force"], "dest": "="},
    {"trigger": "consent", "source": "adopted", "dest": "signed"},
    {"trigger": "consent", "source": ["signed", "in-force"], "dest": "="},
    # Notices (withdrawals, revocations) are received while the treaty lives.
    {"trigger": "notice", "source": ["signed", "in-force"], "dest": "="},
    # The depositary's functions outlive the treaty (VCLT art. 77): duties always.
    {"trigger": "perform_duty", "source": list(TREATY_STATES), "dest": "="},
    {"trigger": "enter_into_force", "source": "signed", "dest": "in-force"},
    {"trigger": "terminate", "source": "in-force", "dest": "terminated"},
]

_PARTY_TRANSITIONS: list[dict[str, object]] = [
    {"trigger": "sign", "source": "negotiating", "dest": "signatory"},
    {"trigger": "consent", "source": "signatory", "dest": "contracting"},
    # Accession without signature: only a treaty open to any State allows it.
    {"trigger": "consent", "source": "negotiating", "dest": "contracting",
     "conditions": "may_accede"},
    # A State whose withdrawal took effect may consent again (e.g. USA, Paris 2021).
    {"trigger": "consent", "source": "withdrawn", "dest": "contracting"},
    {"trigger": "revoke_consent", "source": "contracting", "dest": "signatory",
     "conditions": "has_signed"},
    {"trigger": "revoke_consent", "source": "contracting", "dest": "negotiating",
     "unless": "has_signed"},
    {"trigger": "enter_into_force", "source": "contracting", "dest": "party"},
    {"trigger": "withdraw", "source": "party", "dest": "withdrawing"},
    {"trigger": "revoke_withdrawal", "source": "withdrawing", "dest": "party"},
    # A pending withdrawal's period extended by a later decision (TEU art. 50(3)).
    {"trigger": "extend_withdrawal", "source": "withdrawing", "dest": "="},
    {"trigger": "withdrawal_takes_effect", "source": "withdrawing", "dest": "withdrawn"},
    {"trigger": "terminate", "source": ["party", "withdrawing"], "dest": "terminated"},
]

TREATY_MACHINE = Machine(
    model=None,
    states=list(TREATY_STATES),
    transitions=_TREATY_TRANSITIONS,
    initial="adopted",
    auto_transitions=False,
    ignore_invalid_triggers=False,
)
PARTY_MACHINE = Machine(
    model=None,
    states=list(PARTY_STATES),
    transitions=_PARTY_TRANSITIONS,
    initial="negotiating",
    auto_transitions=False,
    ignore_invalid_triggers=False,
)


# The fast path: both machines read once into a lookup table (transition_table.py);
# tests/test_fast_paths.py proves ``fire`` equal to ``fire_through_machine``.
_TABLE = TransitionTable.derive(TREATY_MACHINE, PARTY_MACHINE)


# ``(trigger, state) → destination`` of the party machine's transitions that need no
# condition: the engine's hottest path moves a State with one lookup. Read from the
# table, so from the machine; tests/test_fast_paths.py runs the engine with it empty
# (every firing through the machine itself) and compares the outcomes.
PARTY_UNCONDITIONAL: dict[tuple[str, str], str] = {
    (trigger, state): dest
    for (machine, trigger, state), dest in _TABLE.unconditional.items()
    if machine is PARTY_MACHINE
}
# The same for the treaty machine: most treaty firings (a consent, a signature, a
# notice while the treaty lives) keep its state, and the engine checks them with one
# lookup. tests/test_fast_paths.py runs the engine with this one empty too.
TREATY_UNCONDITIONAL: dict[tuple[str, str], str] = {
    (trigger, state): dest
    for (machine, trigger, state), dest in _TABLE.unconditional.items()
    if machine is TREATY_MACHINE
}


def permitted(machine: Machine, trigger: str, state: str) -> bool:
    """Whether ``trigger`` has a transition from ``state`` (conditions not evaluated)."""
    event = machine.events.get(trigger)
    return event is not None and state in event.transitions


# ``fire(machine, trigger, model)``: fire ``trigger`` on ``model``; ``False``, and no
# change, when the state or a condition forbids it. Decided by the table derived from
# the machines at import, which makes the same decision as the machine itself; a bound
# method, so that firing costs one call.
fire = _TABLE.fire


def fire_through_machine(machine: Machine, trigger: str, model: Stateful) -> bool:
    """:func:`fire`, asking the ``transitions`` machine itself (the reference path)."""
    if not permitted(machine, trigger, model.state):
        return False
    try:
        return bool(machine.events[trigger].trigger(model))
    except MachineError:
        return False
