"""Is a result final? What is still open, in plain words, and where.

A result is **provisional** while anything that can still change it is open, and **final** when
nothing is. docs/rules.md ("Provisional and final") lists what is open; in short:

- a tie awaiting the chair's decision (J412) on which an award or a shortlist depends;
- an entry that would be judged but has too few counted judges (J404), or no screening verdict (J415);
  under combine: best also a round with too few judges of an entry that goes on (J404: once marked, it counts),
  and a round with no marks yet for any entry of a category (not held yet: every entry goes on past it);
- marks that do not count for a reason someone must still resolve: a judge not on the call (J403),
  a line with a criterion left unmarked (M305), marks for an entry in a round it did not reach
  (J417: often a typo for another entry);
- marks on an entry not assigned to the judge in a round that has an assignment file (P804);
- an entry assigned to a judge in a round's assignment file that the judge has not marked (one
  item per judge and round, `unmarked`), and an entry of such a round assigned to fewer judges
  than the file's per_entry, or to none (P807), or to more (P810: what an entry added to a judge's
  list after the marks are in looks like, making that judge's marks count);
- an assignment against rules.assignment: two judges of an entry sharing the fact `different`
  names (P812), a judge who knows neither the entry's category nor its tags under
  `expertise: require` (P813);
- a voting judge of a scored call who has handed in no marks at all, where a round of their calls
  (and of their `rounds:`) has no assignment file (in a round with a file, a judge it gives entries
  is listed as `unmarked` instead, and one it does not is expected to mark nothing there);
- a designated award with fewer entries named than its count and no recorded decision (`decided_by`);
- a file the cycle does not read (F003: also an assignment file out of place, `assignments.yaml` or
  `assignment/`; or a hidden `.yaml`/`.csv` file), and entrants whose records disagree or whose names only
  look alike (R210, R212): each can hide what a result should be.

Settled states are not open: a declared or derived conflict (J402, J410, J411), an observer's marks,
a late entry (J401), an entry screened out or not shortlisted, marks for a designated call (J406),
a judge not normalised under the documented fallback (J414), a tie that decides nothing, an entry
assigned in a round it did not reach (P808), a judge's load outside max_entries or min_entries
(P809), an assignment file named after another round than its round: (P811: it is used for the
round it names, and a clash with that round's own file is the error P802).

Nothing here reads `validate:`'s `ignore`: a code silenced in the report is still open here, so a
result cannot be made final by hiding what is open. Each item carries the code, file, line and
column of the problem behind it, as `validate` reports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from smartaward.awards.allocation import Allocation
from smartaward.awards.pending import Pending
from smartaward.diagnostics import Diagnostic
from smartaward.judging.assigned import assignment_for, has_rounds
from smartaward.judging.panel import CONFLICT_CODES, OBSERVER, judges_in_round, stages_of
from smartaward.judging.rounds import NO_MARKS_YET
from smartaward.judging.scoring import NOT_SCREENED, TOO_FEW, Scoring
from smartaward.judging.stages import PENDING, EntryScore
from smartaward.model.cyclefiles import CycleFile, Judge
from smartaward.reading.load import Cycle
from smartaward.reading.source import Document, PathKey

FINAL, PROVISIONAL = "final", "provisional"

# Codes that `validate` reports and that leave a result open wherever they are (file-level and
# entrant-level problems); the judging ones are found from the scoring itself (below).
OPEN_REPORTED = frozenset({"F003", "P807", "P810", "P812", "P813", "R210", "R212"})
PANEL_CODES = frozenset({"P807", "P810", "P812", "P813"})  # kind "panel": an entry's judges to correct
# Every warning, and whether it leaves a result open (tests/test_status.py checks the catalogue
# against this table, so that a new warning code must be classified).
OPEN_CODES = OPEN_REPORTED | {"J403", "J404", "J412", "J415", "J417", "M305", "P804"}
# M310 (a judge compares the same pair again): settled — the judge's judgments of a pair count as one
# comparison, whatever their number (judging/pairs.py); the warning asks for the sheet to be tidied.
# J418 (an entrant without a country under a rule that uses countries): settled — the rule applies as
# documented (no exclusion, no cap, no country-restricted slot); the warning asks for the data.
# J420 (a measured value for an entry without a score in its round): settled — the value counts for
# nothing whatever it is; what left the entry without a score is open or settled on its own (J404,
# J417...), and a value meant for another entry leaves that one without its value (J419, an error).
SETTLED_CODES = frozenset({"J401", "J402", "J406", "J410", "J414", "J418", "J420", "M310", "P808", "P809", "P811", "R213",
                           "P853", "P854", "I706", "I707", "I708"})  # P853, P854: `assign` only, I706-I708 `import` only: never in a cycle's diagnostics


@dataclass(frozen=True)
class OpenItem:
    """One thing still open: what kind, where in the cycle, in plain words, and the problem behind it."""

    kind: str  # a stable word: tie, too-few-judges, round-without-marks, not-screened, marks-not-counted, unmarked,
    # no-marks, panel, undesignated, file, entrant
    text: str  # plain words, for a person
    call: str | None = None
    round: str | None = None
    entries: tuple[str, ...] = ()
    judge: str | None = None
    code: str | None = None  # the diagnostic that reports it; None when no code does (no-marks, undesignated)
    file: str = ""
    line: int = 0
    column: int = 0

    def document(self) -> dict[str, Any]:
        return {"kind": self.kind, "call": self.call, "round": self.round, "entries": list(self.entries),
                "judge": self.judge, "code": self.code, "file": self.file, "line": self.line,
                "column": self.column, "text": self.text}


@dataclass(frozen=True)
class Status:
    open: tuple[OpenItem, ...] = ()

    @property
    def final(self) -> bool:
        return not self.open

    @property
    def name(self) -> str:
        return FINAL if self.final else PROVISIONAL

    def summary(self) -> str:
        """One line: `final`, or `provisional: 3 open items (2 entries with too few judges, 1 tie ...)`."""
        if self.final:
            return FINAL
        kinds: dict[str, int] = {}
        for item in self.open:
            kinds[item.kind] = kinds.get(item.kind, 0) + 1
        said = ", ".join(f"{n} {KIND_WORDS[k][n != 1]}" for k, n in kinds.items())
        return f"{PROVISIONAL}: {len(self.open)} open item{'s' if len(self.open) != 1 else ''} ({said})"


KIND_WORDS = {
    "tie": ("tie awaiting the chair", "ties awaiting the chair"),
    "too-few-judges": ("entry with too few judges", "entries with too few judges"),
    "round-without-marks": ("round without marks yet", "rounds without marks yet"),
    "not-screened": ("entry without a screening verdict", "entries without a screening verdict"),
    "marks-not-counted": ("line of marks not counted", "lines of marks not counted"),
    "unmarked": ("judge with assigned entries unmarked", "judges with assigned entries unmarked"),
    "no-marks": ("judge without marks", "judges without marks"),
    "panel": ("assignment to correct (per_entry, rules.assignment)", "assignments to correct (per_entry, rules.assignment)"),
    "undesignated": ("designated award not decided", "designated awards not decided"),
    "file": ("file not read", "files not read"),
    "entrant": ("entrant record to reconcile", "entrant records to reconcile"),
}


def assess(cycle: Cycle, scoring: Scoring, pending: Pending, diagnostics: Sequence[Diagnostic],
           hidden: Sequence[str] = (), allocation: Allocation | None = None) -> Status:
    """The status of a cycle's results: every open item, in a stable order (call, round, kind, place).
    `hidden`: the hidden data files of entries/ and scores/ (CycleFiles.hidden), never read;
    `allocation`: the awards given, for the designated slots left unfilled."""
    spec = cycle.spec
    assert spec is not None
    calls = list(spec.calls)
    rounds = {c: list(call.rounds) for c, call in spec.calls.items()}
    items = [*_ties(spec, pending, diagnostics), *_unranked(cycle, scoring), *_not_held(cycle, scoring), *_lines(cycle, scoring),
             *_unmarked(cycle, scoring), *_silent_judges(cycle, spec), *_undesignated(cycle, spec, allocation),
             *_reported(diagnostics), *_hidden(hidden)]

    def order(item: OpenItem) -> tuple[Any, ...]:
        call = calls.index(item.call) if item.call in calls else len(calls)
        in_call = rounds.get(item.call or "", [])
        round_ = in_call.index(item.round) if item.round in in_call else -1
        return (call, round_, list(KIND_WORDS).index(item.kind), item.file, item.line, item.column, item.entries, item.judge or "")

    return Status(tuple(sorted(items, key=order)))


def _located(item: OpenItem, where: Diagnostic | None) -> OpenItem:
    if where is None:
        return item
    return replace(item, code=where.code, file=where.file, line=where.line, column=where.column)


def _ties(spec: CycleFile, pending: Pending, diagnostics: Sequence[Diagnostic]) -> Iterable[OpenItem]:
    """Ties awaiting the chair on which an award (or who reaches the final round) depends."""
    chair = [d for d in diagnostics if d.code == "J412"]
    for tie in pending.deciding:
        listed = ", ".join(tie.entries)
        where = next((d for d in chair if listed in d.message), chair[0] if chair else None)
        at = f" at the cut of the {tie.round!r} round" if tie.round is not None else ""
        text = (f"{tie.call}/{tie.category}: {listed} are tied{at} and await the chair's decision; "
                "record it under decisions: in cycle.yaml")
        round_ = tie.round if tie.round is not None else _last_round(spec, tie.call)
        yield _located(OpenItem("tie", text, tie.call, round_, tie.entries, code="J412"), where)


def _last_round(spec: CycleFile, call: str) -> str | None:
    rounds = list(spec.calls[call].rounds)
    return rounds[-1] if rounds else None


def _unranked(cycle: Cycle, scoring: Scoring) -> Iterable[OpenItem]:
    """Entries that would go on but cannot: too few counted judges, or no screening verdict; and,
    under combine: best, a round of an entry that goes on whose marks are from too few judges
    (J404: the round does not count, rules.md §7, and once marked it may be the best run)."""
    seen = set()
    for result in _short_of_judges(scoring):
        if (result.entry.id, result.round) in seen:
            continue
        seen.add((result.entry.id, result.round))
        entry = result.entry
        record = cycle.entry_index[entry.id]
        in_round = f" in the {result.round!r} round" if result.round is not None else ""
        if result.status == NOT_SCREENED:
            kind, code = "not-screened", "J415"
            text = f"{entry.id} has no pass or fail{in_round}: a screener must give it a verdict"
        else:
            kind, code = "too-few-judges", "J404"
            text = f"{entry.id}: {result.reason}{in_round}: more judges must mark it, or the rules must change"
        where = record.doc.diagnostic(record.path + ("id",), code, text)
        yield _located(OpenItem(kind, text, entry.call, result.round, (entry.id,)), where)


def _not_held(cycle: Cycle, scoring: Scoring) -> Iterable[OpenItem]:
    """Under combine: best, a round in which no entry of a category has marks yet: it has not been
    held (or its sheets are missing), and every entry goes on past it as if it did not count. One
    item per call, round and category, at the round in cycle.yaml."""
    for stage in scoring.stages:
        waiting: dict[str, list[str]] = {}
        for entry_id, result in stage.results.items():
            if result.status == NO_MARKS_YET:
                waiting.setdefault(result.entry.category, []).append(entry_id)
        for category, entries in waiting.items():
            required = cycle.spec.calls[stage.call].rounds[stage.round].required  # type: ignore[union-attr, index]
            now = "no entry goes on past it (it is required)" if required else "the best of the rounds held stands for now"
            text = f"{stage.call}/{category}: the {stage.round!r} round has no marks yet: {now}; add its score sheets (or remove the round)"
            yield OpenItem("round-without-marks", text, stage.call, stage.round, tuple(sorted(entries)),
                           **_place(cycle.cycle_doc, ("calls", stage.call, "rounds", stage.round)))


def _short_of_judges(scoring: Scoring) -> Iterable[EntryScore]:
    """The final results that stopped short of judges or of a verdict, then every round result
    short of judges — under combine: best the entry goes on past such a round, and its final
    result does not say so (the same entry and round is listed once, by _unranked)."""
    for result in scoring.finals.values():
        if result.status in (TOO_FEW, NOT_SCREENED):
            yield result
    for stage in scoring.stages:
        for result in stage.results.values():
            if result.status == TOO_FEW:
                yield result


def _lines(cycle: Cycle, scoring: Scoring) -> Iterable[OpenItem]:
    """Lines of marks left out for a reason someone must still resolve."""
    for stage in scoring.stages:
        for result in stage.results.values():
            yield from _open_lines(cycle, result.entry.call, stage.round, result.entry.id, result.not_counted(), "")
    for final in scoring.finals.values():
        for missed in final.unreached:
            yield from _open_lines(cycle, final.entry.call, missed.round, final.entry.id, missed.lines.values(), "J417")


def _open_lines(cycle: Cycle, call: str, round_: str | None, entry_id: str, lines: Iterable[Any], code: str) -> Iterable[OpenItem]:
    for line in lines:
        if line.excluded is None or line.code in CONFLICT_CODES or line.excluded == OBSERVER or line.excluded in PENDING:
            continue
        found = line.code or code or "M305"  # the one exclusion without a code of its own: criteria left unmarked
        sheet = cycle.sheets[line.sheet]
        text = f"the marks of {line.judge} on {entry_id} do not count: {line.excluded}"
        where = sheet.doc.diagnostic(sheet.path(entry_id), found, text, key=True)
        yield _located(OpenItem("marks-not-counted", text, call, round_, (entry_id,), line.judge), where)


def _unmarked(cycle: Cycle, scoring: Scoring) -> Iterable[OpenItem]:
    """Entries a round's assignment file gives a judge that the judge has not marked in that round:
    one item per judge, round and call (a round's name may be shared by calls), at the judge's line
    of the file. Entries that did not reach the
    round are left out (P808 says they are assigned in vain), and so are judges not in judges.yaml
    (R204, an error)."""
    if not cycle.assignments:
        return
    rounds = has_rounds(cycle)
    stages: dict[str | None, list[Any]] = {}
    for stage in scoring.stages:
        stages.setdefault(stage.round, []).append(stage)
    for round_id, in_round in stages.items():
        assignment = assignment_for(cycle, round_id)
        if assignment is None:
            continue
        results = {entry_id: (stage.call, result) for stage in in_round for entry_id, result in stage.results.items()}
        for judge_id, entry_ids in assignment.judges.items():
            if judge_id not in cycle.judges:
                continue
            by_call: dict[str, list[str]] = {}
            for entry_id in entry_ids:
                if entry_id in results:
                    by_call.setdefault(results[entry_id][0], []).append(entry_id)
            for call_id, assigned in by_call.items():
                listed = sorted(e for e in assigned if not results[e][1].marked_by(judge_id))
                if not listed:
                    continue
                at = f" in the {round_id!r} round" if rounds and round_id is not None else ""
                text = (f"judge {judge_id} ({cycle.judges[judge_id].name}) has not marked {len(listed)} of the {len(assigned)} {call_id} entries assigned{at} "
                        f"({', '.join(listed)}): a score sheet, or lines of it, are missing")
                yield OpenItem("unmarked", text, call_id, round_id, tuple(listed), judge_id, **_place(assignment.doc, ("judges", judge_id)))


def _unassigned_round(cycle: Cycle, spec: CycleFile, judge: Judge, calls: list[str]) -> bool:
    """Whether a round of these calls that the judge may judge in (their `rounds:`) has no
    assignment file: there, any judge of the call is expected to hand in marks."""
    for call_id in calls:
        for round_id in stages_of(spec.calls[call_id]):
            if not judges_in_round(judge, round_id):
                continue
            if assignment_for(cycle, round_id) is None:
                return True
    return False


def _silent_judges(cycle: Cycle, spec: CycleFile) -> Iterable[OpenItem]:
    """Voting judges of a scored call with no marks at all, where a round of their calls (and of
    their `rounds:`) has no assignment file: a sheet is missing. In a round with a file, a judge it
    gives entries of the round is listed by _unmarked instead, and one it does not is expected to
    mark nothing there (being named in another round's file changes nothing)."""
    scored = [c for c, call in spec.calls.items() if call.judging != "designated"]
    marking = {cycle.sheets[i].judge for i in set(cycle.marks.sheet)}
    for judge_id, judge in cycle.judges.items():
        theirs = [c for c in scored if judge.calls is None or c in judge.calls]
        if not judge.voting or not theirs or judge_id in marking or not _unassigned_round(cycle, spec, judge, theirs):
            continue
        text = f"judge {judge_id} ({judge.name}) has handed in no marks for {', '.join(theirs)}: a score sheet is missing"
        yield OpenItem("no-marks", text, theirs[0] if len(theirs) == 1 else None, judge=judge_id, **_place(cycle.judges_doc, (judge_id,)))


def _undesignated(cycle: Cycle, spec: CycleFile, allocation: Allocation | None) -> Iterable[OpenItem]:
    """Designated awards with fewer entries named than their count and no record of a decision, and
    those that named enough but left a slot unfilled: a named entry could not take it (late, its
    entrant already holds an award, its country at the cap), which no one decided."""
    doc = cycle.cycle_doc
    unfilled = {(u.call, u.category, u.award): u.slots for u in allocation.unfilled} if allocation is not None else {}
    for call_id, call in spec.calls.items():
        if call.judging != "designated":
            continue
        for category_id, category in call.categories.items():
            for award_id, slot in category.awards.items():
                named = category.designated.get(award_id)
                left = unfilled.get((call_id, category_id, award_id), 0)
                if named is not None and len(named.entries) >= slot.count and left:
                    text = (f"{call_id}/{category_id} {award_id}: {left} of {slot.count} not given, although {len(named.entries)} "
                            "entries are named: a named entry cannot take it (late, or its entrant or country already served); "
                            "name another, or give fewer (list fewer entries, with decided_by)")
                    yield OpenItem("undesignated", text, call_id, **_place(doc, ("calls", call_id, "categories", category_id,
                                                                                 "designated", award_id)))
                    continue
                if slot.count == 0 or (named is not None and (len(named.entries) >= slot.count or named.decided_by is not None)):
                    continue
                listed = 0 if named is None else len(named.entries)
                text = (f"{call_id}/{category_id} {award_id}: {listed} of {slot.count} named and no decision recorded; "
                        "name the winners under designated:, or record who decided (decided_by) to give fewer")
                path = ("calls", call_id, "categories", category_id, "designated" if named is not None else "awards", award_id)
                yield OpenItem("undesignated", text, call_id, **_place(doc, path))


def _place(doc: Document | None, path: PathKey) -> dict[str, Any]:
    """Where a key is written, for an open item that no diagnostic reports."""
    if doc is None:
        return {}
    line, column = doc.key_at(path)
    return {"file": doc.file, "line": line, "column": column}


def _hidden(names: Sequence[str]) -> Iterable[OpenItem]:
    for name in names:
        text = (f"{name} is not read: its name (or its folder's) starts with a dot, and hidden files are skipped; "
                "rename it if it belongs to the cycle, or move it out of entries/, scores/ and assignments/")
        yield OpenItem("file", text, file=name)


def _reported(diagnostics: Sequence[Diagnostic]) -> Iterable[OpenItem]:
    """Problems only `validate` sees: a file not read, an entrant described two ways or named alike."""
    for d in diagnostics:
        if d.code in OPEN_REPORTED:
            kind = "file" if d.code == "F003" else "panel" if d.code in PANEL_CODES else "entrant"
            yield OpenItem(kind, d.message, code=d.code, file=d.file, line=d.line, column=d.column)
