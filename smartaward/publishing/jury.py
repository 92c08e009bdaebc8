"""The jury as data: each judge's statistics, each panel's agreement, and what to discuss.

A panel is one round of one call (`stages.Stage`). Statistics are on each judge's *raw* total for
an entry (`Line.total`: the weighted mean or sum of their criterion marks, before normalisation) —
the value the scoring starts from — so that they describe the judge, not the correction. Rounds
marked by ranks use the ranks (1 = best); screening rounds the verdicts (pass = 1, fail = 0).

Nothing here changes a result; it reads what scoring recorded (exclusions and their codes, trims).
`judges_document` is the versioned JSON document of `smartaward judges`; every formula and
threshold is in docs/judges.md. Arithmetic never depends on the order of judges, entries or files:
sums are `math.fsum` (exactly rounded), and matrices are built in id order.

Calibration (issue 16): a panel judged with `normalise: calibrated` also gives its `calibration`
(the ridge strength) and each judge's fitted `offset` (judging/normalise.py); other panels do not.

Pairs (issue 16): a round marked by comparisons (`marking: pairs`) is a panel of its own kind,
"pairs": each judge's comparisons made and counted (`comparisons`, `comparisons_counted`); no mean,
spread, leniency, correlation, alpha or W — a judgment "A beats B" is no mark on a scale and no
ranking. Only a document with a pairs panel has these keys.

Titles (issue 15): each panel, and each flag and conflict that names its panel, carries the titles
cycle.yaml gives its call and round (`call_title`, `round_title`; null where it gives none) beside
the ids, for the tables people read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from math import fsum, sqrt
from statistics import median
from typing import Any

from smartaward.awards.results import Results
from smartaward.awards.titles import Titles
from smartaward.judging import methods, pairs
from smartaward.judging.panel import CONFLICT_CODES, Rules, partial_panel, scale_of
from smartaward.judging.stages import (
    SCORE_DECIMALS,
    Stage,
    Weights,
    is_rank,
    is_verdict,
    read_line,
)
from smartaward.model.cyclefiles import Call, CycleFile
from smartaward.publishing.agreement import alpha_of_units, complete_block, kendall_w
from smartaward.reading.load import Comparisons, Cycle

DOCUMENT_VERSION = 1
DECIMALS = 4

# Thresholds of the flags (docs/judges.md explains each).
OUTLIER_Z = 3.0  # |robust z| of a judge's leniency above this: lenient / harsh
MIN_JUDGES_FOR_OUTLIERS = 4  # fewer judges with a leniency in the panel: no lenient/harsh flags
LENIENCY_FLOOR = 0.05  # and only when |leniency| is at least this share of the scale's width
LOW_CORRELATION = 0.3  # correlation with the consensus below this: low-correlation
MIN_ENTRIES_FOR_CORRELATION_FLAG = 5  # fewer shared entries: r is too noisy to flag
DISAGREEMENT_RANGE = 0.3  # an entry's range of totals ≥ this share of the scale's width: wide-range
DISAGREEMENT_SD = 2.0  # an entry's sd above this many times the panel's median sd: high-spread
MIN_CORRELATION_ENTRIES = 3  # fewer: the correlation is null

SCORES, RANKS, SCREENING, PAIRS = "scores", "ranks", "screening", "pairs"
LEVEL: dict[str, str | None] = {SCORES: "interval", RANKS: "ordinal", SCREENING: "nominal", PAIRS: None}
NOT_MARKS = "a pairs round gives comparisons, not marks or rankings"  # why a pairs panel has no alpha or W


def thresholds() -> dict[str, float]:
    return {"outlier_z": OUTLIER_Z, "min_judges_for_outliers": MIN_JUDGES_FOR_OUTLIERS,
            "leniency_floor": LENIENCY_FLOOR, "low_correlation": LOW_CORRELATION,
            "min_entries_for_correlation_flag": MIN_ENTRIES_FOR_CORRELATION_FLAG,
            "disagreement_range": DISAGREEMENT_RANGE, "disagreement_sd": DISAGREEMENT_SD}


@dataclass(frozen=True)
class Mark:
    """One judge's line on one entry in a panel, reduced to what the statistics need."""

    judge: str
    entry: str
    value: float | None  # the raw total (scores), the rank (ranks), 1/0 (pass/fail); None: unreadable
    counted: bool  # the scoring counted it
    code: str | None = None  # the diagnostic of its exclusion, if any
    excluded: str | None = None  # why it does not count
    trimmed: tuple[str, ...] = ()  # what a trimmed aggregate dropped ("highest", "impact: lowest")
    home: bool = False  # the entrant's country is the judge's country


@dataclass(frozen=True)
class JudgeInfo:
    name: str | None
    country: str | None
    voting: bool


def r4(value: float | None) -> float | None:
    """Rounded for the document; never -0.0 (it would print differently from 0.0)."""
    return None if value is None else round(value, DECIMALS) + 0.0


def mean(values: list[float]) -> float | None:
    """methods.mean, with None (a null in the document) for no values."""
    return methods.mean(values) if values else None


def sample_sd(values: list[float]) -> float | None:
    """The sample standard deviation (n − 1): a judge's marks are a sample of how they mark
    (methods.spread is the population one the tie-break and z-scores use)."""
    if len(values) < 2:
        return None
    m = methods.mean(values)
    return sqrt(fsum((v - m) ** 2 for v in values) / (len(values) - 1))


def pearson(pairs: list[tuple[float, float]]) -> float | None:
    """Pearson's r; None below MIN_CORRELATION_ENTRIES pairs or when either side does not vary."""
    if len(pairs) < MIN_CORRELATION_ENTRIES:
        return None
    mx = fsum(x for x, _ in pairs) / len(pairs)
    my = fsum(y for _, y in pairs) / len(pairs)
    sxy = fsum((x - mx) * (y - my) for x, y in pairs)
    sxx = fsum((x - mx) ** 2 for x, _ in pairs)
    syy = fsum((y - my) ** 2 for _, y in pairs)
    if sxx <= 0 or syy <= 0:
        return None
    return max(-1.0, min(1.0, sxy / sqrt(sxx * syy)))


@dataclass
class _Tally:
    """A judge's figures in one panel, before rounding."""

    lines: int = 0
    values: list[float] = field(default_factory=list)
    deviations: list[float] = field(default_factory=list)
    pairs: list[tuple[float, float]] = field(default_factory=list)
    trimmed: int = 0
    trimmed_highest: int = 0
    trimmed_lowest: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    home_country: int = 0
    home_country_excluded: int = 0
    ranked: int = 0  # across panels: the marks of rank panels, counted but not pooled with scores


def panel_statistics(call: str, round_id: str | None, kind: str, marks: Iterable[Mark],
                     judges: Mapping[str, JudgeInfo], width: float | None) -> tuple[dict[str, Any], dict[str, _Tally]]:
    """A panel's document (see docs/judges.md) and each judge's unrounded tally (for the totals).

    `judges` describes every judge that may appear (unknown ids are left out); `width` is the
    width of the totals' scale (None: unknown, no range-based flag)."""
    marks = sorted((m for m in marks if m.judge in judges), key=lambda m: (m.judge, m.entry))
    voting = {j for j, info in judges.items() if info.voting}
    # entry → judge → value, for the counted marks of voting judges: the panel proper
    panel: dict[str, dict[str, float]] = {}
    for m in marks:
        if m.counted and m.value is not None and m.judge in voting:
            panel.setdefault(m.entry, {})[m.judge] = m.value
    tallies: dict[str, _Tally] = {}
    for m in marks:
        tally = tallies.setdefault(m.judge, _Tally())
        tally.lines += 1
        if m.code in CONFLICT_CODES:
            tally.conflicts.append({"entry": m.entry, "code": m.code, "reason": m.excluded})
        if m.home:
            tally.home_country += 1
            tally.home_country_excluded += not m.counted
        if m.trimmed:
            tally.trimmed += 1
            tally.trimmed_highest += any(t.endswith("highest") for t in m.trimmed)
            tally.trimmed_lowest += any(t.endswith("lowest") for t in m.trimmed)
        observer = m.judge not in voting
        if m.value is None or not (m.counted or observer):
            continue
        tally.values.append(m.value)
        others = [v for j, v in panel.get(m.entry, {}).items() if j != m.judge]
        if others and kind in (SCORES, RANKS):
            consensus = fsum(others) / len(others)
            tally.deviations.append(m.value - consensus)
            tally.pairs.append((m.value, consensus))

    by_judge = []
    for judge_id in sorted(tallies):
        tally, info = tallies[judge_id], judges[judge_id]
        by_judge.append(_judge_record(judge_id, info, kind, tally))
    voting_records = [r for r in by_judge if not r["observer"] and r["marks"]]
    _flag_judges(voting_records, kind, width)

    columns = sorted(panel)
    raters = sorted({j for row in panel.values() for j in row})
    level = LEVEL[kind]
    # Each entry's values in judge order (as the judge-by-entry table gave them); never the table itself.
    alpha = alpha_of_units([[row[j] for j in sorted(row)] for row in map(panel.__getitem__, columns)], level) if level is not None else None
    alpha_doc = {"level": level, "value": r4(alpha.value) if alpha else None, "judges": len(raters),
                 "entries": sum(1 for e in columns if len(panel[e]) >= 2), "reason": alpha.reason if alpha else NOT_MARKS}
    if kind in (SCREENING, PAIRS):
        w_doc: dict[str, Any] = {"value": None, "judges": 0, "entries": 0, "block_judges": [], "block_entries": [],
                                 "reason": NOT_MARKS if kind == PAIRS else "a screening round gives pass/fail verdicts, not a ranking"}
    else:
        by_rater: dict[str, dict[str, float]] = {j: {} for j in raters}
        for entry_id, row in panel.items():
            for judge_id, value in row.items():
                by_rater[judge_id][entry_id] = value
        block = complete_block(by_rater)
        # Rounded as the scoring rounds scores, so totals equal in decimal arithmetic tie.
        w = kendall_w([[round(by_rater[j][e], SCORE_DECIMALS) for e in block.entries] for j in block.judges])
        w_doc = {"value": r4(w.value), "judges": len(block.judges), "entries": len(block.entries),
                 "block_judges": block.judges, "block_entries": block.entries, "reason": w.reason}

    # An entry's spread across judges, and the panel's typical (median) one: marked rounds only.
    spreads = {e: sample_sd(list(row.values())) for e, row in panel.items()} if kind == SCORES else {}
    measured = [s for s in spreads.values() if s is not None]
    typical = median(measured) if measured else None
    disagreements = _disagreements(panel, spreads, typical, width, kind)
    document = {
        "call": call,
        "round": round_id,
        "kind": kind,
        "judges": len(raters),
        "observers": sorted(j for j in tallies if j not in voting),
        "entries": len(panel),
        "lines_used": sum(len(row) for row in panel.values()),
        "marks": sum(len(row) for row in panel.values()),  # version 1's name of lines_used, kept for scripts
        "scale_width": r4(width),
        "typical_spread": r4(typical),
        "alpha": alpha_doc,
        "kendall_w": w_doc,
        "by_judge": by_judge,
        "disagreements": disagreements,
    }
    return document, tallies


def _judge_record(judge_id: str, info: JudgeInfo, kind: str, tally: _Tally) -> dict[str, Any]:
    # Means and leniency of ranks say nothing (every full ranking has the same mean): left null.
    numeric = kind == SCORES
    record: dict[str, Any] = {
        "judge": judge_id,
        "name": info.name,
        "country": info.country,
        "observer": not info.voting,
        "score_lines": tally.lines,
        "lines_used": len(tally.values) + tally.ranked,
        # The version-1 names of the two counts above, kept for scripts: `marks` here counted lines,
        # where `stats` (and everyone) means one number per criterion by a mark.
        "lines": tally.lines,
        "marks": len(tally.values) + tally.ranked,
        "mean": r4(mean(tally.values)) if kind in (SCORES, SCREENING) else None,
        "sd": r4(sample_sd(tally.values)) if numeric else None,
        "leniency": r4(mean(tally.deviations)) if numeric else None,
        "leniency_entries": len(tally.deviations) if numeric else 0,
        "correlation": r4(pearson(tally.pairs)) if kind in (SCORES, RANKS) else None,
        "correlation_entries": len(tally.pairs),
        "trimmed": tally.trimmed,
        "trimmed_highest": tally.trimmed_highest,
        "trimmed_lowest": tally.trimmed_lowest,
        "conflicts": len(tally.conflicts),
        "conflict_entries": tally.conflicts,
        "home_country": tally.home_country,
        "home_country_excluded": tally.home_country_excluded,
        "flags": [],
    }
    if kind == RANKS:  # a judge's ranking against the others' mean rank: r is of ranks
        record["correlation"] = r4(pearson(tally.pairs))
    return record


def robust_z(values: list[float]) -> list[float | None]:
    """(x − median) / (1.4826·MAD); where MAD is 0, (x − median) / (1.2533·mean absolute deviation
    from the median); None for all when both are 0 (no spread to measure against)."""
    centre = median(values)
    deviations = [abs(v - centre) for v in values]
    mad = median(deviations)
    if mad > 0:
        scale = 1.4826 * mad
    else:
        mean_ad = fsum(deviations) / len(deviations)
        if mean_ad <= 0:
            return [None] * len(values)
        scale = 1.2533 * mean_ad
    return [(v - centre) / scale for v in values]


def _flag_judges(records: list[dict[str, Any]], kind: str, width: float | None) -> None:
    with_leniency = [r for r in records if r["leniency"] is not None and r["leniency_entries"]]
    if kind == SCORES and len(with_leniency) >= MIN_JUDGES_FOR_OUTLIERS:
        zs = robust_z([r["leniency"] for r in with_leniency])
        floor = LENIENCY_FLOOR * width if width else 0.0
        for record, z in zip(with_leniency, zs, strict=True):
            if z is not None and abs(z) > OUTLIER_Z and abs(record["leniency"]) >= floor:
                record["flags"].append({"code": "lenient" if z > 0 else "harsh", "leniency": record["leniency"],
                                        "robust_z": r4(z), "limit": OUTLIER_Z})
    for record in records:
        r = record["correlation"]
        if r is not None and record["correlation_entries"] >= MIN_ENTRIES_FOR_CORRELATION_FLAG and r < LOW_CORRELATION:
            record["flags"].append({"code": "low-correlation", "correlation": r, "entries": record["correlation_entries"],
                                    "limit": LOW_CORRELATION})


def _disagreements(panel: dict[str, dict[str, float]], spreads: dict[str, float | None], typical: float | None,
                   width: float | None, kind: str) -> list[dict[str, Any]]:
    """Entries whose judges disagree strongly on a marked panel (none for ranks or verdicts)."""
    if kind != SCORES:
        return []
    found: list[dict[str, Any]] = []
    for entry_id in sorted(panel):
        row = panel[entry_id]
        sd = spreads[entry_id]
        if sd is None:
            continue
        low, high = min(row.values()), max(row.values())
        flags = []
        if width and high - low >= DISAGREEMENT_RANGE * width:
            flags.append({"code": "wide-range", "range": r4(high - low), "limit": r4(DISAGREEMENT_RANGE * width)})
        if typical and sd > DISAGREEMENT_SD * typical:
            flags.append({"code": "high-spread", "sd": r4(sd), "limit": r4(DISAGREEMENT_SD * typical)})
        if flags:
            found.append({"entry": entry_id, "judges": len(row), "mean": r4(fsum(row.values()) / len(row)),
                          "sd": r4(sd), "min": r4(low), "max": r4(high), "range": r4(high - low),
                          "lowest": sorted(j for j, v in row.items() if v == low),
                          "highest": sorted(j for j, v in row.items() if v == high), "flags": flags,
                          "_order": (-(high - low), -sd)})
    found.sort(key=lambda d: (*d["_order"], d["entry"]))  # the widest first, to discuss first
    for d in found:
        del d["_order"]
    return found


# -- from a computed cycle -------------------------------------------------------------------------

def scale_width(spec: CycleFile, call: Call, rules: Rules, kind: str, round_id: str | None = None) -> float | None:
    """The width of a judge's total's range in the round: the widths of the criteria it judges (a
    round's `criteria:`, else the call's) combined as the total is (weighted mean or sum); the
    call's (or cycle's) scale without criteria. None for ranks/verdicts."""
    if kind != SCORES:
        return None
    if not call.criteria:
        scale = scale_of(spec, call, None)
        return scale.max - scale.min
    weights = Weights.of(call).in_round(round_id)
    widths = []
    for name in weights.criteria:
        scale = scale_of(spec, call, name)
        widths.append(scale.max - scale.min)
    return weights.combine(widths, rules.total)


def _value(line: Any, call: Call, rules: Rules, weights: Weights, kind: str) -> float | None:
    """The line's value for the statistics: its total as scoring computed it; where scoring did not
    (an observer's or a conflicted judge's line is excluded before its total is computed), read from
    the marks as scoring reads a line (stages.read_line, with the round's criteria and panel)."""
    if kind == SCREENING:
        return float(line.marks == "pass") if is_verdict(line.marks) else None
    if kind == PAIRS:  # a line is there (its judgments); it has no value to average
        return 0.0 if isinstance(line.marks, Comparisons) else None
    if kind == RANKS:
        return float(line.marks) if is_rank(line.marks) else None
    if line.total is not None:
        return line.total
    # panel: criterion — a line of only some criteria counts for those, as in scoring.py
    read = read_line(call, line.marks, weights, rules.total, partial_panel(rules, call))
    return None if isinstance(read, str) else read[0]


def stage_marks(cycle: Cycle, stage: Stage) -> tuple[str, list[Mark]]:
    """The kind of a panel and every line of it as a Mark."""
    spec = cycle.spec
    assert spec is not None
    call = spec.calls[stage.call]
    kind = SCREENING if stage.screening else PAIRS if pairs.is_pairs(stage) else RANKS if stage.rules.marking == "ranks" else SCORES
    weights = Weights.of(call).in_round(stage.round)  # the criteria this round judges
    marks = []
    for entry_id, result in stage.results.items():
        country = result.entry.entrant.country
        for judge_id, line in result.lines.items():
            judge = cycle.judges.get(judge_id)
            marks.append(Mark(
                judge=judge_id, entry=entry_id, value=_value(line, call, stage.rules, weights, kind),
                counted=line.counted, code=line.code, excluded=line.excluded, trimmed=tuple(line.trimmed or ()),
                home=judge is not None and judge.country is not None and judge.country == country))
    return kind, marks


def calibrated(stage: Stage, kind: str) -> bool:
    """Whether the panel's values were calibrated (normalise: calibrated on marks; rank methods ignore it)."""
    return kind == SCORES and stage.rules.normalise == "calibrated" and not stage.rules.by_rank


def _with_offsets(document: dict[str, Any], stage: Stage) -> None:
    """A calibrated panel: its ridge strength, and each judge's fitted offset (the offset of the
    judge's total; with per: criterion also each criterion's). Null for a judge not calibrated
    (fewer values than min_scores, or none counted). Only calibrated panels have these keys, so the
    document of a cycle that does not calibrate is as it was."""
    document["calibration"] = stage.rules.calibration
    per_criterion = any(len(own) > 1 for own in stage.offsets.values())
    for record in document["by_judge"]:
        own = stage.offsets.get(record["judge"])
        record["offset"] = r4(own["total"]) if own else None
        if per_criterion:
            record["criterion_offsets"] = {c: r4(v) for c, v in own.items() if c != "total"} if own else None


def _with_corrections(document: dict[str, Any], stage: Stage) -> Counter[str]:
    """A panel whose rules correct marks toward the panel (correct:): the rule, and for each judge how
    many of its totals were moved (`corrected`). Only such panels have these keys, so the document
    of a cycle that does not correct is as it was. Returns the counts, for the judges' totals."""
    correct = stage.rules.correct
    assert correct is not None
    counts = Counter(judge_id for result in stage.results.values() for judge_id in result.detail.get("corrected", {}).get("moved", {}))
    document["correct"] = {"around": correct.around, "limit": correct.limit}
    for record in document["by_judge"]:
        record["corrected"] = counts[record["judge"]]
    return counts


def comparisons_by_judge(stage: Stage) -> dict[str, tuple[int, int]]:
    """A pairs round: judge → (comparisons made, comparisons counted). Made: every judgment on the
    judge's sheet of the round that names an entry of the round (each once, though it is on the lines
    of both its entries); counted: those pairs.comparisons counts (both lines count, one category)."""
    made: dict[str, set[tuple[int, int]]] = {}
    categories = set()
    for result in stage.results.values():
        categories.add(result.entry.category)
        for judge_id, line in result.lines.items():
            if isinstance(line.marks, Comparisons):
                made.setdefault(judge_id, set()).update((line.sheet, judgment.item) for judgment in line.marks)
    counted: dict[str, int] = {}
    for category in sorted(categories):
        for judge_id, _, _ in pairs.comparisons(stage, category):
            counted[judge_id] = counted.get(judge_id, 0) + 1
    return {judge_id: (len(items), counted.get(judge_id, 0)) for judge_id, items in sorted(made.items())}


def _with_comparisons(document: dict[str, Any], stage: Stage) -> dict[str, tuple[int, int]]:
    """A pairs panel: each judge's comparisons made and counted, and the panel's (voting judges')."""
    found = comparisons_by_judge(stage)
    for record in document["by_judge"]:
        record["comparisons"], record["comparisons_counted"] = found.get(record["judge"], (0, 0))
    voting = [r for r in document["by_judge"] if not r["observer"]]
    document["comparisons"] = sum(r["comparisons"] for r in voting)
    document["comparisons_counted"] = sum(r["comparisons_counted"] for r in voting)
    return found


def judges_document(cycle: Cycle, results: Results) -> dict[str, Any]:
    """The document of `smartaward judges`: every judge, and every panel (call and round)."""
    spec = cycle.spec
    assert spec is not None
    infos = {j: JudgeInfo(judge.name, judge.country, judge.voting) for j, judge in sorted(cycle.judges.items())}
    panels = []
    pooled: dict[str, _Tally] = {j: _Tally() for j in infos}
    panel_count: dict[str, int] = dict.fromkeys(infos, 0)
    verdicts: dict[str, int] = dict.fromkeys(infos, 0)
    flags: dict[str, list[dict[str, Any]]] = {j: [] for j in infos}
    titles = Titles.of(spec)
    compared: dict[str, list[int]] | None = None  # judge → [made, counted] over the pairs panels; None: no pairs panel
    corrected: Counter[str] | None = None  # judge → totals moved toward the panel (correct:); None: no panel corrects
    for stage in results.scoring.stages:
        kind, marks = stage_marks(cycle, stage)
        width = scale_width(spec, spec.calls[stage.call], stage.rules, kind, stage.round)
        document, tallies = panel_statistics(stage.call, stage.round, kind, marks, infos, width)
        # the panel's call and round, and their titles (added last, issue 15)
        where = {"call": stage.call, "round": stage.round, "call_title": titles.call(stage.call),
                 "round_title": titles.round(stage.call, stage.round)}
        if calibrated(stage, kind):
            _with_offsets(document, stage)
        if stage.rules.correct is not None and kind == SCORES:
            corrected = (corrected or Counter()) + _with_corrections(document, stage)
        if kind == PAIRS:
            compared = compared if compared is not None else {j: [0, 0] for j in infos}
            for judge_id, (made, counted) in _with_comparisons(document, stage).items():
                if judge_id in compared:
                    compared[judge_id][0] += made
                    compared[judge_id][1] += counted
        panels.append({**document, **where})
        for record in document["by_judge"]:
            flags[record["judge"]].extend({**flag, **where} for flag in record["flags"])
        if kind == SCREENING:  # verdicts are not marks: the judges' totals below are over marked rounds
            for judge_id, tally in tallies.items():
                verdicts[judge_id] += len(tally.values)
            continue
        for judge_id, tally in tallies.items():
            total = pooled[judge_id]
            panel_count[judge_id] += 1
            total.lines += tally.lines
            total.trimmed += tally.trimmed
            total.trimmed_highest += tally.trimmed_highest
            total.trimmed_lowest += tally.trimmed_lowest
            total.conflicts.extend({**c, **where} for c in tally.conflicts)
            total.home_country += tally.home_country
            total.home_country_excluded += tally.home_country_excluded
            if kind == SCORES:
                total.values.extend(tally.values)
                total.deviations.extend(tally.deviations)
                total.pairs.extend(tally.pairs)
            else:  # ranks are on another scale than scores: counted, never pooled with them
                total.ranked += len(tally.values)
    judges = []
    for judge_id, info in infos.items():
        record = _judge_record(judge_id, info, SCORES, pooled[judge_id])
        record["panels"] = panel_count[judge_id]
        record["verdicts"] = verdicts[judge_id]
        record["flags"] = flags[judge_id]
        if compared is not None:
            record["comparisons"], record["comparisons_counted"] = compared[judge_id]
        if corrected is not None:
            record["corrected"] = corrected[judge_id]  # (0 for a judge no total of which was moved)
        judges.append(record)
    return {"version": DOCUMENT_VERSION, "cycle": results.cycle, "thresholds": thresholds(),
            "judges": judges, "panels": panels}
