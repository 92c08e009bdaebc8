"""Judging progress (`smartaward progress`): per round that has an assignment file
(assignments/ROUND.yaml), who has marked what they were given, what is missing, and whom to chase.

Plain data for render/judging_progress.py and `--format json`. For one round:

- per judge: the entries assigned; `marked`, those the judge has a counted line for; `not_counted`,
  those the judge marked but whose marks do not count (the reason and its code); `missing`, those
  with no line at all; `not_in_round`, those that did not reach the round (their marks are not
  expected); `unassigned`, the entries the judge marked without being given them (P804: such marks
  do not count);
- per entry (every entry the file gives a judge, and every entry of the round the file leaves
  out): its counted marks from assigned judges (`valid`) against the judges it needs (`per_entry`,
  K, where the file says; else the judges it was given), and the assigned judges still to mark it;
- the judges to chase: those with marks missing or not counted, most missing first, then by id;
- totals: the marks expected (assigned pairs on entries in the round), received (a line, counted or
  not), valid (counted), missing, and the percentage valid.

Every list is sorted (judges and entries by id), so the same files give the same document. The work
is linear in the lines of the round and the pairs of the file: one index of the round's lines by
entry, looked up once per assigned pair and per line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smartaward.awards.results import Results
from smartaward.judging.assigned import assignment_for, judges_by_entry, round_ids
from smartaward.judging.scoring import LATE, UNREACHED, Line, Scoring
from smartaward.reading.load import Assignment, Cycle

VERSION = 1


def assigned_rounds(cycle: Cycle) -> list[str | None]:
    """The rounds that have an assignment file, in round order."""
    return [r for r in round_ids(cycle) if assignment_for(cycle, r) is not None]


def progress_document(cycle: Cycle, results: Results, rounds: list[str | None]) -> dict[str, Any]:
    """`smartaward progress --format json`: the progress of each of `rounds` (each has a file)."""
    documents = []
    for round_id in rounds:
        assignment = assignment_for(cycle, round_id)
        assert assignment is not None, "progress is asked only for rounds with an assignment file"
        # round_title and call_titles (added, issue 15): what the text and Markdown show beside the ids
        documents.append(dict(round_progress(cycle, results.scoring, round_id, assignment),
                              round_title=results.titles.round_of_any_call(round_id)))
    return {"version": VERSION, "cycle": results.cycle, "title": results.title, "rounds": documents,
            "call_titles": dict(results.titles.calls)}


@dataclass
class _Marked:
    """An entry's lines in one round, and whether the entry took part in it."""

    in_round: bool
    lines: dict[str, Line]
    why: str | None = None  # why an entry not in the round has no counted marks


@dataclass
class _Judge:
    assigned: list[str] = field(default_factory=list)
    marked: list[str] = field(default_factory=list)
    not_counted: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_in_round: list[str] = field(default_factory=list)
    unassigned: list[str] = field(default_factory=list)


def _round_lines(scoring: Scoring, round_id: str | None) -> dict[str, _Marked]:
    """Entry id → its lines in the round: entries that took part (a stage's results), and those that
    did not reach it but were marked in it all the same (J417), or were late (never judged)."""
    found: dict[str, _Marked] = {}
    for stage in scoring.stages:
        if stage.round == round_id:
            for entry_id, result in stage.results.items():
                found[entry_id] = _Marked(True, result.lines)
    for entry_id, final in scoring.finals.items():
        if entry_id in found:
            continue
        if final.status == LATE and final.round == round_id:  # read in its first round, never judged
            found[entry_id] = _Marked(False, final.lines, final.reason)
            continue
        for missed in final.unreached:
            if missed.round == round_id:
                found[entry_id] = _Marked(False, missed.lines, missed.reason)
    return found


def _not_counted(key: dict[str, str], line: Line) -> dict[str, Any]:
    return {**key, "reason": line.excluded, "code": line.code}


def round_progress(cycle: Cycle, scoring: Scoring, round_id: str | None, assignment: Assignment) -> dict[str, Any]:
    """The progress of one round against its assignment file."""
    lines = _round_lines(scoring, round_id)
    given = judges_by_entry(assignment)  # entry → judges, in entry id order
    judges: dict[str, _Judge] = {judge_id: _Judge() for judge_id in assignment.judges}
    none: _Marked = _Marked(False, {})
    for judge_id, entry_ids in assignment.judges.items():
        record = judges[judge_id]
        for entry_id in sorted(entry_ids):
            record.assigned.append(entry_id)
            marked = lines.get(entry_id, none)
            line = marked.lines.get(judge_id)
            if not marked.in_round:  # not expected: the entry did not reach the round, or was late
                record.not_in_round.append(entry_id)
            elif line is None:
                record.missing.append(entry_id)
            elif line.excluded is None:
                record.marked.append(entry_id)
            else:
                record.not_counted.append(_not_counted({"entry": entry_id}, line))
    for entry_id, marked in lines.items():  # marks by judges the file does not give the entry
        assigned = given.get(entry_id, frozenset())
        for judge_id in marked.lines:
            if judge_id not in assigned:
                judges.setdefault(judge_id, _Judge()).unassigned.append(entry_id)
    entries = [_entry(cycle, entry_id, given.get(entry_id, frozenset()), lines.get(entry_id, none), assignment.per_entry)
               for entry_id in sorted(given.keys() | {e for e, m in lines.items() if m.in_round})]
    judge_rows = [_judge(cycle, judge_id, judges[judge_id]) for judge_id in sorted(judges)]
    chase = [{"judge": row["judge"], "name": row["name"], "missing": len(row["missing"]), "entries": row["missing"],
              "not_counted": len(row["not_counted"])}
             for row in judge_rows if row["missing"] or row["not_counted"]]
    chase.sort(key=lambda row: (-row["missing"], row["judge"]))
    return {"round": round_id, "file": assignment.file, "per_entry": assignment.per_entry, "judges": judge_rows,
            "entries": entries, "chase": chase, "totals": _totals(judge_rows, entries)}


def _judge(cycle: Cycle, judge_id: str, record: _Judge) -> dict[str, Any]:
    judge = cycle.judges.get(judge_id)
    return {"judge": judge_id, "name": judge.name if judge is not None else None,
            "public": judge.public if judge is not None else True,
            "assigned": len(record.assigned), "marked": len(record.marked), "not_counted": record.not_counted,
            "missing": record.missing, "not_in_round": record.not_in_round, "unassigned": sorted(record.unassigned)}


def _entry(cycle: Cycle, entry_id: str, assigned: frozenset[str], marked: _Marked, per_entry: int | None) -> dict[str, Any]:
    record = cycle.entry_index.get(entry_id)
    valid, missing, not_counted = 0, [], []
    for judge_id in sorted(assigned) if marked.in_round else ():  # an entry not in the round expects no marks
        line = marked.lines.get(judge_id)
        if line is None:
            missing.append(judge_id)
        elif line.excluded is None:
            valid += 1
        else:
            not_counted.append(_not_counted({"judge": judge_id}, line))
    needed = per_entry if per_entry is not None else len(assigned)
    return {"entry": entry_id, "call": record.entry.call if record is not None else None,
            "title": record.entry.title if record is not None else None, "in_round": marked.in_round,
            "why_not": None if marked.in_round else marked.why or UNREACHED,
            "assigned": len(assigned), "valid": valid, "short": max(0, needed - valid) if marked.in_round else 0,
            "missing": missing, "not_counted": not_counted}


def _totals(judges: list[dict[str, Any]], entries: list[dict[str, Any]]) -> dict[str, Any]:
    in_round = [e for e in entries if e["in_round"]]
    expected = sum(e["assigned"] for e in in_round)
    missing = sum(len(e["missing"]) for e in in_round)
    valid = sum(e["valid"] for e in in_round)
    return {"expected": expected, "received": expected - missing, "valid": valid, "missing": missing,
            "not_counted": expected - missing - valid,
            "percent": round(100 * valid / expected, 1) if expected else None,
            "entries": len(in_round), "entries_short": sum(1 for e in in_round if e["short"]),
            "judges": sum(1 for j in judges if j["assigned"]), "judges_done": sum(
                1 for j in judges if j["assigned"] and not j["missing"] and not j["not_counted"]),
            "unassigned": sum(len(j["unassigned"]) for j in judges)}
