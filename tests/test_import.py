"""`smartaward import entries|scores`: spreadsheets (CSV, XLSX) → cycle files, every row checked
against the whole cycle, problems at their spreadsheet row and column, nothing written while a row
is bad (unless --skip-bad), nothing written over (unless --force)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from smartaward.cli.app import app
from smartaward.codedocs import all_docs
from smartaward.importing import quoted, scalar
from smartaward.reading.load import load_cycle

BASE = Path(__file__).parent / "cases" / "base"
FIXTURES = Path(__file__).parent / "fixtures" / "import"
HEADER = ["Entry ID", "Call", "Category", "Project title", "Entrant name", "Entrant type", "Entrant city",
          "Entrant country", "Submitted", "Summary"]

# The five bad rows of the 1,000-row sheet (spreadsheet rows: the header is row 1), each with the
# one problem it has: (code, row, column).
BAD = {
    101: ("R203", 3),  # a category the call does not have
    202: ("S103", 8),  # a country that is no ISO code
    303: ("S103", 9),  # a date that does not exist
    404: ("R201", 1),  # the id of row 2 again
    505: ("S103", 4),  # an empty title
}


def _rows(n: int = 1000, bad: bool = True) -> list[list[Any]]:
    rows = []
    for row in range(2, n + 2):
        rows.append([f"entry-{row:04d}", "project", "people", f"Project number {row}", f"Entrant {row}",
                     "company" if row % 3 else "city", "Bergen", ["NO", "KR", "PH"][row % 3],
                     f"2025-06-{row % 28 + 1:02d}", f"Summary of project {row}"])
    if not bad:
        return rows
    rows[101 - 2][2] = "no-such-category"
    rows[202 - 2][7] = "XX"
    rows[303 - 2][8] = "2025-02-30"
    rows[404 - 2][0] = "entry-0002"
    rows[505 - 2][3] = ""
    return rows


def _csv(path: Path, header: list[str], rows: list[list[Any]], delimiter: str = ",") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _xlsx(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Applications"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def cycle(tmp_path: Path) -> Path:
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    return root


def _import(*args: str | Path) -> Any:
    result = CliRunner().invoke(app, ["import", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def _json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = _import(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def _found(document: dict[str, Any], severity: str = "error") -> set[tuple[str, int, int]]:
    return {(d["code"], d["line"], d["column"]) for d in document["diagnostics"] if d["severity"] == severity}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _validate(root: Path) -> Any:
    return CliRunner().invoke(app, ["validate", str(root), "--format", "json"])


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_1000_rows_with_5_bad_ones_reports_exactly_those_and_writes_nothing(kind: str, cycle: Path, tmp_path: Path) -> None:
    sheet = (_csv if kind == "csv" else _xlsx)(tmp_path / f"applications.{kind}", HEADER, _rows())
    before = _files(cycle)
    started = time.perf_counter()
    code, document = _json("entries", sheet, "--cycle", cycle)
    elapsed = time.perf_counter() - started
    print(f"import of 1,000 {kind} rows: {elapsed:.2f} s")
    assert code == 1
    assert _found(document) == {(c, row, column) for row, (c, column) in BAD.items()}
    assert {d["file"] for d in document["diagnostics"]} == {str(sheet)}
    assert document["bad_rows"] == sorted(BAD) and document["summary"]["rows"] == 1000
    assert document["files"] == [] and document["summary"]["written"] == 0 and document["status"] == "error"
    assert _files(cycle) == before
    assert elapsed < 20  # about 1 s on a laptop; generous for a loaded CI machine

    text = _import("entries", sheet, "--cycle", cycle)
    for row, (c, column) in BAD.items():
        assert f"{sheet}:{row}:{column}: error {c} column {HEADER[column - 1]!r}" in text.stdout


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_skip_bad_writes_the_995_good_rows_and_the_cycle_validates(kind: str, cycle: Path, tmp_path: Path) -> None:
    sheet = (_csv if kind == "csv" else _xlsx)(tmp_path / f"applications.{kind}", HEADER, _rows())
    code, document = _json("entries", sheet, "--cycle", cycle, "--skip-bad")
    assert code == 1  # the bad rows are still problems
    assert _found(document) == {(c, row, column) for row, (c, column) in BAD.items()}
    assert document["summary"]["written"] == 995 == len(document["files"])
    written = sorted((cycle / "entries").glob("entry-*.yaml"))
    assert len(written) == 995
    assert not (cycle / "entries" / "entry-0101.yaml").exists() and (cycle / "entries" / "entry-0002.yaml").exists()
    assert not list(cycle.rglob(".*.tmp"))
    result = _validate(cycle)
    assert result.exit_code == 0, result.stdout
    assert {d["code"] for d in json.loads(result.stdout)["diagnostics"]} <= {"J404"}  # no marks yet


def test_clean_sheet_writes_entries_like_the_samples(cycle: Path, tmp_path: Path) -> None:
    rows = [["bergen-ferries", "project", "people", "Harbour ferries", "Bergen kommune", "city", "Bergen", "NO", "2025-06-10",
             "Two lines,\nand \"quotes\""]]
    sheet = _csv(tmp_path / "new.csv", HEADER, rows)
    result = _import("entries", sheet, "--cycle", cycle)
    assert result.exit_code == 0, result.stdout
    assert (cycle / "entries" / "bergen-ferries.yaml").read_text(encoding="utf-8") == """\
# Imported by smartaward from new.csv, row 2
id: bergen-ferries
call: project
category: people
title: "Harbour ferries"
entrant:
  name: "Bergen kommune"
  type: city
  city: "Bergen"
  country: "NO"
submitted: 2025-06-10
summary: "Two lines,\\nand \\"quotes\\""
"""
    assert "wrote 1 file" in result.stdout
    assert _validate(cycle).exit_code == 0


def test_dry_run_writes_nothing_and_lists_the_files(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "a.csv", HEADER, _rows(20, bad=False))
    before = _files(cycle)
    result = _import("entries", sheet, "--cycle", cycle, "--dry-run")
    assert result.exit_code == 0, result.stdout
    assert _files(cycle) == before
    listed = [line for line in result.stdout.splitlines() if line.startswith("would ")]
    assert listed == [f"would create {cycle.as_posix()}/entries/entry-{row:04d}.yaml" for row in range(2, 22)]
    code, document = _json("entries", sheet, "--cycle", cycle, "--dry-run")
    assert code == 0 and document["dry_run"] and len(document["files"]) == 20 and document["summary"]["written"] == 0
    assert _files(cycle) == before


def test_an_existing_file_is_not_overwritten_without_force(cycle: Path, tmp_path: Path) -> None:
    rows = [["oslo-bikes", "project", "people", "City bikes, renewed", "City of Oslo", "city", "Oslo", "NO", "2025-06-01", ""],
            ["new-one", "project", "people", "Something new", "City of Oslo", "city", "Oslo", "NO", "2025-06-01", ""]]
    sheet = _csv(tmp_path / "a.csv", HEADER, rows)
    before = _files(cycle)
    code, document = _json("entries", sheet, "--cycle", cycle)
    assert code == 1
    assert _found(document) == {("I703", 2, 1)}  # not also R201: the file is the entry itself
    assert _files(cycle) == before

    code, document = _json("entries", sheet, "--cycle", cycle, "--force")
    assert code == 0, document
    assert [f["action"] for f in document["files"]] == ["overwrite", "create"]
    assert "City bikes, renewed" in (cycle / "entries" / "oslo-bikes.yaml").read_text(encoding="utf-8")
    assert not list(cycle.rglob(".*.tmp"))  # replaced through a temporary file, none left over
    assert _validate(cycle).exit_code == 0


def test_force_replaces_atomically(cycle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Path, list[str]]] = []
    import smartaward.writing.staging as staging

    real = staging.write_all

    def spy(folder: Path, files: dict[str, bytes], **options: Any) -> None:
        calls.append((folder, list(files)))
        real(folder, files, **options)

    monkeypatch.setattr(staging, "write_all", spy)
    sheet = _csv(tmp_path / "a.csv", HEADER, [["oslo-bikes", "project", "people", "Renewed", "City of Oslo", "city", "Oslo", "NO", "2025-06-01", ""]])
    assert _import("entries", sheet, "--cycle", cycle, "--force").exit_code == 0
    assert calls == [(cycle, ["entries/oslo-bikes.yaml"])]  # staged in the cycle folder, then moved into place


def test_a_duplicate_id_against_an_entry_in_another_file(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "a.csv", HEADER, [["seoul-air", "project", "people", "Again", "Airco Ltd", "company", "Seoul", "KR", "2025-06-01", ""]])
    code, document = _json("entries", sheet, "--cycle", cycle)
    assert code == 1 and _found(document) == {("R201", 2, 1)}
    assert "entries/more.yaml" in document["diagnostics"][0]["message"]


def test_map_options_and_a_mapping_file(cycle: Path, tmp_path: Path) -> None:
    sheet = FIXTURES / "applications.csv"  # BOM, semicolons, CRLF, a time after the date, "no" for Norway
    code, document = _json("entries", sheet, "--cycle", cycle, "--dry-run")
    assert code == 0  # Town and Notes are not imported: one warning (I706) at the first
    assert {(d["code"], d["column"]) for d in document["diagnostics"]} == {("I706", 6)}

    code, document = _json("entries", sheet, "--cycle", cycle, "--map", "Town=entrant.city", "--map", "notes=-")
    assert code == 0, document
    assert [f["file"].rsplit("/", 1)[1] for f in document["files"]] == [
        "bergen-harbour-ferries-for-everyone.yaml", "seoul-night-buses-safer-streets.yaml"]
    entry = yaml.safe_load((cycle / "entries" / "bergen-harbour-ferries-for-everyone.yaml").read_text(encoding="utf-8"))
    assert entry["entrant"] == {"name": "Bergen kommune", "type": "city", "city": "Bergen", "country": "NO"}
    assert entry["submitted"] == date(2025, 6, 10)
    assert _validate(cycle).exit_code == 0

    fresh = tmp_path / "fresh"
    shutil.copytree(BASE, fresh)
    code, document = _json("entries", sheet, "--cycle", fresh, "--mapping", FIXTURES / "mapping.yaml")
    assert code == 0, document
    assert _files(fresh / "entries") == _files(cycle / "entries")  # the same files, byte for byte


@pytest.mark.parametrize("args, message", [
    (["--map", "Title=headline"], "unknown mapping target"),
    (["--map", "no-equals-sign"], "--map"),
    (["--sheet", "x"], "--sheet"),
    (["--round", "final"], "--round"),
])
def test_misuse_exits_2(cycle: Path, args: list[str], message: str) -> None:
    result = _import("entries", FIXTURES / "applications.csv", "--cycle", cycle, *args)
    assert result.exit_code == 2 and message in result.stderr


def test_missing_file_wrong_extension_and_no_cycle_exit_2(cycle: Path, tmp_path: Path) -> None:
    assert _import("entries", tmp_path / "nope.csv", "--cycle", cycle).exit_code == 2
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result = _import("entries", tmp_path / "old.xls", "--cycle", cycle)
    assert result.exit_code == 2 and ".xlsx" in result.stderr
    assert _import("entries", FIXTURES / "applications.csv", "--cycle", tmp_path).exit_code == 2


def test_a_broken_workbook_and_an_error_cell(cycle: Path, tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip file")
    code, document = _json("entries", tmp_path / "broken.xlsx", "--cycle", cycle)
    assert code == 1 and _found(document) == {("F002", 0, 0)}

    rows = _rows(3, bad=False)
    rows[1][3] = "#REF!"  # openpyxl stores it as an error cell
    sheet = _xlsx(tmp_path / "err.xlsx", HEADER, rows)
    code, document = _json("entries", sheet, "--cycle", cycle)
    assert code == 1 and ("I702", 3, 4) in _found(document)
    assert _files(cycle) == _files(BASE)


# Text that YAML or a spreadsheet would read as something else, kept as written. A tab, a line
# separator or a NEL in a title or a name is refused instead (S105): test_injection.py.
HOSTILE = ['=HYPERLINK("http://evil.example","Click")', "<script>alert(1)</script>", "NO", "yes", "1:30", "0777", "~",
           "*alias", "&anchor", "!tag", "- item", "key: value", "# comment", "@at", "'quoted'", '"double"', "2025-06-01",
           "Zürich 서울 🚲", "back\\slash", " padded ", "null", "true"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_hostile_cells_are_kept_as_plain_strings_and_round_trip(kind: str, cycle: Path, tmp_path: Path) -> None:
    rows = [[f"hostile-{n}", "project", "people", text, text, "city", text, "KR", "2025-06-01", text]
            for n, text in enumerate(HOSTILE, start=1)]
    if kind == "xlsx":
        sheet = _xlsx(tmp_path / "h.xlsx", HEADER, rows)
        from openpyxl import load_workbook

        book = load_workbook(sheet)  # make the = cell text, as a sheet typed by hand would hold it
        for row in book.active.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        book.save(sheet)
    else:
        sheet = _csv(tmp_path / "h.csv", HEADER, rows)
    code, document = _json("entries", sheet, "--cycle", cycle)
    assert code == 0, document
    loaded = {record.entry.id: record.entry for record in load_cycle(cycle).entries}
    for n, text in enumerate(HOSTILE, start=1):
        expected = text.strip()  # spaces around a cell are not kept
        entry = loaded[f"hostile-{n}"]
        assert (entry.title, entry.entrant.name, entry.entrant.city, entry.summary) == (expected,) * 4
        raw = (cycle / "entries" / f"hostile-{n}.yaml").read_text(encoding="utf-8")
        assert yaml.safe_load(raw)["title"] == expected  # an ordinary YAML reader agrees
    assert _validate(cycle).exit_code == 0


def test_quoting_rules() -> None:
    assert scalar("people") == "people" and scalar("j01") == "j01"
    for text in ["NO", "no", "yes", "on", "0777", "2024", "1:30", "~", "null", "2025-06-01", "1e3", ".5", "y", "N"]:
        assert scalar(text) == quoted(text), text
        assert yaml.safe_load(scalar(text)) == text
    assert quoted("a\u2028b\x85c\ufeffd") == '"a\\u2028b\\x85c\\ufeffd"'
    assert scalar(7.0) == "7" and scalar(7.5) == "7.5" and scalar(None) == "null"


def test_derived_ids_are_deterministic_and_unique(cycle: Path, tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "Entry ID"]
    rows = [["project", "people", "City bikes", "Oslo", "city", "Oslo", "NO", "2025-06-01", ""],
            ["project", "people", "City bikes", "Oslo", "city", "Oslo", "NO", "2025-06-01", ""],
            ["project", "people", "Oslo city bikes", "Oslo", "city", "Oslo", "NO", "2025-06-01", ""],
            ["project", "people", "Smart Zürich", "Zürich", "city", "Zürich", "CH", "2025-06-01", ""],
            ["project", "people", "Ærø ferries ß", "Łódź", "city", "Łódź", "PL", "2025-06-01", ""]]
    sheet = _csv(tmp_path / "a.csv", header, rows)
    code, document = _json("entries", sheet, "--cycle", cycle, "--dry-run")
    assert code == 0, document
    assert [f["file"].rsplit("/", 1)[1] for f in document["files"]] == [
        "oslo-city-bikes.yaml", "oslo-city-bikes-2.yaml", "oslo-city-bikes-3.yaml", "zurich-smart-zurich.yaml",
        "lodz-aero-ferries-ss.yaml"]  # Æ, ø, ß and Ł spelt out, not dropped

    other = tmp_path / "other"
    shutil.copytree(BASE, other)
    assert _import("entries", sheet, "--cycle", cycle).exit_code == 0
    assert _import("entries", sheet, "--cycle", other).exit_code == 0
    assert _files(cycle / "entries") == _files(other / "entries")


def _no_scores(cycle: Path) -> Path:
    for sheet in (cycle / "scores").glob("*.yaml"):
        sheet.unlink()
    return cycle


def test_scores_wide_form(cycle: Path) -> None:
    _no_scores(cycle)
    code, document = _json("scores", FIXTURES / "marks-wide.csv", "--cycle", cycle)
    assert code == 0, document
    assert [f["file"].rsplit("/", 2)[1:] for f in document["files"]] == [["scores", "j01.yaml"], ["scores", "j02.yaml"]]
    assert (cycle / "scores" / "j02.yaml").read_text(encoding="utf-8") == """\
# Imported by smartaward from marks-wide.csv, rows 4-6
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}
"""
    result = _validate(cycle)
    assert result.exit_code == 0, result.stdout


def test_scores_long_form_from_xlsx_with_problems(cycle: Path, tmp_path: Path) -> None:
    _no_scores(cycle)
    rows = [["j01", "seoul-air", "design", 7], ["j01", "seoul-air", "impact", 8.5],
            ["j03", "oslo-bikes", "design", 11],  # outside the scale
            ["j03", "oslo-bikes", "impact", "7,5"],  # not a number
            ["j03", "oslo-bikes", "design", 8],  # a second mark
            ["j03", "nowhere", "design", 8],  # no such entry
            ["j09", "seoul-air", "design", 8],  # no such judge
            ["j03", "seoul-air", "looks", 8]]  # no such criterion
    sheet = _xlsx(tmp_path / "marks.xlsx", ["Judge", "Entry", "Criterion", "Score"], rows)
    code, document = _json("scores", sheet, "--cycle", cycle, "--decimal", ".")  # else 7,5 is read as 7.5 (detected)
    assert code == 1
    assert _found(document) == {("M301", 4, 4), ("M303", 5, 4), ("T603", 6, 4), ("R205", 7, 2), ("R204", 8, 1), ("R206", 9, 3)}
    assert document["bad_rows"] == [4, 5, 6, 7, 8, 9]
    assert not list((cycle / "scores").iterdir())

    code, document = _json("scores", sheet, "--cycle", cycle, "--skip-bad", "--decimal", ".")
    assert code == 1
    assert sorted(p.name for p in (cycle / "scores").iterdir()) == ["j01.yaml"]
    assert (cycle / "scores" / "j01.yaml").read_text(encoding="utf-8").endswith("  seoul-air: {design: 7, impact: 8.5}\n")
    assert _validate(cycle).exit_code == 0


def test_scores_with_rounds_go_to_a_folder_per_round(tmp_path: Path) -> None:
    root = tmp_path / "cycle"
    shutil.copytree(Path(__file__).parent.parent / "cycles" / "seoul-smart-city-2024", root)
    shutil.rmtree(root / "scores" / "final")
    final = Path(__file__).parent.parent / "cycles" / "seoul-smart-city-2024" / "scores" / "final"
    judges = [yaml.safe_load(p.read_text(encoding="utf-8"))["judge"] for p in sorted(final.glob("*.yaml"))[:3]]
    original = yaml.safe_load(sorted(final.glob("*.yaml"))[0].read_text(encoding="utf-8"))
    entry, criteria = next(iter(original["scores"].items()))
    header = ["judge", "entry", *criteria]
    rows = [[judge, entry, *criteria.values()] for judge in judges]
    sheet = _csv(tmp_path / "final.csv", header, rows)
    code, document = _json("scores", sheet, "--cycle", root, "--round", "final", "--dry-run")
    assert code == 0, document
    assert [f["file"].rsplit("/", 3)[1:] for f in document["files"]] == [["scores", "final", f"{judge}.yaml"] for judge in judges]


@pytest.mark.parametrize("code", ["I701", "I702", "I703", "I704"])
def test_the_documented_examples_do_what_they_say(code: str, cycle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = all_docs()[code]
    if code == "I704":  # as its text says: checked with a limit of 8 columns
        monkeypatch.setenv("SMARTAWARD_MAX_IMPORT_COLUMNS", "8")
    kind = "scores" if doc.bad.file.startswith("marks") else "entries"
    if kind == "scores":
        _no_scores(cycle)
    for example, expect in ((doc.bad, True), (doc.good, False)):
        fresh = tmp_path / f"run-{expect}"
        shutil.copytree(cycle, fresh)
        sheet = tmp_path / example.file
        sheet.write_text(example.text, encoding="utf-8")
        _, document = _json(kind, sheet, "--cycle", fresh, "--dry-run")
        assert (code in {d["code"] for d in document["diagnostics"]}) is expect, document


def test_the_cycle_must_be_readable(cycle: Path) -> None:
    (cycle / "cycle.yaml").write_text("cycle: [unclosed\n", encoding="utf-8")
    result = _import("entries", FIXTURES / "applications.csv", "--cycle", cycle)
    assert result.exit_code == 1 and "cycle.yaml" in result.stdout + result.stderr


def test_xlsx_dates_and_sheet_choice(cycle: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing to see"])
    sheet = book.create_sheet("Applications")
    sheet.append(HEADER)
    sheet.append(["dated", "project", "people", 2024, "Airco Ltd", "company", "Seoul", "kr", datetime(2025, 6, 3, 14, 30), 12.5])
    path = tmp_path / "book.xlsx"
    book.save(path)
    code, document = _json("entries", path, "--cycle", cycle, "--sheet", "Applications")
    assert code == 0, document
    entry = yaml.safe_load((cycle / "entries" / "dated.yaml").read_text(encoding="utf-8"))
    assert entry["title"] == "2024" and entry["submitted"] == date(2025, 6, 3) and entry["summary"] == "12.5"
    assert entry["entrant"]["country"] == "KR"


def test_rows_are_numbered_as_a_spreadsheet_numbers_them(cycle: Path, tmp_path: Path) -> None:
    """A quoted cell with line breaks is one row; a blank line is a row too (as a spreadsheet shows it)."""
    rows = _rows(3, bad=False)
    rows[0][9] = "A summary\nover\nthree lines"
    rows[1][7] = rows[2][7] = "XX"
    sheet = tmp_path / "a.csv"
    _csv(sheet, HEADER, rows)
    text = sheet.read_text(encoding="utf-8").replace("\nentry-0004", "\n\nentry-0004")  # a blank line before row 4
    sheet.write_text(text, encoding="utf-8")
    code, document = _json("entries", sheet, "--cycle", cycle)
    assert code == 1 and _found(document) == {("S103", 3, 8), ("S103", 5, 8)}  # lines 5 and 8 of the file
    assert document["bad_rows"] == [3, 5]


def test_a_screening_round_imported_from_csv_is_the_sample_sheet(tmp_path: Path) -> None:
    sample = Path(__file__).parent.parent / "cycles" / "seoul-smart-city-2024"
    root = tmp_path / "cycle"
    shutil.copytree(sample, root)
    original = root / "scores" / "eligibility" / "s01.yaml"
    marks = yaml.safe_load(original.read_text(encoding="utf-8"))
    original.unlink()
    sheet = _csv(tmp_path / "verdicts.csv", ["Judge", "Entry", "Mark"], [["s01", e, v] for e, v in marks["scores"].items()])
    result = _import("scores", sheet, "--cycle", root, "--round", "eligibility")
    assert result.exit_code == 0, result.stdout
    body = lambda p: [line for line in p.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]  # noqa: E731
    assert body(original) == body(sample / "scores" / "eligibility" / "s01.yaml")
    assert _validate(root).exit_code == 0


# --- replacing files, sheet-wide problems, formula cells, misuse (QA findings) ---------------------

SAMPLE_2024 = Path(__file__).parent.parent / "cycles" / "seoul-smart-city-2024"


def test_force_never_replaces_a_file_that_holds_other_entries(cycle: Path, tmp_path: Path) -> None:
    """entries/more.yaml is a list of three entries: a row with the id `more` would lose them."""
    (cycle / "entries" / "renamed.yaml").write_text((cycle / "entries" / "oslo-bikes.yaml").read_text(encoding="utf-8")
                                                    .replace("id: oslo-bikes", "id: oslo-bikes-2"), encoding="utf-8")
    rows = [["more", "project", "people", "A project", "City of Oslo", "city", "Oslo", "NO", "2025-06-01", ""],
            ["renamed", "project", "people", "Another", "City of Oslo", "city", "Oslo", "NO", "2025-06-01", ""],
            ["fresh", "project", "people", "A third", "City of Oslo", "city", "Oslo", "NO", "2025-06-01", ""]]
    sheet = _csv(tmp_path / "a.csv", HEADER, rows)
    before = _files(cycle)
    for extra in ([], ["--force"]):
        code, document = _json("entries", sheet, "--cycle", cycle, *extra)
        assert code == 1
        assert _found(document) == {("I703", 2, 1), ("I703", 3, 1)}
        assert document["bad_rows"] == [2, 3] and document["files"] == []
        assert _files(cycle) == before
    code, document = _json("entries", sheet, "--cycle", cycle, "--force", "--skip-bad")
    assert code == 1 and [f["file"].rsplit("/", 1)[1] for f in document["files"]] == ["fresh.yaml"]
    assert {k: v for k, v in _files(cycle).items() if k != "entries/fresh.yaml"} == before
    assert _validate(cycle).exit_code == 0


def test_force_never_replaces_the_sheet_of_another_judge(cycle: Path, tmp_path: Path) -> None:
    """scores/j02.yaml holding j03's marks: importing j02's marks with --force would lose j03's sheet."""
    (cycle / "scores" / "j02.yaml").write_text((cycle / "scores" / "j03.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (cycle / "scores" / "j03.yaml").unlink()
    sheet = _csv(tmp_path / "m.csv", ["judge", "entry", "design", "impact"], [["j02", "oslo-bikes", 8, 8], ["j02", "seoul-air", 6, 7]])
    before = _files(cycle)
    code, document = _json("scores", sheet, "--cycle", cycle, "--force")
    assert code == 1 and ("I703", 2, 1) in _found(document)
    assert document["bad_rows"] == [2, 3] and document["files"] == []
    assert _files(cycle) == before

    (cycle / "scores" / "j02.yaml").write_text("judge: j02\nscores:\n  oslo-bikes: {design: 1, impact: 1}\n", encoding="utf-8")
    code, document = _json("scores", sheet, "--cycle", cycle, "--force")  # the same judge's sheet: replaced
    assert code == 0, document
    assert [f["action"] for f in document["files"]] == ["overwrite"]


def _round_less_marks(tmp_path: Path) -> Path:
    marks = yaml.safe_load((SAMPLE_2024 / "scores" / "final" / "f01.yaml").read_text(encoding="utf-8"))
    rows = [[marks["judge"], entry, criterion, mark] for entry, criteria in marks["scores"].items() for criterion, mark in criteria.items()]
    return _csv(tmp_path / "f01.csv", ["judge", "entry", "criterion", "mark"], rows)


def test_a_missing_round_makes_every_row_of_the_sheet_bad_on_every_pass(tmp_path: Path) -> None:
    root = tmp_path / "cycle"
    shutil.copytree(SAMPLE_2024, root)
    sheet = _round_less_marks(tmp_path)
    rows = len(sheet.read_text(encoding="utf-8").splitlines()) - 1
    code, document = _json("scores", sheet, "--cycle", root, "--dry-run")
    assert code == 1 and {d["code"] for d in document["diagnostics"]} == {"J409"}
    assert document["bad_rows"] == list(range(2, rows + 2))  # all of them, not one entry's rows
    code, skipped = _json("scores", sheet, "--cycle", root, "--dry-run", "--skip-bad")
    assert code == 1 and skipped["bad_rows"] == document["bad_rows"] and skipped["files"] == []
    assert _found(skipped) == _found(document)


def _formula_book(path: Path) -> Path:
    rows = _rows(4, bad=False)
    rows[0][9] = '=D2&" summary"'  # optional column, never computed
    rows[1][3] = '=UPPER(E3)'  # required column, never computed
    rows[2][3] = "#DIV/0!"  # an error value: openpyxl stores it as one
    return _xlsx(path, HEADER, rows)


def test_formulas_without_a_computed_value_and_error_cells_are_reported_once(cycle: Path, tmp_path: Path) -> None:
    sheet = _formula_book(tmp_path / "f.xlsx")
    code, document = _json("entries", sheet, "--cycle", cycle)
    assert code == 1
    assert _found(document) == {("I702", 2, 10), ("I702", 3, 4), ("I702", 4, 4)}  # no S103 'empty' besides
    assert all(d["message"].startswith("column '") for d in document["diagnostics"])  # as every cell's problem
    assert document["bad_rows"] == [2, 3, 4]
    code, document = _json("entries", sheet, "--cycle", cycle, "--skip-bad")
    assert _found(document) == {("I702", 2, 10), ("I702", 3, 4), ("I702", 4, 4)}
    assert [f["file"].rsplit("/", 1)[1] for f in document["files"]] == ["entry-0005.yaml"]


def test_an_unknown_mapping_target_for_scores_is_misuse(cycle: Path, tmp_path: Path) -> None:
    _no_scores(cycle)
    sheet = _csv(tmp_path / "m.csv", ["Judge", "Entry", "Design", "Impact", "Notes"], [["j01", "seoul-air", 7, 8, "fine"]])
    result = _import("scores", sheet, "--cycle", cycle, "--map", "Notes=bogus")
    assert result.exit_code == 2 and "bogus" in result.stderr
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("Notes: bogus\n", encoding="utf-8")
    assert _import("scores", sheet, "--cycle", cycle, "--mapping", mapping).exit_code == 2
    code, document = _json("scores", sheet, "--cycle", cycle, "--map", "Notes=-", "--map", "Impact=impact", "--dry-run")
    assert code == 0, document  # a criterion of the cycle is a target


def test_a_mapping_folder_is_named_a_folder(cycle: Path, tmp_path: Path) -> None:
    result = _import("entries", FIXTURES / "applications.csv", "--cycle", cycle, "--mapping", tmp_path)
    assert result.exit_code == 2 and "no such" not in result.stderr and "folder" in result.stderr


def test_skip_bad_hint_only_when_it_would_write_something(cycle: Path, tmp_path: Path) -> None:
    rows = _rows(2, bad=False)
    rows[0][7] = rows[1][7] = "XX"
    sheet = _csv(tmp_path / "bad.csv", HEADER, rows)
    for extra in ([], ["--skip-bad"]):
        result = _import("entries", sheet, "--cycle", cycle, *extra)
        assert result.exit_code == 1 and "--skip-bad" not in result.stdout
    rows[1][7] = "NO"
    result = _import("entries", _csv(tmp_path / "half.csv", HEADER, rows), "--cycle", cycle)
    assert result.exit_code == 1 and "--skip-bad" in result.stdout.splitlines()[-1]


def test_an_empty_wide_cell_is_pointed_at(cycle: Path, tmp_path: Path) -> None:
    _no_scores(cycle)
    sheet = _csv(tmp_path / "w.csv", ["Judge", "Entry", "Design", "Impact"], [["j01", "seoul-air", 7, ""], ["j01", "baguio-health", "", 9.5]])
    code, document = _json("scores", sheet, "--cycle", cycle)
    assert code == 0, document
    assert _found(document, "warning") == {("M305", 2, 4), ("M305", 3, 3)}


def test_a_password_protected_workbook_gets_a_hint(cycle: Path, tmp_path: Path) -> None:
    (tmp_path / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    code, document = _json("entries", tmp_path / "locked.xlsx", "--cycle", cycle)
    assert code == 1 and _found(document) == {("F002", 0, 0)}
    assert "password" in document["diagnostics"][0]["message"]


def test_imported_files_get_the_schema_modeline_in_a_cycle_set_up_for_editors(cycle: Path, tmp_path: Path) -> None:
    assert CliRunner().invoke(app, ["init", str(cycle)]).exit_code == 0
    _no_scores(cycle)
    assert _import("scores", FIXTURES / "marks-wide.csv", "--cycle", cycle).exit_code == 0
    assert _import("entries", _csv(tmp_path / "a.csv", HEADER, _rows(2, bad=False)), "--cycle", cycle).exit_code == 0
    assert (cycle / "scores" / "j01.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../.schema/scores.schema.json\n")
    assert (cycle / "entries" / "entry-0002.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../.schema/entry.schema.json\n")
    check = CliRunner().invoke(app, ["init", "--check", str(cycle)])
    assert check.exit_code == 0, check.stdout
    assert _validate(cycle).exit_code == 0


def test_force_reports_what_a_replacement_breaks_in_other_files(cycle: Path, tmp_path: Path) -> None:
    """Moving oslo-bikes to a call with other criteria leaves j02's and j03's marks on it unknown
    (design, R206, in those sheets): reported at the row that replaces it, which is then bad."""
    spec = yaml.safe_load((cycle / "cycle.yaml").read_text(encoding="utf-8"))
    spec["calls"]["ideas"] = {"title": "Ideas", "closes": "2025-06-30", "criteria": {"impact": {"title": "Impact"}},
                              "categories": {"open": {"title": "Open", "awards": {"idea": 1}}}}
    (cycle / "cycle.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    assert _validate(cycle).exit_code == 0
    rows = [["oslo-bikes", "ideas", "open", "City bikes", "City of Oslo", "city", "Oslo", "NO", "2025-06-01", ""],
            ["new-one", "project", "people", "Something new", "City of Oslo", "city", "Oslo", "NO", "2025-06-01", ""]]
    sheet = _csv(tmp_path / "a.csv", HEADER, rows)
    before = _files(cycle)
    code, document = _json("entries", sheet, "--cycle", cycle, "--force")
    assert code == 1 and _found(document) == {("R206", 2, 1)}
    assert len([d for d in document["diagnostics"] if d["code"] == "R206"]) == 2  # design, in both sheets
    assert document["bad_rows"] == [2] and _files(cycle) == before
    code, document = _json("entries", sheet, "--cycle", cycle, "--force", "--skip-bad")
    assert code == 1 and [f["file"].rsplit("/", 1)[1] for f in document["files"]] == ["new-one.yaml"]
    assert _validate(cycle).exit_code == 0


def test_a_sheet_for_a_judge_whose_sheet_lies_elsewhere_is_refused(cycle: Path, tmp_path: Path) -> None:
    """validate reports a judge's second sheet (R209) on both sheets, each naming the other; the
    import reports it once, at the row of the new sheet (here it sorts before the existing one)."""
    (cycle / "scores" / "other").mkdir()
    (cycle / "scores" / "j02.yaml").rename(cycle / "scores" / "other" / "j02.yaml")
    assert _validate(cycle).exit_code == 0
    before = _files(cycle)
    sheet = _csv(tmp_path / "j02.csv", ["judge", "entry", "criterion", "mark"], [["j02", "oslo-bikes", "design", 7]])
    code, document = _json("scores", sheet, "--cycle", cycle)
    assert code == 1
    assert [(d["code"], d["line"]) for d in document["diagnostics"] if d["severity"] == "error"] == [("R209", 2)]
    assert _files(cycle) == before


def test_entries_imported_into_a_cycle_with_assignments_are_not_problems_of_the_rows(tmp_path: Path) -> None:
    """New entries have no judges yet (P807 in the round's assignment file: `assign` comes after):
    a progress problem, not the rows' — reported, it was laid at every row, a thousand rows making a
    million warnings (found by the benchmark of issue 14)."""
    root = tmp_path / "cycle"
    shutil.copytree(Path(__file__).resolve().parent.parent / "cycles" / "seoul-smart-city-2024", root)
    assert (root / "assignments" / "eligibility.yaml").is_file()
    header = ["id", "call", "category", "title", "entrant name", "entrant type", "entrant city", "entrant country", "submitted"]
    rows = [[f"new-town-{i}", "project", "human-centricity", f"Project {i}", f"New town {i}", "city", f"Town {i}", "KE", "2024-07-01"]
            for i in range(30)]
    code, document = _json("entries", _csv(tmp_path / "new.csv", header, rows), "--cycle", root, "--dry-run")
    assert code == 0, document
    assert document["diagnostics"] == []
    assert document["summary"]["files"] == 30
