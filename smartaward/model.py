"""Pydantic models of the cycle files. Unknown keys are errors; types are strict.

Strict mode matters here: `weight: "2"` or `voting: yes` are reported, never coerced. Dates are
written `YYYY-MM-DD` and arrive as strings (see source.py), so date fields parse that one form.

Score sheets are modelled only down to their `scores:` mapping; the marks themselves are read by a
plain loop into a columnar table (load.py), because a cycle can hold millions of them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    model_validator,
)

from .countries import ISO_3166_ALPHA2

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # e.g. 2024-02-30: let pydantic report it as not a date
    return value


def _country(value: str) -> str:
    if value not in ISO_3166_ALPHA2:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. KR, NO, PH)")
    return value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Country = Annotated[str, AfterValidator(_country)]
TieBreak = Annotated[str, StringConstraints(pattern=r"^(shared|criterion:[a-z0-9][a-z0-9-]*)$")]

DEFAULT_ENTRANT_TYPES = ["city", "region", "company", "institution", "organisation", "individual"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


# Bounds that keep every computation finite: marks are checked against a scale within ±1e9 and
# weighted by at most 1e6, so no sum or product can overflow a float.
Bound = Annotated[float, Field(ge=-1e9, le=1e9)]


class Scale(Strict):
    """The range of a mark; `step` (if given) is the smallest increment from `min`."""

    min: Bound = 0
    max: Bound = 10
    step: Annotated[float, Field(gt=0, le=1e9)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"scale min ({self.min:g}) must be below max ({self.max:g})")
        return self


class CallRules(Strict):
    """Judging rules a call may override; unset keys fall back to the cycle's rules."""

    aggregate: Literal["mean"] | None = None
    min_judges: Annotated[int, Field(ge=1)] | None = None
    tie_break: list[TieBreak] | None = None


class CycleRules(Strict):
    aggregate: Literal["mean"] = "mean"
    min_judges: Annotated[int, Field(ge=1)] = 1
    tie_break: list[TieBreak] = ["shared"]
    one_award_per: Literal["entrant"] | None = None


class Criterion(Strict):
    title: Text
    description: Text | None = None
    weight: Annotated[float, Field(gt=0, le=1e6)] = 1
    scale: Scale | None = None


class Eligibility(Strict):
    """Who may take a typed award slot; every key given must match."""

    entrant_type: Annotated[list[Slug], BeforeValidator(_one_or_many)] | None = None
    country: Annotated[list[Country], BeforeValidator(_one_or_many)] | None = None


def _slot_shorthand(value: Any) -> Any:
    # `gold: 1` is short for `gold: {count: 1}`
    return {"count": value} if isinstance(value, int) and not isinstance(value, bool) else value


class AwardSlot(Strict):
    count: Annotated[int, Field(ge=0)] = 1
    title: Text | None = None
    eligible: Eligibility | None = None


Slot = Annotated[AwardSlot, BeforeValidator(_slot_shorthand)]


class Category(Strict):
    title: Text
    description: Text | None = None
    awards: dict[Slug, Slot] = {}
    designated: dict[Slug, list[Slug]] = {}


class Call(Strict):
    title: Text
    description: Text | None = None
    opens: IsoDate | None = None
    closes: IsoDate | None = None
    judging: Literal["scored", "designated"] = "scored"
    entrant_types: list[Slug] | None = None
    scale: Scale | None = None
    criteria: dict[Slug, Criterion] = {}
    categories: Annotated[dict[Slug, Category], Field(min_length=1)]
    rules: CallRules | None = None


class CycleFile(Strict):
    cycle: Slug
    title: Text
    organiser: Text | None = None
    description: Text | None = None
    scale: Scale = Scale()
    entrant_types: list[Slug] = DEFAULT_ENTRANT_TYPES
    rules: CycleRules = CycleRules()
    calls: Annotated[dict[Slug, Call], Field(min_length=1)]


class Judge(Strict):
    name: Text
    country: Country | None = None
    affiliation: Text | None = None
    calls: list[Slug] | None = None
    conflicts: list[Annotated[str, StringConstraints(min_length=1)]] = []
    voting: bool = True


class JudgesFile(RootModel[dict[Slug, Judge]]):
    model_config = ConfigDict(strict=True, frozen=True, allow_inf_nan=False)


class Entrant(Strict):
    name: Text
    type: Slug
    id: Slug | None = None
    city: Text | None = None
    country: Country

    @property
    def key(self) -> str:
        """Who the entrant is, for `one_award_per: entrant`: its id, else its name."""
        return self.id or self.name.casefold()


class Entry(Strict):
    id: Slug
    call: Slug
    category: Slug
    title: Text
    entrant: Entrant
    submitted: IsoDate
    summary: Annotated[str, StringConstraints(max_length=20000)] | None = None
    url: Text | None = None


class ScoreSheet(Strict):
    """A judge's sheet; the marks under `scores` are read separately (see load.py)."""

    judge: Slug
    round: Slug | None = None
    scores: dict[str, Any]
