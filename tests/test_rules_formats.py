"""Judging rules: rounds as sport formats need them (issue 16) — best of N runs where a run has no
marks ("did not start"), cuts on the sum of several rounds, combining a named subset of rounds,
criteria per round, and the references these make (R217).

Through the whole engine: small cycle folders on disk (rulecycles.py), every expectation worked out
by hand in the comments (formula, then the numbers).
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

import yaml
from cyclefiles import write_cycle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rulecycles import J3, Run, by_judge, cycle_doc, entry, panel, project, run, sheets

from smartaward.checks.run import run_checks
from smartaward.reading.load import load_cycle

J6 = [f"j{k}" for k in range(1, 7)]
RUNS = {"run1": {"title": "Run 1"}, "run2": {"title": "Run 2"}, "run3": {"title": "Run 3"}}
# Halfpipe scoring: each run is the mean of the middle four of six marks (trimmed-mean, trim 1).
HALFPIPE_RULES = {"aggregate": "trimmed-mean", "trim": 1, "min_judges": 3}


def six_marks(score: float) -> list[float]:
    """Six judges' marks whose trimmed mean (trim 1) is `score`: S-3 and S+4 are dropped, and
    (S-1 + S-0.5 + S+0.5 + S+1) / 4 = S."""
    return [score - 3, score - 1, score - 0.5, score + 0.5, score + 1, score + 4]


def halfpipe_cycle(runs: dict[str, Any] | None = None, combine: Any = "best", rules: dict[str, Any] | None = None) -> dict[str, Any]:
    cycle = cycle_doc(rounds=runs or RUNS, combine=combine, rules=rules or HALFPIPE_RULES)
    cycle["scale"] = {"min": 0, "max": 100}
    return cycle


def round_sheets(by_round: dict[str, Any], judges: list[str]) -> dict[str, Any]:
    """{round: {entry: [mark of judge 1, ...]}} → sheet files; an entry left out of a round, or
    with every mark None, has no line in it."""
    out: dict[str, Any] = {}
    for round_id, rows in by_round.items():
        out.update(sheets(by_judge(rows, judges), round=round_id))
    return out


def run_scores(runs: dict[str, Any]) -> dict[str, dict[str, list[Any]]]:
    """{entry: [run1, run2, run3] scores, None: did not start} → six marks per run and entry."""
    out: dict[str, dict[str, list[Any]]] = {}
    for entry_id, scores in runs.items():
        for k, score in enumerate(scores):
            if score is not None:
                out.setdefault(f"run{k + 1}", {})[entry_id] = six_marks(score)
    return out


# ------------------------------------------------------------------------------------------------
# 1. Best of N runs: a run without marks is one the rider did not start

# A halfpipe final: 12 riders, 3 runs, best run counts. None: the rider did not start (DNI) that run.
# Nine riders have a DNI run; before issue 16, min_judges stopped each of them at that run.
HALFPIPE: dict[str, list[float | None]] = {
    "seoul-a":    [93.25, 95.0, None],   # best 95.0
    "busan-b":    [88.0, None, None],    # 88.0
    "incheon-c":  [45.5, 90.75, 91.5],   # 91.5
    "oslo-d":     [85.0, 87.25, None],   # 87.25
    "baguio-e":   [None, 80.5, 82.0],    # 82.0
    "cebu-f":     [78.25, 30.0, 84.0],   # 84.0
    "tallinn-g":  [76.0, None, 79.5],    # 79.5
    "tartu-h":    [60.0, 74.75, None],   # 74.75
    "lyon-i":     [72.0, 70.5, 71.0],    # 72.0
    "bordeaux-j": [25.0, 68.25, None],   # 68.25
    "porto-k":    [65.5, None, 12.0],    # 65.5
    "curitiba-l": [None, 20.0, 55.0],    # 55.0
}
HALFPIPE_ORDER = ["seoul-a", "incheon-c", "busan-b", "oslo-d", "cebu-f", "baguio-e", "tallinn-g", "tartu-h", "lyon-i",
                  "bordeaux-j", "porto-k", "curitiba-l"]


def halfpipe_run(root: Path, runs: dict[str, Any] | None = None, *, errors: tuple[str, ...] = (),
                 data: dict[str, Any] | None = None, **keys: Any) -> Run:
    data = data or HALFPIPE
    return run(root, halfpipe_cycle(runs, **keys), panel(*J6), [entry(e) for e in data], round_sheets(run_scores(data), J6),
               errors=errors)


def test_every_rider_is_ranked_by_the_best_run_they_started(tmp_path: Path) -> None:
    result = halfpipe_run(tmp_path)
    assert result.order() == HALFPIPE_ORDER  # before: 9 of the 12 unranked ("0 valid scores")
    assert [result.score(e) for e in HALFPIPE_ORDER] == [95.0, 91.5, 88.0, 87.25, 84.0, 82.0, 79.5, 74.75, 72.0, 68.25, 65.5, 55.0]
    assert result.codes() == []  # a run not started is no problem to report


def test_a_run_not_started_is_recorded_never_a_zero(tmp_path: Path) -> None:
    result = halfpipe_run(tmp_path)
    seoul = result.results.scores["seoul-a"]
    assert seoul.detail["did_not_start"] == ["run3"]
    assert seoul.detail["combined"] == {"run1": 93.25, "run2": 95.0}  # only the runs it started
    run3 = next(s for s in seoul.stages if s.round == "run3")
    assert (run3.status, run3.reason, run3.score) == ("did-not-start", "did not start the 'run3' round", None)
    busan = result.results.scores["busan-b"]
    assert busan.detail["did_not_start"] == ["run2", "run3"] and busan.detail["combined"] == {"run1": 88.0}
    assert [s.status for s in busan.stages] == [None, "did-not-start", "did-not-start"]
    assert "did_not_start" not in result.results.scores["lyon-i"].detail  # it started every run


def test_a_rider_who_started_no_run_is_unranked(tmp_path: Path) -> None:
    data = {**HALFPIPE, "vienna-m": [None, None, None]}
    result = halfpipe_run(tmp_path, data=data)
    vienna = result.results.scores["vienna-m"]
    assert (vienna.status, vienna.reason, vienna.score) == ("did-not-start", "did not start any round", None)
    assert vienna.detail["did_not_start"] == ["run1", "run2", "run3"]
    assert result.table()[-1] == (None, "vienna-m", "did not start any round")
    assert result.order() == HALFPIPE_ORDER and result.codes() == []


def test_a_required_run_not_started_stops_the_rider(tmp_path: Path) -> None:
    # run1 required: baguio-e and curitiba-l did not start it, so they stop there; their marks in
    # run2 and run3 are marks for rounds they never reached (J417). The others as before.
    runs = {**RUNS, "run1": {"title": "Run 1", "required": True}}
    result = halfpipe_run(tmp_path, runs)
    assert result.order() == [e for e in HALFPIPE_ORDER if e not in ("baguio-e", "curitiba-l")]
    baguio = result.results.scores["baguio-e"]
    assert (baguio.status, baguio.reason, baguio.round) == ("did-not-start", "did not start the 'run1' round", "run1")
    assert result.codes() == ["J417"] * 24  # 2 riders x 2 later runs x 6 judges' lines


def test_marks_from_too_few_judges_leave_the_run_out_and_the_rider_goes_on(tmp_path: Path) -> None:
    # oslo-d's run2 has marks from two judges only (min_judges 3): J404, the run does not count,
    # and its best of the runs that count is run1 = 85.0 (not 87.25).
    marks = run_scores(HALFPIPE)
    marks["run2"]["oslo-d"] = [87.0, 87.5, None, None, None, None]
    result = run(tmp_path, halfpipe_cycle(), panel(*J6), [entry(e) for e in HALFPIPE], round_sheets(marks, J6))
    oslo = result.results.scores["oslo-d"]
    assert oslo.reason is None and oslo.score == 85.0
    assert oslo.detail["combined"] == {"run1": 85.0}
    run2 = next(s for s in oslo.stages if s.round == "run2")
    assert run2.status == "too-few-judges"
    [j404] = [d for d in result.diagnostics if d.code == "J404"]
    assert "'run2' round" in j404.message and "does not count" in j404.message
    assert result.codes() == ["J404"]


def test_too_few_judges_in_every_run_it_started_is_unranked_for_that_reason(tmp_path: Path) -> None:
    # busan-b started run1 only, and there two judges marked it: too few; nothing counts.
    marks = run_scores(HALFPIPE)
    marks["run1"]["busan-b"] = [88.0, 88.0, None, None, None, None]
    result = run(tmp_path, halfpipe_cycle(), panel(*J6), [entry(e) for e in HALFPIPE], round_sheets(marks, J6))
    busan = result.results.scores["busan-b"]
    assert busan.status == "too-few-judges" and busan.score is None
    assert busan.reason == "2 valid scores, fewer than min_judges (3)"
    assert result.codes() == ["J404"]  # once, for run1
    assert "busan-b" not in result.order()


def test_a_run_nobody_started_is_fine(tmp_path: Path) -> None:
    data = {e: [r1, r2, None] for e, (r1, r2, _) in HALFPIPE.items() if (r1, r2) != (None, None)}
    result = halfpipe_run(tmp_path, data=data)
    assert result.codes() == []
    assert result.score("incheon-c") == 90.75 and result.score("cebu-f") == 78.25


def test_without_best_a_run_without_marks_still_stops_the_rider(tmp_path: Path) -> None:
    # combine: sum is unchanged: a missing run is too few judges (J404), and the rider stops.
    result = halfpipe_run(tmp_path, combine="sum")
    # the three who started every run: incheon 45.5 + 90.75 + 91.5 = 227.75, lyon 72 + 70.5 + 71 = 213.5,
    # cebu 78.25 + 30 + 84 = 192.25
    assert result.order() == ["incheon-c", "lyon-i", "cebu-f"]
    assert result.results.scores["busan-b"].status == "too-few-judges"


def test_a_round_with_a_shortlist_still_cuts_under_best(tmp_path: Path) -> None:
    # qual (top 3) then two final runs, best of the two final runs. Who did not start the
    # qualification is not ranked at its cut: it stops, "did not start".
    #   qual: seoul 90, busan 80, oslo 70, lyon 60, tallinn —   → seoul, busan, oslo go on
    #   run1: seoul 85, busan —, oslo 88;  run2: seoul 91, busan 84, oslo —; lyon marked in run1 (J417)
    rounds = {"qual": {"title": "Qualification", "shortlist": {"top": 3}}, "run1": {"title": "Run 1"}, "run2": {"title": "Run 2"}}
    marks = {"qual": {"seoul-a": six_marks(90), "busan-b": six_marks(80), "oslo-d": six_marks(70), "lyon-i": six_marks(60)},
             "run1": {"seoul-a": six_marks(85), "oslo-d": six_marks(88), "lyon-i": six_marks(50)},
             "run2": {"seoul-a": six_marks(91), "busan-b": six_marks(84)}}
    entries = [entry(e) for e in ("seoul-a", "busan-b", "oslo-d", "lyon-i", "tallinn-g")]
    result = run(tmp_path, halfpipe_cycle(rounds, combine={"best": ["run1", "run2"]}), panel(*J6), entries, round_sheets(marks, J6))
    assert result.order() == ["seoul-a", "oslo-d", "busan-b"]
    assert [result.score(e) for e in result.order()] == [91.0, 88.0, 84.0]
    assert result.results.scores["seoul-a"].detail["combined"] == {"run1": 85.0, "run2": 91.0}  # qual does not combine
    tallinn = result.results.scores["tallinn-g"]
    assert (tallinn.status, tallinn.reason) == ("did-not-start", "did not start the 'qual' round")
    assert result.results.scores["lyon-i"].status == "not-shortlisted"
    assert set(result.codes()) == {"J417"}  # lyon's run1 marks: it never reached run1


# --- property: best-of is never lower than any run that counts; the order of files is irrelevant

PROPERTY_RIDERS = ["seoul-a", "busan-b", "oslo-d", "lyon-i"]
FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@st.composite
def run_grids(draw: Any) -> dict[str, list[list[float] | None]]:
    """Per rider, per run: None (did not start), or three judges' marks."""
    mark = st.sampled_from([4.0, 5.0, 6.5, 7.0, 8.0, 9.5])
    runs = st.one_of(st.none(), st.lists(mark, min_size=3, max_size=3))
    return {e: draw(st.lists(runs, min_size=3, max_size=3)) for e in PROPERTY_RIDERS}


def _grid_run(root: Path, grid: dict[str, list[list[float] | None]], rnd: random.Random | None) -> Run:
    by_round = {f"run{k + 1}": {e: runs[k] for e, runs in grid.items() if runs[k] is not None} for k in range(3)}
    files = round_sheets(by_round, J3)
    entries = [entry(e) for e in grid]
    if rnd is not None:  # the same cycle written in another order, under other file names
        rnd.shuffle(entries)
        names = list(files)
        rnd.shuffle(names)
        files = {f"{name.split('/')[0]}/{k:02d}-{name.split('/')[1]}": files[name] for k, name in enumerate(names)}
        for doc in files.values():
            items = list(doc["scores"].items())
            rnd.shuffle(items)
            doc["scores"] = dict(items)
    cycle = cycle_doc(rounds=RUNS, combine="best", rules={"aggregate": "mean"})
    write_cycle(root, cycle=cycle, judges=panel(*J3), entry_files={"entries.yaml": entries}, sheets=files)
    return run(root, cycle, panel(*J3), entries, files)


def _outcome(result: Run) -> list[tuple[Any, ...]]:
    return [(r.rank, r.result.entry.id, r.result.score, r.reason, r.result.detail.get("did_not_start")) for r in result.rows()]


@FAST
@given(run_grids(), st.randoms(use_true_random=False))
def test_best_of_is_never_lower_than_a_run_and_file_order_is_irrelevant(grid: dict[str, Any], rnd: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plain = _grid_run(Path(tmp) / "plain", grid, None)
        shuffled = _grid_run(Path(tmp) / "shuffled", grid, rnd)
    assert _outcome(plain) == _outcome(shuffled)
    # A run no rider has marks in has not been held yet: no one "did not start" it (no-marks-yet).
    held = [k for k in range(3) if any(runs[k] is not None for runs in grid.values())]
    for entry_id, final in plain.results.scores.items():
        runs = [s for s in final.stages if s.reason is None and s.score is not None]
        if not runs:
            assert final.score is None and final.status == ("did-not-start" if len(held) == 3 else "no-marks-yet")
            continue
        assert final.score is not None and all(final.score >= s.score for s in runs if s.score is not None)
        assert final.score in [s.score for s in runs]
        started = [k for k, marks in enumerate(grid[entry_id]) if marks is not None]
        assert final.detail.get("did_not_start", []) == [f"run{k + 1}" for k in held if k not in started]


# ------------------------------------------------------------------------------------------------
# 2. Cuts on several rounds, and combining a named subset of rounds (2000-era Olympic diving:
#    the cut to the final on prelim + semi, the final standing semi + final)

DIVING_ROUNDS: dict[str, Any] = {"prelim": {"title": "Preliminary", "shortlist": {"top": 5}},
                 "semi": {"title": "Semi-final", "shortlist": {"top": 3, "on": ["prelim", "semi"]}},
                 "final": {"title": "Final", "weight": 2}}
# Each diver's score in a round (three judges all give it, so the mean is the score):
#   prelim: seoul 50, busan 30, oslo 45, lyon 48, tallinn 40, porto 20 → top 5: porto stops (rank 6)
#   semi:   seoul 40, busan 52, oslo 46, lyon 35, tallinn 44
#     on prelim + semi: oslo 91, seoul 90, tallinn 84, lyon 83, busan 82 → oslo, seoul, tallinn go on
#     (on the semi alone it would be busan 52, oslo 46, tallinn 44: seoul goes on by the sum only)
#   final:  seoul 45, oslo 40, tallinn 48
#     {sum: [semi, final]}: tallinn 44+48 = 92, oslo 46+40 = 86, seoul 40+45 = 85
#     sum (every round):    seoul 135, tallinn 132, oslo 131
DIVING = {"prelim": {"seoul-a": 50, "busan-b": 30, "oslo-d": 45, "lyon-i": 48, "tallinn-g": 40, "porto-k": 20},
          "semi": {"seoul-a": 40, "busan-b": 52, "oslo-d": 46, "lyon-i": 35, "tallinn-g": 44},
          "final": {"seoul-a": 45, "oslo-d": 40, "tallinn-g": 48}}


def diving_run(root: Path, combine: Any, rounds: dict[str, Any] | None = None, *, errors: tuple[str, ...] = ()) -> Run:
    by_round = {r: {e: [score] * 3 for e, score in scores.items()} for r, scores in DIVING.items()}
    cycle = cycle_doc(rounds=rounds or DIVING_ROUNDS, combine=combine, rules={"aggregate": "mean"})
    cycle["scale"] = {"min": 0, "max": 100}
    return run(root, cycle, panel(*J3), [entry(e) for e in DIVING["prelim"]], round_sheets(by_round, J3), errors=errors)


def test_the_cut_ranks_on_the_sum_of_the_named_rounds(tmp_path: Path) -> None:
    result = diving_run(tmp_path, {"sum": ["semi", "final"]})
    scores = result.results.scores
    cut = {e: next(s for s in scores[e].stages if s.round == "semi").detail["cut_score"] for e in DIVING["semi"]}
    assert cut == {"seoul-a": 90.0, "busan-b": 82.0, "oslo-d": 91.0, "lyon-i": 83.0, "tallinn-g": 84.0}
    assert scores["busan-b"].reason == "not shortlisted in the 'semi' round (rank 5 on prelim + semi; the top 3 go through)"
    assert scores["lyon-i"].reason == "not shortlisted in the 'semi' round (rank 4 on prelim + semi; the top 3 go through)"
    ranks = {e: next(s for s in scores[e].stages if s.round == "semi").detail["round_rank"] for e in DIVING["semi"]}
    assert ranks == {"oslo-d": 1, "seoul-a": 2, "tallinn-g": 3, "lyon-i": 4, "busan-b": 5}


def test_only_the_named_rounds_combine(tmp_path: Path) -> None:
    result = diving_run(tmp_path, {"sum": ["semi", "final"]})
    assert result.order() == ["tallinn-g", "oslo-d", "seoul-a"]
    assert [result.score(e) for e in result.order()] == [92.0, 86.0, 85.0]
    assert result.results.scores["tallinn-g"].detail["combined"] == {"semi": 44.0, "final": 48.0}
    assert result.codes() == []


def test_sum_of_every_round_differs(tmp_path: Path) -> None:
    result = diving_run(tmp_path, "sum")
    assert result.order() == ["seoul-a", "tallinn-g", "oslo-d"]
    assert [result.score(e) for e in result.order()] == [135.0, 132.0, 131.0]


def test_weighted_and_best_over_named_rounds(tmp_path: Path) -> None:
    # weighted (final weight 2): tallinn (44 + 2·48)/3 = 46.666667, seoul (40 + 90)/3 = 43.333333, oslo (46 + 80)/3 = 42
    weighted = diving_run(tmp_path / "w", {"weighted": ["semi", "final"]})
    assert [(e, weighted.score(e)) for e in weighted.order()] == [("tallinn-g", 46.666667), ("seoul-a", 43.333333), ("oslo-d", 42.0)]
    # best of semi and final: tallinn 48, oslo 46, seoul 45 (prelim's 50 does not count)
    best = diving_run(tmp_path / "b", {"best": ["semi", "final"]})
    assert [(e, best.score(e)) for e in best.order()] == [("tallinn-g", 48.0), ("oslo-d", 46.0), ("seoul-a", 45.0)]
    assert best.results.scores["seoul-a"].detail["combined"] == {"semi": 40.0, "final": 45.0}


def test_a_threshold_cut_on_several_rounds(tmp_path: Path) -> None:
    # threshold 85 on prelim + semi: oslo 91 and seoul 90 go on; tallinn 84 does not.
    rounds = {**DIVING_ROUNDS, "semi": {"title": "Semi-final", "shortlist": {"threshold": 85, "on": ["prelim", "semi"]}}}
    result = diving_run(tmp_path, {"sum": ["semi", "final"]}, rounds)
    assert result.order() == ["oslo-d", "seoul-a"]  # 86, 85
    assert result.results.scores["tallinn-g"].reason == "not shortlisted in the 'semi' round (score 84 on prelim + semi; 85 needed)"


def test_a_cut_on_a_round_not_started_stops_the_entry(tmp_path: Path) -> None:
    # Under best-of, busan did not start run1 and goes on to run2; the cut after run2 adds run1 and
    # run2: busan has no run1 score, so it is not ranked at the cut.
    rounds = {"run1": {"title": "Run 1"}, "run2": {"title": "Run 2", "shortlist": {"top": 2, "on": ["run1", "run2"]}},
              "run3": {"title": "Run 3"}}
    marks = {"run1": {"seoul-a": six_marks(80), "oslo-d": six_marks(70), "lyon-i": six_marks(60)},
             "run2": {"seoul-a": six_marks(80), "busan-b": six_marks(95), "oslo-d": six_marks(70), "lyon-i": six_marks(60)},
             "run3": {"seoul-a": six_marks(85), "oslo-d": six_marks(90)}}
    entries = [entry(e) for e in ("seoul-a", "busan-b", "oslo-d", "lyon-i")]
    result = run(tmp_path, halfpipe_cycle(rounds), panel(*J6), entries, round_sheets(marks, J6))
    busan = result.results.scores["busan-b"]
    assert (busan.status, busan.reason) == ("did-not-start", "did not start the 'run1' round")
    assert result.order() == ["oslo-d", "seoul-a"]  # 90, 85


def test_marks_after_the_cut_stay_not_counted(tmp_path: Path) -> None:
    # busan (cut in the semi) marked in the final all the same: J417, as ever.
    by_round = {r: {e: [score] * 3 for e, score in scores.items()} for r, scores in DIVING.items()}
    by_round["final"]["busan-b"] = [50, 50, 50]
    cycle = cycle_doc(rounds=DIVING_ROUNDS, combine={"sum": ["semi", "final"]}, rules={"aggregate": "mean"})
    cycle["scale"] = {"min": 0, "max": 100}
    result = run(tmp_path, cycle, panel(*J3), [entry(e) for e in DIVING["prelim"]], round_sheets(by_round, J3))
    assert result.codes() == ["J417"] * 3
    assert result.order() == ["tallinn-g", "oslo-d", "seoul-a"]


# ------------------------------------------------------------------------------------------------
# 3. Criteria per round

DIVES = {"dive1": {"title": "Dive 1"}, "dive2": {"title": "Dive 2"}, "dive3": {"title": "Dive 3"}}


def test_a_round_judges_its_own_criteria(tmp_path: Path) -> None:
    # prelim judges dive1 and dive2 only, final all three; weighted-sum totals, mean over judges.
    #   prelim: seoul 7 + 8 = 15, oslo 6 + 6 = 12 (no dive3 mark: none asked for)
    #   final:  seoul 7 + 7 + 7 = 21, oslo 8 + 8 + 8 = 24
    rounds = {"prelim": {"title": "Preliminary", "criteria": ["dive1", "dive2"]}, "final": {"title": "Final"}}
    cycle = cycle_doc(calls={"project": {"title": "Diving", "criteria": DIVES, "categories": {"people": {"title": "People", "awards": {}}},
                                         "rounds": rounds, "combine": "sum"}},
                      rules={"total": "weighted-sum"})
    prelim = {"seoul-a": [{"dive1": 7, "dive2": 8}] * 3, "oslo-d": [{"dive1": 6, "dive2": 6}] * 3}
    final = {"seoul-a": [{"dive1": 7, "dive2": 7, "dive3": 7}] * 3, "oslo-d": [{"dive1": 8, "dive2": 8, "dive3": 8}] * 3}
    result = run(tmp_path, cycle, panel(*J3), [entry("seoul-a"), entry("oslo-d")], round_sheets({"prelim": prelim, "final": final}, J3))
    stages = {s.round: s.score for s in result.results.scores["seoul-a"].stages}
    assert stages == {"prelim": 15.0, "final": 21.0}
    assert result.results.scores["oslo-d"].detail["combined"] == {"prelim": 12.0, "final": 24.0}
    assert result.table() == [(1, "oslo-d", "shared"), (1, "seoul-a", "shared")]  # 12 + 24 = 36 = 15 + 21
    assert result.codes() == []


# ------------------------------------------------------------------------------------------------
# 4. References: R217 where the names are wrong, R211 where the keys cannot apply


def _position(root: Path, path: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
    """Line and column (1-based) of the value at `path` in root/cycle.yaml (of its key: `key`)."""
    node: Any = yaml.compose((root / "cycle.yaml").read_text(encoding="utf-8"))
    name: Any = None
    for step in path:
        if isinstance(step, int):
            node = node.value[step]
        else:
            name, node = next((k, v) for k, v in node.value if k.value == step)
    at = name if key else node
    return at.start_mark.line + 1, at.start_mark.column + 1


def _checked(root: Path, call: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    cycle = cycle_doc(calls={"project": {"title": "Diving", "categories": {"people": {"title": "People", "awards": {}}}, **call}})
    write_cycle(root, cycle=cycle, judges=panel(*J3), entry_files={"entries.yaml": [entry("seoul-a")]}, sheets={})
    return [(d.code, d.line, d.column, d.message) for d in run_checks(load_cycle(root)) if d.code in ("R211", "R217")]


def test_combine_names_an_unknown_or_a_screening_round(tmp_path: Path) -> None:
    rounds = {"screen": {"screening": True}, "semi": {"title": "Semi"}, "final": {"title": "Final"}}
    found = _checked(tmp_path, {"rounds": rounds, "combine": {"sum": ["screen", "semi", "finale"]}})
    assert [(c, line, col) for c, line, col, _ in found] == [
        ("R217", *_position(tmp_path, ("calls", "project", "combine", "sum", 0))),
        ("R217", *_position(tmp_path, ("calls", "project", "combine", "sum", 2)))]
    assert "screening" in found[0][3] and "did you mean 'final'" in found[1][3]


def test_shortlist_on_names_a_later_or_unknown_round(tmp_path: Path) -> None:
    rounds = {"prelim": {"title": "Prelim", "shortlist": {"top": 5}},
              "semi": {"title": "Semi", "shortlist": {"top": 3, "on": ["prelm", "semi", "final"]}},
              "final": {"title": "Final"}}
    found = _checked(tmp_path, {"rounds": rounds, "combine": "sum"})
    on = ("calls", "project", "rounds", "semi", "shortlist", "on")
    assert [(c, line, col) for c, line, col, _ in found] == [("R217", *_position(tmp_path, (*on, 0))), ("R217", *_position(tmp_path, (*on, 2)))]
    assert "did you mean 'prelim'" in found[0][3] and "after 'semi'" in found[1][3]


def test_a_round_names_criteria_the_call_lacks(tmp_path: Path) -> None:
    rounds = {"prelim": {"title": "Prelim", "criteria": ["dive1", "dive4"]}, "final": {"title": "Final"}}
    found = _checked(tmp_path, {"criteria": DIVES, "rounds": rounds})
    assert [(c, line, col) for c, line, col, _ in found] == [
        ("R217", *_position(tmp_path, ("calls", "project", "rounds", "prelim", "criteria", 1)))]
    assert "'dive4' is not a criterion" in found[0][3]


def test_required_without_best_is_refused(tmp_path: Path) -> None:
    rounds = {"run1": {"title": "Run 1", "required": True}, "run2": {"title": "Run 2"}}
    found = _checked(tmp_path, {"rounds": rounds, "combine": "sum"})
    assert [c for c, *_ in found] == ["R211"]
    assert _checked(tmp_path / "best", {"rounds": rounds, "combine": "best"}) == []


def test_good_references_are_quiet(tmp_path: Path) -> None:
    prelim: dict[str, Any] = {**DIVING_ROUNDS["prelim"], "criteria": ["dive1", "dive2"]}
    call = {"criteria": DIVES, "rounds": {**DIVING_ROUNDS, "prelim": prelim},
            "combine": {"sum": ["semi", "final"]}}
    assert _checked(tmp_path, call) == []


def test_a_cut_adding_up_a_rank_method_round_and_an_empty_criteria_list_are_refused(tmp_path: Path) -> None:
    rounds = {"prelim": {"title": "Prelim", "criteria": [], "rules": {"aggregate": "borda"}},
              "semi": {"title": "Semi", "shortlist": {"top": 3, "on": ["prelim", "semi"]}},
              "final": {"title": "Final"}}
    found = _checked(tmp_path, {"criteria": DIVES, "rounds": rounds})
    where = ("calls", "project", "rounds")
    assert sorted((c, line, column) for c, line, column, _ in found) == sorted([
        ("R211", *_position(tmp_path, (*where, "prelim", "criteria"), key=True)),
        ("R211", *_position(tmp_path, (*where, "semi", "shortlist", "on"), key=True))])


# ------------------------------------------------------------------------------------------------
# 5. Review of issue 16: names listed twice, combine leaving out the last round, thresholds of a
#    criterion the last round does not judge


def test_combine_naming_a_round_twice_is_r217(tmp_path: Path) -> None:
    # {sum: [prelim, semi, semi, final]} used to be read as a set: the second 'semi' silently dropped.
    rounds = {"prelim": {"title": "Prelim"}, "semi": {"title": "Semi"}, "final": {"title": "Final"}}
    found = _checked(tmp_path, {"rounds": rounds, "combine": {"sum": ["prelim", "semi", "semi", "final"]}})
    assert [(c, line, col) for c, line, col, _ in found] == [("R217", *_position(tmp_path, ("calls", "project", "combine", "sum", 2)))]
    assert "'semi' twice" in found[0][3]


def test_combine_leaving_out_the_last_round_is_r211(tmp_path: Path) -> None:
    # {sum: [prelim, semi]} of prelim, semi, final: the final's marks are read and count for
    # nothing (no cut after it either). The whole combine is refused, at its key.
    rounds = {"prelim": {"title": "Prelim"}, "semi": {"title": "Semi"}, "final": {"title": "Final"}}
    found = _checked(tmp_path, {"rounds": rounds, "combine": {"sum": ["prelim", "semi"]}})
    assert [(c, line, col) for c, line, col, _ in found] == [("R211", *_position(tmp_path, ("calls", "project", "combine", "sum"), key=True))]
    assert "'final', the last round" in found[0][3]
    # best of the runs, with a qualifying round that cuts before them: the last run is named, all is
    # well (a qualifying round that cut no one would count for nothing: R211, test_rules_formats2.py)
    runs = {"qual": {"title": "Qualification", "shortlist": {"top": 8}}, **RUNS}
    assert _checked(tmp_path / "best", {"rounds": runs, "combine": {"best": ["run1", "run2", "run3"]}}) == []


def test_combine_without_the_final_was_ranked_on_dead_marks(tmp_path: Path) -> None:
    # The reproduction: prelim a 5, b 4; semi a 5, b 4; final a 1, b 9. {sum: [prelim, semi, semi]}
    # ranked a (10) over b (8) with no word; now it is an error (and a duplicate) before any ranking.
    rounds = {"prelim": {"title": "P"}, "semi": {"title": "S"}, "final": {"title": "F"}}
    cycle = cycle_doc(rounds=rounds, combine={"sum": ["prelim", "semi", "semi"]})
    marks = {"prelim": {"seoul-a": [5], "busan-b": [4]}, "semi": {"seoul-a": [5], "busan-b": [4]},
             "final": {"seoul-a": [1], "busan-b": [9]}}
    result = run(tmp_path, cycle, panel("j1"), [entry("seoul-a"), entry("busan-b")], round_sheets(marks, ["j1"]),
                 errors=("R211", "R217"))
    assert sorted((d.code, d.line) for d in result.diagnostics) == sorted([
        ("R211", _position(tmp_path, ("calls", "project", "combine", "sum"), key=True)[0]),
        ("R217", _position(tmp_path, ("calls", "project", "combine", "sum", 2))[0])])


def test_shortlist_on_and_round_criteria_naming_one_twice_are_r217(tmp_path: Path) -> None:
    # on: [prelim, prelim, semi] would add the prelim's score twice at the cut
    rounds = {"prelim": {"title": "Prelim", "criteria": ["dive1", "dive2", "dive1"]},
              "semi": {"title": "Semi", "shortlist": {"top": 3, "on": ["prelim", "prelim", "semi"]}},
              "final": {"title": "Final"}}
    found = _checked(tmp_path, {"criteria": DIVES, "rounds": rounds, "combine": "sum"})
    where = ("calls", "project", "rounds")
    assert sorted((c, line, col) for c, line, col, _ in found) == sorted([
        ("R217", *_position(tmp_path, (*where, "prelim", "criteria", 2))),
        ("R217", *_position(tmp_path, (*where, "semi", "shortlist", "on", 1)))])


def _threshold_run(root: Path) -> Run:
    # dive1 (threshold 5) is judged in the prelim only; the final judges dive2 and dive3.
    #   seoul-a: prelim dive1 1, dive2 8 = 9; final 9 + 9 = 18 → 27
    #   oslo-d:  prelim dive1 7, dive2 7 = 14; final 7 + 7 = 14 → 28
    criteria = {"dive1": {"title": "Dive 1", "threshold": 5}, "dive2": {"title": "Dive 2"}, "dive3": {"title": "Dive 3"}}
    rounds = {"prelim": {"title": "Preliminary", "criteria": ["dive1", "dive2"]},
              "final": {"title": "Final", "criteria": ["dive2", "dive3"]}}
    awards = {"gold": 1, "silver": 1}
    cycle = cycle_doc(calls={"project": project(criteria=criteria, rounds=rounds, combine="sum", awards=awards)},
                      rules={"total": "weighted-sum"})
    marks = {"prelim": {"seoul-a": [{"dive1": 1, "dive2": 8}], "oslo-d": [{"dive1": 7, "dive2": 7}]},
             "final": {"seoul-a": [{"dive2": 9, "dive3": 9}], "oslo-d": [{"dive2": 7, "dive3": 7}]}}
    return run(root, cycle, panel("j1"), [entry("seoul-a"), entry("oslo-d")], round_sheets(marks, ["j1"]))


def test_a_threshold_holds_on_the_last_round_that_judged_the_criterion(tmp_path: Path) -> None:
    # Before: only the last round's means were read, which have no dive1: the threshold was skipped.
    result = _threshold_run(tmp_path)
    assert result.order() == ["oslo-d", "seoul-a"]
    seoul = result.results.scores["seoul-a"]
    assert seoul.ineligible == "mean mark on dive1 in the 'prelim' round is 1, below its threshold of 5"
    assert result.results.scores["oslo-d"].ineligible is None
    assert result.awarded() == [("gold", "oslo-d")]  # seoul-a, second, cannot take the silver
