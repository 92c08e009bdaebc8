"""Assignment files (assignments/ROUND.yaml): loading, the checks (P801-P810, R204, R205), the
counting rule (a judge's marks on an entry not assigned to them do not count, P804) and the status
(`unmarked`), on a copy of the 2024 Seoul sample whose final-round assignments are built from the
sheets in the copy (the sample's panels are never written here), and on the base cycle."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import run

from smartaward.api import results, validate
from smartaward.diagnostics import Diagnostic
from smartaward.judging.assigned import assignment_for, judges_by_entry
from smartaward.judging.panel import judge_exclusion
from smartaward.reading.load import Cycle, load_cycle

CYCLES = Path(__file__).resolve().parent.parent / "cycles"
BASE = Path(__file__).resolve().parent / "cases" / "base"
FINAL = "assignments/final.yaml"


def _final_panels(root: Path) -> dict[str, list[str]]:
    """Judge → the entries their final-round sheets mark, as the sheets in the copy have them."""
    cycle = load_cycle(root)
    panels: dict[str, list[str]] = {}
    for sheet_no, entry_id, _ in cycle.marks.rows():
        sheet = cycle.sheets[sheet_no]
        if sheet.round == "final":
            panels.setdefault(sheet.judge, []).append(entry_id)
    return {judge: sorted(entries) for judge, entries in sorted(panels.items())}


def _write(root: Path, panels: dict[str, list[str]], head: str = "round: final\n", name: str = FINAL) -> str:
    text = head + "judges:\n" + "".join(f"  {judge}: [{', '.join(entries)}]\n" for judge, entries in panels.items())
    (root / name).write_text(text, encoding="utf-8")
    return text


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, dict[str, list[str]]]:
    """The 2024 sample without its own assignments, and final-round assignments matching its sheets."""
    root = tmp_path / "seoul-smart-city-2024"
    shutil.copytree(CYCLES / "seoul-smart-city-2024", root)
    shutil.rmtree(root / "assignments", ignore_errors=True)
    (root / "assignments").mkdir()
    panels = _final_panels(root)
    _write(root, panels)
    return root, panels


def _diagnostics(root: Path) -> list[Diagnostic]:
    [report] = validate([root]).cycles
    return report.diagnostics


def _place(root: Path, name: str, text: str, occurrence: int = 1) -> tuple[int, int]:
    """Line and column (1-based) of the `occurrence`-th `text` in a file of the cycle."""
    content = (root / name).read_text(encoding="utf-8")
    index = -1
    for _ in range(occurrence):
        index = content.index(text, index + 1)
    line = content.count("\n", 0, index) + 1
    return line, index - (content.rfind("\n", 0, index) + 1) + 1


def _has(found: list[Diagnostic], code: str, root: Path, name: str, place: tuple[int, int]) -> bool:
    return any(d.code == code and d.file.endswith(name) and (d.line, d.column) == place for d in found)


def _rank(root: Path) -> str:
    result = run("rank", str(root), "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    return result.stdout


# --- loading ---------------------------------------------------------------------------------------


def test_the_loaded_assignment_keeps_the_files_order_without_repeats(tmp_path: Path) -> None:
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    (root / "assignments").mkdir()
    (root / "assignments" / "all.yaml").write_text(
        "per_entry: 2\nseed: 7\njudges:\n  j03: [seoul-air, oslo-bikes, seoul-air]\n  j02: [oslo-bikes]\n", encoding="utf-8")
    cycle = load_cycle(root)
    [assignment] = cycle.assignments
    assert (assignment.round, assignment.per_entry, assignment.seed) == (None, 2, 7)
    assert list(assignment.judges.items()) == [("j03", ("seoul-air", "oslo-bikes")), ("j02", ("oslo-bikes",))]
    assert assignment.file.endswith("assignments/all.yaml")
    assert assignment.doc.at(("judges", "j03", 1)) == (4, 20)
    assert assignment_for(cycle, None) is assignment
    assignment = assignment_for(cycle, None)
    assert assignment is not None
    assert judges_by_entry(assignment) == {"oslo-bikes": frozenset({"j02", "j03"}), "seoul-air": frozenset({"j03"})}
    assert judges_by_entry(assignment) is judges_by_entry(assignment)  # made once per file
    assert assignment_for(cycle, "final") is None


def test_a_file_in_a_subfolder_is_not_read_and_schema_problems_are_placed(tmp_path: Path) -> None:
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    (root / "assignments" / "old").mkdir(parents=True)
    (root / "assignments" / "old" / "all.yaml").write_text("judges: {j01: [seoul-air]}\n", encoding="utf-8")
    (root / "assignments" / "all.yaml").write_text("judges:\n  j01: seoul-air\n  j02: [oslo-bikes]\nper_judge: 2\n", encoding="utf-8")
    found = _diagnostics(root)
    assert {(d.code, Path(d.file).name, d.line, d.column) for d in found} == {
        ("F003", "all.yaml", 0, 0), ("S103", "all.yaml", 2, 8), ("S102", "all.yaml", 4, 1)}
    assert any(d.code == "F003" and d.file.endswith("assignments/old/all.yaml") for d in found)
    assert load_cycle(root).assignments == []


def test_the_cache_sees_a_changed_assignment_file(tmp_path: Path) -> None:
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    (root / "assignments").mkdir()
    path = root / "assignments" / "all.yaml"
    path.write_text("judges:\n  j01: [seoul-air, baguio-health]\n  j02: [oslo-bikes, seoul-air, baguio-health]\n"
                    "  j03: [oslo-bikes, seoul-air, baguio-health]\n", encoding="utf-8")
    env = {"SMARTAWARD_CACHE_DIR": str(tmp_path / "cache")}
    assert run("validate", str(root), env=env).exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("j02: [oslo-bikes, ", "j02: [oslo-bikes, oslo-bikes, "), encoding="utf-8")
    again = run("validate", str(root), env=env)
    assert again.exit_code == 1 and "P803" in again.output


# --- the sample: assignments that match the sheets ---------------------------------------------------


def test_assignments_matching_the_sheets_validate_clean_and_change_no_result(sample: tuple[Path, dict[str, list[str]]]) -> None:
    root, panels = sample
    assert _diagnostics(root) == []
    with_file = _rank(root)
    (root / FINAL).unlink()
    assert _rank(root) == with_file
    _write(root, panels)
    document = json.loads(run("status", str(root), "--format", "json", "--no-cache").stdout)
    assert (document["status"], document["open"]) == ("final", [])


def _a_judge_and_entry(panels: dict[str, list[str]]) -> tuple[str, str]:
    judge = next(iter(panels))
    return judge, panels[judge][0]


def test_each_mistake_gets_its_code_at_its_place(sample: tuple[Path, dict[str, list[str]]]) -> None:
    root, panels = sample
    judge, entry = _a_judge_and_entry(panels)
    cycle = load_cycle(root)

    def broken(new_panels: dict[str, list[str]], head: str = "round: final\n") -> list[Diagnostic]:
        _write(root, new_panels, head)
        return _diagnostics(root)

    # an unknown judge (R204) and an unknown entry (R205)
    found = broken({**panels, "zz-nobody": [entry]})
    assert _has(found, "R204", root, FINAL, _place(root, FINAL, "zz-nobody"))
    found = broken({**panels, judge: [*panels[judge], "no-such-entry"]})
    assert _has(found, "R205", root, FINAL, _place(root, FINAL, "no-such-entry"))
    # an entry twice for one judge: at the second
    found = broken({**panels, judge: [*panels[judge], entry]})
    assert _has(found, "P803", root, FINAL, _second(root, judge, entry))
    # the round: missing, or no call's
    found = broken(panels, head="")
    assert any(d.code == "P801" and d.file.endswith(FINAL) for d in found)
    found = broken(panels, head="round: finals\n")
    assert _has(found, "P801", root, FINAL, _place(root, FINAL, "finals"))
    # a second file for the round
    _write(root, panels)
    _write(root, panels, name="assignments/old-final.yaml")
    found = _diagnostics(root)
    assert [(d.code, d.file.endswith("old-final.yaml"), d.line) for d in found] == [("P802", True, 1)]
    (root / "assignments" / "old-final.yaml").unlink()
    # a judge given an entry of a designated call (P806)
    special = next(r.entry.id for r in cycle.entries if cycle.spec.calls[r.entry.call].judging == "designated")  # type: ignore[union-attr]
    found = broken({**panels, judge: [*panels[judge], special]})
    assert _has(found, "P806", root, FINAL, _place(root, FINAL, special))
    # per_entry: too many asked (P807), too few (P810), both at per_entry
    found = broken(panels, head="round: final\nper_entry: 99\n")
    assert {d.code for d in found} == {"P807"} and all((d.line, d.column) == (2, 12) for d in found)
    found = broken(panels, head="round: final\nper_entry: 1\n")
    assert {d.code for d in found} == {"P810"}
    # one judge dropping an entry: those marks stop counting (P804 at the line of the sheet)
    found = broken({**panels, judge: panels[judge][1:]})
    sheet = _final_sheet(root, judge)
    assert _has(found, "P804", root, sheet, (_place(root, sheet, f"  {entry}:")[0], 3))


def _second(root: Path, judge: str, entry: str) -> tuple[int, int]:
    line_text = next(line for line in (root / FINAL).read_text(encoding="utf-8").splitlines() if line.startswith(f"  {judge}:"))
    line = _place(root, FINAL, line_text)[0]
    return line, line_text.rindex(entry) + 1


def _final_sheet(root: Path, judge: str) -> str:
    for path in sorted((root / "scores").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if re.search(rf"^judge: {judge}$", text, re.M) and re.search(r"^round: final$", text, re.M):
            return path.relative_to(root).as_posix()
    raise AssertionError(f"no final sheet of {judge}")


def test_a_judge_who_may_not_judge_an_entry_is_an_error_naming_why(sample: tuple[Path, dict[str, list[str]]]) -> None:
    root, panels = sample
    cycle = load_cycle(root)
    assert cycle.spec is not None
    finalists = {entry for entries in panels.values() for entry in entries}
    conflicts = cycle.spec.rules.conflicts
    for judge_id in panels:
        judge = cycle.judges[judge_id]
        excluded = [(r.entry.id, why) for r in cycle.entries if r.entry.id in finalists
                    and (why := judge_exclusion(judge, r.entry, conflicts)) is not None]
        if excluded:
            break
    else:
        pytest.skip("no final judge has a conflict with a finalist in this sample")
    entry, (_, reason) = excluded[0]
    _write(root, {**panels, judge_id: [*panels[judge_id], entry]})
    [problem] = [d for d in _diagnostics(root) if d.code == "P805"]
    assert (problem.line, problem.column) == _place(root, FINAL, entry, occurrence=_count_before(root, judge_id, entry))
    assert reason in problem.message


def _count_before(root: Path, judge: str, entry: str) -> int:
    """Which occurrence of `entry` in the file is the one in `judge`'s list."""
    text = (root / FINAL).read_text(encoding="utf-8")
    start = text.index(f"  {judge}:")
    return text.count(entry, 0, start) + 1


def test_a_judges_rounds_and_caps(sample: tuple[Path, dict[str, list[str]]]) -> None:
    root, panels = sample
    judge, entry = _a_judge_and_entry(panels)
    judges = root / "judges.yaml"
    original = judges.read_text(encoding="utf-8")
    judges.write_text(_with_key(original, judge, "max_entries: 1"), encoding="utf-8")
    found = _diagnostics(root)
    assert [d.code for d in found] == ["P809"]
    assert (found[0].line, found[0].column) == _place(root, FINAL, f"{judge}:")
    judges.write_text(_with_key(original, judge, "rounds: [evaluation]"), encoding="utf-8")
    found = _diagnostics(root)
    assert {d.code for d in found} == {"P805"} and len(found) == len(panels[judge])
    assert all("'final' round is not among the judge's rounds" in d.message for d in found)


def _with_key(text: str, judge: str, key_line: str) -> str:
    """judges.yaml with `key_line` (`max_entries: 1`) in the judge's mapping, replacing that key's line."""
    lines = text.splitlines(keepends=True)
    start = lines.index(f"{judge}:\n")
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    key = key_line.split(":")[0]
    body = [line for line in lines[start + 1:end] if not line.startswith(f"  {key}:")]
    return "".join(lines[:start + 1] + [f"  {key_line}\n"] + body + lines[end:])


def test_an_entry_that_did_not_reach_the_round_is_a_warning(sample: tuple[Path, dict[str, list[str]]]) -> None:
    root, panels = sample
    outcome = results(root)
    assert outcome.results is not None
    scoring = outcome.results.scoring
    stopped = sorted(e for e, r in scoring.finals.items() if r.entry.call == "project" and r.stages and r.stages[-1].round != "final"
                     and not r.pending)
    cycle = outcome.cycle
    assert cycle is not None and cycle.spec is not None
    entry = cycle.entry_index[stopped[0]].entry
    judge = next(j for j in panels if judge_exclusion(cycle.judges[j], entry, cycle.spec.rules.conflicts) is None)
    _write(root, {**panels, judge: [*panels[judge], entry.id]})
    found = _diagnostics(root)
    assert [d.code for d in found] == ["P808"]
    assert (found[0].line, found[0].column) == _place(root, FINAL, f"{entry.id}]")


# --- the counting rule -------------------------------------------------------------------------------


def test_unassigned_marks_stop_counting_and_explain_says_why(sample: tuple[Path, dict[str, list[str]]]) -> None:
    root, panels = sample
    judge, entry = _a_judge_and_entry(panels)
    before = results(root).results
    assert before is not None
    _write(root, {**panels, judge: panels[judge][1:]})
    outcome = results(root)
    assert outcome.results is not None
    final = outcome.results.scoring.finals[entry]
    line = next(s for s in final.stages if s.round == "final").lines[judge]
    assert line.code == "P804"
    assert line.excluded == "not assigned to this judge in the 'final' round (assignments/final.yaml)"
    old = next(s for s in before.scoring.finals[entry].stages if s.round == "final")
    assert old.lines[judge].counted and final.stages[-1].judges == old.judges - 1
    shown = run("explain", entry, str(root), "--no-cache")
    assert "not assigned to this judge in the 'final' round (assignments/final.yaml)" in shown.stdout
    status = json.loads(run("status", str(root), "--format", "json", "--no-cache").stdout)
    assert any(i["kind"] == "marks-not-counted" and i["code"] == "P804" and i["judge"] == judge for i in status["open"])


def test_rounds_without_a_file_count_every_judge(sample: tuple[Path, dict[str, list[str]]]) -> None:
    root, _ = sample
    cycle = load_cycle(root)
    assert assignment_for(cycle, "evaluation") is None and assignment_for(cycle, "final") is not None


# --- status -------------------------------------------------------------------------------------------


def test_status_lists_the_entries_a_judge_has_not_marked(sample: tuple[Path, dict[str, list[str]]]) -> None:
    root, panels = sample
    judge, entry = _a_judge_and_entry(panels)
    sheet = root / _final_sheet(root, judge)
    sheet.write_text(re.sub(rf"^  {entry}:.*\n", "", sheet.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    document = json.loads(run("status", str(root), "--format", "json", "--no-cache").stdout)
    [item] = [i for i in document["open"] if i["kind"] == "unmarked"]
    assert (item["judge"], item["entries"], item["round"], item["code"]) == (judge, [entry], "final", None)
    assert item["file"].endswith(FINAL) and (item["line"], item["column"]) == _place(root, FINAL, f"{judge}:")
    # the whole sheet gone: unmarked (every entry of the judge), not "no marks"
    sheet.unlink()
    document = json.loads(run("status", str(root), "--format", "json", "--no-cache").stdout)
    kinds = {i["kind"] for i in document["open"] if i["judge"] == judge}
    assert "unmarked" in kinds and "no-marks" not in kinds


def test_a_judge_no_file_names_is_expected_to_mark_nothing_once_every_round_has_a_file(tmp_path: Path) -> None:
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    judges = root / "judges.yaml"
    judges.write_text(judges.read_text(encoding="utf-8") + "j04:\n  name: Di Example\n  calls: [project]\n", encoding="utf-8")
    document = json.loads(run("status", str(root), "--format", "json", "--no-cache").stdout)
    assert [(i["kind"], i["judge"]) for i in document["open"]] == [("no-marks", "j04")]
    (root / "assignments").mkdir()
    (root / "assignments" / "all.yaml").write_text(
        "judges:\n  j01: [seoul-air, baguio-health]\n  j02: [oslo-bikes, seoul-air, baguio-health]\n"
        "  j03: [oslo-bikes, seoul-air, baguio-health]\n", encoding="utf-8")
    document = json.loads(run("status", str(root), "--format", "json", "--no-cache").stdout)
    assert (document["status"], document["open"]) == ("final", [])
    (root / "assignments" / ".draft.yaml").write_text("judges: {}\n", encoding="utf-8")
    document = json.loads(run("status", str(root), "--format", "json", "--no-cache").stdout)
    assert [i["kind"] for i in document["open"]] == ["file"]


# --- the hostile review's findings (G2-G7) --------------------------------------------------------------

MATCHING = ("judges:\n  j01: [seoul-air, baguio-health]\n  j02: [oslo-bikes, seoul-air, baguio-health]\n"
            "  j03: [oslo-bikes, seoul-air, baguio-health]\n")


def _base(tmp_path: Path) -> Path:
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    return root


def _status(root: Path) -> dict:
    return json.loads(run("status", str(root), "--format", "json", "--no-cache").stdout)


@pytest.mark.parametrize("place", ["assignments.yaml", "Assignment.yml", "assignment/all.yaml", "Assignments/all.yaml",
                                   "assignments"])
def test_an_assignment_file_out_of_place_is_reported_not_ignored(tmp_path: Path, place: str) -> None:
    """G2: a near miss of assignments/ALL.yaml would turn the counting rule off without a word."""
    root = _base(tmp_path)
    path = root / place
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("judges:\n  j01: [seoul-air]\n", encoding="utf-8")  # j02's and j03's marks would not count
    if place.lower().startswith("assignments/") and (root / "assignments").is_dir():
        pytest.skip("this file system ignores case: Assignments/ is assignments/, and is read")
    found = _diagnostics(root)
    assert [(d.code, d.file.endswith(place), d.line) for d in found] == [("F003", True, 0)]
    document = _status(root)
    assert document["status"] == "provisional"
    assert [(i["kind"], i["code"], i["file"].endswith(place)) for i in document["open"]] == [("file", "F003", True)]


def test_the_assignments_folder_itself_and_readme_files_are_not_reported(tmp_path: Path) -> None:
    root = _base(tmp_path)
    (root / "assignments").mkdir()
    (root / "assignments" / "all.yaml").write_text(MATCHING, encoding="utf-8")
    (root / "assignment-notes.md").write_text("notes\n", encoding="utf-8")
    assert _diagnostics(root) == []


def test_judges_below_min_entries_are_checked_in_linear_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """G3: P809's min_entries check looks at no more entries than it needs, not judges x entries."""
    import smartaward.checks.assignments as checks

    root = _base(tmp_path)
    many = 60
    (root / "entries" / "many.yaml").write_text("".join(
        f"- id: bergen-{n}\n  call: project\n  category: people\n  title: Harbour {n}\n"
        f"  entrant: {{name: Bergen {n}, type: city, city: Bergen, country: NO}}\n  submitted: 2025-06-02\n"
        for n in range(many)), encoding="utf-8")
    judges = [f"k{n:02d}" for n in range(20)]
    with (root / "judges.yaml").open("a", encoding="utf-8") as out:
        out.write("".join(f"{j}:\n  name: Judge {j}\n  calls: [project]\n  min_entries: 50\n" for j in judges))
    (root / "assignments").mkdir()
    (root / "assignments" / "all.yaml").write_text(
        MATCHING + "".join(f"  {j}: [bergen-{n}]\n" for n, j in enumerate(judges)), encoding="utf-8")
    calls = 0
    original = checks.judge_exclusion

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "judge_exclusion", counting)
    found = _diagnostics(root)
    assert sorted(d.message.split("'")[1] for d in found if d.code == "P809") == judges
    # two per assigned pair (P805, the panels), and at most two per judge below min_entries; judges x entries is 1,260
    assert calls <= 2 * 28 + 2 * len(judges)


def test_an_entry_with_more_judges_than_per_entry_keeps_the_result_provisional(tmp_path: Path) -> None:
    """G4: a panel over per_entry is what an entry added to a judge's list after the marks are in looks like."""
    root = _base(tmp_path)
    (root / "assignments").mkdir()
    (root / "assignments" / "all.yaml").write_text("per_entry: 2\n" + MATCHING, encoding="utf-8")
    assert sorted((d.code, d.message.split("'")[1]) for d in _diagnostics(root)) == [
        ("P810", "baguio-health"), ("P810", "seoul-air")]
    document = _status(root)
    assert document["status"] == "provisional"
    assert [(i["kind"], i["code"], i["line"]) for i in document["open"]] == [("panel", "P810", 1), ("panel", "P810", 1)]


def _sample_with_assignments(tmp_path: Path) -> Path:
    root = tmp_path / "seoul-smart-city-2024"
    shutil.copytree(CYCLES / "seoul-smart-city-2024", root)
    assert (root / "assignments" / "final.yaml").is_file() and (root / "assignments" / "evaluation.yaml").is_file()
    return root


def _set_round(path: Path, round_id: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^round: .*$", f"round: {round_id}", text, count=1, flags=re.M), encoding="utf-8")


def test_a_file_named_after_another_round_is_a_warning_and_the_rounds_own_file_holds(tmp_path: Path) -> None:
    """G5: a copy of evaluation.yaml that names the final round: final.yaml still holds, and P802 says why."""
    root = _sample_with_assignments(tmp_path)
    clean = _rank(root)
    evaluation = "assignments/evaluation.yaml"
    _set_round(root / evaluation, "final")
    found = _diagnostics(root)
    assert sorted((d.code, d.file.endswith(evaluation), (d.line, d.column)) for d in found) == [
        ("P802", True, _place(root, evaluation, "final")), ("P811", True, _place(root, evaluation, "final"))]
    [duplicate] = [d for d in found if d.code == "P802"]
    assert "merge the two files" not in duplicate.message.split(";")[0] and "assignments/final.yaml" in duplicate.message
    cycle = load_cycle(root)
    final = assignment_for(cycle, "final")
    assert final is not None and final.file.endswith(FINAL)
    # names swapped, each file's round: unchanged: used for the round it names, a warning on each
    (root / evaluation).unlink()
    root2 = _sample_with_assignments(tmp_path / "swapped")
    (root2 / "assignments" / "final.yaml").rename(root2 / "assignments" / "x.yaml")
    (root2 / evaluation).rename(root2 / FINAL)
    (root2 / "assignments" / "x.yaml").rename(root2 / evaluation)
    found = _diagnostics(root2)
    assert sorted((d.code, Path(d.file).name) for d in found) == [("P811", "evaluation.yaml"), ("P811", "final.yaml")]
    assert _rank(root2) == clean


def test_p808_says_which_round_was_not_reached(sample: tuple[Path, dict[str, list[str]]]) -> None:
    """G6: "did not reach the 'final' round", not "did not reach in the 'final' round"."""
    root, panels = sample
    outcome = results(root)
    assert outcome.results is not None
    stopped = sorted(e for e, r in outcome.results.scoring.finals.items() if r.entry.call == "project" and r.stages
                     and r.stages[-1].round != "final" and not r.pending)
    cycle = outcome.cycle
    assert cycle is not None and cycle.spec is not None
    entry = cycle.entry_index[stopped[0]].entry
    judge = next(j for j in panels if judge_exclusion(cycle.judges[j], entry, cycle.spec.rules.conflicts) is None)
    _write(root, {**panels, judge: [*panels[judge], entry.id]})
    [found] = _diagnostics(root)
    assert found.code == "P808" and f"{entry.id!r} did not reach the 'final' round (" in found.message


def test_a_judge_named_in_another_rounds_file_is_still_expected_to_mark_a_round_without_one(tmp_path: Path) -> None:
    """G7: j05 judges the evaluation round, which has no file here; naming j05 (even with no entries)
    in the eligibility round's file must not hide that j05 has handed in no marks."""
    root = _sample_with_assignments(tmp_path)
    (root / "assignments" / "evaluation.yaml").unlink()
    (root / "scores" / "evaluation" / "j05.yaml").unlink()
    assert [(i["kind"], i["judge"]) for i in _status(root)["open"]] == [("no-marks", "j05")]
    eligibility = root / "assignments" / "eligibility.yaml"
    eligibility.write_text(eligibility.read_text(encoding="utf-8").replace("judges:\n", "judges:\n  j05: []\n"), encoding="utf-8")
    assert _diagnostics(root) == []
    assert [(i["kind"], i["judge"]) for i in _status(root)["open"]] == [("no-marks", "j05")]


def test_a_judge_is_expected_to_mark_only_in_their_rounds(tmp_path: Path) -> None:
    """G7: with `rounds:`, a round outside them without a file does not make a silent judge open."""
    root = _sample_with_assignments(tmp_path)
    (root / "scores" / "evaluation" / "j05.yaml").unlink()
    (root / "assignments" / "final.yaml").unlink()  # the final round without a file; j05's rounds: [evaluation]
    document = _status(root)
    assert ("no-marks", "j05") not in [(i["kind"], i["judge"]) for i in document["open"]]
    assert any(i["kind"] == "unmarked" and i["judge"] == "j05" for i in document["open"])


def test_a_yaml_file_named_readme_in_a_subfolder_of_assignments_is_reported(tmp_path: Path) -> None:
    """G8: only a README that is not a data file (README.md) is skipped without a word."""
    root = _base(tmp_path)
    (root / "assignments" / "drafts").mkdir(parents=True)
    (root / "assignments" / "drafts" / "README-all.yaml").write_text("judges:\n  j01: [seoul-air]\n", encoding="utf-8")
    (root / "assignments" / "drafts" / "README.md").write_text("Drafts.\n", encoding="utf-8")
    found = _diagnostics(root)
    assert [(d.code, d.file.endswith("assignments/drafts/README-all.yaml")) for d in found] == [("F003", True)]
    assert [i["kind"] for i in _status(root)["open"]] == ["file"]


def test_a_judge_who_may_not_judge_the_entry_does_not_fill_its_panel(tmp_path: Path) -> None:
    """G.10: j01 is in conflict with oslo-bikes (P805): listed, but not one of its judges for per_entry."""
    root = _base(tmp_path)
    (root / "assignments").mkdir()
    (root / "assignments" / "all.yaml").write_text(
        "per_entry: 3\njudges:\n  j01: [oslo-bikes, seoul-air, baguio-health]\n  j02: [oslo-bikes, seoul-air, baguio-health]\n"
        "  j03: [oslo-bikes, seoul-air, baguio-health]\n  zz: [seoul-air]\n", encoding="utf-8")
    found = sorted((d.code, d.message.split("'")[1]) for d in _diagnostics(root))
    assert found == [("P805", "j01"), ("P807", "oslo-bikes"), ("R204", "zz")]


# rules.assignment checked by validate (G13: P812, P813), the same way assign applies it.

ALL_THREE = ["human-centricity", "leadership", "tech-innovacity"]
FINAL_JUDGES_CATEGORIES = {  # each category of the final known by five or six of its seven judges
    "f01": ["human-centricity", "leadership"], "f02": ["human-centricity", "tech-innovacity"],
    "f03": ["leadership", "tech-innovacity"], "f04": ["human-centricity", "tech-innovacity"],
    "f05": ALL_THREE, "f06": ALL_THREE, "f07": ALL_THREE,
}


def _rules(root: Path, rule: str) -> None:
    path = root / "cycle.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("\nrules:\n") == 1
    path.write_text(text.replace("\nrules:\n", f"\nrules:\n  assignment: {rule}\n"), encoding="utf-8")


def _judge_key(root: Path, judge: str, key: str, value: str | None) -> None:
    """Set, add or (value None) remove one key of a judge in judges.yaml."""
    path = root / "judges.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"{judge}:\n")
    stop = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    at = next((i for i in range(start + 1, stop) if lines[i].startswith(f"  {key}:")), None)
    if value is None:
        assert at is not None
        del lines[at]
    elif at is None:
        lines.insert(start + 1, f"  {key}: {value}\n")
    else:
        lines[at] = f"  {key}: {value}\n"
    path.write_text("".join(lines), encoding="utf-8")


def _final_pairs(root: Path) -> tuple[Cycle, list[tuple[str, str, tuple[int, int]]]]:
    """The loaded cycle and the final-round file's (judge, entry, place) in file order."""
    cycle = load_cycle(root)
    assignment = assignment_for(cycle, "final")
    assert assignment is not None
    pairs = [(judge, entry, assignment.doc.at(("judges", judge, index)))
             for judge, entries in assignment.judges.items() for index, entry in enumerate(entries)]
    return cycle, pairs


def _places(found: list[Diagnostic], code: str, name: str = FINAL) -> list[tuple[int, int]]:
    return sorted((d.line, d.column) for d in found if d.code == code and d.file.endswith(name))


def test_judges_of_one_entry_sharing_the_fact_different_names_are_a_warning(tmp_path: Path) -> None:
    """G13: two judges of an entry of the same affiliation (compared as they look, as assign does)."""
    root = _sample_with_assignments(tmp_path)
    _rules(root, "{different: affiliation}")
    _judge_key(root, "f02", "affiliation", '"Centre for urban futures;  chair of the final jury"')  # f01's, as it looks
    _, pairs = _final_pairs(root)
    f01 = {entry for judge, entry, _ in pairs if judge == "f01"}
    expected = sorted(place for judge, entry, place in pairs if judge == "f02" and entry in f01)  # f02 comes after f01
    assert expected
    found = _diagnostics(root)
    assert _places(found, "P812") == expected
    assert not any(d.code == "P812" and "f02" not in d.message for d in found if d.file.endswith(FINAL))
    document = _status(root)
    items = [i for i in document["open"] if i["code"] == "P812" and i["file"].endswith(FINAL)]
    assert len(items) == len(expected) and {i["kind"] for i in items} == {"panel"}
    _judge_key(root, "f02", "affiliation", None)  # a judge without the fact clashes with no one
    assert _places(_diagnostics(root), "P812") == []


def test_a_judge_who_knows_neither_category_nor_tags_is_a_warning_under_expertise_require(tmp_path: Path) -> None:
    root = _sample_with_assignments(tmp_path)
    _rules(root, "{expertise: require}")
    for judge, categories in FINAL_JUDGES_CATEGORIES.items():
        _judge_key(root, judge, "categories", f"[{', '.join(categories)}]")
    _judge_key(root, "f02", "expertise", "[mobility]")
    cycle, pairs = _final_pairs(root)
    tagged = next(entry for judge, entry, _ in pairs
                  if judge == "f02" and cycle.entry_index[entry].entry.category not in FINAL_JUDGES_CATEGORIES["f02"])
    entry_file = root / "entries" / "leadership.yaml"  # the leadership call's entries, in one list
    text = entry_file.read_text(encoding="utf-8")
    at = text.index("\n  category: ", text.index(f"- id: {tagged}\n"))
    entry_file.write_text(text[:at] + "\n  tags: [mobility]" + text[at:], encoding="utf-8")
    expected = sorted(place for judge, entry, place in pairs
                      if cycle.entry_index[entry].entry.category not in FINAL_JUDGES_CATEGORIES[judge] and entry != tagged)
    assert expected
    found = _diagnostics(root)
    assert _places(found, "P813") == expected  # f02 knows `tagged` by its tag
    assert {i["kind"] for i in _status(root)["open"] if i["code"] == "P813"} == {"panel"}


@pytest.mark.parametrize(("rule", "per_entry", "seed"), [
    ("{different: affiliation}", 5, 1),
    ("{different: country}", 5, 2),
    ("{expertise: require}", 4, 1),
    ("{expertise: require, different: affiliation}", 4, 3),
])
def test_what_assign_writes_validate_accepts(tmp_path: Path, rule: str, per_entry: int, seed: int) -> None:
    """Differential: under the jury's rules, validate finds nothing against rules.assignment in
    the file assign writes, while it does in the sample's own file (written without the rules)."""
    root = _sample_with_assignments(tmp_path)
    _rules(root, rule)
    _judge_key(root, "f02", "affiliation", '"Centre for Urban Futures; chair of the final jury"')  # f01's
    if "country" in rule:
        _judge_key(root, "f03", "country", "GB")  # f01's (and a conflict with entrants from GB: P805, which assign mends)
    if "require" in rule:
        for judge, categories in FINAL_JUDGES_CATEGORIES.items():
            _judge_key(root, judge, "categories", f"[{', '.join(categories)}]")
    before = [d for d in _diagnostics(root) if d.code in ("P812", "P813") and d.file.endswith(FINAL)]
    assert before
    # Before the final's marks are in: assign keeps a pair already marked whatever the rules (N's M1),
    # so the rules are the solver's own only on a round without marks.
    shutil.rmtree(root / "scores" / "final")
    result = run("assign", str(root), "--round", "final", "--per-entry", str(per_entry), "--seed", str(seed), "--no-cache")
    assert result.exit_code == 0, result.output
    found = _diagnostics(root)
    assert [d for d in found if d.code in ("P812", "P813") and d.file.endswith(FINAL)] == []
    assert not any(d.severity.value == "error" for d in found)


@pytest.mark.parametrize("line", ["round: !!python/object:os.system final\n", "per_entry: !!binary 5\n"])
def test_a_refused_value_of_round_or_per_entry_is_reported_once(tmp_path: Path, line: str) -> None:
    """G12: the refused value is Y004 alone, not also P801 for a round: that seems missing (the
    file is left out, as a file whose value fails the schema is)."""
    root = _sample_with_assignments(tmp_path)
    path = root / FINAL
    text = path.read_text(encoding="utf-8")
    key = line.split(":")[0]
    path.write_text(re.sub(rf"^{key}: .*\n", line, text, count=1, flags=re.M), encoding="utf-8")
    found = [d for d in _diagnostics(root) if d.file.endswith(FINAL)]
    assert [(d.code, d.line) for d in found] == [("Y004", _place(root, FINAL, line)[0])]


def test_a_file_repeating_one_entry_builds_only_the_listed_diagnostics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """G14: P803 (and the other per-listing codes) past the display cap are counted, not built."""
    from smartaward.reading.source import Document

    root = _base(tmp_path)
    (root / "assignments").mkdir()
    repeats = 3000
    (root / "assignments" / "all.yaml").write_text(
        "judges:\n  j02: [" + ", ".join(["seoul-air"] * repeats) + ", nowhere-" + ", nowhere-".join(map(str, range(500))) + "]\n"
        "  j03: [oslo-bikes, seoul-air, baguio-health]\n  j01: [seoul-air, baguio-health]\n", encoding="utf-8")
    made: list[str] = []
    original = Document.diagnostic

    def counting(self: Document, path: Any, code: str, message: str, **kwargs: Any) -> Diagnostic:
        made.append(code)
        return original(self, path, code, message, **kwargs)

    monkeypatch.setattr(Document, "diagnostic", counting)
    found = [d for d in _diagnostics(root) if d.file.endswith("all.yaml")]
    assert made.count("P803") == 101 and made.count("R205") == 101
    said = {code: [d for d in found if d.code == code] for code in ("P803", "R205")}
    assert len(said["P803"]) == len(said["R205"]) == 101
    assert said["P803"][-1].message.startswith(f"and {repeats - 1 - 100:,} more P803")
    assert said["R205"][-1].message.startswith(f"and {500 - 100:,} more R205")
    assert said["P803"][0].column == _place(root, "assignments/all.yaml", "seoul-air", 2)[1]
    # checking the same cycle twice says the same
    from smartaward.checks.run import run_checks

    cycle = load_cycle(root)
    assert run_checks(cycle) == run_checks(cycle)
