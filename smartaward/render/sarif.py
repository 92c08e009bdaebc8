"""Diagnostics as SARIF 2.1.0, for code-scanning tools (GitHub code scanning, IDE viewers).

One run; the driver lists, as rules, every catalogue code that the results use (in code order),
each result points at its rule by id and index. Columns are Unicode characters, 1-based, as
everywhere in smartaward: the run says so (`columnKind: unicodeCodePoints`). A problem about a
whole file (line 0) has no region. Output is deterministic: the same diagnostics give the same bytes.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from smartaward import __version__
from smartaward.diagnostics import CATALOGUE, Diagnostic

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def anchor(code: str) -> str:
    """The heading anchor of a code in docs/diagnostics.md (`### M301 mark-out-of-scale`)."""
    return f"{code.lower()}-{CATALOGUE[code].name}"


def artifact_uri(file: str) -> str:
    """The file as shown, with forward slashes, percent-encoded where a URI needs it."""
    return quote(file.replace("\\", "/"), safe="/-._~!$&'()*+,;=@")


def _rule(code: str) -> dict[str, Any]:
    entry = CATALOGUE[code]
    return {
        "id": code,
        "name": entry.name,
        "shortDescription": {"text": entry.title},
        "help": {"text": f"See docs/diagnostics.md#{anchor(code)}, or run: smartaward explain-code {code}"},
        "defaultConfiguration": {"level": entry.severity.value},
    }


def _result(d: Diagnostic, index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(d.file)}}
    if d.line:
        physical["region"] = {"startLine": d.line, **({"startColumn": d.column} if d.column else {})}
    return {
        "ruleId": d.code,
        "ruleIndex": index,
        "level": d.severity.value,
        "message": {"text": d.message},
        "locations": [{"physicalLocation": physical}],
    }


def sarif_document(diagnostics: list[Diagnostic]) -> dict[str, Any]:
    codes = sorted({d.code for d in diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "smartaward", "version": __version__, "rules": [_rule(c) for c in codes]}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(d, index[d.code]) for d in diagnostics],
        }],
    }
