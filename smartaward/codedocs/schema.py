"""Documentation of the S (schema) codes."""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example, edited

DOCS: dict[str, CodeDoc] = {
    "S101": CodeDoc(
        text="""\
A key that the format requires is not there. The message names every missing key of the mapping,
and points at the start of that mapping. An entry, judge or score sheet with this error is set
aside until it is fixed: it is not checked against the rest of the cycle, and not counted. In
`cycle.yaml`, the checks between files wait until it is fixed. A required key that is written
but left empty (`submitted:` with nothing after it) is reported as `S103` instead.

Add the key with its value. The required keys are:

- in `cycle.yaml`: `cycle`, `title` and `calls`; in each call `title` and `categories`; in each
  category and each criterion `title`; in each of the `decisions`, `tie`, `decided_by` and
  `decided_on`;
- in `judges.yaml`: `name` for each judge;
- in an entry: `id`, `call`, `category`, `title`, `entrant` (with its `name`, `type` and
  `country`) and `submitted`;
- in a score sheet: `judge` (a sheet with neither `scores` nor `ranks` is `S103`).

docs/format.md lists every key, required or not.
""",
        bad=Example("entries/lagos-honour.yaml", """\
id: lagos-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
"""),
        good=Example("entries/lagos-honour.yaml", """\
id: lagos-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05
"""),
    ),
    "S102": CodeDoc(
        text="""\
The file has a key that the format does not define at that place. It is usually a typo
(`wieght:` for `weight:`, `nmae:` for `name:`), a key that the format does not have (`website:`
where an entry has `url:`), or a key written at the wrong level (a cycle-wide rule such as
`one_award_per` under a call's `rules`). smartaward refuses it rather than ignore it, because an
ignored typo would silently leave the setting at its default. The entry, judge or score sheet
that holds it is set aside until it is fixed; in `cycle.yaml`, the checks between files wait.

Correct the spelling, move the key to where it belongs, or remove it. Notes that have no key of
their own can go in a YAML comment (`# ...`), or in an entry's `summary:`.
""",
        bad=Example("cycle.yaml", """\
calls:
  project:
    title: Project awards
    closes: 2025-06-30
    criteria:
      design: {title: Design, weight: 1}
      impact: {title: Impact, wieght: 2}
""", edits=(("{title: Impact, weight: 2}", "{title: Impact, wieght: 2}"),)),
        good=Example("cycle.yaml", """\
calls:
  project:
    title: Project awards
    closes: 2025-06-30
    criteria:
      design: {title: Design, weight: 1}
      impact: {title: Impact, weight: 2}
""", edits=()),
    ),
    "S103": CodeDoc(
        text="""\
A value has the wrong type, or lies outside its allowed values. smartaward never converts a
value to make it fit. `weight: "2"` is text, not the number 2. `voting: yes` is text, not
`true`. A date must be written `YYYY-MM-DD` and exist. A country must be an upper-case ISO code
(`NO`, not `Norway` or `no`). A word must be one of the listed choices (`judging: scored` or
`judging: designated`). A number must be in its range (`min_judges` at least 1, a scale's `max`
above its `min`), and a call's `closes` not before its `opens` (a year typo there would make every
entry late). A required key left empty is also reported here. The message names the key
and says what was expected. A mark that is not a number is `M303`, not `S103`.

Write the value as the format expects it: numbers and `true`/`false` without quotes, dates as
`2025-06-05`, and in quotes any text that would otherwise read as a number or a boolean
(`title: "2025"`). "The YAML dialect" in docs/format.md shows how each written value is read.
""",
        bad=Example("entries/lagos-honour.yaml", """\
id: lagos-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 05/06/2025
"""),
        good=Example("entries/lagos-honour.yaml", """\
id: lagos-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05
"""),
    ),
    "S104": CodeDoc(
        text="""\
An id is not a slug. The ids of the cycle, calls, categories, criteria, awards, entries, judges
and rounds, entrant types and `entrant.id` are made of lowercase ASCII letters, digits and
hyphens. They start with a letter or a digit and are at most 120 characters long: `lagos-honour`,
`j07`, `2024-report`. Capitals, underscores, spaces, dots and accented letters are refused
(`Lagos-Honour`, `lagos_honour`, `café`), because ids are compared exactly as written and are
used in file names, links and commands.

Rewrite the id in lowercase, with hyphens between words. Then change every place that refers to
it to the same spelling: score sheets, `designated:` lists, judges' `conflicts`, `criterion:ID`
tie-breaks. In a CSV score sheet, a judge id that is not a slug is also `S104`, and that judge's
rows are skipped.
""",
        bad=Example("entries/lagos-honour.yaml", """\
id: Lagos_Honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05
"""),
        good=Example("entries/lagos-honour.yaml", """\
id: lagos-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05
"""),
    ),
    "S105": CodeDoc(
        text="""\
A text holds a character that no text of a cycle may hold. Titles, names and every other text are
printed on terminals and CI logs and written into spreadsheets and web pages. A control character
there can act instead of being shown: an escape sequence (ESC) clears or retitles the organiser's
terminal, a carriage return or line feed starts a new spreadsheet row whose first cell is a live
formula, and a bidirectional override (U+202E) shows the rest of the line reversed, so one entry
can pass for another. Such characters only get into a file on purpose, through a YAML escape
(`"\\r"`, `"\\e"`, `"\\u202E"`) or a spreadsheet cell given to `smartaward import`.

A one-line text (every title, name, city, affiliation, `organiser`, `url`, `decided_by`, `note`,
and a judge's `conflicts` patterns) may hold no control character at all: no tab, carriage
return or line feed, no other C0 or C1 control, no DEL. `description` and an entry's `summary`
may hold line breaks and tabs, but no other control character. No text may hold a bidirectional
embedding, override or isolate (U+202A–U+202E, U+2066–U+2069), a line or paragraph separator
(U+2028, U+2029), a byte-order mark (U+FEFF) or a noncharacter (U+FDD0–U+FDEF, U+FFFE, U+FFFF and
the last two code points of every plane). Right-to-left text itself is welcome, and so are the
marks LRM, RLM and ALM and the joiners ZWJ and ZWNJ that scripts and emoji need.

The message names the character and its position (`U+000D, character 18 of 36`), never the
character itself. Remove it, or write a space instead of a tab or line break. A title written as a
block scalar (`title: |` or `title: >`) keeps its last line break: write it on the key's line, or
use `>-`. The entry, judge or file that holds it is set aside until it is fixed, as for any
schema error.
""",
        bad=Example("entries/seoul-air.yaml", """\
id: seoul-air
call: project
category: people
title: "Clean air sensors\\r=cmd|' /C calc'!A0"
entrant: {name: Airco Ltd, type: company, city: Seoul, country: KR}
submitted: 2025-06-02
"""),
        good=Example("entries/seoul-air.yaml", """\
id: seoul-air
call: project
category: people
title: Clean air sensors
entrant: {name: Airco Ltd, type: company, city: Seoul, country: KR}
submitted: 2025-06-02
"""),
        given=(edited("entries/more.yaml", ("""\
- id: seoul-air
  call: project
  category: people
  title: Clean air sensors
  entrant: {name: Airco Ltd, type: company, city: Seoul, country: KR}
  submitted: 2025-06-02
""", "")),)  # seoul-air has a file of its own,
    ),
}

__all__ = ["DOCS"]
