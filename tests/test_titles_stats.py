"""Issue 15: titles beside ids in `smartaward stats` and `smartaward judges` ("Project awards
(project)" in the tables for people), the ids kept in the machine formats (JSON: `*_title` keys
added; CSV: title columns added last), and every title treated as hostile text."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run
from rich.console import Console

from smartaward.render.registry import REGISTRY, Output, render

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "cycles" / "seoul-smart-city-2024"
FORMULA = '=HYPERLINK("http://evil.example/x","click")'
ESCAPE = "Project\x1b[2J\x1b]0;owned\x07 and\u202eawards\u2066"
TERMINAL_DANGER = ("\x1b", "\x07", "\u202e", "\u2066")
TITLES = ("call_title", "category_title", "round_title", "award_title")


def _json(*args: str | Path) -> Any:
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _csv(*args: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    result = run(*args, "-f", "csv")
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def stats_document() -> Any:
    return _json("stats", SAMPLE)


@pytest.fixture(scope="module")
def judges_document() -> Any:
    return _json("judges", SAMPLE)


# --- stats ----------------------------------------------------------------------------------------

def test_stats_table_shows_titles_beside_ids() -> None:
    result = run("stats", SAMPLE)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Project awards (project)" in text and "Special awards (special)" in text
    assert "Human-CentriCity (people-centred) (human-centricity)" in text
    assert "voting in Leadership award (leadership)" in text
    assert "Final jury (final)" in text  # a round, in the marks and coverage tables
    assert "│ Leadership  " in text  # the category titled as its id: shown once, not "Leadership (leadership)"


@pytest.mark.parametrize("fmt", ["md", "rst", "grid", "html", "latex"])
def test_stats_text_tables_show_titles_beside_ids(fmt: str) -> None:
    result = run("stats", SAMPLE, "-f", fmt)
    assert result.exit_code == 0, result.output
    assert "Project awards (project)" in result.stdout
    assert "Evaluation by the international jury (evaluation)" in result.stdout
    assert "call_title" not in result.stdout  # folded into the id's column, not a column of its own


def test_stats_json_keeps_ids_and_adds_title_keys(stats_document: Any) -> None:
    entries = stats_document["entries"]
    assert entries["by_call"][0] == {"call": "project", "call_title": "Project awards", "count": 190}
    assert entries["by_category"][0]["category"] == "human-centricity"
    assert entries["by_category"][0]["category_title"] == "Human-CentriCity (people-centred)"
    assert stats_document["judges"]["by_call"][1]["call_title"] == "Leadership award"
    final = next(r for r in stats_document["marks"]["by_round"] if (r["call"], r["round"]) == ("project", "final"))
    assert (final["call_title"], final["round_title"]) == ("Project awards", "Final jury")
    assert stats_document["coverage"][0]["round_title"] == "Eligibility screening by the secretariat"
    awards = stats_document["awards"]
    assert {r["category_title"] for r in awards["by_category"]} >= {"Leadership", "Special award"}
    assert all(r["award_title"] is None for r in awards["by_award"])  # the sample titles no award slot


def test_stats_json_titles_are_null_without_cycle_yaml(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(SAMPLE, root)
    (root / "cycle.yaml").write_text("cycle: [broken\n", encoding="utf-8")
    result = run("stats", root, "-f", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["entries"]["by_call"] and all(r["call_title"] is None for r in document["entries"]["by_call"])


def test_stats_csv_keeps_its_columns_and_adds_the_titles_last() -> None:
    columns, rows = _csv("stats", SAMPLE)
    assert columns == ["section", "call", "category", "round", "name", "country", "count", "of", *TITLES]
    by_call = [r for r in rows if r["section"] == "entries-by-call"]
    assert (by_call[0]["call"], by_call[0]["call_title"]) == ("project", "Project awards")
    coverage = next(r for r in rows if r["section"] == "coverage")
    assert (coverage["round"], coverage["round_title"]) == ("eligibility", "Eligibility screening by the secretariat")
    summary = next(r for r in rows if r["section"] == "summary")
    assert all(summary[c] == "" for c in TITLES)


def test_an_award_id_titled_in_its_slots_is_shown_with_the_title(tmp_path: Path) -> None:
    root = _edit_cycle(tmp_path, lambda data: data["calls"]["leadership"]["categories"]["leadership"]["awards"].update(
        leadership={"count": 1, "title": "Leadership medal"}))
    document = _json("stats", root)
    assert {r["award"]: r["award_title"] for r in document["awards"]["by_award"]}["leadership"] == "Leadership medal"
    assert "Leadership medal (leadership)" in run("stats", root).stdout


# --- judges ---------------------------------------------------------------------------------------

def test_judges_table_shows_titles_beside_ids() -> None:
    result = run("judges", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "Final jury (final)" in result.stdout  # the panels table
    assert "Project awards" in result.stdout and "(project)" in result.stdout  # wrapped in its narrow column
    # the entries to discuss name their panel with titles too
    discuss = result.stdout[result.stdout.index("entries to discuss"):]
    assert "(evaluation)" in discuss


@pytest.mark.parametrize("table", ["by-panel", "panels", "disagreements"])
def test_judges_md_tables_show_titles_beside_ids(table: str) -> None:
    result = run("judges", SAMPLE, "-f", "md", "-t", table)
    assert result.exit_code == 0, result.output
    assert "| Project awards (project) " in result.stdout
    assert "Evaluation by the international jury (evaluation)" in result.stdout
    assert "call_title" not in result.stdout


def test_judges_json_keeps_ids_and_adds_title_keys(judges_document: Any) -> None:
    panel = judges_document["panels"][0]
    assert (panel["call"], panel["round"]) == ("project", "eligibility")
    assert (panel["call_title"], panel["round_title"]) == ("Project awards", "Eligibility screening by the secretariat")
    assert all(set(TITLES[::2]) <= set(p) for p in judges_document["panels"])


@pytest.mark.parametrize("table", ["by-panel", "panels", "disagreements"])
def test_judges_csv_keeps_its_columns_and_adds_the_titles_last(table: str) -> None:
    columns, rows = _csv("judges", SAMPLE, "-t", table)
    assert columns[:2] == ["call", "round"] and columns[-2:] == ["call_title", "round_title"]
    assert (rows[0]["call"], rows[0]["call_title"]) == ("project", "Project awards")


def test_judges_csv_table_of_judges_has_no_title_column() -> None:
    columns, _ = _csv("judges", SAMPLE, "-t", "judges")
    assert not set(columns) & set(TITLES)  # no call or round column to give a title to


# --- hostile titles -------------------------------------------------------------------------------

def _edit_cycle(tmp_path: Path, change: Any) -> Path:
    root = tmp_path / "cycle"
    shutil.copytree(SAMPLE, root)
    path = root / "cycle.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


def test_a_formula_title_is_neutralised_in_csv(tmp_path: Path) -> None:
    root = _edit_cycle(tmp_path, lambda data: data["calls"]["project"].update(title=FORMULA))
    for args in (("stats",), ("judges", "-t", "panels"), ("judges", "-t", "by-panel"), ("judges", "-t", "disagreements")):
        result = run(*args[:1], root, *args[1:], "-f", "csv")
        assert result.exit_code == 0, result.output
        cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
        assert "'" + FORMULA in cells, args  # as written, but never a live formula
        assert not any(cell.startswith("=") for cell in cells), args


def _hostile(value: Any) -> Any:
    """A document with every title hostile: escape sequences, BEL, bidirectional controls and a
    formula (validate refuses such titles in cycle.yaml, S105; every output must hold anyway)."""
    if isinstance(value, dict):
        return {k: (FORMULA + ESCAPE if k in TITLES else _hostile(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile(v) for v in value]
    return value


@pytest.mark.parametrize("kind", ["stats", "judges"])
def test_hostile_titles_never_reach_a_terminal_raw(kind: str, stats_document: Any, judges_document: Any) -> None:
    document = _hostile(stats_document if kind == "stats" else judges_document)
    tables = ["judges", "by-panel", "panels", "disagreements"] if kind == "judges" else [None]
    for fmt in REGISTRY[kind]:
        for table in tables:
            stream = io.StringIO()
            options = {"top": 10, "table": table, "title": "Prize"}
            if fmt == "table":
                from smartaward.render.jury import print_jury
                from smartaward.render.stats import print_tables

                console = Console(file=stream, width=200, color_system=None)
                if kind == "stats":
                    print_tables(console, document)
                else:
                    print_jury(console, document, "Prize")
            else:
                render(kind, fmt, document, Output(stream=stream, options=options))
            text = stream.getvalue()
            assert not any(c in text for c in TERMINAL_DANGER), (fmt, table)
            if fmt == "csv":
                assert all(not cell.startswith("=") for row in csv.reader(io.StringIO(text)) for cell in row), table
