"""Judging rules through the whole engine: small cycle folders on disk, every expectation worked out
by hand in the comments (formula, then the numbers).

Covers aggregation (mean, median, sum, trimmed, per judge / per criterion, weighted totals),
an olympic-style panel, rank methods (rank-sum, Borda, Schulze, Kemeny), normalisation, rounds
(screening, shortlists, combining), the tie-break chain, award rules, derived conflicts,
properties (order independence, invariances) and `compute(cycle, method=...)` (rank --compare).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from math import sqrt
from pathlib import Path
from typing import Any

import pytest
from cyclefiles import write_cycle
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from smartaward.awards.results import Results, compute
from smartaward.checks.run import run_checks
from smartaward.diagnostics import Diagnostic, Severity
from smartaward.reading.load import Cycle, load_cycle

# ------------------------------------------------------------------------------------------------
# Building small cycles

PLACES = {
    "seoul": ("Seoul", "KR"), "busan": ("Busan", "KR"), "incheon": ("Incheon", "KR"),
    "oslo": ("Oslo", "NO"), "baguio": ("Baguio", "PH"), "cebu": ("Cebu", "PH"),
    "tallinn": ("Tallinn", "EE"), "tartu": ("Tartu", "EE"), "lyon": ("Lyon", "FR"),
    "bordeaux": ("Bordeaux", "FR"), "porto": ("Porto", "PT"), "curitiba": ("Curitiba", "BR"),
    "medellin": ("Medellín", "CO"), "reykjavik": ("Reykjavík", "IS"), "vienna": ("Vienna", "AT"),
    "mendoza": ("Mendoza", "AR"), "stellenbosch": ("Stellenbosch", "ZA"), "addis": ("Addis Ababa", "ET"),
}

NAMES = ["Kim Min-ji", "Ingrid Solberg", "Maria Santos", "Jean Dupont", "Ana Ferreira", "Jón Jónsson",
         "Lucía Gómez", "Kadri Tamm", "Thabo Nkosi", "Lee Ji-ho"]


def entry(entry_id: str, *, call: str = "project", category: str = "people", type: str = "city",
          submitted: str = "2025-05-01", name: str | None = None, country: str | None = None) -> dict[str, Any]:
    """An entry whose entrant is the city named by the id's first word (`seoul-air` → Seoul, KR)."""
    city, home = PLACES[entry_id.split("-")[0]]
    return {"id": entry_id, "call": call, "category": category,
            "title": f"{city}: {entry_id.split('-', 1)[1].replace('-', ' ')}",
            "entrant": {"name": name or f"City of {city}", "type": type, "city": city, "country": country or home},
            "submitted": submitted}


def project(*, criteria: dict[str, Any] | None = None, awards: dict[str, Any] | None = None,
            category: str = "people", **keys: Any) -> dict[str, Any]:
    """A scored call with one category (and the given criteria, rules, rounds, ...)."""
    data: dict[str, Any] = {"title": "Project awards"}
    if criteria:
        data["criteria"] = criteria
    data["categories"] = {category: {"title": category.title(), "awards": awards or {}}}
    data.update(keys)
    return data


def cycle_doc(*, calls: dict[str, Any] | None = None, rules: dict[str, Any] | None = None,
              decisions: list[dict[str, Any]] | None = None, **call_keys: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"cycle": "rules-2025", "title": "Smart City Rules 2025",
                            "scale": {"min": 0, "max": 10}}
    if rules:
        data["rules"] = rules
    data["calls"] = calls or {"project": project(**call_keys)}
    if decisions:
        data["decisions"] = decisions
    return data


def panel(*ids: str, **extra: dict[str, Any]) -> dict[str, Any]:
    """judges.yaml: each judge with a name, plus any extra keys (country, voting, ...)."""
    return {j: {"name": NAMES[i % len(NAMES)], **extra.get(j, {})} for i, j in enumerate(ids)}


def by_judge(marks: dict[str, list[Any]], judges: list[str]) -> dict[str, dict[str, Any]]:
    """{entry: [mark of judge 1, judge 2, ...]} → {judge: {entry: mark}}; None means no mark."""
    return {j: {e: row[k] for e, row in marks.items() if k < len(row) and row[k] is not None}
            for k, j in enumerate(judges)}


def sheets(marks: dict[str, dict[str, Any]], *, round: str | None = None, key: str = "scores") -> dict[str, Any]:
    out = {}
    for judge, values in marks.items():
        doc: dict[str, Any] = {"judge": judge}
        if round is not None:
            doc["round"] = round
        doc[key] = values
        out[f"{round}/{judge}.yaml" if round else f"{judge}.yaml"] = doc
    return out


@dataclass
class Run:
    cycle: Cycle
    diagnostics: list[Diagnostic]
    results: Results

    def codes(self) -> list[str]:
        return sorted(d.code for d in self.diagnostics)

    def rows(self, category: str = "people", call: str = "project"):
        ranking = next(r for r in self.results.rankings if r.call == call and r.category == category)
        return ranking.rows

    def table(self, category: str = "people", call: str = "project") -> list[tuple[Any, str, Any]]:
        """(rank, entry, tie) of ranked rows; (None, entry, reason) of unranked ones."""
        return [(r.rank, r.result.entry.id, r.tie if r.rank is not None else r.reason)
                for r in self.rows(category, call)]

    def order(self, category: str = "people", call: str = "project") -> list[str]:
        return [r.result.entry.id for r in self.rows(category, call) if r.rank is not None]

    def notes(self, category: str = "people", call: str = "project") -> list[str]:
        return next(r for r in self.results.rankings if r.call == call and r.category == category).notes

    def score(self, entry_id: str) -> float | None:
        return self.results.scores[entry_id].score

    def awarded(self) -> list[tuple[str, str]]:
        return [(a.award, a.entry.id) for a in self.results.allocation.awards]


def run(root: Path, cycle: dict[str, Any], judges: dict[str, Any], entries: list[dict[str, Any]],
        marks: dict[str, Any], *, errors: tuple[str, ...] = (), method: str | None = None) -> Run:
    """Write the cycle, load it, check it (no errors but the expected ones) and compute results."""
    write_cycle(root, cycle=cycle, judges=judges, entry_files={"entries.yaml": entries}, sheets=marks)
    loaded = load_cycle(root)
    diagnostics = run_checks(loaded)
    unexpected = [d for d in diagnostics if d.severity is Severity.ERROR and d.code not in errors]
    assert not unexpected, unexpected
    return Run(loaded, diagnostics, compute(loaded, method=method))


J3 = ["j1", "j2", "j3"]
J4 = ["j1", "j2", "j3", "j4"]
J5 = ["j1", "j2", "j3", "j4", "j5"]
J7 = [f"j{k}" for k in range(1, 8)]
DESIGN_IMPACT = {"design": {"title": "Design"}, "impact": {"title": "Impact"}}


def scored_run(root: Path, marks: dict[str, list[Any]], judges: list[str], *, rules: dict[str, Any] | None = None,
               entries: list[dict[str, Any]] | None = None, **call_keys: Any) -> Run:
    """One scored call `project`, category `people`; marks given per entry, in judge order."""
    return run(root, cycle_doc(rules=rules, **call_keys), panel(*judges),
               entries or [entry(e) for e in marks], sheets(by_judge(marks, judges)))


# ------------------------------------------------------------------------------------------------
# 1. Aggregation

# One overall mark from each of 4 judges (an even panel):
#   seoul-air      6, 7, 9, 10   sum 32    mean 32/4 = 8       median (7+9)/2 = 8
#   oslo-bikes     7, 8, 8, 8.5  sum 31.5  mean 31.5/4 = 7.875 median (8+8)/2 = 8
#   baguio-health  4, 9, 9, 9    sum 31    mean 31/4 = 7.75    median (9+9)/2 = 9
EVEN_PANEL = {"seoul-air": [6, 7, 9, 10], "oslo-bikes": [7, 8, 8, 8.5], "baguio-health": [4, 9, 9, 9]}


@pytest.mark.parametrize("aggregate, scores, table", [
    ("mean", {"seoul-air": 8.0, "oslo-bikes": 7.875, "baguio-health": 7.75},
     [(1, "seoul-air", None), (2, "oslo-bikes", None), (3, "baguio-health", None)]),
    # median: baguio's lowest mark (4) no longer counts; seoul and oslo share 8 (listed by id)
    ("median", {"seoul-air": 8.0, "oslo-bikes": 8.0, "baguio-health": 9.0},
     [(1, "baguio-health", None), (2, "oslo-bikes", "shared"), (2, "seoul-air", "shared")]),
    ("sum", {"seoul-air": 32.0, "oslo-bikes": 31.5, "baguio-health": 31.0},
     [(1, "seoul-air", None), (2, "oslo-bikes", None), (3, "baguio-health", None)]),
])
def test_mean_median_and_sum_on_an_even_panel(tmp_path, aggregate, scores, table):
    result = scored_run(tmp_path, EVEN_PANEL, J4, rules={"aggregate": aggregate})
    assert {e: result.score(e) for e in scores} == scores
    assert result.table() == table
    # without normalisation the raw score is the score
    assert all(result.results.scores[e].raw_score == scores[e] for e in scores)


# Five judges, one overall mark, trim 1 with tied extremes:
#   lyon-tram  j1 9, j2 9, j3 6, j4 6, j5 8
#   ordered by (mark, judge): j3 6, j4 6, j5 8, j1 9, j2 9 → drop ONE lowest (j3) and ONE highest (j2)
#   kept j1 9 + j4 6 + j5 8 = 23: trimmed-sum 23, trimmed-mean 23/3 = 7.666667 (the untrimmed mean is 38/5 = 7.6)
@pytest.mark.parametrize("aggregate, expected", [("trimmed-sum", 23.0), ("trimmed-mean", round(23 / 3, 6))])
def test_trimmed_methods_drop_only_k_of_tied_extremes(tmp_path, aggregate, expected):
    result = scored_run(tmp_path, {"lyon-tram": [9, 9, 6, 6, 8]}, J5,
                        rules={"aggregate": aggregate, "trim": 1, "min_judges": 3})
    lyon = result.results.scores["lyon-tram"]
    assert lyon.score == expected
    assert {j: line.trimmed for j, line in lyon.lines.items()} == {
        "j1": None, "j2": ["highest"], "j3": ["lowest"], "j4": None, "j5": None}


# Criteria design and impact, equal weights; trimmed-mean with trim 1 over 3 judges (= the middle value).
#   porto-river    j1 (10, 2) → total 6   j2 (2, 4) → 3   j3 (4, 10) → 7
#   tallinn-data   every judge (5, 5) → 5
# per judge:     porto: totals 6, 3, 7 → keep 6                         → 6 > 5: porto first
# per criterion: porto: design 10, 2, 4 → keep 4; impact 2, 4, 10 → keep 4; (4 + 4)/2 = 4 → 4 < 5: tallinn first
PER_MARKS = {"porto-river": [{"design": 10, "impact": 2}, {"design": 2, "impact": 4}, {"design": 4, "impact": 10}],
             "tallinn-data": [{"design": 5, "impact": 5}] * 3}


@pytest.mark.parametrize("per, porto, order", [
    ("judge", 6.0, ["porto-river", "tallinn-data"]),
    ("criterion", 4.0, ["tallinn-data", "porto-river"]),
])
def test_per_criterion_and_per_judge_give_different_results_under_trimming(tmp_path, per, porto, order):
    result = scored_run(tmp_path, PER_MARKS, J3, criteria=DESIGN_IMPACT,
                        rules={"aggregate": "trimmed-mean", "trim": 1, "min_judges": 3, "per": per})
    assert result.score("porto-river") == porto
    assert result.score("tallinn-data") == 5.0
    assert result.order() == order


def test_per_criterion_trimming_marks_which_criterion_was_dropped(tmp_path):
    result = scored_run(tmp_path, PER_MARKS, J3, criteria=DESIGN_IMPACT,
                        rules={"aggregate": "trimmed-mean", "trim": 1, "min_judges": 3, "per": "criterion"})
    porto = result.results.scores["porto-river"]
    # design 10 (j1), 2 (j2), 4 (j3): j2 lowest, j1 highest; impact 2 (j1), 4 (j2), 10 (j3): j1 lowest, j3 highest
    assert {j: line.trimmed for j, line in porto.lines.items()} == {
        "j1": ["design: highest", "impact: lowest"], "j2": ["design: lowest"], "j3": ["impact: highest"]}


# design weighs 1, impact 3:
#   vienna-heat  j1 (8, 6): sum 8·1 + 6·3 = 26, mean 26/4 = 6.5   j2 (6, 8): sum 6 + 24 = 30, mean 30/4 = 7.5
#   mean across judges: weighted-sum (26 + 30)/2 = 28, weighted-mean (6.5 + 7.5)/2 = 7
#   (a plain mean of the criteria would give j1 7, not 6.5)
@pytest.mark.parametrize("total, expected, totals", [
    ("weighted-sum", 28.0, {"j1": 26.0, "j2": 30.0}),
    ("weighted-mean", 7.0, {"j1": 6.5, "j2": 7.5}),
])
def test_weighted_sum_and_weighted_mean_totals(tmp_path, total, expected, totals):
    result = scored_run(tmp_path, {"vienna-heat": [{"design": 8, "impact": 6}, {"design": 6, "impact": 8}]}, ["j1", "j2"],
                        criteria={"design": {"title": "Design"}, "impact": {"title": "Impact", "weight": 3}},
                        rules={"total": total})
    vienna = result.results.scores["vienna-heat"]
    assert vienna.score == expected
    assert vienna.totals == totals


def test_sums_over_panels_of_different_sizes_say_they_are_not_scaled(tmp_path):
    # sum: seoul 8 + 8 + 8 = 24 from 3 judges beats oslo 10 + 10 = 20 from 2: the report says so
    result = scored_run(tmp_path, {"seoul-air": [8, 8, 8], "oslo-bikes": [10, 10]}, J3, rules={"aggregate": "sum"})
    assert result.order() == ["seoul-air", "oslo-bikes"]
    assert [n for n in result.notes() if "not scaled" in n] == [
        "sum: panels differ in size (2 to 3 judges) and sums are not scaled, so a larger panel adds more"]


# cebu-ferry: j1 (8, 8) → 8; j2 (6, 6) → 6; j3 gave design 10 and no impact mark.
#   j3's total is left out: (8 + 6)/2 = 7.
#   (Counting the missing mark as 0 would give j3 (10 + 0)/2 = 5 and a score of 19/3 = 6.33.)
def test_a_missing_mark_leaves_the_judges_total_out_never_zero(tmp_path):
    result = scored_run(tmp_path, {"cebu-ferry": [{"design": 8, "impact": 8}, {"design": 6, "impact": 6}, {"design": 10}]},
                        J3, criteria=DESIGN_IMPACT)
    cebu = result.results.scores["cebu-ferry"]
    assert cebu.score == 7.0
    assert cebu.totals == {"j1": 8.0, "j2": 6.0}
    assert cebu.excluded == {"j3": "no mark for impact"}
    assert cebu.criterion_means == {"design": 7.0, "impact": 7.0}  # over the counted judges only
    assert "M305" in result.codes()


# ------------------------------------------------------------------------------------------------
# 2. An olympic-style panel: 7 judges, one mark each, the 2 highest and 2 lowest dropped, the rest summed

OLYMPIC = {
    # sorted 8.7 8.8 | 8.9 9.0 9.1 | 9.4 9.6 → 27.0 (plain sum 63.5)
    "medellin-cable": [9.1, 8.7, 9.4, 9.0, 8.9, 9.6, 8.8],
    # sorted 6.0 8.6 | 8.7 8.8 9.9 | 10 10 → 27.4 (plain sum 62.0: trimming changes the order)
    "reykjavik-heat": [10, 10, 9.9, 8.6, 8.7, 8.8, 6.0],
    # sorted 7 7 | 7 9 9.5 | 9.5 9.5 → 25.5
    "curitiba-bus": [9.5, 9.5, 9.5, 7.0, 7.0, 7.0, 9.0],
    # only 4 judges marked it: fewer than min_judges 5 → unranked
    "tartu-tram": [9.9, 9.9, 9.9, 9.9],
}
OLYMPIC_RULES = {"aggregate": "trimmed-sum", "trim": 2, "min_judges": 5}


def test_olympic_panel_ranks_by_the_sum_of_the_middle_three(tmp_path):
    result = scored_run(tmp_path, OLYMPIC, J7, rules=OLYMPIC_RULES)
    assert result.score("reykjavik-heat") == pytest.approx(27.4)
    assert result.score("medellin-cable") == pytest.approx(27.0)
    assert result.score("curitiba-bus") == pytest.approx(25.5)
    assert result.table() == [(1, "reykjavik-heat", None), (2, "medellin-cable", None), (3, "curitiba-bus", None),
                              (None, "tartu-tram", "4 valid scores, fewer than min_judges (5)")]
    assert result.results.scores["tartu-tram"].status == "too-few-judges"
    assert result.codes() == ["J404"]


def test_olympic_panel_marks_the_two_highest_and_two_lowest_as_trimmed(tmp_path):
    result = scored_run(tmp_path, OLYMPIC, J7, rules=OLYMPIC_RULES)
    lines = result.results.scores["medellin-cable"].lines
    # 8.7 (j2) and 8.8 (j7) lowest; 9.4 (j3) and 9.6 (j6) highest; j1, j4, j5 count
    assert {j: line.trimmed for j, line in lines.items()} == {
        "j1": None, "j2": ["lowest"], "j3": ["highest"], "j4": None, "j5": None, "j6": ["highest"], "j7": ["lowest"]}
    lines = result.results.scores["reykjavik-heat"].lines
    # 6.0 (j7), 8.6 (j4) lowest; the two 10s (j1, j2) highest
    assert sorted(j for j, line in lines.items() if line.trimmed) == ["j1", "j2", "j4", "j7"]


def test_olympic_panel_trim_needs_five_judges_declared(tmp_path):
    # trim 2 with min_judges 4 could leave nothing to sum: the rules are refused (R211)
    root = tmp_path
    write_cycle(root, cycle=cycle_doc(rules={**OLYMPIC_RULES, "min_judges": 4}), judges=panel(*J7),
                entry_files={"entries.yaml": [entry(e) for e in OLYMPIC]}, sheets=sheets(by_judge(OLYMPIC, J7)))
    assert "R211" in [d.code for d in run_checks(load_cycle(root))]


# ------------------------------------------------------------------------------------------------
# 3. Rank methods: a wine tasting, and a profile where Borda and Condorcet methods disagree

WINES = ["bordeaux-claret", "mendoza-malbec", "porto-tawny", "stellenbosch-pinotage"]


def wine_run(root: Path, marks: dict[str, dict[str, Any]], *, aggregate: str, key: str = "scores",
             judges: list[str] = J5, **call_keys: Any) -> Run:
    call = project(category="red", rules={"aggregate": aggregate}, **call_keys)
    return run(root, cycle_doc(calls={"tasting": call}), panel(*judges),
               [entry(w, call="tasting", category="red", type="company", name=f"{w.split('-')[0].title()} Estate")
                for w in WINES], sheets(marks, key=key))


# Each judge's ranking (1 = best) of Bordeaux (B), Porto (P), Mendoza (M), Stellenbosch (S):
#   j1 B1 P2 M3 S4   j2 P1 B2 M3 S4   j3 B1 M2 P3 S4   j4 M1 B2 S3 P4   j5 P1 B2 S3 M4
#   sums: B 1+2+1+2+2 = 8, P 2+1+3+4+1 = 11, M 3+3+2+1+4 = 13, S 4+4+4+3+3 = 18 (total 50 = 5 × 10)
RANKS = {
    "j1": {"bordeaux-claret": 1, "porto-tawny": 2, "mendoza-malbec": 3, "stellenbosch-pinotage": 4},
    "j2": {"porto-tawny": 1, "bordeaux-claret": 2, "mendoza-malbec": 3, "stellenbosch-pinotage": 4},
    "j3": {"bordeaux-claret": 1, "mendoza-malbec": 2, "porto-tawny": 3, "stellenbosch-pinotage": 4},
    "j4": {"mendoza-malbec": 1, "bordeaux-claret": 2, "stellenbosch-pinotage": 3, "porto-tawny": 4},
    "j5": {"porto-tawny": 1, "bordeaux-claret": 2, "stellenbosch-pinotage": 3, "mendoza-malbec": 4},
}


def test_wine_tasting_rank_sum_from_ranks_sheets_lowest_sum_wins(tmp_path):
    result = wine_run(tmp_path, RANKS, aggregate="rank-sum", key="ranks", marking="ranks")
    assert {w: result.score(w) for w in WINES} == {
        "bordeaux-claret": 8.0, "porto-tawny": 11.0, "mendoza-malbec": 13.0, "stellenbosch-pinotage": 18.0}
    assert result.table("red", "tasting") == [(1, "bordeaux-claret", None), (2, "porto-tawny", None),
                                              (3, "mendoza-malbec", None), (4, "stellenbosch-pinotage", None)]
    assert result.results.scores["bordeaux-claret"].higher_is_better is False
    assert result.results.scores["bordeaux-claret"].detail["rank-sum"] == 8.0


# The same tasting as marks (higher is better), converted to ranks per judge; j5 gives Stellenbosch and
# Mendoza the same mark, so they share ranks 3 and 4: 3.5 each.
#   sums: B 8, P 11, M 3+3+2+1+3.5 = 12.5, S 4+4+4+3+3.5 = 18.5
WINE_MARKS = {
    "j1": {"bordeaux-claret": 9, "porto-tawny": 8, "mendoza-malbec": 7, "stellenbosch-pinotage": 5},
    "j2": {"porto-tawny": 9, "bordeaux-claret": 8.5, "mendoza-malbec": 7, "stellenbosch-pinotage": 6},
    "j3": {"bordeaux-claret": 8, "mendoza-malbec": 7.5, "porto-tawny": 7, "stellenbosch-pinotage": 4},
    "j4": {"mendoza-malbec": 9, "bordeaux-claret": 8, "stellenbosch-pinotage": 7, "porto-tawny": 6},
    "j5": {"porto-tawny": 9, "bordeaux-claret": 8, "stellenbosch-pinotage": 6, "mendoza-malbec": 6},
}


def test_wine_tasting_rank_sum_from_marks_tied_marks_share_the_average_rank(tmp_path):
    result = wine_run(tmp_path, WINE_MARKS, aggregate="rank-sum")
    assert {w: result.score(w) for w in WINES} == {
        "bordeaux-claret": 8.0, "porto-tawny": 11.0, "mendoza-malbec": 12.5, "stellenbosch-pinotage": 18.5}
    assert result.order("red", "tasting") == ["bordeaux-claret", "porto-tawny", "mendoza-malbec", "stellenbosch-pinotage"]


def test_ranks_sheet_with_a_tied_rank_shares_the_average(tmp_path):
    # j5 writes Stellenbosch and Mendoza both 3: they take ranks 3 and 4 between them, 3.5 each
    ranks = {**RANKS, "j5": {"porto-tawny": 1, "bordeaux-claret": 2, "stellenbosch-pinotage": 3, "mendoza-malbec": 3}}
    result = wine_run(tmp_path, ranks, aggregate="rank-sum", key="ranks", marking="ranks")
    assert result.score("mendoza-malbec") == 12.5
    assert result.score("stellenbosch-pinotage") == 18.5


def test_rank_sum_scales_a_smaller_panel_and_says_so(tmp_path):
    # j5 does not taste Stellenbosch: its sum over 4 ballots is 4+4+4+3 = 15, scaled to 5 judges: 15/4 × 5 = 18.75.
    # j5's ballot of 3 wines: P1 B2 M3 → B 8, P 11, M 3+3+2+1+3 = 12 (all on 5 ballots, unscaled).
    marks = {**WINE_MARKS, "j5": {"porto-tawny": 9, "bordeaux-claret": 8, "mendoza-malbec": 6}}
    result = wine_run(tmp_path, marks, aggregate="rank-sum")
    assert {w: result.score(w) for w in WINES} == {
        "bordeaux-claret": 8.0, "porto-tawny": 11.0, "mendoza-malbec": 12.0, "stellenbosch-pinotage": 18.75}
    assert result.results.scores["stellenbosch-pinotage"].detail["rank-sum"] == 15.0
    assert any("scaled to the full panel of 5 judges" in note for note in result.notes("red", "tasting"))


# Borda on the marks above: a wine gets m - rank = 4 - rank points per ballot:
#   B 3+2+3+2+2 = 12, P 2+3+1+0+3 = 9, M 1+1+2+3+0.5 = 7.5, S 0+0+0+1+0.5 = 1.5 (total 30 = 5 × 6)
# Pairwise (a over b on how many ballots): B>P 3-2, B>M 4-1, B>S 5-0, P>M 3-2, P>S 4-1, M>S 4-0 (j5 ties M, S)
#   B beats all three, P two, M one, S none: Schulze and Kemeny wins 3, 2, 1, 0
@pytest.mark.parametrize("method, scores", [
    ("borda", {"bordeaux-claret": 12.0, "porto-tawny": 9.0, "mendoza-malbec": 7.5, "stellenbosch-pinotage": 1.5}),
    ("schulze", {"bordeaux-claret": 3.0, "porto-tawny": 2.0, "mendoza-malbec": 1.0, "stellenbosch-pinotage": 0.0}),
    ("kemeny", {"bordeaux-claret": 3.0, "porto-tawny": 2.0, "mendoza-malbec": 1.0, "stellenbosch-pinotage": 0.0}),
])
def test_wine_tasting_by_borda_schulze_and_kemeny(tmp_path, method, scores):
    result = wine_run(tmp_path, WINE_MARKS, aggregate=method)
    assert {w: result.score(w) for w in WINES} == scores
    assert result.order("red", "tasting") == ["bordeaux-claret", "porto-tawny", "mendoza-malbec", "stellenbosch-pinotage"]
    assert all(result.results.scores[w].higher_is_better for w in WINES)
    if method != "borda":
        assert result.results.scores["bordeaux-claret"].detail["wins"] == 3


# A profile where Borda and the Condorcet methods disagree (one overall mark, 5 judges):
#   j1, j2, j3: lyon 9, porto 8, tallinn 2     (lyon > porto > tallinn)
#   j4, j5:     porto 10, tallinn 9, lyon 1    (porto > tallinn > lyon)
#   mean:     lyon (27 + 2)/5 = 5.8, porto (24 + 20)/5 = 8.8, tallinn (6 + 18)/5 = 4.8
#   median:   lyon 9, porto 8, tallinn 2
#   trimmed-mean, trim 1: lyon 9,9,1 → 19/3; porto 8,8,10 → 26/3; tallinn 2,2,9 → 13/3
#   rank-sum: lyon 1+1+1+3+3 = 9, porto 2+2+2+1+1 = 8, tallinn 3+3+3+2+2 = 13 (lowest wins)
#   borda (m = 3): lyon 2·3 + 0·2 = 6, porto 1·3 + 2·2 = 7, tallinn 0·3 + 1·2 = 2
#   pairwise: lyon > porto 3-2, lyon > tallinn 3-2, porto > tallinn 5-0: lyon is the Condorcet winner,
#   schulze and kemeny wins: lyon 2, porto 1, tallinn 0
CONDORCET = {"lyon-tram": [9, 9, 9, 1, 1], "porto-river": [8, 8, 8, 10, 10], "tallinn-data": [2, 2, 2, 9, 9]}
COMPARED = [
    ("mean", [5.8, 8.8, 4.8], ["porto-river", "lyon-tram", "tallinn-data"]),
    ("median", [9.0, 8.0, 2.0], ["lyon-tram", "porto-river", "tallinn-data"]),
    ("trimmed-mean:1", [round(19 / 3, 6), round(26 / 3, 6), round(13 / 3, 6)], ["porto-river", "lyon-tram", "tallinn-data"]),
    # no trim declared (0): a trimmed method trims 1, or it would just be the sum
    ("trimmed-sum", [19.0, 26.0, 13.0], ["porto-river", "lyon-tram", "tallinn-data"]),
    ("rank-sum", [9.0, 8.0, 13.0], ["porto-river", "lyon-tram", "tallinn-data"]),
    ("borda", [6.0, 7.0, 2.0], ["porto-river", "lyon-tram", "tallinn-data"]),
    ("schulze", [2.0, 1.0, 0.0], ["lyon-tram", "porto-river", "tallinn-data"]),
    ("kemeny", [2.0, 1.0, 0.0], ["lyon-tram", "porto-river", "tallinn-data"]),
]


@pytest.mark.parametrize("method, scores, order", [c for c in COMPARED if not c[0].startswith("trimmed")])
def test_declared_method_borda_and_condorcet_methods_disagree(tmp_path, method, scores, order):
    result = scored_run(tmp_path, CONDORCET, J5, rules={"aggregate": method})
    assert [result.score(e) for e in CONDORCET] == scores
    assert result.order() == order


def test_kemeny_refuses_more_than_ten_entries_in_contention(tmp_path):
    cities = ["seoul", "busan", "incheon", "oslo", "baguio", "cebu", "tallinn", "tartu", "lyon", "porto", "vienna"]
    marks = {f"{c}-project": [k % 10, (k * 3) % 10] for k, c in enumerate(cities)}
    result = run(tmp_path, cycle_doc(rules={"aggregate": "kemeny"}), panel("j1", "j2"),
                 [entry(e) for e in marks], sheets(by_judge(marks, ["j1", "j2"])), errors=("J413",))
    assert result.codes() == ["J413"]
    assert all(row.rank is None for row in result.rows())
    seoul = result.results.scores["seoul-project"]
    assert seoul.status == "method-limit"
    assert seoul.reason == "kemeny ranks at most 10 entries exactly; 11 are in contention"
    # schulze has no such limit
    assert len(compute(result.cycle, method="schulze").rankings[0].rows) == 11
    assert compute(result.cycle, method="schulze").rankings[0].rows[0].rank == 1


# ------------------------------------------------------------------------------------------------
# 10. compute(cycle, method=...) ranks with the replaced method (rank --compare)

@pytest.mark.parametrize("method, scores, order", COMPARED)
def test_compute_with_a_replaced_method(tmp_path, method, scores, order):
    declared = scored_run(tmp_path, CONDORCET, J5, rules={"aggregate": "mean", "tie_break": ["median", "shared"]})
    assert declared.order() == ["porto-river", "lyon-tram", "tallinn-data"]
    replaced = compute(declared.cycle, method=method)
    assert replaced.method == method
    assert [replaced.scores[e].score for e in CONDORCET] == scores
    ranking = next(r for r in replaced.rankings if r.category == "people")
    assert [row.result.entry.id for row in ranking.rows] == order
    # the declared results are not disturbed by the comparison
    assert [compute(declared.cycle).scores[e].score for e in CONDORCET] == [5.8, 8.8, 4.8]


# The declared rules (mean) give gold to porto (8.8). A min_score is a mark: checks refuse it beside a declared
# rank method (R211, "no score to hold against min_score"), and rank-sum already leaves it alone. Under
# --compare the other rank methods must not hold it against their points or wins either; whether it is
# ignored or held against the mean mark, the gold goes to the method's winner here:
#   rank-sum, min 8:  porto (sum 8; mean 8.8)         median, min 8: lyon (median 9)
#   borda, min 7.5:   porto (7 points; mean 8.8)      schulze / kemeny, min 4: lyon (2 wins; mean 5.8)
@pytest.mark.parametrize("method, min_score, winner", [
    ("rank-sum", 8, "porto-river"),
    ("median", 8, "lyon-tram"),
    ("borda", 7.5, "porto-river"),
    ("schulze", 4, "lyon-tram"),
    ("kemeny", 4, "lyon-tram"),
])
def test_compare_never_holds_min_score_against_points_or_wins(tmp_path, method, min_score, winner):
    declared = scored_run(tmp_path, CONDORCET, J5, awards={"gold": {"count": 1, "min_score": min_score}})
    assert declared.awarded() == [("gold", "porto-river")]
    replaced = compute(declared.cycle, method=method)
    assert [(a.award, a.entry.id) for a in replaced.allocation.awards] == [("gold", winner)]
    assert replaced.allocation.unfilled == []


# An evaluation round shortlists marks of 5 or more (declared mean: porto 8.8 and lyon 5.8 go through,
# tallinn 4.8 stops). Under --compare a rank method must not cut everyone because 2 wins or a rank sum of 9
# is "below 5" (or above it): lyon and porto reach the final whichever way the threshold is read.
@pytest.mark.parametrize("method", [
    "borda",
    "rank-sum",
    "schulze",
    "kemeny",
])
def test_compare_never_holds_a_mark_threshold_against_points_or_wins(tmp_path, method):
    cycle = cycle_doc(rounds={"evaluation": {"shortlist": {"threshold": 5}}, "final": {}})
    marks = {**sheets(by_judge(CONDORCET, J5), round="evaluation"), **sheets(by_judge(CONDORCET, J5), round="final")}
    declared = run(tmp_path, cycle, panel(*J5), [entry(e) for e in CONDORCET], marks)
    assert declared.order() == ["porto-river", "lyon-tram"]
    replaced = compute(declared.cycle, method=method)
    ranked = {row.result.entry.id for row in replaced.rankings[0].rows if row.rank is not None}
    assert {"lyon-tram", "porto-river"} <= ranked


def test_compare_method_leaves_a_screening_round_alone(tmp_path):
    # A screening round counts verdicts whatever the method; the replaced method ranks the final round.
    cycle = cycle_doc(rounds={"eligibility": {"screening": True}, "final": {}})
    marks = {**sheets({"s1": {e: "pass" for e in CONDORCET}}, round="eligibility"),
             **sheets(by_judge(CONDORCET, J5), round="final")}
    result = run(tmp_path, cycle, panel("s1", *J5), [entry(e) for e in CONDORCET], marks, method="schulze")
    assert result.order() == ["lyon-tram", "porto-river", "tallinn-data"]
    assert result.results.scores["lyon-tram"].stages[0].verdicts == (1, 0)


# ------------------------------------------------------------------------------------------------
# 4. Normalisation

# Two judges mark the same three entries:
#   j1 (lenient, narrow): seoul 9, oslo 8, baguio 7  → mean 8, sd √(2/3):  z = +√1.5, 0, −√1.5
#   j2 (harsh, wide):     seoul 1, oslo 7, baguio 4  → mean 4, sd √6:      z = −√1.5, +√1.5, 0
# raw means: seoul 5, oslo 7.5, baguio 5.5 → oslo, baguio, seoul
# z-scores are put back on the panel's scale: value = z × s + c over all six marks 9 8 7 1 7 4:
#   c = 36/6 = 6; s² = (9 + 4 + 1 + 25 + 1 + 4)/6 = 22/3
#   seoul  = c + s·(√1.5 − √1.5)/2 = 6
#   oslo   = c + s·√1.5/2 = 6 + √(22/3 · 3/2)/2 = 6 + √11/2 ≈ 7.658312
#   baguio = c − √11/2 ≈ 4.341688                       → oslo, seoul, baguio (seoul and baguio swap)
LENIENT_HARSH = {"seoul-air": [9, 1], "oslo-bikes": [8, 7], "baguio-health": [7, 4]}


def test_zscore_puts_a_lenient_and_a_harsh_judge_on_one_scale(tmp_path):
    result = scored_run(tmp_path, LENIENT_HARSH, ["j1", "j2"], rules={"normalise": "z-score", "min_scores": 3})
    assert result.score("seoul-air") == 6.0
    assert result.score("oslo-bikes") == pytest.approx(6 + sqrt(11) / 2, abs=1e-6)
    assert result.score("baguio-health") == pytest.approx(6 - sqrt(11) / 2, abs=1e-6)
    assert result.order() == ["oslo-bikes", "seoul-air", "baguio-health"]
    # j1's 9 on seoul: z = √1.5 → 6 + √1.5·√(22/3) = 6 + √11
    assert result.results.scores["seoul-air"].lines["j1"].normalised == {"total": pytest.approx(6 + sqrt(11))}
    assert result.codes() == []


def test_raw_score_is_reported_next_to_the_normalised_score(tmp_path):
    result = scored_run(tmp_path, LENIENT_HARSH, ["j1", "j2"], rules={"normalise": "z-score", "min_scores": 3})
    assert {e: result.results.scores[e].raw_score for e in LENIENT_HARSH} == {
        "seoul-air": 5.0, "oslo-bikes": 7.5, "baguio-health": 5.5}
    # without normalisation the order is the raw one
    plain = scored_run(tmp_path / "plain", LENIENT_HARSH, ["j1", "j2"])
    assert plain.order() == ["oslo-bikes", "baguio-health", "seoul-air"]


# The same marks given on two criteria (design = impact), normalised per criterion: each criterion is
# normalised exactly as the single total above, so j1's line on seoul is 6 + √11 on both, and its total
# (the mean of the two) 6 + √11 ≈ 9.316625; j2's 6 − √11 ≈ 2.683375. The tie-breaks (median, count-back,
# spread, first-places) read these totals, so they must be the normalised ones, as with per: judge.
def test_per_criterion_normalised_totals_are_what_tie_breaks_read(tmp_path):
    marks = {e: [{"design": m, "impact": m} for m in row] for e, row in LENIENT_HARSH.items()}
    result = scored_run(tmp_path, marks, ["j1", "j2"], criteria=DESIGN_IMPACT,
                        rules={"normalise": "z-score", "min_scores": 3, "per": "criterion"})
    seoul = result.results.scores["seoul-air"]
    assert seoul.score == 6.0 and seoul.raw_score == 5.0  # the score itself is right
    assert seoul.totals == {"j1": pytest.approx(6 + sqrt(11)), "j2": pytest.approx(6 - sqrt(11))}


# Percentile with per: criterion and min_scores 4: both judges have 3 values, so each counts as
# percentages of the 0-10 scale per criterion; seoul j1 (9, 9) → 90 on each criterion, so the
# judge's total the tie-breaks read is 90 too (not the raw 9).
def test_per_criterion_percentile_fallback_gives_a_percentage_total(tmp_path):
    marks = {e: [{"design": m, "impact": m} for m in row] for e, row in LENIENT_HARSH.items()}
    result = scored_run(tmp_path, marks, ["j1", "j2"], criteria=DESIGN_IMPACT,
                        rules={"normalise": "percentile", "min_scores": 4, "per": "criterion"})
    seoul = result.results.scores["seoul-air"]
    assert seoul.totals == {"j1": pytest.approx(90.0), "j2": pytest.approx(10.0)}


# percentiles per judge (lowest 0, highest 100):
#   j1: seoul 100, oslo 50, baguio 0     j2: seoul 0, oslo 100, baguio 50
#   means: seoul 50, oslo 75, baguio 25
def test_percentile_normalisation(tmp_path):
    result = scored_run(tmp_path, LENIENT_HARSH, ["j1", "j2"], rules={"normalise": "percentile", "min_scores": 3})
    assert {e: result.score(e) for e in LENIENT_HARSH} == {"seoul-air": 50.0, "oslo-bikes": 75.0, "baguio-health": 25.0}
    assert {e: result.results.scores[e].raw_score for e in LENIENT_HARSH} == {
        "seoul-air": 5.0, "oslo-bikes": 7.5, "baguio-health": 5.5}


# A third judge marks only seoul (6) and oslo (10): 2 < min_scores 3, so j3's marks count raw (J414).
# The panel's scale is taken over all eight counted marks 9 8 7 1 7 4 6 10:
#   c = 52/8 = 6.5; s² = (6.25 + 2.25 + 0.25 + 30.25 + 0.25 + 6.25 + 0.25 + 12.25)/8 = 58/8 = 7.25
#   seoul: j1 6.5 + √1.5·s, j2 6.5 − √1.5·s, j3 raw 6  → (13 + 6)/3 = 19/3 ≈ 6.333333 (raw (9+1+6)/3 = 16/3)
#   oslo:  j1 6.5, j2 6.5 + √1.5·s = 6.5 + √10.875, j3 raw 10 → (23 + √10.875)/3 ≈ 8.765909 (raw 25/3)
#   baguio: j1 6.5 − √10.875, j2 6.5 → (13 − √10.875)/2 ≈ 4.851137 (raw 5.5)
def test_a_judge_with_fewer_than_min_scores_is_counted_raw_with_a_warning(tmp_path):
    marks = {"seoul-air": [9, 1, 6], "oslo-bikes": [8, 7, 10], "baguio-health": [7, 4]}
    result = scored_run(tmp_path, marks, J3, rules={"normalise": "z-score", "min_scores": 3})
    seoul = result.results.scores["seoul-air"]
    assert seoul.lines["j3"].normalised is None
    assert seoul.totals["j3"] == 6.0
    assert seoul.score == pytest.approx(19 / 3, abs=1e-6)
    assert seoul.raw_score == round(16 / 3, 6)
    assert result.score("oslo-bikes") == pytest.approx((23 + sqrt(10.875)) / 3, abs=1e-6)
    assert result.score("baguio-health") == pytest.approx((13 - sqrt(10.875)) / 2, abs=1e-6)
    warnings = [d for d in result.diagnostics if d.code == "J414"]
    assert len(warnings) == 1 and warnings[0].file.endswith("j3.yaml")
    assert "'j3'" in warnings[0].message and "2 scores in the round, fewer than min_scores (3)" in warnings[0].message


# Percentiles with the same third judge (2 scores < min_scores 3): raw marks beside percentiles would mix
# two scales, so j3's marks count as the percentage of the 0–10 scale they reach: 6 → 60, 10 → 100.
#   seoul (100 + 0 + 60)/3 = 53.333333; oslo (50 + 100 + 100)/3 = 83.333333; baguio (0 + 50)/2 = 25
def test_percentile_fallback_counts_marks_as_a_percentage_of_the_scale(tmp_path):
    marks = {"seoul-air": [9, 1, 6], "oslo-bikes": [8, 7, 10], "baguio-health": [7, 4]}
    result = scored_run(tmp_path, marks, J3, rules={"normalise": "percentile", "min_scores": 3})
    assert {e: result.score(e) for e in marks} == {"seoul-air": round(160 / 3, 6), "oslo-bikes": round(250 / 3, 6),
                                                   "baguio-health": 25.0}
    assert result.results.scores["seoul-air"].raw_score == round(16 / 3, 6)
    warnings = [d for d in result.diagnostics if d.code == "J414"]
    assert len(warnings) == 1 and "fewer than min_scores (3)" in warnings[0].message


def test_a_judge_whose_marks_do_not_vary_is_counted_raw(tmp_path):
    marks = {"seoul-air": [9, 1, 7], "oslo-bikes": [8, 7, 7], "baguio-health": [7, 4, 7]}
    result = scored_run(tmp_path, marks, J3, rules={"normalise": "z-score", "min_scores": 3})
    assert result.results.scores["seoul-air"].totals["j3"] == 7.0
    assert [d.code for d in result.diagnostics] == ["J414"]
    assert "do not vary" in result.diagnostics[0].message


# ------------------------------------------------------------------------------------------------
# 5. Rounds

# Screening by the secretariat (s1, s2, s3), then a final jury (j1, j2) marking every entry:
#   verdicts                        final marks   majority         all     any
#   seoul-air      pass pass pass   8             in (3-0)         in      in
#   oslo-bikes     pass pass fail   7             in (2-1)         out     in
#   baguio-health  pass fail fail   9             out (1-2)        out     in
#   lyon-tram      fail fail fail   10            out              out     out
#   porto-river    pass fail  —     6             in (1-1: tie)    out     in
SCREENING = {"seoul-air": ["pass", "pass", "pass"], "oslo-bikes": ["pass", "pass", "fail"],
             "baguio-health": ["pass", "fail", "fail"], "lyon-tram": ["fail", "fail", "fail"],
             "porto-river": ["pass", "fail"]}
FINAL = {"seoul-air": [8, 8], "oslo-bikes": [7, 7], "baguio-health": [9, 9], "lyon-tram": [10, 10], "porto-river": [6, 6]}


def screened_run(root: Path, passes: str) -> Run:
    cycle = cycle_doc(rounds={"eligibility": {"title": "Eligibility", "screening": True, "passes": passes},
                              "final": {"title": "Final jury"}})
    marks = {**sheets(by_judge(SCREENING, ["s1", "s2", "s3"]), round="eligibility"),
             **sheets(by_judge(FINAL, ["j1", "j2"]), round="final")}
    return run(root, cycle, panel("s1", "s2", "s3", "j1", "j2"), [entry(e) for e in SCREENING], marks)


@pytest.mark.parametrize("passes, order", [
    ("majority", ["seoul-air", "oslo-bikes", "porto-river"]),
    ("all", ["seoul-air"]),
    ("any", ["baguio-health", "seoul-air", "oslo-bikes", "porto-river"]),
])
def test_screening_passes_majority_all_or_any(tmp_path, passes, order):
    result = screened_run(tmp_path, passes)
    assert result.order() == order
    assert result.results.scores["porto-river"].stages[0].verdicts == (1, 1)


def test_an_entry_screened_out_is_unranked_with_a_reason_naming_the_round(tmp_path):
    result = screened_run(tmp_path, "majority")
    assert result.table()[3:] == [
        (None, "baguio-health", "did not pass the 'eligibility' screening (1 pass, 2 fail; majority must pass)"),
        (None, "lyon-tram", "did not pass the 'eligibility' screening (0 pass, 3 fail; majority must pass)")]
    lyon = result.results.scores["lyon-tram"]
    assert lyon.status == "screened-out" and lyon.round == "eligibility"
    assert [s.round for s in lyon.stages] == ["eligibility"]  # its final marks never counted
    assert [s.round for s in result.results.scores["seoul-air"].stages] == ["eligibility", "final"]
    assert result.awarded() == []


# Evaluation marks (2 judges, same mark): seoul 9, oslo 8, baguio 8, lyon 6 → ranks 1, 2, 2, 4.
# Top 2 go through, but oslo and baguio tie at the cut: both go, 3 entries in all; lyon stops.
# Final marks: seoul 7, oslo 9, baguio 8 (lyon's 10 is never counted) → oslo, baguio, seoul.
EVALUATION = {"seoul-air": [9, 9], "oslo-bikes": [8, 8], "baguio-health": [8, 8], "lyon-tram": [6.5, 6.5]}
FINALISTS = {"seoul-air": [7, 7], "oslo-bikes": [9, 9], "baguio-health": [8, 8], "lyon-tram": [10, 10]}


def rounds_run(root: Path, shortlist: dict[str, Any] | None, *, evaluation=EVALUATION, final=FINALISTS,
               combine: str = "final-only", weights: tuple[float, float] = (1, 1)) -> Run:
    evaluation_round: dict[str, Any] = {"title": "Evaluation", "weight": weights[0]}
    if shortlist is not None:
        evaluation_round["shortlist"] = shortlist
    cycle = cycle_doc(rounds={"evaluation": evaluation_round, "final": {"title": "Final", "weight": weights[1]}},
                      combine=combine)
    marks = {**sheets(by_judge(evaluation, ["j1", "j2"]), round="evaluation"),
             **sheets(by_judge(final, ["j1", "j2"]), round="final")}
    return run(root, cycle, panel("j1", "j2"), [entry(e) for e in evaluation], marks)


def test_shortlist_top_k_lets_everyone_tied_at_the_cut_through_and_says_so(tmp_path):
    result = rounds_run(tmp_path, {"top": 2})
    assert result.table() == [(1, "oslo-bikes", None), (2, "baguio-health", None), (3, "seoul-air", None),
                              (None, "lyon-tram", "not shortlisted in the 'evaluation' round (rank 4; the top 2 go through)")]
    assert result.results.scores["lyon-tram"].status == "not-shortlisted"
    assert len(result.notes()) == 1 and "3 entries go through to the next round, not 2" in result.notes()[0]
    assert "tied at the cut all go through" in result.notes()[0]


def test_a_tie_break_chain_of_the_round_decides_at_the_cut(tmp_path):
    # The same marks as above, but baguio's 8 is 7 and 9 (spread 1) and oslo's is 8 and 8 (spread 0):
    # with tie_break [spread, shared], oslo takes rank 2 and baguio rank 3: only the top 2 go through.
    evaluation = {**EVALUATION, "baguio-health": [7, 9]}
    cycle = cycle_doc(rules={"tie_break": ["spread", "shared"]},
                      rounds={"evaluation": {"shortlist": {"top": 2}}, "final": {}})
    marks = {**sheets(by_judge(evaluation, ["j1", "j2"]), round="evaluation"),
             **sheets(by_judge(FINALISTS, ["j1", "j2"]), round="final")}
    result = run(tmp_path, cycle, panel("j1", "j2"), [entry(e) for e in evaluation], marks)
    assert result.order() == ["oslo-bikes", "seoul-air"]
    assert result.results.scores["baguio-health"].reason == \
        "not shortlisted in the 'evaluation' round (rank 3; the top 2 go through)"
    assert result.notes() == []


def test_threshold_shortlist_lets_through_everyone_at_or_above_it(tmp_path):
    # threshold 8: seoul 9, oslo 8, baguio 8 (exactly 8 goes through); lyon 6.5 stops
    result = rounds_run(tmp_path, {"threshold": 8})
    assert result.order() == ["oslo-bikes", "baguio-health", "seoul-air"]
    assert result.results.scores["lyon-tram"].reason == "not shortlisted in the 'evaluation' round (score 6.5; 8 needed)"
    assert result.notes() == []


# Three rounds: eligibility screening (majority) → evaluation (top 2) → final.
#                 screening     evaluation   final
#   seoul-air     P P P  in     9            7
#   oslo-bikes    P P F  in     8            9
#   baguio-health P P P  in     8            8      (oslo and baguio tie at the cut: 3 go through)
#   cebu-ferry    P F P  in     7 (rank 4)   —      not shortlisted
#   lyon-tram     F F P  out    —            —      screened out (1 pass, 2 fail)
# final: oslo 9, baguio 8, seoul 7 → gold oslo, silver baguio
def test_screening_then_shortlist_then_final(tmp_path):
    cycle = cycle_doc(awards={"gold": 1, "silver": 1}, rounds={
        "eligibility": {"title": "Eligibility screening", "screening": True},
        "evaluation": {"title": "Evaluation", "shortlist": {"top": 2}},
        "final": {"title": "Final jury"}})
    verdicts = {"seoul-air": ["pass"] * 3, "oslo-bikes": ["pass", "pass", "fail"], "baguio-health": ["pass"] * 3,
                "cebu-ferry": ["pass", "fail", "pass"], "lyon-tram": ["fail", "fail", "pass"]}
    evaluation = {"seoul-air": [9, 9], "oslo-bikes": [8, 8], "baguio-health": [8, 8], "cebu-ferry": [7, 7]}
    final = {"seoul-air": [7, 7], "oslo-bikes": [9, 9], "baguio-health": [8, 8]}
    marks = {**sheets(by_judge(verdicts, ["s1", "s2", "s3"]), round="eligibility"),
             **sheets(by_judge(evaluation, ["j1", "j2"]), round="evaluation"),
             **sheets(by_judge(final, ["j1", "j2"]), round="final")}
    result = run(tmp_path, cycle, panel("s1", "s2", "s3", "j1", "j2"), [entry(e) for e in verdicts], marks)
    assert result.table() == [
        (1, "oslo-bikes", None), (2, "baguio-health", None), (3, "seoul-air", None),
        (None, "cebu-ferry", "not shortlisted in the 'evaluation' round (rank 4; the top 2 go through)"),
        (None, "lyon-tram", "did not pass the 'eligibility' screening (1 pass, 2 fail; majority must pass)")]
    stages = {e: [s.round for s in result.results.scores[e].stages] for e in verdicts}
    assert stages == {"seoul-air": ["eligibility", "evaluation", "final"], "oslo-bikes": ["eligibility", "evaluation", "final"],
                      "baguio-health": ["eligibility", "evaluation", "final"], "cebu-ferry": ["eligibility", "evaluation"],
                      "lyon-tram": ["eligibility"]}
    assert result.results.scores["oslo-bikes"].stages[1].score == 8.0  # its evaluation score, kept
    assert len(result.notes()) == 1 and "3 entries go through to the next round, not 2" in result.notes()[0]
    assert "tied at the cut all go through" in result.notes()[0]
    assert result.awarded() == [("gold", "oslo-bikes"), ("silver", "baguio-health")]


# A rank-sum evaluation round shortlists the LOWEST sums (ranks by j1, j2, j3):
#   seoul 1+1+2 = 4, oslo 2+2+1 = 5, baguio 3+3+3 = 9, lyon 4+4+4 = 12 → top 2: seoul, oslo
def test_rank_sum_shortlist_keeps_the_lowest_sums(tmp_path):
    evaluation = {"seoul-air": [9, 9, 8], "oslo-bikes": [8, 8, 9], "baguio-health": [7, 7, 7], "lyon-tram": [6, 6, 6]}
    cycle = cycle_doc(rules={"aggregate": "rank-sum"}, rounds={"evaluation": {"shortlist": {"top": 2}}, "final": {}})
    marks = {**sheets(by_judge(evaluation, J3), round="evaluation"), **sheets(by_judge(evaluation, J3), round="final")}
    result = run(tmp_path, cycle, panel(*J3), [entry(e) for e in evaluation], marks)
    assert [s.score for s in result.results.scores["baguio-health"].stages] == [9.0]
    assert result.table() == [
        (1, "seoul-air", None), (2, "oslo-bikes", None),
        (None, "baguio-health", "not shortlisted in the 'evaluation' round (rank 3; the top 2 go through)"),
        (None, "lyon-tram", "not shortlisted in the 'evaluation' round (rank 4; the top 2 go through)")]


def test_entries_without_a_verdict_or_late_never_reach_the_final(tmp_path):
    cycle = cycle_doc(rounds={"eligibility": {"screening": True}, "final": {}}, closes="2025-05-15")
    entries = [entry("seoul-air"), entry("oslo-bikes", submitted="2025-05-20"), entry("baguio-health")]
    marks = {**sheets({"s1": {"seoul-air": "pass", "oslo-bikes": "pass"}}, round="eligibility"),
             **sheets({"j1": {"seoul-air": 8, "oslo-bikes": 9, "baguio-health": 9}}, round="final")}
    result = run(tmp_path, cycle, panel("s1", "j1"), entries, marks)
    assert result.table() == [(1, "seoul-air", None),
                              (None, "baguio-health", "no screening verdict in the 'eligibility' round"),
                              (None, "oslo-bikes", "submitted 2025-05-20, after the call closed on 2025-05-15")]
    assert result.results.scores["baguio-health"].status == "not-screened"
    # late (J401); no verdict for baguio-health (J415); j1's final marks on both are not counted (J417)
    assert result.codes() == ["J401", "J415", "J417", "J417"]


# Two scored rounds, evaluation weight 1 and final weight 3, no shortlist:
#                 evaluation  final   sum    best   weighted (1·e + 3·f)/4
#   seoul-air     9           6       15     9      (9 + 18)/4 = 6.75
#   oslo-bikes    6           8       14     8      (6 + 24)/4 = 7.5
#   baguio-health 7.5         7       14.5   7.5    (7.5 + 21)/4 = 7.125
COMBINE_EVALUATION = {"seoul-air": [9, 9], "oslo-bikes": [6, 6], "baguio-health": [7.5, 7.5]}
COMBINE_FINAL = {"seoul-air": [6, 6], "oslo-bikes": [8, 8], "baguio-health": [7, 7]}


@pytest.mark.parametrize("combine, scores, order", [
    ("final-only", [6.0, 8.0, 7.0], ["oslo-bikes", "baguio-health", "seoul-air"]),
    ("sum", [15.0, 14.0, 14.5], ["seoul-air", "baguio-health", "oslo-bikes"]),
    ("best", [9.0, 8.0, 7.5], ["seoul-air", "oslo-bikes", "baguio-health"]),
    ("weighted", [6.75, 7.5, 7.125], ["oslo-bikes", "baguio-health", "seoul-air"]),
])
def test_rounds_combine(tmp_path, combine, scores, order):
    result = rounds_run(tmp_path, None, evaluation=COMBINE_EVALUATION, final=COMBINE_FINAL, combine=combine, weights=(1, 3))
    assert [result.score(e) for e in COMBINE_EVALUATION] == scores
    assert [result.results.scores[e].raw_score for e in COMBINE_EVALUATION] == scores
    assert result.order() == order


def test_combined_score_records_each_rounds_own_score(tmp_path):
    result = rounds_run(tmp_path, None, evaluation=COMBINE_EVALUATION, final=COMBINE_FINAL, combine="sum")
    seoul = result.results.scores["seoul-air"]
    assert seoul.score == 15.0
    # what each round gave, for explain: evaluation 9, final 6
    assert seoul.detail["combined"] == {"evaluation": 9.0, "final": 6.0}
    assert [s.score for s in seoul.stages] == [9.0, 6.0]
    final_stage = result.results.scoring.stages[-1]
    assert final_stage.round == "final" and final_stage.results["seoul-air"].score == 6.0


# ------------------------------------------------------------------------------------------------
# 6. The tie-break chain: each rule on its own, with [rule, shared].
# lyon-tram and porto-river always tie on the mean; each rule puts porto (the later id) first, so the
# order is the rule's doing, not the ids'.

TIE_CASES = {
    # criteria design, impact (equal weights): porto (6, 8) twice → 7; lyon (8, 6) twice → 7.
    # impact means: porto 8 > lyon 6
    "criterion:impact": {"porto-river": [{"design": 6, "impact": 8}] * 2, "lyon-tram": [{"design": 8, "impact": 6}] * 2},
    # mean 7 both; medians: porto (5, 7, 9) → 7 > lyon (6, 6, 9) → 6
    "median": {"porto-river": [5, 7, 9], "lyon-tram": [6, 6, 9]},
    # mean 7 both; from the highest down: porto 9, 6, 6 beats lyon 8, 8, 5 at the first (9 > 8)
    # (the median would have put lyon first: 8 > 6)
    "count-back": {"porto-river": [9, 6, 6], "lyon-tram": [8, 8, 5]},
    # mean 7 both (tallinn 6 is third); each judge's best total: j1 porto 10, j2 porto 9, j3 tallinn 8
    # → porto 2 first places, lyon 0
    "first-places": {"porto-river": [10, 9, 2], "lyon-tram": [7, 7, 7], "tallinn-data": [5, 5, 8]},
    # mean 7 both; spread: porto (7, 7, 7) sd 0 < lyon (6, 7, 8) sd √(2/3) (count-back would pick lyon)
    "spread": {"porto-river": [7, 7, 7], "lyon-tram": [6, 7, 8]},
    # identical marks; porto submitted 2025-04-20, before lyon (2025-05-02)
    "submitted": {"porto-river": [7, 7, 7], "lyon-tram": [7, 7, 7]},
    # identical marks; a recorded decision puts porto first
    "chair": {"porto-river": [7, 7, 7], "lyon-tram": [7, 7, 7]},
}
CHAIR_DECISION = {"tie": ["porto-river", "lyon-tram"], "decided_by": "Jury chair Kim Min-ji", "decided_on": "2025-06-10",
                  "note": "Decided at the final jury meeting in Seoul"}


def tie_run(root: Path, marks: dict[str, list[Any]], chain: list[str], *, decisions=None) -> Run:
    judges = J3 if len(next(iter(marks.values()))) == 3 else ["j1", "j2"]
    with_criteria = isinstance(next(iter(marks.values()))[0], dict)
    entries = [entry(e, submitted="2025-04-20" if e == "porto-river" else "2025-05-02") for e in marks]
    cycle = cycle_doc(rules={"tie_break": chain}, decisions=decisions, criteria=DESIGN_IMPACT if with_criteria else None)
    return run(root, cycle, panel(*judges), entries, sheets(by_judge(marks, judges)))


@pytest.mark.parametrize("rule", list(TIE_CASES))
def test_each_tie_break_rule_decides_and_is_named(tmp_path, rule):
    result = tie_run(tmp_path, TIE_CASES[rule], [rule, "shared"], decisions=[CHAIR_DECISION] if rule == "chair" else None)
    assert result.score("porto-river") == result.score("lyon-tram") == 7.0
    assert result.table()[:2] == [(1, "porto-river", rule), (2, "lyon-tram", rule)]
    assert "J412" not in result.codes()


@pytest.mark.parametrize("rule", list(TIE_CASES))
def test_without_a_tie_break_the_same_ties_are_shared(tmp_path, rule):
    result = tie_run(tmp_path, TIE_CASES[rule], ["shared"])
    assert result.table()[:2] == [(1, "lyon-tram", "shared"), (1, "porto-river", "shared")]


def test_chair_without_a_recorded_decision_warns_and_the_tie_is_shared(tmp_path):
    result = tie_run(tmp_path, TIE_CASES["chair"], ["chair", "shared"])
    assert result.table() == [(1, "lyon-tram", "shared"), (1, "porto-river", "shared")]
    warnings = [d for d in result.diagnostics if d.code == "J412"]
    assert len(warnings) == 1 and "lyon-tram, porto-river" in warnings[0].message
    assert warnings[0].severity is Severity.WARNING


def test_chair_without_a_decision_falls_through_to_the_next_rule(tmp_path):
    result = tie_run(tmp_path, TIE_CASES["submitted"], ["chair", "submitted", "shared"])
    assert result.table() == [(1, "porto-river", "submitted"), (2, "lyon-tram", "submitted")]
    assert "J412" in result.codes()


def test_a_decision_for_another_round_does_not_decide(tmp_path):
    # the decision names the 'evaluation' round; the call is judged in one round
    decision = {**CHAIR_DECISION, "round": "evaluation"}
    root = tmp_path
    cycle = cycle_doc(rules={"tie_break": ["chair", "shared"]}, decisions=[decision])
    result = run(root, cycle, panel(*J3), [entry(e) for e in TIE_CASES["chair"]],
                 sheets(by_judge(TIE_CASES["chair"], J3)), errors=("J408",))
    assert result.table() == [(1, "lyon-tram", "shared"), (1, "porto-river", "shared")]


def test_a_decision_for_the_final_round_decides_the_final_ranking(tmp_path):
    cycle = cycle_doc(rules={"tie_break": ["chair", "shared"]}, rounds={"evaluation": {}, "final": {}},
                      decisions=[{**CHAIR_DECISION, "round": "final"}])
    marks = {"porto-river": [7, 7], "lyon-tram": [7, 7]}
    sheet_files = {**sheets(by_judge(marks, ["j1", "j2"]), round="evaluation"),
                   **sheets(by_judge(marks, ["j1", "j2"]), round="final")}
    result = run(tmp_path, cycle, panel("j1", "j2"), [entry(e) for e in marks], sheet_files)
    assert result.table() == [(1, "porto-river", "chair"), (2, "lyon-tram", "chair")]
    assert result.codes() == []


def test_shared_ranks_run_1_2_2_4(tmp_path):
    marks = {"seoul-air": [9, 9], "lyon-tram": [8, 8], "porto-river": [8, 8], "vienna-heat": [7, 7]}
    result = tie_run(tmp_path, marks, ["shared"])
    assert result.table() == [(1, "seoul-air", None), (2, "lyon-tram", "shared"), (2, "porto-river", "shared"),
                              (4, "vienna-heat", None)]


# All three score 7 (criteria design, impact, equal weights):
#   porto    (6, 8) (6, 8)   impact mean 8
#   lyon     (7, 7) (7, 7)   impact mean 7, totals 7, 7 → median 7
#   tallinn  (5, 7) (9, 7)   impact mean 7, totals 6, 8 → median 7
# [criterion:impact, median, shared]: impact puts porto first; lyon and tallinn stay level on both → shared 2
def test_three_way_tie_partly_broken_names_each_rows_rule(tmp_path):
    marks = {"porto-river": [{"design": 6, "impact": 8}] * 2, "lyon-tram": [{"design": 7, "impact": 7}] * 2,
             "tallinn-data": [{"design": 5, "impact": 7}, {"design": 9, "impact": 7}]}
    result = tie_run(tmp_path, marks, ["criterion:impact", "median", "shared"])
    assert result.table() == [(1, "porto-river", "criterion:impact"), (2, "lyon-tram", "shared"),
                              (2, "tallinn-data", "shared")]


# Both score 7 with the same impact mean 22/3; the chain goes on to the median:
#   porto: (3, 7) → 5, (7, 7) → 7, (10, 8) → 9: median 7;  lyon: (5, 7) → 6, (5, 7) → 6, (10, 8) → 9: median 6
def test_tie_names_the_rule_further_down_the_chain_that_decided(tmp_path):
    marks = {"porto-river": [{"design": 3, "impact": 7}, {"design": 7, "impact": 7}, {"design": 10, "impact": 8}],
             "lyon-tram": [{"design": 5, "impact": 7}, {"design": 5, "impact": 7}, {"design": 10, "impact": 8}]}
    result = tie_run(tmp_path, marks, ["criterion:impact", "median", "shared"])
    assert result.table() == [(1, "porto-river", "median"), (2, "lyon-tram", "median")]


# ------------------------------------------------------------------------------------------------
# 7. Awards

def test_max_awards_per_country(tmp_path):
    # Ranked seoul 9, busan 8.5, incheon 8 (all KR), oslo 7 (NO); at most 2 awards per country:
    # gold seoul, silver busan, bronze passes over incheon (KR has 2) to oslo.
    marks = {"seoul-air": [9], "busan-port": [8.5], "incheon-bridge": [8], "oslo-bikes": [7]}
    result = scored_run(tmp_path, marks, ["j1"], rules={"max_awards_per_country": 2},
                        awards={"gold": 1, "silver": 1, "bronze": 1})
    assert result.awarded() == [("gold", "seoul-air"), ("silver", "busan-port"), ("bronze", "oslo-bikes")]
    assert result.results.allocation.unfilled == []


def test_min_score_leaves_a_slot_empty_no_award(tmp_path):
    # gold needs 9, silver (3 places) needs 7; scores lyon 8.5, porto 7.5, tallinn 6.5:
    # no gold; silver lyon and porto; the third silver stays empty.
    marks = {"lyon-tram": [8.5], "porto-river": [7.5], "tallinn-data": [6.5]}
    result = scored_run(tmp_path, marks, ["j1"],
                        awards={"gold": {"count": 1, "min_score": 9}, "silver": {"count": 3, "min_score": 7}})
    assert result.awarded() == [("silver", "lyon-tram"), ("silver", "porto-river")]
    unfilled = [(u.award, u.slots, u.reason) for u in result.results.allocation.unfilled]
    assert unfilled == [("gold", 1, "no award: no further eligible entry scored at least min_score 9"),
                        ("silver", 1, "no award: no further eligible entry scored at least min_score 7")]


def test_criterion_threshold_keeps_an_entry_ranked_but_not_awarded(tmp_path):
    # seoul (10, 5) twice → 7.5, impact mean 5 < threshold 6: ranked first, but not eligible;
    # baguio (7.5, 5.5) → 6.5 and (6.5, 6.5) → 6.5: score 6.5, impact mean (5.5 + 6.5)/2 = 6, exactly the threshold
    marks = {"seoul-air": [{"design": 10, "impact": 5}] * 2,
             "baguio-health": [{"design": 7.5, "impact": 5.5}, {"design": 6.5, "impact": 6.5}]}
    criteria = {"design": {"title": "Design"}, "impact": {"title": "Impact", "threshold": 6}}
    result = scored_run(tmp_path, marks, ["j1", "j2"], criteria=criteria, awards={"gold": 1})
    assert result.table() == [(1, "seoul-air", None), (2, "baguio-health", None)]
    assert result.results.scores["seoul-air"].ineligible == "mean mark on impact is 5, below its threshold of 6"
    assert result.results.scores["baguio-health"].ineligible is None  # at the threshold is not below it
    assert result.score("baguio-health") == 6.5
    assert result.awarded() == [("gold", "baguio-health")]


def test_designated_award_records_who_decided_and_when(tmp_path):
    calls = {
        "project": project(awards={"gold": 1}),
        "leadership": {"title": "Leadership award", "judging": "designated", "categories": {"leadership": {
            "title": "Leadership", "awards": {"mayor": 1},
            "designated": {"mayor": {"entries": ["addis-mayor"], "decided_by": "Seoul Smart City Prize committee",
                                     "decided_on": "2025-09-30"}}}}},
    }
    entries = [entry("seoul-air"), entry("addis-mayor", call="leadership", category="leadership", type="individual",
                                          name="Adanech Abiebie")]
    result = run(tmp_path, cycle_doc(calls=calls), panel("j1"), entries, sheets({"j1": {"seoul-air": 8}}))
    mayor = next(a for a in result.results.allocation.awards if a.award == "mayor")
    assert (mayor.entry.id, mayor.rank, mayor.score) == ("addis-mayor", None, None)
    assert mayor.note == "designated by Seoul Smart City Prize committee on 2025-09-30"
    assert result.awarded() == [("gold", "seoul-air"), ("mayor", "addis-mayor")]


# ------------------------------------------------------------------------------------------------
# 8. Derived conflicts and observers

# Judges: j1 KR, j2 NO, j3 PH, j4 an observer (IS, non-voting).
#   seoul (KR)  j1 10, j2 6, j3 7, j4 0  → j1 out by rule, j4 never counts: (6 + 7)/2 = 6.5   (else 23/3)
#   oslo (NO)   j1 8, j2 10, j3 8, j4 0  → j2 out: (8 + 8)/2 = 8
#   baguio (PH) j1 7, j2 7, j3 10, j4 0  → j3 out: (7 + 7)/2 = 7
CONFLICT_MARKS = {"seoul-air": [10, 6, 7, 0], "oslo-bikes": [8, 10, 8, 0], "baguio-health": [7, 7, 10, 0]}
COUNTRIES = {"j1": {"country": "KR"}, "j2": {"country": "NO"}, "j3": {"country": "PH"},
             "j4": {"country": "IS", "voting": False}}


def conflict_run(root: Path, conflicts: dict[str, Any] | None, errors: tuple[str, ...] = ()) -> Run:
    rules = {"conflicts": conflicts} if conflicts else None
    return run(root, cycle_doc(rules=rules), panel(*J4, **COUNTRIES), [entry(e) for e in CONFLICT_MARKS],
               sheets(by_judge(CONFLICT_MARKS, J4)), errors=errors)


def test_same_country_conflict_excludes_the_marks_with_a_warning(tmp_path):
    result = conflict_run(tmp_path, {"same": ["country"]})
    assert {e: result.score(e) for e in CONFLICT_MARKS} == {"seoul-air": 6.5, "oslo-bikes": 8.0, "baguio-health": 7.0}
    seoul = result.results.scores["seoul-air"]
    assert seoul.excluded["j1"] == "the judge shares the entrant's country (KR), a conflict by rule"
    assert seoul.excluded_by == {"j1": "J410"}
    assert result.codes() == ["J410", "J410", "J410"]
    assert all(d.severity is Severity.WARNING for d in result.diagnostics)
    assert result.order() == ["oslo-bikes", "baguio-health", "seoul-air"]


def test_without_the_rule_the_same_marks_count(tmp_path):
    result = conflict_run(tmp_path, None)
    # seoul (10 + 6 + 7)/3, oslo 26/3, baguio 24/3 = 8 (the observer still never counts)
    assert result.score("seoul-air") == round(23 / 3, 6)
    assert result.score("oslo-bikes") == round(26 / 3, 6)
    assert result.codes() == []


def test_conflict_rule_with_severity_error_reports_J411(tmp_path):
    result = conflict_run(tmp_path, {"same": ["country"], "severity": "error"}, errors=("J411",))
    assert result.codes() == ["J411", "J411", "J411"]
    assert all(d.severity is Severity.ERROR for d in result.diagnostics)
    assert result.results.scores["seoul-air"].excluded_by == {"j1": "J411"}


@pytest.mark.parametrize("conflicts", [None, {"same": ["country"]}])
def test_non_voting_judges_are_never_counted(tmp_path, conflicts):
    result = conflict_run(tmp_path, conflicts)
    for e in CONFLICT_MARKS:
        scored = result.results.scores[e]
        assert "j4" not in scored.totals
        assert scored.excluded["j4"] == "the judge is a non-voting observer"
        assert "j4" not in scored.excluded_by  # excluded by design: no diagnostic


@pytest.mark.parametrize("fact, judge, why", [
    ("city", {"city": "SEOUL"}, "the judge shares the entrant's city (Seoul), a conflict by rule"),
    ("affiliation", {"affiliation": "city of seoul"}, "the judge is affiliated with the entrant (City of Seoul), a conflict by rule"),
])
def test_same_city_or_affiliation_compares_without_case(tmp_path, fact, judge, why):
    # j1 shares the fact with the entrant (City of Seoul, in Seoul): j1's 10 is left out → (6 + 7)/2
    marks = {"seoul-air": [10, 6, 7]}
    result = run(tmp_path, cycle_doc(rules={"conflicts": {"same": [fact]}}), panel(*J3, j1=judge), [entry("seoul-air")],
                 sheets(by_judge(marks, J3)))
    assert result.score("seoul-air") == 6.5
    assert result.results.scores["seoul-air"].excluded["j1"] == why
    assert result.codes() == ["J410"]


# ------------------------------------------------------------------------------------------------
# 9. Properties (each example writes small cycles to a temporary folder)

PROPERTY_ENTRIES = ["seoul-air", "oslo-bikes", "baguio-health", "lyon-tram", "porto-river"]
FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


def outcome(result: Run) -> list[tuple[Any, ...]]:
    return [(r.rank, r.result.entry.id, r.result.score, r.tie, r.reason) for r in result.rows()] + result.awarded()


@st.composite
def mark_grids(draw, values=(4, 5, 6, 6.5, 7, 8, 9), judges=(3, 5), entries=(3, 5)):
    n_judges = draw(st.integers(*judges))
    n_entries = draw(st.integers(*entries))
    return [[draw(st.sampled_from(values)) for _ in range(n_judges)] for _ in range(n_entries)]


@FAST
@given(mark_grids(), st.sampled_from(["mean", "median", "trimmed-mean", "rank-sum", "borda", "schulze", "kemeny"]),
       st.sampled_from(["none", "z-score", "percentile"]), st.randoms(use_true_random=False))
def test_input_order_and_judge_ids_never_matter(grid, aggregate, normalise, rnd):
    n_judges = len(grid[0])
    ids = PROPERTY_ENTRIES[:len(grid)]
    rules = {"aggregate": aggregate, "min_judges": 3, "trim": 1, "normalise": normalise, "min_scores": 2}
    cycle = cycle_doc(rules=rules, awards={"gold": 1, "silver": 1})
    judges = [f"j{k}" for k in range(1, n_judges + 1)]
    renamed = judges[:]
    rnd.shuffle(renamed)  # judge k's marks are filed under another judge's id
    entries = [entry(e) for e in ids]
    with tempfile.TemporaryDirectory() as folder:
        first = run(Path(folder, "a"), cycle, panel(*judges), entries,
                    sheets(by_judge(dict(zip(ids, grid)), judges)))
        shuffled_entries = entries[:]
        rnd.shuffle(shuffled_entries)
        second_root = Path(folder, "b")
        write_cycle(second_root, cycle=cycle, judges=dict(reversed(list(panel(*renamed).items()))),
                    entry_files={f"{k:02d}.yaml": [e] for k, e in enumerate(shuffled_entries)},
                    sheets={f"{rnd.randrange(10 ** 6):06d}-{j}.yaml": {"judge": j, "scores": dict(reversed(list(m.items())))}
                            for j, m in by_judge(dict(zip(ids, grid)), renamed).items()})
        second = Run(load_cycle(second_root), [], compute(load_cycle(second_root)))
        assert outcome(first) == outcome(second)


@FAST
@given(mark_grids(values=(0, 1, 2, 2.5, 3, 4, 5), judges=(3, 3), entries=(4, 5)),
       st.integers(0, 2), st.sampled_from([0.5, 1, 2.5, 5]))
def test_adding_a_constant_to_one_judges_marks_never_changes_a_zscore_ranking(grid, judge, constant):
    for k in range(3):
        assume(len({row[k] for row in grid}) > 1)  # every judge's marks vary (else they count raw)
    ids = PROPERTY_ENTRIES[:len(grid)]
    judges = J3
    cycle = cycle_doc(rules={"normalise": "z-score", "min_scores": 2})
    shifted = [[m + constant if k == judge else m for k, m in enumerate(row)] for row in grid]
    with tempfile.TemporaryDirectory() as folder:
        ranks = []
        for name, marks in (("a", grid), ("b", shifted)):
            result = run(Path(folder, name), cycle, panel(*judges), [entry(e) for e in ids],
                         sheets(by_judge(dict(zip(ids, marks)), judges)))
            assert result.codes() == []
            ranks.append([(r.rank, r.result.entry.id) for r in result.rows()])
        assert ranks[0] == ranks[1]


@FAST
@given(mark_grids(values=(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), judges=(3, 5), entries=(3, 5)),
       st.sampled_from(["rank-sum", "borda", "schulze", "kemeny"]), st.integers(0, 2),
       st.sampled_from([lambda x: x * x / 10, lambda x: (x + 10) / 2, lambda x: 10 - 9 / x]))
def test_a_rank_method_ignores_a_monotone_rescaling_of_one_judges_marks(grid, method, judge, rescale):
    ids = PROPERTY_ENTRIES[:len(grid)]
    judges = [f"j{k}" for k in range(1, len(grid[0]) + 1)]
    cycle = cycle_doc(rules={"aggregate": method})
    rescaled = [[rescale(m) if k == judge else m for k, m in enumerate(row)] for row in grid]
    with tempfile.TemporaryDirectory() as folder:
        outcomes = [outcome(run(Path(folder, name), cycle, panel(*judges), [entry(e) for e in ids],
                                sheets(by_judge(dict(zip(ids, marks)), judges))))
                    for name, marks in (("a", grid), ("b", rescaled))]
        assert outcomes[0] == outcomes[1]
