"""Documentation of the T (CSV score sheets) codes."""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example

DOCS: dict[str, CodeDoc] = {
    "T601": CodeDoc(
        text="""\
The header row (the first row that is not blank) of a CSV score sheet is wrong. Either it lacks
a column it needs (a `judge` or `entry` column, or a `mark` column next to `criterion`), or a
column name is empty, given twice, or written with capitals (`Judge`), or a column does not
belong in the file. In the long form (`judge,entry,criterion,mark`) and the overall form
(`judge,entry,mark`) no other column is allowed. In the wide form every other column is named
by a criterion id, so names such as `Notes` or `Design score` are refused. The header decides
how every row is read: a header without a column it needs, or with a capitalised name, stops the
reading of the whole file. A stray column is reported, and its cells are ignored. A header of
more than 16,384 columns (a spreadsheet's maximum), or a header line over 1 MB, is no score
sheet: the file is not read, and this is its one problem.

Name the columns in lowercase exactly as docs/format.md shows them, and in the wide form name
each mark column by its criterion id (`design`, `impact`). Keep comments out of the file. A
lowercase comment column such as `notes` would be read as a criterion, and each comment
reported as a mark for an unknown criterion (`R206`).
""",
        bad=Example("scores/marks.csv", """\
judge,entry,design,impact,Notes
j02,oslo-bikes,8,8,
j02,seoul-air,6.5,7,sensor data from 2024 only
j02,baguio-health,9,9,
"""),
        good=Example("scores/marks.csv", """\
judge,entry,design,impact
j02,oslo-bikes,8,8
j02,seoul-air,6.5,7
j02,baguio-health,9,9
"""),
        removed=("scores/j02.yaml",)  # j02's marks are in the CSV sheet,
    ),
    "T602": CodeDoc(
        text="""\
A row of a CSV score sheet does not fit the header: it has more or fewer cells than the header
has columns, or its judge or entry cell is empty. The row is skipped, so its marks are missing.
The most common cause is a decimal comma in a file separated by commas: `6,5` is two cells, `6`
and `5`. A quote that is never closed (`"6.5,7`) runs on to the end of the file, so the rows
after it are lost as well. A line over 1 MB (a million cells on one line) is no row of a score
sheet: the file is not read, and this is its one problem.

Give every row one cell per column, and fill in its judge and entry. Write decimals with a point
(`6.5`). A spreadsheet set to a language that writes decimal commas usually saves its CSV files
with `;` between cells, which smartaward recognises, but marks must still be written with a
point, or they are not numbers (`M303`). Blank lines, and rows whose cells are all empty, are
skipped without a problem.
""",
        bad=Example("scores/marks.csv", """\
judge,entry,design,impact
j02,oslo-bikes,8,8
j02,seoul-air,6,5,7
j02,baguio-health,9,9
"""),
        good=Example("scores/marks.csv", """\
judge,entry,design,impact
j02,oslo-bikes,8,8
j02,seoul-air,6.5,7
j02,baguio-health,9,9
"""),
        removed=("scores/j02.yaml",)  # j02's marks are in the CSV sheet,
    ),
    "T603": CodeDoc(
        text="""\
In one CSV file, a judge gives the same entry two marks on the same criterion (or, for a call
without criteria, two overall marks), or gives an entry both an overall mark and criterion
marks. This usually happens when a correction is added as a new row instead of changing the old
row. smartaward does not guess which mark the judge meant. The first row is read, and each
later one is reported at its mark.

Keep one row per judge, entry and criterion: put the right mark in one row and delete the
others. A judge whose marks are spread over two files has two score sheets, which is `R209`.
""",
        bad=Example("scores/marks.csv", """\
judge,entry,criterion,mark
j02,oslo-bikes,design,8
j02,oslo-bikes,impact,8
j02,seoul-air,design,6.5
j02,seoul-air,impact,7
j02,baguio-health,design,9
j02,baguio-health,impact,9
j02,seoul-air,design,7
"""),
        good=Example("scores/marks.csv", """\
judge,entry,criterion,mark
j02,oslo-bikes,design,8
j02,oslo-bikes,impact,8
j02,seoul-air,design,7
j02,seoul-air,impact,7
j02,baguio-health,design,9
j02,baguio-health,impact,9
"""),
        removed=("scores/j02.yaml",)  # j02's marks are in the CSV sheet,
    ),
}

__all__ = ["DOCS"]
