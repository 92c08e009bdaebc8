"""Issue 15, "did you mean" in validate: unknown keys in every kind of file get the nearest keys
allowed where they are written; values that name an unknown call, category, entrant type, judge,
entry, criterion, round or award get the nearest ids (with titles or names); a country written by
name gets its code. Codes and positions are those of before; suggestions cost nothing on the clean
path and stay bounded however many problems a cycle has."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import run

from smartaward.checks import nearby as nearby_module
from smartaward.checks.run import run_checks
from smartaward.reading import load as load_module
from smartaward.reading.load import load_cycle

BASE = Path(__file__).parent / "cases" / "base"


def _cycle(tmp_path: Path) -> Path:
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(root: Path) -> list[dict[str, Any]]:
    result = run("validate", root, "--format", "json", "--no-cache")
    assert result.exit_code in (0, 1), result.output
    return [{**d, "file": d["file"].split("cycle/", 1)[-1]} for d in json.loads(result.stdout)["diagnostics"]]


def _one(problems: list[dict[str, Any]], code: str, file: str, line: int) -> str:
    found = [d for d in problems if d["code"] == code and d["file"] == file and d["line"] == line]
    assert len(found) == 1, problems
    return str(found[0]["message"])


# ----------------------------------------------------------------------------------- unknown keys


@pytest.mark.parametrize(("file", "old", "new", "line", "meant"), [
    ("cycle.yaml", "  tie_break: [criterion:impact, shared]", "  tiebreak: [criterion:impact, shared]", 9, "'tie_break'"),
    ("cycle.yaml", "    closes: 2025-06-30\n    criteria:", "    closes: 2025-06-30\n    rounds: {final: {short-list: {top: 3}}}\n    criteria:",
     15, "'shortlist'"),
    ("cycle.yaml", "corporate: {count: 1,", "corporate: {cont: 1,", 24, "'count'"),
    ("cycle.yaml", "design: {title: Design, weight: 1}", "design: {title: Design, wieght: 1}", 16, "'weight'"),
    ("cycle.yaml", "scale: {min: 0, max: 10, step: 0.5}", "scale: {min: 0, max: 10, setp: 0.5}", 5, "'step'"),
    ("judges.yaml", "  affiliation: Example University", "  afiliation: Example University", 4, "'affiliation'"),
    ("entries/oslo-bikes.yaml", "submitted:", "submited:", 6, "'submitted'"),
    ("entries/more.yaml", "city: Seoul, country: KR}", "city: Seoul, contry: KR}", 5, "'country'"),
    ("scores/j01.yaml", "scores:", "score:", 2, "'scores'"),
])
def test_an_unknown_key_suggests_the_nearest_key_allowed_there(tmp_path: Path, file: str, old: str, new: str,
                                                               line: int, meant: str) -> None:
    root = _cycle(tmp_path)
    _edit(root / file, old, new)
    message = _one(_problems(root), "S102", file, line)
    assert f"did you mean {meant}" in message


def test_an_unknown_key_of_an_assignment_file_suggests_too(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    (root / "assignments").mkdir()
    (root / "assignments" / "all.yaml").write_text("per-entry: 2\njudges: {j01: [seoul-air]}\n", encoding="utf-8")
    assert "did you mean 'per_entry'" in _one(_problems(root), "S102", "assignments/all.yaml", 1)


def test_an_unknown_key_with_nothing_near_keeps_its_message(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _edit(root / "entries" / "oslo-bikes.yaml", "submitted:", "k000000: 1\nsubmitted:")
    assert _one(_problems(root), "S102", "entries/oslo-bikes.yaml", 6) == "unknown key 'k000000'"


# ------------------------------------------------------------------------- ids that are not known


def test_titles_names_and_capitals_in_place_of_ids_get_the_id_to_write(tmp_path: Path) -> None:
    """The issue's values, in cycle files: a category's title, an entrant type with a capital, a
    judge's name, an entry's title. Still errors (the files stay strict), each with the id."""
    root = _cycle(tmp_path)
    entries = root / "entries" / "more.yaml"
    _edit(entries, "type: company, city: Seoul", "type: Company, city: Seoul")
    _edit(entries, "category: people\n  title: Smart health", "category: People\n  title: Smart health")
    _edit(root / "scores" / "j01.yaml", "judge: j01", "judge: Ada Example")
    _edit(root / "scores" / "j02.yaml", "oslo-bikes:", "City bikes for all:")
    problems = _problems(root)
    assert _one(problems, "S104", "entries/more.yaml", 5).endswith("'Company' is not an entrant type of the cycle; did you mean 'company'?")
    assert _one(problems, "S104", "entries/more.yaml", 9).endswith(
        "'People' is not a category of the 'project' call; did you mean 'people'?")
    assert _one(problems, "S104", "scores/j01.yaml", 1).endswith("did you mean 'j01' (Ada Example)?")
    assert _one(problems, "R205", "scores/j02.yaml", 3).endswith("did you mean 'oslo-bikes' (City bikes for all)?")


def test_a_category_title_in_place_of_its_id(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _edit(root / "cycle.yaml", "      people:\n        title: People", "      climate:\n        title: Climate and environment")
    for path in (root / "entries").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("category: people", "category: climate"), encoding="utf-8")
    _edit(root / "entries" / "more.yaml", "category: climate\n  title: Clean air", "category: Climate and environment\n  title: Clean air")
    message = _one(_problems(root), "S104", "entries/more.yaml", 3)
    assert message.endswith("did you mean 'climate' (Climate and environment)?")


@pytest.mark.parametrize(("written", "hint"), [
    ("France", "write 'FR' (France)"),
    ("South Korea", "write 'KR' (South Korea)"),
    ("FRANCE", "write 'FR' (France)"),
    ("Turkey", "'TR' (Türkiye)"),
    ("Frence", "did you mean 'FR' (France)"),
])
def test_a_country_written_by_name_gets_its_code(tmp_path: Path, written: str, hint: str) -> None:
    root = _cycle(tmp_path)
    _edit(root / "entries" / "more.yaml", "city: Seoul, country: KR}", f"city: Seoul, country: {written}}}")
    _edit(root / "judges.yaml", "  country: PH", f"  country: {written}")
    problems = _problems(root)
    assert hint in _one(problems, "S103", "entries/more.yaml", 5)
    assert hint in _one(problems, "S103", "judges.yaml", 13)


@pytest.mark.parametrize(("file", "old", "new", "code", "line", "meant"), [
    ("entries/more.yaml", "call: project\n  category: people\n  title: Clean", "call: projet\n  category: people\n  title: Clean",
     "R202", 2, "'project' (Project awards)"),
    ("entries/more.yaml", "category: people\n  title: Smart", "category: peeple\n  title: Smart", "R203", 9, "'people'"),
    ("entries/more.yaml", "type: company, city: Seoul", "type: compani, city: Seoul", "R207", 5, "'company'"),
    ("judges.yaml", "  calls: [project]\nj03", "  calls: [projects]\nj03", "R202", 10, "'project' (Project awards)"),
    ("scores/j02.yaml", "judge: j02", "judge: j2", "R204", 1, "'j02' (Bo Example)"),
    ("scores/j01.yaml", "seoul-air:", "seoul-aire:", "R205", 3, "'seoul-air' (Clean air sensors)"),
    ("scores/j01.yaml", "{design: 7, impact: 8}", "{design: 7, impakt: 8}", "R206", 3, "'impact'"),
    ("cycle.yaml", "tie_break: [criterion:impact, shared]", "tie_break: [criterion:impakt, shared]", "R208", 9, "'impact'"),
    ("cycle.yaml", "eligible: {entrant_type: company}", "eligible: {entrant_type: companies}", "R207", 24, "'company'"),
    ("cycle.yaml", "designated: {special: [oslo-honour]}", "designated: {special: [oslo-honor]}", "R205", 33, "'oslo-honour'"),
    ("cycle.yaml", "designated: {special: [oslo-honour]}", "designated: {specal: [oslo-honour]}", "A501", 33, "'special'"),
])
def test_an_unknown_reference_suggests_the_nearest_ids(tmp_path: Path, file: str, old: str, new: str, code: str,
                                                       line: int, meant: str) -> None:
    root = _cycle(tmp_path)
    _edit(root / file, old, new)
    assert f"did you mean {meant}" in _one(_problems(root), code, file, line)


def test_rounds_decisions_and_assignments_suggest_too(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _edit(root / "cycle.yaml", "    closes: 2025-06-30\n    criteria:",
          "    closes: 2025-06-30\n    rounds: {first: {shortlist: {top: 3}}, final: {}}\n    criteria:")
    decision = "  - {tie: [seoul-air, baguio-helth], round: finale, decided_by: Chair, decided_on: 2025-09-01}\n"
    _edit(root / "cycle.yaml", "calls:\n", f"decisions:\n{decision}calls:\n")
    for n in ("01", "02", "03"):
        _edit(root / "scores" / f"j{n}.yaml", f"judge: j{n}\n", f"judge: j{n}\nround: {'finals' if n == '01' else 'first'}\n")
    (root / "assignments").mkdir()
    (root / "assignments" / "finale.yaml").write_text("round: finale\njudges: {j1: [seoul-air]}\n", encoding="utf-8")
    (root / "assignments" / "first.yaml").write_text("round: first\njudges: {j01: [seol-air]}\n", encoding="utf-8")
    problems = _problems(root)
    assert "did you mean 'baguio-health'" in _one(problems, "R205", "cycle.yaml", 12)
    assert "did you mean 'final'" in _one(problems, "J408", "cycle.yaml", 12)
    assert "did you mean 'final'" in _one(problems, "J408", "scores/j01.yaml", 4)
    assert "did you mean 'final'" in _one(problems, "P801", "assignments/finale.yaml", 1)
    assert "did you mean 'j01' (Ada Example)" in _one(problems, "R204", "assignments/finale.yaml", 2)
    assert "did you mean 'seoul-air'" in _one(problems, "R205", "assignments/first.yaml", 2)


def test_nothing_near_leaves_the_message_as_it_was(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _edit(root / "entries" / "more.yaml", "type: company, city: Seoul", "type: village, city: Seoul")
    message = _one(_problems(root), "R207", "entries/more.yaml", 5)
    assert message == "entrant type 'village' is not one of the cycle's entrant_types (city, region, company, institution, organisation, individual)"


# ------------------------------------------------------------------------------------------ speed


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the suggestions worked out (calls of suggest's did_you_mean, by nearby and load)."""
    calls: list[str] = []
    import smartaward.text.suggest as suggest_module

    real, real_folded = suggest_module.did_you_mean, suggest_module.Folded.did_you_mean

    def counted(value: str, choices: Any, limit: int = 3) -> str:
        calls.append(value)
        return real(value, choices, limit)

    def counted_folded(self: Any, value: str, limit: int = 3) -> str:
        calls.append(value)
        return real_folded(self, value, limit)

    monkeypatch.setattr(suggest_module.Folded, "did_you_mean", counted_folded)  # nearby's, one per value
    monkeypatch.setattr(suggest_module, "did_you_mean", counted)  # load imports it when a key is unknown
    return calls


def test_a_clean_cycle_works_out_no_suggestion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    root = _cycle(tmp_path)
    cycle = load_cycle(root)
    assert not [d for d in run_checks(cycle) if d.severity.value == "error"]
    assert calls == [] and nearby_module.nearby(cycle).computed == 0 and cycle.unresolved == []


def test_ten_thousand_unknown_references_work_out_a_bounded_number_of_suggestions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet with 10,000 lines for unknown entries, in a cycle of 3,000 entries, and 10,000
    entries of an unknown category: each different value at most once, at most BUDGET per kind."""
    calls = _counting(monkeypatch)
    root = _cycle(tmp_path)
    (root / "entries" / "many.yaml").write_text("".join(
        f"- {{id: e{i:05d}, call: project, category: {'people' if i < 3_000 else 'peeple'}, title: T{i}, "
        f"entrant: {{name: N{i}, type: city, country: KR}}, submitted: 2025-06-01}}\n" for i in range(13_000)), encoding="utf-8")
    with (root / "scores" / "j03.yaml").open("a", encoding="utf-8") as out:
        out.writelines(f"  e{i:05d}x: {{design: 5, impact: 5}}\n" for i in range(10_000))
    cycle = load_cycle(root)
    problems = run_checks(cycle, cap=False)
    r205 = [d for d in problems if d.code == "R205"]
    r203 = [d for d in problems if d.code == "R203"]
    assert len(r205) == 10_000 and len(r203) == 10_000
    assert "did you mean 'e00000'" in r205[0].message  # e00000x: its start is an entry's id
    assert all(d.message.endswith("did you mean 'people'?") for d in r203)  # one value: worked out once, said every time
    assert nearby_module.nearby(cycle).computed <= 1 + nearby_module.BUDGET
    assert len(calls) <= 1 + nearby_module.BUDGET


def test_a_mistaken_key_repeated_in_thousands_of_entries_is_worked_out_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    load_module._nearest_key.cache_clear()
    root = _cycle(tmp_path)
    (root / "entries" / "many.yaml").write_text("".join(
        f"- {{id: e{i:05d}, call: project, category: people, tittle: T{i}, "
        f"entrant: {{name: N{i}, type: city, country: KR}}, submitted: 2025-06-01}}\n" for i in range(5_000)), encoding="utf-8")
    problems = run_checks(load_cycle(root), cap=False)
    s102 = [d for d in problems if d.code == "S102"]
    assert len(s102) == 5_000 and all(d.message.endswith("did you mean 'title'?") for d in s102)
    assert calls == ["tittle"]


def test_among_many_entries_few_values_are_compared_with_all_of_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """1,500 entries (below the size from which candidates are narrowed first) and 5,000 different
    unknown entries in a sheet: suggestions stop once COST choices are compared, and the first
    lines (those the outputs list) have theirs."""
    calls = _counting(monkeypatch)
    root = _cycle(tmp_path)
    (root / "entries" / "many.yaml").write_text("".join(
        f"- {{id: entry-{i:05d}, call: project, category: people, title: T{i}, "
        f"entrant: {{name: N{i}, type: city, country: KR}}, submitted: 2025-06-01}}\n" for i in range(1_500)), encoding="utf-8")
    with (root / "scores" / "j03.yaml").open("a", encoding="utf-8") as out:
        out.writelines(f"  entry-{i:05d}-x: {{design: 5, impact: 5}}\n" for i in range(5_000))
    r205 = [d for d in run_checks(load_cycle(root), cap=False) if d.code == "R205"]
    assert len(r205) == 5_000
    assert 1 <= len(calls) <= nearby_module.COST // 1_500
    assert "did you mean 'entry-00000'" in r205[0].message


def test_a_judge_name_as_an_assignment_key_and_an_entry_title_as_a_designation(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    (root / "assignments").mkdir()
    (root / "assignments" / "all.yaml").write_text("judges:\n  Ada Example: [seoul-air]\n  j02: [Clean air sensors]\n", encoding="utf-8")
    _edit(root / "cycle.yaml", "designated: {special: [oslo-honour]}", "designated: {special: [A lifetime of service]}")
    problems = _problems(root)
    assert _one(problems, "S104", "assignments/all.yaml", 2).endswith("'Ada Example' is not a judge in judges.yaml; did you mean 'j01' (Ada Example)?")
    assert "did you mean 'seoul-air' (Clean air sensors)?" in _one(problems, "S104", "assignments/all.yaml", 3)
    assert "did you mean 'oslo-honour' (A lifetime of service)?" in _one(problems, "S104", "cycle.yaml", 33)
