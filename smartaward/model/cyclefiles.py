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
    ValidationInfo,
    field_validator,
    model_validator,
)

from smartaward.model.countries import ISO_3166_ALPHA2
from smartaward.text.cells import NOT_IN_MULTI_LINE, NOT_IN_ONE_LINE
from smartaward.text.names import invisible_dropped

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
# A text is the entrants' and organisers' own words, printed on terminals and written into
# spreadsheets and pages: it may hold no control character, bidirectional override or noncharacter
# (cells.py lists them); a one-line text (a title, a name) no tab or line break either. Checked by
# pydantic's own regex engine, as fast as the length; load.schema_problems reports it as S105.
TEXT_PATTERN = f"^[^{NOT_IN_ONE_LINE}]*$"
MULTI_LINE_TEXT_PATTERN = f"^[^{NOT_IN_MULTI_LINE}]*$"
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=TEXT_PATTERN)]
MultiLineText = Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=MULTI_LINE_TEXT_PATTERN)]

_BLANK = re.compile(r"[\s\u2800\U0001d159]+")  # white space, and the symbols that show as a blank


def _someone(value: str) -> str:
    """Who decided must be said in visible characters: a blank or invisible decider would settle a
    result (a designated award given to fewer, a tie) in the name of no one (docs/rules.md)."""
    if not _BLANK.sub("", invisible_dropped(value)):
        raise ValueError("names no one: it has no visible character; write who decided")
    return value


# Who decided (a tie, a designation): a text with at least one visible character.
Decider = Annotated[Text, AfterValidator(_someone)]

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

# How judges' marks combine into an entry's score. Score methods combine each entry's numbers; rank
# methods turn each judge's marks into a ranking (or comparisons) of the category first (docs/rules.md).
SCORE_METHODS = ("mean", "median", "sum", "trimmed-mean", "trimmed-sum", "approval")
RANK_METHODS = ("rank-sum", "borda", "schulze", "kemeny", "copeland", "bradley-terry", "crowd-bt", "majority-judgment",
                "points", "irv", "skating")
Aggregate = Literal["mean", "median", "sum", "trimmed-mean", "trimmed-sum", "approval", "rank-sum", "borda", "schulze", "kemeny",
                    "copeland", "bradley-terry", "crowd-bt", "majority-judgment", "points", "irv", "skating"]
Normalise = Literal["none", "z-score", "percentile", "calibrated"]


def _best_first(table: list[float]) -> list[float]:
    # [1, 2, 3] would silently turn the ranking upside down: the winner would get the fewest points
    for place, (higher, lower) in enumerate(zip(table, table[1:], strict=False), start=2):
        if lower > higher:
            raise ValueError(f"place {place} gets more points ({lower:g}) than place {place - 1} ({higher:g}); "
                             "write the points best place first, none more than the place before")
    if not any(table):
        raise ValueError("every place gets 0 points, so every entry would tie on 0: give the places their points")
    return table


# A positional points table (points: [12, 10, 8, ...]): one number per place, best first.
PointsTable = Annotated[list[Annotated[float, Field(ge=0, le=1e6)]], Field(min_length=1, max_length=1000), AfterValidator(_best_first)]
Decimals = Annotated[int, Field(ge=0, le=6)]
# How a value is rounded to its decimals: half-up (2.675 → 2.68, as most rules print) or half-even
# (banker's rounding: 2.665 → 2.66, 2.675 → 2.68), in decimal, never binary.
Rounding = Literal["half-up", "half-even"]

DEFAULT_ENTRANT_TYPES = ["city", "region", "company", "institution", "organisation", "individual"]


# An empty list or mapping as a field's default, made anew for each model by a factory: pydantic deep-copies
# a literal default for every model it makes (30% of validating an entry, issue 17). The schema still says
# what the default is, as it did for the literal.
_EMPTY_LIST: dict[str, Any] = {"default": []}
_EMPTY_MAPPING: dict[str, Any] = {"default": {}}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


# Bounds that keep every computation finite: marks are checked against a scale within ±1e9 and
# weighted by at most 1e6, so no sum or product can overflow a float.
Bound = Annotated[float, Field(ge=-1e9, le=1e9)]
Factor = Annotated[float, Field(gt=0, le=1e6)]
# A round's weight (combine: weighted, a shortlist's on: mapping): from a millionth up, so that no
# product of a weight and a score leaves the normal floats (a weight of 5e-324 would round every
# score it multiplies to a few steps of 5e-324, and tie entries that differ).
RoundWeight = Annotated[float, Field(ge=1e-6, le=1e6)]


class Scale(Strict):
    """The range of a mark; `step` (if given) is the smallest increment from `min`."""

    min: Bound = Field(0, description="The lowest allowed mark.")
    max: Bound = Field(10, description="The highest allowed mark; above min.")
    step: Annotated[float, Field(gt=0, le=1e9)] | None = Field(
        None, description="If set, a mark must be min + k × step for a whole number k (with step 0.1, 7.3 passes).", examples=[0.5])

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"scale min ({self.min:g}) must be below max ({self.max:g})")
        return self


class Correction(Strict):
    """Marks corrected toward the panel: each judge's total further than `limit` from the panel's
    centre (its mean or median, rounded to the rules' `decimals` where they say) is moved to that limit,
    and the entry's score is the aggregate of the corrected totals (docs/rules.md §4)."""

    around: Literal["mean", "median"] = Field("mean", description="The panel's centre: the mean or the median of its judges' totals.")
    limit: Annotated[float, Field(gt=0, le=1e9)] = Field(
        description="How far a total may be from the centre; one further is moved to centre ± limit.", examples=[3, 2])


class RoundRules(Strict):
    """Judging rules a call or round may override; unset keys fall back to the enclosing rules."""

    aggregate: Aggregate | None = Field(None, description="How judges' marks combine into the entry's score.")
    trim: Annotated[int, Field(ge=0, le=100)] | None = Field(
        None, description="For trimmed-mean and trimmed-sum: how many highest and how many lowest marks to drop.")
    per: Literal["judge", "criterion"] | None = Field(
        None,
        description="judge: each judge's weighted total first, then across judges; criterion: each criterion across judges first, then the weighted total.")
    total: Literal["weighted-mean", "weighted-sum"] | None = Field(None, description="How a judge's criterion marks make one total.")
    normalise: Normalise | None = Field(None, description="Correct for lenient and harsh judges before aggregating.")
    min_scores: Annotated[int, Field(ge=2)] | None = Field(None, description="A judge with fewer totals than this in the call (and round) is not normalised.")
    min_judges: Annotated[int, Field(ge=1)] | None = Field(None, description="An entry with fewer valid judges than this is listed unranked (J404).")
    tie_break: list[TieBreak] | None = Field(
        None,
        description="How equal scores are ordered, each rule tried in turn: criterion:ID, median, count-back, first-places, spread, submitted, chair, shared.",
        examples=[["criterion:impact", "median", "chair", "shared"]])
    points: PointsTable | None = Field(
        None, description="For aggregate: points — the points of each place on a judge's ranking, best first (places beyond the table get 0).",
        examples=[[12, 10, 8, 7, 6, 5, 4, 3, 2, 1]])
    approve: Bound | None = Field(
        None, description="For aggregate: approval — a judge approves an entry whose mark (total) is at least this (default: the highest "
                          "total a judge can give: the scale's maximum, or with criteria their maxima combined as a judge's total is).")
    panel: Literal["entry", "criterion"] | None = Field(
        None, description="entry: a judge marks every criterion of an entry; criterion: a judge may mark only some (a panel that "
                          "changes within a round), each criterion aggregated over the judges who marked it (needs per: criterion).")
    decimals: Decimals | None = Field(
        None, description="Round each criterion's aggregate, its product with the factor, and each score half-up to this many decimals, as the sport "
                          "publishes them.")
    rounding: Rounding | None = Field(None, description="How decimals: rounds: half-up (the default) or half-even.")
    calibration: Annotated[float, Field(gt=0, le=1e6)] | None = Field(
        None, description="For normalise: calibrated — how strongly judge offsets are held towards 0 (ridge strength, in marks).")
    correct: Correction | None = Field(
        None, description="Marks corrected toward the panel: a judge's total further than limit from the panel's mean (or median) "
                          "is moved to that limit before aggregating.", examples=[{"around": "mean", "limit": 3}])


CallRules = RoundRules  # a call overrides the same keys a round does


class DerivedConflicts(Strict):
    """Conflicts found by rule: a judge sharing one of these facts with an entrant does not count."""

    same: list[Literal["country", "city", "affiliation"]] = Field(
        min_length=1, description="The facts a judge must not share with an entrant.", examples=[["country"]])
    severity: Literal["warning", "error"] = Field("warning", description="warning (J410), or error (J411): such marks do not count either way.")


class AssignmentRules(Strict):
    """How `smartaward assign` chooses judges for entries, beyond conflicts, calls, rounds and caps."""

    expertise: Literal["prefer", "require"] = Field(
        "prefer", description="prefer: a judge whose categories or expertise match the entry is preferred (a cost); "
                              "require: only such judges are assigned.")
    different: Literal["affiliation", "country", "city"] | None = Field(
        None, description="No two judges of one entry may share this fact (judges without it are all different).",
        examples=["affiliation", "country"])


class CycleRules(Strict):
    """The judging rules of the cycle; a call or round may override the keys RoundRules has."""

    aggregate: Aggregate = Field("mean", description="How judges' marks combine into the entry's score.")
    trim: Annotated[int, Field(ge=0, le=100)] = Field(0, description="For trimmed-mean and trimmed-sum: how many highest and how many lowest marks to drop.")
    per: Literal["judge", "criterion"] = Field(
        "judge",
        description="judge: each judge's weighted total first, then across judges; criterion: each criterion across judges first, then the weighted total.")
    total: Literal["weighted-mean", "weighted-sum"] = Field("weighted-mean", description="How a judge's criterion marks make one total.")
    normalise: Normalise = Field("none", description="Correct for lenient and harsh judges before aggregating.")
    min_scores: Annotated[int, Field(ge=2)] = Field(5, description="A judge with fewer totals than this in the call (and round) is not normalised.")
    min_judges: Annotated[int, Field(ge=1)] = Field(1, description="An entry with fewer valid judges than this is listed unranked (J404).")
    tie_break: list[TieBreak] = Field(
        ["shared"],
        description="How equal scores are ordered, each rule tried in turn: criterion:ID, median, count-back, first-places, spread, submitted, chair, shared.",
        examples=[["criterion:impact", "median", "chair", "shared"]])
    points: PointsTable | None = Field(
        None, description="For aggregate: points — the points of each place on a judge's ranking, best first (places beyond the table get 0).",
        examples=[[12, 10, 8, 7, 6, 5, 4, 3, 2, 1]])
    approve: Bound | None = Field(
        None, description="For aggregate: approval — a judge approves an entry whose mark (total) is at least this (default: the highest "
                          "total a judge can give: the scale's maximum, or with criteria their maxima combined as a judge's total is).")
    panel: Literal["entry", "criterion"] = Field(
        "entry", description="entry: a judge marks every criterion of an entry; criterion: a judge may mark only some (a panel that "
                             "changes within a round), each criterion aggregated over the judges who marked it (needs per: criterion).")
    decimals: Decimals | None = Field(
        None, description="Round each criterion's aggregate, its product with the factor, and each score half-up to this many decimals, as the sport "
                          "publishes them.")
    rounding: Rounding = Field("half-up", description="How decimals: rounds: half-up (the default) or half-even.")
    calibration: Annotated[float, Field(gt=0, le=1e6)] = Field(
        1.0, description="For normalise: calibrated — how strongly judge offsets are held towards 0 (ridge strength, in marks).")
    correct: Correction | None = Field(
        None, description="Marks corrected toward the panel: a judge's total further than limit from the panel's mean (or median) "
                          "is moved to that limit before aggregating.", examples=[{"around": "mean", "limit": 3}])
    one_award_per: Literal["entrant"] | None = Field(None, description="entrant: an entrant wins at most one award in the whole cycle.")
    max_awards_per_country: Annotated[int, Field(ge=1)] | None = Field(
        None, description="At most this many awards go to entrants of one country in the whole cycle.")
    conflicts: DerivedConflicts | None = Field(
        None, description="Conflicts derived by rule: a judge's marks on an entrant sharing one of these facts do not count.",
        examples=[{"same": ["country"], "severity": "warning"}])
    assignment: AssignmentRules = Field(
        AssignmentRules(), description="How `smartaward assign` chooses the judges of each entry (expertise, diversity).",
        examples=[{"expertise": "prefer", "different": "affiliation"}])


class Criterion(Strict):
    """A criterion judges mark; each judge's total is the weighted mean (or sum) of the marks."""

    title: Text = Field(description="The criterion's name.")
    description: MultiLineText | None = Field(None, description="Descriptive only (for example guidance for judges).")
    weight: Annotated[float, Field(gt=0, le=1e6)] = Field(1, description="The criterion's relative weight in a judge's total; only ratios matter.")
    scale: Scale | None = Field(None, description="The scale of this criterion's marks (default: the call's, else the cycle's).")
    threshold: Bound | None = Field(None, description="An entry whose mean mark on this criterion is below this is not eligible for awards.")


class Measured(Strict):
    """A part of the score that is measured, not judged (distance points, a time bonus, a difficulty
    value): given once per entry and round in a values sheet (`values:`), and added to the judges'
    aggregate by the rules' `total` (docs/rules.md §4, "Measured parts")."""

    title: Text = Field(description="The part's name.")
    description: MultiLineText | None = Field(None, description="Descriptive only.")
    scale: Scale = Field(description="The range of its values; min may be negative (a compensation can take points off).",
                         examples=[{"min": -100, "max": 100, "step": 0.1}])
    weight: RoundWeight = Field(1, description="Its weight beside the judged part (and the other measured parts).")
    rounds: Annotated[list[Slug], Field(min_length=1)] | None = Field(
        None, description="The rounds it is part of (default: every scored round of the call).", examples=[["final"]])


class Eligibility(Strict):
    """Who may take a typed award slot; every key given must match."""

    entrant_type: Annotated[list[Slug], BeforeValidator(_one_or_many)] | None = Field(
        None, description="The entrant's type must be one of these: an entrant type, or a list of them.", examples=["company", ["city", "region"]])
    country: Annotated[list[Country], BeforeValidator(_one_or_many)] | None = Field(
        None, description="The entrant's country must be one of these: an ISO 3166-1 alpha-2 code, or a list of them.",
        examples=["KR", ["NO", "SE", "DK", "FI", "IS"]])


def _slot_shorthand(value: Any) -> Any:
    # `gold: 1` is short for `gold: {count: 1}`
    return {"count": value} if isinstance(value, int) and not isinstance(value, bool) else value


class AwardSlot(Strict):
    count: Annotated[int, Field(ge=0)] = Field(1, description="How many entries receive this award; 0 awards nothing.")
    title: Text | None = Field(None, description="Descriptive only.")
    eligible: Eligibility | None = Field(
        None, description="Who may receive this award; every key given must match (default: everyone).", examples=[{"entrant_type": "company"}])
    min_score: Bound | None = Field(None, description="Below this score the slot stays empty (no award).")


def _designation_shorthand(value: Any) -> Any:
    # `special: [a, b]` is short for `special: {entries: [a, b]}` (no record of who decided)
    return {"entries": value} if isinstance(value, list) else value


class Designation(Strict):
    """A committee's choice for a designated award, with who decided and when."""

    entries: list[Slug] = Field(description="The winning entry ids, in order.")
    decided_by: Decider | None = Field(None, description="Who decided.")
    decided_on: IsoDate | None = Field(None, description="When it was decided: YYYY-MM-DD.", examples=["2024-09-20"])
    note: Text | None = Field(None, description="Descriptive only.")


Designated = Annotated[Designation, BeforeValidator(_designation_shorthand)]


Slot = Annotated[AwardSlot, BeforeValidator(_slot_shorthand)]


class Category(Strict):
    """A category of a call: its entries are ranked together and fill its award slots."""

    title: Text = Field(description="The category's name.")
    description: MultiLineText | None = Field(None, description="Descriptive only.")
    awards: dict[Slug, Slot] = Field(
        {}, description="Award id → slot, in order of precedence: a count (gold: 1) or a mapping.",
        examples=[{"gold": 1, "silver": 2, "corporate": {"count": 1, "eligible": {"entrant_type": "company"}}}])
    designated: dict[Slug, Designated] = Field(
        {}, description="Only where the call has judging: designated. Award id → the winning entry ids: a list, or {entries, decided_by, decided_on, note}.",
        examples=[{"special": ["addis-ababa-leadership"]}])


class Shortlist(Strict):
    """Who goes on to the next round, per category: the top K (all tied at the cut go through),
    or every entry scoring at least the threshold."""

    top: Annotated[int, Field(ge=1)] | None = Field(None, description="The top K entries of each category go on (all tied at the cut go through).")
    threshold: Bound | None = Field(None, description="Every entry scoring at least this goes on.")
    on: Annotated[list[Slug], Field(min_length=1)] | Annotated[dict[Slug, RoundWeight], Field(min_length=1)] | None = Field(
        None, description="The rounds the cut ranks on, this round and earlier ones (default: this round alone): a list, their sum; "
                          "a mapping round → weight, their weighted mean.",
        examples=[["prelim", "semi"], {"stage1": 30, "stage2": 70}])
    decimals: Decimals | None = Field(
        None, description="Round the value the cut ranks on to this many decimals (by `rounding`): ties, the cut and a threshold "
                          "compare the rounded value, as printed rules do.")
    rounding: Rounding | None = Field(None, description="How decimals: rounds: half-up or half-even (default: as the rules' rounding).")

    @model_validator(mode="after")
    def _one(self) -> Shortlist:
        if (self.top is None) == (self.threshold is None):
            raise ValueError("a shortlist needs top: (a number of entries) or threshold: (a score), and not both")
        return self


class Round(Strict):
    """One round of a call's judging."""

    title: Text | None = Field(None, description="Descriptive only.")
    screening: bool = Field(False, description="A pass/fail round: sheets give each entry pass or fail.")
    passes: Literal["all", "majority", "any"] = Field(
        "majority", description="For a screening round: which verdicts let an entry through (majority: at least as many pass as fail).")
    shortlist: Shortlist | None = Field(None, description="Who goes on to the next round: {top: K} or {threshold: X}.", examples=[{"top": 18}])
    weight: RoundWeight = Field(1, description="The round's weight when rounds combine weighted.")
    marking: Literal["scores", "ranks", "pairs"] | None = Field(None, description="As the call's marking, for this round.")
    blind: bool | None = Field(None, description="As the call's blind, for this round.")
    rules: RoundRules | None = Field(None, description="Overrides of the judging rules for this round.")
    criteria: list[Slug] | None = Field(
        None, description="The call's criteria judged in this round (default: all of them).", examples=[["dive1", "dive2", "dive3"]])
    required: bool = Field(
        False, description="Under combine: best — an entry without marks in this round stops here (otherwise it did not start this "
                           "round and goes on).")


class CombineRounds(Strict):
    """combine: over a named subset of the rounds — exactly one of sum, best, weighted."""

    sum: Annotated[list[Slug], Field(min_length=1)] | None = Field(None, description="The sum of these rounds' scores.", examples=[["semi", "final"]])
    best: Annotated[list[Slug], Field(min_length=1)] | None = Field(None, description="The best of these rounds' scores (best of N runs).")
    weighted: Annotated[list[Slug], Field(min_length=1)] | None = Field(
        None, description="The mean of these rounds' scores weighted by each round's weight.")
    decimals: Decimals | None = Field(
        None, description="Round the combined score to this many decimals (by `rounding`): ranking, ties and awards read the rounded "
                          "value, as printed rules do.")
    rounding: Rounding | None = Field(None, description="How decimals: rounds: half-up or half-even (default: as the rules' rounding).")

    @model_validator(mode="after")
    def _one(self) -> CombineRounds:
        given = [key for key in ("sum", "best", "weighted") if getattr(self, key) is not None]
        if len(given) != 1:
            raise ValueError("combine over named rounds takes exactly one of sum, best or weighted, e.g. {sum: [semi, final]}")
        return self

    @property
    def how(self) -> str:
        return "sum" if self.sum is not None else "best" if self.best is not None else "weighted"

    @property
    def rounds(self) -> list[str]:
        return self.sum or self.best or self.weighted or []


class Call(Strict):
    """A call for entries, with its own categories and criteria."""

    title: Text = Field(description="The call's name.")
    description: MultiLineText | None = Field(None, description="Descriptive only.")
    opens: IsoDate | None = Field(
        None, description="The first day for entries, YYYY-MM-DD: an entry submitted before it is an error (J416).", examples=["2024-04-01"])
    closes: IsoDate | None = Field(
        None, description="The last day for entries, YYYY-MM-DD, not before opens: an entry submitted after it is late (J401) and not ranked.",
        examples=["2024-07-14"])
    judging: Literal["scored", "designated"] = Field(
        "scored", description="scored: judges mark the entries; designated: each category names its winners under designated.")
    entrant_types: list[Slug] | None = Field(None, description="The entrant types this call accepts (default: all of the cycle's).")
    scale: Scale | None = Field(None, description="The scale of this call's marks, unless a criterion sets its own (default: the cycle's).")
    criteria: dict[Slug, Criterion] = Field({}, description="Criterion id → criterion. With no criteria, each judge gives one overall mark per entry.")
    categories: Annotated[dict[Slug, Category], Field(min_length=1)] = Field(
        description="Category id → category: every entry of the call is in one, and each is ranked separately.")
    rules: CallRules | None = Field(None, description="Overrides of the cycle's judging rules for this call.")
    marking: Literal["scores", "ranks", "pairs"] = Field(
        "scores", description="ranks: score sheets hold each judge's ranking (1 = best) under `ranks:` instead of marks; "
                              "pairs: they hold comparisons under `pairs:` ([winner, loser]), for copeland, bradley-terry or crowd-bt.")
    measured: dict[Slug, Measured] = Field(
        {}, description="Part id → a part of the score that is measured, not judged: its values come from values sheets "
                        "(`values:`) and are added to the judges' aggregate.",
        examples=[{"distance": {"title": "Distance points", "scale": {"min": 0, "max": 300, "step": 0.1}}}])
    rounds: dict[Slug, Round] = Field({}, description="The rounds of judging, in order; empty: one round.")
    combine: Literal["final-only", "sum", "best", "weighted"] | CombineRounds = Field(
        "final-only", description="How the scored rounds make the final score: final-only, sum, best, weighted, or one of them over "
                                  "named rounds ({sum: [semi, final]}).", examples=["sum", {"sum": ["semi", "final"]}, {"best": ["run1", "run2", "run3"]}])
    blind: bool = Field(False, description="true: judge packets hide the entrant (name, city, country) and show entries by a pseudonymous code.")

    @field_validator("closes")
    @classmethod
    def _closes_after_opening(cls, closes: date | None, info: ValidationInfo) -> date | None:
        # A year typo in closes would otherwise make every entry late (J401), with exit 0.
        opens = info.data.get("opens")
        if closes is not None and opens is not None and closes < opens:
            raise ValueError(f"the call closes on {closes.isoformat()}, before it opens on {opens.isoformat()}")
        return closes


class Decision(Strict):
    """A recorded decision on a tie: the listed entries in this order, best first."""

    tie: Annotated[list[Slug], Field(min_length=2)] = Field(description="The tied entries in the decided order, best first.")
    round: Slug | None = Field(None, description="The round the decision is for (default: any round).")
    decided_by: Decider = Field(description="Who decided.")
    decided_on: IsoDate = Field(description="When it was decided: YYYY-MM-DD.", examples=["2024-09-20"])
    note: Text | None = Field(None, description="Descriptive only.")


def _known_code(value: str) -> str:
    from smartaward.diagnostics import code_problem  # the same rule as --select and --ignore

    problem = code_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


CodePrefix = Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{0,3}$"), AfterValidator(_known_code)]


class ValidateSettings(Strict):
    """How `smartaward validate` treats this cycle (the command line's options add to these)."""

    select: list[CodePrefix] | None = Field(None, description="Report only these codes (or code prefixes: J4, J).", examples=[["S", "R", "J4"]])
    ignore: list[CodePrefix] = Field([], description="Never report these codes (or code prefixes).", examples=[["J401", "M305"]])
    strict: bool = Field(False, description="Warnings fail validation too.")


class CycleFile(Strict):
    """cycle.yaml: the calls, categories, criteria, award slots and judging rules of a cycle."""

    cycle: Slug = Field(description="The cycle's id.", examples=["seoul-smart-city-2024"])
    title: Text = Field(description="The cycle's name, shown on rankings and winner lists.")
    organiser: Text | None = Field(None, description="Descriptive only.")
    description: MultiLineText | None = Field(None, description="Descriptive only.")
    scale: Scale = Field(Scale(), description="The default scale of every mark.", examples=[{"min": 0, "max": 10, "step": 0.5}])
    entrant_types: list[Slug] = Field(
        DEFAULT_ENTRANT_TYPES, description="Every entrant type allowed in the cycle; a list written here replaces the default one.")
    rules: CycleRules = Field(CycleRules(), description="The judging rules; a call or round may override some of them.")
    calls: Annotated[dict[Slug, Call], Field(min_length=1)] = Field(description="Call id → call, in the order of the rankings and of award filling.")
    decisions: list[Decision] = Field([], description="Recorded decisions that break ties (tie_break: chair).")
    validate_: ValidateSettings = Field(ValidateSettings(), alias="validate", description="How smartaward validate treats this cycle.")


class Judge(Strict):
    """A member of the jury."""

    name: Text = Field(description="The judge's name.")
    country: Country | None = Field(
        None, description="ISO 3166-1 alpha-2, upper case (NO stays Norway); used by conflicts: {same: [country]}.", examples=["KR", "NO"])
    affiliation: Text | None = Field(None, description="Used by conflicts: {same: [affiliation]}, compared with the entrant's name.")
    city: Text | None = Field(None, description="Used by conflicts: {same: [city]}, compared with the entrant's city.")
    calls: list[Slug] | None = Field(None, description="The calls this judge judges (default: every call; [] means none).", examples=[["project"]])
    conflicts: list[Annotated[str, StringConstraints(min_length=1, pattern=TEXT_PATTERN)]] = Field(
        [], description="Entries this judge must not judge: entry ids or glob patterns.", examples=[["oslo-*", "bergen-harbour"]])
    voting: bool = Field(True, description="false: an observer, whose marks are checked but never counted.")
    public: bool = Field(True, description="false: the judge's name and id are withheld from every output meant for the public "
                                            "(a stable pseudonym such as 'Judge A' stands in).")
    rounds: list[Slug] | None = Field(
        None, description="The rounds `smartaward assign` may give this judge entries in (default: every round).", examples=[["final"]])
    max_entries: Annotated[int, Field(ge=0)] | None = Field(
        None, description="At most this many entries per round from `smartaward assign` (a cap).", examples=[40])
    min_entries: Annotated[int, Field(ge=0)] | None = Field(
        None, description="At least this many entries per round from `smartaward assign`, where there are enough.", examples=[10])
    categories: list[Slug] | None = Field(
        None, description="Categories this judge knows best: `assign` prefers them for entries of these categories.", examples=[["tech-innovacity"]])
    expertise: list[Slug] = Field(
        default_factory=list, json_schema_extra=_EMPTY_LIST,
        description="Tags of this judge's expertise: `assign` prefers them for entries with one of these tags.", examples=[["mobility", "energy"]])
    contact: Text | None = Field(
        None, description="How the organisers reach the judge (an e-mail address): private, never printed or exported.",
        examples=["claire@example.org"])

    @model_validator(mode="after")
    def _caps_in_order(self) -> Judge:
        if self.min_entries is not None and self.max_entries is not None and self.min_entries > self.max_entries:
            raise ValueError(f"min_entries ({self.min_entries}) is more than max_entries ({self.max_entries})")
        return self


class JudgesFile(RootModel[dict[Slug, Judge]]):
    model_config = ConfigDict(strict=True, frozen=True, allow_inf_nan=False)


class Entrant(Strict):
    """Who submits an entry."""

    name: Text = Field(description="The entrant's name.", examples=["Baguio City"])
    type: Slug = Field(description="One of the cycle's entrant_types.", examples=["city", "company"])
    id: Slug | None = Field(None, description="A stable identity for the entrant across entries, used by one_award_per: entrant.")
    city: Text | None = Field(None, description="Descriptive only.")
    country: Country | None = Field(
        None, description="ISO 3166-1 alpha-2, upper case (NO stays Norway); leave it out where the entrant has none (a wine, a film).",
        examples=["KR", "NO", "PH"])

    @property
    def key(self) -> str:
        """Who the entrant is, for `one_award_per: entrant`: its id, else its name."""
        from smartaward.text.names import canonical  # "Zürich" composed or decomposed, any case: one entrant

        # Two name spaces: an id never meets a name, even one that folds to the same text
        # (id `airco` and name "AIRCO" are two entrants, as docs/format.md says).
        return f"id:{self.id}" if self.id else f"name:{canonical(self.name)}"


class Entry(Strict):
    """One entry: a submission to a call, in one of its categories."""

    id: Slug = Field(description="The entry's id, unique in the cycle; score sheets refer to it.", examples=["baguio-health-governance"])
    call: Slug = Field(description="A call in cycle.yaml.", examples=["project"])
    category: Slug = Field(description="A category of that call.")
    title: Text = Field(description="The entry's title.")
    entrant: Entrant = Field(description="Who submits the entry.")
    submitted: IsoDate | None = Field(
        None, description="The date of submission, YYYY-MM-DD; compared with the call's opens and closes. Required where the call has "
                          "opens or closes, or a tie-break reads it (a diver or a song has none).", examples=["2024-07-01"])
    summary: Annotated[str, StringConstraints(max_length=20000, pattern=MULTI_LINE_TEXT_PATTERN)] | None = Field(
        None, description="Descriptive only (up to 20 000 characters).")
    url: Text | None = Field(None, description="Descriptive only.")
    contact: Text | None = Field(
        None, description="Private: how to reach the entrant (an e-mail address), for the organiser only; never in an export, "
                          "feedback, ranking or packet.", examples=["info@example.org"])
    tags: list[Slug] = Field(default_factory=list, json_schema_extra=_EMPTY_LIST,
                             description="Topics of the entry: `assign` prefers judges with one of them in their expertise.",
                             examples=[["mobility", "health"]])
    factors: dict[Slug, Factor | dict[Slug, Factor]] = Field(
        default_factory=dict, json_schema_extra=_EMPTY_MAPPING,
        description="Factors applied after aggregation (a degree of difficulty): with rounds, round id → a number (the round's score) "
                    "or criterion id → number; without rounds, criterion id → number.",
        examples=[{"final": {"dive1": 3.2, "dive2": 3.0}}, {"dive1": 3.2}])


# A judge's comment on an entry: the judge's own words, as long as an entry's summary may be.
Comment = Annotated[str, StringConstraints(max_length=20000, pattern=MULTI_LINE_TEXT_PATTERN)]


class ScoreSheet(Strict):
    """A judge's sheet: marks under `scores`, or a ranking under `ranks` (1 = best) where the call
    is marked by ranks, or comparisons under `pairs` ([winner, loser]) where it is marked by pairs,
    and optionally the judge's comments under `comments`. The marks are read separately (see load.py)."""

    judge: Slug = Field(description="A judge in judges.yaml.", examples=["j07"])
    round: Slug | None = Field(None, description="The round these marks are for; required where the call has rounds.")
    scores: dict[str, Any] | None = Field(
        None, description="Entry id → marks: one number (a call without criteria), a mapping criterion id → number, or pass or fail in a screening round.")
    ranks: dict[str, Any] | None = Field(
        None, description="Where the call or round has marking: ranks: entry id → the judge's rank for it, 1 = best (ties allowed).")
    # Items are checked one by one (checks/pairs.py, M309), so that one bad pair leaves the rest of the sheet counted.
    pairs: list[Any] | None = Field(
        None, description="Where the call or round has marking: pairs: comparisons, each [winner, loser] (two entry ids: the first "
                          "beats the second); the same pair may be judged again, and each judgment counts.",
        examples=[[["oslo-bikes", "seoul-air"], ["seoul-air", "lyon-trams"]]])
    comments: dict[str, Comment] | None = Field(
        None, description="Entry id → the judge's comment on it (up to 20 000 characters, line breaks allowed); descriptive only, "
                          "shown by explain, never counted.",
        examples=[{"oslo-bikes": "Strong evidence of uptake; the budget section is thin."}])

    @model_validator(mode="after")
    def _one(self) -> ScoreSheet:
        if [self.scores, self.ranks, self.pairs].count(None) != 2:
            raise ValueError("a score sheet needs one of scores: (marks), ranks: (a ranking) or pairs: (comparisons)")
        return self

    @property
    def key(self) -> str:
        return "scores" if self.scores is not None else "ranks" if self.ranks is not None else "pairs"

    @property
    def values(self) -> dict[str, Any]:
        """The marks or ranks by entry id (a pairs sheet's comparisons are read by load.py from `pairs`)."""
        return self.scores if self.scores is not None else self.ranks or {}


class ValuesSheet(Strict):
    """A values sheet: the measured parts of the score (Call.measured), one value per entry and part,
    for one round. The values are read separately (see load.py)."""

    round: Slug | None = Field(None, description="The round these values are for; required where the call has rounds.")
    measured_by: Text | None = Field(None, description="Descriptive only: who measured (a timing system, an official).")
    values: dict[str, Any] = Field(
        description="Entry id → its measured values: part id → number.", examples=[{"oslo-bikes": {"distance": 76.2, "wind": -3.4}}])


class AssignmentFile(Strict):
    """assignments/ROUND.yaml: which entries each judge must mark in one round (written by
    `smartaward assign`, or by hand)."""

    round: Slug | None = Field(None, description="The round; required where the calls have rounds, left out where none has.")
    per_entry: Annotated[int, Field(ge=1, le=1000)] | None = Field(
        None, description="How many judges each entry of the round must have (K).", examples=[3])
    seed: Annotated[int, Field(ge=0)] | None = Field(None, description="Descriptive only: the seed `assign` was run with.")
    judges: dict[Slug, list[Slug]] = Field(
        description="Judge id → the ids of the entries the judge must mark in this round.",
        examples=[{"j01": ["oslo-bikes", "seoul-air"], "j02": ["oslo-bikes"]}])
