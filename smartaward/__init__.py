"""smartaward: run an awards cycle from YAML files in git.

The public API (imported lazily, so that `smartaward --help` does not pay for pydantic) is
smartaward.api, what every command calls:

    from smartaward import validate, results
    report = validate([Path("cycles/seoul-smart-city-2024")])   # Report: diagnostics, files, failed
    outcome = results(Path("cycles/seoul-smart-city-2024"))     # Outcome: .results (None with errors)

and the steps it is made of: load_cycle (read), run_checks (check), compute (judge and award).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.9.0.dev0"

_API = {
    "validate": "smartaward.api",
    "results": "smartaward.api",
    "Report": "smartaward.api",
    "Outcome": "smartaward.api",
    "load_cycle": "smartaward.reading.load",
    "find_cycle_root": "smartaward.reading.files",
    "Cycle": "smartaward.reading.load",
    "run_checks": "smartaward.checks.run",
    "compute": "smartaward.awards.results",
    "Results": "smartaward.awards.results",
    "Diagnostic": "smartaward.diagnostics",
    "Severity": "smartaward.diagnostics",
    "CATALOGUE": "smartaward.diagnostics",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'smartaward' has no attribute {name!r}")
