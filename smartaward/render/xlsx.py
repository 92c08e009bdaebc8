"""results.xlsx: a real workbook — a "Winners" sheet, a "Status" sheet listing the open items of a
provisional result, an "Unfilled" sheet when a slot stayed empty, one sheet per ranked category
(named after its title), with `export --include marks`, "Marks" sheets with every raw mark, and last a
"Sheets" sheet saying which call and category ids each ranking sheet is.

Every sheet has a styled header row that stays frozen while scrolling and an auto-filter over the
table; numbers are written as numbers with a number format (scores to 6 decimals at most, ranks and
counts as integers), `counted` as a boolean. Text cells are one line without control characters
(cells.one_line) and are stored as text: a title like `=HYPERLINK(...)` is a string cell with
Excel's "quote prefix" style, shown as written (no visible `'`) and never evaluated, even once edited.

The bytes are the same for the same results: openpyxl stamps the time into docProps/core.xml and
into every zip entry, so the workbook's dates are set to a fixed one and the archive is re-packed
with a fixed entry time, in the same order. Judges' packets (render/packets.py) are written with the
same helpers: `new_workbook`, `saved`, `as_text`, `header_row`.
"""

from __future__ import annotations

import io
import os
import re
import sys
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING, Any

from smartaward.text.cells import is_formula, one_line

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from smartaward.publishing.documents import Publication

# The zip format's earliest time: no date at all is not an option in either place.
FIXED_TIME = datetime(1980, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

SCORE_FORMAT = "0.0#####"  # up to the 6 decimals ties are decided at, no trailing zeros beyond one
INTEGER_FORMAT = "0"
NUMBER_FORMATS = {"score": SCORE_FORMAT, "raw_score": SCORE_FORMAT, "rank": INTEGER_FORMAT,
                  "judges": INTEGER_FORMAT, "slots": INTEGER_FORMAT, "mark": "General"}
HEADER_FILL = "1F3A5F"
MAX_ROWS = 1_048_575  # Excel's 1,048,576 rows a sheet, less the header
MAX_WIDTH = 60

# Excel's rules for sheet names: at most 31 characters, none of []:*?/\, not starting or ending
# with an apostrophe, unique ignoring case; "History" is reserved.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31
SHEETS_COLUMNS = ["sheet", "call", "category", "call_title", "category_title"]  # the "Sheets" sheet


def sheet_names(wanted: list[str], reserved: tuple[str, ...] = ("Winners", "Unfilled", "Marks")) -> list[str]:
    """A valid, unique Excel sheet name for each wanted name (in order), avoiding the reserved ones:
    on one line, Excel's forbidden characters as "-", a name too long cut with "…" (so that it shows
    it was cut), a name taken (ignoring case) numbered " (2)", " (3)"..."""
    taken = {name.casefold() for name in reserved} | {"history"}
    names = []
    for raw in wanted:
        base = " ".join(_SHEET_FORBIDDEN.sub("-", one_line(raw)).split()).strip("'").strip() or "Sheet"
        name = _cut(base, _SHEET_MAX)
        n = 1
        while name.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            name = _cut(base, _SHEET_MAX - len(suffix)) + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


def category_sheets(categories: list[dict[str, Any]]) -> list[str]:
    """The name each category's sheet is wanted under (sheet_names makes it valid): the category's
    title in cycle.yaml, or its id without one; a title that two calls' categories share (ignoring
    case) is preceded by the call's id ("project Leadership"). The "Sheets" sheet maps the names back
    to the ids."""
    def title(category: dict[str, Any]) -> str:
        return str(category.get("category_title") or category["category"])

    counts: dict[str, int] = {}
    for category in categories:
        counts[title(category).casefold()] = counts.get(title(category).casefold(), 0) + 1
    return [f"{c['call']} {title(c)}" if counts[title(c).casefold()] > 1 else title(c) for c in categories]


def _parts(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """rows cut into sheets of at most MAX_ROWS; one (maybe empty) sheet at least."""
    return [rows[start:start + MAX_ROWS] for start in range(0, len(rows), MAX_ROWS)] or [[]]


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return one_line(value)
    return value


def as_text(cell: Cell, value: str) -> None:
    """`cell` holds `value` (one line, already) as text, whatever it looks like."""
    # openpyxl takes a string starting with "=" for a formula: saying it is text keeps it text. A
    # text that a spreadsheet would read as a formula also gets the quote prefix style, Excel's own
    # mark of "text, though it looks like a formula", so that editing the cell does not turn it into
    # one; unlike CSV's leading "'" (OWASP), it is not part of the text, so nothing shows that was
    # not written.
    cell.value = value
    cell.data_type = "s"
    if is_formula(value):
        cell.quotePrefix = True


def header_row(ws: Worksheet) -> None:
    """The first row styled as every sheet's header: bold white on the header colour."""
    from openpyxl.styles import Alignment, Font, PatternFill

    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="center")


def table_sheet(ws: Worksheet, rows: list[dict[str, Any]], columns: list[str]) -> None:
    """A table: the header row, then one row per dict (its values for `columns`, text as text),
    the header frozen, an auto-filter over it, columns as wide as their text (up to MAX_WIDTH)."""
    from openpyxl.utils import get_column_letter

    ws.append(columns)
    header_row(ws)
    widths = [len(c) for c in columns]
    formats = [NUMBER_FORMATS.get(c) for c in columns]
    for r, row in enumerate(rows, start=2):
        for i, column in enumerate(columns):
            value = _value(row.get(column))
            if value is None:
                continue
            cell = ws.cell(row=r, column=i + 1, value=value)
            if isinstance(value, str):
                as_text(cell, value)
                widths[i] = max(widths[i], min(len(value), MAX_WIDTH))
            else:
                widths[i] = max(widths[i], 9)
                if formats[i] is not None and not isinstance(value, bool):
                    cell.number_format = formats[i]
    for i in range(len(columns)):
        ws.column_dimensions[get_column_letter(i + 1)].width = widths[i] + 2
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def workbook_bytes(pub: Publication) -> bytes:
    """results.xlsx: the export's workbook — "Winners", "Unfilled" when a slot stayed empty, one
    sheet per ranked category, "Marks", "Sheets" — with a "Status" sheet after "Winners" listing the open items
    of a provisional result, and the Marks sheets only when the marks are included. The sheet names
    "Status" and "Marks" are kept from categories whether or not those sheets are there, so that a
    category's sheet keeps its name from one export to the next."""
    from smartaward.publishing.data import WINNER_COLUMNS
    from smartaward.publishing.documents import MARK_COLUMNS, RANKING_COLUMNS, STATUS_COLUMNS, UNFILLED_COLUMNS

    wb = new_workbook(pub.title)
    ws = wb.active
    assert ws is not None
    ws.title = "Winners"
    table_sheet(ws, pub.winners, WINNER_COLUMNS)
    if pub.open:
        table_sheet(wb.create_sheet("Status"), pub.status_rows(), STATUS_COLUMNS)
    if pub.unfilled:
        table_sheet(wb.create_sheet("Unfilled"), pub.unfilled, UNFILLED_COLUMNS)
    # A sheet holds at most MAX_ROWS rows below its header: a longer table continues on
    # "Marks (2)", "Marks (3)"... (a category, on "<name> (2)"), each with its own header.
    marks = _parts(pub.marks) if pub.with_marks else []
    mark_names = ["Marks"] + [f"Marks ({n})" for n in range(2, len(marks) + 1)]
    rankings: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []
    for category, name in zip(pub.categories, category_sheets(pub.categories), strict=True):
        rows = [dict(row, call=category["call"], category=category["category"]) for row in category["ranking"]]
        for k, part in enumerate(_parts(rows)):
            rankings.append((name if k == 0 else f"{name} ({k + 1})", category, part))
    names = sheet_names([wanted for wanted, _, _ in rankings], ("Winners", "Unfilled", "Status", "Sheets", *mark_names))
    for name, (_, _, rows) in zip(names, rankings, strict=True):
        table_sheet(wb.create_sheet(name), rows, RANKING_COLUMNS)
    for name, rows in zip(mark_names, marks, strict=False):
        table_sheet(wb.create_sheet(name), rows, MARK_COLUMNS)
    # Sheet names are titles, cut and made unique: which call and category each ranking sheet is.
    table_sheet(wb.create_sheet("Sheets"), [{"sheet": name, "call": category["call"], "category": category["category"],
                                              "call_title": category.get("call_title"), "category_title": category.get("category_title")}
                                             for name, (_, category, _) in zip(names, rankings, strict=True)], SHEETS_COLUMNS)

    return saved(wb)


def new_workbook(title: str) -> Workbook:
    """An empty workbook (one sheet) whose properties carry no time nor user: the same content
    gives the same bytes (`saved`)."""
    # openpyxl serialises through lxml where it is installed, and the bytes then differ from its
    # own writer's (attribute order): always its own writer, so every machine writes the same
    # workbook. (Read when openpyxl is first imported; lxml made no real difference in speed.)
    if "openpyxl" not in sys.modules:
        os.environ["OPENPYXL_LXML"] = "False"
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.creator = "smartaward"
    wb.properties.lastModifiedBy = None
    wb.properties.title = one_line(title)
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def saved(wb: Workbook) -> bytes:
    """The workbook's bytes, with a fixed time in every zip entry."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp the current time as "modified".
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return _repacked(raw.getvalue())


def _repacked(data: bytes) -> bytes:
    """The same archive, entries in the same order, with a fixed time and permissions."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
