"""The garbage collector paused while the ``sevtriage`` command starts.

Why: start-up makes tens of thousands of objects that live as long as the process (click's and
our modules, their classes and functions), and the collector scans the young ones again and
again as they are made: ~3 ms of CPU, a few percent of classifying one ticket. The command's
entry point (``sevtriage.cli.entry``) pauses it before importing anything; ``resume`` moves
everything made so far to the permanent generation (``gc.freeze``, as ``batch.run`` does
before the first chunk) and turns the collector back on, once the command's module is
imported. Code that imports the CLI otherwise (tests, ``CliRunner``) never pauses it, and
``resume`` then does nothing.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Turn the collector off until ``resume`` (if it is on)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what start-up made and turn the collector back on, if ``pause`` turned it off."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
