"""A sealed record of final results (`certify`), checked later against the files (`verify`) and in a
pull request (`validate --against`): on copies of both Seoul samples, as an organiser and an auditor
would use them."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from helpers import run
from typer.testing import Result

CYCLES = Path(__file__).resolve().parent.parent / "cycles"
SAMPLES = ["seoul-smart-city-2023", "seoul-smart-city-2024"]
RECORD = Path("results") / "certified.json"
BY = "Lukas Brandstetter, chair of the international jury"


def copy(tmp_path: Path, sample: str, name: str | None = None) -> Path:
    root = tmp_path / (name or sample)
    shutil.copytree(CYCLES / sample, root)
    return root


def certify(root: Path, *args: str, on: str = "2024-10-01") -> Result:
    return run("certify", root, "--by", BY, "--on", on, *args)


def verify(root: Path, *args: str) -> tuple[int, dict]:
    result = run("verify", root, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def changed(document: dict, kind: str) -> list[dict]:
    return [c for c in document["changes"] if c["kind"] == kind]


def set_mark(sheet: Path, entry: str, criterion: str, value: str) -> None:
    """One mark of one entry on a score sheet, changed in place (the rest of the file as it was)."""
    text = sheet.read_text(encoding="utf-8")
    pattern = rf"^(  {re.escape(entry)}: \{{.*?\b{re.escape(criterion)}: )[0-9.]+"
    new, count = re.subn(pattern, rf"\g<1>{value}", text, flags=re.M)
    assert count == 1
    sheet.write_text(new, encoding="utf-8")


def canonical_hash(record: dict) -> str:
    """The record's hash as an auditor computes it (docs/security.md), without smartaward's code."""
    content = {k: v for k, v in record.items() if k not in ("record_sha256", "history")}
    data = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(params=SAMPLES)
def sample(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return copy(tmp_path, request.param)


@pytest.fixture
def certified_2023(tmp_path: Path) -> Path:
    root = copy(tmp_path, "seoul-smart-city-2023")
    assert certify(root).exit_code == 0
    return root


# --- certify and verify on the shipped samples (the "done when") --------------------------

def test_the_shipped_sample_certifies_and_verifies(sample: Path, tmp_path: Path) -> None:
    result = certify(sample, "--note", "Announced at the award ceremony")
    assert result.exit_code == 0, result.output
    path = sample / RECORD
    record = json.loads(path.read_text(encoding="utf-8"))
    assert (record["version"], record["status"], record["certified_by"], record["certified_on"]) == (1, "final", BY, "2024-10-01")
    assert record["note"] == "Announced at the award ceremony" and record["previous_sha256"] is None and record["history"] == []
    assert record["record_sha256"] == canonical_hash(record)
    # Every file the cycle reads, and only those, each with the hash of its bytes (2024 has assignments/).
    read = sorted(p.relative_to(sample).as_posix() for p in sample.rglob("*.yaml")
                  if p.parts[len(sample.parts)] in ("assignments", "entries", "scores") or p.parent == sample)
    assert [item["path"] for item in record["inputs"]] == read
    for item in record["inputs"]:
        data = (sample / item["path"]).read_bytes()
        assert (item["sha256"], item["bytes"]) == (hashlib.sha256(data).hexdigest(), len(data))
    # The results are those rank and winners print; the rules are those applied per round.
    rank = json.loads(run("rank", sample, "-f", "json", "--no-cache").stdout)
    winners = json.loads(run("winners", sample, "-f", "json", "--no-cache").stdout)
    assert record["results"] == {"rank": rank, "winners": winners}
    assert {(r["call"], r["round"]) for r in record["rules"]["rounds"]} >= {("project", "final"), ("leadership", "final")}
    assert any(d["award"] == "special" and d["decided_by"] for d in record["decisions"]["designated"])
    # Certified again, with nothing changed: nothing is written, whatever the date.
    before = path.read_bytes()
    again = certify(sample, on="2025-01-02")
    assert again.exit_code == 0 and path.read_bytes() == before
    assert "nothing has changed" in again.stdout
    # The same files elsewhere give the same bytes.
    other = copy(tmp_path, sample.name, "elsewhere")
    assert certify(other, "--note", "Announced at the award ceremony").exit_code == 0
    assert (other / RECORD).read_bytes() == before
    code, document = verify(sample)
    assert (code, document["ok"], document["changes"], document["inputs"]) == (0, True, [], len(read))
    text = run("verify", sample)
    assert text.exit_code == 0 and "verified" in text.stdout


def test_a_raised_final_mark_fails_verify_naming_the_sheet_and_the_results(tmp_path: Path) -> None:
    root = copy(tmp_path, "seoul-smart-city-2024")
    assert certify(root).exit_code == 0
    # A bronze winner's mark raised: f07's total becomes Zürich's median, which ties Pune's (a tie broken by value generation).
    set_mark(root / "scores" / "final" / "f07.yaml", "zurich-loneliness-prevention", "implementation", "9")
    code, document = verify(root)
    assert code == 1 and not document["ok"]
    assert [(c["file"], c["field"]) for c in changed(document, "input")] == [("scores/final/f07.yaml", "sha256")]
    scores = {(c["entry"], c["field"]): (c["old"], c["new"]) for c in changed(document, "result")}
    old, new = scores[("zurich-loneliness-prevention", "score")]
    assert round(old, 6) == 8.333333 and round(new, 6) == 8.416667
    text = run("verify", root)
    assert text.exit_code == 1
    assert "scores/final/f07.yaml: changed" in text.stdout
    assert "project/human-centricity: zurich-loneliness-prevention score 8.333333 → 8.416667" in text.stdout


def test_a_moved_award_is_named(certified_2023: Path) -> None:
    # Dhaka South and Konya share the leadership award; one higher mark for Dhaka South breaks the tie.
    set_mark(certified_2023 / "scores" / "final" / "f01.yaml", "dhaka-south-leadership", "vision", "10")
    code, document = verify(certified_2023)
    assert code == 1
    awards = [(c["call"], c["entry"], c["old"], c["new"]) for c in changed(document, "award")]
    assert awards == [("leadership", "konya-leadership", "leadership", None)]
    assert "konya-leadership award leadership → no award" in run("verify", certified_2023).stdout


def test_a_provisional_cycle_is_not_certified(tmp_path: Path) -> None:
    root = copy(tmp_path, "seoul-smart-city-2024")
    (root / "scores" / "final" / "f03.yaml").unlink()  # a final judge's sheet missing: the entries assigned to f03 are unmarked
    result = certify(root)
    assert result.exit_code == 1
    assert "provisional" in result.stderr and "judge f03 " in result.stderr and "assignments/final.yaml:" in result.stderr
    assert not (root / "results").exists()


def test_a_cycle_with_errors_is_not_certified_and_fails_verify(certified_2023: Path) -> None:
    before = (certified_2023 / RECORD).read_bytes()
    set_mark(certified_2023 / "scores" / "final" / "f02.yaml", "konya-leadership", "vision", "11")  # off the scale
    result = certify(certified_2023, on="2024-10-02")
    assert result.exit_code == 1 and "M301" in result.stderr
    assert (certified_2023 / RECORD).read_bytes() == before
    code, document = verify(certified_2023)
    assert code == 1
    assert [c["file"] for c in changed(document, "input")] == ["scores/final/f02.yaml"]
    assert [c["new"] for c in changed(document, "errors")] == [1]


def test_certifying_again_keeps_the_earlier_record_and_says_what_changed(certified_2023: Path) -> None:
    path = certified_2023 / RECORD
    first = json.loads(path.read_text(encoding="utf-8"))
    first.pop("history")
    set_mark(certified_2023 / "scores" / "final" / "f01.yaml", "dhaka-south-leadership", "vision", "10")
    result = run("certify", certified_2023, "--by", "Mina Park, secretary", "--on", "2024-10-05", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["written"] and document["history"] == 1
    assert [c["file"] for c in changed(document, "input")] == ["scores/final/f01.yaml"]
    assert [c["entry"] for c in changed(document, "award")] == ["konya-leadership"]
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["history"] == [first]  # the earlier record intact, with its own hash
    assert record["previous_sha256"] == first["record_sha256"] != record["record_sha256"]
    assert record["record_sha256"] == canonical_hash(record)
    text = run("verify", certified_2023)
    assert text.exit_code == 0, text.output
    written = path.read_bytes()
    assert run("certify", certified_2023, "--by", "Someone else, later", "--on", "2024-12-01").exit_code == 0
    assert path.read_bytes() == written


# --- the record is hostile input too --------------------------------------------------------------

def test_a_hand_edited_record_fails_verify_naming_its_hash(certified_2023: Path) -> None:
    path = certified_2023 / RECORD
    record = json.loads(path.read_text(encoding="utf-8"))
    row = record["results"]["rank"]["categories"][0]["ranking"][0]
    row["score"] += 0.5
    path.write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    code, document = verify(certified_2023)
    assert code == 1
    assert [(c["kind"], c["field"]) for c in document["changes"]] == [("record", "record_sha256"), ("result", "score")]
    text = run("verify", certified_2023)
    assert "record_sha256" in text.stdout and "changed after it was certified" in text.stdout
    # Nothing is added to a record that fails its own hash.
    result = certify(certified_2023, on="2024-11-01")
    assert result.exit_code == 1 and "record_sha256" in result.stderr


def test_a_broken_history_is_named(certified_2023: Path) -> None:
    set_mark(certified_2023 / "scores" / "final" / "f01.yaml", "dhaka-south-leadership", "vision", "10")
    assert certify(certified_2023, on="2024-10-05").exit_code == 0
    path = certified_2023 / RECORD
    record = json.loads(path.read_text(encoding="utf-8"))
    record["history"][0]["certified_by"] = "Somebody else"
    path.write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    code, document = verify(certified_2023)
    assert code == 1 and [c["kind"] for c in document["changes"]] == ["record"]
    assert "earlier record 1 of 1" in document["changes"][0]["text"]


@pytest.mark.parametrize(("content", "said"), [
    (b"garbage{", "not JSON"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"version": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
    (b'{"version": 2, "cycle": "x"}', "version 2"),
    (b'{"version": 1, "cycle": "x"}', "no inputs, results, record_sha256"),
    (b'{"version": 1, "cycle": 3, "inputs": {}, "results": [], "record_sha256": 5}', "cycle is not a text"),
    (b'{"version": 1, "cycle": "\\ud800", "inputs": [], "results": {}, "record_sha256": "x"}', "not Unicode"),
    (b'{"version": 1, "cycle": "x", "inputs": [], "results": {}, "record_sha256": NaN}', "not JSON"),
    (b'[1, 2]', "a JSON object"),
    (b"", "not JSON"),
])
def test_a_file_that_is_not_a_record_is_said_plainly(certified_2023: Path, content: bytes, said: str) -> None:
    path = certified_2023 / RECORD
    path.write_bytes(content)
    result = run("verify", certified_2023)
    assert result.exit_code == 2 and said in result.stderr and result.stdout == ""
    # certify does not replace it either
    assert certify(certified_2023, on="2024-11-01").exit_code == 2
    assert path.read_bytes() == content


def test_no_record_a_folder_and_an_oversized_record(certified_2023: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("verify", certified_2023, "--record", certified_2023 / "results" / "missing.json")
    assert result.exit_code == 2 and "no record there" in result.stderr
    assert run("verify", certified_2023, "--record", certified_2023 / "results").exit_code == 2
    from smartaward.publishing import certificate

    monkeypatch.setattr(certificate, "MAX_RECORD_BYTES", 1000)
    result = run("verify", certified_2023)
    assert result.exit_code == 2 and "over the limit" in result.stderr


def test_a_record_of_another_smartaward_version_is_compared_all_the_same(certified_2023: Path) -> None:
    path = certified_2023 / RECORD
    record = json.loads(path.read_text(encoding="utf-8"))
    record["smartaward"] = "0.1.0"
    for category in record["results"]["rank"]["categories"]:  # a key that version did not have yet
        for row in category["ranking"]:
            del row["pending"]
    record["record_sha256"] = canonical_hash(record)
    path.write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    code, document = verify(certified_2023)
    assert code == 0 and document["smartaward"]["record"] == "0.1.0"
    assert len(document["notes"]) == 1 and "0.1.0" in document["notes"][0]
    # Certified again by this version: a new record, whose only change is the version.
    result = run("certify", certified_2023, "--by", BY, "--on", "2024-10-02", "-f", "json")
    assert result.exit_code == 0, result.output
    certified = json.loads(result.stdout)
    assert certified["written"] and [(c["kind"], c["old"]) for c in certified["changes"]] == [("version", "0.1.0")]


# --- where the record may go, and the options ------------------------------------------------------

@pytest.mark.parametrize("where", ["scores/final/certified.json", "entries/certified.json", "scores", "cycle.yaml",
                                   "judges.yaml", "entries/leadership.yaml", "link.json", "results"])
def test_the_record_is_never_written_over_the_cycle_data(tmp_path: Path, where: str) -> None:
    root = copy(tmp_path, "seoul-smart-city-2024")
    (root / "results").mkdir()
    os.symlink(root / "scores" / "final" / "f01.yaml", root / "link.json")
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    result = certify(root, "--to", str(root / where))
    assert result.exit_code == 2, result.output
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
    assert list((root / "results").iterdir()) == []


def test_a_results_folder_linked_out_of_the_cycle_is_not_written_through(tmp_path: Path) -> None:
    root = copy(tmp_path, "seoul-smart-city-2023")
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, root / "results")
    result = certify(root)
    assert result.exit_code == 2 and "F006" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_record_written_elsewhere(tmp_path: Path) -> None:
    root = copy(tmp_path, "seoul-smart-city-2023")
    elsewhere = tmp_path / "records" / "2023.json"
    assert certify(root, "--to", str(elsewhere)).exit_code == 0
    assert elsewhere.is_file() and not (root / "results").exists()
    assert run("verify", root, "--record", elsewhere).exit_code == 0
    assert run("verify", root).exit_code == 2  # no record at the default place
    # A record file of another cycle is not added to.
    other = copy(tmp_path, "seoul-smart-city-2024")
    result = certify(other, "--to", str(elsewhere))
    assert result.exit_code == 2 and "seoul-smart-city-2023" in result.stderr


@pytest.mark.parametrize("args", [("--by", ""), ("--by", "   "), ("--by", "Ada\nLovelace"), ("--by", "Ada \x1b[31mred"),
                                  ("--by", "Ada", "--on", "2024-02-30"), ("--by", "Ada", "--on", "1 Oct 2024"),
                                  ("--by", "Ada", "--note", "two\nlines"), ("--by", "Ada", "--to", "")])
def test_misused_options_exit_2_and_write_nothing(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = copy(tmp_path, "seoul-smart-city-2023")
    result = run("certify", root, *args)
    assert result.exit_code == 2 and result.stderr.startswith("smartaward: ")
    assert not (root / "results").exists()
    assert run("certify", root).exit_code == 2  # --by is required


# --- validate --against: the results-freeze check for CI -------------------------------------------

def test_validate_against_passes_unchanged_and_on_a_summary_fix(certified_2023: Path) -> None:
    record = certified_2023 / RECORD
    result = run("validate", certified_2023, "--against", record)
    assert result.exit_code == 0, result.output
    entry = certified_2023 / "entries" / "leadership.yaml"  # Konya's summary, in a file of several entries
    text = entry.read_text(encoding="utf-8")
    fixed = text.replace("Municipality: a published", "Municipality: the published", 1)
    assert fixed != text
    entry.write_text(fixed, encoding="utf-8")
    result = run("validate", certified_2023, "--against", record, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "ok"  # stdout stays the diagnostics document
    code, document = verify(certified_2023)  # verify still names the changed file
    assert code == 1 and [c["file"] for c in document["changes"]] == ["entries/leadership.yaml"]


def test_validate_against_fails_when_an_award_moves(certified_2023: Path) -> None:
    record = certified_2023 / RECORD
    set_mark(certified_2023 / "scores" / "final" / "f01.yaml", "dhaka-south-leadership", "vision", "10")
    result = run("validate", certified_2023, "--against", record)
    assert result.exit_code == 1
    assert "konya-leadership award leadership → no award" in result.stderr
    github = run("validate", certified_2023, "--against", record, "-f", "github")
    assert github.exit_code == 1
    assert any(line.startswith("::error ") and "konya-leadership" in line for line in github.stdout.splitlines())


def test_validate_against_a_designated_award_moved(certified_2023: Path) -> None:
    cycle = certified_2023 / "cycle.yaml"
    text = cycle.read_text(encoding="utf-8")
    named = "entries: [kaohsiung-heat-mapping, "
    assert named in text
    cycle.write_text(text.replace(named, "entries: [alexandria-flood-sensors, "), encoding="utf-8")
    result = run("validate", certified_2023, "--against", certified_2023 / RECORD)
    assert result.exit_code == 1, result.output
    assert "special/special: kaohsiung-heat-mapping award special → no award" in result.stderr
    assert "special/special: alexandria-flood-sensors award no award → special" in result.stderr


def test_validate_against_misused(certified_2023: Path, tmp_path: Path) -> None:
    other = copy(tmp_path, "seoul-smart-city-2024")
    assert run("validate", certified_2023, other, "--against", certified_2023 / RECORD).exit_code == 2
    assert run("validate", certified_2023, "--against", tmp_path / "none.json").exit_code == 2
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert run("validate", certified_2023, "--against", tmp_path / "bad.json").exit_code == 2


def test_any_hand_edit_of_a_record_is_compared_never_crashed_on(certified_2023: Path) -> None:
    """A record whose values are replaced by anything JSON holds (wrong types, missing keys, text
    that would drive a terminal) is either not a record (exit 2) or compared: never a crash."""
    import random

    from smartaward import __version__
    from smartaward.api import results
    from smartaward.publishing.certificate import NotARecord, compare, derive, integrity, parse_record, verify_document
    from smartaward.render.certificate import certificate_text

    found = results(certified_2023)
    current = derive(found.checked.files, found.cycle, found.results, __version__)
    record = json.loads((certified_2023 / RECORD).read_text(encoding="utf-8"))
    record["results"]["rank"]["categories"] = record["results"]["rank"]["categories"][-1:]  # small: quick
    values: list[object] = [None, 0, -1, 1.5, True, "", "x\u202e\x1b[2J", [], {}, [1, {}], {"a": []}]

    def places(value: object, path: tuple = ()) -> list[tuple]:
        found = [path]
        if isinstance(value, dict):
            found += [p for k, v in value.items() for p in places(v, (*path, k))]
        elif isinstance(value, list):
            found += [p for i, v in enumerate(value[:3]) for p in places(v, (*path, i))]
        return found

    every = [p for p in places(record) if p]
    chance = random.Random(13)
    compared = 0
    for _ in range(60):
        edited = json.loads(json.dumps(record))
        for path in chance.sample(every, 3):
            try:
                holder = edited
                for key in path[:-1]:
                    holder = holder[key]
                holder[path[-1]] = chance.choice(values)
            except (KeyError, IndexError, TypeError):
                continue
        try:
            read = parse_record(json.dumps(edited).encode("utf-8"), "r.json")
        except NotARecord:
            continue
        changes = integrity(read, "r.json") + compare(read.latest, current) + compare(read.latest, current, only_results=True)
        document = verify_document(read, current, shown="r.json", changes=changes, notes=[])
        text = certificate_text(document)
        assert "\x1b" not in text and "\u202e" not in text
        compared += 1
    assert compared > 30


# --- the CI recipe of docs/ci.md, run as written ---------------------------------------------------

def _ci_step(name: str) -> str:
    """The `run: |` script of the step called `name` in docs/ci.md, as a shell script."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "ci.md").read_text(encoding="utf-8")
    step = text[text.index(f"- name: {name}"):]
    block = step[step.index("run: |\n") + len("run: |\n"):]
    lines = []
    for line in block.splitlines():
        if line.strip() and not line.startswith(" " * 10):
            break
        lines.append(line[10:])
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("how", ["record deleted", "cycle moved", "record rewritten", "no result moved", "no such base"])
def test_the_ci_recipe_catches_a_pull_request_that_deletes_the_record(tmp_path: Path, how: str) -> None:
    """docs/ci.md, "Freezing certified results": a pull request that moves an award fails the check
    whatever it does to the record, because the records listed are the base branch's."""
    import subprocess
    import sys

    repo = tmp_path / "repo"
    cycle = copy(repo / "cycles", "seoul-smart-city-2023", "prize")
    assert certify(cycle).exit_code == 0
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "BASE": "main", "RUNNER_TEMP": str(tmp_path),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", "SMARTAWARD_NO_CACHE": "1"}

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "certified")
    git("update-ref", "refs/remotes/origin/main", "main")
    git("checkout", "-qb", "pr")
    if how == "no such base":
        env["BASE"] = "mian"  # a typo in the workflow: the check must fail, not pass with nothing checked
    if how in ("no result moved", "no such base"):
        (cycle / "README.md").write_text("A typo fixed.\n", encoding="utf-8")
    else:
        set_mark(cycle / "scores" / "final" / "f01.yaml", "dhaka-south-leadership", "vision", "10")  # moves an award
    if how == "record deleted":
        (cycle / RECORD).unlink()
    elif how == "cycle moved":
        shutil.move(cycle, repo / "cycles" / "prize-2023")
    else:
        assert certify(cycle, on="2024-10-02").exit_code == 0
    git("add", "-A")
    git("commit", "-qm", "pr")
    step = subprocess.run(["bash", "-e", "-c", _ci_step("No pull request changes a certified result")], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)
    said = step.stdout + step.stderr
    if how == "no result moved":
        assert step.returncode == 0, said
        return
    assert step.returncode != 0, said
    expected = {"cycle moved": "removes or moves it", "no such base": "cannot read the base branch"}
    assert expected.get(how, "konya-leadership") in said


# --- the hostile review's findings (issue 13): T6, R1, R2 ------------------------------------------

def test_validate_against_takes_nothing_from_the_cache(certified_2023: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """T6: whoever can write the cache stores, under the bytes of a changed sheet, the parse of the
    original one: validate --against re-derives the results without the cache, as verify does."""
    from smartaward.reading.cache import MISS, Cache

    folder = tmp_path / "poisoned-cache"
    monkeypatch.setenv("SMARTAWARD_CACHE_DIR", str(folder))
    assert run("validate", certified_2023, "-q").exit_code == 0  # the cache holds every sheet's parse
    sheet = certified_2023 / "scores" / "final" / "f01.yaml"
    original = sheet.read_bytes()
    cache = Cache(folder)
    parse = cache.parsed(original)
    assert parse is not MISS
    set_mark(sheet, "dhaka-south-leadership", "vision", "10")  # moves the leadership award
    cache.store_parsed(sheet.read_bytes(), parse)
    for args in ((), ("--no-cache",)):
        result = run("validate", certified_2023, "--against", certified_2023 / RECORD, "-q", *args)
        assert result.exit_code == 1, result.output
        assert "konya-leadership award leadership → no award" in result.stderr


@pytest.mark.parametrize(("by", "said"), [
    ("Lukas\u200b Brandstetter, chair", "U+200B"),  # a zero-width space: looks like the name without it
    ("Lukas\u202e Brandstetter, chair", "U+202E"),  # a bidi override is a format character, not a control one
    ("Lukas\u2028Brandstetter, chair", "U+2028"),
    ("Lukas \ue000 Brandstetter", "U+E000"),  # private use
    ("Lukas \u0378 Brandstetter", "U+0378"),  # unassigned
    ("Lukas \x7f Brandstetter", "U+007F"),
    ("Lukas\u3164Brandstetter, chair", "U+3164"),  # the Hangul filler: a "letter" that shows as a blank
    ("Lukas\ufe0f Brandstetter, chair", "U+FE0F"),  # a variation selector
    ("\u3164, \u3164", "U+3164"),  # no visible letter at all
    (",", "letter"),
    ("12, 34", "letter"),
])
def test_by_names_someone_in_visible_characters(tmp_path: Path, by: str, said: str) -> None:
    """R1: --by is the record's signature line: a letter at least, and no character that shows as
    nothing, reorders the text or has no meaning; a refused character is named by its code point."""
    root = copy(tmp_path, "seoul-smart-city-2023")
    result = run("certify", root, "--by", by, "--on", "2024-10-01")
    assert result.exit_code == 2 and said in result.stderr, result.output
    assert "control character" not in result.stderr or said == "U+007F"
    assert not (root / "results").exists()


def test_by_in_any_script_is_accepted(tmp_path: Path) -> None:
    root = copy(tmp_path, "seoul-smart-city-2023")
    result = run("certify", root, "--by", "Ζωή Παπαδοπούλου, 심사위원장", "--on", "2024-10-01")
    assert result.exit_code == 0, result.output


def test_on_is_a_date_a_certification_can_have(tmp_path: Path) -> None:
    """R1: --on is not after tomorrow (UTC), nor before 1900; tomorrow is accepted (time zones)."""
    from datetime import UTC, datetime, timedelta

    root = copy(tmp_path, "seoul-smart-city-2023")
    today = datetime.now(UTC).date()
    for on in ("9999-12-31", (today + timedelta(days=2)).isoformat(), "0001-01-01", "1899-12-31"):
        result = run("certify", root, "--by", BY, "--on", on)
        assert result.exit_code == 2 and on in result.stderr, (on, result.output)
        assert not (root / "results").exists()
    result = run("certify", root, "--by", BY, "--on", (today + timedelta(days=1)).isoformat())
    assert result.exit_code == 0, result.output


def test_on_before_a_recorded_decision_is_said_not_refused(tmp_path: Path) -> None:
    """R1: the 2024 sample's special awards were designated on 2024-09-10: a record dated before
    that is written, with a warning on stderr."""
    root = copy(tmp_path, "seoul-smart-city-2024")
    result = run("certify", root, "--by", BY, "--on", "2024-09-01")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "2024-09-10" in warnings[0] and "2024-09-01" in warnings[0]
    assert json.loads((root / RECORD).read_text(encoding="utf-8"))["certified_on"] == "2024-09-01"
    other = copy(tmp_path, "seoul-smart-city-2024", "on-time")
    result = run("certify", other, "--by", BY, "--on", "2024-09-10")
    assert result.exit_code == 0 and "warning" not in result.stderr, result.output


def test_a_broken_chain_is_said_in_words(certified_2023: Path, tmp_path: Path) -> None:
    """R2.3: a record whose history was dropped: "there is no record before it", never Python's None."""
    set_mark(certified_2023 / "scores" / "final" / "f01.yaml", "dhaka-south-leadership", "vision", "10")
    assert certify(certified_2023, on="2024-10-05").exit_code == 0
    record = json.loads((certified_2023 / RECORD).read_text(encoding="utf-8"))
    dropped = {**record, "history": []}
    (tmp_path / "dropped.json").write_text(json.dumps(dropped), encoding="utf-8")
    unchained = {**record, "previous_sha256": None}
    unchained["record_sha256"] = canonical_hash(unchained)
    (tmp_path / "unchained.json").write_text(json.dumps(unchained), encoding="utf-8")
    for name in ("dropped.json", "unchained.json"):
        result = run("verify", certified_2023, "--record", tmp_path / name)
        assert result.exit_code == 1 and "chain of records is broken" in result.stdout, result.output
        assert "None" not in result.stdout
    assert "there is no record before it" in run("verify", certified_2023, "--record", tmp_path / "dropped.json").stdout
    code, document = verify(certified_2023, "--record", str(tmp_path / "dropped.json"))
    assert [(c["kind"], c["field"], c["new"]) for c in document["changes"]] == [("record", "previous_sha256", None)]


def _write_later(path: str | int, data: bytes, delay: float = 0.2) -> threading.Thread:
    """A program writing `data` into a pipe after `delay` seconds, then closing it: `path` a FIFO,
    or the writing end of a pipe (a file descriptor, closed here)."""
    def write() -> None:
        time.sleep(delay)
        try:
            with open(path, "wb") as pipe:
                pipe.write(data)
        except (BrokenPipeError, OSError):
            pass  # the reader stopped reading: over the limit

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/fd").is_dir(), reason="needs FIFOs and /dev/fd")


@needs_fifo
def test_a_record_from_a_pipe_is_read(certified_2023: Path, tmp_path: Path) -> None:
    """R2.5: `validate --against <(git show main:…/certified.json)` and `verify --record <(…)`: the
    record comes through a pipe (bigger than a pipe's buffer), is read and compared."""
    data = (certified_2023 / RECORD).read_bytes()
    assert len(data) > 65536  # more than a pipe holds: read as it comes
    read_end, write_end = os.pipe()
    try:
        thread = _write_later(write_end, data)
        result = run("validate", certified_2023, "--against", f"/dev/fd/{read_end}")
        thread.join(5)
    finally:
        os.close(read_end)
    assert result.exit_code == 0, result.output
    assert "the results match the record" in result.stderr
    fifo = tmp_path / "record.fifo"
    os.mkfifo(fifo)
    thread = _write_later(str(fifo), data)
    result = run("verify", certified_2023, "--record", fifo)
    thread.join(5)
    assert result.exit_code == 0 and "verified" in result.stdout, result.output


@needs_fifo
def test_a_pipe_nobody_writes_to_and_an_oversized_one(certified_2023: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """R2.5: a FIFO with no writer does not hang verify (a time limit, then exit 2: write it to a
    file first); a pipe is read up to the record's size limit, no further."""
    from smartaward.publishing import certificate

    monkeypatch.setattr(certificate, "PIPE_WAIT_SECONDS", 0.5)
    fifo = tmp_path / "nobody.fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = run("verify", certified_2023, "--record", fifo)
    assert result.exit_code == 2 and "write it to a file first" in result.stderr, result.output
    assert time.monotonic() - started < 10
    result = run("validate", certified_2023, "--against", fifo)
    assert result.exit_code == 2 and "write it to a file first" in result.stderr, result.output
    # certify never reads the place it writes to from a pipe
    assert certify(certified_2023, "--to", str(fifo)).exit_code == 2
    monkeypatch.setattr(certificate, "MAX_RECORD_BYTES", 1000)
    thread = _write_later(str(fifo), (certified_2023 / RECORD).read_bytes(), delay=0)
    result = run("verify", certified_2023, "--record", fifo)
    thread.join(5)
    assert result.exit_code == 2 and "over the limit" in result.stderr, result.output


def test_a_file_not_read_is_said_so_not_removed(certified_2023: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """R2.6: a file verify cannot read — over the size limit (F004), or not a file any more — is
    "not read", with the reason; it was not removed."""
    sheet = certified_2023 / "scores" / "final" / "f01.yaml"
    sheet.unlink()
    os.symlink(certified_2023 / "nowhere.yaml", sheet)  # a link that leads nowhere: cannot be read
    code, document = verify(certified_2023)
    assert code == 1
    inputs = {c["file"]: c for c in changed(document, "input")}
    assert list(inputs) == ["scores/final/f01.yaml"]
    assert inputs["scores/final/f01.yaml"]["field"] == "read" and "not read: F002" in inputs["scores/final/f01.yaml"]["text"]
    sheet.unlink()
    monkeypatch.setenv("SMARTAWARD_MAX_FILE_MB", "0.005")  # 5 KiB: most files of the sample are larger
    code, document = verify(certified_2023)
    assert code == 1
    inputs = changed(document, "input")
    big = [item["path"] for item in json.loads((certified_2023 / RECORD).read_text(encoding="utf-8"))["inputs"]
           if item["bytes"] > 0.005 * 1024 * 1024]
    assert big and sorted(c["file"] for c in inputs) == sorted({*big, "scores/final/f01.yaml"})
    for change in inputs:
        if change["file"] == "scores/final/f01.yaml":
            assert "removed" in change["text"]  # really gone
        else:
            assert change["field"] == "read" and "F004" in change["text"] and "removed" not in change["text"], change
    text = run("verify", certified_2023).stdout
    assert f"{big[0]}: not read" in text and "F004" in text


def test_certifying_an_unchanged_cycle_says_the_note_was_not_recorded(certified_2023: Path) -> None:
    """R2.7: nothing is written when nothing changed, so a new --note or --by is not recorded: said."""
    path = certified_2023 / RECORD
    before = path.read_bytes()
    result = run("certify", certified_2023, "--by", "Mina Park, secretary", "--note", "Typo fixed", "--on", "2024-10-02")
    assert result.exit_code == 0 and path.read_bytes() == before
    assert "not recorded" in result.stdout and "Typo fixed" in result.stdout and "Mina Park" in result.stdout
    document = json.loads(run("certify", certified_2023, "--by", "Mina Park, secretary", "--note", "Typo fixed",
                              "-f", "json").stdout)
    assert not document["written"]
    assert {item["option"]: item["value"] for item in document["not_recorded"]} == {
        "--by": "Mina Park, secretary", "--note": "Typo fixed"}
    same = run("certify", certified_2023, "--by", BY, "--on", "2024-10-01")
    assert same.exit_code == 0 and "not recorded" not in same.stdout


def test_the_certify_example_of_the_docs_is_what_it_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """R2.1: docs/cli.md's certify example, run as written, prints what the docs show (but for the
    record's hash, which changes with smartaward's version)."""
    import shlex

    text = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    section = text[text.index("## `smartaward certify [CYCLE]`"):]
    block = section[section.index("```\n") + 4:]
    block = block[:block.index("```\n")]
    command, *shown = block.splitlines()
    assert command.startswith("$ smartaward certify ")
    args = shlex.split(command[len("$ smartaward "):])
    copy(tmp_path, "seoul-smart-city-2024")
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 0, result.output

    def masked(lines: list[str]) -> list[str]:
        return [re.sub(r"record sha256 [0-9a-f]{64}$", "record sha256 …", line) for line in lines]

    assert masked(result.stdout.splitlines()) == masked(shown)


def test_two_files_whose_names_show_alike_are_both_checked(tmp_path: Path) -> None:
    """A file name with a line feed and one with a backslash and an n are shown alike; the record
    keeps them apart, so a change to either fails verify (the hostile review's T9)."""
    root = copy(tmp_path, "seoul-smart-city-2024")
    source = (root / "entries" / "surabaya-waste-bank.yaml").read_text(encoding="utf-8")

    def twin(entry_id: str, name: str) -> None:
        (root / "entries" / name).write_text(source.replace("id: surabaya-waste-bank", f"id: {entry_id}"), encoding="utf-8")

    twin("dup-one", "x\ny.yaml")
    twin("dup-two", "x\\ny.yaml")
    assert certify(root).exit_code == 0
    paths = [item["path"] for item in json.loads((root / RECORD).read_text(encoding="utf-8"))["inputs"]]
    assert "entries/x\ny.yaml" in paths and "entries/x\\ny.yaml" in paths
    for name in ("x\ny.yaml", "x\\ny.yaml"):
        path = root / "entries" / name
        before = path.read_text(encoding="utf-8")
        path.write_text(before + "url: https://example.org/changed\n", encoding="utf-8")
        code, document = verify(root)
        assert code == 1 and [c["file"] for c in changed(document, "input")], name
        path.write_text(before, encoding="utf-8")
    assert verify(root)[0] == 0


def test_a_record_listing_a_path_twice_never_verifies(certified_2023: Path) -> None:
    record = json.loads((certified_2023 / RECORD).read_text(encoding="utf-8"))
    record["inputs"].append(dict(record["inputs"][0]))
    record["record_sha256"] = canonical_hash(record)
    (certified_2023 / RECORD).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    code, document = verify(certified_2023)
    assert code == 1 and any("listed more than once" in c["text"] for c in changed(document, "input"))


def test_an_unread_file_whose_name_holds_a_control_character_is_said_not_read(tmp_path: Path) -> None:
    """R3.3: the record keeps a name with a tab as written; a file of that name that cannot be read
    now is "not read" (its record path and its unread path are one), not "changed ... → none"."""
    root = copy(tmp_path, "seoul-smart-city-2024")
    source = (root / "entries" / "surabaya-waste-bank.yaml").read_text(encoding="utf-8")
    entry = root / "entries" / "x\ty.yaml"
    entry.write_text(source.replace("id: surabaya-waste-bank", "id: tabbed"), encoding="utf-8")
    assert certify(root).exit_code == 0
    entry.unlink()
    os.symlink(root / "nowhere.yaml", entry)  # a link that leads nowhere: cannot be read
    code, document = verify(root)
    assert code == 1
    [change] = changed(document, "input")
    assert change["file"] == "entries/x\\ty.yaml" and change["field"] == "read" and "not read: F002" in change["text"], change
