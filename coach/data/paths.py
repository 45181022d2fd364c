"""Every file location the coach uses comes from here.

The data folder is, in order: ``--data-dir``, ``$COACH_HOME``, the platform's user data
folder. The bundled content is inside the installed package (``coach/_content``) or, when
running from a checkout, the repository's ``content/`` folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP_NAME = "coach"
PROGRESS_FILE = "progress.json"
LOCK_FILE = "progress.lock"
BACKUP_DIR = "backups"
LOG_DIR = "logs"
CACHE_DIR = "cache"  # what can be made again: the compiled content, the log's note


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder that holds the user's progress (not created here)."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get("COACH_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def sheet_dir(data: Path) -> Path:
    """Where the UI saves a sheet: the user's Documents folder (else home), where people
    look for files; with a chosen data folder (``--data-dir``, ``COACH_HOME``: tests,
    portable set-ups) everything stays in that folder."""
    if data != default_data_dir():
        return data
    from platformdirs import user_documents_dir

    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) 0700 whatever the umask; an existing folder loses
    any group/other access but is never made writable (a read-only folder stays so)."""
    if _make_private(path):
        return path
    mode = os.stat(path).st_mode & 0o777
    if mode & 0o077:
        # Not ours to change on some mounts; saving reports any real problem.
        with contextlib.suppress(OSError):
            os.chmod(path, mode & 0o700)
    return path


def _make_private(path: Path) -> bool:
    """Create ``path`` 0700, and each missing parent too (a new ``~/.local/share`` holds
    nothing yet, but is where the data folder lives: not readable by others either);
    False if ``path`` was already there. A folder that existed is never changed here."""
    try:
        path.mkdir()
    except FileExistsError:
        return False
    except FileNotFoundError:
        if path.parent == path:
            raise
        _make_private(path.parent)
        try:
            path.mkdir()
        except FileExistsError:  # made meanwhile by someone else: theirs, left as it is
            return False
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
    return True


def bundled_content_dir() -> Path:
    """The content shipped with the coach."""
    here = Path(__file__).resolve().parent.parent  # the coach package
    installed = here / "_content"
    if installed.is_dir():
        return installed
    return here.parent / "content"


def content_dir(override: str | os.PathLike[str] | None = None) -> Path:
    return Path(override).expanduser().resolve() if override else bundled_content_dir()
