"""Details of an unexpected error go to a private log file, not to the user's screen.

Only the exception type and the code locations are written: exception messages can quote
the user's own text, and that never goes into a file we did not promise to keep.
"""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from coach import __version__, paths


def write_crash_log(exc: BaseException, data_dir: Path) -> Path | None:
    """Write the log and return its path, or None if even that failed."""
    try:
        folder = paths.ensure_private_dir(data_dir / paths.LOG_DIR)
        path = folder / f"crash-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.log"
        frames = traceback.extract_tb(exc.__traceback__)
        lines = [f"coach {__version__}", f"{type(exc).__module__}.{type(exc).__qualname__}"]
        lines += [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
        from coach.store import atomic_write

        atomic_write(path, ("\n".join(lines) + "\n").encode())
        return path
    except Exception:
        return None
