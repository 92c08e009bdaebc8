"""A progress bar on stderr for work that takes more than about a second.

It appears only after `delay` seconds (a small cycle never flickers one), only when stderr is a
terminal, and vanishes when done (transient), so piped and CI output stay clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Report = Callable[[str, int, int], None]


@contextmanager
def progress_bar(quiet: bool, *, delay: float = 1.0) -> Iterator[Report | None]:
    if quiet or not sys.stderr.isatty():
        yield None
        return
    started = time.monotonic()
    bar: Any = None
    tasks: dict[str, Any] = {}

    def report(what: str, done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            if time.monotonic() - started < delay:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           console=Console(stderr=True), transient=True)
            bar.start()
        if what not in tasks:
            tasks[what] = bar.add_task(what, total=total)
        bar.update(tasks[what], completed=done, total=total)

    try:
        yield report
    finally:
        if bar is not None:
            bar.stop()
