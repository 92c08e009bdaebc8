"""The files of an export, in memory: a Publication (publishing/documents.py) → file name → bytes,
one function per export format (render/registry.py maps the formats to them: `render_files`).
Nothing is written here (cli/export.py writes them, all or none).

The marks are drawn only when they were asked for (`--include marks`: `Publication.with_marks`): marks.csv, the
workbook's Marks sheets and the Markdown's Marks section are then left out, and results.json says
`"marks": null`. A provisional result says so at the top of results.md (the open items listed) and in
a Status sheet of the workbook."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from typing import Any

from smartaward.publishing.data import RANK_COLUMNS, WINNER_COLUMNS, format_score
from smartaward.publishing.documents import MARK_COLUMNS, RANKING_COLUMNS, STATUS_COLUMNS, UNFILLED_COLUMNS, Publication
from smartaward.text.cells import one_line


def csv_files(pub: Publication) -> dict[str, bytes]:
    from smartaward.render.tables import to_csv

    files = {"winners.csv": to_csv(pub.winners, WINNER_COLUMNS).encode(),
             "rankings.csv": to_csv(pub.rankings, RANKING_COLUMNS).encode()}
    if pub.with_marks:
        files["marks.csv"] = to_csv(pub.marks, MARK_COLUMNS).encode()
    return files


def xlsx_files(pub: Publication) -> dict[str, bytes]:
    return {"results.xlsx": workbook(pub)}


def workbook(pub: Publication) -> bytes:
    """results.xlsx: render/xlsx.py's workbook — "Winners", "Unfilled" when a slot stayed empty, one
    sheet per ranked category, "Marks" — with a "Status" sheet after "Winners" listing the open items
    of a provisional result, and the Marks sheets only when the marks are included. The sheet names
    "Status" and "Marks" are kept from categories whether or not those sheets are there, so that a
    category's sheet keeps its name from one export to the next."""
    # Built here from render/xlsx.py's parts (its sheets, names, fixed dates and re-packing), so that
    # what the workbook holds follows the Publication as every other file does.
    from smartaward.render import xlsx

    if "openpyxl" not in sys.modules:  # openpyxl's own writer, never lxml's (xlsx.workbook_bytes says why)
        os.environ["OPENPYXL_LXML"] = "False"
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.properties.creator = "smartaward"
    wb.properties.lastModifiedBy = None
    wb.properties.title = one_line(pub.title)
    wb.properties.created = xlsx.FIXED_TIME
    wb.properties.modified = xlsx.FIXED_TIME
    ws = wb.active
    assert ws is not None
    ws.title = "Winners"
    xlsx._sheet(ws, pub.winners, WINNER_COLUMNS)
    if pub.open:
        xlsx._sheet(wb.create_sheet("Status"), pub.status_rows(), STATUS_COLUMNS)
    if pub.unfilled:
        xlsx._sheet(wb.create_sheet("Unfilled"), pub.unfilled, UNFILLED_COLUMNS)
    # A sheet holds at most MAX_ROWS rows below its header: a longer table continues on
    # "Marks (2)", "Marks (3)"... (a category, on "<name> (2)"), each with its own header.
    marks = xlsx._parts(pub.marks) if pub.with_marks else []
    mark_names = ["Marks"] + [f"Marks ({n})" for n in range(2, len(marks) + 1)]
    rankings: list[tuple[str, list[dict[str, Any]]]] = []
    # A category id used by two calls is named with its call on both sheets ("project people").
    shared = {c["category"] for c in pub.categories if sum(d["category"] == c["category"] for d in pub.categories) > 1}
    for category in pub.categories:
        rows = [dict(row, call=category["call"], category=category["category"]) for row in category["ranking"]]
        name = f"{category['call']} {category['category']}" if category["category"] in shared else category["category"]
        for k, part in enumerate(xlsx._parts(rows)):
            rankings.append((name if k == 0 else f"{name} ({k + 1})", part))
    names = xlsx.sheet_names([wanted for wanted, _ in rankings], ("Winners", "Unfilled", "Status", *mark_names))
    for name, (_, rows) in zip(names, rankings, strict=True):
        xlsx._sheet(wb.create_sheet(name), rows, RANKING_COLUMNS)
    for name, rows in zip(mark_names, marks, strict=False):
        xlsx._sheet(wb.create_sheet(name), rows, MARK_COLUMNS)

    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp the current time as "modified".
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return xlsx._repacked(raw.getvalue())


def json_files(pub: Publication) -> dict[str, bytes]:
    from smartaward.render.tables import to_json

    return {"results.json": to_json(pub.document()).encode()}


def md_files(pub: Publication) -> dict[str, bytes]:
    return {"results.md": markdown(pub).encode()}


def html_files(pub: Publication) -> dict[str, bytes]:
    from smartaward.render.html import winners_page

    return {"index.html": winners_page(pub).encode()}


def _md_rows(rows: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    """Marks shown as scores are (to_text_table escapes the text cells)."""
    def cell(column: str, value: Any) -> Any:
        if column == "mark" and isinstance(value, float):
            return format_score(value)
        return value

    return [{c: cell(c, row.get(c)) for c in columns} for row in rows]


def markdown(pub: Publication) -> str:
    """results.md: whether it is provisional (and what is open), winners, unfilled slots, each
    category's ranking and notes, then every mark when included."""
    from smartaward.render.tables import md_text, to_text_table

    def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
        if not rows:
            return "None.\n"
        return to_text_table(_md_rows(rows, columns), columns, "md")

    out = [f"# {md_text(pub.title)}\n", f"Cycle: {md_text(pub.cycle)}\n"]
    if pub.provisional:
        out.append(f"**Provisional:** {md_text(pub.provisional)}\n")
        if pub.open:
            out.append("".join(f"- {md_text(item['text'])}\n" for item in pub.open))
    out += ["## Winners\n", table(pub.winners, WINNER_COLUMNS)]
    if pub.unfilled:
        out += ["## Unfilled awards\n", table(pub.unfilled, UNFILLED_COLUMNS)]
    out.append("## Rankings\n")
    for category in pub.categories:
        out.append(f"### {md_text(category['call'])} / {md_text(category['category'])}\n")
        out.append(table(category["ranking"], RANK_COLUMNS))
        out += [f"- {md_text(note)}\n" for note in category["notes"]]
    if pub.with_marks:
        out += ["## Marks\n", table(pub.marks, MARK_COLUMNS)]
    return "\n".join(out)
