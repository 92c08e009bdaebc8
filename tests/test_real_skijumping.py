"""A judged part plus measured parts, reproduced from official results: two FIS Ski Jumping World
Cup competitions of 2020 (Lillehammer HS140, 9 March; Zakopane HS140, 26 January), men, 50
jumpers each, 30 in the final round (tests/real/fis-wc-*/SOURCE.md).

A jump's points are its distance points, plus the middle three of five judges' style marks, plus
gate and wind compensation; the top 30 of the first round (ties at 30th included) jump again; the
result is the sum of both jumps. The cycle folders hold the judges' marks as score sheets and the
measured points as values sheets (Lillehammer YAML, Zakopane CSV); these tests check that `rank`
gives every official place and total, every jump's round points and round rank, and the cut, and
that style alone would not.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from helpers import one_ranking as ranking
from helpers import run

from smartaward.awards.results import compute
from smartaward.reading.load import load_cycle

ROOT = Path(__file__).resolve().parent / "real"
FOLDERS = ["fis-wc-lillehammer-2020", "fis-wc-zakopane-2020"]


def converter(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"convert_{folder.name.replace('-', '_')}", folder / "convert.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def expected(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "official" / "expected.json").read_text(encoding="utf-8"))



@pytest.fixture(params=FOLDERS)
def folder(request: pytest.FixtureRequest) -> Path:
    return ROOT / request.param


def test_the_cycle_is_what_convert_writes_from_the_official_results(folder: Path) -> None:
    built = converter(folder).build()
    on_disk = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.relative_to(folder).as_posix() in built}
    assert set(built) == set(on_disk) and built == on_disk
    assert any(name.startswith("scores/measured") for name in built)


def test_the_cycle_validates_clean(folder: Path) -> None:
    result = run("validate", folder)
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_every_official_place_and_total(folder: Path) -> None:
    official = {row["entry"]: row for row in expected(folder)["final"]}
    finalists = set(expected(folder)["round2_field"])
    rows = ranking(folder)
    assert len(rows) == len(official) == 50 and len(finalists) == 30
    for row in rows:
        want = official[row["entry"]]
        if row["entry"] in finalists:
            assert (row["rank"], row["score"]) == (want["place"], want["total"]), row
        else:  # not through the cut: placed by the first round, as the official list places them
            assert row["rank"] is None and row["score"] == want["total"], row
            assert f"(rank {want['place']}; the top 30 go through)" in row["reason"], row
    assert [row["award"] for row in rows[:3]] == ["gold", "silver", "bronze"]


def test_every_jumps_points_and_round_rank_and_the_cut(folder: Path) -> None:
    want = expected(folder)
    results = compute(load_cycle(folder))
    scores: dict[str, dict[str, float | None]] = {"round1": {}, "round2": {}}
    for entry_id, final in results.scores.items():
        for stage in final.stages:
            assert stage.round is not None
            scores[stage.round][entry_id] = stage.score
            assert stage.score == want[stage.round][entry_id]["points"], (entry_id, stage.round)
            if stage.round == "round1":  # the rank the cut was made on
                assert stage.detail["round_rank"] == want["round1"][entry_id]["rank"], entry_id
    assert len(scores["round1"]) == 50 and len(scores["round2"]) == 30
    assert set(scores["round2"]) == set(want["round2_field"])
    # the final round's ranks (no cut reads them): the ranking of its reproduced scores, ties sharing a place
    for entry_id, score in scores["round2"].items():
        assert score is not None
        rank = 1 + sum(other is not None and other > score for other in scores["round2"].values())
        assert rank == want["round2"][entry_id]["rank"], entry_id


def test_style_alone_would_not_reproduce_the_results(folder: Path, tmp_path: Path) -> None:
    """The same marks without the measured parts: the places that come out right by chance."""
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("measured*", "official", "convert.py"))
    cycle = (copy / "cycle.yaml").read_text(encoding="utf-8")
    start = cycle.index("    measured:\n")
    end = cycle.index("    rounds:\n")
    (copy / "cycle.yaml").write_text(cycle[:start] + cycle[end:], encoding="utf-8")
    official = {row["entry"]: row["place"] for row in expected(folder)["final"]}
    places = {row["entry"]: row["rank"] or _cut_rank(row["reason"]) for row in ranking(copy)}
    right = sum(places[e] == place for e, place in official.items())
    assert right == {"fis-wc-lillehammer-2020": 7, "fis-wc-zakopane-2020": 11}[folder.name], right


def _cut_rank(reason: str) -> int | None:
    """The first-round rank of an entry the cut stopped ("... (rank 31; the top 30 go through)")."""
    return int(reason.split("(rank ")[1].split(";")[0]) if "(rank " in reason else None


def test_explain_shows_the_judged_part_and_each_measured_part(folder: Path) -> None:
    winner = expected(folder)["final"][0]["entry"]
    result = run("explain", winner, folder)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "measured parts:" in line]
    assert len(lines) == 2 and all("judged " in line and "distance " in line and "wind " in line for line in lines)
    data = json.loads(run("explain", winner, folder, "--format", "json").stdout)
    for stage in data["rounds"]:
        measured = stage["measured"]
        parts = sum(part["value"] for part in measured["parts"].values())
        assert round(measured["judged"] + parts, 6) == stage["score"]


def _with_longer_jump(folder: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The Lillehammer cycle, and a copy in which the runner-up's first jump is 0.9 points longer."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(folder, old, ignore=shutil.ignore_patterns("official", "convert.py"))
    shutil.copytree(old, new)
    sheet = new / "scores" / "measured-round1.yaml"
    text = sheet.read_text(encoding="utf-8")
    assert "  eisenbichler-markus: {distance: 87, gate: 0, wind: 6.4}\n" in text
    sheet.write_text(text.replace("eisenbichler-markus: {distance: 87,", "eisenbichler-markus: {distance: 87.9,"), encoding="utf-8")
    return old, new


def test_diff_names_a_changed_measured_value_as_the_cause(tmp_path: Path) -> None:
    old, new = _with_longer_jump(ROOT / FOLDERS[0], tmp_path)
    document = json.loads(run("diff", old, new, "--format", "json").stdout)
    assert document["values"] == [{"entry": "eisenbichler-markus", "round": "round1", "part": "distance", "old": 87, "new": 87.9}]
    rows = {row["entry"]: row for category in document["results"] for row in category["entries"]}
    assert rows["eisenbichler-markus"]["because"]["values"] == document["values"]
    assert [a["award"] for a in document["awards"]] == ["gold", "silver"]
    assert "measured value of eisenbichler-markus distance (round1): 87 → 87.9" in run("diff", old, new).stdout


def test_verify_fails_on_a_changed_measured_value(tmp_path: Path) -> None:
    root, changed = _with_longer_jump(ROOT / FOLDERS[0], tmp_path)
    assert run("certify", root, "--by", "The jury", "--on", "2020-03-09").exit_code == 0
    shutil.copytree(root / "results", changed / "results")
    result = run("verify", changed, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [c["file"] for c in document["changes"] if c["kind"] == "input"] == ["scores/measured-round1.yaml"]
