"""`submitted` is optional where nothing reads it (a dive, a song, a wine), and required — S101 at
the entry — where the call has an opening or closing date or a tie-break reads it (issue 16: no
placeholder data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import run as run_cli
from rulecycles import J3, by_judge, cycle_doc, entry, panel, run, sheets

MARKS = {"seoul-air": [8, 7, 9], "oslo-bikes": [6, 6, 7]}


def undated(entry_id: str) -> dict[str, Any]:
    data = entry(entry_id)
    del data["submitted"]
    return data


def test_entries_without_a_date_are_ranked_where_nothing_reads_the_date(tmp_path: Path) -> None:
    result = run(tmp_path, cycle_doc(), panel(*J3), [undated(e) for e in MARKS], sheets(by_judge(MARKS, J3)))
    assert result.codes() == []
    assert result.order() == ["seoul-air", "oslo-bikes"]
    explained = run_cli("explain", "seoul-air", str(tmp_path), "--format", "json")
    assert explained.exit_code == 0
    assert '"submitted": null' in explained.stdout
    text = run_cli("explain", "seoul-air", str(tmp_path))
    assert "submitted" not in text.stdout.splitlines()[1] and "None" not in text.stdout


def test_a_call_with_a_closing_date_needs_every_date(tmp_path: Path) -> None:
    entries = [undated("seoul-air"), entry("oslo-bikes")]
    result = run(tmp_path, cycle_doc(closes="2025-06-30"), panel(*J3), entries, sheets(by_judge(MARKS, J3)), errors=("S101",))
    missing = [d for d in result.diagnostics if d.code == "S101"]
    assert len(missing) == 1 and missing[0].line == 1 and "submitted" in missing[0].message
    # not ranked until it says when it came in: a deadline cannot be checked without a date
    assert result.order() == ["oslo-bikes"]
    assert result.score("seoul-air") is None


def test_a_submitted_tie_break_needs_every_date(tmp_path: Path) -> None:
    entries = [undated("seoul-air"), entry("oslo-bikes")]
    result = run(tmp_path, cycle_doc(rules={"tie_break": ["submitted", "shared"]}), panel(*J3), entries,
                 sheets(by_judge(MARKS, J3)), errors=("S101",))
    assert [d.code for d in result.diagnostics if d.severity.name == "ERROR"] == ["S101"]


def test_a_round_tie_break_reading_the_date_needs_it_too(tmp_path: Path) -> None:
    rounds = {"first": {"shortlist": {"top": 1}, "rules": {"tie_break": ["submitted"]}}, "final": {}}
    result = run(tmp_path, cycle_doc(rounds=rounds), panel(*J3), [undated(e) for e in MARKS],
                 {**sheets(by_judge(MARKS, J3), round="first")}, errors=("S101",))
    assert result.codes().count("S101") == 2


def test_a_cycle_submitted_tie_break_the_call_replaces_needs_no_date(tmp_path: Path) -> None:
    # the chain in force is the call's own: nothing reads the date
    doc = cycle_doc(rules={"tie_break": ["submitted", "shared"]})
    doc["calls"]["project"]["rules"] = {"tie_break": ["median", "shared"]}
    result = run(tmp_path, doc, panel(*J3), [undated(e) for e in MARKS], sheets(by_judge(MARKS, J3)))
    assert "S101" not in result.codes()
