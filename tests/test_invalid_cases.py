"""Invalid example cycles: each folder of tests/cases/invalid/ is the base cycle with one problem.

A case folder holds
- `case.yaml`: `description` (one sentence), `expect` (a list of `{code, file, line}`, the file
  relative to the cycle root: every diagnostic that `validate` must report, and no other),
  optionally `remove` (base files to delete) and `xfail` (the reason, for a case whose expectation
  is right but the tool is not yet: the test is then a strict xfail, so it fails once the bug is
  fixed and the key must be removed);
- `files/`: files copied over a fresh copy of tests/cases/base/ (same relative paths). They may be
  binary (Latin-1, UTF-16) on purpose.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from smartaward.cli.app import app
from smartaward.diagnostics import CATALOGUE, Severity

CASES = Path(__file__).parent / "cases"
BASE = CASES / "base"
INVALID = CASES / "invalid"
MIN_CASES = 35

# Codes that no case folder covers, each with the reason and the test that covers it instead.
NOT_COVERED_BY_CASES = {
    "F004", "F005",  # a 65 MB file and a symlink cannot live in a case folder: tests/test_hostile.py
    # A file that exists but cannot be read cannot be stored as a static case (and chmod 000 does
    # not stop root): test_unreadable_file makes one at run time with a dangling symlink.
    "F002",
    # F006 is about a file smartaward would write (export, import, init, schema --out), which a cycle
    # folder cannot hold and validate never writes: tests/test_writes.py covers each command.
    "F006",
    # Import codes are about a spreadsheet given to `smartaward import`, never about a cycle file, so
    # validate cannot report them: tests/test_import.py covers each, at its row and column, and
    # tests/test_hostile_sheets.py covers I704 (a spreadsheet over the import's limits).
    "I701", "I702", "I703", "I704",
    "I705",  # tests/test_import_values.py (a value the cycle knows by no id, title or name)
    "I706",  # tests/test_import_shapes.py (columns not imported)
    "I707", "I708",  # tests/test_import_fixes.py (a judge's conflict matching no entry yet, a judge's name twice)
    # Assign codes are about the round `smartaward assign` is asked to assign, never reported by
    # validate: tests/test_assign.py and the examples of tests/test_codedocs.py cover each.
    "P851", "P852", "P853", "P854",
}


def _case_dirs() -> list[Path]:
    return sorted(p for p in INVALID.iterdir() if (p / "case.yaml").is_file())


def _load_case(folder: Path) -> dict[str, Any]:
    spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    assert set(spec) <= {"description", "expect", "remove", "xfail"}, f"{folder.name}: unknown keys in case.yaml"
    assert isinstance(spec.get("description"), str) and spec["description"].strip(), f"{folder.name}: no description"
    assert spec.get("expect"), f"{folder.name}: no expected diagnostics"
    for item in spec["expect"]:
        assert set(item) == {"code", "file", "line"}, f"{folder.name}: {item}"
        assert item["code"] in CATALOGUE, f"{folder.name}: unknown code {item['code']}"
    return spec


def _params() -> list[Any]:
    params = []
    for folder in _case_dirs():
        spec = _load_case(folder)
        marks = [pytest.mark.xfail(reason=spec["xfail"], strict=True)] if spec.get("xfail") else []
        params.append(pytest.param(folder, id=folder.name, marks=marks))
    return params


def _expected(spec: dict[str, Any]) -> Counter:
    return Counter((e["code"], e["file"], int(e["line"])) for e in spec["expect"])


def _build(folder: Path, spec: dict[str, Any], target: Path) -> Path:
    """The base cycle with the case applied, at target/cycle."""
    root = target / "cycle"
    shutil.copytree(BASE, root)
    for rel in spec.get("remove") or []:
        path = root / rel
        assert path.is_file(), f"{folder.name}: remove names {rel}, which the base cycle does not have"
        path.unlink()
    overlay = folder / "files"
    if overlay.is_dir():
        for src in sorted(overlay.rglob("*")):
            if src.is_file():
                dst = root / src.relative_to(overlay)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
    return root


def _validate(*args: str) -> Any:
    result = CliRunner().invoke(app, ["validate", ".", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def _location(file: str, line: int) -> str:
    """How the text output starts a diagnostic line (see render/text.py: no position for line 0)."""
    return f"{file}:{line}:" if line else f"{file}: "


@pytest.mark.parametrize("folder", _params())
def test_invalid_case(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _load_case(folder)
    expected = _expected(spec)
    monkeypatch.chdir(_build(folder, spec, tmp_path))

    result = _validate("--format", "json")
    document = json.loads(result.stdout)
    assert document["version"] == 1
    found = Counter((d["code"], d["file"], d["line"]) for d in document["diagnostics"])
    # A Counter, not a set: the same problem reported twice at one place is a failure too.
    assert found == expected, "\n".join(f"{d['file']}:{d['line']}:{d['column']}: {d['code']} {d['message']}" for d in document["diagnostics"])
    for d in document["diagnostics"]:
        assert d["severity"] == CATALOGUE[d["code"]].severity.value
        assert d["name"] == CATALOGUE[d["code"]].name
        assert d["message"].strip()

    failing = any(CATALOGUE[code].severity is Severity.ERROR for code, _, _ in expected)
    assert result.exit_code == (1 if failing else 0)
    assert document["status"] == ("error" if failing else "ok")

    text = _validate()
    assert text.exit_code == result.exit_code
    for _code, file, line in expected:
        assert _location(file, line) in text.stdout, f"{_location(file, line)} not in:\n{text.stdout}"


def test_enough_cases() -> None:
    assert len(_case_dirs()) >= MIN_CASES


def test_case_folders_are_complete() -> None:
    """Every folder is a case (no stray folders without case.yaml) and every overlay is used."""
    for folder in sorted(p for p in INVALID.iterdir() if p.is_dir()):
        assert (folder / "case.yaml").is_file(), f"{folder.name} has no case.yaml"
        spec = _load_case(folder)
        assert (folder / "files").is_dir() or spec.get("remove"), f"{folder.name} changes nothing"


def test_every_code_is_covered() -> None:
    covered = {e["code"] for folder in _case_dirs() for e in _load_case(folder)["expect"]}
    missing = set(CATALOGUE) - covered - NOT_COVERED_BY_CASES
    assert not missing, f"codes without an invalid case: {sorted(missing)}"
    # Keep the allow-list honest: a code that gains a case leaves it.
    assert not (NOT_COVERED_BY_CASES & covered), "remove covered codes from NOT_COVERED_BY_CASES"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """F002: an entry file that is listed but cannot be read (a dangling symlink; chmod 000 does not
    stop root, and the tests may run as root)."""
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    try:
        os.symlink(root / "entries" / "nowhere.yaml", root / "entries" / "ghost.yaml")
    except (OSError, NotImplementedError):  # pragma: no cover - e.g. Windows without the privilege
        pytest.skip("cannot create a symlink here")
    monkeypatch.chdir(root)
    result = _validate("--format", "json")
    found = [(d["code"], d["file"], d["line"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [("F002", "entries/ghost.yaml", 0)]
    assert result.exit_code == 1
    text = _validate()
    assert "entries/ghost.yaml: error F002" in text.stdout


# Numbers at the edge of floating point. Whatever validate says about them, it must say it as
# diagnostics (exit 0 or 1), never crash.
# Each edit is (file, old text, new text), applied in order to a fresh copy of the base cycle.
EXTREME_NUMBERS = {
    "weights-1e308": pytest.param(
        [("cycle.yaml", "{title: Design, weight: 1}", "{title: Design, weight: 1e308}"),
         ("cycle.yaml", "{title: Impact, weight: 2}", "{title: Impact, weight: 1e308}")]),
    "infinite-scale-and-marks": pytest.param(
        [("cycle.yaml", "scale: {min: 0, max: 10, step: 0.5}", "scale: {min: -1e999, max: 1e999}"),
         ("scores/j01.yaml", "seoul-air: {design: 7, impact: 8}", "seoul-air: {design: 1e999, impact: -1e999}")]),
    "huge-integer-mark": pytest.param(
        [("scores/j01.yaml", "impact: 8}", "impact: " + "9" * 4000 + "}")]),
    "tiny-step": pytest.param(
        [("cycle.yaml", "step: 0.5", "step: 1e-300")]),
}


@pytest.mark.parametrize("edits", list(EXTREME_NUMBERS.values()), ids=list(EXTREME_NUMBERS))
def test_extreme_numbers_do_not_crash(edits: list[tuple[str, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    for rel, old, new in edits:
        text = (root / rel).read_text(encoding="utf-8")
        assert text.count(old) == 1, (rel, old)
        (root / rel).write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.chdir(root)
    result = _validate("--format", "json")
    assert result.exit_code in (0, 1)
    json.loads(result.stdout)
