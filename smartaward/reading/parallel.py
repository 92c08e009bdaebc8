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
would only print a traceback and wedge the pool — once they run our code; before that, while a
worker's interpreter starts, a Ctrl-C can only end it, and its standard error is /dev/null so
that this prints nothing (_quiet_start). Signals to the main process wait while a worker is being
started, so that every worker started is known, and killed. When the main process is interrupted
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from smartaward import interrupts
from smartaward.diagnostics import Diagnostic
from smartaward.reading.cache import Cache
from smartaward.reading.source import Document, parse_bytes

Task = tuple[bytes, str, str | None, str | None]  # raw bytes, shown name, the role whose line scanner to use (or None), cache folder
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
    _die_with_parent(parent)


@contextmanager
def _quiet_start() -> Iterator[None]:
    """The new process's standard error is /dev/null: what a worker could print there (a
    KeyboardInterrupt or EOFError raised while its interpreter starts and imports, before
    _start_worker can ignore SIGINT: 1 Ctrl-C in 3 at that moment printed one) is nothing the user
    can act on. A worker reports through its pipe; one that dies is WorkerLost, and the main process
    parses the rest itself, where any error is reported. This process's own standard error is
    elsewhere only while the worker is spawned (signals wait meanwhile: interrupts.deferred)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@lru_cache(maxsize=1)
def _cache(cache_dir: str) -> Cache:
    """The worker's cache: its folder checked once per process, not once per file. It only writes,
    and says nothing (the main process reports a folder it may not use, and then sends none)."""
    return Cache(Path(cache_dir))


def _scanner(role: str | None) -> Callable[[str], Any] | None:
    """The line scanner load.py uses for a file of this role (score sheets, entries), or None."""
    if role == "scores":
        from smartaward.reading.fastpath import parse_sheet

        return parse_sheet
    if role == "entries":
        from smartaward.reading.entryscan import parse_entries

        return parse_entries
    return None


def _parse(task: Task) -> Result:
    raw, shown, role, cache_dir = task
    cache = _cache(cache_dir) if cache_dir is not None else None
    doc, problems = parse_bytes(raw, shown, _scanner(role), cache)
    blob = marshal.dumps(doc.data) if doc.data is not None else None
    rows = [(d.file, d.line, d.column, d.code, d.message) for d in problems]
    return blob, rows, sorted(doc.refused)


# Files a worker is given at a time: small enough to spread uneven files over the workers, large
# enough that sending a task and its result costs little beside parsing them.
CHUNK = 4


def _serve(connection: Connection, parent: int) -> None:
    """A worker: parse the chunks of files it is sent, one at a time, until its pipe closes."""
    _start_worker(parent)
    while True:
        try:
            tasks = marshal.loads(connection.recv_bytes())
        except (EOFError, OSError):  # the main process is done with us (or gone)
            return
        connection.send_bytes(marshal.dumps([_parse(task) for task in tasks]))


class WorkerLost(Exception):
    """A worker process ended without answering (killed, out of memory): load.py parses the rest itself."""


def parse_all(tasks: list[Task]) -> Iterator[tuple[Document, list[Diagnostic]]]:
    """What `parse_bytes` gives for each task, in order, computed in worker processes.

    No pool, no threads, no queues: each worker has a pipe of its own and at most one chunk of files
    in flight, so that neither side can wait on the other while both send (the main process sends a
    worker its next chunk only once it has read the last result), and nothing is left to wait for
    when the workers are killed: concurrent.futures' pool wedged for good when a worker was killed in
    the middle of sending its result (its manager thread waited for the rest of the message, and the
    interpreter waited for that thread at exit).
    """
    context = multiprocessing.get_context("spawn")
    chunks = [tasks[i:i + CHUNK] for i in range(0, len(tasks), CHUNK)]
    processes: list[multiprocessing.process.BaseProcess] = []
    pipes: list[Connection] = []

    def kill_workers() -> None:
        """SIGKILL to every worker: no waiting for work in flight, nothing of theirs to clean up."""
        for process in processes:
            with suppress(OSError, ValueError, AttributeError):
                process.kill()

    finished = False
    try:
        with interrupts.stopping(kill_workers):
            # A signal now acts once the worker being started is in `processes`: one interrupted half
            # way through start() was never killed, and printed EOFError reading its orders.
            with interrupts.deferred():
                for _ in range(min(workers(), len(chunks))):
                    here, there = context.Pipe(duplex=True)
                    process: multiprocessing.process.BaseProcess = context.Process(target=_serve, args=(there, os.getpid()), daemon=True)
                    with _quiet_start():
                        process.start()
                    there.close()
                    processes.append(process)
                    pipes.append(here)
            yield from _in_order(chunks, processes, pipes)
        finished = True
    finally:
        if not finished:  # interrupted, failed, or abandoned by the consumer: work in flight is dropped
            kill_workers()
        for pipe in pipes:
            pipe.close()  # a worker waiting for work reads the end of its pipe, and returns
        for process in processes:
            process.join(timeout=None if not finished else 5)
            if process.is_alive():  # pragma: no cover - a worker that would not end
                kill_workers()
                process.join()


def _in_order(chunks: list[list[Task]], processes: list[multiprocessing.process.BaseProcess],
              pipes: list[Connection]) -> Iterator[tuple[Document, list[Diagnostic]]]:
    """The results of every chunk, in chunk order, while the workers take the next chunks."""
    busy: dict[int, int] = {}  # worker → the chunk it is parsing
    done: dict[int, list[Result]] = {}
    sent = 0

    def give(worker: int) -> None:
        nonlocal sent
        if sent < len(chunks):
            pipes[worker].send_bytes(marshal.dumps(chunks[sent]))
            busy[worker] = sent
            sent += 1

    def take(timeout: float | None) -> None:
        """Read every result that is ready (waiting up to `timeout` for one), and give more work."""
        waiting = {pipes[w]: w for w in busy}
        sentinels = {processes[w].sentinel: w for w in busy}
        for ready in wait([*waiting, *sentinels], timeout):
            worker = waiting.get(ready)  # type: ignore[call-overload]
            if worker is None:
                worker = sentinels[ready]  # type: ignore[index]
                if worker in busy and not pipes[worker].poll():
                    raise WorkerLost(f"a worker process ended (exit code {processes[worker].exitcode})")
                continue
            if worker not in busy:
                continue
            try:
                results = marshal.loads(pipes[worker].recv_bytes())
            except (EOFError, OSError) as exc:
                raise WorkerLost("a worker process ended in the middle of its answer") from exc
            done[busy.pop(worker)] = results
            give(worker)

    for worker in range(len(processes)):
        give(worker)
    for index, chunk in enumerate(chunks):
        while index not in done:
            take(None)
        take(0)  # results that are ready already: their workers go on while this process works
        for (raw, shown, _, _), (blob, rows, refused) in zip(chunk, done.pop(index), strict=True):  # a result per task
            problems = [Diagnostic(*row) for row in rows]
            if blob is None:
                yield Document(shown), problems
                continue
            # the bytes kept for positions, decoded only when one is asked for (Document.raw)
            yield Document(shown, marshal.loads(blob), None, {(line, column) for line, column in refused}, raw=raw), problems
