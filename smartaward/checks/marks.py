"""Marks against their scale and the call's criteria."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..load import Cycle, MarkTable
from ..model import Call, CycleFile, Scale

# Marks are decimals written by people; a mark is on the step if it is within this much of it.
STEP_TOLERANCE = 1e-9


def scale_for(spec: CycleFile, call: Call, criterion: str | None) -> Scale:
    """The scale of a criterion: its own, else its call's, else the cycle's."""
    own = call.criteria[criterion].scale if criterion in call.criteria else None
    return own or call.scale or spec.scale


def _fmt(x: float) -> str:
    return f"{x:g}"


def scale_problem(scale: Scale, value: float) -> tuple[str, str] | None:
    if value < scale.min or value > scale.max:
        return "M301", f"{_fmt(value)} is outside the scale {_fmt(scale.min)}–{_fmt(scale.max)}"
    if scale.step is not None:
        steps = (value - scale.min) / scale.step
        if abs(steps - round(steps)) > STEP_TOLERANCE * max(1.0, abs(steps)):
            return "M302", f"{_fmt(value)} is not on the scale's step of {_fmt(scale.step)} from {_fmt(scale.min)}"
    return None


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    spec = cycle.spec
    assert spec is not None
    index = cycle.entry_index
    given: dict[tuple[int, str], set[str | None]] = defaultdict(set)
    for sheet_no, entry_id, criterion, value in cycle.marks.rows():
        record = index.get(entry_id)
        call = spec.calls.get(record.entry.call) if record else None
        if call is None or call.judging != "scored":
            continue  # unknown entries and designated calls are reported elsewhere
        doc = cycle.sheets[sheet_no].doc
        path = MarkTable.path(entry_id, criterion)
        given[(sheet_no, entry_id)].add(criterion)
        if call.criteria and criterion is None:
            yield doc.diagnostic(path, "M304", f"the {record.entry.call!r} call is marked per criterion ({', '.join(call.criteria)}), not with one overall mark")
            continue
        if not call.criteria and criterion is not None:
            yield doc.diagnostic(path, "M304", f"the {record.entry.call!r} call has no criteria: give {entry_id!r} one overall mark")
            continue
        if criterion is not None and criterion not in call.criteria:
            continue  # an unknown criterion (R206)
        problem = scale_problem(scale_for(spec, call, criterion), value)
        if problem is not None:
            yield doc.diagnostic(path, *problem)
    for (sheet_no, entry_id), criteria in given.items():
        call = spec.calls[index[entry_id].entry.call]
        sheet = cycle.sheets[sheet_no]
        written = sheet.doc.data["scores"][entry_id]  # includes marks that are not numbers (M303)
        if not call.criteria or not isinstance(written, dict):
            continue  # an overall mark where criteria are expected is M304
        missing = [c for c in call.criteria if c not in written]
        if missing:
            yield sheet.doc.diagnostic(("scores", entry_id), "M305", f"no mark for {', '.join(missing)}: the total of judge {sheet.judge!r} for {entry_id!r} is left out", key=True)
