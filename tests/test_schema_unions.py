"""A value that fails every member of a union (combine: a word or a mapping; a factor: a number or a
mapping) is ONE problem, in our words, at the value: pydantic's member names (`literal[...]`,
`function-after[...]`, `constrained-float`) never reach a message. Also: a points table must be
written best place first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cyclefiles import write_cycle
from rulecycles import cycle_doc, entry, panel, project

from smartaward.checks.run import run_checks
from smartaward.reading.load import load_cycle


def _problems(root: Path, cycle: dict[str, Any], entries: list[dict[str, Any]] | None = None) -> list[Any]:
    write_cycle(root, cycle=cycle, judges=panel("j1"), entry_files={"entries.yaml": entries or [entry("seoul-air")]}, sheets={})
    return [d for d in run_checks(load_cycle(root)) if d.code.startswith("S")]


@pytest.mark.parametrize(("combine", "words"), [
    ("bestest", "'final-only', 'sum', 'best' or 'weighted'"),
    ({"best": ["a"], "sum": ["b"]}, "exactly one of sum, best or weighted"),
])
def test_a_bad_combine_is_one_problem_in_our_words(tmp_path: Path, combine: Any, words: str) -> None:
    problems = _problems(tmp_path, cycle_doc(calls={"project": project(rounds={"a": {}, "b": {}}, combine=combine)}))
    assert [d.code for d in problems] == ["S103"]
    assert words in problems[0].message and problems[0].message.startswith("calls.project.combine: ")
    assert "[" not in problems[0].message.split(":")[0] and "function-after" not in problems[0].message


def test_a_bad_factor_is_reported_at_its_value_once(tmp_path: Path) -> None:
    nested, flat = entry("seoul-air"), entry("oslo-bikes")
    nested["factors"], flat["factors"] = {"semi": {"d1": "x"}}, {"semi": "x"}
    problems = _problems(tmp_path, cycle_doc(), [nested, flat])
    assert [(d.code, d.message.split(":")[0]) for d in problems] == [("S103", "factors.semi.d1"), ("S103", "factors.semi")]
    assert not any("constrained" in d.message or "dict[" in d.message for d in problems)


def test_a_points_table_written_worst_first_is_refused(tmp_path: Path) -> None:
    problems = _problems(tmp_path, cycle_doc(rules={"aggregate": "points", "points": [1, 2, 3]}))
    assert [d.code for d in problems] == ["S103"] and "best place first" in problems[0].message
    assert _problems(tmp_path / "ok", cycle_doc(rules={"aggregate": "points", "points": [3, 3, 1, 0]})) == []



def test_a_points_table_of_zeros_is_refused(tmp_path: Path) -> None:
    problems = _problems(tmp_path, cycle_doc(rules={"aggregate": "points", "points": [0, 0, 0]}))
    assert [d.code for d in problems] == ["S103"] and "0 points" in problems[0].message
