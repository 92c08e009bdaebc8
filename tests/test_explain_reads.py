"""`explain` and `judges` read what judging computed (issue 16 review, R5 items 1, 3, 15): a voter's
place and points under `aggregate: points` are recorded by the ranking (detail points_by_judge),
every rank method of ranked.py says what explain shows of it (copeland too), and `judges` reads
an excluded line (an observer's) as scoring reads a line: with the round's `criteria:` and, under
`panel: criterion`, over the criteria the judge marked.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import run as cli
from rulecycles import J3, by_judge, cycle_doc, entry, panel, run, scored_run, sheets

from smartaward.judging import ranked
from smartaward.judging.stages import EntryScore

DIVING = Path(__file__).parent / "real" / "sydney-2000-men-3m-springboard"


def explained(root: Path, entry_id: str) -> tuple[dict[str, Any], str]:
    as_json = cli("explain", entry_id, root, "--format", "json", "--no-cache")
    assert as_json.exit_code == 0, as_json.output
    as_text = cli("explain", entry_id, root, "--no-cache")
    assert as_text.exit_code == 0, as_text.output
    return json.loads(as_json.stdout), as_text.stdout


# ------------------------------------------------------------------------------------------------
# 1. aggregate: points — the ranking records each voter's place and points; explain reads them


def test_the_ranking_records_each_judges_place_and_points(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # points [3, 2, 1]; j1 marks a 9, b 9, c 7: a and b share places 1-2 → (3 + 2) / 2 = 2.5 each
    marks = {"seoul-a": [9, 8, 8], "oslo-b": [9, 9, 6], "baguio-c": [7, 6, 9]}
    scored_run(tmp_path, marks, J3, rules={"aggregate": "points", "points": [3, 2, 1]})
    recorded: dict[str, dict[str, Any]] = {}
    original = ranked._points

    def spy(stage: Any, category: str, contenders: list[EntryScore], ballots: Any) -> None:
        original(stage, category, contenders, ballots)
        recorded.update({r.entry.id: r.detail["points_by_judge"] for r in contenders})

    monkeypatch.setitem(ranked._BY_METHOD, "points", ranked.Method(spy, ranked.detail_keys("points")))
    document, _ = explained(tmp_path, "seoul-a")
    assert recorded["seoul-a"]["j1"] == {"rank": 1, "tied": 2, "points": 2.5}
    assert recorded["baguio-c"]["j3"] == {"rank": 1, "tied": 1, "points": 3.0}
    shown = {line["judge"]: {k: line[k] for k in ("rank", "tied", "points")} for line in document["rounds"][0]["lines"]}
    assert shown == recorded["seoul-a"]  # explain shows what the ranking recorded, nothing of its own
    assert sum(p["points"] for p in recorded["seoul-a"].values()) == document["result"]["score"] == 6.5


# ------------------------------------------------------------------------------------------------
# 15. every method of ranked.py says what explain shows of it; copeland explains


def test_every_ranked_method_has_its_detail_keys() -> None:
    assert ranked.METHODS == tuple(ranked._BY_METHOD)
    assert "copeland" in ranked.METHODS
    assert all(ranked.detail_keys(method) for method in ranked.METHODS)


@pytest.mark.parametrize("marking", ["scores", "ranks"])
def test_explain_under_copeland(tmp_path: Path, marking: str) -> None:
    # j1..j3 prefer a to b (2 of 3), a to c (3 of 3), b to c (2 of 3): a wins 2 → copeland 2, b 1, c 0
    marks = {"seoul-a": [9, 7, 8], "oslo-b": [8, 9, 6], "baguio-c": [6, 5, 7]}
    if marking == "ranks":  # the same preferences as ranks (1 = best)
        marks = {"seoul-a": [1, 2, 1], "oslo-b": [2, 1, 3], "baguio-c": [3, 3, 2]}
    run(tmp_path, cycle_doc(rules={"aggregate": "copeland"}, marking=marking), panel(*J3), [entry(e) for e in marks],
        sheets(by_judge(marks, J3), key=marking))
    document, text = explained(tmp_path, "seoul-a")
    method = document["rounds"][0]["method"]
    assert (method["method"], method["wins"], method["ties"], method["copeland"]) == ("copeland", 2, 0, 2.0)
    assert method["pairwise"] == {"oslo-b": [2, 1], "baguio-c": [3, 0]}
    assert document["result"]["rank"] == 1
    assert "copeland" in text
    other, _ = explained(tmp_path, "baguio-c")
    assert other["rounds"][0]["method"]["copeland"] == 0.0


# ------------------------------------------------------------------------------------------------
# 3. judges reads an excluded line as scoring reads it: the round's criteria, a partial panel

# An observer's line is excluded before scoring computes its total, so jury._value reads it; an
# observer whose sheets copy a voting judge's must get that judge's values, which scoring computed.
# Before, jury read every line with the call's criteria: a round's `criteria:` (the semi-final's
# five dives of six) and a partial line (panel: criterion) made every such line "missing marks".


def _judges(root: Path) -> dict[tuple[str | None, str], dict[str, Any]]:
    result = cli("judges", root, "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return {(p["round"], r["judge"]): r for p in document["panels"] for r in p["by_judge"]}


def _same_values(records: dict[tuple[str | None, str], dict[str, Any]], round_id: str | None, judge: str) -> None:
    voter, watcher = records[(round_id, judge)], records[(round_id, "watcher")]
    assert watcher["observer"] and not voter["observer"]
    assert watcher["lines_used"] == watcher["lines"] == voter["lines_used"] > 0
    assert (watcher["mean"], watcher["sd"]) == (voter["mean"], voter["sd"])


def test_a_partial_panels_lines_read_as_scoring_reads_them(tmp_path: Path) -> None:
    # Sydney, semi-final (criteria: dive1-dive5, panel: criterion): alt-walter marked dive1-dive3
    root = tmp_path / "sydney"
    shutil.copytree(DIVING, root)
    with (root / "judges.yaml").open("a", encoding="utf-8") as judges:
        judges.write('watcher: {name: "WATCHER", country: DE, voting: false}\n')  # alt-walter's country
    for round_id in ("prelim", "semi"):
        sheet = (root / "scores" / round_id / "alt-walter.yaml").read_text(encoding="utf-8")
        (root / "scores" / round_id / "watcher.yaml").write_text(sheet.replace("judge: alt-walter", "judge: watcher"), encoding="utf-8")
    records = _judges(root)
    _same_values(records, "prelim", "alt-walter")
    _same_values(records, "semi", "alt-walter")
    assert records[("semi", "watcher")]["mean"] == 13.6167  # dives 1-3 × 0.6, summed: 18 lines


def test_a_rounds_criteria_read_as_scoring_reads_them(tmp_path: Path) -> None:
    # the call has design, impact and reach; its one round judges design and impact: j1 8 + 6 → 7, 4 + 6 → 5
    marks = {"seoul-a": {"design": 8, "impact": 6}, "oslo-b": {"design": 4, "impact": 6}}
    others = {"seoul-a": {"design": 7, "impact": 7}, "oslo-b": {"design": 5, "impact": 5}}
    criteria = {"design": {"title": "Design"}, "impact": {"title": "Impact"}, "reach": {"title": "Reach"}}
    run(tmp_path, cycle_doc(criteria=criteria, rounds={"final": {"title": "Final", "criteria": ["design", "impact"]}}),
        panel("j1", "j2", "watcher", watcher={"voting": False}), [entry(e) for e in marks],
        sheets({"j1": marks, "j2": others, "watcher": marks}, round="final"))
    records = _judges(tmp_path)
    _same_values(records, "final", "j1")
    assert records[("final", "watcher")]["mean"] == 6.0


def test_the_scale_width_is_of_the_rounds_criteria() -> None:
    # total: weighted-sum of 0-10 marks, weight 0.6: six dives 36, the semi-final's five 30
    result = cli("judges", DIVING, "--format", "json", "--no-cache")
    panels = {p["round"]: p for p in json.loads(result.stdout)["panels"]}
    assert (panels["prelim"]["scale_width"], panels["semi"]["scale_width"], panels["final"]["scale_width"]) == (36, 30, 36)
