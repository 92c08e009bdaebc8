"""Parse a big cycle's files on every core, in order, while the main process uses each result.

Parsing YAML is pure Python-bound work, so threads do not help; worker processes do. Each worker
receives a file's bytes (exactly the bytes the cache key was computed from), parses them with the
same `source.parse_bytes` as the serial path, and sends back the data as `marshal` bytes — far
quicker to move between processes than pickled objects — with its problems. Results come back in
file order, so the outcome is identical to the serial path (tests/test_fastpath.py checks it);
meanwhile the main process validates and indexes each file as it arrives.

Workers are started with "spawn", never "fork": the main process may run a progress-bar thread.

Stopping (tests/test_signals.py): the main process alone decides when to stop. Workers ignore
SIGINT — a terminal sends Ctrl-C to the whole process group, and a worker's KeyboardInterrupt
would only print a traceback and wedge the pool — and they are started with SIGINT blocked, so
that even one caught while it starts up ignores it. When the main process is interrupted
(interrupts.py), or stops consuming results for any other reason, it kills its workers at once
instead of waiting for the work still queued for them. On Linux a worker also dies with the main
process (PR_SET_PDEATHSIG), so that `kill -9` of smartaward leaves no worker behind.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator

from . import interrupts
from .cache import Cache
from .diagnostics import Diagnostic
from .source import Document, decode, parse_bytes

Task = tuple[bytes, str, bool, str | None]  # raw bytes, shown name, use the sheet fast path, cache folder
Result = tuple[bytes | None, list[tuple[str, int, int, str, str]], list[tuple[int, int]]]

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the process that started it dies (even by SIGKILL)."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


def _start_worker(parent: int) -> None:
    """Runs first in every worker: SIGINT is the main process's business."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by _sigint_blocked, now ignored
    _die_with_parent(parent)


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread while workers are spawned: a new process inherits the mask, so
    a Ctrl-C that arrives before its start-up has set SIGINT aside waits instead of raising in it. In
    this process the signal is only delayed, to the end of the block."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _parse(task: Task) -> Result:
    raw, shown, sheet, cache_dir = task
    from .fastpath import parse_sheet

    cache = Cache(Path(cache_dir)) if cache_dir is not None else None
    doc, problems = parse_bytes(raw, shown, parse_sheet if sheet else None, cache)
    blob = marshal.dumps(doc.data) if doc.data is not None else None
    rows = [(d.file, d.line, d.column, d.code, d.message) for d in problems]
    return blob, rows, sorted(doc.refused)


def parse_all(tasks: list[Task]) -> Iterator[tuple[Document, list[Diagnostic]]]:
    """What `parse_bytes` gives for each task, in order, computed in worker processes."""
    context = multiprocessing.get_context("spawn")
    others = {child.pid for child in multiprocessing.active_children()}

    def kill_workers() -> None:
        """SIGKILL to every worker of this pool: no waiting for queued work, nothing to clean up."""
        for child in multiprocessing.active_children():
            if child.pid not in others:
                with suppress(OSError):
                    child.kill()

    pool = ProcessPoolExecutor(max_workers=workers(), mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(),))
    finished = False
    try:
        with interrupts.stopping(kill_workers):
            with _sigint_blocked():
                results = pool.map(_parse, tasks, chunksize=4)
            for (raw, shown, _, _), (blob, rows, refused) in zip(tasks, results):
                problems = [Diagnostic(*row) for row in rows]
                if blob is None:
                    yield Document(shown), problems
                    continue
                text, _ = decode(raw, shown)  # kept for positions, found on demand
                yield Document(shown, marshal.loads(blob), text, set(refused)), problems
        finished = True
    finally:
        if not finished:  # interrupted, failed, or abandoned by the consumer: queued work is dropped
            kill_workers()
        pool.shutdown(wait=True, cancel_futures=True)  # quick once the workers are dead; reaps them
