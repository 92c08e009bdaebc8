"""A cycle folder → a `Cycle`: parsed, schema-checked files, and marks in a columnar table.

Loading only parses and checks each file on its own (syntax and schema). Everything that relates
files to each other — ids, references, marks against scales, deadlines, conflicts — is in checks/.
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from array import array
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic
from .fastpath import parse_sheet
from .model import SLUG_PATTERN, CycleFile, Entry, Judge, JudgesFile, ScoreSheet
from .source import Document, PathKey, read_document

# Score sheets in their common shape take a line scanner (fastpath.py) that gives the same data
# as the full YAML path; tests switch it off to prove that both paths report the same problems.
FAST_PATHS = True

CYCLE_FILE = "cycle.yaml"
JUDGES_FILE = "judges.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


class CycleNotFound(Exception):
    """No cycle.yaml at or above the given path: the command was pointed at the wrong place."""


@dataclass
class EntryRecord:
    entry: Entry
    doc: Document
    path: PathKey  # where the entry sits in its file: () for a lone mapping, (i,) in a list


@dataclass
class Sheet:
    judge: str
    round: str | None
    doc: Document


@dataclass
class MarkTable:
    """Every score line — one judge's marks on one entry — as parallel columns.

    `marks` holds what the sheet says for the entry, as parsed: a mapping of criterion to mark, or
    one overall mark. They are the parsed values themselves, not copies, and no object is made per
    mark; checks/marks.py decides which are valid numbers. The position of a line is found through
    its sheet's document at the path ("scores", entry[, criterion]).
    """

    sheet: array = field(default_factory=lambda: array("i"))
    entry: list[str] = field(default_factory=list)
    marks: list[Any] = field(default_factory=list)

    def add(self, sheet: int, entry: str, marks: Any) -> None:
        self.sheet.append(sheet)
        self.entry.append(entry)
        self.marks.append(marks)

    def __len__(self) -> int:
        return len(self.marks)

    def rows(self) -> Iterator[tuple[int, str, Any]]:
        return zip(self.sheet, self.entry, self.marks)

    def count(self) -> int:
        """The number of marks (a line of criterion marks holds several)."""
        return sum(len(m) if type(m) is dict else 1 for m in self.marks)

    @staticmethod
    def path(entry: str, criterion: str | None = None) -> PathKey:
        return ("scores", entry) if criterion is None else ("scores", entry, criterion)


@dataclass(eq=False)  # identity semantics: a loaded cycle is one object, usable as a cache key
class Cycle:
    root: Path
    display_root: str
    spec: CycleFile | None = None
    cycle_doc: Document | None = None
    judges: dict[str, Judge] = field(default_factory=dict)
    judges_doc: Document | None = None
    entries: list[EntryRecord] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    marks: MarkTable = field(default_factory=MarkTable)
    problems: list[Diagnostic] = field(default_factory=list)
    files_read: int = 0
    # What failed to load, so that checks do not report it a second time as a broken reference:
    # ids of entries and judges with schema errors, and the kinds ("entries", "judges") of which
    # some records could not even be identified.
    broken_entries: set[str] = field(default_factory=set)
    broken_judges: set[str] = field(default_factory=set)
    unreadable: set[str] = field(default_factory=set)

    def known_entry(self, entry_id: str) -> bool | None:
        """True/False if the entry certainly does/does not exist; None if loading cannot tell."""
        if entry_id in self.entry_index:
            return True
        return None if entry_id in self.broken_entries or "entries" in self.unreadable else False

    def known_judge(self, judge_id: str) -> bool | None:
        if judge_id in self.judges:
            return True
        return None if judge_id in self.broken_judges or "judges" in self.unreadable else False

    @cached_property
    def entry_index(self) -> dict[str, EntryRecord]:
        """Entries by id; where an id is duplicated the first file (in path order) wins."""
        index: dict[str, EntryRecord] = {}
        for record in self.entries:
            index.setdefault(record.entry.id, record)
        return index


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


def _display(display_root: str, rel: str) -> str:
    return str(PurePosixPath(display_root) / rel) if display_root != "." else rel


# Clearer words than pydantic's for the mistakes people make most in YAML.
_HINTS = {
    "date_type": "should be a date written YYYY-MM-DD",
    "date_parsing": "should be a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "should be a date written YYYY-MM-DD",
    "bool_type": "should be true or false",
    "float_type": "should be a number (unquoted)",
    "int_type": "should be a whole number (unquoted)",
    "string_type": "should be text",
    "dict_type": "should be a mapping of keys to values",
    "model_type": "should be a mapping of keys to values",
    "list_type": "should be a list",
}


def schema_problems(doc: Document, base: PathKey, error: ValidationError) -> list[Diagnostic]:
    """Pydantic's errors as diagnostics that point at the offending key or value."""
    problems = []
    missing: dict[PathKey, list[str]] = {}
    for err in error.errors(include_url=False):
        loc: tuple[Any, ...] = tuple(err["loc"])
        if err["type"] != "missing" and doc.refused_at(base + loc):
            continue  # the YAML reader refused this value and said so
        on_key = "[key]" in loc
        loc = tuple(part for part in loc if part != "[key]")
        path = base + loc
        name = ".".join(str(p) for p in loc) or "the document"
        kind = err["type"]
        if kind == "missing":  # gathered below: one report per mapping, naming every missing key
            missing.setdefault(path[:-1], []).append(str(loc[-1]))
        elif kind == "extra_forbidden":
            problems.append(doc.diagnostic(path, "S102", f"unknown key {loc[-1]!r}" + (f" in {'.'.join(str(p) for p in loc[:-1])}" if len(loc) > 1 else ""), key=True))
        elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == SLUG_PATTERN:
            problems.append(doc.diagnostic(path, "S104", f"{name}: {err['input']!r} is not a valid id; use lowercase letters, digits and hyphens", key=on_key))
        else:
            message = _HINTS.get(kind, err["msg"])
            shown = err.get("input")
            got = "" if isinstance(shown, (dict, list)) else f" (got {shown!r})"
            if kind == "value_error":  # our own validators already name the value
                message, got = message.removeprefix("Value error, "), ""
            problems.append(doc.diagnostic(path, "S103", f"{name}: {message[0].lower()}{message[1:]}{got}", key=on_key))
    for parent, keys in missing.items():
        where = ".".join(str(p) for p in parent[len(base):])
        listed = ", ".join(repr(k) for k in keys)
        problems.append(doc.diagnostic(parent, "S101", f"missing required key{'s' if len(keys) > 1 else ''} {listed}" + (f" in {where}" if where else "")))
    return problems


def _validate(model: type[BaseModel], doc: Document, data: Any, base: PathKey, problems: list[Diagnostic]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(schema_problems(doc, base, exc))
        return None


def _yaml_files(folder: Path, display_root: str, problems: list[Diagnostic]) -> list[tuple[Path, str]]:
    """YAML files under a folder, in a stable order; other files are reported and skipped."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder.parent).as_posix()
        if path.is_dir() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.suffix.lower() in YAML_SUFFIXES:
            found.append((path, _display(display_root, rel)))
        elif not path.name.lower().startswith("readme"):
            problems.append(Diagnostic(_display(display_root, rel), 0, 0, "F003", "not a .yaml file, so it is ignored"))
    return found


def _read_marks(cycle: Cycle, doc: Document, scores: dict[str, Any], sheet: int) -> None:
    for entry_id, marks in scores.items():
        if type(marks) is dict and not marks:
            cycle.problems.append(doc.diagnostic(("scores", entry_id), "M304", f"no marks for {entry_id!r}; give marks or remove the line"))
            continue
        cycle.marks.add(sheet, entry_id, marks)


def _read_judges(cycle: Cycle, doc: Document) -> None:
    """Judges one by one, so that one judge's mistake does not hide the rest of the jury."""
    if doc.data is None:
        cycle.unreadable.add("judges")
        return
    if not isinstance(doc.data, dict):
        _validate(JudgesFile, doc, doc.data, (), cycle.problems)
        cycle.unreadable.add("judges")
        return
    for judge_id, data in doc.data.items():
        if not re.match(SLUG_PATTERN, judge_id):
            cycle.problems.append(doc.diagnostic((judge_id,), "S104", f"{judge_id!r} is not a valid judge id; use lowercase letters, digits and hyphens", key=True))
            cycle.broken_judges.add(judge_id)
            continue
        judge = _validate(Judge, doc, data, (judge_id,), cycle.problems)
        if judge is None:
            cycle.broken_judges.add(judge_id)
        else:
            cycle.judges[judge_id] = judge


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector around bulk building of acyclic data.

    Loading creates millions of objects and no reference cycles; the collector's passes over the
    growing graph would more than double the load time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_cycle(root: Path) -> Cycle:
    """Read every file of the cycle at `root` (a folder holding cycle.yaml). Never raises on bad data."""
    with gc_paused():
        return _load_cycle(root)


def _load_cycle(root: Path) -> Cycle:
    root = root.resolve()
    display_root = display_path(root)
    cycle = Cycle(root=root, display_root=display_root)
    problems = cycle.problems

    doc, found = read_document(root / CYCLE_FILE, _display(display_root, CYCLE_FILE))
    cycle.files_read += 1
    problems.extend(found)
    cycle.cycle_doc = doc
    if doc.data is not None:
        cycle.spec = _validate(CycleFile, doc, doc.data, (), problems)

    judges_path = root / JUDGES_FILE
    if judges_path.is_file():
        doc, found = read_document(judges_path, _display(display_root, JUDGES_FILE))
        cycle.files_read += 1
        problems.extend(found)
        cycle.judges_doc = doc
        _read_judges(cycle, doc)
    else:
        cycle.unreadable.add("judges")
        problems.append(Diagnostic(_display(display_root, JUDGES_FILE), 0, 0, "F001", "judges.yaml is missing; every cycle lists its jury there"))

    for path, shown in _yaml_files(root / "entries", display_root, problems):
        doc, found = read_document(path, shown)
        cycle.files_read += 1
        problems.extend(found)
        if doc.data is None:
            cycle.unreadable.add("entries")
            continue
        items = list(enumerate(doc.data)) if isinstance(doc.data, list) else [(None, doc.data)]
        for index, data in items:
            base: PathKey = () if index is None else (index,)
            entry = _validate(Entry, doc, data, base, problems)
            if entry is not None:
                cycle.entries.append(EntryRecord(entry, doc, base))
            elif isinstance(data, dict) and isinstance(data.get("id"), str):
                cycle.broken_entries.add(data["id"])
            else:
                cycle.unreadable.add("entries")

    for path, shown in _yaml_files(root / "scores", display_root, problems):
        doc, found = read_document(path, shown, parse_sheet if FAST_PATHS else None)
        cycle.files_read += 1
        problems.extend(found)
        if doc.data is None:
            continue
        sheet = _validate(ScoreSheet, doc, doc.data, (), problems)
        if sheet is not None:
            cycle.sheets.append(Sheet(sheet.judge, sheet.round, doc))
            _read_marks(cycle, doc, sheet.scores, len(cycle.sheets) - 1)
    return cycle
