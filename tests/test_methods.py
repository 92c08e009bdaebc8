"""Judging mathematics: hand-computed examples, the Wikipedia Schulze and Kemeny–Young examples,
and properties (order independence, invariance under monotone transforms, Kemeny exactness)."""

from __future__ import annotations

import itertools
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartaward.judging.methods import (
    KEMENY_LIMIT,
    Kemeny,
    Schulze,
    TooManyToRank,
    aggregate,
    average_ranks,
    borda,
    kemeny,
    mean,
    median,
    pairwise,
    percentiles,
    rank_sum,
    schulze,
    spread,
    trim_positions,
    zscores,
)


def ballots_from(profile: list[tuple[int, str]]) -> dict[str, dict[str, float]]:
    """(voters, "ACBED") groups -> one ballot per voter, value = 5 - position."""
    ballots: dict[str, dict[str, float]] = {}
    for count, order in profile:
        for _ in range(count):
            ballots[f"v{len(ballots):03d}"] = {c: 5 - i for i, c in enumerate(order)}
    return ballots


# --- aggregating marks --------------------------------------------------------------------------

def test_mean_median_spread():
    assert mean([1, 2, 3, 4]) == 2.5
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5
    assert spread([2, 4, 4, 4, 5, 5, 7, 9]) == 2.0  # mean 5, squared deviations sum to 32, /8 = 4
    assert spread([5]) == spread([]) == spread([0.1, 0.1, 0.1]) == 0.0
    for f in (mean, median):
        with pytest.raises(ValueError):
            f([])


def test_trim_drops_only_k_of_tied_extremes():
    assert trim_positions([5, 5, 5, 7, 9], 1) == ([0], [4])
    assert trim_positions([9, 5, 7, 5, 5], 1) == ([1], [0])  # lowest 5 by index, not all three
    assert trim_positions([3, 1, 2], 0) == ([], [])
    assert aggregate("trimmed-mean", [5, 5, 5, 7, 9], 1) == pytest.approx(17 / 3)
    with pytest.raises(ValueError):
        trim_positions([1, 2], 1)  # nothing would be left
    with pytest.raises(ValueError):
        trim_positions([1, 2, 3], -1)


def test_olympic_trimmed_sum_keeps_the_middle_three():
    marks = [9.1, 8.7, 9.4, 9.0, 8.9, 9.6, 8.8]
    assert aggregate("trimmed-sum", marks, 2) == pytest.approx(8.9 + 9.0 + 9.1)
    assert aggregate("sum", marks) == pytest.approx(63.5)
    assert aggregate("median", marks) == 9.0
    assert aggregate("mean", marks, trim=2) == pytest.approx(63.5 / 7)  # trim ignored when untrimmed


def test_aggregate_rejects_unknown_methods_and_no_marks():
    with pytest.raises(ValueError):
        aggregate("mode", [1.0])
    with pytest.raises(ValueError):
        aggregate("sum", [])


# --- ranks and ballots --------------------------------------------------------------------------

def test_average_ranks_share_ties():
    assert average_ranks({"a": 9, "b": 7, "c": 7, "d": 1}) == {"a": 1, "b": 2.5, "c": 2.5, "d": 4}
    assert average_ranks({"x": 2, "y": 2, "z": 2}) == {"x": 2, "y": 2, "z": 2}
    assert list(average_ranks({"b": 1, "a": 2})) == ["a", "b"]


SMALL = {"j1": {"a": 3, "b": 2, "c": 1}, "j2": {"a": 1, "b": 1, "c": 2}, "j3": {"b": 5}}


def test_rank_sum_borda_pairwise_by_hand():
    assert rank_sum(SMALL) == {"a": 1 + 2.5, "b": 2 + 2.5 + 1, "c": 3 + 1}
    # j1 (m=3): 2, 1, 0; j2: a and b share ranks 2 and 3 -> 0.5 each, c 2; j3 (m=1): b 0
    assert borda(SMALL) == {"a": 2.5, "b": 1.5, "c": 2}
    assert pairwise(SMALL, ["c", "z", "a", "b"]) == {
        "a": {"a": 0, "b": 1, "c": 1, "z": 0}, "b": {"a": 0, "b": 0, "c": 1, "z": 0},
        "c": {"a": 1, "b": 1, "c": 0, "z": 0}, "z": {"a": 0, "b": 0, "c": 0, "z": 0}}


WIKI_SCHULZE = ballots_from([(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"),
                             (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")])


def test_wikipedia_schulze_example():
    result = schulze("ABCDE", pairwise(WIKI_SCHULZE, "ABCDE"))
    assert isinstance(result, Schulze)
    d, p = result.pairwise, result.strongest
    assert [d["A"][x] for x in "BCDE"] == [20, 26, 30, 22]
    assert [d["B"][x] for x in "ACDE"] == [25, 16, 33, 18]
    assert [d["C"][x] for x in "ABDE"] == [19, 29, 17, 24]
    assert [d["D"][x] for x in "ABCE"] == [15, 12, 28, 14]
    assert [d["E"][x] for x in "ABCD"] == [23, 27, 21, 31]
    assert [p["A"][x] for x in "BCDE"] == [28, 28, 30, 24]
    assert [p["B"][x] for x in "ACDE"] == [25, 28, 33, 24]
    assert [p["C"][x] for x in "ABDE"] == [25, 29, 29, 24]
    assert [p["D"][x] for x in "ABCE"] == [25, 28, 28, 24]
    assert [p["E"][x] for x in "ABCD"] == [25, 28, 28, 31]
    assert result.wins == {"A": 3, "B": 1, "C": 2, "D": 0, "E": 4}  # E > A > C > B > D


TENNESSEE = {f"v{i:03d}": {c: 4 - pos for pos, c in enumerate(order)}
             for i, order in enumerate(
                 [["Memphis", "Nashville", "Chattanooga", "Knoxville"]] * 42
                 + [["Nashville", "Chattanooga", "Knoxville", "Memphis"]] * 26
                 + [["Chattanooga", "Knoxville", "Nashville", "Memphis"]] * 15
                 + [["Knoxville", "Chattanooga", "Nashville", "Memphis"]] * 17)}
CITIES = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]


def test_wikipedia_kemeny_young_example():
    result = kemeny(CITIES, pairwise(TENNESSEE, CITIES))
    assert result.order == ["Nashville", "Chattanooga", "Knoxville", "Memphis"]
    assert result.score == 393
    assert result.wins == {"Nashville": 3, "Chattanooga": 2, "Knoxville": 1, "Memphis": 0}


def test_borda_on_the_tennessee_example():
    # points 3/2/1/0: Memphis 42*3; Nashville 42*2 + 26*3 + 15 + 17; Chattanooga 42 + 26*2 + 15*3
    # + 17*2; Knoxville 26 + 15*2 + 17*3
    assert borda(TENNESSEE) == {"Chattanooga": 173, "Knoxville": 107, "Memphis": 126, "Nashville": 194}


def test_condorcet_cycle_fixes_no_pair():
    cycle = ballots_from([(1, "ABC"), (1, "BCA"), (1, "CAB")])
    d = pairwise(cycle, "ABC")
    assert kemeny("CBA", d) == Kemeny(order=["A", "B", "C"], score=5, wins={"A": 0, "B": 0, "C": 0})
    assert schulze("ABC", d).wins == {"A": 0, "B": 0, "C": 0}


def test_kemeny_order_cannot_always_follow_wins():
    # Optimal rankings (score 9): 0312, 1023, 1032.  0 always precedes 2 and 3 (wins 2), 1 always precedes 2
    # (wins 1), yet no optimal ranking lists them by non-increasing wins: ranking 0 first puts 3
    # (wins 0) above 1.  The order is then still optimal, preferring more wins at each step.
    ballots = {"j0": {"0": 1, "1": 3, "2": 0}, "j1": {"0": 3, "1": 0, "2": 0, "3": 1},
               "j2": {"0": 3, "2": 2, "3": 0}, "j3": {"0": 1, "1": 3}}
    result = kemeny("0123", pairwise(ballots, "0123"))
    assert result.wins == {"0": 2, "1": 1, "2": 0, "3": 0}
    assert (result.order, result.score) == (["0", "3", "1", "2"], 9)  # 2+1+3 + 1+1 + 1


def test_kemeny_limit():
    with pytest.raises(TooManyToRank, match=r"11.*10|10.*11"):
        kemeny([f"e{i:02d}" for i in range(KEMENY_LIMIT + 1)], {})
    ids = [f"e{i:02d}" for i in range(KEMENY_LIMIT)]
    rng = random.Random(10)
    ballots = {f"j{j}": {e: rng.randint(0, 4) for e in ids} for j in range(7)}
    start = time.perf_counter()
    result = kemeny(ids, pairwise(ballots, ids))
    assert time.perf_counter() - start < 1.0
    assert sorted(result.order) == ids


def test_zscores_and_percentiles_by_hand():
    z = zscores({"a": 2, "b": 4, "c": 4, "d": 4, "e": 5, "f": 5, "g": 7, "h": 9})
    assert z is not None and (z["a"], z["e"], z["h"]) == (-1.5, 0.0, 2.0)
    assert zscores({"a": 3, "b": 3}) is None and zscores({"a": 3}) is None
    assert percentiles({"a": 10, "b": 20, "c": 20, "d": 30}) == {"a": 0, "b": 50, "c": 50, "d": 100}
    assert percentiles({"a": 1, "b": 1}) == {"a": 50, "b": 50}
    assert percentiles({"a": 1}) is None


# --- properties ---------------------------------------------------------------------------------

ENTRIES = ["a", "b", "c", "d", "e"]
ballot_st = st.dictionaries(st.sampled_from(ENTRIES), st.integers(1, 6), min_size=1)
ballots_st = st.dictionaries(st.sampled_from(["j1", "j2", "j3", "j4", "j5"]), ballot_st,
                             min_size=1, max_size=5)


def shuffled(mapping: dict, rng: random.Random) -> dict:
    keys = list(mapping)
    rng.shuffle(keys)
    return {k: shuffled(mapping[k], rng) if isinstance(mapping[k], dict) else mapping[k] for k in keys}


def all_methods(ballots: dict, entries: list[str]) -> tuple:
    d = pairwise(ballots, entries)
    return rank_sum(ballots), borda(ballots), d, schulze(entries, d), kemeny(entries, d)


@given(ballots_st, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_input_order(ballots, rng):
    entries = list(ENTRIES)
    rng.shuffle(entries)
    first, second = all_methods(ballots, ENTRIES), all_methods(shuffled(ballots, rng), entries)
    assert first == second
    for result in (*first[:3], first[3].wins, first[4].wins):
        assert list(result) == sorted(result)


@given(ballots_st, st.sampled_from([lambda x: 3 * x + 7, lambda x: x ** 3]))
def test_rank_methods_ignore_a_monotone_rescaling_of_one_judge(ballots, transform):
    judge = min(ballots)
    rescaled = {**ballots, judge: {e: transform(v) for e, v in ballots[judge].items()}}
    before, after = all_methods(ballots, ENTRIES), all_methods(rescaled, ENTRIES)
    assert before[:2] == after[:2] and before[3] == after[3] and before[4] == after[4]


@given(st.dictionaries(st.sampled_from(ENTRIES), st.integers(-1000, 1000), min_size=2),
       st.integers(-10**6, 10**6))
def test_zscores_ignore_a_constant_shift(values, c):
    before, after = zscores(values), zscores({k: v + c for k, v in values.items()})
    assert (before is None) == (after is None)
    if before is not None:
        assert after == pytest.approx(before, abs=1e-9)


def score_of(order: tuple[str, ...], d: dict) -> int:
    return sum(d[a][b] for a, b in itertools.combinations(order, 2))


@settings(max_examples=300)
@given(ballots_st)
def test_kemeny_matches_brute_force(ballots):
    entries = sorted({e for ballot in ballots.values() for e in ballot})
    d = pairwise(ballots, entries)
    result = kemeny(entries, d)
    scores = {p: score_of(p, d) for p in itertools.permutations(entries)}
    best = max(scores.values())
    optimal = [p for p, s in scores.items() if s == best]
    assert result.score == best == score_of(tuple(result.order), d)
    for a in entries:
        always = {b for b in entries if b != a and all(p.index(a) < p.index(b) for p in optimal)}
        assert result.wins[a] == len(always)
        assert all(result.order.index(a) < result.order.index(b) for b in always)

    def by_wins(order) -> bool:
        return all(result.wins[x] >= result.wins[y] for x, y in itertools.pairwise(order))
    # The order lists entries by non-increasing wins whenever some optimal ranking does.
    if any(by_wins(p) for p in optimal):
        assert by_wins(result.order)
