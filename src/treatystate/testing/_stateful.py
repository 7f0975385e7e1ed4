"""``TreatyLifecycle``: a random walk through a treaty's life, to subclass with invariants."""

from __future__ import annotations

import pendulum
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from .._model.clauses import (
    Treaty,
)
from .._model.events import Event
from .._model.outcome import Outcome
from .._scenario import Scenario
from ..errors import TreatyStateError
from ._builder import _Builder, _gap, _start
from ._treaties import treaties

# -------------------------------------------------------------------- state machine


@st.composite
def _proposals(draw: st.DrawFn, builder: _Builder) -> Event | None:
    return builder.propose(draw, tried=False)


class TreatyLifecycle(RuleBasedStateMachine):
    """A random walk through a random treaty's life; subclass it with your invariants.

    Each step either proposes an event the current state allows (a kind the lifecycle
    machine allows; a rule may still refuse it, e.g. a withdrawal before ``earliest``)
    or lets time pass (``wait``, the
    always-available rule, so a terminated treaty never stops the run with "no
    progress"). Accepted events join ``self.events``; a refused one is kept in
    ``self.refused`` and changes nothing. Available to invariants:

    * ``self.treaty``, ``self.events`` (accepted, in date order), ``self.today``;
    * ``self.scenario``: the accepted events as a :class:`~treatystate.Scenario`;
    * ``self.outcome``: ``self.scenario.run(as_of=self.today)`` (``None`` before the
      first event);
    * ``self.refused``: the last refused ``(event, error)``, or ``None``.

    Override :meth:`treaty_strategy` to explore one treaty or a family::

        class CentralAsia(TreatyLifecycle):
            def treaty_strategy(self):
                return st.just(treatystate.presets.get("china-central-asia-2025"))

            @invariant()
            def at_most_six_parties(self):
                ...

        TestCentralAsia = CentralAsia.TestCase

    Run directly, a few short walks:

    >>> from hypothesis import HealthCheck, settings
    >>> from hypothesis.stateful import run_state_machine_as_test
    >>> from treatystate import testing
    >>> run_state_machine_as_test(testing.TreatyLifecycle, settings=settings(
    ...     max_examples=3, stateful_step_count=5, database=None, deadline=None,
    ...     suppress_health_check=list(HealthCheck)))
    """

    def __init__(self) -> None:
        super().__init__()
        self.treaty: Treaty | None = None
        self.builder: _Builder | None = None
        self.outcome: Outcome | None = None
        self.refused: tuple[Event, TreatyStateError] | None = None

    def treaty_strategy(self) -> st.SearchStrategy[Treaty]:
        """The treaties to explore; :func:`treaties` by default."""
        return treaties()

    @property
    def events(self) -> tuple[Event, ...]:
        """The accepted events so far, in date order."""
        return tuple(self.builder.events) if self.builder else ()

    @property
    def today(self) -> pendulum.Date:
        """The day the walk has reached."""
        assert self.builder is not None
        return self.builder.today

    @property
    def scenario(self) -> Scenario:
        """The accepted events as a :class:`~treatystate.Scenario`."""
        assert self.builder is not None
        return self.builder.scenario()

    @initialize(data=st.data())
    def choose_treaty(self, data: st.DataObject) -> None:
        """The first step: draw the treaty and the day its life starts."""
        self.treaty = data.draw(self.treaty_strategy(), label="treaty")
        self.builder = _Builder(self.treaty, data.draw(_start(self.treaty), label="start"))

    def _refresh(self) -> None:
        assert self.builder is not None
        self.outcome = self.builder.state(self.builder.today)

    @rule(data=st.data())
    def event(self, data: st.DataObject) -> None:
        """Propose an event the state allows, and play it."""
        assert self.builder is not None
        # One draw, shown as the event it proposes (not as the choices behind it).
        proposal = data.draw(_proposals(self.builder), label="event")
        if proposal is None:
            return
        before = self.outcome
        if self.builder.accept(proposal):
            self.refused = None
        else:
            try:
                self.builder.scenario((proposal,)).run()
            except TreatyStateError as error:
                self.refused = (proposal, error)
            assert self.builder.state(self.builder.today) == before
        self._refresh()

    @rule(data=st.data())
    def wait(self, data: st.DataObject) -> None:
        """Let time pass (always possible, even after termination)."""
        assert self.builder is not None
        self.builder.today = data.draw(_gap(self.builder.today), label="wait until")
        self._refresh()
