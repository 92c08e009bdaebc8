"""The documentation of every diagnostic code: what it means, why, how to fix it, and a failing and
a passing example. One module per family holds its codes' documentation, next to nothing else.

docs/diagnostics.md is generated from this package (`python -m smartaward.codedocs >
docs/diagnostics.md`; a test keeps the two equal), and `smartaward explain-code CODE` prints one
entry. The code, name, severity and title themselves live in diagnostics.CATALOGUE.
"""

from __future__ import annotations

from smartaward.codedocs.example import CodeDoc, Example

__all__ = ["CodeDoc", "Example", "all_docs"]


def all_docs() -> dict[str, CodeDoc]:
    """Every family's documentation, by code."""
    from smartaward.codedocs import (
        assigning,
        awards,
        folder,
        imports,
        judging,
        marks,
        panels,
        references,
        schema,
        tables,
        yaml,
    )

    merged: dict[str, CodeDoc] = {}
    for family in (yaml, folder, schema, references, marks, judging, awards, tables, imports, panels, assigning):
        merged.update(family.DOCS)
    return merged
