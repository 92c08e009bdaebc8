"""`smartaward import judges FILE`: the jury list (a .csv or .xlsx, one judge a row) → judges.yaml.

Columns are found as for entries (columns.DEFAULT_HEADERS["judges"], compared loosely; --map and
--mapping first): name (required), id (derived from the name where there is none: its slug, made
unique by -2, -3, ...), country (an ISO code or a name: model/countries.py), city, affiliation,
calls (ids or titles), rounds, categories, expertise, conflicts (lists: comma or semicolon),
voting / observer / public (yes, no, true, false, x, 1, 0; empty: the default), max entries, min
entries, and an e-mail or contact column (the judge's private `contact:`). A column whose name is
near a field that decides who judges what (country, calls, rounds, categories, conflicts, voting,
observer, public) is I701 with "did you mean"; any other that names no field is left out, with
one warning (I706) that lists them all, as for entries.

List values are read as values.py reads a cell (the id, an exact title, then folded): calls,
categories and rounds by id or title; a conflict by an entry's id or title, or as a pattern, which
is lowercased where only that could match an id ("Lyon-*"); an expertise tag as its slug ("Energy
Policy" → energy-policy); a value given twice once. A country is read by values.read_value (a
value written as no code that names no country: I705). Each reading is a note, said as values.py
says it; --map-values maps the country and list columns first, bound by values.bind_value_maps
(a cycle value that names nothing: exit 2). A conflict that matches no entry yet is I707 (a warning: entries
may come later; one that never can is validate's R214), and a name an earlier row gives is I708.

judges.yaml is one file, written whole, in the order of the rows. It is checked as `validate`
checks it, against the whole cycle, and every problem in it moved back to the cell its value came
from. Policy when judges.yaml exists: a file with no judge in it (as `init` writes it) is replaced;
one with judges is replaced only with --force, and then whole (the spreadsheet is the jury: a judge
not in it is no longer one); without --force it is I703 and nothing is written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartaward.diagnostics import Diagnostic, Severity, cap_diagnostics
from smartaward.importing.columns import DEFAULT_HEADERS, IGNORE, slugify
from smartaward.importing.drafts import Draft
from smartaward.importing.fields import Cell, ImportMisuse, Note, ReadAs
from smartaward.importing.plan import Plan, Planned
from smartaward.importing.spreadsheet import Table, cell_text, read_table
from smartaward.writing.yamltext import scalar

if TYPE_CHECKING:
    from smartaward.importing.values import Vocabulary
    from smartaward.reading.files import CycleFiles

_LISTS = ("calls", "rounds", "categories", "expertise", "conflicts")
_FLAGS = ("voting", "observer", "public")
_COUNTS = ("max_entries", "min_entries")
_TEXTS = ("name", "city", "affiliation", "contact")  # always quoted, as the samples quote names
_ORDER = ("name", "country", "affiliation", "city", "calls", "rounds", "categories", "expertise", "conflicts", "voting",
          "public", "max_entries", "min_entries", "contact")
_YES, _NO = {"yes", "y", "true", "x", "1", "oui", "ja", "si"}, {"no", "n", "false", "0", "non", "nein", ""}
_SPLIT = re.compile(r"\s*[,;\n]\s*")
_GLOB = re.compile(r"[*?\[]")
SLUG_TEXT = re.compile(r"[a-z0-9][a-z0-9-]*")
_MAX_ID = 60
REL = "judges.yaml"


@dataclass
class _Jury:
    """What a judge's cells are read against (the cycle's calls, categories, rounds and entries,
    id → title), and what reading them found: notes (values read otherwise than written, one per
    column and value) and warnings (I707: a conflict that matches no entry yet)."""

    calls: dict[str, str | None]
    categories: dict[str, str | None] = field(default_factory=dict)
    rounds: dict[str, str | None] = field(default_factory=dict)
    entries: dict[str, str | None] = field(default_factory=dict)
    read: dict[tuple[int, str, str, bool], list[int]] = field(default_factory=dict)  # (column, written, read as, mapped) → rows
    warnings: list[Diagnostic] = field(default_factory=list)
    twice: dict[int, list[int]] = field(default_factory=dict)  # column → the rows whose list gave a value twice
    country_column: int = 0
    maps: dict[int, dict[str, str]] = field(default_factory=dict)  # --map-values: column → folded value → the cycle's
    vocabulary: Vocabulary | None = None  # the same, as values.py reads a cell (None: no cycle.yaml)

    def mapped(self, column: int, text: str) -> str:
        """`text` as --map-values maps it in its column (as written where it does not)."""
        from smartaward.text.suggest import fold

        found = self.maps.get(column, {}).get(fold(text))
        return text if found is None else found

    def note(self, column: int, written: str, value: str, row: int) -> None:
        from smartaward.text.suggest import fold

        rows = self.read.setdefault((column, written, value, fold(written) in self.maps.get(column, {})), [])
        if row not in rows:
            rows.append(row)


def plan_judges(root: Path, source: Path, shown: str, maps: dict[str, str], file_maps: dict[str, str], *, sheet: str | None,
                force: bool, skip_bad: bool, read_as: ReadAs) -> Plan:
    """Everything `import judges` would do, checked (see the module docstring); nothing written here."""
    from smartaward.reading.files import collect

    _refuse_options(read_as)
    table = read_table(source, shown, sheet)
    root = root.resolve()
    cycle_files = collect(root)
    rows = len(table.rows)
    problems = list(table.problems)
    if not table.header or not table.rows:
        return Plan("judges", table, [], cap_diagnostics(problems), rows, [], True)
    columns, header_problems, notes = _columns(table, maps, file_maps, read_as)
    if table.workbook is not None and table.workbook.read_hidden:  # --sheet names a hidden tab: read, as the organiser named it
        notes.insert(0, Note("sheets", f"the sheet {table.workbook.read!r} is hidden in the workbook; read as --sheet names it"))
    problems += header_problems
    if any(d.severity is Severity.ERROR for d in header_problems):
        return Plan("judges", table, [], cap_diagnostics(problems), rows, [], True, notes=notes)
    jury = _jury(cycle_files)
    jury.country_column = columns.get("country", 0)
    if read_as.value_maps is not None:
        jury.maps = _value_maps(read_as.value_maps, table, columns, jury)
    constants = _constants(read_as, columns, jury)
    ids = _ids(table, columns)
    skip: set[int] = set()
    bad: set[int] = {d.line for d in problems if d.severity is Severity.ERROR and d.line > table.header_row}
    found: list[Diagnostic] = []
    draft = Draft(REL)
    for _ in range(5):  # with skip_bad: drop the bad rows and check the rest again
        jury.read.clear()
        jury.warnings.clear()
        jury.twice.clear()
        draft, found = _draft(table, columns, ids, (jury, constants), skip | (bad if skip_bad else set()))
        if (root / ".schema").is_dir():
            from smartaward.writing.scaffold import modeline

            draft.prepend(modeline(REL, "judges"))
        found += _check(table, cycle_files, draft, force)
        found = [d for d in found if (d.line, d.column) not in table.unreadable]
        newly = {d.line for d in found if d.severity is Severity.ERROR} - skip
        bad |= newly
        if not skip_bad or not newly - {table.header_row}:
            break
        skip |= bad
    problems += found + jury.warnings + _names_twice(table, columns, skip)
    notes += _value_notes(table, jury)
    blocked = bool(bad) and not skip_bad or any(d.code == "I703" for d in found)
    planned = [] if blocked or not draft.rows else [Planned(REL, root / REL, draft.shown, draft.data, os.path.lexists(root / REL))]
    return Plan("judges", table, planned, cap_diagnostics(problems), rows, sorted(bad - {table.header_row}), blocked, notes=notes)


def _refuse_options(read_as: ReadAs) -> None:
    """ImportMisuse for the options of marks and dates, which a jury list has none of."""
    given = [name for name, on in (("--decimal", read_as.decimal), ("--date-format", read_as.date_format), ("--day-first", read_as.day_first))
             if on]
    if given:
        raise ImportMisuse(f"{', '.join(given)}: not for a jury list (import judges reads no marks or dates)")


def _constants(read_as: ReadAs, columns: dict[str, int], calls: _Jury) -> dict[str, str]:
    """--set FIELD=VALUE: a judge's field → its YAML text, for every row (no column may hold it).
    ImportMisuse for a field that is no judge's, one a column holds, or a value that is none of it."""
    from smartaward.importing.columns import mapping_target

    out: dict[str, str] = {}
    for given, value in read_as.constants.items():
        name = mapping_target("judges", given, option="--set")
        if name in ("id", "name", IGNORE):
            raise ImportMisuse(f"--set {given}=...: every judge has an id and a name of their own; --set gives a value to every row")
        if name in columns:
            raise ImportMisuse(f"--set {given}=...: the column {columns[name]} holds {name} already")
        problems: list[str] = []
        written = _written(name, value, value, calls, _collector(problems), 0)
        if written is None or problems:
            raise ImportMisuse(f"--set {given}={value}: {'; '.join(problems)}")
        out["voting" if name == "observer" else name] = written
    return out


def _collector(found: list[str]) -> Callable[..., None]:
    """A `bad` for _written that keeps the messages (--set: one ImportMisuse says them all)."""
    def said(message: str, code: str = "I702") -> None:
        del code  # --set's value: misuse of the command, whatever the code of a cell would be
        found.append(message)
    return said


def _columns(table: Table, maps: dict[str, str], file_maps: dict[str, str],
             read_as: ReadAs) -> tuple[dict[str, int], list[Diagnostic], list[Note]]:
    """Field → column; I701 for a field given twice, no name column, or a column whose name is
    near a field that changes the results (a misspelt "Conflcts": its values would be lost); one
    warning (I706, as for entries and scores: columns.ignored_warning) for the other columns left out."""
    from smartaward.importing.columns import Columns, ignored_warning, loose_header

    fields: dict[str, int] = {}
    problems: list[Diagnostic] = []
    left_out = Columns({}, [])
    for index, name in enumerate(table.header, start=1):
        key = loose_header(name)
        if not key:
            continue
        target = maps.get(key) or file_maps.get(key) or DEFAULT_HEADERS["judges"].get(key)
        if target is None:
            misspelt = _misspelt(name)
            if misspelt is None:
                left_out.ignored.append(index)
            else:
                problems.append(Diagnostic(table.file, table.header_row, index, "I701", misspelt))
        elif target == IGNORE:
            continue
        elif target in fields:
            first = fields[target]
            problems.append(Diagnostic(table.file, table.header_row, index, "I701",
                                       f"the column {name!r} is a second column for {target} (the first is {table.header_name(first)!r}, "
                                       f"column {first}); map one of them to -"))
        else:
            fields[target] = index
    if "name" not in fields:
        problems.append(Diagnostic(table.file, table.header_row, 1, "I701",
                                   "no column for name: every judge needs one; name the column so, or map it with --map \"HEADER=name\""))
    if "voting" in fields and "observer" in fields:
        problems.append(Diagnostic(table.file, table.header_row, fields["observer"], "I701",
                                   "a voting column and an observer column say the same thing twice; map one of them to -"))
    if left_out.ignored:
        problems.append(ignored_warning("judges", table, left_out, ()))
    del read_as  # the jury list has no marks or dates: --decimal and the date options do not apply
    return fields, problems, left_out.notes


# The fields of a judge whose values change the results (who may judge what, and whose vote counts):
# a column whose name is near one of them is an error (I701), not a column left out with a warning.
_DECISIVE = ("country", "calls", "rounds", "categories", "conflicts", "voting", "observer", "public")


def _misspelt(name: str) -> str | None:
    """The I701 message for a header near a field that changes the results (None: it is not)."""
    from smartaward.importing.columns import JUDGE_FIELDS
    from smartaward.text.suggest import nearest

    # The fields' own names only: their other headers ("votes") are near common words ("Notes").
    near = nearest(name, {field_name: field_name.replace("_", " ") for field_name in JUDGE_FIELDS}, 1)
    target = near[0] if near else None
    if target not in _DECISIVE:
        return None
    return (f"the column {name!r} names no field of a judge; did you mean {target!r}? Its values decide who judges what, so it is not "
            f"left out: name it so, map it with --map \"{name}={target}\", or leave it out with --map \"{name}=-\"")


def _jury(cycle_files: CycleFiles) -> _Jury:
    """The cycle's calls, categories, rounds and entries, id → title (a cell may name one by either)."""
    from smartaward.importing.values import Vocabulary, entry_titles
    from smartaward.reading.load import load_cycle

    cycle = load_cycle(cycle_files)
    spec = cycle.spec
    if spec is None:
        return _Jury({})
    entries = entry_titles(cycle.entries) | dict.fromkeys(cycle.broken_entries)
    jury = _Jury({call_id: call.title for call_id, call in spec.calls.items()}, entries=entries, vocabulary=Vocabulary.of(spec, None, entries))
    for call in spec.calls.values():
        for category_id, category in call.categories.items():
            jury.categories.setdefault(category_id, category.title)
        for round_id, stage in call.rounds.items():
            jury.rounds.setdefault(round_id, stage.title)
    return jury


def _ids(table: Table, columns: dict[str, int]) -> dict[int, str]:
    """Row → the judge's id: the id cell's, or the name's slug made unique in the sheet (-2, -3, ...)."""
    given = {number: cell_text(cells[columns["id"] - 1]) for number, cells in table.rows} if "id" in columns else {}
    used = {text for text in given.values() if text}
    ids: dict[int, str] = {}
    for number, cells in table.rows:
        text = given.get(number)
        if text:
            ids[number] = text
            continue
        base = slugify(cell_text(cells[columns["name"] - 1]) or "")[:_MAX_ID].strip("-") or "judge"
        judge_id, suffix = base, 2
        while judge_id in used:
            judge_id, suffix = f"{base}-{suffix}", suffix + 1
        used.add(judge_id)
        ids[number] = judge_id
    return ids


def _draft(table: Table, columns: dict[str, int], ids: dict[int, str], known: tuple[_Jury, dict[str, str]],
           skip: set[int]) -> tuple[Draft, list[Diagnostic]]:
    """judges.yaml as the rows make it, each line traced to its cell; the problems of cells that are
    no value of their field (I702) and ids given twice (R201)."""
    from smartaward.importing.drafts import row_list
    from smartaward.reading.files import printable

    calls, constants = known
    draft = Draft(REL)
    problems: list[Diagnostic] = []
    kept = [(number, cells) for number, cells in table.rows if number not in skip]
    draft.add(f"# Imported by smartaward from {printable(table.name)}, {row_list([n for n, _ in kept]) if kept else 'no row'}",
              [(1, (table.header_row, 1))], whole=True)
    if not kept:
        draft.add("{}", [(1, (table.header_row, 1))], whole=True)
    seen: dict[str, int] = {}
    for number, cells in kept:
        judge_id = ids[number]
        id_cell = (number, columns.get("id", columns["name"]))
        if judge_id in seen:
            problems.append(Diagnostic(table.file, number, id_cell[1], "R201",
                                       f"column {table.header_name(id_cell[1])!r}: the judge id {judge_id!r} is already used by row {seen[judge_id]}"))
            continue
        seen[judge_id] = number
        draft.add(f"{scalar(judge_id)}:", [(1, id_cell)])
        values = _values(table, columns, number, cells, calls, problems)
        values.update({name: (text, (number, 1)) for name, text in constants.items()})  # --set: at the row
        for name in _ORDER:
            if name in values:
                text, cell = values[name]
                draft.add(f"  {name}: {text}", [(1, cell)])
    return draft, problems


def _values(table: Table, columns: dict[str, int], number: int, cells: list[Any], calls: _Jury,
            problems: list[Diagnostic]) -> dict[str, tuple[str, Cell]]:
    """The judge's fields in row `number` as YAML text, each with its cell (an empty cell: left out,
    but for the name, which the checks then report)."""
    out: dict[str, tuple[str, Cell]] = {}
    for name, column in columns.items():
        if name == "id":
            continue

        def bad(message: str, code: str = "I702", column: int = column) -> None:
            problems.append(Diagnostic(table.file, number, column, code, f"column {table.header_name(column)!r}: {message}"))

        raw = cells[column - 1]
        text = cell_text(raw)
        if text is None and name != "name":
            continue  # an empty cell: the field's default
        written = _written(name, raw, text, calls, bad, number, (table, column))
        if written is not None:
            out["voting" if name == "observer" else name] = (written, (number, column))
    return out


def _written(name: str, raw: Any, text: str | None, jury: _Jury, bad: Callable[..., None], row: int,
             cell: tuple[Table, int] | None = None) -> str | None:
    """A field's cell as YAML text (None: nothing to write, a problem said through `bad`). `row`
    and `cell` (the table and column): where the values read otherwise are noted (0, None: --set)."""
    if name in _TEXTS:
        return scalar(text, text=True)
    assert text is not None
    if name == "country":
        code = _country(text, jury.mapped(cell[1], text) if cell is not None else text, jury, bad)
        if code is not None and code != text and cell is not None:
            jury.note(cell[1], text, code, row)
        return None if code is None else scalar(code)
    if name in _LISTS:
        items = [item for item in _SPLIT.split(text) if item]
        read = [_item(name, jury.mapped(cell[1], item) if cell is not None else item, jury) for item in items]
        if cell is not None:
            for item, value in zip(items, read, strict=True):
                if value != item:
                    jury.note(cell[1], item, value, row)
            if name == "conflicts":
                _unmatched(cell, row, read, jury)
            if len(set(read)) < len(read):
                jury.twice.setdefault(cell[1], []).append(row)
        return "[" + ", ".join(scalar(item) for item in dict.fromkeys(read)) + "]"  # a value given twice: once
    if name in _FLAGS:
        flag = _flag(raw, text)
        if flag is None:
            bad(f"{text!r} is neither yes nor no (yes, no, true, false, x, 1, 0, or empty for the default)")
            return None
        return scalar(not flag if name == "observer" else flag)
    count = _count(raw, text)  # max_entries, min_entries
    if count is None:
        bad(f"{text!r} is not a whole number of entries")
        return None
    return str(count)


def _country(text: str, mapped: str, jury: _Jury, bad: Callable[..., None]) -> str | None:
    """The ISO code of a country written as an organiser writes it (values.read_value, after
    --map-values): a value written as a code that is none (`XX`) is written as given, for the checks
    to report as validate does; any other that names no country is I705 at its cell (and not
    written, so that the checks do not report the same cell again)."""
    from smartaward.importing.values import Vocabulary, looks_like_id, quoted_value, read_value, suggestions

    reading = read_value(jury.vocabulary or Vocabulary({}, {}, {}, {}, {}), "country", mapped)
    if reading.value is not None:
        return reading.value
    if mapped == text and looks_like_id("country", text):
        return text
    hint = suggestions(reading, mapped)
    bad(f"{quoted_value(text)} is no {reading.what}" + (f"; {hint}" if hint else ".") + " Or map the value with --map-values.", "I705")
    return None


def _item(name: str, item: str, jury: _Jury) -> str:
    """One value of a list cell as the file writes it: a call, category or round by its id or
    title, an entry of a conflict by its id or title (values.py's reading: the id first, then
    folded); an expertise tag as its slug ("Energy Policy" → energy-policy); a conflict pattern
    that could match no id, lowercased where that makes one that can ("Lyon-*" → lyon-*). Else as
    written: the checks say it names nothing, with the nearest."""
    from smartaward.checks.references import conflict_can_match
    from smartaward.importing.values import named

    if name == "expertise":
        return item if SLUG_TEXT.fullmatch(item) else slugify(item)[:_MAX_ID].strip("-") or item
    choices = {"calls": jury.calls, "categories": jury.categories, "rounds": jury.rounds, "conflicts": jury.entries}[name]
    found = [] if name == "conflicts" and _GLOB.search(item) else named(item, choices)
    if len(found) == 1:
        return found[0]
    lowered = item.lower()
    if name == "conflicts" and not conflict_can_match(item) and conflict_can_match(lowered):
        return lowered  # "Lyon-*", "Oslo-Bikes": the id or pattern meant, in the case ids have
    return item


def _unmatched(cell: tuple[Table, int], row: int, patterns: list[str], jury: _Jury) -> None:
    """I707 for a conflict that matches none of the cycle's entries (yet: entries may come after
    the jury), at its cell; one that can match no entry ever is R214, from the checks."""
    from fnmatch import fnmatchcase

    from smartaward.checks.references import conflict_can_match

    table, column = cell
    for pattern in dict.fromkeys(patterns):
        if conflict_can_match(pattern) and not any(fnmatchcase(entry_id, pattern) for entry_id in jury.entries):
            jury.warnings.append(Diagnostic(table.file, row, column, "I707", f"column {table.header_name(column)!r}: the conflict "
                                            f"{pattern!r} matches no entry of the cycle (yet); it is written as given"))


def _names_twice(table: Table, columns: dict[str, int], skip: set[int]) -> list[Diagnostic]:
    """I708 at each later row of a judge whose name (folded) an earlier row gives: two judges of
    one name are two judges, but a score sheet naming its judge by that name is then ambiguous."""
    from smartaward.text.suggest import fold

    first: dict[str, int] = {}
    found: list[Diagnostic] = []
    column = columns["name"]
    for number, cells in table.rows:
        name = cell_text(cells[column - 1])
        if not name or number in skip:
            continue
        earlier = first.setdefault(fold(name), number)
        if earlier != number:
            found.append(Diagnostic(table.file, number, column, "I708", f"column {table.header_name(column)!r}: row {earlier} names a judge "
                                    f"{name!r} too; both are imported, but a score sheet that names its judge so is ambiguous "
                                    "(its judge column must then give the id)"))
    return found


_MAPPED_FIELDS = ("country", *_LISTS)  # the columns --map-values may name


def _value_maps(path: Path, table: Table, columns: dict[str, int], jury: _Jury) -> dict[int, dict[str, str]]:
    """--map-values for a jury list, bound as values.bind_value_maps binds an entries or scores
    sheet's (ImportMisuse for a column the sheet does not have, one given twice, one whose values
    are no ids, or a cycle value that names nothing): column → folded spreadsheet value → the value
    to read instead."""
    from smartaward.importing.columns import Columns
    from smartaward.importing.values import Vocabulary, bind_value_maps, read_value_maps

    vocabulary = jury.vocabulary or Vocabulary({}, {}, {}, {}, {})
    bound = bind_value_maps("judges", read_value_maps(path), table, Columns(dict(columns), []), vocabulary, path)
    return {column: {given: target for given, (target, _) in value_map.values.items()} for column, value_map in bound.items()}


def _value_notes(table: Table, jury: _Jury) -> list[Note]:
    """The notes of the values read otherwise than written, as values.py says them ("'Lyon-*' read
    as 'lyon-*'", "... by --map-values"), column by column; and one per column of a value given twice."""
    from smartaward.importing.values import value_notes

    notes: list[Note] = []
    by_column: dict[int, dict[tuple[str, str, bool], list[int]]] = {}
    for (column, written, value, mapped), rows in sorted(jury.read.items(), key=lambda item: (item[0][0], min(item[1]))):
        by_column.setdefault(column, {})[(written, value, mapped)] = rows
    for column, read in by_column.items():
        notes += value_notes(table, column, read, "country" if column == jury.country_column else "")
    for column, rows in sorted(jury.twice.items()):
        notes.append(Note("values", f"a value given twice in one cell is written once (row{'s' if len(rows) > 1 else ''} "
                                    f"{', '.join(map(str, rows))})", column, table.header_name(column)))
    return notes


def _flag(raw: Any, text: str | None) -> bool | None:
    if isinstance(raw, bool):
        return raw
    folded = (text or "").strip().casefold()
    return True if folded in _YES else False if folded in _NO else None


def _count(raw: Any, text: str) -> int | None:
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    return int(text) if text.isdigit() and len(text) < 10 else None


def _check(table: Table, cycle_files: CycleFiles, draft: Draft, force: bool) -> list[Diagnostic]:
    """The cycle with the draft as its judges.yaml, checked by validate's loader and checks: the
    draft's problems at their cells; the problems the new jury makes in other files (a sheet of a
    judge no longer in it) at those files; I703 for a judges.yaml with judges, without --force."""
    from smartaward.checks.run import run_checks
    from smartaward.reading.files import JUDGES_FILE, CycleFiles, SourceFile, shown_name
    from smartaward.reading.load import load_cycle
    from smartaward.writing.staging import link_out

    root = cycle_files.root
    draft.shown = shown_name(cycle_files.display_root, REL)
    found: list[Diagnostic] = []
    out = link_out(root, REL, "the cycle folder")
    if out is not None:
        return [Diagnostic(table.file, table.header_row, 1, "F006", f"{draft.shown}: {out}")]
    existing = load_cycle(cycle_files)
    if existing.judges and not force:
        found.append(Diagnostic(table.file, table.header_row, 1, "I703",
                                f"{draft.shown} has {len(existing.judges)} judges already; nothing is written over it without --force "
                                "(which replaces it whole: the spreadsheet is then the jury)"))
    before = set(run_checks(existing, cap=False))
    files = [f for f in cycle_files.files if f.role != "judges"] + [SourceFile("judges", root / JUDGES_FILE, draft.shown, draft.data)]
    cycle = load_cycle(CycleFiles(root, cycle_files.display_root, files, [], set(cycle_files.refused)))
    for d in run_checks(cycle, cap=False):
        if d.file == draft.shown:
            row, column = draft.cell_at(d.line, d.column) if d.line else (table.header_row, 1)
            found.append(Diagnostic(table.file, row, column, d.code, f"{_field_named(table, column)}{d.message}"))
        elif d not in before and d.code not in ("J404", "J415", "P807", "P808", "P809"):
            found.append(d)
    return found


def _field_named(table: Table, column: int) -> str:
    return f"column {table.header_name(column)!r}: " if 0 < column <= len(table.header) else ""
