"""The JSON outputs' encoder (render/tables.py `encode`, json's C encoder made once) writes exactly what
json.dumps(value, ensure_ascii=False) writes, and to_json's rows exactly what the row-by-row walk writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from smartaward.render import tables

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                     st.floats(), st.text(), st.text(alphabet=st.characters(codec="utf-8", max_codepoint=0x30)))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)),
                       max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(_values)
def test_encode_is_json_dumps(value: Any) -> None:
    assert tables.encode(value) == json.dumps(value, ensure_ascii=False)


def _walked(value: Any, pad: str) -> str:
    """to_json as it was written before rows were encoded a list at a time (the reference)."""
    if tables._is_flat(value):
        return tables.escape_json(json.dumps(value, ensure_ascii=False))
    inner = pad + "  "
    if isinstance(value, dict):
        items = [f"{inner}{tables.escape_json(json.dumps(k, ensure_ascii=False))}: {_walked(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    return "[\n" + ",\n".join(inner + _walked(v, inner) for v in value) + f"\n{pad}]"


_rows = st.lists(st.dictionaries(st.sampled_from(["rank", "entry", "score", "title"]), _scalars, max_size=4), max_size=5)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_values, st.dictionaries(st.text(max_size=3), st.one_of(_rows, _values), max_size=3)))
def test_to_json_is_the_walk(document: Any) -> None:
    assert tables.to_json(document) == _walked(document, "") + "\n"


def test_without_the_c_encoder_the_same(monkeypatch: Any) -> None:
    monkeypatch.setattr(tables, "_C_ENCODER", None)
    value = {"rows": [{"rank": 1, "title": "Caf\u00e9 \u2028", "score": 9.5, "x": None}], "n": float("inf")}
    assert tables.encode(value) == json.dumps(value, ensure_ascii=False)
    assert tables.to_json(value) == _walked(value, "") + "\n"
