"""A treaty's final clauses as data (SPEC §2).

Each clause type names the legal rule it implements; the treaty file adds the
article (``cites``) so that every derived date can say where it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal, NoReturn, TypeAlias, TypeVar

import attrs
import pendulum

from .._dates.periods import AddPeriod, DateRule, MonthEnd, Period

__all__ = [
    "DUTY_TRIGGERS",
    "AllParties",
    "Condition",
    "Depositary",
    "Duty",
    "DutyTrigger",
    "EntryIntoForce",
    "FrozenDict",
    "Including",
    "Instruments",
    "OnEntryIntoForce",
    "Participation",
    "Protocol",
    "ProvisionalApplication",
    "Term",
    "Termination",
    "Treaty",
    "Withdrawal",
]

DutyTrigger: TypeAlias = Literal[
    "signature", "entry-into-force", "withdrawal", "withdrawal-effective", "termination"
]
DUTY_TRIGGERS: tuple[DutyTrigger, ...] = (
    "signature",
    "entry-into-force",
    "withdrawal",
    "withdrawal-effective",
    "termination",
)
PER_PARTY_TRIGGERS: frozenset[str] = frozenset({"withdrawal", "withdrawal-effective"})


@attrs.frozen
class Depositary:
    """Who receives instruments and notices (VCLT arts. 76-78); its zone fixes legal dates.

    >>> import treatystate
    >>> treatystate.presets.get("china-central-asia-2025").depositary.timezone
    'Asia/Shanghai'
    """

    name: str
    timezone: str
    # A public-holiday calendar of the ``holidays`` package ("CN", "US-NY"): deadlines
    # of the depositary's duties that fall on a weekend or holiday move to the next
    # working day (1972 European Convention on the Calculation of Time-Limits art. 5).
    holidays: str | None = None


@attrs.frozen
class AllParties:
    """``when = "all"``: every negotiating State has consented (VCLT art. 24(2)).

    >>> import treatystate
    >>> treatystate.presets.get("china-central-asia-2025").entry_into_force.condition
    AllParties()
    """

    def describe(self) -> str:
        """The condition in words, for explanations."""
        return "consent of every listed party"


@attrs.frozen
class Including:
    """One ``including`` requirement of a threshold (SPEC §8.2): at least ``at_least``
    of ``states`` must be among the consents counted. ``{ group = "member-states",
    at_least = 3 }`` (Convention on Cybercrime art. 36(3): "five States, including at
    least three member States of the Council of Europe") names a ``[groups]`` list;
    a named State (``including = ["CHN", "FRA", ...]``) is a requirement of one of one.

    >>> import treatystate
    >>> treatystate.Including(("CHN", "FRA", "GBR", "RUS", "USA"), 3).describe()
    'at least 3 of CHN, FRA, GBR, RUS, USA'
    """

    states: tuple[str, ...]
    at_least: int
    group: str | None = None

    def describe(self) -> str:
        """The requirement in words, for explanations."""
        if self.group is not None:
            return f"at least {self.at_least} of the group '{self.group}'"
        if self.at_least == len(self.states) == 1:
            return self.states[0]
        return f"at least {self.at_least} of {', '.join(self.states)}"


@attrs.frozen
class Instruments:
    """``when = { instruments = N, weight = "table", share = 0.55 }``: the Nth consent,
    and (when a weight is named) consenting States weighing at least ``share`` of the
    table's total (e.g. Paris Agreement art. 21(1)). Either limb may stand alone.
    ``including`` adds qualified limbs (SPEC §8.2): every one must hold on the same
    day as the count and the weight.

    >>> import treatystate
    >>> treatystate.presets.get("paris-agreement-2015").entry_into_force.condition.describe()
    "55 instruments and 0.55 of the 'emissions' weight"
    """

    count: int = 0
    weight: str | None = None
    share: Fraction | None = None
    including: tuple[Including, ...] = ()

    def describe(self) -> str:
        """The condition in words: ``60 instruments``."""
        limbs = []
        if self.count:
            limbs.append(f"{self.count} instruments")
        if self.weight is not None and self.share is not None:
            limbs.append(f"{float(self.share):.4g} of the '{self.weight}' weight")
        text = " and ".join(limbs)
        if self.including:
            text += ", including " + " and ".join(i.describe() for i in self.including)
        return text


Condition: TypeAlias = AllParties | Instruments


@attrs.frozen
class EntryIntoForce:
    """When the treaty enters into force, and when it does for a State that consents
    later (VCLT art. 24(1)-(3)).

    >>> import treatystate
    >>> rule = treatystate.presets.get("rome-statute-1998").entry_into_force
    >>> rule.condition.count, rule.date.as_strings()
    (60, ['+P60D', 'start-of-next-month'])
    """

    condition: Condition
    date: DateRule = DateRule()
    later: DateRule | None = None
    not_before: pendulum.Date | None = None
    cites: str | None = None
    text: str | None = None
    # Which consents `later` governs: those received after the day the condition was
    # met ("threshold": Rome Statute art. 126(2), "after the deposit of the 60th
    # instrument"), or only those received after entry into force ("entry-into-force":
    # Arms Trade Treaty art. 22(2), "subsequent to the entry into force"); with the
    # latter, a consent between the two enters into force with the treaty.
    later_after: Literal["threshold", "entry-into-force"] = "threshold"

    @property
    def later_rule(self) -> DateRule:
        """The rule for a State that consents later: ``later``, else ``date``."""
        return self.date if self.later is None else self.later


@attrs.frozen
class Withdrawal:
    """Withdrawal or denunciation under the treaty's own clause (VCLT arts. 42(2), 54(a)).

    With ``allowed = false`` a withdrawal is refused (VCLT art. 56(1)). Without an
    ``effective`` rule the notice takes effect twelve months after receipt, the
    minimum VCLT art. 56(2) sets.

    >>> import treatystate
    >>> treatystate.presets.get("rome-statute-1998").withdrawal.effective.as_strings()
    ['+P1Y']
    """

    allowed: bool = True
    effective: DateRule = DateRule((AddPeriod(Period(months=12)),))
    earliest: DateRule | None = None
    later_date: bool = False
    revocable: bool = True
    cites: str | None = None
    text: str | None = None
    # Ottawa Convention art. 20(3), TPNW art. 17(3): a State still engaged in an armed
    # conflict when the notice period expires withdraws only when the conflict ends.
    postponed_by_armed_conflict: bool = False
    # What ``earliest`` counts from (SPEC §8.7): the State's own entry into force
    # (Paris art. 28(1), "entered into force for a Party") or the treaty's (American
    # Convention on Human Rights art. 78(1), "from the date of its entry into force").
    earliest_from: Literal["party", "treaty"] = "party"
    # TEU art. 50(3): the period may be extended by a later decision
    # (``withdrawal-extension`` events, SPEC §8.5).
    extendable: bool = False


@attrs.frozen
class Term:
    """A fixed term (SPEC §8.4), in force for ``initial`` from the treaty's entry into
    force.

    With ``renewal`` and ``notice`` it renews tacitly and has a denunciation window
    (Genocide Convention art. XIV): successive ``renewal`` periods for the parties that
    have not denounced it at least ``notice`` before the current period ends; a
    denunciation received in time takes effect when that period ends, a later one when
    the next period ends. Without them it expires, for all, at the end of the initial
    term, unless the parties extend it (a ``term-extension`` event), by at most
    ``max_extension`` in all when that is given (New START art. XIV(2): "for a period of
    no more than five years").

    >>> import treatystate
    >>> term = treatystate.presets.get("genocide-convention-1948").term
    >>> str(term.initial), str(term.renewal), str(term.notice)
    ('P10Y', 'P5Y', 'P6M')
    """

    initial: Period
    renewal: Period | None = None
    notice: Period | None = None
    cites: str | None = None
    text: str | None = None
    max_extension: Period | None = None

    @property
    def renews(self) -> bool:
        """Tacit renewal (Genocide Convention art. XIV) rather than expiry."""
        return self.renewal is not None

    def period_end(self, index: int) -> DateRule:
        """The rule from entry into force to the end of period ``index`` (0: the initial
        term), added in one step so that a month end is clamped once."""
        renewal = self.renewal or Period()
        return DateRule((AddPeriod(Period(
            years=self.initial.years + index * renewal.years,
            months=self.initial.months + index * renewal.months,
            weeks=self.initial.weeks + index * renewal.weeks,
            days=self.initial.days + index * renewal.days,
        )),))


OnEntryIntoForce: TypeAlias = Literal["entry-into-force"]


@attrs.frozen
class Participation:
    """When signature closes and accession opens, e.g. Arms Trade Treaty art. 21 (open
    for signature "until its entry into force"; open for accession "following its entry
    into force") or Rome Statute art. 125 (signature until 31 December 2000). Each is a
    date or the treaty's entry into force; ``None``: no limit. Accession is a consent
    by a State that has not signed (VCLT art. 15).

    >>> import treatystate
    >>> treatystate.presets.get("rome-statute-1998").participation.signature_closes
    Date(2000, 12, 31)
    """

    signature_closes: pendulum.Date | OnEntryIntoForce | None = None
    accession_opens: pendulum.Date | OnEntryIntoForce | None = None
    cites: str | None = None
    text: str | None = None
    # SPEC §8.3: only these States may sign or consent ("open to the States listed in
    # Annex 1"); ``None``: any State (an open treaty) or the listed parties (closed).
    # ``eligible_group`` is the [groups] name it was given as, for messages.
    eligible: tuple[str, ...] | None = None
    eligible_group: str | None = None


@attrs.frozen
class ProvisionalApplication:
    """VCLT art. 25: pending entry into force, a State may apply the treaty
    provisionally. It ends at ``until`` (the treaty's entry into force, or its entry
    into force for that State, e.g. Arms Trade Treaty art. 23), or on the State's
    notice of its intention not to become a party, received by the depositary
    (art. 25(2)).

    >>> import treatystate
    >>> treatystate.presets.get("arms-trade-treaty-2013").provisional_application.until
    'entry-into-force-for-party'
    """

    until: Literal["entry-into-force", "entry-into-force-for-party"] = "entry-into-force"
    cites: str | None = None
    text: str | None = None


@attrs.frozen
class Protocol:
    """An amending protocol (e.g. China–Central Asia treaty art. 13): it has its own
    consents and its own entry-into-force rule, by default the consent of every State
    for which the treaty is in force (VCLT art. 40(4): it binds only those who
    consent).

    >>> import treatystate
    >>> treatystate.Protocol("p1", "First amending protocol").condition
    AllParties()
    """

    id: str
    title: str
    condition: Condition = AllParties()
    date: DateRule = DateRule()
    cites: str | None = None
    text: str | None = None


@attrs.frozen
class Termination:
    """``below = N``: the treaty terminates for all when a withdrawal leaves fewer than N
    parties (e.g. Genocide Convention art. XV). Without it, VCLT art. 55 applies.

    >>> import treatystate
    >>> treatystate.presets.get("genocide-convention-1948").termination.below
    16
    """

    below: int | None = None
    cites: str | None = None
    text: str | None = None


@attrs.frozen
class Duty:
    """An obligation of the depositary, instantiated once per triggering event (SPEC §2).

    >>> import treatystate
    >>> duty = treatystate.presets.get("china-central-asia-2025").duties[0]
    >>> duty.id, duty.after, str(duty.within), duty.per_party
    ('certified-copies', 'signature', 'P15D', False)
    """

    id: str
    after: DutyTrigger
    within: Period | None = None
    cites: str | None = None
    text: str | None = None

    @property
    def per_party(self) -> bool:
        """Whether each State's event (its withdrawal) starts its own instance."""
        return self.after in PER_PARTY_TRIGGERS


_K = TypeVar("_K")
_V = TypeVar("_V")


class FrozenDict(dict[_K, _V]):
    """A dict that cannot change, and so can be hashed: a treaty's weight tables and
    groups.

    ``presets.get`` hands every caller the same Treaty; a mapping inside it that one
    caller could change would change it for all. A dict subclass keeps the engine's
    lookups at dict speed.
    """

    __slots__ = ("_hash",)

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(f"{type(self).__name__} cannot be changed (a treaty is immutable: "
                        "use attrs.evolve to make a changed copy)")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        try:
            return self._hash
        except AttributeError:
            self._hash: int = hash(frozenset(self.items()))
            return self._hash

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


def _frozen_weights(
    tables: Mapping[str, Mapping[str, Fraction]],
) -> FrozenDict[str, FrozenDict[str, Fraction]]:
    if type(tables) is FrozenDict and all(type(t) is FrozenDict for t in tables.values()):
        return tables
    return FrozenDict((name, FrozenDict(table)) for name, table in tables.items())


_NO_WEIGHTS: FrozenDict[str, FrozenDict[str, Fraction]] = FrozenDict()


def _frozen_groups(groups: Mapping[str, tuple[str, ...]]) -> FrozenDict[str, tuple[str, ...]]:
    if type(groups) is FrozenDict:
        return groups
    return FrozenDict((name, tuple(members)) for name, members in groups.items())


_NO_GROUPS: FrozenDict[str, tuple[str, ...]] = FrozenDict()


@attrs.frozen
class Treaty:
    """A treaty's final clauses. ``parties`` is ``None`` for a treaty open to any State.

    >>> import treatystate
    >>> treaty = treatystate.presets.get("china-central-asia-2025")
    >>> treaty.parties, treaty.month_end, treaty.closed
    (('CHN', 'KAZ', 'KGZ', 'TJK', 'TKM', 'UZB'), 'last-day', True)
    >>> treaty.duty("certified-copies").cites
    'Art. 14(2)'
    """

    id: str
    title: str
    depositary: Depositary
    entry_into_force: EntryIntoForce
    parties: tuple[str, ...] | None = None
    opened_for_signature: pendulum.Date | None = None
    month_end: MonthEnd = "last-day"
    withdrawal: Withdrawal = Withdrawal()
    termination: Termination = Termination()
    duties: tuple[Duty, ...] = ()
    weights: Mapping[str, Mapping[str, Fraction]] = attrs.field(
        factory=lambda: _NO_WEIGHTS, converter=_frozen_weights)
    term: Term | None = None
    participation: Participation = Participation()
    provisional_application: ProvisionalApplication | None = None
    protocols: tuple[Protocol, ...] = ()
    # SPEC §8.2: named lists of States (the member States of an organisation, a
    # treaty's annex), usable wherever a list of States is.
    groups: Mapping[str, tuple[str, ...]] = attrs.field(
        factory=lambda: _NO_GROUPS, converter=_frozen_groups)

    @property
    def closed(self) -> bool:
        """A closed treaty lists its negotiating States; only they may join."""
        return self.parties is not None

    def duty(self, duty_id: str) -> Duty | None:
        """The duty ``duty_id``, or ``None``."""
        for duty in self.duties:
            if duty.id == duty_id:
                return duty
        return None

    def protocol(self, protocol_id: str) -> Protocol | None:
        """The amending protocol ``protocol_id``, or ``None``."""
        for protocol in self.protocols:
            if protocol.id == protocol_id:
                return protocol
        return None
