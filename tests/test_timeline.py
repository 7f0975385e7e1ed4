"""Timelines: periods replayed through the party machine, Mermaid Gantt, PNG and SVG."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path
from xml.etree import ElementTree

import pendulum
import pytest

import treatystate
from golden_files import assert_golden
from treatystate._views.timeline import chart, mermaid_gantt, render_image
from treatystate.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def outcomes() -> list[tuple[str, treatystate.Outcome]]:
    found = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        try:
            found.append((path.name, treatystate.load(path).run()))
        except treatystate.TreatyStateError:
            continue
    return found


@pytest.mark.parametrize(("name", "outcome"), outcomes(), ids=[n for n, _ in outcomes()])
def test_periods_end_in_each_states_final_status(name: str, outcome: treatystate.Outcome
                                                 ) -> None:
    """Law: replaying a State's timeline through PARTY_MACHINE ends in the status the
    engine reports; its periods are contiguous and in date order."""
    data = chart(outcome)
    for code, record in outcome.parties.items():
        spans = data.parties[code]
        final = spans[-1].state if spans and spans[-1].open else "negotiating"
        assert final == record.status, (code, spans)
        for before, after in itertools.pairwise(spans):
            assert before.start <= before.end <= after.start
        if spans and spans[-1].open:
            assert spans[-1].end == data.end


def test_as_of_cuts_the_periods_there() -> None:
    outcome = treatystate.builtin_example().run(as_of="2028-06-30")
    data = chart(outcome)
    assert data.end == pendulum.Date(2028, 6, 30)
    assert [s.state for s in data.parties["TKM"]] == [
        "signatory", "contracting", "party", "withdrawing"
    ]


def parse_gantt(text: str) -> dict[str, list[tuple[str, list[str], str, str]]]:
    """Sections → tasks (name, tags, start, end) of a Mermaid Gantt chart."""
    lines = text.splitlines()
    assert lines[0] == "gantt"
    assert "  dateFormat YYYY-MM-DD" in lines
    sections: dict[str, list[tuple[str, list[str], str, str]]] = {}
    current = None
    for raw in lines[1:]:
        line = raw.strip()
        if line.startswith("section "):
            current = line.removeprefix("section ")
            sections[current] = []
        elif current is not None and " : " in line:
            name, spec = line.split(" : ")
            parts = [p.strip() for p in spec.split(",")]
            start, end = parts[-2], parts[-1]
            tags = parts[:-3]
            pendulum.Date.fromisoformat(start)
            if end != "0d":
                pendulum.Date.fromisoformat(end)
            assert ":" not in name
            sections[current].append((name, tags, start, end))
    return sections


def test_gantt_shows_periods_milestones_and_flagged_duties() -> None:
    outcome = treatystate.load(EXAMPLES / "duties_late.toml").run()
    sections = parse_gantt(mermaid_gantt(chart(outcome)))
    assert set(sections) == {"Treaty", *outcome.parties, "Duties"}
    assert any(name.startswith("entry into force") and "milestone" in tags
               for name, tags, _, _ in sections["Treaty"])
    [late] = [duty for duty in sections["Duties"] if "no deadline" not in duty[0]]
    assert "LATE" in late[0] and "crit" in late[1]
    assert len(sections["Duties"]) == len(outcome.duties)
    for code in outcome.parties:
        states = [name.rstrip(" →") for name, _, _, _ in sections[code]]
        assert states[-1] == outcome.parties[code].status


def test_gantt_marks_overdue() -> None:
    outcome = treatystate.load(EXAMPLES / "duties_never_done.toml").run()
    sections = parse_gantt(mermaid_gantt(chart(outcome)))
    flagged = [t for t in sections["Duties"] if "crit" in t[1]]
    overdue = [d for d in outcome.duties if d.status == "overdue"]
    assert len(flagged) == len(overdue) > 0
    assert all("OVERDUE" in t[0] for t in flagged)


def test_gantt_shows_duties_without_a_deadline_as_the_picture_does() -> None:
    """Law: every duty instance has its row, one without a deadline from its trigger
    to the day it was done (the seed treaty's notice of entry into force, art. 15)."""
    outcome = treatystate.builtin_example().run()
    duties = parse_gantt(mermaid_gantt(chart(outcome)))["Duties"]
    assert len(duties) == len(outcome.duties)
    notice = outcome.duty("notify-entry-into-force")
    assert notice is not None and notice.due is None and notice.done is not None
    [row] = [d for d in duties if d[0].startswith("notify-entry-into-force")]
    assert (row[2], row[3]) == (str(notice.trigger), str(notice.done))


def test_gantt_golden() -> None:
    outcome = treatystate.builtin_example().run()
    assert_golden("timeline_central_asia.mmd", mermaid_gantt(chart(outcome)))


def decode_png(data: bytes) -> tuple[int, int]:
    import matplotlib.image

    assert data.startswith(PNG_SIGNATURE)
    pixels = matplotlib.image.imread(io.BytesIO(data), format="png")
    height, width = pixels.shape[:2]
    # Not a blank canvas: many distinct colours are drawn.
    assert len({tuple(p) for p in pixels[::7, ::7].reshape(-1, pixels.shape[2]).tolist()}) > 8
    return width, height


def test_png_for_six_states_decodes_and_has_a_real_size() -> None:
    data = render_image(chart(treatystate.builtin_example().run()), "png")
    width, height = decode_png(data)
    assert width >= 1000 and height >= 400
    assert len(data) > 20_000


def test_png_for_sixty_states_grows_with_the_rows() -> None:
    outcome = treatystate.load(EXAMPLES / "paris_usa_returns.toml").run()
    assert len(outcome.parties) >= 60
    width, height = decode_png(render_image(chart(outcome), "png"))
    small_width, small_height = decode_png(
        render_image(chart(treatystate.builtin_example().run()), "png"))
    # Six States and four duty rows against 60 States and a duty row: more than twice as tall.
    assert width == small_width and height > 2.2 * small_height


def test_svg_is_xml_and_the_same_every_time() -> None:
    data = chart(treatystate.builtin_example().run())
    svg = render_image(data, "svg")
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    assert svg == render_image(data, "svg")


def test_cli_timeline_png_to_file(tmp_path: Path) -> None:
    target = tmp_path / "timeline.png"
    assert main(["timeline", str(EXAMPLES / "central_asia.toml"), "--format", "png",
                 "--output", str(target)]) == 0
    decode_png(target.read_bytes())


def test_cli_timeline_mermaid_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert re.match(r"```mermaid\ngantt\n", out) and out.endswith("```\n")


def test_missing_plot_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import builtins

    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    monkeypatch.setattr("importlib.import_module", no_matplotlib)
    assert main(["timeline", "--format", "png", "--output", "/dev/null"]) == 2
    err = capsys.readouterr().err
    assert "treatystate[plot]" in err and "Traceback" not in err


def test_provisional_application_is_drawn_beside_the_states_periods() -> None:
    """VCLT art. 25: provisional application runs from its notice until entry into
    force for the State (SYN-101) or its notice of intention not to become a party
    (SYN-102), in the Gantt chart as a task of the State's section."""
    outcome = treatystate.load(EXAMPLES / "att_entry_into_force.toml").run()
    data = chart(outcome)
    for code in ("SYN-101", "SYN-102"):
        record = outcome.parties[code]
        [span] = data.provisional[code]
        assert (span.start, span.end) == (record.provisional_from, record.provisional_until)
    sections = parse_gantt(mermaid_gantt(data))
    [task] = [t for t in sections["SYN-102"] if t[0] == "provisional application"]
    assert task[2:] == ("2014-01-15", "2016-02-01")


def test_protocol_entry_into_force_is_a_milestone() -> None:
    outcome = treatystate.load(EXAMPLES / "central_asia_protocol.toml").run()
    [milestone] = [m for m in chart(outcome).milestones if m.label == "protocol in force"]
    assert str(milestone.date) == "2028-03-02"


def test_a_scenario_with_no_events_still_draws() -> None:
    outcome = treatystate.loads('treaty = "china-central-asia-2025"\n').run()
    data = chart(outcome)
    assert all(not spans for spans in data.parties.values()) and not data.milestones
    assert parse_gantt(mermaid_gantt(data)) == {}
    assert render_image(data, "png").startswith(PNG_SIGNATURE)


def svg_texts(svg: bytes) -> list[str]:
    """The texts of a matplotlib SVG (each text line is drawn as glyph paths after a
    comment that holds it)."""
    return [text.strip() for text in re.findall(r"<!-- (.*?) -->", svg.decode())]


def test_the_legend_lists_only_what_is_drawn() -> None:
    """duties_never_done: six signatories, KGZ contracting, one overdue duty; no State
    is a party, no duty done, nothing withdrawn, so none of those is in the legend."""
    outcome = treatystate.load(EXAMPLES / "duties_never_done.toml").run()
    texts = svg_texts(render_image(chart(outcome), "svg"))
    assert {"signatory", "contracting", "duty overdue", "treaty milestone"} <= set(texts)
    for absent in ("party", "withdrawing", "withdrawn", "terminated", "duty done",
                   "duty late", "duty pending", "provisional application",
                   "the day a duty was done", "duty without a deadline"):
        assert absent not in texts


def test_every_duty_is_drawn_with_or_without_a_deadline() -> None:
    """The built-in example's four duties: two have no deadline, one of them (notify
    cessation, after TKM's withdrawal takes effect) still pending."""
    outcome = treatystate.builtin_example().run()
    assert [d.due is None for d in outcome.duties] == [False, True, True, True]
    data = chart(outcome)
    assert len(data.duties) == 4 and len(data.deadlines) == 1
    texts = svg_texts(render_image(data, "svg"))
    for row in ("certified-copies", "notify-entry-into-force", "inform-withdrawal TKM",
                "notify-cessation TKM"):
        assert row in texts
    assert "pending, no deadline" in texts
    assert {"duty done", "duty pending", "duty without a deadline"} <= set(texts)


def test_markers_are_explained_in_the_legend() -> None:
    """The cross marks the day a duty was done, the dashed red line the as-of date."""
    outcome = treatystate.builtin_example().run(as_of="2028-06-30")
    texts = svg_texts(render_image(chart(outcome), "svg"))
    assert "the day a duty was done" in texts
    assert "as of 2028-06-30" in texts


def test_the_first_tick_of_each_year_names_the_year() -> None:
    from treatystate._views.timeline import tick_labels

    days = [pendulum.Date(2025, 9, 1), pendulum.Date(2026, 1, 1), pendulum.Date(2026, 5, 1)]
    assert tick_labels(days) == ["Sep\n2025", "Jan\n2026", "May"]
    assert tick_labels([pendulum.Date(2025, 6, 15), pendulum.Date(2025, 7, 1)]) == [
        "15 Jun\n2025", "1 Jul"]
    assert tick_labels([pendulum.Date(2000, 1, 1), pendulum.Date(2001, 1, 1)]) == [
        "2000", "2001"]
    texts = svg_texts(render_image(chart(treatystate.builtin_example().run()), "svg"))
    # The axis starts in 2025 (signature in June): its first tick is followed by the year.
    assert texts[1] == "2025" and texts[0] in ("Jul", "Sep")


def test_width_height_and_dpi_size_the_picture(tmp_path: Path) -> None:
    target = tmp_path / "small.png"
    assert main(["timeline", "--format", "png", "--width", "8", "--height", "4",
                 "--dpi", "50", "-o", str(target)]) == 0
    assert decode_png(target.read_bytes()) == (400, 200)
    svg = render_image(chart(treatystate.builtin_example().run()), "svg", width=10, height=5)
    root = ElementTree.fromstring(svg)
    assert (root.get("width"), root.get("height")) == ("720pt", "360pt")


@pytest.mark.parametrize("option", [["--width", "0"], ["--height", "1e9"], ["--dpi", "-3"]])
def test_a_size_out_of_range_is_refused(option: list[str], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "t.png"
    assert main(["timeline", "--format", "png", *option, "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"timeline {option[0].lstrip('-')}" in err and "must be from" in err
    assert not target.exists()


def test_sizes_are_for_pictures_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "--width", "8"]) == 2
    assert "--width: only for --format png or svg" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_binary_output_to_a_terminal_is_refused(fmt: str, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code = main(["timeline", "--format", fmt])
    out, err = capsys.readouterr()
    if fmt == "png":
        assert code == 2 and out == "" and "--output PATH" in err
    else:  # SVG is text: it may go to a terminal
        assert code == 0 and out.startswith("<?xml")


def test_a_png_too_large_to_hold_is_refused(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """60 x 60 inches at 600 dpi would be 1296 million pixels (5 GB while drawn)."""
    target = tmp_path / "huge.png"
    assert main(["timeline", "--format", "png", "--width", "60", "--height", "60", "--dpi",
                 "600", "-o", str(target)]) == 2
    assert "1296 million pixels" in capsys.readouterr().err and not target.exists()
