"""Content text in several languages: a mapping of language codes to strings, and how to
pick one. A leaf module (no imports from the coach), so that the pydantic content schema
(``coach.content.model``) and the pydantic-free course (``coach.content.course``) can share
it without importing each other.
"""

from __future__ import annotations

PLAIN = ""  # the key a plain string is stored under: "the course's first language"


def tr(text: dict[str, str] | None, lang: str, fallback: str = "en") -> str:
    """The text in ``lang``, else the fallback language, else whatever there is."""
    if not text:
        return ""
    return text.get(lang) or text.get(PLAIN) or text.get(fallback) or next(iter(text.values()), "")
