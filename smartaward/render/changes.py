"""`smartaward diff` as text (a terminal, a log) and as Markdown (a pull-request comment, a job summary).

Both draw the document of publishing/changes.py: the awards that changed hands first, then every
result that changed with the changes that can explain it, the marks, the lines of marks counted or
not, the assignments, the rules and settings, the files, and the status on each side. Every text that came from the cycle's files or the command line
is made safe: one line, no terminal escapes (cells.one_line) in text; escaped for Markdown (md_text)
in Markdown. The Markdown tables stop at MD_ROWS rows, so that a comment stays within GitHub's
limits; the JSON document always lists everything.
"""

from __future__ import annotations

import json
from typing import Any

from smartaward.publishing.data import format_score
from smartaward.render.tables import github_table, md_text
from smartaward.text.cells import one_line

MD_ROWS = 50  # rows per Markdown table (and bullets per list); the rest are counted
MD_BECAUSE = 3  # causes named in a Markdown table cell; the rest are counted
ARROW = "→"


# --- words shared by both formats ---------------------------------------------------------------

def value(v: Any, none: str = "not set") -> str:
    """A mark, a score or a setting, in words."""
    if v is None:
        return none
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return format_score(v)
    if isinstance(v, list):
        return "[" + ", ".join(value(x, "null") for x in v) + "]"
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def change(old: Any, new: Any, none: str = "not set") -> str:
    return f"{value(old, none)} {ARROW} {value(new, none)}"


def mark_phrase(mark: dict[str, Any]) -> str:
    """`j07's mark for baguio-health value-generation (final): 8 → 9.5`."""
    what = mark["entry"] + (f" {mark['criterion']}" if mark["criterion"] is not None else "")
    where = f" ({mark['round']})" if mark["round"] is not None else ""
    return f"{mark['judge']}'s mark for {what}{where}: {change(mark['old'], mark['new'], 'no mark')}"


def mark_phrases(marks: list[dict[str, Any]]) -> list[str]:
    """One phrase per changed mark; a whole line of marks added or removed in one phrase, in the
    place of its first mark: `f07's marks for x (final): line removed (impact 9, vision 8)`."""
    order: list[dict[str, Any] | tuple[Any, ...]] = []
    lines: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for mark in marks:
        if mark["line"] == "changed" or mark["criterion"] is None:
            order.append(mark)
            continue
        key = (mark["judge"], mark["entry"], mark["round"], mark["line"])
        if key not in lines:
            lines[key] = []
            order.append(key)
        lines[key].append(mark)
    return [mark_phrase(item) if isinstance(item, dict) else _line_phrase(item, lines[item]) for item in order]


def _line_phrase(key: tuple[Any, ...], marks: list[dict[str, Any]]) -> str:
    judge, entry, round_, line = key
    where = f" ({round_})" if round_ is not None else ""
    values = ", ".join(f"{m['criterion']} {value(m['old' if line == 'removed' else 'new'], 'no mark')}" for m in marks)
    return f"{judge}'s marks for {entry}{where}: line {line} ({values})"


def line_phrase(line: dict[str, Any]) -> str:
    """A line of marks whose counting changed: `f01's marks for x (final): now counted`, `...: no
    longer counted: not assigned to this judge...`, `...: line added, not counted: ...`."""
    where = f" ({line['round']})" if line["round"] is not None else ""
    old, new = line["old"], line["new"]
    if old is None:
        state = f"line added, not counted: {new['reason']}"
    elif new is None:
        state = f"line removed, was not counted: {old['reason']}"
    elif new["counted"]:
        state = f"now counted (before: {old['reason']})"
    else:
        state = f"no longer counted: {new['reason']}"
    return f"{line['judge']}'s marks for {line['entry']}{where}: {state}"


def assignment_phrase(record: dict[str, Any]) -> str:
    """`assignments/final.yaml: f01 now assigned nairobi-community-health (final)`, `...: per_entry 4 → 5 (final)`."""
    where = f" ({record['round']})" if record["round"] is not None else ""
    if record["kind"] == "file":
        return f"{record['file']}: assignment file {'added' if record['new'] else 'removed'}{where}"
    if record["kind"] == "per_entry":
        return f"{record['file']}: per_entry {change(record['old'], record['new'])}{where}"
    return f"{record['file']}: {record['judge']} {'now' if record['new'] else 'no longer'} assigned {record['entry']}{where}"


def rule_phrase(rule: dict[str, Any]) -> str:
    if rule["kind"] == "decision":
        def order(tie: list[str] | None) -> str:
            return "no decision" if tie is None else " > ".join(tie)

        where = f" (round {rule['round']})" if rule["round"] is not None else ""
        return f"decision on the tie of {', '.join(rule['entries'])}{where}: {order(rule['old'])} {ARROW} {order(rule['new'])}"
    if rule["kind"] == "setting":
        return f"cycle.yaml {rule['rule']}: {change(rule['old'], rule['new'])}"
    where = rule["call"] + (f", round {rule['round']}" if rule["round"] is not None else "")
    if rule["rule"] == "round":
        return f"{where}: round {'added' if rule['new'] else 'removed'}"
    return f"rules in force for {where}: {rule['rule']} {change(rule['old'], rule['new'])}"


def setting_phrase(record: dict[str, Any], what: str) -> str:
    """A judge's or an entry's change: `judge j07 conflicts: [] → [baguio-health]`, `entry x: added`."""
    name = f"{what} {record[what]}"
    if record["setting"] is None:
        return f"{name}: {'added' if record['new'] else 'removed'}"
    return f"{name} {record['setting']}: {change(record['old'], record['new'])}"


def value_phrase(record: dict[str, Any]) -> str:
    """`measured value of prevc-peter distance (round1): 76.2 → 77`."""
    where = f" ({record['round']})" if record["round"] is not None else ""
    return f"measured value of {record['entry']} {record['part']}{where}: {change(record['old'], record['new'], 'no value')}"


def because_phrases(because: dict[str, Any]) -> list[str]:
    """What can explain a result's change, one phrase each; or the other entries that moved it."""
    phrases = mark_phrases(because["marks"]) + [value_phrase(v) for v in because.get("values", [])]
    phrases += [line_phrase(line) for line in because.get("lines", [])]
    phrases += [assignment_phrase(a) for a in because.get("assignments", [])] + [rule_phrase(r) for r in because["rules"]]
    phrases += [setting_phrase(j, "judge") for j in because["judges"]] + [setting_phrase(e, "entry") for e in because["entries"]]
    if phrases:
        return phrases
    if because["others"]:
        return [f"other entries' changes: {', '.join(because['others'])}"]
    return ["changes elsewhere in the cycle (awards are given across categories)"]


def _rank(state: dict[str, Any]) -> str:
    return "unranked" if state["rank"] is None else str(state["rank"])


def _award(state: dict[str, Any]) -> str:
    return state["award"] or "no award"


def result_parts(old: dict[str, Any] | None, new: dict[str, Any] | None) -> tuple[str, str, str]:
    """(rank, score, award) in words: `2 → 1`, `9.25` when unchanged."""
    if old is None or new is None:
        state = new if new is not None else old
        assert state is not None
        side = "new" if old is None else "gone"
        return f"{side}: {_rank(state)}", format_score(state["score"]), _award(state)

    def part(a: str, b: str) -> str:
        return a if a == b else f"{a} {ARROW} {b}"

    return (part(_rank(old), _rank(new)), part(format_score(old["score"]) or "none", format_score(new["score"]) or "none"),
            part(_award(old), _award(new)))


def status_phrase(document: dict[str, Any]) -> str:
    def said(side: dict[str, Any]) -> str:
        if side["status"] is None:
            return "no result"
        return side["status"] + (f" ({side['open']} open item{'s' if side['open'] != 1 else ''})" if side["open"] else "")

    old, new = said(document["old"]), said(document["new"])
    return f"{new} (unchanged)" if old == new else f"{old} {ARROW} {new}"


def _unchanged(document: dict[str, Any]) -> bool:
    return document["changed"] is False


def _files_count(files: dict[str, list[str]]) -> str:
    counts = [f"{len(files[k])} {k}" for k in ("changed", "added", "removed") if files[k]]
    return ", ".join(counts) if counts else "none changed"


# --- text ---------------------------------------------------------------------------------------

def changes_text(document: dict[str, Any]) -> str:
    old, new = document["old"], document["new"]
    out = [f"Changes from {old['label']} to {new['label']}" + (f" (cycle {document['cycle']})" if document["cycle"] else "")]
    out += _text_sides(document)
    if document["changed"] is None:
        out.append("No results to compare: a side has errors.")
    elif _unchanged(document):
        out.append("No change in results.")
    if document["awards"]:
        out += ["", "Awards that changed hands:"]
        out += [f"  {a['call']}/{a['category']} {a['award']}: {_winners(a['old'])} {ARROW} {_winners(a['new'])}" for a in document["awards"]]
    if document["results"]:
        out += ["", "Results that changed (rank, score, award):"]
        for category in document["results"]:
            out.append(f"  {category['call']}/{category['category']}")
            for row in category["entries"]:
                rank, score, award = result_parts(row["old"], row["new"])
                out.append(f"    {row['entry']}: rank {rank}, score {score}, {award}")
                out += [f"      because {phrase}" for phrase in because_phrases(row["because"])]
    out += _text_list("Marks that changed", mark_phrases(document["marks"]), len(document["marks"]))
    out += _text_list("Measured values that changed", [value_phrase(v) for v in document.get("values", [])])
    out += _text_list("Lines of marks counted or not", [line_phrase(line) for line in document["lines"]])
    out += _text_list("Assignments that changed", [assignment_phrase(a) for a in document["assignments"]])
    out += _text_list("Rules and settings that changed", [rule_phrase(r) for r in document["rules"]])
    out += _text_list("Judges that changed", [setting_phrase(j, "judge") for j in document["judges"]])
    out += _text_list("Entries that changed", [setting_phrase(e, "entry") for e in document["entries"]])
    files = document["files"]
    out += ["", f"Files: {_files_count(files)}"]
    out += [f"  {kind:<8} {path}" for kind in ("changed", "added", "removed") for path in files[kind]]
    out += ["", f"Status: {status_phrase(document)}"]
    return "\n".join(one_line(line) for line in out) + "\n"


def _winners(entries: list[str]) -> str:
    return ", ".join(entries) if entries else "nobody"


def _text_list(title: str, lines: list[str], count: int | None = None) -> list[str]:
    if not lines:
        return []
    return ["", f"{title} ({len(lines) if count is None else count}):", *(f"  {line}" for line in lines)]


def _text_sides(document: dict[str, Any]) -> list[str]:
    """Errors and skipped files of each side."""
    out = []
    for name in ("old", "new"):
        side = document[name]
        if side["errors"]:
            count = f"{side['errors']} error{'s' if side['errors'] != 1 else ''}"
            out.append(f"The {name} side ({side['label']}) has {count}: it has no results to compare")
            out += [f"  {_place(p)}: {p['code']} {p['message']}" for p in side["problems"]]
            if side["errors"] > len(side["problems"]):
                out.append(f"  ... and {side['errors'] - len(side['problems'])} more")
        for skipped in side["skipped"]:
            out.append(f"Note: {side['label']}: {skipped['path']} is not read: {skipped['reason']}")
    return out


def _place(problem: dict[str, Any]) -> str:
    return f"{problem['file']}:{problem['line']}:{problem['column']}" if problem["line"] else problem["file"]


# --- Markdown -----------------------------------------------------------------------------------

def _md_lists(document: dict[str, Any]) -> list[str]:
    """The measured values, the lines counted or not and the assignments that changed, as lists."""
    out: list[str] = []
    if document.get("values"):
        out += _md_list("Measured values that changed", [value_phrase(v) for v in document["values"]])
    if document["lines"]:
        out += _md_list("Lines of marks counted or not", [line_phrase(line) for line in document["lines"]])
    if document["assignments"]:
        out += _md_list("Assignments that changed", [assignment_phrase(a) for a in document["assignments"]])
    return out


def changes_markdown(document: dict[str, Any]) -> str:
    old, new = document["old"], document["new"]
    out = [f"## smartaward diff: {md_text(old['label'])} {ARROW} {md_text(new['label'])}", ""]
    for line in _text_sides(document):  # a paragraph each, the problems listed under theirs
        if line.startswith("  "):
            out.append(f"- {md_text(line.strip())}")
        else:
            out += ([""] if out[-1] else []) + [md_text(line), ""]
    if out[-1]:
        out.append("")
    if document["changed"] is None:
        out += ["**No results to compare: a side has errors.**", ""]
    elif _unchanged(document):
        out += ["**No change in results.**", ""]
    if document["awards"]:
        rows = [[a["call"], a["category"], a["award"], _winners(a["old"]), _winners(a["new"])] for a in document["awards"]]
        out += _md_table("Awards that changed hands", ["call", "category", "award", "before", "after"], rows)
    if document["results"]:
        rows = []
        for category in document["results"]:
            for row in category["entries"]:
                phrases = because_phrases(row["because"])
                more = f"; and {len(phrases) - MD_BECAUSE} more" if len(phrases) > MD_BECAUSE else ""
                rows.append([category["call"], category["category"], row["entry"], *result_parts(row["old"], row["new"]),
                             "; ".join(phrases[:MD_BECAUSE]) + more])
        out += _md_table("Results that changed", ["call", "category", "entry", "rank", "score", "award", "because"], rows)
    if document["marks"]:
        rows = [[m["judge"], m["entry"], value(m["round"], ""), value(m["criterion"], ""), value(m["old"], "no mark"),
                 value(m["new"], "no mark")] for m in document["marks"]]
        out += _md_table("Marks that changed", ["judge", "entry", "round", "criterion", "before", "after"], rows)
    out += _md_lists(document)
    settings = ([rule_phrase(r) for r in document["rules"]] + [setting_phrase(j, "judge") for j in document["judges"]]
                + [setting_phrase(e, "entry") for e in document["entries"]])
    if settings:
        out += _md_list("Rules, judges and entries that changed", settings)
    files = document["files"]
    out += [f"**Files:** {_files_count(files)}", ""]
    listed = [f"{kind}: {path}" for kind in ("changed", "added", "removed") for path in files[kind]]
    if listed:
        out += _md_list(None, listed)
    out += [f"**Status:** {md_text(status_phrase(document))}", ""]
    return "\n".join(out)


def _md_table(title: str, headers: list[str], rows: list[list[str]]) -> list[str]:
    shown = [[md_text(cell) for cell in row] for row in rows[:MD_ROWS]]
    out = [f"### {title}", "", github_table(headers, shown), ""]
    return out + _md_more(len(rows))


def _md_list(title: str | None, lines: list[str]) -> list[str]:
    out = [f"### {title}", ""] if title else []
    out += [f"- {md_text(line)}" for line in lines[:MD_ROWS]] + [""]
    return out + _md_more(len(lines))


def _md_more(count: int) -> list[str]:
    if count <= MD_ROWS:
        return []
    return [f"... and {count - MD_ROWS} more: `smartaward diff --format json` lists every one.", ""]
