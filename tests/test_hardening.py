"""Hardening: no input, however wrong, makes the library raise anything but a
``TreatyStateError`` (issue 4 §4).

Three layers:

* a seeded fuzz run of 1,200 mutated documents derived from the shipped examples and
  presets (tests/document_mutator.py), each loaded, run, rendered and checked, and 160
  more (with structure-aware extremes: the calendar's limits, huge periods, thousands
  of States and events, escape sequences in every text) through every command, plus
  special files (devices, FIFOs, directories, huge and empty files) through every
  command. ``TREATYSTATE_FUZZ_SIZE=N`` multiplies the document counts by N (1 on CI,
  about a minute; 20 before a release);
* Hypothesis fuzzing of the same loaders with structural mutations it chooses, and of
  the public functions (``legal_date``, ``parse_period``, ``parse_step``,
  ``DateRule``, ``presets.get``, ``Scenario.run(as_of=...)``, ``load``/``loads``);
* one regression test per escape the fuzzing found, named after its cause.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import io
import os
import random
import re
import signal
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

import treatystate
from document_mutator import (
    EXAMPLES,
    HOSTILE,
    dumps,
    mutate_data,
    mutated_documents,
    seed_documents,
)
from treatystate import (
    DateRule,
    Event,
    Scenario,
    TreatyStateError,
    legal_date,
    parse_period,
    parse_step,
    presets,
)
from treatystate._io.keylines import KeyLines
from treatystate._views.render import outcome_renderable
from treatystate.cli import main

FUZZ_SOURCE = "fuzz.toml"
FUZZ_SIZE = max(1, int(os.environ.get("TREATYSTATE_FUZZ_SIZE", "1")))
DOCUMENTS = 1200 * FUZZ_SIZE
CLI_DOCUMENTS = 160 * FUZZ_SIZE
# A hang, not a slow machine: the longest invocation of the CI run takes a few seconds.
INVOCATION_SECONDS = 120
SEED = 20261128
AS_OF_CHOICES: tuple[object, ...] = (
    "0001-01-01", "9999-12-31", "2026-01-01", pendulum.Date(2027, 6, 30),
    "2025-10-03T23:30:00+05:00",
)
DETERMINISTIC = settings(derandomize=True, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.too_slow])


def _exercise_treaty(treaty: treatystate.Treaty) -> None:
    """Play a plain lifecycle through a (possibly strange) treaty: everyone signs and
    consents a day apart, then the first State withdraws near the end of the calendar."""
    start = treaty.opened_for_signature or pendulum.Date(2020, 1, 1)
    codes = treaty.parties or ("AAA", "BBB", "CCC")
    events = [Event(0, "signature", start, parties=tuple(codes))]
    for number, code in enumerate(codes[:60]):
        day = start + dt.timedelta(days=number + 1) if start.year < 9999 else start
        events.append(Event(len(events), "consent", day, party=code))
    events.append(Event(len(events), "withdrawal", pendulum.Date(9999, 1, 1), party=codes[0]))
    Scenario(treaty, tuple(events), source=FUZZ_SOURCE).run()


def _exercise(kind: str, document: str | bytes, as_of: object, render: bool) -> str:
    """Load, run, serialise, render and check one document; ``"accepted"`` when no
    rule refused it. Any exception propagates."""
    if kind == "treaty":
        _exercise_treaty(treatystate.loads_treaty(document, source=FUZZ_SOURCE))
        return "accepted"
    scenario = treatystate.loads(document, base_dir=EXAMPLES, source=FUZZ_SOURCE)
    outcome = scenario.run()
    outcome.to_json()
    if render:
        Console(file=io.StringIO(), width=120).print(outcome_renderable(outcome, plain=True))
    scenario.run(as_of=as_of)
    if scenario.expect is not None:
        scenario.check()
    return "accepted"


def _message_problem(error: TreatyStateError) -> str | None:
    """What is wrong with an error's message, if anything: it must say something, and
    name the fuzzed file when the fault is in it. (One paragraph is the command line's
    business: a file's own text, a `cites` with line breaks, may bring some in.)"""
    message = str(error)
    if not message.strip():
        return "empty message"
    own_source = getattr(error, "source", None) in (None, FUZZ_SOURCE)
    if own_source and isinstance(error, treatystate.InputError | treatystate.RefusedEvent) \
            and not message.startswith(FUZZ_SOURCE):
        return "does not start with the file's name"
    return None


def test_mutated_documents_raise_only_treatystate_errors() -> None:
    """Law: for every document derived from a shipped example or preset by random
    mutations (wrong types, missing and extra keys, absurd periods, dates at the
    limits of the calendar, unknown zones, control characters, huge lists, deep
    nesting, bytes that are not UTF-8), loading, running, rendering and checking
    either succeed or raise a TreatyStateError with a message naming the file.
    Seeded, so every run tries the same documents."""
    rng = random.Random(SEED)
    outcomes: collections.Counter[str] = collections.Counter()
    escapes: list[str] = []
    for number, (kind, document, how) in enumerate(mutated_documents(DOCUMENTS, SEED)):
        try:
            outcomes[_exercise(kind, document, rng.choice(AS_OF_CHOICES), number % 10 == 0)] \
                += 1
        except TreatyStateError as error:
            outcomes[type(error).__name__] += 1
            problem = _message_problem(error)
            if problem:
                escapes.append(f"{how}: {problem}: {error}")
        except Exception as error:  # every other exception is the bug this test hunts
            escapes.append(f"{how} ({kind}): {type(error).__name__}: {error}")
    assert not escapes, f"{len(escapes)} escapes, e.g.:\n" + "\n".join(escapes[:5])
    assert sum(outcomes.values()) == DOCUMENTS
    # The mutations must reach every layer, not stop at the TOML parser.
    for layer in ("accepted", "RefusedEvent", "ScenarioFileError", "TreatyFileError"):
        assert outcomes[layer] >= DOCUMENTS // 20, (layer, outcomes)
    for layer in ("NaiveTimestamp", "EventDateOutOfRange", "AmbiguousDate"):
        assert outcomes[layer] >= 1, (layer, outcomes)


CLI_COMMANDS = (("run", "--json"), ("run",), ("check",), ("explain", "--json"), ("explain",),
                ("diagram",), ("diagram", "--format", "dot"), ("timeline",),
                ("timeline", "--markdown"), ("ics",), ("compare",))
# What may not reach a terminal from a file: control characters but the line break and
# the tab (and the CR of CRLF, which RFC 5545 requires), and the bidi overrides.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class _TooLong(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Raise _TooLong in the test if the block runs longer than ``seconds``."""
    def expired(signum: int, frame: object) -> None:
        raise _TooLong

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _invoke(command: list[str], capsys: pytest.CaptureFixture[str]) -> str | None:
    """Run one command line; what is wrong with how it ended, if anything: an
    exception, an exit code other than 0, 1 and 2, a message that is not one line, a
    control character on stdout or stderr, or no end within INVOCATION_SECONDS."""
    try:
        with _time_limit(INVOCATION_SECONDS):
            code = main(command)
    except _TooLong:
        capsys.readouterr()
        return f"still running after {INVOCATION_SECONDS} s"
    except BaseException as error:  # the bug this test hunts (SystemExit included)
        capsys.readouterr()
        return f"{type(error).__name__}: {error}"
    captured = capsys.readouterr()
    out = captured.out.replace("\r\n", "\n") if "ics" in command else captured.out
    if code not in (0, 1, 2):
        return f"exit {code}: {captured.err!r}"
    if code == 2 and (captured.err.count("\n") != 1 or
                      not captured.err.startswith("treatystate: error: ")):
        return f"exit 2 without one line of message: {captured.err[:300]!r}"
    for stream, text in (("stdout", out), ("stderr", captured.err)):
        control = _RAW_CONTROL.search(text)
        if control:
            return (f"a raw {control.group()!r} on {stream}: "
                    f"{text[max(0, control.start() - 40):control.end() + 40]!r}")
    return None


FUZZ_FIGURES: collections.Counter[str] = collections.Counter()


def test_mutated_documents_through_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Law: every command that reads a scenario, given a mutated document (and, every
    other time, an ``--as-of`` date at the limits of the calendar), returns exit code
    0, 1 or 2 within a generous time, never lets an exception out (so never a
    traceback), prints one line on stderr on exit 2, and passes no control character
    from the file to the terminal."""
    escapes: list[str] = []
    scenarios = [(document, how) for kind, document, how
                 in mutated_documents(CLI_DOCUMENTS, SEED + 1) if kind == "scenario"]
    for number, (document, how) in enumerate(scenarios):
        path = tmp_path / f"mutant{number}.toml"
        path.write_bytes(document if isinstance(document, bytes) else document.encode())
        as_of = [] if number % 2 else ["--as-of", str(AS_OF_CHOICES[number // 2 % 5])]
        for command in CLI_COMMANDS:
            extra = [] if command == ("compare",) else as_of
            problem = _invoke([*command, str(path), *extra], capsys)
            FUZZ_FIGURES["invocations"] += 1
            if problem:
                escapes.append(f"{how} {command}: {problem}")
    FUZZ_FIGURES["documents"] += len(scenarios)
    assert len(scenarios) >= CLI_DOCUMENTS // 2
    assert not escapes, f"{len(escapes)} escapes, e.g.:\n" + "\n".join(escapes[:5])


def _special_files(folder: Path) -> dict[str, Path]:
    """Files a careless or hostile user names: devices, a FIFO, a directory, a
    symbolic link to a device, a file over the size limit, empty and NUL files, and
    scenarios whose treaty or `extends` names one of those."""
    from treatystate._io.reader import MAX_FILE_BYTES

    fifo = folder / "fifo.toml"
    os.mkfifo(fifo)
    (folder / "zero-link.toml").symlink_to("/dev/zero")
    big = folder / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    (folder / "empty.toml").write_bytes(b"")
    (folder / "nul.toml").write_bytes(b"\0" * 4096)
    (folder / "treaty-fifo.toml").write_text('treaty = "fifo.toml"\n', encoding="utf-8")
    (folder / "extends-zero.toml").write_text(
        'treaty = { extends = "zero-link.toml" }\n', encoding="utf-8")
    (folder / "extends-dir.toml").write_text('treaty = { extends = "sub/" }\n',
                                             encoding="utf-8")
    (folder / "sub").mkdir()
    files = {path.name: path for path in folder.iterdir()}
    files.update({"/dev/zero": Path("/dev/zero"), "/dev/null": Path("/dev/null"),
                  "/dev/urandom": Path("/dev/urandom"), "folder": folder})
    return files


def test_special_files_through_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Law: no command reads a device or a FIFO without end or waits for one: each
    special file gives exit 0, 1 or 2 at once (the run is bounded), one line of message."""
    escapes = []
    for name, path in sorted(_special_files(tmp_path).items()):
        for command in CLI_COMMANDS:
            problem = _invoke([*command, str(path)], capsys)
            FUZZ_FIGURES["special-file invocations"] += 1
            if problem:
                escapes.append(f"{name} {command}: {problem}")
    assert not escapes, "\n".join(escapes[:5])


def test_mutations_are_reproducible() -> None:
    """Law: the same seed gives the same documents (the fuzz run is deterministic)."""
    assert mutated_documents(40, 7) == mutated_documents(40, 7)
    assert mutated_documents(40, 7) != mutated_documents(40, 8)


def test_the_toml_writer_round_trips_the_seeds() -> None:
    """Law: the mutator's TOML writer loses nothing, so a structural mutation is the
    only difference between a seed and its mutant."""
    for _, text in seed_documents():
        data = tomllib.loads(text)
        assert tomllib.loads(dumps(data)) == data


# ------------------------------------------------------------------ Hypothesis


SEEDS = seed_documents()


@settings(DETERMINISTIC, max_examples=300)
@given(seed=st.sampled_from(SEEDS), rng=st.randoms(use_true_random=False),
       mutations=st.integers(1, 4))
def test_hypothesis_mutated_documents_raise_only_treatystate_errors(
    seed: tuple[str, str], rng: random.Random, mutations: int
) -> None:
    """Law: as above, with the mutations chosen (and shrunk) by Hypothesis."""
    kind, text = seed
    data = tomllib.loads(text)
    for _ in range(mutations):
        data = mutate_data(data, rng)
    try:
        _exercise(kind, dumps(data), "2030-01-01", render=False)
    except TreatyStateError as error:
        assert _message_problem(error) is None, str(error)


TOML_SCALARS = st.one_of(
    st.integers(-(2**63), 2**63 - 1), st.floats(), st.booleans(), st.text(max_size=30),
    st.dates(), st.datetimes(timezones=st.none() | st.timezones()),
    st.sampled_from([v for v in HOSTILE if not isinstance(v, list | dict)]),
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "type", "date", "party", "parties", "when",
                                       "timezone", "depositary", "events", "treaty",
                                       "extends", "x"]), inner, max_size=4),
    max_leaves=12,
)


@settings(DETERMINISTIC, max_examples=300)
@given(st.dictionaries(st.sampled_from(["treaty", "title", "as_of", "events", "expect", "id",
                                        "parties", "depositary", "entry_into_force",
                                        "withdrawal", "termination", "duties", "weights",
                                        "extends", "month_end", "junk"]),
                       TOML_VALUES, max_size=6))
def test_random_documents_raise_only_treatystate_errors(document: dict[str, Any]) -> None:
    """Law: a random TOML document, read as a scenario or as a treaty, gives a value
    or a TreatyStateError."""
    text = dumps(document)
    for kind in ("scenario", "treaty"):
        with contextlib.suppress(TreatyStateError):
            _exercise(kind, text, None, render=False)


@settings(DETERMINISTIC, max_examples=300)
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_random_text_and_bytes_raise_only_treatystate_errors(text: str | bytes) -> None:
    """Law: ``loads``/``loads_treaty`` take any text or bytes: a value or a
    TreatyStateError."""
    for reader in (treatystate.loads, treatystate.loads_treaty):
        with contextlib.suppress(TreatyStateError):
            reader(text)


ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40),
    st.binary(max_size=10), st.dates(), st.datetimes(), st.datetimes(timezones=st.timezones()),
    st.times(), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3),
                                                                    st.integers(), max_size=2),
    st.sampled_from(HOSTILE),
)
ZONES = st.one_of(
    st.sampled_from(["Asia/Shanghai", "UTC", "Pacific/Kiritimati", "Etc/GMT+12",
                     "America/New_York", "Mars/Olympus_Mons", "", "../etc", "+05:00"]),
    st.builds(pendulum.timezone, st.sampled_from(["Asia/Tokyo", "Pacific/Pago_Pago"])),
    ANYTHING,
)


def _value_or_treatystate_error(call: Callable[[], object]) -> object:
    try:
        return call()
    except TreatyStateError as error:
        assert str(error).strip()
        return error


@settings(DETERMINISTIC, max_examples=400)
@given(value=ANYTHING, zone=ZONES)
def test_legal_date_takes_anything(value: object, zone: Any) -> None:
    """Law: ``legal_date`` gives a pendulum Date within years 1..9999, or a
    TreatyStateError (naive timestamps, timestamps whose local date leaves the
    calendar, unknown zones, values that are no date)."""
    result = _value_or_treatystate_error(lambda: legal_date(value, zone))
    if isinstance(result, tuple):
        assert isinstance(result[0], pendulum.Date)


@settings(DETERMINISTIC, max_examples=400)
@given(st.one_of(ANYTHING, st.from_regex(r"[+-]?P(\d{0,8}[YMWD]){0,4}", fullmatch=True)))
def test_periods_and_steps_take_anything(text: object) -> None:
    """Law: ``parse_period`` and ``parse_step`` give a value or an InvalidPeriod; a
    parsed period prints as text that parses back to it."""
    period = _value_or_treatystate_error(lambda: parse_period(text))
    if isinstance(period, treatystate.Period):
        assert parse_period(str(period)) == period
    else:
        assert isinstance(period, treatystate.InvalidPeriod)
    step = _value_or_treatystate_error(lambda: parse_step(text))
    assert not isinstance(step, TreatyStateError) or isinstance(step, treatystate.InvalidPeriod)


LIMIT_DATES = st.one_of(
    st.sampled_from([pendulum.Date(1, 1, 1), pendulum.Date(9999, 12, 31),
                     pendulum.Date(9999, 1, 31), pendulum.Date(1, 1, 31),
                     pendulum.Date(2024, 2, 29), pendulum.Date(2025, 1, 31)]),
    st.dates().map(lambda d: pendulum.Date(d.year, d.month, d.day)),
)


@settings(DETERMINISTIC, max_examples=400)
@given(steps=st.lists(st.sampled_from(["+P99999Y", "-P99999Y", "+P999999M", "+P9999999D",
                                       "-P9999999D", "+P1M", "-P1M", "+P12M", "+P1D",
                                       "-P1D", "start-of-month", "start-of-next-month",
                                       "+P1Y6M2W3D"]), max_size=4),
       start=LIMIT_DATES,
       month_end=st.sampled_from(["last-day", "next-day", "strict", "sometimes"]))
def test_date_rules_at_the_limits_of_the_calendar(
    steps: list[str], start: pendulum.Date, month_end: Any
) -> None:
    """Law: applying any rule to any date gives a date in years 1..9999, or a
    TreatyStateError (DateOutOfRange beyond the calendar, AmbiguousDate in strict
    mode, InputError for an unknown month-end policy); never an OverflowError."""
    result = _value_or_treatystate_error(lambda: DateRule.parse(steps).apply(start, month_end))
    if not isinstance(result, TreatyStateError):
        assert 1 <= result.date.year <= 9999  # type: ignore[attr-defined]


@settings(DETERMINISTIC, max_examples=200)
@given(st.one_of(ANYTHING, st.sampled_from(presets.ids())))
def test_presets_get_takes_anything(preset_id: Any) -> None:
    """Law: ``presets.get`` gives a Treaty for a preset id and UnknownPreset for
    anything else, unhashable values included."""
    result = _value_or_treatystate_error(lambda: presets.get(preset_id))
    if preset_id in presets.ids():
        assert isinstance(result, treatystate.Treaty)
    else:
        assert isinstance(result, treatystate.UnknownPreset)


EXAMPLE_SCENARIO = treatystate.builtin_example()


@settings(DETERMINISTIC, max_examples=200)
@given(st.one_of(ANYTHING, LIMIT_DATES))
def test_run_as_of_takes_anything(as_of: Any) -> None:
    """Law: ``Scenario.run(as_of=...)`` gives an outcome for any date or zoned
    timestamp, and a TreatyStateError for anything else."""
    _value_or_treatystate_error(lambda: EXAMPLE_SCENARIO.run(as_of=as_of))


@settings(DETERMINISTIC, max_examples=100)
@given(st.one_of(st.text(max_size=300), st.none(), st.integers(), st.binary(max_size=20)))
def test_load_takes_any_path(name: Any) -> None:
    """Law: ``load`` and ``load_treaty`` of any path (missing, a directory, too long,
    with a NUL, not a path at all) give a TreatyStateError, never an OSError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name if isinstance(name, str) else name
        for loader in (treatystate.load, treatystate.load_treaty):
            _value_or_treatystate_error(lambda: loader(path))  # noqa: B023


KEY_PATHS = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(st.sampled_from(["events", "treaty", "expect", "parties", "date",
                                        "depositary", "timezone", "duties", "weights"]),
                       st.integers(0, 40).map(lambda n: f"[{n}]")), max_size=5)
    .map(lambda parts: ".".join(parts).replace(".[", "[")),
)


@settings(DETERMINISTIC, max_examples=300)
@given(text=st.one_of(st.sampled_from([text for _, text in SEEDS]), st.text(max_size=300)),
       key=KEY_PATHS)
def test_key_lines_answer_a_line_or_nothing(text: str, key: str) -> None:
    """Law: finding the line of any key path in any text gives a line of that text or
    None, and never fails (it runs while an error is being reported)."""
    line = KeyLines(text).line(key)
    assert line is None or 1 <= line <= len(text.splitlines())


def test_each_event_is_located_at_its_own_line() -> None:
    """Law: in every shipped example, event N's line is the Nth ``[[events]]`` header,
    or the Nth ``{ ... }`` line of a multi-line ``events = [...]`` array."""
    for path in sorted(EXAMPLES.glob("*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        starts = [n for n, line in enumerate(lines, start=1)
                  if line.strip().startswith(("[[events]]", "{ type ="))]
        scenario = treatystate.load(path)
        assert list(scenario.event_lines) == starts[:len(scenario.events)], path.name


# ----------------------------------------------------------- each escape found


def _scenario_with(*events: str, treaty: str = '"china-central-asia-2025"') -> str:
    body = "".join(f"[[events]]\n{event}\n" for event in events)
    return f"treaty = {treaty}\n{body}"


SIGNATURE = 'type = "signature"\ndate = 2025-06-17'
ESCAPES: dict[str, tuple[Callable[[], object], type[TreatyStateError]]] = {
    # OverflowError: datetime.astimezone past 9999-12-31 or before 0001-01-01.
    "timestamp whose legal date is after 9999-12-31": (
        lambda: treatystate.loads(_scenario_with(
            SIGNATURE, 'type = "consent"\nparty = "KGZ"\ndate = 9999-12-31T23:00:00-05:00')),
        treatystate.ScenarioFileError),
    "as_of timestamp whose legal date is before 0001-01-01": (
        lambda: treatystate.loads('treaty = "china-central-asia-2025"\n'
                                  'as_of = 0001-01-01T00:00:00+05:00\n'),
        treatystate.ScenarioFileError),
    "legal_date of a timestamp at the end of the calendar": (
        lambda: legal_date(dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(
            dt.timedelta(hours=-5))), "Asia/Shanghai"),
        treatystate.InvalidDate),
    # RecursionError: tomllib parses nested arrays and inline tables recursively.
    "arrays nested 3,000 deep": (
        lambda: treatystate.loads("a = " + "[" * 3000 + "]" * 3000),
        treatystate.ScenarioFileError),
    "inline tables nested 3,000 deep": (
        lambda: treatystate.loads_treaty("a = " + "{b = " * 3000 + "}" * 3000),
        treatystate.TreatyFileError),
    # RecursionError: `extends` followed a cycle of treaty files for ever.
    "a treaty file that extends itself": (
        lambda: treatystate.load_treaty(_write("self.toml", 'extends = "self.toml"\n')),
        treatystate.TreatyFileError),
    # TypeError / AttributeError: tomllib.loads wants str.
    "loads(bytes) that are not UTF-8": (
        lambda: treatystate.loads(b"treaty = \"\xff\""), treatystate.ScenarioFileError),
    "loads(None)": (lambda: treatystate.loads(None),  # type: ignore[arg-type]
                    treatystate.ScenarioFileError),
    "loads_treaty(42)": (lambda: treatystate.loads_treaty(42),  # type: ignore[arg-type]
                         treatystate.TreatyFileError),
    # ValueError / TypeError from pathlib.
    "load of a path with a NUL byte": (lambda: treatystate.load("a\0b.toml"),
                                       treatystate.ScenarioFileError),
    "load(None)": (lambda: treatystate.load(None),  # type: ignore[arg-type]
                   treatystate.ScenarioFileError),
    # OSError (ENAMETOOLONG) from Path.is_file on a scenario's `treaty` path.
    "a treaty path longer than the system allows": (
        lambda: treatystate.loads('treaty = "' + "a" * 5000 + '.toml"\n'),
        treatystate.TreatyFileError),
    # TypeError: functools.cache hashes its argument.
    "presets.get of an unhashable value": (
        lambda: presets.get([]),  # type: ignore[arg-type]
        treatystate.UnknownPreset),
    # TypeError: datetime.astimezone wants a tzinfo, not a zone name.
    "legal_date with a zone given by name": (
        lambda: legal_date("2025-01-01T00:00+01:00", "Nowhere/Atlantis"),
        treatystate.UnknownTimezone),
    # TypeError: DateRule.parse iterated over a non-list.
    "DateRule.parse(5)": (lambda: DateRule.parse(5),  # type: ignore[arg-type]
                          treatystate.InvalidPeriod),
    # A withdrawal whose effective date leaves the calendar: a bare DateOutOfRange
    # that named no event.
    "a withdrawal taking effect after 9999-12-31": (
        lambda: treatystate.loads(
            (EXAMPLES / "central_asia.toml").read_text(encoding="utf-8")
            .replace("2028-02-29", "9999-02-28").replace("2028-03-06", "9999-03-06")
        ).run(),
        treatystate.EventDateOutOfRange),
    # AssertionError / AttributeError in the engine: events built in Python skipped
    # the loader's checks.
    "an Event without the party its type needs": (
        lambda: Scenario(presets.get("china-central-asia-2025"),
                         (Event(0, "consent", pendulum.Date(2025, 6, 17)),)),
        treatystate.ScenarioFileError),
    "an Event whose date is a string": (
        lambda: Scenario(presets.get("china-central-asia-2025"),
                         (Event(0, "signature", "2025-06-17"),)),  # type: ignore[arg-type]
        treatystate.ScenarioFileError),
    # cattrs.ClassValidationError / TypeError from the converter.
    "Outcome.from_dict of an empty document": (
        lambda: treatystate.Outcome.from_dict({}), treatystate.InvalidOutcome),
    "Outcome.from_dict(None)": (
        lambda: treatystate.Outcome.from_dict(None),  # type: ignore[arg-type]
        treatystate.InvalidOutcome),
    "Outcome.from_dict with an impossible date": (
        lambda: treatystate.Outcome.from_dict(
            {**treatystate.builtin_example().run().to_dict(), "terminated": "2026-02-30"}),
        treatystate.InvalidOutcome),
    # AttributeError: diff_outcomes read .status from whatever it was given.
    "diff_outcomes(None, None)": (
        lambda: treatystate.diff_outcomes(None, None),  # type: ignore[arg-type]
        treatystate.InputError),
    # AttributeError in the engine: a Scenario of no treaty, or of a treaty built in
    # Python with a month-end policy that does not exist.
    "a Scenario of None": (lambda: Scenario(None, ()),  # type: ignore[arg-type]
                           treatystate.TreatyFileError),
    "a treaty with month_end = 'sometimes'": (
        lambda: Scenario(attrs.evolve(presets.get("china-central-asia-2025"),
                                      month_end="sometimes"), ()),
        treatystate.TreatyFileError),
    "a duty whose `within` is a string, not a Period": (
        lambda: Scenario(attrs.evolve(presets.get("china-central-asia-2025"), duties=(
            treatystate.Duty("copies", "signature", "P15D"),)), ()),  # type: ignore[arg-type]
        treatystate.TreatyFileError),
    # The regex's \d took other scripts' digits: "P１D" was one day.
    "a period written with full-width digits": (
        lambda: parse_period("P１D"), treatystate.InvalidPeriod),
}


_FOLDER = tempfile.TemporaryDirectory()


def _write(name: str, text: str) -> Path:
    path = Path(_FOLDER.name) / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(ESCAPES))
def test_each_escape_found_is_now_a_treatystate_error(case: str) -> None:
    """Law: each input that once escaped as a KeyError, TypeError, ValueError,
    OverflowError, RecursionError, OSError or MarkupError now raises the specific
    TreatyStateError listed with it."""
    call, expected = ESCAPES[case]
    with pytest.raises(expected) as raised:
        call()
    assert str(raised.value).strip()


def test_cites_that_look_like_console_markup_are_printed_as_written() -> None:
    """Law: a treaty's text is never read as rich markup (it once raised
    rich.errors.MarkupError for cites = "[/bold] [red]")."""
    scenario = treatystate.builtin_example()
    withdrawal = attrs.evolve(scenario.treaty.withdrawal, cites="[/bold] [red]")
    odd = attrs.evolve(scenario, treaty=attrs.evolve(scenario.treaty, withdrawal=withdrawal))
    out = io.StringIO()
    Console(file=out, width=200).print(outcome_renderable(odd.run(), plain=True))
    assert "[/bold] [red]" in out.getvalue()


@pytest.mark.parametrize("bad", ["nan", "inf", "-1.0", "0", "1.5"])
def test_shares_outside_zero_to_one_are_refused(bad: str) -> None:
    """Law: a weighted threshold's share is a fraction in (0, 1]; nan and inf too
    are refused, naming the key."""
    base = presets.text("paris-agreement-2015")
    with pytest.raises(treatystate.TreatyFileError, match=r"entry_into_force\.when\.share"):
        treatystate.loads_treaty(base.replace("share = 0.55", f"share = {bad}"))
