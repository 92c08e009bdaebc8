"""The command line through typer's runner: exit codes, formats, the contract's JSON shapes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run

from smartaward.cli import app as cli
from smartaward.cli.app import app


def test_validate_clean_cycle_exits_0(base):
    result = run("validate", "cycle")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout


def test_validate_json_document(base):
    result = run("validate", "cycle", "--format", "json")
    document = json.loads(result.stdout)
    assert document == {"version": 1, "status": "ok", "summary": {"files": 7, "errors": 0, "warnings": 0}, "diagnostics": []}


def test_validate_defaults_to_the_current_folder_and_walks_up(base, monkeypatch):
    monkeypatch.chdir(base / "entries")
    assert run("validate").exit_code == 0
    assert run("validate", "more.yaml").exit_code == 0


def test_validate_a_file_reports_only_that_files_problems(base):
    (base / "entries" / "oslo-bikes.yaml").write_text((base / "entries" / "oslo-bikes.yaml").read_text().replace("call: project", "call: nope"))
    (base / "scores" / "j02.yaml").write_text((base / "scores" / "j02.yaml").read_text().replace("judge: j02", "judge: j99"))
    whole = json.loads(run("validate", "cycle", "-f", "json").stdout)
    assert {d["code"] for d in whole["diagnostics"]} >= {"R202", "R204"}
    one = run("validate", "cycle/entries/oslo-bikes.yaml", "-f", "json")
    assert one.exit_code == 1
    assert [(d["code"], d["file"], d["line"]) for d in json.loads(one.stdout)["diagnostics"]] == [
        ("R202", "cycle/entries/oslo-bikes.yaml", 2)]
    clean = run("validate", "cycle/entries/more.yaml")
    assert clean.exit_code == 0


def test_problems_exit_1_with_file_line_and_code(base):
    path = base / "scores" / "j02.yaml"
    path.write_text(path.read_text().replace("design: 8,", "design: 11,"))
    result = run("validate", "cycle")
    assert result.exit_code == 1
    assert "cycle/scores/j02.yaml:3:24: error M301" in result.stdout


def test_strict_fails_on_warnings(base):
    path = base / "entries" / "oslo-bikes.yaml"
    path.write_text(path.read_text().replace("2025-06-01", "2025-07-01"))
    assert run("validate", "cycle").exit_code == 0
    assert run("validate", "cycle", "--strict").exit_code == 1


@pytest.mark.parametrize("args", [["validate", "missing-folder"], ["rank", "missing-folder"], ["winners", "."],
                                  ["rank", "--format", "xml", "cycle"], ["validate", "--bogus"]])
def test_misuse_exits_2_without_traceback(base, args):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_rank_json_follows_the_contract(base):
    result = run("rank", "cycle", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["cycle"] == "tiny-prize-2025"
    [category] = document["categories"]
    assert (category["call"], category["category"]) == ("project", "people")
    first = category["ranking"][0]
    # The contract's keys, plus raw_score (before normalisation), ineligible (below a threshold) and
    # pending (a tie awaiting the chair may still move the award), status (final or provisional)
    assert set(first) == {"rank", "entry", "title", "entrant", "country", "score", "judges", "award", "tie", "reason",
                          "raw_score", "ineligible", "pending", "status", "call_title", "category_title", "award_title"}
    assert first == {"rank": 1, "entry": "baguio-health", "title": "Smart health governance", "entrant": "Baguio City",
                     "country": "PH", "score": 9.0, "judges": 3, "award": "gold", "tie": None, "reason": None,
                     "raw_score": 9.0, "ineligible": None, "pending": None, "status": "final",
                     "call_title": "Project awards", "category_title": "People", "award_title": None}
    assert (document["status"], document["open"]) == ("final", [])
    assert category["notes"] == []
    assert [r["entry"] for r in category["ranking"]] == ["baguio-health", "oslo-bikes", "seoul-air"]
    assert category["ranking"][1]["country"] == "NO"  # Norway stays Norway


def test_rank_refuses_a_cycle_with_errors(base):
    path = base / "scores" / "j02.yaml"
    path.write_text(path.read_text().replace("design: 8,", "design: 11,"))
    result = run("rank", "cycle", "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "M301" in result.stderr


def test_winners_formats(base):
    rows = json.loads(run("winners", "cycle", "-f", "json").stdout)
    assert [(w["award"], w["entry"]) for w in rows["winners"]] == [
        ("gold", "baguio-health"), ("silver", "oslo-bikes"), ("corporate", "seoul-air"), ("special", "oslo-honour")]
    assert rows["unfilled"] == []
    table = list(csv.DictReader(io.StringIO(run("winners", "cycle", "-f", "csv").stdout)))
    assert list(table[0]) == ["call", "category", "award", "rank", "entry", "title", "entrant", "country", "score", "note",
                              "pending", "status", "call_title", "category_title", "award_title"]
    assert table[1]["score"] == "7.916667" and table[3]["rank"] == "" and table[3]["score"] == ""
    md = run("winners", "cycle", "-f", "md").stdout
    assert md.splitlines()[0].startswith("| call ") and "| baguio-health " in md
    text = run("winners", "cycle").stdout
    assert "baguio-health" in text and "4 awards" in text


def test_output_is_byte_identical_across_runs(base):
    for args in (["rank", "cycle", "-f", "json"], ["winners", "cycle", "-f", "csv"], ["rank", "cycle"]):
        assert run(*args).stdout == run(*args).stdout


def test_every_command_has_help():
    for command in ("validate", "rank", "winners"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_python_dash_m_and_version():
    out = subprocess.run([sys.executable, "-m", "smartaward", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("smartaward ")


def test_an_internal_error_is_one_line_without_traceback(base, monkeypatch, capsys):
    def broken(cycle, progress=None, **_):
        raise RuntimeError("boom")

    monkeypatch.setattr("smartaward.awards.results.compute", broken)
    # --no-cache: a results record of the cycle (issue 17) would answer without computing
    monkeypatch.setattr(sys, "argv", ["smartaward", "rank", "cycle", "--no-cache"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "internal error" in err and "boom" in err and "Traceback" not in err


def test_every_diagnostic_code_and_command_is_documented():
    from smartaward.diagnostics import CATALOGUE

    docs = Path(__file__).resolve().parent.parent / "docs"
    format_md = (docs / "format.md").read_text(encoding="utf-8")
    assert [code for code in CATALOGUE if f"`{code}`" not in format_md] == []
    cli_md = (docs / "cli.md").read_text(encoding="utf-8")
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert len(commands) >= 7
    assert [c for c in commands if f"## `smartaward {c}" not in cli_md] == []
