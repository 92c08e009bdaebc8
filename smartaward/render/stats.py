"""`smartaward stats` as tables: the titled sections every text format shows, and one long CSV.

stats.py counts; this module only lays the counts out. Each text format (md, rst, latex, html, grid)
prints the headline, then each section under a heading of its own kind. The tables for people show
a call, category, round or award by its title and id, "Project awards (project)" (awards/titles.py);
the CSV keeps the ids in their columns and adds the titles as its last columns.
"""

from __future__ import annotations

from html import escape as html_escape
from typing import TYPE_CHECKING, Any

from smartaward.awards.titles import labelled
from smartaward.render.tables import to_text_table
from smartaward.text.cells import one_line

if TYPE_CHECKING:
    from rich.console import Console

Section = tuple[str, list[str], list[dict[str, Any]]]


def _percent(ratio: float | None) -> str:
    return "" if ratio is None else f"{ratio * 100:.1f}%"


def _round_shown(row: dict[str, Any]) -> str:
    """A row's round with its title; "-" for a call without rounds (judged in one, unnamed)."""
    return "-" if row["round"] is None else labelled(row["round"], row.get("round_title"))


def _call_shown(row: dict[str, Any]) -> str:
    return labelled(row["call"], row.get("call_title"))


def _category_shown(row: dict[str, Any]) -> str:
    return labelled(row["category"], row.get("category_title"))


def _award_shown(row: dict[str, Any]) -> str:
    return labelled(row["award"], row.get("award_title"))


def _panel(row: dict[str, Any]) -> str:
    """Whose lines a coverage row expects: the round's assignment file's, or whoever marked."""
    if not row.get("assignment"):
        return "who marked"
    return "assigned" + (f", {row['per_entry']} per entry" if row.get("per_entry") is not None else "")


def sections(document: dict[str, Any], top: int = 10) -> list[Section]:
    """The document as titled tables (title, columns, rows) for the table and md formats.
    `top` limits the country and city lists (0: all of them)."""
    def head(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return rows if top <= 0 else rows[:top]

    entries = document["entries"]
    out: list[Section] = [
        ("Entries by call", ["call", "entries"], [{"call": _call_shown(r), "entries": r["count"]} for r in entries["by_call"]]),
        ("Entries by category", ["call", "category", "entries"],
         [{"call": _call_shown(r), "category": _category_shown(r), "entries": r["count"]} for r in entries["by_category"]]),
        ("Entries by entrant type", ["type", "entries"], [{"type": r["type"], "entries": r["count"]} for r in entries["by_entrant_type"]]),
    ]
    countries, cities = document["countries"], document["cities"]
    shown = "" if top <= 0 or countries["count"] <= top else f", top {top}"
    out.append((f"Countries ({countries['count']}{shown})", ["country", "entries"],
                [{"country": r["country"], "entries": r["count"]} for r in head(countries["by_country"])]))
    shown = "" if top <= 0 or cities["count"] <= top else f", top {top}"
    out.append((f"Cities ({cities['count']}{shown})", ["city", "country", "entries"],
                [{"city": r["city"], "country": r["country"], "entries": r["count"]} for r in head(cities["by_city"])]))
    if entries["outcomes"] is not None:
        rows = [{"outcome": r["outcome"], "entries": r["count"]} for r in entries["outcomes"]]
        if _late_elsewhere(entries):
            rows.append({"outcome": "late (all calls)", "entries": entries["late"]})
        out.append(("Outcomes (scored calls)", ["outcome", "entries"], rows))
    judges = document["judges"]
    out.append(("Judges", ["figure", "count"], [
        {"figure": "total", "count": judges["total"]}, {"figure": "voting", "count": judges["voting"]},
        {"figure": "observers", "count": judges["observers"]}, {"figure": "countries", "count": judges["countries"]},
        *({"figure": f"voting in {_call_shown(r)}", "count": r["voting"]} for r in judges["by_call"] or []),
    ]))
    shown = "" if top <= 0 or judges["countries"] <= top else f", top {top}"
    out.append((f"Judges by country ({judges['countries']}{shown})", ["country", "judges"],
                [{"country": r["country"], "judges": r["count"]} for r in head(judges["by_country"])]))
    marks = document["marks"]
    rows = [{"call": "(unknown entries)" if r["call"] is None else _call_shown(r), "round": _round_shown(r),
             "score lines": r["score_lines"], "marks": r["marks"], "verdicts": r["verdicts"]}
            for r in marks["by_round"]]
    rows.append({"call": "all", "round": "", "score lines": marks["score_lines"], "marks": marks["marks"], "verdicts": marks["verdicts"]})
    # A verdicts column only where a screening round gave some: pass/fail is not a mark (as in `judges`).
    columns = ["call", "round", "score lines", "marks", *(["verdicts"] if marks["verdicts"] else [])]
    out.append((f"Marks ({marks['sheets']} sheets)", columns, rows))
    if document["coverage"] is not None:
        coverage = document["coverage"]
        # Where a round has an assignment file, say whose lines are expected (a `panel` column) and,
        # if any, how many lines came from judges not assigned the entry (they do not count).
        assigned = any(r.get("assignment") for r in coverage)
        stray = any(r.get("unassigned") for r in coverage)
        columns = ["call", "round", "entries", "judges", *(["panel"] if assigned else []), "present", "expected", "coverage",
                   *(["not assigned"] if stray else [])]
        out.append(("Coverage (score lines present / expected)", columns,
                    [{"call": _call_shown(r), "round": _round_shown(r), "entries": r["entries"], "judges": r["judges"],
                      "panel": _panel(r), "present": r["present"], "expected": r["expected"], "coverage": _percent(r["ratio"]),
                      "not assigned": r.get("unassigned") or ""}
                     for r in coverage]))
    awards = document["awards"]
    if awards is not None:
        # A `pending` column only while a tie awaits the chair: then it says which figures may change.
        waiting = bool(awards["awaiting_chair"])
        rows = [{"award": _award_shown(r), "given": r["count"], "pending": r["pending"]} for r in awards["by_award"]]
        rows.append({"award": "all", "given": awards["total"], "pending": awards["pending"]})
        out.append(("Awards", ["award", "given", *(["pending"] if waiting else [])], rows))
        if awards["unfilled"]:
            unfilled = [{**r, "call": _call_shown(r), "category": _category_shown(r), "award": _award_shown(r),
                         "pending": r["pending"] or ""} for r in awards["unfilled"]]
            out.append((f"Unfilled slots ({awards['unfilled_slots']})",
                        ["call", "category", "award", "slots", "reason", *(["pending"] if waiting else [])], unfilled))
    return out


def _late_elsewhere(entries: dict[str, Any]) -> bool:
    """Whether the late entries of all calls differ from the `late` outcome of the scored calls:
    only then is a second row worth showing (a cycle with one call, or only scored calls, has one
    figure, shown once)."""
    if not entries["late"]:
        return False
    scored = sum(r["count"] for r in entries["outcomes"] or [] if r["outcome"] == "late")
    return bool(entries["late"] != scored)


# The titles of a row's call, category, round and award (`name` in the award rows) come last (issue
# 15), so that the columns before them keep their places.
TITLE_COLUMNS = ["call_title", "category_title", "round_title", "award_title"]
CSV_COLUMNS = ["section", "call", "category", "round", "name", "country", "count", "of", *TITLE_COLUMNS]


def _titles(row: dict[str, Any]) -> dict[str, Any]:
    """The title keys a document row carries, for its CSV row."""
    return {k: row[k] for k in TITLE_COLUMNS if k in row}


def csv_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every figure as one long table: a row per figure, `section` saying which (for a spreadsheet
    or a script; the lists are complete, not cut to a top N)."""
    rows: list[dict[str, Any]] = []
    entries = document["entries"]
    rows.append({"section": "summary", "name": "entries", "count": entries["total"]})
    rows.append({"section": "summary", "name": "cities", "count": document["cities"]["count"]})
    rows.append({"section": "summary", "name": "countries", "count": document["countries"]["count"]})
    if document["awards"] is not None:
        rows.append({"section": "summary", "name": "awards", "count": document["awards"]["total"]})
        rows.append({"section": "summary", "name": "awards-pending", "count": document["awards"]["pending"]})
    rows.append({"section": "summary", "name": "errors", "count": document["errors"]})
    rows += [{"section": "entries-by-call", "call": r["call"], "count": r["count"], **_titles(r)} for r in entries["by_call"]]
    rows += [{"section": "entries-by-category", "call": r["call"], "category": r["category"], "count": r["count"], **_titles(r)}
             for r in entries["by_category"]]
    rows += [{"section": "entries-by-entrant-type", "name": r["type"], "count": r["count"]} for r in entries["by_entrant_type"]]
    rows += [{"section": "entries-by-country", "country": r["country"], "count": r["count"]} for r in document["countries"]["by_country"]]
    rows += [{"section": "entries-by-city", "name": r["city"], "country": r["country"], "count": r["count"]}
             for r in document["cities"]["by_city"]]
    if entries["late"] is not None:
        rows.append({"section": "entries-late", "count": entries["late"]})
    rows += [{"section": "outcomes", "name": r["outcome"], "count": r["count"]} for r in entries["outcomes"] or []]
    judges = document["judges"]
    for name in ("total", "voting", "observers"):
        rows.append({"section": "judges", "name": name, "count": judges[name]})
    rows += [{"section": "judges-by-call", "call": r["call"], "count": r["voting"], **_titles(r)} for r in judges["by_call"] or []]
    rows += [{"section": "judges-by-country", "country": r["country"], "count": r["count"]} for r in judges["by_country"]]
    marks = document["marks"]
    rows.append({"section": "sheets", "count": marks["sheets"]})
    rows += [{"section": "score-lines", "call": r["call"], "round": r["round"], "count": r["score_lines"], **_titles(r)}
             for r in marks["by_round"]]
    rows += [{"section": "marks", "call": r["call"], "round": r["round"], "count": r["marks"], **_titles(r)} for r in marks["by_round"]]
    rows += [{"section": "verdicts", "call": r["call"], "round": r["round"], "count": r["verdicts"], **_titles(r)}
             for r in marks["by_round"] if r["verdicts"]]
    rows += [{"section": "coverage", "call": r["call"], "round": r["round"], "count": r["present"], "of": r["expected"], **_titles(r)}
             for r in document["coverage"] or []]
    rows += [{"section": "coverage-unassigned", "call": r["call"], "round": r["round"], "count": r["unassigned"], **_titles(r)}
             for r in document["coverage"] or [] if r.get("unassigned") is not None]
    awards = document["awards"]
    if awards is not None:
        rows += [{"section": "awards", "name": r["award"], "count": r["count"], **_titles(r)} for r in awards["by_award"]]
        rows += [{"section": "awards-pending", "name": r["award"], "count": r["pending"], **_titles(r)}
                 for r in awards["by_award"] if r["pending"]]
        rows += [{"section": "awards-by-category", "call": r["call"], "category": r["category"], "count": r["count"], **_titles(r)}
                 for r in awards["by_category"]]
        rows += [{"section": "unfilled", "call": r["call"], "category": r["category"], "name": r["award"], "count": r["slots"],
                  **_titles(r)} for r in awards["unfilled"]]
    return rows


_LATEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                   "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _latex(text: str) -> str:
    return "".join(_LATEX_SPECIALS.get(ch, ch) for ch in text)


def _heading(title: str, format: str) -> str:
    title = one_line(title)
    if format == "md":
        return f"### {title}\n\n"
    if format == "rst":
        return f"{title}\n{'-' * len(title)}\n\n"
    if format == "latex":
        return f"\\subsection*{{{_latex(title)}}}\n"
    if format == "html":
        return f"<h3>{html_escape(title)}</h3>\n"
    return f"{title}\n"


def _paragraph(text: str, format: str) -> str:
    text = one_line(text)
    if format == "latex":
        return _latex(text) + "\n"
    if format == "html":
        return f"<p>{html_escape(text)}</p>\n"
    return text + "\n"


def text_document(document: dict[str, Any], top: int, format: str) -> str:
    """The headline and every section in one of tabulate's text formats (md, rst, latex, html, grid)."""
    parts = [_paragraph(document["headline"], format)]
    for title, columns, rows in sections(document, top):
        parts.append("\n" + _heading(title, format) + to_text_table(rows, columns, format))
    return "".join(parts)


def print_tables(console: Console, document: dict[str, Any], top: int = 10) -> None:
    """The stats as a terminal shows them: the headline, then one rich table per section."""
    from rich.markup import escape
    from rich.table import Table

    from smartaward.text.cells import shown

    console.print(escape(shown(document["headline"])), style="bold", soft_wrap=True)
    numeric = {"entries", "count", "score lines", "marks", "verdicts", "judges", "present", "expected", "coverage", "given", "slots",
               "not assigned"}
    for title, columns, rows in sections(document, top):
        table = Table()  # the title on its own line: a table narrower than it would wrap it
        for column in columns:
            table.add_column(column, justify="right" if column in numeric else "left")
        for row in rows:
            table.add_row(*(escape(shown(row.get(c))) for c in columns))
        console.print()
        console.print(escape(shown(title)), style="bold", soft_wrap=True)
        console.print(table)
