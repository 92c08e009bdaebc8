"""The documents that publishing hands to the renderers: a Publication (everything `export`
writes, as rows), its Sections (one category each, as the winners page shows it), the column sets
of its tables and the files each export format writes. Plain data: both publishing/export.py, which
builds them, and render/ (html, xlsx, publication), which draws them, import this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smartaward.publishing.data import RANK_COLUMNS

# The files each format writes in the export folder (fixed names: a re-export replaces them).
FILE_NAMES: dict[str, tuple[str, ...]] = {
    "csv": ("winners.csv", "rankings.csv", "marks.csv"),
    "xlsx": ("results.xlsx",),
    "json": ("results.json",),
    "md": ("results.md",),
    "html": ("index.html",),
}
FORMATS = tuple(FILE_NAMES)  # the export formats, in the order they are written (render/registry.py)
RANKING_COLUMNS = ["call", "category", *RANK_COLUMNS]
MARK_COLUMNS = ["call", "round", "judge", "entry", "criterion", "mark", "counted", "excluded", "code"]
UNFILLED_COLUMNS = ["call", "category", "award", "slots", "reason", "pending"]


@dataclass
class Section:
    """One category of one call, as the winners page shows it."""

    call: str
    call_title: str
    category: str
    title: str
    designated: bool
    award_titles: dict[str, str]  # award id → its name, in order of precedence
    winners: list[dict[str, Any]]  # winner_rows of this category
    unfilled: list[dict[str, Any]]
    ranking: list[dict[str, Any]]  # rank_document rows (ranked ones first)
    notes: list[str] = field(default_factory=list)


@dataclass
class Publication:
    """Everything an export writes, as rows."""

    cycle: str
    title: str
    organiser: str | None
    winners: list[dict[str, Any]]
    unfilled: list[dict[str, Any]]
    categories: list[dict[str, Any]]  # rank_document's categories
    marks: list[dict[str, Any]]
    sections: list[Section]
    provisional: str | None = None  # why some results may still change (pending.py); None: all final

    @property
    def rankings(self) -> list[dict[str, Any]]:
        """Every category's ranking in one table, with call and category columns."""
        return [dict(row, call=c["call"], category=c["category"]) for c in self.categories for row in c["ranking"]]

    def document(self) -> dict[str, Any]:
        """results.json: winners as `winners --format json`, categories as `rank --format json`."""
        return {"cycle": self.cycle, "title": self.title, "winners": self.winners, "unfilled": self.unfilled,
                "categories": self.categories, "marks": self.marks}


def award_title(award: str, title: str | None) -> str:
    """An award's name: its title in cycle.yaml, else its id in words (silver-medal → Silver medal)."""
    if title:
        return title
    words = award.replace("-", " ").replace("_", " ")
    return words[:1].upper() + words[1:]
