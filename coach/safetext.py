"""One helper for user and content text: remove terminal control sequences.

Everything a user types or a content file says passes through :func:`clean` before it is
stored or shown, so no escape byte (ESC, OSC, C1 controls) ever reaches the terminal.
Markup is a separate concern: the UI never parses user text as markup (see ``coach.tui``).
"""

from __future__ import annotations

import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), other two-byte ESC sequences, then any
# remaining C0 control (except tab and newline), DEL and C1 controls (incl. 8-bit CSI/OSC).
# String sequences (OSC, DCS, SOS, PM, APC) lose their payload up to the terminator or the
# end of the line, so an unterminated one cannot swallow the rest of a note.
_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str, *, single_line: bool = False) -> str:
    """Return ``text`` without terminal control sequences (``\\r\\n`` becomes ``\\n``)."""
    if not text:
        return text
    text = text.replace("\r\n", "\n")
    if single_line:
        text = text.replace("\n", " ").replace("\t", " ")
    text = _SEQUENCES.sub("", text)
    return _CONTROLS.sub("", text)
