"""``scenarios()``: valid event sequences, or ones whose last event must be refused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, overload

from hypothesis import strategies as st

from .._model.clauses import (
    Treaty,
)
from .._scenario import Scenario
from ._builder import _valid_scenario
from ._reach import Milestone, allowed, check_names
from ._refusals import INVALID_RULES, InvalidRule, InvalidScenario, _invalid_scenario
from ._treaties import treaties


@overload
def scenarios(
    treaty: Treaty | st.SearchStrategy[Treaty] | None = ..., *, valid: Literal[True] = ...,
    min_events: int = ..., max_events: int | None = ..., rules: Sequence[InvalidRule] | None = ...,
    reaching: Milestone | Sequence[Milestone] | None = ...,
) -> st.SearchStrategy[Scenario]: ...


@overload
def scenarios(
    treaty: Treaty | st.SearchStrategy[Treaty] | None = ..., *, valid: Literal[False],
    min_events: int = ..., max_events: int | None = ..., rules: Sequence[InvalidRule] | None = ...,
    reaching: None = ...,
) -> st.SearchStrategy[InvalidScenario]: ...


def scenarios(
    treaty: Treaty | st.SearchStrategy[Treaty] | None = None, *, valid: bool = True,
    min_events: int = 0, max_events: int | None = None,
    rules: Sequence[InvalidRule] | None = None,
    reaching: Milestone | Sequence[Milestone] | None = None,
) -> st.SearchStrategy[Scenario] | st.SearchStrategy[InvalidScenario]:
    """Event sequences for ``treaty`` (a value or a strategy; default :func:`treaties`).

    ``valid=True``: a :class:`~treatystate.Scenario` the engine accepts in full, with
    ``min_events`` to ``max_events`` events in date order (fewer when the treaty's
    state allows nothing more, e.g. after termination with every duty done). Events
    are proposed from the state the engine reports on the proposed day, biased toward
    the days that matter: the same day, month ends, the last day before a notice takes
    effect, the earliest withdrawal day, the days around a duty's deadline.

    ``max_events`` follows the treaty by default: room for the consents its
    entry-into-force condition counts, the withdrawals that would terminate it, its
    protocols' consents, and a margin (at least 16). Each scenario steers toward one
    milestone of :data:`MILESTONES` the treaty allows (or none): entry into force, a
    late consent, a revoked consent, a withdrawal, its taking effect, its revocation,
    its postponement by an armed conflict, termination, a protocol in force, a
    provisional application, a late or overdue duty. So a false law "X never happens"
    fails within the default 100 examples. ``reaching`` asks for scenarios that reach
    the milestone (or every one of several) named: ``reaching="terminated"``; a treaty
    you give must allow them (``ValueError`` otherwise). Hypothesis's statistics
    (``pytest --hypothesis-show-statistics``) count the milestones reached.

    ``valid=False``: an :class:`InvalidScenario`: a valid prefix of up to
    ``max_events`` events, then one event that must be refused, labelled with the rule
    it breaks (one of ``rules``, default :data:`INVALID_RULES`) and the citation the
    refusal must carry. The rule is drawn first; with the default treaties, the treaty
    is then adapted so that it can be broken (e.g. ``revocable = false`` for
    ``revocation-not-allowed``); a treaty you give is used as it is, and a rule it
    cannot break is skipped. The rules of the added clauses (:data:`ADDED_CLAUSE_RULES`)
    are broken, with the default treaties, on ``treaties(added_clauses=True)`` given the
    clause the rule needs (e.g. ``[provisional_application]``); where the prefix lacks
    what a rule needs (a conflict going on, a provisional application running, a first
    protocol consent), a valid event supplying it joins the prefix first. Timestamps
    without an offset and unknown keys or event types are refused by the loader, before
    any ``Scenario`` exists, so they are not here.

    With ``valid=True`` the added event types (``armed-conflict-start``/``-end``,
    ``provisional-application``/``-end``, ``protocol-consent``) are proposed only on a
    treaty whose clauses allow them, so scenarios of SPEC §2 treaties draw exactly as
    before.

    >>> from hypothesis import HealthCheck, given, settings
    >>> from treatystate import testing
    >>> quick = settings(max_examples=10, database=None, deadline=None,
    ...                  suppress_health_check=list(HealthCheck))
    >>> @quick
    ... @given(testing.scenarios())
    ... def test_a_valid_scenario_runs(scenario):
    ...     scenario.run()
    >>> test_a_valid_scenario_runs()
    """
    if valid:
        aims: tuple[Milestone, ...] = ()
        if reaching is not None:
            aims = check_names((reaching,) if isinstance(reaching, str) else reaching)
            if isinstance(treaty, Treaty):
                impossible = [aim for aim in aims if aim not in allowed(treaty)]
                if impossible:
                    raise ValueError(f"treaty {treaty.id!r} cannot reach {impossible}: "
                                     f"its clauses allow {', '.join(allowed(treaty))}")
        return _valid_scenario(treaties() if treaty is None else treaty, min_events,
                               max_events, aims)
    if reaching is not None:
        raise ValueError("reaching applies to valid scenarios only")
    wanted = tuple(rules) if rules is not None else INVALID_RULES
    unknown = [name for name in wanted if name not in INVALID_RULES]
    if unknown or not wanted:
        raise ValueError(f"unknown rules {unknown}; choose from {', '.join(INVALID_RULES)}")
    return _invalid_scenario(treaty, max_events, wanted)
