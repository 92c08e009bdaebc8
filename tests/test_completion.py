"""Shell completion, as bash and zsh ask for it: the script typer installs runs the command with
`_SMARTAWARD_COMPLETE=complete_bash` (the words in COMP_WORDS, the word's index in COMP_CWORD) or
`complete_zsh` (the words in _TYPER_COMPLETE_ARGS), and prints what it answers. Each test runs the
command in a child process exactly so, and checks the answer, the exit code (0) and that nothing at
all reaches stderr (a completion must never show an error or a traceback).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "cases" / "base"
SEOUL = ROOT / "cycles" / "seoul-smart-city-2024"


def _program() -> list[str]:
    """The console script beside this Python (what a shell runs), else `python -m smartaward`."""
    script = Path(sys.executable).parent / "smartaward"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "smartaward"]


def _complete(env: dict[str, str], cwd: Path, program: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    child = subprocess.run(program or _program(), env={**os.environ, **env}, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child
    assert child.stderr == "", child.stderr
    return child


def bash(line: str, cwd: Path = BASE, program: list[str] | None = None) -> list[str]:
    """What bash's completion function gets for the command line `line` (the cursor at its end)."""
    words = line.split(" ")
    env = {"_SMARTAWARD_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    return [each for each in _complete(env, cwd, program).stdout.splitlines() if each]


def zsh(line: str, cwd: Path = BASE) -> str:
    """What zsh's completion function evaluates for the command line `line`."""
    return _complete({"_SMARTAWARD_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}, cwd).stdout


def test_commands_complete() -> None:
    assert bash("smartaward ra") == ["rank"]
    assert set(bash("smartaward ")) >= {"validate", "rank", "winners", "explain", "explain-code", "import", "cache"}
    assert '"rank"' in zsh("smartaward ra")


def test_options_complete() -> None:
    assert bash("smartaward rank --fi") == ["--final"]
    assert "--install-completion" in bash("smartaward --")


def test_formats_complete() -> None:
    assert bash("smartaward rank --format ") == ["table", "json", "csv", "md", "rst", "latex", "html", "grid"]
    assert bash("smartaward explain --format ") == ["text", "json", "md"]
    assert '"json"' in zsh("smartaward status -f j")


def test_entry_ids_complete_from_the_current_cycle() -> None:
    assert bash("smartaward explain bag") == ["baguio-health"]
    assert bash("smartaward explain --format json bag", cwd=BASE / "entries") == ["baguio-health"]  # walks up to cycle.yaml
    out = zsh("smartaward explain bag")
    assert out.startswith("_arguments") and '"baguio-health":' in out  # with its title as the description


def test_entry_ids_under_python_dash_m() -> None:
    """`python -m smartaward` answers the same variable as the console script."""
    assert bash("smartaward explain bag", program=[sys.executable, "-m", "smartaward"]) == ["baguio-health"]


def test_codes_complete() -> None:
    assert bash("smartaward explain-code M30")[:2] == ["M301", "M302"]
    assert bash("smartaward explain-code m30")[0] == "m301"
    assert bash("smartaward explain-code mark-out") == ["mark-out-of-scale"]
    assert bash("smartaward explain-code --quiet M30")[:1] == ["M301"]  # a refused option: still no word on stderr
    assert '"M301":"mark-out-of-scale"' in zsh("smartaward explain-code M301")


def test_rounds_and_judges_complete() -> None:
    assert bash("smartaward progress --round ", cwd=SEOUL) == ["eligibility", "evaluation", "final"]
    assert bash("smartaward packets --judge j0", cwd=SEOUL)[:2] == ["j01", "j02"]
    assert bash(f"smartaward assign {SEOUL} --replace j0")[:2] == ["j01", "j02"]  # the cycle the line names


def test_paths_are_left_to_the_shell() -> None:
    """No answer: bash's `complete -o default` then completes files and folders itself, and zsh's
    script gets `_files` (click 8's Path type would echo the word typed back, which bash would
    take as the only completion): import's FILE and --mapping too."""
    assert bash("smartaward rank cyc", cwd=ROOT) == []
    assert bash("smartaward export --to pub", cwd=ROOT) == []
    assert bash("smartaward import entries app", cwd=ROOT) == []
    assert bash("smartaward import entries a.csv --mapping ma", cwd=ROOT) == []
    assert zsh("smartaward validate cyc", cwd=ROOT).strip() == "_files"


def test_a_broken_cycle_or_no_cycle_completes_nothing_silently(tmp_path: Path) -> None:
    assert bash("smartaward explain ", cwd=tmp_path) == []  # no cycle here
    (tmp_path / "cycle.yaml").write_text("calls: [unclosed\n\x1b[31m: {", encoding="utf-8")
    (tmp_path / "entries").mkdir()
    (tmp_path / "entries" / "x.yaml").write_bytes(b"\xff\xfe id: [")
    assert bash("smartaward explain ", cwd=tmp_path) == []
    assert bash("smartaward progress --round ", cwd=tmp_path) == []
    assert zsh("smartaward packets --judge ", cwd=tmp_path).strip() == "_files"


def test_show_completion_prints_the_script() -> None:
    """`--show-completion bash` (the shell named) and `--show-completion` run from bash (detected)."""
    env = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = subprocess.run([*_program(), "--show-completion", "bash"], env={**os.environ, **env}, capture_output=True, text=True,
                           timeout=120)
    assert shown.returncode == 0 and shown.stderr == ""
    assert "_SMARTAWARD_COMPLETE=complete_bash" in shown.stdout and "complete -o default -F" in shown.stdout
    zsh_script = subprocess.run([*_program(), "--show-completion", "zsh"], env={**os.environ, **env}, capture_output=True,
                                text=True, timeout=120)
    assert "compdef _smartaward_completion smartaward" in zsh_script.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_show_completion_detects_bash() -> None:
    command = " ".join(f"'{part}'" for part in _program())
    shown = subprocess.run(["bash", "-c", f"{command} --show-completion"], capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "_SMARTAWARD_COMPLETE=complete_bash" in shown.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_itself_completes_an_entry_id(tmp_path: Path) -> None:
    """The script --show-completion prints, sourced in a real bash, and its function called as bash
    calls it on <Tab>: COMPREPLY holds the entry id."""
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    folder = Path(_program()[0]).parent if len(_program()) == 1 else None
    if folder is None:
        pytest.skip("no console script")
    env["PATH"] = f"{folder}{os.pathsep}{env.get('PATH', '')}"
    script = subprocess.run(["smartaward", "--show-completion", "bash"], env=env, capture_output=True, text=True, check=True).stdout
    (tmp_path / "completion.sh").write_text(script, encoding="utf-8")
    probe = (f"source {tmp_path / 'completion.sh'}; COMP_WORDS=(smartaward explain bag); COMP_CWORD=2; "
             "_smartaward_completion smartaward; printf '%s\\n' \"${COMPREPLY[@]}\"")
    done = subprocess.run(["bash", "--norc", "-c", probe], env=env, cwd=BASE, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["baguio-health"], done
    assert done.stderr == ""


# --- issue 15 (tester's findings): import's --judge and --round, validate's codes, --show-completion SHELL


def test_import_completes_its_judge_and_round() -> None:
    """docs/cli.md promises the judge ids of --judge and the rounds of --round: import's too."""
    assert bash("smartaward import scores f.xlsx --judge j0", cwd=SEOUL)[:2] == ["j01", "j02"]
    assert bash("smartaward import scores f.xlsx -j j0", cwd=SEOUL)[:2] == ["j01", "j02"]
    assert bash("smartaward import scores f.xlsx --round ", cwd=SEOUL) == ["eligibility", "evaluation", "final"]
    assert bash(f"smartaward import scores f.xlsx {SEOUL} --round ev", cwd=ROOT) == ["evaluation"]  # the cycle the line names
    assert '"evaluation"' in zsh("smartaward import scores f.xlsx --round ev", cwd=SEOUL)


def test_validate_select_and_ignore_complete_codes() -> None:
    assert bash("smartaward validate --select J40")[:2] == ["J401", "J402"]
    assert bash("smartaward validate --ignore j40")[:1] == ["j401"]  # in the case typed
    assert bash("smartaward validate --select J401,M30")[:2] == ["J401,M301", "J401,M302"]  # after a comma: the last one
    assert bash("smartaward validate --select Q9") == []
    assert '"M301":"mark-out-of-scale"' in zsh("smartaward validate --ignore M301")


def _shown(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_program(), *args], env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_show_completion_of_a_named_shell_from_another_shell() -> None:
    """Run from bash, `--show-completion zsh` printed bash's script (typer detected the parent shell
    and ignored the word): the shell named wins, and the script is the zsh one."""
    command = " ".join(f"'{part}'" for part in _program())
    for line in (f"{command} --show-completion zsh", f"{command} --show-completion=zsh", f"{command} --debug --show-completion zsh"):
        shown = subprocess.run(["bash", "-c", line], capture_output=True, text=True, timeout=120)
        assert shown.returncode == 0 and shown.stderr == "", shown
        assert shown.stdout.startswith("#compdef smartaward"), shown.stdout
        assert "_SMARTAWARD_COMPLETE=complete_zsh smartaward" in shown.stdout
        assert "complete_bash" not in shown.stdout


def test_the_zsh_script_runs_the_completion_it_names(tmp_path: Path) -> None:
    """What the zsh script evaluates on <Tab>: its command line, with its variable, answers the entry id."""
    script = _shown("--show-completion", "zsh").stdout
    assert "compdef _smartaward_completion smartaward" in script
    var = next(word for word in script.split() if word.endswith("=complete_zsh")).split("=")[0]
    assert var == "_SMARTAWARD_COMPLETE"
    assert '"baguio-health":' in zsh("smartaward explain bag")
    if shutil.which("zsh"):
        (tmp_path / "smartaward.zsh").write_text(script, encoding="utf-8")  # sourced as a file: a repr is no zsh string
        probe = f"autoload -Uz compinit; compinit -u -d {tmp_path / 'zcompdump'}; source {tmp_path / 'smartaward.zsh'}; print -r -- $_comps[smartaward]"
        assert subprocess.run(["zsh", "-f", "-c", probe], capture_output=True, text=True, timeout=120).stdout.strip() == "_smartaward_completion"


def test_show_completion_of_every_shell_and_an_unknown_one() -> None:
    for shell, mark in (("bash", "complete_bash"), ("fish", "complete_fish"), ("powershell", "complete_powershell")):
        shown = _shown("--show-completion", shell)
        assert shown.returncode == 0 and mark in shown.stdout, shown
    unknown = _shown("--show-completion", "tcsh")
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert "unknown shell 'tcsh'" in unknown.stderr and "zsh" in unknown.stderr


# --- issue 15 (final review): a title or a name from the cycle's files never reaches a shell as code

_HOSTILE = "x <(touch {mark}) $(touch {mark}) `touch {mark}` \"q\" 'q' ; | & * \\"


def _hostile_cycle(tmp_path: Path) -> tuple[Path, Path]:
    """The base cycle with an entry title and a judge name that would run `touch MARK` if a shell
    evaluated them (process and command substitution, backticks, quotes, a trailing backslash)."""
    cycle, mark = tmp_path / "cycle", tmp_path / "PWNED"
    shutil.copytree(BASE, cycle)
    hostile = _HOSTILE.format(mark=mark)
    entry = cycle / "entries" / "oslo-bikes.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("title: City bikes for all", f"title: {_yaml(hostile)}"), encoding="utf-8")
    judges = cycle / "judges.yaml"  # j01's name ends in `\`: typer's zsh answer then leaves j02's unquoted
    named = judges.read_text(encoding="utf-8").replace("name: Ada Example", f"name: {_yaml(hostile)}")
    named = named.replace("name: Bo Example", "name: " + _yaml(hostile.rstrip(" \\")))
    # j03's: typer escapes `$` as `\$`, so `\$(...)` became `\\$(...)`, which zsh ran (the reviewer's case)
    judges.write_text(named.replace("name: Cy Example", "name: " + _yaml(f"x \\$(touch {mark}) y")), encoding="utf-8")
    return cycle, mark


def _yaml(text: str) -> str:
    import json

    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


_UNSAFE = set("\\\"'`$<>();|&*")


def test_hostile_titles_and_names_reach_no_shell_as_code(tmp_path: Path) -> None:
    cycle, mark = _hostile_cycle(tmp_path)
    for line in ("smartaward explain oslo-b", "smartaward packets --judge j0"):
        answer = zsh(line, cwd=cycle)
        assert answer.startswith("_arguments"), answer
        body = answer.split("((", 1)[1].rsplit("))", 1)[0]
        assert not _UNSAFE & set(body.replace('"', "")), answer  # the quotes typer puts round each word only
        offered = bash(line, cwd=cycle)
        assert offered in (["oslo-bikes"], ["j01", "j02", "j03"])
        assert body.count('"') == 4 * len(offered), answer
        assert "x touch" in body and str(mark) in body  # the words kept, the code's characters gone
        if shutil.which("zsh"):
            # What zsh runs on <Tab>: `eval $(...)` of the answer, then _arguments evaluates the
            # ((...)) list as its source does (`eval ws\=\( "${action[3,-3]}" \)`).
            (tmp_path / "answer").write_text(answer, encoding="utf-8")
            probe = ("_arguments() { local action=${1#*: :}; local -a ws; eval ws\\=\\( \"${action[3,-3]}\" \\); print -rl -- $ws; }; "
                     f"eval $(cat {tmp_path / 'answer'})")
            ran = subprocess.run(["zsh", "-f", "-c", probe], capture_output=True, text=True, timeout=120)
            assert ran.returncode == 0 and ran.stderr == "", ran
            assert not mark.exists(), ran
            assert "x touch" in ran.stdout
