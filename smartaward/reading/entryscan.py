"""A line scanner for entries files in their common shapes, several times faster than libyaml + our walk.

The score sheets' scanner (fastpath.py) for the files that hold entries. It accepts only a strict
subset of YAML, where every line is one of:

    - id: oslo-bikes                 a list item: a mapping whose first key is on the dash's line
      title: "City bikes"            a key of the open mapping and a one-line value
      entrant: {name: "Oslo", type: city}   a one-line flow mapping (values may be flow mappings
      tags: [mobility, health]              of values, or flow lists of values) or a flow list
      entrant:                       a key opening a block mapping, whose keys are indented deeper
        name: "Oslo"
    - {id: lyon-trams, call: project, entrant: {name: Lyon, type: city}}   a list item on one line
    id: oslo-bikes                   (or the keys of a lone mapping, the whole file one entry)
    # a comment, or a blank line

A value is a plain token or plain words (read by `source.plain_scalar`, the one resolver, exactly as
libyaml gives them to it: `2025-06-01` and `NO` stay texts, `7` is a number), a text in double quotes
whose only escapes are \\" and \\\\, or a text in single quotes. In a flow mapping or list plain words
hold none of `,[]{}:#"'`; in a block value a ':' only before another character of the word and a
'#' only inside a word (`https://example.org/a#b`). Flow collections nest two levels at most. For
anything else — comments after a value, anchors, aliases, tags, other escapes, block scalars (| >),
texts over several lines, a key with no value, block lists, tabs, CR, repeated keys, keys over 1024
characters, document markers, uneven indentation, nesting deeper than MAX_NESTING — it answers None
and the caller takes the full libyaml path, which stays the authority and reports problems with
positions. So whenever this returns data, the full path would return the same data and no problem
(tests/test_entryscan.py checks that property).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# The score sheets' scanner's building blocks: the same characters are read the same way by both.
from smartaward.reading.fastpath import (
    _NOT_PLAIN_ASCII,
    _TOKEN,
    _WIDE,
    _WORD,
    MAX_KEY,
    _harmless_wide,
    _Scalars,
    compiled,
)

# Levels of block mappings open at once (a list item, its entrant, ...): entries need three; deeper
# files take the full path, which has the depth limit of every file (source.MAX_DEPTH).
MAX_NESTING = 8

# The first character of plain words: not one of YAML's indicators; a '-' only before a word character.
_FIRST = f"(?:[A-Za-z0-9_.+($/{_WIDE}]|-(?=[A-Za-z0-9_.]))"
# Plain words in a block value: as fastpath's texts, but inside a word a '#' (only after a space
# does it start a comment) and a ':' before another character of the line (only before a space or
# a line's end is it a key's colon): `https://example.org/a#b` is one word.
_IN_WORD = f"(?:{_WORD}|#|:(?=[^ \\n]))"
_BLOCK_PLAIN = f"{_FIRST}{_IN_WORD}*(?: +{_WORD}{_IN_WORD}*)*"
# Plain words in a flow mapping or list: no ',[]{}' either (they end a value there), nor quotes.
_FLOW_WORD = f"[\\x21\\x24-\\x26\\x28-\\x2b\\x2d-\\x39\\x3b-\\x5a\\x5c\\x5e-\\x7a\\x7c\\x7e{_WIDE}]"
_FLOW_PLAIN = f"{_FIRST}{_FLOW_WORD}*(?: +{_FLOW_WORD}+)*"

# A text in double quotes whose only escapes are \" and \\ (a quote, a backslash): any other takes
# the full path. A text in single quotes, where '' is one quote. (No groups in either: see below.)
_ESCAPED = re.compile(r'\\(["\\])')
_DOUBLE = f'"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e{_WIDE}]|\\\\["\\\\])*"'
_SINGLE = f"'(?:[\\x20-\\x26\\x28-\\x7e{_WIDE}]|'')*'"
# A value in a flow collection, as written (quotes and all: its first character tells how to read
# it, see _Scanner.value).
_FLOW_SCALAR = f"{_FLOW_PLAIN}|{_DOUBLE}|{_SINGLE}"
# A flow mapping or list of values inside a flow mapping (no brackets inside: deeper ones take the full path).
_INNER = r"\{[^{}\[\]]*\}|\[[^{}\[\]]*\]"
# What follows a value in a flow collection: a comma and another item, or the end of the body.
_NEXT = r" *(?:, *(?=[^ ])|\Z)"


def _parts(key: str, value: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A body made of parts one after the other (`key` "" for a list's items), and one part, with
    groups (key, value as written) or (value as written). Where each part ends is no choice (a value
    ends at the first character that cannot continue it), so findall finds exactly the parts that
    fullmatch found. The patterns above have no groups, so that the body's pattern has none either."""
    part = f" *{key + ': +' if key else ''}(?:{value}){_NEXT}"
    captured = f" *{'(' + key + '): +' if key else ''}({value}){_NEXT}"
    return compiled(f"(?:{part})+"), compiled(captured)


# A flow mapping of values; one whose values may also be flow mappings or lists of values; a flow list of values.
_FLAT_BODY, _FLAT_PAIRS = _parts(_TOKEN, _FLOW_SCALAR)
_DEEP_BODY, _DEEP_PAIRS = _parts(_TOKEN, f"{_FLOW_SCALAR}|{_INNER}")
_LIST_BODY, _LIST_ITEMS = _parts("", _FLOW_SCALAR)

# A value on a key's line, as written: plain words, a quoted text, a one-line flow mapping or list.
_BLOCK_VALUE = rf"({_BLOCK_PLAIN}|{_DOUBLE}|{_SINGLE}|\{{.*\}}|\[.*\])"
# One line, of one of the shapes above: groups (dash and spaces, or indent; key; value as written;
# a list item's flow mapping, braces and all). A comment or a blank line matches with none of them.
_LINE = compiled(rf"^(?:(?:(- +)|( *))({_TOKEN}):(?: +{_BLOCK_VALUE})?|- +(\{{.*\}})| *#.*|) *$", re.MULTILINE)
Row = tuple[str, str, str, str, str]

_REFUSED = object()  # a value outside the subset (None is a value: `null`)
_NOT_PLAIN = frozenset("\"'{[")  # how a value that is not plain words starts


class _Scanner:
    """The document so far, and the block mappings open at the current line."""

    def __init__(self) -> None:
        self.root: list[Any] | dict[str, Any] | None = None
        self.open: list[tuple[int, dict[str, Any]]] = []  # (indent of its keys, mapping), innermost last
        self.spaces: str | None = None  # the indent of the innermost open mapping's keys, as written
        self.opened: dict[str, Any] | None = None  # the mapping a `key:` line opened, before its first key
        self.opened_at = 0  # the indent of that key
        self.scalars = _Scalars()

    def take(self, rows: list[Row]) -> bool:
        """Take the file's lines; False at the first that is outside the subset. (The next key of the
        open mapping, with a plain or quoted value, is read here without a call: most lines are that.)"""
        scalars = self.scalars
        for dash, spaces, key, written, flow in rows:
            if key:
                mapping: dict[str, Any] | None
                if spaces == self.spaces and not dash and self.opened is None:
                    mapping = self.open[-1][1]
                    if key in mapping or len(key) > MAX_KEY:
                        return False  # a repeated key: the full path reports it; a long one libyaml refuses
                    first = written[:1]
                    if first and first not in _NOT_PLAIN:
                        mapping[key] = scalars[written]
                        continue
                    if first == '"' and "\\" not in written:
                        mapping[key] = written[1:-1]
                        continue
                else:
                    mapping = self._item(len(dash)) if dash else self._mapping_at(len(spaces))
                if mapping is None or not self._put(mapping, len(dash or spaces), key, written):
                    return False
            elif flow and not self._flow_item(flow):
                return False
        return self.opened is None  # else the last key has no value (null): left to the full path

    def _list(self) -> list[Any] | None:
        """The document's list, for a new item: None if the document is a mapping, or a key is left
        without a value (a null)."""
        if self.root is None:
            self.root = []
        return self.root if type(self.root) is list and self.opened is None else None

    def _item(self, indent: int) -> dict[str, Any] | None:
        """A new list item, a mapping whose keys are at `indent`."""
        items = self._list()
        if items is None:
            return None
        mapping: dict[str, Any] = {}
        items.append(mapping)
        self.open = [(indent, mapping)]
        self.spaces = " " * indent
        return mapping

    def _flow_item(self, written: str) -> bool:
        items = self._list()
        if items is None:
            return False
        self.open, self.spaces = [], None  # nothing may follow on deeper lines
        item = self.value(written)
        items.append(item)
        return item is not _REFUSED

    def _mapping_at(self, indent: int) -> dict[str, Any] | None:
        """The open mapping a key at `indent` belongs to, closing deeper ones; None if there is none."""
        if self.opened is not None:  # the first key of a block mapping: deeper than the key that opened it
            if indent <= self.opened_at or len(self.open) >= MAX_NESTING:
                return None
            self.open.append((indent, self.opened))
            self.opened = None
        elif self.root is None:  # the first line: the file is one mapping
            if indent:
                return None
            self.root = {}
            self.open = [(0, self.root)]
        else:
            while self.open and self.open[-1][0] > indent:
                self.open.pop()
            if not self.open or self.open[-1][0] != indent:
                return None
        self.spaces = " " * indent
        return self.open[-1][1]

    def _put(self, mapping: dict[str, Any], indent: int, key: str, written: str | None) -> bool:
        if key in mapping or len(key) > MAX_KEY:
            return False  # a repeated key: the full path reports it; a long one libyaml refuses
        if not written:  # `key:` alone: a block mapping follows (or nothing: a null, left to the full path)
            mapping[key] = self.opened = {}
            self.opened_at = indent
            return True
        value = self.value(written)
        mapping[key] = value
        return value is not _REFUSED

    def value(self, written: str, deep: bool = True) -> Any:
        """The value of a scalar or flow collection as written (a pattern above matched it whole)."""
        first = written[0]
        if first == '"':
            text = written[1:-1]
            return _ESCAPED.sub(r"\1", text) if "\\" in text else text
        if first == "'":
            return written[1:-1].replace("''", "'")
        if first == "{":
            return self._flow_mapping(written[1:-1], deep)
        if first == "[":
            return self._flow_list(written[1:-1])
        return self.scalars[written]

    def _flow_mapping(self, body: str, deep: bool) -> Any:
        if not body.strip(" "):  # spaces only: str.strip would take U+3000 and others, which libyaml reads
            return {}
        if (_DEEP_BODY if deep else _FLAT_BODY).fullmatch(body) is None:
            return _REFUSED
        result: dict[str, Any] = {}
        scalars, value = self.scalars, self.value
        for key, written in (_DEEP_PAIRS if deep else _FLAT_PAIRS).findall(body):
            if key in result or len(key) > MAX_KEY:
                return _REFUSED  # a repeated key: the full path reports it; a long one libyaml refuses
            if written[0] in _NOT_PLAIN:
                found = result[key] = value(written, deep=False)
                if found is _REFUSED:
                    return _REFUSED
            else:
                result[key] = scalars[written]
        return result

    def _flow_list(self, body: str) -> Any:
        if not body.strip(" "):
            return []
        if _LIST_BODY.fullmatch(body) is None:
            return _REFUSED
        return [self.value(written) for written in _LIST_ITEMS.findall(body)]


def parse_entries(text: str) -> list[Any] | dict[str, Any] | None:
    """The data of an entries file in a common shape, or None to take the full YAML path."""
    wide = _NOT_PLAIN_ASCII.search(text) is not None
    if wide and not _harmless_wide(text):
        return None
    if SAME_SHAPE and not wide and text.startswith("-"):
        alike = _same_shape(text)
        if alike is not None:
            return alike
    return _general(text)


def _general(text: str) -> list[Any] | dict[str, Any] | None:
    """parse_entries, line by line (the characters checked)."""
    rows = _LINE.findall(text)
    if len(rows) != text.count("\n") + 1:  # each line matches once, or not at all (`$` ends it)
        return None
    scanner = _Scanner()
    return scanner.root if scanner.take(rows) else None


# -- entries of the same shape ----------------------------------------------------------------------
# Most entries files are a list of items written alike: the same keys in the same order, each value on
# its key's line, an entrant as a one-line flow mapping of the same keys. The first item is read the
# general way above; its lines then make one pattern for a whole item (each value as the general way
# reads such a value: plain words, a quoted text, or a flow mapping of those keys with plain or quoted
# values), and each following item is one match of it. At the first item that does not match (another
# shape, a comment, anything), the rest of the file is read the general way, as its own list: items of
# a list at the left margin are independent (a following line that belongs to the item before, more
# indented, is refused there, and then so is the file). Tests switch this off to compare both ways.
SAME_SHAPE = True

# A value on a key's line, one group as written; a value in a flow mapping. Only for a file of printable
# ASCII: without the wide characters, which a text without them never meets (a shape's pattern is made
# per file: its classes are small, and it compiles in ~2 ms).
_SCALAR_VALUE = f"({_BLOCK_PLAIN}|{_DOUBLE}|{_SINGLE})".replace(_WIDE, "")
_FLOW_VALUE = f"({_FLOW_SCALAR})".replace(_WIDE, "")
_ITEM_LINE = re.compile(rf"(- +| +)?({_TOKEN}): +(.*?) *")  # a line of the first item (checked with fullmatch)
_FIRST_ITEM_END = re.compile(r"\n(?=-)")  # where the second item starts


class _Shape:
    """The pattern of an item written like the first, and how its values (the groups, in order) make
    the item: per key, (key, None) for one value, or (key, keys of its flow mapping)."""

    def __init__(self, pattern: re.Pattern[str], keys: list[tuple[str, tuple[str, ...] | None]]) -> None:
        self.pattern = pattern
        self.names = [key for key, _ in keys]
        # Each flow mapping's values (start, stop, its keys), last first: made into its mapping in place.
        self.flows: list[tuple[int, int, tuple[str, ...]]] = []
        at = 0
        for _, inner in keys:
            width = 1 if inner is None else len(inner)
            if inner is not None:
                self.flows.insert(0, (at, at + width, inner))
            at += width

    def item(self, groups: tuple[str, ...], scanner: _Scanner) -> dict[str, Any]:
        scalars, value = scanner.scalars, scanner.value
        # (a plain value is the common case: looked up at once; a quoted one as the general way reads it)
        values: list[Any] = [value(written) if written[0] in _NOT_PLAIN else scalars[written] for written in groups]
        for start, stop, inner in self.flows:
            values[start:stop] = [dict(zip(inner, values[start:stop], strict=True))]
        return dict(zip(self.names, values, strict=True))


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    """A shape's pattern, compiled once for the files written alike in the same shape."""
    return re.compile(pattern)


def _shape(lines: list[str]) -> _Shape | None:
    """The shape of the first item, from its lines; None where it is not one this reads (a block
    mapping under a key, a flow list, a flow mapping of flow collections, an empty one)."""
    parts: list[str] = []
    keys: list[tuple[str, tuple[str, ...] | None]] = []
    indent = ""
    for number, line in enumerate(lines):
        found = _ITEM_LINE.fullmatch(line)
        if found is None:
            return None
        lead, key, written = found.groups()
        if number == 0:
            if lead is None or not lead.startswith("-"):
                return None
            indent, start = " " * len(lead), re.escape(lead)
        elif lead != indent:
            return None
        else:
            start = indent
        if written.startswith("{"):
            body = written[1:-1]
            pairs = _FLAT_PAIRS.findall(body) if written.endswith("}") and _FLAT_BODY.fullmatch(body) else []
            if not pairs:
                return None
            inner = tuple(name for name, _ in pairs)
            parts.append(rf"{start}{re.escape(key)}: +\{{ *" + " *, *".join(rf"{re.escape(name)}: +{_FLOW_VALUE}" for name in inner) + r" *\}")
            keys.append((key, inner))
        elif written[:1] in ("[", ""):
            return None
        else:
            parts.append(rf"{start}{re.escape(key)}: +{_SCALAR_VALUE}")
            keys.append((key, None))
    return _Shape(_compiled(" *\n".join(parts) + r" *(?:\n|\Z)"), keys)


def _same_shape(text: str) -> list[Any] | None:
    """The data of an entries file of printable ASCII whose items are written alike (see SAME_SHAPE),
    or None for the general way; a file of one item is read the general way."""
    end = _FIRST_ITEM_END.search(text)
    if end is None:
        return None
    first = _general(text[:end.start() + 1])
    shape = _shape(text[:end.start()].split("\n"))
    if type(first) is not list or len(first) != 1 or shape is None:
        return None
    items, scanner, match, item = first, _Scanner(), shape.pattern.match, shape.item
    at = end.end()
    while at < len(text):
        found = match(text, at)
        if found is None:
            rest = _general(text[at:])
            if type(rest) is not list:
                return None
            return items + rest
        items.append(item(found.groups(), scanner))
        at = found.end()
    return items
