"""A round that judges only some criteria cannot break ties on another: the rule would read no mean
for anyone and pass silently to the next rule (R208 at the round's criteria)."""

from __future__ import annotations

from pathlib import Path

from rulecycles import J3, by_judge, cycle_doc, entry, panel, run, sheets

CRITERIA = {"design": {"title": "Design"}, "impact": {"title": "Impact"}}
MARKS = {"seoul-air": [{"impact": 8}] * 3, "oslo-bikes": [{"impact": 8}] * 3}


def _rounds(final_rules: dict | None = None) -> dict:
    final: dict = {"criteria": ["impact"]}
    if final_rules:
        final["rules"] = final_rules
    return {"final": final}


def test_a_tie_break_on_a_criterion_the_round_does_not_judge_is_r208(tmp_path: Path) -> None:
    doc = cycle_doc(criteria=CRITERIA, rounds=_rounds(), rules={"tie_break": ["criterion:design", "shared"]})
    result = run(tmp_path, doc, panel(*J3), [entry(e) for e in MARKS], sheets(by_judge(MARKS, J3), round="final"),
                 errors=("R208",))
    r208 = [d for d in result.diagnostics if d.code == "R208"]
    assert len(r208) == 1 and r208[0].file.endswith("cycle.yaml") and "'final' round" in r208[0].message


def test_the_rounds_own_chain_on_its_criteria_is_fine(tmp_path: Path) -> None:
    doc = cycle_doc(criteria=CRITERIA, rounds=_rounds({"tie_break": ["criterion:impact", "shared"]}),
                    rules={"tie_break": ["criterion:design", "shared"]})
    result = run(tmp_path, doc, panel(*J3), [entry(e) for e in MARKS], sheets(by_judge(MARKS, J3), round="final"))
    assert "R208" not in result.codes()
