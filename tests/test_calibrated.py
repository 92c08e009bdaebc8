"""`normalise: calibrated` (issue 16): judge offsets fitted by ridge-regularised least squares over the
round's whole panel (judging/normalise.py; docs/rules.md §5, Calibration).

Model: every counted value m = q(entry) + b(judge) + noise; minimise Σ (m − q − b)² + λ·Σ b², with q free
and λ = `calibration:`. With q eliminated: (L + λI)·b = c, L the judges' Laplacian (entry e marked by n
judges: 1 − 1/n on the diagonal of each of its judges, −1/n between two of them), c_j the sum of
judge j's deviations from the means of the entries they marked. The counted value is m − b.
Every expectation is worked out by hand in the comments.
"""

from __future__ import annotations

import csv
import io
import json
import random
from math import fsum
from pathlib import Path
from typing import Any

import pytest
from helpers import run as cli
from hypothesis import given, settings
from hypothesis import strategies as st
from rulecycles import DESIGN_IMPACT, by_judge, cycle_doc, entry, panel, project, run, scored_run, sheets

from smartaward.judging.normalise import fit_offsets

# ------------------------------------------------------------------------------------------------
# A 3-judge × 4-entry panel, solved by hand
#
# j1 marks all four entries; j2 (lenient) drew the strong ones, j3 (harsh) the weak ones.
#         seoul-air  oslo-bikes  baguio-health  cebu-water
#   j1        8          7            4             3
#   j2        9          8            -             -
#   j3        -          -            3             2
# Entry means 8.5, 7.5, 3.5, 2.5 (also the raw scores). Deviations from them: j1 −.5 −.5 +.5 +.5 → c1 = 0;
# j2 +.5 +.5 → c2 = 1; j3 −.5 −.5 → c3 = −1. Each entry has 2 judges: L gains ½ on the diagonal
# and −½ between its two judges: L = [[2, −1, −1], [−1, 1, 0], [−1, 0, 1]].
# λ = 1: [[3, −1, −1], [−1, 2, 0], [−1, 0, 2]]·b = [0, 1, −1] → b = (0, ½, −½)  (row 1: 0 − ½ + ½ = 0)
# Counted: j2 9 − ½ = 8.5, 8 − ½ = 7.5; j3 3 + ½ = 3.5, 2 + ½ = 2.5; means: seoul (8 + 8.5)/2 = 8.25,
# oslo 7.25, baguio (4 + 3.5)/2 = 3.75, cebu 2.75.
# λ = ¼: row 2: −b1 + (1 + ¼)·b2 = 1 with b1 = 0 → b2 = 0.8, b3 = −0.8 → seoul (8 + 8.2)/2 = 8.1, baguio 3.9.
DRAWN = {"seoul-air": [8, 9, None], "oslo-bikes": [7, 8, None], "baguio-health": [4, None, 3], "cebu-water": [3, None, 2]}
J3 = ["j1", "j2", "j3"]


def calibrated(tmp_path: Path, marks: dict[str, list[Any]], judges: list[str], **rules: Any):
    return scored_run(tmp_path, marks, judges, rules={"normalise": "calibrated", "min_scores": 2, **rules})


def test_offsets_solved_by_hand(tmp_path):
    result = calibrated(tmp_path, DRAWN, J3)
    stage = result.results.scoring.stages[0]
    assert stage.offsets == {"j1": {"total": 0.0}, "j2": {"total": pytest.approx(0.5)}, "j3": {"total": pytest.approx(-0.5)}}
    assert {e: result.score(e) for e in DRAWN} == {"seoul-air": 8.25, "oslo-bikes": 7.25, "baguio-health": 3.75, "cebu-water": 2.75}
    assert {e: result.results.scores[e].raw_score for e in DRAWN} == {
        "seoul-air": 8.5, "oslo-bikes": 7.5, "baguio-health": 3.5, "cebu-water": 2.5}
    assert result.results.scores["seoul-air"].lines["j2"].normalised == {"total": pytest.approx(8.5)}
    assert result.results.scores["cebu-water"].lines["j3"].normalised == {"total": pytest.approx(2.5)}
    assert result.codes() == []


def test_calibration_is_the_ridge_strength(tmp_path):
    result = calibrated(tmp_path, DRAWN, J3, calibration=0.25)
    assert result.results.scoring.stages[0].offsets["j2"] == {"total": pytest.approx(0.8)}
    assert result.score("seoul-air") == 8.1 and result.score("baguio-health") == 3.9


def test_a_round_may_set_its_own_calibration(tmp_path):
    """calibration: on the call (an overridable rule like normalise): the same ¼ as above."""
    cycle = cycle_doc(rules={"normalise": "calibrated", "min_scores": 2},
                      calls={"project": project(rules={"calibration": 0.25})})
    result = run(tmp_path, cycle, panel(*J3), [entry(e) for e in DRAWN], sheets(by_judge(DRAWN, J3)))
    assert result.score("seoul-air") == 8.1


# ------------------------------------------------------------------------------------------------
# A judge who drew only the strong entries is not pulled down (where a z-score would)
#
# j1 and j2 mark all four; j3 marks only the two best, exactly as the others did.
#   seoul 9 9 9, oslo 8 8 8, baguio 3 3 -, cebu 2 2 -
# Every value equals its entry's mean: c = 0, so b = 0 and nothing moves: scores 9, 8, 3, 2.
# z-score pulls j3 to the panel's mean and spread: j3's values 9, 8 have z = +1, −1; the panel's ten
# values have mean 6.1 and σ = √((3·2.9² + 3·1.9² + 2·3.1² + 2·4.1²)/10) = √8.89 ≈ 2.982: j3's 8 on oslo
# becomes 6.1 − 2.982 ≈ 3.12, far below the 8 the two others agree on.
STRONG = {"seoul-air": [9, 9, 9], "oslo-bikes": [8, 8, 8], "baguio-health": [3, 3, None], "cebu-water": [2, 2, None]}


def test_a_judge_who_drew_strong_entries_keeps_offset_zero(tmp_path):
    result = calibrated(tmp_path, STRONG, J3)
    assert result.results.scoring.stages[0].offsets["j3"] == {"total": 0.0}
    assert {e: result.score(e) for e in STRONG} == {"seoul-air": 9, "oslo-bikes": 8, "baguio-health": 3, "cebu-water": 2}
    zscored = scored_run(tmp_path / "z", STRONG, J3, rules={"normalise": "z-score", "min_scores": 2})
    assert zscored.results.scores["oslo-bikes"].lines["j3"].normalised == {"total": pytest.approx(6.1 - 8.89 ** 0.5)}
    assert zscored.score("oslo-bikes") < 8


# ------------------------------------------------------------------------------------------------
# Judges below min_scores: not calibrated (J414), counted raw, and in the fit with offset 0
#
# min_scores 3. j1 marks four entries: seoul 9, oslo 8, baguio 5, cebu 4; j2 (2 values) seoul 8, oslo 7.
# Only j1 is fitted. Seoul and oslo (2 judges): c1 = ½ + ½ = 1, L11 = ½ + ½ = 1; baguio and cebu have
# one judge and add nothing. (1 + 1)·b1 = 1 → b1 = ½. j1 counts 8.5, 7.5, 4.5, 3.5; j2 raw 8 and 7:
# seoul (8.5 + 8)/2 = 8.25, oslo 7.25, baguio 4.5, cebu 3.5.
ANCHORED = {"seoul-air": [9, 8], "oslo-bikes": [8, 7], "baguio-health": [5, None], "cebu-water": [4, None]}


def test_a_judge_below_min_scores_is_not_calibrated_but_anchors_the_others(tmp_path):
    result = calibrated(tmp_path, ANCHORED, ["j1", "j2"], min_scores=3)
    stage = result.results.scoring.stages[0]
    assert stage.offsets == {"j1": {"total": pytest.approx(0.5)}}
    assert "fewer than min_scores (3)" in stage.not_normalised["j2"]
    assert result.results.scores["seoul-air"].lines["j2"].normalised is None  # counted raw
    assert {e: result.score(e) for e in ANCHORED} == {"seoul-air": 8.25, "oslo-bikes": 7.25, "baguio-health": 4.5, "cebu-water": 3.5}
    assert result.codes() == ["J414"]


def test_a_judge_who_shares_no_entry_gets_offset_zero(tmp_path):
    """j3 marks baguio and cebu alone: nothing relates j3 to j1 and j2, the ridge alone sets b3 = 0.
    j1 and j2 share seoul and oslo: c = (−1, +1), L = [[1, −1], [−1, 1]]; (L + I)·b = c → b = (−⅓, ⅓)."""
    marks = {"seoul-air": [8, 9, None], "oslo-bikes": [7, 8, None], "baguio-health": [None, None, 3], "cebu-water": [None, None, 2]}
    result = calibrated(tmp_path, marks, J3)
    offsets = result.results.scoring.stages[0].offsets
    assert offsets["j3"] == {"total": 0.0}
    assert offsets["j1"]["total"] == pytest.approx(-1 / 3) and offsets["j2"]["total"] == pytest.approx(1 / 3)
    assert result.score("baguio-health") == 3 and result.score("seoul-air") == 8.5  # (8 + ⅓ + 9 − ⅓)/2


# ------------------------------------------------------------------------------------------------
# per: criterion — one fit per criterion; the judge's total offset is the criteria's combined
#
# design as DRAWN (b = 0, ½, −½); impact the same marks + 1 for j2 only (j2: 10, 9). Impact's deviations:
# seoul 8, 10 and oslo 7, 9 (means 9, 8): j1 −1 −1, j2 +1 +1; baguio and cebu as before: j1 +½ +½, j3 −½ −½.
# c = (−1, 2, −1); [[3, −1, −1], [−1, 2, 0], [−1, 0, 2]]·b = c: b2 = (2 + b1)/2, b3 = (b1 − 1)/2, so
# 3b1 − (2b1 + 1)/2 = −1 → b1 = −¼, b2 = 7/8, b3 = −5/8 (sum 0). The total's offset (weighted mean,
# equal weights) is the criteria's mean: j1 −⅛, j2 (½ + 7/8)/2 = 11/16, j3 (−½ − 5/8)/2 = −9/16.
def test_per_criterion_fits_each_criterion(tmp_path):
    impact = {"seoul-air": [8, 10, None], "oslo-bikes": [7, 9, None], "baguio-health": [4, None, 3], "cebu-water": [3, None, 2]}
    marks = {e: [None if d is None else {"design": d, "impact": i} for d, i in zip(DRAWN[e], impact[e], strict=True)] for e in DRAWN}
    result = scored_run(tmp_path, marks, J3, criteria=DESIGN_IMPACT,
                        rules={"normalise": "calibrated", "min_scores": 2, "per": "criterion"})
    offsets = result.results.scoring.stages[0].offsets
    assert offsets["j1"] == pytest.approx({"design": 0.0, "impact": -0.25, "total": -0.125})
    assert offsets["j2"] == pytest.approx({"design": 0.5, "impact": 7 / 8, "total": 11 / 16})
    assert offsets["j3"] == pytest.approx({"design": -0.5, "impact": -5 / 8, "total": -9 / 16})
    line = result.results.scores["seoul-air"].lines["j2"]
    # the total counted is the raw total (9 + 10)/2 less the total's offset: 9.5 − 11/16
    assert line.normalised == pytest.approx({"design": 8.5, "impact": 10 - 7 / 8, "total": 9.5 - 11 / 16})


# ------------------------------------------------------------------------------------------------
# Properties of the fit (fit_offsets, the pure solver)

def panels(min_judges: int = 2) -> st.SearchStrategy[dict[str, dict[str, float]]]:
    """Random panels: 2–6 judges, 2–8 entries; every judge marks entry e0 (so the panel is connected)
    and each other entry with probability ½; marks in 0–10 (two decimals)."""
    @st.composite
    def build(draw: Any) -> dict[str, dict[str, float]]:
        judges = [f"j{k}" for k in range(draw(st.integers(min_judges, 6)))]
        entries = [f"e{k}" for k in range(draw(st.integers(2, 8)))]
        mark = st.integers(0, 1000).map(lambda v: v / 100)
        values: dict[str, dict[str, float]] = {}
        for e in entries:
            chosen = judges if e == "e0" else [j for j in judges if draw(st.booleans())]
            if chosen:
                values[e] = {j: draw(mark) for j in chosen}
        return values
    return build()


def _judges(values: dict[str, dict[str, float]]) -> set[str]:
    return {j for row in values.values() for j in row}


@settings(max_examples=150, deadline=None)
@given(panels(), st.floats(0.01, 100), st.randoms(use_true_random=False))
def test_the_fit_does_not_depend_on_order(values, ridge, rnd):
    """Entries, and judges within an entry, given in another order: the very same offsets (bit for bit)."""
    entries = list(values.items())
    rnd.shuffle(entries)
    shuffled = {}
    for e, row in entries:
        pairs = list(row.items())
        rnd.shuffle(pairs)
        shuffled[e] = dict(pairs)
    judges = sorted(_judges(values))
    assert fit_offsets(values, judges, ridge) == fit_offsets(shuffled, list(reversed(judges)), ridge)


@settings(max_examples=150, deadline=None)
@given(panels(), st.floats(0.01, 100))
def test_the_fit_is_the_least_squares_optimum(values, ridge):
    """Stationarity: with q_e the mean of the entry's m − b, each judge's b_j = Σ (m − q)/(n_j + λ)
    (λ virtual marks of offset 0); and a connected panel's offsets sum to 0 (L·1 = 0 and Σ c = 0)."""
    judges = _judges(values)
    b = fit_offsets(values, judges, ridge)
    q = {e: fsum(m - b[j] for j, m in row.items()) / len(row) for e, row in values.items()}
    for j in judges:
        residuals = [m - q[e] for e, row in values.items() for jj, m in row.items() if jj == j]
        assert b[j] == pytest.approx(fsum(residuals) / (len(residuals) + ridge), abs=1e-9)
    assert fsum(b.values()) == pytest.approx(0, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(panels(min_judges=2), st.integers(0, 5), st.floats(-5, 5))
def test_a_constant_added_to_one_judge_moves_that_judges_offset(values, which, shift):
    """Adding c to every mark of judge k: k's offset moves by c(1 − 1/J) and every other's by −c/J
    (the offsets keep summing to 0), so every counted value m − b moves by the same c/J: no entry's
    normalised values change relative to one another, and no order changes. Exact as λ → 0; with
    λ = 1e-7 to within 1e-4 of c. (With a real λ the ridge shrinks the correction of a judge with
    few shared marks: that is what it is for, docs/rules.md.)"""
    judges = sorted(_judges(values))
    k = judges[which % len(judges)]
    moved = {e: {j: m + shift if j == k else m for j, m in row.items()} for e, row in values.items()}
    ridge = 1e-7
    before, after = fit_offsets(values, judges, ridge), fit_offsets(moved, judges, ridge)
    n = len(judges)
    for j in judges:
        expected = shift * (1 - 1 / n) if j == k else -shift / n
        assert after[j] - before[j] == pytest.approx(expected, abs=1e-4)
    for e, row in values.items():
        for j, m in row.items():
            assert (moved[e][j] - after[j]) - (m - before[j]) == pytest.approx(shift / n, abs=1e-4)


def test_a_large_panel_is_solved_quickly():
    """300 judges × 3,000 entries, 5 judges each (15,000 values): conjugate gradients, a few passes."""
    rnd = random.Random(16)
    judges = [f"j{k:03d}" for k in range(300)]
    offset = {j: rnd.uniform(-1, 1) for j in judges}
    values = {}
    for e in range(3000):
        quality = rnd.uniform(2, 8)
        values[f"e{e:04d}"] = {j: quality + offset[j] + rnd.gauss(0, 0.1) for j in rnd.sample(judges, 5)}
    fitted = fit_offsets(values, judges, 1.0)
    centre = fsum(offset.values()) / len(offset)
    # Each judge has ~50 values: the fit recovers the offsets (less their mean) to within a few hundredths.
    assert max(abs(fitted[j] - (offset[j] - centre)) for j in judges) < 0.1


# ------------------------------------------------------------------------------------------------
# judges and explain show the offsets

def _cycle(tmp_path: Path, **rules: Any) -> Path:
    calibrated(tmp_path, DRAWN, J3, **rules)
    return tmp_path


def test_judges_json_gives_each_judges_offset_in_a_calibrated_panel(tmp_path):
    root = _cycle(tmp_path)
    document = json.loads(cli("judges", root, "-f", "json", "--no-cache", "-q").stdout)
    panel = document["panels"][0]
    assert panel["calibration"] == 1.0
    assert {r["judge"]: r["offset"] for r in panel["by_judge"]} == {"j1": 0.0, "j2": 0.5, "j3": -0.5}
    assert all("offset" not in r for r in document["judges"])  # an offset is per panel (call and round)


def test_judges_json_has_no_offset_where_the_round_is_not_calibrated(tmp_path):
    scored_run(tmp_path, DRAWN, J3, rules={"normalise": "z-score", "min_scores": 2})
    document = json.loads(cli("judges", tmp_path, "-f", "json", "--no-cache", "-q").stdout)
    panel = document["panels"][0]
    assert "calibration" not in panel and all("offset" not in r for r in panel["by_judge"])
    rows = list(csv.DictReader(io.StringIO(cli("judges", tmp_path, "-f", "csv", "-t", "by-panel", "--no-cache", "-q").stdout)))
    assert "offset" not in rows[0]


def test_judges_by_panel_table_and_terminal_show_the_offsets(tmp_path):
    root = _cycle(tmp_path)
    out = cli("judges", root, "-f", "csv", "-t", "by-panel", "--no-cache", "-q").stdout
    header = out.splitlines()[0].split(",")
    assert header[-3:] == ["offset", "call_title", "round_title"]  # the titles stay the last columns
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["judge"]: r["offset"] for r in rows} == {"j1": "0.0", "j2": "0.5", "j3": "-0.5"}
    terminal = cli("judges", root, "--no-cache", "-q").stdout
    assert "normalise: calibrated" in terminal and "j2 +0.5" in terminal and "j3 -0.5" in terminal


def test_explain_shows_the_offset_of_each_line(tmp_path):
    root = _cycle(tmp_path)
    document = json.loads(cli("explain", "seoul-air", root, "-f", "json", "--no-cache", "-q").stdout)
    lines = {line["judge"]: line for line in document["rounds"][0]["lines"]}
    assert lines["j2"]["offset"] == pytest.approx(0.5) and lines["j2"]["normalised"] == pytest.approx(8.5)
    assert lines["j1"]["offset"] == 0.0
    text = cli("explain", "seoul-air", root, "--no-cache", "-q").stdout
    assert "normalised 8.5 — offset +0.5" in text
    assert "calibrated" in text  # the round's rules say how it was normalised


def test_explain_offset_is_null_without_calibration(tmp_path):
    scored_run(tmp_path, DRAWN, J3)
    document = json.loads(cli("explain", "seoul-air", tmp_path, "-f", "json", "--no-cache", "-q").stdout)
    assert all(line["offset"] is None for line in document["rounds"][0]["lines"])
