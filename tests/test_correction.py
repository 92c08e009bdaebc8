"""Marks corrected toward the panel (`correct:`, docs/rules.md §4): where a rule cannot apply (R211,
at the `correct` key), and the properties of the correction itself (hypothesis)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, cast

import pytest
from cyclefiles import write_cycle
from hypothesis import given, settings
from hypothesis import strategies as st
from rulecycles import J5, by_judge, cycle_doc, entry, panel, sheets

from smartaward.checks.run import run_checks
from smartaward.judging import aggregate as aggregate_module
from smartaward.judging.panel import Rules
from smartaward.judging.stages import EntryScore, Line
from smartaward.model.cyclefiles import Correction
from smartaward.reading.load import load_cycle

MARKS = {"oslo-a": [14, 17, 19, 21, 21], "lyon-b": [16, 16, 17, 16, 24]}
SCALE = {"min": 1, "max": 25}


def problems(root: Path, rules: dict[str, Any], **call_keys: Any) -> list[tuple[str, int, int]]:
    cycle = cycle_doc(rules=rules, **call_keys)
    cycle["scale"] = SCALE
    write_cycle(root, cycle=cycle, judges=panel(*J5), entry_files={"entries.yaml": [entry(e) for e in MARKS]},
                sheets=sheets(by_judge(MARKS, J5)))
    return [(d.code, d.line, d.column) for d in run_checks(load_cycle(root)) if d.code == "R211"]


def correct_key_line(root: Path) -> int:
    """The line of `correct:` in the cycle file written: its value (the report's place, as for any
    rule written as a mapping) starts on the next line."""
    lines = (root / "cycle.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, start=1) if text.strip().startswith("correct:"))


@pytest.mark.parametrize("rules", [
    {"correct": {"limit": 3}, "aggregate": "borda"},
    {"correct": {"limit": 3}, "aggregate": "approval"},
    {"correct": {"limit": 3}, "per": "criterion"},
    {"correct": {"limit": 3}, "normalise": "z-score", "min_scores": 2},
], ids=["rank-method", "approval", "per-criterion", "normalise"])
def test_a_correction_that_cannot_apply_is_r211_at_its_key(tmp_path: Path, rules: dict[str, Any]) -> None:
    found = problems(tmp_path, rules)
    assert [(code, line) for code, line, _ in found] == [("R211", correct_key_line(tmp_path) + 1)]


def test_a_correction_that_applies_is_no_problem(tmp_path: Path) -> None:
    assert problems(tmp_path, {"correct": {"around": "median", "limit": 2}, "aggregate": "trimmed-mean", "trim": 1, "min_judges": 3}) == []


# -- the correction itself ------------------------------------------------------------------------

def corrected(totals: list[float], limit: float, around: str, decimals: int | None) -> tuple[list[float], dict[str, Any]]:
    lines = [Line(judge=f"j{k:02d}", sheet=0, marks=total, total=total) for k, total in enumerate(totals)]
    result = EntryScore(entry=cast("Any", None))
    rules = Rules(aggregate="mean", trim=0, per="judge", total="weighted-mean", normalise="none", min_scores=5, min_judges=1,
                  tie_break=("shared",), marking="scores", decimals=decimals, correct=Correction(around=around, limit=limit))
    values = aggregate_module._corrected(result, rules, lines)
    return values, result.detail["corrected"]


marks = st.lists(st.integers(min_value=0, max_value=1000).map(lambda n: n / 4), min_size=1, max_size=17)
limits = st.sampled_from([0.5, 1, 2, 2.5, 3])


tenths = st.lists(st.integers(min_value=0, max_value=200).map(lambda n: n / 10), min_size=1, max_size=17)


@settings(max_examples=400, deadline=None)
@given(totals=st.one_of(marks, tenths), limit=st.sampled_from([0.25, 0.3, 0.5, 1, 2, 2.5, 3]),
       around=st.sampled_from(["mean", "median"]), decimals=st.sampled_from([None, 0, 1, 2]))
def test_a_correction_never_moves_a_total_away_from_the_centre_nor_past_it(totals: list[float], limit: float, around: str,
                                                                         decimals: int | None) -> None:
    values, detail = corrected(totals, limit, around, decimals)
    centre = detail["centre"]
    for total, value in zip(totals, values, strict=True):
        if round(abs(total - centre), 6) <= limit:
            assert value == total  # within the limit (exactly at it too, in decimal): untouched
        else:
            assert abs(value - centre) == pytest.approx(limit, abs=1e-9)  # moved to the limit, no further
            assert (value - centre) * (total - centre) > 0  # on the same side of the centre
            assert abs(value - centre) < abs(total - centre)
    assert set(detail["moved"]) == {f"j{k:02d}" for k, (t, v) in enumerate(zip(totals, values, strict=True)) if t != v}


@pytest.mark.parametrize(("totals", "limit", "decimals", "moved"), [
    ([10, 10, 10, 10.7, 9.3], 0.5, 0, {"j03": [10.7, 10.5], "j04": [9.3, 9.5]}),  # not rounded past the limit (to 11, 10)
    ([8.0, 8.0, 8.0, 8.3, 7.7], 0.25, 1, {"j03": [8.3, 8.25], "j04": [7.7, 7.75]}),  # both sides alike
    ([4.6, 5.2], 0.3, None, {}),  # each exactly 0.3 from 4.9 in decimal (4.6000000000000005 in binary): not moved
])
def test_found_by_review(totals: list[float], limit: float, decimals: int | None, moved: dict[str, list[float]]) -> None:
    assert corrected(totals, limit, "mean", decimals)[1]["moved"] == moved


@settings(max_examples=200, deadline=None)
@given(totals=marks, limit=limits, around=st.sampled_from(["mean", "median"]), decimals=st.sampled_from([None, 0, 1, 2]),
       seed=st.integers(0, 2**32 - 1))
def test_the_corrected_totals_do_not_depend_on_the_judges_order(totals: list[float], limit: float, around: str,
                                                               decimals: int | None, seed: int) -> None:
    shuffled = totals[:]
    random.Random(seed).shuffle(shuffled)
    first, detail = corrected(totals, limit, around, decimals)
    second, again = corrected(shuffled, limit, around, decimals)
    assert sorted(first) == sorted(second)
    assert detail["centre"] == again["centre"]


def test_a_tie_of_corrected_scores_is_broken_on_the_totals_as_given(tmp_path: Path) -> None:
    """docs/rules.md §4: the correction makes the score; `spread` then reads what the judges wrote.
    oslo-a's 10 is corrected to 7 (both score 5.4); on the totals as given its spread is the wider."""
    from rulecycles import scored_run

    result = scored_run(tmp_path, {"oslo-a": [5, 5, 5, 5, 10], "lyon-b": [4.4, 4.4, 6.4, 6.4, 5.4]}, J5,
                        rules={"correct": {"limit": 1}, "tie_break": ["spread", "shared"]})
    assert result.score("oslo-a") == result.score("lyon-b") == 5.4
    assert result.order() == ["lyon-b", "oslo-a"]
