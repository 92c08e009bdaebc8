"""Step 1 of an import: a CSV or XLSX file read into a Table of rows and cells, and a cell's value
read as text, a date or a mark. A module of its own because this is the only place that knows
spreadsheets: their encodings, delimiters, workbooks, typed cells and error cells; every later step
sees rows of plain values at spreadsheet positions (row number with the header as row 1, 1-based
column).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from ..diagnostics import Diagnostic
from ..source import decode, plain_scalar
from .fields import ImportMisuse

# A date with a time of day, as form tools export a submission time: the day counts.
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\Z")
# What an XLSX cell holding a spreadsheet error reads as (openpyxl gives its text).
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the start of an OLE compound file (old .xls, encrypted .xlsx)
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

    def header_name(self, column: int) -> str:
        return self.header[column - 1] if 0 < column <= len(self.header) else f"column {column}"


def is_blank(cells: Iterable[Any]) -> bool:
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
            if not is_blank(cells):
                header, table.header_row = cells, number
                table.header = [cell_text(c) or "" for c in cells]
                while table.header and not table.header[-1]:
                    table.header.pop()  # trailing empty header cells: a spreadsheet's used range
            continue
        if is_blank(cells):
            continue
        width = len(table.header)
        extra = next((i for i in range(width, len(cells)) if not is_blank([cells[i]])), None)
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
    from ..csvsheets import csv_reader, sniff_delimiter, text_lines  # the same reading as CSV score sheets

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
        hint = ""
        try:
            with path.open("rb") as stream:
                if stream.read(4) == _OLE_SIGNATURE:  # Excel wraps an encrypted workbook in an OLE file
                    hint = ("; it is not a plain .xlsx workbook: password-protected workbooks (and old .xls files) "
                            "cannot be read; save it without a password as an .xlsx workbook")
        except OSError:
            pass
        table.problems.append(Diagnostic(table.file, 0, 0, "F002", f"cannot read the workbook: {' '.join(str(exc).split()) or type(exc).__name__}{hint}"))
        return []
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise ImportMisuse(f"{table.file} has no sheet {sheet!r}; its sheets: {', '.join(book.sheetnames)}")
        uncomputed = _uncomputed_formulas(worksheet)
        records: list[tuple[int, list[Any]]] = []
        for number, row in enumerate(worksheet.iter_rows(), start=1):
            cells: list[Any] = []
            for index, cell in enumerate(row):
                value = cell.value
                if cell.data_type == "e" or (isinstance(value, str) and value in _SHEET_ERRORS):
                    table.problems.append(Diagnostic(table.file, number, index + 1, "I702",
                                                     f"the cell holds the spreadsheet error {value}; fix the formula, or type the value in"))
                    table.unreadable.add((number, index + 1))
                    value = None
                elif value is None and (number, index + 1) in uncomputed:
                    table.problems.append(Diagnostic(table.file, number, index + 1, "I702",
                                                     "the cell is a formula with no computed value (the workbook was written by a "
                                                     "program, not saved by a spreadsheet): open and save the workbook in a spreadsheet program"))
                    table.unreadable.add((number, index + 1))
                cells.append(value)
            records.append((number, cells))
        return records
    finally:
        book.close()


def _uncomputed_formulas(worksheet: Any) -> set[tuple[int, int]]:
    """The (row, column) of every formula cell without a value: a workbook written by a program
    (openpyxl, a report generator) and never opened in a spreadsheet holds formulas whose result
    was never computed, and reading values gives them as empty. One quick pass over the sheet's
    XML, only when it has formulas at all; an XML it cannot read is left to openpyxl to report."""
    import io
    from xml.etree.ElementTree import ParseError, iterparse

    from openpyxl.utils.cell import coordinate_to_tuple

    try:
        with worksheet._get_source() as source:  # the sheet's XML in the workbook's zip
            xml = source.read()
    except Exception:  # noqa: BLE001 - a private openpyxl API: without it, formulas stay unchecked
        return set()
    if b"<f" not in xml and b":f" not in xml:
        return set()
    found: set[tuple[int, int]] = set()
    try:
        for _, element in iterparse(io.BytesIO(xml)):
            if not element.tag.endswith("}c") and element.tag != "c":
                continue
            formula = value = None
            for child in element:
                name = child.tag.rsplit("}", 1)[-1]
                if name == "f":
                    formula = child
                elif name == "v":
                    value = child
            reference = element.get("r")
            # An empty value of type "str" is a formula whose result is the empty text: computed.
            empty = value is None or (not (value.text or "") and element.get("t") != "str")
            if formula is not None and empty and reference:
                found.add(coordinate_to_tuple(reference))
            element.clear()
    except (ParseError, ValueError):
        pass
    return found


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
