"""validate's output formats (text, terminal, json, github, sarif) and what it reports (--select,
--ignore, cycle.yaml's validate: settings).

The golden files in tests/golden/ are the exact output for one broken copy of tests/cases/base.
After an intended change of output, rewrite them with SMARTAWARD_UPDATE_GOLDEN=1 and read the diff.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from importlib.resources import files as package_files
from pathlib import Path

import pytest
from cyclefiles import copy_base
from helpers import check_golden, run
from jsonschema import Draft202012Validator
from rich.console import Console

from smartaward.checks.selection import Selection, Settings, UnknownCode, combine, parse_codes
from smartaward.diagnostics import CATALOGUE, Diagnostic
from smartaward.render.github import command
from smartaward.render.text import excerpt, print_diagnostics


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def broken(base) -> Path:
    """Errors and warnings in two files, and a warning about a whole file (line 0)."""
    edit(base / "entries" / "oslo-bikes.yaml", "type: city", "type: village")  # R207 error
    edit(base / "entries" / "oslo-bikes.yaml", "2025-06-01", "2025-07-01")  # J401 warning
    edit(base / "scores" / "j02.yaml", "seoul-air: {design: 6.5, impact: 7}", "seoul-air: {design: 6.5}")  # M305 warning
    edit(base / "scores" / "j02.yaml", "baguio-health: {design: 9, impact: 9}", "baguio-health: {design: 11, impact: 9}")  # M301
    (base / "scores" / "notes.txt").write_text("notes\n")  # F003 warning, line 0
    return base


def codes(result) -> list[str]:
    return [d["code"] for d in json.loads(result.stdout)["diagnostics"]]


# --- golden files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("format", ["text", "json", "github", "sarif"])
def test_golden_output(broken, format):
    result = run("validate", "cycle", "--format", format)
    assert result.exit_code == 1, result.output
    check_golden(f"validate.{format}", result.stdout)


def test_golden_terminal_rendering(broken):
    """On a terminal (rich): a header per file, each problem with its source line and a caret; a
    line too long for the width is a window around the column."""
    document = json.loads(run("validate", "cycle", "-f", "json").stdout)
    found = [Diagnostic(d["file"], d["line"], d["column"], d["code"], d["message"]) for d in document["diagnostics"]]
    out = io.StringIO()
    console = Console(file=out, width=48, force_terminal=True, color_system=None, highlight=False, legacy_windows=False)
    print_diagnostics(console, found, 7)
    check_golden("validate.terminal", out.getvalue())


def test_plain_text_keeps_one_line_per_problem(broken):
    lines = run("validate", "cycle").stdout.splitlines()
    assert all(re.match(r"^\S+(:\d+:\d+)?: (error|warning) [A-Z]\d{3} ", line) for line in lines[:-1])
    assert lines[-1].startswith("✗ 7 files checked")
    assert run("validate", "cycle", "-q").stdout.splitlines() == lines[:-1]


# --- terminal excerpts ----------------------------------------------------------------------------

def test_excerpt_short_line_caret_under_the_column():
    assert excerpt("  a: {b: 11}", 9, 40) == ("  a: {b: 11}", 8)
    assert excerpt("tab\there", 5, 40) == ("tab here", 4)  # a tab counts as one column
    assert excerpt("abc", 4, 40) == ("abc", 3)  # just past the end


@pytest.mark.parametrize("column", [1, 30, 55, 100, 150, 160])
def test_excerpt_window_keeps_the_column_in_view(column):
    line = "".join(chr(ord("a") + i % 26) for i in range(160))
    shown, before = excerpt(line, column, 40)
    assert len(shown) <= 40
    assert shown[before] == line[column - 1]


def test_excerpt_counts_wide_characters_as_two_cells():
    shown, before = excerpt("名前: 字字", 5, 40)
    assert shown == "名前: 字字" and before == 6


# --- json and its schema --------------------------------------------------------------------------

def _schema() -> dict:
    return json.loads((package_files("smartaward") / "schemas" / "diagnostics.schema.json").read_text(encoding="utf-8"))


def test_the_schema_is_valid_draft_2020_12():
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("cycle", ["clean", "broken"])
def test_json_output_validates_against_the_schema(base, request, cycle):
    if cycle == "broken":
        request.getfixturevalue("broken")
    document = json.loads(run("validate", "cycle", "-f", "json").stdout)
    Draft202012Validator(_schema()).validate(document)
    schema = _schema()
    # Every key the document has is described (a new key must be added to the schema and documented).
    assert set(document) == set(schema["properties"])
    assert set(document["summary"]) == set(schema["properties"]["summary"]["properties"])
    for d in document["diagnostics"]:
        assert set(d) == set(schema["$defs"]["diagnostic"]["properties"])
    if cycle == "broken":
        assert document["summary"] == {"files": 7, "errors": 2, "warnings": 3}


def test_the_schema_rejects_a_wrong_document():
    bad = {"version": 1, "status": "ok", "summary": {"files": 1, "errors": 0, "warnings": 0},
           "diagnostics": [{"file": "a.yaml", "line": -1, "column": 1, "code": "M301", "name": "mark-out-of-scale",
                            "severity": "fatal", "message": "x"}]}
    assert len(list(Draft202012Validator(_schema()).iter_errors(bad))) == 2


# --- github ---------------------------------------------------------------------------------------

def _unescape_data(text: str) -> str:
    # The toolkit's rules (@actions/core command.ts) reversed; %25 last, so "%253A" stays "%3A".
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return _unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner reads it: `::name k=v,k=v::data`."""
    assert "\n" not in line and "\r" not in line
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    return match.group(1), {k: _unescape_property(v) for k, v in properties.items()}, _unescape_data(match.group(3))


def test_github_escaping_round_trips():
    message = "100% wrong: a, b\nnext line\r\nand %0A stays literal"
    d = Diagnostic("odd dir/a:b,c%.yaml", 12, 3, "M301", message)
    line = command(d)
    assert line.startswith("::error file=odd dir/a%3Ab%2Cc%25.yaml,line=12,col=3,title=M301 mark-out-of-scale::")
    kind, properties, data = parse_command(line)
    assert kind == "error"
    assert properties == {"file": "odd dir/a:b,c%.yaml", "line": "12", "col": "3", "title": "M301 mark-out-of-scale"}
    assert data == message


def test_github_whole_file_problem_has_no_line_or_col():
    kind, properties, data = parse_command(command(Diagnostic("scores/x.txt", 0, 0, "F003", "ignored")))
    assert kind == "warning" and properties == {"file": "scores/x.txt", "title": "F003 ignored-file"} and data == "ignored"


def test_github_format_is_chosen_under_github_actions(broken, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    auto = run("validate", "cycle")
    assert auto.exit_code == 1
    assert auto.stdout == run("validate", "cycle", "-f", "github").stdout
    assert auto.stdout.startswith("::error file=cycle/entries/oslo-bikes.yaml,line=5,col=37,title=R207 ")
    assert run("validate", "cycle", "-f", "text").stdout.startswith("cycle/entries/oslo-bikes.yaml:5:37: error R207 ")
    assert json.loads(run("validate", "cycle", "-f", "json").stdout)["status"] == "error"
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert run("validate", "cycle").stdout.startswith("cycle/entries/oslo-bikes.yaml:5:37: error R207 ")


def test_github_quiet_prints_only_commands(broken):
    lines = run("validate", "cycle", "-f", "github", "-q").stdout.splitlines()
    assert len(lines) == 5 and all(line.startswith("::") for line in lines)


# --- sarif ----------------------------------------------------------------------------------------

def test_sarif_rules_results_and_locations(broken):
    result = run("validate", "cycle", "-f", "sarif")
    document = json.loads(result.stdout)
    assert document["version"] == "2.1.0" and "sarif-2.1.0" in document["$schema"]
    [the_run] = document["runs"]
    rules = the_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["F003", "J401", "M301", "M305", "R207"]
    for rule in rules:
        entry = CATALOGUE[rule["id"]]
        assert (rule["name"], rule["shortDescription"]["text"], rule["defaultConfiguration"]["level"]) == (
            entry.name, entry.title, entry.severity.value)
    results = the_run["results"]
    assert len(results) == 5
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] in ("error", "warning")
    whole_file = next(r for r in results if r["ruleId"] == "F003")
    assert whole_file["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "cycle/scores/notes.txt"}}
    late = next(r for r in results if r["ruleId"] == "M301")["locations"][0]["physicalLocation"]
    assert late == {"artifactLocation": {"uri": "cycle/scores/j02.yaml"}, "region": {"startLine": 5, "startColumn": 27}}
    assert run("validate", "cycle", "-f", "sarif").stdout == result.stdout


def test_sarif_of_a_clean_cycle(base):
    result = run("validate", "cycle", "-f", "sarif")
    assert result.exit_code == 0
    [the_run] = json.loads(result.stdout)["runs"]
    assert the_run["results"] == [] and the_run["tool"]["driver"]["rules"] == []


# --- --select and --ignore ------------------------------------------------------------------------

def test_select_and_ignore_on_the_command_line(broken):
    everything = ["R207", "J401", "M305", "M301", "F003"]
    assert codes(run("validate", "cycle", "-f", "json")) == everything
    assert codes(run("validate", "cycle", "-f", "json", "--select", "M")) == ["M305", "M301"]
    assert codes(run("validate", "cycle", "-f", "json", "--select", "m301,R2")) == ["R207", "M301"]
    assert codes(run("validate", "cycle", "-f", "json", "--ignore", "J4", "--ignore", "F,R207")) == ["M305", "M301"]
    # ignore wins over select
    assert codes(run("validate", "cycle", "-f", "json", "--select", "M3", "--ignore", "M301")) == ["M305"]


def test_exit_code_and_summary_follow_what_is_reported(broken):
    only_warnings = run("validate", "cycle", "-f", "json", "--ignore", "M301,R207")
    assert only_warnings.exit_code == 0
    assert json.loads(only_warnings.stdout)["summary"] == {"files": 7, "errors": 0, "warnings": 3}
    assert json.loads(only_warnings.stdout)["status"] == "ok"
    assert run("validate", "cycle", "--ignore", "M301,R207", "--strict").exit_code == 1
    assert run("validate", "cycle", "--select", "J401", "--strict").exit_code == 1
    assert run("validate", "cycle", "--select", "M301").exit_code == 1
    text = run("validate", "cycle", "--select", "M").stdout
    assert text.splitlines()[-1] == "✗ 7 files checked: 1 error, 1 warning in 1 file"


@pytest.mark.parametrize("args, words", [
    (["--select", "X9"], ["--select", "'X9'"]),
    (["--ignore", "J9"], ["--ignore", "'J9'"]),
    (["--ignore", "M3011"], ["--ignore"]),
    (["--ignore", "late-entry"], ["J401"]),
    (["--select", ","], ["--select", "no code"]),
])
def test_unknown_codes_exit_2(base, args, words):
    result = run("validate", "cycle", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert all(word in result.stderr for word in words), result.stderr
    assert "Traceback" not in result.output


def test_parse_codes():
    assert parse_codes(None, "--select") is None
    assert parse_codes(["j4, M301", "J4"], "--select") == ("J4", "M301")
    with pytest.raises(UnknownCode):
        parse_codes(["Q"], "--ignore")


def test_combine_adds_the_command_line_to_the_cycle():
    own = Settings(select=("M",), ignore=("J401",), strict=False)
    assert combine(own, None, ("F",), False, "cycle.yaml") == Selection(("M",), ("J401", "F"), False, None)
    assert combine(own, ("R",), None, True, "cycle.yaml") == Selection(("R",), ("J401",), True, None)
    # Unreadable settings: the command line alone, and cycle.yaml's own problems always shown.
    unreadable = combine(None, ("M",), None, False, "cycle.yaml")
    assert unreadable.keeps(Diagnostic("cycle.yaml", 3, 1, "S103", "x"))
    assert not unreadable.keeps(Diagnostic("judges.yaml", 3, 1, "S103", "x"))


# --- cycle.yaml validate: settings ----------------------------------------------------------------

def _settings(root: Path, block: str) -> None:
    with (root / "cycle.yaml").open("a", encoding="utf-8") as out:
        out.write(block)


def test_cycle_settings_ignore_select_and_strict(broken):
    _settings(broken, "validate:\n  ignore: [F, J401]\n")
    assert codes(run("validate", "cycle", "-f", "json")) == ["R207", "M305", "M301"]
    # the command line's ignore is added; its select replaces the cycle's
    assert codes(run("validate", "cycle", "-f", "json", "--ignore", "R")) == ["M305", "M301"]
    edit(broken / "cycle.yaml", "validate:\n", "validate:\n  select: [M]\n")
    assert codes(run("validate", "cycle", "-f", "json")) == ["M305", "M301"]
    assert codes(run("validate", "cycle", "-f", "json", "--select", "R,J")) == ["R207"]


def test_cycle_strict_setting(base):
    edit(base / "entries" / "oslo-bikes.yaml", "2025-06-01", "2025-07-01")  # a warning only
    assert run("validate", "cycle").exit_code == 0
    _settings(base, "validate: {strict: true}\n")
    assert run("validate", "cycle").exit_code == 1
    assert run("validate", "cycle", "--ignore", "J401").exit_code == 0


def test_settings_apply_when_the_diagnostics_come_from_the_cache(broken, monkeypatch):
    _settings(broken, "validate: {ignore: [M, F]}\n")
    first = run("validate", "cycle", "-f", "json")
    assert codes(first) == ["R207", "J401"]

    def not_again(*args, **kwargs):
        raise AssertionError("the cycle was loaded again")

    monkeypatch.setattr("smartaward.reading.load.load_cycle", not_again)
    again = run("validate", "cycle", "-f", "json")
    assert again.exit_code == 1 and again.stdout == first.stdout
    assert codes(run("validate", "cycle", "-f", "json", "--select", "M")) == []


def test_no_cache_gives_the_same_selection(broken):
    _settings(broken, "validate: {ignore: [M, F]}\n")
    assert codes(run("validate", "cycle", "-f", "json", "--no-cache")) == ["R207", "J401"]


def test_an_invalid_validate_block_is_always_reported(broken):
    _settings(broken, "validate: {ignore: [X9, F]}\n")
    # the cycle's settings are not applied (F is not ignored), the command line's are; the problem
    # in cycle.yaml shows whatever they say
    result = run("validate", "cycle", "-f", "json", "--ignore", "S", "--select", "S,F")
    assert [(d["file"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]] == [
        ("cycle/cycle.yaml", "S103"), ("cycle/scores/notes.txt", "F003")]
    assert result.exit_code == 1
    assert codes(run("validate", "cycle", "-f", "json", "--select", "J")) == ["S103"]


def test_a_cycle_yaml_that_cannot_be_read_is_always_reported(base):
    _settings(base, "validate: {ignore: [Y]}\nbroken: [\n")
    result = run("validate", "cycle", "-f", "json", "--ignore", "Y", "--select", "M")
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["Y001"]
    assert result.exit_code == 1


def test_settings_survive_other_problems_in_cycle_yaml(broken):
    """A schema problem elsewhere in cycle.yaml does not stop its (valid) validate: block."""
    edit(broken / "cycle.yaml", "organiser: Test Organiser", "organiser: Test Organiser\ncolour: blue")
    _settings(broken, "validate: {ignore: [J, F]}\n")
    found = codes(run("validate", "cycle", "-f", "json"))
    assert "S102" in found and "J401" not in found and "F003" not in found


def test_settings_with_named_files(broken):
    _settings(broken, "validate: {ignore: [J401]}\n")
    result = run("validate", "cycle/entries/oslo-bikes.yaml", "-f", "json")
    assert codes(result) == ["R207"]
    assert json.loads(result.stdout)["summary"]["files"] == 1


def test_each_cycle_has_its_own_settings(broken, tmp_path):
    other = copy_base(tmp_path / "other")
    edit(other / "entries" / "oslo-bikes.yaml", "2025-06-01", "2025-07-01")
    _settings(broken, "validate: {ignore: [J401]}\n")
    found = json.loads(run("validate", "cycle", "other", "-f", "json").stdout)["diagnostics"]
    assert [(d["file"], d["code"]) for d in found if d["code"] == "J401"] == [("other/entries/oslo-bikes.yaml", "J401")]
    _settings(other, "validate: {strict: true}\n")
    assert run("validate", "other", "cycle", "--ignore", "M301,R207").exit_code == 1  # other: strict
    assert run("validate", "cycle", "--ignore", "M301,R207").exit_code == 0


# --- start-up -------------------------------------------------------------------------------------

def test_the_cli_module_imports_no_renderer():
    code = ("import sys, smartaward.cli.app; "
            "print(sorted(m for m in sys.modules if m.startswith(('smartaward.render', 'smartaward.checks.selection', "
            "'smartaward.reading.source', 'jsonschema', 'yaml'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # The output registry (stdlib only) gives the --format choices; no renderer is imported with it.
    assert out.stdout.strip() == "['smartaward.render', 'smartaward.render.registry']"
