"""Cross-file checks: each module yields diagnostics for one family of rules.

A check runs only on what loaded cleanly: a file with a schema error contributes nothing here, so one
mistake is reported once, where it is, rather than again as a broken reference elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from smartaward.checks import (
    assignments,
    countries,
    designations,
    factors,
    identity,
    judging,
    marks,
    measured,
    nearby,
    pairs,
    references,
    rounds,
    rules,
)
from smartaward.diagnostics import Diagnostic, cap_diagnostics, sort_diagnostics, working_on
from smartaward.judging.scoring import Scoring, score_cycle
from smartaward.reading.load import Cycle, Progress, gc_paused

# Each family of checks, given the loaded cycle and its scores (only judging's and assignments' checks read them).
Check = Callable[[Cycle, Scoring], Iterable[Diagnostic]]
FAMILIES: tuple[Check, ...] = (
    lambda cycle, _: references.check(cycle),
    lambda cycle, _: identity.check(cycle),
    lambda cycle, _: rules.check(cycle),
    lambda cycle, _: rounds.check(cycle),
    lambda cycle, _: marks.check(cycle),
    lambda cycle, _: pairs.check(cycle),
    judging.check,
    factors.check,
    measured.check,
    lambda cycle, _: designations.check(cycle),
    assignments.check,
    lambda cycle, _: countries.check(cycle),
)


def run_checks(cycle: Cycle, progress: Progress | None = None, *, cap: bool = True,
               scoring: Scoring | None = None) -> list[Diagnostic]:
    """Every problem of the cycle: those found while loading, then every cross-file check; sorted,
    and at most MAX_PER_FILE_AND_CODE of a code per file, the rest said in one more (see
    diagnostics.cap_diagnostics). `cap=False` keeps every one, for callers that need to know each
    problem's place (an import marks the rows they come from). `scoring`: the cycle's scores, when
    the caller has them (and will rank with them); computed here otherwise."""
    found = nearby.with_suggestions(cycle, cycle.problems)  # loading's problems, with what only the whole cycle can suggest
    working_on.set(f"checking the cycle {cycle.display_root or '.'}")
    if cycle.spec is not None:
        with gc_paused():
            if scoring is None:
                scoring = score_cycle(cycle)
            for done, check in enumerate(FAMILIES, start=1):
                found.extend(check(cycle, scoring))
                if progress is not None:
                    progress("checking", done, len(FAMILIES))
    return cap_diagnostics(found, cycle.omitted) if cap else sort_diagnostics(found)
