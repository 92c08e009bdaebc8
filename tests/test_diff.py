"""`smartaward diff OLD [NEW]` (publishing/changes.py, reading/revision.py): what changed between two
versions of a cycle — folders, or git revisions read without touching the working tree — and which
marks and rules moved which results and awards.

The one-mark case uses the 2023 sample: its leadership award is shared ex aequo by two entries, and
one mark breaks the tie. In the 2024 sample no single mark can move an award (its final round takes
the median of seven judges), so the several-marks case raises a bronze winner's marks there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from helpers import run

import smartaward.reading.revision as revision

CYCLES = Path(__file__).resolve().parent.parent / "cycles"
SAMPLE_2023 = CYCLES / "seoul-smart-city-2023"
SAMPLE_2024 = CYCLES / "seoul-smart-city-2024"
F01 = Path("scores/final/f01.yaml")
KONYA_LINE = "  konya-leadership: {vision: 9,"
MARK = {"judge": "f01", "entry": "konya-leadership", "round": "final", "criterion": "vision", "old": 9, "new": 10, "line": "changed"}
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def raise_konya(root: Path) -> None:
    """f01's vision mark for konya-leadership 9 → 10: konya alone takes the shared leadership award."""
    edit(root / F01, KONYA_LINE, "  konya-leadership: {vision: 10,")


def diff_json(*args: str | Path, code: int = 0) -> dict:
    result = run("diff", *args, "--format", "json", "--no-cache")
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(SAMPLE_2023, old)
    shutil.copytree(SAMPLE_2023, new)
    return old, new


# --- folders ------------------------------------------------------------------------------------

def test_one_mark_changed_shows_that_mark_and_the_award_that_moved(pair: tuple[Path, Path]) -> None:
    old, new = pair
    raise_konya(new)
    document = diff_json(old, new)
    assert document["files"] == {"changed": ["scores/final/f01.yaml"], "added": [], "removed": []}
    assert document["marks"] == [MARK]
    assert (document["rules"], document["judges"], document["entries"]) == ([], [], [])
    assert [(a["call"], a["category"], a["award"], a["old"], a["new"], a["lost"]) for a in document["awards"]] == [
        ("leadership", "leadership", "leadership", ["dhaka-south-leadership", "konya-leadership"], ["konya-leadership"],
         ["dhaka-south-leadership"])]
    [category] = document["results"]
    rows = {row["entry"]: row for row in category["entries"]}
    assert set(rows) == {"konya-leadership", "dhaka-south-leadership"}
    assert rows["konya-leadership"]["because"]["marks"] == [MARK]  # its own mark moved it
    dhaka = rows["dhaka-south-leadership"]
    assert (dhaka["old"]["rank"], dhaka["old"]["award"], dhaka["new"]["rank"], dhaka["new"]["award"]) == (1, "leadership", 2, None)
    assert dhaka["because"]["marks"] == [] and dhaka["because"]["others"] == ["konya-leadership"]
    assert document["status"] == {"old": "final", "new": "final"} and document["changed"] is True

    text = run("diff", old, new, "--no-cache")
    assert text.exit_code == 0, text.output
    assert "f01's mark for konya-leadership vision (final): 9 → 10" in text.stdout
    assert "leadership/leadership leadership: dhaka-south-leadership, konya-leadership → konya-leadership" in text.stdout
    assert "dhaka-south-leadership: rank 1 → 2, score 9.18, leadership → no award" in text.stdout

    md = run("diff", old, new, "--format", "md", "--no-cache")
    assert md.exit_code == 0, md.output
    lines = [line.split("|")[1:-1] for line in md.stdout.splitlines() if line.startswith("| ")]
    cells = [[cell.strip() for cell in line] for line in lines]
    assert ["leadership", "leadership", "leadership", "dhaka-south-leadership, konya-leadership", "konya-leadership"] in cells
    assert ["f01", "konya-leadership", "final", "vision", "9", "10"] in cells
    assert md.stdout.startswith("## smartaward diff: ")


def test_several_final_marks_of_a_bronze_winner_move_it_to_silver(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(SAMPLE_2024, old)
    shutil.copytree(SAMPLE_2024, new)
    final = new / "scores" / "final"
    # Pune's totals 8.75, 8.67, 8.25, 8.17, 8.42: three raised marks make the median 8.75, above Nairobi's 8.67
    edit(final / "f02.yaml", "pune-accessible-transit: {problem-innovation: 8.5, project-design: 8.5, budget-planning: 8, implementation: 9.5, learning: 8.5,",
         "pune-accessible-transit: {problem-innovation: 8.5, project-design: 8.5, budget-planning: 8, implementation: 9.5, learning: 9,")
    edit(final / "f05.yaml", "pune-accessible-transit: {problem-innovation: 8.5, project-design: 8.5, budget-planning: 7.5,",
         "pune-accessible-transit: {problem-innovation: 8.5, project-design: 8.5, budget-planning: 9.5,")
    edit(final / "f07.yaml", "pune-accessible-transit: {problem-innovation: 8,",
         "pune-accessible-transit: {problem-innovation: 10,")
    document = diff_json(old, new)
    assert [(m["judge"], m["entry"], m["criterion"], m["old"], m["new"]) for m in document["marks"]] == [
        ("f02", "pune-accessible-transit", "learning", 8.5, 9),
        ("f05", "pune-accessible-transit", "budget-planning", 7.5, 9.5),
        ("f07", "pune-accessible-transit", "problem-innovation", 8, 10)]
    assert document["files"]["changed"] == ["scores/final/f02.yaml", "scores/final/f05.yaml", "scores/final/f07.yaml"]
    moved = {(a["award"], tuple(a["gained"]), tuple(a["lost"])) for a in document["awards"]}
    assert moved == {("silver", ("pune-accessible-transit",), ("nairobi-community-health",)),
                     ("bronze", ("nairobi-community-health",), ("pune-accessible-transit",))}
    rows = {row["entry"]: row for c in document["results"] for row in c["entries"]}
    assert (rows["pune-accessible-transit"]["old"]["award"], rows["pune-accessible-transit"]["new"]["award"]) == ("bronze", "silver")
    assert len(rows["pune-accessible-transit"]["because"]["marks"]) == 3
    assert rows["nairobi-community-health"]["because"]["others"] == ["pune-accessible-transit"]


def test_no_change(pair: tuple[Path, Path]) -> None:
    old, new = pair
    (new / "README.md").write_text("edited: not a file the results depend on\n", encoding="utf-8")
    document = diff_json(old, new)
    assert document["changed"] is False
    assert document["files"] == {"changed": [], "added": [], "removed": []}
    assert all(document[key] == [] for key in ("marks", "rules", "judges", "entries", "assignments", "lines", "results", "awards"))
    text = run("diff", old, new, "--no-cache")
    assert text.exit_code == 0 and "No change in results." in text.stdout
    assert "No change in results." in run("diff", old, new, "-f", "md", "--no-cache").stdout


def test_a_rule_change_is_named_as_the_cause(pair: tuple[Path, Path]) -> None:
    old, new = pair
    edit(new / "cycle.yaml", "rules: {aggregate: trimmed-mean, trim: 1, min_judges: 5}\n    combine: final-only\n    categories:\n      leadership",
         "rules: {aggregate: median, trim: 1, min_judges: 5}\n    combine: final-only\n    categories:\n      leadership")
    document = diff_json(old, new)
    assert [(r["kind"], r["call"], r["round"], r["rule"], r["old"], r["new"]) for r in document["rules"]] == [
        ("rules", "leadership", "final", "aggregate", "trimmed-mean", "median")]
    assert document["marks"] == [] and document["files"]["changed"] == ["cycle.yaml"]
    rows = [row for c in document["results"] for row in c["entries"]]
    assert rows and all(c["call"] == "leadership" for c in document["results"])
    assert all(row["because"]["rules"] == document["rules"] for row in rows)


def test_a_removed_sheet_shows_its_lines_and_the_status_it_leaves(pair: tuple[Path, Path]) -> None:
    old, new = pair
    (new / "scores" / "final" / "f07.yaml").unlink()
    document = diff_json(old, new)
    assert document["files"] == {"changed": [], "added": [], "removed": ["scores/final/f07.yaml"]}
    assert document["marks"] and {(m["judge"], m["round"], m["line"]) for m in document["marks"]} == {("f07", "final", "removed")}
    assert all(m["new"] is None and m["old"] is not None for m in document["marks"])
    assert document["status"] == {"old": "final", "new": "provisional"}  # a judge without marks is open
    text = run("diff", old, new, "--no-cache").stdout
    assert "f07's marks for konya-leadership (final): line removed (collaboration " in text
    assert "Status: final → provisional (1 open item)" in text


def _stranger_marks(root: Path, entry: str) -> str:
    """A final juror the copy's assignments/final.yaml does not give `entry` marks it (all 10s) on
    their sheet: a line that does not count (P804). Returns the juror."""
    assigned = yaml.safe_load((root / "assignments" / "final.yaml").read_text(encoding="utf-8"))["judges"]
    stranger = next(j for j in sorted(assigned) if entry not in assigned[j])
    panel_judge = next(j for j in sorted(assigned) if entry in assigned[j])
    line = next(x for x in (root / "scores" / "final" / f"{panel_judge}.yaml").read_text(encoding="utf-8").splitlines()
                if x.startswith(f"  {entry}:"))
    criteria = [part.split(":")[0].strip(" {") for part in line.split(":", 1)[1].split(",")]
    sheet = root / "scores" / "final" / f"{stranger}.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8") + f"  {entry}: {{{', '.join(f'{c}: 10' for c in criteria)}}}\n", encoding="utf-8")
    return stranger


def _assign(root: Path, judge: str, entry: str) -> None:
    edit(root / "assignments" / "final.yaml", f"  {judge}:\n", f"  {judge}:\n    - {entry}\n")


NAIROBI = "nairobi-community-health"


@pytest.fixture
def assigned_pair(tmp_path: Path) -> tuple[Path, Path, str]:
    """The 2024 sample where a final juror marked Nairobi unassigned (old: not counted), then the
    juror is assigned it (new: counted): no mark changed."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(SAMPLE_2024, old)
    judge = _stranger_marks(old, NAIROBI)
    shutil.copytree(old, new)
    _assign(new, judge, NAIROBI)
    return old, new, judge


def test_an_assignment_added_names_the_line_it_makes_count(assigned_pair: tuple[Path, Path, str]) -> None:
    old, new, judge = assigned_pair
    document = diff_json(old, new)
    assert document["marks"] == [] and document["files"]["changed"] == ["assignments/final.yaml"]
    assert [(a["kind"], a["file"], a["round"], a["judge"], a["entry"], a["old"], a["new"]) for a in document["assignments"]] == [
        ("assigned", "assignments/final.yaml", "final", judge, NAIROBI, False, True)]
    assert [(x["judge"], x["entry"], x["round"], x["line"], x["old"]["counted"], x["old"]["code"], x["new"]) for x in document["lines"]] == [
        (judge, NAIROBI, "final", "changed", False, "P804", {"counted": True, "reason": None, "code": None})]
    rows = {row["entry"]: row for c in document["results"] for row in c["entries"]}
    because = rows[NAIROBI]["because"]  # its score moved: the new line of 10s counts
    assert because["lines"] == document["lines"] and because["assignments"] == document["assignments"]
    assert because["marks"] == [] and because["others"] == []
    text = run("diff", old, new, "--no-cache").stdout
    assert f"because assignments/final.yaml: {judge} now assigned {NAIROBI} (final)" in text
    assert f"because {judge}'s marks for {NAIROBI} (final): now counted" in text
    assert "Assignments that changed (1):" in text and "Lines of marks counted or not (1):" in text
    md = run("diff", old, new, "-f", "md", "--no-cache").stdout
    assert "### Assignments that changed" in md and f"{judge} now assigned {NAIROBI} (final)" in md


def test_an_assignment_taken_away_names_the_line_no_longer_counted(assigned_pair: tuple[Path, Path, str]) -> None:
    old, new, judge = assigned_pair
    document = diff_json(new, old)  # the other way round
    assert [(a["judge"], a["entry"], a["old"], a["new"]) for a in document["assignments"]] == [(judge, NAIROBI, True, False)]
    [line] = document["lines"]
    assert line["old"]["counted"] and (line["new"]["counted"], line["new"]["code"]) == (False, "P804")
    assert "assignments/final.yaml" in line["new"]["reason"]
    text = run("diff", new, old, "--no-cache").stdout
    assert f"{judge} no longer assigned {NAIROBI} (final)" in text
    assert f"{judge}'s marks for {NAIROBI} (final): no longer counted: " in text


def test_a_file_removed_and_per_entry_changed_are_listed_but_explain_no_result(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(SAMPLE_2024, old)
    shutil.copytree(SAMPLE_2024, new)
    (new / "assignments" / "final.yaml").unlink()  # every final line was assigned: the same lines count
    evaluation = new / "assignments" / "evaluation.yaml"
    per_entry = yaml.safe_load(evaluation.read_text(encoding="utf-8"))["per_entry"]
    edit(evaluation, f"per_entry: {per_entry}\n", f"per_entry: {per_entry + 1}\n")  # short panels: open (P807)
    # settings only `assign` reads change no result and are not listed
    chair = 'affiliation: "Centre for Urban Futures; chair of the final jury"\n'
    edit(new / "judges.yaml", chair, chair + "  expertise: [mobility]\n  max_entries: 40\n")
    document = diff_json(old, new)
    assert [(a["kind"], a["file"], a["round"], a["old"], a["new"]) for a in document["assignments"]] == [
        ("per_entry", "assignments/evaluation.yaml", "evaluation", per_entry, per_entry + 1),
        ("file", "assignments/final.yaml", "final", True, False)]
    assert document["lines"] == [] and document["judges"] == [] and document["results"] == []
    assert document["status"]["new"] == "provisional"
    text = run("diff", old, new, "--no-cache").stdout
    assert f"assignments/evaluation.yaml: per_entry {per_entry} → {per_entry + 1} (evaluation)" in text
    assert "assignments/final.yaml: assignment file removed (final)" in text


def test_a_line_added_that_does_not_count_says_so(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(SAMPLE_2024, old)
    shutil.copytree(SAMPLE_2024, new)
    judge = _stranger_marks(new, NAIROBI)
    document = diff_json(old, new)
    assert {(m["judge"], m["entry"], m["line"]) for m in document["marks"]} == {(judge, NAIROBI, "added")}
    assert [(x["line"], x["old"], x["new"]["counted"], x["new"]["code"]) for x in document["lines"]] == [("added", None, False, "P804")]
    assert document["results"] == []  # a line that does not count moves nothing
    assert f"{judge}'s marks for {NAIROBI} (final): line added, not counted: " in run("diff", old, new, "--no-cache").stdout


def test_a_side_with_errors_exits_1_and_still_lists_the_files(pair: tuple[Path, Path]) -> None:
    old, new = pair
    edit(new / F01, KONYA_LINE, "  konya-leadership: {vision: 11,")  # off the scale: M301, an error
    document = diff_json(old, new, code=1)
    assert (document["old"]["errors"], document["new"]["errors"]) == (0, 1)
    assert [(p["file"], p["code"]) for p in document["new"]["problems"]] == [("scores/final/f01.yaml", "M301")]
    assert document["files"]["changed"] == ["scores/final/f01.yaml"] and document["changed"] is None
    text = run("diff", old, new, "--no-cache")
    assert text.exit_code == 1 and "has 1 error" in text.stdout


def test_markdown_and_text_escape_what_they_are_given(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    old, new = pair
    hostile = tmp_path / "new|<b>x<b>\x1b[2J"
    new.rename(hostile)
    raise_konya(hostile)
    md = run("diff", old, hostile, "-f", "md", "--no-cache").stdout
    assert "new\\|\\<b\\>x\\<b\\>" in md.splitlines()[0] and "\x1b" not in md
    assert "\x1b" not in run("diff", old, hostile, "--no-cache").stdout


def test_a_folder_that_is_not_a_cycle_and_no_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("diff", "HEAD")
    assert result.exit_code == 2 and "cycle" in result.stderr


# --- git revisions ------------------------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args], cwd=repo,
                          capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the 2023 sample under cycles/s23, committed, then one mark changed and committed."""
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, "Test")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(key, "test@example.org")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    root = tmp_path / "repo"
    cycle = root / "cycles" / "s23"
    shutil.copytree(SAMPLE_2023, cycle)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the sample")
    raise_konya(cycle)
    git(root, "commit", "-q", "-a", "-m", "one mark")
    # Revisions are read into a temporary folder of our own, to see that none is left behind.
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return root


def snapshot(repo: Path) -> tuple[str, bytes, list[str]]:
    """git status, the index's bytes, and every path of the working tree."""
    paths = sorted(str(p.relative_to(repo)) for p in repo.rglob("*") if ".git" not in p.relative_to(repo).parts)
    # --no-optional-locks: git status itself must not refresh the index we compare.
    return git(repo, "--no-optional-locks", "status", "--porcelain", "--ignored"), (repo / ".git" / "index").read_bytes(), paths


@needs_git
def test_a_revision_inside_the_cycle_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(repo)
    cycle = repo / "cycles" / "s23"
    monkeypatch.chdir(cycle)
    document = diff_json("HEAD~1")
    assert document["old"]["kind"] == "revision" and document["old"]["label"].startswith("HEAD~1 (")
    assert document["old"]["commit"] == git(repo, "rev-parse", "HEAD~1").strip()
    assert (document["new"]["kind"], document["new"]["label"]) == ("folder", "working tree")
    assert document["marks"] == [MARK]
    assert [a["lost"] for a in document["awards"]] == [["dhaka-south-leadership"]]
    assert document["files"] == {"changed": ["scores/final/f01.yaml"], "added": [], "removed": []}
    # Between two revisions, from inside the cycle: the same; HEAD against the working tree: nothing.
    both = diff_json("HEAD~1", "HEAD")
    assert both["new"]["kind"] == "revision" and both["marks"] == [MARK] and both["awards"] == document["awards"]
    assert diff_json("HEAD")["changed"] is False
    assert snapshot(repo) == before  # neither the working tree nor the index was touched
    assert list(Path(tempfile.gettempdir()).iterdir()) == []  # every temporary folder removed


@needs_git
def test_revisions_of_a_folder_named_from_elsewhere(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(repo)
    monkeypatch.chdir(repo)
    with_folder = diff_json("HEAD~1", "cycles/s23")
    assert with_folder["marks"] == [MARK] and with_folder["new"]["label"] == "cycles/s23"
    with_option = diff_json("HEAD~1", "HEAD", "--cycle", "cycles/s23")
    assert with_option["marks"] == [MARK]
    # An uncommitted change shows against HEAD.
    edit(repo / "cycles" / "s23" / F01, "  konya-leadership: {vision: 10,", "  konya-leadership: {vision: 9.5,")
    uncommitted = diff_json("HEAD", "cycles/s23")
    assert [(m["old"], m["new"]) for m in uncommitted["marks"]] == [(10, 9.5)]
    edit(repo / "cycles" / "s23" / F01, "  konya-leadership: {vision: 9.5,", "  konya-leadership: {vision: 10,")
    assert snapshot(repo) == before
    text = run("diff", "HEAD~1", "HEAD", "--cycle", "cycles/s23", "--no-cache")
    assert text.exit_code == 0 and "f01's mark for konya-leadership vision (final): 9 → 10" in text.stdout


@needs_git
def test_a_revision_named_like_an_option_is_refused(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cycle = repo / "cycles" / "s23"
    monkeypatch.chdir(cycle)
    before = snapshot(repo)
    for args in (["--", "--output=x"], ["--output=x"], ["HEAD", "--", "--output=x"], ["--", "-x"]):
        result = run("diff", *args, "--no-cache")
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    assert snapshot(repo) == before
    assert not (cycle / "x").exists() and not any(p.name.startswith(("x", "--")) for p in repo.rglob("*"))


@needs_git
def test_unknown_revision_and_a_folder_missing_from_it(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "cycles" / "s23")
    unknown = run("diff", "no-such-branch")
    assert unknown.exit_code == 2 and "no such revision" in unknown.stderr
    shutil.copytree(SAMPLE_2023, repo / "cycles" / "new")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "another cycle")
    monkeypatch.chdir(repo / "cycles" / "new")
    missing = run("diff", "HEAD~1")  # cycles/new did not exist yet
    assert missing.exit_code == 2 and "not in that revision" in missing.stderr


@needs_git
@pytest.mark.parametrize("target", ["/etc/passwd", "../scores/final/f01.yaml"])
def test_a_revision_with_a_symbolic_link_is_refused(repo: Path, monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    """A checkout follows a link that stays in the cycle (and reports one that leads out): a copy of
    the revision without the link could show "no change" for a sheet a pull request replaced by a
    link, so the revision is refused, plainly (found by the hostile review)."""
    cycle = repo / "cycles" / "s23"
    (cycle / "entries" / "link.yaml").symlink_to(target)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a link")
    (cycle / "entries" / "link.yaml").unlink()
    monkeypatch.chdir(cycle)
    result = run("diff", "HEAD", "--no-cache")
    assert result.exit_code == 2 and "entries/link.yaml is a symbolic link in that revision" in result.stderr
    assert result.stdout == ""


@needs_git
def test_a_revision_too_big_to_read_is_refused(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "cycles" / "s23")
    monkeypatch.setattr(revision, "MAX_REVISION_BYTES", 100_000)
    result = run("diff", "HEAD~1")
    assert result.exit_code == 2 and "over" in result.stderr
    assert list(Path(tempfile.gettempdir()).iterdir()) == []


@needs_git
def test_a_file_over_the_size_limit_in_a_revision_is_refused_unread(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "cycles" / "s23")
    monkeypatch.setenv("SMARTAWARD_MAX_FILE_MB", "0.002")  # 2 KB: cycle.yaml and the score sheets are bigger
    document = diff_json("HEAD~1", code=1)  # the revision, and the folder as it is now: the same refusals

    def refused(side: dict) -> set[tuple[str, str]]:
        return {(p["file"], p["code"]) for p in side["problems"]}

    assert ("judges.yaml", "F004") in refused(document["old"])
    assert refused(document["old"]) == refused(document["new"])
    assert document["old"]["errors"] == document["new"]["errors"]


def test_outside_git_exits_2(pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _, new = pair
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(new.parent))
    monkeypatch.chdir(new)
    result = run("diff", "HEAD~1")
    assert result.exit_code == 2 and "not in a git repository" in result.stderr


def test_without_git_exits_2(pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _, new = pair
    monkeypatch.chdir(new)
    monkeypatch.setattr(revision.shutil, "which", lambda name: None)
    result = run("diff", "HEAD~1")
    assert result.exit_code == 2 and "git is not installed" in result.stderr


def test_a_listing_with_a_path_out_of_the_folder_is_refused() -> None:
    listing = b"100644 blob " + b"0" * 40 + b" 5\tentries/../../x.yaml\0"
    with pytest.raises(revision.RevisionError, match="leads out"):
        revision._select(listing, "HEAD")


@needs_git
def test_a_revision_names_hidden_data_files_and_near_miss_assignments_as_the_folder_does(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """R3.2: files the reader only names (a hidden data file keeps a result provisional; a near
    miss for assignments/ is F003) are written empty into a revision's folder, so that `diff HEAD`
    on a clean tree holding them says no status changed. A link among them is named, not refused."""
    cycle = repo / "cycles" / "s23"
    (cycle / "scores" / "final" / ".f01.yaml").write_text("f01: a draft\n", encoding="utf-8")
    (cycle / "entries" / ".old").mkdir()
    (cycle / "entries" / ".old" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    (cycle / "entries" / ".link.yaml").symlink_to("/etc/passwd")
    (cycle / "assignment").mkdir()
    (cycle / "assignment" / "final.yaml").write_text("round: final\n", encoding="utf-8")
    (cycle / "Assignments.YML").write_text("round: final\n", encoding="utf-8")
    (cycle / "assignments").write_text("final\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "names the reader only names")
    monkeypatch.chdir(cycle)
    document = diff_json("HEAD")
    assert document["new"]["status"] == "provisional"
    assert document["status"] == {"old": "provisional", "new": "provisional"}
    assert document["old"]["open"] == document["new"]["open"]
    assert document["files"] == {"changed": [], "added": [], "removed": []} and document["changed"] is False
    assert list(Path(tempfile.gettempdir()).iterdir()) == []


def test_the_names_a_revision_writes_empty() -> None:
    named = revision._named_only
    assert named(("scores", "final", ".f01.yaml")) and named(("entries", ".old", "x.csv")) and named(("assignment", "x.yml"))
    assert named(("assignments",)) and named(("Assignment.yaml",)) and named(("ASSIGNMENTS", "final.yaml"))
    assert not named(("scores", "final", "f01.yaml")) and not named(("scores", ".notes.txt"))
    assert not named(("entries", ".hg", "x.yaml")) and not named(("assignment", ".old", "x.yaml"))
    assert not named(("assignment", "notes.txt")) and not named(("cycle.yaml",)) and not named((".assignments.yaml",))


def test_the_causes_of_a_large_shifted_category_are_grouped_once() -> None:
    """R3.1: 100 marks changed in a category of 2,000 entries shift every other entry, with no cause
    of its own: each names the entries with changes of their own, found once for the category, not
    by scanning every change for every entry of it (once some 20 s)."""
    from types import SimpleNamespace

    from smartaward.publishing.changes import _Causes, compare_results

    class Counted(list):  # counts the scans of the marks
        scans = 0

        def __iter__(self):  # type: ignore[no-untyped-def]
            Counted.scans += 1
            return super().__iter__()

    ids = [f"e{n:04}" for n in range(2000)]

    def results(order: list[str]) -> SimpleNamespace:
        rows = [SimpleNamespace(rank=n + 1, reason=None, result=SimpleNamespace(score=100.0 - n / 100, entry=SimpleNamespace(id=e)))
                for n, e in enumerate(order)]
        return SimpleNamespace(rankings=[SimpleNamespace(call="c", category="k", rows=rows)],
                               allocation=SimpleNamespace(awards=[]))

    marked = ids[-100:]  # the last 100 entries, marked up: each moves to the top
    marks = Counted({"judge": "j", "entry": e, "round": None, "criterion": None, "old": 1, "new": 9, "line": "changed"}
                    for e in marked)
    causes = _Causes(marks, [], [], [], {"j": set(marked)})
    rows = compare_results(results(ids), results(marked + ids[:-100]), causes)[0]["entries"]  # type: ignore[arg-type]
    assert len(rows) == 2000 and Counted.scans <= 2
    because = {row["entry"]: row["because"] for row in rows}
    assert [m["entry"] for m in because["e1999"]["marks"]] == ["e1999"] and because["e1999"]["others"] == []
    assert because["e0000"]["marks"] == [] and because["e0000"]["others"] == sorted(marked)
