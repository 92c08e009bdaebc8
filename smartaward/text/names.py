"""How names written as free text are compared (entrants without an id, judges' cities and
affiliations for derived conflicts) and spelt in ASCII (ids that init and import derive from
names). Ids are ASCII slugs and need none of the comparing.

Three degrees of sameness, from strict to loose:

- `canonical`: the same text up to case and how accents are encoded: one entrant (Entrant.key);
- `loose`: the same once compatibility forms, invisible characters and spacing are folded;
- `look_alike`: the same to the eye (Unicode TR39 skeletons: a Cyrillic "А" is a Latin "A", "rn"
  is "m"). Names equal only loosely or to the eye are two entrants, and are reported (R212).

`mixed_scripts` finds words that mix scripts, such as a Latin word with a Cyrillic letter (R213).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from smartaward.text import tr39


def canonical(text: str) -> str:
    """Canonical caseless form (Unicode's D145): equal for names that differ only in case or in
    how accents are encoded (composed or decomposed)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())


def loose(text: str) -> str:
    """A name as a reader sees it: compatibility forms (full-width letters, ligatures, no-break
    spaces) folded too (NFKC), invisible characters (zero-width space, soft hyphen, BOM, direction
    marks, variation selectors, the combining grapheme joiner, Hangul fillers) dropped, and spaces
    collapsed."""
    # Dropped first, so that one between a letter and its accent does not keep them from
    # composing; nothing visible folds into an invisible character (tests/test_confusables.py).
    visible = invisible_dropped(text)
    if not visible.isascii():
        visible = visible.translate(_BLANK_SYMBOLS)
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", visible).casefold())
    return " ".join(folded.split())


# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt; the same since Unicode 14,
# tests/test_confusables.py compares it with the `regex` library's): characters a renderer shows
# as nothing. Not all are format characters (Cf): the combining grapheme joiner and the variation
# selectors are marks, the Hangul fillers letters, and some are unassigned, so that a name with
# one of them and the name without it look the same but differ in every other comparison.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
IGNORABLE = _IGNORABLE = re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in DEFAULT_IGNORABLE) + "]")


# Symbols whose glyph is empty, so that they show as a space though Unicode counts them neither as
# white space nor as ignorable (they are favourites for "invisible" user names).
_BLANK_SYMBOLS = {0x2800: " ", 0x1D159: " "}  # BRAILLE PATTERN BLANK, MUSICAL SYMBOL NULL NOTEHEAD


def invisible_dropped(text: str) -> str:
    """text without its default-ignorable code points and format characters (Cf: the Arabic
    number signs and the like beside the ignorables), which show as nothing or change only how
    their neighbours look."""
    if text.isascii():
        return text
    visible = _IGNORABLE.sub("", text)
    if not visible.isprintable():  # may hold a format character that is not default-ignorable
        visible = "".join(ch for ch in visible if unicodedata.category(ch) != "Cf")
    return visible


# Latin letters that Unicode does not decompose into a base letter and marks, spelt the way they
# usually are in ASCII (NFKD alone would drop them: "ÆØÅ ß straße" would become "a-strae").
_LATIN = str.maketrans({
    "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "ß": "ss", "ẞ": "SS",
    "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th", "Ł": "L", "ł": "l",
    "Ħ": "H", "ħ": "h", "ı": "i", "Ŀ": "L", "ŀ": "l", "Ŧ": "T", "ŧ": "t", "ĸ": "q",
})


def latin(text: str) -> str:
    """text with Latin letters stripped of their accents and Æ, Ø, ß, Ł and the like spelt out
    ("Łódź Ærøskøbing straße" → "Lodz AEroskobing strasse"); compatibility forms folded (ﬁ → fi);
    other characters kept as they are."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# --- look-alike text (Unicode TR39) -----------------------------------------------------------

# The prototypes of ASCII and of the combining accents (U+0300-U+036F) — all that NFD makes of
# most names, Latin letters with accents included — so that the data file is read only for text
# beyond them. TR39's data, copied: tests/test_confusables.py proves it equal to the data file's
# and that the skeleton of such text never needs another prototype.
BASIC_PROTOTYPES: dict[str, str] = {
    '"': "''", "%": "\xba/\u2080", "0": "O", "1": "l", "I": "l", "`": "'", "m": "rn", "|": "l",
    "\u0305": "\u0304", "\u030c": "\u0306", "\u030d": "\u0670", "\u0310": "\u0306\u0307", "\u0311": "\u0302",
    "\u0315": "\u0313", "\u0317": "\u0650", "\u0320": "\u0331", "\u0321": "\u0326", "\u0322": "\u0328",
    "\u0327": "\u0326", "\u0336": "\u0335", "\u0337": "\u0338", "\u0339": "\u0326", "\u0340": "\u0300",
    "\u0341": "\u0301", "\u0342": "\u0303", "\u0343": "\u0313", "\u0345": "\u0328", "\u0347": "\u0333",
    "\u0357": "\u0350", "\u0358": "\u0307", "\u0366": "\u030a", "\u036e": "\u0306",
}
_BASIC = re.compile(r"[\x00-\x7f\u0300-\u036f]*\Z")
_BASIC_SOURCES = frozenset(BASIC_PROTOTYPES)
# Mapping a prototype's decomposition can meet another source (TR39's "dž" decomposes to d, z and
# a caron, which looks like a breve): a skeleton is mapped again until it stays the same. Three
# passes settle every character of the data (tested); the fourth is a margin.
_PASSES = 4


def skeleton(text: str) -> str:
    """TR39's skeleton: NFD, default-ignorable code points dropped, each character replaced by its
    prototype, NFD again — repeated until nothing changes, so that skeleton(skeleton(x)) ==
    skeleton(x) (TR39's single pass is not idempotent for a few characters). Two texts look the same when their skeletons are equal.
    Case matters, as in TR39 ("l" and "I" look alike); `look_alike` ignores it."""
    current = unicodedata.normalize("NFD", text if text.isascii() else _IGNORABLE.sub("", text))
    if _BASIC.match(current):
        table, sources = BASIC_PROTOTYPES, _BASIC_SOURCES
    else:
        table, sources = tr39.prototypes(), tr39.sources()
    prototype = table.get
    for _ in range(_PASSES):
        if sources.isdisjoint(current):  # most text has nothing to map: found at C speed
            break
        current = unicodedata.normalize("NFD", "".join([prototype(ch, ch) for ch in current]))
    return current


@lru_cache(maxsize=4096)  # derived conflicts compare the same names for every score line of an entry
def look_alike(text: str) -> str:
    """A name as the eye reads it: `loose` and TR39's skeleton, in turn until neither changes it
    (a prototype may be a capital, "0" looks like "O"; or a compatibility form, "%" like "º/₀").
    Names with equal results look alike."""
    if text.isascii():  # most names: only ASCII look-alikes ("0" and "O", "rn" and "m")
        return " ".join(text.lower().split()).translate(_ascii_look_alikes())
    return _settled(loose(text))


def _settled(text: str) -> str:
    current = text
    for _ in range(_PASSES + 2):
        mapped = loose(skeleton(current))
        if mapped == current:
            break
        current = mapped
    return current


@lru_cache(maxsize=1)
def _ascii_look_alikes() -> dict[int, str]:
    """Each lowercase ASCII character's look_alike, to map ASCII names character by character
    (nothing in ASCII looks like a space or combines with its neighbour: tested)."""
    table = {}
    for code in range(128):
        ch = chr(code)
        if ch == ch.lower() and not ch.isspace() and _settled(ch) != ch:
            table[code] = _settled(ch)
    return table


# Scripts that TR39 counts as one writing system when mixed (its "augmented script sets"):
# Japanese writes Han with Hiragana and Katakana, Korean Hangul with Han, Chinese Han with Bopomofo.
_AUGMENTED = {
    "HAN": frozenset({"HAN", "JAPANESE", "KOREAN", "HAN_BOPOMOFO"}),
    "HIRAGANA": frozenset({"HIRAGANA", "JAPANESE"}),
    "KATAKANA": frozenset({"KATAKANA", "JAPANESE"}),
    "HANGUL": frozenset({"HANGUL", "KOREAN"}),
    "BOPOMOFO": frozenset({"BOPOMOFO", "HAN_BOPOMOFO"}),
}
# ...and Latin beside those (TR39's "highly restrictive" level): "NTTドコモ", "LG전자".
_WITH_LATIN = (frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}), frozenset({"LATIN", "HAN", "BOPOMOFO"}),
               frozenset({"LATIN", "HAN", "HANGUL"}))
_NO_SCRIPT = frozenset({"COMMON", "INHERITED", "UNKNOWN"})  # digits, punctuation, accents: any script's


def _words(text: str) -> list[str]:
    """Runs of letters, marks and digits (with zero-width joiners, which join letters in some
    scripts): hyphens, spaces and punctuation separate words."""
    words, current = [], []
    for ch in text:
        if unicodedata.category(ch)[0] in "LMN" or ch in "\u200c\u200d":
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def _one_writing_system(scripts: set[str]) -> bool:
    if len(scripts) <= 1:
        return True
    resolved = frozenset.intersection(*(_AUGMENTED.get(s, frozenset({s})) for s in scripts))
    return bool(resolved) or any(scripts <= allowed for allowed in _WITH_LATIN)


def mixed_scripts(text: str) -> list[tuple[str, dict[str, str]]]:
    """The words of `text` that mix scripts beyond what TR39's "highly restrictive" level allows
    (one script, or Latin with Chinese, Japanese or Korean): each word with its letters by script
    ({"LATIN": "irco", "CYRILLIC": "А"}), scripts in order of first appearance."""
    if text.isascii() or _BASIC.match(unicodedata.normalize("NFD", text)):  # ASCII letters, accents: Latin
        return []
    found = []
    for word in _words(text):
        letters: dict[str, str] = {}
        for ch in word:
            name = tr39.script(ch)
            if name not in _NO_SCRIPT:
                letters[name] = letters.get(name, "") + ch
        if not _one_writing_system(set(letters)):
            found.append((word, letters))
    return found


def script_name(script: str) -> str:
    """A script as people write it: CYRILLIC → Cyrillic, OLD_ITALIC → Old Italic."""
    return script.replace("_", " ").title()
