"""Judges' comments in score sheets: `comments:` (entry id → text) in a YAML sheet, a `comment`
column in a CSV one; read onto `Sheet.comments`, checked (R205, S103, S105, T603), shown by
`explain`, and never part of a result.

(tests/test_fastpath.py and tests/test_paths_agree.py prove that every way of reading a sheet with
comments — the line scanner, the full YAML path, worker processes, the cache — gives the same.)
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cyclefiles import copy_base
from helpers import run

from smartaward.api import results
from smartaward.checks.run import run_checks
from smartaward.model.schema import schema
from smartaward.publishing.data import rank_document
from smartaward.publishing.explain import explain_entry
from smartaward.reading.csvsheets import read_csv_sheets
from smartaward.reading.load import Cycle, load_cycle
from smartaward.render.explain import explain_text

ROOT = Path(__file__).resolve().parent.parent
SEOUL = ROOT / "cycles" / "seoul-smart-city-2024"
SEOUL_2023 = ROOT / "cycles" / "seoul-smart-city-2023"
BASE = ROOT / "tests" / "cases" / "base"

BAGUIO = "baguio-health-governance"
STRONG = "Strong evidence of uptake; the budget section is thin."
# sheet → (what is added to it, the comments it then carries). Every way of writing a text: plain
# words, double and single quotes, a block scalar over two lines, non-ASCII; `comments:` after the
# marks or before them; in a screening round, an evaluation round and the final.
COMMENTS: dict[str, tuple[str, dict[str, str]]] = {
    "scores/final/f01.yaml": (f'comments:\n  {BAGUIO}: "{STRONG}"\n  accra-leadership: |\n    Two lines,\n    and a second.\n',
                              {BAGUIO: STRONG, "accra-leadership": "Two lines,\nand a second.\n"}),
    "scores/final/f03.yaml": (f"comments:\n  {BAGUIO}: Très bien — 서울 시청\n", {BAGUIO: "Très bien — 서울 시청"}),
    "scores/evaluation/j05.yaml": (f"comments:\n  {BAGUIO}: 'It''s convincing.'\n", {BAGUIO: "It's convincing."}),
    "scores/eligibility/s01.yaml": (f"comments:\n  {BAGUIO}: Eligible, clearly\n", {BAGUIO: "Eligible, clearly"}),
}


def seoul_with_comments(target: Path, source: Path = SEOUL) -> Path:
    """A copy of the 2024 sample whose sheets carry the comments of COMMENTS (f03's before its marks)."""
    shutil.copytree(source, target)
    for name, (added, _) in COMMENTS.items():
        sheet = target / name
        text = sheet.read_text(encoding="utf-8")
        if name.endswith("f03.yaml"):
            text = text.replace("scores:\n", added + "scores:\n", 1)
        else:
            text += added
        sheet.write_text(text, encoding="utf-8")
    return target


def shown(file: str, root: Path) -> str:
    """A file's name as shown, from the folder that holds the cycle (e.g. cycle/scores/j01.yaml)."""
    return Path(file).relative_to(root.parent).as_posix()


def comments_of(cycle: Cycle) -> dict[str, dict[str, str]]:
    """The comments of each sheet that has some, by its file (from the folder that holds the cycle)."""
    return {shown(sheet.doc.file, cycle.root): sheet.comments for sheet in cycle.sheets if sheet.comments}


def problems(root: Path) -> list[tuple[str, str, int, int]]:
    """(code, file, line, column) of every problem validate reports."""
    return [(d.code, shown(d.file, root), d.line, d.column) for d in run_checks(load_cycle(root))]


def rank_json(root: Path) -> Any:
    outcome = results(root)
    assert outcome.results is not None, outcome.diagnostics
    return rank_document(outcome.results)


# ------------------------------------------------------------------------------ YAML sheets


def test_comments_are_read_and_the_sample_stays_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = seoul_with_comments(tmp_path / "seoul")
    cycle = load_cycle(root)
    assert comments_of(cycle) == {f"seoul/{name}": comments for name, (_, comments) in COMMENTS.items()}
    assert all(sheet.comments == {} for sheet in cycle.sheets if shown(sheet.doc.file, root) not in comments_of(cycle))
    monkeypatch.chdir(tmp_path)
    result = run("validate", "seoul")
    assert result.exit_code == 0 and "no problems" in result.stdout


@pytest.mark.parametrize("sample", [SEOUL, SEOUL_2023], ids=lambda p: p.name)
def test_the_samples_have_no_comments_and_no_problems(sample: Path) -> None:
    cycle = load_cycle(sample)
    assert comments_of(cycle) == {} and run_checks(cycle) == []


def test_comments_never_change_a_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(SEOUL, plain)
    commented = seoul_with_comments(tmp_path / "commented")
    assert rank_json(commented) == rank_json(plain)
    monkeypatch.chdir(tmp_path)
    for command in (["rank", "-f", "json"], ["winners", "-f", "json"], ["status", "-f", "json"]):
        with_comments, without = run(*command, "commented"), run(*command, "plain")
        assert with_comments.exit_code == without.exit_code == 0
        assert with_comments.stdout == without.stdout, command
    # explain says the same, plus the comments
    def without_comments(document: dict[str, Any]) -> dict[str, Any]:
        for stage in document["rounds"]:
            for line in stage["lines"]:
                line.pop("comment")
        return document

    explained = [json.loads(run("explain", BAGUIO, folder, "-f", "json").stdout) for folder in ("commented", "plain")]
    assert without_comments(explained[0]) == without_comments(explained[1])


def test_comments_on_a_ranking_sheet_never_change_a_result(tmp_path: Path) -> None:
    """A sheet that ranks (`ranks:`) carries comments beside its ranking, as one that marks does."""
    roots = []
    for name, extra in (("plain", ""), ("commented", "comments:\n  seoul-air: Second, narrowly.\n  oslo-bikes: Solid.\n")):
        root = copy_base(tmp_path / name)
        cycle_yaml = root / "cycle.yaml"
        cycle_yaml.write_text(cycle_yaml.read_text().replace(
            "    closes: 2025-06-30\n    criteria:", "    closes: 2025-06-30\n    marking: ranks\n    rules: {aggregate: borda}\n    criteria:", 1))
        (root / "scores" / "j01.yaml").write_text("judge: j01\nranks:\n  seoul-air: 2\n  baguio-health: 1\n" + extra)
        (root / "scores" / "j02.yaml").write_text("judge: j02\nranks:\n  oslo-bikes: 2\n  seoul-air: 3\n  baguio-health: 1\n")
        (root / "scores" / "j03.yaml").write_text("judge: j03\nranks:\n  oslo-bikes: 3\n  seoul-air: 2\n  baguio-health: 1\n")
        roots.append(root)
    plain, commented = roots
    assert problems(commented) == []
    assert list(comments_of(load_cycle(commented)).values()) == [{"seoul-air": "Second, narrowly.", "oslo-bikes": "Solid."}]
    assert rank_json(commented) == rank_json(plain)


def test_a_comment_on_an_entry_the_sheet_does_not_mark_is_allowed(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "cycle")
    (root / "scores" / "j01.yaml").write_text("judge: j01\nscores:\n  seoul-air: {design: 7, impact: 8}\n  baguio-health: {design: 9, impact: 9.5}\n"
                                              "comments:\n  oslo-bikes: I declared a conflict; no marks.\n  oslo-honour: A designated one.\n")
    assert problems(root) == []
    assert comments_of(load_cycle(root))[f"{root.name}/scores/j01.yaml"]["oslo-bikes"] == "I declared a conflict; no marks."


def test_a_comment_on_an_unknown_entry_is_r205_at_its_key(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "cycle")
    sheet = root / "scores" / "j01.yaml"
    sheet.write_text(sheet.read_text() + "comments:\n  seoul-air: Fine.\n  seoul-aer: A typo.\n")
    assert problems(root) == [("R205", "cycle/scores/j01.yaml", 7, 3)]


# ------------------------------------------------------------------------------ hostile comments

J01 = "judge: j01\nscores:\n  seoul-air: {design: 7, impact: 8}\n  baguio-health: {design: 9, impact: 9.5}\ncomments:\n"
HOSTILE = {
    # name: (what follows `comments:`, the problems: (code, line, column))
    "terminal-escapes": ('  seoul-air: "Fine.\\e[2J\\e]0;owned\\a"\n', [("S105", 6, 14)]),
    "escape-in-a-block-scalar": ("  seoul-air: |\n    Fine.\x1b[31m\n", [("Y001", 7, 10)]),  # libyaml refuses the raw character itself
    "bidi-override": ("  seoul-air: Fine \u202eenif\n", [("S105", 6, 14)]),
    "bidi-isolate-quoted": ('  seoul-air: "Fine \\u2067x\\u2069"\n', [("S105", 6, 14)]),
    "too-long": ("  seoul-air: " + "x" * 20_001 + "\n", [("S103", 6, 14)]),
    "a-mapping": ("  seoul-air: {text: Fine}\n", [("S103", 6, 14)]),
    "a-number": ("  seoul-air: 7\n", [("S103", 6, 14)]),
    "a-list": ("  seoul-air: [Fine]\n", [("S103", 6, 14)]),
    "a-boolean": ("  seoul-air: yes\n  baguio-health: true\n", [("S103", 7, 18)]),  # yes is text; true is not
    "an-alias": ("  seoul-air: &c Fine.\n  baguio-health: *c\n", [("Y003", 7, 18)]),
    "an-anchor": ("  seoul-air: &c Fine.\n", [("Y003", 6, 14)]),
    "comments-not-a-mapping": (None, [("S103", 5, 11)]),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_comments_are_refused_where_they_are(name: str, tmp_path: Path) -> None:
    root = copy_base(tmp_path / "cycle")
    added, expected = HOSTILE[name]
    text = J01 + added if added is not None else J01.replace("comments:\n", "comments: Fine.\n")
    (root / "scores" / "j01.yaml").write_text(text, encoding="utf-8")
    assert [(code, line, column) for code, file, line, column in problems(root) if file == "cycle/scores/j01.yaml"] == expected


def test_a_comment_of_20000_characters_is_fine(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "cycle")
    long = "Long. " * 3333 + "xx"
    assert len(long) == 20_000
    (root / "scores" / "j01.yaml").write_text(J01 + f"  seoul-air: {long}\n", encoding="utf-8")
    assert problems(root) == []


def test_explain_text_shows_a_comment_on_one_line_and_harmless() -> None:
    """Validate refuses control characters in a comment (S105); the text of explain still makes any
    comment safe on its own: no escape sequence, no bidirectional override, no line break."""
    outcome = results(BASE)
    assert outcome.results is not None
    document = explain_entry(outcome.cycle, outcome.results, "seoul-air")
    document["rounds"][0]["lines"][0]["comment"] = "Fine.\x1b[2J\x1b]0;owned\x07\u202e\r\nrm -rf /\x9b"
    text = explain_text(document)
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text and "\x9b" not in text and "\x07" not in text
    line = next(line for line in text.splitlines() if "comment:" in line)
    assert line.startswith("           comment: \"Fine.") and line.endswith("rm -rf /\ufffd\"")


# ------------------------------------------------------------------------------ explain


def test_explain_shows_each_judges_comment_under_their_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seoul_with_comments(tmp_path / "seoul")
    monkeypatch.chdir(tmp_path)
    document = json.loads(run("explain", BAGUIO, "seoul", "-f", "json").stdout)
    comments = {(stage["round"], line["judge"]): line["comment"] for stage in document["rounds"] for line in stage["lines"]}
    assert {key: text for key, text in comments.items() if text is not None} == {
        ("eligibility", "s01"): "Eligible, clearly", ("evaluation", "j05"): "It's convincing.",
        ("final", "f01"): STRONG, ("final", "f03"): "Très bien — 서울 시청"}
    assert comments[("final", "f05")] is None
    lines = run("explain", BAGUIO, "seoul").stdout.splitlines()
    f01 = next(n for n, line in enumerate(lines) if line.startswith("  f01 "))
    assert lines[f01 + 1] == f'           comment: "{STRONG}"'
    assert lines[f01 + 2].startswith("  f03 ") and lines[f01 + 3] == '           comment: "Très bien — 서울 시청"'
    assert lines[f01 + 4].startswith("  f05 ")  # no comment, no line
    # a comment over two lines is shown on one
    accra = run("explain", "accra-leadership", "seoul").stdout.splitlines()
    assert '           comment: "Two lines, and a second."' in accra


def test_explain_shows_no_empty_comment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_base(tmp_path / "cycle")
    (root / "scores" / "j01.yaml").write_text(J01 + '  seoul-air: ""\n')
    monkeypatch.chdir(tmp_path)
    assert problems(root) == []
    document = json.loads(run("explain", "seoul-air", "cycle", "-f", "json").stdout)
    assert [line["comment"] for stage in document["rounds"] for line in stage["lines"]] == [None, None, None]
    assert "comment:" not in run("explain", "seoul-air", "cycle").stdout


def test_explain_shows_a_comment_without_marks_under_the_round(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A comment on an entry the sheet does not mark (format.md allows it) is shown: per round in
    `comments_without_marks` (judge, name, comment), in the text as a line of its own; for a
    designated entry under its result (the hostile review's B2)."""
    root = copy_base(tmp_path / "cycle")
    (root / "scores" / "j01.yaml").write_text(J01 + "  oslo-bikes: I declared a conflict; no marks.\n  oslo-honour: A designated one.\n"
                                              "  seoul-air: Marked.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert problems(root) == []
    document = json.loads(run("explain", "oslo-bikes", "cycle", "-f", "json").stdout)
    unmarked = [{"judge": "j01", "name": "Ada Example", "comment": "I declared a conflict; no marks."}]
    assert [r["comments_without_marks"] for r in document["rounds"]] == [unmarked]
    assert [line["comment"] for line in document["rounds"][0]["lines"]] == [None, None]
    assert '  j01      (did not mark) comment: "I declared a conflict; no marks."' in run("explain", "oslo-bikes", "cycle").stdout.splitlines()
    honour = json.loads(run("explain", "oslo-honour", "cycle", "-f", "json").stdout)
    assert honour["result"]["comments_without_marks"] == [{"judge": "j01", "name": "Ada Example", "comment": "A designated one."}]
    assert '  j01      (did not mark) comment: "A designated one."' in run("explain", "oslo-honour", "cycle").stdout.splitlines()
    marked = json.loads(run("explain", "seoul-air", "cycle", "-f", "json").stdout)["rounds"][0]
    assert marked["comments_without_marks"] == [] and marked["lines"][0]["comment"] == "Marked."


def test_a_comment_in_a_round_the_entry_never_reached_gets_a_round_of_its_own(tmp_path: Path) -> None:
    root = tmp_path / "seoul"
    shutil.copytree(SEOUL, root)
    with (root / "scores" / "final" / "f06.yaml").open("a", encoding="utf-8") as sheet:
        sheet.write("comments:\n  aarhus-green-schoolyards: Close, but not for the final.\n  suwon-elderly-care-sensors: Strong.\n")
    outcome = results(root)
    assert outcome.results is not None and outcome.cycle is not None
    document = explain_entry(outcome.cycle, outcome.results, "aarhus-green-schoolyards")
    assert [(r["round"], r["reached"], len(r["lines"])) for r in document["rounds"]] == [
        ("eligibility", True, 2), ("evaluation", True, 4), ("final", False, 0)]
    assert document["rounds"][-1]["comments_without_marks"] == [
        {"judge": "f06", "name": outcome.cycle.judges["f06"].name, "comment": "Close, but not for the final."}]
    text = explain_text(document).splitlines()
    at = text.index("round final: not reached")
    assert text[at + 1:at + 3] == ["  no marks", '  f06      (did not mark) comment: "Close, but not for the final."']
    # f06 shares the country of the Suwon entry and has no line on it: the comment is under the final round
    suwon = explain_entry(outcome.cycle, outcome.results, "suwon-elderly-care-sensors")
    assert [r["comments_without_marks"] for r in suwon["rounds"]] == [[], [], [{"judge": "f06", "name": outcome.cycle.judges["f06"].name,
                                                                               "comment": "Strong."}]]


# ------------------------------------------------------------------------------ CSV sheets


def _csv_cycle(tmp_path: Path, rows: list[str], name: str = "cycle") -> Path:
    """The base cycle with j01's sheet replaced by a CSV file of these rows."""
    root = copy_base(tmp_path / name)
    (root / "scores" / "j01.yaml").unlink()
    (root / "scores" / "j01.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


LONG = ["judge,entry,criterion,mark,comment",
        "j01,seoul-air,design,7,Fine; thin on impact.",
        "j01,seoul-air,impact,8,Fine; thin on impact.",  # the same comment on each row of the line: fine
        "j01,baguio-health,design,9,",
        'j01,baguio-health,impact,9.5,"Two lines,\nand quotes: ""yes""."']
WIDE = ["judge;entry;comment;design;impact",  # semicolons, and the comment column before the marks
        'j01;seoul-air;"Fine; thin on impact.";7;8',
        'j01;baguio-health;"Two lines,\nand quotes: ""yes"".";9;9.5']


@pytest.mark.parametrize("rows", [LONG, WIDE], ids=["long", "wide"])
def test_a_csv_comment_column(rows: list[str], tmp_path: Path) -> None:
    root = _csv_cycle(tmp_path, rows)
    assert problems(root) == []
    assert comments_of(load_cycle(root)) == {"cycle/scores/j01.csv": {"seoul-air": "Fine; thin on impact.",
                                                                       "baguio-health": 'Two lines,\nand quotes: "yes".'}}
    assert rank_json(root) == rank_json(copy_base(tmp_path / "plain"))


def test_the_overall_form_takes_a_comment_column_too(tmp_path: Path) -> None:
    path = tmp_path / "overall.csv"
    path.write_text("judge,entry,mark,comment\nj01,a,7,Good\nj01,b,8,\nj02,a,6, Weak \n", encoding="utf-8")
    sheets, found = read_csv_sheets(path, "overall.csv")
    assert found == []
    assert [doc.data for _, doc in sheets] == [{"judge": "j01", "scores": {"a": 7, "b": 8}, "comments": {"a": "Good"}},
                                               {"judge": "j02", "scores": {"a": 6}, "comments": {"a": "Weak"}}]


def test_a_csv_row_with_only_a_comment_gives_the_comment_alone(tmp_path: Path) -> None:
    rows = LONG + ["j01,oslo-bikes,,,A conflict: no marks."]
    root = _csv_cycle(tmp_path, rows)
    assert problems(root) == []
    assert comments_of(load_cycle(root))["cycle/scores/j01.csv"]["oslo-bikes"] == "A conflict: no marks."
    wide = _csv_cycle(tmp_path, ["judge,entry,design,impact,comment", "j01,oslo-bikes,,,A conflict: no marks.",
                                 "j01,seoul-air,7,8,", "j01,baguio-health,9,9.5,"], "wide")
    assert problems(wide) == []


def test_two_different_csv_comments_on_one_line_are_t603(tmp_path: Path) -> None:
    rows = LONG[:2] + ["j01,seoul-air,impact,8,Something else."] + LONG[3:]
    root = _csv_cycle(tmp_path, rows)
    assert problems(root) == [("T603", "cycle/scores/j01.csv", 3, 5)]
    assert comments_of(load_cycle(root))["cycle/scores/j01.csv"]["seoul-air"] == "Fine; thin on impact."  # the first counts


def test_csv_comment_problems_point_at_their_cells(tmp_path: Path) -> None:
    rows = LONG + ['j01,seoul-aer,,,"A typo."', 'j01,oslo-bikes,,,"Bad\x1b[2J"']
    root = _csv_cycle(tmp_path, rows)
    # the unknown entry at its entry cell (the key), the escape at the comment cell (the value)
    assert problems(root) == [("S105", "cycle/scores/j01.csv", 8, 5)]  # the sheet is set aside whole while it has a schema error
    root = _csv_cycle(tmp_path, LONG + ['j01,seoul-aer,,,"A typo."'], "typo")
    assert problems(root) == [("R205", "typo/scores/j01.csv", 7, 2)]


@pytest.mark.parametrize(("header", "column"), [("judge,entry,criterion,mark,Comment", 5), ("judge,entry,comment", 1)])
def test_csv_comment_header_problems(header: str, column: int, tmp_path: Path) -> None:
    root = _csv_cycle(tmp_path, [header, "j01,seoul-air,design,7,x"])
    assert ("T601", "cycle/scores/j01.csv", 1, column) in problems(root)


# ------------------------------------------------------------------------------ the schema


def test_the_sheet_schema_shows_comments() -> None:
    sheet = schema("scores")
    comments = sheet["properties"]["comments"]
    text = comments["anyOf"][0]["additionalProperties"]
    assert text["type"] == "string" and text["maxLength"] == 20_000 and comments["description"]
    result = run("schema", "scores")
    assert result.exit_code == 0 and '"comments"' in result.stdout
