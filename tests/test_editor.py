"""Editor and CI support: `smartaward schema`, `smartaward init` and the pre-commit hook.

The schemas are checked against the JSON Schema meta-schema and against every file of the sample
cycles (as our YAML reader reads them: dates stay strings) when `jsonschema` is installed; those
asserts are skipped otherwise. The hook is run the way pre-commit runs it: its `entry` and `args`
from .pre-commit-hooks.yaml, then the changed files, in a subprocess.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cyclefiles import copy_base
from helpers import run

from smartaward.cli import editor as cli_editor
from smartaward.cli.app import app
from smartaward.cli.editor import SchemaKind
from smartaward.model.schema import DRAFT, KINDS, file_name, render, schema
from smartaward.reading.fastpath import parse_sheet
from smartaward.reading.files import collect
from smartaward.reading.source import parse_text
from smartaward.writing.editor import with_modeline
from smartaward.writing.scaffold import SCHEMA_FOLDER

try:
    import jsonschema
except ImportError:  # an optional test dependency: the asserts that need it are skipped
    jsonschema = None

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (REPO / "cycles").iterdir() if (p / "cycle.yaml").is_file())
ROLE_KIND = {"cycle": "cycle", "judges": "judges", "entries": "entry", "scores": "scores"}
needs_jsonschema = pytest.mark.skipif(jsonschema is None, reason="jsonschema is not installed")


def validator(kind: str):
    return jsonschema.Draft202012Validator(schema(kind), format_checker=jsonschema.FormatChecker())


def data(text: str):
    doc, problems = parse_text(text, "x.yaml")
    assert not problems, problems
    return doc.data


# --- smartaward schema ---------------------------------------------------------------------------


def test_the_command_knows_the_same_kinds_as_the_generator():
    assert [k.value for k in SchemaKind] == list(KINDS) == ["cycle", "entry", "judges", "scores", "assignments"]


@pytest.mark.parametrize("kind", list(KINDS))
def test_schema_prints_a_json_schema_with_its_identity(kind):
    result = run("schema", kind)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"] == f"urn:smartaward:schema:{kind}"
    assert document["title"].startswith("smartaward ")
    assert document["description"]
    assert result.stdout == render(kind)


@needs_jsonschema
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_schema_is_a_valid_draft_2020_12_schema(kind):
    jsonschema.Draft202012Validator.check_schema(schema(kind))
    # editors that implement draft-07 only still get every check (no 2019+ keywords are used)
    text = render(kind)
    for keyword in ("unevaluatedProperties", "dependentRequired", "prefixItems", "$dynamicRef", "$anchor"):
        assert keyword not in text


def test_the_output_is_deterministic(tmp_path):
    """The same bytes every time, whatever the hash seed (sets, such as the country codes, are sorted)."""
    outputs = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "smartaward", "schema", "--out", str(folder)], check=True, env=env, capture_output=True)
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]) == ["assignments.schema.json", "cycle.schema.json", "entry.schema.json", "judges.schema.json",
                                  "scores.schema.json"]
    assert all(outputs[0][file_name(kind)] == render(kind).encode() for kind in KINDS)


def test_keys_are_sorted_but_properties_keep_the_models_order():
    cycle = schema("cycle")
    assert list(cycle) == sorted(cycle)
    assert list(cycle["properties"])[:3] == ["cycle", "title", "organiser"]
    assert list(cycle["$defs"]["Scale"]["properties"]) == ["min", "max", "step"]


def test_schema_without_a_kind_lists_the_kinds():
    result = run("schema")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()[:5]]
    assert listed == ["cycle", "entry", "judges", "scores", "assignments"]


def test_schema_out_writes_the_files(tmp_path):
    result = run("schema", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(file_name(k) for k in KINDS)
    one = run("schema", "judges", "--out", str(tmp_path / "one"))
    assert one.exit_code == 0
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["judges.schema.json"]
    (tmp_path / "file").write_text("x")
    assert run("schema", "--out", str(tmp_path / "file")).exit_code == 2


def test_schema_rejects_an_unknown_kind():
    assert run("schema", "entries").exit_code == 2


def _properties(value, path=""):
    """Every (path, property schema) in a schema."""
    if isinstance(value, dict):
        for name, prop in value.get("properties", {}).items():
            yield f"{path}.{name}", prop
        for key, child in value.items():
            if key not in ("properties", "oneOf"):  # oneOf only restates keys, for "one of two"
                yield from _properties(child, f"{path}/{key}")
            elif key == "properties":
                for name, prop in child.items():
                    yield from _properties(prop, f"{path}.{name}")
    elif isinstance(value, list):
        for child in value:
            yield from _properties(child, path)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_key_is_described_for_hover_text(kind):
    missing = [path for path, prop in _properties(schema(kind)) if "description" not in prop]
    assert missing == []


def test_what_the_models_parse_is_described_as_written():
    cycle, entry, judges = schema("cycle"), schema("entry"), schema("judges")
    defs = cycle["$defs"]
    # dates are strings YYYY-MM-DD in our YAML
    submitted = entry["$defs"]["Entry"]["properties"]["submitted"]["anyOf"][0]  # optional since 0.6 (or null)
    assert submitted["type"] == "string" and submitted["format"] == "date" and re.match(submitted["pattern"], "2024-07-01")
    assert defs["Decision"]["properties"]["decided_on"]["format"] == "date"
    # country codes: one definition, an enum of the ISO codes, referred to wherever a country goes
    country = judges["$defs"]["Country"]
    assert len(country["enum"]) == 249 and "NO" in country["enum"] and country["enum"] == sorted(country["enum"])
    # (optional since 0.6: a wine or a film has none)
    assert entry["$defs"]["Entrant"]["properties"]["country"]["anyOf"] == [{"$ref": "#/$defs/Country"}, {"type": "null"}]
    assert "country" not in entry["$defs"]["Entrant"].get("required", [])
    # ids: slugs as keys too
    assert cycle["properties"]["calls"]["propertyNames"]["pattern"] == "^[a-z0-9][a-z0-9-]*$"
    # shorthands: a slot as a count, designated winners as a list, eligible as one value or a list
    slot = defs["Category"]["properties"]["awards"]["additionalProperties"]["anyOf"]
    assert {"type": "integer", "minimum": 0} .items() <= slot[0].items() and slot[1] == {"$ref": "#/$defs/AwardSlot"}
    designated = defs["Category"]["properties"]["designated"]["additionalProperties"]["anyOf"]
    assert designated[0]["type"] == "array" and designated[1] == {"$ref": "#/$defs/Designation"}
    assert [s.get("type") for s in defs["Eligibility"]["properties"]["country"]["anyOf"]] == [None, "array", "null"]
    # the alias: the key is validate, as written in cycle.yaml
    assert "validate" in cycle["properties"] and "validate_" not in cycle["properties"]
    # an entry file: one entry or a non-empty list of them
    assert entry["anyOf"][0] == {"$ref": "#/$defs/Entry"} and entry["anyOf"][1]["minItems"] == 1


def test_marks_and_ranks_are_described():
    sheet = schema("scores")
    marks = sheet["properties"]["scores"]["anyOf"][0]["additionalProperties"]["anyOf"]
    assert [m["type"] for m in marks] == ["number", "object", "string"]
    assert marks[1]["additionalProperties"] == {"type": "number"} and marks[1]["minProperties"] == 1
    assert marks[2]["enum"] == ["pass", "fail"]
    ranks = sheet["properties"]["ranks"]["anyOf"][0]["additionalProperties"]
    assert ranks["type"] == "integer" and ranks["minimum"] == 1


@needs_jsonschema
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_file_of_the_sample_cycles_fits_its_schema(sample):
    validators = {kind: validator(kind) for kind in KINDS}
    checked = 0
    for file in collect(sample).files:
        if file.role not in ROLE_KIND:
            continue
        errors = [f"{file.shown}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
                  for e in validators[ROLE_KIND[file.role]].iter_errors(data(file.raw.decode("utf-8-sig")))]
        assert errors == []
        checked += 1
    assert checked > 100


ENTRY = "id: a\ncall: c\ncategory: k\ntitle: T\nentrant: {name: N, type: city, country: %s}\nsubmitted: %s\n"
CYCLE = """cycle: c
title: T
rules: {tie_break: ["criterion:x", median, %s]}
validate: {ignore: [J401]}
calls:
  c:
    title: C
    closes: 2024-07-14
    rounds: {r1: {shortlist: %s}, r2: {}}
    categories:
      k:
        title: K
        awards: {gold: 1, corp: {count: 1, eligible: {entrant_type: company, country: [NO, SE]}}, other: %s}
        designated: {gold: [a, b], x: {entries: [a], decided_on: 2024-01-01}}
"""


@needs_jsonschema
@pytest.mark.parametrize(("kind", "text", "valid"), [
    ("entry", ENTRY % ("NO", "2024-07-01"), True),
    ("entry", "- " + (ENTRY % ("NO", "2024-07-01")).replace("\n", "\n  ").rstrip(), True),
    ("entry", ENTRY % ("XX", "2024-07-01"), False),
    ("entry", ENTRY % ("NO", "2024-7-1"), False),
    ("entry", ENTRY % ("NO", "2024-07-01") + "wieght: 2\n", False),
    ("entry", "[[]]", False),
    ("scores", "judge: j1\nscores: {a: 7, b: {x: 1}, c: pass}\n", True),
    ("scores", "judge: j1\nscores: ~\nranks: {a: 1}\n", True),
    ("scores", "judge: j1\nscores: {a: '8'}\n", False),
    ("scores", "judge: j1\nscores: {a: {}}\n", False),
    ("scores", "judge: j1\nscores: {a: 1}\nranks: {a: 1}\n", False),
    ("scores", "judge: j1\n", False),
    ("scores", "judge: j1\nranks: {a: 0}\n", False),
    ("scores", "judge: J1\nscores: {a: 1}\n", False),
    ("judges", "j1: {name: A, country: NO, voting: true}\n", True),
    ("judges", "J1: {name: A}\n", False),
    ("judges", "j1: {name: A, voting: no}\n", False),
    ("cycle", CYCLE % ("shared", "{top: 3}", "{count: 2, eligible: {country: KR}}"), True),
    ("cycle", CYCLE % ("bogus", "{top: 3}", "1"), False),
    ("cycle", CYCLE % ("shared", "{top: 3, threshold: 2}", "1"), False),
    ("cycle", CYCLE % ("shared", "{}", "1"), False),
    ("cycle", CYCLE % ("shared", "{top: 3}", "-1"), False),
    ("cycle", CYCLE % ("shared", "{top: 3}", "{eligible: {country: ZZ}}"), False),
    ("cycle", (CYCLE % ("shared", "{top: 3}", "1")).replace("validate:", "validate_:"), False),
])
def test_the_schemas_accept_and_refuse_as_validate_does(kind, text, valid):
    assert validator(kind).is_valid(data(text)) is valid


# --- smartaward init -----------------------------------------------------------------------------


@pytest.fixture
def cycle(tmp_path, monkeypatch) -> Path:
    """The base cycle, plus the shapes a modeline must cope with."""
    root = copy_base(tmp_path / "cycle")
    monkeypatch.chdir(tmp_path)
    (root / "entries" / "nested").mkdir()
    shutil.move(root / "entries" / "more.yaml", root / "entries" / "nested" / "more.yaml")
    oslo = root / "entries" / "oslo-bikes.yaml"
    oslo.write_bytes(b"\xef\xbb\xbf" + oslo.read_bytes().replace(b"\n", b"\r\n"))  # a BOM and CRLF
    j02 = root / "scores" / "j02.yaml"
    j02.write_text("# yaml-language-server: $schema=https://example.com/old.json\n# Marks of j02\n" + j02.read_text())
    return root


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _yaml_files(root: Path) -> list[tuple[Path, str]]:
    return [(f.path, ROLE_KIND[f.role]) for f in collect(root).files if f.role in ROLE_KIND]


def test_init_adds_the_modeline_first_and_changes_nothing_else(cycle):
    before = _tree(cycle)
    result = run("init", "cycle")
    assert result.exit_code == 0, result.output
    after = _tree(cycle)
    assert sorted(after) == sorted([*before, *(f"{SCHEMA_FOLDER}/{file_name(k)}" for k in KINDS)])
    for path, kind in _yaml_files(cycle):
        rel = path.relative_to(cycle).as_posix()
        old, new = before[rel], after[rel]
        bom = b"\xef\xbb\xbf" if old.startswith(b"\xef\xbb\xbf") else b""
        first, rest = new[len(bom):].split(b"\n", 1)
        target = first.decode().rstrip("\r").removeprefix("# yaml-language-server: $schema=")
        assert (path.parent / target).resolve() == (cycle / SCHEMA_FOLDER / file_name(kind)).resolve(), rel
        assert not target.startswith("/") and "\\" not in target
        if rel != "scores/j02.yaml":
            assert new == bom + first + b"\n" + rest and bom + rest == old, rel
    assert after["entries/nested/more.yaml"].startswith(b"# yaml-language-server: $schema=../../.schema/entry.schema.json\n")
    assert after["cycle.yaml"].startswith(b"# yaml-language-server: $schema=.schema/cycle.schema.json\n")
    # a BOM stays first; the file's own line ending is used
    assert after["entries/oslo-bikes.yaml"].startswith(b"\xef\xbb\xbf# yaml-language-server: $schema=../.schema/entry.schema.json\r\n")
    # an older modeline is replaced; the other comments stay
    assert after["scores/j02.yaml"] == before["scores/j02.yaml"].replace(
        b"https://example.com/old.json", b"../.schema/scores.schema.json")
    for kind in KINDS:
        assert after[f"{SCHEMA_FOLDER}/{file_name(kind)}"] == render(kind).encode()


def test_init_twice_changes_nothing(cycle):
    assert run("init", "cycle").exit_code == 0
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in cycle.rglob("*") if p.is_file()}
    again = run("init", "cycle")
    assert again.exit_code == 0
    assert "0 YAML files given the modeline" in again.stdout
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in cycle.rglob("*") if p.is_file()} == before


def test_init_walks_up_from_a_file_or_folder_inside(cycle, monkeypatch):
    monkeypatch.chdir(cycle / "entries" / "nested")
    assert run("init").exit_code == 0
    assert (cycle / SCHEMA_FOLDER / "cycle.schema.json").is_file()


def test_init_check_lists_what_is_missing_and_writes_nothing(cycle):
    before = _tree(cycle)
    result = run("init", "--check", "cycle")
    assert result.exit_code == 1
    assert "cycle/entries/nested/more.yaml: no schema modeline" in result.stdout
    assert "cycle/scores/j02.yaml: the modeline is not" in result.stdout
    assert "cycle/.schema/cycle.schema.json: missing" in result.stdout
    assert _tree(cycle) == before
    assert run("init", "cycle").exit_code == 0
    assert run("init", "--check", "cycle").exit_code == 0
    (cycle / SCHEMA_FOLDER / "judges.schema.json").write_text("{}\n")
    stale = run("init", "--check", "cycle")
    assert stale.exit_code == 1 and "judges.schema.json: out of date" in stale.stdout
    (cycle / "entries" / "new.yaml").write_text("id: x\n")
    assert "cycle/entries/new.yaml: no schema modeline" in run("init", "--check", "cycle").stdout


def test_init_without_a_cycle_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "entries").mkdir()
    result = run("init")
    assert result.exit_code == 2
    assert "no cycle.yaml" in result.stderr and "existing cycle" in result.stderr
    assert list(tmp_path.rglob("*")) == [tmp_path / "entries"]


def test_init_leaves_csv_sheets_and_files_it_cannot_change_alone(cycle):
    csv = cycle / "scores" / "more.csv"
    csv.write_text("judge,entry,design,impact\nj01,oslo-bikes,8,8\n")
    utf16 = cycle / "entries" / "utf16.yaml"
    utf16.write_bytes("id: x\n".encode("utf-16"))
    before = _tree(cycle)
    result = run("init", "cycle")
    assert result.exit_code == 0
    assert "cycle/entries/utf16.yaml: skipped: not UTF-8" in result.stderr
    after = _tree(cycle)
    assert after["scores/more.csv"] == before["scores/more.csv"]
    assert after["entries/utf16.yaml"] == before["entries/utf16.yaml"]


def test_init_keeps_permissions(cycle):
    judges = cycle / "judges.yaml"
    judges.chmod(0o640)
    assert run("init", "cycle").exit_code == 0
    assert judges.stat().st_mode & 0o777 == 0o640


def test_init_writes_all_files_or_none(cycle, monkeypatch):
    """A move fails after six files (the four schemas and two YAML files): every file is put back as
    it was, nothing is left behind, and a new run completes the job."""
    before, paths = _tree(cycle), sorted(cycle.rglob("*"))
    replaced = []
    real_replace = os.replace

    def replace(source, target):
        replaced.append(Path(target))
        if len(replaced) == 7:  # only this move fails: putting the six back works
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    result = run("init", "cycle")
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    monkeypatch.setattr(os, "replace", real_replace)
    assert _tree(cycle) == before and sorted(cycle.rglob("*")) == paths  # no schema, modeline, temporary or staging folder
    assert run("init", "cycle").exit_code == 0  # and a new run completes the job
    assert run("init", "--check", "cycle").exit_code == 0


def test_with_modeline_handles_edge_cases():
    line = "# yaml-language-server: $schema=x.json"
    assert with_modeline(b"", line) == b"# yaml-language-server: $schema=x.json\n"
    assert with_modeline(b"a: 1", line) == b"# yaml-language-server: $schema=x.json\na: 1"
    assert with_modeline(b"a: 1\r\n", line) == b"# yaml-language-server: $schema=x.json\r\na: 1\r\n"
    # a modeline below the leading comments (in a block scalar, say) is content: left alone
    text = b"summary: |\n  # yaml-language-server: $schema=y\n"
    assert with_modeline(text, line) == line.encode() + b"\n" + text
    # spaces in an old modeline, and several old ones, among the leading comments
    old = b"#yaml-language-server : $schema=a\n\n  # yaml-language-server: $schema=b\n# keep\na: 1\n"
    assert with_modeline(old, line) == line.encode() + b"\n\n# keep\na: 1\n"
    assert with_modeline("é".encode("latin-1"), line) is None


def test_init_keeps_validation_clean_rank_output_unchanged_and_the_fast_path(tmp_path, monkeypatch):
    sample = SAMPLES[0]
    monkeypatch.chdir(tmp_path)
    shutil.copytree(sample, tmp_path / "c", ignore=shutil.ignore_patterns("*.py", "README*"))
    rank_before = run("rank", "c", "--format", "json", "--no-cache")
    winners_before = run("winners", "c", "--format", "json", "--no-cache")
    assert rank_before.exit_code == 0
    sheets = sorted((tmp_path / "c" / "scores").rglob("*.yaml"))
    fast_before = [parse_sheet(p.read_text()) for p in sheets]
    assert run("init", "c").exit_code == 0
    validated = run("validate", "c", "--no-cache")
    assert validated.exit_code == 0, validated.output
    assert "no problems" in validated.stdout
    assert run("rank", "c", "--format", "json", "--no-cache").stdout == rank_before.stdout
    assert run("winners", "c", "--format", "json", "--no-cache").stdout == winners_before.stdout
    fast_after = [parse_sheet(p.read_text()) for p in sheets]
    assert fast_after == fast_before and all(d is not None for d in fast_after[:3])


def test_commands_import_without_a_cycle_of_imports():
    code = ("import smartaward.cli.editor as m; import smartaward.cli.app as c; "
            "assert 'init' in [x.name or x.callback.__name__ for x in c.app.registered_commands]")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert cli_editor.app is app


# --- the pre-commit hook -------------------------------------------------------------------------


def _hook() -> dict:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == "smartaward-validate"]
    return hook


def _run_hook(changed: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """What pre-commit does: keep the files matching `files`, append them to entry + args, run."""
    hook = _hook()
    files = [f for f in changed if re.search(hook["files"], f)]
    command = shlex.split(hook["entry"]) + list(hook.get("args", []))
    script = Path(sys.executable).parent / command[0]
    command[:1] = [str(script)] if script.is_file() else [sys.executable, "-m", "smartaward"]
    return subprocess.run(command + (files if hook["pass_filenames"] else []), cwd=cwd, capture_output=True, text=True)


def test_the_hook_is_declared_for_pre_commit():
    hook = _hook()
    assert hook["entry"].split()[:2] == ["smartaward", "validate"]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True and hook["require_serial"] is True
    pattern = re.compile(hook["files"])
    assert all(pattern.search(f) for f in ["c/entries/a.yaml", "c/scores/j.yml", "c/scores/all.csv", "c/X.YAML"])
    assert not any(pattern.search(f) for f in ["README.md", "c/generate.py", "c/.schema/entry.schema.json", "a.yaml.orig"])


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository with two cycles and a YAML file outside both."""
    copy_base(tmp_path / "cycles" / "one")
    copy_base(tmp_path / "cycles" / "two")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\n")
    return tmp_path


CHANGED = ["cycles/one/entries/oslo-bikes.yaml", "cycles/one/scores/j02.yaml", "cycles/two/cycle.yaml",
           "cycles/two/entries/more.yaml", "cycles/two/README.md"]


def test_the_hook_passes_changed_files_of_clean_cycles(repo):
    result = _run_hook(CHANGED, repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 files checked: no problems" in result.stdout


def test_the_hook_fails_on_a_broken_changed_file(repo):
    entry = repo / "cycles" / "two" / "entries" / "more.yaml"
    entry.write_text(entry.read_text().replace("country: PH", "country: XX", 1))
    result = _run_hook(CHANGED, repo)
    assert result.returncode == 1
    assert "cycles/two/entries/more.yaml:" in result.stdout and "XX" in result.stdout


def test_the_hook_skips_yaml_files_outside_any_cycle(repo):
    result = _run_hook([*CHANGED, ".github/workflows/ci.yml"], repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ".github/workflows/ci.yml" in result.stderr  # a note says it was skipped
    alone = _run_hook([".github/workflows/ci.yml"], repo)
    assert alone.returncode == 0, alone.stdout + alone.stderr
