"""Step 3 of an import: every row turned into the file it would become (entries/<id>.yaml; one
scores/[<round>/]<judge>.yaml per judge and round), as a Draft that remembers the spreadsheet cell
each line and value came from. A module of its own because that trace is what lets the checks of
step 4 report a problem at a cell rather than at a file nobody has seen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from smartaward.diagnostics import Diagnostic
from smartaward.importing.columns import Columns, slugify
from smartaward.importing.fields import REQUIRED_ENTRY_FIELDS, SLUG, Cell
from smartaward.importing.spreadsheet import Table, cell_date, cell_mark, cell_text
from smartaward.model.blind import CODE as ENTRY_CODE
from smartaward.writing.yamltext import date_scalar, scalar

MAX_ID_LENGTH = 60  # a derived id: long enough to tell entries apart, short enough for a file name


@dataclass
class Draft:
    """A file the import would write: its text, and the cell each of its lines (and values) came from."""

    rel: str  # relative to the cycle folder; a name beginning "#" is never written (a bad id)
    lines: list[str] = field(default_factory=list)
    cells: dict[int, list[tuple[int, Cell]]] = field(default_factory=dict)  # line → [(column, cell)]
    rows: dict[int, set[int]] = field(default_factory=dict)  # line → rows whose values are on it
    whole: set[int] = field(default_factory=set)  # lines whose problems concern every row of the file
    anchor: Cell = (1, 1)
    shown: str = ""
    # What the file holds, as its keys say: {"id": ...} for an entry, {"judge": ..., "round": ...}
    # for a sheet. An existing file is replaced only when it holds just this (see checking.py).
    identity: dict[str, Any] = field(default_factory=dict)
    entries: dict[int, str] = field(default_factory=dict)  # a sheet's line → the entry its marks are for
    empty: dict[int, dict[str, Cell]] = field(default_factory=dict)  # line → criterion → its empty wide-form cell
    replaces: bool = False  # it replaces an existing file (--force), as checking.py decided
    # A sheet's entries whose rows give no mark (a packet's row left empty): not in the file, but
    # reported by checking.py (M305, or R205 for no such entry): entry → (its cell, mark column
    # (a criterion, None: the mark column) → its empty cell, whether the judge commented on it).
    unmarked: dict[str, tuple[Cell, dict[str | None, Cell], bool]] = field(default_factory=dict)
    written: bool = True  # False: a sheet with neither marks nor comments, checked but not written
    comment_lines: set[int] = field(default_factory=set)  # a sheet's lines of comments (checking.py)

    def add(self, text: str, cells: Iterable[tuple[int, Cell]] = (), whole: bool = False) -> None:
        self.lines.append(text)
        number = len(self.lines)
        cells = list(cells)
        if cells:
            self.cells[number] = cells
            self.rows[number] = {cell[0] for _, cell in cells}
        if whole:
            self.whole.add(number)

    def prepend(self, text: str) -> None:
        """A first line above all others (the schema modeline); every line's trace moves down one."""
        self.lines.insert(0, text)
        self.cells = {n + 1: c for n, c in self.cells.items()}
        self.rows = {n + 1: r for n, r in self.rows.items()}
        self.whole = {n + 1 for n in self.whole} | {1}
        self.entries = {n + 1: e for n, e in self.entries.items()}
        self.empty = {n + 1: e for n, e in self.empty.items()}
        self.comment_lines = {n + 1 for n in self.comment_lines}

    @property
    def data(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("utf-8")

    @property
    def all_rows(self) -> set[int]:
        rows: set[int] = set().union(*self.rows.values()) if self.rows else {self.anchor[0]}
        return rows | {cell[0] for cell, _, _ in self.unmarked.values()}

    def cell_at(self, line: int, column: int) -> Cell:
        found = self.cells.get(line)
        if not found:
            return self.anchor
        best = found[0][1]
        for start, cell in found:
            if start <= column:
                best = cell
        return best

    def rows_at(self, line: int, column: int) -> set[int]:
        """The rows a problem at (line, column) concerns: every row of the file for the sheet's own
        lines, every row of a score line for its entry key, else the row of the value."""
        if line in self.whole or line not in self.rows:
            return self.all_rows
        found = self.cells[line]
        cell = self.cell_at(line, column)
        return self.rows[line] if cell == found[0][1] else {cell[0]}


def _comment(table: Table, rows: str) -> str:
    from smartaward.reading.files import printable

    return f"# Imported by smartaward from {printable(table.name)}, {rows}"


def derived_ids(table: Table, columns: Columns) -> dict[int, str]:
    """Row → id where the sheet has no id column: the entrant's city and the title as a slug, made
    unique within the sheet by -2, -3, ... in row order. Decided over every row, bad ones too, so a
    row keeps its id when an earlier row is fixed or skipped."""
    if "id" in columns.fields:
        return {}
    city_column, title_column = columns.fields.get("entrant.city"), columns.fields["title"]
    ids: dict[int, str] = {}
    used: set[str] = set()
    for number, cells in table.rows:
        city = cell_text(cells[city_column - 1]) if city_column is not None else None
        city_slug, title_slug = slugify(city or ""), slugify(cell_text(cells[title_column - 1]) or "")
        if city_slug and (title_slug == city_slug or title_slug.startswith(city_slug + "-")):
            city_slug = ""  # "Oslo" and "Oslo city bikes": oslo-city-bikes, not oslo-oslo-city-bikes
        base = "-".join(filter(None, [city_slug, title_slug]))[:MAX_ID_LENGTH].strip("-") or "entry"
        entry_id, suffix = base, 2
        while entry_id in used:
            entry_id, suffix = f"{base}-{suffix}", suffix + 1
        used.add(entry_id)
        ids[number] = entry_id
    return ids


_TEXT_FIELDS = {"title", "entrant.name", "entrant.city", "summary", "url", "contact"}  # written as text (quoted where YAML would misread them)


def entry_drafts(table: Table, columns: Columns, skip: set[int], ids: dict[int, str]) -> tuple[list[Draft], list[Diagnostic]]:
    """One draft per row: entries/<id>.yaml. Ids given twice in the sheet are R201 on the later row."""
    drafts: list[Draft] = []
    problems: list[Diagnostic] = []
    used: dict[str, int] = {}  # id → the row that has it
    for number, cells in table.rows:
        if number in skip:
            continue
        drafts.append(_entry_draft(table, columns.fields, number, cells, ids, used, problems))
    return drafts, problems


def _entry_draft(table: Table, fields: dict[str, int], number: int, cells: list[Any], ids: dict[int, str], used: dict[str, int],
                 problems: list[Diagnostic]) -> Draft:
    """The draft of the entry in row `number`; an id an earlier row has (R201) goes to `problems`,
    a new one to `used`."""

    def value(name: str) -> tuple[Any, Cell | None]:
        column = fields.get(name)
        return (cells[column - 1], (number, column)) if column is not None else (None, None)

    raw_id, id_cell = value("id")
    entry_id = cell_text(raw_id)
    title_cell = (number, fields["title"])
    if "id" not in fields:  # derived (see derived_ids)
        entry_id, id_cell = ids[number], title_cell
    assert id_cell is not None
    rel = _entry_rel(table, number, entry_id, id_cell, "id" in fields, used, problems)
    draft = Draft(rel, anchor=id_cell, identity={"id": entry_id})
    draft.add(_comment(table, f"row {number}"), [(1, id_cell)])
    draft.add(f"id: {scalar(entry_id)}", [(1, id_cell)])
    for name in ("call", "category", "title", "entrant", "submitted", "summary", "url", "contact"):
        if name == "entrant":
            _add_entrant(draft, value, title_cell)
        else:
            _add_field(draft, name, *value(name))
    return draft


def _entry_rel(table: Table, number: int, entry_id: str | None, id_cell: Cell, given: bool, used: dict[str, int],
               problems: list[Diagnostic]) -> str:
    """The file of the entry in row `number`: entries/<id>.yaml, or entries/#row-<number>.yaml
    (never written) for an id that an earlier row has (R201, when the sheet gives ids) or that is
    no slug (reported by the checks)."""
    if entry_id is not None and entry_id in used and given:
        problems.append(Diagnostic(table.file, number, id_cell[1], "R201",
                                   f"column {table.header_name(id_cell[1])!r}: the id {entry_id!r} is already used by row {used[entry_id]}"))
        return f"entries/#row-{number}.yaml"
    if entry_id is not None and SLUG.fullmatch(entry_id) and len(entry_id) <= 120:
        used[entry_id] = number
        return f"entries/{entry_id}.yaml"
    return f"entries/#row-{number}.yaml"  # an id that is no slug: reported by the checks


def _add_entrant(draft: Draft, value: Callable[[str], tuple[Any, Cell | None]], title_cell: Cell) -> None:
    """The entrant: mapping, from the entrant.* columns the sheet has."""
    name_cell = value("entrant.name")[1] or title_cell
    draft.add("entrant:", [(1, name_cell)])
    for sub in ("name", "type", "id", "city", "country"):
        raw, cell = value(f"entrant.{sub}")
        if cell is None:
            continue
        text = cell_text(raw)
        if sub == "country" and text is not None:
            text = text.upper()  # kr is KR; a name (Korea) is still reported
        if text is None and f"entrant.{sub}" not in REQUIRED_ENTRY_FIELDS:
            continue
        draft.add(f"  {sub}: {scalar(text, text=f'entrant.{sub}' in _TEXT_FIELDS)}", [(1, cell)])


def _add_field(draft: Draft, name: str, raw: Any, cell: Cell | None) -> None:
    """A top-level field of an entry, when the sheet has a column for it (an empty optional one is left out)."""
    if cell is None:
        return
    if name == "submitted":
        if cell_text(raw) is None:
            return  # no date: where the call needs one, the entry's check says so (S101)
        draft.add(f"submitted: {date_scalar(cell_date(raw))}", [(1, cell)])
        return
    text = cell_text(raw)  # a summary keeps its line breaks: only the spaces around it go
    if text is None and name not in REQUIRED_ENTRY_FIELDS:
        return
    draft.add(f"{name}: {scalar(text, text=name in _TEXT_FIELDS)}", [(1, cell)])


@dataclass
class _Sheet:
    judge: str | None
    round: str | None
    judge_cell: Cell
    round_cell: Cell | None
    # entry → (its cell, criterion (None: an overall mark) → (mark, the mark's cell, the criterion's cell))
    entries: dict[str, tuple[Cell, dict[str | None, tuple[Any, Cell, Cell]]]] = field(default_factory=dict)
    empty: dict[str, dict[str, Cell]] = field(default_factory=dict)  # entry → criterion → an empty wide cell
    comments: dict[str, tuple[str, Cell, Cell]] = field(default_factory=dict)  # entry → (comment, its cell, the entry's cell)
    unmarked: dict[str, tuple[Cell, dict[str | None, Cell]]] = field(default_factory=dict)  # entry → rows without marks (Draft.unmarked)


@dataclass(frozen=True)
class Packet:
    """A workbook that is one judge's packet for one round: every row must name `judge` and `round`
    (an empty round cell is that round), and, where `entries` is known (the judge's entries in the
    round's assignment file), an entry of those. `given`: the organiser said whose it is (--judge);
    otherwise the workbook was recognised as a packet, and its first rows say whose it is."""

    judge: str
    round: str | None
    given: bool
    entries: frozenset[str] | None = None
    assignment: str = ""  # the assignment file that gives `entries`, for messages

    def whose(self) -> str:
        if self.given:
            return f"the workbook is the packet of judge {self.judge!r} (--judge {self.judge})"
        return (f"the workbook is a judge's packet (sheets Marks and Instructions) whose rows name judge {self.judge!r}: "
                "one packet holds one judge's marks for one round; import each packet on its own, with --judge")

    def which_round(self, round_given: bool) -> str:
        said = "--round" if round_given else "the round its rows name"
        return f"the packet is for round {self.round!r} ({said}): one packet holds one judge's marks for one round"


def packet_of(table: Table, columns: Columns, judge: str | None, default_round: str | None) -> Packet | None:
    """The packet the table is (None: it is none): judge `judge` (--judge), or else, for the Marks
    sheet of a packet workbook, the judge its rows name (the one most rows name, the first of
    those on a tie: a row changed to another judge is the odd one out, wherever it is); the round
    --round, or else the one its rows name (likewise). Decided over all rows, so that it does not
    change when bad rows are skipped."""
    given = judge is not None
    if not given and not table.packet:
        return None
    ji, ri = columns.fields["judge"], columns.fields.get("round")
    if judge is None:
        judge = _most_named(table, ji)
        if judge is None:
            return None  # no row names a judge: each row says so (I702)
    round_id = default_round if default_round is not None or ri is None else _most_named(table, ri)
    return Packet(judge, round_id, given)


def _most_named(table: Table, column: int) -> str | None:
    """The text most of the table's cells in `column` hold (the first of those on a tie; None: all empty)."""
    counts: dict[str, int] = {}
    for _, cells in table.rows:
        text = cell_text(cells[column - 1])
        if text is not None:
            counts[text] = counts.get(text, 0) + 1
    return max(counts, key=lambda text: counts[text]) if counts else None


def score_drafts(table: Table, columns: Columns, skip: set[int], default_round: str | None,
                 codes: dict[str, str] | None = None, packet: Packet | None = None) -> tuple[list[Draft], list[Diagnostic]]:
    """One draft per judge and round: scores/[<round>/]<judge>.yaml, marks in the order of the rows.
    `codes` maps the entry codes of blind packets back to entry ids (code → id); `packet`: the
    table is one judge's packet for one round, and a row of another judge, round or entry is bad."""
    sheets, problems = _sheets_of(table, columns, skip, default_round, codes or {}, packet)
    drafts = [_sheet_draft(table, index, sheet) for index, sheet in enumerate(sheets.values(), start=1)]
    return drafts, problems


def _sheets_of(table: Table, columns: Columns, skip: set[int], default_round: str | None, codes: dict[str, str],
               packet: Packet | None) -> tuple[dict[tuple[str, str | None], _Sheet], list[Diagnostic]]:
    """The marks of the rows, gathered per judge and round, in the order of the rows; a row without
    a judge or entry (I702), a row of a packet naming another judge or round or an entry not in the
    judge's packet (I702), an entry code of no entry (R205) or a mark or comment given again
    (T603) is a problem. A row that gives no mark leaves its entry unmarked (checking.py says so)."""
    fields = columns.fields
    problems: list[Diagnostic] = []
    sheets: dict[tuple[str, str | None], _Sheet] = {}
    ji, ei, ri = fields["judge"], fields["entry"], fields.get("round")

    for number, cells in table.rows:
        if number in skip:
            continue
        judge, shown = cell_text(cells[ji - 1]), cell_text(cells[ei - 1])
        if judge is None or shown is None:
            column = ji if judge is None else ei
            problems.append(_cell_problem(table, number, column, f"the {'judge' if judge is None else 'entry'} cell is empty"))
            continue
        round_named = cell_text(cells[ri - 1]) if ri is not None else None
        problem = _not_the_packets(table, packet, number, (ji, ri), judge, round_named, default_round is not None)
        entry = None if problem is not None else _entry_of(table, number, ei, shown, codes, problems)
        if entry is None:
            problems += [problem] if problem is not None else []
            continue
        if packet is not None and packet.entries is not None and entry not in packet.entries:
            named = f"{shown!r}" + (f" (entry {entry!r})" if shown != entry else "")
            where = f" for round {packet.round!r}" if packet.round is not None else ""
            problems.append(_cell_problem(table, number, ei, f"{named} is not in the packet of judge {packet.judge!r}{where}: "
                                                             f"{packet.assignment} does not give it to them"))
            continue
        round_id = round_named or (packet.round if packet is not None else default_round)
        sheet = sheets.get((judge, round_id))
        if sheet is None:
            round_cell = (number, ri) if ri is not None and cell_text(cells[ri - 1]) else None
            sheet = sheets[(judge, round_id)] = _Sheet(judge, round_id, (number, ji), round_cell)
        problems += _add_comment(table, columns, number, cells, judge, entry, sheet)
        if not _gives_marks(columns, cells):  # nothing to mark with (a packet's row left empty)
            sheet.unmarked.setdefault(entry, ((number, ei), _mark_cells(columns, number)))
            continue
        new = entry not in sheet.entries
        if new:
            sheet.entries[entry] = ((number, ei), {})
        problems += _add_marks(table, columns, number, cells, judge, entry, sheet)
        if new and not sheet.entries[entry][1]:  # the row's marks were refused (M304): no line for them
            del sheet.entries[entry]
    return sheets, problems


def _cell_problem(table: Table, number: int, column: int, message: str) -> Diagnostic:
    return Diagnostic(table.file, number, column, "I702", f"column {table.header_name(column)!r}: {message}")


def _not_the_packets(table: Table, packet: Packet | None, number: int, columns: tuple[int, int | None], judge: str,
                     round_cell: str | None, round_given: bool) -> Diagnostic | None:
    """I702 for a row of a packet that names another judge or round than the packet's (None: it is the packet's)."""
    ji, ri = columns
    if packet is None:
        return None
    if judge != packet.judge:
        return _cell_problem(table, number, ji, f"the row names judge {judge!r}, but {packet.whose()}")
    if round_cell is not None and ri is not None and round_cell != packet.round:
        return _cell_problem(table, number, ri, f"the row names round {round_cell!r}, but {packet.which_round(round_given)}")
    return None


def _entry_of(table: Table, number: int, column: int, shown: str, codes: dict[str, str], problems: list[Diagnostic]) -> str | None:
    """The entry id an entry cell names: the id, or the entry whose code it holds (in either case);
    None for a code of no entry (R205, added to `problems`)."""
    if shown in codes:  # a code, or an entry id that looks like one
        return codes[shown]
    if not ENTRY_CODE.fullmatch(shown):
        return shown
    if shown.upper() in codes:
        return codes[shown.upper()]
    problems.append(Diagnostic(table.file, number, column, "R205",
                               f"column {table.header_name(column)!r}: the entry code {shown!r} is the code of no entry of the cycle "
                               "(was the packet made for another cycle, or with another SMARTAWARD_PSEUDONYM_KEY?)"))
    return None


def _mark_columns(columns: Columns) -> list[tuple[int, str | None]]:
    """The columns of a row's marks: (column, criterion), None for the mark column; in the long
    form the criterion column too."""
    marks: list[tuple[int, str | None]] = list(columns.criteria)
    for name in ("criterion", "mark"):
        if name in columns.fields:
            marks.append((columns.fields[name], None))
    return marks


def _gives_marks(columns: Columns, cells: list[Any]) -> bool:
    """Whether any of the row's mark cells (in the long form, its criterion cell too) is filled."""
    return any(cell_mark(cells[column - 1]) is not None for column, _ in _mark_columns(columns))


def _mark_cells(columns: Columns, number: int) -> dict[str | None, Cell]:
    """The empty mark cells of row `number`: criterion (None: the mark column) → cell."""
    cells: dict[str | None, Cell] = {}
    for column, criterion in _mark_columns(columns):
        cells.setdefault(criterion, (number, column))
    return cells


def _add_comment(table: Table, columns: Columns, number: int, cells: list[Any], judge: str, entry: str, sheet: _Sheet) -> list[Diagnostic]:
    """The row's comment, the judge's on the entry (one per judge and entry: a different one in a
    later row is T603; the same again is fine)."""
    column = columns.fields.get("comment")
    text = cell_text(cells[column - 1]) if column is not None else None
    if column is None or text is None:
        return []
    # A line break pasted into a spreadsheet cell comes as CR LF (Excel stores it as _x000D_ and a
    # line feed) or a lone CR: the judge meant a line break, which a comment keeps as LF.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = sheet.comments.setdefault(entry, (text, (number, column), (number, columns.fields["entry"])))
    if first[0] == text:
        return []
    return [Diagnostic(table.file, number, column, "T603",
                       f"column {table.header_name(column)!r}: judge {judge!r} gave {entry!r} a different comment in row {first[1][0]}; "
                       "one comment per judge and entry, and only the first counts")]


def _add_marks(table: Table, columns: Columns, number: int, cells: list[Any], judge: str, entry: str, sheet: _Sheet) -> list[Diagnostic]:
    """The marks of row `number` (long, overall or wide form) added to the judge's sheet; a mark
    the judge already gave the entry in an earlier row is a problem (T603), and so is an overall
    mark beside criterion marks in one row of a wide sheet with a mark column (M304)."""
    ci, mi = columns.fields.get("criterion"), columns.fields.get("mark")
    marks = sheet.entries[entry][1]
    if mi is not None and columns.criteria and cell_mark(cells[mi - 1]) is not None:
        filled = [column for column, _ in columns.criteria if cell_mark(cells[column - 1]) is not None]
        if filled:  # a wide sheet with a mark column: one or the other
            return [Diagnostic(table.file, number, mi, "M304",
                               f"column {table.header_name(mi)!r}: the row has criterion marks too ({table.header_name(filled[0])!r}, "
                               f"column {filled[0]}); an entry has one overall mark (a call without criteria, a screening verdict) "
                               "or a mark for each criterion of its call, not both")]
    if mi is not None and (not columns.criteria or cell_mark(cells[mi - 1]) is not None):  # long or overall form
        criterion = cell_text(cells[ci - 1]) if ci is not None else None
        if criterion in marks or (marks and (criterion is None) != (None in marks)):
            return [_duplicate(table, number, mi, judge, f"{entry!r}" + (f" on {criterion!r}" if criterion else "") if criterion in marks
                               else f"{entry!r} with {'criterion marks' if criterion is None else 'an overall mark'}")]
        marks[criterion] = (cell_mark(cells[mi - 1]), (number, mi), (number, ci) if ci is not None else (number, mi))
        return []
    problems: list[Diagnostic] = []
    if None in marks:  # an overall mark in an earlier row
        column = next(column for column, _ in columns.criteria if cell_mark(cells[column - 1]) is not None)
        return [_duplicate(table, number, column, judge, f"{entry!r} with an overall mark")]
    for column, criterion in columns.criteria:  # wide form: one column per criterion; an empty cell is no mark
        mark = cell_mark(cells[column - 1])
        if mark is None:  # no mark; where one is missing (M305), this is the cell to point at
            sheet.empty.setdefault(entry, {}).setdefault(criterion, (number, column))
            continue
        if criterion in marks:
            problems.append(_duplicate(table, number, column, judge, f"{entry!r} on {criterion!r}"))
            continue
        marks[criterion] = (mark, (number, column), (number, column))
    return problems


def _duplicate(table: Table, number: int, column: int, judge: str, what: str) -> Diagnostic:
    return Diagnostic(table.file, number, column, "T603",
                      f"column {table.header_name(column)!r}: judge {judge!r} already marked {what} in an earlier row; only the first mark counts")


def _sheet_draft(table: Table, index: int, sheet: _Sheet) -> Draft:
    """The draft of one judge's sheet for a round (the `index`th of the table): its marks, then its
    comments. A sheet with neither is checked (its judge, round, entries) but not written."""
    names_ok = all(x is None or (SLUG.fullmatch(x) and len(x) <= 120) for x in (sheet.judge, sheet.round))
    if names_ok:
        rel = f"scores/{sheet.round}/{sheet.judge}.yaml" if sheet.round else f"scores/{sheet.judge}.yaml"
    else:
        rel = f"scores/#sheet-{index}.yaml"  # a judge or round that is no id: reported by the checks
    draft = Draft(rel, anchor=sheet.judge_cell, identity={"judge": sheet.judge, "round": sheet.round})
    rows = sorted({cell[0] for cell, marks in sheet.entries.values()} | {c[0] for _, m in sheet.entries.values() for _, c, _ in m.values()}
                  | {cell[0] for _, cell, _ in sheet.comments.values()})
    draft.add(_comment(table, row_list(rows) if rows else "no row with marks"), [(1, sheet.judge_cell)], whole=True)
    draft.add(f"judge: {scalar(sheet.judge)}", [(1, sheet.judge_cell)], whole=True)
    if sheet.round is not None:
        draft.add(f"round: {scalar(sheet.round)}", [(1, sheet.round_cell or sheet.judge_cell)], whole=True)
    draft.add("scores:" if sheet.entries else "scores: {}", [(1, sheet.judge_cell)], whole=True)
    for entry, (entry_cell, marks) in sheet.entries.items():
        draft.add(*_marks_line(entry, entry_cell, marks))
        draft.entries[len(draft.lines)] = entry
        if entry in sheet.empty:
            draft.empty[len(draft.lines)] = {c: cell for c, cell in sheet.empty[entry].items() if c not in marks}
    if sheet.comments:
        draft.add("comments:", [(1, sheet.judge_cell)], whole=True)
        for entry, (text, cell, entry_cell) in sheet.comments.items():
            line = f"  {scalar(entry)}: "
            draft.add(line + scalar(text, text=True), [(1, entry_cell), (len(line) + 1, cell)])
            draft.comment_lines.add(len(draft.lines))
    draft.unmarked = {entry: (cell, empty, entry in sheet.comments) for entry, (cell, empty) in sheet.unmarked.items()
                      if entry not in sheet.entries}
    draft.written = bool(sheet.entries or sheet.comments)
    return draft


def _marks_line(entry: str, entry_cell: Cell, marks: dict[str | None, tuple[Any, Cell, Cell]]) -> tuple[str, list[tuple[int, Cell]]]:
    """A sheet's line of marks for an entry, and the cell each of its columns came from."""
    line = f"  {scalar(entry)}: "
    cells: list[tuple[int, Cell]] = [(1, entry_cell)]
    if None in marks:
        mark, cell, _ = marks[None]
        cells.append((len(line) + 1, cell))
        return line + scalar(mark), cells
    line += "{"
    for position, (criterion, (mark, cell, criterion_cell)) in enumerate(marks.items()):
        line += ", " if position else ""
        cells.append((len(line) + 1, criterion_cell))  # a problem at the criterion key
        line += f"{scalar(criterion)}: "
        cells.append((len(line) + 1, cell))  # a problem at the mark
        line += scalar(mark)
    return line + "}", cells


def row_list(rows: list[int]) -> str:
    """Rows 2-40, 45, 50-51: the rows a sheet came from, for its comment."""
    spans: list[list[int]] = []
    for row in rows:
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    text = ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in spans)
    return ("row " if len(rows) == 1 else "rows ") + (text if len(text) < 200 else f"{rows[0]} to {rows[-1]}")
