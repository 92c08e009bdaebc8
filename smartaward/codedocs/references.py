"""Documentation of the R (references between files) codes."""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example, edited
from smartaward.codedocs.given import final_round, measured_bonus, project_call

# The base cycle's judges.yaml (tests/cases/base), for the examples of a judge's fields.
_JUDGES = """\
j01:
  name: Ada Example
  country: NO
  affiliation: Example University
  calls: [project]
  conflicts: [oslo-*]
j02:
  name: Bo Example
  country: KR
  calls: [project]
j03:
  name: Cy Example
  country: PH
"""

DOCS: dict[str, CodeDoc] = {
    "R201": CodeDoc(
        text="""\
Every entry needs its own `id:`, unique in the whole cycle: score sheets, designations and tie
decisions name entries by id, so two entries with one id cannot be told apart. This happens most
often when an entry file is copied as a template and its `id:` is not changed. The file name does
not matter, only the `id:` key.

Every entry with the id is reported, each naming the others, so that `smartaward validate FILE`
(in CI or pre-commit) fails whichever of the files is named, a new one or the one it collides
with. Until it is fixed, smartaward keeps the entry of the first file in path order and leaves the
others out of every check; the one kept is not necessarily the older, and marks for the id go to
whichever file sorts first. If the two are the same entry submitted twice, delete one of them. If
they are different entries, give the new one an id of its own (a slug such as `lagos-honour`), and
make sure the judges' sheets use the right id for each.""",
        bad=Example("entries/lagos-honour.yaml", """\
id: oslo-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05"""),
        good=Example("entries/lagos-honour.yaml", """\
id: lagos-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05"""),
    ),
    "R202": CodeDoc(
        text="""\
An entry's `call:`, and each call in a judge's `calls:` list in `judges.yaml`, must be one of the
call ids under `calls:` in `cycle.yaml`, spelt exactly the same (ids are lowercase, and `honors`
is not `honours`). The message lists the calls that exist.

An entry with an unknown call cannot be placed in a category or judged, so its other checks wait
until the call is fixed. Correct the id to one of the listed calls. If the call is genuinely
missing, the organisers add it to `cycle.yaml`.""",
        bad=Example("entries/lagos-honour.yaml", """\
id: lagos-honour
call: honors
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05"""),
        good=Example("entries/lagos-honour.yaml", """\
id: lagos-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05"""),
    ),
    "R203": CodeDoc(
        text="""\
An entry's `category:` must be one of the categories of its own call in `cycle.yaml` (the message
lists them). Categories belong to a call: a category id of another call does not count. The same
code is reported in `cycle.yaml` when a `designated:` list names an entry of another call or
category, and when a tie decision under `decisions:` lists entries of more than one category (a
decision orders one tied group, which is always within one category).

Correct the entry's `category:` to a category of its call, or move the entry to the call that has
that category. In `designated:` and `decisions:`, name only entries of that call and category.""",
        bad=Example("entries/lagos-honour.yaml", """\
id: lagos-honour
call: honours
category: specials
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05"""),
        good=Example("entries/lagos-honour.yaml", """\
id: lagos-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05"""),
    ),
    "R204": CodeDoc(
        text="""\
The `judge:` key of a score sheet must be a judge id listed in `judges.yaml`. The judge is named
by this key, not by the file name, so a typo here (`j4` for `j04`) makes the whole sheet belong to
nobody. Its marks are still checked, but they cannot be counted, and `rank` refuses the cycle.

Correct the `judge:` key to the judge's id in `judges.yaml`. If the judge is new, the organisers
first add them to `judges.yaml` (with at least a `name:`). A judge whose own entry in `judges.yaml`
has an error is reported there, not here. A judge id in an assignment file (`assignments/`) that
`judges.yaml` does not list is reported with this code too, at the judge's key.""",
        bad=Example("scores/j04.yaml", """\
judge: j4
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}"""),
        good=Example("scores/j04.yaml", """\
judge: j04
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}"""),
        given=(edited("judges.yaml", ("  country: PH\n", "  country: PH\nj04:\n  name: Di Example\n  country: NG\n")),)  # a new judge,
    ),
    "R205": CodeDoc(
        text="""\
A score sheet, a `designated:` list, a tie decision under `decisions:` or an assignment file
(`assignments/`) names an entry id that no entry file defines. Usually the id is misspelt, or the entry was renamed or withdrawn after the
sheet was written. Entry ids are matched exactly, as written in the entry's `id:` key.

Correct the id to the entry's `id:`, or delete the line if the entry no longer exists. If the
entry's own file has an error (for example a missing key), that error is reported instead, and
marks for the entry are not reported as `R205`: fix the entry file first.""",
        bad=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-heath: {design: 9, impact: 9}"""),
        good=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}"""),
    ),
    "R206": CodeDoc(
        text="""\
A judge gave a mark for a criterion that the entry's call does not define; the message lists the
call's criteria. Criterion ids are matched exactly: `desing` is not `design`. A misspelt criterion
usually also leaves the real one unmarked, so `M305` is reported on the same line.

Use the criterion ids of the call, as written under `criteria:` in `cycle.yaml`, and give one mark
for each. In a CSV score sheet, a column named after an unknown criterion gets `R206` at each of
its marks. Note that in a flow mapping a comma separates the marks: `{design: 7,5, impact: 8}`
reads as a mark `design: 7` and a criterion named `5`. Write decimals with a point (`7.5`).""",
        bad=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7, reach: 8}
  baguio-health: {design: 9, impact: 9}"""),
        good=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}"""),
    ),
    "R207": CodeDoc(
        text="""\
Every entrant type used in the cycle must be in the cycle's `entrant_types` in `cycle.yaml`. If
`cycle.yaml` does not list them, the types are `city`, `region`, `company`, `institution`,
`organisation` and `individual`. This applies to an entry's `entrant.type`, to a call's
`entrant_types`, and to an award's `eligible: {entrant_type: ...}`.

Use one of the listed types (the message names them). If the cycle really needs another type, the
organisers add it to `entrant_types:` in `cycle.yaml`; a list written there replaces the default
list completely, so write every type the cycle uses. A type that the cycle knows but the entry's
call does not accept is `J405`.""",
        bad=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: municipality, city: Oslo, country: NO}
submitted: 2025-06-01"""),
        good=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-01"""),
    ),
    "R208": CodeDoc(
        text="""\
A `criterion:ID` rule in a `tie_break` list breaks ties by the entries' mean mark on criterion
`ID`, so `ID` must be a criterion of every call the list applies to. A list in a call's or a
round's `rules:` applies to that call. A list in the cycle's `rules:` applies to every scored call
that does not set its own `tie_break` (designated calls are not ranked, so they do not count).
A round that judges only some criteria (`criteria:` on the round) cannot break its ties on
another: the rule would read no mean for anyone; that is reported at the round's `criteria:`.

Correct a misspelt id. If the cycle's list names a criterion that only some calls have, give each
of the other calls its own `tie_break` under its `rules:`, for example
`rules: {tie_break: [median, shared]}`. See The tie-break chain in docs/rules.md.""",
        bad=Example("cycle.yaml", """\
rules:
  aggregate: mean
  min_judges: 2
  tie_break: [criterion:impakt, shared]
calls:
  project:
    title: Project awards
    criteria:
      design: {title: Design, weight: 1}
      impact: {title: Impact, weight: 2}""", edits=(("criterion:impact", "criterion:impakt"),)),
        good=Example("cycle.yaml", """\
rules:
  aggregate: mean
  min_judges: 2
  tie_break: [criterion:impact, shared]
calls:
  project:
    title: Project awards
    criteria:
      design: {title: Design, weight: 1}
      impact: {title: Impact, weight: 2}""", edits=()),
    ),
    "R209": CodeDoc(
        text="""\
Each judge has exactly one score sheet per round (one in all for calls without rounds). Two sheets
whose `judge:` keys name the same judge (two YAML files, or a YAML file and a CSV file) cannot both
be right, so both are reported, each naming the other: `smartaward validate FILE` fails whichever
is named. Until it is fixed, only the marks of the first sheet in path order count. This often
happens when a judge's sheet is copied to start another judge's and its `judge:` line is not
changed.

If the second sheet is another judge's, correct its `judge:` key. If it holds more marks of the same
judge, move them into the judge's one sheet and delete the other file. In a call with rounds, a
judge writes one sheet per round, each with its own `round:`.""",
        bad=Example("scores/j04.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8.5, impact: 7.5}
  seoul-air: {design: 7, impact: 7.5}
  baguio-health: {design: 8, impact: 9}"""),
        good=Example("scores/j04.yaml", """\
judge: j04
scores:
  oslo-bikes: {design: 8.5, impact: 7.5}
  seoul-air: {design: 7, impact: 7.5}
  baguio-health: {design: 8, impact: 9}"""),
        given=(edited("judges.yaml", ("  country: PH\n", "  country: PH\nj04:\n  name: Di Example\n  country: NG\n")),)  # a new judge,
    ),
    "R210": CodeDoc(
        text="""\
Two entries name the same entrant, by the same `entrant.id` or, without an id, by the same
`entrant.name` (ignoring case), but give it a different name, type or country. With
`one_award_per: entrant` smartaward treats them as one entrant, so it warns in case they are
really two different entrants, or one entrant described two ways by mistake. Every entry of that
entrant is reported, each naming an entry that describes it differently.

If it is the same entrant, describe it identically in every entry (same name, type and country).
If they are different entrants that happen to share a name, give each an `entrant.id` of its own.
This is a warning: the results are computed, but check them.""",
        bad=Example("entries/oslo-city-honour.yaml", """\
id: oslo-city-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: City of Oslo, type: organisation, city: Oslo, country: NO}
submitted: 2025-06-05"""),
        good=Example("entries/oslo-city-honour.yaml", """\
id: oslo-city-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-05"""),
    ),
    "R211": CodeDoc(
        text="""\
Some judging rules cannot be applied together as written, and smartaward refuses to guess. It
reports the rule where it is written (the cycle's, the call's or the round's `rules:`), naming the
calls and rounds it is wrong for. The cases are: `trimmed-mean` or `trimmed-sum` with `trim: 0`;
`min_judges` below 2 × `trim` + 1 (an entry could have no mark left after trimming); a call or
round with `marking: ranks` and a score method such as `mean` (use a rank method: `rank-sum`, `borda`,
`schulze`, `kemeny`, `copeland`, `points`, `majority-judgment`, `irv`, `skating`, `bradley-terry` or
`crowd-bt`); a call or round with `marking: pairs` and a method that cannot read comparisons (use
`copeland`, `bradley-terry` or `crowd-bt`); `aggregate: points` without a `points:` table; `approve:`
with another method than `approval`; `panel: criterion` or criterion factors without `per: criterion`;
an entry's `factors` or `decimals` with `approval` (a count of judges is not a score to multiply or
round); a `shortlist` in a screening round or in the last round; a last round that is a
screening; and, with a rank method, a `threshold` shortlist, an award's `min_score`, `decimals`, an
entry's `factors` or a `combine` other than `final-only` (a rank method gives positions, not scores).
For rounds: a shortlist's `on:` adding up a round ranked by a rank method, `required: true` without
`combine: best` (where every round is required), a `combine: {sum: [...]}` (or `best:`, `weighted:`)
that leaves out the last round (its marks would count for nothing), and a round's `criteria: []`
(no criterion to judge). A correction toward the panel (`correct:`) with a rank method or
`approval`, with `per: criterion`, or with a normalisation (it moves judges' totals as given, before
a score method aggregates them).

Change one of the two rules, as the message says. In the example, dropping each entry's highest
and lowest mark (`trim: 1`) needs at least three judges per entry. Each rule is explained in
docs/rules.md.""",
        bad=Example("cycle.yaml", """\
rules:
  aggregate: trimmed-mean
  trim: 1
  min_judges: 2""", edits=(("aggregate: mean", "aggregate: trimmed-mean\n  trim: 1"),)),
        good=Example("cycle.yaml", """\
rules:
  aggregate: trimmed-mean
  trim: 1
  min_judges: 3""", edits=(("aggregate: mean", "aggregate: trimmed-mean\n  trim: 1"), ("min_judges: 2", "min_judges: 3"))),
        given=(edited("judges.yaml", ("  conflicts: [oslo-*]\n", "")),  # so that every entry has three judges
               edited("scores/j01.yaml", ("scores:\n", "scores:\n  oslo-bikes: {design: 7, impact: 7}\n"))),
    ),
    "R212": CodeDoc(
        text="""\
Two entries name entrants whose names look the same but are written with different characters:
a letter of another script that looks the same (a Cyrillic `А` or Greek `Α` in `Airco Ltd`, as
Unicode's confusables list them), a double space, a no-break or zero-width space pasted from a web
page, a character that shows as nothing (any of Unicode's default-ignorable code points: a
variation selector, the combining grapheme joiner, a Hangul filler, a tag character), full-width
letters from an East Asian input method, or a look-alike such as `rn` for `m` or `0` for `O`.
An entrant without an id is known by its name (ignoring case only), so these count as
two different entrants, and `one_award_per: entrant` would not see that they are one: the same
company could win two awards. Both entries are reported, each naming the other, and the message
shows both names with the odd characters spelt out (`\\xa0` is a no-break space, `\\u0410` a
Cyrillic A).

An `entrant.id` does not silence it: whoever writes an entry chooses its id. Entrants with ids of
their own that write a name the same way (two cities called Portland) are not reported. If it is
the same entrant, retype the name so that it is written exactly as in the other entry (giving
both entries the same `entrant.id` is not enough on its own: the names must still match, or `R210`
is reported instead). If they really are different entrants, give them names that can be told
apart.""",
        bad=Example("entries/seoul-air-two.yaml", """\
id: seoul-air-two
call: honours
category: special
title: More air sensors
entrant: {name: Airco  Ltd, type: company, city: Seoul, country: KR}
submitted: 2025-06-05"""),
        good=Example("entries/seoul-air-two.yaml", """\
id: seoul-air-two
call: honours
category: special
title: More air sensors
entrant: {name: Airco Ltd, type: company, city: Seoul, country: KR}
submitted: 2025-06-05"""),
    ),
    "R213": CodeDoc(
        text="""\
A word of a name mixes letters of different scripts, such as a Latin word with a Cyrillic letter
in it: `Аirco` starting with a Cyrillic `А`. Such a word reads the same as the one meant, but is
not, so an entrant could pass as another (see `R212`), or a judge's affiliation fail to match the
entrant it belongs to. The names checked are the ones that identify people and places: the
entrant's `name` and `city` in an entry, and a judge's `name`, `affiliation` and `city` in
`judges.yaml`. The message names the word, its scripts and the odd letters.

A word in one script is fine in any script, as are words of different scripts side by side
(`서울특별시 Seoul`), and the mixes that Unicode's security guidelines (TR39, "highly restrictive")
count as one writing system: Japanese (kanji with kana), Korean (Hangul with Hanja), Chinese with
Bopomofo, and Latin beside any of them (`NTTドコモ`, `LG전자`). Digits, punctuation and accents
belong to every script. Retype the word in one script (usually: type the Latin letter on a Latin
keyboard).""",
        bad=Example("entries/airco-honour.yaml", """\
id: airco-honour
call: honours
category: special
title: Ten years of clean air
entrant: {name: \u0410irco Group, type: company, city: Seoul, country: KR}
submitted: 2025-06-05"""),
        good=Example("entries/airco-honour.yaml", """\
id: airco-honour
call: honours
category: special
title: Ten years of clean air
entrant: {name: Airco Group, type: company, city: Seoul, country: KR}
submitted: 2025-06-05"""),
    ),
    "R214": CodeDoc(
        text="""A judge's `conflicts:` in `judges.yaml` lists entry ids or glob patterns (`oslo-*`), compared with
the entries' ids exactly, case included. Entry ids are lowercase slugs (letters a-z, digits and
`-`), so a conflict written with a capital (`Oslo-*`), with spaces or as an entry's title
(`City bikes for all`), with a character no id has, or as a broken pattern (`oslo-[`: an unclosed
`[` is a literal bracket) can never match an entry: the judge's marks on the entry they declared a
conflict with would count, and `assign` could give it to them. A pattern may use `*`, `?` and
`[...]` (`[!...]` for any character but those).

The message suggests the id of the entry whose title the conflict is, or the pattern in lower
case. Write the entry's id, or the pattern in lower case. `smartaward import judges` reads an
entry's title as its id, and lowercases a pattern that would otherwise match nothing, with a note.
A conflict that can match an id but matches no entry yet is allowed (entries may come after the
jury); `import judges` warns about it (`I707`).""",
        bad=Example("judges.yaml", _JUDGES.replace("[oslo-*]", "[Oslo-*]")),
        good=Example("judges.yaml", _JUDGES),
    ),
    "R215": CodeDoc(
        text="""A judge's `categories:` and `rounds:` in `judges.yaml` name categories and rounds of the cycle's
calls, by id: `smartaward assign` prefers the judge for entries of those categories and gives them
entries in those rounds only. An id that no call has (a typo, a title, an id of last year's
cycle) would silently do nothing to the preference, or keep the judge out of every round, so it is
an error. The message lists the cycle's categories or rounds and suggests the nearest.

Write the id of a category or round of `cycle.yaml` (`smartaward import judges` reads a title as
its id), or remove it.""",
        bad=Example("judges.yaml", _JUDGES.replace("  calls: [project]\n", "  calls: [project]\n  categories: [peeple]\n", 1)),
        good=Example("judges.yaml", _JUDGES.replace("  calls: [project]\n", "  calls: [project]\n  categories: [people]\n", 1)),
    ),
    "R217": CodeDoc(
        text="""\
A call's `combine: {sum: [...]}` (or `best:`, `weighted:`), a round's `shortlist: {on: [...]}` and a
round's `criteria: [...]` name rounds and criteria of the call, by id. A name the call does not
have (a typo, a title), a screening round (it gives pass or fail, not a score to add up), or, in a
shortlist's `on:`, a round after the one that cuts, cannot be applied: the rounds would silently
combine without it. A name listed twice is reported at the second: a set of rounds would drop it,
and a cut would add that round twice. The same holds for an entry's `factors:`: their keys are
rounds of the entry's call (or, in a call judged in one round, its criteria), and under a round,
criteria that round judges; a factor naming anything else would multiply nothing. The message
suggests the nearest id.

Write the id as it is under the call's `rounds:` or `criteria:` in `cycle.yaml`. See Rounds in
docs/rules.md.""",
        bad=Example("cycle.yaml", """\
    rounds:
      final: {title: Final}
    combine: {sum: [finale]}""", edits=(project_call("    rounds:", "      final: {title: Final}", "    combine: {sum: [finale]}"),)),
        good=Example("cycle.yaml", """\
    rounds:
      final: {title: Final}
    combine: {sum: [final]}""", edits=(project_call("    rounds:", "      final: {title: Final}", "    combine: {sum: [final]}"),)),
        given=(final_round("j01"), final_round("j02"), final_round("j03")),
    ),
    "R216": CodeDoc(
        text="""\
An entry's `factors:` multiply its aggregate after the judges' marks are combined: a criterion's
factor (a dive's degree of difficulty, a skating component's factor) multiplies that criterion's
aggregate, a round's factor the round's score. Once one entry marked in a round has a factor for
a criterion of that round (or for the round), every entry marked in that round needs one: a
missing factor is not taken as 1, since that would as likely be a forgotten 3.2 as a real 1. Each
entry without one is reported, at its `factors:` (or its `id:`), naming the entries that have it.

Give the entry its factor, `1` where it really is 1. See Factors in docs/rules.md, §4.""",
        bad=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-01"""),
        good=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-01
factors: {design: 1.2, impact: 1}"""),
        given=(edited("cycle.yaml", ("  min_judges: 2\n", "  min_judges: 2\n  per: criterion\n")),
               edited("entries/more.yaml", ("  submitted: 2025-06-02\n", "  submitted: 2025-06-02\n  factors: {design: 1.5, impact: 1}\n"),
                      ("  submitted: 2025-06-03\n", "  submitted: 2025-06-03\n  factors: {design: 1, impact: 1.1}\n"))),
    ),
    "R218": CodeDoc(
        text="""\
A measured part of an entry's score (a call's `measured:`: distance points, a time bonus, a
difficulty value) is given once per entry and round, in a values sheet (`values:`, or a CSV file
with an `entry` column and no `judge` column). Two sheets (or one sheet twice) giving a value for
the same part of the same entry in the same round would make the result depend on which is read:
the first in path order counts, and every later one is this error, naming where the first is.

Keep one value: remove the other (or, if it was a correction, replace the first with it). See
Measured parts in docs/rules.md, §4, and Values sheets in docs/format.md.""",
        bad=Example("scores/vote.yaml", """\
measured_by: Public vote, counted by the secretariat
values:
  seoul-air: {bonus: 1}
  oslo-bikes: {bonus: 0.5}  # oslo-bikes has its bonus in scores/bonus.yaml already"""),
        good=Example("scores/vote.yaml", """\
measured_by: Public vote, counted by the secretariat
values:
  seoul-air: {bonus: 1}"""),
        given=(edited("cycle.yaml", measured_bonus()),
               Example("scores/bonus.yaml", "values:\n  oslo-bikes: {bonus: 2}\n  baguio-health: {bonus: 0}\n")),
    ),
}

__all__ = ["DOCS"]
