"""Who counts, under which rules: the rules in force for a call and round, and whether a judge's
marks on an entry, or the entry itself, count.

Checks (which warn about each exclusion) and scoring (which applies them) share these functions, so
what validate reports and what rank does can never drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from math import fsum
from operator import mul
from typing import Any

from smartaward.model.cyclefiles import (
    RANK_METHODS,
    Call,
    Correction,
    CycleFile,
    DerivedConflicts,
    Entry,
    Judge,
    Scale,
)
from smartaward.text.names import canonical, look_alike

# The keys a call and then a round may override, in the order Rules declares them.
OVERRIDABLE = ("aggregate", "trim", "per", "total", "normalise", "min_scores", "min_judges", "tie_break",
               "points", "approve", "panel", "decimals", "rounding", "calibration", "correct")

# The codes of a line excluded for a conflict of interest: declared (J402) or by rule (J410, J411).
CONFLICT_CODES = frozenset({"J402", "J410", "J411"})
# judge_exclusion's reason for an observer's marks (they carry no code).
OBSERVER = "the judge is a non-voting observer"


@dataclass(frozen=True)
class Rules:
    """The rules in force for one call (and round): the cycle's, with overrides applied."""

    aggregate: str
    trim: int
    per: str
    total: str
    normalise: str
    min_scores: int
    min_judges: int
    tie_break: tuple[str, ...]
    marking: str  # "scores" or "ranks"
    points: tuple[float, ...] | None = None  # aggregate: points — the points of each place, best first
    approve: float | None = None  # aggregate: approval — the lowest approving mark (rules_for fills in highest_total)
    panel: str = "entry"  # "criterion": a judge may mark only some criteria; each is aggregated over its own judges
    decimals: int | None = None  # round each criterion's aggregate and each score to this many decimals
    rounding: str = "half-up"  # how `decimals` rounds: half-up or half-even
    calibration: float = 1.0  # normalise: calibrated — the ridge strength holding judge offsets towards 0
    correct: Correction | None = None  # each judge's total moved to within `limit` of the panel's centre

    @property
    def by_rank(self) -> bool:
        """Whether the method turns each judge's marks into a ranking first."""
        return self.aggregate in RANK_METHODS

    def describe(self) -> str:
        """The rules in one line, as explain and the docs word them."""
        if self.by_rank:
            return f"{self.aggregate} over each judge's {'comparisons' if self.marking == 'pairs' else 'ranking'}"
        method = f"{self.aggregate} (trim {self.trim})" if self.aggregate.startswith("trimmed") else self.aggregate
        parts = [f"{method} per {self.per}", self.total]
        if self.correct is not None:
            parts.append(f"totals corrected to within {self.correct.limit:g} of the panel's {self.correct.around}")
        if self.normalise != "none":
            parts.append(f"calibrated (judge offsets, calibration {self.calibration:g})" if self.normalise == "calibrated"
                         else f"normalised by {self.normalise}")
        return ", ".join(parts)


def rules_for(spec: CycleFile, call: Call, round_id: str | None = None, method: str | None = None) -> Rules:
    """The rules for a call, or one of its rounds. `method` replaces the aggregation (rank --compare):
    written `trimmed-mean:2` it also sets the trim."""
    values: dict[str, Any] = {key: getattr(spec.rules, key) for key in OVERRIDABLE}
    layers = [call.rules]
    marking = call.marking
    if round_id is not None:
        stage = call.rounds[round_id]
        layers.append(stage.rules)
        marking = stage.marking or marking
    for layer in layers:
        if layer is None:
            continue
        for key in OVERRIDABLE:
            value = getattr(layer, key)
            if value is not None:
                values[key] = value
    values["tie_break"] = tuple(values["tie_break"])
    if values["points"] is not None:
        values["points"] = tuple(values["points"])
    rules = Rules(marking=marking, **values)
    if method is not None:
        name, _, trim = method.partition(":")
        count = int(trim) if trim else rules.trim
        if name.startswith("trimmed") and count == 0:
            count = 1  # a trimmed method that trims nothing would just be the mean or sum
        rules = replace(rules, aggregate=name, trim=count)
    if rules.aggregate == "approval" and rules.approve is None:
        rules = replace(rules, approve=highest_total(spec, call, rules, round_id))
    return rules


def round_criteria(call: Call, round_id: str | None) -> list[str]:
    """The criteria a round judges, in the order it names them: the call's criteria its `criteria:`
    names, each once (one the call does not have is R217, checks/rounds.py); where it names none of
    them, or without a round, all of the call's. The one rule: scoring (stages.Weights), approval's
    default, the approve: range check and explain all read a round's criteria here."""
    named = call.rounds[round_id].criteria if round_id is not None else None
    return [c for c in dict.fromkeys(named or ()) if c in call.criteria] or list(call.criteria)


def highest_total(spec: CycleFile, call: Call, rules: Rules, round_id: str | None = None) -> float:
    """The highest total a judge can give (approval's default threshold): the scale's maximum, or with
    criteria (the round's) their maxima combined as a judge's total is."""
    return total_range(spec, call, round_criteria(call, round_id), rules.total)[1]


def partial_panel(rules: Rules, call: Call) -> bool:
    """panel: criterion in force: a judge's line may mark only some criteria and counts for those
    (it needs per: criterion over criteria, and a method that aggregates marks)."""
    return rules.panel == "criterion" and rules.per == "criterion" and bool(call.criteria) and not rules.by_rank


def scale_of(spec: CycleFile, call: Call, criterion: str | None) -> Scale:
    """The scale a criterion is marked on (None: the one overall mark): its own, the call's or the cycle's."""
    own = call.criteria[criterion].scale if criterion is not None and criterion in call.criteria else None
    return own or call.scale or spec.scale


def total_range(spec: CycleFile, call: Call, criteria: Sequence[str], total: str) -> tuple[float, float]:
    """The lowest and the highest total a judge can give: without criteria the scale's range; with
    them (`criteria`: those of the round) their scales' minima and maxima, combined as a judge's
    total is. One place for approval's default and the range percentiles divide by."""
    if not call.criteria:
        scale = scale_of(spec, call, None)
        return scale.min, scale.max
    weights = [call.criteria[c].weight for c in criteria]
    scales = [scale_of(spec, call, c) for c in criteria]
    weight_sum, equal = fsum(weights), len(set(weights)) <= 1
    return (as_total([sc.min for sc in scales], total, weights, weight_sum, equal),
            as_total([sc.max for sc in scales], total, weights, weight_sum, equal))


def as_total(values: Sequence[float], total: str, weights: Sequence[float], weight_sum: float, equal: bool) -> float:
    """Criterion values → a judge's total: the weighted sum (`total: weighted-sum`), or the weighted
    mean, which with equal weights is the plain mean. The one formula: stages.Weights.combine (every
    judge's total) calls it too, so a range here and a total there agree to the last bit.
    `weight_sum` (fsum of the weights) and `equal` (all weights equal) are given, as Weights
    computes them once for the millions of totals of a big cycle."""
    if total == "weighted-sum":
        return fsum(map(mul, weights, values))
    if equal:
        return fsum(values) / len(values)
    return fsum(map(mul, weights, values)) / weight_sum


def stages_of(call: Call) -> list[str | None]:
    """The rounds of a call in order; a call without rounds is judged in one round, named None."""
    return list(call.rounds) or [None]


def conflict_pattern(judge: Judge, entry_id: str) -> str | None:
    """The declared conflict (an id or glob pattern) that matches this entry, if any."""
    for pattern in judge.conflicts:
        if fnmatchcase(entry_id, pattern):
            return pattern
    return None


def derived_conflict(judge: Judge, entry: Entry, rule: DerivedConflicts | None) -> str | None:
    """The fact a judge shares with an entrant under `conflicts: {same: [...]}`, if any.

    Text facts compare as they look (names.look_alike): without case, and with a letter of another
    script that looks the same counted as the same letter — a judge of "Seoul" and an entrant in
    "SEOUL" share a city, and a judge of "Airco Ltd" is affiliated with "Аirco Ltd" (a Cyrillic А).
    A judge's affiliation is compared with the entrant's name (the organisation that entered).
    """
    if rule is None:
        return None
    entrant = entry.entrant
    for fact in rule.same:
        if fact == "country" and judge.country is not None and judge.country == entrant.country:
            return f"the judge shares the entrant's country ({entrant.country})"
        if fact == "city" and judge.city and entrant.city and look_alike(judge.city) == look_alike(entrant.city):
            return f"the judge shares the entrant's city ({entrant.city}{_as_written(judge.city, entrant.city)})"
        if fact == "affiliation" and judge.affiliation and look_alike(judge.affiliation) == look_alike(entrant.name):
            return f"the judge is affiliated with the entrant ({entrant.name}{_as_written(judge.affiliation, entrant.name)})"
    return None


def _as_written(judges: str, entrants: str) -> str:
    """Where the two names only look the same, both as written (escaped, so the difference shows)."""
    if canonical(judges) == canonical(entrants):
        return ""
    return f"; written {ascii(judges)} in judges.yaml and {ascii(entrants)} in the entry: they look the same"


def judge_exclusion(judge: Judge, entry: Entry, derived: DerivedConflicts | None = None) -> tuple[str | None, str] | None:
    """Why this judge's marks on this entry do not count, as (diagnostic code or None, reason).

    None if they count. An observer's marks are excluded by design, so they carry no diagnostic.
    """
    if not judge.voting:  # first: an observer's marks never count, so nothing else is reported
        return None, OBSERVER
    if judge.calls is not None and entry.call not in judge.calls:
        return "J403", f"the judge does not judge the {entry.call!r} call"
    pattern = conflict_pattern(judge, entry.id)
    if pattern is not None:
        return "J402", f"the judge declared a conflict ({pattern!r})"
    shared = derived_conflict(judge, entry, derived)
    if shared is not None:
        assert derived is not None
        return ("J411" if derived.severity == "error" else "J410"), f"{shared}, a conflict by rule"
    return None


def judges_in_round(judge: Judge, round_id: str | None) -> bool:
    """Whether the judge judges in the round: their `rounds` name it, or they have none (all
    rounds), or the calls have no rounds (`round_id` None)."""
    return round_id is None or judge.rounds is None or round_id in judge.rounds


def entry_exclusion(entry: Entry, call: Call) -> str | None:
    """Why an entry cannot be ranked at all, whatever its marks; None if it can."""
    if call.closes is not None and entry.submitted is None:  # reported as S101 by validate
        return f"no submitted date, and the call closes on {call.closes.isoformat()}"
    if call.closes is not None and entry.submitted is not None and entry.submitted > call.closes:
        return f"submitted {entry.submitted.isoformat()}, after the call closed on {call.closes.isoformat()}"
    return None
