"""What `smartaward export` publishes: the winners, every category's full ranking and every raw
mark, as plain rows, and the files (CSV, XLSX, JSON, Markdown, an HTML page) made from them.

The rows come from render/data.py (`winner_rows`, `rank_document`: the same shapes as `winners`
and `rank --format json`), so an export can never disagree with those commands. The marks are read
from what scoring recorded (as explain.py does): one row per mark a judge wrote, with whether it
counted and, if not, why (a conflict, an observer, a trim...).

The document types (Publication, Section, the column sets) are in documents.py, which the
renderers import too; render/publication.py turns a Publication into the files.

Output is byte-stable: rows follow cycle.yaml's order of calls, rounds and criteria, then entry and
judge ids; nothing carries a timestamp. Rendering happens in memory before anything is written, so a
failure while rendering changes no file; each file is then replaced atomically (atomic.py).
Spreadsheet text cells are neutralised against formula injection (cells.py); HTML text is escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from smartaward.awards.results import Results
from smartaward.publishing.data import rank_document, winners_document
from smartaward.publishing.documents import Publication, Section, award_title
from smartaward.reading.load import Cycle


def publication(cycle: Cycle, results: Results) -> Publication:
    spec = cycle.spec
    assert spec is not None, "export needs a cycle that passed validation"
    winners = winners_document(results)
    categories = rank_document(results)["categories"]
    ranked = {(c["call"], c["category"]): c for c in categories}
    sections = []
    for call_id, call in spec.calls.items():
        for category_id, category in call.categories.items():
            key = (call_id, category_id)
            document = ranked.get(key, {"ranking": [], "notes": []})
            sections.append(Section(
                call=call_id, call_title=call.title, category=category_id, title=category.title,
                designated=call.judging == "designated",
                award_titles={a: award_title(a, slot.title) for a, slot in category.awards.items()},
                winners=[w for w in winners["winners"] if (w["call"], w["category"]) == key],
                unfilled=[u for u in winners["unfilled"] if (u["call"], u["category"]) == key],
                ranking=document["ranking"], notes=list(document["notes"]),
            ))
    return Publication(results.cycle, results.title, spec.organiser, winners["winners"], winners["unfilled"],
                       categories, mark_rows(cycle, results), sections, provisional(results))


def provisional(results: Results) -> str | None:
    """The sentence that says a publication is not final yet, or None when it is: what waits on
    which tie (the banner of the winners page and of results.md)."""
    pending = results.pending
    if not pending.slots:
        return None
    ties = len(pending.deciding)
    return (f"the results marked pending may still change: {'a tie awaits' if ties == 1 else f'{ties} ties await'} "
            f"the chair's decision ({'; '.join(tie.describe() for tie in pending.deciding)}).")


def mark_rows(cycle: Cycle, results: Results) -> list[dict[str, Any]]:
    """One row per mark a judge wrote on an entry of a scored call, in every round it was read in.

    `counted` says whether the mark went into the score; `excluded` says why not: the panel's
    reason for leaving the judge's line out (conflict, observer, not a judge of the call...) or
    `trimmed (highest)` for a mark dropped by a trimmed aggregation; `code` the diagnostic, if any.
    """
    spec = cycle.spec
    assert spec is not None
    call_order = {call_id: i for i, call_id in enumerate(spec.calls)}
    round_order: dict[tuple[str, str | None], int] = {(call_id, r): i for call_id, call in spec.calls.items() for i, r in enumerate(call.rounds)}
    criterion_order = {call_id: {c: i for i, c in enumerate(call.criteria)} for call_id, call in spec.calls.items()}
    rows: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for final in results.scores.values():
        entry = final.entry
        order = criterion_order.get(entry.call, {})
        for stage in (final.stages or [final]) + final.unreached:
            for judge_id, line in stage.lines.items():
                key = (call_order.get(entry.call, len(call_order)), round_order.get((entry.call, stage.round), -1),
                       entry.id, judge_id)
                trimmed = line.trimmed or []
                if isinstance(line.marks, dict):
                    marks = sorted(line.marks.items(), key=lambda item: order.get(item[0], len(order)))
                else:
                    marks = [("", line.marks)]
                for criterion, mark in marks:
                    why = line.excluded
                    if why is None:
                        side = next((t for t in trimmed if ":" not in t), None) or next(
                            (t.split(": ", 1)[1] for t in trimmed if criterion and t.startswith(f"{criterion}: ")), None)
                        why = f"trimmed ({side})" if side else None
                    rows.append((key, {
                        "call": entry.call, "round": stage.round, "judge": judge_id, "entry": entry.id,
                        "criterion": str(criterion), "mark": _mark(mark), "counted": why is None,
                        "excluded": why, "code": line.code,
                    }))
    rows.sort(key=lambda item: item[0])  # stable: a line's marks keep their criterion order
    return [row for _, row in rows]


def _mark(value: Any) -> float | int | str:
    """A mark as written: numbers stay numbers (bool is never a mark), anything else is text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return str(value)


class ExportRefused(Exception):
    """The export folder or a file in it would overwrite or be read as the cycle's data."""


def check_target(cycle_root: Path, folder: Path, names: list[str]) -> None:
    """Refuse to write where the cycle's own files are or would be read from.

    smartaward reads cycle.yaml, judges.yaml and every file under entries/ and scores/: a folder
    inside entries/ or scores/ would have its exports read (or reported) as cycle data, and a file
    name that is (or links to) an input file would destroy it. Paths are compared resolved, so a
    symbolic link cannot lead around the check.
    """
    from smartaward.reading.files import CYCLE_FILE, JUDGES_FILE

    root = cycle_root.resolve()
    data_folders = [root / "entries", root / "scores"]
    inputs = {root / CYCLE_FILE, root / JUDGES_FILE}
    where = folder.resolve()
    for data in data_folders:
        if where == data or where.is_relative_to(data):
            raise ExportRefused(f"{folder}: inside the cycle's {data.name}/ folder, where every file is read as "
                                "cycle data; export somewhere else")
    for name in names:
        target = (folder / name).resolve()
        if target in inputs or any(target.is_relative_to(d) for d in data_folders):
            raise ExportRefused(f"{folder / name}: is (or links to) one of the cycle's input files; export somewhere else")
