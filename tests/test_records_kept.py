"""Nothing but `certify` replaces a certified record: `export` and `feedback` refuse to write over one,
at certify's default place or wherever `certify --to` put it (found by the hostile review: an entry
with the id `certified` had `feedback --to CYCLE/results` replace results/certified.json)."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import run

SAMPLE = Path(__file__).resolve().parent.parent / "cycles" / "seoul-smart-city-2024"


def _certified(tmp_path: Path, *to: str) -> Path:
    root = tmp_path / "cycle"
    shutil.copytree(SAMPLE, root)
    assert run("certify", root, "--by", "Chair, chair of the jury", "--on", "2024-10-01", *to).exit_code == 0
    return root


def test_feedback_does_not_replace_the_record_of_an_entry_called_certified(tmp_path: Path) -> None:
    root = _certified(tmp_path)
    record = root / "results" / "certified.json"
    before = record.read_bytes()
    entry = root / "entries" / "oslo-dementia-friendly.yaml"
    text = entry.read_text(encoding="utf-8")
    assert "id: oslo-dementia-friendly" in text
    (root / "entries" / "certified.yaml").write_text(text.replace("id: oslo-dementia-friendly", "id: certified"), encoding="utf-8")
    entry.unlink()
    for sheet in (root / "scores").rglob("*.yaml"):
        sheet.write_text(sheet.read_text(encoding="utf-8").replace("oslo-dementia-friendly:", "certified:"), encoding="utf-8")
    result = run("feedback", root, "--to", root / "results", "--entry", "certified", "-f", "json")
    assert result.exit_code == 2 and "certified record" in result.stderr
    assert record.read_bytes() == before
    assert sorted(p.name for p in (root / "results").iterdir()) == ["certified.json"]


def test_export_does_not_replace_a_record_written_elsewhere(tmp_path: Path) -> None:
    public = tmp_path / "public"
    public.mkdir()
    root = _certified(tmp_path, "--to", str(public / "results.json"))
    before = (public / "results.json").read_bytes()
    result = run("export", root, "--to", public, "-f", "json,csv")
    assert result.exit_code == 2 and "certified record" in result.stderr
    assert (public / "results.json").read_bytes() == before
    assert sorted(p.name for p in public.iterdir()) == ["results.json"]  # all or nothing: no csv either
    assert run("verify", root, "--record", public / "results.json").exit_code == 0


def test_an_export_over_an_earlier_export_is_still_fine(tmp_path: Path) -> None:
    root = _certified(tmp_path)
    public = tmp_path / "public"
    assert run("export", root, "--to", public, "-f", "json").exit_code == 0
    assert run("export", root, "--to", public, "-f", "json").exit_code == 0
