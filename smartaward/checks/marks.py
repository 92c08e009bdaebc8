"""Marks: numbers, on their scale and step, one per criterion the round judges (M301-M305, R206);
each sheet's lines fit their call's rounds (J408, J409) and marking (M307): verdicts in a screening
(M306), whole-number ranks (M308); under panel: criterion a judge marks the same criteria on every
entry (M305). A pairs sheet's comparisons are checked in checks/pairs.py.

A cycle can hold millions of marks, so each score line (one judge, one entry) is first tried
against a precomputed set of every allowed value of its scale: a line whose marks are all in the
set is valid, decided in C by one `issuperset`. Only lines that fail it are examined mark by mark,
and that slow path alone decides what to report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

from smartaward.checks import sheetruns
from smartaward.checks.nearby import hinted, nearby
from smartaward.checks.sheetruns import rows_of, sheet_runs
from smartaward.diagnostics import Diagnostic
from smartaward.judging.panel import partial_panel, rules_for
from smartaward.judging.scoring import NUMBER_TYPES, Weights, is_rank, is_verdict
from smartaward.model.cyclefiles import Call, CycleFile, Scale
from smartaward.reading.load import Cycle, Sheet

# Marks are decimals written by people; a mark is on the step if it is within this much of it.
STEP_TOLERANCE = 1e-9
# A scale with more steps than this is checked mark by mark instead of through a set.
MAX_ALLOWED_SET = 100_000


def is_mark(value: Any) -> bool:
    return type(value) in NUMBER_TYPES


def scale_for(spec: CycleFile, call: Call, criterion: str | None) -> Scale:
    """The scale of a criterion: its own, else its call's, else the cycle's."""
    own = call.criteria[criterion].scale if criterion in call.criteria else None
    return own or call.scale or spec.scale


def written(value: Any) -> str:
    """A value as the user wrote it in YAML, for messages: `true`, not Python's True."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping (" + ", ".join(f"{k}: {written(v)}" for k, v in list(value.items())[:4]) + (", …" if len(value) > 4 else "") + ")"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _fmt(x: float) -> str:
    return f"{x:g}"


def scale_problem(scale: Scale, value: int | float) -> tuple[str, str] | None:
    """What is wrong with a number as a mark on this scale (the authority), or None."""
    if value < scale.min or value > scale.max:
        shown = _fmt(value) if abs(value) < 1e15 else f"a {len(str(int(abs(value))))}-digit number"
        return "M301", f"{shown} is outside the scale {_fmt(scale.min)}–{_fmt(scale.max)}"
    if scale.step is not None:
        steps = (value - scale.min) / scale.step
        if abs(steps - round(steps)) > STEP_TOLERANCE * max(1.0, abs(steps)):
            return "M302", f"{_fmt(value)} is not on the scale's step of {_fmt(scale.step)} from {_fmt(scale.min)}"
    return None


def allowed_values(scale: Scale) -> frozenset[float] | None:
    """Every mark the scale allows, when that is a small set; each one passes `scale_problem`."""
    if scale.step is None or (scale.max - scale.min) / scale.step > MAX_ALLOWED_SET:
        return None
    count = int((scale.max - scale.min) / scale.step + STEP_TOLERANCE) + 1
    candidates = (round(scale.min + k * scale.step, 9) for k in range(count))
    return frozenset(v for v in candidates if scale_problem(scale, v) is None)


@dataclass(frozen=True)
class _Plan:
    """What a call's lines are checked against, computed once per call."""

    criteria: frozenset[str]
    allowed: frozenset[float] | None  # when every criterion shares one scale with a step
    judged: tuple[str, ...] = ()  # the criteria of the round (`criteria:` in the round; default: the call's)
    partial: bool = False  # panel: criterion (with per: criterion): a judge may mark only some of them


def _plan(spec: CycleFile, call: Call) -> _Plan:
    scales = {scale_for(spec, call, c) for c in call.criteria} or {scale_for(spec, call, None)}
    allowed = allowed_values(scales.pop()) if len(scales) == 1 else None
    return _Plan(frozenset(call.criteria), allowed, tuple(call.criteria))


def _in_round(plans: dict[tuple[str, str | None], _Plan], spec: CycleFile, call_id: str, round_id: str | None,
              plan: _Plan) -> _Plan:
    """The call's plan for one of its rounds (computed once per call and round): the criteria it judges, and
    whether a judge may leave some unmarked. As scoring reads them (Weights.in_round, rules_for)."""
    found = plans.get((call_id, round_id))
    if found is None:
        call = spec.calls[call_id]
        rules = rules_for(spec, call, round_id)
        judged = Weights.of(call).in_round(round_id).criteria
        partial = partial_panel(rules, call)
        found = plans[(call_id, round_id)] = replace(plan, judged=judged, partial=partial)
    return found


def _mark_problem(spec: CycleFile, call: Call, sheet: Sheet, entry_id: str, criterion: str | None,
                  value: Any) -> Diagnostic | None:
    doc = sheet.doc
    path = sheet.path(entry_id, criterion)
    if not is_mark(value):
        if doc.refused_at(path):
            return None  # an alias or bad tag here is reported already
        what = written(value)
        name = entry_id if criterion is None else f"{entry_id}.{criterion}"
        return doc.diagnostic(path, "M303", f"the mark for {name} is {what}, not a number")
    problem = scale_problem(scale_for(spec, call, criterion), value)
    return None if problem is None else doc.diagnostic(path, *problem)


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    spec = cycle.spec
    assert spec is not None
    index = cycle.entry_index
    plans = {call_id: _plan(spec, call) for call_id, call in spec.calls.items() if call.judging == "scored"}
    round_plans: dict[tuple[str, str | None], _Plan] = {}
    any_rounds = any(call.rounds for call in spec.calls.values())
    # What a sheet's lines for one call are checked as: decided once per (sheet, call).
    modes: dict[tuple[int, str], tuple[tuple[str, str] | None, bool, str]] = {}
    said: set[tuple[int, str, str]] = set()  # (sheet, call, code): a sheet-wide mistake is said once
    partial = _PartialPanels()
    for sheet_no, entry_id, marks in _unproven_rows(cycle, spec, plans, round_plans, modes, any_rounds):
        record = index.get(entry_id)
        plan = plans.get(record.entry.call) if record else None
        if record is None or plan is None:
            continue  # unknown entries and designated calls are reported elsewhere
        call_id = record.entry.call
        sheet = cycle.sheets[sheet_no]
        mode = modes.get((sheet_no, call_id))
        if mode is None:
            mode = modes[(sheet_no, call_id)] = _mode(call_id, spec.calls[call_id], sheet, any_rounds)
        problem, screening, marking = mode
        if problem is not None:
            if problem[0] and (sheet_no, call_id, problem[0]) not in said:
                said.add((sheet_no, call_id, problem[0]))
                hint = nearby(cycle).hint("round", sheet.round, call_id) if problem[0] == "J408" and sheet.round is not None else ""
                yield sheet.doc.diagnostic(sheet.path(entry_id), problem[0], hinted(problem[1], hint), key=True)
        elif screening:
            if not is_verdict(marks):
                yield sheet.doc.diagnostic(sheet.path(entry_id), "M306",
                                           f"the {sheet.round!r} round is a screening: the verdict on {entry_id!r} must be pass or fail, not {written(marks)}")
        elif marking == "pairs":
            continue  # a line of comparisons is well formed by construction; its pairs are checked in checks/pairs.py
        elif marking == "ranks":
            if not is_rank(marks):
                yield sheet.doc.diagnostic(sheet.path(entry_id), "M308", f"the rank of {entry_id!r} must be a whole number from 1 (best), not {written(marks)}")
        else:
            plan = _in_round(round_plans, spec, call_id, sheet.round, plan)
            yield from _line_problems(spec, call_id, spec.calls[call_id], plan, sheet, entry_id, marks)
            if plan.partial and type(marks) is dict:
                partial.add(sheet_no, sheet, record.entry.category, call_id, entry_id, marks, plan)
    yield from partial.selective(cycle)


def _unproven_rows(cycle: Cycle, spec: CycleFile, plans: dict[str, _Plan], round_plans: dict[tuple[str, str | None], _Plan],
                   modes: dict[tuple[int, str], tuple[tuple[str, str] | None, bool, str]], any_rounds: bool) -> Iterator[tuple[int, str, Any]]:
    """The rows of the mark table that must be checked line by line: a sheet whose every line is
    proven valid at once (_valid_run, sheetruns.py) yields none."""
    for sheet_no, entries, lines, call_id in sheet_runs(cycle):
        if not (sheetruns.WHOLE_SHEETS and call_id is not None
                and _valid_run(cycle, spec, sheet_no, call_id, lines, plans, round_plans, modes, any_rounds)):
            yield from rows_of(sheet_no, entries, lines)


def _valid_run(cycle: Cycle, spec: CycleFile, sheet_no: int, call_id: str, lines: list[Any], plans: dict[str, _Plan],
               round_plans: dict[tuple[str, str | None], _Plan], modes: dict[tuple[int, str], tuple[tuple[str, str] | None, bool, str]],
               any_rounds: bool) -> bool:
    """Whether every line of one sheet (its entries all of the call `call_id`) is certainly valid, as the
    line-by-line check would find it: the sheet fits the call (round, marking), and every line marks
    exactly the criteria the round judges (all of the call's, no partial panel) with numbers of the
    scale's allowed set. False decides nothing: the lines are then checked one by one."""
    plan = plans.get(call_id)
    if plan is None:
        return False
    sheet = cycle.sheets[sheet_no]
    mode = modes.get((sheet_no, call_id))
    if mode is None:
        mode = modes[(sheet_no, call_id)] = _mode(call_id, spec.calls[call_id], sheet, any_rounds)
    problem, screening, marking = mode
    if problem is not None or screening or marking != "scores":
        return False
    plan = _in_round(round_plans, spec, call_id, sheet.round, plan)
    size, allowed = len(plan.criteria), plan.allowed
    if allowed is None or plan.partial or len(plan.judged) != size or {dict} != set(map(type, lines)) or {size} != set(map(len, lines)):
        return False
    if not plan.criteria.issuperset(chain.from_iterable(lines)):  # with len == size: exactly the criteria
        return False
    values = list(chain.from_iterable(map(dict.values, lines)))  # (every line a mapping: checked above)
    return NUMBER_TYPES.issuperset(map(type, values)) and allowed.issuperset(values)


class _PartialPanels:
    """panel: criterion lets a panel change within a round (dives 1-3 by some judges, 4-6 by others),
    not a judge choose line by line: a judge who marks a criterion on one entry of a round (call and
    category) and leaves it unmarked on another gets M305 on that line, which still counts for the
    criteria it has (docs/rules.md §4, partial panels)."""

    def __init__(self) -> None:
        # (call, round, category, judge) -> [(sheet, entry, the round's criteria the line marks)]
        self.lines: dict[tuple[str, str | None, str, str | None], list[tuple[int, str, frozenset[str]]]] = {}

    def add(self, sheet_no: int, sheet: Sheet, category: str, call_id: str, entry_id: str, marks: dict[str, Any],
            plan: _Plan) -> None:
        marked = frozenset(c for c in plan.judged if c in marks)
        if marked:  # a line with none of the round's criteria is M305 already (_line_problems)
            self.lines.setdefault((call_id, sheet.round, category, sheet.judge), []).append((sheet_no, entry_id, marked))

    def selective(self, cycle: Cycle) -> Iterator[Diagnostic]:
        for (_, _, _, judge), lines in self.lines.items():
            every = frozenset().union(*(marked for _, _, marked in lines))
            if all(marked == every for _, _, marked in lines):
                continue  # the judge marks the same criteria on every entry: a panel, not a choice
            where = {c: min(entry for _, entry, marked in lines if c in marked) for c in every}  # an entry marked for it
            for sheet_no, entry_id, marked in lines:
                if marked == every:
                    continue
                missing = "; ".join(f"{c!r} on {where[c]!r}" for c in sorted(every - marked))
                sheet = cycle.sheets[sheet_no]
                yield sheet.doc.diagnostic(sheet.path(entry_id), "M305", (
                    f"judge {judge!r} marks {missing} but not on {entry_id!r}: under panel: criterion a judge marks the "
                    "same criteria on every entry of the round; this line still counts for the criteria it has"), key=True)


def _mode(call_id: str, call: Call, sheet: Sheet, any_rounds: bool) -> tuple[tuple[str, str] | None, bool, str]:
    """How a sheet's lines for a call are checked: (a sheet-wide problem, screening?, marking)."""
    problem = _round_problem(call_id, call, sheet.round, any_rounds)
    stage = call.rounds.get(sheet.round) if sheet.round is not None else None
    marking = (stage.marking if stage is not None else None) or call.marking
    screening = stage is not None and stage.screening
    if problem is None and not screening and sheet.key != marking:
        where = f" in the {sheet.round!r} round" if sheet.round is not None else ""
        problem = ("M307", f"the {call_id!r} call is marked by {marking}{where}: "
                           f"write this judge's {_WRITTEN_AS[marking]} under {marking}:, not {sheet.key}:")
    elif problem is None and screening and sheet.key == "pairs":  # (ranks in a screening round are M306, entry by entry)
        problem = ("M307", f"the {sheet.round!r} round of {call_id!r} is a screening: write this judge's verdicts "
                           "(pass or fail) under scores:, not pairs:")
    return problem, screening, marking


# What a sheet holds under each marking, as M307 words it.
_WRITTEN_AS = {"scores": "marks", "ranks": "ranking", "pairs": "comparisons ([winner, loser])"}


def _round_problem(call_id: str, call: Call, round_id: str | None, any_rounds: bool) -> tuple[str, str] | None:
    """Whether a line's round fits its entry's call (said once per sheet and call)."""
    if call.rounds and round_id is None:
        return "J409", f"the {call_id!r} call is judged in rounds ({', '.join(call.rounds)}): name this sheet's round (round: ...)"
    if round_id is not None and round_id not in call.rounds:
        if not any_rounds:
            return "", ""  # not counted; J407 says so once for the sheet
        rounds = f"its rounds are {', '.join(call.rounds)}" if call.rounds else "it is judged in one round"
        return "J408", f"round {round_id!r} is not a round of the {call_id!r} call ({rounds}): these marks are not counted"
    return None


def _line_problems(spec: CycleFile, call_id: str, call: Call, plan: _Plan, sheet: Sheet, entry_id: str,
                   marks: Any) -> Iterator[Diagnostic]:
    """A line of marks: numbers, on the scale and step of their criterion, one per criterion."""
    if type(marks) is not dict:
        if call.criteria:
            yield sheet.doc.diagnostic(sheet.path(entry_id), "M304",
                                       f"the {call_id!r} call is marked per criterion ({', '.join(call.criteria)}), not with one overall mark")
        elif (problem := _mark_problem(spec, call, sheet, entry_id, None, marks)) is not None:
            yield problem
        return
    if not call.criteria:
        yield sheet.doc.diagnostic(sheet.path(entry_id), "M304", f"the {call_id!r} call has no criteria: give {entry_id!r} one overall mark")
        return
    values = marks.values()
    fast = plan.allowed is not None and NUMBER_TYPES.issuperset(map(type, values)) and plan.allowed.issuperset(values)
    judged = plan.judged
    if not fast:
        for criterion, value in marks.items():
            if criterion in plan.criteria and criterion in judged:  # an unknown criterion is R206 (references)
                problem = _mark_problem(spec, call, sheet, entry_id, criterion, value)
                if problem is not None:
                    yield problem
    if len(marks) < len(judged) or not plan.criteria.issuperset(marks) or len(judged) < len(plan.criteria):
        yield from _not_judged(sheet, entry_id, marks, plan)
        missing = [c for c in judged if c not in marks]
        # panel: criterion — a judge who marked some of the round's criteria counts for those; none at all is M305
        if missing and not (plan.partial and len(missing) < len(judged)):
            yield sheet.doc.diagnostic(sheet.path(entry_id), "M305",
                                       f"no mark for {', '.join(missing)}: the total of judge {sheet.judge!r} for {entry_id!r} is left out", key=True)


def _not_judged(sheet: Sheet, entry_id: str, marks: dict[str, Any], plan: _Plan) -> Iterator[Diagnostic]:
    """Marks for criteria of the call that the round does not judge (R206): not counted."""
    if len(plan.judged) == len(plan.criteria):
        return
    for criterion in marks:
        if criterion in plan.criteria and criterion not in plan.judged:
            yield sheet.doc.diagnostic(sheet.path(entry_id, criterion), "R206", (
                f"{criterion!r} is not judged in the {sheet.round!r} round (its criteria are {', '.join(plan.judged)}): "
                "this mark is not counted"))
