"""Messages the step's widgets and the roadmap post (a module of its own: the main screen
listens for them without importing the widgets that post them, which are mounted only
after the first frame). Plain classes: a ``@dataclass`` compiles its methods when the
module loads, a cost on every start."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class FieldChanged(Message):
    """The answer ``key`` is now ``value`` (None: no answer); ``typing``: save after a short
    pause instead of at once; ``affects_checklists``: the step's ticks may change."""

    def __init__(
        self, key: str, value: Any, typing: bool = False, affects_checklists: bool = False
    ) -> None:
        super().__init__()
        self.key = key
        self.value = value
        self.typing = typing
        self.affects_checklists = affects_checklists


class StepChosen(Message):
    """The roadmap's step ``step_id`` was chosen (Enter or a click)."""

    def __init__(self, step_id: str) -> None:
        super().__init__()
        self.step_id = step_id
