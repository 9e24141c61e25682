"""Hypothesis profiles: a fast one by default, a thorough ``ci`` one for ``.ci/run``.

Select with ``HYPOTHESIS_PROFILE=ci`` (or ``pytest --hypothesis-profile=ci``).
Each property test states the example count it needs for a thorough run;
``examples(n)`` gives that count under ``ci`` and a tenth of it (at least 10)
by default, so a developer's run stays quick and CI still searches hard.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

THOROUGH_EXAMPLES = 200
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}

settings.register_profile("default", max_examples=THOROUGH_EXAMPLES // 10, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("ci", max_examples=THOROUGH_EXAMPLES, **_COMMON)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def examples(thorough: int) -> int:
    """The example count for a test that needs ``thorough`` examples in a thorough run."""
    return max(10, thorough * settings().max_examples // THOROUGH_EXAMPLES)
