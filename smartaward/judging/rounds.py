"""Between rounds: screening verdicts, shortlists, how rounds combine, and criterion thresholds
(docs/rules.md, Rounds)."""

from __future__ import annotations

from dataclasses import replace
from math import fsum
from operator import mul

from smartaward.judging.ranking import rank_results
from smartaward.judging.stages import (
    NOT_SCREENED,
    NOT_SHORTLISTED,
    SCORE_DECIMALS,
    SCREENED_OUT,
    VERDICTS,
    EntryScore,
    Stage,
    is_verdict,
)
from smartaward.model.cyclefiles import Call, CycleFile


def is_screening(call: Call, round_id: str | None) -> bool:
    return round_id is not None and call.rounds[round_id].screening


def screen(result: EntryScore, call: Call) -> None:
    verdicts = [VERDICTS[line.marks] for line in result.lines.values() if line.counted and is_verdict(line.marks)]
    passes, fails = verdicts.count(True), verdicts.count(False)
    result.verdicts = (passes, fails)
    if not verdicts:
        result.reason, result.status = f"no screening verdict in the {result.round!r} round", NOT_SCREENED
        return
    rule = call.rounds[result.round].passes  # type: ignore[index]
    passed = {"all": fails == 0, "any": passes > 0, "majority": passes >= fails}[rule]
    if not passed:
        result.reason = f"did not pass the {result.round!r} screening ({passes} pass, {fails} fail; {rule} must pass)"
        result.status = SCREENED_OUT


def shortlist(stage: Stage, call: Call, spec: CycleFile) -> set[str]:
    """Who goes on to the next round: those who passed screening, or made the shortlist.

    A round is ranked like the final (its tie-break chain, its recorded decisions): the top K
    are the entries ranked K or better, so entries still sharing a rank at the cut all go on.
    """
    if stage.screening:
        return {i for i, r in stage.results.items() if r.reason is None}
    cut = call.rounds[stage.round].shortlist  # type: ignore[index]
    ranked = [r for r in stage.results.values() if r.reason is None and r.score is not None]
    if cut is None:
        return {r.entry.id for r in ranked}
    through: set[str] = set()
    for category in call.categories:
        members = [r for r in ranked if r.entry.category == category]
        awaiting: list[list[str]] = []
        rows = rank_results(members, stage.rules.tie_break, spec.decisions, stage.round, awaiting)
        for row in rows:
            result, rank = row.result, row.rank
            assert rank is not None
            if cut.top is not None:
                ok = rank <= cut.top
                rule = f"rank {rank}; the top {cut.top} go through"
            elif result.by_rank:  # only under rank --compare: a declared one is refused (R211)
                ok, rule = True, "a threshold is a mark, and a rank method gives none"
            else:
                assert cut.threshold is not None and result.score is not None
                ok = result.score >= cut.threshold
                rule = f"score {result.score:g}; {cut.threshold:g} needed"
            result.detail["round_rank"] = rank
            if row.tie is not None:
                result.detail["round_tie"] = row.tie
            if ok:
                through.add(result.entry.id)
            else:
                result.reason, result.status = f"not shortlisted in the {stage.round!r} round ({rule})", NOT_SHORTLISTED
        if cut.threshold is not None and any(r.by_rank for r in members):
            stage.notes.setdefault(category, []).append(
                f"{stage.round}: the shortlist's threshold is a mark, and {stage.rules.aggregate} gives none: every ranked entry goes through")
        if cut.top is not None:
            made = sum(1 for r in members if r.entry.id in through)
            if made > cut.top:
                stage.notes.setdefault(category, []).append(
                    f"{stage.round}: {made} entries go through to the next round, not {cut.top}: entries still tied at the cut all go through")
            # Only a tie across the cut changes who goes on: that one awaits the chair (J412).
            rank_of = {row.result.entry.id: row.rank for row in rows if row.rank is not None}  # every row has one (asserted above)
            for group in awaiting:
                # the group's best place: a later rule of the chain may have split it, and the
                # group is listed by id, not by rank
                first = min(rank_of[entry_id] for entry_id in group)
                if first <= cut.top < first + len(group) - 1:
                    stage.awaiting_chair.append(group)
    return through


def combine(history: list[EntryScore], call: Call) -> EntryScore:
    """An entry that reached the last round: that round's result, combined with earlier ones."""
    final = history[-1]
    how = call.combine
    scored = [s for s in history if s.score is not None and not is_screening(call, s.round)]
    if how == "final-only" or final.reason is not None or not scored:
        return final
    weights = [call.rounds[s.round].weight if s.round is not None else 1.0 for s in scored]
    # A new result: the last round's own score stays in its stage, for explain and auditors.
    final = replace(final, detail={**final.detail, "combined": {s.round: s.score for s in scored}})
    for attr in ("score", "raw_score"):
        values = [getattr(s, attr) for s in scored]
        if how == "sum":
            combined = fsum(values)
        elif how == "best":
            combined = max(values) if final.higher_is_better else min(values)
        else:  # weighted: the weighted mean of the rounds' scores
            combined = fsum(map(mul, weights, values)) / fsum(weights)
        setattr(final, attr, round(combined, SCORE_DECIMALS))
    return final


def apply_thresholds(result: EntryScore, call: Call) -> None:
    """A ranked entry below a criterion's threshold stays ranked but cannot take an award."""
    means = next((s.criterion_means for s in reversed(result.stages) if s.criterion_means), {})
    for criterion_id, criterion in call.criteria.items():
        if criterion.threshold is not None and criterion_id in means and means[criterion_id] < criterion.threshold:
            result.ineligible = (f"mean mark on {criterion_id} is {means[criterion_id]:g}, "
                                 f"below its threshold of {criterion.threshold:g}")
            return
