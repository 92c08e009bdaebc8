"""`smartaward import`, issue 15 parts 3 and 4: sheets as they come. Columns that map to no field are
ignored with one warning (I706) and a note; an e-mail column is the entry's private `contact:`,
never published; a scores sheet's Remarks/Notes are the judge's comments; `--set FIELD=VALUE` and
the call implied by a one-call cycle; the cycle as a positional argument; `--no-cache`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run

MESSY = Path(__file__).parent / "fixtures" / "messy"
BASE = Path(__file__).parent / "cases" / "base"
HEADER = "Entry ID;Category;Title;Entrant name;Entrant type;Entrant country;Submitted"
ROW = "bergen-ferries;people;Harbour ferries;Bergen kommune;city;NO;2025-06-10"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    root = tmp_path / "base"
    shutil.copytree(BASE, root)
    return root


def _json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = run("import", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_columns_are_one_warning_and_a_note_not_one_error_each(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "a.csv", f"{HEADER};Budget;Internal notes;Contry\n{ROW};1000;called;NO\n")
    code, document = _json("entries", sheet, base, "--set", "call=project")
    assert code == 0, document["diagnostics"]
    [warning] = document["diagnostics"]
    assert (warning["code"], warning["severity"], warning["line"], warning["column"]) == ("I706", "warning", 1, 8)
    assert "'Budget'" in warning["message"] and "'Internal notes'" in warning["message"] and "entrant.country?" in warning["message"]
    [note] = [n for n in document["notes"] if n["topic"] == "ignored"]
    assert "'Contry' (column 10" in note["text"]
    assert (base / "entries" / "bergen-ferries.yaml").exists()
    code, document = _json("entries", sheet, base, "--set", "call=project", "--map", "Budget=-", "--map", "Internal notes=-",
                           "--map", "Contry=-", "--force")
    assert code == 0 and document["diagnostics"] == [] and not [n for n in document["notes"] if n["topic"] == "ignored"]


SECRET = "secret-contact@example.org"


def test_a_contact_column_is_the_private_contact_field(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "a.csv", f"{HEADER};Contact e-mail\n{ROW};{SECRET}\n")
    code, document = _json("entries", sheet, base, "--set", "call=project")
    assert code == 0, document["diagnostics"]
    assert yaml.safe_load((base / "entries" / "bergen-ferries.yaml").read_text(encoding="utf-8"))["contact"] == SECRET
    assert run("validate", base).exit_code == 0


def _everything(root: Path, out: Path) -> str:
    """Every output a cycle gives, as one text: the files written and what is printed."""
    printed = [run("export", root, "--to", out / "export", "--format", "csv,xlsx,json,md,html", "--include", "marks,judges"),
               run("feedback", root, "--to", out / "feedback", "--format", "md,html,json"),
               run("packets", root, "--to", out / "packets"),
               *(run(command, root, "--format", form) for command in ("rank", "winners") for form in ("json", "csv", "markdown", "table")),
               run("explain", "oslo-bikes", root), run("explain", "oslo-bikes", root, "--format", "json"),
               run("stats", root, "--format", "json"), run("judges", root, "--format", "json")]
    texts = [result.output for result in printed]
    for path in sorted(out.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".xlsx":
                import zipfile

                with zipfile.ZipFile(path) as book:
                    data = b"".join(book.read(name) for name in book.namelist())
            texts.append(data.decode("utf-8", "replace"))
    return "\n".join(texts)


def test_contact_is_never_published(base: Path, tmp_path: Path) -> None:
    path = base / "entries" / "oslo-bikes.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"contact: \"{SECRET}\"\n", encoding="utf-8")
    assert run("validate", base).exit_code == 0
    text = _everything(base, tmp_path / "out")
    assert "oslo-bikes" in text and "secret-contact" not in text
    before = tmp_path / "before"
    shutil.copytree(BASE, before)
    changed = [run("diff", before, base, "--format", form) for form in ("text", "json")]
    assert all(result.exit_code == 0 and "entries/oslo-bikes.yaml" in result.stdout for result in changed)
    assert not any("secret-contact" in result.output for result in changed)  # a change of contact is no change of results


def test_remarks_and_notes_in_a_scores_sheet_are_the_judges_comments(base: Path, tmp_path: Path) -> None:
    for sheet in (base / "scores").glob("*.yaml"):
        sheet.unlink()
    for header in ("Remarks", "Notes"):
        sheet = _csv(tmp_path / "marks.csv", f"judge;entry;design;impact;{header}\nj01;seoul-air;7;8;Thin budget.\n")
        code, document = _json("scores", sheet, base, "--force")
        assert code == 0 and document["diagnostics"] == [], document
        assert yaml.safe_load((base / "scores" / "j01.yaml").read_text(encoding="utf-8"))["comments"] == {"seoul-air": "Thin budget."}


# --- --set and the implied call -------------------------------------------------------------------


def test_set_gives_a_field_no_column_holds(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "a.csv", f"{HEADER}\n{ROW}\n")
    code, document = _json("entries", sheet, base, "--dry-run")  # two calls: no call implied
    assert code == 1 and {(d["code"], d["line"]) for d in document["diagnostics"]} == {("I701", 1)}
    code, document = _json("entries", sheet, base, "--set", "call=Project awards")  # by its title
    assert code == 0, document["diagnostics"]
    [note] = [n for n in document["notes"] if n["topic"] == "constant"]
    assert "'project' (Project awards)" in note["text"] and "--set call=Project awards" in note["text"]
    assert yaml.safe_load((base / "entries" / "bergen-ferries.yaml").read_text(encoding="utf-8"))["call"] == "project"


@pytest.mark.parametrize(("option", "said"), [
    ("call=projet", "did you mean 'project'"),  # no such call: the nearest
    ("category=people", "holds category already"),  # a column holds it
    ("title=Same for all", "not a field"),  # a field of one row
    ("entrant.country=Norwey", "did you mean 'NO'"),
    ("submitted=tomorrow", "not a date"),
    ("call", "write the field"),
])
def test_a_set_that_cannot_be_used_is_misuse(option: str, said: str, base: Path, tmp_path: Path) -> None:
    held = {"entrant.country": 5, "submitted": 6}.get(option.partition("=")[0])  # the column --set stands for
    header, row = ([c for i, c in enumerate(line.split(";")) if i != held] for line in (HEADER, ROW))
    sheet = _csv(tmp_path / "a.csv", ";".join(header) + "\n" + ";".join(row) + "\n")
    result = run("import", "entries", sheet, base, "--set", option)
    assert result.exit_code == 2 and said in result.output, result.output


def test_set_for_scores_gives_the_judge_by_name(base: Path, tmp_path: Path) -> None:
    for sheet in (base / "scores").glob("*.yaml"):
        sheet.unlink()
    sheet = _csv(tmp_path / "marks.csv", "entry;design;impact\nseoul-air;7;8\n")
    code, document = _json("scores", sheet, base, "--set", "judge=Ada Example")
    assert code == 0, document["diagnostics"]
    assert yaml.safe_load((base / "scores" / "j01.yaml").read_text(encoding="utf-8"))["judge"] == "j01"
    assert run("import", "scores", sheet, base, "--set", "round=final").exit_code == 2  # --round says it


def test_the_only_call_is_implied_and_said(tmp_path: Path) -> None:
    root = tmp_path / "messy"
    shutil.copytree(MESSY / "cycle", root)
    code, document = _json("entries", MESSY / "applications-eu.csv", root, "--dry-run")
    assert code == 0, document["diagnostics"]
    [note] = [n for n in document["notes"] if n["topic"] == "constant"]
    assert "'project'" in note["text"] and "only call" in note["text"]
    [warning] = document["diagnostics"]
    assert (warning["code"], warning["column"]) == ("I706", 8)  # Budget (EUR), Remarks; E-mail is the contact


# --- the cycle argument and the cache -------------------------------------------------------------


def test_the_cycle_is_a_positional_argument_or_cycle_or_both_alike(base: Path, tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "a.csv", f"{HEADER}\n{ROW}\n")
    assert run("import", "entries", sheet, base, "--set", "call=project", "--dry-run").exit_code == 0
    assert run("import", "entries", sheet, "--cycle", base, "--set", "call=project", "--dry-run").exit_code == 0
    assert run("import", "entries", sheet, base, "--cycle", base, "--set", "call=project", "--dry-run").exit_code == 0
    other = tmp_path / "other"
    shutil.copytree(base, other)
    result = run("import", "entries", sheet, base, "--cycle", other, "--set", "call=project", "--dry-run")
    assert result.exit_code == 2 and "two different cycles" in result.output


def test_no_cache_reads_the_cycle_afresh(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for sheet in (base / "scores").glob("*.yaml"):
        sheet.unlink()
    sheet = _csv(tmp_path / "marks.csv", "judge;entry;design;impact\nAda Example;seoul-air;7;8\n")
    cached, fresh = tmp_path / "cache", tmp_path / "fresh"
    monkeypatch.setenv("SMARTAWARD_CACHE_DIR", str(fresh))
    assert run("import", "scores", sheet, base, "--dry-run", "--no-cache").exit_code == 0
    assert not fresh.exists()
    monkeypatch.setenv("SMARTAWARD_CACHE_DIR", str(cached))
    assert run("import", "scores", sheet, base, "--dry-run").exit_code == 0
    assert any(path.is_file() for path in cached.rglob("*"))


def test_a_misspelt_criterion_column_stays_an_error_rather_than_losing_its_marks(base: Path, tmp_path: Path) -> None:
    for sheet in (base / "scores").glob("*.yaml"):
        sheet.unlink()
    sheet = _csv(tmp_path / "marks.csv", "judge;entry;Desing;impact;Budget\nj01;seoul-air;7;8;100\n")
    code, document = _json("scores", sheet, base, "--dry-run")
    # Budget holds numbers: marks of no criterion, an error too (the final review, item 8)
    assert code == 1 and {(d["code"], d["line"], d["column"]) for d in document["diagnostics"]} == {("I701", 1, 3), ("I701", 1, 5)}
    assert "did you mean 'design'?" in next(d["message"] for d in document["diagnostics"] if d["column"] == 3)


def test_set_criterion_reads_a_mark_column_as_that_criterions(base: Path, tmp_path: Path) -> None:
    for sheet in (base / "scores").glob("*.yaml"):
        sheet.unlink()
    sheet = _csv(tmp_path / "impact.csv", "judge;entry;mark\nj01;seoul-air;8\nj02;seoul-air;7\n")
    code, document = _json("scores", sheet, base, "--set", "criterion=Impact")
    assert code == 0 and {d["code"] for d in document["diagnostics"]} <= {"M305"}  # design is left unmarked: warnings
    assert yaml.safe_load((base / "scores" / "j01.yaml").read_text(encoding="utf-8"))["scores"] == {"seoul-air": {"impact": 8}}
    [note] = [n for n in document["notes"] if n["topic"] == "constant"]
    assert "criterion is 'impact'" in note["text"]
