"""Step 4 of an import: the cycle as it would be with the drafts, checked in memory by validate's
own loader and checks, and each problem moved back to the spreadsheet cell its value came from. A
module of its own because it is the one place where the import meets the rest of smartaward, so
that an import accepts exactly what `validate` accepts.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from smartaward.diagnostics import Diagnostic, Severity
from smartaward.importing.drafts import Draft, row_list
from smartaward.importing.fields import Cell
from smartaward.importing.spreadsheet import Table
from smartaward.reading.files import CycleFiles, SourceFile, shown_name
from smartaward.writing.staging import link_out

# Codes about the progress of judging, not about the files being imported: an entry just imported
# has no marks yet (J404, J415) and no judges yet (P807: `assign` comes after), who reaches a round
# and how many entries a judge may take change as marks come in (P808, P809), and ties or
# normalisation depend on the marks of everyone (J412, J413, J414). `validate` reports them for the
# cycle as a whole. (Reported here, P807 in an assignment file would be laid at every row of an
# entries import: a thousand new entries, a million problems.)
NOT_ABOUT_THE_IMPORT = frozenset({"J404", "J412", "J413", "J414", "J415", "P807", "P808", "P809"})

# Clashes between two files, which validate reports on both, each naming the other (an entry id,
# a judge's sheet, an entrant described two ways or with a look-alike name): the draft's own side
# is reported at its row, so the other side is not reported again as caused elsewhere.
CLASHES = frozenset({"R201", "R209", "R210", "R212"})

# Problems of a sheet's round or form, which the checks say once per sheet and call, at the first
# entry of that call: they concern every row of the sheet whose entry is of that call.
SHEET_WIDE = frozenset({"J407", "J408", "J409", "M307"})


def check_drafts(kind: str, table: Table, cycle_files: CycleFiles, drafts: list[Draft], force: bool) -> tuple[list[Diagnostic], set[int]]:
    """The cycle as it would be with the drafts, checked by validate's own loader and checks; each
    problem in a draft moved to the cell its value came from. Also the rows that an error makes bad:
    a problem of a sheet's judge or round concerns all its rows, one of a score line all the rows
    whose marks are on it (a judge's marks on an entry are kept or skipped together)."""
    found, hit, raw = _check(kind, table, cycle_files, drafts, force)
    # A comment the model refuses (S103, S105) sets its whole sheet aside, as in validate: the
    # sheet's marks are checked again with that comment left empty, so that every problem of the
    # rows is reported at once, not one more after each fix.
    refused = {(d.file, d.line) for d in raw if d.code.startswith("S")}
    blank = {id(draft): [line for line in sorted(draft.comment_lines) if (draft.shown, line) in refused] for draft in drafts}
    if any(blank.values()):
        kept = {id(draft): list(draft.lines) for draft in drafts}
        for draft in drafts:
            for line in blank[id(draft)]:
                start = draft.cells[line][-1][0]  # where the comment begins (drafts.py: key, then comment)
                draft.lines[line - 1] = draft.lines[line - 1][:start - 1] + '""'
        again, hit_again, _ = _check(kind, table, cycle_files, drafts, force)
        for draft in drafts:
            draft.lines[:] = kept[id(draft)]
        seen = set(found)
        found += [d for d in again if d not in seen]
        hit |= hit_again
    return found, hit


def _check(kind: str, table: Table, cycle_files: CycleFiles, drafts: list[Draft],
           force: bool) -> tuple[list[Diagnostic], set[int], list[Diagnostic]]:
    """One check of the cycle with the drafts (check_drafts): the problems at their cells, the
    rows they make bad, and the checks' own diagnostics (in the drafts' files)."""
    from smartaward.checks.run import run_checks
    from smartaward.reading.load import load_cycle

    found: list[Diagnostic] = []
    hit: set[int] = set()
    by_shown, own, replaced = _place_drafts(table, cycle_files, drafts, force, found, hit)
    cycle = load_cycle(_files_with(kind, cycle_files, list(by_shown.values()), replaced))
    diagnostics = run_checks(cycle, cap=False)  # every problem: each makes its rows bad
    if kind == "entries":  # R201 is decided here: against the cycle's other entries, by row
        found += _id_clashes(cycle, by_shown, own, table)
    found += _caused_elsewhere(cycle_files, cycle, diagnostics, by_shown, table, hit)
    found += _in_drafts(kind, cycle, diagnostics, by_shown, table, hit)
    found += _unmarked(cycle, drafts, table, hit)
    return found, hit, diagnostics


def _place_drafts(table: Table, cycle_files: CycleFiles, drafts: list[Draft], force: bool, found: list[Diagnostic],
                  hit: set[int]) -> tuple[dict[str, Draft], dict[str, str], set[Path]]:
    """Where each draft is checked: its shown name (beside an existing file it may not replace,
    under a name of its own), and the existing files that --force replaces. A draft that may not be
    written (F006, I703) is reported in `found` and makes its rows bad in `hit`. Returns the drafts
    by shown name, the name of a draft checked beside an existing file → that file, and the paths
    replaced."""
    root, display_root = cycle_files.root, cycle_files.display_root
    by_shown: dict[str, Draft] = {}
    own: dict[str, str] = {}  # the name of a draft checked beside an existing file → that file
    replaced: set[Path] = set()
    for draft in drafts:
        path = root / draft.rel
        draft.shown = target = shown_name(display_root, draft.rel)
        if not draft.written and os.path.lexists(path):
            continue  # nothing to write (no marks, no comments), and the sheet there is checked by validate
        out = None if draft.rel.split("/")[-1].startswith("#") else link_out(root, draft.rel, "the cycle folder")
        if out is not None:  # never read, never written through (F006); its rows are bad, like I703's
            found.append(_at(table, draft.anchor, "F006", f"{target}: {out}"))
            hit |= draft.all_rows
        elif not draft.rel.split("/")[-1].startswith("#") and os.path.lexists(path):
            other = _holds_other(path, target, draft.identity)
            if other is None and force:
                replaced.add(path)
                draft.replaces = True
            else:
                if other is not None:  # even --force may not lose what the import does not write again
                    found.append(_at(table, draft.anchor, "I703", f"{target} holds {other}, which replacing it would lose: "
                                                                  f"a file is replaced (with --force) only when it holds just {_what(draft.identity)}"))
                else:
                    found.append(_at(table, draft.anchor, "I703", f"{target} exists already; nothing is written over it without --force"))
                hit |= draft.all_rows
                # Checked all the same, beside the file it would replace, under a name of its own.
                draft.shown = f"{target} (new, from {table.name})"
                own[draft.shown] = target
        by_shown[draft.shown] = draft
    return by_shown, own, replaced


def _files_with(kind: str, cycle_files: CycleFiles, drafts: list[Draft], replaced: set[Path]) -> CycleFiles:
    """The cycle's files as they would be with the drafts: the replaced files left out, the drafts
    listed among the others in the order the loader would find them."""
    root, display_root = cycle_files.root, cycle_files.display_root
    role = "entries" if kind == "entries" else "scores"
    kept = [f for f in cycle_files.files if f.path not in replaced]
    new = [SourceFile(role, root / d.rel, d.shown, d.data) for d in drafts]
    fixed = [f for f in kept if f.role in ("cycle", "judges")]
    listed = sorted([f for f in kept if f.role not in ("cycle", "judges")] + new,
                    key=lambda f: (f.role.startswith("scores"), f.path.as_posix()))
    return CycleFiles(root, display_root, fixed + listed, [], set(cycle_files.refused))


def _id_clashes(cycle: Any, by_shown: dict[str, Draft], own: dict[str, str], table: Table) -> list[Diagnostic]:
    """R201 for the drafted entries whose id another file of the cycle already uses (not the file
    a draft would replace), at the cell of the id."""
    found: list[Diagnostic] = []
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
    return found


def _in_drafts(kind: str, cycle: Any, diagnostics: list[Diagnostic], by_shown: dict[str, Draft], table: Table,
               hit: set[int]) -> list[Diagnostic]:
    """The problems in the drafts themselves, each moved to the cell its value came from; an error
    makes the rows it concerns bad (in `hit`)."""
    found: list[Diagnostic] = []
    index = cycle.entry_index
    cells: dict[int, list[Any]] = {}  # row → its cells, for the hints of M303 (read when one is needed)
    for d in diagnostics:
        draft = by_shown.get(d.file)
        if draft is None or d.code in NOT_ABOUT_THE_IMPORT or (kind == "entries" and d.code == "R201"):
            continue
        cell = draft.cell_at(d.line, d.column)
        rows = draft.rows_at(d.line, d.column) if d.line else draft.all_rows
        if d.code in SHEET_WIDE and d.line in draft.entries:
            rows = _rows_of_call(draft, index, draft.entries[d.line])
        elif d.code == "M305" and draft.empty.get(d.line):
            cell = _missing_cell(draft, index, cycle.spec, d.line)
        also = f" ({row_list(sorted(rows))} of the sheet)" if len(rows) > 1 else ""
        if d.code == "M303":
            cells = cells or dict(table.rows)
            also += _mark_hint(cells, cell, table.decimal)
        elif d.code in ("M301", "M302"):
            cells = cells or dict(table.rows)
            also += _held_number(cells, cell)
        found.append(_at(table, cell, d.code, in_import_words(d.code, d.message) + also))
        if d.severity is Severity.ERROR:
            hit |= rows
    return found


# validate's advice in the words of a YAML file ("round: ..."), and the same advice for a
# spreadsheet being imported, where the options and columns say it.
_IMPORT_WORDS = {
    "J409": ("name this sheet's round (round: ...)", "give the rows' round with --round ROUND, or a Round column"),
}


def in_import_words(code: str, message: str) -> str:
    """A check's message as the import says it: advice about a file's keys becomes advice about
    the command's options and the sheet's columns."""
    yaml_words, import_words = _IMPORT_WORDS.get(code, ("", ""))
    return message.replace(yaml_words, import_words) if yaml_words else message


def _caused_elsewhere(cycle_files: CycleFiles, cycle: Any, after: list[Diagnostic], by_shown: dict[str, Draft],
                      table: Table, hit: set[int]) -> list[Diagnostic]:
    """Problems that the import makes in the cycle's OTHER files, such as, replacing files
    (--force), an entry moved to another call, which leaves the sheets that mark it with criteria
    the call does not have (a clash, such as a second sheet for a judge, is reported on the draft
    itself: CLASHES). They are found by checking the cycle as it is, too, and keeping what only
    the would-be cycle has; each is reported at the rows it comes from: the replacing entry's
    (a problem on a sheet's line of marks for it), the new sheet of the same judge, else every
    replacing row, else every row — so that --skip-bad leaves those files alone."""
    from smartaward.checks.run import run_checks
    from smartaward.reading.load import load_cycle

    before = {(d.file, d.line, d.column, d.code, _unsuggested(d.message)) for d in run_checks(load_cycle(cycle_files), cap=False)}
    replacing = [draft for draft in by_shown.values() if draft.replaces]
    by_entry = {draft.identity.get("id"): draft for draft in replacing if "id" in draft.identity}
    by_judge: dict[str, list[Draft]] = {}
    for draft in by_shown.values():
        if "judge" in draft.identity:
            by_judge.setdefault(draft.identity["judge"], []).append(draft)
    judges_in: dict[str, set[str]] = {}  # a file → the judges of its sheets (a CSV file holds many)
    for sheet in cycle.sheets:
        judges_in.setdefault(sheet.doc.file, set()).add(sheet.judge)
    about: dict[tuple[str, int], str] = {}  # (file, line) of a line of marks → its entry
    for sheet_no, entry_id, _ in cycle.marks.rows():
        sheet = cycle.sheets[sheet_no]
        if sheet.doc.file not in by_shown:
            about.setdefault((sheet.doc.file, sheet.doc.at(sheet.path(entry_id))[0]), entry_id)
    found: list[Diagnostic] = []
    for d in after:
        if (d.file in by_shown or d.code in NOT_ABOUT_THE_IMPORT or d.code in CLASHES
                or (d.file, d.line, d.column, d.code, _unsuggested(d.message)) in before):
            continue
        entry_draft = by_entry.get(about.get((d.file, d.line), ""))
        same_judge = [draft for judge in sorted(judges_in.get(d.file, ())) for draft in by_judge.get(judge, [])]
        drafts = [entry_draft] if entry_draft is not None else same_judge or replacing or list(by_shown.values())
        for draft in drafts:
            found.append(Diagnostic(table.file, draft.anchor[0], draft.anchor[1], d.code,
                                    f"column {table.header_name(draft.anchor[1])!r}: {'replacing' if draft.replaces else 'writing'} {draft.shown} makes "
                                    f"{d.file}:{d.line}:{d.column}: {d.message}"))
            if d.severity is Severity.ERROR:
                hit |= draft.all_rows
    return found


def _unsuggested(message: str) -> str:
    """A message without the suggestion validate ends it with ("; did you mean 'oslo-bikes'?"): the
    import's new entries may change what is nearest, not the problem (checks/nearby.py)."""
    return _SUGGESTION.split(message, 1)[0]


_SUGGESTION = re.compile(r"; (?:did you mean |write ')")


def _holds_other(path: Path, shown: str, identity: dict[str, Any]) -> str | None:
    """What the existing file at `path` holds besides what a draft with `identity` would write in
    its place (None: nothing besides it, so --force may replace it). An entry file may be replaced
    only when it holds that one entry (alone, or as a list of one), a sheet only when it is the
    sheet of the same judge and round; a file that cannot be read is never replaced."""
    from smartaward.reading.source import read_document

    doc, problems = read_document(path, shown)
    data = doc.data
    if data is None or any(p.severity is Severity.ERROR for p in problems):
        return "something that cannot be read (see smartaward validate)"
    if "id" in identity:  # an entry
        items = data if isinstance(data, list) else [data]
        if len(items) == 1 and isinstance(items[0], dict) and items[0].get("id") == identity["id"]:
            return None
        if len(items) > 1:
            return f"a list of {len(items)} entries"
        held = items[0].get("id") if items and isinstance(items[0], dict) else None
        return f"the entry {held!r}" if isinstance(held, str) else "something other than an entry"
    if isinstance(data, dict) and all(data.get(key) == value for key, value in identity.items()):
        return None
    if isinstance(data, dict) and isinstance(data.get("judge"), str):
        return _what({"judge": data["judge"], "round": data.get("round")})
    return "something other than a score sheet"


def _what(identity: dict[str, Any]) -> str:
    if "id" in identity:
        return f"the entry {identity['id']!r}"
    round_id = identity.get("round")
    return f"the sheet of judge {identity.get('judge')!r}" + (f" for round {round_id!r}" if round_id is not None else " (no round)")


# A decimal comma (7,5) typed where the spreadsheet keeps it as text: the mark meant is 7.5.
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d{1,2}")


def _mark_hint(cells: dict[int, list[Any]], cell: Cell, decimal: str | None = None) -> str:
    """What to do about a mark that is not a number (M303), from what its cell holds: a decimal
    comma typed as text, or a date the spreadsheet made of what was typed."""
    row, column = cell
    raw = cells.get(row, [])[column - 1] if 0 < column <= len(cells.get(row, [])) else None
    if isinstance(raw, (date, datetime)):
        return "; the spreadsheet took what was typed for a date: type the mark again in a cell formatted as a number"
    text = raw.strip() if isinstance(raw, str) else ""
    if _DECIMAL_COMMA.fullmatch(text):  # as --decimal says, or a column that mixes decimal marks (locales.py)
        from smartaward.importing.locales import comma_hint

        return comma_hint(text, decimal)
    return ""


def _held_number(cells: dict[int, list[Any]], cell: Cell) -> str:
    """The number a cell really holds, where the check's message shows it with fewer digits: a
    spreadsheet's 7.4999999 is said as "7.5 is not on the scale's step", which reads as nonsense."""
    row, column = cell
    raw = cells.get(row, [])[column - 1] if 0 < column <= len(cells.get(row, [])) else None
    if isinstance(raw, float) and f"{raw:g}" != repr(raw) and not raw.is_integer():
        return f" (the cell holds {raw!r}, which is shown rounded: type the mark as it is meant)"
    return ""


def _unmarked(cycle: Any, drafts: list[Draft], table: Table, hit: set[int]) -> list[Diagnostic]:
    """The entries of sheets whose rows give no mark (a packet's row left empty): a warning that
    the entry is left unmarked (M305), at the row's first empty cell for a criterion of the
    entry's call (else its mark cell); an entry that does not exist is R205 at its cell, as it is
    in a line of marks."""
    found: list[Diagnostic] = []
    index, spec = cycle.entry_index, cycle.spec
    for draft in drafts:
        judge = draft.identity.get("judge")
        for entry, (entry_cell, empty, commented) in draft.unmarked.items():
            record = index.get(entry)
            if record is None:
                found.append(_at(table, entry_cell, "R205", f"there is no entry {entry!r}"))
                hit.add(entry_cell[0])
                continue
            call = spec.calls.get(record.entry.call) if spec is not None else None
            if call is not None and call.judging == "designated":
                continue  # nobody marks it
            criteria = list(call.criteria) if call is not None else []
            cell = next((empty[c] for c in criteria if c in empty), empty.get(None, entry_cell))
            kept = " (the comment is kept)" if commented else ""
            found.append(_at(table, cell, "M305", f"the row gives no mark: judge {judge!r} leaves {entry!r} unmarked{kept}"))
    return found


def _rows_of_call(draft: Draft, index: dict[str, Any], entry_id: str) -> set[int]:
    """The rows of a sheet's marks on entries of the same call as `entry_id` (all of them when
    the call is unknown): what a problem of the sheet's round concerns."""
    record = index.get(entry_id)
    call = record.entry.call if record is not None else None
    rows: set[int] = set()
    for line, entry in draft.entries.items():
        other = index.get(entry)
        if call is None or (other is not None and other.entry.call == call):
            rows |= draft.rows.get(line, set())
    return rows or draft.all_rows


def _missing_cell(draft: Draft, index: dict[str, Any], spec: Any, line: int) -> Cell:
    """The empty wide-form cell of the first criterion missing from a line of marks (M305)."""
    empty = draft.empty[line]
    record = index.get(draft.entries.get(line, ""))
    call = spec.calls.get(record.entry.call) if record is not None and spec is not None else None
    for criterion in (call.criteria if call is not None else empty):
        if criterion in empty:
            return empty[criterion]
    return draft.cell_at(line, 1)


def _at(table: Table, cell: Cell, code: str, message: str) -> Diagnostic:
    row, column = cell
    return Diagnostic(table.file, row, column, code, f"column {table.header_name(column)!r}: {message}")
