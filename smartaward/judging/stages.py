"""The results of judging, as data: one `Line` per judge's marks on an entry in a round, one
`EntryScore` per entry and round, one `Stage` per round of a call, and the `Scoring` of a cycle.

Everything a result came from is kept — the excluded lines and why, the trimmed marks, the
normalised values — so that `explain` can show it and auditors re-derive it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from math import fsum
from operator import attrgetter
from typing import Any

from smartaward.judging.panel import Rules, as_total, round_criteria
from smartaward.model.cyclefiles import Call, Entry

SCORE_DECIMALS = 6

NUMBER_TYPES = frozenset({int, float})  # bool is a subclass of int, but never a mark
NOT_A_NUMBER = "a mark is not a number"  # reported by checks/marks.py; the total waits for the fix
WRONG_KIND = "a sheet of another kind (marks, ranks or pairs) than the round's marking"  # M307; waits for the fix too
PENDING = frozenset({NOT_A_NUMBER, WRONG_KIND})
UNREACHED = "did not reach this round"  # marks for an entry in a round after the one it stopped in (J417)
VERDICTS = {"pass": True, "fail": False}

# Why an entry stopped: the `status` of its result (reason gives the words).
LATE, TOO_FEW, SCREENED_OUT, NOT_SCREENED, NOT_SHORTLISTED, METHOD_LIMIT = (
    "late", "too-few-judges", "screened-out", "not-screened", "not-shortlisted", "method-limit")
NOT_REACHED = "not-reached"  # the status of a round's marks for an entry that never reached it (UNREACHED)
DID_NOT_START = "did-not-start"  # under combine: best, no marks at all in a round (or in any round)
# Under best-of, a round without a single mark for any entry of a category has not been held yet (for
# that category): no one "did not start" it. It does not count, nobody stops there (unless it is
# `required`), and the result stays provisional until its marks are in (awards/status.py).
NO_MARKS_YET = "no-marks-yet"


def too_few_judges(counted: int, min_judges: int, criterion: str | None = None) -> str:
    """Why an entry has no score (status TOO_FEW): fewer counted judges than min_judges — on the
    entry, or under `panel: criterion` on one of its criteria."""
    where = "" if criterion is None else f"{criterion}: "
    return f"{where}{counted} valid score{'s' if counted != 1 else ''}, fewer than min_judges ({min_judges})"


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


_EXCLUSION = attrgetter("excluded")


@dataclass(slots=True)  # one per entry and round: hundreds of thousands in a big cycle, so no per-object dict
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
    # Rounds after the one it stopped in where judges marked it all the same: each line excluded as
    # UNREACHED, so that explain and marks.csv show the marks, and validate reports them (J417).
    unreached: list[EntryScore] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, float]:
        """The counted judges' totals (normalised where the rules normalise), by judge id."""
        return {j: line.value for j, line in self.lines.items() if line.counted and line.value is not None}

    @property
    def excluded(self) -> dict[str, str]:
        return {line.judge: line.excluded for line in self.not_counted() if line.excluded is not None}

    @property
    def excluded_by(self) -> dict[str, str]:
        return {line.judge: line.code for line in self.not_counted() if line.code is not None}

    def not_counted(self) -> list[Line]:
        """The lines that do not count (excluded), in judge order. (DeferredScore answers without
        making its lines: none of them is excluded.)"""
        return [line for line in self.lines.values() if line.excluded is not None]

    def marked_by(self, judge_id: str) -> bool:
        """Whether the judge has a line on the entry in this round (counted or not)."""
        return judge_id in self.lines

    @property
    def judges(self) -> int:
        """How many lines count (are not excluded): counted in C, as every ranked entry asks it."""
        return list(map(_EXCLUSION, self.lines.values())).count(None)

    @property
    def pending(self) -> bool:
        """A judge's marks could not be read as numbers: the panel is counted once they are fixed."""
        return any(line.excluded in PENDING for s in self.stages or [self] for line in s.not_counted())


_LINES: Any = EntryScore.__dict__["lines"]  # the slot behind EntryScore.lines (DeferredScore makes it on demand)


class DeferredScore(EntryScore):
    """An entry's result in a round the columnar engine read (judging/columnar.py), whose Lines are
    made only when something asks for them (explain, export, a trimmed method): until then its marks
    are rows of the round's arrays, and every one of them counts. A big cycle's 500,000 Line objects
    are then never made by validate or rank (issue 17). Made lines are the same as the reference's
    (tests/test_columnar.py compares every field of every Line)."""

    __slots__ = ("source", "columns", "first")

    # (made with its lines, as by dataclasses.replace, it is an EntryScore like any other)
    source: list[tuple[str, tuple[int, Any]]] | None  # (judge, (sheet, marks as written)) in judge order, until made
    columns: Any  # the round's judging.columnar.Columns, once read (None: lines of marks not yet read)
    first: int  # the row of its first line in those columns

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source, self.columns, self.first = None, None, 0

    @classmethod
    def of(cls, entry: Entry, round_id: str | None, source: list[tuple[str, tuple[int, Any]]]) -> DeferredScore:
        score = cls(entry, round_id)
        score.source = source  # (its lines: made from it when first read)
        return score

    @property
    def lines(self) -> dict[str, Line]:
        source = self.source
        if source is not None:
            _LINES.__set__(self, self.columns.lines(source, self.first) if self.columns is not None else {
                judge: Line(judge, sheet, marks) for judge, (sheet, marks) in source})
            self.source = self.columns = None  # (made: the round's arrays are not held for it any longer)
        made: dict[str, Line] = _LINES.__get__(self)
        return made

    @lines.setter
    def lines(self, value: dict[str, Line]) -> None:
        _LINES.__set__(self, value)
        self.source = self.columns = None

    def not_counted(self) -> list[Line]:
        return super().not_counted() if self.source is None else []  # (until its lines are made, every one counts)

    def __eq__(self, other: object) -> bool:
        """Equal to an EntryScore (or another DeferredScore) of the same fields, lines and all."""
        if not isinstance(other, EntryScore):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(EntryScore))

    __hash__ = None  # type: ignore[assignment]  # (as EntryScore's: mutable, compared by value)

    def marked_by(self, judge_id: str) -> bool:
        source = self.source
        return super().marked_by(judge_id) if source is None else any(judge == judge_id for judge, _ in source)

    @property
    def judges(self) -> int:
        return super().judges if self.source is None else len(self.source)


@dataclass
class Stage:
    """One round of one call: its rules and every participating entry's result."""

    call: str
    round: str | None
    rules: Rules
    screening: bool
    results: dict[str, EntryScore]  # entry id → result, in id order
    not_normalised: dict[str, str] = field(default_factory=dict)  # judge → why their marks stay raw
    # normalise: calibrated — judge → channel ("total", or each criterion and "total") → fitted offset
    offsets: dict[str, dict[str, float]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)  # category → what the report should say
    # category → (pairwise counts d[a][b], methods.Schulze or methods.Kemeny), for explain
    matrices: dict[str, tuple[dict[str, dict[str, int]], Any]] = field(default_factory=dict)
    limits: dict[str, str] = field(default_factory=dict)  # category → why the method could not rank it
    awaiting_chair: list[list[str]] = field(default_factory=list)  # ties at a shortlist's cut, undecided


@dataclass
class Scoring:
    finals: dict[str, EntryScore]  # entry id → its final result, in id order
    stages: list[Stage]


@dataclass(frozen=True)
class Weights:
    """A call's criteria and weights, prepared once for the millions of totals of a big cycle.

    A round that judges only some of the call's criteria (`criteria:` in the round, e.g. the dives
    of a diving round) has its own Weights, found with `in_round`."""

    criteria: tuple[str, ...]
    weights: tuple[float, ...]
    total: float
    equal: bool
    rounds: dict[str, Weights] = field(default_factory=dict, compare=False)  # round id → that round's criteria

    @classmethod
    def of(cls, call: Call) -> Weights:
        rounds = {}
        for round_id, stage in call.rounds.items():
            if stage.criteria is not None:
                rounds[round_id] = cls.of_criteria(call, round_criteria(call, round_id))
        return cls._made(tuple(call.criteria), tuple(c.weight for c in call.criteria.values()), rounds)

    @classmethod
    def of_criteria(cls, call: Call, criteria: list[str]) -> Weights:
        """Some of the call's criteria (in the order given), with their weights."""
        return cls._made(tuple(criteria), tuple(call.criteria[c].weight for c in criteria))

    @classmethod
    def _made(cls, criteria: tuple[str, ...], weights: tuple[float, ...], rounds: dict[str, Weights] | None = None) -> Weights:
        """The one constructor: the sum and the equality of the weights, computed once."""
        return cls(criteria, weights, fsum(weights), len(set(weights)) <= 1, rounds or {})

    def in_round(self, round_id: str | None) -> Weights:
        """The criteria judged in a round: the round's own, else the call's."""
        return self.rounds.get(round_id, self) if round_id is not None else self

    def subset(self, criteria: Collection[str]) -> Weights:
        """The criteria a judge marked (panel: criterion), in this order, with their weights."""
        kept = [i for i, c in enumerate(self.criteria) if c in criteria]
        return self._made(tuple(self.criteria[i] for i in kept), tuple(self.weights[i] for i in kept))

    def combine(self, values: list[float], how: str) -> float:
        """Criterion values → one total: weighted mean (equal weights: the plain mean) or weighted sum."""
        return as_total(values, how, self.weights, self.total, self.equal)


def criterion_values(call: Call, marks: Any, weights: Weights) -> list[float] | str:
    """The marks in criterion order (one overall mark for a call without criteria), or why not.

    `weights` are the round's (Weights.in_round): a mark for a criterion the round does not judge is
    not read (R206 says so)."""
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
    return _numbers(values)


def criterion_marks(marks: Any, weights: Weights) -> dict[str, float] | str:
    """Under `panel: criterion`: the marks of the criteria this judge marked (at least one), or why not."""
    if type(marks) is not dict:
        return "one overall mark where criterion marks are expected"
    marked = [c for c in weights.criteria if c in marks]
    if not marked:
        return f"no mark for {', '.join(weights.criteria)}"
    values = _numbers([marks[c] for c in marked])
    return values if isinstance(values, str) else dict(zip(marked, values, strict=True))


def read_line(call: Call, marks: Any, weights: Weights, how: str, partial: bool) -> tuple[float, list[float] | dict[str, float]] | str:
    """A judge's line of marks as (the judge's total, the marks in criterion order — or under
    `panel: criterion`, by criterion, those the judge marked), or why it cannot count."""
    values = criterion_marks(marks, weights) if partial else criterion_values(call, marks, weights)
    if isinstance(values, str):
        return values
    try:
        if isinstance(values, dict):  # the total over the criteria the judge marked
            return weights.subset(values).combine(list(values.values()), how), values
        return (values[0] if not call.criteria else weights.combine(values, how)), values
    except OverflowError:  # huge marks (reported as off the scale)
        return NOT_A_NUMBER


def _numbers(values: list[Any]) -> list[float] | str:
    if not NUMBER_TYPES.issuperset(map(type, values)):
        return NOT_A_NUMBER
    try:
        return list(map(float, values))
    except OverflowError:  # a huge integer mark (reported as off the scale)
        return NOT_A_NUMBER


def factors_of(entry: Entry, round_id: str | None) -> tuple[float | None, dict[str, float]]:
    """An entry's factors in a round: (the round's factor, each criterion's factor).

    With rounds, `factors: {ROUND: NUMBER | {CRITERION: NUMBER}}`; without, `{CRITERION: NUMBER}`."""
    factors = entry.factors
    if not factors:
        return None, {}
    if round_id is None:
        return None, {k: v for k, v in factors.items() if not isinstance(v, dict)}
    given = factors.get(round_id)
    if given is None:
        return None, {}
    return (None, dict(given)) if isinstance(given, dict) else (given, {})


_ROUNDING = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN}


def half_up(value: float, decimals: int) -> float:
    """A score rounded as a sport publishes it: half-up in decimal (2.675 → 2.68, where binary
    round() gives 2.67)."""
    return rounded_to(value, decimals, "half-up")


def rounded_to(value: float, decimals: int, rounding: str) -> float:
    """A value rounded as declared (`decimals:` and `rounding:`), in decimal: half-up (2.675 → 2.68)
    or half-even (2.665 → 2.66, 2.675 → 2.68). The value is first taken to SCORE_DECIMALS, as every
    score is, so that a binary 8.574999999999999 counts as the 8.575 it stands for."""
    exact = Decimal(repr(round(value, SCORE_DECIMALS)))
    try:
        return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=_ROUNDING[rounding]))
    except InvalidOperation:  # beyond the 28 digits of Decimal's context (a mark of 1e300, off the scale:
        return value  # M301 says so): no decimal to round, and validate must report it, not stop (exit 3)


def is_rank(value: Any) -> bool:
    return type(value) is int and value >= 1


def is_verdict(value: Any) -> bool:
    return type(value) is str and value in VERDICTS
