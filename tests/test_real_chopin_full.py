"""A jury competition with corrected marks, weighted cumulative stages and cuts at a published
precision, reproduced whole: the XIX International Fryderyk Chopin Piano Competition (Warsaw, 2025),
all four stages (tests/real/chopin-2025/SOURCE.md).

Seventeen jurors mark each pianist 1–25 in each stage; a mark more than 3 points (first stage) or 2
points (later stages) from the jury's average, to 2 decimals, is moved to that limit; a stage's
result is the average of the corrected marks, half-up to 2 decimals. The cuts rank on weighted
cumulative results rounded to 2 decimals (stage 1 alone → 40; 30/70 → 20; 10/20/70 → the
finalists, ties kept), and the final result is 10/20/35/35 of the four stages, to 2 decimals. The
cycle folder holds the raw marks only; these tests check every stage result (155), every cumulative
value at each cut and in the final, who went on, the final places and the prizes, against the
official results (official/expected.json and the Institute's results list, official/results_2025.csv).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

from helpers import one_ranking as ranking
from helpers import run

from smartaward.awards.results import compute
from smartaward.reading.load import load_cycle

FOLDER = Path(__file__).resolve().parent / "real" / "chopin-2025"
STAGES = ["stage1", "stage2", "stage3", "final"]


def expected() -> dict[str, Any]:
    return json.loads((FOLDER / "official" / "expected.json").read_text(encoding="utf-8"))



def test_the_cycle_is_what_convert_writes_from_the_official_marks() -> None:
    spec = importlib.util.spec_from_file_location("chopin_full_convert", FOLDER / "convert.py")
    assert spec is not None and spec.loader is not None
    convert = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(convert)
    built = convert.build()
    assert all((FOLDER / name).read_bytes() == data for name, data in built.items())
    on_disk = {p.relative_to(FOLDER).as_posix() for p in (FOLDER / "scores").rglob("*") if p.is_file()}
    assert on_disk == {name for name in built if name.startswith("scores/")} and len(on_disk) == 68


def test_the_cycle_validates_clean() -> None:
    result = run("validate", FOLDER)
    assert result.exit_code == 0 and "no problems" in result.output, result.output


def test_every_stage_result_every_cut_value_and_who_went_on() -> None:
    want = expected()
    results = compute(load_cycle(FOLDER))
    reached: dict[str, set[str]] = {stage: set() for stage in STAGES}
    performances = 0
    for entry_id, final in results.scores.items():
        for stage in final.stages:
            assert stage.round is not None
            reached[stage.round].add(entry_id)
            assert f"{stage.score:.2f}" == want[stage.round][entry_id], (entry_id, stage.round)
            performances += 1
            cut = {"stage2": "cut2", "stage3": "cut3"}.get(stage.round)
            if cut is not None:  # the cumulative value the cut ranked on, as the rules print it
                assert f"{stage.detail['cut_score']:.2f}" == want[cut][entry_id], (entry_id, cut)
    assert performances == 155
    assert reached["stage2"] == set(want["stage2_field"]) and len(reached["stage2"]) == 40
    assert reached["stage3"] == set(want["stage3_field"]) and len(reached["stage3"]) == 20
    assert reached["final"] == set(want["final_field"]) and len(reached["final"]) == 11


def test_the_final_results_places_and_prizes() -> None:
    want = expected()
    rows = ranking(FOLDER)
    finalists = [row for row in rows if row["rank"] is not None]
    assert {row["entry"]: f"{row['score']:.2f}" for row in finalists} == want["final_cumulative"]
    # The Institute's list: each finalist's result, and the prize place (blank: a finalist without a prize)
    official: dict[str, tuple[str, str]] = {}
    with (FOLDER / "official" / "results_2025.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["stage"] == "final":
                official[f"{row['first_name']} {row['last_name']}"] = (row["result"], row["place"])
    ordinal = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", None: ""}
    assert {row["entrant"]: (f"{row['score']:.2f}", ordinal[row["award"]]) for row in finalists} == official
    for row in finalists:  # places by the results as printed, ties sharing a place
        assert row["rank"] == 1 + sum(other["score"] > row["score"] for other in finalists), row
    prizes: dict[str, list[str]] = {}
    for row in finalists:
        if row["award"] is not None:
            prizes.setdefault(row["award"], []).append(row["entry"])
    assert {award: sorted(ids) for award, ids in prizes.items()} == {award: sorted(ids) for award, ids in want["prizes"].items()}
    assert sorted(row["entry"] for row in finalists if row["award"] is None) == sorted(want["no_prize"])


def test_compared_unrounded_the_cut_to_the_final_would_drop_a_prize_winner(tmp_path: Path) -> None:
    """20.836 against 20.838: both 20.84 as the rules print them, and both went through."""
    copy = tmp_path / "chopin"
    shutil.copytree(FOLDER, copy, ignore=shutil.ignore_patterns("official", "convert.py"))
    text = (copy / "cycle.yaml").read_text(encoding="utf-8")
    rule = "shortlist: {top: 10, on: {stage1: 10, stage2: 20, stage3: 70}, decimals: 2}"
    assert rule in text
    (copy / "cycle.yaml").write_text(text.replace(rule, rule.replace(", decimals: 2", "")), encoding="utf-8")
    rows = {row["entry"]: row for row in ranking(copy)}
    assert rows["piotr-alexewicz"]["rank"] is None
    assert rows["piotr-alexewicz"]["reason"].startswith("not shortlisted in the 'stage3' round (rank 11 on the weighted mean")
    assert sum(row["rank"] is not None for row in rows.values()) == 10


def test_explain_shows_the_cut_at_its_precision_and_the_corrected_marks() -> None:
    result = run("explain", "piotr-alexewicz", FOLDER)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "cut score: 20.84 (the weighted mean of stage1 (10), stage2 (20), stage3 (70), to 2 decimals (half-up))" in text
    assert "rank 10 on the cut score (tied on the cut score; shared)" in text
    assert "corrected toward the panel's mean 20.88 (within 3)" in text
    assert "result: rank 6 of 11 with 21.03" in text and "award: fifth" in text


def test_feedback_measures_the_distance_to_the_cut_in_cut_scores(tmp_path: Path) -> None:
    """Gabriele Strata stopped after the second stage: 20.39 on 30/70 against the 20.47 of the last
    pianist through, 0.08 below it (not her stage score against theirs)."""
    assert run("feedback", FOLDER, "--to", tmp_path / "out").exit_code == 0
    data = json.loads((tmp_path / "out" / "gabriele-strata.json").read_text(encoding="utf-8"))
    stage2 = next(r for r in data["rounds"] if r["round"] == "stage2")
    cut = stage2["cut"]
    assert (cut["line"], cut["cut_score"], cut["margin"], stage2["went_on"]) == (20.47, 20.39, -0.08, False)
    assert cut["last_through"]["score"] == 20.47 and cut["ranked_on"].startswith("the weighted mean of stage1 (30), stage2 (70)")
    text = (tmp_path / "out" / "gabriele-strata.md").read_text(encoding="utf-8")
    assert "the cut score of the last entry through (ranked 19th)" in text and "this entry's was 20.39, 0.08 below it" in text
