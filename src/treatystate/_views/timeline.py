"""Timelines: each State's periods, the treaty's milestones and the depositary's deadlines.

:func:`chart` reads an outcome into a :class:`Chart`; :func:`mermaid_gantt` writes it
as a Mermaid Gantt chart (rendered by GitHub, GitLab and most Markdown hosts), and
:func:`render_image` draws it as PNG or SVG with matplotlib (the ``plot`` extra,
imported only here, with the non-interactive Agg backend).

A State's periods come from replaying its timeline entries through ``PARTY_MACHINE``
(``lifecycle.py``), the machine the engine itself fires: each state change closes one
period and opens the next, so the picture cannot disagree with the lifecycle.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeAlias

import attrs
import pendulum

from .._extras import require
from .._model.outcome import DutyRecord, Outcome
from ..errors import InputError
from ..lifecycle import PARTY_MACHINE, fire
from .escaping import one_line

__all__ = [
    "DUTY_COLOURS",
    "PROVISIONAL_COLOUR",
    "STATE_COLOURS",
    "Chart",
    "Deadline",
    "ImageFormat",
    "Milestone",
    "Span",
    "chart",
    "mermaid_gantt",
    "party_spans",
    "provisional_spans",
    "render_image",
    "tick_labels",
]

ImageFormat: TypeAlias = Literal["png", "svg"]

# Timeline entries that move a State through PARTY_MACHINE, and the trigger each fires.
_PARTY_TRIGGERS = {
    "signature": "sign",
    "consent": "consent",
    "consent-revocation": "revoke_consent",
    "succession": "consent",
    "entry-into-force-for-party": "enter_into_force",
    "withdrawal": "withdraw",
    "withdrawal-revocation": "revoke_withdrawal",
    "withdrawal-effective": "withdrawal_takes_effect",
    "termination": "terminate",
}
# Treaty-wide entries shown as milestones.
_MILESTONES = {
    "entry-into-force": "entry into force",
    "protocol-entry-into-force": "protocol in force",
    "termination": "termination",
}
# Provisional application (VCLT art. 25): begun by one entry, ended by the others.
_PROVISIONAL_START = "provisional-application"
_PROVISIONAL_ENDS = ("provisional-application-end", "provisional-application-ends")
DRAWN_STATES = ("signatory", "contracting", "party", "withdrawing", "withdrawn", "terminated")


@attrs.frozen
class Span:
    """A State in one state from ``start`` up to (not including) ``end``.

    ``open`` means the state still holds at the chart's end (the period goes on).
    """

    state: str
    start: pendulum.Date
    end: pendulum.Date
    open: bool = False


@attrs.frozen
class Milestone:
    """A treaty-wide date: its first signature, entry into force, termination."""

    date: pendulum.Date
    label: str
    status: str
    cites: str | None = None


@attrs.frozen
class Deadline:
    """A duty instance: from ``trigger`` to ``due`` (``None``: the duty has no
    deadline), done or not."""

    duty: str
    party: str | None
    trigger: pendulum.Date
    due: pendulum.Date | None
    done: pendulum.Date | None
    status: str

    @property
    def flagged(self) -> bool:
        return self.status in ("late", "overdue")

    @property
    def label(self) -> str:
        who = f" {self.party}" if self.party else ""
        if self.status == "done":
            return f"{self.duty}{who} done {self.done}"
        if self.status == "late":
            return f"{self.duty}{who} LATE, done {self.done}"
        if self.due is None:
            return f"{self.duty}{who} {self.status.upper()}, no deadline"
        return f"{self.duty}{who} {self.status.upper()}, due {self.due}"


@attrs.frozen
class Chart:
    """Everything a timeline shows, with the date range it spans."""

    title: str
    start: pendulum.Date
    end: pendulum.Date
    as_of: pendulum.Date | None
    parties: Mapping[str, tuple[Span, ...]]
    milestones: tuple[Milestone, ...]
    # Every duty instance, with a deadline or without one.
    duties: tuple[Deadline, ...]
    provisional: Mapping[str, tuple[Span, ...]] = attrs.field(factory=dict)

    @property
    def deadlines(self) -> tuple[Deadline, ...]:
        """The duty instances that have a deadline."""
        return tuple(duty for duty in self.duties if duty.due is not None)


class _Replay:
    """A State's state while its entries are replayed through ``PARTY_MACHINE``."""

    def __init__(self) -> None:
        self.state = "negotiating"
        self.signed = False
        self.since: pendulum.Date | None = None

    # Conditions named in lifecycle.py. The engine already accepted every entry
    # replayed here, so an accession (consent without signature) was allowed.
    def may_accede(self) -> bool:
        return True

    def has_signed(self) -> bool:
        return self.signed


def _signers_by_date(outcome: Outcome) -> dict[pendulum.Date, list[str]]:
    # A multi-State signature names no single party; a State signs once, so the
    # States whose signature bears an entry's date signed there.
    signers: dict[pendulum.Date, list[str]] = {}
    for code, record in outcome.parties.items():
        if record.signed is not None:
            signers.setdefault(record.signed, []).append(code)
    return signers


def party_spans(outcome: Outcome, end: pendulum.Date) -> dict[str, tuple[Span, ...]]:
    """Each State's periods (negotiating omitted), the last one open up to ``end``."""
    replays = {code: _Replay() for code in outcome.parties}
    spans: dict[str, list[Span]] = {code: [] for code in outcome.parties}

    def move(code: str, trigger: str, date: pendulum.Date) -> None:
        replay = replays.setdefault(code, _Replay())
        if trigger == "enter_into_force" and replay.state == "negotiating":
            # Only a succession binds a State before its notice is received (SPEC
            # §8.6): the State is a party from that earlier day.
            move(code, "consent", date)
        before = replay.state
        if not fire(PARTY_MACHINE, trigger, replay) or replay.state == before:
            return
        if trigger == "sign":
            replay.signed = True
        if before != "negotiating" and replay.since is not None:
            spans.setdefault(code, []).append(Span(before, replay.since, date))
        replay.since = date

    signers = _signers_by_date(outcome)
    for entry in outcome.timeline:
        trigger = _PARTY_TRIGGERS.get(entry.kind)
        if trigger is None or entry.status != "occurred" or entry.source == "scheduled":
            continue
        if entry.kind == "signature":
            codes = [entry.party] if entry.party is not None else signers.get(entry.date, [])
        elif entry.kind == "termination":
            codes = list(replays)
        else:
            codes = [entry.party] if entry.party else []
        for code in codes:
            move(code, trigger, entry.date)
    for code, replay in replays.items():
        if replay.state != "negotiating" and replay.since is not None:
            spans.setdefault(code, []).append(
                Span(replay.state, replay.since, max(end, replay.since), open=True)
            )
    return {code: tuple(spans.get(code, ())) for code in outcome.parties}


def provisional_spans(outcome: Outcome, end: pendulum.Date) -> dict[str, tuple[Span, ...]]:
    """Each State's periods of provisional application (VCLT art. 25), the last one
    open up to ``end`` while it lasts."""
    spans: dict[str, list[Span]] = {}
    since: dict[str, pendulum.Date] = {}
    for entry in outcome.timeline:
        if entry.party is None or entry.status != "occurred" or entry.source == "scheduled":
            continue
        if entry.kind == _PROVISIONAL_START:
            since.setdefault(entry.party, entry.date)
        elif entry.kind in _PROVISIONAL_ENDS and entry.party in since:
            start = since.pop(entry.party)
            spans.setdefault(entry.party, []).append(Span("provisional", start, entry.date))
    for code, start in since.items():
        spans.setdefault(code, []).append(
            Span("provisional", start, max(end, start), open=True))
    return {code: tuple(found) for code, found in spans.items()}


def _milestones(outcome: Outcome) -> tuple[Milestone, ...]:
    found = []
    signatures = [e for e in outcome.timeline if e.kind == "signature"]
    if signatures:
        found.append(Milestone(signatures[0].date, "first signature", "occurred"))
    for entry in outcome.timeline:
        label = _MILESTONES.get(entry.kind)
        if label is not None and entry.party is None:
            status = entry.status if entry.source != "scheduled" else "scheduled"
            found.append(Milestone(entry.date, label, status, entry.cites))
    return tuple(found)


def _duties(duties: Iterable[DutyRecord]) -> tuple[Deadline, ...]:
    return tuple(Deadline(d.id, d.party, d.trigger, d.due, d.done, d.status) for d in duties)


def chart(outcome: Outcome) -> Chart:
    """The timeline of ``outcome``: up to ``as_of`` when it has one, else a little past
    its last date."""
    dates = [entry.date for entry in outcome.timeline]
    dates += [d.done for d in outcome.duties if d.done is not None]
    if outcome.as_of is not None:
        dates.append(outcome.as_of)
    first = min(dates) if dates else pendulum.Date(2000, 1, 1)
    last = max(dates) if dates else first
    margin = dt.timedelta(days=max(30, (last - first).days // 12))
    # Never past the calendar's last day: a scenario may run up to 9999-12-31.
    margin = min(margin, dt.date.max - last)
    end = outcome.as_of if outcome.as_of is not None else last + margin
    title = outcome.treaty.title + (f" (as of {outcome.as_of})" if outcome.as_of else "")
    return Chart(
        title=title, start=first, end=end, as_of=outcome.as_of,
        parties=party_spans(outcome, end), milestones=_milestones(outcome),
        duties=_duties(outcome.duties), provisional=provisional_spans(outcome, end),
    )


# ---------------------------------------------------------------- Mermaid Gantt

# Gantt task tags by state: Mermaid offers only done (grey), active (light), crit (red).
_GANTT_TAGS = {
    "signatory": "active",
    "contracting": "active",
    "party": "",
    "withdrawing": "crit",
    "withdrawn": "done",
    "terminated": "done",
}


def _gantt_text(text: str) -> str:
    """A file's text as one Mermaid Gantt name: on one line (a line break would start
    a section or task of the file's making), control characters written out; task
    names end at ``:``, comments start at ``%%``, ``#`` and ``;`` break some renderers,
    and a backtick fence would close the ``--markdown`` block."""
    text = one_line(text)
    for bad, good in ((":", " "), ("#", "No."), (";", ","), ("%%", "%"), ("`", "'")):
        text = text.replace(bad, good)
    return text.strip()


def mermaid_gantt(data: Chart) -> str:
    """The chart as a Mermaid Gantt diagram: a section per State, one for the treaty's
    milestones and one for the depositary's duties (late and overdue in red; one without
    a deadline runs to the day it was done, or to the chart's end while pending)."""
    lines = [
        "gantt",
        f"  title {_gantt_text(data.title)}",
        "  dateFormat YYYY-MM-DD",
        "  axisFormat %Y-%m-%d",
        "  todayMarker off",
    ]
    milestones = list(data.milestones)
    if data.as_of is not None:
        milestones.append(Milestone(data.as_of, "as of", "occurred"))
    if milestones:
        lines.append("  section Treaty")
    for number, milestone in enumerate(milestones):
        label = milestone.label + (f" ({milestone.cites})" if milestone.cites else "")
        if milestone.status != "occurred":
            label += f" [{milestone.status}]"
        tags = "milestone, crit" if milestone.label in _MILESTONES.values() else "milestone"
        lines.append(f"  {_gantt_text(label)} {milestone.date} : {tags}, m{number}, "
                     f"{milestone.date}, 0d")
    for number, (code, spans) in enumerate(data.parties.items()):
        provisional = data.provisional.get(code, ())
        if not spans and not provisional:
            continue
        lines.append(f"  section {_gantt_text(code)}")
        for position, span in enumerate(provisional):
            lines.append(f"  provisional application{' →' if span.open else ''} : "
                         f"p{number}a{position}, {span.start}, {span.end}")
        for position, span in enumerate(spans):
            if span.start == span.end and not span.open:
                continue  # held for no whole day (consent and entry into force at once)
            tag = _GANTT_TAGS.get(span.state, "")
            label = span.state + (" →" if span.open else "")
            prefix = f"{tag}, " if tag else ""
            lines.append(f"  {_gantt_text(label)} : {prefix}p{number}s{position}, "
                         f"{span.start}, {span.end}")
    if data.duties:
        lines.append("  section Duties")
    for number, deadline in enumerate(data.duties):
        tag = "crit, " if deadline.flagged else ("done, " if deadline.done else "")
        # Without a deadline, as in the picture: to the day it was done, or on to the
        # chart's end while it is pending (Mermaid shows a zero-day task as a milestone).
        end = deadline.due or deadline.done or max(data.end, deadline.trigger)
        if end == deadline.trigger:
            tag, end_text = f"{tag}milestone, ", "0d"
        else:
            end_text = str(end)
        lines.append(f"  {_gantt_text(deadline.label)} : {tag}d{number}, "
                     f"{deadline.trigger}, {end_text}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- matplotlib

# The pictures' colours (ColorBrewer; text on them reads at a contrast of 4.5:1 or more).
STATE_COLOURS = {
    "signatory": "#c6dbef",
    "contracting": "#6baed6",
    "party": "#1e7b3c",
    "withdrawing": "#9e9ac8",
    "withdrawn": "#bdbdbd",
    "terminated": "#636363",
}
# States whose first day is written on the bar (when there is room for text).
_ANNOTATED = ("withdrawing", "withdrawn", "terminated")
PROVISIONAL_COLOUR = "#54278f"
DUTY_COLOURS = {"done": "#74c476", "pending": "#9ecae1", "late": "#fd8d3c",
                 "overdue": "#de2d26"}


_FIRST_DAY, _LAST_DAY = pendulum.Date(1, 1, 2), pendulum.Date(9999, 12, 30)
_MARKER_COLOUR = "#08306b"
_AS_OF_COLOUR = "#a50f15"
# Month names written out: strftime's %b follows the locale, the picture must not.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The picture's size (inches) and resolution (dots per inch): the defaults, and the
# bounds that keep a PNG within what matplotlib can draw (2**16 pixels a side).
FIGURE_WIDTH, FIGURE_DPI = 13.0, 110.0
SIZE_RANGE, DPI_RANGE = (2.0, 60.0), (30.0, 600.0)
# A PNG's pixels are held in memory four bytes each while it is drawn.
MAX_PIXELS = 100e6
_FEATURE = "a PNG or SVG timeline"


def _num(dates: Any, date: pendulum.Date) -> float:
    value: float = dates.date2num(dt.date(date.year, date.month, date.day))
    return value


def tick_labels(days: list[dt.date]) -> list[str]:
    """Labels for the date axis's ticks: the first tick of each year names the year
    ("Sep\n2025"); ticks on 1 January of every year are just the year."""
    if days and all((day.month, day.day) == (1, 1) for day in days):
        return [str(day.year) for day in days]
    monthly = all(day.day == 1 for day in days)
    labels, year = [], None
    for day in days:
        text = _MONTHS[day.month - 1] if monthly else f"{day.day} {_MONTHS[day.month - 1]}"
        if day.year != year:
            text += f"\n{day.year}"
            year = day.year
        labels.append(text)
    return labels


def _check_size(name: str, value: float | None, bounds: tuple[float, float],
                unit: str) -> None:
    if value is not None and not bounds[0] <= value <= bounds[1]:
        raise InputError(f"timeline {name} {value:g}: must be from {bounds[0]:g} to "
                         f"{bounds[1]:g} {unit}")


def render_image(data: Chart, fmt: ImageFormat = "png", *, width: float | None = None,
                 height: float | None = None, dpi: float | None = None) -> bytes:
    """Draw the chart with matplotlib; returns the PNG or SVG bytes.

    One row per State (its periods in the state colours), rows for the depositary's
    duties (each from its trigger to its deadline, or to the day it was done or the
    chart's end when it has none; late and overdue hatched and named, a cross on the
    day it was done), and vertical lines at the treaty's milestones. The legend lists
    only what is drawn, markers included. Rows, fonts and labels scale so that 6
    States read easily and 60 still fit. ``width`` and ``height`` are in inches
    (default: 13 wide, as tall as the rows need), ``dpi`` is the PNG's resolution.
    """
    _check_size("width", width, SIZE_RANGE, "inches")
    _check_size("height", height, SIZE_RANGE, "inches")
    _check_size("dpi", dpi, DPI_RANGE, "dots per inch")
    matplotlib = require("matplotlib", extra="plot", feature=_FEATURE)
    matplotlib.use("Agg")
    dates = require("matplotlib.dates", extra="plot", feature=_FEATURE)
    patches = require("matplotlib.patches", extra="plot", feature=_FEATURE)
    lines = require("matplotlib.lines", extra="plot", feature=_FEATURE)
    figure_module = require("matplotlib.figure", extra="plot", feature=_FEATURE)

    party_rows = [code for code, spans in data.parties.items()
                  if spans or data.provisional.get(code)]
    dense = len(party_rows) > 20
    # One row per duty and State; with many States, one row per duty (its instances
    # side by side: the State's own row shows the withdrawal that triggered it).
    def duty_row(deadline: Deadline) -> tuple[str, str]:
        return (deadline.duty, "" if dense else deadline.party or "")

    duty_rows = sorted({duty_row(d) for d in data.duties},
                       key=lambda key: (key[1] != "", key[1], key[0]))
    rows = len(party_rows) + len(duty_rows)
    row_height = 0.22 if dense else 0.42
    font = 7 if dense else 10
    size = (width or FIGURE_WIDTH, height or 2.4 + row_height * max(rows, 3))
    resolution = dpi or FIGURE_DPI
    pixels = size[0] * resolution * size[1] * resolution
    if fmt == "png" and pixels > MAX_PIXELS:
        raise InputError(
            f"timeline {size[0]:g} x {size[1]:g} inches at {resolution:g} dpi: "
            f"{pixels / 1e6:.0f} million pixels, more than the {MAX_PIXELS / 1e6:.0f} "
            "million a PNG may have; lower --dpi, --width or --height")
    figure = figure_module.Figure(figsize=size, dpi=resolution, layout="constrained")
    axes = figure.add_subplot()
    # What is drawn, for the legend: nothing is listed that the picture does not show.
    states: set[str] = set()
    statuses: set[str] = set()
    provisional = undated = done = False

    labels: list[str] = []
    for row, code in enumerate(party_rows):
        labels.append(code)
        for span in data.parties[code]:
            start, end = _num(dates, span.start), _num(dates, span.end)
            states.add(span.state)
            axes.broken_barh([(start, max(end - start, 1.0))], (row - 0.38, 0.76),
                             facecolors=STATE_COLOURS.get(span.state, "#dddddd"),
                             edgecolors="white", linewidth=0.4)
            if span.state in _ANNOTATED and not dense:
                axes.annotate(f" {span.start}", (start, row), va="center", ha="left",
                              fontsize=font - 2,
                              color="white" if span.state == "terminated" else "black")
    for row, code in enumerate(party_rows):
        for span in data.provisional.get(code, ()):
            provisional = True
            start, end = _num(dates, span.start), _num(dates, span.end)
            axes.broken_barh([(start, max(end - start, 1.0))], (row - 0.38, 0.22),
                             facecolors="none", edgecolors=PROVISIONAL_COLOUR,
                             hatch="....", linewidth=0.8)
    offset = len(party_rows)
    chart_end = _num(dates, data.end)
    for row, (duty, party) in enumerate(duty_rows, start=offset):
        labels.append(f"{duty} {party}".strip())
        for deadline in data.duties:
            if duty_row(deadline) != (duty, party):
                continue
            statuses.add(deadline.status)
            start = _num(dates, deadline.trigger)
            colour = DUTY_COLOURS.get(deadline.status, "#cccccc")
            if deadline.due is not None:
                end = _num(dates, deadline.due)
                axes.broken_barh([(start, max(end - start, 1.0))], (row - 0.3, 0.6),
                                 facecolors=colour,
                                 edgecolors="black" if deadline.flagged else "none",
                                 linewidth=0.8, hatch="///" if deadline.flagged else None)
            else:
                # No deadline: from the trigger to the day it was done, or on to the
                # chart's end while it is pending, in a thinner dashed-edged bar.
                undated = True
                end = _num(dates, deadline.done) if deadline.done else max(chart_end, start)
                axes.broken_barh([(start, max(end - start, 1.0))], (row - 0.2, 0.4),
                                 facecolors=colour, edgecolors="#525252", linewidth=0.8,
                                 linestyle="--")
                if deadline.done is None and not dense:
                    # Written before the bar when the bar starts in the right half.
                    before = start > (_num(dates, data.start) + chart_end) / 2
                    axes.annotate(f"{deadline.status}, no deadline", (start, row),
                                  xytext=(-4 if before else 4, 0), textcoords="offset points",
                                  va="center", ha="right" if before else "left",
                                  fontsize=font - 2, color="black")
            if deadline.done is not None:
                done = True
                axes.plot([_num(dates, deadline.done)], [row], marker="x", color="black",
                          markersize=font * 0.7)
            if deadline.flagged and not dense:
                after = max(end, _num(dates, deadline.done or deadline.trigger))
                axes.annotate(deadline.status, (after, row), xytext=(8, 0),
                              textcoords="offset points", va="center", fontsize=font - 1,
                              color=DUTY_COLOURS[deadline.status], fontweight="bold")
    if duty_rows:
        axes.axhline(offset - 0.5, color="black", linewidth=0.6)

    # Labels of milestones close together are stacked instead of overprinted.
    span_days = max(_num(dates, data.end) - _num(dates, data.start), 1.0)
    previous, level, highest = None, 0, 0
    milestone_styles: dict[str, tuple[str, str]] = {}
    for milestone in sorted(data.milestones, key=lambda m: m.date):
        x = _num(dates, milestone.date)
        level = level + 1 if previous is not None and x - previous < span_days / 8 else 0
        highest = max(highest, level % 3)
        previous = x
        style = "-" if milestone.status == "occurred" else ":"
        colour = _MARKER_COLOUR if milestone.status in ("occurred", "scheduled") else "#999999"
        milestone_styles.setdefault(milestone.status, (style, colour))
        axes.axvline(x, color=colour, linestyle=style, linewidth=1.1)
        text = milestone.label + (f" [{milestone.status}]" if milestone.status != "occurred"
                                  else "")
        axes.annotate(f"{text}\n{milestone.date}", (x, 1.0), xycoords=("data", "axes fraction"),
                      xytext=(3, 2 + 2.6 * font * (level % 3)), textcoords="offset points",
                      fontsize=font - 1,
                      color=colour, rotation=0, va="bottom")
    if data.as_of is not None:
        axes.axvline(_num(dates, data.as_of), color=_AS_OF_COLOUR, linestyle="--", linewidth=1)

    if not rows and not data.milestones:
        # No date at all: draw no made-up axis, say so.
        axes.set_axis_off()
        axes.text(0.5, 0.5, "Nothing to draw yet: no signature, consent or deadline.",
                  ha="center", va="center", fontsize=font + 1, transform=axes.transAxes)
    axes.set_yticks(range(rows), labels, fontsize=font)
    axes.set_ylim(max(rows, 1) - 0.5, -0.5)  # an empty chart still has one row
    # At least a month wide and inside matplotlib's years 1..9999, or it widens a
    # one-day chart by itself and fails on 0001-01-01 or 9999-12-31.
    start, end = _num(dates, data.start), _num(dates, data.end)
    left = max(_num(dates, _FIRST_DAY), start - max(end - start, 30.0) / 100)
    right = min(_num(dates, _LAST_DAY), max(end, left + 30))
    left = min(left, right - 30)
    axes.set_xlim(left, right)
    locator = dates.AutoDateLocator(maxticks=14)
    axes.xaxis.set_major_locator(locator)
    ticks = [value for value in locator() if left <= value <= right]
    axes.set_xticks(ticks, tick_labels([dates.num2date(value).date() for value in ticks]))
    axes.tick_params(axis="x", labelsize=font)
    axes.grid(axis="x", color="#eeeeee", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.set_title(data.title, fontsize=font + 2, loc="left",
                   pad=6 + 2.6 * font * (highest + 1) if data.milestones else 6)

    legend = [patches.Patch(facecolor=STATE_COLOURS[state], label=state)
              for state in DRAWN_STATES if state in states]
    if provisional:
        legend.append(patches.Patch(facecolor="none", edgecolor=PROVISIONAL_COLOUR,
                                    hatch="....", label="provisional application"))
    legend += [patches.Patch(facecolor=colour, edgecolor="black" if status in ("late", "overdue")
                             else "none", hatch="///" if status in ("late", "overdue") else None,
                             label=f"duty {status}")
               for status, colour in DUTY_COLOURS.items() if status in statuses]
    if undated:
        legend.append(patches.Patch(facecolor="white", edgecolor="#525252", linestyle="--",
                                    label="duty without a deadline"))
    if done:
        legend.append(lines.Line2D([], [], marker="x", color="black", linestyle="none",
                                   label="the day a duty was done"))
    for status, (style, colour) in milestone_styles.items():
        legend.append(lines.Line2D([], [], color=colour, linestyle=style,
                                   label="treaty milestone" if status == "occurred"
                                   else f"treaty milestone, {status}"))
    if data.as_of is not None:
        legend.append(lines.Line2D([], [], color=_AS_OF_COLOUR, linestyle="--",
                                   label=f"as of {data.as_of}"))
    if legend:
        figure.legend(handles=legend, loc="outside lower center", ncol=min(len(legend), 6),
                      fontsize=font - 1, frameon=False)

    buffer = io.BytesIO()
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None}
    # A fixed salt makes the SVG's element ids, and so the file, the same on every run.
    with matplotlib.rc_context({"svg.hashsalt": "treatystate"}):
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()
