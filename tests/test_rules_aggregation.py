"""Judging rules: aggregation (mean, median, sum, trimmed, per judge / per criterion, weighted
totals) and an olympic-style panel.

Through the whole engine: small cycle folders on disk (rulecycles.py), every expectation worked out
by hand in the comments (formula, then the numbers).
"""

from __future__ import annotations

import pytest
from cyclefiles import write_cycle
from rulecycles import DESIGN_IMPACT, J3, J4, J5, J7, by_judge, cycle_doc, entry, panel, scored_run, sheets

from smartaward.checks.run import run_checks
from smartaward.reading.load import load_cycle

# ------------------------------------------------------------------------------------------------
# 1. Aggregation

# One overall mark from each of 4 judges (an even panel):
#   seoul-air      6, 7, 9, 10   sum 32    mean 32/4 = 8       median (7+9)/2 = 8
#   oslo-bikes     7, 8, 8, 8.5  sum 31.5  mean 31.5/4 = 7.875 median (8+8)/2 = 8
#   baguio-health  4, 9, 9, 9    sum 31    mean 31/4 = 7.75    median (9+9)/2 = 9
EVEN_PANEL = {"seoul-air": [6, 7, 9, 10], "oslo-bikes": [7, 8, 8, 8.5], "baguio-health": [4, 9, 9, 9]}


@pytest.mark.parametrize("aggregate, scores, table", [
    ("mean", {"seoul-air": 8.0, "oslo-bikes": 7.875, "baguio-health": 7.75},
     [(1, "seoul-air", None), (2, "oslo-bikes", None), (3, "baguio-health", None)]),
    # median: baguio's lowest mark (4) no longer counts; seoul and oslo share 8 (listed by id)
    ("median", {"seoul-air": 8.0, "oslo-bikes": 8.0, "baguio-health": 9.0},
     [(1, "baguio-health", None), (2, "oslo-bikes", "shared"), (2, "seoul-air", "shared")]),
    ("sum", {"seoul-air": 32.0, "oslo-bikes": 31.5, "baguio-health": 31.0},
     [(1, "seoul-air", None), (2, "oslo-bikes", None), (3, "baguio-health", None)]),
])
def test_mean_median_and_sum_on_an_even_panel(tmp_path, aggregate, scores, table):
    result = scored_run(tmp_path, EVEN_PANEL, J4, rules={"aggregate": aggregate})
    assert {e: result.score(e) for e in scores} == scores
    assert result.table() == table
    # without normalisation the raw score is the score
    assert all(result.results.scores[e].raw_score == scores[e] for e in scores)


# Five judges, one overall mark, trim 1 with tied extremes:
#   lyon-tram  j1 9, j2 9, j3 6, j4 6, j5 8
#   ordered by (mark, judge): j3 6, j4 6, j5 8, j1 9, j2 9 → drop ONE lowest (j3) and ONE highest (j2)
#   kept j1 9 + j4 6 + j5 8 = 23: trimmed-sum 23, trimmed-mean 23/3 = 7.666667 (the untrimmed mean is 38/5 = 7.6)
@pytest.mark.parametrize("aggregate, expected", [("trimmed-sum", 23.0), ("trimmed-mean", round(23 / 3, 6))])
def test_trimmed_methods_drop_only_k_of_tied_extremes(tmp_path, aggregate, expected):
    result = scored_run(tmp_path, {"lyon-tram": [9, 9, 6, 6, 8]}, J5,
                        rules={"aggregate": aggregate, "trim": 1, "min_judges": 3})
    lyon = result.results.scores["lyon-tram"]
    assert lyon.score == expected
    assert {j: line.trimmed for j, line in lyon.lines.items()} == {
        "j1": None, "j2": ["highest"], "j3": ["lowest"], "j4": None, "j5": None}


# Criteria design and impact, equal weights; trimmed-mean with trim 1 over 3 judges (= the middle value).
#   porto-river    j1 (10, 2) → total 6   j2 (2, 4) → 3   j3 (4, 10) → 7
#   tallinn-data   every judge (5, 5) → 5
# per judge:     porto: totals 6, 3, 7 → keep 6                         → 6 > 5: porto first
# per criterion: porto: design 10, 2, 4 → keep 4; impact 2, 4, 10 → keep 4; (4 + 4)/2 = 4 → 4 < 5: tallinn first
PER_MARKS = {"porto-river": [{"design": 10, "impact": 2}, {"design": 2, "impact": 4}, {"design": 4, "impact": 10}],
             "tallinn-data": [{"design": 5, "impact": 5}] * 3}


@pytest.mark.parametrize("per, porto, order", [
    ("judge", 6.0, ["porto-river", "tallinn-data"]),
    ("criterion", 4.0, ["tallinn-data", "porto-river"]),
])
def test_per_criterion_and_per_judge_give_different_results_under_trimming(tmp_path, per, porto, order):
    result = scored_run(tmp_path, PER_MARKS, J3, criteria=DESIGN_IMPACT,
                        rules={"aggregate": "trimmed-mean", "trim": 1, "min_judges": 3, "per": per})
    assert result.score("porto-river") == porto
    assert result.score("tallinn-data") == 5.0
    assert result.order() == order


def test_per_criterion_trimming_marks_which_criterion_was_dropped(tmp_path):
    result = scored_run(tmp_path, PER_MARKS, J3, criteria=DESIGN_IMPACT,
                        rules={"aggregate": "trimmed-mean", "trim": 1, "min_judges": 3, "per": "criterion"})
    porto = result.results.scores["porto-river"]
    # design 10 (j1), 2 (j2), 4 (j3): j2 lowest, j1 highest; impact 2 (j1), 4 (j2), 10 (j3): j1 lowest, j3 highest
    assert {j: line.trimmed for j, line in porto.lines.items()} == {
        "j1": ["design: highest", "impact: lowest"], "j2": ["design: lowest"], "j3": ["impact: highest"]}


# design weighs 1, impact 3:
#   vienna-heat  j1 (8, 6): sum 8·1 + 6·3 = 26, mean 26/4 = 6.5   j2 (6, 8): sum 6 + 24 = 30, mean 30/4 = 7.5
#   mean across judges: weighted-sum (26 + 30)/2 = 28, weighted-mean (6.5 + 7.5)/2 = 7
#   (a plain mean of the criteria would give j1 7, not 6.5)
@pytest.mark.parametrize("total, expected, totals", [
    ("weighted-sum", 28.0, {"j1": 26.0, "j2": 30.0}),
    ("weighted-mean", 7.0, {"j1": 6.5, "j2": 7.5}),
])
def test_weighted_sum_and_weighted_mean_totals(tmp_path, total, expected, totals):
    result = scored_run(tmp_path, {"vienna-heat": [{"design": 8, "impact": 6}, {"design": 6, "impact": 8}]}, ["j1", "j2"],
                        criteria={"design": {"title": "Design"}, "impact": {"title": "Impact", "weight": 3}},
                        rules={"total": total})
    vienna = result.results.scores["vienna-heat"]
    assert vienna.score == expected
    assert vienna.totals == totals


def test_sums_over_panels_of_different_sizes_say_they_are_not_scaled(tmp_path):
    # sum: seoul 8 + 8 + 8 = 24 from 3 judges beats oslo 10 + 10 = 20 from 2: the report says so
    result = scored_run(tmp_path, {"seoul-air": [8, 8, 8], "oslo-bikes": [10, 10]}, J3, rules={"aggregate": "sum"})
    assert result.order() == ["seoul-air", "oslo-bikes"]
    assert [n for n in result.notes() if "not scaled" in n] == [
        "sum: panels differ in size (2 to 3 judges) and sums are not scaled, so a larger panel adds more"]


# cebu-ferry: j1 (8, 8) → 8; j2 (6, 6) → 6; j3 gave design 10 and no impact mark.
#   j3's total is left out: (8 + 6)/2 = 7.
#   (Counting the missing mark as 0 would give j3 (10 + 0)/2 = 5 and a score of 19/3 = 6.33.)
def test_a_missing_mark_leaves_the_judges_total_out_never_zero(tmp_path):
    result = scored_run(tmp_path, {"cebu-ferry": [{"design": 8, "impact": 8}, {"design": 6, "impact": 6}, {"design": 10}]},
                        J3, criteria=DESIGN_IMPACT)
    cebu = result.results.scores["cebu-ferry"]
    assert cebu.score == 7.0
    assert cebu.totals == {"j1": 8.0, "j2": 6.0}
    assert cebu.excluded == {"j3": "no mark for impact"}
    assert cebu.criterion_means == {"design": 7.0, "impact": 7.0}  # over the counted judges only
    assert "M305" in result.codes()


# ------------------------------------------------------------------------------------------------
# 2. An olympic-style panel: 7 judges, one mark each, the 2 highest and 2 lowest dropped, the rest summed

OLYMPIC = {
    # sorted 8.7 8.8 | 8.9 9.0 9.1 | 9.4 9.6 → 27.0 (plain sum 63.5)
    "medellin-cable": [9.1, 8.7, 9.4, 9.0, 8.9, 9.6, 8.8],
    # sorted 6.0 8.6 | 8.7 8.8 9.9 | 10 10 → 27.4 (plain sum 62.0: trimming changes the order)
    "reykjavik-heat": [10, 10, 9.9, 8.6, 8.7, 8.8, 6.0],
    # sorted 7 7 | 7 9 9.5 | 9.5 9.5 → 25.5
    "curitiba-bus": [9.5, 9.5, 9.5, 7.0, 7.0, 7.0, 9.0],
    # only 4 judges marked it: fewer than min_judges 5 → unranked
    "tartu-tram": [9.9, 9.9, 9.9, 9.9],
}
OLYMPIC_RULES = {"aggregate": "trimmed-sum", "trim": 2, "min_judges": 5}


def test_olympic_panel_ranks_by_the_sum_of_the_middle_three(tmp_path):
    result = scored_run(tmp_path, OLYMPIC, J7, rules=OLYMPIC_RULES)
    assert result.score("reykjavik-heat") == pytest.approx(27.4)
    assert result.score("medellin-cable") == pytest.approx(27.0)
    assert result.score("curitiba-bus") == pytest.approx(25.5)
    assert result.table() == [(1, "reykjavik-heat", None), (2, "medellin-cable", None), (3, "curitiba-bus", None),
                              (None, "tartu-tram", "4 valid scores, fewer than min_judges (5)")]
    assert result.results.scores["tartu-tram"].status == "too-few-judges"
    assert result.codes() == ["J404"]


def test_olympic_panel_marks_the_two_highest_and_two_lowest_as_trimmed(tmp_path):
    result = scored_run(tmp_path, OLYMPIC, J7, rules=OLYMPIC_RULES)
    lines = result.results.scores["medellin-cable"].lines
    # 8.7 (j2) and 8.8 (j7) lowest; 9.4 (j3) and 9.6 (j6) highest; j1, j4, j5 count
    assert {j: line.trimmed for j, line in lines.items()} == {
        "j1": None, "j2": ["lowest"], "j3": ["highest"], "j4": None, "j5": None, "j6": ["highest"], "j7": ["lowest"]}
    lines = result.results.scores["reykjavik-heat"].lines
    # 6.0 (j7), 8.6 (j4) lowest; the two 10s (j1, j2) highest
    assert sorted(j for j, line in lines.items() if line.trimmed) == ["j1", "j2", "j4", "j7"]


def test_olympic_panel_trim_needs_five_judges_declared(tmp_path):
    # trim 2 with min_judges 4 could leave nothing to sum: the rules are refused (R211)
    root = tmp_path
    write_cycle(root, cycle=cycle_doc(rules={**OLYMPIC_RULES, "min_judges": 4}), judges=panel(*J7),
                entry_files={"entries.yaml": [entry(e) for e in OLYMPIC]}, sheets=sheets(by_judge(OLYMPIC, J7)))
    assert "R211" in [d.code for d in run_checks(load_cycle(root))]
