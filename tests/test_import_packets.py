"""Judges' packets read back: `smartaward import scores` on the Marks sheet of a packet workbook
(/work/tmp/i14/packet-layout.md: judge, round, entry, title, one column per criterion, mark,
comment). The round trip packets → fill → import → rank gives the sample's winners; a packet
edited as people edit spreadsheets (a decimal comma typed as text, an empty row, a deleted row,
spaces, numbers stored as text) gives problems at their row and column, never a traceback.

The Seoul 2024 sample is copied and its final sheets removed; everything about its panels and
marks is read from the copy (the sample may be regenerated)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run

from smartaward.api import results
from smartaward.model.blind import entry_codes
from smartaward.reading.load import Cycle

SAMPLE = Path(__file__).parent.parent / "cycles" / "seoul-smart-city-2024"
BASE = Path(__file__).parent / "cases" / "base"
ROUND = "final"


# --- the cycle, the removed sheets, the assignment built from them ---------------------------------


def _winners(root: Path) -> list[dict[str, Any]]:
    from smartaward.publishing.data import winner_rows

    outcome = results(root)
    assert outcome.results is not None, [d.message for d in outcome.checked.diagnostics][:5]
    return [{k: v for k, v in row.items() if k != "status"} for row in winner_rows(outcome.results)]


def _without_final_sheets(tmp_path: Path) -> tuple[Path, dict[str, dict[str, Any]], dict[str, dict[str, str]]]:
    """The sample copied to tmp_path/cycle without its final sheets, and an assignments/final.yaml
    giving each final judge the entries they had marked; the removed marks and comments, judge →
    entry → marks (or comment)."""
    root = tmp_path / "cycle"
    shutil.copytree(SAMPLE, root)
    marks: dict[str, dict[str, Any]] = {}
    comments: dict[str, dict[str, str]] = {}
    for path in sorted((root / "scores" / ROUND).glob("*.yaml")):
        sheet = yaml.safe_load(path.read_text(encoding="utf-8"))
        marks[sheet["judge"]] = sheet["scores"]
        comments[sheet["judge"]] = dict(sheet.get("comments") or {})
        path.unlink()
    assert marks, "the sample has no final sheets"
    for path in (root / "assignments").glob("*.yaml") if (root / "assignments").is_dir() else []:
        if yaml.safe_load(path.read_text(encoding="utf-8")).get("round") == ROUND:
            path.unlink()  # the test writes its own
    (root / "assignments").mkdir(exist_ok=True)
    lines = [f"round: {ROUND}", "judges:"] + [f"  {judge}: [{', '.join(entries)}]" for judge, entries in marks.items()]
    (root / "assignments" / f"{ROUND}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root, marks, comments


def _cycle(root: Path) -> Cycle:
    outcome = results(root, load_with_errors=True)
    assert outcome.cycle is not None
    return outcome.cycle


# --- packets: by hand to the layout, or by `smartaward packets` ---------------------------------------


def _packets_by_hand(root: Path, out: Path, key: str | None = None, blind: bool = False) -> dict[str, Path]:
    """The Marks sheet of each judge's packet for the round, written as packet-layout.md says."""
    from openpyxl import Workbook

    cycle = _cycle(root)
    assert cycle.spec is not None
    index = cycle.entry_index
    codes = entry_codes([r.entry.id for r in cycle.entries], key, cycle.spec.cycle)
    assignment = next(a for a in cycle.assignments if a.round == ROUND)
    packets: dict[str, Path] = {}
    for judge, entries in assignment.judges.items():
        calls = {index[e].entry.call for e in entries}
        criteria = [c for name, call in cycle.spec.calls.items() if name in calls for c in call.criteria]
        needs_mark = any(not cycle.spec.calls[c].criteria for c in calls)
        book = Workbook()
        sheet = book.active
        sheet.title = "Marks"
        sheet.append(["judge", "round", "entry", "title", *criteria, *(["mark"] if needs_mark else []), "comment"])
        for entry in entries:
            sheet.append([judge, ROUND, codes[entry] if blind else entry, index[entry].entry.title])
        book.create_sheet("Instructions").append(["Mark each entry on each criterion of its call."])
        path = out / judge / f"{ROUND}-{judge}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        packets[judge] = path
    return packets


def _packets_by_command(root: Path, out: Path, key: str | None = None, blind: bool = False) -> dict[str, Path]:
    env = {"SMARTAWARD_PSEUDONYM_KEY": key} if key else {}
    result = run("packets", root, "--round", ROUND, "--to", out, env=env)
    assert result.exit_code == 0, result.output
    return {path.parent.name: path for path in sorted(out.glob(f"*/{ROUND}-*.xlsx"))}


def _has_packets_command() -> bool:
    return run("packets", "--help").exit_code == 0


MAKERS = [pytest.param(_packets_by_hand, id="by-hand"),
          pytest.param(_packets_by_command, id="packets-command",
                       marks=pytest.mark.skipif(not _has_packets_command(), reason="smartaward packets is not there yet"))]


def _columns(sheet: Any) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def _fill(path: Path, marks: dict[str, Any], comments: dict[str, str], back: dict[str, str]) -> None:
    """Fill a packet as a judge would: each row's marks from `marks` (by entry; `back` maps entry
    codes to entry ids), and the comment."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["Marks"]
    columns = _columns(sheet)
    for row in range(2, sheet.max_row + 1):
        shown = sheet.cell(row, columns["entry"]).value
        entry = back.get(shown, shown)
        given = marks[entry]
        for criterion, mark in (given.items() if isinstance(given, dict) else [("mark", given)]):
            sheet.cell(row, columns[criterion]).value = mark
        if entry in comments:
            sheet.cell(row, columns["comment"]).value = comments[entry]
    book.save(path)


def _import(path: Path, root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    result = run("import", "scores", path, "--cycle", root, "--format", "json", *args, env=env or {})
    return result.exit_code, json.loads(result.stdout)


def _found(document: dict[str, Any], severity: str | None = None) -> set[tuple[str, int, int]]:
    return {(d["code"], d["line"], d["column"]) for d in document["diagnostics"] if severity is None or d["severity"] == severity}


# --- the round trip ----------------------------------------------------------------------------------


@pytest.mark.parametrize("make", MAKERS)
def test_packets_filled_and_imported_rank_as_the_sample(make: Any, tmp_path: Path) -> None:
    expected = _winners(SAMPLE)
    root, marks, comments = _without_final_sheets(tmp_path)
    for judge in marks:  # a comment on every judge's first entry, besides the sample's own
        comments[judge].setdefault(next(iter(marks[judge])), f"Read with care by {judge}: \"=SUM(A1)\"\nsecond line")
    packets = make(root, tmp_path / "packets")
    assert sorted(packets) == sorted(marks)
    for judge, path in packets.items():
        _fill(path, marks[judge], comments[judge], {})
        code, document = _import(path, root)
        assert code == 0 and not document["diagnostics"], document
        assert [f["file"].rsplit("/", 3)[1:] for f in document["files"]] == [["scores", ROUND, f"{judge}.yaml"]]
    assert _winners(root) == expected
    cycle = _cycle(root)
    imported = {s.judge: s for s in cycle.sheets if s.round == ROUND}
    assert {judge: dict(sheet.comments) for judge, sheet in imported.items()} == {j: c for j, c in comments.items()}
    status = results(root).results
    assert status is not None and status.status is not None
    assert not [item for item in status.status.open if item.round == ROUND], [i.document() for i in status.status.open]


@pytest.mark.parametrize("make", MAKERS)
def test_blind_packets_map_codes_back_with_the_same_key(make: Any, tmp_path: Path) -> None:
    root, marks, comments = _without_final_sheets(tmp_path)
    spec = yaml.safe_load((root / "cycle.yaml").read_text(encoding="utf-8"))
    for call in spec["calls"].values():
        if ROUND in (call.get("rounds") or {}):
            call["rounds"][ROUND]["blind"] = True
    (root / "cycle.yaml").write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    key = "an organiser's secret"
    packets = make(root, tmp_path / "packets", key=key, blind=True)
    cycle = _cycle(root)
    assert cycle.spec is not None
    back = {code: entry for entry, code in entry_codes([r.entry.id for r in cycle.entries], key, cycle.spec.cycle).items()}
    judge, path = next(iter(packets.items()))
    _fill(path, marks[judge], comments[judge], back)

    code, document = _import(path, root, "--dry-run")  # without the key: the codes are no entry's
    assert code == 1
    r205 = [d for d in document["diagnostics"] if d["code"] == "R205"]
    assert len(r205) == len(marks[judge]) and {d["column"] for d in r205} == {3}
    assert "SMARTAWARD_PSEUDONYM_KEY" in r205[0]["message"]

    code, document = _import(path, root, env={"SMARTAWARD_PSEUDONYM_KEY": key})
    assert code == 0 and not document["diagnostics"], document
    sheet = yaml.safe_load((root / "scores" / ROUND / f"{judge}.yaml").read_text(encoding="utf-8"))
    assert sheet["scores"] == marks[judge]


# --- a packet edited in a spreadsheet application ---------------------------------------------------


def test_a_packet_edited_as_people_edit_spreadsheets(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root, marks, comments = _without_final_sheets(tmp_path)
    cycle = _cycle(root)
    assert cycle.spec is not None
    index = cycle.entry_index
    judge = next(iter(marks))
    make = _packets_by_command if _has_packets_command() else _packets_by_hand
    path = make(root, tmp_path / "packets")[judge]
    _fill(path, marks[judge], {}, {})
    book = load_workbook(path)
    sheet = book["Marks"]
    columns = _columns(sheet)
    entries = [sheet.cell(row, columns["entry"]).value for row in range(2, sheet.max_row + 1)]
    assert len(entries) >= 8

    def criteria_of(entry: str) -> list[str]:
        assert cycle.spec is not None
        return list(cycle.spec.calls[index[entry].entry.call].criteria)

    # Rows 2..: row 2 gets "7,5" typed as text; row 3 a number stored as text with spaces; row 4
    # is emptied of marks (left unmarked); row 5 gets a comment with a bidirectional override;
    # row 6 a mark the spreadsheet turned into a date; row 7 a mark for a criterion its call does
    # not have (there is one when the sheet has two calls' criteria). Then a row is deleted and an
    # empty row inserted in the middle.
    first = criteria_of(entries[0])
    sheet.cell(2, columns[first[0]]).value = "7,5"
    sheet.cell(3, columns[criteria_of(entries[1])[-1]]).value = " 8.5  "
    sheet.cell(3, columns["judge"]).value = f"{judge}  "
    for criterion in criteria_of(entries[2]):
        sheet.cell(4, columns[criterion]).value = None
    sheet.cell(5, columns["comment"]).value = "good \u202eevil"
    sheet.cell(6, columns[criteria_of(entries[4])[1]]).value = datetime(2024, 5, 7)
    foreign = [c for c in columns if c in {x for call in cycle.spec.calls.values() for x in call.criteria} and c not in criteria_of(entries[5])]
    if foreign:
        sheet.cell(7, columns[foreign[0]]).value = 5
    deleted = entries[6]
    sheet.delete_rows(8)  # entries[6]'s row
    sheet.insert_rows(8)  # an empty row where it was
    book.save(path)

    code, document = _import(path, root, "--decimal", ".")  # 7,5 among number cells: else read as 7.5 (detected)
    assert code == 1
    expected = {("M303", 2, columns[first[0]]), ("S105", 5, columns["comment"]), ("M303", 6, columns[criteria_of(entries[4])[1]]),
                ("M305", 4, columns[criteria_of(entries[2])[0]])}
    if foreign:
        expected.add(("R206", 7, columns[foreign[0]]))
    assert _found(document) == expected, document["diagnostics"]
    messages = {(d["code"], d["line"]): d["message"] for d in document["diagnostics"]}
    assert "write 7.5" in messages[("M303", 2)] and "date" in messages[("M303", 6)]
    text = run("import", "scores", path, "--cycle", root, "--dry-run", "--decimal", ".")
    assert text.exit_code == 1 and f":2:{columns[first[0]]}: error M303 column {first[0]!r}: " in text.stdout
    assert not (root / "scores" / ROUND / f"{judge}.yaml").exists()

    code, document = _import(path, root, "--skip-bad", "--decimal", ".")
    assert code == 1
    written = yaml.safe_load((root / "scores" / ROUND / f"{judge}.yaml").read_text(encoding="utf-8"))
    assert written["judge"] == judge
    assert written["scores"][entries[1]] == {**marks[judge][entries[1]], criteria_of(entries[1])[-1]: 8.5}
    assert set(written["scores"]) == set(entries) - {entries[0], entries[2], entries[3], entries[4], entries[6]} - ({entries[5]} if foreign else set())
    assert "comments" not in written  # the bad comment's row was skipped with its marks
    outcome = results(root)
    assert outcome.results is not None and outcome.results.status is not None
    unmarked = {e for i in outcome.results.status.open if i.kind == "unmarked" and i.round == ROUND and i.judge == judge for e in i.entries}
    assert {deleted, entries[2]} <= unmarked  # the deleted row and the emptied one: status lists them as open


# --- the columns a packet adds, on the small base cycle ---------------------------------------------


@pytest.fixture
def base(tmp_path: Path) -> Path:
    root = tmp_path / "base"
    shutil.copytree(BASE, root)
    for sheet in (root / "scores").glob("*.yaml"):
        sheet.unlink()
    return root


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_title_is_read_and_ignored_and_comments_become_the_sheets_comments(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "m.csv", "Judge,Entry,Entry title,Design,Impact,Judge's comment\n"
                                      "j01,seoul-air,Clean air,7,8,\"Convincing pilot.\nThe budget is thin.\"\n"
                                      "j01,baguio-health,,9,9.5,\n"
                                      "j01,oslo-bikes,Bikes,,,A conflict: no marks\n")
    code, document = _import(sheet, base)
    assert code == 0 and _found(document) == {("M305", 4, 4)}, document
    assert "comment is kept" in document["diagnostics"][0]["message"]
    assert (base / "scores" / "j01.yaml").read_text(encoding="utf-8") == """\
# Imported by smartaward from m.csv, rows 2-4
judge: j01
scores:
  seoul-air: {design: 7, impact: 8}
  baguio-health: {design: 9, impact: 9.5}
comments:
  seoul-air: "Convincing pilot.\\nThe budget is thin."
  oslo-bikes: "A conflict: no marks"
"""
    assert run("validate", base).exit_code == 0


def test_comment_problems_are_at_their_cell(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "m.csv", "judge,entry,criterion,mark,comment\n"
                                      "j01,seoul-air,design,7,Fine\n"
                                      "j01,seoul-air,impact,8,Not fine\n"  # a second, different comment
                                      "j02,seoul-air,design,7,\"" + "x" * 20001 + "\"\n"  # too long
                                      "j02,seoul-air,impact,7,\n"
                                      "j03,nowhere,,,A comment on no entry\n")
    code, document = _import(sheet, base)
    assert code == 1
    assert _found(document) == {("T603", 3, 5), ("S103", 4, 5), ("R205", 6, 2)}, document["diagnostics"]


def test_rows_without_marks_leave_the_entry_unmarked(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "m.csv", "judge,entry,title,design,impact,comment\n"
                                      "j01,seoul-air,Clean air,,,\n"  # left empty: unmarked
                                      ",,,,,\n"  # an empty row: nothing
                                      "j01,baguio-health,Health,9,9.5,\n"
                                      "j01,nowhere,Gone,,,\n"  # no such entry, even without marks
                                      "j02,seoul-air,Clean air,,,\n")  # a judge with nothing marked: no file
    code, document = _import(sheet, base)
    assert code == 1 and _found(document) == {("M305", 2, 4), ("R205", 5, 2), ("M305", 6, 4)}, document
    code, document = _import(sheet, base, "--skip-bad")
    assert sorted(p.name for p in (base / "scores").iterdir()) == ["j01.yaml"]
    assert yaml.safe_load((base / "scores" / "j01.yaml").read_text(encoding="utf-8"))["scores"] == {"baguio-health": {"design": 9, "impact": 9.5}}


def test_a_criterion_named_title_keeps_its_column(base: Path, tmp_path: Path) -> None:
    text = (base / "cycle.yaml").read_text(encoding="utf-8").replace("impact: {title: Impact, weight: 2}", "title: {title: Title, weight: 2}")
    (base / "cycle.yaml").write_text(text.replace("criterion:impact", "criterion:title"), encoding="utf-8")
    sheet = _csv(tmp_path / "m.csv", "judge,entry,design,title\nj01,seoul-air,7,8\n")
    code, document = _import(sheet, base, "--dry-run")
    assert code == 0 and not document["diagnostics"], document


def test_a_wide_sheet_with_a_mark_column_takes_one_or_the_other(tmp_path: Path) -> None:
    """A packet whose entries need an overall mark or verdict (a screening round, a call without
    criteria) has a mark column beside the criterion columns: a row gives one or the other."""
    root = tmp_path / "cycle"
    shutil.copytree(SAMPLE, root)
    path = sorted((root / "scores" / "eligibility").glob("*.yaml"))[0]
    verdicts = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.unlink()
    (first, a), (second, b) = list(verdicts["scores"].items())[:2]
    spec = yaml.safe_load((root / "cycle.yaml").read_text(encoding="utf-8"))
    criteria = [c for call in spec["calls"].values() for c in call.get("criteria") or {}][:2]
    judge = verdicts["judge"]
    sheet = _csv(tmp_path / "m.csv", f"judge,round,entry,title,{','.join(criteria)},mark,comment\n"
                                      f"{judge},eligibility,{first},,,,{a},\n"
                                      f"{judge},eligibility,{second},,7,,{b},\n")
    code, document = _import(sheet, root, "--dry-run")
    assert code == 1 and _found(document) == {("M304", 3, 7)}, document


# --- one packet is one judge's marks for one round (--judge) ------------------------------------------


def _rows_of(sheet: Any, columns: dict[str, int]) -> list[str]:
    return [sheet.cell(row, columns["entry"]).value for row in range(2, sheet.max_row + 1)]


def test_a_packet_holds_one_judges_marks_for_one_round(tmp_path: Path) -> None:
    """A returned packet whose judge cell names another judge, or whose round cell another round,
    wrote that judge's or round's sheet (exit 0): with --judge, and without it for a workbook that
    is a packet, such a row is bad (I702 at the cell)."""
    from openpyxl import load_workbook

    root, marks, _ = _without_final_sheets(tmp_path)
    judge = next(iter(marks))
    other = next(k for k in marks if k != judge and set(marks[k]) & set(marks[judge]))  # shares an entry
    path = _packets_by_hand(root, tmp_path / "packets")[judge]
    _fill(path, marks[judge], {}, {})
    book = load_workbook(path)
    sheet = book["Marks"]
    columns = _columns(sheet)
    entries = _rows_of(sheet, columns)
    shared_row = 2 + entries.index(next(e for e in entries if e in marks[other]))
    round_row = 2 if shared_row != 2 else 3
    sheet.cell(shared_row, columns["judge"]).value = other
    sheet.cell(round_row, columns["round"]).value = "evaluation"
    book.save(path)

    expected = {("I702", shared_row, columns["judge"]), ("I702", round_row, columns["round"])}
    for args in ([], ["--judge", judge], ["--judge", judge, "--round", ROUND]):
        code, document = _import(path, root, "--dry-run", *args)
        assert code == 1 and _found(document) == expected, (args, document["diagnostics"])
    messages = {d["line"]: d["message"] for d in document["diagnostics"]}
    assert repr(other) in messages[shared_row] and repr(judge) in messages[shared_row]
    assert "'evaluation'" in messages[round_row] and repr(ROUND) in messages[round_row]

    code, document = _import(path, root, "--judge", other, "--dry-run")  # the organiser's own slip: said
    assert code == 1 and {(c, col) for c, _, col in _found(document)} == {("I702", columns["judge"])}
    assert len(_found(document)) == len(entries) - 1

    code, document = _import(path, root, "--judge", judge, "--skip-bad")
    assert code == 1
    assert [f["file"].rsplit("/", 3)[1:] for f in document["files"]] == [["scores", ROUND, f"{judge}.yaml"]]
    assert not (root / "scores" / ROUND / f"{other}.yaml").exists()
    assert not (root / "scores" / "evaluation" / f"{judge}.yaml").exists()
    written = yaml.safe_load((root / "scores" / ROUND / f"{judge}.yaml").read_text(encoding="utf-8"))
    assert set(written["scores"]) == set(entries) - {entries[shared_row - 2], entries[round_row - 2]}


def test_judge_option_misuse_and_csv(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "m.csv", "judge,entry,design,impact\nj01,seoul-air,7,8\nj02,seoul-air,6,6\n")
    assert run("import", "scores", sheet, "--cycle", base, "--judge", "j99").exit_code == 2  # no such judge
    assert run("import", "scores", sheet, "--cycle", base, "--judge", "J01").exit_code == 2  # no judge id
    assert run("import", "entries", sheet, "--cycle", base, "--judge", "j01").exit_code == 2
    code, document = _import(sheet, base, "--judge", "j01", "--dry-run")  # a CSV file too: one judge's
    assert code == 1 and _found(document) == {("I702", 3, 1)}, document
    code, document = _import(sheet, base, "--dry-run")  # without --judge a CSV file holds any judges' marks
    assert code == 0 and not _found(document), document


def test_a_sheet_put_before_marks_is_not_read(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root, marks, _ = _without_final_sheets(tmp_path)
    judge = next(iter(marks))
    path = _packets_by_hand(root, tmp_path / "packets")[judge]
    _fill(path, marks[judge], {}, {})
    book = load_workbook(path)
    header = [cell.value for cell in book["Marks"][1]]
    evil = book.create_sheet("Evil", 0)
    evil.append(header)
    evil.append([judge, ROUND, next(iter(marks[judge])), "", *[0] * (len(header) - 4)])
    book.save(path)
    code, document = _import(path, root, "--judge", judge)
    assert code == 0 and not document["diagnostics"] and document["summary"]["rows"] == len(marks[judge]), document
    assert yaml.safe_load((root / "scores" / ROUND / f"{judge}.yaml").read_text(encoding="utf-8"))["scores"] == marks[judge]
    code, document = _import(path, root, "--sheet", "Evil", "--dry-run")  # named: read
    assert document["summary"]["rows"] == 1


def test_with_judge_an_entry_outside_the_packet_is_bad_and_codes_read_in_any_case(tmp_path: Path) -> None:
    """A code (or id) swapped for an entry not in the judge's packet: with --judge and the round's
    assignment file, I702 at the cell (without --judge, as before: P804 when the round is ranked).
    A code typed in lower case is the same code."""
    from openpyxl import load_workbook

    root, marks, _ = _without_final_sheets(tmp_path)
    cycle = _cycle(root)
    assert cycle.spec is not None
    codes = entry_codes([r.entry.id for r in cycle.entries], None, cycle.spec.cycle)
    judge = next(iter(marks))
    path = _packets_by_hand(root, tmp_path / "packets", blind=True)[judge]
    _fill(path, marks[judge], {}, {code: entry for entry, code in codes.items()})
    book = load_workbook(path)
    sheet = book["Marks"]
    columns = _columns(sheet)
    entries = _rows_of(sheet, columns)
    back = {code: entry for entry, code in codes.items()}
    others = sorted({e for k, given in marks.items() if k != judge for e in given} - set(marks[judge]))
    # A row whose entry is swapped for one of the same call (so that its marks fit) not in the packet.
    row, outside = next((row, e) for row, shown in enumerate(entries, start=2) for e in others
                        if cycle.entry_index[e].entry.call == cycle.entry_index[back[shown]].entry.call)
    swapped = back[entries[row - 2]]
    lower = 3 if row == 2 else 2
    sheet.cell(row, columns["entry"]).value = codes[outside]
    sheet.cell(lower, columns["entry"]).value = entries[lower - 2].lower()
    book.save(path)

    code, document = _import(path, root, "--judge", judge, "--dry-run")
    assert code == 1 and _found(document) == {("I702", row, columns["entry"])}, document
    message = document["diagnostics"][0]["message"]
    assert codes[outside] in message and repr(judge) in message and "assignments/" in message
    code, document = _import(path, root, "--dry-run")  # without --judge: as before, a warning
    assert code == 0 and _found(document, "error") == set(), document
    code, document = _import(path, root, "--judge", judge, "--skip-bad")
    written = yaml.safe_load((root / "scores" / ROUND / f"{judge}.yaml").read_text(encoding="utf-8"))
    assert set(written["scores"]) == set(marks[judge]) - {swapped}  # the lower-case code's entry is there


def test_excel_escapes_in_strings_are_decoded(tmp_path: Path) -> None:
    """Excel stores a carriage return as _x000D_ and an escape as _x001B_ (ST_Xstring), and text
    typed as "_x000D_" as _x005F_x000D_: read as Excel reads them, then checked as any text."""
    from openpyxl import load_workbook

    root, marks, _ = _without_final_sheets(tmp_path)
    judge = next(iter(marks))
    path = _packets_by_hand(root, tmp_path / "packets")[judge]
    _fill(path, marks[judge], {}, {})
    book = load_workbook(path)
    sheet = book["Marks"]
    columns = _columns(sheet)
    entries = _rows_of(sheet, columns)
    sheet.cell(2, columns["comment"]).value = "ok _x001B_[2J"
    sheet.cell(3, columns["comment"]).value = "typed _x005F_x000D_ as is"
    sheet.cell(4, columns["comment"]).value = "two_x000A_lines _xD83D__xDE00_"
    sheet.cell(5, columns["comment"]).value = "pasted_x000D__x000A_from Windows_x000D_and a Mac"
    book.save(path)
    code, document = _import(path, root, "--judge", judge)
    assert code == 1 and _found(document) == {("S105", 2, columns["comment"])}, document
    assert "U+001B" in document["diagnostics"][0]["message"]
    _import(path, root, "--judge", judge, "--skip-bad")
    written = yaml.safe_load((root / "scores" / ROUND / f"{judge}.yaml").read_text(encoding="utf-8"))
    assert written["comments"] == {entries[1]: "typed _x000D_ as is", entries[2]: "two\nlines \U0001f600",
                                   entries[3]: "pasted\nfrom Windows\nand a Mac"}  # a pasted line break is a line feed
