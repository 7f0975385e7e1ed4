"""The "did you mean" of an error message: the closest of the names a key, a State or
a command could have been."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """``' (did you mean "parties"?)'`` for the choice closest to ``word``, else ``''``.

    >>> did_you_mean("partys", ["date", "parties", "type"])
    ' (did you mean "parties"?)'
    >>> did_you_mean("colour", ["date", "party", "type"])
    ''
    """
    if not isinstance(word, str):
        return ""
    import difflib  # only when a message is written: a run that succeeds never needs it

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    if not close:
        lowered = {choice.lower(): choice for choice in choices}
        close = [lowered[word.lower()]] if word.lower() in lowered else []
    return f' (did you mean "{close[0]}"?)' if close else ""
