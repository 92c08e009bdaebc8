"""Judging rules: award rules (per country, min_score, criterion thresholds, designated awards).

Through the whole engine: small cycle folders on disk (rulecycles.py), every expectation worked out
by hand in the comments (formula, then the numbers).
"""

from __future__ import annotations

from rulecycles import cycle_doc, entry, panel, project, run, scored_run, sheets

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
