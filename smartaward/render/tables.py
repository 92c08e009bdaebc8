"""Rows → CSV, Markdown (tabulate) and JSON text. Output is byte-stable for the same rows."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .data import format_score


def _cell(column: str, value: Any) -> str:
    if column == "score":
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
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
