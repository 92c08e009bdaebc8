"""Normalisation of judges: each judge's values within a call and round, z-scored and rescaled to
the panel's mean and spread, or turned into percentiles (docs/rules.md, Normalisation).

A judge with fewer values than `min_scores`, or (z-score) values that do not vary, is left raw and
reported (J414): there is nothing to correct for.
"""

from __future__ import annotations

from collections import defaultdict

from smartaward.judging import methods
from smartaward.judging.panel import Rules
from smartaward.judging.stages import Line, Stage, Weights
from smartaward.model.cyclefiles import Call, CycleFile, Scale


def normalise(stage: Stage, call: Call, spec: CycleFile, weights: Weights) -> None:
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
                    line.normalised = {c: percent_of_scale(call, spec, weights, c, line.channels[c], rules) for c in channels}
                    _with_total(line, weights, rules)
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
            _with_total(line, weights, rules)


def _with_total(line: Line, weights: Weights, rules: Rules) -> None:
    """With `per: criterion`, the judge's total from the normalised marks (what tie-breaks read)."""
    if line.per_criterion is not None and line.normalised is not None:
        line.normalised["total"] = weights.combine([line.normalised[c] for c in weights.criteria], rules.total)


def percent_of_scale(call: Call, spec: CycleFile, weights: Weights, channel: str, value: float, rules: Rules) -> float:
    """A raw value as a percentage of the range its scale allows (0 at the minimum, 100 at the maximum)."""
    def scale_of(criterion: str | None) -> Scale:
        own = call.criteria[criterion].scale if criterion in call.criteria else None
        return own or call.scale or spec.scale

    if channel != "total" or not call.criteria:
        scale = scale_of(channel if channel != "total" else None)
        low, high = scale.min, scale.max
    else:
        scales = [scale_of(c) for c in weights.criteria]
        low = weights.combine([sc.min for sc in scales], rules.total)
        high = weights.combine([sc.max for sc in scales], rules.total)
    return 100 * (value - low) / (high - low)
