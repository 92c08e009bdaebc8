"""Documentation of the P (panels: assignments of judges) codes."""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example, edited
from smartaward.codedocs.given import final_round, project_rounds

# The base cycle's project call is judged in one round, by j01, j02 and j03: the assignments that
# match their sheets (j01 declared a conflict with oslo-*).
ALL = "assignments/all.yaml"
J01 = "  j01: [seoul-air, baguio-health]\n"
J02 = "  j02: [oslo-bikes, seoul-air, baguio-health]\n"
J03 = "  j03: [oslo-bikes, seoul-air, baguio-health]\n"
MATCHING = "judges:\n" + J01 + J02 + J03

# A fourth judge of the project call, who has handed in no sheet yet (`status` lists what they must mark).
J04 = edited("judges.yaml", ("j03:\n", "j04:\n  name: Di Example\n  country: SE\n  calls: [project]\nj03:\n"))
# rules.assignment in cycle.yaml, and a fourth judge of the project call for the two rules.
DIFFERENT = edited("cycle.yaml", ("  one_award_per: entrant\n", "  one_award_per: entrant\n  assignment: {different: affiliation}\n"))
J04_SAME_PLACE = edited("judges.yaml", ("j03:\n", "j04:\n  name: Di Example\n  country: SE\n  affiliation: Example university\n"
                                                 "  calls: [project]\nj03:\n"))
REQUIRE = edited("cycle.yaml", ("  one_award_per: entrant\n", "  one_award_per: entrant\n  assignment: {expertise: require}\n"))
J04_EXPERT = edited("judges.yaml",
                    ("j03:\n", "j04:\n  name: Di Example\n  country: SE\n  calls: [project]\n  expertise: [mobility]\nj03:\n"),
                    ("  conflicts: [oslo-*]\n", "  conflicts: [oslo-*]\n  categories: [people]\n"),
                    ("  country: KR\n", "  country: KR\n  categories: [people]\n"),
                    ("  country: PH\n", "  country: PH\n  categories: [people]\n"))
MOBILITY = edited("entries/oslo-bikes.yaml", ("category: people\n", "category: people\ntags: [mobility]\n"))
J04_CAPPED = edited("judges.yaml", ("j03:\n", "j04:\n  name: Di Example\n  country: SE\n  calls: [project]\n  max_entries: 1\nj03:\n"))

# The project call screens its entries before the final; j03 screens oslo-bikes out, so the final's
# sheets do not mark it.
SCREENED_OUT = (
    project_rounds("screen: {title: Eligibility screening, screening: true}", "final: {title: Final}"),
    final_round("j01"), final_round("j02", "oslo-bikes"), final_round("j03", "oslo-bikes"),
    Example("scores/j03-screen.yaml", """\
judge: j03
round: screen
scores:
  oslo-bikes: fail
  seoul-air: pass
  baguio-health: pass
"""),
)
FINAL = "round: final\njudges:\n  j01: [seoul-air, baguio-health]\n  j02: [seoul-air, baguio-health]\n  j03: [seoul-air, baguio-health]\n"

DOCS: dict[str, CodeDoc] = {
    "P801": CodeDoc(
        text="""\
An assignment file's `round:` does not fit the cycle. Where the calls are judged in rounds, each
file in `assignments/` is for one round and must say which (`round: evaluation`); a file without
`round:`, or naming a round that no call has, is not used at all, so nothing in it is checked
against the marks. Where no call has rounds, there is one file (by convention
`assignments/all.yaml`) and it must not name a round: it is used all the same, as in the example.

Write the round's id, as `cycle.yaml` spells it under the call's `rounds:`, or remove `round:` in a
cycle without rounds. `smartaward assign --round R` writes it for you. See Assignments in
docs/format.md.""",
        bad=Example(ALL, "round: final\n" + MATCHING),
        good=Example(ALL, MATCHING),
    ),
    "P802": CodeDoc(
        text="""\
Two files in `assignments/` are for the same round (here both name `final`). Only one is used:
the one named after the round (`final.yaml` for `final`), or else the first in the order of their
paths; the other is checked for unknown judges and entries, but nothing else in it counts, so
entries it assigns are not assigned at all. Such a file is often a copy kept while editing, or a
copy of another round's file whose `round:` was not changed (then the message says so, and `P811`
names the mismatch).

Merge the two files into one, or delete the copy (keep old versions outside `assignments/`, or in
git), or correct the copy's `round:`. A file for another round is fine: each round has its own
file. See Assignments in docs/format.md.""",
        bad=Example("assignments/final-copy.yaml", FINAL),
        good=Example("assignments/screen.yaml", "round: screen\njudges:\n  j03: [oslo-bikes, seoul-air, baguio-health]\n"),
        given=(*SCREENED_OUT, Example("assignments/final.yaml", FINAL)),
    ),
    "P803": CodeDoc(
        text="""\
An entry is listed twice for the same judge in one assignment file. It changes nothing (a judge
marks an entry once per round), but it usually means that another entry was meant: a copy and
paste that was not finished. The second listing is reported.

Remove the second listing, or correct it to the entry that was meant. See Assignments in
docs/format.md.""",
        bad=Example(ALL, "judges:\n" + J01 + "  j02: [oslo-bikes, seoul-air, seoul-air, baguio-health]\n" + J03),
        good=Example(ALL, MATCHING),
    ),
    "P804": CodeDoc(
        text="""\
Once a round has an assignment file, only the judges it assigns to an entry count for that entry:
this judge marked an entry the file does not give them in the round, and those marks are not
counted. `explain` shows the line as excluded, with the file that decides it. The result stays
provisional until it is settled (`smartaward status`).

If the judge was meant to mark the entry, add it to the judge's list in the assignment file (and
check the entry's panel against `per_entry`). If not, the judge removes the line from their
sheet. Rounds without an assignment file count every judge's marks as before. In the example,
`j03` marked `seoul-air`, which the file gives only to `j01` and `j02`. See Assignments in
docs/rules.md.""",
        bad=Example(ALL, "judges:\n" + J01 + J02 + "  j03: [oslo-bikes, baguio-health]\n"),
        good=Example(ALL, MATCHING),
    ),
    "P805": CodeDoc(
        text="""\
An assignment gives a judge an entry that the judge's marks could never count for: the judge
declared a conflict with it (`conflicts:` in `judges.yaml`), shares a fact with the entrant under
`rules.conflicts` (whatever its severity), does not judge the entry's call (`calls:`), is an
observer (`voting: false`), or has a `rounds:` list without this round. The message says which,
in the words `rank` and `explain` use.

Assign the entry to another judge (`smartaward assign --keep` fills the gap), or correct
`judges.yaml` if the conflict or the list of calls is wrong. In the example `j01` declared a
conflict with `oslo-*`.""",
        bad=Example(ALL, "judges:\n  j01: [oslo-bikes, seoul-air, baguio-health]\n" + J02 + J03),
        good=Example(ALL, MATCHING),
    ),
    "P806": CodeDoc(
        text="""\
An assignment file assigns an entry whose call is not judged in the file's round: the call has no
such round, it is judged in rounds and the file names none, or its awards are designated (no one
marks its entries), as in the example, where `oslo-honour` is in the designated `honours` call.

Remove the entry from the file, or move it to the file of a round its call has. See Assignments
in docs/format.md.""",
        bad=Example(ALL, "judges:\n" + J01 + J02 + "  j03: [oslo-bikes, seoul-air, baguio-health, oslo-honour]\n"),
        good=Example(ALL, MATCHING),
    ),
    "P807": CodeDoc(
        text="""\
An entry of the round is assigned to fewer judges than the file's `per_entry` says each entry
must have, or (without `per_entry`) to no judge at all: since only assigned judges count in a
round with an assignment file, such an entry will have too few marks. Entries that did not reach
the round (screened out, not shortlisted, late) are not counted here. The result stays
provisional until every entry has its panel.

Assign the entry to more judges (`smartaward assign --keep` fills gaps and never moves what is
assigned), or lower `per_entry` if fewer judges are enough. In the example `oslo-bikes` has two
judges of three, `j01` being in conflict with it; `j04` takes it.""",
        bad=Example(ALL, "per_entry: 3\n" + MATCHING),
        good=Example(ALL, "per_entry: 3\n" + MATCHING + "  j04: [oslo-bikes]\n"),
        given=(J04,),
    ),
    "P808": CodeDoc(
        text="""\
An entry is assigned in a round it did not reach: it was screened out or not shortlisted in an
earlier round, or it is late. No one needs to mark it there, and marks on it would not count
(`J417`). Often the assignments were made before the earlier round was complete, or an entry id
is mistyped for another.

Remove the entry from the round's file (`smartaward assign` for the round writes only entries
that reached it), or correct the id. In the example `oslo-bikes` failed the screening.""",
        bad=Example("assignments/final.yaml", FINAL.replace("  j03: [seoul-air", "  j03: [oslo-bikes, seoul-air")),
        good=Example("assignments/final.yaml", FINAL),
        given=SCREENED_OUT,
    ),
    "P809": CodeDoc(
        text="""\
A judge is assigned more entries in the round than their `max_entries` in `judges.yaml`, or fewer
than their `min_entries` (only where the round has at least that many entries the judge may
judge). These caps are what `smartaward assign` respects; an assignment edited by hand may break
them. It is a warning: the marks count all the same.

Move entries to other judges, or change the judge's caps if they agreed to more (or fewer). In
the example `j04` has `max_entries: 1`.""",
        bad=Example(ALL, MATCHING + "  j04: [oslo-bikes, seoul-air]\n"),
        good=Example(ALL, MATCHING + "  j04: [oslo-bikes]\n"),
        given=(J04_CAPPED,),
    ),
    "P810": CodeDoc(
        text="""\
An entry is assigned to more judges than the file's `per_entry`. Every assigned judge's marks
count, so the entry is judged by a larger panel than the others, which can favour or hurt it
(with `aggregate: sum`, more marks add more). It is also what an entry added to a judge's list
after the marks are in looks like, which makes that judge's marks on it count: the result stays
provisional (`smartaward status`) until the panel matches `per_entry`.

Remove the extra judges from the entry, or raise `per_entry` if every entry should have that
many. In the example `seoul-air` has four judges where three are asked for.""",
        bad=Example(ALL, "per_entry: 3\n" + MATCHING + "  j04: [oslo-bikes, seoul-air]\n"),
        good=Example(ALL, "per_entry: 3\n" + MATCHING + "  j04: [oslo-bikes]\n"),
        given=(J04,),
    ),
    "P811": CodeDoc(
        text="""\
An assignment file is named after one round (`screen.yaml`) but its `round:` names another
(`final`). The file is used for the round its `round:` names, whatever its name, so a copy of one
round's file meant for another round, whose `round:` was left unchanged, assigns judges in the
wrong round (and, next to that round's own file, is the error `P802`). It does not keep the result
provisional: the file is read, and what it assigns is checked like any other.

Correct `round:`, or rename the file after the round it is for (`assignments/final.yaml`); a name
that is no round's (`final-draft.yaml`) is not checked. See Assignments in docs/format.md. In the
example the project call is screened before its final.""",
        bad=Example("assignments/screen.yaml", FINAL),
        good=Example("assignments/final.yaml", FINAL),
        given=SCREENED_OUT,
    ),
    "P812": CodeDoc(
        text="""\
Two judges of one entry share the fact that `rules.assignment.different` in `cycle.yaml` names
(`affiliation`, `country` or `city`): the jury asked that no entry be judged by two judges of one
affiliation (or country, or city), and the round's assignment file breaks it. `smartaward assign`
never does; a file edited by hand, or written before the rule was added, may. Values are compared
as `assign` compares them: a country as written, an affiliation or a city as it looks (case,
spacing and look-alike letters aside), and a judge without the fact clashes with no one. The
second judge of the entry in the file is reported. The marks count all the same, but the result
stays provisional (`smartaward status`) until the panel is corrected.

Assign the entry to a judge of another affiliation (`smartaward assign --round R --keep` drops
such a pair, keeps every other one and fills the gap), or correct `judges.yaml` if a value is
wrong. In the example `j01` and `j04` are both of Example University.""",
        bad=Example(ALL, MATCHING + "  j04: [seoul-air]\n"),
        good=Example(ALL, MATCHING + "  j04: [oslo-bikes]\n"),
        given=(DIFFERENT, J04_SAME_PLACE),
    ),
    "P813": CodeDoc(
        text="""\
`rules.assignment.expertise: require` in `cycle.yaml` asks that every judge of an entry know its
category (the judge's `categories:`) or one of its `tags` (the judge's `expertise:`), and the
round's assignment file gives a judge an entry they know neither of. `smartaward assign` never
does; a file edited by hand, or written before the rule was set, may. The marks count all the
same, but the result stays provisional (`smartaward status`) until the pair is corrected.

Assign the entry to a judge who knows its category or a tag (`smartaward assign --round R --keep`
drops such a pair and fills the gap), or add to the judge's `categories` or `expertise` in
`judges.yaml` if they do know it. With `expertise: prefer` (the default) such a
pair is only less preferred by `assign`, and not reported. In the example `j04` knows `mobility`,
a tag of `oslo-bikes` but not of `seoul-air`.""",
        bad=Example(ALL, MATCHING + "  j04: [oslo-bikes, seoul-air]\n"),
        good=Example(ALL, MATCHING + "  j04: [oslo-bikes]\n"),
        given=(REQUIRE, J04_EXPERT, MOBILITY),
    ),
}
