"""Between rounds: screening verdicts, shortlists, how rounds combine, and criterion thresholds
(docs/rules.md, Rounds)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from math import fsum
from operator import mul

from smartaward.judging.ranking import rank_results
from smartaward.judging.stages import (
    DID_NOT_START,
    NO_MARKS_YET,  # lives in stages.py, next to DID_NOT_START; awards/status.py imports it from here
    NOT_SCREENED,
    NOT_SHORTLISTED,
    SCORE_DECIMALS,
    SCREENED_OUT,
    TOO_FEW,
    VERDICTS,
    EntryScore,
    Stage,
    is_verdict,
    rounded_to,
)
from smartaward.model.cyclefiles import Call, CombineRounds, CycleFile, Shortlist

# Under best-of, the statuses of a round that does not count but does not stop the entry either:
# no marks at all (did not start), marks from too few judges (J404), or a round not held yet.
GOES_ON_UNDER_BEST = frozenset({DID_NOT_START, TOO_FEW, NO_MARKS_YET})


def is_screening(call: Call, round_id: str | None) -> bool:
    return round_id is not None and call.rounds[round_id].screening


def combining(call: Call) -> tuple[str, frozenset[str] | None]:
    """How the call's rounds combine (final-only, sum, best, weighted), and over which rounds:
    the named ones (`combine: {sum: [semi, final]}`), or None for every scored round."""
    how = call.combine
    if isinstance(how, CombineRounds):
        return how.how, frozenset(how.rounds)
    return how, None


def best_of(call: Call) -> bool:
    """combine: best over rounds: a round without marks is one the entry did not start, not a stop."""
    return bool(call.rounds) and combining(call)[0] == "best"


def did_not_start(result: EntryScore) -> None:
    """No marks at all in the round (under best-of): the round does not count. Not a zero."""
    result.reason, result.status = f"did not start the {result.round!r} round", DID_NOT_START


def no_marks_yet(result: EntryScore) -> None:
    """Under best-of, no entry of the category has marks in the round: it has not been held yet."""
    result.reason, result.status = f"the {result.round!r} round has no marks yet", NO_MARKS_YET


def unheld(stage: Stage) -> frozenset[str]:
    """The categories of which no entry in the round has a single line of marks (counted or not)."""
    categories = {r.entry.category for r in stage.results.values()}
    return frozenset(categories - {r.entry.category for r in stage.results.values() if r.lines})


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


def shortlist(stage: Stage, call: Call, spec: CycleFile, history: dict[str, list[EntryScore]] | None = None) -> set[str]:
    """Who goes on to the next round: those who passed screening, or made the shortlist.

    A round is ranked like the final (its tie-break chain, its recorded decisions): the top K
    are the entries ranked K or better, so entries still sharing a rank at the cut all go on.
    With `on: [prelim, semi]` the cut ranks on the sum of those rounds' scores (`history`: each
    entry's results so far, this round's included). Under best-of, a round without a cut lets on
    the entries that did not start it or had too few judges in it too, unless it is `required`.
    """
    if stage.screening:
        return {i for i, r in stage.results.items() if r.reason is None}
    cut = call.rounds[stage.round].shortlist  # type: ignore[index]
    ranked = [r for r in stage.results.values() if r.reason is None and r.score is not None]
    if cut is None:
        going = {r.entry.id for r in ranked}
        if best_of(call) and not call.rounds[stage.round].required:  # type: ignore[index]
            going |= {i for i, r in stage.results.items() if r.status in GOES_ON_UNDER_BEST}
        return going
    if cut.on is not None or cut.decimals is not None:
        ranked = _on_cut_scores(ranked, cut, stage.round, history or {}, stage.rules.rounding)
    through: set[str] = set()
    for category in call.categories:
        through |= _cut(stage, cut, category, [r for r in ranked if r.entry.category == category], spec)
    return through


def _cut(stage: Stage, cut: Shortlist, category: str, members: list[EntryScore], spec: CycleFile) -> set[str]:
    """The shortlist of one category: who of its ranked entries goes on."""
    through: set[str] = set()
    awaiting: list[list[str]] = []
    rows = rank_results(members, stage.rules.tie_break, spec.decisions, stage.round, awaiting)
    for row in rows:
        # the round's own result (with on:, the row holds a copy whose score is the cut score)
        result, rank = stage.results[row.result.entry.id], row.rank
        assert rank is not None
        if cut.top is not None:
            ok = rank <= cut.top
            rule = f"rank {rank}{_on(cut)}; the top {cut.top} go through"
        elif result.by_rank:  # only under rank --compare: a declared one is refused (R211)
            ok, rule = True, "a threshold is a mark, and a rank method gives none"
        else:
            score = row.result.score  # the cut score, with on:
            assert cut.threshold is not None and score is not None
            ok = score >= cut.threshold
            rule = f"score {score:g}{_on(cut)}; {cut.threshold:g} needed"
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


def _on(cut: Shortlist) -> str:
    """How a cut on several rounds is named in a reason: " on prelim + semi", or with weights
    " on the weighted mean of stage1 (30), stage2 (70)"."""
    if isinstance(cut.on, dict):
        return " on " + _weighted_mean_of(cut.on)
    return "" if cut.on is None else " on " + " + ".join(cut.on)


def _weighted_mean_of(on: dict[str, float]) -> str:
    """A weighted cut's rounds in words: "the weighted mean of stage1 (30), stage2 (70)"."""
    return "the weighted mean of " + ", ".join(f"{r} ({w:g})" for r, w in on.items())


def cut_value(scores: dict[str, float], cut: Shortlist, rounding: str = "half-up") -> float:
    """The value a cut ranks an entry on, from its scores in the rounds `on:` names: their sum (a
    list), or their weighted mean (a mapping round → weight); rounded to the cut's `decimals` (by
    its `rounding`, else the rules' `rounding`) where it declares them, else to SCORE_DECIMALS."""
    if isinstance(cut.on, dict):
        value = fsum(weight * scores[r] for r, weight in cut.on.items()) / fsum(cut.on.values())
    else:
        value = fsum(scores[r] for r in cut.on or scores)
    return round(value, SCORE_DECIMALS) if cut.decimals is None else rounded_to(value, cut.decimals, cut.rounding or rounding)


def _cut_rule(cut: Shortlist, on: Sequence[str | None], rounding: str) -> str:
    """What the cut value is, in words, for explain: "the weighted mean of stage1 (30), stage2 (70),
    to 2 decimals (half-up)"."""
    if isinstance(cut.on, dict):
        words = _weighted_mean_of(cut.on)
    elif len(on) > 1:
        words = "the sum of " + " + ".join(str(r) for r in on)
    else:
        words = "the round's score"
    return words + ("" if cut.decimals is None else f", to {cut.decimals} decimals ({cut.rounding or rounding})")


def _on_cut_scores(ranked: list[EntryScore], cut: Shortlist, round_id: str | None,
                   history: dict[str, list[EntryScore]], rounding: str) -> list[EntryScore]:
    """The round's ranked results as they stand at a cut on several rounds (or at a declared
    precision): copies whose score is the cut's value (cut_value; recorded as `cut_score` on the
    round's own result).

    An entry without a score in a named round (it did not start it, or had too few judges there,
    and went on under best-of) is not ranked at the cut, and stops."""
    on = list(cut.on) if cut.on is not None else [round_id]
    at_cut = []
    for result in ranked:
        by_round = {s.round: s for s in history.get(result.entry.id, [])}
        by_round[round_id] = result
        gap = next((r for r in on if not _counts(by_round.get(r))), None)
        if gap is not None:
            missed = by_round.get(gap)
            if missed is not None and missed.status in (DID_NOT_START, NO_MARKS_YET):
                result.reason, result.status = missed.reason, missed.status
            else:
                result.reason = f"not shortlisted in the {round_id!r} round (no score in the {gap!r} round, which the cut adds up)"
                result.status = NOT_SHORTLISTED
            continue
        cut_score = cut_value({r: by_round[r].score for r in on}, cut, rounding)  # type: ignore[misc]
        result.detail["cut_score"] = cut_score
        if isinstance(cut.on, dict) or cut.decimals is not None:  # (a plain sum is said as before)
            result.detail["cut_rule"] = _cut_rule(cut, on, rounding)
        at_cut.append(replace(result, score=cut_score))
    return at_cut


def _counts(result: EntryScore | None) -> bool:
    """A round's result that counts towards a combined score or a cut: scored, and not stopped."""
    return result is not None and result.score is not None and result.reason is None


def combine(history: list[EntryScore], call: Call, rounding: str = "half-up") -> EntryScore:
    """An entry that reached the last round: that round's result, combined with earlier ones.

    Only the named rounds combine where `combine` names them. Under best-of the rounds the entry
    did not start (or where it had too few judges, or that have no marks yet) are left out, so the
    last round may have no score of its own; with no round left to count, the entry is unranked.
    A `required` last round stops the entry there as an earlier one does (shortlist)."""
    final = history[-1]
    how, named = combining(call)
    if how == "final-only":
        return final
    considered = [s for s in history if not is_screening(call, s.round) and (named is None or s.round in named)]
    scored = [s for s in considered if _counts(s)]
    if how != "best" or not call.rounds:
        if final.reason is not None or not scored:
            return final
        return _combined(final, scored, how, call, rounding)
    dns = [s.round for s in history if s.status == DID_NOT_START]
    not_held = [s.round for s in history if s.status == NO_MARKS_YET]
    extra: dict[str, object] = {"did_not_start": dns} if dns else {}
    if not_held:
        extra["no_marks_yet"] = not_held
    if final.status in GOES_ON_UNDER_BEST and call.rounds[final.round].required:  # type: ignore[index]
        return replace(final, detail={**final.detail, **extra})  # stopped by the required last round
    if not scored:
        started = [s for s in considered if s.status not in (DID_NOT_START, NO_MARKS_YET)]
        if not started:
            reason, status = _nothing_started(considered)
            return replace(final, detail={**final.detail, **extra}, reason=reason, status=status)
        # It had marks somewhere, from too few judges: that round's reason (J404 is reported for it).
        return replace(started[-1], detail={**started[-1].detail, **extra})
    # The last round that counts stands for the result (its judges' totals are what tie-breaks read).
    base = replace(scored[-1], detail={**scored[-1].detail, **extra})
    return _combined(base, scored, how, call, rounding)


def _nothing_started(considered: list[EntryScore]) -> tuple[str, str]:
    """The reason and status of an entry that started no round under best-of: did-not-start only
    where every round it could start has been held (has marks for its category)."""
    waiting = [s.round for s in considered if s.status == NO_MARKS_YET]
    if not waiting:
        return "did not start any round", DID_NOT_START
    if len(waiting) == len(considered):
        return "no round has marks yet", NO_MARKS_YET
    rounds = ", ".join(repr(r) for r in waiting)
    return f"did not start any round with marks ({rounds} {'has' if len(waiting) == 1 else 'have'} none yet)", NO_MARKS_YET


def _combined(final: EntryScore, scored: list[EntryScore], how: str, call: Call, rounding: str) -> EntryScore:
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
        setattr(final, attr, _combined_value(combined, call, rounding))
    return final


def _combined_value(value: float, call: Call, rounding: str) -> float:
    """A combined score as published: to the combine's `decimals` (by its `rounding`, else the
    call's rules' `rounding`) where it declares them, else to SCORE_DECIMALS."""
    how = call.combine
    if isinstance(how, CombineRounds) and how.decimals is not None:
        return rounded_to(value, how.decimals, how.rounding or rounding)
    return round(value, SCORE_DECIMALS)


def apply_thresholds(result: EntryScore, call: Call) -> None:
    """A ranked entry below a criterion's threshold stays ranked but cannot take an award.

    Each criterion's mean is the one of the last round that judged it: a round's `criteria:` may
    leave a criterion out (dive 1 in the prelim only), and its threshold still holds."""
    means: dict[str, tuple[float, str | None]] = {}
    for stage in result.stages:  # in order: a later round's mean replaces an earlier one's
        means.update((criterion_id, (mean, stage.round)) for criterion_id, mean in stage.criterion_means.items())
    # The round named only where it is not the last with means (as before, where every round judges every criterion).
    last = next((s.round for s in reversed(result.stages) if s.criterion_means), result.round)
    for criterion_id, criterion in call.criteria.items():
        if criterion.threshold is None or criterion_id not in means:
            continue
        mean, round_id = means[criterion_id]
        if mean < criterion.threshold:
            where = "" if round_id == last else f" in the {round_id!r} round"
            result.ineligible = f"mean mark on {criterion_id}{where} is {mean:g}, below its threshold of {criterion.threshold:g}"
            return
