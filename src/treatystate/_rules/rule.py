"""How a rule module registers with the engine (docs/architecture.md, "adding a
clause kind").

Each module of ``_rules/`` ends with one ``RULE = Rule(...)``: the input event types it
handles (with the keys each takes and what each needs of the treaty), the checks it
puts on every input event (a gate), the exceptions by which it qualifies another
rule, and the labels of its refusals. ``_rules/__init__.py`` lists the modules once;
the plan (``_engine/plan.py``) binds them to a treaty, the validation of events and
the list of possible events read them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeAlias

import attrs

from .._model.clauses import Treaty
from .._model.events import Event
from ..errors import RefusedEvent

if TYPE_CHECKING:
    from .._engine.run import Run
    from .._engine.state import Party, Scheduled

__all__ = ["EventKind", "Gate", "Handler", "Listener", "Problem", "Rule", "RuleException"]

Handler: TypeAlias = "Callable[[Run, Event], None]"
# What a rule does when another rule's derived event occurs (e.g. a fixed term starts
# running when the treaty enters into force), bound per treaty.
Listener: TypeAlias = "Callable[[Run, Scheduled], None]"
# A check every input event passes (refusing it by raising), bound per treaty.
Gate: TypeAlias = "Callable[[Run, Event], None]"


@attrs.frozen
class Problem:
    """What makes an event unusable with a treaty: the event's key at fault and why."""

    key: str
    message: str

    def refusal(self, run: Run, event: Event) -> RefusedEvent:
        """The event refused for this problem, should it reach the run unvalidated (a
        handler's guard: the validation normally refuses it first)."""
        return run.refuse(event, f"validation.{self.key}", self.message, "SPEC §3")


@attrs.frozen
class EventKind:
    """An input event type as a rule handles it.

    ``keys`` are the keys it takes in a scenario file besides ``type`` and ``date``;
    ``party`` whether it needs one; ``trigger`` the party machine's trigger it fires
    (``None``: it moves no State); ``needs`` what it needs of the treaty (a clause, a
    duty or protocol it names), as a :class:`Problem` when missing.
    """

    handler: Handler
    keys: frozenset[str]
    party: bool = True
    trigger: str | None = None
    needs: Callable[[Event, Treaty], Problem | None] | None = None


@attrs.frozen
class RuleException:
    """An exception to another rule (Catala style: it lives beside that rule, not in
    it). ``applies`` says whether the treaty has it; ``hook`` is asked at the point the
    qualified rule names, and returns ``True`` when it took over."""

    applies: Callable[[Treaty], bool]
    hook: Callable[[Run, Party, Scheduled], bool]


@attrs.frozen
class Rule:
    """One clause kind as the engine knows it (see the module docstring).

    ``refusals`` maps each refusal's stable label (``withdrawal.before-earliest``) to
    what it refuses, in a few words; a refusal is raised with :func:`refuse` under one
    of these labels.
    """

    name: str
    events: Mapping[str, EventKind] = attrs.field(factory=dict)
    gate: Callable[[Treaty], Gate | None] | None = None
    exceptions: Mapping[str, RuleException] = attrs.field(factory=dict)
    refusals: Mapping[str, str] = attrs.field(factory=dict)
    # Per derived event kind (``entry-into-force``): given the treaty, what to do once
    # that event occurred, or ``None`` when the treaty has nothing to do then.
    listeners: Mapping[str, Callable[[Treaty], Listener | None]] = attrs.field(factory=dict)
