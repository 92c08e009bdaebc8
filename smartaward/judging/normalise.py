"""Normalisation of judges: each judge's values within a call and round, z-scored and rescaled to
the panel's mean and spread, turned into percentiles, or calibrated: corrected by the judge's offset
fitted over the whole panel (docs/rules.md, Normalisation).

A judge with fewer values than `min_scores`, or (z-score) values that do not vary, is left raw and
reported (J414): there is nothing to correct for.

Calibration (`normalise: calibrated`) fits, per channel, every counted value as m = q(entry) +
b(judge) + noise by least squares with a ridge λ·Σ b² (λ = `calibration:`), and counts m − b. With
q eliminated, the offsets solve (L + λI)·b = c (`fit_offsets`), where L is the panel's judge
Laplacian — how the judges share entries — and c each judge's summed deviation from the means of
the entries they marked. Unlike a z-score it does not assume that each judge drew an average set of
entries: a judge who drew only the strong ones agrees with their co-judges and keeps offset 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from math import fsum, sqrt

from smartaward.judging import methods
from smartaward.judging.panel import Rules, scale_of, total_range
from smartaward.judging.stages import Line, Stage, Weights
from smartaward.model.cyclefiles import Call, CycleFile


def normalise(stage: Stage, call: Call, spec: CycleFile, weights: Weights) -> None:
    """Rescale each judge's values within the call and round (z-score, percentile, calibrated)."""
    if stage.rules.normalise == "none":
        return
    weights = weights.in_round(stage.round)
    if stage.rules.normalise == "calibrated":
        calibrate(stage, weights)
    else:
        _rescale(stage, call, spec, weights)


def _rescale(stage: Stage, call: Call, spec: CycleFile, weights: Weights) -> None:
    """z-score or percentile: each judge's values on their own, within the call and round."""
    rules = stage.rules
    by_judge: dict[str, list[Line]] = defaultdict(list)
    for result in stage.results.values():
        for line in result.lines.values():
            if line.counted:
                by_judge[line.judge].append(line)
    channels = sorted({c for lines in by_judge.values() for line in lines for c in line.channels})
    # The panel's mean and spread per channel, over every counted value of the round (raw).
    # (under panel: criterion a line holds only the criteria its judge marked)
    panel = {c: [line.channels[c] for lines in by_judge.values() for line in lines if c in line.channels] for c in channels}
    centre = {c: methods.mean(v) for c, v in panel.items() if v}
    scale = {c: methods.spread(v) for c, v in panel.items() if v}
    for judge_id, lines in sorted(by_judge.items()):
        if len(lines) < rules.min_scores:
            few = f"{len(lines)} score{'s' if len(lines) != 1 else ''} in the round, fewer than min_scores ({rules.min_scores})"
            if rules.normalise == "percentile":
                # Raw marks beside percentiles would mix two scales: such a judge's values
                # count as the percentage of the scale they reach instead.
                for line in lines:
                    line.normalised = {c: percent_of_scale(call, spec, weights, c, line.channels[c], rules)
                                       for c in channels if c in line.channels}
                    _with_total(line, weights, rules)
                few += "; counted as percentages of the scale"
            stage.not_normalised[judge_id] = few
            continue
        normalised: dict[int, dict[str, float]] = defaultdict(dict)
        flat = []
        for channel in channels:
            values = {str(i): line.channels[channel] for i, line in enumerate(lines) if channel in line.channels}
            if not values:
                continue
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
            _with_total(line, weights, rules)


def _with_total(line: Line, weights: Weights, rules: Rules) -> None:
    """With `per: criterion`, the judge's total from the normalised marks (what tie-breaks read)."""
    if line.per_criterion is not None and line.normalised is not None:
        # panel: criterion — a partial line's total is over the criteria the judge marked (as its raw total)
        own = weights if all(c in line.normalised for c in weights.criteria) else weights.subset(line.normalised)
        line.normalised["total"] = own.combine([line.normalised[c] for c in own.criteria], rules.total)


def percent_of_scale(call: Call, spec: CycleFile, weights: Weights, channel: str, value: float, rules: Rules) -> float:
    """A raw value as a percentage of the range its scale allows (0 at the minimum, 100 at the maximum)."""
    if channel == "total":
        low, high = total_range(spec, call, weights.criteria, rules.total)
    else:
        scale = scale_of(spec, call, channel)
        low, high = scale.min, scale.max
    return 100 * (value - low) / (high - low)


# -- normalise: calibrated ------------------------------------------------------------------------

TOLERANCE = 1e-12  # the solve stops when the residual is this small (relative to c, in marks)


def calibrate(stage: Stage, weights: Weights) -> None:
    """Fit each judge's offset per channel over the round's whole panel and count value − offset.

    Judges with fewer counted values than min_scores are not calibrated (J414): their values count
    raw, and enter the fit as judges of offset 0, so that they still tell the others' offsets."""
    rules = stage.rules
    by_judge: dict[str, list[tuple[str, Line]]] = defaultdict(list)
    for entry_id, result in stage.results.items():
        for line in result.lines.values():
            if line.counted and line.channels:
                by_judge[line.judge].append((entry_id, line))
    fitted = {j for j, lines in by_judge.items() if len(lines) >= rules.min_scores}
    for judge_id in sorted(set(by_judge) - fitted):
        n = len(by_judge[judge_id])
        stage.not_normalised[judge_id] = f"{n} score{'s' if n != 1 else ''} in the round, fewer than min_scores ({rules.min_scores})"
    channels = sorted({c for lines in by_judge.values() for _, line in lines for c in line.channels})
    offsets: dict[str, dict[str, float]] = {j: {} for j in sorted(fitted)}
    for channel in channels:
        values: dict[str, dict[str, float]] = defaultdict(dict)
        for judge_id, lines in by_judge.items():
            for entry_id, line in lines:
                if channel in line.channels:
                    values[entry_id][judge_id] = line.channels[channel]
        for judge_id, offset in fit_offsets(values, fitted, rules.calibration).items():
            offsets[judge_id][channel] = offset
    for judge_id in sorted(fitted):
        own = offsets[judge_id]
        for _, line in by_judge[judge_id]:
            line.normalised = {c: v - own[c] for c, v in line.channels.items()}
            _with_total(line, weights, rules)
        if "total" not in own:  # per criterion: the offset of the judge's total (the total is linear in the marks)
            own["total"] = weights.combine([own.get(c, 0.0) for c in weights.criteria], rules.total)
    stage.offsets = offsets


def fit_offsets(values: Mapping[str, Mapping[str, float]], fitted: Collection[str], ridge: float) -> dict[str, float]:
    """The offsets b of the `fitted` judges minimising Σ (m − q − b)² + ridge·Σ b² over every
    value m of `values` (entry → judge → value), each entry's quality q free; judges not fitted
    have offset 0. Order-independent: entries and judges are taken in id order.

    With q at its optimum (the mean of the entry's m − b), the offsets solve (L + ridge·I)·b = c:
    for each entry e marked by n judges, L gains 1 − 1/n on the diagonal of each fitted judge of e
    and −1/n between two of them, and c_j gains m_j − mean(m). L is positive semi-definite, so
    L + ridge·I is positive definite and the solution unique; it is found by conjugate gradients
    (exact after at most one step per judge, in exact arithmetic). An entry marked by one judge adds
    nothing: a judge who shares no entry with another gets offset 0 from the ridge alone.
    """
    judges = sorted({j for row in values.values() for j in row if j in fitted})
    index = {j: i for i, j in enumerate(judges)}
    # Each entry marked by two or more judges: its size and its fitted judges' positions.
    panels: list[tuple[int, list[int]]] = []
    deviations: list[list[float]] = [[] for _ in judges]
    for entry_id in sorted(values):
        row = values[entry_id]
        if len(row) < 2:
            continue
        centre = fsum(row.values()) / len(row)
        members = [index[j] for j in sorted(row) if j in index]
        for j in sorted(row):
            if j in index:
                deviations[index[j]].append(row[j] - centre)
        if members:
            panels.append((len(row), members))
    c = [fsum(d) for d in deviations]

    def times(b: list[float]) -> list[float]:
        """(L + ridge·I)·b, entry by entry (the cost of one pass over the panel's values)."""
        out = [ridge * x for x in b]
        for size, members in panels:
            # the judges not fitted count with offset 0; members are in id order, so the sum is too
            mean = sum([b[k] for k in members]) / size
            for k in members:
                out[k] += b[k] - mean
        return out

    import numpy as np  # noqa: PLC0415  (as methods' fits: imported when a calibration runs)
    b = methods.conjugate_gradients(lambda v: np.array(times(v.tolist())), np.array(c, dtype=np.float64),
                                    TOLERANCE * max(1.0, sqrt(fsum(x * x for x in c))))
    return {j: float(b[i]) + 0.0 for j, i in index.items()}

