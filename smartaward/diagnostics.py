"""Problems as data: every check yields `Diagnostic`s, renderers turn them into text or JSON.

Codes are stable: scripts, CI and tests rely on them, so a code is never reused for a different
problem. The first letter names the family:

    Y  the YAML file itself (syntax, encoding, duplicate keys, aliases, tags)
    F  the cycle folder (missing or unreadable files)
    S  schema (missing, unknown or wrongly typed keys)
    R  references between files (ids, calls, categories, judges, criteria)
    M  marks (scale, step, shape of a score sheet)
    J  judging (deadlines, conflicts, assignments, panel size)
    A  awards (slots and designated awards)
    T  tables (CSV score sheets: header, rows)
    I  imports (`smartaward import`: a spreadsheet's header and rows, files it would overwrite)
    P  panels: assignments of judges to entries (assignments/ROUND.yaml)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum
from operator import attrgetter

# The families, by the first letter of their codes (in the order the catalogue documents them).
FAMILIES = {
    "Y": "the YAML file itself",
    "F": "the cycle folder",
    "S": "schema",
    "R": "references between files",
    "M": "marks",
    "J": "judging",
    "A": "awards",
    "T": "CSV score sheets",
    "I": "spreadsheet imports",
    "P": "panels (assignments of judges)",
}


# What the tool is busy with ("reading cycles/x/scores/j07.yaml", "checking cycles/x"): an
# internal error names it, so that a bug report says which file triggered it.
working_on: ContextVar[str | None] = ContextVar("working_on", default=None)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    title: str


def _catalogue(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


E, W = Severity.ERROR, Severity.WARNING

CATALOGUE: dict[str, Code] = _catalogue(
    Code("Y001", "yaml-syntax", E, "The file is not valid YAML"),
    Code("Y002", "duplicate-key", E, "A mapping has the same key twice"),
    Code("Y003", "alias", E, "Anchors and aliases are not allowed"),
    Code("Y004", "tag", E, "An unsupported YAML tag"),
    Code("Y005", "encoding", E, "The file is not UTF-8 text"),
    Code("Y006", "empty-file", E, "The file holds no data"),
    Code("Y007", "complex-key", E, "A mapping key that is not a plain value"),
    Code("F001", "missing-file", E, "A required file of the cycle is missing"),
    Code("F002", "unreadable-file", E, "A file cannot be read"),
    Code("F003", "ignored-file", W, "A file not read: not YAML (in entries/, scores/, assignments/), not directly in "
                                    "assignments/, or an assignment file out of place (assignments.yaml, assignment/)"),
    Code("F004", "file-too-large", E, "A file over the size limit per file is not read"),
    Code("F005", "link-not-followed", E, "A symbolic link that leads outside the cycle folder, or to a folder, is not followed"),
    Code("F006", "link-not-written", E, "A file to be written is a symbolic link that leads outside the folder written in: it is not written through"),
    Code("S101", "missing-key", E, "A required key is missing"),
    Code("S102", "unknown-key", E, "A key that the format does not define"),
    Code("S103", "invalid-value", E, "A value of the wrong type or outside its allowed values"),
    Code("S104", "invalid-id", E, "An id that is not a slug ([a-z0-9][a-z0-9-]*)"),
    Code("S105", "control-character", E, "A text holding a control character, a bidirectional override or another character no text may hold"),
    Code("R201", "duplicate-id", E, "Two entries have the same id"),
    Code("R202", "unknown-call", E, "A reference to a call that cycle.yaml does not define"),
    Code("R203", "unknown-category", E, "A reference to a category that the call does not define"),
    Code("R204", "unknown-judge", E, "A score sheet or assignment of a judge that judges.yaml does not list"),
    Code("R205", "unknown-entry", E, "A score, designation or assignment for an entry that does not exist"),
    Code("R206", "unknown-criterion", E, "A mark for a criterion that the call does not define"),
    Code("R207", "unknown-entrant-type", E, "An entrant type that cycle.yaml does not list"),
    Code("R208", "unknown-tie-break", E, "A tie-break rule that names no criterion of the call"),
    Code("R209", "duplicate-sheet", E, "Two score sheets for the same judge"),
    Code("R210", "entrant-mismatch", W, "One entrant (same id or name) described differently in two entries"),
    Code("R211", "rules-conflict", E, "Judging rules that cannot be applied together as written"),
    Code("R212", "entrant-name-variant", W, "Two entrants' names that look the same but are written differently, so they count as two entrants"),
    Code("R213", "mixed-script-name", W, "A name that mixes letters of different scripts in one word (a Cyrillic А in a Latin name)"),
    Code("R214", "impossible-conflict", E, "A judge's conflict that can never match an entry id (upper case, spaces, a title, a broken pattern)"),
    Code("R215", "unknown-judge-scope", E, "A judge's category or round that no call of the cycle has"),
    Code("R216", "factor-missing", E, "An entry without a factor for a criterion (or round) that other entries of the round have a factor for"),
    Code("R217", "unknown-round-reference", E,
         "A combine, shortlist on:, round criteria or factor that names a round or criterion the call does not have, or one twice"),
    Code("R218", "measured-value-twice", E, "Two values for the same measured part of one entry in one round: the first (in path order) counts"),
    Code("M301", "mark-out-of-scale", E, "A mark below the scale's minimum or above its maximum"),
    Code("M302", "mark-off-step", E, "A mark that is not a multiple of the scale's step"),
    Code("M303", "mark-not-number", E, "A mark that is not a number"),
    Code("M304", "mark-shape", E, "Criterion marks where the call has none, or one mark where it has criteria"),
    Code("M305", "missing-mark", W, "A judge left a criterion of an entry unmarked"),
    Code("M306", "verdict-not-pass-fail", E, "A screening verdict that is not pass or fail"),
    Code("M307", "marks-or-ranks", E, "Marks where the round is ranked or compared in pairs, or ranks or pairs where it is marked otherwise"),
    Code("M308", "rank-not-valid", E, "A rank that is not a whole number from 1"),
    Code("M309", "pair-not-valid", E, "A comparison that is not two different entry ids of one call and category, [winner, loser]"),
    Code("M310", "pair-repeated", W, "A judge compares the same two entries again: their judgments of the pair count as one comparison"),
    Code("J401", "late-entry", W, "An entry submitted after its call closed"),
    Code("J402", "conflict-of-interest", W, "A judge scored an entry they declared a conflict with"),
    Code("J403", "judge-not-on-call", W, "A judge scored an entry of a call they do not judge"),
    Code("J404", "too-few-judges", W, "An entry with fewer valid scores than min_judges"),
    Code("J405", "entrant-type-not-allowed", E, "An entrant type that the call does not accept"),
    Code("J406", "designated-call-scored", W, "Marks for an entry of a call whose awards are designated"),
    Code("J407", "rounds-not-defined", E, "A score sheet names a round but no call defines rounds"),
    Code("J408", "round-not-of-call", E, "Marks or a decision for a round that the entry's call does not have"),
    Code("J409", "round-missing", E, "A score sheet without a round for a call judged in rounds"),
    Code("J410", "derived-conflict", W, "A judge shares a fact with an entrant that the conflicts rule excludes"),
    Code("J411", "derived-conflict-error", E, "As J410, where the conflicts rule says severity: error"),
    Code("J412", "tie-awaits-chair", W, "A tie reached the chair rule with no recorded decision"),
    Code("J413", "method-limit", E, "A rank method's limit: too many entries in contention, or a fit that did not settle"),
    Code("J414", "not-normalised", W, "A judge's marks are not normalised: too few of them, or (z-score) no spread"),
    Code("J415", "not-screened", W, "An entry with no verdict in a screening round, so it goes no further"),
    Code("J416", "submitted-before-opening", E, "An entry submitted before its call opened"),
    Code("J417", "marks-after-elimination", W, "Marks for an entry in a round it did not reach: they are not counted"),
    Code("J418", "country-missing", W, "A rule that uses countries met an entrant without a country: the rule cannot apply to it"),
    Code("J419", "measured-value-missing", E, "An entry with counted marks in a round but no value for one of the round's measured parts: it has no score"),
    Code("J420", "measured-value-unused", W, "A measured value for an entry that has no score in that round (not marked there, or it did not reach it)"),
    Code("A501", "designated-unknown-award", E, "A designation for an award the category does not offer"),
    Code("A502", "designated-too-many", E, "More designated entries than the award has slots"),
    Code("A503", "designated-in-scored-call", E, "Designations in a call whose awards are scored"),
    Code("T601", "csv-header", E, "A CSV score sheet whose header lacks a required column or has an unknown one"),
    Code("T602", "csv-row", E, "A CSV row with the wrong number of cells or an empty judge or entry"),
    Code("T603", "csv-duplicate-mark", E, "The same judge, entry and criterion twice in CSV score sheets"),
    Code("I701", "import-header", E, "A spreadsheet header that does not say where every field is: a field no column gives, or gives twice"),
    Code("I702", "import-cell", E, "A spreadsheet cell that cannot be imported: outside the header, empty where needed, or an error value"),
    Code("I703", "import-target-exists", E, "An import would write over an existing file: without --force, or one that holds more than the import writes"),
    Code("I704", "import-too-large", E, "A spreadsheet over the import's limits (uncompressed size, rows, columns, cells): it is not read"),
    Code("I705", "import-unknown-value", E, "A spreadsheet value that names nothing the cycle knows (by id, title or name), or no country"),
    Code("I706", "import-columns-ignored", W, "Spreadsheet columns that map to no field: they are not imported (one warning lists them all)"),
    Code("I707", "import-conflict-unmatched", W, "A judge's conflict in an imported jury list that matches no entry of the cycle (yet)"),
    Code("I708", "import-judge-name-twice", W, "Two rows of an imported jury list with one judge's name: score sheets cannot name them apart"),
    Code("P801", "assignment-round", E, "An assignment file's round: missing where calls have rounds, a round no call has, or given where none has"),
    Code("P802", "duplicate-assignment", E, "A second assignment file for the same round"),
    Code("P803", "repeated-assignment", E, "An entry listed twice for one judge in an assignment file"),
    Code("P804", "unassigned-marks", W, "Marks on an entry not assigned to the judge in a round that has an assignment file: they are not counted"),
    Code("P805", "assignment-excluded", E, "A judge assigned an entry they may not judge: a conflict, a call or round they do not judge, an observer"),
    Code("P806", "assignment-outside-round", E, "An entry assigned in a round its call is not judged in"),
    Code("P807", "panel-short", W, "An entry of the round assigned to fewer judges than per_entry, or to none"),
    Code("P808", "assignment-not-reached", W, "An entry assigned in a round it did not reach: late, screened out or not shortlisted"),
    Code("P809", "judge-load", W, "A judge assigned more entries than max_entries, or fewer than min_entries, in a round"),
    Code("P810", "panel-over", W, "An entry assigned to more judges than per_entry"),
    Code("P811", "assignment-file-name", W, "An assignment file named after one round whose round: names another"),
    Code("P812", "panel-not-different", W, "Two judges of one entry share the fact rules.assignment.different names"),
    Code("P813", "assignment-expertise", W, "Under rules.assignment.expertise: require, a judge assigned an entry whose category and tags they do not know"),
    # Reported by `smartaward assign` only (assigning/problems.py), never by validate.
    Code("P851", "assign-too-few-candidates", E, "An entry has fewer judges who may judge it than the judges it needs"),
    Code("P852", "assign-short", E, "The judges' caps or availability cannot give every entry of the round its judges"),
    Code("P853", "assign-pair-dropped", W, "A pair of the round's assignment file is no longer valid and is dropped (--keep)"),
    Code("P854", "assign-below-minimum", W, "A judge is given fewer entries than min_entries"),
)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place. Line and column are 1-based; 0 means 'the whole file'."""

    file: str
    line: int
    column: int
    code: str
    message: str

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def name(self) -> str:
        return CATALOGUE[self.code].name

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
        }


# The dataclass's own order (file, line, column, code, message), compared in C: a key function
# sorts a million diagnostics several times faster than the generated __lt__ does.
_ORDER = attrgetter("file", "line", "column", "code", "message")


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """One order for every output: by file, then position, then code; duplicates dropped."""
    return sorted(set(diagnostics), key=_ORDER)


# At most this many diagnostics of one code are listed for one file; the rest become one more
# diagnostic of that code, "and N more ...". A file with a million unknown keys (or bad marks, or
# unknown entries) is then 101 lines in every output instead of a million: each code's first
# problems say what is wrong, and a count says how much.
MAX_PER_FILE_AND_CODE = 100


def cap_diagnostics(diagnostics: Iterable[Diagnostic], omitted: Mapping[tuple[str, str], int] | None = None,
                    limit: int = MAX_PER_FILE_AND_CODE) -> list[Diagnostic]:
    """`sort_diagnostics`, keeping the first `limit` of each code in each file (in that order: by
    position) and, in place of the others, one diagnostic of the same code at the next one's
    position that says how many were left out. `omitted` counts, by (file, code), problems that
    were never made into diagnostics (loading stops making them early: see load.validate_model);
    they are only ever left out after at least `limit` + 1 listed ones of their file and code."""
    ordered = sort_diagnostics(diagnostics)
    counts = Counter((d.file, d.code) for d in ordered)
    extra = {key: n for key, n in (omitted or {}).items() if n > 0}
    if all(n <= limit for n in counts.values()) and not extra:
        return ordered
    kept: list[Diagnostic] = []
    seen: Counter[tuple[str, str]] = Counter()
    last: dict[tuple[str, str], Diagnostic] = {}
    for d in ordered:
        key = (d.file, d.code)
        seen[key] += 1
        if seen[key] <= limit:
            kept.append(d)
            last[key] = d
        elif seen[key] == limit + 1:
            kept.append(_left_out(d, counts[key] - limit + extra.pop(key, 0), limit))
    for key, n in extra.items():  # not expected (see above), but never lost: said after the last one
        at = last.get(key) or Diagnostic(key[0], 0, 0, key[1], "")
        kept.append(_left_out(at, n, counts[key]))
    return sorted(kept, key=_ORDER)


def _left_out(at: Diagnostic, more: int, listed: int) -> Diagnostic:
    return Diagnostic(at.file, at.line, at.column, at.code,
                      f"and {more:,} more {at.code} in this file (the first {listed} are listed)")


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


# A code (J401) or a prefix that takes a family (J4, J): --select, --ignore, cycle.yaml's validate: block.
CODE_PREFIX = re.compile(r"[A-Z][0-9]{0,3}\Z")


def code_problem(value: str) -> str | None:
    """Why `value` is not a code or code prefix (None if it is one)."""
    if CODE_PREFIX.match(value) and any(code.startswith(value) for code in CATALOGUE):
        return None
    from difflib import get_close_matches

    by_name = {entry.name: entry.code for entry in CATALOGUE.values()}
    if value.lower() in by_name:
        return f"{value!r} is the name of {by_name[value.lower()]}; give the code"
    close = get_close_matches(value.upper(), list(CATALOGUE), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else " (a code is like J401; a prefix like J4 or J takes a family)"
    return f"{value!r} is no diagnostic code, nor the start of one{hint}"
