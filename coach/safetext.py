"""Helpers for user and content text on its way in and out.

Everything a user types or a content file says passes through :func:`clean` before it is
stored or shown, so no escape byte (ESC, OSC, C1 controls) ever reaches the terminal.
Bidi controls and invisible characters (U+202E turns the rest of a line around, U+200B
makes two names that look alike differ) are kept in the saved data exactly as typed;
:func:`shown` makes them visible where text is shown, and :func:`json_safe` writes them
as ``\\u`` escapes in JSON. Markup is a separate concern: the UI never parses user text
as markup (see ``coach.tui``).
"""

from __future__ import annotations

import re
from functools import cache

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-byte ESC sequences, then any
# remaining C0 control (except tab and newline), DEL and C1 controls (incl. 8-bit CSI/OSC).
# String sequences (OSC, DCS, SOS, PM, APC) lose their payload up to the terminator or the
# end of the line, so an unterminated one cannot swallow the rest of a note.
_SEQUENCES = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]"
)
_CONTROLS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"


def clean(text: str, *, single_line: bool = False) -> str:
    """Return ``text`` without terminal control sequences. A line end is ``\\n`` whatever
    sent it (``\\r\\n``, or a lone ``\\r`` as many terminals paste one), a space in
    ``single_line`` text."""
    if not text or text.isprintable():  # no control character at all (the usual case)
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if single_line:
        text = text.replace("\n", " ").replace("\t", " ")
    if text.replace("\n", "").replace("\t", "").isprintable():  # lines and tabs alone
        return text
    text = _compiled(_SEQUENCES).sub("", text)
    return _compiled(_CONTROLS).sub("", text)


# Bidi embeddings, overrides and isolates, zero-width characters and marks, line and
# paragraph separators, the byte order mark: characters that show nothing themselves
# but change how the text around them is shown (or hide that two texts differ).
INVISIBLE = "\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
_INVISIBLE = f"[{INVISIBLE}]"
# A zero-width joiner between two pictographs is part of one emoji (👩🏽‍💻): kept.
_PICTOGRAPH = "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff"
# Every pattern here is compiled when first used (_compiled): text that is printable
# (``str.isprintable``: no control, no invisible character, all of them being in Unicode's
# Cc, Cf, Zl or Zp) never needs one, and compiling them was a part of every start.
_EMOJI_JOINER = f"(?<=[{_PICTOGRAPH}])\u200d(?=[{_PICTOGRAPH}])"
_SEPARATORS = "[\u2028\u2029]"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def mark(char: str) -> str:
    """How an invisible character is shown: ``{U+202E}`` (braces: square brackets are
    the content's placeholders, angle brackets would be tags in HTML and Markdown)."""
    return f"{{U+{ord(char):04X}}}"


def shown(text: str, *, single_line: bool = False) -> str:
    """``text`` as it may be shown on a terminal: :func:`clean`, and every bidi control or
    invisible character as a visible :func:`mark` (a line or paragraph separator as a
    line break, or a space in ``single_line`` text). For showing only, never for saving."""
    if text.isprintable():  # no control, no invisible character (the usual case)
        return text
    text = clean(text, single_line=single_line)
    if not text or _compiled(_INVISIBLE).search(text) is None:
        return text
    text = _compiled(_SEPARATORS).sub(" " if single_line else "\n", text)
    text = _compiled(_EMOJI_JOINER).sub("\x00", text)  # (clean removed every NUL: free to stand in)
    return _compiled(_INVISIBLE).sub(lambda m: mark(m.group()), text).replace("\x00", "\u200d")


def has_invisible(text: str) -> bool:
    return not text.isprintable() and _compiled(_INVISIBLE).search(text) is not None


def unseen(text: str) -> str:
    """``text`` without its bidi controls and invisible characters (an emoji's joiner
    kept), for a line already laid out: each of them takes no cell, so nothing moves. Where
    text is edited, the characters stay in the value and only the terminal never gets them."""
    if text.isprintable() or (invisible := _compiled(_INVISIBLE)).search(text) is None:
        return text  # (every line the coach draws is looked at: the usual case first)
    return invisible.sub("", _compiled(_EMOJI_JOINER).sub("\x00", text)).replace("\x00", "\u200d")


_JSON_UNSAFE = f"[\x7f-\x9f{INVISIBLE}]"


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with DEL, C1 controls and
    the invisible characters written as ``\\uXXXX``: the same JSON, the same strings,
    but nothing a terminal could take for a control or turn the line around with (JSON
    already escapes C0 such as ESC)."""
    return _compiled(_JSON_UNSAFE).sub(lambda m: f"\\u{ord(m.group()):04x}", text)
