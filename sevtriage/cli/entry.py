"""The ``sevtriage`` console script and ``python -m sevtriage``: the collector is paused before
the command line's modules are imported (``sevtriage.cli.collector``), and always resumed."""

from __future__ import annotations

from sevtriage.cli import collector

collector.pause()

from sevtriage.cli.main import main as _main  # noqa: E402  (imported with the collector paused)


def main() -> None:
    try:
        _main()
    finally:
        collector.resume()  # --help, --version, a usage error: no command module was imported
