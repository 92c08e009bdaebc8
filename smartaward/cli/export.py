"""`smartaward export`: the winners, every ranking and every raw mark as files in a folder.

The tables and files are built by export.py (no typer or rich there); this module parses the
options, refuses a folder where the cycle's own data lives and a file that is a symbolic link out
of the folder (F006), and writes the files all or nothing (staging.py), printing one line per
file. Everything is rendered before the first file is written, and every file is staged before
the first one replaces anything, so a failed or interrupted export leaves the folder as it was.
The command registers itself on `app` when cli.py imports this module.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from smartaward.cli.common import CycleArgument, NoCacheOption, QuietOption, app, cycle_and_results, find_root, usage_error
from smartaward.render.registry import FILE_FORMATS


def parse_formats(values: list[str] | None) -> list[str]:
    """The formats asked for (repeated and/or comma-separated), in FILE_FORMATS order; all by default."""
    if not values:
        return list(FILE_FORMATS)
    asked = {v.strip().lower() for item in values for v in item.split(",") if v.strip()}
    unknown = sorted(asked - set(FILE_FORMATS))
    if unknown or not asked:
        raise usage_error(f"--format: unknown format {', '.join(repr(u) for u in unknown) or repr('')}; "
                           f"choose from {', '.join(FILE_FORMATS)}")
    return [f for f in FILE_FORMATS if f in asked]


@app.command()
def export(
    cycle: CycleArgument = Path("."),
    to_text: Annotated[str, typer.Option(
        "--to", "-o", metavar="DIR", help="The folder to write the files in (created if missing; files of the same names are replaced).")] = ...,  # type: ignore[assignment]
    format: Annotated[list[str] | None, typer.Option(
        "--format", "-f", metavar="FORMAT", help="csv, xlsx, json, md or html (repeat, or separate with commas; default: all five).")] = None,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Write the winners, every category's full ranking and every raw mark to files in a folder.

    csv: winners.csv, rankings.csv, marks.csv; xlsx: results.xlsx (a sheet per category);
    json: results.json; md: results.md; html: index.html, a self-contained winners page. The same
    cycle gives byte-identical files. The files are written all or nothing. Exit 1 when the cycle has
    errors, 2 when the folder cannot be used (inside entries/ or scores/, not writable, a file there
    a symbolic link out of it: F006); nothing is written then.
    """
    formats = parse_formats(format)
    if not to_text.strip():  # a Path would read "" as the current folder: say it instead of guessing
        raise usage_error("--to: give the folder to write in (use --to . for the current folder)")
    to = Path(to_text)
    from smartaward.publishing.documents import FILE_NAMES
    from smartaward.publishing.export import ExportRefused, check_target

    names = [name for f in formats for name in FILE_NAMES[f]]
    try:
        check_target(find_root(cycle), to, names)
    except ExportRefused as exc:
        raise usage_error(str(exc)) from None
    # The nearest existing folder on the way must be a folder: said before the cycle is ranked.
    existing = next((p for p in [to, *to.absolute().parents] if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise usage_error(f"--to {to}: {existing} is not a folder")
    from smartaward.writing.staging import WriteFailed, WriteRefused, check, write_all

    where = f"{to.as_posix()}/"
    try:  # links out of the folder, a folder in the way: said before the cycle is ranked, too
        check(to, names, where)
    except (WriteRefused, WriteFailed) as exc:
        raise _refused(to, exc) from None
    loaded, results = cycle_and_results(cycle, quiet, no_cache)
    from smartaward.publishing.export import publication
    from smartaward.render.registry import render_files

    try:
        files = render_files(publication(loaded, results), formats)
    except OSError as exc:  # the workbook is built through temporary files: a full disk, `ulimit -f`
        raise usage_error(f"cannot make the files ({exc.strerror or exc}); nothing was written") from None
    all_names = tuple(name for each in FILE_NAMES.values() for name in each)
    try:
        write_all(to, files, where=where, also_clear=all_names)
    except (WriteRefused, WriteFailed) as exc:
        raise _refused(to, exc) from None
    if not quiet:
        for name in files:
            print(f"wrote {to / name}", file=sys.stdout)


def _refused(to: Path, exc: Exception) -> typer.Exit:
    """Nothing was written: each link refused (F006), or the file that could not be written."""
    from smartaward.reading.files import printable
    from smartaward.writing.staging import WriteFailed, WriteRefused

    if isinstance(exc, WriteRefused):
        for refusal in exc.refusals[:-1]:
            print(f"smartaward: {printable(str(to / refusal.rel))}: error F006 {refusal.message}", file=sys.stderr)
        last = exc.refusals[-1]
        return usage_error(f"{printable(str(to / last.rel))}: error F006 {last.message}; nothing was written")
    assert isinstance(exc, WriteFailed)
    if exc.rel == ".":
        return usage_error(f"--to {to}: cannot create the folder ({exc.reason})")
    if exc.unrestored:  # the rare failure after a failure: say exactly which files are not as they were
        return usage_error(f"{printable(str(to / exc.rel))}: cannot write ({exc.reason}); the files were put back as "
                            f"they were, except {', '.join(exc.unrestored)}, which hold the new export")
    return usage_error(f"{printable(str(to / exc.rel))}: cannot write ({exc.reason}); nothing was written, "
                        "every file was left as it was")
