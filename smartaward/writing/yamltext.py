"""YAML text that smartaward writes itself (import's drafts, init's scaffold): scalars quoted only
where a plain one could be read as something else. The files are written as text line by line (so
that every line can be traced back to its cell, and comments stay beside their keys), not dumped
by a YAML library, and the safety of that text rests on these few functions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from smartaward.reading.source import plain_scalar

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_ONE_LETTER_BOOLEANS = frozenset({"y", "Y", "n", "N"})


@lru_cache(maxsize=4096)
def _plain_is_safe(text: str) -> bool:
    """Whether `text` can be written unquoted and still read as this very string, by smartaward's
    reader and by an ordinary YAML 1.1 reader alike (which reads `no`, `NO` and `on` as booleans,
    `0777` as a number and `2024-07-14` as a date)."""
    import yaml

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", text) or plain_scalar(text) != text:
        return False
    if text in _ONE_LETTER_BOOLEANS:  # YAML 1.1's y/n booleans: PyYAML ignores them, Go's yaml.v2 does not
        return False
    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back as exactly `text`.

    Quoted scalars are always strings, so `NO`, `yes`, `1:30`, `0777`, `~`, `=SUM(A1)`, `*x`, `&x`
    and `!x` stay as written. Characters YAML would fold (line breaks, NEL, LS, PS), or does not
    allow raw (control characters, a BOM, surrogates), are escaped; all other Unicode is kept.
    """
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def scalar(value: Any, *, text: bool = False) -> str:
    """A value as YAML: null, a number, an ISO date, or a string (plain only where that is safe).
    `text` quotes every string, as the sample cycles quote titles and names."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return quoted(repr(value))
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    value = str(value)
    return value if not text and _plain_is_safe(value) else quoted(value)


def date_scalar(value: str | None) -> str:
    return value if value is not None and _ISO_DATE.match(value) else scalar(value, text=True)
