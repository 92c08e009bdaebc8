"""The words every step of an import shares: the fields of an entry and of a mark, what an id looks
like, a cell's position, and ImportMisuse, the error for a command pointed at something it cannot
import. A module of its own, at the bottom of the package's imports, so that every step can use
them without an import cycle (the package's __init__ imports the steps, so they cannot import it).
"""

from __future__ import annotations

import re

from smartaward.model.cyclefiles import SLUG_PATTERN

ENTRY_FIELDS = ("id", "call", "category", "title", "entrant.name", "entrant.type", "entrant.id",
                "entrant.city", "entrant.country", "submitted", "summary", "url")
REQUIRED_ENTRY_FIELDS = ("call", "category", "title", "entrant.name", "entrant.type", "entrant.country", "submitted")
SCORE_FIELDS = ("judge", "entry", "round", "criterion", "mark", "comment")

SLUG = re.compile(SLUG_PATTERN)


class ImportMisuse(Exception):
    """The command was pointed at something it cannot import (exit 2): a missing file, an unknown
    extension or sheet, an unknown mapping target."""


Cell = tuple[int, int]  # (spreadsheet row, 1-based column)
