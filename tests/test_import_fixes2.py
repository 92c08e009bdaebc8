"""`smartaward import`, issue 15: what the hostile (G) and newcomer (NEW) testers found in the
import's options and messages — an explicit `--decimal ,` that read points silently, a criterion
column or `--round` given by its title, hints in the words of the command line, "did you mean" for
`--map`, options that do not apply, `-q`, dates and marks at their edges, `--map-values` files
that are not regular files or are too big."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import run

MESSY = Path(__file__).parent / "fixtures" / "messy"
BASE = Path(__file__).parent / "cases" / "base"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The messy fixtures' cycle with the 30 applications imported (so that marks have entries);
    copied for each test that writes (`messy`)."""
    root = tmp_path_factory.mktemp("fixes2") / "messy"
    shutil.copytree(MESSY / "cycle", root)
    result = run("import", "entries", MESSY / "applications.csv", root, "--map-values", MESSY / "values.yaml", "-q")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def messy(imported: Path, tmp_path: Path) -> Path:
    root = tmp_path / "messy"
    shutil.copytree(imported, root)
    return root


@pytest.fixture
def base(tmp_path: Path) -> Path:
    root = tmp_path / "base"
    shutil.copytree(BASE, root)
    for sheet in (root / "scores").glob("*.yaml"):
        sheet.unlink()
    return root


def _json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = run("import", *args, "--format", "json")
    assert result.stdout.strip(), result.output
    return result.exit_code, json.loads(result.stdout)


def _found(document: dict[str, Any], severity: str = "error") -> set[tuple[str, int, int]]:
    return {(d["code"], d["line"], d["column"]) for d in document["diagnostics"] if d["severity"] == severity}


def _notes(document: dict[str, Any], topic: str) -> list[dict[str, Any]]:
    return [n for n in document["notes"] if n["topic"] == topic]


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- 1. an explicit --decimal , (G3) ----------------------------------------------------------------

def test_explicit_decimal_comma_makes_a_point_a_problem_at_its_cell(messy: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "d2.csv", "Judge,Entry,Criterion,Score,Round\n"
                                      "claire,lyon-cycle-lanes-for-all,design,7.5,shortlist\n"
                                      "claire,lyon-cycle-lanes-for-all,impact,\"1.000\",shortlist\n"
                                      "claire,seoul-clean-air-sensors,design,\"6,5\",shortlist\n")
    code, document = _json("scores", sheet, messy, "--decimal", ",", "--dry-run")
    assert code == 1
    assert _found(document) == {("I702", 2, 4), ("I702", 3, 4)}
    messages = {d["line"]: d["message"] for d in document["diagnostics"]}
    assert "write 7,5" in messages[2] and "--decimal ." in messages[2]
    assert "1000" in messages[3]  # may be a thousand
    [note] = _notes(document, "decimal")
    assert "--decimal ," in note["text"] and "'6,5' is 6.5" in note["text"]


def test_an_explicit_decimal_option_is_said_even_when_it_changes_nothing(messy: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "plain.csv", "Judge,Entry,Criterion,Score,Round\nclaire,lyon-cycle-lanes-for-all,design,7,shortlist\n")
    code, document = _json("scores", sheet, messy, "--decimal", ",", "--dry-run")
    assert code == 0, document["diagnostics"]
    [note] = _notes(document, "decimal")
    assert "--decimal ," in note["text"]


# --- 2. criteria and rounds by their titles (NEW2, NEW5) -------------------------------------------

def test_a_criterion_column_headed_by_its_title_is_that_criterion(messy: Path, tmp_path: Path) -> None:
    cycle = messy / "cycle.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8").replace('design: {title: "Design"', 'design: {title: "Qualité de la conception"'),
                     encoding="utf-8")
    sheet = _csv(tmp_path / "wide.csv", "Judge,Entry,QUALITE DE LA CONCEPTION,Impact\nclaire,lyon-cycle-lanes-for-all,7,8\n")
    code, document = _json("scores", sheet, messy, "--round", "shortlist", "--dry-run")
    assert code == 0, document["diagnostics"]
    [note] = _notes(document, "columns")
    assert (note["column"], note["header"]) == (3, "QUALITE DE LA CONCEPTION") and "'design'" in note["text"]


@pytest.mark.parametrize("given", ["Final", "FINAL JURY", "final"])
def test_round_by_id_or_title(messy: Path, given: str) -> None:
    code, document = _json("scores", MESSY / "marks-long.csv", messy, "--round", given, "--dry-run")
    assert code == 0, document["diagnostics"]
    assert all("/final/" in f["file"] for f in document["files"])


def test_an_unknown_round_title_is_misuse_with_the_nearest(messy: Path) -> None:
    result = run("import", "scores", MESSY / "marks-long.csv", messy, "--round", "Finale", "--dry-run")
    assert result.exit_code == 2
    assert "did you mean 'final'" in result.output


# --- 5. options that do not apply ------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "options"), [("entries", ["--decimal", ","]), ("scores", ["--day-first"]),
                                               ("scores", ["--date-format", "%d/%m/%Y"])])
def test_a_locale_option_for_values_the_sheet_has_none_of_is_misuse(base: Path, tmp_path: Path, kind: str, options: list[str]) -> None:
    sheet = _csv(tmp_path / "s.csv", "judge,entry,criterion,mark\nj01,seoul-air,design,7\n")
    result = run("import", kind, sheet, base, *options, "--dry-run")
    assert result.exit_code == 2
    assert options[0] in result.output


# --- 3. hints in the words of the command line (NEW6, NEW7, G7) ----------------------------------

def test_a_sheet_without_its_round_is_told_to_give_round(messy: Path) -> None:
    code, document = _json("scores", MESSY / "marks-long.csv", messy, "--dry-run")
    assert code == 1
    j409 = [d for d in document["diagnostics"] if d["code"] == "J409"]
    assert j409 and all("--round" in d["message"] and "round: ..." not in d["message"] for d in j409)


def test_one_tab_without_a_judge_column_points_to_all_sheets(messy: Path, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "Claire Dubois"
    first.append(["Entry", "Criterion", "Score"])
    first.append(["lyon-cycle-lanes-for-all", "design", 7])
    second = book.create_sheet("Zoé")
    second.append(["Entry", "Criterion", "Score"])
    second.append(["lyon-cycle-lanes-for-all", "design", 8])
    path = tmp_path / "tabs.xlsx"
    book.save(path)
    code, document = _json("scores", path, messy, "--round", "shortlist", "--dry-run")
    assert code == 1 and ("I701", 1, 1) in _found(document)
    [message] = [d["message"] for d in document["diagnostics"] if "no column for judge" in d["message"]]
    assert "--all-sheets" in message and "'Zoé'" in message


def test_bad_rows_of_several_tabs_name_their_tabs() -> None:
    from io import StringIO

    from smartaward.importing import Plan, Table
    from smartaward.importing.outcome import ImportOutcome
    from smartaward.render.imports import write_import

    plan = Plan("scores", Table("marks.xlsx", "marks.xlsx"), [], [], 9, [2, 2, 3], True,
                bad_by_tab=[("Claire", [2, 3]), ("Zoe", [2])])
    out = StringIO()
    write_import(out, ImportOutcome(plan, True, 0))
    assert "3 bad rows (tab 'Claire': 2, 3; tab 'Zoe': 2)" in out.getvalue()


# --- 4. did you mean, for --map (NEW11) -----------------------------------------------------------

def test_an_unknown_map_target_suggests_the_nearest_field(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "e.csv", "Project title,Applicant\nA,B\n")
    result = run("import", "entries", sheet, base, "--map", "Project title=titel", "--dry-run")
    assert result.exit_code == 2 and "did you mean 'title'?" in result.output


def test_a_map_of_a_column_the_header_lacks_names_it_as_written_with_the_nearest(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "e.csv", "Project title,Applicant\nA,B\n")
    code, document = _json("entries", sheet, base, "--map", "Projet Title=title", "--dry-run")
    assert code == 1
    [message] = [d["message"] for d in document["diagnostics"] if "--map names" in d["message"]]
    assert "'Projet Title'" in message and "did you mean 'Project title'?" in message


# --- 5. --set's own words -------------------------------------------------------------------------

def test_a_set_value_on_two_lines_is_misuse(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "e.csv", "Title,Applicant\nA,B\n")
    result = run("import", "entries", sheet, base, "--set", "entrant.city=x\ny: z", "--dry-run")
    assert result.exit_code == 2 and "U+000A" in result.output


def test_mapping_target_speaks_of_set_when_asked() -> None:
    from smartaward.importing import ImportMisuse, mapping_target

    with pytest.raises(ImportMisuse, match=r"--set call=\.\.\.: 'call' is no field of a judge; did you mean 'calls'\?"):
        mapping_target("judges", "call", option="--set")


# --- 6. -q and --format's help (NEW10) -------------------------------------------------------------

def test_import_help_lists_every_format_and_says_what_quiet_keeps() -> None:
    result = run("import", "--help", env={"COLUMNS": "200"})
    assert "Output format: text, json or md" in result.output
    assert "only the problems" in result.output


def test_quiet_keeps_problems_and_drops_notes_and_summary(messy: Path) -> None:
    result = run("import", "scores", MESSY / "marks-long.csv", messy, "--dry-run", "-q")
    assert result.exit_code == 1
    assert "J409" in result.output and "note:" not in result.output and "rows read" not in result.output


# --- 7. dates and marks at their edges (G7) ------------------------------------------------------

ENTRIES = "Project title,Category,Applicant,Type,Country,Submitted\n"


def test_a_date_that_does_not_exist_is_i702_with_day_first_as_with_a_format(messy: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "d.csv", ENTRIES + "P1,climate,X1,city,FR,31/02/2026\nP2,climate,X2,city,FR,03/02/2026\n")
    for options in (["--day-first"], ["--date-format", "%d/%m/%Y"]):
        code, document = _json("entries", sheet, messy, *options, "--dry-run")
        assert code == 1 and _found(document) == {("I702", 2, 6)}, options


def test_a_format_with_a_zone_is_accepted(messy: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "z.csv", ENTRIES + "P1,climate,X1,city,FR,03/02/2026 10:00 +0100\n")
    code, document = _json("entries", sheet, messy, "--date-format", "%d/%m/%Y %H:%M %z", "--dry-run")
    assert code == 0, document["diagnostics"]


def test_an_iso_time_and_offset_not_kept_are_said(messy: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "t.csv", ENTRIES + "P1,climate,X1,city,FR,2026-02-03T23:30:00-10:00\n")
    code, document = _json("entries", sheet, messy, "--dry-run")
    assert code == 0, document["diagnostics"]
    [note] = _notes(document, "dates")
    assert "'2026-02-03T23:30:00-10:00' is 2026-02-03" in note["text"] and "time zone" in note["text"]


def test_arabic_digits_with_a_comma_are_not_said_to_be_read(messy: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "a.csv", "Judge,Entry,Criterion,Score,Round\nclaire,lyon-cycle-lanes-for-all,design,\u0663,\u0665,shortlist\n"
                 .replace("\u0663,\u0665", "\"\u0663,\u0665\""))
    code, document = _json("scores", sheet, messy, "--dry-run")
    assert code == 1 and ("M303", 2, 4) in _found(document)
    assert not _notes(document, "decimal")


def test_a_float_the_step_check_refuses_is_shown_as_the_cell_holds_it(messy: Path, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Judge", "Entry", "Criterion", "Score", "Round"])
    book.active.append(["claire", "lyon-cycle-lanes-for-all", "design", 7.4999999, "shortlist"])
    path = tmp_path / "f.xlsx"
    book.save(path)
    code, document = _json("scores", path, messy, "--dry-run")
    [d] = [d for d in document["diagnostics"] if d["code"] == "M302"]
    assert (d["line"], d["column"]) == (2, 4) and "7.4999999" in d["message"]


# --- 8. option files: regular and small ----------------------------------------------------------

@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
@pytest.mark.parametrize("option", ["--map-values", "--mapping"])
def test_an_option_file_that_is_a_device_is_said_to_be_one(base: Path, tmp_path: Path, option: str) -> None:
    sheet = _csv(tmp_path / "e.csv", "Title,Applicant\nA,B\n")
    result = run("import", "entries", sheet, base, option, "/dev/null", "--dry-run")
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_a_value_map_over_the_limit_is_not_read(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "e.csv", "Title,Applicant\nA,B\n")
    huge = tmp_path / "huge.yaml"
    huge.write_text("Category:\n" + "".join(f"  v{i}: people\n" for i in range(120_000)), encoding="utf-8")
    result = run("import", "entries", sheet, base, "--map-values", huge, "--dry-run")
    assert result.exit_code == 2 and "over the limit of 1 MB" in result.output
