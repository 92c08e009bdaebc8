"""Small builders for unit tests of scoring, ranking and awards (no files needed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from smartaward.judging.scoring import EntryScore, Line
from smartaward.model.cyclefiles import CycleFile, Entry


def entry(entry_id: str, *, entrant: str | None = None, type: str = "city", country: str = "KR",
          call: str = "project", category: str = "people") -> Entry:
    return Entry.model_validate({
        "id": entry_id,
        "call": call,
        "category": category,
        "title": f"Title of {entry_id}",
        "entrant": {"name": entrant or f"Entrant {entry_id}", "type": type, "country": country},
        "submitted": "2025-01-01",
    })


def scored(entry_id: str, score: float | None, *, reason: str | None = None, means: dict[str, float] | None = None,
           **kwargs: Any) -> EntryScore:
    result = EntryScore(entry(entry_id, **kwargs), score=score, reason=reason, criterion_means=means or {})
    result.lines = {"j1": Line("j1", 0, score, total=score or 0.0)}
    return result


def cycle_spec(categories: dict[str, dict[str, Any]], *, one_award_per: str | None = "entrant",
               calls: dict[str, Any] | None = None) -> CycleFile:
    """A cycle.yaml with one scored call `project` holding the given categories' award slots."""
    data: dict[str, Any] = {
        "cycle": "test",
        "title": "Test",
        "rules": {"one_award_per": one_award_per} if one_award_per else {},
        "calls": calls or {
            "project": {
                "title": "Projects",
                "criteria": {"impact": {"title": "Impact"}},
                "categories": {cid: {"title": cid, "awards": awards} for cid, awards in categories.items()},
            }
        },
    }
    return CycleFile.model_validate(data)


__all__ = ["entry", "scored", "cycle_spec", "date"]
