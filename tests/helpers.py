"""Plain helpers shared by the tests (fixtures are in conftest.py): running the command line in this
process, and comparing an output with its golden file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from smartaward.cli.app import app
from smartaward.cli.common import EXIT_INTERNAL

GOLDEN = Path(__file__).parent / "golden"


def run(*args: str | Path, crash_ok: bool = False, **invoke: Any) -> Result:
    """`smartaward ARGS...` through typer's runner (a Path is given as its text; `invoke` is passed on:
    input=, env=, ...). Whatever the exit code, a crash fails the test — an exception other than
    SystemExit, the internal-error exit code or a traceback in the output — unless crash_ok."""
    result = CliRunner().invoke(app, [str(arg) for arg in args], **invoke)
    if not crash_ok:
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code != EXIT_INTERNAL and "Traceback" not in result.output, result.output
    return result


def check_golden(name: str, text: str, folder: Path = GOLDEN) -> None:
    """text must be, byte for byte, the golden file folder/name. With SMARTAWARD_UPDATE_GOLDEN set the
    file is (re)written first: after an intended change of output, rewrite and read the diff."""
    path = folder / name
    if os.environ.get("SMARTAWARD_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {name}: run with SMARTAWARD_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs from the golden file"


def one_ranking(folder: Path) -> list[dict[str, Any]]:
    """The rows of `smartaward rank FOLDER --format json` for a cycle with one call and one category."""
    result = run("rank", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    (category,) = json.loads(result.stdout)["categories"]
    return category["ranking"]
