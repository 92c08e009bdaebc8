"""A sealed record of a cycle's final results (`smartaward certify`), and the comparison of a record
with what the files give now (`smartaward verify`, `validate --against`).

A record is plain JSON data:

- `version` (1), `cycle`, `title`, `smartaward` (the version that certified), `status` (`final`);
- `certified_by`, `certified_on` (YYYY-MM-DD), `note` (or null);
- `inputs`: every file the cycle reads (reading/files.py `collect`, the files `validate` reads), in
  path order: `{"path", "sha256", "bytes"}`, the path relative to the cycle folder, `/`-separated;
- `rules`: the judging rules as applied, per call and round (`{"call", "round", "screening",
  "rules": {aggregate, trim, per, total, normalise, min_scores, min_judges, tie_break, marking, points, approve,
  panel, decimals, calibration}}` — the last five since 0.6; an older record lacks them, and is compared on its own keys;
  `correct` and `rounding` since 0.8, only where a round uses them: LATER_RULES),
  judging/panel.py `Rules`), and the cycle's award rules (`awards`: one_award_per,
  max_awards_per_country, conflicts);
- `decisions`: cycle.yaml's `decisions:` (`ties`) and every designated award's record
  (`designated`: call, category, award, entries, decided_by, decided_on, note);
- `results`: `{"rank": rank_document, "winners": winners_document}` (publishing/data.py: the
  documents `rank --format json` and `winners --format json` print);
- `previous_sha256`: the `record_sha256` of the record this one follows (null for the first);
- `record_sha256`: the SHA-256 of the record's canonical JSON (`canonical`: sorted keys, no spaces,
  UTF-8, not ASCII-escaped) without `record_sha256` and `history`.

The file holds the latest record's keys plus `history`: the earlier records, oldest first, each
exactly as it was certified (with its own `record_sha256`), so the hashes chain: each record's
`previous_sha256` is the hash of the record before it. Certifying again appends; an earlier record is
never rewritten.

A record file is hostile input like any other: it is read with a size limit, must be UTF-8 JSON of
the right version, and every comparison below reads it defensively (a hand-edited record with lists
where objects were, or numbers where texts were, is compared, not crashed on). The comparison is
data (`Change`): render/certificate.py words nothing of its own beyond drawing the changes' texts.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartaward.publishing.data import format_score, rank_document, winners_document
from smartaward.reading.files import CycleFiles, SourceFile, printable
from smartaward.text.cells import escape_json

if TYPE_CHECKING:
    from smartaward.awards.results import Results
    from smartaward.reading.load import Cycle

RECORD_VERSION = 1
DEFAULT_RECORD = "results/certified.json"  # inside the cycle folder
MAX_RECORD_BYTES = 256 * 1024 * 1024  # a record of 100,000 entries is some 100 MB: far above that is not one
# A record read from a pipe (`verify --record <(git show ...)`): how long to wait for the next bytes,
# so that a FIFO nobody writes to does not hang the command.
PIPE_WAIT_SECONDS = 30.0
# The keys that say what was certified; the others (who, when, the note, the chain, the hash) say
# who sealed it. Certifying again with the same content writes nothing.
CONTENT_KEYS = ("version", "cycle", "title", "smartaward", "inputs", "rules", "decisions", "results", "status")


class NotARecord(Exception):
    """The file is missing, or is not a record smartaward can read: said plainly (exit 2)."""


class NoRecord(NotARecord):
    """There is no file at the record's path."""


@dataclass(frozen=True)
class Change:
    """One difference between a record and what the files give now (or a fault of the record itself).

    kind: record (the record's own hash or chain), cycle (its id), input (a file changed, added or
    removed), rule, decision, result (a field of a ranked entry or a winner), award (who wins what),
    unfilled (an unfilled slot), status (final → provisional), open (an item that makes it
    provisional), errors (the cycle has errors now: no result to compare); and in certify's report
    alone, version (the previous record was certified by another smartaward)."""

    kind: str
    text: str  # one sentence, for a person: `project/people: oslo-x score 9.25 → 9.1`
    file: str | None = None
    call: str | None = None
    category: str | None = None
    entry: str | None = None
    field: str | None = None
    old: Any = None
    new: Any = None

    def document(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": self.file, "call": self.call, "category": self.category, "entry": self.entry,
                "field": self.field, "old": self.old, "new": self.new, "text": self.text}


@dataclass(frozen=True)
class Record:
    """A record file, read: the latest record (its keys without `history`) and the earlier ones."""

    latest: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """Every record, oldest first."""
        return [*self.history, self.latest]


# --- building a record ---------------------------------------------------------------------------

def canonical(value: Any) -> bytes:
    """The canonical JSON of a value: sorted keys, no spaces, not ASCII-escaped, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def record_hash(record: dict[str, Any]) -> str:
    """The SHA-256 (hex) of a record's canonical JSON without `record_sha256` and `history`."""
    return hashlib.sha256(canonical({k: v for k, v in record.items() if k not in ("record_sha256", "history")})).hexdigest()


def _plain(value: Any) -> Any:
    """JSON data as it reads back from a file (tuples become lists): what the hash is computed on."""
    return json.loads(json.dumps(value, ensure_ascii=False, allow_nan=False))


def input_files(files: CycleFiles) -> list[dict[str, Any]]:
    """Every file the cycle reads, by path: its SHA-256 and size (both null for a file that could not be read)."""
    listed = []
    for file in files.files:
        raw = file.raw
        listed.append({"path": record_path(file, files), "sha256": None if raw is None else hashlib.sha256(raw).hexdigest(),
                       "bytes": None if raw is None else len(raw)})
    return sorted(listed, key=lambda item: item["path"])


def record_path(file: SourceFile, files: CycleFiles) -> str:
    """A file's path as a record lists it: relative to the cycle folder, `/`-separated."""
    try:
        rel = file.path.relative_to(files.root).as_posix()
    except ValueError:  # collect lists only files below the root; said as shown, should it ever not
        rel = file.shown
    # As written (JSON escapes a line feed or a tab unambiguously): two names that only show
    # alike (a line feed and "\n") must stay two inputs. A name that is not text (bytes that
    # are no UTF-8) is recorded as shown; two of those that show alike are refused (duplicate_inputs).
    return rel if _is_text(rel) else printable(rel)


# Rules added after records were first written, and their values when a cycle does not use them: a
# record leaves such a rule out, so that certifying a cycle that does not use it writes the record
# it wrote before (and `verify` reads a record without the key as that value).
LATER_RULES: dict[str, Any] = {"correct": None, "rounding": "half-up"}


def _unset_later_rule(name: str, value: Any) -> bool:
    return name in LATER_RULES and value == LATER_RULES[name]


def _rule_value(value: Any) -> Any:
    """A rule's value as a record holds it: a model (correct:) as its JSON data."""
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def rules_document(cycle: Cycle, results: Results) -> dict[str, Any]:
    """The rules as applied: per call and round (in cycle.yaml's order), and the cycle's award rules."""
    spec = cycle.spec
    assert spec is not None
    rounds = []
    for stage in results.scoring.stages:
        rules = {f.name: _rule_value(getattr(stage.rules, f.name)) for f in dataclasses.fields(stage.rules)
                 if not _unset_later_rule(f.name, getattr(stage.rules, f.name))}
        rounds.append({"call": stage.call, "round": stage.round, "screening": stage.screening, "rules": rules})
    awards = {
        "one_award_per": spec.rules.one_award_per,
        "max_awards_per_country": spec.rules.max_awards_per_country,
        "conflicts": None if spec.rules.conflicts is None else spec.rules.conflicts.model_dump(mode="json"),
    }
    return {"rounds": rounds, "awards": awards}


def decisions_document(cycle: Cycle) -> dict[str, Any]:
    """cycle.yaml's recorded decisions: ties (`decisions:`) and designated awards, in file order."""
    spec = cycle.spec
    assert spec is not None
    ties = [decision.model_dump(mode="json") for decision in spec.decisions]
    designated = []
    for call_id, call in spec.calls.items():
        for category_id, category in call.categories.items():
            for award_id, named in category.designated.items():
                designated.append({
                    "call": call_id, "category": category_id, "award": award_id, "entries": list(named.entries),
                    "decided_by": named.decided_by,
                    "decided_on": None if named.decided_on is None else named.decided_on.isoformat(),
                    "note": named.note,
                })
    return {"ties": ties, "designated": designated}


def derive(files: CycleFiles, cycle: Cycle | None, results: Results | None, version: str) -> dict[str, Any]:
    """What a record certifies, from the files as they are now: the content keys (CONTENT_KEYS).
    Without results (the cycle has errors), `rules`, `decisions`, `results` and `status` are null."""
    complete = cycle is not None and results is not None and cycle.spec is not None
    content: dict[str, Any] = {
        "version": RECORD_VERSION,
        "cycle": results.cycle if results is not None else None,
        "title": results.title if results is not None else None,
        "smartaward": version,
        "inputs": input_files(files),
        "rules": None, "decisions": None, "results": None, "status": None,
    }
    if complete:
        assert cycle is not None and results is not None
        content.update({
            "rules": rules_document(cycle, results),
            "decisions": decisions_document(cycle),
            "results": {"rank": rank_document(results), "winners": winners_document(results)},
            "status": None if results.status is None else results.status.name,
        })
    return _plain(content)


def seal(content: dict[str, Any], *, by: str, on: str, note: str | None, previous: dict[str, Any] | None) -> dict[str, Any]:
    """The record: the content, who certified it and when, chained to the previous record, hashed."""
    record = {**content, "certified_by": by, "certified_on": on, "note": note,
              "previous_sha256": None if previous is None else previous.get("record_sha256")}
    record = _plain(record)
    record["record_sha256"] = record_hash(record)
    return record


def record_bytes(latest: dict[str, Any], history: list[dict[str, Any]]) -> bytes:
    """The file: the latest record's keys and `history`, sorted keys, 2-space indent, UTF-8, a final
    newline. DEL, the C1 and bidirectional controls are written as \\u escapes (the same data)."""
    text = json.dumps({**latest, "history": history}, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    return (escape_json(text) + "\n").encode("utf-8")


def same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two records certify the same thing (who sealed them aside)."""
    return all(a.get(key) == b.get(key) for key in CONTENT_KEYS)


def target_problem(cycle_root: Path, target: Path, inputs: Iterable[Path] = ()) -> str | None:
    """Why the record may not be written at `target`, or None: inside entries/, scores/ or assignments/ (it would
    be read as cycle data), or (a link to) one of the cycle's input files (`inputs`: their paths),
    or a folder. Paths are compared resolved, so a symbolic link cannot lead around the check."""
    from smartaward.reading.files import CYCLE_FILE, JUDGES_FILE

    root = Path(os.path.realpath(cycle_root))
    where = Path(os.path.realpath(target))
    for data in (root / "entries", root / "scores", root / "assignments"):
        if where == data or where.is_relative_to(data):
            return (f"inside the cycle's {data.name}/ folder, where every file is read as cycle data; "
                    "write the record elsewhere (the default is results/certified.json)")
    protected = {root / CYCLE_FILE, root / JUDGES_FILE, *(Path(os.path.realpath(p)) for p in inputs)}
    if where in protected:
        return "is (or links to) one of the cycle's input files; write the record elsewhere"
    if where.is_dir():
        return "is a folder: give the record's file name (for example results/certified.json)"
    return None


# --- reading a record ----------------------------------------------------------------------------

def read_record(path: Path, shown: str, *, pipes: bool = False) -> Record:
    """The record file at `path` (named `shown` in messages). NoRecord if there is none; NotARecord
    if it cannot be read or is not a record of a version this smartaward reads. `pipes`: a pipe or
    FIFO (`<(git show ...)`, /dev/stdin) is read too, up to the same size limit, as long as bytes
    keep coming within PIPE_WAIT_SECONDS."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise NoRecord(f"{shown}: no record there (smartaward certify writes one)") from None
    except OSError as exc:
        raise NotARecord(f"{shown}: cannot read the record ({exc.strerror or exc})") from None
    try:
        with open(fd, "rb", closefd=True) as handle:
            info = os.fstat(handle.fileno())
            if pipes and stat.S_ISFIFO(info.st_mode):
                data = _read_pipe(handle.fileno(), shown)
            elif not stat.S_ISREG(info.st_mode):
                said = "a folder or device" if pipes else "a folder, pipe or device"
                raise NotARecord(f"{shown}: not a record: it is {said}, not a file")
            elif info.st_size > MAX_RECORD_BYTES:
                raise NotARecord(f"{shown}: not a record: {info.st_size:,} bytes, over the limit of {MAX_RECORD_BYTES:,}")
            else:
                data = handle.read(MAX_RECORD_BYTES + 1)
    except OSError as exc:
        raise NotARecord(f"{shown}: cannot read the record ({exc.strerror or exc})") from None
    if len(data) > MAX_RECORD_BYTES:
        raise NotARecord(f"{shown}: not a record: over the limit of {MAX_RECORD_BYTES:,} bytes")
    return parse_record(data, shown)


def _read_pipe(fd: int, shown: str) -> bytes:
    """What comes through a pipe opened without blocking, until its writer closes it: at most
    MAX_RECORD_BYTES + 1 bytes (the caller says "over the limit"); NotARecord when nothing comes for
    PIPE_WAIT_SECONDS — a FIFO that no program writes to (poll reports nothing on it until a writer
    comes) — or where poll cannot wait on a pipe."""
    import select

    first = "write it to a file first, and give that file"
    if not hasattr(select, "poll"):
        raise NotARecord(f"{shown}: a pipe, which smartaward cannot read a record from on this system; {first}")
    poller = select.poll()
    poller.register(fd, select.POLLIN)  # a writer's closing (POLLHUP) is always reported
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_RECORD_BYTES:
        if not poller.poll(max(1, round(PIPE_WAIT_SECONDS * 1000))):
            raise NotARecord(f"{shown}: a pipe through which nothing came for {PIPE_WAIT_SECONDS:g} seconds (does a program "
                             f"write to it?); {first}")
        try:
            chunk = os.read(fd, min(1 << 20, MAX_RECORD_BYTES + 1 - size))
        except BlockingIOError:
            continue
        if not chunk:  # every writer closed it: the whole record
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_record(data: bytes, shown: str) -> Record:
    """A record from a file's bytes; NotARecord, in plain words, for anything else."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotARecord(f"{shown}: not a record: not UTF-8 text (byte {exc.start})") from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise NotARecord(f"{shown}: not a record: nested too deeply to be one") from None
    except ValueError as exc:  # JSONDecodeError, NaN, an integer of too many digits
        raise NotARecord(f"{shown}: not a record: not JSON ({printable(str(exc))[:200]})") from None
    if not isinstance(value, dict):
        raise NotARecord(f"{shown}: not a record: a record is a JSON object, this is a {type(value).__name__}")
    version = value.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise NotARecord(f"{shown}: not a record: no record version (a smartaward record has \"version\": {RECORD_VERSION})")
    if version != RECORD_VERSION:
        newer = " (written by a newer smartaward: use that one to verify it)" if version > RECORD_VERSION else ""
        raise NotARecord(f"{shown}: a record of version {version}; this smartaward reads version {RECORD_VERSION}{newer}")
    missing = [key for key in ("cycle", "inputs", "results", "record_sha256") if key not in value]
    if missing:
        raise NotARecord(f"{shown}: not a record: no {', '.join(missing)}")
    shapes = {"cycle": (str, "a text"), "inputs": (list, "a list"), "results": (dict, "an object"), "record_sha256": (str, "a text")}
    wrong = [f"{key} is not {said}" for key, (kind, said) in shapes.items() if not isinstance(value[key], kind)]
    if wrong:
        raise NotARecord(f"{shown}: not a record: {', '.join(wrong)}")
    history = value.pop("history", [])
    if not isinstance(history, list) or not all(isinstance(item, dict) for item in history):
        raise NotARecord(f"{shown}: not a record: its history is not a list of records")
    try:  # a text no UTF-8 can hold (a lone surrogate written as \ud800) could neither be hashed nor printed
        canonical([value, history])
    except (UnicodeEncodeError, RecursionError, ValueError):
        raise NotARecord(f"{shown}: not a record: it holds text that is not Unicode, or data nested too deeply") from None
    return Record(value, history)


# --- comparing -----------------------------------------------------------------------------------

def text_of(value: Any) -> str | None:
    """A value of a record (hostile: anything JSON holds) as a short text, or None."""
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return printable(text if len(text) <= 200 else text[:199] + "…")


def integrity(record: Record, shown: str) -> list[Change]:
    """Faults of the record itself: a record whose content no longer gives its hash (edited after it
    was certified), and a history whose chain of hashes is broken."""
    changes = []
    records = record.records()
    for index, each in enumerate(records):
        stored = each.get("record_sha256")
        computed = record_hash(each)
        which = "the record" if index == len(records) - 1 else f"the earlier record {index + 1} of {len(records) - 1} in its history"
        when = (f" (certified on {_said(each.get('certified_on'), 'date')} by {_said(each.get('certified_by'), 'by')})"
                if index < len(records) - 1 else "")
        if stored != computed:
            changes.append(Change("record", f"{shown}: {which}{when} was changed after it was certified: its content hashes to "
                                           f"{computed}, not to its record_sha256 {text_of(stored)}",
                                  file=shown, field="record_sha256", old=text_of(stored), new=computed))
        before = records[index - 1].get("record_sha256") if index else None
        named = each.get("previous_sha256")
        if named != before:
            says = "is null" if named is None else f"is {text_of(named)}"
            there = ("there is no record before it" if index == 0 else "the record before it has no record_sha256" if before is None
                     else f"the record before it is {text_of(before)}")
            changes.append(Change("record", f"{shown}: the chain of records is broken at {which}{when}: its previous_sha256 "
                                           f"{says}, but {there}",
                                  file=shown, field="previous_sha256", old=text_of(named), new=text_of(before)))
    return changes


def compare(recorded: dict[str, Any], current: dict[str, Any], *, only_results: bool = False,
            unread: dict[str, str] | None = None) -> list[Change]:
    """What differs between a record (`recorded`, read from a file: anything) and the content derived
    from the files now (`current`, from `derive`). `only_results`: the results and the status alone,
    not the input files, rules or decisions (`validate --against`). `unread` (`unread_inputs`): the
    files, and folders, that could not be read now, and why: a recorded file among them is "not
    read", not "removed"."""
    changes: list[Change] = []
    if recorded.get("cycle") != current["cycle"] and current["cycle"] is not None:
        changes.append(Change("cycle", f"the cycle's id {text_of(recorded.get('cycle'))} → {current['cycle']}",
                              field="cycle", old=text_of(recorded.get("cycle")), new=current["cycle"]))
    if not only_results:
        changes += _input_changes(recorded.get("inputs"), current["inputs"], unread or {})
    if current["results"] is None:
        return changes  # the cycle has errors: the caller says so
    if not only_results:
        changes += _rule_changes(recorded.get("rules"), current["rules"])
        changes += _decision_changes(recorded.get("decisions"), current["decisions"])
    changes += _result_changes(recorded.get("results"), current["results"])
    changes += _status_changes(recorded.get("status"), current)
    return changes


def since(previous: dict[str, Any], content: dict[str, Any]) -> list[Change]:
    """What changed from the previous record to the content certified now (certify's report): as
    `compare`, and the version of smartaward if it is another."""
    changes = []
    if previous.get("smartaward") != content["smartaward"]:
        changes.append(Change("version", f"smartaward {_said(previous.get('smartaward'))} → {content['smartaward']}",
                              field="smartaward", old=previous.get("smartaward"), new=content["smartaward"]))
    return changes + compare(previous, content)


def _dicts(value: Any) -> list[dict[str, Any]]:
    """The objects of a list in a record (anything else in it ignored)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def unread_inputs(files: CycleFiles) -> dict[str, str]:
    """The files of the cycle that could not be read now, and the folders whose files could not be,
    by their path relative to the cycle folder as a record gives it: why, with the code the cycle's
    report gives (F004 over the size limit, F005 a link out of the folder, F002 not readable)."""
    prefix = "" if files.display_root == "." else files.display_root.rstrip("/") + "/"
    unread = {}
    for problem in files.problems:
        if problem.code in ("F002", "F004", "F005") and problem.file.startswith(prefix):
            unread[problem.file[len(prefix):]] = f"{problem.code} {problem.message}"
    for file in files.files:
        if file.raw is None:
            unread[record_path(file, files)] = f"F002 cannot read the file: {file.error or 'unknown reason'}"
    return unread


def _unread_reason(path: str, unread: dict[str, str]) -> str | None:
    """Why the file at `path` was not read now: its own reason, or its folder's."""
    if path in unread:
        return unread[path]
    folders = [folder for folder in unread if path.startswith(folder + "/")]
    return unread[max(folders, key=len)] if folders else None


def _is_text(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate: bytes of the file name that are not UTF-8
        return False
    return True


def duplicate_inputs(inputs: Iterable[Any]) -> list[str]:
    """The paths listed more than once: a record that cannot tell two input files apart."""
    seen = Counter(item["path"] for item in _dicts(inputs) if isinstance(item.get("path"), str))
    return sorted(path for path, n in seen.items() if n > 1)


def _input_changes(recorded: Any, current: list[dict[str, Any]], unread: dict[str, str]) -> list[Change]:
    old = {item["path"]: item for item in _dicts(recorded) if isinstance(item.get("path"), str)}
    new = {item["path"]: item for item in current}
    # A path listed twice is two files compared as one: never a match (the hostile review's T9).
    changes = [Change("input", f"{printable(path)}: listed more than once, files whose names cannot be told apart; "
                               "rename one of them", file=printable(path), field="path")
               for path in sorted(set(duplicate_inputs(recorded)) | set(duplicate_inputs(current)))]
    for path in sorted(old.keys() | new.keys()):
        path_shown = printable(path)
        before, after = old.get(path), new.get(path)
        reason = _unread_reason(path, unread) if before is not None and (after is None or after["sha256"] is None) else None
        if reason is not None:
            assert before is not None
            changes.append(Change("input", f"{path_shown}: not read: {reason}", file=path_shown, field="read",
                                  old=text_of(before.get("sha256"))))
        elif before is None:
            changes.append(Change("input", f"{path_shown}: added (not in the record)", file=path_shown, field="sha256",
                                  new=after and after["sha256"]))
        elif after is None:
            changes.append(Change("input", f"{path_shown}: removed (in the record, not in the cycle now)", file=path_shown,
                                  field="sha256", old=text_of(before.get("sha256"))))
        elif before.get("sha256") != after["sha256"]:
            was, now = text_of(before.get("sha256")), after["sha256"]
            changes.append(Change("input", f"{path_shown}: changed (sha256 {_short(was)} → {_short(now)})", file=path_shown,
                                  field="sha256", old=was, new=now))
    return changes


def _short(digest: str | None) -> str:
    return "none" if digest is None else digest[:12] + ("…" if len(digest) > 12 else "")


def _rule_changes(recorded: Any, current: dict[str, Any]) -> list[Change]:
    def keyed(rounds: Any) -> dict[tuple[Any, Any], dict[str, Any]]:
        return {(text_of(r.get("call")), text_of(r.get("round"))): r for r in _dicts(rounds)}

    def name(key: tuple[Any, Any]) -> str:
        return f"{key[0]}" + (f", round {key[1]}" if key[1] is not None else "")

    old, new = keyed(_get(recorded, "rounds")), keyed(current["rounds"])
    changes = []
    for key in in_order(new, old):
        if key not in old:
            changes.append(Change("rule", f"rules of {name(key)}: not in the record", call=key[0], field="rules"))
        elif key not in new:
            changes.append(Change("rule", f"rules of {name(key)}: in the record, not in the cycle now", call=key[0], field="rules"))
        else:
            before = {**old[key], **(_get(old[key], "rules") or {})} if isinstance(old[key].get("rules"), dict) else old[key]
            after = {**LATER_RULES, **new[key], **new[key]["rules"]}
            # the record's keys (see _fields), and a later rule the cycle now uses (a record without it had its unset value)
            later = {name for name in LATER_RULES if name in after and not _unset_later_rule(name, after[name])}
            before = {**{name: LATER_RULES[name] for name in later if name not in before}, **before}
            for field_name in sorted(before.keys() - {"call", "round", "rules"}):
                if before.get(field_name) != after.get(field_name):
                    changes.append(Change("rule", f"rules of {name(key)}: {field_name} {_said(before.get(field_name))} → "
                                                  f"{_said(after.get(field_name))}", call=key[0], field=field_name,
                                          old=before.get(field_name), new=after.get(field_name)))
    old_awards, new_awards = _get(recorded, "awards"), current["awards"]
    for field_name in sorted(old_awards.keys() if isinstance(old_awards, dict) else new_awards.keys()):
        before = _get(old_awards, field_name)
        if before != new_awards.get(field_name):
            changes.append(Change("rule", f"award rules: {field_name} {_said(before)} → {_said(new_awards.get(field_name))}",
                                  field=field_name, old=before, new=new_awards.get(field_name)))
    return changes


def _decision_changes(recorded: Any, current: dict[str, Any]) -> list[Change]:
    changes = []

    def ties(items: Any) -> dict[tuple[Any, ...], dict[str, Any]]:
        found = {}
        for item in _dicts(items):
            tie = item.get("tie")
            entries = sorted(text_of(e) or "" for e in tie) if isinstance(tie, list) else []
            found[(*entries, "@", text_of(item.get("round")))] = item
        return found

    def designated(items: Any) -> dict[tuple[Any, ...], dict[str, Any]]:
        return {(text_of(i.get("call")), text_of(i.get("category")), text_of(i.get("award"))): i for i in _dicts(items)}

    for kind, keyed, describe in (
        ("tie", ties, lambda key: f"the decision on the tie of {', '.join(key[:-2])}" + (f" (round {key[-1]})" if key[-1] else "")),
        ("designated", designated, lambda key: f"the designation of {key[0]}/{key[1]} {key[2]}"),
    ):
        old, new = keyed(_get(recorded, "ties" if kind == "tie" else "designated")), keyed(current["ties" if kind == "tie" else "designated"])
        for key in in_order(new, old):
            if key not in old:
                changes.append(Change("decision", f"{describe(key)}: not in the record", field=kind, new=new[key]))
            elif key not in new:
                changes.append(Change("decision", f"{describe(key)}: in the record, not in cycle.yaml now", field=kind, old=old[key]))
            else:
                for field_name in sorted(old[key].keys()):  # the record's keys (see _fields)
                    before, after = old[key].get(field_name), new[key].get(field_name)
                    if before != after:
                        changes.append(Change("decision", f"{describe(key)}: {field_name} {_said(before)} → {_said(after)}",
                                              field=field_name, old=before, new=after))
    return changes


# How a missing value of a field is said: `award bronze → no award`, `rank 4 → unranked`.
NONE_WORDS = {"award": "no award", "rank": "unranked", "pending": "not pending", "date": "an unknown date", "by": "someone unknown"}
SCORES = ("score", "raw_score")
SKIPPED_FIELDS = ("entry", "status", "call", "category", "award",  # keys, or said once for the whole result
                  "call_title", "category_title", "award_title")  # descriptive: a new title is a change of cycle.yaml, said as such


def _said(value: Any, field_name: str = "") -> str:
    if value is None:
        return NONE_WORDS.get(field_name, "none")
    if field_name in SCORES and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_score(float(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return text_of(value) or ""


class _Collected:
    """Changes of the results, each said once: a winner's rank is the ranking's rank too."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.seen: set[tuple[Any, ...]] = set()

    def field(self, kind: str, call: Any, category: Any, entry: Any, field_name: str, old: Any, new: Any) -> None:
        key = (call, category, entry, field_name, canonical(old), canonical(new))
        if key in self.seen:
            return
        self.seen.add(key)
        where = f"{text_of(call)}/{text_of(category)}"
        text = f"{where}: {text_of(entry)} {field_name} {_said(old, field_name)} → {_said(new, field_name)}"
        self.changes.append(Change(kind, text, call=text_of(call), category=text_of(category), entry=text_of(entry),
                                   field=field_name, old=old, new=new))

    def add(self, change: Change) -> None:
        self.changes.append(change)


def _result_changes(recorded: Any, current: dict[str, Any]) -> list[Change]:
    found = _Collected()
    _ranking_changes(found, _get(_get(recorded, "rank"), "categories"), current["rank"]["categories"])
    _winner_changes(found, _get(recorded, "winners"), current["winners"])
    return found.changes


def _key(value: Any) -> str | None:
    """A value of a record used as a key: a text or None (anything else as its JSON text)."""
    return value if value is None or isinstance(value, str) else text_of(value)


def _keyed(items: Any, *keys: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for item in _dicts(items):
        found.setdefault(tuple(_key(item.get(k)) for k in keys), item)
    return found


def in_order(new: dict[Any, Any], old: dict[Any, Any]) -> Iterator[Any]:
    """The keys of both: those of now in their order, then those only in the record."""
    yield from new
    yield from (key for key in old if key not in new)


def _fields(before: dict[str, Any], after: dict[str, Any]) -> Iterable[str]:
    """The fields to compare: the record's (a key a later smartaward adds to a document is not in an
    earlier record, and not a change), in the order of now."""
    names = [k for k in after if k in before] + sorted(k for k in before if k not in after)
    return [n for n in names if n not in SKIPPED_FIELDS]


def _ranking_changes(found: _Collected, recorded: Any, current: list[dict[str, Any]]) -> None:
    old, new = _keyed(recorded, "call", "category"), _keyed(current, "call", "category")
    for key in in_order(new, old):
        call, category = key
        where = f"{text_of(call)}/{text_of(category)}"
        if key not in old:
            found.add(Change("result", f"{where}: ranked now, not in the record", call=call, category=category))
            continue
        if key not in new:
            found.add(Change("result", f"{where}: in the record, not ranked now", call=text_of(call), category=text_of(category)))
            continue
        if old[key].get("notes") != new[key].get("notes"):
            found.field("result", call, category, None, "notes", old[key].get("notes"), new[key].get("notes"))
        rows_old, rows_new = _keyed(old[key].get("ranking"), "entry"), _keyed(new[key]["ranking"], "entry")
        for (entry,) in in_order(rows_new, rows_old):
            before, after = rows_old.get((entry,)), rows_new.get((entry,))
            if before is None:
                found.add(Change("result", f"{where}: {entry} is ranked now, not in the record", call=call, category=category, entry=entry))
            elif after is None:
                found.add(Change("result", f"{where}: {text_of(entry)} is in the record, not ranked now", call=call, category=category,
                                 entry=text_of(entry)))
            else:
                if before.get("award") != after.get("award"):
                    found.field("award", call, category, entry, "award", before.get("award"), after.get("award"))
                for name in _fields(before, after):
                    if name == "raw_score" and _unnormalised(before) and _unnormalised(after):
                        continue  # the same as the score: said once
                    if before.get(name) != after.get(name):
                        found.field("result", call, category, entry, name, before.get(name), after.get(name))


def _unnormalised(row: dict[str, Any]) -> bool:
    return bool(row.get("raw_score") == row.get("score"))


def _winner_changes(found: _Collected, recorded: Any, current: dict[str, Any]) -> None:
    def by_entry(rows: Any) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
        grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for row in _dicts(rows):  # an entry may hold two designated awards of one category
            grouped.setdefault(tuple(_key(row.get(k)) for k in ("call", "category", "entry")), []).append(row)
        return grouped

    def awards(rows: list[dict[str, Any]]) -> Any:
        names = [text_of(row.get("award")) for row in rows]
        return None if not names else names[0] if len(names) == 1 else names

    old, new = by_entry(_get(recorded, "winners")), by_entry(current["winners"])
    for key in in_order(new, old):
        call, category, entry = key
        before, after = old.get(key, []), new.get(key, [])
        if awards(before) != awards(after):
            found.field("award", call, category, entry, "award", awards(before), awards(after))
        elif before and after:
            for name in _fields(before[0], after[0]):
                if before[0].get(name) != after[0].get(name):
                    found.field("result", call, category, entry, name, before[0].get(name), after[0].get(name))
    old_unfilled = _keyed(_get(recorded, "unfilled"), "call", "category", "award")
    new_unfilled = _keyed(current["unfilled"], "call", "category", "award")
    for key in in_order(new_unfilled, old_unfilled):
        call, category, award = key
        where = f"{text_of(call)}/{text_of(category)} {text_of(award)}"
        before_slot, after_slot = old_unfilled.get(key), new_unfilled.get(key)
        if before_slot is None:
            found.add(Change("unfilled", f"{where}: {_said(after_slot and after_slot.get('slots'))} slot(s) unfilled now, "
                                         f"filled in the record", call=call, category=category, field="slots",
                             new=after_slot and after_slot.get("slots")))
        elif after_slot is None:
            found.add(Change("unfilled", f"{where}: filled now, {_said(before_slot.get('slots'))} slot(s) unfilled in the record",
                             call=text_of(call), category=text_of(category), field="slots", old=before_slot.get("slots")))
        else:
            for name in ("slots", "reason", "pending"):
                if before_slot.get(name) != after_slot.get(name):
                    found.add(Change("unfilled", f"{where}: {name} {_said(before_slot.get(name))} → {_said(after_slot.get(name))}",
                                     call=call, category=category, field=name, old=before_slot.get(name), new=after_slot.get(name)))


def _status_changes(recorded: Any, current: dict[str, Any]) -> list[Change]:
    if recorded == current["status"]:
        return []
    items = _dicts(current["results"]["rank"].get("open"))
    count = f" ({len(items)} open item{'s' if len(items) != 1 else ''})" if items else ""
    changes = [Change("status", f"status {_said(recorded)} → {current['status']}{count}", field="status",
                      old=recorded, new=current["status"])]
    for item in items:
        where = f"{item['file']}:{item['line']}:{item['column']}" if item.get("file") and item.get("line") else item.get("file")
        said = " ".join(str(p) for p in (item.get("code"), where) if p)
        changes.append(Change("open", f"open: {item['text']}" + (f" ({said})" if said else ""), file=item.get("file") or None,
                              call=item.get("call"), field=item.get("kind")))
    return changes


# --- the documents certify and verify print ------------------------------------------------------

def latest_decision(content: dict[str, Any]) -> tuple[str, str] | None:
    """The latest `decided_on` of the decisions a record holds (ties and designations), and which
    decision it is, in words; None if none is dated."""
    decisions = content.get("decisions") or {}
    dated = []
    for tie in decisions.get("ties", []):
        if tie.get("decided_on"):
            dated.append((str(tie["decided_on"]), f"the decision on the tie of {', '.join(map(str, tie.get('tie') or []))}"))
    for named in decisions.get("designated", []):
        if named.get("decided_on"):
            dated.append((str(named["decided_on"]), f"the designation of {named['call']}/{named['category']} {named['award']}"))
    return max(dated, key=lambda item: item[0]) if dated else None


def certify_document(record: dict[str, Any], *, shown: str, written: bool, history: int, changes: list[Change],
                     previous: dict[str, Any] | None, not_recorded: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """`certify --format json`: what was certified (or found already certified), what changed since
    the previous record, and (when nothing was written) the options given that are not recorded
    (`not_recorded`: `{"option", "value"}` each)."""
    return {
        "version": 1, "command": "certify", "cycle": record["cycle"], "title": record["title"], "record": shown,
        "written": written, "status": record["status"], "certified_by": text_of(record.get("certified_by")),
        "certified_on": text_of(record.get("certified_on")), "note": text_of(record.get("note")),
        "record_sha256": text_of(record.get("record_sha256")), "previous_sha256": text_of(record.get("previous_sha256")),
        "inputs": len(record["inputs"]), "history": history,
        "previous": None if previous is None else {
            "certified_by": text_of(previous.get("certified_by")), "certified_on": text_of(previous.get("certified_on")),
            "record_sha256": text_of(previous.get("record_sha256"))},
        "changes": [change.document() for change in changes],
        "not_recorded": list(not_recorded or []),
    }


def verify_document(record: Record, current: dict[str, Any], *, shown: str, changes: list[Change],
                    notes: list[str]) -> dict[str, Any]:
    """`verify --format json`: whether the files give the record, and every difference if not."""
    latest = record.latest
    return {
        "version": 1, "command": "verify", "cycle": current["cycle"] or text_of(latest.get("cycle")),
        "title": current["title"] or text_of(latest.get("title")), "record": shown, "ok": not changes,
        "certified_by": text_of(latest.get("certified_by")), "certified_on": text_of(latest.get("certified_on")),
        "record_sha256": text_of(latest.get("record_sha256")),
        "smartaward": {"record": text_of(latest.get("smartaward")), "running": current["smartaward"]},
        "inputs": len(current["inputs"]), "history": len(record.history),
        "changes": [change.document() for change in changes], "notes": notes,
    }


def version_note(recorded: Any, running: str) -> list[str]:
    """A record certified by another version of smartaward: said, and compared all the same."""
    if recorded == running:
        return []
    if not isinstance(recorded, str):
        return [f"the record does not say which smartaward certified it; this is smartaward {running}: the comparison is made all the same"]
    return [f"the record was certified by smartaward {text_of(recorded)}; this is smartaward {running}: the comparison is "
            f"made all the same, and a difference may come from the versions' rules (install smartaward {text_of(recorded)} "
            "to verify with the same one)"]
