"""Error messages say where, what, which rule and what would be valid (issue 4 §4);
the command line shows them as one paragraph, exit code 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import treatystate
from treatystate.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "central_asia.toml"

SCENARIO_HEAD = 'treaty = "china-central-asia-2025"\n\n'
SIGNATURE = '[[events]]\ntype = "signature"\ndate = 2025-06-17\n\n'


def _consent(party: str, date: str) -> str:
    return f'[[events]]\ntype = "consent"\nparty = "{party}"\ndate = {date}\n\n'


def _all_consents() -> str:
    dates = ("2025-10-03", "2025-10-28", "2025-11-14", "2025-11-20", "2025-12-10", "2026-01-02")
    return "".join(_consent(code, day) for code, day in
                   zip(("KGZ", "KAZ", "UZB", "TKM", "TJK", "CHN"), dates, strict=True))


def _error(text: str, source: str = "scenario.toml") -> treatystate.TreatyStateError:
    with pytest.raises(treatystate.TreatyStateError) as raised:
        treatystate.loads(text, source=source).run()
    return raised.value


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line that starts with ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if line.startswith(needle)]
    return found[occurrence - 1]


# ---------------------------------------------------------------- file errors


def test_a_bad_event_key_names_file_line_key_and_the_allowed_keys() -> None:
    text = SCENARIO_HEAD + SIGNATURE + _consent("KGZ", "2025-10-03").replace(
        'party = "KGZ"', 'party = "KGZ"\ncolour = "blue"')
    error = _error(text)
    assert isinstance(error, treatystate.ScenarioFileError)
    line = _line_of(text, "colour")
    assert str(error).startswith(f"scenario.toml:{line}: events[1].colour: unknown key")
    assert "allowed keys are date, party, type" in str(error)
    assert (error.source, error.key, error.line) == ("scenario.toml", "events[1].colour", line)


def test_a_missing_key_points_at_its_events_header_and_says_what_it_holds() -> None:
    text = SCENARIO_HEAD + SIGNATURE + SIGNATURE + '[[events]]\ntype = "consent"\nparty = "KGZ"\n'
    message = str(_error(text))
    assert message.startswith(f"scenario.toml:{_line_of(text, '[[events]]', 3)}: "
                              "events[2].date: is required")
    assert "2025-10-03T23:30:00+05:00" in message


def test_a_naive_timestamp_names_the_zone_and_both_valid_spellings() -> None:
    text = SCENARIO_HEAD + SIGNATURE + _consent("KGZ", "2025-10-03T23:30:00")
    error = _error(text)
    assert isinstance(error, treatystate.NaiveTimestamp)
    message = str(error)
    assert message.startswith(f"scenario.toml:{_line_of(text, 'date', 2)}: events[1].date:")
    assert "Asia/Shanghai" in message
    assert "2025-10-03T23:30:00+05:00" in message and "(2025-10-03)" in message


def test_an_unknown_zone_names_the_key_and_valid_zones() -> None:
    text = treatystate.presets.text("china-central-asia-2025").replace(
        'timezone = "Asia/Shanghai"', 'timezone = "Asia/Beijing"')
    with pytest.raises(treatystate.TreatyFileError) as raised:
        treatystate.loads_treaty(text, source="treaty.toml")
    message = str(raised.value)
    line = _line_of(text, "timezone")
    assert message.startswith(f"treaty.toml:{line}: depositary.timezone: 'Asia/Beijing' is not "
                              "a known IANA time zone")
    assert "'Asia/Shanghai'" in message


def test_an_absurd_period_is_accepted_until_it_leaves_the_calendar() -> None:
    treaty = treatystate.presets.text("china-central-asia-2025").replace(
        'effective = ["+P12M"]', 'effective = ["+P99999Y"]')
    text = "treaty = " + _inline(treaty) + "\n" + SIGNATURE + _all_consents() + \
        '[[events]]\ntype = "withdrawal"\nparty = "TKM"\ndate = 2028-02-29\n'
    error = _error(text)
    assert isinstance(error, treatystate.EventDateOutOfRange)
    assert isinstance(error, treatystate.RefusedEvent | treatystate.DateOutOfRange)
    message = str(error)
    assert "event 7 (withdrawal, TKM, 2028-02-29) refused" in message
    assert "2028-02-29 + P99999Y leaves the calendar (years 1 to 9999)" in message
    assert "(Art. 15(3)-(4))" in message
    assert error.index == 7 and error.rule == "Art. 15(3)-(4)"


def _inline(treaty_text: str) -> str:
    """A treaty file as an inline table (TOML has no other way to nest a document)."""
    import tomllib

    from document_mutator import dumps

    return dumps({"t": tomllib.loads(treaty_text)}).removeprefix('"t" = ').strip()


def test_bad_toml_names_the_line() -> None:
    text = SCENARIO_HEAD + SIGNATURE + "[[events]\n"
    message = str(_error(text))
    assert message.startswith(f"scenario.toml:{_line_of(text, '[[events]', 2)}: not valid TOML:")


def test_an_unknown_preset_lists_the_presets() -> None:
    message = str(_error('treaty = "china-central-asia-2052"\n'))
    assert message.startswith("scenario.toml:1: treaty: 'china-central-asia-2052' is neither a "
                              "built-in preset")
    assert "china-central-asia-2025" in message
    with pytest.raises(treatystate.UnknownPreset, match=r"the presets are: .*rome-statute-1998"):
        treatystate.presets.get("rome-statute")


def test_a_treaty_that_extends_itself_names_the_cycle(tmp_path: Path) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text('extends = "b.toml"\n', encoding="utf-8")
    second.write_text('extends = "a.toml"\n', encoding="utf-8")
    with pytest.raises(treatystate.TreatyFileError, match="goes round in a circle") as raised:
        treatystate.load_treaty(first)
    assert "a.toml → " in str(raised.value) and "b.toml" in str(raised.value)


def test_a_file_that_is_not_utf8_says_so_and_where(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('title = "Traité"\n'.encode("latin-1"))
    with pytest.raises(treatystate.ScenarioFileError) as raised:
        treatystate.load(path)
    assert str(raised.value) == (f"{path}: cannot be read: not UTF-8 text (invalid "
                                 "continuation byte at byte 14); save the file as UTF-8")


# ------------------------------------------------------------- refused events


def test_a_refused_event_names_file_line_event_rule_and_the_way_out() -> None:
    text = SCENARIO_HEAD + SIGNATURE + _consent("KGZ", "2025-10-03") + \
        '[[events]]\ntype = "withdrawal"\nparty = "KGZ"\ndate = 2025-11-01\n'
    error = _error(text)
    assert type(error) is treatystate.RefusedEvent
    message = str(error)
    line = _line_of(text, "[[events]]", 3)
    assert message.startswith(f"scenario.toml:{line}: event 2 (withdrawal, KGZ, 2025-11-01) "
                              "refused:")
    assert "not yet in force for KGZ" in message
    assert "use a `consent-revocation` event" in message
    assert message.endswith("(Art. 15(3)-(4))")
    assert (error.index, error.rule) == (2, "Art. 15(3)-(4)")


def test_a_strict_month_end_refusal_names_the_missing_day_and_the_choices() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'treaty = "china-central-asia-2025"',
        'treaty = { extends = "china-central-asia-2025", month_end = "strict" }')
    error = _error(text, source=str(EXAMPLE))
    assert isinstance(error, treatystate.AmbiguousDate)
    message = str(error)
    assert message.startswith(f"{EXAMPLE}:{_line_of(text, '[[events]]', 10)}: event 9 "
                              "(withdrawal, TKM, 2028-02-29) refused:")
    assert "2029-02-29 does not exist" in message
    assert 'set month_end to "last-day" or "next-day"' in message


def test_a_duty_date_needed_by_a_derived_event_refuses_its_cause() -> None:
    """In strict mode, a duty due a month after an entry into force on 31 January
    refuses the consent that brought the treaty into force (SPEC §4)."""
    treaty = treatystate.presets.text("china-central-asia-2025").replace(
        'month_end = "last-day"', 'month_end = "strict"').replace(
        'after = "entry-into-force"', 'after = "entry-into-force"\nwithin = "P1M"')
    consents = _all_consents().replace("2026-01-02", "2026-01-31")
    error = _error("treaty = " + _inline(treaty) + "\n" + SIGNATURE + consents)
    assert isinstance(error, treatystate.AmbiguousDate)
    assert error.index == 6
    assert "event 6 (consent, CHN, 2026-01-31) refused" in str(error)
    assert "after the entry-into-force of 2026-01-31 it caused" in str(error)


def test_events_built_in_python_get_the_loaders_checks() -> None:
    treaty = treatystate.presets.get("china-central-asia-2025")
    date = treatystate.legal_date("2025-06-17", "UTC")[0]
    with pytest.raises(treatystate.ScenarioFileError, match="needs `party`"):
        treatystate.Scenario(treaty, (treatystate.Event(0, "consent", date),))
    with pytest.raises(treatystate.ScenarioFileError, match="not a duty of treaty"):
        treatystate.Scenario(treaty, (treatystate.Event(0, "duty", date, duty="tea"),))


# --------------------------------------------------------------- command line


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _assert_one_paragraph_error(code: int, err: str, *needles: str) -> None:
    assert code == 2
    assert "Traceback" not in err
    assert err.startswith("treatystate: error: ")
    assert err.strip().count("\n") == 0, err
    for needle in needles:
        assert needle in err


@pytest.mark.parametrize(
    ("name", "content", "needles"),
    [
        ("missing.toml", None, ("missing.toml: cannot be read: No such file or directory",)),
        ("latin1.toml", 'title = "Traité"'.encode("latin-1"), ("not UTF-8 text",)),
        ("bad.toml", b"title = 'x'\ntreaty = [1,,]\n", ("bad.toml:2: not valid TOML",)),
        ("deep.toml", b"x = " + b"[" * 5000 + b"]" * 5000,
         ("nested too deeply",)),
        ("naive.toml", (SCENARIO_HEAD + SIGNATURE + _consent("KGZ", "2025-10-03T23:30:00"))
         .encode(), ("naive.toml:10: events[1].date: the timestamp 2025-10-03T23:30:00 has no "
                     "offset",)),
        ("refused.toml", (SCENARIO_HEAD + _consent("KGZ", "2025-10-03") +
                          '[expect]\nstatus = "in-force"\n').encode(),
         ("refused.toml:3: event 0 (consent, KGZ, 2025-10-03) refused: a closed treaty starts "
          "with its signature",)),
        ("preset.toml", b'treaty = "no-such-treaty"\n',
         ("preset.toml:1: treaty: 'no-such-treaty' is neither a built-in preset",)),
    ],
)
def test_run_and_check_report_bad_input_in_one_paragraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None,
    needles: tuple[str, ...],
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    for command in ("run", "check"):
        code, _, err = _cli(capsys, command, str(path))
        _assert_one_paragraph_error(code, err, str(path), *needles)


def test_a_directory_is_not_a_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _cli(capsys, "run", str(tmp_path))
    _assert_one_paragraph_error(code, err, "cannot be read: Is a directory")


def test_bad_as_of_and_unknown_preset_are_input_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _cli(capsys, "run", str(EXAMPLE), "--as-of", "2026-02-30")
    _assert_one_paragraph_error(code, err, "'2026-02-30' is not an ISO date")
    code, _, err = _cli(capsys, "run", str(EXAMPLE), "--as-of", "2026-01-01T00:00")
    _assert_one_paragraph_error(code, err, "has no offset or zone")
    code, _, err = _cli(capsys, "show", "no-such-treaty")
    _assert_one_paragraph_error(code, err, "no built-in treaty 'no-such-treaty'")


def test_check_reports_every_bad_file_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("treaty = [1,,]\n", encoding="utf-8")
    odd = tmp_path / "[odd]name.toml"
    odd.write_text(SCENARIO_HEAD + SIGNATURE + '[expect]\nstatus = "[/red]"\n',
                   encoding="utf-8")
    code, out, err = _cli(capsys, "check", str(EXAMPLE), str(bad), str(odd))
    assert code == 2
    assert "Traceback" not in err
    assert f"ok    {EXAMPLE}" in out
    assert f"FAIL  {odd}" in out and "status: expected [/red], got signed" in out
    assert f"{bad}:1: not valid TOML" in err


def test_the_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    """The real process, with its real stderr: bytes that are not UTF-8, a refused
    event."""
    latin = tmp_path / "latin1.toml"
    latin.write_bytes('title = "Traité"'.encode("latin-1"))
    refused = tmp_path / "refused.toml"
    refused.write_text(SCENARIO_HEAD + _consent("KGZ", "2025-10-03") +
                       '[expect]\nstatus = "in-force"\n', encoding="utf-8")
    for path in (latin, refused):
        done = subprocess.run(
            [sys.executable, "-m", "treatystate.cli", "check", str(path)],
            capture_output=True, text=True, check=False, timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith(f"treatystate: error: {path}")
        assert done.stderr.strip().count("\n") == 0


FILE_COMMANDS = (("run",), ("run", "--json"), ("check",), ("explain",), ("explain", "--json"),
                 ("diagram",), ("timeline",), ("ics",), ("compare",), ("sweep",))
BAD_FILES: dict[str, tuple[bytes | None, str]] = {
    "missing.toml": (None, "cannot be read: No such file or directory"),
    "latin1.toml": ('title = "Traité"'.encode("latin-1"), "not UTF-8 text"),
    "bad.toml": (b"treaty = [1,,]\n", "bad.toml:1: not valid TOML"),
    "deep.toml": (b"x = " + b"{y = " * 3000 + b"}" * 3000, "nested too deeply"),
    "naive.toml": ((SCENARIO_HEAD + SIGNATURE + _consent("KGZ", "2025-10-03T23:30:00"))
                   .encode(), "has no offset or zone"),
    "preset.toml": (b'treaty = "no-such-treaty"\n', "is neither a built-in preset"),
    "refused.toml": ((SCENARIO_HEAD + _consent("KGZ", "2025-10-03") +
                      '[expect]\nstatus = "in-force"\n').encode(), "refused"),
}


@pytest.mark.parametrize("command", FILE_COMMANDS, ids=" ".join)
def test_every_command_reports_bad_files_in_one_paragraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    """Every command that reads a scenario: exit 2, one line, no traceback. (compare
    and sweep need variants or a [sweep] to run, so a readable file may fail them for
    that reason instead; the file's own errors still come first.)"""
    for name, (content, needle) in BAD_FILES.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        code, _, err = _cli(capsys, *command, str(path))
        needs_run = not (name == "refused.toml" and command[0] in ("compare", "sweep"))
        _assert_one_paragraph_error(code, err, str(path), needle if needs_run else "")


def _at_the_end_of_time(tmp_path: Path) -> Path:
    """The built-in example moved to years 9995-9999: every date still in the calendar."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in (("2025-", "9995-"), ("2026-", "9996-"), ("2028-02-29", "9998-12-01"),
                     ("2028-03-06", "9998-12-06"), ("2029-02-28", "9999-12-01"),
                     ("2028-", "9998-"), ("2029-", "9999-")):
        text = text.replace(old, new)
    path = tmp_path / "end_of_time.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("as_of", [None, "9999-12-31", "0001-01-01"])
def test_charts_and_calendars_reach_the_limits_of_the_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_of: str | None
) -> None:
    """A scenario that ends in 9999, or an as-of date of 0001-01-01 or 9999-12-31,
    still gives a timeline (a chart's margin once overflowed 9999-12-31, and
    matplotlib refused a one-day axis on 0001-01-01)."""
    path = _at_the_end_of_time(tmp_path)
    assert main(["check", str(path)]) == 0, capsys.readouterr()
    extra = ["--as-of", as_of] if as_of else []
    for command in (["timeline"], ["timeline", "--format", "svg", "-o", str(tmp_path / "t.svg")],
                    ["ics"], ["explain"], ["diagram"], ["run"]):
        code, _, err = _cli(capsys, *command, str(path), *extra)
        assert code == 0, (command, err)
        assert "Traceback" not in err


def test_an_unwritable_output_is_bad_input(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _cli(capsys, "timeline", str(EXAMPLE), "-o",
                        str(tmp_path / "no" / "such" / "dir" / "t.txt"))
    _assert_one_paragraph_error(code, err, "No such file or directory")


def test_the_error_docs_cover_every_error_class() -> None:
    """docs/errors.md has a section, and errors.py's docstring a line, for every
    TreatyStateError subclass the package exports."""
    import treatystate.errors

    docs = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    docstring = treatystate.errors.__doc__ or ""
    exported = [getattr(treatystate, name) for name in treatystate.__all__]
    classes = [c for c in exported if isinstance(c, type) and issubclass(c, Exception)]
    assert treatystate.TreatyStateError in classes
    for error_class in classes:
        assert issubclass(error_class, treatystate.TreatyStateError), error_class
        assert f"### `{error_class.__name__}`" in docs, error_class.__name__
        assert f"``{error_class.__name__}``" in docstring, error_class.__name__


def test_line_breaks_in_a_files_text_stay_out_of_the_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A `cites` written with line breaks still gives a one-line error."""
    path = tmp_path / "cites.toml"
    path.write_text(
        'treaty = { extends = "china-central-asia-2025", withdrawal = { cites = "Art. 15\\n\\n'
        '(3)" } }\n' + SIGNATURE + _consent("KGZ", "2025-10-03")
        + '[[events]]\ntype = "withdrawal"\nparty = "KGZ"\ndate = 2025-11-01\n',
        encoding="utf-8")
    with pytest.raises(treatystate.RefusedEvent, match="\n\n"):
        treatystate.load(path).run()
    code, _, err = _cli(capsys, "run", str(path))
    _assert_one_paragraph_error(code, err, "(Art. 15 (3))")


@pytest.mark.parametrize(("options", "needle"), [
    (("--in-force-by", "2026-02-30"), "--in-force-by: '2026-02-30' is not an ISO date"),
    (("--dask", "nonsense"), "--dask nonsense: cannot reach a Dask scheduler there"),
    (("--samples", "0"), "samples must be at least 1, got 0"),
    (("--jobs", "0"), "--jobs must be at least 1, got 0"),
    (("--variant", "nope"), "no variant named 'nope'"),
])
def test_sweep_options_are_checked_before_the_sweep_runs(
    capsys: pytest.CaptureFixture[str], options: tuple[str, ...], needle: str
) -> None:
    """A bad option is bad input (exit 2, one line), found before any sample runs; an
    unreachable Dask scheduler once printed a traceback, and an impossible
    --in-force-by date was compared as text."""
    example = ROOT / "examples" / "central_asia_monte_carlo.toml"
    code, out, err = _cli(capsys, "sweep", str(example), *options)
    _assert_one_paragraph_error(code, err, needle)
    assert out == ""


def test_a_refusal_in_a_variant_points_at_the_events_own_line(tmp_path: Path) -> None:
    """A variant that drops the signature renumbers the events; the refused event
    (the duty, now event 0) is still located at its own [[events]] header."""
    text = EXAMPLE.read_text(encoding="utf-8") + (
        '\n[[variants]]\nname = "unsigned"\n[[variants.changes]]\n'
        'drop = { type = "signature" }\n'
    )
    path = tmp_path / "unsigned.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(treatystate.RefusedEvent) as raised:
        treatystate.load(path).variant("unsigned").run()
    line = _line_of(text, "[[events]]", 2)
    assert str(raised.value).startswith(
        f"{path} [variant unsigned]:{line}: event 0 (duty, certified-copies, ")


def test_an_expected_refusal_must_name_a_refusal_class() -> None:
    """A misspelt `[expect.refusal] error` is caught when the file is read, not
    reported as a mismatch on every run."""
    text = (ROOT / "examples" / "leap_day_strict.toml").read_text(encoding="utf-8")
    bad = text.replace('error = "AmbiguousDate"', 'error = "AmbigousDate"')
    with pytest.raises(treatystate.ScenarioFileError) as raised:
        treatystate.loads(bad, source="leap.toml")
    assert str(raised.value) == (
        f"leap.toml:{_line_of(bad, 'error =')}: expect.refusal.error: 'AmbigousDate' is not "
        "a refusal; use one of RefusedEvent, AmbiguousDate, EventDateOutOfRange")


def test_an_expected_refusal_must_name_an_event_of_the_file() -> None:
    text = (ROOT / "examples" / "leap_day_strict.toml").read_text(encoding="utf-8")
    bad = text.replace("\nevent = 8\n", "\nevent = 99\n")
    with pytest.raises(treatystate.ScenarioFileError) as raised:
        treatystate.loads(bad, source="leap.toml")
    assert str(raised.value) == (
        f"leap.toml:{_line_of(bad, 'event = 99')}: expect.refusal.event: 99 is not an event "
        "of this scenario; events are numbered from 0 in file order (0 to 8)")
