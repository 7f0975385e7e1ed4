"""Text from a treaty or scenario file, made safe for where it is written.

A file's own text (a title, a ``cites``, a clause's ``text``) reaches terminals,
Mermaid charts, DOT graphs and calendars. None of them may read it as anything but
text: an escape sequence from a file must not clear the user's screen, retitle the
window or plant a hyperlink, and a line break must not start a new Mermaid section or
calendar property. Control characters are therefore shown as what they are
(``\\x1b``), never sent on; each format then escapes what it gives a meaning to.
"""

from __future__ import annotations

import json
import re
from typing import IO

__all__ = ["json_dumps", "json_escaped", "one_line", "visible", "writes_utf8"]

# C0 and C1 controls and DEL, except the line break and the tab, and the bidirectional
# overrides and isolates (which reorder what a reader sees: "Trojan source").
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x85\x0b\x0c]+")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character written out (``\\x1b``, ``\\u202e``);
    line breaks (``\r\n`` as ``\n``) and tabs are kept. A terminal shows the result, it
    never obeys it."""
    return _HIDDEN.sub(_shown, text.replace("\r\n", "\n"))


def one_line(text: str) -> str:
    """``text`` on one line: line breaks (``\\r``, ``\\n``, U+2028...) become spaces,
    tabs too, and other control characters are written out as by :func:`visible`."""
    return visible(_LINE_BREAKS.sub(" ", text).replace("\t", " "))


# Characters that JSON leaves as they are but a terminal may obey: DEL, the C1
# controls (U+009B is a CSI) and the bidirectional overrides.
_JSON_HIDDEN = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_escaped(document: str) -> str:
    """A JSON document with the characters that JSON does not escape but a terminal
    would obey written as ``\\u`` escapes (the same document for a JSON reader)."""
    return _JSON_HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def writes_utf8(handle: IO[str]) -> bool:
    """Whether text written to ``handle`` reaches it as UTF-8."""
    encoding = getattr(handle, "encoding", None) or "utf-8"
    return encoding.lower().replace("-", "").replace("_", "") == "utf8"


def json_dumps(document: object, handle: IO[str], indent: int | None = 2) -> str:
    """``document`` as JSON text to write to ``handle``: escaped by :func:`json_escaped`,
    and with every character outside ASCII as a ``\\u`` escape when ``handle`` is not
    UTF-8 (a console in another encoding would otherwise write ``\\xe9``, which is no
    JSON). Either way a JSON reader reads the same document."""
    return json_escaped(json.dumps(document, indent=indent,
                                   ensure_ascii=not writes_utf8(handle)))
