"""Every public name is documented, with an example that runs.

The public names are those of ``treatystate.__all__``, ``treatystate.presets``,
``treatystate.testing`` and ``treatystate.sweep``: the API reference (``mkdocs build``) is
made from these docstrings, so a name without one is a hole in the documentation.
"""

from __future__ import annotations

import doctest
import inspect
from collections.abc import Iterator
from types import ModuleType

import pytest

import treatystate
import treatystate.presets
import treatystate.sweep
import treatystate.testing

MODULES = (treatystate, treatystate.presets, treatystate.testing, treatystate.sweep)


def _public(module: ModuleType) -> Iterator[tuple[str, object]]:
    for name in module.__all__:
        value = getattr(module, name)
        # A cached function (functools.cache) is not a function, but its wrapper
        # carries the docstring.
        if inspect.isclass(value) or inspect.isfunction(value) or hasattr(value, "__wrapped__"):
            yield f"{module.__name__}.{name}", value


PUBLIC = dict(item for module in MODULES for item in _public(module))


def _methods() -> Iterator[tuple[str, object]]:
    for qualified, value in PUBLIC.items():
        if not inspect.isclass(value):
            continue
        for name, member in vars(value).items():
            if name.startswith("_"):
                continue
            function = member.fget if isinstance(member, property) else getattr(
                member, "__func__", member)
            if inspect.isfunction(function):
                yield f"{qualified}.{name}", function


METHODS = dict(_methods())


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_name_has_a_docstring_with_an_example(name: str) -> None:
    doc = PUBLIC[name].__doc__ or ""
    assert doc.strip(), f"{name} has no docstring"
    assert ">>>" in doc, f"{name}'s docstring has no example (a >>> line)"


@pytest.mark.parametrize("name", sorted(METHODS))
def test_every_public_method_has_a_docstring(name: str) -> None:
    assert (METHODS[name].__doc__ or "").strip(), f"{name} has no docstring"


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_the_examples_run(name: str) -> None:
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(PUBLIC[name], name, globs={"treatystate": treatystate}):
        result = runner.run(test, out=lambda text: pytest.fail(text, pytrace=False))
        assert result.failed == 0
