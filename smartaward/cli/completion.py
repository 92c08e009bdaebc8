"""Shell completion of the values of arguments and options (`smartaward --install-completion`).

Each function here is a typer `autocompletion` callback: it is called by the completion entry
point (the shell sets `_SMARTAWARD_COMPLETE`, typer answers and exits) with the words typed so far
parsed leniently into `ctx.params`, and returns the values that start with the word being completed.

A completion never prints anything else and never fails: whatever goes wrong (no cycle here, a
broken file, an unreadable folder) completes nothing, and anything the reading code would say on
stderr is swallowed. Paths complete to nothing on purpose: typer's bash script then falls back to
the shell's own file and folder completion (`complete -o default`), and its zsh script to
`_files`, which handle folders, spaces and `~` better than any list printed here could.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

Completions = list[tuple[str, str]]


@contextmanager
def _silently() -> Iterator[None]:
    """Run a completion with stdout and stderr captured: only the shell's answer may be printed."""
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        yield


def _guarded(find: Callable[[Any, str], Completions]) -> Callable[[Any, str], Completions]:
    """A completion that completes nothing, silently, when it fails for any reason."""
    def complete(ctx: Any, incomplete: str) -> Completions:
        try:
            with _silently():
                return [(value, shell_safe(help_)) for value, help_ in find(ctx, incomplete)
                        if value.startswith(incomplete) and is_shell_safe(value)]
        except Exception:  # noqa: BLE001 - a completion must never show an error: it completes nothing
            return []

    complete.__name__ = find.__name__
    complete.__doc__ = find.__doc__
    return complete


# What a completion's value or description may hold, for every shell: letters, digits, spaces and
# `. , - _ / +`. Typer's zsh answer is evaluated (`eval $(...)`, then _arguments evaluates the list
# again) and escapes neither `\\` nor `<(...)`; bash word-splits and globs its answer. A title or a
# name comes from the cycle's files, which anyone may write: nothing in it may reach a shell as code.
_SAFE_PUNCTUATION = frozenset(" .,-_/+")


def _safe_character(character: str) -> bool:
    return character.isalnum() or character in _SAFE_PUNCTUATION


def shell_safe(text: str) -> str:
    """A description (an entry's title, a judge's name) as a completion may show it: on one line,
    every character but letters, digits, spaces and `. , - _ / +` made a space, spaces collapsed."""
    import unicodedata

    kept = "".join(c if _safe_character(c) else " " for c in unicodedata.normalize("NFC", _one_line(text)))
    return " ".join(kept.split())


def is_shell_safe(value: str) -> bool:
    """Whether a value (an id) may be offered as it is: a value cannot be changed, only left out."""
    return all(_safe_character(c) and c != " " for c in value)


def paths(incomplete: str) -> list[str]:
    """CYCLE, --cycle, --out, FILE: nothing, so that the shell completes files and folders itself.
    Typer 0.29 (pyproject pins it) completes a path to nothing too; click 8's Path type answered
    the word typed, which bash would take as the one completion."""
    return []


def _root(ctx: Any) -> Path:
    """The cycle folder the command line names so far (its CYCLE argument or --cycle), else the
    current folder's."""
    from smartaward.reading.files import find_cycle_root

    given = _arguments(ctx).get("cycle") or _arguments(ctx).get("path") or ctx.params.get("cycle") or ctx.params.get("path")
    return find_cycle_root(Path(given) if given else Path("."))


def _arguments(ctx: Any) -> dict[str, Any]:
    """The command's arguments as typed so far. While an option's value is completed (`import scores
    f.xlsx CYCLE --round <Tab>`), click stops parsing at that option: the options before it are in
    ctx.params, but the arguments are left unconverted in ctx.args, so they are parsed again here."""
    if not ctx.args:
        return {}
    again = ctx.command.make_context(ctx.info_name, list(ctx.args), parent=ctx.parent, resilient_parsing=True)
    return dict(again.params)


def _loaded(ctx: Any, *roles: str) -> Any:
    """The cycle's files of these roles ("cycle", "judges", "entries"), parsed through the cache
    (an unchanged file is not parsed again), never reporting: the score sheets, most of a big
    cycle, are not parsed at all."""
    from dataclasses import replace

    from smartaward.reading.cache import Cache, default_directory
    from smartaward.reading.files import collect
    from smartaward.reading.load import load_cycle

    directory = default_directory()
    cache = Cache(directory, report=lambda problem: None) if directory is not None else None
    files = collect(_root(ctx))
    return load_cycle(replace(files, files=[file for file in files.files if file.role in roles]), cache=cache)


def _one_line(text: str) -> str:
    from smartaward.text.cells import one_line

    return one_line(text)


@_guarded
def entries(ctx: Any, incomplete: str) -> Completions:
    """`explain ENTRY`: the entry ids of the cycle, each with its title."""
    cycle = _loaded(ctx, "cycle", "entries")
    return [(entry_id, _one_line(record.entry.title)) for entry_id, record in sorted(cycle.entry_index.items())]


@_guarded
def codes(ctx: Any, incomplete: str) -> Completions:
    """`explain-code CODE`: the diagnostic codes, each with its name (in the case typed: m3 → m301),
    and, once a word is begun, the names too (mark-out → mark-out-of-scale)."""
    from smartaward.diagnostics import CATALOGUE

    lower = incomplete[:1].islower()
    found = [(code.lower() if lower else code, entry.name) for code, entry in sorted(CATALOGUE.items())]
    if incomplete:
        found += sorted((entry.name, code) for code, entry in CATALOGUE.items())
    return found


@_guarded
def rounds(ctx: Any, incomplete: str) -> Completions:
    """--round: the rounds of the cycle's calls, in cycle.yaml's order."""
    spec = _loaded(ctx, "cycle").spec
    seen: dict[str, str] = {}
    for call_id, call in spec.calls.items():
        for round_id in call.rounds:
            seen.setdefault(round_id, f"a round of {call_id}")
    return list(seen.items())


@_guarded
def judges(ctx: Any, incomplete: str) -> Completions:
    """--judge: the judge ids of judges.yaml, each with the judge's name."""
    cycle = _loaded(ctx, "judges")
    return [(judge_id, _one_line(judge.name)) for judge_id, judge in sorted(cycle.judges.items())]



@_guarded
def code_list(ctx: Any, incomplete: str) -> Completions:
    """`validate --select` and `--ignore`: the diagnostic codes (a prefix typed, J4, completes to
    its codes), each with its name, in the case typed; after a comma (`J401,M3`) the codes that
    complete the last one, the ones before it kept."""
    from smartaward.diagnostics import CATALOGUE

    before, _, last = incomplete.rpartition(",")
    head = f"{before}," if before else ""
    lower = last[:1].islower()
    return [(head + (code.lower() if lower else code), entry.name) for code, entry in sorted(CATALOGUE.items())]
