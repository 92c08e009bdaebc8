"""Who counts: the rules that decide whether a judge's marks on an entry, or an entry itself, count.

Checks (which warn about each exclusion) and scoring (which applies them) share these functions, so
what validate reports and what rank does can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from .model import Call, CallRules, CycleFile, CycleRules, Entry, Judge


@dataclass(frozen=True)
class Rules:
    """The rules in force for one call: the cycle's, with the call's overrides applied."""

    aggregate: str
    min_judges: int
    tie_break: tuple[str, ...]
    one_award_per: str | None


def rules_for(spec: CycleFile, call: Call) -> Rules:
    base: CycleRules = spec.rules
    override: CallRules = call.rules or CallRules()
    return Rules(
        aggregate=override.aggregate or base.aggregate,
        min_judges=override.min_judges or base.min_judges,
        tie_break=tuple(override.tie_break if override.tie_break is not None else base.tie_break),
        one_award_per=base.one_award_per,
    )


def conflict_pattern(judge: Judge, entry_id: str) -> str | None:
    """The declared conflict (an id or glob pattern) that matches this entry, if any."""
    for pattern in judge.conflicts:
        if fnmatchcase(entry_id, pattern):
            return pattern
    return None


def judge_exclusion(judge: Judge, entry: Entry) -> tuple[str | None, str] | None:
    """Why this judge's marks on this entry do not count, as (diagnostic code or None, reason).

    None if they count. An observer's marks are excluded by design, so they carry no diagnostic.
    """
    if judge.calls is not None and entry.call not in judge.calls:
        return "J403", f"the judge does not judge the {entry.call!r} call"
    pattern = conflict_pattern(judge, entry.id)
    if pattern is not None:
        return "J402", f"the judge declared a conflict ({pattern!r})"
    if not judge.voting:
        return None, "the judge is a non-voting observer"
    return None


def entry_exclusion(entry: Entry, call: Call) -> str | None:
    """Why an entry cannot be ranked at all, whatever its marks; None if it can."""
    if call.closes is not None and entry.submitted > call.closes:
        return f"submitted {entry.submitted.isoformat()}, after the call closed on {call.closes.isoformat()}"
    return None
