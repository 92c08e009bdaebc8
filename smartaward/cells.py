"""Text cells that are safe to open in a spreadsheet.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
by Excel, LibreOffice and Google Sheets (CSV injection, OWASP): an entry titled
`=HYPERLINK("http://evil.example","Click")` would become a live link in the committee's workbook.
OWASP's remedy is to make such a cell start with a single quote, which spreadsheets show as text.
Numbers are never touched: they are written as numbers (a negative score stays a number).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """text, prefixed with ' when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
