"""The real sample cycles under cycles/: each validates clean and gives its published outcomes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from smartaward.checks import run_checks
from smartaward.cli import app
from smartaward.load import load_cycle
from smartaward.results import compute

CYCLES = Path(__file__).resolve().parent.parent / "cycles"
SEOUL = CYCLES / "seoul-smart-city-2024"
runner = CliRunner()


@pytest.mark.parametrize("folder", sorted(p.parent for p in CYCLES.glob("*/cycle.yaml")), ids=lambda p: p.name)
def test_every_sample_cycle_validates_clean(folder):
    result = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["diagnostics"] == []
    assert (folder / "README.md").is_file()


@pytest.fixture(scope="module")
def seoul():
    cycle = load_cycle(SEOUL)
    assert run_checks(cycle) == []
    return cycle, compute(cycle)


def test_seoul_published_facts(seoul):
    cycle, _ = seoul
    entrants = [record.entry.entrant for record in cycle.entries]
    assert len(cycle.entries) == 216
    assert len({(e.city, e.country) for e in entrants}) == 123
    assert len({e.country for e in entrants}) == 58
    assert len(cycle.judges) == 16
    assert any(judge.conflicts for judge in cycle.judges.values())


def test_seoul_every_scored_entry_has_at_least_three_judges(seoul):
    _, results = seoul
    assert results.scores
    assert all(score.judges >= 3 for score in results.scores.values())


def test_seoul_published_winners(seoul):
    _, results = seoul
    awards = {(a.call, a.category, a.award): [] for a in results.allocation.awards}
    for a in results.allocation.awards:
        awards[(a.call, a.category, a.award)].append(a.entry)
    assert len(results.allocation.awards) == 20
    assert results.allocation.unfilled == []
    [baguio] = awards[("project", "human-centricity", "gold")]
    assert (baguio.id, baguio.entrant.city, baguio.entrant.country) == ("baguio-health-governance", "Baguio", "PH")
    [reykjavik] = awards[("project", "tech-innovacity", "gold")]
    assert reykjavik.entrant.country == "IS" and reykjavik.entrant.city.startswith("Reykjav")
    [leader] = awards[("leadership", "leadership", "leadership")]
    assert "Addis Ababa" in leader.entrant.name and leader.entrant.country == "ET"
    assert len(awards[("special", "special", "special")]) == 3


def test_seoul_cli_quick_start_command():
    result = runner.invoke(app, ["winners", str(SEOUL)])
    assert result.exit_code == 0
    assert "baguio-health-governance" in result.stdout and "20 awards" in result.stdout
