"""Judging rules: the panel — derived conflicts and observers (non-voting judges).

Through the whole engine: small cycle folders on disk (rulecycles.py), every expectation worked out
by hand in the comments (formula, then the numbers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rulecycles import J3, J4, Run, by_judge, cycle_doc, entry, panel, run, sheets

from smartaward.diagnostics import Severity

# ------------------------------------------------------------------------------------------------
# 8. Derived conflicts and observers

# Judges: j1 KR, j2 NO, j3 PH, j4 an observer (IS, non-voting).
#   seoul (KR)  j1 10, j2 6, j3 7, j4 0  → j1 out by rule, j4 never counts: (6 + 7)/2 = 6.5   (else 23/3)
#   oslo (NO)   j1 8, j2 10, j3 8, j4 0  → j2 out: (8 + 8)/2 = 8
#   baguio (PH) j1 7, j2 7, j3 10, j4 0  → j3 out: (7 + 7)/2 = 7
CONFLICT_MARKS = {"seoul-air": [10, 6, 7, 0], "oslo-bikes": [8, 10, 8, 0], "baguio-health": [7, 7, 10, 0]}
COUNTRIES = {"j1": {"country": "KR"}, "j2": {"country": "NO"}, "j3": {"country": "PH"},
             "j4": {"country": "IS", "voting": False}}


def conflict_run(root: Path, conflicts: dict[str, Any] | None, errors: tuple[str, ...] = ()) -> Run:
    rules = {"conflicts": conflicts} if conflicts else None
    return run(root, cycle_doc(rules=rules), panel(*J4, **COUNTRIES), [entry(e) for e in CONFLICT_MARKS],
               sheets(by_judge(CONFLICT_MARKS, J4)), errors=errors)


def test_same_country_conflict_excludes_the_marks_with_a_warning(tmp_path):
    result = conflict_run(tmp_path, {"same": ["country"]})
    assert {e: result.score(e) for e in CONFLICT_MARKS} == {"seoul-air": 6.5, "oslo-bikes": 8.0, "baguio-health": 7.0}
    seoul = result.results.scores["seoul-air"]
    assert seoul.excluded["j1"] == "the judge shares the entrant's country (KR), a conflict by rule"
    assert seoul.excluded_by == {"j1": "J410"}
    assert result.codes() == ["J410", "J410", "J410"]
    assert all(d.severity is Severity.WARNING for d in result.diagnostics)
    assert result.order() == ["oslo-bikes", "baguio-health", "seoul-air"]


def test_without_the_rule_the_same_marks_count(tmp_path):
    result = conflict_run(tmp_path, None)
    # seoul (10 + 6 + 7)/3, oslo 26/3, baguio 24/3 = 8 (the observer still never counts)
    assert result.score("seoul-air") == round(23 / 3, 6)
    assert result.score("oslo-bikes") == round(26 / 3, 6)
    assert result.codes() == []


def test_conflict_rule_with_severity_error_reports_J411(tmp_path):
    result = conflict_run(tmp_path, {"same": ["country"], "severity": "error"}, errors=("J411",))
    assert result.codes() == ["J411", "J411", "J411"]
    assert all(d.severity is Severity.ERROR for d in result.diagnostics)
    assert result.results.scores["seoul-air"].excluded_by == {"j1": "J411"}


@pytest.mark.parametrize("conflicts", [None, {"same": ["country"]}])
def test_non_voting_judges_are_never_counted(tmp_path, conflicts):
    result = conflict_run(tmp_path, conflicts)
    for e in CONFLICT_MARKS:
        scored = result.results.scores[e]
        assert "j4" not in scored.totals
        assert scored.excluded["j4"] == "the judge is a non-voting observer"
        assert "j4" not in scored.excluded_by  # excluded by design: no diagnostic


@pytest.mark.parametrize("fact, judge, why", [
    ("city", {"city": "SEOUL"}, "the judge shares the entrant's city (Seoul), a conflict by rule"),
    ("affiliation", {"affiliation": "city of seoul"}, "the judge is affiliated with the entrant (City of Seoul), a conflict by rule"),
])
def test_same_city_or_affiliation_compares_without_case(tmp_path, fact, judge, why):
    # j1 shares the fact with the entrant (City of Seoul, in Seoul): j1's 10 is left out → (6 + 7)/2
    marks = {"seoul-air": [10, 6, 7]}
    result = run(tmp_path, cycle_doc(rules={"conflicts": {"same": [fact]}}), panel(*J3, j1=judge), [entry("seoul-air")],
                 sheets(by_judge(marks, J3)))
    assert result.score("seoul-air") == 6.5
    assert result.results.scores["seoul-air"].excluded["j1"] == why
    assert result.codes() == ["J410"]
