"""Editor support on the command line: `smartaward schema` and `smartaward init`.

`schema` prints the JSON Schema of one kind of cycle file (schema.py builds them from the models).
`init` puts the five schemas in a cycle's `.schema/` folder and starts every YAML file of the cycle
with the modeline that tells YAML editors (the yaml-language-server: VS Code, Neovim, Helix, ...)
which schema applies:

    # yaml-language-server: $schema=../.schema/entry.schema.json

Why `.schema/` at the top of the cycle folder: smartaward reads nothing there but cycle.yaml,
judges.yaml, entries/ and scores/ (anything else in entries/ or scores/ would be reported as
F003), the dot keeps it out of the way, and a path relative to each file keeps the cycle
self-contained wherever it is cloned or copied.

Files are only ever changed by adding (or replacing) that first line, and a run writes all its
files or none (staging.py: staged beside them, then renamed into place), so a failed or
interrupted run leaves every file as it was. A second run changes nothing. The commands register themselves on
`app` when cli.py imports this module (at its end, once `app` exists).

`init DIR` on a folder that is not in a cycle starts one there instead: the example cycle of
scaffold.py, its files already carrying their modelines, written beside the schemas. It never
writes over a file that exists.
"""

from __future__ import annotations

import re
import shlex
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from smartaward.cli import completion
from smartaward.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, app, not_taken, output_nowhere
from smartaward.writing.editor import SCHEMA_KINDS, plan_setup
from smartaward.writing.scaffold import SCHEMA_FOLDER

SchemaKind = Enum("SchemaKind", [(kind, kind) for kind in SCHEMA_KINDS], type=str)  # type: ignore[misc]


_KIND_FILES = {
    "cycle": "cycle.yaml",
    "entry": "entries/*.yaml (one entry, or a list of entries)",
    "judges": "judges.yaml",
    "scores": "scores/**/*.yaml (a judge's score sheet)",
    "assignments": "assignments/*.yaml (one round's assignments of judges to entries)",
}


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    print(f"smartaward: {message}", file=sys.stderr)
    return typer.Exit(code)


def _write_all(folder: Path, files: dict[str, bytes], where: str) -> None:
    """staging.write_all, its refusals (F006) and failures said as usage errors: nothing was written."""
    from smartaward.reading.files import printable
    from smartaward.writing.staging import WriteFailed, WriteRefused, write_all

    try:
        write_all(folder, files, where=where)
    except WriteRefused as exc:
        for refusal in exc.refusals:
            print(f"smartaward: {printable((folder / refusal.rel).as_posix())}: error F006 {refusal.message}", file=sys.stderr)
        raise _fail("nothing was written") from None
    except WriteFailed as exc:
        failed = exc.path if exc.rel == "." and exc.path is not None else folder / exc.rel
        raise _fail(f"{printable(failed.as_posix())}: cannot write ({exc.reason}); nothing was written, "
                    "every file was left as it was") from None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@app.command()
def schema(
    kind: Annotated[SchemaKind | None, typer.Argument(
        metavar="KIND", help="Which file's schema: cycle, entry, judges, scores or assignments (none: list them).", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", autocompletion=completion.paths,
        help="Write the schema files (all five, or the KIND given) into this folder instead of printing.", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the result: with --out, no line per file written; "
                                                              "with no KIND, no closing hint.")] = False,
    _no_cache: Annotated[bool, not_taken("--no-cache", "schema", "it reads no cycle")] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a kind of cycle file, for editors and other tools.

    With no KIND, list the five kinds. `smartaward init` puts all five into a cycle and points each
    of its YAML files at the right one.
    """
    from smartaward.model.schema import file_name, render

    if out is not None:
        if out.exists() and not out.is_dir():
            raise _fail(f"{out}: not a folder")
        files = {file_name(each.value): render(each.value).encode() for each in ([kind] if kind is not None else list(SchemaKind))}
        _write_all(out, files, f"{out.as_posix()}/")
        for name in files if not quiet else ():
            print(f"wrote {(out / name).as_posix()}")
        raise typer.Exit(EXIT_OK)
    if kind is None:
        for each in SchemaKind:
            print(f"{each.value:<12}{_KIND_FILES[each.value]}")
        if quiet:
            raise typer.Exit(EXIT_OK)
        print("\nsmartaward schema KIND prints one; --out DIR writes all five; smartaward init puts them "
              "in a cycle and adds the editor modelines.")
        raise typer.Exit(EXIT_OK)
    sys.stdout.flush()
    try:  # the bytes as they are (no newline translation)
        sys.stdout.buffer.write(render(kind.value).encode())
        sys.stdout.buffer.flush()
    except BrokenPipeError:  # `smartaward schema cycle | head -1`: the reader has what it wanted
        output_nowhere(sys.stdout)


@app.command()
def init(
    cycle: Annotated[Path, typer.Argument(
        metavar="CYCLE", autocompletion=completion.paths,
        help="The cycle folder, or any file or folder inside it; or a new or empty folder to start a cycle in.")] = Path("."),
    check: Annotated[bool, typer.Option(
        "--check", help="Change nothing; list the files without the right modeline (and stale schema files), exit 1 if any.")] = False,
    title: Annotated[str | None, typer.Option(
        "--title", help="For a new cycle: its title (default: the folder's name, letters kept; with --id, from the id).", show_default=False)] = None,
    cycle_id: Annotated[str | None, typer.Option(
        "--id", help="For a new cycle: its id, lowercase letters, digits and hyphens (default: from the folder's name).", show_default=False)] = None,
    year: Annotated[int | None, typer.Option(
        "--year", min=1000, max=9999, help="For a new cycle: the year of the example dates (default: the current year).", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the result: no summary (with --check, only the files to "
                                                              "update).")] = False,
    _no_cache: Annotated[bool, not_taken("--no-cache", "init", "it reads the files as they are and never uses the cache")] = False,
) -> None:
    """Set a cycle up for YAML editors (schemas in CYCLE/.schema/, a modeline atop each YAML file),
    or start a new cycle in a new or empty folder.

    In a cycle: writes cycle.schema.json, entry.schema.json, judges.schema.json and
    scores.schema.json into the cycle's .schema/ folder and makes `# yaml-language-server:
    $schema=<path>` the first line of cycle.yaml, judges.yaml and every YAML file in entries/ and
    scores/ (replacing an older modeline; nothing else in a file changes). Running it again
    changes nothing.

    In a folder that is not in a cycle (a new one, an empty one, or one with unrelated files):
    writes an example cycle there — a commented cycle.yaml, judges.yaml, entries/, scores/ and a
    README.md, set up for editors — that passes `smartaward validate --strict`. It never
    overwrites a file: if one it would write exists, it lists them and writes nothing (exit 2).
    """
    from smartaward.reading.files import CycleNotFound, find_cycle_root

    try:
        root = find_cycle_root(cycle)
    except CycleNotFound as exc:
        if check:
            raise _fail(f"{exc}. smartaward init --check checks an existing cycle; smartaward init DIR "
                        "starts a new one in a new or empty folder") from None
        if cycle.exists() and not cycle.is_dir():
            raise _fail(f"{exc}; to start a new cycle, name a new or empty folder") from None
        _scaffold(cycle, title, cycle_id, year, quiet)
        raise typer.Exit(EXIT_OK) from None
    given = [name for name, value in (("--title", title), ("--id", cycle_id), ("--year", year)) if value is not None]
    if given:
        raise _fail(f"{' and '.join(given)}: only for a new cycle, but {cycle} is in the cycle at "
                    f"{root.as_posix()}; init there sets the cycle up for editors")
    display_root, schemas, sources = plan_setup(root)
    skipped = [p for p in sources if p.new is None and p.note]
    for item in skipped:
        print(f"smartaward: {item.shown}: {item.note}", file=sys.stderr)
    stale = [p for p in schemas + sources if p.new is not None]
    if check:
        for item in stale:
            print(f"{item.shown}: {item.note}")
        total = len(sources) - len(skipped)
        if quiet:
            raise typer.Exit(EXIT_PROBLEMS if stale else EXIT_OK)
        if stale:
            print(f"✗ {_count(len(stale), 'file')} to update: run {shlex.join(['smartaward', 'init', display_root])}")
            raise typer.Exit(EXIT_PROBLEMS)
        print(f"✓ {_count(total, 'YAML file')} and the 4 schema files up to date")
        raise typer.Exit(EXIT_OK)
    changed = [p for p in sources if p.new is not None]
    # All or nothing, the schemas first: a modeline never points at a missing file.
    _write_all(root, {item.path.relative_to(root).as_posix(): item.new for item in schemas + changed if item.new is not None},
               "the cycle folder")
    if quiet:
        raise typer.Exit(EXIT_OK)
    written = sum(p.new is not None for p in schemas)
    folder = f"{display_root}/{SCHEMA_FOLDER}" if display_root != "." else SCHEMA_FOLDER
    print(f"{folder}: {_count(written, 'schema file')} written" + (f", {4 - written} up to date" if written < 4 else ""))
    print(f"{_count(len(changed), 'YAML file')} given the modeline, "
          f"{len(sources) - len(changed) - len(skipped)} already had it")
    raise typer.Exit(EXIT_OK)


def _scaffold(folder: Path, title: str | None, cycle_id: str | None, year: int | None, quiet: bool = False) -> None:
    """Write an example cycle into `folder` (new, empty, or holding unrelated files), then stop."""
    from smartaward.model.cyclefiles import SLUG_PATTERN
    from smartaward.model.schema import file_name, render
    from smartaward.reading.files import CYCLE_FILE, CycleNotFound, find_cycle_root
    from smartaward.writing.scaffold import (
        WriteFailed,
        clashes,
        cycle_parts,
        scaffold_files,
        slug,
        title_from,
        write_scaffold,
    )

    if folder.exists():
        parts = cycle_parts(folder)
        if parts:
            listed = ", ".join(f"{p}/" if (folder / p).is_dir() else p for p in parts)
            raise _fail(f"{folder}: no {CYCLE_FILE} here or in any folder above, but {listed} {'is' if len(parts) == 1 else 'are'} "
                        f"here: this looks like an existing cycle without its {CYCLE_FILE}; restore it (see docs/format.md), "
                        "or run smartaward init in a new or empty folder to start a new cycle")
    else:
        # The nearest existing folder above, as the user wrote it: a file there (f in f/x) is named,
        # rather than the folder init could not make in it.
        above = next((p for p in folder.parents if p.exists() or p.is_symlink()), None)
        if above is not None and not above.is_dir():
            raise _fail(f"{above.as_posix()}: not a folder, so {folder.as_posix()} cannot be made in it")
        above = next((p for p in folder.absolute().parents if p.exists()), None)
        if above is not None:
            try:
                inside = find_cycle_root(above)
            except CycleNotFound:
                pass
            else:
                raise _fail(f"{folder}: inside the cycle at {inside.as_posix()}; a new cycle cannot go inside another")
    folder_name = folder.resolve().name
    name = cycle_id if cycle_id is not None else slug(folder_name)
    if not name:
        raise _fail(f"{folder}: no id can be made from the folder's name (an id is lowercase ASCII letters, digits "
                    "and hyphens); give one with --id, e.g. --id my-prize-2025")
    if not re.fullmatch(SLUG_PATTERN, name) or len(name) > 120:
        raise _fail(f"--id {name!r}: not a valid id; use lowercase letters, digits and hyphens (up to 120)")
    # The default title keeps the folder's own letters ("ÆØÅ ß straße"); only the id is a slug.
    # Given --id, the folder's name may be unrelated ("other"), so the title comes from the id.
    shown_title = title_from(folder_name if cycle_id is None else name) if title is None else " ".join(title.split())
    if not shown_title or len(shown_title) > 2000:
        raise _fail("--title: give a title of 1 to 2000 characters")
    files = {f"{SCHEMA_FOLDER}/{file_name(kind.value)}": render(kind.value).encode() for kind in SchemaKind}
    files.update(scaffold_files(name, shown_title, this_year() if year is None else year))
    clashing = clashes(folder, files) if folder.exists() else []
    if clashing:
        for rel in clashing:
            what = "exists" if rel in files else "exists, and is not a folder"
            print(f"smartaward: {(folder / rel).as_posix()}: {what}", file=sys.stderr)
        raise _fail(f"{folder}: {_count(len(clashing), 'file')} init would write already {'exists' if len(clashing) == 1 else 'exist'}; "
                    "nothing written (init never overwrites: move them, or start the cycle in a new folder)")
    try:
        write_scaffold(folder, files)  # the schemas first: a modeline never points at a missing file
    except WriteFailed as exc:
        raise _fail(f"{exc.path.as_posix()}: cannot write the new cycle: {exc.reason}; nothing was left behind") from None
    if quiet:
        return
    entries = sum(rel.startswith("entries/") for rel in files)
    sheets = sum(rel.startswith("scores/") for rel in files)
    where = folder.as_posix()
    print(f"{where}: new cycle {name!r}: cycle.yaml, judges.yaml, {_count(entries, 'entry file')}, "
          f"{_count(sheets, 'score sheet')}, README.md and the 4 schema files in {SCHEMA_FOLDER}/")
    # Quoted for a shell (shlex): a folder named "Prix de l'innovation 2026" must paste as one word.
    print(f"next: edit {shlex.quote(f'{where}/cycle.yaml')}, then {shlex.join(['smartaward', 'validate', '--strict', where])}")


def this_year() -> int:
    """The default year of a new cycle's example dates: the current one (a cycle started in
    December 2026 is not dated 2025); --year makes the files reproducible."""
    from datetime import date

    return date.today().year
