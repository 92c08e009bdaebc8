"""Huge marks (off the scale, M301) are reported, never a crash or a warning on stderr: found by the
equivalence tests of the columnar engine (issue 17)."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

from helpers import run

from smartaward.judging.stages import half_up

BASE = Path(__file__).resolve().parent / "cases" / "base"


def test_half_up_of_a_number_beyond_decimals_precision_is_the_number():
    assert half_up(1e300, 2) == 1e300
    assert half_up(2.675, 2) == 2.68


def test_a_huge_mark_under_decimals_is_m301_not_an_internal_error(tmp_path, monkeypatch):
    cycle = tmp_path / "cycle"
    shutil.copytree(BASE, cycle)
    (cycle / "cycle.yaml").write_text((cycle / "cycle.yaml").read_text().replace("  aggregate: mean\n", "  aggregate: mean\n  decimals: 2\n"))
    sheet = cycle / "scores" / "j01.yaml"
    sheet.write_text(sheet.read_text().replace("seoul-air: {design: 7,", "seoul-air: {design: 1e300,"))
    monkeypatch.chdir(tmp_path)
    result = run("validate", "cycle", "--no-cache")
    assert result.exit_code == 1
    assert ("scores/j01.yaml", 3, "M301") in {(d.split(":")[0].removeprefix("cycle/"), int(d.split(":")[1]), d.split()[2])
                                               for d in result.stdout.splitlines() if " M301 " in d}


def test_a_huge_product_in_a_fit_warns_nobody():
    import numpy as np

    from smartaward.judging.methods import _dot

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _dot(np.array([1e300, 1.0]), np.array([1e300, 1.0])) == float("inf")
