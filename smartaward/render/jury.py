"""`smartaward judges` rendered: the rows of its tables (csv, md, ...) and the terminal view.

Everything comes from the document jury.judges_document builds; nothing is computed here but text.
The tables with a call and a round show their titles beside the ids, "Project awards (project)": csv
keeps the ids and adds `call_title` and `round_title` as its last columns (and keeps version 1's
count columns, CSV_TABLES), the text tables fold
them into the id columns (render/tables.py `titled`), the terminal does the same. A flag's panel is
named by its ids in a table cell (short, the same in every format), by its titles on the terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smartaward.awards.titles import labelled

if TYPE_CHECKING:
    from rich.console import Console

# `score_lines` and `lines_used` (not version 1's `lines` and `marks`): the words of `smartaward stats`,
# where a mark is one criterion's number and a score line one judge's marks on one entry. The columns
# of the tables for people (the terminal, md, rst, ...).
JUDGE_COLUMNS = ["judge", "name", "country", "observer", "panels", "score_lines", "lines_used", "mean", "sd", "leniency",
                 "correlation", "trimmed", "conflicts", "home_country", "home_country_excluded", "verdicts", "flags"]
# The titles of a row's call and round, last (issue 15), so that the columns before them keep their places.
TITLE_COLUMNS = ["call_title", "round_title"]
BY_PANEL_COLUMNS = ["call", "round", "kind", "judge", "name", "country", "observer", "score_lines", "lines_used", "mean", "sd",
                    "leniency", "correlation", "trimmed", "conflicts", "home_country", "home_country_excluded", "flags",
                    *TITLE_COLUMNS]
PANEL_COLUMNS = ["call", "round", "kind", "judges", "entries", "lines_used", "alpha_level", "alpha", "alpha_entries",
                 "kendall_w", "w_judges", "w_entries", "typical_spread", "flagged_judges", "disagreements", "note", *TITLE_COLUMNS]
DISAGREEMENT_COLUMNS = ["call", "round", "entry", "judges", "mean", "sd", "min", "max", "range", "lowest", "highest", "flags",
                        *TITLE_COLUMNS]
TABLES = {"judges": JUDGE_COLUMNS, "by-panel": BY_PANEL_COLUMNS, "panels": PANEL_COLUMNS,
          "disagreements": DISAGREEMENT_COLUMNS}

# csv is read by scripts: version 1's columns stay where they were, with their meaning (`lines`: the
# score lines, `marks`: the lines used), as the JSON keeps its keys; the new names are added after
# them, before the titles (which stay the last columns of every csv).
_NEW_COUNTS = ("score_lines", "lines_used")
_VERSION_1 = {"judges": ["lines", "marks"], "by-panel": ["lines", "marks"], "panels": ["marks"]}


def _csv_columns(table: str) -> list[str]:
    columns = TABLES[table]
    if table not in _VERSION_1:
        return columns
    old = iter(_VERSION_1[table])
    kept = [next(old) if c in _NEW_COUNTS else c for c in columns if c not in TITLE_COLUMNS]
    return [*kept, *(c for c in _NEW_COUNTS if c in columns), *(c for c in columns if c in TITLE_COLUMNS)]


CSV_TABLES = {name: _csv_columns(name) for name in TABLES}


def flag_text(flag: dict[str, Any], where: bool = False, titled: bool = False) -> str:
    """A flag in a few words: its code and the figure that raised it; `where`: and its panel (by
    its titles and ids with `titled`, for the terminal)."""
    code = flag["code"]
    figure = {"lenient": "robust_z", "harsh": "robust_z", "low-correlation": "correlation",
              "wide-range": "range", "high-spread": "sd"}.get(code)
    text = f"{code} ({figure.replace('robust_', '')} {flag[figure]})" if figure and figure in flag else code
    if where:
        text += f" in {_panel_titled(flag) if titled else _panel_name(flag['call'], flag['round'])}"
    return text


def _panel_name(call: str, round_id: str | None) -> str:
    return f"{call}/{round_id}" if round_id is not None else call


def _call_shown(row: dict[str, Any]) -> str:
    return labelled(row["call"], row.get("call_title"))


def _round_shown(row: dict[str, Any]) -> str:
    return labelled(row["round"], row.get("round_title")) if row["round"] is not None else ""


def _panel_titled(row: dict[str, Any]) -> str:
    """A panel for people: "Project awards (project) / Final jury (final)"."""
    return " / ".join(part for part in (_call_shown(row), _round_shown(row)) if part)


# normalise: calibrated (issue 16): each judge's fitted offset in a panel, the last column of by-panel
# before the titles — only in a document with a calibrated panel, so other cycles' tables are as they were.
OFFSET = "offset"


def _calibrated(document: dict[str, Any]) -> bool:
    return any("calibration" in p for p in document["panels"])


# marking: pairs (issue 16): each judge's comparisons made and counted in a pairs panel, columns of by-panel
# before the titles (after any offset) — only in a document with a pairs panel, as for the offset.
COMPARISONS = ["comparisons", "comparisons_counted"]


def _compared(document: dict[str, Any]) -> bool:
    return any(p["kind"] == "pairs" for p in document["panels"])


def _judge_row(record: dict[str, Any], where: bool) -> dict[str, Any]:
    row = {k: record.get(k) for k in [*CSV_TABLES["judges"], *CSV_TABLES["by-panel"], OFFSET, *COMPARISONS] if k in record}
    row["observer"] = "yes" if record["observer"] else ""
    row["flags"] = "; ".join(flag_text(f, where) for f in record["flags"])
    return row


def judge_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [_judge_row(record, True) for record in document["judges"]]


def _where(panel: dict[str, Any]) -> dict[str, Any]:
    """A panel's call and round, and their titles (None in a document without them)."""
    return {"call": panel["call"], "round": panel["round"], **{k: panel.get(k) for k in TITLE_COLUMNS}}


def by_panel_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(_judge_row(record, False), **_where(p), kind=p["kind"])
            for p in document["panels"] for record in p["by_judge"]]


def _note(panel: dict[str, Any]) -> str:
    notes = []
    for name, stat in (("alpha", panel["alpha"]), ("W", panel["kendall_w"])):
        if stat["value"] is None and stat["reason"]:
            notes.append(f"{name}: {stat['reason']}")
    return "; ".join(notes)


def panel_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [{
        **_where(p), "kind": p["kind"], "judges": p["judges"], "entries": p["entries"],
        "lines_used": p["lines_used"], "marks": p["marks"], "alpha_level": p["alpha"]["level"], "alpha": p["alpha"]["value"],
        "alpha_entries": p["alpha"]["entries"], "kendall_w": p["kendall_w"]["value"],
        "w_judges": p["kendall_w"]["judges"], "w_entries": p["kendall_w"]["entries"],
        "typical_spread": p["typical_spread"],
        "flagged_judges": " ".join(r["judge"] for r in p["by_judge"] if r["flags"]),
        "disagreements": len(p["disagreements"]), "note": _note(p),
    } for p in document["panels"]]


def disagreement_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict({k: d[k] for k in DISAGREEMENT_COLUMNS if k in d}, **_where(p),
                 lowest=" ".join(d["lowest"]), highest=" ".join(d["highest"]),
                 flags="; ".join(flag_text(f) for f in d["flags"]))
            for p in document["panels"] for d in p["disagreements"]]


def table_rows(document: dict[str, Any], table: str, *, csv: bool = False) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows of a table and its columns: csv's (version 1's counts kept, CSV_TABLES) or the
    tables' for people."""
    rows = {"judges": judge_rows, "by-panel": by_panel_rows, "panels": panel_rows,
            "disagreements": disagreement_rows}[table](document)
    columns = (CSV_TABLES if csv else TABLES)[table]
    if table == "by-panel":  # the last columns before the titles (always last)
        added = ([OFFSET] if _calibrated(document) else []) + (COMPARISONS if _compared(document) else [])
        if added:
            columns = [*(c for c in columns if c not in TITLE_COLUMNS), *added, *(c for c in columns if c in TITLE_COLUMNS)]
    return rows, columns


def _text(value: Any) -> str:
    """A value for the terminal: on one line, no control character (cells.shown), no markup."""
    from rich.markup import escape

    from smartaward.text.cells import shown

    return escape(shown(value))


def print_jury(console: Console, document: dict[str, Any], title: str) -> None:
    """The terminal view: the judges, then each panel's agreement, then what to discuss."""
    from rich.table import Table

    def table(name: str, columns: list[str]) -> Table:
        t = Table(title=name, title_justify="left", header_style="bold")
        for column in columns:
            t.add_column(column, justify="left" if column in ("judge", "name", "call", "round", "kind", "entry", "flags", "note", "country") else "right",
                         overflow="fold")
        return t

    console.print(f"[bold]{_text(title)}[/] ({_text(document['cycle'])}): judges and panel agreement", highlight=False)
    shown = ["judge", "name", "country", "panels", "lines_used", "mean", "sd", "leniency", "correlation", "trimmed",
             "conflicts", "home_country", "verdicts", "flags"]
    headers = {"home_country": "home", "lines_used": "lines used"}
    judges = table("judges (raw totals, marked rounds)", [headers.get(c, c) for c in shown])
    for row in judge_rows(document):
        name = (row["name"] or "") + (" (observer)" if row["observer"] else "")
        home = f"{row['home_country']}" + (f" ({row['home_country_excluded']} excl.)" if row["home_country_excluded"] else "")
        judges.add_row(*(_text(name if c == "name" else home if c == "home_country" else row[c]) for c in shown))
    console.print(judges)
    panels = table("panels", ["call", "round", "kind", "judges", "entries", "alpha", "W (judges × entries)",
                              "typical sd", "note"])
    for row in panel_rows(document):
        w = "" if row["kendall_w"] is None else f"{row['kendall_w']} ({row['w_judges']} × {row['w_entries']})"
        alpha = "" if row["alpha"] is None else f"{row['alpha']} {row['alpha_level']}"
        panels.add_row(*map(_text, (_call_shown(row), _round_shown(row), row["kind"], row["judges"], row["entries"], alpha, w,
                                    row["typical_spread"], row["note"])))
    console.print(panels)
    for panel in document["panels"]:
        if "calibration" in panel:
            offsets = ", ".join(f"{r['judge']} {r['offset']:+}" for r in panel["by_judge"] if r.get("offset") is not None)
            console.print(f"offsets in {_text(_panel_titled(panel))} (normalise: calibrated, calibration "
                          f"{_text(panel['calibration'])}): {_text(offsets or 'none fitted')}", highlight=False)
    for panel in document["panels"]:
        if panel["kind"] == "pairs":
            counts = ", ".join(f"{r['judge']} {r['comparisons_counted']} of {r['comparisons']}" for r in panel["by_judge"])
            console.print(f"comparisons counted in {_text(_panel_titled(panel))} (marking: pairs; no means or agreement): "
                          f"{_text(counts or 'none')}", highlight=False)
    flagged = [(r["judge"], f) for r in document["judges"] for f in r["flags"]]
    for judge_id, flag in flagged:
        console.print(f"[yellow]judge {_text(judge_id)}:[/] {_text(flag_text(flag, True, titled=True))}", highlight=False)
    rows = disagreement_rows(document)
    if rows:
        columns = ["call", "round", "entry", "judges", "mean", "min", "max", "sd", "lowest", "highest", "flags"]
        discuss = table("entries to discuss (judges disagree strongly)", columns)
        for row in rows:
            titled = {**row, "call": _call_shown(row), "round": _round_shown(row)}
            discuss.add_row(*(_text(titled[c]) for c in columns))
        console.print(discuss)
    if not flagged and not rows:
        console.print("no judge flagged and no entry to discuss", highlight=False)


def print_one_table(console: Console, document: dict[str, Any], name: str) -> None:
    """`judges -t NAME` on a terminal: the rows and columns of that table (as the text tables have
    them), the call and round by their titles beside their ids, as in the full view."""
    from rich.table import Table

    rows, columns = table_rows(document, name)
    columns = [c for c in columns if c not in TITLE_COLUMNS]
    shown = Table(title=f"{name} ({_text(document['cycle'])})", title_justify="left", header_style="bold")
    for column in columns:  # the words get room; a header folds between its words
        words = column in _LEFT
        shown.add_column(column.replace("_", " "), overflow="fold", justify="left" if words else "right")
    for row in rows:
        titled = {**row, "call": _call_shown(row), "round": _round_shown(row)} if "call" in row else row
        shown.add_row(*(_text(titled.get(c)) for c in columns))
    console.print(shown)
    if not rows:
        console.print(f"no rows in {name}", highlight=False)


_LEFT = ("judge", "name", "call", "round", "kind", "entry", "flags", "note", "country", "lowest", "highest", "flagged_judges")
