"""Why an entry came out as it did, as plain data: every mark, which were excluded and why, the
normalisation, the aggregation, the rank and the tie-break that placed it, and the award.

An auditor re-derives the result from this and docs/rules.md alone; `smartaward explain` renders
it as text or JSON. Nothing here computes a result: it reads what scoring, ranking and awards
recorded, so the explanation can never disagree with `rank`.
"""

from __future__ import annotations

from typing import Any

from smartaward.awards.results import Results
from smartaward.judging.stages import EntryScore, Stage
from smartaward.reading.load import Cycle


def explain_entry(cycle: Cycle, results: Results, entry_id: str) -> dict[str, Any]:
    """The explanation document of one entry (which must exist in the cycle)."""
    spec = cycle.spec
    assert spec is not None
    entry = cycle.entry_index[entry_id].entry
    call = spec.calls[entry.call]
    document: dict[str, Any] = {
        "cycle": results.cycle,
        "entry": {
            "id": entry.id, "title": entry.title, "entrant": entry.entrant.name, "type": entry.entrant.type,
            "city": entry.entrant.city, "country": entry.entrant.country, "call": entry.call,
            "category": entry.category, "submitted": entry.submitted.isoformat(),
        },
        "judging": call.judging,
        "rounds": [],
        "result": None,
    }
    award = next((a for a in results.allocation.awards if a.entry.id == entry_id), None)
    if call.judging == "designated":
        document["result"] = {"award": award.award if award else None, "note": award.note if award else None,
                              "designated": [slot for slot, d in call.categories[entry.category].designated.items()
                                             if entry_id in d.entries]}
        return document
    final = results.scores.get(entry_id)
    if final is None:
        return document
    stages = {(s.call, s.round): s for s in results.scoring.stages}
    for result in final.stages:
        stage = stages.get((entry.call, result.round))
        document["rounds"].append(_round(cycle, result, stage))
    for result in final.unreached:  # marks in rounds it never reached: shown, not counted
        stage = stages.get((entry.call, result.round))
        document["rounds"].append(_round(cycle, result, stage, reached=False))
    row, ranked_in = None, 0
    for ranking in results.rankings:
        if (ranking.call, ranking.category) == (entry.call, entry.category):
            ranked_in = sum(1 for r in ranking.rows if r.rank is not None)
            row = next((r for r in ranking.rows if r.result.entry.id == entry_id), None)
            tied = [r.result.entry.id for r in ranking.rows
                    if row is not None and row.rank is not None and r.rank == row.rank and r.result.entry.id != entry_id]
            notes = ranking.notes
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
        "notes": notes if row else [],
        "pending": results.pending.rows.get(entry_id),
        # In a tie that reached the chair rule with no recorded decision (J412).
        "awaits_chair": any(entry_id in tie.entries and tie.round is None for tie in results.pending.ties),
    }
    return document


def _round(cycle: Cycle, result: EntryScore, stage: Stage | None, *, reached: bool = True) -> dict[str, Any]:
    lines = []
    for judge_id, line in result.lines.items():
        judge = cycle.judges.get(judge_id)
        normalised = None
        if line.normalised is not None:
            normalised = line.normalised.get("total") if "total" in line.normalised else line.normalised
        lines.append({
            "judge": judge_id,
            "name": judge.name if judge else None,
            "marks": line.marks,
            "total": line.total,
            "normalised": normalised,
            "counted": line.counted,
            "excluded": line.excluded,
            "trimmed": line.trimmed or [],
            "not_normalised": stage.not_normalised.get(judge_id) if stage is not None and line.counted else None,
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
        "method": _method(result, stage),
    }
    return out


def _method(result: EntryScore, stage: Stage | None) -> dict[str, Any] | None:
    """What a rank method computed for the entry: its sum or points, or its pairwise row."""
    if stage is None or not stage.rules.by_rank:
        return None
    method = stage.rules.aggregate
    if method in ("rank-sum", "borda"):
        return {"method": method, method: result.detail.get(method), "scaled": result.score}
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
    else:
        detail["order"] = outcome.order
        detail["kemeny_score"] = outcome.score
    return detail


def _text(lines: list[str]) -> str:
    """The lines as text for a terminal: each one line, whatever names and titles it quotes hold
    (cells.one_line: no escape sequence, no bidirectional override, no line break of their own)."""
    from smartaward.text.cells import one_line

    return "".join(one_line(line) + "\n" for line in lines)


def explain_text(document: dict[str, Any]) -> str:
    """The explanation as readable text (the same facts as the JSON document)."""
    from smartaward.publishing.data import format_score

    e = document["entry"]
    out = [f"{e['id']}: {e['title']}",
           f"  {e['entrant']} ({e['type']}, {e['city'] + ', ' if e['city'] else ''}{e['country']}), "
           f"{e['call']}/{e['category']}, submitted {e['submitted']}"]
    if document["judging"] == "designated":
        r = document["result"]
        out.append(f"  designated award: {r['award'] or 'none'}" + (f" ({r['note']})" if r["note"] else ""))
        return _text(out)
    for stage in document["rounds"]:
        name = stage["round"] or "judging"
        out.append("")
        if not stage["reached"]:
            out.append(f"round {name}: not reached")
        else:
            out.append(f"round {name}" + (" (screening)" if stage["screening"] else f": {stage['rules']}"))
        for line in stage["lines"]:
            marks = line["marks"]
            shown = ", ".join(f"{k} {v}" for k, v in marks.items()) if isinstance(marks, dict) else str(marks)
            parts = [f"  {line['judge']:<8} {shown}"]
            if line["total"] is not None and isinstance(marks, dict):
                parts.append(f"total {format_score(round(line['total'], 6))}")
            if isinstance(line["normalised"], (int, float)):
                parts.append(f"normalised {format_score(round(line['normalised'], 6))}")
            if line["trimmed"]:
                parts.append(f"trimmed ({', '.join(line['trimmed'])})")
            if line["not_normalised"]:
                parts.append(f"raw: {line['not_normalised']}")
            if not line["counted"]:
                parts.append(f"NOT COUNTED: {line['excluded']}")
            out.append(" — ".join(parts))
        if not stage["lines"]:
            out.append("  no marks")
        if stage["verdicts"]:
            out.append(f"  verdicts: {stage['verdicts']['pass']} pass, {stage['verdicts']['fail']} fail")
        if stage["criterion_means"]:
            out.append("  criterion means: " + ", ".join(f"{k} {format_score(v)}" for k, v in stage["criterion_means"].items()))
        method = stage["method"]
        if method and "pairwise" in method:
            out.append(f"  {method['method']}: beats {method['wins']} entr{'y' if method['wins'] == 1 else 'ies'}")
            for other, (mine, theirs) in method["pairwise"].items():
                extra = ""
                if "strongest" in method:
                    p = method["strongest"][other]
                    extra = f"; strongest paths {p[0]}:{p[1]}"
                out.append(f"    vs {other}: {mine} judges prefer it, {theirs} prefer {other}{extra}")
            if "order" in method:
                out.append(f"    optimal order: {' > '.join(method['order'])} (score {method['kemeny_score']})")
        elif method and "limit" in method:
            out.append(f"  {method['method']}: not ranked by the method" + (f" ({method['limit']})" if method["limit"] else ""))
        elif method:
            out.append(f"  {method['method']}: {format_score(method.get(method['method']))}")
        if stage["score"] is not None:
            raw = stage["raw_score"]
            shown = format_score(stage["score"])
            if raw is not None and raw != stage["score"]:
                shown += f" (raw {format_score(raw)})"
            placed = ""
            if stage["round_rank"]:
                placed = f", rank {stage['round_rank']} in the round"
                if stage["round_tie"]:
                    placed += f" (tied on score; {'shared' if stage['round_tie'] == 'shared' else 'placed by ' + stage['round_tie']})"
            out.append(f"  score: {shown}{placed}")
        if stage["outcome"] and stage["reached"]:
            out.append(f"  outcome: {stage['outcome']}")
    r = document["result"]
    out.append("")
    if r is None:
        out.append("result: not judged")
        return _text(out)
    if r["rank"] is None:
        out.append(f"result: not ranked — {r['reason']}")
    else:
        line = f"result: rank {r['rank']} of {r['of']} with {format_score(r['score'])}"
        if r["combined"]:
            line += " (rounds combined: " + ", ".join(f"{k} {format_score(v)}" for k, v in r["combined"].items()) + ")"
        if r["lower_is_better"]:
            line += " (lower is better)"
        out.append(line)
        if r["awaits_chair"]:
            out.append(f"  tied with {', '.join(r['tied_with']) or 'other entries'}: the tie reached the chair rule, and no "
                       "decision is recorded; record the chair's order under decisions: in cycle.yaml")
        elif r["tie"] == "shared":
            out.append(f"  shares the rank with {', '.join(r['tied_with'])}: no tie-break rule separated them")
        elif r["tie"]:
            out.append(f"  tied on score; placed by the tie-break rule {r['tie']}")
    if r["ineligible"]:
        out.append(f"  not eligible for awards: {r['ineligible']}")
    out.append(f"award: {r['award'] or 'none'}" + (f" ({r['award_note']})" if r["award_note"] else ""))
    if r["pending"]:
        out.append(f"  pending: {r['pending']}")
    for note in r["notes"]:
        out.append(f"note: {note}")
    return _text(out)
