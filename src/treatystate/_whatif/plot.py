"""The picture of a sweep: the probability of being in force by each date.

The curve is the empirical distribution function of the entry-into-force date over
the rows that ran (rows where the treaty never enters into force count as "not
yet"), a step per day. Its band is the Dvoretzky–Kiefer–Wolfowitz 95 % band,
``±√(ln(2/0.05) / 2n)``: the true curve lies inside it everywhere at once with
probability at least 95 %. The ``in_force_by`` dates are marked with their
probability and a 95 % Wilson interval. Below, a histogram of the dates.

Needs the ``plot`` extra (matplotlib), imported only here, with the Agg backend. An
SVG is byte-identical for the same rows: a fixed ``svg.hashsalt`` and no date in
its metadata.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from typing import Any

import pendulum

from .._extras import require
from ..errors import InputError
from .summary import SweepSummary

__all__ = ["in_force_picture", "plot_format", "wilson"]

_Z95 = 1.959963984540054


def plot_format(path: str) -> str:
    """``png`` or ``svg``, from the picture's file name."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix not in ("png", "svg"):
        raise InputError(f"--plot {path}: name a .png or .svg file")
    return suffix


def wilson(successes: int, trials: int, z: float = _Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95 % by default)."""
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (
        1 + z * z / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


def in_force_picture(days: Mapping[pendulum.Date, int], summary: SweepSummary, *, title: str,
                     fmt: str) -> bytes:
    """The picture (``png`` or ``svg`` bytes) of the entry-into-force dates ``days``
    (rows per day) among the ``summary``'s rows that ran."""
    matplotlib: Any = require("matplotlib", extra="plot", feature="treatystate sweep --plot")
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    ran = summary.rows - summary.refused
    with matplotlib.rc_context({"svg.hashsalt": "treatystate", "svg.fonttype": "path",
                                "font.size": 9}):
        figure = Figure(figsize=(8, 6), layout="constrained")
        curve, histogram = figure.subplots(2, 1, sharex=True, height_ratios=(3, 1))
        ordered = sorted(days)
        if ordered and ran:
            _curve(curve, ordered, days, ran, summary)
            width = _bin_days(ordered)
            bins: dict[pendulum.Date, int] = {}
            first = ordered[0].toordinal()
            for day in ordered:
                start = pendulum.Date.fromordinal(first + (day.toordinal() - first) // width
                                                  * width)
                bins[start] = bins.get(start, 0) + days[day]
            histogram.bar(list(bins), list(bins.values()), width=width, align="edge",
                          color="#4c72b0", linewidth=0)
            histogram.set_ylabel(f"rows per {width} days" if width > 1 else "rows per day")
        else:
            curve.text(0.5, 0.5, "no row entered into force", ha="center",
                       transform=curve.transAxes)
        curve.set_ylim(0, 1.02)
        curve.set_ylabel("P(in force by date)")
        curve.grid(True, alpha=0.3)
        curve.set_title(f"{title}\n{ran} rows that ran"
                        + (f", {summary.refused} refused" if summary.refused else "")
                        + (f"; never in force in {summary.never}" if summary.never else ""),
                        loc="left")
        histogram.set_xlabel("entry into force")
        histogram.grid(True, alpha=0.3)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def _bin_days(ordered: list[pendulum.Date]) -> int:
    """About 60 bars over the span of the dates, each a whole number of days."""
    return max(1, math.ceil((ordered[-1].toordinal() - ordered[0].toordinal() + 1) / 60))


def _curve(axes: Any, ordered: list[pendulum.Date], days: Mapping[pendulum.Date, int],
           ran: int, summary: SweepSummary) -> None:
    running, heights = 0, []
    for day in ordered:
        running += days[day]
        heights.append(running / ran)
    band = math.sqrt(math.log(2 / 0.05) / (2 * ran))
    axes.fill_between(ordered, [max(0.0, h - band) for h in heights],
                      [min(1.0, h + band) for h in heights], step="post", alpha=0.25,
                      color="#4c72b0", linewidth=0, label="95 % band (DKW)")
    axes.step(ordered, heights, where="post", color="#4c72b0", label="share of rows in force")
    for day, probability in summary.in_force_by.items():
        low, high = wilson(round(probability * ran), ran)
        axes.axvline(day, color="#c44e52", linestyle="--", linewidth=1)
        axes.errorbar([day], [probability], yerr=[[probability - low], [high - probability]],
                      fmt="o", color="#c44e52", capsize=3)
        axes.annotate(f"by {day}: {probability:.3f}\n95 % [{low:.3f}, {high:.3f}]",
                      (day, probability), xytext=(6, -24), textcoords="offset points",
                      color="#c44e52")
    axes.legend(loc="lower right")
