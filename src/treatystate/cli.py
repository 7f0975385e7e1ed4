"""The command line (SPEC §6): parse, call, print, exit code. Nothing else lives here.

Exit codes: 0 success; 1 expectations not met; 2 bad input (unreadable file, bad
format, refused event), with a one-paragraph message on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from . import __version__, builtin_example, load, presets
from ._scenario import Scenario
from .errors import TreatyStateError

__all__ = ["main"]

EXIT_OK, EXIT_MISMATCH, EXIT_BAD_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="treatystate",
        description="Simulate a treaty's lifecycle and compute its legally significant dates.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    # Each command sets its handler with set_defaults(handler=...); a command that
    # lives in its own module registers itself here with one line.
    run = commands.add_parser("run", help="run a scenario and print its timeline")
    run.set_defaults(handler=_run)
    run.add_argument("file", nargs="?", help="scenario file (default: the built-in example)")
    run.add_argument("--json", action="store_true", help="print the outcome document (JSON)")
    run.add_argument("--as-of", metavar="DATE",
                     help="count only events up to and including DATE")
    run.add_argument("--variant", metavar="NAME", help="run the file's [[variants]] NAME")

    check = commands.add_parser("check", help="check scenarios against their [expect]")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--as-of", metavar="DATE", help="check as of DATE")
    check.set_defaults(handler=_check)

    listing = commands.add_parser("presets", help="list the built-in treaties")
    listing.set_defaults(handler=_presets)
    show = commands.add_parser("show", help="print a built-in treaty as an editable file")
    show.add_argument("preset", metavar="ID")
    show.set_defaults(handler=_show)

    compare = commands.add_parser(
        "compare", help="what changes: a file's baseline against each variant, or two files")
    compare.add_argument("file", metavar="FILE")
    compare.add_argument("other", nargs="?", metavar="OTHER", help="a second scenario file")
    compare.add_argument("--json", action="store_true", help="print the differences as JSON")
    compare.add_argument("--as-of", metavar="DATE", help="compare as of DATE")
    compare.set_defaults(handler=_whatif("compare"))

    sweep = commands.add_parser("sweep", help="run a file's [sweep]: rows of outcome fields")
    sweep.add_argument("file", metavar="FILE")
    sweep.add_argument("--variant", metavar="NAME", help="sweep around a variant instead")
    sweep.add_argument("--samples", type=int, help="random draws per grid point")
    sweep.add_argument("--seed", type=int, help="the seed (same seed, same rows)")
    sweep.add_argument("--jobs", type=int, metavar="N", help="N worker processes")
    sweep.add_argument("--dask", metavar="ADDRESS",
                       help="run on the Dask scheduler at ADDRESS, or on a local cluster "
                            "(local, local:N workers); extra: treatystate[dask]")
    sweep.add_argument("--format", choices=("csv", "jsonl", "parquet"),
                       help="rows as CSV, JSON Lines or Parquet (extra: treatystate[parquet])")
    sweep.add_argument("-o", "--output", metavar="PATH", help="write rows to PATH")
    sweep.add_argument("--summary", action="store_true", help="print a summary of the rows")
    sweep.add_argument("--in-force-by", action="append", metavar="DATE",
                       help="in the summary: the probability of being in force by DATE")
    sweep.add_argument("--json", action="store_true", help="the summary as JSON")
    sweep.add_argument("--plot", metavar="PATH",
                       help="draw P(in force by date) to PATH.png or PATH.svg "
                            "(extra: treatystate[plot])")
    sweep.set_defaults(handler=_whatif("sweep"))
    _add_view_commands(commands)
    return parser


def _add_view_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """explain, diagram, timeline, report, ics: their logic lives in ``views_cli``."""
    scenario_help = "scenario file (default: the built-in example)"
    as_of_help = "count only events up to and including DATE"
    explain = commands.add_parser("explain", help="why each derived date is what it is")
    explain.add_argument("file", nargs="?", help=scenario_help)
    explain.add_argument("--as-of", metavar="DATE", help=as_of_help)
    explain.add_argument("--json", action="store_true", help="print the explanation as JSON")
    explain.add_argument("--party", metavar="CODE", help="only this State's dates (and the "
                         "treaty's own)")
    explain.set_defaults(handler=_views("explain"))

    diagram = commands.add_parser(
        "diagram", help="the lifecycle state machines (with FILE: where everyone is)")
    diagram.add_argument("file", nargs="?", help="scenario file: highlight its states")
    diagram.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    diagram.add_argument("--machine", choices=("treaty", "party"),
                         help="one machine only (default: both)")
    diagram.add_argument("--markdown", action="store_true",
                         help="Mermaid in fenced Markdown blocks (always for both machines)")
    diagram.add_argument("--as-of", metavar="DATE", help=as_of_help)
    diagram.add_argument("-o", "--output", metavar="PATH", help="write to PATH")
    diagram.set_defaults(handler=_views("diagram"))

    timeline = commands.add_parser(
        "timeline", help="each State's periods, milestones and deadlines as a chart")
    timeline.add_argument("file", nargs="?", help=scenario_help)
    timeline.add_argument("--format", choices=("mermaid", "png", "svg"), default="mermaid",
                          help="Mermaid Gantt text, or a picture (extra: treatystate[plot])")
    timeline.add_argument("--markdown", action="store_true",
                          help="Mermaid in a fenced Markdown block")
    timeline.add_argument("--as-of", metavar="DATE", help=as_of_help)
    timeline.add_argument("-o", "--output", metavar="PATH", help="write to PATH")
    timeline.add_argument("--width", type=float, metavar="INCHES",
                          help="png/svg: the picture's width (default 13)")
    timeline.add_argument("--height", type=float, metavar="INCHES",
                          help="png/svg: the picture's height (default: as the rows need)")
    timeline.add_argument("--dpi", type=float, help="png: dots per inch (default 110)")
    timeline.set_defaults(handler=_views("timeline"))

    report = commands.add_parser(
        "report", help="one self-contained HTML page: where the treaty stands, and why")
    report.add_argument("file", nargs="?", help=scenario_help)
    report.add_argument("--as-of", metavar="DATE", help=as_of_help)
    report.add_argument("-o", "--output", metavar="PATH", help="write to PATH (e.g. report.html)")
    report.set_defaults(handler=_views("report"))

    ics = commands.add_parser(
        "ics", help="deadlines and effective dates as a calendar (extra: treatystate[ics])")
    ics.add_argument("file", nargs="?", help=scenario_help)
    ics.add_argument("--as-of", metavar="DATE", help=as_of_help)
    ics.add_argument("-o", "--output", metavar="PATH", help="write to PATH")
    ics.set_defaults(handler=_views("ics"))


def _views(name: str) -> Callable[[argparse.Namespace], int]:
    """A handler from ``views_cli``, imported only when its command runs."""

    def handler(args: argparse.Namespace) -> int:
        from ._cli import views as views_cli

        result: int = getattr(views_cli, name)(args)
        return result

    return handler


def _whatif(name: str) -> Callable[[argparse.Namespace], int]:
    """A handler from ``whatif_cli``, imported only when its command runs."""

    def handler(args: argparse.Namespace) -> int:
        from ._cli import whatif as whatif_cli

        result: int = getattr(whatif_cli, name)(args)
        return result

    return handler


def _fail(message: str) -> int:
    # One paragraph on one line, even when a file's own text (a `cites` written with
    # "\n") brings line breaks into the message.
    print(f"treatystate: error: {' '.join(message.split())}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _run(args: argparse.Namespace) -> int:
    scenario: Scenario = load(args.file) if args.file else builtin_example()
    if args.variant:
        scenario = scenario.variant(args.variant)
    outcome = scenario.run(as_of=args.as_of)
    if args.json:
        sys.stdout.write(outcome.to_json() + "\n")
    else:
        from ._views.render import console, print_outcome

        print_outcome(outcome, console())
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from ._views.render import console

    out = console()
    worst = EXIT_OK
    for path in args.files:
        try:
            result = load(path).check(as_of=args.as_of)
        except TreatyStateError as error:
            worst = _fail(str(error))
            continue
        # markup=False: paths and expected values are the user's text, not rich markup.
        if result.ok:
            out.print(f"ok    {path}", markup=False)
        else:
            out.print(f"FAIL  {path}", markup=False)
            for mismatch in result.mismatches:
                out.print(f"      {mismatch}", markup=False)
            worst = max(worst, EXIT_MISMATCH)
    return worst


def _presets(args: argparse.Namespace) -> int:
    from ._views.render import console

    out = console()
    for preset_id in presets.ids():
        out.print(f"{preset_id:<32} {presets.get(preset_id).title}", highlight=False)
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    sys.stdout.write(presets.text(args.preset))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        result: int = args.handler(args)
        return result
    except TreatyStateError as error:
        return _fail(str(error))
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
