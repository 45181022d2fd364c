"""Details of an unexpected error go to a private log file, not to the user's screen.

Only the exception type and the code locations are written: exception messages can quote
the user's own text, and that never goes into a file we did not promise to keep. Code
locations are shortened to the package path (``coach/data/store.py``), so the user's name in a
home folder does not end up in a bug report either.
"""

from __future__ import annotations

import contextlib
import traceback
from datetime import datetime
from pathlib import Path

from coach import __version__
from coach.data import paths

LOGS_KEPT = 20


def write_crash_log(exc: BaseException, data_dir: Path) -> Path | None:
    """Write the log and return its path, or None if even that failed."""
    try:
        folder = paths.ensure_private_dir(data_dir / paths.LOG_DIR)
        path = folder / f"crash-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.log"
        lines = [f"coach {__version__}"]
        seen: set[int] = set()
        current: BaseException | None = exc
        while current is not None and id(current) not in seen:  # the chain, no messages
            seen.add(id(current))
            lines.append(f"{type(current).__module__}.{type(current).__qualname__}")
            for frame in traceback.extract_tb(current.__traceback__):
                lines.append(f"  {_short(frame.filename)}:{frame.lineno} in {frame.name}")
            current = current.__cause__ or current.__context__
            if current is not None:
                lines.append("caused by / while handling:")
        from coach.data.fileio import atomic_write

        atomic_write(path, ("\n".join(lines) + "\n").encode())
        for old in sorted(folder.glob("crash-*.log"), reverse=True)[LOGS_KEPT:]:
            with contextlib.suppress(OSError):
                old.unlink()
        return path
    except Exception:
        return None


def _short(filename: str) -> str:
    """``.../site-packages/pydantic/main.py`` -> ``pydantic/main.py``; no home folders."""
    parts = Path(filename).parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            return "/".join(parts[parts.index(marker) + 1 :])
    if "coach" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("coach") :])
    return "/".join(parts[-2:])
