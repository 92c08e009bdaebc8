"""Documentation of the M (marks) codes."""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example, edited
from smartaward.codedocs.given import SCREENING, project_call

DOCS: dict[str, CodeDoc] = {
    "M301": CodeDoc(
        text="""\
Every mark must lie on its scale, from `min` to `max` inclusive. The scale is the criterion's own
`scale:` if it has one, else the call's, else the cycle's (`{min: 0, max: 10}` by default), and
the message names the range that applies. Marks are never clipped or rescaled, so a mark off the
scale could only distort the results.

Judges: correct the mark. A mark like `75` on a 0–10 scale is usually `7.5` with its decimal point
lost. If the scale itself is wrong, the organisers change `scale:` in `cycle.yaml`. A mark that
fits the range but not the scale's `step` is `M302`.""",
        bad=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 75}
  baguio-health: {design: 9, impact: 9}"""),
        good=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7.5}
  baguio-health: {design: 9, impact: 9}"""),
    ),
    "M302": CodeDoc(
        text="""\
The scale has a `step`, so every mark must be `min` plus a whole number of steps: with
`{min: 0, max: 10, step: 0.5}` the marks are 0, 0.5, 1, … 10, and `7.3` is refused. The step is
counted from the scale's `min`, not from 0. Decimal rounding is tolerated, so `step: 0.1` accepts
`7.3`.

Judges: round the mark to the step (`7.3` becomes `7` or `7.5`: choose, smartaward does not round
for you). If finer marks are wanted, the organisers change or remove `step` in the scale in
`cycle.yaml`. Remember that a criterion's own `scale:` replaces the call's and the cycle's whole,
step included.""",
        bad=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 7.3, impact: 7}
  baguio-health: {design: 9, impact: 9}"""),
        good=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 7.5, impact: 7}
  baguio-health: {design: 9, impact: 9}"""),
    ),
    "M303": CodeDoc(
        text="""\
A mark must be a number written plainly: `8`, `7.5`, `-1`. smartaward never converts text to a
number, so a quoted mark (`"8"`), a decimal comma (`7,5`), a unit (`8 points`), a word (`true`,
`.nan`) or an empty value is refused. Its line is not counted until it is fixed.

Write the number without quotes, with a decimal point. If the judge has not decided a mark yet,
leave the whole entry out of the sheet rather than leaving a mark empty. Beware of a decimal comma
in a flow mapping: in `{design: 7,5, impact: 8}` the comma separates two keys, so it is reported as
an unknown criterion `5` (`R206`) instead.""",
        bad=Example("scores/j01.yaml", """\
judge: j01
scores:
  seoul-air:
    design: 7,5
    impact: "8"
  baguio-health: {design: 9, impact: 9.5}"""),
        good=Example("scores/j01.yaml", """\
judge: j01
scores:
  seoul-air:
    design: 7.5
    impact: 8
  baguio-health: {design: 9, impact: 9.5}"""),
    ),
    "M304": CodeDoc(
        text="""\
The shape of an entry's marks must match its call. In a call with criteria, each entry gets a
mapping with one mark per criterion (`{design: 7, impact: 8}`); in a call without criteria, each
entry gets one overall mark (`7.5`). One number where criteria are expected, a mapping where
there are none, and an empty mapping `{}` are all refused, because smartaward cannot tell which
criterion a lone number was meant for. In a wide CSV sheet, a row with no marks at all is the same
mistake.

Give the marks in the shape the message asks for, using the criterion ids under `criteria:` in
`cycle.yaml`. If the judge has no marks for the entry, remove its line from the sheet.""",
        bad=Example("scores/j01.yaml", """\
judge: j01
scores:
  seoul-air: 7.5
  baguio-health: {}"""),
        good=Example("scores/j01.yaml", """\
judge: j01
scores:
  seoul-air: {design: 7, impact: 8}
  baguio-health: {design: 9, impact: 9.5}"""),
    ),
    "M305": CodeDoc(
        text="""\
In a call with criteria a judge should mark every criterion of every entry they mark. A missing
mark is never taken as 0: the judge's whole total for that entry is left out, and the entry is
scored by its other judges. If that leaves it with fewer judges than `min_judges`, it is not ranked
(`J404`). See "Who counts" in docs/rules.md.

Judges: add the missing marks (the message names the criteria). A misspelt criterion id also
leaves the real criterion unmarked, and is `R206`. This is a warning, because leaving the line out
may be intended, but the entry's score then rests on fewer judges.""",
        bad=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5}
  baguio-health: {design: 9, impact: 9}"""),
        good=Example("scores/j02.yaml", """\
judge: j02
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}"""),
    ),
    "M306": CodeDoc(
        text="""\
In a screening round (`screening: true` in the call's `rounds:`) judges do not mark entries: they
let each one through or not. The verdict must be exactly `pass` or `fail`, in lowercase. Anything
else, such as `maybe`, `Pass`, `yes`, `true` or a number, is refused, since the round's `passes:`
rule counts passes against fails.

Judges: write `pass` or `fail` for every entry on the screening sheet. If a judge cannot decide,
leave the entry off their sheet: the entry is then decided by the other judges' verdicts. See
Rounds in docs/rules.md.""",
        bad=Example("scores/j02-screen.yaml", """\
judge: j02
round: screen
scores:
  oslo-bikes: pass
  seoul-air: maybe
  baguio-health: pass"""),
        good=Example("scores/j02-screen.yaml", """\
judge: j02
round: screen
scores:
  oslo-bikes: pass
  seoul-air: fail
  baguio-health: pass"""),
        given=SCREENING,
    ),
    "M307": CodeDoc(
        text="""\
A call (or one of its rounds) is judged either by marks or by ranks, as its `marking:` says
(`scores` by default). Where it is marked, the sheet holds `scores:`. Where it is ranked
(`marking: ranks`), the sheet holds `ranks:`, the judge's ranking with 1 as the best. A sheet with
the wrong one cannot be read as intended, so its lines for that call are not counted. This is
reported once per sheet and call, at the first entry.

Judges: rewrite the sheet in the form the call asks for. If the call should be ranked, the
organisers set `marking: ranks` with a rank method (see Rank methods in docs/rules.md).""",
        bad=Example("scores/j01.yaml", """\
judge: j01
ranks:
  seoul-air: 2
  baguio-health: 1"""),
        good=Example("scores/j01.yaml", """\
judge: j01
scores:
  seoul-air: {design: 7, impact: 8}
  baguio-health: {design: 9, impact: 9.5}"""),
    ),
    "M308": CodeDoc(
        text="""\
In a call or round with `marking: ranks`, each entry's rank is a whole number from 1, the best.
Equal ranks are allowed (a tie on this judge's ballot), and so are gaps, since only the order
matters. Ranks starting at 0, negative ranks, decimals (`2.5`, and also `1.0`), quoted ranks
(`"2"`) and anything else are refused.

Judges: rank the entries 1, 2, 3 and so on. To say two entries are equal, give them the same
rank rather than a half rank. See Rank methods in docs/rules.md.""",
        bad=Example("scores/j02.yaml", """\
judge: j02
ranks:
  baguio-health: 0
  oslo-bikes: 1
  seoul-air: 2"""),
        good=Example("scores/j02.yaml", """\
judge: j02
ranks:
  baguio-health: 1
  oslo-bikes: 2
  seoul-air: 3"""),
        given=(edited("cycle.yaml", ("aggregate: mean", "aggregate: borda"), ("tie_break: [criterion:impact, shared]", "tie_break: [shared]"),
                               project_call("    marking: ranks")),
               Example("scores/j01.yaml", "judge: j01\nranks:\n  seoul-air: 2\n  baguio-health: 1\n"),
               Example("scores/j03.yaml", "judge: j03\nranks:\n  oslo-bikes: 2\n  seoul-air: 3\n  baguio-health: 1\n")),
    ),
    "M309": CodeDoc(
        text="""\
In a call or round with `marking: pairs`, each item under `pairs:` is one judgment written
`[winner, loser]`: two entry ids, the first beating the second. The two must be different entries
of one call and category, since only entries ranked together can be compared. An item with one
entry or three, a text such as `a beats b`, a number, an entry compared with itself, or two entries
of different categories is refused; the sheet's other pairs still count. An entry the cycle does
not have is `R205`, reported at the first pair that names it.

Judges: write each comparison as a list of the two entry ids, the better one first. A judge who
compares the same two entries again makes one comparison of them (`M310`). See Pairwise comparisons
in docs/rules.md.""",
        bad=Example("scores/j02.yaml", """\
judge: j02
pairs:
  - [baguio-health, oslo-bikes]
  - [seoul-air, seoul-air]"""),
        good=Example("scores/j02.yaml", """\
judge: j02
pairs:
  - [baguio-health, oslo-bikes]
  - [seoul-air, oslo-bikes]"""),
        given=(edited("cycle.yaml", ("aggregate: mean", "aggregate: copeland"), ("tie_break: [criterion:impact, shared]", "tie_break: [shared]"),
                               project_call("    marking: pairs")),
               Example("scores/j01.yaml", "judge: j01\npairs:\n  - [baguio-health, seoul-air]\n"),
               Example("scores/j03.yaml", "judge: j03\npairs:\n  - [oslo-bikes, seoul-air]\n  - [baguio-health, oslo-bikes]\n")),
    ),
    "M310": CodeDoc(
        text="""\
In a call or round with `marking: pairs`, a judge's judgments of one pair of entries count as ONE
comparison of them, whatever their number: its outcome is the share of the judge's judgments each
way (three times `[a, b]` and once `[b, a]` count as a 0.75 win for `a` and 0.25 for `b`; `copeland`
counts it as the judge preferring `a`). So a judge who writes a pair 500 times has no more say on it
than a judge who writes it once. The warning is at each judgment of a pair the sheet has judged
already, either way round; the judgments still count, as their share.

Judges: compare each pair of entries once, with your considered verdict. If you changed your mind,
remove the earlier judgment. See Pairwise comparisons in docs/rules.md.""",
        bad=Example("scores/j02.yaml", """\
judge: j02
pairs:
  - [baguio-health, oslo-bikes]
  - [seoul-air, oslo-bikes]
  - [baguio-health, oslo-bikes]"""),
        good=Example("scores/j02.yaml", """\
judge: j02
pairs:
  - [baguio-health, oslo-bikes]
  - [seoul-air, oslo-bikes]"""),
        given=(edited("cycle.yaml", ("aggregate: mean", "aggregate: copeland"), ("tie_break: [criterion:impact, shared]", "tie_break: [shared]"),
                               project_call("    marking: pairs")),
               Example("scores/j01.yaml", "judge: j01\npairs:\n  - [baguio-health, seoul-air]\n"),
               Example("scores/j03.yaml", "judge: j03\npairs:\n  - [oslo-bikes, seoul-air]\n  - [baguio-health, oslo-bikes]\n")),
    ),
}

__all__ = ["DOCS"]
