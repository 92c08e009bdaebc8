"""Test-wide settings."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator

import pytest

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
