"""Parse a big cycle's files on every core, in order, while the main process uses each result.

Parsing YAML is pure Python-bound work, so threads do not help; worker processes do. Each worker
receives a file's bytes (exactly the bytes the cache key was computed from), parses them with the
same `source.parse_bytes` as the serial path, and sends back the data as `marshal` bytes — far
quicker to move between processes than pickled objects — with its problems. Results come back in
file order, so the outcome is identical to the serial path (tests/test_fastpath.py checks it);
meanwhile the main process validates and indexes each file as it arrives.

Workers are started with "spawn", never "fork": the main process may run a progress-bar thread.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .cache import Cache
from .diagnostics import Diagnostic
from .source import Document, decode, parse_bytes

Task = tuple[bytes, str, bool, str | None]  # raw bytes, shown name, use the sheet fast path, cache folder
Result = tuple[bytes | None, list[tuple[str, int, int, str, str]], list[tuple[int, int]]]


def workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@lru_cache(maxsize=1)
def _cache(cache_dir: str) -> Cache:
    """The worker's cache: its folder checked once per process, not once per file. It only writes,
    and says nothing (the main process reports a folder it may not use, and then sends none)."""
    return Cache(Path(cache_dir))


def _parse(task: Task) -> Result:
    raw, shown, sheet, cache_dir = task
    from .fastpath import parse_sheet

    cache = _cache(cache_dir) if cache_dir is not None else None
    doc, problems = parse_bytes(raw, shown, parse_sheet if sheet else None, cache)
    blob = marshal.dumps(doc.data) if doc.data is not None else None
    rows = [(d.file, d.line, d.column, d.code, d.message) for d in problems]
    return blob, rows, sorted(doc.refused)


def parse_all(tasks: list[Task]) -> Iterator[tuple[Document, list[Diagnostic]]]:
    """What `parse_bytes` gives for each task, in order, computed in worker processes."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers(), mp_context=context) as pool:
        for (raw, shown, _, _), (blob, rows, refused) in zip(tasks, pool.map(_parse, tasks, chunksize=4)):
            problems = [Diagnostic(*row) for row in rows]
            if blob is None:
                yield Document(shown), problems
                continue
            text, _ = decode(raw, shown)  # kept for positions, found on demand
            yield Document(shown, marshal.loads(blob), text, set(refused)), problems
