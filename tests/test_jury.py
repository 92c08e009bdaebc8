"""`smartaward judges`: judge statistics, panel agreement and flags (jury.py, agreement.py).

The figures asserted here are worked out by hand in the comments (docs/judges.md has the formulas);
alpha is checked against Krippendorff's own published example.
"""

from __future__ import annotations

import csv
import io
import json
from math import nan
from pathlib import Path

import pytest
from cyclefiles import write_cycle
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from smartaward.cli.app import app
from smartaward.publishing.agreement import (
    average_ranks,
    complete_block,
    kendall_w,
    krippendorff_alpha,
)
from smartaward.publishing.jury import JudgeInfo, Mark, panel_statistics, robust_z

CYCLES = Path(__file__).resolve().parent.parent / "cycles"
runner = CliRunner()

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the reliability data with
# missing values: 4 observers (rows) × 12 units (columns).
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize(("level", "published"), [("interval", 0.849), ("nominal", 0.743), ("ordinal", 0.815),
                                                  ("ratio", 0.797)])
def test_alpha_reproduces_krippendorffs_published_example(level, published):
    assert round(krippendorff_alpha(K2011, level).value, 3) == published


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(0, 20).map(lambda v: v / 2)), min_size=4, max_size=4),
                min_size=2, max_size=6))
def test_closed_form_interval_alpha_agrees_with_the_krippendorff_package(rows):
    """Interval alpha is computed in closed form (the package needs a value × value matrix, too big
    for big panels); on any panel with missing marks it must equal the package's value."""
    import krippendorff
    import numpy as np

    outcome = krippendorff_alpha(rows, "interval")
    if outcome.value is None:
        return
    matrix = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
    assert outcome.value == pytest.approx(krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval"),
                                          abs=1e-9)


def test_alpha_is_undefined_without_pairs_or_without_variation():
    assert krippendorff_alpha([[1, None], [None, 2]]).value is None
    one_value = krippendorff_alpha([[3, 3], [3, 3]])
    assert one_value.value is None and one_value.reason
    assert krippendorff_alpha([[1, 2, nan], [1, 2, 3]]).value == 1.0


def test_average_ranks_and_tie_term():
    assert average_ranks([5, 5, 7, 6]) == ([1.5, 1.5, 4.0, 3.0], 6.0)
    assert average_ranks([2, 2, 2, 1]) == ([3.0, 3.0, 3.0, 1.0], 24.0)


def test_kendall_w_with_ties_by_hand():
    # 3 judges × 4 entries. Ranks (ties averaged): j1 1 2 3 4 (T 0); j2 1.5 1.5 3 4 (T 6);
    # j3 2 2 2 4 (T 24). Rank sums R = 4.5 5.5 8 12, mean m(n+1)/2 = 7.5,
    # S = 9 + 4 + 0.25 + 20.25 = 33.5, W = 12·33.5 / (9·60 − 3·30) = 402 / 450 = 0.893333...
    w = kendall_w([[1, 2, 3, 4], [10, 10, 20, 30], [0, 0, 0, 5]])
    assert w.value == pytest.approx(402 / 450)
    # Without ties, perfect agreement is 1 and the reversed order of two judges 0.
    assert kendall_w([[1, 2, 3], [4, 5, 6]]).value == pytest.approx(1.0)
    assert kendall_w([[1, 2, 3], [3, 2, 1]]).value == pytest.approx(0.0)


def test_kendall_w_needs_two_judges_two_entries_and_some_order():
    assert kendall_w([[1, 2, 3]]).value is None
    assert kendall_w([[1], [2]]).value is None
    undefined = kendall_w([[1, 1], [2, 2]])
    assert undefined.value is None and undefined.reason


def test_complete_block_whole_panel_or_greedy_largest():
    full = {"a": {"x": 1, "y": 2}, "b": {"x": 2, "y": 3, "z": 1}}
    assert (complete_block(full).judges, complete_block(full).entries) == (["a", "b"], ["x", "y"])
    # Two sub-panels: {a, b, c} share p q r; d shares only p with a. The best pair is a-b (3
    # entries); adding c keeps 3 entries (9 > 6), adding d then would leave 1 (4 < 9).
    split = {"a": dict.fromkeys("pqr", 1), "b": dict.fromkeys("pqr", 1), "c": dict.fromkeys("pqrs", 1),
             "d": dict.fromkeys("pt", 1)}
    block = complete_block(split)
    assert (block.judges, block.entries) == (["a", "b", "c"], ["p", "q", "r"])


def test_robust_z_falls_back_to_the_mean_absolute_deviation():
    zs = robust_z([0.0, 0.0, 0.0, 0.0, 2.0])  # MAD 0: scale 1.2533 × mean |x − median| = 1.2533 × 0.4
    assert zs[-1] == pytest.approx(2.0 / (1.2533 * 0.4))
    assert robust_z([1.0, 1.0, 1.0]) == [None, None, None]


# -- a small cycle, every figure by hand ------------------------------------------------------------
#
#        e1  e2  e3  e4  e5  e6      entrant country/city: e1 KR/Busan, e2 PH/Manila, e3 JP/Tokyo,
#   a     6   7   5   8  (9)  7      e4 US/Boston, e5 US/Austin, e6 NO/Oslo
#   b     5   6   5   7   6   6      a (NO) declared a conflict with e5 (J402);
#   c     7  (8)  6   9   8   8      c (PH, Manila) shares e2's city: a derived conflict (J410);
#   d     4   5   4   6   5   5      o is an observer (voting: false).
#   o     8   8   8   8   8   8      Aggregate: trimmed-mean, trim 1.

MARKS = {
    "a": {"e1": 6, "e2": 7, "e3": 5, "e4": 8, "e5": 9, "e6": 7},
    "b": {"e1": 5, "e2": 6, "e3": 5, "e4": 7, "e5": 6, "e6": 6},
    "c": {"e1": 7, "e2": 8, "e3": 6, "e4": 9, "e5": 8, "e6": 8},
    "d": {"e1": 4, "e2": 5, "e3": 4, "e4": 6, "e5": 5, "e6": 5},
    "o": dict.fromkeys(["e1", "e2", "e3", "e4", "e5", "e6"], 8),
}
PLACES = {"e1": ("KR", "Busan"), "e2": ("PH", "Manila"), "e3": ("JP", "Tokyo"), "e4": ("US", "Boston"),
          "e5": ("US", "Austin"), "e6": ("NO", "Oslo")}


def small_cycle(root: Path) -> Path:
    return write_cycle(
        root,
        cycle={"cycle": "jury-test", "title": "Jury test", "scale": {"min": 0, "max": 10},
               "rules": {"aggregate": "trimmed-mean", "trim": 1, "min_judges": 3,
                         "conflicts": {"same": ["city"], "severity": "warning"}},
               "calls": {"project": {"title": "Projects", "closes": "2025-06-30",
                                     "categories": {"people": {"title": "People", "awards": {"gold": 1}}}}}},
        judges={"a": {"name": "Ann", "country": "NO", "conflicts": ["e5"]},
                "b": {"name": "Bo", "country": "KR", "city": "Seoul"},
                "c": {"name": "Cy", "country": "PH", "city": "Manila"},
                "d": {"name": "Di", "country": "JP"},
                "o": {"name": "Oz", "country": "DE", "voting": False}},
        entry_files={f"{e}.yaml": {"id": e, "call": "project", "category": "people", "title": f"Entry {e}",
                                   "entrant": {"name": f"Entrant {e}", "type": "city", "city": city, "country": country},
                                   "submitted": "2025-06-01"} for e, (country, city) in PLACES.items()},
        sheets={f"{j}.yaml": {"judge": j, "scores": marks} for j, marks in MARKS.items()},
    )


@pytest.fixture(scope="module")
def document(tmp_path_factory) -> dict:
    root = small_cycle(tmp_path_factory.mktemp("jury") / "cycle")
    result = runner.invoke(app, ["judges", str(root), "--format", "json", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_document_shape(document):
    assert document["version"] == 1 and document["cycle"] == "jury-test"
    assert [j["judge"] for j in document["judges"]] == ["a", "b", "c", "d", "o"]
    [panel] = document["panels"]
    assert (panel["call"], panel["round"], panel["kind"]) == ("project", None, "scores")
    assert (panel["judges"], panel["observers"], panel["entries"], panel["marks"]) == (4, ["o"], 6, 22)


def test_leniency_by_hand(document):
    # a: e1 6 − (5+7+4)/3, e2 7 − (6+5)/2, e3 5 − (5+6+4)/3, e4 8 − (7+9+6)/3, e6 7 − (6+8+5)/3
    #  = 2/3 + 1.5 + 0 + 2/3 + 2/3 = 3.5 over 5 entries → 0.7
    # b: −2/3, 0, 0, −2/3, −0.5, −2/3 → −2.5/6; c: 2, 4/3, 2, 2.5, 2 → 9.8333/5;
    # d: −2, −1.5, −4/3, −2, −2, −2 → −10.8333/6; the observer o against all four: 11.1667/6.
    by_judge = {r["judge"]: r for r in document["panels"][0]["by_judge"]}
    assert by_judge["a"]["leniency"] == 0.7 and by_judge["a"]["leniency_entries"] == 5
    assert by_judge["b"]["leniency"] == round(-2.5 / 6, 4)
    assert by_judge["c"]["leniency"] == round((2 + 4 / 3 + 2 + 2.5 + 2) / 5, 4)
    assert by_judge["d"]["leniency"] == round((-2 - 1.5 - 4 / 3 - 2 - 2 - 2) / 6, 4)
    assert by_judge["o"]["leniency"] == round((2.5 + 2 + 3 + 0.5 + (8 - 19 / 3) + 1.5) / 6, 4)
    # the top-level figures pool the judge's panels: one panel here, so the same
    assert {j["judge"]: j["leniency"] for j in document["judges"]} == {k: v["leniency"] for k, v in by_judge.items()}


def test_mean_sd_and_correlation_by_hand(document):
    a = next(r for r in document["panels"][0]["by_judge"] if r["judge"] == "a")
    # a's counted totals 6 7 5 8 7: mean 6.6, squares 0.36+0.16+2.56+1.96+0.16 = 5.2, sd √(5.2/4)
    assert (a["marks"], a["lines"], a["mean"], a["sd"]) == (5, 6, 6.6, round(1.3 ** 0.5, 4))
    # r of (6 7 5 8 7) with the others' means (16/3, 5.5, 5, 22/3, 19/3) = 0.886522...
    assert a["correlation"] == 0.8865 and a["correlation_entries"] == 5
    o = next(r for r in document["panels"][0]["by_judge"] if r["judge"] == "o")
    assert o["observer"] is True and o["correlation"] is None  # eight everywhere: no variance
    assert o["flags"] == []


def test_trimmed_conflicts_and_home_country(document):
    by_judge = {r["judge"]: r for r in document["panels"][0]["by_judge"]}
    # Every entry has 3 or 4 counted marks; the highest and lowest are dropped: c is highest on
    # e1 e3 e4 e5 e6, a on e2; d lowest everywhere.
    assert {j: (r["trimmed"], r["trimmed_highest"], r["trimmed_lowest"]) for j, r in by_judge.items()} == {
        "a": (1, 1, 0), "b": (0, 0, 0), "c": (5, 5, 0), "d": (6, 0, 6), "o": (0, 0, 0)}
    assert by_judge["a"]["conflict_entries"] == [{"entry": "e5", "code": "J402", "reason": by_judge["a"]["conflict_entries"][0]["reason"]}]
    assert [(c["entry"], c["code"]) for c in by_judge["c"]["conflict_entries"]] == [("e2", "J410")]
    assert {j: r["conflicts"] for j, r in by_judge.items()} == {"a": 1, "b": 0, "c": 1, "d": 0, "o": 0}
    # home country: a (NO) on e6, b (KR) on e1, c (PH) on e2 — excluded by the city rule —, d (JP) on e3
    assert {j: (r["home_country"], r["home_country_excluded"]) for j, r in by_judge.items()} == {
        "a": (1, 0), "b": (1, 0), "c": (1, 1), "d": (1, 0), "o": (0, 0)}


def test_kendall_w_and_alpha_of_the_small_cycle(document):
    panel = document["panels"][0]
    w = panel["kendall_w"]
    # The complete block: a b c d on e1 e3 e4 e6 (c did not count on e2, a on e5). Ranks:
    # a 2 1 4 3; b 1.5 1.5 4 3 (T 6); c 2 1 4 3; d 1.5 1.5 4 3 (T 6). R = 7 5 16 12, mean 10,
    # S = 9 + 25 + 36 + 4 = 74, W = 12·74 / (16·60 − 4·12) = 888/912.
    assert (w["block_judges"], w["block_entries"]) == (["a", "b", "c", "d"], ["e1", "e3", "e4", "e6"])
    assert w["value"] == round(888 / 912, 4)
    alpha = krippendorff_alpha([[MARKS[j][e] if (j, e) not in (("a", "e5"), ("c", "e2")) else None
                                 for e in sorted(PLACES)] for j in "abcd"], "interval")
    assert panel["alpha"] == {"level": "interval", "value": round(alpha.value, 4), "judges": 4, "entries": 6, "reason": None}


def test_disagreements(document):
    # The totals' scale is 0–10, so a range of 3 or more (30 %) is wide: e1 (7−4), e4, e5, e6.
    # The widest first; equal ranges by sd (e5: 6 8 5, sd 1.5275), then by id.
    found = document["panels"][0]["disagreements"]
    assert [d["entry"] for d in found] == ["e5", "e1", "e4", "e6"]
    assert [f["code"] for f in found[0]["flags"]] == ["wide-range"]
    assert (found[1]["lowest"], found[1]["highest"], found[1]["range"]) == (["d"], ["c"], 3.0)


def test_csv_and_md_tables(tmp_path):
    root = small_cycle(tmp_path / "cycle")
    for table, first in (("judges", "judge"), ("by-panel", "call"), ("panels", "call"), ("disagreements", "call")):
        result = runner.invoke(app, ["judges", str(root), "-f", "csv", "--table", table, "--no-cache", "-q"])
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows and next(iter(rows[0])) == first
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["judges", str(root), "-f", "csv", "--no-cache", "-q"]).stdout)))
    assert [(r["judge"], r["observer"], r["conflicts"]) for r in rows] == [
        ("a", "", "1"), ("b", "", "0"), ("c", "", "1"), ("d", "", "0"), ("o", "yes", "0")]
    md = runner.invoke(app, ["judges", str(root), "-f", "md", "--table", "panels", "--no-cache", "-q"])
    assert md.exit_code == 0 and md.stdout.startswith("| call")
    table = runner.invoke(app, ["judges", str(root), "--no-cache", "-q"])
    assert table.exit_code == 0 and "e5" in table.stdout


def test_a_cycle_with_errors_exits_1(tmp_path):
    root = small_cycle(tmp_path / "cycle")
    (root / "scores" / "b.yaml").write_text("judge: b\nscores:\n  nope: 5\n", encoding="utf-8")
    result = runner.invoke(app, ["judges", str(root), "--no-cache", "-q"])
    assert result.exit_code == 1


def test_no_cycle_is_misuse(tmp_path):
    assert runner.invoke(app, ["judges", str(tmp_path), "--no-cache"]).exit_code == 2


def test_bad_table_is_misuse(tmp_path):
    root = small_cycle(tmp_path / "cycle")
    assert runner.invoke(app, ["judges", str(root), "-f", "csv", "--table", "nope", "--no-cache"]).exit_code == 2


# -- flags --------------------------------------------------------------------------------------------

INFOS = {j: JudgeInfo(j.upper(), None, True) for j in "abcdef"}


def _marks(table: dict[str, dict[str, float]]) -> list[Mark]:
    return [Mark(j, e, float(v), True) for j, row in table.items() for e, v in row.items()]


def test_lenient_harsh_and_low_correlation_flags():
    # five judges agree (each e_i gets i ± small noise); f marks everything 3 higher; e marks in
    # reverse order.
    base = {f"x{i}": float(i) for i in range(1, 8)}
    table = {j: {e: v + 0.1 * k for e, v in base.items()} for k, j in enumerate("abcd")}
    table["e"] = {e: 8.0 - v for e, v in base.items()}
    table["f"] = {e: v + 3.0 for e, v in base.items()}
    document, _ = panel_statistics("p", None, "scores", _marks(table), INFOS, 10.0)
    flags = {r["judge"]: [f["code"] for f in r["flags"]] for r in document["by_judge"]}
    assert flags["f"] == ["lenient"]
    assert flags["e"] == ["low-correlation"]
    assert flags["a"] == flags["b"] == []


def test_screening_and_ranks_panels():
    verdicts = {"a": {"x": 1, "y": 0, "z": 1}, "b": {"x": 1, "y": 0, "z": 0}, "c": {"x": 1, "y": 1, "z": 1}}
    document, _ = panel_statistics("p", "screen", "screening", _marks(verdicts), INFOS, None)
    assert document["alpha"]["level"] == "nominal" and document["alpha"]["value"] is not None
    assert document["kendall_w"]["value"] is None and document["kendall_w"]["reason"]
    assert document["disagreements"] == [] and document["typical_spread"] is None
    assert next(r for r in document["by_judge"] if r["judge"] == "a")["mean"] == round(2 / 3, 4)  # share of passes
    ranks = {"a": {"x": 1, "y": 2, "z": 3}, "b": {"x": 1, "y": 3, "z": 2}, "c": {"x": 2, "y": 1, "z": 3}}
    document, _ = panel_statistics("p", "final", "ranks", _marks(ranks), INFOS, None)
    assert document["alpha"]["level"] == "ordinal"
    assert document["kendall_w"]["value"] == round(kendall_w([[1, 2, 3], [1, 3, 2], [2, 1, 3]]).value, 4)
    assert all(r["leniency"] is None and r["mean"] is None for r in document["by_judge"])


# -- order never matters ---------------------------------------------------------------------------

_values = st.sampled_from([x / 2 for x in range(0, 21)])


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(list("abcdef")), st.dictionaries(st.sampled_from([f"e{i}" for i in range(8)]), _values,
                                                                        min_size=1), min_size=1),
       st.randoms(use_true_random=False))
def test_order_of_judges_and_entries_never_changes_the_statistics(table, random):
    marks = _marks(table)
    expected, _ = panel_statistics("p", None, "scores", marks, INFOS, 10.0)
    shuffled = marks[:]
    random.shuffle(shuffled)
    infos = list(INFOS.items())
    random.shuffle(infos)
    again, _ = panel_statistics("p", None, "scores", shuffled, dict(infos), 10.0)
    assert json.dumps(again) == json.dumps(expected)


# -- the sample cycles -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["seoul-smart-city-2024", "seoul-smart-city-2023"])
def test_sample_cycles_run_clean_and_deterministic(name):
    folder = CYCLES / name
    first = runner.invoke(app, ["judges", str(folder), "-f", "json", "--no-cache", "-q"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["judges", str(folder), "-f", "json", "--no-cache", "-q"])
    assert first.stdout == second.stdout
    document = json.loads(first.stdout)
    kinds = [(p["call"], p["round"], p["kind"]) for p in document["panels"]]
    assert ("project", "eligibility", "screening") in kinds
    for panel in document["panels"]:
        assert panel["alpha"]["value"] is not None
        assert panel["kind"] == "screening" or panel["kendall_w"]["value"] is not None
    table = runner.invoke(app, ["judges", str(folder), "--no-cache", "-q"])
    assert table.exit_code == 0


def test_judges_who_only_rank_have_their_marks_counted(tmp_path):
    """A call marked by ranks: each judge's ranks are marks (counted at the top level too), never
    pooled with scores (mean, sd and leniency stay null)."""
    from cyclefiles import copy_base

    root = copy_base(tmp_path / "cycle")
    cycle = root / "cycle.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8").replace(
        "  aggregate: mean\n", "  aggregate: borda\n").replace(
        "    closes: 2025-06-30\n    criteria:\n      design: {title: Design, weight: 1}\n      impact: {title: Impact, weight: 2}\n",
        "    closes: 2025-06-30\n    marking: ranks\n").replace("tie_break: [criterion:impact, shared]", "tie_break: [shared]"),
        encoding="utf-8")
    orders = {"j01": ["baguio-health", "seoul-air"], "j02": ["baguio-health", "oslo-bikes", "seoul-air"],
              "j03": ["oslo-bikes", "baguio-health", "seoul-air"]}
    for judge, order in orders.items():
        lines = "".join(f"  {entry}: {rank}\n" for rank, entry in enumerate(order, start=1))
        (root / "scores" / f"{judge}.yaml").write_text(f"judge: {judge}\nranks:\n{lines}", encoding="utf-8")
    result = runner.invoke(app, ["judges", str(root), "-f", "json", "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {j["judge"]: j["marks"] for j in document["judges"]} == {"j01": 2, "j02": 3, "j03": 3}
    assert all(j["mean"] is None and j["leniency"] is None for j in document["judges"])
    assert document["panels"][0]["kind"] == "ranks"
