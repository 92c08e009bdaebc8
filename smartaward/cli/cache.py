"""`smartaward cache info|clear`: where the cache is, whether it is used, what it holds; emptying it.

The work is in the core (cache.survey, cache.clear); this module parses the options, renders and
maps the outcome to an exit code. It registers the `cache` sub-app on `app` when cli.py imports it.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from smartaward.cli.app import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, QuietOption, app

cache_app = typer.Typer(
    name="cache",
    help="Show where the cache is and what it holds (info), or remove its records (clear).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.add_typer(cache_app, name="cache")


class InfoFormat(str, Enum):
    text = "text"
    json = "json"


def _size(count: int) -> str:
    """Bytes for people, in the MiB the limit is given in: 9.2 MB, 1 GB, 512 KB, 300 bytes."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} byte{'' if count == 1 else 's'}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


@cache_app.command("info")
def info(
    format: Annotated[InfoFormat, typer.Option("--format", "-f", help="Output format: text or json.")] = InfoFormat.text,
) -> None:
    """Where the cache folder is, whether it is used (and if not, why), its records and their size,
    and the size limit (SMARTAWARD_CACHE_MAX_MB). Exit 0; the answer is in the output."""
    from smartaward.reading.cache import LIMIT_ENV, survey
    from smartaward.reading.cachefolder import shown

    found = survey()
    if format is InfoFormat.json:
        from smartaward.render.tables import to_json

        sys.stdout.write(to_json(found.document()))
        raise typer.Exit(EXIT_OK)
    if not found.enabled:
        status = "switched off (SMARTAWARD_NO_CACHE is set): commands neither read nor write it"
    elif found.problem is not None:
        status = f"not used: {found.problem}"
    else:
        status = "in use" if found.exists else "in use (the folder is made at the first record)"
    limit = "no limit" if found.limit is None else f"limit {_size(found.limit)}"
    if found.records is None or found.bytes is None:  # another user's folder, or not a folder
        records, size = "not counted: the folder is not looked into", f"not counted ({limit}; set with {LIMIT_ENV}, in MB)"
    else:
        records = (f"{_plural(found.records['parsed'], 'parsed file', 'parsed files')}, "
                   f"{_plural(found.records['validated'], 'validated cycle', 'validated cycles')}"
                   + (f", {_plural(found.temporary, 'unfinished write', 'unfinished writes')}" if found.temporary else ""))
        size = f"{_size(found.bytes)} ({limit}; set with {LIMIT_ENV}, in MB)"
    lines = [f"location  {shown(found.location)}", f"status    {status}", f"records   {records}", f"size      {size}"]
    sys.stdout.write("\n".join(lines) + "\n")
    raise typer.Exit(EXIT_OK)


@cache_app.command("clear")
def clear(quiet: QuietOption = False) -> None:
    """Remove the cache's records, and nothing else: other files in the folder, and whatever a link
    in it leads to, are left alone. Exit 1 if something could not be removed (or the folder is
    another user's, which is not touched), 2 if the cache's location is a file, not a folder."""
    from smartaward.reading.cache import clear as clear_cache
    from smartaward.reading.cachefolder import shown

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
            print(f"removed {_plural(done.removed, 'record', 'records')} ({_size(done.bytes)}) from {where}")
        else:
            print(f"nothing to remove: {where} holds no records")
    raise typer.Exit(EXIT_PROBLEMS if done.failed else EXIT_OK)
