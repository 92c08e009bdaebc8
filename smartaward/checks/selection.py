"""Which diagnostics `validate` reports: --select, --ignore, --strict and cycle.yaml's `validate:`.

Pure and cheap: no pydantic on the common path, so a validation answered from the cache stays fast.
Filtering happens after checking (and after caching): the checks always find every problem, and
the selection only decides what is shown and what fails.

Rules (docs/cli.md):
- a code or a prefix (`J401`, `J4`, `J`) matches every catalogue code that starts with it;
- a problem is reported when it matches `select` (if there is one) and does not match `ignore`;
- the command line adds to the cycle's settings: `ignore` is the union of both, the command
  line's `select` replaces the cycle's when given, and `strict` holds if either says so;
- when cycle.yaml cannot be read, or its `validate:` block is invalid, the cycle's settings are not
  applied and every problem of cycle.yaml is reported, whatever the selection says: a broken
  setting never hides the problem that broke it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smartaward.diagnostics import CODE_PREFIX, Diagnostic, code_problem

if TYPE_CHECKING:
    from smartaward.reading.cache import Cache

class UnknownCode(ValueError):
    """A code or prefix that matches no diagnostic code."""


def parse_codes(values: Iterable[str] | None, option: str) -> tuple[str, ...] | None:
    """Codes from repeated and comma-separated options, upper-cased; None when none were given.

    Raises UnknownCode with a message naming the option for a value that matches no code.
    """
    if not values:
        return None
    codes: list[str] = []
    for item in values:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            code = part.upper() if CODE_PREFIX.match(part.upper()) else part
            if (problem := code_problem(code)) is not None:
                raise UnknownCode(f"{option}: {problem}")
            if code not in codes:
                codes.append(code)
    if not codes:
        raise UnknownCode(f"{option}: no code given")
    return tuple(codes)


def matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(prefix) for prefix in prefixes)


@dataclass(frozen=True)
class Settings:
    """The `validate:` block of cycle.yaml (model.ValidateSettings, as plain data)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    strict: bool = False


@dataclass(frozen=True)
class Selection:
    """What one cycle's report keeps; `always` names a file whose problems are always kept."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    strict: bool = False
    always: str | None = None

    def keeps(self, d: Diagnostic) -> bool:
        if d.file == self.always:
            return True
        return (self.select is None or matches(d.code, self.select)) and not matches(d.code, self.ignore)

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        if self.select is None and not self.ignore:
            return list(diagnostics)
        return [d for d in diagnostics if self.keeps(d)]


def combine(cycle: Settings | None, select: tuple[str, ...] | None, ignore: tuple[str, ...] | None,
            strict: bool, cycle_file: str) -> Selection:
    """The command line's options added to the cycle's settings (None: they could not be read)."""
    own = cycle if cycle is not None else Settings()
    ignored = tuple(dict.fromkeys([*own.ignore, *(ignore or ())]))
    return Selection(select=select if select is not None else own.select, ignore=ignored,
                     strict=strict or own.strict, always=None if cycle is not None else cycle_file)


def _plain(block: dict[str, Any]) -> Settings:
    select = block.get("select")
    return Settings(select=tuple(select) if select is not None else None, ignore=tuple(block.get("ignore") or ()),
                    strict=bool(block.get("strict", False)))


def read_settings(raw: bytes | None, cycle_file: str, problems: Iterable[Diagnostic],
                  cache: Cache | None = None) -> Settings | None:
    """The `validate:` settings of cycle.yaml from its bytes; None when they cannot be read.

    `problems` are the cycle's diagnostics (every one, before any selection). The data comes from
    the cache when the file parsed cleanly before (no YAML import), else from parsing the bytes.
    When cycle.yaml has no YAML or schema problem, the whole file was accepted by the model, so
    the block is read as plain data without loading pydantic; otherwise the block alone is
    checked against the model.
    """
    if raw is None:
        return None
    from smartaward.reading.cache import MISS

    data = cache.parsed(raw) if cache is not None else MISS
    if data is MISS:
        from smartaward.reading.source import parse_bytes

        doc, trouble = parse_bytes(raw, cycle_file)
        if trouble:
            return None
        data = doc.data
    if not isinstance(data, dict):
        return None
    if "validate" not in data:
        return Settings()
    block = data["validate"]
    if isinstance(block, dict) and not any(d.file == cycle_file and d.code[0] in "YS" for d in problems):
        return _plain(block)
    from pydantic import ValidationError

    from smartaward.model.cyclefiles import ValidateSettings

    try:
        settings = ValidateSettings.model_validate(block)
    except ValidationError:
        return None
    return Settings(select=tuple(settings.select) if settings.select is not None else None,
                    ignore=tuple(settings.ignore), strict=settings.strict)
