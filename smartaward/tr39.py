"""Unicode data for telling look-alike text apart (Unicode TR39, "Unicode Security Mechanisms"):
the prototype of every confusable character, and the script of every character.

Python ships neither. Both come from the data files of the `confusable-homoglyphs` package
(Unicode's confusables.txt and Scripts.txt as JSON), read here directly, once per process and only
when a text needs them:

- the package's own loader is not used: it reads the JSON at import time and from wherever the
  CONFUSABLE_DATA environment variable points, so that an environment could swap the data;
- its confusables.json lists every pair in both directions (a source lists its prototype, a
  prototype lists its sources), so the direction is recovered: a source is a single code point
  listed with exactly one prototype, and where a pair lists only each other, the source is the
  one written first (the file is built in confusables.txt order, source before prototype).
  tests/test_confusables.py checks the result against TR39's own examples and its invariants.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from functools import cache
from importlib.util import find_spec
from pathlib import Path

PACKAGE = "confusable_homoglyphs"

# Left-to-right marks that confusables.txt's comments put around right-to-left characters, and
# that the package kept: display only, never part of a character's prototype.
_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f")


def _data_file(name: str) -> Path:
    spec = find_spec(PACKAGE)  # locates the package without importing (running) it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"smartaward needs the {PACKAGE} package (pip install confusable-homoglyphs)")
    return Path(next(iter(spec.submodule_search_locations))) / name


@cache
def prototypes() -> dict[str, str]:
    """Every confusable character's prototype (TR39 confusables.txt): "А" (Cyrillic) → "A"."""
    listed: dict[str, list[dict[str, str]]] = json.loads(_data_file("confusables.json").read_text(encoding="utf-8"))
    position = {key.translate(_DIRECTION_MARKS): n for n, key in enumerate(listed)}
    table: dict[str, str] = {}
    for key, items in listed.items():
        source = key.translate(_DIRECTION_MARKS)
        if len(source) != 1 or len(items) != 1:
            continue  # a prototype: of a sequence ("rn"), or of several sources
        prototype = items[0]["c"].translate(_DIRECTION_MARKS)
        back = listed.get(items[0]["c"], [])
        mutual = len(prototype) == 1 and len(back) == 1 and back[0]["c"].translate(_DIRECTION_MARKS) == source
        if mutual and position[source] > position[prototype]:
            continue  # of a pair that lists only each other, this one is the prototype
        table[source] = prototype
    return table


@cache
def sources() -> frozenset[str]:
    """The characters that have a prototype."""
    return frozenset(prototypes())


@cache
def _scripts() -> tuple[list[int], list[int], list[str]]:
    """Scripts.txt as sorted ranges: (first code points, last code points, script names)."""
    data = json.loads(_data_file("categories.json").read_text(encoding="utf-8"))
    names = data["iso_15924_aliases"]
    ranges = sorted((first, last, names[script]) for first, last, script, _ in data["code_points_ranges"])
    return [r[0] for r in ranges], [r[1] for r in ranges], [r[2] for r in ranges]


def script(character: str) -> str:
    """The Unicode script of a character, as Scripts.txt names it (LATIN, CYRILLIC, COMMON,
    INHERITED...); UNKNOWN for a code point the data does not assign."""
    firsts, lasts, names = _scripts()
    code = ord(character)
    at = bisect_right(firsts, code) - 1
    return names[at] if at >= 0 and code <= lasts[at] else "UNKNOWN"
