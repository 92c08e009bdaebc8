"""The problems `smartaward assign` reports, as diagnostics: a code, where, and why.

    P851  assign-too-few-candidates (error)  an entry has fewer judges who may judge it than K
    P852  assign-short (error)                the judges' caps or availability cannot give every entry K
    P853  assign-pair-dropped (warning)       --keep: a pair of the round's file no longer valid, dropped
    P854  assign-below-minimum (warning)      a judge gets fewer entries than min_entries

They are reported by `assign` only (validate never sees them), but they are codes of the one
catalogue (diagnostics.CATALOGUE: name, severity, title; codedocs/assigning.py documents them) and
each is a `Diagnostic`, so `smartaward explain-code P851` explains it and the output shows it as
every other problem (`as_dict()`: file, line, column, code, name, severity, message).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smartaward.diagnostics import Diagnostic

if TYPE_CHECKING:
    from smartaward.reading.source import Document, PathKey

def located(doc: Document | None, path: PathKey, code: str, message: str, *, key: bool = False) -> Diagnostic:
    """A problem at the place of `path` in `doc` (its nearest recorded ancestor's when it is not
    found; no file when there is no document)."""
    from smartaward.reading.source import shorten

    if doc is None:
        return Diagnostic("", 0, 0, code, shorten(message))
    return doc.diagnostic(path, code, message, key=key)
