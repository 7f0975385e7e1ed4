"""mkdocs hooks: the API reference shows the docstrings' ``>>>`` examples as code.

Docstrings are written as doctests (the test suite runs them), with no Markdown
fence around them; rendered as Markdown, ``[7]`` in an example's output would read
as a link. A preprocessor fences each run of ``>>>`` lines, their ``...``
continuations and their output as a ``pycon`` block; a Sphinx role
(``:class:`Scenario```) becomes inline code.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

_PROMPT = re.compile(r"^(\s*)>>> ")
_ROLE = re.compile(r":(?:class|func|meth|data|mod|attr|exc):`~?([^`]+)`")


class _DoctestBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fence: str | None = None  # the indentation of the open example, if any
        in_code = False
        for line in lines:
            if line.lstrip().startswith(("```", "~~~")) and fence is None:
                in_code = not in_code
            prompt = _PROMPT.match(line)
            if fence is None and prompt and not in_code:
                fence = prompt.group(1)
                out += ["", f"{fence}```pycon"]
            elif fence is not None and not line.strip():
                out += [f"{fence}```", ""]
                fence = None
            out.append(line if fence is not None or in_code else _ROLE.sub(r"`\1`", line))
        if fence is not None:
            out.append(f"{fence}```")
        return out


class _DoctestExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.register(_DoctestBlocks(md), "doctest_blocks", 35)


def on_config(config: Any) -> Any:
    config.markdown_extensions.append(_DoctestExtension())
    return config
