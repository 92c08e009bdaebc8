"""Documentation of the J (judging) codes."""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example, edited
from smartaward.codedocs.given import END_OF_PEOPLE, EVALUATION_SHEETS, SCREENING, eight_more_entries, final_round, measured_bonus, project_call, project_rounds

DOCS: dict[str, CodeDoc] = {
    "J401": CodeDoc(
        text="""\
The entry's `submitted` date is after its call's `closes` date in `cycle.yaml` (an entry submitted
on the closing day is in time). A late entry is judged in no round, ranked nowhere and receives
no award, designated awards included. Its marks are still read, so that conflicts on it are
reported. (An entry submitted before the call's `opens` is the error `J416`.)

This is a warning, because a late entry may rightly stay out. If the date is a typo (often the day
and month swapped, as in the example), correct `submitted`. If the organisers extended the
deadline, they change the call's `closes:` in `cycle.yaml`. See Late entries in docs/rules.md.""",
        bad=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-07-06"""),
        good=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-07"""),
    ),
    "J402": CodeDoc(
        text="""\
The judge declared a conflict of interest with this entry in `judges.yaml` (`conflicts:`, exact
entry ids or patterns such as `oslo-*`), and still marked it. Those marks are not counted, so the
entry is scored by its other judges; if that leaves too few, it is not ranked (`J404`).

Judges: remove the entry from your sheet. If the conflict is wrong (for example a pattern such as
`oslo-*` that also matches an entry you may judge), the organisers narrow the patterns in
`judges.yaml`. Conflicts derived from a rule rather than declared are `J410` and `J411`. See Who
counts in docs/rules.md.""",
        bad=Example("scores/j01.yaml", """\
judge: j01
scores:
  seoul-air: {design: 7, impact: 8}
  baguio-health: {design: 9, impact: 9.5}
  oslo-bikes: {design: 9, impact: 9}"""),
        good=Example("scores/j01.yaml", """\
judge: j01
scores:
  seoul-air: {design: 7, impact: 8}
  baguio-health: {design: 9, impact: 9.5}"""),
    ),
    "J403": CodeDoc(
        text="""\
The judge has a `calls:` list in `judges.yaml`, and marked an entry of a call that is not in it.
Those marks are not counted: a judge judges only the calls they are assigned to. In the example,
`j02` has `calls: [project]`, and `lagos-school` is an entry of the `schools` call. Note that
`calls: []` assigns no call at all, whereas leaving `calls` out assigns every call.

Judges: remove the marks for entries outside your calls. If the judge should judge that call too,
the organisers add it to the judge's `calls:` in `judges.yaml`. See Who counts in docs/rules.md.""",
        bad=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}
  lagos-school: 7"""),
        good=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}"""),
        given=(edited("cycle.yaml", ("  honours:\n", """\
  schools:
    title: School awards
    closes: 2025-06-30
    rules: {min_judges: 1, tie_break: [shared]}
    categories:
      pupils: {title: Pupils, awards: {gold: 1}}
  honours:
""")),  # a call that j02 does not judge, marked by j03
               Example("entries/lagos-school.yaml", """\
id: lagos-school
call: schools
category: pupils
title: Solar lamps for homework
entrant: {name: Lagos Grammar School, type: institution, city: Lagos, country: NG}
submitted: 2025-06-07
"""),
               edited("scores/j03.yaml", ("scores:\n", "scores:\n  lagos-school: 8\n"))),
    ),
    "J404": CodeDoc(
        text="""\
After leaving out the marks that do not count (conflicts `J402` and `J410`, judges not on the call
`J403`, incomplete lines `M305`, observers), the entry has fewer valid judges than `min_judges`,
so it is not ranked and cannot win a scored award. It is reported on the entry's `id:`, and the
message gives the count; an entry that no judge marked has 0.

Usually a judge has not marked the entry yet, as in the example, where `j03` left out
`oslo-bikes`, which `j01` may not judge. Add the missing marks, or assign more judges to the call.
If the panel is meant to be smaller, the organisers lower `min_judges` in the rules (see Who counts
in docs/rules.md).""",
        bad=Example("scores/j03.yaml", """\
judge: j03
scores:
  seoul-air: {design: 7, impact: 7.5}
  baguio-health: {design: 8, impact: 9}"""),
        good=Example("scores/j03.yaml", """\
judge: j03
scores:
  oslo-bikes: {design: 8.5, impact: 7.5}
  seoul-air: {design: 7, impact: 7.5}
  baguio-health: {design: 8, impact: 9}"""),
    ),
    "J405": CodeDoc(
        text="""\
The entry's call accepts only some entrant types (its `entrant_types:` in `cycle.yaml`), and the
entrant's `type` is not one of them; the message lists the accepted types. The type is known to
the cycle (otherwise it is `R207`), but this call is not open to it, so the entry cannot be judged
in it.

Entrants: check `entrant.type`. If it is wrong, correct it (in the example the City of Oslo is a
`city`, not an `organisation`). If it is right, the entry belongs in another call that accepts
that type. The organisers may instead add the type to the call's `entrant_types`.""",
        bad=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: organisation, city: Oslo, country: NO}
submitted: 2025-06-01"""),
        good=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-01"""),
        given=(edited("cycle.yaml", project_call("    entrant_types: [city, company]")),),
    ),
    "J406": CodeDoc(
        text="""\
The entry is in a call with `judging: designated`: its winners are named under `designated:` in
`cycle.yaml`, and the call is not ranked. Marks for its entries are therefore ignored, and they
are not checked either.

Judges: remove the entry from your sheet. If the call was meant to be judged by marks, the
organisers set `judging: scored` on it (and remove its `designated:` lists, `A503`).""",
        bad=Example("scores/j03.yaml", """\
judge: j03
scores:
  oslo-bikes: {design: 8.5, impact: 7.5}
  seoul-air: {design: 7, impact: 7.5}
  baguio-health: {design: 8, impact: 9}
  oslo-honour: {design: 9, impact: 9}"""),
        good=Example("scores/j03.yaml", """\
judge: j03
scores:
  oslo-bikes: {design: 8.5, impact: 7.5}
  seoul-air: {design: 7, impact: 7.5}
  baguio-health: {design: 8, impact: 9}"""),
    ),
    "J407": CodeDoc(
        text="""\
The sheet has a `round:` key, but no call in the cycle is judged in rounds (no call has
`rounds:`). The marks are counted as the marks of the single round all the same, so this is
reported once, at the `round:` key.

Judges: remove the `round:` line. If the call should have rounds, the organisers define them under
the call's `rounds:` in `cycle.yaml`, and every sheet then names one of them (see Rounds in
docs/rules.md).""",
        bad=Example("scores/j03.yaml", """\
judge: j03
round: final
scores:
  oslo-bikes: {design: 8.5, impact: 7.5}
  seoul-air: {design: 7, impact: 7.5}
  baguio-health: {design: 8, impact: 9}"""),
        good=Example("scores/j03.yaml", """\
judge: j03
scores:
  oslo-bikes: {design: 8.5, impact: 7.5}
  seoul-air: {design: 7, impact: 7.5}
  baguio-health: {design: 8, impact: 9}"""),
    ),
    "J408": CodeDoc(
        text="""\
The sheet's `round:` names a round that the entry's call does not have; the message lists the
call's rounds, or says that the call is judged in one round. smartaward cannot tell which round
the marks were meant for, so they are not counted. It is reported once per sheet and call. The
same code is reported in `cycle.yaml` for a tie decision under `decisions:` whose `round:` the
call does not have.

Correct `round:` to one of the call's round ids, as written under its `rounds:` in `cycle.yaml`.
In a cycle where only some calls have rounds, marks for a call without rounds go on a sheet
without `round:`. See Rounds in docs/rules.md.""",
        bad=Example("scores/j02-screen.yaml", """\
judge: j02
round: screening
scores:
  oslo-bikes: pass
  seoul-air: pass
  baguio-health: fail"""),
        good=Example("scores/j02-screen.yaml", """\
judge: j02
round: screen
scores:
  oslo-bikes: pass
  seoul-air: pass
  baguio-health: fail"""),
        given=SCREENING,
    ),
    "J409": CodeDoc(
        text="""\
The entry's call is judged in rounds, and the sheet does not say which round its marks are for.
Marks mean different things in different rounds (a screening verdict, a first mark, a final
mark), so they are not counted. It is reported once per sheet and call, and the message lists the
call's rounds.

Judges: add `round:` with one of the call's round ids. A judge writes one sheet per round, for
example `scores/j02-screen.yaml` with `round: screen` and `scores/j02.yaml` with `round: final`.
See Rounds in docs/rules.md.""",
        bad=Example("scores/j02-screen.yaml", """\
judge: j02
scores:
  oslo-bikes: pass
  seoul-air: pass
  baguio-health: fail"""),
        good=Example("scores/j02-screen.yaml", """\
judge: j02
round: screen
scores:
  oslo-bikes: pass
  seoul-air: pass
  baguio-health: fail"""),
        given=SCREENING,
    ),
    "J410": CodeDoc(
        text="""\
The cycle's rules exclude judges who share a fact with the entrant, for example
`conflicts: {same: [country, city, affiliation]}` under `rules:` in `cycle.yaml`. This judge shares
one of the listed facts (the message says which: the judge's `country` or `city` in `judges.yaml`,
or an `affiliation` equal to the entrant's name), so their marks on the entry are not counted.
Unlike `J402`, nobody declared the conflict: the rule found it.

Judges: remove the entry from your sheet. If the judge's facts in `judges.yaml` are wrong, correct
them there. With `severity: error` the same conflict is `J411`. See Who counts in docs/rules.md.""",
        bad=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}"""),
        good=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  baguio-health: {design: 9, impact: 9}"""),
        given=(edited("cycle.yaml", ("  one_award_per: entrant\n", "  one_award_per: entrant\n  conflicts: {same: [country]}\n")),
               edited("scores/j03.yaml", ("  baguio-health: {design: 8, impact: 9}\n", "")))  # j03 and baguio-health: PH,
    ),
    "J411": CodeDoc(
        text="""\
As `J410`: the judge shares a fact with the entrant that the cycle's `conflicts:` rule excludes
(in the example, `j02` and the entrant of `seoul-air` are both from `KR`). Here the rule says
`severity: error`, so the organisers require such marks to be removed, not merely ignored: `rank`
and `winners` refuse the cycle until they are.

Judges: remove the entry from your sheet. If the judge's `country`, `city` or `affiliation` in
`judges.yaml` is wrong, correct it there. See Who counts in docs/rules.md.""",
        bad=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}"""),
        good=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  baguio-health: {design: 9, impact: 9}"""),
        given=(edited("cycle.yaml", ("  one_award_per: entrant\n", "  one_award_per: entrant\n  conflicts: {same: [country], severity: error}\n")),
               edited("scores/j03.yaml", ("  baguio-health: {design: 8, impact: 9}\n", "")))  # j03 and baguio-health: PH,
    ),
    "J412": CodeDoc(
        text="""\
Entries are still tied when the `tie_break` chain reaches `chair`, and no decision under
`decisions:` in `cycle.yaml` orders them. The chain goes on to its next rule (here `shared`: the
entries share their rank) until the decision is recorded. In a round with a shortlist, only a tie
across the shortlist's cut is reported.

The organisers record the chair's decision in `cycle.yaml`: the tied entries best first, who
decided and when. A decision with `round:` applies only to that round; without it, it applies to
every ranking of the call. See The tie-break chain in docs/rules.md.""",
        bad=Example("cycle.yaml", """\
rules:
  aggregate: mean
  min_judges: 2
  tie_break: [chair, shared]""", edits=(("tie_break: [criterion:impact, shared]", "tie_break: [chair, shared]"),)),
        good=Example("cycle.yaml", """\
rules:
  aggregate: mean
  min_judges: 2
  tie_break: [chair, shared]
decisions:
  - tie: [seoul-air, oslo-bikes]
    decided_by: Prof. Kim, chair of the jury
    decided_on: 2025-07-10
    note: Decided on the wider reach of the air sensors.""", edits=(("tie_break: [criterion:impact, shared]", "tie_break: [chair, shared]"),
                                  ("one_award_per: entrant\n", """one_award_per: entrant
decisions:
  - tie: [seoul-air, oslo-bikes]
    decided_by: Prof. Kim, chair of the jury
    decided_on: 2025-07-10
    note: Decided on the wider reach of the air sensors.
"""))),
        given=(edited("scores/j01.yaml", ("  seoul-air: {design: 7, impact: 8}\n", "")),  # seoul-air and oslo-bikes tie
               edited("scores/j02.yaml", ("seoul-air: {design: 6.5, impact: 7}", "seoul-air: {design: 8, impact: 8}")),
               edited("scores/j03.yaml", ("seoul-air: {design: 7, impact: 7.5}", "seoul-air: {design: 8.5, impact: 7.5}"))),
    ),
    "J413": CodeDoc(
        text="""\
`aggregate: kemeny` finds the best overall order exactly, which is only possible for up to 10
entries in contention in one category and round. With more, the whole category is left unranked
rather than ranked approximately. It is reported where the `aggregate` is written. Other rank
methods have bounds too, so that no file can make a run take minutes: `schulze` ranks at most 200
entries, `skating` places at most 1,000, `irv` counts at most 300, the pairwise contests of
`schulze`, `kemeny` and `copeland` take at most 20,000,000 comparisons, and a `bradley-terry` or `crowd-bt` fit that does not
settle within its iteration bound ranks nothing rather than give an unsettled score; the message
says which, and what to choose instead (docs/rules.md, Speed and limits).

The organisers either choose `schulze`, which has no such limit and also ranks by head-to-head
comparisons, or keep `kemeny` for a final round after an earlier round shortlists at most 10
entries per category (`shortlist: {top: 10}`). See Rank methods in docs/rules.md.""",
        bad=Example("cycle.yaml", """\
calls:
  project:
    title: Project awards
    rules: {aggregate: kemeny}""", edits=(("    title: Project awards\n", "    title: Project awards\n    rules: {aggregate: kemeny}\n"),)),
        good=Example("cycle.yaml", """\
calls:
  project:
    title: Project awards
    rules: {aggregate: schulze}""", edits=(("    title: Project awards\n", "    title: Project awards\n    rules: {aggregate: schulze}\n"),)),
        given=eight_more_entries(),
    ),
    "J414": CodeDoc(
        text="""\
With `normalise: z-score` or `percentile`, each judge's marks are rescaled to correct for lenient
and harsh judges. That needs enough marks: a judge with fewer than `min_scores` marks (5 by
default) in the call and round is not normalised, nor (under `z-score`) a judge whose marks are
all equal. Under `z-score` such a judge's marks count raw; under `percentile` they count as
percentages of the scale. It is reported on the `judge:` key of the judge's sheet.

This is a warning: the results are computed. If judges mark few entries each, the organisers
lower `min_scores` (at least 2), or do without normalisation. See Normalisation in docs/rules.md.""",
        bad=Example("cycle.yaml", """\
rules:
  aggregate: mean
  min_judges: 2
  normalise: z-score""", edits=(("  min_judges: 2\n", "  min_judges: 2\n  normalise: z-score\n"),)),
        good=Example("cycle.yaml", """\
rules:
  aggregate: mean
  min_judges: 2
  normalise: z-score
  min_scores: 2""", edits=(("  min_judges: 2\n", "  min_judges: 2\n  normalise: z-score\n  min_scores: 2\n"),)),
    ),
    "J415": CodeDoc(
        text="""A call judged in rounds starts with a screening round (`screening: true`), and no screening sheet
gives this entry a verdict, `pass` or `fail`. An entry without a verdict is not screened, so it
goes no further: it takes no part in the next rounds and is listed unranked with the reason. It
is reported on the entry's `id`.

Usually a screener's sheet misses the entry (a new late addition, a typo in the id — then `R205`
is reported on the sheet too). Add the entry with `pass` or `fail` to a sheet of the screening
round. See Rounds in docs/rules.md.""",
        bad=Example("scores/s01-eligibility.yaml", """judge: s01
round: eligibility
scores:
  oslo-bikes: pass
  baguio-health: pass
  # seoul-air has no verdict"""),
        good=Example("scores/s01-eligibility.yaml", """judge: s01
round: eligibility
scores:
  oslo-bikes: pass
  baguio-health: pass
  seoul-air: fail"""),
        given=(project_rounds("eligibility: {title: Eligibility, screening: true}", "final: {title: Final}"),
               edited("judges.yaml", ("  country: PH\n", "  country: PH\ns01:\n  name: Sol Example\n")),
               # the final round: no marks for seoul-air, which goes no further either way
               final_round("j01", "seoul-air"), final_round("j02", "seoul-air"), final_round("j03", "seoul-air")),
    ),
    "J416": CodeDoc(
        text="""\
The entry's `submitted` date is before its call's `opens` date in `cycle.yaml`: a date the rules
make impossible (an entry submitted on the opening day is in time). It is an error, not a detail:
the `submitted` tie-break ranks the earliest date first, so a date such as 1900-01-01 would win
every tie. `rank` and `winners` refuse the cycle until it is fixed.

Correct `submitted` to the day the entry was really submitted (often the year is wrong, as in the
example). If the organisers accepted entries before the published opening, they change the
call's `opens:` in `cycle.yaml`. A call whose `closes` is before its `opens` is `S103`. See Late
entries in docs/rules.md.""",
        bad=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2015-06-01"""),
        good=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-01"""),
        given=(edited("cycle.yaml", ("    title: Project awards\n", "    title: Project awards\n    opens: 2025-05-01\n")),),
    ),
    "J417": CodeDoc(
        text="""\
A judge's sheet for a round holds marks for an entry that did not reach that round: it was
screened out, not shortlisted, had no screening verdict, too few valid judges in an earlier
round, or was late. Those marks are not counted, and the message says where the entry stopped.
It is reported on the entry's line in the judge's sheet for that round; `explain` shows the marks
under the round as `NOT COUNTED: did not reach this round`, and the `marks.csv` of `export` lists
them with `counted` false.

Often the judge meant another entry, one that did reach the round, and typed the id of one that
did not: correct the id, or the finalist lacks a mark. If the marks really are for the
eliminated entry (a judge who marked every entry), remove them from the sheet. See Rounds in
docs/rules.md.""",
        bad=Example("scores/j02.yaml", """\
judge: j02
round: final
scores:
  oslo-bikes: {design: 8, impact: 9}
  seoul-air: {design: 7, impact: 8}  # not shortlisted in the evaluation round
  baguio-health: {design: 9, impact: 9}"""),
        good=Example("scores/j02.yaml", """\
judge: j02
round: final
scores:
  oslo-bikes: {design: 8, impact: 9}
  baguio-health: {design: 9, impact: 9}"""),
        given=(project_rounds("evaluation: {title: Evaluation, shortlist: {top: 2}}", "final: {title: Final}"),
               # the evaluation shortlists baguio-health (8.833) and oslo-bikes (7.917), not seoul-air (7.083)
               *EVALUATION_SHEETS,
               final_round("j01", "seoul-air"), final_round("j03", "seoul-air")),
    ),
    "J418": CodeDoc(
        text="""\
An entrant has no `country` (it is optional: a wine or a film has none), and a rule of the cycle
reads it: `conflicts: {same: [country]}`, `max_awards_per_country`, or an award slot's `eligible:
{country: ...}`. The rule then applies as if the entrant had a country no one else has: the
conflict rule never excludes a judge's marks on it, it counts towards no country's cap (so an
entrant without a country is never held back by the cap), and it never takes a slot restricted to
some countries. One warning per rule and entrant, at the entrant of its first entry (the message
names its other entries).

If the entrant has a country, write it (`country: NO`, ISO 3166-1 alpha-2). If the cycle's entrants
have no countries, the rule does not fit the cycle: remove it from `cycle.yaml`. See Awards in
docs/format.md.""",
        bad=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo}
submitted: 2025-06-01"""),
        good=Example("entries/oslo-bikes.yaml", """\
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-01"""),
        given=(edited("cycle.yaml", ("  one_award_per: entrant\n", "  one_award_per: entrant\n  max_awards_per_country: 1\n")),),
    ),
    "J419": CodeDoc(
        text="""\
The entry's call has a measured part (`measured:` in `cycle.yaml`: distance points, a time bonus, a
difficulty value) in this round, judges marked the entry there, and no values sheet gives the
entry a value for the part (or the value given is not a number, `M303`). The score is the judges'
part plus the measured parts, so without the value there is no score: the entry is listed
unranked, with the reason, and goes no further. It is reported at the entry's `id:`, naming the
round and the part.

Give the value in the round's values sheet (`values:`, or its CSV file): `0` where it really is
nothing. See Measured parts in docs/rules.md, §4.""",
        bad=Example("scores/bonus.yaml", """\
measured_by: Public vote, counted by the secretariat
values:
  oslo-bikes: {bonus: 2}
  baguio-health: {bonus: 0}
  # seoul-air: its judges marked it, and it has no bonus here"""),
        good=Example("scores/bonus.yaml", """\
measured_by: Public vote, counted by the secretariat
values:
  oslo-bikes: {bonus: 2}
  baguio-health: {bonus: 0}
  seoul-air: {bonus: 0.5}"""),
        given=(edited("cycle.yaml", measured_bonus()),),
    ),
    "J420": CodeDoc(
        text="""\
A values sheet gives a measured value for an entry that has no score in that round: the entry did
not reach the round (it was screened out or not shortlisted, or was late), or no judge's marks on
it count there. The value counts for nothing, and nothing else says so. Often the value was meant
for another entry (a typo in the id, or the rows of a spreadsheet shifted by one): correct it, or
the entry it was meant for lacks its value (`J419`). If the value really is for this entry, remove
it. See Measured parts in docs/rules.md, §4.""",
        bad=Example("scores/bonus.yaml", """\
round: final
values:
  oslo-bikes: {bonus: 2}
  baguio-health: {bonus: 0}
  seoul-air: {bonus: 1}  # seoul-air was not shortlisted for the final"""),
        good=Example("scores/bonus.yaml", """\
round: final
values:
  oslo-bikes: {bonus: 2}
  baguio-health: {bonus: 0}"""),
        given=(edited("cycle.yaml", (END_OF_PEOPLE, measured_bonus("final")[1] + "    rounds:\n"
                                     "      evaluation: {title: Evaluation, shortlist: {top: 2}}\n      final: {title: Final}\n")),
               *EVALUATION_SHEETS,
               final_round("j01", "seoul-air"), final_round("j02", "seoul-air"), final_round("j03", "seoul-air")),
    ),
}

__all__ = ["DOCS"]
