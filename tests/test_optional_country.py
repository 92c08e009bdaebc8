"""An entrant's country is optional (issue 16, item 4): wines, films or abstract candidates have
none. An entry without one validates, ranks and is published with an empty cell (null in JSON,
never "None"); the rules that use countries say so when one is missing (J418, one warning per rule
and entrant, at the entrant of its first entry) and apply as documented: the conflict rule cannot
exclude a judge's marks on it, it counts towards no country's cap, and it never takes a
country-restricted slot. `import entries` needs no country column; an empty cell means none.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import yaml
from cyclefiles import write_cycle
from helpers import run as cli
from rulecycles import by_judge, cycle_doc, panel, project, run, sheets

from smartaward.diagnostics import Severity
from smartaward.reading.load import load_cycle

J2 = ["j1", "j2"]


def wine(wine_id: str, *, country: str | None = None, city: str | None = None, name: str | None = None) -> dict[str, Any]:
    """A wine entered by its estate: no country unless given."""
    entrant: dict[str, Any] = {"name": name or f"Estate {wine_id}", "type": "company"}
    if city:
        entrant["city"] = city
    if country:
        entrant["country"] = country
    return {"id": wine_id, "call": "project", "category": "people", "title": f"A {wine_id}", "entrant": entrant,
            "submitted": "2025-05-01"}


def wine_cycle(root: Path, entries: list[dict[str, Any]], marks: dict[str, list[Any]], *, rules: dict[str, Any] | None = None,
               awards: dict[str, Any] | None = None, judges: dict[str, Any] | None = None):
    cycle = cycle_doc(rules=rules, calls={"project": project(awards=awards or {"gold": 1, "silver": 1})})
    cycle["entrant_types"] = ["company"]
    return run(root, cycle, judges or panel(*J2), entries, sheets(by_judge(marks, J2)))


def j418(result) -> list[tuple[str, int, int, str]]:
    return [(Path(d.file).name, d.line, d.column, d.message) for d in result.diagnostics if d.code == "J418"]


def entrant_line(root: Path, entry_id: str) -> int:
    """The line of an entry's entrant mapping (its first key) in entries/entries.yaml."""
    lines = (root / "entries" / "entries.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index(f"- id: {entry_id}")
    return next(n for n in range(start, len(lines)) if lines[n].strip() == "entrant:") + 2  # 1-based, the next line


# ------------------------------------------------------------------------------------------------
# Without a rule that uses countries: no error, no warning, empty cells

def test_entries_without_a_country_validate_rank_and_win_without_a_warning(tmp_path):
    result = wine_cycle(tmp_path, [wine("riesling"), wine("merlot"), wine("syrah")],
                        {"riesling": [8, 9], "merlot": [7, 7], "syrah": [6, 6]})
    assert result.diagnostics == []
    assert result.order() == ["riesling", "merlot", "syrah"]
    assert result.awarded() == [("gold", "riesling"), ("silver", "merlot")]
    assert cli("validate", tmp_path, "--strict").exit_code == 0


def test_published_outputs_show_an_empty_cell_and_null_never_none(tmp_path):
    wine_cycle(tmp_path, [wine("riesling", country="FR"), wine("merlot", city="Bordeaux"), wine("syrah")],
               {"riesling": [8, 9], "merlot": [7, 7], "syrah": [6, 6]})
    for command in (("rank",), ("winners",), ("explain", "merlot"), ("stats",), ("status",)):
        for form in ("table", "json", "csv", "md"):
            if command[0] in ("explain", "status") and form in ("table", "csv"):
                continue
            shown = cli(*command, tmp_path, "--format", form)
            assert shown.exit_code == 0, (command, form, shown.output)
            assert "None" not in shown.stdout, (command, form)
    ranking = json.loads(cli("rank", tmp_path, "--format", "json").stdout)
    rows = {row["entry"]: row for category in ranking["categories"] for row in category["ranking"]}
    assert (rows["riesling"]["country"], rows["merlot"]["country"]) == ("FR", None)
    table = list(csv.DictReader(io.StringIO(cli("rank", tmp_path, "--format", "csv").stdout)))
    assert {row["entry"]: row["country"] for row in table} == {"riesling": "FR", "merlot": "", "syrah": ""}
    explained = cli("explain", "merlot", tmp_path).stdout
    assert "  Estate merlot (company, Bordeaux), project/people" in explained


def test_export_and_feedback_write_no_none(tmp_path):
    wine_cycle(tmp_path / "cycle", [wine("riesling", country="FR"), wine("merlot")], {"riesling": [8, 9], "merlot": [7, 7]})
    assert cli("export", tmp_path / "cycle", "--to", tmp_path / "out").exit_code == 0
    assert cli("feedback", tmp_path / "cycle", "--to", tmp_path / "feedback").exit_code == 0
    for path in [*(tmp_path / "out").iterdir(), *(tmp_path / "feedback").iterdir()]:
        if path.suffix in (".csv", ".json", ".md", ".html"):
            assert "None" not in path.read_text(encoding="utf-8"), path.name
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert "country" in json.dumps(results)
    winners = list(csv.DictReader(io.StringIO((tmp_path / "out" / "winners.csv").read_text(encoding="utf-8"))))
    assert {row["entry"]: row["country"] for row in winners} == {"riesling": "FR", "merlot": ""}


def test_stats_count_entries_without_a_country_apart(tmp_path):
    wine_cycle(tmp_path, [wine("riesling", country="FR", city="Colmar"), wine("merlot", city="Bordeaux"), wine("syrah")],
               {"riesling": [8, 9], "merlot": [7, 7], "syrah": [6, 6]})
    document = json.loads(cli("stats", tmp_path, "--format", "json").stdout)
    assert document["countries"] == {"by_country": [{"count": 1, "country": "FR"}], "count": 1, "entries_without_country": 2}
    assert {(c["city"], c["country"]) for c in document["cities"]["by_city"]} == {("Colmar", "FR"), ("Bordeaux", None)}
    assert document["headline"] == "3 applications from 2 cities in 1 country; 2 awards"


def test_a_headline_leaves_out_the_cities_and_countries_no_entry_has(tmp_path):
    wine_cycle(tmp_path, [wine("riesling"), wine("merlot")], {"riesling": [8, 9], "merlot": [7, 7]})
    document = json.loads(cli("stats", tmp_path, "--format", "json").stdout)
    assert document["headline"] == "2 applications; 2 awards"  # never "from 0 cities in 0 countries"


# ------------------------------------------------------------------------------------------------
# The rules that use countries: J418, and what they do with an entrant without one

def test_the_country_cap_counts_no_entrant_without_a_country(tmp_path):
    # max_awards_per_country: 1. riesling (FR) takes gold; merlot and syrah have no country, so no
    # cap holds them: silver and bronze. (Counted as one "no country", syrah would be kept out.)
    result = wine_cycle(tmp_path, [wine("riesling", country="FR"), wine("merlot"), wine("syrah"), wine("gamay", country="FR")],
                        {"riesling": [9, 9], "merlot": [8, 8], "syrah": [7, 7], "gamay": [6, 6]},
                        rules={"max_awards_per_country": 1}, awards={"gold": 1, "silver": 1, "bronze": 1, "fourth": 1})
    assert result.awarded() == [("gold", "riesling"), ("silver", "merlot"), ("bronze", "syrah")]  # gamay: FR holds 1
    found = j418(result)
    assert [(line, column) for _, line, column, _ in found] == [
        (entrant_line(tmp_path, "merlot"), 5), (entrant_line(tmp_path, "syrah"), 5)]
    assert all("max_awards_per_country: 1" in message for *_, message in found)
    assert {d.severity for d in result.diagnostics if d.code == "J418"} == {Severity.WARNING}


def test_a_country_restricted_slot_is_never_given_to_an_entrant_without_a_country(tmp_path):
    awards = {"gold": 1, "french": {"count": 1, "eligible": {"country": "FR"}}}
    result = wine_cycle(tmp_path, [wine("merlot"), wine("syrah"), wine("riesling", country="FR")],
                        {"merlot": [9, 9], "syrah": [8, 8], "riesling": [6, 6]}, awards=awards)
    assert result.awarded() == [("gold", "merlot"), ("french", "riesling")]
    found = j418(result)
    assert [line for _, line, _, _ in found] == [entrant_line(tmp_path, "merlot"), entrant_line(tmp_path, "syrah")]
    assert "'french' award (only for FR)" in found[0][3]


def test_the_conflict_rule_cannot_exclude_a_judge_from_an_entrant_without_a_country(tmp_path):
    # conflicts: same country. j1 (FR) marks riesling (FR): not counted (J410). merlot has no
    # country: j1's marks count, and J418 says the rule could not apply.
    judges = panel(*J2, j1={"country": "FR"})
    result = wine_cycle(tmp_path, [wine("riesling", country="FR"), wine("merlot")], {"riesling": [9, 7], "merlot": [8, 6]},
                        rules={"conflicts": {"same": ["country"]}}, judges=judges)
    assert sorted(d.code for d in result.diagnostics if d.code.startswith("J4")) == ["J410", "J418"]
    assert result.score("riesling") == 7 and result.score("merlot") == 7  # merlot: (8 + 6) / 2
    [(_, line, _, message)] = j418(result)
    assert line == entrant_line(tmp_path, "merlot") and "conflicts rule (same: [country])" in message


def test_one_warning_per_rule_and_entrant_at_its_first_entry(tmp_path):
    # Two entries of one estate without a country, and two rules that use countries: two warnings,
    # both at the first entry (by id), naming the other.
    entries = [wine("merlot", name="Domaine X"), wine("malbec", name="Domaine X"), wine("riesling", country="FR")]
    result = wine_cycle(tmp_path, entries, {"merlot": [8, 8], "malbec": [7, 7], "riesling": [6, 6]},
                        rules={"max_awards_per_country": 2, "conflicts": {"same": ["country"]}})
    found = j418(result)
    assert len(found) == 2
    assert {line for _, line, _, _ in found} == {entrant_line(tmp_path, "malbec")}  # malbec < merlot
    assert all("'malbec' (and of 'merlot')" in message for *_, message in found)


def test_no_warning_without_a_rule_that_uses_countries_or_for_an_entrant_with_one(tmp_path):
    result = wine_cycle(tmp_path, [wine("riesling", country="FR"), wine("merlot")], {"riesling": [8, 9], "merlot": [7, 7]},
                        rules={"conflicts": {"same": ["city"]}, "one_award_per": "entrant"})
    assert j418(result) == []


def test_explain_code_documents_j418():
    shown = cli("explain-code", "J418")
    assert shown.exit_code == 0 and "country-missing" in shown.stdout


# ------------------------------------------------------------------------------------------------
# Import: the country column is optional; an empty cell means no country

HEADER = "id,title,call,category,entrant name,entrant type,submitted"


def importable_cycle(root: Path) -> Path:
    cycle = cycle_doc(calls={"project": project(awards={"gold": 1})})
    cycle["entrant_types"] = ["company"]
    write_cycle(root, cycle=cycle, judges=panel(*J2), entry_files={}, sheets={})
    return root


def test_import_entries_without_a_country_column(tmp_path):
    root = importable_cycle(tmp_path / "cycle")
    sheet = tmp_path / "wines.csv"
    sheet.write_text(f"{HEADER}\nriesling,A riesling,project,people,Estate R,company,2025-05-01\n", encoding="utf-8")
    result = cli("import", "entries", sheet, root, "--format", "json")
    document = json.loads(result.stdout)
    assert result.exit_code == 0 and [d["code"] for d in document["diagnostics"]] == [], document
    written = yaml.safe_load((root / "entries" / "riesling.yaml").read_text(encoding="utf-8"))
    assert written["entrant"] == {"name": "Estate R", "type": "company"}
    assert load_cycle(root).entry_index["riesling"].entry.entrant.country is None


def test_import_entries_with_an_empty_country_cell(tmp_path):
    root = importable_cycle(tmp_path / "cycle")
    sheet = tmp_path / "wines.csv"
    sheet.write_text(f"{HEADER},entrant country\nriesling,A riesling,project,people,Estate R,company,2025-05-01,\n"
                     "merlot,A merlot,project,people,Estate M,company,2025-05-01,FR\n", encoding="utf-8")
    result = cli("import", "entries", sheet, root, "--format", "json")
    assert result.exit_code == 0, result.output
    riesling = yaml.safe_load((root / "entries" / "riesling.yaml").read_text(encoding="utf-8"))
    merlot = yaml.safe_load((root / "entries" / "merlot.yaml").read_text(encoding="utf-8"))
    assert "country" not in riesling["entrant"] and merlot["entrant"]["country"] == "FR"
    assert cli("validate", root).exit_code == 0
