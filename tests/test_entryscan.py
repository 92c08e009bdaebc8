"""The entries scanner (smartaward/reading/entryscan.py) against the full YAML path (source.py).

The contract, as for the score sheets' scanner (tests/test_fastpath.py): whenever
`parse_entries(text)` returns data, `parse_text(text, file)` returns the same data (types and key
order included) and no problem. Checked here four ways:

1. a property over generated entries files — a block list of mappings, a lone mapping, one flow
   mapping per item, or a mix; values with quotes, escapes, colons, '#', unicode, numbers and dates
   written as text, URLs; entrants as block or flow mappings; keys missing, unknown or repeated —
   perturbed by fastpath's mutations and some of entries' own (indentation, a key left empty, a
   block list, a text over two lines, a dash alone). A seeded loop of the same generator proves
   that both outcomes (declined, accepted) occur often;
2. a table of hand-written texts with the expected outcome: what must be accepted, and what must
   fall back (comments after values, anchors, tags, texts over several lines, block scalars, odd
   indentation, tabs, duplicate keys, empty values, long keys ...);
3. every entries file of the sample cycles, which the scanner must accept (it must serve real files);
4. whole cycles (every invalid case, the base cycle, the Seoul samples, and generated entries files
   in the base cycle) loaded and checked with `load.FAST_PATHS` on and off: the same diagnostics
   (file, line, column, code, message) and the same rankings; and a worker process (parallel.py)
   reads an entries file as the serial path does.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from test_fastpath import MUTATIONS, TRICKY, Picker, typed
from test_invalid_cases import BASE, _build, _case_dirs, _load_case

from smartaward.awards.results import compute
from smartaward.checks.run import run_checks
from smartaward.diagnostics import has_errors
from smartaward.publishing.data import rank_document
from smartaward.reading import entryscan, load, parallel
from smartaward.reading.entryscan import MAX_NESTING, parse_entries
from smartaward.reading.source import decode, parse_text

CYCLES = Path(__file__).resolve().parent.parent / "cycles"


# ------------------------------------------------------------------------------ the contract

def holds(text: str) -> bool:
    """Assert the contract on `text`; True if the scanner accepted it (returned data)."""
    fast = parse_entries(text)
    if fast is None:
        return False
    doc, problems = parse_text(text, "x.yaml")
    assert problems == [], f"the scanner accepted {text!r}, the full path reports {problems}"
    assert typed(fast) == typed(doc.data), f"{text!r}: scanner {fast!r} != full {doc.data!r}"
    return True


# ------------------------------------------------------------------------------ the generator

# Values as entries write them, and at the edges of the subset: quotes and escapes, colons and '#',
# unicode, numbers and dates as text, URLs (the scalar rules' edges come from fastpath's TRICKY).
VALUES = [
    "project", "people", "oslo-bikes", "e000001", "City0", "KR", "NO", "PH", "2025-06-01", "2025-6-1", "7", "8.5", "-1",
    "true", "null", "~", "0777", "1e999", "1:30", "12:00:00",
    "City bikes for all", "Project 0", '"Project 0"', "'It''s fine'", '""', "''", '"8"', "'2025-06-01'", '"NO"',
    '"Oslo: city bikes"', '"a # b"', '"say \\"hi\\""', '"back\\\\slash"', '"tab\\there"', '"\\u00e9"', '"a\\', '"a\\"',
    "https://example.org/oslo-bikes", "https://example.org/a#top", "http://x.y:8080/p?q=1&r=2", "mailto:info@example.org",
    "a:b", "a: b", "a:", "a #b", "a#b", "a :b", "#a", "a ,b", "a,b", "a, b", "a [b] {c}", "(a) b", "$5", "/x y",
    "Très bien", "서울 시청", "Uğur İbrahim", "a — b", "😀 ok", '"«Zürich»"', "naïve", "a\xa0b", "a\u3000b",
    "{}", "[]", "{a: 1}", "[a, b]", "[a, [b]]", "{a: {b: 1}}", "&a x", "*a", "!!str 1", "!include x", "|", ">", "- x",
    *TRICKY,
]
# What entries files mostly hold: values the scanner reads (most values of a generated file are these).
COMMON = ["project", "people", "oslo-bikes", "e000001", "KR", "NO", "2025-06-01", "7", "8.5", "City bikes for all",
          '"Project 0"', '"Oslo: city bikes"', "'It''s fine'", '"say \\"hi\\""', "https://example.org/a#top", "Très bien — 서울",
          '""', "null", "true", "0777", "1:30", "a#b", "{}", "[a, b]"]
ENTRANT_KEYS = ["name", "type", "city", "country", "id"]
ENTRANT_VALUES = ["Airco Ltd", '"Entrant 1"', "company", "city", "Seoul", "KR", "NO", "airco", '"Oslo, Norway"', "Zürich"]
KEYS = ["id", "call", "category", "title", "entrant", "submitted", "summary", "url", "contact", "tags", "factors", "website"]
_LIST_ITEMS = ["mobility", "health", '"a, b"', "'x'", "7", "NO", "a b", "é", "{}", "[]", "a: b"]


def _entrant(pick: Picker, indent: str) -> list[str] | str:
    """An entrant: a flow mapping on the key's line (a str), or a block mapping's lines."""
    keys = [key for key in ENTRANT_KEYS if pick.integer(0, 4)]
    pairs = [(key, pick.choice(ENTRANT_VALUES if pick.integer(0, 15) else VALUES)) for key in keys]
    if pick.integer(0, 2):
        return "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
    inner = indent + pick.choice(["  ", "  ", " ", "    "])
    return [f"{inner}{key}: {value}" for key, value in pairs]


def _value(pick: Picker, key: str) -> str:
    if key == "tags":
        return "[" + ", ".join(pick.choice(_LIST_ITEMS[:8] if pick.integer(0, 7) else _LIST_ITEMS) for _ in range(pick.integer(0, 3))) + "]"
    if key == "factors":
        return pick.choice(["{dive1: 3.2}", "{dive1: 3.2, dive2: 3.0}", "{final: {dive1: 3.2, dive2: 3.0}}", "{final: [1, 2]}", "{}",
                            "{a: {b: {c: 1}}}"][:5 if pick.integer(0, 3) else 6])
    if key == "submitted" and pick.integer(0, 1):
        return pick.choice(["2025-06-01", "2025-06-31", "'2025-06-01'", "2025-6-1", "June 1"])
    return pick.choice(COMMON if pick.integer(0, 15) else VALUES)


def _entry_lines(pick: Picker, first: str, rest: str) -> list[str]:
    """One entry as block lines: its first key after `first` (a dash and spaces, or nothing), the
    others after `rest` (the indent of its keys)."""
    keys = [key for key in KEYS if pick.integer(0, 5) or key == "id"]
    if pick.integer(0, 5) == 0:
        keys.insert(pick.integer(0, len(keys)), pick.choice(keys))  # a repeated key
    lines = []
    for key in keys:
        lead = rest if lines else first
        if key == "entrant":
            entrant = _entrant(pick, rest)
            lines += [f"{lead}entrant: {entrant}"] if isinstance(entrant, str) else [f"{lead}entrant:", *entrant]
        else:
            lines.append(f"{lead}{key}: {_value(pick, key)}")
    return lines


def _flow_item(pick: Picker) -> str:
    keys = [key for key in KEYS if pick.integer(0, 5) or key == "id"]
    parts = []
    for key in keys:
        value = _entrant(pick, "") if key == "entrant" else _value(pick, key)
        parts.append(f"{key}: {value if isinstance(value, str) else '{name: x, type: city}'}")
    return "- {" + pick.choice([", ", ",", " , "]).join(parts) + "}"


def _base_lines(pick: Picker) -> list[str]:
    """A realistic entries file, as lines without their ends."""
    style = pick.choice(["block", "block", "lone", "flow", "mixed"])
    if style == "lone":
        lines = _entry_lines(pick, "", "")
    else:
        dash = pick.choice(["- ", "- ", "-  ", "-   "])
        lines = []
        for _ in range(pick.integer(1, 3)):
            flow = style == "flow" or (style == "mixed" and pick.integer(0, 1))
            lines += [_flow_item(pick)] if flow else _entry_lines(pick, dash, " " * len(dash))
    if pick.integer(0, 3) == 0:
        lines.insert(0, "# " + pick.choice(["Generated by generate.py — illustrative data", "entries", "서울", "a: b"]))
    return lines


# Entries' own mutations (fastpath's cover tokens, comments, markers, CR, tabs, characters ...).

def _m_reindent(lines: list[str], pick: Picker) -> None:
    """A line's indentation changed by a space or two, or a deeper line moved out."""
    i = pick.index(lines)
    lines[i] = " " * max(0, len(lines[i]) - len(lines[i].lstrip(" ")) + pick.choice([-2, -1, 1, 2])) + lines[i].lstrip(" ")


def _m_empty_value(lines: list[str], pick: Picker) -> None:
    """A key left without a value (a null), at the end or before other keys."""
    i = pick.index(lines)
    lines[i] = re.sub(r":( .*)?$", ":", lines[i]) if ":" in lines[i] else lines[i]


def _m_block_list(lines: list[str], pick: Picker) -> None:
    """A block list under a key (tags written one per line)."""
    i = pick.integer(0, len(lines))
    lead = " " * (len(lines[i - 1]) - len(lines[i - 1].lstrip(" -"))) if i and lines else ""
    lines[i:i] = [f"{lead}tags:", f"{lead}{pick.choice(['', '  '])}- mobility", f"{lead}{pick.choice(['', '  '])}- health"]


def _m_two_lines(lines: list[str], pick: Picker) -> None:
    """A value continued on the next line (a plain or quoted text over two lines)."""
    i = pick.index(lines)
    if ": " in lines[i]:
        lines.insert(i + 1, " " * pick.integer(0, 6) + pick.choice(["more words", '"', "and: more", "# not a comment?"]))


def _m_dash_alone(lines: list[str], pick: Picker) -> None:
    i = pick.index(lines)
    if lines[i].startswith("- "):
        lines[i:i + 1] = [pick.choice(["-", "- ", "-   "]), "  " + lines[i][2:]]


def _m_nest_deep(lines: list[str], pick: Picker) -> None:
    """Block mappings nested around MAX_NESTING levels."""
    depth = pick.choice([MAX_NESTING - 2, MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1])
    lines += [" " * level + f"k{level}:" for level in range(depth)] + [" " * depth + "leaf: 1"]


ENTRY_MUTATIONS = [*MUTATIONS, _m_reindent, _m_empty_value, _m_block_list, _m_two_lines, _m_dash_alone, _m_nest_deep]


def entries_text(pick: Picker) -> str:
    lines = _base_lines(pick)
    for _ in range(pick.choice([0, 0, 0, 1, 1, 2, 3])):
        if not lines:
            break
        pick.choice(ENTRY_MUTATIONS)(lines, pick)
    return "\n".join(lines) + pick.choice(["\n", "\n", ""])


@st.composite
def entries_files(draw: Callable[[st.SearchStrategy[Any]], Any]) -> str:
    return entries_text(Picker(draw))


BLOCK = ("- id: seoul-air\n  call: project\n  category: people\n  title: \"Clean air sensors\"\n"
         "  entrant: {name: \"Airco Ltd\", type: company, city: Seoul, country: KR}\n  submitted: 2025-06-02\n")
LONE = ("id: oslo-bikes\ncall: project\ncategory: people\ntitle: City bikes for all\nentrant:\n  name: \"City of Oslo\"\n"
        "  type: city\n  country: NO\nsubmitted: 2025-06-01\n")
FLOW = ("- {id: e000001, call: project, category: people, title: \"Project 1\", entrant: {name: \"Entrant 1\", type: city, "
        "city: City1, country: NO}, submitted: 2025-06-01}\n")


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries_files())
@example(BLOCK)
@example(LONE)
@example(FLOW)
@example("- id: e1\n  url: https://example.org/a#b\n  title: \"say \\\"hi\\\"\"\n")
def test_scanner_agrees_with_full_path(text: str) -> None:
    event("scanner: accepted" if holds(text) else "scanner: declined")


GENERATED = 3000


def test_generator_reaches_both_outcomes() -> None:
    """The same generator from seeded Randoms: the contract on each text, and a count proving that
    the property sees plenty of both outcomes (a property that only sees None proves nothing)."""
    accepted = sum(holds(entries_text(Picker(seed=seed))) for seed in range(GENERATED))
    # About 20% are accepted (the hypothesis run above reports its own share as events).
    assert accepted > 0.15 * GENERATED and GENERATED - accepted > 0.2 * GENERATED, f"{accepted} of {GENERATED} accepted"


# ------------------------------------------------------------------------------ items written alike

def alike_text(pick: Picker) -> str:
    """A list of items written alike — the same keys in the same order, each value on its key's line,
    the entrant a flow mapping of the same keys — with values from both pools, then perhaps mutated:
    what entryscan's same-shape path reads item by item after the first."""
    keys = [key for key in KEYS if (pick.integer(0, 3) and key not in ("tags", "factors")) or key == "id"]
    inner = [key for key in ENTRANT_KEYS if pick.integer(0, 3)] or ["name"]
    dash = pick.choice(["- ", "- ", "-  "])
    lines = []
    for _ in range(pick.integer(2, 5)):
        for n, key in enumerate(keys):
            if key == "entrant":
                pairs = [f"{name}: {pick.choice(ENTRANT_VALUES if pick.integer(0, 15) else VALUES)}" for name in inner]
                value = "{" + pick.choice(["", " "]) + pick.choice([", ", ",", " , "]).join(pairs) + pick.choice(["", " "]) + "}"
            else:
                value = pick.choice(COMMON[:12] if pick.integer(0, 7) else VALUES)
            lines.append(f"{dash if n == 0 else ' ' * len(dash)}{key}:{pick.choice([' ', ' ', '  '])}{value}{pick.choice(['', '', ' '])}")
    for _ in range(pick.choice([0, 0, 1, 2])):
        pick.choice(ENTRY_MUTATIONS)(lines, pick)
    return "\n".join(lines) + pick.choice(["\n", "\n", ""])


def both_ways(text: str) -> Any:
    """The contract, and the same data (or the same refusal) with the same-shape path off."""
    holds(text)
    fast = parse_entries(text)
    entryscan.SAME_SHAPE = False
    try:
        general = parse_entries(text)
    finally:
        entryscan.SAME_SHAPE = True
    assert (fast is None) == (general is None) and typed(fast) == typed(general), text
    return fast


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.composite(lambda draw: alike_text(Picker(draw)))())
@example(BLOCK + BLOCK.replace("seoul-air", "oslo-bus"))
@example(BLOCK + BLOCK + "  extra: 1\n" + BLOCK)
@example(BLOCK + BLOCK + "# a comment\n" + BLOCK)
def test_items_written_alike_read_as_the_general_way(text: str) -> None:
    event("read" if both_ways(text) is not None else "declined")


def test_items_written_alike_take_the_same_shape_path() -> None:
    """Seeded: every text agrees both ways, and most are read item by item (a property that never
    takes the path proves nothing of it)."""
    taken = 0
    for seed in range(1500):
        text = alike_text(Picker(seed=seed))
        if both_ways(text) is not None and entryscan._same_shape(text) is not None:
            taken += 1
    assert taken > 250, taken  # (325 of these seeds)


# ------------------------------------------------------------------------------ hand-written texts

ACCEPT, DECLINE = True, False
E = "- id: e1\n"  # a list item's first line

TABLE = {
    # accepted: the common shapes, and what the subset allows around them
    "block-list": (BLOCK, ACCEPT),
    "lone-mapping-block-entrant": (LONE, ACCEPT),
    "flow-items": (FLOW * 3, ACCEPT),
    "mixed-items": (BLOCK + FLOW, ACCEPT),
    "no-final-newline": (E + "  call: project", ACCEPT),
    "comments-and-blanks": ("# head — 서울\n\n" + E + "  # between\n\n  call: project\n      # deep\n#\n", ACCEPT),
    "dash-with-more-spaces": ("-   id: e1\n    call: project\n", ACCEPT),
    "entrant-indented-four": (E + "  entrant:\n      name: x\n      type: city\n  call: project\n", ACCEPT),
    "nested-then-next-item": (E + "  entrant:\n    name: x\n- id: e2\n", ACCEPT),
    "trailing-spaces": (E + "  call: project   \n  entrant:  \n    name: x \n", ACCEPT),
    "plain-texts": (E + "  title: City bikes, for all (2025) [pilot] {v2}\n  summary: it's \"fine\" - really?\n", ACCEPT),
    "url-with-colon-and-hash": (E + "  url: https://example.org:8080/a?b=c#top\n  contact: mailto:x@example.org\n", ACCEPT),
    "times-stay-texts": (E + "  submitted: 12:30\n  call: 1:30\n", ACCEPT),
    "double-quoted-escapes": (E + '  title: "say \\"hi\\" to C:\\\\"\n', ACCEPT),
    "single-quoted": (E + "  title: 'It''s: # fine'\n  call: ''\n", ACCEPT),
    "quoted-in-flow": (E + '  entrant: {name: "Oslo, Norway: {city}", city: \'It\'\'s\', type: city}\n', ACCEPT),
    "numbers-bools-nulls-dates": (E + "  a: 7\n  b: -1.5e3\n  c: true\n  d: null\n  f: 2025-06-01\n  g: 0777\n  h: NO\n", ACCEPT),
    "keys-stay-strings": (E + "  null: 1\n  true: 2\n  0777: 3\n  -x: 4\n", ACCEPT),
    "flow-list-and-empties": (E + "  tags: [mobility, \"a, b\", 7]\n  factors: {}\n  x: [ ]\n  y: { }\n", ACCEPT),
    "nested-flow": (E + "  factors: {final: {dive1: 3.2, dive2: 3.0}, semi: [1, 2]}\n", ACCEPT),
    "flow-item-nested": ("- {id: e1, factors: {dive1: 3.2}, tags: [a, b]}\n", ACCEPT),
    "non-ascii-texts": (E + "  title: Très bien — 서울 😀\n  entrant: {name: Uğur İbrahim, city: \"Zürich\"}\n", ACCEPT),
    "key-of-1024": (E + "  " + "k" * 1024 + ": 7\n", ACCEPT),
    "bidi-override-in-title": (E + "  title: a\u202eb\n", ACCEPT),  # the model refuses it (S105), on both paths
    # declined: everything else goes to the full path
    "empty-text": ("", DECLINE),
    "comments-only": ("# nothing\n\n", DECLINE),
    "comment-after-value": (E + "  call: project # the main call\n", DECLINE),
    "comment-after-key": (E + "  entrant: # who\n    name: x\n", DECLINE),
    "anchor": (E + "  call: &c project\n", DECLINE),
    "alias": (E + "  call: &c project\n- id: e2\n  call: *c\n", DECLINE),
    "tag": (E + "  title: !!str 7\n", DECLINE),
    "include-tag": (E + "  summary: !include oslo.md\n", DECLINE),
    "multi-line-plain": (E + "  title: City bikes\n    for all\n", DECLINE),
    "multi-line-quoted": (E + "  title: \"City bikes\n    for all\"\n", DECLINE),
    "block-scalar": (E + "  summary: |\n    Two\n    lines\n", DECLINE),
    "folded-scalar": (E + "  summary: >-\n    folded\n", DECLINE),
    "other-escape": (E + '  title: "a\\tb"\n', DECLINE),
    "unicode-escape": (E + '  title: "caf\\u00e9"\n', DECLINE),
    "odd-indent": (E + "  call: project\n   category: people\n", DECLINE),
    "less-indent": (E + " call: project\n", DECLINE),
    "nested-not-deeper": (E + "  entrant:\n  name: x\n", DECLINE),
    "nested-uneven": (E + "  entrant:\n    name: x\n     type: city\n", DECLINE),
    "indented-list": ("  - id: e1\n", DECLINE),
    "tab-indent": (E + "\tcall: project\n", DECLINE),
    "tab-in-value": (E + "  title: a\tb\n", DECLINE),
    "crlf": ("- id: e1\r\n  call: project\r\n", DECLINE),
    "duplicate-key": (E + "  call: project\n  call: honours\n", DECLINE),
    "duplicate-key-nested": (E + "  entrant:\n    name: x\n    name: y\n", DECLINE),
    "duplicate-key-in-flow": (E + "  entrant: {name: x, name: y}\n", DECLINE),
    "duplicate-key-lone": ("id: e1\nid: e2\n", DECLINE),
    "empty-value-last": (E + "  call:\n", DECLINE),
    "empty-value-middle": (E + "  call:\n  category: people\n", DECLINE),
    "empty-value-before-item": (E + "  entrant:\n- id: e2\n", DECLINE),
    "empty-value-in-flow": ("- {id: e1, call: }\n", DECLINE),
    "key-of-1025": (E + "  " + "k" * 1025 + ": 7\n", DECLINE),
    "flow-key-of-1025": (E + "  entrant: {" + "k" * 1025 + ": 7}\n", DECLINE),
    "document-start": ("---\n" + E, DECLINE),
    "document-end": (E + "...\n", DECLINE),
    "directive": ("%YAML 1.1\n---\n" + E, DECLINE),
    "dash-alone": ("-\n  id: e1\n", DECLINE),
    "list-of-texts": ("- e1\n- e2\n", DECLINE),
    "list-in-list": ("- - id: e1\n", DECLINE),
    "lone-text": ("Forty years of community radio\n", DECLINE),
    "block-list-value": (E + "  tags:\n    - a\n", DECLINE),
    "block-list-same-indent": ("id: e1\ntags:\n- a\n", DECLINE),
    "key-after-list": (E + "call: project\n", DECLINE),
    "item-after-mapping": ("id: e1\n- id: e2\n", DECLINE),
    "flow-over-two-lines": ("- {id: e1,\n   call: project}\n", DECLINE),
    "flow-trailing-comma": ("- {id: e1, }\n", DECLINE),
    "flow-too-deep": (E + "  factors: {a: {b: {c: 1}}}\n", DECLINE),
    "flow-item-too-deep": ("- {id: e1, factors: {final: {dive1: 3.2}}}\n", DECLINE),
    "flow-list-of-lists": (E + "  tags: [[a], b]\n", DECLINE),
    "flow-plain-with-colon": ("- {id: e1, url: https://x.org}\n", DECLINE),
    "colon-space-in-plain": (E + "  title: Oslo: bikes\n", DECLINE),
    "no-space-after-colon": (E + "  call:project\n", DECLINE),
    "complex-key": (E + "  ? x\n  : 1\n", DECLINE),
    "quoted-key": (E + '  "call": project\n', DECLINE),
    "merge-key": (E + "  <<: {a: 1}\n", DECLINE),
    "text-after-quote": (E + '  title: "a" b\n', DECLINE),
    "nel-in-value": (E + "  title: a\x85b\n", DECLINE),
    "control-in-quotes": (E + '  title: "a\x1bb"\n', DECLINE),
    "bom-in-value": (E + "  title: a\ufeffb\n", DECLINE),
    "non-ascii-key": (E + "  café: 7\n", DECLINE),
    "too-deep": ("id: e1\n" + "".join(" " * level + f"k{level}:\n" for level in range(MAX_NESTING)) + " " * MAX_NESTING + "x: 1\n",
                 DECLINE),
}


@pytest.mark.parametrize("text, accepted", list(TABLE.values()), ids=list(TABLE))
def test_table(text: str, accepted: bool) -> None:
    assert (parse_entries(text) is not None) is accepted
    assert holds(text) is accepted


def test_values_as_the_full_path_makes_them() -> None:
    """Dates, numbers written as text and the null words, as source.plain_scalar makes them: a date
    stays the text the model reads (and reports), a quoted number stays a text."""
    data = parse_entries(E + "  submitted: 2025-06-01\n  a: '8'\n  b: 8\n  c: 1e999\n  d: Null\n  e: \"\"\n")
    assert typed(data) == typed([{"id": "e1", "submitted": "2025-06-01", "a": "8", "b": 8, "c": "1e999", "d": None, "e": ""}])


def _real_entries() -> list[Any]:
    files = sorted(CYCLES.glob("*/entries/**/*.yaml")) + sorted((BASE / "entries").rglob("*.yaml"))
    return [pytest.param(path, id=str(path.relative_to(path.parents[2]))) for path in files]


@pytest.mark.parametrize("path", _real_entries())
def test_real_entries_take_the_scanner(path: Path) -> None:
    text, problems = decode(path.read_bytes(), path.name)
    assert text is not None and problems == []
    assert holds(text), "a real entries file must take the scanner"


def test_enough_real_entries() -> None:
    assert len(_real_entries()) >= 400


# ------------------------------------------------------------------------------ whole cycles

def _run(root: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], Any, list[bool]]:
    """Diagnostics and (if no error) the rank document of the cycle, and what the scanner answered
    for each entries file (True: data)."""
    answers: list[bool] = []

    def spy(text: str) -> Any:
        data = parse_entries(text)
        answers.append(data is not None)
        return data

    monkeypatch.setattr(load, "FAST_PATHS", fast)
    monkeypatch.setattr(load, "PARALLEL", False)
    monkeypatch.setattr(load, "parse_entries", spy)
    cycle = load.load_cycle(root)
    diagnostics = run_checks(cycle)
    ranks = None if has_errors(diagnostics) else rank_document(compute(cycle))
    return diagnostics, ranks, answers


def _assert_same(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], Any, list[bool]]:
    """Both paths give the same diagnostics and rankings; returns the scanner's run."""
    full, full_ranks, full_answers = _run(root, False, monkeypatch)
    fast, fast_ranks, answers = _run(root, True, monkeypatch)
    assert full_answers == [], "FAST_PATHS = False must not call the scanner"
    assert fast == full  # Diagnostic equality: file, line, column, code and message
    assert typed(fast_ranks) == typed(full_ranks)
    return fast, fast_ranks, answers


@pytest.mark.parametrize("folder", [pytest.param(folder, id=folder.name) for folder in _case_dirs()])
def test_invalid_case_same_on_both_paths(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _build(folder, _load_case(folder), tmp_path)
    monkeypatch.chdir(root)
    _assert_same(root, monkeypatch)


@pytest.mark.parametrize("root", [BASE, *sorted(CYCLES.glob("seoul-*"))], ids=lambda root: root.name)
def test_sample_cycle_same_on_both_paths(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    diagnostics, ranks, answers = _assert_same(root, monkeypatch)
    assert answers and all(answers), "every real entries file takes the scanner"
    assert not has_errors(diagnostics) and ranks is not None


@pytest.fixture(scope="module")
def base_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("entryscan") / "cycle"
    shutil.copytree(BASE, root)
    return root


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=entries_files())
@example(text=BLOCK.replace("seoul-air", "Seoul Air").replace("KR", "Korea"))
@example(text=LONE.replace("submitted: 2025-06-01", "submitted: 2025-06-31\nwebsite: https://x.org"))
def test_generated_entries_same_diagnostics(text: str, base_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated entries file in the base cycle: the same diagnostics (positions and messages
    included) and rankings with the scanner and without."""
    (base_copy / "entries" / "generated.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(base_copy)
    _, _, answers = _assert_same(base_copy, monkeypatch)
    event("scanner: accepted" if answers[-1:] == [True] else "scanner: declined")


def test_worker_reads_entries_as_the_serial_path() -> None:
    """parallel.py's worker takes the entries scanner for an entries file, with the same outcome."""
    raw = (BLOCK + FLOW).encode()
    blob, rows, refused = parallel._parse((raw, "entries/x.yaml", "entries", None))
    serial, problems = parse_text(raw.decode(), "entries/x.yaml")
    assert rows == [] and problems == [] and refused == []
    import marshal

    assert typed(marshal.loads(blob)) == typed(serial.data)
    assert parallel._scanner("entries") is parse_entries and parallel._scanner("judges") is None


def test_random_entries_files_in_a_cycle_through_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries files read by worker processes give what the serial path gives (diagnostics included)."""
    root = tmp_path / "cycle"
    shutil.copytree(BASE, root)
    rnd = random.Random(17)
    for n in range(6):
        (root / "entries" / f"g{n}.yaml").write_text(entries_text(Picker(seed=rnd.randrange(10**6))), encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setattr(load, "PARALLEL", False)
    serial = run_checks(load.load_cycle(root))
    monkeypatch.setattr(load, "PARALLEL", True)
    monkeypatch.setattr(load, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    assert run_checks(load.load_cycle(root)) == serial
