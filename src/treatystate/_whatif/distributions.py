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
from statistics import NormalDist
from typing import TypeAlias

import attrs

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


@attrs.frozen
class Uniform:
    """Every whole day from ``low`` to ``high`` (inclusive) equally likely."""

    low: float
    high: float

    def draw(self, u: float) -> float:
        first, last = math.ceil(self.low), math.floor(self.high)
        # floor(u × n) is each of 0 … n-1 for an interval of u of length 1/n.
        return float(first + min(last - first, math.floor(u * (last - first + 1))))


@attrs.frozen
class Normal:
    """A normal delay: ``mean`` and standard deviation ``sd``, in days."""

    mean: float
    sd: float

    def draw(self, u: float) -> float:
        return self.mean + self.sd * _STANDARD_NORMAL.inv_cdf(u)


@attrs.frozen
class LogNormal:
    """A log-normal delay: half the draws fall below ``median`` days; ``sigma`` is the
    standard deviation of its logarithm (a long right tail: some States take years)."""

    median: float
    sigma: float

    def draw(self, u: float) -> float:
        return self.median * math.exp(self.sigma * _STANDARD_NORMAL.inv_cdf(u))


@attrs.frozen
class Triangular:
    """At least ``low``, at most ``high``, most likely ``mode`` days."""

    low: float
    mode: float
    high: float

    def draw(self, u: float) -> float:
        low, mode, high = self.low, self.mode, self.high
        if high == low:
            return low
        if u < (mode - low) / (high - low):
            return low + math.sqrt(u * (high - low) * (mode - low))
        return high - math.sqrt((1 - u) * (high - low) * (high - mode))


@attrs.frozen
class Exponential:
    """A memoryless delay with the given ``mean`` in days."""

    mean: float

    def draw(self, u: float) -> float:
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
