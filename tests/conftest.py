"""Hypothesis profiles for the suite.

``ci`` (the default) is derandomized: every run tries the same examples, so the suite
is reproducible and a failure on CI is a failure on every machine. ``explore`` draws
fresh random examples on every run and keeps Hypothesis's example database, to hunt
for new counterexamples (each test still sets its own number of examples):

    HYPOTHESIS_PROFILE=explore .venv/bin/python -m pytest tests/test_properties.py

Neither profile has a deadline: speed belongs in benchmarks/, not in tests.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", derandomize=True, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore", deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
