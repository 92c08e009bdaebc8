"""Between steps 1 and 3 of an import: the text cells of mark and date columns read as the
organiser's locale writes them: a decimal comma (`5,5`), day-first dates (`03/02/2026 10:00`).
A module of its own because it decides per column, over all its cells, before any row becomes a
file: either the organiser said how (`--decimal`, `--day-first`, `--date-format`: fields.ReadAs),
or every value of the column agrees on one reading (then a Note says what was detected), or the
values that cannot be read one way are problems at their cells. Nothing is guessed silently.

A cell read here is rewritten in the table as the plain form the later steps read (`5.5`,
`2026-02-03`), so that every later step, and the checks, see one value. A number cell is a number
and a date cell a date: only text is read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from smartaward.diagnostics import Diagnostic
from smartaward.importing.fields import ImportMisuse, Note, ReadAs
from smartaward.importing.spreadsheet import Table, cell_date

# Marks written as text, in ASCII digits (re.ASCII): the later steps read a mark as YAML does,
# which reads no other digits, so a comma between Arabic digits (٣,٥) is not said to be read.
# A plain whole number reads the same with either decimal mark.
_PLAIN = re.compile(r"[+-]?\d+\Z", re.ASCII)
_POINT = re.compile(r"[+-]?\d*\.\d+\Z", re.ASCII)
_COMMA = re.compile(r"([+-]?)(\d*),(\d+)\Z", re.ASCII)
# A comma before exactly three digits (1,234) may be a thousands separator: such a value keeps a
# column from being read with a decimal comma unless the organiser says so (--decimal ,).
_THOUSANDS = re.compile(r"[+-]?\d{1,3},\d{3}\Z", re.ASCII)

# Dates written with numbers only, day and month in either order (03/02/2026, 3.2.2026 10:00).
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\Z")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([ T].*)?\Z")  # read as it is (spreadsheet.cell_date)
# A day > 12, to show a format and to check it reads dates back; with a time zone, so that a format
# with %z or %Z (a date written with its offset) reads its own sample back.
_SAMPLE = datetime(2026, 12, 5, 14, 30, 15, tzinfo=UTC)


@dataclass
class _Text:
    row: int
    column: int
    text: str


def _texts(table: Table, column: int) -> list[_Text]:
    """The column's text cells (stripped, not empty): the only cells a locale changes."""
    found: list[_Text] = []
    for number, cells in table.rows:
        value = cells[column - 1]
        if isinstance(value, str) and value.strip():
            found.append(_Text(number, column, value.strip()))
    return found


def _set(rows: dict[int, list[Any]], row: int, column: int, value: Any) -> None:
    rows[row][column - 1] = value


# --- decimal marks ------------------------------------------------------------------------------

def check_decimal(decimal: str | None) -> None:
    if decimal not in (None, ".", ","):
        raise ImportMisuse(f"--decimal {decimal!r}: the decimal mark is '.' or ','")


def read_decimals(table: Table, columns: Iterable[int], decimal: str | None) -> tuple[list[Note], list[Diagnostic]]:
    """The mark columns' text values read with the decimal mark `decimal` (--decimal), or, when the
    organiser did not say, with a decimal comma in a column whose every decimal is written with a
    comma (and none could be a thousands separator). A comma value left unread is a mark that is
    not a number for the checks (M303), whose hint (`comma_hint`) says what to do. With --decimal ,
    a value written with a point is a problem at its cell (I702): `7.5` contradicts the option and
    `1.000` may be a thousand, and neither is read as a number silently. An explicit option is said
    in a note for every mark column, whatever it changed."""
    table.decimal = decimal
    check_decimal(decimal)
    notes: list[Note] = []
    problems: list[Diagnostic] = []
    rows = {number: cells for number, cells in table.rows}
    for column in sorted(set(columns)):
        texts = _texts(table, column)
        if decimal == ".":
            notes.append(_decimal_note(table, column, "marks read with a decimal point (--decimal .): a comma is no decimal mark"
                                       + _none_as_text(texts)))
            continue
        commas = [t for t in texts if _COMMA.match(t.text)]
        if decimal == ",":
            points = [t for t in texts if _POINT.match(t.text)]
            problems += [_unread(table, t, _point_problem(t.text)) for t in points]
        elif not commas or any(_POINT.match(t.text) for t in texts) or any(_THOUSANDS.match(t.text) for t in commas):
            continue  # nothing to detect; or the column mixes decimal marks, or 1,234 may be a thousand: each comma value is a problem
        for t in commas:
            _set(rows, t.row, column, _with_point(t.text))
        why = "--decimal ," if decimal == "," else "detected: every decimal in the column is written with a comma"
        read = (f": {commas[0].text!r} is {_with_point(commas[0].text)} ({_count(len(commas), 'cell')})" if commas
                else f"; no mark of the column is written with one{_none_as_text(texts)}")
        notes.append(_decimal_note(table, column, f"marks read with a decimal comma ({why}){read}"))
    for problem in problems:
        table.unreadable.add((problem.line, problem.column))  # said once: not again by the checks
    return notes, problems


def _decimal_note(table: Table, column: int, text: str) -> Note:
    return Note("decimal", text, column, table.header_name(column))


def _none_as_text(texts: list[_Text]) -> str:
    return "" if texts else " (no mark of the column is text: a number cell is a number)"


# A point before exactly three digits (1.000) is a thousands separator where commas are decimal marks.
_POINT_THOUSANDS = re.compile(r"[+-]?\d{1,3}\.\d{3}\Z", re.ASCII)


def _point_problem(text: str) -> str:
    """I702's message for a mark written with a point in a column read with a decimal comma."""
    if _POINT_THOUSANDS.match(text):
        whole = text.replace(".", "")
        point = format(Decimal(text).normalize(), "f")
        return (f"{text!r} has a point, but --decimal , says marks are written with a decimal comma: it may be {whole} (a point "
                f"separating thousands) or {point} (a decimal point); write {whole} for the one, {text.replace('.', ',')} for the other")
    return (f"{text!r} has a decimal point, but --decimal , says marks are written with a decimal comma: write "
            f"{text.replace('.', ',')}, or use --decimal . if the column's marks are written with points")


def _with_point(text: str) -> str:
    match = _COMMA.match(text)
    assert match is not None
    sign, whole, fraction = match.groups()
    return f"{sign}{whole or '0'}.{fraction}"


def comma_hint(text: str, decimal: str | None) -> str:
    """What to do about a mark written as `text` with a decimal comma that was not read as one
    (M303's hint); "" when the text is no such mark."""
    if not _COMMA.match(text):
        return ""
    if decimal == ".":
        return f"; write {_with_point(text)}, with a decimal point (--decimal . says a comma is not one)"
    return f"; write {_with_point(text)}, or use --decimal , to read decimal commas (the column also has decimal points, or a value such as 1,234)"


# --- dates --------------------------------------------------------------------------------------

def check_date_options(read_as: ReadAs) -> None:
    """ImportMisuse for date options that contradict each other, or a format that reads no date."""
    fmt = read_as.date_format
    if fmt is None:
        return
    if read_as.day_first:
        raise ImportMisuse("--day-first and --date-format both say how dates are written; give one of them")
    try:
        back = datetime.strptime(_SAMPLE.strftime(fmt), fmt)
    except ValueError:
        back = None
    if back is None or back.date() != _SAMPLE.date():
        raise ImportMisuse(f"--date-format {fmt!r} does not read dates: it needs the day, month and year, as strftime writes "
                           "them (e.g. \"%d/%m/%Y\", \"%d/%m/%Y %H:%M\", \"%d.%m.%y\")")


def read_dates(table: Table, columns: Iterable[int], read_as: ReadAs) -> tuple[list[Note], list[Diagnostic]]:
    """The date columns' text values read as YYYY-MM-DD: with --date-format, with --day-first, or,
    when the organiser said neither, in the order (day or month first) that some value of the
    column can only be read in. A value that the format does not read, or that can be read both
    ways in a column that does not say which, is a problem at its cell (I702); the dates only
    (a date field holds a date: a time of day is read and not kept)."""
    check_date_options(read_as)
    notes: list[Note] = []
    problems: list[Diagnostic] = []
    rows = {number: cells for number, cells in table.rows}
    for column in sorted(set(columns)):
        notes += _iso_times(table, column)
        texts = [t for t in _texts(table, column) if not _ISO.match(t.text)]
        if not texts:
            if given := _date_option(read_as):  # said all the same: an option given is never passed over silently
                notes.append(Note("dates", f"{given}: no date of the column is written otherwise than YYYY-MM-DD (or is a "
                                           "date cell): the option reads none", column, table.header_name(column)))
            continue
        if read_as.date_format is not None:
            read, bad = _by_format(texts, read_as.date_format)
            how = f"as --date-format {read_as.date_format!r}"
            problems += [_unread(table, t, f"{t.text!r} is not a date written as --date-format {read_as.date_format!r} says "
                                             f"(as {_SAMPLE.strftime(read_as.date_format)!r} for {_SAMPLE.date().isoformat()})") for t in bad]
        else:
            numeric = [(t, m) for t in texts if (m := _NUMERIC_DATE.match(t.text))]
            problems += [_unread(table, t, f"{t.text!r} is no date and time: {m.group(4)}:{m.group(5)} is no time of day")
                         for t, m in numeric if _bad_time(m)]
            numeric = [(t, m) for t, m in numeric if not _bad_time(m)]
            order, how, found = _order(table, numeric, read_as.day_first)
            problems += found
            # Undecided, a date whose day and month are one number (05/05) still reads one way.
            read = _by_order(numeric if order is not None else [(t, m) for t, m in numeric if int(m.group(1)) == int(m.group(2))],
                             order or "day")
            if order is not None:  # a date that does not exist (31/02) is a problem here, as with --date-format
                problems += [_unread(table, t, f"{t.text!r} is no date: read {how.split(' (')[0]}, it is {_named(*_ymd(m, order))}")
                             for t, m in numeric if (t.row, t.column) not in read]
        for t in texts:
            if (t.row, t.column) in read:
                _set(rows, t.row, column, read[(t.row, t.column)].isoformat())
        for t in texts:
            if (t.row, t.column) in read and how:
                timed = any(_has_time(x.text) for x in texts if (x.row, x.column) in read)
                kept = "; the time of day is not kept: the field is a date" if timed else ""
                notes.append(Note("dates", f"dates read {how}: {t.text!r} is {read[(t.row, t.column)].isoformat()} "
                                           f"({_count(len(read), 'cell')}{kept})", column, table.header_name(column)))
                break
    for problem in problems:
        table.unreadable.add((problem.line, problem.column))  # said once: not again as an invalid date
    return notes, problems


# A time directive of a strftime format, with the separators before it ("%d/%m/%Y %H:%M" → "%d/%m/%Y").
_TIME_DIRECTIVE = re.compile(r"[\s:.,T-]*%[HMSIpzZf]")


def _date_part(fmt: str) -> str | None:
    """The format without its time of day (None: it has none, or what is left does not read a whole
    date: "%d %B %Y" is not read as "%d", so that a cell "14" is not 14 January 1900)."""
    dated = _TIME_DIRECTIVE.sub("", fmt).strip()
    if dated == fmt.strip() or not dated:
        return None
    try:
        back = datetime.strptime(_SAMPLE.strftime(dated), dated)
    except ValueError:
        return None
    return dated if back.date() == _SAMPLE.date() else None


def _bad_time(match: re.Match[str]) -> bool:
    """Whether a numeric date's time of day is none (25:00, 99:99)."""
    hour, minute, second = match.group(4), match.group(5), match.group(6)
    return hour is not None and (int(hour) > 23 or int(minute) > 59 or (second is not None and int(second) > 59))


def _ymd(match: re.Match[str], order: str) -> tuple[int, int, int]:
    first, second, year = (int(match.group(i)) for i in (1, 2, 3))
    return (year, second, first) if order == "day" else (year, first, second)


def _iso_times(table: Table, column: int) -> list[Note]:
    """The note for ISO dates written with a time of day (and perhaps a zone): they are read as
    written, and the time and zone are not kept, as other dates' times are not, and said so."""
    timed = [t for t in _texts(table, column) if _ISO.match(t.text) and cell_date(t.text) not in (None, t.text)]
    if not timed:
        return []
    first = timed[0].text
    return [Note("dates", f"dates with a time of day read as the day they are written with: {first!r} is {first[:10]} "
                          f"({_count(len(timed), 'cell')}; the time of day and any time zone are not kept: the field is a date)",
                 column, table.header_name(column))]


def _date_option(read_as: ReadAs) -> str:
    """The date option given, as written on the command line ("" when none)."""
    if read_as.date_format is not None:
        return f"--date-format {read_as.date_format!r}"
    return "--day-first" if read_as.day_first else ""


def _has_time(text: str) -> bool:
    return ":" in text


def _by_format(texts: list[_Text], fmt: str) -> tuple[dict[tuple[int, int], date], list[_Text]]:
    read: dict[tuple[int, int], date] = {}
    bad: list[_Text] = []
    # A format with a time of day also reads a cell with the date alone: the format without its time.
    dated = _date_part(fmt)
    forms = [fmt, dated] if dated is not None else [fmt]
    for t in texts:
        for form in forms:
            try:
                read[(t.row, t.column)] = datetime.strptime(t.text, form).date()
                break
            except ValueError:
                continue
        else:
            bad.append(t)
    return read, bad


def _order(table: Table, numeric: list[tuple[_Text, re.Match[str]]], day_first: bool) -> tuple[str | None, str, list[Diagnostic]]:
    """The order of day and month in the column's numeric dates ("day" or "month"; None: unknown),
    how it was decided (for the note), and the problems of the cells it cannot read."""
    if not numeric:
        return None, "", []
    if day_first:
        return "day", "day-first (--day-first)", []
    only_day = next((t for t, m in numeric if int(m.group(1)) > 12 >= int(m.group(2))), None)
    only_month = next((t for t, m in numeric if int(m.group(2)) > 12 >= int(m.group(1))), None)
    if only_day is not None and only_month is None:
        return "day", f"day-first (detected: {only_day.text!r} in row {only_day.row} can only be day-first)", []
    if only_month is not None and only_day is None:
        return "month", f"month-first (detected: {only_month.text!r} in row {only_month.row} can only be month-first)", []
    if only_day is not None and only_month is not None:
        why = (f"the column has dates only day-first reads ({only_day.text!r}, row {only_day.row}) and dates only month-first "
               f"reads ({only_month.text!r}, row {only_month.row})")
    else:
        why = "no date of the column says whether the day or the month comes first"
    problems = [_unread(table, t, f"{t.text!r} may be {_both(m)}: {why}; say which with --day-first, or --date-format "
                                  "(\"%d/%m/%Y\", \"%m/%d/%Y\")")
                for t, m in numeric if m.group(1) != m.group(2) and not _one_way(m, only_day, only_month)]
    return None, "", problems


def _one_way(match: re.Match[str], only_day: _Text | None, only_month: _Text | None) -> bool:
    """Whether a date can be read one way only (a part over 12), in a column that is not itself ambiguous."""
    first, second = int(match.group(1)), int(match.group(2))
    return (only_day is None or only_month is None) and (first > 12 or second > 12)


def _both(match: re.Match[str]) -> str:
    first, second, year = (int(match.group(i)) for i in (1, 2, 3))
    return f"{_named(year, second, first)} or {_named(year, first, second)}"


def _named(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year}-{month:02d}-{day:02d} (no such date)"


def _by_order(numeric: list[tuple[_Text, re.Match[str]]], order: str) -> dict[tuple[int, int], date]:
    """The dates that exist read in `order`; one that does not (31/02) is left out (read_dates: I702)."""
    read: dict[tuple[int, int], date] = {}
    for t, m in numeric:
        first, second, year = (int(m.group(i)) for i in (1, 2, 3))
        day, month = (first, second) if order == "day" else (second, first)
        try:
            read[(t.row, t.column)] = date(year, month, day)
        except ValueError:
            continue
    return read


def _unread(table: Table, t: _Text, message: str) -> Diagnostic:
    return Diagnostic(table.file, t.row, t.column, "I702", f"column {table.header_name(t.column)!r}: {message}")


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


# --- the import's step ----------------------------------------------------------------------------

def check_options(read_as: ReadAs, kind: str | None = None) -> None:
    """ImportMisuse for locale options that cannot be used (before anything is read): a bad
    decimal mark or date format, or an option for values the kind of import has none of (marks
    are in score sheets, dates in entries sheets): an option that does not apply is not ignored."""
    check_decimal(read_as.decimal)
    check_date_options(read_as)
    if kind == "entries" and read_as.decimal is not None:
        raise ImportMisuse(f"--decimal {read_as.decimal}: an entries sheet holds no marks; the decimal mark is for score sheets "
                           "(import scores)")
    dated = [name for name, on in (("--day-first", read_as.day_first), ("--date-format", read_as.date_format)) if on]
    if kind == "scores" and dated:
        raise ImportMisuse(f"{dated[0]}: a score sheet holds no dates; how dates are written is for an entries sheet's "
                           "submitted column (import entries)")


def read_locale(kind: str, table: Table, fields: dict[str, int], criteria: Iterable[int], read_as: ReadAs,
                notes: list[Note]) -> list[Diagnostic]:
    """The marks (scores: the mark column and a wide sheet's criterion columns) and dates (entries:
    submitted) of the table read as `read_as` says or as detected; what was decided is added to
    `notes`, and the cells that cannot be read are returned as problems (I702)."""
    if kind == "scores":
        marks = [*criteria, *([fields["mark"]] if "mark" in fields else [])]
        found_notes, found_problems = read_decimals(table, marks, read_as.decimal)
        notes += found_notes
        return found_problems
    dates = [fields[name] for name in DATE_FIELDS.get(kind, ()) if name in fields]
    found, problems = read_dates(table, dates, read_as)
    notes += found
    return problems


DATE_FIELDS: dict[str, tuple[str, ...]] = {"entries": ("submitted",)}  # the fields read as dates, per kind of import
