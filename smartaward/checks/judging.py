"""Judging rules: deadlines, conflicts of interest, assignments, rounds and panel size."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..load import Cycle, Sheet
from ..panel import entry_exclusion, rules_for
from ..scoring import score_entries


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    spec = cycle.spec
    assert spec is not None
    for record in cycle.entry_index.values():
        call = spec.calls.get(record.entry.call)
        if call is not None and (late := entry_exclusion(record.entry, call)) is not None:
            yield record.doc.diagnostic(record.path + ("submitted",), "J401", f"{record.entry.id!r} was {late}; it is not eligible to be ranked or awarded")

    for sheet in cycle.sheets:
        if sheet.round is not None:
            yield sheet.doc.diagnostic(("round",), "J407", f"round {sheet.round!r} is named, but no call defines rounds")

    for sheet_no, entry_id, _ in cycle.marks.rows():
        record = cycle.entry_index.get(entry_id)
        call = spec.calls.get(record.entry.call) if record is not None else None
        if record is not None and call is not None and call.judging == "designated":
            sheet = cycle.sheets[sheet_no]
            yield sheet.doc.diagnostic(("scores", entry_id), "J406", f"{entry_id!r} is in the {record.entry.call!r} call, whose awards are designated; these marks are ignored", key=True)

    # Marks excluded by a rule (conflict, call not judged), as scoring applied it: reported on the
    # entry's line in the judge's sheet.
    sheet_of: dict[str, Sheet] = {}
    for sheet in cycle.sheets:
        sheet_of.setdefault(sheet.judge, sheet)
    results = score_entries(cycle)
    for result in results.values():
        for judge_id, code in result.excluded_by.items():
            reason = result.excluded[judge_id]
            yield sheet_of[judge_id].doc.diagnostic(("scores", result.entry.id), code, f"{reason[0].upper()}{reason[1:]}: the marks of judge {judge_id!r} on {result.entry.id!r} are not counted", key=True)

    if cycle.broken_judges or "judges" in cycle.unreadable:
        return  # panels cannot be counted while judges.yaml has errors; those are reported
    for result in results.values():
        if result.reason is None or result.pending:
            continue  # a pending entry has a mark that is not a number: counted once that is fixed
        if entry_exclusion(result.entry, spec.calls[result.entry.call]) is not None:
            continue
        record = cycle.entry_index[result.entry.id]
        min_judges = rules_for(spec, spec.calls[result.entry.call]).min_judges
        yield record.doc.diagnostic(record.path + ("id",), "J404", f"{result.entry.id!r} has {result.judges} valid score{'s' if result.judges != 1 else ''}; min_judges is {min_judges}, so it will not be ranked")
