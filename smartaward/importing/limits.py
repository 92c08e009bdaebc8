"""How big a spreadsheet `smartaward import` reads: beyond these limits it is not read (I704).

A spreadsheet comes from anywhere, and a small file can hold a huge table: an .xlsx of 1.5 MB
can unzip to a 1.5 GB sheet, a CSV line can hold a million cells, a workbook can name a cell in
row 1,048,576. So every limit is checked before the work it bounds, or while reading, never
after: the uncompressed size of each part of a workbook is checked in the zip's directory
before the part is opened and again while it is read (a declared size can lie), rows and
columns as they come, and the cells of the table as it is built.

The defaults come from real spreadsheets: Excel itself holds at most 1,048,576 rows and 16,384
columns a sheet, and organisers' sheets are far smaller (the samples' largest table has 6,891
marks). The limit on cells is what the import can check in about a minute and 2 GB: 100,000
rows of 10 columns (checking each row as the files it becomes is what costs). Each limit has an
environment variable, in the style of SMARTAWARD_MAX_FILE_MB: a positive number sets it, 0
switches it off, anything else leaves the default.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MAX_IMPORT_MB = 128  # uncompressed bytes read: a CSV file, or the parts of a workbook that are read
MAX_IMPORT_ROWS = 1_048_576  # Excel's own maximum
MAX_IMPORT_COLUMNS = 16_384  # Excel's own maximum (column XFD)
MAX_IMPORT_CELLS = 1_000_000  # the table's data rows × its columns, as read

ENVIRONMENT = {
    "bytes": "SMARTAWARD_MAX_IMPORT_MB",
    "rows": "SMARTAWARD_MAX_IMPORT_ROWS",
    "columns": "SMARTAWARD_MAX_IMPORT_COLUMNS",
    "cells": "SMARTAWARD_MAX_IMPORT_CELLS",
}

# Fixed bounds on a workbook's structure, far beyond anything a spreadsheet program writes. Past
# them the workbook is damaged or hostile and is not read: parts in the zip (a workbook has a few
# dozen; each costs memory when the zip's directory is read), attributes of one XML element, and
# bytes between two tags (the largest cell Excel holds, 32,767 characters, is 200 KB of XML at most).
MAX_WORKBOOK_PARTS = 10_000
MAX_XML_ATTRIBUTES = 1_000
MAX_XML_TEXT = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """None: no limit."""

    bytes: int | None = MAX_IMPORT_MB * 1024 * 1024
    rows: int | None = MAX_IMPORT_ROWS
    columns: int | None = MAX_IMPORT_COLUMNS
    cells: int | None = MAX_IMPORT_CELLS


class TooLarge(Exception):
    """A spreadsheet over a limit, at a spreadsheet position (0, 0: the whole file): I704."""

    def __init__(self, row: int, column: int, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.column = column
        self.message = message


def import_limits(environ: Mapping[str, str] | None = None) -> Limits:
    """The limits, from the environment where it sets them."""
    environ = os.environ if environ is None else environ
    defaults = Limits()
    chosen: dict[str, int | None] = {}
    for name, variable in ENVIRONMENT.items():
        default = getattr(defaults, name)
        setting = environ.get(variable, "").strip()
        try:
            number = float(setting) if setting else -1.0
        except ValueError:
            number = -1.0  # not a number: the default
        if number == 0:
            chosen[name] = None
        elif 0 < number < float("inf"):
            chosen[name] = max(1, int(number * 1024 * 1024 if name == "bytes" else number))
        else:
            chosen[name] = default
    return Limits(**chosen)


def megabytes(size: int) -> str:
    """A size for people: 1.4 GB, 128 MB, 1.5 KB, 12 bytes."""
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + " " + unit
    return f"{size} bytes"


def not_read(name: str) -> str:
    """How an I704 message ends: the spreadsheet is not read, and how to raise the limit."""
    return (f": the spreadsheet is not read (one that really is this big can be imported with {ENVIRONMENT[name]} "
            "set higher, or 0 for no limit)")


# The YAML files an import's options name (--mapping, --map-values) hold a few lines per column or
# value: a megabyte is thousands of values. Read whole and parsed into memory, a larger one costs
# seconds and hundreds of megabytes (8 MB: 5.8 s, 507 MB), so it is refused before it is read.
MAX_OPTION_FILE_BYTES = 1024 * 1024


def check_option_file(path: Path, option: str) -> None:
    """ImportMisuse for a file named by an option that is not a regular file (a device such as
    /dev/null, a pipe) or is over MAX_OPTION_FILE_BYTES. A path that does not exist, or is a
    folder, is left to the reader of the option, which says so in its own words."""
    from smartaward.importing.fields import ImportMisuse

    try:
        status = path.stat()
    except OSError:
        return
    if stat.S_ISDIR(status.st_mode):
        return
    if not stat.S_ISREG(status.st_mode):
        raise ImportMisuse(f"{option} {path}: not a regular file (a device, a pipe or a socket); give a YAML file")
    if status.st_size > MAX_OPTION_FILE_BYTES:
        raise ImportMisuse(f"{option} {path}: the file is {megabytes(status.st_size)}, over the limit of "
                           f"{megabytes(MAX_OPTION_FILE_BYTES)} for {option} files (a few lines per column or value); it is not read")
