"""Hostile spreadsheets given to `smartaward import` (issue 11, item 5): a workbook or CSV file
from anywhere is read with bounded work, and whatever it holds is a diagnostic with exit 1, never
an internal error (exit 3):

- a malformed part (the sheet, workbook.xml, [Content_Types].xml, the relationships, styles,
  shared strings), an XML entity bomb or external entity (any DTD), a damaged sheet (rows or
  cells out of order or twice, a reference that is no cell): F002, the workbook not read;
- a cell that cannot be used (NaN or INF in a number cell, a date out of range, a shared string
  that does not exist): I702 at the cell;
- a zip bomb (a 4 MB workbook holding a 1.5 GB sheet), too many parts, a cell past the column or
  row limit, a table over the cells limit, a CSV of a million columns or over the size limit:
  I704, refused before the work it would cost.

The workbooks are built part by part (tests/workbooks.py), so that every part can be broken.
Before this, each of these was exit 3, or took 16-26 s and up to 3 GB.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from typing import Any

import pytest
import workbooks as W
from test_bounds import PEAK_MB
from typer.testing import CliRunner

from smartaward.cli.app import app
from smartaward.importing import limits as limits_module
from smartaward.importing.limits import Limits, import_limits
from smartaward.importing.workbook import _zip_entries, read_sheet

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "tests" / "cases" / "base"
HEADER = ["Entry ID", "Call", "Category", "Project title", "Entrant name", "Entrant type", "Entrant country", "Submitted"]
ROW = ["oslo-trams", "project", "people", "Trams", "City of Oslo", "city", "NO", "2025-06-01"]
QUICK = 5.0  # seconds: each of these files is refused or read in well under a second


@pytest.fixture
def cycle(tmp_path: Path) -> Path:
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    return root


def _import(sheet: Path, cycle: Path, *args: str, kind: str = "entries") -> tuple[int, dict[str, Any], float]:
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["import", kind, str(sheet), "--cycle", str(cycle), "--dry-run", "--format", "json", *args])
    seconds = time.perf_counter() - started
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout) if result.exit_code != 2 else {}, seconds


def _found(document: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(d["code"], d["line"], d["column"]) for d in document["diagnostics"]]


def _book(tmp_path: Path, rows: list[list[Any]] | None = None, **changed: bytes) -> Path:
    contents = W.parts([HEADER, ROW] if rows is None else rows)
    contents.update({name.replace("__", "/"): data for name, data in changed.items()})
    return W.write_zip(tmp_path / "applications.xlsx", contents)


def _with(tmp_path: Path, part: str, data: bytes, rows: list[list[Any]] | None = None) -> Path:
    contents = W.parts([HEADER, ROW] if rows is None else rows)
    contents[part] = data
    return W.write_zip(tmp_path / "applications.xlsx", contents)


def test_the_test_workbook_is_a_good_one(cycle: Path, tmp_path: Path) -> None:
    code, document, _ = _import(_book(tmp_path), cycle)
    assert code == 0 and document["diagnostics"] == [] and document["summary"]["files"] == 1


# ------------------------------------------------------------------------------ malformed parts: F002

PARTS = [W.CONTENT_TYPES, W.WORKBOOK, W.WORKBOOK_RELS, W.STYLES, W.STRINGS, W.SHEET]


@pytest.mark.parametrize("part", PARTS)
def test_a_malformed_part_is_f002_not_an_internal_error(part: str, cycle: Path, tmp_path: Path) -> None:
    good = W.parts([HEADER, ROW])[part]
    code, document, seconds = _import(_with(tmp_path, part, good[: len(good) * 2 // 3]), cycle)
    assert code == 1 and _found(document) == [("F002", 0, 0)]
    assert part in document["diagnostics"][0]["message"] and "not well-formed" in document["diagnostics"][0]["message"]
    assert seconds < QUICK


@pytest.mark.parametrize("encoding", ["x-bogus", "rot13", "hex", "uu"])
@pytest.mark.parametrize("part", PARTS)
def test_an_xml_part_declaring_an_unknown_or_binary_encoding_is_f002(part: str, encoding: str, cycle: Path,
                                                                     tmp_path: Path) -> None:
    # Found by the hostile review of issue 11: expat asked Python for the codec, and the
    # LookupError became an internal error (exit 3).
    body = W.parts([HEADER, ROW])[part].decode().split("?>", 1)[1]
    declared = f'<?xml version="1.0" encoding="{encoding}"?>' + body
    code, document, seconds = _import(_with(tmp_path, part, declared.encode()), cycle)
    assert code == 1 and _found(document) == [("F002", 0, 0)]
    assert part in document["diagnostics"][0]["message"] and seconds < QUICK


@pytest.mark.parametrize("part", PARTS)
def test_an_entity_bomb_in_any_part_is_refused_unread(part: str, cycle: Path, tmp_path: Path) -> None:
    good = W.parts([HEADER, ROW])[part].decode()
    body = good.split("?>", 1)[1]
    if part in (W.SHEET, W.STRINGS):
        body = body.replace("Trams", "&lol9;")
    code, document, seconds = _import(_with(tmp_path, part, (W.BOMB_DTD + body).encode()), cycle)
    assert code == 1 and _found(document) == [("F002", 0, 0)]
    assert "DTD" in document["diagnostics"][0]["message"] and seconds < QUICK


def test_an_external_entity_is_never_resolved(cycle: Path, tmp_path: Path) -> None:
    strings = W.parts([HEADER, ROW])[W.STRINGS].decode().split("?>", 1)[1].replace("Trams", "&secret;")
    dtd = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    result = CliRunner().invoke(app, ["import", "entries", str(_with(tmp_path, W.STRINGS, (dtd + strings).encode())),
                                      "--cycle", str(cycle), "--dry-run"])
    assert result.exit_code == 1 and "F002" in result.stdout and "root:" not in result.stdout


@pytest.mark.parametrize("sheet_data, what", [
    ('<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>', "rows out of order"),
    ('<row r="1"><c r="A1"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>', "a row twice"),
    ('<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>', "cells out of order"),
    ('<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>', "a cell twice"),
    ('<row r="1"><c r="A2"><v>1</v></c></row>', "a cell of another row"),
    ('<row r="1"><c r="A1B"><v>1</v></c></row>', "no cell reference"),
    ('<row r="x"><c><v>1</v></c></row>', "no row number"),
    ('<row r="1"><c r="A1" s="-1"><v>1</v></c></row>', "no style index"),
])
def test_a_damaged_sheet_is_f002(sheet_data: str, what: str, cycle: Path, tmp_path: Path) -> None:
    sheet = f'<worksheet xmlns="{W.MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>'.encode()
    code, document, _ = _import(_with(tmp_path, W.SHEET, sheet), cycle)
    assert code == 1 and _found(document) == [("F002", 0, 0)], what


def test_a_workbook_without_its_parts_is_f002(cycle: Path, tmp_path: Path) -> None:
    for missing in (W.CONTENT_TYPES, W.WORKBOOK, W.SHEET):
        contents = W.parts([HEADER, ROW])
        del contents[missing]
        code, document, _ = _import(W.write_zip(tmp_path / "applications.xlsx", contents), cycle)
        assert code == 1 and _found(document) == [("F002", 0, 0)], missing


def test_two_parts_of_one_name_are_f002(cycle: Path, tmp_path: Path) -> None:
    contents = W.parts([HEADER, ROW])
    members = [W.member(name, data) for name, data in contents.items()]
    members.append(W.member(W.SHEET.upper(), contents[W.SHEET].replace(b"Trams", b"Other")))
    code, document, _ = _import(W.write_members(tmp_path / "applications.xlsx", members), cycle)
    assert code == 1 and _found(document) == [("F002", 0, 0)] and "two parts" in document["diagnostics"][0]["message"]


@pytest.mark.parametrize("element", [
    "<c r='A1' " + " ".join(f'a{i}=""' for i in range(2_000)) + "><v>1</v></c>",  # attributes by the thousand
    "<c r='A1'><v>" + "1" * (3 * 1024 * 1024) + "</v></c>",  # megabytes between two tags
])
def test_xml_that_would_make_the_parser_slow_is_refused_quickly(element: str, cycle: Path, tmp_path: Path) -> None:
    sheet = f'<worksheet xmlns="{W.MAIN}"><sheetData><row r="1">{element}</row></sheetData></worksheet>'.encode()
    code, document, seconds = _import(_with(tmp_path, W.SHEET, sheet), cycle)
    assert code == 1 and _found(document) == [("F002", 0, 0)] and seconds < QUICK


# ------------------------------------------------------------------------------ cells: I702


@pytest.mark.parametrize("text", ["NaN", "INF", "-INF", "1e999", "1_000", " ", "0x1F", "9" * 5000])
def test_a_number_cell_that_is_no_finite_number_is_i702_at_the_cell(text: str, cycle: Path, tmp_path: Path) -> None:
    row = [*ROW[:4], W.Raw("", f"<v>{text}</v>"), *ROW[5:]]
    code, document, _ = _import(_book(tmp_path, [HEADER, row]), cycle)
    assert code == 1 and _found(document) == [("I702", 2, 5)], document["diagnostics"]


@pytest.mark.parametrize("text", ["NaN", "inf", "1e999"])
def test_a_mark_that_is_no_finite_number_is_i702_at_the_cell(text: str, cycle: Path, tmp_path: Path) -> None:
    for name in ("j01", "j02", "j03"):
        (cycle / "scores" / f"{name}.yaml").unlink()
    rows = [["judge", "entry", "design", "impact"], ["j02", "seoul-air", W.Raw("", f"<v>{text}</v>"), 7]]
    code, document, _ = _import(_book(tmp_path, rows), cycle, kind="scores")
    assert code == 1 and ("I702", 2, 3) in _found(document)
    assert {c for c, _, _ in _found(document)} <= {"I702", "M305"}  # nothing reads NaN as a mark


@pytest.mark.parametrize("cell", [
    W.Raw('t="s"', "<v>99</v>"),  # a shared string that does not exist
    W.Raw('t="s"', "<v>-1</v>"),
    W.Raw(f's="{W.DATE_STYLE}"', "<v>1e15</v>"),  # a date far out of range
    W.Raw('t="d"', "<v>not a date</v>"),
    W.Raw('t="b"', "<v>maybe</v>"),
    W.Raw('t="e"', "<v>#REF!</v>"),
    W.Raw("", "<f>1/0</f>"),  # a formula never computed
])
def test_a_cell_that_cannot_be_read_is_i702_at_the_cell(cell: W.Raw, cycle: Path, tmp_path: Path) -> None:
    row = [*ROW[:3], cell, *ROW[4:]]
    code, document, _ = _import(_book(tmp_path, [HEADER, row]), cycle)
    assert code == 1 and _found(document) == [("I702", 2, 4)], document["diagnostics"]


# ------------------------------------------------------------------------------ sizes: I704


def _child_import(sheet: Path, cycle: Path) -> tuple[dict[str, Any], float, float, int]:
    """`smartaward import` in a child process: its JSON, wall time, peak memory (MB) and exit code."""
    code = (PEAK_MB + "import sys\nfrom smartaward.cli.app import main\nsys.argv = ['smartaward', *sys.argv[1:]]\n"
            "try:\n    main()\nfinally:\n"
            "    print(f'PEAK-MB {peak_mb():.0f}', file=sys.stderr)\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    started = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", code, "import", "entries", str(sheet), "--cycle", str(cycle), "--dry-run",
                            "--format", "json"], env=env, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - started
    assert "Traceback" not in child.stderr, child.stderr
    return json.loads(child.stdout), seconds, float(child.stderr.rsplit("PEAK-MB ", 1)[1].split()[0]), child.returncode


def test_a_zip_bomb_is_refused_before_it_is_unzipped(cycle: Path, tmp_path: Path) -> None:
    """A 4 MB workbook whose sheet unzips to 1.5 GB: was 26 s, 3 GB and exit 0."""
    bomb = W.zip_bomb(tmp_path / "applications.xlsx", 1_500_000_000)
    assert bomb.stat().st_size < 8_000_000
    (tmp_path / "small").mkdir()
    _, _, small, _ = _child_import(_book(tmp_path / "small"), cycle)
    document, seconds, peak, code = _child_import(bomb, cycle)
    assert code == 1 and _found(document) == [("I704", 0, 0)]
    assert "1.4 GB uncompressed" in document["diagnostics"][0]["message"] and "SMARTAWARD_MAX_IMPORT_MB" in document["diagnostics"][0]["message"]
    assert seconds < QUICK and peak - small < 200, (seconds, peak, small)


def test_the_byte_limit_counts_every_part_read(cycle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = _book(tmp_path)
    sizes = {info.filename: info.file_size for info in zipfile.ZipFile(book).infolist()}
    limit = sizes[W.SHEET] + sizes[W.CONTENT_TYPES]  # the sheet alone fits; with the parts before it, not
    monkeypatch.setenv("SMARTAWARD_MAX_IMPORT_MB", str(limit / 1024 / 1024))
    code, document, _ = _import(book, cycle)
    assert code == 1 and _found(document) == [("I704", 0, 0)]
    assert "with the parts read before it" in document["diagnostics"][0]["message"]
    monkeypatch.setenv("SMARTAWARD_MAX_IMPORT_MB", str(sum(sizes.values()) / 1024 / 1024))
    assert _import(book, cycle)[0] == 0


def test_a_declared_size_that_lies_is_not_believed(cycle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The zip's directory says 1 KB; the part streams 3 MB. zipfile itself stops at the declared
    size (and then finds the checksum wrong); the reader counts what it reads all the same."""
    contents = W.parts([HEADER, ROW])
    big = contents[W.SHEET].replace(b"</sheetData>", b"</sheetData>" + b"<x/>" * 750_000)
    members = [W.member(name, data) for name, data in contents.items() if name != W.SHEET]
    members.append(W.member(W.SHEET, big, declared=1024))
    book = W.write_members(tmp_path / "applications.xlsx", members)
    code, document, seconds = _import(book, cycle)
    assert code == 1 and _found(document) == [("F002", 0, 0)] and seconds < QUICK
    # As if zipfile streamed what the data holds: the count stops it at the limit.
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, info, *a, **k: io.BytesIO(big) if getattr(info, "filename", info) == W.SHEET
                        else real_open(self, info, *a, **k))
    monkeypatch.setenv("SMARTAWARD_MAX_IMPORT_MB", "1")
    code, document, _ = _import(book, cycle)
    assert code == 1 and _found(document) == [("I704", 0, 0)] and "more than the 1 KB its zip directory declares" in document["diagnostics"][0]["message"]


def test_a_workbook_of_too_many_parts_is_refused_before_its_directory_is_read(cycle: Path, tmp_path: Path) -> None:
    contents = W.parts([HEADER, ROW])
    members = [W.member(name, data) for name, data in contents.items()]
    members += [W.member(f"xl/media/empty{i}.bin", b"") for i in range(limits_module.MAX_WORKBOOK_PARTS)]
    code, document, seconds = _import(W.write_members(tmp_path / "applications.xlsx", members), cycle)
    assert code == 1 and _found(document) == [("I704", 0, 0)] and seconds < QUICK


def test_the_zip64_count_of_parts_is_the_one_read() -> None:
    """A ZIP64 end record (found through its locator) holds the real count; the classic one 0xFFFF."""
    zip64 = b"PK\x06\x06" + (44).to_bytes(8, "little") + bytes(20) + (70_000).to_bytes(8, "little") * 2 + bytes(16)
    locator = b"PK\x06\x07" + bytes(4) + (100).to_bytes(8, "little") + (1).to_bytes(4, "little")
    end = b"PK\x05\x06" + bytes(4) + b"\xff\xff\xff\xff" + b"\xff" * 8 + bytes(2)
    data = bytes(100) + zip64 + locator + end
    assert _zip_entries(io.BytesIO(data)) == 70_000
    assert _zip_entries(io.BytesIO(b"not a zip")) is None


@pytest.mark.parametrize("reference, where", [("XFE3", (3, 16_385)), ("A1048577", (1_048_577, 1))])
def test_a_cell_past_excels_last_column_or_row_is_i704_at_the_cell(reference: str, where: tuple[int, int], cycle: Path,
                                                                      tmp_path: Path) -> None:
    row_number = int("".join(ch for ch in reference if ch.isdigit()))
    sheet = W.parts([HEADER, ROW])[W.SHEET].replace(
        b"</sheetData>", f'<row r="{row_number}"><c r="{reference}"><v>1</v></c></row></sheetData>'.encode())
    code, document, seconds = _import(_with(tmp_path, W.SHEET, sheet), cycle)
    assert code == 1 and _found(document) == [("I704", *where)] and seconds < QUICK


def test_the_cells_of_the_table_are_counted_as_it_is_built(cycle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three rows of eight columns are 24 cells (the header is not counted)."""
    rows = [HEADER, ROW, [("oslo-2" if i == 0 else v) for i, v in enumerate(ROW)], [("oslo-3" if i == 0 else v) for i, v in enumerate(ROW)]]
    monkeypatch.setenv("SMARTAWARD_MAX_IMPORT_CELLS", "23")
    for book in (_book(tmp_path, rows), _csv(tmp_path, rows)):
        code, document, _ = _import(book, cycle)
        assert code == 1 and _found(document) == [("I704", 4, 1)], book.name
    monkeypatch.setenv("SMARTAWARD_MAX_IMPORT_CELLS", "24")
    assert _import(_book(tmp_path, rows), cycle)[0] == 0


def test_a_far_cell_cannot_pad_the_table_past_the_cells_limit(cycle: Path, tmp_path: Path) -> None:
    """A thousand rows each with a value in column 16,384 would be 16 million cells held: the
    count stops it at the 62nd (8 cells of row 2, then 16,384 a row)."""
    far = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(3, 1_003)).encode()
    sheet = W.parts([HEADER, ROW])[W.SHEET].replace(b"</sheetData>", far + b"</sheetData>")
    code, document, seconds = _import(_with(tmp_path, W.SHEET, sheet), cycle)
    assert code == 1 and _found(document) == [("I704", 64, 1)] and seconds < QUICK


# ------------------------------------------------------------------------------ CSV


def _csv(tmp_path: Path, rows: list[list[Any]], name: str = "applications.csv") -> Path:
    path = tmp_path / name
    path.write_text("".join(",".join(str(v) for v in row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_csv_with_a_million_columns_is_refused_quickly(cycle: Path, tmp_path: Path) -> None:
    """Was 16 s, 570 MB and a million I701 lines."""
    sheet = tmp_path / "applications.csv"
    sheet.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n" + ",".join("1" for _ in range(1_000_000)) + "\n",
                     encoding="utf-8")
    document, seconds, peak, code = _child_import(sheet, cycle)
    assert code == 1 and _found(document) == [("I704", 1, 1)]
    assert seconds < QUICK and peak < 250, (seconds, peak)


def test_a_csv_row_over_the_column_limit_is_i704_at_the_first_cell_past_it(cycle: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path, [HEADER, ROW, ["x"] * 20_000])
    code, document, _ = _import(sheet, cycle)
    assert code == 1 and _found(document) == [("I704", 3, 16_385)]


def test_a_csv_over_the_size_limit_is_refused_unread(cycle: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "applications.csv"
    with sheet.open("wb") as out:
        out.truncate(200 * 1024 * 1024)  # sparse: no disk, no time
    code, document, seconds = _import(sheet, cycle)
    assert code == 1 and _found(document) == [("I704", 0, 0)] and seconds < QUICK
    assert "200 MB" in document["diagnostics"][0]["message"] and "128 MB" in document["diagnostics"][0]["message"]


def test_a_csv_of_a_million_blank_lines_is_over_the_row_limit(cycle: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "applications.csv"
    sheet.write_text(",".join(HEADER) + "\n" + ",".join(ROW) + "\n" + "\n" * 1_048_575, encoding="utf-8")
    code, document, seconds = _import(sheet, cycle)
    assert code == 1 and _found(document) == [("I704", 1_048_577, 1)] and seconds < QUICK


@pytest.mark.parametrize("variable, value, where", [
    ("SMARTAWARD_MAX_IMPORT_ROWS", "2", (3, 1)),
    ("SMARTAWARD_MAX_IMPORT_COLUMNS", "7", (1, 8)),
])
def test_the_row_and_column_limits_apply_to_csv_and_xlsx(variable: str, value: str, where: tuple[int, int], cycle: Path,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [HEADER, ROW, [("oslo-2" if i == 0 else v) for i, v in enumerate(ROW)]]
    monkeypatch.setenv(variable, value)
    for sheet in (_csv(tmp_path, rows), _book(tmp_path, rows)):
        code, document, _ = _import(sheet, cycle)
        assert code == 1 and _found(document) == [("I704", *where)], sheet.name
    monkeypatch.setenv(variable, "0")  # no limit
    assert _import(_csv(tmp_path, rows), cycle)[0] == 0


@pytest.mark.parametrize("setting, expected", [
    ("", Limits()), ("0", None), ("lots", Limits()), ("-5", Limits()), ("inf", Limits()), ("nan", Limits()),
])
def test_the_limits_from_the_environment(setting: str, expected: Limits | None) -> None:
    environ = {variable: setting for variable in limits_module.ENVIRONMENT.values()}
    assert import_limits(environ) == (Limits(None, None, None, None) if expected is None else expected)
    assert import_limits({"SMARTAWARD_MAX_IMPORT_MB": "0.5", "SMARTAWARD_MAX_IMPORT_ROWS": "10"}) == Limits(bytes=512 * 1024, rows=10)


# ------------------------------------------------------------------------------ values as openpyxl reads them


def _openpyxl_rows(path: Path) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # openpyxl trusts a sheet's <dimension>; the reader never does
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(row)
            while cells and cells[-1] is None:
                cells.pop()
            if cells:
                rows.append((number, cells))
        return rows
    finally:
        book.close()


def test_values_are_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    """A workbook written by openpyxl (inline strings, number formats, a 1904 date system) and one
    built by hand (shared strings, rich text): the reader gives the values openpyxl gives."""
    from openpyxl import Workbook

    book = Workbook()
    book.epoch = __import__("openpyxl").utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    sheet.append(["text", "  spaced  ", "a = b", 7, 7.25, -0.5, 1e-300, 12345678901234567, True, False])
    sheet.append([date(2025, 6, 1), datetime(2025, 6, 1, 13, 30), day_time(9, 15), timedelta(hours=36), None, "", "é🏆\u200b"])
    sheet.append([None, None, "after a gap"])
    sheet.cell(row=7, column=12, value="far")
    sheet.cell(row=2, column=8).number_format = "0.00%"
    sheet.cell(row=2, column=8).value = 0.125
    written = tmp_path / "openpyxl.xlsx"
    book.save(written)
    shared = W.write_zip(tmp_path / "shared.xlsx", W.parts([["a", "b"], [date(2024, 2, 29), 3.5, "x" * 200], [None, "z"]]))
    strings = W.parts([["rich"]])
    strings[W.STRINGS] = strings[W.STRINGS].replace(
        b'<si><t xml:space="preserve">rich</t></si>',
        b'<si><r><rPr><b/></rPr><t>ri</t></r><r><t xml:space="preserve">ch </t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>')
    rich = W.write_zip(tmp_path / "rich.xlsx", strings)
    for path in (written, shared, rich):
        assert list(read_sheet(path, path.name, None, Limits())) == _openpyxl_rows(path), path.name
