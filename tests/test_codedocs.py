"""The diagnostics catalogue: every code documented with a failing and a passing example, the
generated docs/diagnostics.md up to date, and `smartaward explain-code` printing an entry.

Every code's examples are run: laid over a copy of the base cycle (tests/cases/base), the failing
example must get exactly its code and the passing one no diagnostic at all. Most are cycle files
that `validate` reads; the codes in RUNNERS are about something else (a link, a file's size, a
spreadsheet given to `import`, a file that `import` writes, the round that `assign` is asked to
assign) and each has its own runner.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from smartaward.api import validate
from smartaward.cli.app import app
from smartaward.codedocs import all_docs
from smartaward.codedocs.assigning import ARGUMENTS as ASSIGN_ARGUMENTS
from smartaward.codedocs.example import CodeDoc, Example
from smartaward.codedocs.render import code_text, markdown
from smartaward.diagnostics import CATALOGUE, FAMILIES, Diagnostic
from smartaward.render.plain import line

DOCS = Path(__file__).resolve().parent.parent / "docs" / "diagnostics.md"
BASE = Path(__file__).resolve().parent / "cases" / "base"
runner = CliRunner()


def test_every_code_has_a_paragraph_and_both_examples():
    docs = all_docs()
    assert set(docs) == set(CATALOGUE)
    for code, doc in docs.items():
        assert len(doc.text.split()) >= 20, code
        assert doc.bad.text.strip() and doc.good.text.strip(), code
        assert (doc.bad.file, doc.bad.text) != (doc.good.file, doc.good.text), code  # F003: only the name differs


def test_every_code_belongs_to_a_family():
    assert {code[0] for code in CATALOGUE} <= set(FAMILIES)


def test_docs_diagnostics_md_is_generated_from_the_code():
    assert DOCS.read_text(encoding="utf-8") == markdown(), "run: python -m smartaward.codedocs > docs/diagnostics.md"


@pytest.mark.parametrize("asked", ["M301", "m301", "mark-out-of-scale"])
def test_explain_code_prints_the_entry(asked):
    result = runner.invoke(app, ["explain-code", asked])
    assert result.exit_code == 0, result.output
    assert result.stdout == code_text("M301")
    assert result.stdout.startswith("M301 mark-out-of-scale (error)")
    assert all_docs()["M301"].bad.text.splitlines()[0].strip() in result.stdout


@pytest.mark.parametrize("asked", ["P851", "assign-pair-dropped"])
def test_explain_code_prints_an_entry_of_a_code_that_only_assign_reports(asked):
    result = runner.invoke(app, ["explain-code", asked])
    assert result.exit_code == 0, result.output
    code = next(c for c, entry in CATALOGUE.items() if asked in (c, entry.name))
    assert result.stdout == code_text(code)
    assert "smartaward assign" in result.stdout


def test_explain_code_of_an_unknown_code_is_misuse_with_a_suggestion():
    result = runner.invoke(app, ["explain-code", "M3011"])
    assert result.exit_code == 2
    assert "M301" in result.output and "Traceback" not in result.output


# --- Every example runs ------------------------------------------------------------------------


def _write(root: Path, example: Example) -> None:
    path = root / example.file
    original = path.read_text(encoding="utf-8") if path.is_file() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(example.whole(original).encode(example.encoding))


def _cycle(doc: CodeDoc, folder: Path) -> Path:
    """A copy of the base cycle as both examples of `doc` assume it, without either example."""
    root = folder / "cycle"
    shutil.copytree(BASE, root)
    for name in doc.removed:
        (root / name).unlink()
    for given in doc.given:
        _write(root, given)
    return root


def _validate(root: Path) -> set[str]:
    return {d.code for d in validate([root]).diagnostics}


def _cycle_file(doc: CodeDoc, example: Example, failing: bool, folder: Path) -> set[str]:
    """The default: the example is a cycle file, written over the base's, and `validate` reads it."""
    root = _cycle(doc, folder)
    _write(root, example)
    return _validate(root)


def _link(target: Callable[[Path, Path], Path]) -> Callable[[CodeDoc, Example, bool, Path], set[str]]:
    """F002, F005: the failing example is a symbolic link (its text says where to); the passing one
    is the file itself."""

    def run(doc: CodeDoc, example: Example, failing: bool, folder: Path) -> set[str]:
        root = _cycle(doc, folder)
        if not failing:
            _write(root, example)
        else:
            (root / example.file).symlink_to(target(root, folder))
        return _validate(root)

    return run


def _moved_away(root: Path, folder: Path) -> Path:  # F002: a link to a file that is no longer there
    return root / "drafts" / "lagos-honour.yaml"


def _outside(root: Path, folder: Path) -> Path:  # F005: a link to a real file outside the cycle folder
    outside = folder / "drafts" / "lagos-honour.yaml"
    outside.parent.mkdir()
    outside.write_text(all_docs()["F005"].good.text, encoding="utf-8")
    return outside


def _over_the_size_limit(doc: CodeDoc, example: Example, failing: bool, folder: Path) -> set[str]:
    """F004: a limit of 0.01 MB (see ENVIRONMENT) stands for 64 MB; the failing example, padded
    with its "..." comment lines past the limit, stands for a file of 90 MB."""
    root = _cycle(doc, folder)
    _write(root, example)
    if failing:
        path = root / example.file
        path.write_text(path.read_text(encoding="utf-8") + "# ...\n" * 2000, encoding="utf-8")
    return _validate(root)


def _import_json(kind: str, sheet: Path, root: Path, *options: str) -> set[str]:
    result = runner.invoke(app, ["import", kind, str(sheet), "--cycle", str(root), "--dry-run", "--format", "json", *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return {d["code"] for d in json.loads(result.stdout)["diagnostics"]}


def _import(doc: CodeDoc, example: Example, failing: bool, folder: Path) -> set[str]:
    """I701-I704: the example is a spreadsheet given to `smartaward import` (entries, or scores
    for a sheet of marks), in a dry run."""
    root = _cycle(doc, folder)
    sheet = folder / example.file
    sheet.write_text(example.text, encoding="utf-8")
    kind = "scores" if example.file.startswith("marks") else "judges" if example.file.startswith("jury") else "entries"
    return _import_json(kind, sheet, root)


def _import_through_a_link(doc: CodeDoc, example: Example, failing: bool, folder: Path) -> set[str]:
    """F006: the failing example is a link out of the cycle folder that `import entries --force`
    would write (the spreadsheet is I703's, whose row is oslo-bikes); the passing one a real file."""
    root = _cycle(doc, folder)
    if failing:
        outside = folder / "drafts" / "oslo-bikes.yaml"
        outside.parent.mkdir()
        shutil.copy(BASE / example.file, outside)
        (root / example.file).unlink()
        (root / example.file).symlink_to(outside)
    else:
        _write(root, example)
    spreadsheet = all_docs()["I703"].bad
    sheet = folder / spreadsheet.file
    sheet.write_text(spreadsheet.text, encoding="utf-8")
    return _import_json("entries", sheet, root, "--force")


def _assign_json(root: Path, arguments: tuple[str, ...], *options: str) -> dict[str, Any]:
    result = runner.invoke(app, ["assign", str(root), *arguments, "--dry-run", "--no-cache", *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stdout, result.output  # errors of the cycle itself stop assign before it plans
    document: dict[str, Any] = json.loads(result.stdout) if "--format" in options else {"text": result.stdout}
    return document


def _assign(arguments: tuple[str, ...]) -> Callable[[CodeDoc, Example, bool, Path], set[str]]:
    """P851-P854: the example is a cycle file (judges.yaml, the round's assignment file), and the
    codes are the problems `smartaward assign` reports about the round, in a dry run, with the
    arguments codedocs/assigning.py gives for the code. Without an error, the file is planned."""

    def run(doc: CodeDoc, example: Example, failing: bool, folder: Path) -> set[str]:
        root = _cycle(doc, folder)
        _write(root, example)
        document = _assign_json(root, arguments, "--format", "json")
        codes = {p["code"] for p in document["problems"]}
        assert document["feasible"] == (not any(CATALOGUE[code].severity.value == "error" for code in codes)), document
        return codes

    return run


# The codes whose examples are not cycle files that `validate` reads, and how each is run.
RUNNERS: dict[str, Callable[[CodeDoc, Example, bool, Path], set[str]]] = {
    **{code: _assign(arguments) for code, arguments in ASSIGN_ARGUMENTS.items()},
    "F002": _link(_moved_away),
    "F004": _over_the_size_limit,
    "F005": _link(_outside),
    "F006": _import_through_a_link,
    "I701": _import,
    "I702": _import,
    "I703": _import,
    "I704": _import,
    "I705": _import,
    "I706": _import,
    "I707": _import,
    "I708": _import,
}
# Limits lowered so that a small example is over them (I704's text says so: its example is checked
# with a limit of 8 columns).
ENVIRONMENT = {"F004": {"SMARTAWARD_MAX_FILE_MB": "0.01"}, "I704": {"SMARTAWARD_MAX_IMPORT_COLUMNS": "8"}}


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_the_failing_example_gets_its_code_and_the_passing_one_nothing(code: str, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    doc = all_docs()[code]
    for name, value in ENVIRONMENT.get(code, {}).items():
        monkeypatch.setenv(name, value)
    run = RUNNERS.get(code, _cycle_file)
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    assert run(doc, doc.bad, True, tmp_path / "bad") == {code}
    assert run(doc, doc.good, False, tmp_path / "good") == set()


@pytest.mark.parametrize("code", [code for code, doc in all_docs().items() if doc.bad.edits is not None or doc.good.edits is not None])
def test_an_example_that_shows_part_of_a_file_shows_lines_of_the_file_it_runs(code: str) -> None:
    """A part of a file is shown as its lines, in order (comments aside): the lines the test runs."""
    doc = all_docs()[code]
    for example in (doc.bad, doc.good):
        if example.edits is None:
            continue
        original = (BASE / example.file).read_text(encoding="utf-8")
        for given in doc.given:
            if given.file == example.file:
                original = given.whole(original)
        lines = iter(example.whole(original).splitlines())
        for shown in example.text.splitlines():
            if not shown.strip().startswith("#"):
                assert any(line == shown for line in lines), f"{code} {example.file}: {shown!r} is not in the file run, in order"


@pytest.mark.parametrize("code", list(ASSIGN_ARGUMENTS))
def test_assign_prints_its_problems_as_validate_prints_a_diagnostic(code: str, tmp_path: Path) -> None:
    """A problem of `assign` is a diagnostic: the catalogue's name and severity in the JSON, and
    its text line is render/plain.py's (file:line:column: severity CODE message)."""
    doc = all_docs()[code]
    root = _cycle(doc, tmp_path)
    _write(root, doc.bad)
    problems = _assign_json(root, ASSIGN_ARGUMENTS[code], "--format", "json")["problems"]
    assert problems and {p["code"] for p in problems} == {code}
    for p in problems:
        assert (p["name"], p["severity"]) == (CATALOGUE[code].name, CATALOGUE[code].severity.value)
        assert p["file"] and p["line"] > 0 and p["column"] > 0, p
    text = _assign_json(root, ASSIGN_ARGUMENTS[code])["text"].splitlines()
    diagnostics = [Diagnostic(p["file"], p["line"], p["column"], p["code"], p["message"]) for p in problems]
    assert text[:len(problems)] == [line(d) for d in diagnostics]
