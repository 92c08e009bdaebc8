"""Writing every file of one run, or none, and only where it was sent.

`write_all(folder, files)` is how export, import, init and `schema --out` write. In order:

1. **Check** every target before anything changes (`check`): a target that is a symbolic link
   leading outside `folder`, or below a folder that is such a link, is refused (`WriteRefused`,
   F006: the link may be there on purpose, so it is neither followed nor replaced); so are two
   targets that lead to one file, unless they would write the same bytes (then it is written
   once). A folder in the way of a file, a file in the way of a folder, a pipe or device where a
   file goes, a link that loops: `WriteFailed`. So the common failures happen while nothing has
   changed yet. A link that stays inside `folder` is written through, as before: the file it
   leads to gets the new content, and the link stays.
2. **Tidy** what killed runs left in the folders written to (atomic.clear_leftovers).
3. **Stage**: each file is written into a hidden staging folder inside `folder`
   (`.smartaward-staging-<host>-<pid>-<random>/`: same file system, so a move is a rename),
   flushed to disk, given the mode of the file it replaces (a new file follows the umask), and
   each file it replaces is kept there as a hard link (a copy where the file system has none).
   A failure here (a full disk, `ulimit -f`) changes nothing in the target folders.
4. **Move** the staged files into place, folders made as needed, with SIGINT and SIGTERM held
   back (interrupts.deferred) so that the moves cannot stop half way. If one move fails, the
   files already moved are put back (the kept old files, or removed if they were new) and the
   folders made are removed: every target is as it was.
5. **Remove** the staging folder, whatever happened (also when interrupted).

Each file on its own is replaced atomically (a rename), so a reader sees the old file or the new
one. Two runs writing to one folder at once each stay whole file by file, not as a set.
"""

from __future__ import annotations

import os
import shutil
import stat
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from smartaward import interrupts
from smartaward.reading.files import printable
from smartaward.writing.atomic import STAGING_PREFIX, clear_leftovers, run_tag, umask


@dataclass(frozen=True)
class Refusal:
    rel: str  # the file, relative to the folder written in
    message: str  # why it is not written (F006)


class WriteRefused(Exception):
    """Targets that are links out of the folder written in (F006): nothing was written."""

    code = "F006"

    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__("; ".join(f"{r.rel}: {r.message}" for r in refusals))
        self.refusals = refusals


class WriteFailed(Exception):
    """A file (or the folder, `rel` "."; `path` says which) could not be written; every target was
    left as it was, except any that `unrestored` names."""

    def __init__(self, rel: str, reason: str, unrestored: list[str] | None = None, path: Path | None = None) -> None:
        super().__init__(f"{rel}: {reason}")
        self.rel, self.reason, self.unrestored, self.path = rel, reason, unrestored or [], path


@dataclass
class _Target:
    rel: str
    data: bytes
    real: Path  # where the bytes go: the path itself, or where a link inside the folder leads
    exists: bool
    folders: list[Path]  # folders to make for it, outermost first
    staged: Path | None = None
    kept: Path | None = None  # the old file, kept in the staging folder until the moves are done


def _real(path: Path) -> Path:
    """Where `path` leads (a dangling link: where it would). OSError for a link that loops."""
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        return Path(os.path.realpath(path))


def link_out(folder: Path, rel: str, where: str) -> str | None:
    """Why writing `folder/rel` would go through a symbolic link that leads outside `folder`
    (F006's message), or None. `where` names the folder in the message ("the cycle folder")."""
    root = _real(folder)
    parts = PurePosixPath(rel).parts
    path = root
    for depth, part in enumerate(parts):
        path = path / part
        if not os.path.islink(path):
            if not os.path.lexists(path):
                return None  # nothing below a missing folder can be a link
            continue
        try:
            real = _real(path)
        except OSError:
            return None  # a loop: check() reports it as a file that cannot be written
        if real == root or real.is_relative_to(root):
            path = real
            continue
        # Names as they can be shown: a link's target is anybody's text (a terminal escape, say).
        shown, leads = printable("/".join(parts[: depth + 1])), printable(real.as_posix())
        if depth < len(parts) - 1:
            return (f"{shown}/ is a symbolic link to {leads}, outside {where}: nothing is written through "
                    f"it; make {shown} a real folder, or write elsewhere")
        return (f"a symbolic link to {leads}, outside {where}: it is not written through (and not "
                "replaced: it may be there on purpose); remove the link, or write elsewhere")
    return None


def _plan(folder: Path, files: dict[str, bytes], where: str) -> list[_Target]:
    """Every target checked, nothing changed: WriteRefused for links out (all of them named), else
    WriteFailed for the first target that cannot be written."""
    root = _real(folder)
    refused = [Refusal(rel, message) for rel in files if (message := link_out(root, rel, where)) is not None]
    skipped = {r.rel for r in refused}
    failures: list[WriteFailed] = []
    targets: list[_Target] = []
    first: dict[Path, str] = {}
    for rel, data in files.items():
        if rel in skipped:
            continue
        path = root / rel
        try:
            real = _real(path) if os.path.islink(path) else _real(path.parent) / path.name
        except OSError:
            failures.append(WriteFailed(rel, "it is a symbolic link that loops", path=path))
            continue
        if real in first:  # two names, one file: fine with the same bytes (written once), else refused
            if files[first[real]] != data:
                refused.append(Refusal(rel, f"a symbolic link to {printable(real.as_posix())}, which {first[real]} is written to "
                                            "too: the two cannot both be written; remove the link"))
            continue
        first[real] = rel
        try:
            target, failure = _target(root, rel, data, real)
        except OSError as exc:  # a folder on the way that cannot be searched
            target, failure = None, exc.strerror or str(exc)
        if failure is not None:
            failures.append(WriteFailed(rel, failure, path=path))
        elif target is not None:
            targets.append(target)
    if refused:
        raise WriteRefused(refused)
    if failures:
        raise failures[0]
    return targets


def _target(root: Path, rel: str, data: bytes, real: Path) -> tuple[_Target | None, str | None]:
    """The target at `real`, or why it cannot be written there."""
    folders = [p for p in reversed(real.parents) if p.is_relative_to(root)]
    for above in folders:
        if os.path.lexists(above) and not above.is_dir():
            return None, f"{above.relative_to(root).as_posix()} is not a folder"
    try:
        info = real.lstat()
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        return None, "a folder of that name is in the way"
    if info is not None and not stat.S_ISREG(info.st_mode):
        return None, "it is a pipe, device or socket, not a regular file"
    missing = [p for p in folders if p != root and not os.path.lexists(p)]
    return _Target(rel, data, real, info is not None, missing), None


def check(folder: Path, rels: list[str], where: str = "the folder written in") -> None:
    """What write_all would refuse or fail on before changing anything, raised now (WriteRefused,
    WriteFailed): a command can say it before doing its work. (Two names for one file count as
    different contents here.)"""
    _plan(folder, {rel: rel.encode() for rel in rels}, where)


def write_all(folder: Path, files: dict[str, bytes], *, where: str = "the folder written in",
              also_clear: tuple[str, ...] = ()) -> None:
    """Write every file (name relative to `folder` → bytes), or none: see the module's docstring.

    `folder` is made if missing (and removed again if the run fails). `also_clear`: more names
    whose leftover temporaries in `folder` are removed (an export clears those of every format).
    WriteRefused (F006) or WriteFailed when nothing was written; Interrupted passes through,
    nothing written then either.
    """
    targets = _plan(folder, files, where)
    root = _real(folder)
    made: list[Path] = []
    stage: Path | None = None
    current = root  # what is being made or written, for the message if it fails
    try:
        for above in [*reversed(root.parents), root]:
            if not above.exists():
                current = above
                above.mkdir()
                made.append(above)
        _clear(root, targets, also_clear)
        current = root
        stage = root / f"{STAGING_PREFIX}{run_tag()}"
        stage.mkdir(mode=0o700)
        mask = umask()
        for index, target in enumerate(targets):
            current = root / target.rel
            _stage(stage, index, target, mask)
        with interrupts.deferred():
            _move_all(targets, made)
        for parent in sorted({t.real.parent for t in targets}):
            _sync_folder(parent)
    except OSError as exc:
        _undo(stage, made)
        failed = root / exc.rel if hasattr(exc, "rel") else current
        rel = failed.relative_to(root).as_posix() if failed.is_relative_to(root) else "."
        raise WriteFailed(rel, exc.strerror or str(exc), getattr(exc, "unrestored", None), failed) from None
    except BaseException:
        _undo(stage, made)
        raise
    with interrupts.deferred():
        _remove(stage)


def _clear(root: Path, targets: list[_Target], also: tuple[str, ...]) -> None:
    by_folder: dict[Path, set[str]] = {root: set(also)}
    for target in targets:
        by_folder.setdefault(target.real.parent, set()).add(target.real.name)
    for parent, names in by_folder.items():
        clear_leftovers(parent, names, staging=parent == root)


def _stage(stage: Path, index: int, target: _Target, mask: int) -> None:
    """The new bytes, flushed to disk with their final mode, and a hard link to the old file."""
    target.staged = stage / str(index)
    fd = os.open(target.staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(target.data)
        out.flush()
        os.fsync(out.fileno())
    mode = stat.S_IMODE(target.real.stat().st_mode) if target.exists else 0o666 & ~mask
    os.chmod(target.staged, mode)
    if target.exists:
        target.kept = stage / f"{index}.old"
        try:
            os.link(target.real, target.kept)
        except OSError:  # no hard links here (or not allowed): a copy serves to put it back
            shutil.copy2(target.real, target.kept)


def _move_all(targets: list[_Target], made: list[Path]) -> None:
    """Every staged file into place; on a failure, every target back as it was."""
    moved: list[_Target] = []
    try:
        for target in targets:
            for folder in target.folders:
                if not folder.is_dir():
                    folder.mkdir()
                    made.append(folder)
            assert target.staged is not None
            os.replace(target.staged, target.real)
            moved.append(target)
    except BaseException as exc:
        unrestored = _put_back(moved)
        if isinstance(exc, OSError):
            exc.rel = targets[len(moved)].rel  # type: ignore[attr-defined]
            exc.unrestored = unrestored  # type: ignore[attr-defined]
        raise


def _put_back(moved: list[_Target]) -> list[str]:
    """The old files where the new ones were moved (a new file removed); the ones that failed."""
    failed = []
    for target in reversed(moved):
        try:
            if target.kept is not None:
                os.replace(target.kept, target.real)
            else:
                os.unlink(target.real)
        except OSError:
            failed.append(target.rel)
    return failed


def _undo(stage: Path | None, made: list[Path]) -> None:
    """After a failure: the staging folder and the folders this run made are removed."""
    with interrupts.deferred():
        _remove(stage)
        for folder in reversed(made):
            with suppress(OSError):
                folder.rmdir()  # only if empty: never anything that was not ours


def _remove(stage: Path | None) -> None:
    if stage is not None:
        shutil.rmtree(stage, ignore_errors=True)


def _sync_folder(folder: Path) -> None:
    """The renames flushed to disk too (where a folder can be opened for that)."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
