"""The status of a result (awards/status.py; rules.md, "Provisional and final"): final when nothing
that can change it is open, provisional otherwise, with every open item named and placed — on both
Seoul samples, and for each kind of open item and settled state."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import run

from smartaward.api import results
from smartaward.awards.status import OPEN_CODES, SETTLED_CODES
from smartaward.diagnostics import CATALOGUE, Severity

CYCLES = Path(__file__).resolve().parent.parent / "cycles"
SAMPLES = ["seoul-smart-city-2023", "seoul-smart-city-2024"]
BASE = Path(__file__).resolve().parent / "cases" / "base"


@pytest.fixture(params=SAMPLES)
def sample(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    root = tmp_path / request.param
    shutil.copytree(CYCLES / request.param, root)
    return root


@pytest.fixture
def base(tmp_path: Path) -> Path:
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    return root


def status_of(root: Path) -> dict:
    result = run("status", str(root), "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def kinds(document: dict) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(item["kind"], tuple(item["entries"]), item["judge"]) for item in document["open"]]


def test_every_warning_code_is_classified_open_or_settled() -> None:
    warnings = {code for code, entry in CATALOGUE.items() if entry.severity is Severity.WARNING}
    assert warnings == OPEN_CODES | SETTLED_CODES
    assert not OPEN_CODES & SETTLED_CODES


# --- the samples (the "done when") -------------------------------------------------------

def test_the_shipped_samples_are_final(sample: Path) -> None:
    document = status_of(sample)
    assert (document["status"], document["open"]) == ("final", [])
    winners = run("winners", str(sample), "--final", "-f", "json", "--no-cache")
    assert winners.exit_code == 0 and json.loads(winners.stdout)["status"] == "final"


def _a_final_judge(root: Path) -> Path:
    return sorted((root / "scores" / "final").glob("*.yaml"))[0]


def _final_assignment(root: Path) -> dict[str, list[str]] | None:
    """The final round's assignment file as {judge: entries} (None: the sample has none, 2023)."""
    path = root / "assignments" / "final.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["judges"] if path.is_file() else None


def _open_items(n: int) -> str:
    return f"{n} open item{'s' if n != 1 else ''}"


def test_removing_one_judges_sheet_makes_the_result_provisional(sample: Path) -> None:
    sheet = _a_final_judge(sample)
    judge = re.search(r"^judge: (\S+)", sheet.read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
    assigned = _final_assignment(sample)
    sheet.unlink()
    document = status_of(sample)
    assert document["status"] == "provisional"
    if assigned is None:  # whoever hands in marks counts: the judge has handed in none
        assert kinds(document) == [("no-marks", (), judge)]
        [item] = document["open"]
        assert item["file"].endswith("judges.yaml") and item["line"] > 0
    else:  # 2024: the judge's assigned entries are unmarked, and each is one judge short of min_judges (5, K = 5)
        unmarked = [i for i in document["open"] if i["kind"] == "unmarked"]
        assert {i["judge"] for i in unmarked} == {judge} and {i["call"] for i in unmarked} == {"project", "leadership"}
        assert sorted(e for i in unmarked for e in i["entries"]) == sorted(assigned[judge])
        assert all(i["file"].endswith("assignments/final.yaml") and i["line"] > 0 for i in unmarked)
        short = [i for i in document["open"] if i["kind"] != "unmarked"]
        assert {i["kind"] for i in short} == {"too-few-judges"}
        assert sorted(e for i in short for e in i["entries"]) == sorted(assigned[judge])
    n = len(document["open"])
    final = run("winners", str(sample), "--final", "--no-cache")
    assert final.exit_code == 1 and final.stdout == ""
    assert f"judge {judge} " in final.stderr and "provisional" in final.stderr
    # without --final the result is still printed, and says it is provisional
    table = run("winners", str(sample), "--no-cache")
    assert table.exit_code == 0 and f"provisional: {_open_items(n)}" in table.stdout
    stats = json.loads(run("stats", str(sample), "-f", "json", "--no-cache").stdout)
    assert (stats["awards"]["status"], stats["awards"]["open"]) == ("provisional", n)
    assert stats["headline"].endswith(f"(provisional: {_open_items(n)})")


def _tie_gold_with_silver(root: Path) -> tuple[str, str]:
    """Give the first silver winner (the same category) the gold winner's final-round marks, by the
    same judges (every final sheet: gold's line copied to silver's; silver's line dropped where gold
    has none; the assignment file, if any, gives silver gold's judges), so that the two tie on
    everything and the chain reaches `chair`."""
    outcome = results(root)
    assert outcome.results is not None
    awards = outcome.results.allocation.awards
    gold = next(a for a in awards if a.award == "gold")
    silver = next(a for a in awards if a.award == "silver" and a.category == gold.category)
    for sheet in (root / "scores" / "final").glob("*.yaml"):
        text = re.sub(rf"^  {silver.entry.id}: .*\n", "", sheet.read_text(encoding="utf-8"), flags=re.M)
        text = re.sub(rf"^  {gold.entry.id}: (.*)$", rf"\g<0>\n  {silver.entry.id}: \1", text, flags=re.M)
        sheet.write_text(text, encoding="utf-8")
    assigned = _final_assignment(root)
    if assigned is not None:
        for entries in assigned.values():
            if silver.entry.id in entries:
                entries.remove(silver.entry.id)
            if gold.entry.id in entries:
                entries.append(silver.entry.id)
        path = root / "assignments" / "final.yaml"
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump({**document, "judges": assigned}, sort_keys=False), encoding="utf-8")
    cycle = root / "cycle.yaml"
    text = cycle.read_text(encoding="utf-8")
    if "chair" not in text.split("calls:")[0]:  # 2023 has no chair rule: the organisers add one
        text = text.replace("spread, shared]", "spread, chair, shared]", 1)
    cycle.write_text(text, encoding="utf-8")
    return gold.entry.id, silver.entry.id


def test_a_tie_awaiting_the_chair_is_open_until_the_decision_is_recorded(sample: Path) -> None:
    gold, silver = _tie_gold_with_silver(sample)
    document = status_of(sample)
    assert document["status"] == "provisional"
    [tie] = [i for i in document["open"] if i["kind"] == "tie"]
    assert set(tie["entries"]) == {gold, silver} and tie["code"] == "J412" and tie["file"].endswith("cycle.yaml")
    assert run("winners", str(sample), "--final", "--no-cache").exit_code == 1
    cycle = sample / "cycle.yaml"
    decision = (f"\n  - tie: [{gold}, {silver}]\n    decided_by: Chair of the jury\n    decided_on: 2024-09-20\n")
    text = cycle.read_text(encoding="utf-8")
    text = text.replace("decisions:\n", "decisions:" + decision, 1) if "decisions:\n" in text else text + "decisions:" + decision
    cycle.write_text(text, encoding="utf-8")
    assert status_of(sample)["status"] == "final"
    assert run("winners", str(sample), "--final", "--no-cache").exit_code == 0


# --- each kind of open item, and the settled states -----------------------------------------------

def test_too_few_judges_is_open_and_ignoring_the_code_does_not_hide_it(base: Path) -> None:
    cycle = base / "cycle.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8").replace("min_judges: 2", "min_judges: 4"), encoding="utf-8")
    document = status_of(base)
    assert document["status"] == "provisional"
    assert {i["kind"] for i in document["open"]} == {"too-few-judges"}
    assert all(i["code"] == "J404" and i["file"].endswith(".yaml") and i["line"] > 0 for i in document["open"])
    cycle.write_text(cycle.read_text(encoding="utf-8") + "validate: {ignore: [J404]}\n", encoding="utf-8")
    assert run("validate", str(base)).exit_code == 0
    assert status_of(base)["open"] == document["open"]


def test_a_conflict_is_settled_but_a_judge_off_the_call_is_open(base: Path) -> None:
    judges = base / "judges.yaml"
    text = judges.read_text(encoding="utf-8")
    assert status_of(base)["status"] == "final"
    judges.write_text(text.replace("conflicts: [oslo-*]", "conflicts: [oslo-*, seoul-air]"), encoding="utf-8")
    conflicted = status_of(base)  # the lines are left out (J402), settled; the entry may then lack judges
    assert {i["kind"] for i in conflicted["open"]} <= {"too-few-judges"}
    judges.write_text(text.replace("calls: [project]", "calls: [honours]", 1), encoding="utf-8")
    off_call = status_of(base)
    assert any(i["kind"] == "marks-not-counted" and i["code"] == "J403" for i in off_call["open"])


def test_an_undecided_designated_award_is_open(base: Path) -> None:
    cycle = base / "cycle.yaml"
    text = cycle.read_text(encoding="utf-8")
    cycle.write_text(text.replace("        designated: {special: [oslo-honour]}\n", ""), encoding="utf-8")
    document = status_of(base)
    assert [i["kind"] for i in document["open"]] == ["undesignated"]
    assert document["open"][0]["file"].endswith("cycle.yaml")


def test_a_file_not_read_is_open(base: Path) -> None:
    (base / "scores" / "j04.xlsx").write_bytes(b"PK")
    document = status_of(base)
    assert [(i["kind"], i["code"]) for i in document["open"]] == [("file", "F003")]


def test_the_text_lists_open_items_per_call_and_round(sample: Path) -> None:
    _a_final_judge(sample).unlink()
    n = len(status_of(sample)["open"])
    text = run("status", str(sample), "--no-cache").stdout
    assert f": provisional — {_open_items(n)}" in text
    assert ("has not marked" if _final_assignment(sample) else "has handed in no marks") in text
    assert run("status", str(CYCLES / SAMPLES[1])).stdout.rstrip().endswith("can seal the results")


def test_status_refuses_a_cycle_with_errors(base: Path) -> None:
    sheet = base / "scores" / "j02.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("design: 8,", "design: 11,"), encoding="utf-8")
    result = run("status", str(base))
    assert result.exit_code == 1 and result.stdout == "" and "M301" in result.stderr


@pytest.mark.parametrize("name", ["scores/.j04.yaml", "entries/.old/more.yml", "scores/.backup/marks.CSV"])
def test_a_hidden_data_file_is_open(base: Path, name: str) -> None:
    """Hidden files are skipped without a warning (editors' and tools' files), but one with a data
    file's name may hold marks or an entry: the result is not final while it is there."""
    path = base / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("judge: j04\nscores: {seoul-air: 9}\n", encoding="utf-8")
    (base / "scores" / ".git").mkdir()
    (base / "scores" / ".git" / "x.yaml").write_text("{}\n", encoding="utf-8")  # version control: never looked into
    (base / "scores" / ".notes.txt").write_text("a note\n", encoding="utf-8")  # not a data file's name
    assert run("validate", str(base)).exit_code == 0
    document = status_of(base)
    assert [(i["kind"], i["code"], i["file"].split("cycle/")[-1]) for i in document["open"]] == [("file", None, name)]


def test_a_designated_slot_a_named_entry_cannot_take_is_open(sample: Path) -> None:
    """The committee named as many entries as the award has slots, but one is late: the slot stays
    empty, and no one decided to give fewer."""
    cycle = (sample / "cycle.yaml").read_text(encoding="utf-8")
    named = re.search(r"entries: \[([a-z0-9-]+)", cycle.split("judging: designated")[1]).group(1)  # type: ignore[union-attr]
    entry = next(p for p in (sample / "entries").rglob("*.yaml") if f"id: {named}\n" in p.read_text(encoding="utf-8"))
    text = entry.read_text(encoding="utf-8")
    entry.write_text(re.sub(r"^submitted: .*$", "submitted: 2024-12-01", text, flags=re.M), encoding="utf-8")
    document = status_of(sample)
    assert [i["kind"] for i in document["open"]] == ["undesignated"]
    assert document["open"][0]["file"].endswith("cycle.yaml") and document["open"][0]["line"] > 0


@pytest.mark.parametrize("who", [" ", "\\u200b", "\\u2800 \\u3164"])
def test_a_decision_by_no_one_visible_is_refused(base: Path, who: str) -> None:
    cycle = base / "cycle.yaml"
    text = cycle.read_text(encoding="utf-8")
    cycle.write_text(text.replace("designated: {special: [oslo-honour]}",
                                  f'designated: {{special: {{entries: [oslo-honour], decided_by: "{who}"}}}}'), encoding="utf-8")
    result = run("validate", str(base), "--format", "json")
    assert result.exit_code == 1
    assert [(d["code"], d["file"].endswith("cycle.yaml")) for d in json.loads(result.stdout)["diagnostics"]] == [("S103", True)]
