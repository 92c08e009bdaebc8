"""Declared precision and weighted cuts (docs/rules.md §7, "Weighted cuts", "Declared precision"):
`decimals:` with `rounding: half-up | half-even` on round scores, on a shortlist's cut value and on
the combined score, and `on:` as a mapping round → weight; their checks, explain, and properties."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from cyclefiles import write_cycle
from helpers import run as cli
from hypothesis import given, settings
from hypothesis import strategies as st
from rulecycles import by_judge, cycle_doc, entry, panel, project, run, sheets

from smartaward.checks.run import run_checks
from smartaward.judging.stages import rounded_to
from smartaward.reading.load import load_cycle

STAGES = ["stage1", "stage2", "stage3"]


def staged(root: Path, marks: dict[str, dict[str, list[Any]]], rounds: dict[str, Any], *, combine: Any = "final-only",
           rules: dict[str, Any] | None = None, judges: list[str] | None = None) -> Any:
    judges = judges or ["j1"]
    cycle = cycle_doc(calls={"project": project(rounds=rounds, combine=combine)}, rules=rules or {"decimals": 2})
    cycle["scale"] = {"min": 0, "max": 25}
    written = {name: doc for round_id, rows in marks.items() for name, doc in sheets(by_judge(rows, judges), round=round_id).items()}
    ids = list(dict.fromkeys(e for rows in marks.values() for e in rows))
    return run(root, cycle, panel(*judges), [entry(e) for e in ids], written)


@pytest.mark.parametrize(("value", "decimals", "half_up", "half_even"), [
    (2.675, 2, 2.68, 2.68), (2.665, 2, 2.67, 2.66), (20.825, 2, 20.83, 20.82), (20.835, 2, 20.84, 20.84),
    (0.5, 0, 1.0, 0.0), (1.5, 0, 2.0, 2.0), (-2.665, 2, -2.67, -2.66), (8.574999999999999, 2, 8.58, 8.58),
])
def test_rounding_is_decimal_half_up_or_half_even(value: float, decimals: int, half_up: float, half_even: float) -> None:
    assert rounded_to(value, decimals, "half-up") == half_up
    assert rounded_to(value, decimals, "half-even") == half_even


def test_round_scores_round_half_even_where_the_rules_say(tmp_path: Path) -> None:
    marks = {"oslo-a": [7, 7.25], "lyon-b": [7.5, 6.75]}  # means 7.125 and 7.125
    for rounding, want in (("half-up", 7.13), ("half-even", 7.12)):
        cycle = cycle_doc(calls={"project": project()}, rules={"decimals": 2, "rounding": rounding})
        result = run(tmp_path / rounding, cycle, panel("j1", "j2"), [entry("oslo-a"), entry("lyon-b")], sheets(by_judge(marks, ["j1", "j2"])))
        assert result.score("oslo-a") == result.score("lyon-b") == want


def test_a_weighted_cut_ranks_on_the_weighted_mean(tmp_path: Path) -> None:
    marks = {"stage1": {"oslo-a": [20], "lyon-b": [10], "porto-c": [15]}, "stage2": {"oslo-a": [10], "lyon-b": [15], "porto-c": [12]},
             "stage3": {"oslo-a": [1], "lyon-b": [2]}}
    # on {stage1: 30, stage2: 70}: oslo-a 13, lyon-b 13.5, porto-c 12.9 → the top 2 are lyon-b and oslo-a
    rounds = {"stage1": {"shortlist": {"top": 3}}, "stage2": {"shortlist": {"top": 2, "on": {"stage1": 30, "stage2": 70}}}, "stage3": {}}
    result = staged(tmp_path, marks, rounds)
    assert result.table() == [(1, "lyon-b", None), (2, "oslo-a", None),
                              (None, "porto-c", "not shortlisted in the 'stage2' round (rank 3 on the weighted mean of stage1 (30), "
                                                "stage2 (70); the top 2 go through)")]
    stage2 = next(s for s in result.results.scores["lyon-b"].stages if s.round == "stage2")
    assert stage2.detail["cut_score"] == 13.5 and stage2.detail["cut_rule"] == "the weighted mean of stage1 (30), stage2 (70)"


def test_a_list_on_still_sums_and_explains_as_before(tmp_path: Path) -> None:
    marks = {"stage1": {"oslo-a": [20], "lyon-b": [10]}, "stage2": {"oslo-a": [10], "lyon-b": [15]}, "stage3": {"oslo-a": [1], "lyon-b": [2]}}
    rounds = {"stage1": {}, "stage2": {"shortlist": {"top": 1, "on": ["stage1", "stage2"]}}, "stage3": {}}
    result = staged(tmp_path, marks, rounds)
    stage2 = next(s for s in result.results.scores["oslo-a"].stages if s.round == "stage2")
    assert stage2.detail["cut_score"] == 30 and "cut_rule" not in stage2.detail
    text = cli("explain", "oslo-a", str(tmp_path)).output
    assert "cut score: 30 (the sum of the rounds the shortlist ranks on)" in text


def test_the_combined_score_at_its_declared_precision_ties_and_shares(tmp_path: Path) -> None:
    # weighted 1:2 of 20 and 20.01 → 20.006667; of 20.02 and 20 → 20.006667 too; 20.01 and 20.005 → ...
    marks = {"stage1": {"oslo-a": [20], "lyon-b": [20.02]}, "stage2": {"oslo-a": [20.01], "lyon-b": [20]}}
    rounds = {"stage1": {"weight": 1}, "stage2": {"weight": 2}}
    exact = staged(tmp_path / "exact", marks, rounds, combine={"weighted": ["stage1", "stage2"]})
    printed = staged(tmp_path / "printed", marks, rounds, combine={"weighted": ["stage1", "stage2"], "decimals": 2})
    assert exact.score("oslo-a") == exact.score("lyon-b") == round(60.02 / 3, 6)
    assert printed.score("oslo-a") == printed.score("lyon-b") == 20.01
    marks["stage2"]["oslo-a"] = [20.02]  # 20.013333 against 20.006667: 20.01 both at 2 decimals
    exact = staged(tmp_path / "exact2", marks, rounds, combine={"weighted": ["stage1", "stage2"]})
    printed = staged(tmp_path / "printed2", marks, rounds, combine={"weighted": ["stage1", "stage2"], "decimals": 2})
    assert [r[0] for r in exact.table()] == [1, 2]
    assert [r[0] for r in printed.table()] == [1, 1]  # tied at the published precision


def test_explain_names_a_weighted_cut_at_its_precision(tmp_path: Path) -> None:
    marks = {"stage1": {"oslo-a": [20.5], "lyon-b": [20.52]}, "stage2": {"oslo-a": [20.5], "lyon-b": [20.5]},
             "stage3": {"oslo-a": [20.98], "lyon-b": [20.98]}, "final": {"oslo-a": [20], "lyon-b": [21]}}
    rounds = {"stage1": {}, "stage2": {}, "stage3": {"shortlist": {"top": 1, "on": {"stage1": 10, "stage2": 20, "stage3": 70}, "decimals": 2}},
              "final": {}}
    staged(tmp_path, marks, rounds)
    text = cli("explain", "oslo-a", str(tmp_path)).output
    assert "cut score: 20.84 (the weighted mean of stage1 (10), stage2 (20), stage3 (70), to 2 decimals (half-up))" in text
    data = json.loads(cli("explain", "oslo-a", str(tmp_path), "-f", "json").stdout)
    stage3 = next(r for r in data["rounds"] if r["round"] == "stage3")
    assert stage3["cut_score"] == 20.84 and stage3["cut_rule"].startswith("the weighted mean")


# -- checks ----------------------------------------------------------------------------------------------

def _problems(root: Path, shortlist: dict[str, Any]) -> list[tuple[str, int, int]]:
    rounds = {"stage1": {}, "stage2": {"shortlist": shortlist}, "stage3": {}}
    cycle = cycle_doc(calls={"project": project(rounds=rounds, combine="sum")})
    write_cycle(root, cycle=cycle, judges=panel("j1"), entry_files={"entries.yaml": [entry("oslo-a")]}, sheets={})
    return [(d.code, d.line, d.column) for d in run_checks(load_cycle(root)) if d.severity.name == "ERROR"]


def _where(root: Path, text: str) -> tuple[int, int]:
    for number, line in enumerate((root / "cycle.yaml").read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith(text):
            return number, line.index(text) + 1
    raise AssertionError(text)


def test_a_weighted_cut_on_an_unknown_or_later_round_is_r217_at_its_key(tmp_path: Path) -> None:
    found = _problems(tmp_path, {"top": 1, "on": {"stage1": 30, "stage4": 40, "stage3": 30}})
    assert found == [("R217", *_where(tmp_path, "stage4:")), ("R217", *_where(tmp_path, "stage3: 30"))]


@pytest.mark.parametrize("on", [{"stage1": 0, "stage2": 1}, {"stage1": -1}, {}, {"stage1": "30%"}])
def test_a_weight_that_is_not_a_positive_number_is_a_schema_error(tmp_path: Path, on: dict[str, Any]) -> None:
    codes = {code for code, *_ in _problems(tmp_path, {"top": 1, "on": on})}
    assert codes == {"S103"}


@pytest.mark.parametrize("decimals", [-1, 7, 2.5, "2"])
def test_decimals_out_of_range_are_a_schema_error(tmp_path: Path, decimals: Any) -> None:
    codes = {code for code, *_ in _problems(tmp_path, {"top": 1, "decimals": decimals})}
    assert codes == {"S103"}


# -- properties -----------------------------------------------------------------------------------------------

hundredths = st.integers(min_value=1000, max_value=2500).map(lambda n: n / 100)


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(st.tuples(hundredths, hundredths, hundredths), min_size=4, max_size=6), seed=st.integers(0, 10_000),
       rounding=st.sampled_from(["half-up", "half-even"]))
def test_rounding_then_ranking_is_stable_under_input_order(tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[float, float, float]],
                                                          seed: int, rounding: str) -> None:
    ids = ["oslo-a", "lyon-b", "porto-c", "seoul-d", "cebu-e", "tartu-f"][: len(rows)]
    rounds = {"stage1": {"weight": 10}, "stage2": {"weight": 20, "shortlist": {"top": 2, "on": {"stage1": 30, "stage2": 70}, "decimals": 2,
                                                                              "rounding": rounding}},
              "stage3": {"weight": 70}}
    combine = {"weighted": STAGES, "decimals": 2, "rounding": rounding}

    def outcome(order: list[int]) -> list[tuple[Any, str, Any]]:
        marks = {stage: {ids[i]: [rows[i][k]] for i in order} for k, stage in enumerate(STAGES)}
        root = tmp_path_factory.mktemp("order")
        return staged(root, marks, rounds, combine=combine).table()

    forward = list(range(len(rows)))
    shuffled = forward[:]
    random.Random(seed).shuffle(shuffled)
    assert outcome(forward) == outcome(shuffled)


@pytest.mark.parametrize(("where", "key_line"), [
    ("cycle", "rounding: half-even"), ("shortlist", "rounding: half-even"), ("combine", "rounding: half-even"),
])
def test_rounding_without_decimals_is_r211_at_its_key(tmp_path: Path, where: str, key_line: str) -> None:
    rounds: dict[str, Any] = {"stage1": {}, "stage2": {"shortlist": {"top": 1, "on": {"stage1": 1, "stage2": 1}}}, "stage3": {}}
    combine: dict[str, Any] = {"sum": STAGES}
    rules: dict[str, Any] = {}
    if where == "cycle":
        rules["rounding"] = "half-even"
    elif where == "shortlist":
        rounds["stage2"]["shortlist"]["rounding"] = "half-even"
    else:
        combine["rounding"] = "half-even"
    cycle = cycle_doc(calls={"project": project(rounds=rounds, combine=combine)}, rules=rules or None)
    write_cycle(tmp_path, cycle=cycle, judges=panel("j1"), entry_files={"entries.yaml": [entry("oslo-a")]}, sheets={})
    found = [(d.code, d.line, d.column) for d in run_checks(load_cycle(tmp_path)) if d.code == "R211"]
    assert found == [("R211", *_where(tmp_path, key_line))]


def test_rounding_with_decimals_in_force_is_no_problem(tmp_path: Path) -> None:
    rounds = {"stage1": {"rules": {"decimals": 2}}, "stage2": {}}
    cycle = cycle_doc(calls={"project": project(rounds=rounds, combine="sum")}, rules={"rounding": "half-even"})
    write_cycle(tmp_path, cycle=cycle, judges=panel("j1"), entry_files={"entries.yaml": [entry("oslo-a")]}, sheets={})
    assert [d.code for d in run_checks(load_cycle(tmp_path)) if d.code == "R211"] == []


# -- certified records ---------------------------------------------------------------------------------------

REAL = Path(__file__).resolve().parent / "real"


def test_a_cycle_that_corrects_and_rounds_is_certified_and_verified(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "chopin"
    shutil.copytree(REAL / "chopin-2025", root, ignore=shutil.ignore_patterns("official", "convert.py"))
    assert cli("certify", root, "--by", "The jury", "--on", "2025-10-21").exit_code == 0
    record = json.loads((root / "results" / "certified.json").read_text(encoding="utf-8"))
    stage1 = record["rules"]["rounds"][0]["rules"]
    assert stage1["correct"] == {"around": "mean", "limit": 3.0} and "rounding" not in stage1
    assert cli("verify", root).exit_code == 0
    # the rounding of every stage changed: a rule change the record did not have, and the results it moves
    text = (root / "cycle.yaml").read_text(encoding="utf-8")
    (root / "cycle.yaml").write_text(text.replace("  decimals: 2\n", "  decimals: 2\n  rounding: half-even\n", 1), encoding="utf-8")
    result = cli("verify", root, "--format", "json")
    assert result.exit_code == 1
    fields = {(c["kind"], c.get("field")) for c in json.loads(result.stdout)["changes"]}
    assert ("rule", "rounding") in fields


def test_a_record_of_a_cycle_without_the_later_rules_keeps_its_shape(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "seoul"
    shutil.copytree(Path(__file__).resolve().parent.parent / "cycles" / "seoul-smart-city-2024", root)
    assert cli("certify", root, "--by", "The jury", "--on", "2024-10-01").exit_code == 0
    record = json.loads((root / "results" / "certified.json").read_text(encoding="utf-8"))
    assert all("correct" not in r["rules"] and "rounding" not in r["rules"] for r in record["rules"]["rounds"])


def test_shortlist_and_combine_round_as_the_rules_say_unless_they_say_otherwise(tmp_path: Path) -> None:
    # weighted 1:1 of 20 and 20.05 = 20.025: half-up 20.03, half-even 20.02
    marks = {"stage1": {"oslo-a": [20]}, "stage2": {"oslo-a": [20.05]}}
    rounds = {"stage1": {}, "stage2": {}}
    for rules, combine, want in (({"decimals": 2}, {"weighted": ["stage1", "stage2"], "decimals": 2}, 20.03),
                                 ({"decimals": 2, "rounding": "half-even"}, {"weighted": ["stage1", "stage2"], "decimals": 2}, 20.02),
                                 ({"decimals": 2, "rounding": "half-even"}, {"weighted": ["stage1", "stage2"], "decimals": 2,
                                                                            "rounding": "half-up"}, 20.03)):
        root = tmp_path / f"r{want}-{len(combine)}-{len(rules)}"
        assert staged(root, marks, rounds, combine=combine, rules=rules).score("oslo-a") == want


def test_a_bad_weight_is_reported_at_the_weight(tmp_path: Path) -> None:
    rounds = {"stage1": {}, "stage2": {"shortlist": {"top": 1, "on": {"stage1": 5e-324, "stage2": 1}}}, "stage3": {}}
    cycle = cycle_doc(calls={"project": project(rounds=rounds, combine="sum")})
    write_cycle(tmp_path, cycle=cycle, judges=panel("j1"), entry_files={"entries.yaml": [entry("oslo-a")]}, sheets={})
    (problem,) = [d for d in run_checks(load_cycle(tmp_path)) if d.code == "S103"]
    assert problem.message.startswith("calls.project.rounds.stage2.shortlist.on.stage1:")


def test_a_cut_that_leaves_out_its_own_round_which_counts_nowhere_else_is_r211(tmp_path: Path) -> None:
    found = _problems(tmp_path / "alone", {"top": 1, "on": {"stage1": 1}})  # combine: sum names every round: stage2 counts there
    assert found == []
    rounds = {"stage1": {}, "stage2": {"shortlist": {"top": 1, "on": ["stage1"]}}, "stage3": {}}
    cycle = cycle_doc(calls={"project": project(rounds=rounds)})  # final-only: stage2's marks count nowhere
    write_cycle(tmp_path / "dead", cycle=cycle, judges=panel("j1"), entry_files={"entries.yaml": [entry("oslo-a")]}, sheets={})
    problems = [(d.code, d.line, d.column) for d in run_checks(load_cycle(tmp_path / "dead")) if d.code == "R211"]
    assert problems == [("R211", *_where(tmp_path / "dead", "'on':"))]  # (yaml.dump quotes the key on)
