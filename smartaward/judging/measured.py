"""Measured parts of a score: what is measured, not judged — distance points, a wind or time
compensation, a difficulty value — given once per entry and round in values sheets (`values:`,
Call.measured), and added to the judges' aggregate (docs/rules.md §4, "Measured parts").

The judged part J is the round's score as the judges make it (their aggregate, times the round's
factor); each measured part m has a value v_m and a weight w_m. With `total: weighted-sum`

    score = J + Σ w_m × v_m

and with `total: weighted-mean` (the default) the judged part weighs what the round's criteria
weigh together (W, 1 for one overall mark):

    score = (W × J + Σ w_m × v_m) / (W + Σ w_m)

The score is rounded as any score is (to `decimals:` half-up, else to SCORE_DECIMALS). An entry
with counted marks but no value for one of the round's parts has no score: it is listed unranked
(status MISSING_VALUE), and validate reports it (J419). An entry unranked already (too few judges)
gets its parts too where they are given, so that the score it shows is of the same kind as the
others', and no score where one is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import fsum
from typing import TYPE_CHECKING, Any

from smartaward.judging.panel import Rules
from smartaward.judging.stages import NUMBER_TYPES, SCORE_DECIMALS, EntryScore, Weights, rounded_to
from smartaward.model.cyclefiles import Call, Measured

if TYPE_CHECKING:
    from smartaward.reading.load import Cycle

MISSING_VALUE = "missing-value"  # the status of an entry with marks but without a measured value


def parts_in_round(call: Call, round_id: str | None) -> dict[str, Measured]:
    """The call's measured parts that make the round's score, in the call's order: none in a
    screening round, which gives pass or fail, not a score."""
    if round_id is not None and round_id in call.rounds and call.rounds[round_id].screening:
        return {}
    return {part_id: part for part_id, part in call.measured.items() if part.rounds is None or round_id in part.rounds}


def is_value(value: Any) -> bool:
    """Whether a value as written can be counted: a number (not a bool, not beyond ±1e300)."""
    return type(value) in NUMBER_TYPES and abs(value) <= 1e300


@dataclass(frozen=True)
class Given:
    """One measured value as a values sheet gives it: the value as written, and where."""

    value: Any
    sheet: int  # index into cycle.value_sheets
    entry: str
    part: str


# round → entry → part → the first value given for it (values sheets in path order).
ValueTable = dict[str | None, dict[str, dict[str, Given]]]


def value_table(cycle: Cycle) -> tuple[ValueTable, list[tuple[Given, Given]]]:
    """Every measured value, by round, entry and part, and each value given again (the later one
    with the first, which counts: R218). Where no call has rounds, a sheet's round is not read (as
    for marks: J407 reports it once)."""
    rounds = cycle.spec is not None and any(call.rounds for call in cycle.spec.calls.values())
    table: ValueTable = {}
    again: list[tuple[Given, Given]] = []
    for number, sheet in enumerate(cycle.value_sheets):
        by_entry = table.setdefault(sheet.round if rounds else None, {})
        for entry_id, values in sheet.values.items():
            if type(values) is not dict:
                continue  # one number where the parts are expected: M304
            given = by_entry.setdefault(entry_id, {})
            for part, value in values.items():
                found = Given(value, number, entry_id, part)
                if part in given:
                    again.append((found, given[part]))
                else:
                    given[part] = found
    return table, again


def add_measured(result: EntryScore, rules: Rules, call: Call, weights: Weights, parts: dict[str, Measured],
                 given: dict[str, Given] | None) -> None:
    """The round's measured parts (parts_in_round, found once per round by the caller) added to the
    entry's judged score (see the module's formula); recorded for explain in result.detail["measured"]."""
    if not parts or result.score is None or result.raw_score is None:
        return
    given = given or {}
    missing = [part for part in parts if part not in given or not is_value(given[part].value)]
    if missing:  # no score: the judged part alone is no result (explain shows it, and what is missing)
        result.detail["measured"] = {"judged": result.score, "missing": missing}
        if result.reason is None:  # (an entry unranked already, too few judges, keeps its reason: J404, not J419)
            result.reason = f"no measured value for {', '.join(missing)}"
            result.status = MISSING_VALUE
        result.score = result.raw_score = None
        return
    values = {part: float(given[part].value) for part in parts}
    judged_weight = weights.total if call.criteria else 1.0
    detail: dict[str, Any] = {"judged": result.score, "parts": {part: {"value": values[part], "weight": parts[part].weight} for part in parts}}
    scores = []
    for judged in (result.score, result.raw_score):
        if rules.total == "weighted-sum":
            total = fsum([judged, *(parts[p].weight * v for p, v in values.items())])
        else:
            total = fsum([judged_weight * judged, *(parts[p].weight * v for p, v in values.items())]) / \
                fsum([judged_weight, *(part.weight for part in parts.values())])
        scores.append(round(total, SCORE_DECIMALS) if rules.decimals is None else rounded_to(total, rules.decimals, rules.rounding))
    result.score, result.raw_score = scores
    if rules.total != "weighted-sum":
        detail["judged_weight"] = judged_weight
    detail["total"] = rules.total
    result.detail["measured"] = detail
