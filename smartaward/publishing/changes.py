"""What changed between two versions of a cycle (`smartaward diff`), as a JSON-ready document.

Each side is a cycle folder as the core API read it (its files, its loaded cycle, its results, its
errors): a folder on disk, or a git revision read into a temporary folder (reading/revision.py).
The document says:

- `files`: the cycle's files (those the reader reads) changed, added or removed, by the SHA-256 of
  their bytes, as paths relative to the cycle folder;
- `marks`: every mark that changed, one record per mark (judge, entry, round, criterion), with the
  line's fate (`changed`, or `added`/`removed` when the judge's whole line of marks on the entry is
  new or gone);
- `values` (only where a side has values sheets): every measured value that changed, was added or
  removed (entry, round, part, old, new), and `because` lists an entry's among its causes;
- `rules`: the rules in force for each call and round (the judging rules, after the call's and the
  round's overrides), every other setting of cycle.yaml that can change a result (shortlists,
  award slots, criteria, designations...; descriptive texts are left out) and the decisions on ties;
- `judges` and `entries`: the settings of a judge (calls, conflicts, voting...) or of an entry
  (category, entrant, submission date...) that changed, or a judge or an entry added or removed;
  settings read only by `assign` and the judge packets (a judge's rounds, caps, categories and
  expertise, an entry's tags, `blind`, `rules.assignment`) change no result and are left out;
- `assignments`: the assignment files' changes, round by round (assignments/ROUND.yaml): a judge
  given or no longer given an entry, `per_entry` changed, a round's file added or removed;
- `lines`: every line of marks (a judge's marks on an entry in a round) whose counting changed:
  counted on one side and not on the other (not assigned, a conflict, ...), or added or removed
  while not counted;
- `results`: per category, every entry whose rank, score or award changed, old → new, and
  `because`: the changes on the entry itself that can explain it (its marks, the lines of marks
  on it that now count or no longer do, its judges given or taken away by an assignment file, its
  settings, the rules of its call, the judges who marked it), or, when there are none, the other
  entries of the category whose own changes moved it;
- `awards`: every award that changed hands (old winners → new winners);
- `status`: final or provisional, on each side.

Sides with errors have no results: the document then says how many errors each side has, and lists
only the files. Everything is sorted, so the same two versions give the same document.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from smartaward.awards.results import Results
from smartaward.diagnostics import Diagnostic
from smartaward.judging.assigned import assignment_for, has_rounds, judges_by_entry, relative_name
from smartaward.judging.measured import value_table
from smartaward.judging.panel import OVERRIDABLE
from smartaward.judging.stages import LATE, UNREACHED
from smartaward.publishing.certificate import in_order, input_files
from smartaward.publishing.data import format_score
from smartaward.reading.files import CycleFiles
from smartaward.reading.load import Assignment, Cycle

VERSION = 1
PROBLEMS_LISTED = 20  # errors of a side listed in the document (all are counted)

# Fields that are descriptive only: a change to them changes no result.
# So are the settings only `assign` and the judge packets read (no result depends on them).
_DESCRIPTIVE = {"title", "description", "organiser", "note", "blind", "assignment"}
_JUDGE_DESCRIPTIVE = {"name", "public", "rounds", "max_entries", "min_entries", "categories", "expertise", "contact"}  # contact: private
_ENTRY_DESCRIPTIVE = {"title", "summary", "url", "tags", "contact"}  # contact: private, never shown

Key = tuple[str | None, str, str]  # (round, judge, entry): one judge's line of marks on an entry


@dataclass
class Side:
    """One version of the cycle, as read and computed."""

    label: str  # the folder as given, or `REV (abc1234)`
    kind: str  # "folder" or "revision"
    files: CycleFiles
    cycle: Cycle | None
    results: Results | None
    errors: list[Diagnostic] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # files of a revision not read: (path, why)
    commit: str | None = None

    def digests(self) -> dict[str, str | None]:
        """Path relative to the cycle folder → the SHA-256 of its bytes (None: it could not be read),
        as a certified record lists them."""
        return {item["path"]: item["sha256"] for item in input_files(self.files)}

    def document(self) -> dict[str, Any]:
        status = self.results.status if self.results is not None else None
        return {"label": self.label, "kind": self.kind, "commit": self.commit, "errors": len(self.errors),
                "problems": [self._problem(d) for d in self.errors[:PROBLEMS_LISTED]],
                "status": None if status is None else status.name, "open": None if status is None else len(status.open),
                "skipped": [{"path": path, "reason": why} for path, why in self.skipped]}

    def _problem(self, d: Diagnostic) -> dict[str, Any]:
        """An error, its file named relative to the cycle folder (a revision's folder is temporary)."""
        shown = self.files.display_root
        name = d.file.removeprefix(shown + "/") if shown != "." else d.file
        return {"file": name, "line": d.line, "column": d.column, "code": d.code, "message": d.message}


def changes_document(old: Side, new: Side) -> dict[str, Any]:
    """What changed from `old` to `new` (see the module's docstring)."""
    document: dict[str, Any] = {
        "version": VERSION, "cycle": _cycle_id(new) or _cycle_id(old),
        "old": old.document(), "new": new.document(), "files": compare_files(old.digests(), new.digests()),
        "marks": [], "rules": [], "judges": [], "entries": [], "assignments": [], "lines": [], "results": [], "awards": [],
    }
    document["status"] = {"old": document["old"]["status"], "new": document["new"]["status"]}
    if old.results is None or new.results is None or old.cycle is None or new.cycle is None:
        document["changed"] = None  # unknown: a side has errors
        return document
    old_marks, new_marks = marks_of(old.cycle), marks_of(new.cycle)
    marks = compare_marks(old_marks, new_marks)
    rules = compare_rules(old.cycle, old.results, new.cycle, new.results)
    judges = compare_models(old.cycle.judges, new.cycle.judges, "judge", _JUDGE_DESCRIPTIVE)
    entries = compare_models({k: r.entry for k, r in old.cycle.entry_index.items()},
                             {k: r.entry for k, r in new.cycle.entry_index.items()}, "entry", _ENTRY_DESCRIPTIVE)
    assignments = compare_assignments(old.cycle, new.cycle)
    lines = compare_lines(line_states(old.results), line_states(new.results))
    # Measured values (values sheets): a key of its own only where a side has values sheets, so a
    # cycle without measured parts gets the document it always got.
    measured = bool(old.cycle.value_sheets or new.cycle.value_sheets)
    values = compare_values(values_of(old.cycle), values_of(new.cycle)) if measured else []
    causes = _Causes(marks, rules, judges, entries, _marked_by([*old_marks, *new_marks]), assignments, lines,
                     values=values, measured=measured)
    results = compare_results(old.results, new.results, causes)
    awards = compare_awards(old.results, new.results)
    document.update(marks=marks, rules=rules, judges=judges, entries=entries, assignments=assignments, lines=lines,
                    results=results, awards=awards)
    if measured:
        document["values"] = values
    document["changed"] = bool(results or awards or document["status"]["old"] != document["status"]["new"])
    return document


def _cycle_id(side: Side) -> str | None:
    if side.results is not None:
        return side.results.cycle
    return side.cycle.spec.cycle if side.cycle is not None and side.cycle.spec is not None else None


# --- files --------------------------------------------------------------------------------------

def compare_files(old: dict[str, str | None], new: dict[str, str | None]) -> dict[str, list[str]]:
    """The files changed, added and removed, each list sorted."""
    return {"changed": sorted(p for p in old.keys() & new.keys() if old[p] != new[p] or old[p] is None),
            "added": sorted(new.keys() - old.keys()), "removed": sorted(old.keys() - new.keys())}


# --- marks --------------------------------------------------------------------------------------

def marks_of(cycle: Cycle) -> dict[Key, Any]:
    """(round, judge, entry) → the marks as written; a judge's first sheet for a round wins, as in scoring."""
    found: dict[Key, Any] = {}
    sheets = cycle.sheets
    for sheet_no, entry_id, marks in cycle.marks.rows():
        sheet = sheets[sheet_no]
        found.setdefault((sheet.round, sheet.judge, entry_id), marks)
    return found


def values_of(cycle: Cycle) -> dict[tuple[str | None, str, str], Any]:
    """(round, entry, part) → the measured value as written: the first given, as in scoring."""
    table, _ = value_table(cycle)
    return {(round_id, entry, part): given.value for round_id, by_entry in table.items()
            for entry, parts in by_entry.items() for part, given in parts.items()}


def compare_values(old: dict[tuple[str | None, str, str], Any], new: dict[tuple[str | None, str, str], Any]) -> list[dict[str, Any]]:
    """One record per measured value that changed, was added or removed, by entry, round and part."""
    out = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (k[1], k[0] or "", k[2])):
        round_, entry, part = key
        before, after = old.get(key), new.get(key)
        if key in old and key in new and same(before, after):
            continue
        out.append({"entry": entry, "round": round_, "part": part, "old": plain(before), "new": plain(after)})
    return out


def compare_marks(old: dict[Key, Any], new: dict[Key, Any]) -> list[dict[str, Any]]:
    """One record per mark that changed, by entry, round, judge and criterion."""
    out = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (k[2], k[0] or "", k[1])):
        round_, judge, entry = key
        line = "changed" if key in old and key in new else "added" if key in new else "removed"
        for criterion, before, after in _mark_changes(old.get(key), new.get(key)):
            out.append({"judge": judge, "entry": entry, "round": round_, "criterion": criterion,
                        "old": plain(before), "new": plain(after), "line": line})
    return out


def _mark_changes(old: Any, new: Any) -> Iterator[tuple[str | None, Any, Any]]:
    """(criterion or None, old, new) for each mark of a line that differs."""
    if isinstance(old, dict) or isinstance(new, dict):
        before = old if isinstance(old, dict) else {}
        after = new if isinstance(new, dict) else {}
        if not isinstance(old, dict) and old is not None:
            yield None, old, None  # one overall mark became criterion marks
        for criterion in sorted(before.keys() | after.keys(), key=str):
            if not same(before.get(criterion), after.get(criterion)) or (criterion in before) != (criterion in after):
                yield str(criterion), before.get(criterion), after.get(criterion)
        if not isinstance(new, dict) and new is not None:
            yield None, None, new
    elif not same(old, new):
        yield None, old, new


def same(a: Any, b: Any) -> bool:
    """Equal as marks and settings: 8 and 8.0 are, true and 1 are not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def plain(value: Any) -> Any:
    """A value as JSON can carry it: numbers, text, true/false, null, lists and mappings of them."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return str(value)


# --- lines of marks: counted or not --------------------------------------------------------------

State = tuple[str | None, str | None]  # (why the line does not count, or None: it counts; the code reporting it)


def line_states(results: Results) -> dict[Key, State]:
    """(round, judge, entry) → whether the line counts, for every line the scoring read: the rounds'
    lines, a late entry's, and those of rounds an entry did not reach."""
    found: dict[Key, State] = {}
    for stage in results.scoring.stages:
        for entry_id, result in stage.results.items():
            for judge_id, line in result.lines.items():
                found[(stage.round, judge_id, entry_id)] = (line.excluded, line.code)
    for entry_id, final in results.scoring.finals.items():
        for result in [final] * (final.status == LATE) + final.unreached:
            for judge_id, line in result.lines.items():
                found.setdefault((result.round, judge_id, entry_id), (line.excluded, line.code))
    return found


def compare_lines(old: dict[Key, State], new: dict[Key, State]) -> list[dict[str, Any]]:
    """Every line counted on one side and not on the other, and every line added or removed that
    does not count, by entry, round and judge. `old`/`new`: {"counted", "reason", "code"}, or null
    where the side has no such line (or does not score it)."""
    out = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (k[2], k[0] or "", k[1])):
        a, b = old.get(key), new.get(key)
        counted = [state[0] is None for state in (a, b) if state is not None]
        if (a is not None and b is not None and counted[0] == counted[1]) or all(counted):
            continue
        round_, judge, entry = key
        out.append({"judge": judge, "entry": entry, "round": round_, "old": _state(a), "new": _state(b),
                    "line": "changed" if a is not None and b is not None else "added" if a is None else "removed"})
    return out


def _state(state: State | None) -> dict[str, Any] | None:
    return None if state is None else {"counted": state[0] is None, "reason": state[0], "code": state[1]}


def _consequence(line: dict[str, Any]) -> bool:
    """A line that stopped (or started) counting because its entry did not (or did) reach the round:
    a consequence of the entry's result, not a cause of it."""
    return any(side is not None and side["reason"] == UNREACHED for side in (line["old"], line["new"]))


# --- assignments ----------------------------------------------------------------------------------

def _assignments(cycle: Cycle) -> dict[str | None, Assignment]:
    """Round → the assignment file that holds for it (None: the one round of calls without rounds)."""
    rounds = has_rounds(cycle)
    keys = dict.fromkeys(a.round if rounds else None for a in cycle.assignments)
    found = {key: assignment_for(cycle, key) for key in keys}
    return {key: a for key, a in found.items() if a is not None}


def compare_assignments(old: Cycle, new: Cycle) -> list[dict[str, Any]]:
    """Round by round: the file added or removed (`kind` file, old/new whether it exists), its
    per_entry changed (`per_entry`), a judge given or no longer given an entry (`assigned`, old/new
    whether the judge is assigned it). A file added or removed is one record: the lines it makes
    count or not are in `lines`. `seed` is descriptive."""
    before, after = _assignments(old), _assignments(new)
    out: list[dict[str, Any]] = []
    for round_ in sorted(before.keys() | after.keys(), key=lambda r: r or ""):
        a, b = before.get(round_), after.get(round_)
        held = b if b is not None else a
        assert held is not None  # the round has a file on one side at least
        record = {"round": round_, "file": relative_name(held), "judge": None, "entry": None}
        if a is None or b is None:
            out.append({**record, "kind": "file", "old": a is not None, "new": b is not None})
            continue
        if a.per_entry != b.per_entry:
            out.append({**record, "kind": "per_entry", "old": a.per_entry, "new": b.per_entry})
        pairs = []
        old_pairs = {(e, j) for e, judges in judges_by_entry(a).items() for j in judges}
        new_pairs = {(e, j) for e, judges in judges_by_entry(b).items() for j in judges}
        for entry, judge in sorted(old_pairs ^ new_pairs):
            pairs.append({**record, "judge": judge, "entry": entry, "kind": "assigned",
                          "old": (entry, judge) in old_pairs, "new": (entry, judge) in new_pairs})
        out += pairs
    return out


# --- rules, settings, judges, entries -----------------------------------------------------------

def compare_rules(old_cycle: Cycle, old: Results, new_cycle: Cycle, new: Results) -> list[dict[str, Any]]:
    """The rules in force per call and round, the other settings of cycle.yaml, and the decisions."""
    assert old_cycle.spec is not None and new_cycle.spec is not None
    out = _rules_in_force(old, new)
    before = dict(_flatten(old_cycle.spec, (), _DESCRIPTIVE, top=True))
    after = dict(_flatten(new_cycle.spec, (), _DESCRIPTIVE, top=True))
    for path in sorted(before.keys() | after.keys()):
        if not same(before.get(path), after.get(path)):
            call = path[1] if len(path) > 2 and path[0] == "calls" else None
            round_ = path[3] if call is not None and len(path) > 4 and path[2] == "rounds" else None
            out.append({"kind": "setting", "call": call, "round": round_, "rule": ".".join(path),
                        "old": before.get(path), "new": after.get(path), "entries": []})
    out += _decisions(old_cycle, new_cycle)
    return out


def _rules_in_force(old: Results, new: Results) -> list[dict[str, Any]]:
    before = {(s.call, s.round): asdict(s.rules) for s in old.scoring.stages}
    after = {(s.call, s.round): asdict(s.rules) for s in new.scoring.stages}
    out: list[dict[str, Any]] = []
    for call, round_ in in_order(after, before):
        a, b = before.get((call, round_)), after.get((call, round_))
        if a is None or b is None:
            out.append({"kind": "rules", "call": call, "round": round_, "rule": "round", "old": a is not None,
                        "new": b is not None, "entries": []})
            continue
        for rule in a:
            if not same(a[rule], b[rule]):
                out.append({"kind": "rules", "call": call, "round": round_, "rule": rule, "old": plain(a[rule]),
                            "new": plain(b[rule]), "entries": []})
    return out


def _flatten(model: BaseModel, path: tuple[str, ...], skip: set[str], top: bool = False) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path, value) of every setting of a model, down through its models and mappings; lists are
    values. Descriptive fields, the rules in force (compared per round) and, at the top of
    cycle.yaml, `decisions` and `validate` are left out."""
    for name, info in type(model).model_fields.items():
        if name in skip or (top and name in ("decisions", "validate_")) or (path[-1:] == ("rules",) and name in OVERRIDABLE):
            continue
        yield from _flatten_value(getattr(model, name), (*path, info.alias or name), skip)


def _flatten_value(value: Any, path: tuple[str, ...], skip: set[str]) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(value, BaseModel):
        yield from _flatten(value, path, skip)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten_value(item, (*path, str(key)), skip)
    else:
        yield path, plain(value)


def _decisions(old: Cycle, new: Cycle) -> list[dict[str, Any]]:
    """Decisions on ties, matched by the tied entries and the round: added, removed or reordered."""
    assert old.spec is not None and new.spec is not None

    def by_tie(cycle: Cycle) -> dict[tuple[frozenset[str], str | None], list[str]]:
        assert cycle.spec is not None
        found: dict[tuple[frozenset[str], str | None], list[str]] = {}
        for decision in cycle.spec.decisions:
            found.setdefault((frozenset(decision.tie), decision.round), list(decision.tie))
        return found

    before, after = by_tie(old), by_tie(new)
    out: list[dict[str, Any]] = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (sorted(k[0]), k[1] or "")):
        a, b = before.get(key), after.get(key)
        if a != b:
            entries = sorted(key[0])
            call = next((c.entry_index[e].entry.call for c in (new, old) for e in entries if e in c.entry_index), None)
            out.append({"kind": "decision", "call": call, "round": key[1], "rule": "decision", "old": a, "new": b,
                        "entries": entries})
    return out


def compare_models(old: Mapping[str, BaseModel], new: Mapping[str, BaseModel], what: str, skip: set[str]) -> list[dict[str, Any]]:
    """Judges or entries by id: each added or removed (`setting` null, old/new whether it exists),
    and each setting that changed (`setting` a dotted path: `entrant.country`)."""
    out = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            out.append({what: key, "setting": None, "old": a is not None, "new": b is not None})
            continue
        before, after = dict(_flatten(a, (), skip)), dict(_flatten(b, (), skip))
        for path in sorted(before.keys() | after.keys()):
            if not same(before.get(path), after.get(path)):
                out.append({what: key, "setting": ".".join(path), "old": before.get(path), "new": after.get(path)})
    return out


def _marked_by(keys: Iterable[Key]) -> dict[str, set[str]]:
    """Judge → the entries they marked (on either side)."""
    found: dict[str, set[str]] = {}
    for _, judge, entry in keys:
        found.setdefault(judge, set()).add(entry)
    return found


# --- results and awards -------------------------------------------------------------------------

@dataclass
class _Causes:
    """Every change found, to say which of them can explain an entry's result."""

    marks: list[dict[str, Any]]
    rules: list[dict[str, Any]]
    judges: list[dict[str, Any]]
    entries: list[dict[str, Any]]
    marked_by: dict[str, set[str]]
    assignments: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)  # measured values that changed
    measured: bool = False  # a side has values sheets: `because` lists values too

    def __post_init__(self) -> None:
        # Every change grouped once by the entry it is about, so that a category of thousands of
        # entries that shift is not a scan of every list per entry.
        # Per entry, what is about it alone: a judge given or taken away, a line that (no longer)
        # counts. A file added or removed, or its per_entry, is no cause by itself: the lines it
        # makes count or not are.
        self.by_entry: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
        for record in self.assignments:
            if record["entry"] is not None:
                self.by_entry.setdefault(record["entry"], ([], []))[0].append(record)
        for line in self.lines:
            if not _consequence(line):
                self.by_entry.setdefault(line["entry"], ([], []))[1].append(line)
        self.marks_of = _grouped(self.marks, "entry")
        self.settings_of = _grouped(self.entries, "entry")
        self.judges_of: dict[str, list[dict[str, Any]]] = {}
        for judge in self.judges:
            for entry in self.marked_by.get(judge["judge"], ()):
                self.judges_of.setdefault(entry, []).append(judge)
        # The rules by their place in `rules`: those that name entries (decisions), per entry, and
        # those of a call (or of every call), per call, found when a call is first asked about.
        self.named_by: dict[str, list[int]] = {}
        for n, rule in enumerate(self.rules):
            for entry in dict.fromkeys(rule["entries"]):
                self.named_by.setdefault(entry, []).append(n)
        self.of_call: dict[str, list[int]] = {}
        # The entries with changes of their own: marks, lines counted or not, judges assigned,
        # settings, a decision naming them, their judges'.
        self.values_of = _grouped(self.values, "entry")
        self.owners = {*self.marks_of, *self.settings_of, *self.by_entry, *self.named_by, *self.judges_of, *self.values_of}

    def of(self, entry: str, call: str) -> dict[str, list[Any]]:
        assignments, lines = self.by_entry.get(entry, ([], []))
        if call not in self.of_call:
            self.of_call[call] = [n for n, r in enumerate(self.rules) if not r["entries"] and r["call"] in (call, None)]
        rules = sorted({*self.of_call[call], *self.named_by.get(entry, ())})
        found: dict[str, list[Any]] = {
            "marks": list(self.marks_of.get(entry, ())),
            "lines": list(lines),
            "assignments": list(assignments),
            "rules": [self.rules[n] for n in rules],
            "judges": list(self.judges_of.get(entry, ())),
            "entries": list(self.settings_of.get(entry, ())),
            "others": [],
        }
        if self.measured:
            found["values"] = list(self.values_of.get(entry, ()))
        return found

    def own(self, entry: str) -> bool:
        """Whether the entry has changes of its own: marks, lines counted or not, judges assigned,
        settings, a decision naming it, its judges'."""
        return entry in self.owners


def _grouped(records: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    """The records by the value of `key`, each group in the records' order."""
    found: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        found.setdefault(record[key], []).append(record)
    return found


def _states(results: Results) -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
    """(call, category) → entry → its rank, score, award and why it is not ranked."""
    found: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for ranking in results.rankings:
        rows = found.setdefault((ranking.call, ranking.category), {})
        for row in ranking.rows:
            rows[row.result.entry.id] = {"rank": row.rank, "score": row.result.score, "award": None, "reason": row.reason}
    for award in results.allocation.awards:
        rows = found.setdefault((award.call, award.category), {})
        state = rows.setdefault(award.entry.id, {"rank": award.rank, "score": award.score, "award": None, "reason": None})
        state["award"] = award.award if state["award"] is None else f"{state['award']}, {award.award}"
    return found


def _differs(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return a is not b
    return a["rank"] != b["rank"] or a["award"] != b["award"] or format_score(a["score"]) != format_score(b["score"])


def compare_results(old: Results, new: Results, causes: _Causes) -> list[dict[str, Any]]:
    """Per category (in cycle.yaml's order), every entry whose rank, score or award changed."""
    before, after = _states(old), _states(new)
    out = []
    for call, category in in_order(after, before):
        a, b = before.get((call, category), {}), after.get((call, category), {})
        moved = [e for e in a.keys() | b.keys() if _differs(a.get(e), b.get(e))]
        if not moved:
            continue
        moved.sort(key=lambda e: (_rank_key(b.get(e)), _rank_key(a.get(e)), e))
        owners = sorted(e for e in a.keys() | b.keys() if causes.own(e))  # once per category
        rows = []
        for entry in moved:
            because = causes.of(entry, call)
            if not any(because.values()):
                because["others"] = [e for e in owners if e != entry]
            rows.append({"entry": entry, "old": _public(a.get(entry)), "new": _public(b.get(entry)), "because": because})
        out.append({"call": call, "category": category, "entries": rows})
    return out


def _rank_key(state: dict[str, Any] | None) -> tuple[int, int]:
    if state is None:
        return (2, 0)
    return (0, state["rank"]) if state["rank"] is not None else (1, 0)


def _public(state: dict[str, Any] | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {"rank": state["rank"], "score": state["score"], "award": state["award"], "reason": state["reason"]}


def compare_awards(old: Results, new: Results) -> list[dict[str, Any]]:
    """Every award that changed hands: (call, category, award) → old winners → new winners."""
    def holders(results: Results) -> dict[tuple[str, str, str], list[str]]:
        found = results.allocation.by_slot()
        for unfilled in results.allocation.unfilled:
            found.setdefault((unfilled.call, unfilled.category, unfilled.award), [])
        return found

    before, after = holders(old), holders(new)
    out = []
    for key in in_order(after, before):
        a, b = before.get(key, []), after.get(key, [])
        if set(a) != set(b):
            call, category, award = key
            out.append({"call": call, "category": category, "award": award, "old": a, "new": b,
                        "gained": [e for e in b if e not in a], "lost": [e for e in a if e not in b]})
    return out
