"""Aggregation: the counted judges' values of an entry into its score — a score method (mean,
median, sum, trimmed) per entry, or a rank method per category (rank-sum, Borda, Schulze and Kemeny
here, the others in ranked.py). The formulas are in methods.py; docs/rules.md gives each with an example.

A score method, in order:

* each channel across the counted judges: the judge's total, or with `per: criterion` each
  criterion of the round over the judges who marked it (under `panel: criterion`, only those; a
  criterion with fewer than min_judges leaves the entry unscored);
* factors (`factors:` of the entry, stages.factors_of): a criterion's factor multiplies its
  aggregate, then the criteria combine into the score; a round's factor multiplies the score;
* decimals (`decimals:`): each criterion's aggregate, its product with the factor, and the score
  are rounded half-up to N decimals, as the sport publishes them; without it only the score is
  rounded, to SCORE_DECIMALS.

Approval is not a combination of marks: it counts the judges whose total reaches `approve:`
(ranked.approval), with no factors and no decimals (R211 where the rules ask for them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from math import fsum
from typing import Any

from smartaward.judging import methods, ranked
from smartaward.judging.panel import Rules
from smartaward.judging.stages import (
    METHOD_LIMIT,
    SCORE_DECIMALS,
    TOO_FEW,
    EntryScore,
    Line,
    Stage,
    Weights,
    factors_of,
    rounded_to,
    too_few_judges,
)
from smartaward.model.cyclefiles import Call

# What the columnar engine (judging/columnar.py) hands in for one entry: channel ("total", or each
# criterion) → (the method's value over the counted judges, the trimmed positions: lowest, highest).
Computed = Mapping[str, tuple[float, list[int], list[int]]]


def criterion_means(result: EntryScore, rules: Rules, call: Call, weights: Weights) -> None:
    """The plain mean of each criterion's raw marks (the round's criteria), over the judges who marked it."""
    counted = [line.marks for line in result.lines.values() if line.counted]
    if counted and call.criteria and rules.marking == "scores":
        means = {}
        for criterion in weights.in_round(result.round).criteria:
            column = [m[criterion] for m in counted if criterion in m]  # panel: criterion: only its judges
            if column:
                means[criterion] = round(fsum(column) / len(column), SCORE_DECIMALS)
        result.criterion_means = means


def aggregate(result: EntryScore, rules: Rules, weights: Weights, computed: Computed | None = None) -> None:
    """A score method: each channel across judges (trimmed where the rules trim), then one score;
    then the entry's factors (criterion, round) and the rules' `decimals`. `computed`: each channel's
    value and trimmed positions as the columnar engine found them (raw values only: no normalise)."""
    counted = [line for line in result.lines.values() if line.counted]
    if not counted:
        return
    if rules.aggregate == "approval":  # counts judges' totals: no channels, factors or decimals (ranked.py; R211)
        if result.reason is None:  # an unranked entry gets no count: 0 approvals would read as a result
            ranked.approval(result, rules)
        return
    weights = weights.in_round(result.round)
    round_factor, criterion_factors = factors_of(result.entry, result.round)
    if counted[0].per_criterion is not None:
        _per_criterion(result, rules, weights, counted, criterion_factors, computed)
    else:
        _per_judge(result, rules, counted, computed)
    if result.score is None or result.raw_score is None:
        return
    if round_factor is not None:  # the round's factor multiplies its score (after any rounding of it)
        result.detail["factor"] = round_factor
        result.score = _rounded(result.score * round_factor, rules)
        result.raw_score = _rounded(result.raw_score * round_factor, rules)


def _rounded(value: float, rules: Rules) -> float:
    """A score or a criterion's aggregate as published: to `decimals` half-up where the rules say, else to SCORE_DECIMALS."""
    return round(value, SCORE_DECIMALS) if rules.decimals is None else rounded_to(value, rules.decimals, rules.rounding)


def _published(value: float, rules: Rules) -> float:
    """A criterion's aggregate (and its product with the factor) as the sport publishes it: to
    `decimals` half-up; untouched without `decimals`, so that only the score is rounded, as before."""
    return value if rules.decimals is None else rounded_to(value, rules.decimals, rules.rounding)


def _too_few_to_trim(result: EntryScore, rules: Rules, count: int, criterion: str | None) -> bool:
    if not rules.aggregate.startswith("trimmed") or count >= 2 * rules.trim + 1:
        return False
    if result.reason is None:
        where = "" if criterion is None else f"{criterion}: "
        result.reason = f"{where}{count} valid scores, too few to drop the {rules.trim} highest and lowest"
        result.status = TOO_FEW
    return True


def _per_judge(result: EntryScore, rules: Rules, counted: list[Line], computed: Computed | None = None) -> None:
    """Each judge's total, aggregated across the judges."""
    if _too_few_to_trim(result, rules, len(counted), None):
        return
    if rules.correct is not None:  # (the columnar engine leaves such a round to the reference: scoring._read)
        corrected = _corrected(result, rules, counted)
        result.raw_score = result.score = _rounded(methods.aggregate(rules.aggregate, corrected, rules.trim), rules)
        _mark_trimmed(rules, {"total": counted}, False, None, corrected)
        return
    normalising = rules.normalise != "none"
    scores = {}
    for normalised in (True, False) if normalising else (False,):
        scores[normalised] = _rounded(computed["total"][0] if computed is not None else
                                      methods.aggregate(rules.aggregate, [line.channel("total", normalised) for line in counted], rules.trim), rules)
    result.raw_score = scores[False]
    result.score = scores[normalising]
    _mark_trimmed(rules, {"total": counted}, normalising, computed)


def _per_criterion(result: EntryScore, rules: Rules, weights: Weights, counted: list[Line], factors: dict[str, float],
                   computed: Computed | None = None) -> None:
    """Each criterion across the judges who marked it (all of them, unless panel: criterion), times its
    factor; then the weighted total of those."""
    partial = rules.panel == "criterion"
    columns = {c: [line for line in counted if c in line.channels] if partial else counted for c in weights.criteria}
    for criterion, lines in columns.items():
        if not lines:
            if result.reason is None:
                result.reason, result.status = f"no valid mark for {criterion}", TOO_FEW
            return
        if _too_few_to_trim(result, rules, len(lines), criterion if partial else None):
            return
        if partial and len(lines) < rules.min_judges:  # unranked: no score, as when too few to trim
            if result.reason is None:
                result.reason = too_few_judges(len(lines), rules.min_judges, criterion)
                result.status = TOO_FEW
            return
    normalising = rules.normalise != "none"
    scores = {}
    for normalised in (True, False) if normalising else (False,):
        parts: dict[str, dict[str, float]] = {}
        made = []  # each criterion's score, unrounded unless the rules round (a sum of rounded parts would drift)
        for criterion, lines in columns.items():
            value = _published(computed[criterion][0] if computed is not None else
                               methods.aggregate(rules.aggregate, [line.channel(criterion, normalised) for line in lines], rules.trim), rules)
            factor = factors.get(criterion, 1.0)
            made.append(_published(value * factor, rules))
            parts[criterion] = {"aggregate": round(value, SCORE_DECIMALS), "factor": factor, "score": round(made[-1], SCORE_DECIMALS)}
        scores[normalised] = _rounded(weights.combine(made, rules.total), rules)
        if normalised == normalising:  # what the score is made of, for explain
            result.detail["criterion_scores"] = parts
    result.raw_score = scores[False]
    result.score = scores[normalising]
    _mark_trimmed(rules, columns, normalising, computed)


def _corrected(result: EntryScore, rules: Rules, counted: list[Line]) -> list[float]:
    """The counted judges' totals corrected toward the panel (rules.correct): the centre is the mean
    or median of the totals, rounded half-up to `decimals` where the rules say (the printed average
    the rules compare with); a total further than `limit` from it is moved to centre ± limit. Both
    the distance and the moved total are taken to SCORE_DECIMALS, as scores are, so that a total
    exactly `limit` away in decimal (4.6 from 4.9 by 0.3) stays where it is, and a moved total is
    never rounded past the limit. Recorded for explain in result.detail["corrected"]: the centre,
    and each moved judge's total and corrected total."""
    correct = rules.correct
    assert correct is not None
    totals = [line.channel("total", False) for line in counted]
    centre = methods.aggregate(correct.around, totals)
    centre = rounded_to(centre, rules.decimals, rules.rounding) if rules.decimals is not None else round(centre, SCORE_DECIMALS)
    limit = round(correct.limit, SCORE_DECIMALS)
    corrected, moved = [], {}
    for line, total in zip(counted, totals, strict=True):
        distance = round(total - centre, SCORE_DECIMALS)
        if abs(distance) <= limit:
            corrected.append(total)
            continue
        value = round(centre + limit if distance > 0 else centre - limit, SCORE_DECIMALS)
        moved[line.judge] = [total, value]
        corrected.append(value)
    result.detail["corrected"] = {"around": correct.around, "limit": correct.limit, "centre": centre, "moved": moved}
    return corrected


def _mark_trimmed(rules: Rules, columns: dict[str, list[Line]], normalising: bool, computed: Computed | None = None,
                  values: list[float] | None = None) -> None:
    """Which marks were dropped, for explain: those of the values that counted (`values`: the
    corrected totals, where the rules correct them)."""
    if not rules.aggregate.startswith("trimmed"):
        return
    for channel, lines in columns.items():
        low, high = (computed[channel][1], computed[channel][2]) if computed is not None else \
            methods.trim_positions(values if values is not None else [line.channel(channel, normalising) for line in lines], rules.trim)
        prefix = "" if channel == "total" else f"{channel}: "
        for positions, side in ((low, "lowest"), (high, "highest")):
            for i in positions:
                lines[i].trimmed = (lines[i].trimmed or []) + [prefix + side]


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
    if rules.aggregate in ranked.METHODS:  # the rank methods ranked.py places, listed there
        ranked.rank(stage, category, contenders, ballots)
        return
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
    _condorcet(stage, category, contenders, ids, ballots)


def _condorcet(stage: Stage, category: str, contenders: list[EntryScore], ids: list[str],
               ballots: dict[str, dict[str, float]]) -> None:
    """schulze or kemeny: the pairwise contests of the ballots, and what the method makes of them."""
    rules = stage.rules
    too_many = ranked.pairwise_limit(rules.aggregate, ids, ballots)
    if too_many is not None:
        stage.limits[category] = too_many
        for result in contenders:
            result.reason, result.status = too_many, METHOD_LIMIT
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
