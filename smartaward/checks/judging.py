"""Judging: deadlines, conflicts (declared and derived), assignments, rounds, panel size, and what
the rules met while scoring (normalisation fallbacks, a method's limit, ties awaiting the chair)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from smartaward.checks import sheetruns
from smartaward.checks.sheetruns import rows_of, sheet_runs
from smartaward.diagnostics import Diagnostic
from smartaward.judging import methods
from smartaward.judging.panel import entry_exclusion, rules_for, stages_of
from smartaward.judging.ranking import rank_cycle
from smartaward.judging.scoring import LATE, NOT_SCREENED, TOO_FEW, Scoring
from smartaward.model.cyclefiles import Call, CycleFile
from smartaward.reading.load import Cycle
from smartaward.reading.source import PathKey


def check(cycle: Cycle, scoring: Scoring) -> Iterator[Diagnostic]:
    """`scoring` is the cycle's scores as ranking uses them, handed over by the caller, so that the
    checks report exactly what the ranking applies."""
    spec = cycle.spec
    assert spec is not None
    yield from _dates(cycle, spec)
    any_rounds = any(call.rounds for call in spec.calls.values())
    for sheet in cycle.sheets:
        if sheet.round is not None and not any_rounds:
            yield sheet.doc.diagnostic(("round",), "J407", f"round {sheet.round!r} is named, but no call defines rounds")
    misfiled: set[str] = set()  # entries with marks in a sheet whose round does not fit (J408, J409)
    yield from _misfiled_marks(cycle, spec, any_rounds, misfiled)
    yield from _excluded_lines(cycle, scoring)
    yield from _rule_outcomes(cycle, spec, scoring)

    if cycle.broken_judges or cycle.broken_entries or {"judges", "scores", "entries"} & cycle.unreadable:
        # Panels cannot be counted while judges.yaml or a sheet has errors, nor rounds judged while an
        # entry cannot be read (a shortlist without it lets another entry through, which would then
        # be reported short of marks); those errors are reported, and these outcomes once they are fixed.
        return
    yield from _marks_after_elimination(cycle, scoring, misfiled)
    yield from _not_ranked(cycle, scoring, misfiled)


def _dates(cycle: Cycle, spec: CycleFile) -> Iterator[Diagnostic]:
    """Entries submitted before their call opened (J416) or after it closed (J401)."""
    for record in cycle.entry_index.values():
        entry = record.entry
        call = spec.calls.get(entry.call)
        if call is None:
            continue
        if entry.submitted is None:
            if (why := _date_needed(spec, call)) is not None:
                yield record.doc.diagnostic(record.path, "S101", f"missing required key 'submitted': {why}")
            continue
        if call.opens is not None and entry.submitted < call.opens:
            # An impossible date is an error, not a detail: the earliest date wins a `submitted` tie-break.
            yield record.doc.diagnostic(record.path + ("submitted",), "J416", f"{entry.id!r} was submitted {entry.submitted.isoformat()}, "
                                        f"before the {entry.call!r} call opened on {call.opens.isoformat()}; correct the date "
                                        "(the earliest date wins a submitted tie-break)")
        elif (late := entry_exclusion(entry, call)) is not None:
            yield record.doc.diagnostic(record.path + ("submitted",), "J401", f"{entry.id!r} was {late}; it is not eligible to be ranked or awarded")


def _date_needed(spec: CycleFile, call: Call) -> str | None:
    """Why an entry of this call must say when it was submitted (None: it need not, as a dive or a song)."""
    if call.opens is not None or call.closes is not None:
        return "the call has an opening or closing date"
    # the chains in force (a call's own chain replaces the cycle's), as the ranking reads them
    if any("submitted" in rules_for(spec, call, round_id).tie_break for round_id in stages_of(call)):
        return "a tie-break of the call reads it (submitted)"
    return None


def _misfiled_marks(cycle: Cycle, spec: CycleFile, any_rounds: bool, misfiled: set[str]) -> Iterator[Diagnostic]:
    """Marks for an entry of a designated call (J406); entries with marks in a sheet whose round
    does not fit their call are added to `misfiled` (J408 and J409 are reported elsewhere)."""
    for sheet_no, entry_id, _ in _unproven_rows(cycle, spec, any_rounds):
        record = cycle.entry_index.get(entry_id)
        call = spec.calls.get(record.entry.call) if record is not None else None
        if record is None or call is None:
            continue
        sheet = cycle.sheets[sheet_no]
        if call.judging == "designated":
            yield sheet.doc.diagnostic(sheet.path(entry_id), "J406", f"{entry_id!r} is in the {record.entry.call!r} call, whose awards are designated; these "
                                                                     "marks are ignored", key=True)
        elif any_rounds and (sheet.round not in call.rounds if sheet.round is not None else bool(call.rounds)):
            misfiled.add(entry_id)


def _unproven_rows(cycle: Cycle, spec: CycleFile, any_rounds: bool) -> Iterator[tuple[int, str, Any]]:
    """The rows to look at one by one for J406 and misfiled marks: a sheet whose entries are all of
    one scored call whose rounds fit the sheet's yields none (sheetruns.py)."""
    for sheet_no, entries, lines, call_id in sheet_runs(cycle):
        call = spec.calls.get(call_id) if call_id is not None else None
        if sheetruns.WHOLE_SHEETS and call is not None and call.judging != "designated":
            round_id = cycle.sheets[sheet_no].round
            if not (any_rounds and (round_id not in call.rounds if round_id is not None else bool(call.rounds))):
                continue
        yield from rows_of(sheet_no, entries, lines)


def _excluded_lines(cycle: Cycle, scoring: Scoring) -> Iterator[Diagnostic]:
    """Marks excluded by a rule (conflict, call not judged), as scoring applied them: reported on
    the entry's line in the judge's sheet for that round. Late entries are in no round, but their
    lines are read all the same."""
    results = [r for stage in scoring.stages for r in stage.results.values()]
    results += [r for r in scoring.finals.values() if r.status == LATE]
    for result in results:
        for line in result.not_counted():  # (a line that counts has no code)
            if line.code is not None:
                sheet = cycle.sheets[line.sheet]
                reason = line.excluded or ""
                yield sheet.doc.diagnostic(sheet.path(result.entry.id), line.code, f"{reason[0].upper()}{reason[1:]}: the marks of judge {line.judge!r} on "
                                                                                   f"{result.entry.id!r} are not counted", key=True)


def _not_ranked(cycle: Cycle, scoring: Scoring, misfiled: set[str]) -> Iterator[Diagnostic]:
    """Entries with no verdict in a screening round (J415), or too few counted marks (J404)."""
    for result in scoring.finals.values():
        if result.status == NOT_SCREENED and result.entry.id not in misfiled:
            record = cycle.entry_index[result.entry.id]
            yield record.doc.diagnostic(record.path + ("id",), "J415", f"{result.entry.id!r} has no verdict in the {result.round!r} screening round, so it "
                                                                       "goes no further; add a pass or fail for it to a screening sheet")
            continue
        # Each round it had too few judges in: the one it stopped in, or, under combine: best, a
        # round that does not count while the entry goes on (the final result may be a copy).
        too_few = [stage for stage in result.stages or [result] if stage.status == TOO_FEW]
        # (pending: marks waiting for a fix, not a number or the wrong round; counted once it is made)
        if not too_few or result.pending or result.entry.id in misfiled:
            continue
        for stage in too_few:
            record = cycle.entry_index[result.entry.id]
            where = f" in the {stage.round!r} round" if stage.round is not None else ""
            outcome = "so it will not be ranked" if stage is result or result.reason is not None else "so that round does not count"
            yield record.doc.diagnostic(record.path + ("id",), "J404", f"{result.entry.id!r}: {stage.reason}{where}, {outcome}")


def _marks_after_elimination(cycle: Cycle, scoring: Scoring, misfiled: set[str]) -> Iterator[Diagnostic]:
    """Marks for an entry in a round it never reached: on the entry's line in each such sheet."""
    for result in scoring.finals.values():
        if not result.unreached or result.pending or result.entry.id in misfiled:
            continue  # a stop that may be undone by fixing a mark or a sheet's round is not final
        entry_id = result.entry.id
        for missed in result.unreached:
            for line in missed.lines.values():
                sheet = cycle.sheets[line.sheet]
                yield sheet.doc.diagnostic(sheet.path(entry_id), "J417", f"not counted: {entry_id!r} did not reach the {missed.round!r} round, so the marks of "
                                                                         f"judge {line.judge!r} on it are not counted (it stopped: {result.reason}); if they "
                                                                         "were meant for another entry, correct the id", key=True)


def rule_path(spec: CycleFile, call_id: str, round_id: str | None, key: str) -> PathKey:
    """Where a rule in force for a call (and round) is written: the round's, the call's or the cycle's."""
    call = spec.calls[call_id]
    if round_id is not None:
        rules = call.rounds[round_id].rules
        if rules is not None and getattr(rules, key) is not None:
            return ("calls", call_id, "rounds", round_id, "rules", key)
    if call.rules is not None and getattr(call.rules, key) is not None:
        return ("calls", call_id, "rules", key)
    return ("rules", key)


def limit_advice(method: str, why: str = "") -> str:
    """What the organisers can do when `method` leaves a category unranked (J413): each method has
    one limit, a number of entries (kemeny, skating, irv) or a fit that did not settle."""
    if "pairwise contests" in why:  # the comparisons' budget (any pairwise method), not the entries
        return "shortlist fewer entries, or choose points or borda (they read each ballot once)"
    if method == "kemeny":
        return f"shortlist at most {methods.KEMENY_LIMIT} entries for a kemeny round, or choose schulze"
    if method == "skating":
        return f"shortlist at most {methods.SKATING_LIMIT:,} entries for a skating round, or choose rank-sum"
    if method == "irv":
        # not schulze: its strongest paths grow with the cube of the entries (it has its own, lower bound)
        return f"shortlist at most {methods.IRV_LIMIT} entries for an irv round, or choose points or borda (no bound on entries)"
    if method == "schulze":
        return f"shortlist at most {methods.SCHULZE_LIMIT} entries for a schulze round, or choose points or borda (no bound on entries)"
    if method == "crowd-bt":
        return "choose bradley-terry (no judge reliability, and its fit always settles) or copeland"
    return "choose copeland or schulze"  # bradley-terry: a convex fit, it settles unless the data are extreme


def _rule_outcomes(cycle: Cycle, spec: CycleFile, scoring: Scoring) -> Iterator[Diagnostic]:
    doc = cycle.cycle_doc
    assert doc is not None
    sheet_of = {(s.judge, s.round): s for s in reversed(cycle.sheets)}  # the first sheet wins
    for stage in scoring.stages:
        for judge_id, why in stage.not_normalised.items():
            sheet = sheet_of.get((judge_id, stage.round))
            if sheet is not None:
                raw = "" if why.endswith("scale") else "; they count raw"
                yield sheet.doc.diagnostic(("judge",), "J414", f"the marks of judge {judge_id!r} are not normalised by {stage.rules.normalise}: {why}{raw}")
        for category, why in stage.limits.items():
            path = rule_path(spec, stage.call, stage.round, "aggregate")
            yield doc.diagnostic(path, "J413", f"{stage.call}/{category}: {why}; {limit_advice(stage.rules.aggregate, why)}")
    # Ties that reach `chair` with no recorded decision: the organisers must record one.
    for stage in scoring.stages:
        for group in stage.awaiting_chair:
            position = list(stage.rules.tie_break).index("chair")
            path = rule_path(spec, stage.call, stage.round, "tie_break")
            yield doc.diagnostic(path + (position,), "J412", f"{', '.join(group)} are tied at the cut of the {stage.round!r} round's shortlist and await the "
                                                             "chair's decision; record it under decisions: in cycle.yaml")
    if not any("chair" in stage.rules.tie_break for stage in scoring.stages):
        return
    for ranking in rank_cycle(cycle, scoring):
        last = [s for s in scoring.stages if s.call == ranking.call][-1]
        for group in ranking.awaiting_chair:
            path = rule_path(spec, ranking.call, last.round, "tie_break")
            position = list(last.rules.tie_break).index("chair")
            yield doc.diagnostic(path + (position,), "J412", f"{ranking.call}/{ranking.category}: {', '.join(group)} are tied and await the chair's decision; "
                                                             "record it under decisions: in cycle.yaml")
