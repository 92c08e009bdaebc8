"""import entries without a `submitted` column: a dive, a song or a wine has no date, and the entry
is written without one; where the call needs a date (it closes), the import reports what validate
would (S101 at the entry) and writes nothing."""

from __future__ import annotations

from pathlib import Path

import yaml
from cyclefiles import write_cycle
from helpers import run
from rulecycles import cycle_doc, panel

ROWS = "id,call,category,title,entrant name,entrant type\nseoul-air,project,people,Clean air,City of Seoul,city\n"


def _cycle(root: Path, **call_keys: object) -> Path:
    write_cycle(root, cycle=cycle_doc(**call_keys), judges=panel("j1"), entry_files={}, sheets={})
    sheet = root.parent / f"{root.name}.csv"
    sheet.write_text(ROWS, encoding="utf-8")
    return sheet


def test_entries_without_dates_are_imported_without_one(tmp_path: Path) -> None:
    root = tmp_path / "cycle"
    sheet = _cycle(root)
    result = run("import", "entries", str(sheet), str(root))
    assert result.exit_code == 0, result.output
    written = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (root / "entries").glob("*.yaml")]
    entries = [e for doc in written for e in (doc if isinstance(doc, list) else [doc])]
    assert [e["id"] for e in entries] == ["seoul-air"] and "submitted" not in entries[0]
    assert run("validate", str(root)).exit_code == 0


def test_a_call_that_closes_needs_the_date_and_the_import_says_so(tmp_path: Path) -> None:
    root = tmp_path / "cycle"
    sheet = _cycle(root, closes="2025-06-30")
    result = run("import", "entries", str(sheet), str(root), "--format", "json")
    assert result.exit_code == 1
    assert '"S101"' in result.stdout and "submitted" in result.stdout
    assert not list((root / "entries").glob("*.yaml"))
