"""Hypothesis strategies and a state machine for property-testing treaty date rules.

Install the extra: ``pip install 'treatystate[testing]'``. Plain ``st.dates()`` rarely
lands on the days where treaty arithmetic is subtle, so everything here is biased
toward them (month ends, 29 February, year ends, midnight at the depositary).

>>> from hypothesis import given
>>> from treatystate.testing import legal_dates, scenarios, treaties
>>> @given(scenarios(treaties()))
... def test_no_state_withdraws_before_it_consents(scenario): ...

What is here:

* :func:`legal_dates`, :func:`periods`, :func:`date_rules`, :func:`timestamps`: the
  building blocks of SPEC §1;
* :func:`treaties`: random valid :class:`~treatystate.Treaty` values across the whole
  treaty-file vocabulary of SPEC §2, and with ``added_clauses=True`` the clause kinds
  added since (term, armed conflict, provisional application, protocols,
  ``later_after``, participation, depositary holidays);
* :func:`scenarios`: event sequences the engine must accept (``valid=True``, with the
  added event types on treaties that allow them), or sequences whose last event must be
  refused (``valid=False``), labelled with the rule that event breaks
  (:class:`InvalidScenario`, :data:`INVALID_RULES`, :data:`ADDED_CLAUSE_RULES`);
* :class:`TreatyLifecycle`: a ``RuleBasedStateMachine`` to subclass with your own
  invariants;
* ``_hypothesis_setup_hook``: run by Hypothesis through the ``hypothesis`` entry
  point, so ``st.from_type(pendulum.Date)`` and ``st.from_type`` on the public value
  types (the what-if ones of ``variants`` and ``sweep`` included) work with no import.
"""


from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Defined before Hypothesis is imported: an entry point naming
# `treatystate.testing:_hypothesis_setup_hook` finds it even when this import is what
# first imports Hypothesis (which runs the entry points).
from ._registration import _hypothesis_setup_hook  # noqa: F401

try:
    import hypothesis  # noqa: F401
except ImportError as error:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "treatystate.testing needs Hypothesis: install the extra with "
        "pip install 'treatystate[testing]'"
    ) from error

if TYPE_CHECKING:
    from ._dates import ZONES, date_rules, legal_dates, periods, timestamps
    from ._reach import MILESTONES, Milestone
    from ._refusals import ADDED_CLAUSE_RULES, INVALID_RULES, InvalidRule, InvalidScenario
    from ._scenarios import scenarios
    from ._stateful import TreatyLifecycle
    from ._treaties import HOLIDAY_CALENDARS, STATE_CODES, treaties

# Each public name and the module that defines it. They are imported on first use, so
# the entry point (run at every `import hypothesis`) costs only this package's top.
_DEFINED_IN: dict[str, str] = {
    "ADDED_CLAUSE_RULES": "_refusals",
    "HOLIDAY_CALENDARS": "_treaties",
    "INVALID_RULES": "_refusals",
    "STATE_CODES": "_treaties",
    "ZONES": "_dates",
    "InvalidRule": "_refusals",
    "InvalidScenario": "_refusals",
    "MILESTONES": "_reach",
    "Milestone": "_reach",
    "TreatyLifecycle": "_stateful",
    "date_rules": "_dates",
    "legal_dates": "_dates",
    "periods": "_dates",
    "scenarios": "_scenarios",
    "timestamps": "_dates",
    "treaties": "_treaties",
}

__all__ = [
    "ADDED_CLAUSE_RULES",
    "HOLIDAY_CALENDARS",
    "INVALID_RULES",
    "MILESTONES",
    "STATE_CODES",
    "ZONES",
    "InvalidRule",
    "InvalidScenario",
    "Milestone",
    "TreatyLifecycle",
    "date_rules",
    "legal_dates",
    "periods",
    "scenarios",
    "timestamps",
    "treaties",
]


def __getattr__(name: str) -> Any:
    module = _DEFINED_IN.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_DEFINED_IN})
