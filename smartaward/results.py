"""The whole computation in one call: scores → rankings → awards."""

from __future__ import annotations

from dataclasses import dataclass

from .awards import Allocation, allocate
from .load import Cycle
from .ranking import CategoryRanking, rank_cycle
from .scoring import EntryScore, score_entries


@dataclass
class Results:
    cycle: str
    title: str
    scores: dict[str, EntryScore]
    rankings: list[CategoryRanking]
    allocation: Allocation


def compute(cycle: Cycle) -> Results:
    """Rank every scored category and allocate every award. The cycle must have no errors."""
    spec = cycle.spec
    assert spec is not None, "compute needs a cycle that passed validation"
    scores = score_entries(cycle)
    rankings = rank_cycle(cycle, scores)
    entries = {entry_id: record.entry for entry_id, record in cycle.entry_index.items()}
    return Results(spec.cycle, spec.title, scores, rankings, allocate(spec, rankings, entries))
