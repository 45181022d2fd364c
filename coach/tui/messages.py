"""Messages the step's widgets post (a module of its own: the step view listens for them
without importing the field widgets, which are mounted only after the first frame)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class FieldChanged(Message):
    """The answer ``key`` is now ``value`` (None: no answer)."""

    key: str
    value: Any
    typing: bool = False  # save after a short pause instead of at once
    affects_checklists: bool = False
