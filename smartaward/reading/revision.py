"""A git revision of a cycle folder, read into a private temporary folder (`smartaward diff`).

`checked_out(folder, "HEAD~1")` gives the cycle folder as it was in that revision — the same path
inside the repository as `folder` — written into a fresh folder of `tempfile.mkdtemp` (mode 0700,
removed when the block ends, however it ends), where the ordinary reader (files.py) reads it.

How, and what is never done:

- git is run as a program with a list of arguments, never through a shell; a revision that starts
  with `-` is refused before git sees it (and git is told `--end-of-options` all the same), so no
  revision is ever read as an option;
- only commands that read objects: `rev-parse`, `cat-file`, `ls-tree`; the working tree, the index
  and the refs are never written (GIT_OPTIONAL_LOCKS=0: not even the index's stat cache);
- only what the reader reads is written: cycle.yaml and the other YAML files beside it, and
  everything under entries/, scores/ and assignments/; hidden files and folders are skipped, as the reader
  skips them. A file the reader only names is written empty, so that it names it as in the folder:
  one it ignores (F003: not .yaml, or .csv under scores/; `assignments.yaml` or a folder
  `assignment/` at the top, reading/files.py NEAR_ASSIGNMENTS), or a hidden data file under
  entries/, scores/ or assignments/ (it keeps a result provisional); a file over the reader's size
  limit (F004) is written as a sparse file of its size, so that the reader refuses it as it would
  in the folder, without its bytes ever being read;
- only regular files (modes 100644 and 100755). A symbolic link among the files the reader reads
  is refused (RevisionError; one it only names is written empty): a checkout follows a link that
  stays in the cycle folder, and reports one that leads out, so no copy without it could give the
  results the checkout gives (a pull request could otherwise show "no change" for a sheet it
  replaced by a link). Submodules (never a file the reader reads) are skipped, and listed in
  `Revision.skipped`, so that the command says so;
- every path is checked: no `.` or `..` part, no absolute path; each file is created new
  (O_EXCL | O_NOFOLLOW) below the temporary folder, so nothing is written outside it;
- the total is bounded: MAX_REVISION_BYTES and MAX_REVISION_FILES, checked from git's listing
  before anything is read, and each blob is checked against its listed size while it is copied,
  so a hostile revision cannot fill the disk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from smartaward.reading.files import (
    ASSIGNMENTS_FOLDER,
    DATA_SUFFIXES,
    NEAR_ASSIGNMENTS,
    VERSION_CONTROL,
    YAML_SUFFIXES,
    _megabytes,
    printable,
    size_limit,
)

# What a revision may hold, in all, of the files the reader reads: the largest real cycles are far
# smaller (the synthetic cycle of benchmarks/, 100,000 entries and 3 million marks, is 86 MB).
# Tests patch these constants.
MAX_REVISION_BYTES = 1024 * 1024 * 1024
MAX_REVISION_FILES = 1_000_000

REGULAR_MODES = frozenset({b"100644", b"100755"})
_SKIPPED_MODES = {b"160000": "a submodule: it is not read"}
_FOLDERS = ("entries", "scores", "assignments")
_CHUNK = 1024 * 1024


class RevisionError(Exception):
    """A revision that cannot be read (no git, not a repository, no such revision, no such folder
    in it, too big): the message says why, in plain words, on one line."""


@dataclass(frozen=True)
class Revision:
    """A revision read into a temporary cycle folder."""

    name: str  # as the user wrote it
    commit: str  # the full id of the commit it names
    root: Path  # the temporary cycle folder (removed when checked_out's block ends)
    skipped: tuple[tuple[str, str], ...] = ()  # (path relative to the cycle folder, why) of files not read

    @property
    def label(self) -> str:
        """`HEAD~1 (abc1234)`: the revision as written, and the commit it named."""
        return _label(self.name, self.commit)


def _label(name: str, commit: str) -> str:
    """`HEAD~1 (abc1234)`: the revision as written, and the commit it named."""
    return f"{name} ({commit[:7]})"


@dataclass(frozen=True)
class _Blob:
    rel: PurePosixPath
    oid: str
    size: int
    how: str  # "read": its bytes; "empty": a file the reader only names; "sparse": one over the size limit


def _git_program() -> str:
    found = shutil.which("git")
    if found is None:
        raise RevisionError("git is not installed (or not on PATH): it is needed to read a revision")
    return found


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C", LANGUAGE="C")
    return env


def _git(git: str, folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([git, *args], cwd=folder, env=_environment(), stdin=subprocess.DEVNULL,
                          capture_output=True, check=False)


def _said(result: subprocess.CompletedProcess[bytes]) -> str:
    """git's own words: the first line of its error, without `fatal: `."""
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ").removeprefix("error: ").strip() if lines else f"exit code {result.returncode}"


def check_name(name: str) -> None:
    """Refuse what can never be a revision name before git sees it: an option-like or empty name."""
    if not name or name.startswith("-") or any(ch in name for ch in "\0\n\r"):
        raise RevisionError(f"{printable(name)!s}: not a folder, and not a revision name"
                            f"{' (a revision cannot start with -)' if name.startswith('-') else ''}")


def resolve(folder: Path, name: str) -> tuple[str, str, str]:
    """(the commit `name` names, the path of `folder` inside its repository: '' or 'a/b/', the git
    program that said so). RevisionError when git is missing, `folder` is not in a git repository,
    or `name` names no commit."""
    check_name(name)
    git = _git_program()
    where = _git(git, folder, "rev-parse", "--show-prefix")
    if where.returncode != 0:
        said = _said(where)
        why = "" if "not a git repository" in said else f" (git says: {said})"
        raise RevisionError(f"{printable(name)}: no such folder; and {printable(str(folder))} is not in a git repository{why}, "
                            "so it cannot be read as a revision either")
    prefix = os.fsdecode(where.stdout.removesuffix(b"\n"))
    found = _git(git, folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    commit = found.stdout.decode("ascii", "replace").strip()
    if found.returncode != 0 or not commit:
        raise RevisionError(f"{printable(name)}: no such folder, and no such revision in the git repository "
                            "(a branch, a tag, a commit id, HEAD~1, ...)")
    return commit, prefix, git


@contextmanager
def checked_out(folder: Path, name: str) -> Iterator[Revision]:
    """The cycle folder `folder` (a real cycle folder in a git working tree) as it was in the
    revision `name`, in a private temporary folder that is removed when the block ends."""
    commit, prefix, git = resolve(folder, name)
    label = _label(name, commit)
    tree = f"{commit}:{prefix.rstrip('/')}"
    kind = _git(git, folder, "cat-file", "-t", tree)
    if kind.returncode != 0 or kind.stdout.strip() != b"tree":
        shown = prefix.rstrip("/") or "the top folder"
        raise RevisionError(f"{printable(label)}: the cycle folder {printable(shown)} is not in that revision")
    # --full-tree: run in a subfolder, ls-tree would list only what lies below it, even of a tree.
    listing = _git(git, folder, "ls-tree", "-r", "-z", "-l", "--full-tree", "--end-of-options", tree)
    if listing.returncode != 0:
        raise RevisionError(f"{printable(label)}: git cannot list the cycle folder ({_said(listing)})")
    blobs, skipped = _select(listing.stdout, label)
    if not any(b.rel == PurePosixPath("cycle.yaml") for b in blobs):
        raise RevisionError(f"{printable(label)}: no cycle.yaml in the cycle folder in that revision")
    root = Path(tempfile.mkdtemp(prefix="smartaward-diff-"))
    try:
        _write(git, folder, root, blobs, label)
        yield Revision(name, commit, root, tuple(skipped))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _select(listing: bytes, label: str) -> tuple[list[_Blob], list[tuple[str, str]]]:
    """The files of git's listing that the reader reads, how each is written, and the skipped ones."""
    blobs: list[_Blob] = []
    skipped: list[tuple[str, str]] = []
    total = 0
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        fields = meta.split()
        if len(fields) != 4 or not raw_path:
            raise RevisionError(f"{printable(label)}: git listed the cycle folder in an unexpected form")
        mode, kind, oid, size_text = fields
        rel = _safe_path(os.fsdecode(raw_path), label)
        if rel is None:
            continue  # not something the reader reads or names: a hidden file, a file in another folder
        # A file the reader only names is named alike whatever it is: a link (never followed) is
        # written as an empty file too. Not `assignments` at the top: as a link, it is followed.
        named = _named_only(rel.parts) and rel.as_posix() != ASSIGNMENTS_FOLDER
        if mode == b"120000" and not named:
            raise RevisionError(f"{printable(label)}: {printable(rel.as_posix())} is a symbolic link in that revision; a "
                                "revision is read without following links, so it cannot be compared as its checkout "
                                "would be: check the revision out, and compare the two folders")
        if mode not in REGULAR_MODES and not (named and mode == b"120000"):
            if named:
                continue  # a submodule where the reader only names files: it was never a file here
            why = _SKIPPED_MODES.get(mode, f"not a regular file (git mode {mode.decode('ascii', 'replace')})")
            skipped.append((rel.as_posix(), why))
            continue
        if kind != b"blob" or not size_text.isdigit():
            raise RevisionError(f"{printable(label)}: git listed {printable(rel.as_posix())} in an unexpected form")
        size = int(size_text)
        role = None if named else _role(rel)
        if role is None:
            how = "empty"
        else:
            limit = size_limit(role)
            how = "sparse" if limit is not None and size > limit else "read"
        if how == "read":
            total += size
        blobs.append(_Blob(rel, oid.decode("ascii"), size, how))
        if len(blobs) > MAX_REVISION_FILES:
            raise RevisionError(f"{printable(label)}: the cycle folder holds over {MAX_REVISION_FILES:,} files in that "
                                "revision, more than a revision is read with")
        if total > MAX_REVISION_BYTES:
            raise RevisionError(f"{printable(label)}: the cycle's files are over {_megabytes(MAX_REVISION_BYTES)} in that "
                                "revision, more than a revision is read with; check it out to compare it")
    return blobs, skipped


def _safe_path(path: str, label: str) -> PurePosixPath | None:
    """The path (relative to the cycle folder) if the reader reads or names it, None if it does not;
    a path that could lead out of the temporary folder is refused outright."""
    parts = path.split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise RevisionError(f"{printable(label)}: git listed a path that leads out of the cycle folder: {printable(path)}")
    if _named_only(tuple(parts)):
        return PurePosixPath(path)
    if any(part.startswith(".") for part in parts):
        return None  # hidden: the reader skips it
    if len(parts) == 1:
        return PurePosixPath(path) if path.lower().endswith(YAML_SUFFIXES) else None
    return PurePosixPath(path) if parts[0] in _FOLDERS else None


def _named_only(parts: tuple[str, ...]) -> bool:
    """Whether the reader names the file at this path without reading it (reading/files.py), as
    what keeps a result provisional or an ignored file (F003): a hidden data file under entries/,
    scores/ or assignments/ (`_hidden_data`: `.f01.yaml`, `.old/f01.yaml`, not in a version control
    folder), or what looks meant as an assignment file (`_misplaced_assignments`: `assignments.yaml`
    or a file `assignments` at the top, a YAML file in a folder `assignment/` or `Assignments/`)."""
    top, suffix = parts[0], PurePosixPath(parts[-1]).suffix.lower()
    if len(parts) == 1:
        return top.lower() in NEAR_ASSIGNMENTS
    if top in _FOLDERS:
        return (any(part.startswith(".") for part in parts) and suffix in DATA_SUFFIXES
                and not any(part in VERSION_CONTROL for part in parts[:-1]))
    return (top.lower() in NEAR_ASSIGNMENTS and suffix in YAML_SUFFIXES
            and not any(part.startswith(".") for part in parts[1:]))


def _role(rel: PurePosixPath) -> str | None:
    """The reader's role for a file (its size limit), or None for a file it only names."""
    suffix = rel.suffix.lower()
    if len(rel.parts) == 1:
        return None if rel.name.lower() in NEAR_ASSIGNMENTS else "cycle"
    if suffix in YAML_SUFFIXES:
        return rel.parts[0]
    if rel.parts[0] == "scores" and suffix == ".csv":
        return "scores-csv"
    return None


def _create(root: Path, rel: PurePosixPath, label: str) -> int:
    """A new file at root/rel, opened for writing; its folders are made (0700) on the way."""
    target = root.joinpath(*rel.parts)
    if not os.path.abspath(target).startswith(os.path.abspath(root) + os.sep):
        raise RevisionError(f"{printable(label)}: a path leads out of the cycle folder: {printable(rel.as_posix())}")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        return os.open(target, flags, 0o600)
    except FileExistsError:  # two names one file system does not tell apart (A.yaml, a.yaml)
        raise RevisionError(f"{printable(label)}: two files in that revision are one file here: "
                            f"{printable(rel.as_posix())}; check the revision out to compare it") from None


def _write(git: str, folder: Path, root: Path, blobs: list[_Blob], label: str) -> None:
    """Write every selected file: the empty and sparse ones directly, the others from `git cat-file --batch`."""
    wanted = []
    for blob in blobs:
        if blob.how == "read":
            wanted.append(blob)
            continue
        fd = _create(root, blob.rel, label)
        try:
            if blob.how == "sparse":
                os.ftruncate(fd, blob.size)
        finally:
            os.close(fd)
    if not wanted:
        return
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([git, "cat-file", "--batch"], cwd=folder, env=_environment(),
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
        assert process.stdin is not None and process.stdout is not None
        names = "".join(f"{blob.oid}\n" for blob in wanted).encode("ascii")
        feeder = threading.Thread(target=_feed, args=(process.stdin, names), daemon=True)
        feeder.start()
        try:
            for blob in wanted:
                _copy(process.stdout, root, blob, label)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            process.stdout.close()
            feeder.join()


def _feed(stream: IO[bytes], names: bytes) -> None:
    """Hand git the object names (in a thread, so that neither side waits on a full pipe)."""
    with suppress(OSError):  # git stopped early (killed after a failure): the failure is reported
        stream.write(names)
    with suppress(OSError):
        stream.close()


def _copy(stream: IO[bytes], root: Path, blob: _Blob, label: str) -> None:
    """One object of `git cat-file --batch`'s output into its file: its header must say what was asked."""
    header = stream.readline(200).split()
    if len(header) != 3 or header[0].decode("ascii", "replace") != blob.oid or header[1] != b"blob" or header[2] != str(blob.size).encode():
        raise RevisionError(f"{printable(label)}: git could not read {printable(blob.rel.as_posix())}")
    fd = _create(root, blob.rel, label)
    with open(fd, "wb", closefd=True) as out:
        left = blob.size
        while left:
            chunk = stream.read(min(left, _CHUNK))
            if not chunk:
                raise RevisionError(f"{printable(label)}: git stopped while reading {printable(blob.rel.as_posix())}")
            out.write(chunk)
            left -= len(chunk)
    if stream.read(1) != b"\n":
        raise RevisionError(f"{printable(label)}: git could not read {printable(blob.rel.as_posix())}")
