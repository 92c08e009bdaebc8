"""The files of a cycle folder: finding the folder, listing and reading its files.

Nothing here parses or imports pydantic, so a command that finds every file unchanged since the
last validation (cache.py) can answer without loading the models at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .diagnostics import Diagnostic

CYCLE_FILE = "cycle.yaml"
JUDGES_FILE = "judges.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


class CycleNotFound(Exception):
    """No cycle.yaml at or above the given path: the command was pointed at the wrong place."""


def find_cycle_root(path: Path) -> Path:
    """The folder holding cycle.yaml, at `path` or above it (absolute)."""
    start = path.resolve()
    if not start.exists():
        raise CycleNotFound(f"{path}: no such file or folder")
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / CYCLE_FILE).is_file():
            return folder
    raise CycleNotFound(f"{path}: no {CYCLE_FILE} here or in any folder above")


def display_path(root: Path) -> str:
    """How to name the cycle folder in messages: relative to the working directory if inside it."""
    try:
        rel = root.relative_to(Path.cwd().resolve())
    except ValueError:
        return root.as_posix()
    return rel.as_posix() if rel.parts else "."


def shown_name(display_root: str, rel: str) -> str:
    """How a file of the cycle is named in diagnostics: under the cycle folder as it is shown."""
    return str(PurePosixPath(display_root) / rel) if display_root != "." else rel


@dataclass
class SourceFile:
    """One file of the cycle, read: its role, the name shown in diagnostics, and its bytes."""

    role: str  # "cycle", "judges", "entries", "scores" or "scores-csv"
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

    def key_material(self) -> list[tuple[str, bytes | None]]:
        """Everything validation depends on: each file's name and bytes, and the folder's own problems."""
        folder = "\n".join(f"{d.file}\0{d.code}" for d in self.problems).encode()
        return [(f.shown, f.raw) for f in self.files] + [("", folder)]


def _listed(folder: Path, role: str, display_root: str, problems: list[Diagnostic]) -> list[SourceFile]:
    """The YAML files under a folder, in path order; other files are reported and skipped."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder.parent).as_posix()
        if path.is_dir() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.suffix.lower() in YAML_SUFFIXES:
            found.append(SourceFile(role, path, shown_name(display_root, rel)))
        elif role == "scores" and path.suffix.lower() == ".csv":
            found.append(SourceFile("scores-csv", path, shown_name(display_root, rel)))
        elif not path.name.lower().startswith("readme"):
            kinds = ".yaml or .csv" if role == "scores" else ".yaml"
            problems.append(Diagnostic(shown_name(display_root, rel), 0, 0, "F003", f"not a {kinds} file, so it is ignored"))
    return found


def collect(root: Path) -> CycleFiles:
    """List and read every file of the cycle at `root`; nothing is parsed yet."""
    root = root.resolve()
    display_root = display_path(root)
    problems: list[Diagnostic] = []
    files = [SourceFile("cycle", root / CYCLE_FILE, shown_name(display_root, CYCLE_FILE))]
    if (root / JUDGES_FILE).is_file():
        files.append(SourceFile("judges", root / JUDGES_FILE, shown_name(display_root, JUDGES_FILE)))
    else:
        problems.append(Diagnostic(shown_name(display_root, JUDGES_FILE), 0, 0, "F001", "judges.yaml is missing; every cycle lists its jury there"))
    files += _listed(root / "entries", "entries", display_root, problems)
    files += _listed(root / "scores", "scores", display_root, problems)
    for file in files:
        try:
            file.raw = file.path.read_bytes()
        except OSError as exc:
            file.error = exc.strerror or str(exc)
    return CycleFiles(root, display_root, files, problems)


