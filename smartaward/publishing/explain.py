"""Why an entry came out as it did, as plain data: every mark, which were excluded and why, the
normalisation, the aggregation, the rank and the tie-break that placed it, and the award.

An auditor re-derives the result from this and docs/rules.md alone; `smartaward explain` renders
it as text or JSON. Nothing here computes a result: it reads what scoring, ranking and awards
recorded, so the explanation can never disagree with `rank`.

A judge's comment on the entry is shown with the judge's line, from the sheet the line comes from;
a comment on a sheet that has no line on the entry (a judge may comment on an entry they did not
mark, format.md) is listed under the round of that sheet, in `comments_without_marks` — in a round
of its own, not reached, when the entry has none there; for a designated call, in its result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smartaward.awards.allocation import Award
from smartaward.awards.results import Results
from smartaward.judging import ranked
from smartaward.judging.assigned import has_rounds
from smartaward.judging.panel import round_criteria, stages_of
from smartaward.judging.ranking import CategoryRanking, Ranked
from smartaward.judging.stages import DID_NOT_START, LATE, SCORE_DECIMALS, EntryScore, Stage
from smartaward.reading.load import Cycle

# A judge's line total (and normalised value, offset) is an input of the score, not a result: rounded
# only to drop float noise, finer than SCORE_DECIMALS, so that the mean of the totals shown still gives
# the score to SCORE_DECIMALS (7.8333333333 and 8 → 7.916667, where 7.833333 and 8 would give 7.916666).
LINE_DECIMALS = 10


@dataclass(frozen=True)
class Lookup:
    """What explaining an entry looks up, found once for a cycle's results, so that explaining every
    entry (feedback) costs the size of the cycle, not its square."""

    awards: dict[str, Award]  # entry id → its award
    rows: dict[str, tuple[CategoryRanking, Ranked]]  # entry id → its ranking and row
    ranked: dict[tuple[str, str], int]  # (call, category) → entries ranked
    groups: dict[tuple[str, str, int], list[str]]  # (call, category, rank) → the entries sharing it
    stages: dict[tuple[str, str | None], Stage]
    awaiting_chair: frozenset[str]  # entries of a tie in a final ranking awaiting the chair (J412)
    # entry id → the sheets (indices into cycle.sheets) with a comment on it, in sheet order
    commented: dict[str, list[int]]
    rounds_anywhere: bool  # whether a call of the cycle has rounds (else a sheet's round is not one)

    @classmethod
    def of(cls, results: Results, cycle: Cycle) -> Lookup:
        """`cycle`: for the comments (its sheets are indexed once) and its rounds."""
        rows: dict[str, tuple[CategoryRanking, Ranked]] = {}
        groups: dict[tuple[str, str, int], list[str]] = {}
        ranked: dict[tuple[str, str], int] = {}
        for ranking in results.rankings:
            ranked[(ranking.call, ranking.category)] = sum(1 for r in ranking.rows if r.rank is not None)
            for row in ranking.rows:
                rows.setdefault(row.result.entry.id, (ranking, row))
                if row.rank is not None:
                    groups.setdefault((ranking.call, ranking.category, row.rank), []).append(row.result.entry.id)
        awards: dict[str, Award] = {}
        for award in results.allocation.awards:
            awards.setdefault(award.entry.id, award)
        waiting = frozenset(e for tie in results.pending.ties if tie.round is None for e in tie.entries)
        commented: dict[str, list[int]] = {}
        for number, sheet in enumerate(cycle.sheets):
            for entry_id in sheet.comments:
                commented.setdefault(entry_id, []).append(number)
        return cls(awards, rows, ranked, groups, {(s.call, s.round): s for s in results.scoring.stages}, waiting,
                   commented, has_rounds(cycle))


def explain_entry(cycle: Cycle, results: Results, entry_id: str, lookup: Lookup | None = None) -> dict[str, Any]:
    """The explanation document of one entry (which must exist in the cycle). `lookup`: Lookup.of(results,
    cycle), when many entries are explained."""
    lookup = lookup or Lookup.of(results, cycle)
    spec = cycle.spec
    assert spec is not None
    entry = cycle.entry_index[entry_id].entry
    call = spec.calls[entry.call]
    document: dict[str, Any] = {
        "cycle": results.cycle,
        "entry": {
            "id": entry.id, "title": entry.title, "entrant": entry.entrant.name, "type": entry.entrant.type,
            "city": entry.entrant.city, "country": entry.entrant.country, "call": entry.call,
            "category": entry.category, "submitted": None if entry.submitted is None else entry.submitted.isoformat(),
        },
        "judging": call.judging,
        "rounds": [],
        "result": None,
    }
    award = lookup.awards.get(entry_id)
    if call.judging == "designated":
        document["result"] = {"award": award.award if award else None, "note": award.note if award else None,
                              "designated": [slot for slot, d in call.categories[entry.category].designated.items()
                                             if entry_id in d.entries],
                              "comments_without_marks": _unmarked(cycle, entry_id, lookup.commented.get(entry_id, []))}
        return document
    final = results.scores.get(entry_id)
    if final is None:
        return document
    stages = lookup.stages
    for result in final.stages:
        stage = stages.get((entry.call, result.round))
        document["rounds"].append(_round(cycle, result, stage, lookup))
    for result in final.unreached:  # marks in rounds it never reached: shown, not counted
        stage = stages.get((entry.call, result.round))
        document["rounds"].append(_round(cycle, result, stage, lookup, reached=False))
    _comments_without_marks(cycle, entry_id, document["rounds"], [*final.stages, *final.unreached], lookup, stages_of(call))
    ranked_in = lookup.ranked.get((entry.call, entry.category), 0)
    found = lookup.rows.get(entry_id)
    row = found[1] if found is not None else None
    notes = found[0].notes if found is not None else []
    tied = [] if row is None or row.rank is None else [
        e for e in lookup.groups[(entry.call, entry.category, row.rank)] if e != entry_id]
    document["result"] = {
        "score": final.score,
        "raw_score": final.raw_score if final.raw_score is not None else final.score,
        "lower_is_better": not final.higher_is_better,
        "combined": final.detail.get("combined"),
        "rank": row.rank if row else None,
        "of": ranked_in,
        "tie": row.tie if row else None,
        "tied_with": tied if row else [],
        "reason": final.reason,
        "ineligible": final.ineligible,
        "award": award.award if award else None,
        "award_note": award.note if award else None,
        # slots that went past it to a lower-ranked entry, and why (one_award_per, a country's cap, ...)
        "passed_over": [{"award": p.award, "rank": p.rank, "reason": p.reason}
                        for p in results.allocation.passed_over if p.entry == entry_id],
        "notes": notes if row else [],
        "pending": results.pending.rows.get(entry_id),
        # In a tie that reached the chair rule with no recorded decision (J412).
        "awaits_chair": entry_id in lookup.awaiting_chair,
    }
    _where_it_stopped(document, final)
    return document


def _where_it_stopped(document: dict[str, Any], final: EntryScore) -> None:
    """Name the round where the entry stopped (`result.stopped_in`, and `stopped` on that round)
    and the rounds it did not start (`result.did_not_start`: under combine: best, rounds without a
    mark, which neither count nor stop it). A late entry stopped before any round: none is named."""
    stopped_in = final.round if final.reason is not None and final.status != LATE else None
    judged = [r for r in document["rounds"] if r["reached"] and not r["screening"]]
    if final.status == DID_NOT_START and judged and all(r.get("status") == DID_NOT_START for r in judged):
        stopped_in = None  # it started no round: there is no round to name
    document["result"]["stopped_in"] = stopped_in
    document["result"]["did_not_start"] = [r["round"] for r in document["rounds"] if r.get("status") == DID_NOT_START]
    for stage in document["rounds"]:
        stage["stopped"] = final.reason is not None and final.status != LATE and stage["reached"] and stage["round"] == stopped_in


def _comments_without_marks(cycle: Cycle, entry_id: str, rounds: list[dict[str, Any]], results: list[EntryScore],
                            lookup: Lookup, order: list[str | None]) -> None:
    """Add to each round the comments on the entry from sheets of that round with no line on it;
    a round the entry has none in is added, as not reached, after the others (in the call's order
    of rounds; a round that is not one of the call's last, by name)."""
    sheets = lookup.commented.get(entry_id)
    if not sheets:
        return
    with_lines = {(result.round, line.sheet) for result in results for line in result.lines.values()}
    by_round: dict[str | None, list[int]] = {}
    for number in sheets:
        round_id = cycle.sheets[number].round if lookup.rounds_anywhere else None
        if (round_id, number) not in with_lines:
            by_round.setdefault(round_id, []).append(number)
    documents = {document["round"]: document for document in rounds}
    added = []
    for round_id, numbers in by_round.items():
        document = documents.get(round_id)
        if document is None:
            document = _round_without_marks(round_id)
            added.append(document)
        document["comments_without_marks"] = _unmarked(cycle, entry_id, numbers)
    place = {round_id: i for i, round_id in enumerate(order)}
    rounds += sorted(added, key=lambda d: (place.get(d["round"], len(place)), d["round"] or ""))


def _unmarked(cycle: Cycle, entry_id: str, sheets: list[int]) -> list[dict[str, Any]]:
    """The comments of these sheets on the entry, by judge id (then text)."""
    found = []
    for number in sheets:
        sheet = cycle.sheets[number]
        comment = sheet.comments.get(entry_id)
        if comment:
            judge = cycle.judges.get(sheet.judge)
            found.append({"judge": sheet.judge, "name": judge.name if judge else None, "comment": comment})
    return sorted(found, key=lambda c: (c["judge"], c["comment"]))


def _round_without_marks(round_id: str | None) -> dict[str, Any]:
    """A round in which no judge marked the entry, shown for its comments only."""
    return {"round": round_id, "reached": False, "screening": False, "rules": None, "lines": [], "verdicts": None,
            "criterion_means": {}, "score": None, "raw_score": None, "round_rank": None, "round_tie": None,
            "outcome": None, "method": None, "comments_without_marks": [],
            "status": None, "stopped": False, "factor": None, "cut_score": None, "criterion_scores": None, "not_counted": []}


def _round(cycle: Cycle, result: EntryScore, stage: Stage | None, lookup: Lookup, *, reached: bool = True) -> dict[str, Any]:
    lines = []
    earned = _points_earned(result, stage) if reached else {}
    for judge_id, line in result.lines.items():
        judge = cycle.judges.get(judge_id)
        normalised = None
        if line.normalised is not None:
            normalised = line.normalised.get("total") if "total" in line.normalised else line.normalised
        lines.append({
            "judge": judge_id,
            "name": judge.name if judge else None,
            "marks": line.marks,
            # a line's total and normalised value without float noise (a partial line's sum is 11.4, not
            # 11.399999999999999), to LINE_DECIMALS: enough to re-derive a score to SCORE_DECIMALS from them
            "total": _tidy(line.total, LINE_DECIMALS),
            "normalised": _tidy(normalised, LINE_DECIMALS),
            "counted": line.counted,
            "excluded": line.excluded,
            "trimmed": line.trimmed or [],
            "not_normalised": stage.not_normalised.get(judge_id) if stage is not None and line.counted else None,
            # normalise: calibrated — the judge's fitted offset in the round (of the total): normalised = total − offset
            "offset": _tidy(stage.offsets.get(judge_id, {}).get("total"), LINE_DECIMALS) if stage is not None and line.counted else None,
            # The judge's comment on the entry, from the sheet the line is read from (never counted).
            "comment": cycle.sheets[line.sheet].comments.get(result.entry.id) or None,
            # aggregate: points — the entry's place on this judge's ballot (the first of the places it
            # shares with `tied` entries, 1 = best) and the points that place earned; else null
            **earned.get(judge_id, {"rank": None, "tied": None, "points": None}),
        })
    out: dict[str, Any] = {
        "round": result.round,
        "reached": reached,
        "screening": bool(stage and stage.screening),
        "rules": stage.rules.describe() if stage is not None and not stage.screening else None,
        "lines": lines,
        "verdicts": {"pass": result.verdicts[0], "fail": result.verdicts[1]} if result.verdicts else None,
        "criterion_means": result.criterion_means,
        "score": result.score,
        "raw_score": result.raw_score,
        "round_rank": result.detail.get("round_rank"),
        "round_tie": result.detail.get("round_tie"),
        "outcome": result.reason,
        "method": _tidy(_method(result, stage)),
        # Comments on the entry from sheets of this round that have no line on it (judge, name, comment).
        "comments_without_marks": [],
    }
    out.update(_round_facts(cycle, result, stage))
    return out


def _round_facts(cycle: Cycle, result: EntryScore, stage: Stage | None) -> dict[str, Any]:
    """What makes the round's score and what did not count: its status (did-not-start, ...), the
    entry's factor for the round, the score a cut on several rounds ranked, each criterion's
    aggregate × factor with the marks it came from (per: criterion), and every mark not counted."""
    corrected = result.detail.get("corrected")
    return {
        # correct: (only in a round whose rules correct): the panel's centre, and each moved judge's
        # total and corrected total — the score is the aggregate of the corrected totals
        **({"corrected": _tidy(corrected)} if corrected is not None else {}),
        # measured: (only in a round with measured parts): the judged part, each part's value and
        # weight, and how they make the score (total: weighted-sum or weighted-mean)
        **({"measured": _tidy(result.detail["measured"])} if "measured" in result.detail else {}),
        "status": result.status,
        "stopped": False,  # set for the round where the entry stopped (_where_it_stopped)
        "factor": result.detail.get("factor"),
        "cut_score": _tidy(result.detail.get("cut_score")),
        # cut_rule (only where a cut weighs its rounds or declares decimals): what cut_score is, in words
        **({"cut_rule": result.detail["cut_rule"]} if "cut_rule" in result.detail else {}),
        "criterion_scores": _criterion_scores(cycle, result, stage),
        "not_counted": _not_counted(cycle, result, stage),
    }


def _criterion_scores(cycle: Cycle, result: EntryScore, stage: Stage | None) -> dict[str, Any] | None:
    """With per: criterion, each criterion as scoring built it — the aggregate of its marks (the
    trimmed sum, the mean...), the entry's factor and their product; the criterion's weight and,
    under total: weighted-sum, the product times the weight (`points`: what the criterion adds to
    the score, a dive's published points) — with the raw marks of the judges it was aggregated over
    (under panel: criterion, only those who marked it) and the judges whose marks were trimmed; so
    that every published per-criterion figure can be checked against the marks."""
    made = result.detail.get("criterion_scores")
    if not made:
        return None
    spec = cycle.spec
    call = spec.calls.get(result.entry.call) if spec is not None else None
    weighted_sum = stage is not None and stage.rules.total == "weighted-sum"
    counted = [(judge, line) for judge, line in result.lines.items() if line.counted and isinstance(line.marks, dict)]
    out: dict[str, Any] = {}
    for criterion, parts in made.items():
        marks = {judge: line.marks[criterion] for judge, line in counted if criterion in line.marks}
        trimmed = [judge for judge, line in counted if criterion in line.marks
                   and any(t.startswith(f"{criterion}: ") for t in line.trimmed or [])]
        weight = call.criteria[criterion].weight if call is not None and criterion in call.criteria else None
        # the weighted sum adds score × weight for each criterion; a weighted mean divides the sum by the weights' total
        points = _tidy(parts["score"] * weight) if weighted_sum and weight is not None else None
        # under normalisation the aggregate is of the normalised marks: those too, so it can be re-derived
        normalised = {judge: _tidy(line.normalised[criterion], 10) for judge, line in counted
                      if criterion in line.marks and line.normalised is not None and criterion in line.normalised}
        out[criterion] = {**_tidy(parts), "method": stage.rules.aggregate if stage is not None else None,
                          "marks": marks, "normalised": normalised or None, "trimmed": trimmed, "weight": weight, "points": points}
    return out


def _tidy(value: Any, decimals: int = SCORE_DECIMALS) -> Any:
    """A figure computed for explain as scores are given: floats rounded to SCORE_DECIMALS (no float
    noise such as 11.399999999999999, never a -0.0), inside lists and mappings too; the rest as is."""
    if isinstance(value, float):
        return round(value, decimals) + 0.0
    if isinstance(value, dict):
        return {key: _tidy(item, decimals) for key, item in value.items()}
    if isinstance(value, list):
        return [_tidy(item, decimals) for item in value]
    return value


def _points_earned(result: EntryScore, stage: Stage | None) -> dict[str, dict[str, Any]]:
    """aggregate: points — judge → the entry's place on the judge's ballot ({"rank", "tied", "points"}),
    as ranking counted it (ranked._points records it: detail["points_by_judge"])."""
    if stage is None or stage.rules.aggregate != "points":
        return {}
    earned: dict[str, dict[str, Any]] = result.detail.get("points_by_judge", {})
    return earned


def _not_counted(cycle: Cycle, result: EntryScore, stage: Stage | None) -> list[dict[str, Any]]:
    """Every mark of the round that does not count, with the reason: a judge's whole line (a
    conflict, an observer, a round not reached...), a mark dropped by a trimmed aggregate, and a
    mark for a criterion the round does not judge (a round's `criteria:`)."""
    judged = _round_criteria(cycle, result)
    out: list[dict[str, Any]] = []
    for judge, line in result.lines.items():
        if line.excluded is not None:
            out.append({"judge": judge, "criterion": None, "mark": line.marks, "reason": line.excluded, "code": line.code})
            continue
        for trimmed in line.trimmed or []:
            criterion, _, side = trimmed.rpartition(": ")
            mark = line.marks.get(criterion) if criterion and isinstance(line.marks, dict) else line.total
            method = stage.rules.aggregate if stage is not None else "the aggregate"
            out.append({"judge": judge, "criterion": criterion or None, "mark": mark,
                        "reason": f"trimmed: one of the {side} dropped by {method}", "code": None})
        if judged is not None and isinstance(line.marks, dict):
            for criterion, mark in line.marks.items():
                if criterion not in judged:
                    out.append({"judge": judge, "criterion": criterion, "mark": mark,
                                "reason": f"the {result.round!r} round does not judge {criterion}", "code": "R206"})
    return out


def _round_criteria(cycle: Cycle, result: EntryScore) -> set[str] | None:
    """The criteria judged in the entry's round where the round names them (`criteria:`), else None."""
    spec = cycle.spec
    call = spec.calls.get(result.entry.call) if spec is not None else None
    if call is None or result.round is None or result.round not in call.rounds:
        return None
    named = call.rounds[result.round].criteria
    return set(round_criteria(call, result.round)) if named is not None else None


def _ranked_detail(result: EntryScore, method: str) -> dict[str, Any]:
    """What one of ranked.py's methods recorded for the entry: its score and its detail keys."""
    out: dict[str, Any] = {"method": method, method: result.score}
    out.update({key: result.detail.get(key) for key in ranked.detail_keys(method)})
    return out


def _method(result: EntryScore, stage: Stage | None) -> dict[str, Any] | None:
    """What a rank method computed for the entry: its sum or points, or its pairwise row."""
    if stage is None or not stage.rules.by_rank:
        return None
    method = stage.rules.aggregate
    if method in ("rank-sum", "borda"):
        return {"method": method, method: result.detail.get(method), "scaled": result.score}
    if method in ranked.METHODS and method != "copeland":  # points, strengths, majority values, IRV and skating counts
        if result.score is None:
            return {"method": method, "limit": result.reason}
        return _ranked_detail(result, method)
    me = result.entry.id
    matrices = stage.matrices.get(result.entry.category)
    if matrices is None or me not in matrices[0]:  # the method did not rank it (a limit, too few judges)
        return {"method": method, "limit": stage.limits.get(result.entry.category) or result.reason}
    pairwise, outcome = matrices
    others = [o for o in pairwise if o != me]
    detail: dict[str, Any] = {
        "method": method,
        "wins": outcome.wins.get(me),
        # d[me][other] judges prefer this entry, d[other][me] prefer the other
        "pairwise": {o: [pairwise[me][o], pairwise[o][me]] for o in others},
    }
    if method == "schulze":
        detail["strongest"] = {o: [outcome.strongest[me][o], outcome.strongest[o][me]] for o in others}
    elif method == "copeland":  # contests won, and drawn ones at a half each
        detail["ties"] = outcome.ties.get(me)
        detail["copeland"] = outcome.score.get(me)
    else:
        detail["order"] = outcome.order
        detail["kemeny_score"] = outcome.score
    return detail
