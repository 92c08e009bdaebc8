"""Look-alike text (Unicode TR39): skeletons, look_alike names and words that mix scripts
(smartaward.text.names, on the data read by smartaward.text.tr39)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartaward.text import names, tr39
from smartaward.text.names import BASIC_PROTOTYPES, look_alike, mixed_scripts, skeleton

PROTOTYPES = tr39.prototypes()


# ------------------------------------------------------------------------------ the data

def test_the_data_is_read_in_the_direction_tr39_gives() -> None:
    """confusables.json lists pairs both ways; source → prototype is recovered (spot checks from
    confusables.txt, including pairs that list only each other)."""
    assert PROTOTYPES["\u0410"] == "A"  # CYRILLIC CAPITAL LETTER A → LATIN CAPITAL LETTER A
    assert PROTOTYPES["\u0430"] == "a"  # CYRILLIC SMALL LETTER A
    assert PROTOTYPES["\u03bf"] == "o"  # GREEK SMALL LETTER OMICRON
    assert PROTOTYPES["m"] == "rn"  # a prototype of two characters
    assert PROTOTYPES["0"] == "O" and PROTOTYPES["1"] == "l"
    assert PROTOTYPES["\u05ad"] == "\u0596"  # HEBREW ACCENT DEHI → TIPEHA: a pair that lists only each other
    assert "\u0596" not in PROTOTYPES and "A" not in PROTOTYPES and "rn" not in PROTOTYPES
    assert not any("\u200e" in p or "\u200f" in p for p in PROTOTYPES.values())  # display marks dropped
    assert len(PROTOTYPES) > 6000


def test_no_prototype_is_itself_a_source() -> None:
    """TR39 maps each source straight to its final prototype: no chains in the data itself."""
    assert not [p for p in PROTOTYPES.values() if len(p) == 1 and p in PROTOTYPES]


def test_each_source_looks_like_its_prototype() -> None:
    """For every line of the data whose source is in NFD (TR39 maps NFD text; a precomposed source
    such as U+0227 is decomposed before it could be mapped), both sides have one skeleton."""
    lines = [(s, p) for s, p in PROTOTYPES.items() if unicodedata.normalize("NFD", s) == s]
    assert len(lines) > 5000
    assert [(s, p) for s, p in lines if skeleton(s) != skeleton(p)] == []


def test_every_skeleton_of_the_data_settles_within_the_passes() -> None:
    for text in [*PROTOTYPES, *PROTOTYPES.values()]:
        current = unicodedata.normalize("NFD", text)
        for _ in range(names._PASSES - 1):
            current = unicodedata.normalize("NFD", "".join(PROTOTYPES.get(ch, ch) for ch in current))
        assert skeleton(text) == current, ascii(text)  # a further pass would change nothing


def test_the_basic_table_is_the_data_for_ascii_and_accents() -> None:
    """names.BASIC_PROTOTYPES, used without reading the data file, is the data's own, and mapping
    such text never meets a character outside it that the data would map."""
    basic = {ch for ch in map(chr, [*range(0x80), *range(0x300, 0x370)])}
    assert BASIC_PROTOTYPES == {s: p for s, p in PROTOTYPES.items() if s in basic}
    reached = {ch for p in BASIC_PROTOTYPES.values() for ch in unicodedata.normalize("NFD", p)}
    assert not {ch for ch in reached - basic if ch in PROTOTYPES}


def test_the_shipped_data_is_what_confusable_homoglyphs_gives() -> None:
    """smartaward/data/ is derived from the package (scripts/tr39data.py): regenerate it when the
    package's data changes, and review what changes."""
    assert PROTOTYPES == tr39.derive_prototypes()
    assert tr39.CONFUSABLES.read_text(encoding="ascii") == tr39.dump(tr39.derive_prototypes())
    assert tr39.SCRIPTS.read_text(encoding="ascii") == tr39.dump(tr39.derive_scripts())


def test_a_change_of_the_data_is_a_change_of_the_cache_fingerprint() -> None:
    """Cached diagnostics are keyed by smartaward's code: the data decides R212 and R213 as much."""
    from smartaward.reading.cache import fingerprinted

    files = {path.resolve() for path in fingerprinted()}
    assert {tr39.CONFUSABLES.resolve(), tr39.SCRIPTS.resolve()} <= files


def test_scripts_of_characters() -> None:
    assert [tr39.script(ch) for ch in "A\u0410\u03b1\uac00\u3042\u4e2d1-\u0301"] == [
        "LATIN", "CYRILLIC", "GREEK", "HANGUL", "HIRAGANA", "HAN", "COMMON", "COMMON", "INHERITED"]
    assert tr39.script("\U000e0fff") == "UNKNOWN"  # not assigned


# ------------------------------------------------------------------------------ skeleton

@pytest.mark.parametrize("text, looks_like", [
    ("\U0001d52d\U0001d4b6\u1eff\U0001d561\U0001d552\u2113", "paypal"),  # TR39 implementations' example
    ("p\u0430yp\u0430l", "paypal"),  # Cyrillic а
    ("\u211d\U0001d4ca\U0001d4c8\U0001d4c9", "Rust"),
    ("\u0455\u0441\u043e\u0440\u0435", "scope"),  # TR39's whole-script confusable: all Cyrillic
    ("rn", "m"),
    ("\u0410irco Ltd", "Airco Ltd"),
    ("\u015e", "\u0218"),  # S with cedilla, S with comma below
])
def test_tr39_examples_have_equal_skeletons(text: str, looks_like: str) -> None:
    assert skeleton(text) == skeleton(looks_like)


@pytest.mark.parametrize("text, other", [("Z\u00fcrich", "Zurich"), ("Oslo", "Osla"), ("airco", "Airco")])
def test_different_looking_text_has_different_skeletons(text: str, other: str) -> None:
    assert skeleton(text) != skeleton(other)  # an accent is a letter; case is seen (look_alike ignores it)


TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from(sorted(PROTOTYPES)), max_size=16)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_skeleton_is_idempotent(text: str) -> None:
    assert skeleton(skeleton(text)) == skeleton(text)


# A prototype of one character → the sources that map to it, for substituting look-alikes: base
# characters in NFD only (a mark replaced by a look-alike of another combining class is put in
# another order by NFD, which TR39's skeleton does not undo).
SOURCES: dict[str, list[str]] = {}
for _source, _prototype in sorted(PROTOTYPES.items()):
    if (unicodedata.normalize("NFD", _source) == _source and len(_prototype) == 1
            and not unicodedata.combining(_source) and not unicodedata.combining(_prototype)):
        SOURCES.setdefault(_prototype, []).append(_source)


@st.composite
def substituted(draw: st.DrawFn) -> tuple[str, str]:
    """A text of letters with look-alikes, and a copy with some characters replaced by one."""
    text = draw(st.text(st.sampled_from(sorted(SOURCES)), min_size=1, max_size=16))
    copy = "".join(draw(st.sampled_from([ch, *SOURCES[ch]])) for ch in text)
    return text, copy


@settings(max_examples=300, deadline=None)
@given(substituted())
def test_a_text_and_its_confusable_copy_have_one_skeleton(pair: tuple[str, str]) -> None:
    text, copy = pair
    assert skeleton(copy) == skeleton(text)


# ------------------------------------------------------------------------------ look_alike

@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_look_alike_is_idempotent(text: str) -> None:
    assert look_alike(look_alike(text)) == look_alike(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=24))
def test_ascii_names_take_a_shortcut_with_the_same_result(text: str) -> None:
    assert look_alike(text) == names._settled(names.loose(text))


@pytest.mark.parametrize("name, other", [
    ("\u0410irco Ltd", "AIRCO LTD"), ("Airco\u00a0Ltd", "Airco  Ltd"), ("\uff21irco Ltd", "Airco Ltd"),
    ("Airco\u200b Ltd", "Airco Ltd"), ("0slo", "Oslo"), ("Cornwall", "Comwall"),
])
def test_names_that_look_alike(name: str, other: str) -> None:
    assert look_alike(name) == look_alike(other)


@pytest.mark.parametrize("name, other", [("Z\u00fcrich", "Zurich"), ("Airco Ltd", "Airco Ltd."), ("Seoul", "Seou1 City")])
def test_names_that_do_not_look_alike(name: str, other: str) -> None:
    assert look_alike(name) != look_alike(other)


def test_the_ignorable_table_is_unicodes() -> None:
    """names.DEFAULT_IGNORABLE is Unicode's Default_Ignorable_Code_Point, all 4,174 code points
    of it, as the `regex` library (test extra) reads it from a newer Unicode than Python's."""
    import regex  # a test extra
    table = {code for low, high in names.DEFAULT_IGNORABLE for code in range(low, high + 1)}
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)  # no surrogates
    unicode = {ord(ch) for ch in regex.findall(r"\p{Default_Ignorable_Code_Point}", every)}
    assert table == unicode


def test_nothing_visible_folds_into_an_invisible_character() -> None:
    """Why `loose` drops invisible characters only before folding: no other code point's NFKC
    casefold holds one (a Hangul filler's does, but it is invisible itself)."""
    invisible = "".join(chr(code) for low, high in names.DEFAULT_IGNORABLE for code in range(low, high + 1))
    folds = [(code, unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", chr(code)).casefold()))
             for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    assert [hex(code) for code, folded in folds
            if names.invisible_dropped(folded) != folded and names.invisible_dropped(chr(code)) == chr(code)] == []
    assert names.loose(invisible) == ""


def test_every_ignorable_is_dropped() -> None:
    for low, high in names.DEFAULT_IGNORABLE:
        for code in range(low, high + 1):
            assert names.loose(f"a{chr(code)}b") == "ab", hex(code)
            assert skeleton(f"a{chr(code)}b") == "ab", hex(code)


# ------------------------------------------------------------------------------ mixed scripts

@pytest.mark.parametrize("text, word, scripts", [
    ("\u0410irco Ltd", "\u0410irco", ["CYRILLIC", "LATIN"]),
    ("City of \u041eslo", "\u041eslo", ["CYRILLIC", "LATIN"]),
    ("Airc\u03bf", "Airc\u03bf", ["LATIN", "GREEK"]),
    ("\u0421\u0435\u0443\u043b-\u0410ir", "\u0410ir", ["CYRILLIC", "LATIN"]),  # the second word only
    ("\u0391\u03b8\u03b7\u03bd\u03b1\u0430", "\u0391\u03b8\u03b7\u03bd\u03b1\u0430", ["GREEK", "CYRILLIC"]),
])
def test_a_word_mixing_scripts_is_found(text: str, word: str, scripts: list[str]) -> None:
    [(found, letters)] = mixed_scripts(text)
    assert found == word and list(letters) == scripts


@pytest.mark.parametrize("text", [
    "Airco Ltd", "Z\u00fcrich", "Zu\u0308rich", "\u015etefan", "Reykjav\u00edkurborg", "\u0421\u0435\u0443\u043b",
    "\uc11c\uc6b8\ud2b9\ubcc4\uc2dc Seoul", "\u30c8\u30e8\u30bf\u81ea\u52d5\u8eca", "LG\uc804\uc790", "NTT\u30c9\u30b3\u30e2",
    "\u4e2d\u83ef\u96fb\u4fe1", "\u12a0\u12f2\u1235 \u12a0\u1260\u1263", "Seoul 2024", "\u041c\u043e\u0441\u043a\u0432\u0430-Seoul",
    "\u0645\u062f\u06cc\u0646\u0647\u200c\u0627\u06cc",  # Persian with a zero-width non-joiner inside the word
])
def test_words_in_one_writing_system_are_not_mixed(text: str) -> None:
    assert mixed_scripts(text) == []


def test_latin_text_with_accents_needs_no_data_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most cycles' names are ASCII or Latin with accents: neither check reads the data then."""
    monkeypatch.setattr(tr39, "CONFUSABLES", tr39.DATA / "missing.json")  # reading it would raise
    monkeypatch.setattr(tr39, "SCRIPTS", tr39.DATA / "missing.json")
    tr39.prototypes.cache_clear()
    tr39._scripts.cache_clear()
    try:
        for name in ("City of Z\u00fcrich", "Petrel Health Tech A.\u015e.", "S\u00e3o Paulo 2024", "Airco Ltd"):
            assert skeleton(name) and mixed_scripts(name) == []
            look_alike.__wrapped__(name)
    finally:
        tr39.prototypes.cache_clear()
        tr39._scripts.cache_clear()
