"""`smartaward export`: the winners, every ranking and the status of the result as files in a
folder — public by default; every raw mark, and who gave it, only when asked for (`--include`).

The tables and files are built by export.py (no typer or rich there); this module parses the
options, refuses a folder where the cycle's own data lives, a file that is a symbolic link out
of the folder (F006), and — for a public export — a folder still holding the marks of an earlier
export that this one would not replace, and writes the files all or nothing (staging.py), printing
one line per file. Everything is rendered before the first file is written, and every file is
staged before the first one replaces anything, so a failed or interrupted export leaves the folder
as it was. With --final, a provisional result writes nothing. The command registers itself on
`app` when cli.py imports this module.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from smartaward.cli.common import (
    CycleArgument,
    NoCacheOption,
    QuietOption,
    app,
    check_folder,
    cycle_and_results,
    find_root,
    parse_choices,
    require_final,
    usage_error,
    write_refused,
)
from smartaward.render.registry import FILE_FORMATS


def parse_include(values: list[str] | None) -> tuple[str, ...]:
    """What to add to the public files (repeated and/or comma-separated), in INCLUDES order."""
    from smartaward.publishing.documents import INCLUDES

    asked = parse_choices(values, INCLUDES, "--include", default_all=False)
    if "judges" in asked and "marks" not in asked:
        raise usage_error("--include judges names the judges of the marks: use --include marks,judges "
                           "(the public files name no judge)")
    return tuple(asked)


@app.command()
def export(
    cycle: CycleArgument = Path("."),
    to_text: Annotated[str, typer.Option(
        "--to", "-o", metavar="DIR", help="The folder to write the files in (created if missing; files of the same names are replaced).")] = ...,  # type: ignore[assignment]
    format: Annotated[list[str] | None, typer.Option(
        "--format", "-f", metavar="FORMAT", help="csv, xlsx, json, md or html (repeat, or separate with commas; default: all five).")] = None,
    include: Annotated[list[str] | None, typer.Option(
        "--include", metavar="WHAT", help="For the jury's own use, add to the public files: marks (every judge's marks: marks.csv, a "
                                          "Marks sheet, marks in results.json and results.md; judges as pseudonyms, Judge A, B...), "
                                          "judges (with marks: judges by id, except those marked public: false). Repeat, or separate "
                                          "with commas. Default: neither.")] = None,
    final: Annotated[bool, typer.Option(
        "--final", help="Only a final result: if anything is still open (smartaward status), write nothing, list it on stderr and exit 1.")] = False,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Write the winners, every category's full ranking and the result's status to files in a folder.

    What a public results page may show, by default: no judge's own marks, no judge's id or name.
    csv: winners.csv, rankings.csv (and marks.csv with --include marks); xlsx: results.xlsx (a sheet
    per category; Status when the result is provisional); json: results.json; md: results.md; html:
    index.html, a self-contained winners page. A provisional result says so in every file, with what
    is still open. The same cycle gives byte-identical files. The files are written all or nothing.
    Exit 1 when the cycle has errors (or, with --final, the result is provisional), 2 when the folder
    cannot be used (inside entries/, scores/ or assignments/, not writable, a file there a symbolic link out of it:
    F006; without --include marks, a file of an earlier export there that holds marks and that this
    export would not replace); nothing is written then.
    """
    formats = parse_choices(format, FILE_FORMATS, "--format")
    included = parse_include(include)
    if included and formats == ["html"]:  # the winners page never shows a mark
        raise usage_error(f"--include {','.join(included)} applies only to --format csv, xlsx, json and md, not to html "
                          "(the winners page never shows a judge's marks)")
    if not to_text.strip():  # a Path would read "" as the current folder: say it instead of guessing
        raise usage_error("--to: give the folder to write in (use --to . for the current folder)")
    to = Path(to_text)
    from smartaward.publishing.documents import FILE_NAMES, export_names
    from smartaward.publishing.export import stale_marks

    names = export_names(formats, included)
    where = check_folder(find_root(cycle), to, names)
    from smartaward.writing.staging import WriteFailed, WriteRefused, write_all
    if "marks" not in included:  # a public folder must not keep the marks of an earlier export
        _refuse_stale(to, stale_marks(to, names))
    loaded, results = cycle_and_results(cycle, quiet, no_cache)
    if final:
        require_final(results, "nothing is written with --final")
    from smartaward.publishing.export import publication
    from smartaward.render.registry import render_files

    try:
        files = render_files(publication(loaded, results, included, pseudonym_key()), formats)
    except OSError as exc:  # the workbook is built through temporary files: a full disk, `ulimit -f`
        raise usage_error(f"cannot make the files ({exc.strerror or exc}); nothing was written") from None
    all_names = tuple(name for each in FILE_NAMES.values() for name in each)
    try:
        write_all(to, files, where=where, also_clear=all_names)
    except (WriteRefused, WriteFailed) as exc:
        raise write_refused(to, exc) from None
    if not quiet:
        for name in files:
            print(f"wrote {to / name}", file=sys.stdout)


def pseudonym_key() -> str | None:
    """The organiser's secret for the order of judges' pseudonyms (SMARTAWARD_PSEUDONYM_KEY; unset or
    empty: None, the order of the ids). Read here, in the command line: the core never reads the
    environment. feedback reads it the same way, so one key gives the same letters in both."""
    import os

    from smartaward.publishing.anonymity import KEY_VARIABLE

    return os.environ.get(KEY_VARIABLE) or None


def _refuse_stale(to: Path, stale: list[str]) -> None:
    """Exit 2 naming each file of an earlier export that holds marks this export would leave there."""
    if not stale:
        return
    from smartaward.reading.files import printable

    for name in stale[:-1]:
        print(f"smartaward: {printable(str(to / name))}: holds the judges' marks (an earlier export)", file=sys.stderr)
    raise usage_error(f"{printable(str(to / stale[-1]))}: holds the judges' marks (an earlier export), and this export "
                      "leaves the marks out: remove it, or pass --include marks for the jury's own files; nothing was written")


