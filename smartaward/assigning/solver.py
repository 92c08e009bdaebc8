"""The assignment as a minimum-cost flow (OR-Tools' SimpleMinCostFlow, imported here only).

    source → entry (capacity K, less the judges it keeps) → judge (capacity 1) → sink

and, where `rules.assignment.different` names a fact, entry → (entry, value) → judge with
capacity 1 on the middle arc, so that no two judges of one entry share the value. A judge's arc to
the sink is split into one arc per unit of load, with costs that rise with the load (M·u for the
u-th entry; below `min_entries` far lower): the cheapest flow gives the loads of least sum of
squares, which is the most even spread that caps and availability allow (at most one apart where
they allow that). The pair arcs cost E when the judge knows neither the entry's category nor any
of its tags, plus a pseudo-random tie-break below E drawn from the ids and the seed. M is larger
than the whole of those costs, so evenness always comes first, then expertise, then the seed.

The flow is the maximum flow of minimum cost; when it falls short of every entry's K, the judges
of each entry whose candidates were only a sample (candidates.py) are widened to all of them where
the minimum cut says the shortfall lies, until the flow is whole or the cut holds for the full
problem: only then is the problem said to be infeasible, with that cut as the proof.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from typing import TYPE_CHECKING

from smartaward.assigning.candidates import Candidates, id_hash, overlap, splitmix, unique_sorted

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

WIDEN_LIMIT = 4_000_000  # pairs: an uneven spread from sampled candidates is retried on all of them below this
COST_LIMIT = 1 << 62


@dataclass
class Solution:
    """The pairs assigned (new ones, not the kept), or the cut that proves there are none."""

    pairs_e: NDArray[np.int64]
    pairs_j: NDArray[np.int64]
    matched: NDArray[np.bool_]
    arcs: int
    sampled: bool  # some entries had only a sample of their candidates
    short: int = 0  # how many of the needed places could not be filled (0: a whole assignment)
    cut_entries: tuple[int, ...] = ()  # infeasible: the entries on the source side of the minimum cut
    cut_judges: tuple[int, ...] = ()  # and the judges


@dataclass
class Demand:
    need: NDArray[np.int64]  # per entry: judges still to find
    fixed: NDArray[np.int64]  # per judge: pairs kept
    cap: NDArray[np.int64]  # per judge: max_entries (−1: none)
    minimum: NDArray[np.int64]  # per judge: min_entries (0: none)
    value: NDArray[np.int64]  # per judge: their value of the diversity fact (−1: none, or no rule)
    used: dict[int, set[int]]  # per entry: the values its kept judges hold
    kept: dict[int, set[int]]  # per entry: its kept judges
    # For the report, not the flow: the kept pairs (entry, judge) that are marked; the marked pairs
    # not kept (judge id, entry id, why their marks never count); the entries of each judge replaced
    # (--replace) that go to others.
    marked: set[tuple[int, int]] = field(default_factory=set)
    unkept_marks: list[tuple[str, str, str]] = field(default_factory=list)
    moved: dict[str, list[str]] = field(default_factory=dict)


def solve(cands: Candidates, demand: Demand, seed: int) -> Solution:
    import numpy as np

    pairs_e, pairs_j = _usable(cands, demand, cands.pairs_e, cands.pairs_j)
    complete = cands.complete.copy()
    while True:
        solution = _flow(cands, demand, seed, pairs_e, pairs_j, sampled=not complete.all())
        if solution.short:
            widen = [e for e in solution.cut_entries if not complete[e]]
        elif solution.sampled and _spread(cands, demand, solution) > 1 and len(pairs_e) <= WIDEN_LIMIT:
            widen = [int(e) for e in np.flatnonzero(~complete)]
        else:
            return solution
        if not widen:
            return solution
        pairs_e, pairs_j = _widen(cands, demand, pairs_e, pairs_j, widen)
        complete[widen] = True


def _spread(cands: Candidates, demand: Demand, solution: Solution) -> int:
    import numpy as np

    load = np.bincount(solution.pairs_j, minlength=len(cands.judges)) + demand.fixed
    return int(load.max() - load.min()) if len(load) else 0


def _usable(cands: Candidates, demand: Demand, pairs_e: NDArray[np.int64], pairs_j: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Pairs less those of an entry's kept judges and of values its kept judges already hold."""
    import numpy as np

    if not demand.kept:
        return pairs_e, pairs_j
    keep = np.ones(len(pairs_e), dtype=bool)
    width = max(len(cands.judges), 1)
    codes = pairs_e * width + pairs_j
    kept = [e * width + j for e, js in demand.kept.items() for j in js]
    if kept:
        keep &= ~np.isin(codes, np.array(kept, dtype=np.int64))
    if demand.used:
        values = demand.value[pairs_j]
        spread = int(demand.value.max()) + 2
        used = [e * spread + v for e, vs in demand.used.items() for v in vs]
        keep &= ~((values >= 0) & np.isin(pairs_e * spread + values, np.array(used, dtype=np.int64)))
    return pairs_e[keep], pairs_j[keep]


def _widen(cands: Candidates, demand: Demand, pairs_e: NDArray[np.int64], pairs_j: NDArray[np.int64],
           entries: list[int]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The pairs with each of `entries` given all its candidates, sorted by (entry, judge) again."""
    import numpy as np

    chosen = np.array(sorted(entries), dtype=np.int64)
    stay = ~np.isin(pairs_e, chosen)
    full = [cands.full(e) for e in chosen.tolist()]
    add_e = np.concatenate([np.full(len(f), e, dtype=np.int64) for e, f in zip(chosen.tolist(), full, strict=True)])
    add_j = np.concatenate(full).astype(np.int64)
    add_e, add_j = _usable(cands, demand, add_e, add_j)
    width = max(len(cands.judges), 1)
    codes = unique_sorted(np.concatenate([pairs_e[stay] * width + pairs_j[stay], add_e * width + add_j]))
    return codes // width, codes % width


def _flow(cands: Candidates, demand: Demand, seed: int, pairs_e: NDArray[np.int64], pairs_j: NDArray[np.int64],
          sampled: bool) -> Solution:
    import numpy as np
    from ortools.graph.python import min_cost_flow

    n_entries, n_judges = len(cands.entries), len(cands.judges)
    need = demand.need
    total = int(need.sum())
    matched = overlap(cands.emask[pairs_e], cands.jmask[pairs_j]) if len(pairs_e) else np.zeros(0, dtype=bool)

    # Diversity: pairs whose judge holds a value that another candidate of the entry holds go
    # through a node of (entry, value), which passes one judge.
    value = demand.value[pairs_j] if len(pairs_j) else np.zeros(0, dtype=np.int64)
    grouped = np.zeros(len(pairs_e), dtype=bool)
    group_of = np.zeros(len(pairs_e), dtype=np.int64)
    n_groups = 0
    if (value >= 0).any():
        spread = int(demand.value.max()) + 2
        keys = np.where(value >= 0, pairs_e * spread + value, -1 - np.arange(len(pairs_e)))
        unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = (unique >= 0) & (counts >= 2)
        numbering = np.cumsum(shared) - 1
        grouped = shared[inverse]
        group_of = numbering[inverse]
        n_groups = int(shared.sum())
        group_entry = (unique[shared] // spread).astype(np.int64)
    source, sink = 0, 1
    entry_node = 2 + np.arange(n_entries, dtype=np.int64)
    judge_node = 2 + n_entries + np.arange(n_judges, dtype=np.int64)
    group_node = 2 + n_entries + n_judges + np.arange(n_groups, dtype=np.int64)
    n_nodes = 2 + n_entries + n_judges + n_groups

    # Loads: one arc per unit up to a window around the mean, then one arc for the rest.
    degree = np.bincount(pairs_j, minlength=n_judges)
    room = np.where(demand.cap >= 0, np.maximum(demand.cap - demand.fixed, 0), degree)
    room = np.minimum(room, degree)
    active = max(int((room > 0).sum()), 1)
    window = max(2 * ceil((total + int(demand.fixed.sum())) / active) + 16, int(demand.minimum.max(initial=0)) + 1)
    start = demand.fixed  # the load a judge starts with
    units = np.clip(np.minimum(start + room, window) - start, 0, None)
    unit_judge = np.repeat(np.arange(n_judges, dtype=np.int64), units)
    offsets = np.cumsum(units) - units
    level = np.arange(int(units.sum()), dtype=np.int64) - np.repeat(offsets, units) + np.repeat(start, units) + 1
    tail = np.clip(start + room - np.maximum(start, window), 0, None)
    tail_judge = np.flatnonzero(tail > 0)
    tail_level = np.maximum(start[tail_judge], window) + 1

    # Costs: E for a pair without matching expertise, a tie-break below E, M per unit of load.
    bits = 16
    while True:
        e_cost = 1 << bits
        m_cost = 2 * e_cost * max(total, 1) + 1
        highest = m_cost * (window + 3)
        if highest * (n_nodes + 1) < COST_LIMIT or bits == 1:
            break
        bits -= 1
    seed_mix = np.uint64(id_hash(f"seed:{seed}"))
    with np.errstate(over="ignore"):
        mixed = splitmix(splitmix(cands.ehash[pairs_e] ^ seed_mix) ^ cands.jhash[pairs_j])
    tie = (mixed >> np.uint64(64 - bits)).astype(np.int64)
    pair_cost = np.where(matched, 0, e_cost) + tie
    below = demand.minimum[unit_judge] >= level
    unit_cost = np.where(below, m_cost * (level - window - 2), m_cost * level)

    direct = ~grouped
    pair_from = np.where(direct, entry_node[pairs_e], group_node[group_of] if n_groups else 0)
    tails = [np.full(n_entries, source, dtype=np.int64)]
    heads = [entry_node]
    caps = [need]
    costs = [np.zeros(n_entries, dtype=np.int64)]
    if n_groups:
        tails.append(entry_node[group_entry])
        heads.append(group_node)
        caps.append(np.ones(n_groups, dtype=np.int64))
        costs.append(np.zeros(n_groups, dtype=np.int64))
    first_pair = sum(len(t) for t in tails)
    tails += [pair_from, judge_node[unit_judge], judge_node[tail_judge]]
    heads += [judge_node[pairs_j], np.full(len(unit_judge), sink, dtype=np.int64), np.full(len(tail_judge), sink, dtype=np.int64)]
    caps += [np.ones(len(pairs_e), dtype=np.int64), np.ones(len(unit_judge), dtype=np.int64), tail[tail_judge]]
    costs += [pair_cost, unit_cost, m_cost * tail_level]
    all_tails = np.concatenate(tails).astype(np.int32)
    all_heads = np.concatenate(heads).astype(np.int32)
    all_caps = np.concatenate(caps).astype(np.int64)
    all_costs = np.concatenate(costs).astype(np.int64)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(all_tails, all_heads, all_caps, all_costs)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"the min-cost flow solver failed (status {status})")
    pair_arcs = np.arange(first_pair, first_pair + len(pairs_e), dtype=np.int32)
    used = flow.flows(pair_arcs) > 0 if len(pairs_e) else np.zeros(0, dtype=bool)
    got = int(flow.maximum_flow())
    solution = Solution(pairs_e[used], pairs_j[used], matched[used], len(all_tails), sampled, total - got)
    if solution.short:
        side = _source_side(all_tails, all_heads, all_caps)
        solution.cut_entries = tuple(int(e) for e in np.flatnonzero(np.isin(entry_node, side)))
        solution.cut_judges = tuple(int(j) for j in np.flatnonzero(np.isin(judge_node, side)))
    return solution


def _source_side(tails: NDArray[np.int32], heads: NDArray[np.int32], caps: NDArray[np.int64]) -> NDArray[np.int64]:
    """The nodes on the source side of a minimum cut: those the source still reaches."""
    import numpy as np
    from ortools.graph.python import max_flow

    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(tails, heads, caps)
    if flow.solve(0, 1) != flow.OPTIMAL:
        raise RuntimeError("the max-flow solver failed")
    return np.asarray(flow.get_source_side_min_cut(), dtype=np.int64)
