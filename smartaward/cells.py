"""Text cells that are safe to open in a spreadsheet, and to write into a workbook or a web page.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
by Excel, LibreOffice and Google Sheets (CSV injection, OWASP): an entry titled
`=HYPERLINK("http://evil.example","Click")` would become a live link in the committee's workbook.
OWASP's remedy is to make such a cell start with a single quote, which spreadsheets show as text.
Numbers are never touched: they are written as numbers (a negative score stays a number).
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """text, prefixed with ' when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# Characters a workbook's XML (1.0) or an HTML page cannot carry: C0 controls but tab, line feed
# and carriage return; DEL and the C1 controls (an HTML parse error); the noncharacters U+FDD0–FDEF
# and the last two code points of every plane (U+FFFE, U+1FFFF, ...). YAML lets a title hold them
# through escapes ("\x01", "\uFFFE"); written as they are, openpyxl would refuse the cell or, for
# U+FFFE, write a workbook that Excel and openpyxl cannot open.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
                         + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
                         + "]")


def printable(text: str) -> str:
    """text with every character a workbook or a web page cannot carry replaced by U+FFFD (�)."""
    return _UNWRITABLE.sub("\ufffd", text)
