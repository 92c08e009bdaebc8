"""How names written as free text are compared (entrants without an id, judges' cities and
affiliations for derived conflicts) and spelt in ASCII (ids that init and import derive from
names). Ids are ASCII slugs and need none of the comparing."""

from __future__ import annotations

import unicodedata


def canonical(text: str) -> str:
    """Canonical caseless form (Unicode's D145): equal for names that differ only in case or in
    how accents are encoded (composed or decomposed)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())


def loose(text: str) -> str:
    """A name as a reader sees it: compatibility forms (full-width letters, ligatures, no-break
    spaces) folded too (NFKC), invisible format characters (zero-width space, soft hyphen, BOM,
    direction marks) dropped, and spaces collapsed."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())


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
