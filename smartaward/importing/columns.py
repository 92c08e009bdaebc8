"""Step 2 of an import: which column of the header holds which field. Explicit mappings (`--map`,
a mapping file) come first, then default header names compared loosely. A module of its own because
every problem it finds (I701) is about the header, so it is decided once, before any row is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from smartaward.diagnostics import Diagnostic
from smartaward.importing.fields import (
    ENTRY_FIELDS,
    REQUIRED_ENTRY_FIELDS,
    SCORE_FIELDS,
    SLUG,
    ImportMisuse,
    Note,
)
from smartaward.importing.limits import check_option_file
from smartaward.importing.spreadsheet import Table, is_blank
from smartaward.text.names import latin
from smartaward.text.suggest import allowed, did_you_mean

IGNORE = "-"  # the mapping target that drops a column

# Header names recognised without a mapping, compared after `loose_header`.
DEFAULT_HEADERS: dict[str, dict[str, str]] = {
    "entries": {
        "id": "id", "entry id": "id", "entry": "id",
        "call": "call", "call id": "call",
        "category": "category", "category id": "category",
        "title": "title", "entry title": "title", "project title": "title", "project": "title",
        "entrant name": "entrant.name", "entrant": "entrant.name", "name": "entrant.name", "applicant": "entrant.name",
        "entrant type": "entrant.type", "type": "entrant.type",
        "entrant id": "entrant.id",
        "entrant city": "entrant.city", "city": "entrant.city",
        "entrant country": "entrant.country", "country": "entrant.country", "country code": "entrant.country",
        "submitted": "submitted", "submitted on": "submitted", "date submitted": "submitted", "submission date": "submitted",
        "summary": "summary", "description": "summary",
        "url": "url", "website": "url", "link": "url",
        # An entrant's e-mail address: kept in the entry as the private `contact:`, never published.
        "contact": "contact", "email": "contact", "e mail": "contact", "email address": "contact", "e mail address": "contact",
        "contact email": "contact", "contact e mail": "contact", "contact email address": "contact", "contact e mail address": "contact",
        "contact address": "contact", "entrant email": "contact", "entrant e mail": "contact",
    },
    "scores": {
        "judge": "judge", "judge id": "judge", "juror": "judge",
        "entry": "entry", "entry id": "entry",
        "round": "round",
        "criterion": "criterion", "criterion id": "criterion",
        "mark": "mark", "score": "mark",
    },
}

# The fields of a judge (judges.yaml) a jury list's column may give (`import judges`, judges.py).
JUDGE_FIELDS = ("id", "name", "country", "city", "affiliation", "calls", "rounds", "categories", "expertise", "conflicts",
                "voting", "observer", "public", "max_entries", "min_entries", "contact")
DEFAULT_HEADERS["judges"] = {
    "id": "id", "judge id": "id", "judge": "name", "name": "name", "judge name": "name", "juror": "name", "full name": "name",
    "country": "country", "country code": "country", "city": "city", "affiliation": "affiliation", "organisation": "affiliation",
    "organization": "affiliation", "institution": "affiliation", "employer": "affiliation",
    "calls": "calls", "call": "calls", "rounds": "rounds", "round": "rounds", "categories": "categories", "category": "categories",
    "call ids": "calls", "round ids": "rounds", "category ids": "categories",
    "expertise": "expertise", "tags": "expertise", "tag": "expertise", "conflicts": "conflicts", "conflict": "conflicts",
    "conflicts of interest": "conflicts", "conflict of interest": "conflicts", "conflicting entries": "conflicts",
    "voting": "voting", "votes": "voting", "vote": "voting", "observer": "observer", "observers": "observer", "public": "public",
    "max entries": "max_entries", "max": "max_entries", "maximum entries": "max_entries",
    "min entries": "min_entries", "min": "min_entries", "minimum entries": "min_entries",
    "e mail": "contact", "email": "contact", "contact": "contact", "email address": "contact", "e mail address": "contact",
}

# Scores: headers of a judge's packet (`smartaward packets`), recognised after the cycle's criteria,
# so that a criterion whose id is `title` or `comment` keeps its column (wide form) as before. The
# entry's title is there for the judge: read and ignored.
PACKET_HEADERS: dict[str, str] = {
    "comment": "comment", "comments": "comment", "judge's comment": "comment", "judge\u2019s comment": "comment",
    "judges comment": "comment", "judge comment": "comment",
    "remark": "comment", "remarks": "comment", "note": "comment", "notes": "comment", "judge's notes": "comment",
    "judge\u2019s notes": "comment", "judges notes": "comment",
    "title": IGNORE, "entry title": IGNORE,
}

_SEPARATORS = re.compile(r"[\s_.\-]+")
_ONE = {"entries": "an entry", "scores": "a mark", "judges": "a judge"}


def loose_header(name: str) -> str:
    """A header name compared loosely: case, spaces, `_`, `.` and `-` do not matter."""
    return " ".join(_SEPARATORS.split(unicodedata.normalize("NFKC", name).casefold())).strip()


def mapping_target(kind: str, target: str, option: str = "--map") -> str:
    """The field a mapping names (`entrant city` and `entrant_city` are entrant.city); for score
    sheets any id is a criterion. ImportMisuse for anything else, worded for `option` (--map, or
    --set, whose field is named the same way)."""
    target = target.strip()
    if target == IGNORE:
        return IGNORE
    fields = ENTRY_FIELDS if kind == "entries" else JUDGE_FIELDS if kind == "judges" else SCORE_FIELDS
    by_loose = {loose_header(f): f for f in fields}
    found = by_loose.get(loose_header(target))
    if found is not None:
        return found
    if kind == "scores" and SLUG.fullmatch(target) and len(target) <= 120:
        return target  # a criterion id: a wide sheet's mark column
    also = " or a criterion id (wide form)" if kind == "scores" else ""
    near = did_you_mean(target, {f: f.rsplit(".", 1)[-1] for f in fields})  # "titel": title; "city": entrant.city
    if option == "--set":
        raise ImportMisuse(f"--set {target}=...: {target!r} is no field of {_ONE[kind]}; " + (f"{near} " if near else "")
                           + f"--set takes one of {', '.join(fields)}")
    raise ImportMisuse(f"unknown mapping target {target!r}: " + (f"{near} " if near else "")
                       + f"map a column to one of {', '.join(fields)}{also}, or to {IGNORE} to ignore it")


class HeaderMaps(dict[str, str]):
    """`--map` options: loose header name → field, remembering each header as the organiser
    wrote it (for messages: a column the header lacks is named as written, not loosened)."""

    def __init__(self) -> None:
        super().__init__()
        self.written: dict[str, str] = {}


def parse_maps(kind: str, values: Iterable[str]) -> HeaderMaps:
    """`--map "Header=field"` options: loose header name → field. ImportMisuse if malformed."""
    maps = HeaderMaps()
    for value in values:
        header, sep, target = value.rpartition("=")
        if not sep or not header.strip():
            raise ImportMisuse(f"--map {value!r}: write the column's header, '=' and the field, e.g. --map \"Project title=title\"")
        maps[loose_header(header)] = mapping_target(kind, target)
        maps.written[loose_header(header)] = header.strip()
    return maps


def parse_constants(values: Iterable[str]) -> dict[str, str]:
    """`--set FIELD=VALUE` options: field → value (the field as `mapping_target` names it for
    entries, judges or scores alike is checked by the import that uses it). ImportMisuse if malformed."""
    constants: dict[str, str] = {}
    for value in values:
        name, sep, given = value.partition("=")
        if not sep or not name.strip() or not given.strip():
            raise ImportMisuse(f"--set {value!r}: write the field, '=' and its value, e.g. --set call=project")
        control = next((char for char in value if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")), None)
        if control is not None:  # a value for every row is one line of plain text, refused before it is in any file
            raise ImportMisuse(f"--set {name.strip()}=...: the value holds the character U+{ord(control):04X} "
                               f"({unicodedata.name(control, 'a control character').lower()}); give a value on one line, without "
                               "control or formatting characters")
        constants[name.strip()] = given.strip()
    return constants


def read_mapping_file(kind: str, path: Path) -> dict[str, str]:
    """A mapping file: a YAML mapping of header names to fields, read by smartaward's safe reader."""
    from smartaward.reading.source import read_document

    if path.is_dir():
        raise ImportMisuse(f"{path} is a folder: --mapping takes a YAML file mapping header names to fields")
    check_option_file(path, "--mapping")  # not a device, not huge (limits.py)
    if not path.is_file():
        raise ImportMisuse(f"{path}: no such mapping file")
    doc, problems = read_document(path, str(path))
    if problems:
        first = problems[0]
        raise ImportMisuse(f"{first.file}:{first.line}:{first.column}: {first.message}")
    if not isinstance(doc.data, dict) or not all(isinstance(v, str) for v in doc.data.values()):
        raise ImportMisuse(f"{path}: a mapping file maps header names to fields, e.g. \"Project title: title\"")
    return {loose_header(str(k)): mapping_target(kind, v) for k, v in doc.data.items()}


@dataclass
class Columns:
    fields: dict[str, int]  # field → 1-based column
    criteria: list[tuple[int, str]]  # scores, wide form: (column, criterion id)
    ignored: list[int] = field(default_factory=list)  # columns that map to no field: not imported (one I706, a Note)
    notes: list[Note] = field(default_factory=list)  # how the header was read (the columns ignored)


# A field every row shares (--set, or implied: constants.py): (field, the header of its column, value).
Constant = tuple[str, str, str]


def slugify(text: str) -> str:
    ascii_text = latin(text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def resolve_columns(kind: str, table: Table, maps: dict[str, str], file_maps: dict[str, str], criteria: Collection[str],
                    constants: Callable[[set[str]], list[Constant]] | None = None) -> tuple[Columns, list[Diagnostic]]:
    """Which column holds which field. Problems (I701) are about the header, so no row can be
    imported until they are fixed: a field given twice, a required field without a column, a
    column with values but no name, a `--map` naming a column the header does not have. Columns
    that map to no field are not imported: one warning lists them all (I706), and a Note.
    `constants`: given the fields the sheet's columns hold, the fields every row shares (--set,
    or implied), each added to the table as a column of its own after the sheet's. `criteria`:
    the cycle's criterion ids, or a mapping of them to their titles (then a column headed by a
    criterion's title is that criterion's, with a Note)."""
    problems: list[Diagnostic] = []
    row = table.header_row

    def report(column: int, message: str) -> None:
        problems.append(Diagnostic(table.file, row, column, "I701", message))

    columns = Columns({}, [])
    seen: set[str] = set()
    for index, name in enumerate(table.header, start=1):
        key = loose_header(name)
        seen.add(key)
        problem = _place_column(kind, table, columns, index, name, key, maps, file_maps, criteria)
        if problem is not None:
            report(index, problem)
    for key in maps:
        if key not in seen:
            written = maps.written.get(key, key) if isinstance(maps, HeaderMaps) else key
            near = did_you_mean(written, [name for name in table.header if name])
            report(1, f"--map names the column {written!r}, which the header does not have" + (f"; {near}" if near else ""))
    if columns.ignored:
        problems.append(ignored_warning(kind, table, columns, criteria))
    for name, header, value in constants(set(columns.fields)) if constants is not None else []:
        _add_constant(table, columns, name, header, value)
    missing = _entry_columns_missing(columns) if kind == "entries" else _score_columns_missing(table, columns)
    for column, message in missing:
        report(column, message + (_other_tabs(table) if message.startswith("no column for") else ""))
    return columns, problems


def _place_column(kind: str, table: Table, columns: Columns, index: int, name: str, key: str, maps: dict[str, str],
                  file_maps: dict[str, str], criteria: Collection[str]) -> str | None:
    """Put the column `index` (header `name`, loosely `key`) in `columns`, or say what is wrong
    with it (None: nothing)."""
    if not key:
        if any(not is_blank([cells[index - 1]]) for _, cells in table.rows):
            return f"column {index} has values but no header name; name it, or empty it"
        return None
    target = maps.get(key) or file_maps.get(key) or DEFAULT_HEADERS[kind].get(key)
    if target is None and kind == "scores":
        slug = slugify(name)
        target = slug if slug in criteria else _criterion_by_title(table, columns, index, name, criteria) or PACKET_HEADERS.get(key)
    if target is None and kind == "scores" and criteria:  # a misspelt criterion: its marks would be lost, not ignored
        from smartaward.text.suggest import nearest

        near = nearest(name, _titled(criteria), 1)
        if near:
            return (f"the column {name!r} names no criterion of the cycle; did you mean {near[0]!r}? Name it so, map it with "
                    f"--map \"{name}={near[0]}\", or leave it out with --map \"{name}=-\"")
    if target is None and kind == "scores" and has_numbers(table, [index]):  # marks of no criterion: lost, not ignored
        return (f"the column {name!r} has numbers but names no criterion of the cycle "
                + (f"(the criteria: {allowed(_titled(criteria), 8)})" if criteria else "(the cycle has no criteria)")
                + f"; name it after one, map it with --map \"{name}=CRITERION\", or leave it out with --map \"{name}=-\"")
    if target is None:  # not imported: said once for all such columns (I706)
        columns.ignored.append(index)
        return None
    if target == IGNORE:
        return None
    if target in SCORE_FIELDS or kind == "entries":
        if target in columns.fields:
            first = columns.fields[target]
            return (f"the column {name!r} is a second column for {target} (the first is {table.header_name(first)!r}, column {first}); "
                    "map one of them to -")
        columns.fields[target] = index
    else:
        if any(c == target for _, c in columns.criteria):
            return f"the column {name!r} is a second column for the criterion {target!r}; map one of them to -"
        columns.criteria.append((index, target))
    return None


_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def has_numbers(table: Table, columns: Iterable[int] | None = None) -> bool:
    """Whether some cell below the header, in `columns` (None: any), is a number or written as one
    (a mark: "7", "7.5", "7,5")."""
    from smartaward.importing.spreadsheet import cell_text

    wanted = None if columns is None else [column - 1 for column in columns]
    for _, cells in table.rows:
        for cell in cells if wanted is None else [cells[i] for i in wanted if i < len(cells)]:
            if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                return True
            text = cell_text(cell)
            if text and _NUMBER.fullmatch(text):
                return True
    return False


def _titled(criteria: Collection[str]) -> Mapping[str, str | None]:
    """The criteria with their titles where they are known."""
    return criteria if isinstance(criteria, Mapping) else dict.fromkeys(criteria)


def _criterion_by_title(table: Table, columns: Columns, index: int, name: str, criteria: Collection[str]) -> str | None:
    """The criterion whose title the header `name` is (folded, as values are: case, accents and
    spaces do not matter), when exactly one criterion has that title; a Note says so, since the
    sheet names it otherwise than its id."""
    from smartaward.text.suggest import fold

    wanted = fold(name)
    found = sorted(c for c, title in _titled(criteria).items() if title and fold(title) == wanted)
    if len(found) != 1:
        return None
    columns.notes.append(Note("columns", f"read as the criterion {found[0]!r}, whose title it is", index, table.header_name(index)))
    return found[0]


def ignored_warning(kind: str, table: Table, columns: Columns, criteria: Collection[str]) -> Diagnostic:
    """The one warning (I706) for the columns not imported, at the first of them, each with the
    field or criterion its name is nearest to; and the Note that lists them."""
    from smartaward.text.suggest import nearest

    fields = ENTRY_FIELDS if kind == "entries" else JUDGE_FIELDS if kind == "judges" else SCORE_FIELDS
    choices = [*fields, *(sorted(criteria) if kind == "scores" else [])]
    named: list[str] = []
    for index in columns.ignored:
        name = table.header_name(index)
        near = nearest(name, {choice: choice.rsplit(".", 1)[-1] for choice in choices}, 1)  # "Contry": entrant.country
        named.append(f"{name!r} (column {index}" + (f"; {near[0]}?" if near else "") + ")")
    listed = ", ".join(named)
    many = len(named) > 1
    what = "fields or criteria of the cycle" if kind == "scores" else "fields"
    columns.notes.append(Note("ignored", f"not imported: {listed}", None, None, warned=True))
    return Diagnostic(table.file, table.header_row, columns.ignored[0], "I706",
                      f"{'these columns map' if many else 'the column maps'} to none of the {what}, and {'are' if many else 'is'} "
                      f"not imported: {listed}; import one with --map \"HEADER=FIELD\", or leave it out without this warning "
                      f"with --map \"HEADER=-\"")


def _add_constant(table: Table, columns: Columns, name: str, header: str, value: str) -> None:
    """A field every row shares, as a column after the sheet's: `header` in the header, `value` in every row."""
    table.header.append(header)
    for _, cells in table.rows:
        cells.append(value)
    columns.fields[name] = len(table.header)


def _other_tabs(table: Table) -> str:
    """For a header that lacks a column, in one tab of a workbook that has others: the hint that
    the others may hold what this one lacks (a workbook with a tab per judge, read one tab)."""
    from smartaward.reading.files import printable

    book = table.workbook
    if book is None or book.packet:
        return ""
    others = [name for name in book.names if name != book.read]
    if not others:
        return ""
    listed = ", ".join(repr(printable(name)) for name in others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
    return (f" (this is the workbook's sheet {printable(book.read or '')!r}; it has {len(others)} other{'s' if len(others) > 1 else ''}: "
            f"{listed}: read every sheet with --all-sheets, or another with --sheet NAME)")


def _entry_columns_missing(columns: Columns) -> list[tuple[int, str]]:
    """(column, problem) for the fields every entry needs that no column of an entries sheet holds."""
    missing = [f for f in REQUIRED_ENTRY_FIELDS if f not in columns.fields]
    if not missing:
        return []
    return [(1, f"no column for {', '.join(missing)}: every entry needs {'them' if len(missing) > 1 else 'it'}; "
                f"name the column{'s' if len(missing) > 1 else ''} so, or map {'them' if len(missing) > 1 else 'it'} with --map \"HEADER=FIELD\"")]


def _score_columns_missing(table: Table, columns: Columns) -> list[tuple[int, str]]:
    """(column, problem) for what a scores sheet's header lacks or mixes up: a judge or entry
    column, a mark column beside a criterion column, one form (long or wide) only, any marks. A
    wide sheet may have a mark column too (a packet whose entries include some of a call without
    criteria, or of a screening round): a row gives one or the other (drafts.py)."""
    problems: list[tuple[int, str]] = []
    for required in ("judge", "entry"):
        if required not in columns.fields:
            problems.append((1, f"no column for {required}: every mark needs one; name the column so, or map it with --map \"HEADER={required}\""))
    long = "criterion" in columns.fields
    if long and "mark" not in columns.fields:
        problems.append((columns.fields["criterion"], "a criterion column needs a mark column beside it"))
    if long and columns.criteria:
        column, _ = columns.criteria[0]
        problems.append((column, f"the column {table.header_name(column)!r} is a criterion column (wide form), but the sheet has "
                                 "a criterion column (long form); use one form"))
    if not long and "mark" not in columns.fields and not columns.criteria and "judge" in columns.fields and "entry" in columns.fields:
        problems.append((1, "no mark columns: add a mark column (with a criterion column for criterion marks), or one column per criterion"))
    return problems
