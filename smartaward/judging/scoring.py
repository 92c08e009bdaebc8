"""Scores: every judge's marks on every entry, round by round, under the declared rules.

For each scored call the rounds are judged in order (a call without rounds has one, named None).
In each round:

1. every judge's line of marks on an entry is counted or excluded (unknown judge, call not judged,
   declared or derived conflict, observer, a missing or unreadable mark) — see panel.py; in a round
   with an assignment file, a line the file does not assign to its judge too (assigned.py);
2. a counted line gives the judge's total (weighted mean or sum of the criterion marks the round
   judges: its `criteria:`, else all of the call's — panel.round_criteria), or with `per: criterion`
   the marks themselves are carried on per criterion; under `panel: criterion` a judge may mark only
   some criteria, and the total is over those;
3. `normalise` rescales each judge's values within the call and round (z-score, percentile), or
   `calibrated` fits each judge's offset (regularised least squares);
4. the values of the counted judges are aggregated (mean, median, sum, trimmed; per criterion over
   the judges who marked it), each criterion's aggregate and then the score times the entry's
   `factors:`, rounded half-up to `decimals:` where the rules say; approval counts the judges whose
   total reaches `approve:`. For a rank method, each judge's values become a ranking and the
   rankings are combined per category (rank-sum, Borda, Schulze, Kemeny here; Copeland, points,
   Bradley–Terry, Crowd-BT, majority judgment, IRV and skating in ranked.py); in a round marked
   with pairs sheets, the judges' comparisons are what Copeland and the two fits read (pairs.py);
5. a screening round counts pass/fail verdicts instead; a shortlist lets the top K (all tied at the
   cut) or those at or above a threshold through to the next round, ranked on this round's score
   or the sum of the rounds its `on:` names.

An entry's final result is its result in the last round it reached (with the scores of earlier
rounds combined, where `combine` says so). Under `combine: best` a round without any marks for an
entry is one it did not start, and one with too few judges does not count: neither stops it
(unless the round is `required`), and its best counted round makes its score. A round without any
marks for any entry of a category has not been held yet: it does not count either, and the result
stays provisional (awards/status.py). Everything is recorded — the excluded lines and why, the
trimmed marks, the normalised values — so that `explain` can show how each result came about.

This module runs the rounds; the steps live in their own modules: stages.py (the result data and
reading a line), normalise.py (step 3), aggregate.py (step 4, with ranked.py for the rank methods
it does not place itself, pairs.py for comparisons and methods.py for the formulas) and rounds.py
(step 5, and how rounds combine). Steps 2 and 4 run, where they can, over a round's marks as arrays
(columnar.py, the default ENGINE), with exactly the results of the line-by-line code, the reference.

Arithmetic never depends on the order of files or marks: sums use `math.fsum` (exactly rounded),
and scores are rounded to SCORE_DECIMALS places (or half-up to the rules' `decimals:`) before they
are compared, so two scores equal in decimal arithmetic tie instead of differing in the last binary digit.
"""

from __future__ import annotations

import sys
from itertools import chain
from typing import TYPE_CHECKING, Any

from smartaward.judging.aggregate import aggregate, criterion_means, rank_category
from smartaward.judging.assigned import UNASSIGNED, assignment_for, judges_by_entry, unassigned_reason
from smartaward.judging.measured import ValueTable, add_measured, parts_in_round, value_table
from smartaward.judging.normalise import normalise
from smartaward.judging.pairs import PAIR_METHODS
from smartaward.judging.panel import Rules, entry_exclusion, judge_exclusion, partial_panel, rules_for, stages_of
from smartaward.judging.rounds import (
    apply_thresholds,
    best_of,
    combine,
    did_not_start,
    is_screening,
    no_marks_yet,
    screen,
    shortlist,
    unheld,
)
from smartaward.judging.stages import (
    LATE,
    METHOD_LIMIT,
    NOT_A_NUMBER,
    NOT_REACHED,
    NOT_SCREENED,
    NOT_SHORTLISTED,
    NUMBER_TYPES,
    PENDING,
    SCORE_DECIMALS,
    SCREENED_OUT,
    TOO_FEW,
    UNREACHED,
    VERDICTS,
    WRONG_KIND,
    DeferredScore,
    EntryScore,
    Line,
    Scoring,
    Stage,
    Weights,
    criterion_values,
    factors_of,
    is_rank,
    is_verdict,
    read_line,
    too_few_judges,
)
from smartaward.model.cyclefiles import Call, CycleFile, Entry
from smartaward.reading.load import Cycle

if TYPE_CHECKING:
    from smartaward.judging.columnar import Columns

__all__ = ["LATE", "METHOD_LIMIT", "NOT_A_NUMBER", "NOT_REACHED", "NOT_SCREENED", "NOT_SHORTLISTED", "NUMBER_TYPES",
           "PENDING", "SCORE_DECIMALS", "SCREENED_OUT", "TOO_FEW", "UNREACHED", "VERDICTS", "WRONG_KIND", "EntryScore",
           "Line", "Scoring", "Stage", "Weights", "criterion_values", "is_rank", "is_verdict", "score_cycle",
           "score_entries"]


# Which engine judges the rounds: "columnar" (judging/columnar.py: a round's marks as arrays, where it
# covers the round) or "reference" (line by line; the tests compare the two: tests/test_columnar.py).
ENGINE = "columnar"
# numpy's import (60–120 ms here) is paid back at about 4 µs a line: a round with fewer lines than
# this is read by the reference, unless numpy is loaded already (the tests set it to 0).
COLUMNAR_FROM = 20_000


def score_cycle(cycle: Cycle, method: str | None = None) -> Scoring:
    """Every round of every scored call. `method` replaces every round's aggregation (rank --compare).

    Nothing is remembered: the checks and the ranking that need the scores of one loaded cycle are
    handed the same Scoring by their caller (smartaward.api)."""
    return _score_cycle(cycle, method)


def score_entries(cycle: Cycle) -> dict[str, EntryScore]:
    """The final result of every entry of every scored call, by entry id (in id order)."""
    return score_cycle(cycle).finals


Grouped = dict[str | None, dict[str, dict[str, tuple[int, Any]]]]


def _grouped_marks(cycle: Cycle) -> Grouped:
    """round → entry → judge → (sheet, marks as written). A judge's first sheet for a round wins."""
    grouped: Grouped = {}
    sheets, table = cycle.sheets, cycle.marks
    # Where no call has rounds, a round named on a sheet is an error (J407) but not a reason to
    # leave its marks out: they count as the one round's, so the mistake is reported only once.
    rounds = cycle.spec is not None and any(call.rounds for call in cycle.spec.calls.values())
    for sheet_no, start, stop in table.runs():  # (a sheet's lines are one run: its judge and round once)
        sheet = sheets[sheet_no]
        by_entry = grouped.setdefault(sheet.round if rounds else None, {})
        judge = sheet.judge
        for entry_id, marks in zip(table.entry[start:stop], table.marks[start:stop], strict=True):
            lines = by_entry.get(entry_id)
            if lines is None:
                by_entry[entry_id] = {judge: (sheet_no, marks)}
            elif judge not in lines:
                lines[judge] = (sheet_no, marks)
    return grouped


def _score_cycle(cycle: Cycle, method: str | None) -> Scoring:
    spec = cycle.spec
    assert spec is not None, "scoring needs a cycle.yaml that passed its schema"
    grouped = _grouped_marks(cycle)
    values = value_table(cycle)[0] if any(call.measured for call in spec.calls.values()) else {}
    finals: dict[str, EntryScore] = {}
    stages: list[Stage] = []
    for call_id, call in spec.calls.items():
        if call.judging != "scored":
            continue
        entries = sorted((record.entry for record in cycle.entry_index.values()
                          if record.entry.call == call_id and record.entry.category in call.categories),
                         key=lambda e: e.id)
        judged = _CallJudging(cycle, spec, call_id, call, grouped, method, values)
        finals.update(judged.run(entries, stages))
    return Scoring(dict(sorted(finals.items())), stages)


class _CallJudging:
    """The rounds of one call, judged in order."""

    def __init__(self, cycle: Cycle, spec: CycleFile, call_id: str, call: Call,
                 grouped: Grouped, method: str | None, values: ValueTable | None = None) -> None:
        self.cycle, self.spec, self.call_id, self.call = cycle, spec, call_id, call
        self.grouped, self.method = grouped, method
        self.values = values or {}  # the measured values (measured.py), by round, entry and part
        self.kinds: dict[str, frozenset[int]] = {}  # marking → the sheets of another kind (wrong_kind)
        self.weights = Weights.of(call)
        # Most judges vote, declare no conflict and judge this call: no rule to apply to their lines.
        self.plain = set() if spec.rules.conflicts is not None else {
            j for j, judge in cycle.judges.items()
            if judge.voting and not judge.conflicts and (judge.calls is None or call_id in judge.calls)}
        # Rounds with an assignment file: entry → the judges whose lines may count, and why others do not.
        self.assigned: dict[str | None, tuple[dict[str, frozenset[str]], str]] = {}
        for round_id in stages_of(call):
            assignment = assignment_for(cycle, round_id)
            if assignment is not None:
                self.assigned[round_id] = (judges_by_entry(assignment), unassigned_reason(assignment))

    def run(self, entries: list[Entry], stages: list[Stage]) -> dict[str, EntryScore]:
        history: dict[str, list[EntryScore]] = {e.id: [] for e in entries}
        finals: dict[str, EntryScore] = {}
        going = []
        rounds = stages_of(self.call)
        for entry in entries:
            late = entry_exclusion(entry, self.call)
            if late is None:
                going.append(entry)
                continue
            # Never judged, whatever its marks; its lines are still read, so that exclusions (a
            # conflict) are reported and explain can show them.
            first = rounds[0]  # (a late entry is assigned to no one: its lines are read without the assignment rule)
            result = self._lines(entry, first, rules_for(self.spec, self.call, first, self.method), is_screening(self.call, first),
                                 assigned=False)
            result.reason, result.status = late, LATE
            finals[entry.id] = result
            history[entry.id].append(result)
        for position, round_id in enumerate(rounds):
            stage = self._stage(round_id, going)
            stages.append(stage)
            last = position == len(rounds) - 1
            for entry_id, result in stage.results.items():
                history[entry_id].append(result)
            if last:
                break
            through = shortlist(stage, self.call, self.spec, history)
            for entry in going:
                if entry.id not in through:
                    finals[entry.id] = stage.results[entry.id]
            going = [e for e in going if e.id in through]
        rounding = rules_for(self.spec, self.call).rounding  # a combine's decimals round as the call's rules say, unless it says
        for entry in going:
            finals[entry.id] = combine(history[entry.id], self.call, rounding)
        thresholds = any(criterion.threshold is not None for criterion in self.call.criteria.values())
        for entry_id, result in finals.items():
            result.stages = history[entry_id] or [result]
            if thresholds:  # (without one, no entry is ineligible for it)
                apply_thresholds(result, self.call)
        if len(rounds) > 1:
            self._unreached(entries, rounds, history, finals)
        return finals

    def _unreached(self, entries: list[Entry], rounds: list[str | None], history: dict[str, list[EntryScore]],
                   finals: dict[str, EntryScore]) -> None:
        """Marks in the rounds an entry never reached (it stopped, or was late): read, never counted."""
        for entry in entries:
            reached = {result.round for result in history[entry.id]}
            for round_id in rounds:
                marks = self.grouped.get(round_id, {}).get(entry.id)
                if round_id in reached or not marks:
                    continue
                result = EntryScore(entry, round_id, reason=UNREACHED, status=NOT_REACHED)
                for judge_id, (sheet, written) in sorted(marks.items()):
                    result.lines[judge_id] = Line(judge_id, sheet, written, excluded=UNREACHED, code="J417")
                finals[entry.id].unreached.append(result)

    # -- one round --------------------------------------------------------------------------------

    def _stage(self, round_id: str | None, entries: list[Entry]) -> Stage:
        rules = rules_for(self.spec, self.call, round_id, None if is_screening(self.call, round_id) else self.method)
        stage = Stage(self.call_id, round_id, rules, is_screening(self.call, round_id), {})
        columns = self._read(stage, entries)
        if stage.screening:
            for result in stage.results.values():
                screen(result, self.call)
            return stage
        weights = self.weights.in_round(round_id)  # the criteria judged in this round
        # Under best-of, an entry without a single line in the round did not start it: not a zero,
        # and not too few judges either (it goes on, unless the round is required). Where no entry
        # of its category has a line, the round has not been held yet: no one did not start it.
        best = best_of(self.call)
        waiting = self._not_held(stage) if best else frozenset()
        if not rules.by_rank:
            normalise(stage, self.call, self.spec, weights)
        means = columns.criterion_means() if columns is not None else {}
        computed, published = columns.aggregated(rules) if columns is not None else ({}, {})
        for position, result in enumerate(stage.results.values()):
            if position in means:
                result.criterion_means = means[position]
            elif columns is None or not columns.regular[position]:
                criterion_means(result, rules, self.call, weights)
            # (a regular entry's counted lines are the columns' rows: the lines the engine read)
            counted = columns.counted(position) if columns is not None and columns.regular[position] else result.judges
            if result.entry.category in waiting:
                no_marks_yet(result)
            elif best and not result.lines:
                did_not_start(result)
            elif counted < rules.min_judges:
                result.reason = too_few_judges(counted, rules.min_judges)
                result.status = TOO_FEW
            if rules.by_rank:
                continue
            if columns is not None and position in published and factors_of(result.entry, round_id)[0] is None:
                columns.publish(result, rules, published[position], computed[position])
            else:
                aggregate(result, rules, weights, computed.get(position))
        self._measured(stage, weights)
        if rules.by_rank:
            for category in self.call.categories:
                rank_category(stage, category)
        elif rules.aggregate in ("sum", "trimmed-sum"):
            self._note_sizes(stage)
        return stage

    def _measured(self, stage: Stage, weights: Weights) -> None:
        """The round's measured parts added to each judged score (measured.py; R211 where the round ranks)."""
        rules = stage.rules
        parts = parts_in_round(self.call, stage.round)
        if not parts:
            return
        if rules.by_rank or rules.aggregate == "approval":  # only under rank --compare: declared, it is R211
            where = f"{stage.round}: " if stage.round is not None else ""
            for category in self.call.categories:
                stage.notes.setdefault(category, []).append(
                    f"{where}the measured parts ({', '.join(parts)}) are added to a score of marks, and {rules.aggregate} gives none: "
                    "they are left out")
            return
        given = self.values.get(stage.round, {})
        for result in stage.results.values():
            add_measured(result, rules, self.call, weights, parts, given.get(result.entry.id))

    def _note_sizes(self, stage: Stage) -> None:
        """A sum over panels of different sizes favours the larger: the ranking says so."""
        rules = stage.rules
        for category in self.call.categories:
            sizes = sorted({r.judges for r in stage.results.values() if r.entry.category == category and r.score is not None and r.reason is None})
            if len(sizes) > 1:
                where = f"{stage.round}: " if stage.round is not None else ""
                stage.notes.setdefault(category, []).append(
                    f"{where}{rules.aggregate}: panels differ in size ({sizes[0]} to {sizes[-1]} judges) and sums are not scaled, so a larger panel adds "
                    "more")

    def _read(self, stage: Stage, entries: list[Entry]) -> Columns | None:
        """Every entry's lines in the round. The columnar engine, where it covers the round (marks, not
        ranks, pairs or verdicts; every line over every criterion of the round, not panel: criterion),
        reads the marks of all of them at once; the Columns it returns hold them for the means and
        aggregates."""
        reader = _LineReader(self, stage.round, stage.rules, stage.screening)
        rules = stage.rules
        if (ENGINE != "columnar" or stage.screening or rules.marking != "scores" or partial_panel(rules, self.call)
                or rules.correct is not None):  # (a correction moves totals: aggregate.py corrects them line by line)
            for entry in entries:
                stage.results[entry.id] = reader.read(entry)
            return None
        # The round's rows of marks, entry by entry: a DeferredScore's source (judge, (sheet, marks)),
        # or a Line of an entry read line by line (another of its lines is excluded).
        rows: list[Line | tuple[str, tuple[int, Any]]] = []
        bounds = [0]
        deferred = []
        made: list[int] = []  # the rows that are Lines
        for entry in entries:
            first = len(rows)
            result = stage.results[entry.id] = reader.read(entry, rows)
            if type(result) is DeferredScore:
                assert result.source is not None  # (its lines are not made yet)
                result.first = first
                rows += result.source
                deferred.append(result)
            elif len(rows) > first:
                made += range(first, len(rows))
            bounds.append(len(rows))
        if len(rows) < COLUMNAR_FROM and "numpy" not in sys.modules:
            # (a DeferredScore's lines are made now, without totals, and read as the others)
            lines: list[Any] = [rows[row] for row in made]
            for line in chain(lines, *(result.lines.values() for result in deferred)):
                reader.read_marks(line)
            return None
        from smartaward.judging import columnar  # noqa: PLC0415  (numpy with it: only for a round worth it)
        return columnar.read_marks(columnar.Rows(rows, made, bounds, list(stage.results.values()), deferred),
                                   self.call, reader.weights, rules)

    def _not_held(self, stage: Stage) -> frozenset[str]:
        """Under best-of, the categories no entry of which has marks in the round yet: noted on the
        ranking (awards/status.py lists the round as open)."""
        waiting = unheld(stage)
        required = self.call.rounds[stage.round].required  # type: ignore[index]
        for category in sorted(waiting, key=list(self.call.categories).index):
            stage.notes.setdefault(category, []).append(
                f"{stage.round}: no entry of this category has marks in this round yet, so it "
                f"{'stops every entry (it is required)' if required else 'counts for no one'}; "
                "the result is provisional until they are in")
        return waiting

    def wrong_kind(self, marking: str) -> frozenset[int]:
        """The sheets (by number) of another kind than `marking` (marks, ranks or pairs)."""
        if marking not in self.kinds:
            self.kinds[marking] = frozenset(i for i, sheet in enumerate(self.cycle.sheets) if sheet.key != marking)
        return self.kinds[marking]

    def _lines(self, entry: Entry, round_id: str | None, rules: Rules, screening: bool, assigned: bool = True) -> EntryScore:
        return _LineReader(self, round_id, rules, screening, assigned).read(entry)


class _LineReader:
    """How the lines of one round are read: what every line of the round shares, worked out once."""

    def __init__(self, judging: _CallJudging, round_id: str | None, rules: Rules, screening: bool, assigned: bool = True) -> None:
        self.judging, self.round_id, self.rules, self.screening = judging, round_id, rules, screening
        self.of_entry = judging.grouped.get(round_id, {})  # entry → judge → (sheet, marks) in this round
        # The judges the round's assignment file gives each entry (None: no file, every judge may count).
        self.assigned = judging.assigned.get(round_id) if assigned else None
        # The round's criteria (a round may judge only some of the call's: `criteria:` in the round).
        self.weights = judging.weights.in_round(round_id)
        # A pairs line counts with no total (the method reads the judgments: judging/pairs.py), unless the
        # method reads none (R211; rank --compare with such a method).
        self.unread = None if rules.aggregate in PAIR_METHODS else f"comparisons, which {rules.aggregate} does not read"
        self.per_criterion = rules.per == "criterion" and bool(judging.call.criteria) and not rules.by_rank
        self.partial = partial_panel(rules, judging.call)  # a judge may mark only some criteria; the line counts for those
        # The sheets of another kind than the round's marking (their lines are excluded: WRONG_KIND).
        self.wrong_kind = judging.wrong_kind(rules.marking)

    def _excluded(self, line: Line, entry: Entry, allowed: frozenset[str] | None, unassigned: str) -> bool:
        """Whether the line is excluded for its sheet or its judge (and why, on the line)."""
        excluded = self._exclusion(line.judge, line.sheet, entry, allowed, unassigned)
        if excluded is None:
            return False
        line.code, line.excluded = excluded
        return True

    def _exclusion(self, judge_id: str, sheet: int, entry: Entry, allowed: frozenset[str] | None,
                   unassigned: str) -> tuple[str | None, str] | None:
        """Why a judge's line on the entry is excluded for its sheet or its judge, (code, reason); or None."""
        judging = self.judging
        if not self.screening and sheet in self.wrong_kind:
            return None, WRONG_KIND
        if judge_id not in judging.plain:
            judge = judging.cycle.judges.get(judge_id)
            if judge is None:
                return None, "the judge is not in judges.yaml"
            excluded = judge_exclusion(judge, entry, judging.spec.rules.conflicts)
            if excluded is not None:
                return excluded
        if allowed is not None and judge_id not in allowed:
            return UNASSIGNED, unassigned
        return None

    def _allowed(self, entry: Entry) -> tuple[frozenset[str] | None, str]:
        """The judges whose lines on the entry may count under the round's assignment file (None: any),
        and why another's do not."""
        if self.assigned is None:
            return None, ""
        by_entry, unassigned = self.assigned
        return by_entry.get(entry.id, frozenset()), unassigned

    def read(self, entry: Entry, deferred: list[Any] | None = None) -> EntryScore:
        """The entry's lines in the round, each counted or excluded. With `deferred` (the columnar
        engine), a line of marks that passes every rule about its judge is not read here but left
        for the engine, which reads the marks of the whole round at once (judging/columnar.py)."""
        group = self.of_entry.get(entry.id, {})
        if deferred is not None and self._all_count(entry, group):
            # The common case: no line excluded for its sheet or its judge. Its lines are made only if
            # something asks for them (stages.DeferredScore); _read gives the engine their marks.
            return DeferredScore.of(entry, self.round_id, sorted(group.items()))
        result = EntryScore(entry, self.round_id)
        allowed, unassigned = self._allowed(entry)
        rules, screening = self.rules, self.screening
        by_ranks = rules.marking == "ranks"
        by_pairs = rules.marking == "pairs"
        lines = result.lines
        for judge_id, (sheet, marks) in sorted(group.items()):
            line = lines[judge_id] = Line(judge_id, sheet, marks)
            if self._excluded(line, entry, allowed, unassigned):
                continue
            if screening:
                if not is_verdict(marks):
                    line.excluded = "a verdict is not pass or fail"
                continue
            if by_pairs:
                line.excluded = self.unread
                continue
            if by_ranks:
                if not is_rank(marks):
                    line.excluded = NOT_A_NUMBER
                    continue
                line.total = -float(marks)
                continue
            if deferred is not None:
                deferred.append(line)
                continue
            self.read_marks(line)
        return result

    def _all_count(self, entry: Entry, group: dict[str, tuple[int, Any]]) -> bool:
        """Whether no line of the entry in a round of marks is excluded for its sheet or its judge."""
        if self.assigned is None and not self.wrong_kind and self.judging.plain.issuperset(group):
            return True  # (judges with no rule to apply, on sheets of the round's kind: decided in C)
        allowed, unassigned = self._allowed(entry)
        return all(self._exclusion(judge_id, sheet, entry, allowed, unassigned) is None for judge_id, (sheet, _) in group.items())

    def read_marks(self, line: Line) -> None:
        """A line of marks whose judge counts: the judge's total (per criterion, the marks too), or why not."""
        weights = self.weights
        read = read_line(self.judging.call, line.marks, weights, self.rules.total, self.partial)
        if isinstance(read, str):
            line.excluded = read
            return
        line.total, values = read
        if self.per_criterion:
            line.per_criterion = values if isinstance(values, dict) else dict(zip(weights.criteria, values, strict=False))
