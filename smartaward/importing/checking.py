"""Step 4 of an import: the cycle as it would be with the drafts, checked in memory by validate's
own loader and checks, and each problem moved back to the spreadsheet cell its value came from. A
module of its own because it is the one place where the import meets the rest of smartaward, so
that an import accepts exactly what `validate` accepts.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..files import CycleFiles, SourceFile, shown_name
from .drafts import Draft, row_list
from .fields import Cell
from .spreadsheet import Table

# Codes about the progress of judging, not about the files being imported: an entry just imported
# has no marks yet (J404, J415), and ties or normalisation depend on the marks of everyone (J412,
# J413, J414). `validate` reports them for the cycle as a whole.
NOT_ABOUT_THE_IMPORT = frozenset({"J404", "J412", "J413", "J414", "J415"})


def check_drafts(kind: str, table: Table, cycle_files: CycleFiles, drafts: list[Draft], force: bool) -> tuple[list[Diagnostic], set[int]]:
    """The cycle as it would be with the drafts, checked by validate's own loader and checks; each
    problem in a draft moved to the cell its value came from. Also the rows that an error makes bad:
    a problem of a sheet's judge or round concerns all its rows, one of a score line all the rows
    whose marks are on it (a judge's marks on an entry are kept or skipped together)."""
    from ..checks import run_checks
    from ..load import load_cycle

    root, display_root = cycle_files.root, cycle_files.display_root
    found: list[Diagnostic] = []
    hit: set[int] = set()
    by_shown: dict[str, Draft] = {}
    own: dict[str, str] = {}  # the name of a draft checked beside an existing file → that file
    replaced: set[Path] = set()
    for draft in drafts:
        path = root / draft.rel
        draft.shown = target = shown_name(display_root, draft.rel)
        if not draft.rel.split("/")[-1].startswith("#") and os.path.lexists(path):
            if force:
                replaced.add(path)
            else:
                found.append(_at(table, draft.anchor, "I703", f"{target} exists already; nothing is written over it without --force"))
                hit |= draft.all_rows
                # Checked all the same, beside the file it would replace, under a name of its own.
                draft.shown = f"{target} (new, from {table.name})"
                own[draft.shown] = target
        by_shown[draft.shown] = draft
    role = "entries" if kind == "entries" else "scores"
    kept = [f for f in cycle_files.files if f.path not in replaced]
    new = [SourceFile(role, root / d.rel, d.shown, d.data) for d in drafts]
    fixed = [f for f in kept if f.role in ("cycle", "judges")]
    listed = sorted([f for f in kept if f.role not in ("cycle", "judges")] + new,
                    key=lambda f: (f.role.startswith("scores"), f.path.as_posix()))
    files = CycleFiles(root, display_root, fixed + listed, [], set(cycle_files.refused))
    cycle = load_cycle(files)
    diagnostics = run_checks(cycle)
    if kind == "entries":  # R201 is decided here: against the cycle's other entries, by row
        elsewhere: dict[str, str] = {}
        for record in cycle.entries:
            if record.doc.file not in by_shown:
                elsewhere.setdefault(record.entry.id, record.doc.file)
        for record in cycle.entries:
            draft = by_shown.get(record.doc.file)
            if draft is not None and elsewhere.get(record.entry.id, own.get(record.doc.file)) != own.get(record.doc.file):
                line, column = record.doc.at(record.path + ("id",))
                cell = draft.cell_at(line, column)
                found.append(_at(table, cell, "R201", f"the id {record.entry.id!r} is already used by {elsewhere[record.entry.id]}"))
    for d in diagnostics:
        draft = by_shown.get(d.file)
        if draft is None or d.code in NOT_ABOUT_THE_IMPORT or (kind == "entries" and d.code == "R201"):
            continue
        cell = draft.cell_at(d.line, d.column)
        rows = draft.rows_at(d.line, d.column) if d.line else draft.all_rows
        also = f" ({row_list(sorted(rows))} of the sheet)" if len(rows) > 1 else ""
        found.append(_at(table, cell, d.code, d.message + also))
        if d.severity is Severity.ERROR:
            hit |= rows
    return found, hit


def _at(table: Table, cell: Cell, code: str, message: str) -> Diagnostic:
    row, column = cell
    return Diagnostic(table.file, row, column, code, f"column {table.header_name(column)!r}: {message}")
