"""How names written as free text are compared: entrants without an id, judges' cities and
affiliations (derived conflicts). Ids are ASCII slugs and need none of this."""

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
