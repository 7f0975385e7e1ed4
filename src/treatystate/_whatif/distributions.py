"""Random delays in whole days, and the uniform numbers they are drawn from.

Row ``i`` of a sweep draws its uniform numbers from a hash of ``(seed, i)`` only
(:func:`row_uniforms`), so a row is the same wherever and in whatever chunk it runs.
Each number becomes a whole number of days:

* :class:`Uniform` is a discrete uniform law: every whole day from ``low`` to ``high``
  (inclusive) has probability ``1 / (high - low + 1)``;
* the continuous laws (:class:`Normal`, :class:`LogNormal`, :class:`Triangular`,
  :class:`Exponential`) are drawn by the inverse of their cumulative distribution
  function ``F`` and rounded to the nearest day: day ``k`` has probability
  ``F(k + ½) - F(k - ½)``. A negative delay counts as none, so day 0 has ``F(½)``.
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Callable
from statistics import NormalDist
from typing import TypeAlias

import attrs

from ..errors import InputError

__all__ = [
    "DISTRIBUTIONS",
    "Distribution",
    "Exponential",
    "LogNormal",
    "Normal",
    "Triangular",
    "Uniform",
    "row_uniforms",
    "whole_days",
]


def _check(name: str, rule: str, holds: Callable[..., bool], **days: object) -> None:
    """Refuse a distribution whose days are not finite numbers, or do not satisfy
    ``holds`` (called with them, as numbers); ``rule`` says it in words."""
    numbers = all(not isinstance(value, bool) and isinstance(value, int | float)
                  and math.isfinite(value) for value in days.values())
    if not numbers or not holds(*days.values()):
        shown = ", ".join(f"{key} = {value!r}" for key, value in days.items())
        raise InputError(f"invalid {name} parameters ({shown}): {rule}, in days")


@attrs.frozen
class Uniform:
    """Every whole day from ``low`` to ``high`` (inclusive) equally likely.

    >>> from treatystate.sweep import Uniform
    >>> Uniform(30, 400).draw(0.5)
    215.0
    >>> Uniform(9, 0)
    Traceback (most recent call last):
    treatystate.errors.InputError: invalid uniform parameters (low = 9, high = 0): a whole
    day from low to high, in days
    """

    low: float
    high: float

    def __attrs_post_init__(self) -> None:
        _check("uniform", "a whole day from low to high",
               lambda low, high: math.ceil(low) <= math.floor(high), low=self.low,
               high=self.high)

    def draw(self, u: float) -> float:
        """The delay for the uniform number ``u`` (0 < u < 1)."""
        first, last = math.ceil(self.low), math.floor(self.high)
        # floor(u × n) is each of 0 … n-1 for an interval of u of length 1/n.
        return float(first + min(last - first, math.floor(u * (last - first + 1))))


@attrs.frozen
class Normal:
    """A normal delay: ``mean`` and standard deviation ``sd``, in days.

    >>> from treatystate.sweep import Normal
    >>> Normal(mean=90, sd=30).draw(0.5)
    90.0
    """

    mean: float
    sd: float

    def __attrs_post_init__(self) -> None:
        _check("normal", "sd ≥ 0", lambda mean, sd: sd >= 0, mean=self.mean, sd=self.sd)

    def draw(self, u: float) -> float:
        """The delay for the uniform number ``u`` (0 < u < 1)."""
        return self.mean + self.sd * _STANDARD_NORMAL.inv_cdf(u)


@attrs.frozen
class LogNormal:
    """A log-normal delay: half the draws fall below ``median`` days; ``sigma`` is the
    standard deviation of its logarithm (a long right tail: some States take years).

    >>> from treatystate.sweep import LogNormal
    >>> LogNormal(median=180, sigma=0.8).draw(0.5)
    180.0
    """

    median: float
    sigma: float

    def __attrs_post_init__(self) -> None:
        _check("lognormal", "median > 0 and sigma ≥ 0",
               lambda median, sigma: median > 0 and sigma >= 0, median=self.median,
               sigma=self.sigma)

    def draw(self, u: float) -> float:
        """The delay for the uniform number ``u`` (0 < u < 1)."""
        return self.median * math.exp(self.sigma * _STANDARD_NORMAL.inv_cdf(u))


@attrs.frozen
class Triangular:
    """At least ``low``, at most ``high``, most likely ``mode`` days.

    >>> from treatystate.sweep import Triangular
    >>> Triangular(low=30, mode=60, high=90).draw(0.5)
    60.0
    """

    low: float
    mode: float
    high: float

    def __attrs_post_init__(self) -> None:
        _check("triangular", "low ≤ mode ≤ high", lambda low, mode, high: low <= mode <= high,
               low=self.low, mode=self.mode, high=self.high)

    def draw(self, u: float) -> float:
        """The delay for the uniform number ``u`` (0 < u < 1)."""
        low, mode, high = self.low, self.mode, self.high
        if high == low:
            return low
        if u < (mode - low) / (high - low):
            return low + math.sqrt(u * (high - low) * (mode - low))
        return high - math.sqrt((1 - u) * (high - low) * (high - mode))


@attrs.frozen
class Exponential:
    """A memoryless delay with the given ``mean`` in days.

    >>> from treatystate.sweep import Exponential
    >>> round(Exponential(mean=100).draw(0.5), 1)
    69.3
    """

    mean: float

    def __attrs_post_init__(self) -> None:
        _check("exponential", "mean > 0", lambda mean: mean > 0, mean=self.mean)

    def draw(self, u: float) -> float:
        """The delay for the uniform number ``u`` (0 < u < 1)."""
        return -self.mean * math.log(1 - u)


_STANDARD_NORMAL = NormalDist()

Distribution: TypeAlias = Uniform | Normal | LogNormal | Triangular | Exponential

# Name in a scenario file, class, parameters in order.
DISTRIBUTIONS: dict[str, tuple[type[Distribution], tuple[str, ...]]] = {
    "uniform": (Uniform, ("low", "high")),
    "normal": (Normal, ("mean", "sd")),
    "lognormal": (LogNormal, ("median", "sigma")),
    "triangular": (Triangular, ("low", "mode", "high")),
    "exponential": (Exponential, ("mean",)),
}


def whole_days(distribution: Distribution, u: float) -> int:
    """The delay in whole days for the uniform number ``u`` (see the module's text)."""
    return max(0, round(distribution.draw(u)))


def row_uniforms(seed: int, index: int, count: int) -> list[float]:
    """``count`` numbers in (0, 1) for one row, from the sweep's seed and the row's index
    only: BLAKE2b of ``"seed/index/block"``, eight 64-bit words per block, 53 bits of
    each (a double's precision), centred so that none is exactly 0 or 1. No generator
    state is shared between rows, and the numbers do not depend on the Python version."""
    numbers: list[float] = []
    block = 0
    while len(numbers) < count:
        digest = hashlib.blake2b(f"{seed}/{index}/{block}".encode(), digest_size=64).digest()
        numbers += [((word >> 11) + 0.5) * _TWO_TO_MINUS_53
                    for word in _EIGHT_WORDS.unpack(digest)]
        block += 1
    return numbers[:count]


_EIGHT_WORDS = struct.Struct(">8Q")
_TWO_TO_MINUS_53 = 2.0**-53
