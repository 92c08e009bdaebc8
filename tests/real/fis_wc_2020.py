"""The converter and the independent check of the two FIS Ski Jumping World Cup cycles of 2020,
tests/real/fis-wc-lillehammer-2020 and tests/real/fis-wc-zakopane-2020.

Why one module: both competitions come from the same extraction (github.com/wrotki8778/
Ski_jumping_data_center, which parsed the FIS result PDFs), with the same columns, the same kind of
hill file, the same scoring rules and the same file format. They differ only in the constants a
`Competition` holds: the official CSV's name, the cycle's id and title, and how the measured values
are written (YAML values sheets, one a round, or one CSV sheet: the twins exist so that both formats
are exercised). Each folder's convert.py constructs its `Competition` and calls `build()` or `write()`;
each official/check.py runs `Check(folder).run()`, which needs only the folder: the check does not take
the `Competition`'s constants on trust, it finds the official files itself (official/wc_*.csv and
official/wc_*.hill.txt) and reads the rest from the cycle's own files.

`Competition.build()` returns, byte for byte and always the same: cycle.yaml, judges.yaml,
entries/jumpers.yaml, one sheet per judge and round (scores/judge-a-round1.yaml ...), the measured
values (distance, gate and wind points) as YAML values sheets (scores/measured-round1.yaml,
scores/measured-round2.yaml) or one CSV values sheet (scores/measured.csv, one row per jump), and
official/expected.json (the official round points and ranks, and the final order, for the tests).

`Check(folder).run()` recomputes the competition from the folder's own files and compares it with the
official results. It reads cycle.yaml, judges.yaml, entries/jumpers.yaml and scores/ (the judges'
sheets and the measured values, whichever format) with a strict parser of the exact format `build()`
writes (every number is read as a Decimal, so all sums are exact); if PyYAML is installed, every YAML
file is also loaded with yaml.safe_load and must give the same data. It uses none of the converter's
code (only the data's round and column names and the call and category ids), so that a converter bug
is not repeated by the check. Then, against the official CSV in official/ (the FIS results as extracted):
* each sheet value equals the official value (marks A-E, distance, gate and wind points);
* each jump's points = distance + gate + wind + (sum of the five marks - highest - lowest) equals the
  official round points exactly, and the middle three equal the official style points;
* distance points = 60 + (distance - K) x meter value (hill file), as an extra check of the input;
* each round's ranking (ties share, 1 + the number scoring more) equals the official round rank;
* the top 30 of round 1 with all tied at 30th is exactly the set of jumpers with a final-round jump;
* the final places by the sum of both jumps (ties share) equal the places from the source order
  (equal totals share a place) and the extractor's final_rank_derived / total_derived columns;
* official/expected.json (written by the converter) says the same.

Standard library only (PyYAML, when installed, is only the check's optional cross-check)."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

Scale = tuple[Decimal, Decimal, Decimal]  # (min, max, step)

# ---- the data's shape, the same in both competitions ----------------------------------------
# Used by the converter and the check alike: they are the source's names and the ids the rules give them.

CALL = "hs140"
CATEGORY = "men"
ROUNDS = {"1": "round1", "2": "round2"}  # the data's round column -> the cycle's round id
COLUMNS = {"distance": "dist_points", "gate": "gate_points", "wind": "wind_points"}  # measured part -> column

# ---- the converter ---------------------------------------------------------------------------

JUDGE_LETTERS = "ABCDE"  # the data's judge_A .. judge_E columns
# The scales of cycle.yaml, checked by the converter against every value it writes.
MARK_SCALE: Scale = (Decimal(0), Decimal(20), Decimal("0.5"))
PART_SCALES: dict[str, Scale] = {"distance": (Decimal(0), Decimal(300), Decimal("0.1")),
                                 "gate": (Decimal(-100), Decimal(100), Decimal("0.1")),
                                 "wind": (Decimal(-100), Decimal(100), Decimal("0.1"))}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# cycle.yaml is CYCLE_COMMENT, the competition's `cycle:` and `title:` lines, then CYCLE_RULES.
CYCLE_COMMENT = """\
# FIS Ski Jumping World Cup scoring (FIS ICR, as applied in the official results; see SOURCE.md):
# a jump's points = distance points + the middle three of the five judges' style marks (the highest
# and the lowest are dropped) + gate compensation + wind compensation (both may be negative); the top 30
# of the first round, including all tied at 30th place, jump again; the result is the sum of both jumps.
"""
CYCLE_RULES = """\
organiser: International Ski Federation (FIS)
scale: {min: 0, max: 20, step: 0.5}
rules:
  aggregate: trimmed-sum
  trim: 1  # drop the highest and the lowest of the five marks, sum the middle three
  min_judges: 5  # all five judges mark every jump (trimming needs at least 3)
  total: weighted-sum  # the judged part plus the measured parts (distance, gate, wind points)
calls:
  hs140:
    title: Individual competition HS140
    categories:
      men:
        title: Men
        awards: {gold: 1, silver: 1, bronze: 1}
    measured:
      distance: {title: Distance points, scale: {min: 0, max: 300, step: 0.1}}
      gate: {title: Gate compensation, scale: {min: -100, max: 100, step: 0.1}}
      wind: {title: Wind compensation, scale: {min: -100, max: 100, step: 0.1}}
    rounds:
      round1: {title: First round, shortlist: {top: 30}}  # the top 30, with all tied at 30th, jump again
      round2: {title: Final round}
    combine: sum  # the result: first-round points + final-round points
"""


def number(text: str) -> str:
    """A number as written in the sheets: as in the data, without a trailing .0 (18, 18.5, -3.4, 0)."""
    value = Decimal(text)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def scaled(text: str, scale: Scale, what: str) -> str:
    """A value as written in the sheets, after making sure it is on its scale: a value off the
    cycle's scale would make the cycle invalid, so the converter refuses it with the jump named."""
    value = Decimal(text)
    low, high, step = scale
    if not (low <= value <= high and (value - low) % step == 0):
        raise ValueError(f"{what}: {text} is not on the scale {low}..{high} step {step}")
    return number(text)


def slug(name: str) -> str:
    """An entry id from the data's name ("family given", lower case): accents folded, words joined by '-'."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def capitalised(word: str) -> str:
    """A lower-case name word with the first letter of each hyphenated part upper case (Hans-Peter)."""
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def shown_name(name: str) -> str:
    """The name shown: the data has FIS's "FAMILY Given Names" in lower case; the family name is its
    first word (true of every name in these files, see SOURCE.md), so: given names, then family name."""
    words = name.split()
    return " ".join(capitalised(word) for word in words[1:] + words[:1])


def quoted(text: str) -> str:
    """A YAML double-quoted string, so that no name can be read as anything but text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def final_order(rows: list[dict[str, str]], ids: dict[str, str]) -> list[dict[str, object]]:
    """expected.json's "final": each jumper in the source order with the sum of their official round
    points and their place (equal totals share one); the source order must be the final order."""
    final: list[dict[str, object]] = []
    previous: tuple[Decimal, int] | None = None
    for position, name in enumerate(ids, start=1):
        total = sum((Decimal(row["round_points"]) for row in rows if row["name"] == name), Decimal(0))
        if previous is not None and total > previous[0]:
            raise ValueError(f"the source order is not the final order at {name}")
        place = previous[1] if previous is not None and total == previous[0] else position
        previous = (total, place)
        final.append({"entry": ids[name], "place": place, "total": float(total.quantize(Decimal("0.1")))})
    return final


@dataclass(frozen=True)
class Competition:
    """One of the two competitions: what differs between them. Everything else is this module's."""

    folder: Path  # the cycle folder (the one holding cycle.yaml and official/)
    source_name: str  # the official CSV, in folder/official
    measured_as: Literal["yaml", "csv"]  # "yaml": scores/measured-ROUND.yaml; "csv": one scores/measured.csv
    cycle_id: str
    title: str

    @property
    def source(self) -> Path:
        return self.folder / "official" / self.source_name

    def jumps(self) -> list[dict[str, str]]:
        """The CSV's rows (one per jump) in its order: each jumper's first-round row, then their
        final-round row if they jumped twice; jumpers in the official final order."""
        with self.source.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        seen: list[str] = []
        for row in rows:
            if row["round"] == "1":
                if row["name"] in seen:
                    raise ValueError(f"{row['name']} has two first-round jumps")
                seen.append(row["name"])
            elif row["round"] != "2" or not seen or seen[-1] != row["name"]:
                raise ValueError(f"unexpected row {row['source_row']}: a final-round jump must follow the jumper's first")
        return rows

    def measured_files(self, by_round: dict[str, list[dict[str, str]]], ids: dict[str, str]) -> dict[str, str]:
        """The measured values' sheets, in this competition's format."""

        def parts(row: dict[str, str]) -> list[str]:
            return [scaled(row[column], PART_SCALES[part], row["name"] + " " + part) for part, column in COLUMNS.items()]

        files: dict[str, str] = {}
        if self.measured_as == "yaml":
            for round_id, round_rows in by_round.items():
                lines = "".join(f"  {ids[row['name']]}: {{{', '.join(f'{p}: {v}' for p, v in zip(COLUMNS, parts(row), strict=True))}}}\n"
                                for row in round_rows)
                files[f"scores/measured-{round_id}.yaml"] = (
                    f"round: {round_id}\nmeasured_by: FIS timing and measuring (official results)\nvalues:\n{lines}")
        else:
            rows = [",".join(["round", "entry", *COLUMNS])]
            rows += [",".join([round_id, ids[row["name"]], *parts(row)]) for round_id, round_rows in by_round.items() for row in round_rows]
            files["scores/measured.csv"] = "\n".join(rows) + "\n"
        return files

    def build(self) -> dict[str, bytes]:
        """Every file the converter writes: {path relative to the cycle folder: bytes}."""
        rows = self.jumps()
        ids: dict[str, str] = {}
        for row in rows:
            ids.setdefault(row["name"], slug(row["name"]))
        if len(set(ids.values())) != len(ids) or not all(SLUG.fullmatch(i) for i in ids.values()):
            raise ValueError("entry ids are not unique ids")
        by_round = {round_id: [row for row in rows if row["round"] == key] for key, round_id in ROUNDS.items()}
        files: dict[str, str] = {"cycle.yaml": f"{CYCLE_COMMENT}cycle: {self.cycle_id}\ntitle: {self.title}\n{CYCLE_RULES}"}
        files["judges.yaml"] = "".join(f"judge-{j.lower()}: {{name: Judge {j}}}\n" for j in JUDGE_LETTERS)
        files["entries/jumpers.yaml"] = "".join(
            f"- id: {entry}\n  call: {CALL}\n  category: {CATEGORY}\n  title: {quoted(shown_name(name))}\n"
            f"  entrant: {{name: {quoted(shown_name(name))}, type: individual}}\n" for name, entry in ids.items())
        for round_id, round_rows in by_round.items():
            for j in JUDGE_LETTERS:
                lines = "".join(f"  {ids[row['name']]}: {scaled(row['judge_' + j], MARK_SCALE, row['name'] + ' judge ' + j)}\n"
                                for row in round_rows)
                files[f"scores/judge-{j.lower()}-{round_id}.yaml"] = f"judge: judge-{j.lower()}\nround: {round_id}\nscores:\n{lines}"
        files.update(self.measured_files(by_round, ids))

        expected: dict[str, object] = {
            round_id: {ids[row["name"]]: {"points": float(Decimal(row["round_points"])), "rank": int(row["round_rank"])}
                       for row in round_rows} for round_id, round_rows in by_round.items()}
        expected["final"] = final_order(rows, ids)
        expected["round2_field"] = [ids[row["name"]] for row in by_round["round2"]]
        files["official/expected.json"] = json.dumps(expected, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        return {path: files[path].encode("utf-8") for path in sorted(files)}

    def write(self) -> None:
        """Write `build()`'s files into the cycle folder; a file already as built is left untouched."""
        for path, data in self.build().items():
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_bytes() != data:
                target.write_bytes(data)


# ---- the independent check -------------------------------------------------------------------

NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"
ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"


def match(pattern: str, line: str, where: str) -> re.Match[str]:
    """The line, which must match the pattern whole: the format is exact, anything else stops the check."""
    found = re.fullmatch(pattern, line)
    if found is None:
        raise SystemExit(f"{where}: unexpected line {line!r}")
    return found


def ranks(points: dict[str, Decimal]) -> dict[str, int]:
    """Competition ranking: 1 + the number of entries with more points (ties share)."""
    ordered = sorted(points.values(), reverse=True)
    return {entry: 1 + sum(1 for other in ordered if other > value) for entry, value in points.items()}


def middle(marks: list[Decimal], trim: int) -> Decimal:
    """The sum of the marks without the `trim` highest and the `trim` lowest."""
    kept = sorted(marks)[trim:len(marks) - trim]
    return sum(kept, Decimal(0))


def on_scale(value: Decimal, scale: Scale) -> bool:
    low, high, step = scale
    return low <= value <= high and (value - low) % step == 0


def decimals(groups: tuple[str | None, ...]) -> Scale:
    """A (min, max, step) scale from a match's three groups."""
    low, high, step = (Decimal(group or "") for group in groups)
    return low, high, step


@dataclass(frozen=True)
class Rules:
    """What the check reads from cycle.yaml (and needs): the marks' scale, the trim, the number of
    judges, the shortlist's size and the measured parts' scales."""

    scale: Scale
    trim: int
    min_judges: int
    top: int
    parts: dict[str, Scale]


class Check:
    """The check of one cycle folder: its files, read when constructed, and the mismatches found."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[str] = []
        self.rules = self.read_cycle()
        self.judges = self.read_judges()
        self.entries = self.read_entries()
        self.parts = list(self.rules.parts)
        self.measured = self.read_measured(self.parts)

    def fail(self, message: str) -> None:
        self.problems.append(message)

    def lines(self, path: Path) -> list[str]:
        data = path.read_bytes()
        if b"\r" in data:
            self.fail(f"{path.name}: not LF line endings")
        return data.decode("utf-8").split("\n")[:-1]

    # ---- the cycle's own files ---------------------------------------------------------------

    def read_cycle(self) -> Rules:
        text = (self.folder / "cycle.yaml").read_text(encoding="utf-8")
        body = "\n".join(line.split("  #")[0] for line in text.split("\n") if not line.startswith("#"))
        scale = decimals(match(r"(?s).*\nscale: \{min: (" + NUMBER + r"), max: (" + NUMBER + r"), step: (" + NUMBER + r")\}\n.*",
                               body, "cycle.yaml").groups())
        found = match(r"(?s).*\n  aggregate: trimmed-sum\n  trim: ([0-9]+)\n  min_judges: ([0-9]+)\n  total: weighted-sum\n.*", body, "cycle.yaml")
        top = int(match(r"(?s).*\n      round1: \{title: First round, shortlist: \{top: ([0-9]+)\}\}\n      round2: \{title: Final round\}\n"
                        r"    combine: sum\n.*", body, "cycle.yaml").group(1))
        parts = {}
        for part, low, high, step in re.findall(r"\n      (" + ID + r"): \{title: [^,{}]+, scale: \{min: (" + NUMBER + r"), max: (" + NUMBER +
                                                r"), step: (" + NUMBER + r")\}\}", body):
            parts[part] = (Decimal(low), Decimal(high), Decimal(step))
        return Rules(scale=scale, trim=int(found.group(1)), min_judges=int(found.group(2)), top=top, parts=parts)

    def read_judges(self) -> list[str]:
        return [match(r"(" + ID + r"): \{name: (Judge [A-E])\}", line, "judges.yaml").group(1) for line in self.lines(self.folder / "judges.yaml")]

    def read_entries(self) -> list[dict[str, str]]:
        rows = self.lines(self.folder / "entries" / "jumpers.yaml")
        if len(rows) % 5:
            raise SystemExit("entries/jumpers.yaml: not 5 lines per entry")
        entries = []
        for at in range(0, len(rows), 5):
            entry = {"id": match(r"- id: (" + ID + r")", rows[at], "jumpers.yaml").group(1),
                     "call": match(r"  call: (" + ID + r")", rows[at + 1], "jumpers.yaml").group(1),
                     "category": match(r"  category: (" + ID + r")", rows[at + 2], "jumpers.yaml").group(1),
                     "title": match(r'  title: "([^"\\]+)"', rows[at + 3], "jumpers.yaml").group(1)}
            found = match(r'  entrant: \{name: "([^"\\]+)", type: individual\}', rows[at + 4], "jumpers.yaml")
            entry["name"] = found.group(1)
            entries.append(entry)
        return entries

    def read_judge_sheet(self, path: Path) -> tuple[str, str, dict[str, Decimal]]:
        rows = self.lines(path)
        judge = match(r"judge: (" + ID + r")", rows[0], path.name).group(1)
        round_id = match(r"round: (" + ID + r")", rows[1], path.name).group(1)
        match(r"scores:", rows[2], path.name)
        scores: dict[str, Decimal] = {}
        for line in rows[3:]:
            entry, mark = match(r"  (" + ID + r"): (" + NUMBER + r")", line, path.name).groups()
            if entry in scores:
                self.fail(f"{path.name}: {entry} twice")
            scores[entry] = Decimal(mark)
        return judge, round_id, scores

    def read_measured(self, parts: list[str]) -> dict[str, dict[str, dict[str, Decimal]]]:
        """round -> entry -> part -> value, from scores/measured-*.yaml or scores/measured.csv."""
        measured: dict[str, dict[str, dict[str, Decimal]]] = {}
        sheet_csv = self.folder / "scores" / "measured.csv"
        if sheet_csv.exists():
            rows = self.lines(sheet_csv)
            if rows[0] != ",".join(["round", "entry", *parts]):
                self.fail(f"measured.csv: header {rows[0]!r}")
            for row in csv.reader(rows[1:]):
                for cell in row[2:]:
                    match(NUMBER, cell, "measured.csv")
                values = measured.setdefault(row[0], {})
                if row[1] in values:
                    self.fail(f"measured.csv: {row[0]} {row[1]} twice")
                values[row[1]] = dict(zip(parts, map(Decimal, row[2:]), strict=True))
        for path in sorted((self.folder / "scores").glob("measured-*.yaml")):
            rows = self.lines(path)
            round_id = match(r"round: (" + ID + r")", rows[0], path.name).group(1)
            match(r"measured_by: [^:#]+", rows[1], path.name)
            match(r"values:", rows[2], path.name)
            values = measured.setdefault(round_id, {})
            part_pattern = ", ".join(f"{part}: ({NUMBER})" for part in parts)
            for line in rows[3:]:
                found = match(r"  (" + ID + r"): \{" + part_pattern + r"\}", line, path.name)
                if found.group(1) in values:
                    self.fail(f"{path.name}: {found.group(1)} twice")
                values[found.group(1)] = dict(zip(parts, map(Decimal, found.groups()[1:]), strict=True))
        return measured

    def same_as_pyyaml(self) -> str:
        """Whether PyYAML reads every YAML file as the strict parser did (numbers compared as floats)."""
        try:
            import yaml  # noqa: PLC0415 (optional cross-check)
        except ImportError:
            return "PyYAML not installed: cross-check skipped"
        rules = self.rules
        count = 0
        for path in sorted(self.folder.rglob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            count += 1
            rel = path.relative_to(self.folder).as_posix()
            if rel == "cycle.yaml":
                call = data["calls"][CALL]
                if (data["rules"] != {"aggregate": "trimmed-sum", "trim": rules.trim, "min_judges": rules.min_judges, "total": "weighted-sum"}
                        or call["rounds"]["round1"]["shortlist"] != {"top": rules.top} or call["combine"] != "sum"
                        or {p: (v["scale"]["min"], v["scale"]["max"], v["scale"]["step"]) for p, v in call["measured"].items()}
                        != {p: tuple(map(float, v)) for p, v in rules.parts.items()}
                        or (data["scale"]["min"], data["scale"]["max"], data["scale"]["step"]) != tuple(map(float, rules.scale))):
                    self.fail("cycle.yaml: PyYAML reads other rules")
            elif rel == "judges.yaml":
                if list(data) != self.judges or any(v != {"name": f"Judge {k[-1].upper()}"} for k, v in data.items()):
                    self.fail("judges.yaml: PyYAML reads other judges")
            elif rel == "entries/jumpers.yaml":
                mine = [{"id": e["id"], "call": e["call"], "category": e["category"], "title": e["title"],
                         "entrant": {"name": e["name"], "type": "individual"}} for e in self.entries]
                if data != mine:
                    self.fail("entries/jumpers.yaml: PyYAML reads other entries")
            elif rel.startswith("scores/judge-"):
                judge, round_id, scores = self.read_judge_sheet(path)
                if data != {"judge": judge, "round": round_id, "scores": {k: float(v) for k, v in scores.items()}}:
                    self.fail(f"{rel}: PyYAML reads other marks")
                if any(isinstance(v, str) for v in data["scores"].values()):
                    self.fail(f"{rel}: a mark is text")
            elif rel.startswith("scores/measured-"):
                values = self.measured[data["round"]]
                if data["values"] != {e: {p: float(v) for p, v in parts.items()} for e, parts in values.items()}:
                    self.fail(f"{rel}: PyYAML reads other values")
            else:
                self.fail(f"{rel}: unexpected YAML file")
        return f"PyYAML reads all {count} YAML files as the strict parser does"

    # ---- against the official results -------------------------------------------------------

    def official(self) -> tuple[list[dict[str, str]], Decimal, Decimal]:
        """The official CSV's rows, and the hill's K point and meter value."""
        official_csv = sorted((self.folder / "official").glob("wc_*.csv"))
        hill_file = sorted((self.folder / "official").glob("wc_*.hill.txt"))
        if len(official_csv) != 1 or len(hill_file) != 1:
            raise SystemExit("official/: expected one wc_*.csv and one wc_*.hill.txt")
        with official_csv[0].open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        hill = {key: value for key, colon, value in (line.partition(": ") for line in hill_file[0].read_text(encoding="utf-8").splitlines())
                if colon}
        return rows, Decimal(hill["k.point"]), Decimal(hill["meter.value"])

    def check_entries(self, rows: list[dict[str, str]]) -> dict[str, str]:
        """Entries against the data: one per jumper, in the data's order, names given back. Data name -> id."""
        ids = [e["id"] for e in self.entries]
        names = list(dict.fromkeys(row["name"] for row in rows))
        if len(set(ids)) != len(ids):
            self.fail("entry ids are not unique")
        if len(ids) != len(names):
            raise SystemExit(f"{len(ids)} entries, {len(names)} jumpers in the data")
        for entry, name in zip(self.entries, names, strict=True):
            words = entry["title"].lower().split()
            if " ".join(words[-1:] + words[:-1]) != name or entry["name"] != entry["title"]:
                self.fail(f"{entry['id']}: title {entry['title']!r} does not give back the data's name {name!r}")
            if entry["call"] != CALL or entry["category"] != CATEGORY:
                self.fail(f"{entry['id']}: call/category")
        return dict(zip(names, ids, strict=True))

    def read_marks(self) -> tuple[dict[str, dict[str, dict[str, Decimal]]], int]:
        """round -> entry -> judge -> mark from the judges' sheets (checked: names, scale, five marks a jump,
        the same entries as the measured values); and the number of sheets."""
        marks: dict[str, dict[str, dict[str, Decimal]]] = {}
        sheets = sorted((self.folder / "scores").glob("judge-*.yaml"))
        for path in sheets:
            judge, round_id, scores = self.read_judge_sheet(path)
            if path.name != f"{judge}-{round_id}.yaml" or judge not in self.judges:
                self.fail(f"{path.name}: judge {judge}, round {round_id}")
            for entry, mark in scores.items():
                if not on_scale(mark, self.rules.scale):
                    self.fail(f"{path.name}: {entry} {mark} off the scale")
                marks.setdefault(round_id, {}).setdefault(entry, {})[judge] = mark
        if self.rules.min_judges != len(self.judges):
            self.fail(f"cycle.yaml: min_judges {self.rules.min_judges}, {len(self.judges)} judges")
        for round_id in ROUNDS.values():
            for entry, given in marks.get(round_id, {}).items():
                if sorted(given) != sorted(self.judges):
                    self.fail(f"{round_id} {entry}: marks from {sorted(given)}")
            if set(marks.get(round_id, {})) != set(self.measured.get(round_id, {})):
                self.fail(f"{round_id}: the judges' sheets and the measured values name different entries")
            for entry, values in self.measured.get(round_id, {}).items():
                for part, value in values.items():
                    if not on_scale(value, self.rules.parts[part]):
                        self.fail(f"{round_id} {entry} {part} {value} off the scale")
        return marks, len(sheets)

    def check_jump(self, row: dict[str, str], entry: str, given: dict[str, Decimal], values: dict[str, Decimal],
                   hill: tuple[Decimal, Decimal]) -> Decimal:
        """One jump: the sheets' values equal the official ones; its recomputed points (returned)."""
        where = f"{ROUNDS[row['round']]} {entry}"
        for judge in self.judges:
            column = "judge_" + judge[-1].upper()
            if given[judge] != Decimal(row[column]):
                self.fail(f"{where} {judge}: sheet {given[judge]} != official {row[column]}")
        for part, column in COLUMNS.items():
            if values[part] != Decimal(row[column]):
                self.fail(f"{where} {part}: sheet {values[part]} != official {row[column]}")
        style = middle([given[j] for j in self.judges], self.rules.trim)
        if style != Decimal(row["style_points"]):
            self.fail(f"{where}: style {style} != official {row['style_points']}")
        k_point, meter = hill
        if Decimal(60) + (Decimal(row["dist_m"]) - k_point) * meter != Decimal(row["dist_points"]):
            self.fail(f"{where}: distance points {row['dist_points']} != 60 + ({row['dist_m']} - K) x {meter}")
        return sum(values.values(), Decimal(0)) + style

    def check_ranks(self, points: dict[str, dict[str, Decimal]], official_rank: dict[str, dict[str, int]]) -> dict[str, int]:
        """Each round's recomputed ranking against the official round ranks: matches per round."""
        matched = {}
        for round_id in ROUNDS.values():
            mine = ranks(points[round_id])
            matched[round_id] = 0
            for entry, rank in official_rank[round_id].items():
                if mine[entry] != rank:
                    self.fail(f"{round_id} {entry}: recomputed rank {mine[entry]} != official {rank}")
                else:
                    matched[round_id] += 1
        return matched

    def check_cut(self, points: dict[str, dict[str, Decimal]]) -> str:
        """The top K of round 1 with all tied at K-th = the final-round field; a note on the scores at the cut."""
        top = self.rules.top
        shortlist = {entry for entry, rank in ranks(points["round1"]).items() if rank <= top}
        if shortlist != set(points["round2"]):
            self.fail(f"the top {top} with ties {sorted(shortlist)} != the final-round field {sorted(points['round2'])}")
        scores = sorted(points["round1"].values(), reverse=True)
        return (f"{len(shortlist)} jumpers (round-1 scores at places {top - 1}-{top + 2}: "
                f"{', '.join(str(s) for s in scores[top - 2:top + 2])})")

    def check_final(self, rows: list[dict[str, str]], by_name: dict[str, str],
                    points: dict[str, dict[str, Decimal]]) -> tuple[dict[str, Decimal], dict[str, int]]:
        """Final places by the sum of both jumps (ties share) against the source order; totals and places."""
        ids = list(by_name.values())
        totals = {entry: points["round1"][entry] + points["round2"].get(entry, Decimal(0)) for entry in ids}
        final = ranks(totals)
        source_place: dict[str, int] = {}
        for position, entry in enumerate(ids, start=1):
            before = ids[position - 2] if position > 1 else None
            if before is not None and totals[before] < totals[entry]:
                self.fail(f"source order: {entry} has more points than {before} above")
            source_place[entry] = source_place[before] if before is not None and totals[before] == totals[entry] else position
            if final[entry] != source_place[entry]:
                self.fail(f"final {entry}: recomputed place {final[entry]} != source place {source_place[entry]}")
        for row in rows:
            entry = by_name[row["name"]]
            if Decimal(row["total_derived"]) != totals[entry] or int(row["final_rank_derived"]) != final[entry]:
                self.fail(f"final {entry}: total/place {totals[entry]}/{final[entry]} != extractor's {row['total_derived']}/{row['final_rank_derived']}")
        return totals, final

    def check_expected(self, ids: list[str], points: dict[str, dict[str, Decimal]], totals: dict[str, Decimal], final: dict[str, int]) -> None:
        """official/expected.json (written by the converter) against the recomputation."""
        expected = json.loads((self.folder / "official" / "expected.json").read_text(encoding="utf-8"))
        for round_id in ROUNDS.values():
            mine = ranks(points[round_id])
            if expected[round_id] != {e: {"points": float(p), "rank": mine[e]} for e, p in points[round_id].items()}:
                self.fail(f"expected.json: {round_id} differs")
        if expected["final"] != [{"entry": e, "place": final[e], "total": float(totals[e])} for e in ids]:
            self.fail("expected.json: final differs")
        if expected["round2_field"] != [e for e in ids if e in points["round2"]]:
            self.fail("expected.json: round2_field differs")

    def run(self) -> int:
        """All the checks, then the report on stdout: 0 when everything matches, 1 otherwise."""
        rows, k_point, meter = self.official()
        by_name = self.check_entries(rows)
        ids = list(by_name.values())
        marks, sheets = self.read_marks()
        points: dict[str, dict[str, Decimal]] = {r: {} for r in ROUNDS.values()}
        official_rank: dict[str, dict[str, int]] = {r: {} for r in ROUNDS.values()}
        matched = 0
        for row in rows:
            round_id, entry = ROUNDS[row["round"]], by_name[row["name"]]
            total = self.check_jump(row, entry, marks[round_id][entry], self.measured[round_id][entry], (k_point, meter))
            if total != Decimal(row["round_points"]):
                self.fail(f"{round_id} {entry}: recomputed {total} != official {row['round_points']}")
            else:
                matched += 1
            points[round_id][entry] = total
            official_rank[round_id][entry] = int(row["round_rank"])
        rank_matched = self.check_ranks(points, official_rank)
        cut_note = self.check_cut(points)
        totals, final = self.check_final(rows, by_name, points)
        self.check_expected(ids, points, totals, final)

        pyyaml = self.same_as_pyyaml()
        ties = {r: sorted(str(v) for v, n in Counter(points[r].values()).items() if n > 1) for r in ROUNDS.values()}
        total_ties = sorted(str(v) for v, n in Counter(totals.values()).items() if n > 1)
        print(f"{self.folder.name}: {len(ids)} jumpers, {len(rows)} jumps, {sheets} judges' sheets")
        print(f"  jumps whose recomputed points equal the official round points: {matched}/{len(rows)}")
        print(f"  recomputed round ranks equal to the official: round1 {rank_matched['round1']}/{len(official_rank['round1'])}, "
              f"round2 {rank_matched['round2']}/{len(official_rank['round2'])}")
        print(f"  final-round field = top {self.rules.top} of round 1 with ties: {cut_note}")
        print(f"  final places (sum of both jumps, ties share) = places from the source order: {len(ids)} jumpers")
        print(f"  tied points: round1 {ties['round1']}, round2 {ties['round2']}, totals {total_ties}")
        print(f"  {pyyaml}")
        for problem in self.problems:
            print("MISMATCH:", problem)
        print("OK" if not self.problems else f"{len(self.problems)} mismatch(es)")
        return 0 if not self.problems else 1
