"""What a command prints passes one gate on its way to the terminal.

:class:`CleanWriter` stands in for ``sys.stdout`` and ``sys.stderr`` while a command runs:
every text written is cleaned of terminal control sequences (whatever a message quotes from
a damaged or hostile file, it cannot drive the terminal) and shows bidi controls and
invisible characters as visible marks (:func:`coach.safetext.shown`; JSON escapes them
before, with :func:`coach.safetext.json_safe`), a terminal whose encoding cannot
show a character gets a replacement character instead of a crash, and a write that fails
(a full disk, a closed stream) becomes :class:`OutputFailed`, which the CLI says in one line.
"""

from __future__ import annotations

import errno
import sys
from typing import Any, TextIO

from coach.safetext import shown


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
        self._write(shown(text))
        return len(text)

    def write_crlf(self, text: str) -> int:
        """Text whose every line ends in CRLF (an iCalendar file): cleaned as :meth:`write`
        cleans, its CRLF kept (the cleaning makes each one a bare LF)."""
        if text.replace("\r\n", "").isprintable():  # nothing to clean: as it is
            self._write(text)
        else:
            self._write(shown(text).replace("\n", "\r\n"))
        return len(text)

    def _write(self, text_shown: str) -> None:
        stream = self._open()
        try:
            try:
                stream.write(text_shown)
            except UnicodeEncodeError:
                encoding = getattr(stream, "encoding", None) or "ascii"
                stream.write(text_shown.encode(encoding, "replace").decode(encoding, "replace"))
        except BrokenPipeError:
            raise  # the reader went away: the CLI ends quietly
        except OSError as exc:
            raise OutputFailed(exc) from None

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


def write_crlf(text: str) -> None:
    """Lines ending in CRLF to standard output, through its gate when it has one."""
    stream = sys.stdout
    if isinstance(stream, CleanWriter):
        stream.write_crlf(text)
    else:
        stream.write(text)
