"""References between files: ids, calls, categories, judges, criteria, entrant types, tie-breaks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from itertools import chain
from typing import TYPE_CHECKING, Any

from smartaward.checks import sheetruns
from smartaward.checks.nearby import hinted, nearby
from smartaward.checks.sheetruns import rows_of, sheet_runs
from smartaward.diagnostics import Diagnostic
from smartaward.judging.panel import rules_for
from smartaward.reading.load import Cycle, EntryRecord, Sheet
from smartaward.text.names import canonical

if TYPE_CHECKING:
    from smartaward.model.cyclefiles import Call, CycleFile, RoundRules
    from smartaward.reading.source import Document, PathKey


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    yield from _cycle_file(cycle)
    yield from _judges(cycle)
    yield from _entries(cycle)
    yield from _sheets(cycle)


def _cycle_file(cycle: Cycle) -> Iterator[Diagnostic]:
    spec, doc = cycle.spec, cycle.cycle_doc
    assert spec is not None and doc is not None
    types = set(spec.entrant_types)
    # The cycle's chain applies to every scored call that does not declare its own: one report per
    # rule, naming the calls that lack the criterion.
    inheriting = [(cid, c) for cid, c in spec.calls.items()
                  if c.judging == "scored" and (c.rules is None or c.rules.tie_break is None)]
    for pos, rule in enumerate(spec.rules.tie_break):
        criterion = rule.removeprefix("criterion:")
        lacking = [cid for cid, c in inheriting if rule != criterion and criterion not in c.criteria]
        if lacking:
            hint = nearby(cycle).hint("criterion", criterion, lacking[0] if len(lacking) == 1 else None)
            yield doc.diagnostic(("rules", "tie_break", pos), "R208", hinted(
                f"tie-break {rule!r} names no criterion of the call{'s' if len(lacking) > 1 else ''} {', '.join(repr(c) for c in lacking)}", hint))
    for call_id, call in spec.calls.items():
        call_types = call.entrant_types or []
        for t in call_types:
            if t not in types:
                pos = call_types.index(t)
                yield doc.diagnostic(("calls", call_id, "entrant_types", pos), "R207",
                                     hinted(f"entrant type {t!r} is not in the cycle's entrant_types", nearby(cycle).hint("entrant type", t)))
        layers: list[tuple[PathKey, RoundRules | None]] = [(("calls", call_id, "rules"), call.rules)]
        layers += [(("calls", call_id, "rounds", r, "rules"), stage.rules) for r, stage in call.rounds.items()]
        for base, rules in layers:
            chain = rules.tie_break if rules is not None and rules.tie_break is not None else []
            for pos, rule in enumerate(chain):
                criterion = rule.removeprefix("criterion:")
                if rule != criterion and criterion not in call.criteria:
                    yield doc.diagnostic(base + ("tie_break", pos), "R208", hinted(f"tie-break {rule!r} names no criterion of the {call_id!r} call",
                                                                                   nearby(cycle).hint("criterion", criterion, call_id)))
        yield from _round_tie_breaks(doc, spec, call_id, call)
        for category_id, category in call.categories.items():
            for slot_id, slot in category.awards.items():
                if slot.eligible is None or slot.eligible.entrant_type is None:
                    continue
                for pos, t in enumerate(slot.eligible.entrant_type):
                    if t not in types:
                        path = ("calls", call_id, "categories", category_id, "awards", slot_id, "eligible", "entrant_type")
                        yield doc.diagnostic(path + (pos,), "R207", hinted(f"entrant type {t!r} is not in the cycle's entrant_types",
                                                                           nearby(cycle).hint("entrant type", t)))


def _round_tie_breaks(doc: Document, spec: CycleFile, call_id: str, call: Call) -> Iterator[Diagnostic]:
    """A round that judges only some criteria (`criteria:`) cannot break its ties on another one: the
    rule would read no mean for anyone and pass silently to the next (R208, at the round's criteria)."""
    if call.judging != "scored":
        return
    for round_id, stage in call.rounds.items():
        if stage.criteria is None or stage.screening:
            continue
        for rule in rules_for(spec, call, round_id).tie_break:
            criterion = rule.removeprefix("criterion:")
            if rule != criterion and criterion in call.criteria and criterion not in stage.criteria:
                yield doc.diagnostic(("calls", call_id, "rounds", round_id, "criteria"), "R208",
                                     f"tie-break {rule!r}, in force for the {round_id!r} round, names a criterion the round does "
                                     f"not judge: add it to the round's criteria, or give the round its own tie_break")


def _judges(cycle: Cycle) -> Iterator[Diagnostic]:
    spec, doc = cycle.spec, cycle.judges_doc
    assert spec is not None
    for judge_id, judge in cycle.judges.items():
        for pos, call_id in enumerate(judge.calls or []):
            if call_id not in spec.calls and doc is not None:
                yield doc.diagnostic((judge_id, "calls", pos), "R202", hinted(
                    f"judge {judge_id!r} is assigned to call {call_id!r}, which cycle.yaml does not define", nearby(cycle).hint("call", call_id)))
        if doc is None:
            continue
        yield from _judge_scope(cycle, judge_id, "categories", judge.categories or [], _categories_of(cycle))
        yield from _judge_scope(cycle, judge_id, "rounds", judge.rounds or [], _rounds_of(cycle))
        for pos, pattern in enumerate(judge.conflicts):
            if not conflict_can_match(pattern):
                yield doc.diagnostic((judge_id, "conflicts", pos), "R214", hinted(
                    f"judge {judge_id!r}: the conflict {pattern!r} can never match an entry, whose ids are lowercase slugs "
                    "(a-z, 0-9 and -; a pattern may add *, ? and [...]), so the judge's marks on the entry meant count",
                    _conflict_hint(cycle, pattern)))


# The characters of an entry id (model/cyclefiles.SLUG_PATTERN): a conflict pattern matches an id
# only if each of its characters, or sets, can be one of them.
_ID_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789-"
_ID_FIRST = _ID_CHARACTERS[:-1]


def conflict_can_match(pattern: str) -> bool:
    """Whether some entry id (a lowercase slug) could match the conflict `pattern` as
    judging.panel.conflict_pattern matches it (fnmatchcase): every literal character one of an
    id's, every [set] holding one, the first one not "-". "Lyon-*", "Seoul clean air sensors",
    "lyon-[" (an unclosed set is a literal "[") never match; "lyon-*", "*", "oslo-[0-9]" can."""
    tokens = _glob_tokens(pattern)
    return bool(tokens) and all(_fits(token, position == 0) for position, token in enumerate(tokens))


def _fits(token: str, first: bool) -> bool:
    """Whether one token of a glob can stand for a character of an id (`first`: its first one)."""
    if token in ("*", "?"):  # a "*" may also stand for nothing, so the first character may come after it
        return True
    alphabet = _ID_FIRST if first else _ID_CHARACTERS
    if len(token) > 1:  # a [set], as fnmatch reads it
        return any(fnmatchcase(character, token) for character in alphabet)
    return token in alphabet


def _glob_tokens(pattern: str) -> list[str]:
    """A glob as fnmatch reads it: "*", "?", "[...]" sets and literal characters (a "[" with no
    closing "]" is a literal)."""
    tokens: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        character = pattern[i]
        if character == "[":
            j = i + 1
            if j < n and pattern[j] == "!":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j < n:
                tokens.append(pattern[i:j + 1])
                i = j + 1
                continue
        if character != "*" or not tokens or tokens[-1] != "*":
            tokens.append(character)
        i += 1
    return tokens


def _conflict_hint(cycle: Cycle, pattern: str) -> str:
    """The id to write for a conflict written as an entry's title, or the pattern lowercased."""
    from smartaward.text.suggest import fold

    titled = sorted(entry_id for entry_id, record in cycle.entry_index.items()
                    if record.entry.title and fold(record.entry.title) == fold(pattern))
    if len(titled) == 1:
        return f"did you mean {titled[0]!r} (the entry titled {cycle.entry_index[titled[0]].entry.title!r})?"
    lowered = pattern.lower()
    if lowered != pattern and conflict_can_match(lowered):
        return f"did you mean {lowered!r}?"
    return nearby(cycle).hint("entry", pattern)


def _categories_of(cycle: Cycle) -> dict[str, str | None]:
    spec = cycle.spec
    assert spec is not None
    return {c: category.title for call in spec.calls.values() for c, category in call.categories.items()}


def _rounds_of(cycle: Cycle) -> dict[str, str | None]:
    spec = cycle.spec
    assert spec is not None
    return {r: stage.title for call in spec.calls.values() for r, stage in call.rounds.items()}


def _judge_scope(cycle: Cycle, judge_id: str, key: str, given: list[str], known: dict[str, str | None]) -> Iterator[Diagnostic]:
    """R215 for a judge's category or round that no call of the cycle has: `assign` would look
    for it in vain, and the judge's preference would silently do nothing."""
    doc = cycle.judges_doc
    assert doc is not None
    kind = "category" if key == "categories" else "round"
    for pos, value in enumerate(given):
        if value not in known:
            where = f"any call's {key}: {', '.join(known)}" if known else f"no call has {key}"
            yield doc.diagnostic((judge_id, key, pos), "R215", hinted(
                f"judge {judge_id!r}: {kind} {value!r} is no {kind} of the cycle ({where})", nearby(cycle).hint(kind, value)))


def _entries(cycle: Cycle) -> Iterator[Diagnostic]:
    spec = cycle.spec
    assert spec is not None
    types = set(spec.entrant_types)
    yield from _duplicate_ids(cycle)
    yield from _entrants_described_differently(cycle)
    for record in cycle.entry_index.values():  # the first entry of each id; the others are R201
        entry, doc, base = record.entry, record.doc, record.path
        call = spec.calls.get(entry.call)
        if call is None:
            yield doc.diagnostic(base + ("call",), "R202", hinted(f"call {entry.call!r} is not defined in cycle.yaml (calls: {', '.join(spec.calls)})",
                                                                  nearby(cycle).hint("call", entry.call)))
            continue
        if entry.category not in call.categories:
            yield doc.diagnostic(base + ("category",), "R203", hinted(
                f"category {entry.category!r} is not a category of the {entry.call!r} call (categories: {', '.join(call.categories)})",
                nearby(cycle).hint("category", entry.category, entry.call)))
        if entry.entrant.type not in types:
            yield doc.diagnostic(base + ("entrant", "type"), "R207", hinted(
                f"entrant type {entry.entrant.type!r} is not one of the cycle's entrant_types ({', '.join(spec.entrant_types)})",
                nearby(cycle).hint("entrant type", entry.entrant.type)))
        elif call.entrant_types is not None and entry.entrant.type not in call.entrant_types:
            yield doc.diagnostic(base + ("entrant", "type"), "J405",
                                 f"the {entry.call!r} call accepts entrants of type {', '.join(call.entrant_types)}, not {entry.entrant.type!r}")


# A clash between two files is reported on both, each naming the other: `validate FILE` (CI on a
# pull request, pre-commit) then fails whichever of the two is named, and what is reported never
# depends on which file sorts first. A message names at most this many other places.
NAMED = 3


def _places(places: list[str]) -> str:
    more = len(places) - NAMED
    return ", ".join(places[:NAMED]) + (f" and {more} more" if more > 0 else "")


def _duplicate_ids(cycle: Cycle) -> Iterator[Diagnostic]:
    if len(cycle.entry_index) == len(cycle.entries):
        return  # every id once (the index keeps the first entry of each id)
    by_id: dict[str, list[EntryRecord]] = {}
    for record in cycle.entries:
        by_id.setdefault(record.entry.id, []).append(record)
    for entry_id, records in by_id.items():
        if len(records) < 2:
            continue
        places = [_where(r, ("id",)) for r in records]
        for n, record in enumerate(records):
            others = _places(places[:n] + places[n + 1:])
            kept = "this one is kept for now" if n == 0 else f"the one kept for now is {places[0]}"
            yield record.doc.diagnostic(record.path + ("id",), "R201", f"entry id {entry_id!r} is also used in {others}; "
                                        f"every entry needs an id of its own ({kept}, the others are left out)")


def _where(record: EntryRecord, key: tuple[str, ...]) -> str:
    line, _ = record.doc.at(record.path + key)  # positions are looked up only to report
    return f"{record.doc.file}:{line}"


def _entrants_described_differently(cycle: Cycle) -> Iterator[Diagnostic]:
    """one_award_per: entrant identifies entrants by id (else name): the same entrant must not be
    described two ways, or it would be split or merged without anyone noticing."""
    earliest: dict[str, EntryRecord] = {}
    clashing: set[str] = set()  # entrants described two ways: facts are compared only for repeats
    for record in cycle.entry_index.values():
        key = record.entry.entrant.key
        seen = earliest.setdefault(key, record)
        if seen is not record and _entrant_facts(seen) != _entrant_facts(record):
            clashing.add(key)
    if not clashing:
        return
    by_entrant: dict[str, dict[tuple[str, str, str | None], list[EntryRecord]]] = {}
    for record in cycle.entry_index.values():
        key = record.entry.entrant.key
        if key in clashing:
            by_entrant.setdefault(key, {}).setdefault(_entrant_facts(record), []).append(record)
    for descriptions in by_entrant.values():
        first, second = (records[0] for records in list(descriptions.values())[:2])
        for facts, records in descriptions.items():
            other = second if facts == _entrant_facts(first) else first
            where = _where(other, ("entrant",))
            for record in records:
                entrant = record.entry.entrant
                yield record.doc.diagnostic(record.path + ("entrant",), "R210", f"entrant {entrant.id or entrant.name!r} is described differently in {where} "
                                            "(name, type or country); use one description or different ids")


def _entrant_facts(record: EntryRecord) -> tuple[str, str, str | None]:
    entrant = record.entry.entrant
    return canonical(entrant.name), entrant.type, entrant.country


def _sheets(cycle: Cycle) -> Iterator[Diagnostic]:
    spec = cycle.spec
    assert spec is not None
    by_judge: dict[tuple[str, str | None], list[Sheet]] = {}
    for sheet in cycle.sheets:
        known = cycle.known_judge(sheet.judge)
        if known is None:
            continue  # the judge's own entry in judges.yaml has an error, reported there
        if not known:
            yield sheet.doc.diagnostic(("judge",), "R204", hinted(f"judge {sheet.judge!r} is not listed in judges.yaml",
                                                                  nearby(cycle).hint("judge", sheet.judge)))
        else:
            by_judge.setdefault((sheet.judge, sheet.round), []).append(sheet)
    for (judge, round_id), sheets in by_judge.items():
        if len(sheets) < 2:
            continue
        files = [s.doc.file for s in sheets]
        for n, sheet in enumerate(sheets):
            others = _places(files[:n] + files[n + 1:])
            counted = "the marks of this one count for now" if n == 0 else f"only those of {files[0]} count for now"
            where = f" for round {round_id!r}" if round_id is not None else ""
            yield sheet.doc.diagnostic(("judge",), "R209", f"judge {judge!r} has another score sheet{where}: {others}; "
                                       f"a judge has one sheet per round ({counted})")
    index = cycle.entry_index
    criteria = {call_id: frozenset(call.criteria) for call_id, call in spec.calls.items()}
    for sheet_no, entry_id, marks in _unproven_rows(cycle, criteria):
        sheet = cycle.sheets[sheet_no]
        doc = sheet.doc
        record = index.get(entry_id)
        if record is None:
            if cycle.known_entry(entry_id) is False:
                yield doc.diagnostic(sheet.path(entry_id), "R205", hinted(f"there is no entry {entry_id!r}", nearby(cycle).hint("entry", entry_id)), key=True)
            continue
        call_criteria = criteria.get(record.entry.call)
        if call_criteria and type(marks) is dict and not call_criteria.issuperset(marks):
            call = spec.calls[record.entry.call]
            for criterion in marks:
                if criterion not in call_criteria:
                    yield doc.diagnostic(sheet.path(entry_id, criterion), "R206", hinted(
                        f"{criterion!r} is not a criterion of the {record.entry.call!r} call (criteria: {', '.join(call.criteria)})",
                        nearby(cycle).hint("criterion", criterion, record.entry.call)), key=True)
    yield from _comments(cycle)


def _unproven_rows(cycle: Cycle, criteria: dict[str, frozenset[str]]) -> Iterator[tuple[int, str, Any]]:
    """The rows of the mark table to look at one by one for R205 and R206: a sheet whose entries all
    exist, in one call, and whose lines name only that call's criteria yields none (sheetruns.py)."""
    for sheet_no, entries, lines, call_id in sheet_runs(cycle):
        known = criteria.get(call_id) if call_id is not None else None
        if sheetruns.WHOLE_SHEETS and call_id is not None and (
                not known or known.issuperset(chain.from_iterable(_mappings(lines)))):
            continue
        yield from rows_of(sheet_no, entries, lines)


def _mappings(lines: list[Any]) -> Iterable[Any]:
    """The lines that are mappings (criterion → mark): all of them, as a rule (one pass in C to see it)."""
    return lines if set(map(type, lines)) <= {dict} else [line for line in lines if type(line) is dict]


def _comments(cycle: Cycle) -> Iterator[Diagnostic]:
    """A judge's comment is on an entry of the cycle (marked on the sheet or not)."""
    for sheet in cycle.sheets:
        for entry_id in sheet.comments:
            if cycle.known_entry(entry_id) is False:
                yield sheet.doc.diagnostic(sheet.comment_path(entry_id), "R205", hinted(f"there is no entry {entry_id!r} to comment on",
                                                                                        nearby(cycle).hint("entry", entry_id)), key=True)
