"""The ``sevtriage`` command line: one module per subcommand, formatters apart."""
