"""Workbooks built part by part, for the tests of hostile spreadsheets and for fuzzing: every XML
part is ours to break, and the zip is written by hand, so that its sizes can lie and a sheet of
gigabytes can be a file of a megabyte.

`parts(rows)` gives the parts of a minimal, valid .xlsx (what Excel writes: shared strings,
styles with a date format, a sheet of rows); `write_zip(path, parts)` zips them; `zip_bomb(path)`
writes a workbook whose sheet unzips to gigabytes without ever being held in memory.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DATE_STYLE = 1  # cellXfs index of the style with number format 14 (a date)

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"

BOMB_DTD = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
            + "]>\n")


@dataclass(frozen=True)
class Raw:
    """A cell given as XML: its attributes besides the reference, and its content:
    `Raw('t="e"', "<v>#REF!</v>")`, `Raw("", "<f>A1+1</f>")`."""

    attributes: str
    content: str = ""


def column_name(column: int) -> str:
    name = ""
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(reference: str, value: Any, strings: list[str]) -> str:
    if value is None:
        return ""
    if isinstance(value, Raw):
        return f'<c r="{reference}" {value.attributes}>{value.content}</c>'
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    if isinstance(value, date):
        serial = (value - date(1899, 12, 30)).days
        return f'<c r="{reference}" s="{DATE_STYLE}"><v>{serial}</v></c>'
    strings.append(str(value))
    return f'<c r="{reference}" t="s"><v>{len(strings) - 1}</v></c>'


def parts(rows: list[list[Any]], sheet_name: str = "Applications") -> dict[str, bytes]:
    """The parts of a valid workbook whose first sheet holds `rows` (row 1 first)."""
    strings: list[str] = []
    body = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{column_name(column)}{number}", value, strings) for column, value in enumerate(row, start=1))
        body.append(f'<row r="{number}">{cells}</row>')
    last = f"{column_name(max((len(row) for row in rows), default=1) or 1)}{max(len(rows), 1)}"
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">'
             f'<dimension ref="A1:{last}"/><sheetData>{"".join(body)}</sheetData></worksheet>')
    shared = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" count="{len(strings)}" '
              f'uniqueCount="{len(strings)}">' + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings) + "</sst>")
    return {
        CONTENT_TYPES: (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            b'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            b'</Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>').encode(),
        WORKBOOK: (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            f'<workbookPr/><sheets><sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>').encode(),
        WORKBOOK_RELS: (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>').encode(),
        STYLES: (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>').encode(),
        STRINGS: shared.encode(),
        SHEET: sheet.encode(),
    }


# --- the zip, by hand ---------------------------------------------------------------------------


@dataclass
class Member:
    name: str
    data: bytes  # as stored (deflated unless method is 0)
    crc: int
    size: int  # the uncompressed size declared in the zip's headers
    method: int = 8


def member(name: str, content: bytes, *, declared: int | None = None, level: int = 6) -> Member:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return Member(name, data, zlib.crc32(content), len(content) if declared is None else declared)


def write_members(path: Path, members: list[Member]) -> Path:
    """A zip file of these members, exactly as given (sizes and checksums are not checked)."""
    central = []
    with path.open("wb") as out:
        for m in members:
            offset = out.tell()
            name = m.name.encode()
            out.write(struct.pack("<4sHHHHHLLLHH", b"PK\x03\x04", 20, 0, m.method, 0, 0x21, m.crc, len(m.data), m.size, len(name), 0))
            out.write(name)
            out.write(m.data)
            central.append(struct.pack("<4sHHHHHHLLLHHHHHLL", b"PK\x01\x02", 20, 20, 0, m.method, 0, 0x21, m.crc, len(m.data),
                                       m.size, len(name), 0, 0, 0, 0, 0, offset) + name)
        start = out.tell()
        directory = b"".join(central)
        out.write(directory)
        out.write(struct.pack("<4sHHHHLLH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0))
    return path


def write_zip(path: Path, contents: dict[str, bytes]) -> Path:
    return write_members(path, [member(name, data) for name, data in contents.items()])


def zip_bomb(path: Path, sheet_bytes: int = 1_500_000_000) -> Path:
    """A valid workbook of a megabyte or two whose sheet unzips to `sheet_bytes` of rows of cells.
    The sheet's deflate stream is one compressed block repeated: after a full flush the compressor
    starts afresh, so the same input compresses to the same bytes every time."""
    rows = parts([["Entry ID", "Title"]])
    head = rows[SHEET].split(b"</sheetData>")[0]
    tail = b"</sheetData></worksheet>"
    block = b"<row><c><v>1</v></c><c><v>2</v></c></row>" * 25_000  # 1 MB
    repeats = max(1, (sheet_bytes - len(head) - len(tail)) // len(block))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + repeats * len(block) + len(tail)
    sheet = Member(SHEET, start + middle * repeats + end, crc, size)
    others = [member(name, data) for name, data in rows.items() if name != SHEET]
    return write_members(path, [*others, sheet])
