"""Test-wide settings."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test session gets its own empty cache folder: never the user's, never shared state."""
    monkeypatch.setenv("SMARTAWARD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("SMARTAWARD_NO_CACHE", raising=False)
    # Tests run under GitHub Actions too, where validate would default to --format github.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
