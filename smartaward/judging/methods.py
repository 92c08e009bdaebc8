"""Judging mathematics on plain Python data: score aggregation, rank methods, normalisation.

Conventions, shared by every function here:

* Marks and ballot values: higher is better.  A ballot is ``{entry: value}``; ``ballots`` maps a
  judge to their ballot.  A judge need not rate every entry.
* Ranks: 1 is best (the highest value).  Tied values share the average of the ranks they span,
  so there is never an arbitrary order between equals (1, 2.5, 2.5, 4).
* Determinism: nothing depends on the order of the input mappings or sequences.  Sums go through
  ``math.fsum`` (correctly rounded, hence order independent), iteration that matters is over sorted
  keys, and every returned dict is ordered by key.
* Empty or too-small inputs raise ``ValueError`` rather than returning a made-up number.

This module imports nothing from smartaward, so it can be tested and reasoned about on its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

Ballots = Mapping[str, Mapping[str, float]]
Matrix = Mapping[str, Mapping[str, int]]

SCORE_METHODS = ("mean", "median", "sum", "trimmed-mean", "trimmed-sum")
KEMENY_LIMIT = 10


# ---------------------------------------------------------------------------------------------
# Aggregating one entry's marks


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean; ValueError on no values."""
    if not values:
        raise ValueError("mean of no values")
    return math.fsum(values) / len(values)


def median(values: Sequence[float]) -> float:
    """Middle value; for an even count, the average of the two middle values."""
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    half = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[half])
    return (ordered[half - 1] + ordered[half]) / 2


def spread(values: Sequence[float]) -> float:
    """Population standard deviation; 0.0 for fewer than two values or identical values."""
    # Identical values are caught explicitly: fsum(values)/n need not reproduce x exactly, and a
    # rounding-sized spread would turn z-scores into noise instead of signalling "no spread".
    if len(values) <= 1 or min(values) == max(values):
        return 0.0
    centre = mean(values)
    return math.sqrt(math.fsum((x - centre) ** 2 for x in values) / len(values))


def trim_positions(values: Sequence[float], k: int) -> tuple[list[int], list[int]]:
    """Indices of the k lowest and the k highest marks to drop.

    Indices are ordered by (value, index): the lowest are the first k, the highest the last k, both
    returned in that order.  Of tied extremes only k instances go, and the index makes the choice
    reproducible (which of two equal marks is dropped cannot change any result).
    """
    if k < 0:
        raise ValueError(f"trim must be >= 0, got {k}")
    if len(values) < 2 * k + 1:
        raise ValueError(f"trimming {k} from each end needs at least {2 * k + 1} marks, got {len(values)}")
    order = sorted(range(len(values)), key=lambda i: (values[i], i))
    return order[:k], order[len(order) - k:]


def aggregate(method: str, values: Sequence[float], trim: int = 0) -> float:
    """Combine one entry's marks by a score method.  ``trim`` only affects the trimmed-* methods."""
    if method not in SCORE_METHODS:
        raise ValueError(f"unknown score method {method!r}; expected one of {', '.join(SCORE_METHODS)}")
    if not values:
        raise ValueError(f"{method} of no values")
    if method.startswith("trimmed-"):
        low, high = trim_positions(values, trim)
        dropped = set(low) | set(high)
        values = [x for i, x in enumerate(values) if i not in dropped]
        method = method.removeprefix("trimmed-")
    if method == "mean":
        return mean(values)
    if method == "median":
        return median(values)
    return math.fsum(values)


# ---------------------------------------------------------------------------------------------
# Rank methods over ballots


def average_ranks(values: Mapping[str, float]) -> dict[str, float]:
    """Rank 1 = highest value; tied values share the average of the ranks they span."""
    if any(math.isnan(v) for v in values.values()):
        raise ValueError("cannot rank NaN")
    ranks: dict[str, float] = {}
    ordered = sorted(values.values(), reverse=True)
    first: dict[float, int] = {}  # value -> first 1-based position it occupies
    count: dict[float, int] = {}
    for position, v in enumerate(ordered, start=1):
        first.setdefault(v, position)
        count[v] = count.get(v, 0) + 1
    for key in sorted(values):
        v = values[key]
        # positions first .. first+count-1 average to first + (count-1)/2
        ranks[key] = first[v] + (count[v] - 1) / 2
    return ranks


def _sum_per_entry(ballots: Ballots, points: Callable[[Mapping[str, float]], dict[str, float]]) -> dict[str, float]:
    """Sum points(ballot)[entry] over the ballots containing each entry."""
    collected: dict[str, list[float]] = {}
    for judge in sorted(ballots):
        for entry, p in points(ballots[judge]).items():
            collected.setdefault(entry, []).append(p)
    return {entry: math.fsum(collected[entry]) for entry in sorted(collected)}


def rank_sum(ballots: Ballots) -> dict[str, float]:
    """Entry -> sum of its average ranks over the ballots that contain it (lower is better)."""
    return _sum_per_entry(ballots, average_ranks)


def borda(ballots: Ballots) -> dict[str, float]:
    """Entry -> Borda points: on a ballot of m entries an entry gets m - rank (higher is better)."""
    def points(ballot: Mapping[str, float]) -> dict[str, float]:
        m = len(ballot)
        return {entry: m - r for entry, r in average_ranks(ballot).items()}
    return _sum_per_entry(ballots, points)


def pairwise(ballots: Ballots, entries: Sequence[str]) -> dict[str, dict[str, int]]:
    """d[a][b] = number of ballots rating both a and b that put a strictly above b."""
    ids = sorted(set(entries))
    d = {a: {b: 0 for b in ids} for a in ids}
    for ballot in ballots.values():  # counting is order independent
        rated = [e for e in ids if e in ballot]
        for a in rated:
            for b in rated:
                if ballot[a] > ballot[b]:
                    d[a][b] += 1
    return d


@dataclass(frozen=True)
class Schulze:
    pairwise: dict[str, dict[str, int]]
    strongest: dict[str, dict[str, int]]  # p[a][b]: strength of the strongest path a -> b
    wins: dict[str, int]  # number of b with p[a][b] > p[b][a]


def schulze(entries: Sequence[str], d: Matrix) -> Schulze:
    """Schulze method (winning votes), Floyd–Warshall widest paths as on Wikipedia."""
    ids = sorted(set(entries))
    # A direct link a -> b only exists when a beats b; its strength is the winning side's votes.
    p = {a: {b: (d[a][b] if a != b and d[a][b] > d[b][a] else 0) for b in ids} for a in ids}
    for i in ids:
        for j in ids:
            if j == i:
                continue
            for k in ids:
                if k != i and k != j:
                    p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    wins = {a: sum(1 for b in ids if b != a and p[a][b] > p[b][a]) for a in ids}
    copy = {a: {b: d[a][b] if a != b else 0 for b in ids} for a in ids}
    return Schulze(pairwise=copy, strongest=p, wins=wins)


class TooManyToRank(ValueError):
    """Exact Kemeny ranking was asked for more entries than KEMENY_LIMIT."""


@dataclass(frozen=True)
class Kemeny:
    order: list[str]  # one optimal ranking, best first
    score: int  # sum of d[a][b] over pairs with a before b in ``order``
    wins: dict[str, int]  # number of b that a precedes in every optimal ranking


def kemeny(entries: Sequence[str], d: Matrix) -> Kemeny:
    """Exact Kemeny–Young ranking by dynamic programming over subsets (2^n * n^2, not n!)."""
    ids = sorted(set(entries))
    n = len(ids)
    if n > KEMENY_LIMIT:
        raise TooManyToRank(f"kemeny ranks at most {KEMENY_LIMIT} entries exactly; got {n}")
    w = [[d[a][b] if a != b else 0 for b in ids] for a in ids]
    size = 1 << n
    full = size - 1
    members = [[x for x in range(n) if s >> x & 1] for s in range(size)]

    def into(x: int, s: int) -> int:  # votes for "everyone in s before x"
        return sum(w[y][x] for y in members[s])

    def out(x: int, s: int) -> int:  # votes for "x before everyone in s"
        return sum(w[x][y] for y in members[s])

    # F[s]: best within-s score over orderings of s, building s by placing its last member.
    best = [0] * size
    for s in range(1, size):
        best[s] = max(best[s & ~(1 << x)] + into(x, s & ~(1 << x)) for x in members[s])
    opt = best[full]

    # s is the set of the first |s| places of some optimal ranking iff its best arrangement,
    # followed by the best arrangement of the rest, reaches the optimum.
    on_path = [best[s] + sum(out(a, full & ~s) for a in members[s]) + best[full & ~s] == opt
               for s in range(size)]
    can_precede = [[False] * n for _ in range(n)]  # [b][a]: b before a in some optimal ranking
    for s in range(size):
        if on_path[s]:
            for b in members[s]:
                for a in members[full & ~s]:
                    can_precede[b][a] = True
    wins = {ids[a]: sum(1 for b in range(n) if b != a and not can_precede[b][a]) for a in range(n)}

    # Report one optimal ranking, built front to back: x may come next in the remainder iff placing
    # it first keeps the remainder's best score.  Wins decide places, so prefer an optimal ranking
    # listing entries by non-increasing wins.  One need not exist (the optimal rankings can disagree
    # in ways no single ranking reconciles); then prefer more wins at each step.  Last: entry id.
    win = [wins[e] for e in ids]
    layered = [0] * size  # best score over orderings of s by non-increasing wins
    for s in range(1, size):
        top = max(win[x] for x in members[s])
        layered[s] = max(out(x, s & ~(1 << x)) + layered[s & ~(1 << x)]
                         for x in members[s] if win[x] == top)
    consistent = layered[full] == opt
    table = layered if consistent else best
    order: list[str] = []
    rest = full
    while rest:
        top = max(win[x] for x in members[rest])
        options = [x for x in members[rest] if (win[x] == top or not consistent)
                   and table[rest] == out(x, rest & ~(1 << x)) + table[rest & ~(1 << x)]]
        x = min(options, key=lambda x: (-win[x], x))
        order.append(ids[x])
        rest &= ~(1 << x)
    return Kemeny(order=order, score=opt, wins=wins)


# ---------------------------------------------------------------------------------------------
# Normalising one judge's marks


def zscores(values: Mapping[str, float]) -> dict[str, float] | None:
    """(x - mean) / population sd per key; None when there is no spread (caller keeps raw marks)."""
    keys = sorted(values)
    marks = [values[k] for k in keys]
    sd = spread(marks)
    if sd == 0.0:
        return None
    centre = mean(marks)
    return {k: (values[k] - centre) / sd for k in keys}


def percentiles(values: Mapping[str, float]) -> dict[str, float] | None:
    """Mid-rank percentile, lowest 0 and highest 100, ties sharing; None for fewer than 2 values."""
    n = len(values)
    if n < 2:
        return None
    # ascending average rank = n + 1 - descending average rank
    return {k: 100 * (n - r) / (n - 1) for k, r in average_ranks(values).items()}
