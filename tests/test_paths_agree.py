"""Every way of loading gives the same answer: serial or parallel, with or without the cache.

(tests/test_fastpath.py does the same for the score-sheet scanner against the full YAML path.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from test_invalid_cases import _build, _case_dirs, _load_case

from smartaward.awards.results import compute
from smartaward.checks.run import run_checks
from smartaward.diagnostics import has_errors
from smartaward.publishing.data import rank_document
from smartaward.reading import load, parallel
from smartaward.reading.cache import Cache
from smartaward.reading.source import parse_text

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "cases" / "base"
SEOUL = ROOT / "cycles" / "seoul-smart-city-2024"


def outcome(root: Path, cache: Cache | None = None):
    cycle = load.load_cycle(root, cache=cache)
    diagnostics = run_checks(cycle)
    return diagnostics, None if has_errors(diagnostics) else rank_document(compute(cycle))


def cycles(tmp_path: Path, names: list[str] | None = None) -> list[Path]:
    folders = [f for f in _case_dirs() if names is None or f.name in names]
    return [BASE, SEOUL] + [_build(f, _load_case(f), tmp_path / f.name) for f in folders]


def test_parallel_parsing_gives_the_same_result(tmp_path, monkeypatch):
    """Every invalid case, the base cycle and the Seoul sample, parsed by worker processes."""
    monkeypatch.chdir(tmp_path)
    roots = cycles(tmp_path)
    monkeypatch.setattr(load, "PARALLEL", False)
    serial = [outcome(root) for root in roots]
    monkeypatch.setattr(load, "PARALLEL", True)
    monkeypatch.setattr(load, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    calls = []
    real = parallel.parse_all
    monkeypatch.setattr(parallel, "parse_all", lambda tasks: calls.append(len(tasks)) or real(tasks))
    assert [outcome(root) for root in roots] == serial
    assert len(calls) == len(roots) and all(calls), "every cycle went through the worker processes"


def test_the_cache_never_changes_a_result(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = Cache(tmp_path / "cache")
    for root in cycles(tmp_path):
        fresh = outcome(root)
        assert outcome(root, cache) == fresh  # cold: parses and stores
        assert outcome(root, cache) == fresh  # warm: from the stored records


def test_a_changed_file_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    cache = Cache(tmp_path / "cache")
    assert outcome(root, cache)[0] == []
    sheet = root / "scores" / "j02.yaml"
    sheet.write_text(sheet.read_text().replace("design: 8,", "design: 11,"))
    assert [d.code for d in outcome(root, cache)[0]] == ["M301"]


def test_a_damaged_cache_record_is_ignored(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = Cache(tmp_path / "cache")
    fresh = outcome(BASE)
    outcome(BASE, cache)
    for record in (tmp_path / "cache").rglob("*"):
        if record.is_file():
            record.write_bytes(record.read_bytes()[:7])  # truncated
    assert outcome(BASE, cache) == fresh


def test_an_unwritable_cache_folder_is_not_a_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = Cache(blocker / "cache")
    assert outcome(BASE, cache) == outcome(BASE)
    assert cache.usable is False


def test_csv_score_sheets_rank_exactly_like_yaml_ones(tmp_path, monkeypatch):
    """The base cycle's three YAML sheets rewritten as one long and one wide CSV file."""
    monkeypatch.chdir(tmp_path)
    expected = outcome(BASE)
    sheets = {p.stem: parse_text(p.read_text(encoding="utf-8"), p.name)[0].data for p in sorted((BASE / "scores").glob("*.yaml"))}
    long_rows = ["judge,entry,criterion,mark"] + [
        f"{judge},{entry},{criterion},{mark}"
        for judge, sheet in sheets.items() for entry, marks in sheet["scores"].items() for criterion, mark in marks.items()]
    wide_rows = ["judge;entry;design;impact"] + [
        f"{judge};{entry};{marks['design']};{marks['impact']}" for judge, sheet in sheets.items() for entry, marks in sheet["scores"].items()]
    for name, rows in (("long.csv", long_rows), ("wide.csv", wide_rows)):
        root = tmp_path / name
        shutil.copytree(BASE, root)
        for sheet in (root / "scores").glob("*.yaml"):
            sheet.unlink()
        (root / "scores" / name).write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")  # with Excel's BOM
        assert outcome(root) == expected, name


def _with_comments(tmp_path: Path) -> list[Path]:
    """The 2024 sample with judges' comments (test_comments.py), a copy where one comment holds an
    escape character (S105) and one on an unknown entry (R205), and the base cycle with a CSV sheet
    that has a comment column."""
    from test_comments import LONG, seoul_with_comments

    clean = seoul_with_comments(tmp_path / "comments")
    hostile = seoul_with_comments(tmp_path / "hostile-comments")
    for name, added in (("f02.yaml", 'comments:\n  accra-leadership: "Bad\\e[2J"\n'), ("f04.yaml", "comments:\n  no-such-entry: Hm.\n")):
        sheet = hostile / "scores" / "final" / name
        sheet.write_text(sheet.read_text(encoding="utf-8") + added, encoding="utf-8")
    csv = tmp_path / "csv-comments"
    shutil.copytree(BASE, csv)
    (csv / "scores" / "j01.yaml").unlink()
    (csv / "scores" / "j01.csv").write_text("\n".join(LONG) + "\n", encoding="utf-8")
    return [clean, hostile, csv]


def _comments_outcome(root: Path, cache: Cache | None = None):
    cycle = load.load_cycle(root, cache=cache)
    diagnostics = run_checks(cycle)
    comments = [(sheet.doc.file, sheet.judge, sheet.round, sheet.comments) for sheet in cycle.sheets]
    return diagnostics, None if has_errors(diagnostics) else rank_document(compute(cycle)), comments


def test_comments_are_the_same_on_every_path(tmp_path, monkeypatch):
    """Sheets with comments: the line scanner or the full YAML path, serial or worker processes, with
    a cold or a warm cache: the same comments, diagnostics and rankings."""
    monkeypatch.chdir(tmp_path)
    roots = _with_comments(tmp_path)
    expected = [_comments_outcome(root) for root in roots]
    assert [bool(comments) for _, _, sheets in expected for *_, comments in sheets].count(True) >= 2 * 4 + 1
    assert [d.code for d in expected[1][0]] == ["S105", "R205"] and expected[0][0] == expected[2][0] == []
    monkeypatch.setattr(load, "FAST_PATHS", False)
    assert [_comments_outcome(root) for root in roots] == expected
    monkeypatch.setattr(load, "FAST_PATHS", True)
    cache = Cache(tmp_path / "cache")
    assert [_comments_outcome(root, cache) for root in roots] == expected  # cold
    assert [_comments_outcome(root, cache) for root in roots] == expected  # warm: from the stored records
    monkeypatch.setattr(load, "PARALLEL", True)
    monkeypatch.setattr(load, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    assert [_comments_outcome(root) for root in roots] == expected
