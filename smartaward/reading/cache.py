"""A content-addressed cache, so that an unchanged file is never parsed twice — and never trusted blindly.

Three kinds of record, each named by SHA-256 of exactly what it depends on:

- a parsed file ("parsed"): the key is the file's bytes; the value is the data the YAML reader built,
  stored only for files that parsed without any problem — a file with a problem is always parsed
  afresh, so its diagnostics always come from the real reader;
- a validated cycle ("validated"): the key is every file's path and bytes, the folder's own problems
  and the name the cycle is shown under; the value is the complete list of diagnostics;
- a cycle's results ("results"): the key is the validated cycle's, with the hidden data files the
  cycle skips (they leave a result provisional) and the name of the document; the value is the
  plain data a command prints (publishing/published.py: what rank, winners and status show, or a
  stats, judges or explain document), stored only for a cycle without errors. It is used only
  together with the cycle's "validated" record, and only if it has exactly the shape a fresh
  computation gives (`Published.from_record`); else the results are computed afresh.

Every name also hashes `fingerprint()`: smartaward's own sources and its Unicode data (data/*.json),
the record format, Python's full
version and implementation (and its limit on the digits of an int) and the versions of PyYAML (with
the libyaml it carries), pydantic and pydantic-core, and numpy, krippendorff and pycountry (which
results depend on) — everything besides the files that a parse, a validation or a result depends on. A new version of any of them never reads an old record.

The cache only ever saves time; it never changes a result. A record is used only if all of these hold:

- its folders belong to this user and neither group nor others can write them, and so does the
  record, a regular file (a link is never followed): see cachefolder.py. Like ssh and pip, a folder
  that fails this is not used at all, neither read nor written; `Cache.problem` says why, and the
  command line says it once on stderr (worker processes stay quiet). Folders are made 0700, records
  0600;
- it starts with the format's header and carries a SHA-256 checksum of the record's name (so of its
  kind and key) and payload: a flipped bit, a truncation, a record of an older format or one copied
  under another name is a miss;
- its payload, a `marshal` stream, loads, and holds only what a fresh parse (or validation, or
  computation of results) can produce: see cachedata.py. Records are written with marshal version 2, which cannot encode
  references, so a genuine record never holds a shared or cyclic container; the check refuses them
  (and NaN, infinities, huge ints, tuples, bytes, code objects, lone surrogates, keys that are not
  text, nesting beyond source.MAX_DEPTH) however the payload was made.

Anything else is a miss: the file is parsed (or the cycle validated, or its results computed) afresh
and the record rewritten.
Nothing raises out of this module. The checksum is not a signature: whoever may write this user's
cache folder can also write records that pass it (as they could change smartaward's own code); the
ownership checks keep everyone else out.

Size: records beyond a limit (DEFAULT_LIMIT_MB, or $SMARTAWARD_CACHE_MAX_MB; 0: no limit) are
pruned, least recently used first, down to PRUNE_TO of the limit. Each record written appends its
size to a journal in the folder, and `Cache.tidy()` (run once when a command ends) scans the folder
only when the journal says that the records may have passed the limit: a warm run reads one small
file, never the whole folder.

Where: $SMARTAWARD_CACHE_DIR, else $XDG_CACHE_HOME/smartaward, else ~/.cache/smartaward.
Off: `--no-cache`, or SMARTAWARD_NO_CACHE=1. `smartaward cache info` and `smartaward cache clear`
show and empty it (`survey` and `clear` below).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from smartaward.diagnostics import Diagnostic
from smartaward.reading import cachefolder
from smartaward.reading.cachedata import diagnostic_rows, document_data, parser_data
from smartaward.reading.cachefolder import (
    JOURNAL,
    KINDS,
    TEMPORARY_PREFIX,
    Problem,
    folder_problem,
    owner_problem,
    shown,
)

_MISS = object()
MISS = _MISS

FORMAT = 2  # the record format (1: a bare marshal stream, before issue 11)
HEADER = b"smartaward-cache\x00" + bytes([FORMAT])
PAYLOAD_START = len(HEADER) + 32  # the header, then the SHA-256 checksum, then the payload
# The newest marshal format without references (version 3 added them): a record written by us never
# holds one object twice, so the reader's check can refuse any that does.
MARSHAL_VERSION = 2

# The size limit. The largest benchmark cycle (L: 100,000 entries, 2,000 judges, 3 million marks,
# 86 MB of YAML) needs 145 MB of records (109 MB parsed, 35 MB of kept results: measured); 1 GiB holds that several times
# over (after an upgrade every record is written anew under a new fingerprint, and the old ones wait
# to be pruned) and a user's real cycles many times over, without growing to what a laptop notices.
DEFAULT_LIMIT_MB = 1024
LIMIT_ENV = "SMARTAWARD_CACHE_MAX_MB"
PRUNE_TO = 0.8  # prune down to this share of the limit, so that the next run does not prune again
_JOURNAL_LINES = 1000  # a journal longer than this is rewritten as the sum of its lines
_TEMPORARY_AGE = 3600  # seconds: an older temporary file is a crashed writer's, pruned with the records
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def enabled() -> bool:
    """Whether caching is on (SMARTAWARD_NO_CACHE switches it off)."""
    return not os.environ.get("SMARTAWARD_NO_CACHE")


def location() -> Path:
    """Where this user's cache folder is (or would be), on or off."""
    explicit = os.environ.get("SMARTAWARD_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "smartaward"


def default_directory() -> Path | None:
    """The cache folder for this user, or None when caching is switched off."""
    return location() if enabled() else None


def size_limit() -> int | None:
    """The most bytes of records to keep (None: no limit), from SMARTAWARD_CACHE_MAX_MB in MiB (0: no
    limit; anything but a finite number above 0 gives the default, as SMARTAWARD_MAX_FILE_MB does)."""
    setting = os.environ.get(LIMIT_ENV, "").strip()
    if setting:
        try:
            megabytes = float(setting)
        except ValueError:
            megabytes = -1.0
        if megabytes == 0:
            return None
        if 0 < megabytes < float("inf"):
            return max(1, int(megabytes * 1024 * 1024))
    return DEFAULT_LIMIT_MB * 1024 * 1024


# ---------------------------------------------------------------------------------------------
# The key


def fingerprinted() -> list[Path]:
    """The files whose bytes decide what smartaward reports: its sources, and the Unicode data that
    tells look-alike names apart (data/*.json, R212 and R213)."""
    package = Path(__file__).resolve().parent.parent  # smartaward/, from smartaward/reading/
    return sorted([*package.rglob("*.py"), *package.glob("data/*.json")])


@lru_cache(maxsize=1)
def fingerprint() -> bytes:
    """A digest of everything besides the files that a record depends on: smartaward's sources, the
    record format, Python (full version, implementation, int digit limit), the parsing and
    validating libraries (PyYAML and the libyaml it carries, pydantic, pydantic-core), those results
    depend on (numpy, krippendorff, pycountry) and its Unicode data."""
    parts = [
        f"smartaward-cache format {FORMAT}, marshal {MARSHAL_VERSION}",
        f"python {sys.version} {sys.implementation.name} {sys.implementation.cache_tag} {sys.hexversion}",
        f"int digits {sys.get_int_max_str_digits()}",  # PYTHONINTMAXSTRDIGITS: which numbers parse as ints
        f"pyyaml {yaml_identity(yaml_folder())}",
        # Not imported: a command whose result is in the cache never needs pydantic (typer's values are
        # converted without it: cli/values.py), and importing both costs some 25 ms.
        f"pydantic {package_identity('pydantic', 'version.py')} pydantic-core {package_identity('pydantic_core', '_pydantic_core*')}",
        # What results depend on besides: the columnar engine and the fits (numpy), the judges' agreement
        # (krippendorff), the names of countries (pycountry's databases, by size and time).
        f"numpy {package_identity('numpy', 'version.py')} krippendorff {package_identity('krippendorff', '*.py')}",
        f"pycountry {package_identity('pycountry', 'databases/*.json')}",
    ]
    digest = hashlib.sha256("\n".join(parts).encode())
    package = Path(__file__).resolve().parent.parent  # smartaward/, from smartaward/reading/
    for source in fingerprinted():
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.digest()


def package_identity(name: str, pattern: str) -> str:
    """An installed package told apart without importing it: its __init__.py and the files matching
    `pattern` (its version module by content, or its C extension), as yaml_identity does for yaml."""
    folder = package_folder(name)
    if folder is None:
        return "none"
    digest = hashlib.sha256()
    try:
        digest.update((folder / "__init__.py").read_bytes())
        for each in sorted(folder.glob(pattern)):
            if each.suffix == ".py":
                digest.update(each.read_bytes())
            elif each.is_file():
                info = each.stat()
                digest.update(f"{each.name} {info.st_size} {info.st_mtime_ns}".encode())
    except OSError as exc:
        digest.update(f"unreadable: {exc}".encode())
    return digest.hexdigest()


def package_folder(name: str) -> Path | None:
    """Where an installed package is, found without importing it."""
    from importlib.util import find_spec

    spec = find_spec(name)
    return Path(spec.origin).parent if spec is not None and spec.origin else None


def yaml_folder() -> Path | None:
    """Where the yaml package is, found without importing it."""
    return package_folder("yaml")


def yaml_identity(folder: Path | None) -> str:
    """PyYAML and the libyaml it runs on, told apart without importing yaml (which a warm `validate`
    never needs otherwise: some 20 ms): the package's __init__.py by content (it holds __version__),
    its C extension (which carries libyaml: PyYAML's wheels link it in) by name, size and time."""
    if folder is None:
        return "none"
    digest = hashlib.sha256()
    try:
        digest.update((folder / "__init__.py").read_bytes())
        for extension in sorted(folder.glob("_yaml*")):
            info = extension.stat()
            digest.update(f"{extension.name} {info.st_size} {info.st_mtime_ns}".encode())
    except OSError as exc:
        digest.update(f"unreadable: {exc}".encode())
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Records


def _checksum(name: bytes, payload: bytes | memoryview) -> bytes:
    digest = hashlib.sha256(HEADER)
    digest.update(name)
    digest.update(payload)
    return digest.digest()


def encode_record(name: bytes, payload: bytes) -> bytes:
    """A record's bytes: the header, the checksum of its name and payload, the payload."""
    return HEADER + _checksum(name, payload) + payload


def decode_record(blob: bytes, name: bytes) -> Any:
    """The value a record's bytes hold, or MISS if they are not a whole, unaltered record of this
    name (what the value holds is checked by the caller: cachedata.py)."""
    if len(blob) < PAYLOAD_START or not blob.startswith(HEADER):
        return _MISS
    payload = memoryview(blob)[PAYLOAD_START:]
    if _checksum(name, payload) != blob[len(HEADER):PAYLOAD_START]:
        return _MISS
    try:
        return marshal.loads(payload)
    except Exception:  # noqa: BLE001 - any stream marshal refuses is a miss (ValueError, EOFError, ...)
        return _MISS


class Cache:
    """One command's view of the cache folder: checked once when made, then read and written.

    `problem` says why the folder (or a record in it) is not used, the first time that happens;
    `report`, if given, is called with it then (the command line prints it; the core never does).
    """

    def __init__(self, directory: Path, report: Callable[[str], None] | None = None) -> None:
        self.directory = directory
        self.problem: str | None = None
        self._report = report
        self.written = 0  # bytes of records this process wrote
        self._made: set[Path] = set()  # folders known to exist (made 0700 if they did not)
        problem = folder_problem(directory)
        self.trusted = problem is None  # may be read and written
        self.writable = self.trusted  # False too after a failed write (a read-only or full disk)
        if problem is not None:
            self._tell(problem.not_used())

    @property
    def usable(self) -> bool:
        """Whether records may be written (worker processes are given the folder only then)."""
        return self.writable

    def _tell(self, problem: str) -> None:
        if self.problem is None:
            self.problem = problem
            if self._report is not None:
                self._report(problem)

    def _name(self, kind: str, key: bytes) -> bytes:
        digest = hashlib.sha256(fingerprint() + kind.encode() + b"\0")
        digest.update(key)  # a file's bytes: hashed where they are, not copied
        return digest.digest()

    def _record(self, kind: str, name: bytes) -> Path:
        text = name.hex()
        return self.directory / kind / text[:2] / text[2:]

    def _path(self, kind: str, key: bytes) -> Path:
        """Where the record of this kind and key is (or would be)."""
        return self._record(kind, self._name(kind, key))

    # -- reading

    def _read(self, kind: str, key: bytes) -> Any:
        if not self.trusted:
            return _MISS
        name = self._name(kind, key)
        path = self._record(kind, name)
        try:
            fd = os.open(path, _OPEN_FLAGS)  # a link is refused (ELOOP), never followed
        except OSError:
            return _MISS
        try:
            with open(fd, "rb") as record:
                info = os.fstat(record.fileno())
                if not stat.S_ISREG(info.st_mode):
                    return _MISS
                problem = owner_problem(info, "the cache record", path)
                if problem is not None:
                    self._tell(f"{problem}, so it is ignored (`smartaward cache clear` removes the cache's records)")
                    return _MISS
                blob = record.read()
        except OSError:
            return _MISS
        return decode_record(blob, name)

    def parsed(self, raw: bytes) -> Any:
        """The data of a file with these bytes, as parsed before; `MISS` if never parsed (or if the
        record is not to be trusted)."""
        value = self._read("parsed", raw)
        return value if value is not _MISS and parser_data(value) else _MISS

    def cycle_key(self, shown_as: str, files: Iterable[tuple[str, bytes | None]]) -> bytes:
        digest = hashlib.sha256(shown_as.encode() + b"\0")
        for name, raw in files:
            digest.update(name.encode() + b"\0")
            digest.update(hashlib.sha256(raw).digest() if raw is not None else b"unreadable")
        return digest.digest()

    def diagnostics(self, key: bytes) -> list[Diagnostic] | None:
        value = self._read("validated", key)
        if value is _MISS or not diagnostic_rows(value):
            return None
        return [Diagnostic(*row) for row in value]

    def results(self, key: bytes) -> Any:
        """A results record's data (JSON-like: cachedata.document_data), as stored under this key;
        `MISS` if there is none (or it is not to be trusted). Its shape is checked by the reader
        (publishing/published.py)."""
        value = self._read("results", key)
        return value if value is not _MISS and document_data(value) else _MISS

    # -- writing

    def store_parsed(self, raw: bytes, data: Any) -> None:
        self._store("parsed", raw, data)

    def store_diagnostics(self, key: bytes, diagnostics: list[Diagnostic]) -> None:
        rows = [(d.file, d.line, d.column, d.code, d.message) for d in diagnostics]
        self._store("validated", key, rows)

    def store_results(self, key: bytes, data: Any) -> None:
        """Keep a results record: JSON-like data (`results` refuses anything else when it is read)."""
        self._store("results", key, data)

    def _store(self, kind: str, key: bytes, value: Any) -> None:
        if not self.writable:
            return
        try:
            payload = marshal.dumps(value, MARSHAL_VERSION)
        except ValueError:  # not data a parse builds (a cycle, an unknown type): not kept
            return
        self._put(kind, key, payload)

    def _put(self, kind: str, key: bytes, payload: bytes) -> None:
        """Write a record of these payload bytes: atomically (a temporary file renamed into place), 0600."""
        if not self.writable:
            return
        name = self._name(kind, key)
        path = self._record(kind, name)
        try:
            if not self._folders(path.parent):
                return
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX)  # 0600
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(encode_record(name, payload))
                # No fsync: a record cut short by a crash fails its checksum and is written again.
                os.replace(temporary, path)
            except BaseException:
                with suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            self.writable = False  # a read-only or full disk: carry on without writing
            return
        size = PAYLOAD_START + len(payload)
        self.written += size
        self._journal(size)

    def _folders(self, folder: Path) -> bool:
        """Make the record's folders (0700) as needed; whether the cache may still be written. A cache
        folder made now is checked again, in case someone else made it first."""
        if folder in self._made:
            return True
        if self.directory not in self._made:
            if not self.directory.is_dir():
                self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
                problem = folder_problem(self.directory)
                if problem is not None:
                    self.trusted = self.writable = False
                    self._tell(problem.not_used())
                    return False
            self._made.add(self.directory)
        for part in (folder.parent, folder):
            if part not in self._made:
                part.mkdir(mode=0o700, exist_ok=True)
                self._made.add(part)
        return True

    def _journal(self, size: int) -> None:
        """Append a record's size to the journal (every process appends its own lines, workers too)."""
        try:
            fd = os.open(self.directory / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
            try:
                os.write(fd, b"%d\n" % size)
            finally:
                os.close(fd)
        except OSError:
            pass

    # -- the size limit

    def tidy(self) -> int:
        """Keep the records within the size limit (run when a command ends); the bytes removed.

        Reads the journal only; scans the folder, and prunes the least recently used records, when
        the sizes it notes may pass the limit. Never raises.
        """
        limit = size_limit()
        if not self.trusted or limit is None:
            return 0
        try:
            return self._tidy(limit)
        except OSError:
            return 0

    def _tidy(self, limit: int) -> int:
        try:
            fd = os.open(self.directory / JOURNAL, _OPEN_FLAGS)
        except FileNotFoundError:
            return 0  # nothing written since the folder was made or cleared
        with open(fd, "rb") as journal:
            lines = journal.read().split()
        try:
            estimate = sum(int(line) for line in lines)
        except ValueError:
            estimate = limit + 1  # a journal we did not write: count afresh
        if estimate <= limit:
            if len(lines) > _JOURNAL_LINES:
                self._rewrite_journal(estimate)
            return 0
        found = cachefolder.find_records(self.directory)
        total = sum(record.size for record in found)
        removed = 0
        if total > limit:
            young = time.time() - _TEMPORARY_AGE
            for record in sorted(found, key=lambda r: (r.used, r.path.name)):
                if total <= limit * PRUNE_TO:
                    break
                if record.temporary and record.used > young:
                    continue  # another process may be writing it
                with suppress(FileNotFoundError):
                    record.path.unlink()
                total -= record.size
                removed += record.size
        self._rewrite_journal(total)
        return removed

    def _rewrite_journal(self, total: int) -> None:
        fd, temporary = tempfile.mkstemp(dir=self.directory, prefix=TEMPORARY_PREFIX + "journal-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(b"%d\n" % total)
            os.replace(temporary, self.directory / JOURNAL)
        except BaseException:
            with suppress(OSError):
                os.unlink(temporary)
            raise


# ---------------------------------------------------------------------------------------------
# The whole folder: `smartaward cache info` and `smartaward cache clear`


@dataclass
class Survey:
    """What `smartaward cache info` shows."""

    location: Path
    enabled: bool  # not switched off by SMARTAWARD_NO_CACHE
    exists: bool
    problem: Problem | None  # why it is not used (None: it is, or will be once made)
    records: dict[str, int] | None  # None: not looked into (another user's folder, or not a folder)
    bytes: int | None
    limit: int | None
    temporary: int | None  # files left by interrupted writes (counted in `bytes`; `clear` removes them)

    def document(self) -> dict[str, Any]:
        return {"version": 1, "location": str(self.location), "enabled": self.enabled, "exists": self.exists,
                "usable": self.problem is None, "problem": None if self.problem is None else str(self.problem),
                "records": None if self.records is None else dict(self.records), "bytes": self.bytes,
                "limit_bytes": self.limit, "temporary_files": self.temporary}


def survey(directory: Path | None = None) -> Survey:
    directory = directory if directory is not None else location()
    exists = directory.exists()
    if exists and not (directory.is_dir() and cachefolder.owned(directory)):  # another's, or a file: not looked into
        return Survey(directory, enabled(), exists, folder_problem(directory), None, None, size_limit(), None)
    found = cachefolder.find_records(directory) if exists else []
    counts = {kind: sum(1 for r in found if r.kind == kind and not r.temporary) for kind in KINDS}
    return Survey(directory, enabled(), exists, folder_problem(directory), counts,
                  sum(r.size for r in found), size_limit(), sum(1 for r in found if r.temporary))


@dataclass
class Cleared:
    """What `smartaward cache clear` did."""

    location: Path
    removed: int = 0  # records
    bytes: int = 0  # of records and temporary files
    failed: list[str] = field(default_factory=list)  # what could not be removed, and why
    refused: str | None = None  # why nothing was touched


def clear(directory: Path | None = None) -> Cleared:
    """Remove the cache's records, its journal and leftover temporary files — nothing else, and never
    through a link — then the record folders left empty. Another user's folder is not touched."""
    directory = directory if directory is not None else location()
    result = Cleared(directory)
    if not directory.exists():
        return result
    if not cachefolder.owned(directory):
        result.refused = (f"the cache folder {shown(directory)} is owned by another user, so it is not cleared"
                          if directory.is_dir() else f"{shown(directory)} is not a folder, so there is no cache to clear")
        return result
    for record in cachefolder.find_records(directory):
        try:
            record.path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            result.failed.append(f"{shown(record.path)}: {exc.strerror or exc}")
            continue
        result.removed += not record.temporary
        result.bytes += record.size
    for journal in cachefolder.journal_files(directory):
        with suppress(OSError):
            journal.unlink()
    cachefolder.remove_empty_folders(directory)
    return result
