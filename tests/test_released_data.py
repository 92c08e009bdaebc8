"""What loading lets go of to keep big cycles small (issue 17) changes nothing: an entries file's
parsed data (load.RELEASE_ENTRY_DATA), and the text of a file (kept as its bytes, decoded again only
for a position: source.Document.raw). Every invalid case, the base cycle and the samples report the
same problems, at the same positions, and rank the same."""

from __future__ import annotations

from pathlib import Path

from test_paths_agree import cycles, outcome

from smartaward.reading import load
from smartaward.reading.source import Document, parse_bytes

ROOT = Path(__file__).resolve().parent.parent


def test_letting_go_of_entry_data_changes_no_problem_and_no_result(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    roots = [*cycles(tmp_path), *sorted((ROOT / "cycles").iterdir())]
    monkeypatch.setattr(load, "RELEASE_ENTRY_DATA", False)
    kept = [outcome(root) for root in roots]
    monkeypatch.setattr(load, "RELEASE_ENTRY_DATA", True)
    assert [outcome(root) for root in roots] == kept


def test_a_document_keeps_its_bytes_and_finds_positions_in_them():
    raw = "\ufeffjudge: j01\nscores:\n  seoul-air: {design: 7, impact: 8}\n".encode()
    doc, problems = parse_bytes(raw, "scores/j01.yaml")
    assert not problems and doc.text is None and doc.raw is raw  # the same bytes, not a copy
    assert doc.diagnostic(("scores", "seoul-air", "impact"), "M301", "x").column == 34
    assert doc.text is not None  # decoded once a position was asked for
    empty = Document("x.yaml")
    assert empty.source_text() is None
