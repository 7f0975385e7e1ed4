"""The depositary's duties: what it must do after an act, and by when.

Seed treaty (China–Central Asia, 2025) art. 14: "The depositary shall send certified
copies of the Treaty to all signatories within 15 days after the signing of this
Treaty." Art. 15: "The depositary shall notify all Parties of the date of entry into
force of this Treaty. [...] The depositary shall inform the other Parties of the
relevant decision of the withdrawing Party. The depositary shall notify the other
Parties when this Treaty ceases to have effect for the withdrawing Party."

VCLT art. 77(1): the depositary's functions, among them "(e) informing the parties and
the States entitled to become parties to the treaty of acts, notifications and
communications relating to the treaty".

European Convention on the Calculation of Time-Limits (1972) art. 5: when the last day
of a time-limit "before the expiry of which an act must be performed" is a Saturday,
Sunday or public holiday, it is extended to the next working day (a deadline to act,
never an entry-into-force or effective date).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from .._dates.periods import quote
from .._engine.state import DutyInstance, Scheduled
from .._model.basis import Adjustment, Basis
from .._model.clauses import DutyTrigger, Treaty
from .._model.events import Event
from ..errors import DateOutOfRange, EventDateOutOfRange
from .rule import EventKind, Problem, Rule

if TYPE_CHECKING:
    from .._engine.run import Run

__all__ = ["RULE", "trigger_duties"]

VCLT_DEPOSITARY = "VCLT art. 77"


def trigger_duties(run: Run, after: DutyTrigger, party: str | None, date: pendulum.Date,
                   caused_by: tuple[int, ...]) -> None:
    """The duties that arise after ``after`` (of ``party``) on ``date``."""
    for duty, rule, cites, clause, subject, terms in run.plan.duties_after.get(after, ()):
        due = extended_from = None
        if rule is not None:
            adjusted = run.compute(rule, date, "the due date of duty '{}'", cites, duty.id)
            due = adjusted.date
            moved: tuple[Adjustment, ...] = ()
            calendar = run.treaty.depositary.holidays
            if calendar is not None:
                working, why = _next_working_day(run, due, calendar, duty.id, cites)
                if why is not None:
                    extended_from, due = due, working
                    moved = (Adjustment("next-working-day", due),)
                    run.note(f"duty '{duty.id}': {why}")
            run.schedule(due, "duty-due", party, caused_by, Basis(
                "duties", cites, clause, duty.text, None,
                run.plan.arithmetic(clause, rule, date, adjusted, False), moved, subject,
                terms,
            ), _stands, duty.id)
        run.duties.append(DutyInstance(duty, party, date, due, caused_by, extended_from))


def _next_working_day(run: Run, due: pendulum.Date, calendar: str, duty_id: str,
                      cites: str) -> tuple[pendulum.Date, str | None]:
    from .._dates.workdays import next_working_day

    try:
        return next_working_day(due, calendar)
    except DateOutOfRange as error:
        culprit = run.culprit()
        raise EventDateOutOfRange(
            f"{culprit.describe() if culprit else 'a derived event'} refused: the "
            f"deadline of duty '{duty_id}' cannot be extended: {error} ({cites})",
            index=culprit.index if culprit else None, rule=cites,
            refusal="date.out-of-range",
        ) from None


def _stands(run: Run, item: Scheduled) -> None:
    """A duty's due date changes no state; it only stands in the timeline."""


def perform(run: Run, event: Event) -> None:
    """The depositary performs a duty (for ``party``, for a per-party duty)."""
    duty = run.plan.duty_by_id[event.duty or ""]
    cites = duty.cites or VCLT_DEPOSITARY
    run.fire_treaty("perform_duty")
    candidates = [
        instance for instance in run.duties
        if instance.duty.id == duty.id and instance.done is None
        and (event.party is None or instance.party == event.party)
    ]
    if duty.per_party and event.party is None and len({c.party for c in candidates}) > 1:
        raise run.refuse(
            event, "duties.which-party",
            f"duty '{duty.id}' is open for "
            f"{', '.join(sorted({str(c.party) for c in candidates}))}; "
            "name the one performed with `party = ...`",
            cites,
        )
    if not candidates:
        done = [i for i in run.duties if i.duty.id == duty.id and
                (event.party is None or i.party == event.party)]
        if done:
            why = f"every instance of duty '{duty.id}' is already done (last on " \
                  f"{done[-1].done})"
            label = "duties.already-done"
        else:
            why = (f"duty '{duty.id}' arises after the {duty.after}"
                   + (f" of {event.party}" if event.party else "")
                   + ", which has not happened yet")
            label = "duties.not-arisen"
        raise run.refuse(event, label, why, cites)
    candidates[0].done = event.date
    run.record_input(event, f"the depositary performs '{duty.id}'", duty.cites)


def _names_a_duty(event: Event, treaty: Treaty) -> Problem | None:
    duty = treaty.duty(event.duty) if isinstance(event.duty, str) else None
    if duty is None:
        known = ", ".join(d.id for d in treaty.duties) or "none"
        return Problem("duty", f"{quote(event.duty)} is not a duty of treaty "
                               f"'{treaty.id}' (its duties: {known})")
    if event.party is not None and not duty.per_party:
        return Problem("party", f"duty '{duty.id}' arises once (after the {duty.after}), "
                                "not per party: remove `party`")
    return None


RULE = Rule(
    name="duties",
    events={"duty": EventKind(perform, frozenset({"duty", "party"}), party=False,
                              needs=_names_a_duty)},
    refusals={
        "duties.which-party": "a per-party duty performed without naming the State",
        "duties.already-done": "a duty performed again",
        "duties.not-arisen": "a duty performed before it arose",
    },
)
