"""The words every step of an import shares: the fields of an entry and of a mark, what an id looks
like, a cell's position, and ImportMisuse, the error for a command pointed at something it cannot
import. A module of its own, at the bottom of the package's imports, so that every step can use
them without an import cycle (the package's __init__ imports the steps, so they cannot import it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from smartaward.model.cyclefiles import SLUG_PATTERN

ENTRY_FIELDS = ("id", "call", "category", "title", "entrant.name", "entrant.type", "entrant.id",
                "entrant.city", "entrant.country", "submitted", "summary", "url", "contact")
# country and submitted: optional (a wine, a film, a dive); a date the call needs is S101, as validate says
REQUIRED_ENTRY_FIELDS = ("call", "category", "title", "entrant.name", "entrant.type")
SCORE_FIELDS = ("judge", "entry", "round", "criterion", "mark", "comment")

SLUG = re.compile(SLUG_PATTERN)


class ImportMisuse(Exception):
    """The command was pointed at something it cannot import (exit 2): a missing file, an unknown
    extension or sheet, an unknown mapping target."""


Cell = tuple[int, int]  # (spreadsheet row, 1-based column)


@dataclass(frozen=True)
class ReadAs:
    """How the spreadsheet's values are to be read, as the organiser said (the import's options).
    Nothing here is guessed: what is detected instead (a decimal comma, day-first dates, a call
    implied by a cycle of one call) is said in the plan's notes."""

    value_maps: Path | None = None  # --map-values: a YAML of column → {spreadsheet value: cycle value}
    decimal: str | None = None  # --decimal: "," or "."; None: detected per column where every value agrees
    date_format: str | None = None  # --date-format: a strftime format ("%d/%m/%Y %H:%M")
    day_first: bool = False  # --day-first: 03/02/2026 is 3 February
    constants: dict[str, str] = field(default_factory=dict)  # --set FIELD=VALUE: a value for a field no column holds
    all_sheets: bool = False  # --all-sheets: every tab of the workbook


@dataclass(frozen=True)
class Note:
    """What the import decided about how to read a column (or the whole sheet), said so that nothing
    is read silently: a decimal comma detected, day-first dates, values read as ids ("'Climate and
    environment' → climate"), a constant field, columns not imported. `column` is 1-based (None:
    the whole sheet); `topic` is a stable word for scripts: decimal, dates, values, constant,
    ignored, sheets."""

    topic: str
    text: str
    column: int | None = None
    header: str | None = None
    # A warning says the same (I706 for the columns not imported): the text output leaves the note
    # out, so that it is not said twice; JSON keeps it, for scripts that read the notes.
    warned: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"topic": self.topic, "column": self.column, "header": self.header, "text": self.text}
