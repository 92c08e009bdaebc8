"""Judging rules: the tie-break chain.

Through the whole engine: small cycle folders on disk (rulecycles.py), every expectation worked out
by hand in the comments (formula, then the numbers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rulecycles import DESIGN_IMPACT, J3, Run, by_judge, cycle_doc, entry, panel, run, sheets

from smartaward.diagnostics import Severity

# ------------------------------------------------------------------------------------------------
# 6. The tie-break chain: each rule on its own, with [rule, shared].
# lyon-tram and porto-river always tie on the mean; each rule puts porto (the later id) first, so the
# order is the rule's doing, not the ids'.

TIE_CASES = {
    # criteria design, impact (equal weights): porto (6, 8) twice → 7; lyon (8, 6) twice → 7.
    # impact means: porto 8 > lyon 6
    "criterion:impact": {"porto-river": [{"design": 6, "impact": 8}] * 2, "lyon-tram": [{"design": 8, "impact": 6}] * 2},
    # mean 7 both; medians: porto (5, 7, 9) → 7 > lyon (6, 6, 9) → 6
    "median": {"porto-river": [5, 7, 9], "lyon-tram": [6, 6, 9]},
    # mean 7 both; from the highest down: porto 9, 6, 6 beats lyon 8, 8, 5 at the first (9 > 8)
    # (the median would have put lyon first: 8 > 6)
    "count-back": {"porto-river": [9, 6, 6], "lyon-tram": [8, 8, 5]},
    # mean 7 both (tallinn 6 is third); each judge's best total: j1 porto 10, j2 porto 9, j3 tallinn 8
    # → porto 2 first places, lyon 0
    "first-places": {"porto-river": [10, 9, 2], "lyon-tram": [7, 7, 7], "tallinn-data": [5, 5, 8]},
    # mean 7 both; spread: porto (7, 7, 7) sd 0 < lyon (6, 7, 8) sd √(2/3) (count-back would pick lyon)
    "spread": {"porto-river": [7, 7, 7], "lyon-tram": [6, 7, 8]},
    # identical marks; porto submitted 2025-04-20, before lyon (2025-05-02)
    "submitted": {"porto-river": [7, 7, 7], "lyon-tram": [7, 7, 7]},
    # identical marks; a recorded decision puts porto first
    "chair": {"porto-river": [7, 7, 7], "lyon-tram": [7, 7, 7]},
}
CHAIR_DECISION = {"tie": ["porto-river", "lyon-tram"], "decided_by": "Jury chair Kim Min-ji", "decided_on": "2025-06-10",
                  "note": "Decided at the final jury meeting in Seoul"}


def tie_run(root: Path, marks: dict[str, list[Any]], chain: list[str], *, decisions=None) -> Run:
    judges = J3 if len(next(iter(marks.values()))) == 3 else ["j1", "j2"]
    with_criteria = isinstance(next(iter(marks.values()))[0], dict)
    entries = [entry(e, submitted="2025-04-20" if e == "porto-river" else "2025-05-02") for e in marks]
    cycle = cycle_doc(rules={"tie_break": chain}, decisions=decisions, criteria=DESIGN_IMPACT if with_criteria else None)
    return run(root, cycle, panel(*judges), entries, sheets(by_judge(marks, judges)))


@pytest.mark.parametrize("rule", list(TIE_CASES))
def test_each_tie_break_rule_decides_and_is_named(tmp_path, rule):
    result = tie_run(tmp_path, TIE_CASES[rule], [rule, "shared"], decisions=[CHAIR_DECISION] if rule == "chair" else None)
    assert result.score("porto-river") == result.score("lyon-tram") == 7.0
    assert result.table()[:2] == [(1, "porto-river", rule), (2, "lyon-tram", rule)]
    assert "J412" not in result.codes()


@pytest.mark.parametrize("rule", list(TIE_CASES))
def test_without_a_tie_break_the_same_ties_are_shared(tmp_path, rule):
    result = tie_run(tmp_path, TIE_CASES[rule], ["shared"])
    assert result.table()[:2] == [(1, "lyon-tram", "shared"), (1, "porto-river", "shared")]


def test_chair_without_a_recorded_decision_warns_and_the_tie_is_shared(tmp_path):
    result = tie_run(tmp_path, TIE_CASES["chair"], ["chair", "shared"])
    assert result.table() == [(1, "lyon-tram", "shared"), (1, "porto-river", "shared")]
    warnings = [d for d in result.diagnostics if d.code == "J412"]
    assert len(warnings) == 1 and "lyon-tram, porto-river" in warnings[0].message
    assert warnings[0].severity is Severity.WARNING


def test_chair_without_a_decision_falls_through_to_the_next_rule(tmp_path):
    result = tie_run(tmp_path, TIE_CASES["submitted"], ["chair", "submitted", "shared"])
    assert result.table() == [(1, "porto-river", "submitted"), (2, "lyon-tram", "submitted")]
    assert "J412" in result.codes()


def test_a_decision_for_another_round_does_not_decide(tmp_path):
    # the decision names the 'evaluation' round; the call is judged in one round
    decision = {**CHAIR_DECISION, "round": "evaluation"}
    root = tmp_path
    cycle = cycle_doc(rules={"tie_break": ["chair", "shared"]}, decisions=[decision])
    result = run(root, cycle, panel(*J3), [entry(e) for e in TIE_CASES["chair"]],
                 sheets(by_judge(TIE_CASES["chair"], J3)), errors=("J408",))
    assert result.table() == [(1, "lyon-tram", "shared"), (1, "porto-river", "shared")]


def test_a_decision_for_the_final_round_decides_the_final_ranking(tmp_path):
    cycle = cycle_doc(rules={"tie_break": ["chair", "shared"]}, rounds={"evaluation": {}, "final": {}},
                      decisions=[{**CHAIR_DECISION, "round": "final"}])
    marks = {"porto-river": [7, 7], "lyon-tram": [7, 7]}
    sheet_files = {**sheets(by_judge(marks, ["j1", "j2"]), round="evaluation"),
                   **sheets(by_judge(marks, ["j1", "j2"]), round="final")}
    result = run(tmp_path, cycle, panel("j1", "j2"), [entry(e) for e in marks], sheet_files)
    assert result.table() == [(1, "porto-river", "chair"), (2, "lyon-tram", "chair")]
    assert result.codes() == []


def test_shared_ranks_run_1_2_2_4(tmp_path):
    marks = {"seoul-air": [9, 9], "lyon-tram": [8, 8], "porto-river": [8, 8], "vienna-heat": [7, 7]}
    result = tie_run(tmp_path, marks, ["shared"])
    assert result.table() == [(1, "seoul-air", None), (2, "lyon-tram", "shared"), (2, "porto-river", "shared"),
                              (4, "vienna-heat", None)]


# All three score 7 (criteria design, impact, equal weights):
#   porto    (6, 8) (6, 8)   impact mean 8
#   lyon     (7, 7) (7, 7)   impact mean 7, totals 7, 7 → median 7
#   tallinn  (5, 7) (9, 7)   impact mean 7, totals 6, 8 → median 7
# [criterion:impact, median, shared]: impact puts porto first; lyon and tallinn stay level on both → shared 2
def test_three_way_tie_partly_broken_names_each_rows_rule(tmp_path):
    marks = {"porto-river": [{"design": 6, "impact": 8}] * 2, "lyon-tram": [{"design": 7, "impact": 7}] * 2,
             "tallinn-data": [{"design": 5, "impact": 7}, {"design": 9, "impact": 7}]}
    result = tie_run(tmp_path, marks, ["criterion:impact", "median", "shared"])
    assert result.table() == [(1, "porto-river", "criterion:impact"), (2, "lyon-tram", "shared"),
                              (2, "tallinn-data", "shared")]


# Both score 7 with the same impact mean 22/3; the chain goes on to the median:
#   porto: (3, 7) → 5, (7, 7) → 7, (10, 8) → 9: median 7;  lyon: (5, 7) → 6, (5, 7) → 6, (10, 8) → 9: median 6
def test_tie_names_the_rule_further_down_the_chain_that_decided(tmp_path):
    marks = {"porto-river": [{"design": 3, "impact": 7}, {"design": 7, "impact": 7}, {"design": 10, "impact": 8}],
             "lyon-tram": [{"design": 5, "impact": 7}, {"design": 5, "impact": 7}, {"design": 10, "impact": 8}]}
    result = tie_run(tmp_path, marks, ["criterion:impact", "median", "shared"])
    assert result.table() == [(1, "porto-river", "median"), (2, "lyon-tram", "median")]
