"""Pairs sheets: each comparison is [winner, loser], two different entries of one call and category
(M309), and a judge compares a pair once: further judgments of it are shared, and said (M310).

A sheet can hold a million bad comparisons: the first ones of each code are made into diagnostics
and the rest only counted (`_capped`), which the cap on diagnostics per file and code would leave
out anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from smartaward.checks.marks import written
from smartaward.diagnostics import MAX_PER_FILE_AND_CODE, Diagnostic
from smartaward.reading.load import Cycle, Sheet, is_pair

Problem = TypeVar("Problem")


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    for sheet in cycle.sheets:
        if sheet.key == "pairs" and type(sheet.doc.data) is dict:
            items = sheet.doc.data.get("pairs") or ()
            yield from _bad_pairs(cycle, sheet, items)
            yield from _repeated_pairs(cycle, sheet, items)


def _bad_pairs(cycle: Cycle, sheet: Sheet, items: Any) -> Iterator[Diagnostic]:
    """Each item of a pairs sheet is [winner, loser]: two different entries of one call and category
    (M309). An entry the cycle lacks is R205 (references.py, at the first pair naming it)."""
    index = cycle.entry_index

    def problems() -> Iterator[tuple[int, str]]:
        for item, pair in enumerate(items):
            message = _pair_problem(index, pair) if is_pair(pair) else _pair_shape(sheet, item, pair)
            if message is not None:
                yield item, message

    yield from _capped(cycle, sheet, "M309", problems(), lambda found: sheet.doc.diagnostic(("pairs", found[0]), "M309", found[1]))


def _capped(cycle: Cycle, sheet: Sheet, code: str, problems: Iterable[Problem],
            make: Callable[[Problem], Diagnostic]) -> Iterator[Diagnostic]:
    """The first MAX_PER_FILE_AND_CODE + 1 of a sheet's problems of one code made into diagnostics
    (the cap keeps as many, and says the rest at the next one's place), the others only counted in
    cycle.omitted: making a diagnostic finds its position in the file, which a million would not afford."""
    more = 0
    for made, problem in enumerate(problems, start=1):
        if made <= MAX_PER_FILE_AND_CODE + 1:
            yield make(problem)
        else:
            more += 1
    if more:
        cycle.omitted[(sheet.doc.file, code)] = more


def _repeated_pairs(cycle: Cycle, sheet: Sheet, items: Any) -> Iterator[Diagnostic]:
    """M310 at each judgment of a pair the sheet has judged already (either way round): a judge's
    judgments of one pair are one comparison, shared by how often each side won (judging/pairs.py),
    so a judge who writes a pair many times does not outweigh one who writes it once."""
    won: dict[tuple[str, str], int] = {}  # (winner, loser) -> judgments
    first: dict[frozenset[str], int] = {}  # the pair -> its first item
    repeats: list[tuple[int, str, str]] = []
    for item, pair in enumerate(items if type(items) is list else ()):
        if not is_pair(pair) or pair[0] == pair[1]:
            continue  # M309
        winner, loser = pair
        won[(winner, loser)] = won.get((winner, loser), 0) + 1
        key = frozenset(pair)
        if key in first:
            repeats.append((item, winner, loser))
        else:
            first[key] = item

    def again(repeat: tuple[int, str, str]) -> Diagnostic:
        item, a, b = repeat
        line = sheet.doc.at(("pairs", first[frozenset((a, b))]))[0]
        times_a, times_b = won.get((a, b), 0), won.get((b, a), 0)
        return sheet.doc.diagnostic(("pairs", item), "M310", (
            f"judge {sheet.judge!r} compares {a!r} and {b!r} again (first on line {line}): a judge's judgments of one pair "
            f"count as one comparison, so these {times_a + times_b} count as {a!r} {_share(times_a, times_b)}, "
            f"{b!r} {_share(times_b, times_a)}"))

    yield from _capped(cycle, sheet, "M310", repeats, again)


def _share(mine: int, theirs: int) -> str:
    """A side's share of a judge's judgments of a pair, as `rank` reads it: "0.75 (3 of 4)"."""
    return f"{mine / (mine + theirs):.4g} ({mine} of {mine + theirs})"


def _pair_shape(sheet: Sheet, item: int, pair: Any) -> str | None:
    """What M309 says of an item that is not two texts (None where the reader refused it already)."""
    if sheet.doc.refused_at(("pairs", item)):
        return None
    if type(pair) is list and len(pair) != 2:
        shown = f"a list of {len(pair)} item{'s' if len(pair) != 1 else ''}"
    elif type(pair) is list:
        shown = f"[{written(pair[0])}, {written(pair[1])}]"
    else:
        shown = written(pair)
    return f"a comparison is [winner, loser], two entry ids (the first beats the second), not {shown}"


def _pair_problem(index: dict[str, Any], pair: list[str]) -> str | None:
    """What M309 says of two entry ids that cannot be compared (None: they can, or one is unknown: R205)."""
    winner, loser = pair
    if winner == loser:
        return f"{winner!r} is compared with itself: a comparison is between two different entries"
    first, second = index.get(winner), index.get(loser)
    if first is None or second is None:
        return None
    a, b = first.entry, second.entry
    if (a.call, a.category) != (b.call, b.category):
        return (f"{winner!r} ({a.call}/{a.category}) and {loser!r} ({b.call}/{b.category}) are not ranked together: "
                "compare only entries of one call and category")
    return None
