"""`smartaward init DIR` in a folder that is not a cycle: an example cycle that validates strictly,
ranks, awards, is set up for editors, and never overwrites anything."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from helpers import run

from smartaward.model.schema import KINDS, file_name, render
from smartaward.writing.scaffold import SCHEMA_FOLDER, cycle_parts, scaffold_files, slug, title_from


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
    assert run("init", str(tmp_path / "a" / "same"), "--year", "2031").exit_code == 0
    assert run("init", str(tmp_path / "b" / "same"), "--year", "2031").exit_code == 0
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


def _failing_stage(monkeypatch, fails) -> list[str]:
    """staging._stage raising the OSError fails(rel, calls so far) returns, if any."""
    from smartaward.writing import staging

    real, calls = staging._stage, []

    def stage(folder, index, target, mask):
        calls.append(target.rel)
        error = fails(target.rel, len(calls))
        if error is not None:
            raise error
        real(folder, index, target, mask)

    monkeypatch.setattr(staging, "_stage", stage)
    return calls


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    _failing_stage(monkeypatch, lambda rel, n: OSError(28, "No space left on device") if n == 7 else None)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "mine.txt").write_text("mine\n")
    result = run("init", str(tmp_path / "c" / "deep" / "new"))
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["c", "c/mine.txt"]
    monkeypatch.undo()
    assert run("init", str(tmp_path / "c" / "deep" / "new")).exit_code == 0  # a second try starts clean


def test_every_file_is_written_atomically(tmp_path, monkeypatch):
    from smartaward.writing import scaffold, staging

    written: list[list[str]] = []
    real = staging.write_all

    def spy(folder: Path, files: dict[str, bytes], **options) -> None:
        written.append(list(files))
        real(folder, files, **options)

    monkeypatch.setattr(staging, "write_all", spy)
    assert run("init", str(tmp_path / "c")).exit_code == 0
    files = sorted(p.relative_to(tmp_path / "c").as_posix() for p in (tmp_path / "c").rglob("*") if p.is_file())
    assert len(written) == 1 and sorted(written[0]) == files  # one run: all of them, or none
    assert written[0][0].startswith(f"{SCHEMA_FOLDER}/")  # the schemas first: no modeline points at nothing
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


# --- ids and text a YAML reader could misread; write failures that name their path ---------------

AWKWARD_IDS = ["2025", "null", "true", "false", "1e3", "no", "yes", "on", "off", "0777", "0x1f", "0o17", "0b101",
               "12-30", "2024-07-14", "1-2-3", "nan", "inf", "123456789012345678901234567890"]


def _same_reading(value):
    """yaml.safe_load's value with dates as the ISO text smartaward reads them as (both only
    write dates where a date is meant)."""
    import datetime

    if isinstance(value, dict):
        return {k: _same_reading(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_same_reading(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


@pytest.mark.parametrize("how", ["--id", "folder"])
@pytest.mark.parametrize("cycle_id", AWKWARD_IDS)
def test_an_id_yaml_could_misread_is_quoted(tmp_path, monkeypatch, cycle_id, how):
    monkeypatch.chdir(tmp_path)  # `smartaward init 2025` as the tester typed it: a relative folder
    folder = Path(cycle_id) if how == "folder" else Path("c")
    result = run("init", str(folder), *(["--id", cycle_id] if how == "--id" else []))
    assert result.exit_code == 0, result.output
    strict = run("validate", "--strict", str(folder))
    assert strict.exit_code == 0, strict.output
    text = (folder / "cycle.yaml").read_text(encoding="utf-8")
    cycle = yaml.safe_load(text)  # a YAML 1.1 reader
    assert cycle["cycle"] == cycle_id and isinstance(cycle["title"], str)
    from smartaward.reading.source import parse_text

    document, problems = parse_text(text, "cycle.yaml")  # smartaward's own (YAML 1.2 core-like) reader
    assert not problems and document.data["cycle"] == cycle_id and document.data["title"] == cycle["title"]


@pytest.mark.parametrize("cycle_id", ["~", "Null", "NO", "-x", "a_b", "1.5", "", "x\n"])
def test_an_id_that_is_not_a_slug_is_refused(tmp_path, cycle_id):
    result = run("init", str(tmp_path / "c"), "--id", cycle_id)
    assert result.exit_code == 2 and "--id" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_every_scaffold_file_reads_the_same_in_yaml_1_1_and_in_smartaward():
    """Every scalar of the scaffold, ids and text alike, means the same to an ordinary YAML 1.1
    reader as to smartaward's reader (the example country NO stays Norway, not false)."""
    from smartaward.reading.source import parse_text

    for cycle_id, title in [("x", "X"), ("no", "yes"), ("2025", "2025"), ("0777", "~"), ("on", 'A "b" #c: d')]:
        for rel, data in scaffold_files(cycle_id, title).items():
            if not rel.endswith(".yaml"):
                continue
            text = data.decode("utf-8")
            document, problems = parse_text(text, rel)
            assert not problems, (rel, problems)
            assert _same_reading(yaml.safe_load(text)) == document.data, rel


def test_the_commented_country_example_is_quoted():
    text = scaffold_files("x", "X")["cycle.yaml"].decode()
    assert "NO" not in text.replace('"NO"', "")


@pytest.mark.parametrize("name, cycle_id, title", [
    ("ÆØÅ ß straße", "aeoa-ss-strasse", "ÆØÅ ß straße"),
    ("Zürich Prize", "zurich-prize", "Zürich Prize"),
    ("zürich prize", "zurich-prize", "Zürich Prize"),
    ("new-prize", "new-prize", "New Prize"),
    ("große_preis_2025", "grosse-preis-2025", "Große Preis 2025"),
    ("Łódź Œuvre", "lodz-oeuvre", "Łódź Œuvre"),
    ("Saint-Étienne ★ Awards", "saint-etienne-awards", "Saint-Étienne ★ Awards"),
])
def test_the_default_title_keeps_the_folders_letters(tmp_path, name, cycle_id, title):
    folder = tmp_path / name
    result = run("init", str(folder))
    assert result.exit_code == 0, result.output
    cycle = yaml.safe_load((folder / "cycle.yaml").read_text(encoding="utf-8"))
    assert (cycle["cycle"], cycle["title"]) == (cycle_id, title)
    assert (folder / "README.md").read_text(encoding="utf-8").startswith(f"# {title}\n")
    assert run("validate", "--strict", str(folder)).exit_code == 0


@pytest.mark.parametrize("name", ["---", "日本", "Москва 2025", "★", "東京 prize"])
def test_a_folder_name_that_gives_no_id_asks_for_one(tmp_path, name):
    """A name with letters that have no Latin spelling gives no id (rather than one made of what is
    left, as "2025" from "Москва 2025"): exit 2 asking for --id, nothing written. With --id it works,
    and the title is still the folder's name."""
    assert slug(name) == ""
    folder = tmp_path / name
    result = run("init", str(folder))
    assert result.exit_code == 2 and "--id" in result.stderr
    assert list(tmp_path.iterdir()) == []
    result = run("init", str(folder), "--id", "my-prize")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((folder / "cycle.yaml").read_text(encoding="utf-8"))["cycle"] == "my-prize"
    assert run("validate", "--strict", str(folder)).exit_code == 0


def test_one_clashing_file_is_said_in_the_singular(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "README.md").write_text("mine\n")
    result = run("init", str(folder))
    assert result.exit_code == 2
    assert "1 file init would write already exists" in result.stderr
    (folder / SCHEMA_FOLDER).mkdir()
    (folder / SCHEMA_FOLDER / "cycle.schema.json").write_text("{}\n")
    assert "2 files init would write already exist;" in run("init", str(folder)).stderr


def test_a_file_where_init_needs_a_folder_is_named(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / SCHEMA_FOLDER).write_text("not a folder\n")
    result = run("init", str(folder))
    assert result.exit_code == 2
    assert f"{(folder / SCHEMA_FOLDER).as_posix()}: exists" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == [SCHEMA_FOLDER]


def test_a_file_above_the_new_folder_is_named(tmp_path):
    file = tmp_path / "file.txt"
    file.write_text("x\n")
    result = run("init", str(file / "sub" / "c"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"smartaward: {file.as_posix()}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"] and file.read_text() == "x\n"


def test_a_failed_write_names_the_file(tmp_path, monkeypatch):
    _failing_stage(monkeypatch, lambda rel, n: PermissionError(13, "Permission denied") if rel == "judges.yaml" else None)
    result = run("init", str(tmp_path / "c"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"smartaward: {(tmp_path / 'c' / 'judges.yaml').as_posix()}: ")
    assert "Permission denied" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_an_unwritable_empty_folder_names_what_could_not_be_made(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run("init", str(folder))
        assert result.exit_code == 2 and "Permission denied" in result.stderr
        assert result.stderr.startswith(f"smartaward: {(folder / SCHEMA_FOLDER).as_posix()}: ")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


# --- issue 15 (NEW9): what an installed smartaward has, and this year's dates ---------------------------

def test_no_scaffold_file_points_at_docs_a_pip_user_lacks() -> None:
    """The README said format.md and rules.md "come with its source", cycle.yaml "Every key is in
    docs/format.md": a pip user has neither. They name the commands that say it instead."""
    from smartaward.writing.scaffold import scaffold_files

    files = {rel: data.decode() for rel, data in scaffold_files("x", "X").items()}
    for rel, text in files.items():
        assert "docs/" not in text and "format.md" not in text and "rules.md" not in text, rel
        assert "come with its source" not in text
    assert "smartaward schema cycle" in files["cycle.yaml"] and "smartaward explain-code" in files["cycle.yaml"]
    assert "smartaward schema judges" in files["judges.yaml"]
    readme = files["README.md"]
    assert "smartaward explain-code" in readme and "smartaward schema cycle" in readme and "--help" in readme


def test_every_command_a_scaffold_file_names_exists(tmp_path: Path) -> None:
    """`smartaward schema entry`, `schema scores`...: each one runs (exit 0)."""
    from smartaward.writing.scaffold import scaffold_files

    text = "\n".join(data.decode() for data in scaffold_files("x", "X").values())
    for kind in sorted(set(re.findall(r"smartaward schema (\w+)", text))):
        assert run("schema", kind).exit_code == 0, kind
    assert run("explain-code", "R208").exit_code == 0


def test_init_dates_the_examples_this_year_unless_year_is_given(tmp_path: Path) -> None:
    """In December 2026 `init` wrote 2025 dates: the default is the current year; --year is kept."""
    from datetime import date

    assert run("init", tmp_path / "now", "-q").exit_code == 0
    this_year = date.today().year
    assert f"opens: {this_year}-03-01" in (tmp_path / "now" / "cycle.yaml").read_text(encoding="utf-8")
    assert run("init", tmp_path / "then", "--year", "2031", "-q").exit_code == 0
    assert "opens: 2031-03-01" in (tmp_path / "then" / "cycle.yaml").read_text(encoding="utf-8")
    assert "current year" in " ".join(run("init", "--help").stdout.split())
