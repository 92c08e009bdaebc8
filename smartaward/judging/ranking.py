"""Rankings per call and category: ranks by score, ties broken only by the declared chain.

Competition ranking: tied entries share a rank and the next rank skips (1-2-2-4). Each rule of the
`tie_break` chain splits a group of equal scores into sub-groups, best first, and the rule that
decided is reported on the row:

    criterion:ID   higher mean mark on that criterion
    median         higher median of the counted judges' totals
    count-back     more high totals: the judges' totals compared from the highest down
    first-places   more judges whose best total (in the category) went to the entry
    spread         smaller spread (standard deviation) of the counted judges' totals
    submitted      earlier submission date
    chair          the order recorded in a decision of cycle.yaml (`decisions:`); with none, the
                   group is left to the next rule and reported as awaiting the chair (J412)
    shared         stop: the rest stay tied and share their rank (also the end of every chain)

Entries still tied are listed by id, which is display order only: they share their rank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from smartaward.judging import methods
from smartaward.judging.stages import SCORE_DECIMALS, EntryScore, Scoring
from smartaward.model.cyclefiles import Decision
from smartaward.reading.load import Cycle


@dataclass
class Ranked:
    rank: int | None  # None: not ranked (see `reason`)
    result: EntryScore
    tie: str | None = None  # "shared", or the rule that broke this entry's tie
    reason: str | None = None


@dataclass
class CategoryRanking:
    call: str
    category: str
    rows: list[Ranked]
    notes: list[str] = field(default_factory=list)  # what the report should say (cut ties, scaling)
    awaiting_chair: list[list[str]] = field(default_factory=list)  # tied groups no decision covers


@dataclass
class _Context:
    """What some tie-break rules look at beyond the tied entries themselves."""

    decisions: Sequence[Decision]
    round: str | None
    first_places: dict[str, int]
    awaiting_chair: list[list[str]]


def _counted(result: EntryScore) -> list[float]:
    """The counted totals at the precision scores are compared at, so that binary noise (16.2/3
    computed two ways) never decides a tie."""
    return sorted(round(v, SCORE_DECIMALS) for v in result.totals.values())


def _key(result: EntryScore, rule: str, context: _Context) -> Any:
    """The value a tie-break rule compares: higher is better."""
    if rule.startswith("criterion:"):
        return result.criterion_means.get(rule.removeprefix("criterion:"), float("-inf"))
    values = _counted(result)
    if rule == "median":
        return round(methods.median(values), SCORE_DECIMALS) if values else float("-inf")
    if rule == "count-back":
        return tuple(reversed(values))
    if rule == "first-places":
        return context.first_places.get(result.entry.id, 0)
    if rule == "spread":
        return -round(methods.spread(values), SCORE_DECIMALS) if values else float("-inf")
    if rule == "submitted":
        # an entry without a date (S101 where a tie-break reads it) comes after every dated one
        submitted = result.entry.submitted
        return float("-inf") if submitted is None else -submitted.toordinal()
    raise ValueError(f"no tie-break rule {rule!r}")


def _decision(group: list[EntryScore], context: _Context) -> Decision | None:
    """The recorded decision that orders every entry of this group, if any (the first one wins)."""
    ids = {r.entry.id for r in group}
    for decision in context.decisions:
        if ids <= set(decision.tie) and (decision.round is None or decision.round == context.round):
            return decision
    return None


def _split(group: list[EntryScore], chain: tuple[str, ...], context: _Context) -> list[tuple[list[EntryScore], str | None]]:
    """Order a group of equal scores by the chain: a list of (still-tied sub-group, deciding rule)."""
    if len(group) == 1:
        return [(group, None)]
    for position, rule in enumerate(chain):
        if rule == "shared":
            break
        if rule == "chair":
            decision = _decision(group, context)
            if decision is None:
                context.awaiting_chair.append(sorted(r.entry.id for r in group))
                continue
            order = {entry_id: i for i, entry_id in enumerate(decision.tie)}
            return [([r], "chair") for r in sorted(group, key=lambda r: order[r.entry.id])]
        by_value: dict[Any, list[EntryScore]] = {}  # the group by the rule's value, in the group's order
        for r in group:
            by_value.setdefault(_key(r, rule, context), []).append(r)
        if len(by_value) == 1:
            continue  # this rule does not separate them; try the next
        out: list[tuple[list[EntryScore], str | None]] = []
        for value in sorted(by_value, reverse=True):
            for part, decided in _split(by_value[value], chain[position + 1:], context):
                out.append((part, decided or rule))
        return out
    return [(sorted(group, key=lambda r: r.entry.id), "shared")]


def _first_places(ranked: list[EntryScore]) -> dict[str, int]:
    """For each entry, how many judges gave it their highest total among these entries."""
    best: dict[str, float] = {}
    totals = {r.entry.id: {j: round(v, SCORE_DECIMALS) for j, v in r.totals.items()} for r in ranked}
    for values in totals.values():
        for judge, value in values.items():
            best[judge] = max(best.get(judge, value), value)
    counts: dict[str, int] = {}
    for entry_id, values in totals.items():
        counts[entry_id] = sum(1 for judge, value in values.items() if value == best[judge])
    return counts


def rank_results(results: list[EntryScore], chain: tuple[str, ...], decisions: Sequence[Decision] = (),
                 round: str | None = None, awaiting_chair: list[list[str]] | None = None) -> list[Ranked]:
    """Rank one category's results; unranked ones follow, by id, with their reason."""
    ranked = [r for r in results if r.reason is None and r.score is not None]

    def order(r: EntryScore) -> tuple[float, str]:
        assert r.score is not None
        return (-r.score if r.higher_is_better else r.score, r.entry.id)

    ranked.sort(key=order)
    context = _Context(decisions, round, _first_places(ranked) if "first-places" in chain else {},
                       awaiting_chair if awaiting_chair is not None else [])
    rows: list[Ranked] = []
    start = 0
    while start < len(ranked):
        end = start
        while end < len(ranked) and ranked[end].score == ranked[start].score:
            end += 1
        for part, rule in _split(ranked[start:end], chain, context):
            rank = len(rows) + 1
            tie = rule if end - start > 1 else None
            rows.extend(Ranked(rank, r, tie) for r in part)
        start = end
    unranked = sorted((r for r in results if r.reason is not None or r.score is None), key=lambda r: r.entry.id)
    rows.extend(Ranked(None, r, reason=r.reason) for r in unranked)
    return rows


def rank_cycle(cycle: Cycle, scoring: Scoring) -> list[CategoryRanking]:
    """A ranking for every category of every scored call, in cycle.yaml order, under the rules of
    the call's last round."""
    spec = cycle.spec
    assert spec is not None
    last = {stage.call: stage for stage in scoring.stages}  # stages are in order: the last one wins
    rankings = []
    for call_id, call in spec.calls.items():
        if call.judging != "scored" or call_id not in last:
            continue
        stage = last[call_id]
        by_category: dict[str, list[EntryScore]] = {c: [] for c in call.categories}
        for result in scoring.finals.values():
            if result.entry.call == call_id:
                by_category[result.entry.category].append(result)
        for category_id in call.categories:
            notes = [note for s in scoring.stages if s.call == call_id for note in s.notes.get(category_id, [])]
            ranking = CategoryRanking(call_id, category_id, [], notes)
            ranking.rows = rank_results(by_category[category_id], stage.rules.tie_break, spec.decisions,
                                        stage.round, ranking.awaiting_chair)
            rankings.append(ranking)
    return rankings
