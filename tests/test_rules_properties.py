"""Judging rules: properties (order independence, invariances).

Through the whole engine: small cycle folders on disk (rulecycles.py), every expectation worked out
by hand in the comments (formula, then the numbers).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from cyclefiles import write_cycle
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rulecycles import J3, Run, by_judge, cycle_doc, entry, panel, run, sheets

from smartaward.awards.results import compute
from smartaward.reading.load import load_cycle

# ------------------------------------------------------------------------------------------------
# 9. Properties (each example writes small cycles to a temporary folder)

PROPERTY_ENTRIES = ["seoul-air", "oslo-bikes", "baguio-health", "lyon-tram", "porto-river"]
FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


def outcome(result: Run) -> list[tuple[Any, ...]]:
    return [(r.rank, r.result.entry.id, r.result.score, r.tie, r.reason) for r in result.rows()] + result.awarded()


@st.composite
def mark_grids(draw, values=(4, 5, 6, 6.5, 7, 8, 9), judges=(3, 5), entries=(3, 5)):
    n_judges = draw(st.integers(*judges))
    n_entries = draw(st.integers(*entries))
    return [[draw(st.sampled_from(values)) for _ in range(n_judges)] for _ in range(n_entries)]


@FAST
@given(mark_grids(), st.sampled_from(["mean", "median", "trimmed-mean", "rank-sum", "borda", "schulze", "kemeny"]),
       st.sampled_from(["none", "z-score", "percentile"]), st.randoms(use_true_random=False))
def test_input_order_and_judge_ids_never_matter(grid, aggregate, normalise, rnd):
    n_judges = len(grid[0])
    ids = PROPERTY_ENTRIES[:len(grid)]
    rules = {"aggregate": aggregate, "min_judges": 3, "trim": 1, "normalise": normalise, "min_scores": 2}
    cycle = cycle_doc(rules=rules, awards={"gold": 1, "silver": 1})
    judges = [f"j{k}" for k in range(1, n_judges + 1)]
    renamed = judges[:]
    rnd.shuffle(renamed)  # judge k's marks are filed under another judge's id
    entries = [entry(e) for e in ids]
    with tempfile.TemporaryDirectory() as folder:
        first = run(Path(folder, "a"), cycle, panel(*judges), entries,
                    sheets(by_judge(dict(zip(ids, grid, strict=True)), judges)))
        shuffled_entries = entries[:]
        rnd.shuffle(shuffled_entries)
        second_root = Path(folder, "b")
        write_cycle(second_root, cycle=cycle, judges=dict(reversed(list(panel(*renamed).items()))),
                    entry_files={f"{k:02d}.yaml": [e] for k, e in enumerate(shuffled_entries)},
                    sheets={f"{rnd.randrange(10 ** 6):06d}-{j}.yaml": {"judge": j, "scores": dict(reversed(list(m.items())))}
                            for j, m in by_judge(dict(zip(ids, grid, strict=True)), renamed).items()})
        second = Run(load_cycle(second_root), [], compute(load_cycle(second_root)))
        assert outcome(first) == outcome(second)


@FAST
@given(mark_grids(values=(0, 1, 2, 2.5, 3, 4, 5), judges=(3, 3), entries=(4, 5)),
       st.integers(0, 2), st.sampled_from([0.5, 1, 2.5, 5]))
def test_adding_a_constant_to_one_judges_marks_never_changes_a_zscore_ranking(grid, judge, constant):
    for k in range(3):
        assume(len({row[k] for row in grid}) > 1)  # every judge's marks vary (else they count raw)
    ids = PROPERTY_ENTRIES[:len(grid)]
    judges = J3
    cycle = cycle_doc(rules={"normalise": "z-score", "min_scores": 2})
    shifted = [[m + constant if k == judge else m for k, m in enumerate(row)] for row in grid]
    with tempfile.TemporaryDirectory() as folder:
        ranks = []
        for name, marks in (("a", grid), ("b", shifted)):
            result = run(Path(folder, name), cycle, panel(*judges), [entry(e) for e in ids],
                         sheets(by_judge(dict(zip(ids, marks, strict=True)), judges)))
            assert result.codes() == []
            ranks.append([(r.rank, r.result.entry.id) for r in result.rows()])
        assert ranks[0] == ranks[1]


@FAST
@given(mark_grids(values=(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), judges=(3, 5), entries=(3, 5)),
       st.sampled_from(["rank-sum", "borda", "schulze", "kemeny"]), st.integers(0, 2),
       st.sampled_from([lambda x: x * x / 10, lambda x: (x + 10) / 2, lambda x: 10 - 9 / x]))
def test_a_rank_method_ignores_a_monotone_rescaling_of_one_judges_marks(grid, method, judge, rescale):
    ids = PROPERTY_ENTRIES[:len(grid)]
    judges = [f"j{k}" for k in range(1, len(grid[0]) + 1)]
    cycle = cycle_doc(rules={"aggregate": method})
    rescaled = [[rescale(m) if k == judge else m for k, m in enumerate(row)] for row in grid]
    with tempfile.TemporaryDirectory() as folder:
        outcomes = [outcome(run(Path(folder, name), cycle, panel(*judges), [entry(e) for e in ids],
                                sheets(by_judge(dict(zip(ids, marks, strict=True)), judges))))
                    for name, marks in (("a", grid), ("b", rescaled))]
        assert outcomes[0] == outcomes[1]
