"""An .xlsx workbook's sheet, read as rows of values, with bounded work whatever the file holds.

A workbook is a zip of XML parts: [Content_Types].xml names the workbook part (xl/workbook.xml),
whose relationships (xl/_rels/workbook.xml.rels) lead to each sheet, the shared strings and the
styles (which say which numbers are dates). This module reads just those parts, each streamed
through expat, and yields the chosen sheet's rows as they come; nothing is loaded whole, and
nothing but the zip is ever touched (a relationship's target is a name inside the zip).

Why not openpyxl, which writes the exported workbook: reading an untrusted file through it cost
26 s and 3 GB for a 1.5 MB workbook holding a 1.5 GB sheet, gave internal errors (exit 3) for a
malformed part, an entity bomb or a numeric cell holding NaN, padded a sheet out to a far cell
(XFD1048576) one empty cell at a time, depended on whether lxml or defusedxml happen to be
installed, and needed a private API to find formulas that were never computed. Here:

- limits (limits.py) are checked before the work they bound: the number of parts from the zip's
  end record before the zip's directory is read; each part's uncompressed size from the directory
  before it is opened, and again while it is streamed (declared sizes can lie); rows and columns
  of each cell as it comes. Past one: TooLarge (I704);
- an XML part with a DTD is refused outright (no workbook needs one; it is how entity bombs and
  external entities get in), as is an element with more than MAX_XML_ATTRIBUTES attributes or
  more than MAX_XML_TEXT bytes between two tags (what makes expat slow); a part that is not
  well-formed XML, a missing part, rows or cells out of order or given twice, a cell reference
  that is no cell: WorkbookError (F002), never an exception out of the import;
- values are read as openpyxl reads them (read-only, cached values of formulas): numbers as int
  or float, dates by the cell's number format (1900 or 1904 date system), shared and inline
  strings (rich text runs joined, phonetic runs left out, _xHHHH_ escapes decoded as Excel decodes
  them), booleans, ISO dates; a cell whose value
  cannot be used is an `Unreadable` with the reason (I702 at the cell): an error value (#REF!),
  a formula never computed, a number that is no finite number (NaN, INF, 1e999), a date out of
  range, a shared string that does not exist.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from math import isfinite
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from smartaward.importing.fields import ImportMisuse
from smartaward.importing.limits import (
    MAX_WORKBOOK_PARTS,
    MAX_XML_ATTRIBUTES,
    MAX_XML_TEXT,
    Limits,
    TooLarge,
    megabytes,
    not_read,
)

_WORKBOOK_TYPES = {  # the content types of a workbook's main part: .xlsx, .xlsm, .xltx, .xltm
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_NUMBER = re.compile(r"\s*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*")
_CHUNK = 64 * 1024

UNCOMPUTED = ("the cell is a formula with no computed value (the workbook was written by a program, not saved by a "
              "spreadsheet): open and save the workbook in a spreadsheet program")


class WorkbookError(Exception):
    """The workbook cannot be read (F002): damaged, not a workbook, or refused (a DTD)."""


@dataclass(frozen=True)
class Unreadable:
    """A cell whose value cannot be imported, and why (I702 at the cell)."""

    reason: str


def spreadsheet_error(value: str) -> Unreadable:
    return Unreadable(f"the cell holds the spreadsheet error {value}; fix the formula, or type the value in")


# --- the zip ------------------------------------------------------------------------------------


def _zip_entries(stream: IO[bytes]) -> int | None:
    """The number of entries a zip file's end record declares (None: no end record found, which
    zipfile then reports). Read before zipfile reads the directory, which costs time and memory
    per entry: a zip of a million empty entries is a few dozen MB. As zipfile does, the last end
    record signature in the file's last 64 KB is the one, and a ZIP64 record right before it wins."""
    stream.seek(0, 2)
    size = stream.tell()
    start = max(0, size - (22 + 65535))
    stream.seek(start)
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    entries = int.from_bytes(tail[at + 10:at + 12], "little")
    locator = start + at - 20
    if locator >= 0:
        stream.seek(locator)
        record = stream.read(20)
        if record[:4] == b"PK\x06\x07":  # the ZIP64 end record's locator: the count is there
            stream.seek(int.from_bytes(record[8:16], "little"))
            zip64 = stream.read(56)
            if zip64[:4] == b"PK\x06\x06" and len(zip64) == 56:
                entries = int.from_bytes(zip64[32:40], "little")
    return entries


@dataclass
class _Package:
    """The open zip, the names in it (case-insensitively: part names are), and the bytes left to read."""

    zip: zipfile.ZipFile
    file_size: int
    budget: int | None  # bytes left to read (None: no limit)
    limit: int = 0  # the limit itself, for messages
    names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for info in self.zip.infolist():
            folded = info.filename.lower()
            if folded in self.names:
                raise WorkbookError(f"the workbook holds two parts named {info.filename!r}")
            self.names[folded] = info.filename

    def has(self, part: str) -> bool:
        return part.lower() in self.names

    def parse(self, part: str, handler: _Handler) -> Iterator[None]:
        """Stream the part through expat into `handler`; yields after each chunk (so that rows can
        be handed on as they come)."""
        name = self.names.get(part.lower())
        if name is None:
            raise WorkbookError(f"the part {part} is missing")
        info = self.zip.getinfo(name)
        if self.budget is not None and info.file_size > self.budget:  # checked before a byte of it is read
            over = "with the parts read before it, that is over" if info.file_size <= self.limit else "over"
            raise TooLarge(0, 0, f"the workbook's part {name} is {megabytes(info.file_size)} uncompressed (the workbook file is "
                                 f"{megabytes(self.file_size)}): {over} the import's limit of {megabytes(self.limit)}" + not_read("bytes"))
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = _no_dtd(name)
        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.text
        read = 0
        last_tag = 0  # where the last "<" was: text or a tag longer than MAX_XML_TEXT is refused
        with self.zip.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                if self.budget is not None:  # the size the directory declares can be a lie
                    self.budget -= len(chunk)
                    if self.budget < 0:
                        raise TooLarge(0, 0, f"the workbook's part {name} unzips to more than the {megabytes(info.file_size)} its "
                                             f"zip directory declares: {megabytes(read + len(chunk))} read, and with the parts "
                                             f"read before it over the import's limit of {megabytes(self.limit)}" + not_read("bytes"))
                first = chunk.find(b"<")
                if (read + len(chunk) if first < 0 else read + first) - last_tag > MAX_XML_TEXT:
                    raise WorkbookError(f"{name} has more than {megabytes(MAX_XML_TEXT)} of XML between two tags, "
                                        "which no spreadsheet program writes")
                if first >= 0:
                    last_tag = read + chunk.rfind(b"<")
                read += len(chunk)
                _feed(parser, chunk, False, name)
                yield
        _feed(parser, b"", True, name)
        yield


def _feed(parser: Any, chunk: bytes, final: bool, part: str) -> None:
    try:
        parser.Parse(chunk, final)
    except expat.ExpatError as exc:
        raise WorkbookError(f"{part} is not well-formed XML ({expat.ErrorString(exc.code)}, line {exc.lineno}, "
                            f"column {exc.offset + 1})") from None
    except LookupError:  # <?xml encoding="x-bogus"?>: expat asks Python for a codec that does not exist
        raise WorkbookError(f"{part} declares an encoding that is unknown or not one of text (workbooks are UTF-8)") from None


def _no_dtd(part: str) -> Callable[..., None]:
    def refuse(*_: Any) -> None:
        raise WorkbookError(f"{part} declares a DTD (<!DOCTYPE ...>), which no workbook needs: it is not read "
                            "(a DTD is how XML entity bombs and external entities get in)")
    return refuse


def _drain(steps: Iterator[None]) -> None:
    for _ in steps:
        pass


# --- the small parts ----------------------------------------------------------------------------


class _Handler:
    """Receives expat's events for one part; elements are named by their local name."""

    def __init__(self) -> None:
        self.path: list[str] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if len(attributes) > MAX_XML_ATTRIBUTES:
            raise WorkbookError(f"an XML element <{_local(name)}> with {len(attributes):,} attributes, which no spreadsheet "
                                "program writes")
        self.path.append(_local(name))
        self.opened(self.path[-1], attributes)

    def end(self, name: str) -> None:
        self.closed(self.path.pop())

    def opened(self, name: str, attributes: dict[str, str]) -> None:
        pass

    def closed(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


class _ContentTypes(_Handler):
    def __init__(self) -> None:
        super().__init__()
        self.overrides: dict[str, str] = {}  # part name (no leading /) → content type
        self.defaults: set[str] = set()

    def opened(self, name: str, attributes: dict[str, str]) -> None:
        if name == "Override":
            self.overrides[attributes.get("PartName", "").lstrip("/")] = attributes.get("ContentType", "")
        elif name == "Default":
            self.defaults.add(attributes.get("ContentType", ""))

    def workbook(self) -> str:
        for part, content_type in self.overrides.items():
            if content_type in _WORKBOOK_TYPES:
                return part
        if self.defaults & _WORKBOOK_TYPES:  # some writers make the workbook type the default for .xml
            return "xl/workbook.xml"
        raise WorkbookError("[Content_Types].xml names no workbook part")


class _Relationships(_Handler):
    def __init__(self, source: str) -> None:
        super().__init__()
        self.folder = posixpath.dirname(source)
        self.targets: dict[str, tuple[str, str]] = {}  # id → (type, part name in the zip)

    def opened(self, name: str, attributes: dict[str, str]) -> None:
        if name == "Relationship" and attributes.get("TargetMode") != "External":
            target = attributes.get("Target", "")
            part = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(self.folder, target))
            self.targets[attributes.get("Id", "")] = (attributes.get("Type", ""), part)

    def of_type(self, suffix: str) -> str | None:
        return next((part for kind, part in self.targets.values() if kind.endswith(suffix)), None)


class _Workbook(_Handler):
    def __init__(self) -> None:
        super().__init__()
        self.date1904 = False
        self.sheets: list[tuple[str, str]] = []  # (name, relationship id)
        self.hidden: set[str] = set()  # the sheets whose state is hidden or veryHidden (not shown in the workbook's tabs)

    def opened(self, name: str, attributes: dict[str, str]) -> None:
        if name == "workbookPr":
            self.date1904 = attributes.get("date1904", "0").strip().lower() in ("1", "true")
        elif name == "sheet" and self.path[-2:-1] == ["sheets"]:
            self.sheets.append((attributes.get("name", ""), attributes.get(_RELATIONSHIP_ID, "")))
            if attributes.get("state", "visible").strip() in ("hidden", "veryHidden"):
                self.hidden.add(attributes.get("name", ""))


class _Styles(_Handler):
    """Which cell styles (their index in cellXfs) format numbers as dates, or as durations."""

    def __init__(self) -> None:
        super().__init__()
        self.formats: dict[int, str] = {}  # custom number formats: id → format code
        self.styles: list[int] = []  # cellXfs: style index → number format id

    def opened(self, name: str, attributes: dict[str, str]) -> None:
        if name == "numFmt":
            self.formats[_integer(attributes.get("numFmtId"), "a number format id")] = attributes.get("formatCode", "")
        elif name == "xf" and self.path[-2:-1] == ["cellXfs"]:
            self.styles.append(_integer(attributes.get("numFmtId", "0"), "a number format id"))

    def dates(self) -> tuple[frozenset[int], frozenset[int]]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        dates, durations = set(), set()
        for index, format_id in enumerate(self.styles):
            code = self.formats.get(format_id, BUILTIN_FORMATS.get(format_id))
            if is_date_format(code):
                dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
        return frozenset(dates), frozenset(durations)


class _Texts(_Handler):
    """The text of a string item (<si> or <is>): its <t>, and the <t> of its rich text runs <r>
    (phonetic runs <rPh> are not the text)."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] | None = None

    def collecting(self) -> bool:
        path = self.path
        return len(path) >= 2 and path[-1] == "t" and (path[-2] in ("si", "is") or (path[-2] == "r" and len(path) >= 3
                                                                                    and path[-3] in ("si", "is")))

    def text(self, data: str) -> None:
        if self.pieces is not None and self.collecting():
            self.pieces.append(data)


class _SharedStrings(_Texts):
    def __init__(self) -> None:
        super().__init__()
        self.strings: list[str] = []

    def opened(self, name: str, attributes: dict[str, str]) -> None:
        if name == "si":
            self.pieces = []

    def closed(self, name: str) -> None:
        if name == "si" and self.pieces is not None:
            self.strings.append(unescape("".join(self.pieces)))
            self.pieces = None


# ECMA-376's ST_Xstring: a character XML cannot carry (a carriage return, a control character) is
# written _xHHHH_, its UTF-16 code unit in hex; _x005F_ is the underscore itself, so that text typed
# as "_x000D_" is stored _x005F_x000D_. A surrogate pair is two escapes; a lone surrogate stays as
# written (it is no character).
_XSTRING = re.compile(r"_x(D[89AB][0-9A-F]{2})__x(D[C-F][0-9A-F]{2})_|_x([0-9A-F]{4})_", re.IGNORECASE)


def _xchar(match: re.Match[str]) -> str:
    high, low, unit = match.groups()
    if high is not None:
        return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + int(low, 16) - 0xDC00)
    code = int(unit, 16)
    return match.group() if 0xD800 <= code <= 0xDFFF else chr(code)


def unescape(text: str) -> str:
    """A string of the workbook as Excel reads it: its _xHHHH_ escapes decoded (ST_Xstring), in one
    pass from the left, so that _x005F_x000D_ is the text "_x000D_"."""
    return _XSTRING.sub(_xchar, text) if "_x" in text or "_X" in text else text


def _integer(text: str | None, what: str) -> int:
    if text is None or not text.strip().isdigit() or len(text.strip()) > 9:
        raise WorkbookError(f"{text!r} is not {what}")
    return int(text)


# --- the sheet ----------------------------------------------------------------------------------


@dataclass
class _Cell:
    column: int
    type: str
    style: int
    value: list[str] | None = None  # the text of <v>, if there is one
    inline: list[str] | None = None  # the text of <is>, if there is one
    formula: bool = False


class _Sheet(_Texts):
    """The rows of a sheet, each handed on (`done`) when it ends: (row number, cells), the cells
    up to the last that holds something, empty ones None."""

    def __init__(self, read_value: Callable[[_Cell], Any], limits: Limits) -> None:
        super().__init__()
        self.read_value = read_value
        self.limits = limits
        self.done: list[tuple[int, list[Any]]] = []
        self.row = 0  # the number of the row being read (or last read)
        self.cells: list[tuple[int, Any]] = []
        self.column = 0  # the last cell's column in the row
        self.cell: _Cell | None = None

    def opened(self, name: str, attributes: dict[str, str]) -> None:
        path = self.path
        if name == "row" and path[-2:-1] == ["sheetData"]:
            number = _integer(attributes["r"], "a row number") if "r" in attributes else self.row + 1
            if number <= self.row:
                raise WorkbookError(f"the sheet's row {number} comes after row {self.row}: rows out of order, or given twice")
            if self.limits.rows is not None and number > self.limits.rows:
                raise TooLarge(number, 1, f"the sheet has a row {number:,}, over the import's limit of {self.limits.rows:,} rows"
                               + not_read("rows"))
            self.row, self.cells, self.column = number, [], 0
        elif name == "c" and path[-3:-1] == ["sheetData", "row"]:
            reference = attributes.get("r")
            column = self.column + 1 if reference is None else self._column(reference)
            if column <= self.column:
                raise WorkbookError(f"the sheet's cell {reference} comes after column {self.column} of row {self.row}: "
                                    "cells out of order, or given twice")
            if self.limits.columns is not None and column > self.limits.columns:
                raise TooLarge(self.row, column, f"the sheet has a cell in column {column:,}, over the import's limit of "
                                                 f"{self.limits.columns:,} columns" + not_read("columns"))
            style = attributes.get("s")
            self.column = column
            self.cell = _Cell(column, attributes.get("t", "n"), 0 if style is None else _integer(style, "a style index"))
        elif self.cell is not None and path[-2:-1] == ["c"]:
            if name == "v":
                self.cell.value = []
            elif name == "f":
                self.cell.formula = True
            elif name == "is":
                self.cell.inline = self.pieces = []

    def _column(self, reference: str) -> int:
        match = _CELL.fullmatch(reference)
        if match is None:
            raise WorkbookError(f"the sheet has a cell {reference[:20]!r}, which is no cell reference")
        if int(match.group(2)) != self.row:
            raise WorkbookError(f"the sheet's cell {reference} is in row {self.row}")
        column = 0
        for letter in match.group(1).upper():
            column = column * 26 + ord(letter) - 64
        return column

    def text(self, data: str) -> None:
        cell = self.cell
        if cell is not None and cell.value is not None and self.path[-1] == "v":
            cell.value.append(data)
        else:
            super().text(data)

    def closed(self, name: str) -> None:
        if name == "c" and self.cell is not None:
            value = self.read_value(self.cell)
            if value is not None:
                self.cells.append((self.cell.column, value))
            self.cell = self.pieces = None
        elif name == "is":
            self.pieces = None
        elif name == "row" and self.path[-1:] == ["sheetData"]:
            if self.cells:
                row: list[Any] = [None] * self.cells[-1][0]
                for column, value in self.cells:
                    row[column - 1] = value
                self.done.append((self.row, row))
            self.cells = []


class _Values:
    """A cell's value, as openpyxl reads it with data_only=True (see the module docstring)."""

    def __init__(self, strings: list[str], dates: frozenset[int], durations: frozenset[int], date1904: bool) -> None:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        self.strings = strings
        self.dates = dates
        self.durations = durations
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900

    def __call__(self, cell: _Cell) -> Any:
        kind = cell.type
        if kind == "inlineStr":
            return None if cell.inline is None else unescape("".join(cell.inline))
        text = "".join(cell.value) if cell.value is not None else None
        if not text:
            # A formula's value that was never computed reads as empty; an empty value of a text
            # formula (type "str") is the empty text, computed.
            if cell.formula and (text is None or kind != "str"):
                return Unreadable(UNCOMPUTED)
            return None
        if kind == "n":
            return self.number(cell, text)
        if kind == "s":
            index = text.strip()
            if not index.isdigit() or int(index) >= len(self.strings):
                return Unreadable(f"the cell refers to the shared string {text[:20]!r}, which the workbook does not have")
            return self.strings[int(index)]
        if kind == "b":
            flag = text.strip().lower()
            if flag not in ("0", "1", "true", "false"):
                return Unreadable(f"the cell is a true/false cell holding {text[:20]!r}")
            return flag in ("1", "true")
        if kind == "e":
            return spreadsheet_error(text)
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                return from_ISO8601(text)
            except (ValueError, TypeError, OverflowError):
                return Unreadable(f"the cell is a date cell holding {text[:40]!r}, which is no date")
        if kind == "str":  # a formula's text, escaped as every string of a workbook is
            return unescape(text)
        return text  # types no spreadsheet writes: the text as written

    def number(self, cell: _Cell, text: str) -> Any:
        if not _NUMBER.fullmatch(text):
            return Unreadable(f"the cell is a number cell holding {text[:40]!r}, which is no finite number")
        try:
            value: int | float = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:  # an integer of more digits than Python converts
            value = float(text)
        if isinstance(value, float) and not isfinite(value) or isinstance(value, int) and abs(value) > 1e308:
            return Unreadable(f"the cell is a number cell holding {text[:40]!r}, which is no finite number")
        if cell.style in self.dates:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(value, self.epoch, timedelta=cell.style in self.durations)
            except (OverflowError, ValueError):
                return Unreadable(f"the cell is formatted as a date but holds {text[:40]}, which is outside the range of dates")
        return value


# --- reading ------------------------------------------------------------------------------------


# A judge's packet (`smartaward packets`, render/packets.py): its marks are on the sheet Marks, which
# is read when no sheet is named, wherever it is (a sheet put before it is not the packet's).
PACKET_MARKS, PACKET_INSTRUCTIONS = "Marks", "Instructions"


@dataclass
class Sheets:
    """What read_sheet found out about the workbook before its first row: its worksheets' names,
    in order, and the name of the one read."""

    names: list[str] = field(default_factory=list)
    read: str | None = None
    hidden: set[str] = field(default_factory=set)  # the sheets hidden (or very hidden) in the workbook

    @property
    def read_hidden(self) -> bool:
        """The sheet read is one the workbook hides."""
        return self.read is not None and self.read in self.hidden

    @property
    def packet(self) -> bool:
        """The workbook is a judge's packet, and its Marks sheet is the one read."""
        return self.read == PACKET_MARKS and PACKET_INSTRUCTIONS in self.names


def read_sheet(path: Path, file: str, sheet: str | None, limits: Limits,
               found: Sheets | None = None) -> Iterator[tuple[int, list[Any]]]:
    """The rows of the workbook's first worksheet (or the one named `sheet`; without one, the sheet
    Marks of a judge's packet, which has Marks and Instructions sheets): (row number, cells). The
    sheets' names and the one read are put in `found`. TooLarge (I704), WorkbookError (F002),
    zipfile's and the OS's errors (F002: the caller words them), ImportMisuse for a sheet the
    workbook does not have (`file` names the workbook then)."""
    with _opened(path, limits) as package:
        yield from _rows(package, file, sheet, limits, found if found is not None else Sheets())


@contextmanager
def _opened(path: Path, limits: Limits) -> Iterator[_Package]:
    """The workbook's zip, within the import's limits: a zip of more parts than any workbook has
    is not opened (TooLarge, I704)."""
    with path.open("rb") as stream:
        entries = _zip_entries(stream)
        if entries is not None and entries > MAX_WORKBOOK_PARTS:
            raise TooLarge(0, 0, f"the workbook has {entries:,} parts, more than the {MAX_WORKBOOK_PARTS:,} any workbook has: "
                                 "it is not read")
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            yield _Package(archive, size, limits.bytes, limits.bytes or 0)


def _rows(package: _Package, file: str, sheet: str | None, limits: Limits, found: Sheets) -> Iterator[tuple[int, list[Any]]]:
    parts = _Parts(package)
    found.names = [name for name, _ in parts.sheets]
    found.hidden = parts.workbook.hidden & set(found.names)
    if sheet is None and PACKET_MARKS in found.names and PACKET_INSTRUCTIONS in found.names:
        sheet = PACKET_MARKS
    if sheet is None:
        found.read, chosen = parts.sheets[0]
    else:
        found.read = sheet
        chosen = next((part for name, part in parts.sheets if name == sheet), "")
        if not chosen:
            from smartaward.reading.files import printable

            names = [printable(name) for name, _ in parts.sheets]
            listed = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
            raise ImportMisuse(f"{file} has no sheet {printable(sheet)!r}; its sheets: {listed}")
    yield from parts.rows(chosen, limits)


def read_every_sheet(path: Path, limits: Limits) -> Iterator[tuple[str, bool, Iterator[tuple[int, list[Any]]]]]:
    """Every worksheet of the workbook, in the workbook's order: (its name, whether the workbook
    hides it, its rows as read_sheet gives them). One zip, its small parts read once: the import's byte limit holds over the whole
    workbook, not per sheet. Each sheet's rows are to be read before the next sheet is asked for.
    The same errors as read_sheet."""
    with _opened(path, limits) as package:
        parts = _Parts(package)
        for name, part in parts.sheets:
            yield name, name in parts.workbook.hidden, parts.rows(part, limits)


class _Parts:
    """A workbook's worksheets (name, part), as openpyxl lists them (not chart sheets), and its
    shared strings and styles, read once when the first sheet's rows are asked for."""

    def __init__(self, package: _Package) -> None:
        self.package = package
        types = _ContentTypes()
        _drain(package.parse("[Content_Types].xml", types))
        self.types = types
        workbook_part = types.workbook()
        self.relationships = _Relationships(workbook_part)
        rels = posixpath.join(posixpath.dirname(workbook_part), "_rels", posixpath.basename(workbook_part) + ".rels")
        if package.has(rels):
            _drain(package.parse(rels, self.relationships))
        self.workbook = _Workbook()
        _drain(package.parse(workbook_part, self.workbook))
        self.sheets: list[tuple[str, str]] = []
        for name, rid in self.workbook.sheets:
            kind, part = self.relationships.targets.get(rid, ("", ""))
            if kind.endswith("/worksheet") and package.has(part):
                self.sheets.append((name, part))
        if not self.sheets:
            raise WorkbookError("the workbook has no worksheet")
        self._values: _Values | None = None

    def values(self) -> _Values:
        if self._values is None:
            package, relationships = self.package, self.relationships
            strings = _SharedStrings()
            strings_part = relationships.of_type("/sharedStrings") or next(
                (part for part, kind in self.types.overrides.items() if kind == _SHARED_STRINGS_TYPE), None)
            if strings_part is not None and package.has(strings_part):
                _drain(package.parse(strings_part, strings))
            styles = _Styles()
            styles_part = relationships.of_type("/styles")
            if styles_part is not None and package.has(styles_part):
                _drain(package.parse(styles_part, styles))
            dates, durations = styles.dates()
            self._values = _Values(strings.strings, dates, durations, self.workbook.date1904)
        return self._values

    def rows(self, part: str, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
        reader = _Sheet(self.values(), limits)
        for _ in self.package.parse(part, reader):
            yield from reader.done
            reader.done.clear()
