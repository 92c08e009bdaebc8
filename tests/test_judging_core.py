"""One rule in one place in the judging core (issue 16, final review): the criteria a round judges,
a judge's total, the method lists and the decimals each have one definition the others agree with."""

from __future__ import annotations

from typing import get_args

import pytest

from smartaward.judging import methods, pairs, rounds, stages
from smartaward.judging.panel import as_total, round_criteria
from smartaward.judging.stages import Weights, too_few_judges
from smartaward.model import cyclefiles
from smartaward.model.cyclefiles import Aggregate, Call

CRITERIA = {"dive1": 2.0, "dive2": 1.0, "dive3": 1.0}


def _call(rounds_: dict[str, list[str] | None]) -> Call:
    return Call.model_validate({
        "title": "Diving",
        "criteria": {c: {"title": c, "weight": w} for c, w in CRITERIA.items()},
        "categories": {"open": {"title": "Open", "awards": {}}},
        "rounds": {r: ({"criteria": named} if named is not None else {}) for r, named in rounds_.items()},
    })


def test_the_method_lists_agree_with_the_schema() -> None:
    assert get_args(Aggregate) == cyclefiles.SCORE_METHODS + cyclefiles.RANK_METHODS
    assert methods.SCORE_METHODS == cyclefiles.SCORE_METHODS


def test_methods_compares_at_the_decimals_scores_are_rounded_to() -> None:
    assert methods.DECIMALS == stages.SCORE_DECIMALS


def test_one_outcome_type_and_one_no_marks_yet() -> None:
    assert pairs.Outcome is methods.Outcome
    assert rounds.NO_MARKS_YET is stages.NO_MARKS_YET == "no-marks-yet"


def test_round_criteria_are_the_named_ones_known_to_the_call_each_once() -> None:
    call = _call({"prelim": ["dive3", "dive1", "dive3", "dive9"], "semi": ["dive9"], "final": None})
    assert round_criteria(call, "prelim") == ["dive3", "dive1"]  # in the round's order; dive9 is R217
    assert round_criteria(call, "semi") == list(CRITERIA)  # none known: all of the call's
    assert round_criteria(call, "final") == list(CRITERIA)  # none named
    assert round_criteria(call, None) == list(CRITERIA)


def test_scoring_reads_a_rounds_criteria_by_the_same_rule() -> None:
    call = _call({"prelim": ["dive3", "dive1", "dive3", "dive9"], "semi": ["dive9"], "final": None})
    weights = Weights.of(call)
    for round_id in [*call.rounds, None]:
        assert list(weights.in_round(round_id).criteria) == round_criteria(call, round_id)
    assert weights.in_round("prelim").weights == (1.0, 2.0)


@pytest.mark.parametrize("how", ["weighted-mean", "weighted-sum"])
def test_a_judges_total_has_one_formula(how: str) -> None:
    weights = Weights.of(_call({}))
    values = [7.3, 8.1, 6.9]
    assert weights.combine(values, how) == as_total(values, how, [2.0, 1.0, 1.0], 4.0, False)
    subset = weights.subset({"dive2", "dive3"})  # equal weights: the plain mean
    assert (subset.total, subset.equal) == (2.0, True)
    assert subset.combine([7.3, 8.1], how) == as_total([7.3, 8.1], how, [1.0, 1.0], 2.0, True)


def test_too_few_judges_is_worded_once() -> None:
    assert too_few_judges(1, 3) == "1 valid score, fewer than min_judges (3)"
    assert too_few_judges(2, 3, "dive2") == "dive2: 2 valid scores, fewer than min_judges (3)"


def test_average_ranks_and_points_share_the_places() -> None:
    ballot = {"a": 9, "b": 8, "c": 8, "d": 6}
    assert methods.average_ranks(ballot) == {"a": 1.0, "b": 2.5, "c": 2.5, "d": 4.0}
    assert methods.positional_points({"j": ballot}, [12, 10, 8]) == {"a": 12.0, "b": 9.0, "c": 9.0, "d": 0.0}
    with pytest.raises(ValueError):
        methods.average_ranks({"a": float("nan")})


def test_approval_is_counted_not_aggregated() -> None:
    assert methods.approvals([9, 7, 8, 7.9999999999], 8) == 3
    with pytest.raises(ValueError, match="approvals"):
        methods.aggregate("approval", [9, 7, 8])
