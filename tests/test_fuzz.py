"""Fuzzing (issue 5): mutated cycle files are accepted or reported as diagnostics, never raised on.

Five hypothesis strategies: the first four start from valid cycles and break them (the fourth, their
cache); the fifth breaks spreadsheets:

- bytes: flips, inserts (NUL, BOMs, tabs, CRs, anchors, aliases, tags, flow brackets, quotes, very long
  runs, deep nesting, invalid UTF-8, encoded surrogates, ...), deletions and truncations in one file,
  and whole-file changes (deleted, emptied, copied, a stray non-YAML file);
- structure: a file parsed with `source.parse_text`, its data mutated (keys deleted, renamed or added,
  values of every type, huge numbers, nan/inf, empty and long strings, duplicated list items, swapped
  siblings, an id renamed through every file) and written back with yaml's safe dumper;
- rules: synthetic cycles with random judging rules (aggregates, trim, per, total, normalise,
  min_scores, min_judges, tie-breaks, conflicts), rounds (screening, shortlists, marking, combine),
  scales, awards, decisions and matching score sheets, and the Seoul sample's cycle.yaml with its
  rules redrawn; these reach the scoring, ranking and award engine;
- cache (issue 11): a template (or the base cycle with an error and a warning) validated once, then
  its cache records changed — bits flipped, bytes set, cut short, deleted, emptied, rewritten in the
  old bare-marshal format, another header, a payload of NaN, inf, huge ints, tuples, bytes, sets, a
  code object, self-referencing or shared containers, 150 levels of nesting, keys that are not text,
  diagnostic rows that no validation writes (with a valid checksum or a stale one, marshal 2 to 4),
  such a value planted inside the genuine data, the other kind's payload, a genuine record copied
  under another name or linked to, a record or the whole folder handed to another user or made
  writable by others. `validate` and `rank` must then give exactly what they give with --no-cache
  (exit code and output), never exit 3. Not tried, by design: plausible data under a valid checksum
  (a rewrite by someone who may write the folder, which no check can tell from a genuine record).
- sheets: spreadsheets given to `smartaward import` (CSV bytes; XLSX parts mutated, replaced by
  hostile XML or removed, hostile cells, lying zip sizes): see fuzz_sheets.py.

Every other case goes through files.collect, load.load_cycle and checks.run_checks (and the terminal
rendering of the diagnostics); a cycle without errors also through results.compute (declared rules
and several `method=` overrides), compare, the rank and winners documents, explain.explain_entry and
explain_text; and through the CLI (`validate` and `stats`, and for a clean cycle `rank`, `winners`,
`rank --compare`, `judges`, `export` — whose workbook must open — and `explain`), whose exit code
must be 0 or 1 (2 without a cycle.yaml), never with a traceback.

`SMARTAWARD_FUZZ_EXAMPLES` sets the examples per strategy (default 25: about 15-25 s in all; the cache
strategy runs 2/5 of that number, each example being two CLI runs);
`scripts/fuzz.py` runs the same strategies for longer and prints each failure's reproducer.
Bugs found and still open: KNOWN_BUGS, and the xfail regression tests at the end.
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import io
import json
import marshal
import math
import os
import re
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any
from unittest import mock

import fuzz_sheets
import typer.main
import typer.testing
import yaml
from fuzz_bytes import ByteKit, mutate_once
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

from smartaward.awards.results import compute
from smartaward.checks.run import run_checks
from smartaward.cli.app import app
from smartaward.diagnostics import CATALOGUE, Diagnostic, Severity
from smartaward.publishing.compare import compare
from smartaward.publishing.data import rank_document, winners_document
from smartaward.publishing.explain import explain_entry
from smartaward.reading import load as load_module
from smartaward.reading.files import collect
from smartaward.reading.load import load_cycle
from smartaward.reading.source import parse_text
from smartaward.render.explain import explain_text
from smartaward.render.text import print_diagnostics

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "tests" / "cases" / "base"
SEOUL = REPO / "cycles" / "seoul-smart-city-2024"

EXAMPLES = int(os.environ.get("SMARTAWARD_FUZZ_EXAMPLES", "25"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # conftest's autouse fixture only points the cache at a temporary folder: safe to share.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
# The aggregation overrides tried on every clean cycle (as `rank --compare` does).
METHODS = ("median", "sum", "trimmed-mean:1", "rank-sum", "borda", "schulze", "kemeny")

Files = dict[str, bytes]  # a cycle folder: path relative to the folder → bytes


# ---------------------------------------------------------------------------------------------
# Valid cycles to start from


def _read_tree(root: Path) -> Files:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _base() -> Files:
    return _read_tree(BASE)


def _base_csv() -> Files:
    """The base cycle with its three YAML score sheets as one wide-form CSV sheet."""
    files = {k: v for k, v in _base().items() if not k.startswith("scores/")}
    rows = ["judge,entry,design,impact"]
    for path, raw in sorted(_base().items()):
        if path.startswith("scores/"):
            data = parse_text(raw.decode(), path)[0].data
            rows += [f"{data['judge']},{entry},{marks['design']},{marks['impact']}" for entry, marks in data["scores"].items()]
    files["scores/marks.csv"] = ("\n".join(rows) + "\n").encode()
    return files


_SHEET_LINE = re.compile(rb"^  ([a-z0-9][a-z0-9-]*):")


def _seoul() -> Files | None:
    """A few files of the Seoul sample: its cycle.yaml (rounds, screening, shortlist, designated
    awards, decisions), its judges, some entries, and every score sheet cut down to those entries."""
    if not (SEOUL / "cycle.yaml").is_file():
        return None
    files: Files = {"cycle.yaml": (SEOUL / "cycle.yaml").read_bytes(), "judges.yaml": (SEOUL / "judges.yaml").read_bytes()}
    finals = sorted((SEOUL / "scores" / "final").glob("*.yaml"))
    if not finals:
        return None
    finalists = [m.group(1).decode() for line in finals[0].read_bytes().splitlines() if (m := _SHEET_LINE.match(line))]
    keep: set[str] = set()
    per_category: dict[str, int] = {}
    for entry_id in finalists:
        path = SEOUL / "entries" / f"{entry_id}.yaml"
        if not path.is_file():
            continue
        category = re.search(rb"^category: (\S+)", path.read_bytes(), re.M)
        name = category.group(1).decode() if category else ""
        if per_category.get(name, 0) < 4:
            per_category[name] = per_category.get(name, 0) + 1
            keep.add(entry_id)
    cycle_text = files["cycle.yaml"].decode()
    for listed in re.findall(r"(?:entries|tie): \[([^\]]*)\]", cycle_text):  # designated entries, decided ties
        keep |= {item.strip().strip("'\"") for item in listed.split(",")}
    for entry_id in sorted(keep):
        path = SEOUL / "entries" / f"{entry_id}.yaml"
        if path.is_file():
            files[f"entries/{entry_id}.yaml"] = path.read_bytes()
    if (SEOUL / "entries" / "leadership.yaml").is_file():
        raw = (SEOUL / "entries" / "leadership.yaml").read_bytes()
        files["entries/leadership.yaml"] = raw
        keep |= {m.decode() for m in re.findall(rb"^- id: (\S+)", raw, re.M)}
    for path in sorted((SEOUL / "scores").rglob("*.yaml")):
        lines = [line for line in path.read_bytes().splitlines(keepends=True)
                 if not (m := _SHEET_LINE.match(line)) or m.group(1).decode() in keep]
        if not any(_SHEET_LINE.match(line) for line in lines):  # none of its entries kept
            lines = [re.sub(rb"^(scores|ranks):\s*$", rb"\1: {}\n", line) for line in lines]
        files[path.relative_to(SEOUL).as_posix()] = b"".join(lines)
    return files


@cache
def templates() -> dict[str, Files]:
    found = {"base": _base(), "base-csv": _base_csv()}
    seoul = _seoul()
    if seoul is not None:
        found["seoul"] = seoul
    return found


# ---------------------------------------------------------------------------------------------
# Running a case


@dataclass(frozen=True)
class RecordChange:
    """One change to a cache record of a template's warm cache (strategy "cache", see cache_cases).
    Numbers pick among what exists when it is applied (modulo how many), so any draw means something."""

    kind: str  # "parsed" or "validated"
    index: int  # which record of that kind (in name order)
    op: str  # one of RECORD_OPS
    position: int = 0  # a byte position (modulo the record's length), or which container inside the data
    number: int = 0  # a bit, a byte value, which hostile value, which other record
    version: int = 2  # the marshal version a planted payload is written with
    checksum: bool = True  # a planted payload gets a valid checksum (only the check of its content stops it)

    def __str__(self) -> str:
        extra = {"flip": f"bit {self.number % 8} of byte {self.position}", "byte": f"byte {self.position} = {self.number % 256:#04x}",
                 "truncate": f"at byte {self.position}", "hostile": _hostile_name(self.kind, self.number),
                 "inside": f"{_INSIDE_NAMES[self.number % len(_INSIDE_NAMES)]} at container {self.position}",
                 "wrong-kind": f"another kind's record #{self.number}", "move": f"record #{self.number}'s bytes",
                 "link": f"a link to record #{self.number}"}.get(self.op, "")
        planted = self.op in ("hostile", "inside", "wrong-kind")
        how = f", marshal {self.version}, {'valid' if self.checksum else 'stale'} checksum" if planted else ""
        return f"{self.kind} record #{self.index}: {self.op} {extra}{how}".rstrip()


@dataclass
class Case:
    """A cycle folder to try: a template, what changed in it (None: the file was removed), and how."""

    strategy: str
    template: str
    changed: dict[str, bytes | None]
    ops: list[str] = field(default_factory=list)
    explain: str | None = None  # the entry `smartaward explain` is asked about, if the cycle is clean
    fast: bool = True  # load.FAST_PATHS: score sheets through the line scanner, or all through YAML
    # A spreadsheet to import into the cycle (strategy "sheets", fuzz_sheets.py): its path in the
    # case's folder, entries or scores, and whether to import it for real (then validate) as well.
    sheet: str | None = None
    kind: str = "entries"
    write: bool = False
    records: list[RecordChange] = field(default_factory=list)  # strategy "cache": changes to the cache's records

    def files(self) -> Files:
        files = dict(templates().get(self.template, {}))  # "synthetic": no template, every file is given
        for path, raw in self.changed.items():
            if raw is None:
                files.pop(path, None)
            else:
                files[path] = raw
        return files

    def reproducer(self, limit: int = 6000) -> str:
        """The case in words: the template, the operations, and each changed file (a diff against
        the template's file where there is one, else its whole content), bytes shown exactly."""
        source = {"base": "tests/cases/base", "base-csv": "tests/cases/base, marks in one CSV sheet",
                  "seoul": "cycles/seoul-smart-city-2024, cut down"}.get(self.template, "written from scratch")
        lines = [f"template {self.template!r} ({source}), strategy {self.strategy}"
                 + ("" if self.fast else ", with load.FAST_PATHS = False"), *(f"  op: {op}" for op in self.ops),
                 *(f"  cache: {change}" for change in self.records)]
        original = templates().get(self.template, {})
        for path, raw in sorted(self.changed.items()):
            if raw is None:
                lines.append(f"--- {path}: removed")
                continue
            before = original.get(path)
            if before is not None:
                old = before.decode("utf-8", "backslashreplace").splitlines(keepends=True)
                new = raw.decode("utf-8", "backslashreplace").splitlines(keepends=True)
                diff = "".join(difflib.unified_diff(old, new, f"a/{path}", f"b/{path}", n=1))
                lines.append(f"--- {path}: {len(raw)} bytes (was {len(before)}); diff, undecodable bytes as \\x..:")
                lines.append(diff[:limit] + (" ..." if len(diff) > limit else ""))
            else:
                lines.append(f"--- {path}: new, {len(raw)} bytes:")
                lines.append(raw.decode("utf-8", "backslashreplace")[:limit] + (" ..." if len(raw) > limit else ""))
            if len(raw) <= 400 or before is None and not raw.isascii():
                lines.append(f"    exact bytes: {raw[:limit]!r}")
        return "\n".join(lines)

    def __repr__(self) -> str:  # what hypothesis prints as the falsifying example
        records = f", records={[str(r) for r in self.records]!r}" if self.records else ""
        return f"Case(strategy={self.strategy!r}, template={self.template!r}, ops={self.ops!r}, changed=<{', '.join(sorted(self.changed))}>{records})"


def write_files(root: Path, files: Files) -> None:
    for rel, raw in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)


# Bugs found by this fuzzer and not fixed yet: (exception type, file, function of the innermost
# named smartaward frame) → what it is. Each gets an xfail(strict=True) regression test at the end of
# this file; while it is open, the fuzz tests step over it (counted in KNOWN_HITS) so that they can
# still find new ones. When a fix makes its regression test pass (XPASS fails it), delete the xfail
# marker and the entry here. SMARTAWARD_FUZZ_STRICT=1 (scripts/fuzz.py --strict) tolerates none.
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}
KNOWN_HITS: Counter = Counter()
STRICT = os.environ.get("SMARTAWARD_FUZZ_STRICT", "") not in ("", "0")


def signature(exc: BaseException) -> tuple[str, str, str]:
    """(exception type, file, function) of the innermost frame in smartaward/ (else the innermost)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/smartaward/" in f.filename.replace("\\", "/")] or frames
    named = [f for f in ours if not f.name.startswith("<")] or ours  # a comprehension: its function
    return (type(exc).__name__, Path(named[-1].filename).name, named[-1].name) if named else (type(exc).__name__, "?", "?")


def _tolerating_known(call: Callable[[], Any]) -> Any:
    """The call's result; None where it ran into a known open bug (see KNOWN_BUGS)."""
    try:
        return call()
    except Exception as exc:
        key = signature(exc)
        if STRICT or key not in KNOWN_BUGS:
            raise
        KNOWN_HITS[key] += 1
        return None


@dataclass
class Outcome:
    errors: int
    warnings: int
    computed: bool  # the cycle was clean, and results/explain/rank ran


def _check_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        assert isinstance(d, Diagnostic), d
        assert d.code in CATALOGUE, d
        assert isinstance(d.file, str) and d.file, d
        assert isinstance(d.line, int) and isinstance(d.column, int) and d.line >= 0 and d.column >= 0, d
        assert isinstance(d.message, str) and d.message.strip(), d


def exercise(root: Path, *, cli: bool = True, explain: str | None = None) -> Outcome:
    """Load, check and (when clean) rank, compare and explain the cycle at `root`, in process and
    through the CLI; raise only on a bug."""
    files = collect(root)
    cycle = load_cycle(files)
    diagnostics = run_checks(cycle)
    _check_diagnostics(diagnostics)
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    # The terminal form: each problem under its source line, with a caret (only on a real terminal).
    print_diagnostics(Console(file=io.StringIO(), width=100, color_system=None), diagnostics, len(files.files))
    computed = errors == 0
    if computed:
        results = compute(cycle)
        for method in METHODS:
            compute(cycle, method=method)
        json.dumps(compare(cycle, list(METHODS[:4]), results), default=str)
        json.dumps([rank_document(results), winners_document(results)], default=str)
        for entry_id in list(cycle.entry_index):
            document = _tolerating_known(partial(explain_entry, cycle, results, entry_id))
            if document is not None:
                json.dumps(document, default=str)
                _tolerating_known(partial(explain_text, document))
    if cli:
        _cli(root, computed, explain if explain in cycle.entry_index else next(iter(cycle.entry_index), None))
    return Outcome(errors, len(diagnostics) - errors, computed)


@cache
def _command() -> Any:
    return typer.main.get_command(app)


def run_cli(*args: str, env: dict[str, str | None] | None = None) -> Any:
    """One command through typer's runner. What smartaward's main() would turn into exit 3 ("internal
    error: this is a bug") is raised here; the output must never hold a traceback."""
    # typer builds the click command anew on every invoke (~60 ms): build it once.
    with mock.patch.object(typer.testing, "_get_command", lambda _: _command()):
        result = CliRunner().invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output, result.output
    return result


def _cli(root: Path, clean: bool, entry: str | None) -> None:
    where = str(root)
    result = run_cli("validate", where, "--no-cache", "--format", "json")
    if not (root / "cycle.yaml").is_file():  # no cycle here: the command was misused (exit 2)
        assert result.exit_code == 2 and "no cycle.yaml" in result.output, (result.exit_code, result.output)
        return
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert set(json.loads(result.stdout)) >= {"status", "summary", "diagnostics"}, result.stdout
    result = run_cli("validate", where, "--no-cache")
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    # stats counts what it can of a cycle with errors too (exit 1 then)
    result = run_cli("stats", where, "--no-cache", "-q", "-f", "json")
    assert result.exit_code == (0 if clean else 1), (result.exit_code, result.output)
    if not clean:
        assert run_cli("rank", where, "--no-cache", "-q").exit_code == 1
        return
    with tempfile.TemporaryDirectory(prefix="smartaward-fuzz-export-") as out:
        commands = [["rank", where], ["winners", where, "-f", "md"], ["rank", where, "--compare", "borda,trimmed-sum:1"],
                    ["judges", where, "-f", "json"], ["export", where, "--to", out]]
        for args in commands:
            result = run_cli(*args, "--no-cache", "-q")
            assert result.exit_code in (0, 1), (args, result.exit_code, result.output)
        if (Path(out) / "results.xlsx").exists():
            load_workbook(Path(out) / "results.xlsx")  # a workbook that opens
    if entry is not None:
        result = _tolerating_known(lambda: run_cli("explain", entry, where, "--no-cache", "-q"))
        assert result is None or result.exit_code == 0, (entry, result.exit_code, result.output)


def check_case(case: Case, *, cli: bool = True) -> Outcome:
    """Write the case's cycle to a temporary folder and exercise it (see `exercise`; a "cache" case:
    `exercise_cache`, always through the CLI)."""
    if case.strategy == "cache":
        return exercise_cache(case)
    with tempfile.TemporaryDirectory(prefix="smartaward-fuzz-") as folder:
        root = Path(folder) / "cycle"
        root.mkdir()
        write_files(root, case.files())
        if case.sheet is not None:
            return Outcome(*fuzz_sheets.check_import(root, case, run_cli))
        fast = load_module.FAST_PATHS
        load_module.FAST_PATHS = case.fast
        try:
            return exercise(root, cli=cli, explain=case.explain)
        finally:
            load_module.FAST_PATHS = fast


# ---------------------------------------------------------------------------------------------
# Byte-level mutations

SPECIAL: list[bytes] = [
    b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\t", b"\r", b"\r\n", b"\n", b"\n\n", b" ",
    b"&a ", b"*a", b"&a [1]\nb: *a\n", b"<<: *a\n", b"!!python/object:os.system ", b"!!python/name:os.system ",
    b"!!binary ", b"!include ", b"!custom ", b"!!int ", b"!!float ", b"!!str ", b"!!bool ", b"!!null ",
    b"!!map ", b"!!seq ", b"!!set ", b"!!timestamp ", b"? ", b": ", b"- ", b"-", b"{", b"}", b"[", b"]", b",",
    b"\"", b"'", b"#", b"|", b">", b"|-\n", b"%YAML 1.1\n", b"%TAG ! tag:x,2024:\n", b"---\n", b"...\n",
    b"--- |\n", b"~", b"=", b"@", b"`", b"\\", b"\\u", b"\x1b[31m", b"\x7f", b"\x0b", b"\x0c", b"\x85",
    "\u2028".encode(), "\u00a0".encode(), "\ufeff".encode(), "é".encode(), "🏆".encode(), "ß".encode(),
    b"\xc3", b"\xff", b"\x80", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf4\x90\x80\x80", b"\xc0\xaf",
    b"1e999", b"-1e999", b"-0", b"0.0", b".nan", b".inf", b"-.inf", b"99999999999999999999999",
    b"9" * 5000, b"0x1F", b"0o17", b"0777", b"1_000", b"1:30", b"2024-02-30", b"2024-07-14", b"9999-12-31",
    b"pass", b"fail", b"null", b"true", b"NO", b"yes", b"\"\"", b"''", b"[]", b"{}", b"- []\n", b"-1", b"1e308",
    b"5e-324", b"criterion:", b"oslo-*", b"*", b"judge: ", b"round: ", b"scores:", b"ranks:", b"rules:",
]
LONG: list[bytes] = [
    b"a" * 10_000, b" " * 2_000, b"\n" * 2_000, b"-" * 3_000, b"[" * 5_000, b"{" * 5_000, b"- " * 2_000,
    b"[" * 400 + b"]" * 400, b"[" * 480 + b"]" * 480, b"[" * 950 + b"]" * 950, b"{a: " * 300 + b"}" * 300,
    b"  " * 1_000 + b"x", b"\xff" * 1_000, b"\x00" * 1_000, "🏆".encode() * 1_000,
]
BYTE_OPS = ("insert", "flip", "delete", "replace", "duplicate-line", "truncate", "byte")
FILE_OPS = ("remove", "empty", "copy", "stray", "whitespace")


@st.composite
def byte_cases(draw: st.DrawFn) -> Case:
    name = draw(st.sampled_from(sorted(templates())))
    files = templates()[name]
    path = draw(st.sampled_from(sorted(files)))
    ops: list[str] = []
    changed: dict[str, bytes | None] = {}
    if draw(st.integers(0, 9)) == 0:  # now and then, a change of whole files
        op = draw(st.sampled_from(FILE_OPS))
        if op == "remove":
            changed[path] = None
        elif op == "empty":
            changed[path] = b""
        elif op == "whitespace":
            changed[path] = draw(st.sampled_from([b"\n", b"   \n", b"# only a comment\n", b"---\n", b"---\n...\n", b"\xef\xbb\xbf"]))
        elif op == "copy":
            target = draw(st.sampled_from(["entries/copy.yaml", "scores/copy.yaml", "scores/sub/copy.yml", "entries/COPY.YAML",
                                           "scores/copy.csv", "entries/.hidden.yaml", "scores/copy.yaml.bak"]))
            changed[target] = files[path]
            path = target
        else:
            target = draw(st.sampled_from(["entries/notes.txt", "scores/README.md", "scores/extra.csv", "scores/x.yaml", "entries/x.yml"]))
            changed[target] = draw(st.binary(max_size=64))
            path = target
        ops.append(f"{op} {path}")
        return Case("bytes", name, changed, ops, fast=draw(st.booleans()))
    data = bytearray(files[path])
    kit = ByteKit(SPECIAL, LONG, BYTE_OPS)
    for _ in range(draw(st.integers(1, 4))):
        mutate_once(draw, data, kit, ops)
    changed[path] = bytes(data)
    return Case("bytes", name, changed, ops, fast=draw(st.booleans()))


# ---------------------------------------------------------------------------------------------
# Structure-level mutations

# Placeholder strings, replaced after dumping: by N nested brackets, and by a number of N digits
# (more than Python converts to an int: it cannot be dumped, nor even repr'd, as an int).
_DEEP, _HUGE = "zzdeepnestzz", "zzhugenumberzz"


def _ids(files: Files) -> list[str]:
    """Every id-like key and value of a cycle: the values a mutation swaps in to stay plausible."""
    found: set[str] = set()

    def walk(node: Any, depth: int) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if re.fullmatch(r"[a-z0-9][a-z0-9-]*", key) and depth < 8:
                    found.add(key)
                walk(value, depth + 1)
        elif isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", node):
            found.add(node)

    for path, raw in sorted(files.items()):
        if path.endswith(".yaml"):
            walk(parse_text(raw.decode("utf-8-sig"), path)[0].data, 0)
    return sorted(found)


@cache
def _pool(template: str) -> list[str]:
    return _ids(templates()[template])


@cache
def _parsed(template: str, path: str) -> Any:
    return parse_text(templates()[template][path].decode("utf-8-sig"), path)[0].data


KEYS = st.one_of(
    st.sampled_from(["unknown", "judge", "round", "scores", "ranks", "rules", "id", "call", "category", "title", "weight",
                     "scale", "criteria", "entries", "tie", "validate", "<<", "", " ", "ID", "Judge", "x" * 200, "🏆", "é"]),
    st.text(max_size=12),
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 12), st.integers(),
    st.sampled_from([2**31, 2**63, -(2**63) - 1, 10**30, 10**400]),
    st.sampled_from([4300, 4301, 5000, 100_000]).map(lambda n: f"{_HUGE}{n}"),
    st.floats(), st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -0.0, 0.25, 1e9, 1e9 + 1]),
    st.text(max_size=30),
    st.sampled_from(["", " ", "pass", "fail", "PASS", "2024-07-14", "2025-06-30", "2024-02-30", "9999-12-31", "0001-01-01",
                     "2025-6-1", "KR", "NO", "ZZ", "no", "1e999", ".nan", "0777", "1_000", "10", "7.5", "🏆", "a" * 2500,
                     "a" * 25000, "oslo-*", "*", "criterion:impact", "criterion:nope", "chair", "shared", "mean", "borda",
                     "kemeny", "trimmed-mean", "ranks", "scores", "designated", "scored", "final", "j01", "x\ny", "\t"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3), max_leaves=6)


def _value(pool: list[str]) -> st.SearchStrategy[Any]:
    return st.one_of(VALUES, st.sampled_from(pool), st.lists(st.sampled_from(pool), max_size=4),
                     st.integers(1, 1_200).map(lambda n: f"{_DEEP}{n}"))


def _key(pool: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(pool), KEYS)


def _draw_path(draw: st.DrawFn, data: Any) -> tuple[Any, ...]:
    """A path to some node of the data: descend while the draw says so (shrinks towards the root)."""
    path: tuple[Any, ...] = ()
    node = data
    while isinstance(node, (dict, list)) and node and draw(st.integers(0, 4)) > 0:
        key = draw(st.sampled_from(list(node) if isinstance(node, dict) else list(range(len(node)))))
        path += (key,)
        node = node[key]
    return path


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _renamed(node: Any, old: str, new: str) -> Any:
    if isinstance(node, dict):
        return {(new if k == old else k): _renamed(v, old, new) for k, v in node.items()}
    if isinstance(node, list):
        return [_renamed(v, old, new) for v in node]
    if isinstance(node, str):
        if node == old:
            return new
        if node == f"criterion:{old}":
            return f"criterion:{new}"
    return node


class _Dumper(yaml.SafeDumper):
    """yaml.safe_dump's dumper, writing a value met twice out twice (no anchors and aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> bytes:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200)
    text = re.sub(rf"{_DEEP}(\d+)", lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text)
    text = re.sub(rf"{_HUGE}(\d+)", lambda m: "9" * int(m.group(1)), text)
    return text.encode("utf-8")


STRUCTURE_OPS = ("delete", "replace", "replace", "rename-key", "add-key", "duplicate", "swap")


def _mutate(draw: st.DrawFn, data: Any, pool: list[str], ops: list[str], path_name: str) -> Any:
    op = draw(st.sampled_from(STRUCTURE_OPS))
    path = _draw_path(draw, data)
    if not path:
        if op in ("add-key",) and isinstance(data, dict):
            key, value = draw(_key(pool)), draw(_value(pool))
            data[key] = value
            ops.append(f"{path_name}: add key {key!r}: {value!r} at the top")
            return data
        value = draw(_value(pool))
        ops.append(f"{path_name}: replace the whole document by {value!r}")
        return value
    parent, last = _get(data, path[:-1]), path[-1]
    where = "/".join(map(str, path))
    if op == "delete":
        del parent[last]
        ops.append(f"{path_name}: delete {where}")
    elif op == "replace":
        value = draw(_value(pool))
        parent[last] = value
        ops.append(f"{path_name}: set {where} to {value!r}")
    elif op == "rename-key" and isinstance(parent, dict):
        new = draw(_key(pool))
        items = [((new if k == last else k), v) for k, v in parent.items()]
        parent.clear()
        for k, v in items:
            parent.setdefault(k, v)
        ops.append(f"{path_name}: rename key {where} to {new!r}")
    elif op == "add-key":
        node = parent[last]
        value = draw(_value(pool))
        if isinstance(node, dict):
            key = draw(_key(pool))
            node[key] = value
            ops.append(f"{path_name}: add {key!r}: {value!r} under {where}")
        elif isinstance(node, list):
            node.append(value)
            ops.append(f"{path_name}: append {value!r} to {where}")
        else:
            parent[last] = [node, value]
            ops.append(f"{path_name}: turn {where} into the list [{node!r}, {value!r}]")
    elif op == "duplicate":
        if isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
            ops.append(f"{path_name}: duplicate list item {where}")
        else:
            key = draw(_key(pool))
            parent.setdefault(key, copy.deepcopy(parent[last]))
            ops.append(f"{path_name}: copy {where} to key {key!r}")
    elif op == "swap":
        siblings = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
        other = draw(st.sampled_from(siblings))
        parent[last], parent[other] = parent[other], parent[last]
        ops.append(f"{path_name}: swap the values of {where} and {other}")
    return data


@st.composite
def structure_cases(draw: st.DrawFn) -> Case:
    name = draw(st.sampled_from([t for t in sorted(templates()) if t != "base-csv"]))
    files = templates()[name]
    yaml_paths = sorted(p for p in files if p.endswith(".yaml"))
    pool = _pool(name)
    documents: dict[str, Any] = {}
    ops: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 5)) == 0:  # an id renamed consistently (or not quite) through every file
            old, new = draw(st.sampled_from(pool)), draw(_key(pool))
            only = draw(st.one_of(st.none(), st.sampled_from(yaml_paths)))
            for path in yaml_paths if only is None else [only]:
                data = documents[path] if path in documents else copy.deepcopy(_parsed(name, path))
                renamed = _renamed(data, old, new)
                if renamed != data:
                    documents[path] = renamed
            ops.append(f"rename the id {old!r} to {new!r} in {only or 'every file'}")
            continue
        path = draw(st.sampled_from(yaml_paths))
        data = documents[path] if path in documents else copy.deepcopy(_parsed(name, path))
        documents[path] = _mutate(draw, data, pool, ops, path)
    return Case("structure", name, {path: dump(data) for path, data in documents.items()}, ops, fast=draw(st.booleans()))


# ---------------------------------------------------------------------------------------------
# Rule-level variations: the judging engine

AGGREGATES = ("mean", "median", "sum", "trimmed-mean", "trimmed-sum", "approval", "rank-sum", "borda", "schulze", "kemeny",
              "copeland", "bradley-terry", "crowd-bt", "majority-judgment", "points", "irv", "skating")
TIE_BREAKS = ("shared", "median", "count-back", "first-places", "spread", "submitted", "chair")
# Scales, each with the few marks judges give on it: few values make many ties, so tie-breaks run.
SCALES: list[tuple[dict[str, float], tuple[float, ...]]] = [
    ({"min": 0, "max": 10, "step": 0.5}, (0, 5, 6, 7, 7.5, 8, 10)),
    ({"min": 0, "max": 10}, (0, 5, 6.25, 7, 8, 10)),
    ({"min": -5, "max": 10}, (-5, -0.5, 0, 7, 10)),
    ({"min": 1, "max": 5, "step": 1}, (1, 2, 3, 4, 5)),
    ({"min": 0, "max": 100}, (0, 50, 75, 99.5, 100)),
    ({"min": -1e9, "max": 1e9}, (-1e9, 0, 1e9)),
]


RANK_AGGREGATES = ("rank-sum", "borda", "schulze", "kemeny", "copeland", "bradley-terry", "crowd-bt", "majority-judgment",
                   "points", "irv", "skating")
DEFAULT_RULES = {"aggregate": "mean", "trim": 0, "min_judges": 1}


def rules_strategy(criteria: list[str], *, cycle_level: bool) -> st.SearchStrategy[dict[str, Any]]:
    tie = st.sampled_from([*TIE_BREAKS, *(f"criterion:{c}" for c in criteria), *(["criterion:nope"] if len(criteria) != 1 else [])])
    keys: dict[str, st.SearchStrategy[Any]] = {
        "aggregate": st.sampled_from(AGGREGATES),
        "trim": st.sampled_from([0, 1, 1, 2, 3, 100]),
        "per": st.sampled_from(["judge", "criterion"]),
        "total": st.sampled_from(["weighted-mean", "weighted-sum"]),
        "normalise": st.sampled_from(["none", "z-score", "percentile", "calibrated"]),
        "points": st.sampled_from([[12, 10, 8, 7, 6, 5, 4, 3, 2, 1], [3, 2, 1], [1], [5, 5, 0]]),
        "decimals": st.integers(0, 6),
        "calibration": st.sampled_from([0.01, 1.0, 100.0]),
        "min_scores": st.integers(2, 6),
        "min_judges": st.integers(1, 6),
        "tie_break": st.lists(tie, max_size=4),
    }
    if cycle_level:
        keys |= {
            "one_award_per": st.sampled_from(["entrant", None]),
            "max_awards_per_country": st.integers(1, 3),
            "conflicts": st.fixed_dictionaries({"same": st.lists(st.sampled_from(["country", "city", "affiliation"]), min_size=1, max_size=3, unique=True)},
                                               optional={"severity": st.sampled_from(["warning", "warning", "warning", "error"])}),
        }
    return st.fixed_dictionaries({}, optional=keys)


def _awards(count: st.SearchStrategy[int]) -> st.SearchStrategy[dict[str, Any]]:
    slot = st.one_of(count, st.fixed_dictionaries({"count": count}, optional={
        "eligible": st.one_of(st.fixed_dictionaries({"entrant_type": st.sampled_from(["company", "city", ["city", "individual"]])}),
                              st.fixed_dictionaries({"country": st.sampled_from(["KR", ["NO", "PH"]])})),
        "min_score": st.sampled_from([0, 5, 7, 7.5, 9, 1e9]),
    }))
    return st.dictionaries(st.sampled_from(["gold", "silver", "bronze", "corporate", "special"]), slot, max_size=4)


@st.composite
def _rounds(draw: st.DrawFn, criteria: list[str], legal: bool) -> dict[str, Any]:
    names = draw(st.sampled_from([[], ["final"], ["first", "final"], ["screen", "first", "final"], ["screen", "final"]]))
    rounds: dict[str, Any] = {}
    for i, name in enumerate(names):
        last = i == len(names) - 1
        spec: dict[str, Any] = {"title": name.title()}
        if name == "screen" or (not legal and draw(st.booleans())):
            spec["screening"] = True
            if draw(st.booleans()):
                spec["passes"] = draw(st.sampled_from(["all", "majority", "any"]))
        if (not last and "screening" not in spec and draw(st.booleans())) or not legal and draw(st.booleans()):
            spec["shortlist"] = draw(st.one_of(st.fixed_dictionaries({"top": st.integers(1, 4)}),
                                               st.fixed_dictionaries({"threshold": st.sampled_from([0, 5, 6.5, 7, 10])})))
        if draw(st.booleans()):
            spec["weight"] = draw(st.sampled_from([0.5, 1, 2, 1e6]))
        if draw(st.integers(0, 4)) == 0:
            spec["marking"] = draw(st.sampled_from(["scores", "ranks"]))
        if draw(st.booleans()):
            spec["rules"] = draw(rules_strategy(criteria, cycle_level=False))
        rounds[name] = spec
    return rounds


def _marking(call: dict[str, Any], round_id: str | None) -> str:
    stage = call.get("rounds", {}).get(round_id, {}) if round_id else {}
    return stage.get("marking") or call.get("marking", "scores")


def _repair(cycle: dict[str, Any], call: dict[str, Any]) -> None:
    """Mend the combinations of rules that validation refuses (R211, R208), so that most synthetic
    cycles are clean and reach the engine; a tenth of them are left as drawn."""
    rounds = call.get("rounds", {})
    by_rank = False
    for round_id in list(rounds) or [None]:
        stage = rounds[round_id] if round_id is not None else None
        if stage is not None and stage.get("screening"):
            continue
        layers = [cycle.setdefault("rules", {}), call.get("rules") or {}, (stage or {}).get("rules") or {}]
        rules = {**DEFAULT_RULES, **{k: v for layer in layers for k, v in layer.items()}}
        # Fixes go into the innermost layer: the round's rules, else the call's.
        own = stage.setdefault("rules", {}) if stage is not None else call.setdefault("rules", {})
        if _marking(call, round_id) == "ranks" and rules["aggregate"] not in RANK_AGGREGATES:
            own["aggregate"] = rules["aggregate"] = "borda"
        if rules["aggregate"].startswith("trimmed"):
            if rules["trim"] == 0:
                own["trim"] = rules["trim"] = 1
            if rules["min_judges"] < 2 * rules["trim"] + 1:
                own["min_judges"] = 2 * rules["trim"] + 1
        _repair_new_methods(rules, layers, own)
        if rules["aggregate"] in RANK_AGGREGATES:
            by_rank = True
            if stage is not None and "threshold" in (stage.get("shortlist") or {}):
                stage["shortlist"] = {"top": 2}
    if by_rank:
        call["combine"] = "final-only"
        for category in call["categories"].values():
            for slot in category.get("awards", {}).values():
                if isinstance(slot, dict):
                    slot.pop("min_score", None)


def _repair_new_methods(rules: dict[str, Any], layers: list[dict[str, Any]], own: dict[str, Any]) -> None:
    """points needs its table; decimals round nothing under approval (a count of judges) or a rank
    method (R211): mended like the older combinations."""
    if rules["aggregate"] == "points" and "points" not in rules:
        own["points"] = [3, 2, 1]
    if rules.get("decimals") is not None and (rules["aggregate"] == "approval" or rules["aggregate"] in RANK_AGGREGATES):
        for layer in (*layers, own):
            layer.pop("decimals", None)


@st.composite
def synthetic_cycle(draw: st.DrawFn) -> Files:
    """A small random cycle written from scratch: one scored call with random rules and rounds, a
    designated call, judges, entries and score sheets that match the rules (mostly)."""
    criteria = draw(st.sampled_from([[], ["design"], ["design", "impact"], ["a", "b", "c"]]))
    categories = draw(st.sampled_from([["people"], ["people", "places"]]))
    judges = _synthetic_judges(draw)
    entries = _synthetic_entries(draw, categories)
    call, scale, marks, marks_of = _synthetic_call(draw, criteria, categories)
    legal = draw(st.integers(0, 9)) > 0  # else the rules are left as drawn, to be refused (R211...)
    rounds = draw(_rounds(criteria, legal))
    if rounds:
        call["rounds"] = rounds
        call["combine"] = draw(st.sampled_from(["final-only", "sum", "best", "weighted"]))
    cycle: dict[str, Any] = {
        "cycle": "fuzz-prize", "title": "Fuzz Prize",
        "scale": scale,
        "rules": draw(rules_strategy(criteria, cycle_level=True)),
        "calls": {"project": call, "honours": {
            "title": "Honours", "judging": "designated",
            "categories": {"special": {"title": "Special", "awards": {"special": 1}, "designated": {"special": ["honour"]}}}}},
    }
    if legal:
        _repair(cycle, call)
    ids = [e["id"] for e in entries if e["call"] == "project"]
    decisions = _synthetic_decisions(draw, entries, legal, rounds)
    if decisions is not None:
        cycle["decisions"] = decisions
    files: Files = {"cycle.yaml": dump(cycle), "judges.yaml": dump(judges), "entries/all.yaml": dump(entries)}
    # Without rounds, marks may come as one CSV sheet instead (long, wide or overall form).
    table = None if rounds or _marking(call, None) == "ranks" else draw(st.sampled_from([None, None, "long", "wide"]))
    rows: list[list[Any]] = []
    for round_id in list(rounds) or [None]:
        screening = bool(round_id and rounds[round_id].get("screening"))
        ranks = _marking(call, round_id) == "ranks" and not screening
        for judge_id in judges:
            if draw(st.integers(0, 5)) == 0:
                continue  # this judge hands in no sheet for the round
            marked = [e for e in ids if draw(st.integers(0, 7)) > 0]
            values = _synthetic_values(draw, marked, screening, ranks, criteria, marks, marks_of, legal)
            if table == "long":
                rows += [[judge_id, e, c, m] for e, v in values.items() for c, m in (v.items() if isinstance(v, dict) else [("", v)])]
            elif table == "wide":
                rows += [[judge_id, e, *([v.get(c, "") for c in criteria] if isinstance(v, dict) else [v])] for e, v in values.items()]
            else:
                sheet: dict[str, Any] = {"judge": judge_id}
                if round_id is not None:
                    sheet["round"] = round_id
                sheet["ranks" if ranks else "scores"] = values
                files[f"scores/{round_id or 'marks'}/{judge_id}.yaml"] = dump(sheet)
    if table is not None:
        header = ["judge", "entry", "criterion", "mark"] if table == "long" else ["judge", "entry", *(criteria or ["mark"])]
        files["scores/marks.csv"] = "".join(",".join(map(str, row)) + "\n" for row in [header, *rows]).encode()
    return files


def _synthetic_judges(draw: st.DrawFn) -> dict[str, Any]:
    """synthetic_cycle's judges: 1 to 7, with optional city, affiliation, conflicts, voting and calls."""
    n_judges = draw(st.integers(1, 7))
    judges: dict[str, Any] = {}
    for i in range(1, n_judges + 1):
        judge: dict[str, Any] = {"name": f"Judge {i}", "country": draw(st.sampled_from(["KR", "NO", "PH"]))}
        if draw(st.booleans()):
            judge["city"] = draw(st.sampled_from(["Seoul", "Oslo"]))
        if draw(st.booleans()):
            judge["affiliation"] = draw(st.sampled_from(["Uni A", "Uni B"]))
        if draw(st.integers(0, 4)) == 0:
            judge["conflicts"] = draw(st.lists(st.sampled_from(["e1", "e2", "e*", "*", "nope"]), min_size=1, max_size=2))
        if draw(st.integers(0, 6)) == 0:
            judge["voting"] = False
        if draw(st.integers(0, 6)) == 0:
            judge["calls"] = ["honours"]
        judges[f"j{i:02}"] = judge
    return judges


def _synthetic_entries(draw: st.DrawFn, categories: list[str]) -> list[dict[str, Any]]:
    """synthetic_cycle's entries: 1 to 12 of the scored call, and one of the designated call."""
    entries = []
    for i in range(1, draw(st.integers(1, 8) | st.integers(9, 12)) + 1):  # over 10: kemeny's limit
        entries.append({
            "id": f"e{i}", "call": "project", "category": draw(st.sampled_from(categories)), "title": f"Entry {i}",
            "entrant": {"name": draw(st.sampled_from(["Alpha", "Beta", "Gamma", f"Entrant {i}"])),
                        "type": draw(st.sampled_from(["city", "company", "institution", "individual"])),
                        "city": draw(st.sampled_from(["Seoul", "Oslo", "Baguio"])),
                        "country": draw(st.sampled_from(["KR", "NO", "PH"]))},
            "submitted": draw(st.sampled_from(["2025-06-01", "2025-06-01", "2025-06-02", "2025-06-30", "2025-07-01"])),
        })
    entries.append({"id": "honour", "call": "honours", "category": "special", "title": "Honour",
                    "entrant": {"name": "Kari", "type": "individual", "country": "NO"}, "submitted": "2025-06-01"})
    return entries


def _synthetic_call(draw: st.DrawFn, criteria: list[str],
                    categories: list[str]) -> tuple[dict[str, Any], dict[str, float], tuple[float, ...], dict[str, tuple[float, ...]]]:
    """synthetic_cycle's scored call (without rounds), the cycle's scale, the marks on it, and the
    marks each criterion takes (a criterion may have a scale of its own)."""
    call: dict[str, Any] = {
        "title": "Projects", "closes": "2025-06-30",
        "criteria": {c: {"title": c.title(), "weight": draw(st.sampled_from([1, 1, 2, 0.5]))} for c in criteria},
        "categories": {c: {"title": c.title(), "awards": draw(_awards(st.integers(0, 3)))} for c in categories},
    }
    scale, marks = draw(st.sampled_from(SCALES[:-1] if draw(st.integers(0, 9)) else SCALES))
    marks_of = {c: marks for c in criteria}
    for c in criteria:
        if draw(st.integers(0, 5)) == 0:
            call["criteria"][c]["threshold"] = draw(st.sampled_from([1, 5, 7, 9]))
        if draw(st.integers(0, 5)) == 0:  # a criterion on its own scale
            own_scale, marks_of[c] = draw(st.sampled_from(SCALES))
            call["criteria"][c]["scale"] = own_scale
    if draw(st.booleans()):
        call["rules"] = draw(rules_strategy(criteria, cycle_level=False))
    if draw(st.integers(0, 3)) == 0:
        call["marking"] = draw(st.sampled_from(["scores", "ranks"]))
    return call, scale, marks, marks_of


def _synthetic_decisions(draw: st.DrawFn, entries: list[dict[str, Any]], legal: bool, rounds: dict[str, Any]) -> list[dict[str, Any]] | None:
    """synthetic_cycle's recorded tie decisions, or None (no `decisions:`)."""
    # A decision's entries are of one category (else R203), unless the cycle is left as drawn.
    tied = [e["id"] for e in entries if e["call"] == "project" and (not legal or e["category"] == entries[0]["category"])]
    if len(tied) >= 2 and draw(st.booleans()):
        return [{"tie": draw(st.lists(st.sampled_from(tied), min_size=2, max_size=4, unique=True)),
                 "decided_by": "The chair", "decided_on": "2025-07-10",
                 **({"round": draw(st.sampled_from(list(rounds)))} if rounds and draw(st.booleans()) else {})}
                for _ in range(draw(st.integers(1, 2)))]
    return None


def _synthetic_values(draw: st.DrawFn, marked: list[str], screening: bool, ranks: bool, criteria: list[str], marks: tuple[float, ...],
                      marks_of: dict[str, tuple[float, ...]], legal: bool) -> dict[str, Any]:
    """One judge's values for the `marked` entries in a round: verdicts, ranks, criterion marks or overall marks."""
    values: dict[str, Any] = {}
    for position, entry_id in enumerate(marked, start=1):
        if screening:
            values[entry_id] = draw(st.sampled_from(["pass", "pass", "fail"]))
        elif ranks:
            values[entry_id] = draw(st.sampled_from([position, position, 1, len(marked)]))
        elif criteria:
            values[entry_id] = {c: draw(st.sampled_from(marks_of[c])) for c in criteria if draw(st.integers(0, 9)) > 0}
            if legal and not values[entry_id]:
                values[entry_id][criteria[0]] = draw(st.sampled_from(marks_of[criteria[0]]))
        else:
            values[entry_id] = draw(st.sampled_from(marks))
    return values


@st.composite
def rule_cases(draw: st.DrawFn) -> Case:
    if "seoul" in templates() and draw(st.integers(0, 3)) == 0:
        # The Seoul sample's rules redrawn: real rounds and marks under other rules.
        cycle = copy.deepcopy(_parsed("seoul", "cycle.yaml"))
        ops = []
        if draw(st.booleans()):
            cycle["rules"] = {**draw(rules_strategy([], cycle_level=True)),
                              **({"tie_break": cycle["rules"]["tie_break"]} if draw(st.booleans()) and "tie_break" in cycle["rules"] else {})}
            ops.append(f"rules: {cycle['rules']!r}")
        for call_id, call in cycle["calls"].items():
            if call.get("judging") == "designated":
                continue
            criteria = list(call.get("criteria", {}))
            if draw(st.booleans()):
                call["rules"] = draw(rules_strategy(criteria, cycle_level=False))
                ops.append(f"{call_id}.rules: {call['rules']!r}")
            if draw(st.integers(0, 3)) == 0:
                call["combine"] = draw(st.sampled_from(["final-only", "sum", "best", "weighted"]))
                ops.append(f"{call_id}.combine: {call['combine']}")
            last = list(call.get("rounds", {}))[-1:]
            for round_id, stage in call.get("rounds", {}).items():
                if draw(st.booleans()):
                    stage["rules"] = draw(rules_strategy(criteria, cycle_level=False))
                    ops.append(f"{call_id}.{round_id}.rules: {stage['rules']!r}")
                if not stage.get("screening") and [round_id] != last and draw(st.integers(0, 2)) == 0:
                    stage["shortlist"] = draw(st.one_of(st.none(), st.fixed_dictionaries({"top": st.integers(1, 5)}),
                                                        st.fixed_dictionaries({"threshold": st.sampled_from([5, 7, 8.5])})))
                    if stage["shortlist"] is None:
                        del stage["shortlist"]
                    ops.append(f"{call_id}.{round_id}.shortlist: {stage.get('shortlist')!r}")
                if stage.get("screening") and draw(st.integers(0, 2)) == 0:
                    stage["passes"] = draw(st.sampled_from(["all", "majority", "any"]))
                    ops.append(f"{call_id}.{round_id}.passes: {stage['passes']}")
                if draw(st.integers(0, 3)) == 0:
                    stage["weight"] = draw(st.sampled_from([0.5, 2, 3]))
            if draw(st.integers(0, 9)) > 0:
                _repair(cycle, call)
        return Case("rules", "seoul", {"cycle.yaml": dump(cycle)}, ops)
    files = draw(synthetic_cycle())
    entry = draw(st.sampled_from(["e1", "e2", "honour"]))
    return Case("rules", "synthetic", dict(files), [f"a synthetic cycle; explain {entry!r}"], explain=entry)


# ---------------------------------------------------------------------------------------------
# Cache records (issue 11): a template's warm cache, its records damaged, replaced or moved. Whatever is
# done to them, `validate` and `rank` must give exactly what they give with --no-cache.

RECORD_OPS = ("flip", "flip", "byte", "truncate", "delete", "empty", "old-format", "header", "hostile", "hostile",
              "inside", "inside", "wrong-kind", "move", "link", "foreign", "folder")
CACHE_COMMANDS = (("validate", ".", "-f", "json"), ("rank", ".", "-f", "json"))


def _self_list() -> Any:
    loop: list[Any] = [1]
    loop.append(loop)
    return loop


def _self_dict() -> Any:
    loop: dict[str, Any] = {"judge": "j01"}
    loop["scores"] = loop
    return loop


def _deep() -> Any:
    value: Any = 1
    for _ in range(150):
        value = [value]
    return value


def _shared() -> Any:
    marks = {"design": 7, "impact": 8}
    return {"judge": "j01", "scores": {"seoul-air": marks, "baguio-health": marks}}


# Whole payloads that no parse and no validation produces (a shared mapping is planted with a marshal
# version that keeps it shared; [] is left out: it is what a validation without problems stores).
_HOSTILE: list[tuple[str, Callable[[], Any]]] = [
    ("nan", lambda: math.nan), ("inf", lambda: math.inf), ("huge int", lambda: 10 ** 5000), ("a tuple", lambda: ("judge", "j01")),
    ("bytes", lambda: b"judge: j01"), ("complex", lambda: 1j), ("a set", lambda: {1}), ("a frozenset", lambda: frozenset({"a"})),
    ("a code object", lambda: compile("1", "<record>", "eval")), ("Ellipsis", lambda: ...), ("StopIteration", lambda: StopIteration),
    ("None", lambda: None), ("True", lambda: True), ("0", lambda: 0), ("an empty mapping", lambda: {}),
    ("a string", lambda: "judge: j01"), ("a self-referencing list", _self_list), ("a self-referencing mapping", _self_dict),
    ("a shared mapping", _shared), ("150 levels of lists", _deep), ("a lone surrogate", lambda: {"judge": "\ud800"}),
    ("an int key", lambda: {1: "j01"}), ("a row of an unknown code", lambda: [("cycle.yaml", 1, 1, "Z999", "m")]),
    ("a row with a negative line", lambda: [("cycle.yaml", -1, 1, "Y001", "m")]), ("a short row", lambda: [("cycle.yaml", 1, 1, "Y001")]),
    ("a row with a float line", lambda: [("cycle.yaml", 1.0, 1, "Y001", "m")]),
]
# Plausible data for a parsed record (a YAML file can hold a list of lists), not for a validated one.
_HOSTILE_VALIDATED_ONLY: list[tuple[str, Callable[[], Any]]] = [("a row as a list", lambda: [["cycle.yaml", 1, 1, "Y001", "m"]])]


def _hostiles(kind: str) -> list[tuple[str, Callable[[], Any]]]:
    return _HOSTILE + (_HOSTILE_VALIDATED_ONLY if kind == "validated" else [])


def _hostile(kind: str, number: int) -> Any:
    """A whole payload that no record of this kind can hold."""
    return _hostiles(kind)[number % len(_hostiles(kind))][1]()


def _hostile_name(kind: str, number: int) -> str:
    return _hostiles(kind)[number % len(_hostiles(kind))][0]
# What replaces a value inside a genuine record's data (special: the container itself, the top, an int key).
_INSIDE: list[tuple[str, Callable[[], Any] | None]] = [
    ("nan", lambda: math.nan), ("-inf", lambda: -math.inf), ("huge int", lambda: -10 ** 4400), ("a tuple", lambda: (7, 8)),
    ("bytes", lambda: b"7"), ("a lone surrogate", lambda: "\udc80"), ("a set", lambda: {7}), ("complex", lambda: 7j),
    ("150 levels of lists", _deep), ("the container itself", None), ("the top container", None), ("an int key", None),
]
_INSIDE_NAMES = [name for name, _ in _INSIDE]


def _broken_base() -> dict[str, bytes | None]:
    """The base cycle with an error and a warning, so that its validated record holds diagnostics."""
    base = templates()["base"]
    return {"entries/oslo-bikes.yaml": base["entries/oslo-bikes.yaml"].replace(b"call: project", b"call: nope"),
            "entries/more.yaml": base["entries/more.yaml"].replace(b"submitted: 2025-06-02", b"submitted: 2025-07-02")}


@st.composite
def cache_cases(draw: st.DrawFn) -> Case:
    name = draw(st.sampled_from(sorted(templates())))
    broken = name == "base" and draw(st.booleans())
    changes = []
    for _ in range(draw(st.integers(1, 3))):
        changes.append(RecordChange(
            kind=draw(st.sampled_from(["parsed", "parsed", "validated"])), index=draw(st.integers(0, 1000)),
            op=draw(st.sampled_from(RECORD_OPS)), position=draw(st.integers(0, 1 << 16)), number=draw(st.integers(0, 1000)),
            version=draw(st.sampled_from([2, 3, 4])), checksum=draw(st.integers(0, 4)) > 0))
    return Case("cache", name, _broken_base() if broken else {}, ["an error and a warning"] if broken else [], records=changes)


def _record_files(cache_dir: Path, kind: str | None = None) -> list[Path]:
    kinds = [kind] if kind else ["parsed", "validated"]
    return sorted(p for k in kinds for p in (cache_dir / k).glob("*/*") if p.is_file() and not p.is_symlink() and not p.name.startswith("."))


def _record_name(path: Path) -> bytes:
    return bytes.fromhex(path.parent.name + path.name)


def _containers(value: Any) -> list[Any]:
    """Every list and mapping in `value`, each once, however often (or cyclically) it is referred to."""
    found: dict[int, Any] = {}
    stack = [value]
    while stack:
        node = stack.pop()
        if type(node) in (dict, list) and id(node) not in found:
            found[id(node)] = node
            stack.extend(node.values() if type(node) is dict else node)
    return list(found.values())


def _shares(value: Any) -> bool:
    """Whether a list or mapping occurs twice in `value` (shared, or inside itself)."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if type(node) in (dict, list):
            if id(node) in seen:
                return True
            seen.add(id(node))
            stack.extend(node.values() if type(node) is dict else node)
    return False


def _spoil_inside(data: Any, change: RecordChange) -> Any:
    """The record's data with one value inside replaced by one that no parse produces."""
    containers = _containers(data)
    if not containers:
        return _hostile(change.kind, change.number)
    target = containers[change.position % len(containers)]
    what, make = _INSIDE[change.number % len(_INSIDE)]
    specials = {"the container itself": target, "the top container": data, "an int key": {7: 7}}
    value = specials[what] if make is None else make()
    if type(target) is dict:
        if what == "an int key":
            target[7] = 7
        else:
            target[next(iter(target), "k")] = value
    elif target:
        target[0] = value
    else:
        target.append(value)
    return data


def _apply(cache_dir: Path, change: RecordChange, pristine: dict[str, bytes]) -> None:
    """Do one change to the warm cache's records (see RecordChange); `pristine`: the records as
    written, by path in the folder."""
    if change.op == "folder":  # the whole folder: writable by others, so not used at all
        os.chmod(cache_dir, 0o777)
        return
    records = _record_files(cache_dir, change.kind)
    every = _record_files(cache_dir)
    if not records:
        return
    path = records[change.index % len(records)]
    blob = path.read_bytes()
    if change.op in ("flip", "byte", "truncate", "delete", "empty", "header"):
        _spoil_bytes(path, blob, change)
    elif change.op in ("move", "link", "foreign"):
        _spoil_file(path, every, change)
    else:
        _spoil_data(path, blob, change, pristine)


def _spoil_bytes(path: Path, blob: bytes, change: RecordChange) -> None:
    """A change to a record's bytes, whatever they mean: a bit or byte changed, cut short, deleted,
    emptied, another header."""
    from smartaward.reading import cache as cache_module

    if change.op == "flip" and blob:
        at = change.position % len(blob)
        path.write_bytes(blob[:at] + bytes([blob[at] ^ (1 << change.number % 8)]) + blob[at + 1:])
    elif change.op == "byte" and blob:
        at = change.position % len(blob)
        path.write_bytes(blob[:at] + bytes([change.number % 256]) + blob[at + 1:])
    elif change.op == "truncate":
        path.write_bytes(blob[:change.position % max(1, len(blob))])
    elif change.op == "delete":
        path.unlink()
    elif change.op == "empty":
        path.write_bytes(b"")
    elif change.op == "header" and len(blob) >= len(cache_module.HEADER):  # another format version, or another magic
        at = len(cache_module.HEADER) - 1 if change.number % 2 else 0
        path.write_bytes(blob[:at] + bytes([blob[at] ^ 1]) + blob[at + 1:])


def _spoil_file(path: Path, every: list[Path], change: RecordChange) -> None:
    """A change to a record as a file: another record's bytes, a symbolic link, another owner."""
    if change.op == "move":  # a genuine record copied under this name
        path.write_bytes(every[change.number % len(every)].read_bytes())
    elif change.op == "link":
        other = every[change.number % len(every)]
        if other != path:
            path.unlink()
            path.symlink_to(other)
    elif change.op == "foreign":
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            os.chown(path, 12345, -1)
        else:
            os.chmod(path, 0o666)


def _spoil_data(path: Path, blob: bytes, change: RecordChange, pristine: dict[str, bytes]) -> None:
    """A change to what a record holds: the old format, a hostile value, a value spoilt inside, a
    record of another kind."""
    from smartaward.reading import cache as cache_module

    name = _record_name(path)

    def data(record: Path) -> Any:
        """What a record holds (after an earlier change spoilt it: a hostile value instead)."""
        value = cache_module.decode_record(record.read_bytes(), _record_name(record))
        return _hostile(change.kind, change.number) if value is cache_module.MISS else value

    def plant(value: Any) -> None:
        # Sharing needs marshal's references (version 3 on): version 2 would write two plain copies,
        # data a parse could produce; a self-reference cannot be written without them at all.
        try:
            payload = marshal.dumps(value, 4 if _shares(value) else change.version)
        except ValueError:
            payload = marshal.dumps(value, 4)
        if change.checksum:
            path.write_bytes(cache_module.encode_record(name, payload))
        else:
            path.write_bytes(blob[:cache_module.PAYLOAD_START] + payload)

    if change.op == "old-format":  # the data as a bare marshal stream, as records were before issue 11
        path.write_bytes(marshal.dumps(data(path), 4))
    elif change.op == "hostile":
        plant(_hostile(change.kind, change.number))
    elif change.op == "inside":
        plant(_spoil_inside(data(path), change))
    elif change.op == "wrong-kind":
        # (a record of the same kind under another name, with a valid checksum, is plausible data: a
        # rewrite by someone who may write the folder, which no check can tell; "move" keeps its checksum)
        others = sorted(rel for rel in pristine if rel.split("/")[0] in ("parsed", "validated") and not rel.startswith(change.kind + "/"))
        if others:
            other = others[change.number % len(others)]
            plant(cache_module.decode_record(pristine[other], bytes.fromhex("".join(other.split("/")[1:]))))
        else:
            plant(_hostile(change.kind, change.number))


def _cache_env(cache_dir: Path) -> dict[str, str | None]:
    return {"SMARTAWARD_CACHE_DIR": str(cache_dir), "SMARTAWARD_NO_CACHE": None, "SMARTAWARD_CACHE_MAX_MB": None}


@cache
def _warm(cycle: tuple[tuple[str, bytes], ...]) -> tuple[dict[str, bytes], dict[tuple[str, ...], tuple[int, str]]]:
    """A cycle's warm cache (its files, by path) and what each command gives with --no-cache. The
    cycle is named "." (the commands run inside it), so outputs and record names are the same for
    every copy of the cycle."""
    with tempfile.TemporaryDirectory(prefix="smartaward-fuzz-cache-") as folder:
        root, cache_dir = Path(folder) / "cycle", Path(folder) / "cache"
        write_files(root, dict(cycle))
        with contextlib.chdir(root):
            reference = {}
            for args in CACHE_COMMANDS:
                result = run_cli(*args, "--no-cache", env=_cache_env(cache_dir))
                reference[args] = (result.exit_code, result.stdout)
            run_cli("validate", ".", env=_cache_env(cache_dir))
        files = {p.relative_to(cache_dir).as_posix(): p.read_bytes() for p in sorted(cache_dir.rglob("*")) if p.is_file()}
    return files, reference


def exercise_cache(case: Case) -> Outcome:
    """The case's template with its warm cache, the records changed as the case says: `validate` and
    `rank` must give what they give with --no-cache (exit code and output), never exit 3."""
    files = case.files()
    pristine, reference = _warm(tuple(sorted(files.items())))
    with tempfile.TemporaryDirectory(prefix="smartaward-fuzz-cache-") as folder:
        root, cache_dir = Path(folder) / "cycle", Path(folder) / "cache"
        write_files(root, files)
        for rel, raw in pristine.items():
            (cache_dir / rel).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            (cache_dir / rel).write_bytes(raw)
        os.chmod(cache_dir, 0o700)
        for change in case.records:
            _apply(cache_dir, change, pristine)
        with contextlib.chdir(root):
            for args in CACHE_COMMANDS:
                result = run_cli(*args, env=_cache_env(cache_dir))
                assert (result.exit_code, result.stdout) == reference[args], (args, result.exit_code, result.stdout, result.stderr)
    summary = json.loads(reference[CACHE_COMMANDS[0]][1])["summary"]
    return Outcome(summary["errors"], summary["warnings"], reference[CACHE_COMMANDS[1]][0] == 0)


STRATEGIES: dict[str, st.SearchStrategy[Case]] = {"bytes": byte_cases(), "structure": structure_cases(), "rules": rule_cases(),
                                                  "cache": cache_cases(), "sheets": fuzz_sheets.sheet_cases()}


# ---------------------------------------------------------------------------------------------
# The tests


def test_templates_are_clean():
    """Fuzzing starts from valid cycles: each template loads, checks without errors, and ranks."""
    for name in templates():
        outcome = check_case(Case("none", name, {}), cli=name == "base")
        assert outcome.errors == 0 and outcome.computed, name


def _run(case: Case) -> None:
    note(case.reproducer())
    check_case(case)


@FUZZ_SETTINGS
@given(case=byte_cases())
def test_byte_mutations_are_reported_not_raised(case: Case):
    _run(case)


@FUZZ_SETTINGS
@given(case=structure_cases())
def test_structure_mutations_are_reported_not_raised(case: Case):
    _run(case)


@settings(FUZZ_SETTINGS, max_examples=EXAMPLES * 2)
@given(case=rule_cases())
def test_rule_variations_are_reported_not_raised(case: Case):
    _run(case)


@FUZZ_SETTINGS
@given(case=fuzz_sheets.sheet_cases())
def test_spreadsheet_mutations_are_imported_or_reported_never_raised(case: Case):
    _run(case)


@settings(FUZZ_SETTINGS, max_examples=max(1, EXAMPLES * 2 // 5))
@given(case=cache_cases())
def test_cache_record_changes_change_no_result(case: Case):
    """Damaged, tampered, foreign, moved or impossible cache records: the results are those of --no-cache."""
    _run(case)


# ---------------------------------------------------------------------------------------------
# Crashes the fuzzer found, as minimal reproducers (each was an internal error, exit 3, of
# `smartaward explain`; fixed in ff0e742, "explain under schulze/kemeny ... (found by fuzzing)")


def _base_ranked(aggregate: str, min_judges: int) -> tuple[Any, Any]:
    """The base cycle with `rules: {aggregate: ..., min_judges: ...}`: clean (warnings at most), ranked."""
    text = (BASE / "cycle.yaml").read_text(encoding="utf-8")
    text = text.replace("  aggregate: mean\n", f"  aggregate: {aggregate}\n").replace("  min_judges: 2\n", f"  min_judges: {min_judges}\n")
    with tempfile.TemporaryDirectory(prefix="smartaward-fuzz-") as folder:
        root = Path(folder) / "cycle"
        write_files(root, {**templates()["base"], "cycle.yaml": text.encode()})
        cycle = load_cycle(root)
        assert not [d for d in run_checks(cycle) if d.severity is Severity.ERROR]
        return cycle, compute(cycle)


def _explained(cycle: Any, results: Any, entry_id: str) -> dict[str, Any]:
    document = explain_entry(cycle, results, entry_id)
    json.dumps(document)
    assert explain_text(document).startswith(f"{entry_id}: ")
    return document


def test_regression_explain_under_kemeny():
    """Was: AttributeError, 'Kemeny' object has no attribute 'pairwise' (explain.py _method), for
    any ranked entry under `aggregate: kemeny`."""
    cycle, results = _base_ranked("kemeny", 2)
    _explained(cycle, results, "seoul-air")


def test_regression_explain_under_schulze_of_an_entry_out_of_contention():
    """Was: KeyError 'oslo-bikes' (explain.py _method, outcome.pairwise[entry]): the entry has too
    few judges to be in contention (2 valid: j01 is conflicted), the others of its category are."""
    cycle, results = _base_ranked("schulze", 3)
    _explained(cycle, results, "oslo-bikes")


def test_regression_explain_text_under_schulze_with_nobody_in_contention():
    """Was: KeyError 'schulze' (explain.py explain_text, method[method['method']]): no entry of the
    category has the 4 judges min_judges asks for, so the method ranked nobody (J404 warnings)."""
    cycle, results = _base_ranked("schulze", 4)
    _explained(cycle, results, "seoul-air")
