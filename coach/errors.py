"""What every command shares: its exit codes and the error that is the user's to fix.

Its own module so that ``coach.cli.main`` (which dispatches) and ``coach.cli.commands`` (which
runs) both use it without importing each other.
"""

from __future__ import annotations

EXIT_OK, EXIT_PROBLEM = 0, 1  # usage errors exit 2 (argparse's own code)


class UserError(Exception):
    """A problem with the user's input, content or data: one message, exit 1."""
