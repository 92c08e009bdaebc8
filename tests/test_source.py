"""Unit tests of smartaward/source.py: safe YAML reading, the scalar rules, positions."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartaward.diagnostics import CATALOGUE, Diagnostic
from smartaward.reading.source import Document, decode, parse_text, plain_scalar, read_document


def parse(text: str) -> tuple[Any, list[Diagnostic]]:
    doc, problems = parse_text(text, "f.yaml")
    return doc.data, problems


def codes(problems: list[Diagnostic]) -> list[tuple[str, int]]:
    """(code, line) of each problem, in order: messages are for people and may change."""
    return [(p.code, p.line) for p in problems]


def value_of(scalar: str) -> Any:
    """The value of `scalar` written as the value of a key; asserts there was no problem."""
    data, problems = parse(f"v: {scalar}\n")
    assert problems == []
    return data["v"]


# ------------------------------------------------------------------------------ scalar rules

STAY_STRINGS = [
    "NO", "No", "no", "yes", "Yes", "YES", "y", "Y", "n", "N", "on", "On", "ON", "off", "Off", "OFF",
    "0777", "00", "007.5", "0x1F", "0o17", "0b11", "1_000", "1:30", "12:30:00",
    ".nan", ".NaN", ".inf", "-.inf", "+.inf", ".Inf", "2024-07-14", "2024-07-14T10:00:00Z",
    "tRUE", "nULL", "1.2.3", "1e", "e3", "--1", "KR", "PH",
]


@pytest.mark.parametrize("text", STAY_STRINGS)
def test_plain_scalars_that_stay_strings(text: str) -> None:
    assert plain_scalar(text) == text
    value = value_of(text)
    assert type(value) is str and value == text


def test_norway_stays_norway() -> None:
    data, problems = parse("country: NO\nname: Kari\n")
    assert problems == []
    assert data == {"country": "NO", "name": "Kari"}


@pytest.mark.parametrize(("text", "expected"), [
    ("true", True), ("True", True), ("TRUE", True),
    ("false", False), ("False", False), ("FALSE", False),
])
def test_booleans(text: str, expected: bool) -> None:
    assert value_of(text) is expected


@pytest.mark.parametrize("text", ["~", "null", "Null", "NULL", ""])
def test_nulls(text: str) -> None:
    assert plain_scalar(text) is None
    assert value_of(text) is None


def test_empty_value_in_block_mapping_is_null() -> None:
    data, problems = parse("a:\nb: 1\n")
    assert problems == [] and data == {"a": None, "b": 1}


@pytest.mark.parametrize(("text", "expected"), [
    ("0", 0), ("7", 7), ("-12", -12), ("+12", 12), ("-0", 0), ("12345678901234567890", 12345678901234567890),
])
def test_integers(text: str, expected: int) -> None:
    value = value_of(text)
    assert type(value) is int and value == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("7.5", 7.5), ("-7.5", -7.5), ("0.5", 0.5), (".5", 0.5), ("-1e3", -1000.0), ("1e3", 1000.0),
    ("1E-2", 0.01), ("10.", 10.0), ("+2.5", 2.5),
])
def test_floats(text: str, expected: float) -> None:
    value = value_of(text)
    assert type(value) is float and value == expected


@pytest.mark.parametrize(("text", "expected"), [
    ('"NO"', "NO"), ("'12'", "12"), ('"7.5"', "7.5"), ('"true"', "true"), ("'~'", "~"),
    ('"null"', "null"), ('""', ""), ("''", ""), ("'2024-07-14'", "2024-07-14"),
])
def test_quoted_scalars_are_strings(text: str, expected: str) -> None:
    assert value_of(text) == expected


def test_block_scalars_are_strings() -> None:
    data, problems = parse("a: |\n  12\nb: >-\n  true\n")
    assert problems == []
    assert data == {"a": "12\n", "b": "true"}


def test_keys_are_always_strings_as_written() -> None:
    data, problems = parse("12: a\ntrue: b\n~: c\n1.5: d\nNO: e\n0777: f\n'q': g\n")
    assert problems == []
    assert data == {"12": "a", "true": "b", "~": "c", "1.5": "d", "NO": "e", "0777": "f", "q": "g"}
    assert all(type(k) is str for k in data)


# ------------------------------------------------------------------------------ explicit tags

@pytest.mark.parametrize(("text", "expected"), [
    ("!!str 12", "12"), ("!!str true", "true"), ("!!str NO", "NO"), ("!!int 12", 12), ("!!int -3", -3),
    ("!!float 3", 3.0), ("!!float 2.5", 2.5), ("!!bool true", True), ("!!bool False", False),
    ("!!null ~", None), ("!!null null", None), ("!!map {a: 1}", {"a": 1}), ("!!seq [1, 2]", [1, 2]),
])
def test_standard_tags(text: str, expected: Any) -> None:
    value = value_of(text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("text", [
    "!!int x", "!!int 7.5", "!!int 0777", "!!float abc", "!!bool yes", "!!null 0",
    "!!binary aGk=", "!!timestamp 2024-07-14", "!!set {a, b}", "!!omap [a: 1]",
    "!include other.yaml", "!custom x", "!!str {a: 1}", "!!map [1]",
])
def test_bad_or_unknown_tags_are_y004(text: str) -> None:
    data, problems = parse(f"a: 1\nv: {text}\nz: 2\n")
    assert codes(problems) == [("Y004", 2)]
    assert data["a"] == 1 and data["z"] == 2
    assert data["v"] is None


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system", "!!python/object/new:os.system", "!!python/object/apply:subprocess.call",
])
def test_python_tags_are_refused_and_never_run(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'title: x\nrun: {tag} ["touch {marker}"]\n'
    data, problems = parse(text)
    assert codes(problems) == [("Y004", 2)]
    assert data == {"title": "x", "run": None}
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    doc, problems = read_document(path, "f.yaml")
    assert codes(problems) == [("Y004", 2)]
    assert not marker.exists()


def test_python_name_tag_is_refused() -> None:
    data, problems = parse("a: !!python/name:os.system\n")
    assert codes(problems) == [("Y004", 1)]
    assert data == {"a": None}


# ------------------------------------------------------------------------------ duplicate and complex keys

@pytest.mark.parametrize(("text", "line", "expected"), [
    ("a: 1\nb: 2\na: 3\n", 3, {"a": 1, "b": 2}),
    ("x:\n  a: 1\n  a: 2\n", 3, {"x": {"a": 1}}),
    ("x:\n  y:\n    c: 1\n    d: 2\n    c: 3\n", 5, {"x": {"y": {"c": 1, "d": 2}}}),
    ("- a: 1\n  a: 2\n", 2, [{"a": 1}]),
    ("x: {a: 1, b: 2,\n  a: 3}\n", 2, {"x": {"a": 1, "b": 2}}),
    ("a: 1\n'a': 2\n", 2, {"a": 1}),
])
def test_duplicate_keys_at_any_depth(text: str, line: int, expected: Any) -> None:
    data, problems = parse(text)
    assert codes(problems) == [("Y002", line)]
    assert data == expected  # the first value is kept
    assert "duplicate" in problems[0].message


def test_every_duplicate_is_reported() -> None:
    _, problems = parse("a: 1\na: 2\nb: {c: 1, c: 2}\na: 3\n")
    assert codes(problems) == [("Y002", 2), ("Y002", 3), ("Y002", 4)]


@pytest.mark.parametrize("text", ["? [a, b]\n: 1\n", "{{ url }}: x\n", "? {a: 1}\n: 2\n"])
def test_complex_keys_are_y007(text: str) -> None:
    data, problems = parse("z: 0\n" + text)
    assert codes(problems) == [("Y007", 2)]
    assert data == {"z": 0}


# ------------------------------------------------------------------------------ anchors and aliases

def test_alias_as_value_is_refused_at_its_key() -> None:
    data, problems = parse("a: &x {min: 0, max: 10}\nb: *x\n")
    assert codes(problems) == [("Y003", 2)]
    assert data == {"a": {"min": 0, "max": 10}, "b": None}


def test_an_anchor_without_alias_is_refused_where_written() -> None:
    # `title: &more bikes` would otherwise silently read as "bikes"
    data, problems = parse("a: &x 1\nb: 2\n")
    assert [(p.code, p.line, p.column) for p in problems] == [("Y003", 1, 4)]
    data, problems = parse('title: "R&D & more"\n')  # an ampersand in a text is no anchor
    assert problems == [] and data == {"title": "R&D & more"}


def test_alias_as_key_is_refused() -> None:
    data, problems = parse("a: &x k\n? *x\n: 1\n")
    assert [p.code for p in problems] == ["Y007"]
    assert data == {"a": "k"}


def test_undefined_alias_is_a_syntax_error() -> None:
    assert codes(parse("a: *nowhere\n")[1]) == [("Y001", 1)]


def test_alias_in_a_list_is_reported_where_it_is_used() -> None:
    data, problems = parse("a: &x foo\nb:\n  - *x\n")
    assert codes(problems) == [("Y003", 3)]
    assert data == {"a": "foo", "b": [None]}


BILLION_LAUGHS = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def _size(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_size(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_size(v) for v in value)
    return 1


def test_billion_laughs_does_not_expand() -> None:
    assert len(BILLION_LAUGHS) < 600
    start = time.perf_counter()
    data, problems = parse(BILLION_LAUGHS)
    assert time.perf_counter() - start < 1.0
    assert problems and {p.code for p in problems} == {"Y003"}
    assert _size(data) < 200  # 9 keys of 9 items at most, nothing expanded
    assert data["a"] == ["lol"] * 9
    assert data["i"] == [None] * 9


# ------------------------------------------------------------------------------ documents

@pytest.mark.parametrize(("text", "line"), [
    ("a: 1\n---\nb: 2\n", 2),
    ("--- a\n--- b\n", 2),
    ("a: 1\n...\n---\nb: 2\n", 3),
])
def test_several_documents_are_y001(text: str, line: int) -> None:
    data, problems = parse(text)
    assert codes(problems) == [("Y001", line)]
    assert data is None


def test_one_explicit_document_is_fine() -> None:
    data, problems = parse("---\na: 1\n...\n")
    assert problems == [] and data == {"a": 1}


@pytest.mark.parametrize("text", ["", "\n\n", "   \n", "# only a comment\n", "# a\n\n# b\n"])
def test_empty_is_y006(text: str) -> None:
    data, problems = parse(text)
    assert codes(problems) == [("Y006", 1)]
    assert data is None


@pytest.mark.parametrize(("text", "line"), [
    ('a: "unclosed\nb: 2\n', None),        # where libyaml notices; the exact line is tested in invalid cases
    ("a: 1\n b: 2\n", 2),
    ("a:\n\t- 1\n", 2),
    ("a: [1, 2\nb: 3\n", 2),
    ("a: b: c\n", 1),
    ("- a\nb: 1\n", 2),
    ("a: 1\x00\n", 1),
])
def test_syntax_errors_are_y001(text: str, line: int | None) -> None:
    data, problems = parse(text)
    assert [p.code for p in problems] == ["Y001"]
    if line is not None:
        assert problems[0].line == line
    assert problems[0].line >= 1 and problems[0].column >= 1
    assert data is None


# ------------------------------------------------------------------------------ encodings

PLACES = {"seoul": "서울", "reykjavik": "Reykjavík", "addis-ababa": "አዲስ አበባ", "sao-paulo": "São Paulo"}


def test_unicode_is_kept_exactly(tmp_path: Path) -> None:
    text = "".join(f"{key}: {name}\n" for key, name in PLACES.items()) + "서울: key\nnfd: Reykjavi\u0301k\n"
    path = tmp_path / "u.yaml"
    path.write_bytes(text.encode("utf-8"))
    doc, problems = read_document(path, "u.yaml")
    assert problems == []
    assert doc.data == {**PLACES, "서울": "key", "nfd": "Reykjavi\u0301k"}  # not normalised either way
    assert doc.data["nfd"] != "Reykjavík"


def test_utf8_bom_is_accepted_and_dropped(tmp_path: Path) -> None:
    raw = "\ufeffcity: 서울\ncountry: KR\n".encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    text, problems = decode(raw, "f.yaml")
    assert problems == [] and text == "city: 서울\ncountry: KR\n"
    path = tmp_path / "bom.yaml"
    path.write_bytes(raw)
    doc, problems = read_document(path, "bom.yaml")
    assert problems == [] and doc.data == {"city": "서울", "country": "KR"}
    assert doc.key_at(("city",)) == (1, 1)


@pytest.mark.parametrize(("raw", "line"), [
    (b"a: caf\xe9\n", 1),
    (b"a: 1\nb: 2\nc: Bod\xf8\n", 3),
    (b"a: 1\n\n\nb: \xff\xfe\n", 4),
    (b"a: \xc3\n", 1),                      # a truncated two-byte sequence
    (b"a: \xed\xa0\x80\n", 1),              # an encoded surrogate
])
def test_invalid_utf8_is_y005_at_its_line(raw: bytes, line: int, tmp_path: Path) -> None:
    text, problems = decode(raw, "f.yaml")
    assert text is None
    assert codes(problems) == [("Y005", line)]
    path = tmp_path / "bad.yaml"
    path.write_bytes(raw)
    doc, problems = read_document(path, "bad.yaml")
    assert codes(problems) == [("Y005", line)] and doc.data is None


def test_invalid_utf8_column() -> None:
    _, problems = decode(b"a: 1\nb: caf\xe9\n", "f.yaml")
    assert (problems[0].line, problems[0].column) == (2, 7)


def test_invalid_utf8_column_counts_characters() -> None:
    _, problems = decode("b: 서울 ".encode() + b"\xff\n", "f.yaml")
    assert (problems[0].line, problems[0].column) == (1, 7)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_y005(encoding: str, tmp_path: Path) -> None:
    raw = "city: 서울\n".encode(encoding)
    if encoding != "utf-16":
        raw = ("\ufeff" + "city: 서울\n").encode(encoding)
    text, problems = decode(raw, "f.yaml")
    assert text is None and codes(problems) == [("Y005", 1)]
    path = tmp_path / "u16.yaml"
    path.write_bytes(raw)
    assert codes(read_document(path, "u16.yaml")[1]) == [("Y005", 1)]


def test_utf16_without_bom_is_y005(tmp_path: Path) -> None:
    path = tmp_path / "u16.yaml"
    path.write_bytes("city: Oslo\n".encode("utf-16-le"))
    assert [p.code for p in read_document(path, "u16.yaml")[1]] == ["Y005"]


def test_unreadable_path_is_f002(tmp_path: Path) -> None:
    doc, problems = read_document(tmp_path / "missing.yaml", "missing.yaml")
    assert [(p.code, p.line) for p in problems] == [("F002", 0)] and doc.data is None
    (tmp_path / "dir.yaml").mkdir()
    doc, problems = read_document(tmp_path / "dir.yaml", "dir.yaml")
    assert [p.code for p in problems] == ["F002"]


# ------------------------------------------------------------------------------ deep nesting

@pytest.mark.parametrize("depth", [300, 600, 999, 1000, 10_000])
def test_deep_flow_nesting_is_a_diagnostic_not_a_crash(depth: int) -> None:
    data, problems = parse("[" * depth + "]" * depth)
    assert all(isinstance(p, Diagnostic) for p in problems)
    if problems:
        assert [p.code for p in problems] == ["Y001"]
    else:  # shallow enough to build: then it is built completely
        for _ in range(depth):
            assert isinstance(data, list)
            data = data[0] if data else None
    if depth >= 1000:
        assert problems


@pytest.mark.parametrize("depth", [600, 2000])
def test_deep_block_nesting_is_a_diagnostic_not_a_crash(depth: int) -> None:
    text = "a:\n" + "".join("  " * i + "-\n" for i in range(1, depth))
    data, problems = parse(text)
    assert [p.code for p in problems] == ["Y001"]
    assert data is None


# ------------------------------------------------------------------------------ positions

POSITIONS = """\
id: oslo-bikes
entrant:
  name: City of Oslo
  country: NO
tags:
  - a
  - {k: v}
flow: {x: 1, y: [2, 3]}
"""


@pytest.fixture
def positioned() -> Document:
    doc, problems = parse_text(POSITIONS, "p.yaml")
    assert problems == []
    return doc


def test_positions_of_values(positioned: Document) -> None:
    at = positioned.at
    assert at(()) == (1, 1)
    assert at(("id",)) == (1, 5)
    assert at(("entrant",)) == (3, 3)  # a block mapping starts at its first key
    assert at(("entrant", "name")) == (3, 9)
    assert at(("entrant", "country")) == (4, 12)
    assert at(("tags",)) == (6, 3)
    assert at(("tags", 0)) == (6, 5)
    assert at(("tags", 1)) == (7, 5)
    assert at(("tags", 1, "k")) == (7, 9)
    assert at(("flow",)) == (8, 7)
    assert at(("flow", "x")) == (8, 11)
    assert at(("flow", "y")) == (8, 17)
    assert at(("flow", "y", 1)) == (8, 21)


def test_positions_of_keys(positioned: Document) -> None:
    key_at = positioned.key_at
    assert key_at(("id",)) == (1, 1)
    assert key_at(("entrant",)) == (2, 1)
    assert key_at(("entrant", "country")) == (4, 3)
    assert key_at(("tags",)) == (5, 1)
    assert key_at(("tags", 1, "k")) == (7, 6)
    assert key_at(("flow", "y")) == (8, 14)
    assert key_at(("tags", 0)) == (6, 5)  # a list item has no key: its value's position


def test_missing_paths_fall_back_to_the_nearest_ancestor(positioned: Document) -> None:
    assert positioned.at(("entrant", "city")) == (3, 3)
    assert positioned.at(("entrant", "city", "x", 3)) == (3, 3)
    assert positioned.key_at(("entrant", "city")) == (3, 3)
    assert positioned.at(("tags", 7)) == (6, 3)
    assert positioned.at(("nowhere",)) == (1, 1)


def test_diagnostic_uses_value_or_key_position(positioned: Document) -> None:
    d = positioned.diagnostic(("entrant", "country"), "S103", "bad")
    assert (d.file, d.line, d.column, d.code) == ("p.yaml", 4, 12, "S103")
    d = positioned.diagnostic(("entrant", "country"), "S102", "unknown", key=True)
    assert (d.line, d.column) == (4, 3)


def test_positions_count_characters_not_bytes() -> None:
    doc, problems = parse_text("서울: 도시\nname: 서울 x\n", "f.yaml")
    assert problems == []
    assert doc.at(("서울",)) == (1, 5)
    assert doc.at(("name",)) == (2, 7)


def test_crlf_line_endings() -> None:
    doc, problems = parse_text("a: 1\r\nb:\r\n  c: 2\r\n", "f.yaml")
    assert problems == [] and doc.data == {"a": 1, "b": {"c": 2}}
    assert doc.at(("b", "c")) == (3, 6)


def test_problem_positions_are_one_based() -> None:
    _, problems = parse("a: 1\na: 2\n")
    assert (problems[0].line, problems[0].column) == (2, 1)


# ------------------------------------------------------------------------------ never raises

def _check_result(doc: Document, problems: list[Diagnostic]) -> None:
    assert isinstance(doc, Document)
    assert isinstance(problems, list)
    for p in problems:
        assert isinstance(p, Diagnostic) and p.code in CATALOGUE and p.line >= 0 and p.column >= 0


# Text made of YAML's own punctuation, so that most examples reach deep into the parser.
YAML_TOKENS = list("ab1.-:,[]{}&*!|>'\"#?~%@` \n\t\ufeff서\x00") + ["---", "...", "  ", "!!int ", "!!python/object ", "&a ", "*a", "e9"]
YAMLISH = st.lists(st.sampled_from(YAML_TOKENS), max_size=80).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), YAMLISH))
def test_parse_text_never_raises(text: str) -> None:
    doc, problems = parse_text(text, "f.yaml")
    _check_result(doc, problems)


@settings(max_examples=300, deadline=None)
@given(st.binary())
def test_decode_never_raises(raw: bytes) -> None:
    text, problems = decode(raw, "f.yaml")
    assert isinstance(problems, list) and all(isinstance(p, Diagnostic) for p in problems)
    assert (text is None) == bool(problems)
    if text is not None:
        _check_result(*parse_text(text, "f.yaml"))
