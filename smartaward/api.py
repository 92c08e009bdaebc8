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
its awards when it has no errors. Nothing here prints, exits or imports the command line or a
renderer: problems are data, and an argument that names no cycle raises `CycleNotFound`, an unknown
code `UnknownCode` (both ValueErrors).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from smartaward.checks.selection import Selection, UnknownCode, combine, parse_codes, read_settings
from smartaward.diagnostics import Diagnostic, Severity, sort_diagnostics
from smartaward.reading.files import CYCLE_FILE, JUDGES_FILE, CycleFiles, CycleNotFound, collect, find_cycle_root, shown_name

if TYPE_CHECKING:
    from smartaward.awards.results import Results
    from smartaward.judging.scoring import Scoring
    from smartaward.reading.cache import Cache
    from smartaward.reading.load import Cycle, Progress

# The models, the parser and the judging are imported where they are used: a validation answered
# from the cache imports neither PyYAML nor pydantic's models (tests/test_cache.py).

__all__ = ["CycleNotFound", "CycleReport", "Checked", "Outcome", "Report", "UnknownCode", "check_cycle", "results", "validate"]


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


@dataclass(frozen=True)
class Outcome:
    """A checked cycle and, when it has no errors, its results (scores, rankings, awards, pending)."""

    checked: Checked
    cycle: Cycle | None
    results: Results | None

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.checked.diagnostics

    @property
    def errors(self) -> list[Diagnostic]:
        return self.checked.errors


def check_cycle(root: Path, *, cache: Cache | None = None, progress: Progress | None = None) -> Checked:
    """Every problem of the cycle in `root` (a folder with cycle.yaml). For a cycle whose files are
    all unchanged since a validation, the problems come from the cache and nothing is parsed."""
    files = collect(root)
    key = cache.cycle_key(files.display_root, files.key_material()) if cache is not None else b""
    cached = cache.diagnostics(key) if cache is not None else None
    if cached is not None:
        return Checked(files, cached)
    from smartaward.checks.run import run_checks
    from smartaward.judging.scoring import score_cycle
    from smartaward.reading.load import load_cycle

    cycle = load_cycle(files, cache=cache, progress=progress)
    scoring = score_cycle(cycle) if cycle.spec is not None else None
    diagnostics = run_checks(cycle, progress, scoring=scoring)
    if cache is not None:
        cache.store_diagnostics(key, diagnostics)
    return Checked(files, diagnostics, cycle, scoring)


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
    from smartaward.awards.results import compute
    from smartaward.awards.status import assess
    from smartaward.reading.load import load_cycle

    checked = check_cycle(find_cycle_root(path), cache=cache, progress=progress)
    cycle = checked.cycle
    if checked.errors:
        if cycle is None and load_with_errors:
            cycle = load_cycle(checked.files, cache=cache, progress=progress)
        return Outcome(checked, cycle, None)
    if cycle is None:  # validated before (the problems came from the cache): parse, then rank
        cycle = load_cycle(checked.files, cache=cache, progress=progress)
    computed = compute(cycle, progress, scoring=checked.scoring)
    computed.status = assess(cycle, computed.scoring, computed.pending, checked.diagnostics, checked.files.hidden,
                             computed.allocation)
    return Outcome(checked, cycle, computed)


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
