"""The ``coach`` command line: parsing, the subcommands, what they print."""
