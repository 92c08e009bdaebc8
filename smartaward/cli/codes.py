"""`smartaward explain-code`: the documentation of a diagnostic code (docs/diagnostics.md's entry)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from smartaward.cli.common import app, usage_error


@app.command("explain-code")
def explain_code(
    code: Annotated[str, typer.Argument(help="A diagnostic code (M301) or name (mark-out-of-scale).")],
) -> None:
    """Print the documentation of a diagnostic code: what it means, how to fix it, and a failing
    and a passing example (all of them: docs/diagnostics.md)."""
    from smartaward.diagnostics import CATALOGUE

    wanted = code.strip()
    by_name = {entry.name: entry.code for entry in CATALOGUE.values()}
    found = wanted.upper() if wanted.upper() in CATALOGUE else by_name.get(wanted.lower())
    if found is None:
        from difflib import get_close_matches

        close = get_close_matches(wanted.upper(), list(CATALOGUE), n=3) or get_close_matches(wanted.lower(), list(by_name), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; docs/diagnostics.md lists every code"
        raise usage_error(f"no diagnostic code {wanted!r}{hint}")
    from smartaward.codedocs.render import code_text

    sys.stdout.write(code_text(found))


