"""rank and winners in every table format: tabulate's md, rst, latex, html and grid, and CSV.

Titles are the user's text: a title that a spreadsheet would run as a formula is neutralised in
CSV (a leading '), and every cell of the html table is escaped.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cyclefiles import copy_base
from helpers import run
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from smartaward.text.cells import neutralise

HOSTILE = '=HYPERLINK("http://evil.example","<script>alert(1)</script>")'


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = copy_base(tmp_path / "cycle")
    path = root / "entries" / "oslo-bikes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: City bikes for all", f"title: '{HOSTILE}'"), encoding="utf-8")
    return root


@pytest.mark.parametrize("command", ["rank", "winners"])
@pytest.mark.parametrize("format, marker", [("md", "|"), ("rst", "==="), ("latex", "\\begin{tabular}"),
                                            ("html", "<table>"), ("grid", "+---")])
def test_every_table_format_lists_every_row(hostile, command, format, marker):
    expected = json.loads(run(command, str(hostile), "-f", "json").stdout)
    rows = (expected["winners"] if command == "winners"
            else [r for c in expected["categories"] for r in c["ranking"]])
    result = run(command, str(hostile), "-f", format)
    assert result.exit_code == 0, result.output
    assert marker in result.stdout
    for row in rows:
        assert row["entry"] in result.stdout


def test_csv_neutralises_a_formula_title_and_keeps_numbers(hostile):
    result = run("rank", str(hostile), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    row = next(r for r in rows if r["entry"] == "oslo-bikes")
    assert row["title"] == "'" + HOSTILE
    assert all(r["score"] == "" or float(r["score"]) >= 0 for r in rows)


def test_html_table_escapes_every_cell(hostile):
    result = run("rank", str(hostile), "-f", "html")
    assert "<script>" not in result.stdout
    assert "&lt;script&gt;" in result.stdout


@pytest.mark.parametrize("text, safe", [
    ("=1+1", "'=1+1"), ("+31 20", "'+31 20"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Seoul", "Seoul"), ("", ""), ("a=b", "a=b"),
])
def test_neutralise(text, safe):
    assert neutralise(text) == safe


def test_csv_numbers_are_never_neutralised():
    from smartaward.render.tables import to_csv

    text = to_csv([{"entry": "-a", "score": -1.5, "rank": -2}], ["entry", "score", "rank"])
    assert text.splitlines()[1] == "'-a,-1.5,-2"


def test_markdown_cells_keep_their_text(tmp_path):
    """A `|` would add a column, `&amp;` would show as `&`, `<b>` would be markup: all escaped."""
    root = copy_base(tmp_path / "cycle")
    path = root / "entries" / "oslo-bikes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: City bikes for all", "title: 'Bikes | buses &amp; <b>trams</b>'"), encoding="utf-8")
    result = run("rank", str(root), "-f", "md")
    assert result.exit_code == 0, result.output
    header, rule, *rows = result.stdout.splitlines()
    columns = header.count("|") - header.count("\\|")
    assert all(row.count("|") - row.count("\\|") == columns for row in rows)
    assert "Bikes \\| buses \\&amp; \\<b\\>trams\\</b\\>" in result.stdout


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=8), min_size=1, max_size=4),
       st.lists(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12),
                         min_size=4, max_size=4), max_size=6))
def test_github_table_is_what_tabulate_writes(headers, body):
    """md tables are written directly (tabulate is slow on big tables) but must stay byte-identical
    to tabulate's github format, which they replaced."""
    from tabulate import tabulate

    from smartaward.render.tables import github_table

    headers = [h.strip() or "h" for h in headers]
    body = [row[:len(headers)] for row in body]
    assume(all("\t" not in t and "\n" not in t for t in headers + [c for row in body for c in row]))
    expected = tabulate(body, headers=headers, tablefmt="github", disable_numparse=True)
    assert github_table(headers, body) == expected
