"""`import` as text: each problem at its spreadsheet row and column, the files, then a summary."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from smartaward.render.plain import count, line
from smartaward.text.cells import one_line

if TYPE_CHECKING:
    from smartaward.importing.outcome import ImportOutcome
    from smartaward.importing.plan import Plan


def _rows(rows: list[int], most: int = 20) -> str:
    return ", ".join(map(str, rows[:most])) + (f" and {len(rows) - most} more" if len(rows) > most else "")


def _listed(plan: Plan) -> str:
    """The bad rows, by tab when they are in several tabs of a workbook (--all-sheets): a row
    number alone does not say which tab it is in."""
    tabs = [(name, rows) for name, rows in plan.bad_by_tab if rows]
    if len(tabs) < 2:
        return _rows(plan.bad_rows)
    return one_line("; ".join(f"tab {name!r}: {_rows(rows, 10)}" for name, rows in tabs))


def write_import(out: TextIO, outcome: ImportOutcome, *, quiet: bool = False) -> None:
    """Problems one a line (file:row:column: severity CODE message), then the files, then a summary."""
    plan, dry_run, written = outcome.plan, outcome.dry_run, outcome.written
    for d in plan.cycle_problems + plan.diagnostics:
        out.write(line(d) + "\n")
    if plan.cycle_problems:
        print("smartaward: the cycle's cycle.yaml has errors; fix them before importing (smartaward validate)", file=sys.stderr)
        return
    if not quiet:
        for note in (n for n in plan.notes if not n.warned):  # how columns were read (a warning's own note: not twice)
            where = f"column {note.header!r} ({note.column}): " if note.column is not None and note.header is not None else ""
            out.write(one_line(f"note: {where}{note.text}") + "\n")
    if dry_run:
        for p in plan.files:
            out.write(f"would {'overwrite' if p.exists else 'create'} {p.shown}\n")
    if quiet:
        return
    bad = plan.bad_rows
    read = f"{count(plan.rows, 'row')} read from {plan.table.file}"
    if bad:
        read += f", {count(len(bad), 'bad row')} ({_listed(plan)})"
    files = count(len(plan.files), "file")
    if plan.blocked or (not plan.files and plan.errors):
        verdict = "✗"
        # The --skip-bad hint only where it would write something: some row is good, and it was not given.
        good = plan.rows - len(bad)
        done = "nothing written" + ("; fix the rows, or write the good ones with --skip-bad" if bad and plan.blocked and good > 0
                                    else "; no row is good" if bad and good <= 0 else "")
    elif dry_run:
        verdict = "✗" if plan.errors else "✓"
        done = f"would write {files} (dry run: nothing written)"
    else:
        verdict = "✗" if plan.errors else "✓"
        replaced = sum(p.exists for p in plan.files)
        done = f"wrote {count(written, 'file')}" + (f" ({replaced} replaced)" if replaced else "")
    out.write(f"{verdict} {read}: {done}\n")
