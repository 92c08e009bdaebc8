"""Build this cycle from the official per-juror scores (official/chopin_competition_scores.csv):
the first stage's raw marks, one sheet per juror (a juror who did not score a pianist, their own
student, has no line for them). Run from this folder: `python convert.py`. The files it writes are
committed; tests/test_real_chopin.py checks them against the CSV again."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "official" / "chopin_competition_scores.csv"


def slug(name: str) -> str:
    """An id: the name without accents, lower case, words joined by '-' (Ł, which has no
    decomposition, is written L)."""
    plain = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def stage_rows(stage: str) -> list[tuple[list[str], list[str]]]:
    """(raw row, corrected row) of each pianist of the stage, in the CSV's order."""
    rows = list(csv.reader(SOURCE.open(encoding="utf-8")))
    pairs = [(rows[i], rows[i + 1]) for i in range(1, len(rows), 2)]
    return [(raw, corrected) for raw, corrected in pairs if raw[3] == stage]


def main() -> None:
    header = next(csv.reader(SOURCE.open(encoding="utf-8")))
    jurors = header[4:-1]
    rows = stage_rows("1")
    (HERE / "cycle.yaml").write_text(CYCLE, encoding="utf-8")
    (HERE / "judges.yaml").write_text("".join(f"{slug(j)}: {{name: {quoted(j)}}}\n" for j in jurors), encoding="utf-8")
    (HERE / "entries").mkdir(exist_ok=True)
    entries = []
    for raw, _ in rows:
        name = raw[1]
        entries.append(f"- id: {slug(name)}\n  call: piano\n  category: stage1\n  title: {quoted(f'{name}, no. {raw[0]}')}\n"
                       f"  entrant: {{name: {quoted(name)}, type: individual}}\n")
    (HERE / "entries" / "pianists.yaml").write_text("".join(entries), encoding="utf-8")
    (HERE / "scores").mkdir(exist_ok=True)
    for column, juror in enumerate(jurors, start=4):
        lines = [f"  {slug(raw[1])}: {int(float(raw[column]))}\n" for raw, _ in rows if raw[column] != ""]
        (HERE / "scores" / f"{slug(juror)}.yaml").write_text(f"judge: {slug(juror)}\nscores:\n{''.join(lines)}", encoding="utf-8")


CYCLE = """\
cycle: chopin-2025-stage1
title: "XIX International Fryderyk Chopin Piano Competition (Warsaw, 2025): the first stage"
organiser: Fryderyk Chopin Institute
entrant_types: [individual]
scale: {min: 1, max: 25, step: 1}
rules:
  aggregate: mean
  # a juror's mark more than 3 points from the jury's average (to 2 decimals) is moved to that limit;
  # the stage's result is the average of the corrected marks, to 2 decimals
  correct: {around: mean, limit: 3}
  decimals: 2
calls:
  piano:
    title: "Piano recitals"
    categories:
      stage1: {title: "First stage", awards: {}}
"""

if __name__ == "__main__":
    main()
