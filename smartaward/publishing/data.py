"""Results and diagnostics as plain data: the JSON documents and the rows of every table format.

These shapes are a contract (docs/cli.md): scripts read them, so keys are only ever added.
"""

from __future__ import annotations

from typing import Any

from smartaward.awards.results import Results
from smartaward.diagnostics import Diagnostic, Severity

# `pending` (added last, so that existing columns keep their places): why the row's award may still
# change, while a tie it depends on awaits the chair's decision (pending.py); empty when it is final.
WINNER_COLUMNS = ["call", "category", "award", "rank", "entry", "title", "entrant", "country", "score", "note", "pending"]
RANK_COLUMNS = ["rank", "entry", "title", "entrant", "country", "score", "judges", "award", "tie", "reason",
                "raw_score", "ineligible", "pending"]


def format_score(score: float | None) -> str:
    """A score as text: up to 6 decimals (the precision ties are decided at), no trailing zeros."""
    if score is None:
        return ""
    return f"{score:.6f}".rstrip("0").rstrip(".")


def rank_document(results: Results) -> dict[str, Any]:
    awards = results.allocation.by_entry()
    pending = results.pending.rows
    categories = []
    for ranking in results.rankings:
        rows = []
        for row in ranking.rows:
            entry = row.result.entry
            rows.append({
                "rank": row.rank,
                "entry": entry.id,
                "title": entry.title,
                "entrant": entry.entrant.name,
                "country": entry.entrant.country,
                "score": row.result.score,
                "judges": row.result.judges,
                "award": awards.get(entry.id),
                "tie": row.tie,
                "reason": row.reason,
                "raw_score": row.result.raw_score if row.result.raw_score is not None else row.result.score,
                "ineligible": row.result.ineligible,
                "pending": pending.get(entry.id),
            })
        categories.append({"call": ranking.call, "category": ranking.category, "ranking": rows, "notes": ranking.notes})
    return {"cycle": results.cycle, "categories": categories}


def winner_rows(results: Results) -> list[dict[str, Any]]:
    pending = results.pending.awards
    return [
        {
            "call": a.call,
            "category": a.category,
            "award": a.award,
            "rank": a.rank,
            "entry": a.entry.id,
            "title": a.entry.title,
            "entrant": a.entry.entrant.name,
            "country": a.entry.entrant.country,
            "score": a.score,
            "note": a.note,
            "pending": pending.get(a.entry.id),
        }
        for a in results.allocation.awards
    ]


def winners_document(results: Results) -> dict[str, Any]:
    pending = results.pending.unfilled
    unfilled = [
        {"call": u.call, "category": u.category, "award": u.award, "slots": u.slots, "reason": u.reason,
         "pending": pending.get((u.call, u.category, u.award))}
        for u in results.allocation.unfilled
    ]
    return {"cycle": results.cycle, "winners": winner_rows(results), "unfilled": unfilled}


def diagnostics_document(diagnostics: list[Diagnostic], files: int) -> dict[str, Any]:
    """`validate --format json`: its JSON Schema ships as smartaward/schemas/diagnostics.schema.json."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    return {
        "version": 1,
        "status": "error" if errors else "ok",
        "summary": {"files": files, "errors": errors, "warnings": len(diagnostics) - errors},
        "diagnostics": [d.as_dict() for d in diagnostics],
    }
