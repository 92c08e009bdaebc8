"""Issue 17, part 4: start-up at the floor. `smartaward --help` lists the commands from a static table
(cli/lazy.py) without importing their modules; a command's module is imported only when it runs or
shows its own help; the values of options and arguments are converted without pydantic where typer
would build a pydantic adapter for them (cli/values.py), with exactly typer's results and errors.

The table cannot go stale: it is compared here with what the modules register. What a subprocess
imported is read from its sys.modules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
from helpers import run
from typer._click import Context
from typer._click.utils import make_default_short_help
from typer._coercion import build_runtime_param
from typer.core import TyperCommand

from smartaward.cli import lazy, values
from smartaward.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "cases" / "base"
COMMAND_MODULES = set(lazy.command_modules())
# What no command's parsing, and no --help, needs.
HEAVY = ("pydantic", "pydantic_core", "rich", "yaml", "smartaward.api", "smartaward.model.cyclefiles")


def _child(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `code` in a new Python (the editable install's smartaward), in the base cycle's folder."""
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=BASE, timeout=120,
                          env={**os.environ, **(env or {})})


# The command line run as the console script runs it (__main__.run), then the modules it imported,
# as JSON, on stderr's last line.
RUN_AND_LIST = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))
sys.argv = ["smartaward", *sys.argv[1:]]
from smartaward.__main__ import run
run()
"""


# The same, with every command's module imported first (as before the table: typer converts them all).
LOADED_FIRST = "from smartaward.cli.lazy import load_all\nload_all()\n" + RUN_AND_LIST


def _modules_after(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    child = _child(RUN_AND_LIST, *args, env=env)
    return child, set(json.loads(child.stderr.splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m in HEAVY or m.startswith(tuple(f"{h}." for h in HEAVY)))


# --- the table is what the modules register --------------------------------------------------------

REGISTERED = """
import importlib, json, pkgutil
import smartaward.cli as package
from smartaward.cli.common import app
from smartaward.cli.lazy import command_modules
import typer.main

def names():
    commands = [(i.name or typer.main.get_command_name(i.callback.__name__), i.callback.__module__) for i in app.registered_commands]
    groups = [(g.name, g.typer_instance.registered_commands[0].callback.__module__) for g in app.registered_groups]
    return commands + groups

found = []
for module in command_modules():  # in the table's order: each module's commands in the order it registers them
    before = len(names())
    importlib.import_module(module)
    found += names()[before:]
for each in pkgutil.iter_modules(package.__path__):  # every other module of the command line registers nothing
    importlib.import_module(f"smartaward.cli.{each.name}")
print(json.dumps({"found": found, "all": sorted(names())}))
"""


def test_the_table_lists_exactly_the_commands_the_modules_register_in_their_order() -> None:
    child = _child(REGISTERED)
    assert child.returncode == 0, child.stderr
    answer = json.loads(child.stdout)
    table = [[listed.name, f"smartaward.cli.{listed.module}"] for listed in lazy.COMMANDS]
    assert answer["found"] == table
    assert answer["all"] == sorted(table)  # no module outside the table registers a command


def test_the_table_gives_each_command_its_own_short_help() -> None:
    """The stand-in --help lists is shortened exactly as the command's own help, at every width."""
    group = typer.main.get_command(app)
    for listed in lazy.COMMANDS:
        command = group.commands[listed.name]  # type: ignore[attr-defined]
        assert not command.hidden and not command.deprecated and command.short_help is None, listed.name
        assert listed.summary == make_default_short_help(command.help, 10**6), listed.name
        stand_in = TyperCommand(listed.name, help=listed.summary)
        for limit in range(1, 400):
            assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), (listed.name, limit)


def test_app_as_imported_has_every_command() -> None:
    group = typer.main.get_command(app)
    assert list(group.commands) == [listed.name for listed in lazy.COMMANDS]  # type: ignore[attr-defined]
    assert group.list_commands(Context(group)) == [listed.name for listed in lazy.COMMANDS]


# --- --help imports no command ---------------------------------------------------------------------

@pytest.mark.parametrize("columns", ["40", "80", "200"])
def test_help_imports_no_command_and_prints_what_every_command_loaded_prints(columns: str) -> None:
    child, modules = _modules_after("--help", env={"COLUMNS": columns})
    assert child.returncode == 0, child.stderr
    assert sorted(modules & COMMAND_MODULES) == []
    assert _heavy(modules) == []
    loaded = _child(LOADED_FIRST, "--help", env={"COLUMNS": columns})  # every command registered, converted by typer
    assert loaded.returncode == 0, loaded.stderr
    assert child.stdout == loaded.stdout
    assert "  cache " in child.stdout and "  explain-code " in child.stdout


def test_no_command_at_all_shows_the_help_without_importing_any() -> None:
    child, modules = _modules_after()
    assert child.returncode == 2 and child.stderr.startswith("Usage: smartaward [OPTIONS] COMMAND")
    assert "  explain-code  Print the documentation of a diagnostic code" in child.stderr
    assert sorted(modules & COMMAND_MODULES) == [] and _heavy(modules) == []


@pytest.mark.parametrize(("command", "module"), [(["winners"], "results"), (["explain-code"], "codes"), (["cache", "info"], "cache"),
                                                 (["import"], "importing"), (["judges"], "jury")])
def test_a_commands_help_imports_its_module_only(command: list[str], module: str) -> None:
    child, modules = _modules_after(*command, "--help")
    assert child.returncode == 0, child.stderr
    assert sorted(modules & COMMAND_MODULES) == [f"smartaward.cli.{module}"]
    assert _heavy(modules) == []
    assert child.stdout == _child(LOADED_FIRST, *command, "--help").stdout


def test_a_mistyped_command_is_told_the_nearest_without_loading_any() -> None:
    child, modules = _modules_after("explain-cod")
    assert child.returncode == 2
    assert "Error: No such command 'explain-cod'. Did you mean 'explain-code', 'explain'?" in child.stderr
    assert sorted(modules & COMMAND_MODULES) == []
    child, _ = _modules_after("cache", "inf")
    assert child.returncode == 2 and "No such command 'inf'. Did you mean 'info'?" in child.stderr


def test_show_completion_before_a_command_name_still_takes_the_command() -> None:
    """`smartaward --show-completion rank`: rank is a command (not a shell named), as before."""
    child, _ = _modules_after("--show-completion", "rank", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert "unknown shell" not in child.stderr


def test_command_names_complete_from_the_table() -> None:
    env = {"_SMARTAWARD_COMPLETE": "complete_bash", "COMP_WORDS": "smartaward ", "COMP_CWORD": "1"}
    child = subprocess.run([sys.executable, "-m", "smartaward"], capture_output=True, text=True, cwd=BASE, timeout=120,
                           env={**os.environ, **env})
    assert child.returncode == 0 and child.stderr == ""
    assert child.stdout.split() == [listed.name for listed in lazy.COMMANDS]
    env = {"_SMARTAWARD_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "smartaward ex"}
    child = subprocess.run([sys.executable, "-m", "smartaward"], capture_output=True, text=True, cwd=BASE, timeout=120,
                           env={**os.environ, **env})
    assert child.stdout == ("_arguments '*: :((\"explain\":\"Show how an entry''s result came about\\\\:...\"\n"
                            "\"explain-code\":\"Print the documentation of a diagnostic...\"\n"
                            "\"export\":\"Write the winners, every category''s full...\"))'\n")


# --- values without pydantic -----------------------------------------------------------------------

PARSE = """
import sys
import typer.main
from smartaward.cli.app import main
from smartaward.cli.common import app
group = typer.main.get_command(app)
context = group.make_context("smartaward", sys.argv[1:])
name, command, rest = group.resolve_command(context, context._protected_args + context.args)
command.make_context(name, rest, parent=context)  # every option and argument converted; nothing run
print(sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core")))
"""


@pytest.mark.parametrize("args", [["winners", ".", "--format", "json", "--final", "--quiet", "--no-cache"],
                                  ["rank", "--compare", "borda,median", "-f", "csv"],
                                  ["validate", ".", "cycle.yaml", "--select", "J4", "--ignore", "M301", "--strict", "-f", "github"],
                                  ["explain", "oslo-bikes", ".", "-f", "md"],
                                  ["status", "-f", "json"], ["cache", "info", "-f", "json"]])
def test_parsing_a_command_line_imports_no_pydantic(args: list[str]) -> None:
    child = _child(PARSE, *args)
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "[]"


def _parameters() -> list[tuple[str, Any, Any]]:
    """(command, parameter, its command) for every parameter of every command and the group."""
    group = typer.main.get_command(app)
    found = [("smartaward", param, group) for param in group.params]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for sub, each in (getattr(command, "commands", None) or {name: command}).items():
            found += [(f"{name} {sub}" if sub != name else name, param, each) for param in each.params]
    return found


WORDS = ["", "json", "JSON", "jsn", "text", "table", "-", "~/cycle", ".", "a b", "é", "서울", "a\x00b", "\x1b[31mred", "a\udcffb",
         "true", "no", "maybe", "1", "0"]


def _outcome(runtime: Any, value: Any, param: Any, context: Any) -> tuple[str, Any]:
    try:
        converted = runtime.coerce(value, param=param, ctx=context)
    except Exception as error:  # noqa: BLE001 - the error itself is compared
        return ("error", (type(error).__name__, getattr(error, "message", str(error))))
    return ("value", (type(converted).__name__, [(type(v).__name__, v) for v in converted] if isinstance(converted, list) else converted))


@pytest.mark.parametrize(("where", "param", "command"), _parameters(), ids=lambda x: x if isinstance(x, str) else "")
def test_each_value_is_converted_as_typer_converts_it(where: str, param: Any, command: Any) -> None:
    """Both conversions, side by side, for words and hostile words alike: the same value of the same
    type, or the same error with the same message."""
    descriptor = param.type_descriptor
    direct, own = values.runtime_param(descriptor), build_runtime_param(descriptor)
    context = Context(command, info_name=where)
    given: list[Any] = [None, True, False, *WORDS, *(member for member in _enum_members(descriptor.annotation)), Path("x"), ()]
    given += [[word] for word in WORDS] + [("json", "text"), ["a", "b"], (Path("p"), "q")]
    for value in given:
        assert _outcome(direct, value, param, context) == _outcome(own, value, param, context), (where, param.name, value)


def _enum_members(annotation: Any) -> list[Any]:
    return list(annotation) if isinstance(annotation, type) and issubclass(annotation, Enum) else []


def test_the_direct_conversion_covers_the_common_kinds() -> None:
    """Paths, words, flags and --format choices (and lists of them) never reach pydantic; numbers do."""
    kinds = {where: type(values.runtime_param(param.type_descriptor)).__name__ for where, param, _ in _parameters()
             if param.name in ("cycle", "format", "quiet", "paths", "select", "help")}
    assert kinds and set(kinds.values()) == {"DirectRuntimeParam"}
    numbers = [param for _, param, _ in _parameters() if param.type_descriptor.annotation is int]
    assert numbers and all(values.converter(param.type_descriptor) is None for param in numbers)


# --- every command still runs, with its exit codes -------------------------------------------------

def test_a_command_runs_through_the_lazy_group_with_its_exit_codes() -> None:
    child, modules = _modules_after("winners", str(BASE), "--format", "json", "--no-cache", "--quiet")
    assert child.returncode == 0, child.stderr
    assert json.loads(child.stdout) == json.loads(run("winners", BASE, "--format", "json", "--no-cache", "--quiet").stdout)
    assert sorted(modules & COMMAND_MODULES) == ["smartaward.cli.results"]
    bad, _ = _modules_after("winners", str(BASE), "--format", "jsn")
    assert bad.returncode == 2
    assert "Value error, 'jsn' is not one of 'table', 'json', 'csv', 'md', 'rst', 'latex', 'html', 'grid'; did you mean 'json'?" in bad.stderr
    nowhere, _ = _modules_after("winners", str(ROOT / "no-such-folder"))
    assert nowhere.returncode == 2
