"""The whole computation in one call: scores → rankings → awards."""

from __future__ import annotations

from dataclasses import dataclass

from .awards import Allocation, allocate
from .load import Cycle, Progress, gc_paused
from .ranking import CategoryRanking, rank_cycle
from .scoring import EntryScore, score_entries


@dataclass
class Results:
    cycle: str
    title: str
    scores: dict[str, EntryScore]
    rankings: list[CategoryRanking]
    allocation: Allocation


def compute(cycle: Cycle, progress: Progress | None = None) -> Results:
    """Rank every scored category and allocate every award. The cycle must have no errors."""
    spec = cycle.spec
    assert spec is not None, "compute needs a cycle that passed validation"
    report = progress or (lambda what, done, total: None)
    with gc_paused():
        scores = score_entries(cycle)
        report("ranking", 1, 3)
        rankings = rank_cycle(cycle, scores)
        report("ranking", 2, 3)
        entries = {entry_id: record.entry for entry_id, record in cycle.entry_index.items()}
        allocation = allocate(spec, rankings, entries)
        report("ranking", 3, 3)
    return Results(spec.cycle, spec.title, scores, rankings, allocation)
