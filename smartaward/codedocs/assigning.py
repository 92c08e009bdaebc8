"""Documentation of the P85x codes: `smartaward assign` reports them about the round it is asked to
assign (assigning/problems.py), never `validate`.

Each code's examples are run (tests/test_codedocs.py) as `smartaward assign CYCLE ARGUMENTS
--dry-run` on the base cycle with the example laid over it: the failing one must get its code, the
passing one no problem. The base cycle's project call has no rounds (its file is
assignments/all.yaml) and three entries; j01 and j02 judge it only, j03 every call, and j01
declared a conflict with oslo-*, so only j02 and j03 may judge oslo-bikes. Its score sheets are
left out (a round not yet marked): `assign` keeps every pair a judge has marked whatever it is
asked, so on the base cycle's marks every entry would already have its judges.
"""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example

# The arguments of `smartaward assign` after the cycle folder that each code's examples are run
# with, the same for the failing and the passing one (each code's text names them).
ARGUMENTS: dict[str, tuple[str, ...]] = {
    "P851": ("--per-entry", "3"),
    "P852": ("--per-entry", "2"),
    "P853": ("--per-entry", "2", "--keep"),
    "P854": ("--per-entry", "1"),
}

J01 = """\
j01:
  name: Ada Example
  country: NO
  affiliation: Example University
  calls: [project]
  conflicts: [oslo-*]
"""
J02 = """\
j02:
  name: Bo Example
  country: KR
  calls: [project]
"""
J03 = """\
j03:
  name: Cy Example
  country: PH
"""
J04 = """\
j04:
  name: Di Example
  country: SE
  calls: [project]
"""
CONFLICT = "  conflicts: [oslo-*]\n"
UNMARKED = ("scores/j01.yaml", "scores/j02.yaml", "scores/j03.yaml")  # the base cycle's sheets, not there

DOCS: dict[str, CodeDoc] = {
    "P851": CodeDoc(
        text="""\
`smartaward assign --per-entry K` cannot give an entry K judges, because fewer than K judges may
judge it in the round: the others have declared a conflict with it, share a fact with the entrant
under `rules.conflicts`, do not judge its call or the round (`calls`, `rounds`), are observers
(`voting: false`), or have `max_entries: 0`; under `rules.assignment`, judges who know neither
its category nor its tags (`expertise: require`) are left out too, and judges who share an
affiliation, country or city (`different`) count as one. The problem is at the entry, and says how
many judges each reason leaves out. Nothing is written: every entry of the round needs K judges.

Add judges who may judge the entry (in `judges.yaml`, with the call in their `calls`), make
judges available for the round, or ask for fewer judges per entry. The example is run with
`smartaward assign --per-entry 3`: j01 declared a conflict with oslo-bikes, so only two of the
three judges may judge it; a fourth judge of the call fixes it.
""",
        bad=Example("judges.yaml", J01 + J02 + J03),
        good=Example("judges.yaml", J01 + J02 + J04 + J03),
        removed=UNMARKED,
    ),
    "P852": CodeDoc(
        text="""\
`smartaward assign --per-entry K` cannot fill every place of the round, although each entry on
its own has enough judges who may judge it: the judges' `max_entries` (per round), or the few
judges available to some entries, leave fewer places than the entries need (entries × K). The
problem is at the `max_entries` of one of the judges who are full, and names the entries that
only those judges may judge, and how many places stay empty. Nothing is written.

Raise `max_entries` of the judges named, make more judges available for those entries (their
calls and rounds), or ask for fewer judges per entry. The example is run with `smartaward assign
--per-entry 2`: three entries need six places, and j01 and j02 may take one entry each while j03
may take the three, which makes five; `max_entries: 2` for j01 makes six.
""",
        bad=Example("judges.yaml", J01 + "  max_entries: 1\n" + J02 + "  max_entries: 1\n" + J03),
        good=Example("judges.yaml", J01 + "  max_entries: 2\n" + J02 + "  max_entries: 1\n" + J03),
        removed=UNMARKED,
    ),
    "P853": CodeDoc(
        text="""\
`smartaward assign --keep` (or `--replace JUDGE`) keeps the pairs of the round's assignment file
and fills the gaps, but a pair of the file can no longer be kept: the judge has since declared a
conflict with the entry or shares a fact with its entrant, no longer judges the call or round, is
not in `judges.yaml`, or is replaced (one problem for all the entries of a replaced judge); the
entry is no longer in the round (screened out, not shortlisted); or the pair goes beyond K judges
for the entry, beyond the judge's `max_entries`, or against the `rules.assignment` rules.
The pair is dropped and the entry gets another judge in the file written. It is a warning: the
problem is at the pair in the old file, and says why it went. A pair the judge has already marked
is never dropped (not even beyond K or a cap, nor for `--replace`), unless the judge may not judge
the entry at all, so no mark handed in stops counting.

Tell the judge dropped not to mark the entry (their marks would not count: see `P804`), and the
judge who takes their place. The example is run with `smartaward assign --per-entry 2 --keep`:
j01 was given oslo-bikes before declaring a conflict with oslo-*.
""",
        bad=Example("assignments/all.yaml", """\
per_entry: 2
judges:
  j01: [oslo-bikes, seoul-air]
  j02: [oslo-bikes, baguio-health]
  j03: [seoul-air, baguio-health]
"""),
        good=Example("assignments/all.yaml", """\
per_entry: 2
judges:
  j01: [seoul-air, baguio-health]
  j02: [oslo-bikes, seoul-air]
  j03: [oslo-bikes, baguio-health]
"""),
        removed=UNMARKED,
    ),
    "P854": CodeDoc(
        text="""\
`smartaward assign` gives a judge fewer entries than their `min_entries`, because the round has
fewer entries that the judge may judge (their conflicts, calls and rounds, the `rules.assignment`
rules and the entries' other judges all count), or because the places of the round (entries ×
K) are too few for every judge's minimum. The assignment is written all the same: it is a
warning, at the judge's `min_entries`, that says how many entries they were given.

Lower the judge's `min_entries` to what the round can give them, or ask for more judges per
entry. The example is run with `smartaward assign --per-entry 1`: j01 declared a conflict with
oslo-*, so only two of the three entries may go to them.
""",
        bad=Example("judges.yaml", J01 + "  min_entries: 3\n", edits=((CONFLICT, CONFLICT + "  min_entries: 3\n"),)),
        good=Example("judges.yaml", J01 + "  min_entries: 2\n", edits=((CONFLICT, CONFLICT + "  min_entries: 2\n"),)),
        removed=UNMARKED,
    ),
}

__all__ = ["ARGUMENTS", "DOCS"]
