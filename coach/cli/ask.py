"""The one yes/no question the CLI asks at a terminal (``reset``, ``import-contacts``,
``log`` with a date in the future): :func:`confirm`, on :func:`yes`."""

from __future__ import annotations

import sys

from coach.errors import UserError
from coach.i18n import t


def yes(question: str) -> bool | None:
    """The user's answer to ``question``: True for a yes in their language, False for
    anything else (ctrl+d included); None when no terminal can answer (a script, stdin
    closed), so the caller says how to go on rather than guess."""
    if sys.stdin is None or not sys.stdin.isatty():  # None: started with stdin closed
        return None
    try:
        answer = input(f"{question} [{t('reset.yes_no')}] ").strip().lower()
    except EOFError:  # ctrl+d at the prompt means no
        print()
        return False
    return answer in t("reset.yes_words").split(",")


def confirm(question: str, *, no_terminal: str, declined: str | None = None) -> bool:
    """Whether the user says yes to ``question``. Without a terminal to answer, one line
    (message ``no_terminal``: how to go on, e.g. with ``--yes``) and exit 1, never a guess;
    a no prints ``declined`` (a message id), if given, and is False."""
    answer = yes(question)
    if answer is None:
        raise UserError(t(no_terminal))
    if not answer and declined:
        print(t(declined))
    return answer
