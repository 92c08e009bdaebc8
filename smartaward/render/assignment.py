"""`smartaward assign` as text: the file written (or why nothing is), the problems, and the
objective — loads, expertise, diversity, conflicts avoided, what changed against the round's file."""

from __future__ import annotations

from typing import Any

from smartaward.assigning.explain import LISTED  # pairs or entries named in one line; the rest are counted
from smartaward.diagnostics import Diagnostic
from smartaward.render.plain import line
from smartaward.text.cells import one_line


def problem_line(problem: dict[str, Any]) -> str:
    """`entries/x.yaml:3:5: error P851 ...`: a diagnostic as validate prints it (render/plain.py)."""
    d = Diagnostic(problem["file"], problem["line"], problem["column"], problem["code"], problem["message"])
    return one_line(line(d) if d.file else f"{d.severity.value} {d.code} {one_line(d.message)}")


def assignment_text(document: dict[str, Any]) -> str:
    out = [problem_line(p) for p in document["problems"]]
    where = f"round {document['round']}" if document["round"] is not None else "the round"
    if document["feasible"]:
        verb = "would write" if document.get("dry_run") else "wrote"
        entries, per_entry, total = document["entries"], document["per_entry"], document["assignments"]
        sizes = f"{entries} entries × {per_entry} judges = {total} assignments"
        if total != entries * per_entry:
            sizes = f"{entries} entries × {per_entry} judges, {total} assignments with the marked ones beyond it"
        judges, available = document["judges"], document["judges_available"]
        to = f"to {judges} judges" + (f" ({available} available)" if judges != available else "")
        seed = f"seed {document['seed']}" + {"file": ", the round's file's", "default": ""}.get(document.get("seed_from", ""), "")
        out.append(one_line(f"{verb} {document['file']}: {where}, {sizes} {to} ({seed})"))
    else:
        errors = sum(1 for p in document["problems"] if p["severity"] == "error")
        out.append(one_line(f"{where} cannot be assigned: {errors} problem{'s' if errors != 1 else ''} above; nothing was written"))
        out.extend(_marks_lines(document))
        return "\n".join(out) + "\n"
    load = document["load"]
    out.append(f"  load per judge: {load['min']} to {load['max']} entries (spread {load['spread']})")
    expertise = document["expertise"]
    out.append(f"  expertise ({expertise['rule']}): {expertise['pairs_matched']} of {document['assignments']} assignments "
               f"matched; {expertise['entries_matched']} of {document['entries']} entries have a matching judge")
    diversity = document["diversity"]
    if diversity["rule"] is not None:
        out.append(f"  diversity: no two judges of an entry share their {diversity['rule']}"
                   + ("" if diversity["respected"] else " — NOT respected"))
    out.append(f"  conflicts avoided: {document['conflicts_avoided']} pairs of a call's judge and entry left out")
    out.extend(_marks_lines(document))
    if document["existing"]:
        kept = f"{document['kept']} kept, " if document["kept"] else ""
        out.append(f"  against the round's file: {kept}{document['added']} added, {document['removed']} removed")
    return "\n".join(out) + "\n"


def _marks_lines(document: dict[str, Any]) -> list[str]:
    """The pairs kept because the judge has marked the entry, the entries they take beyond K, the
    marked pairs not kept (their marks can never count), and what each replaced judge keeps."""
    marked = document["marked"]
    out = []
    if marked["kept"]:
        out.append(f"  kept because marked: {marked['kept']} pair{'s' if marked['kept'] != 1 else ''} "
                   "(the judge's sheet for the round marks the entry)")
    over = marked["over_per_entry"]
    if over:
        named = ", ".join(f"{entry} ({n})" for entry, n in list(over.items())[:LISTED])
        more = f" and {len(over) - LISTED} more" if len(over) > LISTED else ""
        out.append(one_line(f"  more judges than {document['per_entry']}, all of whom have marked it: {named}{more}"))
    unkept = marked["not_kept"]
    if unkept:
        named = "; ".join(f"{p['judge']} on {p['entry']} ({p['reason']})" for p in unkept[:LISTED])
        more = f"; and {len(unkept) - LISTED} more" if len(unkept) > LISTED else ""
        out.append(one_line(f"  marked but not kept: {len(unkept)} pair{'s' if len(unkept) != 1 else ''} whose marks can never "
                            f"count: {named}{more}"))
    for replaced in document.get("replaced", []):
        if replaced["moved"]:
            continue  # said by its P853 above
        stay = len(replaced["kept_marked"])
        what = f"the {stay} entr{'y' if stay == 1 else 'ies'} they have marked stay with them" if stay else "they had no entry in the round"
        out.append(one_line(f"  {replaced['judge']} replaced: nothing moves; {what}"))
    return out
