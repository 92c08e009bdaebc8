"""CSV score sheets: a `scores/*.csv` file holds the marks of any number of judges, as table rows.

Each judge found in the file becomes one `Document` whose data has exactly the shape of a YAML score
sheet's (`{"judge": id, "scores": {entry: {criterion: mark} | overall_mark}}`), so everything after
loading treats the two kinds of sheet alike. The header row decides the form:

- long form: columns judge, entry, criterion, mark (any order), one mark a row; an empty criterion
  cell is an overall mark (for a call without criteria);
- overall form: judge, entry, mark;
- wide form: judge, entry, then one column per criterion id; an empty cell is no mark.

Any form may add a `comment` column: the judge's comment on the entry, which becomes the sheet's
`comments:` (one per judge and entry; repeated on several rows of the same line is fine). A row
whose mark cells are all empty and whose comment is not gives the comment alone.

Positions follow spreadsheets: the line is the CSV row number (the header is row 1; a row holding
a quoted cell with line breaks is numbered by the line it starts on) and the column is the cell
number (1-based). They are not kept while reading: a document's `locator` reads the file again
when a diagnostic first needs one, and a single pass then indexes the rows of every judge of the
file, so that locating the next judge reads only that judge's rows.

Speed: the rows are read by the C csv reader and go straight into dicts; a mark's text is turned
into a value once per distinct text (marks repeat), and the rare rows with a problem take the slow
paths. Everything a row could be reported for is decided in this one pass.
"""

from __future__ import annotations

import csv
import gc
import io
import re
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any

from smartaward.diagnostics import Diagnostic
from smartaward.model.cyclefiles import SLUG_PATTERN
from smartaward.reading.csvvalues import is_values_header, read_values
from smartaward.reading.source import Document, PathKey, decode, plain_scalar

_SLUG = re.compile(SLUG_PATTERN)
_RESERVED = ("judge", "entry", "criterion", "mark", "comment")
# A sheet's header has judge, entry and one column per criterion (or criterion and mark): a few
# dozen at most. Past Excel's own maximum of columns it is not a score sheet, and is not read (one
# T601, instead of a problem per column). No row of a sheet is near MAX_LINE bytes either: a line
# that long (a million cells on one line) is refused before the csv reader makes a list of it.
MAX_CSV_COLUMNS = 16_384
MAX_LINE = 1024 * 1024
_DELIMITERS = (",", ";", "\t")  # in order of preference when the header uses several equally

Positions = dict[PathKey, tuple[int, int]]


_BLANK = object()  # what an empty cell of the wide form reads as: no mark (never stored)
_SKIP: dict[str, Any] = {}  # stands for "rows of this judge cell are skipped" (an invalid id)
_ABSENT = object()


class _Marks(dict):
    """Mark texts → values, each text converted once; a blank cell reads as `blank`."""

    def __init__(self, blank: Any) -> None:
        super().__init__()
        self.blank = blank

    def __missing__(self, cell: str) -> Any:
        text = cell.strip()
        value = self[cell] = plain_scalar(text) if text else self.blank
        return value


@dataclass
class _Layout:
    """What the header says: the form and where each column is (0-based cell indexes)."""

    form: str  # "long", "overall" or "wide"
    width: int
    delimiter: str
    judge: int
    entry: int
    criterion: int = -1  # long form
    mark: int = -1  # long and overall forms
    criteria: list[tuple[int, str]] = field(default_factory=list)  # wide form: (cell index, criterion)
    comment: int = -1  # the judge's comment, in any form (-1: no such column)


def text_lines(raw: bytes) -> io.TextIOWrapper:
    """The lines of a file that `decode` accepted, split where the csv module wants them split.

    A text stream over the bytes, not a StringIO over the text: the latter holds four bytes per
    character, a few hundred MB for a big sheet.
    """
    return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="")


def sniff_delimiter(raw: bytes) -> str:
    """The delimiter of the file, judged from its header line (its first non-blank line) alone."""
    for line in text_lines(raw):
        if line.strip():
            counts = [line.count(d) for d in _DELIMITERS]
            return _DELIMITERS[counts.index(max(counts))]
    return ","


def overlong_line(raw: bytes) -> int | None:
    """The number of a line over MAX_LINE bytes (None: there is none); see _long_window."""
    at = _long_window(raw)
    return None if at is None else _line_of(raw, at)


def _long_window(raw: bytes) -> int | None:
    """Where the first line over MAX_LINE bytes starts (None: there is none), without splitting
    the file into lines: one `find` per MAX_LINE / 2 bytes, each stopping at the first line break
    it meets (about 200 calls for a 100 MB sheet). Every line over MAX_LINE holds a whole window
    of MAX_LINE / 2 bytes without a line break (LF or CR, as the csv reader sees lines); only
    such a window's line is measured, so the answer is exact."""
    half = MAX_LINE // 2
    start = 0
    while start + half <= len(raw):
        end = start + half
        if raw.find(b"\n", start, end) >= 0 or raw.find(b"\r", start, end) >= 0:
            start = end
            continue
        line_start = max(raw.rfind(b"\n", 0, start), raw.rfind(b"\r", 0, start)) + 1
        line_end = min((i for i in (raw.find(b"\n", end), raw.find(b"\r", end)) if i >= 0), default=len(raw))
        if line_end - line_start > MAX_LINE:
            return line_start
        start = line_end  # a long line, but not too long: on from its end
    return None


def _line_of(raw: bytes, at: int) -> int:
    """The number of the line that byte `at` is on (lines end at LF, CR or CR LF)."""
    return raw.count(b"\n", 0, at) + raw.count(b"\r", 0, at) - raw.count(b"\r\n", 0, at) + 1


def csv_reader(lines: Iterable[str], delimiter: str) -> Any:
    return csv.reader(lines, delimiter=delimiter, skipinitialspace=True)


def _blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _row_start(end: int, row: list[str]) -> int:
    """The line a row starts on, from the line it ends on and the line breaks inside its cells."""
    breaks = 0
    for cell in row:
        if "\n" in cell or "\r" in cell:
            breaks += cell.count("\n") + cell.count("\r") - cell.count("\r\n")
    return end - breaks


def _header(header: list[str], line: int, delimiter: str, file: str,
            problems: list[Diagnostic]) -> _Layout | None:
    """The layout the header describes, or None when the rows cannot be read at all."""
    def report(column: int, message: str) -> None:
        problems.append(Diagnostic(file, line, column, "T601", message))

    first, hinted = _header_names(header, report)
    fatal = False
    for required in ("judge", "entry"):
        if required not in first and required not in hinted:
            report(1, f"the header has no {required!r} column")
        fatal = fatal or required not in first
    form = "long" if "criterion" in first else "overall" if "mark" in first else "wide"
    fatal = fatal or bool(hinted)  # a misspelt column name: its cells would be read wrongly
    if form == "long" and "mark" not in first:
        if "mark" not in hinted:
            report(first["criterion"] + 1, "the header has a 'criterion' column but no 'mark' column")
        fatal = True
    layout = _Layout(form, len(header), delimiter, first.get("judge", -1), first.get("entry", -1),
                     first.get("criterion", -1), first.get("mark", -1), comment=first.get("comment", -1))
    _criterion_columns(layout, first, hinted, report)
    if form == "wide" and not layout.criteria:
        if len(first) - ("comment" in first) == 2 and not fatal:  # only judge and entry (and comment): nothing says where marks are
            report(1, "the header has no mark columns: add a 'mark' column, a 'criterion' and a "
                      "'mark' column, or one column per criterion")
        fatal = True
    return None if fatal else layout


def _header_names(header: list[str], report: Callable[[int, str], None]) -> tuple[dict[str, int], set[str]]:
    """The header's names → the (0-based) column each is first in, and the reserved names written
    with capitals (each reported, with the lowercase name to write)."""
    first: dict[str, int] = {}
    hinted: set[str] = set()
    for index, name in enumerate(cell.strip() for cell in header):
        if not name:
            report(index + 1, f"column {index + 1} has no name")
        elif name in first:
            report(index + 1, f"the column {name!r} is given twice (first in column {first[name] + 1}); this one is ignored")
        else:
            first[name] = index
    for name, index in first.items():
        if name not in _RESERVED and name.lower() in _RESERVED and name.lower() not in first:
            report(index + 1, f"the column {name!r}: column names are lowercase, write {name.lower()!r}")
            hinted.add(name.lower())
    return first, hinted


def _criterion_columns(layout: _Layout, first: dict[str, int], hinted: set[str], report: Callable[[int, str], None]) -> None:
    """The columns of a wide sheet beside judge and entry, as its criteria (in `layout`); such a
    column in a long or overall sheet, or one whose name is no criterion id, is reported."""
    form = layout.form
    expected = {"long": "judge, entry, criterion and mark (and comment)", "overall": "judge, entry and mark (and comment)"}
    for name, index in first.items():
        if name in _RESERVED or name.lower() in hinted:
            continue
        if form != "wide":
            report(index + 1, f"unexpected column {name!r}: a sheet with a {'criterion' if form == 'long' else 'mark'} "
                              f"column has the columns {expected[form]} only")
        elif _SLUG.fullmatch(name) is None:
            report(index + 1, f"the column {name!r} is not a criterion id; use lowercase letters, digits and hyphens")
        else:
            layout.criteria.append((index, name))


class _Locations:
    """Where the kept values of one CSV file are, found by reading the file again (see module doc).

    The first request indexes the rows of every judge (their first and last line); each request
    then reads only its judge's rows. The file's text is dropped once every judge is located.
    """

    def __init__(self, path: Path, raw: bytes, layout: _Layout, judges: Iterable[str]) -> None:
        self.path = path
        self.checksum = _checksum(raw)
        self.layout = layout
        self.pending = set(judges)
        self.text: str | None = None
        self.offsets: array | None = None  # where each line starts in the text
        self.rows: dict[str, array] | None = None  # judge → first and last line of each of its rows

    def _index(self) -> None:
        self.rows = {}
        try:
            raw = self.path.read_bytes()
        except OSError:
            return
        if _checksum(raw) != self.checksum:
            return  # the file changed since it was read: no positions rather than wrong ones
        text, _ = decode(raw, "")
        assert text is not None  # as when it was read
        layout, rows = self.layout, self.rows
        reader = csv_reader(text_lines(raw), layout.delimiter)
        next(row for row in reader if not _blank(row))  # the header
        ji, width, end = layout.judge, layout.width, reader.line_num
        by_cell: dict[str, array | None] = {}  # judge cell as written → its judge's lines (None: skipped)
        try:
            for row in reader:
                start, end = end + 1, reader.line_num
                if len(row) != width:
                    continue
                try:
                    found = by_cell[row[ji]]
                except KeyError:  # the first row of this judge cell
                    judge = row[ji].strip()
                    found = by_cell[row[ji]] = rows.setdefault(judge, array("i")) if judge in self.pending else None
                if found is not None:
                    found.append(start)
                    found.append(end)
        except csv.Error:
            pass  # where reading stopped the first time too (see _read)
        self.text = text
        self.offsets = array("q", accumulate(map(len, text_lines(raw)), initial=0))

    def locate(self, judge: str) -> tuple[Positions, Positions]:
        if self.rows is None:
            self._index()
        assert self.rows is not None
        found = self.rows.pop(judge, None)
        self.pending.discard(judge)
        values: Positions = {}
        keys: Positions = {}
        if found is not None and self.text is not None and self.offsets is not None:
            text, offsets = self.text, self.offsets
            starts = found[0::2]
            texts = (text[offsets[start - 1]:offsets[end]] for start, end in zip(starts, found[1::2], strict=True))
            _positions(self.layout, zip(starts, csv_reader(texts, self.layout.delimiter), strict=False), values, keys)
        if not self.pending:
            self.text = self.offsets = None
        return values, keys


def _checksum(raw: bytes) -> tuple[int, int]:
    return len(raw), zlib.crc32(raw)


def _positions(layout: _Layout, rows: Iterator[tuple[int, list[str]]], values: Positions, keys: Positions) -> None:
    """Positions of one judge's rows, under the same rules as the reading (first mark wins, and
    first comment)."""
    ji, ei, ci, mi, co = layout.judge + 1, layout.entry, layout.criterion, layout.mark, layout.comment
    criteria = layout.criteria
    kinds: dict[str, bool] = {}  # entry → criterion marks (True) or an overall mark (False)
    for line, row in rows:
        values.setdefault(("judge",), (line, ji))
        keys.setdefault(("judge",), (line, ji))
        entry = row[ei].strip()
        if not entry:
            continue
        if co >= 0 and row[co].strip():
            comment: PathKey = ("comments", entry)
            if comment not in values:
                values[comment], keys[comment] = (line, co + 1), (line, ei + 1)
            if _only_comment(layout, row):
                continue
        path: PathKey = ("scores", entry)
        if layout.form == "wide":
            if path not in values:
                values[path] = keys[path] = (line, ei + 1)
            for index, criterion in criteria:
                mark = path + (criterion,)
                if row[index].strip() and mark not in values:
                    values[mark] = keys[mark] = (line, index + 1)
            continue
        criterion = row[ci].strip() if ci >= 0 else ""
        kind = kinds.get(entry)
        if kind is None:
            kind = kinds[entry] = bool(criterion)
            if criterion:
                values[path] = keys[path] = (line, ei + 1)
            else:
                values[path], keys[path] = (line, mi + 1), (line, ei + 1)
        if criterion and kind:
            mark = path + (criterion,)
            if mark not in values:
                values[mark], keys[mark] = (line, mi + 1), (line, ci + 1)


def _only_comment(layout: _Layout, row: list[str]) -> bool:
    """Whether a row with a comment gives nothing but the comment: its mark cells are all empty
    (and, in the long form, its criterion cell too)."""
    if layout.form == "wide":
        return not any(row[index].strip() for index, _ in layout.criteria)
    return not row[layout.mark].strip() and (layout.criterion < 0 or not row[layout.criterion].strip())


class _Sheets:
    """One reading of a CSV file's rows into judges' score mappings, with every problem found."""

    def __init__(self, file: str, layout: _Layout, problems: list[Diagnostic]) -> None:
        self.file = file
        self.layout = layout
        self.problems = problems
        self.sheets: dict[str, dict[str, Any]] = {}  # judge id → scores, in order of appearance
        self.by_cell: dict[str, dict[str, Any]] = {}  # judge cell as written → scores, or _SKIP
        self.names: dict[int, str] = {}  # id of a judge's scores → the judge, to word problems
        self.comments: dict[str, dict[str, str]] = {}  # judge id → entry → the judge's comment

    def report(self, end: int, row: list[str], column: int, code: str, message: str) -> None:
        self.problems.append(Diagnostic(self.file, _row_start(end, row), column, code, message))

    def judge(self, end: int, row: list[str]) -> dict[str, Any] | None:
        """The scores of the row's judge (`_SKIP` for an invalid id); None to skip just this row."""
        cell = row[self.layout.judge]
        judge = cell.strip()
        if not judge:
            if not _blank(row):
                self.report(end, row, self.layout.judge + 1, "T602", "the judge cell is empty")
            return None
        if _SLUG.fullmatch(judge) is None:
            self.report(end, row, self.layout.judge + 1, "S104",
                        f"{judge!r} is not a valid judge id; use lowercase letters, digits and hyphens (rows with it are skipped)")
            scores = _SKIP
        else:
            known = self.sheets.get(judge)
            if known is None:
                known = self.sheets[judge] = {}
                self.names[id(known)] = judge
            scores = known
        self.by_cell[cell] = scores
        return scores

    def odd_row(self, end: int, row: list[str]) -> None:
        """A row whose number of cells is not the header's: reported unless it is blank."""
        if row and not _blank(row):
            width = self.layout.width
            self.report(end, row, min(len(row), width) + 1, "T602",
                        f"the row has {len(row)} cell{'s' if len(row) != 1 else ''}, the header {width}")

    def no_entry(self, end: int, row: list[str]) -> None:
        self.report(end, row, self.layout.entry + 1, "T602", "the entry cell is empty")

    def duplicate(self, end: int, row: list[str], column: int, judge: str, entry: str, criterion: str | None) -> None:
        what = f"{entry!r}" if criterion is None else f"{entry!r} on {criterion!r}"
        self.report(end, row, column, "T603", f"judge {judge!r} already marked {what} earlier in this file; only the first mark counts")

    def mixed(self, end: int, row: list[str], judge: str, entry: str, overall: bool) -> None:
        first = "criterion marks" if overall else "an overall mark"
        self.report(end, row, self.layout.mark + 1, "T603", f"judge {judge!r} gives {entry!r} {first} in an earlier row and "
                    f"{'an overall mark' if overall else 'criterion marks'} here; only the first counts")

    def judge_of(self, scores: dict[str, Any]) -> str:
        return self.names[id(scores)]

    def comment(self, end: int, row: list[str], scores: dict[str, Any], entry: str) -> bool:
        """Take the row's comment (a different one for the same judge and entry is T603); True if
        the row gives nothing but its comment (see _only_comment)."""
        column = self.layout.comment
        text = row[column].strip()
        if not text:
            return False
        judge = self.judge_of(scores)
        comments = self.comments.setdefault(judge, {})
        first = comments.setdefault(entry, text)
        if first != text:
            self.report(end, row, column + 1, "T603", f"judge {judge!r} gave {entry!r} a different comment in an earlier row of "
                        "this file; one comment per judge and entry, and only the first counts")
        return _only_comment(self.layout, row)

    # The three loops below are the hot path: one pass of the C reader, and per row a few dict
    # operations. Anything unusual leaves the loop body through a method call.

    def read_long(self, reader: Any) -> None:
        layout = self.layout
        width, ji, ei, ci, mi, co = layout.width, layout.judge, layout.entry, layout.criterion, layout.mark, layout.comment
        by_cell = self.by_cell
        marks = _Marks(None)
        for row in reader:
            if len(row) != width:
                self.odd_row(reader.line_num, row)
                continue
            scores = by_cell.get(row[ji])
            if scores is None:
                scores = self.judge(reader.line_num, row)
                if scores is None:
                    continue
            if scores is _SKIP:
                continue
            entry = row[ei].strip()
            if not entry:
                self.no_entry(reader.line_num, row)
                continue
            if co >= 0 and self.comment(reader.line_num, row, scores, entry):
                continue
            criterion = row[ci].strip()
            mark = marks[row[mi]]
            have = scores.get(entry, _ABSENT)
            if have is _ABSENT:
                scores[entry] = {criterion: mark} if criterion else mark
            elif criterion and type(have) is dict:
                if criterion in have:
                    self.duplicate(reader.line_num, row, mi + 1, self.judge_of(scores), entry, criterion)
                else:
                    have[criterion] = mark
            elif criterion or type(have) is dict:
                self.mixed(reader.line_num, row, self.judge_of(scores), entry, not criterion)
            else:
                self.duplicate(reader.line_num, row, mi + 1, self.judge_of(scores), entry, None)

    def read_overall(self, reader: Any) -> None:
        layout = self.layout
        width, ji, ei, mi, co = layout.width, layout.judge, layout.entry, layout.mark, layout.comment
        by_cell = self.by_cell
        marks = _Marks(None)
        for row in reader:
            if len(row) != width:
                self.odd_row(reader.line_num, row)
                continue
            scores = by_cell.get(row[ji])
            if scores is None:
                scores = self.judge(reader.line_num, row)
                if scores is None:
                    continue
            if scores is _SKIP:
                continue
            entry = row[ei].strip()
            if not entry:
                self.no_entry(reader.line_num, row)
            elif co >= 0 and self.comment(reader.line_num, row, scores, entry):
                continue
            elif entry in scores:
                self.duplicate(reader.line_num, row, mi + 1, self.judge_of(scores), entry, None)
            else:
                scores[entry] = marks[row[mi]]

    def read_wide(self, reader: Any) -> None:
        layout = self.layout
        width, ji, ei, co = layout.width, layout.judge, layout.entry, layout.comment
        names = [name for _, name in layout.criteria]
        cells: Callable[[list[str]], Any]
        if len(layout.criteria) == 1:
            only = layout.criteria[0][0]
            cells = lambda row: (row[only],)  # noqa: E731 - itemgetter of one index is no tuple
        else:
            cells = itemgetter(*(index for index, _ in layout.criteria))
        by_cell = self.by_cell
        marks = _Marks(_BLANK)
        value = marks.__getitem__
        for row in reader:
            if len(row) != width:
                self.odd_row(reader.line_num, row)
                continue
            scores = by_cell.get(row[ji])
            if scores is None:
                scores = self.judge(reader.line_num, row)
                if scores is None:
                    continue
            if scores is _SKIP:
                continue
            entry = row[ei].strip()
            if not entry:
                self.no_entry(reader.line_num, row)
            elif co >= 0 and self.comment(reader.line_num, row, scores, entry):
                continue
            elif entry in scores:
                self.merge(reader.line_num, row, scores, entry, map(value, cells(row)))
            else:
                scores[entry] = {c: m for c, m in zip(names, map(value, cells(row)), strict=True) if m is not _BLANK}

    def merge(self, end: int, row: list[str], scores: dict[str, Any], entry: str, values: Iterator[Any]) -> None:
        """A second row of the same judge and entry (wide form): new criteria join, repeats are T603."""
        have = scores[entry]
        for (index, criterion), mark in zip(self.layout.criteria, values, strict=True):
            if mark is _BLANK:
                continue
            if criterion in have:
                self.duplicate(end, row, index + 1, self.judge_of(scores), entry, criterion)
            else:
                have[criterion] = mark


def read_csv_sheets(path: Path, file: str, raw: bytes | None = None) -> tuple[list[tuple[str, Document]], list[Diagnostic]]:
    """The score sheets of every judge in a CSV file, in order of first appearance; never raises.

    Each is (judge id, Document) with the data of the equivalent YAML sheet; `file` is the name used
    in diagnostics. Problems: T601 (header), T602 (a row), T603 (a repeated mark), S104 (a judge
    id), Y005 (encoding), Y006 (no data rows), F002 (cannot read the file).
    """
    if raw is None:  # the caller may pass the bytes it already read (load.collect does)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return [], [Diagnostic(file, 0, 0, "F002", f"cannot read the file: {exc.strerror or exc}")]
    text, problems = decode(raw, file)
    if text is None:
        return [], problems
    del text  # decoded only to check the encoding: the rows are read from the bytes as a stream
    enabled = gc.isenabled()
    gc.disable()  # millions of small dicts and no reference cycles: see load.gc_paused
    try:
        return _read(raw, path, file)
    finally:
        if enabled:
            gc.enable()


def _sheet_data(judge: str, scores: dict[str, Any], comments: dict[str, str] | None) -> dict[str, Any]:
    """The data of the YAML sheet that a judge's rows are: judge, scores (and comments, if any)."""
    data: dict[str, Any] = {"judge": judge, "scores": scores}
    if comments:
        data["comments"] = comments
    return data


def _overlong(raw: bytes, at: int, file: str) -> Diagnostic:
    """T601 for an overlong header line (nothing but blank lines before it), else T602."""
    start = max(raw.rfind(b"\n", 0, at), raw.rfind(b"\r", 0, at)) + 1
    header = not raw[:start].removeprefix(b"\xef\xbb\xbf").translate(None, b" \t\r\n,;\"")
    return Diagnostic(file, _line_of(raw, at), 1, "T601" if header else "T602",
                      f"{'the header line' if header else 'the line'} is over {MAX_LINE // (1024 * 1024)} MB long, which no line "
                      "of a score sheet is (a million cells on one line?): the file is not read")


def _failing_row(raw: bytes, delimiter: str) -> int:
    """The line where the row starts that the csv reader fails on (read again: a rare path)."""
    reader = csv_reader(text_lines(raw), delimiter)
    end = 0
    try:
        for _ in reader:
            end = reader.line_num
    except csv.Error:
        pass
    return end + 1


def _read(raw: bytes, path: Path, file: str) -> tuple[list[tuple[str, Document]], list[Diagnostic]]:
    problems: list[Diagnostic] = []
    long_window = _long_window(raw)
    if long_window is not None:
        return [], [_overlong(raw, long_window, file)]
    delimiter = sniff_delimiter(raw)
    reader = csv_reader(text_lines(raw), delimiter)
    sheets: _Sheets | None = None
    try:
        header = next((row for row in reader if not _blank(row)), None)
        if header is None:
            return [], [Diagnostic(file, 1, 1, "Y006", "the file holds no data")]
        line = _row_start(reader.line_num, header)
        if len(header) > MAX_CSV_COLUMNS:
            return [], [Diagnostic(file, line, MAX_CSV_COLUMNS + 1, "T601", f"the header has {len(header):,} columns, more than "
                                   f"the {MAX_CSV_COLUMNS:,} a spreadsheet may have: this is no score sheet, and it is not read")]
        if is_values_header(header):  # no judge: measured values (csvvalues.py)
            rows = ((_row_start(reader.line_num, row), row) for row in reader if not _blank(row))
            found = read_values(header, line, rows, file, problems)
            if not found and not problems:
                problems.append(Diagnostic(file, line, 1, "Y006", "the file holds no data: it has a header but no rows"))
            return [("", document) for document in found], problems
        layout = _header(header, line, delimiter, file, problems)
        before = len(problems)
        if layout is None:
            data = any(not _blank(row) for row in reader)
        else:
            sheets = _Sheets(file, layout, problems)
            {"long": sheets.read_long, "overall": sheets.read_overall, "wide": sheets.read_wide}[layout.form](reader)
            data = bool(sheets.sheets) or len(problems) > before
        if not data:
            problems.append(Diagnostic(file, line, 1, "Y006", "the file holds no data: it has a header but no rows"))
    except csv.Error as exc:  # in practice only a cell over csv.field_size_limit(): an unclosed quote
        problems.append(Diagnostic(file, _failing_row(raw, delimiter), 1, "T602",
                                   f"cannot read the rest of the file from this row: {exc} (is a quote left open?)"))
    if sheets is None:
        return [], problems
    locations = _Locations(path, raw, sheets.layout, sheets.sheets)
    documents = [(judge, Document(file, _sheet_data(judge, scores, sheets.comments.get(judge)), locator=partial(locations.locate, judge)))
                 for judge, scores in sheets.sheets.items()]
    return documents, problems
