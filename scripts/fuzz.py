#!/usr/bin/env python
"""Run the fuzzing strategies of tests/test_fuzz.py for longer than CI does.

    python scripts/fuzz.py --examples 5000            # 5000 examples of each strategy
    python scripts/fuzz.py --minutes 10               # batches until 10 minutes have passed
    python scripts/fuzz.py --strategy rules --no-cli  # one strategy, without the CLI (faster)
    python scripts/fuzz.py --minutes 5 --save /tmp/fuzz-failures

Each failure is shrunk by hypothesis to a minimal case and printed with its reproducer (the files
that differ from the template, as bytes and text) and its traceback; with --save its cycle folder
is written out, ready for `smartaward validate --debug FOLDER`. Exit status: 1 if anything failed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO)]
os.environ.setdefault("SMARTAWARD_NO_CACHE", "1")  # the CLI is given --no-cache too: no cache files

import test_fuzz  # noqa: E402  (tests/test_fuzz.py: the strategies and the checks)
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings  # noqa: E402


def _where(exc: BaseException) -> str:
    """Where it failed: the innermost frame in smartaward/ (else the innermost at all)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/smartaward/" in f.filename.replace("\\", "/")] or frames
    frame = ours[-1] if ours else None
    return f"{Path(frame.filename).name}:{frame.lineno} ({frame.name})" if frame else "?"


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for sub in exc.exceptions for leaf in _leaves(sub)]
    return [exc]


def run_batch(name: str, examples: int, cli: bool, seed_value: int, stats: Counter) -> list[tuple[BaseException, test_fuzz.Case | None]]:
    strategy = test_fuzz.STRATEGIES[name]

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, verbosity=Verbosity.quiet,
              report_multiple_bugs=True, phases=[Phase.generate, Phase.shrink, Phase.explain],
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def fuzz(case: test_fuzz.Case) -> None:
        try:
            outcome = test_fuzz.check_case(case, cli=cli)
        except Exception as exc:
            exc.fuzz_case = case  # type: ignore[attr-defined]  # the (last, so the minimal) failing case
            raise
        stats[name, "examples"] += 1
        stats[name, "clean (ranked)" if outcome.computed else "with errors"] += 1

    try:
        fuzz()
    except BaseException as exc:  # noqa: BLE001 - every failure is reported, then the next batch runs
        if isinstance(exc, KeyboardInterrupt):
            raise
        return [(leaf, getattr(leaf, "fuzz_case", None)) for leaf in _leaves(exc)]
    return []


def report(name: str, exc: BaseException, case: test_fuzz.Case | None, save: Path | None, number: int) -> None:
    print("=" * 100)
    print(f"FAILURE {number} [{name}] {type(exc).__name__} at {_where(exc)}: {str(exc)[:500]}")
    if case is not None:
        print("--- reproducer")
        print(case.reproducer())
        if save is not None:
            folder = save / f"failure-{number}" / "cycle"
            folder.mkdir(parents=True, exist_ok=True)
            test_fuzz.write_files(folder, case.files())
            print(f"--- written to {folder}  (smartaward --debug validate {folder})")
    print("--- traceback")
    print("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip())
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=None, help="examples per strategy (default 500, or unlimited with --minutes)")
    parser.add_argument("--minutes", type=float, default=None, help="keep running batches until this much time has passed")
    parser.add_argument("--batch", type=int, default=200, help="examples per batch (each batch has its own seed)")
    parser.add_argument("--strategy", choices=sorted(test_fuzz.STRATEGIES), action="append", help="only these (repeatable)")
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI runs (about 3x faster)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the first batch (default: random)")
    parser.add_argument("--save", type=Path, default=None, help="write each failing cycle folder under this folder")
    parser.add_argument("--strict", action="store_true", help="report the open bugs of test_fuzz.KNOWN_BUGS too (default: step over them)")
    args = parser.parse_args()
    test_fuzz.STRICT = test_fuzz.STRICT or args.strict

    names = args.strategy or list(test_fuzz.STRATEGIES)
    limit = args.examples if args.examples is not None else (None if args.minutes else 500)
    deadline = time.monotonic() + args.minutes * 60 if args.minutes else None
    rng = random.Random(args.seed)
    stats: Counter = Counter()
    seen: dict[tuple[str, str], int] = {}
    failures = 0
    started = time.monotonic()
    print(f"templates: {', '.join(f'{k} ({len(v)} files)' for k, v in test_fuzz.templates().items())}; strategies: {', '.join(names)}")
    while True:
        ran_any = False
        for name in names:
            done = stats[name, "examples"] + stats[name, "failing batches"]
            if limit is not None and done >= limit:
                continue
            if deadline is not None and time.monotonic() >= deadline:
                continue
            size = args.batch if limit is None else min(args.batch, limit - done)
            seed_value = rng.getrandbits(64)
            ran_any = True
            for exc, case in run_batch(name, size, not args.no_cli, seed_value, stats):
                stats[name, "failing batches"] += 1
                key = test_fuzz.signature(exc)
                if key in seen:
                    print(f"(again: {key[0]} in {key[1]} {key[2]}, first reported as failure {seen[key]}; batch seed {seed_value})")
                    continue
                failures += 1
                seen[key] = failures
                report(name, exc, case, args.save, failures)
        if not ran_any:
            break
        elapsed = time.monotonic() - started
        print(f"[{elapsed:6.0f} s] " + "; ".join(
            f"{n}: {stats[n, 'examples']} passed ({stats[n, 'clean (ranked)']} clean and ranked)" for n in names), flush=True)
    for (kind, file, function), hits in sorted(test_fuzz.KNOWN_HITS.items()):
        print(f"known open bug stepped over {hits} time(s): {kind} in {file} {function}: {test_fuzz.KNOWN_BUGS[kind, file, function]}")
    print(f"done in {time.monotonic() - started:.0f} s: {sum(stats[n, 'examples'] for n in names)} passing examples, "
          f"{failures} distinct failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
