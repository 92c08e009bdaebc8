"""Krippendorff's alpha from each entry's values alone (agreement.alpha_of_units, issue 17) equals
alpha of the judge-by-entry table the krippendorff package reads, at every level: alpha depends on
the values within each entry, never on which judge gave them."""

from __future__ import annotations

from math import isclose

import krippendorff
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from smartaward.publishing.agreement import alpha_of_units, krippendorff_alpha

MARKS = st.one_of(st.none(), st.sampled_from([0.0, 1.0, 2.5, 3.0, 7.5, 10.0]))


@st.composite
def tables(draw):
    judges, entries = draw(st.integers(2, 6)), draw(st.integers(1, 8))
    return [[draw(MARKS) for _ in range(entries)] for _ in range(judges)]


def _package(table, level):
    matrix = np.array([[np.nan if v is None else v for v in row] for row in table], dtype=float)
    keep = np.sum(~np.isnan(matrix), axis=0) >= 2
    return float(krippendorff.alpha(reliability_data=matrix[:, keep], level_of_measurement=level))


@settings(max_examples=150, deadline=None)
@given(table=tables(), level=st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_units_give_the_tables_alpha(table, level):
    units = [[v for v in column if v is not None] for column in zip(*table, strict=True)]
    from_units, from_table = alpha_of_units(units, level), krippendorff_alpha(table, level)
    assert from_units == from_table
    if from_units.value is not None and level != "interval":
        assert from_units.value == _package(table, level)  # exactly: the same coincidences
    elif from_units.value is not None:
        assert isclose(from_units.value, _package(table, level), rel_tol=1e-9, abs_tol=1e-9)


def test_a_sparse_panel_is_never_a_table():
    """2,000 judges × 50,000 entries, three marks each: the table would hold 100 million cells."""
    rng = np.random.default_rng(17)
    units = [list(map(float, rng.integers(0, 11, 3))) for _ in range(50_000)]
    assert alpha_of_units(units, "interval").value is not None
    assert alpha_of_units(units, "ordinal").value is not None


@st.composite
def panels(draw):
    judges = draw(st.lists(st.sampled_from("abcdefgh"), min_size=2, max_size=8, unique=True))
    return {j: {e: 1.0 for e in draw(st.lists(st.sampled_from("uvwxyz"), min_size=1, max_size=6, unique=True))} for j in judges}


@settings(max_examples=200, deadline=None)
@given(panel=panels())
def test_the_pair_sharing_most_is_the_first_best_of_every_pair(panel):
    """What the scan of every pair (the block's first step before issue 17) chose."""
    from smartaward.publishing.agreement import _pair_sharing_most

    judges = sorted(panel)
    best: tuple[int, tuple[str, str]] = (-1, ("", ""))
    for i, a in enumerate(judges):
        for b in judges[i + 1:]:
            if len(panel[a].keys() & panel[b].keys()) > best[0]:
                best = (len(panel[a].keys() & panel[b].keys()), (a, b))
    assert _pair_sharing_most(judges, panel) == best[1]
