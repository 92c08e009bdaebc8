"""Documentation of the A (awards: slots and designated awards) codes."""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example
from smartaward.codedocs.given import project_call

DOCS: dict[str, CodeDoc] = {
    "A501": CodeDoc(
        text="""\
In a call with `judging: designated`, a category's `designated:` names an award that the
category does not offer. This is usually a misspelt award id, or an award that was renamed or
removed under `awards:`. smartaward cannot give an award that does not exist, and does not drop
the named winners silently. The message lists the awards the category has.

Spell the award id exactly as it is written under the category's `awards:`. If the award is new,
add it to `awards:` first, with its count (`special: 1`).
""",
        bad=Example("cycle.yaml", """\
calls:
  # ... the project call ...
  honours:
    title: Honours
    judging: designated
    closes: 2025-06-30
    categories:
      special:
        title: Special mention
        awards: {special: 1}
        designated: {specal: [oslo-honour]}
""", edits=(("designated: {special: [oslo-honour]}", "designated: {specal: [oslo-honour]}"),)),
        good=Example("cycle.yaml", """\
calls:
  # ... the project call ...
  honours:
    title: Honours
    judging: designated
    closes: 2025-06-30
    categories:
      special:
        title: Special mention
        awards: {special: 1}
        designated: {special: [oslo-honour]}
""", edits=()),
    ),
    "A502": CodeDoc(
        text="""\
More entries are designated for an award than it has slots: its `count`, or the number written
as shorthand (`special: 1`). smartaward does not choose among them, and does not give out more
awards than the cycle offers. The list cannot hold reserves either: the entries are offered the
award in the listed order, and a listed entry that cannot take it (it already has an award, is
not eligible, or is late) is skipped, which leaves its slot unfilled.

Shorten the list to `count` entries. If the committee really named more winners, raise the
award's `count` to match (`special: 2`).
""",
        bad=Example("cycle.yaml", """\
calls:
  # ... the project call ...
  honours:
    title: Honours
    judging: designated
    closes: 2025-06-30
    categories:
      special:
        title: Special mention
        awards: {special: 1}
        designated: {special: [oslo-honour, lagos-honour]}
""", edits=(("designated: {special: [oslo-honour]}", "designated: {special: [oslo-honour, lagos-honour]}"),)),
        good=Example("cycle.yaml", """\
calls:
  # ... the project call ...
  honours:
    title: Honours
    judging: designated
    closes: 2025-06-30
    categories:
      special:
        title: Special mention
        awards: {special: 2}
        designated: {special: [oslo-honour, lagos-honour]}
""", edits=(("designated: {special: [oslo-honour]}", "designated: {special: [oslo-honour, lagos-honour]}"), ("awards: {special: 1}", "awards: {special: 2}"))),
        given=(Example("entries/lagos-honour.yaml", """\
id: lagos-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05
"""),),
    ),
    "A503": CodeDoc(
        text="""\
A category of a scored call (one without `judging: designated`) names winners under
`designated:`. In a scored call the awards go down the ranking of the judges' marks, so named
winners would give a second answer for the same award, and smartaward does not choose between
the two.

Remove `designated:` and let the ranking decide. If a committee chooses the winners of an award,
put that award in a call of its own with `judging: designated`, and submit its entries to that
call. Setting `judging: designated` on the scored call itself, as the message suggests, makes
every award of that call designated: the call is no longer ranked, and its marks are ignored
(`J406`).
""",
        bad=Example("cycle.yaml", """\
calls:
  project:
    title: Project awards
    closes: 2025-06-30
    # no judging: key, so the call is scored
    criteria:
      design: {title: Design, weight: 1}
      impact: {title: Impact, weight: 2}
    categories:
      people:
        title: People
        awards:
          gold: 1
          silver: 1
          corporate: {count: 1, eligible: {entrant_type: company}}
        designated: {gold: [seoul-air]}
""", edits=(project_call("        designated: {gold: [seoul-air]}"),)),
        good=Example("cycle.yaml", """\
calls:
  project:
    title: Project awards
    closes: 2025-06-30
    # no judging: key, so the call is scored
    criteria:
      design: {title: Design, weight: 1}
      impact: {title: Impact, weight: 2}
    categories:
      people:
        title: People
        awards:
          gold: 1
          silver: 1
          corporate: {count: 1, eligible: {entrant_type: company}}
""", edits=()),
    ),
}

__all__ = ["DOCS"]
