"""docs/rules.md is the specification: its worked examples run here, and so do the statements it
makes where it used to be silent.

Each worked example carries, right below it, an HTML comment (invisible on the rendered page) that
states it as data:

    <!-- test: NAME
    rules: {...}                  # the call's rules (cycle.yaml's rules: keys)
    criteria: {design: 1, ...}    # criterion → weight; none: one overall mark
    judges: [j1, j2]
    judge_keys: {j2: {conflicts: [a]}}          # optional: judges.yaml keys
    awards: {gold: {count: 1}}    # optional: the category's awards; types: {a: company}, countries: {a: KR}
    cycle_rules: {max_awards_per_country: 1}    # optional: cycle-wide rules
    marks: {a: [mark of j1, mark of j2, ...]}   # null: no mark; a mapping: criterion marks
    submitted: {a: 2025-06-01}    # optional
    rounds: {...}                 # optional, as in cycle.yaml (and combine:); then marks per round
    decisions: [...]              # optional, as in cycle.yaml
    expect: {scores: {a: "7.5"}, raw_scores: {a: "6.5"}, order: [a, b], ranks: {a: 1},
             ties: {a: median}, codes: [J412], trimmed: {a: [j1, j7]}, awarded: [[gold, a]],
             unfilled: [[silver, "why"]], ineligible: {a: "words of the reason"},
             reasons: {c: "the start of an unranked entry's reason"}}
    -->

The test builds that cycle, ranks it, and checks every expectation; and each expected score, as
written, must also appear in the example's visible text above the comment, so that the page and
the test cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rulecycles import J3, Run, cycle_doc, entry, panel, project, run, scored_run, sheets

RULES_MD = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
BLOCK = re.compile(r"<!-- test: ([a-z0-9-]+)[^\n]*\n(.*?)-->", re.S)


def examples() -> list[tuple[str, dict[str, Any], str]]:
    """(name, the example as data, the visible text before it) for each example in rules.md."""
    text = RULES_MD.read_text(encoding="utf-8")
    found = []
    for match in BLOCK.finditer(text):
        before = BLOCK.sub("", text[: match.start()])
        heading = before.rfind("\n#")
        found.append((match.group(1), yaml.safe_load(match.group(2)), before[heading:]))
    return found


def _entry(entry_id: str, example: dict[str, Any]) -> dict[str, Any]:
    return {"id": entry_id, "call": "project", "category": "people", "title": f"Entry {entry_id}",
            "entrant": {"name": f"Entrant {entry_id}", "type": (example.get("types") or {}).get(entry_id, "city"),
                        "country": (example.get("countries") or {}).get(entry_id, "NO")},
            "submitted": str((example.get("submitted") or {}).get(entry_id, "2025-05-01"))}


def _criterion(name: str, weight: Any) -> dict[str, Any]:
    """A criterion from `name: weight` or `name: {weight: 1, threshold: 5}`."""
    keys = weight if isinstance(weight, dict) else {"weight": weight}
    return {"title": name.title(), **keys}


def _by_judge(judges: list[str], rows: dict[str, list[Any]]) -> dict[str, dict[str, Any]]:
    marks: dict[str, dict[str, Any]] = {j: {} for j in judges}
    for entry_id, row in rows.items():
        for judge, mark in zip(judges, row, strict=True):
            if mark is not None:
                marks[judge][entry_id] = mark
    return marks


def run_example(root: Path, example: dict[str, Any]) -> Run:
    """With `rounds:` (and `combine:`), `marks` holds each round's marks: {round: {entry: [...]}}."""
    judges: list[str] = example["judges"]
    criteria = {c: _criterion(c, w) for c, w in (example.get("criteria") or {}).items()}
    call_keys = {k: example[k] for k in ("rounds", "combine", "awards") if k in example}
    if "types" in example:
        call_keys["entrant_types"] = sorted({"city", *example["types"].values()})
    rounds = example.get("rounds")
    if rounds:
        written = {name: doc for round_id, rows in example["marks"].items()
                   for name, doc in sheets(_by_judge(judges, rows), round=round_id).items()}
        entry_ids = list(dict.fromkeys(e for rows in example["marks"].values() for e in rows))
    else:
        written = sheets(_by_judge(judges, example["marks"]))
        entry_ids = list(example["marks"])
    cycle = cycle_doc(calls={"project": project(criteria=criteria or None, rules=example.get("rules") or {}, **call_keys)},
                      decisions=example.get("decisions"))
    cycle["rules"] = example.get("cycle_rules") or {}
    entries = [_entry(e, example) for e in entry_ids]
    return run(root, cycle, panel(*judges, **(example.get("judge_keys") or {})), entries, written)


@pytest.mark.parametrize(("name", "example", "text"), examples(), ids=[name for name, *_ in examples()])
def test_a_worked_example_of_rules_md(tmp_path: Path, name: str, example: dict[str, Any], text: str) -> None:
    result = run_example(tmp_path / "cycle", example)
    expect = example["expect"]
    for entry_id, shown in (expect.get("scores") or {}).items():
        assert result.score(entry_id) == float(shown), (entry_id, result.score(entry_id))
        assert re.search(rf"(?<![\d.]){re.escape(shown)}(?![\d])", text), f"{shown} is not in the example's text"
    for entry_id, shown in (expect.get("raw_scores") or {}).items():
        assert result.results.scores[entry_id].raw_score == float(shown)
        assert shown in text
    if "order" in expect:
        assert result.order() == expect["order"]
    ranks = {r.result.entry.id: r.rank for r in result.rows()}
    for entry_id, rank in (expect.get("ranks") or {}).items():
        assert ranks[entry_id] == rank
    ties = {r.result.entry.id: r.tie for r in result.rows()}
    for entry_id, tie in (expect.get("ties") or {}).items():
        assert ties[entry_id] == tie, (entry_id, ties[entry_id])
    assert sorted(set(expect.get("codes", []))) == sorted(set(result.codes()))
    reasons = {r.result.entry.id: r.reason for r in result.rows()}
    for entry_id, reason in (expect.get("reasons") or {}).items():
        assert (reasons[entry_id] or "").startswith(reason) and reason in text, (entry_id, reasons[entry_id])
    if "awarded" in expect:
        assert [list(pair) for pair in result.awarded()] == expect["awarded"]
    unfilled = [[u.award, u.reason] for u in result.results.allocation.unfilled]
    assert unfilled == expect.get("unfilled", unfilled)
    for entry_id, words in (expect.get("ineligible") or {}).items():
        assert words in (result.results.scores[entry_id].ineligible or "")
    for entry_id, judges in (expect.get("trimmed") or {}).items():
        lines = result.results.scores[entry_id].lines
        assert sorted(j for j, line in lines.items() if line.trimmed) == judges


def test_every_example_has_a_unique_name_and_the_page_has_them() -> None:
    names = [name for name, *_ in examples()]
    assert len(names) == len(set(names)) >= 19


# --- where rules.md used to be silent ------------------------------------------------------------

def test_tie_break_rules_read_the_trimmed_judges_too(tmp_path: Path) -> None:
    """rules.md §8, "Trimmed judges count". a and b have the same trimmed mean (5); the spread of
    all five totals is smaller for b (2.23 against 2.53), of the three kept ones smaller for a (0
    against 0.82): b goes first, so the rule read every counted judge."""
    marks = {"oslo-a": [1, 5, 5, 5, 9], "seoul-b": [4, 4, 5, 6, 10]}
    result = scored_run(tmp_path / "c", marks, ["j1", "j2", "j3", "j4", "j5"],
                        rules={"aggregate": "trimmed-mean", "trim": 1, "min_judges": 3, "tie_break": ["spread"]})
    assert result.score("oslo-a") == result.score("seoul-b") == 5
    assert result.table() == [(1, "seoul-b", "spread"), (2, "oslo-a", "spread")]


def test_where_rounds_combine_a_tie_break_reads_the_last_rounds_totals(tmp_path: Path) -> None:
    """rules.md §8, "The last round's totals". Summed over two rounds a and b tie (16); the median
    of the first round's totals favours a (8 > 7), of the last round's b (9 > 8): b goes first."""
    rounds = {"first": {"title": "First"}, "final": {"title": "Final"}}
    cycle = cycle_doc(calls={"project": project(rounds=rounds, combine="sum", rules={"tie_break": ["median"]})})
    marks_first = {"j1": {"oslo-a": 8, "seoul-b": 7}, "j2": {"oslo-a": 8, "seoul-b": 7}, "j3": {"oslo-a": 8, "seoul-b": 7}}
    marks_final = {"j1": {"oslo-a": 8, "seoul-b": 10}, "j2": {"oslo-a": 8, "seoul-b": 9}, "j3": {"oslo-a": 8, "seoul-b": 8}}
    result = run(tmp_path / "c", cycle, panel(*J3), [entry("oslo-a"), entry("seoul-b")],
                 {**sheets(marks_first, round="first"), **sheets(marks_final, round="final")})
    assert result.score("oslo-a") == result.score("seoul-b") == 16
    assert result.table() == [(1, "seoul-b", "median"), (2, "oslo-a", "median")]


def _normalised(tmp_path: Path, marks: dict[str, list[Any]]) -> float:
    result = scored_run(tmp_path, marks, ["j1", "j2"], rules={"normalise": "z-score", "min_scores": 2, "min_judges": 2})
    return result.results.scores["oslo-a"].lines["j1"].normalised["total"]  # type: ignore[index]


def test_lines_of_an_entry_below_min_judges_enter_normalisation(tmp_path: Path) -> None:
    """rules.md §5, Scope. c is marked by j1 alone: below min_judges (2), unranked (J404), and yet
    its line moves j1's mean and spread, so j1's normalised total on a changes."""
    base = {"oslo-a": [8, 6], "seoul-b": [6, 5], "tallinn-d": [7, 4]}
    with_c = _normalised(tmp_path / "with", {**base, "baguio-c": [2, None]})
    without = _normalised(tmp_path / "without", base)
    assert with_c != without


def test_the_normalisation_panel_is_the_whole_call_and_round_not_a_category(tmp_path: Path) -> None:
    """rules.md §5, Scope. An entry of another category of the call changes the panel's mean, and
    so the normalised score of an entry of this one."""
    def score(marks: dict[str, list[Any]], other: bool) -> float | None:
        judges = ["j1", "j2"]
        call = project(rules={"normalise": "z-score", "min_scores": 2})
        call["categories"]["green"] = {"title": "Green", "awards": {}}
        entries = [entry(e) for e in marks if e != "baguio-c"]
        if other:
            entries.append(entry("baguio-c", category="green"))
        marks = {e: m for e, m in marks.items() if other or e != "baguio-c"}
        by = {j: {e: row[k] for e, row in marks.items() if row[k] is not None} for k, j in enumerate(judges)}
        root = tmp_path / ("other" if other else "alone")
        return run(root, cycle_doc(calls={"project": call}), panel(*judges), entries, sheets(by)).score("oslo-a")

    marks = {"oslo-a": [8, 6], "seoul-b": [6, 5], "tallinn-d": [7, 4], "baguio-c": [2, 1]}
    assert score(marks, True) != score(marks, False)


def test_ex_aequo_counts_the_entries_of_the_group_that_received_the_award(tmp_path: Path) -> None:
    """rules.md §9, Ex aequo. Three entries share rank 1 for a gold: 1; one of them is a company,
    and the slot is for cities: N is 2, not 3."""
    awards = {"gold": {"count": 1, "eligible": {"entrant_type": ["city"]}}}
    entries = [entry("oslo-a"), entry("seoul-b"), entry("tallinn-c", type="company", name="Tallinn Tech OÜ")]
    cycle = cycle_doc(awards=awards, entrant_types=["city", "company"])
    marks = {"oslo-a": [8], "seoul-b": [8], "tallinn-c": [8]}
    result = run(tmp_path / "c", cycle, panel("j1"), entries, sheets({"j1": {e: m[0] for e, m in marks.items()}}))
    notes = {a.entry.id: a.note for a in result.results.allocation.awards}
    assert notes == {"oslo-a": "ex aequo: 2 entries tied at rank 1", "seoul-b": "ex aequo: 2 entries tied at rank 1"}


def test_entrant_names_compare_by_full_case_folding(tmp_path: Path) -> None:
    """format.md, awards: `Straße GmbH` and `STRASSE GMBH` are one entrant (lower-casing alone
    would make them two), so under one_award_per: entrant the second entry takes no award."""
    awards = {"gold": {"count": 1}, "silver": {"count": 1}}
    entries = [entry("oslo-a", type="company", name="Straße GmbH"), entry("seoul-b", type="company", name="STRASSE GMBH"),
               entry("tallinn-c")]
    cycle = cycle_doc(awards=awards, rules={"one_award_per": "entrant"}, entrant_types=["city", "company"])
    result = run(tmp_path / "c", cycle, panel("j1"), entries, sheets({"j1": {"oslo-a": 9, "seoul-b": 8, "tallinn-c": 7}}))
    assert result.awarded() == [("gold", "oslo-a"), ("silver", "tallinn-c")]


def test_winners_rows_follow_the_cycle_then_precedence_then_rank() -> None:
    """cli.md, winners: rows by call and category as cycle.yaml lists them, then award precedence,
    then the order given (rank). Checked on both samples."""
    from smartaward.api import results

    for sample in sorted((Path(__file__).resolve().parent.parent / "cycles").glob("seoul-*")):
        outcome = results(sample)
        assert outcome.results is not None and outcome.cycle is not None and outcome.cycle.spec is not None
        spec = outcome.cycle.spec
        places = [(c, k) for c, call in spec.calls.items() for k in call.categories]
        precedence = {(c, k, a): i for c, call in spec.calls.items() for k, cat in call.categories.items()
                      for i, a in enumerate(cat.awards)}
        awards = outcome.results.allocation.awards
        keys = [(places.index((a.call, a.category)), precedence[(a.call, a.category, a.award)]) for a in awards]
        assert keys == sorted(keys)
        for key in set(keys):
            ranks = [a.rank for a, k in zip(awards, keys, strict=True) if k == key and a.rank is not None]
            assert ranks == sorted(ranks)
