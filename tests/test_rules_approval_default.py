"""approval without `approve:` approves a mark at the scale's maximum (a 0/1 ballot: a 1), and with
criteria the highest total a judge can give; `rank --compare approval` uses the same default."""

from __future__ import annotations

from pathlib import Path

from rulecycles import J4, by_judge, cycle_doc, entry, panel, run, sheets

BALLOTS = {"seoul-air": [1, 1, 0, 1], "oslo-bikes": [1, 0, 0, 0], "lyon-trams": [1, 1, 1, 1]}


def test_approval_counts_marks_at_the_scale_maximum_by_default(tmp_path: Path) -> None:
    doc = cycle_doc(rules={"aggregate": "approval"})
    doc["scale"] = {"min": 0, "max": 1, "step": 1}
    result = run(tmp_path, doc, panel(*J4), [entry(e) for e in BALLOTS], sheets(by_judge(BALLOTS, J4)))
    assert result.order() == ["lyon-trams", "seoul-air", "oslo-bikes"]
    assert [result.score(e) for e in ("lyon-trams", "seoul-air", "oslo-bikes")] == [4, 3, 1]


def test_approval_default_with_weighted_criteria_is_the_highest_total(tmp_path: Path) -> None:
    criteria = {"design": {"title": "Design", "weight": 1}, "impact": {"title": "Impact", "weight": 3}}
    marks = {"seoul-air": [{"design": 10, "impact": 10}, {"design": 9, "impact": 10}],
             "oslo-bikes": [{"design": 10, "impact": 10}, {"design": 10, "impact": 10}]}
    result = run(tmp_path, cycle_doc(rules={"aggregate": "approval"}, criteria=criteria), panel("j1", "j2"),
                 [entry(e) for e in marks], sheets(by_judge(marks, ["j1", "j2"])))
    assert result.score("oslo-bikes") == 2 and result.score("seoul-air") == 1


def test_compare_approval_uses_the_same_default(tmp_path: Path) -> None:
    doc = cycle_doc()
    doc["scale"] = {"min": 0, "max": 1, "step": 1}
    result = run(tmp_path, doc, panel(*J4), [entry(e) for e in BALLOTS], sheets(by_judge(BALLOTS, J4)), method="approval")
    assert result.score("seoul-air") == 3
