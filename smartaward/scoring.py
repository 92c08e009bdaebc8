"""Scores: each judge's weighted total, then each entry's mean over its valid judges.

Arithmetic is chosen so that the order of files, sheets and marks can never change a result:
sums use `math.fsum` (exactly rounded, hence order-independent), and an entry's score is rounded to
SCORE_DECIMALS places before it is compared, so two scores that are equal in decimal arithmetic
compare equal (a tie) instead of differing in the last binary digit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from math import fsum
from operator import mul
from weakref import WeakKeyDictionary

from .load import Cycle
from .model import Call, Entry
from .panel import entry_exclusion, judge_exclusion, rules_for

SCORE_DECIMALS = 6


NUMBER_TYPES = frozenset({int, float})  # bool is a subclass of int, but never a mark
NOT_A_NUMBER = "a mark is not a number"  # reported by checks/marks.py; the total waits for the fix


@dataclass
class EntryScore:
    entry: Entry
    score: float | None = None
    totals: dict[str, float] = field(default_factory=dict)  # valid judges' totals, by judge id
    excluded: dict[str, str] = field(default_factory=dict)  # judge id → why their marks do not count
    excluded_by: dict[str, str] = field(default_factory=dict)  # judge id → diagnostic code, if any
    criterion_means: dict[str, float] = field(default_factory=dict)
    reason: str | None = None  # why the entry is not ranked; None when it is

    @property
    def judges(self) -> int:
        return len(self.totals)

    @property
    def pending(self) -> bool:
        """A judge's marks could not be read as numbers: the panel is counted once they are fixed."""
        return NOT_A_NUMBER in self.excluded.values()


def marks_by_entry(cycle: Cycle) -> dict[str, dict[str, Any]]:
    """entry id → judge id → that judge's marks on it, as written. The first sheet of a judge wins."""
    grouped: dict[str, dict[str, Any]] = defaultdict(dict)
    judge_of = [sheet.judge for sheet in cycle.sheets]
    for sheet, entry, marks in cycle.marks.rows():
        grouped[entry].setdefault(judge_of[sheet], marks)
    return grouped


@dataclass(frozen=True)
class Weights:
    """A call's criteria and weights, prepared once for the millions of totals of a big cycle."""

    criteria: tuple[str, ...]
    weights: tuple[float, ...]
    total: float
    equal: bool

    @classmethod
    def of(cls, call: Call) -> Weights:
        weights = tuple(c.weight for c in call.criteria.values())
        return cls(tuple(call.criteria), weights, fsum(weights), len(set(weights)) <= 1)


def judge_total(call: Call, marks: Any, weights: Weights) -> float | str:
    """A judge's weighted mean over the call's criteria, or the reason there is none.

    With equal weights the weighted mean is the plain mean, computed as such (fsum(marks) / n):
    the same number, and exactly rounded.
    """
    if not call.criteria:
        if type(marks) is dict:
            return "criterion marks where one overall mark is expected"
        if type(marks) not in NUMBER_TYPES or abs(marks) > 1e300:  # a huge integer: off the scale (M301)
            return NOT_A_NUMBER
        return float(marks)
    if type(marks) is not dict:
        return "one overall mark where criterion marks are expected"
    try:
        values = [marks[c] for c in weights.criteria]
    except KeyError:
        return f"no mark for {', '.join(c for c in weights.criteria if c not in marks)}"
    if not NUMBER_TYPES.issuperset(map(type, values)):
        return NOT_A_NUMBER
    try:
        if weights.equal:
            return fsum(values) / len(values)
        return fsum(map(mul, weights.weights, values)) / weights.total
    except OverflowError:  # a huge integer mark (reported as off the scale)
        return NOT_A_NUMBER


# Checks (J404) and rank both need the scores of the same loaded cycle: compute them once.
_computed: WeakKeyDictionary[Cycle, dict[str, EntryScore]] = WeakKeyDictionary()


def score_entries(cycle: Cycle) -> dict[str, EntryScore]:
    """Scores of every entry of every scored call, by entry id (in id order)."""
    if cycle not in _computed:
        _computed[cycle] = _score_entries(cycle)
    return _computed[cycle]


def _score_entries(cycle: Cycle) -> dict[str, EntryScore]:
    spec = cycle.spec
    assert spec is not None, "score_entries needs a cycle.yaml that passed its schema"
    grouped = marks_by_entry(cycle)
    weights = {call_id: Weights.of(call) for call_id, call in spec.calls.items()}
    min_judges = {call_id: rules_for(spec, call).min_judges for call_id, call in spec.calls.items()}
    # Most judges have no conflicts and are on every call they mark: those need no rule applied.
    plain = {judge_id for judge_id, judge in cycle.judges.items() if judge.voting and not judge.conflicts}
    results: dict[str, EntryScore] = {}
    for entry_id in sorted(cycle.entry_index):
        entry = cycle.entry_index[entry_id].entry
        call = spec.calls.get(entry.call)
        if call is None or call.judging != "scored" or entry.category not in call.categories:
            continue
        result = EntryScore(entry)
        results[entry_id] = result
        plan = weights[entry.call]
        counted = []  # the marks of the judges that count
        for judge_id, marks in sorted(grouped.get(entry_id, {}).items()):
            judge = cycle.judges.get(judge_id)
            if judge is None:
                result.excluded[judge_id] = "the judge is not in judges.yaml"
                continue
            if judge_id not in plain or (judge.calls is not None and entry.call not in judge.calls):
                excluded = judge_exclusion(judge, entry)
                if excluded is not None:
                    code, result.excluded[judge_id] = excluded
                    if code is not None:
                        result.excluded_by[judge_id] = code
                    continue
            total = judge_total(call, marks, plan)
            if isinstance(total, str):
                result.excluded[judge_id] = total
                continue
            result.totals[judge_id] = total
            counted.append(marks)
        if counted and call.criteria:
            columns = zip(*([m[c] for c in plan.criteria] for m in counted))
            result.criterion_means = {c: round(fsum(column) / len(counted), SCORE_DECIMALS)
                                      for c, column in zip(plan.criteria, columns)}
        late = entry_exclusion(entry, call)
        if late is not None:
            result.reason = late
        elif result.judges < min_judges[entry.call]:
            n = min_judges[entry.call]
            result.reason = f"{result.judges} valid score{'s' if result.judges != 1 else ''}, fewer than min_judges ({n})"
        if result.totals:
            result.score = round(fsum(result.totals.values()) / result.judges, SCORE_DECIMALS)
    return results
