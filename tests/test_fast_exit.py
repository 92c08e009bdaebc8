"""The command line ends without freeing its objects one by one (__main__._exit_now, issue 17): what it
printed is all out, its exit code is the command's, atexit handlers still run, and a profiler still
gets to write its file."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEOUL = ROOT / "cycles" / "seoul-smart-city-2023"
BASE = ROOT / "tests" / "cases" / "base"


@pytest.fixture(scope="module")
def invalid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base cycle with a mark off the scale: validate finds an error (exit 1)."""
    import shutil

    folder = tmp_path_factory.mktemp("invalid") / "cycle"
    shutil.copytree(BASE, folder)
    sheet = folder / "scores" / "j01.yaml"
    sheet.write_text(re.sub(r": \d+(\.\d+)?([,}])", r": 999\2", sheet.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    return folder


def _smartaward(*args: str, code: str = "from smartaward.__main__ import run\nrun()", **kw: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "SMARTAWARD_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-c", f"import sys\nsys.argv = ['smartaward', *sys.argv[1:]]\n{code}", *args],
                          capture_output=True, env=env, timeout=300, **kw)  # type: ignore[call-overload]


def _in_process(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The same command, ended the usual way (cli.app.main: SystemExit, every object freed)."""
    return _smartaward(*args, code="from smartaward.cli.app import main\nmain()")


@pytest.mark.parametrize("args", [["rank", "-f", "json", str(SEOUL)], ["export", "-f", "csv", str(SEOUL), "--to", "-"],
                                  ["validate", "INVALID"], ["validate", "/no/such/cycle"], ["explain", str(SEOUL), "no-such-entry"]])
def test_output_and_exit_code_are_the_usual_ones(args: list[str], invalid: Path) -> None:
    args = [str(invalid) if a == "INVALID" else a for a in args]
    fast, usual = _smartaward(*args), _in_process(*args)
    assert (fast.returncode, fast.stdout, fast.stderr) == (usual.returncode, usual.stdout, usual.stderr)
    assert fast.returncode in (0, 1, 2)


def test_a_large_output_through_a_pipe_is_whole() -> None:
    fast = _smartaward("rank", "-f", "json", str(SEOUL))
    assert fast.returncode == 0
    document = json.loads(fast.stdout)  # every byte arrived: the JSON is complete
    assert document == json.loads(_in_process("rank", "-f", "json", str(SEOUL)).stdout)


def test_atexit_handlers_still_run() -> None:
    code = ("import atexit, sys\natexit.register(lambda: print('handler ran', file=sys.stderr))\n"
            "from smartaward.__main__ import run\nrun()")
    child = _smartaward("validate", "-q", str(BASE), code=code)
    assert child.returncode == 0
    assert child.stderr.decode().splitlines()[-1] == "handler ran"


def test_a_profiler_still_writes_its_file(tmp_path: Path) -> None:
    out = tmp_path / "profile.out"
    child = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "smartaward", "validate", "-q", str(BASE)],
                           capture_output=True, timeout=300, env={**os.environ, "SMARTAWARD_NO_CACHE": "1"})
    assert child.returncode == 0, child.stderr
    assert out.stat().st_size > 0


def test_an_exit_with_a_message_takes_the_usual_way() -> None:
    """sys.exit("text") (not a number) is left to Python: the text on stderr, exit 1."""
    from smartaward.__main__ import _exit_now

    _exit_now("not a number")  # returns: nothing was ended here


@pytest.mark.parametrize(("closed", "args", "code"), [(">&-", ["winners", str(SEOUL)], 0), (">&-", ["rank", "-f", "json", str(SEOUL)], 0),
                                                      (">&-", ["validate", "INVALID"], 1), ("2>&-", ["validate", "/no/such/cycle"], 2),
                                                      ("2>&- >&-", ["validate", str(SEOUL)], 0)])
def test_a_closed_standard_stream_is_no_internal_error(closed: str, args: list[str], code: int, invalid: Path) -> None:
    """Started with stdout or stderr closed (Python then has None for them), a command writes nothing
    there and ends with its own exit code; it stopped with an internal error (exit 3, or 120)."""
    import shlex

    args = [str(invalid) if a == "INVALID" else a for a in args]
    line = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "smartaward", *args])
    child = subprocess.run(["sh", "-c", f"{line} {closed}"], capture_output=True, timeout=300,
                           env={**os.environ, "SMARTAWARD_NO_CACHE": "1"})
    assert child.returncode == code, child.stderr
    assert b"Traceback" not in child.stderr and b"internal error" not in child.stderr
