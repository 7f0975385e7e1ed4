"""The readable outcome: rich tables for people (colour on a terminal only)."""

from __future__ import annotations

from typing import IO

import pendulum
from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .._model.outcome import Outcome
from .escaping import visible

__all__ = ["console", "outcome_renderable", "print_outcome"]

_STYLE = {
    "input": "",
    "derived": "bold",
    "scheduled": "cyan",
    "revoked": "dim strike",
    "cancelled": "dim strike",
    "lapsed": "dim strike",
    "late": "yellow",
    "overdue": "bold red",
    "done": "green",
    "pending": "cyan",
}
_PARTY_STYLE = {
    "negotiating": "dim",
    "signatory": "",
    "contracting": "cyan",
    "party": "green",
    "withdrawing": "yellow",
    "withdrawn": "dim",
    "terminated": "red",
}


def _day(date: pendulum.Date | None) -> str:
    return "—" if date is None else f"{date.isoformat()} {date.format('ddd')}"


def outcome_renderable(outcome: Outcome, *, plain: bool) -> Group:
    """The timeline, the parties, the duties and the notes, as rich tables."""
    frame = None if plain else box.SIMPLE_HEAD
    heading = Text.assemble(
        (visible(outcome.treaty.title), "bold"),
        f"\nstatus: {outcome.status}",
        f" · entry into force: {_day(outcome.entry_into_force)}",
        f" · terminated: {_day(outcome.terminated)}" if outcome.terminated else "",
        f" · as of {_day(outcome.as_of)}" if outcome.as_of else "",
    )

    timeline = Table(title="Timeline", box=frame, title_justify="left", pad_edge=False)
    for column in ("Date", "Event", "Party", "What", "Rule", "Source"):
        timeline.add_column(column, no_wrap=column in ("Date", "Event", "Party"))
    after_as_of = False
    for entry in outcome.timeline:
        if outcome.as_of is not None and entry.date > outcome.as_of and not after_as_of:
            # A rule under the last day counted: below it, what is only scheduled.
            timeline.add_section()
            after_as_of = True
        kind = entry.kind + (f" {entry.duty}" if entry.duty and entry.kind == "duty" else "")
        source = entry.source if entry.status in ("occurred", "scheduled") else entry.status
        style = _STYLE.get(source, "")
        # Text, not str: a cell given as str is read as rich markup, and a treaty's
        # `cites` may hold brackets ("[1]", "[/b]") that are not markup.
        # visible(): a file's text may hold escape sequences; the terminal shows them.
        timeline.add_row(
            _day(entry.date), kind, entry.party or "", Text(visible(entry.detail)),
            Text(visible(entry.cites or "")), source, style=None if plain else style,
        )

    parties = Table(title="Parties", box=frame, title_justify="left", pad_edge=False)
    for column in ("Party", "Status", "Signed", "Consent", "In force from",
                   "Notice from", "Withdrawal notice", "Effective", "Revoked"):
        parties.add_column(column, no_wrap=True)
    for code, record in outcome.parties.items():
        parties.add_row(
            code, Text(record.status, style="" if plain else _PARTY_STYLE.get(record.status, "")),
            _day(record.signed), _day(record.consent),
            _day(record.in_force_from), _day(record.withdrawal_notice_from),
            _day(record.withdrawal_notice),
            _day(record.withdrawal_effective), _day(record.withdrawal_revoked),
        )

    duties = Table(title="Depositary duties", box=frame, title_justify="left", pad_edge=False)
    for column in ("Duty", "Party", "Trigger", "Due", "Done", "Status", "Rule"):
        duties.add_column(column, no_wrap=True)
    for duty in outcome.duties:
        duties.add_row(
            duty.id, duty.party or "", _day(duty.trigger), _day(duty.due), _day(duty.done),
            Text(duty.status, style="" if plain else _STYLE.get(duty.status, "")),
            Text(visible(duty.cites or "")),
        )

    parts: list[Text | Table] = [heading, timeline, parties]
    if outcome.duties:
        parts.append(duties)
    if outcome.notes:
        parts.append(Text("Notes:\n" + "\n".join(f"  · {visible(note)}"
                                                   for note in outcome.notes)))
    spaced: list[Text | Table] = [parts[0]]
    for part in parts[1:]:
        spaced += [Text(""), part]
    return Group(*spaced)


def print_outcome(outcome: Outcome, out: Console) -> None:
    """Print the tables: coloured on a terminal; elsewhere plain text without the
    padding rich leaves at the end of lines (so files and diffs stay clean)."""
    renderable = outcome_renderable(outcome, plain=not out.is_terminal)
    if out.is_terminal:
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable)
    out.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def console(stderr: bool = False, file: IO[str] | None = None) -> Console:
    """A console that colours a terminal and writes plain, unwrapped text elsewhere
    (to ``file``, when one is given: always plain)."""
    if file is None:
        probe = Console(stderr=stderr)
        if probe.is_terminal:
            return probe
    return Console(stderr=stderr, file=file, width=200, no_color=True, highlight=False,
                   emoji=False, soft_wrap=False, force_terminal=False)
