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


@settings(max_examples=300, deadline=None)
@given(totals=marks, limit=limits, around=st.sampled_from(["mean", "median"]))
def test_a_correction_never_moves_a_total_away_from_the_centre_nor_past_it(totals: list[float], limit: float, around: str) -> None:
    values, detail = corrected(totals, limit, around, None)
    centre = detail["centre"]
    for total, value in zip(totals, values, strict=True):
        if abs(total - centre) <= limit:
            assert value == total  # within the limit: untouched
        else:
            assert abs(value - centre) == pytest.approx(limit, abs=1e-6)  # moved to the limit, no further
            assert (value - centre) * (total - centre) > 0  # on the same side of the centre
            assert abs(value - centre) < abs(total - centre)


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
