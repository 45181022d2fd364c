"""A change in the user's words: what ``undo`` says it takes back ("logged a contact with
Jana Krüger on 6 Dec"), in the CLI and the UI alike."""

from __future__ import annotations

from typing import Any

from coach.i18n import format_date, get_language, t, tn
from coach.safetext import clean

KNOWN = {
    "log",
    "edit_contact",
    "delete_contact",
    "tick",
    "untick",
    "answer",
    "step",
    "language",
    "welcome",
    "pause",
    "unpause",
    "follow_up",
    "next_step",
    "person",
    "add_people",
    "remove",
    "import",
    "reset",
    "restore",
    "catch_up",
    "posted",
    "sync",
}


def describe(do: str, say: dict[str, Any]) -> str:
    """One short phrase for an operation (``op.<do>`` in the catalog)."""
    values = {k: _shown(k, v) for k, v in say.items() if k not in ("of", "count")}
    if do not in KNOWN:
        return t("op.unknown", what=clean(do, single_line=True))
    if do in ("add_people", "catch_up"):
        return tn(f"op.{do}", int(say.get("count", 0) or 0))
    if do == "remove" and say.get("contacts"):
        return tn("op.remove_with", int(say["contacts"]), person=values.get("person", ""))
    return t(f"op.{do}", **values)


def _shown(key: str, value: Any) -> str:
    if key == "date" and isinstance(value, str):
        return format_date(value, get_language())
    return clean(str(value) if value is not None else "", single_line=True)
