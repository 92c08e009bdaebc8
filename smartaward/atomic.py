"""Writing a user's file so that an interruption never leaves half of it.

Every file smartaward writes (exports, schemas, modelines, scaffolds, imports) goes through
`write_atomic`: the bytes go to a temporary file beside the target, are flushed to disk, and the
temporary file is renamed over the target. A reader (or a crash) sees the old file or the new one,
never a part.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path's content with data: readers see the old file or the new one, never a part.

    The temporary file sits beside the target (same file system, so os.replace is atomic) and its
    name starts with a dot, so a leftover from a crash is skipped by smartaward like any dot file.
    The file keeps its permissions; a symbolic link keeps pointing where it did.
    """
    target = path.resolve() if path.is_symlink() else path
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
