"""Write a synthetic, seeded cycle of a given size, for benchmarks.

    python benchmarks/generate.py OUT_DIR --entries 1000 --judges 40 --per-entry 5

Entries are spread over two categories of one call with six criteria; each entry is scored by
`--per-entry` judges (one sheet per judge). The same arguments always write the same bytes.
`--flow` writes the compact flow style (issue 17): each entry one line, `- {id: e000001, call: project,
...}`, as spreadsheets exported to YAML and scripts write them; score lines are one-line flow mappings
in both styles.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

CRITERIA = ["problem-innovation", "project-design", "budget-planning", "implementation", "learning", "value-generation"]
COUNTRIES = ["KR", "NO", "PH", "IS", "ET", "BR", "DE", "JP", "US", "KE", "IN", "FR"]
TYPES = ["city", "company", "institution", "organisation"]


def generate(out: Path, entries: int, judges: int, per_entry: int, seed: int = 2024, flow: bool = False) -> None:
    rnd = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "entries").mkdir(parents=True)
    (out / "scores").mkdir()
    criteria = "\n".join(f"      {c}: {{title: {c}, weight: 1}}" for c in CRITERIA)
    (out / "cycle.yaml").write_text(f"""cycle: bench-{entries}
title: Benchmark cycle of {entries} entries
scale: {{min: 0, max: 10, step: 0.5}}
rules: {{min_judges: 3, tie_break: [criterion:value-generation, shared], one_award_per: entrant}}
calls:
  project:
    title: Projects
    closes: 2025-06-30
    criteria:
{criteria}
    categories:
      people: {{title: People, awards: {{gold: 1, silver: 2, bronze: 3, corporate: {{count: 1, eligible: {{entrant_type: company}}}}}}}}
      tech: {{title: Tech, awards: {{gold: 1, silver: 2, bronze: 3, corporate: {{count: 1, eligible: {{entrant_type: company}}}}}}}}
""", encoding="utf-8")
    (out / "judges.yaml").write_text("".join(
        f"j{j:05d}: {{name: Judge {j}, country: {COUNTRIES[j % len(COUNTRIES)]}, calls: [project]}}\n" for j in range(judges)),
        encoding="utf-8")
    sheets: dict[int, list[str]] = {j: [] for j in range(judges)}
    chunk: list[str] = []
    for i in range(entries):
        entry_id = f"e{i:06d}"
        country = COUNTRIES[i % len(COUNTRIES)]
        entrant = f"{{name: {json.dumps(f'Entrant {i}')}, type: {TYPES[(i // 2) % len(TYPES)]}, city: City{i % 500}, country: {country}}}"
        category = "people" if i % 2 else "tech"
        if flow:
            chunk.append(f"- {{id: {entry_id}, call: project, category: {category}, title: {json.dumps(f'Project {i}')}, "
                         f"entrant: {entrant}, submitted: 2025-06-01}}\n")
        else:
            chunk.append(f"- id: {entry_id}\n  call: project\n  category: {category}\n"
                         f"  title: {json.dumps(f'Project {i}')}\n"
                         f"  entrant: {entrant}\n"
                         f"  submitted: 2025-06-01\n")
        quality = rnd.uniform(3, 9)
        for j in rnd.sample(range(judges), per_entry):
            marks = ", ".join(f"{c}: {min(10, max(0, round((quality + rnd.uniform(-2, 2)) * 2) / 2)):g}" for c in CRITERIA)
            sheets[j].append(f"  {entry_id}: {{{marks}}}\n")
        if len(chunk) == 1000 or i == entries - 1:
            (out / "entries" / f"batch-{i // 1000:04d}.yaml").write_text("".join(chunk), encoding="utf-8")
            chunk = []
    for j, lines in sheets.items():
        text = f"judge: j{j:05d}\nscores:\n" + "".join(lines) if lines else f"judge: j{j:05d}\nscores: {{}}\n"
        (out / "scores" / f"j{j:05d}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--judges", type=int, default=40)
    parser.add_argument("--per-entry", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--flow", action="store_true", help="entries as one-line flow mappings (the compact style)")
    args = parser.parse_args()
    generate(args.out, args.entries, args.judges, args.per_entry, args.seed, args.flow)


if __name__ == "__main__":
    main()
