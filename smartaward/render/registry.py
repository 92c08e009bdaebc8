"""The output registry: every kind of document a command prints, the formats it offers, and the
renderer of each. A command declares its kind (`formats(kind)` gives its --format choices, so
--help and docs/cli.md list exactly these) and hands its document to `render`. Adding a format or a
kind of document touches this module only.

The renderers import what they draw with lazily, so that building the command line (for --help)
imports neither rich nor tabulate.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class Output:
    """Where a document goes, and the command's options that shape it (`quiet`; `top` for stats,
    `table` for judges, `title` for the jury's terminal tables)."""

    stream: TextIO = field(default_factory=lambda: sys.stdout)
    quiet: bool = False
    options: dict[str, Any] = field(default_factory=dict)

    def console(self) -> Console:
        from smartaward.render.console import console

        return console(stderr=self.stream is sys.stderr)


Renderer = Callable[[Any, Output], None]

TEXT_TABLES = ("md", "rst", "latex", "html", "grid")  # tabulate's formats
TABULAR = ("table", "json", "csv", *TEXT_TABLES)  # every tabular document offers these
REPORT = ("text", "json", "md")  # every report-style document offers these (validate: and github, sarif)


def _json(document: Any, output: Output) -> None:
    from smartaward.render.tables import to_json

    output.stream.write(to_json(document))


def _tabular(rows: list[dict[str, Any]], columns: list[str], fmt: str, output: Output) -> None:
    """csv, or one of tabulate's text tables (md, rst, latex, html, grid)."""
    from smartaward.render.tables import to_csv, to_text_table

    output.stream.write(to_csv(rows, columns) if fmt == "csv" else to_text_table(rows, columns, fmt))


def _each_table(rows_of: Callable[[Any, Output], tuple[list[dict[str, Any]], list[str]]]) -> dict[str, Renderer]:
    """csv and the text tables of one kind, from its rows and columns."""
    def renderer(fmt: str) -> Renderer:
        return lambda document, output: _tabular(*rows_of(document, output), fmt, output)

    return {fmt: renderer(fmt) for fmt in ("csv", *TEXT_TABLES)}


# --- validate: diagnostics ----------------------------------------------------------------------

def _diagnostics_text(report: Any, output: Output) -> None:
    """Colour (rich) for a terminal; plain lines otherwise, without even importing rich."""
    diagnostics, files = report
    if output.stream.isatty():
        from smartaward.render.text import print_diagnostics

        print_diagnostics(output.console(), diagnostics, files, quiet=output.quiet)
    else:
        from smartaward.render.plain import write_diagnostics

        write_diagnostics(output.stream, diagnostics, files, quiet=output.quiet)


def _diagnostics_json(report: Any, output: Output) -> None:
    from smartaward.publishing.data import diagnostics_document

    _json(diagnostics_document(*report), output)


def _diagnostics_github(report: Any, output: Output) -> None:
    from smartaward.render.github import write_github

    write_github(output.stream, *report, quiet=output.quiet)


def _diagnostics_sarif(report: Any, output: Output) -> None:
    from smartaward.render.sarif import sarif_document

    _json(sarif_document(report[0]), output)


# --- rank, winners, rank --compare --------------------------------------------------------------

def _rankings_table(results: Any, output: Output) -> None:
    from smartaward.render.text import print_rankings

    print_rankings(output.console(), results)


def _rankings_json(results: Any, output: Output) -> None:
    from smartaward.publishing.data import rank_document

    _json(rank_document(results), output)


def _ranking_rows(results: Any, output: Output) -> tuple[list[dict[str, Any]], list[str]]:
    from smartaward.publishing.data import RANK_COLUMNS, rank_document

    document = rank_document(results)
    rows = [dict(row, call=c["call"], category=c["category"]) for c in document["categories"] for row in c["ranking"]]
    return rows, ["call", "category", *RANK_COLUMNS]


def _winners_table(results: Any, output: Output) -> None:
    from smartaward.render.text import print_winners

    print_winners(output.console(), results)


def _winners_json(results: Any, output: Output) -> None:
    from smartaward.publishing.data import winners_document

    _json(winners_document(results), output)


def _winner_rows(results: Any, output: Output) -> tuple[list[dict[str, Any]], list[str]]:
    from smartaward.publishing.data import WINNER_COLUMNS, winner_rows

    return winner_rows(results), WINNER_COLUMNS


def _compare_table(document: Any, output: Output) -> None:
    from smartaward.render.text import print_compare

    print_compare(output.console(), document)


def _compare_rows(document: Any, output: Output) -> tuple[list[dict[str, Any]], list[str]]:
    names = document["methods"]
    rows = [{"call": c["call"], "category": c["category"], "entry": r["entry"], **{m: r["ranks"][m] for m in names}}
            for c in document["categories"] for r in c["ranking"]]
    return rows, ["call", "category", "entry", *names]


# --- explain, judges, stats, import, cache info -------------------------------------------------

def _explain_text(document: Any, output: Output) -> None:
    from smartaward.render.explain import explain_text

    output.stream.write(explain_text(document))


def _jury_table(document: Any, output: Output) -> None:
    from smartaward.render.jury import print_jury, print_one_table

    if output.options.get("only"):  # judges -t TABLE: that table alone
        print_one_table(output.console(), document, output.options["table"])
    else:
        print_jury(output.console(), document, output.options["title"])


def _jury_rows(document: Any, output: Output) -> tuple[list[dict[str, Any]], list[str]]:
    from smartaward.render.jury import table_rows

    return table_rows(document, output.options["table"])


def _jury_csv(document: Any, output: Output) -> None:
    """judges' csv, read by scripts: version 1's columns kept beside the new ones (render/jury.py)."""
    from smartaward.render.jury import table_rows

    _tabular(*table_rows(document, output.options["table"], csv=True), "csv", output)


def _stats_table(document: Any, output: Output) -> None:
    from smartaward.render.stats import print_tables

    print_tables(output.console(), document, output.options["top"])


def _stats_csv(document: Any, output: Output) -> None:
    from smartaward.render.stats import CSV_COLUMNS, csv_rows
    from smartaward.render.tables import to_csv

    output.stream.write(to_csv(csv_rows(document), CSV_COLUMNS))


def _stats_text(fmt: str) -> Renderer:
    def renderer(document: Any, output: Output) -> None:
        from smartaward.render.stats import text_document

        output.stream.write(text_document(document, output.options["top"], fmt))

    return renderer


def _import_text(outcome: Any, output: Output) -> None:
    from smartaward.render.imports import write_import

    write_import(output.stream, outcome, quiet=output.quiet)


def _import_json(outcome: Any, output: Output) -> None:
    _json(outcome.document(), output)


def _cache_text(survey: Any, output: Output) -> None:
    from smartaward.render.cache import survey_text

    output.stream.write(survey_text(survey))


def _cache_json(survey: Any, output: Output) -> None:
    _json(survey.document(), output)


def _text_of(module: str, function: str) -> Renderer:
    """A renderer that writes `module.function(document)`, a str, importing the module when used."""
    def renderer(document: Any, output: Output) -> None:
        from importlib import import_module

        output.stream.write(getattr(import_module(module), function)(document))

    return renderer


def fenced(text: str) -> str:
    """Text as a Markdown code block, to paste into an issue or a pull request as it is: a fence of
    backticks longer than any run of backticks in the text (at least three), so that nothing in
    it can close the block. Nothing for no text (a --quiet report)."""
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = text if text.endswith("\n") else text + "\n"
    return f"{fence}text\n{body}{fence}\n"


def _markdown_of(text_renderer: Renderer) -> Renderer:
    """The Markdown of a report without a Markdown renderer of its own: its text rendering (already
    one line per line, cells.one_line) in a fenced code block."""
    def renderer(document: Any, output: Output) -> None:
        buffer = io.StringIO()
        text_renderer(document, Output(buffer, output.quiet, output.options))
        output.stream.write(fenced(buffer.getvalue()))

    return renderer


def _report(text: Renderer, json: Renderer = _json, md: Renderer | None = None) -> dict[str, Renderer]:
    """The formats of every report-style document, in this order: text, json and md (its own
    Markdown, or the text in a code block)."""
    return {"text": text, "json": json, "md": md or _markdown_of(text)}


REGISTRY: dict[str, dict[str, Renderer]] = {
    # validate: (diagnostics, files checked)
    "diagnostics": {**_report(_diagnostics_text, _diagnostics_json), "github": _diagnostics_github, "sarif": _diagnostics_sarif},
    # rank and winners: their documents, Published (publishing/published.py; Results are taken too);
    # rank --compare: the comparison document
    "rankings": {"table": _rankings_table, "json": _rankings_json, **_each_table(_ranking_rows)},
    "winners": {"table": _winners_table, "json": _winners_json, **_each_table(_winner_rows)},
    "compare": {"table": _compare_table, "json": _json, **_each_table(_compare_rows)},
    "explain": _report(_explain_text),
    "judges": {"table": _jury_table, "json": _json, **_each_table(_jury_rows), "csv": _jury_csv},  # csv keeps its place
    "stats": {"table": _stats_table, "json": _json, "csv": _stats_csv, **{f: _stats_text(f) for f in TEXT_TABLES}},
    "import": _report(_import_text, _import_json),
    "cache": _report(_cache_text, _cache_json),
    # status: its document (publishing/data.py status_document)
    "status": _report(_text_of("smartaward.render.status", "status_text")),
    # assign: the objective of an assignment and its problems (smartaward/assigning/__init__.py)
    "assignment": _report(_text_of("smartaward.render.assignment", "assignment_text")),
    # certify and verify: their documents (publishing/certificate.py)
    "certificate": _report(_text_of("smartaward.render.certificate", "certificate_text")),
    # diff: the document of what changed between two versions of a cycle (publishing/changes.py)
    "changes": _report(_text_of("smartaward.render.changes", "changes_text"), md=_text_of("smartaward.render.changes", "changes_markdown")),
    # packets: the summary of the packets written (publishing/packets.py summary_document)
    "packets": _report(_text_of("smartaward.render.packets", "summary_text")),
    # progress: the judging progress per assigned round (publishing/progress.py)
    "progress": _report(_text_of("smartaward.render.judging_progress", "progress_text"),
                        md=_text_of("smartaward.render.judging_progress", "progress_markdown")),
}

# Files, not a stream: the formats of `export`, each a Publication → file name → bytes
# (render/publication.py), in the order they are written; the file names are documents.FILE_NAMES.
FileRenderer = Callable[[Any], dict[str, bytes]]


def _files(name: str) -> FileRenderer:
    def renderer(publication: Any) -> dict[str, bytes]:
        from smartaward.render import publication as files

        made: dict[str, bytes] = getattr(files, name)(publication)
        return made

    return renderer


FILE_RENDERERS: dict[str, FileRenderer] = {fmt: _files(f"{fmt}_files") for fmt in ("csv", "xlsx", "json", "md", "html")}
FILE_FORMATS = tuple(FILE_RENDERERS)


def render_files(publication: Any, asked: list[str]) -> dict[str, bytes]:
    """File name → content, for the export formats asked, in FILE_FORMATS order. Nothing is written."""
    out: dict[str, bytes] = {}
    for fmt, renderer in FILE_RENDERERS.items():
        if fmt in asked:
            out.update(renderer(publication))
    return out


# The two families of documents (README and docs/cli.md say which command prints which).
TABULAR_KINDS = ("rankings", "winners", "compare", "judges", "stats")
REPORT_KINDS = ("diagnostics", "explain", "status", "progress", "changes", "assignment", "certificate", "packets", "import", "cache")


def formats(kind: str) -> tuple[str, ...]:
    """The formats a kind of document offers, in the order --help lists them."""
    return tuple(REGISTRY[kind])


def render(kind: str, fmt: str, document: Any, output: Output | None = None) -> None:
    """Draw a document of `kind` in format `fmt` (one of `formats(kind)`) on the output."""
    REGISTRY[kind][fmt](document, output or Output())
