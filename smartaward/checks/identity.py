"""Names that look the same but are written differently (R212), and words that mix scripts (R213).

What identifies what (docs/format.md, "Ids"): every id is a slug, lowercase ASCII, so two ids can
never differ only by case, accents, Unicode form or look-alike letters: `Seoul-Air`, `café` and a
Cyrillic `ѕeoul` are not slugs at all (S104), whether as a value or as a mapping key, and the
same holds for criterion keys in score sheets (an unknown criterion, R206) and entry keys (R205).
Mapping keys that the format fixes (`title`, `name`, ...) are ASCII too, so a look-alike is an
unknown key (S102).

The one identity written as free text is the entrant's name: `one_award_per: entrant` (and R210)
know an entrant without `entrant.id` by its name, in canonical caseless form (`names.canonical`).
Text can spell the same visible name several ways: "Zürich" with a precomposed ü or with u + a
combining diaeresis (one entrant: canonical forms are equal), full-width "Ｓｅｏｕｌ" from an East
Asian input method, a no-break or double space, a zero-width space pasted from the web (or any
other character that shows as nothing: a variation selector, a Hangul filler), or a
letter of another script that looks the same — a Cyrillic "А" in "Аirco Ltd" (Unicode TR39's
confusables). Those count as different entrants, so one company could take two awards despite
`one_award_per: entrant`. This check warns (R212) on every entry of such a group — each names
another spelling — when the names look the same (`names.look_alike`) but are written differently
(not canonically equal), whether or not the entrants have ids: an id is chosen by whoever writes
the entry, so it cannot make a look-alike name silent. (Entrants with ids that write one name the
same way are homonyms, two cities called Portland: not reported. One id with two names is R210.)

R213 reports a word that mixes scripts beyond what Unicode TR39's "highly restrictive" level
allows (one script; or Latin with Chinese, Japanese or Korean, which are written together), in the
free texts that identify people and places: the entrant's name and city, and the judges' names,
affiliations and cities (compared with entrants' by derived conflicts).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from smartaward.diagnostics import Diagnostic
from smartaward.reading.load import Cycle, EntryRecord
from smartaward.reading.source import Document, PathKey
from smartaward.text.names import canonical, look_alike, loose, mixed_scripts, script_name


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    yield from _look_alike_names(cycle)
    yield from _mixed_scripts(cycle)


def _look_alike_names(cycle: Cycle) -> Iterator[Diagnostic]:
    groups: dict[str, list[EntryRecord]] = {}  # look-alike name → entries (the first of each id: R201)
    for record in cycle.entry_index.values():
        groups.setdefault(look_alike(record.entry.entrant.name), []).append(record)
    for group in groups.values():
        if len(group) < 2:
            continue
        spellings: dict[str, list[EntryRecord]] = {}
        for record in group:
            spellings.setdefault(canonical(record.entry.entrant.name), []).append(record)
        if len(spellings) < 2:
            continue  # one way of writing the name (in any case): one entrant, or homonyms with ids
        first, second = (records[0] for records in list(spellings.values())[:2])
        for own, records in spellings.items():
            other = second if own == canonical(first.entry.entrant.name) else first
            for record in records:
                if record.entry.entrant.key == other.entry.entrant.key:
                    continue  # one entrant.id with two names: R210 says so
                yield _r212(record, other)


def _r212(record: EntryRecord, seen: EntryRecord) -> Diagnostic:
    name, other = record.entry.entrant.name, seen.entry.entrant.name
    line, _ = seen.doc.at(seen.path + ("entrant", "name"))
    return record.doc.diagnostic(
        record.path + ("entrant", "name"), "R212",
        f"entrant name {name!r} looks the same as {other!r} in {seen.doc.file}:{line} but is written differently "
        f"({_how(name, other)}: {ascii(name)} against {ascii(other)}), so they count as two entrants; if they are "
        "one, write the name the same way in both entries")


def _how(name: str, other: str) -> str:
    if unicodedata.normalize("NFKC", name).casefold() == unicodedata.normalize("NFKC", other).casefold():
        return "full-width letters, ligatures or no-break spaces"
    if loose(name) == loose(other):
        return "spacing or invisible characters"
    theirs = set(unicodedata.normalize("NFD", other))
    odd = sorted({ch for ch in unicodedata.normalize("NFD", name) if ch not in theirs and not ch.isspace()})
    shown = ", ".join(f"{ch} {unicodedata.name(ch, f'U+{ord(ch):04X}')}" for ch in odd[:3])
    return f"letters that look alike: {shown}" if shown else "letters that look alike"


# Free texts that identify people and places, by where they are written.
_ENTRANT_TEXTS = ("name", "city")
_JUDGE_TEXTS = ("name", "affiliation", "city")


def _mixed_scripts(cycle: Cycle) -> Iterator[Diagnostic]:
    for record in cycle.entries:
        entrant = record.entry.entrant
        for key in _ENTRANT_TEXTS:
            text = getattr(entrant, key)
            if text and not text.isascii():  # (an ASCII text is in one script: most names, looked at no further)
                yield from _r213(record.doc, record.path + ("entrant", key), f"entrant {key}", text)
    doc = cycle.judges_doc
    if doc is None:
        return
    for judge_id, judge in cycle.judges.items():
        for key in _JUDGE_TEXTS:
            yield from _r213(doc, (judge_id, key), f"judge {judge_id!r}: {key}", getattr(judge, key))


def _r213(doc: Document, path: PathKey, what: str, text: str | None) -> Iterator[Diagnostic]:
    if not text:
        return
    for word, letters in mixed_scripts(text)[:1]:  # one report per text: the first such word
        fewest = min(letters, key=lambda s: len(letters[s]))
        odd = ", ".join(f"{ch} {unicodedata.name(ch, f'U+{ord(ch):04X}')}" for ch in dict.fromkeys(letters[fewest]))
        scripts = " and ".join(script_name(s) for s in letters)
        yield doc.diagnostic(
            path, "R213",
            f"{what} {text!r}: the word {word!r} mixes {scripts} letters ({script_name(fewest)}: {odd}); a letter of "
            "another script can look the same as the one meant (a Cyrillic А for a Latin A), so the name reads the same "
            "but is not: retype the word in one script")
