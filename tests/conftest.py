"""Test-wide settings and fixtures (plain helpers are in helpers.py)."""

from __future__ import annotations

import gc
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cyclefiles import copy_base

# The tests of Ctrl-C (test_signals.py, test_writes.py) need SIGINT and SIGTERM to act as usual, in
# this process and in the commands they start. A shell starts a background job (`pytest &`, `nohup`)
# — and some CI runners start their steps — with SIGINT ignored, and a child inherits that; smartaward
# then rightly leaves it ignored (interrupts.install). Python's own handler for SIGINT here (which a
# child does not inherit: it starts with the default) and the default for SIGTERM put them back.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
if signal.getsignal(signal.SIGTERM) is signal.SIG_IGN:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test session gets its own empty cache folder: never the user's, never shared state."""
    monkeypatch.setenv("SMARTAWARD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("SMARTAWARD_NO_CACHE", raising=False)
    # Tests run under GitHub Actions too, where validate would default to --format github.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(autouse=True)
def signal_handlers_restored() -> Iterator[None]:
    """cli.main() makes SIGINT and SIGTERM stop the command (interrupts.py), silences errors in
    finalisers and switches the cyclic garbage collector off, for the rest of the process: a test
    that calls it in this process leaves pytest's own handling as it was. (With the collector left
    off, the session's garbage grew to 4 GB and more, until starting a subprocess failed with
    ENOMEM in tests/test_writes.py.)"""
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    hook = sys.unraisablehook
    collecting = gc.isenabled()
    yield
    if collecting and not gc.isenabled():
        gc.enable()
    sys.unraisablehook = hook
    for signum, handler in saved.items():
        if handler is not None:
            signal.signal(signum, handler)


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the small base cycle at tmp_path/cycle, with tmp_path as the working folder (so that
    `run("validate", "cycle")` reads it)."""
    root = copy_base(tmp_path / "cycle")
    monkeypatch.chdir(tmp_path)
    return root
