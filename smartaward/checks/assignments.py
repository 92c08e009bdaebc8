"""Assignments (assignments/ROUND.yaml): the file's round, the judges and entries it names, who may
judge what, and how the round's entries and judges' loads come out (the P codes).

The counting rule itself (a judge's marks on an entry not assigned to them do not count, P804) is
applied by scoring and reported with the other excluded lines (judging.py), so that validate and
rank never disagree. Who may judge what is panel.judge_exclusion, as for marks, with the judge's
`rounds:` besides: an assignment that breaks it is an error (P805) whatever the severity of the
rule, since `assign` never makes one.

rules.assignment is checked against the file that holds for the round, with the comparisons
`assign` makes (the functions below are assign's own, so that the two never disagree): two judges
of one entry sharing the fact `different` names (P812), and, under `expertise: require`, a judge
who knows neither the entry's category nor any of its tags (P813). Both are warnings that keep the
result provisional.

A file can repeat one entry millions of times: per code, only the diagnostics that the display
cap keeps (diagnostics.cap_diagnostics) are made, and the rest are counted in `cycle.omitted`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from smartaward.checks.nearby import hinted, nearby
from smartaward.diagnostics import MAX_PER_FILE_AND_CODE, Diagnostic
from smartaward.judging.assigned import assignment_for, file_stem, has_rounds, judges_by_entry, relative_name
from smartaward.judging.panel import judge_exclusion, judges_in_round
from smartaward.judging.scoring import LATE, Scoring
from smartaward.model.cyclefiles import CycleFile, Entry, Judge
from smartaward.reading.load import Assignment, Cycle
from smartaward.text.names import look_alike


def check(cycle: Cycle, scoring: Scoring) -> Iterator[Diagnostic]:
    spec = cycle.spec
    assert spec is not None
    rounds = has_rounds(cycle)
    scored = {c: call for c, call in spec.calls.items() if call.judging == "scored"}
    all_rounds = {r for call in spec.calls.values() for r in call.rounds}
    holding = {id(a) for a in (assignment_for(cycle, r) for r in _round_ids(spec)) if a is not None}
    # Outcomes that depend on the whole jury and every entry are left until they load cleanly.
    complete = not (cycle.broken_judges or cycle.broken_entries or {"judges", "scores", "entries"} & cycle.unreadable)
    for assignment in cycle.assignments:
        doc = assignment.doc
        usable = True
        if not rounds and assignment.round is not None:
            yield doc.diagnostic(("round",), "P801", f"round {assignment.round!r} is named, but no call defines rounds; remove round:")
        elif rounds and assignment.round is None and all(call.rounds for call in scored.values()):
            yield doc.diagnostic((), "P801", "no round: is given, but the calls are judged in rounds; name the round these "
                                             f"assignments are for ({', '.join(sorted(all_rounds))})")
            usable = False
        elif rounds and assignment.round is not None and assignment.round not in all_rounds:
            yield doc.diagnostic(("round",), "P801", hinted(f"round {assignment.round!r} is not a round of any call "
                                                            f"({', '.join(sorted(all_rounds))})", nearby(cycle).hint("round", assignment.round)))
            usable = False
        stem = file_stem(assignment)
        if rounds and assignment.round is not None and assignment.round != stem and stem in all_rounds:
            yield doc.diagnostic(("round",), "P811", f"the file is named after the {stem!r} round but is for the "
                                                     f"{assignment.round!r} round (round: {assignment.round}); correct round:, "
                                                     f"or rename the file to {assignment.round}.yaml")
        if id(assignment) not in holding and usable:
            first = assignment_for(cycle, assignment.round if rounds else None)
            assert first is not None
            said = f"the {assignment.round!r} round" if rounds and assignment.round is not None else "the cycle"
            path = ("round",) if assignment.round is not None else ()
            if rounds and assignment.round is not None and file_stem(first) == assignment.round != stem:
                fix = (f"this file's name is not the round's, so {relative_name(first)}, named after it, is the one used; "
                       "correct round: here if it is for another round, or merge the two files")
            else:
                fix = f"{relative_name(first)} already assigns it, and only that one is used; merge the two files"
            yield doc.diagnostic(path, "P802", f"a second assignment file for {said}: {fix}")
            usable = False
        cap = _Cap(assignment)
        yield from _listed(cycle, spec, assignment, usable, cap)
        if usable and complete:
            in_round = _reached(scoring, assignment, cycle)
            yield from _panels(cycle, spec, scoring, assignment, in_round)
            yield from _loads(cycle, spec, assignment, in_round)
            yield from _assignment_rules(cycle, spec, assignment, in_round, cap)
        cap.settle(cycle)


class _Cap:
    """Per code, whether one more diagnostic of the file is worth making: the first
    MAX_PER_FILE_AND_CODE + 1 are (the cap lists that many, the last in place of the rest), the
    others are only counted, and `settle` puts the count in `cycle.omitted`, where
    cap_diagnostics adds it to the "and N more". Each code counted here is made in one pass over
    the file, in the file's order (the order the cap keeps), so what is shown is the same as if
    every one were made. Setting (not adding to) the count keeps checking a cycle twice harmless."""

    def __init__(self, assignment: Assignment) -> None:
        self.file = assignment.doc.file
        self.made: Counter[str] = Counter()
        self.left: Counter[str] = Counter()

    def room(self, code: str) -> bool:
        if self.made[code] <= MAX_PER_FILE_AND_CODE:
            self.made[code] += 1
            return True
        self.left[code] += 1
        return False

    def settle(self, cycle: Cycle) -> None:
        for code, n in self.left.items():
            cycle.omitted[(self.file, code)] = n


def _round_ids(spec: CycleFile) -> list[str | None]:
    """Every round of the cycle: None (the one round of calls without rounds), then each named one."""
    return [None, *dict.fromkeys(r for call in spec.calls.values() for r in call.rounds)]


def _listed(cycle: Cycle, spec: CycleFile, assignment: Assignment, usable: bool, cap: _Cap) -> Iterator[Diagnostic]:
    """Each judge and entry the file names: known (R204, R205), listed once per judge (P803), of a
    call judged in the round (P806), and one the judge may judge (P805)."""
    doc = assignment.doc
    raw = doc.data.get("judges") if isinstance(doc.data, dict) else None
    round_id = assignment.round
    said = f"the {round_id!r} round" if round_id is not None else "the cycle's one round"
    conflicts = spec.rules.conflicts
    for judge_id in assignment.judges:
        written: list[Any] = raw.get(judge_id, []) if isinstance(raw, dict) else []
        judge = cycle.judges.get(judge_id)
        if judge is None and cycle.known_judge(judge_id) is False and cap.room("R204"):
            yield doc.diagnostic(("judges", judge_id), "R204", hinted(f"judge {judge_id!r} is not in judges.yaml",
                                                                      nearby(cycle).hint("judge", judge_id)), key=True)
        seen: set[str] = set()
        for index, entry_id in enumerate(written):
            path = ("judges", judge_id, index)
            if entry_id in seen:
                if cap.room("P803"):
                    yield doc.diagnostic(path, "P803", f"{entry_id!r} is listed twice for judge {judge_id!r}; remove the second")
                continue
            seen.add(entry_id)
            record = cycle.entry_index.get(entry_id)
            if record is None:
                if cycle.known_entry(entry_id) is False and cap.room("R205"):
                    yield doc.diagnostic(path, "R205", hinted(f"no entry {entry_id!r} in entries/ (assigned to judge {judge_id!r})",
                                                              nearby(cycle).hint("entry", entry_id)))
                continue
            if not usable:
                continue
            entry = record.entry
            call = spec.calls.get(entry.call)
            if call is None:
                continue  # R202, reported on the entry
            outside = _outside_round(call.judging, list(call.rounds), round_id, cycle)
            if outside is not None:
                if cap.room("P806"):
                    yield doc.diagnostic(path, "P806", f"{entry_id!r} is in the {entry.call!r} call, {outside}, so it cannot be "
                                                       f"assigned in {said}")
                continue
            if judge is None:
                continue
            why = why_not(judge, entry, round_id, conflicts)
            if why is not None and cap.room("P805"):
                yield doc.diagnostic(path, "P805", f"judge {judge_id!r} may not judge {entry_id!r}: {why}; assign it to another judge")


def _outside_round(judging: str, call_rounds: list[str], round_id: str | None, cycle: Cycle) -> str | None:
    """Why an entry of a call with these rounds cannot be assigned in this round (None: it can)."""
    if judging != "scored":
        return "whose awards are designated (no one marks it)"
    if not has_rounds(cycle):
        return None  # a cycle without rounds: every file is the one round's (P801 says the rest)
    if round_id is None and call_rounds:
        return f"which is judged in rounds ({', '.join(call_rounds)})"
    if round_id is not None and round_id not in call_rounds:
        return "which has no rounds" if not call_rounds else f"which has no {round_id!r} round (only {', '.join(call_rounds)})"
    return None


def why_not(judge: Judge, entry: Entry, round_id: str | None, conflicts: Any) -> str | None:
    """Why a judge may not judge an entry in a round, in the words rank uses (None: they may):
    validate's P805, and why `assign` does not keep a pair the judge has marked."""
    excluded = judge_exclusion(judge, entry, conflicts)
    if excluded is not None:
        return excluded[1]
    if not judges_in_round(judge, round_id):
        assert judge.rounds is not None
        listed = ", ".join(judge.rounds) if judge.rounds else "none"
        return f"the {round_id!r} round is not among the judge's rounds ({listed})"
    return None


def _reached(scoring: Scoring, assignment: Assignment, cycle: Cycle) -> dict[str, Entry]:
    """The entries of the round: those that reached it, in its scored calls (entry id → entry)."""
    round_id = assignment.round if has_rounds(cycle) else None
    found: dict[str, Entry] = {}
    for stage in scoring.stages:
        if stage.round == round_id:
            found.update((entry_id, result.entry) for entry_id, result in stage.results.items())
    return found


def _panels(cycle: Cycle, spec: CycleFile, scoring: Scoring, assignment: Assignment, in_round: dict[str, Entry]) -> Iterator[Diagnostic]:
    """Entries of the round with fewer judges than per_entry, or none (P807), or more (P810); entries
    assigned in a round they did not reach (P808)."""
    doc = assignment.doc
    by_entry = judges_by_entry(assignment)
    round_id = assignment.round if has_rounds(cycle) else None
    conflicts = spec.rules.conflicts
    said = f" in the {assignment.round!r} round" if assignment.round is not None and has_rounds(cycle) else ""
    wanted = assignment.per_entry
    where = ("per_entry",) if wanted is not None else ("judges",)
    for entry_id in sorted(in_round):
        # Only judges whose marks can count: an unknown judge (R204) or one who may not judge the
        # entry (P805) is reported there, and does not fill the entry's panel.
        entry = in_round[entry_id]
        count = sum(1 for judge_id in by_entry.get(entry_id, ())
                    if (judge := cycle.judges.get(judge_id)) is not None and why_not(judge, entry, round_id, conflicts) is None)
        if count == 0:
            yield doc.diagnostic(where, "P807", f"{entry_id!r} is assigned to no judge{said}, so no marks on it count; "
                                                "assign it to judges")
        elif wanted is not None and count < wanted:
            yield doc.diagnostic(where, "P807", f"{entry_id!r} is assigned to {count} judge{'s' if count != 1 else ''}{said}, fewer "
                                                f"than per_entry ({wanted}); assign it to {wanted - count} more")
        elif wanted is not None and count > wanted:
            yield doc.diagnostic(where, "P810", f"{entry_id!r} is assigned to {count} judges{said}, more than per_entry ({wanted})")
    first = _first_places(assignment)
    for entry_id in sorted(by_entry):
        if entry_id in in_round or entry_id not in cycle.entry_index:
            continue
        final = scoring.finals.get(entry_id)
        call = spec.calls.get(cycle.entry_index[entry_id].entry.call)
        if final is None or call is None or _outside_round(call.judging, list(call.rounds), assignment.round, cycle) is not None:
            continue  # not scored, or P806
        if final.pending:
            continue  # a stop that fixing a mark may undo
        why = "it is late" if final.status == LATE else f"it stopped: {final.reason}"
        judge_id, index = first[entry_id]
        reached = f"the {assignment.round!r} round" if said else "this round"
        yield doc.diagnostic(("judges", judge_id, index), "P808", f"{entry_id!r} did not reach {reached} ({why}), so no one "
                                                                  "marks it there; remove it from the assignments")


def _first_places(assignment: Assignment) -> dict[str, tuple[str, int]]:
    """Entry id → (judge, index in the file's list) where the file first names it."""
    found: dict[str, tuple[str, int]] = {}
    raw = assignment.doc.data.get("judges") if isinstance(assignment.doc.data, dict) else None
    if isinstance(raw, dict):
        for judge_id, entry_ids in raw.items():
            if isinstance(entry_ids, list):
                for index, entry_id in enumerate(entry_ids):
                    if isinstance(entry_id, str):
                        found.setdefault(entry_id, (judge_id, index))
    return found


def _loads(cycle: Cycle, spec: CycleFile, assignment: Assignment, in_round: dict[str, Entry]) -> Iterator[Diagnostic]:
    """Judges above their max_entries, or below their min_entries where the round has enough
    entries they may judge (P809)."""
    doc = assignment.doc
    round_id = assignment.round if has_rounds(cycle) else None
    said = f" in the {round_id!r} round" if round_id is not None else ""
    by_call: dict[str, list[Entry]] | None = None
    for judge_id, judge in cycle.judges.items():
        count = len(assignment.judges.get(judge_id, ()))
        listed = judge_id in assignment.judges
        path = ("judges", judge_id) if listed else ("judges",)
        if judge.max_entries is not None and count > judge.max_entries:
            yield doc.diagnostic(path, "P809", f"judge {judge_id!r} is assigned {count} entries{said}, more than max_entries "
                                               f"({judge.max_entries})", key=listed)
        elif judge.min_entries is not None and count < judge.min_entries:
            if by_call is None:
                by_call = {}
                for entry in in_round.values():
                    by_call.setdefault(entry.call, []).append(entry)
            # Below min_entries counts only where the round has more entries the judge may judge than
            # they are given (count < min(min_entries, may), and count < min_entries already).
            if _may_judge_more_than(judge, by_call, count, round_id, spec.rules.conflicts):
                yield doc.diagnostic(path, "P809", f"judge {judge_id!r} is assigned {count} entr{'y' if count == 1 else 'ies'}{said}, "
                                                   f"fewer than min_entries ({judge.min_entries})", key=listed)


def _may_judge_more_than(judge: Judge, by_call: dict[str, list[Entry]], count: int, round_id: str | None, conflicts: Any) -> bool:
    """Whether the round has more than `count` entries the judge may judge. Only the entries of the
    judge's calls are looked at, and only until one more than `count` is found, so that checking
    every judge of a large round stays linear in the assignments (not judges × entries)."""
    if not judge.voting or not judges_in_round(judge, round_id):
        return False
    calls = list(by_call) if judge.calls is None else [c for c in dict.fromkeys(judge.calls) if c in by_call]
    may = 0
    for call_id in calls:
        for entry in by_call[call_id]:
            if why_not(judge, entry, round_id, conflicts) is None:
                may += 1
                if may > count:
                    return True
    return False


def fact_value(judge: Judge, fact: str) -> str | None:
    """A judge's value of the fact rules.assignment.different names, as `assign` and `validate`
    compare it: a country as written, an affiliation or a city as it looks (names.look_alike, as
    rules.conflicts compares them); None where the judge has none (such a judge never clashes)."""
    raw = getattr(judge, fact)
    if not raw:
        return None
    return str(raw) if fact == "country" else look_alike(str(raw))


def judge_keys(judge: Judge) -> list[str]:
    """What a judge knows best, as keys: `category:ID` for each of their categories, `tag:T` for
    each of their expertise tags."""
    return [f"category:{c}" for c in judge.categories or []] + [f"tag:{t}" for t in judge.expertise]


def entry_keys(entry: Entry) -> list[str]:
    """An entry's category and tags, as keys that judge_keys' can match."""
    return [f"category:{entry.category}"] + [f"tag:{t}" for t in entry.tags]


def knows(judge: Judge, entry: Entry) -> bool:
    """Whether the judge knows the entry's category or one of its tags (rules.assignment.expertise)."""
    return not set(judge_keys(judge)).isdisjoint(entry_keys(entry))


def _assignment_rules(cycle: Cycle, spec: CycleFile, assignment: Assignment, in_round: dict[str, Entry],
                      cap: _Cap) -> Iterator[Diagnostic]:
    """rules.assignment against the file: two judges of an entry sharing the fact `different` names
    (P812, at the second one's listing), a judge who knows neither the entry's category nor its
    tags under `expertise: require` (P813). Only the pairs whose marks can count are looked at: an
    unknown judge (R204), one who may not judge the entry (P805), an entry outside the round (P806)
    or that did not reach it (P808) is reported there."""
    rule = spec.rules.assignment
    fact = rule.different
    require = rule.expertise == "require"
    if fact is None and not require:
        return
    doc = assignment.doc
    raw = doc.data.get("judges") if isinstance(doc.data, dict) else None
    if not isinstance(raw, dict):
        return
    round_id = assignment.round if has_rounds(cycle) else None
    said = f" in the {assignment.round!r} round" if round_id is not None else ""
    conflicts = spec.rules.conflicts
    panels: dict[str, dict[str, str]] = {}  # entry → fact value → the first judge of the entry with it
    for judge_id in assignment.judges:
        judge = cycle.judges.get(judge_id)
        written = raw.get(judge_id)
        if judge is None or not isinstance(written, list):
            continue
        value = fact_value(judge, fact) if fact is not None else None
        shown = getattr(judge, fact) if fact is not None else None
        seen: set[str] = set()
        for index, entry_id in enumerate(written):
            if not isinstance(entry_id, str) or entry_id in seen:
                continue
            seen.add(entry_id)
            entry = in_round.get(entry_id)
            if entry is None or why_not(judge, entry, round_id, conflicts) is not None:
                continue
            path = ("judges", judge_id, index)
            if value is not None:
                first = panels.setdefault(entry_id, {}).setdefault(value, judge_id)
                if first != judge_id and cap.room("P812"):
                    yield doc.diagnostic(path, "P812", f"judges {first!r} and {judge_id!r} of {entry_id!r}{said} share their "
                                                       f"{fact}, {shown!r} (rules.assignment.different); assign "
                                                       f"it to a judge of another {fact}")
            if require and not knows(judge, entry) and cap.room("P813"):
                yield doc.diagnostic(path, "P813", f"judge {judge_id!r} knows neither the category ({entry.category}) nor any tag "
                                                   f"of {entry_id!r} (rules.assignment.expertise: require); assign it to a "
                                                   "judge who does, or add to the judge's categories or expertise")
