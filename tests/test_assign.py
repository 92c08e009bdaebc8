"""`smartaward assign` on the Seoul 2024 sample: every round assigned with its own sheets and the
later rounds' removed, accepted by `validate`, K judges per entry, no conflict, loads as even as
availability allows, the same bytes for the same seed; --keep and --replace; what it refuses.

Panels, judges and entries are never hard-coded: they are read from the files of the tmp copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import run

from smartaward.api import results, validate
from smartaward.assigning.candidates import available
from smartaward.judging.panel import judge_exclusion

SAMPLE = Path(__file__).resolve().parent.parent / "cycles" / "seoul-smart-city-2024"
BASE = Path(__file__).resolve().parent / "cases" / "base"
ROUNDS = ["eligibility", "evaluation", "final"]
K = {"eligibility": 2, "evaluation": 4, "final": 5}


def _sample(tmp_path: Path, round_id: str) -> Path:
    """The sample without its assignments and without the sheets of this round and later ones."""
    root = tmp_path / "cycle"
    shutil.copytree(SAMPLE, root)
    shutil.rmtree(root / "assignments", ignore_errors=True)
    for later in ROUNDS[ROUNDS.index(round_id):]:
        shutil.rmtree(root / "scores" / later, ignore_errors=True)
    return root


def _read(path: Path) -> dict[str, list[str]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["judges"]


def _set_judge_key(root: Path, judge_id: str, key: str, value: str) -> None:
    """Set `key: value` (YAML text) in one judge's block of judges.yaml, as a person edits it."""
    path = root / "judges.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"{judge_id}:")
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith((" ", "#"))), len(lines))
    at = next((i for i in range(start + 1, end) if lines[i].startswith(f"  {key}:")), None)
    if at is None:
        lines.insert(start + 1, f"  {key}: {value}")
    else:
        lines[at] = f"  {key}: {value}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _judges(root: Path) -> dict[str, dict]:
    return yaml.load((root / "judges.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # every scalar a string


def _by_entry(pairs: dict[str, list[str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for judge_id, entry_ids in pairs.items():
        for entry_id in entry_ids:
            found.setdefault(entry_id, set()).add(judge_id)
    return found


def _round_entries(root: Path, round_id: str | None) -> set[str]:
    outcome = results(root)
    assert outcome.results is not None
    return {e for stage in outcome.results.scoring.stages if stage.round == round_id for e in stage.results}


def _check(root: Path, round_id: str | None, per_entry: int, name: str, *, balanced: bool = True) -> dict[str, list[str]]:
    """The written file: validate accepts it, each entry of the round has K judges who may judge
    it, and (`balanced`) no judge could hand an entry to a judge with 2 fewer (loads as even as
    allowed; --keep changes as little as it can instead)."""
    report = validate([root])
    assert not [d for d in report.diagnostics if d.severity.value == "error" or d.code.startswith("P")], report.diagnostics
    pairs = _read(root / "assignments" / name)
    assert list(pairs) == sorted(pairs) and all(v == sorted(v) for v in pairs.values())
    outcome = results(root)
    assert outcome.cycle is not None
    cycle = outcome.cycle
    spec = cycle.spec
    assert spec is not None
    panels = _by_entry(pairs)
    entries = _round_entries(root, round_id)
    assert set(panels) == entries
    assert all(len(judges) == per_entry for judges in panels.values())

    def may(judge_id: str, entry_id: str) -> bool:
        judge, entry = cycle.judges[judge_id], cycle.entry_index[entry_id].entry
        return available(judge, round_id) and judge_exclusion(judge, entry, spec.rules.conflicts) is None

    for entry_id, judges in panels.items():
        assert all(may(j, entry_id) for j in judges), entry_id
    loads = {j: len(v) for j, v in pairs.items()}
    for a, load_a in loads.items() if balanced else ():
        for b in cycle.judges:
            load_b = loads.get(b, 0)
            if load_a < load_b + 2 or cycle.judges[b].max_entries is not None:
                continue
            movable = [e for e in pairs[a] if b not in panels[e] and may(b, e)]
            assert not movable, f"{a} ({load_a}) could give {movable[0]} to {b} ({load_b})"
    return pairs


@pytest.mark.parametrize("round_id", ROUNDS)
def test_each_round_of_the_sample_is_assigned_validly_and_reproducibly(tmp_path: Path, round_id: str) -> None:
    root = _sample(tmp_path, round_id)
    args = ["assign", root, "--round", round_id, "--per-entry", str(K[round_id]), "--seed", "2024"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    path = root / "assignments" / f"{round_id}.yaml"
    first = path.read_bytes()
    assert first.startswith(f"# Written by smartaward assign --round {round_id} --per-entry {K[round_id]} --seed 2024\n".encode())
    _check(root, round_id, K[round_id], f"{round_id}.yaml")
    assert run(*args, "-q").exit_code == 0
    assert path.read_bytes() == first
    assert run("assign", root, "--round", round_id, "--per-entry", str(K[round_id]), "--seed", "7", "-q").exit_code == 0
    if len(_round_entries(root, round_id)) * K[round_id] < 10_000:  # many optima: another seed, another choice
        assert path.read_bytes() != first


def test_json_output_reports_the_objective(tmp_path: Path) -> None:
    root = _sample(tmp_path, "final")
    result = run("assign", root, "-r", "final", "-k", "5", "-f", "json", "--dry-run")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert not (root / "assignments").exists()  # --dry-run writes nothing
    assert not document["written"] and document["dry_run"] and document["feasible"]  # M8: nothing was written
    assert document["file"] == "assignments/final.yaml"
    assert document["assignments"] == document["entries"] * 5
    given = sum(1 for n in document["load"]["by_judge"].values() if n)
    assert document["judges"] == given <= document["judges_available"]
    load = document["load"]
    assert load["spread"] == load["max"] - load["min"] and sum(load["by_judge"].values()) == document["assignments"]
    assert {"pairs_matched", "entries_matched"} <= set(document["expertise"]) and "conflicts_avoided" in document


def test_a_cycle_without_rounds_gets_assignments_all(tmp_path: Path) -> None:
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    shutil.rmtree(root / "scores")
    (root / "scores").mkdir()
    assert run("assign", root, "--per-entry", "2", "--round", "x").exit_code == 2
    result = run("assign", root, "--per-entry", "2")
    assert result.exit_code == 0, result.output
    text = (root / "assignments" / "all.yaml").read_text(encoding="utf-8")
    assert "round:" not in text
    _check(root, None, 2, "all.yaml")


def test_keep_drops_what_is_no_longer_valid_and_fills_only_the_gaps(tmp_path: Path) -> None:
    root = _sample(tmp_path, "evaluation")
    assert run("assign", root, "-r", "evaluation", "-k", "4", "-q").exit_code == 0
    before = _read(root / "assignments" / "evaluation.yaml")
    # A judge declares a new conflict with one of their entries: that pair must go, and only it.
    judge_id = sorted(before)[0]
    entry_id = before[judge_id][0]
    conflicts = [*_judges(root)[judge_id].get("conflicts", []), entry_id]
    _set_judge_key(root, judge_id, "conflicts", json.dumps(conflicts))
    result = run("assign", root, "-r", "evaluation", "--keep", "-f", "json")  # K from the file
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [p["code"] for p in document["problems"]] == ["P853"]
    assert judge_id in document["problems"][0]["message"] and entry_id in document["problems"][0]["message"]
    after = _read(root / "assignments" / "evaluation.yaml")
    old, new = ({(j, e) for j, es in pairs.items() for e in es} for pairs in (before, after))
    assert old - new == {(judge_id, entry_id)}
    assert len(new - old) == 1 and next(iter(new - old))[1] == entry_id
    assert document["kept"] == len(old) - 1 and document["added"] == 1 and document["removed"] == 1
    _check(root, "evaluation", 4, "evaluation.yaml", balanced=False)


def test_replace_moves_one_judges_entries_and_keeps_every_other_pair(tmp_path: Path) -> None:
    root = _sample(tmp_path, "final")
    assert run("assign", root, "-r", "final", "-k", "3", "-q").exit_code == 0
    before = _read(root / "assignments" / "final.yaml")
    leaving = sorted(before)[-1]
    result = run("assign", root, "-r", "final", "--replace", leaving, "-f", "json")
    assert result.exit_code == 0, result.output
    after = _read(root / "assignments" / "final.yaml")
    assert leaving not in after
    old, new = ({(j, e) for j, es in pairs.items() for e in es} for pairs in (before, after))
    assert old - new == {(leaving, e) for e in before[leaving]}
    assert len(new - old) == len(before[leaving])
    assert "--replace " + leaving in (root / "assignments" / "final.yaml").read_text(encoding="utf-8").splitlines()[0]
    panels = _by_entry(after)
    assert all(len(judges) == 3 for judges in panels.values())


def test_an_entry_with_too_few_judges_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    root = _sample(tmp_path, "final")
    final_jury = [j for j, judge in _judges(root).items() if "rounds" not in judge or "final" in judge["rounds"]]
    too_many = len(final_jury) + 1
    result = run("assign", root, "-r", "final", "-k", str(too_many), "-f", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert not document["written"] and not (root / "assignments").exists()
    codes = {p["code"] for p in document["problems"]}
    assert codes == {"P851"}
    named = {p["file"] for p in document["problems"]}
    assert all(name.startswith(str(root / "entries")) or "entries/" in name for name in named)
    assert len(document["problems"]) == len(_round_entries(root, "final"))


def test_caps_too_small_are_named_with_their_judges(tmp_path: Path) -> None:
    root = _sample(tmp_path, "final")
    entries = len(_round_entries(root, "final"))
    final_jury = sorted(j for j, judge in _judges(root).items() if "rounds" not in judge or "final" in judge["rounds"])
    cap = entries * 2 // len(final_jury)  # room for 2 judges per entry, not 3
    for judge_id in final_jury:
        _set_judge_key(root, judge_id, "max_entries", str(cap))
    result = run("assign", root, "-r", "final", "-k", "3", "-f", "json")
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)["problems"]
    assert [p["code"] for p in problems] == ["P852"]
    assert problems[0]["file"].endswith("judges.yaml") and problems[0]["line"] > 0
    assert all(judge_id in problems[0]["message"] for judge_id in final_jury[:7])
    assert not (root / "assignments").exists()


def test_a_round_after_an_unsettled_one_is_refused(tmp_path: Path) -> None:
    root = _sample(tmp_path, "eligibility")  # no verdicts: who reaches the evaluation is not known
    result = run("assign", root, "-r", "evaluation", "-k", "4")
    assert result.exit_code == 1
    assert "not settled" in result.stderr and "eligibility" in result.stderr
    assert not (root / "assignments").exists()


@pytest.mark.parametrize(("args", "words"), [
    ([], "--round"), (["-r", "nope", "-k", "2"], "nope"), (["-r", "final"], "--per-entry"),
    (["-r", "final", "-k", "2", "--replace", "nobody"], "nobody"),
])
def test_misuse_exits_2(tmp_path: Path, args: list[str], words: str) -> None:
    root = _sample(tmp_path, "final")
    result = run("assign", root, *([] if args else ["-k", "2"]), *args)
    assert result.exit_code == 2, result.output
    assert words in result.stderr


def test_a_link_out_of_the_cycle_is_not_written_through(tmp_path: Path) -> None:
    root = _sample(tmp_path, "final")
    outside = tmp_path / "outside.yaml"
    outside.write_text("keep me\n", encoding="utf-8")
    (root / "assignments").mkdir()
    (root / "assignments" / "final.yaml").symlink_to(outside)
    result = run("assign", root, "-r", "final", "-k", "3")
    assert result.exit_code in (1, 2)
    assert outside.read_text(encoding="utf-8") == "keep me\n"


# ---------------------------------------------------------------------------------------------
# Marks handed in are never orphaned (issue 14, review M1), and the smaller fixes (M8, M10, M13)


def _full_sample(tmp_path: Path) -> Path:
    """The sample as shipped: every round assigned and marked."""
    root = tmp_path / "cycle"
    shutil.copytree(SAMPLE, root)
    return root


def _marked(root: Path, round_id: str) -> set[tuple[str, str]]:
    """(judge, entry) for every line of the round's sheets, read from the files."""
    found = set()
    for path in (root / "scores" / round_id).glob("*.yaml"):
        sheet = yaml.safe_load(path.read_text(encoding="utf-8"))
        found |= {(sheet["judge"], entry_id) for entry_id in sheet.get("scores") or {}}
    return found


def _pairs_of(path: Path) -> set[tuple[str, str]]:
    return {(j, e) for j, es in _read(path).items() for e in es}


def _drop_lines(root: Path, round_id: str, judge_id: str, entry_ids: set[str]) -> None:
    """Remove the judge's lines on these entries from their sheet of the round (not yet marked)."""
    path = root / "scores" / round_id / f"{judge_id}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if line.split(":", 1)[0].strip() not in entry_ids), encoding="utf-8")


def test_assign_on_a_marked_round_keeps_every_marked_pair(tmp_path: Path) -> None:
    """M1: assigning a round again (another seed, no --keep) must not make handed-in marks stop counting."""
    root = _full_sample(tmp_path)
    marked = _marked(root, "eligibility")
    assert marked == _pairs_of(root / "assignments" / "eligibility.yaml")
    result = run("assign", root, "--round", "eligibility", "--per-entry", "2", "--seed", "7", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["marked"]["kept"] == len(marked) and document["kept"] == len(marked)
    assert document["removed"] == 0 and document["added"] == 0 and document["marked"]["not_kept"] == []
    assert _pairs_of(root / "assignments" / "eligibility.yaml") == marked
    codes = {d.code for d in validate([root]).diagnostics}
    assert "P804" not in codes
    text = run("assign", root, "--round", "eligibility", "--per-entry", "2", "--dry-run").stdout
    assert f"kept because marked: {len(marked)}" in text


def test_marked_pairs_beyond_k_are_all_kept_and_reported(tmp_path: Path) -> None:
    root = _full_sample(tmp_path)
    marked = _marked(root, "final")
    result = run("assign", root, "-r", "final", "-k", "3", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert _pairs_of(root / "assignments" / "final.yaml") == marked  # none dropped, none added
    panels = _by_entry({j: [e for jj, e in marked if jj == j] for j, _ in marked})
    assert document["marked"]["over_per_entry"] == {e: len(js) for e, js in sorted(panels.items()) if len(js) > 3}
    assert document["marked"]["over_per_entry"] and "P853" not in document["problem_counts"]
    assert document["assignments"] == len(marked)


def test_replace_moves_only_the_entries_the_judge_has_not_marked(tmp_path: Path) -> None:
    """M1 with --replace, and M10: the seed and K are the round's file's; one P853 for the judge."""
    root = _full_sample(tmp_path)
    before = _read(root / "assignments" / "final.yaml")
    leaving = sorted(before)[0]
    unmarked = set(before[leaving][::2])
    _drop_lines(root, "final", leaving, unmarked)
    still = set(before[leaving]) - unmarked
    text = run("assign", root, "-r", "final", "--replace", leaving, "--dry-run").stdout
    assert "seed 2024" in text and text.count("P853") == 1
    result = run("assign", root, "-r", "final", "--replace", leaving, "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["seed"] == 2024 and document["seed_from"] == "file" and document["per_entry"] == 5
    assert document["replaced"] == [{"judge": leaving, "moved": sorted(unmarked), "kept_marked": sorted(still)}]
    problems = document["problems"]
    assert [p["code"] for p in problems] == ["P853"] and leaving in problems[0]["message"]
    assert problems[0]["file"].endswith("final.yaml") and problems[0]["line"] > 0
    after = _read(root / "assignments" / "final.yaml")
    assert set(after[leaving]) == still
    assert {(j, e) for j, es in before.items() for e in es} - _pairs_of(root / "assignments" / "final.yaml") == \
        {(leaving, e) for e in unmarked}
    assert all(len(judges) == 5 for judges in _by_entry(after).values())
    first_line = (root / "assignments" / "final.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert "--seed 2024" in first_line and f"--replace {leaving}" in first_line


def test_a_marked_pair_the_judge_may_not_judge_is_not_kept_and_said(tmp_path: Path) -> None:
    root = _full_sample(tmp_path)
    pairs = _read(root / "assignments" / "final.yaml")
    judge_id = sorted(pairs)[0]
    entry_id = pairs[judge_id][0]
    _set_judge_key(root, judge_id, "conflicts", json.dumps([entry_id]))
    result = run("assign", root, "-r", "final", "-k", "5", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [(p["judge"], p["entry"]) for p in document["marked"]["not_kept"]] == [(judge_id, entry_id)]
    after = _read(root / "assignments" / "final.yaml")
    assert entry_id not in after[judge_id] and len(_by_entry(after)[entry_id]) == 5
    assert document["removed"] == 1 and document["added"] == 1
    text = run("assign", root, "-r", "final", "-k", "5", "--dry-run").stdout
    assert "marked but not kept: 1 pair" in text and judge_id in text


def test_a_marked_pair_outside_the_judges_rounds_is_not_kept_for_validates_reason(tmp_path: Path) -> None:
    """One rule for validate's P805 and for a marked pair assign does not keep: the same words."""
    from smartaward.assigning import _marks_never_count
    from smartaward.checks.assignments import why_not
    from smartaward.reading.load import load_cycle

    cycle = load_cycle(_full_sample(tmp_path))
    assert cycle.spec is not None
    judge_id, entry_id = sorted(_marked(cycle.root, "final"))[0]
    judge = cycle.judges[judge_id].model_copy(update={"rounds": ["screening"]})
    entry = cycle.entry_index[entry_id].entry
    said = _marks_never_count(cycle.spec, {judge_id: judge}, {entry_id: entry}, "final", judge_id, entry_id)
    assert said == why_not(judge, entry, "final", cycle.spec.rules.conflicts)
    assert said == "the 'final' round is not among the judge's rounds (screening)"


def test_judges_given_entries_are_counted_apart_from_those_available(tmp_path: Path) -> None:
    """M8: "to N judges" counts the judges given entries; the others available are said apart."""
    root = _sample(tmp_path, "final")
    extra = "".join(f"x{i:02d}:\n  name: Extra {i}\n  rounds: [final]\n" for i in range(60))
    with (root / "judges.yaml").open("a", encoding="utf-8") as handle:
        handle.write(extra)
    entries = len(_round_entries(root, "final"))
    document = json.loads(run("assign", root, "-r", "final", "-k", "1", "-f", "json", "-n").stdout)
    assert document["judges"] == sum(1 for n in document["load"]["by_judge"].values() if n) == entries
    assert document["judges_available"] > entries and not document["written"]
    text = run("assign", root, "-r", "final", "-k", "1", "-n").stdout
    assert f"to {entries} judges ({document['judges_available']} available)" in text


def test_a_judge_with_max_entries_0_is_named_among_the_caps_at_fault(tmp_path: Path) -> None:
    """M13: P852 names the judge who may take no entry (max_entries: 0), not only the full ones."""
    root = _sample(tmp_path, "final")
    jury = sorted(j for j, judge in _judges(root).items() if "rounds" not in judge or "final" in judge["rounds"])
    _set_judge_key(root, jury[0], "max_entries", "0")
    _set_judge_key(root, jury[2], "max_entries", "5")
    result = run("assign", root, "-r", "final", "-k", str(len(jury) - 2), "-f", "json")
    assert result.exit_code == 1, result.output
    problems = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "P852"]
    assert len(problems) == 1 and f"{jury[0]} (max_entries 0)" in problems[0]["message"] and jury[2] in problems[0]["message"]
    lines = (root / "judges.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[problems[0]["line"] - 1].strip() == "max_entries: 0"
