"""The command line (SPEC §6): parse, call, print, exit code. Nothing else lives here.

Exit codes: 0 success; 1 expectations not met; 2 bad input (unreadable file, bad
format, refused event), with a one-paragraph message on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import builtin_example, load, presets
from .errors import TreatyStateError
from .render import console, outcome_renderable
from .scenario import Scenario

__all__ = ["main"]

EXIT_OK, EXIT_MISMATCH, EXIT_BAD_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="treatystate",
        description="Simulate a treaty's lifecycle and compute its legally significant dates.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    # Each command sets its handler with set_defaults(handler=...); a command that
    # lives in its own module registers itself here with one line.
    run = commands.add_parser("run", help="run a scenario and print its timeline")
    run.set_defaults(handler=_run)
    run.add_argument("file", nargs="?", help="scenario file (default: the built-in example)")
    run.add_argument("--json", action="store_true", help="print the outcome document (JSON)")
    run.add_argument("--as-of", metavar="DATE",
                     help="count only events up to and including DATE")

    check = commands.add_parser("check", help="check scenarios against their [expect]")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--as-of", metavar="DATE", help="check as of DATE")
    check.set_defaults(handler=_check)

    listing = commands.add_parser("presets", help="list the built-in treaties")
    listing.set_defaults(handler=_presets)
    show = commands.add_parser("show", help="print a built-in treaty as an editable file")
    show.add_argument("preset", metavar="ID")
    show.set_defaults(handler=_show)
    return parser


def _fail(message: str) -> int:
    print(f"treatystate: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _run(args: argparse.Namespace) -> int:
    scenario: Scenario = load(args.file) if args.file else builtin_example()
    outcome = scenario.run(as_of=args.as_of)
    if args.json:
        sys.stdout.write(outcome.to_json() + "\n")
    else:
        out = console()
        out.print(outcome_renderable(outcome, plain=not out.is_terminal))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    out = console()
    worst = EXIT_OK
    for path in args.files:
        try:
            result = load(path).check(as_of=args.as_of)
        except TreatyStateError as error:
            print(f"treatystate: error: {error}", file=sys.stderr)
            worst = EXIT_BAD_INPUT
            continue
        if result.ok:
            out.print(f"ok    {path}")
        else:
            out.print(f"FAIL  {path}")
            for mismatch in result.mismatches:
                out.print(f"      {mismatch}")
            worst = max(worst, EXIT_MISMATCH)
    return worst


def _presets(args: argparse.Namespace) -> int:
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
