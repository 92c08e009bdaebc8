"""The documents that publishing hands to the renderers: a Publication (everything `export`
writes, as rows), its Sections (one category each, as the winners page shows it), the column sets
of its tables and the files each export format writes. Plain data: both publishing/export.py, which
builds them, and render/ (html, xlsx, publication), which draws them, import this module.

What an export reveals is decided in publishing/export.py, before anything reaches a renderer: a
Publication holds the marks only when they were asked for (`include`), and every judge in it is
already shown as the output may show them (docs/security.md, "What each output reveals").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smartaward.publishing.data import RANK_COLUMNS, TITLE_COLUMNS

# The files each format may write in the export folder (fixed names: a re-export replaces them);
# MARK_FILES only with `--include marks` (`export_names`).
FILE_NAMES: dict[str, tuple[str, ...]] = {
    "csv": ("winners.csv", "rankings.csv", "marks.csv"),
    "xlsx": ("results.xlsx",),
    "json": ("results.json",),
    "md": ("results.md",),
    "html": ("index.html",),
}
FORMATS = tuple(FILE_NAMES)  # the export formats, in the order they are written (render/registry.py)
MARK_FILES = ("marks.csv",)  # files that hold nothing but judges' marks
# What `export --include` may add to the public files: every judge's marks (judges as pseudonyms),
# and the judges' ids in them (a judge marked `public: false` keeps the pseudonym).
INCLUDES = ("marks", "judges")
RANKING_COLUMNS = ["call", "category", *RANK_COLUMNS]
# The titles last (issue 15), as in data.py: text tables fold them into their ids' columns.
MARK_COLUMNS = ["call", "round", "judge", "entry", "criterion", "mark", "counted", "excluded", "code",
                "call_title", "round_title", "criterion_title"]
UNFILLED_COLUMNS = ["call", "category", "award", "slots", "reason", "pending", *TITLE_COLUMNS]
# The open items of a provisional result (awards/status.py), one row each (the workbook's Status sheet).
STATUS_COLUMNS = ["kind", "call", "round", "entries", "judge", "code", "file", "line", "column", "text", "call_title", "round_title"]


def export_names(formats: list[str], include: tuple[str, ...] = ()) -> list[str]:
    """The files an export of these formats writes: marks.csv only when the marks are included."""
    return [name for f in formats for name in FILE_NAMES[f] if "marks" in include or name not in MARK_FILES]


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
    marks: list[dict[str, Any]]  # every judge's marks, judges as they may be shown; [] unless included
    sections: list[Section]
    provisional: str | None = None  # why the results may still change (pending.py, status.py); None: final
    include: tuple[str, ...] = ()  # what was asked for beyond the public files (INCLUDES)
    status: str | None = None  # "final" or "provisional"; None for results never assessed (status.py)
    open: list[dict[str, Any]] = field(default_factory=list)  # the open items, judges as they may be shown

    @property
    def with_marks(self) -> bool:
        """Whether the marks were asked for (`--include marks`): only then is any file of marks written."""
        return "marks" in self.include

    @property
    def rankings(self) -> list[dict[str, Any]]:
        """Every category's ranking in one table, with call and category columns."""
        return [dict(row, call=c["call"], category=c["category"]) for c in self.categories for row in c["ranking"]]

    def document(self) -> dict[str, Any]:
        """results.json: winners as `winners --format json`, categories as `rank --format json`;
        `marks` is null unless included (not an empty list: that would say no judge marked anything),
        `include` says what was; `status` and `open` as in `winners --format json`."""
        document: dict[str, Any] = {"cycle": self.cycle, "title": self.title, "winners": self.winners, "unfilled": self.unfilled,
                    "categories": self.categories, "marks": self.marks if self.with_marks else None,
                                    "include": list(self.include)}
        if self.status is not None:
            document.update(status=self.status, open=self.open)
        return document

    def status_rows(self) -> list[dict[str, Any]]:
        """The open items as table rows (STATUS_COLUMNS): the entries in one cell, an unknown place empty."""
        return [dict(item, entries=", ".join(item["entries"]), file=item["file"] or None, line=item["line"] or None,
                     column=item["column"] or None) for item in self.open]


def award_title(award: str, title: str | None) -> str:
    """An award's name: its title in cycle.yaml, else its id in words (silver-medal → Silver medal)."""
    if title:
        return title
    words = award.replace("-", " ").replace("_", " ")
    return words[:1].upper() + words[1:]
