"""References between files: ids, calls, categories, judges, criteria, entrant types, tie-breaks."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..load import Cycle, EntryRecord
from ..names import canonical


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
            yield doc.diagnostic(("rules", "tie_break", pos), "R208", f"tie-break {rule!r} names no criterion of the call{'s' if len(lacking) > 1 else ''} {', '.join(repr(c) for c in lacking)}")
    for call_id, call in spec.calls.items():
        for t in call.entrant_types or []:
            if t not in types:
                pos = call.entrant_types.index(t)
                yield doc.diagnostic(("calls", call_id, "entrant_types", pos), "R207", f"entrant type {t!r} is not in the cycle's entrant_types")
        layers = [(("calls", call_id, "rules"), call.rules)]
        layers += [(("calls", call_id, "rounds", r, "rules"), stage.rules) for r, stage in call.rounds.items()]
        for base, rules in layers:
            chain = rules.tie_break if rules is not None and rules.tie_break is not None else []
            for pos, rule in enumerate(chain):
                criterion = rule.removeprefix("criterion:")
                if rule != criterion and criterion not in call.criteria:
                    yield doc.diagnostic(base + ("tie_break", pos), "R208", f"tie-break {rule!r} names no criterion of the {call_id!r} call")
        for category_id, category in call.categories.items():
            for slot_id, slot in category.awards.items():
                if slot.eligible is None or slot.eligible.entrant_type is None:
                    continue
                for pos, t in enumerate(slot.eligible.entrant_type):
                    if t not in types:
                        path = ("calls", call_id, "categories", category_id, "awards", slot_id, "eligible", "entrant_type")
                        yield doc.diagnostic(path + (pos,), "R207", f"entrant type {t!r} is not in the cycle's entrant_types")


def _judges(cycle: Cycle) -> Iterator[Diagnostic]:
    spec, doc = cycle.spec, cycle.judges_doc
    assert spec is not None
    for judge_id, judge in cycle.judges.items():
        for pos, call_id in enumerate(judge.calls or []):
            if call_id not in spec.calls and doc is not None:
                yield doc.diagnostic((judge_id, "calls", pos), "R202", f"judge {judge_id!r} is assigned to call {call_id!r}, which cycle.yaml does not define")


def _entries(cycle: Cycle) -> Iterator[Diagnostic]:
    spec = cycle.spec
    assert spec is not None
    types = set(spec.entrant_types)
    first: dict[str, EntryRecord] = {}
    entrants: dict[str, EntryRecord] = {}
    for record in cycle.entries:
        entry, doc, base = record.entry, record.doc, record.path
        if entry.id in first:
            other = first[entry.id]
            line, _ = other.doc.at(other.path + ("id",))  # positions are looked up only to report
            yield doc.diagnostic(base + ("id",), "R201", f"entry id {entry.id!r} is already used in {other.doc.file}:{line}")
            continue
        first[entry.id] = record
        # one_award_per: entrant identifies entrants by id (else name): the same entrant must not
        # be described two ways, or it would be split or merged without anyone noticing.
        seen = entrants.setdefault(entry.entrant.key, record)
        if seen is not record and _entrant_facts(seen) != _entrant_facts(record):
            other_line, _ = seen.doc.at(seen.path + ("entrant",))
            yield doc.diagnostic(base + ("entrant",), "R210", f"entrant {entry.entrant.id or entry.entrant.name!r} is described differently in {seen.doc.file}:{other_line} (name, type or country); use one description or different ids")
        call = spec.calls.get(entry.call)
        if call is None:
            yield doc.diagnostic(base + ("call",), "R202", f"call {entry.call!r} is not defined in cycle.yaml (calls: {', '.join(spec.calls)})")
            continue
        if entry.category not in call.categories:
            yield doc.diagnostic(base + ("category",), "R203", f"category {entry.category!r} is not a category of the {entry.call!r} call (categories: {', '.join(call.categories)})")
        if entry.entrant.type not in types:
            yield doc.diagnostic(base + ("entrant", "type"), "R207", f"entrant type {entry.entrant.type!r} is not one of the cycle's entrant_types ({', '.join(spec.entrant_types)})")
        elif call.entrant_types is not None and entry.entrant.type not in call.entrant_types:
            yield doc.diagnostic(base + ("entrant", "type"), "J405", f"the {entry.call!r} call accepts entrants of type {', '.join(call.entrant_types)}, not {entry.entrant.type!r}")


def _entrant_facts(record: EntryRecord) -> tuple[str, str, str]:
    entrant = record.entry.entrant
    return canonical(entrant.name), entrant.type, entrant.country


def _sheets(cycle: Cycle) -> Iterator[Diagnostic]:
    spec = cycle.spec
    assert spec is not None
    first_sheet: dict[tuple[str, str | None], str] = {}
    for sheet in cycle.sheets:
        key = (sheet.judge, sheet.round)
        known = cycle.known_judge(sheet.judge)
        if known is None:
            continue  # the judge's own entry in judges.yaml has an error, reported there
        if not known:
            yield sheet.doc.diagnostic(("judge",), "R204", f"judge {sheet.judge!r} is not listed in judges.yaml")
        elif key in first_sheet:
            yield sheet.doc.diagnostic(("judge",), "R209", f"judge {sheet.judge!r} already has a score sheet: {first_sheet[key]}")
        first_sheet.setdefault(key, sheet.doc.file)
    index = cycle.entry_index
    criteria = {call_id: frozenset(call.criteria) for call_id, call in spec.calls.items()}
    for sheet_no, entry_id, marks in cycle.marks.rows():
        sheet = cycle.sheets[sheet_no]
        doc = sheet.doc
        record = index.get(entry_id)
        if record is None:
            if cycle.known_entry(entry_id) is False:
                yield doc.diagnostic(sheet.path(entry_id), "R205", f"there is no entry {entry_id!r}", key=True)
            continue
        known = criteria.get(record.entry.call)
        if known and type(marks) is dict and not known.issuperset(marks):
            call = spec.calls[record.entry.call]
            for criterion in marks:
                if criterion not in known:
                    yield doc.diagnostic(sheet.path(entry_id, criterion), "R206", f"{criterion!r} is not a criterion of the {record.entry.call!r} call (criteria: {', '.join(call.criteria)})", key=True)
