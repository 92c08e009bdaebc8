"""An entry's feedback (publishing/feedback.py) as files: Markdown, a self-contained HTML page, JSON.

One set of sentences says it all (`_sections`): each is a label and plain text, which the Markdown
writer escapes (tables.md_text) and the HTML writer escapes (html.py's helpers: the winners page's
CSS, Content-Security-Policy and table layout, so a feedback page is as self-contained, accessible
and phone-friendly as that page). A judge's comment keeps its line breaks (in Markdown: each line
of it is a line of plain text, `_md_comment`); every other text is one line. JSON is the document
itself (tables.to_json). No timestamp: the same document, the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smartaward.publishing.data import format_score
from smartaward.render.html import NUM, STYLE, escaped, html_table, page_start
from smartaward.render.tables import github_table, md_text, to_json

FORMATS = ("md", "html", "json")  # cli/feedback.py FILE_FORMATS: the --format choices, in this order


@dataclass
class _Table:
    key: str  # a part of the HTML id of its caption
    caption: str
    head: list[tuple[str, bool]]  # (header, numeric)
    rows: list[list[str]]  # the first cell names the row
    names: bool = False  # the first cells are judges' pseudonyms: kept on one line


@dataclass
class _Section:
    heading: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    tables: list[_Table] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)  # (who: a pseudonym and more, comment)


def feedback_files(documents: dict[str, dict[str, Any]], formats: list[str]) -> dict[str, bytes]:
    """File name → bytes: `<entry-id>.<format>` for each entry (in id order) and format asked."""
    writers: dict[str, Callable[[dict[str, Any]], str]] = {"md": feedback_markdown, "html": feedback_html, "json": to_json}
    return {f"{entry_id}.{fmt}": writers[fmt](document).encode()
            for entry_id, document in documents.items() for fmt in FORMATS if fmt in formats}


# --- words ----------------------------------------------------------------------------------------

def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 112th."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _measured(measured: dict[str, Any]) -> str:
    """The judges' part and each measured part, and how they make the round's score."""
    if measured["missing"]:
        return f"the judges' part {_score(measured['judged'])}; no value yet for {', '.join(measured['missing'])}, so no score."
    parts = ", ".join(f"{p['title']} {_score(p['value'])}" + (f" (weight {_score(p['weight'])})" if p["weight"] != 1 else "")
                      for p in measured["parts"])
    how = "added to it" if measured["total"] == "weighted-sum" else "a weighted mean with it"
    return f"the judges' part {_score(measured['judged'])}; {parts}: {how}."


def _score(value: Any) -> str:
    if isinstance(value, float):
        return format_score(value)
    return "" if value is None else str(value)


def _distance(margin: float, lower_is_better: bool) -> str:
    """`0.5 above` / `0.5 below` (or better / worse where lower scores win) / `level with`."""
    if margin == 0:
        return "level with"
    ahead, behind = ("better than", "worse than") if lower_is_better else ("above", "below")
    return f"{format_score(abs(margin))} {ahead if margin > 0 else behind}"


def _round_name(round_: dict[str, Any]) -> str:
    if round_["round"] is None:
        return "Judging"
    return round_["title"] or f"Round {round_['round']}"


def _tie(tie: str | None) -> str:
    if tie is None:
        return ""
    if tie == "shared":
        return " (ex aequo)"
    if tie == "chair":
        return " (a tie, broken by the chair's recorded decision)"
    return f" (a tie, broken by {tie})"


def _entry_lines(document: dict[str, Any]) -> list[tuple[str, str]]:
    entry = document["entry"]
    where = ", ".join(str(x) for x in (entry["city"], entry["country"]) if x)
    lines = [("Entry", f"{entry['title']} ({entry['id']})"),
             ("Entrant", f"{entry['entrant']}" + (f" ({where})" if where else "")),
             ("Call", entry["call_title"]), ("Category", entry["category_title"]),
             ("Submitted", entry["submitted"] or "not given")]
    return lines


def _result_lines(document: dict[str, Any]) -> list[tuple[str, str]]:
    out = document["outcome"]
    lower = out["lower_is_better"]
    lines: list[tuple[str, str]] = []
    if document["judging"] == "designated":
        if out["award"]:
            lines.append(("Award", f"{out['award_title']}."))
            decision = out["decision"]
            if decision is not None:  # the date only: never who decided
                lines.append(("Decision", f"Designated on {decision['decided_on']}."))
        else:
            why = (f"not eligible ({out['reason']})" if out["why"] == "late" else out["reason"]) if out["reason"] else None
            lines.append(("Award", "none: " + (why or "this entry was not designated")))
        return lines
    if out["why"] == "late":
        lines.append(("Not judged", f"{out['reason']}."))
        return lines
    if out["stage"] is not None:
        name = out["stage_title"] or out["stage"]
        lines.append(("Stage reached", name))
    if out["rank"] is not None:
        lines.append(("Final ranking", f"{ordinal(out['rank'])} of {out['of']}{_tie(out['tie'])}, score {_score(out['score'])}."))
        if out["combined"]:
            parts = ", ".join(f"{r} {_score(s)}" for r, s in out["combined"].items())
            lines.append(("Combined from", f"{parts}."))
    else:
        lines.append(("Not ranked", f"{out['reason']}."))
    if out["award"]:
        note = f" ({out['award_note']})" if out["award_note"] else ""
        pending = " (pending: see below)" if out["pending"] else ""
        lines.append(("Award", f"{out['award_title']}{note}{pending}."))
    elif out["rank"] is not None:
        lines.append(("Award", f"none: {out['not_awarded']}." if out["not_awarded"] else "none."))
    line = out["line"]
    if line is not None and line["kind"] == "lead" and line["margin"] == 0:
        lines.append(("Margin over the next entry", f"none: level on score with the entry ranked {ordinal(line['rank'])} "
                                                    f"({_score(line['score'])}); the tie-break placed this entry ahead."))
    elif line is not None and line["kind"] == "lead":
        lines.append(("Margin over the next entry", f"{_score(abs(line['margin']))}: the entry ranked {ordinal(line['rank'])} "
                                                    f"scored {_score(line['score'])}."))
    elif line is not None:
        lines.append(("Award line", f"{_score(line['score'])}, the score of the lowest-ranked entry above this one to take an "
                                    f"award open to it ({line['award_title']}, ranked {ordinal(line['rank'])}); this entry's score "
                                    f"was {_distance(line['margin'], lower)} it."))
    if out["ineligible"] and out["rank"] is not None and not out["not_awarded"]:
        lines.append(("Not eligible for awards", out["ineligible"]))
    if out["pending"]:
        lines.append(("Pending", f"{out['pending']}."))
    return lines


def _round_lines(round_: dict[str, Any]) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    lower = round_["lower_is_better"]
    cut = round_["cut"]
    if round_["kind"] == "screening":
        verdicts = round_["verdicts"] or {"pass": 0, "fail": 0}
        said = f"{verdicts['pass']} pass, {verdicts['fail']} fail"
        if cut is not None:
            said += f" ({cut['passes']} must pass); {cut['through']} of the {cut['screened']} entries screened in this category went on"
        lines.append(("Verdicts", said + "."))
    if round_["score"] is not None:
        ranked = f"; ranked {ordinal(round_['rank'])} of {round_['of']}{_tie(round_['tie'])}" if round_["rank"] is not None else ""
        lines.append(("Score", f"{_score(round_['score'])}{ranked}."))
    if cut is not None and round_["kind"] == "shortlist":
        if cut["top"] is not None:
            said = f"the top {cut['top']} went through ({cut['through']} of {cut['ranked']})"
        else:
            said = f"a score of at least {_score(cut['threshold'])} went through ({cut['through']} of {cut['ranked']})"
        if round_["rank"] is not None:
            said += f"; this entry was {ordinal(round_['rank'])}"
        lines.append(("Shortlist", said + "."))
        if cut["margin"] is not None:
            last = cut["last_through"]
            score = "cut score" if cut.get("cut_score") is not None else "score"  # a cut on several rounds, or rounded
            if cut["threshold"] is not None:
                what = f"{_score(cut['threshold'])}, the threshold"
            else:
                what = f"{_score(last['score'])}, the {score} of the last entry through (ranked {ordinal(last['rank'])})"
            if cut.get("cut_score") is not None:  # the value the cut compares, said once: what it is, and this entry's
                what += f"; the cut score is {cut['ranked_on']}, and this entry's was {_score(cut['cut_score'])},"
                lines.append(("The cut", f"{what} {_distance(cut['margin'], lower)} it."))
            else:
                lines.append(("The cut", f"{what}; this entry's score was {_distance(cut['margin'], lower)} it."))
    correction = round_.get("correction")
    if correction is not None:
        lines.append(("Correction", f"a judge's total more than {_score(correction['limit'])} from the panel's {correction['around']} "
                                    f"({_score(correction['centre'])}) was moved to that limit; the score is of the corrected totals."))
    measured = round_.get("measured")
    if measured is not None:
        lines.append(("Measured parts", _measured(measured)))
    conflicts = round_.get("conflicts") or 0
    if conflicts:  # a count only: who they are is not said, not even by pseudonym
        lines.append(("Conflict of interest", f"{conflicts} judge{'s' if conflicts != 1 else ''} did not mark this entry "
                                              "(conflict of interest)."))
    if round_["went_on"] is not None:
        lines.append(("Went on", "yes." if round_["went_on"] else "no."))
    if round_["outcome"]:
        lines.append(("Outcome", f"{round_['outcome']}."))
    return lines


def _counted(row: dict[str, Any]) -> str:
    if not row["counted"]:
        return f"no: {row['not_counted']}"
    if row["trimmed"]:
        return "yes, but trimmed: " + "; ".join(row["trimmed"])
    return "yes"


def _round_tables(round_: dict[str, Any], criteria: list[dict[str, Any]], anchor: str) -> list[_Table]:
    name = _round_name(round_)
    tables = []
    if round_["criterion_means"]:
        tables.append(_Table(f"{anchor}.means", f"Criterion means: {name}", [("Criterion", False), ("Mean", True)],
                             [[m["title"], _score(m["mean"])] for m in round_["criterion_means"]]))
    if round_["marks"]:
        titles = [(c["id"], c["title"]) for c in criteria]
        by_criteria = any(isinstance(row["marks"], dict) for row in round_["marks"])
        ranks = round_["marking"] == "ranks"
        head: list[tuple[str, bool]] = [("Judge", False)]
        head += [(title, True) for _, title in titles] if by_criteria else [("Rank" if ranks else "Mark", True)]
        if not ranks:
            head.append(("Total", True))
        normalised = any(row["normalised"] is not None for row in round_["marks"])
        if normalised:
            head.append(("Normalised", True))
        corrected = "correction" in round_
        if corrected:
            head.append(("Corrected", True))
        head.append(("Counted", False))
        rows = []
        for row in round_["marks"]:
            marks = row["marks"]
            cells = [row["judge"]]
            if by_criteria:
                cells += [_score(marks.get(c)) if isinstance(marks, dict) else "" for c, _ in titles]
            else:
                cells.append(_score(marks))
            if not ranks:
                cells.append(_score(row["total"]))
            if normalised:
                cells.append(_score(row["normalised"]))
            if corrected:
                cells.append(_score(row.get("corrected")))
            cells.append(_counted(row))
            rows.append(cells)
        tables.append(_Table(f"{anchor}.marks", f"Marks: {name}", head, rows, names=True))
    return tables


CONFLICTED = "A judge who did not mark this entry (conflict of interest)"


def _who(comment: dict[str, Any]) -> str:
    """Whose comment: the pseudonym, "(did not mark)" when the judge's sheet does not mark the entry;
    a judge left out for a conflict of interest, without a pseudonym."""
    if comment["judge"] is None:
        return CONFLICTED
    return comment["judge"] if comment.get("marked", True) else f"{comment['judge']} (did not mark)"


def _sections(document: dict[str, Any]) -> list[_Section]:
    result = document["outcome"] or {}
    sections = [_Section("Result", _result_lines(document), comments=[(_who(c), c["comment"]) for c in result.get("comments", [])])]
    for index, round_ in enumerate(document["rounds"], start=1):
        heading = _round_name(round_) if round_["round"] is None else f"Round {index}: {_round_name(round_)}"
        section = _Section(heading, _round_lines(round_),
                           _round_tables(round_, document["criteria"], f"r{index}"),
                           [(_who(c), c["comment"]) for c in round_["comments"]])
        sections.append(section)
    return sections


ABOUT = ("Judges are named by pseudonyms (Judge A, Judge B, ...), the same in every entry's feedback of this "
         "cycle. Scores and ranks are those of the published results.")


# --- Markdown -------------------------------------------------------------------------------------

def _md_lines(lines: list[tuple[str, str]]) -> list[str]:
    return [f"- **{md_text(label)}:** {md_text(text)}" for label, text in lines]


# What would start a block at the start of a line once md_text has escaped it (`#`, `>`, `*`, `_`,
# backticks, `<`, `[`, `|` are escaped already): a list item (`-`, `+`, `1.`, `1)`), a setext
# underline or thematic break (`---`, `===`), a `~~~` fence. Escaped with a backslash, which
# CommonMark defines for every ASCII punctuation mark. Indentation (indented code) is dropped.
_MD_LINE_START = re.compile(r"^(?:[-+=~]|\d{1,9}(?=[.)]))")


def _md_comment_line(line: str) -> str:
    """One line of a comment as one line of plain Markdown text."""
    text = md_text(line)
    match = _MD_LINE_START.match(text)
    if match is None:
        return text
    if match.group()[:1].isdigit():  # `1.` → `1\.`: the digits stay, the marker is escaped
        return f"{match.group()}\\{text[match.end():]}"
    return f"\\{text}"


def _md_comment(judge: str, comment: str) -> list[str]:
    """A judge's comment as a block quote that keeps it line by line: each line plain text, ended
    by a hard break (a backslash) where another line of the same paragraph follows; an empty line
    separates paragraphs (a backslash before it would be shown)."""
    lines = [_md_comment_line(line) for line in comment.splitlines()]
    quoted = []
    for i, text in enumerate(lines):
        if not text:
            quoted.append(">")
            continue
        more = i + 1 < len(lines) and lines[i + 1] != ""
        quoted.append(f"> {text}\\" if more else f"> {text}")
    return [f"**{md_text(judge)}:**", "", *quoted, ""]


def feedback_markdown(document: dict[str, Any]) -> str:
    out = [f"# Feedback: {md_text(document['entry']['title'])}", ""]
    if document["notice"]:
        out += [f"**{md_text(document['notice'])}**", ""]
    organiser = f" ({md_text(document['organiser'])})" if document["organiser"] else ""
    out += [f"{md_text(document['title'])}{organiser}, cycle {md_text(document['cycle'])}.", ""]
    out += [*_md_lines(_entry_lines(document)), ""]
    for section in _sections(document):
        out += [f"## {md_text(section.heading)}", ""]
        if section.lines:
            out += [*_md_lines(section.lines), ""]
        for table in section.tables:
            out += [f"{md_text(table.caption)}", ""]
            body = [[md_text(cell) for cell in row] for row in table.rows]
            out += [github_table([md_text(h) for h, _ in table.head], body), ""]
        if section.comments:
            out += ["Comments:", ""]
            for judge, comment in section.comments:
                out += _md_comment(judge, comment)
    out += [md_text(ABOUT), ""]
    return "\n".join(out)


# --- HTML -----------------------------------------------------------------------------------------

def _html_lines(lines: list[tuple[str, str]]) -> list[str]:
    if not lines:
        return []
    items = "".join(f"<li><strong>{escaped(label)}:</strong> {escaped(text)}</li>" for label, text in lines)
    return [f'<ul class="facts">{items}</ul>']


def _html_table(table: _Table) -> str:
    rows = []
    for cells in table.rows:
        first, *rest = cells
        tds = "".join(f"<td{NUM if num else ''}>{escaped(cell)}</td>" for cell, (_, num) in zip(rest, table.head[1:], strict=True))
        shown = f'<span class="judge">{escaped(first)}</span>' if table.names else escaped(first)
        rows.append(f'<tr><th scope="row">{shown}</th>{tds}</tr>')
    return html_table(escaped(f"t-{table.key}"), table.caption, table.head, rows)


def _html_comment(judge: str, comment: str) -> str:
    text = "<br>".join(escaped(line) for line in comment.splitlines())
    return f"<figure><blockquote><p>{text}</p></blockquote><figcaption>{escaped(judge)}</figcaption></figure>"


FEEDBACK_STYLE = """
.facts { padding-left: 1.25rem; }
.facts li { margin: 0.2rem 0; overflow-wrap: anywhere; }
.judge { white-space: nowrap; }
figure { margin: 0.75rem 0; }
blockquote { margin: 0; padding: 0.5rem 0.75rem; border-left: 4px solid var(--rule); background: var(--band);
  overflow-wrap: anywhere; }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.25rem; }
""".strip()


def feedback_html(document: dict[str, Any]) -> str:
    entry = document["entry"]
    body: list[str] = []
    for index, section in enumerate(_sections(document)):
        anchor = escaped(f"s{index}")
        body.append(f'<section aria-labelledby="{anchor}">\n<h2 id="{anchor}">{escaped(section.heading)}</h2>')
        body += _html_lines(section.lines)
        body += [_html_table(table) for table in section.tables]
        if section.comments:
            body.append("<h3>Comments</h3>")
            body += [_html_comment(judge, comment) for judge, comment in section.comments]
        body.append("</section>")
    organiser = f"<p>{escaped(document['organiser'])}</p>\n" if document["organiser"] else ""
    banner = ([f'<p class="provisional" role="note"><strong>{escaped(document["notice"])}</strong></p>']
              if document["notice"] else [])
    return "\n".join([
        *page_start(f"{document['title']}: feedback for {entry['title']}", f"{STYLE}\n{FEEDBACK_STYLE}"),
        "<header>",
        f"<h1>Feedback: <span class=\"title\">{escaped(entry['title'])}</span></h1>",
        f'{organiser}<p class="meta">{escaped(document["title"])}, cycle {escaped(document["cycle"])}.</p>',
        *banner,
        *_html_lines(_entry_lines(document)),
        "</header>",
        "<main>",
        *body,
        "</main>",
        "<footer>",
        f'<p class="small">{escaped(ABOUT)}</p>',
        "</footer>",
        "</body>",
        "</html>",
        "",
    ])
