"""The report: one self-contained HTML page per scenario (``treatystate report``).

:func:`report` runs the scenario and writes the page: where the treaty stands, each
State's dates, the timeline (inline SVG), the depositary's duties, what is scheduled
next, every derived date explained, and, for a scenario with what-ifs, its sweep and
its variants. Everything is inline (styles, pictures); the page runs no script and
fetches nothing, and the same scenario gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .page import render

if TYPE_CHECKING:
    from ..._scenario import Scenario

__all__ = ["report"]


def report(scenario: Scenario, as_of: dt.date | str | None = None) -> str:
    """The HTML report of ``scenario`` as of ``as_of`` (a date or an ISO string; default:
    the scenario's own as-of date, else every scheduled consequence played out)."""
    return render(scenario, as_of)
