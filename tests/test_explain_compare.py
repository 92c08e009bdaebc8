"""`smartaward explain ENTRY` and `smartaward rank --compare METHOD...` on the base cycle and on
every sample cycle."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import run

CYCLES = sorted(p.parent for p in (Path(__file__).resolve().parent.parent / "cycles").glob("*/cycle.yaml"))


def test_explain_json_shows_every_mark_and_the_conflict(base):
    sheet = base / "scores" / "j01.yaml"
    sheet.write_text(sheet.read_text() + "  oslo-bikes: {design: 10, impact: 10}\n")
    result = run("explain", "oslo-bikes", "cycle", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["entry"]["id"] == "oslo-bikes"
    [stage] = document["rounds"]
    lines = {line["judge"]: line for line in stage["lines"]}
    # j01 declared a conflict with oslo-*: its marks are shown, and why they do not count
    assert not lines["j01"]["counted"] and "conflict" in lines["j01"]["excluded"]
    assert lines["j02"]["counted"] and lines["j03"]["counted"]
    counted = [lines[j]["total"] for j in ("j02", "j03")]
    assert stage["score"] == round(sum(counted) / 2, 6)
    assert document["result"]["rank"] == 2 and document["result"]["of"] == 3
    assert document["result"]["award"] == "silver"


def test_explain_text_names_the_rules_the_rank_and_the_award(base):
    result = run("explain", "seoul-air", "cycle")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "mean per judge, weighted-mean" in text
    assert "j01" in text and "total 7.666667" in text
    assert "rank 3 of 3" in text and "award: corporate" in text


def test_explain_a_designated_entry(base):
    document = json.loads(run("explain", "oslo-honour", "cycle", "-f", "json").stdout)
    assert document["judging"] == "designated"
    assert document["result"]["award"] == "special"


def test_explain_an_unknown_entry_is_misuse_with_a_suggestion(base):
    result = run("explain", "oslo-bike", "cycle")
    assert result.exit_code == 2
    assert "oslo-bikes" in result.output and "Traceback" not in result.output


def test_explain_is_deterministic(base):
    first = run("explain", "baguio-health", "cycle", "-f", "json").stdout
    assert run("explain", "baguio-health", "cycle", "-f", "json").stdout == first


def test_compare_json_has_every_method_side_by_side(base):
    result = run("rank", "cycle", "--compare", "median,borda", "--compare", "schulze", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["methods"] == ["declared", "median", "borda", "schulze"]
    [category] = document["categories"]
    first = category["ranking"][0]
    assert first["entry"] == "baguio-health"
    assert set(first["ranks"]) == {"declared", "median", "borda", "schulze"}
    assert set(document["winners"]) == set(document["methods"])
    for change in document["changes"]:
        assert change["declared"] != change["now"]


def test_compare_reports_a_winner_that_changes(base):
    # Make Seoul's judges prefer seoul-air to oslo-bikes by a hair on the mean, but by many ranks:
    # j02 and j03 rank seoul-air first; j01 (conflicted on oslo) loves baguio.
    result = json.loads(run("rank", "cycle", "--compare", "borda", "-f", "json").stdout)
    declared = {(w["award"]): w["entries"] for w in result["winners"]["declared"] if w["call"] == "project"}
    assert declared["gold"] == ["baguio-health"]
    # whatever borda decides, the changes list names exactly the slots whose winners differ
    borda = {(w["award"]): w["entries"] for w in result["winners"]["borda"] if w["call"] == "project"}
    changed = {c["award"] for c in result["changes"] if c["call"] == "project"}
    assert changed == {slot for slot in set(declared) | set(borda) if declared.get(slot) != borda.get(slot)}


def test_compare_csv_has_a_rank_column_per_method(base):
    result = run("rank", "cycle", "--compare", "median", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["call", "category", "entry", "declared", "median"]
    assert [r["entry"] for r in rows] == ["baguio-health", "oslo-bikes", "seoul-air"]


@pytest.mark.parametrize("method", ["bogus", "trimmed-mean:x", "mean:2"])
def test_compare_an_unknown_method_is_misuse(base, method):
    result = run("rank", "cycle", "--compare", method)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize("folder", CYCLES, ids=lambda p: p.name)
def test_explain_and_compare_work_on_every_sample_cycle(folder):
    winners = json.loads(run("winners", str(folder), "-f", "json").stdout)["winners"]
    for winner in winners[:3] + winners[-2:]:
        result = run("explain", winner["entry"], str(folder), "-f", "json")
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        assert document["result"]["award"] == winner["award"]
        if winner["rank"] is not None:
            assert document["result"]["rank"] == winner["rank"]
        assert run("explain", winner["entry"], str(folder)).exit_code == 0
    result = run("rank", str(folder), "--compare", "median,trimmed-mean:1,rank-sum,borda,schulze,kemeny", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["methods"][0] == "declared" and len(document["methods"]) == 7
    table = run("rank", str(folder), "--compare", "borda")
    assert table.exit_code == 0 and "declared" in table.stdout


def test_explain_shows_the_rule_that_placed_a_tie_within_a_round():
    # Seoul 2024's evaluation round holds a tie decided by value generation (see its README)
    seoul = Path(__file__).resolve().parent.parent / "cycles" / "seoul-smart-city-2024"
    document = json.loads(run("explain", "bangkok-green-schoolyards", str(seoul), "-f", "json").stdout)
    evaluation = next(r for r in document["rounds"] if r["round"] == "evaluation")
    assert evaluation["round_tie"] == "criterion:value-generation"
    assert evaluation["outcome"].startswith("not shortlisted in the 'evaluation' round")
    text = run("explain", "bangkok-green-schoolyards", str(seoul)).stdout
    assert f"rank {evaluation['round_rank']} in the round (tied on score; placed by criterion:value-generation)" in text
