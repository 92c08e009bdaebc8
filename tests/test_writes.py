"""Writes stay where they were sent, and are all or nothing (issue 11; staging.py, atomic.py).

- A file smartaward would write that is a symbolic link leading outside the folder it writes in,
  or lies below a folder that is such a link, is refused (F006): export, import, `schema --out`,
  `init`. A link that stays inside the folder is written through, as before.
- A run that fails half way (a folder in the way, a full disk, `ulimit -f`, a failing rename)
  leaves every target as it was, and nothing of its own behind.
- What a killed run left (staging folders, temporaries) is removed by the next run that writes
  there; what a run still going has there is not.

Real signals are in test_signals.py.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from cyclefiles import copy_base
from helpers import run
from hypothesis import given, settings
from hypothesis import strategies as st

from smartaward import interrupts
from smartaward.interrupts import Interrupted
from smartaward.publishing.documents import FILE_NAMES
from smartaward.writing import atomic, staging
from smartaward.writing.atomic import LEFTOVER_AGE, STAGING_PREFIX, clear_leftovers, run_tag

REPO = Path(__file__).resolve().parent.parent
SEOUL = REPO / "cycles" / "seoul-smart-city-2024"
ALL_FILES = sorted(name for names in FILE_NAMES.values() for name in names)
KEY = b"ssh-ed25519 AAAA... the only key that may log in\n"
HEADER = ["Entry ID", "Call", "Category", "Project title", "Entrant name", "Entrant type", "Entrant city",
          "Entrant country", "Submitted", "Summary"]


def _tree(root: Path) -> dict[str, bytes | str]:
    """Every path below root: a file's bytes, a link's target, a folder as "/"."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        found[rel] = f"-> {os.readlink(path)}" if path.is_symlink() else "/" if path.is_dir() else path.read_bytes()
    return found


def _small(tmp_path: Path) -> Path:
    """The small base cycle (quick to rank), copied once per test."""
    cycle = tmp_path / "cycle"
    return cycle if cycle.exists() else copy_base(cycle)


def _old_export(folder: Path, names: list[str] = ALL_FILES) -> dict[str, bytes | str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(f"previous {name}\n".encode())
    return _tree(folder)


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _host_tag(pid: int) -> str:
    """A run tag of this host for another process."""
    host = run_tag().rsplit("-", 2)[0]
    return f"{host}-{pid}-0123abcd"


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


# --- export: links ----------------------------------------------------------------------------------

def test_export_does_not_write_through_a_link_out_of_the_folder(tmp_path: Path) -> None:
    """public/winners.csv -> ../outside/authorized_keys: refused (F006), the key untouched, nothing written."""
    (tmp_path / "outside").mkdir()
    keys = tmp_path / "outside" / "authorized_keys"
    keys.write_bytes(KEY)
    public = tmp_path / "public"
    public.mkdir()
    (public / "winners.csv").symlink_to("../outside/authorized_keys")
    result = run("export", SEOUL, "--to", public, "--no-cache")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"smartaward: {public / 'winners.csv'}: error F006 ")
    assert keys.read_bytes() == KEY
    assert _tree(public) == {"winners.csv": "-> ../outside/authorized_keys"}  # nothing else written
    assert result.stdout == ""


def test_export_refuses_every_link_out_before_ranking(tmp_path: Path) -> None:
    public = tmp_path / "public"
    public.mkdir()
    # A stand-in for a system file such as /etc/passwd: the tests run as root on CI machines, so a
    # regression here must not be able to write a real one (it once did, before F006 existed).
    system = tmp_path / "etc" / "passwd"
    system.parent.mkdir()
    system.write_bytes(b"root:x:0:0:root:/root:/bin/bash\n")
    (public / "results.json").symlink_to(system)
    (public / "index.html").symlink_to(tmp_path / "elsewhere.html")  # dangling, and outside
    result = run("export", SEOUL, "--to", public, "-f", "json,html", "--no-cache")
    assert system.read_bytes() == b"root:x:0:0:root:/root:/bin/bash\n"
    assert result.exit_code == 2
    refused = [line.split(": error F006 ")[0] for line in result.stderr.splitlines() if ": error F006 " in line]
    assert refused == [f"smartaward: {public / 'results.json'}", f"smartaward: {public / 'index.html'}"]
    assert not (tmp_path / "elsewhere.html").exists() and sorted(os.listdir(public)) == ["index.html", "results.json"]


def test_a_refused_links_target_cannot_write_to_the_terminal(tmp_path: Path) -> None:
    public = tmp_path / "public"
    public.mkdir()
    (public / "winners.csv").symlink_to("/tmp/\x1b]0;owned\x07\x1b[2J")
    result = run("export", SEOUL, "--to", public, "-f", "csv", "--no-cache")
    assert result.exit_code == 2 and "error F006" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\\x1b]0;owned" in result.stderr


def test_export_writes_through_a_link_that_stays_in_the_folder(tmp_path: Path) -> None:
    """A link the user set up inside the folder (public/winners.csv -> archive/2025.csv) keeps working."""
    public = tmp_path / "public"
    (public / "archive").mkdir(parents=True)
    (public / "archive" / "2025.csv").write_bytes(b"old\n")
    (public / "winners.csv").symlink_to("archive/2025.csv")
    assert run("export", _small(tmp_path), "--to", public, "-f", "csv", "--no-cache", "--quiet").exit_code == 0
    assert os.readlink(public / "winners.csv") == "archive/2025.csv"
    assert (public / "archive" / "2025.csv").read_bytes().startswith(b"call,category,award")


def test_export_refuses_two_names_that_lead_to_one_file(tmp_path: Path) -> None:
    public = tmp_path / "public"
    before = _old_export(public, ["rankings.csv"])
    (public / "winners.csv").symlink_to("rankings.csv")
    result = run("export", _small(tmp_path), "--to", public, "-f", "csv", "--no-cache")
    assert result.exit_code == 2 and "error F006" in result.stderr
    assert _tree(public) == {**before, "winners.csv": "-> rankings.csv"}


def test_export_to_a_folder_that_is_itself_a_link(tmp_path: Path) -> None:
    """The --to folder the user names may be a link (as with cp): its files are written where it leads."""
    (tmp_path / "real").mkdir()
    (tmp_path / "public").symlink_to("real")
    assert run("export", _small(tmp_path), "--to", tmp_path / "public", "-f", "json", "--no-cache", "--quiet").exit_code == 0
    assert os.listdir(tmp_path / "real") == ["results.json"]


# --- export: all or nothing -------------------------------------------------------------------------

def test_export_blocked_by_a_folder_changes_nothing(tmp_path: Path) -> None:
    """A folder named results.json in the way: said before anything is written (before ranking, too)."""
    public = tmp_path / "public"
    before = _old_export(public, [n for n in ALL_FILES if n != "results.json"])
    (public / "results.json").mkdir()
    before["results.json"] = "/"
    result = run("export", _small(tmp_path), "--to", public, "--no-cache")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"smartaward: {public / 'results.json'}: cannot write (")
    assert _tree(public) == before


def test_export_whose_third_move_fails_puts_the_first_two_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    public = tmp_path / "public"
    before = _old_export(public, ["winners.csv", "marks.csv", "results.json"])  # rankings.csv and the rest are new
    real_replace, moves = os.replace, []

    def replace(source: Any, target: Any) -> None:
        if Path(target).parent == public:
            moves.append(Path(target).name)
            if len(moves) == 3:
                raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    result = run("export", _small(tmp_path), "--to", public, "--include", "marks,judges", "--no-cache")
    assert result.exit_code == 2
    assert moves[:3] == ["winners.csv", "rankings.csv", "marks.csv"]
    assert f"{public / 'marks.csv'}: cannot write (Input/output error); nothing was written" in result.stderr
    assert _tree(public) == before  # old files byte-identical, no new file, no staging folder


def _export_limited(public: Path, *formats: str) -> subprocess.CompletedProcess:
    """An export under `ulimit -f` 100 KB: winners.csv and rankings.csv fit, marks.csv does not."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    args = [sys.executable, "-m", "smartaward", "export", str(SEOUL), "--to", str(public), "--include", "marks,judges", "--no-cache"]
    return subprocess.run(args + [f"--format={f}" for f in formats], capture_output=True, text=True,
                          preexec_fn=limit, timeout=300)


def test_export_over_the_file_size_limit_changes_nothing(tmp_path: Path) -> None:
    """`ulimit -f`: the small files are staged, marks.csv cannot be; every old file is kept."""
    public = tmp_path / "public"
    before = _old_export(public)
    result = _export_limited(public, "csv", "json", "md", "html")
    assert result.returncode == 2, result.stderr
    assert f"{public / 'marks.csv'}: cannot write (File too large); nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(public) == before


def test_a_workbook_over_the_file_size_limit_changes_nothing(tmp_path: Path) -> None:
    """The workbook is built through temporary files of openpyxl's: the limit stops it before any write."""
    public = tmp_path / "public"
    before = _old_export(public)
    result = _export_limited(public, "xlsx")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("smartaward: cannot make the files (File too large); nothing was written")
    assert "Traceback" not in result.stderr
    assert _tree(public) == before


def test_export_into_a_new_folder_that_fails_leaves_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_stage = staging._stage

    def full(folder: Path, index: int, target: Any, mask: int) -> None:
        if index == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_stage(folder, index, target, mask)

    monkeypatch.setattr(staging, "_stage", full)
    result = run("export", _small(tmp_path), "--to", tmp_path / "new" / "public", "--no-cache")
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert not (tmp_path / "new").exists()


def test_modes_are_kept_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    public = tmp_path / "public"
    _old_export(public, ["winners.csv"])
    (public / "winners.csv").chmod(0o640)
    old = os.umask(0o027)
    try:
        assert run("export", _small(tmp_path), "--to", public, "-f", "csv", "--include", "marks", "--no-cache", "--quiet").exit_code == 0
    finally:
        os.umask(old)
    assert (public / "winners.csv").stat().st_mode & 0o777 == 0o640
    assert (public / "marks.csv").stat().st_mode & 0o777 == 0o640  # 0o666 & ~0o027


# --- leftovers --------------------------------------------------------------------------------------

def test_the_leftovers_of_a_killed_export_are_removed_by_the_next(tmp_path: Path) -> None:
    """An export killed (SIGKILL: no cleanup possible) while staging leaves its staging folder; the
    next export there removes it, and old-style temporaries of a killed older version too."""
    public = tmp_path / "public"
    _old_export(public)
    slow = ("import os, time; real = os.fsync; os.fsync = lambda fd: (time.sleep(0.5), real(fd))[1]; "
            "from smartaward.cli.app import main; main()")
    process = subprocess.Popen([sys.executable, "-c", slow, "export", str(_small(tmp_path)), "--to", str(public), "--include", "marks",
                                "--no-cache"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(STAGING_PREFIX) for p in public.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    left = [p.name for p in public.iterdir() if p.name.startswith(".")]
    assert len(left) == 1 and left[0].startswith(STAGING_PREFIX) and f"-{process.pid}-" in left[0]
    old_style = public / ".results.json.k3j_x9q2.tmp"  # tempfile.mkstemp's name, by an older version
    old_style.write_bytes(b"{half")
    _age(old_style, LEFTOVER_AGE + 60)
    assert run("export", _small(tmp_path), "--to", public, "--include", "marks,judges", "--no-cache", "--quiet").exit_code == 0
    assert sorted(os.listdir(public)) == ALL_FILES


def test_what_a_run_still_going_has_in_the_folder_is_left_alone(tmp_path: Path) -> None:
    public = tmp_path / "public"
    _old_export(public)
    alive = _host_tag(os.getppid())  # a process of this host that is running
    theirs = [f"{STAGING_PREFIX}{alive}", f".results.json.{alive}.tmp", ".marks.csv.abcd1234.tmp"]
    (public / theirs[0]).mkdir()
    (public / theirs[0] / "0").write_bytes(b"staged by the other run")
    for name in theirs[1:]:
        (public / name).write_bytes(b"being written")  # the last: no pid, but recent
    mine = [".notes.txt.abcd1234.tmp", ".smartaward-staging-notes"]  # not names of ours: never touched
    for name in mine:
        (public / name).write_bytes(b"the user's")
        _age(public / name, LEFTOVER_AGE * 10)
    assert run("export", _small(tmp_path), "--to", public, "--include", "marks,judges", "--no-cache", "--quiet").exit_code == 0
    assert sorted(os.listdir(public)) == sorted(ALL_FILES + theirs + mine)
    assert (public / theirs[0] / "0").read_bytes() == b"staged by the other run"


def test_clear_leftovers_decides_by_host_pid_and_age(tmp_path: Path) -> None:
    dead, alive = _host_tag(_dead_pid()), _host_tag(os.getpid())
    other = "elsewhere-4242-0123abcd"
    names = {
        f"{STAGING_PREFIX}{dead}": False, f"{STAGING_PREFIX}{alive}": True,
        f"{STAGING_PREFIX}{other}": True, f".a.csv.{dead}.tmp": False, f".a.csv.{alive}.tmp": True,
        f".a.csv.{other}.tmp": True, f".b.csv.{dead}.tmp": True,  # not a name written here
    }
    for name in names:
        (tmp_path / name).mkdir() if name.startswith(STAGING_PREFIX) else (tmp_path / name).write_bytes(b"x")
    stale = [f"{STAGING_PREFIX}elsewhere-7-0123abcd", ".a.csv.elsewhere-7-0123abcd.tmp", ".a.csv.zz_99aa1.tmp"]
    for name in stale:  # another host's, or no pid: removed only once older than LEFTOVER_AGE
        (tmp_path / name).mkdir() if name.startswith(STAGING_PREFIX) else (tmp_path / name).write_bytes(b"x")
        _age(tmp_path / name, LEFTOVER_AGE + 1)
    clear_leftovers(tmp_path, ["a.csv"], staging=True)
    assert sorted(os.listdir(tmp_path)) == sorted(name for name, kept in names.items() if kept)


# --- import -----------------------------------------------------------------------------------------

def _cycle(tmp_path: Path) -> Path:
    return copy_base(tmp_path / "cycle")


def _sheet(tmp_path: Path, *ids: str) -> Path:
    rows = [",".join([entry, "project", "people", f"Project {entry}", "City of Oslo", "city", "Oslo", "NO", "2025-06-01", ""])
            for entry in ids]
    path = tmp_path / "applications.csv"
    path.write_text("\n".join([",".join(HEADER), *rows]) + "\n", encoding="utf-8")
    return path


def _import(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = run("import", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def _found(document: dict[str, Any]) -> set[tuple[str, int, int]]:
    return {(d["code"], d["line"], d["column"]) for d in document["diagnostics"] if d["severity"] == "error"}


def test_import_does_not_write_through_an_entries_folder_that_links_out(tmp_path: Path) -> None:
    """validate refuses entries/ -> ../elsewhere (F005); import does not write there either (F006)."""
    cycle = _cycle(tmp_path)
    shutil.move(cycle / "entries", tmp_path / "elsewhere")
    (cycle / "entries").symlink_to("../elsewhere")
    before = _tree(tmp_path / "elsewhere")
    code, document = _import("entries", _sheet(tmp_path, "new-one", "new-two"), "--cycle", cycle)
    assert code == 1
    assert _found(document) == {("F006", 2, 1), ("F006", 3, 1)}
    assert document["summary"]["written"] == 0
    assert _tree(tmp_path / "elsewhere") == before


def test_import_force_does_not_write_through_an_entry_file_that_links_out(tmp_path: Path) -> None:
    cycle = _cycle(tmp_path)
    outside = tmp_path / "drafts" / "oslo-bikes.yaml"
    outside.parent.mkdir()
    shutil.move(cycle / "entries" / "oslo-bikes.yaml", outside)
    (cycle / "entries" / "oslo-bikes.yaml").symlink_to(outside)
    original = outside.read_bytes()
    sheet = _sheet(tmp_path, "oslo-bikes", "new-one")
    code, document = _import("entries", sheet, "--cycle", cycle, "--force")
    assert code == 1 and _found(document) == {("F006", 2, 1)}
    assert document["summary"]["written"] == 0 and not (cycle / "entries" / "new-one.yaml").exists()
    code, document = _import("entries", sheet, "--cycle", cycle, "--force", "--skip-bad")
    assert code == 1 and _found(document) == {("F006", 2, 1)} and document["summary"]["written"] == 1
    assert outside.read_bytes() == original and (cycle / "entries" / "oslo-bikes.yaml").is_symlink()
    assert (cycle / "entries" / "new-one.yaml").is_file()


def test_import_does_not_write_through_a_round_folder_that_links_out(tmp_path: Path) -> None:
    cycle = _cycle(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (cycle / "scores" / "final").symlink_to(tmp_path / "elsewhere")
    sheet = tmp_path / "marks.csv"
    sheet.write_text("judge,entry,mark\nj01,oslo-bikes,7\n", encoding="utf-8")
    code, document = _import("scores", sheet, "--cycle", cycle, "--round", "final")
    assert code == 1 and "F006" in {d["code"] for d in document["diagnostics"]}
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_import_failing_half_way_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cycle = _cycle(tmp_path)
    before = _tree(cycle)
    real_replace, moves = os.replace, []

    def replace(source: Any, target: Any) -> None:
        if Path(target).parent == cycle / "entries":
            moves.append(Path(target).name)
            if len(moves) == 3:
                raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    result = run("import", "entries", _sheet(tmp_path, "e-one", "e-two", "e-three", "e-four"), "--cycle", cycle)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr and "nothing was written" in result.stderr
    assert _tree(cycle) == before  # not one of the four files, no staging folder


def test_import_stages_in_the_cycle_folder_where_validate_does_not_look(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the files are staged, the cycle folder holds a hidden staging folder: validate reads nothing there."""
    cycle = _cycle(tmp_path)
    seen: list[Any] = []
    real_move = staging._move_all

    def move(targets: Any, made: Any) -> None:
        stage = next(p for p in cycle.iterdir() if p.name.startswith(STAGING_PREFIX))
        seen.append((stage.parent, run("validate", cycle, "--no-cache", "--format", "json").exit_code))
        real_move(targets, made)

    monkeypatch.setattr(staging, "_move_all", move)
    assert run("import", "entries", _sheet(tmp_path, "e-one"), "--cycle", cycle).exit_code == 0
    assert seen == [(cycle, 0)]
    assert not [p for p in cycle.iterdir() if p.name.startswith(".")]


# --- schema and init --------------------------------------------------------------------------------

def test_schema_out_does_not_write_through_a_link_out(tmp_path: Path) -> None:
    (tmp_path / "bashrc").write_bytes(b"alias ls='ls -F'\n")
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "entry.schema.json").symlink_to("../bashrc")
    result = run("schema", "--out", out)
    assert result.exit_code == 2 and f"{(out / 'entry.schema.json').as_posix()}: error F006" in result.stderr
    assert (tmp_path / "bashrc").read_bytes() == b"alias ls='ls -F'\n"
    assert os.listdir(out) == ["entry.schema.json"]


def test_init_does_not_write_through_a_schema_folder_that_links_out(tmp_path: Path) -> None:
    cycle = _cycle(tmp_path)
    (tmp_path / "shared").mkdir()
    (cycle / ".schema").symlink_to("../shared")
    before = _tree(cycle)
    result = run("init", cycle)
    assert result.exit_code == 2 and "error F006" in result.stderr
    assert _tree(cycle) == before and list((tmp_path / "shared").iterdir()) == []


def test_a_new_cycle_is_not_written_through_a_schema_folder_that_links_out(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    (tmp_path / "shared").mkdir()
    (folder / ".schema").symlink_to("../shared")
    result = run("init", folder)
    assert result.exit_code == 2 and "F006" in result.stderr
    assert list((tmp_path / "shared").iterdir()) == [] and os.listdir(folder) == [".schema"]


# --- the writer itself ------------------------------------------------------------------------------

def test_write_all_writes_files_in_new_folders_and_overwrites(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"old")
    staging.write_all(tmp_path, {"a.txt": b"new", "b/c/d.txt": b"deep"})
    assert _tree(tmp_path) == {"a.txt": b"new", "b": "/", "b/c": "/", "b/c/d.txt": b"deep"}


def test_a_failed_move_removes_the_folders_it_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_bytes(b"old")
    real_replace = os.replace

    def replace(source: Any, target: Any) -> None:
        if Path(target).name == "z.txt":
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(staging.WriteFailed) as failed:
        staging.write_all(tmp_path, {"a.txt": b"new", "b/c/d.txt": b"deep", "b/z.txt": b"z"})
    assert failed.value.rel == "b/z.txt" and failed.value.unrestored == []
    assert _tree(tmp_path) == {"a.txt": b"old"}


def test_a_signal_during_the_moves_waits_for_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGINT after the first of three moves: all three are made, then the run stops (Interrupted)."""
    for name in "abc":
        (tmp_path / f"{name}.txt").write_bytes(b"old")
    real_replace = os.replace

    def replace(source: Any, target: Any) -> None:
        real_replace(source, target)
        if Path(target).name == "a.txt":
            signal.raise_signal(signal.SIGINT)

    interrupts.install()
    try:
        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(Interrupted) as stopped:
            staging.write_all(tmp_path, {f"{name}.txt": b"new" for name in "abc"})
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    assert stopped.value.exit_code == 130
    assert _tree(tmp_path) == {f"{name}.txt": b"new" for name in "abc"}


def test_a_signal_while_staging_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in "abc":
        (tmp_path / f"{name}.txt").write_bytes(b"old")
    real_stage = staging._stage

    def stage(folder: Path, index: int, target: Any, mask: int) -> None:
        if index == 2:
            raise Interrupted(signal.SIGTERM)
        real_stage(folder, index, target, mask)

    monkeypatch.setattr(staging, "_stage", stage)
    with pytest.raises(Interrupted):
        staging.write_all(tmp_path, {f"{name}.txt": b"new" for name in "abc"})
    assert _tree(tmp_path) == {f"{name}.txt": b"old" for name in "abc"}


PLACES = ["a.txt", "b.txt", "d/c.txt", "d/e/f.txt", "g/h.txt"]


@settings(max_examples=40, deadline=None)
@given(
    names=st.lists(st.sampled_from(PLACES), min_size=1, max_size=5, unique=True),
    existing=st.sets(st.sampled_from(PLACES)),
    fail_in=st.sampled_from(["nothing", "stage", "move"]),
    fail_at=st.integers(min_value=1, max_value=5),
)
def test_write_all_is_all_or_nothing(names: list[str], existing: set[str], fail_in: str, fail_at: int) -> None:
    """Whatever is written where, and wherever one step fails: every file new, or the tree as it was."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "out"
        for rel in existing:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(b"old " + rel.encode())
        root.mkdir(exist_ok=True)
        before = _tree(root)
        calls = {"stage": 0, "move": 0}
        real_stage, real_replace = staging._stage, os.replace

        def stage(folder: Path, index: int, target: Any, mask: int) -> None:
            calls["stage"] += 1
            if fail_in == "stage" and calls["stage"] == fail_at:
                raise OSError(errno.ENOSPC, "No space left on device")
            real_stage(folder, index, target, mask)

        def replace(source: Any, target: Any) -> None:
            if Path(source).parent.name.startswith(STAGING_PREFIX) and not Path(source).name.endswith(".old"):
                calls["move"] += 1
                if fail_in == "move" and calls["move"] == fail_at:
                    raise OSError(errno.EIO, "Input/output error")
            real_replace(source, target)

        files = {rel: b"new " + rel.encode() for rel in names}
        with mock.patch.object(staging, "_stage", stage), mock.patch.object(os, "replace", replace):
            try:
                staging.write_all(root, files)
                failed = False
            except staging.WriteFailed as exc:
                failed = True
                assert exc.unrestored == []
        assert failed == (fail_in != "nothing" and fail_at <= len(names))
        if failed:
            assert _tree(root) == before
        else:
            after = {rel: data for rel, data in _tree(root).items() if data != "/"}
            assert after == {**{rel: data for rel, data in before.items() if data != "/"}, **files}
            assert not [p for p in root.rglob(".*")]


def test_write_atomic_names_its_temporary_for_the_leftover_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names: list[str] = []
    real_replace = os.replace

    def replace(source: Any, target: Any) -> None:
        names.append(Path(source).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    atomic.write_atomic(tmp_path / "x.json", b"{}")
    assert len(names) == 1 and names[0].startswith(f".x.json.{_host_tag(os.getpid()).rsplit('-', 1)[0]}-")
    assert names[0].endswith(".tmp")
    assert os.listdir(tmp_path) == ["x.json"]
