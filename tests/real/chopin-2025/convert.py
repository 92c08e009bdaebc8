"""Build this cycle, the whole XIX International Fryderyk Chopin Piano Competition (Warsaw, 2025), from
the official per-juror marks (official/chopin_competition_scores.csv, all four stages) and the
published prize list (official/official_prizes_2025.csv).

Writes, byte for byte and always the same: cycle.yaml, judges.yaml, entries/pianists.yaml, one sheet
per juror and stage with the raw marks (scores/<juror>-stage1.yaml ... scores/<juror>-final.yaml; a
juror does not mark his or her own student, so that pianist has no line in the sheet), and
official/expected.json: the official stage results, who played in each later stage, the cumulative
values the cuts and the final ranking use (computed in decimal from the official stage results) and
the prizes.

Run from anywhere: `python convert.py` (paths are relative to this file). `build()` returns the same
files as {relative path: bytes} without writing them. Standard library only. The ids and the juror
and entry files follow tests/real/chopin-2025-stage1/convert.py (its code is copied, not imported)."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "official" / "chopin_competition_scores.csv"
PRIZES = HERE / "official" / "official_prizes_2025.csv"
CALL = "piano"
CATEGORY = "piano"
STAGES = {"1": "stage1", "2": "stage2", "3": "stage3", "final": "final"}  # the CSV's `stage` -> round id
# The weights of the cumulative values (per cent of each stage's result): the cut after stage 2, the
# cut after stage 3, and the final result. The cut after stage 1 is on stage 1 alone.
CUTS = {"cut2": {"stage1": 30, "stage2": 70},
        "cut3": {"stage1": 10, "stage2": 20, "stage3": 70},
        "final_cumulative": {"stage1": 10, "stage2": 20, "stage3": 35, "final": 35}}
AWARDS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "5": "fifth", "6": "sixth"}
CENT = Decimal("0.01")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def slug(name: str) -> str:
    """An id: the name without accents, lower case, words joined by '-' (Ł, which has no
    decomposition, is written L)."""
    plain = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def read_rows() -> tuple[list[str], list[tuple[list[str], list[str]]]]:
    """The jurors (in the CSV's column order) and each performance's (raw row, corrected row)."""
    rows = list(csv.reader(SOURCE.open(encoding="utf-8", newline="")))
    header, body = rows[0], rows[1:]
    if len(body) % 2 or any(len(row) != len(header) for row in rows):
        raise ValueError("the CSV is not pairs of rows of equal length")
    pairs = [(body[i], body[i + 1]) for i in range(0, len(body), 2)]
    for raw, corrected in pairs:
        if raw[2] != "punkty" or corrected[2] != "korekta" or raw[:2] + raw[3:4] != corrected[:2] + corrected[3:4]:
            raise ValueError(f"not a punkty/korekta pair: {raw[:4]}")
        if raw[3] not in STAGES:
            raise ValueError(f"unknown stage {raw[3]!r}")
    return header[4:-1], pairs


def mark(cell: str, where: str) -> int:
    """A raw mark: a whole number 1-25 (written 18.0 in the CSV)."""
    value = Decimal(cell)
    if value != value.to_integral_value() or not 1 <= value <= 25:
        raise ValueError(f"{where}: mark {cell!r} is not a whole number 1-25")
    return int(value)


def two_decimals(cell: str, where: str) -> str:
    """An official stage result as written (18.41, or 18.5 for 18.50), to exactly 2 decimals."""
    value = Decimal(cell)
    if value.quantize(CENT) != value:
        raise ValueError(f"{where}: {cell!r} has more than 2 decimals")
    return str(value.quantize(CENT))


def build() -> dict[str, bytes]:
    """Every file this script writes: {path relative to this folder: bytes}."""
    jurors, pairs = read_rows()
    names: dict[str, str] = {}  # entry id -> name, in order of first appearance (the first stage's order)
    numbers: dict[str, str] = {}
    for raw, _ in pairs:
        entry = slug(raw[1])
        if names.setdefault(entry, raw[1]) != raw[1] or numbers.setdefault(entry, raw[0].strip()) != raw[0].strip():
            raise ValueError(f"two pianists with the id {entry}")
    if not all(SLUG.fullmatch(entry) for entry in names) or len({slug(j) for j in jurors}) != len(jurors):
        raise ValueError("ids are not unique ids")
    by_stage = {round_id: [pair for pair in pairs if pair[0][3] == key] for key, round_id in STAGES.items()}
    if [raw[1] for raw, _ in by_stage["stage1"]] != list(names.values()):
        raise ValueError("a pianist of a later stage did not play the first")

    files: dict[str, str] = {"cycle.yaml": CYCLE}
    files["judges.yaml"] = "".join(f"{slug(j)}: {{name: {quoted(j)}}}\n" for j in jurors)
    files["entries/pianists.yaml"] = "".join(
        f"- id: {entry}\n  call: {CALL}\n  category: {CATEGORY}\n  title: {quoted(f'{name}, no. {numbers[entry]}')}\n"
        f"  entrant: {{name: {quoted(name)}, type: individual}}\n" for entry, name in names.items())
    for round_id, rows in by_stage.items():
        for column, juror in enumerate(jurors, start=4):
            lines = [f"  {slug(raw[1])}: {mark(raw[column], f'{raw[1]} {round_id} {juror}')}\n" for raw, _ in rows if raw[column] != ""]
            if lines:  # a juror with no marks in a stage has no sheet for it
                files[f"scores/{slug(juror)}-{round_id}.yaml"] = f"judge: {slug(juror)}\nround: {round_id}\nscores:\n{''.join(lines)}"

    official = {round_id: {slug(raw[1]): Decimal(two_decimals(corrected[-1], f"{raw[1]} {round_id}")) for raw, corrected in rows}
                for round_id, rows in by_stage.items()}
    expected: dict[str, object] = {round_id: {entry: str(score) for entry, score in scores.items()} for round_id, scores in official.items()}
    for round_id in ("stage2", "stage3", "final"):
        expected[f"{round_id}_field"] = sorted(official[round_id])
    for key, weights in CUTS.items():
        field = official[list(weights)[-1]]  # who played the last stage weighed
        expected[key] = {entry: str(half_up(sum((w * official[r][entry] for r, w in weights.items()), Decimal(0)) / sum(weights.values())))
                         for entry in field}
    prizes: dict[str, list[str]] = {award: [] for award in AWARDS.values()}
    without: list[str] = []
    with PRIZES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = slug(row["pianist"])
            if entry not in official["final"]:
                raise ValueError(f"{row['pianist']} has a prize but did not play the final")
            if row["prize"] == "finalist (no prize)":
                without.append(entry)
            else:
                prizes[AWARDS[row["prize"].split()[0]]].append(entry)
    expected["prizes"] = {award: sorted(entries) for award, entries in prizes.items()}
    expected["no_prize"] = sorted(without)
    files["official/expected.json"] = json.dumps(expected, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    return {path: files[path].encode("utf-8") for path in sorted(files)}


def main() -> None:
    for path, data in build().items():
        target = HERE / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)


CYCLE = """\
# The XIX International Fryderyk Chopin Piano Competition (Warsaw, October 2025), all four stages, from
# the marks the Fryderyk Chopin Institute published (SOURCE.md; convert.py writes this folder).
cycle: chopin-2025
title: "XIX International Fryderyk Chopin Piano Competition (Warsaw, 2025)"
organiser: Fryderyk Chopin Institute
entrant_types: [individual]
# each juror marks each pianist 1-25 in each stage; a juror does not mark his or her own student
scale: {min: 1, max: 25, step: 1}
rules:
  aggregate: mean
  # a mark more than `limit` points from the jury's average (rounded half-up to 2 decimals) is moved
  # to that limit; the stage's result is the average of the corrected marks, half-up to 2 decimals
  correct: {around: mean, limit: 2}   # stages 2, 3 and the final; stage 1 overrides (3)
  decimals: 2
calls:
  piano:
    title: "Piano recitals"
    categories:
      piano:
        title: "Piano"
        # the prizes as the jury awarded them: two fourth prizes and two fifth prizes ex aequo. These
        # counts are the jury's published decision, not derived from the marks: the two fourth prizes
        # share 21.30, but the two fifth prizes went to 21.03 and 21.01, which are not tied
        awards:
          first: {count: 1, title: "First prize"}
          second: {count: 1, title: "Second prize"}
          third: {count: 1, title: "Third prize"}
          fourth: {count: 2, title: "Fourth prize"}   # ex aequo
          fifth: {count: 2, title: "Fifth prize"}     # ex aequo
          sixth: {count: 1, title: "Sixth prize"}
    # the cuts: 84 -> 40 on the first stage alone; -> 20 on 30% stage 1 + 70% stage 2; -> the finalists
    # on 10% stage 1 + 20% stage 2 + 70% stage 3. Cumulative values are rounded half-up to 2 decimals and
    # compared at that precision; all tied at the cut go through (2025: 20.47 shared at 19th after
    # stage 2; 20.84 shared at 10th after stage 3, from 20.838 and 20.836, so 11 finalists)
    rounds:
      stage1: {title: "First stage", weight: 10, rules: {correct: {around: mean, limit: 3}}, shortlist: {top: 40}}
      stage2: {title: "Second stage", weight: 20, shortlist: {top: 20, on: {stage1: 30, stage2: 70}, decimals: 2}}
      stage3: {title: "Third stage", weight: 35, shortlist: {top: 10, on: {stage1: 10, stage2: 20, stage3: 70}, decimals: 2}}
      final: {title: "Final", weight: 35}
    # the final result: 10% stage 1 + 20% stage 2 + 35% stage 3 + 35% final, half-up to 2 decimals
    combine: {weighted: [stage1, stage2, stage3, final], decimals: 2}
"""

if __name__ == "__main__":
    main()
