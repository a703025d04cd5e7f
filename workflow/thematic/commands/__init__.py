"""Subcommands of the ``thematic`` command line, one module each."""
