"""Rows → CSV, tabulate's text tables (md, rst, latex, html, grid) and JSON text.

Output is byte-stable for the same rows. Every text cell is one line, its control characters
replaced (cells.one_line): a CSV record is one physical line, and no cell can drive the terminal it
is printed on. CSV text cells are then neutralised against spreadsheet formula injection (cells.py);
tabulate's html format escapes every cell. JSON keeps every text exactly, with the characters a
terminal would act on written as escapes (cells.escape_json).
"""

from __future__ import annotations

import csv
import io
import json
import re
from functools import lru_cache
from itertools import chain
from typing import Any

from smartaward.awards.titles import labelled
from smartaward.publishing.data import format_score
from smartaward.text.cells import escape_json, neutralise, one_line

# Our format names and tabulate's. md is GitHub-flavoured Markdown (pipes and a header rule).
TABLE_FORMATS = {"md": "github", "rst": "rst", "latex": "latex", "html": "html", "grid": "grid"}

# Characters Markdown (or the HTML it may carry) would read as syntax in a table cell: escaped with
# a backslash, which CommonMark defines for every ASCII punctuation mark. A title like
# `<script>`, `a | b` or `&amp;` stays text and cannot break the table.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!{}&])")


def md_text(value: Any) -> str:
    """Text for a Markdown table cell or heading: on one line, its syntax characters escaped,
    control characters replaced (cells.one_line), and a web or e-mail address kept from becoming a
    link (`_no_autolinks`)."""
    return _md_escaped(str(value))


@lru_cache(maxsize=1 << 16)  # a table of marks repeats the same ids and names over and over
def _md_escaped(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(one_line(text).split()))
    if "@" in escaped or "//" in escaped or "ww." in escaped.lower():
        return _no_autolinks(escaped)
    return escaped


# GitHub's autolink extension makes a link of a bare address in text, escaped or not: `http://x`
# (and https, ftp), `www.x`, `a@b.c` (and `mailto:`, `xmpp:`). It starts a web address at the raw
# `:` of `://` and at the raw `.` of `www.`, so a backslash before those keeps it text (rendered
# the same). An e-mail address it finds in the text as rendered, backslashes and entities already
# read; a word joiner after the `@` (U+2060, invisible and not a line break) leaves it no domain.
# The same word joiner keeps `@user` and `@org/team` from mentioning anyone where the Markdown is
# pasted into an issue or a pull request (GitHub notifies whoever a mention names).
_SCHEME_COLON = re.compile(r"(?<=[A-Za-z0-9]):(?=//)")
_WWW_DOT = re.compile(r"(?i)(?<=www)\.")
_AT_NAME = re.compile(r"@(?=\\_|[\w-])")  # an e-mail address's domain, or a mention's name
WORD_JOINER = "&#8288;"


def _no_autolinks(escaped: str) -> str:
    """Markdown-escaped text with its addresses kept from becoming links; other text unchanged."""
    text = _SCHEME_COLON.sub(r"\\:", escaped)
    text = _WWW_DOT.sub(r"\\.", text)
    return _AT_NAME.sub("@" + WORD_JOINER, text)


def _cell(column: str, value: Any) -> str:
    if column in ("score", "raw_score"):
        return format_score(value)
    if isinstance(value, bool):
        return "true" if value else "false"  # as in JSON, not Python's True/False
    return "" if value is None else str(value)


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(c, row.get(c)) for c in columns])
    return out.getvalue()


# A text cell starting otherwise, and printable, is written as it is: the case of almost every cell
# of a big export, decided without a function call.
_CAREFUL_FIRST = frozenset("=+-@ \t\r\n")


def _csv_cell(column: str, value: Any) -> str:
    # One physical line per record (a CR or LF in a cell would start a new row for any reader that
    # goes line by line, with a live formula first), then no formula.
    text = _cell(column, value)
    if not isinstance(value, str) or (text.isprintable() and text[:1] not in _CAREFUL_FIRST):
        return text
    return neutralise(one_line(text))


def to_markdown(rows: list[dict[str, Any]], columns: list[str]) -> str:
    return to_text_table(rows, columns, "md")


# A title column and the id column it belongs to (publishing/data.py TITLE_COLUMNS, documents.py).
TITLE_OF = {"call_title": "call", "category_title": "category", "award_title": "award", "round_title": "round",
            "criterion_title": "criterion"}


@lru_cache(maxsize=1 << 12)  # a few calls, categories and awards, repeated on every row
def _label(id_: str, title: str | None) -> str:
    return labelled(id_, title)


def titled(rows: list[dict[str, Any]], columns: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows and columns for a table people read: each title column folded into its id's column,
    "Climate and environment (climate)" (awards/titles.py `labelled`), and left out where the table
    has no such id column (a table under a heading that names its category)."""
    if not any(c in TITLE_OF for c in columns):
        return rows, columns
    kept = [c for c in columns if c not in TITLE_OF]
    pairs = [(TITLE_OF[c], c) for c in columns if c in TITLE_OF and TITLE_OF[c] in kept]
    if not pairs:
        return rows, kept
    return [dict(row, **{base: _label(row[base], row.get(title)) for base, title in pairs if isinstance(row.get(base), str)})
            for row in rows], kept


def to_text_table(rows: list[dict[str, Any]], columns: list[str], format: str) -> str:
    """A table in one of TABLE_FORMATS (md, rst, latex, html, grid), titles beside their ids (`titled`)."""
    rows, columns = titled(rows, columns)
    body = [[one_line(_cell(c, row.get(c))) for c in columns] for row in rows]
    if format == "md":  # the other formats escape for themselves (html, latex) or have no syntax
        body = [[md_text(text) if isinstance(row.get(c), str) else text for c, text in zip(columns, cells, strict=True)]
                for row, cells in zip(rows, body, strict=True)]
        return github_table(columns, body) + "\n"
    from tabulate import tabulate  # only the other text-table formats pay for importing tabulate

    return tabulate(body, headers=columns, tablefmt=TABLE_FORMATS[format], disable_numparse=True) + "\n"


def github_table(headers: list[str], body: list[list[str]]) -> str:
    """What tabulate's "github" format gives for text cells (disable_numparse), written directly:
    tabulate takes ~85 µs a row, and an export's table of 300,000 marks took 26 s. Each column is
    as wide as its longest cell or its header plus 2; cells are stripped and left-aligned. Widths
    count code points (as tabulate does without the optional wcwidth package), so the output is the
    same on every machine."""
    cells = [[text.strip() for text in row] for row in body]
    widths = [max([len(header) + 2, *(len(row[i]) for row in cells)]) for i, header in enumerate(headers)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(text.ljust(w) for text, w in zip(row, widths, strict=True)) + " |" for row in cells]
    return "\n".join(lines)


def to_json(document: Any) -> str:
    """Indented JSON with every flat object (a row) on one line: readable, diff-friendly, and
    written by the C encoder — json's indent mode is pure Python, 10× slower on 100k rows. The parts
    are joined once, and the characters a terminal would act on escaped in one pass (escape_json:
    they can stand only inside a JSON string, never in the indentation and punctuation around)."""
    parts: list[str] = []
    _write(document, "", parts)
    parts.append("\n")
    return escape_json("".join(parts))


# Values a row holds: a row (a dict or list) of only these is flat, decided in one C pass over its types.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _is_flat(value: Any) -> bool:
    if not isinstance(value, (dict, list)):
        return True
    values = value.values() if isinstance(value, dict) else value
    return _SCALARS.issuperset(map(type, values)) or not any(isinstance(v, (dict, list)) for v in values)


def _all_flat(values: list[Any]) -> bool:
    """Whether every item is flat: for rows (dicts), one C pass over all their values first."""
    if set(map(type, values)) == {dict} and _SCALARS.issuperset(map(type, chain.from_iterable(map(dict.values, values)))):
        return True
    return all(map(_is_flat, values))


def _c_encoder() -> Any:
    """json's own C encoder, made once, as json.dumps(value, ensure_ascii=False) makes it on every
    call (with no check for cycles: a document has none); None where there is none to make."""
    try:
        from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]  # noqa: PLC0415

        return c_make_encoder(None, None, encode_basestring, None, ": ", ", ", False, False, True) if c_make_encoder else None
    except (ImportError, TypeError):
        return None


_C_ENCODER = _c_encoder()


def encode(value: Any) -> str:
    """json.dumps(value, ensure_ascii=False), exactly (tests/test_json_rows.py), without building an
    encoder per call: a ranking of 100,000 rows is encoded a row at a time."""
    if _C_ENCODER is None:
        return json.dumps(value, ensure_ascii=False)
    return "".join(_C_ENCODER(value, 0))


def _write(value: Any, pad: str, out: list[str]) -> None:
    """The JSON of `value` (its first line not indented, the others by `pad`), appended to `out`."""
    if _is_flat(value):
        out.append(encode(value))
        return
    inner = pad + "  "
    if isinstance(value, dict):
        out.append("{\n")
        for position, (key, item) in enumerate(value.items()):
            out.append((",\n" if position else "") + f"{inner}{encode(key)}: ")
            _write(item, inner, out)
        out.append(f"\n{pad}}}")
        return
    out.append("[\n" + inner)
    if _all_flat(value):  # rows: each on its line, encoded in one pass
        out.append(f",\n{inner}".join(map(encode, value)))
    else:
        for position, item in enumerate(value):
            if position:
                out.append(f",\n{inner}")
            _write(item, inner, out)
    out.append(f"\n{pad}]")
