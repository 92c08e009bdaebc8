"""Time `validate` (cold cache) then `rank -f json` of one cycle with two source trees in turn, round
after round, so that the machine's drift falls on both alike: a change against its base, directly.

    git worktree add /tmp/base <commit>
    python benchmarks/pair.py benchmarks/out/cycle-L /tmp/base . --rounds 4

Each tree runs as `python -m smartaward` from its folder (its own package first on sys.path), with a
cache folder of its own, emptied before each round's validate. Prints each round and the means of
wall time (validate + rank) and CPU time (user + system of both processes, workers included).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cycle", type=Path)
    parser.add_argument("trees", type=Path, nargs=2, help="the base's source tree, then the change's")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    cycle = args.cycle.resolve()
    env = {k: v for k, v in os.environ.items() if k not in ("SMARTAWARD_NO_CACHE", "PYTHONDONTWRITEBYTECODE")}
    totals = {tree: [0.0, 0.0] for tree in args.trees}
    with tempfile.TemporaryDirectory() as caches:
        for number in range(args.rounds):
            line = []
            for tree in args.trees if number % 2 == 0 else reversed(args.trees):
                cache = Path(caches) / str(args.trees.index(tree))
                shutil.rmtree(cache, ignore_errors=True)
                here = dict(env, SMARTAWARD_CACHE_DIR=str(cache))
                command = [sys.executable, "-m", "smartaward"]
                cold, cold_cpu = timed([*command, "validate", "-q", str(cycle)], tree, here)
                rank, rank_cpu = timed([*command, "rank", "-q", "-f", "json", str(cycle)], tree, here)
                totals[tree][0] += cold + rank
                totals[tree][1] += cold_cpu + rank_cpu
                line.append(f"{tree}: validate {cold:.2f} s, rank {rank:.2f} s (CPU {cold_cpu + rank_cpu:.1f} s)")
            print(" | ".join(line), flush=True)
    for tree, (wall, cpu) in totals.items():
        print(f"{tree}: mean validate + rank {wall / args.rounds:.2f} s, CPU {cpu / args.rounds:.2f} s")


if __name__ == "__main__":
    main()
