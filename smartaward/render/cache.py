"""`cache info` as text, and sizes as people read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smartaward.reading.cache import LIMIT_ENV
from smartaward.reading.cachefolder import shown

if TYPE_CHECKING:
    from smartaward.reading.cache import Survey


def size(count: int) -> str:
    """Bytes for people, in the MiB the limit is given in: 9.2 MB, 1 GB, 512 KB, 300 bytes."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} byte{'' if count == 1 else 's'}"


def plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def survey_text(found: Survey) -> str:
    """Where the cache is, whether it is used (and if not, why), its records and size, the limit."""
    if not found.enabled:
        status = "switched off (SMARTAWARD_NO_CACHE is set): commands neither read nor write it"
    elif found.problem is not None:
        status = f"not used: {found.problem}"
    else:
        status = "in use" if found.exists else "in use (the folder is made at the first record)"
    limit = "no limit" if found.limit is None else f"limit {size(found.limit)}"
    if found.records is None or found.bytes is None:  # another user's folder, or not a folder
        records, total = "not counted: the folder is not looked into", f"not counted ({limit}; set with {LIMIT_ENV}, in MB)"
    else:
        records = (f"{plural(found.records['parsed'], 'parsed file', 'parsed files')}, "
                   f"{plural(found.records['validated'], 'validated cycle', 'validated cycles')}, "
                   f"{plural(found.records.get('results', 0), 'kept result', 'kept results')}"
                   + (f", {plural(found.temporary, 'unfinished write', 'unfinished writes')}" if found.temporary else ""))
        total = f"{size(found.bytes)} ({limit}; set with {LIMIT_ENV}, in MB)"
    lines = [f"location  {shown(found.location)}", f"status    {status}", f"records   {records}", f"size      {total}"]
    return "\n".join(lines) + "\n"
