"""The error hierarchy. Every error the library raises on bad input derives from
:class:`TreatyStateError`, so ``except treatystate.TreatyStateError`` catches them all.

``TreatyStateError``
    ``InputError``: a file or value that cannot be read as a treaty or a scenario
        ``TreatyFileError``: a treaty definition is malformed (names the key)
        ``ScenarioFileError``: a scenario is malformed (names the key)
        ``NaiveTimestamp``: a timestamp without an offset or zone (SPEC §1)
        ``UnknownPreset``: no built-in treaty has that id
    ``RefusedEvent``: an event breaks a rule of the treaty or of the VCLT (SPEC §4)
        ``AmbiguousDate``: month arithmetic in ``month_end = "strict"`` mode found a
        date the month lacks
    ``DateOutOfRange``: a computed date falls outside years 1..9999
"""

from __future__ import annotations

__all__ = [
    "AmbiguousDate",
    "DateOutOfRange",
    "InputError",
    "NaiveTimestamp",
    "RefusedEvent",
    "ScenarioFileError",
    "TreatyFileError",
    "TreatyStateError",
    "UnknownPreset",
]


class TreatyStateError(Exception):
    """Base class of every error treatystate raises for bad input or a refused event."""


class InputError(TreatyStateError):
    """A file or value could not be read as a treaty, a scenario or a date."""


class TreatyFileError(InputError):
    """A treaty definition is malformed; the message names the source and the key."""


class ScenarioFileError(InputError):
    """A scenario is malformed; the message names the source and the key."""


class NaiveTimestamp(InputError):
    """A timestamp has no offset or zone, so its legal date cannot be known (SPEC §1)."""


class UnknownPreset(InputError):
    """No built-in treaty has the requested id."""


class DateOutOfRange(TreatyStateError):
    """A date computation left the supported calendar (years 1 to 9999)."""


class RefusedEvent(TreatyStateError):
    """An event breaks a rule; the message names the event, the rule and why.

    ``index`` is the event's 0-based position in the scenario (file order), ``rule``
    the citation of the rule it broke.
    """

    def __init__(self, message: str, *, index: int | None = None, rule: str | None = None):
        super().__init__(message)
        self.index = index
        self.rule = rule


class AmbiguousDate(RefusedEvent):
    """Adding months or years gave a day the month lacks and ``month_end = "strict"``."""
