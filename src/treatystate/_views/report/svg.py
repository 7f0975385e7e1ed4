"""The report's pictures as inline SVG, written from the values they show.

The report draws its own SVG rather than embedding matplotlib's: it needs no extra
(the report works on a core install), its text stays text (searchable, selectable,
read by screen readers, set in the page's own font), it is a few kilobytes where
matplotlib writes every glyph as a path, and its bytes depend on nothing but the
input. The timeline shows what :func:`~treatystate._views.timeline.chart` gathered,
as the PNG does, with the same axis labels (:func:`tick_labels`); every shape
carries a ``<title>`` saying in words what its colour shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape

import attrs
import pendulum

from ..timeline import (
    DRAWN_STATES,
    DUTY_COLOURS,
    PROVISIONAL_COLOUR,
    STATE_COLOURS,
    Chart,
    Deadline,
    tick_labels,
)

__all__ = ["cdf_svg", "timeline_svg"]

# The text colour that reads on each state's colour (the PNG's colours).
_INK = {"party": "#ffffff", "terminated": "#ffffff", "signatory": "#08306b",
        "contracting": "#08306b"}
_MILESTONE = "#08306b"
_AS_OF = "#a50f15"
_WIDTH = 1000
_MONTH_STEPS = (1, 2, 3, 6)
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _f(value: float) -> str:
    """Coordinates with one decimal: short, and the same on every platform."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@attrs.frozen
class _Scale:
    """Days to x coordinates."""

    first: int
    last: int
    left: float
    right: float

    def x(self, day: dt.date) -> float:
        span = max(self.last - self.first, 1)
        return self.left + (day.toordinal() - self.first) * (self.right - self.left) / span


def ticks(first: dt.date, last: dt.date, most: int = 12) -> list[dt.date]:
    """Tick days between ``first`` and ``last``: every 1 January (every 2, 5, 10...
    years), else the first of every 1, 2, 3 or 6 months, else every 1, 2, 7 or 14
    days, the finest that gives at most ``most`` ticks."""
    for step in (1, 2, 7, 14):
        days = [dt.date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1,
                                                      step)]
        if len(days) <= most:
            return days
    for step in _MONTH_STEPS:
        found = [dt.date(year, month, 1)
                 for year in range(first.year, last.year + 1)
                 for month in range(1, 13, step)]
        found = [day for day in found if first <= day <= last]
        if len(found) <= most:
            return found
    for step in _YEAR_STEPS:
        found = [dt.date(year, 1, 1) for year in range(first.year, last.year + 1)
                 if year % step == 0 and first <= dt.date(year, 1, 1) <= last]
        if len(found) <= most:
            return found
    return [first, last]


def _text(x: float, y: float, text: str, *, size: float, anchor: str = "start",
          fill: str = "#1a1a1a", weight: str | None = None) -> str:
    """A text element; a label with line breaks becomes one ``tspan`` per line."""
    bold = f' font-weight="{weight}"' if weight else ""
    lines = text.split("\n")
    if len(lines) == 1:
        return (f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_f(size)}" '
                f'text-anchor="{anchor}" fill="{fill}"{bold}>{_e(text)}</text>')
    spans = "".join(f'<tspan x="{_f(x)}" dy="{"0" if n == 0 else _f(size * 1.15)}">'
                    f'{_e(line)}</tspan>' for n, line in enumerate(lines))
    return (f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_f(size)}" text-anchor="{anchor}" '
            f'fill="{fill}"{bold}>{spans}</text>')


def _rect(x: float, y: float, width: float, height: float, fill: str, title: str,
          extra: str = "") -> str:
    return (f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(max(width, 1.5))}" '
            f'height="{_f(height)}" fill="{fill}"{extra}><title>{_e(title)}</title></rect>')


def _axis(scale: _Scale, first: dt.date, last: dt.date, top: float, bottom: float,
          size: float) -> list[str]:
    days = ticks(first, last)
    parts = [f'<line x1="{_f(scale.left)}" y1="{_f(bottom)}" x2="{_f(scale.right)}" '
             f'y2="{_f(bottom)}" stroke="#1a1a1a" stroke-width="0.8"/>']
    for day, label in zip(days, tick_labels(days), strict=True):
        x = scale.x(day)
        parts.append(f'<line x1="{_f(x)}" y1="{_f(top)}" x2="{_f(x)}" y2="{_f(bottom + 4)}" '
                     f'stroke="#d9d9d9" stroke-width="0.6"/>')
        parts.append(_text(x, bottom + 4 + size, label, size=size, anchor="middle"))
    return parts


def _legend(items: Sequence[tuple[str, str]], top: float, left: float, size: float
            ) -> tuple[list[str], float]:
    """Swatches (SVG markup of a 14×10 box at 0,0) and their labels, flowed in lines;
    returns the markup and the height used."""
    parts: list[str] = []
    x, y = left, top
    for swatch, label in items:
        width = 20 + len(label) * size * 0.58 + 16
        if x + width > _WIDTH and x > left:
            x, y = left, y + size * 1.7
        parts.append(f'<g transform="translate({_f(x)},{_f(y)})">{swatch}</g>')
        parts.append(_text(x + 20, y + 9, label, size=size))
        x += width
    return parts, y - top + size * 1.7


def _box(fill: str, extra: str = "") -> str:
    return f'<rect x="0" y="0" width="14" height="10" fill="{fill}"{extra}/>'


def _line_swatch(colour: str, dash: str | None) -> str:
    pattern = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<line x1="0" y1="5" x2="14" y2="5" stroke="{colour}" stroke-width="2"'
            f'{pattern}/>')


_CROSS = ('<path d="M3 1 L11 9 M11 1 L3 9" stroke="#1a1a1a" stroke-width="1.6" '
          'fill="none"/>')


def _cross(x: float, y: float, half: float) -> str:
    return (f'<path d="M{_f(x - half)} {_f(y - half)} L{_f(x + half)} {_f(y + half)} '
            f'M{_f(x + half)} {_f(y - half)} L{_f(x - half)} {_f(y + half)}" '
            f'stroke="#1a1a1a" stroke-width="1.6" fill="none"/>')


class _Drawing:
    """A timeline being drawn: its geometry, its shapes so far, and what has been drawn
    (for a legend that lists nothing else)."""

    def __init__(self, data: Chart, prefix: str) -> None:
        self.data, self.prefix = data, prefix
        self.party_rows = [code for code, spans in data.parties.items()
                           if spans or data.provisional.get(code)]
        self.dense = len(self.party_rows) > 20
        self.duty_rows = sorted({self.duty_row(d) for d in data.duties},
                                key=lambda key: (key[1] != "", key[1], key[0]))
        self.row = 13.0 if self.dense else 24.0
        self.size = 10.0 if self.dense else 12.0
        self.labels = [*self.party_rows,
                       *(f"{duty} {party}".strip() for duty, party in self.duty_rows)]
        longest = max((len(text) for text in self.labels), default=4)
        self.label_width = min(260.0, 12 + longest * self.size * 0.6)
        last: dt.date = max(data.end, data.start + dt.timedelta(days=30))
        margin = max((last - data.start).days // 100, 1)
        self.first: dt.date = max(dt.date.min, data.start - dt.timedelta(days=margin))
        self.last = last
        self.scale = _Scale(self.first.toordinal(), last.toordinal(), self.label_width,
                            _WIDTH - 8)
        self.parts: list[str] = []
        self.states: list[str] = []
        self.statuses: list[str] = []
        self.provisional = self.undated = self.done = False
        self.marks = self._marks()
        label_rows = (max(level for *_, level in self.marks) + 1) if self.marks else 0
        self.top = 6 + label_rows * self.size * 2.3
        self.bottom = (self.top + self.row * max(len(self.labels), 1)
                       + (6 if self.duty_rows else 0))

    def duty_row(self, deadline: Deadline) -> tuple[str, str]:
        """One row per duty and State; with many States, one row per duty (its
        instances side by side: the State's own row shows what triggered it)."""
        return (deadline.duty, "" if self.dense else deadline.party or "")

    def _marks(self) -> list[tuple[dt.date, str, str, str | None, int]]:
        """Milestones and the as-of line: day, label, colour, dash, and the level of
        the label (stacked on up to three levels where they would overprint)."""
        found: list[tuple[dt.date, str, str, str | None]] = [
            (m.date, m.label + ("" if m.status == "occurred" else f" [{m.status}]"),
             _MILESTONE if m.status in ("occurred", "scheduled") else "#737373",
             None if m.status == "occurred" else "2 3")
            for m in sorted(self.data.milestones, key=lambda m: m.date)
        ]
        if self.data.as_of is not None:
            found.append((self.data.as_of, "as of", _AS_OF, "6 3"))
        marks = []
        previous: float | None = None
        level = 0
        for day, text, colour, dash in found:
            x = self.scale.x(day)
            level = (level + 1) % 3 if previous is not None and x - previous < 150 else 0
            marks.append((day, text, colour, dash, level))
            previous = x
        return marks

    def label(self, y: float, text: str) -> None:
        self.parts.append(_text(self.label_width - 6, y + self.row * 0.5 + self.size * 0.35,
                                text, size=self.size, anchor="end"))

    def party(self, y: float, code: str) -> None:
        self.label(y, code)
        row, size = self.row, self.size
        for span in self.data.parties[code]:
            if span.start == span.end and not span.open:
                continue  # held for no whole day (consent and entry into force at once)
            fill = STATE_COLOURS.get(span.state, "#dddddd")
            ink = _INK.get(span.state, "#1a1a1a")
            if span.state not in self.states:
                self.states.append(span.state)
            x0, x1 = self.scale.x(span.start), self.scale.x(span.end)
            until = "and continuing" if span.open else f"until {span.end}"
            self.parts.append(_rect(x0, y + row * 0.12, x1 - x0, row * 0.76, fill,
                                    f"{code}: {span.state} from {span.start} {until}"))
            if not self.dense and x1 - x0 > len(span.state) * size * 0.6 + 8:
                self.parts.append(_text(x0 + 4, y + row * 0.5 + size * 0.35, span.state,
                                        size=size * 0.85, fill=ink))
        for span in self.data.provisional.get(code, ()):
            self.provisional = True
            x0, x1 = self.scale.x(span.start), self.scale.x(span.end)
            until = "and continuing" if span.open else f"until {span.end}"
            self.parts.append(_rect(x0, y + row * 0.12, x1 - x0, row * 0.25,
                                    f"url(#{self.prefix}-provisional)",
                                    f"{code}: provisional application from {span.start} "
                                    f"{until}",
                                    f' stroke="{PROVISIONAL_COLOUR}" stroke-width="0.8"'))

    def duty(self, y: float, deadline: Deadline) -> None:
        row, size = self.row, self.size
        middle = y + row * 0.5
        if deadline.status not in self.statuses:
            self.statuses.append(deadline.status)
        colour = DUTY_COLOURS.get(deadline.status, "#cccccc")
        x0 = self.scale.x(deadline.trigger)
        who = f" for {deadline.party}" if deadline.party else ""
        done = f" (done {deadline.done})" if deadline.done else ""
        if deadline.due is not None:
            x1 = self.scale.x(deadline.due)
            title = (f"{deadline.duty}{who}: from {deadline.trigger}, due {deadline.due}, "
                     f"{deadline.status}{done}")
            edge = ' stroke="#1a1a1a" stroke-width="0.8"' if deadline.flagged else ""
            self.parts.append(_rect(x0, y + row * 0.2, x1 - x0, row * 0.6, colour, title, edge))
            if deadline.flagged:
                self.parts.append(_rect(x0, y + row * 0.2, x1 - x0, row * 0.6,
                                        f"url(#{self.prefix}-hatch)", title))
        else:
            # No deadline: to the day it was done, or on to the chart's end.
            self.undated = True
            x1 = (self.scale.x(deadline.done) if deadline.done
                  else max(self.scale.x(self.data.end), x0))
            title = (f"{deadline.duty}{who}: from {deadline.trigger}, no deadline, "
                     f"{deadline.status}{done}")
            self.parts.append(_rect(x0, y + row * 0.3, x1 - x0, row * 0.4, colour, title,
                                    ' stroke="#525252" stroke-width="0.8" '
                                    'stroke-dasharray="3 2"'))
        if deadline.done is not None:
            self.done = True
            self.parts.append(_cross(self.scale.x(deadline.done), middle, row * 0.22))
        note = (deadline.status if deadline.flagged
                else f"{deadline.status}, no deadline"
                if deadline.due is None and deadline.done is None else None)
        if note and not self.dense:
            after, anchor = x1 + 8, "start"
            if deadline.done is not None:
                after = max(after, self.scale.x(deadline.done) + 8)
            if after + len(note) * size * 0.6 > _WIDTH:
                after, anchor = x0 - 6, "end"
            self.parts.append(_text(after, middle + size * 0.35, note, size=size * 0.9,
                                    anchor=anchor, weight="bold" if deadline.flagged else None))

    def milestones(self) -> list[tuple[str, str | None, str]]:
        """The vertical lines and their labels; returns their styles for the legend."""
        styles: list[tuple[str, str | None, str]] = []
        size = self.size
        for day, text, colour, dash, level in self.marks:
            x = self.scale.x(day)
            high = self.top - 2 - level * size * 2.3
            pattern = f' stroke-dasharray="{dash}"' if dash else ""
            self.parts.append(f'<line x1="{_f(x)}" y1="{_f(high)}" x2="{_f(x)}" '
                              f'y2="{_f(self.bottom)}" stroke="{colour}" stroke-width="1.2"'
                              f"{pattern}><title>{_e(text)}: {day}</title></line>")
            # Written to the left of a line near the right edge, to stay in the picture.
            near_edge = x > _WIDTH - 120
            self.parts.append(_text(x - 3 if near_edge else x + 3, high - size * 1.25,
                                    f"{text}\n{day}", size=size * 0.9, fill=colour,
                                    anchor="end" if near_edge else "start"))
            meaning = ("as of" if colour == _AS_OF else "treaty milestone" if dash is None
                       else "treaty milestone, not occurred")
            if (colour, dash, meaning) not in styles:
                styles.append((colour, dash, meaning))
        return styles

    def legend(self, styles: list[tuple[str, str | None, str]]) -> list[tuple[str, str]]:
        items: list[tuple[str, str]] = [
            (_box(STATE_COLOURS[state]), state) for state in DRAWN_STATES
            if state in self.states
        ]
        if self.provisional:
            items.append((_box(f"url(#{self.prefix}-provisional)",
                               f' stroke="{PROVISIONAL_COLOUR}" stroke-width="0.8"'),
                          "provisional application"))
        for status in ("done", "pending", "late", "overdue"):
            if status in self.statuses:
                hatch = status in ("late", "overdue")
                swatch = _box(DUTY_COLOURS[status], ' stroke="#1a1a1a" stroke-width="0.8"'
                              if hatch else "")
                if hatch:
                    swatch += _box(f"url(#{self.prefix}-hatch)")
                items.append((swatch, f"duty {status}"))
        if self.undated:
            items.append((_box("#ffffff", ' stroke="#525252" stroke-width="0.8" '
                                          'stroke-dasharray="3 2"'), "duty without a deadline"))
        if self.done:
            items.append((_CROSS, "the day a duty was done"))
        items += [(_line_swatch(colour, dash), text) for colour, dash, text in styles]
        return items


def timeline_svg(data: Chart, label: str = "timeline") -> str:
    """The chart as an inline ``<svg>``: a row per State, rows for the duties, the
    treaty's milestones as vertical lines, and a legend of what is drawn. ``label``
    prefixes the ids inside it (unique on the page)."""
    drawing = _Drawing(data, label)
    for number, code in enumerate(drawing.party_rows):
        drawing.party(drawing.top + number * drawing.row, code)
    offset = drawing.top + len(drawing.party_rows) * drawing.row
    if drawing.duty_rows and drawing.party_rows:
        offset += 6
        drawing.parts.append(f'<line x1="0" y1="{_f(offset - 3)}" x2="{_WIDTH}" '
                             f'y2="{_f(offset - 3)}" stroke="#1a1a1a" stroke-width="0.8"/>')
    for number, (duty, party) in enumerate(drawing.duty_rows):
        y = offset + number * drawing.row
        drawing.label(y, f"{duty} {party}".strip())
        for deadline in data.duties:
            if drawing.duty_row(deadline) == (duty, party):
                drawing.duty(y, deadline)
    styles = drawing.milestones()
    size = drawing.size
    if not drawing.labels and not drawing.marks:
        drawing.parts.append(_text(_WIDTH / 2, drawing.top + drawing.row, "Nothing to draw "
                                   "yet: no signature, consent or deadline.", size=size,
                                   anchor="middle"))
    else:
        drawing.parts.extend(_axis(drawing.scale, drawing.first, drawing.last, drawing.top,
                                   drawing.bottom, size))
    legend_top = drawing.bottom + size * 3.4
    legend, legend_height = _legend(drawing.legend(styles), legend_top, 8, size)
    height = legend_top + legend_height + 4
    defs = (
        f'<defs><pattern id="{label}-provisional" width="4" height="4" '
        'patternUnits="userSpaceOnUse">'
        f'<circle cx="2" cy="2" r="0.9" fill="{PROVISIONAL_COLOUR}"/>'
        f'</pattern><pattern id="{label}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#1a1a1a" stroke-width="1.2"/>'
        '</pattern></defs>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_WIDTH} '
        f'{_f(height)}" role="img" aria-labelledby="{label}-title">'
        f'<title id="{label}-title">{_e(data.title)}: each State\'s periods, the '
        "treaty's milestones and the depositary's duties</title>"
        f"{defs}{''.join(drawing.parts)}{''.join(legend)}</svg>"
    )


def cdf_svg(days: Mapping[pendulum.Date, int], rows: int,
            marks: Sequence[tuple[dt.date | str, float]] = (), label: str = "sweep") -> str:
    """The share of a sweep's ``rows`` (those that ran) in force by each day: ``days``
    holds how many rows enter into force on each day; a step line from 0 to the share
    that ever enters into force, with ``marks`` (day, probability) as points."""
    ordered = sorted(days)
    if not ordered or rows <= 0:
        return ""
    size = 12.0
    left, right, top, bottom = 52.0, _WIDTH - 16.0, 14.0, 250.0
    first = ordered[0] - dt.timedelta(days=max((ordered[-1] - ordered[0]).days // 50, 1))
    last = ordered[-1] + dt.timedelta(days=max((ordered[-1] - ordered[0]).days // 50, 1))
    scale = _Scale(first.toordinal(), last.toordinal(), left, right)

    def y(share: float) -> float:
        return bottom - share * (bottom - top)

    path = [f"M{_f(left)} {_f(y(0))}"]
    count = 0
    for entered in ordered:
        count += days[entered]
        path.append(f"H{_f(scale.x(entered))} V{_f(y(count / rows))}")
    path.append(f"H{_f(right)}")
    parts = []
    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<line x1="{_f(left)}" y1="{_f(y(share))}" x2="{_f(right)}" '
                     f'y2="{_f(y(share))}" stroke="#d9d9d9" stroke-width="0.6"/>')
        parts.append(_text(left - 6, y(share) + size * 0.35, f"{share:.0%}", size=size,
                           anchor="end"))
    parts.extend(_axis(scale, first, last, top, bottom, size))
    parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{_MILESTONE}" '
                 'stroke-width="2"/>')
    for day, probability in marks:
        date = day if isinstance(day, dt.date) else pendulum.Date.fromisoformat(day)
        if not first <= date <= last:
            continue
        x, at = scale.x(date), y(probability)
        parts.append(f'<line x1="{_f(x)}" y1="{_f(at)}" x2="{_f(x)}" y2="{_f(bottom)}" '
                     f'stroke="{_AS_OF}" stroke-width="1" stroke-dasharray="4 3"/>')
        parts.append(f'<circle cx="{_f(x)}" cy="{_f(at)}" r="4" fill="{_AS_OF}">'
                     f"<title>in force by {_e(day)}: {probability:.1%}</title></circle>")
        # Below and to the right of the point: a rising curve runs above it there.
        anchor = "end" if x > right - 200 else "start"
        parts.append(_text(x + (-8 if anchor == "end" else 8), at + size * 1.4,
                           f"{probability:.1%} by {day}", size=size, anchor=anchor,
                           fill=_AS_OF, weight="bold"))
    height = bottom + size * 3.6
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_WIDTH} '
        f'{_f(height)}" role="img" aria-labelledby="{label}-title">'
        f'<title id="{label}-title">Share of the sweep\'s rows in which the treaty is in '
        f"force, by date</title>{''.join(parts)}</svg>"
    )
