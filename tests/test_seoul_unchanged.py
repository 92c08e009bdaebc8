"""The Seoul samples' results, byte for byte as 0.5.0 computed them (issue 16: the new rules, methods
and keys change nothing for a cycle that does not use them). The golden files were written by
c51dc92 (`rank` and `winners`, JSON, --no-cache) before any of issue 16's changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run

ROOT = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "golden" / "seoul"


@pytest.mark.parametrize("year", ["2023", "2024"])
@pytest.mark.parametrize("command", ["rank", "winners"])
def test_the_seoul_results_are_byte_for_byte_those_of_0_5(command: str, year: str) -> None:
    result = run(command, str(ROOT / "cycles" / f"seoul-smart-city-{year}"), "--no-cache", "-f", "json")
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / f"{command}-{year}.json").read_text(encoding="utf-8")
