"""Measured parts (Call.measured) and the values sheets that give them (docs/rules.md §4,
"Measured parts"; docs/format.md, "Values sheets").

In cycle.yaml:
- R217: a part's `rounds:` naming a round the call does not have, or a screening round;
- R211: a part where the round's score is not a combination of marks (a rank method, approval,
  marking by ranks or pairs), in a designated call, or with the id of one of the call's criteria.

In values sheets, each value as a mark is checked: R205 (no such entry), R206 (no such part of
the entry's call and round), M304 (not a mapping of parts), M303 (not a number), M301/M302 (off
its part's scale or step), and the sheet's round as a score sheet's (J407, J408, J409). R218: a
value given twice (the first in path order counts).

From the scores: J419, an entry with counted marks but no value for one of the round's parts
(it has no score); J420, a value that counts for nothing (the entry has no score in that round).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from smartaward.checks.marks import scale_problem, written
from smartaward.checks.nearby import hinted, nearby
from smartaward.checks.rules import joined, stage_name
from smartaward.diagnostics import Diagnostic
from smartaward.judging.measured import MISSING_VALUE, Given, ValueTable, is_value, parts_in_round, value_table
from smartaward.judging.panel import rules_for, stages_of
from smartaward.judging.scoring import LATE, EntryScore, Scoring, Stage
from smartaward.model.cyclefiles import Call, CycleFile
from smartaward.reading.load import Cycle, ValueSheet
from smartaward.text.suggest import did_you_mean


def check(cycle: Cycle, scoring: Scoring) -> Iterator[Diagnostic]:
    spec = cycle.spec
    assert spec is not None
    yield from _declared(cycle, spec)
    if not cycle.value_sheets and not any(call.measured for call in spec.calls.values()):
        return
    any_rounds = any(call.rounds for call in spec.calls.values())
    for sheet in cycle.value_sheets:
        yield from _sheet(cycle, spec, sheet, any_rounds)
    table, again = value_table(cycle)
    for later, first in again:
        yield _twice(cycle, later, first)
    yield from _from_scores(cycle, spec, scoring, table)


# -- cycle.yaml -----------------------------------------------------------------------------------

def _declared(cycle: Cycle, spec: CycleFile) -> Iterator[Diagnostic]:
    doc = cycle.cycle_doc
    assert doc is not None
    for call_id, call in spec.calls.items():
        base = ("calls", call_id, "measured")
        if not call.measured:
            continue
        if call.judging != "scored":
            yield doc.diagnostic(base, "R211", f"the {call_id!r} call designates its winners: there is no score for a measured part "
                                               "to add to", key=True)
            continue
        for part_id, part in call.measured.items():
            if part_id in call.criteria:
                yield doc.diagnostic(base + (part_id,), "R211", f"{part_id!r} is both a criterion judges mark and a measured part "
                                                               f"of the {call_id!r} call: give the measured part another id", key=True)
            for index, round_id in enumerate(part.rounds or []):
                stage = call.rounds.get(round_id)
                if round_id in (part.rounds or [])[:index]:
                    yield doc.diagnostic(base + (part_id, "rounds", index), "R217", f"{part_id!r} names the round {round_id!r} twice: "
                                                                                   "a part is in a round once")
                elif stage is None:
                    yield doc.diagnostic(base + (part_id, "rounds", index), "R217", hinted(
                        f"the {call_id!r} call has no round {round_id!r}", did_you_mean(round_id, list(call.rounds))))
                elif stage.screening:
                    yield doc.diagnostic(base + (part_id, "rounds", index), "R217",
                                         f"{round_id!r} is a screening round (pass or fail): it has no score to add {part_id!r} to")
        wrong = [stage_name(call_id, round_id) for round_id in stages_of(call)
                 if parts_in_round(call, round_id) and not _is_screening(call, round_id) and not _adds_up(spec, call, round_id)]
        if wrong:
            yield doc.diagnostic(base, "R211", f"measured parts are added to a score the judges' marks make, and {joined(wrong)} "
                                               "is ranked (a rank method, approval, or marking by ranks or pairs): use a score method "
                                               "(mean, median, sum, trimmed-mean, trimmed-sum)", key=True)


def _is_screening(call: Call, round_id: str | None) -> bool:
    return round_id is not None and call.rounds[round_id].screening


def _adds_up(spec: CycleFile, call: Call, round_id: str | None) -> bool:
    rules = rules_for(spec, call, round_id)
    return not rules.by_rank and rules.aggregate != "approval" and rules.marking == "scores"


# -- values sheets ----------------------------------------------------------------------------------

def _sheet(cycle: Cycle, spec: CycleFile, sheet: ValueSheet, any_rounds: bool) -> Iterator[Diagnostic]:
    doc = sheet.doc
    if sheet.round is not None and not any_rounds:
        yield doc.diagnostic(("round",), "J407", f"this values sheet names the round {sheet.round!r}, but no call is judged in rounds: "
                                                 "remove round:")
    said: set[str] = set()  # the calls whose round problem is said for this sheet
    for entry_id, values in sheet.values.items():
        record = cycle.entry_index.get(entry_id)
        if record is None:
            if cycle.known_entry(entry_id) is False:
                yield doc.diagnostic(sheet.path(entry_id), "R205", hinted(f"there is no entry {entry_id!r}",
                                                                          nearby(cycle).hint("entry", entry_id)), key=True)
            continue
        call_id = record.entry.call
        call = spec.calls.get(call_id)
        if call is None:
            continue  # an unknown call is R202, at the entry
        if type(values) is not dict:
            yield doc.diagnostic(sheet.path(entry_id), "M304", f"{written(values)} where the measured parts are expected: write "
                                                               f"part: value, e.g. {{{next(iter(call.measured), 'distance')}: 76.2}}")
            continue
        round_id = sheet.round if any_rounds else None
        problem = _round_problem(call_id, call, round_id)
        if problem is not None:
            if call_id not in said:
                said.add(call_id)
                yield doc.diagnostic(("round",) if sheet.round is not None else sheet.path(entry_id), *problem)
            continue
        parts = parts_in_round(call, round_id)
        for part_id, value in values.items():
            at = sheet.path(entry_id, part_id)
            if part_id not in parts:
                yield doc.diagnostic(at, "R206", _unknown_part(call_id, call, round_id, part_id), key=True)
            elif type(value) in (int, float) and not math.isnan(value) and not is_value(value):  # a number beyond ±1e300: off any scale
                yield doc.diagnostic(at, "M301", f"{part_id}: {_huge(value)} is outside the scale {parts[part_id].scale.min:g}–"
                                                 f"{parts[part_id].scale.max:g}")
            elif not is_value(value):
                yield doc.diagnostic(at, "M303", f"{written(value)} is not a number: the value of {part_id!r} must be one")
            else:
                found = scale_problem(parts[part_id].scale, value)
                if found is not None:
                    yield doc.diagnostic(at, found[0], f"{part_id}: {found[1]}")


def _huge(value: float) -> str:
    return f"a {len(str(int(abs(value))))}-digit number" if math.isfinite(value) else "an infinite number"


def _round_problem(call_id: str, call: Call, round_id: str | None) -> tuple[str, str] | None:
    if call.rounds and round_id is None:
        return "J409", f"the {call_id!r} call is judged in rounds ({', '.join(call.rounds)}): name this values sheet's round " \
                       "(round: ..., or in a CSV file a 'round' column)"
    if round_id is not None and round_id not in call.rounds:
        rounds = f"its rounds are {', '.join(call.rounds)}" if call.rounds else "it is judged in one round"
        return "J408", f"round {round_id!r} is not a round of the {call_id!r} call ({rounds}): these values are not counted"
    return None


def _unknown_part(call_id: str, call: Call, round_id: str | None, part_id: str) -> str:
    if part_id in call.criteria:  # often a CSV score sheet without its judge column
        return (f"{part_id!r} is a criterion judges mark, not a measured part of the {call_id!r} call: a values sheet gives measured "
                "parts only (a CSV score sheet needs a 'judge' column)")
    if not call.measured:
        return f"the {call_id!r} call has no measured parts (measured: in cycle.yaml), so {part_id!r} is not counted"
    if part_id in call.measured:
        rounds = call.measured[part_id].rounds
        return f"{part_id!r} is not a part of {stage_name(call_id, round_id)} (its rounds: " + \
            (", ".join(rounds) if rounds else "every scored round; a screening round gives pass or fail, not a score") + ")"
    return hinted(f"{part_id!r} is not a measured part of the {call_id!r} call (its parts: {', '.join(call.measured)})",
                  did_you_mean(part_id, list(call.measured)))


def _twice(cycle: Cycle, later: Given, first: Given) -> Diagnostic:
    sheet, before = cycle.value_sheets[later.sheet], cycle.value_sheets[first.sheet]
    line, _ = before.doc.at(before.path(first.entry, first.part))
    where = "this sheet" if before is sheet else before.doc.file
    return sheet.doc.diagnostic(sheet.path(later.entry, later.part), "R218",
                                f"{later.entry}: {later.part!r} is given a second time (first in {where}, line {line}, "
                                f"{written(first.value)}, which counts): keep one value")


# -- from the scores ----------------------------------------------------------------------------------

def _from_scores(cycle: Cycle, spec: CycleFile, scoring: Scoring, table: ValueTable) -> Iterator[Diagnostic]:
    stages = {(stage.call, stage.round): stage for stage in scoring.stages}
    yield from _missing(cycle, spec, stages)
    yield from _unused(cycle, spec, stages, scoring.finals, table)


def _missing(cycle: Cycle, spec: CycleFile, stages: dict[tuple[str, str | None], Stage]) -> Iterator[Diagnostic]:
    """J419: an entry with counted marks and no value for one of the round's parts, at its id."""
    for (call_id, round_id), stage in stages.items():
        if not parts_in_round(spec.calls[call_id], round_id):
            continue
        for entry_id, result in stage.results.items():
            if result.status == MISSING_VALUE:
                record = cycle.entry_index[entry_id]
                yield record.doc.diagnostic(record.path + ("id",), "J419", f"{entry_id} is marked in {stage_name(call_id, round_id)} but "
                                                                           f"has {result.reason}: it has no score there until a values "
                                                                           "sheet gives it")


def _unused(cycle: Cycle, spec: CycleFile, stages: dict[tuple[str, str | None], Stage],
            finals: dict[str, EntryScore], table: ValueTable) -> Iterator[Diagnostic]:
    """J420: the values of an entry that has no score in their round, at the entry's line of the
    sheet that gives the first of them (values R206 or the round's problem reports are left out)."""
    any_rounds = any(call.rounds for call in spec.calls.values())
    for round_id, by_entry in table.items():
        for entry_id, given in by_entry.items():
            record = cycle.entry_index.get(entry_id)
            call = spec.calls.get(record.entry.call) if record is not None else None
            if record is None or call is None or _round_problem(record.entry.call, call, round_id if any_rounds else None) is not None:
                continue
            counted = [part for part in given if part in parts_in_round(call, round_id)]
            stage = stages.get((record.entry.call, round_id))
            result = stage.results.get(entry_id) if stage is not None else None
            if stage is not None and (stage.rules.by_rank or stage.rules.aggregate == "approval"):
                continue  # R211 says the round cannot add them
            if not counted or (result is not None and ("measured" in result.detail or result.status == MISSING_VALUE)):
                continue
            sheet = cycle.value_sheets[given[counted[0]].sheet]
            if result is not None:
                why = f"it has no score there ({result.reason or 'no counted marks'})"
            elif entry_id in finals and finals[entry_id].status == LATE:
                why = "it is late, and judged in no round"
            else:
                why = "it did not reach this round"
            yield sheet.doc.diagnostic(sheet.path(entry_id), "J420", f"the values of {entry_id} in {stage_name(record.entry.call, round_id)} "
                                                                     f"count for nothing: {why}", key=True)
