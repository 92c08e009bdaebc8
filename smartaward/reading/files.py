"""The files of a cycle folder: finding the folder, listing and reading its files.

Nothing here parses or imports pydantic, so a command that finds every file unchanged since the
last validation (cache.py) can answer without loading the models at all.

What is read, and what is refused before reading (docs/format.md, "The cycle folder"):
- only files inside the cycle folder: a symbolic link is followed only where it leads inside the
  folder (by its real path); one that leads outside is refused with F005 and never opened, and so
  is a link to a folder below entries/, scores/ or assignments/ (links to folders are never followed, so a link
  to a parent folder cannot loop). A link that loops (a -> b -> a) or leads nowhere is F002;
- only regular files: a folder, pipe or device with a YAML name is F002 (it is never opened for
  reading in a way that could block);
- only files up to a size limit, F004 (checked before reading, and again while reading in case the
  file grows): MAX_YAML_BYTES for YAML, MAX_CSV_BYTES for CSV score sheets, or one limit for every
  file from the environment variable SMARTAWARD_MAX_FILE_MB (in MiB; 0 switches the limit off).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from smartaward.diagnostics import Diagnostic

CYCLE_FILE = "cycle.yaml"
JUDGES_FILE = "judges.yaml"
ASSIGNMENTS_FOLDER = "assignments"  # assignments/ROUND.yaml: which judge marks which entries in a round
YAML_SUFFIXES = (".yaml", ".yml")

# Size limits per file. The largest files of real cycles are far smaller: the synthetic cycle of
# benchmarks/ with 100,000 entries and 3 million marks (86 MB in all) has no file over 0.2 MB, and
# all its marks in one long-form CSV file would be about 110 MB. Parsing YAML takes some 14 times
# its size in memory, so a YAML file much over 64 MB could not be checked within a 2 GB budget
# anyway; CSV sheets are read more cheaply. Tests patch these constants.
MAX_YAML_BYTES = 64 * 1024 * 1024
MAX_CSV_BYTES = 256 * 1024 * 1024
MAX_FILE_ENV = "SMARTAWARD_MAX_FILE_MB"


class CycleNotFound(Exception):
    """No cycle.yaml at or above the given path: the command was pointed at the wrong place."""


def find_cycle_root(path: Path) -> Path:
    """The folder holding cycle.yaml, at `path` or above it (absolute)."""
    start = path.resolve()
    if not start.exists():
        raise CycleNotFound(f"{printable(str(path))}: no such file or folder")
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / CYCLE_FILE).is_file():
            return folder
    raise CycleNotFound(f"{printable(str(path))}: no {CYCLE_FILE} here or in any folder above")


def printable(name: str) -> str:
    """A file name as it can be shown and encoded: bytes that are not UTF-8 (which Python keeps as
    lone surrogates) and control characters (a newline, a terminal escape) written as escapes, so
    that no file name can break a line of output, a JSON document or the cache."""
    if name.isprintable():
        return name
    try:
        text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is not an undecodable byte
        text = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


def display_path(root: Path) -> str:
    """How to name the cycle folder in messages: relative to the working directory if inside it."""
    try:
        rel = root.relative_to(Path.cwd().resolve())
    except ValueError:
        return printable(root.as_posix())
    return printable(rel.as_posix()) if rel.parts else "."


def shown_name(display_root: str, rel: str) -> str:
    """How a file of the cycle is named in diagnostics: under the cycle folder as it is shown."""
    return printable(str(PurePosixPath(display_root) / rel) if display_root != "." else rel)


@dataclass
class SourceFile:
    """One file of the cycle, read: its role, the name shown in diagnostics, and its bytes."""

    role: str  # "cycle", "judges", "entries", "scores", "scores-csv" or "assignments"
    path: Path
    shown: str
    raw: bytes | None = None  # None: could not be read (see `error`)
    error: str | None = None


@dataclass
class CycleFiles:
    root: Path
    display_root: str
    files: list[SourceFile]
    problems: list[Diagnostic]  # about the folder itself: a missing judges.yaml, ignored files
    # The roles ("cycle", "judges", "entries", "scores", "assignments") of which a file was refused (F004, F005):
    # refused files are not in `files`, so what they would have defined is unknown, not absent.
    refused: set[str] = field(default_factory=set)
    # Hidden files (a name or folder starting with ".") in entries/, scores/ or assignments/ with a data file's
    # name: never read, by design (editors' and tools' files), but a result is not final while one
    # is there (status.py): it may hold marks or an entry someone meant to count.
    hidden: list[str] = field(default_factory=list)

    def key_material(self) -> list[tuple[str, bytes | None]]:
        """Everything validation depends on: each file's name and bytes, and the folder's own problems."""
        # An unread file's reason and a refusal's message (a size, a link's target) count too.
        notes = [f"{d.file}\0{d.code}\0{d.message}" for d in self.problems]
        notes += [f"{f.shown}\0{f.error}" for f in self.files if f.raw is None]
        folder = "\n".join(notes).encode()
        return [(f.shown, f.raw) for f in self.files] + [("", folder)]


def size_limit(role: str) -> int | None:
    """The most bytes a file of this role may have (None: no limit)."""
    setting = os.environ.get(MAX_FILE_ENV, "").strip()
    if setting:
        try:
            megabytes = float(setting)
        except ValueError:
            megabytes = -1.0  # not a number: the defaults below
        if megabytes == 0:
            return None
        if megabytes > 0 and megabytes < float("inf"):
            return int(megabytes * 1024 * 1024)
    return MAX_CSV_BYTES if role == "scores-csv" else MAX_YAML_BYTES


def _megabytes(size: int) -> str:
    """A size for people: 300 MB, 64 MB, 1.5 KB, 12 bytes."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + " " + unit
    return f"{size} bytes"


class _Refused(Exception):
    """A path that is not read (F004, F005), with the message that says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class _Unreadable(OSError):
    """A path that is read as unreadable (F002, reported by load.py with this reason)."""


def _inside(root: Path, path: Path, what: str = "the file is not read") -> Path:
    """The real path of `path` (below the cycle folder `root`, a real path). _Refused (F005) if it
    is a link that leads outside the cycle folder; _Unreadable if it is a link that loops. A link
    that leads nowhere is returned as is, for reading to report."""
    if not os.path.islink(path):
        # Its folder is the cycle folder, or was reached from it without following a link (or
        # through entries/ or scores/ after checking them): it is inside, and one lstat says so.
        return path
    try:
        real = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        real = Path(os.path.realpath(path))  # dangling: where it points, for the check below
    except (OSError, RuntimeError) as exc:  # ELOOP: a -> b -> a
        raise _Unreadable("it is a symbolic link that loops (it leads back to itself)") from exc
    if not real.is_relative_to(root):
        raise _Refused("F005", f"a symbolic link to {real.as_posix()}, outside the cycle folder: it is not followed, "
                               f"so {what}; copy what you need into the cycle folder instead")
    return real


_FOLDER_LINK = ("a symbolic link to a folder: links to folders are not followed (they could lead outside the "
                "cycle folder, or loop), so nothing in it is read; move the files into the cycle folder instead")


def _walk(folder: Path, problems: list[Diagnostic], shown: Callable[[Path], str], hidden: list[str]) -> Iterator[Path]:
    """Every path below `folder` that is not a folder, skipping hidden ones. Links to folders are
    not followed (F005); a folder that cannot be listed is F002. The hidden files with a data file's
    name (`.f03.yaml`, `.old/f03.yaml`) are added to `hidden`: skipped, but not silently (status.py)."""
    try:
        with os.scandir(folder) as listing:
            found = list(listing)
    except OSError as exc:
        problems.append(Diagnostic(shown(folder), 0, 0, "F002", f"cannot read the folder: {exc.strerror or exc}"))
        return
    for item in found:
        path = Path(item.path)
        if item.name.startswith("."):
            _hidden_data(item, path, shown, hidden)
            continue
        try:
            is_dir = item.is_dir(follow_symlinks=False)
            links_to_dir = not is_dir and item.is_symlink() and item.is_dir(follow_symlinks=True)
        except OSError:
            is_dir = links_to_dir = False
        if is_dir:
            yield from _walk(path, problems, shown, hidden)
        elif links_to_dir:
            problems.append(Diagnostic(shown(path), 0, 0, "F005", _FOLDER_LINK))
        else:
            yield path


VERSION_CONTROL = frozenset({".git", ".hg", ".svn"})  # never looked into
DATA_SUFFIXES = frozenset({*YAML_SUFFIXES, ".csv"})


def _hidden_data(item: os.DirEntry[str], path: Path, shown: Callable[[Path], str], hidden: list[str]) -> None:
    """A hidden file with a data file's name, or such files in a hidden folder, noted in `hidden`."""
    try:
        if item.is_dir(follow_symlinks=False):
            if item.name not in VERSION_CONTROL:
                hidden.extend(shown(p) for p in _walk_all(path) if p.suffix.lower() in DATA_SUFFIXES)
        elif path.suffix.lower() in DATA_SUFFIXES:
            hidden.append(shown(path))
    except OSError:
        pass  # what cannot be listed cannot be told apart from nothing


def _walk_all(folder: Path) -> Iterator[Path]:
    """Every file below a hidden folder (not its version control folders, not through links)."""
    try:
        with os.scandir(folder) as listing:
            found = list(listing)
    except OSError:
        return
    for item in found:
        if item.is_dir(follow_symlinks=False):
            if item.name not in VERSION_CONTROL:
                yield from _walk_all(Path(item.path))
        else:
            yield Path(item.path)


def _listed(root: Path, folder: Path, role: str, display_root: str, problems: list[Diagnostic], refused: set[str],
            hidden: list[str]) -> list[SourceFile]:
    """The YAML files under a folder, in path order; other files are reported and skipped."""
    def shown(path: Path) -> str:
        return shown_name(display_root, path.relative_to(root).as_posix())

    found_problems: list[Diagnostic] = []
    if not folder.is_dir():
        if os.path.islink(folder):  # a link to nowhere, or one that loops
            found_problems.append(Diagnostic(shown(folder), 0, 0, "F002", "cannot read the folder: it is a symbolic link that leads nowhere, or loops"))
    else:
        try:
            _inside(root, folder, "nothing in it is read")
        except _Refused as exc:
            found_problems.append(Diagnostic(shown(folder), 0, 0, exc.code, exc.message))
        except _Unreadable as exc:
            found_problems.append(Diagnostic(shown(folder), 0, 0, "F002", f"cannot read the folder: {exc}"))
        else:
            found = []
            for path in sorted(_walk(folder, found_problems, shown, hidden)):
                suffix = path.suffix.lower()
                if role == "assignments" and path.parent != folder:
                    # One file per round, directly in assignments/: a copy kept in a subfolder
                    # (old/, drafts/) must not silently count as a second file for its round. A README
                    # is exempt only when it is not a data file (README-final.yaml is reported).
                    if not path.name.lower().startswith("readme") or suffix in DATA_SUFFIXES:
                        problems.append(Diagnostic(shown(path), 0, 0, "F003", "not directly in assignments/ (assignment files are "
                                                                                  "read only there), so it is ignored"))
                elif suffix in YAML_SUFFIXES:
                    found.append(SourceFile(role, path, shown(path)))
                elif role == "scores" and suffix == ".csv":
                    found.append(SourceFile("scores-csv", path, shown(path)))
                elif not path.name.lower().startswith("readme"):
                    kinds = ".yaml or .csv" if role == "scores" else ".yaml"
                    problems.append(Diagnostic(shown(path), 0, 0, "F003", f"not a {kinds} file, so it is ignored"))
            problems.extend(sorted(found_problems))
            if found_problems:
                refused.add(role)
            return found
    problems.extend(found_problems)
    if found_problems:
        refused.add(role)
    return []


# Names that look meant for assignments/ but are not it (compared in lower case): a file at the top
# of the cycle folder, a folder spelt another way. Absence of assignments is a legitimate state, so
# such a near miss would turn the counting rule off without a word; each is reported (F003).
NEAR_ASSIGNMENTS = frozenset({ASSIGNMENTS_FOLDER, "assignment", *(f"{stem}{suffix}" for stem in (ASSIGNMENTS_FOLDER, "assignment")
                                                                 for suffix in YAML_SUFFIXES)})


def _misplaced_assignments(root: Path, display_root: str) -> list[Diagnostic]:
    """F003 for what looks meant as assignment files but is not read: `assignments.yaml` or
    `assignment.yml` at the top of the cycle folder, a folder `assignment/` or `Assignments/` (each
    YAML file in it), a regular file named `assignments`. Links are named, never followed."""
    try:
        with os.scandir(root) as listing:
            found = sorted((item.name, item) for item in listing if item.name.lower() in NEAR_ASSIGNMENTS)
    except OSError:
        return []
    problems: list[Diagnostic] = []
    where = f"assignment files are read only from the folder {ASSIGNMENTS_FOLDER}/, one ROUND.yaml per round"
    for name, item in found:
        path = Path(item.path)
        shown = shown_name(display_root, name)
        try:
            is_dir = item.is_dir(follow_symlinks=False)
            if name == ASSIGNMENTS_FOLDER and (is_dir or item.is_symlink()):
                continue  # the folder itself (read above; a link to it is reported there)
            if name != ASSIGNMENTS_FOLDER and os.path.isdir(root / ASSIGNMENTS_FOLDER) and os.path.samefile(path, root / ASSIGNMENTS_FOLDER):
                continue  # the folder under another case, on a file system that ignores case: it is read
        except OSError:
            continue
        if is_dir:
            for file in sorted(_walk_all(path)):
                if file.suffix.lower() in YAML_SUFFIXES and not any(part.startswith(".") for part in file.relative_to(path).parts):
                    problems.append(Diagnostic(shown_name(display_root, file.relative_to(root).as_posix()), 0, 0, "F003",
                                               f"in {printable(name)}/, not {ASSIGNMENTS_FOLDER}/ ({where}), so it is ignored; "
                                               f"move it to {ASSIGNMENTS_FOLDER}/"))
        elif name == ASSIGNMENTS_FOLDER:
            problems.append(Diagnostic(shown, 0, 0, "F003", f"a file, not a folder ({where}), so it is ignored; make "
                                                            f"{ASSIGNMENTS_FOLDER}/ a folder and put the round's file in it"))
        else:
            problems.append(Diagnostic(shown, 0, 0, "F003", f"not read ({where}), so it is ignored; move it to "
                                                            f"{ASSIGNMENTS_FOLDER}/ROUND.yaml (assignments/all.yaml for a cycle "
                                                            "without rounds)"))
    return problems


def _read(path: Path, limit: int | None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. OSError (with _Unreadable for what
    is not a regular file), or _Refused (F004) for a file over the limit."""
    # Non-blocking, so that opening a pipe (FIFO) returns at once instead of waiting for a writer;
    # it changes nothing for regular files.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb", closefd=True) as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, device or socket"
            raise _Unreadable(f"it is {kind}, not a regular file")
        size = info.st_size
        if limit is None or size <= limit:
            raw = handle.read() if limit is None else handle.read(limit + 1)
            if limit is None or len(raw) <= limit:
                return raw
            size = len(raw)  # it grew since it was measured
    assert limit is not None
    raise _Refused("F004", f"the file is {_megabytes(size)}, over the limit of {_megabytes(limit)} per file, so it is "
                           f"not read; split it into several files, or raise the limit with {MAX_FILE_ENV}")


def collect(root: Path) -> CycleFiles:
    """List and read every file of the cycle at `root`; nothing is parsed yet.

    Files refused before reading (F004, F005) are left out of `files`, reported in `problems`, and
    their roles noted in `refused`. Files that cannot be read (a link that loops or leads nowhere,
    a folder or pipe with a YAML name, no permission) stay in `files` with `raw` None and the reason
    in `error`; load.py reports them (F002).
    """
    root = root.resolve()
    display_root = display_path(root)
    problems: list[Diagnostic] = []
    refused: set[str] = set()
    files = [SourceFile("cycle", root / CYCLE_FILE, shown_name(display_root, CYCLE_FILE))]
    if os.path.lexists(root / JUDGES_FILE):
        files.append(SourceFile("judges", root / JUDGES_FILE, shown_name(display_root, JUDGES_FILE)))
    else:
        near = [p.name for p in (root / "judges.yml", root / "Judges.yaml") if p.is_file()]
        hint = f" ({near[0]} is there: rename it to judges.yaml)" if near else ""
        problems.append(Diagnostic(shown_name(display_root, JUDGES_FILE), 0, 0, "F001", f"judges.yaml is missing{hint}; every cycle lists its jury there"))
    hidden: list[str] = []
    files += _listed(root, root / "entries", "entries", display_root, problems, refused, hidden)
    files += _listed(root, root / "scores", "scores", display_root, problems, refused, hidden)
    files += _listed(root, root / ASSIGNMENTS_FOLDER, "assignments", display_root, problems, refused, hidden)
    problems += _misplaced_assignments(root, display_root)
    kept: list[SourceFile] = []
    for file in files:
        try:
            file.raw = _read(_inside(root, file.path), size_limit(file.role))
        except _Refused as exc:
            if file.role == "cycle":
                # Commands expect the cycle file among `files`: it stays, unread, and load.py
                # reports it (F002, with this reason) until it reports refusals by their own code.
                file.error = exc.message
            else:
                problems.append(Diagnostic(file.shown, 0, 0, exc.code, exc.message))
                refused.add("scores" if file.role == "scores-csv" else file.role)
                continue
        except OSError as exc:
            file.error = exc.strerror or str(exc)
        kept.append(file)
    return CycleFiles(root, display_root, kept, problems, refused, sorted(hidden))
