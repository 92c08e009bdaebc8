"""A line scanner for the shape score sheets almost always have, ~5× faster than libyaml + our walk.

It accepts only a strict subset of YAML, where every line is one of:

    judge: j07                      top-level key and a plain token
    scores:                         top-level key opening a block mapping
      some-entry: {crit: 9, c2: 8.5}  an entry with a one-line flow mapping of plain tokens
      other-entry: 7.5              an entry with one plain token
    comments:                       (any top-level key may open a block mapping)
      some-entry: "Strong; thin."   an entry with a one-line text: double quotes without
      other-entry: 'It''s good.'    escapes, single quotes, or plain words (no ':' or '#')
    # a comment, or a blank line

Tokens are ASCII words without spaces, quotes or YAML indicators, so their meaning is exactly
`source.plain_scalar`'s. A text (a judge's comment) may hold any character libyaml reads as
printable and not as a line break; a quoted one is a string as written, plain words are read by
`plain_scalar` as libyaml gives them (words and the single spaces between them, as written). For
anything else — escapes, a text over several lines, anchors, tags, comments after a value, tabs,
CR, repeated keys, other indentation — it answers None and the caller takes the full libyaml
path, which reports problems with positions. So whenever this returns data, the full path would
return the same data and no problem (tests/test_fastpath.py checks that property).
"""

from __future__ import annotations

import re
from sys import intern
from typing import Any

from smartaward.reading.source import plain_scalar

# A plain token: no spaces, no flow or YAML indicators; a lone '-' would start a sequence.
_TOKEN = r"(?:[A-Za-z0-9_.+]|-(?=[A-Za-z0-9_.]))[A-Za-z0-9_.+-]*"
_TOP = re.compile(rf"([A-Za-z_][A-Za-z0-9_-]*):(?: +({_TOKEN}))? *\Z")
# Characters beyond ASCII that libyaml reads as printable and not as a line break or a byte-order
# mark (C1 controls, NEL, U+2028, U+2029, surrogates, U+FFFE and U+FFFF are refused by _UNSAFE).
_WIDE = "\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
# A text written plain: words of visible characters, without ':' or '#' (which could end the text or
# start a comment), the first not one of YAML's indicators; single or repeated spaces between them.
_WORD = f"[\\x21\\x22\\x24-\\x39\\x3b-\\x7e{_WIDE}]"
_PLAIN_TEXT = f"[A-Za-z0-9_.+($/{_WIDE}]{_WORD}*(?: +{_WORD}+)*"
_DOUBLE_QUOTED = f'"([\\x20\\x21\\x23-\\x5b\\x5d-\\x7e{_WIDE}]*)"'  # no escapes: exactly what it says
_SINGLE_QUOTED = f"'((?:[\\x20-\\x26\\x28-\\x7e{_WIDE}]|'')*)'"  # '' is one quote
# What printable ASCII and _WIDE leave out beyond ASCII (DEL too), for the classes compiled() writes.
_NOT_WIDE = "\\x7f-\\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
# A character class of printable ASCII characters and _WIDE, as these patterns write it.
_WIDE_CLASS = re.compile(r"\[((?:[^\[\]\\]|\\.)*)" + re.escape(_WIDE) + r"\]")


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled, each class of ASCII characters and _WIDE written as the class of the
    characters it leaves out. The same characters; but re compiles a class by going through the
    characters of the ranges it lists, one by one, and _WIDE's are most of the 65,536 below U+10000:
    ~4 ms a class, 110–150 ms for the scanners' patterns, in every process that reads a file (a
    small cycle's validate, each worker of a big one's). The class of what it leaves out: ~0.3 ms."""
    return re.compile(_WIDE_CLASS.sub(_left_out, pattern), flags)


def _left_out(match: re.Match[str]) -> str:
    ascii_class = re.compile(f"[{match.group(1)}]")
    missing = "".join(f"\\x{code:02x}" for code in range(0x7f) if not ascii_class.match(chr(code)))
    return f"[^{missing}{_NOT_WIDE}]"


_ENTRY = compiled(rf"( +)({_TOKEN}): +(?:({_TOKEN})|\{{([^{{}}\[\]#&*!|>'\"%@`]*)\}}"
                  rf"|({_PLAIN_TEXT})|{_DOUBLE_QUOTED}|{_SINGLE_QUOTED}) *\Z")
_BODY = re.compile(rf"(?: *{_TOKEN}: +{_TOKEN} *,)* *{_TOKEN}: +{_TOKEN} *")
_PAIR = re.compile(rf"({_TOKEN}): +({_TOKEN})")
_NOT_PLAIN_ASCII = re.compile(r"[^\n\x20-\x7e]")  # anything but printable ASCII and newlines


class _Scalars(dict):
    """plain_scalar, remembered: a sheet repeats the same few mark tokens thousands of times."""

    def __missing__(self, token: str) -> Any:
        value = self[token] = plain_scalar(token)
        return value


def _flow_mapping(body: str, scalars: _Scalars) -> dict[str, Any] | None:
    if not body.strip(" "):  # spaces only: str.strip would take U+3000 and others, which libyaml reads
        return {}
    if _BODY.fullmatch(body) is None:
        return None
    pairs = _PAIR.findall(body)
    if any(len(key) > MAX_KEY for key, _ in pairs):
        return None
    # Keys interned: a cycle's millions of lines name the same few criteria, and one string object per
    # criterion (shared through marshal, which keeps interned strings interned) instead of one per mark
    # saves ~60 bytes a mark (L: 3 million marks).
    result = {intern(key): scalars[value] for key, value in pairs}
    return result if len(result) == len(pairs) else None  # a repeated key: the full path reports it


def _text(plain: str | None, double: str | None, single: str) -> Any:
    """The value of a text written plain, in double quotes (no escapes) or in single quotes."""
    if plain is not None:
        return plain_scalar(plain)  # never None: the null words are tokens
    return double if double is not None else single.replace("''", "'")


# What libyaml refuses (control characters) or reads as a line break (NEL, LS, PS) even inside a
# comment: a text holding any of them takes the full path, which reports or honours them.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
# libyaml allows a simple key of at most 1024 characters; longer ones are left to it to report.
MAX_KEY = 1024


def _harmless_wide(text: str) -> bool:
    """Whether the characters beyond printable ASCII are ones libyaml reads as printable and not as a
    line break, and no tab or CR: then a line of the text is a line to libyaml too, and such a
    character is accepted only on a comment line (e.g. a header) or inside a text (_WIDE)."""
    return _UNSAFE.search(text) is None and "\t" not in text and "\r" not in text


# Tests switch this off to prove that lines read by the pattern made for their keys and lines read the
# general way give the same data (tests/test_fastpath.py).
SAME_KEYS = True


class _Lines:
    """The lines of a sheet that mark the same criteria in the same order as the first one did (nearly
    every line): one regular expression made for those keys matches such a line whole and gives its
    marks, in the place of _ENTRY, _BODY and _PAIR. A line it matches is one they read as exactly
    that mapping: the same language (_BODY's spaces around the same tokens), the keys in the order
    _PAIR finds them, none repeated, none too long. Any other line takes the general way."""

    def __init__(self) -> None:
        self.keys: tuple[str, ...] | None = None
        self.pattern: re.Pattern[str] | None = None

    def learn(self, value: dict[str, Any]) -> None:
        """The keys of the first line read the general way (a flow mapping of tokens)."""
        keys = tuple(value)
        body = " *, *".join(f"{re.escape(key)}: +({_TOKEN})" for key in keys)
        self.keys, self.pattern = keys, re.compile(rf"( +)({_TOKEN}): +\{{ *{body} *\}} *\Z")

    def read(self, line: str, block: dict[str, Any], indent: str, scalars: _Scalars) -> bool | None:
        """True: the line was one of these and is now in `block`; None: it is not one (read it the
        general way); False: it is one, but the sheet is not for the scanner (a repeated entry,
        another indentation, a key too long)."""
        if self.pattern is None or not indent:  # (a block's first line sets its indentation: the general way)
            return None
        match = self.pattern.match(line)
        if match is None:
            return None
        spaces, key, *values = match.groups()
        if spaces != indent or key in block or len(key) > MAX_KEY:
            return False
        block[key] = dict(zip(self.keys, map(scalars.__getitem__, values), strict=True))  # type: ignore[arg-type]
        return True


def parse_sheet(text: str) -> dict[str, Any] | None:
    """The data of a score sheet in the common shape, or None to take the full YAML path."""
    if _NOT_PLAIN_ASCII.search(text) and not _harmless_wide(text):
        return None
    scalars = _Scalars()
    data: dict[str, Any] = {}
    block: dict[str, Any] | None = None  # the open block mapping (under `scores:`)
    indent = ""
    same = _Lines()
    for line in text.split("\n"):
        if block is not None:
            read = same.read(line, block, indent, scalars)
            if read is not None:
                if not read:
                    return None
                continue
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if line[0] == " ":
            if block is None:
                return None
            kept = _entry_line(line, block, indent, scalars, same)
            if kept is None:
                return None
            indent = kept
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


def _entry_line(line: str, block: dict[str, Any], indent: str, scalars: _Scalars, same: _Lines) -> str | None:
    """An indented line of the open block read into it, the general way: the block's indentation
    (the first line's sets it), or None to take the full path."""
    match = _ENTRY.match(line)
    if match is None:
        return None
    spaces, key, token, body, plain, double, single = match.groups()
    if len(key) > MAX_KEY:
        return None
    if not indent:
        indent = spaces
    if spaces != indent or key in block:
        return None
    if token is not None:
        block[key] = scalars[token]
        return indent
    value = _flow_mapping(body, scalars) if body is not None else _text(plain, double, single)
    if value is None:
        return None
    block[key] = value
    if same.pattern is None and body is not None and value and SAME_KEYS:
        same.learn(value)
    return indent
