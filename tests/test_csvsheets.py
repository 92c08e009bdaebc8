"""Unit tests of smartaward/csvsheets.py: CSV score sheets read into the data of YAML sheets.

Positions are (row, cell): the CSV row number (the header is row 1; a row is numbered by the line
it starts on) and the 1-based cell number, as a spreadsheet shows them.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from smartaward.diagnostics import CATALOGUE, Diagnostic
from smartaward.reading.csvsheets import read_csv_sheets
from smartaward.reading.source import Document, parse_text

BASE = Path(__file__).parent / "cases" / "base"


def write(tmp_path: Path, content: str | bytes, name: str = "scores.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))  # exactly as written: no newline translation
    else:
        path.write_bytes(content)
    return path


def read(tmp_path: Path, content: str | bytes) -> tuple[dict[str, Document], list[Diagnostic]]:
    sheets, problems = read_csv_sheets(write(tmp_path, content), "scores/scores.csv")
    judges = [judge for judge, _ in sheets]
    assert len(set(judges)) == len(judges), "one document per judge"
    for judge, doc in sheets:
        assert doc.file == "scores/scores.csv" and doc.data["judge"] == judge
    for problem in problems:
        assert problem.file == "scores/scores.csv" and problem.code in CATALOGUE and problem.message.strip()
    return dict(sheets), problems


def found(problems: list[Diagnostic]) -> list[tuple[str, int, int]]:
    """(code, row, cell) of each problem, in order: messages are for people and may change."""
    return [(p.code, p.line, p.column) for p in problems]


def data_of(docs: dict[str, Document]) -> dict[str, Any]:
    return {judge: doc.data for judge, doc in docs.items()}


def same(a: Any, b: Any) -> None:
    """Equal, with the same types (7 is not 7.0) and the same order of keys."""
    assert repr(a) == repr(b)


def yaml_data(text: str) -> Any:
    doc, problems = parse_text(text, "j.yaml")
    assert problems == []
    return doc.data


# ------------------------------------------------------------------- same data as YAML sheets

BASE_YAML = {judge: (BASE / "scores" / f"{judge}.yaml").read_text(encoding="utf-8") for judge in ("j01", "j02", "j03")}

BASE_LONG = """judge,entry,criterion,mark
j01,seoul-air,design,7
j01,seoul-air,impact,8
j01,baguio-health,design,9
j01,baguio-health,impact,9.5
j02,oslo-bikes,design,8
j02,oslo-bikes,impact,8
j02,seoul-air,design,6.5
j02,seoul-air,impact,7
j02,baguio-health,design,9
j02,baguio-health,impact,9
j03,oslo-bikes,design,8.5
j03,oslo-bikes,impact,7.5
j03,seoul-air,design,7
j03,seoul-air,impact,7.5
j03,baguio-health,design,8
j03,baguio-health,impact,9
"""

BASE_WIDE = """judge,entry,design,impact
j01,seoul-air,7,8
j01,baguio-health,9,9.5
j02,oslo-bikes,8,8
j02,seoul-air,6.5,7
j02,baguio-health,9,9
j03,oslo-bikes,8.5,7.5
j03,seoul-air,7,7.5
j03,baguio-health,8,9
"""


@pytest.mark.parametrize("text", [BASE_LONG, BASE_WIDE], ids=["long", "wide"])
def test_base_sheets_as_csv_give_the_yaml_data(tmp_path: Path, text: str) -> None:
    docs, problems = read(tmp_path, text)
    assert problems == []
    assert list(docs) == ["j01", "j02", "j03"]
    for judge, doc in docs.items():
        same(doc.data, yaml_data(BASE_YAML[judge]))


def test_long_form_in_any_column_order_and_shuffled_rows(tmp_path: Path) -> None:
    docs, problems = read(tmp_path, "mark,criterion,entry,judge\n7,design,a,j01\n5,design,b,j02\n8,impact,a,j01\n6,impact,b,j02\n")
    assert problems == []
    same(data_of(docs), {"j01": yaml_data("judge: j01\nscores:\n  a: {design: 7, impact: 8}\n"),
                         "j02": yaml_data("judge: j02\nscores:\n  b: {design: 5, impact: 6}\n")})


def test_overall_form_gives_the_yaml_data(tmp_path: Path) -> None:
    docs, problems = read(tmp_path, "judge,entry,mark\nj01,a,7.5\nj01,b,8\nj02,a,-1\n")
    assert problems == []
    same(data_of(docs), {"j01": yaml_data("judge: j01\nscores:\n  a: 7.5\n  b: 8\n"),
                         "j02": yaml_data("judge: j02\nscores:\n  a: -1\n")})


def test_long_form_empty_criterion_is_an_overall_mark(tmp_path: Path) -> None:
    docs, problems = read(tmp_path, "judge,entry,criterion,mark\nj01,a,,7\nj01,b,design,8\n")
    assert problems == []
    same(docs["j01"].data, yaml_data("judge: j01\nscores:\n  a: 7\n  b: {design: 8}\n"))


def test_wide_form_empty_cell_is_no_mark(tmp_path: Path) -> None:
    docs, problems = read(tmp_path, "judge,entry,design,impact\nj01,a,7,\nj01,b,,\nj01,c, ,9\n")
    assert problems == []
    # b with no mark at all is `b: {}`, which loading reports (M304) like the same YAML line
    same(docs["j01"].data, yaml_data("judge: j01\nscores:\n  a: {design: 7}\n  b: {}\n  c: {impact: 9}\n"))


def test_wide_form_second_row_adds_other_criteria(tmp_path: Path) -> None:
    docs, problems = read(tmp_path, "judge,entry,design,impact\nj01,a,7,\nj01,a,,8\n")
    assert problems == []
    same(docs["j01"].data["scores"], {"a": {"design": 7, "impact": 8}})


@pytest.mark.parametrize(("cell", "value"), [
    ("8.5", 8.5), ("8", 8), (" 7 ", 7), ("-2", -2), (".5", 0.5), ("1e3", 1000.0), ("yes", "yes"),
    ("NO", "NO"), ("007", "007"), ("7,5", "7,5"), ("true", True), ("null", None), ("", None),
    ("8 points", "8 points"), ("1e999", "1e999"), (".nan", ".nan"),
])
def test_marks_follow_the_plain_scalar_rules(tmp_path: Path, cell: str, value: Any) -> None:
    quoted = '"' + cell + '"'  # so that 7,5 stays one cell
    docs, problems = read(tmp_path, f"judge,entry,criterion,mark\nj01,a,design,{quoted}\n")
    assert problems == []
    same(docs["j01"].data["scores"]["a"]["design"], value)


def test_cells_are_stripped_but_otherwise_untouched(tmp_path: Path) -> None:
    docs, problems = read(tmp_path, "judge , entry,criterion ,mark\n j01 ,  Café-Ølstue ,design, 7\nj01,Ｏslo,design,8\nj01,seoul air,design,9\n")
    assert problems == []
    # ids that are not slugs are for the cross-file checks (R205) to report, not for the reader
    assert list(docs["j01"].data["scores"]) == ["Café-Ølstue", "Ｏslo", "seoul air"]


def test_judges_in_order_of_first_appearance(tmp_path: Path) -> None:
    docs, _ = read(tmp_path, "judge,entry,mark\nj09,a,1\nj02,a,1\nj09,b,1\nj05,a,1\n")
    assert list(docs) == ["j09", "j02", "j05"]
    assert list(docs["j09"].data["scores"]) == ["a", "b"]


# ------------------------------------------------------------------------------- conventions

def test_byte_order_mark_accepted(tmp_path: Path) -> None:
    docs, problems = read(tmp_path, b"\xef\xbb\xbf" + BASE_WIDE.encode())
    assert problems == []
    assert docs["j01"].at(("judge",)) == (2, 1)
    same(docs["j01"].data, yaml_data(BASE_YAML["j01"]))


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_delimiters(tmp_path: Path, delimiter: str) -> None:
    text = BASE_WIDE.replace(",", delimiter)
    if delimiter == ";":
        text = text.replace("j01;seoul-air;7;8", 'j01;seoul-air;7;"8"')
    docs, problems = read(tmp_path, text)
    assert problems == []
    for judge, doc in docs.items():
        same(doc.data, yaml_data(BASE_YAML[judge]))
    assert docs["j02"].at(("scores", "seoul-air", "impact")) == (5, 4)


def test_delimiter_is_judged_from_the_header_line_only(tmp_path: Path) -> None:
    # the header uses ';', a comma in a row is then part of a cell: a decimal comma is no number
    docs, problems = read(tmp_path, "judge;entry;mark\nj01;a;7,5\n")
    assert problems == []
    assert docs["j01"].data["scores"] == {"a": "7,5"}
    # and with a comma header, a ';' in a row is just text
    docs, problems = read(tmp_path, "judge,entry,mark\nj01,a;b,7\n")
    assert problems == []
    assert docs["j01"].data["scores"] == {"a;b": 7}


def test_quoted_cells_with_commas_quotes_and_newlines(tmp_path: Path) -> None:
    text = ('judge,entry,criterion,mark\n'
            'j01,"a, b",design,7\n'
            'j01,"say ""hi""",design,8\n'
            'j01,"two\nlines",design,9\n'
            'j01,"three\r\nlines\nhere",design,6\n'
            'j01,after,design,yes\n')
    docs, problems = read(tmp_path, text)
    assert problems == []
    doc = docs["j01"]
    assert list(doc.data["scores"]) == ["a, b", 'say "hi"', "two\nlines", "three\r\nlines\nhere", "after"]
    assert doc.at(("scores", "two\nlines", "design")) == (4, 4)
    assert doc.at(("scores", "three\r\nlines\nhere")) == (6, 2)
    assert doc.at(("scores", "after", "design")) == (9, 4)  # rows 4 and 6 span 2 and 3 lines


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends(tmp_path: Path, newline: str) -> None:
    docs, problems = read(tmp_path, BASE_LONG.replace("\n", newline))
    assert problems == []
    same(docs["j03"].data, yaml_data(BASE_YAML["j03"]))
    assert docs["j03"].at(("scores", "baguio-health", "impact")) == (17, 4)


def test_blank_lines_and_empty_rows_are_skipped(tmp_path: Path) -> None:
    text = "\n\njudge,entry,mark\n\nj01,a,7\n,,\n   \n ; \nj01,b,8\n\n,,,,\n"
    docs, problems = read(tmp_path, text)
    assert found(problems) == [("T602", 8, 2)]  # " ; " is a cell of text, not a blank line
    assert docs["j01"].data["scores"] == {"a": 7, "b": 8}
    assert docs["j01"].at(("scores", "b")) == (9, 3)
    assert docs["j01"].at(("judge",)) == (5, 1)


# --------------------------------------------------------------------------------- positions

def test_positions_long_form(tmp_path: Path) -> None:
    docs, _ = read(tmp_path, BASE_LONG)
    j02 = docs["j02"]
    assert j02.at(("judge",)) == (6, 1)
    assert j02.key_at(("judge",)) == (6, 1)
    assert j02.at(("scores", "seoul-air")) == (8, 2)
    assert j02.key_at(("scores", "seoul-air")) == (8, 2)
    assert j02.at(("scores", "seoul-air", "impact")) == (9, 4)
    # the key of a mark in the long form is its criterion cell (where R206 points)
    assert j02.key_at(("scores", "seoul-air", "impact")) == (9, 3)
    assert docs["j01"].at(("scores", "baguio-health", "impact")) == (5, 4)
    assert docs["j03"].at(("scores", "baguio-health", "impact")) == (17, 4)


def test_positions_wide_form(tmp_path: Path) -> None:
    docs, _ = read(tmp_path, "entry,design,judge,impact\na,7,j01,8\nb,6,j01,\n")
    doc = docs["j01"]
    assert doc.at(("judge",)) == (2, 3)
    assert doc.at(("scores", "a")) == doc.key_at(("scores", "a")) == (2, 1)
    assert doc.at(("scores", "a", "design")) == doc.key_at(("scores", "a", "design")) == (2, 2)
    assert doc.at(("scores", "a", "impact")) == doc.key_at(("scores", "a", "impact")) == (2, 4)
    # an empty cell is no mark: M305 points at the entry
    assert doc.at(("scores", "b", "impact")) == (3, 1)


def test_positions_overall_marks(tmp_path: Path) -> None:
    docs, _ = read(tmp_path, "judge,mark,entry\nj01,yes,a\nj01,7,b\n")
    doc = docs["j01"]
    # the value is the mark cell (M303, M301 point there), the key the entry cell (R205)
    assert doc.at(("scores", "a")) == (2, 2)
    assert doc.key_at(("scores", "a")) == (2, 3)
    docs, _ = read(tmp_path, "judge,entry,criterion,mark\nj01,a,,7\n")
    assert docs["j01"].at(("scores", "a")) == (2, 4)
    assert docs["j01"].key_at(("scores", "a")) == (2, 2)


def test_positions_are_those_of_the_values_kept(tmp_path: Path) -> None:
    text = ("judge,entry,criterion,mark\n"
            "j01,a,design\n"          # 2: wrong number of cells, skipped
            "J01,a,design,1\n"        # 3: invalid judge, skipped
            "j01,,design,2\n"         # 4: no entry, skipped (but it is j01's first row)
            "j01,a,design,3\n"        # 5: kept
            "j01,a,design,4\n"        # 6: a repeat, not kept
            "j01,b,,5\n"              # 7: overall mark kept
            "j01,b,design,6\n")       # 8: criterion mark after an overall one, not kept
    docs, problems = read(tmp_path, text)
    assert found(problems) == [("T602", 2, 4), ("S104", 3, 1), ("T602", 4, 2), ("T603", 6, 4), ("T603", 8, 4)]
    doc = docs["j01"]
    assert doc.data["scores"] == {"a": {"design": 3}, "b": 5}
    assert doc.at(("judge",)) == (4, 1)
    assert doc.at(("scores", "a")) == (5, 2)
    assert doc.at(("scores", "a", "design")) == (5, 4)
    assert doc.at(("scores", "b")) == (7, 4)
    assert doc.at(("scores", "b", "design")) == (7, 4)  # no such value: its parent's position


def test_every_judge_of_a_file_is_located(tmp_path: Path) -> None:
    rows = [f"j{j:02d},e{e},{c},{(j + e) % 10}" for e in range(20) for j in range(30) for c in ("x", "y")]
    docs, problems = read(tmp_path, "judge,entry,criterion,mark\n" + "\n".join(rows) + "\n")
    assert problems == []
    for row_number, row in enumerate(rows, start=2):
        judge, entry, criterion, _ = row.split(",")
        doc = docs[judge]
        assert doc.at(("scores", entry, criterion)) == (row_number, 4)
        assert doc.key_at(("scores", entry, criterion)) == (row_number, 3)
        if criterion == "x":
            assert doc.at(("scores", entry)) == (row_number, 2)
        if entry == "e0" and criterion == "x":
            assert doc.at(("judge",)) == (row_number, 1)


def test_positions_are_found_only_when_asked(tmp_path: Path) -> None:
    path = write(tmp_path, BASE_LONG)
    sheets, _ = read_csv_sheets(path, "scores.csv")
    path.unlink()  # the documents do not need the file until a position is asked for
    doc = dict(sheets)["j02"]
    assert doc.data["scores"]["seoul-air"] == {"design": 6.5, "impact": 7}
    assert doc.at(("scores", "seoul-air", "impact")) == (1, 1)  # gone: no position, no exception


@pytest.mark.parametrize("changed", [BASE_WIDE, BASE_LONG.replace("j01,seoul-air,design,7", "j01,seoul-air,design,7.5"),
                                     "", BASE_LONG.encode("utf-16")])
def test_no_positions_from_a_file_that_changed(tmp_path: Path, changed: str | bytes) -> None:
    path = write(tmp_path, BASE_LONG)
    sheets, _ = read_csv_sheets(path, "scores.csv")
    write(tmp_path, changed)
    assert dict(sheets)["j02"].at(("scores", "seoul-air")) == (1, 1)


# ---------------------------------------------------------------------------------- problems

@pytest.mark.parametrize(("header", "expected"), [
    ("entry,criterion,mark", [("T601", 1, 1)]),                            # no judge column
    ("judge,criterion,mark", [("T601", 1, 1)]),                            # no entry column
    ("criterion,mark", [("T601", 1, 1), ("T601", 1, 1)]),                  # neither
    ("judge,entry,criterion", [("T601", 1, 3)]),                           # long form without mark
    ("judge,entry", [("T601", 1, 1)]),                                     # nowhere for marks
    ("Judge,entry,mark", [("T601", 1, 1)]),                                # names are lowercase
    ("judge,entry,Criterion,mark", [("T601", 1, 3)]),
])
def test_header_problems_that_stop_reading(tmp_path: Path, header: str, expected: list[tuple[str, int, int]]) -> None:
    docs, problems = read(tmp_path, header + "\nj01,a,design,7\nj01,a,design\n")
    assert found(problems) == expected
    assert docs == {}


@pytest.mark.parametrize(("header", "expected", "marks"), [
    ("judge,entry,design,,impact", [("T601", 1, 4)], {"design": 7, "impact": 9}),             # empty name
    ("judge,entry,design,design,impact", [("T601", 1, 4)], {"design": 7, "impact": 9}),       # duplicate
    ("judge,entry,design,Reach,impact", [("T601", 1, 4)], {"design": 7, "impact": 9}),        # not an id
    ("judge,entry,design,the reach,impact", [("T601", 1, 4)], {"design": 7, "impact": 9}),
    ("judge,entry,design,judge,impact", [("T601", 1, 4)], {"design": 7, "impact": 9}),
    ("judge,entry,design, ,impact", [("T601", 1, 4)], {"design": 7, "impact": 9}),
])
def test_header_problems_in_wide_form_skip_the_column(tmp_path: Path, header: str, expected: list[tuple[str, int, int]],
                                                      marks: dict[str, Any]) -> None:
    docs, problems = read(tmp_path, header + "\nj01,a,7,8,9\n")
    assert found(problems) == expected
    assert docs["j01"].data["scores"] == {"a": marks}


@pytest.mark.parametrize("header", ["judge,entry,criterion,mark,notes", "judge,entry,criterion,mark,design"])
def test_other_columns_in_long_form(tmp_path: Path, header: str) -> None:
    docs, problems = read(tmp_path, header + "\nj01,a,design,7,x\n")
    assert found(problems) == [("T601", 1, 5)]
    assert docs["j01"].data["scores"] == {"a": {"design": 7}}


def test_other_columns_in_overall_form(tmp_path: Path) -> None:
    docs, problems = read(tmp_path, "judge,entry,mark,notes\nj01,a,7,good\n")
    assert found(problems) == [("T601", 1, 4)]
    assert docs["j01"].data["scores"] == {"a": 7}


def test_wrong_number_of_cells(tmp_path: Path) -> None:
    text = "judge,entry,mark\nj01,a,7,8\nj01,b\nj01,c,9\nj01\nj01,d,1,\n"
    docs, problems = read(tmp_path, text)
    # the cell named is the first one too many, or the first missing
    assert found(problems) == [("T602", 2, 4), ("T602", 3, 3), ("T602", 5, 2), ("T602", 6, 4)]
    assert docs["j01"].data["scores"] == {"c": 9}


def test_wrong_number_of_cells_after_a_multiline_cell(tmp_path: Path) -> None:
    docs, problems = read(tmp_path, 'judge,entry,mark\nj01,"x\ny\nz",7\nj01,"p\nq",8,9\n')
    assert found(problems) == [("T602", 5, 4)]
    assert docs["j01"].at(("scores", "x\ny\nz")) == (2, 3)


def test_empty_judge_or_entry_cell(tmp_path: Path) -> None:
    text = "entry,judge,criterion,mark\na,,design,7\n,j01,design,7\n , ,design,7\nb,j01,design,7\n"
    docs, problems = read(tmp_path, text)
    assert found(problems) == [("T602", 2, 2), ("T602", 3, 1), ("T602", 4, 2)]
    assert docs["j01"].data["scores"] == {"b": {"design": 7}}


@pytest.mark.parametrize("header", ["judge,entry,mark", "judge,entry,design"])
def test_empty_entry_cell_in_other_forms(tmp_path: Path, header: str) -> None:
    docs, problems = read(tmp_path, header + "\nj01, ,7\nj01,b,8\n")
    assert found(problems) == [("T602", 2, 2)]
    assert list(docs["j01"].data["scores"]) == ["b"]


def test_duplicate_marks(tmp_path: Path) -> None:
    text = ("judge,entry,criterion,mark\n"
            "j01,a,design,7\n"
            "j02,a,design,7\n"    # another judge: fine
            "j01,a,impact,7\n"
            "j01, a ,design,8\n"  # the same after stripping
            "j01,b,,7\n"
            "j01,b,,8\n")
    docs, problems = read(tmp_path, text)
    assert found(problems) == [("T603", 5, 4), ("T603", 7, 4)]
    assert docs["j01"].data["scores"] == {"a": {"design": 7, "impact": 7}, "b": 7}


def test_overall_and_criterion_marks_mixed(tmp_path: Path) -> None:
    text = "judge,entry,criterion,mark\nj01,a,,7\nj01,a,design,8\nj01,b,design,8\nj01,b,,7\nj01,b,impact,9\n"
    docs, problems = read(tmp_path, text)
    assert found(problems) == [("T603", 3, 4), ("T603", 5, 4)]
    assert docs["j01"].data["scores"] == {"a": 7, "b": {"design": 8, "impact": 9}}


def test_duplicate_marks_overall_and_wide(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "judge,entry,mark\nj01,a,7\nj01,a,\n")
    assert found(problems) == [("T603", 3, 3)]
    docs, problems = read(tmp_path, "judge,entry,design,impact\nj01,a,7,\nj01,a,,8\nj01,a,6,9\nj01,a,,\n")
    assert found(problems) == [("T603", 4, 3), ("T603", 4, 4)]
    assert docs["j01"].data["scores"] == {"a": {"design": 7, "impact": 8}}


def test_invalid_judge_id_reported_once_and_its_rows_skipped(tmp_path: Path) -> None:
    text = "judge,entry,mark\nJudge 1,a,7\nj01,a,7\nJudge 1,b,7\njudge_2,a,1\n"
    docs, problems = read(tmp_path, text)
    assert found(problems) == [("S104", 2, 1), ("S104", 5, 1)]
    assert list(docs) == ["j01"]


def test_utf16_and_invalid_utf8(tmp_path: Path) -> None:
    docs, problems = read(tmp_path, BASE_WIDE.encode("utf-16"))
    assert (docs, found(problems)) == ({}, [("Y005", 1, 1)])
    docs, problems = read(tmp_path, "judge,entry,mark\nj01,caf\xe9,7\n".encode("latin-1"))
    assert (docs, found(problems)) == ({}, [("Y005", 2, 8)])


@pytest.mark.parametrize(("content", "expected"), [
    ("", [("Y006", 1, 1)]),
    ("\n \n\n", [("Y006", 1, 1)]),
    (b"\xef\xbb\xbf", [("Y006", 1, 1)]),
    ("judge,entry,mark\n", [("Y006", 1, 1)]),
    ("\njudge,entry,mark\n\n,,\n", [("Y006", 2, 1)]),
    ("judge,entry\n", [("T601", 1, 1), ("Y006", 1, 1)]),
])
def test_no_data(tmp_path: Path, content: str | bytes, expected: list[tuple[str, int, int]]) -> None:
    docs, problems = read(tmp_path, content)
    assert (docs, found(problems)) == ({}, expected)


def test_unreadable_file(tmp_path: Path) -> None:
    sheets, problems = read_csv_sheets(tmp_path / "missing.csv", "scores/missing.csv")
    assert sheets == [] and found(problems) == [("F002", 0, 0)]
    (tmp_path / "folder.csv").mkdir()
    sheets, problems = read_csv_sheets(tmp_path / "folder.csv", "scores/folder.csv")
    assert sheets == [] and found(problems) == [("F002", 0, 0)]


def test_a_quote_left_open_is_reported_not_raised(tmp_path: Path) -> None:
    # a cell over the csv module's field limit (128 KiB) stops the reader: keep what came before
    text = 'judge,entry,mark\nj01,a,7\nj01,b,"8\n' + ("j01,c,9\n" * 20_000)
    docs, problems = read(tmp_path, text)
    assert found(problems) == [("T602", 3, 1)]
    assert docs["j01"].data["scores"] == {"a": 7}
    assert docs["j01"].at(("scores", "a")) == (2, 3)
    # below the limit, the open quote swallows the rest of the file into one cell
    docs, problems = read(tmp_path, 'judge,entry,mark\nj01,a,"8\nj01,b,9\n')
    assert problems == []
    assert docs["j01"].data["scores"] == {"a": "8\nj01,b,9"}  # not a number: M303 at (2, 3)


def test_every_problem_of_a_file_at_once(tmp_path: Path) -> None:
    text = ("judge,entry,design,design,Impact\n"
            "j01,a,7,7,7\n"
            "j01,a,8,8,8\n"
            "j01\n"
            "J1,a,1,1,1\n"
            ",a,1,1,1\n")
    _, problems = read(tmp_path, text)
    assert found(problems) == [("T601", 1, 4), ("T601", 1, 5), ("T603", 3, 3), ("T602", 4, 2), ("S104", 5, 1), ("T602", 6, 1)]


# ------------------------------------------------------------------ with the rest of the tool

def _wired(tmp_path: Path, csv_text: str) -> list[Diagnostic]:
    """The base cycle with its score sheets replaced by one CSV file, wired in as load.py will."""
    from smartaward.checks.run import run_checks
    from smartaward.reading.load import Sheet, load_cycle

    root = tmp_path / f"cycle{len(list(tmp_path.iterdir()))}"
    shutil.copytree(BASE, root)
    shutil.rmtree(root / "scores")
    cycle = load_cycle(root)
    sheets, problems = read_csv_sheets(write(root, csv_text, "marks.csv"), "scores/marks.csv")
    cycle.problems.extend(problems)
    for judge, doc in sheets:
        cycle.sheets.append(Sheet(judge, None, doc))
        for entry, marks in doc.data["scores"].items():
            cycle.marks.add(len(cycle.sheets) - 1, entry, marks)
    return run_checks(cycle)


def test_the_base_cycle_with_csv_sheets_is_valid(tmp_path: Path) -> None:
    assert _wired(tmp_path, BASE_LONG) == []
    assert _wired(tmp_path, BASE_WIDE) == []


def test_later_checks_point_at_cells(tmp_path: Path) -> None:
    text = ("judge,entry,design,impact,reach\n"
            "j01,seoul-air,yes,8,\n"        # 2: M303 at the design cell
            "j01,baguio-health,9,9.5,\n"
            "j02,oslo-bikes,8,8,7\n"        # 4: R206, reach is no criterion of the call
            "j02,seoul-air,6.5,7,\n"
            "j02,baguio-health,9,9,\n"
            "j03,oslo-bikes,8.5,7.5,\n"
            "j03,sooul-air,7,7.5,\n"        # 8: R205 at the entry cell
            "j03,seoul-air,7,11,\n"         # 9: M301 at the impact cell
            "j03,baguio-health,8,,\n")      # 10: M305 at the entry cell
    assert [(d.code, d.line, d.column) for d in _wired(tmp_path, text)] == [
        ("M303", 2, 3), ("R206", 4, 5), ("R205", 8, 2), ("M301", 9, 4), ("M305", 10, 2)]


# --------------------------------------------------------------------------------------- speed

def test_speed_sanity(tmp_path: Path) -> None:
    rows = "".join(f"j{j:03d},entry-{e:05d},{c},{(e + j) % 21 / 2:g}\n"
                   for j in range(40) for e in range(1_700) for c in ("design", "impact", "reach"))
    path = write(tmp_path, "judge,entry,criterion,mark\n" + rows)
    start = time.perf_counter()
    sheets, problems = read_csv_sheets(path, "scores/big.csv")
    elapsed = time.perf_counter() - start
    assert problems == [] and len(sheets) == 40
    assert sum(len(doc.data["scores"]) for _, doc in sheets) == 40 * 1_700
    assert elapsed < 5, f"{elapsed:.2f} s for 204,000 rows"
