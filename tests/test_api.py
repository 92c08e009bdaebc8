"""The core API (smartaward.api): what every command calls, tested directly and against the commands.

A library user who calls `validate` gets exactly what `smartaward validate` reports (cycle.yaml's
validate: block, select, ignore, strict, the files named, the cache), and `results` exactly what
`rank`/`winners` publish: differential tests over the samples, the base cycle and broken variants.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cyclefiles import copy_base
from typer.testing import CliRunner

from smartaward import api
from smartaward.cli.app import app
from smartaward.diagnostics import Severity
from smartaward.publishing.data import rank_document, winners_document
from smartaward.reading.cache import Cache

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "cycles").glob("seoul-*"))


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The base cycle with a late entry (J401, error), a missing mark (M305, warning) and a mark
    out of scale (M301, error)."""
    root = copy_base(tmp_path / "cycle")
    edit(root / "scores" / "j02.yaml", "seoul-air: {design: 6.5, impact: 7}", "seoul-air: {design: 6.5}")
    edit(root / "scores" / "j02.yaml", "baguio-health: {design: 9, impact: 9}", "baguio-health: {design: 11, impact: 9}")
    return root


def codes(report: api.Report) -> list[str]:
    return [d.code for d in report.diagnostics]


def cli_codes(*args: str) -> tuple[int, list[str]]:
    code, out = cli("validate", *args, "--format", "json", "--no-cache")
    return code, [d["code"] for d in json.loads(out)["diagnostics"]]


def test_validate_returns_the_problems_the_command_prints(broken: Path) -> None:
    report = api.validate([broken])
    assert sorted(codes(report)) == ["M301", "M305"]
    assert report.failed and report.files == len(list(broken.rglob("*.yaml")))
    assert (1, codes(report)) == cli_codes(str(broken))


def test_validate_applies_the_validate_block_of_cycle_yaml(broken: Path) -> None:
    """The issue's gap: checks.run_checks ignores cycle.yaml's validate: block; the API does not."""
    with (broken / "cycle.yaml").open("a", encoding="utf-8") as cycle:
        cycle.write("validate:\n  ignore: [M301]\n  strict: true\n")
    report = api.validate([broken])
    assert codes(report) == ["M305"]
    assert report.cycles[0].selection.strict and report.failed  # a warning fails under strict
    assert (1, ["M305"]) == cli_codes(str(broken))
    assert codes(api.validate([broken], select=["M301"])) == []  # the block's ignore still applies
    assert codes(api.validate([broken], ignore=["M305"])) == []


def test_validate_select_ignore_and_strict_as_options(broken: Path) -> None:
    assert codes(api.validate([broken], select=["M3"], ignore=["M301"])) == ["M305"]
    warned = api.validate([broken], ignore=["M301"])
    assert not warned.failed and api.validate([broken], ignore=["M301"], strict=True).failed


def test_validate_of_named_files_reports_theirs_and_the_cycle_files(broken: Path) -> None:
    report = api.validate([broken / "scores" / "j02.yaml"])
    assert report.files == 1 and sorted(codes(report)) == ["M301", "M305"]
    assert codes(api.validate([broken / "scores" / "j01.yaml"])) == []


def test_validate_skips_a_file_outside_any_cycle_and_refuses_a_folder(tmp_path: Path, broken: Path) -> None:
    stray = tmp_path / "workflow.yaml"
    stray.write_text("on: push\n", encoding="utf-8")
    report = api.validate([stray, broken])
    assert report.skipped == [stray] and len(report.cycles) == 1
    with pytest.raises(api.CycleNotFound):
        api.validate([tmp_path])


def test_an_unknown_code_raises(broken: Path) -> None:
    with pytest.raises(api.UnknownCode):
        api.validate([broken], select=["W"])


def test_validate_from_the_cache_gives_the_same_report(broken: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cold = api.validate([broken], cache=cache)
    warm = api.validate([broken], cache=cache)
    assert cold.diagnostics == warm.diagnostics == api.validate([broken]).diagnostics


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_results_of_a_sample_are_what_rank_and_winners_publish(sample: Path) -> None:
    outcome = api.results(sample)
    assert outcome.errors == [] and outcome.results is not None
    assert json.loads(cli("rank", str(sample), "-f", "json", "--no-cache")[1]) == json.loads(json.dumps(rank_document(outcome.results)))
    assert json.loads(cli("winners", str(sample), "-f", "json", "--no-cache")[1]) == json.loads(json.dumps(winners_document(outcome.results)))


def test_results_use_the_scoring_the_checks_computed(tmp_path: Path) -> None:
    """No hidden cache: the checks' scoring is handed to the ranking, so both see the same scores."""
    outcome = api.results(copy_base(tmp_path / "cycle"))
    assert outcome.results is not None and outcome.checked.scoring is outcome.results.scoring


def test_results_of_a_cycle_with_errors(broken: Path) -> None:
    outcome = api.results(broken)
    assert outcome.results is None and {d.code for d in outcome.errors} == {"M301"}
    assert all(d.severity is Severity.ERROR for d in outcome.errors)
    assert api.results(broken, load_with_errors=True).cycle is not None


def test_results_from_the_cache_are_the_same(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "cycle")
    cache = Cache(tmp_path / "cache")
    api.validate([root], cache=cache)
    warm = api.results(root, cache=cache)
    assert warm.checked.cycle is None  # the problems came from the cache: nothing parsed to check
    assert warm.results is not None
    assert rank_document(warm.results) == rank_document(api.results(root).results)  # type: ignore[arg-type]


def test_the_package_exports_the_api() -> None:
    import smartaward

    assert smartaward.validate is api.validate and smartaward.results is api.results


def test_the_readme_example_runs(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python API example in the README, run as written from the repository's root."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The Python API"):]
    example = re.search(r"```python\n(.*?)```", section, re.S)
    assert example is not None
    monkeypatch.chdir(ROOT)
    exec(compile(example.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "232 files, 0 problems; failed: False" in out
