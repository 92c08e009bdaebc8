"""Results and diagnostics as plain data: the JSON documents and the rows of every table format.

These shapes are a contract (docs/cli.md): scripts read them, so keys are only ever added.
"""

from __future__ import annotations

from typing import Any

from smartaward.awards.results import Results
from smartaward.diagnostics import Diagnostic, Severity

# `pending` (added last, so that existing columns keep their places): why the row's award may still
# change, while a tie it depends on awaits the chair's decision (pending.py); empty when it is final.
# `status` (added last too): `final` or `provisional` on every row, the status of the whole result
# (status.py); the JSON documents carry it once, with the open items.
WINNER_COLUMNS = ["call", "category", "award", "rank", "entry", "title", "entrant", "country", "score", "note", "pending", "status"]
RANK_COLUMNS = ["rank", "entry", "title", "entrant", "country", "score", "judges", "award", "tie", "reason",
                "raw_score", "ineligible", "pending", "status"]


def format_score(score: float | None) -> str:
    """A score as text: up to 6 decimals (the precision ties are decided at), no trailing zeros."""
    if score is None:
        return ""
    return f"{score:.6f}".rstrip("0").rstrip(".")


def rank_document(results: Results) -> dict[str, Any]:
    awards = results.allocation.by_entry()
    pending = results.pending.rows
    status = _status_name(results)
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
                "status": status,
            })
        categories.append({"call": ranking.call, "category": ranking.category, "ranking": rows, "notes": ranking.notes})
    return {"cycle": results.cycle, "categories": categories, **status_keys(results)}


def _status_name(results: Results) -> str | None:
    return None if results.status is None else results.status.name


def status_keys(results: Results) -> dict[str, Any]:
    """`status` and `open` of a document of results: nothing for results never assessed (status.py)."""
    if results.status is None:
        return {}
    return {"status": results.status.name, "open": [item.document() for item in results.status.open]}


def status_document(results: Results) -> dict[str, Any]:
    """`smartaward status --format json`: the status and every open item, per call and round."""
    assert results.status is not None
    return {"version": 1, "cycle": results.cycle, "title": results.title, **status_keys(results)}


def winner_rows(results: Results) -> list[dict[str, Any]]:
    pending = results.pending.awards
    status = _status_name(results)
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
            "status": status,
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
    return {"cycle": results.cycle, "winners": winner_rows(results), "unfilled": unfilled, **status_keys(results)}


def diagnostics_document(diagnostics: list[Diagnostic], files: int) -> dict[str, Any]:
    """`validate --format json`: its JSON Schema ships as smartaward/schemas/diagnostics.schema.json."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    return {
        "version": 1,
        "status": "error" if errors else "ok",
        "summary": {"files": files, "errors": errors, "warnings": len(diagnostics) - errors},
        "diagnostics": [d.as_dict() for d in diagnostics],
    }
