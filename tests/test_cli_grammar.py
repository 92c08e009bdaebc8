"""One command-line grammar (issue 15): `--debug` before or after the command; `--quiet` where it
means something (and a clear refusal where it does not); the two families of `--format` (every
table the same eight, every report text|json|md); an option given with a format it does not shape
is misuse (exit 2), never silently ignored."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import typer
from helpers import run

from smartaward.cli import app as cli_app
from smartaward.cli.common import debug_first
from smartaward.render.registry import REGISTRY, REPORT, REPORT_KINDS, TABULAR, TABULAR_KINDS, fenced, formats

BASE = Path(__file__).resolve().parent / "cases" / "base"
README = Path(__file__).resolve().parent.parent / "README.md"


# --- --debug ---------------------------------------------------------------------------------------

def test_debug_is_moved_before_the_command_wherever_it_is_written() -> None:
    assert debug_first(["rank", "x", "--debug"]) == ["--debug", "rank", "x"]
    assert debug_first(["--debug", "rank", "--debug"]) == ["--debug", "rank"]
    assert debug_first(["validate", "--", "--debug"]) == ["validate", "--", "--debug"]  # a path after --
    assert debug_first(["rank"]) == ["rank"]


def _crash(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a bug")


@pytest.mark.parametrize("argv", [["--debug", "rank"], ["rank", "--debug"], ["rank", str(BASE), "--quiet", "--debug"]])
def test_debug_after_the_command_shows_the_traceback(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`smartaward rank --debug`: the internal error is raised (its traceback shown), not summed up."""
    monkeypatch.setattr("smartaward.cli.common.published_results", _crash)  # what rank calls (issue 17)
    monkeypatch.setattr(sys, "argv", ["smartaward", *argv])
    with pytest.raises(RuntimeError, match="a bug"):
        cli_app.main()


def test_without_debug_an_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("smartaward.cli.common.published_results", _crash)  # what rank calls (issue 17)
    monkeypatch.setattr(sys, "argv", ["smartaward", "rank", str(BASE)])
    with pytest.raises(SystemExit) as stop:
        cli_app.main()
    assert stop.value.code == 3
    assert "internal error" in capsys.readouterr().err


def test_debug_after_the_command_on_a_sub_command() -> None:
    assert run("cache", "info", "--debug").exit_code == 0
    assert run("rank", BASE, "--debug", "--quiet", "--no-cache").exit_code == 0


# --- --quiet where it means something ------------------------------------------------------------------

def test_init_quiet_prints_nothing(tmp_path: Path) -> None:
    new = tmp_path / "prize"
    done = run("init", new, "--quiet")
    assert done.exit_code == 0 and done.output == ""
    assert (new / "cycle.yaml").is_file()
    assert run("init", new, "--check", "-q").output == ""  # clean: nothing to list
    (new / "entries" / "extra.yaml").write_text((new / "entries").joinpath(sorted(p.name for p in (new / "entries").iterdir())[0])
                                                .read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    stale = run("init", new, "--check", "--quiet")
    assert stale.exit_code == 1
    assert len(stale.stdout.splitlines()) == 1 and "extra.yaml" in stale.stdout  # the file, no ✗ summary
    fixed = run("init", new, "--quiet")
    assert fixed.exit_code == 0 and fixed.output == ""


def test_schema_quiet(tmp_path: Path) -> None:
    written = run("schema", "--out", tmp_path / "s", "--quiet")
    assert written.exit_code == 0 and written.output == ""
    assert len(list((tmp_path / "s").iterdir())) == 5
    listed = run("schema", "-q")
    assert listed.exit_code == 0 and "cycle" in listed.stdout and "smartaward init" not in listed.stdout
    assert run("schema", "cycle", "--quiet").stdout.startswith("{")


def test_certify_and_verify_quiet(tmp_path: Path) -> None:
    cycle = tmp_path / "c"
    shutil.copytree(BASE, cycle)
    certified = run("certify", cycle, "--by", "Ana Lima, chair", "--on", "2025-01-02", "--quiet")
    assert certified.exit_code == 0, certified.output
    verified = run("verify", cycle, "-q", "-f", "json")
    assert verified.exit_code == 0 and verified.stdout.startswith("{")
    md, text = run("verify", cycle, "-q", "-f", "md"), run("verify", cycle, "-q")
    assert md.exit_code == 0 and _is_fenced(md.stdout) and md.stdout.splitlines()[1:-1] == text.stdout.splitlines()


@pytest.mark.parametrize("argv, says", [
    (["explain-code", "M301", "--quiet"], "explain-code takes no --quiet: "),
    (["explain-code", "M301", "-q"], "explain-code takes no --quiet: "),
    (["explain-code", "M301", "--no-cache"], "explain-code takes no --no-cache: "),
    (["cache", "info", "--quiet"], "cache info takes no --quiet: "),
    (["schema", "--no-cache"], "schema takes no --no-cache: "),
    (["init", "--no-cache"], "init takes no --no-cache: "),
    (["certify", str(BASE), "--by", "A B, chair", "--no-cache"], "certify takes no --no-cache: "),
    (["verify", str(BASE), "--no-cache"], "verify takes no --no-cache: "),
])
def test_an_option_a_command_does_not_take_is_refused_with_the_reason(argv: list[str], says: str) -> None:
    result = run(*argv)
    assert result.exit_code == 2
    assert f"smartaward: {says}" in result.output
    assert "No such option" not in result.output


# --- the two families of --format --------------------------------------------------------------------------

def test_every_tabular_document_offers_the_same_formats() -> None:
    assert {kind: formats(kind) for kind in TABULAR_KINDS} == {kind: TABULAR for kind in TABULAR_KINDS}


def test_every_report_offers_text_json_md() -> None:
    assert {kind: formats(kind)[:3] for kind in REPORT_KINDS} == {kind: REPORT for kind in REPORT_KINDS}
    assert formats("diagnostics") == (*REPORT, "github", "sarif")
    assert set(REGISTRY) == set(TABULAR_KINDS) | set(REPORT_KINDS)


def test_readme_names_exactly_the_two_families() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert f"`--format {'|'.join(TABULAR)}`" in text
    assert f"`--format {'|'.join(REPORT)}`" in text
    assert "Every table prints as" not in text


def test_fenced_is_a_code_block_no_backtick_run_can_close() -> None:
    assert fenced("a\n") == "```text\na\n```\n"
    assert fenced("no newline") == "```text\nno newline\n```\n"
    assert fenced("x ``` y ```` z\n") == "`````text\nx ``` y ```` z\n`````\n"
    assert fenced("") == ""


def _is_fenced(out: str) -> bool:
    lines = out.splitlines()
    opening = re.fullmatch(r"(`{3,})text", lines[0])
    return opening is not None and lines[-1] == opening.group(1) and len(lines) > 2


@pytest.mark.parametrize("argv", [
    ["explain", "baguio-health", str(BASE)],
    ["status", str(BASE)],
    ["validate", str(BASE)],
    ["assign", str(BASE), "--per-entry", "2", "--dry-run"],
])
def test_md_of_a_report_is_its_text_in_a_code_block(argv: list[str]) -> None:
    md = run(*argv, "--format", "md", "--no-cache")
    text = run(*argv, "--format", "text", "--no-cache")
    assert md.exit_code == text.exit_code == 0, md.output
    assert _is_fenced(md.stdout), md.stdout
    assert md.stdout.splitlines()[1:-1] == text.stdout.splitlines()


def test_cache_info_md() -> None:
    md = run("cache", "info", "-f", "md")
    assert md.exit_code == 0 and _is_fenced(md.stdout)
    assert md.stdout.splitlines()[1:-1] == run("cache", "info").stdout.splitlines()


def test_quiet_md_prints_what_quiet_text_prints() -> None:
    assert run("validate", BASE, "-f", "md", "-q", "--no-cache").stdout == ""


# --- an option that does not apply to the format ----------------------------------------------------------

@pytest.mark.parametrize("argv, option, applies", [
    (["judges", str(BASE), "-t", "panels", "-f", "json"], "--table", "table, csv, md, rst, latex, html and grid"),
    (["stats", str(BASE), "--top", "3", "-f", "json"], "--top", "table, md, rst, latex, html and grid"),
    (["stats", str(BASE), "--top", "3", "-f", "csv"], "--top", "table, md, rst, latex, html and grid"),
])
def test_an_option_with_a_format_it_does_not_shape_is_misuse(argv: list[str], option: str, applies: str) -> None:
    result = run(*argv, "--no-cache")
    assert result.exit_code == 2, result.output
    assert f"smartaward: {option} applies only to --format {applies}, not to " in result.output
    assert result.stdout == ""


@pytest.mark.parametrize("argv", [
    ["judges", str(BASE), "-t", "disagreements", "-f", "csv"],
    ["judges", str(BASE), "-t", "disagreements"],  # the terminal table honours -t (issue 15)
    ["judges", str(BASE), "--table", "judges", "--format", "table"],
    ["judges", str(BASE), "-t", "panels", "-f", "md"],
    ["judges", str(BASE)],
    ["judges", str(BASE), "-f", "json"],
    ["stats", str(BASE), "--top", "3", "-f", "md"],
    ["stats", str(BASE), "--top", "3"],
    ["stats", str(BASE), "-f", "csv"],
])
def test_the_same_option_with_a_format_it_shapes_is_fine(argv: list[str]) -> None:
    assert run(*argv, "--no-cache").exit_code == 0


def test_export_include_with_only_the_winners_page_is_misuse(tmp_path: Path) -> None:
    refused = run("export", BASE, "--to", tmp_path / "out", "--format", "html", "--include", "marks", "--no-cache")
    assert refused.exit_code == 2
    assert "--include marks applies only to --format csv, xlsx, json and md, not to html" in refused.output
    assert not (tmp_path / "out").exists()
    done = run("export", BASE, "--to", tmp_path / "out", "--format", "html,csv", "--include", "marks", "--no-cache", "-q")
    assert done.exit_code == 0 and (tmp_path / "out" / "marks.csv").is_file()


def test_every_command_has_the_completion_options_on_the_app() -> None:
    group = typer.main.get_command(cli_app.app)
    names = {opt for param in group.params for opt in param.opts}
    assert {"--install-completion", "--show-completion", "--debug", "--version"} <= names


# --- one name for each argument in --help (issue 15, the newcomer's findings) ------------------------

def _usage_and_arguments(*command: str) -> str:
    return run(*command, "--help", env={"COLUMNS": "300"}).stdout


def test_the_cycle_argument_has_one_name_everywhere() -> None:
    """`cycle <path>` (rank...), `CYCLE <path>` (init), `[[CYCLE]]` (import): now CYCLE in every
    command's Arguments, [CYCLE] in its usage line."""
    group = typer.main.get_command(cli_app.app)
    named = 0
    for name, command in group.commands.items():
        for sub, each in (getattr(command, "commands", None) or {name: command}).items():
            words = (name, sub) if sub != name else (name,)
            shown = _usage_and_arguments(*words)
            assert "[[" not in shown and "<list[" not in shown, (words, shown)
            if any(param.name in ("cycle", "path") and param.param_type_name == "argument" for param in each.params):
                named += 1
                assert "[CYCLE]" in shown.splitlines()[0], (words, shown.splitlines()[0])
                assert re.search(r"^  CYCLE <path>", shown, re.M), (words, shown)
                assert not re.search(r"^  cycle ", shown, re.M)
    assert named >= 12


def test_validate_names_its_paths_without_a_python_type() -> None:
    shown = _usage_and_arguments("validate")
    assert "[PATH]..." in shown.splitlines()[0]
    assert re.search(r"^  PATH <path>", shown, re.M) and "list[Path]" not in shown


# --- a reader that stops early is no problem in the files ---------------------------------------------

def _program() -> list[str]:
    script = Path(sys.executable).parent / "smartaward"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "smartaward"]


@pytest.mark.parametrize("argv, code", [(["validate"], 0), (["rank", "-f", "json"], 0), (["judges"], 0),
                                        (["validate", "--select", "Q"], 2), (["schema", "cycle"], 0)])
def test_a_closed_pipe_keeps_the_commands_exit_code(argv: list[str], code: int) -> None:
    """`smartaward validate | head -1` exited 1 (click's answer to BrokenPipeError), as if the files
    had problems: the reader is gone before the first line here (its end closed at once), and the
    exit code is the command's own, with nothing on stderr but what the command says itself."""
    import subprocess

    where = [] if argv[0] == "schema" else [str(BASE)]  # schema writes bytes straight to stdout's buffer, and reads no cycle
    child = subprocess.Popen([*_program(), *argv, *where], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # `head -1` done
    err = child.stderr.read()
    assert child.wait(timeout=120) == code, err
    assert "Traceback" not in err and "Broken pipe" not in err and "BrokenPipe" not in err
    assert (err == "") == (code == 0), err


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None, reason="no bash or head")
def test_validate_piped_to_head_exits_as_validate() -> None:
    """The tester's line, in a shell with pipefail: the pipeline's status is validate's."""
    import subprocess

    command = " ".join(f"'{part}'" for part in _program())
    line = f"set -o pipefail; {command} judges -f json '{BASE}' | head -1; {command} validate '{BASE}' | head -1"
    done = subprocess.run(["bash", "-c", line], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done
    assert done.stderr == ""


# --- "did you mean" for option values -----------------------------------------------------------------

def test_an_unknown_compare_method_gets_the_nearest() -> None:
    refused = run("rank", BASE, "--compare", "borad", "--no-cache")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert "unknown method 'borad'" in refused.output and "did you mean 'borda'?" in refused.output
    trimmed = run("rank", BASE, "--compare", "trimed-mean:2", "--no-cache")
    assert trimmed.exit_code == 2 and "did you mean 'trimmed-mean'" in trimmed.output
    far = run("rank", BASE, "--compare", "zzz", "--no-cache")
    assert far.exit_code == 2 and "did you mean" not in far.output and "choose from mean" in far.output


@pytest.mark.parametrize("argv, hint", [
    (["explain", "x", "--format", "jsn"], "did you mean 'json'?"),
    (["explain", "x", "--format", "table"], "did you mean 'text'?"),
    (["stats", "--format", "text"], "did you mean 'table'?"),
    (["rank", "-f", "tabel"], "did you mean 'table'?"),
    (["judges", "-t", "disagrements"], "did you mean 'disagreements'?"),
    (["import", "entires", "f.csv"], "did you mean 'entries'?"),
    (["schema", "entri"], "did you mean 'entry'?"),
])
def test_a_value_not_among_the_choices_gets_the_nearest(argv: list[str], hint: str) -> None:
    """Click's choice error, on every command (one hook in the group): the nearest choice added."""
    refused = run(*argv)
    assert refused.exit_code == 2
    assert "is not one of" in refused.output and hint in refused.output, refused.output


def test_a_value_near_no_choice_keeps_the_list() -> None:
    refused = run("explain", "x", "--format", "qqqqq")
    assert refused.exit_code == 2 and "is not one of 'text', 'json', 'md'." in refused.output
    assert "did you mean" not in refused.output


# --- issue 15 (final review): typer's internals only where pinned; format help from the registry


def test_the_cli_imports_no_private_click_module_and_pins_typer() -> None:
    """`typer._click` is absent from older typers: the choice error is caught as typer.BadParameter;
    the internals still used (completion, type_descriptor, the choice error's wording) are pinned."""
    root = Path(__file__).resolve().parent.parent
    for source in (root / "smartaward" / "cli").glob("*.py"):
        assert "typer._click" not in source.read_text(encoding="utf-8"), source
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"typer>=0\.29,<0\.30"', pyproject)
    assert run("rank", "--format", "jsn").exit_code == 2
    assert "did you mean 'json'" in run("rank", "--format", "jsn").output


_REGISTRY_FORMATS = [("validate",), ("rank",), ("winners",), ("explain",), ("judges",), ("stats",), ("status",), ("diff",),
                     ("progress",), ("assign",), ("packets",), ("certify",), ("verify",), ("import",), ("cache", "info")]


def test_every_format_help_is_written_by_format_help() -> None:
    """The --format help was written by hand in eight commands (and patched with .replace in
    packets): each now comes from cli/common.py format_help, naming exactly its choices in order."""
    root = Path(__file__).resolve().parent.parent / "smartaward" / "cli"
    for source in root.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        if source.name != "common.py":
            assert 'help="Output format' not in text and "format_help(" + '"packets").replace' not in text, source
    for command in _REGISTRY_FORMATS:
        shown = " ".join(run(*command, "--help", env={"COLUMNS": "400"}).stdout.split())
        found = re.search(r"--format <([a-z|]+)> (.+?)(?: \[default| -[a-z-]+ | --[a-z])", shown)
        assert found, (command, shown)
        choices, help_ = found[1].split("|"), found[2]
        named = re.sub(r"\(default: [^)]*\)", "", help_)  # validate's default, before its list
        listed = [word for word in re.findall(r"(?:: |, | or )([a-z]+)", named) if word in choices]
        assert listed == choices and f" or {choices[-1]}" in help_, (command, help_)



def _jury_less_cycle(root: Path) -> Path:
    shutil.copytree(Path(__file__).parent / "cases" / "base", root)
    shutil.rmtree(root / "scores")
    (root / "judges.yaml").unlink()
    return root


def test_import_takes_the_same_cycle_as_argument_and_as_cycle_option(tmp_path: Path) -> None:
    """`import judges jury.csv tiny/ --cycle tiny/cycle.yaml` said "the cycle is given twice": the two
    name one cycle; only two different cycles are misuse."""
    jury = Path(__file__).parent / "fixtures" / "messy" / "jury.csv"
    tiny = _jury_less_cycle(tmp_path / "tiny")
    same = run("import", "judges", jury, tiny, "--cycle", tiny / "cycle.yaml", "--dry-run")
    assert same.exit_code == 0, same.output
    other = _jury_less_cycle(tmp_path / "other")
    twice = run("import", "judges", jury, tiny, "--cycle", other, "--dry-run")
    assert twice.exit_code == 2 and "given twice" in twice.output


@pytest.mark.parametrize(("argv", "says"), [
    (["explain", "x", "--format", "latex"], "latex is a table format; explain prints text, json or md"),
    (["cache", "info", "-f", "csv"], "csv is a table format; cache info prints text, json or md"),
    (["validate", "-f", "html"], "html is a table format; validate prints text, json, md, github or sarif"),
    (["rank", "-f", "sarif"], "sarif is a format of validate; rank prints table, json, csv, md, rst, latex, html or grid"),
    (["explain", "x", "--format", "table"], "did you mean 'text'? (table is a table format; explain prints text, json or md)"),
    (["stats", "--format", "text"], "did you mean 'table'? (text is a report format; stats prints"),
])
def test_a_format_of_the_other_family_says_what_it_is(argv: list[str], says: str) -> None:
    """`explain -f latex` suggested 'text' for its spelling: it now says latex is a table's format."""
    done = run(*argv)
    assert done.exit_code == 2
    shown = " ".join(done.output.split())
    assert says in shown, shown
    assert "did you mean 'text'" not in shown or argv[-1] == "table"


@pytest.mark.parametrize("command", [("explain",), ("explain-code",), ("diff",), ("import",), ("schema",), ("rank",)])
def test_every_usage_line_names_its_arguments_in_capitals(command: tuple[str, ...]) -> None:
    """`explain [OPTIONS] {entry} [CYCLE]` beside `diff [OPTIONS] {OLD} [NEW]`: one way to name them."""
    usage = run(*command, "--help").stdout.splitlines()[0]
    arguments = re.findall(r"[{\[]([A-Za-z_]+)[}\]]", usage.replace("[OPTIONS]", ""))
    assert arguments and all(name.isupper() for name in arguments), usage
