"""`smartaward progress` as text (a terminal, a log) and as Markdown (an e-mail, an issue).

Both draw the document of publishing/progress.py, round by round: the totals in one line, the
judges to chase, every judge's count, the entries still short of their judges, and the marks that
do not count. Every text that came from the cycle's files is made safe: one line, no terminal
escapes (cells.one_line) in text; escaped for Markdown (tables.md_text) in Markdown, so that a
hostile title or name can neither break a table nor become a link or HTML. The Markdown lists stop
at MD_ROWS rows, so that a message stays readable; the JSON document always lists everything.
"""

from __future__ import annotations

from typing import Any

from smartaward.awards.titles import labelled
from smartaward.render.tables import github_table, md_text
from smartaward.text.cells import one_line, shown

MD_ROWS = 100  # rows per Markdown table (and bullets per list); the rest are counted
LISTED = 5  # entry ids named in one cell; the rest are counted

JUDGE_HEADERS = ["judge", "name", "assigned", "marked", "not counted", "missing"]
CHASE_HEADERS = ["judge", "name", "missing", "not counted", "entries missing"]
ENTRY_HEADERS = ["entry", "call", "valid", "needed", "assigned", "waiting for"]


# --- words shared by both formats ---------------------------------------------------------------

def round_name(round_: dict[str, Any]) -> str:
    """`Round Final jury (final)`: the round's title beside its id (awards/titles.py)."""
    if round_["round"] is None:
        return "The cycle's one round"
    return f"Round {labelled(round_['round'], round_.get('round_title'))}"


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def totals_line(round_: dict[str, Any]) -> str:
    """`812 of 820 marks valid (99.0%); 6 missing, 2 not counted; 4 judges per entry`."""
    t = round_["totals"]
    if not t["expected"]:
        said = "no marks expected"
    else:
        said = f"{t['valid']} of {_plural(t['expected'], 'mark')} valid ({t['percent']:.1f}%)"
        said += f"; {t['missing']} missing, {t['not_counted']} not counted"
    per = round_["per_entry"]
    said += f"; {_plural(per, 'judge')} per entry" if per is not None else "; judges per entry as assigned"
    said += f"; {t['judges_done']} of {_plural(t['judges'], 'judge')} done"
    return said


def _listed(ids: list[str], limit: int = LISTED) -> str:
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    return ", ".join(ids[:limit]) + more


def _needed(round_: dict[str, Any], entry: dict[str, Any]) -> int:
    return round_["per_entry"] if round_["per_entry"] is not None else entry["assigned"]


def _waiting(entry: dict[str, Any]) -> str:
    return _listed([*entry["missing"], *(f"{n['judge']} (not counted)" for n in entry["not_counted"])])


def chase_rows(round_: dict[str, Any]) -> list[list[str]]:
    return [[c["judge"], shown(c["name"]), str(c["missing"]), str(c["not_counted"]), _listed(c["entries"])]
            for c in round_["chase"]]


def judge_rows(round_: dict[str, Any]) -> list[list[str]]:
    return [[j["judge"], shown(j["name"]), str(j["assigned"]), str(j["marked"]), str(len(j["not_counted"])),
             str(len(j["missing"]))] for j in round_["judges"] if j["assigned"]]


def short_entries(round_: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in round_["entries"] if e["short"] or e["not_counted"] or e["missing"]]


def entry_rows(round_: dict[str, Any], call_titles: dict[str, str] | None = None) -> list[list[str]]:
    titles = call_titles or {}
    return [[e["entry"], shown(labelled(e["call"], titles.get(e["call"] or ""))), str(e["valid"]), str(_needed(round_, e)),
             str(e["assigned"]), _waiting(e)]
            for e in short_entries(round_)]


def not_counted_lines(round_: dict[str, Any]) -> list[str]:
    """`j03 on x: the reason (J402)`, per assigned mark that does not count; then marks on entries a
    judge was not given, and assigned entries that are not in the round."""
    out = []
    for judge in round_["judges"]:
        for item in judge["not_counted"]:
            code = f" ({item['code']})" if item["code"] else ""
            out.append(f"{judge['judge']} on {item['entry']}: {item['reason']}{code}")
    for judge in round_["judges"]:
        if judge["unassigned"]:
            out.append(f"{judge['judge']} marked entries not assigned to them (these marks do not count): "
                       f"{_listed(judge['unassigned'])}")
    for entry in round_["entries"]:
        if not entry["in_round"]:
            out.append(f"{entry['entry']} is assigned but not in the round ({entry['why_not']}): no marks expected")
    return out


# --- text ---------------------------------------------------------------------------------------

def _plain_table(headers: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    """Columns separated by two spaces, each as wide as its widest cell; one_line on every cell."""
    cells = [[one_line(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]

    def line(row: list[str]) -> str:
        return (indent + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(row) for row in cells)]


def progress_text(document: dict[str, Any]) -> str:
    out = [one_line(f"{document['title']} ({document['cycle']}): judging progress")]
    for round_ in document["rounds"]:
        out += ["", one_line(f"{round_name(round_)} — {round_['file']}: {totals_line(round_)}")]
        chase = chase_rows(round_)
        if chase:
            out += ["", f"  Judges to chase ({len(chase)}):", *_plain_table(CHASE_HEADERS, chase, "    ")]
        else:
            out += ["", "  Every judge has marked every entry assigned to them."]
        judges = judge_rows(round_)
        if judges:
            out += ["", "  Judges:", *_plain_table(JUDGE_HEADERS, judges, "    ")]
        entries = entry_rows(round_, document.get("call_titles"))
        if entries:
            total = round_["totals"]["entries"]
            out += ["", f"  Entries still waiting for marks ({len(entries)} of {total}):",
                    *_plain_table(ENTRY_HEADERS, entries, "    ")]
        notes = not_counted_lines(round_)
        if notes:
            out += ["", "  Marks not counted:", *(one_line(f"    - {n}") for n in notes)]
    return "\n".join(out) + "\n"


# --- Markdown -----------------------------------------------------------------------------------

def progress_markdown(document: dict[str, Any]) -> str:
    out = [f"## Judging progress: {md_text(document['title'])} ({md_text(document['cycle'])})", ""]
    for round_ in document["rounds"]:
        out += [f"### {md_text(round_name(round_))}", "", f"**{md_text(totals_line(round_))}**", ""]
        chase = chase_rows(round_)
        if chase:
            out += _md_table("Judges to chase", CHASE_HEADERS, chase)
        else:
            out += ["Every judge has marked every entry assigned to them.", ""]
        out += _md_table("Judges", JUDGE_HEADERS, judge_rows(round_))
        entries = entry_rows(round_, document.get("call_titles"))
        if entries:
            out += _md_table("Entries still waiting for marks", ENTRY_HEADERS, entries)
        notes = not_counted_lines(round_)
        if notes:
            out += ["#### Marks not counted", "", *(f"- {md_text(n)}" for n in notes[:MD_ROWS]), "", *_md_more(len(notes))]
    return "\n".join(out)


def _md_table(title: str, headers: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return []
    shown_rows = [[md_text(cell) for cell in row] for row in rows[:MD_ROWS]]
    return [f"#### {title}", "", github_table(headers, shown_rows), "", *_md_more(len(rows))]


def _md_more(count: int) -> list[str]:
    if count <= MD_ROWS:
        return []
    return [f"... and {count - MD_ROWS} more: `smartaward progress --format json` lists every one.", ""]
