"""``python -m sevtriage``: the same command line as the ``sevtriage`` script."""

from sevtriage.cli.entry import main

if __name__ == "__main__":
    main()
