"""Issue 15, the fixes after the hostile and newcomer checks: a judge's conflicts, categories and
rounds read as the cycle's ids by `import judges` and checked by `validate` (R214, R215, I707)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run

from smartaward.checks.references import conflict_can_match

BASE = Path(__file__).parent / "cases" / "base"


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


def _judges(cycle: Path) -> dict[str, Any]:
    return yaml.safe_load((cycle / "judges.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("pattern", "can"), [
    ("lyon-*", True), ("*", True), ("oslo-[0-9]", True), ("*-x", True), ("[!a-z]x", True), ("nothing-matches", True),
    ("Lyon-*", False), ("Seoul clean air sensors", False), ("[", False), ("oslo-[", False), ("[A-Z]*", False), ("-x", False),
    ("", False), ("oslo_bikes", False),
])
def test_which_conflicts_can_match_an_id(pattern: str, can: bool) -> None:
    assert conflict_can_match(pattern) is can


def test_conflicts_by_title_and_capitals_are_read_as_ids(cycle: Path, tmp_path: Path) -> None:
    """G: "Lyon-*; Seoul clean air sensors; nothing-matches" was written as given, silently
    matching nothing: a title is read as its entry's id, a pattern lowercased, each with a note,
    and a conflict that matches no entry yet is a warning at its cell."""
    sheet = _csv(tmp_path / "jury.csv", [["Id", "Name", "Conflicts"],
                                        ["claire", "Claire Dubois", "Oslo-*; Clean air sensors; nothing-matches"]])
    result = run("import", "judges", sheet, cycle, "--format", "json")
    assert result.exit_code == 0, result.output
    assert _codes(result) == [(2, 3, "I707")]
    assert _judges(cycle)["claire"]["conflicts"] == ["oslo-*", "seoul-air", "nothing-matches"]
    notes = [n["text"] for n in _json(result)["notes"] if n["topic"] == "values"]
    assert any("'Oslo-*'" in n and "'oslo-*'" in n for n in notes)
    assert any("'Clean air sensors'" in n and "'seoul-air'" in n for n in notes)


def test_a_conflict_that_can_never_match_is_an_error_at_its_cell(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Conflicts"], ["Ana", "No such title at all"], ["Bo", "oslo-["]])
    result = run("import", "judges", sheet, cycle, "--format", "json")
    assert result.exit_code == 1
    assert sorted(_codes(result)) == [(2, 2, "R214"), (3, 2, "R214")]


def _validate(cycle: Path, judges: str) -> list[tuple[int, str]]:
    (cycle / "judges.yaml").write_text(judges, encoding="utf-8")
    result = run("validate", cycle, "--format", "json", "--no-cache")
    return [(d["line"], d["code"]) for d in _json(result)["diagnostics"] if d["code"].startswith("R")]  # a jury with no marks: J4xx too


def test_validate_reports_a_conflict_that_can_never_match(cycle: Path) -> None:
    found = _validate(cycle, 'ada:\n  name: Ada\n  conflicts: ["Lyon-*", "Seoul clean air sensors", nothing-matches, "*"]\n')
    assert found == [(3, "R214"), (3, "R214")]


def test_validate_suggests_the_id_of_an_entry_named_by_its_title(cycle: Path) -> None:
    (cycle / "judges.yaml").write_text('ada:\n  name: Ada\n  conflicts: ["City bikes for all"]\n', encoding="utf-8")
    result = run("validate", cycle, "--format", "json", "--no-cache")
    [problem] = [d for d in _json(result)["diagnostics"] if d["code"] == "R214"]
    assert problem["code"] == "R214" and "'oslo-bikes'" in problem["message"]


def test_validate_reports_a_judges_unknown_category_and_round(cycle: Path) -> None:
    """G: `categories: [clim]` passed silently (assign's preference then did nothing)."""
    found = _validate(cycle, "ada:\n  name: Ada\n  categories: [peeple, people]\n  rounds: [final]\n")
    assert found == [(3, "R215"), (4, "R215")]
    (cycle / "judges.yaml").write_text("ada:\n  name: Ada\n  categories: [peeple]\n", encoding="utf-8")
    [message] = [d["message"] for d in _json(run("validate", cycle, "--format", "json", "--no-cache"))["diagnostics"] if d["code"] == "R215"]
    assert "did you mean 'people'" in message


def test_categories_and_calls_by_title_and_duplicates_once(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Categories", "Calls", "Expertise"],
                                        ["Ana", "PEOPLE; Special mention", "project; project", "Energy Policy; energy-policy"]])
    result = run("import", "judges", sheet, cycle, "--format", "json")
    assert result.exit_code == 0, result.output
    judge = _judges(cycle)["ana"]
    assert judge["categories"] == ["people", "special"]
    assert judge["calls"] == ["project"]
    assert judge["expertise"] == ["energy-policy"]
    notes = [n["text"] for n in _json(result)["notes"] if n["topic"] == "values"]
    assert any("twice" in n for n in notes)
    assert any("'Energy Policy'" in n for n in notes)


def test_an_unknown_category_in_the_jury_list_is_an_error_at_its_cell(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Categories"], ["Ana", "clim"]])
    result = run("import", "judges", sheet, cycle, "--format", "json")
    assert result.exit_code == 1 and _codes(result) == [(2, 2, "R215")]


def test_a_country_not_known_is_one_problem_at_its_cell(cycle: Path, tmp_path: Path) -> None:
    """G: "Korea" got I702 and S103 at the same cell."""
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Country"], ["Ana", "Korea"]])
    result = run("import", "judges", sheet, cycle, "--format", "json")
    assert _codes(result) == [(2, 2, "I705")]


@pytest.mark.parametrize(("name", "code"), [("Deutschland", "DE"), ("España", "ES"), ("Österreich", "AT"), ("Italia", "IT"),
                                            ("Frankreich", "FR"), ("Sverige", "SE")])
def test_countries_by_their_names_in_other_languages(name: str, code: str) -> None:
    from smartaward.model.countries import lookup_country

    assert lookup_country(name) == code


def test_a_country_by_its_local_name_is_said_in_a_note(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Country"], ["Ana", "Deutschland"], ["Bo", "España"]])
    result = run("import", "judges", sheet, cycle, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [j["country"] for j in _judges(cycle).values()] == ["DE", "ES"]
    notes = [n["text"] for n in _json(result)["notes"] if n["topic"] == "values"]
    assert any("'Deutschland' read as 'DE' (Germany)" in n for n in notes)


def test_a_misspelt_local_name_is_suggested() -> None:
    from smartaward.model.countries import country_suggestions

    assert "'DE'" in country_suggestions("Deutchland")


@pytest.mark.parametrize("name", ["Norwey", "Deutchland", "Korea"])
def test_a_typo_of_an_english_name_is_not_read_as_a_local_one(name: str) -> None:
    """"Norwey" is Yoruba's "Nọ́rwèy" without its accents, and a misspelt Norway: a suggestion only."""
    from smartaward.model.countries import lookup_country

    assert lookup_country(name) is None


@pytest.mark.parametrize(("name", "code"), [("Nọ́rwèy", "NO"), ("Espana", "ES"), ("Osterreich", "AT"), ("Kanada", "CA")])
def test_local_names_as_written_or_without_accents(name: str, code: str) -> None:
    from smartaward.model.countries import lookup_country

    assert lookup_country(name) == code


def test_entries_countries_by_local_names_are_noted_with_the_name(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "applications.csv", [
        ["Title", "Call", "Category", "Entrant name", "Entrant type", "Entrant country", "Submitted"],
        ["Bikes", "project", "people", "City of Berlin", "city", "Deutschland", "2025-06-01"]])
    result = run("import", "entries", sheet, cycle, "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    assert any("(Germany)" in n["text"] for n in _json(result)["notes"])


def test_two_rows_of_one_name_are_a_warning(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "jury.csv", [["Name"], ["Ana Reyes"], ["Bo"], ["ana reyes"]])
    result = run("import", "judges", sheet, cycle, "--format", "json")
    assert result.exit_code == 0 and _codes(result) == [(4, 1, "I708")]


def test_map_values_for_a_jury_list(cycle: Path, tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text('Country: {"Bundesrepublik": DE}\nCalls: {"Projects": project}\n', encoding="utf-8")
    sheet = _csv(tmp_path / "jury.csv", [["Name", "Country", "Calls"], ["Ana", "Bundesrepublik", "Projects"]])
    result = run("import", "judges", sheet, cycle, "--map-values", values, "--format", "json")
    assert result.exit_code == 0, result.output
    assert _judges(cycle)["ana"] == {"name": "Ana", "country": "DE", "calls": ["project"]}


def test_map_values_naming_one_column_twice_is_misuse(cycle: Path, tmp_path: Path) -> None:
    """G: `Category:` and `category:` in one --map-values file."""
    values = tmp_path / "values.yaml"
    values.write_text("Category: {Climate: people}\ncategory: {Env: people}\n", encoding="utf-8")
    sheet = _csv(tmp_path / "applications.csv", [
        ["Title", "Call", "Category", "Entrant name", "Entrant type", "Entrant country", "Submitted"],
        ["Bikes", "project", "Climate", "City of Oslo", "city", "NO", "2025-06-01"]])
    assert run("import", "entries", sheet, cycle, "--map-values", values, "--dry-run").exit_code == 2
    jury = _csv(tmp_path / "jury.csv", [["Name", "Calls"], ["Ana", "project"]])
    values.write_text("Calls: {P: project}\ncalls: {Q: project}\n", encoding="utf-8")
    assert run("import", "judges", jury, cycle, "--map-values", values, "--dry-run").exit_code == 2


def test_entries_by_title_are_one_note_per_column(cycle: Path, tmp_path: Path) -> None:
    """NEW14: twenty notes per tab for entries read by title; now one that gives an example."""
    (cycle / "judges.yaml").write_text('j01:\n  name: "Ada Example"\n', encoding="utf-8")
    sheet = tmp_path / "marks.csv"
    sheet.write_text("Judge,Entry,Design,Impact\nj01,City bikes for all,8,8\nj01,Clean air sensors,7,7\n", encoding="utf-8")
    result = run("import", "scores", sheet, cycle, "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    notes = [n["text"] for n in _json(result)["notes"] if n["topic"] == "values" and n["column"] == 2]
    assert len(notes) == 1 and notes[0].startswith("2 entries named by their title")
    assert "e.g. 'City bikes for all' read as 'oslo-bikes' (2 rows)" in notes[0]


def test_the_entrant_types_listed_are_those_the_call_accepts(cycle: Path, tmp_path: Path) -> None:
    """NEW13: a call that accepts cities only listed every type of the cycle."""
    spec = cycle / "cycle.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("    title: Project awards\n",
                                                             "    title: Project awards\n    entrant_types: [city]\n"), encoding="utf-8")
    sheet = _csv(tmp_path / "applications.csv", [
        ["Title", "Call", "Category", "Entrant name", "Entrant type", "Entrant country", "Submitted"],
        ["Bikes", "project", "people", "City of Oslo", "Town hall", "NO", "2025-06-01"]])
    result = run("import", "entries", sheet, cycle, "--dry-run", "--format", "json")
    [problem] = [d for d in _json(result)["diagnostics"] if d["code"] == "I705"]
    assert "allowed values: 'city'." in problem["message"] and "company" not in problem["message"]
