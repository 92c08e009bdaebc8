"""Results computed once (issue 17): `validate` keeps what rank, winners and status print in the cache
("results" records, publishing/published.py), and those commands then read it — nothing parsed,
nothing scored — with outputs byte for byte those of a fresh computation. A record that is damaged,
another cycle's, or not of the exact shape is a miss: the results are computed afresh, never trusted."""

from __future__ import annotations

import json
import marshal
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cyclefiles import copy_base
from helpers import run
from hypothesis import given, settings
from hypothesis import strategies as st
from test_pending import _tie_for_gold

from smartaward import api
from smartaward.publishing.data import rank_columns, rank_document
from smartaward.publishing.published import Published, Waiting, published, unpacked_rankings
from smartaward.reading import cache as cache_module
from smartaward.reading.cache import MISS, Cache
from smartaward.reading.cachedata import document_data
from smartaward.reading.files import collect

ROOT = Path(__file__).parent.parent
SEOUL = ROOT / "cycles" / "seoul-smart-city-2024"
COMMANDS = [("rank", fmt) for fmt in ("table", "json", "csv", "md", "rst", "latex", "html", "grid")] + \
           [("winners", fmt) for fmt in ("table", "json", "csv", "md", "rst", "latex", "html", "grid")] + \
           [("status", fmt) for fmt in ("text", "json", "md")]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SMARTAWARD_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(params=["seoul", "tied"])
def cycle(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Seoul 2024 (final), and the base cycle with a tie for gold (provisional: pending awards, an
    unfilled slot, open items): every part of the documents and of what stderr says."""
    if request.param == "seoul":
        return Path(shutil.copytree(SEOUL, tmp_path / "seoul"))
    return _tie_for_gold(tmp_path / "tied")


def outputs(root: Path, *extra: str) -> list[tuple[int, str, str]]:
    """Every format of rank, winners and status, and winners --final: exit code, stdout, stderr."""
    found = []
    for command, fmt in [*COMMANDS, ("winners", "final")]:
        args = ["--final"] if fmt == "final" else ["-f", fmt]
        result = run(command, root, *args, *extra)
        found.append((result.exit_code, result.stdout, result.stderr))
    return found


def records(folder: Path, kind: str = "results") -> list[Path]:
    return sorted(p for p in (folder / kind).rglob("*") if p.is_file() and not p.name.startswith("."))


def results_key(cache_dir: Path, root: Path, document: str = api._PUBLISHED) -> bytes:
    """The key of a results record: the documents (without the rankings), or with api._RANKINGS the rankings."""
    files = collect(root)
    return api._results_key(Cache(cache_dir), files, document)


KEPT = 2  # records a cycle's results are kept in: the documents, and the rankings apart (api._keep)


def packed_rankings(document: Any) -> Any:
    """The rankings document with each category's rows, where they all have the same keys in the same
    order, as {"keys": [...], "columns": [[...], ...]} (what data.rank_columns makes of results): the
    inverse of published.unpacked_rankings, for records written and tampered with here."""
    if type(document) is not dict or type(document.get("categories")) is not list:
        return document
    categories = []
    for category in document["categories"]:
        rows = category.get("ranking") if type(category) is dict else None
        if type(rows) is list and rows and set(map(type, rows)) == {dict} and all(tuple(row) == tuple(rows[0]) for row in rows):
            keys = list(rows[0])
            category = {**category, "ranking": {"keys": keys, "columns": [[row[key] for row in rows] for key in keys]}}
        categories.append(category)
    return {**document, "categories": categories}


def store_record(cache: Cache, cache_dir: Path, root: Path, data: Any) -> None:
    """Write a (whole) record as api._keep writes it: the rankings apart, the rest with rankings None.
    A record that is not a mapping is written whole as the documents' record."""
    if type(data) is dict and "rankings" in data:
        packed = packed_rankings(data["rankings"])  # as _keep packs them: rows of the same keys as columns
        cache._put("results", results_key(cache_dir, root, api._RANKINGS), marshal.dumps(packed, cache_module.MARSHAL_VERSION))
        data = {**data, "rankings": None}
    cache._put("results", results_key(cache_dir, root), marshal.dumps(data, cache_module.MARSHAL_VERSION))


def stored_record(cache: Cache, cache_dir: Path, root: Path) -> Any:
    """The whole record api._keep wrote, the rankings put back in their place."""
    data = cache.results(results_key(cache_dir, root))
    return {**data, "rankings": unpacked_rankings(cache.results(results_key(cache_dir, root, api._RANKINGS)))}


def record_of(root: Path) -> dict[str, Any]:
    outcome = api.results(root)
    assert outcome.results is not None
    return published(outcome.results).record()


# --- the same outputs, computed once ------------------------------------------------------------

def test_validate_keeps_the_results_and_every_output_is_as_without_the_cache(cycle: Path, cache_dir: Path) -> None:
    fresh = outputs(cycle, "--no-cache")
    assert run("validate", cycle).exit_code == 0
    assert len(records(cache_dir)) == KEPT  # validate kept them
    assert outputs(cycle) == fresh  # read from the cache
    assert outputs(cycle) == fresh  # and again
    assert len(records(cache_dir)) == KEPT


def test_rank_without_a_validation_keeps_them_too(cycle: Path, cache_dir: Path) -> None:
    fresh = outputs(cycle, "--no-cache")
    assert outputs(cycle) == fresh
    assert len(records(cache_dir)) == KEPT and outputs(cycle) == fresh


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
                         "smartaward.reading.load", "smartaward.checks.run") if m in sys.modules))
"""


@pytest.mark.parametrize("args", [("winners",), ("winners", "-f", "csv"), ("rank",), ("rank", "-f", "json"), ("status",),
                                  ("status", "-f", "json")], ids=" ".join)
def test_after_validate_nothing_is_parsed_or_scored(tmp_path: Path, cache_dir: Path, args: tuple[str, ...]) -> None:
    """Neither the models of the cycle's files, nor PyYAML, nor the judging are imported."""
    root = Path(shutil.copytree(SEOUL, tmp_path / "seoul"))
    env = {**os.environ, "SMARTAWARD_CACHE_DIR": str(cache_dir)}
    # validated in a process of its own too: both see smartaward's sources as they are now (the cache's fingerprint)
    subprocess.run([sys.executable, "-m", "smartaward", "validate", "-q", str(root)], env=env, check=True)
    result = subprocess.run([sys.executable, "-c", WARM, *args, str(root)], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_winners_and_status_never_read_the_rankings(cycle: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rankings are kept apart (a ranking of 100,000 entries is 30 MB): winners and status answer
    from the documents alone, even with the rankings' record gone; rank then computes afresh."""
    fresh = outputs(cycle, "--no-cache")
    run("validate", cycle)
    Cache(cache_dir)._path("results", results_key(cache_dir, cycle, api._RANKINGS)).unlink()
    expected = dict(zip([*COMMANDS, ("winners", "final")], fresh, strict=True))

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed again")

    with monkeypatch.context() as patched:
        patched.setattr(api, "_computed", never)
        for (command, fmt), found in expected.items():
            if command != "rank":
                result = run(command, cycle, *(["--final"] if fmt == "final" else ["-f", fmt]))
                assert (result.exit_code, result.stdout, result.stderr) == found
    assert outputs(cycle) == fresh  # rank without its rankings: computed afresh, and kept again
    assert len(records(cache_dir)) == KEPT


# --- a miss is recomputed, never trusted ----------------------------------------------------------

def test_a_record_with_a_flipped_bit_is_a_miss(cycle: Path, cache_dir: Path) -> None:
    fresh = outputs(cycle, "--no-cache")
    run("validate", cycle)
    for path in records(cache_dir):  # the documents and the rankings: each a miss on its own
        blob = bytearray(path.read_bytes())
        blob[-40] ^= 0x01
        path.write_bytes(bytes(blob))
        assert outputs(cycle) == fresh
    assert Cache(cache_dir).results(results_key(cache_dir, cycle)) is not MISS  # rewritten, whole again
    assert Cache(cache_dir).results(results_key(cache_dir, cycle, api._RANKINGS)) is not MISS


def test_another_cycles_record_copied_under_this_key_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    seoul, tied = Path(shutil.copytree(SEOUL, tmp_path / "seoul")), _tie_for_gold(tmp_path / "tied")
    fresh = outputs(tied, "--no-cache")
    run("validate", seoul)
    run("validate", tied)
    cache = Cache(cache_dir)
    for document in (api._PUBLISHED, api._RANKINGS):
        theirs, ours = (cache._path("results", results_key(cache_dir, root, document)) for root in (seoul, tied))
        ours.write_bytes(theirs.read_bytes())
    assert outputs(tied) == fresh


def _first_row(data: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = data["rankings"]["categories"][0]["ranking"][0]
    return row


def _reorder(data: dict[str, Any]) -> None:
    data["rankings"]["categories"][0]["ranking"][0] = dict(reversed(list(_first_row(data).items())))


# One change each that a fresh computation never makes (or a result nobody computed), made in place.
TAMPERING: dict[str, Any] = {
    "a key missing": lambda data: _first_row(data).pop("score"),
    "a key added": lambda data: _first_row(data).update(extra=1),
    "keys reordered": _reorder,
    "a score as text": lambda data: _first_row(data).update(score="9.5"),
    "a rank as a float": lambda data: _first_row(data).update(rank=1.0),
    "a bool for an int": lambda data: _first_row(data).update(judges=True),
    "a NaN score": lambda data: _first_row(data).update(score=float("nan")),
    "a lone surrogate": lambda data: _first_row(data).update(title="\ud800"),
    "a tuple": lambda data: data["rankings"]["categories"][0].update(notes=("note",)),
    "a huge int": lambda data: _first_row(data).update(judges=10 ** 400),
    "status without its document": lambda data: data.update(status=None),
    "final with open items": lambda data: data.update(summary="final"),
    "another cycle's documents": lambda data: data["winners"].update(cycle="elsewhere"),
    "a winner row not a dict": lambda data: data["winners"]["winners"].append(["call", "category"]),
    "a tie cut short": lambda data: data["ties"].append(["call", "category"]),
    "a key of the record missing": lambda data: data.pop("slots"),
}
CHANGES = [*TAMPERING, "not a dict"]


def _tampered(record: dict[str, Any], change: str) -> Any:
    data = marshal.loads(marshal.dumps(record))
    if change == "not a dict":
        return [data]
    TAMPERING[change](data)
    return data


def _validated_tie(tmp_path: Path) -> tuple[Path, Any]:
    """A cycle with a tie for gold, validated (its results kept), and its outputs computed without the cache."""
    tied = _tie_for_gold(tmp_path / "tied")
    fresh = outputs(tied, "--no-cache")
    run("validate", tied)
    return tied, fresh


def _a_miss(cache: Cache, tied: Path, fresh: Any) -> None:
    """The kept results are not used, and every output is what a fresh computation prints."""
    assert api._kept_published(cache, collect(tied), rankings=True) is None
    assert outputs(tied) == fresh


@pytest.mark.parametrize("change", CHANGES)
def test_a_record_of_the_wrong_shape_with_a_valid_checksum_is_a_miss(tmp_path: Path, cache_dir: Path, change: str) -> None:
    tied, fresh = _validated_tie(tmp_path)
    cache = Cache(cache_dir)
    record = stored_record(cache, cache_dir, tied)
    assert Published.from_record(record) is not None
    store_record(cache, cache_dir, tied, _tampered(record, change))
    _a_miss(cache, tied, fresh)


def _packed_ranking(data: dict[str, Any]) -> dict[str, Any]:
    ranking: dict[str, Any] = data["categories"][0]["ranking"]
    return ranking


def _swap_columns(data: dict[str, Any]) -> None:
    ranking = _packed_ranking(data)
    ranking["keys"][:2] = ranking["keys"][1::-1]
    ranking["columns"][:2] = ranking["columns"][1::-1]


# One change each to a packed ranking (its rows as columns: published.packed_rankings), made in place.
PACKED_TAMPERING: dict[str, Any] = {
    "a column cut short": lambda data: _packed_ranking(data)["columns"][3].pop(),
    "a key twice": lambda data: _packed_ranking(data)["keys"].__setitem__(1, _packed_ranking(data)["keys"][0]),
    "a key not a text": lambda data: _packed_ranking(data)["keys"].__setitem__(0, 1),
    "a column missing": lambda data: (_packed_ranking(data)["keys"].pop(), _packed_ranking(data)["columns"].pop()),
    "a column not a list": lambda data: _packed_ranking(data)["columns"].__setitem__(0, "x"),
    "a key added to the ranking": lambda data: _packed_ranking(data).update(rows=1),
    "columns swapped with their keys": _swap_columns,
    "a score as text": lambda data: _packed_ranking(data)["columns"][_packed_ranking(data)["keys"].index("score")].__setitem__(0, "9.5"),
    "a NaN score": lambda data: _packed_ranking(data)["columns"][_packed_ranking(data)["keys"].index("score")].__setitem__(0, float("nan")),
    "a lone surrogate": lambda data: _packed_ranking(data)["columns"][_packed_ranking(data)["keys"].index("title")].__setitem__(0, "\ud800"),
    "no keys at all": lambda data: _packed_ranking(data).update(keys=[], columns=[]),
}


@pytest.mark.parametrize("change", PACKED_TAMPERING)
def test_a_packed_ranking_of_the_wrong_shape_is_a_miss(tmp_path: Path, cache_dir: Path, change: str) -> None:
    tied, fresh = _validated_tie(tmp_path)
    cache = Cache(cache_dir)
    key = results_key(cache_dir, tied, api._RANKINGS)
    packed = cache.results(key)
    assert set(_packed_ranking(packed)) == {"keys", "columns"}  # what _keep wrote: the rows as columns
    PACKED_TAMPERING[change](packed)
    cache._put("results", key, marshal.dumps(packed, cache_module.MARSHAL_VERSION))
    _a_miss(cache, tied, fresh)


# --- what the key holds ---------------------------------------------------------------------------

def test_a_changed_score_sheet_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    root = copy_base(tmp_path / "cycle")
    run("validate", root)
    before = run("winners", root, "-f", "json").stdout
    sheet = root / "scores" / "j01.yaml"
    sheet.write_text(sheet.read_text().replace("seoul-air: {design: 7, impact: 8}", "seoul-air: {design: 10, impact: 10}"))
    after = run("winners", root, "-f", "json").stdout
    assert after != before and after == run("winners", root, "-f", "json", "--no-cache").stdout


def test_a_changed_cycle_yaml_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    root = copy_base(tmp_path / "cycle")
    run("validate", root)
    before = run("rank", root, "-f", "json").stdout
    cycle = root / "cycle.yaml"
    cycle.write_text(cycle.read_text().replace("tie_break: [criterion:impact, shared]", "tie_break: [shared]"))
    _tie_for_gold(root, chain="[chair, shared]")  # and the marks that tie: the result changes
    after = run("rank", root, "-f", "json").stdout
    assert after != before and after == run("rank", root, "-f", "json", "--no-cache").stdout


def test_a_hidden_file_added_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    """A hidden data file is not read, but leaves the result provisional (status.py): it is in the key."""
    root = Path(shutil.copytree(SEOUL, tmp_path / "seoul"))
    run("validate", root)
    assert '"status": "final"' in run("status", root, "-f", "json").stdout
    (root / "scores" / ".draft.yaml").write_text("judge: x\n")
    assert run("status", root, "-f", "json").stdout == run("status", root, "-f", "json", "--no-cache").stdout
    assert '"status": "provisional"' in run("status", root, "-f", "json").stdout


def test_a_cycle_with_errors_keeps_no_results_and_says_so_as_before(tmp_path: Path, cache_dir: Path) -> None:
    root = copy_base(tmp_path / "cycle")
    entry = root / "entries" / "oslo-bikes.yaml"
    entry.write_text(entry.read_text().replace("call: project", "call: nope"))
    assert run("validate", root).exit_code == 1
    assert not records(cache_dir)
    fresh = [(r.exit_code, r.stdout, r.stderr) for r in (run(c, root, "--no-cache") for c in ("rank", "winners", "status"))]
    assert [(r.exit_code, r.stdout, r.stderr) for r in (run(c, root) for c in ("rank", "winners", "status"))] == fresh
    assert {code for code, _, _ in fresh} == {1}


# --- the record itself ----------------------------------------------------------------------------

def _cycles() -> list[Path]:
    found = [ROOT / "cycles" / name for name in ("seoul-smart-city-2023", "seoul-smart-city-2024")]
    found += sorted(p.parent for p in (ROOT / "tests" / "real").glob("*/cycle.yaml"))
    return found


@pytest.mark.parametrize("root", _cycles(), ids=lambda p: p.name)
def test_every_genuine_record_reads_back_as_it_was(root: Path) -> None:
    """No false miss: the record of every sample and real competition passes the checks, exactly."""
    outcome = api.results(root)
    assert outcome.results is not None
    made = published(outcome.results)
    data = marshal.loads(marshal.dumps(made.record(), cache_module.MARSHAL_VERSION))
    assert document_data(data)
    assert Published.from_record(data) == made
    packed = marshal.loads(marshal.dumps(packed_rankings(data["rankings"]), cache_module.MARSHAL_VERSION))
    assert document_data(packed)
    assert unpacked_rankings(packed) == data["rankings"]
    assert Published.from_record({**data, "rankings": unpacked_rankings(packed)}) == made
    # what _keep stores, made key by key, is the rows packed (the same keys, values and order)
    direct = rank_columns(outcome.results)
    assert json.dumps(direct) == json.dumps(packed_rankings(made.rankings))
    assert json.dumps(rank_document(outcome.results)) == json.dumps(made.rankings)


def test_an_int_just_beyond_the_largest_float_is_refused_in_mappings_of_numbers_too() -> None:
    """Such an int still converts to a float (so the one-pass check of mappings of numbers took it):
    a document never holds one, in a column, a list or a mapping."""
    for bad in [{"a": {"x": _BOUND}}, {"a": [{"x": 1, "y": -_BOUND}]}, [{"x": _BOUND}, {"y": 2}], {"a": [_BOUND]}, {"a": [None, _BOUND]}]:
        assert not document_data(bad), bad
    assert document_data({"a": {"x": _BOUND - 1}}) and document_data({"a": [{}, {}]})


def test_document_data_takes_json_like_data_only() -> None:
    assert document_data({"a": [1, 2.5, "x", None, True, {"b": []}]})
    for bad in [{"a": float("inf")}, {"a": 10 ** 309}, {"a": (1,)}, {"a": b"x"}, {1: "a"}, {"a": "\udc00"}, [], {},
                {"a": set()}]:
        assert not document_data(bad), bad
    deep: Any = []
    for _ in range(200):
        deep = [deep]
    assert not document_data(deep)


def test_the_waiting_ties_say_what_pending_says() -> None:
    assert not Waiting() and Waiting((("c", "k", ("a", "b"), None),), (("c", "k", "gold"),))


# --- columns (a packed ranking) are checked as the plain rules say -----------------------------------

_BOUND = int(sys.float_info.max) + 1
_COLUMN_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10, 10), st.sampled_from([_BOUND - 1, _BOUND, -_BOUND, 10 ** 400]),
                           st.floats(), st.text(max_size=3), st.sampled_from(["\ud800", "caf\u00e9", "x\udc80y"]))


def _plain_value(value: Any) -> bool:
    """The rule for one plain value of a document (cachedata.document_data), said plainly."""
    if type(value) is str:
        try:
            value.encode()
        except UnicodeEncodeError:
            return False
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is int:
        return -_BOUND < value < _BOUND
    return value is None or type(value) is bool


@settings(max_examples=500, deadline=None)
@given(st.lists(_COLUMN_VALUES, min_size=1, max_size=6), st.sampled_from([None, "x", 1.5, 7]))
def test_a_column_is_checked_as_each_value_would_be(column: list[Any], first: Any) -> None:
    for values in (column, [first, *column]):
        assert document_data({"ranking": {"keys": ["a"], "columns": [values]}}) == all(map(_plain_value, values))
