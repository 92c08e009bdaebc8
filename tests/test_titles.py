"""Issue 15: titles beside ids in every table for people (`Climate and environment (climate)`), the
ids kept in the machine formats (CSV: title columns added last; JSON: `*_title` keys added), the
workbook's sheets named after the categories' titles, and every title treated as hostile text."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from cyclefiles import copy_base
from helpers import run
from openpyxl import load_workbook
from rich.console import Console

from smartaward.awards.titles import Titles, labelled
from smartaward.render.registry import REGISTRY, Output, render
from smartaward.render.xlsx import category_sheets, sheet_names

FORMULA = '=HYPERLINK("http://evil.example/x","click")'
ESCAPE = "Climate\x1b[2J\x1b]0;owned\x07 and\u202eenvironment\u2066"
TERMINAL_DANGER = ("\x1b", "\x07", "\u202e", "\u2066")


def _edit_cycle(root: Path, change: Any) -> Path:
    path = root / "cycle.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


def _titled(data: dict[str, Any]) -> None:
    """The base cycle's `people` titled as the issue's category, and its gold slot titled."""
    people = data["calls"]["project"]["categories"]["people"]
    people["title"] = "Climate and environment"
    people["awards"]["gold"] = {"count": 1, "title": "Gold medal"}


@pytest.fixture
def titled(tmp_path: Path) -> Path:
    return _edit_cycle(copy_base(tmp_path / "cycle"), _titled)


# --- the form -------------------------------------------------------------------------------------

def test_an_id_is_shown_with_its_title_once() -> None:
    assert labelled("climate", "Climate and environment") == "Climate and environment (climate)"
    assert labelled("leadership", "Leadership") == "Leadership"  # the same, case aside: shown once
    assert labelled("human-centricity", "Human Centricity") == "Human Centricity"  # spaces and - folded
    assert labelled("gold", None) == "gold" and labelled(None, "x") == ""


# --- winners and rank: the tables for people ------------------------------------------------------

@pytest.mark.parametrize("fmt", ["md", "rst", "grid", "html", "latex"])
def test_winners_text_tables_show_titles_beside_ids(titled: Path, fmt: str) -> None:
    result = run("winners", titled, "-f", fmt)
    assert result.exit_code == 0, result.output
    assert "Climate and environment (climate)" not in result.stdout  # the id is people, not climate
    assert "Climate and environment (people)" in result.stdout
    assert "Project awards (project)" in result.stdout and "Gold medal (gold)" in result.stdout
    assert "call_title" not in result.stdout  # folded into the id's column, not a column of its own


def test_winners_and_rank_terminal_tables_show_titles(titled: Path) -> None:
    winners = run("winners", titled).stdout
    assert "Climate and environment" in winners and "Gold medal (gold)" in winners
    rank = run("rank", titled).stdout
    assert "Project awards (project) / Climate and environment (people)" in " ".join(rank.split())


def test_rank_compare_and_unfilled_lines_show_titles(titled: Path) -> None:
    compared = " ".join(run("rank", titled, "--compare", "borda").stdout.split())
    assert "Project awards (project) / Climate and environment (people)" in compared
    document = json.loads(run("rank", titled, "--compare", "borda", "-f", "json").stdout)
    assert document["categories"][0]["category_title"] == "Climate and environment"
    _edit_cycle(titled, lambda data: data["calls"]["project"]["categories"]["people"]["awards"].update(
        nordic={"count": 1, "title": "Nordic prize", "eligible": {"country": "FI"}}))  # no entry from Finland
    winners = run("winners", titled).stdout
    assert "unfilled: Project awards (project) / Climate and environment (people) / Nordic prize (nordic): 1 slot" in winners


def test_rank_md_shows_titles(titled: Path) -> None:
    md = run("rank", titled, "-f", "md").stdout
    assert "| Project awards (project) " in md and "| Climate and environment (people) " in md


def test_csv_keeps_ids_in_place_and_adds_title_columns_last(titled: Path) -> None:
    rows = list(csv.reader(io.StringIO(run("winners", titled, "-f", "csv").stdout)))
    assert rows[0] == ["call", "category", "award", "rank", "entry", "title", "entrant", "country", "score", "note",
                       "pending", "status", "call_title", "category_title", "award_title"]
    gold = next(row for row in rows if row[2] == "gold")
    assert gold[:3] == ["project", "people", "gold"]
    assert gold[-3:] == ["Project awards", "Climate and environment", "Gold medal"]
    ranked = list(csv.DictReader(io.StringIO(run("rank", titled, "-f", "csv").stdout)))
    assert list(ranked[0])[-3:] == ["call_title", "category_title", "award_title"]
    assert {(r["call"], r["category"], r["category_title"]) for r in ranked} == {("project", "people", "Climate and environment")}


def test_json_keeps_every_id_and_adds_title_keys(titled: Path) -> None:
    winners = json.loads(run("winners", titled, "-f", "json").stdout)
    gold = next(w for w in winners["winners"] if w["award"] == "gold")
    assert (gold["call"], gold["category"], gold["award"]) == ("project", "people", "gold")
    assert (gold["call_title"], gold["category_title"], gold["award_title"]) == ("Project awards", "Climate and environment", "Gold medal")
    silver = next(w for w in winners["winners"] if w["award"] == "silver")
    assert silver["award_title"] is None  # no title in cycle.yaml: null, never the id made up into words
    [category] = json.loads(run("rank", titled, "-f", "json").stdout)["categories"]
    assert (category["category"], category["category_title"]) == ("people", "Climate and environment")


# --- hostile titles -------------------------------------------------------------------------------

def test_a_formula_title_is_neutralised_in_csv_and_xlsx_and_escaped_in_md(titled: Path, tmp_path: Path) -> None:
    root = _edit_cycle(titled, lambda data: data["calls"]["project"]["categories"]["people"].update(title=FORMULA))
    rows = list(csv.DictReader(io.StringIO(run("winners", root, "-f", "csv").stdout)))
    assert {row["category_title"] for row in rows if row["call"] == "project"} == {"'" + FORMULA}
    out = tmp_path / "out"
    assert run("export", root, "--to", out, "-q").exit_code == 0
    for name in ("winners.csv", "rankings.csv"):
        cells = [cell for row in csv.reader(io.StringIO((out / name).read_text(encoding="utf-8"))) for cell in row]
        assert FORMULA not in cells and "'" + FORMULA in cells
    workbook = load_workbook(out / "results.xlsx")
    titles = [cell for cell in workbook["Winners"][2] if cell.value == FORMULA]
    assert titles and all(cell.data_type == "s" and cell.quotePrefix for cell in titles)
    for sheet in workbook.sheetnames:
        assert len(sheet) <= 31 and not set(sheet) & set("[]:*?/\\")
    mapping = {row[0]: row[1:3] for row in workbook["Sheets"].iter_rows(min_row=2, values_only=True)}
    assert list(mapping.values()) == [("project", "people")]
    md = (out / "results.md").read_text(encoding="utf-8")
    assert '\\=HYPERLINK("http:' not in md  # "=" is no Markdown syntax; the address is kept from linking
    assert "http\\://evil.example" in md


def test_a_title_with_escapes_or_bidi_is_refused_by_validate(titled: Path) -> None:
    root = _edit_cycle(titled, lambda data: data["calls"]["project"]["categories"]["people"].update(title=ESCAPE))
    result = run("validate", root, "-f", "json")
    assert result.exit_code == 1
    assert "S105" in {d["code"] for d in json.loads(result.stdout)["diagnostics"]}


def _results(root: Path) -> Any:
    from smartaward.api import results

    computed = results(root).results
    assert computed is not None
    return computed


def _hostile(results: Any) -> Any:
    """The results with every title hostile: escape sequences, BEL, bidirectional controls, a formula
    (validate refuses such titles in the files; every output must hold anyway)."""
    titles = results.titles
    return dataclasses.replace(results, titles=Titles(
        calls={k: ESCAPE for k in titles.calls}, categories={k: FORMULA + ESCAPE for k in titles.categories},
        awards={k: ESCAPE for k in titles.awards}, rounds=dict(titles.rounds), criteria=dict(titles.criteria)))


@pytest.mark.parametrize("kind", ["winners", "rankings"])
def test_hostile_titles_never_reach_a_terminal_raw(titled: Path, kind: str) -> None:
    results = _hostile(_results(titled))
    for fmt in REGISTRY[kind]:
        if fmt == "table":
            from smartaward.render.text import print_rankings, print_winners

            stream = io.StringIO()
            (print_winners if kind == "winners" else print_rankings)(Console(file=stream, width=200, color_system=None), results)
        else:
            stream = io.StringIO()
            render(kind, fmt, results, Output(stream=stream))
        text = stream.getvalue()
        assert "Climate" in text or fmt in ("json",), fmt
        assert not any(c in text for c in TERMINAL_DANGER), fmt
        if fmt == "csv":
            assert all(not cell.startswith("=") for row in csv.reader(io.StringIO(text)) for cell in row)


# --- the workbook's sheet names -------------------------------------------------------------------

def test_sheet_names_are_titles_cut_unique_and_mapped() -> None:
    categories = [{"call": "project", "category": "people", "category_title": "People and places"},
                  {"call": "honours", "category": "people", "category_title": "people and places"},
                  {"call": "project", "category": "tech", "category_title": "A title far longer than Excel's thirty-one characters"},
                  {"call": "project", "category": "bad", "category_title": "a/b: [c]*?\\ 'd'"},
                  {"call": "project", "category": "plain"}]
    names = sheet_names(category_sheets(categories), ("Winners", "Unfilled", "Status", "Sheets", "Marks"))
    assert names[:2] == ["project People and places", "honours people and places"]
    assert names[2] == "A title far longer than Excel'…" and len(names[2]) == 31
    assert names[3] == "a-b- -c---- 'd" and names[4] == "plain"
    assert sheet_names(["x" * 40, "x" * 40]) == ["x" * 30 + "…", "x" * 26 + "… (2)"]


def test_the_workbook_is_the_same_bytes_twice(titled: Path, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        assert run("export", titled, "--to", tmp_path / folder, "-f", "xlsx,csv,md", "-q").exit_code == 0
    for name in ("results.xlsx", "winners.csv", "rankings.csv", "results.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    workbook = load_workbook(tmp_path / "a" / "results.xlsx")
    assert workbook.sheetnames == ["Winners", "Climate and environment", "Sheets"]


# --- status and progress ----------------------------------------------------------------------------

def test_status_names_the_call_and_round_with_titles() -> None:
    from smartaward.render.status import status_text

    item = {"kind": "unmarked", "call": "project", "round": "final", "entries": [], "judge": None, "code": "J404",
            "file": "", "line": 0, "column": 0, "text": "something is open", "call_title": "Project awards",
            "round_title": "Final jury\x1b[2J"}
    text = status_text({"cycle": "c", "title": "C", "status": "provisional", "open": [item]})
    assert "call Project awards (project), round Final jury" in text and "(final)" in text
    assert "\x1b" not in text


def test_progress_names_the_round_with_its_title() -> None:
    from smartaward.render.judging_progress import progress_markdown, progress_text

    round_ = {"round": "final", "round_title": "Final jury\u202e", "file": "assignments/final.yaml", "per_entry": 2,
              "judges": [], "chase": [], "entries": [{"entry": "e1", "call": "project", "valid": 1, "assigned": 2,
                                                      "short": True, "missing": ["j1"], "not_counted": [], "in_round": True}],
              "totals": {"expected": 0, "valid": 0, "missing": 0, "not_counted": 0, "percent": 0.0, "judges_done": 0,
                         "judges": 0, "entries": 1}}
    document = {"cycle": "c", "title": "C", "rounds": [round_], "call_titles": {"project": "Project awards"}}
    text = progress_text(document)
    assert "Round Final jury" in text and "(final) — assignments/final.yaml" in text
    assert "Project awards (project)" in text and "\u202e" not in text
    assert "Project awards (project)" in progress_markdown(document)


# --- certify and verify -----------------------------------------------------------------------------

def test_a_new_title_is_a_change_of_cycle_yaml_not_of_the_results(titled: Path) -> None:
    """The titles in a certified record are descriptive: a renamed category is said once, as a
    change of cycle.yaml, not again as a change of every row of the results."""
    assert run("certify", titled, "--by", "Chair", "--on", "2025-07-01").exit_code == 0
    _edit_cycle(titled, lambda data: data["calls"]["project"]["categories"]["people"].update(title="Climate"))
    result = run("verify", titled, "-f", "json")
    assert result.exit_code == 1
    said = result.stdout
    assert "cycle.yaml" in said and "category_title" not in said
