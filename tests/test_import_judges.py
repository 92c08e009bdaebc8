"""`smartaward import judges FILE [CYCLE]` (issue 15): the jury list → judges.yaml, every row
checked as validate checks judges.yaml, each problem at its row and column."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run

BASE = Path(__file__).parent / "cases" / "base"
MESSY = Path(__file__).parent / "fixtures" / "messy"


@pytest.fixture
def cycle(tmp_path: Path) -> Path:
    """The base cycle with no jury yet (and so no marks)."""
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    shutil.rmtree(root / "scores")
    (root / "judges.yaml").unlink()
    return root


def _csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    return path


def _json(result: Any) -> dict[str, Any]:
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _codes(result: Any) -> list[tuple[int, int, str]]:
    return [(d["line"], d["column"], d["code"]) for d in _json(result)["diagnostics"]]


EXPECTED = {
    "claire-dubois": {"name": "Claire Dubois", "country": "FR", "affiliation": "Université Lumière", "city": "Lyon", "calls": ["project"],
                      "expertise": ["mobility", "energy"], "voting": True, "max_entries": 20, "contact": "claire@example.org"},
    "zoe-angstrom": {"name": "Zoë Ångström", "country": "SE", "city": "Uppsala", "calls": ["project", "honours"], "voting": True,
                     "contact": "zoe@example.org"},
    "kim-min-jun": {"name": "Kim Min-jun", "country": "KR", "affiliation": "KAIST", "city": "Seoul", "expertise": ["energy"],
                    "voting": False, "max_entries": 10},
    "ana-reyes": {"name": "Ana Reyes", "country": "PH", "city": "Baguio", "contact": "ana@example.org"},
}


@pytest.mark.parametrize("name", ["jury.xlsx", "jury.csv"])
def test_the_jury_list_becomes_judges_yaml(cycle: Path, name: str) -> None:
    result = run("import", "judges", MESSY / name, cycle)
    assert result.exit_code == 0, result.output
    text = (cycle / "judges.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text) == EXPECTED
    assert run("validate", cycle, "--format", "json").exit_code == 0


def test_written_the_same_from_csv_and_xlsx(cycle: Path, tmp_path: Path) -> None:
    run("import", "judges", MESSY / "jury.xlsx", cycle)
    first = (cycle / "judges.yaml").read_text(encoding="utf-8").splitlines()[1:]
    assert run("import", "judges", MESSY / "jury.csv", cycle, "--force").exit_code == 0
    assert (cycle / "judges.yaml").read_text(encoding="utf-8").splitlines()[1:] == first


def test_bad_cells_are_reported_at_their_row_and_column(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [
        ["Name", "Country", "Voting", "Max entries", "Min entries", "Calls"],
        ["Claire Dubois", "Atlantis", "yes", "20", "", "project"],
        ["Bo", "KR", "maybe", "", "", ""],
        ["Cy", "PH", "", "ten", "", ""],
        ["Di", "NO", "", "2", "5", ""],
        ["Ed", "NO", "", "", "", "prizes"],
        ["", "NO", "", "", "", ""],
    ])
    result = run("import", "judges", sheet, cycle, "--format", "json")
    assert result.exit_code == 1
    codes = _codes(result)
    assert (2, 2, "I705") in codes  # a country by no known name (as values.py says it for entries)
    assert (3, 3, "I702") in codes  # neither yes nor no
    assert (4, 4, "I702") in codes  # not a whole number
    assert any(row == 5 for row, _, _ in codes)  # min over max: the model refuses the judge
    assert any(row == 6 and column == 6 for row, column, _ in codes)  # no such call
    assert any(row == 7 and column == 1 for row, column, _ in codes)  # no name
    assert not (cycle / "judges.yaml").exists()


def test_an_id_column_and_ids_given_twice(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["ID", "Name"], ["ada", "Ada"], ["ada", "Ada again"], ["", "Bo"]])
    result = run("import", "judges", sheet, cycle, "--format", "json")
    assert _codes(result) == [(3, 1, "R201")]


def test_names_alike_get_ids_of_their_own(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name"], ["Ana Reyes"], ["Ana  Reyes"]])
    assert run("import", "judges", sheet, cycle).exit_code == 0
    assert list(yaml.safe_load((cycle / "judges.yaml").read_text(encoding="utf-8"))) == ["ana-reyes", "ana-reyes-2"]


def test_unknown_columns_are_one_note(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Phone", "Dietary needs"], ["Ana", "123", "none"]])
    result = run("import", "judges", sheet, cycle, "--dry-run", "--format", "json")
    assert result.exit_code == 0
    notes = [n for n in _json(result)["notes"] if n["topic"] == "ignored"]
    assert len(notes) == 1 and "'Phone'" in notes[0]["text"] and "'Dietary needs'" in notes[0]["text"]


def test_no_name_column_is_a_header_problem(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Juror id", "Country"], ["ada", "NO"]])
    result = run("import", "judges", sheet, cycle, "--format", "json", "--map", "Juror id=id")
    assert result.exit_code == 1 and _codes(result) == [(1, 1, "I701")]


def test_an_existing_jury_is_replaced_only_with_force(cycle: Path, tmp_path: Path) -> None:
    (cycle / "judges.yaml").write_text('old:\n  name: "Old Judge"\n', encoding="utf-8")
    sheet = _csv(tmp_path / "jury.csv", [["Name"], ["Ana Reyes"]])
    refused = run("import", "judges", sheet, cycle, "--format", "json")
    assert refused.exit_code == 1 and _codes(refused) == [(1, 1, "I703")]
    assert "old:" in (cycle / "judges.yaml").read_text(encoding="utf-8")
    assert run("import", "judges", sheet, cycle, "--force").exit_code == 0
    assert list(yaml.safe_load((cycle / "judges.yaml").read_text(encoding="utf-8"))) == ["ana-reyes"]


def test_an_empty_judges_file_is_replaced(cycle: Path, tmp_path: Path) -> None:
    (cycle / "judges.yaml").write_text("{}\n", encoding="utf-8")
    sheet = _csv(tmp_path / "jury.csv", [["Name"], ["Ana Reyes"]])
    assert run("import", "judges", sheet, cycle).exit_code == 0


def test_observer_column(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Observer", "Public"], ["Ana", "x", "no"], ["Bo", "", ""]])
    assert run("import", "judges", sheet, cycle).exit_code == 0
    judges = yaml.safe_load((cycle / "judges.yaml").read_text(encoding="utf-8"))
    assert judges == {"ana": {"name": "Ana", "voting": False, "public": False}, "bo": {"name": "Bo"}}


def test_the_contact_is_never_shown(cycle: Path) -> None:
    assert run("import", "judges", MESSY / "jury.csv", cycle).exit_code == 0
    for command in (["judges", cycle], ["judges", cycle, "--format", "json"]):
        result = run(*command)
        assert "@example.org" not in result.output, command


def test_the_schema_modeline_where_the_cycle_has_schemas(cycle: Path, tmp_path: Path) -> None:
    (cycle / ".schema").mkdir()
    sheet = _csv(tmp_path / "jury.csv", [["Name"], ["Ana Reyes"]])
    assert run("import", "judges", sheet, cycle).exit_code == 0
    assert (cycle / "judges.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=.schema/judges.schema.json\n")


@pytest.mark.parametrize("extra", [["--all-sheets"], ["--round", "final"], ["--judge", "ana"]])
def test_options_for_marks_are_misuse(cycle: Path, extra: list[str]) -> None:
    assert run("import", "judges", MESSY / "jury.xlsx", cycle, *extra).exit_code == 2


def test_set_gives_every_judge_a_value(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name"], ["Ana"], ["Bo"]])
    assert run("import", "judges", sheet, cycle, "--set", "country=France", "--set", "calls=Project awards").exit_code == 0
    judges = yaml.safe_load((cycle / "judges.yaml").read_text(encoding="utf-8"))
    assert judges["bo"] == {"name": "Bo", "country": "FR", "calls": ["project"]}


@pytest.mark.parametrize("extra", [["--set", "country=Atlantis"], ["--set", "name=Ana"], ["--set", "colour=blue"],
                                   ["--decimal", ","], ["--day-first"]])
def test_options_that_do_not_fit_a_jury_list_are_misuse(cycle: Path, tmp_path: Path, extra: list[str]) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name"], ["Ana"]])
    assert run("import", "judges", sheet, cycle, *extra).exit_code == 2
