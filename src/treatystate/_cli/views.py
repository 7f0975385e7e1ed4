"""The commands that show an outcome rather than compute it: ``explain``, ``diagram``,
``timeline``, ``report`` and ``ics``. ``cli.py`` declares their options and imports this module
only when one of them runs, so a missing extra never breaks the other commands.
"""

from __future__ import annotations

import argparse
import sys

from .. import builtin_example, load
from .._model.outcome import Outcome
from .._scenario import Scenario
from .._views.escaping import visible
from ..errors import InputError
from .output import check_writable, is_stdout, json_text, write_output

__all__ = ["diagram", "explain", "ics", "report", "timeline"]

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _scenario(args: argparse.Namespace) -> Scenario:
    return load(args.file) if args.file else builtin_example()


def _outcome(args: argparse.Namespace) -> tuple[Scenario, Outcome]:
    scenario = _scenario(args)
    return scenario, scenario.run(as_of=args.as_of)


def _emit(data: str | bytes, output: str | None, *, binary: bool = True) -> int:
    """Write to ``output`` (a path) or to stdout; a write error is bad input (exit 2).
    ``binary=False`` marks bytes that are text (UTF-8 JSON), fine on a terminal."""
    if isinstance(data, bytes) and binary and is_stdout(output) and sys.stdout.isatty():
        print("treatystate: error: this format is binary; name a file with "
              "--output PATH (or redirect stdout)", file=sys.stderr)
        return EXIT_BAD_INPUT
    write_output(data, output)
    return EXIT_OK


def explain(args: argparse.Namespace) -> int:
    """``treatystate explain [FILE] [--as-of DATE] [--json] [--party CODE]``."""
    check_writable(args.output)
    scenario, outcome = _outcome(args)
    if args.party is not None and args.party not in outcome.parties:
        from .._io.suggest import did_you_mean

        known = ", ".join(sorted(outcome.parties)) or "none"
        raise InputError(f"--party {args.party}: not a State of this scenario"
                         f"{did_you_mean(args.party, outcome.parties)}; its States: {known}")
    explanation = outcome.explain(scenario.treaty)
    if args.party:
        from .._views.explain import Explanation

        explanation = Explanation(
            explanation.treaty, explanation.as_of, explanation.month_end,
            tuple(d for d in explanation.dates if d.party in (None, args.party)),
        )
    if args.json:
        return _emit(json_text(explanation.to_json() + "\n"), args.output, binary=False)
    # The file's own text (clause texts, cites) may hold escape sequences: shown, not sent.
    return _emit(visible(explanation.to_text()), args.output)


def diagram(args: argparse.Namespace) -> int:
    """``treatystate diagram [FILE] [--format mermaid|dot] [--machine treaty|party]``."""
    from .._views.diagram import MACHINES, MachineName, lifecycle_diagrams, markdown

    check_writable(args.output)  # before the scenario runs, not after

    outcome = _scenario(args).run(as_of=args.as_of) if args.file else None
    machines: tuple[MachineName, ...] = tuple(
        name for name in MACHINES if args.machine in (None, name)
    )
    diagrams = lifecycle_diagrams(args.format, outcome, machines)
    if args.format == "mermaid" and (args.markdown or len(diagrams) > 1):
        text = markdown(diagrams)
    else:
        text = "\n".join(diagrams)
    return _emit(text, args.output)


def timeline(args: argparse.Namespace) -> int:
    """``treatystate timeline [FILE] --format mermaid|png|svg [--output PATH]``."""
    from .._views.timeline import chart, mermaid_gantt, render_image

    check_writable(args.output)
    if args.format == "mermaid":
        sized = [f"--{name}" for name in ("width", "height", "dpi")
                 if getattr(args, name) is not None]
        if sized:
            raise InputError(f"{', '.join(sized)}: only for --format png or svg (a Mermaid "
                             "chart is sized by the page that renders it)")
    _, outcome = _outcome(args)
    data = chart(outcome)
    if args.format == "mermaid":
        text = mermaid_gantt(data)
        return _emit(f"```mermaid\n{text}```\n" if args.markdown else text, args.output)
    image = render_image(data, args.format, width=args.width, height=args.height,
                         dpi=args.dpi)
    # SVG is text (UTF-8 XML): it may go to a terminal; a PNG may not.
    return _emit(image.decode("utf-8") if args.format == "svg" else image, args.output)


def report(args: argparse.Namespace) -> int:
    """``treatystate report [FILE] [--as-of DATE] [-o report.html]``: the HTML page."""
    from .._views.report import report as html_report

    check_writable(args.output)  # before a sweep of the scenario runs, not after
    return _emit(html_report(_scenario(args), as_of=args.as_of), args.output)


def ics(args: argparse.Namespace) -> int:
    """``treatystate ics [FILE] [--output PATH]``: deadlines and effective dates."""
    from .._views.calendar_export import to_ics

    check_writable(args.output)

    scenario, outcome = _outcome(args)
    return _emit(to_ics(outcome, scenario.treaty), args.output)
