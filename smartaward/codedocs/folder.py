"""Documentation of the F (the cycle folder) codes."""

from __future__ import annotations

from . import CodeDoc, Example

DOCS: dict[str, CodeDoc] = {
}

__all__ = ["DOCS", "CodeDoc", "Example"]
