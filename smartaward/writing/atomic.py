"""Writing a user's file so that an interruption never leaves half of it, and tidying up after a
run that was killed before it could tidy up itself.

Whole runs (an export, an import, `init`, `schema --out`) go through staging.py, which writes
every file of the run or none. `write_atomic` writes one file: the bytes go to a temporary file
beside the target, are flushed to disk, and the temporary file is renamed over the target. A
reader (or a crash) sees the old file or the new one, never a part.

What a run leaves while it works carries its host and process id in its name, so that a later run
can tell a leftover of a killed run from the work of one still going:

- temporaries beside a target: `.NAME.<host>-<pid>-<random>.tmp`;
- staging folders (staging.py): `.smartaward-staging-<host>-<pid>-<random>/`.

`clear_leftovers` removes those of this host whose process is gone, and any (of another host, or
an older `.NAME.xxxxxxxx.tmp` without a process id) older than LEFTOVER_AGE. Only names of files
the caller writes are considered: nothing else in a folder is ever removed. Names start with a
dot, so smartaward skips them like any dot file while they exist.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import stat
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

STAGING_PREFIX = ".smartaward-staging-"
# A leftover whose process cannot be checked (made on another host, or by a version that did not
# name its process) is removed once it is this old: no run takes a day to write its files.
LEFTOVER_AGE = 24 * 3600  # seconds

_TAG = r"(?P<host>[A-Za-z0-9_-]+)-(?P<pid>[0-9]+)-[0-9a-f]{8}"
_STAGING = re.compile(re.escape(STAGING_PREFIX) + _TAG)
_TEMPORARY = re.compile(r"\.(?P<name>.+)\." + _TAG + r"\.tmp")
_OLD_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")  # tempfile.mkstemp's, before the tag


def _host() -> str:
    """This machine's name as it can sit in a file name (no dots, no path characters)."""
    return re.sub(r"[^A-Za-z0-9-]+", "_", socket.gethostname())[:64].strip("-") or "host"


def run_tag() -> str:
    """`<host>-<pid>-<random>`: whose a temporary name is, unique to one call."""
    return f"{_host()}-{os.getpid()}-{secrets.token_hex(4)}"


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows os.kill would end the process, not probe it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or cannot tell: keep it
    return True


def _abandoned(host: str | None, pid: int | None, path: Path, now: float) -> bool:
    """Left by a run that is over: its process is gone (this host), or it is older than LEFTOVER_AGE."""
    if host == _host() and pid is not None and not _alive(pid):
        return True
    try:
        age = now - path.lstat().st_mtime
    except OSError:
        return False
    return age > LEFTOVER_AGE


def clear_leftovers(folder: Path, names: Iterable[str], *, staging: bool = False) -> None:
    """Remove from `folder` the temporaries of `names` (and, with `staging`, the staging folders)
    that runs killed before they could clean up left behind; never those of a run still going."""
    wanted = set(names)
    try:
        with os.scandir(folder) as listing:
            found = [item.name for item in listing if item.name.startswith(".")]
    except OSError:
        return  # a folder that cannot be listed: writing there fails and says so
    now = time.time()
    for name in found:
        path = folder / name
        if staging and (match := _STAGING.fullmatch(name)):
            if _abandoned(match["host"], int(match["pid"]), path, now) and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
        elif (match := _TEMPORARY.fullmatch(name)) and match["name"] in wanted:
            if _abandoned(match["host"], int(match["pid"]), path, now):
                with suppress(OSError):
                    path.unlink()
        elif (match := _OLD_TEMPORARY.fullmatch(name)) and match["name"] in wanted:
            if _abandoned(None, None, path, now):
                with suppress(OSError):
                    path.unlink()


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path's content with data: readers see the old file or the new one, never a part.

    The temporary file sits beside the target (same file system, so os.replace is atomic); its
    name starts with a dot, so a leftover from a crash is skipped by smartaward like any dot file,
    and carries this run's host and pid, so that clear_leftovers can remove it later (a caller
    writing many files clears each folder once, not once a file). The file keeps its permissions;
    a symbolic link keeps pointing where it did.
    """
    target = path.resolve() if path.is_symlink() else path
    temporary = target.parent / f".{target.name}.{run_tag()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~umask()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
