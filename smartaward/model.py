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
TieBreak = Annotated[str, StringConstraints(
    pattern=r"^(shared|median|count-back|first-places|spread|submitted|chair|criterion:[a-z0-9][a-z0-9-]*)$")]

# How judges' marks combine into an entry's score. The first five combine numbers; the last four
# turn each judge's marks into a ranking first (see docs/rules.md).
SCORE_METHODS = ("mean", "median", "sum", "trimmed-mean", "trimmed-sum")
RANK_METHODS = ("rank-sum", "borda", "schulze", "kemeny")
Aggregate = Literal["mean", "median", "sum", "trimmed-mean", "trimmed-sum", "rank-sum", "borda", "schulze", "kemeny"]

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


class RoundRules(Strict):
    """Judging rules a call or round may override; unset keys fall back to the enclosing rules."""

    aggregate: Aggregate | None = Field(None, description="How judges' marks combine into the entry's score.")
    trim: Annotated[int, Field(ge=0, le=100)] | None = Field(None, description="For trimmed-mean and trimmed-sum: how many highest and how many lowest marks to drop.")
    per: Literal["judge", "criterion"] | None = Field(None, description="judge: each judge's weighted total first, then across judges; criterion: each criterion across judges first, then the weighted total.")
    total: Literal["weighted-mean", "weighted-sum"] | None = Field(None, description="How a judge's criterion marks make one total.")
    normalise: Literal["none", "z-score", "percentile"] | None = Field(None, description="Correct for lenient and harsh judges before aggregating.")
    min_scores: Annotated[int, Field(ge=2)] | None = Field(None, description="A judge with fewer totals than this in the call (and round) is not normalised.")
    min_judges: Annotated[int, Field(ge=1)] | None = None
    tie_break: list[TieBreak] | None = None


CallRules = RoundRules  # a call overrides the same keys a round does


class DerivedConflicts(Strict):
    """Conflicts found by rule: a judge sharing one of these facts with an entrant does not count."""

    same: list[Literal["country", "city", "affiliation"]] = Field(min_length=1)
    severity: Literal["warning", "error"] = "warning"


class CycleRules(Strict):
    aggregate: Aggregate = "mean"
    trim: Annotated[int, Field(ge=0, le=100)] = 0
    per: Literal["judge", "criterion"] = "judge"
    total: Literal["weighted-mean", "weighted-sum"] = "weighted-mean"
    normalise: Literal["none", "z-score", "percentile"] = "none"
    min_scores: Annotated[int, Field(ge=2)] = 5
    min_judges: Annotated[int, Field(ge=1)] = 1
    tie_break: list[TieBreak] = ["shared"]
    one_award_per: Literal["entrant"] | None = None
    max_awards_per_country: Annotated[int, Field(ge=1)] | None = Field(None, description="At most this many awards go to entrants of one country in the whole cycle.")
    conflicts: DerivedConflicts | None = None


class Criterion(Strict):
    title: Text
    description: Text | None = None
    weight: Annotated[float, Field(gt=0, le=1e6)] = 1
    scale: Scale | None = None
    threshold: Bound | None = Field(None, description="An entry whose mean mark on this criterion is below this is not eligible for awards.")


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
    min_score: Bound | None = Field(None, description="Below this score the slot stays empty (no award).")


def _designation_shorthand(value: Any) -> Any:
    # `special: [a, b]` is short for `special: {entries: [a, b]}` (no record of who decided)
    return {"entries": value} if isinstance(value, list) else value


class Designation(Strict):
    """A committee's choice for a designated award, with who decided and when."""

    entries: list[Slug]
    decided_by: Text | None = None
    decided_on: IsoDate | None = None
    note: Text | None = None


Designated = Annotated[Designation, BeforeValidator(_designation_shorthand)]


Slot = Annotated[AwardSlot, BeforeValidator(_slot_shorthand)]


class Category(Strict):
    title: Text
    description: Text | None = None
    awards: dict[Slug, Slot] = {}
    designated: dict[Slug, Designated] = {}


class Shortlist(Strict):
    """Who goes on to the next round, per category: the top K (all tied at the cut go through),
    or every entry scoring at least the threshold."""

    top: Annotated[int, Field(ge=1)] | None = None
    threshold: Bound | None = None

    @model_validator(mode="after")
    def _one(self) -> Shortlist:
        if (self.top is None) == (self.threshold is None):
            raise ValueError("a shortlist has either top or threshold")
        return self


class Round(Strict):
    """One round of a call's judging."""

    title: Text | None = None
    screening: bool = Field(False, description="A pass/fail round: sheets give each entry pass or fail.")
    passes: Literal["all", "majority", "any"] = Field("majority", description="For a screening round: which verdicts let an entry through (majority: at least as many pass as fail).")
    shortlist: Shortlist | None = None
    weight: Annotated[float, Field(gt=0, le=1e6)] = Field(1, description="The round's weight when rounds combine weighted.")
    marking: Literal["scores", "ranks"] | None = None
    rules: RoundRules | None = None


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
    marking: Literal["scores", "ranks"] = Field("scores", description="ranks: score sheets hold each judge's ranking (1 = best) under `ranks:` instead of marks.")
    rounds: dict[Slug, Round] = Field({}, description="The rounds of judging, in order; empty: one round.")
    combine: Literal["final-only", "sum", "best", "weighted"] = Field("final-only", description="How the scored rounds make the final score.")


class Decision(Strict):
    """A recorded decision on a tie: the listed entries in this order, best first."""

    tie: Annotated[list[Slug], Field(min_length=2)]
    round: Slug | None = None
    decided_by: Text
    decided_on: IsoDate
    note: Text | None = None


def _known_code(value: str) -> str:
    from .diagnostics import CATALOGUE  # a leaf module: no cycle

    if not any(code.startswith(value) for code in CATALOGUE):
        raise ValueError(f"{value!r} is no diagnostic code, nor the start of one (e.g. J401, J4, J)")
    return value


CodePrefix = Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{0,3}$"), AfterValidator(_known_code)]


class ValidateSettings(Strict):
    """How `smartaward validate` treats this cycle (the command line's options add to these)."""

    select: list[CodePrefix] | None = Field(None, description="Report only these codes (or code prefixes: J4, J).")
    ignore: list[CodePrefix] = Field([], description="Never report these codes (or code prefixes).")
    strict: bool = Field(False, description="Warnings fail validation too.")


class CycleFile(Strict):
    cycle: Slug
    title: Text
    organiser: Text | None = None
    description: Text | None = None
    scale: Scale = Scale()
    entrant_types: list[Slug] = DEFAULT_ENTRANT_TYPES
    rules: CycleRules = CycleRules()
    calls: Annotated[dict[Slug, Call], Field(min_length=1)]
    decisions: list[Decision] = Field([], description="Recorded decisions that break ties (tie_break: chair).")
    validate_: ValidateSettings = Field(ValidateSettings(), alias="validate", description="How smartaward validate treats this cycle.")


class Judge(Strict):
    name: Text
    country: Country | None = None
    affiliation: Text | None = None
    city: Text | None = None
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
    """A judge's sheet: marks under `scores`, or a ranking under `ranks` (1 = best) where the call
    is marked by ranks. The values are read separately (see load.py)."""

    judge: Slug
    round: Slug | None = None
    scores: dict[str, Any] | None = None
    ranks: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _one(self) -> ScoreSheet:
        if (self.scores is None) == (self.ranks is None):
            raise ValueError("a score sheet has either scores or ranks")
        return self

    @property
    def key(self) -> str:
        return "scores" if self.scores is not None else "ranks"

    @property
    def values(self) -> dict[str, Any]:
        return self.scores if self.scores is not None else self.ranks  # type: ignore[return-value]
