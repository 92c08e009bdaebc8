"""explain shows the normalised marks a normalised aggregate is of (a calibrated mean beside raw marks
could not be checked by hand)."""

from __future__ import annotations

from pathlib import Path

from cyclefiles import write_cycle
from rulecycles import cycle_doc, entry, panel


def test_explain_shows_the_normalised_marks_a_calibrated_mean_is_of(tmp_path: Path) -> None:
    import json

    from helpers import run
    from rulecycles import sheets

    criteria = {"d1": {"title": "D1"}, "d2": {"title": "D2"}}
    rules = {"normalise": "calibrated", "min_scores": 2, "per": "criterion", "total": "weighted-sum"}
    marks = {"j1": {"seoul-air": {"d1": 8, "d2": 5}, "oslo-bikes": {"d1": 7, "d2": 5}, "lyon-trams": {"d1": 4, "d2": 5}},
             "j2": {"seoul-air": {"d1": 9, "d2": 6}, "oslo-bikes": {"d1": 8, "d2": 6}},
             "j3": {"lyon-trams": {"d1": 3, "d2": 4}}}
    write_cycle(tmp_path, cycle=cycle_doc(criteria=criteria, rules=rules), judges=panel("j1", "j2", "j3"),
                entry_files={"entries.yaml": [entry(e) for e in ("seoul-air", "oslo-bikes", "lyon-trams")]}, sheets=sheets(marks))
    document = json.loads(run("explain", "seoul-air", str(tmp_path), "-f", "json", "--no-cache").stdout)
    d1 = document["rounds"][0]["criterion_scores"]["d1"]
    assert d1["marks"] == {"j1": 8, "j2": 9} and d1["normalised"] is not None
    assert d1["aggregate"] == round(sum(d1["normalised"].values()) / 2, 6)  # the aggregate is of what is shown
    assert "8 → " in run("explain", "seoul-air", str(tmp_path), "--no-cache").stdout
