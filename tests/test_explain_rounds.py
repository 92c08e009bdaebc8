"""`explain` names where and why (issue 16, item 5): the round where an entry stopped and why, the
rounds it did not start (combine: best), what makes a per-criterion score (the trimmed sum, the
factor, the product, the raw marks and which were trimmed), and every mark not counted with the
reason — as text and as JSON (whose keys are a contract: the old ones all stay).

Small cycle folders on disk (rulecycles.py); every figure worked out by hand in the comments.
Tests that need the rounds work (combine: best, did-not-start, cut on several rounds) or the
criteria work (factors, panel: criterion, criterion_scores) wait for those to land.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers import run as cli
from rulecycles import J3, J5, by_judge, cycle_doc, entry, panel, run, sheets

# The keys `explain -f json` had before issue 16 (docs/cli.md): every one stays.
OLD_ROUND_KEYS = {"round", "reached", "screening", "rules", "lines", "verdicts", "criterion_means", "score", "raw_score",
                  "round_rank", "round_tie", "outcome", "method", "comments_without_marks"}
OLD_LINE_KEYS = {"judge", "name", "marks", "total", "normalised", "counted", "excluded", "trimmed", "not_normalised", "comment"}
OLD_RESULT_KEYS = {"score", "raw_score", "lower_is_better", "combined", "rank", "of", "tie", "tied_with", "reason", "ineligible",
                   "award", "award_note", "notes", "pending", "awaits_chair"}
NEW_ROUND_KEYS = {"status", "stopped", "factor", "cut_score", "criterion_scores", "not_counted"}
NEW_RESULT_KEYS = {"stopped_in", "did_not_start"}


def explained(root: Path, entry_id: str) -> tuple[dict[str, Any], str]:
    """explain ENTRY as JSON (parsed) and as text."""
    as_json = cli("explain", entry_id, root, "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    as_text = cli("explain", entry_id, root)
    assert as_text.exit_code == 0, as_text.output
    return json.loads(as_json.stdout), as_text.stdout


def by_round(document: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    return {r["round"]: r for r in document["rounds"]}


# ------------------------------------------------------------------------------------------------
# Where an entry stopped, and why

# Two rounds, evaluation then final (every evaluated entry goes on), min_judges 2. oslo-bikes has a
# single judge's marks in the final: it stops there, with 1 valid score.
TWO_ROUNDS = {"evaluation": {"title": "Evaluation"}, "final": {"title": "Final"}}


def two_round_run(root: Path) -> None:
    evaluation = {"seoul-air": [8, 8, 8], "oslo-bikes": [7, 7, 7], "baguio-health": [9, 9, 9]}
    final = {"seoul-air": [8, 9, 7], "oslo-bikes": [6], "baguio-health": [9, 8, 9]}
    marks = {**sheets(by_judge(evaluation, J3), round="evaluation"), **sheets(by_judge(final, J3), round="final")}
    run(root, cycle_doc(rules={"min_judges": 2}, rounds=TWO_ROUNDS), panel(*J3), [entry(e) for e in evaluation], marks)


def test_an_entry_short_of_judges_names_the_round_it_stopped_in(tmp_path):
    two_round_run(tmp_path)
    document, text = explained(tmp_path, "oslo-bikes")
    result = document["result"]
    assert result["rank"] is None and result["stopped_in"] == "final"
    assert result["reason"] == "1 valid score, fewer than min_judges (2)"
    rounds = by_round(document)
    assert (rounds["evaluation"]["stopped"], rounds["final"]["stopped"]) == (False, True)
    assert rounds["final"]["status"] == "too-few-judges"
    assert "result: not ranked — stopped in the 'final' round: 1 valid score, fewer than min_judges (2)" in text


def test_a_reason_that_names_its_round_is_not_said_twice(tmp_path):
    # A shortlist of the top 2 after the evaluation: oslo-bikes (7) is cut there.
    evaluation = {"seoul-air": [8, 8, 8], "oslo-bikes": [7, 7, 7], "baguio-health": [9, 9, 9]}
    final = {"seoul-air": [8, 9, 7], "baguio-health": [9, 8, 9]}
    marks = {**sheets(by_judge(evaluation, J3), round="evaluation"), **sheets(by_judge(final, J3), round="final")}
    rounds = {"evaluation": {"title": "Evaluation", "shortlist": {"top": 2}}, "final": {"title": "Final"}}
    run(tmp_path, cycle_doc(rounds=rounds), panel(*J3), [entry(e) for e in evaluation], marks)
    document, text = explained(tmp_path, "oslo-bikes")
    assert document["result"]["stopped_in"] == "evaluation"
    assert by_round(document)["evaluation"]["stopped"] is True
    assert "result: not ranked — not shortlisted in the 'evaluation' round (rank 3; the top 2 go through)" in text
    assert "stopped in the" not in text


def test_a_ranked_entry_stopped_nowhere_and_a_late_one_in_no_round(tmp_path):
    two_round_run(tmp_path)
    document, _ = explained(tmp_path, "seoul-air")
    assert document["result"]["stopped_in"] is None and document["result"]["did_not_start"] == []
    assert not any(r["stopped"] for r in document["rounds"])


def test_json_keeps_every_old_key_and_adds_the_new_ones(tmp_path):
    two_round_run(tmp_path)
    document, _ = explained(tmp_path, "oslo-bikes")
    for stage in document["rounds"]:
        assert OLD_ROUND_KEYS | NEW_ROUND_KEYS <= set(stage)
        for line in stage["lines"]:
            assert OLD_LINE_KEYS <= set(line)
    assert OLD_RESULT_KEYS | NEW_RESULT_KEYS <= set(document["result"])


# ------------------------------------------------------------------------------------------------
# Best of N runs: a run not started (waits for the rounds work: combine: best, did-not-start)

# A halfpipe final, best of three runs, each the mean of three judges' marks:
#   rider        run1        run2        run3        best
#   seoul-air    80 80 80    (no marks)  90 90 90    90  (run3)
#   oslo-bikes   70 70 70    85 85 85    60 60 60    85  (run2)
#   baguio-h.    (no marks)  (no marks)  (no marks)  did not start any run
RUNS = {"run1": {"title": "Run 1"}, "run2": {"title": "Run 2"}, "run3": {"title": "Run 3"}}


def best_of_runs(root: Path) -> None:
    run1 = {"seoul-air": [80, 80, 80], "oslo-bikes": [70, 70, 70]}
    run2 = {"oslo-bikes": [85, 85, 85]}
    run3 = {"seoul-air": [90, 90, 90], "oslo-bikes": [60, 60, 60]}
    marks = {**sheets(by_judge(run1, J3), round="run1"), **sheets(by_judge(run2, J3), round="run2"),
             **sheets(by_judge(run3, J3), round="run3")}
    cycle = cycle_doc(rounds=RUNS, combine="best")
    cycle["scale"] = {"min": 0, "max": 100}
    run(root, cycle, panel(*J3), [entry(e) for e in ("seoul-air", "oslo-bikes", "baguio-health")], marks)


def test_a_run_not_started_is_shown_as_such_and_the_rider_is_ranked_on_the_best_run(tmp_path):
    best_of_runs(tmp_path)
    document, text = explained(tmp_path, "seoul-air")
    result = document["result"]
    assert (result["rank"], result["score"], result["did_not_start"], result["stopped_in"]) == (1, 90, ["run2"], None)
    rounds = by_round(document)
    assert [(r, rounds[r]["score"], rounds[r]["status"]) for r in ("run1", "run2", "run3")] == [
        ("run1", 80, None), ("run2", None, "did-not-start"), ("run3", 90, None)]
    assert rounds["run2"]["outcome"] == "did not start the 'run2' round" and rounds["run2"]["stopped"] is False
    assert "0 valid scores" not in text
    assert "  outcome: did not start the 'run2' round (this round does not count)" in text
    assert "  did not start: run2 (best of the rounds it started)" in text


def test_a_rider_who_started_no_run_names_no_round(tmp_path):
    best_of_runs(tmp_path)
    document, text = explained(tmp_path, "baguio-health")
    result = document["result"]
    assert result["rank"] is None and result["stopped_in"] is None
    assert result["did_not_start"] == ["run1", "run2", "run3"]
    assert "result: not ranked — did not start any round\n  did not start: run1, run2, run3\n" in text


# ------------------------------------------------------------------------------------------------
# What makes a per-criterion score (waits for the criteria work: factors, criterion_scores)

# Two dives, five judges, trimmed-sum (trim 1) per criterion, degrees of difficulty 3.2 and 2.0:
#   dive1   7  6  7.5  8  9   → drop 6 and 9: 7 + 7.5 + 8 = 22.5   × 3.2 = 72
#   dive2   6  6  6.5  7  5   → drop 5 and one 7 (the highest): 6 + 6 + 6.5 = 18.5   × 2.0 = 37
#   score: the weighted sum 72 + 37 = 109
DIVES = {"dive1": {"title": "Dive 1"}, "dive2": {"title": "Dive 2"}}
DIVE_MARKS = {"dive1": [7, 6, 7.5, 8, 9], "dive2": [6, 6, 6.5, 7, 5]}
DIVING_RULES = {"aggregate": "trimmed-sum", "trim": 1, "per": "criterion", "total": "weighted-sum", "min_judges": 3}


def diving(root: Path, *, conflict: bool = False) -> None:
    lines = {j: {"seoul-air": {c: DIVE_MARKS[c][k] for c in DIVES}} for k, j in enumerate(J5)}
    judges = panel(*J5)
    if conflict:  # j6 declared a conflict with the entry, and marked it all the same
        lines["j6"] = {"seoul-air": {"dive1": 10, "dive2": 10}}
        judges = panel(*J5, "j6", j6={"conflicts": ["seoul-*"]})
    diver = entry("seoul-air") | {"factors": {"dive1": 3.2, "dive2": 2.0}}
    cycle = cycle_doc(rules=DIVING_RULES, criteria=DIVES)
    run(root, cycle, judges, [diver], sheets(lines))


def test_each_criterion_shows_its_trimmed_sum_factor_product_and_marks(tmp_path):
    diving(tmp_path)
    document, text = explained(tmp_path, "seoul-air")
    [stage] = document["rounds"]
    made = stage["criterion_scores"]
    assert {c: (m["aggregate"], m["factor"], m["score"]) for c, m in made.items()} == {
        "dive1": (22.5, 3.2, 72.0), "dive2": (18.5, 2.0, 37.0)}
    assert made["dive1"]["marks"] == {"j1": 7, "j2": 6, "j3": 7.5, "j4": 8, "j5": 9}
    assert sorted(made["dive1"]["trimmed"]) == ["j2", "j5"] and made["dive1"]["method"] == "trimmed-sum"
    assert len(made["dive2"]["trimmed"]) == 2 and "j5" in made["dive2"]["trimmed"]
    assert stage["score"] == 109
    assert "  dive1: 7, [6], 7.5, 8, [9] → trimmed-sum 22.5 × 3.2 = 72" in text
    assert "  (marks in [brackets] were trimmed)" in text


def test_every_mark_not_counted_is_listed_with_its_reason(tmp_path):
    diving(tmp_path, conflict=True)
    document, _ = explained(tmp_path, "seoul-air")
    [stage] = document["rounds"]
    not_counted = stage["not_counted"]
    conflict = [m for m in not_counted if m["judge"] == "j6"]
    assert len(conflict) == 1 and conflict[0]["code"] == "J402" and conflict[0]["criterion"] is None
    assert conflict[0]["mark"] == {"dive1": 10, "dive2": 10}
    trimmed = sorted((m["criterion"], m["judge"], m["mark"]) for m in not_counted if m["reason"].startswith("trimmed"))
    assert trimmed[:2] == [("dive1", "j2", 6), ("dive1", "j5", 9)]
    assert [c for c, _, _ in trimmed[2:]] == ["dive2", "dive2"]  # 5 and one of the 7s
    assert stage["score"] == 109  # the conflicting judge's 10s changed nothing


def test_without_per_criterion_there_is_no_criterion_breakdown(tmp_path):
    two_round_run(tmp_path)
    document, text = explained(tmp_path, "seoul-air")
    assert all(r["criterion_scores"] is None and r["factor"] is None for r in document["rounds"])
    assert "→" not in text


def test_a_judge_marks_only_some_criteria_under_panel_criterion(tmp_path):
    # The panel changes after dive 1: j1–j3 mark dive1, j3–j5 mark dive2; each dive is the mean of
    # its own judges' marks:  dive1 (6 + 7 + 8) / 3 = 7;  dive2 (5 + 6 + 7) / 3 = 6;  score 7 + 6 = 13
    lines = {"j1": {"dive1": 6}, "j2": {"dive1": 7}, "j3": {"dive1": 8, "dive2": 5}, "j4": {"dive2": 6}, "j5": {"dive2": 7}}
    rules = {"aggregate": "mean", "per": "criterion", "panel": "criterion", "total": "weighted-sum"}
    run(tmp_path, cycle_doc(rules=rules, criteria=DIVES), panel(*J5), [entry("seoul-air")],
        sheets({j: {"seoul-air": marks} for j, marks in lines.items()}))
    document, text = explained(tmp_path, "seoul-air")
    made = document["rounds"][0]["criterion_scores"]
    assert made["dive1"]["marks"] == {"j1": 6, "j2": 7, "j3": 8} and made["dive2"]["marks"] == {"j3": 5, "j4": 6, "j5": 7}
    assert (made["dive1"]["aggregate"], made["dive2"]["aggregate"], document["rounds"][0]["score"]) == (7, 6, 13)
    assert document["rounds"][0]["not_counted"] == []  # a criterion a judge did not mark is no mark
    assert "  dive1: 6, 7, 8 → mean 7" in text and "  dive2: 5, 6, 7 → mean 6" in text


# ------------------------------------------------------------------------------------------------
# A cut on several rounds, and a round's factor (waits for the rounds and criteria work)

def test_a_cut_on_two_rounds_shows_the_sum_it_ranked(tmp_path):
    # prelim + semi decide the final's one place: seoul 8 + 6 = 14 goes on, oslo 5 + 8 = 13 stops.
    prelim = {"seoul-air": [8, 8, 8], "oslo-bikes": [5, 5, 5]}
    semi = {"seoul-air": [6, 6, 6], "oslo-bikes": [8, 8, 8]}
    final = {"seoul-air": [9, 9, 9]}
    rounds = {"prelim": {"title": "Preliminary"}, "semi": {"title": "Semi-final", "shortlist": {"top": 1, "on": ["prelim", "semi"]}},
              "final": {"title": "Final"}}
    marks = {**sheets(by_judge(prelim, J3), round="prelim"), **sheets(by_judge(semi, J3), round="semi"),
             **sheets(by_judge(final, J3), round="final")}
    run(tmp_path, cycle_doc(rounds=rounds), panel(*J3), [entry(e) for e in prelim], marks)
    document, text = explained(tmp_path, "oslo-bikes")
    semi_round = by_round(document)["semi"]
    assert (semi_round["score"], semi_round["cut_score"], semi_round["stopped"]) == (8, 13, True)
    assert document["result"]["stopped_in"] == "semi"
    assert "  cut score: 13 (the sum of the rounds the shortlist ranks on)" in text
    assert by_round(explained(tmp_path, "seoul-air")[0])["semi"]["cut_score"] == 14


def test_a_round_factor_is_shown_with_the_round(tmp_path):
    # final-only: the final's mean 8 × the entry's factor 1.5 for the final = 12
    evaluation = {"seoul-air": [8, 8, 8]}
    marks = {**sheets(by_judge(evaluation, J3), round="evaluation"), **sheets(by_judge(evaluation, J3), round="final")}
    run(tmp_path, cycle_doc(rounds=TWO_ROUNDS), panel(*J3), [entry("seoul-air") | {"factors": {"final": 1.5}}], marks)
    document, text = explained(tmp_path, "seoul-air")
    final = by_round(document)["final"]
    assert (final["factor"], final["score"], by_round(document)["evaluation"]["factor"]) == (1.5, 12, None)
    assert "  factor: × 1.5 (the entry's factor for the round, in its score)" in text


def test_a_mark_for_a_criterion_the_round_does_not_judge_is_listed_as_not_counted(tmp_path):
    # The prelim judges dive1 only; the judges marked dive2 there too (R206, an error: `explain`
    # refuses the cycle, so the document is built directly, as an API caller would).
    from smartaward.publishing.explain import explain_entry
    from smartaward.render.explain import explain_text

    rounds = {"prelim": {"title": "Preliminary", "criteria": ["dive1"]}, "final": {"title": "Final"}}
    prelim = {j: {"seoul-air": {"dive1": 7, "dive2": 9}} for j in J3}
    final = {j: {"seoul-air": {"dive1": 7, "dive2": 8}} for j in J3}
    result = run(tmp_path, cycle_doc(rules={"per": "criterion"}, criteria=DIVES, rounds=rounds), panel(*J3), [entry("seoul-air")],
                 {**sheets(prelim, round="prelim"), **sheets(final, round="final")}, errors=("R206",))
    document = explain_entry(result.cycle, result.results, "seoul-air")
    stage = by_round(document)["prelim"]
    assert [(m["judge"], m["criterion"], m["mark"], m["code"]) for m in stage["not_counted"]] == [
        ("j1", "dive2", 9, "R206"), ("j2", "dive2", 9, "R206"), ("j3", "dive2", 9, "R206")]
    assert stage["score"] == 7 and list(stage["criterion_scores"]) == ["dive1"]
    assert by_round(document)["final"]["not_counted"] == []
    assert "  not counted: j1 dive2 9 — the 'prelim' round does not judge dive2" in explain_text(document)


def test_a_run_short_of_judges_does_not_count_and_does_not_stop_the_rider(tmp_path):
    # Best of two runs, min_judges 2: seoul-air's run1 has one judge's mark (J404), its run2 counts.
    run1 = {"seoul-air": [95], "oslo-bikes": [70, 70, 70]}
    run2 = {"seoul-air": [80, 80, 80], "oslo-bikes": [75, 75, 75]}
    cycle = cycle_doc(rules={"min_judges": 2}, rounds={"run1": {"title": "Run 1"}, "run2": {"title": "Run 2"}}, combine="best")
    cycle["scale"] = {"min": 0, "max": 100}
    run(tmp_path, cycle, panel(*J3), [entry("seoul-air"), entry("oslo-bikes")],
        {**sheets(by_judge(run1, J3), round="run1"), **sheets(by_judge(run2, J3), round="run2")})
    document, text = explained(tmp_path, "seoul-air")
    assert (document["result"]["rank"], document["result"]["score"], document["result"]["stopped_in"]) == (1, 80, None)
    first = by_round(document)["run1"]
    assert (first["status"], first["stopped"]) == ("too-few-judges", False)
    assert "  outcome: 1 valid score, fewer than min_judges (2) (this round does not count)" in text
