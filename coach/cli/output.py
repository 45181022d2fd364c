"""What a command prints passes one gate on its way to the terminal.

:class:`CleanWriter` stands in for ``sys.stdout`` and ``sys.stderr`` while a command runs:
every text written shows control characters (whatever a message quotes from a damaged or
hostile file, it cannot drive the terminal), bidi controls and invisible characters as
visible marks such as ``{U+001B}`` (:func:`coach.safetext.shown`; JSON escapes them
before, with :func:`coach.safetext.json_safe`), a terminal whose encoding cannot
show a character gets a replacement character instead of a crash, and a write that fails
(a full disk, a closed stream) becomes :class:`OutputFailed`, which the CLI says in one line.

Every command that writes a document (``sheet``, ``export``, ``calendar``) writes it through
:func:`write_output` (stdout or ``-o FILE``), JSON through :func:`escape_c1`.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from coach.errors import UserError
from coach.i18n import os_error, t
from coach.safetext import json_safe, shown

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


class OutputFailed(Exception):
    """Writing to standard output or error failed; ``error`` says why."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class CleanWriter:
    """A text stream that writes only text as shown to ``stream`` (None: a closed stream)."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self._write(shown(text))
        return len(text)

    def write_crlf(self, text: str) -> int:
        """Text whose every line ends in CRLF (an iCalendar file): shown as :meth:`write`
        shows it, its CRLF kept (showing makes each one a bare LF)."""
        if text.replace("\r\n", "").isprintable():  # nothing to mark: as it is
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


STDOUT_NAMES = ("-", "/dev/stdout")  # -o names that mean standard output


def output_target(output: str | None, owns: Callable[[Path], bool] | None = None) -> Path | None:
    """The file ``-o`` names, checked before anything is made or said: None for standard
    output; one line (:class:`UserError`) for a folder, one of the coach's own files
    (``owns``: the session's, the data and the sync folder's), a
    symbolic link (writing would replace the link, or write where it points), a FIFO
    (with no reader it would block forever), a device or a socket."""
    import stat
    from pathlib import Path

    if not output or output in STDOUT_NAMES:
        return None
    target = Path(output).expanduser()
    if owns is not None and owns(target):
        # -o progress.json or a journal would replace saved changes with a sheet or calendar.
        raise UserError(t("output.in_data_dir", path=target))
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:  # a name too long, a folder on the way that is a file
        raise UserError(t("output.failed", path=target, error=os_error(exc))) from None
    if stat.S_ISLNK(mode):
        raise UserError(t("output.is_link", path=target))
    if stat.S_ISDIR(mode):
        raise UserError(t("output.is_dir", path=target))
    if not stat.S_ISREG(mode):
        raise UserError(t("output.not_a_file", path=target))
    return target


def write_output(text: str, output: str | None, owns: Callable[[Path], bool] | None = None) -> None:
    """``text`` to standard output (no ``output``, "-" or /dev/stdout), or written whole
    into the file ``output`` (checked by :func:`output_target` first)."""
    from coach.application import files

    target = output_target(output, owns)
    if target is None:
        sys.stdout.write(text)
        return
    try:
        files.write_document(target, text.encode("utf-8"))
    except OSError as exc:
        raise UserError(t("output.failed", path=target, error=os_error(exc))) from None


def escape_c1(text: str) -> str:
    """JSON with DEL, C1 controls and invisible characters written as ``\\uXXXX``
    (:func:`coach.safetext.json_safe`): the output gate would otherwise mark them inside
    the strings. Every command that prints JSON passes it through here."""
    return json_safe(text)
