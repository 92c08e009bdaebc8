"""Issue 16, items 1–2: criteria per round, judges per criterion (`panel: criterion`), per-entry
factors (`factors:`) and published rounding (`decimals:`).

Through the whole engine on small cycle folders (rulecycles.py), every expectation worked out by
hand in the comments; then hypothesis properties of the factors on the aggregation itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rulecycles import J3, J5, by_judge, cycle_doc, entry, panel, project, run, sheets

from smartaward.judging.aggregate import aggregate, criterion_means
from smartaward.judging.panel import Rules
from smartaward.judging.stages import TOO_FEW, EntryScore, Line, Weights, half_up
from smartaward.model.cyclefiles import Call, Entry

DIVES = [f"dive{k}" for k in range(1, 7)]
J10 = [f"j{k}" for k in range(1, 11)]
DIVING_RULES = {"aggregate": "trimmed-sum", "trim": 2, "min_judges": 5, "per": "criterion", "total": "weighted-sum",
                "panel": "criterion"}


def _with(e: dict[str, Any], **keys: Any) -> dict[str, Any]:
    return {**e, **keys}


def _diagnostics(result: Any, code: str) -> list[Any]:
    return [d for d in result.diagnostics if d.code == code]


def _line_of(path: Path, text: str, after: str | None = None) -> int:
    """The 1-based number of the first line of a file holding `text` (after the first holding `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0 if after is None else next(n for n, line in enumerate(lines) if after in line)
    return next(n for n, line in enumerate(lines, start=1) if n > start and text in line)


# ------------------------------------------------------------------------------------------------
# 1. A diving final: the panel changes after dive 3, each dive × its degree of difficulty

# j1..j7 mark dives 1–3; j1..j4 and j8..j10 mark dives 4–6 (seven judges on each dive, ten in all).
# trimmed-sum, trim 2: the middle three of seven marks; the dive's score = that sum × its DD; the
# round's score = the sum of the dives (total: weighted-sum, weights 1).
#   oslo-a   dive1  7.0 7.5 6.5 7.0 8.0 6.0 7.0  → drop 6.0 6.5 / 7.5 8.0, keep 7+7+7 = 21     × 3.0 = 63
#            dive2  8.0 8.5 8.0 9.0 7.5 8.0 8.5  → drop 7.5 8.0 / 8.5 9.0, keep 8+8+8.5 = 24.5 × 3.2 = 78.4
#            dive3  6.0 × 7                       → 18                                        × 2.0 = 36
#            dive4  9.0 8.5 9.0 9.5 | 8.0 9.0 10  → drop 8.0 8.5 / 9.5 10, keep 9+9+9 = 27     × 3.4 = 91.8
#            dive5  5.0 5.5 4.5 5.0 | 6.0 5.0 4.0 → drop 4.0 4.5 / 5.5 6.0, keep 5+5+5 = 15     × 2.8 = 42
#            dive6  7.5 × 7                       → 22.5                                      × 3.6 = 81
#            63 + 78.4 + 36 + 91.8 + 42 + 81 = 392.2
#   seoul-b  every mark 7.0 → 21 per dive, every DD 2.0 → 42 per dive → 252
A_MARKS = {"dive1": [7.0, 7.5, 6.5, 7.0, 8.0, 6.0, 7.0], "dive2": [8.0, 8.5, 8.0, 9.0, 7.5, 8.0, 8.5], "dive3": [6.0] * 7,
           "dive4": [9.0, 8.5, 9.0, 9.5, 8.0, 9.0, 10.0], "dive5": [5.0, 5.5, 4.5, 5.0, 6.0, 5.0, 4.0], "dive6": [7.5] * 7}
A_DD = {"dive1": 3.0, "dive2": 3.2, "dive3": 2.0, "dive4": 3.4, "dive5": 2.8, "dive6": 3.6}
FIRST_PANEL, SECOND_PANEL = J10[:7], J10[:4] + J10[7:]


def _diving_sheets(marks: dict[str, dict[str, list[float]]], skip: tuple[tuple[str, str, str], ...] = ()) -> dict[str, dict[str, Any]]:
    """{entry: {dive: [7 marks]}} → {judge: {entry: {dive: mark}}}, dives 1–3 by the first panel, 4–6 by the second."""
    out: dict[str, dict[str, Any]] = {j: {} for j in J10}
    for entry_id, dives in marks.items():
        for dive, row in dives.items():
            judges = FIRST_PANEL if dive in DIVES[:3] else SECOND_PANEL
            for judge, mark in zip(judges, row, strict=True):
                if (judge, entry_id, dive) not in skip:
                    out[judge].setdefault(entry_id, {})[dive] = mark
    return {j: m for j, m in out.items() if m}


def _diving(root: Path, *, rules: dict[str, Any] | None = None, b_factors: dict[str, Any] | None = None,
            errors: tuple[str, ...] = (), skip: tuple[tuple[str, str, str], ...] = ()) -> Any:
    criteria = {d: {"title": d.title()} for d in DIVES}
    cycle = cycle_doc(calls={"project": project(criteria=criteria, rules=rules or DIVING_RULES)})
    cycle["scale"] = {"min": 0, "max": 10, "step": 0.5}
    marks = {"oslo-a": A_MARKS, "seoul-b": {d: [7.0] * 7 for d in DIVES}}
    entries = [_with(entry("oslo-a"), factors=A_DD),
               _with(entry("seoul-b"), factors=b_factors if b_factors is not None else dict.fromkeys(DIVES, 2.0))]
    return run(root, cycle, panel(*J10), entries, sheets(_diving_sheets(marks, skip)), errors=errors)


def test_a_diving_final_with_a_panel_change_after_dive_three(tmp_path: Path) -> None:
    result = _diving(tmp_path)
    assert result.score("oslo-a") == 392.2
    assert result.score("seoul-b") == 252.0
    assert result.order() == ["oslo-a", "seoul-b"]
    assert "M305" not in result.codes()  # a judge who marks only their dives is not missing marks
    a = result.results.scores["oslo-a"]
    assert a.judges == 10
    assert a.detail["criterion_scores"]["dive2"] == {"aggregate": 24.5, "factor": 3.2, "score": 78.4}
    assert {c: part["score"] for c, part in a.detail["criterion_scores"].items()} == {
        "dive1": 63.0, "dive2": 78.4, "dive3": 36.0, "dive4": 91.8, "dive5": 42.0, "dive6": 81.0}
    # dive1: j6 (6.0) and j3 (6.5) dropped low, j2 (7.5) and j5 (8.0) high; j8.. never marked it
    assert all("dive1: lowest" in (a.lines[j].trimmed or []) for j in ("j6", "j3"))
    assert all("dive1: highest" in (a.lines[j].trimmed or []) for j in ("j2", "j5"))
    assert not any(t.startswith("dive1") for t in a.lines["j8"].trimmed or [])
    # criterion means over each dive's own seven judges: dive4 = (9+8.5+9+9.5+8+9+10)/7 = 63/7 = 9
    assert a.criterion_means["dive4"] == 9.0


def test_without_panel_criterion_a_partial_line_is_missing_marks(tmp_path: Path) -> None:
    """The old behaviour stays under panel: entry: every partial line is M305 and left out; only
    j1..j4 marked all six dives, too few to drop 2 + 2 (J404)."""
    rules = {k: v for k, v in DIVING_RULES.items() if k != "panel"}
    result = _diving(tmp_path, rules=rules)
    assert len(_diagnostics(result, "M305")) == 12  # j5..j10, on both entries
    assert result.results.scores["oslo-a"].judges == 4
    assert result.order() == []


def test_a_dive_with_too_few_judges_leaves_the_entry_unranked_naming_the_dive(tmp_path: Path) -> None:
    # j8..j10 did not mark seoul-b's dive5: four marks, too few to drop the 2 highest and lowest
    skip = tuple((j, "seoul-b", "dive5") for j in ("j8", "j9", "j10"))
    result = _diving(tmp_path, skip=skip)
    b = result.results.scores["seoul-b"]
    assert b.status == TOO_FEW
    assert b.reason == "dive5: 4 valid scores, too few to drop the 2 highest and lowest"
    assert b.score is None
    assert result.order() == ["oslo-a"]


def test_a_line_with_no_mark_at_all_stays_an_error_under_panel_criterion(tmp_path: Path) -> None:
    """An empty line is M304 as before; a partial one counts for what it marks (no M305)."""
    criteria = {d: {"title": d.title()} for d in ("design", "impact")}
    rules = {"per": "criterion", "panel": "criterion"}
    marks = {"oslo-a": [{"design": 8}, {"impact": 6}, {}]}
    result = run(tmp_path, cycle_doc(calls={"project": project(criteria=criteria, rules=rules)}), panel(*J3),
                 [entry("oslo-a")], sheets(by_judge(marks, J3)), errors=("M304",))
    assert [Path(d.file).name for d in _diagnostics(result, "M304")] == ["j3.yaml"]
    assert "M305" not in result.codes()
    a = result.results.scores["oslo-a"]
    assert a.judges == 2
    # design over j1 alone (8), impact over j2 alone (6): (8 + 6)/2 = 7
    assert a.score == 7.0
    assert a.criterion_means == {"design": 8.0, "impact": 6.0}


# ------------------------------------------------------------------------------------------------
# 2. Criteria per round

def _rounds_cycle(rules: dict[str, Any] | None = None, **semi: Any) -> dict[str, Any]:
    criteria = {d: {"title": d.title()} for d in DIVES[:3]}
    rounds = {"semi": {"title": "Semi-final", "criteria": ["dive1", "dive2"], **semi}, "final": {"title": "Final"}}
    return cycle_doc(calls={"project": project(criteria=criteria, rounds=rounds, combine="sum",
                                               rules=rules or {"total": "weighted-sum"})})


# semi judges dive1, dive2 only; final all three (the call's). Mean per judge, then weighted-sum:
#   oslo-a  semi:  j1 (8, 7) → 15, j2 (6, 7) → 13, j3 (7, 7) → 14: mean 14
#           final: j1 (8, 7, 9) → 24, j2 (6, 7, 8) → 21, j3 (7, 7, 6) → 20: mean 65/3 = 21.666667
#           combined (sum) 35.666667
SEMI = {"oslo-a": [{"dive1": 8, "dive2": 7}, {"dive1": 6, "dive2": 7}, {"dive1": 7, "dive2": 7}]}
FINAL = {"oslo-a": [{"dive1": 8, "dive2": 7, "dive3": 9}, {"dive1": 6, "dive2": 7, "dive3": 8}, {"dive1": 7, "dive2": 7, "dive3": 6}]}


def test_a_round_judges_its_own_criteria(tmp_path: Path) -> None:
    marks = {**sheets(by_judge(SEMI, J3), round="semi"), **sheets(by_judge(FINAL, J3), round="final")}
    result = run(tmp_path, _rounds_cycle(), panel(*J3), [entry("oslo-a")], marks)
    assert "M305" not in result.codes()
    a = result.results.scores["oslo-a"]
    assert {s.round: s.score for s in a.stages} == {"semi": 14.0, "final": 21.666667}
    assert a.score == 35.666667
    assert a.stages[0].criterion_means == {"dive1": 7.0, "dive2": 7.0}


def test_a_mark_for_a_criterion_the_round_does_not_judge_is_not_counted(tmp_path: Path) -> None:
    """R206 at the mark; the line counts with the round's criteria. A round criterion left out is M305."""
    semi = {"oslo-a": [{"dive1": 8, "dive2": 7, "dive3": 10}, {"dive1": 6, "dive2": 7}, {"dive1": 7}]}
    marks = {**sheets(by_judge(semi, J3), round="semi"), **sheets(by_judge(FINAL, J3), round="final")}
    result = run(tmp_path, _rounds_cycle(), panel(*J3), [entry("oslo-a")], marks, errors=("R206",))
    [extra] = _diagnostics(result, "R206")
    assert (Path(extra.file).name, extra.line) == ("j1.yaml", _line_of(tmp_path / "scores" / "semi" / "j1.yaml", "dive3"))
    [missing] = _diagnostics(result, "M305")
    assert Path(missing.file).name == "j3.yaml" and "dive2" in missing.message and "dive3" not in missing.message
    # semi: j1 15, j2 13 (j3 left out): mean 14 — dive3's 10 is not read
    assert result.results.scores["oslo-a"].stages[0].score == 14.0


# ------------------------------------------------------------------------------------------------
# 3. Factors of a round, and published rounding

def test_a_round_factor_multiplies_the_rounds_score(tmp_path: Path) -> None:
    # final: mean 65/3 = 21.666667 × 1.5 = 32.5; semi 14 (no factor); sum 46.5
    marks = {**sheets(by_judge(SEMI, J3), round="semi"), **sheets(by_judge(FINAL, J3), round="final")}
    result = run(tmp_path, _rounds_cycle(), panel(*J3), [_with(entry("oslo-a"), factors={"final": 1.5})], marks)
    a = result.results.scores["oslo-a"]
    assert {s.round: s.score for s in a.stages} == {"semi": 14.0, "final": 32.5}
    assert a.stages[1].detail["factor"] == 1.5
    assert a.score == 46.5


# Figure-skating components: trimmed-mean (trim 1 of 5) rounded to 2 decimals, × the factor 1.6,
# rounded to 2 again, summed (weighted-sum):
#   skills   8.25 8.5 8.75 9.0 8.5 → keep 8.5 8.5 8.75 = 25.75/3 = 8.583333 → 8.58 × 1.6 = 13.728 → 13.73
#   composition 7.75 8.0 8.0 8.25 9.0 → keep 8.0 8.0 8.25 = 24.25/3 = 8.083333 → 8.08 × 1.6 = 12.928 → 12.93
#   decimals: 2 → 13.73 + 12.93 = 26.66; without decimals 8.583333×1.6 + 8.083333×1.6 = 26.666667
SKATING = {"oslo-a": [{"skills": m, "composition": c} for m, c in
                      zip([8.25, 8.5, 8.75, 9.0, 8.5], [7.75, 8.0, 8.0, 8.25, 9.0], strict=True)]}


def _skating(root: Path, decimals: int | None) -> Any:
    rules: dict[str, Any] = {"aggregate": "trimmed-mean", "trim": 1, "min_judges": 3, "per": "criterion", "total": "weighted-sum"}
    if decimals is not None:
        rules["decimals"] = decimals
    criteria = {"skills": {"title": "Skating skills"}, "composition": {"title": "Composition"}}
    cycle = cycle_doc(calls={"project": project(criteria=criteria, rules=rules)})
    entries = [_with(entry("oslo-a"), factors={"skills": 1.6, "composition": 1.6})]
    return run(root, cycle, panel(*J5), entries, sheets(by_judge(SKATING, J5)))


def test_decimals_round_each_component_then_its_factored_score(tmp_path: Path) -> None:
    a = _skating(tmp_path / "two", 2).results.scores["oslo-a"]
    assert a.detail["criterion_scores"] == {"skills": {"aggregate": 8.58, "factor": 1.6, "score": 13.73},
                                            "composition": {"aggregate": 8.08, "factor": 1.6, "score": 12.93}}
    assert a.score == 26.66
    unrounded = _skating(tmp_path / "none", None).results.scores["oslo-a"]
    assert unrounded.score == 26.666667
    assert unrounded.detail["criterion_scores"]["skills"] == {"aggregate": 8.583333, "factor": 1.6, "score": 13.733333}


def test_decimals_round_half_up_in_decimal_not_binary(tmp_path: Path) -> None:
    # 2.675 is 2.67499999999999982236431605997495353221893310546875 in binary: round() gives 2.67
    assert round(2.675, 2) == 2.67
    assert half_up(2.675, 2) == 2.68
    result = run(tmp_path, cycle_doc(rules={"decimals": 2}), panel("j1"), [entry("oslo-a")], sheets({"j1": {"oslo-a": 2.675}}))
    assert result.score("oslo-a") == 2.68


# ------------------------------------------------------------------------------------------------
# 4. What validate says

def test_a_criterion_factor_one_entry_lacks_is_r216(tmp_path: Path) -> None:
    result = _diving(tmp_path, b_factors={d: 2.0 for d in DIVES[:5]}, errors=("R216",))
    [lack] = _diagnostics(result, "R216")
    entries = tmp_path / "entries" / "entries.yaml"
    assert Path(lack.file).name == "entries.yaml"
    assert lack.line == _line_of(entries, "factors", after="id: seoul-b")
    assert "'seoul-b'" in lack.message and "dive6" in lack.message


def test_an_entry_without_any_factor_is_r216_at_its_id(tmp_path: Path) -> None:
    result = _diving(tmp_path, b_factors={}, errors=("R216",))
    [lack] = _diagnostics(result, "R216")
    assert lack.line == _line_of(tmp_path / "entries" / "entries.yaml", "id: seoul-b")


def test_a_round_factor_one_marked_entry_lacks_is_r216(tmp_path: Path) -> None:
    marks = {**sheets(by_judge({**SEMI, "seoul-b": [dict(m) for m in SEMI["oslo-a"]]}, J3), round="semi"),
             **sheets(by_judge({**FINAL, "seoul-b": [dict(m) for m in FINAL["oslo-a"]]}, J3), round="final")}
    result = run(tmp_path, _rounds_cycle(), panel(*J3), [_with(entry("oslo-a"), factors={"final": 1.5}), entry("seoul-b")],
                 marks, errors=("R216",))
    [lack] = _diagnostics(result, "R216")
    assert "'seoul-b'" in lack.message and "'final'" in lack.message


def test_factors_naming_no_round_or_criterion_are_r217(tmp_path: Path) -> None:
    marks = {**sheets(by_judge(SEMI, J3), round="semi"), **sheets(by_judge(FINAL, J3), round="final")}
    factors = {"finale": 1.5, "semi": {"dive3": 2.0}}
    result = run(tmp_path, _rounds_cycle({"total": "weighted-sum", "per": "criterion"}), panel(*J3),
                 [_with(entry("oslo-a"), factors=factors)], marks, errors=("R217",))
    found = sorted((d.line, d.message) for d in _diagnostics(result, "R217"))
    entries = tmp_path / "entries" / "entries.yaml"
    assert [line for line, _ in found] == sorted([_line_of(entries, "finale"), _line_of(entries, "dive3")])
    assert any("did you mean 'final'" in m for _, m in found)
    assert any("'dive3' is not a criterion of the 'semi' round" in m for _, m in found)


def test_criterion_factors_need_per_criterion(tmp_path: Path) -> None:
    criteria = {"design": {"title": "Design"}, "impact": {"title": "Impact"}}
    result = run(tmp_path, cycle_doc(calls={"project": project(criteria=criteria)}), panel("j1"),
                 [_with(entry("oslo-a"), factors={"design": 2.0, "impact": 1.0})],
                 sheets({"j1": {"oslo-a": {"design": 5, "impact": 5}}}), errors=("R211",))
    [conflict] = _diagnostics(result, "R211")
    assert conflict.line == _line_of(tmp_path / "entries" / "entries.yaml", "factors:")
    assert "per: criterion" in conflict.message


def test_panel_criterion_needs_per_criterion(tmp_path: Path) -> None:
    criteria = {"design": {"title": "Design"}, "impact": {"title": "Impact"}}
    result = run(tmp_path, cycle_doc(calls={"project": project(criteria=criteria, rules={"panel": "criterion"})}), panel("j1"),
                 [entry("oslo-a")], sheets({"j1": {"oslo-a": {"design": 5, "impact": 5}}}), errors=("R211",))
    [conflict] = _diagnostics(result, "R211")
    assert (Path(conflict.file).name, conflict.line) == ("cycle.yaml", _line_of(tmp_path / "cycle.yaml", "panel: criterion"))


# ------------------------------------------------------------------------------------------------
# 5. Properties, on the aggregation itself

CRITERIA = ("design", "impact", "reach")


def _call() -> Call:
    return Call.model_validate({"title": "Project", "criteria": {c: {"title": c.title()} for c in CRITERIA},
                                "categories": {"people": {"title": "People", "awards": {}}}})


def _aggregated(marks: list[list[float]], factors: dict[str, float], *, aggregate_by: str, total: str,
                decimals: int | None = None) -> EntryScore:
    entry_data = {**entry("oslo-a"), "factors": factors}
    result = EntryScore(Entry.model_validate(entry_data))
    for k, row in enumerate(marks):
        values = dict(zip(CRITERIA, row, strict=True))
        result.lines[f"j{k}"] = Line(f"j{k}", 0, values, total=sum(row) / len(row), per_criterion=values)
    rules = Rules(aggregate=aggregate_by, trim=1, per="criterion", total=total, normalise="none", min_scores=5,
                  min_judges=1, tie_break=("shared",), marking="scores", decimals=decimals)
    weights = Weights.of(_call())
    aggregate(result, rules, weights)
    criterion_means(result, rules, _call(), weights)
    return result


MARKS = st.lists(st.lists(st.integers(0, 20).map(lambda k: k / 2), min_size=3, max_size=3), min_size=3, max_size=7)
METHODS = st.sampled_from(["mean", "median", "sum", "trimmed-mean", "trimmed-sum"])
TOTALS = st.sampled_from(["weighted-mean", "weighted-sum"])


@settings(max_examples=150, deadline=None)
@given(MARKS, METHODS, TOTALS)
def test_factors_of_one_change_nothing(marks: list[list[float]], method: str, total: str) -> None:
    plain = _aggregated(marks, {}, aggregate_by=method, total=total)
    ones = _aggregated(marks, dict.fromkeys(CRITERIA, 1.0), aggregate_by=method, total=total)
    assert (ones.score, ones.raw_score, ones.reason) == (plain.score, plain.raw_score, plain.reason)
    assert ones.detail["criterion_scores"] == plain.detail["criterion_scores"]


@settings(max_examples=150, deadline=None)
@given(MARKS, METHODS, st.sampled_from(CRITERIA), st.sampled_from([0.5, 1.6, 2.0, 3.4, 10.0]))
def test_a_factor_scales_its_criterions_score_only(marks: list[list[float]], method: str, criterion: str, factor: float) -> None:
    plain = _aggregated(marks, {}, aggregate_by=method, total="weighted-sum")
    scaled = _aggregated(marks, {criterion: factor}, aggregate_by=method, total="weighted-sum")
    before, after = plain.detail["criterion_scores"], scaled.detail["criterion_scores"]
    # (each figure is shown to 6 decimals, so they agree to within those roundings)
    assert after[criterion]["aggregate"] == before[criterion]["aggregate"]
    assert abs(after[criterion]["score"] - before[criterion]["aggregate"] * factor) <= 1e-6 * (1 + factor)
    assert all(after[c] == before[c] for c in CRITERIA if c != criterion)
    # the weighted-sum moves by exactly what the criterion's score moved
    assert plain.score is not None and scaled.score is not None
    expected = plain.score + (factor - 1) * before[criterion]["aggregate"]
    assert abs(scaled.score - expected) <= 1e-6 * (2 + factor)
    assert scaled.criterion_means == plain.criterion_means  # means stay on the raw marks


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10**7), st.integers(0, 4))
def test_half_up_is_decimal_half_up(units: int, decimals: int) -> None:
    """x = units / 10**6 (exact in decimal): half_up agrees with decimal ROUND_HALF_UP."""
    from decimal import ROUND_HALF_UP, Decimal
    exact = Decimal(units).scaleb(-6)
    assert half_up(units / 10**6, decimals) == float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def test_decimals_none_leaves_per_criterion_scores_as_before() -> None:
    # without decimals the criteria are not rounded before they are totalled: 1/3 + 1/3 + 1/3 = 1
    marks = [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    result = _aggregated(marks, {}, aggregate_by="mean", total="weighted-sum")
    assert result.score == 1.0
    assert _aggregated(marks, {}, aggregate_by="mean", total="weighted-sum", decimals=1).score == 0.9


@pytest.mark.parametrize("how", ["z-score", "percentile", "calibrated"])
def test_a_partial_panel_is_normalised_per_criterion_over_the_judges_who_marked_it(tmp_path: Path, how: str) -> None:
    # was a KeyError traceback under z-score and percentile: a partial line lacks the other dives
    result = _diving(tmp_path, rules={**DIVING_RULES, "normalise": how, "min_scores": 2})
    assert result.order() == ["oslo-a", "seoul-b"]
    line = result.results.scores["oslo-a"].lines["j8"]
    assert line.normalised is not None and set(line.normalised) == {"dive4", "dive5", "dive6", "total"}


# ------------------------------------------------------------------------------------------------
# 6. Review of issue 16: factors and decimals where nothing applies them, unranked entries without
#    a score, one maximum total for approval and percentiles

# approve: 8; marks a 9, 7, 8 → 2 approvals; d 6, 5, 7 → 0 (the docs' approval example)
APPROVALS = {"oslo-a": [9, 7, 8], "seoul-b": [6, 5, 7]}


def _approval_rounds(root: Path, factors: dict[str, Any], rules: dict[str, Any] | None = None, errors: tuple[str, ...] = ()) -> Any:
    cycle = cycle_doc(rounds={"r1": {"title": "R1"}}, rules={"aggregate": "approval", "approve": 8, **(rules or {})})
    entries = [_with(entry(e), factors=factors[e]) if e in factors else entry(e) for e in APPROVALS]
    return run(root, cycle, panel(*J3), entries, sheets(by_judge(APPROVALS, J3), round="r1"), errors=errors)


def test_a_factor_under_approval_is_r211_not_silently_ignored(tmp_path: Path) -> None:
    # Before: R211 nowhere, and the factors 2 and 3 silently left out (a 2 approvals, d 0).
    result = _approval_rounds(tmp_path, {"oslo-a": {"r1": 2.0}, "seoul-b": {"r1": 3.0}}, errors=("R211",))
    found = _diagnostics(result, "R211")
    entries = tmp_path / "entries" / "entries.yaml"
    assert sorted(d.line for d in found) == sorted(_line_of(entries, "r1:", after=f"id: {e}") for e in APPROVALS)
    assert all("approval" in d.message for d in found)
    assert _diagnostics(result, "R216") == []  # one report per factor, not a second about the others


def test_decimals_where_no_score_is_rounded_are_r211(tmp_path: Path) -> None:
    # approval counts judges and borda ranks entries: decimals: 2 would round nothing, silently.
    for method, extra in (("approval", {"approve": 8}), ("borda", {})):
        root = tmp_path / method
        result = run(root, cycle_doc(rules={"aggregate": method, "decimals": 2, **extra}), panel(*J3), [entry(e) for e in APPROVALS],
                     sheets(by_judge(APPROVALS, J3)), errors=("R211",))
        [conflict] = _diagnostics(result, "R211")
        assert (Path(conflict.file).name, conflict.line) == ("cycle.yaml", _line_of(root / "cycle.yaml", "decimals: 2"))
    quiet = run(tmp_path / "mean", cycle_doc(rules={"decimals": 2}), panel(*J3), [entry(e) for e in APPROVALS], sheets(by_judge(APPROVALS, J3)))
    assert _diagnostics(quiet, "R211") == []


def test_an_entry_with_too_few_judges_on_one_criterion_has_no_score(tmp_path: Path) -> None:
    # panel: criterion, min_judges 2: x has one d2 mark → unranked; before, it still showed 12.333333.
    #   y: d1 (5+6+8)/3 = 6.333333, d2 (5+7+6)/3 = 6 → 12.333333
    rules = {"aggregate": "mean", "per": "criterion", "total": "weighted-sum", "panel": "criterion", "min_judges": 2}
    criteria = {"d1": {"title": "D1"}, "d2": {"title": "D2"}}
    marks = {"oslo-x": [{"d1": 6}, {"d1": 7}, {"d1": 9, "d2": 5}], "seoul-y": [{"d1": 5, "d2": 5}, {"d1": 6, "d2": 7}, {"d1": 8, "d2": 6}]}
    result = run(tmp_path, cycle_doc(calls={"project": project(criteria=criteria, rules=rules)}), panel(*J3),
                 [entry(e) for e in marks], sheets(by_judge(marks, J3)))
    x = result.results.scores["oslo-x"]
    assert (x.status, x.reason) == (TOO_FEW, "d2: 1 valid score, fewer than min_judges (2)")
    assert (x.score, x.raw_score) == (None, None)
    assert "criterion_scores" not in x.detail
    assert result.table() == [(1, "seoul-y", None), (None, "oslo-x", "d2: 1 valid score, fewer than min_judges (2)")]
    assert result.score("seoul-y") == 12.333333


def test_an_unranked_entry_under_approval_has_no_count(tmp_path: Path) -> None:
    # min_judges 3: seoul-b has two marks → unranked; before, it showed 0 approvals (a score of 0).
    marks = {"oslo-a": [9, 7, 8], "seoul-b": [6, 5, None]}
    result = run(tmp_path, cycle_doc(rules={"aggregate": "approval", "approve": 8, "min_judges": 3}), panel(*J3),
                 [entry(e) for e in marks], sheets(by_judge(marks, J3)))
    b = result.results.scores["seoul-b"]
    assert (b.status, b.score, b.raw_score) == (TOO_FEW, None, None)
    assert "approvals" not in b.detail
    assert result.score("oslo-a") == 2.0


@pytest.mark.parametrize(("weight", "highs"), [(0.1, (7, 7, 7)), (0.3, (10, 9, 7)), (1.0, (10, 5, 8))])
def test_approvals_default_is_the_total_of_every_maximum_and_percentiles_top_out_there(weight: float, highs: tuple[int, ...]) -> None:
    """One helper (panel.total_range) gives approval's default and the range percentiles divide by:
    the top is the total a judge gives marking every criterion at its maximum, to the last bit.
    Before, approval's default was its own sum: 6.999999999999999 for three criteria of weight 0.1
    and maximum 7, against a judge's total of 7.0."""
    from smartaward.judging.normalise import percent_of_scale
    from smartaward.judging.panel import rules_for
    from smartaward.model.cyclefiles import CycleFile

    criteria = {c: {"title": c.title(), "weight": weight, "scale": {"min": 0, "max": high}} for c, high in zip(CRITERIA, highs, strict=True)}
    doc = cycle_doc(calls={"project": project(criteria=criteria)}, rules={"aggregate": "approval"})
    spec = CycleFile.model_validate(doc)
    call = spec.calls["project"]
    weights = Weights.of(call)
    top = weights.combine([float(h) for h in highs], "weighted-mean")
    rules = rules_for(spec, call)
    assert rules.approve == top
    assert percent_of_scale(call, spec, weights, "total", top, rules) == 100.0


# ------------------------------------------------------------------------------------------------
# panel: criterion is a panel that changes, not a judge choosing line by line (hostile review)

ART_TECH = {"tech": {"title": "Technique"}, "art": {"title": "Artistry"}}
PARTIAL_RULES = {"aggregate": "mean", "min_judges": 1, "per": "criterion", "total": "weighted-sum", "panel": "criterion"}


def _selective(root: Path, j3: dict[str, Any], *, category_of: dict[str, str] | None = None) -> Any:
    """j1 and j2 mark both criteria of both entries (oslo-a 6 and 6, seoul-b 7 and 7); j3 as given."""
    cats = {"people": {"title": "People", "awards": {"gold": 1}}, "teams": {"title": "Teams", "awards": {"gold": 1}}}
    cycle = cycle_doc(calls={"project": project(criteria=ART_TECH, rules=PARTIAL_RULES)})
    cycle["calls"]["project"]["categories"] = cats
    honest = {"oslo-a": {"tech": 6, "art": 6}, "seoul-b": {"tech": 7, "art": 7}}
    entries = [entry(e, category=(category_of or {}).get(e, "people")) for e in honest]
    return run(root, cycle, panel(*J3), entries, sheets({"j1": honest, "j2": honest, "j3": j3}))


def test_a_judge_marking_a_criterion_on_one_entry_and_not_another_is_m305_on_that_line(tmp_path: Path) -> None:
    # /tmp/r2 pc: j3 marks only oslo-a's art (10) and only seoul-b's tech (1); before, no warning and the
    # gold moved to oslo-a. Now M305 on each of j3's two lines, at the entry's key.
    result = _selective(tmp_path, {"oslo-a": {"art": 10}, "seoul-b": {"tech": 1}})
    sheet = tmp_path / "scores" / "j3.yaml"
    found = sorted((Path(d.file).name, d.line, d.column) for d in _diagnostics(result, "M305"))
    assert found == [("j3.yaml", _line_of(sheet, "oslo-a"), 3), ("j3.yaml", _line_of(sheet, "seoul-b"), 3)]
    said = {d.line: d.message for d in _diagnostics(result, "M305")}
    assert "'tech' on 'seoul-b' but not on 'oslo-a'" in said[_line_of(sheet, "oslo-a")]
    assert "'art' on 'oslo-a' but not on 'seoul-b'" in said[_line_of(sheet, "seoul-b")]
    # the lines still count, for the criteria they have (docs/rules.md §4, partial panels): oslo-a's art
    # over j1, j2, j3 = (6 + 6 + 10)/3, its tech over j1, j2 = 6; seoul-b's tech (7 + 7 + 1)/3 = 5, art 7
    a, b = result.results.scores["oslo-a"], result.results.scores["seoul-b"]
    assert a.criterion_means == {"tech": 6.0, "art": pytest.approx(22 / 3)}
    assert b.criterion_means == {"tech": 5.0, "art": 7.0}


def test_a_judge_marking_the_same_criteria_on_every_entry_of_the_round_is_no_m305(tmp_path: Path) -> None:
    # j3 joins for art only, on both entries: a panel change, as in diving
    result = _selective(tmp_path, {"oslo-a": {"art": 10}, "seoul-b": {"art": 1}})
    assert "M305" not in result.codes()


def test_a_judges_criteria_are_compared_within_one_category(tmp_path: Path) -> None:
    # oslo-a and seoul-b in different categories: j3 may be on the art panel of one and the tech panel of the other
    result = _selective(tmp_path, {"oslo-a": {"art": 10}, "seoul-b": {"tech": 1}}, category_of={"seoul-b": "teams"})
    assert "M305" not in result.codes()


def test_the_diving_cycle_s_judge_who_skips_one_dive_of_one_diver_is_m305_there_alone(tmp_path: Path) -> None:
    # j8 marks dives 4-6 of oslo-a but only 4 and 6 of seoul-b: one M305, on j8's seoul-b line
    result = _diving(tmp_path, skip=(("j8", "seoul-b", "dive5"),))
    [warned] = _diagnostics(result, "M305")
    assert (Path(warned.file).name, warned.line) == ("j8.yaml", _line_of(tmp_path / "scores" / "j8.yaml", "seoul-b"))
    assert "'dive5' on 'oslo-a' but not on 'seoul-b'" in warned.message
