"""Judging progress (`smartaward progress`, publishing/progress.py): per round with an assignment
file, who has marked what they were given, what is missing, and whom to chase — as text, JSON and
Markdown. On the Seoul 2024 sample copied to tmp_path, with an assignment of the final round built
from the copy's own sheets (never from hard-coded panels: the sample may be regenerated)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run

from smartaward.api import results
from smartaward.judging.panel import judge_exclusion
from smartaward.render.tables import md_text

CYCLES = Path(__file__).resolve().parent.parent / "cycles"
SAMPLE = CYCLES / "seoul-smart-city-2024"
ROUND = "final"


def _sheets(root: Path) -> dict[tuple[str, str | None], Path]:
    """(judge, round) → the YAML sheet that holds them."""
    found = {}
    for path in sorted((root / "scores").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[(data["judge"], data.get("round"))] = path
    return found


def _write_assignment(root: Path, judges: dict[str, list[str]], per_entry: int | None) -> None:
    lines = ["# Written by the test", f"round: {ROUND}"]
    if per_entry is not None:
        lines.append(f"per_entry: {per_entry}")
    lines.append("judges:")
    lines += [f"  {judge}: [{', '.join(entries)}]" for judge, entries in judges.items()]
    (root / "assignments").mkdir(exist_ok=True)
    (root / "assignments" / f"{ROUND}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _marked_in_round(outcome: Any) -> tuple[dict[str, list[str]], list[str]]:
    """Judge → the entries whose marks count in the final round, and the entries of the round."""
    assert outcome.results is not None, [d.message for d in outcome.errors]
    marked: dict[str, list[str]] = {}
    entries = []
    for stage in outcome.results.scoring.stages:
        if stage.round != ROUND:
            continue
        for entry_id, result in stage.results.items():
            entries.append(entry_id)
            for judge_id, line in result.lines.items():
                if line.counted:
                    marked.setdefault(judge_id, []).append(entry_id)
    return {j: sorted(e) for j, e in sorted(marked.items())}, sorted(entries)


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    """The sample with an assignment of the final round: each final juror → the entries they marked,
    plus one entry given to a juror who has not marked it (`extra`); then one juror's final sheet
    removed (`gone`)."""
    root = tmp_path / "seoul"
    shutil.copytree(SAMPLE, root)
    (root / "assignments" / f"{ROUND}.yaml").unlink(missing_ok=True)  # the test writes its own
    outcome = results(root)
    marked, entries = _marked_in_round(outcome)
    cycle = outcome.cycle
    assert cycle is not None and cycle.spec is not None
    derived = cycle.spec.rules.conflicts
    extra = next((j, e) for j in marked for e in entries
                 if e not in marked[j] and judge_exclusion(cycle.judges[j], cycle.entry_index[e].entry, derived) is None)
    judges = {j: sorted([*theirs, extra[1]]) if j == extra[0] else theirs for j, theirs in marked.items()}
    counts: dict[str, int] = {}
    for theirs in judges.values():
        for e in theirs:
            counts[e] = counts.get(e, 0) + 1
    per_entry = min(counts.values())
    _write_assignment(root, judges, per_entry)
    gone = next(j for j in judges if j != extra[0])
    _sheets(root)[(gone, ROUND)].unlink()
    return {"root": root, "judges": judges, "extra": extra, "gone": gone, "per_entry": per_entry, "entries": entries}


def progress(root: Path, *args: str, code: int = 0) -> Any:
    result = run("progress", str(root), "--no-cache", *args)
    assert result.exit_code == code, result.output
    return result


def document(root: Path) -> dict[str, Any]:
    return json.loads(progress(root, "--round", ROUND, "--format", "json").stdout)


# --- who is missing, whom to chase --------------------------------------------------------------

def test_the_missing_judges_and_entries(setup: dict[str, Any]) -> None:
    doc = document(setup["root"])
    assert (doc["version"], doc["cycle"]) == (1, "seoul-smart-city-2024")
    (round_,) = doc["rounds"]
    assert (round_["round"], round_["per_entry"]) == (ROUND, setup["per_entry"])
    judges, (extra_judge, extra_entry), gone = setup["judges"], setup["extra"], setup["gone"]
    by_id = {j["judge"]: j for j in round_["judges"]}
    assert list(by_id) == sorted(judges)
    for judge_id, theirs in judges.items():
        row = by_id[judge_id]
        assert row["assigned"] == len(theirs)
        if judge_id == gone:
            expected_missing = theirs
        elif judge_id == extra_judge:
            expected_missing = [extra_entry]
        else:
            expected_missing = []
        assert row["missing"] == expected_missing, judge_id
        assert row["marked"] == len(theirs) - len(expected_missing)
        assert (row["not_counted"], row["unassigned"], row["not_in_round"]) == ([], [], [])

    entries = {e["entry"]: e for e in round_["entries"]}
    assert set(entries) == set(setup["entries"])  # every entry of the round, each once
    for entry_id, row in entries.items():
        given = sorted(j for j, theirs in judges.items() if entry_id in theirs)
        waiting = sorted(j for j in given if j == gone or (j, entry_id) == setup["extra"])
        assert (row["assigned"], row["missing"], row["valid"]) == (len(given), waiting, len(given) - len(waiting)), entry_id
        assert row["short"] == max(0, setup["per_entry"] - row["valid"])
        assert row["in_round"] is True

    assert [(c["judge"], c["missing"], c["entries"]) for c in round_["chase"]] == [
        (gone, len(judges[gone]), judges[gone]), (extra_judge, 1, [extra_entry])]
    expected = sum(len(theirs) for theirs in judges.values())
    missing = len(judges[gone]) + 1
    totals = round_["totals"]
    assert (totals["expected"], totals["received"], totals["valid"], totals["missing"], totals["not_counted"]) == (
        expected, expected - missing, expected - missing, missing, 0)
    assert totals["percent"] == round(100 * (expected - missing) / expected, 1)
    assert (totals["judges"], totals["judges_done"]) == (len(judges), len(judges) - 2)


def test_marks_not_counted_and_marks_not_assigned(setup: dict[str, Any]) -> None:
    """A line with a criterion left out does not count (it is to fix: the judge is chased); marks on
    an entry the file does not give the judge are listed as unassigned, not as valid."""
    root, judges, gone = setup["root"], setup["judges"], setup["gone"]
    extra_judge = setup["extra"][0]
    fixer, dropper = [j for j in judges if j not in (gone, extra_judge)][:2]
    sheet = _sheets(root)[(fixer, ROUND)]
    data = yaml.safe_load(sheet.read_text(encoding="utf-8"))
    broken = judges[fixer][0]
    data["scores"][broken].popitem()  # one criterion left unmarked (M305)
    sheet.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    dropped = judges[dropper][0]
    judges = {**judges, dropper: judges[dropper][1:]}
    counts: dict[str, int] = {}
    for theirs in judges.values():
        for e in theirs:
            counts[e] = counts.get(e, 0) + 1
    _write_assignment(root, judges, min(counts.values()))

    (round_,) = document(root)["rounds"]
    by_id = {j["judge"]: j for j in round_["judges"]}
    (item,) = by_id[fixer]["not_counted"]
    assert item["entry"] == broken and item["reason"]
    assert by_id[fixer]["marked"] == len(judges[fixer]) - 1
    assert by_id[dropper]["unassigned"] == [dropped]
    assert by_id[dropper]["marked"] == len(judges[dropper])
    entries = {e["entry"]: e for e in round_["entries"]}
    assert [n["judge"] for n in entries[broken]["not_counted"]] == [fixer]
    assert dropper not in entries[dropped]["missing"]
    chase = [(c["judge"], c["missing"], c["not_counted"]) for c in round_["chase"]]
    assert chase[-1] == (fixer, 0, 1)  # nothing missing: after those with marks missing
    assert round_["totals"]["unassigned"] == 1
    assert round_["totals"]["not_counted"] == 1


# --- the formats ----------------------------------------------------------------------------------

def test_text_names_the_judges_to_chase(setup: dict[str, Any]) -> None:
    out = progress(setup["root"], "--round", ROUND).stdout
    chase = out.split("Judges to chase", 1)[1].split("Judges:", 1)[0]
    names = [line.split()[0] for line in chase.splitlines()[3:] if line.strip()]
    assert names == [setup["gone"], setup["extra"][0]]
    assert setup["extra"][1] in chase


def test_every_round_with_a_file_by_default(setup: dict[str, Any]) -> None:
    root = setup["root"]
    for path in (root / "assignments").glob("*.yaml"):
        if path.stem != ROUND:
            path.unlink()
    doc = json.loads(progress(root, "-f", "json").stdout)
    assert [r["round"] for r in doc["rounds"]] == [ROUND]


def test_markdown_escapes_a_hostile_title_and_name(setup: dict[str, Any]) -> None:
    root, gone = setup["root"], setup["gone"]
    hostile = "Prize | <img src=x onerror=alert(1)> [click](https://evil.example) **bold** `code`"
    cycle_yaml = root / "cycle.yaml"
    text = cycle_yaml.read_text(encoding="utf-8")
    cycle_yaml.write_text(re.sub(r'(?m)^title: .*$', "title: " + json.dumps(hostile), text, count=1), encoding="utf-8")
    judges_yaml = root / "judges.yaml"
    text = judges_yaml.read_text(encoding="utf-8")
    name = json.dumps("Eve | <b>x</b> [y](https://evil.example)")
    text, found = re.subn(rf'(?m)^({gone}:\n\s+name: ).*$', lambda m: m.group(1) + name, text, count=1)
    assert found == 1
    judges_yaml.write_text(text, encoding="utf-8")

    out = progress(root, "--round", ROUND, "--format", "md").stdout
    assert json.loads(progress(root, "--round", ROUND, "-f", "json").stdout)["title"] == hostile
    assert hostile not in out and md_text(hostile) in out.splitlines()[0]
    for raw in (r"<img", r"</?b>", r"\]\(", r"\*\*bold", r"`code"):  # no tag, link, emphasis or code left unescaped
        assert not re.search(r"(?<!\\)" + raw, out), raw
    tables = [block for block in out.split("\n\n") if block.startswith("|")]
    assert tables
    for table in tables:  # every row has the table's columns: a pipe in a text is escaped
        counts = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(counts) == 1, table
    chase = next(t for t in tables if "entries missing" in t)
    assert gone in chase and md_text("Eve | <b>x</b> [y](https://evil.example)") in chase


def test_text_neutralises_terminal_escapes(setup: dict[str, Any]) -> None:
    """Whatever a text holds (validate refuses control characters in the files; this holds anyway)."""
    from smartaward.render.judging_progress import progress_markdown, progress_text

    doc = document(setup["root"])
    doc["title"] = "Prize\x1b[2J\nforged line\u202e"
    for judge in doc["rounds"][0]["judges"]:
        judge["name"] = "Eve\x1b]0;owned\x07"
    for chase in doc["rounds"][0]["chase"]:
        chase["name"] = "Eve\x1b]0;owned\x07"
    for out in (progress_text(doc), progress_markdown(doc)):
        assert not any(c in out for c in "\x1b\x07\u202e")
        assert "\nforged line" not in out


def test_the_same_files_give_the_same_bytes(setup: dict[str, Any]) -> None:
    root = setup["root"]
    for fmt in ("text", "json", "md"):
        first = progress(root, "-f", fmt).stdout
        assert first == progress(root, "-f", fmt).stdout


# --- exit codes ------------------------------------------------------------------------------------

def test_exit_codes(setup: dict[str, Any]) -> None:
    root = setup["root"]
    progress(root, "--round", ROUND)  # 0, although marks are missing
    unknown = progress(root, "--round", "no-such-round", code=2)
    assert "no-such-round" in unknown.stderr and ROUND in unknown.stderr
    (root / "assignments" / f"{ROUND}.yaml").unlink()
    progress(root, "--round", ROUND, code=1)
    shutil.rmtree(root / "assignments")
    none = progress(root, code=1)
    assert "smartaward assign" in none.stderr


def test_a_cycle_with_errors_exits_1(setup: dict[str, Any]) -> None:
    root = setup["root"]
    (root / "judges.yaml").write_text("j01: {name: 3\n", encoding="utf-8")
    progress(root, "--round", ROUND, code=1)


# --- a cycle whose calls have no rounds -----------------------------------------------------------

def test_a_cycle_without_rounds_has_one_assignment_file(tmp_path: Path) -> None:
    root = tmp_path / "tiny"
    shutil.copytree(Path(__file__).resolve().parent / "cases" / "base", root)
    (root / "assignments").mkdir()
    (root / "assignments" / "all.yaml").write_text(
        "per_entry: 2\njudges:\n  j01: [seoul-air, baguio-health]\n  j02: [oslo-bikes, seoul-air]\n"
        "  j03: [oslo-bikes, baguio-health]\n", encoding="utf-8")
    (root / "scores" / "j01.yaml").unlink()
    doc = json.loads(progress(root, "-f", "json").stdout)
    (round_,) = doc["rounds"]
    assert (round_["round"], round_["per_entry"]) == (None, 2)
    judges = {j["judge"]: (j["missing"], j["unassigned"], j["marked"]) for j in round_["judges"]}
    assert judges == {"j01": (["baguio-health", "seoul-air"], [], 0), "j02": ([], ["baguio-health"], 2),
                      "j03": ([], ["seoul-air"], 2)}
    entries = {e["entry"]: (e["valid"], e["short"], e["missing"]) for e in round_["entries"]}
    assert entries == {"baguio-health": (1, 1, ["j01"]), "oslo-bikes": (2, 0, []), "seoul-air": (1, 1, ["j01"])}
    assert [c["judge"] for c in round_["chase"]] == ["j01"]
    assert progress(root, "-f", "md").stdout.count("### The cycle's one round") == 1
    assert "leave --round out" in progress(root, "--round", "final", code=2).stderr
