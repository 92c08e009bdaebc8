"""Designated awards: the committee's choices must name real entries of the right category."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from smartaward.checks.nearby import hinted, nearby
from smartaward.diagnostics import Diagnostic
from smartaward.reading.load import Cycle
from smartaward.reading.source import Document, PathKey


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    spec, doc = cycle.spec, cycle.cycle_doc
    assert spec is not None and doc is not None
    index = cycle.entry_index
    for call_id, call in spec.calls.items():
        for category_id, category in call.categories.items():
            base = ("calls", call_id, "categories", category_id, "designated")
            for award_id, designation in category.designated.items():
                entry_ids = designation.entries
                if call.judging != "designated":
                    yield doc.diagnostic(base + (award_id,), "A503", f"the {call_id!r} call is scored, so its awards go down the ranking: "
                                         "remove designated: here (or move the award to a call with judging: designated)", key=True)
                    continue
                slot = category.awards.get(award_id)
                if slot is None:
                    yield doc.diagnostic(base + (award_id,), "A501", hinted(
                        f"{award_id!r} is not an award of {category_id!r} (awards: {', '.join(category.awards) or 'none'})",
                        nearby(cycle).hint("award", award_id, f"{call_id}/{category_id}")), key=True)
                    continue
                if len(entry_ids) > slot.count:
                    yield doc.diagnostic(base + (award_id,), "A502", f"{len(entry_ids)} entries designated for {award_id!r}, "
                                         f"which has {slot.count} slot{'s' if slot.count != 1 else ''}", key=True)
                entries_path = ("entries",) if _written_as_mapping(doc, base + (award_id,)) else ()
                for pos, entry_id in enumerate(entry_ids):
                    record = index.get(entry_id)
                    if record is None:
                        if cycle.known_entry(entry_id) is not False:
                            continue  # the entry has an error of its own, reported there
                        yield doc.diagnostic(base + (award_id, *entries_path, pos), "R205",
                                             hinted(f"there is no entry {entry_id!r}", nearby(cycle).hint("entry", entry_id)))
                    elif (record.entry.call, record.entry.category) != (call_id, category_id):
                        yield doc.diagnostic(base + (award_id, *entries_path, pos), "R203",
                                             f"{entry_id!r} is in {record.entry.call}/{record.entry.category}, not {call_id}/{category_id}")


def _written_as_mapping(doc: Document, path: PathKey) -> bool:
    """Whether a designation is written in full ({entries: [...], decided_by: ...}) or as a list."""
    node: Any = doc.data
    for part in path:
        node = node[part]
    return isinstance(node, dict)
