"""Judging mathematics on plain Python data: score aggregation, rank methods, normalisation.

Conventions, shared by every function here:

* Marks and ballot values: higher is better.  A ballot is ``{entry: value}``; ``ballots`` maps a
  judge to their ballot.  A judge need not rate every entry.
* Ranks: 1 is best (the highest value).  Tied values share the average of the ranks they span,
  so there is never an arbitrary order between equals (1, 2.5, 2.5, 4).
* Determinism: nothing depends on the order of the input mappings or sequences.  Sums go through
  ``math.fsum`` (correctly rounded, hence order independent), iteration that matters is over sorted
  keys, and every returned dict is ordered by key.
* Aggregating no marks, or too few to trim, raises ``ValueError`` rather than returning a made-up
  number.  A rank method given no entries or no ballots has nothing to place and returns an empty
  result: no ranks or points, ``bradley_terry`` and ``crowd_bt`` no strengths (converged after 0
  steps), ``kemeny`` an empty order; only the instant-runoff counts raise ``ValueError``.

This module imports nothing from smartaward, so it can be tested and reasoned about on its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

Ballots = Mapping[str, Mapping[str, float]]
Matrix = Mapping[str, Mapping[str, int]]

SCORE_METHODS = ("mean", "median", "sum", "trimmed-mean", "trimmed-sum", "approval")
# Marks are compared at the decimals scores are rounded to: stages.SCORE_DECIMALS (this module
# imports nothing from smartaward, so it keeps its own copy; tests/test_judging_core.py checks they agree).
DECIMALS = 6
KEMENY_LIMIT = 10
# The skating system reads up to n columns for each of n entries (n² · judges cells): 1,000 entries
# all tied take 1.4 s (3 judges), 1,000 entries × 9 judges 1 s, 2,000 × 15 judges 6 s.  A final has
# 6 to 8 couples; beyond the limit a category is not placed (method-limit, J413).
SKATING_LIMIT = 1000
# Sequential instant-runoff runs one count per place, each up to n rounds: 300 entries × 600 full
# ballots take about 2 s (docs/rules.md §6, Speed).  Beyond the limit: method-limit, J413.
IRV_LIMIT = 300
# Schulze's strongest paths take n³ steps: 200 entries take about 3 s, 400 about 22 s (measured on
# two shared cores), and 100,000 entries once held 18 GB. Beyond the limit: method-limit, J413.
SCHULZE_LIMIT = 200
# Counting pairwise contests (schulze, kemeny, copeland on rankings) compares every two rated entries
# on every ballot: judges × n² comparisons, about 13 million a second here. Beyond this budget
# (about 1.5 s) a category is not ranked (J413) rather than keep CI busy for minutes.
PAIRWISE_BUDGET = 20_000_000


def pairwise_cost(ballots: Mapping[str, Mapping[str, float]]) -> int:
    """How many comparisons counting the pairwise contests of these ballots takes."""
    return sum(len(ballot) ** 2 for ballot in ballots.values())


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
    """Combine one entry's marks by a score method.  ``trim`` only affects the trimmed-* methods.
    Approval is not a combination of marks but a count of the judges who approve: ``approvals``."""
    if method == "approval":
        raise ValueError("approval counts the judges who approve, it combines no marks: use approvals(values, threshold)")
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


def _shared_places(ballot: Mapping[str, float]) -> dict[str, tuple[int, int]]:
    """Entry -> (first place, how many share it) on one ballot, by entry: equal values share their
    places (average_ranks averages them, positional_points shares their points)."""
    ordered = sorted(ballot.values(), reverse=True)
    first: dict[float, int] = {}  # value -> first 1-based position it occupies
    count: dict[float, int] = {}
    for position, v in enumerate(ordered, start=1):
        first.setdefault(v, position)
        count[v] = count.get(v, 0) + 1
    return {entry: (first[v], count[v]) for entry, v in sorted(ballot.items())}


def average_ranks(values: Mapping[str, float]) -> dict[str, float]:
    """Rank 1 = highest value; tied values share the average of the ranks they span."""
    if any(math.isnan(v) for v in values.values()):
        raise ValueError("cannot rank NaN")
    # places first .. first+count-1 average to first + (count-1)/2
    return {key: first + (count - 1) / 2 for key, (first, count) in _shared_places(values).items()}


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
    """A method was asked to rank more entries than its limit (KEMENY_LIMIT, SKATING_LIMIT, ...)."""


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


# ---------------------------------------------------------------------------------------------
# Issue 16: approval, Copeland, positional points, Bradley–Terry and Crowd-BT, majority judgment,
# instant-runoff (sequential places, as the Hugo Awards count them) and the skating system.


def approvals(values: Sequence[float], threshold: float) -> int:
    """How many values reach the threshold.  Values are compared rounded to DECIMALS (6), like
    scores, so a weighted total of 6.999999999999999 approves at 7."""
    return sum(1 for v in values if round(v, DECIMALS) >= threshold)


def positional_points(ballots: Ballots, table: Sequence[float]) -> dict[str, float]:
    """Entry -> points summed over the ballots: place p earns table[p-1] (0 beyond the table), and
    entries tied on a ballot share the mean of the points of the places they span (Eurovision)."""
    def points(ballot: Mapping[str, float]) -> dict[str, float]:
        out = {}
        for entry, (first, count) in _shared_places(ballot).items():
            spanned = [table[p - 1] if p <= len(table) else 0.0 for p in range(first, first + count)]
            out[entry] = math.fsum(spanned) / count
        return out
    return _sum_per_entry(ballots, points)


@dataclass(frozen=True)
class Copeland:
    wins: dict[str, int]  # pairwise contests won (more ballots prefer it)
    ties: dict[str, int]  # contests drawn (as many each way, or no ballot with both)
    score: dict[str, float]  # wins + ties / 2


def copeland(entries: Sequence[str], d: Matrix) -> Copeland:
    """Copeland: each pairwise majority contest won counts 1, a drawn one 1/2."""
    ids = sorted(set(entries))
    wins = {a: sum(1 for b in ids if b != a and d[a][b] > d[b][a]) for a in ids}
    ties = {a: sum(1 for b in ids if b != a and d[a][b] == d[b][a]) for a in ids}
    return Copeland(wins=wins, ties=ties, score={a: wins[a] + ties[a] / 2 for a in ids})


# -- Bradley–Terry and Crowd-BT ---------------------------------------------------------------
#
# Both fits run on numpy arrays (numpy comes with krippendorff; imported when a fit runs): Crowd-BT
# recomputes every judgment's weight each EM round, 199,000 of them for 200 entries ranked by 10
# judges, which pure Python cannot do hundreds of times in seconds.  Every linear solve is
# conjugate_gradients below, whose products are sparse sums (np.bincount) and whose dot products
# are math.fsum: no BLAS, so the numbers do not depend on how many threads a machine's BLAS
# uses (np.linalg.solve's last bits did), and a loaded machine does not slow it down.

# Bradley–Terry: the largest move of a log strength in the last Newton step.  Newton's method
# converges quadratically (error after a step ≈ the step's size squared), so the fit is then within
# about 1e-14 of the maximum, and one step fewer is taken than a bound of 1e-12 would need.
BT_TOLERANCE = 1e-7
BT_ITERATIONS = 100  # Newton steps of one Bradley–Terry fit (it needs about 10)
CROWD_TOLERANCE = 1e-9  # Crowd-BT: the largest change of a log strength or a reliability in the last EM round
CROWD_ITERATIONS = 2_000  # EM rounds of Crowd-BT (HackMIT-sized data needs about 650)
CG_TOLERANCE = 1e-12  # a Newton step's linear solve: residual at most this, relative to the gradient
RELIABILITY_START, RELIABILITY_LOW, RELIABILITY_HIGH = 0.9, 0.5, 0.99

Outcome = tuple[str, str, str, float]  # (judge, preferred, other, weight): 1 a preference, 1/2 each way a tie


def ballot_outcomes(ballots: Ballots) -> list[Outcome]:
    """Every pair of entries on each ballot as outcomes: the higher value wins; equal values give
    half a win each way.  Sorted, so the fits below add in one order whatever the input order."""
    out: list[Outcome] = []
    for judge in sorted(ballots):
        ballot = ballots[judge]
        rated = sorted(ballot)
        for i, a in enumerate(rated):
            for b in rated[i + 1:]:
                if ballot[a] > ballot[b]:
                    out.append((judge, a, b, 1.0))
                elif ballot[b] > ballot[a]:
                    out.append((judge, b, a, 1.0))
                else:
                    out.extend(((judge, a, b, 0.5), (judge, b, a, 0.5)))
    return out


def _dot(x: Any, y: Any) -> float:
    """Σ x·y correctly rounded (math.fsum): the same in any order, on any machine. Huge marks (off the
    scale: M301 reports them) overflow quietly to infinities, never to a numpy warning on stderr."""
    import numpy as np  # noqa: PLC0415

    with np.errstate(over="ignore", invalid="ignore"):
        return math.fsum((x * y).tolist())


def conjugate_gradients(times: Callable[[Any], Any], c: Any, residual: float) -> Any:
    """x with times(x) = c, for a symmetric positive definite `times` (numpy float vectors), by
    conjugate gradients; shared by the Bradley–Terry fits and calibration (normalise.fit_offsets).
    Stops when the residual's norm |c − times(x)| is at most `residual`; n steps suffice in exact
    arithmetic; at most 4·n + 100 are taken (rounding can slow the last digits)."""
    x = c * 0.0
    r = c.copy()
    p = r.copy()
    rr = _dot(r, r)
    limit = residual ** 2
    for _ in range(4 * len(c) + 100):
        if rr <= limit:
            break
        q = times(p)
        step = rr / _dot(p, q)
        x = x + step * p
        r = r - step * q
        new = _dot(r, r)
        p = r + (new / rr) * p
        rr = new
    return x


@dataclass(frozen=True)
class Strengths:
    strength: dict[str, float]  # exp(theta): the odds that a beats b are strength[a] : strength[b]
    reliability: dict[str, float]  # judge -> eta (Crowd-BT); empty for plain Bradley–Terry
    iterations: int  # Newton steps (Bradley–Terry) or EM rounds (Crowd-BT)
    converged: bool


@dataclass(frozen=True)
class _Judgments:
    """Outcomes as arrays, summed per (judge, preferred, other) in sorted order (so every sum adds
    in one order), with the pair cell (a < b in id order) each falls in."""
    judge: Any
    winner: Any
    loser: Any
    weight: Any
    cell: Any  # index into a, b
    a: Any  # the cells' entries: a before b in id order
    b: Any
    judges: list[str]


def _judgments(ids: list[str], outcomes: Sequence[Outcome]) -> _Judgments:
    import numpy as np  # noqa: PLC0415
    n = len(ids)
    number = {e: i for i, e in enumerate(ids)}
    judges = sorted({o[0] for o in outcomes})
    judge_number = {k: i for i, k in enumerate(judges)}
    key = np.array([(judge_number[judge] * n + number[winner]) * n + number[loser] for judge, winner, loser, _ in outcomes],
                   dtype=np.int64)
    weights = np.array([o[3] for o in outcomes], dtype=np.float64)
    order = np.lexsort((weights, key))  # a judgment's weights are added in one order, whatever the input order
    keys, where = np.unique(key[order], return_inverse=True)
    weight = np.bincount(where.reshape(-1), weights[order], len(keys))
    judge, winner, loser = keys // (n * n), keys // n % n, keys % n
    cells, cell = np.unique(np.minimum(winner, loser) * n + np.maximum(winner, loser), return_inverse=True)
    return _Judgments(judge, winner, loser, weight, cell.reshape(-1), cells // n, cells % n, judges)


def _sigmoid(x: Any) -> Any:
    import numpy as np  # noqa: PLC0415
    with np.errstate(over="ignore"):  # e^−x = inf for x < −709: 1 / inf = 0, as it should be
        return 1.0 / (1.0 + np.exp(-x))


def _log_posterior(theta: Any, a: Any, b: Any, win_a: Any, win_b: Any) -> float:
    """Bradley–Terry's log posterior: the pairs' wins, and the prior of one win and one loss of
    every entry against a reference of strength 1 (log strength 0)."""
    import numpy as np  # noqa: PLC0415
    d = theta[a] - theta[b]
    pairs = -(win_a * np.logaddexp(0.0, -d) + win_b * np.logaddexp(0.0, d))
    return float(np.sum(pairs)) + float(np.sum(theta - 2.0 * np.logaddexp(0.0, theta)))  # pairwise sums, fixed order


DAMPING_FROM = 1e-3  # Newton steps smaller than this are not checked against the posterior
DENSE_LIMIT = 1_000  # up to this many entries minus the Hessian is held as an n × n matrix


def _newton_direction(theta: Any, a: Any, b: Any, win_a: Any, win_b: Any) -> Any:
    """Newton's step on Bradley–Terry's log posterior, for wins summed per pair (a, b).  Minus the
    Hessian is the pairs graph's Laplacian weighted by games·p·(1 − p), plus the prior's
    2·σ(θ)·(1 − σ(θ)) on the diagonal: symmetric positive definite, so conjugate gradients solve
    it.  Its products are taken on an n × n matrix (np.einsum, 10× faster than sums per pair for
    full rankings) up to DENSE_LIMIT entries, beyond that per pair (memory grows as n²)."""
    import numpy as np  # noqa: PLC0415
    n = len(theta)
    p = _sigmoid(theta[a] - theta[b])  # P(a beats b)
    games = win_a + win_b
    prior = _sigmoid(theta)
    gradient = (np.bincount(a, win_a - games * p, n) + np.bincount(b, win_b - games * (1.0 - p), n)
                + 1.0 - 2.0 * prior)
    curvature = games * p * (1.0 - p)
    diagonal = np.bincount(a, curvature, n) + np.bincount(b, curvature, n) + 2.0 * prior * (1.0 - prior)
    times: Callable[[Any], Any]
    if n <= DENSE_LIMIT:
        matrix = np.zeros((n, n))
        matrix[a, b] = -curvature  # one cell per pair: the pairs are summed, (a, b) with a < b
        matrix[b, a] = -curvature
        matrix[np.arange(n), np.arange(n)] = diagonal
        times = lambda v: np.einsum("ij,j->i", matrix, v)  # noqa: E731  (no BLAS: see the section's note)
    else:
        times = lambda v: diagonal * v - np.bincount(a, curvature * v[b], n) - np.bincount(b, curvature * v[a], n)  # noqa: E731
    return conjugate_gradients(times, gradient, CG_TOLERANCE * max(1.0, math.sqrt(_dot(gradient, gradient))))


def _fit(theta: Any, a: Any, b: Any, win_a: Any, win_b: Any) -> tuple[Any, int, bool]:
    """Bradley–Terry's maximum a posteriori log strengths from `theta`: Newton steps until one
    moves no log strength by more than BT_TOLERANCE, at most BT_ITERATIONS.  The posterior is
    strictly concave; a step that would lower it is halved until it does not.  A step moving no log
    strength by more than DAMPING_FROM is taken whole: that close, Newton's quadratic model holds
    (and the check costs as much as the step)."""
    import numpy as np  # noqa: PLC0415
    for steps in range(1, BT_ITERATIONS + 1):
        direction = _newton_direction(theta, a, b, win_a, win_b)
        new = theta + direction
        if float(np.max(np.abs(direction), initial=0.0)) > DAMPING_FROM:
            value = _log_posterior(theta, a, b, win_a, win_b)
            scale = 1.0
            while scale > 1e-6 and _log_posterior(new, a, b, win_a, win_b) < value - 1e-12 * abs(value):
                scale /= 2
                new = theta + scale * direction
        moved = float(np.max(np.abs(new - theta), initial=0.0))
        theta = new
        if moved < BT_TOLERANCE:
            return theta, steps, True
    return theta, BT_ITERATIONS, False


def bradley_terry(entries: Sequence[str], outcomes: Sequence[Outcome]) -> Strengths:
    """Maximum a posteriori Bradley–Terry strengths (the prior: every entry also has one win and one
    loss against a fixed reference of strength 1, so an unbeaten entry stays finite), by Newton's
    method on the log strengths from all 0 (strength 1), until a step moves no log strength by more
    than BT_TOLERANCE (quadratic convergence: far below the published 6 decimals), or BT_ITERATIONS.
    The posterior is strictly concave: one maximum, whatever the start.  No entries: no strengths
    (0 steps, converged), not an error."""
    import numpy as np  # noqa: PLC0415
    ids = sorted(set(entries))
    if not ids:
        return Strengths({}, {}, 0, True)
    j = _judgments(ids, outcomes)
    first = j.winner < j.loser  # the judgment's winner is its cell's a
    win_a = np.bincount(j.cell, np.where(first, j.weight, 0.0), len(j.a))
    win_b = np.bincount(j.cell, np.where(first, 0.0, j.weight), len(j.a))
    theta, steps, converged = _fit(np.zeros(len(ids)), j.a, j.b, win_a, win_b)
    return Strengths(_strength(ids, theta), {}, steps, converged)


def _strength(ids: list[str], theta: Any) -> dict[str, float]:
    return {e: math.exp(float(t)) for e, t in zip(ids, theta, strict=True)}


def crowd_bt(entries: Sequence[str], outcomes: Sequence[Outcome]) -> Strengths:
    """Crowd-BT (Chen et al. 2013): judge k reports the true order of a pair with probability eta_k,
    so reports "a beats b" with probability eta_k·σ(θa − θb) + (1 − eta_k)·σ(θb − θa).  Fitted by
    EM with an exact M-step, from θ = 0 and eta = RELIABILITY_START:

    * E-step: each judgment "a beats b" by k gets the posterior probability that k reported the
      true order, w = eta_k·σ(θa − θb) / (eta_k·σ(θa − θb) + (1 − eta_k)·σ(θb − θa)).
    * M-step: eta_k = the mean of w over k's judgments (weighted: a tie is two half judgments),
      held within [RELIABILITY_LOW, RELIABILITY_HIGH]; θ = the Bradley–Terry fit (same prior,
      convex) of the judgments as fractional outcomes, w to a and 1 − w to b, from the last θ.

    Stops when no log strength and no reliability changes by CROWD_TOLERANCE or more in a round;
    not settled after CROWD_ITERATIONS rounds (or an M-step that did not settle): converged False.
    The likelihood is not concave: EM climbs to a local maximum, the same one for the same data
    (the start and every sum are fixed, whatever the input order).  No entries: no strengths and
    no reliabilities (0 rounds, converged), not an error."""
    import numpy as np  # noqa: PLC0415
    ids = sorted(set(entries))
    if not ids:
        return Strengths({}, {}, 0, True)
    j = _judgments(ids, outcomes)
    given = np.bincount(j.judge, j.weight, len(j.judges))
    games = _per_group(j.cell, j.weight, len(j.a))
    first = j.winner < j.loser
    eta = np.full(len(j.judges), RELIABILITY_START)
    theta = np.zeros(len(ids))
    for rounds in range(1, CROWD_ITERATIONS + 1):
        # w = σ(θw − θl + logit eta): the E-step's ratio with numerator and denominator over σ(θw − θl)
        truthful = _sigmoid(theta[j.winner] - theta[j.loser] + np.log(eta / (1.0 - eta))[j.judge])
        new_eta = np.clip(_per_group(j.judge, j.weight * truthful, len(j.judges)) / given, RELIABILITY_LOW, RELIABILITY_HIGH)
        to_winner = j.weight * truthful
        win_a = _per_group(j.cell, np.where(first, to_winner, j.weight - to_winner), len(j.a))
        win_b = games - win_a
        new, _, settled = _fit(theta, j.a, j.b, win_a, win_b)
        moved = max(float(np.max(np.abs(new - theta))), float(np.max(np.abs(new_eta - eta), initial=0.0)))
        theta, eta = new, new_eta
        if not settled:
            break
        if moved < CROWD_TOLERANCE:
            return Strengths(_strength(ids, theta), _reliability(j.judges, eta), rounds, True)
    return Strengths(_strength(ids, theta), _reliability(j.judges, eta), rounds, False)


def _per_group(group: Any, values: Any, size: int) -> Any:
    """Σ values per group (np.bincount adds in array order, which is sorted: the same every run)."""
    import numpy as np  # noqa: PLC0415
    return np.bincount(group, values, size)


def _reliability(judges: list[str], eta: Any) -> dict[str, float]:
    return {k: float(x) for k, x in zip(judges, eta, strict=True)}


# -- Majority judgment --------------------------------------------------------------------------


def majority_values(grades: Sequence[float]) -> list[float]:
    """Balinski–Laraki majority value: the lower median (the majority grade), then the lower median
    of what is left once one instance of it is removed, and so on until no grade is left."""
    left = sorted(grades)
    out = []
    while left:
        grade = left.pop((len(left) - 1) // 2)
        out.append(grade)
    return out


def majority_judgment(ballots: Ballots) -> dict[str, list[float]]:
    """Entry -> its majority value over the ballots that grade it (grades rounded to DECIMALS, 6)."""
    grades: dict[str, list[float]] = {}
    for judge in sorted(ballots):
        for entry, value in ballots[judge].items():
            grades.setdefault(entry, []).append(round(value, DECIMALS))
    return {entry: majority_values(grades[entry]) for entry in sorted(grades)}


def mj_beats(a: Sequence[float], b: Sequence[float]) -> bool:
    """a's majority value beats b's: the first differing grade, over the grades both have, is higher."""
    for x, y in zip(a, b, strict=False):
        if x != y:
            return x > y
    return False


# -- Instant-runoff, sequential places ------------------------------------------------------------


@dataclass(frozen=True)
class Runoff:
    winners: list[str]  # one, or several tied in every round with no one else left
    rounds: list[dict[str, float]]  # each round's votes of the continuing entries
    eliminated: list[list[str]]  # who left after each round (the last round: nobody)
    exhausted: list[float]  # ballots with no continuing preference, per round
    together: list[list[str]]  # eliminations of several entries tied in every round so far


class _Ballots:
    """The ballots of a count as numbers (an entry is its index in `names`), best first: a ballot
    without equal values is a flat list (the fast path), else groups of equal values."""

    def __init__(self, ballots: Ballots, entries: Sequence[str]) -> None:
        self.names = sorted(set(entries))
        number = {e: i for i, e in enumerate(self.names)}
        self.flat: list[list[int]] = []
        self.groups: list[list[list[int]] | None] = []
        for judge in sorted(ballots):
            by_value: dict[float, list[int]] = {}
            for e, v in ballots[judge].items():
                if e in number:
                    by_value.setdefault(v, []).append(number[e])
            groups = [sorted(by_value[v]) for v in sorted(by_value, reverse=True)]
            strict = all(len(group) == 1 for group in groups)
            self.flat.append([group[0] for group in groups] if strict else [])
            self.groups.append(None if strict else groups)

    def drop(self, numbers: set[int]) -> None:
        """Take entries off every ballot (the winners of a count, before the next count)."""
        for ballot, groups in zip(self.flat, self.groups, strict=True):
            if groups is None:
                ballot[:] = [e for e in ballot if e not in numbers]
            else:
                groups[:] = [kept for group in groups if (kept := [e for e in group if e not in numbers])]


class _Tally:
    """One count's votes, kept up to date as entries leave: each ballot points at its best group
    with a continuing entry, and only the ballots of a leaving entry move on (not a recount of every
    ballot each round).  A ballot whose best group has k continuing entries gives each 1/k of a vote;
    a vote total is the correctly rounded sum of those shares (as math.fsum of them would give)."""

    def __init__(self, ballots: _Ballots, continuing: list[int]) -> None:
        self.ballots = ballots
        size = len(ballots.names)
        self.alive = bytearray(size)
        for e in continuing:
            self.alive[e] = 1
        self.at = [0] * len(ballots.flat)  # the ballot's place (flat) or group now counting
        self.live: list[list[int]] = [[] for _ in ballots.flat]  # its continuing entries there
        self.whole = [0] * size  # ballots giving a whole vote
        self.shared: list[dict[int, int]] = [{} for _ in range(size)]  # k -> ballots giving 1/k
        self.holders: list[set[int]] = [set() for _ in range(size)]
        self.exhausted = 0
        self.changed: set[int] = set(continuing)
        self.value = [0.0] * size
        for ballot in range(len(ballots.flat)):
            self._give(ballot)

    def _give(self, ballot: int) -> None:
        alive, at, groups = self.alive, self.at[ballot], self.ballots.groups[ballot]
        if groups is None:
            flat = self.ballots.flat[ballot]
            end = len(flat)
            while at < end and not alive[flat[at]]:
                at += 1
            self.at[ballot] = at
            if at == end:
                self.live[ballot] = []
                self.exhausted += 1
                return
            e = flat[at]
            self.live[ballot] = [e]
            self.whole[e] += 1
            self.holders[e].add(ballot)
            self.changed.add(e)
            return
        members: list[int] = []
        while at < len(groups):
            members = [e for e in groups[at] if alive[e]]
            if members:
                break
            at += 1
        self.at[ballot], self.live[ballot] = at, members
        if not members:
            self.exhausted += 1
            return
        self._add(ballot, members, +1)

    def _add(self, ballot: int, members: list[int], sign: int) -> None:
        k = len(members)
        for e in members:
            if k == 1:
                self.whole[e] += sign
            else:
                self.shared[e][k] = self.shared[e].get(k, 0) + sign
            if sign > 0:
                self.holders[e].add(ballot)
            else:
                self.holders[e].discard(ballot)
            self.changed.add(e)

    def remove(self, leaving: list[int]) -> None:
        """The entries leave the count; their ballots pass to their next continuing preference."""
        for e in leaving:
            self.alive[e] = 0
        for ballot in sorted(set().union(*(self.holders[e] for e in leaving))):
            self._add(ballot, self.live[ballot], -1)
            self._give(ballot)

    def votes(self, order: list[int]) -> dict[int, float]:
        for e in self.changed:
            if self.alive[e]:
                self.value[e] = self._total(e)
        self.changed.clear()
        value = self.value
        return {e: value[e] for e in order}

    def _total(self, e: int) -> float:
        if not any(self.shared[e].values()):
            return float(self.whole[e])
        exact = Fraction(self.whole[e]) + sum((Fraction(1 / k) * count for k, count in self.shared[e].items()), Fraction(0))
        return float(exact)  # correctly rounded, as math.fsum of the shares


def _count(ballots: _Ballots, continuing: list[int], keep_rounds: bool = True) -> Runoff:
    """One instant-runoff count over the continuing entries (see instant_runoff)."""
    order = sorted(continuing)
    tally = _Tally(ballots, order)
    rounds: list[dict[int, float]] = []
    eliminated: list[list[int]] = []
    exhausted: list[float] = []
    together: list[list[int]] = []

    def done(winners: list[int]) -> Runoff:
        eliminated.append([])
        names = ballots.names
        return Runoff([names[e] for e in winners], [{names[e]: v for e, v in r.items()} for r in rounds] if keep_rounds else [],
                      [[names[e] for e in group] for group in eliminated], exhausted, [[names[e] for e in group] for group in together])

    while True:
        votes = tally.votes(order)
        rounds.append(votes)
        exhausted.append(float(tally.exhausted))
        total = math.fsum(votes.values())
        leader = max(votes.values())
        if len(order) == 1 or (total > 0 and leader > total / 2):
            return done([e for e in order if votes[e] == leader])
        fewest = min(votes.values())
        lowest = [e for e in order if votes[e] == fewest]
        for earlier in rounds[:-1]:  # forward tie-break: the earliest round where they differ
            if len(lowest) == 1:
                break
            least = min(earlier[e] for e in lowest)
            lowest = [e for e in lowest if earlier[e] == least]
        if len(lowest) == len(order):  # everyone left is tied all along: a shared win
            return done(lowest)
        if len(lowest) > 1:
            together.append(lowest)
        eliminated.append(lowest)
        tally.remove(lowest)
        leaving = set(lowest)
        order = [e for e in order if e not in leaving]


def instant_runoff(ballots: Ballots, entries: Sequence[str]) -> Runoff:
    """One instant-runoff count: an entry with more than half of the continuing votes wins; else the
    entry with the fewest votes is eliminated and its ballots pass to their next preference (a ballot
    counts for its highest continuing preference, split equally among equal ones; a ballot with none
    is exhausted).  A tie for fewest goes to the entry with fewer votes in the earliest round where
    the tied ones differ; tied in every round, they are eliminated together (unless no one else is
    left: then they win together)."""
    numbered = _Ballots(ballots, entries)
    return _count(numbered, list(range(len(numbered.names))))


@dataclass(frozen=True)
class Places:
    places: dict[str, float]  # entry -> place (shared places: their mean)
    first: Runoff  # the count for place 1, round by round
    together: list[list[list[str]]]  # per count (place 1, 2, ...): entries eliminated together
    counts: int


def sequential_irv(ballots: Ballots, entries: Sequence[str]) -> Places:
    """Places by repeated instant-runoff (the Hugo Awards' way): place 1 is the winner of a count of
    all entries; it is removed and the count rerun for place 2; and so on.  Entries that win a count
    together share the places they span (their mean).  Only the first count keeps its rounds (n
    counts of up to n rounds of up to n votes would be n³ numbers)."""
    if len(set(entries)) > IRV_LIMIT:
        raise TooManyToRank(f"instant-runoff places at most {IRV_LIMIT} entries; got {len(set(entries))}")
    numbered = _Ballots(ballots, entries)
    left = list(range(len(numbered.names)))
    places: dict[str, float] = {}
    together: list[list[list[str]]] = []
    first: Runoff | None = None
    while left:
        count = _count(numbered, left, keep_rounds=first is None)
        first = first or count
        together.append(count.together)
        start = len(places) + 1
        for e in count.winners:
            places[e] = start + (len(count.winners) - 1) / 2
        won = {numbered.names.index(e) for e in count.winners}
        numbered.drop(won)  # later counts need not step over them
        left = [e for e in left if e not in won]
    if first is None:
        raise ValueError("instant-runoff places of no entries")
    return Places({e: places[e] for e in sorted(places)}, first, together, len(together))


# -- The skating system (rules 5 to 8, one dance) ---------------------------------------------------


def placings(ballots: Ballots, entries: Sequence[str]) -> dict[str, list[float]]:
    """Each entry's placing by each judge (1 best; equal values share the mean of their places).  An
    entry missing from a ballot is placed after every entry on it, sharing the places left."""
    ids = sorted(set(entries))
    out: dict[str, list[float]] = {e: [] for e in ids}
    for judge in sorted(ballots):
        ballot = ballots[judge]
        ranks = average_ranks({e: ballot[e] for e in ids if e in ballot})
        missing = [e for e in ids if e not in ranks]
        after = len(ranks) + (len(missing) + 1) / 2
        for e in ids:
            out[e].append(ranks.get(e, after))
    return out


def _column(marks: Sequence[float], column: int) -> tuple[int, float]:
    """The skating table's cell: how many placings are `column` or better, and their sum."""
    kept = [m for m in marks if m <= column]
    return len(kept), math.fsum(kept)


@dataclass(frozen=True)
class Skating:
    places: dict[str, float]  # final place (shared places: their mean)
    columns: dict[str, int]  # the column ("1 to c") in which each entry was placed
    majority: int


def skating(ballots: Ballots, entries: Sequence[str]) -> Skating:
    """The skating system for one dance (rules 5–8).  Place after place, columns "1 to c" are read
    from c = 1: the entries with a majority of placings c or better are placed, the greatest
    majority first (rule 6), equal majorities by the lower sum of those placings (rule 7), still
    equal by the next columns (count, then sum); when no entry left has a majority in column c, the
    next column is read (rule 8).  Entries equal in every column share their places."""
    if len(set(entries)) > SKATING_LIMIT:
        raise TooManyToRank(f"the skating system places at most {SKATING_LIMIT} entries; got {len(set(entries))}")
    marks = placings(ballots, entries)
    n = len(marks)
    majority = len(ballots) // 2 + 1
    places: dict[str, float] = {}
    columns: dict[str, int] = {}
    left = sorted(marks)
    column = 1
    while left:
        if column > n:  # no majority anywhere (too few ballots): the last column decides
            column = n
            ahead = left
        else:
            ahead = [e for e in left if _column(marks[e], column)[0] >= majority]
            if not ahead:
                column += 1
                continue
        for group in _skating_order(ahead, marks, column, n):
            first = len(places) + 1
            for e in group:
                places[e] = first + (len(group) - 1) / 2
                columns[e] = column
        left = [e for e in left if e not in places]
        column += 1
    return Skating({e: places[e] for e in sorted(places)}, {e: columns[e] for e in sorted(columns)}, majority)


def _skating_order(group: list[str], marks: Mapping[str, Sequence[float]], column: int, n: int) -> list[list[str]]:
    """Order entries with a majority in `column`: greater count first, then lower sum, then the same
    in the next columns for those still equal; equal through the last column: one shared group.
    Iterative (a stack of the groups still to split), so a long run of equal columns cannot
    exhaust Python's recursion limit; the order is the depth-first order of the splits."""
    out: list[list[str]] = []
    pending = [(sorted(group), column)]
    while pending:
        members, at = pending.pop()
        if len(members) == 1 or at > n:
            out.append(members)
            continue
        keyed: dict[tuple[int, float], list[str]] = {}
        for e in members:
            count, total = _column(marks[e], at)
            keyed.setdefault((-count, total), []).append(e)
        pending.extend((keyed[key], at + 1) for key in sorted(keyed, reverse=True))  # popped best first
    return out
