"""docs/security.md names, for each threat, the tests that show the defence: every test it names
must exist, so that the threat list cannot point at a test that was renamed or removed."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `tests/test_x.py::test_name`, or `::test_name` for another test of the file named last.
_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)?::(test_\w+)`")


def named_tests() -> list[tuple[str, str]]:
    found, current = [], None
    for module, name in _REFERENCE.findall((ROOT / "docs" / "security.md").read_text(encoding="utf-8")):
        current = module or current
        assert current is not None, f"::{name} before any test file is named"
        found.append((current, name))
    return found


def test_the_threat_list_names_tests() -> None:
    assert len(named_tests()) >= 40


def test_every_test_the_threat_list_names_exists() -> None:
    missing = [f"{module}::{name}" for module, name in named_tests()
               if not re.search(rf"^def {name}\(", (ROOT / module).read_text(encoding="utf-8"), re.M)]
    assert not missing
