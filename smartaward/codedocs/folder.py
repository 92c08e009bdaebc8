"""Documentation of the F (the cycle folder) codes."""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example

DOCS: dict[str, CodeDoc] = {
    "F001": CodeDoc(
        text="""\
The cycle folder has no `judges.yaml`. Every cycle lists its jury in a file with exactly this
name, next to `cycle.yaml`. Without it no score sheet can be matched to a judge, so nothing can
be ranked. The error is given once: the score sheets are not also reported as sheets of unknown
judges. A file with another name is not read, so `judges.yml` or `jury.yaml` count as missing.

Create `judges.yaml`, or rename your file to it, with one key per judge id and at least a
`name:` for each judge. `cycle.yaml` is the other required file. Without it smartaward cannot
find the cycle at all, and stops with a usage error (exit code 2) instead of a code.
""",
        bad=Example("judges.yml", """\
# Named judges.yml, so it is not read: the cycle has no judges.yaml.
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
        removed=("judges.yaml",),
    ),
    "F002": CodeDoc(
        text="""\
smartaward found the file in the cycle folder but could not read it, and the message gives the
system's reason. Typical causes are a file that the user running smartaward may not read
(`Permission denied`), a symbolic link to a file that has been moved or deleted
(`No such file or directory`, although the link is still listed in the folder), and a link that
leads back to itself. Nothing in the file is checked or counted, so the entries, judges or marks
it holds are missing from the cycle. `smartaward import` reports a workbook it cannot read the
same way: not a zip, password-protected, a part missing or not well-formed XML, a part with a
DTD (refused outright: no workbook needs one, and it is how XML entity bombs get in), or a
damaged sheet (rows or cells out of order or given twice).

Make the file readable by the user who runs smartaward (for example
`chmod a+r entries/lagos-honour.yaml`), replace a broken link with the file itself, or delete
the link.
""",
        bad=Example("entries/lagos-honour.yaml", """\
# entries/lagos-honour.yaml is a symbolic link to ../drafts/lagos-honour.yaml,
# a file that has since been moved: the folder lists the link, but it cannot be read.
"""),
        good=Example("entries/lagos-honour.yaml", """\
# A real file (or a link to a file that exists), readable by the user running smartaward.
id: lagos-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05
"""),
    ),
    "F003": CodeDoc(
        text="""\
A file in `entries/` or `scores/` does not end in `.yaml` or `.yml` (in `scores/`, `.csv` is
read too), so it is not read. This is only a warning, because these folders may hold notes or
backups. But if the file was meant to be an entry or a score sheet, its content is missing from
the cycle: an editor may have added `.txt` (`lagos-honour.yaml.txt`), marks may have been saved
as a spreadsheet (`.xlsx`), or the file may be an editor's backup copy (`j01.yaml~`).

Rename the file so that it ends in `.yaml` if it belongs to the cycle (a spreadsheet: save it
as CSV). Otherwise move it out of `entries/` and `scores/` (nothing else in the cycle folder is
read), or delete it. Files whose name starts with `README`, and files and folders whose name
starts with `.`, are skipped without a warning. `validate --strict` fails on this warning.
""",
        bad=Example("entries/lagos-honour.yaml.txt", """\
id: lagos-honour
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
    "F004": CodeDoc(
        text="""\
The file is larger than smartaward reads: 64 MB for a YAML file, 256 MB for a CSV score sheet.
Real cycle files are far smaller (a test cycle of 100,000 entries and 3 million marks has no
file over 0.2 MB), so a file this large is usually an export gone wrong. The
limit keeps such a file from using up the memory of the computer that checks the cycle. The file
is not read, so everything in it is missing from the cycle.

Split the file into several smaller ones: a long list of entries into several files in
`entries/`, and CSV marks into several files in `scores/`, keeping each judge's marks in one file
(a judge in two files is `R209`). If a file really must be that large, raise the limit for every
file with the environment variable `SMARTAWARD_MAX_FILE_MB`, in MB (`0` removes the limit), for
example `SMARTAWARD_MAX_FILE_MB=512 smartaward validate`.
""",
        bad=Example("entries/all.yaml", """\
# 90 MB: every entry of the cycle in one list.
- id: lagos-honour
  call: honours
  category: special
  title: Forty years of community radio
  entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
  submitted: 2025-06-05
# ... 150,000 more entries ...
"""),
        good=Example("entries/batch-001.yaml", """\
# 0.6 MB: the first 1,000 entries; batch-002.yaml holds the next 1,000, and so on.
- id: lagos-honour
  call: honours
  category: special
  title: Forty years of community radio
  entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
  submitted: 2025-06-05
# ... 999 more entries ...
"""),
    ),
    "F005": CodeDoc(
        text="""\
A symbolic link in the cycle folder is not followed, so what it points to is not read.
smartaward follows a link to a file only if the file is inside the cycle folder, and it never
follows a link to a folder. A cycle must be complete in its own folder: it is checked, shared
and archived as one folder, and a link out of it would make the results depend on files kept
elsewhere (or, on a shared server, let a cycle read files that have nothing to do with it). A
link to a folder could also lead back to itself.

Delete the link and put a copy of the file in its place, or move the files of a linked folder
into `entries/` or `scores/`. A link to a file elsewhere inside the cycle folder is fine.
""",
        bad=Example("entries/lagos-honour.yaml", """\
# entries/lagos-honour.yaml is a symbolic link to /home/ana/drafts/lagos-honour.yaml,
# outside the cycle folder: it is not followed.
"""),
        good=Example("entries/lagos-honour.yaml", """\
# The file itself, copied into the cycle folder.
id: lagos-honour
call: honours
category: special
title: Forty years of community radio
entrant: {name: Ngozi Example, type: individual, city: Lagos, country: NG}
submitted: 2025-06-05
"""),
    ),
    "F006": CodeDoc(
        text="""\
A file that smartaward would write is a symbolic link that leads outside the folder it writes
in, or lies below a folder that is such a link, so nothing is written: not through the link, and
not over it either. The folder is the cycle folder for `import` and `init`, and the folder named
with `--to` or `--out` for `export` and `schema`. Entry and score files arrive in pull requests,
and output folders may be shared: a link such as `public/winners.csv` pointing at
`~/.ssh/authorized_keys`, or an `entries/` folder linked to somewhere else, would otherwise let a
run overwrite a file that has nothing to do with the cycle. The link is not replaced because it
may be there on purpose, and refusing it tells you it is there.

`export`, `init` and `schema` stop with exit code 2 and write nothing. `import` reports it at the
spreadsheet row of each file concerned (exit code 1), like its other problems, so `--skip-bad`
can still write the other rows. Two files of one run that lead to the same file are refused the
same way. A link that stays inside the folder is written through and keeps pointing where it
did. Remove the link, or replace it with a real file or folder, or write somewhere else.
""",
        bad=Example("entries/oslo-bikes.yaml", """\
# entries/oslo-bikes.yaml is a symbolic link to /home/ana/drafts/oslo-bikes.yaml, outside the
# cycle folder: `smartaward import entries applications.csv --force` does not write through it.
"""),
        good=Example("entries/oslo-bikes.yaml", """\
# The file itself, in the cycle folder: the import replaces it with the spreadsheet's row.
id: oslo-bikes
call: project
category: people
title: City bikes for all
entrant: {name: City of Oslo, type: city, city: Oslo, country: NO}
submitted: 2025-06-01
"""),
    ),
}

__all__ = ["DOCS"]
