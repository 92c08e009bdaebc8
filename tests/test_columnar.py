"""The columnar judging engine (judging/columnar.py) against the reference (the line-by-line code):
on random cycles both give the same Scoring, to the last bit — every EntryScore and Line field, every
stage's notes; and its arithmetic pieces (exact sums, Python's rounding) against math.fsum and round().

The rest of the suite runs with the default: the columnar engine on rounds big enough to pay for
importing numpy (scoring.COLUMNAR_FROM lines), the reference on the small cycles of most tests. To
run any test file with one engine on every round, load this module as a plugin: its pytest_configure
sets the engine of SMARTAWARD_TEST_ENGINE, "reference" (the default) or "columnar" (on every round):

    PYTHONPATH=tests python -m pytest -p test_columnar tests/test_scoring*.py tests/test_rules*.py ...
    SMARTAWARD_TEST_ENGINE=columnar PYTHONPATH=tests python -m pytest -p test_columnar tests/...
"""

from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from cyclefiles import write_cycle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from rulecycles import cycle_doc, entry, panel, project

from smartaward.judging import columnar, scoring
from smartaward.judging.stages import SCORE_DECIMALS, EntryScore, Scoring
from smartaward.reading.load import Cycle, load_cycle

BENCH = Path("/work/bench/M")


def pytest_configure(config: pytest.Config) -> None:
    """Only as a plugin (`-p test_columnar`): the whole run judges with one engine."""
    scoring.ENGINE = os.environ.get("SMARTAWARD_TEST_ENGINE", "reference")
    if scoring.ENGINE == "columnar":
        scoring.COLUMNAR_FROM = 0


# -- comparing two Scorings, bit for bit ----------------------------------------------------------


def snapshot(value: Any, path: tuple[int, ...] = ()) -> Any:
    """Plain nested data of a Scoring: floats by their bits (-0.0 is not 0.0, NaN equals NaN), an
    entry by its id, dataclasses field by field (an object met again inside itself: by name only)."""
    if isinstance(value, float):
        return ("float", value.hex())
    if isinstance(value, (str, int, bool)) or value is None:
        return (type(value).__name__, value)
    if isinstance(value, BaseModel):
        return ("model", getattr(value, "id", repr(value)))
    # (a DeferredScore is an EntryScore whose lines are made when read: compared as one)
    name = "EntryScore" if isinstance(value, EntryScore) else type(value).__name__
    if id(value) in path:
        return ("again", name)
    inner = (*path, id(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (name, [(f.name, snapshot(getattr(value, f.name), inner)) for f in dataclasses.fields(value)])
    if isinstance(value, dict):
        return ("dict", [(snapshot(k, inner), snapshot(v, inner)) for k, v in value.items()])
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return (type(value).__name__, [snapshot(v, inner) for v in items])
    return ("repr", repr(value))


def judged(cycle: Cycle, engine: str, method: str | None = None) -> Scoring:
    """The cycle judged by one engine (the columnar one on every round it covers, however small)."""
    before = scoring.ENGINE, scoring.COLUMNAR_FROM
    scoring.ENGINE, scoring.COLUMNAR_FROM = engine, 0
    try:
        return scoring.score_cycle(cycle, method)
    finally:
        scoring.ENGINE, scoring.COLUMNAR_FROM = before


def assert_same(cycle: Cycle, method: str | None = None) -> None:
    """The same Scoring; or where the reference fails (half_up of a mark like 1e300 under `decimals:`,
    a bug of its own: exit 3), the same failure."""
    try:
        reference = judged(cycle, "reference", method)
    except (ArithmeticError, ValueError) as failure:
        with pytest.raises(type(failure)):
            judged(cycle, "columnar", method)
        return
    columnar_scoring = judged(cycle, "columnar", method)
    # what is asked of a result before its lines are made (stages.DeferredScore), then every field
    judges = sorted({*cycle.judges, *(judge for r in every_result(reference) for judge in r.lines)})
    assert facts(columnar_scoring, judges) == facts(reference, judges)
    assert snapshot(columnar_scoring) == snapshot(reference)


def every_result(judged: Scoring) -> list[Any]:
    return [*judged.finals.values(), *(r for stage in judged.stages for r in stage.results.values())]


def facts(judged: Scoring, judges: list[str]) -> list[Any]:
    """What the checks and the ranking ask of every result without reading its lines."""
    return [(r.entry.id, r.round, r.judges, r.excluded, r.excluded_by, r.pending, [line.judge for line in r.not_counted()],
             [judge for judge in judges if r.marked_by(judge)]) for r in every_result(judged)]


# -- random cycles ------------------------------------------------------------------------------

PLACES = ["seoul", "oslo", "lyon", "porto", "cebu", "tartu", "vienna", "busan"]
# Marks of every kind the sheets may hold: on a step, decimals without a step, thirds, huge and
# tiny numbers, integers too large for a float, and what is no number at all.
PLAIN = st.sampled_from([0, 1, 2, 5, 6, 6.5, 7, 7.5, 8, 9.5, 10])
DECIMAL = st.integers(0, 100).map(lambda k: k / 10)  # 7.3, 8.1, ...
THIRDS = st.integers(0, 30).map(lambda k: k / 3)
ODD = st.sampled_from([1e300, -1e300, 1e308, 1e-300, 5e-324, -0.0, 10**20 + 1, 10**400, 2**53 + 1, 1e290,
                       float("inf"), float("nan"), None, True, "7", [1, 2]])
ANY_FLOAT = st.floats(-1e6, 1e6, allow_nan=False)


def marks_of(kind: str) -> st.SearchStrategy[Any]:
    if kind == "plain":
        return PLAIN
    if kind == "decimal":
        return st.one_of(PLAIN, DECIMAL)
    if kind == "thirds":
        return st.one_of(THIRDS, DECIMAL)
    return st.one_of(PLAIN, DECIMAL, THIRDS, ANY_FLOAT, ODD)


def rules_of(draw: st.DrawFn, criteria: dict[str, Any]) -> dict[str, Any]:
    aggregate = draw(st.sampled_from(["mean", "median", "sum", "trimmed-mean", "trimmed-sum", "approval", "rank-sum"]))
    rules: dict[str, Any] = {"aggregate": aggregate, "min_judges": draw(st.sampled_from([1, 2, 3]))}
    if aggregate.startswith("trimmed"):
        rules["trim"] = 1
    if criteria and draw(st.booleans()):
        rules["per"] = "criterion"
        if draw(st.integers(0, 3)) == 0:
            rules["panel"] = "criterion"  # (the reference reads such a round: the dispatch is tested)
    rules["total"] = draw(st.sampled_from(["weighted-mean", "weighted-sum"]))
    rules["normalise"] = draw(st.sampled_from(["none", "none", "none", "z-score", "percentile", "calibrated"]))
    if draw(st.booleans()):
        rules["decimals"] = draw(st.sampled_from([0, 1, 2]))
    if draw(st.integers(0, 4)) == 0:
        rules["conflicts"] = {"same": ["country"]}
    return rules


def judges_of(draw: st.DrawFn) -> dict[str, Any]:
    """Judges who count, observers, judges with a declared conflict or sharing a country (KR)."""
    judge_ids = [f"j{k}" for k in range(draw(st.integers(1, 7)))]
    extra = {}
    for j in judge_ids:
        kind = draw(st.sampled_from(["plain"] * 6 + ["observer", "conflict", "country"]))
        if kind == "observer":
            extra[j] = {"voting": False}
        elif kind == "conflict":
            extra[j] = {"conflicts": [f"{draw(st.sampled_from(PLACES))}-*"]}
        elif kind == "country":
            extra[j] = {"country": "KR"}
    return panel(*judge_ids, **extra)


def entries_of(draw: st.DrawFn, criteria: dict[str, Any], rounds: list[str] | None) -> list[dict[str, Any]]:
    """Entries, some with factors (per criterion without rounds, on the last round's score with)."""
    entries = []
    for i, place in enumerate(draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=8))):
        data = entry(f"{place}-e{i}")
        if criteria and not rounds and draw(st.integers(0, 3)) == 0:
            data["factors"] = {c: draw(st.sampled_from([0.5, 1.5, 2.0, 1.3])) for c in criteria}
        if rounds and draw(st.integers(0, 3)) == 0:
            data["factors"] = {rounds[-1]: draw(st.sampled_from([0.5, 1.5, 1.3]))}
        entries.append(data)
    return entries


def sheets_of(draw: st.DrawFn, criteria: dict[str, Any], rounds: list[str] | None, judges: list[str],
              entry_ids: list[str]) -> dict[str, Any]:
    """Each judge's sheet in each round: a line for most entries, now and then a criterion unmarked."""
    values = marks_of(draw(st.sampled_from(["plain", "plain", "decimal", "thirds", "any"])))
    sheets: dict[str, Any] = {}
    markers = [*judges, *(["ghost"] if draw(st.integers(0, 5)) == 0 else [])]  # a judge not in judges.yaml
    for round_id in rounds or [None]:
        for j in markers:
            scores = {}
            for e in entry_ids:
                if draw(st.integers(0, 5)) == 0:
                    continue  # no line for this entry
                if criteria:
                    line = {c: draw(values) for c in criteria if draw(st.integers(0, 12)) != 0}
                    scores[e] = line or {next(iter(criteria)): 5}
                else:
                    scores[e] = draw(values)
            if scores:
                sheets[f"{round_id or 'all'}-{j}.yaml"] = {"judge": j, **({"round": round_id} if round_id else {}), "scores": scores}
    return sheets


@st.composite
def cycles(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """(cycle.yaml, judges.yaml, entries, score sheets by file name)."""
    criteria_count = draw(st.integers(0, 3))
    weights = draw(st.lists(st.sampled_from([1, 1, 2, 0.5, 3, 0.1]), min_size=criteria_count, max_size=criteria_count))
    criteria = {f"c{i}": {"title": f"C{i}", "weight": w} for i, w in enumerate(weights)}
    rounds = draw(st.sampled_from([None, None, ["r1", "r2"], ["r1", "r2", "r3"]]))
    keys: dict[str, Any] = {}
    if rounds:
        keys["rounds"] = {r: ({"title": r, "shortlist": {"top": draw(st.integers(1, 4))}} if r != rounds[-1] else {"title": r})
                          for r in rounds}
        keys["combine"] = draw(st.sampled_from(["final-only", "sum", "best"]))
    cycle = cycle_doc(rules=rules_of(draw, criteria), calls={"project": project(criteria=criteria, **keys)})
    judges = judges_of(draw)
    entries = entries_of(draw, criteria, rounds)
    return cycle, judges, entries, sheets_of(draw, criteria, rounds, list(judges), [e["id"] for e in entries])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cycles())
def test_both_engines_judge_every_random_cycle_alike(made: tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], dict[str, Any]]) -> None:
    cycle_data, judges, entries, sheets = made
    with tempfile.TemporaryDirectory() as folder:
        root = write_cycle(Path(folder), cycle=cycle_data, judges=judges, entry_files={"entries.yaml": entries}, sheets=sheets)
        cycle = load_cycle(root)
        if cycle.spec is None:  # (a drawn cycle.yaml the schema refuses is no test of the engines)
            return
        assert_same(cycle)


@pytest.mark.parametrize("method", [None, "median", "trimmed-mean:1", "sum", "approval", "borda"])
def test_both_engines_judge_the_sample_cycles_alike(method: str | None) -> None:
    for folder in sorted(Path(__file__).parent.parent.joinpath("cycles").iterdir()):
        if (folder / "cycle.yaml").exists():
            cycle = load_cycle(folder)
            if cycle.spec is not None:
                assert_same(cycle, method)


@pytest.mark.parametrize("sample", [None, "seoul-smart-city-2024"])
def test_lines_are_made_only_for_the_entries_asked_for(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sample: str | None) -> None:
    """Issue 17: validate and the results make no Line of an entry none of whose lines is excluded,
    in a round the columnar engine read; explain of one entry makes that entry's, the same as the
    reference's. A small cycle with no rule about judges, and Seoul 2024 (a conflict rule, rounds,
    a screening round, assignment files)."""
    from smartaward import api
    from smartaward.judging.stages import DeferredScore

    if sample is not None:
        root = Path(__file__).parent.parent / "cycles" / sample
    else:
        places = list(PLACES)
        entries = [entry(f"{places[i % len(places)]}-e{i}") for i in range(40)]
        criteria = {"impact": {"title": "Impact", "weight": 2}, "design": {"title": "Design", "weight": 1}}
        judges = [f"j{k}" for k in range(4)]
        marks = {e["id"]: {"impact": (i * 7) % 11, "design": i % 10 + 0.5} for i, e in enumerate(entries)}
        sheets = {f"{j}.yaml": {"judge": j, "scores": {e: {c: (v + k) % 10 for c, v in m.items()} for e, m in marks.items()}}
                  for k, j in enumerate(judges)}
        root = write_cycle(tmp_path / "c", cycle=cycle_doc(rules={"min_judges": 3}, calls={"project": project(criteria=criteria)}),
                           judges=panel(*judges), entry_files={"entries.yaml": entries}, sheets=sheets)
    made: list[int] = []
    lines_of = columnar.Columns.lines
    monkeypatch.setattr(columnar.Columns, "lines", lambda self, source, first: made.append(first) or lines_of(self, source, first))
    monkeypatch.setattr(scoring, "COLUMNAR_FROM", 0)
    outcome = api.results(root)
    assert outcome.results is not None and outcome.checked.scoring is not None
    deferred = [r for stage in outcome.checked.scoring.stages for r in stage.results.values() if type(r) is DeferredScore]
    assert len(deferred) >= (40 if sample is None else 100)
    # (a tie broken by the judges' totals reads the tied entries' lines: Seoul 2024 has a few)
    assert len(made) == (0 if sample is None else 6)
    made.clear()
    one = deferred[7]
    assert one.judges == len(one.lines) > 0 and len(made) == 1
    reference = judged(load_cycle(root), "reference")
    same = next(r for stage in reference.stages for r in stage.results.values() if r.entry.id == one.entry.id and r.round == one.round)
    assert snapshot(one.lines) == snapshot(same.lines)
    # the same fields: equal, whichever class asks (stages left out: a final result is in its own)
    mine, theirs = dataclasses.replace(one, stages=[]), dataclasses.replace(same, stages=[])
    assert type(mine) is DeferredScore and type(theirs) is not DeferredScore
    assert mine == theirs and theirs == mine and mine != dataclasses.replace(theirs, score=-1.0)


@pytest.mark.skipif(not BENCH.exists(), reason="the synthetic benchmark cycle is not here")
def test_both_engines_judge_the_benchmark_cycle_alike() -> None:
    assert_same(load_cycle(BENCH))


# -- the arithmetic -------------------------------------------------------------------------------

FLOATS = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.floats(-1e7, 1e7),
                   st.integers(-10**8, 10**8).map(lambda k: k / 10**6), st.integers(-10**4, 10**4).map(lambda k: k / 8 / 10**6),
                   st.integers(-10**9, 10**9).map(lambda k: k / 10**7 + 5e-7),  # near a half at the 7th decimal
                   st.sampled_from([0.0, -0.0, 0.0078125, 2.5e-7, -2.5e-7, 1e-7, -1e-7, 4.9999995e-7, 2.675, 1e300]))


@given(st.lists(FLOATS, min_size=1, max_size=50))
def test_rounded_is_pythons_round(values: list[float]) -> None:
    got = columnar.rounded(np.array(values, dtype=np.float64))
    assert [v.hex() for v in got] == [round(v, SCORE_DECIMALS).hex() for v in values]


@given(st.integers(1, 6).flatmap(lambda n: st.lists(st.lists(FLOATS, min_size=n, max_size=n), min_size=1, max_size=20)))
def test_exact_sums_are_fsum_where_certain(rows: list[list[float]]) -> None:
    terms = np.array(rows, dtype=np.float64)
    with np.errstate(all="ignore"):
        sums, certain = columnar.exact_sums([terms[:, j] for j in range(terms.shape[1])])
    for row, total, sure in zip(rows, sums.tolist(), certain.tolist(), strict=True):
        if sure:
            assert total.hex() == math.fsum(row).hex()


def test_exact_sums_are_certain_for_marks_on_a_step_and_most_decimals() -> None:
    """The exactness test is no formality: sums of steps are exact, and 7.3 + 8.1 + ... are found
    exact through the second level (fsum's answer, certain) rather than left to the reference."""
    halves = np.array([[6.5, 7, 9.5, 10, 0.5]] * 3, dtype=np.float64)
    decimals = np.array([[7.3, 8.1, 6.7, 9.9, 5.2], [0.1, 0.2, 0.3, 0.4, 0.7]], dtype=np.float64)
    for terms in (halves, decimals):
        sums, certain = columnar.exact_sums([terms[:, j] for j in range(terms.shape[1])])
        assert certain.all()
        assert [s.hex() for s in sums.tolist()] == [math.fsum(row).hex() for row in terms.tolist()]


def test_a_small_cycle_is_judged_without_importing_numpy() -> None:
    """numpy's import costs more than the engine saves on a small cycle: below COLUMNAR_FROM lines
    a round is read by the reference, and numpy is never imported (as before the engine)."""
    code = ("import sys; from pathlib import Path; from smartaward.reading.load import load_cycle; "
            "from smartaward.judging.scoring import score_cycle; "
            "score_cycle(load_cycle(Path(sys.argv[1]))); print('numpy' in sys.modules)")
    sample = Path(__file__).parent.parent / "cycles" / "seoul-smart-city-2024"
    done = subprocess.run([sys.executable, "-c", code, str(sample)], capture_output=True, text=True, check=True,
                          env={**os.environ, "SMARTAWARD_CACHE_DIR": tempfile.mkdtemp()})
    assert done.stdout.strip() == "False"
