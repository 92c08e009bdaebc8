"""The rich console that terminal tables are drawn on."""

from __future__ import annotations

from rich.console import Console


def console(stderr: bool = False) -> Console:
    """A console for stdout (or stderr). Piped or captured output is not squeezed to 80 columns:
    the same width on every machine."""
    shown = Console(stderr=stderr, highlight=False)
    if not shown.is_terminal:
        shown = Console(stderr=stderr, highlight=False, width=160, color_system=None)
    return shown
