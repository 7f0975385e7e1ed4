"""The HTML report: one self-contained page per scenario (``treatystate report``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

import treatystate
from treatystate.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source"}
SVG_LEAVES = {"rect", "line", "path", "circle"}


class Page(HTMLParser):
    """The page's elements: tags with their attributes, texts, and a nesting check."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = []
        self.texts: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), tuple(self.stack)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), tuple(self.stack)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-6:])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attributes for tag, attributes, _ in self.elements if tag == name]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def section(html: str, anchor: str) -> str:
    """The text of one section of the page (sections do not nest)."""
    found = re.search(rf'<section id="{anchor}".*?</section>', html, re.S)
    assert found, anchor
    return Page(found.group(0)).text


def report(name: str, as_of: str | None = None) -> str:
    return treatystate.report(treatystate.load(EXAMPLES / name), as_of=as_of)


def runnable_examples() -> list[str]:
    return sorted(path.name for path in EXAMPLES.glob("*.toml"))


@pytest.mark.parametrize("name", runnable_examples())
def test_every_example_has_a_well_formed_self_contained_report(name: str) -> None:
    """Law: every example gives one page whose elements nest, with a header, a main
    and its sections, every table captioned with scoped header cells, and nothing to
    run or fetch: no script, no external link, stylesheet, font or image."""
    text = report(name)
    page = Page(text)
    assert not page.stack
    assert text.startswith("<!DOCTYPE html>\n")
    names = [tag for tag, _, _ in page.elements]
    assert names.count("header") == 1 and names.count("main") == 1
    assert {"states", "timeline", "duties", "explained", "next", "notes"} <= {
        a["id"] for a in page.tags("section")}
    for table in range(names.count("table")):
        assert names.count("caption") == names.count("table"), table
    assert all(a.get("scope") in ("col", "row") for a in page.tags("th"))
    for forbidden in ("script", "iframe", "object", "embed", "img", "link", "base"):
        assert forbidden not in names
    for attributes in (a for _, a, _ in page.elements):
        assert not any(str(value).startswith(("http:", "https:", "//", "javascript:"))
                       for key, value in attributes.items() if key in ("href", "src"))
    assert "@import" not in text and "url(http" not in text and "@font-face" not in text


@pytest.mark.parametrize("name", runnable_examples())
def test_every_state_and_every_derived_date_is_in_the_report(name: str) -> None:
    """Law: each State of the outcome has its row, and each derived date its
    explanation with the article that produced it (for a scenario that expects a
    refusal, the outcome of the day before the refused event, which the page shows)."""
    scenario = treatystate.load(EXAMPLES / name)
    html = treatystate.report(scenario)
    match = re.search(r'<time datetime="([0-9-]+)">[^<]*</time></dd><dt>Entry', html)
    as_of = match.group(1) if match else None
    try:
        outcome = scenario.run(as_of)
    except treatystate.RefusedEvent:
        pytest.fail("the page's as-of date gives a refusal")
    states = section(html, "states")
    for code in outcome.parties:
        assert code in states
    explained = section(html, "explained")
    for item in outcome.explain(scenario).dates:
        assert item.date.isoformat() in explained
        assert (item.cites or "—") in explained


def test_the_report_holds_what_the_issue_lists() -> None:
    scenario = treatystate.builtin_example()
    outcome = scenario.run()
    html = treatystate.report(scenario)
    page = Page(html)
    text = page.text
    assert scenario.treaty.title in text and scenario.title and scenario.title in text
    assert "in force since 2026-01-02" in text
    # The per-State table: a row per State, its status in words, its dates.
    states = section(html, "states")
    for code, record in outcome.parties.items():
        symbol = "⊘" if record.status == "withdrawn" else "●"
        assert f"{code} {symbol} {record.status} 2025-06-17 Tue" in states
    notice_from = "withdrawal_notice_from" in {f.name for f in attrs.fields(type(
        outcome.parties["TKM"]))}
    # withdrawal_notice_from (SPEC §8.8), when recorded, comes before the notice: none
    # for TKM, withdrawn.
    assert ("TKM ⊘ withdrawn 2025-06-17 Tue 2025-11-20 Thu 2026-01-02 Fri "
            + ("— " if notice_from else "") + "2028-02-29 Tue 2029-02-28 Wed") in states
    # The timeline, inline.
    assert page.tags("svg") and "figure" in [t for t, _, _ in page.elements]
    # Every derived date explained: rule, quoted text, inputs, arithmetic, month-end note.
    assert "Art. 15(3)-(4)" in text
    assert "12 months after the depositary receives the notification" in text
    assert "2028-02-29 +P12M → 2029-02-28" in text
    assert "2029-02-29 does not exist" in text
    explained = section(html, "explained")
    for item in outcome.explain(scenario).dates:
        assert str(item.date) in explained and (item.cites or "") in explained
    # The duties with due dates and statuses, the pending notify-cessation included.
    for duty in outcome.duties:
        assert duty.id in text
    assert "✓ done" in text and "○ pending" in text


def test_what_is_scheduled_after_the_as_of_date() -> None:
    """As of 2028-06-30 TKM's notice (2028-02-29) has fixed its withdrawal's effective
    date: 2029-02-28 is scheduled, and TKM is withdrawing."""
    html = report("central_asia.toml", as_of="2028-06-30")
    upcoming = section(html, "next")
    assert "Dates fixed by 2028-06-30, falling after it" in upcoming
    assert "2029-02-28 Wed withdrawal takes effect TKM Art. 15(3)-(4)" in upcoming
    assert "TKM ◔ withdrawing" in section(html, "states")


def test_party_columns_follow_the_outcome_record() -> None:
    """withdrawal_notice_from (SPEC §8.8) is a column when PartyRecord has the field;
    other added dates (a revoked withdrawal) appear when some State has one."""
    text = Page(report("rome_statute.toml")).text
    has_field = "withdrawal_notice_from" in {f.name for f in attrs.fields(treatystate.PartyRecord)}
    assert ("Notice of withdrawal possible from" in text) == has_field
    assert "Withdrawal revoked" in text  # the Gambia, 2017-02-10
    assert "Consent revoked" not in text


def test_the_same_scenario_gives_the_same_bytes_in_any_locale_zone_and_hash_seed(
        tmp_path: Path) -> None:
    name = str(EXAMPLES / "six_month_notice.toml")
    pages = []
    for seed, zone, locale in (("0", "UTC", "C.UTF-8"), ("123", "Pacific/Kiritimati", "C"),
                               ("random", "America/Anchorage", "C.UTF-8")):
        target = tmp_path / f"{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone, "LC_ALL": locale}
        subprocess.run([sys.executable, "-c", "import sys; from treatystate.cli import main; "
                        "sys.exit(main(sys.argv[1:]))", "report", name, "-o", str(target)],
                       check=True, env=env)
        pages.append(target.read_bytes())
    assert pages[0] == pages[1] == pages[2]
    assert pages[0].decode() == report("six_month_notice.toml")
    assert not re.search(r"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:", pages[0].decode())


HOSTILE = '''
title = "<script>alert('title')</script> & \\"quoted\\""
[treaty]
extends = "china-central-asia-2025"
title = "Treaty <img src=x onerror=alert(1)>"
withdrawal = { cites = "Art. <b onmouseover=\\"x\\">15</b> & 'q'" }

[[events]]
type = "signature"
date = 2025-06-17

[[events]]
type = "consent"
party = "KGZ"
date = 2025-10-03
[[events]]
type = "consent"
party = "KAZ"
date = 2025-10-28
[[events]]
type = "consent"
party = "UZB"
date = 2025-11-14
[[events]]
type = "consent"
party = "TKM"
date = 2025-11-20
[[events]]
type = "consent"
party = "TJK"
date = 2025-12-10
[[events]]
type = "consent"
party = "CHN"
date = 2026-01-02
[[events]]
type = "withdrawal"
party = "TKM"
date = 2028-02-29
'''


def test_every_string_from_a_file_is_escaped() -> None:
    text = treatystate.report(treatystate.loads(HOSTILE))
    page = Page(text)
    names = [tag for tag, _, _ in page.elements]
    assert "script" not in names and "img" not in names and "b" not in names
    assert not any("onerror" in a or "onmouseover" in a for _, a, _ in page.elements)
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in text
    assert "Art. &lt;b onmouseover=&quot;x&quot;&gt;15&lt;/b&gt; &amp; &#x27;q&#x27;" in text
    # Read back, the page says exactly what the files said.
    assert "<script>alert('title')</script> & \"quoted\"" in page.text
    assert "Art. <b onmouseover=\"x\">15</b> & 'q'" in page.text


def sweep_summary(scenario: treatystate.Scenario) -> treatystate.SweepSummary:
    assert scenario.sweep is not None
    result = treatystate.run_sweep(scenario, progress=False)
    return result.summary(scenario.sweep.in_force_by)


def test_a_sweep_adds_its_summary_and_the_probability_picture() -> None:
    """With the plot extra, the picture is sweep --plot's (matplotlib SVG, inline: the
    svg element without its XML declaration)."""
    scenario = treatystate.load(EXAMPLES / "central_asia_monte_carlo.toml")
    summary = sweep_summary(scenario)
    html = treatystate.report(scenario)
    text = section(html, "sweep")
    assert "Sweep: when the treaty may enter into force" in text
    assert summary.entry_into_force is not None
    assert (f"{summary.entry_into_force.count} {summary.entry_into_force.earliest} "
            f"{summary.entry_into_force.quantiles['q05']}") in text
    for day, probability in summary.in_force_by.items():
        assert f"{day} {probability:.1%}" in text
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    # matplotlib writes each text it draws as a comment before its glyphs.
    assert "<!-- P(in force by date) -->" in html and "95 % band" in text
    # The six in_force_from columns equal entry_into_force in every row: shown once.
    assert "the same in every row: parties.CHN.in_force_from" in text
    assert len(Page(html).tags("svg")) == 2


def test_without_the_plot_extra_the_report_draws_the_sweep_itself(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec

    def no_matplotlib(name: str, *args: object) -> object:
        return None if name.partition(".")[0] == "matplotlib" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", no_matplotlib)
    scenario = treatystate.load(EXAMPLES / "central_asia_monte_carlo.toml")
    summary = sweep_summary(scenario)
    html = treatystate.report(scenario)
    text = section(html, "sweep")
    for day, probability in summary.in_force_by.items():
        assert f"{probability:.1%} by {day}" in text  # the labelled point on the curve
    assert "P(in force by date)" not in html and "treatystate[plot]" in text
    assert len(Page(html).tags("svg")) == 2


def test_variants_add_a_comparison_table() -> None:
    page = Page(report("six_month_notice.toml"))
    text = page.text
    assert "Variants: what changes if" in text
    # (Page.text puts a space between elements: the name is code, its title text.)
    assert "six-month-notice : Withdrawal takes effect six months after the notice" in text
    assert "TKM · withdrawal_effective 2029-02-28 2028-08-29" in text


def test_an_expected_refusal_is_reported_with_the_day_before() -> None:
    text = Page(report("leap_day_strict.toml")).text
    assert "Refused, as this scenario expects:" in text and "AmbiguousDate" not in text
    assert "2029-02-29 does not exist" in text
    assert "2028-02-28" in text  # as of the day before the refused notice


def scenario_of_193() -> treatystate.Scenario:
    """An open treaty (the Rome Statute's clauses) with 193 consents, a week apart,
    and five withdrawals."""
    import datetime as dt

    lines = ['treaty = "rome-statute-1998"', 'title = "193 States"', "events = ["]
    start = dt.date(1999, 1, 4)
    for number in range(193):
        day = start + dt.timedelta(days=7 * number)
        lines.append(f'  {{ type = "consent", party = "S{number:03d}", date = {day} }},')
    for number in range(5):
        lines.append(f'  {{ type = "withdrawal", party = "S{number:03d}", '
                     f'date = 2010-0{number + 1}-15 }},')
    lines.append("]")
    return treatystate.loads("\n".join(lines) + "\n")


def test_readable_at_193_states() -> None:
    """One table row per State (compact rows), one timeline row per State, and the
    States that entered into force with the treaty explained in one block."""
    scenario = scenario_of_193()
    page = Page(treatystate.report(scenario))
    rows = [a for tag, a, stack in page.elements if tag == "tr" and "table" in stack]
    assert len(rows) >= 193
    assert any(a.get("class") == "many" for a in page.tags("table"))
    text = page.text
    for number in range(193):
        assert f"S{number:03d}" in text
    assert "· 60 States" in text  # the first 60 entered into force with the treaty
    assert len(page.tags("article")) < 193


def test_cli_report_to_a_file_and_to_stdout(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.html"
    assert main(["report", str(EXAMPLES / "central_asia.toml"), "-o", str(target)]) == 0
    written = target.read_text(encoding="utf-8")
    assert main(["report", str(EXAMPLES / "central_asia.toml")]) == 0
    assert capsys.readouterr().out == written == report("central_asia.toml")


def test_cli_report_refuses_bad_input_and_keeps_the_file(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    target = tmp_path / "report.html"
    target.write_text("before", encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text((EXAMPLES / "central_asia.toml").read_text(encoding="utf-8")
                   + '\n[[events]]\ntype = "withdrawal"\nparty = "KAZ"\ndate = 2025-01-01\n',
                   encoding="utf-8")
    assert main(["report", str(bad), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("treatystate: error:") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "before"
    assert main(["report", "-o", str(tmp_path / "missing" / "r.html")]) == 2
    assert "does not exist" in capsys.readouterr().err
