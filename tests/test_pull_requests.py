"""What a single pull request can do (issue 11, item 7): entrants and judges add or change one file,
and CI validates that file in its cycle's context (`smartaward validate FILE`, pre-commit).

- A file that collides with another (an entry id, a judge's sheet, one entrant described two
  ways, two look-alike names) fails whichever of the two files is named: each names the other.
- Look-alike names (Unicode TR39 skeletons) and a word mixing scripts are warnings, never two
  entrants in silence.
- A submission date before the call opens is an error; a call that closes before it opens too.
- A judge's marks for an entry in a round it never reached are reported, shown by explain and
  listed in marks.csv as not counted.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from cyclefiles import copy_base
from typer.testing import CliRunner

from smartaward.cli.app import app

AIRCO_CYRILLIC = "\u0410irco Ltd"  # "Аirco Ltd": a Cyrillic capital A, then Latin letters


def _cycle(tmp_path: Path) -> Path:
    return copy_base(tmp_path / "cycle")


def _invoke(root: Path, *args: str) -> Any:
    """The CLI in this process, run from the cycle folder; never a traceback."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def _validate(root: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    """validate (of the cycle, or of the files named) as JSON: the exit code and the diagnostics."""
    result = _invoke(root, "validate", *(args or (".",)), "--format", "json", "--no-cache")
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def _found(diagnostics: list[dict[str, Any]]) -> set[tuple[str, str, int]]:
    return {(d["code"], d["file"], d["line"]) for d in diagnostics}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _entry(entry_id: str, name: str, *, call: str = "honours", category: str = "special", kind: str = "company",
           city: str = "Seoul", country: str = "KR", submitted: str = "2025-06-05", extra: str = "") -> str:
    return (f"id: {entry_id}\ncall: {call}\ncategory: {category}\ntitle: Another entry\n"
            f"entrant: {{name: {name}, type: {kind}, city: {city}, country: {country}{extra}}}\n"
            f"submitted: {submitted}\n")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


# ------------------------------------------------------------------------------ collisions (R201, R209, R210)

def test_a_new_file_reusing_an_existing_id_fails_when_it_alone_is_validated(tmp_path: Path) -> None:
    """The issue's example: aaa.yaml sorts before the victim's file, and validate FILE exited 0."""
    root = _cycle(tmp_path)
    _write(root / "entries" / "aaa.yaml", _entry("oslo-bikes", "Someone Else Ltd"))
    code, found = _validate(root, "entries/aaa.yaml")
    assert code == 1
    assert ("R201", "entries/aaa.yaml", 1) in _found(found)
    r201 = next(d for d in found if d["code"] == "R201")
    assert "entries/oslo-bikes.yaml:1" in r201["message"]  # it names the file it collides with


def test_a_duplicate_id_is_reported_on_both_files_each_naming_the_other(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _write(root / "entries" / "aaa.yaml", _entry("oslo-bikes", "Someone Else Ltd"))
    code, found = _validate(root)
    assert code == 1
    r201 = {d["file"]: d for d in found if d["code"] == "R201"}
    assert set(r201) == {"entries/aaa.yaml", "entries/oslo-bikes.yaml"}
    assert "entries/oslo-bikes.yaml:1" in r201["entries/aaa.yaml"]["message"]
    assert "entries/aaa.yaml:1" in r201["entries/oslo-bikes.yaml"]["message"]
    # the victim's file fails on its own too: the result never depends on which file sorts first
    assert _validate(root, "entries/oslo-bikes.yaml")[0] == 1


def test_a_duplicate_id_within_one_changed_file_is_reported_at_both_entries(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _write(root / "entries" / "batch.yaml",
           "- " + _entry("lagos-radio", "Radio Lagos").replace("\n", "\n  ").rstrip() + "\n"
           "- " + _entry("lagos-radio", "Radio Lagos Two").replace("\n", "\n  ").rstrip() + "\n")
    code, found = _validate(root, "entries/batch.yaml")
    assert code == 1
    assert _found(found) == {("R201", "entries/batch.yaml", 1), ("R201", "entries/batch.yaml", 7)}


def test_three_entries_with_one_id_are_each_reported(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    for name in ("aaa", "zzz"):
        _write(root / "entries" / f"{name}.yaml", _entry("seoul-air", "Airco Ltd"))
    code, found = _validate(root)
    assert code == 1
    assert {(c, f) for c, f, _ in _found(found) if c == "R201"} == {
        ("R201", "entries/aaa.yaml"), ("R201", "entries/more.yaml"), ("R201", "entries/zzz.yaml")}


def test_a_second_sheet_for_a_judge_fails_whichever_sheet_is_named(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _write(root / "scores" / "a-j02.yaml", "judge: j02\nscores:\n  seoul-air: {design: 10, impact: 10}\n")
    code, found = _validate(root)
    assert code == 1
    assert {(c, f, line) for c, f, line in _found(found) if c == "R209"} == {
        ("R209", "scores/a-j02.yaml", 1), ("R209", "scores/j02.yaml", 1)}
    for named, other in (("scores/a-j02.yaml", "scores/j02.yaml"), ("scores/j02.yaml", "scores/a-j02.yaml")):
        code, found = _validate(root, named)
        assert code == 1
        [r209] = [d for d in found if d["code"] == "R209"]
        assert r209["file"] == named and other in r209["message"]


def test_an_entrant_described_differently_is_reported_on_both_entries(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    # "City of Oslo" again, now an organisation: sorts before the base's entries/oslo-bikes.yaml
    _write(root / "entries" / "a-oslo.yaml", _entry("oslo-radio", "City of Oslo", kind="organisation", city="Oslo", country="NO"))
    code, found = _validate(root, "entries/a-oslo.yaml", "--strict")
    assert code == 1
    assert ("R210", "entries/a-oslo.yaml", 5) in _found(found)
    code, found = _validate(root)
    assert {(c, f, line) for c, f, line in _found(found) if c == "R210"} == {
        ("R210", "entries/a-oslo.yaml", 5), ("R210", "entries/oslo-bikes.yaml", 5)}


# ------------------------------------------------------------------------------ look-alike names (R212, R213)

def test_a_cyrillic_look_alike_entrant_is_never_silently_a_second_entrant(tmp_path: Path) -> None:
    """The issue's example: "Airco Ltd" and "Аirco Ltd" (Cyrillic А) passed validate --strict, and the
    same company could win two awards despite one_award_per: entrant."""
    root = _cycle(tmp_path)
    _write(root / "entries" / "airco-two.yaml", _entry("airco-two", AIRCO_CYRILLIC))
    code, found = _validate(root, "--strict")
    assert code == 1
    assert ("R212", "entries/airco-two.yaml", 5) in _found(found)
    assert ("R212", "entries/more.yaml", 5) in _found(found)  # the other entrant is named too
    assert ("R213", "entries/airco-two.yaml", 5) in _found(found)
    # named alone, the new file fails under --strict
    code, found = _validate(root, "entries/airco-two.yaml", "--strict")
    assert code == 1 and {"R212", "R213"} <= {d["code"] for d in found}


def test_a_look_alike_entrant_with_an_id_of_its_own_is_still_reported(tmp_path: Path) -> None:
    """An entrant.id is chosen by whoever writes the entry: it cannot make a look-alike name silent."""
    root = _cycle(tmp_path)
    _write(root / "entries" / "airco-two.yaml", _entry("airco-two", "Airc\u043e Ltd", extra=", id: airco-two"))
    code, found = _validate(root, "--strict")
    assert code == 1
    assert ("R212", "entries/airco-two.yaml", 5) in _found(found)


def test_the_same_name_written_the_same_way_under_two_ids_is_two_entrants(tmp_path: Path) -> None:
    """Two entrants may share a name (two cities called Portland): with ids of their own and the name
    written identically, nothing is reported."""
    root = _cycle(tmp_path)
    _write(root / "entries" / "a.yaml", _entry("portland-a", "City of Portland", kind="city", country="US", extra=", id: portland-or"))
    _write(root / "entries" / "b.yaml", _entry("portland-b", "City of Portland", kind="city", country="US", extra=", id: portland-me"))
    code, found = _validate(root, "--strict")
    assert (code, found) == (0, [])


@pytest.mark.parametrize("name", [
    "\u0410irco Ltd",  # Cyrillic А
    "Airc\u03bf Ltd",  # Greek omicron
    "\u0391IRCO LTD",  # Greek capital alpha in capitals
    "A\u0456rco Ltd",  # Cyrillic і
    "\U0001d5a0irco Ltd",  # mathematical sans-serif A
])
def test_look_alike_spellings_of_a_name_are_r212(name: str, tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _write(root / "entries" / "twin.yaml", _entry("airco-twin", name))
    code, found = _validate(root, "--strict")
    assert code == 1
    assert ("R212", "entries/twin.yaml", 5) in _found(found)


@pytest.mark.parametrize("where, path, old, new, line", [
    ("entrant name", "entries/oslo-bikes.yaml", "name: City of Oslo", "name: City of \u041eslo", 5),
    ("entrant city", "entries/oslo-bikes.yaml", "city: Oslo", "city: \u041eslo", 5),
    ("judge name", "judges.yaml", "name: Bo Example", "name: B\u043e Example", 8),
    ("judge affiliation", "judges.yaml", "affiliation: Example University", "affiliation: \u0415xample University", 4),
])
def test_a_word_mixing_scripts_is_r213(where: str, path: str, old: str, new: str, line: int, tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _replace(root / path, old, new)
    code, found = _validate(root, "--strict")
    assert code == 1
    assert ("R213", path, line) in _found(found), where
    r213 = next(d for d in found if d["code"] == "R213")
    assert "Cyrillic" in r213["message"] and "Latin" in r213["message"]


def test_names_in_one_script_per_word_are_not_r213(tmp_path: Path) -> None:
    """Words in any one script, and the script mixes that TR39 counts as one writing system
    (Japanese kanji and kana, Korean Hangul and Hanja, Latin beside them), are fine."""
    root = _cycle(tmp_path)
    names = ["서울특별시 Seoul", "トヨタ自動車", "LG전자", "Þóra Björk Guðmundsdóttir", "አዲስ አበባ",
             "Zu\u0308rich 2025", "Αθήνα", "Москва-Seoul", "NTTドコモ", "中華電信", "Ştefan-Ion"]
    for number, name in enumerate(names):
        _write(root / "entries" / f"n{number}.yaml", _entry(f"n{number}", name, call="honours", category="special",
                                                            kind="organisation", extra=f", id: n{number}"))
    code, found = _validate(root, "--strict")
    assert [d for d in found if d["code"] == "R213"] == []


def test_a_judge_affiliated_with_a_look_alike_entrant_is_a_derived_conflict(tmp_path: Path) -> None:
    """rules.conflicts: {same: [affiliation]}: a judge of "Airco Ltd" against the entrant "Аirco Ltd"
    still shares the affiliation; the message says the two names only look the same."""
    root = _cycle(tmp_path)
    _replace(root / "cycle.yaml", "  one_award_per: entrant\n", "  one_award_per: entrant\n  conflicts: {same: [affiliation]}\n")
    _replace(root / "judges.yaml", "  country: KR\n", "  country: KR\n  affiliation: Airco Ltd\n")
    _replace(root / "entries" / "more.yaml", "name: Airco Ltd", f"name: {AIRCO_CYRILLIC}")
    code, found = _validate(root)
    j410 = [d for d in found if d["code"] == "J410"]
    assert [(d["file"], d["line"]) for d in j410] == [("scores/j02.yaml", 4)]
    assert "look" in j410[0]["message"]


def test_a_judge_of_a_look_alike_city_is_a_derived_conflict(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _replace(root / "cycle.yaml", "  one_award_per: entrant\n", "  one_award_per: entrant\n  conflicts: {same: [city]}\n")
    _replace(root / "judges.yaml", "  country: PH\n", "  country: PH\n  city: Bagu\u0456o\n")  # Cyrillic і
    code, found = _validate(root)
    assert [(d["code"], d["file"], d["line"]) for d in found if d["code"] == "J410"] == [("J410", "scores/j03.yaml", 5)]


# ------------------------------------------------------------------------------ dates (J416, S103)

def _opens(root: Path, opens: str, *, closes: str | None = None, call: str = "Project awards") -> None:
    """Give a call (by its title) an opening date, and the project call another closing date."""
    _replace(root / "cycle.yaml", f"    title: {call}\n", f"    title: {call}\n    opens: {opens}\n")
    if closes is not None:
        _replace(root / "cycle.yaml", f"    opens: {opens}\n    closes: 2025-06-30\n", f"    opens: {opens}\n    closes: {closes}\n")


def test_a_submission_before_the_call_opens_is_an_error(tmp_path: Path) -> None:
    """The issue's example: submitted: 1900-01-01 won a `submitted` tie-break."""
    root = _cycle(tmp_path)
    _opens(root, "2025-04-01", call="Honours")
    _write(root / "entries" / "early.yaml", _entry("early-bird", "Early Bird Ltd", submitted="1900-01-01"))
    code, found = _validate(root, "entries/early.yaml")
    assert code == 1
    assert _found(found) == {("J416", "entries/early.yaml", 6)}
    assert "2025-04-01" in found[0]["message"] and "1900-01-01" in found[0]["message"]
    # rank refuses the cycle: an impossible date never decides a tie
    assert _invoke(root, "rank", ".", "--no-cache").exit_code == 1


def test_a_submission_on_the_day_the_call_opens_is_in_time(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _opens(root, "2025-06-01")  # oslo-bikes was submitted that day
    assert _validate(root, "--strict") == (0, [])


def test_a_call_that_closes_before_it_opens_is_a_schema_error_without_a_flood_of_late_entries(tmp_path: Path) -> None:
    """The issue's example: a year typo in closes made every entry late (J401), with exit 0."""
    root = _cycle(tmp_path)
    _opens(root, "2025-04-01", closes="2024-06-30")
    code, found = _validate(root)
    assert code == 1
    assert _found(found) == {("S103", "cycle.yaml", 15)}  # the closes line
    assert "2025-04-01" in found[0]["message"]


# ------------------------------------------------------------------------------ marks after elimination (J417)

ROUNDS = """    rounds:
      evaluation: {title: Evaluation, shortlist: {top: 2}}
      final: {title: Final}
"""


def _rounds(root: Path) -> None:
    """The project call judged in two rounds: evaluation (j02, j03) shortlists the top 2 — baguio-health
    8.833 and oslo-bikes 7.917; seoul-air 7.083 stops — then the final (j01, j02, j03), where every
    judge marked seoul-air all the same."""
    _replace(root / "cycle.yaml", "          corporate: {count: 1, eligible: {entrant_type: company}}\n",
             "          corporate: {count: 1, eligible: {entrant_type: company}}\n" + ROUNDS)
    for judge in ("j02", "j03"):
        sheet = root / "scores" / f"{judge}.yaml"
        text = sheet.read_text(encoding="utf-8")
        _write(root / "scores" / "evaluation" / f"{judge}.yaml", text.replace("scores:", "round: evaluation\nscores:"))
        sheet.write_text(text.replace("scores:", "round: final\nscores:"), encoding="utf-8")
    _replace(root / "scores" / "j01.yaml", "scores:", "round: final\nscores:")


def test_marks_for_an_entry_in_a_round_it_did_not_reach_are_reported(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _rounds(root)
    code, found = _validate(root)
    assert code == 0
    assert _found(found) == {("J417", "scores/j01.yaml", 4), ("J417", "scores/j02.yaml", 5), ("J417", "scores/j03.yaml", 5)}
    message = next(d["message"] for d in found if d["file"] == "scores/j02.yaml")
    assert "'seoul-air'" in message and "'final'" in message and "not shortlisted in the 'evaluation' round" in message
    assert _validate(root, "scores/j02.yaml", "--strict")[0] == 1


def test_explain_shows_marks_in_a_round_not_reached_as_not_counted(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _rounds(root)
    document = json.loads(_invoke(root, "explain", "seoul-air", ".", "--format", "json", "--no-cache").stdout)
    rounds = {r["round"]: r for r in document["rounds"]}
    assert list(rounds) == ["evaluation", "final"]
    assert rounds["evaluation"]["reached"] is True and rounds["final"]["reached"] is False
    final = rounds["final"]
    assert [(line["judge"], line["counted"], line["excluded"]) for line in final["lines"]] == [
        ("j01", False, "did not reach this round"), ("j02", False, "did not reach this round"),
        ("j03", False, "did not reach this round")]
    assert final["score"] is None
    assert document["result"]["rank"] is None
    text = _invoke(root, "explain", "seoul-air", ".", "--no-cache").stdout
    final_text = text[text.index("round final"):]
    assert final_text.count("NOT COUNTED: did not reach this round") == 3


def test_marks_csv_lists_marks_in_a_round_not_reached_as_not_counted(tmp_path: Path) -> None:
    root = _cycle(tmp_path)
    _rounds(root)
    result = _invoke(root, "export", ".", "--to", str(tmp_path / "out"), "-f", "csv", "--include", "marks,judges", "--no-cache")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "marks.csv").read_text(encoding="utf-8"))))
    unreached = [r for r in rows if r["entry"] == "seoul-air" and r["round"] == "final"]
    assert len(unreached) == 6  # three judges, two criteria each
    assert {(r["counted"], r["excluded"], r["code"]) for r in unreached} == {("false", "did not reach this round", "J417")}
    reached = [r for r in rows if r["entry"] == "seoul-air" and r["round"] == "evaluation"]
    assert reached and {r["counted"] for r in reached} == {"true"}


def test_an_entry_that_cannot_be_read_does_not_make_another_look_short_of_marks(tmp_path: Path) -> None:
    """A finalist whose file has an error is left out of the rounds, so the shortlist lets another
    entry through that judges never marked in the final: its J404 would blame the wrong file. The
    error is reported alone; the rounds' outcomes come once it is fixed."""
    import shutil

    root = tmp_path / "seoul"
    shutil.copytree(Path(__file__).parent.parent / "cycles" / "seoul-smart-city-2024", root)
    entry = root / "entries" / "baguio-health-governance.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace('title: "Smart', 'title: "Smart\\t', 1), encoding="utf-8")
    code, found = _validate(root)
    assert code == 1
    assert {d["code"] for d in found} == {"S105"}, sorted({(d["code"], d["file"]) for d in found})
