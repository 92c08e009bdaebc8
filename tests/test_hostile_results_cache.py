"""Results computed once, attacked (issue 17): whatever a user with smartaward's threat model can do —
change the cycle's files (back and forth, within the same second, through links), copy it, keep two
identical cycles, point the cache somewhere odd, fill it, cut a write short, mix --no-cache in, change
the environment — rank, winners, status, stats, judges and explain print, byte for byte and exit
code included, what they print with --no-cache for the same files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run
from test_pending import _tie_for_gold

from smartaward.reading import cache as cache_module

ROOT = Path(__file__).parent.parent
SEOUL = ROOT / "cycles" / "seoul-smart-city-2024"

# Every command that reads the results records, with the options that only draw their documents.
COMMANDS: list[tuple[str, ...]] = [
    ("rank", "-f", "json"), ("rank", "-f", "md"), ("rank", "--final"), ("rank", "--compare", "borda", "-f", "csv"),
    ("winners",), ("winners", "-f", "csv"), ("winners", "--final"), ("winners", "-q"),
    ("status",), ("status", "-f", "json"),
    ("stats",), ("stats", "--top", "1", "-f", "md"), ("stats", "-f", "json"),
    ("judges",), ("judges", "-t", "panels"), ("judges", "-f", "json"),
    ("explain", "seoul-air"), ("explain", "seoul-air", "-f", "json"), ("explain", "no-such-entry"),
]
Output = list[tuple[int, str, str]]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SMARTAWARD_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def tied(tmp_path: Path) -> Path:
    """A provisional cycle: a tie for gold awaiting the chair, pending awards, open items, warnings."""
    return _tie_for_gold(tmp_path / "tied")


def outputs(root: Path | str, *extra: str, commands: list[tuple[str, ...]] = COMMANDS) -> Output:
    """Exit code, stdout and stderr of each command on the cycle."""
    found = []
    for command in commands:
        result = run(command[0], *command[1:2] if command[0] == "explain" else (), root,
                     *command[2:] if command[0] == "explain" else command[1:], *extra)
        found.append((result.exit_code, result.stdout, result.stderr))
    return found


def warm(root: Path | str, commands: list[tuple[str, ...]] = COMMANDS) -> Output:
    """The commands after a validation, run twice (the second reads what the first kept): both the same."""
    run("validate", root)
    first = outputs(root, commands=commands)
    assert outputs(root, commands=commands) == first
    return first


def change_mark(root: Path, old: str = "seoul-air: {design: 9, impact: 9.5}", new: str = "seoul-air: {design: 9, impact: 8.5}") -> None:
    sheet = root / "scores" / "j01.yaml"
    text = sheet.read_text(encoding="utf-8")
    assert old in text
    sheet.write_text(text.replace(old, new), encoding="utf-8")


# --- the files -------------------------------------------------------------------------------------

def test_a_file_changed_back_and_forth_gives_each_versions_own_results(tied: Path, cache_dir: Path) -> None:
    before = outputs(tied, "--no-cache")
    assert warm(tied) == before
    change_mark(tied)
    after = outputs(tied, "--no-cache")
    assert after != before
    assert warm(tied) == after
    change_mark(tied, "seoul-air: {design: 9, impact: 8.5}", "seoul-air: {design: 9, impact: 9.5}")  # back
    assert outputs(tied) == before  # the first version's records, which are its own
    change_mark(tied)
    assert outputs(tied) == after


def test_an_edit_of_the_same_size_within_the_same_second_is_seen(tied: Path, cache_dir: Path) -> None:
    """The key is the bytes, not a file's size or time: an edit that keeps both is a miss."""
    warm(tied)
    sheet = tied / "scores" / "j01.yaml"
    info = sheet.stat()
    change_mark(tied, "seoul-air: {design: 9, impact: 9.5}", "seoul-air: {design: 9, impact: 7.5}")
    os.utime(sheet, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert sheet.stat().st_size == info.st_size and sheet.stat().st_mtime_ns == info.st_mtime_ns
    assert outputs(tied) == outputs(tied, "--no-cache")


def test_a_file_behind_a_link_inside_the_cycle_is_read_through_it(tied: Path, cache_dir: Path, tmp_path: Path) -> None:
    """A sheet that is a link to another file of the cycle: changing the target changes the results."""
    sheet = tied / "scores" / "j01.yaml"
    target = tied / "scores" / "drafts" / "j01-final.yml.txt"  # not a data file's name: not read on its own
    target.parent.mkdir()
    shutil.move(sheet, target)
    sheet.symlink_to(target)
    assert warm(tied) == outputs(tied, "--no-cache")
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("seoul-air: {design: 9, impact: 9.5}", "seoul-air: {design: 9, impact: 8.5}"), encoding="utf-8")
    assert outputs(tied) == outputs(tied, "--no-cache")


def test_a_link_out_of_the_cycle_is_refused_whatever_its_target_holds(tied: Path, cache_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    sheet = tied / "scores" / "j01.yaml"
    shutil.move(sheet, outside)
    sheet.symlink_to(outside)
    fresh = outputs(tied, "--no-cache")
    assert warm(tied) == fresh
    outside.write_text("judge: j01\nscores: {}\n", encoding="utf-8")  # never read: the same refusal (F005)
    assert outputs(tied) == fresh == outputs(tied, "--no-cache")


def test_a_file_refused_under_a_lower_size_limit_is_a_miss(tied: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SMARTAWARD_MAX_FILE_MB changes which files are read: the refusal (F004) is part of the key."""
    warm(tied)
    monkeypatch.setenv("SMARTAWARD_MAX_FILE_MB", "0.0002")  # ~200 bytes: some sheets are refused
    fresh = outputs(tied, "--no-cache")
    assert any("F004" in err for _, _, err in fresh)
    assert outputs(tied) == fresh
    monkeypatch.delenv("SMARTAWARD_MAX_FILE_MB")
    assert outputs(tied) == outputs(tied, "--no-cache")


def test_a_copy_elsewhere_names_its_own_files(tied: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder a cycle is shown under is in the key: a copy's messages name the copy's files."""
    (tied / "scores" / ".j09.yaml").write_text("judge: j09\n", encoding="utf-8")  # open item naming a file
    monkeypatch.chdir(tmp_path)
    warm("tied")
    copy = shutil.copytree(tied, tmp_path / "elsewhere" / "tied")
    assert outputs(copy) == outputs(copy, "--no-cache")
    assert outputs("elsewhere/tied") == outputs("elsewhere/tied", "--no-cache")


def test_two_identical_cycles_shown_alike_share_records_correctly(tied: Path, cache_dir: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Two folders with the same files, each run from inside (both shown as `.`): one key, the same
    results; a difference in either one (a hidden file) parts them."""
    twin = Path(shutil.copytree(tied, tmp_path / "twin"))
    monkeypatch.chdir(tied)
    fresh = warm(".")
    monkeypatch.chdir(twin)
    assert outputs(".") == fresh == outputs(".", "--no-cache")
    (twin / "entries" / ".draft.yaml").write_text("- id: x\n", encoding="utf-8")  # keeps the twin's result provisional
    assert outputs(".") == outputs(".", "--no-cache")
    monkeypatch.chdir(tied)
    assert outputs(".") == fresh


def test_a_file_named_on_the_command_line_validates_the_whole_cycle(tied: Path, cache_dir: Path) -> None:
    fresh = outputs(tied, "--no-cache")
    run("validate", tied / "scores" / "j01.yaml")
    assert outputs(tied) == fresh
    assert outputs(tied / "scores" / "j01.yaml", commands=[("rank", "-f", "json"), ("winners",)]) == \
        outputs(tied, "--no-cache", commands=[("rank", "-f", "json"), ("winners",)])


# --- the cache folder --------------------------------------------------------------------------------

def test_no_cache_neither_reads_nor_writes(tied: Path, cache_dir: Path) -> None:
    warm(tied)
    kept = sorted(p for p in cache_dir.rglob("*") if p.is_file())
    change_mark(tied)
    fresh = outputs(tied, "--no-cache")
    assert sorted(p for p in cache_dir.rglob("*") if p.is_file()) == kept
    assert outputs(tied) == fresh


@pytest.mark.parametrize("setting", ["a file", "group-writable", "another user's"])
def test_a_cache_folder_that_is_not_used_changes_nothing_but_one_line(tied: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                       setting: str) -> None:
    """A cache location that is a file, a folder others may write, or another user's: the commands
    print what --no-cache prints, and stderr says once, first, why the cache is not used."""
    folder = tmp_path / "odd-cache"
    if setting == "a file":
        folder.write_text("not a folder", encoding="utf-8")
    else:
        folder.mkdir()
        if setting == "group-writable":
            folder.chmod(0o775)
        else:
            if os.geteuid() != 0:
                pytest.skip("needs root to give a folder to another user")
            os.chown(folder, 65534, 65534)
    monkeypatch.setenv("SMARTAWARD_CACHE_DIR", str(folder))
    commands = [c for c in COMMANDS if c != ("status",) and c != ("status", "-f", "json")]  # status: below
    fresh = outputs(tied, "--no-cache", commands=commands)
    run("validate", tied)
    for (code, out, err), (fresh_code, fresh_out, fresh_err) in zip(outputs(tied, commands=commands), fresh, strict=True):
        assert (code, out) == (fresh_code, fresh_out)
        first, _, rest = err.partition("\n")
        assert first.startswith("smartaward: ") and "cache" in first and rest == fresh_err
    if setting == "a file":
        assert folder.read_text(encoding="utf-8") == "not a folder"
    else:
        assert not any(folder.iterdir())


def test_a_full_or_read_only_disk_changes_nothing(tied: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every record write fails (ENOSPC, EROFS): the commands print what they print without a cache."""
    fresh = outputs(tied, "--no-cache")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.tempfile, "mkstemp", full)
    assert outputs(tied) == fresh
    run("validate", tied)
    assert outputs(tied) == fresh


def test_a_write_that_fails_between_the_two_results_records_is_a_miss(tied: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills after the rankings were kept, before the rest: winners and rank recompute."""
    fresh = outputs(tied, "--no-cache")
    real = cache_module.Cache.store_results
    calls: list[int] = []

    def second_fails(self: cache_module.Cache, key: bytes, data: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            self.writable = False  # what a failed write leaves
            return
        real(self, key, data)

    monkeypatch.setattr(cache_module.Cache, "store_results", second_fails)
    run("validate", tied)
    monkeypatch.setattr(cache_module.Cache, "store_results", real)
    assert outputs(tied) == fresh
    assert outputs(tied) == fresh


@pytest.mark.parametrize("cut", ["truncated", "emptied", "temporary left"])
def test_a_write_killed_in_the_middle_is_a_miss(tied: Path, cache_dir: Path, cut: str) -> None:
    """kill -9 during a write leaves a temporary file (never read), or, on a filesystem that does not
    rename atomically, a record cut short (its checksum fails): either way a miss."""
    fresh = outputs(tied, "--no-cache")
    run("validate", tied)
    for record in sorted(p for p in (cache_dir / "results").rglob("*") if p.is_file()):
        blob = record.read_bytes()
        if cut == "temporary left":
            (record.parent / (cache_module.TEMPORARY_PREFIX + "x")).write_bytes(blob[: len(blob) // 2])
            record.unlink()
        else:
            record.write_bytes(blob[: len(blob) // 2] if cut == "truncated" else b"")
    assert outputs(tied) == fresh
    assert outputs(tied) == fresh


def test_a_record_replaced_by_a_link_to_another_cycles_is_a_miss(tied: Path, cache_dir: Path, tmp_path: Path) -> None:
    seoul = Path(shutil.copytree(SEOUL, tmp_path / "seoul"))
    commands = [("winners", "-f", "json"), ("rank", "-f", "json"), ("status", "-f", "json")]
    run("validate", seoul)
    theirs = sorted(p for p in (cache_dir / "results").rglob("*") if p.is_file())
    run("validate", tied)
    ours = sorted(set(p for p in (cache_dir / "results").rglob("*") if p.is_file()) - set(theirs))
    assert len(ours) == len(theirs) == 2
    for mine, other in zip(ours, theirs, strict=True):
        mine.unlink()
        mine.symlink_to(other)
    assert outputs(tied, commands=commands) == outputs(tied, "--no-cache", commands=commands)


# --- what besides the files -------------------------------------------------------------------------

def test_the_hash_seed_changes_no_document(tied: Path, tmp_path: Path) -> None:
    """A document kept by one process is printed by another, with another PYTHONHASHSEED: no document
    may depend on the order of a set."""
    script = ("import sys; from smartaward.cli.app import main; sys.argv = ['smartaward', *sys.argv[1:]]; main()")
    found = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SMARTAWARD_NO_CACHE": "1"}
        texts = []
        for command in (("rank", "-f", "json"), ("stats", "-f", "json"), ("judges", "-f", "json")):
            done = subprocess.run([sys.executable, "-c", script, command[0], str(tied), *command[1:]], capture_output=True,
                                  text=True, env=env, check=False)
            texts.append((done.returncode, done.stdout, done.stderr))
        found.add(tuple(texts))
    assert len(found) == 1


PTY = """
import os, pty, select, subprocess, sys, fcntl, struct, termios
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, int(sys.argv[1]), 0, 0))
process = subprocess.Popen([sys.executable, "-c", "import sys; from smartaward.cli.app import main; "
                            "sys.argv = ['smartaward', *sys.argv[1:]]; main()", *sys.argv[2:]],
                           stdin=slave, stdout=slave, stderr=slave)
os.close(slave)
out = b""
while select.select([master], [], [], 60)[0]:
    try:
        data = os.read(master, 65536)
    except OSError:
        break
    if not data:
        break
    out += data
sys.stdout.buffer.write(b"%d\\n" % process.wait() + out)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
@pytest.mark.parametrize("command", [("judges",), ("stats",), ("winners",)])
def test_a_terminal_of_any_width_draws_the_kept_document_as_a_fresh_one(tied: Path, cache_dir: Path, command: tuple[str, ...]) -> None:
    """On a terminal (colours, box characters, the width), a kept document is drawn as a fresh one."""
    def on_terminal(columns: int, *extra: str) -> bytes:
        return subprocess.run([sys.executable, "-c", PTY, str(columns), *command, str(tied), *extra], capture_output=True,
                              check=True).stdout

    for columns in (50, 160):
        fresh = on_terminal(columns, "--no-cache")
        run("validate", tied)
        assert on_terminal(columns) == fresh
        assert on_terminal(columns) == fresh



def test_an_ascii_stdout_is_no_crash_and_the_same_from_the_cache(tied: Path, cache_dir: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "SMARTAWARD_CACHE_DIR": str(cache_dir)}
    script = "import sys; from smartaward.cli.app import main; sys.argv = ['smartaward', *sys.argv[1:]]; main()"

    def ran(*args: str) -> tuple[int, str, str]:
        done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=False)
        return done.returncode, done.stdout, done.stderr

    fresh = ran("judges", str(tied), "--no-cache")
    ran("validate", str(tied))
    assert fresh[0] != 3
    assert ran("judges", str(tied)) == fresh



@pytest.mark.parametrize("package", ["numpy", "krippendorff", "pycountry"])
def test_the_libraries_the_results_depend_on_are_in_the_fingerprint(package: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scores (the columnar engine, the fitted methods: numpy), the judges' agreement (krippendorff)
    and the countries' names (pycountry) come from these: a new version must not read old records."""
    real = cache_module.package_identity
    cache_module.fingerprint.cache_clear()
    before = cache_module.fingerprint()
    monkeypatch.setattr(cache_module, "package_identity", lambda name, pattern: "upgraded" if name == package else real(name, pattern))
    cache_module.fingerprint.cache_clear()
    try:
        assert cache_module.fingerprint() != before
    finally:
        cache_module.fingerprint.cache_clear()
