"""The files of an export, in memory: a Publication (publishing/documents.py) → file name → bytes,
one function per export format (render/registry.py maps the formats to them: `render_files`).
Nothing is written here (cli/export.py writes them, all or none).

The marks are drawn only when they were asked for (`--include marks`: `Publication.with_marks`): marks.csv, the
workbook's Marks sheets and the Markdown's Marks section are then left out, and results.json says
`"marks": null`. A provisional result says so at the top of results.md (the open items listed) and in
a Status sheet of the workbook."""

from __future__ import annotations

from typing import Any

from smartaward.publishing.data import RANK_COLUMNS, WINNER_COLUMNS, format_score
from smartaward.publishing.documents import MARK_COLUMNS, RANKING_COLUMNS, UNFILLED_COLUMNS, Publication


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
    """results.xlsx (render/xlsx.py)."""
    from smartaward.render.xlsx import workbook_bytes

    return workbook_bytes(pub)


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
    category's ranking and notes, then every mark when included; ids shown with their titles."""
    from smartaward.awards.titles import labelled
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
        out.append(f"### {md_text(labelled(category['call'], category.get('call_title')))} / "
                   f"{md_text(labelled(category['category'], category.get('category_title')))}\n")
        out.append(table(category["ranking"], RANK_COLUMNS))
        out += [f"- {md_text(note)}\n" for note in category["notes"]]
    if pub.with_marks:
        out += ["## Marks\n", table(pub.marks, MARK_COLUMNS)]
    return "\n".join(out)
