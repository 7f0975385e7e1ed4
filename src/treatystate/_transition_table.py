"""The engine's fast path through a ``transitions`` machine: a table derived from it.

Firing a trigger through ``transitions`` builds an ``EventData``, resolves callbacks
and logs at every step: about 7 µs, sixty times a dict lookup, and the engine fires
a few per event. :class:`TransitionTable` reads each machine *once* (at import, in
``lifecycle.py``) into ``(machine, trigger, state) → [(dest, conditions)]`` and
replays the same decision with one lookup: the first transition, in declaration
order, whose conditions all hold moves the model to its destination.

The machine stays the single source of truth: the table copies nothing by hand, and
:meth:`TransitionTable.derive` refuses a machine that uses a feature the table does
not replay (callbacks, ``send_event``, non-string conditions), so a change to the
machine either flows into the table or fails at import.
``tests/test_fast_paths.py`` proves the two equal over random event sequences.
"""

from __future__ import annotations

from typing import Any, Protocol

from transitions import Machine

__all__ = ["TransitionTable", "UnsupportedMachine"]


class Stateful(Protocol):
    state: str


class UnsupportedMachine(TypeError):
    """The machine uses a feature the table would silently skip."""


Candidate = tuple[str, tuple[tuple[str, bool], ...]]
"""A transition as the table replays it: destination, and (condition, expected) pairs."""

_MACHINE_CALLBACKS = (
    "prepare_event",
    "before_state_change",
    "after_state_change",
    "finalize_event",
    "on_exception",
    "on_final",
)


class TransitionTable:
    """``(machine, trigger, state) → candidates``, read once from each machine.

    One table serves several machines, so firing is a single lookup and a single call.
    """

    __slots__ = ("candidates", "machines", "unconditional")

    def __init__(self) -> None:
        self.candidates: dict[tuple[Machine, str, str], tuple[Candidate, ...]] = {}
        # The destination of each key whose first transition has no condition: that
        # one always wins, so firing it needs no loop (most of the engine's firings).
        self.unconditional: dict[tuple[Machine, str, str], str] = {}
        self.machines: set[Machine] = set()

    @classmethod
    def derive(cls, *machines: Machine) -> TransitionTable:
        """A table of ``machines``' transitions; raise :class:`UnsupportedMachine` for
        any feature whose effect the table would not reproduce."""
        table = cls()
        for machine in machines:
            table.add(machine)
        return table

    def add(self, machine: Machine) -> None:
        """Read ``machine``'s transitions into the table."""
        _refuse_unsupported(machine)
        for trigger, event in machine.events.items():
            for source, transitions in event.transitions.items():
                candidates = tuple(_candidate(trigger, transition) for transition in transitions)
                self.candidates[(machine, trigger, source)] = candidates
                if candidates and not candidates[0][1]:
                    self.unconditional[(machine, trigger, source)] = candidates[0][0]
        self.machines.add(machine)

    def permitted(self, machine: Machine, trigger: str, state: str) -> bool:
        """Whether ``trigger`` has a transition from ``state`` (conditions not evaluated)."""
        return (machine, trigger, state) in self.candidates

    def fire(self, machine: Machine, trigger: str, model: Stateful) -> bool:
        """Move ``model`` as ``machine`` would; ``False`` (and no change) when no
        transition from its state has all its conditions met. A machine the table has
        not read yet is read on first use."""
        key = (machine, trigger, model.state)
        dest = self.unconditional.get(key)
        if dest is not None:
            model.state = dest
            return True
        candidates = self.candidates.get(key)
        if candidates is None:
            if machine in self.machines:
                return False
            self.add(machine)
            return self.fire(machine, trigger, model)
        for dest, conditions in candidates:
            for name, expected in conditions:
                # transitions compares with ==, so a condition returning 1 passes as True.
                if getattr(model, name)() != expected:
                    break
            else:
                model.state = dest
                return True
        return False


def _refuse_unsupported(machine: Machine) -> None:
    if machine.model_attribute != "state":
        raise UnsupportedMachine(
            f"the table sets `state`; this machine uses {machine.model_attribute!r}"
        )
    if machine.send_event:
        raise UnsupportedMachine("the table calls conditions without EventData (send_event)")
    for name in _MACHINE_CALLBACKS:
        if getattr(machine, name):
            raise UnsupportedMachine(f"the table does not run the machine's {name} callbacks")
    for state in machine.states.values():
        if state.on_enter or state.on_exit or state.final:
            raise UnsupportedMachine(
                f"the table does not run state {state.name!r}'s enter/exit/final callbacks"
            )
        if state.value != state.name:
            raise UnsupportedMachine(f"state {state.name!r} is not a plain string state")


def _candidate(trigger: str, transition: Any) -> Candidate:
    if transition.prepare or transition.before or transition.after:
        raise UnsupportedMachine(
            f"the table does not run the callbacks of {trigger!r} from {transition.source!r}"
        )
    conditions: list[tuple[str, bool]] = []
    for condition in transition.conditions:
        if not isinstance(condition.func, str):
            raise UnsupportedMachine(
                f"condition {condition.func!r} of {trigger!r} is not a model method name"
            )
        conditions.append((condition.func, bool(condition.target)))
    # ``dest=None`` is an internal transition: the state stays the same.
    dest = transition.source if transition.dest is None else transition.dest
    return dest, tuple(conditions)
