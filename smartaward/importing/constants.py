"""Between steps 1 and 2 of an import: the values of fields that no column holds, the same for
every row: `--set FIELD=VALUE`, and the call implied by a cycle of one call. A module of its own
because such a value is checked once, against the cycle, before any row is read: a value the cycle
does not know is misuse of the command (exit 2, with the nearest allowed values), never a problem
repeated on every row. The value is written in the canonical form (an id, an ISO code, a date),
and a Note says which value every row gets and why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smartaward.importing.columns import loose_header
from smartaward.importing.fields import ImportMisuse, Note, ReadAs
from smartaward.text.suggest import did_you_mean, fold

# The fields a whole sheet may share, per kind of import. An id, a title or a name belongs to one
# row; a round has --round, which also fills a round column's empty cells.
CONSTANT_FIELDS: dict[str, tuple[str, ...]] = {
    "entries": ("call", "category", "entrant.type", "entrant.city", "entrant.country", "submitted"),
    "scores": ("judge", "criterion"),
}


@dataclass(frozen=True)
class Constant:
    field: str
    value: str  # canonical: what the files hold
    given: str  # as the organiser wrote it (or "" when implied)
    note: str  # why every row gets it, for the Note


def constant_fields(kind: str, constants: Mapping[str, str]) -> dict[str, str]:
    """--set's field names as the import's fields (loosely: `entrant type` is entrant.type).
    ImportMisuse for a field that is not one a whole sheet may share."""
    if not constants:
        return {}
    fields = CONSTANT_FIELDS.get(kind, ())
    by_loose = {loose_header(f): f for f in fields}
    found: dict[str, str] = {}
    for name, value in constants.items():
        field = by_loose.get(loose_header(name))
        if field is None:
            if kind == "scores" and loose_header(name) == "round":
                raise ImportMisuse(f"--set {name}={value}: give the round with --round {value}")
            near = did_you_mean(name, fields)
            raise ImportMisuse(f"--set {name}={value}: {name!r} is not a field every row of a sheet of {kind} may share; "
                               + (f"{near} " if near else "") + f"--set takes {', '.join(fields) if fields else 'no field here'}")
        found[field] = value
    return found


def resolve_constants(kind: str, given: Mapping[str, str], spec: Any, judges: Callable[[], Mapping[str, str]],
                      read_as: ReadAs, held: set[str]) -> list[Constant]:
    """The constants of the import: each --set value resolved against the cycle (ImportMisuse
    with the nearest allowed values when it is not one), then, for entries, the call when no
    column or --set gives it and the cycle has one call (and its category, when the call has one
    category). `held`: the fields a column of the sheet holds (a --set for one is misuse)."""
    constants: list[Constant] = []
    fields = constant_fields(kind, given)
    for field, value in fields.items():
        if field in held:
            raise ImportMisuse(f"--set {field}={value}: a column of the sheet holds {field} already; map that column to - "
                               f"(--map \"HEADER=-\") to give every row {value!r}, or drop --set {field}")
    # The call first: a --set category is one of the chosen call's, as a category cell is one of its row's call's.
    call: str | None = None
    if "call" in fields:
        call = _resolved("call", fields["call"], spec, judges, read_as, None)
    elif "call" not in held and len(spec.calls) == 1:
        call = next(iter(spec.calls))
    for field, value in fields.items():
        constants.append(Constant(field, call if field == "call" and call is not None else _resolved(field, value, spec, judges, read_as, call),
                                  value, f"--set {field}={value}"))
    if kind != "entries":
        return constants
    chosen = {c.field: c.value for c in constants}
    if "call" not in held and "call" not in chosen and len(spec.calls) == 1:
        only = next(iter(spec.calls))
        chosen["call"] = only
        constants.append(Constant("call", only, "", "the cycle's only call; give another with a Call column or --set call=ID"))
    call = spec.calls.get(chosen.get("call")) if "call" not in held else None
    if call is not None and "category" not in held and "category" not in chosen and len(call.categories) == 1:
        only = next(iter(call.categories))
        constants.append(Constant("category", only, "", f"the only category of call {chosen['call']!r}; give another with a "
                                                          "Category column or --set category=ID"))
    return constants


def constant_notes(constants: list[Constant], spec: Any) -> list[Note]:
    """What every row gets, and why (topic "constant")."""
    notes: list[Note] = []
    for c in constants:
        title = _title(c.field, c.value, spec)
        shown = f"{c.value!r}" + (f" ({title})" if title and fold(title) != fold(c.value) else "")
        notes.append(Note("constant", f"every row's {c.field} is {shown}: {c.note}", None, None))
    return notes


def _title(field: str, value: str, spec: Any) -> str | None:
    if field == "call" and value in spec.calls:
        return str(spec.calls[value].title)
    if field == "category":
        for call in spec.calls.values():
            if value in call.categories:
                return str(call.categories[value].title)
    return None


def _resolved(field: str, value: str, spec: Any, judges: Callable[[], Mapping[str, str]], read_as: ReadAs, call: str | None) -> str:
    """The canonical form of a --set value, read as a cell of its field is (values.read_value: the
    id, an exact title, then folded; a category of the chosen call), or ImportMisuse saying what the
    cycle allows."""
    if field == "entrant.country":
        return _country(value)
    if field == "submitted":
        return _date(value, read_as)
    if field not in ("call", "category", "entrant.type", "judge", "criterion"):
        return value  # entrant.city: any text
    from smartaward.importing.values import Vocabulary, read_value, suggestions

    vocabulary = Vocabulary.of(spec, dict(judges()) if field == "judge" else None)
    reading = read_value(vocabulary, field, value, call)
    if reading.value is not None:
        return reading.value
    hint = suggestions(reading, value)
    raise ImportMisuse(f"--set {field}={value}: {value!r} is no {reading.what}" + (f"; {hint}" if hint else ""))


def _country(value: str) -> str:
    from smartaward.model.countries import country_suggestions, lookup_country

    code = lookup_country(value)
    if code is None:
        near = country_suggestions(value)
        raise ImportMisuse(f"--set entrant.country={value}: {value!r} is no country (an ISO 3166-1 code or English name)"
                           + (f"; {near}" if near else ""))
    return code


def _date(value: str, read_as: ReadAs) -> str:
    """A date as YYYY-MM-DD, or written as --date-format says (--day-first: day first)."""
    formats = [read_as.date_format] if read_as.date_format else []
    formats += ["%Y-%m-%d"] + (["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"] if read_as.day_first else [])
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise ImportMisuse(f"--set submitted={value}: {value!r} is not a date; write it YYYY-MM-DD (2026-02-03)"
                       + (f" or as --date-format {read_as.date_format!r} says" if read_as.date_format else ""))


def constants_for(kind: str, spec: Any, load_judges: Callable[[], Mapping[str, str]], read_as: ReadAs,
                  notes: list[Note]) -> Callable[[set[str]], list[tuple[str, str, str]]]:
    """For columns.resolve_columns: given the fields the sheet's columns hold, the fields every
    row shares, as (field, the header of the column they are given as, value); their Notes are
    added to `notes`."""

    def constants(held: set[str]) -> list[tuple[str, str, str]]:
        found = resolve_constants(kind, read_as.constants, spec, load_judges, read_as, held)
        notes.extend(constant_notes(found, spec))
        return [(c.field, f"--set {c.field}" if c.given else f"{c.field} (implied)", c.value) for c in found]

    return constants


def resolve_round(given: str | None, spec: Any, notes: list[Note]) -> str | None:
    """--round's round as an id: a round of some call by its id or its title (folded: case, accents
    and spaces do not matter; a Note says which id a title is). ImportMisuse, with the nearest
    rounds, for a value that is neither a round of the cycle nor could be the id of one (a round
    id the cycle does not have is left to the checks, at the rows, as validate says it)."""
    if given is None:
        return None
    from smartaward.importing.fields import SLUG
    from smartaward.importing.values import Vocabulary, read_value, suggestions

    vocabulary = Vocabulary.of(spec)
    reading = read_value(vocabulary, "round", given)  # as a round cell is read: the id, an exact title, then folded
    if reading.value is not None:
        if reading.value != given:
            title = vocabulary.rounds[reading.value]
            notes.append(Note("constant", f"--round {given}: the round {reading.value!r}" + (f" ({title})" if title else ""), None, None))
        return reading.value
    if SLUG.fullmatch(given) and not reading.ambiguous:
        return given
    hint = suggestions(reading, given)
    raise ImportMisuse(f"--round {given}: {given!r} is no {reading.what}" + (f"; {hint}" if hint else "")
                       + ("" if vocabulary.rounds else "; the cycle's calls have no rounds"))
