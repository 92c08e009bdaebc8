"""Make each named text file end with exactly one newline (pre-commit's end-of-file-fixer, offline).

    python scripts/end_of_file.py FILE...

An empty file stays empty. Exit 1 if a file was changed (pre-commit then shows the change), else 0.
"""

from __future__ import annotations

import sys
from pathlib import Path


def fixed(data: bytes) -> bytes:
    stripped = data.rstrip(b"\r\n")
    if not stripped:
        return b""
    newline = b"\r\n" if data[len(stripped):].startswith(b"\r\n") else b"\n"
    return stripped + newline


def main(paths: list[str]) -> int:
    changed = 0
    for name in paths:
        path = Path(name)
        data = path.read_bytes()
        if fixed(data) != data:
            path.write_bytes(fixed(data))
            print(f"fixed the end of {name}")
            changed += 1
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
