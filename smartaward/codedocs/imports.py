"""Documentation of the I (spreadsheet imports) codes: `smartaward import` reports them at a cell of
the spreadsheet being imported, never in a cycle file."""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example

DOCS: dict[str, CodeDoc] = {
    "I701": CodeDoc(
        text="""\
The header row of a spreadsheet given to `smartaward import` does not say where every field is.
Two columns map to the same field, a field that every entry needs (call, category, title, entrant
name and type, submitted; the entrant's city and country are optional) has no column (a misspelt
`Submited`, which is then a column not imported: I706), a column has values but no name, or a `--map` option names a column the
header does not have. The call needs no column in a cycle of one call, and `--set FIELD=VALUE`
gives any row the same call, category, entrant type, country, city or date. The header decides how every row is read, so
no row is imported until it is fixed, even with `--skip-bad`.

Rename the column to a field's name (header names are compared loosely: `Entrant city`,
`entrant_city` and `entrant.city` are all entrant.city), or map it on the command line with
`--map "Submited=submitted"`. Ignore a column you do not need with `--map "Notes=-"`.
For score sheets in the wide form, name each mark column by its criterion id.
""",
        bad=Example("applications.csv", """\
Title,Call,Category,Entrant name,Entrant country,Submitted
City bikes for all,project,people,City of Oslo,NO,2025-06-01
"""),
        good=Example("applications.csv", """\
Title,Call,Category,Entrant name,Entrant type,Entrant country,Submitted
City bikes for all,project,people,City of Oslo,city,NO,2025-06-01
"""),
    ),
    "I702": CodeDoc(
        text="""\
A cell of the spreadsheet being imported cannot be read as a value. It is outside the header's
columns (a row with more cells than the header names), it is a judge or entry cell left empty
in a sheet of marks, it holds a spreadsheet error such as `#REF!` or `#DIV/0!` (a formula
that failed; smartaward reads the value a workbook last computed, never the formula), it is a
date that could be read day-first or month-first (`03/02/2026`) in a column that does not say
which, or one that `--date-format` does not read (say which with `--day-first` or
`--date-format "%d/%m/%Y"`), or it is
a formula with no computed value at all (a workbook written by a program and never opened in a
spreadsheet), or a workbook's cell whose stored value is unusable: a number cell holding `NaN`,
`INF` or a number too big to be finite, a date outside the range of dates, a reference to a
shared string the workbook does not have. Each such cell is reported once, and the row is bad:
nothing is written until it is fixed, or it is left out with `--skip-bad`.

Give the column a header name (or delete the stray cell), fill in the judge and entry of every
row of marks, and fix the formula or type the value in; open and save a generated workbook in a
spreadsheet program so that its formulas are computed. A decimal comma in a comma-separated
file (`6,5`) splits a cell in two: write decimals with a point.
""",
        bad=Example("marks.csv", """\
judge,entry,design,impact
j02,oslo-bikes,8,8
j02,seoul-air,6,5,7
"""),
        good=Example("marks.csv", """\
judge,entry,design,impact
j02,oslo-bikes,8,8
j02,seoul-air,6.5,7
"""),
        removed=("scores/j02.yaml",),
    ),
    "I703": CodeDoc(
        text="""\
An import would write a file that exists already: an entry `entries/<id>.yaml` (in the example,
the cycle already has `entries/oslo-bikes.yaml`), or a judge's sheet `scores/<judge>.yaml` or
`scores/<round>/<judge>.yaml`. smartaward never writes over a file without being told to, so
nothing is written. This usually means the spreadsheet was imported before, or two
spreadsheets hold the same entry or the same judge's marks for a round.

Import only the new rows, give the row another id, or pass `--force` to replace the files with
what the spreadsheet says (each file is replaced whole and atomically). With `--skip-bad` the
rows whose files exist are left out and the others are written.

`--force` replaces a file only when it holds just what the import writes in its place: the one
entry with that id (an `entries/<id>.yaml` that is a list of entries, or holds an entry of
another id, is never replaced), or the sheet of the same judge and round (a `scores/j02.yaml`
holding judge j03's marks is never replaced). Replacing such a file would lose what the
spreadsheet does not hold, so it stays an error with `--force`: give the row an id no file has,
or move the other entries or marks out of the file first.
""",
        bad=Example("applications.csv", """\
id,title,call,category,entrant name,entrant type,entrant country,submitted
oslo-bikes,City bikes for all,project,people,City of Oslo,city,NO,2025-06-01
"""),
        good=Example("applications.csv", """\
id,title,call,category,entrant name,entrant type,entrant country,submitted
oslo-bikes-2026,City bikes for all,project,people,City of Oslo,city,NO,2025-06-01
"""),
    ),
    "I704": CodeDoc(
        text="""\
The spreadsheet given to `smartaward import` is over one of the import's limits, so it is not
read at all (nothing of it is imported). The limits bound the work one file can cause, whatever
it claims to be: a 4 MB workbook can unzip to a sheet of gigabytes, and a CSV line can hold a
million cells. The defaults are far above any real sheet: 128 MB of uncompressed data (a CSV
file, or the parts of a workbook that are read: the sheet, its strings and styles),
1,048,576 rows and 16,384 columns (Excel's own maximums), 1,000,000 cells in the table (data
rows times the header's columns), a workbook of at most 10,000 parts, and no line of a CSV file over
1 MB. Each limit is checked before the work it bounds: a workbook part's size in the zip's
directory before it is unzipped (and again while it is read), a row or cell as soon as it
comes. The diagnostic is at the row and column where the limit was crossed (or about the whole
file), and says which limit.

Check that the file is the spreadsheet you meant to import. If it really is that big, split it,
or raise the limit for one run with the environment variable the message names:
`SMARTAWARD_MAX_IMPORT_MB`, `SMARTAWARD_MAX_IMPORT_ROWS`, `SMARTAWARD_MAX_IMPORT_COLUMNS` or
`SMARTAWARD_MAX_IMPORT_CELLS` (0 switches a limit off). The example is checked with
`SMARTAWARD_MAX_IMPORT_COLUMNS=8`: its rows have a ninth column (without that setting, the file
imports as it is).
""",
        bad=Example("applications.csv", """\
id,title,call,category,entrant name,entrant type,entrant country,submitted,entrant city
oslo-bikes-2026,City bikes for all,project,people,City of Oslo,city,NO,2025-06-01,Oslo
"""),
        good=Example("applications.csv", """\
id,title,call,category,entrant name,entrant type,entrant country,submitted
oslo-bikes-2026,City bikes for all,project,people,City of Oslo,city,NO,2025-06-01
"""),
    ),
    "I705": CodeDoc(
        text="""\
A value in a spreadsheet given to `smartaward import` names nothing the cycle knows. The import
reads values as people write them: a call or category by its id or its title, in any case and
with or without accents (`Climate and environment`, `climate`); an entrant type in any case
(`City`); a country by its ISO 3166-1 alpha-2 or alpha-3 code or its English name (`France`,
`South Korea`, `Türkiye`, `UK`, `KOR`); in score sheets a judge by id or name (`Claire Dubois`),
an entry, round or criterion by id or title. Each value read as something else than written is
said in a note (`'Climate and environment' read as 'climate' (12 rows)`), and the files written
hold the ids. A value that is none of these (a misspelt title, a name the cycle does not give, a
stray formula) is reported once, at its row and column, with the nearest allowed values and,
when there are few, all of them; the row is bad. A value written as an id or a country code
that names nothing (`no-such-category`, `XX`) is reported by the files' own check instead
(`R202`-`R207`, `S103`), with the nearest values too.

Correct the cell, write the id, or, for values the cycle knows by no id, title or name, map
them with `--map-values FILE`: a YAML file of column (its header, or the field) → {the
spreadsheet's value: the cycle's value}, such as `Category: {"Climate & Environment": climate}`.
""",
        bad=Example("applications.csv", """\
Title,Call,Category,Entrant name,Entrant type,Entrant country,Submitted
City bikes for all,Project awards,Peeple,City of Oslo,City,Norway,2025-06-01
"""),
        good=Example("applications.csv", """\
Title,Call,Category,Entrant name,Entrant type,Entrant country,Submitted
City bikes for all,Project awards,People,City of Oslo,City,Norway,2025-06-01
"""),
    ),
    "I706": CodeDoc(
        text="""\
Columns of the spreadsheet given to `smartaward import` map to no field, so they are not
imported: one warning, at the first of them, lists them all (each with the field or criterion its
name is nearest to, if any), and the import's notes say so too. Organisers' sheets carry columns
the cycle has no place for (a budget, internal notes): they no longer stop an import, one error
per column. A column whose name is a misspelt field (`Contry`) is among them; the field it should
have given is then missing, which is its own error (I701) when every entry needs it. In a
scores sheet, a column whose name is near a criterion of the cycle (`Desing`) is not left out but
I701, with the criterion it may mean: left out, its marks would be lost.

Rename the column to a field's name, or map it with `--map "Contry=entrant.country"`. To leave a
column out without this warning, map it to `-`: `--map "Budget=-"`. An e-mail column (`E-mail`,
`Contact e-mail`) is the entry's private `contact:`, and a scores sheet's `Comments`, `Remarks`
or `Notes` are the judge's comments: neither is ignored.
""",
        bad=Example("applications.csv", """\
id,title,call,category,entrant name,entrant type,entrant country,submitted,budget
oslo-bikes-2026,City bikes for all,project,people,City of Oslo,city,NO,2025-06-01,120000
"""),
        good=Example("applications.csv", """\
id,title,call,category,entrant name,entrant type,entrant country,submitted
oslo-bikes-2026,City bikes for all,project,people,City of Oslo,city,NO,2025-06-01
"""),
    ),
    "I707": CodeDoc(
        text="""\
A judge's conflict in the jury list given to `smartaward import judges` matches no entry of the
cycle: no entry has that id, or none matches that pattern (`lyon-*` where the cycle's entries are
`oslo-*` and `seoul-*`). It is written as given, because entries may come after the jury, but a
conflict that is a typo would let the judge's marks on the entry meant count: check it. The import
reads a conflict given as an entry's title as its id, and a pattern with capitals in lower case
(`Lyon-*` → `lyon-*`), each with a note; one that can never match an id (spaces, a broken
pattern) is `R214`, an error.

Write the entry's id or a pattern that matches it, or leave the warning if the entry is still to
come. The example imports the jury list into a cycle with no jury yet.
""",
        bad=Example("jury.csv", """\
Id,Name,Country,Calls,Conflicts
j01,Ada Example,NO,project,lyon-*
"""),
        good=Example("jury.csv", """\
Id,Name,Country,Calls,Conflicts
j01,Ada Example,NO,project,oslo-*
"""),
        removed=("judges.yaml", "scores/j01.yaml", "scores/j02.yaml", "scores/j03.yaml"),
    ),
    "I708": CodeDoc(
        text="""\
Two rows of the jury list given to `smartaward import judges` name a judge alike (case, accents
and spaces aside): `Ana Reyes` twice, or `Zoë Ångström` and `Zoe Angstrom`. Both are imported,
each with an id of its own (`ana-reyes`, `ana-reyes-2`), because two judges may share a name;
but a score sheet imported later that names its judge by name cannot say which of them it is,
and a row copied twice by mistake makes one judge two. The warning is at the later row.

Delete the copied row, or, for two judges, give each an id in an id column and have the score
sheets name them by id. The example imports the jury list into a cycle with no jury yet.
""",
        bad=Example("jury.csv", """\
Id,Name,Country,Calls
j01,Ada Example,NO,project
j02,Ada  example,KR,project
"""),
        good=Example("jury.csv", """\
Id,Name,Country,Calls
j01,Ada Example,NO,project
j02,Bo Example,KR,project
"""),
        removed=("judges.yaml", "scores/j01.yaml", "scores/j02.yaml", "scores/j03.yaml"),
    ),
}

__all__ = ["DOCS"]
