"""The Jinja environment for the page templates (package data in ``templates/``).

Autoescaping is on for every template, whatever its name: ticket ids, rule
ids and error messages come from the input and must never become markup.
Undefined names fail loudly instead of printing nothing.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("sevtriage.report", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["percent"] = lambda part, whole: f"{100 * part / whole:.1f}%" if whole else "-"
    return env
