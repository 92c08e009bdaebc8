"""The whole computation in one call: scores → rankings → awards."""

from __future__ import annotations

from dataclasses import dataclass, field

from smartaward.awards.allocation import Allocation, allocate
from smartaward.awards.pending import Pending, pending_results
from smartaward.awards.status import Status
from smartaward.awards.titles import Titles
from smartaward.diagnostics import working_on
from smartaward.judging.ranking import CategoryRanking, rank_cycle
from smartaward.judging.scoring import EntryScore, Scoring, score_cycle
from smartaward.reading.load import Cycle, Progress, gc_paused


@dataclass
class Results:
    cycle: str
    title: str
    scores: dict[str, EntryScore]
    rankings: list[CategoryRanking]
    allocation: Allocation
    scoring: Scoring
    method: str | None = None  # the aggregation that replaced the declared ones (rank --compare)
    pending: Pending = field(default_factory=Pending)  # what waits on a tie awaiting the chair (J412)
    # final or provisional, and what is open (status.py); None: not assessed, for results computed
    # without the cycle's diagnostics (rank --compare's other methods, a test's direct compute)
    status: Status | None = None
    titles: Titles = field(default_factory=Titles)  # the cycle's titles, shown beside ids in tables for people


def compute(cycle: Cycle, progress: Progress | None = None, method: str | None = None,
            scoring: Scoring | None = None) -> Results:
    """Rank every scored category and allocate every award. The cycle must have no errors.

    `method` ranks every scored round with that aggregation instead of the declared one.
    `scoring`: the cycle's scores under the declared rules, when the checks computed them already."""
    spec = cycle.spec
    assert spec is not None, "compute needs a cycle that passed validation"
    report = progress or (lambda what, done, total: None)
    working_on.set(f"ranking the cycle {cycle.display_root or '.'}")
    with gc_paused():
        if scoring is None or method is not None:
            scoring = score_cycle(cycle, method)
        report("ranking", 1, 3)
        rankings = rank_cycle(cycle, scoring)
        report("ranking", 2, 3)
        entries = {entry_id: record.entry for entry_id, record in cycle.entry_index.items()}
        allocation = allocate(spec, rankings, entries)
        pending = pending_results(spec, rankings, scoring.stages, allocation, entries)
        report("ranking", 3, 3)
    return Results(spec.cycle, spec.title, scoring.finals, rankings, allocation, scoring, method, pending,
                   titles=Titles.of(spec))
