"""docs/cli.md and the command line agree, both ways: every command and every option that --help
offers is documented in its command's section of docs/cli.md, every command and option documented
there exists, and each `--format` lists exactly the choices the command offers.

The command line is read by introspection (typer's click command), not by parsing --help."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer

from smartaward.cli.app import app

CLI_MD = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
GLOBAL = {"--version", "--debug", "--help"}


def commands() -> dict[str, Any]:
    """'validate', 'cache info', ... → the click command."""
    found: dict[str, Any] = {}
    for name, command in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found.update({f"{name} {sub}": each for sub, each in subcommands.items()})
        else:
            found[name] = command
    return found


def sections() -> dict[str, str]:
    """Each command's section of docs/cli.md (from its `## \\`smartaward ...\\`` heading to the next
    `## ` heading), by command: '## `smartaward cache info|clear`' documents both sub-commands."""
    text = CLI_MD.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    parts = re.split(r"^## ", text, flags=re.M)
    for part in parts[1:]:
        heading = part.split("\n", 1)[0]
        match = re.match(r"`smartaward ([a-z-]+)(?: ([a-z|]+))?", heading)
        if not match:
            continue
        name, sub = match.groups()
        if sub and "|" in sub and name == "cache":
            for each in sub.split("|"):
                found[f"{name} {each}"] = part
        else:
            found[name] = part
    return found


def options(command: Any) -> list[str]:
    return [opt for param in command.params for opt in (*param.opts, *param.secondary_opts)
            if opt.startswith("-") and opt not in GLOBAL]


def documented_options(section: str) -> set[str]:
    """The options a section documents: those that open a bullet (`- \\`--x ...\\``, `-q`) or a
    bullet's parenthesis, and every `--x` or `-x` written in backticks."""
    return set(re.findall(r"`(--?[a-z][a-z-]*)", section))


def test_every_command_has_a_section_and_every_section_a_command() -> None:
    assert sorted(commands()) == sorted(sections())


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_option_of_a_command_is_in_its_section(name: str) -> None:
    section = sections()[name]
    missing = [opt for opt in options(commands()[name]) if f"`{opt}" not in section]
    assert missing == []


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_option_a_section_documents_exists(name: str) -> None:
    """Options documented as the start of a bullet (`- \\`--x` or `- \\`-x`) are the command's own."""
    section = sections()[name]
    offered = set(options(commands()[name]))
    bullets = re.findall(r"^- `(--?[a-z][a-z-]*)", section, flags=re.M)
    bullets += re.findall(r"^- `--[a-z-]+[^`]*` \(`(-[a-z])`\)", section, flags=re.M)
    assert sorted(set(bullets) - offered) == []


def _format_choices(command: Any) -> tuple[str, ...] | None:
    option = next((p for p in command.params if "--format" in p.opts), None)
    if option is None:
        return None
    annotation = option.type_descriptor.annotation
    enum = next((a for a in (*getattr(annotation, "__args__", ()), annotation) if isinstance(a, type) and issubclass(a, Enum)), None)
    return tuple(member.value for member in enum) if enum is not None else None


@pytest.mark.parametrize("name", sorted(n for n, c in commands().items() if _format_choices(c) is not None))
def test_each_format_list_is_exactly_the_commands_choices(name: str) -> None:
    listed = re.search(r"[`[]--format ([a-z|]+)[`\]]", sections()[name])
    assert listed is not None, f"docs/cli.md: no `--format a|b|...` in the section of {name}"
    assert tuple(listed.group(1).split("|")) == _format_choices(commands()[name])


def test_no_page_promises_an_option_to_every_command() -> None:
    """--quiet and --no-cache are not on every command (schema, init, explain-code, cache have
    fewer): the page says which commands take them."""
    text = CLI_MD.read_text(encoding="utf-8")
    assert "Options of every command" not in text
    for option in ("--quiet", "--no-cache"):
        having = sorted(name for name, command in commands().items() if option in options(command))
        intro = text.split("## ", 1)[0]
        assert all(f"`{name}`" in intro.split(f"`{option}`", 1)[1].split("\n\n", 1)[0] for name in having), (option, having)
