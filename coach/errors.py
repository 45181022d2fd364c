"""What every command shares: its exit codes and the error that is the user's to fix.

Its own module so that ``coach.cli.main`` (which dispatches) and ``coach.cli.commands`` (which
runs) both use it without importing each other.
"""

from __future__ import annotations

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2  # 2: wrong usage (argparse's own code too)


class UserError(Exception):
    """A problem with the user's input, content or data: one message, exit 1."""


class UsageError(UserError):
    """Options that do not go together, or a command missing what it needs: exit 2."""


class PersonGone(UserError):
    """A change to someone removed since they were shown (in another shell, or taken back):
    made, it would bring them back. Nothing is changed."""
