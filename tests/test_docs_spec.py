"""docs/rules.md is the specification: its worked examples run here, and so do the statements it
makes where it used to be silent.

Each worked example carries, right below it, an HTML comment (invisible on the rendered page) that
states it as data:

    <!-- test: NAME
    rules: {...}                  # the call's rules (cycle.yaml's rules: keys)
    criteria: {design: 1, ...}    # criterion → weight; none: one overall mark
    judges: [j1, j2]
    judge_keys: {j2: {conflicts: [a]}}          # optional: judges.yaml keys
    factors: {a: {dive1: 3.2}}    # optional: entries' factors
    awards: {gold: {count: 1}}    # optional: the category's awards; types: {a: company}, countries: {a: KR}
    names: {a: Airco Ltd}         # optional: entrant names (default: one entrant per entry)
    closes: 2025-06-30            # optional: the call's closing date
    cycle_rules: {max_awards_per_country: 1}    # optional: cycle-wide rules
    marks: {a: [mark of j1, mark of j2, ...]}   # null: no mark; a mapping: criterion marks
    submitted: {a: 2025-06-01}    # optional
    rounds: {...}                 # optional, as in cycle.yaml (and combine:); then marks per round
    measured: {bonus: {...}}      # optional: the call's measured parts, as in cycle.yaml
    values: {a: {bonus: 1}}       # optional: a values sheet (with rounds: {round: {a: {...}}})
    decisions: [...]              # optional, as in cycle.yaml
    expect: {scores: {a: "7.5"}, raw_scores: {a: "6.5"}, order: [a, b], ranks: {a: 1},
             ties: {a: median}, codes: [J412], trimmed: {a: [j1, j7]}, awarded: [[gold, a]],
             unfilled: [[silver, "why"]], ineligible: {a: "words of the reason"},
             reasons: {c: "the start of an unranked entry's reason"}, notes: ["a category note"],
             normalised: {a: {j2: "50"}}, round_ranks: {b: {first: 2}}, combined: {b: {first: 7, final: 9}},
             status: provisional, open: [[too-few-judges, b]]}
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
from rulecycles import DESIGN_IMPACT, J3, Run, cycle_doc, entry, panel, project, run, scored_run, sheets

from smartaward.awards.status import assess
from smartaward.reading.source import parse_bytes

RULES_MD = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
BLOCK = re.compile(r"<!-- test: ([a-z0-9-]+)[^\n]*\n(.*?)-->", re.S)


def examples() -> list[tuple[str, dict[str, Any], str]]:
    """(name, the example as data, the visible text before it) for each example in rules.md."""
    text = RULES_MD.read_text(encoding="utf-8")
    found = []
    for match in BLOCK.finditer(text):
        before = BLOCK.sub("", text[: match.start()])
        heading = before.rfind("\n#")
        # read as a cycle file is (smartaward's YAML: `on:` is the key "on", not YAML 1.1's true)
        found.append((match.group(1), parse_bytes(match.group(2).encode(), "rules.md")[0].data, before[heading:]))
    return found


def _entry(entry_id: str, example: dict[str, Any]) -> dict[str, Any]:
    def given(key: str, default: str) -> str:
        return str((example.get(key) or {}).get(entry_id, default))

    factors = (example.get("factors") or {}).get(entry_id)  # factors: {a: {dive1: 3.2}}: the entry's factors
    return {"id": entry_id, "call": "project", "category": "people", "title": f"Entry {entry_id}",
            "entrant": {"name": given("names", f"Entrant {entry_id}"), "type": given("types", "city"),
                        "country": given("countries", "NO")},
            "submitted": given("submitted", "2025-05-01"), **({"factors": factors} if factors else {})}


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


def _values(example: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    """The example's values sheets (measured parts), by round (None: a call without rounds)."""
    values = example.get("values") or {}
    return dict(values) if example.get("rounds") else ({None: values} if values else {})


def run_example(root: Path, example: dict[str, Any]) -> Run:
    """With `rounds:` (and `combine:`), `marks` holds each round's marks: {round: {entry: [...]}}."""
    judges: list[str] = example["judges"]
    criteria = {c: _criterion(c, w) for c, w in (example.get("criteria") or {}).items()}
    call_keys: dict[str, Any] = {k: example[k] for k in ("rounds", "combine", "awards", "measured") if k in example}
    if "closes" in example:
        call_keys["closes"] = str(example["closes"])
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
    for round_id, values in _values(example).items():  # values: {a: {distance: 60}} (with rounds: {round: {a: ...}})
        written[f"values-{round_id}.yaml" if round_id else "values.yaml"] = {**({"round": round_id} if round_id else {}), "values": values}
    cycle = cycle_doc(calls={"project": project(criteria=criteria or None, rules=example.get("rules") or {}, **call_keys)},
                      decisions=example.get("decisions"))
    cycle["rules"] = example.get("cycle_rules") or {}
    if "scale" in example:  # scale: {min: 1, max: 25}
        cycle["scale"] = example["scale"]
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
    flat = " ".join(text.split())  # the page wraps its lines
    for note in expect.get("notes") or []:
        assert note in result.notes() and note in flat, (note, result.notes())
    for entry_id, values in (expect.get("normalised") or {}).items():
        lines = result.results.scores[entry_id].lines
        for judge, shown in values.items():
            assert round(lines[judge].value, 6) == float(shown), (entry_id, judge, lines[judge].value)  # type: ignore[arg-type]
            assert re.search(rf"(?<![\d.]){re.escape(shown)}(?![\d])", text), f"{shown} is not in the example's text"
    for entry_id, by_round in (expect.get("round_ranks") or {}).items():
        stages = {s.round: s for s in result.results.scores[entry_id].stages}
        assert {r: stages[r].detail.get("round_rank") for r in by_round} == by_round
    for entry_id, combined in (expect.get("combined") or {}).items():
        assert result.results.scores[entry_id].detail["combined"] == combined
    _check_status(result, expect)


def _check_status(result: Run, expect: dict[str, Any]) -> None:
    """`status: final|provisional` and `open: [[kind, entry...]]` (rules.md, Provisional and final)."""
    if "status" in expect:
        status = assess(result.cycle, result.results.scoring, result.results.pending, result.diagnostics)
        assert status.name == expect["status"]
        assert [[item.kind, *item.entries] for item in status.open] == expect.get("open", [])


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


def test_only_the_first_check_on_the_judge_is_reported_but_every_check_on_the_marks(tmp_path: Path) -> None:
    """rules.md §2 (and format.md, Which marks count). j2 is an observer, off the call, in conflict
    and of the entrant's country; j3 the same but voting; j4 only in conflict and of the country.
    Each line is left out for its first reason, reported once for it (j2: not at all), and each
    unmarked criterion is still M305."""
    calls = {"project": project(criteria=DESIGN_IMPACT), "other": project()}
    cycle = cycle_doc(calls=calls, rules={"conflicts": {"same": ["country"], "severity": "warning"}})
    judges = panel("j1", "j2", "j3", "j4", j2={"voting": False, "calls": ["other"], "conflicts": ["oslo-a"], "country": "NO"},
                   j3={"calls": ["other"], "conflicts": ["oslo-a"], "country": "NO"}, j4={"conflicts": ["oslo-a"], "country": "NO"})
    marks = {j: {"oslo-a": {"design": 5} if j != "j1" else {"design": 5, "impact": 6}} for j in ("j1", "j2", "j3", "j4")}
    result = run(tmp_path / "c", cycle, judges, [entry("oslo-a")], sheets(marks))
    lines = result.results.scores["oslo-a"].lines
    assert [lines[j].excluded for j in ("j2", "j3", "j4")] == [
        "the judge is a non-voting observer", "the judge does not judge the 'project' call", "the judge declared a conflict ('oslo-a')"]
    assert result.codes() == ["J402", "J403", "M305", "M305", "M305"]


# --- what an unranked entry shows ----------------------------------------------------------------

def test_a_trimmed_score_needs_2k_plus_1_judges_not_min_judges(tmp_path: Path) -> None:
    """rules.md §2, Too-small panels; format.md, Unranked entries. trim 1, min_judges 5: an entry
    with 3 counted judges is unranked and shows its trimmed mean; one with 2 shows none."""
    marks: dict[str, list[Any]] = {"oslo-a": [5, 6, 7, 8, 9], "seoul-b": [5, 6, 7, None, None], "baguio-c": [5, 6, None, None, None]}
    result = scored_run(tmp_path / "c", marks, ["j1", "j2", "j3", "j4", "j5"],
                        rules={"aggregate": "trimmed-mean", "trim": 1, "min_judges": 5})
    assert result.table() == [(1, "oslo-a", None), (None, "baguio-c", "2 valid scores, fewer than min_judges (5)"),
                              (None, "seoul-b", "3 valid scores, fewer than min_judges (5)")]
    assert (result.score("seoul-b"), result.score("baguio-c")) == (6, None)


def test_under_a_rank_method_an_entry_short_of_judges_has_no_score(tmp_path: Path) -> None:
    """rules.md §2, Too-small panels: the entry is left off every ballot."""
    marks: dict[str, list[Any]] = {"oslo-a": [6, 6], "seoul-b": [5, 5], "baguio-c": [9, None]}
    result = scored_run(tmp_path / "c", marks, ["j1", "j2"], rules={"aggregate": "borda", "min_judges": 2})
    assert result.table()[-1] == (None, "baguio-c", "1 valid score, fewer than min_judges (2)")
    assert result.score("baguio-c") is None
    assert (result.score("oslo-a"), result.score("seoul-b")) == (2, 0)  # 1 point from each judge: c is on no ballot


def test_late_and_screened_out_entries_are_never_scored(tmp_path: Path) -> None:
    """format.md, Unranked entries: a late entry and a screened-out one have a null score, whatever
    their marks."""
    late = run(tmp_path / "late", cycle_doc(closes="2025-06-30"), panel("j1"),
               [entry("oslo-a"), entry("seoul-b", submitted="2025-07-02")], sheets({"j1": {"oslo-a": 5, "seoul-b": 6}}))
    assert late.table()[-1][:2] == (None, "seoul-b") and late.score("seoul-b") is None
    rounds = {"first": {"title": "First"}, "screen": {"screening": True}, "final": {"title": "Final"}}
    screened = run(tmp_path / "screened", cycle_doc(rounds=rounds), panel("j1"), [entry("oslo-a"), entry("seoul-b")],
                   {**sheets({"j1": {"oslo-a": 8, "seoul-b": 9}}, round="first"),
                    **sheets({"j1": {"oslo-a": "pass", "seoul-b": "fail"}}, round="screen"),
                    **sheets({"j1": {"oslo-a": 8}}, round="final")})
    assert screened.table()[-1][:2] == (None, "seoul-b") and screened.score("seoul-b") is None


def test_ineligible_is_filled_for_every_marked_entry_below_a_threshold(tmp_path: Path) -> None:
    """rules.md §9, Criterion thresholds: not only for a ranked entry, but for one short of judges,
    one not shortlisted and one screened out after a scored round (the last round with criterion
    means decides); never for a late entry."""
    criteria = {"impact": {"title": "Impact", "threshold": 5}, "design": {"title": "Design"}}
    below = "mean mark on impact is 3, below its threshold of 5"

    def low() -> dict[str, int]:  # a new mapping each time: the same one written twice would be a YAML alias
        return {"impact": 3, "design": 9}

    def high() -> dict[str, int]:
        return {"impact": 8, "design": 8}

    few = run(tmp_path / "few", cycle_doc(criteria=criteria, closes="2025-06-30", rules={"min_judges": 2}), panel("j1", "j2"),
              [entry("oslo-a"), entry("seoul-b"), entry("baguio-c", submitted="2025-07-05")],
              sheets({"j1": {"oslo-a": high(), "seoul-b": low(), "baguio-c": low()}, "j2": {"oslo-a": high(), "baguio-c": low()}}))
    scores = few.results.scores
    assert (scores["seoul-b"].status, scores["seoul-b"].ineligible) == ("too-few-judges", below)
    assert (scores["baguio-c"].status, scores["baguio-c"].ineligible) == ("late", None)

    rounds = {"first": {"title": "First", "shortlist": {"top": 1}}, "screen": {"screening": True}, "final": {"title": "Final"}}
    cut = run(tmp_path / "cut", cycle_doc(criteria=criteria, rounds=rounds), panel("j1"),
              [entry("oslo-a"), entry("seoul-b")],
              {**sheets({"j1": {"oslo-a": high(), "seoul-b": low()}}, round="first"),
               **sheets({"j1": {"oslo-a": "pass"}}, round="screen"), **sheets({"j1": {"oslo-a": high()}}, round="final")})
    assert (cut.results.scores["seoul-b"].status, cut.results.scores["seoul-b"].ineligible) == ("not-shortlisted", below)

    rounds = {"first": {"title": "First"}, "screen": {"screening": True}, "final": {"title": "Final"}}
    out = run(tmp_path / "out", cycle_doc(criteria=criteria, rounds=rounds), panel("j1"),
              [entry("oslo-a"), entry("seoul-b")],
              {**sheets({"j1": {"oslo-a": high(), "seoul-b": low()}}, round="first"),
               **sheets({"j1": {"oslo-a": "pass", "seoul-b": "fail"}}, round="screen"),
               **sheets({"j1": {"oslo-a": high()}}, round="final")})
    assert (out.results.scores["seoul-b"].status, out.results.scores["seoul-b"].ineligible) == ("screened-out", below)


# --- awards ----------------------------------------------------------------------------------------

def test_entrant_names_fold_nothing_but_case_and_accent_encoding(tmp_path: Path) -> None:
    """rules.md §9: `Zürich AG` composed and decomposed is one entrant; `Airco Ltd` with a double
    space is another entrant than `Airco Ltd` (R212 says so)."""
    awards = {"gold": {"count": 1}, "silver": {"count": 1}, "bronze": {"count": 1}}
    entries = [entry("oslo-a", type="company", name="Z\u00fcrich AG"), entry("oslo-b", type="company", name="ZU\u0308RICH AG"),
               entry("tallinn-c", type="company", name="Airco Ltd"), entry("tallinn-d", type="company", name="Airco  Ltd")]
    cycle = cycle_doc(awards=awards, rules={"one_award_per": "entrant"}, entrant_types=["city", "company"])
    result = run(tmp_path / "c", cycle, panel("j1"), entries,
                 sheets({"j1": {"oslo-a": 9, "oslo-b": 8, "tallinn-c": 7, "tallinn-d": 6}}))
    assert result.awarded() == [("gold", "oslo-a"), ("silver", "tallinn-c"), ("bronze", "tallinn-d")]
    assert set(result.codes()) == {"R212"}


def test_designated_awards_respect_max_awards_per_country(tmp_path: Path) -> None:
    """format.md, Designated categories: a listed entry whose country already holds
    max_awards_per_country awards is skipped."""
    calls = {
        "project": project(awards={"gold": 1}),
        "leadership": {"title": "Leadership award", "judging": "designated", "categories": {"leadership": {
            "title": "Leadership", "awards": {"mayor": 1, "mention": 1},
            "designated": {"mayor": ["busan-mayor"], "mention": ["addis-mayor"]}}}},
    }
    entries = [entry("seoul-air"), entry("busan-mayor", call="leadership", category="leadership", type="individual", name="A Mayor"),
               entry("addis-mayor", call="leadership", category="leadership", type="individual", name="Adanech Abiebie")]
    cycle = cycle_doc(calls=calls, rules={"max_awards_per_country": 1})
    result = run(tmp_path / "c", cycle, panel("j1"), entries, sheets({"j1": {"seoul-air": 8}}))
    assert result.awarded() == [("gold", "seoul-air"), ("mention", "addis-mayor")]  # busan (KR) skipped: seoul holds one
    assert [(u.award, u.reason) for u in result.results.allocation.unfilled] == [("mayor", "no further eligible designated entry")]


def test_winners_rows_are_not_in_the_order_of_filling(tmp_path: Path) -> None:
    """rules.md §9, The order of the winners: two categories filled level by level (gold, gold,
    silver, silver) are listed category by category (gold, silver, gold, silver), entries sharing a
    rank by id; JSON the same."""
    from smartaward.publishing.data import winners_document

    call = project(awards={"gold": 1, "silver": 1})
    call["categories"]["green"] = {"title": "Green", "awards": {"gold": 1, "silver": 2}}
    entries = [entry("oslo-a"), entry("seoul-b"), entry("tallinn-c", category="green"), entry("lyon-d", category="green"),
               entry("porto-e", category="green")]
    marks = {"oslo-a": 9, "seoul-b": 8, "tallinn-c": 9, "porto-e": 8, "lyon-d": 8}
    result = run(tmp_path / "c", cycle_doc(calls={"project": call}), panel("j1"), entries, sheets({"j1": marks}))
    rows = [(w["category"], w["award"], w["entry"]) for w in winners_document(result.results)["winners"]]
    assert rows == [("people", "gold", "oslo-a"), ("people", "silver", "seoul-b"),
                    ("green", "gold", "tallinn-c"), ("green", "silver", "lyon-d"), ("green", "silver", "porto-e")]


# --- worked examples that are not a cycle's ranking -----------------------------------------------

def _section(number: int) -> str:
    """The text of rules.md's section `## number.`, without the test comments."""
    text = BLOCK.sub("", RULES_MD.read_text(encoding="utf-8"))
    start = text.index(f"\n## {number}. ")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_rules_inherit_one_key_at_a_time(tmp_path: Path) -> None:
    """rules.md §1: the example's cycle.yaml, as written there, gives the rules of its table, and
    explain's one-line description of the final round."""
    text = _section(1)
    example = yaml.safe_load(next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "trimmed-mean" in b))
    call = example["calls"]["project"]
    cycle = cycle_doc(calls={"project": project(rules=call["rules"], rounds=call["rounds"])}, rules=example["rules"])
    marks = {j: {"oslo-a": 7} for j in J3}
    result = run(tmp_path / "c", cycle, panel(*J3), [entry("oslo-a")],
                 {**sheets(marks, round="first"), **sheets(marks, round="final")})
    rules = {stage.round: stage.rules for stage in result.results.scoring.stages}
    seen = {r: (x.aggregate, x.trim, x.normalise, x.min_scores, x.min_judges, x.tie_break) for r, x in rules.items()}
    assert seen == {"first": ("trimmed-mean", 1, "none", 5, 3, ("median", "shared")),
                    "final": ("trimmed-mean", 1, "z-score", 2, 3, ("median", "shared"))}
    described = rules["final"].describe()
    assert described == "trimmed-mean (trim 1) per judge, weighted-mean, normalised by z-score"
    assert f"`{described}`" in text


def test_the_tie_break_tables_figures() -> None:
    """rules.md §8: the median and spread columns of the example's table."""
    from smartaward.judging import methods

    text = " ".join(_section(8).split())
    totals = {"a": [8, 8, 8], "b": [9, 8, 7], "c": [10, 8, 6], "d": [9, 9, 6]}
    spreads = {e: round(methods.spread(v), 6) for e, v in totals.items()}
    assert spreads == {"a": 0, "b": 0.816497, "c": 1.632993, "d": 1.414214}
    assert {e: methods.median(v) for e, v in totals.items()} == {"a": 8, "b": 8, "c": 8, "d": 9}
    for entry_id in "bcd":
        assert f"| {entry_id} | " in text and f"| {spreads[entry_id]:.6f} |" in text


def test_the_tennessee_example_under_every_method() -> None:
    """rules.md §6, Kemeny's textbook example: the pairwise counts, Kemeny's score, and the rank-sum
    and Borda figures given for comparison."""
    from smartaward.judging import methods

    orders = [(42, "MNCK"), (26, "NCKM"), (15, "CKNM"), (17, "KCNM")]
    ballots = {f"v{i:03d}": {c: float(4 - p) for p, c in enumerate(order)}
               for i, order in enumerate(order for count, order in orders for _ in range(count))}
    d = methods.pairwise(ballots, "MNCK")
    text = " ".join(_section(6).split())
    for a, b in ("NM", "CM", "KM", "NC", "NK", "CK"):
        assert f"{a}–{b} {d[a][b]}:{d[b][a]}" in text
    kemeny = methods.kemeny(list("MNCK"), d)
    assert (kemeny.order, kemeny.score) == (list("NCKM"), 393)
    assert methods.rank_sum(ballots) == {"N": 206, "C": 227, "M": 274, "K": 293}
    assert methods.borda(ballots) == {"N": 194, "C": 173, "M": 126, "K": 107}
    assert "`rank-sum` gives N 206, C 227, M 274, K 293" in text and "`borda` gives N 194, C 173, M 126, K 107" in text


def test_compare_mean_median_on_the_olympic_panel(tmp_path: Path) -> None:
    """rules.md §10: on §4's olympic panel (with one gold), `--compare mean,median` moves the gold
    from a to b under mean, and not under median."""
    from smartaward.publishing.compare import compare

    name, example, _ = next(e for e in examples() if e[0] == "olympic-trimmed-sum")
    result = run_example(tmp_path / "c", {**example, "awards": {"gold": {"count": 1}}})
    changes = compare(result.cycle, ["mean", "median"], result.results)["changes"]
    assert [(c["method"], c["award"], c["declared"], c["now"]) for c in changes] == [("mean", "gold", ["a"], ["b"])]
    assert "`--compare mean,median` reports `mean: p/c gold: a → b`" in _section(10)


def test_an_entrant_id_and_a_name_never_identify_one_entrant(tmp_path: Path) -> None:
    """format.md, entrant.id: "an entry with an id and one with only the same name count as
    different entrants" — even where the name, case-folded, is the id's text. (It was one entrant:
    the id and the folded name shared one key, and the second entry lost its award.)"""
    awards = {"gold": {"count": 1}, "silver": {"count": 1}}
    first = entry("oslo-a", type="company", name="Airco Ltd")
    first["entrant"]["id"] = "airco"
    entries = [first, entry("seoul-b", type="company", name="AIRCO"), entry("tallinn-c")]
    cycle = cycle_doc(awards=awards, rules={"one_award_per": "entrant"}, entrant_types=["city", "company"])
    result = run(tmp_path / "c", cycle, panel("j1"), entries, sheets({"j1": {"oslo-a": 9, "seoul-b": 8, "tallinn-c": 7}}))
    assert result.awarded() == [("gold", "oslo-a"), ("silver", "seoul-b")]
