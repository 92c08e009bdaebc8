"""Assignments: which judges must mark which entries in a round (assignments/ROUND.yaml).

A round without an assignment file is judged as before: whoever hands in marks counts (subject to
conflicts and the rest, panel.py). Once a round has a file, a judge's marks on an entry the file
does not give that judge in that round do not count (P804, scoring.py), and an assigned entry left
unmarked is open (awards/status.py). One file holds for a round: the one named after the round
(final.yaml for `final`), or else the first in path order that names it (a second one is an error,
P802, and is not used; a file named after one round that names another is a warning, P811).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from smartaward.reading.files import ASSIGNMENTS_FOLDER
from smartaward.reading.load import Assignment, Cycle

UNASSIGNED = "P804"  # the code of a line excluded because the round's file does not assign it


def has_rounds(cycle: Cycle) -> bool:
    """Whether any call of the cycle is judged in rounds (False when cycle.yaml did not load)."""
    return cycle.spec is not None and any(call.rounds for call in cycle.spec.calls.values())


def assignment_for(cycle: Cycle, round_id: str | None) -> Assignment | None:
    """The assignment file that holds for a round (None: the round has none). `round_id` is None for
    the one round of calls without rounds. Of two files naming the round, the one named after it
    (final.yaml for `final`) holds; otherwise the first in path order."""
    rounds = has_rounds(cycle)
    first: Assignment | None = None
    for assignment in cycle.assignments:
        if (assignment.round if rounds else None) == round_id:
            if round_id is not None and file_stem(assignment) == round_id:
                return assignment
            if first is None:
                first = assignment
    return first


def file_stem(assignment: Assignment) -> str:
    """The file's name without its suffix: `final` for assignments/final.yaml."""
    return PurePosixPath(assignment.file).stem


def judges_by_entry(assignment: Assignment) -> dict[str, frozenset[str]]:
    """Entry id → the judges an assignment file gives it, in entry id order (made once per file:
    Assignment.by_entry)."""
    return assignment.by_entry


def round_ids(cycle: Cycle) -> list[str | None]:
    """The rounds of the cycle's scored calls, in call order, each once; [None] (the one round)
    when no call has rounds."""
    if not has_rounds(cycle):
        return [None]
    assert cycle.spec is not None
    return list(dict.fromkeys(r for call in cycle.spec.calls.values() if call.judging == "scored" for r in call.rounds))


def relative_name(assignment: Assignment) -> str:
    """The file as named inside the cycle folder: assignments/final.yaml."""
    return f"{ASSIGNMENTS_FOLDER}/{PurePosixPath(assignment.file).name}"


def unassigned_reason(assignment: Assignment) -> str:
    """Why a line the round's file does not assign is not counted, as explain and validate say it."""
    where = f" in the {assignment.round!r} round" if assignment.round is not None else ""
    return f"not assigned to this judge{where} ({relative_name(assignment)})"
