"""`smartaward init DIR` in a folder that is not a cycle: an example cycle that validates strictly,
ranks, awards, is set up for editors, and never overwrites anything."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from smartaward.cli import app
from smartaward.cli_editor import SCHEMA_FOLDER
from smartaward.scaffold import cycle_parts, scaffold_files, slug, title_from
from smartaward.schema import KINDS, file_name, render

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def _works(root: Path) -> None:
    """The scaffold validates strictly, ranks, awards and is up to date for editors."""
    strict = run("validate", "--strict", str(root))
    assert strict.exit_code == 0, strict.output
    ranked = run("rank", str(root), "-f", "json")
    assert ranked.exit_code == 0, ranked.output
    categories = json.loads(ranked.stdout)["categories"]
    assert all(row["rank"] is not None for c in categories for row in c["ranking"])
    won = run("winners", str(root), "-f", "json")
    assert won.exit_code == 0, won.output
    assert run("init", "--check", str(root)).exit_code == 0


@pytest.mark.parametrize("shape", ["missing", "missing-parents", "empty", "unrelated"])
def test_init_scaffolds_a_cycle_that_validates_ranks_and_awards(tmp_path, monkeypatch, shape):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / ("a/b/new-prize" if shape == "missing-parents" else "new-prize")
    if shape in ("empty", "unrelated"):
        folder.mkdir()
    if shape == "unrelated":
        (folder / "notes.txt").write_text("mine\n")
        (folder / ".git").mkdir()
    result = run("init", str(folder))
    assert result.exit_code == 0, result.output
    assert (folder / "cycle.yaml").is_file() and (folder / "judges.yaml").is_file() and (folder / "README.md").is_file()
    assert len(list((folder / "entries").glob("*.yaml"))) >= 8 and len(list((folder / "scores").glob("*.yaml"))) >= 3
    for kind in KINDS:
        assert (folder / SCHEMA_FOLDER / file_name(kind)).read_bytes() == render(kind).encode()
    if shape == "unrelated":
        assert (folder / "notes.txt").read_text() == "mine\n"
    assert yaml.safe_load((folder / "cycle.yaml").read_text())["cycle"] == "new-prize"
    _works(folder)


def test_the_example_ranks_every_category_and_fills_every_slot(tmp_path):
    assert run("init", str(tmp_path / "c")).exit_code == 0
    document = json.loads(run("winners", str(tmp_path / "c"), "-f", "json").stdout)
    assert document.get("unfilled", []) == []
    stats = json.loads(run("stats", str(tmp_path / "c"), "-f", "json").stdout)
    assert stats["awards"]["total"] == 7 and stats["awards"]["unfilled_slots"] == 0
    assert stats["judges"]["observers"] == 1
    by_category = {(r["call"], r["category"]): r["count"] for r in stats["entries"]["by_category"]}
    assert all(n >= 2 for n in by_category.values()) and by_category[("project", "people")] >= 4


def test_init_twice_on_a_scaffold_changes_nothing(tmp_path):
    folder = tmp_path / "c"
    assert run("init", str(folder)).exit_code == 0
    before = _tree(folder)
    again = run("init", str(folder))  # now a cycle: the editor setup, already done
    assert again.exit_code == 0, again.output
    assert "0 YAML files given the modeline" in again.stdout
    assert _tree(folder) == before


def test_options_set_the_id_title_and_year(tmp_path):
    folder = tmp_path / "Zürich Prize"
    result = run("init", str(folder), "--title", "Zürich: \"Smart\" Prize # 1", "--year", "2031")
    assert result.exit_code == 0, result.output
    cycle = yaml.safe_load((folder / "cycle.yaml").read_text(encoding="utf-8"))
    assert cycle["cycle"] == "zurich-prize"
    assert cycle["title"] == "Zürich: \"Smart\" Prize # 1"
    assert str(cycle["calls"]["project"]["closes"]) == "2031-06-30"
    _works(folder)
    other = tmp_path / "other"
    assert run("init", str(other), "--id", "city-prize-2031").exit_code == 0
    assert yaml.safe_load((other / "cycle.yaml").read_text())["title"] == "City Prize 2031"


def test_the_scaffold_is_deterministic(tmp_path):
    assert run("init", str(tmp_path / "a" / "same")).exit_code == 0
    assert run("init", str(tmp_path / "b" / "same")).exit_code == 0
    first = {k: v for k, (v, _) in _tree(tmp_path / "a" / "same").items()}
    assert first == {k: v for k, (v, _) in _tree(tmp_path / "b" / "same").items()}
    assert scaffold_files("x", "X") == scaffold_files("x", "X")


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "README.md").write_text("my readme\n")
    (folder / SCHEMA_FOLDER).mkdir()
    (folder / SCHEMA_FOLDER / "cycle.schema.json").write_text("{}\n")
    result = run("init", str(folder))
    assert result.exit_code == 2
    assert f"{folder.as_posix()}/README.md: exists" in result.stderr
    assert f"{folder.as_posix()}/{SCHEMA_FOLDER}/cycle.schema.json: exists" in result.stderr
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        SCHEMA_FOLDER, f"{SCHEMA_FOLDER}/cycle.schema.json", "README.md"]
    assert (folder / "README.md").read_text() == "my readme\n"


@pytest.mark.parametrize("part", ["judges.yaml", "entries", "scores"])
def test_init_refuses_a_cycle_without_its_cycle_yaml(tmp_path, part):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / part).mkdir() if "." not in part else (folder / part).write_text("j01: {name: A}\n")
    result = run("init", str(folder))
    assert result.exit_code == 2
    assert "no cycle.yaml" in result.stderr and "existing cycle" in result.stderr
    assert [p.name for p in folder.iterdir()] == [part]
    assert cycle_parts(folder) == [part]


def test_init_refuses_a_new_cycle_inside_another(tmp_path):
    assert run("init", str(tmp_path / "outer")).exit_code == 0
    before = _tree(tmp_path / "outer")
    # an existing folder inside a cycle is part of it: init sets the outer cycle up (nothing to do)
    assert run("init", str(tmp_path / "outer" / "entries")).exit_code == 0
    result = run("init", str(tmp_path / "outer" / "inner"))
    assert result.exit_code == 2 and "inside the cycle" in result.stderr
    assert _tree(tmp_path / "outer") == before and not (tmp_path / "outer" / "inner").exists()


def test_new_cycle_options_are_refused_on_an_existing_cycle(tmp_path):
    assert run("init", str(tmp_path / "c")).exit_code == 0
    before = _tree(tmp_path / "c")
    result = run("init", str(tmp_path / "c"), "--title", "Other")
    assert result.exit_code == 2 and "--title" in result.stderr
    assert _tree(tmp_path / "c") == before


def test_bad_options_and_paths_are_usage_errors(tmp_path):
    assert run("init", str(tmp_path / "c"), "--id", "Not A Slug").exit_code == 2
    assert run("init", str(tmp_path / "c"), "--title", "   ").exit_code == 2
    assert run("init", str(tmp_path / "c"), "--year", "99").exit_code == 2
    assert run("init", str(tmp_path / "---")).exit_code == 2  # no id from the name: asks for --id
    assert run("init", "--check", str(tmp_path / "d")).exit_code == 2
    file = tmp_path / "file.txt"
    file.write_text("x\n")
    assert run("init", str(file)).exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_an_unwritable_folder_is_a_usage_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run("init", str(locked / "c"))
        assert result.exit_code == 2 and "cannot write" in result.stderr
    finally:
        locked.chmod(0o700)


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    from smartaward import atomic

    real, calls = atomic.write_atomic, []

    def failing(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 7:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(atomic, "write_atomic", failing)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "mine.txt").write_text("mine\n")
    result = run("init", str(tmp_path / "c" / "deep" / "new"))
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["c", "c/mine.txt"]
    monkeypatch.setattr(atomic, "write_atomic", real)
    assert run("init", str(tmp_path / "c" / "deep" / "new")).exit_code == 0  # a second try starts clean


def test_every_file_is_written_atomically(tmp_path, monkeypatch):
    from smartaward import atomic, scaffold

    written: list[Path] = []
    real = atomic.write_atomic

    def spy(path: Path, data: bytes) -> None:
        written.append(path)
        real(path, data)

    monkeypatch.setattr(atomic, "write_atomic", spy)
    assert run("init", str(tmp_path / "c")).exit_code == 0
    files = sorted(p for p in (tmp_path / "c").rglob("*") if p.is_file())
    assert sorted(written) == files
    assert written[0].parent.name == SCHEMA_FOLDER  # the schemas first: no modeline points at nothing
    assert scaffold.write_scaffold  # (written through scaffold.write_scaffold)


def test_every_cycle_yaml_key_is_commented():
    text = scaffold_files("x", "X")["cycle.yaml"].decode()
    lines = text.splitlines()
    seen: set[str] = set()
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("- "):
            continue
        key = stripped.split(":", 1)[0]
        if key in seen:
            continue  # explained where it first appears
        seen.add(key)
        if key in {"cycle", "title", "organiser", "description", "scale", "entrant_types", "rules", "calls", "validate",
                   "aggregate", "trim", "per", "total", "normalise", "min_scores", "min_judges", "tie_break",
                   "one_award_per", "conflicts", "closes", "opens", "judging", "criteria", "categories", "awards",
                   "strict", "ignore"}:
            before = lines[index - 1].strip()
            assert before.startswith("#") or key in {"title", "description"}, (key, before)


def test_slugs_and_titles():
    assert slug("Seoul Prize 2025") == "seoul-prize-2025"
    assert slug("Zürich") == "zurich"
    assert slug("---") == ""
    assert title_from("seoul-prize-2025") == "Seoul Prize 2025"


EXAMPLE_KEYS = ("max_awards_per_country:", "threshold:", "rounds:", "screening:", "evaluation:", "final:", "combine:",
                "rules:", "decisions:", "- tie:", "decided_by:", "decided_on:")


def test_the_commented_examples_are_valid_when_uncommented(tmp_path):
    """Uncommenting an example in cycle.yaml gives a cycle.yaml that loads (the sheets then need a
    round, which is the point of the rounds example)."""
    folder = tmp_path / "c"
    assert run("init", str(folder)).exit_code == 0
    path = folder / "cycle.yaml"
    lines = []
    uncommented = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        indent, _, rest = line.partition("# ")
        if not indent.strip() and rest.lstrip(" ").startswith(EXAMPLE_KEYS) and "yaml-language-server" not in rest:
            line = indent + rest
            uncommented += 1
        lines.append(line)
    assert uncommented >= 10
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", str(folder), "-f", "json")
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert not {c for c in codes if c[0] in "SYR"}, codes
    assert codes <= {"J409"}, codes  # the sheets name no round
