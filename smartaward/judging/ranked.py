"""The rank methods of issue 16 over one category's ballots: Copeland, positional points,
Bradley–Terry, Crowd-BT, majority judgment, instant-runoff places and the skating system; and
approval counting, a score method.  The formulas are in methods.py; docs/rules.md (§4, §6) gives
each with a worked example.

`rank` is called by aggregate.rank_category with the category's contenders and their ballots
(judge → entry → the judge's raw total, −rank under `marking: ranks`), and sets each contender's
score, whether higher is better, and the facts explain shows (`detail`); what the report should
say about the whole category goes to the stage's notes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from smartaward.judging import methods, pairs
from smartaward.judging.panel import Rules
from smartaward.judging.stages import METHOD_LIMIT, SCORE_DECIMALS, EntryScore, Stage

EUROVISION = (12.0, 10.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0)  # points: without a declared table (rank --compare)

Ballots = Mapping[str, Mapping[str, float]]


def rank(stage: Stage, category: str, contenders: list[EntryScore], ballots: Ballots) -> None:
    """Score the category's contenders by the stage's rank method (one of METHODS)."""
    _BY_METHOD[stage.rules.aggregate].rank(stage, category, contenders, ballots)


def approval(result: EntryScore, rules: Rules) -> None:
    """aggregate: approval — the number of counted judges whose total reaches `approve`."""
    counted = [line for line in result.lines.values() if line.counted and line.total is not None]
    if not counted:
        return
    if rules.approve is None:  # rules_for gives the scale's maximum; never silently unscored
        if result.reason is None:
            result.reason, result.status = "approval: no approve: threshold", METHOD_LIMIT
        return
    normalising = rules.normalise != "none"
    given = {line.judge: line.channel("total", normalising) for line in counted}
    result.detail["approvals"] = sorted(j for j, v in given.items() if methods.approvals([v], rules.approve))  # the one rule
    result.score = float(len(result.detail["approvals"]))
    result.raw_score = float(methods.approvals([line.channel("total", False) for line in counted], rules.approve))


def pairwise_limit(method: str, ids: list[str], ballots: Ballots) -> str | None:
    """Why a pairwise method cannot rank this category in bounded time (None: it can)."""
    if method == "schulze" and len(ids) > methods.SCHULZE_LIMIT:
        return f"schulze ranks at most {methods.SCHULZE_LIMIT} entries; {len(ids)} are in contention"
    if methods.pairwise_cost(ballots) > methods.PAIRWISE_BUDGET:
        return (f"{method}: {len(ballots):,} ballots of up to {len(ids):,} entries are more pairwise contests than "
                f"{methods.PAIRWISE_BUDGET:,} comparisons allow")
    return None


def _note(stage: Stage, category: str, text: str) -> None:
    where = f"{stage.round}: " if stage.round is not None else ""
    stage.notes.setdefault(category, []).append(where + text)


def _limit(stage: Stage, category: str, contenders: list[EntryScore], why: str) -> None:
    """The method cannot rank the category (too many contenders, a fit that did not settle): every
    contender is left unranked with status method-limit, and J413 names the category."""
    stage.limits[category] = why
    for result in contenders:
        result.reason, result.status = why, METHOD_LIMIT


def _set(result: EntryScore, score: float, higher_is_better: bool = True) -> None:
    result.score = result.raw_score = round(score, SCORE_DECIMALS) + 0.0  # + 0.0: never a -0.0
    result.higher_is_better = higher_is_better


def _panels_differ(contenders: list[EntryScore]) -> tuple[int, int] | None:
    sizes = sorted({r.judges for r in contenders})
    return (sizes[0], sizes[-1]) if len(sizes) > 1 else None


def _outcomes(stage: Stage, category: str, ids: list[str], ballots: Ballots) -> list[methods.Outcome]:
    """The pairwise outcomes: a pairs round's comparisons (a judge's judgments of one pair are one
    comparison, shared each way: pairs.outcomes), else every pair on each judge's ranking."""
    if not pairs.is_pairs(stage):
        return methods.ballot_outcomes(ballots)
    among = set(ids)
    return [outcome for outcome in pairs.outcomes(stage, category) if outcome[1] in among and outcome[2] in among]


def _copeland(stage: Stage, category: str, contenders: list[EntryScore], ballots: Ballots) -> None:
    ids = [r.entry.id for r in contenders]
    if pairs.is_pairs(stage):  # d[a][b]: the judges whose comparison of a and b a won (share > 1/2; an even split: neither)
        d = {a: dict.fromkeys(sorted(ids), 0) for a in sorted(ids)}
        for _, winner, loser, share in _outcomes(stage, category, ids, ballots):
            d[winner][loser] += share > 0.5
    else:
        if (too_many := pairwise_limit("copeland", ids, ballots)) is not None:
            _limit(stage, category, contenders, too_many)
            return
        d = methods.pairwise(ballots, ids)
    outcome = methods.copeland(ids, d)
    stage.matrices[category] = (d, outcome)  # explain shows the contests
    for result in contenders:
        me = result.entry.id
        result.detail.update(copeland=outcome.score[me], wins=outcome.wins[me], ties=outcome.ties[me])
        _set(result, outcome.score[me])


def _points(stage: Stage, category: str, contenders: list[EntryScore], ballots: Ballots) -> None:
    table = stage.rules.points
    if table is None:  # only under rank --compare: a declared `aggregate: points` needs its table (R211)
        table = EUROVISION
        _note(stage, category, "points: no points table is declared, so the Eurovision table 12, 10, 8, 7, 6, 5, 4, 3, 2, 1 is used")
    sums = methods.positional_points(ballots, table)
    if (sizes := _panels_differ(contenders)) is not None:
        _note(stage, category, f"points: panels differ in size ({sizes[0]} to {sizes[1]} judges) and points are not scaled, "
                               "so a larger panel gives more")
    by_judge = _points_by_judge(ballots, table)
    for result in contenders:
        total = sums.get(result.entry.id, 0.0)
        result.detail["points"] = total
        result.detail["points_by_judge"] = by_judge.get(result.entry.id, {})
        _set(result, total)


def _points_by_judge(ballots: Ballots, table: Sequence[float]) -> dict[str, dict[str, dict[str, Any]]]:
    """Entry -> judge -> what the judge's ballot gave it, for explain: {"rank": the first of the
    places it shares, "tied": how many share them (itself included), "points": their mean points}.
    The points are methods.positional_points of that one ballot, so they are the ones summed."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for judge in sorted(ballots):
        ballot = ballots[judge]
        points = methods.positional_points({judge: ballot}, table)
        for entry, (first, tied) in methods._shared_places(ballot).items():  # the places positional_points counts
            out.setdefault(entry, {})[judge] = {"rank": first, "tied": tied, "points": round(points[entry], SCORE_DECIMALS) + 0.0}
    return out


def _strengths(stage: Stage, category: str, contenders: list[EntryScore], ballots: Ballots) -> None:
    method = stage.rules.aggregate
    ids = [r.entry.id for r in contenders]
    outcomes = _outcomes(stage, category, ids, ballots)
    fit = methods.crowd_bt(ids, outcomes) if method == "crowd-bt" else methods.bradley_terry(ids, outcomes)
    if not fit.converged:  # never a silently unconverged score
        bound = (f"{methods.CROWD_ITERATIONS:,} EM rounds, each fitting the strengths in at most {methods.BT_ITERATIONS} Newton steps"
                 if method == "crowd-bt" else f"{methods.BT_ITERATIONS} Newton steps")
        _limit(stage, category, contenders, f"{method}: the fit did not settle within {bound}")
        return
    if fit.reliability:
        shown = ", ".join(f"{judge} {eta:.3f}" for judge, eta in fit.reliability.items())
        _note(stage, category, f"crowd-bt: judge reliability (η, from 0.5 = no better than a coin to 0.99): {shown}")
    judges_of = _judges_of(outcomes)
    for result in contenders:
        me = result.entry.id
        result.detail["strength"] = round(fit.strength[me], SCORE_DECIMALS)
        if fit.reliability:
            result.detail["reliability"] = {j: round(fit.reliability[j], SCORE_DECIMALS) for j in judges_of.get(me, []) if j in fit.reliability}
        _set(result, math.log(fit.strength[me]))


def _judges_of(outcomes: list[methods.Outcome]) -> dict[str, list[str]]:
    """Entry -> the judges who compared it, in id order."""
    out: dict[str, set[str]] = {}
    for judge, a, b, _ in outcomes:
        out.setdefault(a, set()).add(judge)
        out.setdefault(b, set()).add(judge)
    return {entry: sorted(judges) for entry, judges in out.items()}


def _majority_judgment(stage: Stage, category: str, contenders: list[EntryScore], ballots: Ballots) -> None:
    values = methods.majority_judgment(ballots)
    ids = [r.entry.id for r in contenders]
    if _panels_differ(contenders) is not None:
        _note(stage, category, "majority-judgment: panels differ in size, so entries are compared over the grades both have "
                               "(the shorter majority value)")
    for result in contenders:
        me = result.entry.id
        mine = values.get(me, [])
        beaten = sum(1 for other in ids if other != me and methods.mj_beats(mine, values.get(other, [])))
        result.detail.update(majority_grade=mine[0] if mine else None, majority_values=mine)
        _set(result, float(beaten))


def _irv(stage: Stage, category: str, contenders: list[EntryScore], ballots: Ballots) -> None:
    ids = [r.entry.id for r in contenders]
    try:
        outcome = methods.sequential_irv(ballots, ids)
    except methods.TooManyToRank:
        _limit(stage, category, contenders, f"irv places at most {methods.IRV_LIMIT} entries; {len(ids)} are in contention")
        return
    places, first = outcome.places, outcome.first
    for count_number, together in enumerate(outcome.together, start=1):
        for group in together:
            _note(stage, category, f"irv: in the count for place {count_number}, {', '.join(group)} were tied in every round "
                                   "and eliminated together")
    for result in contenders:
        me = result.entry.id
        votes = [r[me] for r in first.rounds if me in r]
        result.detail.update(irv_votes=votes, irv_round=len(votes), irv_exhausted=first.exhausted[len(votes) - 1])
        _set(result, places[me], higher_is_better=False)


def _skating(stage: Stage, category: str, contenders: list[EntryScore], ballots: Ballots) -> None:
    ids = [r.entry.id for r in contenders]
    incomplete = sorted(j for j, ballot in ballots.items() if any(e not in ballot for e in ids))
    if incomplete:
        _note(stage, category, f"skating: {', '.join(incomplete)} did not place every entry; an entry missing from a judge's "
                               "placings is placed after the others, sharing the places left")
    try:
        outcome = methods.skating(ballots, ids)
    except methods.TooManyToRank:
        _limit(stage, category, contenders, f"skating places at most {methods.SKATING_LIMIT:,} entries; {len(ids)} are in contention")
        return
    marks = methods.placings(ballots, ids)
    for result in contenders:
        me = result.entry.id
        result.detail.update(placings=marks[me], skating_column=outcome.columns[me], majority=outcome.majority)
        _set(result, outcome.places[me], higher_is_better=False)


class Method(NamedTuple):
    """A rank method of this module: the function that ranks a category by it, and the detail keys
    it records on each contender (what explain shows of it; each method's row is both, so a method
    cannot be added without saying what it records)."""

    rank: Callable[[Stage, str, list[EntryScore], Ballots], None]
    detail: tuple[str, ...]


_BY_METHOD: dict[str, Method] = {
    "copeland": Method(_copeland, ("copeland", "wins", "ties")),
    "points": Method(_points, ("points",)),  # and points_by_judge, which explain shows on the judges' lines
    "bradley-terry": Method(_strengths, ("strength",)),
    "crowd-bt": Method(_strengths, ("strength", "reliability")),
    "majority-judgment": Method(_majority_judgment, ("majority_grade", "majority_values")),
    "irv": Method(_irv, ("irv_votes", "irv_round", "irv_exhausted")),
    "skating": Method(_skating, ("placings", "skating_column", "majority")),
}
METHODS = tuple(_BY_METHOD)


def detail_keys(method: str) -> tuple[str, ...]:
    """The detail keys a rank method of this module records on each contender (one of METHODS)."""
    return _BY_METHOD[method].detail
