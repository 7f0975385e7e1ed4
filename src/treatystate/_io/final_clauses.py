"""Reading the final clauses of SPEC §8: groups of States, qualified thresholds
(``including``), eligible States, and fixed terms that expire.

Each reader takes the loader's table reader (``Reader``) and fails through it, so an
error names the file, the line and the key path like every other loader error, and
says what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._dates.periods import DateRule, Period, quote
from .._model.clauses import Including, Treaty

if TYPE_CHECKING:
    from .reader import Reader

__all__ = [
    "GROUP_NAME", "backward_rule", "check_eligible_including", "check_extension",
    "eligible_states", "group_of", "groups", "including", "treaty_problem",
]

GROUP_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STATE_CODE = re.compile(r"[A-Z][A-Z0-9-]{1,31}")
_CODE_HINT = "use ISO 3166-1 alpha-3 such as 'KAZ' (uppercase)"


def groups(top: Reader) -> dict[str, tuple[str, ...]]:
    """``[groups]``: named lists of States (SPEC §8.2), e.g. the member States of an
    organisation or the States listed in a treaty's annex."""
    section = top.table("groups")
    if section is None:
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for name, value in section.data.items():
        if not GROUP_NAME.fullmatch(name):
            section.fail(name, f"{quote(name)} is not a group name: use lowercase letters, "
                               "digits and single hyphens, e.g. member-states")
        if not isinstance(value, list) or not value:
            section.fail(name, f"expected a non-empty list of State codes such as "
                               f"[\"ALB\", \"AND\"], got {_kind(value)}")
        codes: list[str] = []
        for index, code in enumerate(value):
            if not isinstance(code, str) or not _STATE_CODE.fullmatch(code):
                section.fail(name, f"item {index} ({quote(code)}) is not a State code: "
                                   f"{_CODE_HINT}")
            if code in codes:
                section.fail(name, f"{code} is listed twice")
            codes.append(code)
        result[name] = tuple(codes)
    return result


def group_of(reader: Reader, key: str, name: str,
             known: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The States of the group ``name``, or an error listing the groups there are."""
    if name not in known:
        there = f" (there are: {', '.join(known)})" if known else " (there is none)"
        reader.fail(key, f"no group named {quote(name)} under [groups]{there}")
    return known[name]


def including(
    limb: Reader, known: Mapping[str, tuple[str, ...]], parties: tuple[str, ...] | None,
) -> tuple[Including, ...]:
    """``including``: ``{ group, at_least }``, a list of State codes (all required), or
    a list mixing both (SPEC §8.2)."""
    value = limb.raw("including")
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not value:
        limb.fail("including", "expected a requirement, got an empty list: write "
                               "{ group = \"member-states\", at_least = 3 } or a list of "
                               "State codes such as [\"CHN\", \"FRA\"]")
    requirements: list[Including] = []
    named: list[str] = []
    for item in items:
        if isinstance(item, dict):
            requirements.append(_at_least(limb, item, known, parties))
        elif isinstance(item, str) and _STATE_CODE.fullmatch(item):
            if item in named:
                limb.fail("including", f"{item} is named twice")
            if parties is not None and item not in parties:
                limb.fail("including", f"{item} is not a party to this closed treaty; its "
                                       f"instrument can never be counted (the listed parties "
                                       f"are {', '.join(parties)})")
            named.append(item)
        elif isinstance(item, str) and item in known:
            limb.fail("including", f"{quote(item)} is a group: write {{ group = "
                                   f"\"{item}\", at_least = N }} to say how many of it")
        else:
            limb.fail("including", f"expected {{ group = \"...\", at_least = N }} or a State "
                                   f"code such as \"CHN\", got {_kind(item)}")
    if named:
        requirements.append(Including(tuple(named), len(named)))
    return tuple(requirements)


def _at_least(limb: Reader, item: dict[str, Any], known: Mapping[str, tuple[str, ...]],
              parties: tuple[str, ...] | None) -> Including:
    unknown = sorted(set(item) - {"group", "at_least"})
    if unknown:
        limb.fail("including", f"unknown key {quote(unknown[0])} in an `including` table; "
                               "allowed keys are at_least, group")
    name = item.get("group")
    if not isinstance(name, str):
        limb.fail("including", f"`group` is required: the name of a [groups] list, got "
                               f"{_kind(name)}")
    members = group_of(limb, "including", name, known)
    at_least = item.get("at_least")
    if isinstance(at_least, bool) or not isinstance(at_least, int) or at_least < 1:
        limb.fail("including", f"`at_least` must be a whole number of at least 1 (\"including "
                               f"at least three member States\": at_least = 3), got "
                               f"{_kind(at_least)}")
    reachable = [code for code in members if parties is None or code in parties]
    if at_least > len(reachable):
        whose = "of its States are listed parties" if parties is not None else "States"
        limb.fail("including", f"at least {at_least} of group {quote(name)} can never be "
                               f"reached: only {len(reachable)} {whose}")
    return Including(members, at_least, name)


def eligible_states(
    section: Reader, known: Mapping[str, tuple[str, ...]], parties: tuple[str, ...] | None,
) -> tuple[tuple[str, ...], str | None] | None:
    """``[participation] eligible``: a group name, or a list of State codes (SPEC §8.3)."""
    if not section.has("eligible"):
        return None
    if parties is not None:
        section.fail("eligible", "a closed treaty's `parties` already says which States may "
                                 "join; `eligible` is for a treaty open to the States of a "
                                 "list (remove `parties`, or `eligible`)")
    value = section.raw("eligible")
    if isinstance(value, str):
        return group_of(section, "eligible", value, known), value
    if not isinstance(value, list) or not value:
        section.fail("eligible", f"expected a [groups] name or a non-empty list of State "
                                 f"codes, got {_kind(value)}")
    codes: list[str] = []
    for index, code in enumerate(value):
        if not isinstance(code, str) or not _STATE_CODE.fullmatch(code):
            section.fail("eligible", f"item {index} ({quote(code)}) is not a State code: "
                                     f"{_CODE_HINT}")
        if code in codes:
            section.fail("eligible", f"{code} is listed twice")
        codes.append(code)
    return tuple(codes), None


def check_eligible_including(
    section: Reader, eligible: tuple[str, ...], requirements: tuple[Including, ...],
) -> None:
    """A threshold that needs States who may not join can never be met."""
    for requirement in requirements:
        reachable = [code for code in requirement.states if code in eligible]
        if len(reachable) < requirement.at_least:
            missing = [code for code in requirement.states if code not in eligible]
            section.fail("eligible", f"entry into force needs {requirement.describe()}, but "
                                     f"{', '.join(missing[:6])} may not join under "
                                     "`eligible`: the threshold could never be met")


def check_extension(section: Reader, renewal: Period | None) -> None:
    """``max_extension`` bounds an agreed extension of a term that expires."""
    if renewal is not None and section.has("max_extension"):
        section.fail("max_extension", "a term that renews tacitly (`renewal`) is not "
                                      "extended by agreement; `max_extension` is for a term "
                                      "without renewal (e.g. New START art. XIV(2))")


def _kind(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a number",
             list: "an array", dict: "a table"}
    return f"{names.get(type(value), 'a value')} ({quote(value)})" if value is not None \
        else "nothing"


# Each date rule that counts from a day, and the day it counts from (SPEC §8.7).
_STARTS = {
    "entry_into_force.date": "the day the condition is met",
    "entry_into_force.later": "the day the State's consent is received",
    "withdrawal.effective": "the day the notice is received",
    "withdrawal.earliest": "the day the treaty entered into force",
}


def backward_rule(treaty: Treaty) -> tuple[str, str] | None:
    """The first date rule of ``treaty`` that lands before its start on some day, as
    ``(key, why)``; ``None`` when every rule keeps to its start or later."""
    eif, withdrawal = treaty.entry_into_force, treaty.withdrawal
    rules: list[tuple[str, DateRule | None]] = [
        ("entry_into_force.date", eif.date), ("entry_into_force.later", eif.later),
        ("withdrawal.effective", withdrawal.effective),
        ("withdrawal.earliest", withdrawal.earliest),
    ]
    rules += [(f"protocols[{index}].date", protocol.date)
              for index, protocol in enumerate(treaty.protocols)]
    for key, rule in rules:
        if rule is None:
            continue
        found = rule.lands_before_start(treaty.month_end)
        if found is not None:
            start, result = found
            counted = _STARTS.get(key, "the day the protocol's condition is met")
            return key, (
                f"{rule.as_strings()} lands before its start: from {start} it gives "
                f"{result}. A date rule may step back (\"-P1D\") but never land before "
                f"{counted} (SPEC §8.7)"
            )
    return None


def treaty_problem(treaty: Treaty) -> str | None:
    """What makes the SPEC §8 clauses of a treaty built in Python unusable, in the
    loader's terms, or ``None``: a ``Scenario`` made in Python gets these checks too."""
    if not isinstance(treaty.groups, Mapping) or not all(
            isinstance(name, str) and isinstance(codes, tuple) and codes
            and all(isinstance(code, str) for code in codes)
            for name, codes in treaty.groups.items()):
        return f"`groups` must map names to non-empty tuples of State codes, got " \
               f"{quote(treaty.groups)}"
    condition = treaty.entry_into_force.condition
    requirements: tuple[Including, ...] = getattr(condition, "including", ())
    if not isinstance(requirements, tuple) or not all(
            isinstance(r, Including) for r in requirements):
        return f"`including` must be a tuple of Including, got {quote(requirements)}"
    for requirement in requirements:
        if not requirement.states or isinstance(requirement.at_least, bool) \
                or not isinstance(requirement.at_least, int) \
                or not 1 <= requirement.at_least <= len(requirement.states):
            return (f"including {requirement.describe()!r}: `at_least` must be a whole number "
                    f"from 1 to the number of its States ({len(requirement.states)})")
    eligible = treaty.participation.eligible
    if eligible is not None:
        if treaty.parties is not None:
            return ("`participation.eligible` is for a treaty open to the States of a list; "
                    "a closed treaty's `parties` already says which States may join")
        for requirement in requirements:
            if sum(1 for code in requirement.states if code in eligible) < requirement.at_least:
                return (f"entry into force needs {requirement.describe()}, which the States "
                        "under `participation.eligible` can never meet")
    term = treaty.term
    if term is not None and (term.renewal is None) != (term.notice is None):
        return "`term.renewal` and `term.notice` go together (or neither, for a term that expires)"
    if term is not None and term.renewal is not None and term.max_extension is not None:
        return "`term.max_extension` is for a term without renewal"
    if treaty.withdrawal.earliest_from not in ("party", "treaty"):
        return (f"`withdrawal.earliest_from` must be \"party\" or \"treaty\", got "
                f"{quote(treaty.withdrawal.earliest_from)}")
    backward = backward_rule(treaty)
    if backward is not None:
        key, why = backward
        return f"`{key}`: {why}"
    return None
