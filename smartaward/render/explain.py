"""`explain` as text: the explanation document (publishing/explain.py) drawn for a terminal, with
the same facts as its JSON. Every line is one line (cells.one_line): no escape sequence, no
bidirectional override, no line break from a name or title it quotes."""

from __future__ import annotations

from typing import Any

from smartaward.publishing.data import format_score
from smartaward.text.cells import one_line


def explain_text(document: dict[str, Any]) -> str:
    """The explanation as readable text (the same facts as the JSON document)."""
    e = document["entry"]
    out = [f"{e['id']}: {e['title']}",
           f"  {e['entrant']} ({', '.join(x for x in (e['type'], e['city'], e['country']) if x)}), "
           f"{e['call']}/{e['category']}" + (f", submitted {e['submitted']}" if e["submitted"] else "")]
    if document["judging"] == "designated":
        r = document["result"]
        out.append(f"  designated award: {r['award'] or 'none'}" + (f" ({r['note']})" if r["note"] else ""))
        out += _unmarked(r.get("comments_without_marks", []))
        return _text(out)
    for stage in document["rounds"]:
        out += _stage(stage)
    out.append("")
    out += _result(document["result"])
    return _text(out)


def _text(lines: list[str]) -> str:
    return "".join(one_line(line) + "\n" for line in lines)


def _stage(stage: dict[str, Any]) -> list[str]:
    """One round: its rules, each judge's line, verdicts, the method's detail, the score, the outcome."""
    name = stage["round"] or "judging"
    out = [""]
    if not stage["reached"]:
        out.append(f"round {name}: not reached")
    else:
        out.append(f"round {name}" + (" (screening)" if stage["screening"] else f": {stage['rules']}"))
    for line in stage["lines"]:
        out.append(_line(line))
        if line.get("comment"):  # the judge's own words, on one line (_text makes every line one)
            out.append(f'           comment: "{line["comment"].strip()}"')
    if not stage["lines"]:
        out.append("  no marks")
    out += _unmarked(stage.get("comments_without_marks", []))
    if stage["verdicts"]:
        out.append(f"  verdicts: {stage['verdicts']['pass']} pass, {stage['verdicts']['fail']} fail")
    if stage["criterion_means"]:
        out.append("  criterion means: " + ", ".join(f"{k} {format_score(v)}" for k, v in stage["criterion_means"].items()))
    out += _made_of(stage)
    out += _method(stage["method"])
    if stage["score"] is not None:
        out.append(_score(stage))
    if stage["outcome"] and stage["reached"]:
        out.append(f"  outcome: {stage['outcome']}" + _goes_on(stage))
    return out


def _goes_on(stage: dict[str, Any]) -> str:
    """After a round's outcome that did not stop the entry (combine: best — a run it did not start,
    or marked by too few judges): say that the round does not count (and is no stop)."""
    if stage.get("status") not in ("did-not-start", "too-few-judges", "no-marks-yet") or stage.get("stopped", True):
        return ""
    return " (this round does not count)"


def _made_of(stage: dict[str, Any]) -> list[str]:
    """What makes the round's score beyond the judges' lines: each criterion's marks (trimmed ones
    in brackets), their aggregate, the factor and the product (per: criterion); the round's
    factor; the score a cut on several rounds ranked; marks not counted that no line shows."""
    out = []
    made_of = stage.get("criterion_scores") or {}
    for criterion, made in made_of.items():
        normalised = made.get("normalised") or {}
        # a normalised mark is shown as raw → normalised: the aggregate is of the normalised ones
        shown = {j: format_score(m) + (f" → {format_score(normalised[j])}" if j in normalised else "") for j, m in made["marks"].items()}
        marks = ", ".join(f"[{v}]" if j in made["trimmed"] else v for j, v in shown.items())
        product = f" × {format_score(made['factor'])} = {format_score(made['score'])}" if made["factor"] != 1 else ""
        out.append(f"  {criterion}: {marks} → {made['method']} {format_score(made['aggregate'])}{product}{_weighted(made)}")
    if any(made["trimmed"] for made in made_of.values()):
        out.append("  (marks in [brackets] were trimmed)")
    corrected = stage.get("corrected")
    if corrected is not None:
        moved = ", ".join(f"{judge} {format_score(was)} → {format_score(now)}" for judge, (was, now) in corrected["moved"].items())
        out.append(f"  corrected toward the panel's {corrected['around']} {format_score(corrected['centre'])} "
                   f"(within {format_score(corrected['limit'])}): {moved or 'no total moved'}")
    if stage.get("factor") is not None:
        out.append(f"  factor: × {format_score(stage['factor'])} (the entry's factor for the round, in its score)")
    if stage.get("measured") is not None:
        out.append(_measured(stage["measured"], stage.get("score")))
    if stage.get("cut_score") is not None:
        rule = stage.get("cut_rule") or "the sum of the rounds the shortlist ranks on"
        out.append(f"  cut score: {format_score(stage['cut_score'])} ({rule})")
    for mark in stage.get("not_counted") or []:
        if mark.get("code") == "R206":  # the lines show exclusions and trims; this one only here
            out.append(f"  not counted: {mark['judge']} {mark['criterion']} {mark['mark']} — {mark['reason']}")
    return out


def _measured(measured: dict[str, Any], score: float | None) -> str:
    """The judged part and the measured parts, and how they make the score: "judged 51 + distance
    70.2 + wind 1 = 122.2" (a weighted mean: "(3 × judged 17 + distance 70.2) / 4 = 30.3")."""
    if "missing" in measured:
        return f"  measured parts: judged {format_score(measured['judged'])}; no value for {', '.join(measured['missing'])}"
    parts = [f"{part} {format_score(made['value'])}" + (f" × {format_score(made['weight'])}" if made["weight"] != 1 else "")
             for part, made in measured["parts"].items()]
    shown = "" if score is None else f" = {format_score(score)}"
    if measured["total"] == "weighted-sum":
        return f"  measured parts: judged {format_score(measured['judged'])} + " + " + ".join(parts) + shown
    weight = measured["judged_weight"]
    total = weight + sum(made["weight"] for made in measured["parts"].values())
    judged = ("" if weight == 1 else f"{format_score(weight)} × ") + f"judged {format_score(measured['judged'])}"
    return f"  measured parts: ({judged} + " + " + ".join(parts) + f") / {format_score(total)}{shown}"


def _weighted(made: dict[str, Any]) -> str:
    """After a criterion's score, its weight: under total: weighted-sum the points it adds to the
    score (`× 0.6 = 81.6`, a dive's published points); under a weighted mean the weight alone. Nothing
    for a weight of 1 (a sum's points are then its score) or where the document has no weight."""
    weight = made.get("weight")
    if weight is None or weight == 1:
        return ""
    if made.get("points") is not None:
        return f" × {format_score(weight)} = {format_score(made['points'])}"
    return f" (weight {format_score(weight)})"


def _unmarked(comments: list[dict[str, Any]]) -> list[str]:
    """Comments from sheets with no line on the entry: a line of their own each, after the lines."""
    return [f'  {c["judge"]:<8} (did not mark) comment: "{c["comment"].strip()}"' for c in comments]


def _line(line: dict[str, Any]) -> str:
    """A judge's marks on the entry, and what became of them."""
    marks = line["marks"]
    shown = ", ".join(f"{k} {v}" for k, v in marks.items()) if isinstance(marks, dict) else str(marks)
    parts = [f"  {line['judge']:<8} {shown}"]
    if line["total"] is not None and isinstance(marks, dict):
        parts.append(f"total {format_score(round(line['total'], 6))}")
    if isinstance(line["normalised"], (int, float)):
        parts.append(f"normalised {format_score(round(line['normalised'], 6))}")
    if isinstance(line.get("offset"), (int, float)):  # normalise: calibrated
        parts.append(f"offset {round(line['offset'], 6):+}")
    if line.get("points") is not None:  # aggregate: points
        shared = f" (shared by {line['tied']})" if line["tied"] > 1 else ""
        parts.append(f"rank {line['rank']}{shared} → {format_score(line['points'])} point{'' if line['points'] == 1 else 's'}")
    if line["trimmed"]:
        parts.append(f"trimmed ({', '.join(line['trimmed'])})")
    if line["not_normalised"]:
        parts.append(f"raw: {line['not_normalised']}")
    if not line["counted"]:
        parts.append(f"NOT COUNTED: {line['excluded']}")
    return " — ".join(parts)


def _method(method: dict[str, Any] | None) -> list[str]:
    """A rank method's detail: pairwise contests (Condorcet methods), its limit, or its value."""
    if not method:
        return []
    if "pairwise" in method:
        out = [f"  {method['method']}: beats {method['wins']} entr{'y' if method['wins'] == 1 else 'ies'}"]
        for other, (mine, theirs) in method["pairwise"].items():
            extra = ""
            if "strongest" in method:
                p = method["strongest"][other]
                extra = f"; strongest paths {p[0]}:{p[1]}"
            out.append(f"    vs {other}: {mine} judges prefer it, {theirs} prefer {other}{extra}")
        if "order" in method:
            out.append(f"    optimal order: {' > '.join(method['order'])} (score {method['kemeny_score']})")
        return out
    if "limit" in method:
        return [f"  {method['method']}: not ranked by the method" + (f" ({method['limit']})" if method["limit"] else "")]
    out = [f"  {method['method']}: {format_score(method.get(method['method']))}"]
    return out + _method_facts(method)


def _method_facts(method: dict[str, Any]) -> list[str]:
    """The facts behind a score of the issue-16 rank methods (strength, judge reliability, majority
    value, instant-runoff votes, skating placings), one line each."""
    out = []
    for key, label in (("points", "points"), ("strength", "strength"), ("majority_grade", "majority grade"),
                       ("skating_column", "placed in column 1 to"), ("irv_round", "rounds in the count for place 1")):
        if method.get(key) is not None:
            out.append(f"    {label}: {format_score(method[key])}")
    for key, label in (("majority_values", "majority value"), ("placings", "placings"), ("irv_votes", "votes by round")):
        if method.get(key):
            out.append(f"    {label}: {', '.join(format_score(v) for v in method[key])}")
    if method.get("reliability"):
        out.append("    judge reliability: " + ", ".join(f"{j} {format_score(eta)}" for j, eta in method["reliability"].items()))
    return out


def _score(stage: dict[str, Any]) -> str:
    """The round's score (and the raw one, where normalised), and the rank in the round."""
    raw = stage["raw_score"]
    shown = format_score(stage["score"])
    if raw is not None and raw != stage["score"]:
        shown += f" (raw {format_score(raw)})"
    placed = ""
    if stage["round_rank"]:
        # under a shortlist on several rounds the rank is on their sum (the cut score), not this score
        where = "on the cut score" if stage.get("cut_score") is not None else "in the round"
        placed = f", rank {stage['round_rank']} {where}"
        if stage["round_tie"]:
            tied = "tied on the cut score" if stage.get("cut_score") is not None else "tied on score"
            placed += f" ({tied}; {'shared' if stage['round_tie'] == 'shared' else 'placed by ' + stage['round_tie']})"
    return f"  score: {shown}{placed}"


def _result(r: dict[str, Any] | None) -> list[str]:
    """The final result: the rank (or why none), the tie, eligibility, the award, pending, notes."""
    if r is None:
        return ["result: not judged"]
    out = [f"result: not ranked — {_stopped(r)}"] if r["rank"] is None else _ranked(r)
    if r.get("did_not_start"):
        best = " (best of the rounds it started)" if r["rank"] is not None else ""
        out.append(f"  did not start: {', '.join(r['did_not_start'])}{best}")
    if r["ineligible"]:
        out.append(f"  not eligible for awards: {r['ineligible']}")
    out.append(f"award: {r['award'] or 'none'}" + (f" ({r['award_note']})" if r["award_note"] else ""))
    out += [f"  passed over for {p['award']!r}: {p['reason']}" for p in r.get("passed_over", [])]
    if r["pending"]:
        out.append(f"  pending: {r['pending']}")
    out += [f"note: {note}" for note in r["notes"]]
    return out


def _stopped(r: dict[str, Any]) -> str:
    """Why the entry is not ranked, naming the round where it stopped unless the reason does."""
    where = r.get("stopped_in")
    if where is None or repr(where) in str(r["reason"]):
        return str(r["reason"])
    return f"stopped in the {where!r} round: {r['reason']}"


def _ranked(r: dict[str, Any]) -> list[str]:
    line = f"result: rank {r['rank']} of {r['of']} with {format_score(r['score'])}"
    if r["combined"]:
        line += " (rounds combined: " + ", ".join(f"{k} {format_score(v)}" for k, v in r["combined"].items()) + ")"
    if r["lower_is_better"]:
        line += " (lower is better)"
    out = [line]
    if r["awaits_chair"]:
        out.append(f"  tied with {', '.join(r['tied_with']) or 'other entries'}: the tie reached the chair rule, and no "
                   "decision is recorded; record the chair's order under decisions: in cycle.yaml")
    elif r["tie"] == "shared":
        out.append(f"  shares the rank with {', '.join(r['tied_with'])}: no tie-break rule separated them")
    elif r["tie"]:
        out.append(f"  tied on score; placed by the tie-break rule {r['tie']}")
    return out
