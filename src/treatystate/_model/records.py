"""The records an outcome holds (SPEC §5): a State's, a duty's, a protocol's, a
timeline entry, and the one ``cattrs`` converter that writes them all as JSON.

The converter's only hooks turn a ``pendulum.Date`` into its ISO string and back, so
``Outcome.to_dict`` and ``Outcome.from_dict`` are exact inverses and the JSON is
byte-identical across runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeAlias

import attrs
import cattrs
import pendulum
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._dates.periods import parse_iso_date
from ..lifecycle import PartyState
from .basis import Basis

__all__ = [
    "DutyRecord",
    "DutyStatus",
    "EntryStatus",
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
    """The treaty an outcome is about: its id and title.

    >>> import treatystate
    >>> outcome = treatystate.builtin_example().run()
    >>> outcome.treaty.id
    'china-central-asia-2025'
    """

    id: str
    title: str


@attrs.frozen(slots=False)
class PartyRecord:
    """One State's relation to the treaty at the end of the run (or of ``as_of``).

    >>> import treatystate
    >>> outcome = treatystate.builtin_example().run()
    >>> record = outcome.parties["TKM"]
    >>> record.status, record.in_force_from, record.withdrawal_effective
    ('withdrawn', Date(2026, 1, 2), Date(2029, 2, 28))
    """

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
    # SPEC §8.8: the first day a notice of withdrawal would be accepted (null when
    # withdrawal is not allowed or the treaty is not in force for the State).
    withdrawal_notice_from: pendulum.Date | None = None


@attrs.frozen(slots=False)
class DutyRecord:
    """One instance of a depositary duty; ``due`` is ``None`` without a deadline.

    >>> import treatystate
    >>> outcome = treatystate.builtin_example().run()
    >>> duty = outcome.duties[0]
    >>> duty.id, duty.due, duty.done, duty.status
    ('certified-copies', Date(2025, 7, 2), Date(2025, 6, 30), 'done')
    """

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
    into force (``null`` until then); ``Outcome.protocols`` holds one per protocol id.

    >>> import treatystate
    >>> outcome = treatystate.builtin_example().run()
    >>> outcome.protocols    # this treaty has no amending protocol
    {}
    """

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

    >>> import treatystate
    >>> outcome = treatystate.builtin_example().run()
    >>> first = outcome.timeline[0]
    >>> first.date, first.kind, first.status, first.detail
    (Date(2025, 6, 17), 'signature', 'occurred', 'CHN, KAZ, KGZ, TJK, TKM, UZB sign')
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
    # What ``detail`` was rendered from (derived events only): not part of the outcome
    # document, nor of an entry's equality, so that from_dict(to_dict()) is the same.
    basis: Basis | None = attrs.field(default=None, eq=False, repr=False)


converter = cattrs.Converter()
converter.register_unstructure_hook(pendulum.Date, lambda value: value.isoformat())
converter.register_structure_hook(
    pendulum.Date, lambda value, _: parse_iso_date(value)
)
converter.register_unstructure_hook(
    TimelineEntry,
    make_dict_unstructure_fn(TimelineEntry, converter, basis=override(omit=True)),
)
converter.register_structure_hook(
    TimelineEntry,
    make_dict_structure_fn(TimelineEntry, converter, basis=override(omit=True)),
)
