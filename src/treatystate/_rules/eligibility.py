"""Eligible States: a treaty open only to the States of a list.

VCLT art. 15: "The consent of a State to be bound by a treaty is expressed by accession
when: (a) the treaty provides that such consent may be expressed by that State by
means of accession". Art. 12 likewise for signature, where the treaty so provides.

A treaty "open for signature by the States listed in Annex 1, and for accession by
them" (SPEC §8.3) writes the list as ``[participation] eligible``, a ``[groups]`` name
or a list of codes. Only those States may sign, consent or notify their succession;
any other State's event is refused, citing ``[participation] cites``. The check is a
gate: it runs before the event's own rule, for every event that names a State.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._model.clauses import Treaty
from .._model.events import Event
from .rule import Gate, Rule

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE"]

# The events by which a State joins a treaty or takes part in its making.
_JOINING = frozenset({"signature", "consent", "succession"})


def _gate(treaty: Treaty) -> Gate | None:
    eligible = treaty.participation.eligible
    if eligible is None:
        return None
    members = frozenset(eligible)
    group = treaty.participation.eligible_group
    cites = treaty.participation.cites or "VCLT arts. 12, 15"
    named = (f"the group '{group}'" if group is not None
             else ", ".join(eligible[:8]) + (" ..." if len(eligible) > 8 else ""))

    def admit(run: Run, event: Event) -> None:
        if event.type not in _JOINING:
            return
        for code in (event.party,) if event.party is not None else event.parties:
            if code not in members:
                raise run.refuse(
                    event, "eligibility.not-eligible",
                    f"{code} is not among the States eligible to join this treaty "
                    f"([participation] eligible: {named})", cites,
                )
    return admit


RULE = Rule(
    name="eligibility",
    gate=_gate,
    refusals={"eligibility.not-eligible":
              "a signature, consent or succession of a State that may not join"},
)
