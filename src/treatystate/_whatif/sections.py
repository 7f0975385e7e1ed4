"""The what-if sections of a scenario file (``[[variants]]``, ``[sweep]``) and their
expectations, read and checked with the scenario (docs/variants.md)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._io.expect import Mismatch, compare
from ..errors import RefusedEvent

if TYPE_CHECKING:
    from .._scenario import Scenario

__all__ = ["check_whatifs", "has_whatif_expectations", "with_whatifs"]


def with_whatifs(scenario: Scenario, data: Mapping[str, Any], base_dir: Path | None
                 ) -> Scenario:
    """``scenario`` with the ``[[variants]]`` and ``[sweep]`` of its file's ``data``."""
    if "variants" not in data and "sweep" not in data:
        return scenario
    # Imported here: a scenario without what-ifs never loads the sweep machinery.
    from .sweep import parse_sweep
    from .variant_file import parse_variants

    variants = parse_variants(data.get("variants", []), scenario.source, base_dir, scenario,
                              data.get("treaty"))
    scenario = attrs.evolve(scenario, variants=variants)
    if "sweep" in data:
        scenario = attrs.evolve(scenario, sweep=parse_sweep(data["sweep"], scenario.source,
                                                            scenario))
    return scenario


def has_whatif_expectations(scenario: Scenario) -> bool:
    return any(v.expect is not None for v in scenario.variants) or (
        scenario.sweep is not None and scenario.sweep.expect is not None)


def check_whatifs(scenario: Scenario, as_of: Any = None) -> list[Mismatch]:
    """Each variant's ``[variants.expect]`` and the ``[sweep.expect]`` summaries, as
    mismatches named ``variants.NAME.KEY`` and ``sweep.KEY``."""
    found: list[Mismatch] = []
    for variant in scenario.variants:
        if variant.expect is None:
            continue
        # The variant's own expectations only: the file's [sweep.expect] describes the
        # sweep around the baseline, not around each variant.
        outcome, refused = None, None
        try:
            outcome = scenario.variant(variant.name).run(as_of)
        except RefusedEvent as error:
            refused = error
        found.extend(Mismatch(f"variants.{variant.name}.{m.where}", m.expected, m.actual)
                     for m in compare(variant.expect, outcome, refused))
    sweep = scenario.sweep
    if sweep is not None and sweep.expect is not None:
        from .sweep import run_sweep

        result_rows = run_sweep(scenario, progress=False)
        days = sorted({*(d.isoformat() for d in sweep.in_force_by), *sweep.expect.in_force_by})
        found.extend(sweep.expect.compare(result_rows.summary(days)))
    return found
