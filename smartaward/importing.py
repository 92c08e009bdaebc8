"""Spreadsheets → cycle files: `smartaward import entries|scores FILE.csv|FILE.xlsx`.

The core of the command, without typer or rich. One import is planned in full before anything is
written:

1. read the spreadsheet (`read_table`): CSV (UTF-8, with or without a byte-order mark; `,`, `;` or
   tab, judged from the header line as for CSV score sheets) or XLSX (openpyxl, read-only, cached
   values of formulas; the first sheet or a named one). Positions are spreadsheet positions: the
   row number with the header as row 1 (a CSV record with a line break inside a quoted cell is
   still one row), and the 1-based column;
2. map the header's columns to fields (`resolve_columns`): explicit mappings first, then default
   header names compared loosely (case, spaces, `_`, `.` and `-` ignored: "Entrant city" is
   entrant.city);
3. turn every row into the YAML file it would become (one entry per file in `entries/<id>.yaml`;
   one score sheet per judge and round in `scores/[<round>/]<judge>.yaml`), remembering which cell
   each value of the YAML came from;
4. check the cycle as it would be with those files, in memory: the same loader and the same checks
   as `validate` (pydantic models, references to calls, categories, judges, criteria, scales,
   rounds, deadlines), so an import accepts exactly what validate accepts. Every problem found in a
   would-be file is moved back to the spreadsheet cell its value came from.

Nothing is written when any row is bad, unless the caller skips bad rows (then the good rows are
checked again on their own, until no error is left). An existing file is never replaced unless
`force` says so. The CLI (cli_import.py) writes the planned files with `write_atomic`.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from .diagnostics import Diagnostic, Severity, sort_diagnostics
from .files import CYCLE_FILE, CycleFiles, SourceFile, collect, shown_name
from .model import SLUG_PATTERN
from .source import decode, plain_scalar

KINDS = ("entries", "scores")
IGNORE = "-"  # the mapping target that drops a column

ENTRY_FIELDS = ("id", "call", "category", "title", "entrant.name", "entrant.type", "entrant.id",
                "entrant.city", "entrant.country", "submitted", "summary", "url")
REQUIRED_ENTRY_FIELDS = ("call", "category", "title", "entrant.name", "entrant.type", "entrant.country", "submitted")
SCORE_FIELDS = ("judge", "entry", "round", "criterion", "mark")

# Header names recognised without a mapping, compared after `loose_header`.
DEFAULT_HEADERS: dict[str, dict[str, str]] = {
    "entries": {
        "id": "id", "entry id": "id", "entry": "id",
        "call": "call", "call id": "call",
        "category": "category", "category id": "category",
        "title": "title", "entry title": "title", "project title": "title", "project": "title",
        "entrant name": "entrant.name", "entrant": "entrant.name", "name": "entrant.name", "applicant": "entrant.name",
        "entrant type": "entrant.type", "type": "entrant.type",
        "entrant id": "entrant.id",
        "entrant city": "entrant.city", "city": "entrant.city",
        "entrant country": "entrant.country", "country": "entrant.country", "country code": "entrant.country",
        "submitted": "submitted", "submitted on": "submitted", "date submitted": "submitted", "submission date": "submitted",
        "summary": "summary", "description": "summary",
        "url": "url", "website": "url", "link": "url",
    },
    "scores": {
        "judge": "judge", "judge id": "judge", "juror": "judge",
        "entry": "entry", "entry id": "entry",
        "round": "round",
        "criterion": "criterion", "criterion id": "criterion",
        "mark": "mark", "score": "mark",
    },
}

# Codes about the progress of judging, not about the files being imported: an entry just imported
# has no marks yet (J404, J415), and ties or normalisation depend on the marks of everyone (J412,
# J413, J414). `validate` reports them for the cycle as a whole.
NOT_ABOUT_THE_IMPORT = frozenset({"J404", "J412", "J413", "J414", "J415"})

_SLUG = re.compile(SLUG_PATTERN)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# A date with a time of day, as form tools export a submission time: the day counts.
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\Z")
_SEPARATORS = re.compile(r"[\s_.\-]+")
# What an XLSX cell holding a spreadsheet error reads as (openpyxl gives its text).
_SHEET_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"})
MAX_ID_LENGTH = 60  # a derived id: long enough to tell entries apart, short enough for a file name


class ImportMisuse(Exception):
    """The command was pointed at something it cannot import (exit 2): a missing file, an unknown
    extension or sheet, an unknown mapping target."""


Cell = tuple[int, int]  # (spreadsheet row, 1-based column)


# --- reading ----------------------------------------------------------------------------------

@dataclass
class Table:
    """A spreadsheet's header and rows, each row padded to the header's width."""

    file: str  # the name used in diagnostics
    name: str  # the file's base name, for the comment at the top of generated files
    header_row: int = 1
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number, cells)
    problems: list[Diagnostic] = field(default_factory=list)

    def header_name(self, column: int) -> str:
        return self.header[column - 1] if 0 < column <= len(self.header) else f"column {column}"


def _blank(cells: Iterable[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def read_table(path: Path, file: str, sheet: str | None = None) -> Table:
    """The table in a CSV or XLSX file. ImportMisuse for a file that is missing or of another kind;
    problems inside the file (encoding, a workbook that cannot be read) are in `problems`."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise ImportMisuse(f"{file}: can import .csv and .xlsx files only (save the spreadsheet as CSV UTF-8 or as an Excel workbook)")
    if not path.is_file():
        raise ImportMisuse(f"{file}: no such file" if not path.exists() else f"{file}: not a file")
    if sheet is not None and suffix == ".csv":
        raise ImportMisuse("--sheet is for .xlsx workbooks; a CSV file has one table")
    table = Table(file, PurePosixPath(path.name).name)
    records = _csv_records(path, table) if suffix == ".csv" else _xlsx_records(path, table, sheet)
    header: list[Any] | None = None
    for number, cells in records:
        if header is None:
            if not _blank(cells):
                header, table.header_row = cells, number
                table.header = [_text(c) or "" for c in cells]
                while table.header and not table.header[-1]:
                    table.header.pop()  # trailing empty header cells: a spreadsheet's used range
            continue
        if _blank(cells):
            continue
        width = len(table.header)
        extra = next((i for i in range(width, len(cells)) if not _blank([cells[i]])), None)
        if extra is not None:
            table.problems.append(Diagnostic(file, number, extra + 1, "I702",
                                             f"the row has a value in column {extra + 1}, outside the header's {width} columns"))
        table.rows.append((number, (list(cells[:width]) + [None] * width)[:width]))
    if header is None and not table.problems:
        table.problems.append(Diagnostic(file, 1, 1, "Y006", "the file holds no data"))
    elif header is not None and not table.rows:
        table.problems.append(Diagnostic(file, table.header_row, 1, "Y006", "the file holds no data: it has a header but no rows"))
    return table


def _csv_records(path: Path, table: Table) -> Iterable[tuple[int, list[Any]]]:
    """The CSV file's records, numbered as a spreadsheet numbers its rows (blank lines count)."""
    from .csvsheets import csv_reader, sniff_delimiter, text_lines  # the same reading as CSV score sheets

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportMisuse(f"{table.file}: cannot read the file: {exc.strerror or exc}") from None
    text, problems = decode(raw, table.file)
    if text is None:
        table.problems.extend(problems)
        return []
    records: list[tuple[int, list[Any]]] = []
    reader = csv_reader(text_lines(raw), sniff_delimiter(raw))
    try:
        for number, row in enumerate(reader, start=1):
            records.append((number, row))
    except csv.Error as exc:
        table.problems.append(Diagnostic(table.file, len(records) + 1, 1, "I702",
                                         f"cannot read the rest of the file from this row: {exc} (is a quote left open?)"))
    return records


def _xlsx_records(path: Path, table: Table, sheet: str | None) -> Iterable[tuple[int, list[Any]]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        table.problems.append(Diagnostic(table.file, 0, 0, "F002", f"cannot read the workbook: {' '.join(str(exc).split()) or type(exc).__name__}"))
        return []
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise ImportMisuse(f"{table.file} has no sheet {sheet!r}; its sheets: {', '.join(book.sheetnames)}")
        records: list[tuple[int, list[Any]]] = []
        for number, row in enumerate(worksheet.iter_rows(), start=1):
            cells: list[Any] = []
            for index, cell in enumerate(row):
                value = cell.value
                if cell.data_type == "e" or (isinstance(value, str) and value in _SHEET_ERRORS):
                    table.problems.append(Diagnostic(table.file, number, index + 1, "I702",
                                                     f"the cell holds the spreadsheet error {value}; fix the formula, or type the value in"))
                    value = None
                cells.append(value)
            records.append((number, cells))
        return records
    finally:
        book.close()


# --- cell values --------------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    """A cell as text (None when empty): spreadsheets type numbers and dates where text was meant."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value).strip()
    return text or None


def _date(value: Any) -> str | None:
    """A date cell as YYYY-MM-DD where it is one (an XLSX date, ISO text with or without a time)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _text(value)
    if text is not None and (match := _ISO_DATETIME.match(text)):
        return match.group(1)
    return text


def _mark(value: Any) -> Any:
    """A mark: a number stays a number; text is read as a plain YAML scalar, as in CSV sheets."""
    if isinstance(value, bool) or value is None:
        return _text(value)
    if isinstance(value, (int, float)):
        return value
    text = _text(value)
    return None if text is None else plain_scalar(text)


# --- YAML output --------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _plain_is_safe(text: str) -> bool:
    """Whether `text` can be written unquoted and still read as this very string, by smartaward's
    reader and by an ordinary YAML 1.1 reader alike (which reads `no`, `NO` and `on` as booleans,
    `0777` as a number and `2024-07-14` as a date)."""
    import yaml

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", text) or plain_scalar(text) != text:
        return False
    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back as exactly `text`.

    Quoted scalars are always strings, so `NO`, `yes`, `1:30`, `0777`, `~`, `=SUM(A1)`, `*x`, `&x`
    and `!x` stay as written. Characters YAML would fold (line breaks, NEL, LS, PS), or does not
    allow raw (control characters, a BOM, surrogates), are escaped; all other Unicode is kept.
    """
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def scalar(value: Any, *, text: bool = False) -> str:
    """A value as YAML: null, a number, an ISO date, or a string (plain only where that is safe).
    `text` quotes every string, as the sample cycles quote titles and names."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return quoted(repr(value))
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    value = str(value)
    return value if not text and _plain_is_safe(value) else quoted(value)


def _iso_date(value: str | None) -> str:
    return value if value is not None and _ISO_DATE.match(value) else scalar(value, text=True)


# --- column mapping -----------------------------------------------------------------------------

def loose_header(name: str) -> str:
    """A header name compared loosely: case, spaces, `_`, `.` and `-` do not matter."""
    return " ".join(_SEPARATORS.split(unicodedata.normalize("NFKC", name).casefold())).strip()


def mapping_target(kind: str, target: str) -> str:
    """The field a mapping names (`entrant city` and `entrant_city` are entrant.city); for score
    sheets any id is a criterion. ImportMisuse for anything else."""
    target = target.strip()
    if target == IGNORE:
        return IGNORE
    fields = ENTRY_FIELDS if kind == "entries" else SCORE_FIELDS
    by_loose = {loose_header(f): f for f in fields}
    found = by_loose.get(loose_header(target))
    if found is not None:
        return found
    if kind == "scores" and _SLUG.fullmatch(target) and len(target) <= 120:
        return target  # a criterion id: a wide sheet's mark column
    also = " or a criterion id (wide form)" if kind == "scores" else ""
    raise ImportMisuse(f"unknown mapping target {target!r}: map a column to one of {', '.join(fields)}{also}, or to {IGNORE} to ignore it")


def parse_maps(kind: str, values: Iterable[str]) -> dict[str, str]:
    """`--map "Header=field"` options: loose header name → field. ImportMisuse if malformed."""
    maps: dict[str, str] = {}
    for value in values:
        header, sep, target = value.rpartition("=")
        if not sep or not header.strip():
            raise ImportMisuse(f"--map {value!r}: write the column's header, '=' and the field, e.g. --map \"Project title=title\"")
        maps[loose_header(header)] = mapping_target(kind, target)
    return maps


def read_mapping_file(kind: str, path: Path) -> dict[str, str]:
    """A mapping file: a YAML mapping of header names to fields, read by smartaward's safe reader."""
    from .source import read_document

    if not path.is_file():
        raise ImportMisuse(f"{path}: no such mapping file")
    doc, problems = read_document(path, str(path))
    if problems:
        first = problems[0]
        raise ImportMisuse(f"{first.file}:{first.line}:{first.column}: {first.message}")
    if not isinstance(doc.data, dict) or not all(isinstance(v, str) for v in doc.data.values()):
        raise ImportMisuse(f"{path}: a mapping file maps header names to fields, e.g. \"Project title: title\"")
    return {loose_header(str(k)): mapping_target(kind, v) for k, v in doc.data.items()}


@dataclass
class Columns:
    fields: dict[str, int]  # field → 1-based column
    criteria: list[tuple[int, str]]  # scores, wide form: (column, criterion id)


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def resolve_columns(kind: str, table: Table, maps: dict[str, str], file_maps: dict[str, str],
                    criteria: set[str]) -> tuple[Columns, list[Diagnostic]]:
    """Which column holds which field. Problems (I701) are about the header, so no row can be
    imported until they are fixed: a column that maps to nothing, a field given twice, a required
    field without a column, a `--map` naming a column the header does not have."""
    problems: list[Diagnostic] = []
    row = table.header_row

    def report(column: int, message: str) -> None:
        problems.append(Diagnostic(table.file, row, column, "I701", message))

    defaults = DEFAULT_HEADERS[kind]
    columns = Columns({}, [])
    seen: set[str] = set()
    for index, name in enumerate(table.header, start=1):
        key = loose_header(name)
        seen.add(key)
        if not key:
            if any(not _blank([cells[index - 1]]) for _, cells in table.rows):
                report(index, f"column {index} has values but no header name; name it, or empty it")
            continue
        target = maps.get(key) or file_maps.get(key) or defaults.get(key)
        if target is None and kind == "scores":
            slug = _slugify(name)
            if slug in criteria:
                target = slug
        if target is None:
            hint = " and names no criterion of the cycle" if kind == "scores" else ""
            report(index, f"the column {name!r} maps to no field{hint}; map it with --map \"{name}=FIELD\", or ignore it with --map \"{name}=-\"")
            continue
        if target == IGNORE:
            continue
        if target in SCORE_FIELDS or kind == "entries":
            if target in columns.fields:
                first = columns.fields[target]
                report(index, f"the column {name!r} is a second column for {target} (the first is {table.header_name(first)!r}, column {first}); map one of them to -")
                continue
            columns.fields[target] = index
        else:
            if any(c == target for _, c in columns.criteria):
                report(index, f"the column {name!r} is a second column for the criterion {target!r}; map one of them to -")
                continue
            columns.criteria.append((index, target))
    for key in maps:
        if key not in seen:
            report(1, f"--map names the column {key!r}, which the header does not have")
    if kind == "entries":
        missing = [f for f in REQUIRED_ENTRY_FIELDS if f not in columns.fields]
        if missing:
            report(1, f"no column for {', '.join(missing)}: every entry needs {'them' if len(missing) > 1 else 'it'}; "
                      f"name the column{'s' if len(missing) > 1 else ''} so, or map {'them' if len(missing) > 1 else 'it'} with --map \"HEADER=FIELD\"")
    else:
        for required in ("judge", "entry"):
            if required not in columns.fields:
                report(1, f"no column for {required}: every mark needs one; name the column so, or map it with --map \"HEADER={required}\"")
        long = "criterion" in columns.fields
        if long and "mark" not in columns.fields:
            report(columns.fields["criterion"], "a criterion column needs a mark column beside it")
        if (long or "mark" in columns.fields) and columns.criteria:
            column, criterion = columns.criteria[0]
            report(column, f"the column {table.header_name(column)!r} is a criterion column (wide form), but the sheet has "
                           f"a {'criterion' if long else 'mark'} column (long form); use one form")
        if not long and "mark" not in columns.fields and not columns.criteria and "judge" in columns.fields and "entry" in columns.fields:
            report(1, "no mark columns: add a mark column (with a criterion column for criterion marks), or one column per criterion")
    return columns, problems


# --- would-be files ---------------------------------------------------------------------------

@dataclass
class Draft:
    """A file the import would write: its text, and the cell each of its lines (and values) came from."""

    rel: str  # relative to the cycle folder; a name beginning "#" is never written (a bad id)
    lines: list[str] = field(default_factory=list)
    cells: dict[int, list[tuple[int, Cell]]] = field(default_factory=dict)  # line → [(column, cell)]
    rows: dict[int, set[int]] = field(default_factory=dict)  # line → rows whose values are on it
    whole: set[int] = field(default_factory=set)  # lines whose problems concern every row of the file
    anchor: Cell = (1, 1)
    shown: str = ""

    def add(self, text: str, cells: Iterable[tuple[int, Cell]] = (), whole: bool = False) -> None:
        self.lines.append(text)
        number = len(self.lines)
        cells = list(cells)
        if cells:
            self.cells[number] = cells
            self.rows[number] = {cell[0] for _, cell in cells}
        if whole:
            self.whole.add(number)

    @property
    def data(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("utf-8")

    @property
    def all_rows(self) -> set[int]:
        return set().union(*self.rows.values()) if self.rows else {self.anchor[0]}

    def cell_at(self, line: int, column: int) -> Cell:
        found = self.cells.get(line)
        if not found:
            return self.anchor
        best = found[0][1]
        for start, cell in found:
            if start <= column:
                best = cell
        return best

    def rows_at(self, line: int, column: int) -> set[int]:
        """The rows a problem at (line, column) concerns: every row of the file for the sheet's own
        lines, every row of a score line for its entry key, else the row of the value."""
        if line in self.whole or line not in self.rows:
            return self.all_rows
        found = self.cells[line]
        cell = self.cell_at(line, column)
        return self.rows[line] if cell == found[0][1] else {cell[0]}


def _comment(table: Table, rows: str) -> str:
    from .files import printable

    return f"# Imported by smartaward from {printable(table.name)}, {rows}"


def _derived_ids(table: Table, columns: Columns) -> dict[int, str]:
    """Row → id where the sheet has no id column: the entrant's city and the title as a slug, made
    unique within the sheet by -2, -3, ... in row order. Decided over every row, bad ones too, so a
    row keeps its id when an earlier row is fixed or skipped."""
    if "id" in columns.fields:
        return {}
    city_column, title_column = columns.fields.get("entrant.city"), columns.fields["title"]
    ids: dict[int, str] = {}
    used: set[str] = set()
    for number, cells in table.rows:
        city = _text(cells[city_column - 1]) if city_column is not None else None
        city_slug, title_slug = _slugify(city or ""), _slugify(_text(cells[title_column - 1]) or "")
        if city_slug and (title_slug == city_slug or title_slug.startswith(city_slug + "-")):
            city_slug = ""  # "Oslo" and "Oslo city bikes": oslo-city-bikes, not oslo-oslo-city-bikes
        base = "-".join(filter(None, [city_slug, title_slug]))[:MAX_ID_LENGTH].strip("-") or "entry"
        entry_id, suffix = base, 2
        while entry_id in used:
            entry_id, suffix = f"{base}-{suffix}", suffix + 1
        used.add(entry_id)
        ids[number] = entry_id
    return ids


def _entry_drafts(table: Table, columns: Columns, skip: set[int], ids: dict[int, str]) -> tuple[list[Draft], list[Diagnostic]]:
    """One draft per row: entries/<id>.yaml. Ids given twice in the sheet are R201 on the later row."""
    fields = columns.fields
    drafts: list[Draft] = []
    problems: list[Diagnostic] = []
    used: dict[str, int] = {}  # id → the row that has it
    for number, cells in table.rows:
        if number in skip:
            continue

        def value(name: str) -> tuple[Any, Cell | None]:
            column = fields.get(name)
            return (cells[column - 1], (number, column)) if column is not None else (None, None)

        raw_id, id_cell = value("id")
        entry_id = _text(raw_id)
        title_cell = (number, fields["title"])
        if "id" not in fields:  # derived (see _derived_ids)
            entry_id, id_cell = ids[number], title_cell
        assert id_cell is not None
        if entry_id is not None and entry_id in used and "id" in fields:
            problems.append(Diagnostic(table.file, number, id_cell[1], "R201",
                                       f"column {table.header_name(id_cell[1])!r}: the id {entry_id!r} is already used by row {used[entry_id]}"))
            rel = f"entries/#row-{number}.yaml"
        elif entry_id is not None and _SLUG.fullmatch(entry_id) and len(entry_id) <= 120:
            used[entry_id] = number
            rel = f"entries/{entry_id}.yaml"
        else:
            rel = f"entries/#row-{number}.yaml"  # an id that is no slug: reported by the checks
        draft = Draft(rel, anchor=id_cell)
        draft.add(_comment(table, f"row {number}"), [(1, id_cell)])
        draft.add(f"id: {scalar(entry_id)}", [(1, id_cell)])
        text_fields = {"title", "entrant.name", "entrant.city", "summary", "url"}
        for name in ("call", "category", "title", "entrant", "submitted", "summary", "url"):
            if name == "entrant":
                name_cell = value("entrant.name")[1] or title_cell
                draft.add("entrant:", [(1, name_cell)])
                for sub in ("name", "type", "id", "city", "country"):
                    raw, cell = value(f"entrant.{sub}")
                    if cell is None:
                        continue
                    text = _text(raw)
                    if sub == "country" and text is not None:
                        text = text.upper()  # kr is KR; a name (Korea) is still reported
                    if text is None and f"entrant.{sub}" not in REQUIRED_ENTRY_FIELDS:
                        continue
                    draft.add(f"  {sub}: {scalar(text, text=f'entrant.{sub}' in text_fields)}", [(1, cell)])
                continue
            raw, cell = value(name)
            if cell is None:
                continue
            if name == "submitted":
                draft.add(f"submitted: {_iso_date(_date(raw))}", [(1, cell)])
                continue
            text = _text(raw)  # a summary keeps its line breaks: only the spaces around it go
            if text is None and name not in REQUIRED_ENTRY_FIELDS:
                continue
            draft.add(f"{name}: {scalar(text, text=name in text_fields)}", [(1, cell)])
        drafts.append(draft)
    return drafts, problems


@dataclass
class _Sheet:
    judge: str | None
    round: str | None
    judge_cell: Cell
    round_cell: Cell | None
    # entry → (its cell, criterion (None: an overall mark) → (mark, the mark's cell, the criterion's cell))
    entries: dict[str, tuple[Cell, dict[str | None, tuple[Any, Cell, Cell]]]] = field(default_factory=dict)


def _score_drafts(table: Table, columns: Columns, skip: set[int], default_round: str | None) -> tuple[list[Draft], list[Diagnostic]]:
    """One draft per judge and round: scores/[<round>/]<judge>.yaml, marks in the order of the rows."""
    fields = columns.fields
    problems: list[Diagnostic] = []
    sheets: dict[tuple[str, str | None], _Sheet] = {}
    ji, ei = fields["judge"], fields["entry"]
    ri, ci, mi = fields.get("round"), fields.get("criterion"), fields.get("mark")
    for number, cells in table.rows:
        if number in skip:
            continue
        judge, entry = _text(cells[ji - 1]), _text(cells[ei - 1])
        if judge is None or entry is None:
            column = ji if judge is None else ei
            problems.append(Diagnostic(table.file, number, column, "I702",
                                       f"column {table.header_name(column)!r}: the {'judge' if judge is None else 'entry'} cell is empty"))
            continue
        round_id = (_text(cells[ri - 1]) if ri is not None else None) or default_round
        sheet = sheets.get((judge, round_id))
        if sheet is None:
            round_cell = (number, ri) if ri is not None and _text(cells[ri - 1]) else None
            sheet = sheets[(judge, round_id)] = _Sheet(judge, round_id, (number, ji), round_cell)
        if entry not in sheet.entries:
            sheet.entries[entry] = ((number, ei), {})
        marks = sheet.entries[entry][1]

        def duplicate(column: int, what: str) -> None:
            problems.append(Diagnostic(table.file, number, column, "T603",
                                       f"column {table.header_name(column)!r}: judge {judge!r} already marked {what} in an earlier row; only the first mark counts"))

        if mi is not None:  # long or overall form
            criterion = _text(cells[ci - 1]) if ci is not None else None
            if criterion in marks or (marks and (criterion is None) != (None in marks)):
                duplicate(mi, f"{entry!r}" + (f" on {criterion!r}" if criterion else "") if criterion in marks
                          else f"{entry!r} with {'criterion marks' if criterion is None else 'an overall mark'}")
                continue
            marks[criterion] = (_mark(cells[mi - 1]), (number, mi), (number, ci) if ci is not None else (number, mi))
        else:  # wide form: one column per criterion; an empty cell is no mark
            for column, criterion in columns.criteria:
                mark = _mark(cells[column - 1])
                if mark is None:
                    continue
                if criterion in marks:
                    duplicate(column, f"{entry!r} on {criterion!r}")
                    continue
                marks[criterion] = (mark, (number, column), (number, column))
    drafts = []
    for index, sheet in enumerate(sheets.values(), start=1):
        names_ok = all(x is None or (_SLUG.fullmatch(x) and len(x) <= 120) for x in (sheet.judge, sheet.round))
        if names_ok:
            rel = f"scores/{sheet.round}/{sheet.judge}.yaml" if sheet.round else f"scores/{sheet.judge}.yaml"
        else:
            rel = f"scores/#sheet-{index}.yaml"  # a judge or round that is no id: reported by the checks
        draft = Draft(rel, anchor=sheet.judge_cell)
        rows = sorted({cell[0] for cell, marks in sheet.entries.values()} | {c[0] for _, m in sheet.entries.values() for _, c, _ in m.values()})
        draft.add(_comment(table, _row_list(rows)), [(1, sheet.judge_cell)], whole=True)
        draft.add(f"judge: {scalar(sheet.judge)}", [(1, sheet.judge_cell)], whole=True)
        if sheet.round is not None:
            draft.add(f"round: {scalar(sheet.round)}", [(1, sheet.round_cell or sheet.judge_cell)], whole=True)
        draft.add("scores:", [(1, sheet.judge_cell)], whole=True)
        for entry, (entry_cell, marks) in sheet.entries.items():
            key = scalar(entry)
            line = f"  {key}: "
            cells: list[tuple[int, Cell]] = [(1, entry_cell)]
            if None in marks:
                mark, cell, _ = marks[None]
                cells.append((len(line) + 1, cell))
                line += scalar(mark)
            else:
                line += "{"
                for position, (criterion, (mark, cell, criterion_cell)) in enumerate(marks.items()):
                    line += ", " if position else ""
                    cells.append((len(line) + 1, criterion_cell))  # a problem at the criterion key
                    line += f"{scalar(criterion)}: "
                    cells.append((len(line) + 1, cell))  # a problem at the mark
                    line += scalar(mark)
                line += "}"
            draft.add(line, cells)
        drafts.append(draft)
    return drafts, problems


def _row_list(rows: list[int]) -> str:
    """Rows 2-40, 45, 50-51: the rows a sheet came from, for its comment."""
    spans: list[list[int]] = []
    for row in rows:
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    text = ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in spans)
    return ("row " if len(rows) == 1 else "rows ") + (text if len(text) < 200 else f"{rows[0]} to {rows[-1]}")


# --- planning -----------------------------------------------------------------------------------

@dataclass
class Planned:
    rel: str
    path: Path
    shown: str
    data: bytes
    exists: bool  # an existing file that --force replaces


@dataclass
class Plan:
    kind: str
    table: Table
    files: list[Planned]  # what to write: empty when nothing may be written
    diagnostics: list[Diagnostic]
    rows: int  # data rows read
    bad_rows: list[int]
    blocked: bool  # a problem of the file or its header, or bad rows without skip_bad: nothing written
    cycle_problems: list[Diagnostic] = field(default_factory=list)  # cycle.yaml cannot be read

    @property
    def errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics) or bool(self.cycle_problems)


def _cycle_spec(root: Path, display_root: str) -> tuple[Any, list[Diagnostic]]:
    """The cycle's CycleFile, or None with the problems of cycle.yaml."""
    from .load import validate_model
    from .model import CycleFile
    from .source import read_document

    problems: list[Diagnostic] = []
    doc, found = read_document(root / CYCLE_FILE, shown_name(display_root, CYCLE_FILE))
    problems.extend(found)
    spec = validate_model(CycleFile, doc, doc.data, (), problems) if doc.data is not None else None
    return spec, problems


def plan_import(kind: str, root: Path, source: Path, shown: str, *, maps: dict[str, str] | None = None,
                file_maps: dict[str, str] | None = None, sheet: str | None = None, default_round: str | None = None,
                force: bool = False, skip_bad: bool = False) -> Plan:
    """Everything an import would do, checked; nothing is written here. ImportMisuse for misuse."""
    if kind not in KINDS:
        raise ImportMisuse(f"can import {' or '.join(KINDS)}, not {kind!r}")
    if default_round is not None and kind != "scores":
        raise ImportMisuse("--round is for score sheets")
    if default_round is not None and not _SLUG.fullmatch(default_round):
        raise ImportMisuse(f"--round {default_round!r} is not a round id (lowercase letters, digits and hyphens)")
    table = read_table(source, shown, sheet)
    root = root.resolve()
    cycle_files = collect(root)
    spec, cycle_problems = _cycle_spec(root, cycle_files.display_root)
    rows = len(table.rows)
    if spec is None:
        return Plan(kind, table, [], sort_diagnostics(table.problems), rows, [], True, cycle_problems)
    criteria = {c for call in spec.calls.values() for c in call.criteria}
    problems = list(table.problems)
    if not table.header:  # nothing could be read (encoding, an unreadable workbook, no data)
        return Plan(kind, table, [], sort_diagnostics(problems), rows, [], True)
    columns, header_problems = resolve_columns(kind, table, maps or {}, file_maps or {}, criteria)
    problems += header_problems
    file_level = any(d.severity is Severity.ERROR and (d.code != "I702" or d.line == table.header_row) for d in problems)
    if file_level or not table.rows:
        return Plan(kind, table, [], sort_diagnostics(problems), rows, [], True)

    ids = _derived_ids(table, columns) if kind == "entries" else {}
    skip: set[int] = set()
    reported: set[Diagnostic] = set(problems)
    bad: set[int] = {d.line for d in problems if d.severity is Severity.ERROR}
    for _ in range(5):  # with skip_bad: drop the bad rows and check the rest again (rarely twice)
        drafts, found = (_entry_drafts(table, columns, skip, ids) if kind == "entries"
                         else _score_drafts(table, columns, skip, default_round))
        checked, rows_hit = _check(kind, table, cycle_files, drafts, force)
        found += checked
        reported.update(found)
        newly = {d.line for d in found if d.severity is Severity.ERROR} | rows_hit
        newly -= skip
        bad |= newly
        if not skip_bad or not newly:
            break
        skip |= bad
    blocked = bool(bad) and not skip_bad
    drafts = [d for d in drafts if not d.rel.split("/")[-1].startswith("#")]
    planned = [] if blocked else [
        Planned(d.rel, root / d.rel, d.shown, d.data, os.path.lexists(root / d.rel)) for d in drafts
        if not (d.all_rows & bad)]
    return Plan(kind, table, planned, sort_diagnostics(reported), rows, sorted(bad), blocked)


def _check(kind: str, table: Table, cycle_files: CycleFiles, drafts: list[Draft], force: bool) -> tuple[list[Diagnostic], set[int]]:
    """The cycle as it would be with the drafts, checked by validate's own loader and checks; each
    problem in a draft moved to the cell its value came from. Also the rows that an error makes bad:
    a problem of a sheet's judge or round concerns all its rows, one of a score line all the rows
    whose marks are on it (a judge's marks on an entry are kept or skipped together)."""
    from .checks import run_checks
    from .load import load_cycle

    root, display_root = cycle_files.root, cycle_files.display_root
    found: list[Diagnostic] = []
    hit: set[int] = set()
    by_shown: dict[str, Draft] = {}
    own: dict[str, str] = {}  # the name of a draft checked beside an existing file → that file
    replaced: set[Path] = set()
    for draft in drafts:
        path = root / draft.rel
        draft.shown = target = shown_name(display_root, draft.rel)
        if not draft.rel.split("/")[-1].startswith("#") and os.path.lexists(path):
            if force:
                replaced.add(path)
            else:
                found.append(_at(table, draft.anchor, "I703", f"{target} exists already; nothing is written over it without --force"))
                hit |= draft.all_rows
                # Checked all the same, beside the file it would replace, under a name of its own.
                draft.shown = f"{target} (new, from {table.name})"
                own[draft.shown] = target
        by_shown[draft.shown] = draft
    role = "entries" if kind == "entries" else "scores"
    kept = [f for f in cycle_files.files if f.path not in replaced]
    new = [SourceFile(role, root / d.rel, d.shown, d.data) for d in drafts]
    fixed = [f for f in kept if f.role in ("cycle", "judges")]
    listed = sorted([f for f in kept if f.role not in ("cycle", "judges")] + new,
                    key=lambda f: (f.role.startswith("scores"), f.path.as_posix()))
    files = CycleFiles(root, display_root, fixed + listed, [], set(cycle_files.refused))
    cycle = load_cycle(files)
    diagnostics = run_checks(cycle)
    if kind == "entries":  # R201 is decided here: against the cycle's other entries, by row
        elsewhere: dict[str, str] = {}
        for record in cycle.entries:
            if record.doc.file not in by_shown:
                elsewhere.setdefault(record.entry.id, record.doc.file)
        for record in cycle.entries:
            draft = by_shown.get(record.doc.file)
            if draft is not None and elsewhere.get(record.entry.id, own.get(record.doc.file)) != own.get(record.doc.file):
                line, column = record.doc.at(record.path + ("id",))
                cell = draft.cell_at(line, column)
                found.append(_at(table, cell, "R201", f"the id {record.entry.id!r} is already used by {elsewhere[record.entry.id]}"))
    for d in diagnostics:
        draft = by_shown.get(d.file)
        if draft is None or d.code in NOT_ABOUT_THE_IMPORT or (kind == "entries" and d.code == "R201"):
            continue
        cell = draft.cell_at(d.line, d.column)
        rows = draft.rows_at(d.line, d.column) if d.line else draft.all_rows
        also = f" ({_row_list(sorted(rows))} of the sheet)" if len(rows) > 1 else ""
        found.append(_at(table, cell, d.code, d.message + also))
        if d.severity is Severity.ERROR:
            hit |= rows
    return found, hit


def _at(table: Table, cell: Cell, code: str, message: str) -> Diagnostic:
    row, column = cell
    return Diagnostic(table.file, row, column, code, f"column {table.header_name(column)!r}: {message}")
