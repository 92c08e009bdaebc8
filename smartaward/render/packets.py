"""Judges' packets (publishing/packets.py) as files: per judge, a marking workbook, a YAML score
sheet template and a page of the entries; and the summary `smartaward packets` prints.

The workbook (docs/cli.md, the layout `import scores` reads back):
- "Marks", the first sheet: a header row (`judge`, `round` where the round has an id, `entry`,
  `title`, a column per criterion, `mark` where one is needed, `comment`), then one row per entry
  in the packet's order (the assignment file's, blind entries last by their code). The judge, round, entry and title cells are filled in and locked;
  the judge types in the criterion, mark and comment cells, the only ones not locked (the sheet is
  protected, without a password: it guards against slips, not against the judge). A criterion cell
  has a data validation (a number on the criterion's scale and step, as a warning the judge may
  overrule: text typed there is read back and reported, never lost) and an input message naming
  the criterion and its scale; a mark cell of a screening round a list, pass or fail. A cell for a
  criterion the entry's call does not have is grey, locked and empty. The header row stays frozen.
- "Instructions": the cycle, round and judge, the criteria (id, title, description, weight, scale,
  step) and how to fill in and return the workbook.
- "Entries": each entry's code or id, title, summary, link and, unless blind, the entrant.

Every text from the cycle is one line without control characters (cells.one_line) and stored as
text: a title like `=HYPERLINK(...)` is a string cell with the quote prefix (xlsx.as_text), never a
formula; a link is text, not a hyperlink. The workbook is made with xlsx.py's helpers, so the same
packet gives the same bytes (no time in it).

The template is written as text line by line (writing/yamltext.py quotes what needs it; cycle text
reaches it only in comments, through one_line, which leaves no line break a YAML reader would see).
The page is built like the winners page (render/html.py: its head, CSS and Content-Security-Policy;
everything escaped; a link only to an http or https address).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from smartaward.checks.marks import STEP_TOLERANCE
from smartaward.publishing.packets import Packet, PacketEntry, number, packet_names, scale_text
from smartaward.render.html import STYLE, escaped, page_start
from smartaward.text.cells import one_line, shown
from smartaward.writing.yamltext import scalar

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from smartaward.model.cyclefiles import Scale

MARKS, INSTRUCTIONS, ENTRIES = "Marks", "Instructions", "Entries"
GREY = "D9D9D9"
_Rule = tuple[str, str, "Scale | None"]  # a validation: ("number", title, scale) or ("verdict", "", None)
# Excel refuses a workbook whose data validation has a longer input title or message than these.
_PROMPT_TITLE, _PROMPT = 32, 255


def packet_files(packets: list[Packet]) -> dict[str, bytes]:
    """File name (relative to the folder written in) → bytes, for every packet, in order."""
    files: dict[str, bytes] = {}
    for packet in packets:
        for name in packet_names(packet):
            if name.endswith(".xlsx"):
                files[name] = workbook_bytes(packet)
            elif name.endswith("-entries.html"):
                files[name] = entries_page(packet).encode()
            elif name.endswith("-ranks.yaml") or not packet.entries:
                files[name] = ranks_template(packet).encode()
            else:
                files[name] = scores_template(packet).encode()
    return files


# --- the workbook ---------------------------------------------------------------------------------

def marks_columns(packet: Packet) -> list[str]:
    """The header of the Marks sheet."""
    return (["judge"] + (["round"] if packet.round is not None else []) + ["entry", "title"]
            + [c.id for c in packet.criteria] + (["mark"] if packet.mark_column else []) + ["comment"])


def workbook_bytes(packet: Packet) -> bytes:
    from smartaward.render.xlsx import new_workbook, saved

    wb = new_workbook(f"{packet.cycle_title}: marks of {packet.judge_name}")
    ws = wb.active
    assert ws is not None
    ws.title = MARKS
    _marks(ws, packet)
    _instructions(wb.create_sheet(INSTRUCTIONS), packet)
    _entries(wb.create_sheet(ENTRIES), packet)
    return saved(wb)


def _marks(ws: Worksheet, packet: Packet) -> None:
    from openpyxl.styles import Alignment, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from smartaward.render.xlsx import MAX_WIDTH, as_text, header_row

    columns = marks_columns(packet)
    ws.append(columns)
    header_row(ws)
    widths = [max(len(c), 9) for c in columns]
    at = {name: i + 1 for i, name in enumerate(columns)}
    grey = PatternFill("solid", fgColor=GREY)
    open_cell = Protection(locked=False)
    # One validation per run of rows of a column with the same rule: its formula refers to the run's
    # first cell, which is how a spreadsheet reads a relative reference in a validation.
    runs: list[tuple[_Rule, int, int, int]] = []  # (rule, column, first row, last row)

    def rule_at(column: int, row: int, rule: _Rule) -> None:
        if runs and runs[-1][0] == rule and runs[-1][1] == column and runs[-1][3] == row - 1:
            runs[-1] = (rule, column, runs[-1][2], row)
        else:
            runs.append((rule, column, row, row))

    by_column: dict[int, list[tuple[_Rule, int]]] = {}
    for r, entry in enumerate(packet.entries, start=2):
        fixed = {"judge": packet.judge, "round": packet.round, "entry": entry.shown, "title": one_line(entry.title)}
        for name, value in fixed.items():
            if name in at and value is not None:
                as_text(ws.cell(row=r, column=at[name]), value)
                widths[at[name] - 1] = max(widths[at[name] - 1], min(len(value), MAX_WIDTH))
        for criterion in packet.criteria:
            cell = ws.cell(row=r, column=at[criterion.id])
            scale = entry.criteria.get(criterion.id)
            if scale is None:
                cell.fill = grey
                continue
            cell.protection = open_cell
            by_column.setdefault(at[criterion.id], []).append((("number", criterion.title, scale), r))
        if packet.mark_column:
            cell = ws.cell(row=r, column=at["mark"])
            if entry.mark is None:
                cell.fill = grey
            else:
                cell.protection = open_cell
                rule: _Rule = ("verdict", "", None) if entry.mark == "verdict" else ("number", "Mark", entry.mark_scale)
                by_column.setdefault(at["mark"], []).append((rule, r))
        comment = ws.cell(row=r, column=at["comment"])
        comment.protection = open_cell
        comment.alignment = Alignment(wrap_text=True, vertical="top")
    for column in sorted(by_column):
        for rule, row in by_column[column]:
            rule_at(column, row, rule)
    for rule, column, first, last in runs:
        letter = get_column_letter(column)
        ref = f"{letter}{first}"
        sqref = ref if first == last else f"{ref}:{letter}{last}"
        if rule[0] == "verdict":
            validation = DataValidation(type="list", formula1='"pass,fail"', allow_blank=True, errorStyle="warning",
                                        promptTitle="Verdict", prompt="pass or fail", showInputMessage=True,
                                        errorTitle="Not a verdict", error="Write pass or fail.", showErrorMessage=True)
        else:
            _, title, scale = rule
            assert scale is not None
            said = f"a number from {scale_text(scale)}"
            validation = DataValidation(type="custom", formula1=_on_scale(ref, scale), allow_blank=True, errorStyle="warning",
                                        promptTitle=_cut(one_line(title), _PROMPT_TITLE), prompt=_cut(f"{one_line(title)}: {said}.", _PROMPT),
                                        showInputMessage=True, errorTitle="Not on the scale",
                                        error=_cut(f"The mark should be {said} (write 7.5, a number).", _PROMPT), showErrorMessage=True)
        validation.add(sqref)
        ws.add_data_validation(validation)
    widths[at["comment"] - 1] = 50
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = width + 2
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # the judge may still widen a column or a row
    ws.protection.formatRows = False


def _on_scale(ref: str, scale: Scale) -> str:
    """A validation formula: the cell holds a number on the scale (and its step)."""
    low, high = number(scale.min), number(scale.max)
    checks = [f"ISNUMBER({ref})", f"{ref}>={_paren(low)}", f"{ref}<={_paren(high)}"]
    if scale.step is not None:
        steps = f"({ref}-{_paren(low)})/{number(scale.step)}"
        checks.append(f"ABS({steps}-ROUND({steps},0))<={number(STEP_TOLERANCE)}*MAX(1,ABS({steps}))")
    return f"AND({','.join(checks)})"


def _paren(text: str) -> str:
    return f"({text})" if text.startswith("-") else text


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def _instructions(ws: Worksheet, packet: Packet) -> None:
    from openpyxl.styles import Alignment, Font

    from smartaward.render.xlsx import as_text

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    row = 1

    def line(*values: Any, strong: bool = False) -> None:
        nonlocal row
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = ws.cell(row=row, column=column)
            if isinstance(value, str):
                as_text(cell, one_line(value))
            else:
                cell.value = value
            cell.alignment = wrap
            if strong:
                cell.font = bold
        row += 1

    line("Marking workbook", strong=True)
    line("Cycle", f"{packet.cycle_title} ({packet.cycle})")
    if packet.round is not None:
        line("Round", " / ".join([packet.round, *packet.round_titles]))
    line("Judge", f"{packet.judge_name} ({packet.judge})")
    line("Entries", len(packet.entries))
    row += 1
    line("Criteria", strong=True)
    line("id", "title", "description", "weight", "scale", "step", strong=True)
    for criterion in packet.criteria:
        scale = criterion.scale
        line(criterion.id, criterion.title, criterion.description, criterion.weight,
             f"{number(scale.min)} to {number(scale.max)}", scale.step)
    if packet.mark_column:
        kinds = {e.mark for e in packet.entries}
        if "verdict" in kinds:
            line("mark", "Screening verdict", "pass: the entry goes on; fail: it does not.", None, "pass or fail", None)
        scales = sorted({(e.mark_scale.min, e.mark_scale.max, e.mark_scale.step or 0.0)
                         for e in packet.entries if e.mark == "number" and e.mark_scale is not None})
        for low, high, step in scales:
            line("mark", "Overall mark", "One mark for the entry as a whole (its call has no criteria).", None,
                 f"{number(low)} to {number(high)}", step or None)
    row += 1
    line("How to fill in and return this workbook", strong=True)
    for n, text in enumerate(_steps(packet), start=1):
        line(f"{n}.", text)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 60
    for letter in "DEF":
        ws.column_dimensions[letter].width = 12


def _steps(packet: Packet) -> list[str]:
    """How to fill in and return the workbook, step by step."""
    steps = [
        "The Marks sheet has one row for each entry assigned to you. Fill in the white cells of your row: a mark in each "
        "criterion column (a number on the criterion's scale, above), and your comment on the entry if you wish.",
        "A grey cell is for a criterion the entry is not marked on: leave it empty.",
        "Write each mark as a number (7.5). A mark typed as text, such as 7,5 in a cell formatted as text, is reported "
        "when the workbook is read back, not counted.",
        "Do not change the judge, round, entry or title cells, the header row, the order of the columns or the names of "
        "the sheets: the workbook is read back as it is. Empty rows are skipped.",
        "Save the workbook in the .xlsx format (any file name) and return it to the organiser, who reads it with "
        "smartaward import scores.",
    ]
    if packet.mark_column and any(e.mark == "verdict" for e in packet.entries):
        steps.insert(1, "In the mark column of a screening round, write pass or fail.")
    elif packet.mark_column:
        steps.insert(1, "In the mark column, write one overall mark for an entry whose call has no criteria.")
    if packet.blind:
        steps.append("Entries are shown by a code (E-...), not by their names, and their entrants are not named: "
                     "keep the codes as they are.")
    return steps


def entries_columns(packet: Packet) -> list[str]:
    named = any(not e.blind for e in packet.all_entries())
    return ["entry", "title", "summary", "url", *(["entrant", "city", "country"] if named else [])]


def _entries(ws: Worksheet, packet: Packet) -> None:
    from smartaward.render.xlsx import table_sheet

    rows = [{"entry": e.shown, "title": e.title, "summary": e.summary, "url": e.url,
             "entrant": e.entrant, "city": e.city, "country": e.country} for e in packet.all_entries()]
    table_sheet(ws, rows, entries_columns(packet))


# --- the YAML templates ---------------------------------------------------------------------------

def _comment(text: str) -> str:
    """A YAML comment line's text: one line (no line break a YAML reader would see), never empty."""
    return one_line(text).strip()


def _template_head(packet: Packet, key: str) -> list[str]:
    what = "marks" if key == "scores" else "ranking (1 = best; equal ranks for a tie)"
    where = f"scores/{packet.round}/" if packet.round is not None else "scores/"
    return [
        f"# Score sheet of judge {packet.judge} ({_comment(packet.judge_name)}) for {_comment(packet.cycle_title)}"
        + (f", round {packet.round}" if packet.round is not None else "") + ".",
        "# Written by smartaward packets. Replace each null by your " + what + "; change nothing else.",
        "# An entry not marked yet: delete its line (a null is no mark, and validate reports it as an error).",
        f"# Return it to the organiser, who puts it in the cycle's {where} folder (smartaward validate checks it).",
        f"judge: {scalar(packet.judge)}",
        *([f"round: {scalar(packet.round)}"] if packet.round is not None else []),
        f"{key}:",
    ]


def _template_tail() -> list[str]:
    return ["# Your comments, if any: replace {} by one line per entry, as   entry-id: \"your comment\"",
            "comments: {}", ""]


def scores_template(packet: Packet) -> str:
    lines = _template_head(packet, "scores")
    for entry in packet.entries:
        lines.extend(_score_lines(entry))
    return "\n".join(lines + _template_tail())


def _score_lines(entry: PacketEntry) -> list[str]:
    title = _comment(entry.title)
    key = scalar(entry.id)
    if entry.mark == "verdict":
        return [f"  # {title}: pass or fail", f"  {key}: null"]
    if entry.mark == "number" and entry.mark_scale is not None:
        return [f"  # {title}: one mark, {scale_text(entry.mark_scale)}", f"  {key}: null"]
    scales = set(entry.criteria.values())
    if len(scales) == 1:
        return [f"  # {title}: each mark {scale_text(next(iter(scales)))}", f"  {key}:",
                *(f"    {scalar(c)}: null" for c in entry.criteria)]
    return [f"  # {title}", f"  {key}:", *(f"    {scalar(c)}: null  # {scale_text(s)}" for c, s in entry.criteria.items())]


def ranks_template(packet: Packet) -> str:
    lines = _template_head(packet, "ranks")
    for entry in packet.ranked:
        lines += [f"  # {_comment(entry.title)}", f"  {scalar(entry.id)}: null"]
    return "\n".join(lines + _template_tail())


# --- the page of the entries ----------------------------------------------------------------------

PAGE_STYLE_EXTRA = """
article { border-top: 1px solid var(--rule); padding: 0.5rem 0 1rem; }
article h2 { border: 0; margin: 0.5rem 0 0.25rem; padding: 0; }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 400; }
.summary p { margin: 0 0 0.5rem; }
.link a { overflow-wrap: anywhere; }
""".strip()


def entries_page(packet: Packet) -> str:
    title = f"{packet.cycle_title}: entries for {packet.judge_name}"
    round_said = ""
    if packet.round is not None:
        round_said = f"Round {packet.round}" + (f" ({'; '.join(packet.round_titles)})" if packet.round_titles else "") + ". "
    entries = packet.all_entries()
    count = len(entries)
    intro = (f"{round_said}{count} entr{'y' if count == 1 else 'ies'} assigned to {packet.judge_name} ({packet.judge}), "
             "in the order of the marking workbook.")
    lines = [*page_start(title, STYLE + "\n" + PAGE_STYLE_EXTRA), "<header>",
             f"<h1>{escaped(packet.cycle_title)}</h1>",
             f"<p>{escaped(intro)}</p>"]
    if packet.blind:
        lines.append("<p class=\"meta\">Blind judging: entries are shown by a code and their entrants are not named.</p>")
    lines += ["</header>", "<main>"]
    for n, entry in enumerate(entries, start=1):
        lines += _entry_article(n, entry)
    lines += ["</main>", "</body>", "</html>", ""]
    return "\n".join(lines)


def _entry_article(n: int, entry: PacketEntry) -> list[str]:
    heading = f'<span class="code">{escaped(entry.shown)}</span>: <span class="title">{escaped(entry.title)}</span>'
    out = [f'<article aria-labelledby="entry-{n}">', f'<h2 id="entry-{n}">{heading}</h2>']
    if entry.entrant is not None:
        where = one_line(entry.city) if entry.city else ""
        country = f' (<abbr title="ISO 3166 country code">{escaped(entry.country)}</abbr>)' if entry.country else ""
        out.append(f'<p class="entrant">{escaped(entry.entrant)}{", " + escaped(where) if where else ""}{country}</p>')
    if entry.summary:
        paragraphs = [p for p in (shown(part).strip() for part in entry.summary.split("\n")) if p]
        out.append('<div class="summary">' + "".join(f"<p>{escape(p, quote=True)}</p>" for p in paragraphs) + "</div>")
    if entry.url is not None:
        out.append(f'<p class="link"><a href="{escape(_href(entry.url), quote=True)}" rel="noopener noreferrer">'
                   f"{escaped(entry.url)}</a></p>")
    out.append("</article>")
    return out


def _href(url: str) -> str:
    """The address with every character a URL may not hold raw percent-encoded (a valid href)."""
    return quote(url, safe="%/:=&?~#+!$,;'@()*[]-._")


# --- what the command prints ----------------------------------------------------------------------

def summary_text(document: dict[str, Any]) -> str:
    """One line per packet (judge, entries, files), then the total."""
    verb = "would write" if document["dry_run"] else "wrote"
    lines = []
    for packet in document["packets"]:
        n = packet["entries"]
        files = ", ".join(name.rsplit("/", 1)[-1] for name in packet["files"])
        lines.append(one_line(f"{packet['judge']}: {n} entr{'y' if n == 1 else 'ies'}{' (blind)' if packet['blind'] else ''}: {files}"))
        lines += [one_line(f"  note: {note}") for note in packet["notes"]]
    judges = document["judges"]
    lines.append(one_line(f"{verb} {document['files']} file{'' if document['files'] == 1 else 's'} for {judges} "
                          f"judge{'' if judges == 1 else 's'} in {document['to']}"
                          + ("; nothing was written (--dry-run)" if document["dry_run"] else "")))
    return "\n".join(lines) + "\n"
