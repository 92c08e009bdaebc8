"""A sheet's lines decided at once (issue 17): the checks of marks (checks/marks.py) and of what the
lines name (checks/references.py) first try to prove a whole sheet valid with a few passes in C
over all its lines; only a sheet they cannot prove is checked line by line, and that slow path
alone decides what to report. On a big cycle nearly every sheet is proven at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from weakref import WeakKeyDictionary

from smartaward.reading.load import Cycle

# Tests switch this off to prove that both ways report the same problems (tests/test_checks_whole_sheets.py).
WHOLE_SHEETS = True


def sheet_runs(cycle: Cycle) -> Iterator[tuple[int, list[str], list[Any], str | None]]:
    """(sheet, entry ids, lines, call) for each sheet's run of rows in the mark table; `call` is the
    one call all its entries belong to, None when an entry is unknown or the entries are of several
    calls (then nothing is proven at once). Worked out once per loaded cycle: three checks read it."""
    stamp = (len(cycle.marks), len(cycle.entries))  # (a cycle whose marks or entries grew is read again)
    found = _RUNS.get(cycle)
    if found is None or found[0] != stamp:
        found = _RUNS[cycle] = (stamp, list(_runs(cycle)))
    return iter(found[1])


_RUNS: WeakKeyDictionary[Cycle, tuple[tuple[int, int], list[tuple[int, list[str], list[Any], str | None]]]] = WeakKeyDictionary()


def _runs(cycle: Cycle) -> Iterator[tuple[int, list[str], list[Any], str | None]]:
    table = cycle.marks
    call_of = {entry_id: record.entry.call for entry_id, record in cycle.entry_index.items()}
    for sheet_no, start, stop in table.runs():
        entries, lines = table.entry[start:stop], table.marks[start:stop]
        calls = set(map(call_of.get, entries))  # None for an unknown entry (C all the way: no loop here)
        yield sheet_no, entries, lines, calls.pop() if len(calls) == 1 else None


def rows_of(sheet_no: int, entries: list[str], lines: list[Any]) -> Iterator[tuple[int, str, Any]]:
    """A run's rows as the mark table gives them (MarkTable.rows)."""
    return zip([sheet_no] * len(entries), entries, lines, strict=True)
