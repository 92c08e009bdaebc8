"""Build the Aspen 2009 mayoral election (PrefLib 00016-00000002.toi) as a smartaward cycle folder.

    python build.py OUT_DIR

2,527 ballots are too many to keep as files in the repository, so the PrefLib file is kept here unchanged and
this converter writes the cycle into OUT_DIR (tests/test_real_competitions.py builds it in a temporary folder).
Each line "COUNT: a,b,{c,d}" of the .toi file is COUNT identical ballots; each ballot becomes one voter (a
"judge" v0001, v0002, ... in file order) whose sheet ranks the candidates it lists: the first listed is rank 1,
a braced group shares one rank (the voter marked those candidates equal), unlisted candidates are unranked.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
SOURCE = HERE / "00016-00000002.toi"

# PrefLib alternative number → entry id, the candidate's name as on the ballot (PrefLib's spelling "Lj" → "LJ").
CANDIDATES = {
    1: ("marilyn-marks", "Marilyn Marks"),
    2: ("lj-erspamer", "LJ Erspamer"),
    3: ("andrew-kole", "Andrew Kole"),
    4: ("mick-ireland", "Mick Ireland"),
    5: ("write-in", "Write-in candidates (counted together)"),
}

CYCLE = """\
# The City of Aspen (Colorado) mayoral election of 5 May 2009, counted by instant-runoff voting: one voter's
# ranked ballot is one sheet. Built by build.py from PrefLib 00016-00000002.toi; see SOURCE.md.
cycle: aspen-mayor-2009
title: "Aspen mayoral election 2009"
organiser: "City of Aspen, Colorado"
entrant_types: [candidate]
rules:
  aggregate: irv
calls:
  mayor:
    title: "Mayor"
    marking: ranks
    categories:
      mayor:
        title: "Mayor"
        awards:
          elected: 1
"""


def ballots(text: str) -> list[tuple[int, list[list[int]]]]:
    """(count, ranking) per data line; a ranking is a list of groups of equal candidates, best first."""
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        count, ranking = line.split(":", 1)
        groups = [[int(n) for n in g.strip("{}").split(",")] for g in re.findall(r"\{[^}]*\}|\d+", ranking)]
        out.append((int(count), groups))
    return out


def build(out: Path) -> int:
    """Write the cycle folder into out; return the number of ballots written."""
    (out / "entries").mkdir(parents=True, exist_ok=True)
    (out / "scores").mkdir(parents=True, exist_ok=True)
    (out / "cycle.yaml").write_text(CYCLE, encoding="utf-8")
    entries = "".join(
        f"- id: {entry}\n  call: mayor\n  category: mayor\n  title: \"{name} for mayor\"\n"
        f"  entrant: {{name: \"{name}\", type: candidate}}\n"
        for entry, name in CANDIDATES.values())
    (out / "entries" / "candidates.yaml").write_text(entries, encoding="utf-8")
    judges = []
    voter = 0
    for count, groups in ballots(SOURCE.read_text(encoding="utf-8")):
        lines = "".join(f"  {CANDIDATES[c][0]}: {rank}\n" for rank, group in enumerate(groups, start=1) for c in group)
        for _ in range(count):
            voter += 1
            judge = f"v{voter:04d}"
            judges.append(f"{judge}: {{name: \"Ballot {voter}\"}}\n")
            (out / "scores" / f"{judge}.yaml").write_text(f"judge: {judge}\nranks:\n{lines}", encoding="utf-8")
    (out / "judges.yaml").write_text("".join(judges), encoding="utf-8")
    return voter


if __name__ == "__main__":
    print(build(Path(sys.argv[1])), "ballots written")
