"""Safe YAML reading with a position for every value.

Why not `yaml.safe_load`: it keeps the last of two duplicate keys silently, turns `NO` (Norway) into
False and `0777` into 511, and expands aliases without bound. Here libyaml's C parser
(`yaml.CSafeLoader`) only composes the node tree; our own walk builds plain Python data from it
under the scalar rules below, records where each value starts, and reports every problem it meets
with its line and column instead of raising.

Scalar rules (documented in docs/format.md):
- quoted scalars and block scalars are always strings;
- a plain scalar is null (`~`, `null`, `Null`, `NULL` or empty), a boolean (`true`/`false`, any case
  of the first letter or all caps), an integer (`0` or `-12`, no leading zeros, no underscores,
  no octal or hex), a float (`7.5`, `-1e3`, `.5`), and otherwise a string, exactly as written:
  `NO`, `yes`, `on`, `0777`, `1:30`, `.nan`, `.inf` and `2024-07-14` stay strings, so that a
  string field keeps them and a number or date field reports them instead of guessing;
- mapping keys are always strings;
- explicit tags: only the standard `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` and
  `!!seq`; anything else (`!!python/...`, `!include`, `!!binary`, ...) is an error;
- aliases are refused (an anchor that nothing refers to is harmless and ignored), so a few hundred
  bytes can never expand into gigabytes: each node of the composed tree is built at most once,
  and every later visit (an alias) is reported instead of followed, so the work is linear in the
  size of the file however the aliases nest (a "billion laughs" file is a few dozen Y003s);
- nesting deeper than MAX_DEPTH levels is refused as a whole (Y001 at the first node too deep):
  no cycle file needs more than about ten, and the limit does not depend on the call stack, so
  every path (serial, worker processes) gives the same answer. libyaml itself refuses 1000.

Messages are kept short: a diagnostic that quotes a huge value (a 1 MB title) shows its start and
end only (see `shorten`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from math import isfinite
from pathlib import Path
from typing import Any

import yaml

from smartaward.diagnostics import Diagnostic
from smartaward.reading.cache import Cache

PathKey = tuple[Any, ...]  # a path into a document: mapping keys (str) and list indexes (int)

_PLAIN = "tag:smartaward:plain"
_YAML = "tag:yaml.org,2002:"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]")
_SCALAR_TAGS = ("str", "int", "float", "bool", "null")
MAX_DEPTH = 100  # levels of nested lists and mappings
MAX_MESSAGE = 400  # characters of a diagnostic's message


def shorten(message: str, limit: int = MAX_MESSAGE) -> str:
    """`message`, or its start and end around a note of how much is left out, if it is too long."""
    if len(message) <= limit:
        return message
    tail = limit // 4
    head = limit - tail - 40
    return f"{message[:head]}… ({len(message) - head - tail:,} characters left out) …{message[-tail:]}"


class _ComposeOnly(yaml.CSafeLoader):
    """libyaml's parser and composer; every untagged plain scalar gets our own marker tag."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _YAML + "str"
        return _YAML + ("seq" if kind is yaml.SequenceNode else "map")


@dataclass
class Document:
    """A parsed file: its data, and where each value (and each mapping key) starts.

    Positions are found on demand: only a value with a problem needs one, so the tables are built
    (by parsing the kept text once more) the first time a position is asked for. A cycle of
    millions of marks without problems never pays for them. In a document the reader refused
    nothing in, the text is parsed again only as far as the positions asked for (_Walk): the
    first hundred of a million unknown keys are found at once.
    """

    file: str
    data: Any = None
    text: str | None = None
    # Where a value was refused (an alias, a bad tag): already reported, so the schema's
    # "wrong type" for the None left in its place is not reported again.
    refused: set[tuple[int, int]] = field(default_factory=set)
    # For documents that are not YAML (a CSV score sheet): builds the (values, keys) tables.
    locator: Callable[[], tuple[dict[PathKey, tuple[int, int]], dict[PathKey, tuple[int, int]]]] | None = field(default=None, repr=False)
    _values: dict[PathKey, tuple[int, int]] | None = field(default=None, repr=False)
    _keys: dict[PathKey, tuple[int, int]] | None = field(default=None, repr=False)
    _walk: _Walk | None = field(default=None, repr=False)
    # The file's bytes, where the text is not kept: decoded again only when a position is asked for
    # (issue 17: a big cycle kept 86 MB of text beside the same 86 MB of bytes, for positions it never needed).
    raw: bytes | None = field(default=None, repr=False)

    def source_text(self) -> str | None:
        """The text positions are found in: kept, or decoded from `raw` the first time it is asked for."""
        if self.text is None and self.raw is not None:
            self.text, _ = decode(self.raw, self.file)
        return self.text

    def _table(self, keys: bool, path: PathKey) -> dict[PathKey, tuple[int, int]]:
        """The table of value (or key) positions, holding `path` if the document has it. In a
        document the reader refused nothing in, the positions are found by walking its events
        only as far as `path` (_Walk): the first keys of a mapping of a million cost nothing."""
        text = self.source_text()
        if self._values is None and self.locator is None and text is not None and not self.refused:
            if self._walk is None:
                self._walk = _Walk(text)
            return self._walk.until(keys, path)
        values, key_table = self._tables()
        return key_table if keys else values

    def _locate(self) -> None:
        self._values, self._keys = {}, {}
        if self.locator is not None:
            self._values, self._keys = self.locator()
            return
        text = self.source_text()
        if text is None:
            return
        try:
            node = _ComposeOnly(text).get_single_node()
        except yaml.YAMLError:
            return
        if node is not None:
            builder = _Builder(self.file, record=True)
            try:
                builder.build(node, ())
            except (_TooDeep, RecursionError):  # not for a text that parsed: it was refused then
                return
            builder.locate_aliases(text)
            self._values, self._keys = builder.values, builder.keys

    def _tables(self) -> tuple[dict[PathKey, tuple[int, int]], dict[PathKey, tuple[int, int]]]:
        if self._values is None or self._keys is None:
            if self._walk is not None:  # complete the walk begun by lookups
                self._walk.until(False, None)
                self._values, self._keys = self._walk.values, self._walk.keys
            else:
                self._locate()
        assert self._values is not None and self._keys is not None
        return self._values, self._keys

    @property
    def values(self) -> dict[PathKey, tuple[int, int]]:
        return self._tables()[0]

    @property
    def keys(self) -> dict[PathKey, tuple[int, int]]:
        return self._tables()[1]

    def at(self, path: PathKey) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest recorded ancestor."""
        values = self._table(False, path)
        while path not in values and path:
            path = path[:-1]
            values = self._table(False, path)  # an ancestor comes before its values: found already
        return values.get(path, (1, 1))

    def key_at(self, path: PathKey) -> tuple[int, int]:
        """Line and column of the key whose value is at `path` (the value's, if there is no key)."""
        if path and isinstance(path[-1], str):  # only a mapping's values have keys (list items do not)
            found = self._table(True, path).get(path)
            if found is not None:
                return found
        return self.at(path)

    def refused_at(self, path: PathKey) -> bool:
        """Whether the value at `path` was refused by the reader (and so is reported already)."""
        return bool(self.refused) and self.at(path) in self.refused

    def diagnostic(self, path: PathKey, code: str, message: str, *, key: bool = False) -> Diagnostic:
        line, column = self.key_at(path) if key else self.at(path)
        return Diagnostic(self.file, line, column, code, shorten(message))


class _Frame:
    """A mapping or sequence being walked: its path, and where in it the walk is."""

    __slots__ = ("path", "mapping", "index", "key", "expect_key", "skip_value", "seen")

    def __init__(self, path: PathKey, mapping: bool) -> None:
        self.path = path
        self.mapping = mapping
        self.index = 0  # a sequence's next item
        self.key: str | None = None  # a mapping's current key
        self.expect_key = True
        self.skip_value = False  # the value of a repeated key (Y002) is not read: not located either
        self.seen: set[str] = set()


class _Walk:
    """Where each value and key of a document is, found by walking libyaml's events only as far
    as a lookup needs. Only for documents in which the reader refused nothing (no alias, no
    refused tag, no complex key): there, every value is met once, in document order, and the
    tables are exactly those _Builder(record=True) makes, without a node tree or a value built.
    Whole, a walk costs about a quarter of composing and building again; a lookup near the start
    of a huge file costs next to nothing."""

    def __init__(self, text: str) -> None:
        self.values: dict[PathKey, tuple[int, int]] = {}
        self.keys: dict[PathKey, tuple[int, int]] = {}
        self._steps = self._run(text)
        self.done = False

    def until(self, keys: bool, path: PathKey | None) -> dict[PathKey, tuple[int, int]]:
        """Walk on until `path` is in the keys (or values) table, or to the end; that table."""
        table = self.keys if keys else self.values
        if path not in table and not self.done:
            for _ in self._steps:
                if path in table:
                    break
            else:
                self.done = True
        return table

    def _run(self, text: str) -> Iterator[None]:
        values, keys = self.values, self.keys
        stack: list[_Frame] = []
        skipping = 0  # depth inside a subtree that is not read (a repeated key's value)
        try:
            for event in yaml.parse(text, Loader=yaml.CSafeLoader):
                kind = type(event)
                if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    if skipping:
                        skipping -= 1
                    else:
                        stack.pop()
                    continue
                opens = kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent
                if not opens and kind is not yaml.ScalarEvent and kind is not yaml.AliasEvent:
                    continue  # stream and document events
                if skipping:
                    skipping += opens
                    continue
                path: PathKey = ()
                if stack:
                    frame = stack[-1]
                    if not frame.mapping:
                        path = frame.path + (frame.index,)
                        frame.index += 1
                    elif frame.expect_key:
                        frame.expect_key = False
                        if isinstance(event, yaml.ScalarEvent) and event.value not in frame.seen:
                            frame.key = event.value
                            frame.seen.add(event.value)
                            mark = event.start_mark
                            assert mark is not None  # the parser marks every event (the stubs allow None)
                            keys[frame.path + (event.value,)] = (mark.line + 1, mark.column + 1)
                            yield
                        else:  # a repeated key (or, never here, a complex one): its value is not read
                            frame.skip_value = True
                            skipping = int(opens)
                        continue
                    else:
                        frame.expect_key = True
                        if frame.skip_value:
                            frame.skip_value = False
                            skipping = int(opens)
                            continue
                        path = frame.path + (frame.key,)
                mark = event.start_mark
                assert mark is not None  # the parser marks every event (the stubs allow None)
                values[path] = (mark.line + 1, mark.column + 1)
                if opens:
                    stack.append(_Frame(path, kind is yaml.MappingStartEvent))
                yield
        except yaml.YAMLError:  # not for a text that parsed; what was found stays
            return


def plain_scalar(text: str) -> Any:
    """The value of an untagged plain scalar under our rules (see the module docstring)."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (4300): no mark or count is that long
            return text
    if _FLOAT.match(text) and not _LEADING_ZERO.match(text):
        number = float(text)
        return number if isfinite(number) else text  # 1e999 stays text: no infinities in data
    return text


def _tagged_scalar(tag: str, text: str) -> Any:
    """The value of a scalar with an explicit standard tag; ValueError if it does not fit."""
    kind = tag[len(_YAML):]
    if kind == "str":
        return text
    value = plain_scalar(text)
    if kind == "null" and value is None:
        return None
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "int" and type(value) is int:
        return value
    if kind == "float" and type(value) in (int, float):
        try:
            return float(value)
        except OverflowError:
            pass
    raise ValueError(f"{text!r} is not a valid !!{kind}")


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag


class _TooDeep(Exception):
    """A node nested deeper than MAX_DEPTH: the whole document is refused."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__()
        self.node = node


class _Builder:
    """Walks a composed node tree into plain data and problems; with `record`, also positions."""

    def __init__(self, file: str, *, record: bool = False) -> None:
        self.file = file
        self.record = record
        self.problems: list[Diagnostic] = []
        self.seen: set[int] = set()
        self.values: dict[PathKey, tuple[int, int]] = {}
        self.keys: dict[PathKey, tuple[int, int]] = {}
        self.refused: set[tuple[int, int]] = set()
        self.aliases: list[tuple[int, PathKey]] = []  # (index in problems, path) of each alias met

    def _refuse(self, node: yaml.Node, path: PathKey, code: str, message: str) -> None:
        """Report a value we will not build; it becomes None, and the schema stays quiet about it."""
        mark = node.start_mark
        where = (mark.line + 1, mark.column + 1)
        self.problems.append(Diagnostic(self.file, *where, code, message))
        self.values[path] = where
        self.refused.add(where)

    def _alias(self, node: yaml.Node, path: PathKey, code: str, message: str) -> None:
        # The composer hands back the anchored node itself for an alias, so the node's own mark is
        # the anchor's; `locate_aliases` later moves the report to where the alias is written.
        self.aliases.append((len(self.problems), path))
        mark = node.start_mark
        self.problems.append(Diagnostic(self.file, mark.line + 1, mark.column + 1, code, message))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        if id(node) in self.seen:  # meeting a node twice means an alias: refused, never expanded
            self._alias(node, path, "Y003", "aliases (*name) are not allowed; write the value out")
            return None
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise _TooDeep(node)
        if self.record:
            mark = node.start_mark
            self.values[path] = (mark.line + 1, mark.column + 1)
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _PLAIN:
                return plain_scalar(node.value)
            if tag.startswith(_YAML) and tag[len(_YAML):] in _SCALAR_TAGS:
                try:
                    return _tagged_scalar(tag, node.value)
                except ValueError as exc:
                    self._refuse(node, path, "Y004", str(exc))
                    return None
            self._refuse(node, path, "Y004", f"the tag {_tag_name(tag)} is not allowed in cycle files")
            return None
        if isinstance(node, yaml.SequenceNode):
            if tag != _YAML + "seq":
                self._refuse(node, path, "Y004", f"the tag {_tag_name(tag)} cannot be used on a list here")
                return None
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if tag != _YAML + "map":
            self._refuse(node, path, "Y004", f"the tag {_tag_name(tag)} cannot be used on a mapping here")
            return None
        return self._build_mapping(node, path)

    def _build_mapping(self, node: yaml.Node, path: PathKey) -> dict[str, Any]:
        """A mapping node's keys and built values; a key that is an alias, not a plain value, or repeated is reported and left out."""
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if id(key_node) in self.seen:
                self._alias(key_node, path + ("<key>",), "Y007", "a mapping key must be written out, not an alias")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._refuse(key_node, path + ("<key>",), "Y007", "a mapping key must be a plain value, not a list or mapping")
                continue
            self.seen.add(id(key_node))
            key = key_node.value  # keys are always strings, as written
            if key in result:
                first = next(k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key)
                kmark = key_node.start_mark
                self.problems.append(Diagnostic(self.file, kmark.line + 1, kmark.column + 1, "Y002",
                                                f"duplicate key {key!r} (first at line {first.start_mark.line + 1})"))
                continue
            if self.record:
                kmark = key_node.start_mark
                self.keys[path + (key,)] = (kmark.line + 1, kmark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result

    def locate_aliases(self, text: str) -> None:
        """Move each alias report to the alias itself, found among libyaml's events (rare path)."""
        if not self.aliases:
            return
        marks = [_event_position(e) for e in yaml.parse(text, Loader=yaml.CSafeLoader) if isinstance(e, yaml.AliasEvent)]
        located = len(marks) == len(self.aliases)  # else an alias sat inside a value we did not build
        for position, (index, path) in enumerate(self.aliases):
            old = self.problems[index]
            where = marks[position] if located else (old.line, old.column)
            self.problems[index] = Diagnostic(old.file, *where, old.code, old.message)
            self.values[path] = where
            self.refused.add(where)


def _anchors(text: str, file: str) -> list[Diagnostic]:
    """Anchors (`&name`) that no alias uses: `title: &more bikes` would silently read as "bikes".
    An anchor that an alias uses is not reported again: the alias is (Y003, by the builder)."""
    events = list(yaml.parse(text, Loader=yaml.CSafeLoader))
    used = {e.anchor for e in events if isinstance(e, yaml.AliasEvent)}  # those aliases are reported
    found = []
    for event in events:
        anchor = getattr(event, "anchor", None)
        if anchor is not None and anchor not in used and not isinstance(event, yaml.AliasEvent):
            found.append(Diagnostic(file, *_event_position(event), "Y003",
                                    f"anchor &{anchor} is not allowed: write the value in full (to write & in a text, put the text in quotes)"))
    return found


def _event_position(event: yaml.Event) -> tuple[int, int]:
    """Where a parser's event starts: (line, column), from 1. The parser marks every event (the stubs allow None)."""
    mark = event.start_mark
    assert mark is not None
    return mark.line + 1, mark.column + 1


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 (a byte-order mark is accepted and dropped); anything else is a problem."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        # A BOM of UTF-16, or the NUL bytes that UTF-16 without a BOM is full of.
        return None, [Diagnostic(file, 1, 1, "Y005", "the file is UTF-16 (or binary); save it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1  # characters, like every column
        return None, [Diagnostic(file, line, column, "Y005",
                                 "the file is not valid UTF-8; save it as UTF-8 (from a Windows editor or a spreadsheet: iconv -f WINDOWS-1252 -t UTF-8)")]
    return text, []


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    # An unclosed quote or bracket is found only at the end of the file: point where it opened.
    if exc.context_mark is not None and (mark is None or mark.index >= len(text.rstrip())):
        mark = exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = " ".join(filter(None, [exc.context, exc.problem]))
    if mark is not None and mark.index < len(text) and text[mark.index] == "\t":
        what += " (a tab: indent with spaces)"
    elif exc.problem == "mapping values are not allowed here":
        what += " (a colon followed by a space inside a value: put the value in quotes, e.g. title: \"Oslo: city bikes\")"
    return Diagnostic(file, line, column, "Y001", f"invalid YAML: {what}")


def parse_text(text: str, file: str) -> tuple[Document, list[Diagnostic]]:
    """Parse one YAML document. Problems are returned, never raised."""
    doc = Document(file)
    try:
        node = _ComposeOnly(text).get_single_node()
    except yaml.MarkedYAMLError as exc:
        return doc, [_syntax_problem(exc, text, file)]
    except yaml.reader.ReaderError as exc:
        line, column = _line_col(text, exc.position)
        return doc, [Diagnostic(file, line, column, "Y001", f"invalid YAML: {exc.reason}")]
    except yaml.YAMLError as exc:  # any other libyaml complaint still becomes a diagnostic
        return doc, [Diagnostic(file, 1, 1, "Y001", f"invalid YAML: {exc}")]
    if node is None:
        return doc, [Diagnostic(file, 1, 1, "Y006", "the file is empty")]
    builder = _Builder(file)
    try:
        doc.data = builder.build(node, ())
    except _TooDeep as exc:
        mark = exc.node.start_mark
        return Document(file), [Diagnostic(file, mark.line + 1, mark.column + 1, "Y001",
                                           f"invalid YAML: lists and mappings nested more than {MAX_DEPTH} levels deep")]
    except RecursionError:  # a safety net: MAX_DEPTH keeps well within Python's recursion limit
        return Document(file), [Diagnostic(file, 1, 1, "Y001", "invalid YAML: the document is nested too deeply")]
    if doc.data is None and not builder.problems or doc.data in ([], {}):
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if doc.data is not None else (1, 1)
        return Document(file), [Diagnostic(file, line, column, "Y006", "the file holds no data")]
    builder.locate_aliases(text)
    if "&" in text:  # rare: an anchor is only possible where the text has an ampersand
        builder.problems.extend(_anchors(text, file))
    doc.text, doc.refused = text, builder.refused
    return doc, builder.problems


def parse_bytes(raw: bytes, file: str, fast: Callable[[str], Any] | None = None,
                cache: Cache | None = None) -> tuple[Document, list[Diagnostic]]:
    """Decode and parse one file's bytes; `file` is the name used in diagnostics.

    `fast`, if given, is a quicker parser for a common subset of YAML: it returns the data, or None
    for anything outside its subset, which then takes the full path. `cache`, if given, stores the
    data of a file that parsed without problems (looking it up first is the caller's job: see
    load._documents, which does it once for all files).
    """
    text, problems = decode(raw, file)
    if text is None:
        return Document(file), problems
    data = fast(text) if fast is not None else None
    if data is not None:
        doc, problems = Document(file, data, raw=raw), []  # the bytes kept, not their text: see Document.raw
    else:
        doc, problems = parse_text(text, file)
        if doc.text is not None:
            doc.text, doc.raw = None, raw
    if cache is not None and not problems and doc.data is not None:
        cache.store_parsed(raw, doc.data)
    return doc, problems


def read_document(path: Path, file: str, fast: Callable[[str], Any] | None = None) -> tuple[Document, list[Diagnostic]]:
    """Read, decode and parse one file (see parse_bytes)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Document(file), [Diagnostic(file, 0, 0, "F002", f"cannot read the file: {exc.strerror or exc}")]
    return parse_bytes(raw, file, fast)
