"""Names that look the same but are written differently (R212).

What identifies what (docs/format.md, "Ids"): every id is a slug, lowercase ASCII, so two ids can
never differ only by case, accents, Unicode form or look-alike letters: `Seoul-Air`, `café` and a
Cyrillic `ѕeoul` are not slugs at all (S104), whether as a value or as a mapping key, and the
same holds for criterion keys in score sheets (an unknown criterion, R206) and entry keys (R205).
Mapping keys that the format fixes (`title`, `name`, ...) are ASCII too, so a look-alike is an
unknown key (S102).

The one identity written as free text is an entrant without `entrant.id`: `one_award_per:
entrant` (and R210) know it by its name, in canonical caseless form (`names.canonical`). Text can spell the same
visible name several ways: "Zürich" with a precomposed ü (NFC, as most keyboards type it) or with
u + a combining diaeresis (NFD, as some macOS tools save it), full-width "Ｓｅｏｕｌ" from an East
Asian input method, a no-break or double space, a zero-width space pasted from the web. Those count
as different entrants. This check warns (R212) when two entrants' names are the same once folded
loosely (`loose`: NFKC, case folding, invisible format characters dropped, runs of spaces made one
space) but not under the tool's identity (`Entrant.key`), pointing at the later entry.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..load import Cycle, EntryRecord
from ..names import canonical, loose


def _how(name: str, other: str) -> str:
    if canonical(name) == canonical(other):
        return "accents composed in one and decomposed in the other"
    if unicodedata.normalize("NFKC", name).casefold() == unicodedata.normalize("NFKC", other).casefold():
        return "full-width letters, ligatures or no-break spaces"
    return "spacing or invisible characters"


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    first: dict[str, EntryRecord] = {}  # loose name -> the first entry (in file order) with it
    ids: set[str] = set()
    for record in cycle.entries:
        entry = record.entry
        if entry.id in ids:  # a repeated entry id is R201; its entrant is not looked at again
            continue
        ids.add(entry.id)
        entrant = entry.entrant
        if entrant.id is not None:  # known by its id, not its name
            continue
        seen = first.setdefault(loose(entrant.name), record)
        if seen is record or seen.entry.entrant.key == entrant.key:
            continue
        other = seen.entry.entrant.name
        line, _ = seen.doc.at(seen.path + ("entrant", "name"))
        yield record.doc.diagnostic(
            record.path + ("entrant", "name"), "R212",
            f"entrant name {entrant.name!r} looks the same as {other!r} in {seen.doc.file}:{line}, but it is written "
            f"differently ({_how(entrant.name, other)}: {ascii(entrant.name)} against {ascii(other)}), so the two count "
            "as different entrants; if they are one, write the name the same way in both entries (if not, give each its "
            "own entrant.id)")
