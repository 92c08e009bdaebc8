"""The columnar judging engine: a round's marks read at once into arrays, and the judges' totals,
each criterion's mean and each entry's aggregate computed over them with numpy.

It gives exactly what the reference (the line-by-line code in scoring.py, stages.py and aggregate.py)
gives, to the last bit: every Line and EntryScore is still made, only their numbers come from here.

* Exact sums. The reference sums with `math.fsum`: the exact sum, rounded once. A float sum is that
  too when no addition in it rounded; `exact_sums` adds term by term and keeps each addition's
  rounding error (TwoSum, error-free), then adds the errors the same way: where no addition of the
  errors rounded, the exact sum is the float sum plus the errors' sum, and one correctly rounded
  addition gives fsum's answer. Where that cannot be shown (or the sum is zero, whose sign fsum
  decides), that one value is computed by the reference formula. An exactness test decides, never a
  tolerance.
* Rounding. Published scores and means go through Python's round() (numpy's round differs), one
  value at a time, as the reference rounds them.
* What the engine does not read goes to the reference: a round of ranks, pairs or verdicts, or under
  `panel: criterion`, or too small to pay for importing numpy (scoring.py reads its lines); a line that is not a mapping of the round's criteria
  to plain numbers of a sane size (read_line reads it, and the entry's means and aggregate are the
  reference's); normalised values (normalise.py), and approval and the rank methods (aggregate.py).
"""

from __future__ import annotations

import operator
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from math import fsum
from typing import Any

import numpy as np

from smartaward.judging import methods
from smartaward.judging.aggregate import Computed, _mark_trimmed
from smartaward.judging.panel import Rules
from smartaward.judging.stages import NUMBER_TYPES, SCORE_DECIMALS, DeferredScore, EntryScore, Line, Weights, read_line
from smartaward.model.cyclefiles import Call

# Marks larger than this (in magnitude) are read by the reference: sums of them and their products
# with weights stay far from overflow, where TwoSum stops being error-free.
LIMIT = 1e290
# The score methods aggregated here; approval (a count) and the rank methods are aggregate.py's.
METHODS = frozenset({"mean", "median", "sum", "trimmed-mean", "trimmed-sum"})


@dataclass
class Columns:
    """The counted lines of a round's entries as arrays. Entry i's lines are rows bounds[i]:bounds[i+1]
    (in judge order); `regular[i]`: every counted line of entry i is in the arrays."""

    criteria: tuple[str, ...]  # the round's criteria (none: one overall mark)
    marks: Any  # rows × max(1, criteria) float64: the marks as floats
    totals: Any  # rows float64: each judge's total
    bounds: list[int]
    regular: list[bool]
    # entries by how many counted lines they have (regular ones only): n → entry positions
    groups: dict[int, Any] = field(default_factory=dict)
    per_criterion: bool = False  # the round aggregates criterion by criterion: a line holds its marks as floats

    def lines(self, source: list[tuple[str, tuple[int, Any]]], first: int) -> dict[str, Line]:
        """A DeferredScore's lines, as read_marks would have made them: each judge's total (and per
        criterion the marks) from the arrays."""
        stop = first + len(source)
        made = {judge: Line(judge, sheet, marks, total)
                for (judge, (sheet, marks)), total in zip(source, self.totals[first:stop].tolist(), strict=True)}
        if self.per_criterion:
            for line, values in zip(made.values(), self.marks[first:stop].tolist(), strict=True):
                line.per_criterion = dict(zip(self.criteria, values, strict=True))
        return made

    def counted(self, entry: int) -> int:
        """How many lines of a regular entry count: its rows."""
        return self.bounds[entry + 1] - self.bounds[entry]

    # (methods, so that scoring.py names this module only where it reads a round: numpy comes with it)
    def criterion_means(self) -> dict[int, dict[str, float]]:
        return criterion_means(self)

    def aggregated(self, rules: Rules) -> tuple[dict[int, Computed], dict[int, float]]:
        return aggregated(self, rules)

    def publish(self, result: EntryScore, rules: Rules, score: float, found: Computed) -> None:
        publish(result, rules, score, found)


@dataclass
class Rows:
    """A round's rows of marks, entry by entry (scoring._CallJudging._read): each a Line (of an entry
    read line by line: it passed every rule about its judge) or a DeferredScore's (judge, (sheet,
    marks)). Entry i (`results[i]`) has rows bounds[i]:bounds[i+1]."""

    rows: list[Any]
    made: list[int]  # the rows that are Lines
    bounds: list[int]
    results: list[EntryScore]
    deferred: list[DeferredScore]

    def marks(self) -> list[Any]:
        """Each row's marks as written."""
        rows = self.rows
        if not self.made:
            return list(map(_SECOND, map(_SECOND, rows)))  # (in C: each row's (sheet, marks), then the marks)
        return [row.marks if type(row) is Line else row[1][1] for row in rows]

    def line(self, row: int) -> Line:
        """The Line of a row: made already, or made now with the rest of its DeferredScore's."""
        line = self.rows[row]
        if type(line) is Line:
            return line
        result = self.results[bisect_right(self.bounds, row) - 1]
        return list(result.lines.values())[row - result.first]  # type: ignore[attr-defined]


def read_marks(rows: Rows, call: Call, weights: Weights, rules: Rules) -> Columns:
    """Read the round's rows of marks. A Line gets its total (and per criterion its marks), or why
    it cannot count; a DeferredScore gets the Columns its lines will be made of, and its lines are
    made now only where a row is read by the reference (read_line): it may not count."""
    criteria = weights.criteria if call.criteria else ()
    marks, odd = _matrix(rows.marks(), criteria)
    with np.errstate(all="ignore"):  # NaN, inf and overflow are found and left to the reference: no warnings
        odd |= set(np.flatnonzero(~(np.abs(marks) <= LIMIT).all(axis=1)).tolist())  # (NaN is not <= LIMIT)
        totals, exact = _totals(marks, criteria, weights, rules)
    per_criterion = rules.per == "criterion" and bool(criteria) and not rules.by_rank
    columns = Columns(criteria, marks, totals, rows.bounds, [], per_criterion=per_criterion)
    for result in rows.deferred:
        result.columns = columns
    reread = odd | set(np.flatnonzero(~exact).tolist())
    irregular = set()
    for row in sorted(reread):
        line = rows.line(row)
        line.total = line.per_criterion = None  # (a made line has the arrays' numbers: the reference's replace them)
        read = read_line(call, line.marks, weights, rules.total, False)
        if isinstance(read, str):
            line.excluded = read
            irregular.add(row)
            continue
        line.total, values = read
        totals[row] = line.total
        if per_criterion:
            line.per_criterion = values if isinstance(values, dict) else dict(zip(weights.criteria, values, strict=False))
        if row in odd:
            irregular.add(row)
    for row in rows.made:
        if row not in reread:
            line = rows.rows[row]
            line.total = totals[row].item()
            if per_criterion:
                line.per_criterion = dict(zip(criteria, marks[row].tolist(), strict=True))
    columns.regular = _regular(rows.bounds, irregular)
    columns.groups = _groups(columns)
    return columns


_SECOND = operator.itemgetter(1)

# Lines read into the matrix at a time: the rows of Python tuples they pass through cost ~100 bytes a
# line, and a round of 500,000 lines (L) would hold 50 MB of them at once for nothing.
CHUNK = 8_192


def _matrix(written: list[Any], criteria: tuple[str, ...]) -> tuple[Any, set[int]]:
    """The rows' marks as a float64 matrix (rows × max(1, criteria)), read CHUNK rows at a time, and
    the rows that are not plain numbers where numbers belong (NaN in the matrix)."""
    width = max(1, len(criteria))
    parts: list[Any] = []
    odd: set[int] = set()
    for start in range(0, len(written), CHUNK):
        rows, odd_here = _rows(written[start:start + CHUNK], criteria)
        parts.append(_floats(rows, odd_here, width))  # (adds the rows whose numbers overflow a float)
        odd.update(start + row for row in odd_here)
    return (np.concatenate(parts) if parts else np.empty((0, width), dtype=np.float64)), odd


def _rows(marks: list[Any], criteria: tuple[str, ...]) -> tuple[list[Sequence[Any]], set[int]]:
    """Each line's marks in criterion order (an overall mark as a row of one), and the rows that are
    not plain numbers where numbers belong (the reference reads those)."""
    if not criteria:
        rows: list[Sequence[Any]] = [(m,) for m in marks]
    else:
        get = operator.itemgetter(*criteria)
        if set(map(type, marks)) <= {dict}:
            try:
                got = list(map(get, marks))
            except KeyError:  # a criterion without a mark: row by row
                got = [_picked(get, m) for m in marks]
        else:
            got = [_picked(get, m) if type(m) is dict else _MISSING for m in marks]
        # (itemgetter of one key gives the value itself; a row without its marks becomes a non-number)
        rows = [(g,) for g in got] if len(criteria) == 1 else [(_MISSING,) if g is _MISSING else g for g in got]
    odd: set[int] = set()
    if not set(map(type, chain.from_iterable(rows))) <= NUMBER_TYPES:
        odd = {i for i, row in enumerate(rows) if not NUMBER_TYPES.issuperset(map(type, row))}
    return rows, odd


_MISSING = object()  # a line's marks lack one of the round's criteria, or are not a mapping


def _picked(get: operator.itemgetter[Any], marks: dict[str, Any]) -> Any:
    try:
        return get(marks)
    except KeyError:
        return _MISSING


def _floats(rows: list[Sequence[Any]], odd: set[int], width: int) -> Any:
    """The rows as a float64 matrix; an odd row (added to `odd` where a number will not convert) as NaN."""
    plain = [row if i not in odd else (0.0,) * width for i, row in enumerate(rows)] if odd else rows
    try:
        matrix = np.array(plain, dtype=np.float64).reshape(len(rows), width)
    except OverflowError:  # an integer mark too large for a float: those rows are the reference's
        for i, row in enumerate(plain):
            try:
                np.array(row, dtype=np.float64)
            except OverflowError:
                odd.add(i)
        return _floats(rows, odd, width)
    if odd:
        matrix[sorted(odd)] = np.nan
    return matrix


def _totals(marks: Any, criteria: tuple[str, ...], weights: Weights, rules: Rules) -> tuple[Any, Any]:
    """Each row's total as stages.Weights.combine gives it (panel.as_total), and where it is exact."""
    if not criteria:
        return marks[:, 0].copy(), np.isfinite(marks[:, 0])
    plain_mean = rules.total != "weighted-sum" and weights.equal
    terms = marks if plain_mean else marks * np.array(weights.weights, dtype=np.float64)
    sums, exact = exact_sums([terms[:, j] for j in range(terms.shape[1])])
    if rules.total == "weighted-sum":
        return sums, exact
    return sums / (len(criteria) if plain_mean else weights.total), exact


def exact_sums(terms: Sequence[Any]) -> tuple[Any, Any]:
    """Σ terms, element by element, as math.fsum gives it; and where that is certain (elsewhere the
    caller computes fsum). See the module's docstring."""
    total = np.array(terms[0], dtype=np.float64, copy=True)
    errors = []
    for term in terms[1:]:
        total, error = _two_sum(total, term)
        errors.append(error)
    certain = np.ones(total.shape, dtype=bool)
    if errors:
        carry = errors[0]
        for error in errors[1:]:
            carry, second = _two_sum(carry, error)
            certain &= second == 0
        total = total + carry
    certain &= np.isfinite(total) & (total != 0)
    return total, certain


def _two_sum(a: Any, b: Any) -> tuple[Any, Any]:
    """a + b rounded, and the rounding error: a + b == s + e exactly (Knuth), barring overflow."""
    s = a + b
    b_virtual = s - a
    a_virtual = s - b_virtual
    return s, (a - a_virtual) + (b - b_virtual)


def _regular(bounds: list[int], irregular: set[int]) -> list[bool]:
    """Per entry: none of its lines is irregular (read by the reference, or excluded there)."""
    regular = [True] * (len(bounds) - 1)
    for row in irregular:
        regular[bisect_right(bounds, row) - 1] = False
    return regular


def _groups(columns: Columns) -> dict[int, Any]:
    """The regular entries with counted lines, by how many: n → their positions."""
    sizes = np.diff(np.array(columns.bounds, dtype=np.int64))
    regular = np.array(columns.regular, dtype=bool)
    return {n: np.flatnonzero(regular & (sizes == n)) for n in sorted(set(sizes[regular].tolist())) if n > 0}


def _rows_of(columns: Columns, entries: Any, n: int) -> Any:
    """The row numbers of these entries' lines: entries × n."""
    starts = np.array(columns.bounds, dtype=np.int64)[entries]
    return starts[:, None] + np.arange(n)


# -- the entry's numbers ------------------------------------------------------------------------


def criterion_means(columns: Columns) -> dict[int, dict[str, float]]:
    """Regular entry position → each criterion's mean over its counted judges, as
    aggregate.criterion_means gives it (fsum / count, rounded to SCORE_DECIMALS)."""
    means: dict[int, dict[str, float]] = {}
    criteria = columns.criteria
    if not criteria:
        return means
    for n, entries in columns.groups.items():
        cube = columns.marks[_rows_of(columns, entries, n)]  # entries × judges × criteria
        sums, exact = exact_sums([cube[:, j, :] for j in range(n)])
        values = sums / n
        for e, c in zip(*np.nonzero(~exact), strict=True):
            values[e, c] = fsum(cube[e, :, c].tolist()) / n
        width = len(criteria)
        flat = rounded(values.ravel())
        for i, entry in enumerate(entries.tolist()):
            means[entry] = dict(zip(criteria, flat[i * width:(i + 1) * width], strict=True))
    return means


def rounded(values: Any) -> list[float]:
    """round(v, SCORE_DECIMALS) of each value, as Python rounds: the exact binary value to the nearest
    multiple of 10⁻⁶ (half to even), then the float nearest that. Scaled by 10⁶ (one rounding, at most
    half a unit in the last place), a value whose scaled form is clearly away from a half rounds to
    the same whole number k as the exact value would, and k / 10⁶ (both exact) is then one correctly
    rounded division: the nearest float. Any other value (near a half, huge, not finite) goes
    through round() itself."""
    scale = 10.0 ** SCORE_DECIMALS
    with np.errstate(all="ignore"):  # (huge or not finite: not safe, so round() decides)
        scaled = values * scale
        size = np.abs(scaled)
        safe = (size < 2.0 ** 52) & (np.abs(size - np.floor(size) - 0.5) > 4 * np.spacing(size))
        result = np.rint(scaled) / scale
    out: list[float] = result.tolist()
    for i in np.flatnonzero(~safe).tolist():
        out[i] = round(float(values[i]), SCORE_DECIMALS)
    return out


def aggregated(columns: Columns, rules: Rules) -> tuple[dict[int, Computed], dict[int, float]]:
    """Regular entry position → each channel's aggregate and trimmed positions (aggregate.Computed),
    for the score methods over raw values; an entry too small to trim is left to the reference. And
    per judge without `decimals`, the score as published: the aggregate rounded (see `publish`)."""
    computed: dict[int, Computed] = {}
    scores: dict[int, float] = {}
    if rules.aggregate not in METHODS or rules.normalise != "none" or rules.by_rank:
        return computed, scores
    per_criterion = rules.per == "criterion" and bool(columns.criteria)
    channels = list(columns.criteria) if per_criterion else ["total"]
    trim = rules.trim if rules.aggregate.startswith("trimmed") else 0
    for n, entries in columns.groups.items():
        if trim and n < 2 * trim + 1:
            continue
        rows = _rows_of(columns, entries, n)
        found = []
        for channel_no in range(len(channels)):
            values = columns.marks[rows, channel_no] if per_criterion else columns.totals[rows]
            found.append(_method(values, rules.aggregate, trim))
        for i, entry in enumerate(entries.tolist()):
            computed[entry] = {channel: (value[i], low[i], high[i]) for channel, (value, low, high) in zip(channels, found, strict=True)}
        if not per_criterion and rules.decimals is None:
            scores.update(zip(entries.tolist(), rounded(np.array(found[0][0], dtype=np.float64)), strict=True))
    return computed, scores


def publish(result: EntryScore, rules: Rules, score: float, found: Computed) -> None:
    """aggregate.aggregate of an entry aggregated per judge here, without `decimals` and without a
    round factor (the caller checks): the score, raw and as counted (nothing normalised), is the
    aggregate rounded to SCORE_DECIMALS; and the trimmed lines are marked, as aggregate marks them."""
    result.raw_score = result.score = score
    if rules.aggregate.startswith("trimmed"):
        _mark_trimmed(rules, {"total": [line for line in result.lines.values() if line.counted]}, False, found)


def _method(values: Any, method: str, trim: int) -> tuple[list[float], list[list[int]], list[list[int]]]:
    """methods.aggregate over each row of `values` (entries × judges), with the trimmed positions."""
    m, n = values.shape
    if method == "median":
        # stable, as sorted() in methods.median: -0.0 == 0.0, and numpy's default (SIMD) sort may swap them
        ordered = np.sort(values, axis=1, kind="stable")
        half = n // 2
        middle = ordered[:, half] if n % 2 else (ordered[:, half - 1] + ordered[:, half]) / 2
        return middle.tolist(), [[]] * m, [[]] * m
    if trim:
        order = np.argsort(values, axis=1, kind="stable")  # by (value, position), as methods.trim_positions
        kept = np.take_along_axis(values, order[:, trim:n - trim], axis=1)
        low, high = order[:, :trim].tolist(), order[:, n - trim:].tolist()
    else:
        kept = values
        low = high = [[]] * m
    count = kept.shape[1]
    sums, exact = exact_sums([kept[:, j] for j in range(count)])
    result = sums / count if method.endswith("mean") else sums
    for i in np.flatnonzero(~exact).tolist():  # the reference formula, on the same values
        result[i] = methods.aggregate(method, values[i].tolist(), trim)
    return result.tolist(), low, high
