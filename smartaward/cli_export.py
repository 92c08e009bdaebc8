"""`smartaward export`: the winners, every ranking and every raw mark as files in a folder.

The tables and files are built by export.py (no typer or rich there); this module parses the
options, refuses a folder where the cycle's own data lives, and writes each file atomically
(atomic.py), printing one line per file. Everything is rendered before the first file is written,
so a failure while rendering changes nothing; a failure while writing leaves every file either as
it was or complete. The command registers itself on `app` when cli.py imports this module.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli import CycleArgument, NoCacheOption, QuietOption, _cycle_and_results, _find_root, _usage_error, app

FORMAT_NAMES = ("csv", "xlsx", "json", "md", "html")  # export.FORMATS, without importing the core for --help


def parse_formats(values: list[str] | None) -> list[str]:
    """The formats asked for (repeated and/or comma-separated), in FORMAT_NAMES order; all by default."""
    if not values:
        return list(FORMAT_NAMES)
    asked = {v.strip().lower() for item in values for v in item.split(",") if v.strip()}
    unknown = sorted(asked - set(FORMAT_NAMES))
    if unknown or not asked:
        raise _usage_error(f"--format: unknown format {', '.join(repr(u) for u in unknown) or repr('')}; "
                           f"choose from {', '.join(FORMAT_NAMES)}")
    return [f for f in FORMAT_NAMES if f in asked]


@app.command()
def export(
    cycle: CycleArgument = Path("."),
    to_text: Annotated[str, typer.Option("--to", "-o", metavar="DIR", help="The folder to write the files in (created if missing; files of the same names are replaced).")] = ...,  # type: ignore[assignment]
    format: Annotated[Optional[list[str]], typer.Option("--format", "-f", metavar="FORMAT", help="csv, xlsx, json, md or html (repeat, or separate with commas; default: all five).")] = None,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Write the winners, every category's full ranking and every raw mark to files in a folder.

    csv: winners.csv, rankings.csv, marks.csv; xlsx: results.xlsx (a sheet per category);
    json: results.json; md: results.md; html: index.html, a self-contained winners page. The same
    cycle gives byte-identical files. Exit 1 when the cycle has errors, 2 when the folder cannot be
    used (inside entries/ or scores/, not writable).
    """
    formats = parse_formats(format)
    if not to_text.strip():  # a Path would read "" as the current folder: say it instead of guessing
        raise _usage_error("--to: give the folder to write in (use --to . for the current folder)")
    to = Path(to_text)
    from .export import FILE_NAMES, ExportRefused, check_target

    names = [name for f in formats for name in FILE_NAMES[f]]
    try:
        check_target(_find_root(cycle), to, names)
    except ExportRefused as exc:
        raise _usage_error(str(exc)) from None
    # The nearest existing folder on the way must be a folder: said before the cycle is ranked.
    existing = next((p for p in [to, *to.absolute().parents] if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise _usage_error(f"--to {to}: {existing} is not a folder")
    loaded, results = _cycle_and_results(cycle, quiet, no_cache)
    from .atomic import write_atomic
    from .export import publication, render_files

    files = render_files(publication(loaded, results), formats)
    try:
        to.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _usage_error(f"--to {to}: cannot create the folder ({exc.strerror or exc})") from None
    for name, data in files.items():
        target = to / name
        try:
            write_atomic(target, data)
        except OSError as exc:
            raise _usage_error(f"{target}: cannot write ({exc.strerror or exc}); the file was left as it was") from None
        if not quiet:
            print(f"wrote {target}", file=sys.stdout)
