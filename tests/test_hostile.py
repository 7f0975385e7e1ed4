"""Hostile input, faults and the environment (issue 14): one test per class of fault.

Each class listed in the issue (unbounded input, tracebacks, injection into the
terminal and the exported formats, data loss, silent acceptance, non-determinism) has
a test here that failed before its fix. The fuzzing of every example and preset
through every command lives in test_hardening.py.
"""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import treatystate
from treatystate import presets
from treatystate._cli import output
from treatystate._io.reader import MAX_EXTENDS, MAX_FILE_BYTES, MAX_KEY_PARTS
from treatystate._views.escaping import one_line, visible
from treatystate.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CLI = [sys.executable, "-m", "treatystate.cli"]
TIMEOUT = 60  # generous: a hang, not a slow machine, is what it catches
TRACEBACK = "Traceback (most recent call last)"

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b]8;;https://example.invalid\x1b\\link\x1b]8;;\x1b\\\u202e"
EVIL_TITLE = "Evil\r\nBEGIN:VEVENT\nsection Injected\n  injected : i1, 2025-01-01, 1d\n" + ESCAPES


def _cli(*args: str, env: dict[str, str] | None = None, **kwargs: object
         ) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([*CLI, *args], capture_output=True, timeout=TIMEOUT,  # type: ignore[call-overload, no-any-return]
                          env=environment, check=False, **kwargs)


def _hostile_scenario(folder: Path, title: str = EVIL_TITLE, cites: str = EVIL_TITLE) -> Path:
    """The built-in treaty, retitled and re-cited with line breaks and escape sequences."""
    path = folder / "hostile.toml"
    path.write_text(textwrap.dedent(f"""\
        title = {json.dumps(title)}
        [treaty]
        extends = "china-central-asia-2025"
        title = {json.dumps(title)}
        withdrawal = {{ effective = ["+P12M"], cites = {json.dumps(cites)} }}
        [treaty.entry_into_force]
        cites = {json.dumps(cites)}
        [[events]]
        type = "signature"
        date = 2025-06-17
        """) + "".join(
        f'[[events]]\ntype = "consent"\nparty = "{code}"\ndate = 2025-10-0{n + 1}\n'
        for n, code in enumerate(("CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB"))
    ) + '[[events]]\ntype = "withdrawal"\nparty = "TKM"\ndate = 2028-02-29\n',
        encoding="utf-8")
    return path


def _one_line_error(err: str) -> None:
    assert err.count("\n") == 1 and err.startswith("treatystate: error: "), err
    assert TRACEBACK not in err


# ---------------------------------------------------------------- bounded input


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "folder"])
def test_only_regular_files_are_read(special: str, tmp_path: Path) -> None:
    """Law: `run` of a device, a FIFO or a directory is refused at once with one line
    (it read /dev/zero without end and waited for a FIFO's writer for ever)."""
    if special == "fifo":
        os.mkfifo(tmp_path / "fifo")
        special = str(tmp_path / "fifo")
    elif special == "folder":
        special = str(tmp_path)
    result = _cli("run", special)
    assert result.returncode == 2
    _one_line_error(result.stderr.decode())
    assert "cannot be read" in result.stderr.decode()


def test_a_treaty_path_to_a_fifo_is_no_treaty_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "treaty.toml")
    (tmp_path / "s.toml").write_text('treaty = "treaty.toml"\n', encoding="utf-8")
    result = _cli("run", str(tmp_path / "s.toml"))
    assert result.returncode == 2
    _one_line_error(result.stderr.decode())


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """Law: a file larger than MAX_FILE_BYTES is refused by its size, without being
    read (a sparse file costs no disk), naming the limit."""
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    for loader in (treatystate.load, treatystate.load_treaty):
        with pytest.raises(treatystate.InputError, match=f"{MAX_FILE_BYTES:,}"):
            loader(big)
    with pytest.raises(treatystate.InputError, match="more than"):
        treatystate.loads("#" * (MAX_FILE_BYTES + 1))


def _limited_memory() -> None:
    limit = 1 << 30
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_a_long_dotted_key_is_refused_before_the_toml_parser(tmp_path: Path) -> None:
    """Law: a key of more than MAX_KEY_PARTS dotted parts is refused with one line, in
    little memory (a 60 KB file of one 30,000-part key took 3.5 GB in tomllib)."""
    path = tmp_path / "key.toml"
    path.write_text("a" + ".a" * 30_000 + " = 1\n", encoding="utf-8")
    result = _cli("run", str(path), preexec_fn=_limited_memory)
    assert result.returncode == 2
    _one_line_error(result.stderr.decode())
    assert f"more than {MAX_KEY_PARTS} parts" in result.stderr.decode()
    table = "[" + ".".join(f'"k{n}"' for n in range(MAX_KEY_PARTS + 1)) + "]\n"
    with pytest.raises(treatystate.TreatyFileError, match="dotted key"):
        treatystate.loads_treaty(table)
    # Keys of the usual depth, and dotted text inside strings, are untouched.
    from treatystate._io.reader import read_toml

    document = read_toml('a.b.c.d.e = "Art. 1.2.3.4.5.6 of x.y.z"\n', "x", treatystate.InputError)
    assert document == {"a": {"b": {"c": {"d": {"e": "Art. 1.2.3.4.5.6 of x.y.z"}}}}}


def test_an_extends_chain_deeper_than_the_limit_is_refused(tmp_path: Path) -> None:
    """Law: a chain of `extends` longer than MAX_EXTENDS gives a TreatyFileError
    naming the limit (1,000 files deep raised RecursionError)."""
    depth = 1000
    for number in range(depth):
        (tmp_path / f"t{number}.toml").write_text(f'extends = "t{number + 1}.toml"\n',
                                                  encoding="utf-8")
    (tmp_path / f"t{depth}.toml").write_text(presets.text("china-central-asia-2025"),
                                             encoding="utf-8")
    with pytest.raises(treatystate.TreatyFileError, match=f"more than {MAX_EXTENDS}"):
        treatystate.load_treaty(tmp_path / "t0.toml")
    # A chain within the limit still works.
    assert treatystate.load_treaty(tmp_path / f"t{depth - MAX_EXTENDS + 1}.toml").id == \
        "china-central-asia-2025"


# ------------------------------------------------------------------- tracebacks


def _last_day_scenario(folder: Path) -> Path:
    """A treaty that enters into force on 9999-12-31, the calendar's last day."""
    path = folder / "last.toml"
    path.write_text(textwrap.dedent("""\
        [treaty]
        id = "last-day"
        title = "A treaty of the last day"
        parties = ["AAA", "BBB"]
        depositary = { timezone = "UTC" }
        entry_into_force = { when = "all" }
        [[events]]
        type = "signature"
        date = 9999-12-30
        [[events]]
        type = "consent"
        party = "AAA"
        date = 9999-12-31
        [[events]]
        type = "consent"
        party = "BBB"
        date = 9999-12-31
        """), encoding="utf-8")
    return path


def test_a_calendar_of_an_event_on_the_last_day_of_the_calendar(tmp_path: Path) -> None:
    """Law: an all-day event on 9999-12-31 is exported without the DTEND it cannot
    have (the day after overflowed), lasting its one day (RFC 5545 §3.6.1)."""
    import icalendar

    scenario = treatystate.load(_last_day_scenario(tmp_path))
    assert scenario.run().entry_into_force == treatystate.legal_date("9999-12-31", "UTC")[0]
    result = _cli("ics", str(_last_day_scenario(tmp_path)), "-o", str(tmp_path / "x.ics"))
    assert result.returncode == 0, result.stderr.decode()
    calendar = icalendar.Calendar.from_ical((tmp_path / "x.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert events
    for event in events:
        if str(event.decoded("dtstart")) == "9999-12-31":
            assert "DTEND" not in event


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", [("run",), ("run", "--json"), ("explain",),
                                     ("explain", "--json"), ("timeline",), ("check",)])
def test_a_console_that_is_not_utf8_gets_no_traceback(
    encoding: str, command: tuple[str, ...]
) -> None:
    """Law: under PYTHONIOENCODING=ascii or latin-1 every command exits as under UTF-8,
    without a UnicodeEncodeError; JSON is UTF-8 bytes whatever the console."""
    example = str(EXAMPLES / "central_asia.toml")
    odd = _cli(*command, example, env={"PYTHONIOENCODING": encoding})
    plain = _cli(*command, example, env={"PYTHONIOENCODING": "utf-8"})
    assert odd.returncode == plain.returncode == 0, odd.stderr.decode(errors="replace")
    assert TRACEBACK.encode() not in odd.stderr
    if "--json" in command:
        assert odd.stdout == plain.stdout
        json.loads(odd.stdout.decode("utf-8"))


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", [("compare", "{a}", "{b}", "--json"),
                                     ("validate", "{a}", "--json"),
                                     ("check", "{a}", "{b}", "--json")])
def test_json_with_text_outside_ascii_is_json_on_any_console(
    tmp_path: Path, encoding: str, command: tuple[str, ...]
) -> None:
    """Law: a JSON document that holds text outside ASCII (here the files' names) is
    the same JSON document under PYTHONIOENCODING=ascii or latin-1 as under UTF-8
    (a console that cannot write a character gets its \\u escape, never ``\\xe9``)."""
    a, b = tmp_path / "Ünïcödé.toml", tmp_path / "später.toml"
    a.write_bytes((EXAMPLES / "central_asia.toml").read_bytes())
    b.write_bytes((EXAMPLES / "tajikistan_later.toml").read_bytes())
    args = [part.format(a=a, b=b) for part in command]
    odd = _cli(*args, env={"PYTHONIOENCODING": encoding})
    plain = _cli(*args, env={"PYTHONIOENCODING": "utf-8"})
    assert odd.returncode == plain.returncode, odd.stderr.decode(errors="replace")
    assert TRACEBACK.encode() not in odd.stderr
    document = json.loads(plain.stdout.decode("utf-8"))
    assert "Ünïcödé" in json.dumps(document, ensure_ascii=False)
    assert json.loads(odd.stdout.decode(encoding)) == document


def test_json_lines_on_a_console_that_is_not_utf8_stay_json() -> None:
    """Law: the rows a sweep writes as JSON Lines read back as the same values
    whatever the console's encoding can write."""
    import io

    from treatystate._whatif.formats import writer

    for encoding in ("ascii", "latin-1", "utf-8"):
        raw = io.BytesIO()
        out = io.TextIOWrapper(raw, encoding=encoding, errors="backslashreplace")
        rows = writer("jsonl", out, ["party", "note"], ["text", "text"])
        rows.write([("KAZ", "Ünïcödé → später\u202e")])
        rows.close()
        out.flush()
        line = raw.getvalue().decode(encoding)
        assert json.loads(line) == {"party": "KAZ", "note": "Ünïcödé → später\u202e"}
        assert "\u202e" not in line  # a bidi override is escaped, never sent on


def test_ctrl_c_stops_with_exit_130_and_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Law: a KeyboardInterrupt during a command ends it with exit code 130 and one
    line on stderr, no traceback."""
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(treatystate.Scenario, "run", interrupted)
    for command in (["run"], ["explain"], ["ics", "-o", os.devnull], ["timeline"]):
        try:
            code = main(command)
        except KeyboardInterrupt:
            pytest.fail(f"{command}: the KeyboardInterrupt left main()")
        assert code == 130
        err = capsys.readouterr().err
        assert err == "treatystate: interrupted\n", err


def _open_treaty_scenario(folder: Path, states: int) -> Path:
    """An open treaty that ``states`` States join (benchmarks/run.py's scenario)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run as bench
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    path = folder / f"open-{states}.toml"
    path.write_text(bench.scaling_text(states, 60, states // 10), encoding="utf-8")
    return path


def test_ctrl_c_from_the_terminal_stops_a_run(tmp_path: Path) -> None:
    """Law: SIGINT to a running `run` (its tables take seconds for 4,000 States) ends
    it with 130 and one line."""
    path = _open_treaty_scenario(tmp_path, 4000)
    process = subprocess.Popen([*CLI, "run", str(path)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        # Wait until the command reads its file (imports done), then interrupt it.
        assert process.stderr is not None
        threading.Event().wait(3)
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=TIMEOUT)
        err = process.stderr.read().decode()
    finally:
        process.kill()
        process.wait()
    if code == 0:
        pytest.skip("the command finished before the signal arrived")
    assert code == 130, err
    assert err == "treatystate: interrupted\n", err


def test_a_reader_that_leaves_early_gets_one_line(tmp_path: Path) -> None:
    """Law: `treatystate run --json | head -c 10` ends with one line on stderr (the
    command line's convention for a closed pipe), no BrokenPipeError traceback and no
    'Exception ignored' as the interpreter flushes at exit."""
    # Far more than a pipe holds (64 KiB), so the writer meets the closed pipe.
    path = _open_treaty_scenario(tmp_path, 600)
    process = subprocess.Popen([*CLI, "run", "--json", str(path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    code = process.wait(timeout=TIMEOUT)
    err = process.stderr.read().decode()
    process.stderr.close()
    assert code in (0, 2), err
    assert "Exception ignored" not in err and TRACEBACK not in err
    assert err.count("\n") <= 1, err


# -------------------------------------------------------------------- injection

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_visible_writes_out_every_control_character() -> None:
    """Law: the terminal text of any string holds no control character but line
    breaks and tabs; `one_line` holds neither; both keep printable text as it is."""
    everything = "".join(chr(code) for code in range(0x0, 0xA0)) + "\u202e\u2066é漢"
    assert not _CONTROL.search(visible(everything).replace("\n", "").replace("\t", ""))
    assert not _CONTROL.search(one_line(everything)) and "\n" not in one_line(everything)
    assert visible("Art. 1(2) “x” é 漢\n\t") == "Art. 1(2) “x” é 漢\n\t"
    assert visible("\x1b[2J") == "\\x1b[2J"


@pytest.mark.parametrize("command", [("run",), ("explain",), ("timeline",), ("check",)])
@pytest.mark.parametrize("colour", [False, True])
def test_escape_sequences_in_a_file_never_reach_the_terminal(
    tmp_path: Path, command: tuple[str, ...], colour: bool
) -> None:
    """Law: a title or `cites` holding escape sequences (clear screen, window title,
    hyperlink, bidi override) is shown written out, on a colour terminal too: the
    output holds none of the file's sequences, only their text."""
    path = _hostile_scenario(tmp_path)
    env = {"FORCE_COLOR": "1", "COLUMNS": "200"} if colour else {"NO_COLOR": "1"}
    result = _cli(*command, str(path), env=env)
    assert result.returncode in (0, 1, 2), result.stderr
    shown = result.stdout.decode() + result.stderr.decode()
    for sequence in ("\x1b]0;", "\x1b[2J", "\x1b]8;", "\x07", "\u202e", "\r"):
        assert sequence not in shown, (sequence, shown[:500])
    if command != ("check",):
        assert "\\x1b]0" in shown and "pwned" in shown
    if not colour:
        assert "\x1b" not in shown


def test_an_error_message_never_carries_escape_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('treaty = "china-central-asia-2025"\n"\\u001b[2Jkey" = 1\n',
                    encoding="utf-8")
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "\x1b" not in err and "\\x1b[2Jkey" in err


def test_a_line_break_in_a_title_or_cites_injects_nothing_into_mermaid(tmp_path: Path) -> None:
    """Law: the Gantt chart of a treaty whose title and `cites` hold line breaks has
    the same lines, section by section, as the chart of the plain treaty."""
    from treatystate._views.timeline import chart, mermaid_gantt

    hostile = treatystate.load(_hostile_scenario(tmp_path)).run()
    plain = treatystate.load(_hostile_scenario(tmp_path, "Plain", "Art. 1")).run()
    hostile_lines = mermaid_gantt(chart(hostile)).splitlines()
    plain_lines = mermaid_gantt(chart(plain)).splitlines()
    assert len(hostile_lines) == len(plain_lines)
    assert [line for line in hostile_lines if line.lstrip().startswith("section")] == \
        [line for line in plain_lines if line.lstrip().startswith("section")]
    assert not any("injected" in line and ":" in line.split("injected")[1].split(",")[0]
                   for line in hostile_lines if line.startswith("  injected"))
    for line in hostile_lines:
        assert not _CONTROL.search(line), line
    markdown = _cli("timeline", "--markdown", str(_hostile_scenario(tmp_path))).stdout.decode()
    assert markdown.count("```") == 2


def test_a_dot_label_stays_one_quoted_string() -> None:
    from treatystate._views.diagram import _dot_id

    label = _dot_id('a"\n}\ndigraph x {\\')
    assert "\n" not in label and label.startswith('"') and label.endswith('"')
    assert re.fullmatch(r'"(?:[^"\\]|\\.)*"', label)


def test_a_calendar_escapes_every_text_property(tmp_path: Path) -> None:
    """Law: the ICS of a treaty whose title and `cites` hold CR, LF and escape
    sequences is valid RFC 5545: CRLF-ended lines of at most 75 octets, no control
    character, and it reads back with the name and summaries written out."""
    import icalendar

    path = _hostile_scenario(tmp_path)
    result = _cli("ics", str(path), "-o", str(tmp_path / "x.ics"))
    assert result.returncode == 0, result.stderr.decode()
    data = (tmp_path / "x.ics").read_bytes()
    assert data.endswith(b"\r\n")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        assert not _CONTROL.search(line.decode("utf-8")), line
    calendar = icalendar.Calendar.from_ical(data)
    # X-WR-CALNAME reads back unparsed: undo RFC 5545 §3.3.11 TEXT escaping here.
    name = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1),
                  str(calendar["x-wr-calname"]))
    assert name == visible(EVIL_TITLE.replace("\r\n", "\n"))
    names = [component.name for component in calendar.walk()]
    assert names.count("VEVENT") == len(list(calendar.walk("VEVENT")))
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert any("\\x1b]0;pwned" in summary for summary in summaries), summaries


# -------------------------------------------------------------------- data loss


def test_a_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Law: when the disk fills while `ics -o` writes, the command exits 2 with one
    line, the file that was there is byte for byte unchanged and no temporary file is
    left behind."""
    target = tmp_path / "dates.ics"
    target.write_bytes(b"the calendar from before\n")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "fsync", full)
    for command in (["ics", "-o", str(target)], ["timeline", "-o", str(target)],
                    ["diagram", "-o", str(target)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        _one_line_error(err)
        assert "No space left on device" in err and "unchanged" in err
        assert target.read_bytes() == b"the calendar from before\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["dates.ics"]


def test_a_write_that_fails_half_way_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Law: as above when the write itself fails after some bytes went out."""
    target = tmp_path / "rows.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(treatystate.OutputError), output.atomic_output(str(target)) as handle:
        handle.write("new " * 1000)
        handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rows.csv"]


def test_concurrent_writers_leave_one_whole_output(tmp_path: Path) -> None:
    """Law: many writers of one path at once leave exactly one of their outputs,
    whole (each writes its own temporary file and renames it)."""
    target = tmp_path / "out.txt"
    texts = [f"{number}\n" * 20_000 for number in range(8)]

    def write(text: str) -> None:
        for _ in range(5):
            output.write_output(text, str(target))

    threads = [threading.Thread(target=write, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_text(encoding="utf-8") in texts
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.parametrize("command", ["ics", "timeline", "diagram"])
def test_an_unwritable_output_is_reported_before_any_work(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str]
) -> None:
    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("the scenario ran before the output path was checked")

    monkeypatch.setattr(treatystate.Scenario, "run", no_work)
    code = main([command, str(EXAMPLES / "central_asia.toml"), "-o",
                 str(tmp_path / "missing" / "x.out")])
    assert code == 2
    _one_line_error(capsys.readouterr().err)


# ------------------------------------------------------------ silent acceptance


@pytest.mark.parametrize("text", ["2025-W26", "2025-W26-1", "20260101", "2025-166",
                                  "2025-06-17T10", "20250617T120000+0500", " 2025-06-17",
                                  "2025-6-17", "+2025-06-17"])
def test_dates_are_strict_iso(text: str, tmp_path: Path) -> None:
    """Law: only YYYY-MM-DD and timestamps with an offset (RFC 3339) are dates: week
    dates, ordinal dates and the basic format are refused wherever a date is read
    (an event, `as_of`, `--as-of`, an outcome document)."""
    with pytest.raises(treatystate.InvalidDate):
        treatystate.legal_date(text, "UTC")
    scenario = f'treaty = "china-central-asia-2025"\n[[events]]\ntype = "signature"\n' \
               f'date = "{text}"\n'
    with pytest.raises(treatystate.ScenarioFileError, match="not an ISO date"):
        treatystate.loads(scenario)
    with pytest.raises(treatystate.ScenarioFileError, match="not an ISO date"):
        treatystate.loads(f'treaty = "china-central-asia-2025"\nas_of = "{text}"\n')
    assert main(["run", "--as-of", text]) == 2
    document = treatystate.builtin_example().run().to_dict()
    with pytest.raises(treatystate.InvalidOutcome):
        treatystate.Outcome.from_dict({**document, "entry_into_force": text})


@pytest.mark.parametrize("text", ["2025-06-17", "2025-06-17T23:30:00+05:00",
                                  "2025-06-17T23:30+05:00", "2025-06-17 23:30:00Z",
                                  "2025-06-17T23:30:00.5-04:00"])
def test_iso_dates_and_zoned_timestamps_are_still_dates(text: str) -> None:
    assert treatystate.legal_date(text, "UTC")[0].year == 2025


def test_presets_are_immutable_and_hashable() -> None:
    """Law: the Treaty `presets.get` hands every caller cannot be changed through its
    weight tables; equal treaties hash equal; a changed copy is made with evolve."""
    treaty = presets.get("paris-agreement-2015")
    table = treaty.weights["emissions"]
    usa = table["USA"]
    for change in (lambda: table.__setitem__("USA", 1), lambda: table.update(USA=1),
                   lambda: table.pop("USA"), treaty.weights.clear,
                   lambda: treaty.weights.setdefault("x", {}),
                   lambda: table.__delitem__("USA"), table.popitem):
        with pytest.raises(TypeError):
            change()
    assert presets.get("paris-agreement-2015").weights["emissions"]["USA"] == usa
    copy = treatystate.load_treaty(_write_preset("paris-agreement-2015"))
    assert copy == treaty and hash(copy) == hash(treaty)
    changed = attrs.evolve(treaty, weights={"emissions": {**table, "USA": 0}})
    assert changed != treaty and changed.weights["emissions"]["USA"] == 0
    with pytest.raises(TypeError):
        changed.weights["emissions"]["USA"] = 1  # type: ignore[index]


def _write_preset(preset_id: str) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    path = folder / f"{preset_id}.toml"
    path.write_text(presets.text(preset_id), encoding="utf-8")
    return path


# -------------------------------------------------------------- determinism


@pytest.fixture(scope="module")
def locales() -> Iterator[list[str]]:
    yield ["C", "C.UTF-8", "POSIX"]


@pytest.mark.parametrize("command", [("run", "--json"), ("explain", "--json"), ("run",),
                                     ("ics",)])
def test_output_is_byte_identical_in_every_locale(
    command: tuple[str, ...], locales: list[str]
) -> None:
    """Law: a scenario using a holiday calendar gives the same bytes under every locale
    (the holidays package named holidays in the locale's language: English under
    C.UTF-8, Chinese under C)."""
    example = str(EXAMPLES / "central_asia_holidays.toml")
    stamp = ["-o", "-"] if command == ("ics",) else []
    outputs = set()
    for name in locales:
        env = {"LANG": name, "LC_ALL": name, "LANGUAGE": "zh_CN:fr"}
        result = _cli(*command, example, *stamp, env=env)
        assert result.returncode == 0, result.stderr.decode()
        body = result.stdout
        if command == ("ics",):
            body = re.sub(rb"DTSTAMP:[0-9TZ]+", b"DTSTAMP:-", body)
        outputs.add(body)
    assert len(outputs) == 1
    if command == ("run", "--json"):
        assert "National Day" in outputs.pop().decode("utf-8")


# ----------------------------------------------------------------- bounded work


def _genocide_with_term(renewal: str, notice: str, denounced: str) -> treatystate.Scenario:
    text = (EXAMPLES / "genocide_denunciation.toml").read_text(encoding="utf-8")
    events = text[text.index("events = ["):]
    events = re.sub(r'  \{ type = "withdrawal".*\n', "", events)
    events = events.replace("\n]", f'\n  {{ type = "withdrawal", party = "SYN-001", '
                                   f'date = {denounced} }},\n]', 1)
    treaty = (f'[treaty]\nextends = "genocide-convention-1948"\n[treaty.term]\n'
              f'initial = "P10Y"\nrenewal = "{renewal}"\nnotice = "{notice}"\n'
              'cites = "Art. XIV"\n')
    return treatystate.loads(events + treaty, source="term.toml")


def test_a_one_day_renewal_and_a_far_denunciation_take_no_time() -> None:
    """Law: the period a denunciation falls in is found by arithmetic, not by
    stepping through the periods: a one-day renewal with a denunciation in 9999 (3
    million periods) is answered at once (it spun for minutes)."""
    import signal as signals

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("the term's periods were counted one by one")

    previous = signals.signal(signals.SIGALRM, expired)
    signals.alarm(30)
    try:
        outcome = _genocide_with_term("P1D", "P1D", "9999-06-01").run()
    finally:
        signals.alarm(0)
        signals.signal(signals.SIGALRM, previous)
    # Notice of one day: received 9999-06-01, the period ending 9999-06-02 is too close
    # (its last day for notice is 9999-06-01: in time), effective when it ends.
    assert str(outcome.parties["SYN-001"].withdrawal_effective) == "9999-06-02"


@pytest.mark.parametrize(("renewal", "notice", "denounced"), [
    ("P5Y", "P6M", "2030-07-12"), ("P5Y", "P6M", "2030-07-13"), ("P5Y", "P6M", "1961-01-12"),
    ("P5Y", "P6M", "1961-01-11"), ("P1M", "P1D", "2001-03-30"), ("P1M", "P15D", "2001-02-14"),
    ("P1Y6M", "P1W", "2099-12-31"), ("P3D", "P2D", "1980-05-05"), ("P7M", "P1M", "2500-01-31"),
])
def test_the_current_period_is_the_one_counting_would_find(
    renewal: str, notice: str, denounced: str
) -> None:
    """Law: the bisection finds the first period ending after the notice, the one a
    period-by-period count finds (which the examples' recorded dates pin down)."""
    from treatystate._rules.term import current_period

    scenario = _genocide_with_term(renewal, notice, denounced)
    term = scenario.treaty.term
    assert term is not None
    entered = scenario.run(as_of="1960-01-01").entry_into_force
    assert entered is not None
    date = treatystate.legal_date(denounced, "UTC")[0]
    counted = 0
    while term.period_end(counted).apply(entered, "last-day").date <= date:
        counted += 1
    assert current_period(term, entered, date, "last-day") == counted
    scenario.run()  # and the run takes it


# ----------------------------------------------- rules that run backwards (SPEC §8.7)


@pytest.mark.parametrize(("clause", "rule"), [
    ("withdrawal = { effective = [\"-P1D\"] }", "withdrawal.effective"),
    ("withdrawal = { effective = [\"+P1M\", \"-P2M\"] }", "withdrawal.effective"),
    ("withdrawal = { effective = [\"start-of-month\"] }", "withdrawal.effective"),
    ("entry_into_force = { when = \"all\", date = [\"-P30D\"] }", "entry_into_force.date"),
    ("entry_into_force = { when = \"all\", date = [\"+P1D\", \"-P1M\"] }",
     "entry_into_force.date"),
])
def test_a_rule_that_lands_before_its_start_is_an_error(
    clause: str, rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Law: a withdrawal taking effect before its notice is received, or an entry
    into force before its condition is met, is refused with one line naming the rule
    (both were accepted)."""
    path = tmp_path / "backwards.toml"
    path.write_text(f'[treaty]\nextends = "china-central-asia-2025"\n{clause}\n'
                    '[[events]]\ntype = "signature"\ndate = 2025-06-17\n', encoding="utf-8")
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    _one_line_error(err)
    assert rule in err and "before its start" in err
