"""`smartaward import`, issue 15 part 2: marks and dates as organisers' locales write them. A decimal
comma (`--decimal ,`, or detected per column when every decimal of the column agrees), day-first
dates (`--day-first`, `--date-format`, or detected when some date can only be read one way); what
was decided is said in the plan's notes, and what cannot be decided is a problem at its cell."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run

MESSY = Path(__file__).parent / "fixtures" / "messy"
BASE = Path(__file__).parent / "cases" / "base"


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """The messy fixtures' cycle with the 30 applications imported (so that marks have entries)."""
    root = tmp_path / "messy"
    shutil.copytree(MESSY / "cycle", root)
    result = run("import", "entries", MESSY / "applications.csv", root, "--map-values", MESSY / "values.yaml", "-q")
    assert result.exit_code == 0, result.output
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
    return result.exit_code, json.loads(result.stdout)


def _found(document: dict[str, Any], severity: str = "error") -> set[tuple[str, int, int]]:
    return {(d["code"], d["line"], d["column"]) for d in document["diagnostics"] if d["severity"] == severity}


def _notes(document: dict[str, Any], topic: str) -> list[dict[str, Any]]:
    return [n for n in document["notes"] if n["topic"] == topic]


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- decimal marks --------------------------------------------------------------------------------


def test_a_column_of_decimal_commas_is_detected_said_and_imported(messy: Path) -> None:
    code, document = _json("scores", MESSY / "marks-long.csv", messy, "--round", "shortlist", "--dry-run")
    assert code == 0, document["diagnostics"]
    [note] = _notes(document, "decimal")
    assert (note["column"], note["header"]) == (4, "Score") and "'7,5' is 7.5" in note["text"] and "detected" in note["text"]
    result = run("import", "scores", MESSY / "marks-long.csv", messy, "--round", "shortlist")
    assert result.exit_code == 0, result.output
    assert "note: column 'Score' (4): marks read with a decimal comma" in result.stdout
    claire = yaml.safe_load((messy / "scores" / "shortlist" / "claire.yaml").read_text(encoding="utf-8"))
    assert claire["scores"]["lyon-cycle-lanes-for-all"] == {"design": 7.5, "impact": 8}
    assert claire["comments"] == {"lyon-cycle-lanes-for-all": "Clear plan, thin budget.", "seoul-clean-air-sensors": "Strong evidence of uptake."}
    zoe = yaml.safe_load((messy / "scores" / "shortlist" / "zoe.yaml").read_text(encoding="utf-8"))
    assert zoe["scores"]["seoul-clean-air-sensors"] == {"design": 9, "impact": 8.5}
    validated = run("validate", messy, "--format", "json")
    assert not [d for d in json.loads(validated.stdout)["diagnostics"] if d["severity"] == "error"]


def test_decimal_point_keeps_commas_as_problems_with_the_hint(messy: Path) -> None:
    code, document = _json("scores", MESSY / "marks-long.csv", messy, "--round", "shortlist", "--decimal", ".")
    assert code == 1
    assert _found(document) == {("M303", row, 4) for row in (2, 4, 6, 7, 9)}
    [note] = _notes(document, "decimal")  # an explicit option is said too
    assert "--decimal ." in note["text"]
    message = next(d["message"] for d in document["diagnostics"] if d["line"] == 2)
    assert "write 7.5" in message and "--decimal ." in message


def test_a_column_mixing_commas_and_points_reports_each_comma_with_a_hint(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "mixed.csv", "judge;entry;criterion;mark\nj01;seoul-air;design;7,5\nj01;seoul-air;impact;8.5\n"
                                          "j02;seoul-air;design;6\nj02;seoul-air;impact;6,5\n")
    code, document = _json("scores", sheet, base, "--dry-run")
    assert code == 1 and _found(document) == {("M303", 2, 4), ("M303", 5, 4)}
    assert not _notes(document, "decimal")
    assert all("or use --decimal ," in d["message"] for d in document["diagnostics"])
    code, document = _json("scores", sheet, base, "--dry-run", "--decimal", ",")
    assert code == 1 and _found(document) == {("I702", 3, 4)}  # with --decimal , the point of 8.5 is the problem (issue 15, G3)
    [note] = _notes(document, "decimal")
    assert "--decimal ," in note["text"] and "(2 cells)" in note["text"]


def test_a_value_that_may_be_a_thousand_keeps_the_column_from_detection(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "marks.csv", "judge;entry;design;impact\nj01;seoul-air;7,5;1,000\n")
    code, document = _json("scores", sheet, base, "--dry-run")
    assert code == 1 and _found(document) == {("M303", 2, 4)}  # 'design' alone: read as 7.5 (detected)
    assert [n["header"] for n in _notes(document, "decimal")] == ["design"]


def test_wide_form_columns_are_detected_each_on_their_own(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "wide.csv", "judge;entry;design;impact\nj01;seoul-air;7,5;8\nj01;oslo-bikes;6;8,5\n")
    code, document = _json("scores", sheet, base)
    assert code == 0, document["diagnostics"]
    assert [n["header"] for n in _notes(document, "decimal")] == ["design", "impact"]
    sheet_yaml = yaml.safe_load((base / "scores" / "j01.yaml").read_text(encoding="utf-8"))
    assert sheet_yaml["scores"] == {"seoul-air": {"design": 7.5, "impact": 8}, "oslo-bikes": {"design": 6, "impact": 8.5}}


def test_a_number_cell_is_a_number_whatever_the_text_cells_say(base: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Judge", "Entry", "Criterion", "Score"])
    for row in (["j01", "seoul-air", "design", 7.5], ["j01", "seoul-air", "impact", "8,5"]):
        sheet.append(row)
    path = tmp_path / "marks.xlsx"
    book.save(path)
    code, document = _json("scores", path, base)
    assert code == 0, document["diagnostics"]
    assert yaml.safe_load((base / "scores" / "j01.yaml").read_text(encoding="utf-8"))["scores"]["seoul-air"] == {"design": 7.5, "impact": 8.5}


def test_a_bad_decimal_option_is_misuse(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "marks.csv", "judge;entry;design;impact\nj01;seoul-air;7;8\n")
    assert run("import", "scores", sheet, base, "--decimal", ";").exit_code == 2


# --- dates ----------------------------------------------------------------------------------------


def test_day_first_dates_are_detected_when_one_can_only_be_day_first(tmp_path: Path) -> None:
    root = tmp_path / "messy"
    shutil.copytree(MESSY / "cycle", root)
    code, document = _json("entries", MESSY / "applications-eu.csv", root)
    assert code == 0, document["diagnostics"]
    [note] = _notes(document, "dates")
    assert note["header"] == "Submitted" and "day-first" in note["text"] and "'03/02/2026 10:00' is 2026-02-03" in note["text"]
    assert "time of day is not kept" in note["text"]
    entry = yaml.safe_load((root / "entries" / "lyon-night-trams.yaml").read_text(encoding="utf-8"))
    assert str(entry["submitted"]) == "2026-02-03"
    assert str(yaml.safe_load((root / "entries" / "lille-open-data-portal.yaml").read_text(encoding="utf-8"))["submitted"]) == "2026-03-01"


HEADER = "Entry ID;Call;Category;Title;Entrant name;Entrant type;Entrant country;Submitted\n"


def _dated(tmp_path: Path, *dates: str) -> Path:
    rows = "".join(f"e{i};project;people;Title {i};Entrant {i};city;NO;{d}\n" for i, d in enumerate(dates, start=1))
    return _csv(tmp_path / "dates.csv", HEADER + rows)


def test_ambiguous_dates_are_problems_at_their_cells_until_the_organiser_says(base: Path, tmp_path: Path) -> None:
    sheet = _dated(tmp_path, "03/02/2025 10:00", "05/05/2025", "06/01/2025")
    code, document = _json("entries", sheet, base, "--dry-run")
    assert code == 1 and _found(document) == {("I702", 2, 8), ("I702", 4, 8)}  # 05/05 reads the same either way
    assert all("--day-first" in d["message"] and "--date-format" in d["message"] for d in document["diagnostics"])
    assert sum("I702" in d["code"] for d in document["diagnostics"]) == 2  # not also S103 (an invalid date)

    code, document = _json("entries", sheet, base, "--day-first")
    assert code == 0, document["diagnostics"]
    assert "'03/02/2025 10:00' is 2025-02-03" in _notes(document, "dates")[0]["text"]
    assert "submitted: 2025-01-06" in (base / "entries" / "e3.yaml").read_text(encoding="utf-8")


def test_date_format_reads_month_first_and_reports_what_it_does_not_read(base: Path, tmp_path: Path) -> None:
    sheet = _dated(tmp_path, "03/02/2025 10:00", "06/01/2025", "2025-06-07", "7 June 2025")
    code, document = _json("entries", sheet, base, "--date-format", "%m/%d/%Y %H:%M", "--dry-run")
    assert code == 1 and _found(document) == {("I702", 5, 8)}
    assert "--date-format" in document["diagnostics"][0]["message"]
    code, document = _json("entries", sheet, base, "--date-format", "%m/%d/%Y %H:%M", "--skip-bad")
    assert "submitted: 2025-03-02" in (base / "entries" / "e1.yaml").read_text(encoding="utf-8")
    assert "submitted: 2025-06-01" in (base / "entries" / "e2.yaml").read_text(encoding="utf-8")  # the date alone, too
    assert "submitted: 2025-06-07" in (base / "entries" / "e3.yaml").read_text(encoding="utf-8")  # ISO, always


def test_dates_both_ways_in_one_column_are_problems(base: Path, tmp_path: Path) -> None:
    sheet = _dated(tmp_path, "25/01/2025", "01/25/2025", "02/03/2025")
    code, document = _json("entries", sheet, base, "--dry-run")
    assert code == 1 and _found(document) == {("I702", 2, 8), ("I702", 3, 8), ("I702", 4, 8)}


@pytest.mark.parametrize("options", [["--date-format", "%H:%M"], ["--date-format", "%d/%m"], ["--day-first", "--date-format", "%d/%m/%Y"]])
def test_date_options_that_read_no_date_are_misuse(options: list[str], base: Path, tmp_path: Path) -> None:
    result = run("import", "entries", _dated(tmp_path, "03/02/2025"), base, *options)
    assert result.exit_code == 2, result.output
