"""Ranking rules: competition ranks, the tie-break chain, unranked entries, order independence."""

from __future__ import annotations

from factories import scored
from hypothesis import given, settings
from hypothesis import strategies as st

from smartaward.judging.ranking import rank_results


def table(rows):
    return [(r.rank, r.result.entry.id, r.tie) for r in rows]


def test_plain_scores_rank_in_descending_order():
    rows = rank_results([scored("b", 7.0), scored("a", 9.0), scored("c", 8.0)], ("shared",))
    assert table(rows) == [(1, "a", None), (2, "c", None), (3, "b", None)]


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    rows = rank_results([scored("a", 9.0), scored("b", 8.0), scored("c", 8.0), scored("d", 7.0)], ("shared",))
    assert table(rows) == [(1, "a", None), (2, "b", "shared"), (2, "c", "shared"), (4, "d", None)]


def test_criterion_tie_break_separates_and_names_the_rule():
    rows = rank_results([
        scored("a", 8.0, means={"impact": 7.0}),
        scored("b", 8.0, means={"impact": 9.0}),
        scored("c", 6.0, means={"impact": 10.0}),
    ], ("criterion:impact", "shared"))
    assert table(rows) == [(1, "b", "criterion:impact"), (2, "a", "criterion:impact"), (3, "c", None)]


def test_chain_moves_to_the_next_rule_when_one_does_not_separate():
    rows = rank_results([
        scored("a", 8.0, means={"impact": 9.0, "design": 6.0}),
        scored("b", 8.0, means={"impact": 9.0, "design": 7.0}),
    ], ("criterion:impact", "criterion:design", "shared"))
    assert table(rows) == [(1, "b", "criterion:design"), (2, "a", "criterion:design")]


def test_shared_stops_the_chain_before_later_rules():
    rows = rank_results([
        scored("a", 8.0, means={"impact": 9.0}),
        scored("b", 8.0, means={"impact": 7.0}),
    ], ("shared", "criterion:impact"))
    assert table(rows) == [(1, "a", "shared"), (1, "b", "shared")]


def test_a_chain_without_shared_still_ends_shared_never_arbitrary():
    rows = rank_results([
        scored("b", 8.0, means={"impact": 9.0}),
        scored("a", 8.0, means={"impact": 9.0}),
    ], ("criterion:impact",))
    assert table(rows) == [(1, "a", "shared"), (1, "b", "shared")]


def test_three_way_tie_partly_broken():
    rows = rank_results([
        scored("a", 8.0, means={"impact": 9.0}),
        scored("b", 8.0, means={"impact": 9.0}),
        scored("c", 8.0, means={"impact": 6.0}),
        scored("d", 9.0),
    ], ("criterion:impact", "shared"))
    assert table(rows) == [(1, "d", None), (2, "a", "shared"), (2, "b", "shared"), (4, "c", "criterion:impact")]


def test_unranked_entries_follow_with_their_reason():
    rows = rank_results([
        scored("a", 8.0),
        scored("z", None, reason="1 valid score, fewer than min_judges (3)"),
        scored("m", 9.5, reason="submitted 2025-07-01, after the call closed on 2025-06-30"),
    ], ("shared",))
    assert [(r.rank, r.result.entry.id) for r in rows] == [(1, "a"), (None, "m"), (None, "z")]
    assert rows[2].reason.startswith("1 valid score")


SCORES = st.lists(st.tuples(st.sampled_from([6.0, 7.0, 7.5, 8.0, 9.0]), st.sampled_from([5.0, 7.0, 9.0])),
                  min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(SCORES, st.randoms(use_true_random=False))
def test_input_order_never_changes_the_ranking(values, rnd):
    results = [scored(f"e{i:02d}", s, means={"impact": m}) for i, (s, m) in enumerate(values)]
    chain = ("criterion:impact", "shared")
    expected = table(rank_results(results, chain))
    shuffled = results[:]
    rnd.shuffle(shuffled)
    assert table(rank_results(shuffled, chain)) == expected


@settings(max_examples=200, deadline=None)
@given(SCORES)
def test_ranks_are_competition_ranks(values):
    rows = rank_results([scored(f"e{i:02d}", s, means={"impact": m}) for i, (s, m) in enumerate(values)],
                        ("criterion:impact", "shared"))
    for position, row in enumerate(rows, start=1):
        better = sum(1 for other in rows if (other.result.score, other.result.criterion_means["impact"])
                     > (row.result.score, row.result.criterion_means["impact"]))
        assert row.rank == better + 1
        assert row.rank <= position
