"""Time `smartaward assign`'s solver on synthetic rounds, in process (no files).

    python benchmarks/assign.py                # M: 10,000 entries × 400 judges × 5 per entry
    python benchmarks/assign.py --sizes M L    # and L: 100,000 × 2,000 × 5 (about a minute, ~2 GB)
    python benchmarks/assign.py --command      # and the whole command on a written M cycle (no sheets)

Each case builds the entries and judges as models (two categories, twelve countries, a derived
conflict by country, one declared conflict pattern per judge, expertise tags on both sides, caps
on some judges), then times the candidates (assigning/candidates.py) and the flow (solver.py)
separately, in a fresh interpreter per case, and prints the loads' spread, the expertise matched,
the arcs and the peak RSS. `--command` also writes an M cycle without score sheets and times
`smartaward assign` on it as users run it (reading, checking and scoring the cycle included).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"S": (1_000, 40, 5), "M": (10_000, 400, 5), "L": (100_000, 2_000, 5)}
COUNTRIES = ["KR", "NO", "PH", "IS", "ET", "BR", "DE", "JP", "US", "KE", "IN", "FR"]
TAGS = [f"topic-{n}" for n in range(40)]


def models(entries: int, judges: int) -> tuple[object, dict[str, object], list[object]]:
    from smartaward.model.cyclefiles import CycleFile, Entry, Judge

    spec = CycleFile.model_validate({
        "cycle": "bench", "title": "Benchmark", "rules": {"conflicts": {"same": ["country"], "severity": "warning"}},
        "calls": {"project": {"title": "Projects", "categories": {"people": {"title": "People", "awards": {"gold": 1}},
                                                                 "tech": {"title": "Tech", "awards": {"gold": 1}}}}}})
    jury = {}
    for j in range(judges):
        jury[f"j{j:05d}"] = Judge.model_validate({
            "name": f"Judge {j}", "country": COUNTRIES[j % len(COUNTRIES)], "calls": ["project"],
            "conflicts": [f"e{(j * 37) % entries:06d}"[:-1] + "*"],  # ten entries each
            "expertise": [TAGS[j % len(TAGS)], TAGS[(j * 7 + 3) % len(TAGS)]],
            "categories": ["people" if j % 3 else "tech"],
            **({"max_entries": 3 * entries * 5 // judges // 2} if j % 10 == 0 else {})})
    listed = [Entry.model_validate({
        "id": f"e{i:06d}", "call": "project", "category": "people" if i % 2 else "tech", "title": f"Project {i}",
        "entrant": {"name": f"Entrant {i}", "type": "city", "city": f"City{i % 500}", "country": COUNTRIES[i % len(COUNTRIES)]},
        "submitted": "2025-06-01", "tags": [TAGS[(i * 11) % len(TAGS)]]}) for i in range(entries)]
    return spec, jury, listed


def case(size: str) -> dict[str, float]:
    """One size, in this process: build, candidates, flow."""
    import numpy as np

    from smartaward.assigning import _demand
    from smartaward.assigning.candidates import build
    from smartaward.assigning.solver import solve

    entries, judges, per_entry = SIZES[size]
    start = time.perf_counter()
    spec, jury, listed = models(entries, judges)
    built = time.perf_counter()
    cands = build(spec, jury, listed, None, 2024, per_entry)  # type: ignore[arg-type]
    demand, _, _ = _demand(spec, jury, cands, per_entry, None, frozenset())  # type: ignore[arg-type]
    candidates = time.perf_counter()
    solution = solve(cands, demand, 2024)
    solved = time.perf_counter()
    load = np.bincount(solution.pairs_j, minlength=len(cands.judges))
    uncapped = np.array([cands.judge_records[j].max_entries is None for j in cands.judges])
    return {"entries": entries, "judges": judges, "per_entry": per_entry, "models_s": built - start,
            "candidates_s": candidates - built, "flow_s": solved - candidates, "assign_s": solved - built,
            "arcs": solution.arcs, "short": solution.short, "sampled": solution.sampled,
            "spread_uncapped": int(load[uncapped].max() - load[uncapped].min()), "capped_max": int(load[~uncapped].max()),
            "matched_pairs": int(solution.matched.sum()), "pairs": len(solution.pairs_e),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def command(folder: Path) -> dict[str, float]:
    """The whole command on a written M cycle without score sheets (one call, no rounds)."""
    import shutil

    entries, judges, per_entry = SIZES["M"]
    spec, jury, listed = models(entries, judges)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "entries").mkdir(parents=True)
    (folder / "cycle.yaml").write_text(json.dumps(spec.model_dump(mode="json", exclude_defaults=True)), encoding="utf-8")  # type: ignore[attr-defined]
    (folder / "judges.yaml").write_text(json.dumps({j: judge.model_dump(mode="json", exclude_defaults=True)  # type: ignore[attr-defined]
                                                    for j, judge in jury.items()}), encoding="utf-8")
    for start in range(0, entries, 1000):
        chunk = [e.model_dump(mode="json", exclude_defaults=True) for e in listed[start:start + 1000]]  # type: ignore[attr-defined]
        (folder / "entries" / f"batch-{start // 1000:04d}.yaml").write_text(json.dumps(chunk), encoding="utf-8")
    script = Path(sys.executable).parent / "smartaward"
    sa = [str(script)] if script.exists() else [sys.executable, "-m", "smartaward"]
    run = [*sa, "assign", str(folder), "--per-entry", str(per_entry), "--seed", "2024", "--no-cache", "-f", "json"]
    begin = time.perf_counter()
    child = subprocess.Popen(run, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = child.stdout.read() if child.stdout is not None else b""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - begin
    document = json.loads(out)
    return {"command_s": seconds, "peak_mb": usage.ru_maxrss / 1024, "exit": os.waitstatus_to_exitcode(status),
            "spread": document["load"]["spread"], "assignments": document["assignments"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["M"], choices=list(SIZES))
    parser.add_argument("--command", action="store_true", help="also time the whole command on a written M cycle")
    parser.add_argument("--case", choices=list(SIZES), help=argparse.SUPPRESS)  # one case, in this process
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(case(args.case)))
        return
    found = {}
    for size in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--case", size], capture_output=True, text=True, check=True)
        found[size] = json.loads(done.stdout)
        print(size, json.dumps(found[size]), flush=True)
    if args.command:
        found["M command"] = command(args.out / "assign-M")
        print("M command", json.dumps(found["M command"]), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "assign.json").write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
