"""Checks: every cross-file rule of a cycle (references, identity, marks, judging rules, designations),
and which diagnostics `validate` reports (selection). `run_checks` is in `run`; it is also imported
lazily here, so that `smartaward.checks.selection` stays cheap to import (a warm `validate`)."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "run_checks":
        from smartaward.checks.run import run_checks

        return run_checks
    raise AttributeError(f"module 'smartaward.checks' has no attribute {name!r}")
