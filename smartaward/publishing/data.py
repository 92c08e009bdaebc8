"""Results and diagnostics as plain data: the JSON documents and the rows of every table format.

These shapes are a contract (docs/cli.md): scripts read them, so keys are only ever added.

The documents of rank, winners and status are also kept in the cache (publishing/published.py):
each function here takes the results, or the `Published` documents made of them, and gives the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from smartaward.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:  # the models and the judging are not imported to print documents already made
    from smartaward.awards.results import Results
    from smartaward.awards.titles import Titles

# `pending` (added last, so that existing columns keep their places): why the row's award may still
# change, while a tie it depends on awaits the chair's decision (pending.py); empty when it is final.
# `status` (added last too): `final` or `provisional` on every row, the status of the whole result
# (status.py); the JSON documents carry it once, with the open items.
# `call_title`, `category_title`, `award_title` (added last too, issue 15): the titles cycle.yaml gives
# the row's call, category and award slot (empty where it gives none). Text tables for people fold
# each into its id's column, "Climate and environment (climate)" (render/tables.py); CSV, the
# workbook and JSON keep the ids where they were and carry the titles beside them.
TITLE_COLUMNS = ["call_title", "category_title", "award_title"]
WINNER_COLUMNS = ["call", "category", "award", "rank", "entry", "title", "entrant", "country", "score", "note", "pending", "status",
                  *TITLE_COLUMNS]
RANK_COLUMNS = ["rank", "entry", "title", "entrant", "country", "score", "judges", "award", "tie", "reason",
                "raw_score", "ineligible", "pending", "status", *TITLE_COLUMNS]


def format_score(score: float | None) -> str:
    """A score as text: up to 6 decimals (the precision ties are decided at), no trailing zeros."""
    if score is None:
        return ""
    return f"{score:.6f}".rstrip("0").rstrip(".")


class Made(Protocol):
    """The documents made before (publishing/published.py's Published, perhaps kept in the cache):
    the functions below give them as they are. A protocol, as published.py imports this module."""

    @property
    def rankings(self) -> dict[str, Any] | None: ...  # None: not read (winners and status need none)

    @property
    def winners(self) -> dict[str, Any]: ...

    @property
    def status(self) -> dict[str, Any] | None: ...


def _made(results: Results | Made) -> Made | None:
    """The documents, if `results` is made of them rather than results to make them of: told apart
    by their winners, a document (a dict), which Results do not have."""
    return cast("Made", results) if isinstance(getattr(results, "winners", None), dict) else None


def rank_document(results: Results | Made) -> dict[str, Any]:
    if (made := _made(results)) is not None:
        assert made.rankings is not None, "rank reads the rankings (api.published(rankings=True))"
        return made.rankings
    document = rank_columns(cast("Results", results))
    for category in document["categories"]:
        ranking = category["ranking"]
        if ranking:
            category["ranking"] = rows_of_columns(ranking["keys"], ranking["columns"])
    return document


def rows_of_columns(keys: list[str], columns: list[list[Any]]) -> list[dict[str, Any]]:
    """The rows of a ranking kept as columns (rank_columns), each a mapping of the keys in order."""
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]


def rank_columns(results: Results) -> dict[str, Any]:
    """The rankings document (rank_document) with each category's rows as columns: {"keys":
    RANK_COLUMNS, "columns": one list per key}, or [] for a category without rows. The cache keeps it
    so (published.unpacked_rankings reads it), and 100,000 rows are made faster key by key than row by
    row."""
    awards = results.allocation.by_entry()
    pending = results.pending.rows
    status = _status_name(results)
    titles = results.titles
    categories = []
    for ranking in results.rankings:
        call_title, category_title = titles.call(ranking.call), titles.category(ranking.call, ranking.category)
        rows = ranking.rows
        scores = [row.result for row in rows]
        entries = [result.entry for result in scores]
        ids = [entry.id for entry in entries]
        given = list(map(awards.get, ids))
        n = len(rows)
        columns = [
            [row.rank for row in rows], ids, [entry.title for entry in entries], [entry.entrant.name for entry in entries],
            [entry.entrant.country for entry in entries], [result.score for result in scores],
            [result.judges for result in scores], given, [row.tie for row in rows], [row.reason for row in rows],
            [result.raw_score if result.raw_score is not None else result.score for result in scores],
            [result.ineligible for result in scores], list(map(pending.get, ids)), [status] * n, [call_title] * n,
            [category_title] * n,
            [titles.award(ranking.call, ranking.category, award) if award is not None else None for award in given],
        ]
        categories.append({"call": ranking.call, "category": ranking.category,
                           "ranking": {"keys": list(RANK_COLUMNS), "columns": columns} if rows else [],
                           "notes": ranking.notes, "call_title": call_title, "category_title": category_title})
    return {"cycle": results.cycle, "categories": categories, **status_keys(results)}


def _status_name(results: Results) -> str | None:
    return None if results.status is None else results.status.name


def status_keys(results: Results) -> dict[str, Any]:
    """`status` and `open` of a document of results: nothing for results never assessed (status.py)."""
    if results.status is None:
        return {}
    return {"status": results.status.name, "open": [item_titled(item.document(), results.titles) for item in results.status.open]}


def item_titled(item: dict[str, Any], titles: Titles) -> dict[str, Any]:
    """An open item's document with the titles of its call and round added (last, issue 15)."""
    return dict(item, call_title=titles.call(item["call"]), round_title=titles.round(item["call"], item["round"]))


def status_document(results: Results | Made) -> dict[str, Any]:
    """`smartaward status --format json`: the status and every open item, per call and round."""
    if (made := _made(results)) is not None:
        assert made.status is not None
        return made.status
    results = cast("Results", results)
    assert results.status is not None
    return {"version": 1, "cycle": results.cycle, "title": results.title, **status_keys(results)}


def winner_rows(results: Results | Made) -> list[dict[str, Any]]:
    if (made := _made(results)) is not None:
        rows: list[dict[str, Any]] = made.winners["winners"]
        return rows
    results = cast("Results", results)
    pending = results.pending.awards
    status = _status_name(results)
    titles = results.titles
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
            **_titles(titles, a.call, a.category, a.award),
        }
        for a in results.allocation.awards
    ]


def _titles(titles: Titles, call: str, category: str, award: str) -> dict[str, str | None]:
    """The TITLE_COLUMNS of a row about one award slot."""
    return {"call_title": titles.call(call), "category_title": titles.category(call, category),
            "award_title": titles.award(call, category, award)}


def winners_document(results: Results | Made) -> dict[str, Any]:
    if (made := _made(results)) is not None:
        return made.winners
    results = cast("Results", results)
    pending = results.pending.unfilled
    unfilled = [
        {"call": u.call, "category": u.category, "award": u.award, "slots": u.slots, "reason": u.reason,
         "pending": pending.get((u.call, u.category, u.award)), **_titles(results.titles, u.call, u.category, u.award)}
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
