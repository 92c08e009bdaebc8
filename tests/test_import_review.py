"""The final review of `import` (issue 15): what an import read silently otherwise than the organiser
meant: a misspelt column of a jury list, a tab of marks under a misspelt header, hidden tabs, a date
format that falls back to its day, --set read otherwise than a cell, a judge named twice."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import run
from openpyxl import Workbook

BASE = Path(__file__).parent / "cases" / "base"


@pytest.fixture
def cycle(tmp_path: Path) -> Path:
    """The base cycle without marks, with one more judge."""
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    shutil.rmtree(root / "scores")
    with (root / "judges.yaml").open("a", encoding="utf-8") as out:
        out.write('claire:\n  name: "Claire Dubois"\n')
    return root


@pytest.fixture
def no_jury(cycle: Path) -> Path:
    (cycle / "judges.yaml").unlink()
    return cycle


def _csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    return path


def _workbook(path: Path, tabs: dict[str, list[list[Any]]], hidden: tuple[str, ...] = ()) -> Path:
    workbook = Workbook()
    first = True
    for name, rows in tabs.items():
        sheet = workbook.active if first else workbook.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


def _json(result: Any) -> dict[str, Any]:
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _codes(result: Any) -> list[tuple[int, int, str]]:
    return [(d["line"], d["column"], d["code"]) for d in _json(result)["diagnostics"]]


# 1. A jury list's misspelt column is not dropped with a note only.

def test_a_misspelt_judges_column_that_decides_results_is_an_error(no_jury: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Countyr", "Conflcts"], ["Ana", "FR", "oslo-*"]])
    result = run("import", "judges", sheet, no_jury, "--format", "json")
    assert result.exit_code == 1
    assert _codes(result) == [(1, 2, "I701"), (1, 3, "I701")]
    messages = [d["message"] for d in _json(result)["diagnostics"]]
    assert "'country'" in messages[0] and "'conflicts'" in messages[1]
    assert not (no_jury / "judges.yaml").exists()


def test_a_conflict_column_in_the_singular_is_read(no_jury: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Conflict"], ["Ana", "oslo-bikes"]])
    assert run("import", "judges", sheet, no_jury).exit_code == 0
    assert "conflicts: [oslo-bikes]" in (no_jury / "judges.yaml").read_text(encoding="utf-8")


def test_another_unknown_judges_column_is_a_warning_even_quiet(no_jury: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Hobby"], ["Ana", "golf"]])
    result = run("import", "judges", sheet, no_jury, "--dry-run", "--format", "json")
    assert result.exit_code == 0
    assert _codes(result) == [(1, 2, "I706")]
    quiet = run("import", "judges", sheet, no_jury, "--dry-run", "-q")
    assert "I706" in quiet.output


# 2. A tab of marks under a misspelt header is no tab of instructions.

def test_a_tab_of_numbers_whose_header_names_nothing_is_an_error(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "Read me": [["Marks from 0 to 10"], ["one tab per judge"]],
        "Claire Dubois": [["Entrie", "Desgin", "Impakt"], ["oslo-bikes", 8, 7]],
    })
    result = run("import", "scores", book, cycle, "--all-sheets", "--format", "json")
    assert result.exit_code == 1
    diagnostics = _json(result)["diagnostics"]
    assert [(d["file"].endswith("[Claire Dubois]"), d["line"], d["column"], d["code"]) for d in diagnostics] == [(True, 1, 1, "I701")]
    assert "'design'" in diagnostics[0]["message"]
    assert any("'Read me' skipped" in n["text"] for n in _json(result)["notes"])
    assert not (cycle / "scores").exists() or not any((cycle / "scores").rglob("*.yaml"))


# 3. Hidden tabs.

def test_a_hidden_tab_is_skipped_by_all_sheets(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "claire": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 7]],
        "j01 (old)": [["Judge", "Entry", "Design", "Impact"], ["j01", "oslo-bikes", 1, 1]],
    }, hidden=("j01 (old)",))
    result = run("import", "scores", book, cycle, "--all-sheets", "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    document = _json(result)
    assert any("hidden tab 'j01 (old)' skipped" in n["text"] for n in document["notes"])
    assert document["files"] and not any("j01" in str(f) for f in document["files"])


def test_a_hidden_tab_named_by_sheet_is_read_with_a_note(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "claire": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 7]],
        "old": [["Judge", "Entry", "Design", "Impact"], ["j01", "oslo-bikes", 1, 1]],
    }, hidden=("old",))
    result = run("import", "scores", book, cycle, "--sheet", "old", "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    document = _json(result)
    assert any("hidden" in n["text"] for n in document["notes"])
    assert document["files"]


# 10. A "Judge: NAME" cell above a header with a judge column.

def test_a_judge_cell_above_the_header_is_compared_with_the_judge_column(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "marks": [["Judge: Claire Dubois"], ["Judge", "Entry", "Design", "Impact"], ["j01", "oslo-bikes", 8, 7]],
    })
    result = run("import", "scores", book, cycle, "--all-sheets", "--format", "json")
    assert result.exit_code == 1
    assert _codes(result) == [(3, 1, "I701")]


# 4. Dates: a format's fallback without its time, and a numeric date's time.

ENTRY_HEADER = ["Title", "Category", "Entrant name", "Entrant type", "Country", "Submitted"]


def test_a_date_format_without_a_time_does_not_fall_back_to_its_day(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "entries.csv", [ENTRY_HEADER, ["A b c", "people", "X", "city", "FR", "3 February 2025"],
                                            ["D e f", "people", "Y", "city", "FR", "14"]])
    result = run("import", "entries", sheet, cycle, "--set", "call=project", "--date-format", "%d %B %Y", "--format", "json")
    assert result.exit_code == 1
    assert _codes(result) == [(3, 6, "I702")]


def test_a_date_format_with_a_time_reads_a_date_alone(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "entries.csv", [ENTRY_HEADER, ["A b c", "people", "X", "city", "FR", "03/02/2025 10:30"],
                                            ["D e f", "people", "Y", "city", "FR", "04/02/2025"]])
    result = run("import", "entries", sheet, cycle, "--set", "call=project", "--date-format", "%d/%m/%Y %H:%M", "--dry-run")
    assert result.exit_code == 0, result.output


def test_a_numeric_date_with_no_time_of_day_is_a_problem(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "entries.csv", [ENTRY_HEADER, ["A b c", "people", "X", "city", "FR", "03/02/2025 99:99"],
                                            ["D e f", "people", "Y", "city", "FR", "13/02/2025 10:00"]])
    result = run("import", "entries", sheet, cycle, "--set", "call=project", "--format", "json")
    assert result.exit_code == 1
    assert _codes(result) == [(2, 6, "I702")]


# 5. --set read as a cell is.

@pytest.fixture
def titled(cycle: Path) -> Path:
    """The base cycle with a category whose title is another's id, and a title two calls share."""
    text = (cycle / "cycle.yaml").read_text(encoding="utf-8")
    text = text.replace("    categories:\n      people:\n", "    categories:\n"
                        "      mobility:\n        title: Transport\n        awards: {gold: 1}\n"
                        "      transit:\n        title: Mobility\n        awards: {gold: 1}\n"
                        "      people:\n", 1)
    text = text.replace("        title: Special mention\n", "        title: People\n")
    (cycle / "cycle.yaml").write_text(text, encoding="utf-8")
    return cycle


def _entry_sheet(tmp_path: Path) -> Path:
    return _csv(tmp_path / "entries.csv", [["Title", "Entrant name", "Entrant type", "Country", "Submitted"],
                                           ["A b c", "X", "city", "FR", "2025-06-01"]])


def test_set_reads_an_id_first_as_a_cell_does(titled: Path, tmp_path: Path) -> None:
    result = run("import", "entries", _entry_sheet(tmp_path), titled, "--set", "call=project", "--set", "category=mobility")
    assert result.exit_code == 0, result.output
    assert "category: mobility" in (titled / "entries" / "a-b-c.yaml").read_text(encoding="utf-8")


def test_set_category_is_one_of_the_chosen_calls(titled: Path, tmp_path: Path) -> None:
    result = run("import", "entries", _entry_sheet(tmp_path), titled, "--set", "call=project", "--set", "category=People")
    assert result.exit_code == 0, result.output
    assert "category: people" in (titled / "entries" / "a-b-c.yaml").read_text(encoding="utf-8")
    other = run("import", "entries", _entry_sheet(tmp_path), titled, "--set", "call=project", "--set", "category=special", "--force")
    assert other.exit_code == 2


# 6. A jury list's values read by values.py.

def test_a_jury_lists_bad_value_map_target_is_misuse(no_jury: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Calls"], ["Ana", "Projects"]])
    maps = tmp_path / "values.yaml"
    maps.write_text("Calls:\n  Projects: no-such-call\n", encoding="utf-8")
    result = run("import", "judges", sheet, no_jury, "--map-values", maps)
    assert result.exit_code == 2


def test_a_jury_lists_unknown_country_is_I705_and_mapped_values_say_so(no_jury: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Country", "Calls"], ["Ana", "Atlantis", "Projects"], ["Bo", "Norge", "project"]])
    maps = tmp_path / "values.yaml"
    maps.write_text("Calls:\n  Projects: project\nCountry:\n  Norge: Norway\n", encoding="utf-8")
    result = run("import", "judges", sheet, no_jury, "--map-values", maps, "--format", "json")
    assert result.exit_code == 1
    assert _codes(result) == [(2, 2, "I705")]
    texts = [n["text"] for n in _json(result)["notes"] if n["topic"] == "values"]
    assert any("'Projects' read as 'project' by --map-values" in text for text in texts)
    assert any("'Norge' read as 'NO'" in text and "by --map-values" in text for text in texts)


# 7. --set judge with --all-sheets.

def test_set_judge_with_all_sheets_is_misuse(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {"claire": [["Entry", "Design", "Impact"], ["oslo-bikes", 8, 7]]})
    result = run("import", "scores", book, cycle, "--all-sheets", "--set", "judge=j01")
    assert result.exit_code == 2
    assert "--set judge" in result.output and "already" not in result.output


# 8. A score column of numbers that names no criterion.

def test_a_score_column_of_numbers_naming_no_criterion_is_an_error(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "marks.csv", [["Judge", "Entry", "Design", "Impact", "Bonus"], ["j02", "oslo-bikes", "8", "7", "2"]])
    result = run("import", "scores", sheet, cycle, "--format", "json")
    assert result.exit_code == 1
    assert _codes(result) == [(1, 5, "I701")]
    assert "'design'" in _json(result)["diagnostics"][0]["message"]
    left_out = run("import", "scores", sheet, cycle, "--map", "Bonus=-", "--dry-run", "--format", "json")
    assert left_out.exit_code == 0 and _codes(left_out) == []


# 9. The I706 warning and its note are said once in text, both in JSON.

def test_the_columns_not_imported_are_said_once(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "marks.csv", [["Judge", "Entry", "Design", "Impact", "Remarks by"], ["j02", "oslo-bikes", "8", "7", "Ana"]])
    text = run("import", "scores", sheet, cycle, "--dry-run", "--map", "Remarks by=-")
    assert "not imported" not in text.output
    sheet = _csv(tmp_path / "marks.csv", [["Judge", "Entry", "Design", "Impact", "Who typed"], ["j02", "oslo-bikes", "8", "7", "Ana"]])
    text = run("import", "scores", sheet, cycle, "--dry-run")
    assert "I706" in text.output and "note: not imported" not in text.output
    document = _json(run("import", "scores", sheet, cycle, "--dry-run", "--format", "json"))
    assert [d["code"] for d in document["diagnostics"]] == ["I706"]
    assert any(n["topic"] == "ignored" for n in document["notes"])


def test_a_judge_cell_naming_no_judge_above_a_judge_column_is_an_error(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "marks": [["Judge: Nobody Known"], ["Judge", "Entry", "Design", "Impact"], ["j02", "oslo-bikes", 8, 7]],
    })
    result = run("import", "scores", book, cycle, "--all-sheets", "--format", "json")
    assert result.exit_code == 1
    assert _codes(result) == [(1, 1, "I701")]


def test_a_judge_cell_agreeing_with_the_judge_column_is_read(cycle: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "marks.xlsx", {
        "marks": [["Judge: Claire Dubois"], ["Judge", "Entry", "Design", "Impact"], ["claire", "oslo-bikes", 8, 7]],
    })
    result = run("import", "scores", book, cycle, "--all-sheets", "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
