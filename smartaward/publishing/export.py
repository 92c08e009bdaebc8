"""What `smartaward export` publishes: the winners, every category's full ranking, the status of
the result, and — only when asked for — every raw mark, as plain rows, and the files (CSV, XLSX,
JSON, Markdown, an HTML page) made from them.

The rows come from render/data.py (`winner_rows`, `rank_document`: the same shapes as `winners`
and `rank --format json`), so an export can never disagree with those commands. The marks are read
from what scoring recorded (as explain.py does): one row per mark a judge wrote, with whether it
counted and, if not, why (a conflict, an observer, a trim...).

What it reveals (docs/security.md, "What each output reveals"): by default what a public results
page may show — winners, rankings, scores, the status and what is still open — and no per-judge
mark, judge id or judge name anywhere. `include` adds "marks" (every mark, each judge a stable
pseudonym, "Judge A", given over the whole jury: anonymity.py) and "judges" (with the marks: the
judges by id, except a judge marked `public: false`, who keeps the pseudonym). The open items of a
provisional result name judges the same way: a judge who may not be named is a pseudonym there too,
and the place of such an item (a score sheet, named after its judge as a rule) is left out.

The document types (Publication, Section, the column sets) are in documents.py, which the
renderers import too; render/publication.py turns a Publication into the files.

Output is byte-stable: rows follow cycle.yaml's order of calls, rounds and criteria, then entry and
judge ids; nothing carries a timestamp. Rendering happens in memory before anything is written, so a
failure while rendering changes no file; each file is then replaced atomically (atomic.py).
Spreadsheet text cells are neutralised against formula injection (cells.py); HTML text is escaped.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from smartaward.awards.results import Results
from smartaward.awards.status import KIND_WORDS, OpenItem
from smartaward.model.cyclefiles import Judge
from smartaward.publishing.anonymity import JudgeNames
from smartaward.publishing.data import item_titled, rank_document, winners_document
from smartaward.publishing.documents import FILE_NAMES, INCLUDES, MARK_FILES, Publication, Section, award_title
from smartaward.reading.files import printable
from smartaward.reading.load import Cycle


def publication(cycle: Cycle, results: Results, include: tuple[str, ...] = (), pseudonym_key: str | None = None) -> Publication:
    """Everything an export writes. `include`: what to add to the public files (INCLUDES); "judges"
    means something only with "marks" (the command line refuses it alone). `pseudonym_key`: the
    organiser's secret for the order of the pseudonyms (anonymity.py), or None for the ids' order."""
    spec = cycle.spec
    assert spec is not None, "export needs a cycle that passed validation"
    winners = winners_document(results)
    categories = rank_document(results)["categories"]
    ranked = {(c["call"], c["category"]): c for c in categories}
    sections = []
    for call_id, call in spec.calls.items():
        for category_id, category in call.categories.items():
            key = (call_id, category_id)
            document = ranked.get(key, {"ranking": [], "notes": []})
            sections.append(Section(
                call=call_id, call_title=call.title, category=category_id, title=category.title,
                designated=call.judging == "designated",
                award_titles={a: award_title(a, slot.title) for a, slot in category.awards.items()},
                winners=[w for w in winners["winners"] if (w["call"], w["category"]) == key],
                unfilled=[u for u in winners["unfilled"] if (u["call"], u["category"]) == key],
                ranking=document["ranking"], notes=list(document["notes"]),
            ))
    names = judge_names(cycle, include, pseudonym_key)
    marks = [dict(row, judge=names.show(row["judge"])) for row in mark_rows(cycle, results)] if "marks" in include else []
    status = results.status
    return Publication(results.cycle, results.title, spec.organiser, winners["winners"], winners["unfilled"],
                       categories, marks, sections, provisional(results), tuple(i for i in INCLUDES if i in include),
                       None if status is None else status.name,
                       [] if status is None else [item_titled(item, results.titles)
                                                  for item in _shown_items(status.open, names, cycle.judges, cycle.display_root)])


def judge_names(cycle: Cycle, include: tuple[str, ...] = (), key: str | None = None) -> JudgeNames:
    """How the export shows each judge: pseudonyms over every judge of judges.yaml and every id a
    score sheet names (so a letter never shifts between files, and is the one feedback gives with
    the same key); ids only with "judges" included."""
    return JudgeNames(cycle.judges, named=[sheet.judge for sheet in cycle.sheets], reveal="judges" in include, key=key)


def provisional(results: Results) -> str | None:
    """The sentence that says a publication is not final yet, or None when it is: what waits on
    which tie, or how many items are open (the banner of the winners page and of results.md)."""
    pending = results.pending
    if pending.slots:
        ties = len(pending.deciding)
        return (f"the results marked pending may still change: {'a tie awaits' if ties == 1 else f'{ties} ties await'} "
                f"the chair's decision ({'; '.join(tie.describe() for tie in pending.deciding)}).")
    status = results.status
    if status is None or status.final:
        return None
    kinds: dict[str, int] = {}
    for item in status.open:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    said = ", ".join(f"{n} {KIND_WORDS[kind][n != 1]}" for kind, n in kinds.items())
    count = len(status.open)
    return f"the results may still change: {count} item{'s are' if count != 1 else ' is'} still open ({said})."


def _shown_items(items: Iterable[OpenItem], names: JudgeNames, judges: Mapping[str, Judge], display_root: str) -> list[dict[str, Any]]:
    """Every open item as shown_item shows it, the judges who may not be named found once."""
    hidden = _withheld(names)
    return [shown_item(item, names, judges, display_root, hidden) for item in items]


def _withheld(names: JudgeNames) -> dict[str, str]:
    """Judge id → pseudonym, for every judge who may not be named."""
    return {judge_id: alias for judge_id in names.aliases if (alias := names.show(judge_id)) != judge_id}


def shown_item(item: OpenItem, names: JudgeNames, judges: Mapping[str, Judge], display_root: str = ".",
               hidden: dict[str, str] | None = None) -> dict[str, Any]:
    """An open item (status.py) as the export may show it: its file named inside the cycle folder
    (`entries/x.yaml`, wherever the folder was when exported: the same files give the same bytes),
    and a judge who may not be named as their pseudonym, in `judge` and in the text; such an item
    loses its place (file, line, column), which is that judge's score sheet or their entry in
    judges.yaml. A file the cycle does not read (F003) whose name or message names such a judge is
    treated the same way. `hidden`: _withheld(names), when many items are shown."""
    document = item.document()
    document["file"] = _in_cycle(document["file"], display_root)
    document["text"] = _in_cycle_text(document["text"], display_root)
    if hidden is None:
        hidden = _withheld(names)
    text = document["text"]
    if item.judge in hidden:
        text = _hide(text, item.judge, judges.get(item.judge), hidden[item.judge], _TOKEN)
    if item.kind == "file":  # a path: scores/j05-old.yaml names j05 too
        for judge_id, alias in hidden.items():
            judge = judges.get(judge_id)
            if _find(judge_id, _WORD).search(text + "\n" + document["file"]) or (judge is not None and _find(judge.name, _WORD).search(text)):
                text = _hide(text, judge_id, judge, alias, _WORD)
    if text == document["text"] and item.judge not in hidden:
        return document
    document.update(text=text, file="", line=0, column=0)
    if item.judge in hidden:
        document["judge"] = hidden[item.judge]
    return document


def _in_cycle(file: str, display_root: str) -> str:
    """A file as diagnostics name it (below the cycle folder as given: `../c/entries/x.yaml`),
    named from the cycle folder (`entries/x.yaml`)."""
    if display_root in ("", "."):
        return file
    prefix = printable(display_root).rstrip("/") + "/"
    return file[len(prefix):] if file.startswith(prefix) else file


def _in_cycle_text(text: str, display_root: str) -> str:
    """A message with the files it names (R210: `... in ../c/entries/x.yaml:5`) named from the cycle folder."""
    if display_root in ("", "."):
        return text
    prefix = printable(display_root).rstrip("/") + "/"
    return re.sub(rf"(?<![\w./-]){re.escape(prefix)}", "", text)


# A judge's id or name as a whole: _TOKEN in a sentence of status.py (`j01` is neither in `j011`
# nor in the entry id `j01-park`), _WORD anywhere (`j01` is in the file name `j01-old.yaml`).
_TOKEN = r"(?<![\w-]){}(?![\w-])"
_WORD = r"(?<!\w){}(?!\w)"


def _find(text: str, how: str) -> re.Pattern[str]:
    return re.compile(how.format(re.escape(text)))


def _hide(text: str, judge_id: str, judge: Judge | None, alias: str, how: str) -> str:
    """`text` with the judge's id and name replaced by the alias ("judge j05 (Ann Lee)" → "Judge E")."""
    if judge is not None:
        text = text.replace(f"judge {judge_id} ({judge.name})", alias).replace(f"{judge_id} ({judge.name})", alias)
        text = _find(judge.name, how).sub(alias, text)
    return _find(judge_id, how).sub(alias, text)


def mark_rows(cycle: Cycle, results: Results) -> list[dict[str, Any]]:
    """One row per mark a judge wrote on an entry of a scored call, in every round it was read in.

    `counted` says whether the mark went into the score; `excluded` says why not: the panel's
    reason for leaving the judge's line out (conflict, observer, not a judge of the call...) or
    `trimmed (highest)` for a mark dropped by a trimmed aggregation; `code` the diagnostic, if any.
    """
    spec = cycle.spec
    assert spec is not None
    call_order = {call_id: i for i, call_id in enumerate(spec.calls)}
    round_order: dict[tuple[str, str | None], int] = {(call_id, r): i for call_id, call in spec.calls.items() for i, r in enumerate(call.rounds)}
    criterion_order = {call_id: {c: i for i, c in enumerate(call.criteria)} for call_id, call in spec.calls.items()}
    titles = results.titles
    rows: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for final in results.scores.values():
        entry = final.entry
        order = criterion_order.get(entry.call, {})
        for stage in (final.stages or [final]) + final.unreached:
            for judge_id, line in stage.lines.items():
                key = (call_order.get(entry.call, len(call_order)), round_order.get((entry.call, stage.round), -1),
                       entry.id, judge_id)
                trimmed = line.trimmed or []
                if isinstance(line.marks, dict):
                    marks = sorted(line.marks.items(), key=lambda item: order.get(item[0], len(order)))
                else:
                    marks = [("", line.marks)]
                for criterion, mark in marks:
                    why = line.excluded
                    if why is None:
                        side = next((t for t in trimmed if ":" not in t), None) or next(
                            (t.split(": ", 1)[1] for t in trimmed if criterion and t.startswith(f"{criterion}: ")), None)
                        why = f"trimmed ({side})" if side else None
                    rows.append((key, {
                        "call": entry.call, "round": stage.round, "judge": judge_id, "entry": entry.id,
                        "criterion": str(criterion), "mark": _mark(mark), "counted": why is None,
                        "excluded": why, "code": line.code, "call_title": titles.call(entry.call),
                        "round_title": titles.round(entry.call, stage.round), "criterion_title": titles.criterion(entry.call, str(criterion)),
                    }))
    rows.sort(key=lambda item: item[0])  # stable: a line's marks keep their criterion order
    return [row for _, row in rows]


def _mark(value: Any) -> float | int | str:
    """A mark as written: numbers stay numbers (bool is never a mark), anything else is text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return str(value)


class ExportRefused(Exception):
    """The export folder or a file in it would overwrite or be read as the cycle's data."""


def check_target(cycle_root: Path, folder: Path, names: list[str]) -> None:
    """Refuse to write where the cycle's own files are or would be read from.

    smartaward reads cycle.yaml, judges.yaml and every file under entries/, scores/ and assignments/:
    a folder inside one of them would have its exports read (or reported) as cycle data, and a file
    name that is (or links to) an input file would destroy it. Paths are compared resolved, so a
    symbolic link cannot lead around the check.
    """
    from smartaward.publishing.certificate import DEFAULT_RECORD
    from smartaward.reading.files import ASSIGNMENTS_FOLDER, CYCLE_FILE, JUDGES_FILE

    root = cycle_root.resolve()
    data_folders = [root / "entries", root / "scores", root / ASSIGNMENTS_FOLDER]
    inputs = {root / CYCLE_FILE, root / JUDGES_FILE}
    where = folder.resolve()
    for data in data_folders:
        if where == data or where.is_relative_to(data):
            raise ExportRefused(f"{folder}: inside the cycle's {data.name}/ folder, where every file is read as "
                                "cycle data; write somewhere else")
    record = root / DEFAULT_RECORD  # certify's default place
    for name in names:
        target = (folder / name).resolve()
        if target in inputs or any(target.is_relative_to(d) for d in data_folders):
            raise ExportRefused(f"{folder / name}: is (or links to) one of the cycle's input files; write somewhere else")
        if target == record or _is_record(target):
            raise ExportRefused(f"{folder / name}: is (or links to) a certified record (smartaward certify), which nothing "
                                "but certify may replace; write somewhere else")


RECORD_START = b'{\n  "certified_by": '  # how every record certify writes begins (its keys sorted)


def _is_record(path: Path) -> bool:
    """Whether `path` is a regular file that starts as a certified record does (a cheap look at its
    first bytes: a results.json of an export starts with "cycle")."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a folder, a pipe: not a record (said elsewhere)
            return False
        return os.read(fd, len(RECORD_START)) == RECORD_START
    except OSError:
        return False
    finally:
        os.close(fd)


def stale_marks(folder: Path, written: list[str]) -> list[str]:
    """The files of an earlier export in `folder` that hold judges' marks and that an export writing
    `written` would leave there: marks.csv, a workbook with a Marks sheet, a results.json or
    results.md with marks. A public export refuses to write beside them (docs/security.md): the
    folder would be published with the marks in it. Nothing is deleted; a file that cannot be read
    as what its name says (not ours) is not one."""
    found = []
    for name in (name for names in FILE_NAMES.values() for name in names):
        path = folder / name
        if name not in written and path.is_file() and _holds_marks(path, name):  # is_file: not a pipe or folder
            found.append(name)
    return found


_MARKS_SHEET = re.compile(rb'<sheet\b[^>]*\bname="Marks"')


def _holds_marks(path: Path, name: str) -> bool:
    if name in MARK_FILES:
        return True
    try:
        if name == "results.xlsx":
            with zipfile.ZipFile(path) as archive:
                return _MARKS_SHEET.search(archive.read("xl/workbook.xml")) is not None
        if name == "results.json":
            document = json.loads(path.read_bytes())
            return isinstance(document, dict) and bool(document.get("marks"))
        if name == "results.md":
            return b"\n## Marks\n" in path.read_bytes()
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, RecursionError):
        return False
    return False
