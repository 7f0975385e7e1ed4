"""The outcome of a scenario (SPEC §5): frozen values, and the JSON document.

``Outcome.to_dict()`` goes through one ``cattrs`` converter whose only hooks turn a
``pendulum.Date`` into its ISO string and back, so ``to_dict`` and
``Outcome.from_dict`` are exact inverses and the JSON is byte-identical across runs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs
import cattrs
import pendulum

from .lifecycle import PartyState, TreatyState

if TYPE_CHECKING:
    from .clauses import Treaty
    from .explain import Explanation
    from .scenario import Scenario

__all__ = [
    "DutyRecord",
    "DutyStatus",
    "Outcome",
    "PartyRecord",
    "ProtocolRecord",
    "TimelineEntry",
    "TreatyRef",
    "converter",
]

DutyStatus: TypeAlias = Literal["done", "late", "pending", "overdue"]
Source: TypeAlias = Literal["input", "derived", "scheduled"]
EntryStatus: TypeAlias = Literal[
    "occurred", "scheduled", "revoked", "cancelled", "lapsed", "postponed"
]
ProtocolStatus: TypeAlias = Literal["adopted", "in-force", "terminated"]


# The records the engine builds many of per run are dict-backed (slots=False): attrs
# then fills a frozen instance's __dict__ directly, about 40% faster than one
# object.__setattr__ per slot (benchmarks/run.py measures the run).
@attrs.frozen(slots=False)
class TreatyRef:
    id: str
    title: str


@attrs.frozen(slots=False)
class PartyRecord:
    """One State's relation to the treaty at the end of the run (or of ``as_of``)."""

    status: PartyState
    signed: pendulum.Date | None = None
    consent: pendulum.Date | None = None
    in_force_from: pendulum.Date | None = None
    withdrawal_notice: pendulum.Date | None = None
    withdrawal_effective: pendulum.Date | None = None
    withdrawal_revoked: pendulum.Date | None = None
    consent_revoked: pendulum.Date | None = None
    # Additions to SPEC §5. The day the notice period expired while the State was
    # engaged in an armed conflict (Ottawa Convention art. 20(3)); the withdrawal then
    # takes effect when the conflict ends.
    withdrawal_postponed: pendulum.Date | None = None
    # Provisional application (VCLT art. 25): from, and until (null while it runs).
    provisional_from: pendulum.Date | None = None
    provisional_until: pendulum.Date | None = None


@attrs.frozen(slots=False)
class DutyRecord:
    """One instance of a depositary duty; ``due`` is ``None`` without a deadline."""

    id: str
    party: str | None
    trigger: pendulum.Date
    due: pendulum.Date | None
    done: pendulum.Date | None
    status: DutyStatus
    cites: str | None = None
    # Addition to SPEC §5: the deadline before a weekend or public holiday moved it to
    # the next working day (1972 European Convention on time-limits, art. 5).
    due_extended_from: pendulum.Date | None = None


@attrs.frozen
class ProtocolRecord:
    """An amending protocol: its consents, when its condition was met, and its entry
    into force (``null`` until then)."""

    title: str
    status: ProtocolStatus
    consents: Mapping[str, pendulum.Date]
    condition_met: pendulum.Date | None = None
    entry_into_force: pendulum.Date | None = None
    cites: str | None = None


@attrs.frozen(slots=False)
class TimelineEntry:
    """Something that happened, or was scheduled and did not (``status`` says which).

    ``caused_by`` lists the input events (0-based, file order) that the rule counted,
    the one that completed the condition last; ``event`` is an input's own index.
    """

    date: pendulum.Date
    kind: str
    party: str | None
    source: Source
    cites: str | None
    caused_by: tuple[int, ...] = ()
    status: EntryStatus = "occurred"
    event: int | None = None
    duty: str | None = None
    detail: str = ""


@attrs.frozen(slots=False)
class Outcome:
    """What a scenario produces: statuses, dates, duties, timeline and notes."""

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
        from .errors import InvalidOutcome

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
        from .clauses import Treaty
        from .explain import explain

        return explain(self, treaty if treaty is None or isinstance(treaty, Treaty)
                       else treaty.treaty)

    def duty(self, duty_id: str, party: str | None = None) -> DutyRecord | None:
        """The latest instance of a duty (for ``party``, for per-party duties)."""
        found = None
        for record in self.duties:
            if record.id == duty_id and record.party == party:
                found = record
        return found


converter = cattrs.Converter()
converter.register_unstructure_hook(pendulum.Date, lambda value: value.isoformat())
converter.register_structure_hook(
    pendulum.Date, lambda value, _: pendulum.Date.fromisoformat(value)
)
