"""checks/marks.py and checks/references.py prove a whole sheet valid at once where they can
(issue 17, checks/sheetruns.py): the problems they
reports are exactly those of the line-by-line check, on every invalid case, the samples, and
hypothesis-made sheets that break one line in every way a mark can be wrong."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_paths_agree import cycles

from smartaward.checks import sheetruns
from smartaward.checks.run import run_checks
from smartaward.reading import load

ROOT = Path(__file__).resolve().parent.parent


def _both(root: Path, monkeypatch) -> tuple[list, list]:
    cycle = load.load_cycle(root)
    monkeypatch.setattr(sheetruns, "WHOLE_SHEETS", False)
    one_by_one = run_checks(cycle)
    monkeypatch.setattr(sheetruns, "WHOLE_SHEETS", True)
    return run_checks(load.load_cycle(root)), one_by_one


def test_every_case_reports_the_same_problems(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for root in [*cycles(tmp_path), *sorted((ROOT / "cycles").iterdir())]:
        whole, one_by_one = _both(root, monkeypatch)
        assert whole == one_by_one, root


CRITERIA = ("impact", "design", "value")
# What a line's marks can be: valid, off the scale, off the step, not a number, a bool, missing, unknown.
BAD = st.sampled_from([11, -1, 2.25, "7", True, None, [1], {"x": 1}, 1e308, 10**30])
ENTRIES = 6  # of each call: p0..p5 (scored), h0..h5 (designated)


@st.composite
def sheet_texts(draw, rounds: bool) -> str:
    """A judge's sheet: its round (fitting the call's or not), entries of one call or both, and lines
    broken in every way a line can be."""
    round_id = draw(st.sampled_from(["r1", "r2", "bogus", None] if rounds else [None, None, "r1"]))
    calls = draw(st.sampled_from(["p", "p", "h", "ph"]))
    lines = []
    for n in range(draw(st.integers(1, ENTRIES))):
        values = {c: draw(st.sampled_from([0, 2.5, 7, 10, 9.5])) for c in CRITERIA}
        kind = draw(st.sampled_from(["fine", "fine", "fine", "bad", "missing", "extra", "overall", "unknown-entry"]))
        entry = f"{draw(st.sampled_from(calls))}{n}"
        if kind == "bad":
            values[draw(st.sampled_from(CRITERIA))] = draw(BAD)
        elif kind == "missing":
            del values[draw(st.sampled_from(CRITERIA))]
        elif kind == "extra":
            values["other"] = 5
        elif kind == "unknown-entry":
            entry = "nobody"
        body = "7" if kind == "overall" else "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in values.items()) + "}"
        lines.append(f"  {entry}: {body}\n")
    return (f"judge: j1\n{f'round: {round_id}' + chr(10) if round_id else ''}scores:\n") + "".join(lines)


def _yaml(value) -> str:
    import json

    return json.dumps(value) if not isinstance(value, bool) else str(value).lower()


def _cycle(rounds: bool) -> str:
    stages = "    rounds: {r1: {shortlist: {top: 3}}, r2: {}}\n" if rounds else ""
    return f"""cycle: c
title: T
scale: {{min: 0, max: 10, step: 0.5}}
calls:
  p:
    title: P
    criteria: {{impact: {{title: I}}, design: {{title: D}}, value: {{title: V}}}}
{stages}    categories: {{a: {{title: A, awards: {{gold: 1}}}}}}
  h:
    title: H
    judging: designated
    categories: {{b: {{title: B, awards: {{special: 1}}, designated: {{special: [h0]}}}}}}
"""


@st.composite
def cycles_with_sheets(draw) -> tuple[bool, list[str]]:
    rounds = draw(st.booleans())
    return rounds, draw(st.lists(sheet_texts(rounds), min_size=1, max_size=3))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=cycles_with_sheets())
def test_generated_sheets_report_the_same_problems(tmp_path_factory, monkeypatch, drawn):
    rounds, sheets = drawn
    root = tmp_path_factory.mktemp("c")
    (root / "cycle.yaml").write_text(_cycle(rounds))
    (root / "judges.yaml").write_text("j1: {name: J}\n")
    (root / "entries").mkdir()
    (root / "entries" / "e.yaml").write_text("".join(
        f"- {{id: {call}{n}, call: {call}, category: {'a' if call == 'p' else 'b'}, title: T{n}, entrant: {{name: N{call}{n}, type: city}}}}\n"
        for call in "ph" for n in range(ENTRIES)))
    (root / "scores").mkdir()
    for n, sheet in enumerate(sheets):
        (root / "scores" / f"j1-{n}.yaml").write_text(sheet)
    whole, one_by_one = _both(root, monkeypatch)
    assert whole == one_by_one
