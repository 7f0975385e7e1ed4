"""Amending protocols: their own consents and their own entry into force.

Seed treaty (China–Central Asia, 2025) art. 13: "With the consent of all Parties through
consultation, amendments and supplements to this Treaty may be made in the form of
separate protocols, which shall constitute an integral part of this Treaty."

VCLT art. 40: "3. Every State entitled to become a party to the treaty shall also be
entitled to become a party to the treaty as amended. 4. The amending agreement does not
bind any State already a party to the treaty which does not become a party to the
amending agreement".

While the treaty is in force, a protocol's condition is met when every State for
which the treaty is in force has consented (``when = "all"``), or N States bound by
the treaty have; it then enters into force by its own date rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from .._dates.periods import quote
from .._engine.state import Scheduled
from .._model.basis import Basis
from .._model.clauses import AllParties, Instruments, Treaty
from .._model.events import Event
from .rule import EventKind, Problem, Rule

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE", "check_protocols"]

VCLT_AMENDMENT = "VCLT art. 40"
_CONSENTED = ("contracting", "party", "withdrawing")


def consent_to_protocol(run: Run, event: Event) -> None:
    """Consent to an amending protocol: only a State that has consented to the treaty
    may give it (VCLT art. 40(3)-(4))."""
    party = run.party_of(event)
    protocol = run.treaty.protocol(event.protocol or "")
    if protocol is None or run.protocols is None:
        problem = _names_a_protocol(event, run.treaty)
        raise (problem or Problem("protocol", "no such protocol")).refusal(run, event)
    cites = protocol.cites or VCLT_AMENDMENT
    if party.state not in _CONSENTED:
        raise run.refuse(
            event, "protocols.not-consented-to-treaty",
            f"{party.code} is {party.state}: only a State that has consented to the "
            f"treaty may consent to its protocol '{protocol.id}'", cites,
        )
    consents = run.protocols.consents[protocol.id]
    if party.code in consents:
        raise run.refuse(
            event, "protocols.twice",
            f"{party.code} already consented to protocol '{protocol.id}' on "
            f"{consents[party.code][0]}", cites,
        )
    run.fire_treaty("notice")
    consents[party.code] = (event.date, event.index)
    run.record_input(event, f"{party.code} consents to protocol '{protocol.id}'", cites)
    check_protocols(run, event.date)


def check_protocols(run: Run, today: pendulum.Date) -> None:
    """Schedule each protocol whose condition is now met (see the module docstring)."""
    state = run.protocols
    if state is None or run.entered is None or run.terminated is not None:
        return
    # The States entering into force today count as bound: at the treaty's entry into
    # force, the parties it binds enter right after it, and their consents to a
    # protocol given before then are those that bring the protocol into force.
    bound = [code for code, party in run.parties.items() if code in run.bound or (
        party.pending_entry is not None and party.pending_entry.date == today)]
    for protocol in run.treaty.protocols:
        if protocol.id in state.entries:
            continue
        consents = state.consents[protocol.id]
        condition = protocol.condition
        if isinstance(condition, AllParties):
            met = bool(bound) and all(code in consents for code in bound)
            counted = [consents[code][1] for code in bound if code in consents]
            described = "every party's consent"
        elif isinstance(condition, Instruments):
            counted = [index for code, (_, index) in consents.items()
                       if run.parties[code].state in _CONSENTED]
            met = len(counted) >= condition.count
            described = condition.describe()
        else:
            continue
        if not met:
            continue
        cites = protocol.cites or VCLT_AMENDMENT
        adjusted = run.compute(protocol.date, today,
                               f"protocol '{protocol.id}' entry into force", cites)
        clause = f"protocols.{protocol.id}.date"
        state.met[protocol.id] = today
        state.entries[protocol.id] = run.schedule(
            adjusted.date, "protocol-entry-into-force", None, tuple(sorted(counted)), Basis(
                "protocols", cites, clause, protocol.text, f"{described} met on {today}",
                run.plan.arithmetic(clause, protocol.date, today, adjusted),
                subject=f"protocol '{protocol.id}'",
            ), _enters_into_force,
        )


def _enters_into_force(run: Run, item: Scheduled) -> None:
    assert run.protocols is not None  # only a treaty with protocols schedules one
    for protocol_id, entry in run.protocols.entries.items():
        if entry is item:
            run.protocols.entered[protocol_id] = item.date


def _names_a_protocol(event: Event, treaty: Treaty) -> Problem | None:
    if not isinstance(event.protocol, str) or treaty.protocol(event.protocol) is None:
        known = ", ".join(p.id for p in treaty.protocols) or "none"
        return Problem("protocol", f"{quote(event.protocol)} is not a protocol of treaty "
                                   f"'{treaty.id}' (its [[protocols]]: {known})")
    return None


RULE = Rule(
    name="protocols",
    events={"protocol-consent": EventKind(consent_to_protocol,
                                          frozenset({"party", "protocol"}),
                                          needs=_names_a_protocol)},
    refusals={
        "protocols.not-consented-to-treaty":
            "a protocol consent of a State that has not consented to the treaty",
        "protocols.twice": "a second consent to the same protocol",
    },
)
