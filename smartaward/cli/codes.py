"""`smartaward explain-code`: the documentation of a diagnostic code (docs/diagnostics.md's entry)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from smartaward.cli import completion
from smartaward.cli.common import app, not_taken, usage_error


@app.command("explain-code")
def explain_code(
    code: Annotated[str, typer.Argument(metavar="CODE", help="A diagnostic code (M301) or name (mark-out-of-scale).", autocompletion=completion.codes)],
    _quiet: Annotated[bool, not_taken("--quiet", "explain-code", "it prints only the code's documentation")] = False,
    _no_cache: Annotated[bool, not_taken("--no-cache", "explain-code", "it reads no cycle")] = False,
) -> None:
    """Print the documentation of a diagnostic code: what it means, how to fix it, and a failing
    and a passing example (all of them: docs/diagnostics.md)."""
    from smartaward.diagnostics import CATALOGUE

    wanted = code.strip()
    by_name = {entry.name: entry.code for entry in CATALOGUE.values()}
    found = wanted.upper() if wanted.upper() in CATALOGUE else by_name.get(wanted.lower())
    if found is None:
        from smartaward.text.suggest import did_you_mean

        # A code or a name near either: the codes titled with their names ("did you mean 'M301' (mark-out-of-scale)?").
        near = did_you_mean(wanted, {c: entry.name for c, entry in CATALOGUE.items()})
        hint = f"; {near}" if near else "; smartaward's documentation lists every code (diagnostics.md)"
        raise usage_error(f"no diagnostic code {wanted!r}{hint}")
    from smartaward.codedocs.render import code_text

    sys.stdout.write(code_text(found))


