"""Test-wide settings."""

from __future__ import annotations

import signal
import sys
from typing import Iterator

import pytest


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test session gets its own empty cache folder: never the user's, never shared state."""
    monkeypatch.setenv("SMARTAWARD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("SMARTAWARD_NO_CACHE", raising=False)
    # Tests run under GitHub Actions too, where validate would default to --format github.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(autouse=True)
def signal_handlers_restored() -> Iterator[None]:
    """cli.main() makes SIGINT and SIGTERM stop the command (interrupts.py) and silences errors in
    finalisers, for the rest of the process: a test that calls it in this process leaves pytest's
    own handling as it was."""
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    hook = sys.unraisablehook
    yield
    sys.unraisablehook = hook
    for signum, handler in saved.items():
        if handler is not None:
            signal.signal(signum, handler)
