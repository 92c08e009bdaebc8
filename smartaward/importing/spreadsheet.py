"""Step 1 of an import: a CSV or XLSX file read into a Table of rows and cells, and a cell's value
read as text, a date or a mark. A module of its own because this is the only place that knows
spreadsheets: their encodings, delimiters, workbooks, typed cells and error cells; every later step
sees rows of plain values at spreadsheet positions (row number with the header as row 1, 1-based
column).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from smartaward.diagnostics import Diagnostic
from smartaward.importing.fields import ImportMisuse
from smartaward.importing.limits import Limits, TooLarge, import_limits, megabytes, not_read
from smartaward.reading.source import decode, plain_scalar, shorten

if TYPE_CHECKING:
    from smartaward.importing.workbook import Sheets

# A date with a time of day, as form tools export a submission time: the day counts.
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\Z")
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the start of an OLE compound file (old .xls, encrypted .xlsx)
# A text cell holding one of these is a spreadsheet error's text (I702), as an error cell is.
_SHEET_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"})


@dataclass
class Table:
    """A spreadsheet's header and rows, each row padded to the header's width."""

    file: str  # the name used in diagnostics
    name: str  # the file's base name, for the comment at the top of generated files
    header_row: int = 1
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number, cells)
    problems: list[Diagnostic] = field(default_factory=list)
    # Cells already reported as unreadable (I702: an error value, a formula never computed): read as
    # empty, so what a later step says about them (an empty required value) is not said again.
    unreadable: set[tuple[int, int]] = field(default_factory=set)
    workbook: Sheets | None = None  # a workbook's sheets, and the one read (None: a CSV file)
    decimal: str | None = None  # --decimal as the organiser gave it (locales.py), for the hint of a mark not read
    # --all-sheets: a "Judge: NAME" cell above the header, (row, column, NAME): whose marks the tab holds.
    label: tuple[int, int, str] | None = None

    @property
    def packet(self) -> bool:
        """The table is the Marks sheet of a judge's packet (a workbook with Marks and Instructions)."""
        return self.workbook is not None and self.workbook.packet

    def header_name(self, column: int) -> str:
        return self.header[column - 1] if 0 < column <= len(self.header) else f"column {column}"


def is_blank(cells: Iterable[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def read_table(path: Path, file: str, sheet: str | None = None, limits: Limits | None = None) -> Table:
    """The table in a CSV or XLSX file. ImportMisuse for a file that is missing or of another kind;
    problems inside the file (encoding, a workbook that cannot be read, a cell that cannot be
    used) are in `problems`. A file over the import's limits (limits.py) is not read: its table
    is empty and its one problem I704, at the row and column where a limit was crossed."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise ImportMisuse(f"{file}: can import .csv and .xlsx files only (save the spreadsheet as CSV UTF-8 or as an Excel workbook)")
    if not path.is_file():
        raise ImportMisuse(f"{file}: no such file" if not path.exists() else f"{file}: not a file")
    if sheet is not None and suffix == ".csv":
        raise ImportMisuse("--sheet is for .xlsx workbooks; a CSV file has one table")
    limits = import_limits() if limits is None else limits
    table = Table(file, PurePosixPath(path.name).name)
    records = _csv_records(path, table, limits) if suffix == ".csv" else _xlsx_records(path, table, sheet, limits)
    try:
        with closing(records):  # a workbook's zip is closed however reading ends
            _fill(table, records, limits)
    except TooLarge as exc:
        return Table(file, table.name, problems=[Diagnostic(file, exc.row, exc.column, "I704", exc.message)])
    except _Unread as exc:  # nothing of the file can be trusted: its one problem
        return Table(file, table.name, problems=[exc.problem])
    _header_problems(table)
    return table


def _header_problems(table: Table) -> None:
    """Once the table is read: a cell the reader could not use is named by its column, as every
    later problem of a row is (the header was not known yet when the cell was read); a table with
    no data is Y006."""
    file = table.file
    table.problems = [Diagnostic(d.file, d.line, d.column, d.code, f"column {table.header_name(d.column)!r}: {d.message}")
                      if d.code == "I702" and table.header and d.line > table.header_row and 0 < d.column <= len(table.header)
                      and not d.message.startswith("column ") else d for d in table.problems]
    if not table.header and not table.problems:
        table.problems.append(Diagnostic(file, 1, 1, "Y006", "the file holds no data"))
    elif table.header and not table.rows:
        table.problems.append(Diagnostic(file, table.header_row, 1, "Y006", "the file holds no data: it has a header but no rows"))


def _fill(table: Table, records: Iterable[tuple[int, list[Any]]], limits: Limits) -> None:
    """The header (the first row that is not blank) and the rows under it, each padded or cut to
    the header's width; a value beyond it is I702. The cells held (data rows × the header's width,
    or a row's own width where it is wider) are counted against the limit as the table is built."""
    header: list[Any] | None = None
    cells = 0
    for number, row in records:
        if header is None:
            if not is_blank(row):
                header, table.header_row = row, number
                table.header = [cell_text(c) or "" for c in row]
                while table.header and not table.header[-1]:
                    table.header.pop()  # trailing empty header cells: a spreadsheet's used range
            continue
        if is_blank(row):
            continue
        width = len(table.header)
        cells += max(width, len(row))
        if limits.cells is not None and cells > limits.cells:
            raise TooLarge(number, 1, f"the table has more than {limits.cells:,} cells (rows × columns) by row {number:,}, over "
                                      "the import's limit" + not_read("cells"))
        extra = next((i for i in range(width, len(row)) if not is_blank([row[i]])), None)
        if extra is not None:
            table.problems.append(Diagnostic(table.file, number, extra + 1, "I702",
                                             f"the row has a value in column {extra + 1}, outside the header's {width} columns"))
        table.rows.append((number, (list(row[:width]) + [None] * width)[:width]))


class _Unread(Exception):
    """The file cannot be read at all: its one problem (F002, Y005)."""

    def __init__(self, problem: Diagnostic) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _csv_records(path: Path, table: Table, limits: Limits) -> Generator[tuple[int, list[Any]], None, None]:
    """The CSV file's records, numbered as a spreadsheet numbers its rows (blank lines count),
    within the limits: its size before it is read, a line too long to be a row before parsing
    (a line of a million cells would be a list of a million), rows and columns as they come."""
    from smartaward.reading.csvsheets import (
        MAX_LINE,
        csv_reader,
        overlong_line,
        sniff_delimiter,
        text_lines,
    )  # as CSV score sheets are read

    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if limits.bytes is not None and size > limits.bytes:
                raise TooLarge(0, 0, f"the file is {megabytes(size)}, over the import's limit of {megabytes(limits.bytes)}" + not_read("bytes"))
            raw = stream.read() if limits.bytes is None else stream.read(limits.bytes + 1)
    except OSError as exc:
        raise ImportMisuse(f"{table.file}: cannot read the file: {exc.strerror or exc}") from None
    if limits.bytes is not None and len(raw) > limits.bytes:  # it grew since it was measured
        raise TooLarge(0, 0, f"the file is over the import's limit of {megabytes(limits.bytes)}" + not_read("bytes"))
    text, problems = decode(raw, table.file)
    if text is None:
        raise _Unread(problems[0])
    del text  # decoded only to check the encoding: the rows are read from the bytes as a stream
    line = overlong_line(raw)
    if line is not None:
        raise TooLarge(line, 1, f"line {line:,} is over {megabytes(MAX_LINE)} long, which no row of a spreadsheet is (a million "
                                "cells on one line?): the spreadsheet is not read")
    reader = csv_reader(text_lines(raw), sniff_delimiter(raw))
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            if limits.rows is not None and number > limits.rows:
                raise TooLarge(number, 1, f"the file has a row {number:,}, over the import's limit of {limits.rows:,} rows" + not_read("rows"))
            if limits.columns is not None and len(row) > limits.columns:
                raise TooLarge(number, limits.columns + 1, f"row {number:,} has {len(row):,} cells, over the import's limit of "
                                                           f"{limits.columns:,} columns" + not_read("columns"))
            yield number, row
    except csv.Error as exc:
        table.problems.append(Diagnostic(table.file, number + 1, 1, "I702",
                                         f"cannot read the rest of the file from this row: {exc} (is a quote left open?)"))


def _xlsx_records(path: Path, table: Table, sheet: str | None, limits: Limits) -> Generator[tuple[int, list[Any]], None, None]:
    """The sheet's rows (workbook.py reads them), a cell that cannot be used read as empty and
    reported (I702) once; a workbook that cannot be read at all is its one problem (F002)."""
    import zipfile
    import zlib

    from smartaward.importing.workbook import Sheets, WorkbookError, read_sheet

    table.workbook = Sheets()
    try:
        for number, row in read_sheet(path, table.file, sheet, limits, table.workbook):
            yield number, _usable(table, number, row)
    except (WorkbookError, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error,
            zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise _Unread(Diagnostic(table.file, 0, 0, "F002", f"cannot read the workbook: {_reason(exc)}{_hint(path)}")) from None


def _usable(table: Table, number: int, row: list[Any]) -> list[Any]:
    """The row, a cell that cannot be used read as empty and reported (I702) once."""
    from smartaward.importing.workbook import Unreadable, spreadsheet_error

    for index, value in enumerate(row):
        if isinstance(value, str) and value in _SHEET_ERRORS:  # a text cell that is an error's text
            value = spreadsheet_error(value)
        if isinstance(value, Unreadable):
            table.problems.append(Diagnostic(table.file, number, index + 1, "I702", value.reason))
            table.unreadable.add((number, index + 1))
            row[index] = None
    return row


def read_tables(path: Path, file: str, limits: Limits | None = None) -> list[Table]:
    """Every sheet of an .xlsx workbook (--all-sheets), each a Table named `file[sheet]` (its
    problems say which tab), in the workbook's order. The limits hold over the whole workbook: its
    bytes (one zip read once) and its cells (the sheets' cells together). ImportMisuse for a file
    that is missing or no workbook; a workbook that cannot be read, or one over a limit, is one
    Table with its one problem."""
    import zipfile
    import zlib

    from smartaward.importing.workbook import Sheets, WorkbookError, read_every_sheet
    from smartaward.reading.files import printable

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ImportMisuse("--all-sheets is for .xlsx workbooks; a CSV file has one table")
    if not path.is_file():
        raise ImportMisuse(f"{file}: no such file" if not path.exists() else f"{file}: not a file")
    limits = import_limits() if limits is None else limits
    tables: list[Table] = []
    name = PurePosixPath(path.name).name
    try:
        for sheet, hidden, rows in read_every_sheet(path, limits):
            shown = printable(sheet)  # a tab's name is the workbook's text: shown as file names are
            table = Table(f"{file}[{shown}]", f"{name}[{shown}]")
            table.workbook = Sheets([sheet], sheet, {sheet} if hidden else set())
            used = sum(len(t.rows) * len(t.header) for t in tables)
            left = None if limits.cells is None else max(limits.cells - used, 0)
            _fill(table, _after_label(table, ((number, _usable(table, number, row)) for number, row in rows)),
                  replace(limits, cells=left))
            _header_problems(table)
            tables.append(table)
    except TooLarge as exc:
        where = tables[-1].file if tables and exc.row else file
        return [Table(where, name, problems=[Diagnostic(where, exc.row, exc.column, "I704", exc.message)])]
    except (WorkbookError, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error,
            zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        return [Table(file, name, problems=[Diagnostic(file, 0, 0, "F002", f"cannot read the workbook: {_reason(exc)}{_hint(path)}")])]
    return tables


# A cell above a tab's header saying whose marks the tab holds: "Judge: Claire Dubois" in one cell,
# or "Judge:" in one and the name in the next (the colon tells it from a header's "Judge" column).
_LABEL = re.compile(r"\s*(?:judge|juror|jury member)\s*:\s*(.*?)\s*\Z", re.IGNORECASE | re.DOTALL)


def _after_label(table: Table, records: Iterable[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    """The records, less the rows above the header that label the tab with its judge (kept in
    `table.label`): such a row has one labelled cell, and nothing else but the name."""
    header_seen = False
    for number, row in records:
        if not header_seen and not is_blank(row):
            label = _label_of(number, row)
            if label is not None:
                table.label = label
                continue
            header_seen = True
        yield number, row


def _label_of(number: int, row: list[Any]) -> tuple[int, int, str] | None:
    filled = [(index, text) for index, value in enumerate(row, start=1) if (text := cell_text(value)) is not None]
    match = _LABEL.fullmatch(filled[0][1]) if filled else None
    if match is None:
        return None
    if match.group(1) and len(filled) == 1:
        return number, filled[0][0], match.group(1)
    if not match.group(1) and len(filled) == 2:
        return number, filled[1][0], filled[1][1]
    return None


def _reason(exc: BaseException) -> str:
    return shorten(" ".join(str(exc).split()) or type(exc).__name__, 300)


def _hint(path: Path) -> str:
    """Excel wraps an encrypted workbook in an OLE file, as old .xls files are: say so."""
    try:
        with path.open("rb") as stream:
            if stream.read(4) == _OLE_SIGNATURE:
                return ("; it is not a plain .xlsx workbook: password-protected workbooks (and old .xls files) "
                        "cannot be read; save it without a password as an .xlsx workbook")
    except OSError:
        pass
    return ""


# --- cell values --------------------------------------------------------------------------------

def cell_text(value: Any) -> str | None:
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


def cell_date(value: Any) -> str | None:
    """A date cell as YYYY-MM-DD where it is one (an XLSX date, ISO text with or without a time)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = cell_text(value)
    if text is not None and (match := _ISO_DATETIME.match(text)):
        return match.group(1)
    return text


def cell_mark(value: Any) -> Any:
    """A mark: a number stays a number; text is read as a plain YAML scalar, as in CSV sheets."""
    if isinstance(value, bool) or value is None:
        return cell_text(value)
    if isinstance(value, (int, float)):
        return value
    text = cell_text(value)
    return None if text is None else plain_scalar(text)
