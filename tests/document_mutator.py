"""Mutated treaty and scenario documents for the hardening tests (test_hardening.py).

Seeds are the shipped examples and presets. A mutation works either on the parsed
document (replace a value with a hostile one, drop a key, add one, swap two values,
duplicate or blow up a list), which is then written back as TOML, or on the text
(drop, repeat or swap lines, cut the file short, insert control characters, bytes
that are not UTF-8, or deep nesting). Every choice comes from a ``random.Random``
the caller seeds, so a run is reproducible from its seed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import tomllib
from pathlib import Path
from typing import Any

from treatystate import presets

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

UTC = dt.UTC
PLUS_14 = dt.timezone(dt.timedelta(hours=14))
MINUS_12 = dt.timezone(dt.timedelta(hours=-12))

# Values a careless or hostile file might hold where something else is expected.
HOSTILE: tuple[Any, ...] = (
    0, -1, 1, 2, 7, 2**31, 2**63 - 1, -(2**63), 1.5, 0.0, -0.0, 1e308, math.inf, -math.inf,
    math.nan, True, False,
    "", " ", "x" * 5000, "\x00", "\x01\x02\x7f", "\x1b[31mred\x1b[0m", "\u202egnp.exe",
    "é", "漢字", "🏳️‍🌈", "null", "none", "all", "ALL", "[/bold]", "[red]x[/red]", "{}",
    "Art. 1\n\nArt. 2", "\ttab\r\n",
    "P99999Y", "P999999Y", "P9999999D", "P0D", "P", "P1.5M", "-P1D", "P1Y6M", "PT1H",
    "P１D", "+P99999Y", "-P9999999D", "+P999999M", "+P60D", "-P1D", "start-of-month",
    "start-of-next-month", "end-of-month",
    "Asia/Shanghai", "UTC", "Mars/Olympus_Mons", "Etc/GMT+12", "Pacific/Kiritimati",
    "../../../etc/passwd", "/dev/null", "/", ".", "nul\x00byte", "Asia/", "+05:00",
    "china-central-asia-2025", "paris-agreement-2015", "no-such-preset", "x.toml",
    "../examples/central_asia.toml", "central_asia.toml",
    "CHN", "USA", "XXX", "chn", "C", "KAZ ", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ",
    "signature", "consent", "withdrawal", "duty", "entry-into-force", "last-day",
    "next-day", "strict", "sometimes",
    "2025-06-17", "2025-02-29", "2025-13-01", "0000-01-01", "9999-12-31", "10000-01-01",
    "2025-10-03T23:30:00", "2025-10-03T23:30:00+05:00", "2025-10-03T23:30:00Z",
    "2025-10-03 23:30+05:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00",
    dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29), dt.date(2025, 1, 31),
    dt.date(9999, 2, 28), dt.date(1, 12, 31),
    dt.datetime(2025, 10, 3, 23, 30), dt.datetime(9999, 12, 31, 23, 59),
    dt.datetime(2025, 10, 3, 23, 30, tzinfo=PLUS_14),
    dt.datetime(9999, 12, 31, 23, 0, tzinfo=MINUS_12),
    dt.datetime(1, 1, 1, 0, 30, tzinfo=PLUS_14),
    dt.datetime(2028, 2, 29, 12, 0, tzinfo=UTC), dt.time(12, 0),
    [], [""], [1, 2], ["+P99999Y"], ["-P9999999D"], ["start-of-next-month"] * 40,
    ["CHN", "CHN"], ["CHN"], ["CHN", 5], [[["CHN"]]], [{}], [dt.date(1, 1, 1)],
    list(range(20000)), ["KAZ"] * 5000,
    {}, {"instruments": 2**40}, {"instruments": 0}, {"instruments": -3},
    {"instruments": 1, "weight": "emissions", "share": 2},
    {"instruments": 1, "weight": "nowhere", "share": 0.5},
    {"weight": "emissions", "share": math.nan}, {"a": {"b": {"c": {}}}},
    {"extends": "china-central-asia-2025"}, {"extends": "x.toml"},
)

DATE_LIKE: tuple[Any, ...] = tuple(
    v for v in HOSTILE
    if isinstance(v, dt.date | dt.time) or (isinstance(v, str) and v[:1].isdigit())
)

# Keys that belong somewhere in a document, and some that belong nowhere.
EXTRA_KEYS: tuple[str, ...] = (
    "id", "title", "parties", "party", "type", "date", "effective", "duty", "when",
    "later", "not_before", "cites", "allowed", "earliest", "later_date", "revocable",
    "below", "within", "after", "timezone", "extends", "as_of", "treaty", "events",
    "expect", "weights", "month_end", "refusal", "status", "colour", "", " ", "\u0000",
    "événement", "Type", "DATE", "variants", "sweep", "changes", "shift", "by", "vary",
    "samples", "seed", "protocol", "protocols", "holidays", "term", "later_after",
    "provisional_application",
)

_INSERTS: tuple[str, ...] = (
    "\x00", "\x01", "\x7f", "\x1b", "\u2028", "\ufeff", "[", "]", "[[", "=", '"', "'",
    '"""', "\\", "\\u0000", "#", "\n", "\r", "\t", "{", "}", ",", ".", "\n[[events]]\n",
    "\n[expect]\n", "\nextends = \"china-central-asia-2025\"\n", "a = " + "[" * 600,
    "x = " + "{y = " * 400, "\nevents = " + "[" * 2000 + "]" * 2000 + "\n",
)


def seed_documents() -> list[tuple[str, str]]:
    """``(kind, text)`` for every shipped example (``scenario``) and preset
    (``treaty``), plus each preset inlined into a scenario."""
    seeds = [("scenario", path.read_text(encoding="utf-8"))
             for path in sorted(EXAMPLES.glob("*.toml"))]
    for preset_id in presets.ids():
        text = presets.text(preset_id)
        seeds.append(("treaty", text))
        treaty = tomllib.loads(text)
        inline: dict[str, Any] = {
            "treaty": treaty,
            "events": [{"type": "signature", "date": dt.date(2025, 6, 17),
                        "parties": treaty.get("parties", ["AAA", "BBB"])[:2]}],
        }
        seeds.append(("scenario", dumps(inline)))
    return seeds


# ----------------------------------------------------------------- TOML writing


def _string(text: str) -> str:
    # JSON string escapes are TOML basic-string escapes; TOML also wants DEL escaped
    # and has no lone surrogates (never produced here).
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML for {value!r}")


def dumps(document: dict[str, Any]) -> str:
    """TOML for ``document``: one ``key = value`` line per top-level key, the rest
    inline (valid TOML 1.0, if not pretty)."""
    return "".join(f"{_string(key)} = {_value(value)}\n" for key, value in document.items())


# ------------------------------------------------------------------- mutations


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``value``: dict keys and list indexes, parents first."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_nodes(item, (*path, key)))
    elif isinstance(value, list) and len(value) <= 100:
        for index, item in enumerate(value):
            found.extend(_nodes(item, (*path, index)))
    return found


def _get(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


def _containers(document: Any) -> list[tuple[Any, ...]]:
    return [p for p in _nodes(document) if isinstance(_get(document, p), dict | list)]


def mutate_data(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One structural mutation of a parsed document (the argument is not changed)."""
    document = tomllib.loads(dumps(document))  # a deep copy that stays TOML-shaped
    paths = [p for p in _nodes(document) if p]
    operation = rng.choice(("replace", "replace", "replace", "drop", "add", "swap",
                            "duplicate", "shift-date", "strict", "end-of-time",
                            "timestamp"))
    if not paths:
        operation = "add"
    if operation == "strict":  # refuse to guess month ends, through `extends` if need be
        treaty = document.get("treaty")
        if isinstance(treaty, str):
            document["treaty"] = {"extends": treaty, "month_end": "strict"}
        else:
            (treaty if isinstance(treaty, dict) else document)["month_end"] = "strict"
        return document
    if operation == "timestamp":  # a date becomes a late-evening timestamp of that day
        dated = [p for p in paths if type(_get(document, p)) is dt.date]
        if dated:
            path = rng.choice(dated)
            day = _get(document, path)
            zone = rng.choice((None, PLUS_14, MINUS_12, UTC))
            _get(document, path[:-1])[path[-1]] = dt.datetime(
                day.year, day.month, day.day, 23, 30, tzinfo=zone)
        return document
    if operation == "end-of-time":  # the same days, in the calendar's last years
        for path in paths:
            value = _get(document, path)
            if type(value) is dt.date:
                _get(document, path[:-1])[path[-1]] = value.replace(
                    year=rng.choice((9998, 9999)), day=min(value.day, 28))
        return document
    if operation in ("replace", "drop", "swap", "shift-date"):
        path = rng.choice(paths)
        parent, last = _get(document, path[:-1]), path[-1]
        if operation == "drop":
            del parent[last]
        elif operation == "swap":
            other = _get(document, rng.choice(paths))
            parent[last] = tomllib.loads(dumps({"v": other}))["v"]
        elif operation == "shift-date":
            dated = [p for p in paths if isinstance(_get(document, p), dt.date)]
            path = rng.choice(dated or paths)
            parent, last = _get(document, path[:-1]), path[-1]
            parent[last] = rng.choice(DATE_LIKE)
        else:
            parent[last] = rng.choice(HOSTILE)
    elif operation == "add":
        containers = _containers(document) or [()]
        target = _get(document, rng.choice(containers))
        if isinstance(target, dict):
            target[rng.choice(EXTRA_KEYS)] = rng.choice(HOSTILE)
        else:
            target.insert(rng.randrange(len(target) + 1), rng.choice(HOSTILE))
    else:  # duplicate: an item of a list again, or many times
        lists = [p for p in _containers(document) if isinstance(_get(document, p), list)
                 and _get(document, p)]
        if lists:
            target = _get(document, rng.choice(lists))
            item = rng.choice(target)
            target.extend([item] * rng.choice((1, 2, 500)))
    return document


def mutate_text(text: str, rng: random.Random) -> str:
    """One textual mutation of a TOML text."""
    lines = text.splitlines(keepends=True) or [""]
    operation = rng.choice(("drop-line", "repeat-line", "swap-lines", "truncate", "insert",
                            "insert", "replace-char", "digit"))
    if operation == "drop-line":
        del lines[rng.randrange(len(lines))]
    elif operation == "repeat-line":
        index = rng.randrange(len(lines))
        lines.insert(index, lines[index])
    elif operation == "swap-lines":
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:
        joined = "".join(lines)
        at = rng.randrange(len(joined) + 1)
        if operation == "truncate":
            return joined[:at]
        if operation == "insert":
            return joined[:at] + rng.choice(_INSERTS) + joined[at:]
        if operation == "digit":
            digits = [i for i, c in enumerate(joined) if c.isdigit()]
            if digits:
                at = rng.choice(digits)
                return joined[:at] + rng.choice("0129") + joined[at + 1:]
        return joined[:at] + chr(rng.randrange(0, 0x3000)) + joined[at + 1:]
    return "".join(lines)


def mutate_bytes(text: str, rng: random.Random) -> bytes:
    """The UTF-8 encoding of ``text`` with bytes that are not UTF-8 spliced in."""
    data = text.encode("utf-8")
    at = rng.randrange(len(data) + 1)
    junk = rng.choice((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80", b"\xfe\xff",
                       "é".encode("latin-1")))
    return data[:at] + junk + data[at:]


# Text a hostile file puts where a title, a `cites` or a clause's text goes: terminal
# escape sequences (clear screen, window title, hyperlink), bidi overrides, line breaks
# that would start a Mermaid section or a calendar property, markup of every format.
ESCAPE_TEXTS: tuple[str, ...] = (
    "\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\x1b]8;;https://example.invalid\x1b\\x\x1b]8;;\x1b\\",
    "\x9b31m", "\u202eevil", "a\r\nBEGIN:VEVENT\r\nSUMMARY:x",
    "x\nsection Injected\n  t : a, 2025-01-01, 1d",
    "x\n```\n# heading", 'x"; digraph { a -> b }', "%% comment\n", "a;b,c\\d:e",
    "\x00\x01\x7f", "line\u2028break", "[bold]x[/bold]", "\t" * 50,
)


def _strings(document: Any) -> list[tuple[Any, ...]]:
    return [p for p in _nodes(document) if p and isinstance(_get(document, p), str)
            and p[-1] in ("title", "cites", "text", "name")]


def extreme_data(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One structure-aware extreme: the calendar's limits, huge periods, thousands of
    States and events, or escape sequences in every text field. The document stays
    well-formed enough to reach the engine and the views."""
    document = tomllib.loads(dumps(document))
    operation = rng.choice(("calendar-limits", "huge-periods", "many-states", "many-events",
                            "escape-texts", "escape-texts", "escape-texts", "one-day-term"))
    paths = [p for p in _nodes(document) if p]
    if operation == "calendar-limits":
        limit = rng.choice((dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(9999, 12, 30),
                            dt.date(1, 1, 2)))
        for path in paths:
            if type(_get(document, path)) is dt.date and rng.random() < 0.7:
                _get(document, path[:-1])[path[-1]] = limit
    elif operation == "huge-periods":
        for path in paths:
            value = _get(document, path)
            if isinstance(value, str) and value[:2] in ("+P", "-P"):
                _get(document, path[:-1])[path[-1]] = value[0] + rng.choice(
                    ("P9999Y", "P999999M", "P9999999D", "P1D", "P0D"))
            elif isinstance(value, str) and value[:1] == "P" and value[1:2].isdigit():
                _get(document, path[:-1])[path[-1]] = rng.choice(
                    ("P999999Y", "P9999999D", "P1D", "P1Y"))
    elif operation in ("many-states", "many-events"):
        events = document.get("events")
        count = rng.choice((1000, 3000))
        if isinstance(events, list):
            if operation == "many-states" or not events:
                start = dt.date(2020, 1, 1)
                events.extend({"type": "consent", "party": f"S{n:05d}",
                               "date": start + dt.timedelta(days=n // 10)}
                              for n in range(count))
            else:
                events.extend([events[-1]] * count)
        treaty = document.get("treaty", document)
        if isinstance(treaty, dict) and isinstance(treaty.get("parties"), list):
            treaty["parties"] = treaty["parties"] + [f"S{n:05d}" for n in range(count)]
    elif operation == "escape-texts":
        for path in _strings(document):
            _get(document, path[:-1])[path[-1]] = rng.choice(ESCAPE_TEXTS)
        treaty = document.get("treaty")
        if isinstance(treaty, str):  # a preset: retitle and re-cite it through `extends`
            document["treaty"] = treaty = {"extends": treaty}
        where = treaty if isinstance(treaty, dict) else document
        # What every command shows: the treaty's title and the articles its dates cite.
        where["title"] = rng.choice(ESCAPE_TEXTS[:6])
        for section in ("withdrawal", "entry_into_force"):
            table = where.setdefault(section, {})
            if isinstance(table, dict) and (section != "entry_into_force" or "extends" in where
                                            or "when" in table):
                table["cites"] = rng.choice(ESCAPE_TEXTS)
            elif isinstance(table, dict) and not table:
                del where[section]
    else:  # a term renewed every day, the notice thousands of years away
        treaty = document.get("treaty")
        if isinstance(treaty, str):
            document["treaty"] = treaty = {"extends": treaty}
        where = treaty if isinstance(treaty, dict) else document
        where.pop("withdrawal", None)
        where["term"] = {"initial": "P1D", "renewal": "P1D",
                         "notice": rng.choice(("P1D", "P5000Y", "P1Y"))}
    return document


def mutated_documents(count: int, seed: int) -> list[tuple[str, str | bytes, str]]:
    """``count`` documents ``(kind, text or bytes, how it was made)``, reproducible
    from ``seed``: about half structural (one in seven an extreme of :func:`extreme_data`),
    half textual, one in twenty with bad bytes."""
    rng = random.Random(seed)
    seeds = seed_documents()
    documents: list[tuple[str, str | bytes, str]] = []
    for number in range(count):
        kind, text = rng.choice(seeds)
        roll = rng.random()
        if roll < 0.05:
            documents.append((kind, mutate_bytes(text, rng), f"#{number} bytes"))
            continue
        if roll < 0.2:
            data = extreme_data(tomllib.loads(text), rng)
            if rng.random() < 0.5:
                data = mutate_data(data, rng)
            documents.append((kind, dumps(data), f"#{number} extreme"))
            continue
        if roll < 0.5:
            data = tomllib.loads(text)
            for _ in range(rng.choice((1, 1, 2, 3))):
                data = mutate_data(data, rng)
            documents.append((kind, dumps(data), f"#{number} data"))
            continue
        for _ in range(rng.choice((1, 1, 2))):
            text = mutate_text(text, rng)
        documents.append((kind, text, f"#{number} text"))
    return documents
