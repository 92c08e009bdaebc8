"""Text that is safe to print, to open in a spreadsheet, and to write into a workbook or a web page.

Titles and names are the entrants' own text. `validate` refuses control characters in them
(S105), but every output still makes any text safe on its own, so that a field no check covers, a
future field or a bypassed check cannot reach a terminal, a log or a spreadsheet raw:

- `one_line`: for a terminal, a CI log, a CSV cell, a text table. A terminal runs what an escape
  sequence says (ESC [2J clears the screen, OSC 0 sets the window title, U+009B is an 8-bit CSI to
  some terminals), BEL rings, a CR returns over what was already printed, a bidirectional override
  (U+202E) shows the rest of the line reversed, and a line break inside a CSV cell starts a new
  record for any tool that reads the file line by line. All of them are replaced: tab, CR and LF by
  a space, every other one by U+FFFD (�), so the text stays on one line and what was there shows.
- `neutralise` (CSV) and `is_formula` (XLSX): a cell whose text starts with `=`, `+`, `-`, `@`
  (after any leading white space or invisible character) is read as a formula by Excel, LibreOffice and Google Sheets (CSV
  injection, OWASP): an entry titled `=HYPERLINK("http://evil.example","Click")` would become a
  live link in the committee's workbook. OWASP's remedy for CSV is a leading single quote, which
  spreadsheets show as text; a workbook marks such a cell as text instead (render/xlsx.py).
  Numbers are never touched: they are written as numbers (a negative score stays a number).
- `escape_json`: JSON keeps the text exactly, with the characters above written as \\uXXXX escapes.
"""

from __future__ import annotations

import re
import unicodedata

from smartaward.text.names import IGNORABLE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset("".join(FORMULA_STARTS))


def is_formula(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula. Leading blanks are skipped (some
    spreadsheets trim them on import): any Unicode white space (a no-break or an ideographic space
    too) and any character that shows as nothing (a zero-width space, a BOM, a variation selector),
    so that what a reader sees first decides. A full-width ＝ is not a formula to any spreadsheet."""
    first = text[:1]  # one character to look at for almost every text
    if first in _FORMULA_FIRST:
        return True
    if first.isascii() and not first.isspace():
        return False
    return _after_blanks(text)[:1] in _FORMULA_FIRST


def _after_blanks(text: str) -> str:
    for index, ch in enumerate(text):
        if not (ch.isspace() or IGNORABLE.match(ch) or unicodedata.category(ch) == "Cf"):
            return text[index:]
    return ""


def neutralise(text: str) -> str:
    """text, prefixed with ' when a spreadsheet would read it as a formula."""
    return "'" + text if is_formula(text) else text


# The characters no text may carry, as the inside of a regular expression's character class,
# written in escapes that Python's re and pydantic's (Rust) regex engine read alike. model.py refuses
# them in the cycle's texts (S105); one_line replaces them in every output.
#
# Bidirectional embeddings, overrides and isolates reorder the text that follows them; the marks
# (LRM, RLM, ALM) only say which way one neutral character goes, and are allowed. Noncharacters:
# U+FDD0–FDEF and the last two code points of every plane (U+FFFE, U+1FFFF, ...); a workbook's XML
# cannot carry them, nor C0 controls, DEL and C1 controls (an HTML parse error too): openpyxl would
# refuse the cell or, for U+FFFE, write a workbook that Excel and openpyxl cannot open.
BIDI_CONTROLS = r"\u202a-\u202e\u2066-\u2069"
ASTRAL_NONCHARACTERS = "".join(rf"\U{plane << 16 | 0xFFFE:08X}\U{plane << 16 | 0xFFFF:08X}" for plane in range(1, 17))
NONCHARACTERS = r"\ufdd0-\ufdef\ufffe\uffff" + ASTRAL_NONCHARACTERS
_OTHERS = BIDI_CONTROLS + r"\u2028\u2029\ufeff" + NONCHARACTERS  # separators, the byte-order mark
# Not in a one-line text (a title, a name): every C0 control (tab, CR and LF too), DEL, C1 controls.
NOT_IN_ONE_LINE = r"\x00-\x1f\x7f-\x9f" + _OTHERS
# Not in a multi-line text (a description, a summary): the same, but for tab and line feed.
NOT_IN_MULTI_LINE = r"\x00-\x08\x0b-\x1f\x7f-\x9f" + _OTHERS

_NOT_ONE_LINE = re.compile(f"[{NOT_IN_ONE_LINE}]")
_AS_SPACE = {"\t", "\n", "\r"}


def _replacement(match: re.Match[str]) -> str:
    return " " if match.group() in _AS_SPACE else "\ufffd"


def one_line(text: str) -> str:
    """text safe to print on a terminal or in a log, or to write as a CSV cell, on one line: tab,
    CR and LF become a space; every other control character, bidirectional control, line or
    paragraph separator, byte-order mark and noncharacter becomes U+FFFD (�)."""
    if text.isprintable():  # quick, and true of almost every text (a space is printable too)
        return text
    return _NOT_ONE_LINE.sub(_replacement, text)


def shown(value: object) -> str:
    """Any value as one_line text; None as the empty string."""
    return "" if value is None else one_line(str(value))


# Characters JSON may hold raw but a terminal would act on, or a reader would see reordered:
# json.dumps escapes C0 controls, but not DEL, the C1 controls, the bidirectional controls or the
# line and paragraph separators (which also end a line in JavaScript before ES2019).
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f" + BIDI_CONTROLS + r"\u2028\u2029\ufeff]")


def escape_json(text: str) -> str:
    """JSON text (as json.dumps writes it) with those characters as \\uXXXX escapes: the same data
    once parsed. They can only stand inside a JSON string, where an escape means the character."""
    if text.isprintable():  # most JSON text (json.dumps escapes the C0 controls): nothing to look for
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
