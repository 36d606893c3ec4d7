"""Shared test setup.

* ``tests/`` is put on ``sys.path`` so tests import the shared helpers directly:
  ``from strategies import reports`` and ``from _render.layout import layout_report``.
* Hypothesis profiles: ``ci`` (the default: 25 examples drawn the same way every run, no
  deadline) and ``deep`` (500 random examples), chosen with ``HYPOTHESIS_PROFILE=deep``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

# CI draws the same examples every run (derandomize): a failure there is reproducible and a
# green run means the same as the last one; the deep profile explores new examples.
settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "deep",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
