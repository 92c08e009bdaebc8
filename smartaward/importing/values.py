"""Between steps 2 and 3 of an import: the values of a spreadsheet read as the cycle's values, as
people write them. Organisers' sheets name a category by its title ("Climate and environment"), an
entrant type with a capital ("City"), a country by its name ("France", "South Korea", "UK") and a
judge by their name ("Claire Dubois"); the files hold ids and ISO codes. Each such value is read as
the id (or code) it names, and every value read as something else than written is said in the
plan's notes, so nothing is guessed silently.

How a value is read, in order:

1. `--map-values FILE` (`read_value_maps`): column → {spreadsheet value: cycle value}, compared
   folded (text/suggest.fold); the cycle value is then read as below;
2. the id itself; then the title or name it is exactly; then the one id, or title or name, that
   it equals folded (case, accents, spaces, `_`, `.` and `-` do not matter), so that "Zoë Ångström"
   is the judge so named where another is "Zoe Angstrom"; a value that is an id and also names
   another thing is read as the id, and a note says the other reading (`readings`): calls and categories (of the row's call) by id or title,
   entrant types by id, judges by id or name, rounds and criteria by id or title, and, in score
   sheets, entries by id or title; countries by ISO 3166-1 alpha-2 or alpha-3 code or English
   name (model/countries.py, pycountry's names);
3. a value that names nothing:
   - written as an id or a country code would be (`no-such-category`, `XX`): left as written, so
     that the file's own checks report it with validate's code (R202-R207, S103), and the nearest
     allowed values are added to that message (`with_hints`);
   - written otherwise (a title or name that matches none, a formula, a stray text): I705 at its
     cell, with the nearest allowed values, and the cell is marked reported, so that the later
     checks do not report the same cell again.

A module of its own because it is the one step that needs the cycle's vocabulary before the
rows become files; the drafts then see the cycle's ids in the cells, as if the sheet had them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartaward.diagnostics import Diagnostic
from smartaward.importing.columns import Columns, loose_header
from smartaward.importing.fields import SLUG, Cell, ImportMisuse, Note, ReadAs
from smartaward.importing.spreadsheet import Table, cell_text
from smartaward.model.blind import CODE as ENTRY_CODE
from smartaward.reading.source import shorten
from smartaward.text.suggest import allowed, did_you_mean, fold

if TYPE_CHECKING:
    from smartaward.model.cyclefiles import CycleFile

# The fields whose values are the cycle's ids or codes, by kind of import: the ones read here.
RESOLVED_FIELDS: dict[str, tuple[str, ...]] = {
    "entries": ("call", "category", "entrant.type", "entrant.country"),
    "scores": ("judge", "entry", "round", "criterion"),
    # A jury list (judges.py): the list columns are read value by value; a conflict may be a pattern,
    # an expertise tag any text, so --map-values's targets are checked for the others only.
    "judges": ("country", "calls", "rounds", "categories", "conflicts", "expertise"),
}
_COUNTRY_FIELDS = ("entrant.country", "country")
_FREE_FIELDS = ("conflicts", "expertise")  # values that need name nothing of the cycle yet
NOTES_PER_COLUMN = 20  # beyond this many values read otherwise in a column, one note counts the rest
_ALLOWED_SHOWN = 12  # the allowed values are listed in a message when there are at most this many
_COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")
_SHOWN_LENGTH = 80  # a value quoted in a message or note: at most this many characters of it

Titled = Mapping[str, str | None]  # id → its title or name (None: it has none)


@dataclass(frozen=True)
class Vocabulary:
    """What the cycle calls things: the ids a spreadsheet's values are read as, with their titles
    or names. Judges and entries are filled for score sheets only (they need the cycle loaded)."""

    calls: dict[str, str | None]
    categories: dict[str, dict[str, str | None]]  # call → category id → title
    entrant_types: dict[str, str | None]
    rounds: dict[str, str | None]
    criteria: dict[str, str | None]
    judges: dict[str, str | None] = field(default_factory=dict)
    entries: dict[str, str | None] = field(default_factory=dict)
    accepted: dict[str, tuple[str, ...]] = field(default_factory=dict)  # call → the entrant types it accepts (where it says)

    @classmethod
    def of(cls, spec: CycleFile, judges: Titled | None = None, entries: Titled | None = None) -> Vocabulary:
        """The vocabulary of a cycle's cycle.yaml (and judges and entries, where given)."""
        rounds: dict[str, str | None] = {}
        criteria: dict[str, str | None] = {}
        for call in spec.calls.values():
            for round_id, round_ in call.rounds.items():
                rounds.setdefault(round_id, round_.title)
            for criterion_id, criterion in call.criteria.items():
                criteria.setdefault(criterion_id, criterion.title)
        return cls(calls={call_id: call.title for call_id, call in spec.calls.items()},
                   categories={call_id: {c: category.title for c, category in call.categories.items()}
                               for call_id, call in spec.calls.items()},
                   entrant_types=dict.fromkeys(spec.entrant_types), rounds=rounds, criteria=criteria,
                   judges=dict(judges or {}), entries=dict(entries or {}),
                   accepted={call_id: tuple(call.entrant_types) for call_id, call in spec.calls.items() if call.entrant_types is not None})

    def all_categories(self) -> dict[str, str | None]:
        """Every call's categories (the first title of an id given by several calls)."""
        found: dict[str, str | None] = {}
        for categories in self.categories.values():
            for category_id, title in categories.items():
                found.setdefault(category_id, title)
        return found


@dataclass(frozen=True)
class Reading:
    """How one value reads: `value`, the cycle's id or code it names (None: none), the ids it
    could equally be (`ambiguous`), and what was looked in (for messages)."""

    value: str | None
    what: str  # "category of the call 'project'"
    choices: Titled
    ambiguous: tuple[str, ...] = ()
    others: tuple[str, ...] = ()  # other ids the value names less closely (a title of another), said in a note
    listed: Titled | None = None  # the values a message lists as allowed, where fewer than `choices` (the call's entrant types)


def read_value(vocabulary: Vocabulary, name: str, text: str, call: str | None = None) -> Reading:
    """The cycle value that `text`, written in a column of field `name`, names. `call`: the row's
    call, whose categories a category is one of (None: any call's)."""
    if name in _COUNTRY_FIELDS:
        from smartaward.model.countries import country_names, lookup_country

        return Reading(lookup_country(text), "country (an ISO 3166-1 code or English name)", country_names())
    choices, what = _choices(vocabulary, name, call)
    found, others = readings(text, choices)
    if len(found) == 1:
        return Reading(found[0], what, choices, others=tuple(others))
    listed = None
    if name == "entrant.type" and call in vocabulary.accepted:  # read as any type of the cycle (J405 says the call's); listed: the call's
        listed = dict.fromkeys(vocabulary.accepted[call or ""])
        what = f"entrant type that the call {call!r} accepts"
    return Reading(None, what, choices, tuple(found), listed=listed)


def _choices(vocabulary: Vocabulary, name: str, call: str | None) -> tuple[Titled, str]:
    if name == "category":
        if call is not None and call in vocabulary.categories:
            return vocabulary.categories[call], f"category of the call {call!r} (by id or title)"
        return vocabulary.all_categories(), "category of the cycle (by id or title)"
    return {
        "call": (vocabulary.calls, "call of the cycle (by id or title)"),
        "entrant.type": (vocabulary.entrant_types, "entrant type of the cycle"),
        "judge": (vocabulary.judges, "judge in judges.yaml (by id or name)"),
        "entry": (vocabulary.entries, "entry of the cycle (by id or title)"),
        "round": (vocabulary.rounds, "round of the cycle (by id or title)"),
        "criterion": (vocabulary.criteria, "criterion of the cycle (by id or title)"),
        "calls": (vocabulary.calls, "call of the cycle (by id or title)"),
        "rounds": (vocabulary.rounds, "round of the cycle (by id or title)"),
        "categories": (vocabulary.all_categories(), "category of the cycle (by id or title)"),
        "conflicts": (vocabulary.entries, "entry of the cycle (by id or title)"),
    }[name]


def named(text: str, choices: Titled) -> list[str]:
    """The ids `text` names (see `readings`)."""
    return readings(text, choices)[0]


def readings(text: str, choices: Titled) -> tuple[list[str], list[str]]:
    """The ids `text` names, closest reading first: itself (an id); else those whose title or
    name it is exactly ("Zoë Ångström" is the judge so named, not "Zoe Angstrom"); else the ids
    equal to it folded; else those whose title is. Also the other ids it names less closely (the
    category `digital` where another's title is "Digital"), so that a note can say the id won."""
    wanted = fold(text)
    by_id = sorted(choice for choice in choices if fold(choice) == wanted)
    by_title = sorted(choice for choice, title in choices.items() if title and fold(title) == wanted)
    exact = [text] if text in choices else sorted(choice for choice, title in choices.items() if title == text)
    for found in (exact, by_id, by_title):
        if found:
            return found, [choice for choice in dict.fromkeys(by_id + by_title) if choice not in found] if len(found) == 1 else []
    return [], []


def looks_like_id(name: str, text: str) -> bool:
    """Whether `text` is written as the file writes the field's value (an id, a country code): a
    value of that form that names nothing is left to the file's own checks (validate's codes)."""
    if name in _COUNTRY_FIELDS:
        return bool(_COUNTRY_CODE.fullmatch(text))
    return bool(SLUG.fullmatch(text)) and len(text) <= 120


def suggestions(reading: Reading, text: str) -> str:
    """"did you mean 'climate' (Climate and environment)?" (or, for a country, how to write one),
    and, when they are few, the allowed values; "" when there is nothing to say."""
    if reading.ambiguous:
        return f"it could be {_either(reading.ambiguous, reading.choices)}: write the id"
    if reading.what.startswith("country"):
        from smartaward.model.countries import country_suggestions

        return country_suggestions(text) or "write its ISO 3166-1 alpha-2 code (e.g. KR, NO, PH)."
    shown = reading.listed if reading.listed is not None else reading.choices
    near = did_you_mean(text, shown)
    if not 0 < len(shown) <= _ALLOWED_SHOWN:
        return near
    listed = f"the allowed values: {allowed(shown, _ALLOWED_SHOWN)}."
    return f"{near} {listed[0].upper()}{listed[1:]}" if near else listed


def _hint(reading: Reading, text: str) -> str:
    """The part of `suggestions` added to a check's own message: the nearest values only."""
    if reading.what.startswith("country"):  # the check's own message says how a code is written
        from smartaward.model.countries import country_suggestions

        return country_suggestions(text)
    if reading.ambiguous:
        return suggestions(reading, text)
    return did_you_mean(text, reading.choices)


def _either(ids: Iterable[str], choices: Titled) -> str:
    named = [f"{i!r} ({choices[i]})" if choices.get(i) else repr(i) for i in ids]
    return " or ".join(named)


def quoted_value(text: str) -> str:
    """A spreadsheet's value quoted for a message or note: repr (control characters escaped),
    at most _SHOWN_LENGTH characters of it."""
    return repr(text if len(text) <= _SHOWN_LENGTH else text[:_SHOWN_LENGTH] + "…")


# ---------------------------------------------------------------------------------------------
# --map-values FILE


@dataclass(frozen=True)
class ValueMap:
    """One column's map of --map-values: folded spreadsheet value → (cycle value, where the file says so)."""

    key: str  # the column as the file names it
    values: dict[str, tuple[str, str]]


def read_value_maps(path: Path) -> list[ValueMap]:
    """A --map-values file: a YAML mapping of columns (a header, or a field name) to mappings of
    spreadsheet values to cycle values, read by smartaward's safe reader. ImportMisuse for a file
    that cannot be read or is not of that shape, or that maps one value (folded) two ways."""
    from smartaward.reading.source import read_document

    if path.is_dir():
        raise ImportMisuse(f"{path} is a folder: --map-values takes a YAML file of column → {{spreadsheet value: cycle value}}")
    if not path.is_file():
        raise ImportMisuse(f"{path}: no such value map file (--map-values)")
    doc, problems = read_document(path, str(path))
    if problems:
        first = problems[0]
        raise ImportMisuse(f"{first.file}:{first.line}:{first.column}: {first.message}")
    shape = (f"{path}: --map-values takes a YAML mapping of columns to mappings of spreadsheet values to cycle values, "
             "e.g. \"Category: {Climate: climate}\"")
    if not isinstance(doc.data, dict):
        raise ImportMisuse(shape)
    maps: list[ValueMap] = []
    for key, values in doc.data.items():
        line, column = doc.key_at((key,))
        if not isinstance(values, dict):
            raise ImportMisuse(f"{path}:{line}:{column}: {key!r}: {shape.split(': ', 1)[1]}")
        mapped: dict[str, tuple[str, str]] = {}
        for given, target in values.items():
            where = "{}:{}:{}".format(path, *doc.at((key, given)))
            if not isinstance(target, (str, int)) or isinstance(target, bool) or not str(target).strip():
                raise ImportMisuse(f"{where}: the cycle value for {given!r} must be an id, title or name (text)")
            earlier = mapped.setdefault(fold(given), (str(target).strip(), where))
            if earlier[0] != str(target).strip():
                raise ImportMisuse(f"{where}: {given!r} is mapped to {earlier[0]!r} already ({earlier[1]}), folded alike; map it once")
        maps.append(ValueMap(str(key), mapped))
    return maps


def bind_value_maps(kind: str, maps: list[ValueMap], table: Table, columns: Columns, vocabulary: Vocabulary,
                    source: Path) -> dict[int, ValueMap]:
    """Column → its value map. A map's column is a header of the sheet or a field's name, compared
    loosely (columns.loose_header); ImportMisuse for a column the sheet does not have, one whose
    values are not read as the cycle's, or a cycle value that names nothing of the cycle."""
    by_header = {loose_header(name): index for index, name in enumerate(table.header, start=1) if name}
    by_field = {loose_header(name): column for name, column in columns.fields.items()}
    fields = {column: name for name, column in columns.fields.items()}
    bound: dict[int, ValueMap] = {}
    for value_map in maps:
        column = by_header.get(loose_header(value_map.key)) or by_field.get(loose_header(value_map.key))
        if column is None:
            headers = [name for name in table.header if name]
            near = did_you_mean(value_map.key, headers)
            raise ImportMisuse(f"{source}: --map-values names the column {value_map.key!r}, which the sheet does not have; "
                               + (f"{near} " if near else "") + f"its columns: {', '.join(map(repr, headers[:20]))}"
                               + (f" and {len(headers) - 20} more" if len(headers) > 20 else ""))
        if column in bound:
            raise ImportMisuse(f"{source}: --map-values names the column {table.header_name(column)!r} twice ({bound[column].key!r} and "
                               f"{value_map.key!r}); give it one map")
        name = fields.get(column)
        if name not in RESOLVED_FIELDS[kind]:
            read = f"is read as {name}" if name else "is not imported"
            raise ImportMisuse(f"{source}: --map-values names the column {value_map.key!r}, which {read}; value maps are for the "
                               f"columns of {', '.join(RESOLVED_FIELDS[kind])}")
        for target, where in value_map.values.values() if name not in _FREE_FIELDS else ():
            reading = read_value(vocabulary, name, target)
            if reading.value is None:
                hint = suggestions(reading, target)
                raise ImportMisuse(f"{where}: {target!r} is no {reading.what}" + (f"; {hint}" if hint else ""))
        bound[column] = value_map
    return bound


# ---------------------------------------------------------------------------------------------
# The values of a table read


@dataclass
class ReadValues:
    """A table with its values read as the cycle's (`table`: the cells of resolved fields hold ids;
    its `unreadable` also holds the cells reported here), the problems (I705), the hints to add to
    the checks' problems at cells left as written (`hints`), and the notes."""

    table: Table
    problems: list[Diagnostic] = field(default_factory=list)
    hints: dict[Cell, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)


@dataclass
class _Column:
    """What was read otherwise than written in one column, in the order first seen."""

    read: dict[tuple[str, str, bool], list[int]] = field(default_factory=dict)  # (written, read as, mapped) → rows
    others: dict[tuple[str, str, tuple[str, ...]], list[int]] = field(default_factory=dict)  # (written, read as, also named) → rows
    choices: Titled = field(default_factory=dict)


def values_of(kind: str, table: Table, columns: Columns, spec: CycleFile, cycle: Callable[[], Any], read_as: ReadAs) -> ReadValues:
    """The table's values read as the cycle's, with the import's options (--map-values, --set):
    what plan_import calls. `cycle`: the cycle as it is, loaded (for score sheets' judges and
    entries). ImportMisuse for a --map-values file that cannot be used."""
    judges: dict[str, str | None] | None = None
    entries: dict[str, str | None] | None = None
    unknown: set[str] = set()
    if kind == "scores":
        loaded = cycle()
        judges = judge_names(loaded.judges, loaded.broken_judges)
        entries = entry_titles(loaded.entries) | dict.fromkeys(loaded.broken_entries)
        # Where judges.yaml or some entries cannot be read, a name may be of one not loaded: left to the checks.
        unknown = {"judge"} if "judges" in loaded.unreadable else set()
        unknown |= {"entry"} if "entries" in loaded.unreadable else set()
    vocabulary = Vocabulary.of(spec, judges, entries)
    value_maps: dict[int, ValueMap] = {}
    if read_as.value_maps is not None:
        value_maps = bind_value_maps(kind, read_value_maps(read_as.value_maps), table, columns, vocabulary, read_as.value_maps)
    return read_values(kind, table, columns, vocabulary, value_maps, read_as.constants, unknown)


def read_values(kind: str, table: Table, columns: Columns, vocabulary: Vocabulary, value_maps: dict[int, ValueMap] | None = None,
                constants: Mapping[str, str] | None = None, unknown: set[str] | None = None) -> ReadValues:
    """The table's values read as the cycle's (see the module's docstring). The call of a row
    (for its category) is its call cell, read; else a constant call (--set call=...); else the
    cycle's only call. `unknown`: fields whose vocabulary could not be read (left as written)."""
    value_maps = value_maps or {}
    wanted = [(name, columns.fields[name]) for name in RESOLVED_FIELDS[kind] if name in columns.fields and name not in (unknown or set())]
    if not wanted:
        return ReadValues(table)
    result = ReadValues(table)
    seen: dict[int, _Column] = {column: _Column() for _, column in wanted}
    reported: set[Cell] = set()
    default_call = _default_call(vocabulary, constants or {})
    cache: dict[tuple[str, str | None, str], tuple[str | None, str | None, Reading]] = {}

    def read(name: str, text: str, column: int, call: str | None) -> tuple[str | None, str | None, Reading]:
        key = (name, call if name in ("category", "entrant.type") else None, text)
        if key not in cache:
            cache[key] = _read_cell(vocabulary, name, text, value_maps.get(column), call)
        return cache[key]

    rows: list[tuple[int, list[Any]]] = []
    for number, cells in table.rows:
        new = list(cells)
        call = default_call
        for name, column in wanted:
            text = cell_text(cells[column - 1])
            if text is None or (number, column) in table.unreadable or (name == "entry" and ENTRY_CODE.fullmatch(text)):
                continue  # an entry code (a blind packet) is read back by the import itself (codes of the cycle's entries)
            value, mapped, reading = read(name, text, column, call)
            if name == "call":
                call = value
            if value is None and name == "category" and call is None:
                continue  # the row's call names nothing (reported at its cell): its categories are unknown
            if value is None:
                _unread(result, table, (number, column), name, text, mapped, reading, reported)
                continue
            if value != text:
                new[column - 1] = value
                seen[column].read.setdefault((text, value, mapped is not None), []).append(number)
            if reading.others:
                seen[column].choices = reading.choices
                seen[column].others.setdefault((text, value, reading.others), []).append(number)
        rows.append((number, new))
    result.table = replace(table, rows=rows, unreadable=table.unreadable | reported)
    for name, column in wanted:
        result.notes += _notes(table, column, seen[column], name)
    return result


def _default_call(vocabulary: Vocabulary, constants: Mapping[str, str]) -> str | None:
    if "call" in constants:
        reading = read_value(vocabulary, "call", constants["call"])
        return reading.value
    return next(iter(vocabulary.calls)) if len(vocabulary.calls) == 1 else None


def _read_cell(vocabulary: Vocabulary, name: str, text: str, value_map: ValueMap | None,
               call: str | None) -> tuple[str | None, str | None, Reading]:
    """(the cycle value, the value --map-values gave for `text` (None: it gave none), the reading)."""
    mapped = value_map.values[fold(text)][0] if value_map is not None and fold(text) in value_map.values else None
    reading = read_value(vocabulary, name, mapped if mapped is not None else text, call)
    return reading.value, mapped, reading


def _unread(result: ReadValues, table: Table, cell: Cell, name: str, text: str, mapped: str | None, reading: Reading,
            reported: set[Cell]) -> None:
    """A value that names nothing: hints for the checks' problem, or I705 (see the docstring)."""
    written = mapped if mapped is not None else text
    if mapped is None and looks_like_id(name, text):
        hint = _hint(reading, written)
        if hint:
            result.hints[cell] = hint
        return
    row, column = cell
    hint = suggestions(reading, written)
    if mapped is None:
        message = f"{quoted_value(text)} is no {reading.what}" + (f"; {hint}" if hint else ".") + " Or map the value with --map-values."
    else:
        message = (f"{quoted_value(text)} is mapped by --map-values to {quoted_value(mapped)}, which is no {reading.what}"
                   + (f"; {hint}" if hint else ""))
    result.problems.append(Diagnostic(table.file, row, column, "I705", shorten(f"column {table.header_name(column)!r}: {message}")))
    reported.add(cell)


def _notes(table: Table, column: int, seen: _Column, name: str = "") -> list[Note]:
    """One note per value of the column read as another ("'Climate and environment' read as
    'climate' (12 rows)"; a country with its name: "'Deutschland' read as 'DE' (Germany)"), at most
    NOTES_PER_COLUMN, then one that counts the rest."""
    header = table.header_name(column)
    items = list(seen.read.items())
    if name == "entry":  # entries by title: a mechanical reading, one note for the column (issue 15, NEW14)
        notes = _summary(items, column, header)
        items = [item for item in items if item[0][2]]  # those --map-values gave: one note each
    else:
        notes = []
    notes += [Note("values", f"{quoted_value(text)} read as {value!r}{_named_as(name, value, text)}{' by --map-values' if mapped else ''} "
                            f"({_rows(len(rows))})", column, header) for (text, value, mapped), rows in items[:NOTES_PER_COLUMN]]
    for (text, value, others), rows in list(seen.others.items())[:NOTES_PER_COLUMN]:
        notes.append(Note("values", f"{quoted_value(text)} read as {value!r}, not as {_either(others, seen.choices)}, which it "
                                    f"also names ({_rows(len(rows))}); map the value with --map-values to read it so", column, header))
    rest = items[NOTES_PER_COLUMN:]
    if rest:
        count = sum(len(rows) for _, rows in rest)
        notes.append(Note("values", f"and {len(rest)} more values read as the cycle's ids ({_rows(count)})", column, header))
    return notes


def value_notes(table: Table, column: int, read: dict[tuple[str, str, bool], list[int]], name: str) -> list[Note]:
    """The notes of a column whose values were read otherwise than written, (written, read as,
    given by --map-values) → rows, as read_values says them (judges.py's list columns)."""
    return _notes(table, column, _Column(read=read), name)


def _summary(items: list[tuple[tuple[str, str, bool], list[int]]], column: int, header: str) -> list[Note]:
    """"30 entries named by their title, e.g. 'Green roofs 1' read as 'lyon-green-roofs-1' (30 rows)"."""
    read = [(text, value, rows) for (text, value, mapped), rows in items if not mapped]
    if not read:
        return []
    text, value, _ = read[0]
    count = sum(len(rows) for _, _, rows in read)
    what = "1 entry named by its title" if len(read) == 1 else f"{len(read)} entries named by their title (or their id in another case)"
    return [Note("values", f"{what}, e.g. {quoted_value(text)} read as {value!r} ({_rows(count)})", column, header)]


def _named_as(name: str, value: str, text: str) -> str:
    """" (Germany)" after a country's code in a note where the value was not its English name
    ("'Deutschland' read as 'DE' (Germany)", "'UK' read as 'GB' (United Kingdom)"), so that the
    reading can be checked at a glance."""
    if name not in _COUNTRY_FIELDS:
        return ""
    from smartaward.model.countries import country_names

    english = country_names().get(value, value)
    return "" if fold(english) == fold(text) else f" ({english})"


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def with_hints(diagnostics: Iterable[Diagnostic], hints: Mapping[Cell, str]) -> list[Diagnostic]:
    """The checks' problems, each at a cell whose value was left as written because it looks like
    an id (or a country code) but names nothing, with the nearest allowed values added."""
    if not hints:
        return list(diagnostics)
    out: list[Diagnostic] = []
    for d in diagnostics:
        hint = hints.get((d.line, d.column))
        if hint and "did you mean" not in d.message:
            d = Diagnostic(d.file, d.line, d.column, d.code, shorten(f"{d.message}; {hint}"))
        out.append(d)
    return out


def entry_titles(records: Iterable[Any]) -> dict[str, str | None]:
    """Entry id → title, over the cycle's entry records."""
    return {record.entry.id: record.entry.title for record in records}


def judge_names(judges: Mapping[str, Any], broken: Iterable[str]) -> dict[str, str | None]:
    """Judge id → name (a judge whose record could not be read is still a judge, without a name)."""
    names: dict[str, str | None] = {judge_id: judge.name for judge_id, judge in judges.items()}
    for judge_id in broken:
        names.setdefault(judge_id, None)
    return names
