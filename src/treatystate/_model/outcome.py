"""The outcome of a scenario (SPEC §5): a frozen value, and the JSON document.

``Outcome.to_dict()`` goes through the one converter of :mod:`.records`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import cattrs
import pendulum

from ..lifecycle import TreatyState
from .records import (
    DutyRecord,
    DutyStatus,
    EntryStatus,
    PartyRecord,
    ProtocolRecord,
    ProtocolStatus,
    Source,
    TimelineEntry,
    TreatyRef,
    converter,
)

if TYPE_CHECKING:
    from .._scenario import Scenario
    from .._views.explain import Explanation
    from .clauses import Treaty

__all__ = [
    "DutyRecord",
    "DutyStatus",
    "EntryStatus",
    "Outcome",
    "PartyRecord",
    "ProtocolRecord",
    "ProtocolStatus",
    "Source",
    "TimelineEntry",
    "TreatyRef",
    "converter",
]


@attrs.frozen(slots=False)
class Outcome:
    """What a scenario produces: statuses, dates, duties, timeline and notes.

    >>> import treatystate
    >>> outcome = treatystate.builtin_example().run()
    >>> outcome.status, outcome.entry_into_force
    ('in-force', Date(2026, 1, 2))
    >>> outcome.to_dict()["parties"]["TKM"]["withdrawal_effective"]
    '2029-02-28'
    >>> treatystate.Outcome.from_dict(outcome.to_dict()) == outcome
    True
    """

    treaty: TreatyRef
    as_of: pendulum.Date | None
    status: TreatyState
    entry_into_force: pendulum.Date | None
    terminated: pendulum.Date | None
    parties: Mapping[str, PartyRecord]
    duties: tuple[DutyRecord, ...]
    timeline: tuple[TimelineEntry, ...]
    notes: tuple[str, ...]
    # Additions to SPEC §5 (new keys only). The day the entry-into-force condition was
    # met (the Nth instrument, both limbs of a weighted threshold, or the last consent):
    # the day the depositary informs States that the number required has been
    # deposited (VCLT art. 77(1)(f)); null when it has not been met.
    threshold_reached: pendulum.Date | None = None
    # Each amending protocol by id (empty when the treaty has none).
    protocols: Mapping[str, ProtocolRecord] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The SPEC §5 document: dates as ISO strings, every key present."""
        result: dict[str, Any] = converter.unstructure(self)
        return result

    def to_json(self, indent: int | None = 2) -> str:
        """The outcome as JSON text, byte-identical for the same scenario."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Outcome:
        """Rebuild an outcome from :meth:`to_dict`'s document; :class:`InvalidOutcome`
        names every key that is missing or holds the wrong kind of value."""
        from ..errors import InvalidOutcome

        try:
            return converter.structure(data, cls)
        except cattrs.BaseValidationError as error:
            problems = "; ".join(cattrs.transform_error(error, path="outcome"))
            raise InvalidOutcome(f"not an outcome document (SPEC §5): {problems}") from None
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise InvalidOutcome(f"not an outcome document (SPEC §5): expected the JSON "
                                 f"object of Outcome.to_dict(), got {type(data).__name__} "
                                 f"({error})") from None

    def explain(self, treaty: Treaty | Scenario | None = None) -> Explanation:
        """Why each derived date is what it is: rule, clause text, causes, arithmetic.

        Pass the treaty the outcome came from (or its scenario) for the clause texts,
        the step-by-step arithmetic and the threshold; see ``explain.py``.
        """
        from .._views.explain import explain
        from .clauses import Treaty

        return explain(self, treaty if treaty is None or isinstance(treaty, Treaty)
                       else treaty.treaty)

    def duty(self, duty_id: str, party: str | None = None) -> DutyRecord | None:
        """The latest instance of a duty (for ``party``, for per-party duties)."""
        found = None
        for record in self.duties:
            if record.id == duty_id and record.party == party:
                found = record
        return found
