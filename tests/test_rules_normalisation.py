"""Judging rules: normalisation (z-score, percentile, per criterion, the fallbacks).

Through the whole engine: small cycle folders on disk (rulecycles.py), every expectation worked out
by hand in the comments (formula, then the numbers).
"""

from __future__ import annotations

from math import sqrt

import pytest
from rulecycles import DESIGN_IMPACT, J3, scored_run

# ------------------------------------------------------------------------------------------------
# 4. Normalisation

# Two judges mark the same three entries:
#   j1 (lenient, narrow): seoul 9, oslo 8, baguio 7  → mean 8, sd √(2/3):  z = +√1.5, 0, −√1.5
#   j2 (harsh, wide):     seoul 1, oslo 7, baguio 4  → mean 4, sd √6:      z = −√1.5, +√1.5, 0
# raw means: seoul 5, oslo 7.5, baguio 5.5 → oslo, baguio, seoul
# z-scores are put back on the panel's scale: value = z × s + c over all six marks 9 8 7 1 7 4:
#   c = 36/6 = 6; s² = (9 + 4 + 1 + 25 + 1 + 4)/6 = 22/3
#   seoul  = c + s·(√1.5 − √1.5)/2 = 6
#   oslo   = c + s·√1.5/2 = 6 + √(22/3 · 3/2)/2 = 6 + √11/2 ≈ 7.658312
#   baguio = c − √11/2 ≈ 4.341688                       → oslo, seoul, baguio (seoul and baguio swap)
LENIENT_HARSH = {"seoul-air": [9, 1], "oslo-bikes": [8, 7], "baguio-health": [7, 4]}


def test_zscore_puts_a_lenient_and_a_harsh_judge_on_one_scale(tmp_path):
    result = scored_run(tmp_path, LENIENT_HARSH, ["j1", "j2"], rules={"normalise": "z-score", "min_scores": 3})
    assert result.score("seoul-air") == 6.0
    assert result.score("oslo-bikes") == pytest.approx(6 + sqrt(11) / 2, abs=1e-6)
    assert result.score("baguio-health") == pytest.approx(6 - sqrt(11) / 2, abs=1e-6)
    assert result.order() == ["oslo-bikes", "seoul-air", "baguio-health"]
    # j1's 9 on seoul: z = √1.5 → 6 + √1.5·√(22/3) = 6 + √11
    assert result.results.scores["seoul-air"].lines["j1"].normalised == {"total": pytest.approx(6 + sqrt(11))}
    assert result.codes() == []


def test_raw_score_is_reported_next_to_the_normalised_score(tmp_path):
    result = scored_run(tmp_path, LENIENT_HARSH, ["j1", "j2"], rules={"normalise": "z-score", "min_scores": 3})
    assert {e: result.results.scores[e].raw_score for e in LENIENT_HARSH} == {
        "seoul-air": 5.0, "oslo-bikes": 7.5, "baguio-health": 5.5}
    # without normalisation the order is the raw one
    plain = scored_run(tmp_path / "plain", LENIENT_HARSH, ["j1", "j2"])
    assert plain.order() == ["oslo-bikes", "baguio-health", "seoul-air"]


# The same marks given on two criteria (design = impact), normalised per criterion: each criterion is
# normalised exactly as the single total above, so j1's line on seoul is 6 + √11 on both, and its total
# (the mean of the two) 6 + √11 ≈ 9.316625; j2's 6 − √11 ≈ 2.683375. The tie-breaks (median, count-back,
# spread, first-places) read these totals, so they must be the normalised ones, as with per: judge.
def test_per_criterion_normalised_totals_are_what_tie_breaks_read(tmp_path):
    marks = {e: [{"design": m, "impact": m} for m in row] for e, row in LENIENT_HARSH.items()}
    result = scored_run(tmp_path, marks, ["j1", "j2"], criteria=DESIGN_IMPACT,
                        rules={"normalise": "z-score", "min_scores": 3, "per": "criterion"})
    seoul = result.results.scores["seoul-air"]
    assert seoul.score == 6.0 and seoul.raw_score == 5.0  # the score itself is right
    assert seoul.totals == {"j1": pytest.approx(6 + sqrt(11)), "j2": pytest.approx(6 - sqrt(11))}


# Percentile with per: criterion and min_scores 4: both judges have 3 values, so each counts as
# percentages of the 0-10 scale per criterion; seoul j1 (9, 9) → 90 on each criterion, so the
# judge's total the tie-breaks read is 90 too (not the raw 9).
def test_per_criterion_percentile_fallback_gives_a_percentage_total(tmp_path):
    marks = {e: [{"design": m, "impact": m} for m in row] for e, row in LENIENT_HARSH.items()}
    result = scored_run(tmp_path, marks, ["j1", "j2"], criteria=DESIGN_IMPACT,
                        rules={"normalise": "percentile", "min_scores": 4, "per": "criterion"})
    seoul = result.results.scores["seoul-air"]
    assert seoul.totals == {"j1": pytest.approx(90.0), "j2": pytest.approx(10.0)}


# percentiles per judge (lowest 0, highest 100):
#   j1: seoul 100, oslo 50, baguio 0     j2: seoul 0, oslo 100, baguio 50
#   means: seoul 50, oslo 75, baguio 25
def test_percentile_normalisation(tmp_path):
    result = scored_run(tmp_path, LENIENT_HARSH, ["j1", "j2"], rules={"normalise": "percentile", "min_scores": 3})
    assert {e: result.score(e) for e in LENIENT_HARSH} == {"seoul-air": 50.0, "oslo-bikes": 75.0, "baguio-health": 25.0}
    assert {e: result.results.scores[e].raw_score for e in LENIENT_HARSH} == {
        "seoul-air": 5.0, "oslo-bikes": 7.5, "baguio-health": 5.5}


# A third judge marks only seoul (6) and oslo (10): 2 < min_scores 3, so j3's marks count raw (J414).
# The panel's scale is taken over all eight counted marks 9 8 7 1 7 4 6 10:
#   c = 52/8 = 6.5; s² = (6.25 + 2.25 + 0.25 + 30.25 + 0.25 + 6.25 + 0.25 + 12.25)/8 = 58/8 = 7.25
#   seoul: j1 6.5 + √1.5·s, j2 6.5 − √1.5·s, j3 raw 6  → (13 + 6)/3 = 19/3 ≈ 6.333333 (raw (9+1+6)/3 = 16/3)
#   oslo:  j1 6.5, j2 6.5 + √1.5·s = 6.5 + √10.875, j3 raw 10 → (23 + √10.875)/3 ≈ 8.765909 (raw 25/3)
#   baguio: j1 6.5 − √10.875, j2 6.5 → (13 − √10.875)/2 ≈ 4.851137 (raw 5.5)
def test_a_judge_with_fewer_than_min_scores_is_counted_raw_with_a_warning(tmp_path):
    marks = {"seoul-air": [9, 1, 6], "oslo-bikes": [8, 7, 10], "baguio-health": [7, 4]}
    result = scored_run(tmp_path, marks, J3, rules={"normalise": "z-score", "min_scores": 3})
    seoul = result.results.scores["seoul-air"]
    assert seoul.lines["j3"].normalised is None
    assert seoul.totals["j3"] == 6.0
    assert seoul.score == pytest.approx(19 / 3, abs=1e-6)
    assert seoul.raw_score == round(16 / 3, 6)
    assert result.score("oslo-bikes") == pytest.approx((23 + sqrt(10.875)) / 3, abs=1e-6)
    assert result.score("baguio-health") == pytest.approx((13 - sqrt(10.875)) / 2, abs=1e-6)
    warnings = [d for d in result.diagnostics if d.code == "J414"]
    assert len(warnings) == 1 and warnings[0].file.endswith("j3.yaml")
    assert "'j3'" in warnings[0].message and "2 scores in the round, fewer than min_scores (3)" in warnings[0].message


# Percentiles with the same third judge (2 scores < min_scores 3): raw marks beside percentiles would mix
# two scales, so j3's marks count as the percentage of the 0–10 scale they reach: 6 → 60, 10 → 100.
#   seoul (100 + 0 + 60)/3 = 53.333333; oslo (50 + 100 + 100)/3 = 83.333333; baguio (0 + 50)/2 = 25
def test_percentile_fallback_counts_marks_as_a_percentage_of_the_scale(tmp_path):
    marks = {"seoul-air": [9, 1, 6], "oslo-bikes": [8, 7, 10], "baguio-health": [7, 4]}
    result = scored_run(tmp_path, marks, J3, rules={"normalise": "percentile", "min_scores": 3})
    assert {e: result.score(e) for e in marks} == {"seoul-air": round(160 / 3, 6), "oslo-bikes": round(250 / 3, 6),
                                                   "baguio-health": 25.0}
    assert result.results.scores["seoul-air"].raw_score == round(16 / 3, 6)
    warnings = [d for d in result.diagnostics if d.code == "J414"]
    assert len(warnings) == 1 and "fewer than min_scores (3)" in warnings[0].message


def test_a_judge_whose_marks_do_not_vary_is_counted_raw(tmp_path):
    marks = {"seoul-air": [9, 1, 7], "oslo-bikes": [8, 7, 7], "baguio-health": [7, 4, 7]}
    result = scored_run(tmp_path, marks, J3, rules={"normalise": "z-score", "min_scores": 3})
    assert result.results.scores["seoul-air"].totals["j3"] == 7.0
    assert [d.code for d in result.diagnostics] == ["J414"]
    assert "do not vary" in result.diagnostics[0].message
