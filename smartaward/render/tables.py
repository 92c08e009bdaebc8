"""Rows → CSV, Markdown (tabulate) and JSON text. Output is byte-stable for the same rows."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .data import format_score


def _cell(column: str, value: Any) -> str:
    if column in ("score", "raw_score"):
        return format_score(value)
    return "" if value is None else str(value)


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(c, row.get(c)) for c in columns])
    return out.getvalue()


def to_markdown(rows: list[dict[str, Any]], columns: list[str]) -> str:
    from tabulate import tabulate  # only the md format pays for importing tabulate

    body = [[_cell(c, row.get(c)) for c in columns] for row in rows]
    return tabulate(body, headers=columns, tablefmt="github", disable_numparse=True) + "\n"


def to_json(document: Any) -> str:
    """Indented JSON with every flat object (a row) on one line: readable, diff-friendly, and
    written by the C encoder — json's indent mode is pure Python, 10× slower on 100k rows."""
    return _json(document, "") + "\n"


def _is_flat(value: Any) -> bool:
    return not isinstance(value, (dict, list)) or not any(isinstance(v, (dict, list)) for v in
                                                           (value.values() if isinstance(value, dict) else value))


def _json(value: Any, pad: str) -> str:
    if _is_flat(value):
        return json.dumps(value, ensure_ascii=False)
    inner = pad + "  "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    return "[\n" + ",\n".join(inner + _json(v, inner) for v in value) + f"\n{pad}]"
