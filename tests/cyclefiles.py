"""Write a cycle folder from Python data, for tests that need real files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

BASE = Path(__file__).parent / "cases" / "base"


def dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def copy_base(target: Path) -> Path:
    shutil.copytree(BASE, target, dirs_exist_ok=True)
    return target


def write_cycle(root: Path, *, cycle: dict[str, Any], judges: dict[str, Any],
                entry_files: dict[str, Any], sheets: dict[str, Any]) -> Path:
    dump(root / "cycle.yaml", cycle)
    dump(root / "judges.yaml", judges)
    for name, data in entry_files.items():
        dump(root / "entries" / name, data)
    for name, data in sheets.items():
        dump(root / "scores" / name, data)
    return root
