"""The cache folder on disk: whether it may be used, and its records, found without following links.

Like ssh and pip, the cache is used only from a folder of one's own: the folder, its kind folders
(`parsed/`, `validated/`, `results/`) and every record read must belong to this user and not be writable by
group or others (POSIX; elsewhere the checks are skipped). Anyone else who could write there could
hand smartaward records of their choosing.

`find_records` lists what smartaward wrote there — regular files named as records (or as its
temporary files) in two-hex-digit folders of the kind folders — without following any symbolic
link: `cache info` counts them, `cache clear` and pruning remove them, and nothing else is touched.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

KINDS = ("parsed", "validated", "results")  # cache.py says what each kind holds
JOURNAL = "journal"  # in the cache folder: the sizes of the records written since the last scan
TEMPORARY_PREFIX = ".tmp-"
_RECORD_NAME = re.compile(r"[0-9a-f]{62}\Z")
_PREFIX_NAME = re.compile(r"[0-9a-f]{2}\Z")
POSIX = hasattr(os, "geteuid")


def shown(path: Path) -> str:
    """A path as it can be printed: one from the environment may hold control characters."""
    from smartaward.reading.files import printable

    return printable(str(path))


@dataclass(frozen=True)
class Problem:
    """Why the cache folder is not used, and what to do about it."""

    what: str
    hint: str

    def __str__(self) -> str:
        return f"{self.what} ({self.hint})"

    def not_used(self) -> str:
        """The line the command line says once on stderr."""
        return f"{self.what}, so the cache is not used ({self.hint})"


def owner_problem(info: os.stat_result, what: str, path: Path) -> str | None:
    """Why a folder or record that this user does not control may not be used (None: it may)."""
    if not POSIX:
        return None
    if info.st_uid != os.geteuid():
        return f"{what} {shown(path)} is owned by another user (uid {info.st_uid})"
    if info.st_mode & 0o022:
        return f"{what} {shown(path)} can be written by group or others (mode {stat.S_IMODE(info.st_mode):04o})"
    return None


def folder_problem(directory: Path) -> Problem | None:
    """Why the cache folder (or one of its kind folders) may not be used; None if it may (also when
    it does not exist yet: it is made, 0700, at the first write)."""
    try:
        info = directory.stat()  # the folder itself may be reached through a link the user made
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Problem(f"the cache folder {shown(directory)} cannot be looked at ({exc.strerror or exc})", "check its permissions")
    if not stat.S_ISDIR(info.st_mode):
        return Problem(f"the cache folder {shown(directory)} is not a folder", "point SMARTAWARD_CACHE_DIR at a folder")
    checks = [(directory, info)]
    for kind in KINDS:
        path = directory / kind
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        except OSError as exc:
            return Problem(f"the cache folder {shown(path)} cannot be looked at ({exc.strerror or exc})", "check its permissions")
        if not stat.S_ISDIR(info.st_mode):
            return Problem(f"the cache folder {shown(path)} is not a folder (a link, or a file)", f"remove {shown(path)}")
        checks.append((path, info))
    for path, info in checks:
        problem = owner_problem(info, "the cache folder", path)
        if problem is not None:
            mine = info.st_uid == os.geteuid()
            return Problem(problem, f"`chmod go-w {shown(path)}` makes it usable" if mine
                           else "point SMARTAWARD_CACHE_DIR at a folder of your own")
    return None


def owned(directory: Path) -> bool:
    """Whether this user owns the folder (so may count and remove its records, even while it is not
    used because group or others may write it)."""
    try:
        info = directory.stat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and (not POSIX or info.st_uid == os.geteuid())


@dataclass(frozen=True)
class FoundRecord:
    kind: str
    path: Path
    size: int
    used: float  # when last read or written, as far as the file system tells (atime, else mtime)
    temporary: bool  # a writer's temporary file, not (yet) a record


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as listing:
            return list(listing)
    except OSError:
        return []


def _prefixes(directory: Path, kind: str) -> list[Path]:
    """The two-hex-digit folders of a kind folder, never through a link."""
    top = directory / kind
    try:
        if not stat.S_ISDIR(top.lstat().st_mode):
            return []
    except OSError:
        return []
    return [Path(e.path) for e in _entries(top) if _PREFIX_NAME.match(e.name) and e.is_dir(follow_symlinks=False)]


def find_records(directory: Path) -> list[FoundRecord]:
    """Every record and temporary file smartaward wrote in the cache folder, without following links."""
    found: list[FoundRecord] = []
    for kind in KINDS:
        for prefix in _prefixes(directory, kind):
            for entry in _entries(prefix):
                record = _RECORD_NAME.match(entry.name) is not None
                if not (record or entry.name.startswith(TEMPORARY_PREFIX)):
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode):
                    found.append(FoundRecord(kind, Path(entry.path), info.st_size,
                                             max(info.st_atime, info.st_mtime), not record))
    return found


def remove_empty_folders(directory: Path) -> None:
    """The record folders left empty (never a folder that holds something, nor through a link)."""
    for kind in KINDS:
        for prefix in _prefixes(directory, kind):
            _rmdir(prefix)
        if (directory / kind).is_dir() and not (directory / kind).is_symlink():
            _rmdir(directory / kind)


def _rmdir(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty: what is not ours is left alone


def journal_files(directory: Path) -> list[Path]:
    """The journal and its temporary files (regular files only)."""
    return [Path(e.path) for e in _entries(directory)
            if (e.name == JOURNAL or e.name.startswith(TEMPORARY_PREFIX + "journal-")) and e.is_file(follow_symlinks=False)]
