"""Scenarios whose last event must be refused, labelled with the rule it breaks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeAlias, get_args

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from .._dates.periods import (
    AddPeriod,
    DateRule,
    Period,
)
from .._model.clauses import Protocol as AmendingProtocol
from .._model.clauses import (
    ProvisionalApplication,
    Treaty,
)
from .._model.events import Event
from .._scenario import Scenario
from . import _breakers as breakers
from ._breakers import Search
from ._builder import _Builder, _sizes, _start
from ._reach import room
from ._treaties import treaties

# ----------------------------------------------------------------------- scenarios

InvalidRule: TypeAlias = Literal[
    "before-opened-for-signature",
    "before-first-signature",
    "unlisted-state",
    "second-signature",
    "consent-without-signature",
    "second-consent",
    "consent-revocation-after-entry-into-force",
    "consent-revocation-without-consent",
    "withdrawal-not-allowed",
    "withdrawal-not-in-force",
    "second-withdrawal",
    "withdrawal-before-earliest",
    "named-effective-not-allowed",
    "named-effective-too-early",
    "revocation-not-allowed",
    "revocation-on-or-after-effect",
    "revocation-without-notice",
    "after-termination",
    "strict-month-end",
    "duty-not-arisen",
    "duty-already-done",
    # The clauses added to SPEC §2 (docs/treaty-format.md).
    "signature-closed",
    "accession-not-open",
    "armed-conflict-already-started",
    "armed-conflict-not-started",
    "provisional-application-running",
    "provisional-application-in-force",
    "provisional-application-not-running",
    "protocol-consent-without-treaty-consent",
    "second-protocol-consent",
]
#: Every rule :func:`scenarios` can break with ``valid=False``: SPEC §4, then those of
#: the clauses added to SPEC §2 (:data:`ADDED_CLAUSE_RULES`): a signature after
#: ``signature_closes`` and an accession before ``accession_opens`` (participation cites,
#: else VCLT arts. 12, 15); an armed conflict started twice or ended without a start
#: (the withdrawal cites, else VCLT art. 56); a provisional application already running,
#: begun once the treaty is in force (for the State), or ended without one running
#: (VCLT art. 25(1)); a protocol consent from a State not bound by the treaty's consent,
#: or given twice (the protocol's cites, else VCLT art. 40).
INVALID_RULES: tuple[InvalidRule, ...] = get_args(InvalidRule)
#: The rules of the added clauses; with the default treaties, :func:`scenarios` breaks
#: them on ``treaties(added_clauses=True)`` given the clause the rule needs.
ADDED_CLAUSE_RULES: tuple[InvalidRule, ...] = INVALID_RULES[INVALID_RULES.index(
    "signature-closed"):]


@attrs.frozen
class InvalidScenario:
    """A scenario whose event ``bad_index`` (its last) must be refused.

    ``rule`` names the SPEC §4 rule the event breaks; ``cites`` is the citation the
    refusal must carry (``RefusedEvent.rule``): the treaty's own article where it has
    one, else the VCLT article; ``refusal`` the label of the engine's check that
    refuses it (``RefusedEvent.refusal``, e.g. ``"withdrawal.before-earliest"``).
    Every event before it is valid.

    >>> import pytest, treatystate
    >>> from hypothesis import HealthCheck, given, settings
    >>> from treatystate import testing
    >>> quick = settings(max_examples=10, database=None, deadline=None,
    ...                  suppress_health_check=list(HealthCheck))
    >>> @quick
    ... @given(testing.scenarios(valid=False))
    ... def test_the_bad_event_is_refused(case):
    ...     with pytest.raises(treatystate.RefusedEvent) as refused:
    ...         case.scenario.run()
    ...     assert refused.value.index == case.bad_index == case.bad_event.index
    ...     assert refused.value.refusal == case.refusal
    >>> test_the_bad_event_is_refused()
    """

    scenario: Scenario
    bad_index: int
    rule: InvalidRule
    cites: str
    refusal: str | None = None

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Shown as the rule, the citation and the scenario file (the last event is the
        one refused)."""
        printer.text(f"InvalidScenario(rule={self.rule!r}, cites={self.cites!r}, "
                     f"refusal={self.refusal!r}, bad_index={self.bad_index}, scenario=")
        printer.pretty(self.scenario)
        printer.text(")")

    @property
    def bad_event(self) -> Event:
        """The event that must be refused (the scenario's last)."""
        return self.scenario.events[self.bad_index]


# Each rule, and the search for an event the engine refuses by the rule's check.
_BREAKERS: dict[InvalidRule, Search] = {
    "before-opened-for-signature": breakers.BEFORE_OPENING,
    "before-first-signature": breakers.BEFORE_FIRST_SIGNATURE,
    "unlisted-state": breakers.UNLISTED,
    "second-signature": breakers.SIGNED_TWICE,
    "consent-without-signature": breakers.CONSENT_BEFORE_SIGNATURE,
    "second-consent": breakers.CONSENT_TWICE,
    "consent-revocation-after-entry-into-force": breakers.REVOCATION_AFTER_ENTRY,
    "consent-revocation-without-consent": breakers.REVOCATION_WITHOUT_CONSENT,
    "withdrawal-not-allowed": breakers.WITHDRAWAL_NOT_ALLOWED,
    "withdrawal-not-in-force": breakers.WITHDRAWAL_NOT_IN_FORCE,
    "second-withdrawal": breakers.SECOND_WITHDRAWAL,
    "withdrawal-before-earliest": breakers.BEFORE_EARLIEST,
    "named-effective-not-allowed": breakers.NAMED_EFFECTIVE_NOT_ALLOWED,
    "named-effective-too-early": breakers.NAMED_EFFECTIVE_TOO_EARLY,
    "revocation-not-allowed": breakers.REVOCATION_NOT_ALLOWED,
    "revocation-on-or-after-effect": breakers.REVOCATION_TOO_LATE,
    "revocation-without-notice": breakers.REVOCATION_WITHOUT_NOTICE,
    "after-termination": breakers.AFTER_TERMINATION,
    "strict-month-end": breakers.STRICT_MONTH_END,
    "duty-not-arisen": breakers.DUTY_NOT_ARISEN,
    "duty-already-done": breakers.DUTY_ALREADY_DONE,
    "signature-closed": breakers.SIGNATURE_CLOSED,
    "accession-not-open": breakers.ACCESSION_NOT_OPEN,
    "armed-conflict-already-started": breakers.CONFLICT_TWICE,
    "armed-conflict-not-started": breakers.CONFLICT_NOT_STARTED,
    "provisional-application-running": breakers.PROVISIONAL_RUNNING,
    "provisional-application-in-force": breakers.PROVISIONAL_IN_FORCE,
    "provisional-application-not-running": breakers.PROVISIONAL_NOT_RUNNING,
    "protocol-consent-without-treaty-consent": breakers.PROTOCOL_WITHOUT_TREATY,
    "second-protocol-consent": breakers.PROTOCOL_TWICE,
}


def _allowing_withdrawal(treaty: Treaty, **changes: Any) -> Treaty:
    return attrs.evolve(treaty, withdrawal=attrs.evolve(treaty.withdrawal, allowed=True,
                                                        **changes))


def _unchanged(treaty: Treaty) -> Treaty:
    return treaty


# How a treaty drawn by the default strategy is adapted so that the rule can be broken
# (a treaty the caller gives is used as it is).
_ADAPT: dict[InvalidRule, Callable[[Treaty], Treaty]] = {
    "withdrawal-not-allowed": lambda t: attrs.evolve(
        t, withdrawal=attrs.evolve(t.withdrawal, allowed=False)),
    "withdrawal-not-in-force": _allowing_withdrawal,
    "second-withdrawal": _allowing_withdrawal,
    "withdrawal-before-earliest": lambda t: _allowing_withdrawal(
        t, earliest=t.withdrawal.earliest or DateRule((AddPeriod(Period(years=3)),))),
    "named-effective-not-allowed": lambda t: _allowing_withdrawal(t, later_date=False),
    "named-effective-too-early": lambda t: _allowing_withdrawal(
        t, later_date=True, effective=DateRule((AddPeriod(Period(months=12)),))),
    "revocation-not-allowed": lambda t: _allowing_withdrawal(t, revocable=False),
    "revocation-on-or-after-effect": lambda t: _allowing_withdrawal(t, revocable=True),
    "after-termination": lambda t: attrs.evolve(
        _allowing_withdrawal(t), termination=attrs.evolve(t.termination, below=99)),
    "strict-month-end": lambda t: attrs.evolve(_allowing_withdrawal(
        t, effective=DateRule((AddPeriod(Period(months=1)),)), earliest=None),
        month_end="strict"),
}


# The clause each rule of an added clause needs, given to a treaty drawn with
# ``treaties(added_clauses=True)`` that lacks it.
_NEEDS: dict[InvalidRule, Callable[[Treaty], Treaty]] = {
    "signature-closed": lambda t: t if t.participation.signature_closes is not None
    else attrs.evolve(t, participation=attrs.evolve(t.participation,
                                                    signature_closes="entry-into-force")),
    "accession-not-open": lambda t: t if t.participation.accession_opens is not None
    else attrs.evolve(t, participation=attrs.evolve(t.participation,
                                                    accession_opens="entry-into-force")),
    "armed-conflict-already-started": lambda t: attrs.evolve(
        t, withdrawal=attrs.evolve(t.withdrawal, postponed_by_armed_conflict=True)),
    "armed-conflict-not-started": lambda t: attrs.evolve(
        t, withdrawal=attrs.evolve(t.withdrawal, postponed_by_armed_conflict=True)),
    "provisional-application-running": lambda t: attrs.evolve(
        t, provisional_application=t.provisional_application or ProvisionalApplication()),
    "provisional-application-in-force": lambda t: attrs.evolve(
        t, provisional_application=t.provisional_application or ProvisionalApplication()),
    "provisional-application-not-running": lambda t: attrs.evolve(
        t, provisional_application=t.provisional_application or ProvisionalApplication()),
    "protocol-consent-without-treaty-consent": lambda t: t if t.protocols else attrs.evolve(
        t, protocols=(AmendingProtocol("protocol-1", "Protocol 1"),)),
    "second-protocol-consent": lambda t: t if t.protocols else attrs.evolve(
        t, protocols=(AmendingProtocol("protocol-1", "Protocol 1"),)),
}


@st.composite
def _invalid_scenario(draw: st.DrawFn, treaty: Treaty | st.SearchStrategy[Treaty] | None,
                      max_events: int | None, rules: tuple[InvalidRule, ...]
                      ) -> InvalidScenario:
    target = draw(st.sampled_from(rules), label="rule to break")
    unsigned = None
    if treaty is None:
        if target in _NEEDS:
            chosen = draw(treaties(closed=False if target == "accession-not-open" else None,
                                   added_clauses=True))
            chosen = _NEEDS[target](chosen)
        else:
            chosen = draw(treaties(
                closed=True if target == "consent-without-signature" else None))
            chosen = _ADAPT.get(target, _unchanged)(chosen)
        if target == "consent-without-signature":
            assert chosen.parties is not None
            unsigned = draw(st.sampled_from(chosen.parties))
    else:
        chosen = draw(treaty) if isinstance(treaty, st.SearchStrategy) else treaty
    builder = _Builder(chosen, draw(_start(chosen)), unsigned)
    builder.grow(draw, draw(_sizes(0, room(chosen) if max_events is None else max_events)))
    others = draw(st.permutations([r for r in rules if r != target]), label="fallbacks")
    for name in (target, *others):
        broken = _BREAKERS[name](draw, builder)
        if broken is not None:
            event, refusal = broken
            assert refusal.cites is not None
            return InvalidScenario(builder.scenario((event,)), event.index, name,
                                   refusal.cites, refusal.label)
    # Nothing in ``rules`` can be broken after this prefix: try another.
    reject()
