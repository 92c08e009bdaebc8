"""The issue-16 methods through the whole engine: cycle folders on disk (rulecycles.py), R211 for
their impossible combinations, explain and rank --compare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run as cli
from rulecycles import J3, by_judge, cycle_doc, entry, panel, run, scored_run, sheets

# docs/rules.md §6's marks, no conflict: j1 a9 b8 c8 d6, j2 a7 b9 c6 d5, j3 a8 b6 c9 d7
MARKS = {"seoul-a": [9, 7, 8], "oslo-b": [8, 9, 6], "baguio-c": [8, 6, 9], "lyon-d": [6, 5, 7]}


@pytest.mark.parametrize(("rules", "scores", "order"), [
    ({"aggregate": "copeland"}, {"seoul-a": 3, "oslo-b": 1.5, "baguio-c": 1.5, "lyon-d": 0}, ["seoul-a", "baguio-c", "oslo-b", "lyon-d"]),
    ({"aggregate": "points", "points": [3, 2, 1]}, {"seoul-a": 7, "oslo-b": 4.5, "baguio-c": 5.5, "lyon-d": 1},
     ["seoul-a", "baguio-c", "oslo-b", "lyon-d"]),
    ({"aggregate": "majority-judgment"}, {"seoul-a": 3, "oslo-b": 1, "baguio-c": 1, "lyon-d": 0},
     ["seoul-a", "baguio-c", "oslo-b", "lyon-d"]),
    ({"aggregate": "skating"}, {"seoul-a": 1, "oslo-b": 3, "baguio-c": 2, "lyon-d": 4}, ["seoul-a", "baguio-c", "oslo-b", "lyon-d"]),
    # IRV: first preferences a 1 (j1), b 1 (j2), c 1 (j3), d 0 → d out; then a, b, c tied in every round: shared place 1–3
    ({"aggregate": "irv"}, {"seoul-a": 2, "oslo-b": 2, "baguio-c": 2, "lyon-d": 4}, ["baguio-c", "oslo-b", "seoul-a", "lyon-d"]),
    ({"aggregate": "approval", "approve": 8}, {"seoul-a": 2, "oslo-b": 2, "baguio-c": 2, "lyon-d": 0},
     ["baguio-c", "oslo-b", "seoul-a", "lyon-d"]),
])
def test_each_method_through_the_engine(tmp_path: Path, rules: dict, scores: dict, order: list[str]) -> None:
    result = scored_run(tmp_path, MARKS, J3, rules=rules)
    assert {e: result.score(e) for e in MARKS} == scores
    assert result.order() == order


def test_strength_methods_rank_by_log_strength(tmp_path: Path) -> None:
    bt = scored_run(tmp_path / "bt", MARKS, J3, rules={"aggregate": "bradley-terry"})
    assert bt.order() == ["seoul-a", "baguio-c", "oslo-b", "lyon-d"]
    crowd = scored_run(tmp_path / "crowd", MARKS, J3, rules={"aggregate": "crowd-bt"})
    assert crowd.results.scores["seoul-a"].detail["reliability"].keys() == {"j1", "j2", "j3"}
    assert any(note.startswith("crowd-bt: judge reliability") for note in crowd.notes())


def _codes_at(tmp_path: Path, rules: dict) -> list[tuple[str, str]]:
    """The R211 reports of a cycle with these rules (an error, so run() is told to expect it)."""
    ran = run(tmp_path, cycle_doc(rules=rules), panel(*J3), [entry(e) for e in MARKS], sheets(by_judge(MARKS, J3)), errors=("R211",))
    return [(d.code, d.message) for d in ran.diagnostics if d.code == "R211"]


@pytest.mark.parametrize(("rules", "words"), [
    ({"aggregate": "points"}, "points: [12, 10"),
    ({"aggregate": "mean", "approve": 7}, "approve: is the lowest approving mark"),
    ({"aggregate": "approval", "per": "criterion"}, "set per: judge"),
    ({"aggregate": "approval", "normalise": "percentile"}, "use normalise: none"),
    ({"aggregate": "approval", "normalise": "z-score"}, "normalise: z-score changes the marks"),
    ({"aggregate": "approval", "normalise": "calibrated"}, "normalise: calibrated changes the marks"),
])
def test_r211_for_the_keys_the_methods_need(tmp_path: Path, rules: dict, words: str) -> None:
    found = _codes_at(tmp_path, rules)
    assert len(found) == 1 and words in found[0][1]


def test_rank_compare_accepts_every_new_method(tmp_path: Path) -> None:
    scored_run(tmp_path, MARKS, J3)
    methods = "approval,copeland,bradley-terry,crowd-bt,majority-judgment,points,irv,skating"
    out = cli("rank", tmp_path, "--compare", methods, "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["methods"] == ["declared", *methods.split(",")]
    ranks = {row["entry"]: row["ranks"] for row in data["categories"][0]["ranking"]}
    assert ranks["seoul-a"]["points"] == 1 and ranks["lyon-d"]["skating"] == 4


def test_explain_shows_the_method_facts(tmp_path: Path) -> None:
    scored_run(tmp_path, MARKS, J3, rules={"aggregate": "crowd-bt"})
    out = cli("explain", "seoul-a", tmp_path)
    assert out.exit_code == 0 and "judge reliability: j1" in out.output
    scored_run(tmp_path / "s", MARKS, J3, rules={"aggregate": "skating"})
    data = json.loads(cli("explain", "seoul-a", tmp_path / "s", "--format", "json").output)
    method = next(stage["method"] for stage in data["rounds"] if stage.get("method"))
    assert method["placings"] == [1.0, 2.0, 2.0] and method["skating_column"] == 2
    scored_run(tmp_path / "c", MARKS, J3, rules={"aggregate": "copeland"})
    assert "copeland: beats 3 entries" in cli("explain", "seoul-a", tmp_path / "c").output


# ------------------------------------------------------------------------------------------------
# Issue 16 (Z1): J413 says what applies to the method that reached its limit, through the CLI

ELEVEN = ["seoul", "busan", "incheon", "oslo", "baguio", "cebu", "tallinn", "tartu", "lyon", "porto", "vienna"]
ELEVEN_MARKS = {f"{c}-project": [k % 10, (k * 3) % 10, (k * 7) % 10] for k, c in enumerate(ELEVEN)}

# method, the bound lowered for the test (the real ones: skating 1,000 entries, irv 300, the fits'
# iteration bounds), the reason the entries are unranked, the advice J413 gives
LIMITS = [
    ("kemeny", None, "kemeny ranks at most 10 entries exactly; 11 are in contention",
     "shortlist at most 10 entries for a kemeny round, or choose schulze"),
    ("skating", ("SKATING_LIMIT", 10), "skating places at most 10 entries; 11 are in contention",
     "shortlist at most 10 entries for a skating round, or choose rank-sum"),
    ("irv", ("IRV_LIMIT", 10), "irv places at most 10 entries; 11 are in contention",
     "shortlist at most 10 entries for an irv round, or choose points or borda (no bound on entries)"),
    ("bradley-terry", ("BT_ITERATIONS", 1), "bradley-terry: the fit did not settle within 1 Newton steps",
     "choose copeland or schulze"),
    ("crowd-bt", ("CROWD_ITERATIONS", 1),
     "crowd-bt: the fit did not settle within 1 EM rounds, each fitting the strengths in at most 100 Newton steps",
     "choose bradley-terry (no judge reliability, and its fit always settles) or copeland"),
    # n³ strongest paths (100,000 entries once held 18 GB), and the pairwise contests' budget
    ("schulze", ("SCHULZE_LIMIT", 10), "schulze ranks at most 10 entries; 11 are in contention",
     "shortlist at most 10 entries for a schulze round, or choose points or borda (no bound on entries)"),
    ("copeland", ("PAIRWISE_BUDGET", 100),
     "copeland: 3 ballots of up to 11 entries are more pairwise contests than 100 comparisons allow",
     "shortlist fewer entries, or choose points or borda (they read each ballot once)"),
]


@pytest.mark.parametrize(("method", "bound", "reason", "advice"), LIMITS, ids=[limit[0] for limit in LIMITS])
def test_a_method_limit_is_j413_with_the_advice_for_that_method(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str,
                                                                 bound: tuple[str, int] | None, reason: str, advice: str) -> None:
    from smartaward.judging import methods as m
    if bound is not None:
        monkeypatch.setattr(m, *bound)
    ran = run(tmp_path, cycle_doc(rules={"aggregate": method}), panel(*J3), [entry(e) for e in ELEVEN_MARKS],
              sheets(by_judge(ELEVEN_MARKS, J3)), errors=("J413",))
    assert {r.status for r in ran.results.scores.values()} == {"method-limit"}
    assert {r.reason for r in ran.results.scores.values()} == {reason}
    # validate: J413 on the value of `aggregate:` in cycle.yaml (the old advice was kemeny's for every method)
    lines = (tmp_path / "cycle.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if text.strip().startswith("aggregate:"))
    column = lines[line - 1].index(method) + 1
    out = cli("validate", tmp_path, "--format", "json")
    assert out.exit_code == 1, out.output
    found = [(d["code"], d["file"].endswith("cycle.yaml"), d["line"], d["column"], d["message"]) for d in json.loads(out.output)["diagnostics"]]
    assert found == [("J413", True, line, column, f"project/people: {reason}; {advice}")]
    # rank: the category is not ranked; J413 says why, at the same place
    out = cli("rank", tmp_path)
    assert out.exit_code == 1
    assert f"cycle.yaml:{line}:{column}: error J413 project/people: {reason}; {advice}" in " ".join(out.output.split())


def test_the_skating_and_irv_limits_are_1000_and_300_entries() -> None:
    from smartaward.checks.judging import limit_advice
    assert "at most 1,000 entries for a skating round" in limit_advice("skating")
    assert "at most 300 entries for an irv round" in limit_advice("irv")
