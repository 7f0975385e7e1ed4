"""The command line (SPEC §6): parse, call, print, exit code. Nothing else lives here.

Exit codes: 0 success; 1 expectations not met; 2 bad input (unreadable file, bad
format, refused event) or an output that cannot be written (disk full, permission,
a closed pipe), with a one-paragraph message on stderr and no traceback.

The same conventions hold for every command: ``-o PATH`` where it writes (``-o -``
and no ``-o`` mean standard output; a file is written whole or not at all),
``--json`` where it reports, ``--help`` with the defaults and an example.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import __version__, builtin_example, load, presets
from ._cli.output import atomic_output, dump_json, is_stdout, json_text
from ._views.escaping import visible
from .errors import TreatyStateError

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["main"]

EXIT_OK, EXIT_MISMATCH, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

SCENARIO_HELP = "scenario file (default: the built-in example)"
AS_OF_HELP = "count only events up to and including DATE"
OUTPUT_HELP = "write to PATH instead of standard output (- is standard output)"


class _HelpFormatter(argparse.RawDescriptionHelpFormatter,
                     argparse.ArgumentDefaultsHelpFormatter):
    """Examples kept as written; a default shown where there is one to show."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False) or action.default is argparse.SUPPRESS:
            return action.help
        return super()._get_help_string(action)


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _command(commands: Any, name: str, summary: str, *examples: str
             ) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=summary[:1].upper() + summary[1:] + ".",
        epilog=_examples(*examples), formatter_class=_HelpFormatter)
    return parser


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="PATH", help=OUTPUT_HELP)


def _json(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--json", action="store_true", help=f"print {what} as JSON")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="treatystate",
        description="Simulate a treaty's lifecycle and compute its legally significant dates.",
        epilog=_examples("treatystate run                      # the built-in example",
                         "treatystate run FILE --json -o outcome.json",
                         "treatystate COMMAND --help           # each command's options"),
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # One function per command: each declares its options and sets its handler with
    # set_defaults(handler=...).
    for add in (_add_run, _add_check, _add_validate, _add_presets, _add_show, _add_compare,
                _add_sweep, _add_explain, _add_diagram, _add_timeline, _add_report, _add_ics,
                _add_completion):
        add(commands)
    return parser


def _add_run(commands: Any) -> None:
    run = _command(commands, "run", "run a scenario and print its timeline",
                   "treatystate run",
                   "treatystate run examples/five_withdraw.toml --as-of 2030-01-01",
                   "treatystate run FILE --json -o outcome.json")
    run.add_argument("file", nargs="?", help=SCENARIO_HELP)
    _json(run, "the outcome document")
    run.add_argument("--as-of", metavar="DATE", help=AS_OF_HELP)
    run.add_argument("--variant", metavar="NAME", help="run the file's [[variants]] NAME")
    _output(run)
    run.set_defaults(handler=_run)


def _add_check(commands: Any) -> None:
    check = _command(commands, "check", "check scenarios against their [expect]",
                     "treatystate check examples/*.toml", "treatystate check FILE --json")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--as-of", metavar="DATE", help="check as of DATE")
    _json(check, "each file's result")
    _output(check)
    check.set_defaults(handler=_check)


def _add_validate(commands: Any) -> None:
    validate = _command(commands, "validate",
                        "read a treaty or scenario file and check it, without running it",
                        "treatystate validate my-treaty.toml",
                        "treatystate validate examples/*.toml --json")
    validate.add_argument("files", nargs="+", metavar="FILE",
                          help="treaty files (SPEC §2) or scenario files (§3), told apart "
                               "by their keys")
    _json(validate, "each file's result")
    _output(validate)
    validate.set_defaults(handler=_validate)


def _add_presets(commands: Any) -> None:
    listing = _command(commands, "presets", "list the built-in treaties",
                       "treatystate presets", "treatystate presets --json")
    _json(listing, "the ids and titles")
    _output(listing)
    listing.set_defaults(handler=_presets)


def _add_show(commands: Any) -> None:
    show = _command(commands, "show", "print a built-in treaty as an editable file",
                    "treatystate show rome-statute-1998 -o my-treaty.toml")
    show.add_argument("preset", metavar="ID", help="a preset id (treatystate presets)")
    _output(show)
    show.set_defaults(handler=_show)


def _add_compare(commands: Any) -> None:
    compare = _command(commands, "compare",
                       "what changes: a file's baseline against each variant, or two files",
                       "treatystate compare examples/leap_day_month_end.toml",
                       "treatystate compare A.toml B.toml --json -o diff.json",
                       "treatystate compare examples/central_asia.toml --shift consent:TJK:+P6M")
    compare.add_argument("file", metavar="FILE")
    compare.add_argument("other", nargs="?", metavar="OTHER", help="a second scenario file")
    _json(compare, "the differences")
    compare.add_argument("--as-of", metavar="DATE", help="compare as of DATE")
    compare.add_argument("--shift", action="append", metavar="TYPE[:WHO]:STEPS",
                         help="what if these events moved, e.g. consent:TJK:+P6M "
                              "(duty events follow their trigger)")
    compare.add_argument("--drop", action="append", metavar="TYPE[:WHO]",
                         help="what if these events did not happen, e.g. withdrawal:TKM")
    compare.add_argument("--set-month-end", choices=("last-day", "next-day", "strict"),
                         help="what if the treaty's month_end were POLICY")
    _output(compare)
    compare.set_defaults(handler=_whatif("compare"))


def _add_sweep(commands: Any) -> None:
    sweep = _command(commands, "sweep", "run a file's [sweep]: rows of outcome fields",
                     "treatystate sweep examples/central_asia_monte_carlo.toml -o rows.csv",
                     "treatystate sweep FILE --summary --in-force-by 2027-01-01 --jobs 2")
    sweep.add_argument("file", metavar="FILE")
    sweep.add_argument("--variant", metavar="NAME", help="sweep around a variant instead")
    sweep.add_argument("--samples", type=int, help="random draws per grid point")
    sweep.add_argument("--seed", type=int, help="the seed (same seed, same rows)")
    sweep.add_argument("--jobs", type=int, metavar="N", help="N worker processes")
    sweep.add_argument("--dask", metavar="ADDRESS",
                       help="run on the Dask scheduler at ADDRESS, or on a local cluster "
                            "(local, local:N workers); extra: treatystate[dask]")
    sweep.add_argument("--format", choices=("csv", "jsonl", "parquet"),
                       help="rows as CSV, JSON Lines or Parquet (extra: treatystate[parquet]; "
                            "default: from PATH's suffix, else csv)")
    sweep.add_argument("-o", "--output", metavar="PATH",
                       help="write rows to PATH (- is standard output)")
    sweep.add_argument("--summary", action="store_true", help="print a summary of the rows")
    sweep.add_argument("--in-force-by", action="append", metavar="DATE",
                       help="in the summary: the probability of being in force by DATE")
    sweep.add_argument("--json", action="store_true", help="the summary as JSON")
    sweep.add_argument("--plot", metavar="PATH",
                       help="draw P(in force by date) to PATH.png or PATH.svg "
                            "(extra: treatystate[plot])")
    sweep.set_defaults(handler=_whatif("sweep"))


def _add_explain(commands: Any) -> None:
    explain = _command(commands, "explain", "why each derived date is what it is",
                       "treatystate explain examples/central_asia.toml --party TKM",
                       "treatystate explain FILE --json --as-of 2028-06-30 -o why.json")
    explain.add_argument("file", nargs="?", help=SCENARIO_HELP)
    explain.add_argument("--as-of", metavar="DATE", help=AS_OF_HELP)
    _json(explain, "the explanation")
    explain.add_argument("--party", metavar="CODE",
                         help="only this State's dates (and the treaty's own)")
    _output(explain)
    explain.set_defaults(handler=_views("explain"))


def _add_diagram(commands: Any) -> None:
    diagram = _command(commands, "diagram",
                       "the lifecycle state machines (with FILE: where everyone is)",
                       "treatystate diagram --markdown",
                       "treatystate diagram examples/central_asia.toml --format dot -o lc.dot")
    diagram.add_argument("file", nargs="?", help="scenario file: highlight its states")
    diagram.add_argument("--format", choices=("mermaid", "dot"), default="mermaid",
                         help="Mermaid state diagrams or Graphviz DOT text")
    diagram.add_argument("--machine", choices=("treaty", "party"),
                         help="one machine only (default: both)")
    diagram.add_argument("--markdown", action="store_true",
                         help="Mermaid in fenced Markdown blocks (always for both machines)")
    diagram.add_argument("--as-of", metavar="DATE", help=AS_OF_HELP)
    _output(diagram)
    diagram.set_defaults(handler=_views("diagram"))


def _add_timeline(commands: Any) -> None:
    timeline = _command(commands, "timeline",
                        "each State's periods, milestones and deadlines as a chart",
                        "treatystate timeline examples/central_asia.toml --markdown",
                        "treatystate timeline FILE --format png -o timeline.png")
    timeline.add_argument("file", nargs="?", help=SCENARIO_HELP)
    timeline.add_argument("--format", choices=("mermaid", "png", "svg"), default="mermaid",
                          help="Mermaid Gantt text, or a picture (extra: treatystate[plot])")
    timeline.add_argument("--markdown", action="store_true",
                          help="Mermaid in a fenced Markdown block")
    timeline.add_argument("--as-of", metavar="DATE", help=AS_OF_HELP)
    _output(timeline)
    timeline.add_argument("--width", type=float, metavar="INCHES",
                          help="png/svg: the picture's width (default 13)")
    timeline.add_argument("--height", type=float, metavar="INCHES",
                          help="png/svg: the picture's height (default: as the rows need)")
    timeline.add_argument("--dpi", type=float, help="png: dots per inch (default 110)")
    timeline.set_defaults(handler=_views("timeline"))


def _add_report(commands: Any) -> None:
    report = _command(commands, "report",
                      "one self-contained HTML page: where the treaty stands, and why",
                      "treatystate report examples/central_asia.toml -o report.html")
    report.add_argument("file", nargs="?", help=SCENARIO_HELP)
    report.add_argument("--as-of", metavar="DATE", help=AS_OF_HELP)
    _output(report)
    report.set_defaults(handler=_views("report"))


def _add_ics(commands: Any) -> None:
    ics = _command(commands, "ics",
                   "deadlines and effective dates as a calendar (extra: treatystate[ics])",
                   "treatystate ics examples/central_asia.toml -o treaty.ics")
    ics.add_argument("file", nargs="?", help=SCENARIO_HELP)
    ics.add_argument("--as-of", metavar="DATE", help=AS_OF_HELP)
    _output(ics)
    ics.set_defaults(handler=_views("ics"))


def _add_completion(commands: Any) -> None:
    completion = _command(
        commands, "completion",
        "print a shell completion script (extra: treatystate[completion])",
        'eval "$(treatystate completion bash)"            # in ~/.bashrc',
        "treatystate completion zsh -o ~/.zfunc/_treatystate")
    completion.add_argument("shell", choices=("bash", "zsh", "tcsh"))
    _output(completion)
    completion.set_defaults(handler=_completion)


def _views(name: str) -> Callable[[argparse.Namespace], int]:
    """A handler from ``_cli.views``, imported only when its command runs."""

    def handler(args: argparse.Namespace) -> int:
        from ._cli import views as views_cli

        result: int = getattr(views_cli, name)(args)
        return result

    return handler


def _whatif(name: str) -> Callable[[argparse.Namespace], int]:
    """A handler from ``_cli.whatif``, imported only when its command runs."""

    def handler(args: argparse.Namespace) -> int:
        from ._cli import whatif as whatif_cli

        result: int = getattr(whatif_cli, name)(args)
        return result

    return handler


def _fail(message: str) -> int:
    # One paragraph on one line, even when a file's own text (a `cites` written with
    # "\n") brings line breaks into the message.
    # visible(): the file's text may hold escape sequences; the terminal shows them.
    print(f"treatystate: error: {visible(' '.join(message.split()))}", file=sys.stderr)
    return EXIT_BAD_INPUT


@contextlib.contextmanager
def _console(path: str | None) -> Iterator[Console]:
    """A rich console writing to ``path`` whole (plain text), or to standard output."""
    from ._views.render import console

    with atomic_output(path) as handle:
        yield console() if is_stdout(path) else console(file=handle)


def _run(args: argparse.Namespace) -> int:
    scenario = load(args.file) if args.file else builtin_example()
    if args.variant:
        scenario = scenario.variant(args.variant)
    outcome = scenario.run(as_of=args.as_of)
    if args.json:
        with atomic_output(args.output, binary=True) as binary:
            binary.write(json_text(outcome.to_json() + "\n"))
        return EXIT_OK
    from ._views.render import print_outcome

    with _console(args.output) as out:
        print_outcome(outcome, out)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from ._scenario import CheckResult

    worst = EXIT_OK
    results: list[tuple[str, CheckResult | str]] = []
    for path in args.files:
        try:
            results.append((path, load(path).check(as_of=args.as_of)))
        except TreatyStateError as error:
            worst = _fail(str(error))
            results.append((path, " ".join(str(error).split())))
            continue
    if any(isinstance(r, CheckResult) and not r.ok for _, r in results):
        worst = max(worst, EXIT_MISMATCH)
    if args.json:
        dump_json([{"file": path, "ok": not isinstance(r, str) and r.ok,
                    "error": r if isinstance(r, str) else None,
                    "mismatches": [] if isinstance(r, str) else [
                        {"where": m.where, "expected": m.expected, "actual": m.actual}
                        for m in r.mismatches]}
                   for path, r in results], args.output)
        return worst
    with _console(args.output) as out:
        for path, result in results:
            if isinstance(result, str):
                continue  # said on stderr
            # markup=False: paths and expected values are the user's text, not markup.
            out.print(f"{'ok  ' if result.ok else 'FAIL'}  {visible(path)}", markup=False)
            for mismatch in result.mismatches:
                out.print(f"      {visible(str(mismatch))}", markup=False)
    return worst


def _validate(args: argparse.Namespace) -> int:
    from . import load_treaty
    from ._io.reader import read_file, read_toml
    from ._io.scenario_file import file_kind
    from .errors import InputError, ScenarioFileError

    worst = EXIT_OK
    results: list[dict[str, Any]] = []
    for path in args.files:
        entry: dict[str, Any] = {"file": path, "kind": None, "ok": False, "error": None}
        try:
            kind = file_kind(read_toml(read_file(path, InputError), path, ScenarioFileError))
            entry["kind"] = kind
            if kind == "treaty":
                treaty = load_treaty(path)
                entry["summary"] = f"treaty '{treaty.id}': {treaty.title}"
            else:
                scenario = load(path)
                entry["summary"] = (f"scenario of treaty '{scenario.treaty.id}', "
                                    f"{len(scenario.events)} events")
            entry["ok"] = True
        except TreatyStateError as error:
            entry["error"] = " ".join(str(error).split())
            worst = _fail(str(error))
        results.append(entry)
    if args.json:
        dump_json(results, args.output)
        return worst
    with atomic_output(args.output) as handle:
        for entry in results:
            if entry["ok"]:
                handle.write(f"ok    {visible(entry['file'])}: {visible(entry['summary'])}\n")
    return worst


def _presets(args: argparse.Namespace) -> int:
    listed = [{"id": preset_id, "title": presets.get(preset_id).title}
              for preset_id in presets.ids()]
    if args.json:
        dump_json(listed, args.output)
        return EXIT_OK
    with atomic_output(args.output) as handle:
        handle.writelines(f"{entry['id']:<32} {entry['title']}\n" for entry in listed)
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    text = presets.text(args.preset)
    with atomic_output(args.output) as handle:
        handle.write(text)
    return EXIT_OK


def _completion(args: argparse.Namespace) -> int:
    from ._extras import require

    shtab = require("shtab", extra="completion", feature="treatystate completion")
    script: str = shtab.complete(_parser(), shell=args.shell)
    with atomic_output(args.output) as handle:
        handle.write(script)
    return EXIT_OK


def _closed_output() -> None:
    # The reader went away (`| head`): send what is still buffered nowhere, so the
    # interpreter's own flush at exit does not fail a second time.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _tolerate_any_encoding() -> None:
    """A console that cannot encode a character (PYTHONIOENCODING=ascii, latin-1) gets
    an escape for it instead of a UnicodeEncodeError; JSON is written as UTF-8 bytes."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerate_any_encoding()
    args = _parser().parse_args(argv)
    try:
        result: int = args.handler(args)
        sys.stdout.flush()  # a full disk shows here, not in the interpreter's exit
        return result
    except TreatyStateError as error:
        return _fail(str(error))
    except BrokenPipeError:
        _closed_output()
        return _fail("standard output: cannot be written: the reading end of the pipe "
                     "was closed (Broken pipe)")
    except OSError as error:
        if error.filename:
            return _fail(f"{error.filename}: {error.strerror or error}")
        _closed_output()
        return _fail(f"standard output: cannot be written: {error.strerror or error}")
    except KeyboardInterrupt:
        print("treatystate: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
