"""A cycle's results as the commands print them, in plain data: computed once, then kept in the cache.

`rank`, `winners` and `status` print documents (publishing/data.py) and a few words on stderr (the
warnings line, `--final`'s open items); none of it needs the cycle itself. `Published` is exactly
that, built by `published(results)` from the computed results. Its `record()` is JSON-like data the
cache keeps (reading/cache.py, kind "results"), and `Published.from_record` takes such data back only
if it has exactly the shape `record()` gives — every key in its place, every value of a type a fresh
computation gives — so that a record made any other way is a miss (the results are then computed
afresh), never a document the renderers trip over or a result nobody computed.

This module imports neither the models nor the judging: a warm `winners` reads a record and prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smartaward.publishing.data import RANK_COLUMNS, TITLE_COLUMNS, WINNER_COLUMNS, rows_of_columns

if TYPE_CHECKING:
    from smartaward.awards.results import Results

FINAL = "final"  # = awards.status.FINAL (the status name of a result with nothing open)

Tie = tuple[str, str, tuple[str, ...], str | None]  # (call, category, entries, round): pending.Tie's fields
Slot = tuple[str, str, str]  # (call, category, award)


@dataclass(frozen=True)
class Waiting:
    """What the warnings line (render/plain.warnings_summary) reads of the results' Pending: the ties
    awaiting the chair and the award slots whose result depends on one. False when no tie waits."""

    ties: tuple[Tie, ...] = ()
    slots: tuple[Slot, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.ties)  # as Pending's


@dataclass(frozen=True)
class Published:
    """What rank, winners and status print of a cycle's results, as plain data."""

    cycle: str
    title: str
    rankings: dict[str, Any] | None  # publishing.data.rank_document; None: not read (winners and status need none)
    winners: dict[str, Any]  # publishing.data.winners_document
    status: dict[str, Any] | None  # publishing.data.status_document; None: the results were not assessed
    summary: str | None  # Status.summary(): `final`, or `provisional: 2 open items (...)`; None: not assessed
    waiting: Waiting

    @property
    def final(self) -> bool:
        """Nothing is open (or the results were not assessed): what --final lets through."""
        return self.status is None or not self.status["open"]

    def record(self) -> dict[str, Any]:
        """The data the cache keeps: JSON-like (dicts with text keys, lists, text, numbers, None). The
        cache keeps it as two records (api._keep): this without its rankings, which a ranking of
        100,000 entries makes 30 MB that `winners` and `status` need not read, and the rankings."""
        return {"cycle": self.cycle, "title": self.title, "rankings": self.rankings, "winners": self.winners,
                "status": self.status, "summary": self.summary,
                "ties": [[call, category, list(entries), round_] for call, category, entries, round_ in self.waiting.ties],
                "slots": [list(slot) for slot in self.waiting.slots]}

    @classmethod
    def from_record(cls, data: Any, rankings: bool = True) -> Published | None:
        """The Published a record holds; None unless the data is exactly of the shape `record()`
        makes (the caller then computes the results afresh), each ranking as rows or packed as the
        cache keeps it (then made into rows once checked). With `rankings` False, the record's
        rankings are None (not read) and the Published has none."""
        if type(data) is not dict or tuple(data) != _RECORD_KEYS:
            return None
        cycle, title, ranked, winners, status, summary = (data[k] for k in _RECORD_KEYS[:6])
        if not (type(cycle) is str and type(title) is str and _winners(winners) and winners["cycle"] == cycle
                and _assessed(winners, status, summary, cycle, title)):
            return None
        if rankings and not (_rankings(ranked) and ranked["cycle"] == cycle and _agrees(ranked, status)):
            return None
        if rankings:
            ranked = unpacked_rankings(ranked)  # (checked as columns: see _ranking)
        if not rankings and ranked is not None:
            return None
        ties, slots = data["ties"], data["slots"]
        if not (type(ties) is list and all(map(_tie, ties)) and type(slots) is list and all(map(_slot, slots))):
            return None
        waiting = Waiting(tuple((c, k, tuple(e), r) for c, k, e, r in ties), tuple((c, k, a) for c, k, a in slots))
        return cls(cycle, title, ranked, winners, status, summary, waiting)


def published(results: Results, rankings: bool = True) -> Published:
    """The documents rank, winners and status print of these results, and what their stderr says
    (without `rankings`, none: Published.rankings is None)."""
    from smartaward.publishing.data import rank_document, status_document, winners_document

    status = results.status
    ties = tuple((t.call, t.category, tuple(t.entries), t.round) for t in results.pending.ties)
    return Published(results.cycle, results.title, rank_document(results) if rankings else None, winners_document(results),
                     None if status is None else status_document(results), None if status is None else status.summary(),
                     Waiting(ties, tuple(results.pending.slots)))


# ---------------------------------------------------------------------------------------------
# The rankings as the cache keeps them: each category's rows as columns (data.rank_columns makes
# them). A ranking of 100,000 rows is 100,000 mappings of 17 keys to store, load and check; as 17
# lists it loads and is checked in a few passes in C (cachedata.document_data), and its rows are made
# again in one.


def unpacked_rankings(document: Any) -> Any:
    """The rankings document of a kept record, each packed category's rows made again; None if a
    packed ranking is not whole (keys and columns of one length, the keys distinct texts). What is
    not packed is left as it is: from_record decides whether it is of the right shape."""
    if type(document) is not dict or type(document.get("categories")) is not list:
        return document
    categories = []
    for category in document["categories"]:
        ranking = category.get("ranking") if type(category) is dict else None
        if type(ranking) is dict:
            rows = _rows_of_columns(ranking)
            if rows is None:
                return None
            category = {**category, "ranking": rows}
        categories.append(category)
    return {**document, "categories": categories}


def _rows_of_columns(ranking: dict[str, Any]) -> list[dict[str, Any]] | None:
    if tuple(ranking) != ("keys", "columns"):
        return None
    keys, columns = ranking["keys"], ranking["columns"]
    if not (type(keys) is list and type(columns) is list and keys and len(keys) == len(columns)):
        return None
    if not (set(map(type, keys)) == {str} and len(set(keys)) == len(keys) and set(map(type, columns)) == {list}
            and len(set(map(len, columns))) == 1):
        return None
    return rows_of_columns(keys, columns)


def as_published(results: Results | Published) -> Published:
    """The Published of results (computed now), or the Published given."""
    return results if isinstance(results, Published) else published(results)


# ---------------------------------------------------------------------------------------------
# The shape of a record: every key in the order the documents have it, every value of a type a
# fresh computation gives (generous within that: text or None, int or float or None), so that a
# genuine record never misses and nothing a renderer reads can be missing or of another kind.

_RECORD_KEYS = ("cycle", "title", "rankings", "winners", "status", "summary", "ties", "slots")

_NONE = type(None)
_ID: frozenset[type] = frozenset({str})
_TEXT: frozenset[type] = frozenset({str, _NONE})
_COUNT: frozenset[type] = frozenset({int})
_RANK: frozenset[type] = frozenset({int, _NONE})
_SCORE: frozenset[type] = frozenset({int, float, _NONE})

_RANK_TYPES: dict[str, frozenset[type]] = {"rank": _RANK, "entry": _ID, "judges": _COUNT, "score": _SCORE, "raw_score": _SCORE}
_WINNER_TYPES: dict[str, frozenset[type]] = {"call": _ID, "category": _ID, "award": _ID, "rank": _RANK, "entry": _ID, "score": _SCORE}
_UNFILLED_TYPES: dict[str, frozenset[type]] = {"call": _ID, "category": _ID, "award": _ID, "slots": _COUNT, "reason": _ID, "pending": _TEXT,
                   **dict.fromkeys(TITLE_COLUMNS, _TEXT)}
_CATEGORY_KEYS = ("call", "category", "ranking", "notes", "call_title", "category_title")
# An open item: OpenItem.document() with the titles of its call and round (data.item_titled); `entries`
# is a list of ids, checked apart.
_ITEM_TYPES: dict[str, frozenset[type]] = {"kind": _ID, "call": _TEXT, "round": _TEXT, "entries": frozenset({list}), "judge": _TEXT, "code": _TEXT,
               "file": _ID, "line": _COUNT, "column": _COUNT, "text": _ID, "call_title": _TEXT, "round_title": _TEXT}


def _columns(keys: Sequence[str], types: dict[str, frozenset[type]]) -> tuple[tuple[str, ...], tuple[frozenset[type], ...]]:
    """The keys of a row in order, and the types each may hold (text or None where `types` says nothing)."""
    return tuple(keys), tuple(types.get(key, _TEXT) for key in keys)


_RANK_ROW = _columns(RANK_COLUMNS, _RANK_TYPES)
_WINNER_ROW = _columns(WINNER_COLUMNS, _WINNER_TYPES)
_UNFILLED_ROW = _columns(list(_UNFILLED_TYPES), _UNFILLED_TYPES)
_ITEM_ROW = _columns(list(_ITEM_TYPES), _ITEM_TYPES)


def _rows(rows: Any, shape: tuple[tuple[str, ...], tuple[frozenset[type], ...]]) -> bool:
    """A list of flat dicts, each with exactly these keys in this order and values of their types
    (one C pass per row: a 10,000-entry ranking is checked in milliseconds)."""
    if type(rows) is not list:
        return False
    keys, types = shape
    contains = frozenset.__contains__
    for row in rows:
        if type(row) is not dict or tuple(row) != keys or not all(map(contains, types, map(type, row.values()))):
            return False
    return True


def _ranking(ranking: Any) -> bool:
    """A category's ranking: its rows (_rows), or as the cache keeps them, packed (data.rank_columns):
    the keys of a row in order, and a column of values of each key's types, all of one length —
    checked column by column (a few passes in C over 100,000 rows, where row by row took 0.2 s)."""
    if type(ranking) is not dict:
        return _rows(ranking, _RANK_ROW)
    if tuple(ranking) != ("keys", "columns"):
        return False
    keys, columns = ranking["keys"], ranking["columns"]
    names, types = _RANK_ROW
    return (type(keys) is list and tuple(keys) == names and type(columns) is list and len(columns) == len(names)
            and all(type(column) is list for column in columns) and len(set(map(len, columns))) == 1
            and all(allowed.issuperset(map(type, column)) for allowed, column in zip(types, columns, strict=True)))


def _texts(values: Any) -> bool:
    return type(values) is list and all(type(value) is str for value in values)


def _items(items: Any) -> bool:
    return _rows(items, _ITEM_ROW) and all(_texts(item["entries"]) for item in items)


def _status_keys(document: dict[str, Any], keys: tuple[str, ...]) -> bool:
    """The document's keys are `keys`, then `status` and `open` (an assessed result) or nothing more."""
    found = tuple(document)
    if found == keys:
        return True
    return found == (*keys, "status", "open") and type(document["status"]) is str and _items(document["open"])


def _rankings(document: Any) -> bool:
    if type(document) is not dict or not _status_keys(document, ("cycle", "categories")) or type(document["cycle"]) is not str:
        return False
    categories = document["categories"]
    if type(categories) is not list:
        return False
    for category in categories:
        if type(category) is not dict or tuple(category) != _CATEGORY_KEYS:
            return False
        if not (type(category["call"]) is str and type(category["category"]) is str and _ranking(category["ranking"])
                and _texts(category["notes"]) and type(category["call_title"]) in _TEXT and type(category["category_title"]) in _TEXT):
            return False
    return True


def _winners(document: Any) -> bool:
    return (type(document) is dict and _status_keys(document, ("cycle", "winners", "unfilled")) and type(document["cycle"]) is str
            and _rows(document["winners"], _WINNER_ROW) and _rows(document["unfilled"], _UNFILLED_ROW))


def _assessed(winners: dict[str, Any], status: Any, summary: Any, cycle: str, title: str) -> bool:
    """The status document, the summary and the winners document's status keys agree: all there, or none."""
    if status is None:
        return summary is None and "status" not in winners
    if not (type(status) is dict and tuple(status) == ("version", "cycle", "title", "status", "open") and type(summary) is str
            and status["version"] == 1 and type(status["version"]) is int and status["cycle"] == cycle and status["title"] == title
            and _status_keys(status, ("version", "cycle", "title")) and "status" in winners):
        return False
    name, open_items = status["status"], status["open"]
    return winners["status"] == name and winners["open"] == open_items and (name == FINAL) == (not open_items) == (summary == FINAL)


def _agrees(rankings: dict[str, Any], status: dict[str, Any] | None) -> bool:
    """The rankings' status keys say what the status document says (both kept apart: api._keep)."""
    if status is None:
        return "status" not in rankings
    return "status" in rankings and rankings["status"] == status["status"] and rankings["open"] == status["open"]


def _tie(tie: Any) -> bool:
    return (type(tie) is list and len(tie) == 4 and type(tie[0]) is str and type(tie[1]) is str and _texts(tie[2])
            and type(tie[3]) in _TEXT)


def _slot(slot: Any) -> bool:
    return type(slot) is list and len(slot) == 3 and all(type(part) is str for part in slot)
