"""JSON Schemas (draft 2020-12) of the cycle files, for editors: completion, hover text, checks as you type.

Generated from the pydantic models (model.py), then adjusted to say what the files really hold:
- values that our YAML reader keeps as strings and the models parse: dates are `YYYY-MM-DD`
  strings (`format: date`), country codes one of the ISO 3166-1 alpha-2 codes;
- shorthand forms the models accept: an award slot as a count (`gold: 1`), designated winners as a
  list, `eligible` values as one value or a list;
- the marks under `scores` and the ranks under `ranks` (read outside the models, by load.py);
- ids as slugs, both as values and as mapping keys (`propertyNames`).

The schemas use only keywords that draft-07 tools understand as well (`$defs` is reached by plain
JSON pointers), since editors' YAML support often implements draft-07 only. They are advisory:
`smartaward validate` remains the judge (cross-file references, scales, rounds are beyond a schema).

The output is deterministic: keys are sorted, except the properties of a mapping, which keep the
order of the model (the order of docs/format.md).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from smartaward.model import cyclefiles as model
from smartaward.model.countries import ISO_3166_ALPHA2
from smartaward.text.cells import ASTRAL_NONCHARACTERS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "urn:smartaward:schema:"

# kind → (the files it describes, what they hold)
KINDS: dict[str, tuple[str, str]] = {
    "cycle": ("cycle.yaml", "The cycle: calls, categories, criteria, award slots and judging rules."),
    "entry": ("entries/**/*.yaml", "An entry file: one entry (a mapping) or a list of entries."),
    "judges": ("judges.yaml", "The jury: judge id → judge."),
    "scores": ("scores/**/*.yaml", "A judge's score sheet: marks under scores, or a ranking under ranks; or a values sheet: "
                                   "measured parts under values."),
    "assignments": ("assignments/*.yaml", "One round's assignments: judge id → the entries the judge must mark."),
}

_SLUG = {"type": "string", "pattern": model.SLUG_PATTERN, "maxLength": 120}
_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_TIE_BREAK_PATTERN = model.TieBreak.__metadata__[0].pattern  # type: ignore[attr-defined]
# the plain words of the pattern, ^(shared|median|...|criterion:ID)$, as an enum editors can offer
_TIE_BREAK_WORDS = [w for w in _TIE_BREAK_PATTERN.strip("^$()").split("|") if not w.startswith("criterion:")]
_COUNTRY_REF = {"$ref": "#/$defs/Country"}
_MARK_KEY = "x-smartaward-country"  # pydantic checks its refs: ours is put in afterwards
_COUNTRY_DEF = {
    "type": "string",
    "enum": sorted(ISO_3166_ALPHA2),
    "description": "An ISO 3166-1 alpha-2 country code, upper case (KR, NO, PH). NO stays Norway: "
                   "smartaward reads yes/no/on/off as strings.",
}
# Keys whose values are data, not schemas: never reordered.
_DATA_KEYS = frozenset({"default", "examples", "enum", "const", "required"})


class _Generator(GenerateJsonSchema):
    """pydantic's generator, taught the forms our validators accept and our reader produces."""

    def sort(self, value: JsonSchemaValue, parent_key: str | None = None) -> JsonSchemaValue:
        return value  # sorted once at the end, by _sorted, which leaves examples as written

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # "Min Judges" above min_judges adds nothing; descriptions say what a key is

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        function = schema["function"]["function"]
        inner = self.generate_inner(schema["schema"])
        if function is model._iso_date:
            return {**inner, "type": "string", "format": "date", "pattern": _DATE_PATTERN}
        if function is model._one_or_many:  # one value, or a list of them
            return {"anyOf": [inner["items"], inner]}
        if function is model._slot_shorthand:
            count = {"type": "integer", "minimum": 0, "description": "Short for {count: N}."}
            return {"anyOf": [count, inner]}
        if function is model._designation_shorthand:
            entries = {"type": "array", "items": dict(_SLUG), "description": "Short for {entries: [...]}: the winners, in order."}
            return {"anyOf": [entries, inner]}
        return super().function_before_schema(schema)

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        if schema["function"]["function"] is model._country:
            return {_MARK_KEY: True}
        return super().function_after_schema(schema)

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        if json_schema.get("pattern") in (model.TEXT_PATTERN, model.MULTI_LINE_TEXT_PATTERN):
            # An editor reads a pattern as ECMA-262, where \U escapes do not exist and a character
            # beyond U+FFFF is two UTF-16 code units: the noncharacters of the higher planes are
            # left to validate (S105), the rest of the class is checked as you type.
            json_schema["pattern"] = json_schema["pattern"].replace(ASTRAL_NONCHARACTERS, "")
        if json_schema.get("pattern") == _TIE_BREAK_PATTERN:
            # an enum gives completion; the pattern covers criterion:ID
            return {"anyOf": [{"type": "string", "enum": list(_TIE_BREAK_WORDS)},
                              {"type": "string", "pattern": r"^criterion:[a-z0-9][a-z0-9-]*$",
                               "description": "criterion:ID: the higher mean mark on that criterion first."}]}
        return json_schema

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        # pydantic writes patternProperties, which lets a key that is not an id through unchecked;
        # propertyNames rejects it, and additionalProperties gives editors the values' schema.
        json_schema = super().dict_schema(schema)
        patterns = json_schema.pop("patternProperties", None)
        if patterns:
            (pattern, values), = patterns.items()
            json_schema["propertyNames"] = {**json_schema.get("propertyNames", {}), "pattern": pattern}
            json_schema["additionalProperties"] = values
        return json_schema


def _exactly_one(first: str, first_schema: dict, second: str, second_schema: dict) -> list[dict]:
    """One key given (and not null), the other left out or null: what the models' checks demand."""
    null = {"type": "null"}
    return [
        {"required": [first], "properties": {first: first_schema, second: null}},
        {"required": [second], "properties": {second: second_schema, first: null}},
    ]


def _mark_values() -> dict:
    number = {"type": "number", "description": "The overall mark, for a call without criteria."}
    by_criterion = {
        "type": "object",
        "minProperties": 1,
        "propertyNames": dict(_SLUG),
        "additionalProperties": {"type": "number"},
        "description": "A mark for each criterion of the call: criterion id → number.",
    }
    verdict = {"type": "string", "enum": ["pass", "fail"], "description": "The verdict, in a screening round."}
    return {"anyOf": [number, by_criterion, verdict]}


def _rank_values() -> dict:
    return {"type": "integer", "minimum": 1, "description": "The judge's rank for the entry: 1 = best; ties allowed."}


def _adjust_sheet(sheet: dict) -> None:
    properties = sheet["properties"]
    entries = {"type": "object", "propertyNames": dict(_SLUG)}
    properties["scores"] = {**_without(properties["scores"], "anyOf"), "anyOf": [
        {**entries, "additionalProperties": _mark_values()}, {"type": "null"}]}
    properties["ranks"] = {**_without(properties["ranks"], "anyOf"), "anyOf": [
        {**entries, "additionalProperties": _rank_values()}, {"type": "null"}]}
    properties["pairs"] = {**_without(properties["pairs"], "anyOf"), "anyOf": [
        {"type": "array", "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": dict(_SLUG),
                                    "description": "[winner, loser]: two entry ids, the first beats the second."}},
        {"type": "null"}]}
    # a values sheet (measured parts, docs/format.md "Values sheets"): values and no judge
    values = model.ValuesSheet.model_json_schema(schema_generator=_Generator)["properties"]
    properties["measured_by"] = values["measured_by"]
    properties["values"] = {**_without(values["values"], "additionalProperties", "type"), "type": "object", "propertyNames": dict(_SLUG),
                            "additionalProperties": {"type": "object", "minProperties": 1, "propertyNames": dict(_SLUG),
                                                     "additionalProperties": {"type": "number"}}}
    sheet["required"] = [key for key in sheet.get("required", []) if key != "judge"]
    if not sheet["required"]:
        del sheet["required"]
    # a judge's sheet: exactly one of scores, ranks and pairs (given and not null), as the model's check
    # demands; or a values sheet, with none of a judge's keys
    kinds = {"scores": {"type": "object"}, "ranks": {"type": "object"}, "pairs": {"type": "array"}}
    sheet["oneOf"] = [{"required": ["judge", key], "properties": {**{other: kinds[other] if other == key else {"type": "null"} for other in kinds},
                                                                  "values": False, "measured_by": False}}
                      for key in kinds] + [
        {"required": ["values"], "properties": {"judge": False, "scores": False, "ranks": False, "pairs": False, "comments": False}}]
    sheet["examples"] = [
        {"judge": "j07", "round": "evaluation", "scores": {"baguio-health-governance": {"design": 9, "impact": 8.5}}},
        {"judge": "j02", "scores": {"some-entry": 7.5}},
        {"judge": "s01", "round": "eligibility", "scores": {"some-entry": "pass"}},
        {"judge": "j03", "ranks": {"some-entry": 1, "other-entry": 2}},
        {"judge": "j04", "pairs": [["some-entry", "other-entry"], ["other-entry", "third-entry"]]},
        {"round": "round1", "measured_by": "Timing", "values": {"some-entry": {"distance": 76.2, "wind": -3.4}}},
    ]


def _without(schema: dict, *keys: str) -> dict:
    return {k: v for k, v in schema.items() if k not in keys}


def _with_country_refs(value: Any, found: list[bool]) -> Any:
    """value with each country mark replaced by a reference to the Country definition."""
    if isinstance(value, dict):
        if _MARK_KEY in value:  # pydantic may have added the field's description and examples
            found.append(True)
            return {**{k: v for k, v in value.items() if k != _MARK_KEY}, **_COUNTRY_REF}
        return {k: _with_country_refs(v, found) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_country_refs(v, found) for v in value]
    return value


def _sorted(value: Any, parent: str | None = None) -> Any:
    """Keys sorted at every level, except a mapping's properties (the model's order) and data."""
    if isinstance(value, dict):
        keys = list(value) if parent in ("properties",) else sorted(value)
        if parent in _DATA_KEYS:
            return value
        return {key: _sorted(value[key], key) for key in keys}
    if isinstance(value, list):
        return value if parent in _DATA_KEYS else [_sorted(item, parent) for item in value]
    return value


def _raw(kind: str) -> dict:
    if kind == "cycle":
        return model.CycleFile.model_json_schema(schema_generator=_Generator)
    if kind == "judges":
        return model.JudgesFile.model_json_schema(schema_generator=_Generator)
    if kind == "scores":
        return model.ScoreSheet.model_json_schema(schema_generator=_Generator)
    if kind == "assignments":
        return model.AssignmentFile.model_json_schema(schema_generator=_Generator)
    if kind == "entry":
        many = Annotated[list[model.Entry], Field(min_length=1)]
        return TypeAdapter(model.Entry | many).json_schema(schema_generator=_Generator)
    raise ValueError(f"unknown schema kind {kind!r}; one of {', '.join(KINDS)}")


def schema(kind: str) -> dict:
    """The JSON Schema of one kind of cycle file: cycle, entry, judges, scores or assignments."""
    raw = _raw(kind)
    defs = raw.pop("$defs", {})
    if kind == "scores":
        _adjust_sheet(raw)
    if kind == "judges":
        raw["examples"] = [{"j01": {"name": "Ada Example", "country": "NO", "calls": ["project"], "conflicts": ["oslo-*"]}}]
    if kind == "entry":
        raw["anyOf"][1]["description"] = "A list of entries."
    if kind == "assignments":
        raw["examples"] = [{"round": "evaluation", "per_entry": 2, "seed": 2024,
                            "judges": {"j01": ["oslo-bikes", "seoul-air"], "j02": ["oslo-bikes", "seoul-air"]}}]
    for definition in defs.values():  # a docstring's line breaks are only its wrapping
        if "description" in definition:
            definition["description"] = " ".join(definition["description"].split())
    if "Shortlist" in defs:
        defs["Shortlist"]["oneOf"] = _exactly_one("top", {"type": "integer"}, "threshold", {"type": "number"})
    found: list[bool] = []
    raw, defs = _with_country_refs(raw, found), _with_country_refs(defs, found)
    if found:
        defs["Country"] = dict(_COUNTRY_DEF)
    file, description = KINDS[kind]
    raw.pop("description", None)  # the model's docstring: KINDS says it for a reader of the file
    document = {
        "$schema": DRAFT,
        "$id": f"{ID_BASE}{kind}",
        "$comment": f"Generated by `smartaward schema {kind}` from smartaward's models; do not edit by hand "
                    "(`smartaward init` refreshes a cycle's copy). The reference is docs/format.md.",
        "title": f"smartaward {file}",
        "description": description,
        **{k: v for k, v in raw.items() if k != "title"},
    }
    if defs:
        document["$defs"] = defs
    return _sorted(document)


def render(kind: str) -> str:
    """The schema as JSON text: two-space indents, sorted keys (properties keep their order), a final newline."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"
