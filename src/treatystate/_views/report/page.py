"""The report page: one self-contained HTML document, built from an outcome's values.

Every string that comes from a file (titles, State codes, ``cites``, clause texts,
duty ids, variant names) goes through :func:`html.escape`; the page holds no script,
no font and nothing fetched. Sections: what happens next, the States, the timeline,
the depositary's duties, every derived date explained, the notes, and for a scenario
with what-ifs its sweep and its variants.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pendulum

from ..._model.outcome import DutyRecord, Outcome, PartyRecord
from ...errors import RefusedEvent
from ..explain import Cause, DateExplanation
from ..timeline import chart
from .style import STYLE
from .svg import cdf_svg, timeline_svg

if TYPE_CHECKING:
    from ..._scenario import Scenario
    from ..._whatif.summary import SweepSummary

__all__ = ["render"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Status by symbol and word, never by colour alone.
_SYMBOLS = {
    "adopted": "○", "signed": "◐", "in-force": "●", "terminated": "■",
    "negotiating": "–", "signatory": "○", "contracting": "◐", "party": "●",
    "withdrawing": "◔", "withdrawn": "⊘",
    "done": "✓", "late": "⚠", "pending": "○", "overdue": "✗",
    "scheduled": "→", "occurred": "●", "revoked": "⊘", "cancelled": "⊘", "lapsed": "⊘",
    "postponed": "◔",
}
_TREATY_STATUS = {"adopted": "adopted, not yet signed", "signed": "signed, not in force",
                  "in-force": "in force", "terminated": "terminated"}
_KINDS = {
    "entry-into-force": "entry into force",
    "entry-into-force-for-party": "entry into force for the State",
    "withdrawal-effective": "withdrawal takes effect",
    "duty-due": "duty falls due",
    "termination": "termination",
}
# The per-State table: SPEC §5's columns always, withdrawal_notice_from (SPEC §8.8)
# whenever the outcome records it, any other recorded date when some State has one.
_ALWAYS = ("signed", "consent", "in_force_from", "withdrawal_notice_from", "withdrawal_notice",
           "withdrawal_effective")
_HEADINGS = {
    "signed": "Signed",
    "consent": "Consent",
    "in_force_from": "In force from",
    "withdrawal_notice": "Withdrawal notice",
    "withdrawal_effective": "Withdrawal takes effect",
    "withdrawal_notice_from": "Notice of withdrawal possible from",
    "withdrawal_revoked": "Withdrawal revoked",
    "consent_revoked": "Consent revoked",
    "withdrawal_postponed": "Withdrawal postponed",
    "provisional_from": "Provisional application from",
    "provisional_until": "Provisional application until",
}
_MANY = 20


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _day(date: dt.date | None) -> str:
    if date is None:
        return '<span class="none">—</span>'
    day = date.isoformat()
    return f'<time datetime="{day}">{day} {_WEEKDAYS[date.weekday()]}</time>'


def _status(status: str, text: str | None = None) -> str:
    symbol = _SYMBOLS.get(status, "•")
    return (f'<span class="status s-{_e(status)}"><span aria-hidden="true">{symbol}</span> '
            f"{_e(text or status)}</span>")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _kind(kind: str) -> str:
    return _KINDS.get(kind, kind.replace("-", " "))


def _table(caption: str, headings: Sequence[str], rows: Iterable[Sequence[str]], *,
           many: bool = False, row_headers: bool = True) -> str:
    """A table; the first cell of each row is its header (``th scope="row"``)."""
    head = "".join(f'<th scope="col">{heading}</th>' for heading in headings)
    body = []
    for cells in rows:
        first, rest = (cells[0], cells[1:]) if row_headers else (None, cells)
        row = f'<th scope="row">{first}</th>' if first is not None else ""
        row += "".join(f"<td>{cell}</td>" for cell in rest)
        body.append(f"<tr>{row}</tr>")
    klass = ' class="many"' if many else ""
    return (f"<table{klass}><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _section(anchor: str, title: str, body: str) -> str:
    return (f'<section id="{anchor}" aria-labelledby="{anchor}-h">'
            f'<h2 id="{anchor}-h">{title}</h2>{body}</section>')


# ------------------------------------------------------------------ the header


def _counts(parties: Iterable[PartyRecord]) -> str:
    counts: dict[str, int] = {}
    for record in parties:
        counts[record.status] = counts.get(record.status, 0) + 1
    order = ("party", "contracting", "signatory", "withdrawing", "withdrawn", "terminated",
             "negotiating")
    return ", ".join(f"{counts[status]} {_e(status)}" for status in order if status in counts)


def _standing(outcome: Outcome, scenario: Scenario) -> str:
    treaty = scenario.treaty
    status = outcome.status
    text = _TREATY_STATUS.get(status, status)
    if status == "in-force" and outcome.entry_into_force is not None:
        text += f" since {outcome.entry_into_force.isoformat()}"
    if status == "terminated" and outcome.terminated is not None:
        text += f" on {outcome.terminated.isoformat()}"
    rows = [
        ("Status", _status(status, text)),
        ("As of", _day(outcome.as_of) if outcome.as_of is not None else
         "the end of the scenario: every scheduled consequence played out"),
        ("Entry into force", _day(outcome.entry_into_force) if outcome.entry_into_force
         else "not yet" if status != "terminated" else "—"),
    ]
    if outcome.threshold_reached is not None:
        rows.append(("Condition met", _day(outcome.threshold_reached)))
    if outcome.terminated is not None:
        rows.append(("Terminated", _day(outcome.terminated)))
    rows.append(("States", f"{len(outcome.parties)}" + (
        f": {_counts(outcome.parties.values())}" if outcome.parties else "")))
    rows.append(("Depositary", f"{_e(treaty.depositary.name)} (dates in "
                               f"{_e(treaty.depositary.timezone)})"))
    rows.append(("Month end", f"<code>{_e(treaty.month_end)}</code>: how a month step "
                              "treats a day the month lacks"))
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<dl class="standing">{items}</dl>'


# ------------------------------------------------------------------ sections


def _next(outcome: Outcome) -> str:
    scheduled = [entry for entry in outcome.timeline if entry.source == "scheduled"]
    open_duties = [d for d in outcome.duties if d.status in ("pending", "overdue")]
    parts = []
    if outcome.as_of is None:
        parts.append("<p>No as-of date: the scenario is played to its end, so nothing is "
                     "left scheduled. Duties not yet performed are listed below.</p>")
    elif scheduled:
        parts.append(_table(
            f"Dates fixed by {outcome.as_of.isoformat()}, falling after it",
            ("Date", "What", "State", "Rule"),
            ((_day(e.date), _e(_kind(e.kind)) + (f" <code>{_e(e.duty)}</code>" if e.duty
                                                 else ""),
              _e(e.party or "—"), _e(e.cites or "—")) for e in scheduled),
        ))
    else:
        parts.append(f"<p>Nothing is scheduled after {outcome.as_of.isoformat()}.</p>")
    if open_duties:
        parts.append(_table(
            "Depositary duties not yet performed", ("Duty", "State", "Due", "Status"),
            ((f"<code>{_e(d.id)}</code>", _e(d.party or "—"),
              _day(d.due) if d.due else "no deadline", _status(d.status)) for d in open_duties),
        ))
    return _section("next", "What happens next", "".join(parts))


def _party_columns(outcome: Outcome) -> list[str]:
    names = [field.name for field in attrs.fields(PartyRecord) if field.name != "status"]
    # SPEC's columns in the order a State's life runs, then the others as recorded.
    names.sort(key=lambda name: _ALWAYS.index(name) if name in _ALWAYS else len(_ALWAYS))
    return [name for name in names
            if name in _ALWAYS or any(getattr(r, name) is not None
                                      for r in outcome.parties.values())]


def _states(outcome: Outcome) -> str:
    if not outcome.parties:
        return _section("states", "The States", "<p>No State appears in the scenario yet.</p>")
    columns = _party_columns(outcome)
    headings = ["State", "Status", *(_HEADINGS.get(name, name.replace("_", " ").capitalize())
                                     for name in columns)]
    rows = [
        [_e(code), _status(record.status), *(_day(getattr(record, name)) for name in columns)]
        for code, record in outcome.parties.items()
    ]
    many = len(rows) > _MANY
    caption = (f"{len(rows)} States: {_counts(outcome.parties.values())}"
               + (f" (as of {outcome.as_of.isoformat()})" if outcome.as_of else ""))
    return _section("states", "The States", _table(caption, headings, rows, many=many))


def _timeline(outcome: Outcome) -> str:
    figure = (
        f"<figure>{timeline_svg(chart(outcome))}<figcaption>Each State's periods "
        "(signatory, contracting, party, withdrawing, withdrawn) in the order the "
        "lifecycle allows, the treaty's milestones as vertical lines, and the "
        "depositary's duties below the line: from the event that triggers each to its "
        "deadline, or without one to the day it was done. Hover a bar for its dates."
        "</figcaption></figure>"
    )
    return _section("timeline", "Timeline", figure)


def _due(record: DutyRecord) -> str:
    if record.due is None:
        return "no deadline"
    text = _day(record.due)
    if record.due_extended_from is not None:
        text += f" (moved from {record.due_extended_from.isoformat()}: not a working day)"
    return text


def _duties(outcome: Outcome) -> str:
    if not outcome.duties:
        return _section("duties", "The depositary's duties",
                        "<p>No duty of the depositary has been triggered.</p>")
    table = _table(
        _plural(len(outcome.duties), "duty instance"),
        ("Duty", "State", "Triggered", "Due", "Done", "Status", "Rule"),
        ((f"<code>{_e(d.id)}</code>", _e(d.party or "—"), _day(d.trigger), _due(d),
          _day(d.done), _status(d.status), _e(d.cites or "—")) for d in outcome.duties),
        many=len(outcome.duties) > _MANY,
    )
    return _section("duties", "The depositary's duties", table)


# ------------------------------------------------------------------ explanations


def _group_key(item: DateExplanation) -> tuple[object, ...]:
    """Dates explained alike (the same day, rule and account, no arithmetic of their
    own): the States that entered into force with the treaty, read as one block."""
    return (item.date, item.kind, item.source, item.status, item.cites, item.clause,
            item.rule, item.text, item.account, item.duty, item.start, item.steps,
            item.adjusted, item.threshold)


def _groups(dates: Sequence[DateExplanation]) -> list[list[DateExplanation]]:
    groups: list[list[DateExplanation]] = []
    for item in dates:
        groupable = (item.party is not None and not item.steps and item.threshold is None)
        if (groupable and groups and groups[-1][0].party is not None
                and not groups[-1][0].steps and _group_key(groups[-1][0]) == _group_key(item)):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _brief(cause: Cause, party: str | None = None) -> str:
    """A cause in a few words, from its fields: ``SYN-001 consent 1999-01-04 (event 0)``
    (without the State's code when it is ``party``'s own)."""
    who = None if cause.party == party else cause.party
    bits = [bit for bit in (who, cause.kind, cause.date and cause.date.isoformat()) if bit]
    return _e(" ".join(bits) + f" (event {cause.index})" if bits else f"event {cause.index}")


def _rule_line(item: DateExplanation) -> str | None:
    """``start rule → date`` in one line: an account saying only that repeats the
    arithmetic shown step by step."""
    if item.start is None or item.rule is None:
        return None
    return f"{item.start.isoformat()} {' '.join(item.rule)} → {item.date.isoformat()}"


def _causes(causes: Sequence[Cause]) -> str:
    """The causes in full, or, more than eight, each in a few words in columns."""
    if len(causes) <= 8:
        return ('<ol class="causes">'
                + "".join(f"<li>{_e(cause.description)}</li>" for cause in causes) + "</ol>")
    return ('<ol class="causes long">'
            + "".join(f"<li>{_brief(cause)}</li>" for cause in causes) + "</ol>")


def _explained(group: list[DateExplanation], number: int, quoted: dict[str, int]) -> str:
    item = group[0]
    heading = f"{_day(item.date)} · {_e(_kind(item.kind))}"
    if item.duty:
        heading += f" <code>{_e(item.duty)}</code>"
    if len(group) == 1 and item.party:
        heading += f" · {_e(item.party)}"
    elif len(group) > 1:
        heading += f" · {len(group)} States"
    state = item.status if item.status != "occurred" else item.source
    if state != "derived":
        heading += f" · {_status(state)}"
    rows: list[tuple[str, str]] = []
    rule = _e(item.cites or "—")
    if item.clause:
        rule += f"; clause <code>[{_e(item.clause)}]</code>"
    if item.rule is not None:
        rule += " <code>" + _e(", ".join(item.rule)) + "</code>"
    rows.append(("Rule", rule))
    if item.text:
        if item.text in quoted:
            rows.append(("Text", f'quoted above, in <a href="#d{quoted[item.text]}">'
                                 f"date {quoted[item.text]}</a>"))
        else:
            quoted[item.text] = number
            rows.append(("Text", f"<blockquote>{_e(item.text)}</blockquote>"))
    if len(group) == 1:
        if item.caused_by:
            rows.append(("Counted", _causes(item.caused_by)))
    else:
        shared = set.intersection(*({c.index for c in g.caused_by} for g in group))
        own = []
        for member in group:
            mine = [_brief(c, member.party) for c in member.caused_by if c.index not in shared]
            own.append(f"<li>{_e(member.party)}: "
                       + ("; ".join(mine) if mine else "its instrument, counted for all below")
                       + "</li>")
        rows.append(("States", f'<ul class="states long">{"".join(own)}</ul>'))
        common = [c for c in item.caused_by if c.index in shared]
        if common:
            rows.append(("And, for all", _causes(common)))
    if item.account and item.account != _rule_line(item):
        rows.append(("Why", _e(item.account)))
    if item.start is not None:
        steps = "".join(
            f"<li><code>{step.start.isoformat()} {_e(step.step)} → "
            f"{step.result.isoformat()}</code>"
            + (f' <span class="note">({_e(step.note)})</span>' if step.note else "")
            + "</li>" for step in item.steps)
        arithmetic = (f"from {_day(item.start)}: <ol class=\"steps\">{steps}</ol>" if steps
                      else f"{_day(item.start)}, no steps: the same day")
        if item.adjusted:
            arithmetic += f'<p class="note">{_e(item.adjusted)}</p>'
        rows.append(("Arithmetic", arithmetic))
    threshold = item.threshold
    if threshold is not None:
        lines = [f"{_e(threshold.condition)}: {threshold.instruments} instrument"
                 f"{'s' if threshold.instruments != 1 else ''} counted"]
        if threshold.count_completed_by is not None:
            lines.append(f"count {threshold.count_required} completed by "
                         f"{_e(threshold.count_completed_by.description)}")
        if threshold.weight_completed_by is not None:
            lines.append(f"weight <code>{_e(threshold.weight)}</code> reached "
                         f"{_e(threshold.share_reached)} (at least "
                         f"{_e(threshold.share_required)} required) with "
                         f"{_e(threshold.weight_completed_by.description)}")
        if threshold.completed_by is not None:
            lines.append(f"condition met by {_e(threshold.completed_by.description)}")
        rows.append(("Threshold", "<br>".join(lines)))
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return (f'<article class="explained" id="d{number}"><h3>{number}. {heading}</h3>'
            f"<dl>{items}</dl></article>")


def _explanations(outcome: Outcome, scenario: Scenario) -> str:
    explanation = outcome.explain(scenario.treaty)
    if not explanation.dates:
        body = "<p>No date has been derived yet.</p>"
    else:
        quoted: dict[str, int] = {}
        groups = _groups(explanation.dates)
        body = (f"<p>{_plural(len(explanation.dates), 'derived date')}, in the order they "
                "fall. Each "
                "names the rule that produced it (the treaty's article and the clause of "
                "the treaty file), quotes the clause, lists the events it counted and "
                "replays its arithmetic.</p>"
                + "".join(_explained(group, number, quoted)
                          for number, group in enumerate(groups, start=1)))
    return _section("explained", "Every derived date, explained", body)


def _notes(outcome: Outcome) -> str:
    if not outcome.notes:
        body = "<p>No date needed a month-end adjustment or any other note.</p>"
    else:
        body = "<ul>" + "".join(f"<li>{_e(note)}</li>" for note in outcome.notes) + "</ul>"
    return _section("notes", "Notes", body)


# ------------------------------------------------------------------ what-ifs


def _sweep(scenario: Scenario) -> str:
    from ..._whatif.sweep import DateStats, run_sweep

    definition = scenario.sweep
    assert definition is not None
    result = run_sweep(scenario, definition, progress=False)
    summary = result.summary(definition.in_force_by)
    parts = [f"<p>{summary.rows} rows (seed {definition.seed}, {definition.samples} "
             f"sample{'s' if definition.samples != 1 else ''} per grid point): "
             f"{summary.refused} refused, {summary.never} never in force. The sweep "
             "varies the scenario's own events and plays each row to its end (no as-of "
             "date).</p>"]
    stats = summary.entry_into_force
    if stats is not None:
        q = stats.quantiles
        parts.append(_table(
            "Entry into force across the rows",
            ("Rows", "Earliest", "5%", "25%", "Median", "75%", "95%", "Latest"),
            [[str(stats.count), *(_e(v) for v in (stats.earliest, q["q05"], q["q25"],
                                                  q["median"], q["q75"], q["q95"],
                                                  stats.latest))]],
            row_headers=False,
        ))
    if summary.in_force_by:
        parts.append(_table(
            "Probability of being in force by a date (among rows not refused)",
            ("By", "Probability"),
            ([_e(day), f"{probability:.1%}"] for day, probability in
             summary.in_force_by.items()),
        ))
    if "entry_into_force" in result.columns:
        parts.append(_sweep_picture(scenario, result.day_counts(), summary))
    rows = []
    # A group of columns equal in every row is shown once; empty columns are named.
    same = {group[0]: group[1:] for group in summary.identical}
    hidden = {name for group in summary.identical for name in group[1:]} | set(summary.empty)
    for name, column in summary.columns.items():
        if name in hidden:
            continue
        if isinstance(column, DateStats):
            values = (f"{column.count} dates: {_e(column.earliest)} to {_e(column.latest)}, "
                      f"median {_e(column.quantiles['median'])}")
        else:
            counted = ", ".join(f"{value}: {count}" for value, count in column.items())
            values = _e(counted) if counted else "no value in any row"
        if same.get(name):
            values += ('<br><span class="note">the same in every row: '
                       f'{_e(", ".join(same[name]))}</span>')
        rows.append([_e(name), values])
    if summary.empty:
        rows.append([_e(", ".join(summary.empty)), "no value in any row"])
    if rows:
        parts.append(_table("Each column of the rows", ("Column", "Values"), rows,
                            many=len(rows) > _MANY))
    return _section("sweep", "Sweep: when the treaty may enter into force", "".join(parts))


def _sweep_picture(scenario: Scenario, days: Mapping[pendulum.Date, int],
                   summary: SweepSummary) -> str:
    """The probability of being in force by each date: the picture of ``treatystate
    sweep --plot`` (with its 95 % band) when matplotlib (the ``plot`` extra) is
    installed, else the report's own curve."""
    ran = summary.rows - summary.refused
    if not days or ran <= 0:
        return ""
    if importlib.util.find_spec("matplotlib") is not None:
        from ..._whatif.plot import in_force_picture

        drawn = in_force_picture(days, summary, title=scenario.title or scenario.treaty.title,
                                 fmt="svg").decode("utf-8")
        # Inline, the SVG element alone: no XML declaration or doctype inside HTML.
        picture = drawn[drawn.index("<svg"):]
        caption = (f"The share of the {ran} rows in which the treaty is in force on each "
                   "date, with its 95 % band (Dvoretzky–Kiefer–Wolfowitz), the dates of "
                   "the table above with 95 % Wilson intervals, and below, how many rows "
                   "enter into force in each period.")
    else:
        picture = cdf_svg(days, ran, tuple(summary.in_force_by.items()))
        caption = (f"The share of the {ran} rows in which the treaty is in force on each "
                   "date (each step is a day on which rows enter into force); the red "
                   "points are the probabilities of the table above. With the plot extra "
                   "(treatystate[plot]) the picture adds its 95 % band.")
    return f'<figure class="sweep">{picture}<figcaption>{caption}</figcaption></figure>'


def _variants(scenario: Scenario, baseline: Outcome, as_of: dt.date | str | None) -> str:
    from ..._whatif.diff import diff_outcomes

    when = f" as of {baseline.as_of.isoformat()}" if baseline.as_of else ""
    parts = ["<p>Each variant changes the scenario; the tables list every date and status "
             f"that differs from the baseline{when}.</p>"]
    for variant in scenario.variants:
        title = f"<code>{_e(variant.name)}</code>" + (f": {_e(variant.title)}"
                                                      if variant.title else "")
        try:
            outcome = scenario.variant(variant.name).run(as_of)
        except RefusedEvent as error:
            parts.append(f"<h3>{title}</h3><p>Refused: {_e(error)}</p>")
            continue
        diff = diff_outcomes(baseline, outcome, before_label="baseline",
                             after_label=variant.name)
        if diff.empty:
            parts.append(f"<h3>{title}</h3><p>No date or status differs.</p>")
            continue
        rows = ([_e(" · ".join(part for part in (change.subject, change.field) if part)),
                 _e(change.before) if change.before is not None else _day(None),
                 _e(change.after) if change.after is not None else _day(None)]
                for change in diff.changes)
        parts.append(f"<h3>{title}</h3>" + _table(
            _plural(len(diff.changes), "difference"), ("What", "Baseline", "Variant"), rows))
    return _section("variants", "Variants: what changes if", "".join(parts))


# ------------------------------------------------------------------ the page


def _outcome(scenario: Scenario, as_of: dt.date | str | None
             ) -> tuple[Outcome, RefusedEvent | None]:
    """The outcome to report. A refusal the scenario expects (``[expect.refusal]``: the
    refusal is what it shows) is reported with the outcome as of the day before the
    refused event; any other refusal is bad input, raised as from ``run``."""
    try:
        return scenario.run(as_of), None
    except RefusedEvent as error:
        expected = scenario.expect is not None and scenario.expect.refusal is not None
        if not expected or error.index is None or not 0 <= error.index < len(scenario.events):
            raise
        before = scenario.events[error.index].date - dt.timedelta(days=1)
        return scenario.run(before), error


def _refusal(error: RefusedEvent | None) -> str:
    if error is None:
        return ""
    return ('<p class="refused" role="note"><strong><span aria-hidden="true">⚠</span> '
            f"Refused, as this scenario expects:</strong> {_e(error)}. The report shows the "
            "treaty as of the day before the refused event.</p>\n")


def render(scenario: Scenario, as_of: dt.date | str | None = None) -> str:
    """The report of ``scenario`` (as of ``as_of``, else its own as-of date, else its
    end) as one HTML document."""
    outcome, refused = _outcome(scenario, as_of)
    treaty = scenario.treaty
    sections = [("next", "What happens next"), ("states", "The States"),
                ("timeline", "Timeline"), ("duties", "Duties"),
                ("explained", "Every date explained"), ("notes", "Notes")]
    body = [_next(outcome), _states(outcome), _timeline(outcome), _duties(outcome),
            _explanations(outcome, scenario), _notes(outcome)]
    if scenario.sweep is not None:
        sections.append(("sweep", "Sweep"))
        body.append(_sweep(scenario))
    if scenario.variants:
        sections.append(("variants", "Variants"))
        body.append(_variants(scenario, outcome, as_of))
    title = treaty.title + (f" — {scenario.title}" if scenario.title else "")
    nav = "".join(f'<li><a href="#{anchor}">{label}</a></li>' for anchor, label in sections)
    source = Path(scenario.source).name
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n"
        '<header>\n<p class="kicker">Treaty report</p>\n'
        f"<h1>{_e(treaty.title)}</h1>\n"
        + (f'<p class="scenario">{_e(scenario.title)}</p>\n' if scenario.title else "")
        + _refusal(refused)
        + _standing(outcome, scenario)
        + f'\n<nav aria-label="Contents"><ol>{nav}</ol></nav>\n</header>\n<main>\n'
        + "\n".join(body)
        + "\n</main>\n<footer><p>Computed by treatystate from the scenario "
        f"<code>{_e(source)}</code> (treaty <code>{_e(treaty.id)}</code>). Dates are "
        "calendar dates in the depositary's time zone; each derived date names the "
        "article that produced it.</p></footer>\n</body>\n</html>\n"
    )

