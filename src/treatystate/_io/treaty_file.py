"""Reading a treaty file (SPEC §2): its clauses, ``extends``, and the presets.

Every clause is checked where it is read; timestamps become legal dates here, once, in
the depositary's zone. A scenario's ``treaty`` (a preset id, a path or an inline table)
is read here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import pendulum

from .._dates.periods import MONTH_END_POLICIES, DateRule, Period, quote, timezone
from .._model.clauses import (
    DUTY_TRIGGERS,
    AllParties,
    Condition,
    Depositary,
    Duty,
    EntryIntoForce,
    Instruments,
    OnEntryIntoForce,
    Participation,
    Protocol,
    ProvisionalApplication,
    Term,
    Termination,
    Treaty,
    Withdrawal,
)
from ..errors import InputError, TreatyFileError
from . import preset_files as presets
from .final_clauses import (
    backward_rule,
    check_eligible_including,
    check_extension,
    eligible_states,
    group_of,
    groups,
    including,
)
from .keylines import with_line
from .reader import (
    MAX_EXTENDS,
    STATE_CODE,
    Reader,
    is_file,
    parse_period_at,
    read_file,
    read_toml,
    show,
)

__all__ = ["TREATY_KEYS", "parse_treaty", "preset_treaty", "treaty_from_value"]

_TREATY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

TREATY_KEYS = {
    "id", "title", "parties", "opened_for_signature", "month_end", "depositary",
    "entry_into_force", "withdrawal", "termination", "duties", "weights", "extends",
    "source", "text", "term", "provisional_application", "protocols", "participation",
    "groups",
}


def treaty_from_value(
    value: object, source: str, key: str, base_dir: Path | None,
    error: type[InputError] = TreatyFileError,
) -> Treaty:
    """A scenario's ``treaty``: a preset id, a path relative to the file, or a table."""

    if isinstance(value, str):
        if presets.exists(value):
            return preset_treaty(value)
        path = (base_dir or Path.cwd()) / value
        if value.endswith(".toml") or "/" in value:
            if not is_file(path):
                raise error(f"{source}: {key}: no treaty file at {quote(str(path))}",
                            source=source, key=key)
            return parse_treaty(read_file(path, error), str(path), base_dir=path.parent)
        raise error(
            f"{source}: {key}: {quote(value)} is neither a built-in preset "
            f"({', '.join(presets.ids())}) nor a path to a .toml treaty file",
            source=source, key=key,
        )
    if isinstance(value, dict):
        return _treaty(_resolve_extends(value, source, key, base_dir, error), source, key)
    raise error(
        f"{source}: {key}: expected a preset id, a path or an inline table, got {show(value)}",
        source=source, key=key,
    )


def parse_treaty(text: str, source: str = "<treaty>", base_dir: Path | None = None) -> Treaty:
    """Parse treaty-file text (SPEC §2); an error names the line of the key at fault."""
    try:
        data = read_toml(text, source, TreatyFileError)
        return _treaty(_resolve_extends(data, source, "", base_dir, TreatyFileError), source, "")
    except InputError as error:
        raise with_line(error, text, source) from None


def _resolve_extends(
    data: dict[str, Any], source: str, key: str, base_dir: Path | None,
    error: type[InputError], chain: tuple[Path, ...] = (),
) -> dict[str, Any]:
    """``extends = "preset-or-path"``: start from that treaty's file and replace the
    tables and keys given here (tables merge key by key; arrays are replaced).
    ``chain`` holds the files already being extended, to refuse a cycle."""
    if "extends" not in data:
        return data

    base_ref = data["extends"]
    where = f"{key}.extends" if key else "extends"
    if not isinstance(base_ref, str):
        raise error(f"{source}: {where}: expected a preset id or a path, got {show(base_ref)}",
                    source=source, key=where)
    if presets.exists(base_ref):
        base = read_toml(presets.text(base_ref), f"preset {base_ref}", error)
    else:
        path = (base_dir or Path.cwd()) / base_ref
        if not is_file(path):
            raise error(
                f"{source}: {where}: {quote(base_ref)} is neither a preset "
                f"({', '.join(presets.ids())}) nor a treaty file",
                source=source, key=where,
            )
        file = path.resolve()
        if file in chain:
            cycle = " → ".join(str(link) for link in (*chain, file))
            raise error(f"{source}: {where}: extending {path} goes round in a circle "
                        f"({cycle}); a treaty cannot extend itself", source=source, key=where)
        if len(chain) >= MAX_EXTENDS:
            raise error(f"{source}: {where}: extending {path} makes a chain of more than "
                        f"{MAX_EXTENDS} treaty files (each extending the next); merge some "
                        "of them", source=source, key=where)
        base = _resolve_extends(
            read_toml(read_file(path, error), str(path), error), str(path), "",
            path.parent, error, (*chain, file),
        )
    merged = dict(base)
    for name, value in data.items():
        if name == "extends":
            continue
        if isinstance(value, dict) and isinstance(merged.get(name), dict):
            merged[name] = {**merged[name], **value}
        else:
            merged[name] = value
    return merged


def _treaty(data: dict[str, Any], source: str, path: str) -> Treaty:
    top = Reader(data, source, path, TreatyFileError)
    top.only(TREATY_KEYS, "a treaty")
    treaty_id = top.string("id", required=True)
    if not _TREATY_ID.fullmatch(treaty_id):
        top.fail("id", f"{quote(treaty_id)} is not a valid id: use lowercase letters, digits and "
                       "single hyphens ([a-z0-9-]+), e.g. 'rome-statute-1998'")
    known_groups = groups(top)
    parties = _parties(top, known_groups)
    month_end = top.string("month_end", "last-day")
    if month_end not in MONTH_END_POLICIES:
        top.fail("month_end", f"{quote(month_end)} is not a month-end policy; use one of "
                              f"{', '.join(repr(p) for p in MONTH_END_POLICIES)}")
    depositary = top.table("depositary", required=True)
    assert depositary is not None
    depositary.only({"name", "timezone", "holidays"}, "[depositary]")
    holidays = depositary.optional_string("holidays")
    if holidays is not None:
        from .._dates.workdays import calendar_problem

        problem = depositary.guard("holidays", lambda: calendar_problem(holidays))
        if problem is not None:
            depositary.fail("holidays", problem)
    zone_name = depositary.string("timezone", required=True)
    depositary.guard("timezone", lambda: timezone(zone_name))
    weights = _weights(top)
    entry_into_force = _entry_into_force(top, parties, weights, known_groups)
    participation = _participation(top, parties, known_groups)
    if participation.eligible is not None and isinstance(entry_into_force.condition,
                                                         Instruments):
        section = top.table("participation")
        assert section is not None
        check_eligible_including(section, participation.eligible,
                                 entry_into_force.condition.including)
    treaty = Treaty(
        id=treaty_id,
        title=top.string("title", treaty_id),
        depositary=Depositary(depositary.string("name", "the depositary"), zone_name,
                              holidays),
        entry_into_force=entry_into_force,
        parties=parties,
        opened_for_signature=top.plain_date("opened_for_signature"),
        month_end=month_end,
        withdrawal=_withdrawal(top),
        termination=_termination(top),
        duties=_duties(top),
        weights=weights,
        term=_term(top),
        participation=participation,
        provisional_application=_provisional_application(top),
        protocols=_protocols(top, parties),
        groups=known_groups,
    )
    backward = backward_rule(treaty)
    if backward is not None:
        key, why = backward
        top.fail(key, why)
    return treaty


def _parties(top: Reader, known: Mapping[str, tuple[str, ...]]) -> tuple[str, ...] | None:
    if not top.has("parties"):
        return None
    value = top.raw("parties")
    if isinstance(value, str) and not STATE_CODE.fullmatch(value):
        value = list(group_of(top, "parties", value, known))
    if not isinstance(value, list) or not value:
        top.fail("parties", f"expected a non-empty list of State codes, got {show(value)}")
    codes: list[str] = []
    for index, code in enumerate(value):
        if not isinstance(code, str) or not STATE_CODE.fullmatch(code):
            top.fail("parties", f"item {index} ({show(code)}) is not a State code: use "
                                "ISO 3166-1 alpha-3 such as 'KAZ' (uppercase)")
        if code in codes:
            top.fail("parties", f"{code} is listed twice")
        codes.append(code)
    if len(codes) < 2:
        top.fail("parties", "a treaty needs at least two parties (VCLT art. 2(1)(a))")
    return tuple(codes)


def _weights(top: Reader) -> dict[str, dict[str, Fraction]]:
    section = top.table("weights")
    if section is None:
        return {}
    tables: dict[str, dict[str, Fraction]] = {}
    for name in section.data:
        table = section.table(name)
        assert table is not None
        weights: dict[str, Fraction] = {}
        for code, weight in table.data.items():
            if not STATE_CODE.fullmatch(code):
                table.fail(code, "is not a State code (uppercase, e.g. 'USA')")
            if isinstance(weight, bool) or not isinstance(weight, int | float) \
                    or not 0 <= weight < float("inf"):
                table.fail(code, f"expected a non-negative number, got {show(weight)}")
            weights[code] = Fraction(repr(weight)) if isinstance(weight, float) else \
                Fraction(weight)
        tables[name] = weights
    return tables


def _entry_into_force(
    top: Reader, parties: tuple[str, ...] | None, weights: Mapping[str, object],
    known_groups: Mapping[str, tuple[str, ...]],
) -> EntryIntoForce:
    section = top.table("entry_into_force")
    if section is None:
        if parties is None:
            top.fail("entry_into_force", "is required for a treaty open to any State "
                                         "(there is no list of negotiating States to wait for)")
        return EntryIntoForce(AllParties(), cites="VCLT art. 24(2)")
    section.only({"when", "date", "later", "later_after", "not_before", "cites", "text"},
                 "[entry_into_force]")
    later_after = section.string("later_after", "threshold")
    if later_after not in ("threshold", "entry-into-force"):
        section.fail("later_after", f"{quote(later_after)} is not allowed; use \"threshold\" "
                                    "(consents after the day the condition was met, e.g. Rome "
                                    "Statute art. 126(2)) or \"entry-into-force\" (consents "
                                    "after entry into force, e.g. Arms Trade Treaty art. 22(2))")
    when = section.raw("when") if section.has("when") else ("all" if parties else None)
    condition: Condition
    if when == "all":
        if parties is None:
            section.fail("when", "\"all\" needs the list of negotiating States (`parties`); an "
                                 "open treaty uses { instruments = N }")
        condition = AllParties()
    elif isinstance(when, dict):
        limb = Reader(when, section.source, section.where("when"), TreatyFileError)
        limb.only({"instruments", "weight", "share", "including"}, "`when`")
        count = limb.typed("instruments", int, "a whole number of instruments", 0)
        if count < 0 or (count == 0 and not limb.has("weight")):
            limb.fail("instruments", "must be a whole number of at least 1")
        weight = limb.optional_string("weight")
        share_value = limb.raw("share")
        if (weight is None) != (share_value is None):
            limb.fail("share" if weight else "weight",
                      "`weight` and `share` go together (e.g. weight = \"emissions\", "
                      "share = 0.55)")
        share = None
        if weight is not None:
            if weight not in weights:
                limb.fail("weight", f"no weight table named {quote(weight)} under [weights]"
                          + (f" (there are: {', '.join(weights)})" if weights else ""))
            if isinstance(share_value, bool) or not isinstance(share_value, int | float) \
                    or not 0 < share_value <= 1:
                limb.fail("share", f"expected a fraction between 0 and 1 (e.g. 0.55), got "
                                   f"{show(share_value)}")
            share = Fraction(repr(share_value)) if isinstance(share_value, float) else \
                Fraction(share_value)
        if parties is not None and count > len(parties):
            limb.fail("instruments", f"{count} instruments can never be reached with "
                                     f"{len(parties)} listed parties")
        required = including(limb, known_groups, parties) if limb.has("including") else ()
        condition = Instruments(count, weight, share, required)
    else:
        section.fail("when", f"expected \"all\" or a table such as {{ instruments = 60 }}, got "
                             f"{show(when)}")
    return EntryIntoForce(
        condition=condition,
        date=section.rule("date", DateRule()) or DateRule(),
        later=section.rule("later", None),
        later_after="threshold" if later_after == "threshold" else "entry-into-force",
        not_before=section.plain_date("not_before"),
        cites=section.optional_string("cites"),
        text=section.optional_string("text"),
    )


def _withdrawal(top: Reader) -> Withdrawal:
    section = top.table("withdrawal")
    if section is None:
        return Withdrawal()
    section.only({"allowed", "effective", "earliest", "later_date", "revocable", "cites",
                  "text", "postponed_by_armed_conflict", "earliest_from", "extendable"},
                 "[withdrawal]")
    term = top.raw("term")
    if section.has("effective") and isinstance(term, dict) and "renewal" in term:
        section.fail("effective", "a treaty with a fixed [term] that renews fixes when a "
                                  "denunciation takes effect (the end of a period, e.g. "
                                  "Genocide Convention art. XIV); remove `effective`")
    earliest_from = section.string("earliest_from", "party")
    if earliest_from not in ("party", "treaty"):
        section.fail("earliest_from", f"{quote(earliest_from)} is not allowed; use \"party\" "
                                      "(`earliest` counts from the State's own entry into "
                                      "force, e.g. Paris Agreement art. 28(1)) or \"treaty\" "
                                      "(from the treaty's, e.g. American Convention on Human "
                                      "Rights art. 78(1))")
    if section.has("earliest_from") and not section.has("earliest"):
        section.fail("earliest_from", "says what `earliest` counts from, but there is no "
                                      "`earliest`: add it (e.g. earliest = [\"+P5Y\"]) or "
                                      "remove `earliest_from`")
    default = Withdrawal()
    return Withdrawal(
        allowed=section.boolean("allowed", True),
        effective=section.rule("effective", default.effective) or default.effective,
        earliest=section.rule("earliest", None),
        later_date=section.boolean("later_date", False),
        revocable=section.boolean("revocable", True),
        cites=section.optional_string("cites"),
        text=section.optional_string("text"),
        postponed_by_armed_conflict=section.boolean("postponed_by_armed_conflict", False),
        earliest_from="party" if earliest_from == "party" else "treaty",
        extendable=section.boolean("extendable", False),
    )


def _term(top: Reader) -> Term | None:
    """``[term]``: a fixed term, with tacit renewal (Genocide Convention art. XIV) or
    expiring at its end unless extended (New START art. XIV(2), SPEC §8.4)."""
    section = top.table("term")
    if section is None:
        return None
    section.only({"initial", "renewal", "notice", "max_extension", "cites", "text"}, "[term]")
    section.need("initial")
    if section.has("renewal") != section.has("notice"):
        given, missing = ("renewal", "notice") if section.has("renewal") else \
            ("notice", "renewal")
        section.fail(given, f"`renewal` and `notice` go together (a term that renews "
                            f"tacitly, with a denunciation window): add `{missing}`, or "
                            f"remove `{given}` for a term that expires")
    periods: dict[str, Period | None] = {}
    for key in ("initial", "renewal", "notice", "max_extension"):
        if not section.has(key):
            periods[key] = None
            continue
        period = parse_period_at(section, key)
        if period == Period():
            section.fail(key, "must be longer than zero (e.g. \"P10Y\")")
        periods[key] = period
    check_extension(section, periods["renewal"])
    initial = periods["initial"]
    assert initial is not None
    return Term(initial, periods["renewal"], periods["notice"],
                section.optional_string("cites"), section.optional_string("text"),
                max_extension=periods["max_extension"])


def _participation(top: Reader, parties: tuple[str, ...] | None,
                   known_groups: Mapping[str, tuple[str, ...]]) -> Participation:
    """``[participation]``: when signature closes and accession opens; which States
    may join (SPEC §8.3)."""
    section = top.table("participation")
    if section is None:
        return Participation()
    section.only({"signature_closes", "accession_opens", "eligible", "cites", "text"},
                 "[participation]")
    eligible = eligible_states(section, known_groups, parties)
    if parties is not None and section.has("accession_opens"):
        section.fail("accession_opens", "a closed treaty (with `parties`) is not open to "
                                        "accession; remove the key or the `parties` list")

    def limit(key: str) -> pendulum.Date | OnEntryIntoForce | None:
        if section.raw(key) == "entry-into-force":
            return "entry-into-force"
        if isinstance(section.raw(key), str):
            section.fail(key, f"expected a date such as 2000-12-31 or \"entry-into-force\", "
                              f"got {show(section.raw(key))}")
        return section.plain_date(key)

    return Participation(limit("signature_closes"), limit("accession_opens"),
                         section.optional_string("cites"), section.optional_string("text"),
                         eligible=None if eligible is None else eligible[0],
                         eligible_group=None if eligible is None else eligible[1])


_PROVISIONAL_UNTIL = ("entry-into-force", "entry-into-force-for-party")


def _provisional_application(top: Reader) -> ProvisionalApplication | None:
    """``[provisional_application]``: States may apply the treaty before it binds them
    (VCLT art. 25)."""
    section = top.table("provisional_application")
    if section is None:
        return None
    section.only({"until", "cites", "text"}, "[provisional_application]")
    until = section.string("until", "entry-into-force")
    if until not in _PROVISIONAL_UNTIL:
        section.fail("until", f"{quote(until)} is not an end of provisional application; use "
                              f"{' or '.join(repr(u) for u in _PROVISIONAL_UNTIL)}")
    return ProvisionalApplication(
        until="entry-into-force" if until == "entry-into-force" else "entry-into-force-for-party",
        cites=section.optional_string("cites"), text=section.optional_string("text"),
    )


def _protocols(top: Reader, parties: tuple[str, ...] | None) -> tuple[Protocol, ...]:
    """``[[protocols]]``: amending protocols, each with its own consents and entry into
    force (default: every State for which the treaty is in force has consented)."""
    protocols: list[Protocol] = []
    for item in top.tables("protocols"):
        item.only({"id", "title", "when", "date", "cites", "text"}, "a [[protocols]] table")
        protocol_id = item.string("id", required=True)
        if not _TREATY_ID.fullmatch(protocol_id):
            item.fail("id", f"{quote(protocol_id)} is not a valid protocol id ([a-z0-9-]+)")
        if any(p.id == protocol_id for p in protocols):
            item.fail("id", f"protocol {quote(protocol_id)} is declared twice")
        when = item.raw("when") if item.has("when") else "all"
        condition: Condition
        if when == "all":
            condition = AllParties()
        elif isinstance(when, dict):
            limb = Reader(when, item.source, item.where("when"), TreatyFileError)
            limb.only({"instruments"}, "a protocol's `when`")
            count = limb.typed("instruments", int, "a whole number of instruments", 0)
            if count < 1:
                limb.fail("instruments", "must be a whole number of at least 1")
            if parties is not None and count > len(parties):
                limb.fail("instruments", f"{count} instruments can never be reached with "
                                         f"{len(parties)} listed parties")
            condition = Instruments(count)
        else:
            item.fail("when", f"expected \"all\" (every State for which the treaty is in "
                              f"force) or a table such as {{ instruments = 10 }}, got "
                              f"{show(when)}")
        protocols.append(Protocol(
            id=protocol_id,
            title=item.string("title", protocol_id),
            condition=condition,
            date=item.rule("date", DateRule()) or DateRule(),
            cites=item.optional_string("cites"),
            text=item.optional_string("text"),
        ))
    return tuple(protocols)


def _termination(top: Reader) -> Termination:
    section = top.table("termination")
    if section is None:
        return Termination()
    section.only({"below", "cites", "text"}, "[termination]")
    below = section.typed("below", int, "a whole number of parties", None)
    if below is not None and below < 1:
        section.fail("below", f"must be at least 1, got {below}")
    return Termination(below, section.optional_string("cites"), section.optional_string("text"))


def _duties(top: Reader) -> tuple[Duty, ...]:
    duties: list[Duty] = []
    for item in top.tables("duties"):
        item.only({"id", "after", "within", "cites", "text"}, "a [[duties]] table")
        duty_id = item.string("id", required=True)
        if not _TREATY_ID.fullmatch(duty_id):
            item.fail("id", f"{quote(duty_id)} is not a valid duty id ([a-z0-9-]+)")
        if any(d.id == duty_id for d in duties):
            item.fail("id", f"duty {quote(duty_id)} is declared twice")
        after = item.string("after", required=True)
        if after not in DUTY_TRIGGERS:
            item.fail("after", f"{quote(after)} is not a trigger; use one of "
                               f"{', '.join(DUTY_TRIGGERS)}")
        within = None
        if item.has("within"):
            within = parse_period_at(item, "within")
        duties.append(Duty(duty_id, after, within,
                           item.optional_string("cites"), item.optional_string("text")))
    return tuple(duties)



def preset_treaty(preset_id: str) -> Treaty:
    """The built-in treaty ``preset_id``, parsed once (``presets.get``)."""
    if not isinstance(preset_id, str) or not presets.exists(preset_id):
        raise presets.unknown(preset_id)
    return _parsed_preset(preset_id)


@cache
def _parsed_preset(preset_id: str) -> Treaty:
    return parse_treaty(presets.text(preset_id), f"preset {preset_id}")
