"""docs/cli.md and the command line agree, both ways: every command (sub-commands included) and
every option (long and short names) that --help offers is documented in its command's section of
docs/cli.md, every command and option documented there exists, and each `--format` (and every other
choice list: `--table`, `KIND`) lists exactly the choices the command offers, every default the
page states is the command's and every default there is is stated, and --quiet and --no-cache are
listed with exactly the commands that take them (the others refuse them, saying why).

The command line is read by introspection (typer's click command), not by parsing --help."""

from __future__ import annotations

import re
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer

CLI_MD = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
OPTION = r"--?[a-z][a-z-]*"


def _app() -> typer.Typer:
    from smartaward.cli.app import app

    return app


def _group() -> Any:
    return typer.main.get_command(_app())


def commands() -> dict[str, Any]:
    """'validate', 'cache info', ... → the click command, as --help offers them (no hidden ones)."""
    found: dict[str, Any] = {}
    for name, command in _group().commands.items():
        if getattr(command, "hidden", False):
            continue
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found.update({f"{name} {sub}": each for sub, each in subcommands.items() if not getattr(each, "hidden", False)})
        else:
            found[name] = command
    return found


def _names(params: list[Any]) -> list[str]:
    return [opt for param in params if not getattr(param, "hidden", False) for opt in (*param.opts, *param.secondary_opts) if opt.startswith("-")]


def refused(command: Any) -> list[str]:
    """The options a command refuses with a message saying why (--quiet on explain-code): hidden,
    and documented as refused."""
    return [opt for param in command.params if getattr(param, "hidden", False) for opt in param.opts if opt.startswith("-")]


def global_options() -> list[str]:
    """The options before the command: the group's own, and --help (which every command has too)."""
    return [*_names(_group().params), "--help"]


def options(command: Any) -> list[str]:
    """A command's options, long and short names, without --help (documented once, as global)."""
    return [opt for opt in _names(command.params) if opt not in global_options()]


def _intro() -> str:
    return CLI_MD.read_text(encoding="utf-8").split("\n## ", 1)[0]


def sections() -> dict[str, str]:
    """Each command's section of docs/cli.md (from its '## `smartaward ...`' heading to the next
    '## ' heading), by command. '## `smartaward cache info|clear`' documents both sub-commands: each
    gets the section's opening and its own part, from its '**`smartaward cache SUB ...`**' line to
    the other's."""
    text = CLI_MD.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for part in re.split(r"^## ", text, flags=re.M)[1:]:
        heading = part.split("\n", 1)[0]
        match = re.match(r"`smartaward ([a-z-]+)(?: ([a-z]+(?:\|[a-z]+)+)(?=[ `]))?", heading)
        if not match:
            continue
        name, subs = match.groups()
        if name == "cache" and subs:
            pieces = re.split(r"^(?=\*\*`smartaward cache [a-z]+)", part, flags=re.M)
            for sub in subs.split("|"):
                own = [p for p in pieces if p.startswith(f"**`smartaward cache {sub}")]
                found[f"cache {sub}"] = pieces[0] + "".join(own)
        else:
            found[name] = part
    return found


def _command_lines(text: str) -> list[tuple[str, str]]:
    """Command lines written in the page — `smartaward CMD ...` anywhere, or a code span that opens
    with a command's name (`winners --format csv`) — as (command, what follows it on the line),
    without a shell comment."""
    names = sorted(commands(), key=len, reverse=True)
    pattern = re.compile(rf"(?:\bsmartaward\s+|`)({'|'.join(map(re.escape, names))})(?=[\s`]|$)([^`\n]*)", re.M)
    return [(m.group(1), m.group(2).split(" #", 1)[0]) for m in pattern.finditer(text)]


def _choices(param: Any) -> tuple[str, ...] | None:
    """The values a parameter accepts, when it is a fixed list: click's Choice (param.type.choices),
    typer's Enum annotation, or for an option taking a list of names (export's --format) the
    FILE_FORMATS its command checks the values against."""
    choices = getattr(getattr(param, "type", None), "choices", None)
    if choices is not None:
        return tuple(getattr(c, "value", c) for c in choices)
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    enum = next((a for a in (*getattr(annotation, "__args__", ()), annotation) if isinstance(a, type) and issubclass(a, Enum)), None)
    if enum is not None:
        return tuple(member.value for member in enum)
    return None


def format_choices(command: Any) -> tuple[str, ...] | None:
    option = next((p for p in command.params if "--format" in p.opts), None)
    if option is None:
        return None
    choices = _choices(option)
    if choices is None:
        module = sys.modules[getattr(command.callback, "__module__", "")]
        choices = tuple(module.FILE_FORMATS)
    return choices


def test_every_command_has_a_section_and_every_section_a_command() -> None:
    assert sorted(commands()) == sorted(sections())


def test_the_global_options_are_listed_and_exist() -> None:
    line = next(line for line in _intro().splitlines() if line.startswith("Global options"))
    assert sorted(re.findall(rf"`({OPTION})`", line)) == sorted(global_options())


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_option_of_a_command_is_in_its_section(name: str) -> None:
    section = sections()[name]
    missing = [opt for opt in options(commands()[name]) if not re.search(rf"`{re.escape(opt)}(?![a-z-])", section)]
    assert missing == []


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_option_a_section_documents_exists(name: str) -> None:
    """Every option written in backticks in a command's section is that command's own (or a global
    one), except in a command line of another command (`winners --format csv`)."""
    section = sections()[name]
    others = "|".join(re.escape(other) for other in sorted(commands(), key=len, reverse=True) if other != name)
    own_text = re.sub(rf"(?:\bsmartaward\s+|`)(?:{others})(?=[\s`])[^`\n]*", "", section)
    documented = set(re.findall(rf"`({OPTION})", own_text))
    assert sorted(documented - set(options(commands()[name])) - set(global_options()) - set(refused(commands()[name]))) == []


def test_every_command_line_in_the_page_uses_options_of_that_command() -> None:
    """`smartaward validate --strict`, `init --check`, `rank --format json`...: each option exists on
    that command, and a --format value is one of its formats."""
    text = CLI_MD.read_text(encoding="utf-8")
    wrong = []
    for name, rest in _command_lines(text):
        offered = set(options(commands()[name])) | set(global_options())
        wrong += [(name, opt) for opt in re.findall(rf"(?<![\w-])({OPTION})", rest) if opt not in offered]
        for value in re.findall(r"(?:--format|-f)[ =]([a-z]+)(?![a-z|])", rest):
            if value not in (format_choices(commands()[name]) or ()):
                wrong.append((name, f"--format {value}"))
    assert wrong == []


@pytest.mark.parametrize("name", sorted(n for n, c in commands().items() if format_choices(c) is not None))
def test_each_format_list_is_exactly_the_commands_choices(name: str) -> None:
    listed = re.findall(r"[`[]--format ([a-z]+(?:\|[a-z]+)+)[`\]]", sections()[name])
    assert listed, f"docs/cli.md: no `--format a|b|...` in the section of {name}"
    assert [tuple(each.split("|")) for each in listed] == [format_choices(commands()[name])] * len(listed)


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_other_choice_list_is_exactly_the_commands_choices(name: str) -> None:
    """An option with a fixed set of values (`--table a|b`) lists exactly them; an argument with one
    (schema's KIND, import's kind) names each value in backticks or in its heading."""
    section = sections()[name]
    for param in commands()[name].params:
        choices = _choices(param)
        if choices is None or "--format" in param.opts:
            continue
        if param.param_type_name == "option":
            listed = re.findall(rf"`{re.escape(param.opts[0])} ([a-z-]+(?:\|[a-z-]+)+)`", section)
            assert listed and all(tuple(each.split("|")) == choices for each in listed), (param.opts, listed, choices)
        else:
            heading = section.split("\n", 1)[0]
            named = set(re.findall(r"`([a-z-]+)`", section)) | set(re.findall(r"[a-z-]+", heading))
            assert set(choices) <= named, (param.name, sorted(set(choices) - named))


def test_no_page_promises_an_option_to_every_command() -> None:
    """--quiet and --no-cache are not on every command (explain-code, cache info, certify... have
    fewer): the page names exactly the commands that take them ("Taken by ..."), and every other
    command refuses the option with a message that says why (exit 2), not click's bare "No such
    option"."""
    intro = _intro()
    assert "Options of every command" not in intro
    for option in ("--quiet", "--no-cache"):
        having = sorted(name for name, command in commands().items() if option in options(command))
        bullet = intro.split(f"- `{option}`", 1)[1].split("\n- ", 1)[0].split("\n\n", 1)[0]
        taken_by = bullet.split("Taken by", 1)[1].split(".", 1)[0]
        named = sorted(set(re.findall(r"`([a-z-]+(?: [a-z]+)?)`", taken_by)) & set(commands()))
        assert named == having, option
        others = sorted(set(commands()) - set(having))
        mentioned = set(re.findall(r"`([a-z-]+(?: [a-z]+)?)`", bullet.split("Taken by", 1)[1].split(".", 1)[1]))
        assert [name for name in others if name not in mentioned and name.split()[0] not in mentioned] == [], option


@pytest.mark.parametrize("option", ["--quiet", "--no-cache"])
def test_a_command_that_does_not_take_an_option_says_why(option: str) -> None:
    from helpers import run

    for name, command in commands().items():
        if option in options(command):
            continue
        names = [p for p in command.params if option in p.opts]
        assert names and all(p.hidden for p in names), (name, option)
        result = run(*name.split(), option)
        assert result.exit_code == 2, (name, result.output)
        assert f"smartaward: {name} takes no {option}: " in result.output, (name, result.output)


# --- defaults ----------------------------------------------------------------------------------
# The page states an option's default in its bullet as `default VALUE`, `default: VALUE` or
# `the default is VALUE`, VALUE in backticks or a number: "(`-f`; default `table`)", "(default 10)".
# Other words after "default" ("default: all five", "the default is **today's date**") describe a
# default that is not one value, and are not compared.
STATED_IN_DOCS = re.compile(r"\bdefault(?: is|:)?\s+(?:`([^`\n]+)`|(-?\d+(?:\.\d+)?)(?![\w.]))")
STATED_IN_HELP = re.compile(r"\bdefault(?: is|:)?\s+([^\s;,)]+)")


def _bullet(section: str, option: str) -> str | None:
    """The text that documents `option` in a section: the bullet (`- `--top N` ...` and its indented
    lines) whose opening names it, else the first bullet that names it, else the paragraph that
    first names it (`[--format text|json]` in a sub-command's heading)."""
    bullets, lines = [], section.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("- "):
            rest = lines[i + 1:]
            end = next((k for k, each in enumerate(rest) if not each.startswith("  ")), len(rest))
            bullets.append("\n".join([line, *rest[:end]]))
    named = rf"`{re.escape(option)}(?![a-z-])"
    own = [bullet for bullet in bullets if bullet.startswith("- `")]  # the bullets of options and arguments
    for bullet in own:
        if re.search(named, re.split(r"\)?:\s|\. |\s—\s", bullet.split("\n", 1)[0], maxsplit=1)[0]):
            return bullet
    for bullet in [*own, *bullets]:
        if re.search(named, bullet):
            return bullet
    for paragraph in section.split("\n\n"):
        if re.search(rf"[`[]{re.escape(option)}(?![a-z-])", paragraph):
            return paragraph
    return None


def _code_default(param: Any) -> str | None:
    """An option's default as the page must state it, or None when there is nothing to state (no
    value, a flag that is off, an empty list)."""
    default = param.default
    if default is None or default is False or default == () or default == [] or callable(default):
        return None
    return str(getattr(default, "value", default))


def _help_default(param: Any) -> str | None:
    """The default the option's --help text states in words (an option whose value None means a
    default computed later: `--seed` "(default 0; ...)")."""
    found = STATED_IN_HELP.search(" ".join((param.help or "").split()))
    return found.group(1) if found else None


def default_problems(name: str) -> list[str]:
    command, section = commands()[name], sections()[name]
    problems = []
    for param in command.params:
        if param.param_type_name != "option" or getattr(param, "hidden", False) or param.opts[0] == "--help":
            continue
        option = param.opts[0]
        bullet = _bullet(section, option)
        if bullet is None:
            continue  # test_every_option_of_a_command_is_in_its_section says it
        stated = [a or b for a, b in STATED_IN_DOCS.findall(bullet)]
        expected = _code_default(param)
        in_help = _help_default(param)
        if expected is not None and expected not in stated:
            problems.append(f"{option}: the default {expected!r} is not stated (`default `{expected}``)")
        if expected is None and in_help is not None and "default" not in bullet.lower():
            problems.append(f"{option}: --help states a default ({in_help!r}); the page does not")
        for value in stated:
            if value != (expected if expected is not None else in_help):
                problems.append(f"{option}: the page states the default {value!r}; the command's is "
                                f"{expected if expected is not None else in_help!r}")
    return problems


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_default_the_page_states_is_the_commands(name: str) -> None:
    """Every option's default (a --format's `table`, `--top`'s 10, and a default --help states in
    words, `--seed`'s 0) is stated in its bullet, and every default the page states is the command's."""
    assert default_problems(name) == []


def test_a_wrong_default_in_the_page_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself: a page that says `--top N` (default 5) fails."""
    page = sections()
    page["stats"] = page["stats"].replace("`--top N` (default 10)", "`--top N` (default 5)")
    monkeypatch.setattr(sys.modules[__name__], "sections", lambda: page)
    assert any("--top" in problem for problem in default_problems("stats"))
