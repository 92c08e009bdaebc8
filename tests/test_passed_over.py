"""An entry a slot goes past to a lower-ranked one is recorded with the reason (one_award_per, a
country's cap, eligibility, a threshold), and explain says it: no award is missed in silence."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run as run_cli
from rulecycles import J3, by_judge, cycle_doc, entry, panel, run, sheets

MARKS = {"seoul-air": [9, 9, 9], "seoul-bus": [8, 8, 8], "oslo-bikes": [7, 7, 7], "lyon-trams": [6, 6, 6]}


def _run(tmp_path: Path, rules: dict, awards: dict | None = None):
    entries = [entry(e, name="City of Seoul" if e.startswith("seoul") else None) for e in MARKS]
    doc = cycle_doc(rules=rules, awards=awards or {"gold": 1, "silver": 1})
    return run(tmp_path, doc, panel(*J3), entries, sheets(by_judge(MARKS, J3)))


def test_one_award_per_entrant_passes_over_the_second_entry_and_says_why(tmp_path: Path) -> None:
    result = _run(tmp_path, {"one_award_per": "entrant"})
    assert result.awarded() == [("gold", "seoul-air"), ("silver", "oslo-bikes")]
    passed = result.results.allocation.passed_over
    assert [(p.award, p.entry, p.rank) for p in passed] == [("silver", "seoul-bus", 2)]
    assert "one_award_per" in passed[0].reason
    document = json.loads(run_cli("explain", "seoul-bus", str(tmp_path), "--format", "json").stdout)
    assert document["result"]["passed_over"] == [{"award": "silver", "rank": 2, "reason": passed[0].reason}]
    text = run_cli("explain", "seoul-bus", str(tmp_path)).stdout
    assert "passed over for 'silver'" in text and "one_award_per" in text


def test_a_country_cap_passes_over_and_nothing_below_the_last_winner_is_listed(tmp_path: Path) -> None:
    result = _run(tmp_path, {"max_awards_per_country": 1})
    assert result.awarded() == [("gold", "seoul-air"), ("silver", "oslo-bikes")]
    assert [(p.award, p.entry) for p in result.results.allocation.passed_over] == [("silver", "seoul-bus")]


def test_without_a_rule_that_passes_over_nothing_is_recorded(tmp_path: Path) -> None:
    result = _run(tmp_path, {})
    assert result.awarded() == [("gold", "seoul-air"), ("silver", "seoul-bus")]
    assert result.results.allocation.passed_over == []
    document = json.loads(run_cli("explain", "lyon-trams", str(tmp_path), "--format", "json").stdout)
    assert document["result"]["passed_over"] == []
