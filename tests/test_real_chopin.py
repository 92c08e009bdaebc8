"""A jury competition with marks corrected toward the panel, reproduced from its published marks:
the first stage of the XIX International Fryderyk Chopin Piano Competition (Warsaw, 2025).

Seventeen jurors mark each pianist 1–25 (a juror does not mark his or her own student). A mark more
than 3 points from the jury's average, to 2 decimals, is moved to that limit, and the stage's result
is the average of the corrected marks, to 2 decimals, half-up (tests/real/chopin-2025-stage1/SOURCE.md).
The cycle folder holds the raw marks only (convert.py writes it from the official CSV); these tests
check that `rank` gives every one of the 84 official results, `explain` the corrected marks, `judges`
how often each juror was corrected, and that the 40 best are the 40 who played in the second stage.
"""

from __future__ import annotations

import csv
import json
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import run

ROOT = Path(__file__).resolve().parent.parent
CHOPIN = ROOT / "tests" / "real" / "chopin-2025-stage1"
SOURCE = CHOPIN / "official" / "chopin_competition_scores.csv"
CENT = Decimal("0.01")

import importlib.util  # noqa: E402  (convert.py's slug: the ids the cycle uses)

_spec = importlib.util.spec_from_file_location("chopin_convert", CHOPIN / "convert.py")
assert _spec is not None and _spec.loader is not None
convert = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(convert)


def jurors() -> list[str]:
    return next(csv.reader(SOURCE.open(encoding="utf-8")))[4:-1]


def stage(number: str) -> dict[str, tuple[dict[str, Decimal], dict[str, Decimal], Decimal]]:
    """entry id → (raw marks by juror id, corrected marks by juror id, the official stage score)."""
    ids = [convert.slug(j) for j in jurors()]
    out = {}
    for raw, corrected in convert.stage_rows(number):
        marks = {j: Decimal(v) for j, v in zip(ids, raw[4:-1], strict=True) if v != ""}
        fixed = {j: Decimal(v) for j, v in zip(ids, corrected[4:-1], strict=True) if j in marks}
        out[convert.slug(raw[1])] = (marks, fixed, Decimal(corrected[-1]))
    return out


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def test_the_cycle_is_what_convert_writes_from_the_official_marks(tmp_path: Path) -> None:
    copy = tmp_path / "chopin"
    shutil.copytree(CHOPIN, copy, ignore=shutil.ignore_patterns("cycle.yaml", "judges.yaml", "entries", "scores"))
    spec = importlib.util.spec_from_file_location("chopin_convert_copy", copy / "convert.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main()
    for path in sorted(p for p in CHOPIN.rglob("*.yaml")):
        assert (copy / path.relative_to(CHOPIN)).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path


def test_independent_check_the_rule_gives_every_official_corrected_mark_and_result() -> None:
    """In decimal, by hand: the centre is the average to 2 decimals (half-up), a mark further than 3
    moves to centre ± 3, the result is the average of the corrected marks to 2 decimals. Every stage
    (the limit is 2 after the first) and every cell of the official corrected rows."""
    checked = 0
    for number, limit in (("1", 3), ("2", 2), ("3", 2), ("final", 2)):
        for entry, (marks, fixed, official) in stage(number).items():
            centre = half_up(sum(marks.values()) / len(marks))
            corrected = {j: min(max(m, centre - limit), centre + limit) for j, m in marks.items()}
            assert corrected == fixed, entry
            assert half_up(sum(corrected.values()) / len(corrected)) == official, entry
            checked += 1
    assert checked == 155


def test_without_the_correction_most_results_differ() -> None:
    first = stage("1")
    plain = sum(half_up(sum(m.values()) / len(m)) == official for m, _, official in first.values())
    assert plain < 20  # the raw averages give 8 of the 155 stage results (the issue): the rule matters


def rank_rows(folder: Path) -> list[dict[str, Any]]:
    result = run("rank", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    (category,) = json.loads(result.output)["categories"]
    rows: list[dict[str, Any]] = category["ranking"]
    return rows


def test_rank_gives_every_official_first_stage_result() -> None:
    official = {entry: float(score) for entry, (_, _, score) in stage("1").items()}
    rows = rank_rows(CHOPIN)
    assert {row["entry"]: row["score"] for row in rows} == official
    assert len(rows) == 84
    assert [row["score"] for row in rows] == sorted(official.values(), reverse=True)


def test_the_forty_best_are_the_forty_who_played_in_the_second_stage() -> None:
    second = set(stage("2"))
    assert len(second) == 40
    assert {row["entry"] for row in rank_rows(CHOPIN) if row["rank"] <= 40} == second


def test_explain_shows_the_centre_and_each_corrected_mark() -> None:
    result = run("explain", "ziye-tao", CHOPIN, "--format", "json")
    assert result.exit_code == 0, result.output
    (judged,) = json.loads(result.output)["rounds"]
    marks, fixed, official = stage("1")["ziye-tao"]
    assert judged["score"] == float(official) == 18.41
    assert judged["corrected"] == {"around": "mean", "limit": 3.0, "centre": 18.31,
                                   "moved": {j: [float(marks[j]), float(fixed[j])] for j in marks if marks[j] != fixed[j]}}
    assert set(judged["corrected"]["moved"]) == {"garrick-ohlsson", "wojciech-switala"}
    text = run("explain", "ziye-tao", CHOPIN)
    assert "corrected toward the panel's mean 18.31 (within 3): garrick-ohlsson 14 → 15.31, wojciech-switala 15 → 15.31" in text.output


def test_judges_counts_how_often_each_juror_was_corrected() -> None:
    result = run("judges", CHOPIN, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    expected = dict.fromkeys((convert.slug(j) for j in jurors()), 0)
    for marks, fixed, _ in stage("1").values():
        for juror in marks:
            expected[juror] += marks[juror] != fixed[juror]
    (panel,) = document["panels"]
    assert panel["correct"] == {"around": "mean", "limit": 3.0}
    assert {r["judge"]: r["corrected"] for r in panel["by_judge"]} == expected
    assert {r["judge"]: r["corrected"] for r in document["judges"]} == expected
    assert sum(expected.values()) > 100


@pytest.mark.parametrize("engine", ["columnar", "reference"])
def test_either_engine_gives_the_same_results(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The columnar engine leaves a round that corrects to the line-by-line reference."""
    from smartaward import api
    from smartaward.judging import scoring

    monkeypatch.setattr(scoring, "ENGINE", engine)
    monkeypatch.setattr(scoring, "COLUMNAR_FROM", 0)
    outcome = api.results(CHOPIN)
    assert outcome.results is not None
    scores = {entry: result.score for entry, result in outcome.results.scoring.finals.items()}
    assert scores == {entry: float(score) for entry, (_, _, score) in stage("1").items()}


def test_feedback_says_how_the_marks_were_corrected(tmp_path: Path) -> None:
    """The entrant's report: the rule and the centre, and each judge's corrected total (under a pseudonym)."""
    result = run("feedback", CHOPIN, "--to", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.output
    (judged,) = json.loads((tmp_path / "out" / "ziye-tao.json").read_text(encoding="utf-8"))["rounds"]
    marks, fixed, _ = stage("1")["ziye-tao"]
    assert judged["correction"] == {"around": "mean", "limit": 3, "centre": 18.31}
    moved = sorted((float(marks[j]), float(fixed[j])) for j in marks if marks[j] != fixed[j])
    assert sorted((row["total"], row["corrected"]) for row in judged["marks"] if row["corrected"] is not None) == moved
    assert sum(row["corrected"] is None for row in judged["marks"]) == len(marks) - len(moved)
    text = (tmp_path / "out" / "ziye-tao.md").read_text(encoding="utf-8")
    assert "more than 3 from the panel's mean (18.31) was moved to that limit" in text
