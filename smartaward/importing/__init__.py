"""Spreadsheets → cycle files: `smartaward import entries|scores FILE.csv|FILE.xlsx`. The jury
list (`import judges`) is judges.py's, and every tab of a workbook at once (--all-sheets) tabs.py's.

The core of the command, without typer or rich. One import is planned in full before anything is
written:

1. read the spreadsheet (`read_table`): CSV (UTF-8, with or without a byte-order mark; `,`, `;` or
   tab, judged from the header line as for CSV score sheets) or XLSX (workbook.py's streaming
   reader: cached values of formulas, as openpyxl reads them; the first sheet, a judge's packet's
   Marks sheet, or a named one),
   within the import's limits (limits.py: a file over one is not read, I704). Positions are
   spreadsheet positions: the row number with the header as row 1 (a CSV record with a line
   break inside a quoted cell is still one row), and the 1-based column;
2. map the header's columns to fields (`resolve_columns`): explicit mappings first, then default
   header names compared loosely (case, spaces, `_`, `.` and `-` ignored: "Entrant city" is
   entrant.city);
3. turn every row into the YAML file it would become (one entry per file in `entries/<id>.yaml`;
   one score sheet per judge and round in `scores/[<round>/]<judge>.yaml`), remembering which cell
   each value of the YAML came from;
4. check the cycle as it would be with those files, in memory: the same loader and the same checks
   as `validate` (pydantic models, references to calls, categories, judges, criteria, scales,
   rounds, deadlines), so an import accepts exactly what validate accepts. Every problem found in a
   would-be file is moved back to the spreadsheet cell its value came from.

Nothing is written when any row is bad, unless the caller skips bad rows (then the good rows are
checked again on their own, until no error is left). An existing file is never replaced unless
`force` says so, nor one that is a symbolic link out of the cycle folder, or below one (F006). The CLI
(cli_import.py) writes the planned files all or none (staging.write_all).

The steps live in modules of their own: spreadsheet (1, and cell values; workbook and limits
under it), columns (2), drafts (3,
with the quoting of smartaward/yamltext.py, which init's scaffold shares), checking (4); fields
holds what they share. This package plans an import from them
(`plan_import`) and re-exports what the CLI and the tests use.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartaward.diagnostics import Diagnostic, Severity, cap_diagnostics
from smartaward.importing.checking import NOT_ABOUT_THE_IMPORT, check_drafts
from smartaward.importing.columns import (
    DEFAULT_HEADERS,
    IGNORE,
    Columns,
    loose_header,
    mapping_target,
    parse_constants,
    parse_maps,
    read_mapping_file,
    resolve_columns,
)
from smartaward.importing.constants import constants_for, resolve_round
from smartaward.importing.drafts import (
    MAX_ID_LENGTH,
    Draft,
    Packet,
    derived_ids,
    entry_drafts,
    score_drafts,
)
from smartaward.importing.fields import (
    ENTRY_FIELDS,
    REQUIRED_ENTRY_FIELDS,
    SCORE_FIELDS,
    SLUG,
    Cell,
    ImportMisuse,
    Note,
    ReadAs,
)
from smartaward.importing.limits import check_option_file
from smartaward.importing.locales import check_options as check_locale_options
from smartaward.importing.locales import read_locale
from smartaward.importing.plan import Plan, Planned  # re-exported: the CLI and outcome.py use them from here
from smartaward.importing.spreadsheet import Table, cell_text, read_table
from smartaward.importing.values import values_of, with_hints
from smartaward.reading.files import CYCLE_FILE, collect, shown_name
from smartaward.text.suggest import did_you_mean
from smartaward.writing.scaffold import SCHEMA_FOLDER, modeline
from smartaward.writing.yamltext import quoted, scalar

if TYPE_CHECKING:
    from smartaward.reading.cache import Cache
    from smartaward.reading.load import Cycle

__all__ = [
    "DEFAULT_HEADERS", "ENTRY_FIELDS", "IGNORE", "KINDS", "MAX_ID_LENGTH", "NOT_ABOUT_THE_IMPORT", "REQUIRED_ENTRY_FIELDS",
    "SCORE_FIELDS", "Cell", "Columns", "Draft", "ImportMisuse", "Note", "Plan", "ReadAs", "Planned", "Table", "loose_header",
    "mapping_target", "parse_constants", "parse_maps", "plan_import", "quoted", "read_mapping_file", "read_table", "resolve_columns", "scalar",
]

KINDS = ("entries", "scores", "judges")


def _cycle_spec(root: Path, display_root: str) -> tuple[Any, list[Diagnostic]]:
    """The cycle's CycleFile, or None with the problems of cycle.yaml."""
    from smartaward.model.cyclefiles import CycleFile
    from smartaward.reading.load import validate_model
    from smartaward.reading.source import read_document

    problems: list[Diagnostic] = []
    omitted: Counter[tuple[str, str]] = Counter()
    doc, found = read_document(root / CYCLE_FILE, shown_name(display_root, CYCLE_FILE))
    problems.extend(found)
    spec = validate_model(CycleFile, doc, doc.data, (), problems, omitted) if doc.data is not None else None
    return spec, cap_diagnostics(problems, omitted)


def _entry_codes(table: Table, columns: Columns, cycle: Callable[[], Cycle], cycle_id: str, key: str | None) -> dict[str, str] | None:
    """Entry code → entry id, over every entry of the cycle, when an entry cell holds a code (a
    blind packet: model/blind.py), in either case; None when none does. An entry id that looks like
    a code (`e-abcd2345`) maps to itself: it is that entry, not a code."""
    from smartaward.model.blind import CODE as ENTRY_CODE
    from smartaward.model.blind import entry_codes

    column = columns.fields["entry"]
    if not any(ENTRY_CODE.fullmatch(cell_text(cells[column - 1]) or "") for _, cells in table.rows):
        return None
    ids = {record.entry.id for record in cycle().entries}
    codes = {code: entry_id for entry_id, code in entry_codes(ids, key, cycle_id).items()}
    return codes | {entry_id: entry_id for entry_id in ids if ENTRY_CODE.fullmatch(entry_id)}


def _packet(table: Table, columns: Columns, cycle: Callable[[], Cycle], judge: str | None, default_round: str | None) -> Packet | None:
    """The packet the table is (drafts.packet_of); with --judge, the judge's entries in the round's
    assignment file, when the round has one. ImportMisuse for a --judge who is no judge of the cycle."""
    from smartaward.importing.drafts import packet_of

    packet = packet_of(table, columns, judge, default_round)
    if packet is None or not packet.given:
        return packet
    loaded = cycle()
    if loaded.judges and packet.judge not in loaded.judges and packet.judge not in loaded.broken_judges:
        raise ImportMisuse(f"--judge {packet.judge!r} is not a judge of the cycle (judges.yaml)")
    from smartaward.judging.assigned import assignment_for

    assignment = assignment_for(loaded, packet.round)
    if assignment is None:
        return packet
    return replace(packet, entries=frozenset(assignment.judges.get(packet.judge, ())), assignment=assignment.file)


def _check_options(kind: str, default_round: str | None, judge: str | None) -> None:
    """ImportMisuse for options that do not fit the kind of import, or are no ids."""
    if kind not in KINDS:
        raise ImportMisuse(f"can import {' or '.join(KINDS)}, not {kind!r}")
    if default_round is not None and kind != "scores":
        raise ImportMisuse("--round is for score sheets")
    if judge is not None and kind != "scores":
        raise ImportMisuse("--judge is for score sheets (a judge's returned packet)")
    if default_round is not None and not default_round.strip():
        raise ImportMisuse("--round: give a round's id or title")
    if judge is not None and not (SLUG.fullmatch(judge) and len(judge) <= 120):
        raise ImportMisuse(f"--judge {judge!r} is not a judge id (lowercase letters, digits and hyphens)")


def _check_targets(targets: list[str], criteria: dict[str, str]) -> None:
    """ImportMisuse for a score sheet's mapping target that is no field nor a criterion of the cycle (wide form)."""
    for target in targets:
        if target != IGNORE and target not in SCORE_FIELDS and target not in criteria:
            near = did_you_mean(target, {**dict.fromkeys(SCORE_FIELDS), **criteria})
            raise ImportMisuse(f"unknown mapping target {target!r}: " + (f"{near} " if near else "") + f"map a column to one of {', '.join(SCORE_FIELDS)}, "
                               f"a criterion of the cycle ({', '.join(sorted(criteria)) or 'none'}), or to {IGNORE} to ignore it")


def _judge_names(cycle: Callable[[], Cycle]) -> dict[str, str]:
    """Judge id → name, from judges.yaml (for --set judge=NAME)."""
    return {judge_id: judge.name for judge_id, judge in cycle().judges.items()}


def plan_import(kind: str, root: Path, source: Path, shown: str, *, maps: dict[str, str] | None = None,
                file_maps: dict[str, str] | None = None, sheet: str | None = None, default_round: str | None = None,
                force: bool = False, skip_bad: bool = False, key: str | None = None, judge: str | None = None,
                read_as: ReadAs | None = None, no_cache: bool = True, table: Table | None = None, cache: Cache | None = None) -> Plan:
    """Everything an import would do, checked; nothing is written here. ImportMisuse for misuse.
    `key` is the organiser's secret of the entry codes in blind packets (model/blind.py; None: the
    cycle's id), with which a code in an entry cell is read back as its entry. `judge`: the
    spreadsheet is that judge's returned packet (drafts.Packet). `read_as`: how values are read
    (fields.ReadAs: the import's options). `cache`: the parse cache the cycle as it is is read
    with (cli/common.open_cache); `no_cache`: read the cycle's files afresh, without it (the
    import's own files are never cached: they are drafts). `table`: the table
    already read (one tab of --all-sheets, tabs.py), instead of reading `source`."""
    read_as = read_as or ReadAs()
    _check_options(kind, default_round, judge)
    check_locale_options(read_as, kind)
    if read_as.value_maps is not None:
        check_option_file(read_as.value_maps, "--map-values")  # not a device, not huge (limits.py)
    if kind == "judges":  # the jury list → judges.yaml (judges.py)
        if read_as.all_sheets:
            raise ImportMisuse("--all-sheets is for entries and scores; a jury list is one table (name it with --sheet)")
        from smartaward.importing.judges import plan_judges

        return plan_judges(root, source, shown, maps or {}, file_maps or {}, sheet=sheet, force=force, skip_bad=skip_bad, read_as=read_as)
    if read_as.all_sheets and table is None:  # every tab, each planned as a table of its own (tabs.py)
        from smartaward.importing.tabs import plan_every_sheet

        return plan_every_sheet(kind, root, source, shown, dict(maps=maps, file_maps=file_maps, sheet=sheet, default_round=default_round,
                                                                force=force, skip_bad=skip_bad, key=key, judge=judge, no_cache=no_cache,
                                                                cache=cache),
                                read_as, plan_import)
    table = read_table(source, shown, sheet) if table is None else table
    root = root.resolve()
    cycle_files = collect(root)
    spec, cycle_problems = _cycle_spec(root, cycle_files.display_root)
    rows = len(table.rows)
    if spec is None:
        return Plan(kind, table, [], cap_diagnostics(table.problems), rows, [], True, cycle_problems)
    criteria = {c: str(criterion.title) for call in spec.calls.values() for c, criterion in call.criteria.items()}  # id → title
    if kind == "scores":
        _check_targets([*(maps or {}).values(), *(file_maps or {}).values()], criteria)
    problems = list(table.problems)
    if not table.header:  # nothing could be read (encoding, an unreadable workbook, no data)
        return Plan(kind, table, [], cap_diagnostics(problems), rows, [], True)
    @functools.cache
    def cycle() -> Cycle:  # the cycle as it is, loaded once when needed
        from smartaward.reading.load import load_cycle

        return load_cycle(cycle_files, cache=None if no_cache else cache)

    notes: list[Note] = []  # how the sheet is read: constants, columns not imported, decimal marks, dates
    if table.workbook is not None and table.workbook.read_hidden:  # --sheet names a hidden tab: read, as the organiser named it
        notes.append(Note("sheets", f"the sheet {table.workbook.read!r} is hidden in the workbook; read as --sheet names it"))
    default_round = resolve_round(default_round, spec, notes)  # --round by its id or title (constants.py)
    constants = constants_for(kind, spec, functools.partial(_judge_names, cycle), read_as, notes)
    columns, header_problems = resolve_columns(kind, table, maps or {}, file_maps or {}, criteria, constants)
    problems += header_problems
    notes += columns.notes
    file_level = any(d.severity is Severity.ERROR and (d.code != "I702" or d.line == table.header_row) for d in problems)
    if file_level or not table.rows:
        return Plan(kind, table, [], cap_diagnostics(problems), rows, [], True, notes=notes)
    problems += read_locale(kind, table, columns.fields, [column for column, _ in columns.criteria], read_as, notes)

    ids = derived_ids(table, columns) if kind == "entries" else {}

    # Values as people write them (values.py): a category's title, a judge's name, a country's
    # name read as the cycle's id; one that names nothing is I705 (or left to the checks).
    values = values_of(kind, table, columns, spec, cycle, read_as)
    table, problems = values.table, problems + values.problems
    codes = _entry_codes(table, columns, cycle, spec.cycle, key) if kind == "scores" else None
    packet = _packet(table, columns, cycle, judge, default_round) if kind == "scores" else None
    # A cycle set up for YAML editors (`smartaward init`) has .schema/: its files start with the
    # schema's modeline, and so do the imported ones (`init --check` stays clean).
    schema_kind = ("entry" if kind == "entries" else "scores") if (root / SCHEMA_FOLDER).is_dir() else None
    skip: set[int] = set()
    reported: set[Diagnostic] = set(problems)
    bad: set[int] = {d.line for d in problems if d.severity is Severity.ERROR}
    for _ in range(5):  # with skip_bad: drop the bad rows and check the rest again (rarely twice)
        drafts, found = (entry_drafts(table, columns, skip, ids) if kind == "entries"
                         else score_drafts(table, columns, skip, default_round, codes, packet))
        if schema_kind is not None:
            for draft in drafts:
                draft.prepend(modeline(draft.rel, schema_kind))
        checked, rows_hit = check_drafts(kind, table, cycle_files, drafts, force)
        # A cell already reported (I702: unreadable, read as empty; I705: a value that names
        # nothing): what the checks say of it again (an empty required value, not an id) is the
        # same problem, said once. A value left as written gets the nearest allowed ones (with_hints).
        found = with_hints([d for d in found + checked if (d.line, d.column) not in table.unreadable], values.hints)
        reported.update(found)
        newly = {d.line for d in found if d.severity is Severity.ERROR} | rows_hit
        newly -= skip
        bad |= newly
        if not skip_bad or not newly:
            break
        skip |= bad
    blocked = bool(bad) and not skip_bad
    drafts = [d for d in drafts if d.written and not d.rel.split("/")[-1].startswith("#")]
    planned = [] if blocked else [
        Planned(d.rel, root / d.rel, d.shown, d.data, os.path.lexists(root / d.rel)) for d in drafts
        if not (d.all_rows & bad)]
    return Plan(kind, table, planned, cap_diagnostics(reported), rows, sorted(bad), blocked, notes=notes + values.notes)
