"""What a cache record may hold: exactly what a fresh parse (or validation, or computation of results)
can produce, nothing else.

A record that passed its checksum was written by someone who may write the cache folder — normally
smartaward itself. These checks make sure that even a record made some other way (by hand, by a
bug, by an attacker with this user's rights) cannot hand the rest of smartaward a value its code
never meets when it parses the file itself: a NaN mark, a number too big to print, a tuple, a
code object, a list that contains itself. Such a record is a miss, and the file is parsed afresh.

Both checks run on what `marshal.loads` returned, so every value has an exact built-in type (no
subclasses, no objects with methods of their own): that is what lets the C shortcuts below decide.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import chain
from math import fsum, isfinite
from typing import Any

from smartaward.diagnostics import CATALOGUE

# = source.MAX_DEPTH, the deepest nesting the reader builds (source imports the cache, so the value is
# repeated here; tests/test_cache.py keeps the two equal).
MAX_DEPTH = 100
_POSITION_LIMIT = 1 << 62  # lines and columns: far beyond any file smartaward reads


@lru_cache(maxsize=4)
def _int_bound(digits: int) -> int | None:
    """Ints a parse can build have at most this many digits (Python's limit on int(text); 0: none)."""
    return 10 ** digits if digits else None


def _utf8(text: str) -> bool:
    """Whether the text can be written as UTF-8: no lone surrogates, which a decoded file never has."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _finite_numbers(values: Iterable[Any]) -> bool:
    """True if every value is an int, float or bool, no float is NaN or infinite and no int is beyond
    what a float holds (so far below the digit limit): one pass in C. False decides nothing: the
    caller then looks at each value."""
    try:
        return isfinite(fsum(values))
    except (TypeError, OverflowError, ValueError):
        return False


_NONE = type(None)


def _plain_scalars(values: Iterable[Any], bound: int | None) -> bool:
    """True if every value is an int, float or bool as _finite_numbers says (and within `bound`), or
    every one is a text without lone surrogates, once the Nones among them are left out (a column of
    a kept ranking: scores, some missing; titles; awards, most None): checked in a few C passes.
    False decides nothing: the caller then looks at each value."""
    if _finite_numbers(values):
        return _within(values, bound)
    present = [value for value in values if value is not None]
    if not present:
        return True
    if _finite_numbers(present):
        return _within(present, bound)
    try:
        text = "".join(present)  # a TypeError for anything but a str
    except TypeError:
        return False
    return text.isascii() or _utf8(text)


# Every int that fsum takes is below this (beyond it, converting to a float overflows).
_FLOAT_INT_LIMIT = 1 << 1024


def _within(numbers: Iterable[Any], bound: int | None) -> bool:
    """Whether numbers that _finite_numbers passed are within the bound on ints: a bound beyond what
    a float holds (a parse's digit limit) is theirs already; a document's (the largest float) is
    checked, as an int just beyond the largest float still converts to one."""
    return bound is None or bound >= _FLOAT_INT_LIMIT or -bound < min(numbers) and max(numbers) < bound


def _mappings_of_numbers(values: Any, seen: set[int], bound: int | None) -> bool | None:
    """For values that are all mappings of text to numbers (a sheet's `scores`): True if they pass
    (their ids now in `seen`), False if one of them was met before (shared); None if they are not of
    this shape, or not all plainly fine (the caller then walks them one by one)."""
    try:
        keys = "".join(chain.from_iterable(values))  # a TypeError for a key that is not text
        if not isfinite(fsum(chain.from_iterable(map(dict.values, values)))):  # a TypeError for a non-mapping
            return None
        if not _within(chain.from_iterable(map(dict.values, values)), bound):
            return None
    except (TypeError, OverflowError, ValueError):
        return None
    if not keys.isascii() and not _utf8(keys):
        return None
    before = len(seen)
    seen.update(map(id, values))
    return len(seen) == before + len(values)


def parser_data(root: Any) -> bool:
    """Whether `root` is data that source.py's reader (or fastpath's scanner) builds from a file without
    problems: a non-empty dict or list at the top; below it dicts with str keys, lists, str without
    lone surrogates, int (within Python's digit limit), finite float, bool, None; no list or dict met
    twice (shared, or inside itself); nesting within MAX_DEPTH.

    An iterative walk (no recursion limit to meet), cheap enough for the warm path of a 3-million-mark
    cycle: a list or mapping of numbers (a score line's marks) is checked in one C call, and so is a
    mapping of such mappings (a sheet's scores); everything else value by value.
    """
    return _plain_data(root, _int_bound(sys.get_int_max_str_digits()))


# Ints a document of results holds: counts, ranks, positions. Any a float can hold is allowed (JSON's
# numbers), none beyond: a record with one was not written by us.
_DOCUMENT_INT_BOUND = int(sys.float_info.max) + 1


def document_data(root: Any) -> bool:
    """Whether `root` is JSON-like data, as a results record (publishing/published.py) holds: a
    non-empty dict or list at the top; below it dicts with str keys, lists, str without lone
    surrogates, int within the range of a float, finite float, bool, None; no list or dict met twice;
    nesting within MAX_DEPTH. Its shape is then checked by `Published.from_record`."""
    return _plain_data(root, _DOCUMENT_INT_BOUND)


def _plain_data(root: Any, bound: int | None) -> bool:
    """parser_data and document_data: the walk, with the bound on ints (None: none)."""
    if type(root) is not dict and type(root) is not list or not root:
        return False
    seen = {id(root)}
    stack = [(root, 0)]
    pop, push, add, join = stack.pop, stack.append, seen.add, "".join
    while stack:
        node, depth = pop()
        if type(node) is dict:
            try:
                keys = join(node)  # one C pass: a TypeError for any key that is not a str
            except TypeError:
                return False
            if not keys.isascii() and not _utf8(keys):
                return False
            values: Iterable[Any] = node.values()
        else:
            values = node
        if not node:
            continue
        depth += 1  # the depth of the values
        if depth > MAX_DEPTH:
            return False
        kind = type(next(iter(values)))
        if kind is float or kind is int or kind is str or kind is _NONE:
            if _plain_scalars(values, bound):  # all numbers or all texts (or None), all fine: a few C calls
                continue
        elif kind is dict and depth < MAX_DEPTH:
            shape = _mappings_of_numbers(values, seen, bound)  # all mappings of numbers: one C call
            if shape is not None:
                if not shape:
                    return False
                continue
        if not _each_value(values, depth, bound, seen, add, push):
            return False
    return True


def _each_value(values: Iterable[Any], depth: int, bound: int | None, seen: set[int], add: Callable[[int], None],
                push: Callable[[tuple[Any, int]], None]) -> bool:
    """Whether every value (at `depth`) is one a parse builds; a list or dict met for the first time
    is added to `seen` (by `add`) and pushed on the stack of nodes to walk (by `push`)."""
    for value in values:
        kind = type(value)
        if kind is str:
            if not value.isascii() and not _utf8(value):
                return False
        elif kind is float:
            if not isfinite(value):
                return False
        elif kind is int:
            if bound is not None and not -bound < value < bound:
                return False
        elif kind is dict or kind is list:
            if id(value) in seen:
                return False
            add(id(value))
            push((value, depth))
        elif value is not None and kind is not bool:
            return False
    return True


def _position(value: Any) -> bool:
    return type(value) is int and 0 <= value < _POSITION_LIMIT


def _text(value: Any) -> bool:
    return type(value) is str and bool(value) and (value.isascii() or _utf8(value))


def diagnostic_rows(rows: Any) -> bool:
    """Whether `rows` is what a validation stores: a list of (file, line >= 0, column >= 0, a code of
    the catalogue, message) with non-empty text."""
    if type(rows) is not list:
        return False
    for row in rows:
        if type(row) is not tuple or len(row) != 5:
            return False
        file, line, column, code, message = row
        if not (_text(file) and _position(line) and _position(column) and type(code) is str
                and code in CATALOGUE and _text(message)):
            return False
    return True
