"""The report in a real browser: headless Chromium renders it, the rendered DOM holds
the dates, State codes and articles, and a screenshot is not blank.

Without Chromium the test skips, saying so; in CI (``CI=true``) it must run, and
``.ci/run`` installs Debian's ``chromium`` package when it is missing.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

import treatystate

EXAMPLES = Path(__file__).parent.parent / "examples"
# Flags this machine needs: no sandbox (root), no GPU, and nothing that reaches out.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed: .ci/run installs Debian's chromium "
                        "package (apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium); the "
                    "browser test runs in CI")
    return found


def browse(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
            capture_output=True, text=True, timeout=180, check=True,
        )


CASES = {
    # example: what the rendered page must show (dates, State codes, articles)
    "central_asia.toml": ("2026-01-02", "2029-02-28", "TKM", "KGZ", "Art. 15(3)-(4)",
                          "Art. 14(2)", "notify-cessation"),
    "rome_statute.toml": ("2002-07-01", "2017-10-27", "2019-03-17", "BDI", "PHL", "GMB",
                          "SYN-049", "Art. 126", "Art. 127(1)"),
    "central_asia_monte_carlo.toml": ("2025-06-17", "2026-06-30", "2026-12-31", "KGZ",
                                      "Art. 14(2)"),
    "six_month_notice.toml": ("2028-08-29", "six-month-notice", "TKM", "Art. 15(3)-(4)"),
    "duties_never_done.toml": ("2025-07-02", "overdue", "certified-copies", "Art. 14(2)"),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    written = {}
    for name in CASES:
        target = folder / name.replace(".toml", ".html")
        target.write_text(treatystate.report(treatystate.load(EXAMPLES / name)),
                          encoding="utf-8")
        written[name] = target
    return written


@pytest.mark.parametrize("name", list(CASES))
def test_the_rendered_dom_holds_the_dates_states_and_articles(name: str,
                                                              pages: dict[str, Path]) -> None:
    dom = browse(pages[name], "--dump-dom").stdout
    from test_report import Page

    rendered = Page(dom)
    text = rendered.text
    for wanted in CASES[name]:
        assert wanted in text, wanted
    names = [tag for tag, _, _ in rendered.elements]
    assert "main" in names and "svg" in names and "table" in names
    outcome = treatystate.load(EXAMPLES / name).run()
    rows = [attributes for tag, attributes, stack in rendered.elements
            if tag == "th" and attributes.get("scope") == "row" and "tbody" in stack]
    assert len(rows) >= len(outcome.parties)


def not_blank(png: bytes) -> tuple[int, int, int, float]:
    """Size, distinct colours and the share of pixels that are not white."""
    import matplotlib.image

    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
    height, width = pixels.shape[:2]
    sample = pixels[::3, ::3, :3].reshape(-1, 3)
    colours = len({tuple(p) for p in sample.tolist()})
    inked = float((sample.min(axis=1) < 0.9).mean())
    return width, height, colours, inked


@pytest.mark.parametrize("name", ["central_asia.toml", "rome_statute.toml",
                                  "central_asia_monte_carlo.toml"])
def test_a_screenshot_of_the_report_is_not_blank(name: str, pages: dict[str, Path],
                                                 tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    browse(pages[name], f"--screenshot={shot}", "--window-size=1280,2000")
    width, height, colours, inked = not_blank(shot.read_bytes())
    assert (width, height) == (1280, 2000)
    # Text in several colours, the state badges and the tables' rules: many colours,
    # and ink on a good part of the page (a blank or error page has almost none).
    assert colours > 40, colours
    assert inked > 0.04, inked
    saved = os.environ.get("TREATYSTATE_SCREENSHOTS")
    if saved:  # to look at them: TREATYSTATE_SCREENSHOTS=/some/folder
        shutil.copy(shot, Path(saved) / name.replace(".toml", ".png"))
