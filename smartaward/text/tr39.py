"""Unicode data for telling look-alike text apart (Unicode TR39, "Unicode Security Mechanisms"):
the prototype of every confusable character, and the script of every character.

Python ships neither. smartaward ships both in smartaward/data/, derived from the data files of
the `confusable-homoglyphs` package (Unicode's confusables.txt and Scripts.txt, as JSON) by
`python scripts/tr39data.py`; tests/test_confusables.py checks that they still equal what the
installed package gives. They are shipped rather than read from the package at run time because:

- they load in about 2 ms, where the package's 900 kB confusables.json takes about 25 ms to read
  and turn round (a validate of the Seoul sample takes about 450 ms in all);
- a result can then change only with a reviewed change to this repository, never because another
  version of a package was installed — and nothing reads the data from wherever the package's
  CONFUSABLE_DATA environment variable points.

Each file is read once per process, and only when a text needs it: ASCII and Latin letters with
accents need neither (names.BASIC_PROTOTYPES).

The package's confusables.json lists every pair in both directions (a source lists its
prototype, a prototype lists its sources); `derive_prototypes` recovers the direction: a source is
a single code point listed with exactly one prototype, and where a pair lists only each other, the
source is the one written first (the file is built in confusables.txt order, source first).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent.parent / "data"  # smartaward/data/, from smartaward/text/
CONFUSABLES = DATA / "confusables.json"  # {"source": "prototype"}, by code point
SCRIPTS = DATA / "scripts.json"  # {"scripts": [name, ...], "ranges": [[first, last, script index], ...]}
PACKAGE = "confusable_homoglyphs"


@cache
def prototypes() -> dict[str, str]:
    """Every confusable character's prototype (TR39 confusables.txt): "А" (Cyrillic) → "A"."""
    table: dict[str, str] = json.loads(CONFUSABLES.read_text(encoding="ascii"))
    return table


@cache
def sources() -> frozenset[str]:
    """The characters that have a prototype."""
    return frozenset(prototypes())


@cache
def _scripts() -> tuple[list[int], list[int], list[str]]:
    """Scripts.txt as sorted ranges: (first code points, last code points, script names)."""
    data = json.loads(SCRIPTS.read_text(encoding="ascii"))
    names = data["scripts"]
    ranges = data["ranges"]
    return [r[0] for r in ranges], [r[1] for r in ranges], [names[r[2]] for r in ranges]


def script(character: str) -> str:
    """The Unicode script of a character, as Scripts.txt names it (LATIN, CYRILLIC, COMMON,
    INHERITED...); UNKNOWN for a code point the data does not assign."""
    firsts, lasts, names = _scripts()
    code = ord(character)
    at = bisect_right(firsts, code) - 1
    return names[at] if at >= 0 and code <= lasts[at] else "UNKNOWN"


# --- deriving the shipped data from confusable-homoglyphs (scripts/tr39data.py, tests) -------

# Left-to-right marks that confusables.txt's comments put around right-to-left characters, and
# that the package kept: display only, never part of a character's prototype.
_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f")


def _package_file(name: str) -> Path:
    spec = find_spec(PACKAGE)  # locates the package without importing (running) it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"deriving the data needs the {PACKAGE} package (pip install confusable-homoglyphs)")
    return Path(next(iter(spec.submodule_search_locations))) / name


def derive_prototypes() -> dict[str, str]:
    """confusables.json of the installed package, as source → prototype, in code point order."""
    listed: dict[str, list[dict[str, str]]] = json.loads(_package_file("confusables.json").read_text(encoding="utf-8"))
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
    return dict(sorted(table.items(), key=lambda item: ord(item[0])))


def derive_scripts() -> dict[str, Any]:
    """categories.json of the installed package, as script names and sorted ranges."""
    data = json.loads(_package_file("categories.json").read_text(encoding="utf-8"))
    return {"scripts": data["iso_15924_aliases"],
            "ranges": sorted([first, last, script] for first, last, script, _ in data["code_points_ranges"])}


def dump(data: Any) -> str:
    """The shipped files' form: ASCII JSON (no invisible or right-to-left character in the
    repository), one item a line so that a change of the data reads as a diff."""
    items = data.items() if isinstance(data, dict) else None
    if items is not None and all(isinstance(v, str) for _, v in items):
        lines = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in items]
        return "{\n" + ",\n".join(lines) + "\n}\n"
    return json.dumps(data, separators=(",", ":")).replace("],[", "],\n[") + "\n"
