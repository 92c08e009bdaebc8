"""Hostile entries files against the entries scanner (smartaward/reading/entryscan.py), issue 17.

Entries arrive in pull requests from entrants who want to win. A text the scanner read differently
from the full reader (source.parse_text, the authority) could change a result without `validate`
saying so: a title or country read as another text, a number or boolean read as a text (or the
reverse), a duplicate key hidden, a comment swallowed, a control or bidi character let through.
The contract (tests/test_entryscan.py): whenever `parse_entries(text)` returns data, the full path
returns exactly that data (types, key order, nesting) and no problem. Attacked here five ways:

1. a table of hand-made adversarial texts (YAML 1.1 booleans and nulls, octal/hex/sexagesimal
   numbers, special floats, indicators at the start of a value, '#' and ': ' inside texts, unicode
   spaces, NEL/LS/PS, BOMs, zero-width and bidi characters, tabs, CRLF, the 1024-character key
   limit, deep nesting, repeated keys, trailing commas, empty flows, escapes, quoted keys, odd
   dashes, document markers, directives), each hostile value also put in every field an entry has
   (block value, flow entrant, one-line item, flow list); some must be accepted, so that the
   contract is tested where the scanner answers;
2. every single-character edit (insert, replace, delete) of accepted texts, with hostile characters;
3. hypothesis: several edits of accepted texts, and texts built line by line from hostile parts;
4. `smartaward validate` on the base cycle with each hostile file added: the same output and exit
   code with load.FAST_PATHS off and on;
5. time: adversarial texts of 0.4 MB are scanned (accepted or declined) in linear time.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import run
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_entryscan import GENERATED, holds
from test_fastpath import Picker
from test_invalid_cases import BASE

from smartaward.reading import load
from smartaward.reading.entryscan import MAX_NESTING, parse_entries

# ------------------------------------------------------------------------------ hostile values

# Values as an entrant could write them after `title: `, each a trap for one reading or another.
HOSTILE_VALUES = [
    # YAML 1.1 booleans and nulls (ours: only true/false and null/~ in their three spellings)
    "yes", "No", "NO", "on", "OFF", "y", "n", "~", "null", "Null", "NULL", "nUll", "true", "True", "TRUE", "tRue", "false",
    # numbers: octal, hex, sexagesimal, underscores, special floats, leading zeros, signs, huge
    "0o17", "0x1F", "017", "0777", "1:30", "190:20:30", "1_000", ".5", "5.", "1e3", "1E3", "1e+3", "+1", "-0", "+.5",
    ".inf", "-.inf", ".NaN", ".nan", "1e999", "-1e999", "12345678901234567890", "7" * 4301, "0.1e-400",
    # dates and times
    "2025-06-01", "2025-06-31", "2025-6-1", "2025-06-01T10:00:00Z", "2025-06-01 10:00",
    # indicators at the start
    "- x", "-", "--", "---", "...", "?", "? x", ":", ": x", "|", "|-", ">", ">-", "%x", "@x", "`x", "!x", "!!str x",
    "!!int 7", "&a x", "*a", "#x", ",x", "[x", "]x", "{x", "}x", "'x", '"x', "=", "<<", "~x", "-x", ".x", "+x",
    # '#' and ': ' inside texts, URLs
    "a #b", "a  #b", "a#b", "a: b", "a:b", "a :b", "a:", "a:#b", "a:,b", "a,b", "a, b", "a [b] {c}",
    "http://x.org:80/a?b=c#d", "mailto:a@b.c",
    # texts with quotes inside, escapes, and what follows a closing quote
    'a "b" c', "a 'b' c", '"a\\"b"', '"a\\\\"', '"a\\tb"', '"a\\u202eb"', '"a\\x41"', '"a\\0"', '"\\N"', '"a\\/b"',
    "'a''b'", "'a\\b'", '"a" b', "'a' b", '"a" #c', '""', "''", "' '", '" "',
    # unicode spaces, line breaks libyaml honours, BOM, zero-width and bidi characters
    "a\u3000", "\u3000", "\u3000a", "a\u00a0b", "\u00a0", "a\u00a0#b", "a:\u00a0b", "a\u2009b", "\u200b", "a\u200db",
    "a\x85b", "a\u2028b", "a\u2029b", "a\ufeffb", "\ufeff", "\u202eab", "a\u200fb", "\u2066x\u2069", "a\xadb",
    '"a\u202eb"', "'a\u202eb'", '"a\x85b"',
    # control characters, tabs, CR
    "a\x1bb", '"a\x07b"', "a\x7fb", "a\x9bb", "a\tb", "a\rb", "a\x00b", '"a\x0cb"',
    # non-ASCII texts, long texts, flow collections written as values
    "Très bien — 서울 😀", "Zürich", "x" * 5000, "{}", "[]", "{ }", "[ ]", "{a: 1}", "[a, b]", "{a: 1,}", "[a,]",
    "{a: {b: {c: 1}}}", "[a, [b]]", "{a: }", "{a}", "[a: b]", "{? a: b}", "{a: 1, a: 2}", '{"a": 1}',
]

# A complete, valid entry of the base cycle; `title` is where a hostile value goes by default.
VALID = ("- id: zz-hostile\n  call: project\n  category: people\n  title: {title}\n"
         "  entrant: {{name: {name}, type: city, city: Oslo, country: {country}}}\n  submitted: {submitted}\n")


def placements(value: str) -> list[str]:
    """`value` in each place an entries file holds a scalar: a block value, a flow entrant's value,
    a one-line item's value, a flow list's item, a lone mapping's value, a value followed by
    trailing spaces, and the country and submitted date of an otherwise valid entry."""
    fields = {"title": "Fine", "name": "Zed", "country": "NO", "submitted": "2025-06-01"}
    return [
        VALID.format(**{**fields, "title": value}),
        VALID.format(**{**fields, "name": value}),
        VALID.format(**{**fields, "country": value}),
        VALID.format(**{**fields, "submitted": value}),
        f"- {{id: e1, title: {value}, entrant: {{name: {value}, type: city}}}}\n",
        f"- id: e1\n  tags: [a, {value}]\n",
        f"id: e1\ntitle: {value}   \nentrant:\n  name: {value}\n",
    ]


E = "- id: e1\n"  # a list item's first line

# Whole texts: structure, markers, keys, and characters between the lines.
HOSTILE_TEXTS = {
    # documents, directives, markers
    "document-start": "---\n" + E,
    "document-start-after-comment": "# x\n---\n" + E,
    "document-end": E + "...\n",
    "two-documents": E + "---\n- id: e2\n",
    "directive": "%YAML 1.1\n---\n" + E,
    "tag-directive": "%TAG ! tag:x,2025:\n---\n" + E,
    "dots-key": "...: x\n",
    "dots-key-in-item": E + "  ...: x\n",
    "dash-dot-key": "-.: 1\n",
    "dash-key-lone": "-x: 1\n",
    "dash-key-item": "- -x: 1\n",
    # a lone mapping against a list
    "lone-mapping": "id: e1\ntitle: x\n",
    "lone-then-item": "id: e1\n- id: e2\n",
    "item-then-key": E + "title: x\n",
    "lone-indented": "  id: e1\n  title: x\n",
    "list-of-texts": "- e1\n- e2\n",
    "list-in-list": "- - id: e1\n",
    "lone-text": "Forty years\n",
    "lone-flow-mapping": "{id: e1}\n",
    "lone-flow-list": "[{id: e1}]\n",
    # dashes and indentation
    "dash-no-space": "-id: e1\n",
    "dash-alone": "-\n  id: e1\n",
    "dash-wide": "-     id: e1\n      title: x\n",
    "dash-wide-then-narrow": "-   id: e1\n  title: x\n",
    "dash-then-deeper": E + "    title: x\n",
    "dash-then-shallower": E + " title: x\n",
    "indented-dash": "  - id: e1\n",
    "mixed-dash-widths": "- id: e1\n-   id: e2\n    title: x\n-  id: e3\n   title: y\n",
    "nested-same-indent": E + "  entrant:\n  name: x\n",
    "nested-under-dash-column": "- entrant:\n  name: x\n",
    "nested-deeper-then-between": E + "  entrant:\n      name: x\n    type: city\n",
    "nested-back-to-item": E + "  entrant:\n    name: x\n  title: y\n",
    "nested-back-to-nothing": E + "  entrant:\n    name: x\n title: y\n",
    "deep-nesting-ok": "id: e1\n" + "".join(" " * level + f"k{level}:\n" for level in range(MAX_NESTING - 1))
                       + " " * (MAX_NESTING - 1) + "x: 1\n",
    "deep-nesting-over": "id: e1\n" + "".join(" " * level + f"k{level}:\n" for level in range(MAX_NESTING + 2))
                         + " " * (MAX_NESTING + 2) + "x: 1\n",
    "deep-flow": E + "  f: {a: {b: {c: {d: 1}}}}\n",
    "deep-flow-list": E + "  f: [[[[1]]]]\n",
    "empty-value-last": E + "  entrant:\n",
    "empty-value-before-item": E + "  entrant:\n- id: e2\n",
    "empty-value-before-flow-item": E + "  entrant:\n- {id: e2}\n",
    "block-list-value": E + "  tags:\n  - a\n",
    "flow-item-then-key": "- {id: e1}\n  title: x\n",
    "flow-item-then-lone-key": "- {id: e1}\ntitle: x\n",
    # repeated keys: in one mapping, across levels, in flows, across items (legitimate)
    "dup-block": E + "  title: a\n  title: b\n",
    "dup-first-key": E + "  id: e2\n",
    "dup-after-nested": E + "  entrant:\n    id: x\n  id: e2\n",
    "dup-across-levels-ok": E + "  entrant:\n    id: x\n    entrant: y\n",
    "dup-in-nested": E + "  entrant:\n    name: a\n    name: b\n",
    "dup-in-flow-item": "- {id: e1, id: e2}\n",
    "dup-in-flow-entrant": E + "  entrant: {name: a, name: b}\n",
    "dup-in-inner-flow": "- {id: e1, f: {a: 1, a: 2}}\n",
    "dup-lone": "id: e1\n# between\nid: e2\n",
    "dup-flow-then-block": E + "  entrant: {name: a}\n  entrant:\n    name: b\n",
    "dup-across-items-ok": E + "  title: a\n- id: e1\n  title: b\n",
    "dup-spaced-key": E + "  title: a\n  title : b\n",
    "dup-quoted-key": E + "  title: a\n  \"title\": b\n",
    "dup-single-quoted-key": E + "  title: a\n  'title': b\n",
    "dup-lookalike-key": E + "  title: a\n  tіtle: b\n",  # a Cyrillic і: another key (S102), not a duplicate
    "dup-case-key": E + "  title: a\n  Title: b\n",
    # keys: the 1024-character limit, quoted, complex, merge, non-ASCII
    "key-1024-block": E + "  " + "k" * 1024 + ": 7\n",
    "key-1025-block": E + "  " + "k" * 1025 + ": 7\n",
    "key-1024-item": "- " + "k" * 1024 + ": 7\n",
    "key-1025-item": "- " + "k" * 1025 + ": 7\n",
    "key-1024-lone": "k" * 1024 + ": 7\n",
    "key-1025-lone": "k" * 1025 + ": 7\n",
    "key-1024-flow-item": "- {a: 1, " + "k" * 1024 + ": 7}\n",
    "key-1025-flow-item": "- {a: 1, " + "k" * 1025 + ": 7}\n",
    "key-1024-flow-value": E + "  f: {" + "k" * 1024 + ": 7}\n",
    "key-1025-flow-value": E + "  f: {" + "k" * 1025 + ": 7}\n",
    "key-1024-inner-flow": "- {f: {" + "k" * 1024 + ": 7}}\n",
    "key-1025-inner-flow": "- {f: {" + "k" * 1025 + ": 7}}\n",
    "key-1024-opening": E + "  " + "k" * 1024 + ":\n    a: 1\n",
    "key-1025-opening": E + "  " + "k" * 1025 + ":\n    a: 1\n",
    "long-line-flow-item": "- {id: e1, " + ", ".join(f"k{i}: v{i}" for i in range(400)) + "}\n",
    "long-line-block-value": E + "  title: " + "word " * 1000 + "end\n",
    "quoted-key": E + '  "title": x\n',
    "single-quoted-key": E + "  'title': x\n",
    "quoted-key-flow": '- {"id": e1}\n',
    "complex-key": E + "  ? title\n  : x\n",
    "merge-key": E + "  <<: {title: x}\n",
    "non-ascii-key": E + "  tïtle: x\n",
    "null-and-bool-keys": E + "  null: 1\n  true: 2\n  false: 3\n",
    "tilde-key": E + "  ~: 3\n",
    "number-keys": E + "  1: a\n  0x1F: b\n  1:30: c\n",
    "key-no-space": E + "  title:x\n",
    "key-space-before-colon": E + "  title : x\n",
    "key-nbsp-after-colon": E + "  title:\u00a0x\n",
    "key-ideographic-space-after-colon": E + "  title:\u3000x\n",
    # flows: trailing commas, empties, spacing, over two lines, nested quotes and brackets
    "flow-trailing-comma": "- {id: e1, }\n",
    "flow-trailing-comma-tight": "- {id: e1,}\n",
    "flow-double-comma": "- {id: e1,, t: x}\n",
    "flow-leading-comma": "- {, id: e1}\n",
    "list-trailing-comma": E + "  tags: [a, b,]\n",
    "flow-empties": "- {}\n- { }\n" + E + "  f: {}\n  g: []\n  h: { }\n  i: [ ]\n",
    "flow-spacing": "- { id: e1 ,t: x ,  u:  y }\n",
    "flow-over-two-lines": "- {id: e1,\n   t: x}\n",
    "flow-quoted-braces": "- {id: e1, t: \"}, u: {\", v: '], ['}\n",
    "flow-complex-key": "- {a: 1}: {b: 2}\n",
    "flow-then-text": E + "  f: {a: 1} x\n",
    "flow-then-comment": E + "  f: {a: 1} # c\n",
    "flow-comment-inside": E + "  f: {a: 1 # c\n    }\n",
    "flow-item-list": "- [a, b]\n",
    "flow-colon-no-space": "- {id:e1}\n",
    "flow-url": "- {id: e1, url: https://x.org}\n",
    "flow-question": "- {? id: e1}\n",
    "flow-anchor": "- {id: &a e1, t: *a}\n",
    "flow-tag": "- {id: !!str 1}\n",
    # comments: after values, after keys, swallowing, inside texts
    "comment-after-value": E + "  title: Fine # or is it\n",
    "comment-after-quote": E + '  title: "Fine" # c\n',
    "comment-after-key": E + "  entrant: # c\n    name: x\n",
    "comment-no-space": E + "  title: Fine#not a comment\n",
    "comment-lines-anywhere": "# a\n" + E + "# b\n  # c\n  title: x\n        # d\n",
    "comment-with-bom": E + "# \ufeff\n  title: x\n",
    "comment-with-nel": E + "# a\x85  title: swallowed?\n  call: x\n",
    "comment-with-ls": E + "# a\u2028  title: swallowed?\n  call: x\n",
    "comment-with-control": E + "# a\x1b\n  title: x\n",
    "comment-with-bidi": "# \u202e\n" + E,
    "comment-hiding-key": E + "  call: project\n  #category: people\n  title: x\n",
    # texts over several lines and block scalars
    "plain-two-lines": E + "  title: a\n    b\n",
    "plain-two-lines-key-like": E + "  title: a\n    b: c\n",
    "quoted-two-lines": E + '  title: "a\n    b"\n',
    "single-two-lines": E + "  title: 'a\n    b'\n",
    "block-literal": E + "  title: |\n    a\n",
    "block-folded": E + "  title: >-\n    a\n",
    "escaped-line-break": E + '  title: "a\\\n    b"\n',
    # characters between lines: CRLF, CR, tabs, BOMs, separators
    "crlf": "- id: e1\r\n  title: x\r\n",
    "cr-only": "- id: e1\r  title: x\r",
    "crlf-last-line": "- id: e1\n  title: x\r\n",
    "tab-indent": E + "\ttitle: x\n",
    "tab-after-colon": E + "  title:\tx\n",
    "tab-after-dash": "-\tid: e1\n",
    "tab-trailing": E + "  title: x\t\n",
    "bom-first": "\ufeff" + E,
    "bom-mid-file": E + "\ufeff  title: x\n",
    "bom-line-start": E + "\ufeff- id: e2\n",
    "nel-line-break": "- id: e1\x85  title: x\n",
    "ls-line-break": "- id: e1\u2028  title: x\n",
    "ps-line-break": "- id: e1\u2029  title: x\n",
    "form-feed": E + "\x0c\n  title: x\n",
    "vertical-tab": E + "  title: a\x0bb\n",
    "nul": E + "  title: a\x00b\n",
    "del": E + "  title: a\x7fb\n",
    "c1-control": E + "  title: a\x9bb\n",
    "surrogate-free-astral": E + "  title: \U0001f600 \U0010fffd\n",
    "noncharacter": E + "  title: a\ufffeb\n",
    "private-use": E + "  title: a\ue000b\n",
    "zero-width-everywhere": E + "  title: \u200b\u200c\u200d\u2060\n  entrant: {name: \u200b}\n",
    "bidi-everywhere": E + "  title: \u202e\u2066x\u2069\u202c\n  entrant: {name: \u202eab}\n  tags: [\u202ea]\n",
    "nbsp-indent": E + "\u00a0 title: x\n",
    "ideographic-indent": E + "\u3000title: x\n",
    "no-final-newline": E + "  title: x",
    "only-spaces-last": E + "  title: x\n   ",
    "blank-lines-many": "\n\n\n" + E + "\n\n  title: x\n\n\n",
    "empty": "",
    "only-comments": "# a\n# b\n",
    "only-newlines": "\n\n",
}

# Texts the scanner must accept (so that the contract is tested where the scanner answers): the
# common shapes with hostile but harmless content.
MUST_ACCEPT = {
    "dots-key", "dots-key-in-item", "dash-dot-key", "dash-key-lone", "dash-key-item", "lone-mapping", "dash-wide", "mixed-dash-widths",
    "nested-back-to-item", "deep-nesting-ok", "dup-across-levels-ok", "dup-across-items-ok",
    "dup-case-key", "key-1024-block", "key-1024-item", "key-1024-lone", "key-1024-flow-item", "key-1024-flow-value",
    "key-1024-inner-flow", "key-1024-opening", "long-line-flow-item", "long-line-block-value", "null-and-bool-keys",
    "flow-empties", "flow-spacing", "flow-quoted-braces", "comment-no-space", "comment-lines-anywhere",
    "comment-with-bom", "comment-with-bidi", "comment-hiding-key", "surrogate-free-astral", "private-use",
    "zero-width-everywhere", "bidi-everywhere", "no-final-newline", "only-spaces-last", "blank-lines-many",
}
# Texts the scanner must decline: the full path reports a problem, or reads them in a way the
# scanner does not (a comment, a duplicate, a marker, a character libyaml refuses or breaks at).
MUST_DECLINE = {
    "document-start", "document-end", "two-documents", "directive", "dup-block", "dup-first-key",
    "dup-after-nested", "dup-in-nested", "dup-in-flow-item", "dup-in-flow-entrant", "dup-in-inner-flow", "dup-lone",
    "dup-flow-then-block", "dup-spaced-key", "dup-quoted-key", "key-1025-block", "key-1025-item", "key-1025-lone",
    "key-1025-flow-item", "key-1025-flow-value", "key-1025-inner-flow", "key-1025-opening", "deep-nesting-over",
    "empty-value-last", "empty-value-before-item", "empty-value-before-flow-item", "comment-after-value",
    "comment-after-quote", "comment-with-nel", "comment-with-ls", "comment-with-control", "plain-two-lines",
    "plain-two-lines-key-like", "crlf", "cr-only", "tab-indent", "bom-mid-file", "nel-line-break", "ls-line-break",
    "ps-line-break", "nul", "del", "c1-control", "noncharacter", "flow-trailing-comma", "empty", "only-comments",
}


def _hostile_params() -> list[Any]:
    params = [pytest.param(text, id=name) for name, text in HOSTILE_TEXTS.items()]
    for n, value in enumerate(HOSTILE_VALUES):
        for m, text in enumerate(placements(value)):
            params.append(pytest.param(text, id=f"value{n}-{m}"))
    return params


@pytest.mark.parametrize("text", _hostile_params())
def test_hostile_text_keeps_the_contract(text: str) -> None:
    holds(text)


@pytest.mark.parametrize("name", sorted(MUST_ACCEPT | MUST_DECLINE))
def test_hostile_text_outcome(name: str) -> None:
    assert holds(HOSTILE_TEXTS[name]) is (name in MUST_ACCEPT)


def test_hostile_values_reach_both_outcomes() -> None:
    """The value table is no table of declines only: many of its placements are accepted."""
    texts = [text for value in HOSTILE_VALUES for text in placements(value)]
    accepted = sum(holds(text) for text in texts)
    assert 0.25 * len(texts) < accepted < 0.75 * len(texts), f"{accepted} of {len(texts)} accepted"


# ------------------------------------------------------------------------------ single edits

# Accepted texts in each common shape, with every kind of value the scanner reads.
SEEDS = [
    '- id: e1\n  call: project\n  title: "A b"\n  entrant: {name: \'X y\', type: city}\n  tags: [a, "b"]\n',
    "- id: e1\n  entrant:\n    name: x\n    sub:\n      k: v\n  call: p\n- id: e2\n",
    "- {id: e1, call: p, entrant: {name: x, t: 1}, g: [1, 2], s: \"q\"}\n- {id: e2}\n",
    "id: e1\ntitle: a b c\nentrant:\n  name: x\nurl: http://a.b/c#d\n",
    "-   id: e1\n    t: 'a''b'\n    u: \"c\\\\d\\\"e\"\n",
    "# c\n- id: e1\n\n  x: 1.5\n  y: -2\n  z: true\n  w: 0777\n  v: null\n",
    "- id: e1\n  t: Très — 서울 😀\n  u: {a: \u3000, b: x\u00a0y}\n",
]
# What an edit puts in: single hostile characters, and fragments that change a line's structure.
EDIT_CHARS = [
    *":#-{}[],'\"\\ \t\r&*!?|>%@`~=.+()$/_0aZ<;^", "\u00a0", "\u3000", "\x85", "\u2028", "\u2029", "\ufeff",
    "\u200b", "\u202e", "é", "😀", "\x00", "\x1b", "\x7f", "\x9b", "\ufffe", "\n", "\n  ", "\n- ", "\n#", ": ", " #",
    "- ", "\n    ", "\n   ", "---", "...", "k" * 1020,
]


def _single_edits(seed: str) -> list[str]:
    texts = []
    for at in range(len(seed) + 1):
        texts.append(seed[:at] + seed[at + 1:])
        for piece in EDIT_CHARS:
            texts += [seed[:at] + piece + seed[at:], seed[:at] + piece + seed[at + 1:]]
    return texts


@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed{n}" for n in range(len(SEEDS))])
def test_every_single_edit_keeps_the_contract(seed: str) -> None:
    assert holds(seed)
    texts = set(_single_edits(seed))
    accepted = sum(holds(text) for text in texts)
    assert accepted > 0.1 * len(texts), f"{accepted} of {len(texts)} edits accepted"


# ------------------------------------------------------------------------------ hypothesis

def edited_text(pick: Picker) -> str:
    """An accepted text with one to four edits (from hypothesis: shrinks towards fewer, simpler edits)."""
    text = pick.choice(SEEDS)
    for _ in range(pick.integer(1, 4)):
        at = pick.integer(0, len(text))
        kind = pick.choice(["insert", "replace", "delete"])
        piece = "" if kind == "delete" else pick.choice(EDIT_CHARS)
        text = text[:at] + piece + text[at + (kind != "insert"):]
    return text


_KEYS = ["id", "call", "title", "entrant", "name", "x", "-x", ".x", "1", "null", "true", "...", "a.b", "k" * 1024,
         "k" * 1025, '"id"', "? k", "<<", "é", "-"]
_VALUES = [*HOSTILE_VALUES, "x", "a b", "7", '"q"', "'s'", "{a: 1, b: [c, d]}", "[a, \"b, c\"]", "{}"]
_COMMON_VALUES = ["x", "a b", "7", '"q"', "'s'", "{a: 1, b: [c, d]}", "[a, \"b, c\"]", "{}", "NO", "2025-06-01"]


def _value(pick: Picker) -> str:
    return pick.choice(_VALUES if pick.integer(0, 3) == 0 else _COMMON_VALUES)


def built_text(pick: Picker) -> str:
    """An entries text built line by line: list items (block or flow), keys at the open mappings'
    indents (or off by one or two), keys opening nested mappings, comments, markers, blank lines."""
    lone = pick.integer(0, 3) == 0
    indents = [0]
    lines = []
    for _ in range(pick.integer(1, 10)):
        kind = pick.choice(["key", "key", "key", "key", "open", "item", "item", "flow-item", "other"])
        key = pick.choice(_KEYS[:9] if pick.integer(0, 3) else _KEYS)
        colon = pick.choice([": ", ": ", ": ", ":  ", ":"])
        trail = pick.choice(["", "", "", " ", "  "])
        if kind in ("item", "flow-item") and not lone:
            dash = pick.choice(["- ", "- ", "-  ", "-   "])
            if kind == "item":
                lines.append(f"{dash}{key}{colon}{_value(pick)}{trail}")
                indents = [len(dash)]
            else:
                pairs = [f"{pick.choice(_KEYS[:8])}: {_value(pick)}" for _ in range(pick.integer(0, 3))]
                lines.append(dash + "{" + pick.choice([", ", ",", " , "]).join(pairs) + "}" + trail)
                indents = [0]
        elif kind == "other":
            lines.append(pick.choice(["", " ", "#", "  # c", "# \ufeff", "---", "...", "- ", "-", "%YAML 1.1"]))
        else:
            if len(indents) > 1 and pick.integer(0, 3) == 0:
                indents.pop()
            indent = max(0, indents[-1] + pick.choice([0, 0, 0, 0, 0, 0, 0, 1, -1, 2, -2]))
            if kind == "open":
                lines.append(" " * indent + f"{key}:{trail}")
                indents.append(indent + pick.choice([1, 2, 2, 3]))
            else:
                lines.append(" " * indent + f"{key}{colon}{_value(pick)}{trail}")
    return "\n".join(lines) + pick.choice(["\n", "\n", "", "\n\n"])


@st.composite
def edited(draw: Callable[[st.SearchStrategy[Any]], Any]) -> str:
    return edited_text(Picker(draw))


@st.composite
def built(draw: Callable[[st.SearchStrategy[Any]], Any]) -> str:
    return built_text(Picker(draw))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_edited_texts_keep_the_contract(text: str) -> None:
    event("scanner: accepted" if holds(text) else "scanner: declined")


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(built())
def test_built_texts_keep_the_contract(text: str) -> None:
    event("scanner: accepted" if holds(text) else "scanner: declined")


@pytest.mark.parametrize("make", [edited_text, built_text], ids=["edited", "built"])
def test_generators_reach_both_outcomes(make: Callable[[Picker], str]) -> None:
    """The same generators from seeded Randoms: the contract on each text, and a count proving that
    both outcomes occur often (a property that only sees None proves nothing)."""
    accepted = sum(holds(make(Picker(seed=seed))) for seed in range(GENERATED))
    assert 0.05 * GENERATED < accepted < 0.95 * GENERATED, f"{accepted} of {GENERATED} accepted"


# ------------------------------------------------------------------------------ the whole command

def _validate_both(root: Path, monkeypatch: pytest.MonkeyPatch, *formats: str) -> None:
    """`validate` prints the same and exits the same with the scanners off and on (no cache: the
    second run would read the first one's records)."""
    monkeypatch.setattr(load, "PARALLEL", False)
    for fmt in formats:
        outputs = []
        for fast in (False, True):
            monkeypatch.setattr(load, "FAST_PATHS", fast)
            result = run("validate", root, "--no-cache", "--format", fmt)
            outputs.append((result.exit_code, result.output))
        assert outputs[0] == outputs[1], f"--format {fmt}: FAST_PATHS off {outputs[0]!r}\n on {outputs[1]!r}"


def _command_params() -> list[Any]:
    """Each hostile text, and each hostile value in one of its placements (taken in turn)."""
    params = [pytest.param(text, id=name) for name, text in HOSTILE_TEXTS.items()]
    for n, value in enumerate(HOSTILE_VALUES):
        options = placements(value)
        params.append(pytest.param(options[n % len(options)], id=f"value{n}"))
    return params


@pytest.fixture(scope="module")
def base_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "cycle"
    shutil.copytree(BASE, root)
    return root


@pytest.mark.parametrize("text", _command_params())
def test_validate_same_with_and_without_the_scanner(text: str, base_root: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (base_root / "entries" / "hostile.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    monkeypatch.chdir(tmp_path)
    _validate_both(base_root, monkeypatch, "text", *(("json",) if parse_entries(text) is not None else ()))


def test_validate_valid_hostile_entry_same_and_ranked(base_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid entry with hostile-looking but harmless texts is accepted by the scanner, and the
    cycle validates and ranks the same on both paths."""
    text = VALID.format(title="'It''s: #1 — \u3000 \"best\"'", name='"Zed, \\"the\\" one"', country="NO", submitted="2025-06-01")
    assert holds(text)
    (base_root / "entries" / "hostile.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _validate_both(base_root, monkeypatch, "text", "json")
    outputs = []
    for fast in (False, True):
        monkeypatch.setattr(load, "FAST_PATHS", fast)
        outputs.append(run("rank", base_root, "--no-cache", "--format", "json").output)
    assert outputs[0] == outputs[1]


# ------------------------------------------------------------------------------ time

N = 100_000  # repetitions: each text below is 0.2 to 0.6 MB

# Texts that make a backtracking pattern work hard: long runs that nearly match and fail at the end.
SLOW_CANDIDATES = {
    "words-then-colon": E + "  t: " + "a " * N + ":\n",
    "words-then-hash": E + "  t: " + "a " * N + "#x\n",
    "colons": E + "  t: " + "a:" * N + "\n",
    "colon-words-then-colon-space": E + "  t: " + "a:b " * N + ": \n",
    "spaced-words-then-hash": E + "  t: " + "a   " * N + "#\n",
    "flow-words-then-trailing-comma": "- {a: " + "b " * N + ",}\n",
    "flow-pairs-trailing-comma": "- {" + "a: b, " * N + "}\n",
    "flow-pairs-bad-end": "- {" + "a: b, " * N + "c}\n",
    "flow-inner-trailing-comma": E + "  t: {" + "a: {b: c}, " * N + "}\n",
    "flow-closing-braces": "- {" + "}" * N + "x\n",
    "list-spaced-items": E + "  t: [" + "a  ," * N + " ]\n",
    "escapes-unclosed": E + '  t: "' + "\\\\" * N + "\n",
    "quotes-unclosed": E + "  t: '" + "''" * N + "\n",
    "spaces-then-text": " " * N + "x\n",
    "dash-spaces-then-text": "-" + " " * N + "x\n",
    "long-key-no-colon": "k" * N + "\n",
    "many-lines": E + "".join(f"  k{i}: v\n" for i in range(N // 4)),
    "many-items": "- {id: e1}\n" * (N // 4),
}


@pytest.mark.parametrize("name", list(SLOW_CANDIDATES))
def test_scanner_time_is_linear(name: str) -> None:
    """Each text is answered in well under a second on any machine (a quadratic pattern would take
    hours on these sizes; the bound leaves room for a loaded machine)."""
    text = SLOW_CANDIDATES[name]
    start = time.perf_counter()
    parse_entries(text)
    assert time.perf_counter() - start < 5.0
