"""Issue 15, parts 4–5: one word, one count, across `stats` and `judges`; suggested command lines
that survive being pasted into a shell; a scaffold README that points at what an installed
smartaward has; "did you mean" for the ids given on the command line."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from cyclefiles import copy_base
from helpers import run

from smartaward.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "cycles" / "seoul-smart-city-2024"
BIN = Path(sys.executable).parent  # where `smartaward` is installed beside this Python


# -- stats and judges: the same word, the same count --------------------------------------------

@pytest.fixture(scope="module")
def documents() -> tuple[dict, dict]:
    stats = run("stats", SAMPLE, "-f", "json", "-q")
    judges = run("judges", SAMPLE, "-f", "json", "-q")
    assert stats.exit_code == 0 and judges.exit_code == 0, stats.stderr + judges.stderr
    return json.loads(stats.stdout), json.loads(judges.stdout)


def test_score_lines_are_the_same_count_in_stats_and_judges(documents):
    stats, judges = documents
    by_round = {(r["call"], r["round"]): r for r in stats["marks"]["by_round"]}
    assert len(judges["panels"]) == len(by_round) == 5
    for panel in judges["panels"]:
        row = by_round[(panel["call"], panel["round"])]
        assert sum(j["score_lines"] for j in panel["by_judge"]) == row["score_lines"]
    # across panels the judges count the marked rounds' lines; the screening round's are verdicts
    marked = sum(r["score_lines"] for r in stats["marks"]["by_round"] if not r["verdicts"])
    assert sum(j["score_lines"] for j in judges["judges"]) == marked == 1010
    assert sum(j["verdicts"] for j in judges["judges"]) == stats["marks"]["verdicts"] == 380


def test_lines_used_are_the_counted_lines_of_stats_coverage(documents):
    stats, judges = documents
    counted = {(r["call"], r["round"]): r["counted"] for r in stats["coverage"]}
    assert {(p["call"], p["round"]): p["lines_used"] for p in judges["panels"]} == counted


def test_a_mark_is_one_number_and_a_verdict_is_not_a_mark(documents):
    stats, _ = documents
    rows = {(r["call"], r["round"]): r for r in stats["marks"]["by_round"]}
    eligibility, evaluation = rows[("project", "eligibility")], rows[("project", "evaluation")]
    assert (eligibility["marks"], eligibility["verdicts"]) == (0, 380)  # a screening round gives verdicts
    assert (evaluation["marks"], evaluation["verdicts"]) == (736 * 6, 0)  # six criteria a line
    assert stats["marks"]["marks"] == sum(r["marks"] for r in rows.values()) == 5872


def test_version_1_keys_of_judges_are_kept_beside_the_new_ones(documents):
    _, judges = documents
    for record in judges["judges"] + [r for p in judges["panels"] for r in p["by_judge"]]:
        assert (record["lines"], record["marks"]) == (record["score_lines"], record["lines_used"])
    for panel in judges["panels"]:
        assert panel["marks"] == panel["lines_used"]


def test_no_judges_table_for_people_calls_a_line_a_mark():
    for table in ("judges", "by-panel", "panels"):
        result = run("judges", SAMPLE, "-f", "md", "-t", table, "-q")
        header = result.stdout.splitlines()[0]
        assert " marks " not in header and "lines_used" in header, (table, header)
    terminal = run("judges", SAMPLE, "-q", env={"COLUMNS": "250"}).stdout
    assert "lines used" in terminal and " marks " not in terminal


# Version 1's csv columns, in their places (issue 15, final review: scripts read them by position).
_VERSION_1_CSV = {
    "judges": ["judge", "name", "country", "observer", "panels", "lines", "marks", "mean", "sd", "leniency",
               "correlation", "trimmed", "conflicts", "home_country", "home_country_excluded", "verdicts", "flags"],
    "by-panel": ["call", "round", "kind", "judge", "name", "country", "observer", "lines", "marks", "mean", "sd",
                 "leniency", "correlation", "trimmed", "conflicts", "home_country", "home_country_excluded", "flags"],
    "panels": ["call", "round", "kind", "judges", "entries", "marks", "alpha_level", "alpha", "alpha_entries",
               "kendall_w", "w_judges", "w_entries", "typical_spread", "flagged_judges", "disagreements", "note"],
}


@pytest.mark.parametrize("table", sorted(_VERSION_1_CSV))
def test_judges_csv_keeps_version_1_columns_and_adds_the_new_ones_after_them(table):
    rows = list(csv.DictReader(io.StringIO(run("judges", SAMPLE, "-f", "csv", "-t", table, "-q").stdout)))
    header = list(rows[0])
    old = _VERSION_1_CSV[table]
    titles = ["call_title", "round_title"] if table != "judges" else []
    new = ["score_lines", "lines_used"] if table != "panels" else ["lines_used"]
    assert header == old + new + titles  # the titles stay the last columns
    for row in rows:
        assert row["marks"] == row["lines_used"]
        if "lines" in row:
            assert row["lines"] == row["score_lines"]


def _late(root: Path, entry: str, day: str) -> None:
    path = root / "entries" / f"{entry}.yaml"
    path.write_text(re.sub(r"submitted: \S+", f"submitted: {day}", path.read_text()))


def test_a_late_entry_of_the_one_scored_call_is_shown_once(tmp_path):
    root = copy_base(tmp_path / "c")
    _late(root, "oslo-bikes", "2025-07-15")  # the project call closed on 2025-06-30
    document = json.loads(run("stats", root, "-f", "json", "-q").stdout)
    assert document["entries"]["late"] == 1
    for fmt in ("md", "grid"):
        text = run("stats", root, "-f", fmt, "-q").stdout
        assert re.search(r"\blate\b", text) and "late (all calls)" not in text, text
    assert "late (all calls)" not in run("stats", root, "-q", env={"COLUMNS": "200"}).stdout


def test_late_entries_of_an_unscored_call_get_their_own_row(tmp_path):
    root = copy_base(tmp_path / "c")
    _late(root, "oslo-bikes", "2025-07-15")
    more = root / "entries" / "more.yaml"
    text = more.read_text()
    honours = text.index("id: oslo-honour")  # the designated call's entry, late too
    tail = re.sub(r"submitted: \S+", "submitted: 2025-07-15", text[honours:], count=1)
    more.write_text(text[:honours] + tail)
    md = run("stats", root, "-f", "md", "-q").stdout
    assert re.search(r"\| late\s+\| 1\s+\|", md) and re.search(r"\| late \(all calls\) \| 2\s+\|", md), md


# -- suggested command lines paste into a shell ----------------------------------------------------

def _shell(line: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`line` as a user pastes it into bash, with this environment's smartaward first on the PATH."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


NAMES = ["Prix de l'innovation 2026", "Seoul Prize $HOME 2026", "a;b & c (2026)"]


@pytest.mark.parametrize("name", NAMES)
def test_init_suggests_commands_that_work_when_pasted(tmp_path, name):
    done = subprocess.run([str(BIN / "smartaward"), "init", name], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    line = done.stdout.splitlines()[-1]
    match = re.fullmatch(r"next: edit (.+), then (smartaward .+)", line)
    assert match, line
    edited = shlex.split(match.group(1))
    assert len(edited) == 1 and (tmp_path / edited[0]).is_file()
    assert shlex.split(match.group(2)) == ["smartaward", "validate", "--strict", name]
    pasted = _shell(match.group(2), tmp_path)
    assert pasted.returncode == 0, pasted.stdout + pasted.stderr


def test_init_check_suggests_a_command_that_works_when_pasted(tmp_path):
    name = "Prix de l'innovation 2026"
    assert subprocess.run([str(BIN / "smartaward"), "init", name], cwd=tmp_path, capture_output=True, timeout=300).returncode == 0
    sheet = tmp_path / name / "scores" / "j01.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")  # its modeline gone
    check = run("init", "--check", tmp_path / name)
    assert check.exit_code == 1
    line = check.stdout.splitlines()[-1]
    suggested = line[line.index("run ") + 4:]
    assert shlex.split(suggested)[:2] == ["smartaward", "init"]
    assert _shell(suggested, Path("/")).returncode == 0
    assert run("init", "--check", tmp_path / name).exit_code == 0


def test_a_suggested_round_is_quoted_for_a_shell():
    from smartaward.cli.assign import _command

    assert _command("final", 3, 7, False, ("f01",)) == "smartaward assign --round final --per-entry 3 --seed 7 --replace f01"


# -- the scaffold's README: what a pip user has --------------------------------------------------------

def _readme(tmp_path: Path) -> str:
    assert run("init", tmp_path / "prize").exit_code == 0
    return (tmp_path / "prize" / "README.md").read_text(encoding="utf-8")


def test_the_scaffold_readme_links_to_no_docs_folder(tmp_path):
    text = _readme(tmp_path)
    assert "docs/" not in text
    for target in re.findall(r"\]\(([^)]*)\)", text):
        assert re.match(r"https://", target), target  # no relative link: a pip user has no docs/ beside the cycle


def test_the_scaffold_readme_links_to_no_package_index_page(tmp_path):
    """It linked https://pypi.org/project/smartaward/, a name the project may not own: it names the
    commands that explain smartaward instead."""
    text = _readme(tmp_path)
    assert "pypi.org" not in text and not re.findall(r"\]\(([^)]*)\)", text.split("\n\n", 2)[1])
    intro = " ".join(text.split("\n\n", 2)[1].split())
    assert "`smartaward --help`" in intro and "explain-code" in intro and "`smartaward schema`" in intro


def test_every_command_the_scaffold_readme_names_exists(tmp_path):
    text = _readme(tmp_path)
    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    named = [shlex.split(line.split("#")[0]) for block in blocks for line in block.splitlines() if line.split("#")[0].strip()]
    assert all(words[0] == "smartaward" for words in named)
    subcommands = [words[1] for words in named if len(words) > 1 and not words[1].startswith("-")]
    assert set(subcommands) >= {"validate", "rank", "winners", "stats", "explain-code", "schema"}
    for name in subcommands:
        assert name in commands and run(name, "--help").exit_code == 0, name
    # the help it names needs no cycle: each line runs as written
    for words in named:
        if words[1:2] in (["explain-code"], ["schema"]) or words[-1] == "--help":
            result = run(*words[1:])
            assert result.exit_code == 0 and result.stdout, (words, result.stderr)


def test_the_scaffold_readme_commands_run_in_the_new_cycle(tmp_path):
    text = _readme(tmp_path)
    block = re.findall(r"```sh\n(.*?)```", text, flags=re.S)[0]
    for line in block.splitlines():
        command = line.split("#")[0].strip()
        if command:
            done = _shell(command, tmp_path / "prize")
            assert done.returncode == 0, (command, done.stderr)


# -- "did you mean" for ids given on the command line ----------------------------------------------------

MISUSE = [
    (["explain", "bandung-green-schoolyard", str(SAMPLE), "-q"], "did you mean 'bandung-green-schoolyards'"),
    (["explain", "Bandung Green Schoolyards", str(SAMPLE), "-q"], "did you mean 'bandung-green-schoolyards'"),
    (["progress", str(SAMPLE), "--round", "finl", "-q"], "did you mean 'final'"),
    (["packets", str(SAMPLE), "--round", "evalution", "--to", "{tmp}", "-q"], "did you mean 'evaluation'"),
    (["packets", str(SAMPLE), "--round", "final", "--judge", "f1", "--to", "{tmp}", "-q"], "did you mean 'f01' (Eleanor Hartley)"),
    (["assign", str(SAMPLE), "--round", "finl", "--per-entry", "3", "-n", "-q"], "did you mean 'final'"),
    (["assign", str(SAMPLE), "--round", "final", "--per-entry", "5", "--replace", "Ji-eun Han", "-n", "-q"], "did you mean 'j01' (Ji-eun Han)"),
    (["feedback", str(SAMPLE), "--entry", "seoul-ev-charge", "--to", "{tmp}", "-q"], "did you mean 'seoul-ev-charging'"),
    (["explain-code", "M31"], "did you mean 'M310' (pair-repeated) or 'M301' (mark-out-of-scale)"),
    (["explain-code", "mark-out-of-scal"], "did you mean 'M301' (mark-out-of-scale)"),
]


@pytest.mark.parametrize(("args", "hint"), MISUSE, ids=lambda v: " ".join(v[:1] + v[-4:]) if isinstance(v, list) else None)
def test_an_unknown_id_gets_the_nearest_ones_and_exit_2(tmp_path, args, hint):
    result = run(*[a.replace("{tmp}", str(tmp_path / "out")) for a in args])
    assert result.exit_code == 2, result.stderr
    assert hint in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()  # nothing written


def test_an_id_with_nothing_near_lists_what_there_is():
    result = run("progress", SAMPLE, "--round", "zzz", "-q")
    assert result.exit_code == 2
    assert "the rounds: 'eligibility', 'evaluation', 'final'" in result.stderr, result.stderr


def test_schema_names_its_kinds():
    result = run("schema", "cycel")
    assert result.exit_code == 2
    assert all(kind in result.output for kind in ("cycle", "entry", "judges", "scores", "assignments"))


# -- judges -t with the terminal table; help that names the formats it means ------------------------

@pytest.mark.parametrize("table, header", [("disagreements", "entry"), ("panels", "alpha"), ("by-panel", "kind"),
                                           ("judges", "judge")])
def test_judges_table_with_t_prints_that_table_alone(table, header):
    """`judges -t disagreements` with the default format exited 2: the terminal table now shows the
    rows of that one table (the call and round by their titles), and nothing of the others."""
    done = run("judges", SAMPLE, "-t", table, "-q", "--no-cache")
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[0].startswith(f"{table} (seoul-smart-city-2024)")
    words = re.sub(r"[│┃]", " ", done.stdout)  # a long cell folds over lines (the table is 160 columns wide off a terminal)
    assert all(word in words for word in header.split()), header
    assert "judges and panel agreement" not in done.stdout  # not the whole view
    if table in ("disagreements", "panels"):
        assert "Project" in words  # the call by its title (folded in a narrow column)


def test_judges_table_disagreements_rows_are_csv_rows():
    csv_rows = list(csv.DictReader(io.StringIO(run("judges", SAMPLE, "-t", "disagreements", "-f", "csv", "-q").stdout)))
    shown = run("judges", SAMPLE, "-t", "disagreements", "-q").stdout
    entries = "".join(line.split("│")[3].strip() for line in shown.splitlines() if line.count("│") > 3)  # folded cells joined
    assert csv_rows and all(row["entry"] in entries for row in csv_rows)


def test_judges_json_still_refuses_t():
    refused = run("judges", SAMPLE, "-t", "disagreements", "-f", "json", "--no-cache")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert "--table applies only to --format table, csv, md, rst, latex, html and grid, not to json" in refused.output


def _help_of(*command: str) -> str:
    return " ".join(run(*command, "--help", env={"COLUMNS": "400"}).stdout.split())


@pytest.mark.parametrize("command", [("status",), ("explain",), ("assign",), ("packets",), ("progress",), ("certify",),
                                     ("verify",), ("cache", "info")])
def test_every_report_help_names_exactly_its_formats(command):
    """`status --help` said "text or json" while its choices are text|json|md."""
    from smartaward.render.registry import formats

    shown = _help_of(*command)
    kind = {"status": "status", "explain": "explain", "assign": "assignment", "packets": "packets", "progress": "progress",
            "certify": "certificate", "verify": "certificate", "cache": "cache"}[command[0]]
    said = re.search(r"--format <([a-z|]+)> ([^\[]*)\[", shown)
    assert said, shown
    assert said.group(1) == "|".join(formats(kind))
    assert re.findall(r"\b(text|json|md)\b", re.sub(r"\([^)]*\)", "", said.group(2))) == list(formats(kind)), said.group(2)


def test_stats_top_help_names_every_format_that_takes_it():
    shown = _help_of("stats")
    top = shown.split("--top N", 1)[1].split("[default", 1)[0]
    for fmt in ("table", "md", "rst", "latex", "html", "grid"):
        assert re.search(rf"\b{fmt}\b", top), (fmt, top)
    assert run("stats", SAMPLE, "--top", "2", "-f", "latex", "-q", "--no-cache").exit_code == 0


def test_init_with_year_writes_the_same_bytes_in_any_year(tmp_path, monkeypatch):
    """Without --year, init's dates follow the current year; with it, the files are reproducible
    (docs/cli.md says to give it for that)."""
    from smartaward.cli import editor

    def tree(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    for year, where in ((2026, "now"), (2040, "later")):
        monkeypatch.setattr(editor, "this_year", lambda year=year: year)
        assert run("init", tmp_path / where / "prize", "--year", "2031").exit_code == 0
        assert run("init", tmp_path / where / "default" / "prize").exit_code == 0
    assert tree(tmp_path / "now" / "prize") == tree(tmp_path / "later" / "prize")
    assert tree(tmp_path / "now" / "default" / "prize") != tree(tmp_path / "later" / "default" / "prize")
    docs = " ".join((ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split())
    assert "Give `--year` for reproducible files" in docs
