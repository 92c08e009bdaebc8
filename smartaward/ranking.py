"""Rankings per call and category: ranks by score, ties broken only by the declared chain.

Competition ranking: tied entries share a rank and the next rank skips (1-2-2-4). A tie-break rule
splits a group of equal scores into sub-groups; `criterion:ID` puts higher means on that criterion
first; `shared` (and the end of the chain) stops, leaving the rest tied. Entries still tied are
listed by id, which is display order only: they share their rank.
"""

from __future__ import annotations

from dataclasses import dataclass

from .load import Cycle
from .panel import rules_for
from .scoring import EntryScore


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


def _key(result: EntryScore, rule: str) -> float:
    """The value a tie-break rule compares, higher first."""
    criterion = rule.removeprefix("criterion:")
    return result.criterion_means.get(criterion, float("-inf"))


def _split(group: list[EntryScore], chain: tuple[str, ...]) -> list[tuple[list[EntryScore], str | None]]:
    """Order a group of equal scores by the chain: a list of (still-tied sub-group, deciding rule)."""
    if len(group) == 1:
        return [(group, None)]
    for position, rule in enumerate(chain):
        if rule == "shared":
            break
        values = sorted({_key(r, rule) for r in group}, reverse=True)
        if len(values) == 1:
            continue  # this rule does not separate them; try the next
        out: list[tuple[list[EntryScore], str | None]] = []
        for value in values:
            sub = [r for r in group if _key(r, rule) == value]
            for part, decided in _split(sub, chain[position + 1:]):
                out.append((part, decided or rule))
        return out
    return [(sorted(group, key=lambda r: r.entry.id), "shared")]


def rank_results(results: list[EntryScore], chain: tuple[str, ...]) -> list[Ranked]:
    ranked = sorted((r for r in results if r.reason is None and r.score is not None), key=lambda r: (-r.score, r.entry.id))
    rows: list[Ranked] = []
    start = 0
    while start < len(ranked):
        end = start
        while end < len(ranked) and ranked[end].score == ranked[start].score:
            end += 1
        for part, rule in _split(ranked[start:end], chain):
            rank = len(rows) + 1
            tie = rule if end - start > 1 else None
            rows.extend(Ranked(rank, r, tie) for r in part)
        start = end
    unranked = sorted((r for r in results if r.reason is not None or r.score is None), key=lambda r: r.entry.id)
    rows.extend(Ranked(None, r, reason=r.reason) for r in unranked)
    return rows


def rank_cycle(cycle: Cycle, scores: dict[str, EntryScore]) -> list[CategoryRanking]:
    """A ranking for every category of every scored call, in cycle.yaml order."""
    spec = cycle.spec
    assert spec is not None
    rankings = []
    for call_id, call in spec.calls.items():
        if call.judging != "scored":
            continue
        chain = rules_for(spec, call).tie_break
        for category_id in call.categories:
            members = [s for s in scores.values() if s.entry.call == call_id and s.entry.category == category_id]
            rankings.append(CategoryRanking(call_id, category_id, rank_results(members, chain)))
    return rankings
