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

SCORE_METHODS = ("mean", "median", "sum", "trimmed-mean", "trimmed-sum", "approval")
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


def aggregate(method: str, values: Sequence[float], trim: int = 0, approve: float | None = None) -> float:
    """Combine one entry's marks by a score method.  ``trim`` only affects the trimmed-* methods,
    ``approve`` (the lowest approving mark) only approval."""
    if method not in SCORE_METHODS:
        raise ValueError(f"unknown score method {method!r}; expected one of {', '.join(SCORE_METHODS)}")
    if not values:
        raise ValueError(f"{method} of no values")
    if method == "approval":
        if approve is None:
            raise ValueError("approval needs the lowest approving mark")
        return float(approvals(values, approve))
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


# ---------------------------------------------------------------------------------------------
# Issue 16: approval, Copeland, positional points, Bradley–Terry and Crowd-BT, majority judgment,
# instant-runoff (sequential places, as the Hugo Awards count them) and the skating system.


def approvals(values: Sequence[float], threshold: float) -> int:
    """How many values reach the threshold.  Values are compared rounded to 6 decimals, like
    scores, so a weighted total of 6.999999999999999 approves at 7."""
    return sum(1 for v in values if round(v, 6) >= threshold)


def _shared_places(ballot: Mapping[str, float]) -> dict[str, tuple[int, int]]:
    """Entry -> (first place, how many share it) on one ballot: equal values share their places."""
    ordered = sorted(ballot.values(), reverse=True)
    first: dict[float, int] = {}
    count: dict[float, int] = {}
    for position, v in enumerate(ordered, start=1):
        first.setdefault(v, position)
        count[v] = count.get(v, 0) + 1
    return {entry: (first[v], count[v]) for entry, v in sorted(ballot.items())}


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

BT_TOLERANCE = 1e-12  # largest change of a log strength (or a reliability) between iterations
BT_ITERATIONS = 10_000
RELIABILITY_START, RELIABILITY_LOW, RELIABILITY_HIGH = 0.9, 0.5, 0.99

Outcome = tuple[str, str, str, float]  # (judge, preferred, other, weight): 1 a preference, 1/2 each way a tie


def comparisons(ballots: Ballots) -> list[Outcome]:
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


@dataclass(frozen=True)
class Strengths:
    strength: dict[str, float]  # exp(theta): the odds that a beats b are strength[a] : strength[b]
    reliability: dict[str, float]  # judge -> eta (Crowd-BT); empty for plain Bradley–Terry
    iterations: int
    converged: bool


def _mm_step(strength: dict[str, float], wins: dict[str, dict[str, float]], met: dict[str, list[str]]) -> dict[str, float]:
    """One minorise–maximise update (Hunter 2004) with the prior: every entry also has one win and
    one loss against a fixed reference of strength 1, so an unbeaten entry stays finite."""
    new = {}
    for a, others in met.items():
        won = 1.0 + math.fsum(wins[a].values())
        games = [(wins[a].get(b, 0.0) + wins[b].get(a, 0.0)) / (strength[a] + strength[b]) for b in others]
        new[a] = won / math.fsum([2.0 / (strength[a] + 1.0), *games])
    return new


def _met(ids: list[str], outcomes: Sequence[Outcome]) -> dict[str, list[str]]:
    """Entry -> the entries it was compared with, in id order."""
    met: dict[str, set[str]] = {a: set() for a in ids}
    for _, a, b, _ in outcomes:
        met[a].add(b)
        met[b].add(a)
    return {a: sorted(met[a]) for a in ids}


def _changed(old: Mapping[str, float], new: Mapping[str, float], log: bool) -> float:
    if log:
        return max((abs(math.log(new[k]) - math.log(old[k])) for k in old), default=0.0)
    return max((abs(new[k] - old[k]) for k in old), default=0.0)


def bradley_terry(entries: Sequence[str], outcomes: Sequence[Outcome]) -> Strengths:
    """Maximum a posteriori Bradley–Terry strengths by the MM algorithm, iterated (every entry from
    the previous iteration's strengths, in id order) until no log strength moves by more than
    BT_TOLERANCE, or BT_ITERATIONS."""
    ids = sorted(set(entries))
    wins: dict[str, dict[str, float]] = {a: {} for a in ids}
    for _, a, b, weight in outcomes:
        wins[a][b] = wins[a].get(b, 0.0) + weight
    strength = dict.fromkeys(ids, 1.0)
    met = _met(ids, outcomes)
    for iteration in range(1, BT_ITERATIONS + 1):
        new = _mm_step(strength, wins, met)
        moved = _changed(strength, new, log=True)
        strength = new
        if moved < BT_TOLERANCE:
            return Strengths(strength, {}, iteration, True)
    return Strengths(strength, {}, BT_ITERATIONS, False)


def crowd_bt(entries: Sequence[str], outcomes: Sequence[Outcome]) -> Strengths:
    """Crowd-BT (Chen et al. 2013): judge k reports "a beats b" with probability
    eta_k·P(a beats b) + (1 − eta_k)·P(b beats a).  Fitted by EM: each outcome's weight is the
    posterior probability that the judge reported the true order; strengths take one MM step on the
    weighted outcomes, and eta_k is the mean weight of judge k's outcomes, held within
    [RELIABILITY_LOW, RELIABILITY_HIGH].  Starts from strength 1 and eta RELIABILITY_START."""
    ids = sorted(set(entries))
    judges = sorted({o[0] for o in outcomes})
    eta = dict.fromkeys(judges, RELIABILITY_START)
    strength = dict.fromkeys(ids, 1.0)
    met = _met(ids, outcomes)
    for iteration in range(1, BT_ITERATIONS + 1):
        wins: dict[str, dict[str, float]] = {a: {} for a in ids}
        agreed: dict[str, list[float]] = {k: [] for k in judges}
        given: dict[str, list[float]] = {k: [] for k in judges}
        for judge, a, b, weight in outcomes:
            p = strength[a] / (strength[a] + strength[b])
            true = eta[judge] * p
            w = true / (true + (1 - eta[judge]) * (1 - p))
            wins[a][b] = wins[a].get(b, 0.0) + weight * w
            wins[b][a] = wins[b].get(a, 0.0) + weight * (1 - w)
            agreed[judge].append(weight * w)
            given[judge].append(weight)
        new = _mm_step(strength, wins, met)
        new_eta = {k: min(RELIABILITY_HIGH, max(RELIABILITY_LOW, math.fsum(agreed[k]) / math.fsum(given[k]))) for k in judges}
        moved = max(_changed(strength, new, log=True), _changed(eta, new_eta, log=False))
        strength, eta = new, new_eta
        if moved < BT_TOLERANCE:
            return Strengths(strength, eta, iteration, True)
    return Strengths(strength, eta, BT_ITERATIONS, False)


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
    """Entry -> its majority value over the ballots that grade it (grades rounded to 6 decimals)."""
    grades: dict[str, list[float]] = {}
    for judge in sorted(ballots):
        for entry, value in ballots[judge].items():
            grades.setdefault(entry, []).append(round(value, 6))
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


def _tally(ballots: Ballots, continuing: set[str]) -> tuple[dict[str, float], float]:
    """Each ballot's vote for its highest continuing preference (split equally among equal ones)."""
    shares: dict[str, list[float]] = {e: [] for e in continuing}
    exhausted = 0
    for judge in sorted(ballots):
        ballot = {e: v for e, v in ballots[judge].items() if e in continuing}
        if not ballot:
            exhausted += 1
            continue
        top = max(ballot.values())
        firsts = [e for e, v in ballot.items() if v == top]
        for e in firsts:
            shares[e].append(1 / len(firsts))
    return {e: math.fsum(shares[e]) for e in sorted(shares)}, float(exhausted)


def instant_runoff(ballots: Ballots, entries: Sequence[str]) -> Runoff:
    """One instant-runoff count: an entry with more than half of the continuing votes wins; else the
    entry with the fewest votes is eliminated and its ballots pass to their next preference.  A tie
    for fewest goes to the entry with fewer votes in the earliest round where the tied ones differ;
    tied in every round, they are eliminated together (unless no one else is left: then they win
    together)."""
    continuing = set(entries)
    rounds: list[dict[str, float]] = []
    eliminated: list[list[str]] = []
    exhausted: list[float] = []
    together: list[list[str]] = []
    while True:
        votes, gone = _tally(ballots, continuing)
        rounds.append(votes)
        exhausted.append(gone)
        total = math.fsum(votes.values())
        leader = max(votes.values())
        if len(continuing) == 1 or (total > 0 and leader > total / 2):
            eliminated.append([])
            return Runoff([e for e in sorted(votes) if votes[e] == leader], rounds, eliminated, exhausted, together)
        fewest = min(votes.values())
        lowest = sorted(e for e in votes if votes[e] == fewest)
        for earlier in rounds[:-1]:  # forward tie-break: the earliest round where they differ
            if len(lowest) == 1:
                break
            least = min(earlier[e] for e in lowest)
            lowest = [e for e in lowest if earlier[e] == least]
        if len(lowest) == len(continuing):  # everyone left is tied all along: a shared win
            eliminated.append([])
            return Runoff(lowest, rounds, eliminated, exhausted, together)
        if len(lowest) > 1:
            together.append(lowest)
        eliminated.append(lowest)
        continuing -= set(lowest)


def sequential_irv(ballots: Ballots, entries: Sequence[str]) -> tuple[dict[str, float], list[Runoff]]:
    """Places by repeated instant-runoff (the Hugo Awards' way): place 1 is the winner of a count of
    all entries; it is removed and the count rerun for place 2; and so on.  Entries that win a count
    together share the places they span (their mean).  Returns the places and each count."""
    left = sorted(set(entries))
    places: dict[str, float] = {}
    counts = []
    while left:
        count = instant_runoff(ballots, left)
        counts.append(count)
        first = len(places) + 1
        for e in count.winners:
            places[e] = first + (len(count.winners) - 1) / 2
        left = [e for e in left if e not in count.winners]
    return {e: places[e] for e in sorted(places)}, counts


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
    in the next columns for those still equal; equal through the last column: one shared group."""
    if len(group) == 1 or column > n:
        return [sorted(group)]
    keyed: dict[tuple[int, float], list[str]] = {}
    for e in group:
        count, total = _column(marks[e], column)
        keyed.setdefault((-count, total), []).append(e)
    out: list[list[str]] = []
    for key in sorted(keyed):
        out.extend(_skating_order(keyed[key], marks, column + 1, n))
    return out
