"""Documentation of the Y (the YAML file itself) codes."""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example

DOCS: dict[str, CodeDoc] = {
    "Y001": CodeDoc(
        text="""\
The file cannot be read as YAML at all, so nothing in it is checked or counted until it is
fixed. The message is the YAML reader's own wording; the line and column show where the reader
gave up, and the mistake is there or just before it. The usual causes are:

- a colon and a space inside a value without quotes (`title: Oslo: city bikes for all`): the
  reader takes `Oslo:` for a key, and says "mapping values are not allowed in this context";
- a quote or bracket that is never closed (`{design: 7, impact: 8`);
- a line indented more or less than the lines around it, or indented with a tab;
- a second document after a `---` line (one file holds one document).

Put quotes around a value that contains `: `, or that starts with `[`, `{`, `*`, `|`, `>`,
`-`, `%`, `@` or a backtick (`title: "Oslo: city bikes for all"`). Quotes also protect a value
that starts with `&` or contains ` #`, which YAML would otherwise cut short without any error.
Close every quote and bracket. Indent with spaces only, by the same amount for keys at the same
level. Move a second document into a file of its own.
""",
        bad=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: Oslo: city bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-01
"""),
        good=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: "Oslo: city bikes for all"
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-01
"""),
    ),
    "Y002": CodeDoc(
        text="""\
A key is written twice in the same mapping: a judge marks the same entry twice under `scores:`,
an entry gives its `title:` twice, or `judges.yaml` lists the same judge id twice. Most YAML tools
silently keep the last value, so one of the two would be lost without anyone noticing.
smartaward does not guess which one you meant: it reports the second key, gives the line of the
first, and reads only the first.

Keep one of the two and delete the other, or merge them into one if each holds part of what you
meant. If the two are really different things, give them different keys: a second judge written
as `j02` becomes `j04`, say. Call ids and judge ids are keys, so a repeated one is `Y002`; a
repeated entry id (a value, `id:`) is `R201`.
""",
        bad=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}
  seoul-air: {design: 7, impact: 7}
"""),
        good=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 7, impact: 7}
  baguio-health: {design: 9, impact: 9}
"""),
    ),
    "Y003": CodeDoc(
        text="""\
The file uses a YAML alias (`*name`), which repeats a value marked elsewhere with an anchor
(`&name`). smartaward does not expand aliases. A few hundred bytes of nested aliases can expand
into gigabytes, and a value shared by reference is easy to miss when someone reads or changes
the file. The value at the alias is not read. A merge key (`<<: *defaults`) uses an alias too,
so it gets the same error.

Write the value out in full at every place it applies, and remove the anchor (`&name`). An
anchor that no alias uses is accepted, but it serves no purpose.
""",
        bad=Example("judges.yaml", """\
j01:
  name: Ada Example
  country: NO
  calls: &project-only [project]
  conflicts: [oslo-*]
j02:
  name: Bo Example
  country: KR
  calls: *project-only
j03:
  name: Cy Example
  country: PH
"""),
        good=Example("judges.yaml", """\
j01:
  name: Ada Example
  country: NO
  calls: [project]
  conflicts: [oslo-*]
j02:
  name: Bo Example
  country: KR
  calls: [project]
j03:
  name: Cy Example
  country: PH
"""),
    ),
    "Y004": CodeDoc(
        text="""\
A value carries a YAML tag (a word starting with `!`) that smartaward does not accept, or a
standard tag on a value that does not fit it. Only `!!str`, `!!int`, `!!float`, `!!bool`,
`!!null`, `!!map` and `!!seq` are allowed. Every other tag is refused, including `!include`,
`!!binary`, `!!timestamp`, `!!set`, `!!python/...` and custom tags, so that no cycle file can
pull in another file or run code. A standard tag must fit its value: `!!int 9.5` and
`!!bool yes` are errors too. The tagged value is not read.

Remove the tag and write the value itself. Tags are almost never needed. To make a value a
string, put it in quotes (`title: "2025"`, the same as `!!str 2025`). Dates need no tag
(`submitted: 2025-06-01`). Text kept in another file must be pasted in, for example as a block
scalar: `summary: |` followed by the text, indented.
""",
        bad=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-01
summary: !include oslo-bikes.md
"""),
        good=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-01
summary: |
  Free city bikes at 300 stations, open all year.

  Bikes are free for the first hour.
"""),
    ),
    "Y005": CodeDoc(
        text="""\
The file is not UTF-8 text, so smartaward cannot tell which characters it holds and reads
nothing from it. There are two cases:

- The file is saved as UTF-16. Windows editors call this encoding "Unicode", and spreadsheets
  offer it as "Unicode text". It is reported at line 1.
- The file is saved in an older 8-bit encoding such as Latin-1 or Windows-1252. It is reported
  at the first character that is not valid UTF-8, which is often a letter such as `ø`, `é` or
  `ü`, or a typographic dash or quote.

A UTF-8 byte-order mark is accepted. To fix the file, save it again with the encoding "UTF-8"
(in most editors under "Save as"), or convert it on the command line:
`iconv -f UTF-16 -t UTF-8 j01.yaml > j01.utf8.yaml && mv j01.utf8.yaml j01.yaml` for UTF-16, and
the same with `-f WINDOWS-1252` (or `-f LATIN1`) for an 8-bit file. CSV score sheets follow the
same rule: use the spreadsheet's "CSV UTF-8" format.
""",
        bad=Example("entries/oslo-bikes.yaml", """\
# Saved as Windows-1252: the entrant's name holds the byte F8 (the letter o-slash),
# which is not UTF-8.
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: Bymiljøetaten, type: city, city: Oslo, country: NO}
submitted: 2025-06-01
""", encoding="cp1252"),
        good=Example("entries/oslo-bikes.yaml", """\
# Converted with iconv -f WINDOWS-1252 -t UTF-8: the letter is now the two bytes C3 B8.
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: Bymiljøetaten, type: city, city: Oslo, country: NO}
submitted: 2025-06-01
"""),
    ),
    "Y006": CodeDoc(
        text="""\
The file holds no data. It is empty, or holds only comments, only a `---` line, only `~`
(null), or only an empty mapping or list (`{}`, `[]`). Such a file is almost always a mistake:
it was created and never filled in, or saved before anything was written in it. Reading it as
"nothing" would silently leave out an entry or a judge's marks. A CSV score sheet with a header
but no rows gets the same error.

Fill the file in, or delete it if it is not needed. A score sheet must at least name its judge:
`judge: j01` with `scores: {}` is a valid sheet that has no marks yet.
""",
        bad=Example("scores/j01.yaml", """\
# j01 has not scored yet
# judge: j01
"""),
        good=Example("scores/j01.yaml", """\
# j01 has not scored yet
judge: j01
scores: {}
"""),
    ),
    "Y007": CodeDoc(
        text="""\
A mapping key is a list, a mapping or an alias, where a plain value such as an id is expected.
It usually comes from a shortcut, such as one line that gives the same marks to two entries
(`[seoul-air, baguio-health]: ...`), or from a template placeholder left in the file
(`{{ url }}: ...` is a mapping used as a key). The key and its value are not read.

Write every key out as a plain word: one line per entry in a score sheet, and in an entry the
real key with its value (`url: https://example.org/oslo-bikes`). Keys are always read as text
exactly as written, so a key such as `2024` needs no quotes.
""",
        bad=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  [seoul-air, baguio-health]: {design: 9, impact: 9}
"""),
        good=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 9, impact: 9}
  baguio-health: {design: 9, impact: 9}
"""),
    ),
}

__all__ = ["DOCS"]
