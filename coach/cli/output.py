"""What a command prints passes one gate on its way to the terminal.

:class:`CleanWriter` stands in for ``sys.stdout`` and ``sys.stderr`` while a command runs:
every text written is cleaned of terminal control sequences (whatever a message quotes from
a damaged or hostile file, it cannot drive the terminal), a terminal whose encoding cannot
show a character gets a replacement character instead of a crash, and a write that fails
(a full disk, a closed stream) becomes :class:`OutputFailed`, which the CLI says in one line.

Every command that writes a document (``sheet``, ``export``, ``calendar``) writes it through
:func:`write_output` (stdout or ``-o FILE``), JSON through :func:`escape_c1`.
"""

from __future__ import annotations

import errno
import re
import sys
from typing import TYPE_CHECKING, Any, TextIO

from coach.errors import UserError
from coach.i18n import os_error, t
from coach.safetext import clean

if TYPE_CHECKING:
    from pathlib import Path


class OutputFailed(Exception):
    """Writing to standard output or error failed; ``error`` says why."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class CleanWriter:
    """A text stream that writes only cleaned text to ``stream`` (None: a closed stream)."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        stream = self._open()
        shown = clean(text)
        try:
            try:
                stream.write(shown)
            except UnicodeEncodeError:
                encoding = getattr(stream, "encoding", None) or "ascii"
                stream.write(shown.encode(encoding, "replace").decode(encoding, "replace"))
        except BrokenPipeError:
            raise  # the reader went away: the CLI ends quietly
        except OSError as exc:
            raise OutputFailed(exc) from None
        return len(text)

    def flush(self) -> None:
        if self.stream is None:
            return
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    def _open(self) -> TextIO:
        if self.stream is None:
            raise OutputFailed(OSError(errno.EBADF, "closed"))
        return self.stream

    def __getattr__(self, name: str) -> Any:  # encoding, fileno, ... of the real stream
        return getattr(self._open(), name)


def write_output(text: str, output: str | None, data_dir: Path | None = None) -> None:
    """``text`` to standard output (no ``output`` or "-"), or written whole into the file
    ``output``; never over the coach's own files in ``data_dir`` (one line says why)."""
    if not output or output == "-":
        sys.stdout.write(text)
        return
    from pathlib import Path

    from coach.application import files  # the content and data modules: only for a file

    target = Path(output).expanduser()
    try:
        if data_dir is not None and files.coach_own(target, data_dir):
            # -o progress.json there would replace the saved state with a sheet or calendar.
            raise UserError(t("output.in_data_dir", path=target, folder=data_dir))
        if target.is_dir():  # inside: a name too long for the system fails already here
            raise UserError(t("output.is_dir", path=target))
        if target.exists() and not target.is_file():
            # A device or FIFO (-o /dev/stdout): written to, never replaced by a file.
            with open(target, "w", encoding="utf-8") as stream:
                stream.write(text)
        else:
            files.write_document(target, text.encode("utf-8"))
    except OSError as exc:
        raise UserError(t("output.failed", path=target, error=os_error(exc))) from None


def escape_c1(text: str) -> str:
    """JSON with DEL and C1 controls written as ``\\u00XX`` (the same JSON, but no byte a
    terminal could take for a control sequence; JSON already escapes C0 such as ESC)."""
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)
