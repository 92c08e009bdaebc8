"""`assign`'s solver on random small rounds (hypothesis), in memory through the core API
(assigning.solve_round): random conflicts (declared and by country), caps, availability, expertise
preferred or required, and a diversity rule. Feasibility is decided independently, by an exhaustive search written here:

- every feasible round gets an assignment: K distinct judges per entry, each allowed (call,
  round, conflicts), caps respected, diversity respected, and loads with the least sum of squares
  any valid assignment has (the most even spread), and among those the most pairs whose judge
  knows the entry's category (expertise preferred);
- every infeasible one gets problems, naming each entry that has fewer allowed judges than K
  (P851), or, when every entry has enough, the judges whose caps leave places unfilled (P852).
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartaward.assigning import solve_round
from smartaward.assigning.explain import infeasible
from smartaward.judging.panel import judge_exclusion
from smartaward.model.cyclefiles import CycleFile, Entry, Judge

COUNTRIES = ["KR", "NO", "PH"]


@st.composite
def rounds(draw: st.DrawFn) -> tuple[CycleFile, dict[str, Judge], list[Entry], int, str | None]:
    n_entries = draw(st.integers(1, 5))
    n_judges = draw(st.integers(1, 5))
    per_entry = draw(st.integers(1, 3))
    different = draw(st.sampled_from([None, "country"]))
    derived = draw(st.booleans())
    expertise = draw(st.sampled_from(["prefer", "require"]))
    rules: dict[str, object] = {"assignment": {"different": different, "expertise": expertise}}
    if derived:
        rules["conflicts"] = {"same": ["country"], "severity": "warning"}
    spec = CycleFile.model_validate({
        "cycle": "prop", "title": "Property", "rules": rules,
        "calls": {call: {"title": call, "rounds": {"one": {}, "two": {}},
                         "categories": {"c": {"title": "C", "awards": {"gold": 1}}}} for call in ("a", "b")}})
    entries = [Entry.model_validate({
        "id": f"e{i}", "call": draw(st.sampled_from(["a", "b"])), "category": "c", "title": f"E{i}",
        "entrant": {"name": f"N{i}", "type": "city", "country": draw(st.sampled_from(COUNTRIES))},
        "submitted": "2025-01-01"}) for i in range(n_entries)]
    judges = {}
    for j in range(n_judges):
        judges[f"j{j}"] = Judge.model_validate({
            "name": f"J{j}", "country": draw(st.sampled_from(COUNTRIES)),
            "calls": draw(st.sampled_from([None, ["a"], ["b"], ["a", "b"]])),
            "rounds": draw(st.sampled_from([None, ["one"], ["two"]])),
            "voting": draw(st.booleans() | st.just(True)),
            "conflicts": draw(st.lists(st.sampled_from([e.id for e in entries]), max_size=2, unique=True)),
            "max_entries": draw(st.none() | st.integers(0, n_entries)),
            "categories": draw(st.sampled_from([None, ["c"], ["other"]]))})
    return spec, judges, entries, per_entry, "one"


def _allowed(spec: CycleFile, judges: dict[str, Judge], entry: Entry, round_id: str | None) -> list[str]:
    out = []
    for judge_id, judge in sorted(judges.items()):
        if judge.max_entries == 0 or (judge.rounds is not None and round_id not in judge.rounds):
            continue
        if spec.rules.assignment.expertise == "require" and entry.category not in (judge.categories or []):
            continue
        if judge_exclusion(judge, entry, spec.rules.conflicts) is None:
            out.append(judge_id)
    return out


def _knows(judge: Judge, entry: Entry) -> bool:
    return entry.category in (judge.categories or [])


def _best(spec: CycleFile, judges: dict[str, Judge], entries: list[Entry], per_entry: int,
          round_id: str | None) -> tuple[int, int] | None:
    """Over every valid assignment, the least (sum of squared loads, − pairs whose judge knows the
    entry's category): evenness first, then expertise. None when there is no valid assignment."""
    options = []
    for entry in entries:
        allowed = _allowed(spec, judges, entry, round_id)
        panels = [p for p in combinations(allowed, per_entry)
                  if spec.rules.assignment.different is None or len({judges[j].country for j in p}) == len(p)]
        options.append(panels)
    best: list[tuple[int, int] | None] = [None]
    loads = dict.fromkeys(judges, 0)
    matched = [0]

    def search(i: int) -> None:
        if i == len(entries):
            score = (sum(v * v for v in loads.values()), -matched[0])
            best[0] = score if best[0] is None else min(best[0], score)
            return
        for panel in options[i]:
            if any(judges[j].max_entries is not None and loads[j] >= judges[j].max_entries for j in panel):  # type: ignore[operator]
                continue
            known = sum(_knows(judges[j], entries[i]) for j in panel)
            for j in panel:
                loads[j] += 1
            matched[0] += known
            search(i + 1)
            matched[0] -= known
            for j in panel:
                loads[j] -= 1

    search(0)
    return best[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_feasible_rounds_get_the_most_even_valid_assignment_and_infeasible_ones_a_named_cause(case) -> None:  # noqa: ANN001
    spec, judges, entries, per_entry, round_id = case
    cands, demand, _, _, solution = solve_round(spec, judges, entries, round_id, per_entry, seed=3)
    best = _best(spec, judges, entries, per_entry, round_id)
    if best is None:
        assert solution.short > 0
        problems = infeasible(spec, judges, cands, demand, solution, per_entry, round_id, frozenset())
        assert problems
        short = [e for e in entries if len(_allowed(spec, judges, e, round_id)) < per_entry]
        named = {p.message.split(" ", 1)[0] for p in problems if p.code == "P851"}
        assert {e.id for e in short} <= named
        if not short and not named:
            assert [p.code for p in problems] == ["P852"]
        return
    assert solution.short == 0
    panels: dict[str, set[str]] = {e.id: set() for e in entries}
    for e, j in zip(solution.pairs_e.tolist(), solution.pairs_j.tolist(), strict=True):
        panels[cands.entries[e].id].add(cands.judges[j])
    loads = dict.fromkeys(judges, 0)
    for entry in entries:
        panel = panels[entry.id]
        assert len(panel) == per_entry
        assert panel <= set(_allowed(spec, judges, entry, round_id))
        if spec.rules.assignment.different is not None:
            assert len({judges[j].country for j in panel}) == len(panel)
        for j in panel:
            loads[j] += 1
    assert all(judges[j].max_entries is None or n <= judges[j].max_entries for j, n in loads.items())  # type: ignore[operator]
    knowing = sum(_knows(judges[j], entry) for entry in entries for j in panels[entry.id])
    assert (sum(v * v for v in loads.values()), -knowing) == best


def test_the_same_seed_gives_the_same_pairs_and_another_seed_may_not() -> None:
    spec = CycleFile.model_validate({"cycle": "s", "title": "S", "calls": {"a": {"title": "A", "categories": {
        "c": {"title": "C", "awards": {"gold": 1}}}}}})
    entries = [Entry.model_validate({"id": f"e{i:02d}", "call": "a", "category": "c", "title": "T",
                                     "entrant": {"name": f"N{i}", "type": "city", "country": "KR"},
                                     "submitted": "2025-01-01"}) for i in range(30)]
    judges = {f"j{j}": Judge.model_validate({"name": f"J{j}"}) for j in range(8)}

    def pairs(seed: int) -> list[tuple[int, int]]:
        solution = solve_round(spec, judges, entries, None, 3, seed)[4]
        return sorted(zip(solution.pairs_e.tolist(), solution.pairs_j.tolist(), strict=True))

    assert pairs(1) == pairs(1)
    assert pairs(1) != pairs(2)
