"""The checks of a step's templates that a limit states: ``max_length`` and ``room``.

A template with ``max_length`` (LinkedIn cuts a connection note at 200 characters) must fit
it in every language as written; with ``room`` as well, its fixed text (everything but the
``[placeholders]`` and the "…" the user completes) must leave that many characters for what
the user fills in, so that it still fits once filled: a name, a topic, a thought.
"""

from __future__ import annotations

from coach.content.content_types import Step
from coach.content.course import PLAIN
from coach.content.model import PLACEHOLDER

Path_ = tuple[str | int, ...]
ELLIPSIS = "…"  # where the template leaves a thought for the user to complete


def fixed_length(text: str) -> int:
    """The characters of ``text`` the user does not fill in: all but its placeholders and
    its "…"."""
    return len(PLACEHOLDER.sub("", text).replace(ELLIPSIS, ""))


def template_problems(step: Step) -> list[tuple[Path_, str]]:
    """Every language of a template longer than its ``max_length``, or leaving less than
    its ``room``; and a ``room`` without a ``max_length``."""
    found: list[tuple[Path_, str]] = []
    for i, template in enumerate(step.templates):
        limit, room = template.max_length, template.room
        if limit is None:
            if room is not None:
                found.append((("templates", i, "room"), "room needs a max_length"))
            continue
        for lang, text in template.text.items():
            at: Path_ = ("templates", i, "text")
            if lang != PLAIN:
                at = (*at, lang)
            name = "the" if lang == PLAIN else f"the {lang}"
            if len(text) > limit:
                message = f"{name} text is {len(text)} characters, longer than max_length {limit}"
                found.append((at, message))
            elif room is not None and limit - fixed_length(text) < room:
                fixed = fixed_length(text)
                found.append(
                    (
                        at,
                        f"{name} text leaves {limit - fixed} characters to fill in "
                        f"({fixed} fixed of max_length {limit}), less than room {room}",
                    )
                )
    return found
