"""The package as a user installs it: version, ``python -m``, what ``import`` loads.

Nothing here times anything: the import cost is measured by ``benchmarks/imports.py``.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys

import pytest

import treatystate

# What `import treatystate` must not load: each is needed only by a command or a
# what-if, and loading it would cost every user (and every Hypothesis run) its time.
DEFERRED = (
    "rich",
    "concurrent.futures.process",
    "treatystate._whatif.sweep",
    "treatystate._whatif.variants",
    "treatystate._whatif.diff",
    "treatystate._views.explain",
    "treatystate._views.render",
    "treatystate.testing",
)


def _modules_after(statement: str) -> set[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True)
    return set(json.loads(done.stdout))


def test_import_loads_no_command_or_what_if_machinery() -> None:
    loaded = _modules_after("import treatystate")
    assert "treatystate" in loaded
    assert sorted(loaded & set(DEFERRED)) == []


def test_loading_and_running_a_scenario_loads_no_what_if_machinery() -> None:
    loaded = _modules_after("import treatystate; treatystate.builtin_example().run()")
    assert sorted(loaded & set(DEFERRED)) == []


def test_a_deferred_name_loads_on_first_use() -> None:
    loaded = _modules_after("import treatystate; treatystate.Variant")
    assert "treatystate._whatif.variants" in loaded


def test_every_public_name_resolves_and_is_listed() -> None:
    names = dir(treatystate)
    for name in treatystate.__all__:
        assert name in names, name
        assert getattr(treatystate, name) is not None, name
    assert list(treatystate.__all__) == sorted(treatystate.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nonexistent'"):
        treatystate.Nonexistent  # type: ignore[attr-defined]  # noqa: B018


def test_the_version_is_the_package_metadata_s() -> None:
    assert treatystate.__version__ == importlib.metadata.version("treatystate")


@pytest.mark.parametrize("command", [["-m", "treatystate"], ["-m", "treatystate.cli"]])
def test_version_from_the_command_line(command: list[str]) -> None:
    done = subprocess.run([sys.executable, *command, "--version"], check=False,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"treatystate {treatystate.__version__}"


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run([sys.executable, "-m", "treatystate", "run", "--json"],
                          check=False, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["entry_into_force"] == "2026-01-02"


def test_the_import_benchmark_prints_every_row(capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util
    from pathlib import Path

    script = Path(__file__).parent.parent / "benchmarks" / "imports.py"
    spec = importlib.util.spec_from_file_location("treatystate_import_benchmarks", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["--smoke"])  # its exit code reflects timings, so it is not asserted
    printed = capsys.readouterr().out
    for row in ("import treatystate", "treatystate --version", "treatystate run"):
        assert row in printed


REPOSITORY = "https://github.com/treatystate/treatystate"


def test_the_readme_s_links_work_on_the_package_index() -> None:
    """The README is the project's page on the package index, which renders relative
    links broken: every link is absolute, and files point into the repository."""
    import re
    import tomllib
    from pathlib import Path

    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme)
    assert targets
    relative = [t for t in targets if not t.startswith(("https://", "http://", "#"))]
    assert relative == []
    for target in targets:
        if target.startswith(f"{REPOSITORY}/blob/main/"):
            assert (root / target.removeprefix(f"{REPOSITORY}/blob/main/")).exists(), target
    urls = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert urls["urls"]["Repository"] == REPOSITORY


def test_every_docs_page_is_in_the_site_s_nav() -> None:
    """``mkdocs build --strict`` (CI) fails on a page left out of the nav: say so here."""
    from pathlib import Path

    root = Path(__file__).parent.parent
    nav = (root / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(str(page.relative_to(root / "docs")) for page in (root / "docs").rglob("*.md"))
    assert [page for page in pages if f": {page}\n" not in nav] == []
