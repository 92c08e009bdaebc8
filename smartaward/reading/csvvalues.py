"""CSV values sheets: a `scores/*.csv` file without a `judge` column holds measured values (the
measured parts of scores, `measured:` of a call), one row per entry and round.

The header has `entry`, optionally `round`, and one column per measured part, named by its id:

    round,entry,distance,gate,wind
    round1,prevc-peter,76.2,5.9,2.4

Each round found in the file becomes one `Document` with exactly the data of the equivalent YAML
values sheet (`{"round": id, "values": {entry: {part: value}}}`), so everything after loading
treats the two alike. Values are read as marks are (a plain YAML scalar: `76.2` is a number,
`7,5` is text); an empty cell gives no value. Values sheets are small (one row per entry and
round), so positions are kept while reading.

Problems: T601 (the header), T602 (a row: wrong number of cells, no entry or round), T603 (the
same entry twice in one round of the file: the first row counts), S104 (a round that is no id).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from smartaward.diagnostics import Diagnostic
from smartaward.model.cyclefiles import SLUG_PATTERN
from smartaward.reading.source import Document, PathKey, plain_scalar

_SLUG = re.compile(SLUG_PATTERN)
Positions = dict[PathKey, tuple[int, int]]


def is_values_header(names: list[str]) -> bool:
    """Whether a CSV header is a values sheet's: an `entry` column and no `judge` column (in any case)."""
    lowered = {name.strip().lower() for name in names}
    return "entry" in lowered and "judge" not in lowered and "criterion" not in lowered and "mark" not in lowered


class _Round:
    """One round's values and where each is."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, Any]] = {}
        self.positions: Positions = {}
        self.keys: Positions = {}


def read_values(header: list[str], header_line: int, rows: Iterator[tuple[int, list[str]]], file: str,
                problems: list[Diagnostic]) -> list[Document]:
    """The values sheets of a CSV file whose header `is_values_header`; `rows` yields each data row
    with the line it starts on. One Document per round, in order of first appearance."""
    columns = _columns(header, header_line, file, problems)
    if columns is None:
        return []
    entry_at, round_at, parts = columns
    rounds: dict[str | None, _Round] = {}
    for line, row in rows:
        if len(row) != len(header):
            problems.append(Diagnostic(file, line, 1, "T602", f"the row has {len(row)} cells and the header {len(header)}: the row is skipped"))
            continue
        entry = row[entry_at].strip()
        round_id = row[round_at].strip() if round_at >= 0 else None
        if not entry:
            problems.append(Diagnostic(file, line, entry_at + 1, "T602", "the row has no entry: it is skipped"))
            continue
        if round_id is not None and _SLUG.fullmatch(round_id) is None:
            problems.append(Diagnostic(file, line, round_at + 1, "T602" if not round_id else "S104",
                                       "the row has no round: it is skipped" if not round_id else
                                       f"{round_id!r} is not a round id; use lowercase letters, digits and hyphens: the row is skipped"))
            continue
        sheet = rounds.setdefault(round_id, _Round())
        if entry in sheet.values:
            first = sheet.keys[("values", entry)][0]
            problems.append(Diagnostic(file, line, entry_at + 1, "T603",
                                       f"{entry!r} is given values a second time{_in(round_id)} (first on line {first}): this row is not read"))
            continue
        if round_id is not None and not sheet.values:
            sheet.positions[("round",)] = (line, round_at + 1)
            sheet.keys[("round",)] = (header_line, round_at + 1)
        sheet.keys[("values", entry)] = (line, entry_at + 1)
        sheet.positions[("values", entry)] = (line, entry_at + 1)
        given: dict[str, Any] = {}
        for index, part in parts:
            text = row[index].strip()
            if text:
                given[part] = plain_scalar(text)
                sheet.positions[("values", entry, part)] = sheet.keys[("values", entry, part)] = (line, index + 1)
        sheet.values[entry] = given
    return [_document(file, round_id, sheet) for round_id, sheet in rounds.items()]


def _in(round_id: str | None) -> str:
    return "" if round_id is None else f" for round {round_id!r}"


def _columns(header: list[str], line: int, file: str, problems: list[Diagnostic]) -> tuple[int, int, list[tuple[int, str]]] | None:
    """(the entry column, the round column or -1, the parts' columns), or None if the rows cannot be read."""
    first: dict[str, int] = {}
    fatal = False
    for index, name in enumerate(cell.strip() for cell in header):
        if not name:
            problems.append(Diagnostic(file, line, index + 1, "T601", f"column {index + 1} has no name"))
        elif name in first:
            problems.append(Diagnostic(file, line, index + 1, "T601", f"the column {name!r} is given twice (first in column "
                                                                     f"{first[name] + 1}); this one is ignored"))
        elif name != name.lower() and name.lower() in ("entry", "round"):
            problems.append(Diagnostic(file, line, index + 1, "T601", f"the column {name!r}: column names are lowercase, write {name.lower()!r}"))
            fatal = True
        else:
            first[name] = index
    parts = []
    for name, index in first.items():
        if name in ("entry", "round"):
            continue
        if _SLUG.fullmatch(name) is None:
            problems.append(Diagnostic(file, line, index + 1, "T601", f"the column {name!r} is not the id of a measured part; "
                                                                     "use lowercase letters, digits and hyphens"))
        else:
            parts.append((index, name))
    if "entry" not in first or fatal:
        return None
    if not parts:
        problems.append(Diagnostic(file, line, 1, "T601", "a values sheet (a header with 'entry' and no 'judge') needs one column per "
                                                          "measured part; a score sheet needs a 'judge' column"))
        return None
    return first["entry"], first.get("round", -1), parts


def _document(file: str, round_id: str | None, sheet: _Round) -> Document:
    data: dict[str, Any] = {"values": sheet.values} if round_id is None else {"round": round_id, "values": sheet.values}
    positions, keys = sheet.positions, sheet.keys
    positions.setdefault(("values",), next(iter(keys.values()), (1, 1)))
    return Document(file, data, locator=lambda: (positions, keys))
