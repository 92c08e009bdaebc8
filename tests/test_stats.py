"""`smartaward stats`: the headline figures of a cycle, and every figure still counted when the
cycle has errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from cyclefiles import copy_base
from helpers import run

from smartaward.awards.results import compute
from smartaward.publishing.stats import cycle_stats, headline
from smartaward.reading.load import load_cycle

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_2024 = ROOT / "cycles" / "seoul-smart-city-2024"
SAMPLE_2023 = ROOT / "cycles" / "seoul-smart-city-2023"


# The published counts (each sample's README): entries, cities, countries, awards.
PUBLISHED = {SAMPLE_2024: (216, 123, 58, 20), SAMPLE_2023: (240, 93, 47, 21)}


@pytest.mark.parametrize("sample", list(PUBLISHED), ids=lambda p: p.name)
def test_the_samples_give_their_published_headline(sample):
    entries, cities, countries, awards = PUBLISHED[sample]
    result = run("stats", str(sample), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["entries"]["total"] == entries
    assert document["cities"]["count"] == cities == len(document["cities"]["by_city"])
    assert document["countries"]["count"] == countries == len(document["countries"]["by_country"])
    assert document["awards"]["total"] == awards
    assert document["headline"] == f"{entries} applications from {cities} cities in {countries} countries; {awards} awards"
    assert document["errors"] == 0


def test_the_table_starts_with_the_headline():
    result = run("stats", str(SAMPLE_2024))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "216 applications from 123 cities in 58 countries; 20 awards"
    for title in ("Entries by call", "Countries (58, top 10)", "Cities (123, top 10)", "Coverage", "Awards"):
        assert title in result.stdout


def test_md_starts_with_the_headline_and_holds_markdown_tables():
    result = run("stats", str(SAMPLE_2023), "--format", "md", "--top", "0")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "240 applications from 93 cities in 47 countries; 21 awards"
    assert "### Cities (93)" in lines
    start = lines.index("### Cities (93)")
    assert sum(1 for line in lines[start + 4:] if line.startswith("| ") and line.count("|") == 4 and "---" not in line
               and not line.startswith("| call")) >= 93  # every city listed with --top 0


def test_2024_figures():
    document = json.loads(run("stats", str(SAMPLE_2024), "-f", "json").stdout)
    entries = document["entries"]
    assert entries["by_call"] == [{"call": "project", "call_title": "Project awards", "count": 190},
                                  {"call": "leadership", "call_title": "Leadership award", "count": 16},
                                  {"call": "special", "call_title": "Special awards", "count": 10}]
    assert [(r["call"], r["category"], r["count"]) for r in entries["by_category"]] == [
        ("project", "human-centricity", 95), ("project", "tech-innovacity", 95),
        ("leadership", "leadership", 16), ("special", "special", 10)]
    assert sum(r["count"] for r in entries["by_entrant_type"]) == 216
    assert entries["late"] == 0
    outcomes = {r["outcome"]: r["count"] for r in entries["outcomes"]}
    assert outcomes == {"ranked": 42, "screened-out": 6, "not-shortlisted": 158}  # 18 + 18 + 6 finalists
    judges = document["judges"]
    assert (judges["total"], judges["voting"], judges["observers"]) == (26, 26, 0)
    # Coverage (the panel is every judge who marked in the round): the sample's assignments give each
    # entry 2 of the 3 screeners, 4 of the 15 (project) or 6 (leadership) evaluation judges, 5 of the
    # 7 final jurors, and every sheet marks exactly what it is assigned.
    coverage = {(r["call"], r["round"]): r for r in document["coverage"]}
    assert list(coverage) == [("project", "eligibility"), ("project", "evaluation"), ("project", "final"),
                              ("leadership", "evaluation"), ("leadership", "final")]
    assert [(r["entries"], r["judges"], r["present"], r["counted"]) for r in coverage.values()] == [
        (190, 3, 2 * 190, 2 * 190), (184, 15, 4 * 184, 4 * 184), (36, 7, 5 * 36, 5 * 36), (16, 6, 4 * 16, 4 * 16), (6, 7, 5 * 6, 5 * 6)]
    # Each round has an assignment file: the expected lines are the assigned ones, all of them marked.
    assert [(r["assignment"], r["per_entry"], r["expected"], r["ratio"], r["unassigned"]) for r in coverage.values()] == [
        ("assignments/eligibility.yaml", 2, 2 * 190, 1, 0), ("assignments/evaluation.yaml", 4, 4 * 184, 1, 0),
        ("assignments/final.yaml", 5, 5 * 36, 1, 0), ("assignments/evaluation.yaml", 4, 4 * 16, 1, 0),
        ("assignments/final.yaml", 5, 5 * 6, 1, 0)]
    for row in document["coverage"]:
        assert row["present"] <= row["expected"] and row["counted"] <= row["present"]
    marks = document["marks"]
    assert marks["score_lines"] == sum(r["score_lines"] for r in marks["by_round"])
    assert marks["marks"] == sum(r["marks"] for r in marks["by_round"])
    awards = document["awards"]
    assert {r["award"]: r["count"] for r in awards["by_award"]}["gold"] == 2
    assert awards["unfilled"] == [] and awards["unfilled_slots"] == 0


def test_counts_are_sorted_by_count_then_name():
    document = json.loads(run("stats", str(SAMPLE_2024), "-f", "json").stdout)
    for rows, name in ((document["countries"]["by_country"], "country"), (document["entries"]["by_entrant_type"], "type"),
                       (document["judges"]["by_country"], "country"), (document["awards"]["by_award"], "award")):
        assert rows == sorted(rows, key=lambda r: (-r["count"], r[name]))


def test_json_is_deterministic_with_sorted_keys(tmp_path):
    first = run("stats", str(SAMPLE_2023), "-f", "json", "--no-cache").stdout
    assert run("stats", str(SAMPLE_2023), "-f", "json").stdout == first
    assert run("stats", str(SAMPLE_2023), "-f", "json").stdout == first  # from the cache

    def check(value):
        if isinstance(value, dict):
            assert list(value) == sorted(value)
            for v in value.values():
                check(v)
        elif isinstance(value, list):
            for v in value:
                check(v)

    check(json.loads(first))


def test_cities_are_city_and_country_pairs_compared_caselessly(tmp_path):
    root = copy_base(tmp_path / "c")
    entries = root / "entries" / "more.yaml"
    text = entries.read_text()
    # seoul-air is in Seoul, KR; baguio-health becomes "SEOUL" (same city, other case) but in PH
    text = text.replace("city: Baguio, country: PH", "city: SEOUL, country: PH")
    entries.write_text(text)
    (root / "entries" / "seoul-too.yaml").write_text(
        "id: seoul-too\ncall: project\ncategory: people\ntitle: Another\n"
        "entrant: {name: Other Co, type: company, city: \"seoul\", country: KR}\nsubmitted: 2025-06-05\n")
    document = cycle_stats(load_cycle(root), None)
    pairs = {(r["city"], r["country"]): r["count"] for r in document["cities"]["by_city"]}
    assert pairs[("Seoul", "KR")] == 2  # "Seoul" and "seoul": one city, shown as first written
    assert pairs[("SEOUL", "PH")] == 1  # the same name in another country: another city


def test_a_cycle_with_an_error_still_gets_its_figures_and_exit_1(tmp_path):
    root = copy_base(tmp_path / "c")
    sheet = root / "scores" / "j02.yaml"
    sheet.write_text(sheet.read_text().replace("impact: 8", "impact: 80", 1))  # off the scale: M301
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = run("stats", str(root), "-f", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["errors"] >= 1 and document["awards"] is None
    assert document["entries"]["total"] == 4 and document["countries"]["count"] == 3
    assert document["coverage"] is not None and document["marks"]["score_lines"] > 0
    assert document["headline"].startswith("4 applications from 3 cities in 3 countries; awards not computed")
    assert "M301" in result.stderr and "awards could not be computed" in result.stderr
    table = run("stats", str(root))
    assert table.exit_code == 1 and table.stdout.startswith("4 applications from 3 cities in 3 countries")
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_a_broken_cycle_yaml_still_counts_entries_judges_and_marks(tmp_path):
    root = copy_base(tmp_path / "c")
    (root / "cycle.yaml").write_text("cycle: [not, a, slug]\n")
    result = run("stats", str(root), "-f", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["entries"]["total"] == 4 and document["judges"]["total"] == 3
    assert document["coverage"] is None and document["awards"] is None and document["entries"]["outcomes"] is None
    assert [r["call"] for r in document["entries"]["by_call"]] == ["project", "honours"]  # by count, then name
    for fmt in ("table", "md", "csv"):
        assert run("stats", str(root), "-f", fmt).exit_code == 1


def test_csv_is_one_long_table_of_every_figure():
    result = run("stats", str(SAMPLE_2024), "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    summary = {r["name"]: r["count"] for r in rows if r["section"] == "summary"}
    assert summary == {"entries": "216", "cities": "123", "countries": "58", "awards": "20", "awards-pending": "0", "errors": "0"}
    assert sum(1 for r in rows if r["section"] == "entries-by-city") == 123
    coverage = [r for r in rows if r["section"] == "coverage"]
    assert coverage[0]["call"] == "project" and coverage[0]["round"] == "eligibility" and coverage[0]["of"]


def test_csv_cells_are_neutralised(tmp_path):
    root = copy_base(tmp_path / "c")
    entry = root / "entries" / "oslo-bikes.yaml"
    entry.write_text(entry.read_text().replace("city: Oslo", "city: \"=HYPERLINK(1)\""))
    rows = list(csv.DictReader(io.StringIO(run("stats", str(root), "-f", "csv").stdout)))
    assert "'=HYPERLINK(1)" in {r["name"] for r in rows if r["section"] == "entries-by-city"}


def test_no_progress_bar_off_a_terminal():
    result = run("stats", str(SAMPLE_2024), "-f", "json")  # CliRunner's stderr is not a terminal
    assert result.exit_code == 0
    assert result.stderr == ""


def test_quiet_prints_only_the_figures(tmp_path):
    root = copy_base(tmp_path / "c")
    (root / "scores" / "j02.yaml").write_text("judge: j02\nscores: {oslo-bikes: {design: 80, impact: 8}}\n")
    result = run("stats", str(root), "-q", "-f", "json")
    assert result.exit_code == 1
    assert "M301" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_usage_errors_exit_2(tmp_path):
    assert run("stats", str(tmp_path)).exit_code == 2  # no cycle here
    assert run("stats", str(SAMPLE_2024), "--top", "-1").exit_code == 2
    assert run("stats", str(SAMPLE_2024), "-f", "xml").exit_code == 2


def test_headline_words_agree_in_number():
    doc = {"entries": {"total": 1}, "cities": {"count": 1}, "countries": {"count": 1}, "awards": {"total": 1}, "errors": 0}
    assert headline(doc) == "1 application from 1 city in 1 country; 1 award"
    doc["awards"], doc["errors"] = None, 1
    assert headline(doc) == "1 application from 1 city in 1 country; awards not computed (1 error in the cycle)"


def test_the_core_needs_no_typer_nor_rich():
    import subprocess

    code = ("import sys, smartaward.publishing.stats, smartaward.writing.scaffold; "
            "assert 'typer' not in sys.modules and 'rich' not in sys.modules, sorted(m for m in sys.modules if m in ('typer', 'rich'))")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_awards_shared_ex_aequo_count_once_per_entry():
    cycle = load_cycle(SAMPLE_2023)
    from smartaward.checks.run import run_checks

    assert not [d for d in run_checks(cycle) if d.severity.name == "ERROR"]
    document = cycle_stats(cycle, compute(cycle))
    assert document["awards"]["ex_aequo"] == 2 and document["awards"]["total"] == 21


def test_stats_runs_on_a_copy_without_writing_into_it(tmp_path):
    copy = tmp_path / "c"
    shutil.copytree(SAMPLE_2023, copy)
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    assert run("stats", str(copy)).exit_code == 0
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before


def test_loading_and_ranking_report_to_the_progress_bar(monkeypatch):
    from contextlib import contextmanager

    from smartaward.render import progress

    seen: list[tuple[bool, str]] = []

    @contextmanager
    def recording(quiet: bool, **_):
        yield (lambda what, done, total: seen.append((quiet, what)))

    monkeypatch.setattr(progress, "progress_bar", recording)
    assert run("stats", str(SAMPLE_2024), "-f", "json", "--no-cache").exit_code == 0
    assert {what for _, what in seen} >= {"reading", "checking", "ranking"}
    seen.clear()
    # --no-cache: a document kept by an earlier run (issue 17) would be printed without any work to report
    assert run("stats", str(SAMPLE_2024), "-f", "json", "--quiet", "--no-cache").exit_code == 0
    assert seen and all(quiet for quiet, _ in seen)  # --quiet reaches the bar, which then stays silent


@pytest.mark.parametrize("format, heading", [("md", "### Countries"), ("rst", "Countries (58, top 10)\n---"),
                                             ("latex", "\\subsection*{Countries"), ("html", "<h3>Countries"),
                                             ("grid", "Countries (58, top 10)\n+--")])
def test_every_text_format_has_the_headline_and_each_section(format, heading):
    result = run("stats", str(SAMPLE_2024), "--format", format)
    assert result.exit_code == 0, result.output
    assert "216 applications from 123 cities in 58 countries; 20 awards" in result.stdout
    assert heading in result.stdout
    assert result.stdout.count("Entries by") == 3  # call, category, entrant type


def _final_round(root: Path) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The final round's assignments of a copy (judge → entries) and each final entry's call."""
    import yaml

    assigned = yaml.safe_load((root / "assignments" / "final.yaml").read_text())["judges"]
    cycle = load_cycle(root)
    calls = {e: cycle.entry_index[e].entry.call for entries in assigned.values() for e in entries}
    return assigned, calls


def _sheet_line(sheet: Path, entry: str) -> str:
    return next(line for line in sheet.read_text().splitlines() if line.startswith(f"  {entry}:"))


def test_coverage_of_a_round_with_an_assignment_file_counts_the_assigned_lines(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(SAMPLE_2024, root)
    assigned, calls = _final_round(root)
    before = {(r["call"], r["round"]): r for r in json.loads(run("stats", str(root), "-f", "json").stdout)["coverage"]}
    # One assigned line left unmarked, and one line by a final juror the file does not give the entry.
    judge, *_ = sorted(assigned)
    gone, marked = [e for e in assigned[judge] if calls[e] == "project"][:2]
    stranger = next(j for j in sorted(assigned) if marked not in assigned[j])
    sheet, other = root / "scores" / "final" / f"{judge}.yaml", root / "scores" / "final" / f"{stranger}.yaml"
    sheet.write_text(sheet.read_text().replace(_sheet_line(sheet, gone) + "\n", ""))
    other.write_text(other.read_text().rstrip("\n") + "\n" + _sheet_line(sheet, marked) + "\n")
    result = run("stats", str(root), "-f", "json")
    assert result.exit_code == 0, result.output
    after = {(r["call"], r["round"]): r for r in json.loads(result.stdout)["coverage"]}
    row, was = after[("project", "final")], before[("project", "final")]
    assert (row["expected"], row["present"], row["unassigned"]) == (was["expected"], was["present"] - 1, 1)
    assert row["counted"] == was["counted"] - 1  # the stranger's line does not count (P804)
    assert row["ratio"] == round((was["expected"] - 1) / was["expected"], 4)
    assert row["assignment"] == "assignments/final.yaml" and row["per_entry"] == was["per_entry"]
    assert after[("leadership", "final")] == before[("leadership", "final")]
    table = run("stats", str(root)).stdout
    assert "not assigned" in table and "assigned, 5 per entry" in table
    rows = list(csv.DictReader(io.StringIO(run("stats", str(root), "-f", "csv").stdout)))
    assert {(r["call"], r["round"], r["count"]) for r in rows if r["section"] == "coverage-unassigned"} >= {("project", "final", "1")}


def test_a_round_without_an_assignment_file_infers_its_panel_as_before(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(SAMPLE_2024, root)
    (root / "assignments" / "final.yaml").unlink()
    coverage = {(r["call"], r["round"]): r for r in json.loads(run("stats", str(root), "-f", "json").stdout)["coverage"]}
    final = coverage[("project", "final")]
    assert (final["assignment"], final["per_entry"], final["unassigned"]) == (None, None, None)
    # every final juror who marked is expected on every finalist but a compatriot's: more than were assigned
    assert final["judges"] == 7 and final["present"] == 5 * 36 < final["expected"] <= 7 * 36
    assert coverage[("project", "evaluation")]["assignment"] == "assignments/evaluation.yaml"
    table = run("stats", str(root)).stdout
    assert "who marked" in table and "not assigned" not in table
    # a cycle without any assignment file: no panel column, the new keys null
    document = json.loads(run("stats", str(SAMPLE_2023), "-f", "json").stdout)
    assert all(r["assignment"] is None and r["per_entry"] is None and r["unassigned"] is None for r in document["coverage"])
    assert "┃ panel " not in run("stats", str(SAMPLE_2023)).stdout  # the column (a round's title may say "panel")
