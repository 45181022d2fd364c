"""Helpers for user and content text on its way in and out.

What a user types (or a file they import brings) is saved exactly as written:
:func:`typed` only makes every line end a ``\\n``. Where text is shown, :func:`shown` makes
what a terminal would obey or hide visible instead: a control character (ESC, BEL, a C1
control such as the 8-bit CSI) and a bidi control or invisible character (U+202E turns the
rest of a line around, U+200B makes two names that look alike differ) each become a mark
such as ``{U+001B}``; :func:`json_safe` writes them as ``\\u`` escapes in JSON. The UI's
last guard (``coach.tui.unseen_filter``) drops what is left of them from every drawn line
(a value being edited holds them as typed). Markup is a separate concern: the UI never
parses user text as markup (see ``coach.tui``).
"""

from __future__ import annotations

import re
from functools import cache


def typed(text: str, *, single_line: bool = False) -> str:
    """``text`` as the coach saves it: as written, with a line end as ``\\n`` whatever sent
    it (``\\r\\n``, or a lone ``\\r`` as many terminals paste one), a space in
    ``single_line`` text (a tab too). Controls and invisible characters stay (RELIABILITY
    6): they are made visible where the text is shown (:func:`shown`)."""
    if not text or text.isprintable():  # no control character at all (the usual case)
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if single_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


# Every C0 control but tab and line feed, DEL and the C1 controls (8-bit CSI, OSC, ...).
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Bidi embeddings, overrides, isolates and marks (the Arabic letter mark too), zero-width
# characters, joiners and invisible operators, line and paragraph separators, the
# deprecated format characters, the Mongolian vowel separator, interlinear annotations,
# the byte order mark: characters that show nothing themselves but change how the text
# around them is shown (or hide that two texts differ). All but the zero-width joiner:
_INVISIBLE_BUT_ZWJ = (
    "\u061c\u180e\u200b\u200c\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb"
)
INVISIBLE = f"{_INVISIBLE_BUT_ZWJ}\u200d"
# A zero-width joiner between two pictographs is part of one emoji (👩🏽‍💻): kept.
_PICTOGRAPH = "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff"
# Every pattern here is compiled when first used (_compiled): text that is printable
# (``str.isprintable``: no control, no invisible character, all of them being in Unicode's
# Cc, Cf, Zl or Zp) never needs one, and compiling them was a part of every start.
_UNSEEN = f"[{CONTROLS}{INVISIBLE}]"
# What is marked or dropped: all of _UNSEEN but an emoji's joiner (U+200D between two
# pictographs).
_MARKED = f"[{CONTROLS}{_INVISIBLE_BUT_ZWJ}]|(?<![{_PICTOGRAPH}])\u200d|\u200d(?![{_PICTOGRAPH}])"
_SEPARATORS = "[\u2028\u2029]"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def mark(char: str) -> str:
    """How a control or invisible character is shown: ``{U+001B}`` (braces: square
    brackets are the content's placeholders, angle brackets would be tags in HTML and
    Markdown)."""
    return f"{{U+{ord(char):04X}}}"


def shown(text: str, *, single_line: bool = False) -> str:
    """``text`` as it may be shown on a terminal or a page: line ends as :func:`typed` makes
    them, and every control, bidi control or invisible character as a visible :func:`mark`
    (a line or paragraph separator as a line break, or a space in ``single_line`` text).
    For showing only, never for saving."""
    if text.isprintable():  # no control, no invisible character (the usual case)
        return text
    text = typed(text, single_line=single_line)
    if not text or _compiled(_UNSEEN).search(text) is None:
        return text
    text = _compiled(_SEPARATORS).sub(" " if single_line else "\n", text)
    return _compiled(_MARKED).sub(lambda m: mark(m.group()), text)


# In a line already laid out a line feed is a control too (a one-line box holding a value
# with one, from an import or the shell, drew it raw); a tab is expanded by then.
_UNDRAWN = f"[\n{CONTROLS}{INVISIBLE}]"
_DROPPED = f"\n|{_MARKED}"


def has_invisible(text: str) -> bool:
    """Whether ``text``, a line laid out, holds a control or an invisible character (what
    :func:`unseen` drops)."""
    return not text.isprintable() and _compiled(_UNDRAWN).search(text) is not None


def unseen(text: str) -> str:
    """``text`` without its controls (a line feed too), bidi controls and invisible
    characters (an emoji's joiner kept), for a line already laid out: each of them takes
    no cell, so nothing moves. Where text is edited, the characters stay in the value and
    only the terminal never gets them."""
    if text.isprintable() or _compiled(_UNDRAWN).search(text) is None:
        return text  # (every line the coach draws is looked at: the usual case first)
    return _compiled(_DROPPED).sub("", text)


_JSON_UNSAFE = f"[\x7f-\x9f{INVISIBLE}]"


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with DEL, C1 controls and
    the invisible characters written as ``\\uXXXX``: the same JSON, the same strings,
    but nothing a terminal could take for a control or turn the line around with (JSON
    already escapes C0 such as ESC)."""
    return _compiled(_JSON_UNSAFE).sub(lambda m: f"\\u{ord(m.group()):04x}", text)
