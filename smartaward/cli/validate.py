"""`smartaward validate` and `smartaward explain-code`: every problem of a cycle, and what a code means.

The work is the core API's (`smartaward.api.validate`: cycle.yaml's validate: block, select, ignore,
strict, the cache, the files named); this module parses the options, prints the report through the
output registry and maps it to an exit code.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smartaward.cli import completion
from smartaward.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    NoCacheOption,
    QuietOption,
    app,
    emit,
    format_choices,
    format_help,
    open_cache,
    usage_error,
)

if TYPE_CHECKING:
    ValidateFormat = Any  # for mypy; at run time, the registry's formats as an Enum (the --format choices)
else:
    ValidateFormat = format_choices("diagnostics", "ValidateFormat")


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="PATH", help="Cycle folders or files inside them (default: the current folder).", autocompletion=completion.paths)] = None,
    format: Annotated[ValidateFormat | None, typer.Option(
        "--format", "-f", show_default=False, help=format_help(
            "diagnostics", lead="Output format (default: text; github when GITHUB_ACTIONS=true)", md="the text in a code block",
            github="workflow commands"))] = None,
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="CODE", autocompletion=completion.code_list,
        help="Report only these codes or code prefixes (J401, J4, J); repeat, or separate with commas. Replaces the cycle's "
             "validate: select.")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="CODE", autocompletion=completion.code_list,
        help="Never report these codes or code prefixes; repeat, or separate with commas. Added to the cycle's validate: ignore.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    against: Annotated[Path | None, typer.Option(
        "--against", metavar="FILE", autocompletion=completion.paths,
        help="Also fail (exit 1) if the results differ from those of this record (smartaward certify's), "
                                          "naming each; the input files may change. One cycle only.")] = None,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Check every file of a cycle and every reference between them; report every problem at once.

    Exit 0 when there are no errors, 1 when there is at least one (or a warning with --strict),
    2 when the command is misused. Naming files limits the report to them (and to problems in
    cycle.yaml and judges.yaml), still checked in the context of the whole cycle. cycle.yaml's
    validate: block (select, ignore, strict) applies too; the options add to it. With --against,
    also exit 1 when the cycle's results differ from a certified record's (smartaward certify).
    """
    from os import environ

    from smartaward.api import CycleNotFound, UnknownCode
    from smartaward.api import validate as validate_paths
    from smartaward.reading.files import printable
    from smartaward.render.progress import progress_bar

    if format is None:
        format = ValidateFormat.github if environ.get("GITHUB_ACTIONS") == "true" else ValidateFormat.text
    if against is not None:  # one cycle, and a record: said before validating
        from smartaward.cli.certify import against_record, check_against

        root, record, shown = against_record(paths or [Path(".")], against)
    cache = open_cache(no_cache)
    try:
        with progress_bar(quiet) as progress:
            report = validate_paths(paths or [Path(".")], select=select, ignore=ignore, strict=strict, cache=cache, progress=progress)
    except (UnknownCode, CycleNotFound) as exc:
        raise usage_error(str(exc)) from None
    for path in report.skipped:
        # A file named outside any cycle (pre-commit passes every changed YAML file, workflow
        # files too) is not ours to judge: skipped, and said so; a folder outside one is misuse.
        print(f"smartaward: {printable(str(path))}: not in a cycle folder (no cycle.yaml here or above); skipped", file=sys.stderr)
    emit("diagnostics", format, (report.diagnostics, report.files), quiet=quiet)
    failed = report.failed
    if against is not None:
        failed = check_against(root, record, shown, github=format == ValidateFormat.github, quiet=quiet) or failed
    raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)
