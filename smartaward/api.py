"""The core API: what every command calls, and what a Python program calls to do the same.

    from pathlib import Path
    from smartaward.api import validate, results

    report = validate([Path("cycles/seoul-smart-city-2024")])
    print(report.files, "files,", len(report.diagnostics), "problems; failed:", report.failed)
    outcome = results(Path("cycles/seoul-smart-city-2024"))
    print([(a.award, a.entry.id) for a in outcome.results.allocation.awards][:3])

`validate` applies everything the `validate` command applies — cycle.yaml's `validate:` block, the
options' select, ignore and strict, the cache, and the files named — so that a library user and the
command always report the same problems. `results` checks a cycle, then scores, ranks and allocates
its awards when it has no errors. `published` gives what rank, winners and status print of them
(publishing/published.py), from the cache when the cycle is unchanged since it was validated: a
validation without errors keeps them there, so that `validate` then `winners` scores once. `keep` and `kept` do the same for
the documents of stats, judges and explain, each under its name (the command and the options that
shape it). Nothing here prints, exits or imports the command line or a
renderer: problems are data, and an argument that names no cycle raises `CycleNotFound`, an unknown
code `UnknownCode` (both ValueErrors).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smartaward.checks.selection import Selection, UnknownCode, combine, parse_codes, read_settings
from smartaward.diagnostics import Diagnostic, Severity, sort_diagnostics
from smartaward.reading.files import CYCLE_FILE, JUDGES_FILE, CycleFiles, CycleNotFound, collect, find_cycle_root, shown_name

if TYPE_CHECKING:
    from smartaward.awards.pending import Pending
    from smartaward.awards.results import Results
    from smartaward.judging.scoring import Scoring
    from smartaward.publishing.published import Published, Waiting
    from smartaward.reading.cache import Cache
    from smartaward.reading.load import Cycle, Progress

# The models, the parser and the judging are imported where they are used: a validation answered
# from the cache imports neither PyYAML nor pydantic's models (tests/test_cache.py).

__all__ = ["CycleNotFound", "CycleReport", "Checked", "Kept", "Outcome", "Report", "Shown", "UnknownCode", "check_cycle", "keep", "kept",
           "published", "results", "validate"]


@dataclass(frozen=True)
class Report:
    """What `validate` found in every cycle it was given."""

    cycles: list[CycleReport]
    skipped: list[Path] = field(default_factory=list)  # files named outside any cycle: not ours to judge

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every reported problem of every cycle, sorted by file, line, column and code."""
        return sort_diagnostics([d for cycle in self.cycles for d in cycle.diagnostics])

    @property
    def files(self) -> int:
        """How many files were checked: all of a cycle's, or those named."""
        return sum(cycle.files for cycle in self.cycles)

    @property
    def failed(self) -> bool:
        """An error was reported (or a warning, where strict applies): `validate` exits 1."""
        return any(cycle.failed for cycle in self.cycles)


@dataclass(frozen=True)
class CycleReport:
    """One cycle's validation: the problems reported and the settings that chose them."""

    root: Path
    files: int
    diagnostics: list[Diagnostic]
    selection: Selection  # select, ignore and strict in force: cycle.yaml's validate: block and the options

    @property
    def failed(self) -> bool:
        failing = {Severity.ERROR, Severity.WARNING} if self.selection.strict else {Severity.ERROR}
        return any(d.severity in failing for d in self.diagnostics)


@dataclass(frozen=True)
class Checked:
    """A cycle's files and every problem in them (no selection applied). `cycle` is None when the
    problems came from the cache and nothing had to be parsed; `scoring` is the scoring the checks
    ran (None when they did not run, or cycle.yaml did not load)."""

    files: CycleFiles
    diagnostics: list[Diagnostic]
    cycle: Cycle | None = None
    scoring: Scoring | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


class _Problems:
    """The problems of a checked cycle, for what carries one (Outcome, Shown)."""

    checked: Checked

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.checked.diagnostics

    @property
    def errors(self) -> list[Diagnostic]:
        return self.checked.errors


@dataclass(frozen=True)
class Outcome(_Problems):
    """A checked cycle and, when it has no errors, its results (scores, rankings, awards, pending)."""

    checked: Checked
    cycle: Cycle | None
    results: Results | None


@dataclass(frozen=True)
class Shown(_Problems):
    """A checked cycle and, when it has no errors, what rank, winners and status print of its results."""

    checked: Checked
    published: Published | None


def check_cycle(root: Path, *, cache: Cache | None = None, progress: Progress | None = None) -> Checked:
    """Every problem of the cycle in `root` (a folder with cycle.yaml). For a cycle whose files are
    all unchanged since a validation, the problems come from the cache and nothing is parsed. A
    cycle validated afresh without errors has its results computed too, and kept in the cache."""
    files = collect(root)
    return _checked(files, cache, progress, _cycle_key(cache, files))[0]


def _cycle_key(cache: Cache | None, files: CycleFiles) -> bytes:
    """The key of the cycle's records: every file's name and bytes, the folder's problems, its display root."""
    return cache.cycle_key(files.display_root, files.key_material()) if cache is not None else b""


def _results_key(cache: Cache, files: CycleFiles, document: str, cycle: bytes | None = None) -> bytes:
    """The key of a results record: the cycle's (`cycle`, when the caller has it: every file's bytes are
    hashed once, not once per record), with what the results depend on besides (the hidden data files,
    which leave a result provisional: status.py), and the name of the document. No file name holds a
    NUL, so the parts cannot run into each other."""
    key = cycle if cycle is not None else _cycle_key(cache, files)
    return hashlib.sha256(key + b"\0hidden\0" + "\n".join(files.hidden).encode() + b"\0document\0" + document.encode()).digest()


_PUBLISHED = "published"  # the results record of rank, winners and status (the other documents name theirs)
_RANKINGS = "published rankings"  # its rankings, kept apart: only rank reads them


def _checked(files: CycleFiles, cache: Cache | None, progress: Progress | None,
             key: bytes) -> tuple[Checked, Results | None, Callable[[], Published] | None]:
    """The cycle checked (from the cache, or afresh) and, when it was validated afresh without errors
    and there is a cache to keep them in, its results and their documents (then kept; made when
    the function given is called)."""
    cached = cache.diagnostics(key) if cache is not None else None
    if cached is not None:
        return Checked(files, cached), None, None
    from smartaward.checks.run import run_checks
    from smartaward.judging.scoring import score_cycle
    from smartaward.reading.load import load_cycle

    cycle = load_cycle(files, cache=cache, progress=progress)
    scoring = score_cycle(cycle) if cycle.spec is not None else None
    diagnostics = run_checks(cycle, progress, scoring=scoring)
    checked = Checked(files, diagnostics, cycle, scoring)
    if cache is None:
        return checked, None, None
    cache.store_diagnostics(key, diagnostics)
    if checked.errors:
        return checked, None, None
    # Ranked now, with the scoring the checks made, so that rank and winners after this validation
    # read their documents from the cache and score nothing again.
    computed = _computed(checked, cycle, progress)
    shown = _keep(cache, files, computed, key)
    return checked, computed, shown


def validate(paths: Sequence[Path], *, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None,
             strict: bool = False, cache: Cache | None = None, progress: Progress | None = None) -> Report:
    """Check every cycle that `paths` name (folders, or files inside cycles: then only their
    problems and those of cycle.yaml and judges.yaml are reported, still checked in the context of
    the whole cycle). `select` replaces cycle.yaml's `validate: select`, `ignore` adds to its
    `ignore`, `strict` (or the block's) fails on warnings too."""
    selected, ignored = parse_codes(select, "--select"), parse_codes(ignore, "--ignore")
    targets, skipped = _targets(paths)
    cycles = []
    for root, named in sorted(targets.items()):
        checked = check_cycle(root, cache=cache, progress=progress)
        own = next((f for f in checked.files.files if f.role == "cycle"), None)
        # The cycle's settings, read from cycle.yaml's bytes (cached or not); none if it was refused.
        settings = read_settings(own.raw, own.shown, checked.diagnostics, cache) if own is not None else None
        selection = combine(settings, selected, ignored, strict, own.shown if own is not None else CYCLE_FILE)
        reported = selection.apply(_of_named_files(checked, named))
        cycles.append(CycleReport(root, len(checked.files.files) if named is None else len(named), reported, selection))
    return Report(cycles, skipped)


def results(path: Path, *, cache: Cache | None = None, progress: Progress | None = None,
            load_with_errors: bool = False) -> Outcome:
    """Check the cycle that `path` is in and, when it has no errors, compute its results. With
    errors, `results` is None and the cycle is loaded only if `load_with_errors` asks for it
    (`stats` counts what it can)."""
    files = collect(find_cycle_root(path))
    checked, computed, _ = _checked(files, cache, progress, _cycle_key(cache, files))
    return _outcome(checked, computed, cache, progress, load_with_errors)


def _outcome(checked: Checked, computed: Results | None, cache: Cache | None, progress: Progress | None,
             load_with_errors: bool = False) -> Outcome:
    """The Outcome of a checked cycle: its results (computed now, unless `computed` has them)."""
    from smartaward.reading.load import load_cycle

    cycle = checked.cycle
    if checked.errors:
        if cycle is None and load_with_errors:
            cycle = load_cycle(checked.files, cache=cache, progress=progress)
        return Outcome(checked, cycle, None)
    if cycle is None:  # validated before (the problems came from the cache): parse, then rank
        cycle = load_cycle(checked.files, cache=cache, progress=progress)
    return Outcome(checked, cycle, computed if computed is not None else _computed(checked, cycle, progress))


def _computed(checked: Checked, cycle: Cycle, progress: Progress | None) -> Results:
    """Scores, rankings, awards and pending results of a cycle without errors, and their status."""
    from smartaward.awards.results import compute
    from smartaward.awards.status import assess

    computed = compute(cycle, progress, scoring=checked.scoring)
    computed.status = assess(cycle, computed.scoring, computed.pending, checked.diagnostics, checked.files.hidden,
                             computed.allocation)
    return computed


def published(path: Path, *, cache: Cache | None = None, progress: Progress | None = None, rankings: bool = True) -> Shown:
    """Check the cycle that `path` is in and, when it has no errors, give what rank, winners and
    status print of its results (publishing/published.py). For a cycle unchanged since it was
    validated, the problems and the documents both come from the cache: nothing is parsed or
    scored. A record that is missing, damaged or not of the exact shape is a miss: the results are
    computed afresh (and kept). Without `rankings` (winners, status), the rankings are not read from
    the cache (Published.rankings is then None)."""

    files = collect(find_cycle_root(path))
    key = _cycle_key(cache, files)
    if cache is not None:
        cached = cache.diagnostics(key)
        if cached is not None:
            checked = Checked(files, cached)
            if checked.errors:
                return Shown(checked, None)
            kept = _kept_published(cache, files, rankings, key)
            if kept is not None:
                return Shown(checked, kept)
    checked, computed, shown = _checked(files, cache, progress, key)
    outcome = _outcome(checked, computed, cache, progress)
    if outcome.results is None:
        return Shown(checked, None)
    if shown is None:
        if cache is None:
            return Shown(checked, _published(outcome.results))
        shown = _keep(cache, files, outcome.results, key)
    return Shown(checked, shown())


def _published(computed: Results) -> Published:
    from smartaward.publishing.published import published as published_documents

    return published_documents(computed)


def _keep(cache: Cache, files: CycleFiles, computed: Results, cycle: bytes) -> Callable[[], Published]:
    """The documents of the results, kept in the cache for rank, winners and status: two records, the
    rankings apart (a ranking of 100,000 entries is 30 MB that winners and status need not read), as
    columns (data.rank_columns). Gives a function that makes the documents with the rows of
    the rankings: validate keeps them and shows none."""
    from smartaward.publishing.data import rank_columns
    from smartaward.publishing.published import published as published_documents
    from smartaward.publishing.published import unpacked_rankings

    shown = published_documents(computed, rankings=False)
    packed = rank_columns(computed)
    cache.store_results(_results_key(cache, files, _RANKINGS, cycle), packed)
    cache.store_results(_results_key(cache, files, _PUBLISHED, cycle), shown.record())
    return lambda: replace(shown, rankings=unpacked_rankings(packed))


def _kept_published(cache: Cache, files: CycleFiles, rankings: bool, cycle: bytes | None = None) -> Published | None:
    """The documents kept by _keep, with the rankings if asked for; None if a record is missing or not
    exactly what _keep writes."""
    from smartaward.publishing.published import Published
    from smartaward.reading.cache import MISS

    data = cache.results(_results_key(cache, files, _PUBLISHED, cycle))
    if type(data) is not dict or data.get("rankings", MISS) is not None:
        return None
    if rankings:
        ranked = cache.results(_results_key(cache, files, _RANKINGS, cycle))
        if ranked is MISS:
            return None
        data = {**data, "rankings": ranked}  # (packed: from_record checks the columns, then makes the rows)
    return Published.from_record(data, rankings)


@dataclass(frozen=True)
class Kept:
    """A document that `stats`, `judges` or `explain` printed of an unchanged cycle, as the cache
    keeps it (kind "results", under the document's name): the cycle checked (its problems from the
    cache, nothing parsed), the document, the title the terminal tables show, and the ties the
    warnings line names (publishing/published.py Waiting)."""

    checked: Checked
    document: dict[str, Any]
    title: str | None
    waiting: Waiting


def kept(path: Path, name: str, *, cache: Cache, with_errors: bool = False) -> Kept | None:
    """The document `name` (the command and every option that shapes it: "explain\\0e0001") of the
    cycle that `path` is in, as `keep` kept it when the cycle was as it is now; None when there is
    none, or the record is not exactly what `keep` writes (another document's, a damaged one), or
    the cycle has errors (unless `with_errors`: stats prints what it can count of such a cycle).
    The caller still checks the document itself (its renderers must take it) before printing it."""
    from smartaward.reading.cache import MISS

    files = collect(find_cycle_root(path))
    key = _cycle_key(cache, files)
    cached = cache.diagnostics(key)
    if cached is None:
        return None
    checked = Checked(files, cached)
    if checked.errors and not with_errors:
        return None
    data = cache.results(_results_key(cache, files, name, key))
    found = _kept_record(data, name) if data is not MISS else None
    if found is None or (checked.errors and found[2]):  # a cycle with errors has no results, so no ties
        return None
    document, title, waiting = found
    return Kept(checked, document, title, waiting)


def keep(cache: Cache, files: CycleFiles, name: str, document: dict[str, Any], *, title: str | None = None,
         pending: Pending | None = None) -> None:
    """Keep the document `name` of these files, with the title and the ties of the results' `pending`
    (for the warnings line), for `kept` to read while the cycle stays as it is. A document that
    is not JSON-like data (cachedata.document_data) is not kept: it could not be read back."""
    from smartaward.reading.cachedata import document_data

    ties = [[t.call, t.category, list(t.entries), t.round] for t in pending.ties] if pending is not None else []
    slots = [list(slot) for slot in pending.slots] if pending is not None else []
    record = {"name": name, "document": document, "title": title, "ties": ties, "slots": slots}
    if document_data(record):
        cache.store_results(_results_key(cache, files, name), record)


_KEPT_KEYS = ("name", "document", "title", "ties", "slots")


def _kept_record(data: Any, name: str) -> tuple[dict[str, Any], str | None, Waiting] | None:
    """The document, title and waiting ties of a record `keep` wrote for `name`; None for any other data."""
    from smartaward.publishing.published import Waiting

    if type(data) is not dict or tuple(data) != _KEPT_KEYS or data["name"] != name:
        return None
    document, title, ties, slots = data["document"], data["title"], data["ties"], data["slots"]
    if type(document) is not dict or not (title is None or type(title) is str):
        return None
    if not (type(ties) is list and all(map(_kept_tie, ties)) and type(slots) is list and all(map(_kept_slot, slots))):
        return None
    return document, title, Waiting(tuple((c, k, tuple(e), r) for c, k, e, r in ties), tuple((c, k, a) for c, k, a in slots))


def _kept_tie(tie: Any) -> bool:
    """(call, category, entries, round): pending.Tie's fields, as `keep` writes them."""
    return (type(tie) is list and len(tie) == 4 and type(tie[0]) is str and type(tie[1]) is str and type(tie[2]) is list
            and all(type(entry) is str for entry in tie[2]) and (tie[3] is None or type(tie[3]) is str))


def _kept_slot(slot: Any) -> bool:
    """(call, category, award): a slot whose result waits for a tie."""
    return type(slot) is list and len(slot) == 3 and all(type(part) is str for part in slot)


def _targets(paths: Sequence[Path]) -> tuple[dict[Path, set[Path] | None], list[Path]]:
    """Cycle root → the files named in it (None: the whole cycle), and the files outside any cycle."""
    targets: dict[Path, set[Path] | None] = {}
    skipped: list[Path] = []
    for path in paths or [Path(".")]:
        if path.is_file() and not _in_a_cycle(path):
            # A file named outside any cycle (pre-commit passes every changed YAML file, workflow
            # files too) is not ours to judge: skipped; a folder outside one is a mistake.
            skipped.append(path)
            continue
        root = find_cycle_root(path)
        if path.resolve().is_dir():
            targets[root] = None
        else:
            named = targets.setdefault(root, set())
            if named is not None:
                named.add(path.resolve())
    return targets, skipped


def _in_a_cycle(path: Path) -> bool:
    try:
        find_cycle_root(path)
    except CycleNotFound:
        return False
    return True


def _of_named_files(checked: Checked, named: set[Path] | None) -> list[Diagnostic]:
    """With files named, their problems and those of the cycle's own files."""
    if named is None:
        return checked.diagnostics
    files = checked.files
    shown = [file.relative_to(files.root).as_posix() for file in named]
    keep = {shown_name(files.display_root, rel) for rel in [*shown, CYCLE_FILE, JUDGES_FILE]}
    return [d for d in checked.diagnostics if d.file in keep]
