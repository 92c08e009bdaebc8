"""The progress bar: only on a terminal, never with --quiet, never in the way of the result."""

from __future__ import annotations

import io
import sys

from smartaward.render.progress import progress_bar


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress_bar(quiet=False) as report:
        assert report is None


def test_silent_with_quiet(monkeypatch):
    monkeypatch.setattr(sys, "stderr", FakeTerminal())
    with progress_bar(quiet=True) as report:
        assert report is None


def test_shown_on_a_terminal_after_the_delay_and_gone_when_done(monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar(quiet=False, delay=0) as report:
        assert report is not None
        for done in range(1, 4):
            report("reading", done, 3)
        report("checking", 1, 4)
    assert "reading" in terminal.getvalue()


def test_nothing_drawn_before_the_delay(monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar(quiet=False, delay=3600) as report:
        report("reading", 1, 2)
    assert terminal.getvalue() == ""
