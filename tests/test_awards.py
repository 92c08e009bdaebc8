"""Award allocation: precedence, typed slots, one award per entrant, unfilled slots, ex aequo."""

from __future__ import annotations

from factories import cycle_spec, entry, scored

from smartaward.awards.allocation import allocate
from smartaward.judging.ranking import CategoryRanking, rank_results
from smartaward.model.cyclefiles import CycleFile


def ranking(category: str, *results, chain=("shared",)) -> CategoryRanking:
    return CategoryRanking("project", category, rank_results(list(results), chain))


def given(spec: CycleFile, *rankings: CategoryRanking):
    entries = {row.result.entry.id: row.result.entry for r in rankings for row in r.rows}
    return allocate(spec, list(rankings), entries)


def awarded(allocation):
    return [(a.category, a.award, a.entry.id) for a in allocation.awards]


SLOTS = {"gold": 1, "silver": 2, "corporate": {"count": 1, "eligible": {"entrant_type": "company"}}}


def test_slots_fill_down_the_ranking_in_order_of_precedence():
    allocation = given(cycle_spec({"people": SLOTS}), ranking(
        "people", scored("a", 9.0), scored("b", 8.0), scored("c", 7.0), scored("d", 6.0, type="company"),
        scored("e", 5.0, type="company")))
    assert awarded(allocation) == [("people", "gold", "a"), ("people", "silver", "b"), ("people", "silver", "c"),
                                   ("people", "corporate", "d")]
    assert allocation.unfilled == []


def test_typed_slot_passes_over_an_already_awarded_company():
    allocation = given(cycle_spec({"people": SLOTS}), ranking(
        "people", scored("a", 9.0, type="company"), scored("b", 8.0), scored("c", 7.0),
        scored("d", 6.0, type="company")))
    assert ("people", "gold", "a") in awarded(allocation)
    assert ("people", "corporate", "d") in awarded(allocation)


def test_unfillable_typed_slot_is_reported_not_invented():
    allocation = given(cycle_spec({"people": SLOTS}), ranking(
        "people", scored("a", 9.0), scored("b", 8.0), scored("c", 7.0), scored("d", 6.0)))
    assert [a.award for a in allocation.awards] == ["gold", "silver", "silver"]
    assert [(u.award, u.slots) for u in allocation.unfilled] == [("corporate", 1)]


def test_unranked_entries_never_win():
    allocation = given(cycle_spec({"people": {"gold": 1}}), ranking(
        "people", scored("late", 9.9, reason="submitted after the call closed"), scored("b", 8.0)))
    assert awarded(allocation) == [("people", "gold", "b")]


def test_one_award_per_entrant_within_a_category_passes_the_slot_on():
    allocation = given(cycle_spec({"people": {"gold": 1, "silver": 1}}), ranking(
        "people", scored("a1", 9.0, entrant="Acme"), scored("a2", 8.0, entrant="ACME"), scored("b", 7.0)))
    # the entrant name is compared case-folded: a2 is the same entrant as a1
    assert awarded(allocation) == [("people", "gold", "a1"), ("people", "silver", "b")]


def test_without_one_award_per_entrant_an_entrant_may_win_twice():
    allocation = given(cycle_spec({"people": {"gold": 1, "silver": 1}}, one_award_per=None), ranking(
        "people", scored("a1", 9.0, entrant="Acme"), scored("a2", 8.0, entrant="Acme"), scored("b", 7.0)))
    assert awarded(allocation) == [("people", "gold", "a1"), ("people", "silver", "a2")]


def test_an_entrant_keeps_its_highest_award_across_categories():
    # Acme is silver material in 'people' (listed first) but gold in 'tech': it keeps gold,
    # and the silver in 'people' passes to the next entry.
    spec = cycle_spec({"people": {"gold": 1, "silver": 1}, "tech": {"gold": 1, "silver": 1}})
    people = ranking("people", scored("p1", 9.5), scored("acme-p", 9.0, entrant="Acme"), scored("p3", 8.0))
    tech = ranking("tech", scored("acme-t", 9.8, entrant="Acme", category="tech"),
                   scored("t2", 9.0, category="tech"), scored("t3", 8.0, category="tech"))
    allocation = given(spec, people, tech)
    assert awarded(allocation) == [("people", "gold", "p1"), ("people", "silver", "p3"),
                                   ("tech", "gold", "acme-t"), ("tech", "silver", "t2")]


def test_a_shared_tie_at_the_cut_is_awarded_ex_aequo_never_split_arbitrarily():
    allocation = given(cycle_spec({"people": {"gold": 1, "silver": 1}}), ranking(
        "people", scored("a", 9.0), scored("b", 8.0), scored("c", 8.0), scored("d", 7.0)))
    assert awarded(allocation) == [("people", "gold", "a"), ("people", "silver", "b"), ("people", "silver", "c")]
    assert all(a.note and "ex aequo" in a.note for a in allocation.awards[1:])
    assert allocation.unfilled == []


def test_a_zero_count_slot_awards_nothing_and_reports_nothing():
    allocation = given(cycle_spec({"people": {"gold": 1, "silver": 0}}), ranking(
        "people", scored("a", 9.0), scored("b", 8.0)))
    assert awarded(allocation) == [("people", "gold", "a")]
    assert allocation.unfilled == []


def test_designated_awards_follow_the_committees_list():
    spec = cycle_spec({}, calls={
        "project": {"title": "P", "criteria": {"impact": {"title": "I"}},
                    "categories": {"people": {"title": "People", "awards": {"gold": 1}}}},
        "special": {"title": "S", "judging": "designated",
                    "categories": {"special": {"title": "Special", "awards": {"special": 3},
                                               "designated": {"special": ["z-honour", "a-honour"]}}}},
    })
    people = ranking("people", scored("p1", 9.0))
    entries = {"p1": people.rows[0].result.entry,
               "z-honour": entry("z-honour", call="special", category="special"),
               "a-honour": entry("a-honour", call="special", category="special")}
    allocation = allocate(spec, [people], entries)
    assert awarded(allocation) == [("people", "gold", "p1"), ("special", "special", "z-honour"),
                                   ("special", "special", "a-honour")]
    assert [(u.award, u.slots) for u in allocation.unfilled] == [("special", 1)]


def test_country_eligibility():
    spec = cycle_spec({"people": {"gold": 1, "local": {"count": 1, "eligible": {"country": ["KR", "JP"]}}}})
    allocation = given(spec, ranking("people", scored("a", 9.0, country="KR"), scored("b", 8.0, country="NO"),
                                     scored("c", 7.0, country="JP")))
    assert awarded(allocation) == [("people", "gold", "a"), ("people", "local", "c")]
