"""ISO 3166-1 alpha-2 country codes (the 249 officially assigned codes), for validating entries.

Kept as data rather than a dependency: the list changes a few times a decade, and validate needs
no more. Names (`lookup_country`, `country_names`) come from pycountry, imported only when a
name must be read or suggested (import, "did you mean"); names in other languages from its
gettext catalogues, read only when no English form is the name.
"""

from __future__ import annotations

from functools import lru_cache

ISO_3166_ALPHA2: frozenset[str] = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
    BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
    EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
    HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
    LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
    NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()
)

# ISO 3166-1 reserves "UK" for the United Kingdom at its request ("exceptional reservation"): the
# one code people write that the standard names but does not assign, so it is read as GB.
_EXCEPTIONALLY_RESERVED = {"UK": "GB"}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Code → the English short name people use ("KR" → "South Korea", "TR" → "Türkiye"): the
    common name where ISO 3166 (as pycountry keeps it) gives one, else the name."""
    import pycountry

    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    """Every form a country is exactly known by, folded (text/suggest.fold) → its alpha-2 code: the
    alpha-2 and alpha-3 codes, the name, the official name and the common name (pycountry's ISO
    3166-1 data), and UK. Only exact forms: pycountry's fuzzy search reads "Korea" as North Korea
    and "Kosovo" as Serbia, so near forms are suggestions (`country_suggestions`), never answers."""
    import pycountry

    from smartaward.text.suggest import fold

    found: dict[str, str] = {}
    for country in pycountry.countries:
        for form in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, form, None)
            if value:
                found.setdefault(fold(value), country.alpha_2)
    for code, meant in _EXCEPTIONALLY_RESERVED.items():
        found.setdefault(fold(code), meant)
    # The words of a name in another order ("Republic of Korea" for "Korea, Republic of"), where
    # they name one country only.
    reordered: dict[str, set[str]] = {}
    for form, code in found.items():
        reordered.setdefault(_words(form), set()).add(code)
    for words, codes in reordered.items():
        if len(codes) == 1 and " " in words:
            found.setdefault(words, codes.pop())
    return found


def _words(folded: str) -> str:
    return " ".join(sorted(folded.replace(",", " ").replace("'", " ").split()))


def lookup_country(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country written as people write it — "kr", "KOR", "South
    Korea", "Korea, Republic of", "Türkiye", "turkiye", "UK", "FRANCE" — or, where no English form
    is it, by its name in another language ("Deutschland", "España", "Österreich"), or None."""
    from smartaward.text.suggest import fold

    folded = fold(text)
    known = _codes_by_name()
    return known.get(folded) or known.get(_words(folded)) or _local_names().get(_plain(text)) or _local_names().get(folded)


def local_name(text: str) -> bool:
    """Whether `text` reads as a country only by its name in a language other than English (so
    that a note can say so)."""
    from smartaward.text.suggest import fold

    folded = fold(text)
    known = _codes_by_name()
    return folded not in known and _words(folded) not in known and (_plain(text) in _local_names() or folded in _local_names())


def _plain(text: str) -> str:
    """A name compared as written but for case and spaces (accents kept), marked apart from the
    folded forms (which have no accents) by a leading "=" that no fold yields."""
    import unicodedata

    return "=" + " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _one_letter_apart(a: str, b: str) -> bool:
    """Whether two texts differ by one letter (changed, added or dropped): "norwey", "norway"."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


@lru_cache(maxsize=1)
def _local_names() -> dict[str, str]:
    """Countries' names in the other languages pycountry ships (its gettext catalogues of ISO
    3166-1, some 160 languages) → alpha-2 code: only the names that name ONE country across every
    language ("Deutschland", "España"), never an English form. Each name as written but for case
    (`_plain`), and folded (accents dropped: "Espana", "Osterreich") unless the folded form is one
    letter from an English name of the country, where it is more likely a typo of the English
    ("Norwey" is Yoruba's "Nọ́rwèy" folded, and a misspelt Norway: a suggestion, not an answer).
    Built on the first name the English forms do not know (about 0.25 s, once per process),
    never on the clean path."""
    import gettext
    from pathlib import Path

    import pycountry

    from smartaward.text.suggest import fold

    by_english: dict[str, str] = {}
    for country in pycountry.countries:
        for form in ("name", "official_name", "common_name"):
            value = getattr(country, form, None)
            if value:
                by_english.setdefault(value, country.alpha_2)
    english = _codes_by_name()
    english_of: dict[str, list[str]] = {}
    for form, alpha_2 in english.items():
        english_of.setdefault(alpha_2, []).append(form)
    found: dict[str, set[str]] = {}
    locales = Path(pycountry.LOCALES_DIR)
    for catalogue in sorted(locales.glob("*/LC_MESSAGES/iso3166-1.mo")):
        try:
            with catalogue.open("rb") as data:
                messages = gettext.GNUTranslations(data)._catalog  # type: ignore[attr-defined]
        except (OSError, ValueError):
            continue  # a damaged catalogue: its language is left out
        for english_name, translated in messages.items():
            code = by_english.get(english_name) if isinstance(english_name, str) else None
            if code and isinstance(translated, str) and translated:
                folded = fold(translated)
                if not folded or folded in english:
                    continue
                found.setdefault(_plain(translated), set()).add(code)
                if not any(_one_letter_apart(folded, form) for form in english_of[code]):
                    found.setdefault(folded, set()).add(code)
    return {name: codes.pop() for name, codes in found.items() if len(codes) == 1}


def country_suggestions(text: str, limit: int = 3) -> str:
    """"did you mean 'TR' (Türkiye)?" for a country written in a form not known exactly ("" when
    none is near): its code's names compared with every name and code of every country."""
    from smartaward.text.suggest import fold, nearest, suggestion

    known = _codes_by_name()
    names = country_names()
    # The English forms, and the names in other languages that start as the value does (a misspelt
    # "Deutchland"): all of them would be too many to compare.
    wanted = fold(text)
    forms = {**{form: code for form, code in _local_names().items() if form[:1] == wanted[:1]}, **known}
    codes = list(dict.fromkeys(forms[form] for form in nearest(text, list(forms), limit * 2)))[:limit]
    return suggestion(codes, {code: names.get(code) for code in codes})
