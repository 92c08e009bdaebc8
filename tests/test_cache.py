"""The cache is never trusted blindly (issue 11): a damaged, tampered, foreign or impossible record is
ignored and the result is exactly the one `--no-cache` gives; `smartaward cache info|clear`; the size
limit.

The tampering tests use the cache's own writers (`store_parsed`, `store_diagnostics`) or the record's
path (`Cache._path`) to plant what an attacker or a damaged disk would leave, then compare `rank`,
`winners` and `validate` with and without the cache.
"""

from __future__ import annotations

import json
import marshal
import math
import os
import re
import stat
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartaward.reading import cache as cache_module
from smartaward.reading import cachedata, cachefolder
from smartaward.reading.cache import Cache, fingerprint
from smartaward.reading.cachedata import diagnostic_rows, parser_data
from smartaward.reading.files import collect
from smartaward.reading.source import MAX_DEPTH, parse_text

POSIX = hasattr(os, "geteuid")
root_only = pytest.mark.skipif(not POSIX or os.geteuid() != 0, reason="giving a file to another user (chown) needs root")
posix_only = pytest.mark.skipif(not POSIX, reason="ownership and permission bits are POSIX")
STRANGER = 12345  # a uid that is not ours


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (conftest's is shared by the whole session)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("SMARTAWARD_CACHE_DIR", str(folder))
    monkeypatch.delenv("SMARTAWARD_CACHE_MAX_MB", raising=False)
    return folder


@pytest.fixture
def base(base: Path, cache_dir: Path) -> Path:
    """conftest's base cycle, with the test's own cache folder."""
    return base


def results(*extra: str) -> tuple[str, str, str]:
    """What the cycle gives: rank and winners as JSON, and validate's JSON."""
    return tuple(run(command, "cycle", "-f", "json", *extra).stdout for command in ("rank", "winners", "validate"))  # type: ignore[return-value]


def assert_as_without_cache() -> None:
    assert results() == results("--no-cache")


def sheet(base: Path, name: str = "j01") -> tuple[bytes, Any]:
    raw = (base / "scores" / f"{name}.yaml").read_bytes()
    return raw, parse_text(raw.decode(), name)[0].data


def warm(base: Path) -> None:
    """Validate once: every file's parsed record and the cycle's validated record are written (and,
    the cycle having no errors, its results record)."""
    assert run("validate", "cycle").exit_code == 0


def without_results(cache_dir: Path) -> None:
    """Remove the results records (issue 17): `rank` then reads the parsed records, as the tests of
    what a parsed record may be need it to."""
    for path in records(cache_dir, "results"):
        path.unlink()


def records(folder: Path, kind: str) -> list[Path]:
    return sorted(p for p in (folder / kind).rglob("*") if p.is_file() and not p.is_symlink() and not p.name.startswith("."))


def marks_of_1000(data: dict[str, Any]) -> dict[str, Any]:
    """j01's sheet with seoul-air (ranked below baguio-health) marked 1000 on a 0-10 scale."""
    return {**data, "scores": {**data["scores"], "seoul-air": {"design": 1000, "impact": 1000}}}


# ---------------------------------------------------------------------------------------------
# Damaged and tampered records


def test_a_record_rewritten_in_the_old_format_with_marks_of_1000_is_not_used(base, cache_dir):
    warm(base)
    raw, data = sheet(base)
    Cache(cache_dir)._path("parsed", raw).write_bytes(marshal.dumps(marks_of_1000(data)))  # a bare marshal record
    assert_as_without_cache()


def test_a_validated_record_rewritten_in_the_old_format_does_not_clear_a_broken_cycle(base, cache_dir):
    entry = base / "entries" / "oslo-bikes.yaml"
    entry.write_text(entry.read_text().replace("call: project", "call: nope"))
    assert run("validate", "cycle").exit_code == 1
    [record] = records(cache_dir, "validated")
    record.write_bytes(marshal.dumps([]))  # "no problems"
    result = run("validate", "cycle", "-f", "json")
    assert result.exit_code == 1
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["R202"]


def test_a_record_with_a_flipped_bit_in_a_mark_is_not_used(base, cache_dir):
    warm(base)
    raw, _ = sheet(base)
    path = Cache(cache_dir)._path("parsed", raw)
    record = bytearray(path.read_bytes())
    # seoul-air's design mark 7, as marshal writes a small int (with or without its reference flag)
    found = re.search(rb"[\x69\xe9]\x07\x00\x00\x00", record)
    assert found is not None
    record[found.start() + 1] ^= 0b1000  # 7 -> 15
    path.write_bytes(bytes(record))
    assert_as_without_cache()


def test_a_record_whose_payload_no_longer_matches_its_checksum_is_not_used(base, cache_dir):
    warm(base)
    raw, data = sheet(base)
    path = Cache(cache_dir)._path("parsed", raw)
    record = path.read_bytes()
    assert record.startswith(cache_module.HEADER)
    header = record[:cache_module.PAYLOAD_START]
    path.write_bytes(header + marshal.dumps(marks_of_1000(data), cache_module.MARSHAL_VERSION))
    assert_as_without_cache()


@pytest.mark.parametrize("cut", [0, 1, 8, 20, 40, -1])
def test_a_truncated_record_is_not_used(base, cache_dir, cut):
    warm(base)
    raw, _ = sheet(base)
    path = Cache(cache_dir)._path("parsed", raw)
    record = path.read_bytes()
    path.write_bytes(record[:cut])
    assert_as_without_cache()


def test_a_valid_record_moved_under_another_name_is_not_used(base, cache_dir):
    warm(base)
    cache = Cache(cache_dir)
    j01 = cache._path("parsed", sheet(base, "j01")[0])
    j02 = cache._path("parsed", sheet(base, "j02")[0])
    j02.write_bytes(j01.read_bytes())  # j02's sheet would read as a second sheet of j01
    for record in records(cache_dir, "validated"):
        record.unlink()  # so that validate reads the parsed records too
    assert_as_without_cache()


HOSTILE_MARKS: dict[str, Any] = {
    "nan": math.nan,
    "inf": math.inf,
    "-inf": -math.inf,
    "huge int": 10 ** 5000,  # more digits than a fresh parse converts (4300)
    "tuple": (7, 8),
    "bytes": b"7",
    "complex": 7j,
    "set": {7},
    "frozenset": frozenset({7}),
    "lone surrogate": "\ud800",
    "code object": compile("7", "<record>", "eval"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_MARKS))
def test_a_record_holding_a_value_no_parse_could_produce_is_not_used(base, cache_dir, name):
    """Written through the cache's own writer, so that only the check of what a record holds stops it."""
    warm(base)
    raw, data = sheet(base)
    data["scores"]["seoul-air"]["design"] = HOSTILE_MARKS[name]
    Cache(cache_dir).store_parsed(raw, data)
    assert_as_without_cache()


@pytest.mark.parametrize("name", ["int key", "empty data", "a scalar", "too deep"])
def test_a_record_of_a_shape_no_parse_could_produce_is_not_used(base, cache_dir, name):
    warm(base)
    raw, data = sheet(base)
    if name == "int key":
        data["scores"]["seoul-air"] = {7: 10, "impact": 10}
    elif name == "empty data":
        data = {}
    elif name == "a scalar":
        data = "judge: j01"
    else:
        deep: Any = 7
        for _ in range(MAX_DEPTH + 1):
            deep = [deep]
        data["scores"]["seoul-air"]["design"] = deep
    Cache(cache_dir).store_parsed(raw, data)
    assert_as_without_cache()


def _self_referencing_list(data: dict[str, Any]) -> Any:
    loop: list[Any] = [7]
    loop.append(loop)
    data["scores"]["seoul-air"]["design"] = loop
    return data


def _self_referencing_dict(data: dict[str, Any]) -> Any:
    data["scores"]["seoul-air"]["again"] = data["scores"]
    return data


def _shared_mapping(data: dict[str, Any]) -> Any:
    data["scores"]["baguio-health"] = data["scores"]["seoul-air"]  # one mapping in two places
    return data


@pytest.mark.parametrize("build", [_self_referencing_list, _self_referencing_dict, _shared_mapping])
def test_a_record_with_shared_or_cyclic_containers_is_not_used(base, cache_dir, build):
    """Marshal (version 3 and later) can encode references; a record holding them, even with a valid
    checksum, is refused: the reader never builds a container twice."""
    warm(base)
    raw, data = sheet(base)
    hostile = build(data)
    cache = Cache(cache_dir)
    cache.store_parsed(raw, hostile)  # refused by the writer (version 2 has no references), or written
    cache._put("parsed", raw, marshal.dumps(hostile, 4))  # as an attacker would write it
    assert_as_without_cache()


@pytest.mark.parametrize("rows", [
    [("cycle/entries/oslo-bikes.yaml", 2, 8, "Z999", "no such code")],
    [("cycle/entries/oslo-bikes.yaml", -1, 8, "R202", "a negative line")],
    [("cycle/entries/oslo-bikes.yaml", 2, 8, "R202")],
    [["cycle/entries/oslo-bikes.yaml", 2, 8, "R202", "a list, not a tuple"]],
    [("cycle/entries/oslo-bikes.yaml", 2.0, 8, "R202", "a float line")],
    [("cycle/entries/oslo-bikes.yaml", True, 8, "R202", "a boolean line")],
    [("cycle/entries/\ud800.yaml", 2, 8, "R202", "a lone surrogate")],
    {"not": "a list"},
])
def test_a_validated_record_no_validation_could_produce_is_not_used(base, cache_dir, rows):
    entry = base / "entries" / "oslo-bikes.yaml"
    entry.write_text(entry.read_text().replace("call: project", "call: nope"))
    assert run("validate", "cycle").exit_code == 1
    cache = Cache(cache_dir)
    files = collect(base.resolve())
    key = cache.cycle_key(files.display_root, files.key_material())
    [record] = records(cache_dir, "validated")
    assert cache._path("validated", key) == record
    cache._put("validated", key, marshal.dumps(rows, cache_module.MARSHAL_VERSION))
    result = run("validate", "cycle", "-f", "json")
    assert result.exit_code == 1
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["R202"]


def test_a_record_that_is_a_symbolic_link_is_not_followed(base, cache_dir, tmp_path):
    warm(base)
    raw, data = sheet(base)
    cache = Cache(cache_dir)
    path = cache._path("parsed", raw)
    elsewhere = tmp_path / "elsewhere"
    cache.store_parsed(raw, marks_of_1000(data))
    elsewhere.write_bytes(path.read_bytes())  # a genuine record of the tampered data...
    path.unlink()
    path.symlink_to(elsewhere)  # ...reached through a link
    assert_as_without_cache()


def test_a_folder_where_a_record_should_be_is_a_miss(base, cache_dir):
    warm(base)
    raw, _ = sheet(base)
    path = Cache(cache_dir)._path("parsed", raw)
    path.unlink()
    path.mkdir()
    assert_as_without_cache()


# ---------------------------------------------------------------------------------------------
# Ownership and permissions


def _stderr_lines(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if "cache" in line]


@root_only
def test_a_record_owned_by_another_user_is_not_used_and_said_once(base, cache_dir):
    warm(base)
    without_results(cache_dir)
    cache = Cache(cache_dir)
    for name in ("j01", "j02"):
        raw, data = sheet(base, name)
        data["scores"]["seoul-air"] = {"design": 10, "impact": 10}
        cache.store_parsed(raw, data)
        os.chown(cache._path("parsed", raw), STRANGER, -1)
    result = run("rank", "cycle", "-f", "json")
    assert result.stdout == run("rank", "cycle", "-f", "json", "--no-cache").stdout
    [said] = _stderr_lines(result)
    assert "another user" in said and str(STRANGER) in said
    assert results()[:2] == results("--no-cache")[:2]


@root_only
def test_worker_processes_write_records_but_say_nothing(base, cache_dir, monkeypatch):
    """Big cycles are parsed by worker processes, which write records too: the problem is said once,
    by the main process, and the records the workers write are genuine (the next run uses them)."""
    from smartaward.reading import load

    warm(base)
    raw, data = sheet(base)
    cache = Cache(cache_dir)
    cache.store_parsed(raw, marks_of_1000(data))
    os.chown(cache._path("parsed", raw), STRANGER, -1)
    for record in records(cache_dir, "validated") + [cache._path("parsed", sheet(base, "j02")[0])]:
        record.unlink()
    monkeypatch.setattr(load, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr("smartaward.reading.parallel.workers", lambda: 2)
    result = run("rank", "cycle", "-f", "json")
    assert result.stdout == run("rank", "cycle", "-f", "json", "--no-cache").stdout
    assert len(_stderr_lines(result)) == 1
    assert os.stat(cache._path("parsed", raw)).st_uid == os.geteuid()  # replaced by a worker's record
    assert cache.parsed(sheet(base, "j02")[0]) == sheet(base, "j02")[1]


@posix_only
def test_a_group_writable_record_is_not_used(base, cache_dir):
    warm(base)
    without_results(cache_dir)
    raw, data = sheet(base)
    cache = Cache(cache_dir)
    cache.store_parsed(raw, marks_of_1000(data))
    os.chmod(cache._path("parsed", raw), 0o666)
    result = run("rank", "cycle", "-f", "json")
    assert result.stdout == run("rank", "cycle", "-f", "json", "--no-cache").stdout
    assert len(_stderr_lines(result)) == 1


def _plant_tampered(base: Path, cache_dir: Path) -> Path:
    warm(base)
    raw, data = sheet(base)
    cache = Cache(cache_dir)
    cache.store_parsed(raw, marks_of_1000(data))
    return cache._path("parsed", raw)


@root_only
@pytest.mark.parametrize("folder", [".", "parsed", "validated"])
def test_a_cache_folder_owned_by_another_user_is_not_used_and_said_once(base, cache_dir, folder):
    record = _plant_tampered(base, cache_dir)
    os.chown(cache_dir / folder, STRANGER, -1)
    for validated in records(cache_dir, "validated"):
        validated.unlink()
    result = run("rank", "cycle", "-f", "json")
    assert result.stdout == run("rank", "cycle", "-f", "json", "--no-cache").stdout
    [said] = _stderr_lines(result)
    assert "another user" in said and str(STRANGER) in said
    assert not records(cache_dir, "validated")  # nothing written into it either
    assert record.is_file()


@posix_only
@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777])
def test_a_cache_folder_writable_by_group_or_others_is_not_used_and_said_once(base, cache_dir, mode):
    _plant_tampered(base, cache_dir)
    os.chmod(cache_dir, mode)
    validate = run("validate", "cycle", "-f", "json")
    assert len(_stderr_lines(validate)) == 1 and "group or others" in validate.stderr
    result = run("rank", "cycle", "-f", "json")
    assert result.stdout == run("rank", "cycle", "-f", "json", "--no-cache").stdout
    [said] = _stderr_lines(result)
    assert "group or others" in said and str(cache_dir) in said
    assert results() == results("--no-cache")


@posix_only
def test_a_linked_kind_folder_is_not_used(base, cache_dir, tmp_path):
    _plant_tampered(base, cache_dir)
    (cache_dir / "parsed").rename(tmp_path / "parsed-elsewhere")
    (cache_dir / "parsed").symlink_to(tmp_path / "parsed-elsewhere")
    result = run("rank", "cycle", "-f", "json")
    assert result.stdout == run("rank", "cycle", "-f", "json", "--no-cache").stdout
    assert len(_stderr_lines(result)) == 1


@posix_only
def test_the_quiet_option_still_says_why_the_cache_is_not_used(base, cache_dir):
    warm(base)
    os.chmod(cache_dir, 0o777)
    result = run("rank", "cycle", "-q")
    assert len(_stderr_lines(result)) == 1


@posix_only
def test_the_cache_folders_are_created_0700_and_records_0600(base, cache_dir, monkeypatch):
    old = os.umask(0o022)
    try:
        warm(base)
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    folders = [p for p in cache_dir.rglob("*") if p.is_dir()]
    assert folders and all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in folders)
    files = records(cache_dir, "parsed") + records(cache_dir, "validated")
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)


@posix_only
def test_an_existing_cache_folder_keeps_working(base, cache_dir):
    """A folder made by an earlier version (0755: not writable by others) stays in use."""
    cache_dir.mkdir(mode=0o755)
    os.chmod(cache_dir, 0o755)
    warm(base)
    result = run("rank", "cycle", "-f", "json")
    assert not _stderr_lines(result) and records(cache_dir, "parsed")


# ---------------------------------------------------------------------------------------------
# The key


@pytest.fixture
def fresh_fingerprint():
    fingerprint.cache_clear()
    yield
    fingerprint.cache_clear()


def _other_yaml(monkeypatch, tmp_path: Path, change: str) -> None:
    """PyYAML's package as a copy whose __init__.py (its version) or C extension (libyaml) differs."""
    real = cache_module.yaml_folder()
    copy = tmp_path / "site" / "yaml"
    copy.mkdir(parents=True)
    (copy / "__init__.py").write_bytes((real / "__init__.py").read_bytes()
                                       + (b"\n__version__ = '99.0'\n" if change == "version" else b""))
    for extension in real.glob("_yaml*"):
        (copy / extension.name).write_bytes(extension.read_bytes() + (b"libyaml 9.9.9" if change == "libyaml" else b""))
        os.utime(copy / extension.name, ns=(extension.stat().st_atime_ns, extension.stat().st_mtime_ns))
    if change == "libyaml":
        assert list(copy.glob("_yaml*")), "no C extension: PyYAML without libyaml"
    monkeypatch.setattr(cache_module, "yaml_folder", lambda: copy)


def _patch_yaml_version(monkeypatch, tmp_path):
    _other_yaml(monkeypatch, tmp_path, "version")


def _patch_libyaml(monkeypatch, tmp_path):
    _other_yaml(monkeypatch, tmp_path, "libyaml")


def _other_package(monkeypatch, tmp_path: Path, name: str, changed: str) -> None:
    """A package (found by cache.package_folder, never imported) as a copy of its __init__.py and the
    file `changed` (its version module, or its C extension, which keeps its size-and-time identity
    but not its bytes: one byte more)."""
    real = cache_module.package_folder(name)
    copy = tmp_path / "site" / name
    copy.mkdir(parents=True)
    (copy / "__init__.py").write_bytes((real / "__init__.py").read_bytes())
    for each in [f for f in real.glob(changed) if f.is_file()]:
        (copy / each.name).write_bytes(each.read_bytes() + (b"\nVERSION = '9.9.9'\n" if each.suffix == ".py" else b"9"))
    assert list(copy.glob(changed)), f"{name} has no {changed}"
    folder = cache_module.package_folder
    monkeypatch.setattr(cache_module, "package_folder", lambda n: copy if n == name else folder(n))


def _patch_pydantic(monkeypatch, tmp_path):
    _other_package(monkeypatch, tmp_path, "pydantic", "version.py")


def _patch_pydantic_core(monkeypatch, tmp_path):
    _other_package(monkeypatch, tmp_path, "pydantic_core", "_pydantic_core*")


def _patch_python(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")


def _patch_int_digits(monkeypatch, tmp_path):
    old = sys.get_int_max_str_digits()  # restored by the test
    sys.set_int_max_str_digits(old + 1000 if old else 5000)


@pytest.mark.parametrize("patch", [_patch_yaml_version, _patch_libyaml, _patch_pydantic, _patch_pydantic_core,
                                   _patch_python, _patch_int_digits])
def test_a_changed_library_or_python_changes_the_key(tmp_path, monkeypatch, fresh_fingerprint, patch):
    before = fingerprint()
    path = Cache(tmp_path)._path("parsed", b"judge: j01\n")
    digits = sys.get_int_max_str_digits()
    try:
        patch(monkeypatch, tmp_path)
        fingerprint.cache_clear()
        assert fingerprint() != before
        assert Cache(tmp_path)._path("parsed", b"judge: j01\n") != path
    finally:
        sys.set_int_max_str_digits(digits)


def test_the_same_libraries_give_the_same_key(tmp_path, monkeypatch, fresh_fingerprint):
    """PyYAML is told apart by its files, not by where it is: a copy with the same content and times
    is the same PyYAML, and the key stays."""
    before = fingerprint()
    _other_yaml(monkeypatch, tmp_path, "nothing")
    fingerprint.cache_clear()
    assert fingerprint() == before


def test_a_warm_validate_does_not_import_yaml(base, cache_dir):
    """The fingerprint tells PyYAML's version from its files: a validation answered from the cache
    loads neither yaml nor the models."""
    import subprocess

    warm(base)
    code = ("import sys; from smartaward.cli.app import app\n"
            "try: app(['validate', 'cycle', '-q'])\nexcept SystemExit as exit: assert exit.code == 0, exit.code\n"
            "print(sorted(m for m in ('yaml', 'smartaward.model.cyclefiles', 'smartaward.reading.load') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=base.parent,
                            env={**os.environ, "SMARTAWARD_CACHE_DIR": str(cache_dir)}, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


# ---------------------------------------------------------------------------------------------
# smartaward cache info | clear


def test_cache_info_json_counts_records_and_names_the_limit(base, cache_dir):
    warm(base)
    result = run("cache", "info", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    parsed, validated, kept = records(cache_dir, "parsed"), records(cache_dir, "validated"), records(cache_dir, "results")
    assert document["location"] == str(cache_dir)
    assert document["usable"] is True and document["problem"] is None and document["enabled"] is True
    assert document["records"] == {"parsed": len(parsed), "validated": len(validated), "results": len(kept)} == {
        "parsed": 7, "validated": 1, "results": 2}  # results: the documents, and the rankings apart
    assert document["bytes"] == sum(p.stat().st_size for p in parsed + validated + kept)
    assert document["limit_bytes"] == cache_module.DEFAULT_LIMIT_MB * 1024 * 1024


def test_cache_info_text(base, cache_dir, monkeypatch):
    warm(base)
    monkeypatch.setenv("SMARTAWARD_CACHE_MAX_MB", "5")
    result = run("cache", "info")
    assert result.exit_code == 0
    assert str(cache_dir) in result.stdout
    assert "7 parsed files" in result.stdout and "1 validated cycle" in result.stdout and "5 MB" in result.stdout
    assert "2 kept results" in result.stdout  # the documents of rank, winners and status, and the rankings apart


@posix_only
def test_cache_info_says_why_a_folder_is_not_used(base, cache_dir):
    warm(base)
    os.chmod(cache_dir, 0o777)
    document = json.loads(run("cache", "info", "-f", "json").stdout)
    assert document["usable"] is False and "group or others" in document["problem"]
    assert "group or others" in run("cache", "info").stdout


def test_cache_info_of_a_folder_not_made_yet(cache_dir):
    document = json.loads(run("cache", "info", "-f", "json").stdout)
    assert document["exists"] is False and document["records"] == {"parsed": 0, "validated": 0, "results": 0} and document["bytes"] == 0


def test_cache_info_when_the_cache_is_switched_off(cache_dir, monkeypatch):
    monkeypatch.setenv("SMARTAWARD_NO_CACHE", "1")
    document = json.loads(run("cache", "info", "-f", "json").stdout)
    assert document["enabled"] is False and document["location"] == str(cache_dir)
    assert "SMARTAWARD_NO_CACHE" in run("cache", "info").stdout


def test_cache_clear_removes_only_our_records_and_says_so(base, cache_dir, tmp_path):
    warm(base)
    precious = tmp_path / "precious"
    precious.write_text("not a record")
    (cache_dir / "notes.txt").write_text("mine")
    link = cache_dir / "parsed" / "ab" / ("c" * 62)
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(precious)  # named like a record, leading out of the folder
    result = run("cache", "clear")
    assert result.exit_code == 0
    assert "10 records" in result.stdout and str(cache_dir) in result.stdout  # 7 parsed, 1 validated, 2 results
    assert not records(cache_dir, "parsed") and not records(cache_dir, "validated") and not records(cache_dir, "results")
    assert precious.read_text() == "not a record" and (cache_dir / "notes.txt").read_text() == "mine"
    assert link.is_symlink()  # not ours: left alone
    assert cache_dir.is_dir()
    again = run("cache", "clear")
    assert again.exit_code == 0 and "nothing" in again.stdout
    assert run("cache", "clear", "--quiet").stdout == ""
    assert_as_without_cache()  # and the cache works again afterwards


def test_cache_clear_of_a_folder_not_made_yet(cache_dir):
    result = run("cache", "clear")
    assert result.exit_code == 0 and "nothing" in result.stdout


@root_only
def test_cache_clear_refuses_a_folder_owned_by_another_user(base, cache_dir):
    warm(base)
    os.chown(cache_dir, STRANGER, -1)
    result = run("cache", "clear")
    assert result.exit_code == 1 and "another user" in result.stderr
    assert records(cache_dir, "parsed")


@root_only
def test_cache_info_does_not_count_records_in_another_users_folder(base, cache_dir):
    """Not "0 records": the folder is not looked into, and info says so."""
    warm(base)
    os.chown(cache_dir, STRANGER, -1)
    document = json.loads(run("cache", "info", "-f", "json").stdout)
    assert document["usable"] is False and document["records"] is None and document["bytes"] is None
    text = run("cache", "info").stdout
    assert "not counted" in text and "0 parsed files" not in text


def test_cache_info_and_clear_where_the_location_is_a_file(cache_dir):
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.write_text("not a folder")
    document = json.loads(run("cache", "info", "-f", "json").stdout)
    assert document["usable"] is False and document["records"] is None
    result = run("cache", "clear")
    assert result.exit_code == 2 and "not a folder" in result.stderr
    assert cache_dir.read_text() == "not a folder"


def test_cache_without_a_subcommand_shows_help():
    result = run("cache")
    assert result.exit_code in (0, 2) and "info" in result.output and "clear" in result.output


# ---------------------------------------------------------------------------------------------
# The size limit


def _fill(cache: Cache, count: int, size: int, start: int = 0) -> list[Path]:
    paths = []
    for i in range(start, start + count):
        key = f"file {i}".encode()
        cache.store_parsed(key, {"blob": "x" * size, "i": i})
        paths.append(cache._path("parsed", key))
    return paths


def test_records_beyond_the_limit_are_pruned_oldest_first(cache_dir, monkeypatch):
    monkeypatch.setenv("SMARTAWARD_CACHE_MAX_MB", str(100_000 / 1024 / 1024))  # ~100 KB
    cache = Cache(cache_dir)
    old = _fill(cache, 8, 10_000)
    for age, path in enumerate(reversed(old)):  # the first written is the oldest
        past = time.time() - 3600 * (age + 1)
        os.utime(path, (past, past))
    cache.tidy()
    assert all(p.exists() for p in old)  # 80 KB: within the limit
    new = _fill(cache, 4, 10_000, start=8)
    cache.tidy()
    total = sum(p.stat().st_size for p in records(cache_dir, "parsed"))
    assert total <= 100_000 * cache_module.PRUNE_TO
    kept = [p.exists() for p in old]
    assert kept == sorted(kept) and not kept[0]  # oldest gone first, the newest old ones kept
    assert all(p.exists() for p in new)


def test_tidy_scans_the_folder_only_when_writes_may_have_passed_the_limit(cache_dir, monkeypatch):
    cache = Cache(cache_dir)
    _fill(cache, 3, 1_000)
    scans = []
    real = cachefolder.find_records
    monkeypatch.setattr(cachefolder, "find_records", lambda *a: scans.append(1) or real(*a))
    cache.tidy()
    Cache(cache_dir).tidy()  # a warm run: nothing written
    assert scans == []
    monkeypatch.setenv("SMARTAWARD_CACHE_MAX_MB", str(2_000 / 1024 / 1024))
    Cache(cache_dir).tidy()
    assert scans == [1]
    assert sum(p.stat().st_size for p in records(cache_dir, "parsed")) <= 2_000


def test_a_run_over_the_limit_prunes_through_the_cli(base, cache_dir, monkeypatch):
    cache = Cache(cache_dir)
    _fill(cache, 20, 20_000)
    monkeypatch.setenv("SMARTAWARD_CACHE_MAX_MB", str(100_000 / 1024 / 1024))
    warm(base)
    total = sum(p.stat().st_size for p in records(cache_dir, "parsed") + records(cache_dir, "validated"))
    assert total <= 100_000
    assert_as_without_cache()


@pytest.mark.parametrize("setting, expected", [("", "default"), ("0", None), ("2", 2 * 1024 * 1024), ("0.5", 512 * 1024),
                                               ("lots", "default"), ("-3", "default"), ("nan", "default"), ("inf", "default")])
def test_the_limit_comes_from_the_environment(monkeypatch, setting, expected):
    monkeypatch.setenv("SMARTAWARD_CACHE_MAX_MB", setting)
    default = cache_module.DEFAULT_LIMIT_MB * 1024 * 1024
    assert cache_module.size_limit() == (default if expected == "default" else expected)


# ---------------------------------------------------------------------------------------------
# Never an exception out of the cache


def test_the_warm_cache_gives_the_same_results(base, cache_dir):
    warm(base)
    assert_as_without_cache()


def test_a_cache_folder_that_is_a_file_is_not_used(base, cache_dir):
    cache_dir.write_text("not a folder")
    result = run("validate", "cycle")
    assert result.exit_code == 0 and len(_stderr_lines(result)) == 1
    assert_as_without_cache()


# ---------------------------------------------------------------------------------------------
# The check of what a record holds, as properties: it accepts everything the reader builds, and
# agrees with a plain recursive statement of the rules (its C shortcuts change nothing)

PROPERTY = settings(max_examples=int(os.environ.get("SMARTAWARD_FUZZ_EXAMPLES", "25")) * 8, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10 ** 30, 10 ** 30), st.floats(allow_nan=False, allow_infinity=False), _text)
_data = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(_text, inner, max_size=5)),
                     max_leaves=40)
_marks = st.dictionaries(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
                         st.dictionaries(st.sampled_from(["design", "impact", "reach"]),
                                         st.one_of(st.integers(0, 10), st.floats(0, 10)), max_size=3), min_size=1, max_size=6)
_HOSTILE = [math.nan, math.inf, -math.inf, 10 ** 5000, -10 ** 5000, (1, 2), b"x", 1j, {1}, frozenset(), "\udc80",
            compile("1", "<x>", "eval"), bytearray(b"x"), Ellipsis]


def _reference(value: Any, depth: int = 0, seen: set[int] | None = None) -> bool:
    """The rules of `_parser_data`, said plainly (recursively, value by value)."""
    seen = set() if seen is None else seen
    if depth > MAX_DEPTH:
        return False
    if type(value) in (dict, list):
        if id(value) in seen:
            return False
        seen.add(id(value))
        if type(value) is dict:
            if not all(type(k) is str and _encodable(k) for k in value):
                return False
            children = list(value.values())
        else:
            children = value
        return all(_reference(child, depth + 1, seen) for child in children)
    if type(value) is str:
        return _encodable(value)
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is int:
        digits = sys.get_int_max_str_digits()  # what int() of a text converts at most
        return not digits or abs(value) < 10 ** digits
    return value is None or type(value) is bool


def _encodable(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _checked(value: Any) -> bool:
    return type(value) in (dict, list) and bool(value) and _reference(value)


@st.composite
def _spoiled(draw: st.DrawFn) -> Any:
    """Data (a sheet's marks, or anything), now and then with a hostile value, a shared or cyclic
    container, or too deep a nesting somewhere inside."""
    data = draw(st.one_of(_marks.map(lambda m: {"judge": "j01", "scores": m}), _data))
    containers = []
    stack = [data]
    while stack:
        node = stack.pop()
        if type(node) in (dict, list):
            containers.append(node)
            stack.extend(node.values() if type(node) is dict else node)
    how = draw(st.sampled_from(["none", "value", "key", "share", "cycle", "deep"]))
    if not containers or how == "none":
        return data
    target = draw(st.sampled_from(containers))
    if how == "value":
        extra = draw(st.sampled_from(_HOSTILE))
    elif how == "key":
        if type(target) is dict:
            target[draw(st.sampled_from([1, 1.5, None, True, (1,), "\ud800"]))] = 1
        return data
    elif how == "share":
        extra = draw(st.sampled_from(containers))
    elif how == "cycle":
        extra = target
    else:
        extra = 1
        for _ in range(draw(st.integers(MAX_DEPTH - 3, MAX_DEPTH + 3))):
            extra = [extra]
    if type(target) is dict:
        target[draw(st.sampled_from(list(target) or ["k"]))] = extra
    else:
        target.insert(draw(st.integers(0, len(target))), extra)
    return data


@PROPERTY
@given(_spoiled())
def test_the_record_check_agrees_with_the_plain_rules(data):
    assert parser_data(data) == _checked(data)


@PROPERTY
@given(_data.filter(lambda d: type(d) in (dict, list) and d))
def test_everything_the_reader_builds_passes_the_record_check(data):
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True)
    parsed, problems = parse_text(text, "x.yaml")
    if problems or type(parsed.data) not in (dict, list):
        return  # e.g. a date-like key that our reader keeps as text: what matters is what it builds
    stored = marshal.loads(marshal.dumps(parsed.data, cache_module.MARSHAL_VERSION))
    assert parser_data(stored)


@PROPERTY
@given(st.lists(st.tuples(_text.filter(bool), st.integers(0, 10 ** 6), st.integers(0, 10 ** 6),
                          st.sampled_from(["Y001", "R202", "M301"]), _text.filter(bool)), max_size=5))
def test_genuine_diagnostic_rows_pass_the_record_check(rows):
    assert diagnostic_rows(marshal.loads(marshal.dumps(rows, cache_module.MARSHAL_VERSION)))


def test_the_record_check_nests_as_deep_as_the_reader():
    assert cachedata.MAX_DEPTH == MAX_DEPTH
