"""Measured parts (`measured:` of a call, values sheets; docs/rules.md §4 "Measured parts"): the
score they make with the judges' part, every problem with its place, YAML and CSV values sheets
agreeing, explain, and properties (hypothesis)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cyclefiles import write_cycle
from helpers import run as cli
from hypothesis import given, settings
from hypothesis import strategies as st
from rulecycles import J3, J5, by_judge, cycle_doc, entry, panel, project, run, sheets

from smartaward.awards.results import compute
from smartaward.checks.run import run_checks
from smartaward.reading.load import load_cycle

STYLE = {"min": 0, "max": 20, "step": 0.5}
SKI_RULES = {"aggregate": "trimmed-sum", "trim": 1, "total": "weighted-sum", "min_judges": 3}
PARTS = {"distance": {"title": "Distance points", "scale": {"min": 0, "max": 300, "step": 0.1}},
         "wind": {"title": "Wind compensation", "scale": {"min": -100, "max": 100, "step": 0.1}}}
# Style alone puts oslo-a first; its short jump puts it last once distances count.
STYLE_MARKS = {"oslo-a": [19, 19, 19.5, 19, 18.5], "lyon-b": [17, 17.5, 17, 17, 17], "porto-c": [18, 18, 18, 18.5, 18]}
VALUES = {"oslo-a": {"distance": 40.2, "wind": 3.1}, "lyon-b": {"distance": 71.4, "wind": -2.4}, "porto-c": {"distance": 60, "wind": 0}}


def ski(**call_keys: Any) -> dict[str, Any]:
    cycle = cycle_doc(calls={"hill": project(measured=PARTS, **call_keys)}, rules=SKI_RULES)
    cycle["scale"] = STYLE
    return cycle


def write(root: Path, *, values: dict[str, Any] | None = None, files: dict[str, Any] | None = None, cycle: dict[str, Any] | None = None,
          marks: dict[str, list[Any]] | None = None) -> None:
    marked = sheets(by_judge(marks or STYLE_MARKS, J5))
    if values is not None:
        marked["values.yaml"] = {"measured_by": "Timing", "values": values}
    marked.update(files or {})
    write_cycle(root, cycle=cycle or ski(), judges=panel(*J5),
                entry_files={"entries.yaml": [entry(e, call="hill") for e in (marks or STYLE_MARKS)]}, sheets=marked)


def found(root: Path) -> list[tuple[str, str, int, int]]:
    return sorted((d.code, Path(d.file).name, d.line, d.column) for d in run_checks(load_cycle(root)))


def ranked(root: Path) -> list[tuple[str, float | None]]:
    results = compute(load_cycle(root))
    ranking = next(r for r in results.rankings if r.call == "hill")
    return [(row.result.entry.id, row.result.score) for row in ranking.rows]


def cell(path: Path, text: str) -> tuple[int, int]:
    """The line and column where `text` first starts in the file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number, line.index(text) + 1
    raise AssertionError(text)


def key_at(path: Path, *keys: str) -> tuple[int, int]:
    """Line and column of the last of `keys` (block YAML), each found after the one before."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = 0
    for key in keys:
        number = next(n for n in range(number, len(lines)) if lines[n].strip().startswith(f"{key}:"))
    return number + 1, lines[number].index(keys[-1]) + 1


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


# -- the score ------------------------------------------------------------------------------------

def test_measured_parts_are_added_to_the_judges_part_and_change_the_order(tmp_path: Path) -> None:
    write(tmp_path, values=VALUES)
    assert found(tmp_path) == []
    # oslo-a: 19 + 19 + 19 = 57, + 40.2 + 3.1 = 100.3; lyon-b: 51 + 71.4 - 2.4 = 120; porto-c: 54 + 60 + 0 = 114
    assert ranked(tmp_path) == [("lyon-b", 120.0), ("porto-c", 114.0), ("oslo-a", 100.3)]


def test_without_measured_parts_style_alone_ranks(tmp_path: Path) -> None:
    cycle = cycle_doc(calls={"hill": project()}, rules=SKI_RULES)
    cycle["scale"] = STYLE
    write(tmp_path, cycle=cycle)
    assert ranked(tmp_path) == [("oslo-a", 57.0), ("porto-c", 54.0), ("lyon-b", 51.0)]


def test_under_a_weighted_mean_the_judged_part_weighs_what_its_criteria_weigh(tmp_path: Path) -> None:
    criteria = {"design": {"title": "Design", "weight": 1}, "impact": {"title": "Impact", "weight": 3}}
    parts = {"vote": {"title": "Public vote", "scale": {"min": 0, "max": 10}, "weight": 2}}
    cycle = cycle_doc(calls={"project": project(criteria=criteria, measured=parts)})
    marks = {"oslo-a": [{"design": 8, "impact": 6}, {"design": 6, "impact": 6}]}
    result = run(tmp_path, cycle, panel("j1", "j2"), [entry("oslo-a")],
                 {**sheets(by_judge(marks, ["j1", "j2"])), "vote.yaml": {"values": {"oslo-a": {"vote": 9}}}})
    # each judge's total: (8 + 18) / 4 = 6.5 and (6 + 18) / 4 = 6; mean 6.25; (4 × 6.25 + 2 × 9) / 6 = 7.1666…
    assert result.score("oslo-a") == round((4 * 6.25 + 2 * 9) / 6, 6)


def test_decimals_round_the_score_with_its_measured_parts(tmp_path: Path) -> None:
    cycle = ski()
    cycle["rules"] = {**SKI_RULES, "aggregate": "trimmed-mean", "total": "weighted-sum", "decimals": 1}
    write(tmp_path, cycle=cycle, values=VALUES)
    # oslo-a: mean of 19, 19, 19 = 19, + 43.3 = 62.3; lyon-b: 17 + 69 = 86; porto-c: 18 + 60 = 78
    assert ranked(tmp_path) == [("lyon-b", 86.0), ("porto-c", 78.0), ("oslo-a", 62.3)]


def test_the_rounds_factor_multiplies_the_judged_part_only(tmp_path: Path) -> None:
    marks = {"oslo-a": [6, 6, 6]}
    parts = {"bonus": {"title": "Bonus", "scale": {"min": 0, "max": 5}}}
    cycle = cycle_doc(calls={"project": project(measured=parts)}, rules={"total": "weighted-sum"})
    one = entry("oslo-a")
    cycle["calls"]["project"]["rounds"] = {"final": {}}
    one["factors"] = {"final": 2.5}
    result = run(tmp_path, cycle, panel(*J3), [one],
                 {**sheets(by_judge(marks, J3), round="final"), "bonus.yaml": {"round": "final", "values": {"oslo-a": {"bonus": 1}}}})
    assert result.score("oslo-a") == 6 * 2.5 + 1


def test_a_part_in_some_rounds_only(tmp_path: Path) -> None:
    parts = {"vote": {"title": "Vote", "scale": {"min": 0, "max": 10}, "rounds": ["final"]}}
    cycle = cycle_doc(calls={"project": project(measured=parts, rounds={"semi": {"shortlist": {"top": 1}}, "final": {}}, combine="sum")},
                      rules={"total": "weighted-sum"})
    semi = {"oslo-a": [8, 8], "lyon-b": [5, 5]}
    final = {"oslo-a": [7, 7]}
    result = run(tmp_path, cycle, panel("j1", "j2"), [entry("oslo-a"), entry("lyon-b")],
                 {**sheets(by_judge(semi, ["j1", "j2"]), round="semi"), **sheets(by_judge(final, ["j1", "j2"]), round="final"),
                  "vote.yaml": {"round": "final", "values": {"oslo-a": {"vote": 4}}}})
    assert result.score("oslo-a") == 8 + 7 + 4


# -- missing and unused values ------------------------------------------------------------------------

def test_an_entry_without_a_value_is_unranked_with_the_reason_and_j419_at_its_id(tmp_path: Path) -> None:
    values = {k: v for k, v in VALUES.items() if k != "porto-c"}
    write(tmp_path, values=values)
    entries = tmp_path / "entries" / "entries.yaml"
    assert ("J419", "entries.yaml", *cell(entries, "porto-c")) in found(tmp_path)  # at the entry's id
    results = compute(load_cycle(tmp_path))
    porto = results.scores["porto-c"]
    assert porto.score is None and porto.status == "missing-value" and porto.reason == "no measured value for distance, wind"
    assert [(e, s) for e, s in ranked(tmp_path) if s is not None] == [("lyon-b", 120.0), ("oslo-a", 100.3)]


def test_a_value_that_is_not_a_number_is_m303_and_never_zero(tmp_path: Path) -> None:
    values = {**VALUES, "porto-c": {"distance": "60m", "wind": 0}}
    write(tmp_path, values=values)
    sheet = tmp_path / "scores" / "values.yaml"
    codes = found(tmp_path)
    line, column = key_at(sheet, "porto-c", "distance")
    assert ("M303", "values.yaml", line, column + len("distance: ")) in codes
    assert {c[0] for c in codes} == {"M303", "J419"}


def test_a_value_for_an_entry_without_a_score_in_the_round_is_j420(tmp_path: Path) -> None:
    marks = {**STYLE_MARKS, "porto-c": [None] * 5}
    write(tmp_path, values=VALUES, marks=marks)
    sheet = tmp_path / "scores" / "values.yaml"
    codes = found(tmp_path)
    assert ("J420", "values.yaml", *key_at(sheet, "porto-c")) in codes
    assert "J419" not in {c[0] for c in codes}


# -- the problems of values sheets, each with its place ------------------------------------------------------

@pytest.mark.parametrize(("values", "code", "keys", "value"), [
    ({**VALUES, "oslo-x": {"distance": 1}}, "R205", ("oslo-x",), False),                         # no such entry
    ({**VALUES, "porto-c": {"distance": 60, "wind": 0, "gate": 1}}, "R206", ("porto-c", "gate"), False),  # no such part
    ({**VALUES, "porto-c": {"distance": 600, "wind": 0}}, "M301", ("porto-c", "distance"), True),  # off the scale
    ({**VALUES, "porto-c": {"distance": 60.05, "wind": 0}}, "M302", ("porto-c", "distance"), True),  # off the step
    ({**VALUES, "porto-c": 60}, "M304", ("porto-c",), True),                                      # not a mapping of parts
], ids=["unknown-entry", "unknown-part", "out-of-scale", "off-step", "shape"])
def test_each_problem_of_a_values_sheet_is_reported_where_it_is(tmp_path: Path, values: dict[str, Any], code: str, keys: tuple[str, ...],
                                                                 value: bool) -> None:
    write(tmp_path, values=values)
    sheet = tmp_path / "scores" / "values.yaml"
    line, column = key_at(sheet, *keys)
    if value:  # at the value, after "key: "
        column += len(keys[-1]) + 2
    assert [c for c in found(tmp_path) if c[0] == code] == [(code, "values.yaml", line, column)], found(tmp_path)


def test_a_value_given_twice_is_r218_at_the_later_and_the_first_counts(tmp_path: Path) -> None:
    write(tmp_path, values=VALUES, files={"z-correction.yaml": {"values": {"lyon-b": {"wind": 5}}}})
    later = tmp_path / "scores" / "z-correction.yaml"
    codes = found(tmp_path)
    assert [c for c in codes if c[0] == "R218"] == [("R218", "z-correction.yaml", line_of(later, "wind"), line_of_column(later, "wind"))]
    assert dict(ranked(tmp_path))["lyon-b"] == 120.0  # the first value, -2.4, counts


def line_of_column(path: Path, text: str) -> int:
    line = next(line for line in path.read_text(encoding="utf-8").splitlines() if text in line)
    return line.index(text) + len(text) + 3  # the value after "wind: "


def test_values_of_a_round_split_over_sheets_by_part_count_once_each(tmp_path: Path) -> None:
    distance = {e: {"distance": v["distance"]} for e, v in VALUES.items()}
    wind = {e: {"wind": v["wind"]} for e, v in VALUES.items()}
    write(tmp_path, files={"distance.yaml": {"values": distance}, "wind.yaml": {"values": wind}})
    assert found(tmp_path) == []
    assert ranked(tmp_path) == [("lyon-b", 120.0), ("porto-c", 114.0), ("oslo-a", 100.3)]


# -- cycle.yaml ---------------------------------------------------------------------------------------------

def test_measured_parts_in_a_ranked_round_are_r211_at_the_key(tmp_path: Path) -> None:
    cycle = ski()
    cycle["rules"] = {"aggregate": "borda"}
    write(tmp_path, cycle=cycle, values=VALUES)
    assert [c for c in found(tmp_path) if c[0] == "R211"] == [("R211", "cycle.yaml", *key_at(tmp_path / "cycle.yaml", "measured"))]


def test_a_part_with_a_criterions_id_is_r211(tmp_path: Path) -> None:
    cycle = ski(criteria={"distance": {"title": "Distance style"}})
    write(tmp_path, cycle=cycle, marks={"oslo-a": [{"distance": 18}] * 5}, values={"oslo-a": {"distance": 50, "wind": 0}})
    assert ("R211", "cycle.yaml", *key_at(tmp_path / "cycle.yaml", "measured", "distance")) in found(tmp_path)


def test_a_parts_unknown_or_screening_round_is_r217(tmp_path: Path) -> None:
    parts = {"vote": {"title": "Vote", "scale": {"min": 0, "max": 10}, "rounds": ["check", "finale"]}}
    cycle = cycle_doc(calls={"project": project(measured=parts, rounds={"check": {"screening": True}, "final": {}})})
    write_cycle(tmp_path, cycle=cycle, judges=panel(*J3), entry_files={"entries.yaml": [entry("oslo-a")]}, sheets={})
    assert [c[0] for c in found(tmp_path) if c[0] == "R217"] == ["R217", "R217"]


# -- CSV values sheets ----------------------------------------------------------------------------------------

def csv_text(values: dict[str, dict[str, Any]]) -> str:
    rows = ["entry,distance,wind"] + [f"{e},{v.get('distance', '')},{v.get('wind', '')}" for e, v in values.items()]
    return "\n".join(rows) + "\n"


def test_a_csv_values_sheet_gives_the_results_of_the_yaml_one(tmp_path: Path) -> None:
    write(tmp_path / "yaml", values=VALUES)
    write(tmp_path / "csv")
    (tmp_path / "csv" / "scores" / "values.csv").write_text(csv_text(VALUES), encoding="utf-8")
    assert found(tmp_path / "csv") == []
    assert ranked(tmp_path / "csv") == ranked(tmp_path / "yaml")


def test_csv_values_problems_have_the_rows_and_cells(tmp_path: Path) -> None:
    write(tmp_path)
    text = "entry,distance,wind\noslo-a,40.2,3.1\nlyon-b,71.4,-2.4\nlyon-b,70,0\nporto-c,sixty,0\n"
    (tmp_path / "scores" / "values.csv").write_text(text, encoding="utf-8")
    codes = [c for c in found(tmp_path) if c[1] == "values.csv"]
    assert codes == [("M303", "values.csv", 5, 2), ("T603", "values.csv", 4, 1)]


def test_a_csv_score_sheet_that_lost_its_judge_column_says_so(tmp_path: Path) -> None:
    criteria = {"design": {"title": "Design"}}
    cycle = cycle_doc(calls={"project": project(criteria=criteria)})
    write_cycle(tmp_path, cycle=cycle, judges=panel(*J3), entry_files={"entries.yaml": [entry("oslo-a")]}, sheets={})
    (tmp_path / "scores").mkdir(exist_ok=True)
    (tmp_path / "scores" / "j1.csv").write_text("entry,design\noslo-a,7\n", encoding="utf-8")
    diagnostics = [d for d in run_checks(load_cycle(tmp_path)) if d.file.endswith("j1.csv")]
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("R206", 2, 2)]
    assert "judge" in diagnostics[0].message


# -- explain ------------------------------------------------------------------------------------------------

def test_explain_shows_the_judged_part_each_measured_part_and_the_score(tmp_path: Path) -> None:
    write(tmp_path, values=VALUES)
    text = cli("explain", "lyon-b", str(tmp_path))
    assert text.exit_code == 0, text.output
    assert "measured parts: judged 51 + distance 71.4 + wind -2.4 = 120" in text.output
    data = json.loads(cli("explain", "lyon-b", str(tmp_path), "-f", "json").stdout)
    measured = data["rounds"][0]["measured"]
    assert measured == {"judged": 51, "parts": {"distance": {"value": 71.4, "weight": 1}, "wind": {"value": -2.4, "weight": 1}},
                        "total": "weighted-sum"}


# -- properties -----------------------------------------------------------------------------------------------

tenths = st.integers(min_value=-500, max_value=500).map(lambda n: n / 10)


@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.tuples(st.integers(min_value=0, max_value=3000).map(lambda n: n / 10), tenths), min_size=3, max_size=3),
       split=st.booleans())
def test_the_score_is_the_judged_part_plus_the_values_however_the_sheets_are_split(tmp_path_factory: pytest.TempPathFactory,
                                                                                 values: list[tuple[float, float]], split: bool) -> None:
    root = tmp_path_factory.mktemp("cycle")
    given_values = {e: {"distance": d, "wind": w} for e, (d, w) in zip(STYLE_MARKS, values, strict=True)}
    if split:
        write(root, files={"b.yaml": {"values": {e: {"wind": v["wind"]} for e, v in given_values.items()}},
                           "a.yaml": {"values": {e: {"distance": v["distance"]} for e, v in given_values.items()}}})
    else:
        write(root, values=given_values)
    judged = {"oslo-a": 57, "lyon-b": 51, "porto-c": 54}
    scores = dict(ranked(root))
    for entry_id, part in given_values.items():
        assert scores[entry_id] == round(judged[entry_id] + part["distance"] + part["wind"], 6)


# -- the hostile review's cases ------------------------------------------------------------------------------

def test_an_unranked_entry_shows_a_score_of_the_same_kind_as_the_others(tmp_path: Path) -> None:
    cycle = ski()
    cycle["rules"] = {**SKI_RULES, "aggregate": "sum", "trim": 0}
    write(tmp_path, cycle=cycle, values=VALUES, marks={**STYLE_MARKS, "porto-c": [18, 18, None, None, None]})
    porto = compute(load_cycle(tmp_path)).scores["porto-c"]
    assert porto.status == "too-few-judges" and porto.score == 18 + 18 + 60 + 0  # its judges' sum and its parts, as the others'
    assert compute(load_cycle(tmp_path)).scores["lyon-b"].score == 17 + 17.5 + 17 + 17 + 17 + 71.4 - 2.4
    assert "J420" not in {c[0] for c in found(tmp_path)}


def test_a_value_for_a_screening_round_is_r206(tmp_path: Path) -> None:
    parts = {"vote": {"title": "Vote", "scale": {"min": 0, "max": 10}}}
    cycle = cycle_doc(calls={"project": project(measured=parts, rounds={"check": {"screening": True}, "final": {}})})
    marks = {**sheets({"j1": {"oslo-a": "pass"}}, round="check"), **sheets({"j1": {"oslo-a": 7}}, round="final"),
             "vote-check.yaml": {"round": "check", "values": {"oslo-a": {"vote": 1}}},
             "vote-final.yaml": {"round": "final", "values": {"oslo-a": {"vote": 5}}}}
    write_cycle(tmp_path, cycle=cycle, judges=panel("j1"), entry_files={"entries.yaml": [entry("oslo-a")]}, sheets=marks)
    codes = found(tmp_path)
    assert [c[:2] for c in codes] == [("R206", "vote-check.yaml")]
    assert "screening" in next(d.message for d in run_checks(load_cycle(tmp_path)) if d.code == "R206")


def test_a_huge_value_is_off_the_scale_and_a_part_in_a_round_twice_is_r217(tmp_path: Path) -> None:
    write(tmp_path, values={**VALUES, "porto-c": {"distance": 1e308, "wind": 0}})
    assert "M301" in {c[0] for c in found(tmp_path)} and "M303" not in {c[0] for c in found(tmp_path)}
    parts = {"vote": {"title": "Vote", "scale": {"min": 0, "max": 10}, "rounds": ["final", "final"]}}
    cycle = cycle_doc(calls={"project": project(measured=parts, rounds={"final": {}})})
    write_cycle(tmp_path / "twice", cycle=cycle, judges=panel("j1"), entry_files={"entries.yaml": [entry("oslo-a")]}, sheets={})
    assert [c[0] for c in found(tmp_path / "twice") if c[0].startswith("R")] == ["R217"]


def test_rank_compare_with_a_rank_method_says_the_measured_parts_are_left_out(tmp_path: Path) -> None:
    write(tmp_path, values=VALUES)
    data = json.loads(cli("rank", str(tmp_path), "--compare", "borda", "-f", "json").stdout)
    (category,) = data["categories"]
    assert category["notes"] == {"borda": ["the measured parts (distance, wind) are added to a score of marks, and borda gives none: "
                                           "they are left out"]}
    assert "note: the measured parts (distance, wind)" in cli("rank", str(tmp_path), "--compare", "borda").stdout
