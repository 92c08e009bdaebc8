"""Time the judging methods of issue 16 in process, at the sizes their bounds were chosen for.

    python benchmarks/methods.py            # each case once (the median of --repeat runs)

Each case is a pure function of judging/methods.py on seeded random data (the same every run), so
the figures compare methods with one another and runs with one another; quote ratios within one run
(the machines are shared and noisy). The bounds in docs/rules.md §6 "Speed and limits" come from
these cases.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from smartaward.judging import methods as m

Ballots = dict[str, dict[str, float]]


def ballots(entries: int, judges: int, seed: int) -> tuple[Ballots, list[str]]:
    """Full rankings: every judge rates every entry."""
    rng = random.Random(seed)
    ids = [f"e{i:04}" for i in range(entries)]
    return {f"j{k:04}": {e: rng.random() for e in ids} for k in range(judges)}, ids


def hackmit(seed: int = 2) -> tuple[list[str], list[m.Outcome]]:
    """gavel at HackMIT: 195 projects, 108 judges, 1,351 votes of one pair each (simulated from
    hidden qualities by the Bradley–Terry model)."""
    rng = random.Random(seed)
    quality = {f"e{i:03}": rng.gauss(0, 1) for i in range(195)}
    names = sorted(quality)
    votes: list[m.Outcome] = []
    for _ in range(1351):
        a, b = rng.sample(names, 2)
        judge = f"j{rng.randrange(108):03}"
        p = 1 / (1 + pow(2.718281828459045, quality[b] - quality[a]))
        votes.append((judge, a, b, 1.0) if rng.random() < p else (judge, b, a, 1.0))
    return names, votes


def cases() -> dict[str, Callable[[], object]]:
    full, ids = ballots(200, 10, 1)
    outcomes = m.ballot_outcomes(full)
    names, votes = hackmit()
    irv, irv_ids = ballots(300, 600, 2)
    sch, sch_ids = ballots(200, 5, 3)
    many, many_ids = ballots(2000, 5, 4)
    tied = {f"j{k}": dict.fromkeys((f"e{i:04}" for i in range(1000)), 1.0) for k in range(3)}
    return {
        "points 2,000 × 5": lambda: m.positional_points(many, (12, 10, 8, 7, 6, 5, 4, 3, 2, 1)),
        "borda 2,000 × 5": lambda: m.borda(many),
        "bradley-terry 200 × 10 rankings": lambda: m.bradley_terry(ids, outcomes),
        "crowd-bt 200 × 10 rankings": lambda: m.crowd_bt(ids, outcomes),
        "bradley-terry HackMIT pairs": lambda: m.bradley_terry(names, votes),
        "crowd-bt HackMIT pairs": lambda: m.crowd_bt(names, votes),
        "irv 300 × 600 ballots": lambda: m.sequential_irv(irv, irv_ids),
        "schulze 200 × 5": lambda: m.schulze(sch_ids, m.pairwise(sch, sch_ids)),
        "pairwise count 2,000 × 5": lambda: m.pairwise(many, many_ids),
        "skating 1,000 all tied × 3": lambda: m.skating(tied, sorted(tied["j0"])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    timed: dict[str, float] = {}
    for name, case in cases().items():
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            case()
            runs.append(time.perf_counter() - start)
        timed[name] = statistics.median(runs)
        print(f"{name:40} {timed[name]:8.3f} s")
    print()
    for a, b in (("crowd-bt 200 × 10 rankings", "bradley-terry 200 × 10 rankings"),
                 ("crowd-bt HackMIT pairs", "bradley-terry HackMIT pairs"),
                 ("schulze 200 × 5", "borda 2,000 × 5"),
                 ("irv 300 × 600 ballots", "points 2,000 × 5")):
        print(f"{a} / {b}: {timed[a] / timed[b]:.1f}")


if __name__ == "__main__":
    main()
