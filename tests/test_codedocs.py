"""The diagnostics catalogue: every code documented with a failing and a passing example, the
generated docs/diagnostics.md up to date, and `smartaward explain-code` printing an entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from smartaward.cli.app import app
from smartaward.codedocs import all_docs
from smartaward.codedocs.render import code_text, markdown
from smartaward.diagnostics import CATALOGUE, FAMILIES

DOCS = Path(__file__).resolve().parent.parent / "docs" / "diagnostics.md"
runner = CliRunner()


def test_every_code_has_a_paragraph_and_both_examples():
    docs = all_docs()
    assert set(docs) == set(CATALOGUE)
    for code, doc in docs.items():
        assert len(doc.text.split()) >= 20, code
        assert doc.bad.text.strip() and doc.good.text.strip(), code
        assert (doc.bad.file, doc.bad.text) != (doc.good.file, doc.good.text), code  # F003: only the name differs


def test_every_code_belongs_to_a_family():
    assert {code[0] for code in CATALOGUE} <= set(FAMILIES)


def test_docs_diagnostics_md_is_generated_from_the_code():
    assert DOCS.read_text(encoding="utf-8") == markdown(), "run: python -m smartaward.codedocs > docs/diagnostics.md"


@pytest.mark.parametrize("asked", ["M301", "m301", "mark-out-of-scale"])
def test_explain_code_prints_the_entry(asked):
    result = runner.invoke(app, ["explain-code", asked])
    assert result.exit_code == 0, result.output
    assert result.stdout == code_text("M301")
    assert result.stdout.startswith("M301 mark-out-of-scale (error)")
    assert all_docs()["M301"].bad.text.splitlines()[0].strip() in result.stdout


def test_explain_code_of_an_unknown_code_is_misuse_with_a_suggestion():
    result = runner.invoke(app, ["explain-code", "M3011"])
    assert result.exit_code == 2
    assert "M301" in result.output and "Traceback" not in result.output
