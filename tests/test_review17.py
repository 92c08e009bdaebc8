"""Issue 17 review: cases where the new, faster paths could give another result than edb6d0e (the
code before issue 17) — each found by running both versions on the same input and comparing their
JSON outputs, and kept here with the result the old code gave."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from cyclefiles import write_cycle
from helpers import run
from rulecycles import by_judge, cycle_doc, entry, panel, sheets
from test_columnar import judged, snapshot

from smartaward.checks import sheetruns
from smartaward.checks.run import run_checks
from smartaward.judging import scoring
from smartaward.reading.load import load_cycle

J7 = [f"j{k}" for k in range(1, 8)]


def write(root: Path, marks: dict[str, list[Any]], judges: list[str], **rules: Any) -> Path:
    return write_cycle(root, cycle=cycle_doc(rules=rules or None), judges=panel(*judges),
                       entry_files={"entries.yaml": [entry(e) for e in marks]}, sheets=sheets(by_judge(marks, judges)))


@pytest.fixture
def columnar_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """The columnar engine on every round, however small (as on a big cycle)."""
    monkeypatch.setattr(scoring, "ENGINE", "columnar")
    monkeypatch.setattr(scoring, "COLUMNAR_FROM", 0)


# -- median of marks that are zeros of both signs ---------------------------------------------------
# numpy's default sort (SIMD on AVX-512/AVX2 machines) does not keep equal values in their order, and
# -0.0 == 0.0: from 7 judges on, the middle mark of [1, 1, 1, -0.0, -0.0, -0.0, 0.0] came out -0.0
# where Python's stable sorted() (methods.median, the reference) gives 0.0 — a score of -0.0.

ZEROS = {"seoul-a": [1, 1, 1, -0.0, -0.0, -0.0, 0.0], "lyon-c": [0.0, -0.0, 0.0, -0.0, 0.0, -0.0, 2],
         "porto-d": [2, 2, 2, 2, 2, 2, 2]}


def test_median_of_signed_zeros_is_the_references(tmp_path: Path) -> None:
    cycle = load_cycle(write(tmp_path / "cycle", ZEROS, J7, aggregate="median"))
    reference = judged(cycle, "reference")
    assert reference.finals["seoul-a"].score is not None and reference.finals["seoul-a"].score.hex() == (0.0).hex()
    assert snapshot(judged(cycle, "columnar")) == snapshot(reference)


@pytest.mark.parametrize("judges", [7, 8])
def test_median_of_signed_zeros_over_many_rows(tmp_path: Path, judges: int) -> None:
    """Many entries of the same panel size (one sort over a matrix), every mix of signs of zero."""
    zeros = judges - 3  # three marks of 1, then zeros of every mix of signs
    marks = {f"{['seoul', 'oslo', 'lyon', 'porto'][k % 4]}-z{k}": [1, 1, 1, *(-0.0 if k >> bit & 1 else 0.0 for bit in range(zeros))]
             for k in range(2 ** zeros)}
    cycle = load_cycle(write(tmp_path / "cycle", marks, [f"j{k}" for k in range(1, judges + 1)], aggregate="median"))
    assert snapshot(judged(cycle, "columnar")) == snapshot(judged(cycle, "reference"))


@pytest.mark.usefixtures("columnar_everywhere")
def test_rank_prints_the_median_zero_the_reference_gives(tmp_path: Path) -> None:
    root = write(tmp_path / "cycle", ZEROS, J7, aggregate="median")
    result = run("rank", "-f", "json", root, env={"SMARTAWARD_NO_CACHE": "1"})
    assert result.exit_code == 0, result.output
    rows = {r["entry"]: r for c in json.loads(result.stdout)["categories"] for r in c["ranking"]}
    # as edb6d0e printed them: the middle of the sorted marks, each zero keeping its sign and place
    assert [(e, json.dumps(rows[e]["score"]), json.dumps(rows[e]["raw_score"])) for e in sorted(rows)] == [
        ("lyon-c", "-0.0", "-0.0"), ("porto-d", "2.0", "2.0"), ("seoul-a", "0.0", "0.0")]


# -- mixed cycles: the review's differential, kept as a check of both ways against each other ---------
# Reviewed against edb6d0e (every command's JSON the same on 300 such cycles); here the new code's two
# ways are held to each other: sheets proven whole (checks/sheetruns.py) or line by line, and the
# columnar engine or the reference. These cycles have what the other generators lack: a scale with a
# step (so that sheets are proven whole), sheets whose lines are of two calls, a screening round, a
# call marked by ranks, an entry repeated in another file, a judge with two sheets in a round, a
# criterion with a scale of its own, unknown entries and criteria.

PLACES = ["seoul", "oslo", "lyon", "porto", "cebu", "tartu", "vienna", "busan"]


def _mark(rng: random.Random, bad: float) -> Any:
    if rng.random() >= bad:
        return rng.choice([0, 1, 5, 6.5, 7, 7.5, 8, 9.5, 10, -0.0])
    return rng.choice([7.3, 11, -1, "7", None, True, 1e300, 10**20])


def _calls(rng: random.Random) -> dict[str, Any]:
    """A scored call `project` (0-3 criteria, one maybe on a scale of its own; rounds, the first maybe a
    screening) and a call `other` (one criterion or none, maybe marked by ranks)."""
    criteria = {f"c{i}": {"title": f"C{i}", "weight": rng.choice([1, 2, 0.5])} for i in range(rng.choice([0, 1, 2, 3]))}
    if criteria and rng.random() < 0.2:
        criteria["c0"]["scale"] = {"min": 0, "max": 5, "step": 1}
    project: dict[str, Any] = {"title": "Project", "categories": {"people": {"title": "People", "awards": {"gold": 1, "silver": rng.choice([1, 2])}}}}
    if criteria:
        project["criteria"] = criteria
    if rng.random() < 0.33:
        project["rounds"] = {"r1": {"title": "R1", "shortlist": {"top": rng.choice([1, 2, 3])}, **({"screening": True} if rng.random() < 0.3 else {})},
                             "r2": {"title": "R2"}}
    other: dict[str, Any] = {"title": "Other", "categories": {"misc": {"title": "Misc", "awards": {"gold": 1}}}}
    if rng.random() < 0.5:
        other["criteria"] = {"x": {"title": "X"}}
    if rng.random() < 0.2:
        other["marking"] = "ranks"
    return {"project": project, "other": other}


def _line(rng: random.Random, call: dict[str, Any], screening: bool, bad: float) -> Any:
    """One judge's line for an entry of `call`."""
    if call.get("marking") == "ranks":
        return rng.randint(1, 4) if rng.random() < 0.9 else 0.5
    if screening:
        return rng.choice(["pass", "fail", "pass", 7])
    if call.get("criteria"):
        line = {c: _mark(rng, bad) for c in call["criteria"] if rng.random() < 0.95}
        if rng.random() < bad / 4:
            line["zz"] = 5
        return line
    return _mark(rng, bad) if rng.random() < 0.95 else {"c9": 5}


def _sheets(rng: random.Random, calls: dict[str, Any], judges: list[str], entries: list[dict[str, Any]], bad: float) -> dict[str, Any]:
    """Each judge's sheet in each round (now and then two, or one of a judge not in judges.yaml)."""
    rounds = calls["project"].get("rounds")
    marks: dict[str, Any] = {}
    for round_id in list(rounds or [None]):
        screening = round_id is not None and bool(rounds[round_id].get("screening"))
        for judge in judges + (["ghost"] if rng.random() < 0.1 else []):
            for copy in range(2 if rng.random() < 0.1 else 1):
                scores = {e["id"]: _line(rng, calls[e["call"]], screening and e["call"] == "project", bad) for e in entries if rng.random() >= 0.2}
                if rng.random() < bad / 4:
                    scores["nobody-x"] = 5
                if scores:
                    marks[f"{round_id or 'all'}-{judge}-{copy}.yaml"] = {"judge": judge, **({"round": round_id} if round_id else {}), "scores": scores}
    return marks


def mixed_cycle(rng: random.Random) -> dict[str, Any]:
    """write_cycle's keyword arguments for one random cycle of two calls."""
    bad = rng.choice([0, 0, 0.01, 0.2])  # how often a mark is wrong (none: sheets are proven whole)
    calls = _calls(rng)
    rules: dict[str, Any] = {"aggregate": rng.choice(["mean", "median", "trimmed-mean", "sum"]), "min_judges": rng.choice([1, 2])}
    if rules["aggregate"].startswith("trimmed"):
        rules["trim"] = 1
    if calls["project"].get("criteria") and rng.random() < 0.3:
        rules["per"] = "criterion"
    judges = [f"j{i}" for i in range(rng.randint(1, 6))]
    entries = []
    for i in range(rng.randint(1, 10)):
        call = "project" if rng.random() < 0.7 else "other"
        entries.append(entry(f"{rng.choice(PLACES)}-e{i}", call=call, category="people" if call == "project" else "misc"))
    files = {"a.yaml": entries[:len(entries) // 2], "b.yaml": entries[len(entries) // 2:]}
    if rng.random() < 0.15:
        files["c.yaml"] = [dict(entries[0])]  # an entry repeated in another file
    cycle = {"cycle": "mixed-2025", "title": "Mixed", "scale": {"min": 0, "max": 10, "step": 0.5}, "rules": rules, "calls": calls}
    return {"cycle": cycle, "judges": panel(*judges), "entry_files": files, "sheets": _sheets(rng, calls, judges, entries, bad)}


@pytest.mark.parametrize("seed", range(4))
def test_mixed_cycles_both_ways(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    for k in range(8):
        root = write_cycle(tmp_path / f"c{k}", **mixed_cycle(rng))
        monkeypatch.setattr(sheetruns, "WHOLE_SHEETS", False)
        one_by_one = run_checks(load_cycle(root))
        monkeypatch.setattr(sheetruns, "WHOLE_SHEETS", True)
        cycle = load_cycle(root)
        assert run_checks(cycle) == one_by_one, root
        if cycle.spec is not None:
            assert snapshot(judged(cycle, "columnar")) == snapshot(judged(cycle, "reference")), root
