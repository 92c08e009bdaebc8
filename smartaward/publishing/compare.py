"""Sensitivity: the same cycle ranked under several aggregation methods, side by side, and the
awards that would change hands. Screening rounds are unaffected; every scored round (and so every
shortlist) is ranked with the method under test."""

from __future__ import annotations

from typing import Any, get_args

from smartaward.awards.results import Results, compute
from smartaward.model.cyclefiles import Aggregate
from smartaward.reading.load import Cycle

DECLARED = "declared"
METHODS = get_args(Aggregate)


def method_problem(method: str) -> str | None:
    """Why a --compare method name is not one, or None. `trimmed-mean:2` sets the trim."""
    name, colon, trim = method.partition(":")
    if name not in METHODS:
        return f"unknown method {method!r}; choose from {', '.join(METHODS)} (trimmed ones as trimmed-mean:K)"
    if colon and (not name.startswith("trimmed") or not trim.isdigit()):
        return f"{method!r}: only trimmed-mean and trimmed-sum take :K (a whole number)"
    return None


def compare(cycle: Cycle, methods: list[str], declared: Results | None = None) -> dict[str, Any]:
    """Rankings and awards under each method, beside the declared rules ("declared")."""
    runs: dict[str, Results] = {DECLARED: declared or compute(cycle)}
    for method in methods:
        runs.setdefault(method, compute(cycle, method=method))
    base = runs[DECLARED]
    categories: list[dict[str, Any]] = []
    for position, ranking in enumerate(base.rankings):
        ranks: dict[str, dict[str, Any]] = {}
        for name, run in runs.items():
            for row in run.rankings[position].rows:
                entry = row.result.entry
                record = ranks.setdefault(entry.id, {"entry": entry.id, "title": entry.title, "ranks": {}, "scores": {}})
                record["ranks"][name] = row.rank
                record["scores"][name] = row.result.score if row.rank is not None else None
        order = [r.result.entry.id for r in ranking.rows]
        categories.append({"call": ranking.call, "category": ranking.category, "ranking": [ranks[e] for e in order],
                           # added (issue 15): the table shows them beside the ids
                           "call_title": base.titles.call(ranking.call),
                           "category_title": base.titles.category(ranking.call, ranking.category)})
        # added (issue 18), only where a method's ranking says what the declared one does not (a
        # threshold or measured parts a rank method cannot read): method → those notes
        notes = {name: [n for n in run.rankings[position].notes if n not in ranking.notes] for name, run in runs.items() if name != DECLARED}
        if any(notes.values()):
            categories[-1]["notes"] = {name: said for name, said in notes.items() if said}
    winners = {name: run.allocation.by_slot() for name, run in runs.items()}
    changes = []
    for name in runs:
        if name == DECLARED:
            continue
        for slot in sorted(set(winners[DECLARED]) | set(winners[name]), key=_slot_order(base)):
            before, after = winners[DECLARED].get(slot, []), winners[name].get(slot, [])
            if before != after:
                changes.append({"method": name, "call": slot[0], "category": slot[1], "award": slot[2],
                                "declared": before, "now": after, "call_title": base.titles.call(slot[0]),
                                "category_title": base.titles.category(slot[0], slot[1]),
                                "award_title": base.titles.award(*slot)})
    return {
        "cycle": base.cycle,
        "methods": list(runs),
        "categories": categories,
        "winners": {name: [{"call": c, "category": k, "award": a, "entries": e} for (c, k, a), e in w.items()]
                    for name, w in winners.items()},
        "changes": changes,
    }


def _slot_order(run: Results) -> Any:
    """Slots in the order the declared run awarded them (then any others by name)."""
    seen: dict[tuple[str, str, str], int] = {}
    for award in run.allocation.awards:
        seen.setdefault((award.call, award.category, award.award), len(seen))
    return lambda slot: (seen.get(slot, len(seen)), slot)
