"""The output registry (render/registry.py): the one place that maps a document and --format to a
renderer. Each command offers exactly its kind's formats, and a format added there reaches the
command line — its choices, its --help and its output — with no other change."""

from __future__ import annotations

import subprocess
import sys
from enum import Enum
from pathlib import Path

import pytest
import typer

from smartaward.cli.app import app
from smartaward.publishing.documents import FILE_NAMES, FORMATS
from smartaward.render.registry import FILE_FORMATS, REGISTRY, formats

BASE = Path(__file__).resolve().parent / "cases" / "base"

# command (as typed) → the kind of document it prints
KINDS = {
    ("validate",): "diagnostics", ("rank",): "rankings", ("winners",): "winners", ("explain",): "explain",
    ("judges",): "judges", ("stats",): "stats", ("import",): "import", ("cache", "info"): "cache",
    ("status",): "status", ("verify",): "certificate", ("diff",): "changes", ("assign",): "assignment", ("progress",): "progress",
    ("packets",): "packets",
}


def _command(path: tuple[str, ...]):  # noqa: ANN202 - a click command
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


@pytest.mark.parametrize("path", list(KINDS), ids=" ".join)
def test_each_command_offers_exactly_its_kinds_formats(path: tuple[str, ...]) -> None:
    option = next(p for p in _command(path).params if "--format" in p.opts)
    annotation = option.type_descriptor.annotation  # the Enum typer offers the choices of
    choices = next(a for a in (*getattr(annotation, "__args__", ()), annotation) if isinstance(a, type) and issubclass(a, Enum))
    assert tuple(member.value for member in choices) == formats(KINDS[path])


def test_every_kind_of_document_has_a_command() -> None:
    assert set(KINDS.values()) | {"compare"} == set(REGISTRY)  # compare: rank --compare, rank's formats
    assert formats("compare") == formats("rankings")


def test_the_export_formats_are_the_publications() -> None:
    assert FILE_FORMATS == FORMATS == tuple(FILE_NAMES)
    assert next(p for p in _command(("export",)).params if "--format" in p.opts).metavar == "FORMAT"


def test_a_format_added_to_the_registry_reaches_the_command_line() -> None:
    """One place: a tab-separated renderer registered for rankings is offered by `rank`, listed in
    its --help, and used, without touching the command."""
    code = f"""
import sys
from smartaward.render import registry

def tsv(results, output):
    from smartaward.publishing.data import rank_document
    for category in rank_document(results)["categories"]:
        for row in category["ranking"]:
            output.stream.write(f"{{row['rank']}}\\t{{row['entry']}}\\n")

registry.REGISTRY["rankings"]["tsv"] = tsv
from smartaward.cli.app import app
try:
    app(["rank", {str(BASE)!r}, "--format", "tsv", "--no-cache", "--quiet"])
except SystemExit as stop:
    assert not stop.code, stop.code
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0] == "1\tbaguio-health"
    helped = subprocess.run([sys.executable, "-c", code.replace('"--format", "tsv", "--no-cache", "--quiet"', '"--help"')],
                            capture_output=True, text=True, check=True).stdout
    assert "tsv" in helped
