"""A cycle folder → a `Cycle`: parsed, schema-checked files, and marks in a columnar table.

Loading only parses and checks each file on its own (syntax and schema). Everything that relates
files to each other — ids, references, marks against scales, deadlines, conflicts — is in checks/.
"""

from __future__ import annotations

import gc
import re
import types
import typing
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, RootModel, ValidationError

from smartaward.diagnostics import MAX_PER_FILE_AND_CODE, Diagnostic, working_on
from smartaward.model.cyclefiles import (
    MULTI_LINE_TEXT_PATTERN,
    SLUG_PATTERN,
    TEXT_PATTERN,
    AssignmentFile,
    Call,
    CycleFile,
    Decision,
    Designation,
    Eligibility,
    Entrant,
    Entry,
    Judge,
    JudgesFile,
    ScoreSheet,
    ValuesSheet,
)
from smartaward.reading.cache import MISS, Cache
from smartaward.reading.entryscan import parse_entries
from smartaward.reading.fastpath import parse_sheet
from smartaward.reading.files import CycleFiles, SourceFile, collect
from smartaward.reading.source import Document, PathKey, parse_bytes
from smartaward.text.cells import NOT_IN_MULTI_LINE, NOT_IN_ONE_LINE

# Score sheets and entries files in their common shapes take a line scanner (fastpath.py,
# entryscan.py) that gives the same data as the full YAML path; tests switch it off to prove that
# both paths report the same problems.
FAST_PATHS = True
# Big cycles are parsed by worker processes (parallel.py); tests switch it to prove the same result.
PARALLEL = True
# Below this many bytes to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
# A mapping with thousands of unknown keys is not handed whole to pydantic (see validate_model);
# tests switch this off to prove that the outputs are the same either way.
UNKNOWN_KEYS_SHORTCUT = True
# An entries file's parsed data is let go once its entries are models (_add_entries); tests switch it
# off to prove that nothing reads it later (the same problems and results either way).
RELEASE_ENTRY_DATA = True

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
    key: str = "scores"  # "ranks" on a sheet that ranks entries, "pairs" on one that compares them
    comments: dict[str, str] = field(default_factory=dict)  # entry id → the judge's comment (`comments:`)
    # A pairs sheet: entry id → where it is first named (("pairs", item, 0 or 1)); its line is reported there.
    first: dict[str, PathKey] = field(default_factory=dict)

    def path(self, entry: str, criterion: str | None = None) -> PathKey:
        """Where a score line (or one mark of it) is written in this sheet."""
        if self.key == "pairs":  # an entry has no line of its own: the first pair that names it stands for it
            return self.first.get(entry, ("pairs",))
        return (self.key, entry) if criterion is None else (self.key, entry, criterion)

    @staticmethod
    def comment_path(entry: str) -> PathKey:
        """Where the judge's comment on an entry is written in this sheet."""
        return ("comments", entry)


@dataclass
class ValueSheet:
    """A values sheet (`values:`): the measured parts of entries' scores in one round, as written
    (entry id → part id → value); checks/measured.py decides which values are valid numbers."""

    round: str | None
    doc: Document
    values: dict[str, Any]

    @staticmethod
    def path(entry: str, part: str | None = None) -> PathKey:
        """Where an entry's values (or one of them) are written in the sheet."""
        return ("values", entry) if part is None else ("values", entry, part)


class Judgment(NamedTuple):
    """One comparison on a pairs sheet, seen from one of its two entries."""

    opponent: str
    won: bool
    item: int  # the pair's index in the sheet's `pairs:` list (judgments keep the sheet's order)


class Comparisons(tuple[Judgment, ...]):
    """A judge's line on an entry in a pairs sheet: the entry's judgments, in the sheet's order.
    A type of its own, so that no reader takes it for marks."""

    __slots__ = ()

    def __str__(self) -> str:
        """As explain and feedback show the line: "beats seoul-air ×2, lyon-trams; loses to porto-ferries"."""
        parts = []
        for won, verb in ((True, "beats"), (False, "loses to")):
            times = Counter(judgment.opponent for judgment in self if judgment.won is won)
            if times:
                parts.append(f"{verb} " + ", ".join(f"{opponent} ×{n}" if n > 1 else opponent for opponent, n in times.items()))
        return "; ".join(parts)


def is_pair(value: Any) -> bool:
    """Whether a `pairs:` item has the shape of a comparison: [winner, loser], two texts."""
    return type(value) is list and len(value) == 2 and type(value[0]) is str and type(value[1]) is str


@dataclass
class Assignment:
    """One assignment file (assignments/ROUND.yaml): the entries each judge must mark in a round.

    `judges` keeps the file's order of judges, and each judge's entries in the file's order with
    repeats left out (checks/assignments.py reports them). Positions are found through `doc`: a
    judge's line at ("judges", judge id), one entry of it at ("judges", judge id, index in the
    file's list).
    """

    round: str | None
    per_entry: int | None
    seed: int | None
    judges: dict[str, tuple[str, ...]]
    doc: Document

    @property
    def file(self) -> str:
        return self.doc.file

    @cached_property
    def by_entry(self) -> dict[str, frozenset[str]]:
        """Entry id → the judges the file gives it, in entry id order: made once per file, however
        many calls share its round and however many readers ask (judging.assigned.judges_by_entry)."""
        found: dict[str, set[str]] = {}
        for judge_id, entry_ids in self.judges.items():
            for entry_id in entry_ids:
                found.setdefault(entry_id, set()).add(judge_id)
        return {entry_id: frozenset(found[entry_id]) for entry_id in sorted(found)}


@dataclass
class MarkTable:
    """Every score line — one judge's marks on one entry — as parallel columns.

    `marks` holds what the sheet says for the entry, as parsed: a mapping of criterion to mark, or
    one overall mark (a rank, a verdict). They are the parsed values themselves, not copies, and no
    object is made per mark; checks/marks.py decides which are valid numbers. The position of a line
    is found through its sheet's document at `Sheet.path(entry[, criterion])`. On a pairs sheet an
    entry's line is its Comparisons, made by _read_pairs (one object per judgment, not per mark).
    """

    sheet: array = field(default_factory=lambda: array("i"))
    entry: list[str] = field(default_factory=list)
    marks: list[Any] = field(default_factory=list)

    def add(self, sheet: int, entry: str, marks: Any) -> None:
        self.sheet.append(sheet)
        self.entry.append(entry)
        self.marks.append(marks)

    def extend(self, sheet: int, lines: dict[str, Any]) -> None:
        """Every line of a sheet: entry → marks, in the sheet's order."""
        self.sheet.extend(array("i", (sheet,)) * len(lines))
        self.entry.extend(lines)
        self.marks.extend(lines.values())

    def __len__(self) -> int:
        return len(self.marks)

    def rows(self) -> Iterator[tuple[int, str, Any]]:
        return zip(self.sheet, self.entry, self.marks, strict=True)

    def runs(self) -> Iterator[tuple[int, int, int]]:
        """(sheet, start, stop): the rows of one sheet, in maximal runs of consecutive rows (a sheet's
        lines are read together, so each sheet is one run). Checks decide a whole run at once where
        they can (checks/marks.py), instead of line by line."""
        sheets = self.sheet
        start = 0
        for stop in range(1, len(sheets) + 1):
            if stop == len(sheets) or sheets[stop] != sheets[start]:
                yield sheets[start], start, stop
                start = stop


@dataclass(frozen=True)
class Unresolved:
    """A schema problem with a value that names something of another file (a call, a category, an
    entrant type, a judge, a country): loading cannot know those, so checks/nearby.py adds the
    nearest allowed values to its message once every file is read. `context` is the call a
    category is looked up in (None: any call)."""

    diagnostic: Diagnostic
    kind: str  # a kind of REFERENCES
    value: str
    name: str  # where it is written, as the message says it ("entrant.type")
    context: str | None = None


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
    # The values sheets (measured parts of the score, Call.measured), in path order.
    value_sheets: list[ValueSheet] = field(default_factory=list)
    marks: MarkTable = field(default_factory=MarkTable)
    # The assignment files, in path order (judging/assigned.py: which one holds for a round).
    assignments: list[Assignment] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    # What failed to load, so that checks do not report it a second time as a broken reference:
    # ids of entries and judges with schema errors, and the kinds ("entries", "judges", "scores",
    # "assignments") of which some records could not even be identified.
    broken_entries: set[str] = field(default_factory=set)
    broken_judges: set[str] = field(default_factory=set)
    unreadable: set[str] = field(default_factory=set)
    # Problems counted but never made into diagnostics, by (file, code): what the cap on
    # diagnostics per file and code (diagnostics.cap_diagnostics) would leave out anyway.
    omitted: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Schema problems of values that name something of another file (see Unresolved).
    unresolved: list[Unresolved] = field(default_factory=list)

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


_TEXT_PATTERNS = (TEXT_PATTERN, MULTI_LINE_TEXT_PATTERN)
_NOT_IN_TEXT = {False: re.compile(f"[{NOT_IN_ONE_LINE}]"), True: re.compile(f"[{NOT_IN_MULTI_LINE}]")}
# Names for the characters people meet; the others are named by Unicode or as a control character.
_CHARACTER_NAMES = {"\t": "a tab", "\n": "a line feed", "\r": "a carriage return", "\x1b": "an escape (ESC)",
                    "\x07": "a bell (BEL)", "\x00": "a NUL", "\x7f": "a delete (DEL)", "\ufeff": "a byte-order mark"}


def forbidden_character(text: str, multi_line: bool) -> str:
    """What S105 says of a text: which character it holds, where, and what to do. The character
    itself is named, never quoted: it is the one thing a message must not print."""
    rule = ("a text may hold line breaks and tabs, but no other control character, bidirectional override or noncharacter"
            if multi_line else "a one-line text may hold no tab, line break, control character, bidirectional override or noncharacter")
    found: dict[str, int] = {}  # each kind of character, at its first place (one problem, all said at once)
    if isinstance(text, str):
        for match in _NOT_IN_TEXT[multi_line].finditer(text):
            found.setdefault(match.group(), match.start())
    if not found:  # pydantic's engine and re agree on the class; said plainly all the same
        return f"holds a character that no text may hold; {rule}"
    named = [f"{_character_name(char)} (U+{ord(char):04X}, character {at + 1} of {len(text)})"
             for char, at in list(found.items())[:_NAMED_CHARACTERS]]
    more = len(found) - len(named)
    listed = (", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]) + (f" and {more} more" if more > 0 else "")
    hint = " (a block scalar, | or >, keeps its last line break: write the text on the key's line, or use >-)" if "\n" in found else ""
    return f"holds {listed}; {rule}{hint}"


_NAMED_CHARACTERS = 3  # different characters named in one S105; the rest are counted


def _character_name(char: str) -> str:
    return _CHARACTER_NAMES.get(char) or (f"the {unicodedata.name(char).lower()}" if unicodedata.name(char, "")
                                          else "a noncharacter" if 0xFDD0 <= ord(char) <= 0xFDEF or ord(char) & 0xFFFE == 0xFFFE
                                          else "a control character")


def schema_problems(doc: Document, base: PathKey, error: ValidationError, model: type[BaseModel] | None = None,
                    unresolved: list[Unresolved] | None = None) -> list[Diagnostic]:
    """Pydantic's errors as diagnostics that point at the offending key or value. With the `model`
    that was validated, an unknown key gets the nearest keys allowed where it is written, and a
    value that names something of another file is added to `unresolved` (see Unresolved)."""
    problems = []
    missing: dict[PathKey, list[str]] = {}
    for err, loc in _one_alternative(doc, base, error.errors(include_url=False)):
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
            inside = f" in {'.'.join(str(p) for p in loc[:-1])}" if len(loc) > 1 else ""
            hint = key_hint(model, loc) if model is not None else ""
            problems.append(doc.diagnostic(path, "S102", f"unknown key {loc[-1]!r}{inside}" + (f": {hint}" if hint else ""), key=True))
        elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == SLUG_PATTERN:
            problems.append(doc.diagnostic(path, "S104", f"{name}: {err['input']!r} is not a valid id; use lowercase letters, digits and hyphens", key=on_key))
            _note_reference(unresolved, model, doc, base, loc, on_key, name, err["input"], problems[-1])
        elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") in _TEXT_PATTERNS:
            multi_line = err["ctx"]["pattern"] == MULTI_LINE_TEXT_PATTERN
            problems.append(doc.diagnostic(path, "S105", f"{name}: {forbidden_character(err['input'], multi_line)}", key=on_key))
        else:
            message = _HINTS.get(kind, err["msg"])
            shown = err.get("input")
            got = "" if isinstance(shown, (dict, list)) else " (it is empty)" if shown is None else f" (got {shown!r})"
            if kind == "value_error":  # our own validators already name the value
                message, got = message.removeprefix("Value error, "), ""
            problems.append(doc.diagnostic(path, "S103", f"{name}: {message[0].lower()}{message[1:]}{got}", key=on_key))
            if kind == "value_error" and isinstance(shown, str):
                _note_reference(unresolved, model, doc, base, loc, on_key, name, shown, problems[-1], only=("country",))
    for parent, keys in missing.items():
        where = ".".join(str(p) for p in parent[len(base):])
        listed = ", ".join(repr(k) for k in keys)
        problems.append(doc.diagnostic(parent, "S101", f"missing required key{'s' if len(keys) > 1 else ''} {listed}" + (f" in {where}" if where else "")))
    return problems


# How pydantic names the members of a union in a location: never a key of our files
_MEMBER_NAME = re.compile(r"^(.*[\[(].*|constrained-[a-z]+|str|int|float|bool|none|list|dict|function-[a-z]+)$")
_SCALAR_TAG = re.compile(r"^(literal\[|constrained-(str|int|float)|str$|int$|float$|bool$|none$)")


def _child(node: Any, part: Any) -> Any:
    """The value under a key of a mapping or an index of a list; None where the data has none (a
    missing key, an index past the end, a scalar): the rest of the location is then not in the data."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _one_alternative(doc: Document, base: PathKey, errors: list[Any]) -> list[tuple[Any, tuple[Any, ...]]]:
    """Pydantic's errors with the names it gives the members of a union (`literal['sum','best']`,
    `function-after[_one(), CombineRounds]`, `constrained-float`) taken out of each location, and, where
    a value fails every member of a union, only the errors of the member its shape calls for (a mapping:
    the mapping's; a word or number: the scalar's). Without this, `combine: bestest` was reported twice,
    in pydantic's words."""
    located = []
    for err in errors:
        node, loc, union = _data_at(doc.data, base), [], None
        parts = list(err["loc"])
        for at, part in enumerate(parts):
            last_missing = err["type"] == "missing" and at == len(parts) - 1
            in_data = (isinstance(node, dict) and part in node) or (isinstance(node, list) and isinstance(part, int))
            if part == "[key]" or last_missing or in_data:
                loc.append(part)
                node = _child(node, part)
            elif isinstance(part, str) and union is None and _MEMBER_NAME.match(part):  # a union member's name
                union = (tuple(loc), part)
            else:  # a key a shorthand fills in (designated: [a, b] is {entries: [a, b]}): kept
                loc.append(part)
                node = None
        located.append((err, tuple(loc), union))
    members: dict[tuple[Any, ...], list[str]] = {}
    for _, _, union in located:
        if union is not None and union[1] not in members.setdefault(union[0], []):
            members[union[0]].append(union[1])
    chosen = {}
    for place, names in members.items():
        given = _data_at(doc.data, base + place)
        scalar_input = not isinstance(given, (dict, list))
        fitting = [n for n in names if bool(_SCALAR_TAG.match(n)) == scalar_input]
        # a mapping where a list or a mapping may go (a shortlist's on:): the mapping's errors, and the reverse
        unfit = "list" if isinstance(given, dict) else "dict" if isinstance(given, list) else None
        fitting = [n for n in fitting if unfit is None or not n.startswith(unfit)] or fitting
        chosen[place] = (fitting or names)[0]
    return [(err, loc) for err, loc, union in located if union is None or chosen[union[0]] == union[1]]


def validate_model(model: type[BaseModel], doc: Document, data: Any, base: PathKey, problems: list[Diagnostic],
                   omitted: Counter[tuple[str, str]] | None = None, unresolved: list[Unresolved] | None = None) -> Any:
    """The model made of `data`, or None with its problems added to `problems`.

    With `omitted`, a mapping with more than MAX_PER_FILE_AND_CODE + 1 unknown keys (an 11 MB file
    of a million keys) keeps only its first ones; the others are counted in `omitted` and never
    reach pydantic, which would make a million errors of them, nor become diagnostics. What is
    reported after the cap (cap_diagnostics) is the same as without this shortcut: the first keys
    of a mapping are its first by position, the model is invalid either way, and the other
    problems of the mapping do not depend on its unknown keys.
    """
    if omitted is not None and UNKNOWN_KEYS_SHORTCUT:
        data, left_out = _fewer_unknown_keys(model, data)
        if left_out:
            omitted[(doc.file, "S102")] += left_out
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(schema_problems(doc, base, exc, model, unresolved))
        return None


# Fields whose values name something of another file: (model, key) → the kind of thing named.
# A dict's keys are named by (model, key, "[key]").
REFERENCES: dict[tuple[Any, ...], str] = {
    (Entry, "call"): "call", (Entry, "category"): "category", (Entrant, "type"): "entrant type",
    (Entrant, "country"): "country", (Judge, "country"): "country", (Eligibility, "country"): "country",
    (Judge, "calls"): "call", (Judge, "categories"): "category", (Judge, "rounds"): "round",
    (Call, "entrant_types"): "entrant type", (Eligibility, "entrant_type"): "entrant type",
    (ScoreSheet, "judge"): "judge", (ScoreSheet, "round"): "round", (AssignmentFile, "round"): "round",
    (AssignmentFile, "judges", "[key]"): "judge", (AssignmentFile, "judges"): "entry",
    (Decision, "tie"): "entry", (Decision, "round"): "round", (Designation, "entries"): "entry",
}


def _note_reference(unresolved: list[Unresolved] | None, model: type[BaseModel] | None, doc: Document, base: PathKey,
                    loc: tuple[Any, ...], on_key: bool, name: str, value: Any, diagnostic: Diagnostic,
                    only: tuple[str, ...] | None = None) -> None:
    """Adds the problem to `unresolved` if its value names something of another file."""
    if unresolved is None or model is None or not isinstance(value, str):
        return
    found = _field_at(model, loc)
    if found is None:
        return
    owner, key, depth = found
    kind = REFERENCES.get((owner, key, "[key]") if on_key else (owner, key))
    if kind is None or (only is not None and kind not in only):
        return
    context = None
    if kind == "category" and owner is Entry:  # a category is one of the entry's call
        call = _data_at(doc.data, base + loc[:-depth] + ("call",))
        context = call if isinstance(call, str) else None
    unresolved.append(Unresolved(diagnostic, kind, value, name, context))


def _field_at(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[type[BaseModel], str, int] | None:
    """The model and key whose value holds the value at `loc` (a dict's key or value, a list's
    item, or the value itself), and how many parts of `loc` from the end lead to that key's value
    (1: the value itself)."""
    plan: _Nested | None = _nested(model.model_fields["root"].annotation) if issubclass(model, RootModel) else ("model", model)
    found: tuple[type[BaseModel], str, int] | None = None
    for at, part in enumerate(loc):
        if plan is None:
            return found
        kind, inner = plan
        if kind == "model":
            found = (inner, part, len(loc) - at)
            annotation = _fields(inner).get(part)
            plan = None if annotation is None else _nested(annotation)
        else:
            plan = inner
    return found


def _data_at(data: Any, path: PathKey) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data or isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def key_hint(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """"did you mean 'tie_break'?" for the unknown key at `loc` (a path in data validated as
    `model`), from the keys the model allows in that mapping; "" when none is near or the mapping's
    model cannot be told. Only problems come here, never a clean file."""
    keys = _keys_at(model, loc[:-1])
    return _nearest_key(keys, str(loc[-1])) if keys else ""


@lru_cache(maxsize=4096)  # a generated cycle repeats one mistake thousands of times: worked out once
def _nearest_key(keys: tuple[str, ...], key: str) -> str:
    from smartaward.text.suggest import did_you_mean

    return did_you_mean(key, keys) if len(key) <= _LONGEST_KEY else ""


_LONGEST_KEY = 100  # no key of the format is near a longer one: not compared (speed)


def _keys_at(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[str, ...] | None:
    """The keys allowed in the mapping at `loc` in data validated as `model`: the fields (by alias)
    of the model that reads it, found by following fields, dict values and list items as _nested
    plans them; None where no model reads a mapping there."""
    plan: _Nested | None = _nested(model.model_fields["root"].annotation) if issubclass(model, RootModel) else ("model", model)
    for part in loc:
        if plan is None:
            return None
        kind, inner = plan
        if kind == "model":
            annotation = _fields(inner).get(part)
            plan = None if annotation is None else _nested(annotation)
        else:  # a dict's key or a list's index: the value is read as `inner`
            plan = inner
    return tuple(_fields(plan[1])) if plan is not None and plan[0] == "model" else None


@cache
def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """A model's keys (a field's alias where it has one) → their annotations."""
    return {info.alias or name: info.annotation for name, info in model.model_fields.items()}


_KEPT_UNKNOWN_KEYS = MAX_PER_FILE_AND_CODE + 1  # the ones listed, and the one whose place the count takes

# How a field's value can hold mappings that a model reads: ("model", Model), ("dict", inner) for
# the values of a dict, ("list", inner) for the items of a list. Worked out once per model from
# its annotations, so that checking a value costs no typing introspection.
_Nested = tuple[Any, ...]


@dataclass(frozen=True)
class _Shape:
    """What a model reads from a mapping: its keys, and the fields whose values hold models too."""

    keys: frozenset[str]
    most: int  # a mapping of more keys than this can have more than _KEPT_UNKNOWN_KEYS unknown ones
    nested: tuple[tuple[str, _Nested], ...]


@cache
def _shape(model: type[BaseModel]) -> _Shape | None:
    """None for a model that accepts any key (nothing of it is unknown)."""
    if model.model_config.get("extra") != "forbid":
        return None
    keys = frozenset(info.alias or name for name, info in model.model_fields.items())
    nested = tuple((info.alias or name, plan) for name, info in model.model_fields.items()
                   if (plan := _nested(info.annotation)) is not None)
    return _Shape(keys, len(keys) + _KEPT_UNKNOWN_KEYS, nested)


def _nested(annotation: Any) -> _Nested | None:
    """How values of this annotation hold models (None: they cannot)."""
    while typing.get_origin(annotation) is typing.Annotated:  # Annotated adds validators, not structure
        annotation = typing.get_args(annotation)[0]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is None:
        return ("model", annotation) if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    if origin is dict and len(args) == 2:
        inner = _nested(args[1])
        return None if inner is None else ("dict", inner)
    if origin is list and len(args) == 1:
        inner = _nested(args[0])
        return None if inner is None else ("list", inner)
    if origin in (typing.Union, types.UnionType):  # X | None, or a model | a shorthand: a mapping is read as the model
        plans = [plan for plan in map(_nested, args) if plan is not None]
        return plans[0] if len(plans) == 1 else None
    return None


def _fewer_unknown_keys(model: type[BaseModel], data: Any) -> tuple[Any, int]:
    """`data` with at most _KEPT_UNKNOWN_KEYS unknown keys in each mapping that `model` (and the
    models nested in it: fields, dicts and lists of models) reads, and how many keys were dropped.
    Only what changes is copied; an ordinary mapping costs a length check per nested field."""
    shape = _shape(model)
    if shape is None or type(data) is not dict:
        return data, 0
    result, dropped = data, 0
    if len(data) > shape.most:
        unknown = [key for key in data if key not in shape.keys]
        if len(unknown) > _KEPT_UNKNOWN_KEYS:
            drop = set(unknown[_KEPT_UNKNOWN_KEYS:])
            result = {key: value for key, value in data.items() if key not in drop}
            dropped = len(drop)
    for key, plan in shape.nested:
        if key in result:
            value, n = _fewer_in(plan, result[key])
            if n:
                result = dict(result) if result is data else result
                result[key] = value
                dropped += n
    return result, dropped


def _fewer_in(plan: _Nested, value: Any) -> tuple[Any, int]:
    """_fewer_unknown_keys for a field's value, as its plan says the value holds models."""
    kind, inner = plan
    if kind == "model":
        return _fewer_unknown_keys(inner, value)
    if kind == "dict" and type(value) is dict:
        changed = {key: _fewer_in(inner, item) for key, item in value.items()}
        n = sum(count for _, count in changed.values())
        return ({key: item for key, (item, _) in changed.items()}, n) if n else (value, 0)
    if kind == "list" and type(value) is list:
        items = [_fewer_in(inner, item) for item in value]
        n = sum(count for _, count in items)
        return ([item for item, _ in items], n) if n else (value, 0)
    return value, 0

def _read_marks(cycle: Cycle, doc: Document, scores: dict[str, Any], sheet: int) -> None:
    key = cycle.sheets[sheet].key
    if {} not in scores.values():  # no line without marks (the common case): the sheet's lines at once
        cycle.marks.extend(sheet, scores)
        return
    for entry_id, marks in scores.items():
        if type(marks) is dict and not marks:
            cycle.problems.append(doc.diagnostic((key, entry_id), "M304", f"no marks for {entry_id!r}; give marks or remove the line"))
            continue
        cycle.marks.add(sheet, entry_id, marks)


def _read_pairs(cycle: Cycle, items: list[Any], sheet: int) -> None:
    """A pairs sheet as lines: per entry its judgments (Comparisons), entries in the order first named.
    Items that are not two different texts make no judgment; checks/pairs.py reports them (M309)."""
    found: dict[str, list[Judgment]] = {}
    first = cycle.sheets[sheet].first
    for item, pair in enumerate(items):
        if not is_pair(pair) or pair[0] == pair[1]:
            continue
        winner, loser = pair
        if winner not in found:
            found[winner] = []
            first[winner] = ("pairs", item, 0)
        if loser not in found:
            found[loser] = []
            first[loser] = ("pairs", item, 1)
        found[winner].append(Judgment(loser, True, item))
        found[loser].append(Judgment(winner, False, item))
    for entry_id, judgments in found.items():
        cycle.marks.add(sheet, entry_id, Comparisons(judgments))


def _read_judges(cycle: Cycle, doc: Document) -> None:
    """Judges one by one, so that one judge's mistake does not hide the rest of the jury."""
    if doc.data is None:
        cycle.unreadable.add("judges")
        return
    if not isinstance(doc.data, dict):
        validate_model(JudgesFile, doc, doc.data, (), cycle.problems, cycle.omitted)
        cycle.unreadable.add("judges")
        return
    for judge_id, data in doc.data.items():
        if not re.fullmatch(SLUG_PATTERN, judge_id) or len(judge_id) > 120:
            cycle.problems.append(doc.diagnostic((judge_id,), "S104", f"{judge_id!r} is not a valid judge id; use lowercase letters, digits and hyphens",
                                                 key=True))
            cycle.broken_judges.add(judge_id)
            continue
        judge = validate_model(Judge, doc, data, (judge_id,), cycle.problems, cycle.omitted, cycle.unresolved)
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


Progress = Callable[[str, int, int], None]  # (what is being done, done so far, total)


def load_cycle(root: Path | CycleFiles, *, cache: Cache | None = None, progress: Progress | None = None) -> Cycle:
    """Read every file of the cycle at `root` (a folder holding cycle.yaml). Never raises on bad data.

    `cache` skips parsing files seen before (see cache.py); `progress` is told after each file.
    """
    files = root if isinstance(root, CycleFiles) else collect(root)
    with gc_paused():
        return _parse_files(files, cache, progress)


def _parse_files(files: CycleFiles, cache: Cache | None, progress: Progress | None) -> Cycle:
    cycle = Cycle(root=files.root, display_root=files.display_root)
    cycle.problems.extend(files.problems)
    cycle.unreadable.update(files.refused)  # refused before reading: what they define is unknown
    if "judges" not in {f.role for f in files.files}:
        cycle.unreadable.add("judges")
    for done, (file, parsed) in enumerate(_documents(files, cache), start=1):
        working_on.set(f"reading {file.shown}")
        if file.raw is None:
            cycle.problems.append(Diagnostic(file.shown, 0, 0, "F002", f"cannot read the file: {file.error}"))
            if file.role in ("judges", "entries"):
                cycle.unreadable.add(file.role)
        elif file.role == "scores-csv":  # one file, any number of judges' sheets
            from smartaward.reading.csvsheets import read_csv_sheets  # imported only by cycles that have CSV sheets

            sheets, found = read_csv_sheets(file.path, file.shown, file.raw)
            cycle.problems.extend(found)
            for _, doc in sheets:
                _add_sheet(cycle, doc)
        elif parsed is not None:
            doc, found = parsed
            cycle.problems.extend(found)
            _ROLES[file.role](cycle, doc)
        if progress is not None:
            progress("reading", done, len(files.files))
    return cycle


def _documents(files: CycleFiles, cache: Cache | None) -> Iterator[tuple[SourceFile, tuple[Document, list[Diagnostic]] | None]]:
    """Each file with its parsed document (None if unreadable), in file order.

    A big cycle's files that the cache does not know are parsed by worker processes (parallel.py)
    while this process takes in the results; the outcome is the same as parsing them here.
    """
    def fast(file: SourceFile) -> Callable[[str], Any] | None:
        """The line scanner for the file's role, looked up here at each call (tests put a spy in its place)."""
        if not FAST_PATHS:
            return None
        return parse_sheet if file.role == "scores" else parse_entries if file.role == "entries" else None

    readable = [(f, f.raw) for f in files.files if f.raw is not None and f.role != "scores-csv"]
    known: dict[int, Any] = {}
    if cache is not None:
        for file, raw in readable:
            data = cache.parsed(raw)
            if data is not MISS:
                known[id(file)] = data
    unknown = [(f, raw) for f, raw in readable if id(f) not in known]
    in_parallel = PARALLEL and sum(len(raw) for _, raw in unknown) >= PARALLEL_MIN_BYTES
    if in_parallel:  # imported only for big cycles: multiprocessing costs ~40 ms to import
        from smartaward.reading import parallel

        in_parallel = parallel.workers() > 1
    if in_parallel:
        cache_dir = str(cache.directory) if cache is not None and cache.usable else None
        results = parallel.parse_all([(raw, f.shown, f.role if fast(f) else None, cache_dir) for f, raw in unknown])
    for file in files.files:
        if file.raw is None or file.role == "scores-csv":
            yield file, None  # unreadable, or read by csvsheets
        elif id(file) in known:
            yield file, (Document(file.shown, known[id(file)], raw=file.raw), [])  # decoded only for a position
        elif in_parallel:
            try:
                yield file, next(results)
            except Exception:  # noqa: BLE001 - workers could not start (e.g. no importable __main__)
                in_parallel = False  # the same parse, here: slower, never different
                yield file, parse_bytes(file.raw, file.shown, fast(file), cache)
        else:
            yield file, parse_bytes(file.raw, file.shown, fast(file), cache)


def _add_cycle_file(cycle: Cycle, doc: Document) -> None:
    cycle.cycle_doc = doc
    if doc.data is not None:
        cycle.spec = validate_model(CycleFile, doc, doc.data, (), cycle.problems, cycle.omitted, cycle.unresolved)


def _add_judges(cycle: Cycle, doc: Document) -> None:
    cycle.judges_doc = doc
    _read_judges(cycle, doc)


def _add_entries(cycle: Cycle, doc: Document) -> None:
    if doc.data is None:
        cycle.unreadable.add("entries")
        return
    items = list(enumerate(doc.data)) if isinstance(doc.data, list) else [(None, doc.data)]
    for index, data in items:
        base: PathKey = () if index is None else (index,)
        entry = validate_model(Entry, doc, data, base, cycle.problems, cycle.omitted, cycle.unresolved)
        if entry is not None:
            cycle.entries.append(EntryRecord(entry, doc, base))
        elif isinstance(data, dict) and isinstance(data.get("id"), str):
            cycle.broken_entries.add(data["id"])
        else:
            cycle.unreadable.add("entries")
    if RELEASE_ENTRY_DATA:
        # What the file said is now in its models (or reported): nothing reads an entries file's data
        # after this, and a big cycle's would hold ~1 KB an entry (100 MB for L) for nothing.
        doc.data = None


def _add_sheet(cycle: Cycle, doc: Document) -> None:
    if doc.data is None:
        cycle.unreadable.add("scores")
        return
    if type(doc.data) is dict and "values" in doc.data and "judge" not in doc.data:
        _add_value_sheet(cycle, doc)
        return
    sheet = validate_model(ScoreSheet, doc, doc.data, (), cycle.problems, cycle.omitted, cycle.unresolved)
    if sheet is None:
        cycle.unreadable.add("scores")  # panels are not counted while a sheet cannot be read
    else:
        cycle.sheets.append(Sheet(sheet.judge, sheet.round, doc, sheet.key, sheet.comments or {}))
        if sheet.pairs is not None:
            _read_pairs(cycle, sheet.pairs, len(cycle.sheets) - 1)
        else:
            _read_marks(cycle, doc, sheet.values, len(cycle.sheets) - 1)


def _add_value_sheet(cycle: Cycle, doc: Document) -> None:
    """A values sheet: measured parts, not a judge's marks (no `judge:`, and `values:`)."""
    sheet = validate_model(ValuesSheet, doc, doc.data, (), cycle.problems, cycle.omitted, cycle.unresolved)
    if sheet is not None:  # (one with a schema error is reported as such, and none of its values is read)
        cycle.value_sheets.append(ValueSheet(sheet.round, doc, sheet.values))


def _add_assignments(cycle: Cycle, doc: Document) -> None:
    if doc.data is None:
        cycle.unreadable.add("assignments")
        return
    found = validate_model(AssignmentFile, doc, doc.data, (), cycle.problems, cycle.omitted, cycle.unresolved)
    if found is None or _refused_heading(doc):
        cycle.unreadable.add("assignments")  # a round's assignments are unknown, not absent
        return
    judges = {judge_id: tuple(dict.fromkeys(entry_ids)) for judge_id, entry_ids in found.judges.items()}
    cycle.assignments.append(Assignment(found.round, found.per_entry, found.seed, judges, doc))


def _refused_heading(doc: Document) -> bool:
    """Whether the reader refused the value of `round:`, `per_entry:` or `seed:` (a tag it does not
    allow, an alias: Y003, Y004). The value is then None, which these keys accept, so the file would
    pass as one without a round (and get a misleading P801) or without per_entry: it is left out
    instead, as a file whose value fails the schema is."""
    data = doc.data
    return bool(doc.refused) and isinstance(data, dict) and any(
        key in data and data[key] is None and doc.refused_at((key,)) for key in ("round", "per_entry", "seed"))


_ROLES: dict[str, Callable[[Cycle, Document], None]] = {
    "cycle": _add_cycle_file, "judges": _add_judges, "entries": _add_entries, "scores": _add_sheet,
    "assignments": _add_assignments,
}
