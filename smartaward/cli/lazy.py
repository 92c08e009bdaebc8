"""The commands, each loaded when it is used: `smartaward --help` and the shell's completion of a
command's name read a static table (COMMANDS) instead of importing every command's module and
turning every command's signature into click's options (most of the start-up of the command line
before this: --help now costs little more than importing typer).

A command's module is imported, and its command converted, only when the command runs or shows its
own --help (LazyGroup.get_command). The table cannot go stale: tests/test_startup.py compares it with
what the modules register (names, the order --help lists them in, the short help).

Every command's values are converted without pydantic where they can be (values.py).
"""

from __future__ import annotations

from gettext import gettext as _
from importlib import import_module
from typing import TYPE_CHECKING, Any, NamedTuple

from typer.core import TyperGroup

from smartaward.cli import values

if TYPE_CHECKING:
    import typer


class Listed(NamedTuple):
    """A command as --help lists it, without its module: its name, the module under smartaward.cli
    that registers it, and its summary (the first sentence of its help, which --help shortens)."""

    name: str
    module: str
    summary: str


# In the order --help lists them.
COMMANDS: tuple[Listed, ...] = (
    Listed("validate", "validate", "Check every file of a cycle and every reference between them; report every problem at once."),
    Listed("rank", "results", "Rank the entries of every category under the cycle's declared judging rules."),
    Listed("winners", "results", "Allocate every award: slots in order of precedence, filled down each category's ranking."),
    Listed("explain", "results", "Show how an entry's result came about: every mark, which were excluded and why (conflict, trim, round, "
                                 "observer), normalisation, the aggregation, the rank and tie-break, the award."),
    Listed("assign", "assign", "Assign judges to the entries of a round: K judges per entry, loads as even as caps allow."),
    Listed("packets", "packets", "Write each judge's packet for a round: the entries the round's assignment file gives them."),
    Listed("status", "status", "Say whether the results are final or provisional, and list what is still open, per call and round."),
    Listed("progress", "progress", "Show the judging progress of each round with an assignment file (assignments/ROUND.yaml)."),
    Listed("certify", "certify", "Seal a final result: write a record of every input file's SHA-256, the rules as applied, every ranking, "
                                 "award and recorded decision, and who certified it, with a hash over the whole record."),
    Listed("verify", "certify", "Check that the files still give exactly what a record certified: re-derive everything from them."),
    Listed("diff", "diff", "Show what changed between two versions of a cycle: the files, every mark and rule, and every rank and award "
                           "that changed hands, with the marks and rules responsible."),
    Listed("explain-code", "codes", "Print the documentation of a diagnostic code: what it means, how to fix it, and a failing and a "
                                    "passing example (all of them: docs/diagnostics.md)."),
    Listed("schema", "editor", "Print the JSON Schema (draft 2020-12) of a kind of cycle file, for editors and other tools."),
    Listed("init", "editor", "Set a cycle up for YAML editors (schemas in CYCLE/.schema/, a modeline atop each YAML file), or start a new "
                             "cycle in a new or empty folder."),
    Listed("export", "export", "Write the winners, every category's full ranking and the result's status to files in a folder."),
    Listed("feedback", "feedback", "Write a report per entry for its entrant: the stage it reached, its score and rank per round, the "
                                   "criterion means, the distance to the shortlist's cut or the award line, and every judge's marks and "
                                   "comment under a pseudonym (\"Judge A\")."),
    Listed("import", "importing", "Turn a spreadsheet of applications (entries), of marks (scores) or the jury list (judges) into cycle "
                                  "files."),
    Listed("judges", "jury", "Judge statistics and panel agreement: per judge the marks, mean, spread, leniency against the other "
                             "judges, correlation with the consensus, trimmed marks, conflicts and home-country marks; per call and "
                             "round Krippendorff's alpha and Kendall's W; flags for outlying judges and for entries the judges disagree "
                             "on (to discuss before the results are final)."),
    Listed("stats", "stats", "The headline figures of a cycle: \"216 applications from 123 cities in 58 countries; 20 awards\"."),
    Listed("cache", "cache", "Show where the cache is and what it holds (info), or remove its records (clear)."),
)

_BY_NAME = {listed.name: listed for listed in COMMANDS}
PACKAGE = "smartaward.cli"


def command_modules() -> list[str]:
    """The modules that register the commands, each once, in the order --help lists their commands."""
    return list(dict.fromkeys(f"{PACKAGE}.{listed.module}" for listed in COMMANDS))


def load_all() -> None:
    """Import every command's module: each registers its commands on the app (for the tests and
    tools that read every command of `smartaward.cli.app.app`)."""
    for module in command_modules():
        import_module(module)


class LazyGroup(TyperGroup):
    """typer's group of commands, with the commands not yet loaded listed from COMMANDS. Those
    already registered when the group is made (every one, once load_all has run) are converted by
    typer as usual; the others when first asked for. Each is prepared (`prepared`) either way.
    The values of every command are converted without pydantic where they can be (values.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        values.install()
        super().__init__(*args, **kwargs)
        for name, command in list(self.commands.items()):
            self.commands[name] = self.prepared(command)

    def registry(self) -> typer.Typer:
        """The Typer app that the command modules register their commands on."""
        raise NotImplementedError

    def prepared(self, command: Any) -> Any:
        """A command as typer converted it, made ready to run (the app's own touches: common.py)."""
        return command

    def list_commands(self, ctx: Any) -> list[str]:
        listed = [listed.name for listed in COMMANDS]
        return listed + [name for name in self.commands if name not in _BY_NAME]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in _BY_NAME:
            command = self._load(cmd_name)
        return command

    def _load(self, name: str) -> Any:
        """Import the module of the command `name` and convert that command (only that one)."""
        import typer.main

        import_module(f"{PACKAGE}.{_BY_NAME[name].module}")
        app = self.registry()
        short, markup = app.pretty_exceptions_short, app.rich_markup_mode  # as typer converts the app's commands
        command: Any = None
        for info in app.registered_commands:
            if info.callback is not None and (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
                command = typer.main.get_command_from_info(info, pretty_exceptions_short=short, rich_markup_mode=markup)
        for group in app.registered_groups:
            if group.name == name:
                command = typer.main.get_group_from_info(group, pretty_exceptions_short=short, rich_markup_mode=markup,
                                                         suggest_commands=app.suggest_commands)
        if command is None:  # a module that does not register what the table says: tests/test_startup.py
            return None
        self.commands[name] = self.prepared(command)
        return self.commands[name]

    def listed(self, ctx: Any) -> list[tuple[str, Any]]:
        """(name, command) of every command not hidden, in --help's order: the command itself once
        loaded, else a stand-in that gives the same short help (click shortens the summary exactly as
        it shortens the whole help: to its first sentence, then to the width)."""
        from typer.core import TyperCommand

        found = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None and name in _BY_NAME:
                command = TyperCommand(name, help=_BY_NAME[name].summary)
            if command is not None and not command.hidden:
                found.append((name, command))
        return found

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The Commands section of --help, as typer writes it, from the table: no module imported."""
        commands = self.listed(ctx)
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _command in commands)
            rows = [(name, command.get_short_help_str(limit)) for name, command in commands]
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """The command names (with their short help) that complete `incomplete`, then the group's
        options: as typer answers, from the table."""
        from typer.core import CompletionItem

        found = [CompletionItem(name, help=command.get_short_help_str()) for name, command in self.listed(ctx)
                 if name.startswith(incomplete)]
        options: list[Any] = super(TyperGroup, self).shell_complete(ctx, incomplete)  # the group's options: click's own
        return found + options

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        """typer's, with "Did you mean" chosen among every command, loaded or not."""
        from difflib import get_close_matches

        from typer._coercion import UsageError  # click's, which typer keeps to itself

        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as error:
            if self.suggest_commands and args:
                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    error.message = f"{error.message.rstrip('.')}. Did you mean {', '.join(repr(m) for m in matches)}?"
            raise
