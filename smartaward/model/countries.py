"""ISO 3166-1 alpha-2 country codes (the 249 officially assigned codes), for validating entries.

Kept as data rather than a dependency: the list changes a few times a decade, and validate needs
no more. Names (`lookup_country`, `country_names`) come from pycountry, imported only when a
name must be read or suggested (import, "did you mean").
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
    Korea", "Korea, Republic of", "Türkiye", "turkiye", "UK", "FRANCE" — or None."""
    from smartaward.text.suggest import fold

    folded = fold(text)
    known = _codes_by_name()
    return known.get(folded) or known.get(_words(folded))


def country_suggestions(text: str, limit: int = 3) -> str:
    """"did you mean 'TR' (Türkiye)?" for a country written in a form not known exactly ("" when
    none is near): its code's names compared with every name and code of every country."""
    from smartaward.text.suggest import nearest, suggestion

    known = _codes_by_name()
    names = country_names()
    codes = list(dict.fromkeys(known[form] for form in nearest(text, list(known), limit * 2)))[:limit]
    return suggestion(codes, {code: names.get(code) for code in codes})
