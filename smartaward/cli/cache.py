"""`smartaward cache info|clear`: where the cache is, whether it is used, what it holds; emptying it.

The work is in the core (cache.survey, cache.clear); this module parses the options, renders and
maps the outcome to an exit code. It registers the `cache` sub-app on `app` when cli.py imports it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smartaward.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, QuietOption, app, emit, format_choices, format_help, not_taken

cache_app = typer.Typer(
    name="cache",
    help="Show where the cache is and what it holds (info), or remove its records (clear).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.add_typer(cache_app, name="cache")


if TYPE_CHECKING:
    InfoFormat = Any  # for mypy; at run time, the registry's formats as an Enum (the --format choices)
else:
    InfoFormat = format_choices("cache", "InfoFormat")


@cache_app.command("info")
def info(
    format: Annotated[InfoFormat, typer.Option("--format", "-f", help=format_help("cache"))] = InfoFormat.text,
    _quiet: Annotated[bool, not_taken("--quiet", "cache info", "what it prints is the answer")] = False,
    _no_cache: Annotated[bool, not_taken("--no-cache", "cache info", "it looks at the cache itself")] = False,
) -> None:
    """Where the cache folder is, whether it is used (and if not, why), its records and their size,
    and the size limit (SMARTAWARD_CACHE_MAX_MB). Exit 0; the answer is in the output."""
    from smartaward.reading.cache import survey

    emit("cache", format, survey())
    raise typer.Exit(EXIT_OK)


@cache_app.command("clear")
def clear(
    quiet: QuietOption = False,
    _no_cache: Annotated[bool, not_taken("--no-cache", "cache clear", "it empties the cache itself")] = False,
) -> None:
    """Remove the cache's records, and nothing else: other files in the folder, and whatever a link
    in it leads to, are left alone. Exit 1 if something could not be removed (or the folder is
    another user's, which is not touched), 2 if the cache's location is a file, not a folder."""
    from smartaward.reading.cache import clear as clear_cache
    from smartaward.reading.cachefolder import shown
    from smartaward.render.cache import plural, size

    done = clear_cache()
    where = shown(done.location)
    if done.refused is not None:
        print(f"smartaward: {done.refused}", file=sys.stderr)
        # A file where the folder should be is a setting to correct (SMARTAWARD_CACHE_DIR): misuse.
        raise typer.Exit(EXIT_PROBLEMS if done.location.is_dir() else EXIT_USAGE)
    for failure in done.failed:
        print(f"smartaward: could not remove {failure}", file=sys.stderr)
    if not quiet:
        if done.removed or done.bytes:
            print(f"removed {plural(done.removed, 'record', 'records')} ({size(done.bytes)}) from {where}")
        else:
            print(f"nothing to remove: {where} holds no records")
    raise typer.Exit(EXIT_PROBLEMS if done.failed else EXIT_OK)
