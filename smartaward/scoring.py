"""Scores: every judge's marks on every entry, round by round, under the declared rules.

For each scored call the rounds are judged in order (a call without rounds has one, named None).
In each round:

1. every judge's line of marks on an entry is counted or excluded (unknown judge, call not judged,
   declared or derived conflict, observer, a missing or unreadable mark) — see panel.py;
2. a counted line gives the judge's total (weighted mean or sum of the criterion marks), or with
   `per: criterion` the marks themselves are carried on per criterion;
3. `normalise` rescales each judge's values within the call and round (z-score, percentile);
4. the values of the counted judges are aggregated (mean, median, sum, trimmed) — or, for a rank
   method, each judge's values become a ranking and the rankings are combined per category;
5. a screening round counts pass/fail verdicts instead; a shortlist lets the top K (all tied at the
   cut) or those at or above a threshold through to the next round.

An entry's final result is its result in the last round it reached (with the scores of earlier
rounds combined, where `combine` says so). Everything is recorded — the excluded lines and why, the
trimmed marks, the normalised values — so that `explain` can show how each result came about.

Arithmetic never depends on the order of files or marks: sums use `math.fsum` (exactly rounded),
and scores are rounded to SCORE_DECIMALS places before they are compared, so two scores equal in
decimal arithmetic tie instead of differing in the last binary digit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from math import fsum
from operator import mul
from typing import Any
from weakref import WeakKeyDictionary

from . import methods
from .load import Cycle
from .model import Call, CycleFile, Entry, Scale
from .panel import Rules, entry_exclusion, judge_exclusion, rules_for, stages_of

SCORE_DECIMALS = 6

NUMBER_TYPES = frozenset({int, float})  # bool is a subclass of int, but never a mark
NOT_A_NUMBER = "a mark is not a number"  # reported by checks/marks.py; the total waits for the fix
WRONG_KIND = "ranks where marks are expected, or marks where ranks are"  # M307; waits for the fix too
PENDING = frozenset({NOT_A_NUMBER, WRONG_KIND})
VERDICTS = {"pass": True, "fail": False}

# Why an entry stopped: the `status` of its result (reason gives the words).
LATE, TOO_FEW, SCREENED_OUT, NOT_SCREENED, NOT_SHORTLISTED, METHOD_LIMIT = (
    "late", "too-few-judges", "screened-out", "not-screened", "not-shortlisted", "method-limit")


@dataclass(slots=True)  # one per score line: millions in a big cycle, so no per-object dict
class Line:
    """One judge's marks on one entry in one round, and what became of them."""

    judge: str
    sheet: int  # index into cycle.sheets
    marks: Any  # as written: criterion → mark, one overall mark, a rank, or a verdict
    total: float | None = None  # the judge's raw total (higher is better; a rank r counts as -r)
    per_criterion: dict[str, float] | None = None  # with `per: criterion`: the marks, aggregated one by one
    normalised: dict[str, float] | None = None  # the channels after normalisation
    excluded: str | None = None  # why the line does not count
    code: str | None = None  # the diagnostic that reports the exclusion, if any
    trimmed: list[str] | None = None  # "highest"/"lowest" (per criterion: "impact: lowest")

    @property
    def counted(self) -> bool:
        return self.excluded is None

    @property
    def channels(self) -> dict[str, float]:
        """What is aggregated across judges: the total, or each criterion's mark."""
        if self.per_criterion is not None:
            return self.per_criterion
        return {} if self.total is None else {"total": self.total}

    def channel(self, name: str, normalised: bool) -> float:
        if normalised and self.normalised is not None:
            return self.normalised[name]
        if name == "total":
            assert self.total is not None
            return self.total
        assert self.per_criterion is not None
        return self.per_criterion[name]

    @property
    def value(self) -> float | None:
        """The judge's total as counted: normalised where the rules normalise."""
        if self.normalised is not None and "total" in self.normalised:
            return self.normalised["total"]
        return self.total


@dataclass
class EntryScore:
    """An entry's result in one round; the final one also holds the rounds before it (`stages`)."""

    entry: Entry
    round: str | None = None
    lines: dict[str, Line] = field(default_factory=dict)  # by judge id, in id order
    score: float | None = None
    raw_score: float | None = None  # the same aggregation without normalisation
    higher_is_better: bool = True  # False for rank-sum: the lowest sum of ranks wins
    by_rank: bool = False  # scored by a rank method: the score is not a mark (no min_score, no threshold)
    criterion_means: dict[str, float] = field(default_factory=dict)
    reason: str | None = None  # why the entry is not ranked; None when it is
    status: str | None = None  # a stable word for the reason (LATE, TOO_FEW, ...)
    ineligible: str | None = None  # ranked, but not eligible for awards (a criterion threshold)
    verdicts: tuple[int, int] | None = None  # screening: (passes, fails)
    detail: dict[str, Any] = field(default_factory=dict)  # method-specific facts, e.g. the rank sum
    stages: list[EntryScore] = field(default_factory=list)  # every round the entry took part in

    @property
    def totals(self) -> dict[str, float]:
        """The counted judges' totals (normalised where the rules normalise), by judge id."""
        return {j: line.value for j, line in self.lines.items() if line.counted and line.value is not None}

    @property
    def excluded(self) -> dict[str, str]:
        return {j: line.excluded for j, line in self.lines.items() if line.excluded is not None}

    @property
    def excluded_by(self) -> dict[str, str]:
        return {j: line.code for j, line in self.lines.items() if line.code is not None}

    @property
    def judges(self) -> int:
        return sum(1 for line in self.lines.values() if line.counted)

    @property
    def pending(self) -> bool:
        """A judge's marks could not be read as numbers: the panel is counted once they are fixed."""
        return any(line.excluded in PENDING for s in self.stages or [self] for line in s.lines.values())


@dataclass
class Stage:
    """One round of one call: its rules and every participating entry's result."""

    call: str
    round: str | None
    rules: Rules
    screening: bool
    results: dict[str, EntryScore]  # entry id → result, in id order
    not_normalised: dict[str, str] = field(default_factory=dict)  # judge → why their marks stay raw
    notes: dict[str, list[str]] = field(default_factory=dict)  # category → what the report should say
    matrices: dict[str, Any] = field(default_factory=dict)  # category → methods.Schulze / methods.Kemeny
    limits: dict[str, str] = field(default_factory=dict)  # category → why the method could not rank it
    awaiting_chair: list[list[str]] = field(default_factory=list)  # ties at a shortlist's cut, undecided


@dataclass
class Scoring:
    finals: dict[str, EntryScore]  # entry id → its final result, in id order
    stages: list[Stage]


@dataclass(frozen=True)
class Weights:
    """A call's criteria and weights, prepared once for the millions of totals of a big cycle."""

    criteria: tuple[str, ...]
    weights: tuple[float, ...]
    total: float
    equal: bool

    @classmethod
    def of(cls, call: Call) -> Weights:
        weights = tuple(c.weight for c in call.criteria.values())
        return cls(tuple(call.criteria), weights, fsum(weights), len(set(weights)) <= 1)

    def combine(self, values: list[float], how: str) -> float:
        """Criterion values → one total: weighted mean (equal weights: the plain mean) or weighted sum."""
        if how == "weighted-sum":
            return fsum(map(mul, self.weights, values))
        if self.equal:
            return fsum(values) / len(values)
        return fsum(map(mul, self.weights, values)) / self.total


def judge_total(call: Call, marks: Any, weights: Weights, how: str = "weighted-mean") -> float | str:
    """A judge's total over the call's criteria, or the reason there is none."""
    values = criterion_values(call, marks, weights)
    if isinstance(values, str):
        return values
    if not call.criteria:
        return values[0]
    try:
        return weights.combine(values, how)
    except OverflowError:  # a huge integer mark (reported as off the scale)
        return NOT_A_NUMBER


def criterion_values(call: Call, marks: Any, weights: Weights) -> list[float] | str:
    """The marks in criterion order (one overall mark for a call without criteria), or why not."""
    if not call.criteria:
        if type(marks) is dict:
            return "criterion marks where one overall mark is expected"
        if type(marks) not in NUMBER_TYPES or abs(marks) > 1e300:  # a huge integer: off the scale (M301)
            return NOT_A_NUMBER
        return [float(marks)]
    if type(marks) is not dict:
        return "one overall mark where criterion marks are expected"
    try:
        values = [marks[c] for c in weights.criteria]
    except KeyError:
        return f"no mark for {', '.join(c for c in weights.criteria if c not in marks)}"
    if not NUMBER_TYPES.issuperset(map(type, values)):
        return NOT_A_NUMBER
    try:
        return list(map(float, values))
    except OverflowError:  # a huge integer mark (reported as off the scale)
        return NOT_A_NUMBER


def is_rank(value: Any) -> bool:
    return type(value) is int and value >= 1


def is_verdict(value: Any) -> bool:
    return type(value) is str and value in VERDICTS


# Checks (J404 and others) and rank both need the scores of the same loaded cycle: compute once.
_computed: WeakKeyDictionary[Cycle, dict[str | None, Scoring]] = WeakKeyDictionary()


def score_cycle(cycle: Cycle, method: str | None = None) -> Scoring:
    """Every round of every scored call. `method` replaces every round's aggregation (rank --compare)."""
    memo = _computed.setdefault(cycle, {})
    if method not in memo:
        memo[method] = _score_cycle(cycle, method)
    return memo[method]


def score_entries(cycle: Cycle) -> dict[str, EntryScore]:
    """The final result of every entry of every scored call, by entry id (in id order)."""
    return score_cycle(cycle).finals


def _grouped_marks(cycle: Cycle) -> dict[tuple[str | None, str], dict[str, tuple[int, Any]]]:
    """(round, entry) → judge → (sheet, marks as written). A judge's first sheet for a round wins."""
    grouped: dict[tuple[str | None, str], dict[str, tuple[int, Any]]] = defaultdict(dict)
    sheets = cycle.sheets
    # Where no call has rounds, a round named on a sheet is an error (J407) but not a reason to
    # leave its marks out: they count as the one round's, so the mistake is reported only once.
    rounds = cycle.spec is not None and any(call.rounds for call in cycle.spec.calls.values())
    for sheet_no, entry_id, marks in cycle.marks.rows():
        sheet = sheets[sheet_no]
        grouped[(sheet.round if rounds else None, entry_id)].setdefault(sheet.judge, (sheet_no, marks))
    return grouped


def _score_cycle(cycle: Cycle, method: str | None) -> Scoring:
    spec = cycle.spec
    assert spec is not None, "scoring needs a cycle.yaml that passed its schema"
    grouped = _grouped_marks(cycle)
    finals: dict[str, EntryScore] = {}
    stages: list[Stage] = []
    for call_id, call in spec.calls.items():
        if call.judging != "scored":
            continue
        entries = sorted((record.entry for record in cycle.entry_index.values()
                          if record.entry.call == call_id and record.entry.category in call.categories),
                         key=lambda e: e.id)
        judged = _CallJudging(cycle, spec, call_id, call, grouped, method)
        finals.update(judged.run(entries, stages))
    return Scoring(dict(sorted(finals.items())), stages)


class _CallJudging:
    """The rounds of one call, judged in order."""

    def __init__(self, cycle: Cycle, spec: CycleFile, call_id: str, call: Call,
                 grouped: dict[tuple[str | None, str], dict[str, tuple[int, Any]]], method: str | None) -> None:
        self.cycle, self.spec, self.call_id, self.call = cycle, spec, call_id, call
        self.grouped, self.method = grouped, method
        self.weights = Weights.of(call)
        # Most judges vote, declare no conflict and judge this call: no rule to apply to their lines.
        self.plain = set() if spec.rules.conflicts is not None else {
            j for j, judge in cycle.judges.items()
            if judge.voting and not judge.conflicts and (judge.calls is None or call_id in judge.calls)}

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
            first = rounds[0]
            result = self._lines(entry, first, rules_for(self.spec, self.call, first, self.method), self._screening(first))
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
            through = self._through(stage)
            for entry in going:
                if entry.id not in through:
                    finals[entry.id] = stage.results[entry.id]
            going = [e for e in going if e.id in through]
        for entry in going:
            finals[entry.id] = self._final(history[entry.id])
        for entry_id, result in finals.items():
            result.stages = history[entry_id] or [result]
            self._threshold(result)
        return finals

    # -- one round --------------------------------------------------------------------------------

    def _stage(self, round_id: str | None, entries: list[Entry]) -> Stage:
        rules = rules_for(self.spec, self.call, round_id, None if self._screening(round_id) else self.method)
        stage = Stage(self.call_id, round_id, rules, self._screening(round_id), {})
        for entry in entries:
            stage.results[entry.id] = self._lines(entry, round_id, rules, stage.screening)
        if stage.screening:
            for result in stage.results.values():
                self._screen(result)
            return stage
        if not rules.by_rank:
            self._normalise(stage)
        for result in stage.results.values():
            self._criterion_means(result, rules)
            counted = result.judges
            if counted < rules.min_judges:
                result.reason = f"{counted} valid score{'s' if counted != 1 else ''}, fewer than min_judges ({rules.min_judges})"
                result.status = TOO_FEW
            if not rules.by_rank:
                self._aggregate(result, rules)
        if rules.by_rank:
            for category in self.call.categories:
                self._rank_method(stage, category)
        elif rules.aggregate in ("sum", "trimmed-sum"):
            for category in self.call.categories:
                sizes = sorted({r.judges for r in stage.results.values() if r.entry.category == category and r.score is not None and r.reason is None})
                if len(sizes) > 1:
                    where = f"{stage.round}: " if stage.round is not None else ""
                    stage.notes.setdefault(category, []).append(
                        f"{where}{rules.aggregate}: panels differ in size ({sizes[0]} to {sizes[-1]} judges) and sums are not scaled, so a larger panel adds more")
        return stage

    def _screening(self, round_id: str | None) -> bool:
        return round_id is not None and self.call.rounds[round_id].screening

    def _lines(self, entry: Entry, round_id: str | None, rules: Rules, screening: bool) -> EntryScore:
        result = EntryScore(entry, round_id)
        conflicts = self.spec.rules.conflicts
        judges, plain, call, weights = self.cycle.judges, self.plain, self.call, self.weights
        by_ranks = rules.marking == "ranks"
        per_criterion = rules.per == "criterion" and bool(call.criteria) and not rules.by_rank
        combine = (lambda values: values[0]) if not call.criteria else (lambda values: weights.combine(values, rules.total))
        lines = result.lines
        sheets = self.cycle.sheets
        for judge_id, (sheet, marks) in sorted(self.grouped.get((round_id, entry.id), {}).items()):
            line = lines[judge_id] = Line(judge_id, sheet, marks)
            if not screening and sheets[sheet].key != rules.marking:
                line.excluded = WRONG_KIND
                continue
            judge = judges.get(judge_id)
            if judge is None:
                line.excluded = "the judge is not in judges.yaml"
                continue
            if judge_id not in plain:
                excluded = judge_exclusion(judge, entry, conflicts)
                if excluded is not None:
                    line.code, line.excluded = excluded
                    continue
            if screening:
                if not is_verdict(marks):
                    line.excluded = "a verdict is not pass or fail"
                continue
            if by_ranks:
                if not is_rank(marks):
                    line.excluded = NOT_A_NUMBER
                    continue
                line.total = -float(marks)
                continue
            values = criterion_values(call, marks, weights)
            if type(values) is str:
                line.excluded = values
                continue
            try:
                line.total = combine(values)
            except OverflowError:
                line.excluded = NOT_A_NUMBER
                continue
            if per_criterion:
                line.per_criterion = dict(zip(weights.criteria, values))
        return result

    def _screen(self, result: EntryScore) -> None:
        verdicts = [VERDICTS[line.marks] for line in result.lines.values() if line.counted and is_verdict(line.marks)]
        passes, fails = verdicts.count(True), verdicts.count(False)
        result.verdicts = (passes, fails)
        if not verdicts:
            result.reason, result.status = f"no screening verdict in the {result.round!r} round", NOT_SCREENED
            return
        rule = self.call.rounds[result.round].passes  # type: ignore[index]
        passed = {"all": fails == 0, "any": passes > 0, "majority": passes >= fails}[rule]
        if not passed:
            result.reason = f"did not pass the {result.round!r} screening ({passes} pass, {fails} fail; {rule} must pass)"
            result.status = SCREENED_OUT

    def _normalise(self, stage: Stage) -> None:
        """Rescale each judge's values within the call and round (z-score or percentile)."""
        rules = stage.rules
        if rules.normalise == "none":
            return
        by_judge: dict[str, list[Line]] = defaultdict(list)
        for result in stage.results.values():
            for line in result.lines.values():
                if line.counted:
                    by_judge[line.judge].append(line)
        channels = sorted({c for lines in by_judge.values() for line in lines for c in line.channels})
        # The panel's mean and spread per channel, over every counted value of the round (raw).
        panel = {c: [line.channels[c] for lines in by_judge.values() for line in lines] for c in channels}
        centre = {c: methods.mean(v) for c, v in panel.items() if v}
        scale = {c: methods.spread(v) for c, v in panel.items() if v}
        for judge_id, lines in sorted(by_judge.items()):
            if len(lines) < rules.min_scores:
                few = f"{len(lines)} score{'s' if len(lines) != 1 else ''} in the round, fewer than min_scores ({rules.min_scores})"
                if rules.normalise == "percentile":
                    # Raw marks beside percentiles would mix two scales: such a judge's values
                    # count as the percentage of the scale they reach instead.
                    for line in lines:
                        line.normalised = {c: self._percent_of_scale(c, line.channels[c], rules) for c in channels}
                    few += "; counted as percentages of the scale"
                stage.not_normalised[judge_id] = few
                continue
            normalised: dict[int, dict[str, float]] = defaultdict(dict)
            flat = []
            for channel in channels:
                values = {str(i): line.channels[channel] for i, line in enumerate(lines)}
                if rules.normalise == "z-score":
                    z = methods.zscores(values)
                    mapped = None if z is None else {k: v * scale[channel] + centre[channel] for k, v in z.items()}
                else:
                    mapped = methods.percentiles(values)
                if mapped is None:
                    flat.append(channel)
                    mapped = values
                for key, value in mapped.items():
                    normalised[int(key)][channel] = value
            if flat:
                what = "marks" if flat == ["total"] else f"marks on {', '.join(flat)}"
                stage.not_normalised[judge_id] = f"the judge's {what} do not vary (zero spread)"
            for i, line in enumerate(lines):
                line.normalised = normalised[i]
                if line.per_criterion is not None:  # the judge's total from the normalised marks
                    line.normalised["total"] = self.weights.combine([normalised[i][c] for c in self.weights.criteria], rules.total)

    def _percent_of_scale(self, channel: str, value: float, rules: Rules) -> float:
        """A raw value as a percentage of the range its scale allows (0 at the minimum, 100 at the maximum)."""
        spec, call = self.spec, self.call

        def scale_of(criterion: str | None) -> Scale:
            own = call.criteria[criterion].scale if criterion in call.criteria else None
            return own or call.scale or spec.scale

        if channel != "total" or not call.criteria:
            scale = scale_of(channel if channel != "total" else None)
            low, high = scale.min, scale.max
        else:
            scales = [scale_of(c) for c in self.weights.criteria]
            low = self.weights.combine([sc.min for sc in scales], rules.total)
            high = self.weights.combine([sc.max for sc in scales], rules.total)
        return 100 * (value - low) / (high - low)

    def _criterion_means(self, result: EntryScore, rules: Rules) -> None:
        counted = [line.marks for line in result.lines.values() if line.counted]
        if counted and self.call.criteria and rules.marking == "scores":
            columns = zip(*([m[c] for c in self.weights.criteria] for m in counted))
            result.criterion_means = {c: round(fsum(column) / len(counted), SCORE_DECIMALS)
                                      for c, column in zip(self.weights.criteria, columns)}

    def _aggregate(self, result: EntryScore, rules: Rules) -> None:
        """A score method: each channel across judges (trimmed where the rules trim), then one score."""
        counted = [line for line in result.lines.values() if line.counted]
        if not counted:
            return
        trimming = rules.aggregate.startswith("trimmed")
        if trimming and len(counted) < 2 * rules.trim + 1:
            if result.reason is None:
                result.reason = f"{len(counted)} valid scores, too few to drop the {rules.trim} highest and lowest"
                result.status = TOO_FEW
            return
        channels = list(counted[0].channels)
        normalising = rules.normalise != "none"
        scores = {}
        for normalised in (True, False) if normalising else (False,):
            per_channel = [methods.aggregate(rules.aggregate, [line.channel(c, normalised) for line in counted], rules.trim)
                           for c in channels]
            combined = per_channel[0] if channels == ["total"] else self.weights.combine(per_channel, rules.total)
            scores[normalised] = round(combined, SCORE_DECIMALS)
        result.raw_score = scores[False]
        result.score = scores[normalising]
        if trimming:  # which marks were dropped, for explain: those of the values that counted
            for channel in channels:
                low, high = methods.trim_positions([line.channel(channel, normalising) for line in counted], rules.trim)
                prefix = "" if channel == "total" else f"{channel}: "
                for positions, side in ((low, "lowest"), (high, "highest")):
                    for i in positions:
                        counted[i].trimmed = (counted[i].trimmed or []) + [prefix + side]

    def _rank_method(self, stage: Stage, category: str) -> None:
        """A rank method: each judge's ranking of the category's contenders, combined."""
        rules = stage.rules
        contenders = [r for r in stage.results.values() if r.entry.category == category and r.reason is None]
        if not contenders:
            return
        ballots: dict[str, dict[str, float]] = defaultdict(dict)
        for result in contenders:
            for line in result.lines.values():
                if line.counted and line.total is not None:
                    ballots[line.judge][result.entry.id] = line.total
        ids = [r.entry.id for r in contenders]
        counts = {r.entry.id: r.judges for r in contenders}
        for result in contenders:
            result.by_rank = True
        full = max(counts.values())
        if rules.aggregate in ("rank-sum", "borda"):
            sums = methods.rank_sum(ballots) if rules.aggregate == "rank-sum" else methods.borda(ballots)
            if len(set(counts.values())) > 1:
                stage.notes.setdefault(category, []).append(
                    f"{rules.aggregate}: panels differ in size, so each entry's {'rank sum' if rules.aggregate == 'rank-sum' else 'points'} is scaled to the full panel of {full} judges (mean × {full})")
            for result in contenders:
                total = sums.get(result.entry.id, 0.0)
                result.detail[rules.aggregate] = total
                result.score = result.raw_score = round(total / counts[result.entry.id] * full, SCORE_DECIMALS)
                result.higher_is_better = rules.aggregate == "borda"
            return
        d = methods.pairwise(ballots, ids)
        if rules.aggregate == "schulze":
            outcome: Any = methods.schulze(ids, d)
        else:
            try:
                outcome = methods.kemeny(ids, d)
            except methods.TooManyToRank:
                stage.limits[category] = f"kemeny ranks at most {methods.KEMENY_LIMIT} entries exactly; {len(ids)} are in contention"
                for result in contenders:
                    result.reason, result.status = stage.limits[category], METHOD_LIMIT
                return
        stage.matrices[category] = outcome
        for result in contenders:
            result.score = result.raw_score = float(outcome.wins[result.entry.id])
            result.detail["wins"] = outcome.wins[result.entry.id]

    # -- between rounds ---------------------------------------------------------------------------

    def _through(self, stage: Stage) -> set[str]:
        """Who goes on to the next round: those who passed screening, or made the shortlist.

        A round is ranked like the final (its tie-break chain, its recorded decisions): the top K
        are the entries ranked K or better, so entries still sharing a rank at the cut all go on.
        """
        from .ranking import rank_results  # ranking builds on scoring's results

        if stage.screening:
            return {i for i, r in stage.results.items() if r.reason is None}
        shortlist = self.call.rounds[stage.round].shortlist  # type: ignore[index]
        ranked = [r for r in stage.results.values() if r.reason is None and r.score is not None]
        if shortlist is None:
            return {r.entry.id for r in ranked}
        through: set[str] = set()
        for category in self.call.categories:
            members = [r for r in ranked if r.entry.category == category]
            awaiting: list[list[str]] = []
            rows = rank_results(members, stage.rules.tie_break, self.spec.decisions, stage.round, awaiting)
            for row in rows:
                result, rank = row.result, row.rank
                assert rank is not None
                if shortlist.top is not None:
                    ok = rank <= shortlist.top
                    rule = f"rank {rank}; the top {shortlist.top} go through"
                elif result.by_rank:  # only under rank --compare: a declared one is refused (R211)
                    ok, rule = True, "a threshold is a mark, and a rank method gives none"
                else:
                    assert shortlist.threshold is not None and result.score is not None
                    ok = result.score >= shortlist.threshold
                    rule = f"score {result.score:g}; {shortlist.threshold:g} needed"
                result.detail["round_rank"] = rank
                if row.tie is not None:
                    result.detail["round_tie"] = row.tie
                if ok:
                    through.add(result.entry.id)
                else:
                    result.reason, result.status = f"not shortlisted in the {stage.round!r} round ({rule})", NOT_SHORTLISTED
            if shortlist.threshold is not None and any(r.by_rank for r in members):
                stage.notes.setdefault(category, []).append(
                    f"{stage.round}: the shortlist's threshold is a mark, and {stage.rules.aggregate} gives none: every ranked entry goes through")
            if shortlist.top is not None:
                made = sum(1 for r in members if r.entry.id in through)
                if made > shortlist.top:
                    stage.notes.setdefault(category, []).append(
                        f"{stage.round}: {made} entries go through to the next round, not {shortlist.top}: entries still tied at the cut all go through")
                # Only a tie across the cut changes who goes on: that one awaits the chair (J412).
                rank_of = {row.result.entry.id: row.rank for row in rows}
                for group in awaiting:
                    first = rank_of[group[0]]
                    if first is not None and first <= shortlist.top < first + len(group) - 1:
                        stage.awaiting_chair.append(group)
        return through

    def _final(self, history: list[EntryScore]) -> EntryScore:
        """An entry that reached the last round: that round's result, combined with earlier ones."""
        final = history[-1]
        how = self.call.combine
        scored = [s for s in history if s.score is not None and not self._screening(s.round)]
        if how == "final-only" or final.reason is not None or not scored:
            return final
        weights = [self.call.rounds[s.round].weight if s.round is not None else 1.0 for s in scored]
        # A new result: the last round's own score stays in its stage, for explain and auditors.
        final = replace(final, detail={**final.detail, "combined": {s.round: s.score for s in scored}})
        for attr in ("score", "raw_score"):
            values = [getattr(s, attr) for s in scored]
            if how == "sum":
                combined = fsum(values)
            elif how == "best":
                combined = max(values) if final.higher_is_better else min(values)
            else:  # weighted: the weighted mean of the rounds' scores
                combined = fsum(map(mul, weights, values)) / fsum(weights)
            setattr(final, attr, round(combined, SCORE_DECIMALS))
        return final

    def _threshold(self, result: EntryScore) -> None:
        """A ranked entry below a criterion's threshold stays ranked but cannot take an award."""
        means = next((s.criterion_means for s in reversed(result.stages) if s.criterion_means), {})
        for criterion_id, criterion in self.call.criteria.items():
            if criterion.threshold is not None and criterion_id in means and means[criterion_id] < criterion.threshold:
                result.ineligible = (f"mean mark on {criterion_id} is {means[criterion_id]:g}, "
                                     f"below its threshold of {criterion.threshold:g}")
                return
