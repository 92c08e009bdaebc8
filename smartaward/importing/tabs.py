"""`import --all-sheets`: every tab of a workbook imported at once, as one plan.

Each tab is read as its own table (spreadsheet.read_tables: the workbook's zip read once, the
import's limits over the whole workbook), named `FILE[tab]` so that every problem says which tab
it is in, at that tab's own row and column. Each tab is then planned as an import of that table
alone (plan_import), and the plans are put together: all written or none.

- A tab that is empty, or whose first row names no field and that has no numbers (an
  Instructions or README tab), is skipped with a note (topic "sheets"), not an error; one with
  numbers under such a header is I701 (its marks would be lost). A hidden tab is skipped with a
  note. --set judge does not apply (each tab names its judge).
- A "Judge: NAME" cell above a header with a judge column is compared with the column (I701 where
  they differ), as the tab's name is.
- Scores: a tab without a judge column holds the marks of one judge: the one a "Judge: NAME" cell
  above its header names, or else the one its tab name names, by id or by name (case and accents
  do not matter: text/suggest.py). A name that is no judge's is I701 at the tab's header (the
  judge is a field no column gives), with the nearest judges.
- Two tabs that would write the same file (two tabs of one judge, one entry id in two tabs) is
  I703 at the later one: one would write over the other.
- A note says which tabs were read and whose marks they hold.

Each tab is checked against the cycle as it is, not with the other tabs' files: a clash between
two tabs that is not about the same file (an entrant described two ways in two tabs) is found by
`validate` after the import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from smartaward.diagnostics import Diagnostic, cap_diagnostics
from smartaward.importing.columns import has_numbers, loose_header
from smartaward.importing.fields import Cell, ImportMisuse, Note, ReadAs
from smartaward.importing.plan import Plan, Planned
from smartaward.importing.spreadsheet import Table, read_tables
from smartaward.text.suggest import allowed, did_you_mean, fold

# Each tab is planned as an import of its own (the cycle loaded and checked again), so a workbook of
# thousands of tabs would take hours: beyond this many tabs with data it is not read (I704). A jury
# has a few dozen judges; a workbook has at most MAX_WORKBOOK_PARTS parts in all.
MAX_TABS = 250


@dataclass
class _Tab:
    table: Table
    judge: str | None = None  # scores: the judge whose marks the tab holds (no judge column)
    judge_cell: Cell | None = None  # where the added judge column's problems are put
    added: int | None = None  # the column added for the judge (past the tab's own)
    whose: str = ""  # for the note: how the judge was found
    named: str = ""  # for the note: the judge's name, where it is not the id


def plan_every_sheet(kind: str, root: Path, source: Path, shown: str, options: dict[str, Any], read_as: ReadAs,
                     plan_import: Callable[..., Plan]) -> Plan:
    """The plan of an import of every tab of the workbook `source` (see the module docstring).
    `options` are plan_import's other keyword arguments, passed on for each tab; `plan_import` is
    the package's own, which plans one table (passed in: this module is below the package)."""
    if options.get("sheet") is not None:
        raise ImportMisuse("--all-sheets reads every sheet; --sheet names one: give one or the other")
    if options.get("judge") is not None:
        raise ImportMisuse("--judge is for one judge's returned packet; with --all-sheets, each tab names its judge")
    if kind == "scores" and any(loose_header(name) == "judge" for name in read_as.constants):
        raise ImportMisuse("--set judge=... gives one judge to every row; with --all-sheets, each tab names its judge (by its name, a "
                           "\"Judge: NAME\" cell above its header, or a judge column): drop --set judge, or import one tab with --sheet")
    tables = read_tables(source, shown)
    whole = Table(shown, source.name)
    if len(tables) == 1 and tables[0].problems and any(d.code in ("F002", "I704") for d in tables[0].problems):
        return Plan(kind, whole, [], cap_diagnostics(tables[0].problems), 0, [], True)
    judges, criteria = _judges_and_criteria(root) if kind == "scores" else ({}, set())
    notes: list[Note] = []
    problems: list[Diagnostic] = []
    plans: list[tuple[_Tab, Plan]] = []
    one_tab = replace(read_as, all_sheets=False)
    if sum(bool(table.rows) for table in tables) > MAX_TABS:
        return Plan(kind, whole, [], [Diagnostic(shown, 0, 0, "I704", f"the workbook has more than {MAX_TABS} tabs with data, over what "
                                                                     "--all-sheets imports at once: import it in parts with --sheet")],
                    0, [], True)
    rows = 0  # the data rows of the tabs not skipped
    bad: list[int] = []  # the rows of the tabs not planned for a problem (a judge unknown, a header naming nothing)
    unplanned: list[tuple[str, list[int]]] = []  # those tabs' rows, by tab, for the summary
    for table in tables:
        before = len(problems)
        tab = _tab(kind, table, (judges, criteria), options, notes, problems)
        if tab is None:
            if len(problems) > before:
                rows += len(table.rows)
                bad += [number for number, _ in table.rows]
                unplanned.append((_sheet_name(table), [number for number, _ in table.rows]))
            continue
        plan = plan_import(kind, root, source, table.file, table=tab.table, read_as=one_tab, **options)
        if plan.cycle_problems:  # cycle.yaml cannot be read: said once, for the whole workbook
            return Plan(kind, whole, [], [], 0, [], True, plan.cycle_problems)
        plans.append((tab, plan))
    return _together(kind, whole, plans, notes, problems, (rows, bad, unplanned))


def _judges_and_criteria(root: Path) -> tuple[dict[str, str | None], set[str]]:
    """The cycle's judges (id → name), and the criteria of its calls (what a tab's columns may name)."""
    from smartaward.reading.files import collect
    from smartaward.reading.load import load_cycle

    cycle = load_cycle(collect(root.resolve()))
    criteria = {c for call in cycle.spec.calls.values() for c in call.criteria} if cycle.spec is not None else set()
    return {judge_id: judge.name for judge_id, judge in cycle.judges.items()}, criteria


def _sheet_name(table: Table) -> str:
    return table.workbook.read or "" if table.workbook is not None else table.name


def _tab(kind: str, table: Table, known: tuple[dict[str, str | None], set[str]], options: dict[str, Any], notes: list[Note],
         problems: list[Diagnostic]) -> _Tab | None:
    """The tab to plan, its judge column added where the tab names its judge; None for a tab
    skipped (a note says why) or one whose judge is unknown (I701 in `problems`)."""
    from smartaward.importing.columns import resolve_columns

    judges, criteria = known
    name = _sheet_name(table)
    if not table.header or (not table.rows and not [d for d in table.problems if d.code != "Y006"]):
        notes.append(Note("sheets", f"tab {name!r} skipped: it {'is empty' if not table.header else 'has a header but no rows'}"))
        return None
    if table.workbook is not None and table.workbook.read_hidden:  # not shown in Excel: an old copy, a lookup list
        notes.append(Note("sheets", f"hidden tab {name!r} skipped: unhide it to import it"))
        return None
    maps, file_maps = options.get("maps") or {}, options.get("file_maps") or {}
    columns, _ = resolve_columns(kind, table, maps, file_maps, criteria)
    if not columns.fields and not columns.criteria:
        if not has_numbers(table):
            notes.append(Note("sheets", f"tab {name!r} skipped: its first row names no field (instructions, not data)"))
        else:  # a tab of data whose header is misspelt: its marks would be lost
            problems.append(_no_field_named(kind, table, criteria))
        return None
    tab = _Tab(table)
    if kind != "scores":
        return tab
    by_tab = _judge_of_tab(name, judges, notes)
    if "judge" in columns.fields:
        if table.label:  # a "Judge: NAME" cell says whose marks these are too: compared with the column
            by_label = _judges_named(table.label[2], judges, notes, name)
            said = f"the cell {table.label[2]!r} above the header names"
            if len(by_label) != 1:
                hint = did_you_mean(table.label[2], judges) or f"the judges: {allowed(judges) or 'none (judges.yaml)'}"
                problems.append(Diagnostic(table.file, table.label[0], table.label[1], "I701",
                                           f"{said} {'no judge of the cycle' if not by_label else f'{len(by_label)} judges'}: {hint}; "
                                           "correct the cell, or empty it (the judge column says whose marks these are)"))
                return None
            if _other_judge_in_column(table, columns.fields["judge"], (by_label[0], said), judges, problems):
                return None
        said = f"the tab is named {name!r}, for"
        return None if by_tab is not None and _other_judge_in_column(table, columns.fields["judge"], (by_tab, said), judges,
                                                                     problems) else tab
    named, cell = (table.label[2], (table.label[0], table.label[1])) if table.label else (name, (table.header_row, 1))
    found = [by_tab] if not table.label and by_tab is not None else _judges_named(named, judges, notes, name)
    if table.label and len(found) == 1 and by_tab is not None and by_tab != found[0]:
        problems.append(Diagnostic(table.file, cell[0], cell[1], "I701",
                                   f"the cell {named!r} above the header names the judge {_who(found[0], judges)}, but the tab's name "
                                   f"{name!r} names {_who(by_tab, judges)}: rename the tab or correct the cell"))
        return None
    if len(found) != 1:
        where = f"the cell {named!r} above the header" if table.label else f"the tab's name {named!r}"
        hint = did_you_mean(named, judges) or f"the judges: {allowed(judges) or 'none (judges.yaml)'}"
        why = "names no judge of the cycle" if not found else f"names {len(found)} judges ({', '.join(found)})"
        problems.append(Diagnostic(table.file, cell[0], cell[1], "I701",
                                   f"no column for judge, and {where} {why}: {hint}; name the tab after a judge's id or name, "
                                   "or add a judge column"))
        return None
    tab.judge, tab.judge_cell = found[0], cell
    tab.whose = "the cell above its header" if table.label else "its name"
    tab.named = f" ({judges[found[0]]})" if judges[found[0]] and judges[found[0]] != found[0] else ""
    tab.added = len(table.header) + 1
    table.header.append("judge")
    for _, cells in table.rows:
        cells.append(tab.judge)
    return tab


EXCEL_TAB_NAME = 31  # Excel cuts a sheet's name to this many characters


def _who(judge: str, judges: dict[str, str | None]) -> str:
    name = judges.get(judge)
    return f"{judge!r} ({name})" if name and name != judge else repr(judge)


def _judges_named(text: str, judges: dict[str, str | None], notes: list[Note], tab: str) -> list[str]:
    """The judges `text` names, read as values.py reads a judge cell (id, exact name, folded id,
    folded name), with a note where it also names another judge less closely."""
    from smartaward.importing.values import readings

    found, others = readings(text, judges)
    if len(found) == 1 and others:
        notes.append(Note("sheets", f"tab {tab!r}: {text!r} read as the judge {_who(found[0], judges)}, not "
                                    f"{' or '.join(_who(o, judges) for o in others)}, which it also names"))
    return found


def _judge_of_tab(name: str, judges: dict[str, str | None], notes: list[Note]) -> str | None:
    """The one judge a tab's name names (None: none, or several). A name of Excel's greatest length
    (31 characters) that starts the name of one judge only is that judge's, cut short: said in a note."""
    found = _judges_named(name, judges, notes, name)
    if len(found) == 1:
        return found[0]
    if found or len(name) != EXCEL_TAB_NAME:
        return None
    start = fold(name)
    cut = [judge for judge, full in judges.items() if fold(full or "").startswith(start) or fold(judge).startswith(start)]
    if len(cut) != 1:
        return None
    notes.append(Note("sheets", f"tab {name!r}: a name cut at Excel's {EXCEL_TAB_NAME} characters, read as the judge {_who(cut[0], judges)}, "
                                "whose name it starts"))
    return cut[0]


def _other_judge_in_column(table: Table, column: int, expected: tuple[str, str], judges: dict[str, str | None],
                           problems: list[Diagnostic]) -> bool:
    """Whether the judge column names, in some row, another judge than the one the tab says
    (`expected`: the judge, and how the tab says it, by its name or a cell above its header): I701
    at the first such cell, since which is meant cannot be guessed."""
    from smartaward.importing.spreadsheet import cell_text
    from smartaward.importing.values import named

    judge, said = expected
    for number, cells in table.rows:
        text = cell_text(cells[column - 1]) if column <= len(cells) else None
        found = named(text, judges) if text else []
        if len(found) == 1 and found[0] != judge:
            problems.append(Diagnostic(table.file, number, column, "I701",
                                       f"{said} the judge {_who(judge, judges)}, but its judge column names "
                                       f"{_who(found[0], judges)}: correct the tab or the column"))
            return True
    return False


def _no_field_named(kind: str, table: Table, criteria: set[str]) -> Diagnostic:
    """I701 at the header of a tab of data (numbers below it) whose first row names no field or
    criterion: each header with the field or criterion it is nearest to."""
    from smartaward.importing.columns import JUDGE_FIELDS
    from smartaward.importing.fields import ENTRY_FIELDS, SCORE_FIELDS
    from smartaward.text.suggest import nearest

    fields = {"entries": ENTRY_FIELDS, "judges": JUDGE_FIELDS}.get(kind, SCORE_FIELDS)
    choices = {choice: choice.rsplit(".", 1)[-1] for choice in [*fields, *sorted(criteria)]}
    named: list[str] = []
    for name in table.header:
        if name:
            near = nearest(name, choices, 1)
            named.append(repr(name) + (f" (did you mean {near[0]!r}?)" if near else ""))
    return Diagnostic(table.file, table.header_row, 1, "I701",
                      f"the tab has numbers below its first row, but the row names no field{' or criterion' if kind == 'scores' else ''}: "
                      f"{', '.join(named[:12])}{' ...' if len(named) > 12 else ''}; name its columns so, or map them with --map "
                      "\"HEADER=FIELD\" (a tab of instructions has no numbers, and is skipped)")


def _together(kind: str, whole: Table, plans: list[tuple[_Tab, Plan]], notes: list[Note], problems: list[Diagnostic],
              unread: tuple[int, list[int], list[tuple[str, list[int]]]]) -> Plan:
    """The plans of the tabs as one: their problems (those at an added judge column moved to where
    the judge was named), notes (each saying its tab), files (none if any tab is blocked, or two
    tabs would write one file: I703)."""
    files: list[Planned] = []
    first: dict[str, str] = {}  # file → the tab that writes it
    diagnostics: list[Diagnostic] = list(problems)
    rows, bad, unplanned = unread
    by_tab: list[tuple[str, list[int]]] = list(unplanned)  # each tab's bad rows, for the summary (render/imports.py)
    blocked = bool(problems)
    read: list[str] = []
    for tab, plan in plans:
        name = _sheet_name(tab.table)
        read.append(f"{name!r}" + (f" (the marks of {tab.judge!r}{tab.named}, from {tab.whose})" if tab.judge else ""))
        diagnostics += [_moved(d, tab) for d in plan.diagnostics]
        notes += [replace(note, text=f"tab {name!r}: {note.text}") for note in plan.notes]
        bad += plan.bad_rows
        by_tab.append((name, list(plan.bad_rows)))
        blocked = blocked or plan.blocked
        for planned in plan.files:
            if planned.rel in first:
                diagnostics.append(Diagnostic(tab.table.file, tab.table.header_row, 1, "I703",
                                              f"{planned.shown} is written from the tab {first[planned.rel]!r} already: two tabs may not "
                                              "write one file (two tabs of one judge and round, or one entry id in two tabs)"))
                bad.append(tab.table.header_row)
                by_tab[-1][1].append(tab.table.header_row)
                blocked = True
            else:
                first[planned.rel] = name
                files.append(planned)
    if read:
        notes.insert(0, Note("sheets", f"tabs read: {', '.join(read)}"))
    rows += sum(plan.rows for _, plan in plans)
    files = [] if blocked else files
    return Plan(kind, whole, files, cap_diagnostics(diagnostics), rows, sorted(bad), blocked, notes=notes,
                bad_by_tab=[(name, sorted(set(tab_rows))) for name, tab_rows in by_tab])


def _moved(d: Diagnostic, tab: _Tab) -> Diagnostic:
    """A problem at the judge column added to the tab: at the tab's name (its header) or its judge cell."""
    if tab.added is None or d.column != tab.added or tab.judge_cell is None:
        return d
    row, column = tab.judge_cell if tab.judge_cell[0] != tab.table.header_row else (d.line, 1)
    return replace(d, line=row, column=column)


