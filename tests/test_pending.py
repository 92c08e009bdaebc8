"""A pending decision is not a final result (issue 11, item 8).

When a tie that decides an award awaits the chair (J412), the results that may still change are
marked pending in every output — winners and rank JSON, CSV, the tables, Markdown, the workbook and
a banner on the winners page — and the summary on stderr says why instead of "entries or marks left
out". Which results are pending is proved against brute force: every order the chair could record
is allocated, and every award that any of them changes must be marked (pending.py's rule).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from cyclefiles import copy_base
from factories import entry
from helpers import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from smartaward.awards.allocation import allocate
from smartaward.judging.ranking import CategoryRanking, Ranked
from smartaward.judging.scoring import EntryScore
from smartaward.model.cyclefiles import CycleFile

# --- which results are pending: the rule against every decision the chair could record ------------

ENTRANTS = ["Airco Ltd", "Baguio City", "City of Oslo"]  # few, so that categories share them often
COUNTRIES = ["KR", "PH"]


def pending_results(*args: Any) -> Any:
    from smartaward.awards.pending import pending_results  # here: the tests below also run against older code

    return pending_results(*args)


def _ranks(scores: list[int]) -> list[int]:
    """Competition ranks (1-2-2-4) of scores, higher better, given in descending order."""
    return [1 + sum(other > score for other in scores) for score in scores]


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """Two scored categories and a designated one, entrants and countries shared across them, typed
    slots, and one tied group of the first category awaiting the chair — shared or split."""
    one_per = draw(st.booleans())
    cap = draw(st.sampled_from([None, 1, 2]))
    categories: dict[str, list[Any]] = {}
    entries: dict[str, Any] = {}
    for category in ("people", "planet"):
        n = draw(st.integers(2 if category == "people" else 1, 5))
        scores = sorted(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)), reverse=True)
        rows = []
        for i, score in enumerate(scores):
            entry_id = f"{category}-{i}"
            entries[entry_id] = entry(entry_id, category=category, entrant=draw(st.sampled_from(ENTRANTS)),
                                      type=draw(st.sampled_from(["city", "company"])),
                                      country=draw(st.sampled_from(COUNTRIES)))
            rows.append((entry_id, score))
        categories[category] = rows
    designated = [f"honour-{i}" for i in range(draw(st.integers(0, 2)))]
    for entry_id in designated:
        entries[entry_id] = entry(entry_id, call="honours", category="special",
                                  entrant=draw(st.sampled_from(ENTRANTS)), country=draw(st.sampled_from(COUNTRIES)))
    scores = [s for _, s in categories["people"]]
    tied = [s for s in set(scores) if scores.count(s) > 1]
    if not tied:  # make a tie: the first two share the top score
        categories["people"][1] = (categories["people"][1][0], scores[0])
        tied = [scores[0]]
    score = draw(st.sampled_from(sorted(tied)))
    group = [e for e, s in categories["people"] if s == score]
    split = draw(st.one_of(st.none(), st.permutations(group)))  # None: shared; else a later rule's order
    slots = {
        "people": draw(st.fixed_dictionaries({}, optional={
            "gold": st.integers(1, 2), "silver": st.integers(0, 2),
            "corporate": st.just({"count": 1, "eligible": {"entrant_type": "company"}})})),
        "planet": draw(st.fixed_dictionaries({}, optional={"gold": st.integers(1, 2), "silver": st.just(1)})),
    }
    spec = CycleFile.model_validate({
        "cycle": "test", "title": "Test",
        "rules": {**({"one_award_per": "entrant"} if one_per else {}),
                  **({"max_awards_per_country": cap} if cap else {})},
        "calls": {
            "project": {"title": "Projects", "categories": {c: {"title": c, "awards": slots[c]} for c in categories}},
            "honours": {"title": "Honours", "judging": "designated", "categories": {
                "special": {"title": "Special", "awards": {"special": 2}, "designated": {"special": designated}}}},
        },
    })
    return {"spec": spec, "entries": entries, "categories": categories, "group": group, "split": split}


def _ranking(category: str, rows: list[tuple[str, int]], entries: dict[str, Any],
             order: list[str] | None = None, group: list[str] | None = None) -> CategoryRanking:
    """rows (by score) ranked; the group, if ordered, placed in that order on ranks of its own."""
    ranks = dict(zip((e for e, _ in rows), _ranks([s for _, s in rows]), strict=True))
    ids = [e for e, _ in rows]
    if order is not None and group is not None:
        first = ranks[group[0]]
        start = ids.index(group[0])
        ids[start:start + len(group)] = order
        ranks.update({e: first + i for i, e in enumerate(order)})
    scores = dict(rows)
    return CategoryRanking("project", category, [Ranked(ranks[e], EntryScore(entries[e], score=float(scores[e])),
                                                        "chair" if group and e in group else None) for e in ids])


def _awards(allocation: Any) -> set[tuple[str, str, str, str]]:
    return {(a.call, a.category, a.award, a.entry.id) for a in allocation.awards}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_award_a_decision_could_change_is_pending(scenario: dict[str, Any]) -> None:
    spec, entries, categories, group = scenario["spec"], scenario["entries"], scenario["categories"], scenario["group"]
    people = _ranking("people", categories["people"], entries, scenario["split"], group if scenario["split"] else None)
    people.awaiting_chair.append(sorted(group))
    planet = _ranking("planet", categories["planet"], entries)
    allocation = allocate(spec, [people, planet], entries)
    pending = pending_results(spec, [people, planet], [], allocation, entries)
    now = _awards(allocation)
    marked_slots = {(c, k, a) for (c, k, a, e) in now if e in pending.awards} | set(pending.unfilled)
    changed: set[tuple[str, str, str]] = set()
    for order in itertools.permutations(group):
        decided = _ranking("people", categories["people"], entries, list(order), group)
        other_allocation = allocate(spec, [decided, planet], entries)
        other = _awards(other_allocation)
        for award in now - other:
            assert award[3] in pending.awards, (award, order)
        for call, category, award, _ in other - now:  # given to another entry: its slot says so
            assert (call, category, award) in marked_slots, ((call, category, award), order)
        if not pending.deciding:
            assert other == now  # no award depends on the tie: no decision changes one
        changed |= {(c, k, a) for c, k, a, _ in now ^ other}
        unfilled = {(u.call, u.category, u.award): u.slots for u in allocation.unfilled}
        unfilled_now = {(u.call, u.category, u.award): u.slots for u in other_allocation.unfilled}
        changed |= {slot for slot in unfilled.keys() | unfilled_now.keys() if unfilled.get(slot) != unfilled_now.get(slot)}
    # And nothing more: the orders are few enough to be tried (pending.EXACT_LIMIT), so a slot is
    # marked only if some order changes it.
    assert marked_slots <= changed, (marked_slots - changed)
    assert all(e in pending.rows for e in pending.awards)
    assert set(group) <= set(pending.rows) or not pending.deciding


def _two_categories(rules: dict[str, Any], people: list[tuple[str, str, str, int]], planet: list[tuple[str, str, str, int]]):
    """Pending results where people's first two entries tie for its one gold (shared), and planet
    has one silver: each row is (id, entrant, country, score)."""
    entries = {e: entry(e, category=c, entrant=who, country=country)
               for c, rows in (("people", people), ("planet", planet)) for e, who, country, _ in rows}
    spec = CycleFile.model_validate({"cycle": "t", "title": "T", "rules": rules, "calls": {"project": {
        "title": "P", "categories": {"people": {"title": "People", "awards": {"gold": 1}},
                                     "planet": {"title": "Planet", "awards": {"silver": 1}}}}}})
    rankings = [_ranking("people", [(e, s) for e, *_, s in people], entries),
                _ranking("planet", [(e, s) for e, *_, s in planet], entries)]
    rankings[0].awaiting_chair.append([people[0][0], people[1][0]])
    allocation = allocate(spec, rankings, entries)
    return {a.entry.id: a.award for a in allocation.awards}, pending_results(spec, rankings, [], allocation, entries)


def test_under_one_award_per_entrant_an_award_in_another_category_is_pending() -> None:
    """a and b share gold; Airco (a) then cannot take planet's silver, which goes to d. Were b
    decided first, only b would have gold, and Airco's c would take the silver instead of d."""
    awards, pending = _two_categories({"one_award_per": "entrant"},
                                      [("a", "Airco Ltd", "KR", 9), ("b", "Baguio City", "PH", 9)],
                                      [("c", "Airco Ltd", "KR", 8), ("d", "City of Oslo", "NO", 7)])
    assert awards == {"a": "gold", "b": "gold", "d": "silver"}
    assert set(pending.awards) == {"a", "b", "d"}


def test_under_a_country_cap_an_award_in_another_category_is_pending() -> None:
    awards, pending = _two_categories({"max_awards_per_country": 1},
                                      [("a", "Airco Ltd", "KR", 9), ("b", "Baguio City", "PH", 9)],
                                      [("c", "City of Oslo", "KR", 8), ("d", "Kari Nordmann", "NO", 7)])
    assert awards == {"a": "gold", "b": "gold", "d": "silver"}
    assert set(pending.awards) == {"a", "b", "d"}


def test_without_rules_that_join_categories_the_other_category_is_final() -> None:
    awards, pending = _two_categories({}, [("a", "Airco Ltd", "KR", 9), ("b", "Baguio City", "PH", 9)],
                                      [("c", "Airco Ltd", "KR", 8), ("d", "City of Oslo", "NO", 7)])
    assert awards == {"a": "gold", "b": "gold", "c": "silver"}
    assert set(pending.awards) == {"a", "b"}


def test_a_tie_below_every_award_decides_nothing() -> None:
    entries = {e: entry(e) for e in ("a", "b", "c", "d")}
    spec = CycleFile.model_validate({"cycle": "t", "title": "T", "calls": {"project": {
        "title": "P", "categories": {"people": {"title": "People", "awards": {"gold": 1}}}}}})
    ranking = _ranking("people", [("a", 9), ("b", 8), ("c", 5), ("d", 5)], entries)
    ranking.awaiting_chair.append(["c", "d"])
    allocation = allocate(spec, [ranking], entries)
    pending = pending_results(spec, [ranking], [], allocation, entries)
    assert pending.ties and not pending.deciding
    assert pending.awards == {} and pending.rows == {} and pending.unfilled == {}


# --- every output ---------------------------------------------------------------------------------

def _tie_for_gold(root: Path, *, decided: bool = False, chain: str = "[chair, shared]") -> Path:
    """The base cycle with seoul-air and baguio-health tied at 9 for gold, under `chain`."""
    copy_base(root)
    cycle = root / "cycle.yaml"
    text = cycle.read_text(encoding="utf-8").replace("tie_break: [criterion:impact, shared]", f"tie_break: {chain}")
    if decided:
        text += ("decisions:\n  - tie: [seoul-air, baguio-health]\n    decided_by: Jury chair\n"
                 "    decided_on: 2025-07-01\n")
    cycle.write_text(text, encoding="utf-8")
    for judge, old, new in (("j01", "seoul-air: {design: 7, impact: 8}", "seoul-air: {design: 9, impact: 9.5}"),
                            ("j02", "seoul-air: {design: 6.5, impact: 7}", "seoul-air: {design: 9, impact: 9}"),
                            ("j03", "seoul-air: {design: 7, impact: 7.5}", "seoul-air: {design: 8, impact: 9}")):
        sheet = root / "scores" / f"{judge}.yaml"
        sheet.write_text(sheet.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return root


@pytest.fixture
def tied(tmp_path: Path) -> Path:
    return _tie_for_gold(tmp_path / "cycle")


MEMBER = "tie of baguio-health, seoul-air awaits the chair's decision"
BELOW = "depends on the tie of baguio-health, seoul-air, which awaits the chair's decision"


def test_winners_json_marks_the_tied_gold_and_the_silver_below_it_pending(tied: Path) -> None:
    result = run("winners", str(tied), "-f", "json")
    assert result.exit_code == 0  # issue 13 adds --final; a provisional result is still a result
    document = json.loads(result.stdout)
    pending = {(w["award"], w["entry"]): w["pending"] for w in document["winners"]}
    assert pending == {("gold", "baguio-health"): MEMBER, ("gold", "seoul-air"): MEMBER,
                       ("silver", "oslo-bikes"): BELOW, ("special", "oslo-honour"): None}
    # corporate stays unfilled under either order (seoul-air, the only company, holds gold or silver
    # first, and one_award_per: entrant): given the awards under every order, it is not pending.
    assert [u["pending"] for u in document["unfilled"]] == [None]


def test_rank_json_marks_the_rows_of_the_tie_and_the_awards_below(tied: Path) -> None:
    document = json.loads(run("rank", str(tied), "-f", "json").stdout)
    rows = {r["entry"]: r["pending"] for c in document["categories"] for r in c["ranking"]}
    assert rows == {"baguio-health": MEMBER, "seoul-air": MEMBER, "oslo-bikes": BELOW}


def test_explain_says_the_award_is_pending(tied: Path) -> None:
    assert f"  pending: {BELOW}\n" in run("explain", "oslo-bikes", str(tied)).stdout
    document = json.loads(run("explain", "seoul-air", str(tied), "-f", "json").stdout)
    assert document["result"]["pending"] == MEMBER
    assert document["result"]["awaits_chair"] is True
    assert json.loads(run("explain", "oslo-bikes", str(tied), "-f", "json").stdout)["result"]["awaits_chair"] is False


def test_explain_says_what_to_do_about_a_tie_awaiting_the_chair(tied: Path) -> None:
    """Not "no tie-break rule separated them": the chain reached the chair, who must decide."""
    text = run("explain", "seoul-air", str(tied)).stdout
    assert "no tie-break rule separated them" not in text
    assert "tied with baguio-health: the tie reached the chair rule" in text and "decisions:" in text


def test_a_recorded_decision_leaves_nothing_pending(tmp_path: Path) -> None:
    root = _tie_for_gold(tmp_path / "cycle", decided=True)
    result = run("winners", str(root), "-f", "json")
    assert result.exit_code == 0 and "J412" not in result.stderr and "chair" not in result.stderr
    assert all(w["pending"] is None for w in json.loads(result.stdout)["winners"])
    rows = list(csv.DictReader(io.StringIO(run("winners", str(root), "-f", "csv").stdout)))
    assert rows and all(r["pending"] == "" for r in rows)


@pytest.mark.parametrize("command, columns", [
    ("winners", ["call", "category", "award", "rank", "entry", "title", "entrant", "country", "score", "note", "pending", "status",
                 "call_title", "category_title", "award_title"]),  # the titles last (issue 15)
    ("rank", ["call", "category", "rank", "entry", "title", "entrant", "country", "score", "judges", "award", "tie",
              "reason", "raw_score", "ineligible", "pending", "status", "call_title", "category_title", "award_title"]),
])
def test_csv_has_a_pending_column_then_the_status(tied: Path, command: str, columns: list[str]) -> None:
    result = run(command, str(tied), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == columns
    assert {r["status"] for r in rows} == {"provisional"}  # a tie decides an award: open
    assert {r["entry"]: r["pending"] for r in rows if r["entry"] != "oslo-honour"} == {
        "baguio-health": MEMBER, "seoul-air": MEMBER, "oslo-bikes": BELOW}


def test_the_winners_table_says_pending_beside_the_award(tied: Path) -> None:
    out = run("winners", str(tied)).stdout
    lines = [line for line in out.splitlines() if "pending" in line and line.startswith("│")]
    assert len(lines) == 3 and lines[0].startswith("│ Project awards ") and lines[1].startswith("│   "), out  # the call, once (issue 15)
    assert "gold (ex aequo; pending: a tie awaits the chair)" in out
    assert "silver (pending: a tie awaits the chair)" in out
    assert "oslo-honour" in out and "special (pending" not in out
    assert "corporate: 1 slot (no further eligible ranked entry)\n" in out


def test_the_rank_table_and_markdown_say_pending(tied: Path) -> None:
    table = run("rank", str(tied)).stdout
    assert "gold (pending)" in table and "silver (pending)" in table and "pending: tie of" in table
    markdown = run("winners", str(tied), "-f", "md").stdout
    header = markdown.splitlines()[0]
    assert [cell.strip() for cell in header.strip(" |").split("|")][-2:] == ["pending", "status"]
    assert f"| {MEMBER} " in markdown


def test_the_summary_says_which_tie_and_which_awards_wait(tied: Path) -> None:
    result = run("winners", str(tied), "-f", "json")
    assert "entries or marks left out" not in result.stderr
    assert "smartaward: 1 tie awaits the chair's decision (J412): project/people gold and silver are pending" in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_summary_names_the_kinds_of_other_warnings(tmp_path: Path) -> None:
    root = _tie_for_gold(tmp_path / "cycle")
    late = root / "entries" / "oslo-bikes.yaml"
    late.write_text(late.read_text(encoding="utf-8").replace("submitted: 2025-06-01", "submitted: 2025-07-01"),
                    encoding="utf-8")
    result = run("winners", str(root), "-f", "json")
    assert "1 tie awaits the chair's decision (J412)" in result.stderr
    assert "1 other warning: J401 late-entry" in result.stderr


def test_a_tie_no_award_depends_on_is_said_so(tmp_path: Path) -> None:
    root = _tie_for_gold(tmp_path / "cycle")
    cycle = root / "cycle.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8").replace(
        "          gold: 1\n          silver: 1\n          corporate: {count: 1, eligible: {entrant_type: company}}\n",
        "          gold: {count: 1, min_score: 9.5}\n"), encoding="utf-8")
    result = run("winners", str(root), "-f", "json")
    assert "1 tie awaits the chair's decision (J412); no award depends on it" in result.stderr
    assert all(w["pending"] is None for w in json.loads(result.stdout)["winners"])


def _tie_at_the_cut(root: Path, chain: str) -> Path:
    """The base cycle in two rounds: seoul-air and baguio-health tie at 9 in `first`, whose
    shortlist keeps the top 1 under `chain`; the final round's marks are the base ones."""
    copy_base(root)
    cycle = root / "cycle.yaml"
    text = cycle.read_text(encoding="utf-8").replace(
        "    criteria:\n", f"    rounds:\n      first: {{shortlist: {{top: 1}}, rules: {{tie_break: {chain}}}}}\n"
        "      final: {}\n    criteria:\n", 1)
    cycle.write_text(text, encoding="utf-8")
    for sheet in (root / "scores").glob("j0*.yaml"):
        marks = sheet.read_text(encoding="utf-8").split("\n", 1)[1]
        first = marks.replace("seoul-air: {design: 7, impact: 8}", "seoul-air: {design: 9, impact: 9.5}") \
                     .replace("seoul-air: {design: 6.5, impact: 7}", "seoul-air: {design: 9, impact: 9}") \
                     .replace("seoul-air: {design: 7, impact: 7.5}", "seoul-air: {design: 8, impact: 9}")
        sheet.write_text(f"judge: {sheet.stem}\nround: first\n{first}", encoding="utf-8")
        (root / "scores" / f"{sheet.stem}-final.yaml").write_text(
            f"judge: {sheet.stem}\nround: final\n{marks}", encoding="utf-8")
    return root


CUT = "tie of baguio-health, seoul-air at the cut of the 'first' round"


def test_a_tie_at_a_shortlist_cut_makes_every_award_of_the_category_pending(tmp_path: Path) -> None:
    """Both went through (the rest of the chain shares the rank at the cut): their awards in the
    final are pending, for the chair may keep only one of them."""
    root = _tie_at_the_cut(tmp_path / "cycle", "[chair, shared]")
    result = run("winners", str(root), "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {w["entry"]: w["pending"] for w in document["winners"]} == {
        "baguio-health": f"{CUT} awaits the chair's decision",
        "seoul-air": f"{CUT} awaits the chair's decision",
        "oslo-honour": None}
    assert "1 tie awaits the chair's decision (J412)" in result.stderr


def test_an_entry_left_out_at_the_cut_by_a_later_rule_is_pending_too(tmp_path: Path) -> None:
    """submitted (after chair) lets seoul-air through and stops baguio-health: seoul-air's gold,
    the unfilled slots and baguio-health's row all wait on the chair."""
    root = _tie_at_the_cut(tmp_path / "cycle", "[chair, submitted]")
    # The tie is reported although submitted split it with the entry listed first (by id) below the
    # cut: J412 looked at that entry's rank alone, and missed it.
    found = json.loads(run("validate", str(root), "-f", "json").stdout)["diagnostics"]
    # The marks in the final of the entries that stay out are not counted (J417, one per judge).
    assert [(d["code"], d["file"], d["line"]) for d in found if d["code"] != "J417"] == [("J412", str(root / "cycle.yaml"), 16)]
    assert {d["message"].split("'")[1] for d in found if d["code"] == "J417"} == {"baguio-health", "oslo-bikes"}
    result = run("winners", str(root), "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    member = f"{CUT} awaits the chair's decision"
    assert {w["entry"]: w["pending"] for w in document["winners"]} == {"seoul-air": member, "oslo-honour": None}
    assert {u["award"]: u["pending"] for u in document["unfilled"]} == {
        "silver": f"depends on the {CUT}, which awaits the chair's decision",
        "corporate": f"depends on the {CUT}, which awaits the chair's decision"}
    rows = {r["entry"]: (r["rank"], r["pending"]) for c in json.loads(run("rank", str(root), "-f", "json").stdout)["categories"]
            for r in c["ranking"]}
    assert rows["baguio-health"] == (None, member) and rows["seoul-air"] == (1, member)


def test_export_marks_pending_in_every_file(tied: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("export", str(tied), "--to", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert {w["entry"]: w["pending"] for w in document["winners"]}["seoul-air"] == MEMBER
    assert {r["entry"]: r["pending"] for c in document["categories"] for r in c["ranking"]}["oslo-bikes"] == BELOW
    winners = list(csv.DictReader(io.StringIO((out / "winners.csv").read_text(encoding="utf-8"))))
    assert [r["pending"] for r in winners] == [MEMBER, MEMBER, BELOW, ""]
    rankings = list(csv.DictReader(io.StringIO((out / "rankings.csv").read_text(encoding="utf-8"))))
    assert {r["entry"]: r["pending"] for r in rankings} == {"baguio-health": MEMBER, "seoul-air": MEMBER, "oslo-bikes": BELOW}
    sheet = load_workbook(out / "results.xlsx")["Winners"]
    header = [c.value for c in sheet[1]]
    assert header[-5:-3] == ["pending", "status"]  # then the titles (issue 15)
    assert [row[-5].value for row in sheet.iter_rows(min_row=2)] == [MEMBER, MEMBER, BELOW, None]
    markdown = (out / "results.md").read_text(encoding="utf-8")
    assert "**Provisional:**" in markdown.split("## Winners")[0]
    page = (out / "index.html").read_text(encoding="utf-8")
    banner = page.split("<main>")[0]
    assert 'class="provisional"' in banner and "awaits the chair" in banner
    assert page.count("pending:") >= 3


def test_no_banner_without_a_pending_tie(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("export", str(copy_base(tmp_path / "cycle")), "--to", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    assert "provisional" not in (out / "index.html").read_text(encoding="utf-8").split("<style>")[0] + \
        (out / "index.html").read_text(encoding="utf-8").split("</style>")[1]
    assert "Provisional" not in (out / "results.md").read_text(encoding="utf-8")


# --- stats: an announced figure is not final while a tie awaits the chair (the hostile review's F6)

def test_stats_counts_the_pending_awards_in_json_and_the_headline(tied: Path) -> None:
    result = run("stats", str(tied), "-f", "json")
    assert result.exit_code == 0
    awards = json.loads(result.stdout)["awards"]
    assert (awards["total"], awards["pending"], awards["awaiting_chair"]) == (4, 3, 1)
    assert {r["award"]: r["pending"] for r in awards["by_award"]} == {"gold": 2, "silver": 1, "special": 0}
    assert {r["category"]: r["pending"] for r in awards["by_category"]} == {"people": 3, "special": 0}
    assert [u["pending"] for u in awards["unfilled"]] == [None]  # as in winners: corporate stays unfilled anyway
    assert json.loads(result.stdout)["headline"].endswith("; 4 awards (3 pending: a tie awaits the chair's decision)")


def test_stats_says_why_on_stderr_as_winners_does(tied: Path) -> None:
    result = run("stats", str(tied), "-f", "json")
    assert "smartaward: 1 tie awaits the chair's decision (J412): project/people gold and silver are pending" in result.stderr
    assert run("stats", str(tied), "-f", "json", "--quiet").stderr == ""


def test_the_stats_tables_and_csv_show_pending(tied: Path) -> None:
    markdown = run("stats", str(tied), "-f", "md").stdout
    assert "4 awards (3 pending: a tie awaits the chair's decision)" in markdown.splitlines()[0]
    assert "| award   | given   | pending   |" in markdown and "| gold    | 2       | 2         |" in markdown
    rows = list(csv.DictReader(io.StringIO(run("stats", str(tied), "-f", "csv").stdout)))
    assert {r["name"]: r["count"] for r in rows if r["section"] == "awards-pending"} == {"gold": "2", "silver": "1"}
    assert {r["name"]: r["count"] for r in rows if r["section"] == "summary"}["awards-pending"] == "3"


def test_stats_of_a_decided_tie_has_nothing_pending(tmp_path: Path) -> None:
    root = _tie_for_gold(tmp_path / "cycle", decided=True)
    result = run("stats", str(root), "-f", "json")
    document = json.loads(result.stdout)
    assert (document["awards"]["pending"], document["awards"]["awaiting_chair"]) == (0, 0)
    assert "pending" not in document["headline"] and "J412" not in result.stderr
    assert "pending" not in run("stats", str(root), "-f", "md").stdout
