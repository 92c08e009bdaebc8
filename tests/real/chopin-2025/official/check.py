"""Recompute the whole competition from this cycle folder's own files and compare it with the official
figures.

Reads cycle.yaml, judges.yaml, entries/pianists.yaml and the juror sheets in scores/ with a strict
parser of the exact format convert.py writes (standard library only; every number is a Decimal, so
every sum and mean is exact). If PyYAML is installed, every YAML file is also loaded with
yaml.safe_load and must give the same data. The rules (SOURCE.md) are written out below, and
cycle.yaml must say the same. Then:

* each sheet's marks are the raw marks (`punkty`) of official/chopin_competition_scores.csv;
* each stage result, recomputed from the sheets (centre = the jurors' mean half-up to 2 decimals; a
  mark further than the limit, 3 in stage 1 and 2 after, moved to centre +- limit; result = the mean
  of the corrected marks half-up to 2 decimals), equals the official one, for every performance: in
  the scores CSV (`korekta`, last column) and in the results PDF (official/results_2025.csv); every
  corrected mark equals the CSV's `korekta` cell;
* the cumulative values (the weighted mean of the stage results, half-up to 2 decimals) equal the
  results PDF's `Wynik` after stages 2 and 3 and in the final;
* each cut (top K by the stage 1 result or the cumulative value at 2 decimals, all tied at the cut
  going on) gives exactly the pianists with marks in the next stage, and the PDF's `Awans`;
* the final ranking and the award counts of cycle.yaml give the prizes of official_prizes_2025.csv
  and the PDF's `Miejsce`; the reported final values equal the computed ones;
* official/expected.json (written by convert.py) says the same.

It also shows the values around each cut before rounding, and how the cuts and the final order would
come out if the unrounded values were compared.

Run from anywhere: `python official/check.py`. Exit status 0 when everything matches."""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent
OFFICIAL = FOLDER / "official"
CENT = Decimal("0.01")
ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ROUNDS = ["stage1", "stage2", "stage3", "final"]
CSV_STAGE = {"1": "stage1", "2": "stage2", "3": "stage3", "final": "final"}

# The rules, as SOURCE.md states them.
SCALE = (Decimal(1), Decimal(25), Decimal(1))
LIMIT = {"stage1": Decimal(3), "stage2": Decimal(2), "stage3": Decimal(2), "final": Decimal(2)}
# round -> (how many go on, the weights of the value the cut is on)
CUTS = {"stage1": (40, {"stage1": 100}),
        "stage2": (20, {"stage1": 30, "stage2": 70}),
        "stage3": (10, {"stage1": 10, "stage2": 20, "stage3": 70})}
FINAL = {"stage1": 10, "stage2": 20, "stage3": 35, "final": 35}
AWARDS = [("first", 1), ("second", 1), ("third", 1), ("fourth", 2), ("fifth", 2), ("sixth", 1)]

problems: list[str] = []


def fail(message: str) -> None:
    problems.append(message)


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def slug(name: str) -> str:
    """convert.py's id rule (copied): no accents, lower case, words joined by '-', Ł written L."""
    plain = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def lines(path: Path) -> list[str]:
    data = path.read_bytes()
    if b"\r" in data or not data.endswith(b"\n"):
        fail(f"{path.name}: not LF line endings")
    return data.decode("utf-8").split("\n")[:-1]


def match(pattern: str, line: str, where: str) -> re.Match[str]:
    found = re.fullmatch(pattern, line)
    if found is None:
        raise SystemExit(f"{where}: unexpected line {line!r}")
    return found


# ---- the cycle's own files -------------------------------------------------------------------

def weights(text: str) -> dict[str, int]:
    return {key: int(value) for key, value in re.findall(r"(" + ID + r"): ([0-9]+)", text)}


def read_cycle() -> dict[str, object]:
    """The rules cycle.yaml states, read from its exact lines (comments dropped)."""
    body = [line.split("   #")[0].split("  #")[0].rstrip() for line in lines(FOLDER / "cycle.yaml") if not line.lstrip().startswith("#")]
    text = "\n".join(body) + "\n"
    cycle: dict[str, object] = {}
    found = match(r"(?s).*\nscale: \{min: ([0-9]+), max: ([0-9]+), step: ([0-9]+)\}\n.*", text, "cycle.yaml")
    cycle["scale"] = tuple(Decimal(v) for v in found.groups())
    found = match(r"(?s).*\nrules:\n  aggregate: mean\n  correct: \{around: mean, limit: ([0-9]+)\}\n  decimals: ([0-9]+)\n.*", text, "cycle.yaml")
    limit, decimals = Decimal(found.group(1)), int(found.group(2))
    cycle["decimals"] = decimals
    rounds = re.findall(r"\n      (" + ID + r"): \{title: \"[^\"]+\", weight: ([0-9]+)(?:, rules: \{correct: \{around: mean, limit: ([0-9]+)\}\})?"
                        r"(?:, shortlist: \{top: ([0-9]+)(?:, on: \{([^{}]*)\}, decimals: ([0-9]+))?\})?\}(?=\n)", text)
    cycle["rounds"] = [r[0] for r in rounds]
    cycle["limit"] = {r[0]: Decimal(r[2]) if r[2] else limit for r in rounds}
    cycle["weight"] = {r[0]: int(r[1]) for r in rounds}
    cycle["cuts"] = {r[0]: (int(r[3]), weights(r[4]) if r[4] else {r[0]: 100}) for r in rounds if r[3]}
    cycle["cut_decimals"] = {r[0]: int(r[5]) for r in rounds if r[5]}
    found = match(r"(?s).*\n    combine: \{weighted: \[([a-z0-9, -]+)\], decimals: ([0-9]+)\}\n.*", text, "cycle.yaml")
    cycle["combine"] = (found.group(1).split(", "), int(found.group(2)))
    cycle["awards"] = [(a, int(c)) for a, c in re.findall(r"\n          (" + ID + r"): \{count: ([0-9]+), title: \"[^\"]+\"\}", text)]
    return cycle


def check_cycle(cycle: dict[str, object]) -> None:
    stated = {"scale": SCALE, "decimals": 2, "rounds": ROUNDS, "limit": LIMIT, "weight": FINAL, "cuts": CUTS,
              "cut_decimals": {"stage2": 2, "stage3": 2}, "combine": (ROUNDS, 2), "awards": AWARDS}
    for key, value in stated.items():
        if cycle.get(key) != value:
            fail(f"cycle.yaml: {key} is {cycle.get(key)}, the rules say {value}")
    # the cut after stage 1 is on stage 1 alone (no `on:`): the same as weights {stage1: 100}


def read_judges() -> dict[str, str]:
    judges: dict[str, str] = {}
    for line in lines(FOLDER / "judges.yaml"):
        judge, name = match(r"(" + ID + r"): \{name: \"([^\"\\]+)\"\}", line, "judges.yaml").groups()
        judges[judge] = name
    return judges


def read_entries() -> dict[str, str]:
    """entry id -> name."""
    rows = lines(FOLDER / "entries" / "pianists.yaml")
    if len(rows) % 5:
        raise SystemExit("entries/pianists.yaml: not 5 lines per entry")
    entries: dict[str, str] = {}
    for at in range(0, len(rows), 5):
        entry = match(r"- id: (" + ID + r")", rows[at], "pianists.yaml").group(1)
        match(r"  call: piano", rows[at + 1], "pianists.yaml")
        match(r"  category: piano", rows[at + 2], "pianists.yaml")
        title = match(r'  title: "([^"\\]+), no\. ([0-9]+)"', rows[at + 3], "pianists.yaml").group(1)
        name = match(r'  entrant: \{name: "([^"\\]+)", type: individual\}', rows[at + 4], "pianists.yaml").group(1)
        if title != name or entry in entries or slug(name) != entry:
            fail(f"pianists.yaml: {entry}")
        entries[entry] = name
    return entries


def read_sheets(judges: dict[str, str], entries: dict[str, str]) -> dict[str, dict[str, dict[str, Decimal]]]:
    """round -> entry -> juror -> raw mark."""
    marks: dict[str, dict[str, dict[str, Decimal]]] = {r: {} for r in ROUNDS}
    for path in sorted((FOLDER / "scores").iterdir()):
        rows = lines(path)
        judge = match(r"judge: (" + ID + r")", rows[0], path.name).group(1)
        round_id = match(r"round: (" + ID + r")", rows[1], path.name).group(1)
        match(r"scores:", rows[2], path.name)
        if path.name != f"{judge}-{round_id}.yaml" or judge not in judges or round_id not in marks:
            fail(f"{path.name}: judge {judge}, round {round_id}")
        for line in rows[3:]:
            entry, value = match(r"  (" + ID + r"): ([0-9]+)", line, path.name).groups()
            mark = Decimal(value)
            if entry not in entries or judge in marks[round_id].get(entry, {}):
                fail(f"{path.name}: {entry}")
            if not SCALE[0] <= mark <= SCALE[1] or (mark - SCALE[0]) % SCALE[2]:
                fail(f"{path.name}: {entry} {mark} off the scale")
            marks[round_id].setdefault(entry, {})[judge] = mark
    return marks


def check_with_pyyaml(judges: dict[str, str], entries: dict[str, str], marks: dict[str, dict[str, dict[str, Decimal]]]) -> bool:
    try:
        import yaml
    except ImportError:
        return False
    if yaml.safe_load((FOLDER / "judges.yaml").read_text(encoding="utf-8")) != {j: {"name": n} for j, n in judges.items()}:
        fail("judges.yaml: PyYAML reads other data")
    loaded = yaml.safe_load((FOLDER / "entries" / "pianists.yaml").read_text(encoding="utf-8"))
    if [(e["id"], e["entrant"]["name"]) for e in loaded] != list(entries.items()):
        fail("pianists.yaml: PyYAML reads other data")
    seen: dict[str, dict[str, dict[str, Decimal]]] = {r: {} for r in ROUNDS}
    for path in sorted((FOLDER / "scores").iterdir()):
        sheet = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry, mark in sheet["scores"].items():
            seen[sheet["round"]].setdefault(entry, {})[sheet["judge"]] = Decimal(mark)
    if seen != marks:
        fail("scores/: PyYAML reads other marks")
    cycle = yaml.safe_load((FOLDER / "cycle.yaml").read_text(encoding="utf-8"))
    call = cycle["calls"]["piano"]
    rounds = call["rounds"]
    got = {"limit": {r: Decimal(str((v.get("rules") or cycle["rules"])["correct"]["limit"])) for r, v in rounds.items()},
           "weight": {r: v["weight"] for r, v in rounds.items()},
           # PyYAML reads YAML 1.1, where the key `on` is the boolean true (smartaward's dialect keeps it "on")
           "cuts": {r: (v["shortlist"]["top"], v["shortlist"].get(True, {r: 100})) for r, v in rounds.items() if "shortlist" in v},
           "combine": call["combine"], "awards": [(a, v["count"]) for a, v in call["categories"]["piano"]["awards"].items()]}
    want = {"limit": LIMIT, "weight": FINAL, "cuts": CUTS, "combine": {"weighted": ROUNDS, "decimals": 2}, "awards": AWARDS}
    if got != want:
        fail(f"cycle.yaml: PyYAML reads {got}")
    return True


# ---- the rules -------------------------------------------------------------------------------

def stage_result(marks: dict[str, Decimal], limit: Decimal) -> tuple[Decimal, dict[str, Decimal]]:
    centre = half_up(sum(marks.values(), Decimal(0)) / len(marks))
    corrected = {j: min(max(m, centre - limit), centre + limit) for j, m in marks.items()}
    return half_up(sum(corrected.values(), Decimal(0)) / len(corrected)), corrected


def weighted(scores: dict[str, dict[str, Decimal]], entry: str, by: dict[str, int]) -> Decimal:
    """The weighted mean of the (rounded) stage results, unrounded (exact)."""
    return sum((w * scores[r][entry] for r, w in by.items()), Decimal(0)) / sum(by.values())


def top_with_ties(values: dict[str, Decimal], k: int) -> set[str]:
    line = sorted(values.values(), reverse=True)[k - 1]
    return {e for e, v in values.items() if v >= line}


def four_places(value: Decimal) -> str:
    """An unrounded cumulative value, to the 4 decimals it has (weights in per cent of 2-decimal results)."""
    four = value.quantize(Decimal("0.0001"))
    if four != value:
        fail(f"{value} has more than 4 decimals")
    return str(four)


def rank(values: dict[str, Decimal]) -> dict[str, int]:
    return {e: 1 + sum(w > v for w in values.values()) for e, v in values.items()}


Scores = dict[str, dict[str, Decimal]]  # round -> entry -> value
Marks = dict[str, dict[str, dict[str, Decimal]]]  # round -> entry -> juror -> mark


def check_stage_results(marks: Marks, judges: dict[str, str], expected: dict, counts: dict[str, int]) -> Scores:
    """Each stage result recomputed from the sheets, against the official scores CSV."""
    rows = list(csv.reader((OFFICIAL / "chopin_competition_scores.csv").open(encoding="utf-8", newline="")))
    jurors = [slug(j) for j in rows[0][4:-1]]
    if jurors != list(judges):
        fail("judges.yaml: not the CSV's jurors")
    official: Scores = {r: {} for r in ROUNDS}
    scores: Scores = {r: {} for r in ROUNDS}
    cells = corrected_marks = 0
    for raw, fixed in zip(rows[1::2], rows[2::2], strict=True):
        round_id, entry = CSV_STAGE[raw[3]], slug(raw[1])
        given = {j: Decimal(v) for j, v in zip(jurors, raw[4:-1], strict=True) if v != ""}
        if marks[round_id].get(entry) != given:
            fail(f"{round_id} {entry}: the sheets' marks are not the CSV's")
        cells += len(given)
        official[round_id][entry] = Decimal(fixed[-1])
        score, corrected = stage_result(marks[round_id].get(entry, given), LIMIT[round_id])
        scores[round_id][entry] = score
        if score != official[round_id][entry]:
            fail(f"{round_id} {entry}: {score}, officially {fixed[-1]}")
        for juror, value in corrected.items():
            corrected_marks += value != given[juror]
            if value != Decimal(fixed[4 + jurors.index(juror)]):
                fail(f"{round_id} {entry} {juror}: corrected {value}, officially {fixed[4 + jurors.index(juror)]}")
        if str(score) != expected[round_id].get(entry):
            fail(f"expected.json: {round_id} {entry}")
    for round_id in ROUNDS:
        if set(marks[round_id]) != set(official[round_id]) or len(expected[round_id]) != len(official[round_id]):
            fail(f"{round_id}: the sheets' pianists are not the CSV's")
    counts["performances"] = sum(len(v) for v in official.values())
    counts["stage results equal"] = sum(scores[r][e] == official[r][e] for r in ROUNDS for e in official[r])
    counts["marks"] = cells
    counts["marks moved by the correction"] = corrected_marks
    return scores


def check_results_pdf(scores: Scores, counts: dict[str, int]) -> dict[str, dict[str, dict[str, str]]]:
    """The official results PDF, as transcribed: every stage result it prints. Returns its rows."""
    pdf: dict[str, dict[str, dict[str, str]]] = {r: {} for r in ROUNDS}
    with (OFFICIAL / "results_2025.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pdf[CSV_STAGE[row["stage"]]][slug(f"{row['first_name']} {row['last_name']}")] = row
    compared = 0
    for round_id in ROUNDS:
        if set(pdf[round_id]) != set(scores[round_id]):
            fail(f"results_2025.csv: {round_id}: other pianists {set(pdf[round_id]) ^ set(scores[round_id])}")
            continue
        for entry, row in pdf[round_id].items():
            printed = {"stage1": row["result"]} if round_id == "stage1" else {r: row[r] for r in ROUNDS[: ROUNDS.index(round_id) + 1]}
            for stage, text in printed.items():
                compared += 1
                if Decimal(text) != scores[stage][entry]:
                    fail(f"results PDF: {round_id} {entry}: {stage} {text}, computed {scores[stage][entry]}")
    counts["stage results compared with the results PDF"] = compared
    return pdf


def check_cuts(scores: Scores, marks: Marks, pdf: dict[str, dict[str, dict[str, str]]], expected: dict, counts: dict[str, int]) -> None:
    print("Cuts (cumulative values to 2 decimals half-up; all tied at the cut go on):")
    equal = 0
    for at, (round_id, (k, by)) in enumerate(CUTS.items()):
        following = ROUNDS[at + 1]
        exact = {e: weighted(scores, e, by) for e in scores[round_id]}
        values = {e: half_up(v) for e, v in exact.items()}
        if round_id != "stage1":
            key = f"cut{round_id[-1]}"
            if {e: str(v) for e, v in values.items()} != expected[key]:
                fail(f"expected.json: {key}")
            for entry, v in values.items():
                if Decimal(pdf[round_id][entry]["result"]) != v:
                    fail(f"results PDF: {round_id} {entry}: Wynik {pdf[round_id][entry]['result']}, computed {v}")
        through = top_with_ties(values, k)
        equal += through == set(marks[following])
        if through != set(marks[following]):
            fail(f"cut after {round_id}: {sorted(through ^ set(marks[following]))} differ from who played {following}")
        if through != {e for e, row in pdf[round_id].items() if row["advanced"] == "1"}:
            fail(f"cut after {round_id}: not the results PDF's Awans")
        if sorted(through) != expected[f"{following}_field"]:
            fail(f"expected.json: {following}_field")
        unrounded = top_with_ties(exact, k)
        line = sorted(values.values(), reverse=True)[k - 1]
        tied = sorted(e for e, v in values.items() if v == line)
        ranks, exact_ranks = rank(values), rank(exact)
        print(f"  after {round_id}: top {k} on {by}: {len(values)} -> {len(through)} (who played {following}: {len(marks[following])});"
              f" value at place {k}: {line}, tied there: {', '.join(tied)}")
        for entry in sorted(values, key=lambda e: (-exact[e], e))[max(0, k - 4) : k + 3]:
            print(f"    {ranks[entry]:>3} {entry:<22} {values[entry]}  unrounded {four_places(exact[entry])} (place {exact_ranks[entry]})"
                  f"  {'goes on' if entry in through else 'out'}")
        if unrounded == through:
            print(f"    compared unrounded: the same {len(unrounded)} go on")
        else:
            print(f"    compared unrounded: {len(unrounded)} would go on; {', '.join(sorted(through - unrounded)) or '-'} would be out,"
                  f" {', '.join(sorted(unrounded - through)) or '-'} in")
    counts["cuts equal to who played next"] = equal


def check_final(scores: Scores, pdf: dict[str, dict[str, dict[str, str]]], expected: dict, counts: dict[str, int]) -> None:
    """The final ranking and the prizes."""
    exact = {e: weighted(scores, e, FINAL) for e in scores["final"]}
    final = {e: half_up(v) for e, v in exact.items()}
    if {e: str(v) for e, v in final.items()} != expected["final_cumulative"]:
        fail("expected.json: final_cumulative")
    for entry, v in final.items():
        if Decimal(pdf["final"][entry]["result"]) != v:
            fail(f"results PDF: final {entry}: Wynik {pdf['final'][entry]['result']}, computed {v}")
    ranks = rank(final)
    order = sorted(final, key=lambda e: (ranks[e], -exact[e], e))
    awarded: dict[str, list[str]] = {}
    at = 0
    for award, count in AWARDS:  # down the ranking, as smartaward fills award slots (ex aequo never split)
        group = order[at : at + count]
        if at + count < len(order) and group and ranks[order[at + count]] == ranks[group[-1]]:
            fail(f"{award}: a tie straddles the award's {count} places")
        awarded[award] = sorted(group)
        at += count
    listed: dict[str, list[str]] = {award: [] for award, _ in AWARDS}
    reported: dict[str, Decimal] = {}
    with (OFFICIAL / "official_prizes_2025.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = slug(row["pianist"])
            reported[entry] = Decimal(row["final_cumulative_reported"])
            if row["prize"] != "finalist (no prize)":
                listed[AWARDS[int(row["prize"][0]) - 1][0]].append(entry)
    prizes = {a: sorted(v) for a, v in listed.items()}
    places = {a: sorted(e for e, row in pdf["final"].items() if row["place"] == str(n)) for n, (a, _) in enumerate(AWARDS, start=1)}
    if reported != final:
        fail(f"official_prizes_2025.csv: reported final values {reported} are not the computed ones")
    if awarded != prizes or prizes != places or prizes != expected["prizes"]:
        fail(f"prizes: by the ranking {awarded}, the prize list {prizes}, the results PDF {places}, expected.json {expected['prizes']}")
    if sorted(set(final) - {e for v in prizes.values() for e in v}) != expected["no_prize"]:
        fail("expected.json: no_prize")
    print("Final result (10/20/35/35, half-up to 2 decimals):")
    exact_ranks = rank(exact)
    for entry in order:
        award = next((a for a, v in prizes.items() if entry in v), "-")
        print(f"  {ranks[entry]:>2} {entry:<18} {final[entry]}  unrounded {four_places(exact[entry])} (place {exact_ranks[entry]})  {award}")
    counts["final results equal"] = sum(Decimal(pdf["final"][e]["result"]) == final[e] == reported[e] for e in final)
    counts["prizes equal"] = sum(len(v) for v in prizes.values()) if awarded == prizes == places else 0


def main() -> None:
    check_cycle(read_cycle())
    judges = read_judges()
    entries = read_entries()
    marks = read_sheets(judges, entries)
    pyyaml = check_with_pyyaml(judges, entries, marks)
    expected = json.loads((OFFICIAL / "expected.json").read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    scores = check_stage_results(marks, judges, expected, counts)
    pdf = check_results_pdf(scores, counts)
    check_cuts(scores, marks, pdf, expected, counts)
    check_final(scores, pdf, expected, counts)
    print("Counts:")
    for key, count in counts.items():
        print(f"  {key}: {count}")
    print(f"  YAML also read with PyYAML: {'yes' if pyyaml else 'no (not installed)'}")
    if problems:
        print(f"{len(problems)} MISMATCHES:")
        for problem in problems:
            print("  " + problem)
        sys.exit(1)
    print("OK: every figure matches")


if __name__ == "__main__":
    main()
