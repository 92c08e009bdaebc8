"""A content-addressed cache, so that an unchanged file is never parsed twice.

Two kinds of record, both keyed by SHA-256 of exactly what they depend on:

- a parsed file: the key is the file's bytes (plus the code fingerprint below); the value is the
  data the YAML reader built, stored only for files that parsed without any problem — a file with
  a problem is always parsed afresh, so its diagnostics always come from the real reader;
- a validated cycle: the key is every file's path and bytes (plus the fingerprint and the name the
  cycle is shown under); the value is the complete list of diagnostics.

The fingerprint hashes smartaward's own source files, its Unicode data (data/*.json) and the
Python version, so a new version of the code or data (or of the marshal format) never reads an old
record. Records are written atomically
(a temporary file renamed into place); a record that cannot be read is treated as absent and
rewritten; a cache folder that cannot be written is silently not used: the cache only ever saves
time, never changes a result.

Where: $SMARTAWARD_CACHE_DIR, else $XDG_CACHE_HOME/smartaward, else ~/.cache/smartaward.
Off: `--no-cache`, or SMARTAWARD_NO_CACHE=1. Clearing it is deleting that folder.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .diagnostics import Diagnostic

_MISS = object()


def default_directory() -> Path | None:
    """The cache folder for this user, or None when caching is switched off."""
    if os.environ.get("SMARTAWARD_NO_CACHE"):
        return None
    explicit = os.environ.get("SMARTAWARD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "smartaward"


def fingerprinted() -> list[Path]:
    """The files whose bytes decide what smartaward reports: its sources, and the Unicode data that
    tells look-alike names apart (data/*.json, R212 and R213)."""
    package = Path(__file__).resolve().parent
    return sorted([*package.rglob("*.py"), *package.glob("data/*.json")])


@lru_cache(maxsize=1)
def fingerprint() -> bytes:
    """A digest of the code that produced a record: smartaward's sources and data, and the Python
    version."""
    digest = hashlib.sha256(f"smartaward-cache-1 {sys.version_info[:3]}".encode())
    package = Path(__file__).resolve().parent
    for source in fingerprinted():
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.digest()


class Cache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.usable = True

    def _path(self, kind: str, key: bytes) -> Path:
        name = hashlib.sha256(fingerprint() + kind.encode() + b"\0" + key).hexdigest()
        return self.directory / kind / name[:2] / name[2:]

    def _read(self, path: Path) -> Any:
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return _MISS  # absent, truncated or foreign: parse afresh (and rewrite)

    def _write(self, path: Path, value: Any) -> None:
        if not self.usable:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(marshal.dumps(value))
                os.replace(temporary, path)
            except BaseException:
                os.unlink(temporary)
                raise
        except (OSError, ValueError):
            self.usable = False  # a read-only or full disk: carry on without the cache

    def parsed(self, raw: bytes) -> Any:
        """The data of a file with these bytes, as parsed before; `MISS` if never parsed."""
        value = self._read(self._path("parsed", raw))
        return value if isinstance(value, (dict, list)) or value is _MISS else _MISS

    def store_parsed(self, raw: bytes, data: Any) -> None:
        self._write(self._path("parsed", raw), data)

    def cycle_key(self, shown_as: str, files: Iterable[tuple[str, bytes | None]]) -> bytes:
        digest = hashlib.sha256(shown_as.encode() + b"\0")
        for name, raw in files:
            digest.update(name.encode() + b"\0")
            digest.update(hashlib.sha256(raw).digest() if raw is not None else b"unreadable")
        return digest.digest()

    def diagnostics(self, key: bytes) -> list[Diagnostic] | None:
        value = self._read(self._path("validated", key))
        if not isinstance(value, list):
            return None
        try:
            return [Diagnostic(*row) for row in value]
        except TypeError:
            return None

    def store_diagnostics(self, key: bytes, diagnostics: list[Diagnostic]) -> None:
        rows = [(d.file, d.line, d.column, d.code, d.message) for d in diagnostics]
        self._write(self._path("validated", key), rows)


MISS = _MISS
