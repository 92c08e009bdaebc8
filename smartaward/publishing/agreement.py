"""How far a panel of judges agrees: Krippendorff's alpha and Kendall's W (with tie correction).

A judge who did not mark an entry (a conflict, a partial panel) is a missing value, not a zero.
Nominal and ordinal alpha come from the `krippendorff` package (numpy), imported inside the
function so that importing this module costs nothing. Interval alpha — the one every marked round
uses — is computed here in closed form: the package builds a value-by-value coincidence matrix, and
the totals of a big panel take thousands of distinct values (200 judges × 10,000 entries needed
2.6 GB and 4.5 s; 100,000 entries would not fit in memory). The closed form sums squared
differences unit by unit in O(marks); tests check it against the package and the published example.

Kendall's W is written here: no well-kept library computes it with the tie correction for a block
of judges × entries. It needs every judge to have marked every entry, so `complete_block` picks the
largest such block from an incomplete panel. The formulas are in docs/judges.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from math import fsum, isnan
from typing import Literal, TypeGuard

from smartaward.judging.methods import average_ranks as average_ranks_by_key

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")


def _is_level(level: str) -> TypeGuard[Level]:
    return level in LEVELS


@dataclass(frozen=True)
class Outcome:
    """A statistic, or None with the reason it could not be computed."""

    value: float | None
    reason: str | None = None


def krippendorff_alpha(data: Sequence[Sequence[float | None]], level: str = "interval") -> Outcome:
    """Alpha of reliability data: one row per judge (coder), one column per entry (unit); None or
    nan for a missing mark. Undefined (None, with the reason) when no entry has two marks, or when
    every mark is the same value (no disagreement is even possible: expected disagreement is 0)."""
    columns = zip(*data, strict=False) if data else iter(())
    return alpha_of_units([[float(v) for v in unit if v is not None and not isnan(v)] for unit in columns], level)


def alpha_of_units(units: Sequence[Sequence[float]], level: str = "interval") -> Outcome:
    """Krippendorff's alpha from each entry's marks alone (a unit: the values it was given, none
    missing). Alpha depends only on the values of each unit, never on which judge gave which (its
    coincidence matrix counts pairs of values within a unit), so a panel of 2,000 judges × 100,000
    entries is read as 100,000 short lists, not as a judge-by-entry table of 200 million cells (which
    took 10 GB and 200 s: issue 17)."""
    if not _is_level(level):
        raise ValueError(f"unknown level of measurement {level!r}")
    pairable = [unit for unit in units if len(unit) >= 2]
    if not pairable:
        return Outcome(None, "no entry has marks from two judges")
    if len({v for unit in units for v in unit}) < 2:
        return Outcome(None, "every mark is the same value: alpha is undefined")
    if len({v for unit in pairable for v in unit}) < 2:  # only the entries with two marks or more count
        return Outcome(None, "every pairable mark is the same value: alpha is undefined")
    if level == "interval":
        return Outcome(_interval_alpha(pairable))
    import krippendorff
    import numpy as np

    # Only the pairable units carry information; the package's result does not depend on the
    # others, but dropping them keeps the value domain (for ordinal) to the values that count. Each
    # unit's values fill a column from the top: the rows are no judge's, and need not be.
    matrix = np.full((max(map(len, pairable)), len(pairable)), np.nan)
    for column, unit in enumerate(pairable):
        matrix[:len(unit), column] = unit
    return Outcome(float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)))


def interval_alpha(data: Sequence[Sequence[float | None]]) -> float:
    """Interval alpha of reliability data (rows: judges, columns: entries), in closed form (_interval_alpha)."""
    units = [[float(v) for v in unit if v is not None and not isnan(v)] for unit in zip(*data, strict=False)]
    return _interval_alpha([unit for unit in units if len(unit) >= 2])


def _interval_alpha(units: Sequence[Sequence[float]]) -> float:
    """Interval alpha, 1 − (n − 1)·A / B, straight from the coincidences' definition:

      A = Σ_u Σ_{i≠j in u} (v_i − v_j)² / (m_u − 1) = Σ_u 2·m_u·Σ_{i in u} (v_i − v̄_u)² / (m_u − 1)
      B = Σ_{i≠j} (v_i − v_j)² over all n pairable values = 2·n·Σ_i (v_i − v̄)²

    over the units (entries) u with m_u ≥ 2 values. Deviations from the means keep the sums
    accurate. The caller has made sure some unit is pairable and the values vary (B > 0)."""
    pooled = [v for unit in units for v in unit]
    n = len(pooled)
    grand = fsum(pooled) / n
    expected = 2 * n * fsum((v - grand) ** 2 for v in pooled)
    observed = fsum(2 * len(unit) * fsum((v - centre) ** 2 for v in unit) / (len(unit) - 1)
                    for unit in units for centre in [fsum(unit) / len(unit)])
    return 1 - (n - 1) * observed / expected


def average_ranks(values: Sequence[float]) -> tuple[list[float], float]:
    """Ranks 1..n (1 = the lowest value), ties given the mean of the ranks they span; and the tie
    term T = Σ (t³ − t) over the groups of t tied values. (methods.average_ranks ranks the other
    way round, 1 = highest, as rank methods need; W is the same either way.)"""
    highest_first = average_ranks_by_key({str(i): v for i, v in enumerate(values)})
    ranks = [len(values) + 1 - highest_first[str(i)] for i in range(len(values))]
    ties = float(sum(t ** 3 - t for t in Counter(values).values()))
    return ranks, ties


def kendall_w(block: Sequence[Sequence[float]]) -> Outcome:
    """Kendall's coefficient of concordance W of a complete block: one row per judge (m), one
    column per entry (n), every cell a mark. Each judge's marks are ranked (ties averaged) and

        W = 12·S / (m²(n³ − n) − m·ΣT),  S = Σ_i (R_i − m(n+1)/2)²,  T_j = Σ (t³ − t)

    where R_i is entry i's rank sum and T_j judge j's tie term. The direction of the ranking does
    not matter (W is the same whether 1 is the best or the worst), as long as it is the same for all."""
    m = len(block)
    n = len(block[0]) if m else 0
    if m < 2:
        return Outcome(None, f"{m} judge{'s' if m != 1 else ''} in the complete block; W needs 2")
    if n < 2:
        return Outcome(None, f"{n} entr{'ies' if n != 1 else 'y'} in the complete block; W needs 2")
    if any(len(row) != n for row in block):
        raise ValueError("kendall_w needs a complete block: every judge marks every entry")
    sums = [0.0] * n
    tie_terms = 0.0
    for row in block:
        ranks, ties = average_ranks(row)
        tie_terms += ties
        for i, rank in enumerate(ranks):
            sums[i] += rank
    mean = m * (n + 1) / 2
    s = fsum((r - mean) ** 2 for r in sums)
    denominator = m * m * (n ** 3 - n) - m * tie_terms
    if denominator <= 0:
        return Outcome(None, "every judge tied every entry: W is undefined")
    return Outcome(12 * s / denominator)


@dataclass
class Block:
    """A complete judges × entries block: every judge listed marked every entry listed."""

    judges: list[str] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)


def _pair_sharing_most(judges: list[str], marks: Mapping[str, Mapping[str, float]]) -> tuple[str, str]:
    """The two judges (in id order) who marked the most entries in common; of equals, the pair first in
    id order (as a scan of every pair would find it). Counted entry by entry — the pairs of each
    entry's judges — so 2,000 judges cost the pairs that share an entry, not 2 million intersections."""
    judges_of: dict[str, list[str]] = {}
    for judge in judges:  # in id order, so each entry's judges are too
        for entry in marks[judge]:
            judges_of.setdefault(entry, []).append(judge)
    shared: Counter[tuple[str, str]] = Counter()
    for together in judges_of.values():
        for i, a in enumerate(together):
            for b in together[i + 1:]:
                shared[(a, b)] += 1
    if not shared:
        return judges[0], judges[1]
    most = max(shared.values())
    return min(pair for pair, count in shared.items() if count == most)


def complete_block(marks: Mapping[str, Mapping[str, float]]) -> Block:
    """The largest complete block (judges × entries) that a greedy search finds in a panel.

    `marks` is judge → entry → mark. Where every judge marked every entry this is the whole panel.
    Otherwise: start from the pair of judges sharing the most entries, then add, one at a time, the
    judge that makes the block (judges × shared entries) largest, while it grows. Ties go to the
    judge first in id order, so the block never depends on the order the marks came in. Greedy is
    not always optimal, but it is deterministic, fast and reported (which judges and entries)."""
    judges = sorted(j for j, row in marks.items() if row)
    entries_of = {j: frozenset(marks[j]) for j in judges}
    if len(judges) < 2:
        return Block(judges, sorted(entries_of[judges[0]]) if judges else [])
    everyone = frozenset.intersection(*entries_of.values())
    if len(everyone) >= 2:
        return Block(judges, sorted(everyone))
    a, b = _pair_sharing_most(judges, marks)
    chosen, shared = [a, b], entries_of[a] & entries_of[b]
    size = len(chosen) * len(shared)
    while True:
        step: tuple[int, str | None, frozenset[str]] = (size, None, shared)
        for j in judges:
            if j in chosen:
                continue
            grown = shared & entries_of[j]
            if (len(chosen) + 1) * len(grown) > step[0]:
                step = ((len(chosen) + 1) * len(grown), j, grown)
        if step[1] is None:
            break
        size, shared = step[0], step[2]
        chosen = sorted([*chosen, step[1]])
    return Block(chosen, sorted(shared))
