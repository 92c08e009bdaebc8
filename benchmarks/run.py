"""Time smartaward end to end as whole processes, beside the bare YAML parse of the same files.

    python benchmarks/run.py                 # sizes S (1k entries) and M (10k); writes benchmarks/out/results.json
    python benchmarks/run.py --sizes S M L   # L = 100k entries, 2,000 judges, 3M marks (minutes)

Each command runs `--repeat` times in a fresh interpreter; the table shows the median wall time and
the peak RSS of the child. Compare ratios within one run: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

SIZES = {"S": (1_000, 40, 5), "M": (10_000, 200, 5), "L": (100_000, 2_000, 5)}
BARE_PARSE = ("import sys, gc, yaml, pathlib; gc.disable(); "
              "[yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml'))]")
SAMPLE = HERE.parent / "cycles" / "seoul-smart-city-2024"


def measure(command: list[str], repeat: int) -> dict[str, float]:
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # wait4 gives this child's own peak RSS (KiB on Linux), not the maximum over all children
        _, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        code = child.returncode = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(command)} exited {code}")
        peaks.append(usage.ru_maxrss / 1024)
    return {"seconds": statistics.median(times), "peak_mb": max(peaks)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["S", "M"], choices=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    py = sys.executable
    rows = []
    startup = {
        "python -c pass": [py, "-c", "pass"],
        "import typer": [py, "-c", "import typer"],
        "import typer, pydantic, yaml": [py, "-c", "import typer, pydantic, yaml"],
        "smartaward --help": [py, "-m", "smartaward", "--help"],
        "validate seoul-2024": [py, "-m", "smartaward", "validate", str(SAMPLE)],
        "winners seoul-2024": [py, "-m", "smartaward", "winners", str(SAMPLE)],
    }
    for name, command in startup.items():
        rows.append({"case": name, **measure(command, max(args.repeat, 5))})
    for size in args.sizes:
        entries, judges, per_entry = SIZES[size]
        folder = args.out / f"cycle-{size}"
        if not (folder / "cycle.yaml").exists():
            generate(folder, entries, judges, per_entry)
        marks = entries * per_entry * 6
        for name, command in {
            "bare CSafeLoader parse": [py, "-c", BARE_PARSE, str(folder)],
            "smartaward validate": [py, "-m", "smartaward", "validate", "-q", str(folder)],
            "smartaward rank": [py, "-m", "smartaward", "rank", "-q", "-f", "json", str(folder)],
        }.items():
            result = measure(command, args.repeat)
            rows.append({"case": f"{size}: {name}", "marks": marks, **result,
                         "us_per_mark": result["seconds"] / marks * 1e6})
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(rows, indent=2) + "\n")
    print(f"{'case':40} {'seconds':>9} {'peak MB':>9} {'µs/mark':>9}")
    for row in rows:
        per_mark = f"{row['us_per_mark']:9.2f}" if "us_per_mark" in row else ""
        print(f"{row['case']:40} {row['seconds']:9.3f} {row['peak_mb']:9.0f} {per_mark}")


if __name__ == "__main__":
    main()
