"""A fixed term that expires, and its extension by the parties' decision.

New START (2010) art. XIV(2): "This Treaty shall remain in force for 10 years unless it
is superseded earlier by a subsequent agreement on the reduction and limitation of
strategic offensive arms. If either Party raises the issue of extension of this
Treaty, the Parties shall jointly consider the matter. If the Parties decide to extend
this Treaty, it will be extended for a period of no more than five years".

VCLT art. 54: "The termination of a treaty or the withdrawal of a party may take
place: (a) in conformity with the provisions of the treaty; or (b) at any time by
consent of all the parties".

A ``[term]`` without ``renewal`` (SPEC §8.4) starts running when the treaty enters
into force: it expires, and terminates for all, on its entry into force + ``initial``.
A ``term-extension`` event (the parties' decision) moves that day to its ``until``,
or by its ``by`` from the current end; the extensions together may not take the term
beyond the initial term + ``max_extension``. (A term that renews tacitly is
``term.py``'s.)
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .._dates.periods import AddPeriod, DateRule, Period
from .._model.basis import Adjustment, Basis
from .._model.clauses import Treaty
from .._model.events import Event
from . import termination
from .rule import EventKind, Listener, Problem, Rule

if TYPE_CHECKING:
    from .._engine.run import Run
    from .._engine.state import Scheduled

__all__ = ["RULE"]

VCLT_TERMINATION = "VCLT art. 54(a)"


def _expires(treaty: Treaty) -> Listener | None:
    term = treaty.term
    return start_term if term is not None and not term.renews else None


def start_term(run: Run, item: Scheduled) -> None:
    """The treaty entered into force: its term runs, and its end is scheduled."""
    term = run.treaty.term
    assert term is not None
    cites = term.cites or VCLT_TERMINATION
    rule = term.period_end(0)
    adjusted = run.compute(rule, item.date, "the end of the term", cites)
    basis = Basis("term_expiry", cites, "term.initial", term.text,
                  f"the term of {term.initial} from entry into force ends",
                  run.plan.arithmetic("term.initial", rule, item.date, adjusted))
    run.expiry = run.schedule(adjusted.date, "termination", None, item.caused_by, basis,
                              expire)


def expire(run: Run, item: Scheduled) -> None:
    """The term ends: the treaty terminates for all (unless it already did)."""
    if run.terminated is not None:
        item.status = "lapsed"
        return
    termination.terminate(run, item)


def extend(run: Run, event: Event) -> None:
    """The parties decide to extend the term (SPEC §8.4)."""
    term = run.treaty.term
    cites = (term.cites if term is not None else None) or VCLT_TERMINATION
    if term is None:
        raise run.refuse(event, "term_expiry.no-term",
                         "the treaty has no fixed [term] to extend (add [term] initial = "
                         "\"P10Y\", and max_extension if the treaty bounds it)", cites)
    if term.renews:
        raise run.refuse(event, "term_expiry.renews",
                         f"the term renews tacitly every {term.renewal} (renewal); such a "
                         "term is not extended by a decision: a State denounces it instead",
                         cites)
    if run.entered is None or run.expiry is None:
        raise run.refuse(event, "term_expiry.not-in-force",
                         "the treaty is not yet in force, so its term has not begun; an "
                         "extension can only follow entry into force", cites)
    current = run.expiry.date
    if event.until is not None:
        end, how = event.until, f"until {event.until}"
    else:
        assert event.by is not None  # the event's needs: until or by
        end = run.compute(DateRule((AddPeriod(event.by),)), current,
                          "the extended end of the term", cites).date
        how = f"by {event.by} from {current}"
    if end <= current:
        raise run.refuse(event, "term_expiry.not-later",
                         f"the new end {end} is not later than the end of the term, "
                         f"{current}", cites)
    if term.max_extension is not None:
        limit = run.compute(_longest(term.initial, term.max_extension), run.entered,
                            "the longest extension", cites).date
        if end > limit:
            raise run.refuse(
                event, "term_expiry.too-long",
                f"the term may be extended for no more than {term.max_extension} in all "
                f"(max_extension): to {limit} at the latest ({run.entered} + "
                f"{term.initial} + {term.max_extension}), not {end}", cites)
    run.record_input(event, f"the parties extend the term {how}", cites)
    previous = run.expiry
    previous.status = "cancelled"
    run.expiry = run.schedule(end, "termination", None,
                              (*previous.caused_by, event.index),
                              previous.basis._replace(
                                  adjustments=(Adjustment("extended-by-decision", end),)),
                              expire)


def _longest(initial: Period, extension: Period) -> DateRule:
    """Entry into force to the latest end, in one step (a month end clamped once)."""
    return DateRule((AddPeriod(Period(
        years=initial.years + extension.years, months=initial.months + extension.months,
        weeks=initial.weeks + extension.weeks, days=initial.days + extension.days,
    )),))


def _until_or_by(event: Event, treaty: Treaty) -> Problem | None:
    if (event.until is None) == (event.by is None):
        return Problem("until", "a term-extension names either `until` (the new end of "
                                "the term, e.g. until = 2026-02-05) or `by` (how much "
                                "longer, e.g. by = \"P5Y\"), not both" if event.until
                       else "a term-extension needs `until` (the new end of the term, "
                            "e.g. until = 2026-02-05) or `by` (how much longer, e.g. "
                            "by = \"P5Y\")")
    if event.until is not None and (not isinstance(event.until, dt.date)
                                    or isinstance(event.until, dt.datetime)):
        return Problem("until", f"`until` must be a date, got {event.until!r}")
    if event.by is not None and (not isinstance(event.by, Period) or event.by == Period()):
        return Problem("by", "must be a period longer than zero (e.g. \"P5Y\")")
    return None


RULE = Rule(
    name="term_expiry",
    events={"term-extension": EventKind(extend, frozenset({"until", "by"}), party=False,
                                        needs=_until_or_by)},
    listeners={"entry-into-force": _expires},
    refusals={
        "term_expiry.no-term": "an extension of a treaty without a fixed term",
        "term_expiry.renews": "an extension of a term that renews tacitly",
        "term_expiry.not-in-force": "an extension before the term began",
        "term_expiry.not-later": "an extension that does not move the end later",
        "term_expiry.too-long": "an extension beyond max_extension",
    },
)
