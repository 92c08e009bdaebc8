"""Judging rules: rounds (screening, shortlists, combining).

Through the whole engine: small cycle folders on disk (rulecycles.py), every expectation worked out
by hand in the comments (formula, then the numbers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rulecycles import J3, Run, by_judge, cycle_doc, entry, panel, run, sheets

# ------------------------------------------------------------------------------------------------
# 5. Rounds

# Screening by the secretariat (s1, s2, s3), then a final jury (j1, j2) marking every entry:
#   verdicts                        final marks   majority         all     any
#   seoul-air      pass pass pass   8             in (3-0)         in      in
#   oslo-bikes     pass pass fail   7             in (2-1)         out     in
#   baguio-health  pass fail fail   9             out (1-2)        out     in
#   lyon-tram      fail fail fail   10            out              out     out
#   porto-river    pass fail  —     6             in (1-1: tie)    out     in
SCREENING = {"seoul-air": ["pass", "pass", "pass"], "oslo-bikes": ["pass", "pass", "fail"],
             "baguio-health": ["pass", "fail", "fail"], "lyon-tram": ["fail", "fail", "fail"],
             "porto-river": ["pass", "fail"]}
FINAL = {"seoul-air": [8, 8], "oslo-bikes": [7, 7], "baguio-health": [9, 9], "lyon-tram": [10, 10], "porto-river": [6, 6]}


def screened_run(root: Path, passes: str) -> Run:
    cycle = cycle_doc(rounds={"eligibility": {"title": "Eligibility", "screening": True, "passes": passes},
                              "final": {"title": "Final jury"}})
    marks = {**sheets(by_judge(SCREENING, ["s1", "s2", "s3"]), round="eligibility"),
             **sheets(by_judge(FINAL, ["j1", "j2"]), round="final")}
    return run(root, cycle, panel("s1", "s2", "s3", "j1", "j2"), [entry(e) for e in SCREENING], marks)


@pytest.mark.parametrize("passes, order", [
    ("majority", ["seoul-air", "oslo-bikes", "porto-river"]),
    ("all", ["seoul-air"]),
    ("any", ["baguio-health", "seoul-air", "oslo-bikes", "porto-river"]),
])
def test_screening_passes_majority_all_or_any(tmp_path, passes, order):
    result = screened_run(tmp_path, passes)
    assert result.order() == order
    assert result.results.scores["porto-river"].stages[0].verdicts == (1, 1)


def test_an_entry_screened_out_is_unranked_with_a_reason_naming_the_round(tmp_path):
    result = screened_run(tmp_path, "majority")
    assert result.table()[3:] == [
        (None, "baguio-health", "did not pass the 'eligibility' screening (1 pass, 2 fail; majority must pass)"),
        (None, "lyon-tram", "did not pass the 'eligibility' screening (0 pass, 3 fail; majority must pass)")]
    lyon = result.results.scores["lyon-tram"]
    assert lyon.status == "screened-out" and lyon.round == "eligibility"
    assert [s.round for s in lyon.stages] == ["eligibility"]  # its final marks never counted
    assert [s.round for s in result.results.scores["seoul-air"].stages] == ["eligibility", "final"]
    assert result.awarded() == []


# Evaluation marks (2 judges, same mark): seoul 9, oslo 8, baguio 8, lyon 6 → ranks 1, 2, 2, 4.
# Top 2 go through, but oslo and baguio tie at the cut: both go, 3 entries in all; lyon stops.
# Final marks: seoul 7, oslo 9, baguio 8 (lyon's 10 is never counted) → oslo, baguio, seoul.
EVALUATION = {"seoul-air": [9, 9], "oslo-bikes": [8, 8], "baguio-health": [8, 8], "lyon-tram": [6.5, 6.5]}
FINALISTS = {"seoul-air": [7, 7], "oslo-bikes": [9, 9], "baguio-health": [8, 8], "lyon-tram": [10, 10]}


def rounds_run(root: Path, shortlist: dict[str, Any] | None, *, evaluation=EVALUATION, final=FINALISTS,
               combine: str = "final-only", weights: tuple[float, float] = (1, 1)) -> Run:
    evaluation_round: dict[str, Any] = {"title": "Evaluation", "weight": weights[0]}
    if shortlist is not None:
        evaluation_round["shortlist"] = shortlist
    cycle = cycle_doc(rounds={"evaluation": evaluation_round, "final": {"title": "Final", "weight": weights[1]}},
                      combine=combine)
    marks = {**sheets(by_judge(evaluation, ["j1", "j2"]), round="evaluation"),
             **sheets(by_judge(final, ["j1", "j2"]), round="final")}
    return run(root, cycle, panel("j1", "j2"), [entry(e) for e in evaluation], marks)


def test_shortlist_top_k_lets_everyone_tied_at_the_cut_through_and_says_so(tmp_path):
    result = rounds_run(tmp_path, {"top": 2})
    assert result.table() == [(1, "oslo-bikes", None), (2, "baguio-health", None), (3, "seoul-air", None),
                              (None, "lyon-tram", "not shortlisted in the 'evaluation' round (rank 4; the top 2 go through)")]
    assert result.results.scores["lyon-tram"].status == "not-shortlisted"
    assert len(result.notes()) == 1 and "3 entries go through to the next round, not 2" in result.notes()[0]
    assert "tied at the cut all go through" in result.notes()[0]


def test_a_tie_break_chain_of_the_round_decides_at_the_cut(tmp_path):
    # The same marks as above, but baguio's 8 is 7 and 9 (spread 1) and oslo's is 8 and 8 (spread 0):
    # with tie_break [spread, shared], oslo takes rank 2 and baguio rank 3: only the top 2 go through.
    evaluation = {**EVALUATION, "baguio-health": [7, 9]}
    cycle = cycle_doc(rules={"tie_break": ["spread", "shared"]},
                      rounds={"evaluation": {"shortlist": {"top": 2}}, "final": {}})
    marks = {**sheets(by_judge(evaluation, ["j1", "j2"]), round="evaluation"),
             **sheets(by_judge(FINALISTS, ["j1", "j2"]), round="final")}
    result = run(tmp_path, cycle, panel("j1", "j2"), [entry(e) for e in evaluation], marks)
    assert result.order() == ["oslo-bikes", "seoul-air"]
    assert result.results.scores["baguio-health"].reason == \
        "not shortlisted in the 'evaluation' round (rank 3; the top 2 go through)"
    assert result.notes() == []


def test_threshold_shortlist_lets_through_everyone_at_or_above_it(tmp_path):
    # threshold 8: seoul 9, oslo 8, baguio 8 (exactly 8 goes through); lyon 6.5 stops
    result = rounds_run(tmp_path, {"threshold": 8})
    assert result.order() == ["oslo-bikes", "baguio-health", "seoul-air"]
    assert result.results.scores["lyon-tram"].reason == "not shortlisted in the 'evaluation' round (score 6.5; 8 needed)"
    assert result.notes() == []


# Three rounds: eligibility screening (majority) → evaluation (top 2) → final.
#                 screening     evaluation   final
#   seoul-air     P P P  in     9            7
#   oslo-bikes    P P F  in     8            9
#   baguio-health P P P  in     8            8      (oslo and baguio tie at the cut: 3 go through)
#   cebu-ferry    P F P  in     7 (rank 4)   —      not shortlisted
#   lyon-tram     F F P  out    —            —      screened out (1 pass, 2 fail)
# final: oslo 9, baguio 8, seoul 7 → gold oslo, silver baguio
def test_screening_then_shortlist_then_final(tmp_path):
    cycle = cycle_doc(awards={"gold": 1, "silver": 1}, rounds={
        "eligibility": {"title": "Eligibility screening", "screening": True},
        "evaluation": {"title": "Evaluation", "shortlist": {"top": 2}},
        "final": {"title": "Final jury"}})
    verdicts = {"seoul-air": ["pass"] * 3, "oslo-bikes": ["pass", "pass", "fail"], "baguio-health": ["pass"] * 3,
                "cebu-ferry": ["pass", "fail", "pass"], "lyon-tram": ["fail", "fail", "pass"]}
    evaluation = {"seoul-air": [9, 9], "oslo-bikes": [8, 8], "baguio-health": [8, 8], "cebu-ferry": [7, 7]}
    final = {"seoul-air": [7, 7], "oslo-bikes": [9, 9], "baguio-health": [8, 8]}
    marks = {**sheets(by_judge(verdicts, ["s1", "s2", "s3"]), round="eligibility"),
             **sheets(by_judge(evaluation, ["j1", "j2"]), round="evaluation"),
             **sheets(by_judge(final, ["j1", "j2"]), round="final")}
    result = run(tmp_path, cycle, panel("s1", "s2", "s3", "j1", "j2"), [entry(e) for e in verdicts], marks)
    assert result.table() == [
        (1, "oslo-bikes", None), (2, "baguio-health", None), (3, "seoul-air", None),
        (None, "cebu-ferry", "not shortlisted in the 'evaluation' round (rank 4; the top 2 go through)"),
        (None, "lyon-tram", "did not pass the 'eligibility' screening (1 pass, 2 fail; majority must pass)")]
    stages = {e: [s.round for s in result.results.scores[e].stages] for e in verdicts}
    assert stages == {"seoul-air": ["eligibility", "evaluation", "final"], "oslo-bikes": ["eligibility", "evaluation", "final"],
                      "baguio-health": ["eligibility", "evaluation", "final"], "cebu-ferry": ["eligibility", "evaluation"],
                      "lyon-tram": ["eligibility"]}
    assert result.results.scores["oslo-bikes"].stages[1].score == 8.0  # its evaluation score, kept
    assert len(result.notes()) == 1 and "3 entries go through to the next round, not 2" in result.notes()[0]
    assert "tied at the cut all go through" in result.notes()[0]
    assert result.awarded() == [("gold", "oslo-bikes"), ("silver", "baguio-health")]


# A rank-sum evaluation round shortlists the LOWEST sums (ranks by j1, j2, j3):
#   seoul 1+1+2 = 4, oslo 2+2+1 = 5, baguio 3+3+3 = 9, lyon 4+4+4 = 12 → top 2: seoul, oslo
def test_rank_sum_shortlist_keeps_the_lowest_sums(tmp_path):
    evaluation = {"seoul-air": [9, 9, 8], "oslo-bikes": [8, 8, 9], "baguio-health": [7, 7, 7], "lyon-tram": [6, 6, 6]}
    cycle = cycle_doc(rules={"aggregate": "rank-sum"}, rounds={"evaluation": {"shortlist": {"top": 2}}, "final": {}})
    marks = {**sheets(by_judge(evaluation, J3), round="evaluation"), **sheets(by_judge(evaluation, J3), round="final")}
    result = run(tmp_path, cycle, panel(*J3), [entry(e) for e in evaluation], marks)
    assert [s.score for s in result.results.scores["baguio-health"].stages] == [9.0]
    assert result.table() == [
        (1, "seoul-air", None), (2, "oslo-bikes", None),
        (None, "baguio-health", "not shortlisted in the 'evaluation' round (rank 3; the top 2 go through)"),
        (None, "lyon-tram", "not shortlisted in the 'evaluation' round (rank 4; the top 2 go through)")]


def test_entries_without_a_verdict_or_late_never_reach_the_final(tmp_path):
    cycle = cycle_doc(rounds={"eligibility": {"screening": True}, "final": {}}, closes="2025-05-15")
    entries = [entry("seoul-air"), entry("oslo-bikes", submitted="2025-05-20"), entry("baguio-health")]
    marks = {**sheets({"s1": {"seoul-air": "pass", "oslo-bikes": "pass"}}, round="eligibility"),
             **sheets({"j1": {"seoul-air": 8, "oslo-bikes": 9, "baguio-health": 9}}, round="final")}
    result = run(tmp_path, cycle, panel("s1", "j1"), entries, marks)
    assert result.table() == [(1, "seoul-air", None),
                              (None, "baguio-health", "no screening verdict in the 'eligibility' round"),
                              (None, "oslo-bikes", "submitted 2025-05-20, after the call closed on 2025-05-15")]
    assert result.results.scores["baguio-health"].status == "not-screened"
    # late (J401); no verdict for baguio-health (J415); j1's final marks on both are not counted (J417)
    assert result.codes() == ["J401", "J415", "J417", "J417"]


# Two scored rounds, evaluation weight 1 and final weight 3, no shortlist:
#                 evaluation  final   sum    best   weighted (1·e + 3·f)/4
#   seoul-air     9           6       15     9      (9 + 18)/4 = 6.75
#   oslo-bikes    6           8       14     8      (6 + 24)/4 = 7.5
#   baguio-health 7.5         7       14.5   7.5    (7.5 + 21)/4 = 7.125
COMBINE_EVALUATION = {"seoul-air": [9, 9], "oslo-bikes": [6, 6], "baguio-health": [7.5, 7.5]}
COMBINE_FINAL = {"seoul-air": [6, 6], "oslo-bikes": [8, 8], "baguio-health": [7, 7]}


@pytest.mark.parametrize("combine, scores, order", [
    ("final-only", [6.0, 8.0, 7.0], ["oslo-bikes", "baguio-health", "seoul-air"]),
    ("sum", [15.0, 14.0, 14.5], ["seoul-air", "baguio-health", "oslo-bikes"]),
    ("best", [9.0, 8.0, 7.5], ["seoul-air", "oslo-bikes", "baguio-health"]),
    ("weighted", [6.75, 7.5, 7.125], ["oslo-bikes", "baguio-health", "seoul-air"]),
])
def test_rounds_combine(tmp_path, combine, scores, order):
    result = rounds_run(tmp_path, None, evaluation=COMBINE_EVALUATION, final=COMBINE_FINAL, combine=combine, weights=(1, 3))
    assert [result.score(e) for e in COMBINE_EVALUATION] == scores
    assert [result.results.scores[e].raw_score for e in COMBINE_EVALUATION] == scores
    assert result.order() == order


def test_combined_score_records_each_rounds_own_score(tmp_path):
    result = rounds_run(tmp_path, None, evaluation=COMBINE_EVALUATION, final=COMBINE_FINAL, combine="sum")
    seoul = result.results.scores["seoul-air"]
    assert seoul.score == 15.0
    # what each round gave, for explain: evaluation 9, final 6
    assert seoul.detail["combined"] == {"evaluation": 9.0, "final": 6.0}
    assert [s.score for s in seoul.stages] == [9.0, 6.0]
    final_stage = result.results.scoring.stages[-1]
    assert final_stage.round == "final" and final_stage.results["seoul-air"].score == 6.0
