"""The error hierarchy. Every error the library raises on bad input derives from
:class:`TreatyStateError`, so ``except treatystate.TreatyStateError`` catches them all;
nothing else (no ``KeyError``, ``TypeError``, ``OverflowError``...) reaches a caller
for bad input. ``docs/errors.md`` gives each class with an example message and what
to do about it.

``TreatyStateError``
    ``InputError``: a file or value that cannot be read as a treaty, a scenario or a date
        ``TreatyFileError``: a treaty definition is malformed (names the file, line, key)
        ``ScenarioFileError``: a scenario is malformed (names the file, line, key)
        ``InvalidDate``: a value is not a date or a zoned timestamp
            ``NaiveTimestamp``: a timestamp without an offset or zone (SPEC §1)
        ``InvalidPeriod``: a period or a date-rule step is not in the SPEC §1 syntax
        ``UnknownTimezone``: not an IANA time zone name
        ``UnknownPreset``: no built-in treaty has that id
        ``InvalidOutcome``: a document given to ``Outcome.from_dict`` is not an outcome
        ``OutputError``: an output file (``-o PATH``) cannot be written; the old one is kept
        ``VariantError``: a what-if change cannot be applied (a what-if variant)
    ``RefusedEvent``: an event breaks a rule of the treaty or of the VCLT (SPEC §4)
        ``AmbiguousDate``: month arithmetic in ``month_end = "strict"`` mode found a
        date the month lacks
        ``EventDateOutOfRange``: an event needs a date beyond the calendar (also a
        ``DateOutOfRange``)
    ``DateOutOfRange``: a computed date falls outside years 1..9999
    ``MissingExtra``: a feature needs an optional dependency (``pip install 'treatystate[EXTRA]'``)

Every ``InputError`` may carry ``source`` (the file), ``key`` (the key path, e.g.
``events[3].date``) and ``line`` (1-based, when the loader could find it); every
``RefusedEvent`` carries ``index`` (the event's position in the file) and ``rule``.
"""

from __future__ import annotations

__all__ = [
    "AmbiguousDate",
    "DateOutOfRange",
    "EventDateOutOfRange",
    "InputError",
    "InvalidDate",
    "InvalidOutcome",
    "InvalidPeriod",
    "MissingExtra",
    "NaiveTimestamp",
    "OutputError",
    "RefusedEvent",
    "ScenarioFileError",
    "TreatyFileError",
    "TreatyStateError",
    "UnknownPreset",
    "UnknownTimezone",
    "VariantError",
]


class TreatyStateError(Exception):
    """Base class of every error treatystate raises for bad input or a refused event.

    >>> import treatystate
    >>> try:
    ...     treatystate.presets.get("no-such-treaty")
    ... except treatystate.TreatyStateError as error:
    ...     print(error)
    no built-in treaty 'no-such-treaty'; the presets are: ...
    """


class InputError(TreatyStateError):
    """A file or value could not be read as a treaty, a scenario or a date.

    ``source`` is the file (or ``<string>``), ``key`` the key path within it and
    ``line`` the 1-based line of that key, each ``None`` when unknown.

    >>> import treatystate
    >>> try:
    ...     treatystate.loads_treaty("id = 1")
    ... except treatystate.InputError as error:
    ...     print(error.source, error.key, error.line)
    <treaty> id 1
    """

    def __init__(self, message: str, *, source: str | None = None, key: str | None = None,
                 line: int | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.key = key
        self.line = line


class TreatyFileError(InputError):
    """A treaty definition is malformed; the message names the source and the key.

    >>> import treatystate
    >>> try:
    ...     treatystate.loads_treaty("id = 1")
    ... except treatystate.TreatyFileError as error:
    ...     print(error)
    <treaty>:1: id: expected a string, got an integer (1)
    """


class ScenarioFileError(InputError):
    """A scenario is malformed; the message names the source and the key.

    >>> import treatystate
    >>> try:
    ...     treatystate.loads("title = 'Paris'")
    ... except treatystate.ScenarioFileError as error:
    ...     print(error)
    <string>: treaty: is required: a built-in preset id ...
    """


class InvalidDate(InputError):
    """A value is neither a date (``2025-10-03``) nor a timestamp with an offset.

    >>> import treatystate
    >>> try:
    ...     treatystate.legal_date("2025-13-01", "UTC")
    ... except treatystate.InvalidDate as error:
    ...     print(error)
    '2025-13-01' is not an ISO date or timestamp: write 2025-10-03 or ...
    """


class NaiveTimestamp(InvalidDate):
    """A timestamp has no offset or zone, so its legal date cannot be known (SPEC §1).

    >>> import treatystate
    >>> try:
    ...     treatystate.legal_date("2025-10-03T10:00:00", "UTC")
    ... except treatystate.NaiveTimestamp as error:
    ...     print(error)
    the timestamp 2025-10-03T10:00:00 has no offset or zone, ...
    """


class InvalidPeriod(InputError):
    """A period (``P15D``) or a date-rule step (``+P60D``, ``start-of-month``) is malformed.

    >>> import treatystate
    >>> try:
    ...     treatystate.parse_period("P1X")
    ... except treatystate.InvalidPeriod as error:
    ...     print(error)
    'P1X' is not a period: write an ISO 8601 duration ...
    """


class UnknownTimezone(InputError):
    """A time zone is not an IANA name such as ``Asia/Shanghai``.

    >>> import treatystate
    >>> try:
    ...     treatystate.legal_date("2025-10-03", "Mars/Olympus")
    ... except treatystate.UnknownTimezone as error:
    ...     print(error)
    'Mars/Olympus' is not a known IANA time zone: ...
    """


class UnknownPreset(InputError):
    """No built-in treaty has the requested id.

    >>> import treatystate
    >>> try:
    ...     treatystate.presets.get("no-such-treaty")
    ... except treatystate.UnknownPreset as error:
    ...     print(error)
    no built-in treaty 'no-such-treaty'; the presets are: ...
    """


class InvalidOutcome(InputError):
    """A document given to ``Outcome.from_dict`` does not have the SPEC §5 shape.

    >>> import treatystate
    >>> try:
    ...     treatystate.Outcome.from_dict({})
    ... except treatystate.InvalidOutcome as error:
    ...     print(error)
    not an outcome document (SPEC §5): required field missing @ outcome.treaty; ...
    """


class OutputError(InputError):
    """An output file cannot be written (its folder is missing or read-only, the disk
    is full...). The file that was there before is left as it was.

    >>> import treatystate
    >>> from treatystate.cli import main
    >>> main(["show", "rome-statute-1998", "-o", "/no/such/folder/rome.toml"])
    2
    """


class VariantError(InputError):
    """A variant cannot be applied: it names no event, an unknown party or clause...

    >>> import treatystate
    >>> scenario = treatystate.builtin_example()
    >>> try:
    ...     treatystate.SetConsent("XYZ", scenario.events[0].date).apply(scenario)
    ... except treatystate.VariantError as error:
    ...     print(error)
    /.../central_asia.toml: XYZ is not a party to this closed treaty (VCLT art. 15); ...
    """


class DateOutOfRange(TreatyStateError):
    """A date computation left the supported calendar (years 1 to 9999).

    >>> import pendulum, treatystate
    >>> try:
    ...     treatystate.DateRule.parse(["+P100Y"]).apply(pendulum.Date(9950, 1, 1), "last-day")
    ... except treatystate.DateOutOfRange as error:
    ...     print(error)
    9950-01-01 + P100Y leaves the calendar (years 1 to 9999)
    """


class RefusedEvent(TreatyStateError):
    """An event breaks a rule; the message names the event, the rule and why.

    ``index`` is the event's 0-based position in the scenario (file order), ``rule``
    the citation of the rule it broke, ``refusal`` the stable label of the check that
    refused it (``"withdrawal.before-earliest"``; docs/architecture.md lists them).

    >>> import treatystate
    >>> scenario = treatystate.loads('''
    ... treaty = "china-central-asia-2025"
    ... [[events]]
    ... type = "signature"
    ... date = 2025-06-17
    ... [[events]]
    ... type = "withdrawal"
    ... party = "KAZ"
    ... date = 2025-07-01
    ... ''')
    >>> try:
    ...     scenario.run()
    ... except treatystate.RefusedEvent as error:
    ...     print(error.index, error.rule, error.refusal)
    1 Art. 15(3)-(4) withdrawal.not-a-party
    """

    def __init__(self, message: str, *, index: int | None = None, rule: str | None = None,
                 refusal: str | None = None):
        super().__init__(message)
        self.index = index
        self.rule = rule
        self.refusal = refusal


class AmbiguousDate(RefusedEvent):
    """Adding months or years gave a day the month lacks and ``month_end = "strict"``.

    >>> import pendulum, treatystate
    >>> rule = treatystate.DateRule.parse(["+P12M"])
    >>> try:
    ...     rule.apply(pendulum.Date(2028, 2, 29), "strict")
    ... except treatystate.AmbiguousDate as error:
    ...     print(type(error).__name__)
    AmbiguousDate
    """


class EventDateOutOfRange(DateOutOfRange, RefusedEvent):
    """An event is refused because a date its rule gives lies beyond year 9999 (or
    before year 1): a :class:`RefusedEvent` that names the event and a
    :class:`DateOutOfRange`.

    >>> import treatystate
    >>> issubclass(treatystate.EventDateOutOfRange, treatystate.RefusedEvent)
    True
    >>> issubclass(treatystate.EventDateOutOfRange, treatystate.DateOutOfRange)
    True
    """


class MissingExtra(TreatyStateError):
    """A feature needs an optional dependency that is not installed; ``extra`` names the
    extra that installs it.

    >>> import treatystate
    >>> error = treatystate.MissingExtra("needs matplotlib", extra="plot", module="matplotlib")
    >>> f"pip install 'treatystate[{error.extra}]'"
    "pip install 'treatystate[plot]'"
    """

    def __init__(self, message: str, *, extra: str, module: str) -> None:
        super().__init__(message)
        self.extra = extra
        self.module = module
