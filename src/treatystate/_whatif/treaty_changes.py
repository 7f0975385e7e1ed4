"""Changes to a scenario's treaty: its month-end policy, withdrawal period, entry-into-
force condition, any clause field, or the whole treaty; each treaty is checked again as
a treaty file is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._dates.periods import (
    MONTH_END_POLICIES,
    DateRule,
    MonthEnd,
)
from .._model.clauses import AllParties, Condition, Instruments, Treaty
from ..errors import (
    VariantError,
)

if TYPE_CHECKING:
    pass
from .change import S, date_rule, evolve

__all__ = ["ChangeClause", "ReplaceTreaty", "SetEntryCondition", "SetMonthEnd",
           "SetWithdrawalEffective"]


def _treaty_change(scenario: S, treaty: Treaty) -> S:
    return evolve(scenario, treaty=treaty)


@attrs.frozen
class SetMonthEnd:
    """Another ``month_end`` policy for the treaty (SPEC §1).

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> next_day = treatystate.SetMonthEnd("next-day").apply(baseline)
    >>> next_day.run().parties["TKM"].withdrawal_effective    # 2028-02-29 + 12 months
    Date(2029, 3, 1)
    """

    policy: MonthEnd

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        if self.policy not in MONTH_END_POLICIES:
            raise VariantError(f"{self.policy!r} is not a month-end policy; use one of "
                               f"{', '.join(MONTH_END_POLICIES)}")
        return _treaty_change(scenario, attrs.evolve(scenario.treaty, month_end=self.policy))

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return f"month_end = {self.policy}"


@attrs.frozen
class SetWithdrawalEffective:
    """Another notice period: the steps from receipt of a withdrawal notice to its
    effect (e.g. ``"+P6M"`` instead of art. 15(4)'s twelve months).

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> six = treatystate.SetWithdrawalEffective("+P6M").apply(baseline)
    >>> six.run().parties["TKM"].withdrawal_effective
    Date(2028, 8, 29)
    """

    effective: DateRule = attrs.field(converter=date_rule)

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        treaty = scenario.treaty
        clause = attrs.evolve(treaty.withdrawal, effective=self.effective)
        return _treaty_change(scenario, attrs.evolve(treaty, withdrawal=clause))

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return f"withdrawal.effective = {self.effective.as_strings()}"


@attrs.frozen
class SetEntryCondition:
    """Another entry-into-force condition: ``Instruments(4)`` for ``{ instruments = 4 }``,
    ``AllParties()`` for ``"all"``.

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> four = treatystate.SetEntryCondition(treatystate.Instruments(4)).apply(baseline)
    >>> four.run().entry_into_force     # the fourth consent, Turkmenistan's
    Date(2025, 11, 20)
    """

    condition: Condition

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        treaty = scenario.treaty
        if isinstance(self.condition, AllParties) and treaty.parties is None:
            raise VariantError('when = "all" needs the list of negotiating States')
        if isinstance(self.condition, Instruments):
            if self.condition.weight is not None and self.condition.weight not in treaty.weights:
                raise VariantError(f"no weight table named {self.condition.weight!r}")
            if treaty.parties is not None and self.condition.count > len(treaty.parties):
                raise VariantError(f"{self.condition.count} instruments can never be reached "
                                   f"with {len(treaty.parties)} listed parties")
        clause = attrs.evolve(treaty.entry_into_force, condition=self.condition)
        return _treaty_change(scenario, attrs.evolve(treaty, entry_into_force=clause))

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return f"entry into force on the {self.condition.describe()}"


_CLAUSES = ("depositary", "entry_into_force", "withdrawal", "termination")


@attrs.frozen
class ChangeClause:
    """Replace fields of one clause (``withdrawal``, ``entry_into_force``, ``termination``,
    ``depositary``), or of the treaty itself (``clause = "treaty"``), by name.

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> six = treatystate.ChangeClause(
    ...     "withdrawal", {"effective": treatystate.DateRule.parse(["+P6M"])})
    >>> six.apply(baseline).run().parties["TKM"].withdrawal_effective
    Date(2028, 8, 29)
    """

    clause: str
    values: Mapping[str, Any] = attrs.field(converter=dict)

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        treaty = scenario.treaty
        if self.clause == "treaty":
            return _treaty_change(scenario, self._evolve(treaty))
        if self.clause not in _CLAUSES:
            raise VariantError(f"{self.clause!r} is not a clause; use treaty or one of "
                               f"{', '.join(_CLAUSES)}")
        changed = self._evolve(getattr(treaty, self.clause))
        return _treaty_change(scenario, attrs.evolve(treaty, **{self.clause: changed}))

    def _evolve(self, value: Any) -> Any:
        names = {field.name for field in attrs.fields(type(value))}
        unknown = sorted(set(self.values) - names)
        if unknown:
            raise VariantError(f"{self.clause} has no field {', '.join(unknown)}; its fields "
                               f"are {', '.join(sorted(names))}")
        return attrs.evolve(value, **self.values)

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return ", ".join(f"{self.clause}.{key} = {value}" for key, value in self.values.items())


@attrs.frozen
class ReplaceTreaty:
    """Use another treaty definition (how a file's ``[variants.treaty]`` table applies:
    its keys, merged over the baseline's treaty and validated like a treaty file).

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> treaty = treatystate.loads_treaty('''
    ... extends = "china-central-asia-2025"
    ... month_end = "next-day"
    ... ''')
    >>> treatystate.ReplaceTreaty(treaty).apply(baseline).run().parties["TKM"].withdrawal_effective
    Date(2029, 3, 1)
    """

    treaty: Treaty
    summary: str = "treaty replaced"

    def apply(self, scenario: S) -> S:
        """The scenario with this change made; the one given is unchanged."""
        return _treaty_change(scenario, self.treaty)

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return self.summary

