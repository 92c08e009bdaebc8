"""(being written: issue 6)"""

from __future__ import annotations

from .cli import app  # noqa: F401
