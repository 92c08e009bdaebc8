"""What `smartaward init` does to an existing cycle, as data: the JSON Schema files it writes under
.schema/ and the modeline it puts at the top of each YAML file, so that editors complete and check
keys as you type. Nothing is written here (cli/editor.py writes, all or nothing)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from smartaward.writing.scaffold import SCHEMA_FOLDER, modeline

SCHEMA_KINDS = ("cycle", "entry", "judges", "scores", "assignments")  # `smartaward schema KIND`
ROLE_KIND = {"cycle": "cycle", "judges": "judges", "entries": "entry", "scores": "scores", "assignments": "assignments"}
_BOM = b"\xef\xbb\xbf"
# Any yaml-language-server modeline (the server accepts spaces around the colon).
_ANY_MODELINE = re.compile(rb"[ \t]*#[ \t]*yaml-language-server[ \t]*:")


def with_modeline(raw: bytes, line: str) -> bytes | None:
    """raw with `line` as its first line, in place of any modeline among its leading comments.

    Nothing else changes: a byte-order mark stays first, the file's own line ending is used. None
    for a file that is not UTF-8 (validate reports it; a line added to it would only garble it).
    """
    bom = _BOM if raw.startswith(_BOM) else b""
    body = raw[len(bom):]
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = body.splitlines(keepends=True)  # bytes: breaks only at \n, \r\n and \r, as YAML does
    ending = b"\n"
    if lines and lines[0].endswith((b"\r\n", b"\r")):
        ending = b"\r\n" if lines[0].endswith(b"\r\n") else b"\r"
    leading = 0  # the comments and blank lines before the first content (only comments, surely)
    while leading < len(lines) and (not lines[leading].strip() or lines[leading].lstrip().startswith(b"#")):
        leading += 1
    kept = [text for index, text in enumerate(lines) if index >= leading or not _ANY_MODELINE.match(text)]
    return bom + line.encode() + ending + b"".join(kept)


@dataclass
class Planned:
    """What init would do to one file: its new content, or why it is left alone."""

    shown: str
    path: Path
    new: bytes | None  # None: unchanged, or skipped (see note)
    note: str | None = None  # why a file is skipped, or how it is out of date (for --check)


def plan_setup(root: Path) -> tuple[str, list[Planned], list[Planned]]:
    """The schema files and the cycle's YAML files, each with what init would write."""
    from smartaward.model.schema import file_name, render
    from smartaward.reading.files import collect, shown_name

    files = collect(root)
    schemas = []
    for kind in SCHEMA_KINDS:
        rel = f"{SCHEMA_FOLDER}/{file_name(kind)}"
        path = files.root / rel
        text = render(kind).encode()
        try:
            old = path.read_bytes()
        except FileNotFoundError:
            old = None
        note = None if old == text else ("missing" if old is None else "out of date (run smartaward init)")
        schemas.append(Planned(shown_name(files.display_root, rel), path, None if old == text else text, note))
    sources = []
    for file in files.files:
        role_kind = ROLE_KIND.get(file.role)
        if role_kind is None:
            continue  # CSV score sheets: no comments, no schema
        if file.raw is None:
            sources.append(Planned(file.shown, file.path, None, f"skipped: cannot read it ({file.error})"))
            continue
        line = modeline(file.path.relative_to(files.root).as_posix(), role_kind)
        new = with_modeline(file.raw, line)
        if new is None:
            sources.append(Planned(file.shown, file.path, None, "skipped: not UTF-8 (see smartaward validate)"))
        elif new != file.raw:
            first = file.raw.removeprefix(_BOM).split(b"\n", 1)[0].rstrip(b"\r")
            note = "no schema modeline" if not _ANY_MODELINE.match(first) else f"the modeline is not {line!r}"
            sources.append(Planned(file.shown, file.path, new, note))
        else:
            sources.append(Planned(file.shown, file.path, None))
    return files.display_root, schemas, sources
