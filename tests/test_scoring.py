"""Scores from real files: weighted means, exclusions, unranked entries, order independence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cyclefiles import copy_base, dump, write_cycle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartaward.awards.results import compute
from smartaward.checks.run import run_checks
from smartaward.judging.scoring import score_entries
from smartaward.publishing.data import rank_document
from smartaward.reading.load import load_cycle
from smartaward.reading.source import parse_text


def scores_of(root: Path):
    return score_entries(load_cycle(root))


def edit(path: Path, change) -> None:
    # Read with our own loader: yaml.safe_load would turn Oslo's `country: NO` into False.
    data = parse_text(path.read_text(encoding="utf-8"), path.name)[0].data
    change(data)
    dump(path, data)


def test_judge_total_is_the_weighted_mean_and_entry_score_the_mean_of_totals(tmp_path):
    results = scores_of(copy_base(tmp_path))
    seoul = results["seoul-air"]
    # design weighs 1, impact 2: j01 (7, 8) → 23/3, j02 (6.5, 7) → 20.5/3, j03 (7, 7.5) → 22/3
    assert seoul.totals == pytest.approx({"j01": 23 / 3, "j02": 20.5 / 3, "j03": 22 / 3})
    assert seoul.score == round((23 + 20.5 + 22) / 9, 6)
    assert seoul.criterion_means == {"design": round(20.5 / 3, 6), "impact": round(22.5 / 3, 6)}


def test_conflicted_marks_are_excluded_and_warned(tmp_path):
    root = copy_base(tmp_path)
    edit(root / "scores/j01.yaml", lambda d: d["scores"].update({"oslo-bikes": {"design": 10, "impact": 10}}))
    oslo = scores_of(root)["oslo-bikes"]
    assert set(oslo.totals) == {"j02", "j03"}
    assert "conflict" in oslo.excluded["j01"]
    codes = [(d.code, Path(d.file).name) for d in run_checks(load_cycle(root))]
    assert codes == [("J402", "j01.yaml")]


def test_non_voting_judges_are_never_counted(tmp_path):
    root = copy_base(tmp_path)
    edit(root / "judges.yaml", lambda d: d["j03"].update({"voting": False}))
    results = scores_of(root)
    assert "j03" not in results["baguio-health"].totals
    assert results["baguio-health"].excluded["j03"] == "the judge is a non-voting observer"
    # oslo-bikes now has one valid judge (j01 is conflicted): below min_judges 2
    assert results["oslo-bikes"].reason == "1 valid score, fewer than min_judges (2)"
    assert [d.code for d in run_checks(load_cycle(root))] == ["J404"]


def test_a_missing_mark_drops_that_judges_total_never_counts_zero(tmp_path):
    root = copy_base(tmp_path)
    edit(root / "scores/j03.yaml", lambda d: d["scores"]["baguio-health"].pop("impact"))
    baguio = scores_of(root)["baguio-health"]
    assert set(baguio.totals) == {"j01", "j02"}
    assert baguio.score == round((9 + 2 * 9.5 + 9 + 2 * 9) / 6, 6)


def test_late_entries_are_unranked_with_the_dates(tmp_path):
    root = copy_base(tmp_path)
    edit(root / "entries/oslo-bikes.yaml", lambda d: d.update({"submitted": "2025-07-01"}))
    result = scores_of(root)["oslo-bikes"]
    assert result.reason == "submitted 2025-07-01, after the call closed on 2025-06-30"
    document = rank_document(compute(load_cycle(root)))
    row = next(r for r in document["categories"][0]["ranking"] if r["entry"] == "oslo-bikes")
    assert row["rank"] is None and row["reason"] == result.reason


MARKS = st.lists(st.lists(st.sampled_from([5, 6.5, 7, 7.5, 8, 9, 10]), min_size=2, max_size=2), min_size=3, max_size=3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(MARKS, min_size=2, max_size=7), st.randoms(use_true_random=False), st.integers(1, 3))
def test_file_and_entry_order_never_change_the_ranking(tmp_path_factory, marks, rnd, per_file):
    """The same cycle written with entries and marks in another order, split into other files."""
    judges = {f"j{k}": {"name": f"Judge {k}"} for k in range(3)}
    cycle = {"cycle": "order", "title": "Order", "rules": {"tie_break": ["criterion:impact", "shared"], "one_award_per": "entrant"},
             "calls": {"project": {"title": "P", "criteria": {"design": {"title": "D"}, "impact": {"title": "I", "weight": 2}},
                                   "categories": {"people": {"title": "People", "awards": {"gold": 1, "silver": 2}}}}}}
    entries = [{"id": f"e{i}", "call": "project", "category": "people", "title": f"E{i}",
                "entrant": {"name": f"Entrant {i % 3}", "type": "city", "country": "KR"}, "submitted": "2025-01-01"}
               for i in range(len(marks))]

    def sheets(order):
        return {f"{j}.yaml": {"judge": j, "scores": {f"e{i}": {"design": marks[i][k][0], "impact": marks[i][k][1]} for i in order}}
                for k, j in enumerate(judges)}

    def files(order, size):
        chunks = [order[i:i + size] for i in range(0, len(order), size)]
        return {f"{n:03d}-{rnd.random():.6f}.yaml": [entries[i] for i in chunk] for n, chunk in enumerate(chunks)}

    first = write_cycle(tmp_path_factory.mktemp("a"), cycle=cycle, judges=judges,
                        entry_files=files(list(range(len(marks))), len(marks)), sheets=sheets(range(len(marks))))
    order = list(range(len(marks)))
    rnd.shuffle(order)
    second = write_cycle(tmp_path_factory.mktemp("b"), cycle=cycle, judges=dict(reversed(judges.items())),
                         entry_files=files(order, per_file), sheets=sheets(order))
    documents = [rank_document(compute(load_cycle(root))) for root in (first, second)]
    assert documents[0] == documents[1]
    for root in (first, second):
        shutil.rmtree(root)
