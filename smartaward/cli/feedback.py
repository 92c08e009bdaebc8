"""`smartaward feedback`: a report per entry for its entrant, in a folder — Markdown, a
self-contained HTML page and JSON, named after the entry (`DIR/<entry-id>.md`, ...).

The documents are built by publishing/feedback.py (no judge named, see there) and drawn by
render/feedback.py; this module parses the options, refuses a folder where the cycle's own data
lives (as export does: publishing/export.py `check_target`) and a file that is a symbolic link out of
the folder (F006), and writes the files all or nothing (writing/staging.py). No index is written:
each report goes to one entrant only. The organiser's secret key for the order of the pseudonyms is
read here (SMARTAWARD_PSEUDONYM_KEY, as export reads it) and passed down. The command registers
itself on `app` when cli.py imports this module.
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
    unknown_id,
    usage_error,
    write_refused,
)

# render/feedback.py FORMATS (not imported here: --help imports no renderer); a test checks they agree.
FILE_FORMATS = ("md", "html", "json")


@app.command()
def feedback(
    cycle: CycleArgument = Path("."),
    to_text: Annotated[str, typer.Option(
        "--to", "-o", metavar="DIR", help="The folder to write the reports in (created if missing; files of the same names are replaced).")] = ...,  # type: ignore[assignment]
    format: Annotated[list[str] | None, typer.Option(
        "--format", "-f", metavar="FORMAT", help="md, html or json (repeat, or separate with commas; default: all three).")] = None,
    entry: Annotated[list[str] | None, typer.Option(
        "--entry", "-e", metavar="ID", help="Write the report of this entry only (repeat for more; default: every entry).")] = None,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Write a report per entry for its entrant: the stage it reached, its score and rank per round,
    the criterion means, the distance to the shortlist's cut or the award line, and every judge's
    marks and comment under a pseudonym ("Judge A").

    Files: DIR/<entry-id>.md, .html (a self-contained page) and .json. No judge is named, and a
    provisional result says so at the top. The same cycle gives byte-identical files, written all or
    nothing. Exit 1 when the cycle has errors, 2 when the folder cannot be used (inside entries/ or
    scores/, not writable, a file there a symbolic link out of it: F006) or an entry is unknown;
    nothing is written then.
    """
    formats = parse_choices(format, FILE_FORMATS, "--format")
    if not to_text.strip():  # a Path would read "" as the current folder: say it instead of guessing
        raise usage_error("--to: give the folder to write in (use --to . for the current folder)")
    to = Path(to_text)
    from smartaward.publishing.export import ExportRefused, check_target

    root = find_root(cycle)
    wanted = sorted({e.strip() for item in entry or [] for e in item.split(",") if e.strip()}) or None
    if wanted is not None:
        import re

        from smartaward.model.cyclefiles import SLUG_PATTERN

        malformed = [e for e in wanted if not re.match(SLUG_PATTERN, e)]
        if malformed:  # an entry id is a slug: anything else is no entry (and never a file name)
            raise usage_error(f"--entry: {', '.join(repr(m) for m in malformed)} is not an entry id (a-z, 0-9 and -)")
    names = [f"{e}.{fmt}" for e in wanted or [] for fmt in formats]
    where = check_folder(root, to, names)  # said before the cycle is ranked, when the entries are named
    from smartaward.writing.staging import WriteFailed, WriteRefused, write_all
    loaded, results = cycle_and_results(cycle, quiet, no_cache)
    if wanted is not None:
        unknown = [e for e in wanted if e not in loaded.entry_index]
        if unknown:  # the first, with the nearest ids (text/suggest.py)
            raise unknown_id("--entry", unknown[0], "entry", {e: r.entry.title for e, r in loaded.entry_index.items()},
                             "in the cycle (nothing was written)")
    from smartaward.cli.export import pseudonym_key
    from smartaward.publishing.feedback import feedback_documents
    from smartaward.render.feedback import feedback_files

    files = feedback_files(feedback_documents(loaded, results, wanted, pseudonym_key()), formats)
    _keep_the_export(to, list(files))
    try:
        check_target(root, to, list(files))  # every entry's names, now that they are known
    except ExportRefused as exc:
        raise usage_error(str(exc)) from None
    try:
        write_all(to, files, where=where, also_clear=tuple(files))
    except (WriteRefused, WriteFailed) as exc:
        raise write_refused(to, exc) from None
    if not quiet:
        from smartaward.reading.files import printable

        for name in files:
            print(f"wrote {printable(str(to / name))}", file=sys.stdout)


def _keep_the_export(to: Path, names: list[str]) -> None:
    """An entry whose id is an export's file name (`index`, `results`, `winners`...) would replace the
    public export's file in a folder shared with it: refused, exit 2 (the hostile review's T13)."""
    from smartaward.publishing.documents import FILE_NAMES

    taken = sorted(name for name in names if name in {n for group in FILE_NAMES.values() for n in group} and (to / name).exists())
    if taken:
        raise usage_error(f"{to / taken[0]}: a file of an export, which a report of the entry {taken[0].rsplit('.', 1)[0]!r} "
                          "would replace; write the reports in a folder of their own; nothing was written")
