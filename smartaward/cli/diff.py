"""`smartaward diff OLD [NEW]`: what changed between two versions of a cycle — the files, the marks,
the rules, and every rank and award that changed hands, with the changes responsible.

Each side is a cycle folder, if a file or folder of that name exists, or else a git revision of
the cycle folder (reading/revision.py reads it into a private temporary folder, through git, without
touching the working tree). NEW defaults to the cycle folder the current folder is in (or
--cycle's); revisions are read at that folder's path in the repository (NEW's, when NEW is a folder).
The core compares (publishing/changes.py); the output registry draws the document.

Exit codes: 0 whether anything changed or not (the command informs); 1 when a side has errors (the
document still lists the files that changed); 2 misuse: no such folder or revision, not in a git
repository, git missing.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smartaward.cli import completion
from smartaward.cli.common import EXIT_PROBLEMS, NoCacheOption, QuietOption, app, emit, find_root, format_choices, format_help, open_cache, usage_error

if TYPE_CHECKING:
    from smartaward.publishing.changes import Side
    from smartaward.reading.revision import Revision
    DiffFormat = Any
else:
    DiffFormat = format_choices("changes", "DiffFormat")


@app.command()
def diff(
    old: Annotated[str, typer.Argument(
        metavar="OLD", help="The old version: a cycle folder, or a git revision of the cycle (HEAD~1, main, a tag, a commit id).", show_default=False)],
    new: Annotated[str | None, typer.Argument(metavar="NEW", help="The new version, as OLD (default: the cycle folder as it is now).",
                                              show_default=False)] = None,
    cycle: Annotated[Path | None, typer.Option(
        "--cycle", metavar="PATH", autocompletion=completion.paths,
        help="The cycle folder whose revisions are read, and the default NEW (default: NEW if it is a folder, "
                                        "else the cycle the current folder is in).")] = None,
    format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help=format_help("changes", text="for a terminal", md="Markdown, for a pull-request comment"))] = DiffFormat.text,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Show what changed between two versions of a cycle: the files, every mark and rule, and every
    rank and award that changed hands, with the marks and rules responsible.

    Each side is a cycle folder or a git revision of one (smartaward diff HEAD~1, smartaward diff
    main NEW-FOLDER); a revision is read through git into a private temporary folder, never into the
    working tree. Exit 0 whether anything changed or not, 1 when a side has errors (the files that
    changed are still listed), 2 when a side is neither a folder nor a revision.
    """
    from smartaward.publishing.changes import changes_document
    from smartaward.reading.revision import RevisionError, check_name

    old_folder, new_folder = _folder(old), _folder(new)
    for text, folder in ((old, old_folder), (new, new_folder)):
        if text is not None and folder is None:
            try:
                check_name(text)  # `--output=x` (after --) is never handed to git: said before anything else
            except RevisionError as exc:
                raise usage_error(str(exc)) from None
    reference = find_root(cycle) if cycle is not None else new_folder
    if reference is None and (old_folder is None or new_folder is None):
        # Revisions are read at its path; it is NEW when NEW is not given. `diff FOLDER REV` from
        # outside any cycle reads REV at FOLDER's path.
        reference = _here(old_folder if new is not None else None)
    with ExitStack() as stack:
        # Every revision is read (and every mistake said, exit 2) before any side is computed.
        assert reference is not None or (old_folder is not None and new_folder is not None)
        revisions = {text: _revision(stack, reference, text) for text, folder in ((old, old_folder), (new, new_folder))
                     if text is not None and folder is None and reference is not None}
        sides = []
        for text, folder in ((old, old_folder), (new, new_folder)):
            if folder is not None:
                sides.append(_folder_side(folder, str(text), quiet, no_cache))
            elif text is None:
                assert reference is not None
                label = "working tree" if old_folder is None else _shown(reference)
                sides.append(_folder_side(reference, label, quiet, no_cache))
            else:
                sides.append(_revision_side(revisions[text], quiet))
        document = changes_document(*sides)
    emit("changes", format, document, quiet=quiet)
    if any(side.errors for side in sides):
        raise typer.Exit(EXIT_PROBLEMS)


def _folder(text: str | None) -> Path | None:
    """The cycle folder a side names, if it names an existing file or folder."""
    try:
        if text is None or not text or not Path(text).exists():
            return None
    except (OSError, ValueError):  # a name too long for a path: not a folder (nor, surely, a revision)
        return None
    return find_root(Path(text))


def _here(fallback: Path | None = None) -> Path:
    """The cycle folder the current folder is in (else `fallback`, if there is one)."""
    from smartaward.reading.files import CycleNotFound, find_cycle_root

    try:
        return find_cycle_root(Path("."))
    except CycleNotFound:
        if fallback is not None:
            return fallback
        raise usage_error("no cycle folder here to read revisions of: run inside a cycle folder, or name it with --cycle") from None


def _folder_side(root: Path, label: str, quiet: bool, no_cache: bool) -> Side:
    from smartaward.api import results
    from smartaward.publishing.changes import Side
    from smartaward.render.progress import progress_bar

    with progress_bar(quiet) as progress:
        found = results(root, cache=open_cache(no_cache), progress=progress, load_with_errors=True)
    return Side(label, "folder", found.checked.files, found.cycle, found.results, found.errors)


def _shown(root: Path) -> str:
    from smartaward.reading.files import display_path

    return display_path(root)


def _revision(stack: ExitStack, reference: Path, name: str) -> Revision:
    """A revision of the cycle folder, read into a temporary folder that lives until the stack closes."""
    from smartaward.reading.revision import RevisionError, checked_out

    try:
        return stack.enter_context(checked_out(reference, name))
    except RevisionError as exc:
        raise usage_error(str(exc)) from None
    except OSError as exc:  # the temporary folder: a full disk, no /tmp
        raise usage_error(f"{name}: cannot read the revision into a temporary folder ({exc.strerror or exc})") from None


def _revision_side(revision: Revision, quiet: bool) -> Side:
    from smartaward.api import results
    from smartaward.publishing.changes import Side
    from smartaward.render.progress import progress_bar

    with progress_bar(quiet) as progress:  # no cache: the folder is temporary, and nobody else's
        found = results(revision.root, cache=None, progress=progress, load_with_errors=True)
    return Side(revision.label, "revision", found.checked.files, found.cycle, found.results, found.errors,
                list(revision.skipped), revision.commit)
