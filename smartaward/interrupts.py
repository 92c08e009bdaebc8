"""Ctrl-C and `kill`: any command stops within a moment, cleanly, at any point.

`install()` (called once by cli.main) makes SIGINT and SIGTERM raise `Interrupted`, a
BaseException: `except Exception` handlers (and click's handling of KeyboardInterrupt) let it
through, while `finally` blocks and context managers still run, so staging folders are removed,
the progress bar stops and shows the cursor again, and worker processes are killed. The command
then exits with 128 + the signal's number, as a shell reports a process stopped by it: 130 for
SIGINT, 143 for SIGTERM.

Before raising, the handler runs the registered stoppers (`stopping`): parallel.py registers one
that kills its worker processes at once, so that nothing waits for work still queued for them.

`deferred()` holds signals back during a step that must not stop half way (moving staged files
into place, or putting the old ones back): a signal that arrives inside acts at its end.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_stoppers: list[Callable[[], None]] = []


class Interrupted(BaseException):
    """A signal asked the command to stop (SIGINT: Ctrl-C; SIGTERM: kill)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as shells report it: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _stop_helpers() -> None:
    for stop in list(_stoppers):
        with suppress(Exception):  # a stopper must never hide the interruption itself
            stop()


# The signals the handler has raised Interrupted for in this process. Code between the handler and
# cli.main may swallow the exception (pydantic-core turns one raised while it builds a validator into
# a SchemaError's message; a library may catch BaseException): cli.main asks `received` and stops
# all the same.
_received: list[int] = []


def _raise(signum: int, frame: Any) -> None:
    _received.append(signum)
    _stop_helpers()
    raise Interrupted(signum)


def received() -> int | None:
    """The first signal that interrupted this command, if one did (whatever became of its exception)."""
    return _received[0] if _received else None


def install() -> None:
    """SIGINT and SIGTERM raise Interrupted in the main thread (only the main thread can set handlers).

    A signal that is ignored stays ignored, as Python does for SIGINT: a shell starts background
    jobs (`smartaward export ... &` in a script) and `nohup` commands with them ignored on purpose,
    so that a Ctrl-C meant for the foreground leaves them running.
    """
    if not _main_thread():
        return
    _received.clear()  # a new command (tests run several in one process)
    for signum in SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _raise)


def ignore() -> None:
    """Further SIGINT and SIGTERM ignored: the command is already stopping (a second Ctrl-C must not
    interrupt its last words)."""
    if _main_thread():
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_IGN)


@contextmanager
def stopping(stop: Callable[[], None]) -> Iterator[None]:
    """Run `stop` when a signal interrupts the command inside this block (before Interrupted is raised)."""
    _stoppers.append(stop)
    try:
        yield
    finally:
        with suppress(ValueError):
            _stoppers.remove(stop)


@contextmanager
def deferred() -> Iterator[None]:
    """Signals that arrive inside this block take effect at its end (outside the main thread,
    where no handler can be set, nothing is deferred)."""
    if not _main_thread():
        yield
        return
    caught: list[int] = []
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
    for signum in SIGNALS:
        signal.signal(signum, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if caught:
            signal.raise_signal(caught[0])  # the previous handler acts now, as if it arrived here
