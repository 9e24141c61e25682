"""The ``--no-text-flags`` option shared by the commands that classify.

Detectors run by default when the policy has them (``rules/text/``); with
``--no-text-flags`` the results are exactly those of a policy without
detectors: flags come only from the ticket's own fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click


def text_flags_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--no-text-flags", "no_text_flags", is_flag=True, default=False,
        help="Do not derive flags from the subject and description (the policy's text detectors).",
    )(function)
