"""`smartaward import`: values as people write them (issue 15). Calls and categories by id or title,
entrant types in any case, countries by code or English name, judges by name, entries, rounds and
criteria by title; `--map-values FILE` for the rest; a note for every value read otherwise than
written; one I705 with the nearest allowed values for a value that names nothing."""

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

MESSY = Path(__file__).parent / "fixtures" / "messy"
EXTRA = ("--map", "Internal notes=-", "--map", "Contact e-mail=-")  # helper B's columns: not about values
HEADER = "Project title,Call,Category,Applicant,Type,City,Country,Submitted\n"


@pytest.fixture
def cycle(tmp_path: Path) -> Path:
    root = tmp_path / "cycle"
    shutil.copytree(MESSY / "cycle", root)
    return root


def _json(kind: str, sheet: Path, root: Path, *options: str) -> tuple[int, dict[str, Any]]:
    result = run("import", kind, sheet, root, "--format", "json", *options)
    return result.exit_code, json.loads(result.stdout)


def _found(document: dict[str, Any]) -> set[tuple[str, int, int]]:
    return {(d["code"], d["line"], d["column"]) for d in document["diagnostics"]}


def _sheet(tmp_path: Path, text: str, name: str = "a.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _entry(root: Path, entry_id: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((root / "entries" / f"{entry_id}.yaml").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", ["applications.xlsx", "applications.csv"])
def test_the_messy_applications_import_with_a_value_map_and_validate(cycle: Path, name: str) -> None:
    code, document = _json("entries", MESSY / name, cycle, *EXTRA, "--map-values", MESSY / "values.yaml")
    assert code == 0, document["diagnostics"]
    assert document["summary"]["rows"] == 30 and document["summary"]["written"] == 30
    assert _entry(cycle, "lyon-cycle-lanes-for-all")["category"] == "mobility"
    bristol = _entry(cycle, "bristol-heat-pumps-for-schools")
    assert (bristol["call"], bristol["category"], bristol["entrant"]["type"], bristol["entrant"]["country"]) == ("project", "climate", "city", "GB")
    assert _entry(cycle, "istanbul-ferry-timetable-app")["entrant"]["country"] == "TR"
    assert _entry(cycle, "austin-open-permits")["entrant"]["country"] == "US"
    assert _entry(cycle, "busan-smart-harbour")["entrant"]["country"] == "KR"
    assert _entry(cycle, "incheon-e-bus-depot")["entrant"]["country"] == "KR"  # Korea, Republic of
    assert _entry(cycle, "oslo-quiet-streets")["category"] == "climate"  # by --map-values
    assert _entry(cycle, "rotterdam-water-squares")["entrant"]["country"] == "NL"  # by --map-values, to a name
    result = run("validate", cycle)
    assert result.exit_code == 0 and "0 errors" in result.stdout, result.stdout


def test_each_value_that_names_nothing_is_one_I705_with_the_nearest_values(cycle: Path) -> None:
    code, document = _json("entries", MESSY / "applications.csv", cycle, *EXTRA, "--dry-run")
    assert code == 1
    assert _found(document) == {("I705", 10, 3), ("I705", 17, 3), ("I705", 17, 7)}  # nothing else at those cells
    messages = {(d["line"], d["column"]): d["message"] for d in document["diagnostics"]}
    assert "did you mean 'climate' (Climate and environment)?" in messages[(10, 3)]
    assert "'digital' (Digital city)" in messages[(10, 3)]  # few categories: all of them listed
    assert "did you mean 'NL' (Netherlands)?" in messages[(17, 7)]
    assert document["bad_rows"] == [10, 17]


def test_the_issues_examples_are_read_not_refused(cycle: Path, tmp_path: Path) -> None:
    """'Climate and environment' is not a valid id, 'City' is not a valid id, 'FRANCE' is not an
    ISO 3166-1 alpha-2 country code: before issue 15, three errors for this row."""
    sheet = _sheet(tmp_path, HEADER + "Bikes,Project awards,Climate and environment,Ville,City,Lyon,France,2026-02-02\n")
    code, document = _json("entries", sheet, cycle)
    assert code == 0 and document["diagnostics"] == []
    entry = _entry(cycle, "lyon-bikes")
    assert (entry["call"], entry["category"], entry["entrant"]["type"], entry["entrant"]["country"]) == ("project", "climate", "city", "FR")


def test_every_value_read_otherwise_is_a_note_in_text_and_json(cycle: Path) -> None:
    code, document = _json("entries", MESSY / "applications.csv", cycle, *EXTRA, "--map-values", MESSY / "values.yaml", "--dry-run")
    assert code == 0
    notes = [n for n in document["notes"] if n["topic"] == "values"]
    assert {"topic": "values", "column": 3, "header": "Category",
            "text": "'Climate and environment' read as 'climate' (7 rows)"} in notes
    assert {"topic": "values", "column": 3, "header": "Category",
            "text": "'Climate & Environment' read as 'climate' by --map-values (2 rows)"} in notes
    assert any(n["column"] == 7 and n["text"] == "'UK' read as 'GB' (United Kingdom) (3 rows)" for n in notes)
    assert any(n["column"] == 5 and n["text"] == "'City' read as 'city' (16 rows)" for n in notes)
    assert not any("'project'" in n["text"] and n["text"].startswith("'project'") for n in notes)  # an id as written: no note
    text = run("import", "entries", MESSY / "applications.csv", cycle, *EXTRA, "--map-values", MESSY / "values.yaml", "--dry-run").stdout
    assert "note: column 'Category' (3): 'Climate and environment' read as 'climate' (7 rows)\n" in text
    quiet = run("import", "entries", MESSY / "applications.csv", cycle, *EXTRA, "--map-values", MESSY / "values.yaml", "--dry-run", "-q")
    assert "note:" not in quiet.stdout


def test_notes_are_capped_per_column(cycle: Path, tmp_path: Path) -> None:
    countries = ["France", "Germany", "Norway", "Sweden", "Denmark", "Finland", "Iceland", "Spain", "Portugal", "Italy",
                 "Greece", "Austria", "Belgium", "Netherlands", "Poland", "Ireland", "Estonia", "Latvia", "Lithuania",
                 "Slovenia", "Croatia", "Hungary", "Romania", "Bulgaria", "Malta"]
    lines = "".join(f"Project {n},project,climate,Org {n},city,Town {n},{country},2026-02-02\n" for n, country in enumerate(countries))
    code, document = _json("entries", _sheet(tmp_path, HEADER + lines), cycle, "--dry-run")
    assert code == 0, document["diagnostics"]
    notes = [n["text"] for n in document["notes"] if n["column"] == 7]
    assert len(notes) == 21 and notes[0] == "'France' read as 'FR' (1 row)"
    assert notes[-1] == "and 5 more values read as the cycle's ids (5 rows)"


def test_a_value_written_as_an_id_keeps_validates_code_with_the_nearest_values(cycle: Path, tmp_path: Path) -> None:
    """A value written as an id or a code that names nothing is what validate reports in the file
    (R203, R207, S103), with the nearest allowed values added; nothing else at the cell."""
    sheet = _sheet(tmp_path, HEADER + "A,project,climat,Org,cty,Lyon,FRA,2026-02-02\n"
                                      "B,project,climate,Org,city,Lyon,XX,2026-02-02\n")
    code, document = _json("entries", sheet, cycle, "--dry-run")
    assert code == 1 and _found(document) == {("R203", 2, 3), ("R207", 2, 5), ("S103", 3, 7)}, document["diagnostics"]
    messages = {d["code"]: d["message"] for d in document["diagnostics"]}
    assert "did you mean 'climate' (Climate and environment)?" in messages["R203"]
    assert "did you mean 'city'" in messages["R207"]


def test_scores_judges_by_name_and_entries_rounds_criteria_by_title(cycle: Path, tmp_path: Path) -> None:
    assert run("import", "entries", MESSY / "applications.csv", cycle, *EXTRA, "--map-values", MESSY / "values.yaml").exit_code == 0
    sheet = _sheet(tmp_path, "Judge,Entry,Round,Criterion,Mark\n"
                             "Claire Dubois,Lyon cycle lanes for all,Shortlist,Impact,8\n"
                             "claire,lyon-cycle-lanes-for-all,shortlist,design,7\n"
                             "ZOË ÅNGSTRÖM,Seoul clean air sensors,Shortlist,Design,6\n"
                             "zoe angstrom,Seoul clean air sensors,shortlist,impact,6.5\n", "marks.csv")
    code, document = _json("scores", sheet, cycle)
    assert code == 0, document["diagnostics"]
    claire = yaml.safe_load((cycle / "scores" / "shortlist" / "claire.yaml").read_text(encoding="utf-8"))
    assert claire["judge"] == "claire" and claire["scores"] == {"lyon-cycle-lanes-for-all": {"impact": 8, "design": 7}}
    zoe = yaml.safe_load((cycle / "scores" / "shortlist" / "zoe.yaml").read_text(encoding="utf-8"))
    assert zoe["scores"] == {"seoul-clean-air-sensors": {"design": 6, "impact": 6.5}}
    assert any(n["text"] == "'Claire Dubois' read as 'claire' (1 row)" and n["column"] == 1 for n in document["notes"])


def test_an_unknown_judge_name_or_entry_title_is_I705_at_its_cell(cycle: Path, tmp_path: Path) -> None:
    assert run("import", "entries", MESSY / "applications.csv", cycle, *EXTRA, "--map-values", MESSY / "values.yaml").exit_code == 0
    sheet = _sheet(tmp_path, "Judge,Entry,Round,Criterion,Mark\n"
                             "Claire Dubios,Lyon cycle lanes for all,Shortlist,Impact,8\n"
                             "claire,Seoul clean air sensor,Shortlist,Impact,8\n"
                             "claire,Leeds school streets,Semi-final,Impact,8\n", "marks.csv")
    code, document = _json("scores", sheet, cycle, "--dry-run")
    assert code == 1 and _found(document) == {("I705", 2, 1), ("I705", 3, 2), ("I705", 4, 3)}, document["diagnostics"]
    messages = {(d["line"], d["column"]): d["message"] for d in document["diagnostics"]}
    assert "did you mean 'claire' (Claire Dubois)?" in messages[(2, 1)]
    assert "did you mean 'seoul-clean-air-sensors'" in messages[(3, 2)]
    assert "'final' (Final jury)" in messages[(4, 3)]


def test_map_values_misuse_exits_2(cycle: Path, tmp_path: Path) -> None:
    sheet = MESSY / "applications.csv"
    bad_target = _sheet(tmp_path, "Category:\n  Climate & Environment: climat-env\n", "bad.yaml")
    result = run("import", "entries", sheet, cycle, *EXTRA, "--map-values", bad_target)
    assert result.exit_code == 2 and "bad.yaml:2:" in result.output and "did you mean 'climate'" in result.output
    unknown_column = _sheet(tmp_path, "Theme:\n  Climate & Environment: climate\n", "unknown.yaml")
    result = run("import", "entries", sheet, cycle, *EXTRA, "--map-values", unknown_column)
    assert result.exit_code == 2 and "'Theme'" in result.output
    not_read = _sheet(tmp_path, "Project title:\n  A: B\n", "title.yaml")
    assert run("import", "entries", sheet, cycle, *EXTRA, "--map-values", not_read).exit_code == 2
    not_a_map = _sheet(tmp_path, "- Category\n", "list.yaml")
    assert run("import", "entries", sheet, cycle, *EXTRA, "--map-values", not_a_map).exit_code == 2
    assert run("import", "entries", sheet, cycle, *EXTRA, "--map-values", tmp_path / "none.yaml").exit_code == 2
    twice = _sheet(tmp_path, "Category:\n  Climate: climate\n  CLIMATE: mobility\n", "twice.yaml")
    assert run("import", "entries", sheet, cycle, *EXTRA, "--map-values", twice).exit_code == 2
    assert not list((cycle / "entries").glob("*.yaml"))


def test_map_values_by_field_name_and_loose_header(cycle: Path, tmp_path: Path) -> None:
    values = _sheet(tmp_path, "entrant.country:\n  The Netherlands: NL\ncategory:\n  climate & environment: Climate and environment\n",
                    "values.yaml")
    code, document = _json("entries", MESSY / "applications.csv", cycle, *EXTRA, "--map-values", values, "--dry-run")
    assert code == 0, document["diagnostics"]


def test_the_same_sheet_gives_the_same_files_and_output(tmp_path: Path) -> None:
    outputs = []
    for copy in ("one", "two"):
        root = tmp_path / copy
        shutil.copytree(MESSY / "cycle", root)
        result = run("import", "entries", MESSY / "applications.xlsx", root, *EXTRA, "--map-values", MESSY / "values.yaml",
                     "--format", "json")
        assert result.exit_code == 0
        files = {p.name: p.read_bytes() for p in sorted((root / "entries").glob("*.yaml"))}
        outputs.append((result.stdout.replace(str(root), "ROOT"), files))
    assert outputs[0] == outputs[1]


HOSTILE = "\x1b[2J\x1b]0;owned\x07=HYPERLINK(\"http://evil.example\",\"x\")\u202egnp.exe"


def test_a_hostile_value_is_reported_safely_and_never_written(cycle: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER.strip().split(","))
    writer.writerows([["A", "project", HOSTILE, "Org", "city", "Lyon", "FR", "2026-02-02"],
                      ["B", "project", "climate", "Org", HOSTILE, "Lyon", HOSTILE, "2026-02-02"],
                      ["C", "project", "climate", "Org", "city", "Lyon", "FR", "2026-02-02"]])
    sheet = _sheet(tmp_path, out.getvalue())
    code, document = _json("entries", sheet, cycle, "--dry-run", "--skip-bad")
    assert _found(document) == {("I705", 2, 3), ("I705", 3, 5), ("I705", 3, 7)}
    result = run("import", "entries", sheet, cycle, "--skip-bad")
    assert result.exit_code == 1
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in result.output
    written = sorted(p.name for p in (cycle / "entries").glob("*.yaml"))
    assert written == ["lyon-c.yaml"]
    text = (cycle / "entries" / "lyon-c.yaml").read_text(encoding="utf-8")
    assert "HYPERLINK" not in text and yaml.safe_load(text)["category"] == "climate"


def test_a_name_two_judges_share_is_not_guessed(cycle: Path, tmp_path: Path) -> None:
    judges = cycle / "judges.yaml"
    judges.write_text(judges.read_text(encoding="utf-8") + 'ana2:\n  name: "Ana Reyes"\n  country: ES\n', encoding="utf-8")
    assert run("import", "entries", MESSY / "applications.csv", cycle, *EXTRA, "--map-values", MESSY / "values.yaml").exit_code == 0
    sheet = _sheet(tmp_path, "Judge,Entry,Round,Criterion,Mark\nAna Reyes,lyon-cycle-lanes-for-all,shortlist,impact,8\n", "marks.csv")
    code, document = _json("scores", sheet, cycle, "--dry-run")
    assert code == 1 and _found(document) == {("I705", 2, 1)}
    assert "'ana' (Ana Reyes) or 'ana2' (Ana Reyes)" in document["diagnostics"][0]["message"]


def test_a_value_map_for_a_column_mapped_with_map(cycle: Path, tmp_path: Path) -> None:
    """--map-values names a column by its header, whatever field --map makes of it; the cycle value
    may be a title (read as its id)."""
    sheet = _sheet(tmp_path, "Title,Programme,Theme,Applicant,Type,City,Country,Submitted\n"
                             "Bikes,P1,Green,Org,city,Lyon,FR,2026-02-02\n")
    values = _sheet(tmp_path, "Programme: {P1: Project awards}\nTheme: {Green: Climate and environment}\n", "values.yaml")
    code, document = _json("entries", sheet, cycle, "--map", "Programme=call", "--map", "Theme=category", "--map-values", values)
    assert code == 0, document["diagnostics"]
    assert _entry(cycle, "lyon-bikes")["category"] == "climate"
    assert {n["text"] for n in document["notes"] if n["column"] == 2} == {"'P1' read as 'project' by --map-values (1 row)"}
