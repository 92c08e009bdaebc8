"""A line scanner for the shape score sheets almost always have, ~5× faster than libyaml + our walk.

It accepts only a strict subset of YAML, where every line is one of:

    judge: j07                      top-level key and a plain token
    scores:                         top-level key opening a block mapping
      some-entry: {crit: 9, c2: 8.5}  an entry with a one-line flow mapping of plain tokens
      other-entry: 7.5              an entry with one plain token
    # a comment, or a blank line

Tokens are ASCII words without spaces, quotes or YAML indicators, so their meaning is exactly
`source.plain_scalar`'s. For anything else — quotes, anchors, tags, comments after a value,
tabs, CR, repeated keys, other indentation — it answers None and the caller takes the full libyaml
path, which reports problems with positions. So whenever this returns data, the full path would
return the same data and no problem (tests/test_fastpath.py checks that property).
"""

from __future__ import annotations

import re
from typing import Any

from smartaward.reading.source import plain_scalar

# A plain token: no spaces, no flow or YAML indicators; a lone '-' would start a sequence.
_TOKEN = r"(?:[A-Za-z0-9_.+]|-(?=[A-Za-z0-9_.]))[A-Za-z0-9_.+-]*"
_TOP = re.compile(rf"([A-Za-z_][A-Za-z0-9_-]*):(?: +({_TOKEN}))? *\Z")
_ENTRY = re.compile(rf"( +)({_TOKEN}): +(?:({_TOKEN})|\{{([^{{}}\[\]#&*!|>'\"%@`]*)\}}) *\Z")
_BODY = re.compile(rf"(?: *{_TOKEN}: +{_TOKEN} *,)* *{_TOKEN}: +{_TOKEN} *")
_PAIR = re.compile(rf"({_TOKEN}): +({_TOKEN})")
_NOT_PLAIN_ASCII = re.compile(r"[^\n\x20-\x7e]")  # anything but printable ASCII and newlines


class _Scalars(dict):
    """plain_scalar, remembered: a sheet repeats the same few mark tokens thousands of times."""

    def __missing__(self, token: str) -> Any:
        value = self[token] = plain_scalar(token)
        return value


def _flow_mapping(body: str, scalars: _Scalars) -> dict[str, Any] | None:
    if not body.strip():
        return {}
    if _BODY.fullmatch(body) is None:
        return None
    pairs = _PAIR.findall(body)
    if any(len(key) > MAX_KEY for key, _ in pairs):
        return None
    result = {key: scalars[value] for key, value in pairs}
    return result if len(result) == len(pairs) else None  # a repeated key: the full path reports it


# What libyaml refuses (control characters) or reads as a line break (NEL, LS, PS) even inside a
# comment: a text holding any of them takes the full path, which reports or honours them.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
# libyaml allows a simple key of at most 1024 characters; longer ones are left to it to report.
MAX_KEY = 1024


def _only_in_comments(text: str) -> bool:
    """Whether every non-ASCII character sits on a comment line (e.g. a header), harmlessly."""
    if _UNSAFE.search(text):
        return False
    for match in _NOT_PLAIN_ASCII.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if not text[start:match.start()].lstrip(" ").startswith("#") or match.group() in "\t\r":
            return False
    return True


def parse_sheet(text: str) -> dict[str, Any] | None:
    """The data of a score sheet in the common shape, or None to take the full YAML path."""
    if _NOT_PLAIN_ASCII.search(text) and not _only_in_comments(text):
        return None
    scalars = _Scalars()
    data: dict[str, Any] = {}
    block: dict[str, Any] | None = None  # the open block mapping (under `scores:`)
    indent = ""
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if line[0] == " ":
            match = _ENTRY.match(line)
            if block is None or match is None:
                return None
            spaces, key, token, body = match.groups()
            if len(key) > MAX_KEY:
                return None
            if not indent:
                indent = spaces
            if spaces != indent or key in block:
                return None
            if token is not None:
                block[key] = scalars[token]
            else:
                marks = _flow_mapping(body, scalars)
                if marks is None:
                    return None
                block[key] = marks
            continue
        match = _TOP.match(line)
        if match is None:
            return None
        key, token = match.groups()
        if len(key) > MAX_KEY or key in data or (block is not None and not block):
            return None  # a repeated key, or an empty block (null): leave both to the full path
        block, indent = None, ""
        if token is None:
            block = data[key] = {}
        else:
            data[key] = scalars[token]
    if not data or (block is not None and not block):
        return None
    return data
