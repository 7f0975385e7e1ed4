"""What-if variants: named, reusable changes applied to a baseline scenario.

A :class:`Variant` is to a scenario what an OpenFisca *reform* is to a tax and
benefit system: a named, reusable set of changes that derives a new scenario from a
baseline and never touches the baseline itself. Scenarios, treaties and events are
frozen attrs values, so every change builds new values with :func:`attrs.evolve`.

>>> import treatystate
>>> from treatystate._whatif.variants import SetWithdrawalEffective, Variant
>>> six = Variant("six-month-notice", [SetWithdrawalEffective("+P6M")])
>>> baseline = treatystate.builtin_example()
>>> str(six.apply(baseline).run().parties["TKM"].withdrawal_effective)
'2028-08-29'
>>> str(baseline.run().parties["TKM"].withdrawal_effective)
'2029-02-28'

Changes as data (``[[variants]]`` in a scenario file) are read by
:func:`parse_variants`; the format is documented in ``docs/variants.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .._io.expect import Expectations
from .follow import follow_triggers

if TYPE_CHECKING:
    from .._scenario import Scenario
from .change import Change
from .event_changes import AddEvent, DropEvents, EventMatch, MoveEvent, SetConsent, ShiftEvents
from .treaty_changes import (
    ChangeClause,
    ReplaceTreaty,
    SetEntryCondition,
    SetMonthEnd,
    SetWithdrawalEffective,
)

__all__ = [
    "AddEvent",
    "Change",
    "ChangeClause",
    "DropEvents",
    "EventMatch",
    "MoveEvent",
    "ReplaceTreaty",
    "SetConsent",
    "SetEntryCondition",
    "SetMonthEnd",
    "SetWithdrawalEffective",
    "ShiftEvents",
    "Variant",
]


def _tuple(changes: Iterable[Change]) -> tuple[Change, ...]:
    return tuple(changes)


@attrs.frozen
class Variant:
    """A named, reusable what-if: changes applied in order to a baseline.

    ``expect`` (optional) is what the variant's outcome must show; it replaces the
    baseline's ``[expect]``, which describes the baseline only. ``follow_triggers``:
    each duty event the changes leave as it was keeps its distance from its duty's
    trigger when they move the trigger (``duties = "follow-triggers"`` in a file).
    Variants compose: ``a + b`` applies ``a``'s changes, then ``b``'s.

    >>> import pendulum, treatystate
    >>> baseline = treatystate.builtin_example()
    >>> six = treatystate.Variant("six-month-notice", [treatystate.SetWithdrawalEffective("+P6M")])
    >>> six.describe()
    "withdrawal.effective = ['+P6M']"
    >>> six.apply(baseline).run().parties["TKM"].withdrawal_effective
    Date(2028, 8, 29)
    """

    name: str
    changes: tuple[Change, ...] = attrs.field(converter=_tuple)
    title: str | None = None
    expect: Expectations | None = None
    follow_triggers: bool = False

    def apply(self, baseline: Scenario) -> Scenario:
        """A new scenario; ``baseline`` is left exactly as it was."""
        scenario = baseline
        for change in self.changes:
            scenario = change.apply(scenario)
        if self.follow_triggers:
            scenario = follow_triggers(baseline, scenario)
        title = self.title or f"{baseline.title or baseline.treaty.title}: {self.name}"
        # Each event keeps its line in the baseline's file (see _with_events).
        return attrs.evolve(scenario, title=title, expect=self.expect, variants=(),
                            source=f"{baseline.source} [variant {self.name}]")

    def __add__(self, other: Variant) -> Variant:
        return Variant(f"{self.name}+{other.name}", (*self.changes, *other.changes),
                       follow_triggers=self.follow_triggers or other.follow_triggers)

    def describe(self) -> str:
        """The change in words, as ``compare`` and the sweep columns name it."""
        return "; ".join(change.describe() for change in self.changes) or "no change"

