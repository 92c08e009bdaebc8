"""`import --all-sheets` (issue 15): every tab of a workbook in one import, a tab without a judge
column read as the marks of the judge its name (or a "Judge: NAME" cell) names, problems at the
tab's own row and column, instructions and empty tabs skipped with a note."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run
from openpyxl import Workbook

BASE = Path(__file__).parent / "cases" / "base"
MESSY = Path(__file__).parent / "fixtures" / "messy"
WORKBOOK = MESSY / "marks-by-judge.xlsx"


@pytest.fixture
def cycle(tmp_path: Path) -> Path:
    """The base cycle without marks, with two more judges: one with accents in her name."""
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    shutil.rmtree(root / "scores")
    with (root / "judges.yaml").open("a", encoding="utf-8") as out:
        out.write('claire:\n  name: "Claire Dubois"\nzoe:\n  name: "Zoë Ångström"\n')
    return root


def _workbook(path: Path, tabs: dict[str, list[list[Any]]]) -> Path:
    workbook = Workbook()
    first = True
    for name, rows in tabs.items():
        sheet = workbook.active if first else workbook.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _json(result: Any) -> dict[str, Any]:
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _codes(document: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    return [(d["file"], d["line"], d["column"], d["code"]) for d in document["diagnostics"]]


def test_every_tab_is_one_judges_marks(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "Read me": [["Marks from 0 to 10, one tab per judge"]],
        "CLAIRE DUBOIS": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 7.5], [], ["seoul-air", 6.5, 7]],
        "zoe angstrom": [["Entry", "Design", "Impact"], ["oslo-bikes", 7, 8]],
        "j02": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 8]],
        "Empty": [],
    })
    result = run("import", "scores", book, cycle, "--all-sheets")
    assert result.exit_code == 0, result.output
    claire = yaml.safe_load((cycle / "scores" / "claire.yaml").read_text(encoding="utf-8"))
    assert claire == {"judge": "claire", "scores": {"oslo-bikes": {"design": 8, "impact": 7.5}, "seoul-air": {"design": 6.5, "impact": 7}}}
    assert yaml.safe_load((cycle / "scores" / "zoe.yaml").read_text(encoding="utf-8"))["judge"] == "zoe"
    assert yaml.safe_load((cycle / "scores" / "j02.yaml").read_text(encoding="utf-8"))["judge"] == "j02"
    assert "# Imported by smartaward from marks.xlsx[CLAIRE DUBOIS]" in (cycle / "scores" / "claire.yaml").read_text(encoding="utf-8")


def test_notes_say_which_tabs_were_read_and_skipped(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "Instructions": [["How to fill in this workbook"], ["One tab per judge"]],
        "Claire Dubois": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 7.5]],
        "Notes": [],
    })
    document = _json(run("import", "scores", book, cycle, "--all-sheets", "--dry-run", "--format", "json"))
    assert document["status"] == "ok", document
    sheets = [note["text"] for note in document["notes"] if note["topic"] == "sheets"]
    assert any("'Claire Dubois'" in text and "'claire'" in text for text in sheets)
    assert any("'Instructions'" in text and "skipped" in text for text in sheets)
    assert any("'Notes'" in text and "skipped" in text for text in sheets)
    assert [f["file"].endswith("scores/claire.yaml") for f in document["files"]] == [True]


def test_a_judge_cell_above_the_header_names_the_judge(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {"Sheet1": [["Judge: Ada Example"], [], ["Entry", "Design", "Impact"], ["seoul-air", 7, 7.5]]})
    result = run("import", "scores", book, cycle, "--all-sheets")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((cycle / "scores" / "j01.yaml").read_text(encoding="utf-8"))["scores"] == {"seoul-air": {"design": 7, "impact": 7.5}}


def test_an_unknown_tab_name_is_one_problem_with_the_nearest_judge(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "Clare Dubois": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 7.5], ["seoul-air", 6, 7]],
        "j02": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 8]],
    })
    result = run("import", "scores", book, cycle, "--all-sheets", "--format", "json")
    assert result.exit_code == 1
    document = _json(result)
    assert _codes(document) == [(f"{book}[Clare Dubois]", 1, 1, "I701")]
    assert "'claire'" in document["diagnostics"][0]["message"]
    assert document["files"] == [] and not (cycle / "scores").exists()  # all or nothing


def test_problems_name_the_tab_and_its_cell(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "claire": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 7.5]],
        "j02": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 8], [], ["seoul-air", 11, 8]],
    })
    document = _json(run("import", "scores", book, cycle, "--all-sheets", "--dry-run", "--format", "json"))
    assert [(f, r, c) for f, r, c, _ in _codes(document)] == [(f"{book}[j02]", 4, 2)]  # the tab's row 4 (after a blank row), column B
    assert document["files"] == []


def test_two_tabs_of_one_judge_are_refused(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "Claire Dubois": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 7.5]],
        "claire": [["Entry", "Design", "Impact"], ["seoul-air", 8, 7.5]],
    })
    result = run("import", "scores", book, cycle, "--all-sheets", "--format", "json")
    assert result.exit_code == 1
    assert _codes(_json(result)) == [(f"{book}[claire]", 1, 1, "I703")]


def test_entries_from_every_tab(cycle: Path, tmp_path: Path) -> None:
    header = ["Entry ID", "Call", "Category", "Title", "Entrant name", "Entrant type", "Entrant country", "Submitted"]
    book = _workbook(tmp_path / "entries.xlsx", {
        "People": [header, ["bergen-one", "project", "people", "One", "Bergen", "city", "NO", "2025-06-01"]],
        "README": [["Applications, one tab per category"]],
        "More": [header, ["bergen-two", "project", "people", "Two", "Bergen", "city", "NO", "2025-06-02"]],
    })
    result = run("import", "entries", book, cycle, "--all-sheets")
    assert result.exit_code == 0, result.output
    assert (cycle / "entries" / "bergen-one.yaml").is_file() and (cycle / "entries" / "bergen-two.yaml").is_file()


@pytest.mark.parametrize("extra", [["--sheet", "j02"], ["--judge", "j02"]])
def test_all_sheets_with_one_sheet_or_judge_is_misuse(cycle: Path, extra: list[str]) -> None:
    assert run("import", "scores", WORKBOOK, cycle, "--all-sheets", *extra).exit_code == 2


def test_all_sheets_of_a_csv_file_is_misuse(cycle: Path) -> None:
    assert run("import", "scores", MESSY / "jury.csv", cycle, "--all-sheets").exit_code == 2


def test_the_messy_workbook(cycle: Path) -> None:
    """The fixture: an Instructions tab, tabs named by name (any case, no accents), by id and by a
    judge cell, an empty tab, a blank row; its decimal commas are read with --decimal ','."""
    document = _json(run("import", "scores", WORKBOOK, cycle, "--all-sheets", "--dry-run", "--format", "json"))
    sheets = " ".join(note["text"] for note in document["notes"] if note["topic"] == "sheets")
    for judge in ("'claire'", "'zoe'", "'j02'", "'j01'"):
        assert judge in sheets
    assert "'Instructions' skipped" in sheets and "'Notes' skipped" in sheets
    # Without --decimal: each decimal comma is a problem at its tab's cell (unless detected).
    assert all("[" in d["file"] for d in document["diagnostics"])
    decimal = run("import", "scores", WORKBOOK, cycle, "--all-sheets", "--decimal", ",")
    assert decimal.exit_code == 0, decimal.output
    assert yaml.safe_load((cycle / "scores" / "claire.yaml").read_text(encoding="utf-8"))["scores"]["oslo-bikes"] == {"design": 8, "impact": 7.5}


def test_the_workbook_limits_hold_over_every_tab(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "claire": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 7.5], ["seoul-air", 8, 7.5]],
        "j02": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 8], ["seoul-air", 8, 8]],
    })
    result = run("import", "scores", book, cycle, "--all-sheets", "--format", "json", env={"SMARTAWARD_MAX_IMPORT_CELLS": "9"})
    assert result.exit_code == 1
    assert [code for *_, code in _codes(_json(result))] == ["I704"]


def test_a_workbook_of_too_many_tabs_is_not_read(cycle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smartaward.importing import tabs

    monkeypatch.setattr(tabs, "MAX_TABS", 2)
    book = _workbook(tmp_path / "marks.xlsx", {name: [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 8]] for name in ("j01", "j02", "j03")})
    result = run("import", "scores", book, cycle, "--all-sheets", "--format", "json")
    assert result.exit_code == 1 and [code for *_, code in _codes(_json(result))] == ["I704"]


def test_hostile_tab_names_are_printed_on_one_line(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {"Cl\u202eaire": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 8]]})
    result = run("import", "scores", book, cycle, "--all-sheets")
    assert result.exit_code == 1
    assert "\u202e" not in result.output


def test_a_tab_named_for_one_judge_whose_column_names_another_is_a_problem(cycle: Path, tmp_path: Path) -> None:
    """G2: the tab's name was silently overridden by its judge column."""
    book = _workbook(tmp_path / "marks.xlsx", {"Claire Dubois": [["Judge", "Entry", "Design", "Impact"], ["j02", "oslo-bikes", 8, 7.5]]})
    result = run("import", "scores", book, cycle, "--all-sheets", "--format", "json")
    assert result.exit_code == 1
    assert _codes(_json(result)) == [(f"{book}[Claire Dubois]", 2, 1, "I701")]


def test_a_judge_cell_naming_another_than_the_tab_is_a_problem(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {"claire": [["Judge: Ada Example"], ["Entry", "Design", "Impact"], ["seoul-air", 7, 7.5]]})
    result = run("import", "scores", book, cycle, "--all-sheets", "--format", "json")
    assert result.exit_code == 1
    assert [code for _, _, _, code in _codes(_json(result))] == ["I701"]


def test_a_tab_name_cut_at_excels_limit_is_the_judge_it_starts(cycle: Path, tmp_path: Path) -> None:
    with (cycle / "judges.yaml").open("a", encoding="utf-8") as out:
        out.write('long:\n  name: "Maria Fernanda de los Santos Rodríguez"\n')
    tab = "Maria Fernanda de los Santos Ro"
    assert len(tab) == 31
    book = _workbook(tmp_path / "marks.xlsx", {tab: [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 7.5]]})
    document = _json(run("import", "scores", book, cycle, "--all-sheets", "--dry-run", "--format", "json"))
    assert document["status"] == "ok", document
    assert any("31 characters" in note["text"] and "'long'" in note["text"] for note in document["notes"])


def test_an_exact_name_beats_a_folded_one(cycle: Path, tmp_path: Path) -> None:
    """G6: "Zoë Ångström" is zoe, "Zoe Angstrom" the other judge so named; the same in a judge column."""
    with (cycle / "judges.yaml").open("a", encoding="utf-8") as out:
        out.write('zoe-2:\n  name: "Zoe Angstrom"\n')
    book = _workbook(tmp_path / "marks.xlsx", {"Zoë Ångström": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 7.5]],
                                               "Zoe Angstrom": [["Entry", "Design", "Impact"], ["oslo-bikes", 6, 6]]})
    result = run("import", "scores", book, cycle, "--all-sheets")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((cycle / "scores" / "zoe.yaml").read_text(encoding="utf-8"))["scores"]["oslo-bikes"]["design"] == 8
    assert yaml.safe_load((cycle / "scores" / "zoe-2.yaml").read_text(encoding="utf-8"))["scores"]["oslo-bikes"]["design"] == 6


def test_an_id_that_is_another_judges_name_reads_as_the_id_with_a_note(cycle: Path, tmp_path: Path) -> None:
    """G6: judge column `j02` where judge claire is named "J02": the id wins, and a note says so."""
    (cycle / "judges.yaml").write_text((cycle / "judges.yaml").read_text(encoding="utf-8").replace('"Claire Dubois"', '"J02"'),
                                       encoding="utf-8")
    sheet = tmp_path / "marks.csv"
    sheet.write_text("Judge,Entry,Design,Impact\nj02,oslo-bikes,8,8\n", encoding="utf-8")
    document = _json(run("import", "scores", sheet, cycle, "--dry-run", "--format", "json"))
    assert document["status"] == "ok", document
    assert any("'claire'" in note["text"] and "also names" in note["text"] for note in document["notes"])
