"""The one yes/no question the CLI asks at a terminal (``reset``, ``import-contacts``,
``log`` with a date in the future)."""

from __future__ import annotations

import sys

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
