"""The documents of `stats`, `judges` and `explain` computed once (issue 17): the first run on a cycle
keeps its document in the cache ("results" records named "stats", "judges", "explain\\0<entry>":
api.keep), and a run on the unchanged cycle prints it — nothing parsed, nothing scored — byte for
byte as a fresh computation would, in every format, stdout, stderr and exit code alike. A record
that is damaged, another document's or not of the shape a fresh one has is a miss: the document is
computed afresh, never trusted."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cyclefiles import copy_base
from helpers import run
from test_pending import _tie_for_gold

from smartaward import api
from smartaward.cli import jury as jury_command
from smartaward.cli import results as results_command
from smartaward.cli import stats as stats_command
from smartaward.publishing.explain import explain_entry
from smartaward.publishing.jury import DOCUMENT_VERSION, judges_document
from smartaward.publishing.stats import STATS_VERSION, cycle_stats
from smartaward.reading import cache as cache_module
from smartaward.reading.cache import MISS, Cache
from smartaward.reading.files import collect

ROOT = Path(__file__).parent.parent
SEOUL = ROOT / "cycles" / "seoul-smart-city-2024"
SEOUL_2023 = ROOT / "cycles" / "seoul-smart-city-2023"
TABLES = ("table", "json", "csv", "md", "rst", "latex", "html", "grid")
# Two entries each cycle explains (an award winner where there is one), and one it has not.
EXPLAINED = {"seoul": ("aarhus-green-schoolyards", "abu-dhabi-maas"), "seoul-2023": ("oulu-leadership", "hanoi-leadership"),
             "base": ("seoul-air", "oslo-bikes"), "tied": ("seoul-air", "baguio-health"), "errors": ("seoul-air",)}


UNKNOWN = "no-such-entry"  # never kept: each run looks for it in the cycle, to say which entries there are


def commands(entries: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every format of stats, judges and explain (of these entries), and the options that draw them."""
    found: list[tuple[str, ...]] = [("stats", "-f", fmt) for fmt in TABLES]
    found += [("stats", "--top", "2"), ("stats", "-f", "md", "--top", "1"), ("stats", "-q", "-f", "csv")]
    found += [("judges", "-f", fmt) for fmt in TABLES]
    found += [("judges", "-t", "panels"), ("judges", "-f", "csv", "-t", "disagreements"), ("judges", "-q", "-f", "md")]
    found += [("explain", entry, "-f", fmt) for entry in entries for fmt in ("text", "json", "md")]
    found += [("explain", UNKNOWN), *(("explain", "-q", entry) for entry in entries[:1])]
    return found


def outputs(root: Path, entries: tuple[str, ...], *extra: str, known: bool = False) -> list[tuple[tuple[str, ...], int, str, str]]:
    """Each command's exit code, stdout and stderr (`known`: not those of an entry the cycle has not)."""
    found = []
    for args in commands(entries):
        if known and UNKNOWN in args:
            continue
        result = run(*args, root, *extra)  # the cycle after the options (and explain's ENTRY)
        found.append((args, result.exit_code, result.stdout, result.stderr))
    return found


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SMARTAWARD_CACHE_DIR", str(folder))
    return folder


def with_errors(root: Path) -> Path:
    """The base cycle with an entry of a call cycle.yaml does not declare: stats counts what it can, exit 1."""
    copy_base(root)
    (root / "entries" / "stray.yaml").write_text(
        "id: stray\ncall: nope\ncategory: people\ntitle: Stray\nentrant: {name: Someone, type: city, city: Oslo, country: NO}\n"
        "submitted: 2025-06-01\n", encoding="utf-8")
    return root


def make(name: str, tmp_path: Path) -> Path:
    if name == "seoul":
        return Path(shutil.copytree(SEOUL, tmp_path / name))
    if name == "seoul-2023":
        return Path(shutil.copytree(SEOUL_2023, tmp_path / name))
    if name == "base":
        return copy_base(tmp_path / name)
    if name == "tied":  # provisional: a tie for gold awaits the chair, warnings and pending awards
        return _tie_for_gold(tmp_path / name)
    return with_errors(tmp_path / name)


def records(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "results").rglob("*") if p.is_file() and not p.name.startswith(".")) if folder.exists() else []


def key(cache_dir: Path, root: Path, name: str) -> bytes:
    return api._results_key(Cache(cache_dir), collect(root), name)


def not_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on a command that computes the results (or counts a cycle) fails the test."""
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("computed afresh")

    monkeypatch.setattr(api, "results", refuse)


# --- the same outputs, computed once ------------------------------------------------------------

@pytest.mark.parametrize("name", ["seoul", "seoul-2023", "base", "tied", "errors"])
def test_every_output_is_as_without_the_cache(name: str, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make(name, tmp_path)
    entries = EXPLAINED[name]
    fresh = outputs(root, entries, "--no-cache")
    assert not records(cache_dir)
    assert outputs(root, entries) == fresh  # cold: computed, and kept
    kept = records(cache_dir)
    assert kept
    with monkeypatch.context() as patched:
        if name != "errors":  # judges and explain stop on errors before computing anything
            not_computed(patched)
            assert outputs(root, entries, known=True) == [found for found in fresh if UNKNOWN not in found[0]]  # warm: from the cache
    run("validate", root)
    assert outputs(root, entries) == fresh  # after a validation of the unchanged cycle too
    assert set(kept) <= set(records(cache_dir))


def test_the_documents_are_kept_under_their_names(tmp_path: Path, cache_dir: Path) -> None:
    root = _tie_for_gold(tmp_path / "tied")
    for args in (("stats",), ("judges",), ("explain", "seoul-air"), ("explain", "nope")):
        run(*args, root)
    cache = Cache(cache_dir)
    for name in ("stats", "judges", "explain\0seoul-air"):
        assert cache.results(key(cache_dir, root, name)) is not MISS, name
    assert cache.results(key(cache_dir, root, "explain\0nope")) is MISS  # an unknown entry: nothing to keep


WARM = """
import io, sys, contextlib
from smartaward.cli.app import app
sys.argv = ["smartaward", *sys.argv[1:]]
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        app()
    except SystemExit as stop:
        assert not stop.code, stop.code
assert out.getvalue()
print(sorted(m for m in ("smartaward.model.cyclefiles", "yaml", "smartaward.judging", "smartaward.judging.scoring",
                         "smartaward.reading.load", "smartaward.checks.run", "smartaward.publishing.stats",
                         "smartaward.publishing.jury", "smartaward.publishing.explain") if m in sys.modules))
"""


@pytest.mark.parametrize("args", [("stats",), ("stats", "-f", "json"), ("stats", "-f", "csv"), ("judges",), ("judges", "-f", "csv"),
                                  ("judges", "-f", "json"), ("explain", "aarhus-green-schoolyards"),
                                  ("explain", "aarhus-green-schoolyards", "-f", "json")], ids=" ".join)
def test_a_second_run_parses_and_scores_nothing(tmp_path: Path, cache_dir: Path, args: tuple[str, ...]) -> None:
    """Neither the models of the cycle's files, nor PyYAML, nor the judging are imported."""
    root = Path(shutil.copytree(SEOUL, tmp_path / "seoul"))
    env = {**os.environ, "SMARTAWARD_CACHE_DIR": str(cache_dir)}
    # the first run in a process of its own too: both see smartaward's sources as they are now (the cache's fingerprint)
    subprocess.run([sys.executable, "-m", "smartaward", "validate", "-q", str(root)], env=env, check=True)
    subprocess.run([sys.executable, "-m", "smartaward", *args, str(root)], env=env, check=True, capture_output=True)
    result = subprocess.run([sys.executable, "-c", WARM, *args, str(root)], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


# --- a miss is recomputed, never trusted ----------------------------------------------------------

def _put(cache_dir: Path, root: Path, name: str, data: Any) -> None:
    Cache(cache_dir)._put("results", key(cache_dir, root, name), marshal.dumps(data, cache_module.MARSHAL_VERSION))


def _record(cache_dir: Path, root: Path, name: str) -> dict[str, Any]:
    data = Cache(cache_dir).results(key(cache_dir, root, name))
    assert type(data) is dict
    return marshal.loads(marshal.dumps(data))  # type: ignore[no-any-return]


ALL = ("stats", "judges", "explain\0seoul-air")


def _first(document: dict[str, Any], name: str) -> dict[str, Any]:
    """A row deep in the document, that the renderers read."""
    if name == "stats":
        return document["entries"]["by_call"][0]  # type: ignore[no-any-return]
    if name == "judges":
        return document["judges"][0]  # type: ignore[no-any-return]
    return document["entry"]  # type: ignore[no-any-return]


# One change each that a fresh computation never makes, made in place on a record; (names it applies to).
TAMPERING: dict[str, tuple[Any, tuple[str, ...]]] = {
    "a top-level key missing": (lambda r, n: r["document"].pop(next(iter(r["document"]))), ALL),
    "a top-level key added": (lambda r, n: r["document"].update(extra=1), ALL),
    "top-level keys reordered": (lambda r, n: r.update(document=dict(reversed(list(r["document"].items())))), ALL),
    "a row's key missing": (lambda r, n: _first(r["document"], n).pop(next(iter(_first(r["document"], n)))), ALL),
    "a row not a dict": (lambda r, n: r["document"]["judges"].insert(0, ["j01"]), ("judges",)),
    "a count a renderer cannot draw": (lambda r, n: r["document"]["entries"].update(by_call=7), ("stats",)),
    "another version": (lambda r, n: r["document"].update(version=99), ("stats", "judges")),
    "errors that the cycle has not": (lambda r, n: r["document"].update(errors=2), ("stats",)),
    "another entry's explanation": (lambda r, n: r["document"]["entry"].update(id="oslo-bikes"), ("explain\0seoul-air",)),
    "no title for the tables": (lambda r, n: r.update(title=None), ("judges",)),
    "another document's name": (lambda r, n: r.update(name="judges" if n != "judges" else "stats"), ALL),
    "a tie cut short": (lambda r, n: r["ties"].append(["call", "category"]), ALL),
    "a key of the record missing": (lambda r, n: r.pop("slots"), ALL),
    "the document not a dict": (lambda r, n: r.update(document=[1]), ALL),
}
CASES = [(change, name) for change, (_, names) in TAMPERING.items() for name in names]


def _args(name: str) -> list[tuple[str, ...]]:
    command, _, entry = name.partition("\0")
    formats = ("text", "json", "md") if command == "explain" else TABLES
    return [(command, *((entry,) if entry else ()), "-f", fmt) for fmt in formats]


def _outputs(root: Path, name: str, *extra: str) -> list[tuple[int, str, str]]:
    found = []
    for args in _args(name):
        result = run(*args, root, *extra)
        found.append((result.exit_code, result.stdout, result.stderr))
    return found


@pytest.mark.parametrize(("change", "name"), CASES, ids=[f"{c}-{n.replace(chr(0), ' ')}" for c, n in CASES])
def test_a_record_of_the_wrong_shape_with_a_valid_checksum_is_a_miss(tmp_path: Path, cache_dir: Path, change: str, name: str) -> None:
    root = _tie_for_gold(tmp_path / "tied")
    fresh = _outputs(root, name, "--no-cache")
    assert _outputs(root, name) == fresh
    record = _record(cache_dir, root, name)
    TAMPERING[change][0](record, name)
    _put(cache_dir, root, name, record)
    assert _outputs(root, name) == fresh
    assert marshal.dumps(_record(cache_dir, root, name)) != marshal.dumps(record)  # rewritten by the fresh computation


@pytest.mark.parametrize("name", ["judges", "explain\0seoul-air"])
def test_another_documents_record_copied_under_this_key_is_a_miss(tmp_path: Path, cache_dir: Path, name: str) -> None:
    """The explanation of another entry (its name and all), or the stats under judges' name."""
    root = _tie_for_gold(tmp_path / "tied")
    fresh = _outputs(root, name, "--no-cache")
    run("explain", "oslo-bikes", root)
    run("stats", root)
    other = _record(cache_dir, root, "explain\0oslo-bikes" if name.startswith("explain") else "stats")
    other["name"] = name
    _put(cache_dir, root, name, other)
    assert _outputs(root, name) == fresh


def test_a_record_with_a_flipped_bit_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    root = _tie_for_gold(tmp_path / "tied")
    fresh = _outputs(root, "judges", "--no-cache")
    run("judges", root)
    path = Cache(cache_dir)._path("results", key(cache_dir, root, "judges"))
    blob = bytearray(path.read_bytes())
    blob[-30] ^= 0x01
    path.write_bytes(bytes(blob))
    assert _outputs(root, "judges") == fresh


def test_a_changed_score_sheet_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    root = copy_base(tmp_path / "cycle")
    for name in ALL:
        _outputs(root, name)
    sheet = root / "scores" / "j01.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("seoul-air: {design: 7, impact: 8}",
                                                               "seoul-air: {design: 9, impact: 9.5}"), encoding="utf-8")
    for name in ALL:
        assert _outputs(root, name) == _outputs(root, name, "--no-cache"), name


def test_a_cycle_that_gains_an_error_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    root = copy_base(tmp_path / "cycle")
    for name in ALL:
        _outputs(root, name)
    with_errors_added = with_errors(tmp_path / "errors")
    shutil.copy(with_errors_added / "entries" / "stray.yaml", root / "entries" / "stray.yaml")
    for name in ALL:
        found = _outputs(root, name)
        assert found == _outputs(root, name, "--no-cache"), name
        assert all(code == 1 for code, _, _ in found)


# --- what the shape checks compare with ------------------------------------------------------------

@pytest.mark.parametrize("root", [SEOUL, SEOUL_2023, ROOT / "tests" / "cases" / "base"], ids=lambda p: p.name)
def test_the_shapes_the_commands_expect_are_a_fresh_documents(root: Path) -> None:
    outcome = api.results(root)
    assert outcome.cycle is not None and outcome.results is not None
    stats = cycle_stats(outcome.cycle, outcome.results, scoring=outcome.checked.scoring)
    assert tuple(stats) == stats_command.KEYS and stats["version"] == stats_command.VERSION == STATS_VERSION
    judges = judges_document(outcome.cycle, outcome.results)
    assert tuple(judges) == jury_command.KEYS and judges["version"] == jury_command.VERSION == DOCUMENT_VERSION
    for entry in outcome.cycle.entry_index:
        assert tuple(explain_entry(outcome.cycle, outcome.results, entry)) == results_command.EXPLAIN_KEYS
