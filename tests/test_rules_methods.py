"""Judging rules: rank methods (rank-sum, Borda, Schulze, Kemeny) and `compute(cycle, method=...)`
(rank --compare).

Through the whole engine: small cycle folders on disk (rulecycles.py), every expectation worked out
by hand in the comments (formula, then the numbers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rulecycles import J5, Run, by_judge, cycle_doc, entry, panel, project, run, scored_run, sheets

from smartaward.awards.results import compute

# ------------------------------------------------------------------------------------------------
# 3. Rank methods: a wine tasting, and a profile where Borda and Condorcet methods disagree

WINES = ["bordeaux-claret", "mendoza-malbec", "porto-tawny", "stellenbosch-pinotage"]


def wine_run(root: Path, marks: dict[str, dict[str, Any]], *, aggregate: str, key: str = "scores",
             judges: list[str] = J5, **call_keys: Any) -> Run:
    call = project(category="red", rules={"aggregate": aggregate}, **call_keys)
    return run(root, cycle_doc(calls={"tasting": call}), panel(*judges),
               [entry(w, call="tasting", category="red", type="company", name=f"{w.split('-')[0].title()} Estate")
                for w in WINES], sheets(marks, key=key))


# Each judge's ranking (1 = best) of Bordeaux (B), Porto (P), Mendoza (M), Stellenbosch (S):
#   j1 B1 P2 M3 S4   j2 P1 B2 M3 S4   j3 B1 M2 P3 S4   j4 M1 B2 S3 P4   j5 P1 B2 S3 M4
#   sums: B 1+2+1+2+2 = 8, P 2+1+3+4+1 = 11, M 3+3+2+1+4 = 13, S 4+4+4+3+3 = 18 (total 50 = 5 × 10)
RANKS = {
    "j1": {"bordeaux-claret": 1, "porto-tawny": 2, "mendoza-malbec": 3, "stellenbosch-pinotage": 4},
    "j2": {"porto-tawny": 1, "bordeaux-claret": 2, "mendoza-malbec": 3, "stellenbosch-pinotage": 4},
    "j3": {"bordeaux-claret": 1, "mendoza-malbec": 2, "porto-tawny": 3, "stellenbosch-pinotage": 4},
    "j4": {"mendoza-malbec": 1, "bordeaux-claret": 2, "stellenbosch-pinotage": 3, "porto-tawny": 4},
    "j5": {"porto-tawny": 1, "bordeaux-claret": 2, "stellenbosch-pinotage": 3, "mendoza-malbec": 4},
}


def test_wine_tasting_rank_sum_from_ranks_sheets_lowest_sum_wins(tmp_path):
    result = wine_run(tmp_path, RANKS, aggregate="rank-sum", key="ranks", marking="ranks")
    assert {w: result.score(w) for w in WINES} == {
        "bordeaux-claret": 8.0, "porto-tawny": 11.0, "mendoza-malbec": 13.0, "stellenbosch-pinotage": 18.0}
    assert result.table("red", "tasting") == [(1, "bordeaux-claret", None), (2, "porto-tawny", None),
                                              (3, "mendoza-malbec", None), (4, "stellenbosch-pinotage", None)]
    assert result.results.scores["bordeaux-claret"].higher_is_better is False
    assert result.results.scores["bordeaux-claret"].detail["rank-sum"] == 8.0


# The same tasting as marks (higher is better), converted to ranks per judge; j5 gives Stellenbosch and
# Mendoza the same mark, so they share ranks 3 and 4: 3.5 each.
#   sums: B 8, P 11, M 3+3+2+1+3.5 = 12.5, S 4+4+4+3+3.5 = 18.5
WINE_MARKS = {
    "j1": {"bordeaux-claret": 9, "porto-tawny": 8, "mendoza-malbec": 7, "stellenbosch-pinotage": 5},
    "j2": {"porto-tawny": 9, "bordeaux-claret": 8.5, "mendoza-malbec": 7, "stellenbosch-pinotage": 6},
    "j3": {"bordeaux-claret": 8, "mendoza-malbec": 7.5, "porto-tawny": 7, "stellenbosch-pinotage": 4},
    "j4": {"mendoza-malbec": 9, "bordeaux-claret": 8, "stellenbosch-pinotage": 7, "porto-tawny": 6},
    "j5": {"porto-tawny": 9, "bordeaux-claret": 8, "stellenbosch-pinotage": 6, "mendoza-malbec": 6},
}


def test_wine_tasting_rank_sum_from_marks_tied_marks_share_the_average_rank(tmp_path):
    result = wine_run(tmp_path, WINE_MARKS, aggregate="rank-sum")
    assert {w: result.score(w) for w in WINES} == {
        "bordeaux-claret": 8.0, "porto-tawny": 11.0, "mendoza-malbec": 12.5, "stellenbosch-pinotage": 18.5}
    assert result.order("red", "tasting") == ["bordeaux-claret", "porto-tawny", "mendoza-malbec", "stellenbosch-pinotage"]


def test_ranks_sheet_with_a_tied_rank_shares_the_average(tmp_path):
    # j5 writes Stellenbosch and Mendoza both 3: they take ranks 3 and 4 between them, 3.5 each
    ranks = {**RANKS, "j5": {"porto-tawny": 1, "bordeaux-claret": 2, "stellenbosch-pinotage": 3, "mendoza-malbec": 3}}
    result = wine_run(tmp_path, ranks, aggregate="rank-sum", key="ranks", marking="ranks")
    assert result.score("mendoza-malbec") == 12.5
    assert result.score("stellenbosch-pinotage") == 18.5


def test_rank_sum_scales_a_smaller_panel_and_says_so(tmp_path):
    # j5 does not taste Stellenbosch: its sum over 4 ballots is 4+4+4+3 = 15, scaled to 5 judges: 15/4 × 5 = 18.75.
    # j5's ballot of 3 wines: P1 B2 M3 → B 8, P 11, M 3+3+2+1+3 = 12 (all on 5 ballots, unscaled).
    marks = {**WINE_MARKS, "j5": {"porto-tawny": 9, "bordeaux-claret": 8, "mendoza-malbec": 6}}
    result = wine_run(tmp_path, marks, aggregate="rank-sum")
    assert {w: result.score(w) for w in WINES} == {
        "bordeaux-claret": 8.0, "porto-tawny": 11.0, "mendoza-malbec": 12.0, "stellenbosch-pinotage": 18.75}
    assert result.results.scores["stellenbosch-pinotage"].detail["rank-sum"] == 15.0
    assert any("scaled to the full panel of 5 judges" in note for note in result.notes("red", "tasting"))


# Borda on the marks above: a wine gets m - rank = 4 - rank points per ballot:
#   B 3+2+3+2+2 = 12, P 2+3+1+0+3 = 9, M 1+1+2+3+0.5 = 7.5, S 0+0+0+1+0.5 = 1.5 (total 30 = 5 × 6)
# Pairwise (a over b on how many ballots): B>P 3-2, B>M 4-1, B>S 5-0, P>M 3-2, P>S 4-1, M>S 4-0 (j5 ties M, S)
#   B beats all three, P two, M one, S none: Schulze and Kemeny wins 3, 2, 1, 0
@pytest.mark.parametrize("method, scores", [
    ("borda", {"bordeaux-claret": 12.0, "porto-tawny": 9.0, "mendoza-malbec": 7.5, "stellenbosch-pinotage": 1.5}),
    ("schulze", {"bordeaux-claret": 3.0, "porto-tawny": 2.0, "mendoza-malbec": 1.0, "stellenbosch-pinotage": 0.0}),
    ("kemeny", {"bordeaux-claret": 3.0, "porto-tawny": 2.0, "mendoza-malbec": 1.0, "stellenbosch-pinotage": 0.0}),
])
def test_wine_tasting_by_borda_schulze_and_kemeny(tmp_path, method, scores):
    result = wine_run(tmp_path, WINE_MARKS, aggregate=method)
    assert {w: result.score(w) for w in WINES} == scores
    assert result.order("red", "tasting") == ["bordeaux-claret", "porto-tawny", "mendoza-malbec", "stellenbosch-pinotage"]
    assert all(result.results.scores[w].higher_is_better for w in WINES)
    if method != "borda":
        assert result.results.scores["bordeaux-claret"].detail["wins"] == 3


# A profile where Borda and the Condorcet methods disagree (one overall mark, 5 judges):
#   j1, j2, j3: lyon 9, porto 8, tallinn 2     (lyon > porto > tallinn)
#   j4, j5:     porto 10, tallinn 9, lyon 1    (porto > tallinn > lyon)
#   mean:     lyon (27 + 2)/5 = 5.8, porto (24 + 20)/5 = 8.8, tallinn (6 + 18)/5 = 4.8
#   median:   lyon 9, porto 8, tallinn 2
#   trimmed-mean, trim 1: lyon 9,9,1 → 19/3; porto 8,8,10 → 26/3; tallinn 2,2,9 → 13/3
#   rank-sum: lyon 1+1+1+3+3 = 9, porto 2+2+2+1+1 = 8, tallinn 3+3+3+2+2 = 13 (lowest wins)
#   borda (m = 3): lyon 2·3 + 0·2 = 6, porto 1·3 + 2·2 = 7, tallinn 0·3 + 1·2 = 2
#   pairwise: lyon > porto 3-2, lyon > tallinn 3-2, porto > tallinn 5-0: lyon is the Condorcet winner,
#   schulze and kemeny wins: lyon 2, porto 1, tallinn 0
CONDORCET = {"lyon-tram": [9, 9, 9, 1, 1], "porto-river": [8, 8, 8, 10, 10], "tallinn-data": [2, 2, 2, 9, 9]}
COMPARED = [
    ("mean", [5.8, 8.8, 4.8], ["porto-river", "lyon-tram", "tallinn-data"]),
    ("median", [9.0, 8.0, 2.0], ["lyon-tram", "porto-river", "tallinn-data"]),
    ("trimmed-mean:1", [round(19 / 3, 6), round(26 / 3, 6), round(13 / 3, 6)], ["porto-river", "lyon-tram", "tallinn-data"]),
    # no trim declared (0): a trimmed method trims 1, or it would just be the sum
    ("trimmed-sum", [19.0, 26.0, 13.0], ["porto-river", "lyon-tram", "tallinn-data"]),
    ("rank-sum", [9.0, 8.0, 13.0], ["porto-river", "lyon-tram", "tallinn-data"]),
    ("borda", [6.0, 7.0, 2.0], ["porto-river", "lyon-tram", "tallinn-data"]),
    ("schulze", [2.0, 1.0, 0.0], ["lyon-tram", "porto-river", "tallinn-data"]),
    ("kemeny", [2.0, 1.0, 0.0], ["lyon-tram", "porto-river", "tallinn-data"]),
]


@pytest.mark.parametrize("method, scores, order", [c for c in COMPARED if not c[0].startswith("trimmed")])
def test_declared_method_borda_and_condorcet_methods_disagree(tmp_path, method, scores, order):
    result = scored_run(tmp_path, CONDORCET, J5, rules={"aggregate": method})
    assert [result.score(e) for e in CONDORCET] == scores
    assert result.order() == order


def test_kemeny_refuses_more_than_ten_entries_in_contention(tmp_path):
    cities = ["seoul", "busan", "incheon", "oslo", "baguio", "cebu", "tallinn", "tartu", "lyon", "porto", "vienna"]
    marks = {f"{c}-project": [k % 10, (k * 3) % 10] for k, c in enumerate(cities)}
    result = run(tmp_path, cycle_doc(rules={"aggregate": "kemeny"}), panel("j1", "j2"),
                 [entry(e) for e in marks], sheets(by_judge(marks, ["j1", "j2"])), errors=("J413",))
    assert result.codes() == ["J413"]
    assert all(row.rank is None for row in result.rows())
    seoul = result.results.scores["seoul-project"]
    assert seoul.status == "method-limit"
    assert seoul.reason == "kemeny ranks at most 10 entries exactly; 11 are in contention"
    # schulze has no such limit
    assert len(compute(result.cycle, method="schulze").rankings[0].rows) == 11
    assert compute(result.cycle, method="schulze").rankings[0].rows[0].rank == 1


# ------------------------------------------------------------------------------------------------
# 10. compute(cycle, method=...) ranks with the replaced method (rank --compare)

@pytest.mark.parametrize("method, scores, order", COMPARED)
def test_compute_with_a_replaced_method(tmp_path, method, scores, order):
    declared = scored_run(tmp_path, CONDORCET, J5, rules={"aggregate": "mean", "tie_break": ["median", "shared"]})
    assert declared.order() == ["porto-river", "lyon-tram", "tallinn-data"]
    replaced = compute(declared.cycle, method=method)
    assert replaced.method == method
    assert [replaced.scores[e].score for e in CONDORCET] == scores
    ranking = next(r for r in replaced.rankings if r.category == "people")
    assert [row.result.entry.id for row in ranking.rows] == order
    # the declared results are not disturbed by the comparison
    assert [compute(declared.cycle).scores[e].score for e in CONDORCET] == [5.8, 8.8, 4.8]


# The declared rules (mean) give gold to porto (8.8). A min_score is a mark: checks refuse it beside a declared
# rank method (R211, "no score to hold against min_score"), and rank-sum already leaves it alone. Under
# --compare the other rank methods must not hold it against their points or wins either; whether it is
# ignored or held against the mean mark, the gold goes to the method's winner here:
#   rank-sum, min 8:  porto (sum 8; mean 8.8)         median, min 8: lyon (median 9)
#   borda, min 7.5:   porto (7 points; mean 8.8)      schulze / kemeny, min 4: lyon (2 wins; mean 5.8)
@pytest.mark.parametrize("method, min_score, winner", [
    ("rank-sum", 8, "porto-river"),
    ("median", 8, "lyon-tram"),
    ("borda", 7.5, "porto-river"),
    ("schulze", 4, "lyon-tram"),
    ("kemeny", 4, "lyon-tram"),
])
def test_compare_never_holds_min_score_against_points_or_wins(tmp_path, method, min_score, winner):
    declared = scored_run(tmp_path, CONDORCET, J5, awards={"gold": {"count": 1, "min_score": min_score}})
    assert declared.awarded() == [("gold", "porto-river")]
    replaced = compute(declared.cycle, method=method)
    assert [(a.award, a.entry.id) for a in replaced.allocation.awards] == [("gold", winner)]
    assert replaced.allocation.unfilled == []


# An evaluation round shortlists marks of 5 or more (declared mean: porto 8.8 and lyon 5.8 go through,
# tallinn 4.8 stops). Under --compare a rank method must not cut everyone because 2 wins or a rank sum of 9
# is "below 5" (or above it): lyon and porto reach the final whichever way the threshold is read.
@pytest.mark.parametrize("method", [
    "borda",
    "rank-sum",
    "schulze",
    "kemeny",
])
def test_compare_never_holds_a_mark_threshold_against_points_or_wins(tmp_path, method):
    cycle = cycle_doc(rounds={"evaluation": {"shortlist": {"threshold": 5}}, "final": {}})
    marks = {**sheets(by_judge(CONDORCET, J5), round="evaluation"), **sheets(by_judge(CONDORCET, J5), round="final")}
    declared = run(tmp_path, cycle, panel(*J5), [entry(e) for e in CONDORCET], marks)
    assert declared.order() == ["porto-river", "lyon-tram"]
    replaced = compute(declared.cycle, method=method)
    ranked = {row.result.entry.id for row in replaced.rankings[0].rows if row.rank is not None}
    assert {"lyon-tram", "porto-river"} <= ranked


def test_compare_method_leaves_a_screening_round_alone(tmp_path):
    # A screening round counts verdicts whatever the method; the replaced method ranks the final round.
    cycle = cycle_doc(rounds={"eligibility": {"screening": True}, "final": {}})
    marks = {**sheets({"s1": {e: "pass" for e in CONDORCET}}, round="eligibility"),
             **sheets(by_judge(CONDORCET, J5), round="final")}
    result = run(tmp_path, cycle, panel("s1", *J5), [entry(e) for e in CONDORCET], marks, method="schulze")
    assert result.order() == ["lyon-tram", "porto-river", "tallinn-data"]
    assert result.results.scores["lyon-tram"].stages[0].verdicts == (1, 0)
