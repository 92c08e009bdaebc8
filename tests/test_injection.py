"""Spreadsheet and terminal injection (issue 11, item 2).

An entrant writes the title and the name; the organiser prints them on a terminal, in a CI log,
and opens them in a spreadsheet. Two lines of defence, each tested on its own:

- `validate` refuses control characters, bidirectional overrides and noncharacters in every text
  (S105), at the value's line, in every file and in a spreadsheet given to `import`;
- every output makes any text safe by itself, for a text no check covers (a future field, a
  multi-line `summary`, a bypassed check: `planted` below swaps texts in after validation): a CSV
  record is one physical line and no cell starts a formula; no ESC, BEL, C1 control or bidi
  control reaches a terminal, a log or a text table; JSON escapes them and keeps the data exact;
  a workbook keeps a formula-like text as text without a visible quote.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cyclefiles import copy_base
from helpers import run
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rich.console import Console

from smartaward.diagnostics import Diagnostic
from smartaward.reading import load as load_module
from smartaward.render.text import print_diagnostics
from smartaward.text import cells

# The issue's example: a CR ends the record for a line-by-line reader, and the next "row" starts
# with a live formula.
ISSUE_TITLE = "Clean air sensors\r=cmd|' /C calc'!A0"
ISSUE_TITLE_YAML = "\"Clean air sensors\\r=cmd|' /C calc'!A0\""
CLEAR = "\x1b[2J"  # clears the screen
OSC_TITLE = "\x1b]0;Jury approved\x07"  # sets the window title (ended by BEL)
RLO = "\u202e"  # shows the rest of the line reversed
CSI8 = "\x9b"  # an 8-bit CSI to some terminals
HOSTILE_NAME = f"Baguio {CLEAR}{OSC_TITLE}City{RLO}lanif"
# What may never reach a terminal, a log or a text table raw.
UNSAFE = set("\x00\x07\x08\x0b\x0c\x1b\x7f") | {chr(c) for c in range(0x80, 0xA0)} | set(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\ufeff")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """The base cycle, and no change of working folder (unlike conftest's): diagnostics name files by
    the absolute paths given, which _s105 makes relative to the cycle."""
    return copy_base(tmp_path / "cycle")


def _s105(root: Path, *args: str) -> list[tuple[str, str, int]]:
    """(code, file relative to the cycle, line) of every diagnostic."""
    result = run("validate", str(root), "--format", "json", "--no-cache", *args)
    return [(d["code"], Path(d["file"]).relative_to(root).as_posix(), d["line"])
            for d in json.loads(result.stdout)["diagnostics"]]


# --- validate: S105 ---------------------------------------------------------------------------------

def test_the_issues_title_fails_validate_strict_at_its_line(base: Path) -> None:
    _replace(base / "entries" / "more.yaml", "title: Clean air sensors", f"title: {ISSUE_TITLE_YAML}")
    result = run("validate", str(base), "--strict", "--no-cache", "--format", "json")
    assert result.exit_code == 1
    found = [(d["code"], Path(d["file"]).relative_to(base).as_posix(), d["line"], d["column"])
             for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [("S105", "entries/more.yaml", 4, 10)]


# (YAML escape in a double-quoted scalar, the character it stands for)
FORBIDDEN_IN_ONE_LINE = {
    "ESC [2J": "\\e[2J", "OSC title": "\\e]0;pwned\\a", "BEL": "\\a", "CR": "\\r", "LF": "\\n", "tab": "\\t",
    "NUL": "\\0", "DEL": "\\x7f", "C1 CSI": "\\x9b", "NEL": "\\N", "RLO": "\\u202E", "LRE": "\\u202A",
    "FSI": "\\u2068", "PDI": "\\u2069", "LS": "\\L", "PS": "\\P", "BOM": "\\uFEFF", "U+FDD0": "\\uFDD0",
    "U+FFFE": "\\uFFFE", "U+1FFFF": "\\U0001FFFF", "U+10FFFE": "\\U0010FFFE",
}


@pytest.mark.parametrize("escape", FORBIDDEN_IN_ONE_LINE.values(), ids=FORBIDDEN_IN_ONE_LINE.keys())
def test_a_title_with_a_forbidden_character_is_s105(base: Path, escape: str) -> None:
    _replace(base / "entries" / "more.yaml", "title: Clean air sensors", f'title: "Clean air{escape} sensors"')
    assert _s105(base) == [("S105", "entries/more.yaml", 4)]


# (file, the text to replace, its replacement, the line of the value)
FIELDS = {
    "entrant name": ("entries/more.yaml", "name: Baguio City", 'name: "Baguio \\e[2JCity"', 11),
    "entrant city": ("entries/oslo-bikes.yaml", "city: Oslo", 'city: "Oslo\\u202E"', 5),
    "url": ("entries/oslo-bikes.yaml", "submitted: 2025-06-01", 'submitted: 2025-06-01\nurl: "https://x.example/\\r=1"', 7),
    "judge name": ("judges.yaml", "name: Bo Example", 'name: "Bo \\e]0;title\\aExample"', 8),
    "judge affiliation": ("judges.yaml", "affiliation: Example University", 'affiliation: "Example\\tUniversity"', 4),
    "conflicts pattern": ("judges.yaml", "conflicts: [oslo-*]", 'conflicts: ["oslo-*\\x9b"]', 6),
    "cycle title": ("cycle.yaml", "title: Tiny Prize 2025", 'title: "Tiny Prize\\u2066 2025"', 3),
    "organiser": ("cycle.yaml", "organiser: Test Organiser", 'organiser: "Test\\nOrganiser"', 4),
    "category title": ("cycle.yaml", "title: People", 'title: "People\\a"', 20),
    "designation decided_by": ("cycle.yaml", "designated: {special: [oslo-honour]}",
                               'designated: {special: {entries: [oslo-honour], decided_by: "Board\\e[8m"}}', 33),
    "criterion description": ("cycle.yaml", "design: {title: Design, weight: 1}",
                              'design: {title: Design, weight: 1, description: "Look\\rand feel"}', 16),
    "entry summary": ("entries/oslo-bikes.yaml", "submitted: 2025-06-01", 'submitted: 2025-06-01\nsummary: "Bikes\\e[2J"', 7),
}


@pytest.mark.parametrize("field", FIELDS.values(), ids=FIELDS.keys())
def test_every_text_field_refuses_control_characters(base: Path, field: tuple[str, str, str, int]) -> None:
    file, old, new, line = field
    _replace(base / file, old, new)
    assert ("S105", file, line) in _s105(base)
    assert {code for code, *_ in _s105(base)} == {"S105"}


def test_a_title_block_scalar_keeps_a_line_break_and_the_message_says_how_to_fix_it(base: Path) -> None:
    _replace(base / "entries" / "oslo-bikes.yaml", "title: City bikes for all", "title: >\n  City bikes\n  for all")
    result = run("validate", str(base), "--format", "json", "--no-cache")
    (d,) = json.loads(result.stdout)["diagnostics"]
    assert (d["code"], d["line"]) == ("S105", 4)
    assert "U+000A" in d["message"] and ">-" in d["message"]
    _replace(base / "entries" / "oslo-bikes.yaml", "title: >\n", "title: >-\n")
    assert _s105(base) == []


def test_the_message_names_the_character_and_never_prints_it(base: Path) -> None:
    _replace(base / "judges.yaml", "name: Bo Example", 'name: "Bo \\e[2JExample"')
    result = run("validate", str(base), "--no-cache")
    assert "S105" in result.stdout and "U+001B" in result.stdout and "escape" in result.stdout
    assert not set(result.stdout) & UNSAFE


def test_one_s105_names_every_kind_of_character_the_text_holds(base: Path) -> None:
    """Every problem at once: not the tab first, then the escape once the tab is fixed."""
    _replace(base / "entries" / "more.yaml", "title: Clean air sensors", 'title: "Clean\\tair \\e[2J\\e[2J \\u202e sensors"')
    result = run("validate", str(base), "--no-cache", "--format", "json")
    [found] = json.loads(result.stdout)["diagnostics"]
    assert found["code"] == "S105"
    assert all(f"U+{code}" in found["message"] for code in ("0009", "001B", "202E"))
    assert found["message"].count("U+001B") == 1 and "\x1b" not in found["message"]


def test_the_documented_examples_of_s105_fail_and_pass(base: Path) -> None:
    from smartaward.codedocs import all_docs

    doc = all_docs()["S105"]
    more = base / "entries" / "more.yaml"
    text = more.read_text(encoding="utf-8")
    more.write_text(text[text.index("- id: baguio-health"):], encoding="utf-8")  # seoul-air moves to the example's file
    (base / doc.bad.file).write_text(doc.bad.text, encoding="utf-8")
    assert _s105(base) == [("S105", doc.bad.file, 4)]
    (base / doc.good.file).write_text(doc.good.text, encoding="utf-8")
    assert _s105(base, "--strict") == []


ALLOWED = {
    "zero-width joiner (an emoji sequence)": "\U0001F469\u200D\U0001F52C Lab",
    "zero-width non-joiner (Persian)": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    "right-to-left mark": "Tel Aviv \u200f(\u05ea\u05dc \u05d0\u05d1\u05d9\u05d1)",
    "left-to-right mark": "\u05e2\u05d9\u05e8 \u200eSmart City",
    "Arabic letter mark": "\u0645\u062f\u064a\u0646\u0629\u061c 2025",
    "no-break space": "Smart\u00a0City",
}


@pytest.mark.parametrize("text", ALLOWED.values(), ids=ALLOWED.keys())
def test_right_to_left_text_marks_and_joiners_are_accepted(base: Path, text: str) -> None:
    _replace(base / "entries" / "oslo-bikes.yaml", "title: City bikes for all", f"title: {json.dumps(text, ensure_ascii=False)}")
    assert _s105(base, "--strict") == []
    document = json.loads(run("rank", str(base), "-f", "json").stdout)
    assert {r["entry"]: r["title"] for r in document["categories"][0]["ranking"]}["oslo-bikes"] == text


def test_multi_line_texts_may_hold_line_breaks_and_tabs(base: Path) -> None:
    _replace(base / "entries" / "oslo-bikes.yaml", "submitted: 2025-06-01",
             "submitted: 2025-06-01\nsummary: |\n  Shared bikes.\n  \tStations:\t120\n")
    _replace(base / "cycle.yaml", "title: People", "title: People\n        description: |\n          Line one.\n          Line two.")
    assert _s105(base, "--strict") == []


def test_a_raw_override_in_the_file_is_shown_replaced_in_the_terminal_excerpt(base: Path) -> None:
    """A raw U+202E is valid YAML: S105 reports it, and the source line shown under the message
    has it replaced (the caret stays under its column)."""
    _replace(base / "entries" / "oslo-bikes.yaml", "title: City bikes for all", f"title: City bikes{RLO} for all")
    document = json.loads(run("validate", str(base), "-f", "json", "--no-cache").stdout)
    found = [Diagnostic(d["file"], d["line"], d["column"], d["code"], d["message"]) for d in document["diagnostics"]]
    assert [(d.code, d.line) for d in found] == [("S105", 4)]
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(base)
    try:
        print_diagnostics(Console(file=out, width=100, force_terminal=True, color_system=None), found, 7)
    finally:
        os.chdir(cwd)
    assert "title: City bikes\ufffd for all" in out.getvalue()
    assert not set(out.getvalue()) & UNSAFE


# --- every output, for a text no check stopped ------------------------------------------------------

@pytest.fixture
def planted(base: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The base cycle as the commands load it, with hostile texts swapped in after validation: the
    issue's title, terminal escapes and an override in names, a line feed in a city and a judge's
    name. It stands for a text that no check covers."""
    real = load_module.load_cycle

    def load_cycle(*args: Any, **kwargs: Any) -> Any:
        cycle = real(*args, **kwargs)
        for record in cycle.entries:
            entry = record.entry
            if entry.id == "seoul-air":
                record.entry = entry.model_copy(update={"title": ISSUE_TITLE})
            elif entry.id == "baguio-health":
                record.entry = entry.model_copy(update={"entrant": entry.entrant.model_copy(
                    update={"name": HOSTILE_NAME, "city": f"Baguio{CLEAR}\n=1+1"}), "title": f"@SUM(1){CSI8}2J health"})
        cycle.__dict__.pop("entry_index", None)  # built from the entries above when next asked
        cycle.judges["j02"] = cycle.judges["j02"].model_copy(update={"name": f"Bo\r\n{CLEAR}Example{RLO}"})
        return cycle

    monkeypatch.setattr(load_module, "load_cycle", load_cycle)
    return base


FORMULA_STARTS = ("=", "+", "-", "@")


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _records_are_lines(text: str) -> list[list[str]]:
    """The CSV's records, checked to be one physical line each, none starting a formula."""
    records = list(csv.reader(io.StringIO(text)))
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(records), text
    assert not any(line.startswith((*FORMULA_STARTS, "\t", "\r")) for line in lines), text
    assert all(not cell.lstrip().startswith(FORMULA_STARTS) or cell.startswith("'") or _number(cell)
               for record in records for cell in record)
    assert not any(set(cell) & (UNSAFE | set("\r\n\t")) for record in records for cell in record)
    return records


@pytest.mark.parametrize("command", ["winners", "rank"])
def test_csv_output_is_one_physical_line_per_record(planted: Path, command: str) -> None:
    result = run(command, str(planted), "-f", "csv", "--no-cache")
    assert result.exit_code == 0, result.output
    records = _records_are_lines(result.stdout)
    titles = [r[records[0].index("title")] for r in records[1:]]
    assert "Clean air sensors =cmd|' /C calc'!A0" in titles  # the CR is a space: the formula is text
    assert "'@SUM(1)\ufffd2J health" in titles  # a formula first: neutralised after the C1 is replaced


@pytest.mark.parametrize("command, table", [("judges", "judges"), ("judges", "by-panel"), ("stats", None)])
def test_other_csv_output_is_one_physical_line_per_record(planted: Path, command: str, table: str | None) -> None:
    result = run(command, str(planted), "-f", "csv", "--no-cache", *(["--table", table] if table else []))
    assert result.exit_code == 0, result.output
    _records_are_lines(result.stdout)


def test_exported_csv_files_are_one_physical_line_per_record(planted: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("export", str(planted), "--to", str(out), "--include", "marks,judges", "--no-cache", "--quiet")
    assert result.exit_code == 0, result.output
    for name in ("winners.csv", "rankings.csv", "marks.csv"):
        _records_are_lines((out / name).read_text(encoding="utf-8"))
    cells = {c for r in csv.reader(io.StringIO((out / "rankings.csv").read_text(encoding="utf-8"))) for c in r}
    assert "Clean air sensors =cmd|' /C calc'!A0" in cells


TERMINAL = [
    ("rank",), ("winners",), ("explain", "baguio-health"), ("explain", "seoul-air"), ("judges",), ("stats",),
    ("rank", "--compare", "median"),
    *[(command, "-f", fmt) for command in ("rank", "winners") for fmt in ("md", "rst", "grid", "latex", "html", "csv")],
    ("judges", "-f", "md"), ("stats", "-f", "md"), ("stats", "-f", "grid"),
]


@pytest.mark.parametrize("args", TERMINAL, ids=" ".join)
def test_no_control_character_reaches_the_terminal(planted: Path, args: tuple[str, ...]) -> None:
    command, *rest = args
    extra = [rest[0]] if command == "explain" else []
    result = run(command, *extra, str(planted), *[a for a in rest if a not in extra], "--no-cache")
    assert result.exit_code == 0, result.output
    assert not set(result.stdout) & (UNSAFE | {"\r"}), repr(result.stdout[:2000])  # a CR would print over the line
    assert not set(result.stderr) & (UNSAFE | {"\r"})


def test_no_control_character_reaches_a_real_terminal(planted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With colour, as on a terminal: rich passes ESC, C1 and bidi controls through by itself."""
    from smartaward.render import console as terminal

    consoles: list[io.StringIO] = []

    def console(stderr: bool = False) -> Console:
        consoles.append(io.StringIO())
        return Console(file=consoles[-1], force_terminal=True, color_system="truecolor", width=200)

    monkeypatch.setattr(terminal, "console", console)
    for command in ("rank", "winners", "judges"):
        assert run(command, str(planted), "--no-cache").exit_code == 0
    assert len(consoles) == 3  # each command drew its table on a (colour) terminal
    for out in consoles:
        text = out.getvalue()
        # rich's own colour codes are ESC [ ... m: without them, no ESC may be left
        assert not set(re.sub(r"\x1b\[[0-9;]*m", "", text)) & UNSAFE, repr(text[:2000])


@pytest.mark.parametrize("args", [("rank",), ("winners",), ("explain", "baguio-health"), ("judges",)], ids=" ".join)
def test_json_escapes_them_and_keeps_the_text_exact(planted: Path, args: tuple[str, ...]) -> None:
    command, *extra = args
    result = run(command, *extra, str(planted), "-f", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    assert not set(result.stdout) & UNSAFE
    texts = set(_strings(json.loads(result.stdout)))
    assert (f"Bo\r\n{CLEAR}Example{RLO}" if command == "judges" else HOSTILE_NAME) in texts  # exactly as planted


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_xlsx_and_html_carry_no_control_character(planted: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("export", str(planted), "--to", str(out), "--no-cache", "--quiet").exit_code == 0
    workbook = load_workbook(out / "results.xlsx")
    values = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Clean air sensors =cmd|' /C calc'!A0" in values
    assert not any(set(v) & (UNSAFE | set("\r\n\t")) for v in values)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert not set(page) & UNSAFE and "Baguio \ufffd[2J\ufffd]0;Jury approved\ufffdCity\ufffdlanif" in page
    assert not set((out / "results.md").read_text(encoding="utf-8")) & UNSAFE


# --- the workbook: a formula-like text is text, without a visible quote -----------------------------

FORMULA = '=HYPERLINK("http://evil.example","x")'


def test_a_formula_title_is_a_text_cell_with_the_quote_prefix_style(base: Path, tmp_path: Path) -> None:
    _replace(base / "entries" / "more.yaml", "title: Clean air sensors", f"title: '{FORMULA}'")
    _replace(base / "entries" / "more.yaml", "name: Airco Ltd", "name: ' -1+1'")
    out = tmp_path / "out"
    assert run("export", str(base), "--to", str(out), "--quiet").exit_code == 0
    cells = {c.value: c for ws in load_workbook(out / "results.xlsx").worksheets
             for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)}
    cell = cells[FORMULA]  # as written: no "'" shown in the cell
    assert cell.data_type == "s" and cell.quotePrefix
    assert cells[" -1+1"].quotePrefix  # leading white space does not hide a formula
    assert not cells["City bikes for all"].quotePrefix and not cells["Airco Ltd" if "Airco Ltd" in cells else "oslo-bikes"].quotePrefix
    assert not any(v.startswith("'") for v in cells)
    csv_titles = {r["title"] for r in csv.DictReader(io.StringIO((out / "rankings.csv").read_text(encoding="utf-8")))}
    assert "'" + FORMULA in csv_titles  # CSV keeps OWASP's visible quote: a CSV cell has no style


# --- import: a spreadsheet cell goes through the same check -----------------------------------------

def test_import_reports_s105_at_the_cell_and_writes_nothing(base: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "applications.csv"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)  # the CR inside its quotes
    writer.writerow(["Entry ID", "Call", "Category", "Project title", "Entrant name", "Entrant type", "Entrant country",
                     "Submitted"])
    writer.writerow(["lima-water", "project", "people", ISSUE_TITLE, "Lima", "city", "PE", "2025-06-05"])
    writer.writerow(["quito-air", "project", "people", "Clean air", f"Quito{CLEAR}", "city", "EC", "2025-06-05"])
    writer.writerow(["cusco-bus", "project", "people", "Buses", "Cusco", "city", "PE", "2025-06-05"])
    for n, text in enumerate(["tab\there", "line\u2028separator", "nel\x85x", f"{RLO}reversed"]):
        writer.writerow([f"puno-{n}", "project", "people", text, "Puno", "city", "PE", "2025-06-05"])
    sheet.write_text(out.getvalue(), encoding="utf-8")
    before = sorted(p.name for p in (base / "entries").iterdir())
    result = run("import", "entries", str(sheet), "--cycle", str(base), "--format", "json")
    assert result.exit_code == 1, result.output
    found = {(d["code"], d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]}
    assert found == {("S105", 2, 4), ("S105", 3, 5), ("S105", 5, 4), ("S105", 6, 4), ("S105", 7, 4), ("S105", 8, 4)}
    assert sorted(p.name for p in (base / "entries").iterdir()) == before


# --- the JSON Schema for editors says the same --------------------------------------------------------

@pytest.mark.parametrize("title, valid", [("Clean air", True), ("Clean\tair", False), (f"Clean{RLO}air", False),
                                          ("Clean\u200fair", True), ("Clean air\n", False)])
def test_the_entry_schema_refuses_what_s105_refuses(title: str, valid: bool) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from smartaward.model.schema import schema

    document = {"id": "a", "call": "c", "category": "k", "title": title,
                "entrant": {"name": "N", "type": "city", "country": "NO"}, "submitted": "2025-01-01"}
    if title.endswith("\n"):  # Python's re lets $ match before a final line feed; editors' ECMA-262 does not
        pytest.skip("a trailing line feed is refused by validate and by editors, not by Python's re")
    assert jsonschema.Draft202012Validator(schema("entry")).is_valid(document) is valid


# --- the functions themselves ---------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_one_line_replaces_character_for_character_and_is_idempotent(text: str) -> None:
    shown = cells.one_line(text)
    assert len(shown) == len(text)  # columns stay where they were (the caret under a diagnostic)
    assert not set(shown) & (UNSAFE | set("\r\n\t"))
    assert cells.one_line(shown) == shown
    assert all(a == b or b in " \ufffd" for a, b in zip(text, shown, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | ANY_TEXT,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3), max_leaves=8))
def test_json_output_has_no_unsafe_character_and_parses_to_the_same_data(value: Any) -> None:
    from smartaward.render.tables import to_json

    text = to_json(value)
    assert not set(text) & UNSAFE
    assert json.loads(text) == value


def test_escape_json_leaves_ascii_alone() -> None:
    assert cells.escape_json('{"a": "b"}') == '{"a": "b"}'
    assert cells.escape_json('"\u202e\x9b\u2028é"') == '"\\u202e\\u009b\\u2028é"'


@pytest.mark.parametrize("text, safe", [(" =1+1", "' =1+1"), ("\t=1", "'\t=1"), ("  @x", "'  @x"), (" a=b", " a=b")])
def test_neutralise_sees_a_formula_behind_leading_white_space(text: str, safe: str) -> None:
    assert cells.neutralise(text) == safe


# The hostile review's L1: only " \t\r\n" were skipped, so a no-break space before "=" left a
# live formula for a spreadsheet that trims it. Every Unicode space, and what shows as nothing.
@pytest.mark.parametrize("blank", ["\u00a0", "\u3000", "\u2003", "\u202f", "\u200b", "\u2060", "\ufe0f", "\u3164", "\x85",
                                   "\u00a0\u200b "])
@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_neutralise_sees_a_formula_behind_any_blank_or_invisible_character(blank: str, start: str) -> None:
    text = f"{blank}{start}HYPERLINK(1)"
    assert cells.is_formula(text) and cells.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["\uff1d1+1", "\u00a0a=b", "\u200b", "\u00a0", "Zürich", "서울", ""])
def test_neutralise_leaves_text_that_is_no_formula(text: str) -> None:
    assert not cells.is_formula(text) and cells.neutralise(text) == text  # a full-width ＝ is not "="


HOSTILE_PATH = "x\x1b]0;pwned\x07\x1b[2J.yaml"  # an OSC title and a screen clear in a file name


@pytest.mark.parametrize("args", [("rank",), ("validate",), ("export", "--to", "out")], ids=" ".join)
def test_a_path_argument_with_control_characters_is_shown_escaped(tmp_path: Path, args: tuple[str, ...]) -> None:
    """A file name from a pull request reaches the command line through pre-commit: the usage
    error that names it (no such file) must not carry its escape sequences to the terminal."""
    result = run(*args, str(tmp_path / HOSTILE_PATH))
    assert result.exit_code == 2
    assert not set(result.stderr) & UNSAFE, repr(result.stderr)
    assert "\\x1b]0;pwned\\x07" in result.stderr  # shown, escaped: the user can see what the name is


def test_a_hostile_file_outside_any_cycle_is_skipped_with_its_name_escaped(tmp_path: Path) -> None:
    stray = tmp_path / HOSTILE_PATH
    stray.write_text("on: push\n", encoding="utf-8")
    cycle = copy_base(tmp_path / "cycle")
    result = run("validate", str(stray), str(cycle), "--no-cache")
    assert result.exit_code == 0
    assert not set(result.stderr) & UNSAFE, repr(result.stderr)
    assert "skipped" in result.stderr


# --- Markdown: no text becomes a link (GitHub's autolink extension) -------------------------------

# Bare addresses GitHub makes links of, escaped or not: http(s)/ftp addresses, `www.` hosts, e-mail
# addresses (also after mailto: and xmpp:), wherever they stand in a text.
ADDRESSES = [
    "Smart health www.evil.example and http://evil.example/x?y=1 mail me a@evil.example",
    "HTTPS://evil.example ftp://evil.example WWW.EVIL.EXAMPLE (www.evil.example) *www.evil.example*",
    "_http://evil.example_ mailto:a@evil.example xmpp:a@evil.example/x a_b+c.d@e_f-g.example",
    "[x](http://evil.example) <https://evil.example> <a@evil.example> http://a@evil.example",
    "https://例え.jp ü@evil.example x@y.z",
]


def _gfm(markdown: str) -> str:
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    return str(cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE))


def _shown_text(html: str) -> str:
    """What a reader of the rendered page sees: tags dropped, entities read, the word joiner unseen."""
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html)).replace("\u2060", "").strip()


@pytest.mark.parametrize("text", ADDRESSES)
def test_markdown_escaping_keeps_an_address_plain_text_on_github(text: str) -> None:
    from smartaward.render.tables import github_table, md_text

    escaped = md_text(text)
    for markdown in (escaped, f"# {escaped}", f"- {escaped}", github_table(["title"], [[escaped]])):
        html = _gfm(markdown)
        assert "<a " not in html and "<img" not in html, (markdown, html)
    assert _shown_text(_gfm(escaped)) == text  # shown as written


@pytest.mark.parametrize("text, escaped", [
    ("see http://x.example", "see http\\://x.example"),
    ("www.x.example", "www\\.x.example"),
    ("a@x.example", "a@&#8288;x.example"),
    ("Eve @octocat and @org/team", "Eve @&#8288;octocat and @&#8288;org/team"),  # no mention where pasted on GitHub
])
def test_markdown_escaping_of_an_address(text: str, escaped: str) -> None:
    from smartaward.render.tables import md_text

    assert md_text(text) == escaped


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_markdown_escaping_of_a_text_without_an_address_is_unchanged(text: str) -> None:
    """Only a text holding `@`, `//` or `www.` is written differently (the golden files stay as they were)."""
    from smartaward.render import tables

    plain = tables._MD_SPECIAL.sub(r"\\\1", " ".join(cells.one_line(text).split()))
    if "@" not in plain and "//" not in plain and "ww." not in plain.lower():
        assert tables.md_text(text) == plain


def test_markdown_outputs_make_no_link_of_an_entrants_or_judges_address(base: Path, tmp_path: Path) -> None:
    """The entry title in `export`'s results.md and `rank -f md`, the judge's name in `progress -f md`."""
    title = ADDRESSES[0]
    _replace(base / "entries" / "more.yaml", "title: Smart health governance", f'title: "{title}"')
    _replace(base / "judges.yaml", "name: Bo Example", 'name: "Bo http://judge.example bo@judge.example"')
    (base / "assignments").mkdir()
    (base / "assignments" / "all.yaml").write_text(
        "judges:\n  j01: [seoul-air, baguio-health]\n  j02: [oslo-bikes, seoul-air, baguio-health]\n"
        "  j03: [oslo-bikes, seoul-air, baguio-health]\n", encoding="utf-8")
    _replace(base / "scores" / "j02.yaml", "  baguio-health: {design: 9, impact: 9}\n", "")  # j02 has one to go
    out = tmp_path / "out"
    assert run("export", base, "--to", out, "--no-cache", "--quiet").exit_code == 0
    rank = run("rank", base, "-f", "md", "--no-cache")
    progress = run("progress", base, "-f", "md", "--no-cache")
    assert rank.exit_code == 0 and progress.exit_code == 0, progress.output
    documents = {"results.md": (out / "results.md").read_text(encoding="utf-8"), "rank": rank.stdout, "progress": progress.stdout}
    assert "Bo http" in documents["progress"] and "Smart health www" in documents["rank"] + documents["results.md"]
    for name, markdown in documents.items():
        html = _gfm(markdown)
        assert "<a " not in html, (name, html)
