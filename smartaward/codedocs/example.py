"""The shape of a code's documentation: its text, a failing and a passing example, and what the
examples assume of the cycle they are laid over. The family modules (yaml, folder, schema, ...)
and the package itself import these types from here, and nothing here imports them.

tests/test_codedocs.py lays every code's examples over the base cycle (tests/cases/base): the
failing one must get exactly its code, the passing one nothing. Only `file` and `text` are shown
(docs/diagnostics.md, `smartaward explain-code`); the rest says how the example is run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    file: str  # where the example is written, relative to the cycle folder (e.g. "scores/j02.yaml")
    text: str  # the file, or the part of it that matters (see `edits`)
    # None: `text` is the whole file. Otherwise `text` shows the part of `file` that matters, and the
    # file run is the base cycle's `file` with each (old, new) made in turn (old must occur once).
    edits: tuple[tuple[str, str], ...] | None = None
    encoding: str = "utf-8"  # the encoding the file is saved in (Y005: an 8-bit one)

    def whole(self, original: str | None) -> str:
        """The whole file, given the cycle's version of it before the example (None where it has none)."""
        if self.edits is None:
            return self.text
        if original is None:
            raise ValueError(f"{self.file}: edits of a file that the base cycle does not have")
        for old, new in self.edits:
            if original.count(old) != 1:
                raise ValueError(f"{self.file}: {old!r} occurs {original.count(old)} times, not once")
            original = original.replace(old, new)
        return original


def edited(file: str, *edits: tuple[str, str]) -> Example:
    """A file of the base cycle with these edits, assumed by both examples of a code (not shown)."""
    return Example(file, "", edits=edits)


@dataclass(frozen=True)
class CodeDoc:
    text: str  # one or more paragraphs: what the problem is, why it matters, how to fix it
    bad: Example  # a file that gets the diagnostic
    good: Example  # the same file, fixed
    # What both examples assume, not shown: files laid over the base cycle before either example
    # (whole, or edits of the base's), and files of the base cycle that are not there.
    given: tuple[Example, ...] = ()
    removed: tuple[str, ...] = ()
