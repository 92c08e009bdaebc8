"""A whole prize from an organiser's own spreadsheets (issue 15): the cycle in
tests/fixtures/messy/cycle/ (one call, three categories with titles, two rounds) filled only by
`import`, from spreadsheets written the way organisers write them, with the documented options,
then validated and judged.

- the jury: flow-jury.csv (names, countries by name, the call by its title, an e-mail column);
- the applications: applications.xlsx (category and call titles, capitalised entrant types,
  countries by name and alpha-3 code, blank rows, an e-mail column, a notes column) with
  --map-values values.yaml for the two values the cycle knows by no id, title or name;
- the shortlist round: flow-shortlist.xlsx, one tab per judge named by the judge's name as
  people type it, entries by title, decimal commas, a blank row, an Instructions tab;
- the final round: a long CSV (semicolons, judge names, decimal commas) for the entries the
  shortlist sent through, as the organiser would write it after `rank`.

Every step states how it read the values (notes); the cycle validates without an error and the
winners are those the marks give.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from helpers import run

MESSY = Path(__file__).parent / "fixtures" / "messy"


def _mark(judge: str, entry: str, criterion: str) -> str:
    digest = hashlib.sha256(f"final|{judge}|{entry}|{criterion}".encode()).digest()
    return f"{4 + (digest[0] % 13) / 2:.1f}".replace(".", ",")


@pytest.fixture(scope="module")
def prize(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cycle = tmp_path_factory.mktemp("prize") / "prix"
    shutil.copytree(MESSY / "cycle", cycle)
    (cycle / "judges.yaml").unlink()  # the jury comes from the organiser's list
    return cycle


def _imported(*args: str | Path) -> dict:
    result = run("import", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_jury_list(prize: Path) -> None:
    outcome = _imported("judges", MESSY / "flow-jury.csv", prize)
    assert outcome["summary"]["files"] == 1
    text = (prize / "judges.yaml").read_text(encoding="utf-8")
    assert "claire-dubois:" in text and "country: SE" in text and "calls: [project]" in text
    assert "contact: \"ana@example.org\"" in text


def test_the_applications(prize: Path) -> None:
    outcome = _imported("entries", MESSY / "applications.xlsx", prize, "--map-values", MESSY / "values.yaml")
    assert outcome["summary"] == {**outcome["summary"], "rows": 30, "bad_rows": 0, "errors": 0, "files": 30}
    notes = {(n["topic"], n["header"]) for n in outcome["notes"]}
    assert {("values", "Category"), ("values", "Country"), ("values", "Type"), ("values", "Call"), ("ignored", None)} <= notes
    assert [d["code"] for d in outcome["diagnostics"]] == ["I706"]  # the notes column, said once
    entry = (prize / "entries" / "rotterdam-water-squares.yaml").read_text(encoding="utf-8")
    assert "category: climate" in entry and "country: NL" in entry and "type: city" in entry


def test_the_shortlist_round_one_tab_per_judge(prize: Path) -> None:
    outcome = _imported("scores", MESSY / "flow-shortlist.xlsx", prize, "--all-sheets", "--round", "shortlist")
    assert outcome["summary"]["files"] == 5 and outcome["summary"]["bad_rows"] == 0
    assert sorted(p.name for p in (prize / "scores" / "shortlist").iterdir()) == [
        "ada-example.yaml", "ana-reyes.yaml", "claire-dubois.yaml", "kim-min-jun.yaml", "zoe-angstrom.yaml"]
    assert {"sheets", "decimal", "values"} <= {n["topic"] for n in outcome["notes"]}


def test_the_final_round_from_a_long_sheet_and_the_winners(prize: Path, tmp_path: Path) -> None:
    ranked = json.loads(run("rank", prize, "--format", "json").stdout)
    through = sorted(row["entry"] for category in ranked["categories"] for row in category["ranking"]
                     if "not shortlisted" not in (row["reason"] or ""))
    assert len(through) == 12  # the top 4 of each of three categories
    judges = ["Claire Dubois", "Zoë Ångström", "Kim Min-jun", "Ana Reyes", "Ada Example"]
    sheet = io.StringIO()
    writer = csv.writer(sheet, delimiter=";", lineterminator="\n")
    writer.writerow(["Juror", "Entry", "Criterion", "Score", "Remarks"])
    for judge in judges:
        for entry in through:
            for criterion in ("Design", "Impact"):
                writer.writerow([judge, entry, criterion, _mark(judge, entry, criterion), ""])
    marks = tmp_path / "final.csv"
    marks.write_text(sheet.getvalue(), encoding="utf-8")

    outcome = _imported("scores", marks, prize, "--round", "final")
    assert outcome["summary"]["files"] == 5 and outcome["summary"]["bad_rows"] == 0
    assert {"decimal", "values"} <= {n["topic"] for n in outcome["notes"]}

    validated = run("validate", prize, "--format", "json")
    assert validated.exit_code == 0, validated.output
    assert [d["code"] for d in json.loads(validated.stdout)["diagnostics"] if d["severity"] == "error"] == []
    winners = run("winners", prize)
    assert winners.exit_code == 0, winners.output
    assert "Climate and environment (climate)" in winners.stdout
    status = json.loads(run("status", prize, "--format", "json").stdout)
    assert status["status"] == "final", status["open"]
