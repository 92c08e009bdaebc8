"""Rounds that could still change a result without a word (hostile review of issue 16): a best-of
round no one has marks in yet, a required last round, rounds a named combine leaves out, a rank
method in a round the combine does not add up, a shortlist naming a round twice, a factor only an
entry that missed the round declares, and an `approve:` no judge's total can reach.

Small cycles on disk (rulecycles.py); each expectation worked out by hand in the comments.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from cyclefiles import write_cycle
from helpers import run as cli
from rulecycles import J3, Run, by_judge, cycle_doc, entry, panel, run, sheets

from smartaward.checks.run import run_checks
from smartaward.reading.load import load_cycle

RUNS = {"run1": {"title": "Run 1"}, "run2": {"title": "Run 2"}, "run3": {"title": "Run 3"}}
RIDERS = ["seoul-a", "busan-b", "oslo-d"]
# Three judges, one mark each; run1 and run2 held, run3 not yet (no sheet at all):
#   seoul 80, 20 → best 80; busan 70, 90 → 90; oslo 60, 61 → 61
HELD = {"run1": {"seoul-a": [80] * 3, "busan-b": [70] * 3, "oslo-d": [60] * 3},
        "run2": {"seoul-a": [20] * 3, "busan-b": [90] * 3, "oslo-d": [61] * 3}}


def _sheets(by_round: dict[str, dict[str, list[Any]]], judges: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for round_id, rows in by_round.items():
        out.update(sheets(by_judge(rows, judges), round=round_id))
    return out


def _best_cycle(runs: dict[str, Any] | None = None, combine: Any = "best") -> dict[str, Any]:
    cycle = cycle_doc(rounds=runs or RUNS, combine=combine, rules={"aggregate": "mean", "min_judges": 2},
                      awards={"gold": {"title": "Gold", "count": 1}})
    cycle["scale"] = {"min": 0, "max": 100}
    return cycle


def _best_run(root: Path, runs: dict[str, Any] | None = None, marks: dict[str, Any] | None = None) -> Run:
    return run(root, _best_cycle(runs), panel(*J3), [entry(e) for e in RIDERS], _sheets(HELD if marks is None else marks, J3))


def _status(root: Path) -> dict[str, Any]:
    result = cli("status", root, "-f", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _position(root: Path, path: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
    """Line and column (1-based) of the value at `path` in root/cycle.yaml (of its key: `key`)."""
    node: Any = yaml.compose((root / "cycle.yaml").read_text(encoding="utf-8"))
    name: Any = None
    for step in path:
        if isinstance(step, int):
            node = node.value[step]
        else:
            name, node = next((k, v) for k, v in node.value if k.value == step)
    at = name if key else node
    return at.start_mark.line + 1, at.start_mark.column + 1


def _checked(root: Path, cycle: dict[str, Any], codes: tuple[str, ...] = ("R211", "R217")) -> list[tuple[str, int, int, str]]:
    write_cycle(root, cycle=cycle, judges=panel(*J3), entry_files={"entries.yaml": [entry("seoul-a")]}, sheets={})
    return [(d.code, d.line, d.column, d.message) for d in run_checks(load_cycle(root)) if d.code in codes]


# ------------------------------------------------------------------------------------------------
# 1. Best of N: a round no entry has marks in yet is not held yet, not "did not start" for everyone


def test_a_run_no_one_has_marks_in_yet_is_not_a_did_not_start(tmp_path: Path) -> None:
    result = _best_run(tmp_path)
    assert result.order() == ["busan-b", "seoul-a", "oslo-d"]  # 90, 80, 61: the runs held
    seoul = result.results.scores["seoul-a"]
    run3 = next(s for s in seoul.stages if s.round == "run3")
    assert (run3.status, run3.reason) == ("no-marks-yet", "the 'run3' round has no marks yet")  # before: did not start
    assert "did_not_start" not in seoul.detail and seoul.detail["no_marks_yet"] == ["run3"]
    assert any("run3: no entry of this category has marks in this round yet" in note for note in result.notes())
    assert result.codes() == []


def test_a_run_no_one_has_marks_in_yet_keeps_the_result_provisional(tmp_path: Path) -> None:
    _best_run(tmp_path)
    status = _status(tmp_path)
    assert status["status"] == "provisional"  # before: "final — certify can seal"
    [item] = status["open"]
    assert (item["kind"], item["call"], item["round"], item["entries"]) == ("round-without-marks", "project", "run3", sorted(RIDERS))
    assert (item["line"], item["column"]) == _position(tmp_path, ("calls", "project", "rounds", "run3"), key=True)
    assert "the 'run3' round has no marks yet" in item["text"]
    explained = cli("explain", "seoul-a", tmp_path, "--no-cache").output
    assert "did not start" not in explained and "the 'run3' round has no marks yet" in explained


def test_once_one_entry_has_marks_the_others_did_not_start_and_the_result_is_final(tmp_path: Path) -> None:
    marks = {**HELD, "run3": {"oslo-d": [95] * 3}}
    result = _best_run(tmp_path, marks=marks)
    assert result.order() == ["oslo-d", "busan-b", "seoul-a"]
    assert result.results.scores["seoul-a"].detail["did_not_start"] == ["run3"]
    assert _status(tmp_path)["status"] == "final"


def test_no_round_held_at_all_is_not_did_not_start_any_round(tmp_path: Path) -> None:
    result = _best_run(tmp_path, marks={})
    seoul = result.results.scores["seoul-a"]
    assert (seoul.status, seoul.reason) == ("no-marks-yet", "no round has marks yet")
    rounds = [i["round"] for i in _status(tmp_path)["open"] if i["kind"] == "round-without-marks"]
    assert rounds == ["run1", "run2", "run3"]  # (and each judge has handed in no marks: "no-marks")


def test_a_required_last_run_without_marks_stops_the_rider(tmp_path: Path) -> None:
    # run3 required; oslo has marks there, seoul and busan none: they stop (before: required was
    # ignored on the last round, and they were ranked on run1/run2).
    runs = {**RUNS, "run3": {"title": "Run 3", "required": True}}
    result = _best_run(tmp_path, runs, marks={**HELD, "run3": {"oslo-d": [50] * 3}})
    assert result.order() == ["oslo-d"]  # best of 60, 61, 50
    seoul = result.results.scores["seoul-a"]
    assert (seoul.status, seoul.reason, seoul.round) == ("did-not-start", "did not start the 'run3' round", "run3")
    # marks from too few judges in the required last run stop the rider as well
    result = _best_run(tmp_path / "few", runs, marks={**HELD, "run3": {"oslo-d": [50, None, None], "busan-b": [40] * 3}})
    assert result.order() == ["busan-b"]
    assert result.results.scores["oslo-d"].status == "too-few-judges"


def test_a_required_last_run_no_one_has_marks_in_stops_everyone_provisionally(tmp_path: Path) -> None:
    runs = {**RUNS, "run3": {"title": "Run 3", "required": True}}
    result = _best_run(tmp_path, runs)
    assert result.order() == []
    assert {result.results.scores[e].reason for e in RIDERS} == {"the 'run3' round has no marks yet"}
    assert _status(tmp_path)["status"] == "provisional"


# ------------------------------------------------------------------------------------------------
# 2. combine over named rounds: every scored round must be named, cut, or be a screening


def test_a_named_combine_leaving_out_an_earlier_round_that_cuts_no_one_is_r211(tmp_path: Path) -> None:
    # {best: [run2]} of run1, run2: run1 cuts no one and is not named: its marks counted for nothing
    # (before: ranked on run2 alone, validate clean).
    rounds = {"run1": {"title": "Run 1"}, "run2": {"title": "Run 2"}}
    found = _checked(tmp_path, _best_cycle(rounds, {"best": ["run2"]}))
    assert [(c, line, col) for c, line, col, _ in found] == [("R211", *_position(tmp_path, ("calls", "project", "combine", "best"), key=True))]
    assert "'run1'" in found[0][3] and "best: [run1, run2]" in found[0][3]


def test_rounds_that_cut_or_that_a_cut_adds_up_or_screen_may_be_left_out(tmp_path: Path) -> None:
    rounds = {"screen": {"title": "Screen", "screening": True},
              "prelim": {"title": "Prelim"},  # cuts no one itself, but the semi's cut adds it up
              "semi": {"title": "Semi", "shortlist": {"top": 3, "on": ["prelim", "semi"]}},
              "final": {"title": "Final"}}
    assert _checked(tmp_path, cycle_doc(rounds=rounds, combine={"sum": ["semi", "final"]})) == []
    rounds["semi"]["shortlist"] = {"top": 3}  # now the prelim's marks count for nothing
    found = _checked(tmp_path / "dead", cycle_doc(rounds=rounds, combine={"sum": ["semi", "final"]}))
    assert [c for c, *_ in found] == ["R211"] and "'prelim'" in found[0][3]


# ------------------------------------------------------------------------------------------------
# 3. A rank method in a round the combine does not add up; 4. a shortlist naming a round twice


def _diving(prelim_rules: dict[str, Any], combine: Any, semi_on: list[str] | None = None) -> dict[str, Any]:
    semi: dict[str, Any] = {"top": 2} if semi_on is None else {"top": 2, "on": semi_on}
    rounds = {"prelim": {"title": "P", "shortlist": {"top": 3}, "rules": prelim_rules},
              "semi": {"title": "S", "shortlist": semi}, "final": {"title": "F"}}
    return cycle_doc(rounds=rounds, combine=combine)


def test_a_rank_method_in_a_round_the_combine_does_not_name_is_fine(tmp_path: Path) -> None:
    # prelim ranks by borda and only cuts; {sum: [semi, final]} adds up the semi and the final
    assert _checked(tmp_path, _diving({"aggregate": "borda"}, {"sum": ["semi", "final"]})) == []  # before: R211


def test_a_rank_method_in_a_combined_round_is_r211_with_advice_that_fits(tmp_path: Path) -> None:
    found = _checked(tmp_path, _diving({"aggregate": "borda"}, "sum"))
    assert [(c, line, col) for c, line, col, _ in found] == [("R211", *_position(tmp_path, ("calls", "project", "combine")))]
    assert "combine: {sum: [semi, final]}" in found[0][3]  # leave the cutting round out
    found = _checked(tmp_path / "named", _diving({"aggregate": "borda"}, {"sum": ["prelim", "semi", "final"]}))
    assert [c for c, *_ in found] == ["R211"] and "{sum: [semi, final]}" in found[0][3]


def test_a_shortlist_naming_a_round_twice_is_r217(tmp_path: Path) -> None:
    found = _checked(tmp_path, _diving({}, {"sum": ["semi", "final"]}, ["prelim", "prelim", "semi"]))
    on = ("calls", "project", "rounds", "semi", "shortlist", "on")
    assert [(c, line, col) for c, line, col, _ in found] == [("R217", *_position(tmp_path, (*on, 1)))]


# ------------------------------------------------------------------------------------------------
# 5. A factor only an entry that did not reach the round declares


def test_a_factor_only_an_entry_that_missed_the_final_declares_is_r216_for_the_finalists(tmp_path: Path) -> None:
    # semi (top 2) then final; only oslo, third in the semi, declares final: {d1: 50}. seoul and busan,
    # the finalists, have none: they would silently get 1.
    criteria = {"d1": {"title": "D1"}, "d2": {"title": "D2"}}
    rounds = {"semi": {"title": "Semi", "shortlist": {"top": 2}}, "final": {"title": "Final", "criteria": ["d1"]}}
    cycle = cycle_doc(criteria=criteria, rounds=rounds, combine="sum", rules={"per": "criterion", "total": "weighted-sum"})
    entries = [entry(e) for e in RIDERS]
    entries[2]["factors"] = {"final": {"d1": 50}}
    marks = {"semi": {"seoul-a": [{"d1": 5, "d2": 5}] * 3, "busan-b": [{"d1": 6, "d2": 6}] * 3, "oslo-d": [{"d1": 4, "d2": 4}] * 3},
             "final": {"seoul-a": [{"d1": 5}] * 3, "busan-b": [{"d1": 6}] * 3}}
    result = run(tmp_path, cycle, panel(*J3), entries, _sheets(marks, J3), errors=("R216",))
    r216 = sorted((d.line, d.message) for d in result.diagnostics if d.code == "R216")
    text = (tmp_path / "entries" / "entries.yaml").read_text(encoding="utf-8").splitlines()
    ids = [n + 1 for n, line in enumerate(text) if line.lstrip("- ").startswith(("id: seoul-a", "id: busan-b"))]
    assert [line for line, _ in r216] == ids  # at seoul's and busan's ids
    assert all("'oslo-d'" in message and "'final'" in message for _, message in r216)


# ------------------------------------------------------------------------------------------------
# 6. approve: outside what a judge's total can be


def _approval(approve: float, **rules: Any) -> dict[str, Any]:
    return cycle_doc(rules={"aggregate": "approval", "approve": approve, **rules})


def test_approve_above_the_highest_total_or_at_the_lowest_is_r211(tmp_path: Path) -> None:
    where = ("rules", "approve")
    found = _checked(tmp_path, _approval(11))  # scale 0..10: no judge could approve
    assert [(c, line, col) for c, line, col, _ in found] == [("R211", *_position(tmp_path, where))]
    assert "from 0 to 10" in found[0][3]
    found = _checked(tmp_path / "low", _approval(0))  # every judge approves every entry
    assert [(c, line, col) for c, line, col, _ in found] == [("R211", *_position(tmp_path / "low", where))]
    assert _checked(tmp_path / "ok", _approval(10)) == [] and _checked(tmp_path / "ok2", _approval(0.5)) == []


def test_approve_is_held_against_the_total_of_the_criteria(tmp_path: Path) -> None:
    # two criteria 0..10, weighted-sum: a total runs from 0 to 20, so 15 is fine and 21 is not
    criteria = {"design": {"title": "Design"}, "impact": {"title": "Impact"}}
    ok = cycle_doc(criteria=criteria, rules={"aggregate": "approval", "approve": 15, "total": "weighted-sum"})
    assert _checked(tmp_path, ok) == []
    ok["rules"]["approve"] = 21
    assert [c for c, *_ in _checked(tmp_path / "high", ok)] == ["R211"]
