"""What an import plans: the files it would write and what it found (Plan), in a module of its own
below the package's __init__, so that the imports of one kind (judges.py) and of every tab
(tabs.py) build plans without importing the package that calls them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from smartaward.diagnostics import Diagnostic, Severity
from smartaward.importing.fields import Note
from smartaward.importing.spreadsheet import Table


@dataclass
class Planned:
    rel: str
    path: Path
    shown: str
    data: bytes
    exists: bool  # an existing file that --force replaces


@dataclass
class Plan:
    kind: str
    table: Table
    files: list[Planned]  # what to write: empty when nothing may be written
    diagnostics: list[Diagnostic]  # capped as validate's are (diagnostics.cap_diagnostics)
    rows: int  # data rows read
    bad_rows: list[int]
    blocked: bool  # a problem of the file or its header, or bad rows without skip_bad: nothing written
    cycle_problems: list[Diagnostic] = field(default_factory=list)  # cycle.yaml cannot be read
    notes: list[Note] = field(default_factory=list)  # how columns were read (ReadAs, and what was detected)
    # --all-sheets: the bad rows of each tab, (tab name, rows), in the workbook's order: a row number
    # alone does not say which tab it is in (bad_rows holds them all together).
    bad_by_tab: list[tuple[str, list[int]]] = field(default_factory=list)

    @property
    def errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics) or bool(self.cycle_problems)
