"""The real sample cycles under cycles/: each validates clean and gives its published outcomes."""

from __future__ import annotations

import json
import shlex
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from smartaward.awards.results import compute
from smartaward.checks.run import run_checks
from smartaward.cli.app import app
from smartaward.judging.assigned import judges_by_entry
from smartaward.judging.ranking import rank_results
from smartaward.judging.scoring import NOT_SHORTLISTED, SCREENED_OUT
from smartaward.reading.load import load_cycle

CYCLES = Path(__file__).resolve().parent.parent / "cycles"
SEOUL = CYCLES / "seoul-smart-city-2024"
SEOUL_2023 = CYCLES / "seoul-smart-city-2023"
runner = CliRunner()


@pytest.mark.parametrize("folder", sorted(p.parent for p in CYCLES.glob("*/cycle.yaml")), ids=lambda p: p.name)
def test_every_sample_cycle_validates_clean(folder):
    result = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["diagnostics"] == []
    assert (folder / "README.md").is_file()
    assert (folder / "generate.py").is_file()


def _load(folder: Path):
    cycle = load_cycle(folder)
    assert run_checks(cycle) == []
    return cycle, compute(cycle)


@pytest.fixture(scope="module")
def seoul():
    return _load(SEOUL)


@pytest.fixture(scope="module")
def seoul_2023():
    return _load(SEOUL_2023)


def _awards(results) -> dict[tuple[str, str, str], list[str]]:
    awards: dict[tuple[str, str, str], list[str]] = {}
    for a in results.allocation.awards:
        awards.setdefault((a.call, a.category, a.award), []).append(a.entry.id)
    return awards


def _finalists(results) -> dict[str, list[str]]:
    """Per category, the entries ranked in their call's last round (the final)."""
    return {r.category: [row.result.entry.id for row in r.rows if row.rank is not None] for r in results.rankings}


def _sheet_marks(cycle):
    """(judge, round, entry id) for every line of every score sheet."""
    for sheet, entry, _ in cycle.marks.rows():
        yield cycle.sheets[sheet].judge, cycle.sheets[sheet].round, entry


def _facts(cycle):
    entrants = [record.entry.entrant for record in cycle.entries]
    return len(cycle.entries), len({(e.city, e.country) for e in entrants}), len({e.country for e in entrants})


def _no_judge_marks_a_compatriot(cycle):
    entries = cycle.entry_index
    seen = 0
    for judge, _, entry in _sheet_marks(cycle):
        assert cycle.judges[judge].country != entries[entry].entry.entrant.country, (judge, entry)
        seen += 1
    assert seen > 0


def _one_sheet_per_judge_and_round(cycle, rounds):
    pairs = [(sheet.judge, sheet.round) for sheet in cycle.sheets]
    assert len(pairs) == len(set(pairs))
    assert {r for _, r in pairs} == set(rounds)
    for sheet in cycle.sheets:
        assert sheet.judge in cycle.judges
        path = Path(sheet.doc.file)  # scores/<round>/<judge>.yaml
        assert (path.parent.name, path.stem) == (sheet.round, sheet.judge)


def _scored_results_have_enough_judges(results):
    checked = 0
    for stage in results.scoring.stages:
        if stage.screening:
            continue
        for result in stage.results.values():
            if result.reason is None or result.status == NOT_SHORTLISTED:
                assert len(result.totals) >= stage.rules.min_judges, (stage.call, stage.round, result.entry.id)
                checked += 1
    assert checked > 0


# ---------------------------------------------------------------------------------------------
# Seoul 2024


SEOUL_WINNERS = {
    ("project", "human-centricity", "gold"): ["baguio-health-governance"],
    ("project", "human-centricity", "silver"): ["bogota-care-blocks", "nairobi-community-health"],
    ("project", "human-centricity", "bronze"): ["pune-accessible-transit", "zurich-loneliness-prevention", "sao-paulo-telemedicine"],
    ("project", "human-centricity", "corporate"): ["manchester-volunteer-platform"],
    ("project", "human-centricity", "institution"): ["oslo-dementia-friendly"],
    ("project", "tech-innovacity", "gold"): ["reykjavik-school-digital-system"],
    ("project", "tech-innovacity", "silver"): ["daejeon-traffic-ai", "tallinn-digital-id"],
    ("project", "tech-innovacity", "bronze"): ["hamburg-smart-grid", "singapore-digital-twin", "amsterdam-open-data"],
    ("project", "tech-innovacity", "corporate"): ["santiago-maas"],
    ("project", "tech-innovacity", "institution"): ["espoo-building-energy"],
    ("leadership", "leadership", "leadership"): ["addis-ababa-leadership"],
    ("special", "special", "special"): ["izmir-earthquake-recovery", "valparaiso-wildfire-prevention", "surabaya-waste-bank"],
}


def test_seoul_published_facts(seoul):
    cycle, _ = seoul
    assert _facts(cycle) == (216, 123, 58)
    assert len(cycle.judges) == 26  # 16 international jury, 3 secretariat screeners, 7 final jury
    assert sum("secretariat" in judge.name for judge in cycle.judges.values()) == 3
    assert any(judge.conflicts for judge in cycle.judges.values())
    assert all(judge.city for judge in cycle.judges.values())


def test_seoul_rules_and_rounds_declared(seoul):
    cycle, _ = seoul
    spec = cycle.spec
    assert spec.rules.tie_break == ["criterion:value-generation", "median", "chair", "shared"]
    assert spec.rules.one_award_per == "entrant"
    assert spec.rules.conflicts is not None and spec.rules.conflicts.same == ["country"]
    project, leadership = spec.calls["project"], spec.calls["leadership"]
    assert list(project.rounds) == ["eligibility", "evaluation", "final"]
    assert project.rounds["eligibility"].screening
    assert project.rounds["evaluation"].shortlist.top == 18
    assert project.rounds["final"].rules.aggregate == "median"
    assert project.rounds["final"].rules.min_judges == 5
    assert list(leadership.rounds) == ["evaluation", "final"]
    assert leadership.rounds["evaluation"].shortlist.top == 6
    assert project.combine == leadership.combine == "final-only"
    [decision] = spec.decisions
    assert decision.round == "evaluation" and decision.decided_by and decision.decided_on


def test_seoul_sheets_name_their_round(seoul):
    cycle, _ = seoul
    _one_sheet_per_judge_and_round(cycle, ["eligibility", "evaluation", "final"])
    screeners = {sheet.judge for sheet in cycle.sheets if sheet.round == "eligibility"}
    assert screeners == {"s01", "s02", "s03"}


def test_seoul_no_judge_marks_a_compatriot(seoul):
    _no_judge_marks_a_compatriot(seoul[0])


def test_seoul_every_scored_entry_has_enough_judges(seoul):
    _, results = seoul
    assert results.scores
    _scored_results_have_enough_judges(results)


def test_seoul_finalists(seoul):
    cycle, results = seoul
    finalists = _finalists(results)
    assert {k: len(v) for k, v in finalists.items()} == {"human-centricity": 18, "tech-innovacity": 18, "leadership": 6}
    assert sum(len(v) for v in finalists.values()) == 42
    # the finalists are exactly the entries the final jury marked
    marked = {entry for _, round_, entry in _sheet_marks(cycle) if round_ == "final"}
    assert marked == {e for v in finalists.values() for e in v}
    screened_out = [r.entry.id for r in results.scores.values() if r.status == SCREENED_OUT]
    assert len(screened_out) == 6


def test_seoul_published_winners(seoul):
    _, results = seoul
    awards = _awards(results)
    assert len(results.allocation.awards) == 20
    assert results.allocation.unfilled == []
    assert awards == SEOUL_WINNERS
    by_id = {a.entry.id: a for a in results.allocation.awards}
    baguio = by_id["baguio-health-governance"].entry
    assert (baguio.entrant.city, baguio.entrant.country) == ("Baguio", "PH")
    reykjavik = by_id["reykjavik-school-digital-system"].entry
    assert reykjavik.entrant.country == "IS" and reykjavik.entrant.city.startswith("Reykjav")
    leader = by_id["addis-ababa-leadership"].entry
    assert "Addis Ababa" in leader.entrant.name and leader.entrant.country == "ET"
    for entry in SEOUL_WINNERS[("special", "special", "special")]:
        assert "Organising committee of the Seoul Smart City Prize" in by_id[entry].note


def test_seoul_evaluation_ties_decided_by_each_rule(seoul):
    cycle, results = seoul
    [stage] = [s for s in results.scoring.stages if (s.call, s.round) == ("project", "evaluation")]
    # the whole evaluation ranking, not only the shortlist (the ties are all below the cut)
    members = [replace(r, reason=None, status=None) for r in stage.results.values() if r.entry.category == "human-centricity"]
    assert all(r.score is not None for r in members) and len(members) == 92
    rows = rank_results(members, stage.rules.tie_break, cycle.spec.decisions, stage.round)
    ties: dict[str, list[tuple[int, str]]] = {}
    for row in rows:
        if row.tie:
            ties.setdefault(row.tie, []).append((row.rank, row.result.entry.id))
    assert sorted(ties) == ["chair", "criterion:value-generation", "median", "shared"]
    assert all(len(group) == 2 for group in ties.values())
    [(rank_a, _), (rank_b, _)] = ties["shared"]
    assert rank_a == rank_b
    for rule in ("chair", "criterion:value-generation", "median"):
        assert len({rank for rank, _ in ties[rule]}) == 2
    [decision] = cycle.spec.decisions
    assert [e for _, e in sorted(ties["chair"])] == decision.tie


def test_seoul_cli_quick_start_command():
    result = runner.invoke(app, ["winners", str(SEOUL)])
    assert result.exit_code == 0
    assert "baguio-health-governance" in result.stdout and "20 awards" in result.stdout


SEOUL_PER_ENTRY = {"eligibility": 2, "evaluation": 4, "final": 5}


def test_seoul_sheets_mark_exactly_the_assigned_pairs(seoul):
    """The sample follows its assignments/: every sheet marks exactly the pairs its round's file
    assigns, K judges per entry, every entry that reached the round and no other, loads even."""
    cycle, results = seoul
    assignments = {a.round: a for a in cycle.assignments}
    assert {r: (a.per_entry, a.seed) for r, a in assignments.items()} == {r: (k, 2024) for r, k in SEOUL_PER_ENTRY.items()}
    marked: dict[str, set[tuple[str, str]]] = {}
    for judge, round_, entry in _sheet_marks(cycle):
        marked.setdefault(round_, set()).add((judge, entry))
    screened_out = {r.entry.id for r in results.scores.values() if r.status == SCREENED_OUT}
    reached = {
        "eligibility": {r.entry.id for r in cycle.entries if r.entry.call == "project"},
        "evaluation": {r.entry.id for r in cycle.entries if r.entry.call != "special"} - screened_out,
        "final": {e for v in _finalists(results).values() for e in v},
    }
    assert [len(reached[r]) for r in SEOUL_PER_ENTRY] == [190, 200, 42]
    for round_, assignment in assignments.items():
        assert marked[round_] == {(j, e) for j, entries in assignment.judges.items() for e in entries}, round_
        by_entry = judges_by_entry(assignment)
        assert set(by_entry) == reached[round_], round_
        assert {len(judges) for judges in by_entry.values()} == {assignment.per_entry}, round_
        assert all(cycle.judges[j].rounds == [round_] for j in assignment.judges), round_
        # loads differ by at most one, except a judge of the leadership call only, who has every leadership entry
        loads = {j: len(entries) for j, entries in assignment.judges.items()}
        only_leadership = {j for j in loads if cycle.judges[j].calls == ["leadership"]}
        assert all(loads[j] == sum(cycle.entry_index[e].entry.call == "leadership" for e in by_entry) for j in only_leadership)
        others = [n for j, n in loads.items() if j not in only_leadership]
        assert max(others) - min(others) <= 1, (round_, loads)
    assert {j for a in assignments.values() for j in a.judges} == set(cycle.judges)


def test_seoul_screening_as_the_readme_tells_it(seoul):
    """Two verdicts per entry: six entries fail with two fails, five pass one to one (a split
    passes under `passes: majority`), every other entry passes with two passes."""
    cycle, results = seoul
    verdicts: dict[str, list[str]] = {}
    for sheet, entry, mark in cycle.marks.rows():
        if cycle.sheets[sheet].round == "eligibility":
            verdicts.setdefault(entry, []).append(mark)
    counts = {entry: (v.count("pass"), v.count("fail")) for entry, v in verdicts.items()}
    assert len(counts) == 190 and {p + f for p, f in counts.values()} == {2}
    failed = {e for e, c in counts.items() if c == (0, 2)}
    assert failed == {r.entry.id for r in results.scores.values() if r.status == SCREENED_OUT}
    assert len(failed) == 6 and sum(c == (1, 1) for c in counts.values()) == 5


def test_seoul_assignments_are_what_assign_writes(tmp_path):
    """Each shipped assignments/ROUND.yaml is, byte for byte, what the command in its first line
    writes on the sample (without the file)."""
    root = tmp_path / SEOUL.name
    shutil.copytree(SEOUL, root)
    paths = sorted((SEOUL / "assignments").glob("*.yaml"))
    assert [p.stem for p in paths] == sorted(SEOUL_PER_ENTRY)
    for path in paths:
        shipped = path.read_bytes()
        command = shlex.split(shipped.decode("utf-8").splitlines()[0].removeprefix("# Written by smartaward "))
        assert command[0] == "assign" and "--seed" in command, command
        (root / "assignments" / path.name).unlink()
        result = runner.invoke(app, [command[0], str(root), *command[1:], "--quiet"])
        assert result.exit_code == 0, result.output
        assert (root / "assignments" / path.name).read_bytes() == shipped, path.name


# ---------------------------------------------------------------------------------------------
# Seoul 2023


SEOUL_2023_WINNERS = {
    ("project", "human-centricity", "gold"): ["odense-co-designed-services"],
    ("project", "human-centricity", "silver"): ["dublin-citizen-requests", "manila-emergency-alerts"],
    ("project", "human-centricity", "bronze"): ["da-nang-telemedicine", "luxembourg-accessible-transit", "sao-paulo-participatory-budgeting"],
    ("project", "human-centricity", "corporate"): ["yokohama-one-smile-care-leavers"],
    ("project", "human-centricity", "institution"): ["goyang-kict-inclusive-evacuation"],
    ("project", "tech-innovacity", "gold"): ["wellington-digital-twin"],
    ("project", "tech-innovacity", "silver"): ["helsinki-service-assistant", "eindhoven-smart-lighting"],
    ("project", "tech-innovacity", "bronze"): ["medellin-air-sensors", "kigali-e-permits", "shanghai-structural-monitoring"],
    ("project", "tech-innovacity", "corporate"): ["surat-waste-sensors"],
    ("project", "tech-innovacity", "institution"): ["auckland-flood-sensors"],
    ("leadership", "leadership", "leadership"): ["dhaka-south-leadership", "konya-leadership"],
    ("special", "special", "special"): ["kaohsiung-heat-mapping", "abu-dhabi-service-assistant", "madinah-crowd-monitoring"],
}
# The published winners: (entry id, city, country)
SEOUL_2023_PUBLISHED = [
    ("odense-co-designed-services", "Odense", "DK"),
    ("dublin-citizen-requests", "Dublin", "IE"),
    ("manila-emergency-alerts", "Manila", "PH"),
    ("da-nang-telemedicine", "Da Nang", "VN"),
    ("luxembourg-accessible-transit", "Luxembourg", "LU"),
    ("sao-paulo-participatory-budgeting", "São Paulo", "BR"),
    ("yokohama-one-smile-care-leavers", "Yokohama", "JP"),
    ("goyang-kict-inclusive-evacuation", "Goyang", "KR"),
    ("wellington-digital-twin", "Wellington", "NZ"),
    ("konya-leadership", "Konya", "TR"),
    ("dhaka-south-leadership", "Dhaka", "BD"),
    ("kaohsiung-heat-mapping", "Kaohsiung", "TW"),
    ("abu-dhabi-service-assistant", "Abu Dhabi", "AE"),
    ("madinah-crowd-monitoring", "Madinah", "SA"),
]


def test_seoul_2023_published_facts(seoul_2023):
    cycle, _ = seoul_2023
    assert _facts(cycle) == (240, 93, 47)
    assert len(cycle.judges) == 27  # 18 international jury, 2 secretariat screeners, 7 final jury
    assert sum("secretariat" in judge.name for judge in cycle.judges.values()) == 2
    entries = cycle.entry_index
    for entry_id, city, country in SEOUL_2023_PUBLISHED:
        entrant = entries[entry_id].entry.entrant
        assert (entrant.city, entrant.country) == (city, country), entry_id
    assert entries["yokohama-one-smile-care-leavers"].entry.entrant.name == "Yokohama One Smile Foundation"
    assert entries["yokohama-one-smile-care-leavers"].entry.entrant.type == "organisation"
    kict = entries["goyang-kict-inclusive-evacuation"].entry.entrant
    assert "Korea Institute of Civil Engineering and Building Technology" in kict.name and kict.type == "institution"


def test_seoul_2023_rules_and_rounds_declared(seoul_2023):
    cycle, _ = seoul_2023
    spec = cycle.spec
    assert spec.rules.conflicts is not None and spec.rules.conflicts.same == ["country"]
    project, leadership = spec.calls["project"], spec.calls["leadership"]
    assert list(project.rounds) == ["eligibility", "evaluation", "final"]
    assert project.rounds["eligibility"].screening and project.rounds["eligibility"].passes == "all"
    assert project.rounds["evaluation"].shortlist.threshold == 7.5
    final = project.rounds["final"].rules
    assert (final.aggregate, final.trim, final.min_judges) == ("trimmed-mean", 1, 5)
    assert list(leadership.rounds) == ["evaluation", "final"]
    assert leadership.rounds["evaluation"].shortlist.top == 5
    assert leadership.rules.tie_break == ["shared"]
    assert leadership.categories["leadership"].awards["leadership"].count == 1
    corporate = project.categories["human-centricity"].awards["corporate"]
    assert corporate.eligible.entrant_type == ["company", "organisation"]


def test_seoul_2023_sheets_name_their_round(seoul_2023):
    cycle, _ = seoul_2023
    _one_sheet_per_judge_and_round(cycle, ["eligibility", "evaluation", "final"])


def test_seoul_2023_no_judge_marks_a_compatriot(seoul_2023):
    _no_judge_marks_a_compatriot(seoul_2023[0])


def test_seoul_2023_every_scored_entry_has_enough_judges(seoul_2023):
    _scored_results_have_enough_judges(seoul_2023[1])


def test_seoul_2023_finalists(seoul_2023):
    cycle, results = seoul_2023
    finalists = _finalists(results)
    assert {k: len(v) for k, v in finalists.items()} == {"human-centricity": 16, "tech-innovacity": 16, "leadership": 5}
    marked = {entry for _, round_, entry in _sheet_marks(cycle) if round_ == "final"}
    assert marked == {e for v in finalists.values() for e in v}
    screened_out = [r.entry.id for r in results.scores.values() if r.status == SCREENED_OUT]
    assert len(screened_out) == 8


def test_seoul_2023_published_winners(seoul_2023):
    _, results = seoul_2023
    awards = _awards(results)
    assert len(results.allocation.awards) == 21
    assert results.allocation.unfilled == []
    assert awards == SEOUL_2023_WINNERS
    by_id = {a.entry.id: a for a in results.allocation.awards}
    # the leadership award is shared: one slot, two mayors tied exactly at rank 1
    konya, dhaka = by_id["konya-leadership"], by_id["dhaka-south-leadership"]
    assert konya.rank == dhaka.rank == 1 and konya.score == dhaka.score
    assert "ex aequo" in konya.note and "ex aequo" in dhaka.note
    assert "Mayor of Konya" in konya.entry.entrant.name and "Mayor of Dhaka South" in dhaka.entry.entrant.name
    for entry in SEOUL_2023_WINNERS[("special", "special", "special")]:
        assert "Organising committee of the Seoul Smart City Prize" in by_id[entry].note
    # every other award is won by a clear margin: the only tie in the final rankings is the leadership one
    ties = [(r.category, row.result.entry.id) for r in results.rankings for row in r.rows if row.tie]
    assert sorted(ties) == [("leadership", "dhaka-south-leadership"), ("leadership", "konya-leadership")]


def test_seoul_2023_cli_winners_shows_the_shared_award():
    result = runner.invoke(app, ["winners", str(SEOUL_2023)])
    assert result.exit_code == 0
    assert "21 awards" in result.stdout and "ex aequo" in result.stdout
    assert "konya-leadership" in result.stdout and "dhaka-south-leadership" in result.stdout
