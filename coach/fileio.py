"""Reading a file the user or a content folder points at, without hanging or exhausting memory.

A FIFO, a device or a socket is refused (opening one could block forever, reading one
could never end) and so is anything over ``limit`` bytes.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, or :class:`OSError` saying why not."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while we read
                raise OSError(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)
