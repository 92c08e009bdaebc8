"""Time smartaward end to end as whole processes, beside the bare YAML parse of the same files.

    python benchmarks/run.py                 # sizes S (1k entries) and M (10k); writes benchmarks/out/results.json
    python benchmarks/run.py --sizes S M L   # L = 100k entries, 2,000 judges, 3M marks (a few minutes)
    python benchmarks/run.py --sizes Mf      # M in the compact flow style (entries one line each)

Each command runs in a fresh interpreter; the table shows the median wall time of `--repeat` runs
and the child's own peak RSS. "cold" runs start from an empty cache folder (SMARTAWARD_CACHE_DIR
points into benchmarks/out/), "warm" runs follow a cold one. The ratios at the end compare
commands measured in this same run: the machines are shared and noisy, so only ratios are quoted.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

SIZES = {"S": (1_000, 40, 5), "M": (10_000, 200, 5), "Mf": (10_000, 200, 5), "L": (100_000, 2_000, 5)}
FLOW = {"Mf"}  # written in the compact flow style (generate.py --flow)
CRITERIA = 6
BARE_PARSE = ("import sys, gc, yaml, pathlib; gc.disable(); "
              "[yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml'))]")
SAMPLE = HERE.parent / "cycles" / "seoul-smart-city-2024"


def measure(command: list[str], repeat: int, env: dict[str, str], before: Callable[[], None] = lambda: None) -> dict[str, float]:
    times, peaks = [], []
    for _ in range(repeat):
        before()
        seconds, peak = _once(command, env)
        times.append(seconds)
        peaks.append(peak)
    return {"seconds": statistics.median(times), "peak_mb": max(peaks)}


def measure_together(commands: dict[str, list[str]], repeat: int, env: dict[str, str]) -> dict[str, dict[str, float]]:
    """Commands of tens of milliseconds compared with each other (start-up): run in turn, round after
    round, so that the machine's drift during the runs falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            seconds, peak = _once(command, env)
            times[name].append(seconds)
            peaks[name].append(peak)
    return {name: {"seconds": statistics.median(times[name]), "peak_mb": max(peaks[name])} for name in commands}


def _once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The command's wall time, and its own peak RSS in MB."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    # wait4 gives this child's own peak RSS (KiB on Linux), not the maximum over all children
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = child.returncode = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {code}")
    return seconds, usage.ru_maxrss / 1024


def compile_package() -> None:
    """Write smartaward's bytecode before timing anything.

    With PYTHONDONTWRITEBYTECODE=1 (or a read-only tree) a module changed since its .pyc was written is
    compiled again by every run, and the table would time the compiler: a branch that touched cli.py
    looked 15% slower than its base for that reason alone.
    """
    spec = importlib.util.find_spec("smartaward")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["S", "M", "Mf"], choices=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    compile_package()
    py = sys.executable
    script = Path(py).parent / "smartaward"  # the console script users run, as installed beside python
    sa = [str(script)] if script.exists() else [py, "-m", "smartaward"]
    cache = args.out / "cache"
    env = dict(os.environ, SMARTAWARD_CACHE_DIR=str(cache))
    env.pop("SMARTAWARD_NO_CACHE", None)

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def drop_results() -> None:
        shutil.rmtree(cache / "results", ignore_errors=True)

    rows: dict[str, dict[str, float]] = {}

    def run(name: str, command: list[str], repeat: int, before: Callable[[], None] = lambda: None, **extra: float) -> None:
        rows[name] = {**measure(command, repeat, env, before), **extra}
        row = rows[name]
        per_mark = f"{row['us_per_mark']:9.2f}" if "us_per_mark" in row else ""
        print(f"{name:44} {row['seconds']:9.3f} {row['peak_mb']:9.0f} {per_mark}", flush=True)

    print(f"{'case':44} {'seconds':>9} {'peak MB':>9} {'µs/mark':>9}")
    startup = max(args.repeat, 7)
    # (in turn, 3 × startup rounds: a median of 7 runs in a row gave --help / import typer 0.74 to 1.18
    # for the same code on this shared machine)
    floor = {"python -c pass": [py, "-c", "pass"], "import typer": [py, "-c", "import typer"],
             "import typer, pydantic, yaml": [py, "-c", "import typer, pydantic, yaml"], "smartaward --help": [*sa, "--help"]}
    for name, row in measure_together(floor, 3 * startup, env).items():
        rows[name] = row
        print(f"{name:44} {row['seconds']:9.3f} {row['peak_mb']:9.0f}", flush=True)
    validate_sample = [*sa, "validate", "-q", str(SAMPLE)]
    run("Seoul: validate (cold cache)", validate_sample, startup, clear_cache)
    run("Seoul: validate (warm cache)", validate_sample, startup)
    run("Seoul: validate --no-cache", validate_sample + ["--no-cache"], startup)
    run("Seoul: winners (warm cache)", [*sa, "winners", str(SAMPLE)], startup)
    # Publishing (issue 6), on a warm cache like winners above: what each costs beyond ranking.
    exports = args.out / "export"
    run("Seoul: export, all five formats", [*sa, "export", "-q", str(SAMPLE), "--to", str(exports)], args.repeat)
    run("Seoul: export --format xlsx", [*sa, "export", "-q", str(SAMPLE), "--to", str(exports), "-f", "xlsx"], args.repeat)
    run("Seoul: judges --format json", [*sa, "judges", "-q", "-f", "json", str(SAMPLE)], args.repeat)
    run("Seoul: stats --format json", [*sa, "stats", "-q", "-f", "json", str(SAMPLE)], args.repeat)
    applications = _applications(args.out / "import", 1_000)
    run("Seoul: import 1,000 entries (dry run)", [*sa, "import", "entries", str(applications), "--cycle",
                                                  str(args.out / "import" / "cycle"), "--dry-run", "-q"], args.repeat)
    run("Seoul: validate --no-cache (import's reference)", validate_sample + ["--no-cache"], args.repeat)

    for size in args.sizes:
        entries, judges, per_entry = SIZES[size]
        folder = args.out / f"cycle-{size}"
        if not (folder / "cycle.yaml").exists():
            generate(folder, entries, judges, per_entry, flow=size in FLOW)
        marks = entries * per_entry * CRITERIA
        validate = [*sa, "validate", "-q", str(folder)]
        rank = [*sa, "rank", "-q", "-f", "json", str(folder)]
        per = {"marks": marks}
        run(f"{size}: bare CSafeLoader parse", [py, "-c", BARE_PARSE, str(folder)], args.repeat, **per)
        run(f"{size}: validate (cold cache)", validate, args.repeat, clear_cache, **per)
        run(f"{size}: validate (warm cache)", validate, args.repeat, **per)
        run(f"{size}: rank (after validate)", rank, args.repeat, **per)
        run(f"{size}: winners (after validate)", [*sa, "winners", "-q", "-f", "json", str(folder)], args.repeat, **per)
        # The results computed once are kept apart from the parsed files: without them, rank parses
        # nothing (the parse cache is warm) but scores and ranks again.
        run(f"{size}: rank (parse cache warm, results not)", rank, args.repeat, drop_results, **per)
        run(f"{size}: validate --no-cache", validate + ["--no-cache"], args.repeat, **per)
        run(f"{size}: rank --no-cache", rank + ["--no-cache"], args.repeat, **per)
        run(f"{size}: stats (after validate)", [*sa, "stats", "-q", "-f", "json", str(folder)], args.repeat, **per)
        run(f"{size}: judges (after validate)", [*sa, "judges", "-q", "-f", "json", str(folder)], args.repeat, **per)
        export = [*sa, "export", "-q", str(folder), "--to", str(args.out / f"export-{size}")]
        run(f"{size}: export csv,json,md,html", export + ["-f", "csv,json,md,html"], args.repeat, **per)
        if size != "L":  # 27M cells: openpyxl needs minutes and many GB for L; see the README
            run(f"{size}: export xlsx", export + ["-f", "xlsx"], args.repeat, **per)
        for name in [n for n in rows if n.startswith(f"{size}:")]:
            rows[name]["us_per_mark"] = rows[name]["seconds"] / marks * 1e6

    ratios = _ratios(rows, args.sizes)
    print()
    for name, value in ratios.items():
        print(f"{name:56} {value:7.2f}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps({"rows": rows, "ratios": ratios}, indent=2) + "\n")


def _ratios(rows: dict[str, dict[str, float]], sizes: list[str]) -> dict[str, float]:
    """The ratios quoted in benchmarks/README.md, of commands measured in this same run."""
    def ratio(a: str, b: str) -> float:
        return rows[a]["seconds"] / rows[b]["seconds"]

    ratios = {
        "--help / import typer": ratio("smartaward --help", "import typer"),
        "Seoul validate warm / import typer,pydantic,yaml": ratio("Seoul: validate (warm cache)", "import typer, pydantic, yaml"),
        "Seoul validate cold / import typer,pydantic,yaml": ratio("Seoul: validate (cold cache)", "import typer, pydantic, yaml"),
        "Seoul winners warm / import typer,pydantic,yaml": ratio("Seoul: winners (warm cache)", "import typer, pydantic, yaml"),
    }
    ratios["Seoul: export all / winners"] = ratio("Seoul: export, all five formats", "Seoul: winners (warm cache)")
    ratios["Seoul: judges / winners"] = ratio("Seoul: judges --format json", "Seoul: winners (warm cache)")
    ratios["Seoul: stats / winners"] = ratio("Seoul: stats --format json", "Seoul: winners (warm cache)")
    ratios["Seoul: import 1,000 rows dry run / validate --no-cache"] = ratio(
        "Seoul: import 1,000 entries (dry run)", "Seoul: validate --no-cache (import's reference)")
    for size in sizes:
        rank_after = rows[f"{size}: rank (after validate)"]["seconds"]
        for what in ("stats (after validate)", "judges (after validate)", "export csv,json,md,html", "export xlsx"):
            if f"{size}: {what}" in rows:
                ratios[f"{size}: {what.split(' (')[0]} / rank"] = rows[f"{size}: {what}"]["seconds"] / rank_after
    for size in sizes:
        bare = rows[f"{size}: bare CSafeLoader parse"]["seconds"]
        ratios[f"{size}: (validate cold + rank after it) / bare parse"] = (
            rows[f"{size}: validate (cold cache)"]["seconds"] + rows[f"{size}: rank (after validate)"]["seconds"]) / bare
        ratios[f"{size}: validate --no-cache / bare parse"] = ratio(f"{size}: validate --no-cache", f"{size}: bare CSafeLoader parse")
        ratios[f"{size}: rank --no-cache / bare parse"] = ratio(f"{size}: rank --no-cache", f"{size}: bare CSafeLoader parse")
        ratios[f"{size}: validate cold / warm (cache speed-up)"] = ratio(f"{size}: validate (cold cache)", f"{size}: validate (warm cache)")
        ratios[f"{size}: winners after validate / bare parse"] = ratio(f"{size}: winners (after validate)", f"{size}: bare CSafeLoader parse")
    plain = [size for size in sizes if size not in FLOW]
    first, last = (plain[0], plain[-1]) if plain else (None, None)
    if first != last:
        for what in ("validate --no-cache", "rank --no-cache"):
            ratios[f"{what}: time per mark {last} / {first}"] = (
                rows[f"{last}: {what}"]["us_per_mark"] / rows[f"{first}: {what}"]["us_per_mark"])
    return ratios


def _applications(folder: Path, count: int) -> Path:
    """A spreadsheet of `count` applications to the Seoul sample (in a copy of it), for import."""
    import csv
    import random

    cycle = folder / "cycle"
    if cycle.exists():
        shutil.rmtree(cycle)
    shutil.copytree(SAMPLE, cycle)
    rnd = random.Random(6)
    path = folder / f"applications-{count}.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Project title", "Call", "Category", "Applicant", "Entrant type", "City", "Country", "Submitted"])
        for n in range(count):
            category = rnd.choice(["human-centricity", "tech-innovacity"])
            writer.writerow([f"Imported project {n}", "project", category, f"Applicant {n}", rnd.choice(["city", "company"]),
                             f"Town {n % 300}", rnd.choice(["KR", "NO", "PH", "BR", "KE"]), f"2024-06-{1 + n % 28:02d}"])
    return path


if __name__ == "__main__":
    main()
