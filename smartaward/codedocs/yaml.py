"""Documentation of the Y (the YAML file itself) codes."""

from __future__ import annotations

from . import CodeDoc, Example

DOCS: dict[str, CodeDoc] = {
}

__all__ = ["DOCS", "CodeDoc", "Example"]
