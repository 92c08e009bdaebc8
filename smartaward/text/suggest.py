""""Did you mean …?": the allowed values nearest to one that is not allowed, for every message that
names an unknown id, key or value (import's cells, validate's references and keys, the CLI's
options). One place, so that every message suggests the same way.

Values are compared folded (`fold`: case, accents, spaces, `_`, `.` and `-` do not matter), first
for a match that differs only so (`Climate-Environment` is `climate_environment`), then by
difflib's ratio, which is deterministic: the same value and choices give the same suggestions.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

from smartaward.text.names import latin

_SEPARATORS = re.compile(r"[\s_.\-]+")
CUTOFF = 0.6  # difflib's own default: below it, a suggestion misleads more than it helps
_MAX_CHOICES = 2_000  # beyond this many choices, only folded equality and prefixes are tried (speed)
_CANDIDATES = 10  # and at most this many of them


def fold(text: str) -> str:
    """A value as people may write it: case, accents, compatibility forms, spaces, `_`, `.` and `-`
    folded away ("Climate and environment", "climate-and-environment" and "CLIMATE AND ENVIRONMENT"
    fold the same; "Café" is "cafe")."""
    text = latin(unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(_SEPARATORS.split(text)).strip()


def nearest(value: str, choices: Mapping[str, str | None] | Iterable[str], limit: int = 3) -> list[str]:
    """The choices (ids) nearest to `value`, best first, at most `limit`; [] when none is near.
    `choices` may map each id to its title (or name): a value near the title suggests the id."""
    return Folded(choices).nearest(value, limit)


class Folded:
    """Choices folded once, for many values to be compared with them (checks/nearby.py suggests for
    every unknown reference of a cycle against the same entries). Among more than `_MAX_CHOICES`
    choices, only those that start with the folded value or are its start are compared (found by
    bisection in the forms sorted once), at most `_CANDIDATES` of them."""

    def __init__(self, choices: Mapping[str, str | None] | Iterable[str]) -> None:
        self.titled: Mapping[str, str | None] = choices if isinstance(choices, Mapping) else dict.fromkeys(choices)
        self.forms: dict[str, list[str]] = {}  # a folded id or title → its choices
        for choice, title in self.titled.items():
            for form in {fold(choice), fold(title)} if title else {fold(choice)}:
                self.forms.setdefault(form, []).append(choice)
        self._sorted: list[str] | None = None

    @property
    def large(self) -> bool:
        return len(self.titled) > _MAX_CHOICES

    @property
    def cost(self) -> int:
        """How many choices one value is compared with."""
        return _CANDIDATES if self.large else len(self.titled)

    def nearest(self, value: str, limit: int = 3) -> list[str]:
        if not self.forms or limit <= 0:
            return []
        wanted = fold(value)
        exact = _unique(self.forms.get(wanted, []))
        if exact:
            return exact[:limit]
        compared = self._around(wanted) if self.large else sorted(self.forms)
        forms = difflib.get_close_matches(wanted, compared, n=limit * 2, cutoff=CUTOFF)
        return _unique(choice for form in forms for choice in sorted(self.forms[form]))[:limit]

    def did_you_mean(self, value: str, limit: int = 3) -> str:
        return suggestion(self.nearest(value, limit), self.titled)

    def _around(self, wanted: str) -> list[str]:
        """The forms that start with `wanted` (the first `_CANDIDATES`) and those that are its start."""
        if self._sorted is None:
            self._sorted = sorted(self.forms)
        start = bisect.bisect_left(self._sorted, wanted)
        longer = [form for form in self._sorted[start:start + _CANDIDATES] if form.startswith(wanted)]
        shorter = [wanted[:end] for end in range(len(wanted) - 1, 0, -1) if wanted[:end] in self.forms]
        return (longer + shorter)[:_CANDIDATES]


def did_you_mean(value: str, choices: Mapping[str, str | None] | Iterable[str], limit: int = 3) -> str:
    """"did you mean 'climate' (Climate and environment)?", or "" when no choice is near. Titles are
    shown beside ids where they differ from the id."""
    titled: Mapping[str, str | None] = choices if isinstance(choices, Mapping) else dict.fromkeys(choices)
    return suggestion(nearest(value, titled, limit), titled)


def suggestion(found: list[str], titled: Mapping[str, str | None]) -> str:
    """"did you mean 'a' (Title A) or 'b'?" for the choices found (best first), or "" for none."""
    return f"did you mean {_or(found, titled)}?" if found else ""


def allowed(choices: Mapping[str, str | None] | Iterable[str], limit: int = 8) -> str:
    """The allowed values, for a message: "'climate' (Climate and environment), 'mobility'" — all of
    them up to `limit`, then "and N more"."""
    titled: Mapping[str, str | None] = choices if isinstance(choices, Mapping) else dict.fromkeys(choices)
    ids = sorted(titled)
    shown = ", ".join(_named(choice, titled.get(choice)) for choice in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _named(choice: str, title: str | None) -> str:
    return f"{choice!r} ({title})" if title and fold(title) != fold(choice) else repr(choice)


def _or(found: list[str], titled: Mapping[str, str | None]) -> str:
    named = [_named(choice, titled.get(choice)) for choice in found]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
