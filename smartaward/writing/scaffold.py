"""The files of a new cycle, as `smartaward init DIR` writes them into an empty (or new) folder.

A small cycle that passes `smartaward validate --strict` and ranks: a commented cycle.yaml (every
key said in a line), judges.yaml (with a declared conflict and an observer), example entries (one
file per entry, and a list in one file), one score sheet per judge, and a README. Each YAML file
starts with the editor modeline that `smartaward init` gives an existing cycle, so setting the
scaffold up for editors afterwards changes nothing.

The templates are Python strings (the package ships no data files). What they give depends only on
the id, the title and the year (`smartaward init` passes the current year unless --year names one):
no current date here, so the same arguments write the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

DEFAULT_YEAR = 2025

# Files and folders that make a folder look like (part of) a cycle: init will not scaffold beside
# them, since example entries and sheets would mix with real ones.
CYCLE_PARTS = ("judges.yaml", "judges.yml", "entries", "scores")


def slug(text: str) -> str:
    """An id from a folder name: "Seoul Prize 2025" → "seoul-prize-2025", "Zürich" → "zurich",
    "ÆØÅ ß straße" → "aeoa-ss-strasse".

    Latin letters lose their accents (and Æ, Ø, ß and the like are spelt out); other symbols become
    hyphens. Empty when nothing is left, or when the name has letters or digits with no Latin
    spelling ("日本", "Москва 2025"): an id made of what is left ("2025") would only mislead, so
    the caller asks for --id instead."""
    from smartaward.text.names import latin

    bare = latin(text)
    if any(ch.isalnum() and not ch.isascii() for ch in bare):
        return ""
    ascii_text = bare.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:120].strip("-")


def title_from(name: str) -> str:
    """A default title from an id or a folder name, its letters kept as they are: "seoul-prize-2025"
    → "Seoul Prize 2025", "zürich prize" → "Zürich Prize", "ÆØÅ ß straße" → "ÆØÅ ß straße".

    Hyphens and underscores separate words only in a name without spaces ("Saint-Étienne Prize"
    keeps its hyphen). A name written all in lower case gets capital initials; one with any capital
    letter keeps the case it was written in. Characters that cannot be printed are dropped."""
    text = "".join(ch for ch in name if ch.isprintable() or ch.isspace())
    words = text.split() if any(ch.isspace() for ch in text.strip()) else re.split(r"[-_\s]+", text)
    words = [word for word in words if word]
    if not any(ch.isupper() or ch.istitle() for ch in text):
        # one character for one: "ß".upper() is "SS", which would not be an initial
        words = [(word[0].upper() if len(word[0].upper()) == 1 else word[0]) + word[1:] for word in words]
    return " ".join(words)


SCHEMA_FOLDER = ".schema"
MODELINE = "# yaml-language-server: $schema="


def modeline(rel: str, kind: str) -> str:
    """The modeline for the file at `rel` (relative to the cycle folder): a path from its folder
    to the kind's schema in .schema/ (init gives every YAML file of a cycle this first line)."""
    from smartaward.model.schema import file_name

    up = "../" * (len(PurePosixPath(rel).parts) - 1)
    return f"{MODELINE}{up}{SCHEMA_FOLDER}/{file_name(kind)}"


_modeline = modeline


_CYCLE = """\
{modeline}
# cycle.yaml: the calls, categories, criteria, award slots and judging rules of the cycle.
# Written by `smartaward init` as an example: change it to your own cycle. Every key it may hold:
# `smartaward schema cycle`; what a problem's code means: `smartaward explain-code CODE`. Then:
#   smartaward validate    check every file (add --strict to fail on warnings too)
#   smartaward rank        rank the entries of each category
#   smartaward winners     allocate the awards
#   smartaward stats       the headline figures

# The cycle's id (lowercase letters, digits and hyphens) and its name, shown on rankings.
cycle: {cycle_id}
title: {title}
# Descriptive only.
organiser: "Example Organiser"
description: "An example cycle written by smartaward init."

# The default scale of every mark: min to max, in steps of step (a call or criterion may set its own).
scale: {{min: 0, max: 10, step: 0.5}}

# Every entrant type allowed in the cycle (this is the default list; a list written here replaces it).
entrant_types: [city, region, company, institution, organisation, individual]

# The judging rules. A call, or a round, may override aggregate, trim, per, total, normalise,
# min_scores, min_judges and tie_break.
rules:
  # How judges' marks combine into an entry's score: mean, median, sum, trimmed-mean, trimmed-sum,
  # or a rank method (rank-sum, borda, schulze, kemeny) that ranks each judge's marks first.
  aggregate: mean
  # For trimmed-mean and trimmed-sum: how many highest and how many lowest marks to drop.
  trim: 0
  # judge: each judge's weighted total first, then across judges; criterion: each criterion first.
  per: judge
  # How a judge's criterion marks make one total: weighted-mean or weighted-sum.
  total: weighted-mean
  # Correct lenient and harsh judges: none, z-score or percentile.
  normalise: none
  # A judge with fewer totals than this in a call (and round) is not normalised.
  min_scores: 5
  # An entry with fewer valid judges than this is listed unranked (warning J404).
  min_judges: 2
  # How equal scores are ordered, each rule tried in turn: criterion:ID, median, count-back,
  # first-places, spread, submitted, chair (see decisions below), shared.
  tie_break: ["criterion:impact", median, shared]
  # An entrant wins at most one award in the whole cycle (leave it out: no limit per entrant).
  one_award_per: entrant
  # At most this many awards go to entrants of one country.
  # max_awards_per_country: 2
  # Conflicts by rule: a judge's marks on an entrant sharing one of these facts (country, city,
  # affiliation) do not count; warning J410, or error J411 with severity: error.
  conflicts: {{same: [country], severity: warning}}

# Calls for entries, in the order of the rankings and of award filling.
calls:
  project:
    title: "Project awards"
    description: "Projects that made a city better for the people who live in it."
    # The first day for entries: one submitted before it is an error (J416).
    opens: {year}-03-01
    # The last day for entries: one submitted after it is late (warning J401) and not ranked.
    closes: {year}-06-30
    # The entrant types this call accepts (default: all of the cycle's).
    entrant_types: [city, region, company, institution, organisation]
    # scored (the default): judges mark the entries; designated: a committee names the winners.
    judging: scored
    # The criteria judges mark. weight: the share in a judge's total (only ratios matter);
    # scale: the criterion's own (default: the call's, else the cycle's); threshold: an entry whose
    # mean mark on the criterion is below it stays ranked but cannot take an award.
    criteria:
      impact:
        title: "Impact"
        description: "What changed for the people the project serves."
        weight: 2
      innovation:
        title: "Innovation"
        weight: 1
      feasibility:
        title: "Feasibility"
        weight: 1
        # threshold: 4
    # Every entry is in one category; each category is ranked on its own and fills its awards.
    categories:
      people:
        title: "People-centred city"
        # Award id → how many entries receive it, in order of precedence (gold is filled first).
        awards:
          gold: 1
          silver: 1
          # A typed slot: only entrants of these types (or countries: eligible: {{country: ["NO", SE]}}).
          corporate: {{count: 1, title: "Corporate award", eligible: {{entrant_type: company}}}}
      technology:
        title: "Technology innovation"
        awards:
          gold: 1
          silver: 1
          # Below min_score the slot stays empty (reported as unfilled: no award).
          bronze: {{count: 1, min_score: 5}}
    # Judging in rounds (default: one round). With rounds, each score sheet names its round
    # (round: evaluation) and the sheets usually go in scores/<round>/<judge>.yaml.
    # rounds:
    #   screening: {{title: "Eligibility", screening: true, passes: majority}}  # pass or fail
    #   evaluation: {{title: "Evaluation", shortlist: {{top: 10}}}}  # or {{threshold: 7.5}}
    #   final: {{title: "Final", rules: {{aggregate: median, min_judges: 3}}}}
    # How the scored rounds make the final score: final-only, sum, best or weighted.
    # combine: final-only
    # Overrides of the cycle's rules for this call (the keys a call may override, above).
    # rules: {{aggregate: median}}
  honours:
    title: "Honours"
    # A designated call: no marks; each category names its winners under designated.
    judging: designated
    closes: {year}-06-30
    entrant_types: [individual]
    categories:
      leadership:
        title: "Leadership"
        awards: {{leadership: 1}}
        designated:
          leadership:
            entries: [wellington-leadership]
            decided_by: "The organising committee"
            decided_on: {year}-09-15

# Recorded decisions that break ties, used by the tie-break rule chair (best first).
# decisions:
#   - tie: [oslo-school-meals, lisbon-senior-care]
#     decided_by: "Chair of the jury"
#     decided_on: {year}-09-20

# How smartaward validate treats this cycle; the command line's options add to these.
validate:
  # Warnings fail validation too (as --strict does).
  strict: false
  # Never report these codes or code prefixes (select: report only these).
  ignore: []
"""

_JUDGES = """\
{modeline}
# judges.yaml: the jury, judge id → judge (every key: `smartaward schema judges`).
# country, city, affiliation: used by the conflicts rule in cycle.yaml (same: [country] there).
# calls: the calls the judge judges (leave it out: every call). conflicts: entries the judge must
# not mark, as ids or glob patterns. voting: false makes an observer, whose marks never count.
j01:
  name: "Min-jun Example"
  country: KR
  city: "Seoul"
  affiliation: "Example Institute of Urban Studies"
  calls: [project]
  # A declared conflict: j01 advised Lisbon's project, so marks on it would not count (J402).
  conflicts: ["lisbon-*"]
j02:
  name: "Ana Example"
  country: BR
  city: "Curitiba"
  affiliation: "Example Civic Design Lab"
  calls: [project]
j03:
  name: "Wanjiru Example"
  country: KE
  city: "Nairobi"
  affiliation: "Example University"
j04:
  name: "Sam Example"
  country: GB
  affiliation: "Example Organiser"
  # An observer: the marks are read and checked, but never counted.
  voting: false
"""

# (id, category, title, entrant name, type, city, country, submitted day of May)
_PROJECT_ENTRIES = [
    ("oslo-school-meals", "people", "Free school meals for every child", "City of Oslo", "city", "Oslo", "NO", 2),
    ("lisbon-senior-care", "people", "A care network for older residents", "City of Lisbon", "city", "Lisbon", "PT", 5),
    ("montreal-civic-app", "people", "One app for every city service", "Applis Civiques Inc.", "company", "Montréal", "CA", 9),
    ("accra-health-kiosks", "people", "Health kiosks in markets", "Accra Health Institute", "institution", "Accra", "GH", 12),
    ("tallinn-digital-permits", "technology", "Building permits in a day", "City of Tallinn", "city", "Tallinn", "EE", 3),
    ("lyon-smart-grid", "technology", "A district smart grid", "Gridwise SAS", "company", "Lyon", "FR", 7),
    ("pune-flood-sensors", "technology", "Flood sensors on every bridge", "Pune Civic Lab", "organisation", "Pune", "IN", 14),
    ("bogota-open-data", "technology", "Open data for bus routes", "City of Bogotá", "city", "Bogotá", "CO", 20),
]

_ENTRY = """\
{modeline}
# An entry (every key: `smartaward schema entry`): one per file, or a list of them in one file.
id: {id}
call: project
category: {category}
title: {title}
entrant:
  name: {name}
  # One of the call's entrant types.
  type: {type}
  # The city is descriptive; stats counts cities as (city, country) pairs.
  city: {city}
  # ISO 3166-1 alpha-2, upper case; leave it out where the entrant has none (a wine, a film).
  country: {country}
# The date of submission: after the call's closes, the entry is late and not ranked.
submitted: {year}-05-{day:02d}
summary: {summary}
"""

_HONOURS = """\
{modeline}
# A file may hold a list of entries. These are in the designated honours call: no one marks them;
# cycle.yaml names the winner under designated.
- id: wellington-leadership
  call: honours
  category: leadership
  title: "Ten years of listening to residents"
  entrant: {{name: "Aroha Example", type: individual, city: "Wellington", country: NZ}}
  submitted: {year}-05-15
- id: nairobi-leadership
  call: honours
  category: leadership
  title: "Green spaces in every ward"
  entrant: {{name: "Otieno Example", type: individual, city: "Nairobi", country: KE}}
  submitted: {year}-05-18
"""

# judge → entry → (impact, innovation, feasibility): totals weighted 2:1:1 rank Oslo, Lisbon,
# Montréal, Accra and Tallinn, Lyon, Pune, Bogotá, with no ties.
_MARKS: dict[str, dict[str, tuple[float, float, float]]] = {
    "j01": {
        "oslo-school-meals": (9, 8, 8), "montreal-civic-app": (7, 7.5, 6), "accra-health-kiosks": (6, 6.5, 7),
        "tallinn-digital-permits": (9, 9, 8), "lyon-smart-grid": (8, 8.5, 7), "pune-flood-sensors": (7, 6.5, 7.5),
        "bogota-open-data": (5, 6, 5.5),
    },
    "j02": {
        "oslo-school-meals": (8.5, 8, 7.5), "lisbon-senior-care": (8, 7, 7), "montreal-civic-app": (6.5, 7, 7),
        "accra-health-kiosks": (6, 5.5, 6), "tallinn-digital-permits": (8.5, 9, 8.5), "lyon-smart-grid": (7.5, 8, 8),
        "pune-flood-sensors": (7, 7, 6), "bogota-open-data": (5.5, 5, 5),
    },
    "j03": {
        "oslo-school-meals": (9, 7.5, 8), "lisbon-senior-care": (7.5, 8, 7), "montreal-civic-app": (7, 6, 6.5),
        "accra-health-kiosks": (6.5, 6, 5.5), "tallinn-digital-permits": (9, 8.5, 8), "lyon-smart-grid": (8, 7, 7.5),
        "pune-flood-sensors": (6.5, 7, 7), "bogota-open-data": (5, 5.5, 6),
    },
    "j04": {"oslo-school-meals": (8, 8, 8), "lyon-smart-grid": (7, 7, 7)},
}

_SHEET_NOTES = {
    "j01": "# j01 does not mark lisbon-senior-care: a declared conflict (judges.yaml).\n",
    "j04": "# j04 is an observer (voting: false): these marks are checked but never counted.\n",
}

_README = """\
# {title}

The files of the awards cycle `{cycle_id}`, for smartaward, which explains itself:
`smartaward --help`, `smartaward explain-code`, `smartaward schema` (below). `smartaward init`
wrote them as an example: a scored call (`project`, two categories, three weighted criteria) and
a designated one (`honours`). Replace the examples with your own.

| File | What it holds |
|---|---|
| `cycle.yaml` | the calls, categories, criteria, award slots and judging rules (every key commented) |
| `judges.yaml` | the jury: a declared conflict (`j01`) and an observer (`j04`) |
| `entries/` | one entry per file, or a list in one file (`honours.yaml`) |
| `scores/` | one score sheet per judge (YAML; CSV sheets are possible too) |
| `.schema/` | JSON Schemas for YAML editors (each file's first line points at its schema) |

```sh
smartaward validate --strict   # check every file and every reference
smartaward rank                # rank each category
smartaward winners             # allocate the awards
smartaward stats               # the headline figures
```

With rounds (screening, evaluation, final), each sheet names its round and sheets usually go in
`scores/<round>/<judge>.yaml`; see the commented `rounds:` in `cycle.yaml`.

Installed smartaward explains itself:

```sh
smartaward --help              # every command
smartaward validate --help     # one command's options (smartaward COMMAND --help)
smartaward explain-code R208   # what a problem's code means, with a failing and a passing example
smartaward schema cycle        # what a file may hold (cycle, entry, judges, scores, assignments)
```

Every key a file may hold, with its meaning, is in its schema (`smartaward schema cycle`, `entry`,
`judges`, `scores`, `assignments`); every problem `validate` reports has a code that
`smartaward explain-code` explains; every command says what it does with `--help`.
"""


def _mark(value: float) -> str:
    return f"{value:g}"


def _sheet(judge: str) -> str:
    from smartaward.writing.yamltext import scalar

    lines = [_modeline(f"scores/{judge}.yaml", "scores"),
             "# A score sheet: one judge's marks, entry id → {criterion id: mark} (`smartaward schema scores`)."]
    if judge in _SHEET_NOTES:
        lines.append(_SHEET_NOTES[judge].rstrip("\n"))
    lines += [f"judge: {scalar(judge)}", "scores:"]
    for entry, (impact, innovation, feasibility) in _MARKS[judge].items():
        lines.append(f"  {scalar(entry)}: {{impact: {_mark(impact)}, innovation: {_mark(innovation)}, feasibility: {_mark(feasibility)}}}")
    return "\n".join(lines) + "\n"


def scaffold_files(cycle_id: str, title: str, year: int = DEFAULT_YEAR) -> dict[str, bytes]:
    """Path relative to the cycle folder (POSIX) → content, in the order they are written.

    Every id and text put into the templates goes through yamltext's `scalar` (an id: plain where
    no YAML reader could take it for anything else, quoted otherwise: `2025`, `no`, `on`, `0777`)
    or `quoted` (text, always quoted as the sample cycles quote titles), the same functions
    `smartaward import` writes its files with: `cycle: 2025` would be a number to every reader,
    `country: NO` false to a YAML 1.1 one."""
    # Imported here, not at the top: cli/editor.py imports this module for every --help.
    from smartaward.writing.yamltext import quoted, scalar

    files: dict[str, str] = {
        "cycle.yaml": _CYCLE.format(modeline=_modeline("cycle.yaml", "cycle"), cycle_id=scalar(cycle_id),
                                    title=quoted(title), year=year),
        "judges.yaml": _JUDGES.format(modeline=_modeline("judges.yaml", "judges")),
    }
    for entry_id, category, entry_title, name, kind, city, country, day in _PROJECT_ENTRIES:
        rel = f"entries/{entry_id}.yaml"
        files[rel] = _ENTRY.format(
            modeline=_modeline(rel, "entry"), id=scalar(entry_id), category=scalar(category), title=quoted(entry_title),
            name=quoted(name), type=scalar(kind), city=quoted(city), country=scalar(country), year=year, day=day,
            summary=quoted(f"An example entry: {entry_title.lower()} in {city}."))
    files["entries/honours.yaml"] = _HONOURS.format(modeline=_modeline("entries/honours.yaml", "entry"), year=year)
    for judge in _MARKS:
        files[f"scores/{judge}.yaml"] = _sheet(judge)
    files["README.md"] = _README.format(title=title.replace("\n", " "), cycle_id=cycle_id)
    return {rel: text.encode("utf-8") for rel, text in files.items()}


def cycle_parts(folder: Path) -> list[str]:
    """The parts of a cycle already in `folder` (judges.yaml, entries/, scores/): a cycle missing
    its cycle.yaml, not a place for a new one."""
    return [name for name in CYCLE_PARTS if (folder / name).exists()]


def clashes(folder: Path, files: dict[str, bytes]) -> list[str]:
    """What stands where init would write (init never overwrites): the files it would write that
    exist, and the folders it needs (.schema/, entries/, scores/) where a file or a broken link is."""
    folders = sorted({PurePosixPath(rel).parent.as_posix() for rel in files} - {"."})
    taken = [rel for rel in folders if ((folder / rel).exists() or (folder / rel).is_symlink()) and not (folder / rel).is_dir()]
    return taken + [rel for rel in files if (folder / rel).exists() or (folder / rel).is_symlink()]


class WriteFailed(Exception):
    """A write of the scaffold failed (everything it had written is removed again): `path` is the
    file or folder that could not be made, `reason` the system's word for why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def write_scaffold(folder: Path, files: dict[str, bytes]) -> None:
    """Write every file, folders made as needed, all or nothing (staging.write_all). If a write
    fails (a full disk, a permission, a folder there that is a symbolic link out: F006), nothing
    is left behind, so a second try starts clean, and WriteFailed names the file or folder that
    failed; nothing that was there before is touched (init refuses to write over any file)."""
    from smartaward.writing.staging import WriteFailed as NotWritten
    from smartaward.writing.staging import WriteRefused, write_all

    try:
        write_all(folder, files, where="the new cycle's folder")
    except WriteRefused as exc:
        first = exc.refusals[0]
        raise WriteFailed(folder / first.rel, f"error F006 {first.message}") from None
    except NotWritten as exc:
        failed = folder / exc.rel if exc.rel != "." or exc.path is None else exc.path  # as the user named it
        raise WriteFailed(failed, exc.reason) from None
