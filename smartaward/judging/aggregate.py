"""Aggregation: the counted judges' values of an entry into its score — a score method (mean,
median, sum, trimmed) per entry, or a rank method (rank-sum, Borda, Schulze, Kemeny) per category.
The formulas are in methods.py; docs/rules.md gives each with an example.
"""

from __future__ import annotations

from collections import defaultdict
from math import fsum
from typing import Any

from smartaward.judging import methods
from smartaward.judging.panel import Rules
from smartaward.judging.stages import (
    METHOD_LIMIT,
    SCORE_DECIMALS,
    TOO_FEW,
    EntryScore,
    Stage,
    Weights,
)
from smartaward.model.cyclefiles import Call


def criterion_means(result: EntryScore, rules: Rules, call: Call, weights: Weights) -> None:
    counted = [line.marks for line in result.lines.values() if line.counted]
    if counted and call.criteria and rules.marking == "scores":
        columns = zip(*([m[c] for c in weights.criteria] for m in counted), strict=True)
        result.criterion_means = {c: round(fsum(column) / len(counted), SCORE_DECIMALS)
                                  for c, column in zip(weights.criteria, columns, strict=True)}


def aggregate(result: EntryScore, rules: Rules, weights: Weights) -> None:
    """A score method: each channel across judges (trimmed where the rules trim), then one score."""
    counted = [line for line in result.lines.values() if line.counted]
    if not counted:
        return
    trimming = rules.aggregate.startswith("trimmed")
    if trimming and len(counted) < 2 * rules.trim + 1:
        if result.reason is None:
            result.reason = f"{len(counted)} valid scores, too few to drop the {rules.trim} highest and lowest"
            result.status = TOO_FEW
        return
    channels = list(counted[0].channels)
    normalising = rules.normalise != "none"
    scores = {}
    for normalised in (True, False) if normalising else (False,):
        per_channel = [methods.aggregate(rules.aggregate, [line.channel(c, normalised) for line in counted], rules.trim)
                       for c in channels]
        combined = per_channel[0] if channels == ["total"] else weights.combine(per_channel, rules.total)
        scores[normalised] = round(combined, SCORE_DECIMALS)
    result.raw_score = scores[False]
    result.score = scores[normalising]
    if trimming:  # which marks were dropped, for explain: those of the values that counted
        for channel in channels:
            low, high = methods.trim_positions([line.channel(channel, normalising) for line in counted], rules.trim)
            prefix = "" if channel == "total" else f"{channel}: "
            for positions, side in ((low, "lowest"), (high, "highest")):
                for i in positions:
                    counted[i].trimmed = (counted[i].trimmed or []) + [prefix + side]


def rank_category(stage: Stage, category: str) -> None:
    """A rank method: each judge's ranking of the category's contenders, combined."""
    rules = stage.rules
    contenders = [r for r in stage.results.values() if r.entry.category == category and r.reason is None]
    if not contenders:
        return
    ballots: dict[str, dict[str, float]] = defaultdict(dict)
    for result in contenders:
        for line in result.lines.values():
            if line.counted and line.total is not None:
                ballots[line.judge][result.entry.id] = line.total
    ids = [r.entry.id for r in contenders]
    counts = {r.entry.id: r.judges for r in contenders}
    for result in contenders:
        result.by_rank = True
    full = max(counts.values())
    if rules.aggregate in ("rank-sum", "borda"):
        sums = methods.rank_sum(ballots) if rules.aggregate == "rank-sum" else methods.borda(ballots)
        if len(set(counts.values())) > 1:
            stage.notes.setdefault(category, []).append(
                f"{rules.aggregate}: panels differ in size, so each entry's {'rank sum' if rules.aggregate == 'rank-sum' else 'points'} "
                f"is scaled to the full panel of {full} judges (mean × {full})")
        for result in contenders:
            total = sums.get(result.entry.id, 0.0)
            result.detail[rules.aggregate] = total
            result.score = result.raw_score = round(total / counts[result.entry.id] * full, SCORE_DECIMALS)
            result.higher_is_better = rules.aggregate == "borda"
        return
    d = methods.pairwise(ballots, ids)
    if rules.aggregate == "schulze":
        outcome: Any = methods.schulze(ids, d)
    else:
        try:
            outcome = methods.kemeny(ids, d)
        except methods.TooManyToRank:
            stage.limits[category] = f"kemeny ranks at most {methods.KEMENY_LIMIT} entries exactly; {len(ids)} are in contention"
            for result in contenders:
                result.reason, result.status = stage.limits[category], METHOD_LIMIT
            return
    stage.matrices[category] = (d, outcome)  # the pairwise counts, and what the method made of them
    for result in contenders:
        result.score = result.raw_score = float(outcome.wins[result.entry.id])
        result.detail["wins"] = outcome.wins[result.entry.id]
